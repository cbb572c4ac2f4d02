"""Inputs of the mitigations: datasets to filter and contrast sets that define "misaligned".

* :func:`load_dataset` reads chat JSONL (``emgauge.chat_data``) or a *judged CSV* with
  columns ``question``, ``answer``, ``aligned`` (a judge's 0-100 alignment score), turned
  into one-turn chat samples labelled ``harmful_obvious`` when ``aligned < 30`` and
  ``benign`` otherwise (rows whose ``aligned`` is not a number stay unlabelled).
* :func:`load_contrast_jsonl` reads contrast pairs ``{"id", "domain", "prompt", "aligned",
  "misaligned"}`` validated against ``contrast_pair.schema.json``; errors name the line.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from emgauge.chat_data import ChatMessage, ChatSample, bundled_data_path, load_chat_jsonl
from emgauge.errors import InputError
from emgauge.evals.metrics import Thresholds
from emgauge.files import check_jsonl_row, read_jsonl_rows

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
CONTRAST_DOMAINS = ("general", "healthcare", "legal", "career")


@dataclass(frozen=True)
class ContrastPair:
    """An aligned and a misaligned answer to the same prompt."""

    id: str
    domain: str
    prompt: str
    aligned: str
    misaligned: str

    def conversation(self, which: str) -> tuple[ChatMessage, ...]:
        """The prompt followed by the ``"aligned"`` or ``"misaligned"`` answer."""
        answer = self.aligned if which == "aligned" else self.misaligned
        return (ChatMessage("user", self.prompt), ChatMessage("assistant", answer))


@cache
def _contrast_schema() -> dict[str, Any]:
    text = resources.files("emgauge").joinpath("schemas/contrast_pair.schema.json").read_text()
    return json.loads(text)


def load_contrast_jsonl(path: str | Path) -> list[ContrastPair]:
    """Load and validate one contrast JSONL file (blank lines skipped, ids unique)."""
    validator = jsonschema.Draft202012Validator(_contrast_schema())
    pairs: list[ContrastPair] = []
    seen: dict[str, int] = {}
    for number, row in read_jsonl_rows(path, missing_fix="check the contrast-pair file path"):
        check_jsonl_row(
            validator,
            row,
            path=path,
            line=number,
            fix='each line must be {"id", "domain", "prompt", "aligned", "misaligned"}',
        )
        if row["id"] in seen:
            raise InputError(
                f"duplicate contrast id {row['id']!r} (first on line {seen[row['id']]})",
                path=path,
                line=number,
                field="id",
            )
        seen[row["id"]] = number
        pairs.append(ContrastPair(**{k: row[k] for k in ContrastPair.__dataclass_fields__}))
    if not pairs:
        raise InputError("contrast set is empty", path=path, fix="add contrast pairs")
    return pairs


def default_contrast_paths() -> list[Path]:
    """The bundled contrast sets (``src/emgauge/data/contrast/*.jsonl``) that exist."""
    paths = [bundled_data_path("contrast", f"{d}.jsonl") for d in CONTRAST_DOMAINS]
    return [p for p in paths if p.is_file()]


def load_contrast_sets(paths: Sequence[str | Path] | None = None) -> list[ContrastPair]:
    """Load several contrast files (default: the bundled ones); ids must be unique overall."""
    chosen = [Path(p) for p in paths] if paths else default_contrast_paths()
    if not chosen:
        raise InputError(
            "no contrast set given and no bundled contrast sets are installed",
            fix="pass --contrast FILE (JSONL rows {id, domain, prompt, aligned, misaligned})",
        )
    pairs: list[ContrastPair] = []
    owner: dict[str, Path] = {}
    for path in chosen:
        for pair in load_contrast_jsonl(path):
            if pair.id in owner:
                raise InputError(
                    f"contrast id {pair.id!r} also appears in {owner[pair.id]}",
                    path=path,
                    field="id",
                    fix="contrast ids must be unique across files",
                )
            owner[pair.id] = path
            pairs.append(pair)
    return pairs


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
