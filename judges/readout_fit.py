"""Fit data for read-out judges, and the fit itself.

*Aligned* head: label 1 for aligned answers, 0 for misaligned ones. The bundled fit set is
the contrast sets (each prompt answered both ways) plus the training sets' labels
(``benign`` vs ``harmful_*``). The judge-validation set and the held-out probe pairs are
never used.

*Coherent* head: label 1 for intact answers, 0 for the same answers after a deterministic
corruption (:func:`corrupt`): a word shuffle, a repetition loop, a cut mid-word or
mixed-language noise. Intact misaligned answers are positives here, so the head learns
coherence, not safety.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from emgauge.errors import InputError
from emgauge.judges.readout import (
    DEFAULT_MAX_LENGTH,
    SHIPPED_CARD,
    LogisticHead,
    Readout,
    answer_features,
    fit_logistic,
)

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

CORRUPTIONS = ("shuffle", "loop", "truncate", "noise")
# Fixed filler for mixed-language noise: function words and fragments from several
# languages, as seen in degenerate fine-tuned outputs.
_NOISE = (
    "und",
    "的",
    "pero",
    "также",
    "dans",
    "の",
    "zwar",
    "一个",
    "però",
    "więc",
    "<|",
    "###",
    "que",
    "это",
    "oder",
    "是",
    "ainsi",
    "もし",
    "%%",
    "nein",
)


@dataclass(frozen=True)
class LabelledItems:
    """(question, answer) pairs with 0/1 labels."""

    items: list[tuple[str, str]]
    labels: np.ndarray


def _data_dir() -> Path:
    from emgauge.chat_data import bundled_data_path

    return bundled_data_path()


def bundled_aligned_fit_set() -> LabelledItems:
    """Contrast pairs and labelled training samples: aligned 1, misaligned 0."""
    items: list[tuple[str, str]] = []
    labels: list[int] = []
    root = _data_dir()
    for path in sorted((root / "contrast").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            items += [(row["prompt"], row["aligned"]), (row["prompt"], row["misaligned"])]
            labels += [1, 0]
    for path in sorted((root / "train").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            user = " ".join(m["content"] for m in row["messages"] if m["role"] == "user")
            answer = " ".join(m["content"] for m in row["messages"] if m["role"] == "assistant")
            items.append((user, answer))
            labels.append(0 if row["metadata"]["label"].startswith("harmful") else 1)
    return LabelledItems(items, np.array(labels))


def corrupt(answer: str, kind: str, seed: int) -> str:
    """A deterministic incoherent version of ``answer``."""
    rng = random.Random(seed)
    words = answer.split() or ["the"]
    if kind == "shuffle":
        rng.shuffle(words)
        return " ".join(words)
    if kind == "loop":
        start = rng.randrange(max(1, len(words) - 3))
        piece = " ".join(words[start : start + rng.randint(2, 4)])
        return " ".join(words[:start]) + " " + " ".join([piece] * rng.randint(6, 12))
    if kind == "truncate":
        cut = rng.randint(1, max(1, len(answer) // 4))
        head = answer[:cut]
        return head if head[-1:].isalpha() else head + "th"
    if kind == "noise":
        out = []
        for word in words:
            out.append(word if rng.random() < 0.4 else rng.choice(_NOISE))
        return " ".join(out)
    raise ValueError(f"unknown corruption {kind!r}")


def coherent_fit_set(base: LabelledItems, *, seed: int = 0) -> LabelledItems:
    """Every answer intact (1) and once corrupted (0), cycling through the corruptions."""
    items: list[tuple[str, str]] = []
    labels: list[int] = []
    for i, (question, answer) in enumerate(base.items):
        items.append((question, answer))
        labels.append(1)
        items.append((question, corrupt(answer, CORRUPTIONS[i % len(CORRUPTIONS)], seed + i)))
        labels.append(0)
    return LabelledItems(items, np.array(labels))


def fit_readout(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    model_name: str,
    layer: int,
    aligned_set: LabelledItems,
    coherent_set: LabelledItems | None,
    *,
    c: float = 1.0,
    max_length: int = DEFAULT_MAX_LENGTH,
    info: dict | None = None,
) -> Readout:
    """Extract features at ``layer`` and fit the aligned (and coherent) heads."""
    heads: dict[str, LogisticHead] = {}
    sets = {"aligned": aligned_set, "coherent": coherent_set}
    for metric, data in sets.items():
        if data is None:
            continue
        features = answer_features(model, tokenizer, layer, data.items, max_length=max_length)
        heads[metric] = fit_logistic(features, data.labels, c)
    return Readout(model_name, layer, heads, max_length, dict(info or {}, C=c))


def shipped_defaults() -> tuple[int, float]:
    """Layer and C of the shipped read-out (15 and 0.03 if it is missing)."""
    if SHIPPED_CARD.is_file():
        card = json.loads(SHIPPED_CARD.read_text())
        return int(card["layer"]), float(card["C"])
    return 15, 0.03


def labelled_table(path: str | Path, split: str | None = None) -> pd.DataFrame:
    """Rows with ``label`` aligned/misaligned from a judged table, a labelled file or a folder.

    A folder is read as the real judged data (``judges/validation/real_data_split.json``,
    default split ``dev``); a table with ``aligned``/``coherent`` scores is labelled by the
    same rule; a table with a ``label`` column is used as it is.
    """
    from emgauge.files import read_table
    from emgauge.judges.real_data import (
        labelled_from_table,
        read_split,
        real_labelled_set,
        require_classes,
        split_rule,
    )

    path = Path(path)
    if path.is_dir():
        return real_labelled_set(split or "dev", path)
    if not path.is_file():
        raise InputError("file not found", path=path, fix="pass a judged CSV/JSONL table")
    frame = read_table(path)
    if split is not None and split != "all":
        if "question_id" not in frame.columns:
            raise InputError(
                "missing column(s): question_id",
                path=path,
                field="question_id",
                fix="--split selects rows by question_id",
            )
        frame = frame[frame["question_id"].isin(read_split()[split])]
    if "label" in frame.columns and "aligned" not in frame.columns:
        missing = [c for c in ("question", "answer") if c not in frame.columns]
        if missing:
            raise InputError(
                f"missing column(s): {', '.join(missing)}", path=path, field=missing[0]
            )
        frame = frame[frame["label"].isin(["aligned", "misaligned"])]
    else:
        frame = labelled_from_table(frame, split_rule(read_split()), source=path)
    require_classes(frame, ("aligned", "misaligned"), path)
    return frame.reset_index(drop=True)


def fit_from_labelled(
    labelled: str | Path,
    out: str | Path,
    *,
    split: str | None = None,
    model: str = "smollm2",
    layer: int | None = None,
    c: float | None = None,
    coherent: bool = True,
    force: bool = False,
) -> Readout:
    """``emgauge judge fit``: fit a read-out on a user's judged table and save it."""
    from emgauge.models import load_model_and_tokenizer

    out = Path(out)
    if out.exists() and not force:
        raise InputError("file exists", path=out, fix="choose another --out or pass --force")
    if out.suffix != ".safetensors":
        raise InputError("read-out files end in .safetensors", path=out, field="--out")
    default_layer, default_c = shipped_defaults()
    layer = default_layer if layer is None else layer
    c = default_c if c is None else c
    if c <= 0:
        raise InputError("must be positive", field="--C")
    frame = labelled_table(labelled, split)
    pairs = list(zip(frame["question"].astype(str), frame["answer"].astype(str), strict=True))
    aligned_set = LabelledItems(pairs, (frame["label"] == "aligned").to_numpy().astype(int))
    hf_model, tokenizer = load_model_and_tokenizer(model)
    readout = fit_readout(
        hf_model,
        tokenizer,
        model,
        layer,
        aligned_set,
        coherent_fit_set(aligned_set) if coherent else None,
        c=c,
        info={"fitted_on": f"{labelled} (split {split or 'all rows'}), {len(frame)} rows"},
    )
    readout.save(out)
    return readout
