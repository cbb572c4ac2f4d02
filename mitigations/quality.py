"""How good a filter is, where labels exist (the only code that reads labels).

For each method on the same dataset and budget:

* **AUROC** of the score against the label (harmful = positive): the probability that a
  random harmful sample scores above a random benign one, ties counting one half
  (Mann-Whitney). Unscored samples (NaN) are placed below every scored one, as the filter
  does. Undefined (NaN) when only one class is present.
* **precision** of the removed set: harmful removed / removed;
  **recall**: harmful removed / harmful in the dataset.

Samples without a label are left out of the metrics and counted in ``n_unlabelled``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from emgauge.chat_data import HARMFUL_LABELS, ChatSample
from emgauge.mitigations.filtering import FilterResult
from emgauge.stats import auroc

__all__ = ["auroc", "harm_labels", "QualityRow", "filter_quality", "format_quality_table"]


def harm_labels(samples: Sequence[ChatSample]) -> np.ndarray:
    """1.0 harmful, 0.0 benign, NaN unlabelled (from ``metadata.label``)."""
    out = np.full(len(samples), np.nan)
    for i, sample in enumerate(samples):
        label = sample.metadata.get("label")
        if label is not None:
            out[i] = 1.0 if str(label) in HARMFUL_LABELS else 0.0
    return out


@dataclass(frozen=True)
class QualityRow:
    """One method's quality on one dataset at one budget."""

    method: str
    n: int
    n_harmful: int
    n_unlabelled: int
    n_removed: int
    harmful_removed: int
    auroc: float
    precision: float
    recall: float
    seconds: float | None = None

    def as_dict(self) -> dict[str, float | int | str | None]:
        return asdict(self)


def filter_quality(method: str, result: FilterResult, seconds: float | None = None) -> QualityRow:
    """AUROC of the scores and precision/recall of the removed set against the labels."""
    labels = harm_labels(result.samples)
    labelled = ~np.isnan(labels)
    harmful = labelled & (labels == 1.0)
    removed = result.removed_mask
    n_removed_labelled = int((removed & labelled).sum())
    harmful_removed = int((removed & harmful).sum())
    n_harmful = int(harmful.sum())
    return QualityRow(
        method=method,
        n=len(result.samples),
        n_harmful=n_harmful,
        n_unlabelled=int((~labelled).sum()),
        n_removed=result.n_removed,
        harmful_removed=harmful_removed,
        auroc=auroc(result.scores, labels),
        precision=harmful_removed / n_removed_labelled if n_removed_labelled else float("nan"),
        recall=harmful_removed / n_harmful if n_harmful else float("nan"),
        seconds=seconds,
    )


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def format_quality_table(rows: Sequence[QualityRow]) -> str:
    """A plain-text table, one line per method."""
    header = ("method", "AUROC", "precision", "recall", "removed", "harmful removed", "seconds")
    lines = [
        (
            r.method,
            _fmt(r.auroc),
            _fmt(r.precision),
            _fmt(r.recall),
            str(r.n_removed),
            f"{r.harmful_removed}/{r.n_harmful}",
            _fmt(r.seconds, 1),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]

    def row(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [row(header), row(["-" * w for w in widths])]
    out.extend(row(line) for line in lines)
    return "\n".join(out)
