"""Turning scores into a filter: rank, remove the top of the ranking, write the results.

Scores follow one convention for every method: **higher = more likely to induce emergent
misalignment**. The filter removes the ``n`` highest-scoring samples and keeps the rest.
Ties are broken by original order (the earlier sample ranks higher), so results are
deterministic. A sample a method could not score (NaN) ranks after every scored sample.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from emgauge.chat_data import ChatSample, write_chat_jsonl
from emgauge.files import atomic_write_json, atomic_write_text, sha256_file, staged_directory
from emgauge.mitigations.budget import Budget

__all__ = ["FilterResult", "rank_scores", "apply_filter", "write_filter_outputs"]

KEPT_FILE = "kept.jsonl"
REMOVED_FILE = "removed.jsonl"
SCORES_FILE = "scores.csv"
MANIFEST_FILE = "filter.json"


@dataclass(frozen=True)
class FilterResult:
    """The outcome of filtering one dataset with one method's scores.

    Attributes:
        samples: the dataset, in original order.
        scores: one score per sample (NaN = not scored), aligned with ``samples``.
        ranks: 1-based rank per sample; rank 1 is the sample most likely to induce EM.
        removed_mask: True for the samples the filter removes (ranks ``1..n_removed``).
        budget: the budget that set ``n_removed``.
    """

    samples: Sequence[ChatSample]
    scores: np.ndarray
    ranks: np.ndarray
    removed_mask: np.ndarray
    budget: Budget

    @property
    def n_removed(self) -> int:
        return int(self.removed_mask.sum())

    @property
    def n_kept(self) -> int:
        return len(self.samples) - self.n_removed

    @property
    def n_unscored(self) -> int:
        return int(np.isnan(self.scores).sum())

    @property
    def kept(self) -> list[ChatSample]:
        return [s for s, r in zip(self.samples, self.removed_mask, strict=True) if not r]

    @property
    def removed(self) -> list[ChatSample]:
        return [s for s, r in zip(self.samples, self.removed_mask, strict=True) if r]


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """1-based ranks, highest score first, ties by original order, NaN last."""
    scores = np.asarray(scores, dtype=np.float64)
    key = np.where(np.isnan(scores), np.inf, -scores)  # ascending key: high scores first
    order = np.lexsort((np.arange(len(scores)), key))  # last key is primary
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


def apply_filter(
    samples: Sequence[ChatSample], scores: np.ndarray | Sequence[float], budget: Budget
) -> FilterResult:
    """Remove the ``budget.n_remove(len(samples))`` highest-scoring samples."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.shape != (len(samples),):
        raise ValueError(f"expected {len(samples)} scores, got shape {scores.shape}")
    if np.isinf(scores).any():
        raise ValueError("scores must be finite or NaN (not scored)")
    n_remove = budget.n_remove(len(samples))
    ranks = rank_scores(scores)
    return FilterResult(
        samples=samples,
        scores=scores,
        ranks=ranks,
        removed_mask=ranks <= n_remove,
        budget=budget,
    )


def _format_score(value: float) -> str:
    return "" if math.isnan(value) else repr(float(value))


def scores_csv(result: FilterResult) -> str:
    """``sample_id,score,rank,removed`` in original order (empty score = not scored)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sample_id", "score", "rank", "removed"])
    for sample, score, rank, removed in zip(
        result.samples, result.scores, result.ranks, result.removed_mask, strict=True
    ):
        writer.writerow([sample.id, _format_score(score), int(rank), str(bool(removed)).lower()])
    return out.getvalue()


def write_filter_outputs(
    result: FilterResult,
    out_dir: str | Path,
    *,
    method: str,
    options: Mapping[str, Any],
    dataset_path: str | Path,
    force: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write kept.jsonl, removed.jsonl, scores.csv and filter.json into ``out_dir``.

    Everything is written in a scratch directory that becomes ``out_dir`` only when all
    files are complete; an existing non-empty ``out_dir`` is refused unless ``force``.
    """
    dataset_path = Path(dataset_path)
    manifest = {
        "method": method,
        "options": dict(options),
        "budget": result.budget.to_dict(),
        "dataset": {"path": str(dataset_path), "sha256": sha256_file(dataset_path)},
        "counts": {
            "total": len(result.samples),
            "removed": result.n_removed,
            "kept": result.n_kept,
            "unscored": result.n_unscored,
        },
        "score_convention": "higher = more likely to induce emergent misalignment",
        "files": {
            "kept": KEPT_FILE,
            "removed": REMOVED_FILE,
            "scores": SCORES_FILE,
        },
    }
    if extra:
        manifest["details"] = dict(extra)
    with staged_directory(out_dir, force=force) as scratch:
        write_chat_jsonl(scratch / KEPT_FILE, result.kept)
        write_chat_jsonl(scratch / REMOVED_FILE, result.removed)
        atomic_write_text(scratch / SCORES_FILE, scores_csv(result))
        atomic_write_json(scratch / MANIFEST_FILE, manifest)
    return Path(out_dir)
