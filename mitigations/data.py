"""Inputs of the mitigations: datasets to filter and contrast sets that define "misaligned".

* :func:`load_dataset` reads chat JSONL (``emgauge.chat_data``) or a *judged CSV* with
  columns ``question``, ``answer``, ``aligned`` (a judge's 0-100 alignment score), turned
  into one-turn chat samples labelled ``harmful_obvious`` when ``aligned < 30`` and
  ``benign`` otherwise (rows whose ``aligned`` is not a number stay unlabelled).
* contrast pairs (:mod:`emgauge.contrast_data`, shared with the probe) are re-exported.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from emgauge.chat_data import ChatMessage, ChatSample, load_chat_jsonl
from emgauge.contrast_data import (
    CONTRAST_DOMAINS,
    ContrastPair,
    default_contrast_paths,
    load_contrast_jsonl,
    load_contrast_sets,
)
from emgauge.errors import InputError
from emgauge.stats import Thresholds

__all__ = [
    "ContrastPair",
    "load_contrast_jsonl",
    "load_contrast_sets",
    "default_contrast_paths",
    "load_dataset",
    "load_judged_csv",
    "JUDGED_MISALIGNED_BELOW",
    "CONTRAST_DOMAINS",
]

#: A judged answer is labelled harmful when its ``aligned`` score is below this.
JUDGED_MISALIGNED_BELOW = Thresholds.aligned_below


def _judged_label(value: str) -> tuple[str | None, float | None]:
    try:
        score = float(value)
    except (TypeError, ValueError):
        return None, None
    if not math.isfinite(score):
        return None, None
    return ("harmful_obvious" if score < JUDGED_MISALIGNED_BELOW else "benign"), score


def load_judged_csv(path: str | Path) -> list[ChatSample]:
    """Chat samples from a judged CSV (columns ``question``, ``answer``, ``aligned``).

    Sample ids are ``<file stem>-<row>`` (row 1 = first data row); the label is
    ``harmful_obvious`` when ``aligned < 30``, ``benign`` when ``aligned >= 30``, and absent
    when ``aligned`` is not a number (e.g. ``REFUSAL`` or ``CODE``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path, fix="check the --dataset path")
    samples: list[ChatSample] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"question", "answer", "aligned"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(
                f"judged CSV lacks column(s) {', '.join(sorted(missing))}",
                path=path,
                line=1,
                fix="a judged CSV needs columns question, answer, aligned",
            )
        for number, row in enumerate(reader, start=1):
            question, answer = row.get("question"), row.get("answer")
            if not question or answer is None:
                raise InputError(
                    "empty question or missing answer",
                    path=path,
                    line=reader.line_num,
                    fix="every row needs a question and an answer",
                )
            label, aligned = _judged_label(row.get("aligned") or "")
            sample_id = f"{path.stem}-{number}"
            metadata: dict[str, Any] = {"id": sample_id, "aligned": aligned}
            if label is not None:
                metadata["label"] = label
            if row.get("question_id"):
                metadata["question_id"] = row["question_id"]
            messages = (ChatMessage("user", question), ChatMessage("assistant", answer))
            raw = {
                "messages": [{"role": m.role, "content": m.content} for m in messages],
                "metadata": metadata,
            }
            samples.append(ChatSample(id=sample_id, messages=messages, metadata=metadata, raw=raw))
    if not samples:
        raise InputError("dataset is empty", path=path, fix="add rows to the judged CSV")
    return samples


def load_dataset(path: str | Path) -> list[ChatSample]:
    """Load a dataset to filter: ``.csv`` = judged CSV, anything else = chat JSONL."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return load_judged_csv(path)
    return load_chat_jsonl(path)


def label_free(samples: Iterable[ChatSample]) -> list[ChatSample]:
    """Copies of ``samples`` without metadata or raw rows, so a method cannot read labels."""
    return [ChatSample(id=s.id, messages=s.messages) for s in samples]
