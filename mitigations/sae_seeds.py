"""Scoring with several SAE seeds (``emgauge filter --sae-seeds N``).

``sae-proximity`` reads an SAE trained here, and which seed trained it moves its AUROC on
real answers from 0.60 to 0.83 (mitigations/README). Scoring with N SAEs (seeds
``seed .. seed+N-1``, each trained once and cached) shows that spread beside the mean, and
the mean of the seeds' z-scored scores is a ranking that leans on no single SAE.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from emgauge.chat_data import ChatSample
from emgauge.mitigations.base import Mitigation
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.data import label_free
from emgauge.mitigations.filtering import apply_filter
from emgauge.mitigations.quality import filter_quality, harm_labels

#: The measures whose spread over seeds is reported (those of ``filter --compare``).
MEASURES = ("auroc", "precision")


def zscored(scores: np.ndarray) -> np.ndarray:
    """``scores`` centred and scaled (NaN kept; a constant vector becomes zeros), so seeds
    whose SAEs put scores on other scales weigh the same in the average."""
    scores = np.asarray(scores, dtype=np.float64)
    centred = scores - np.nanmean(scores)
    spread = np.nanstd(scores)
    return centred / spread if spread > 0 else np.where(np.isnan(scores), np.nan, 0.0)


def average_zscored(per_seed: Sequence[np.ndarray]) -> np.ndarray:
    """The mean over seeds of each seed's z-scored scores (NaN only where every seed is)."""
    stacked = np.vstack([zscored(s) for s in per_seed])
    counts = np.sum(~np.isnan(stacked), axis=0)
    sums = np.nansum(stacked, axis=0)
    return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def spread(values: Sequence[float]) -> dict[str, float | None]:
    """Mean, sd (n - 1), min and max of the finite ``values`` (None where undefined)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return {"mean": None, "sd": None, "min": None, "max": None}
    return {
        "mean": float(np.mean(finite)),
        "sd": float(np.std(finite, ddof=1)) if len(finite) > 1 else None,
        "min": float(min(finite)),
        "max": float(max(finite)),
    }


@dataclass
class SAESeedsReport:
    """Each seed's SAE and filter quality, their spread, and the ranking the filter uses."""

    method: str
    seeds: list[int]
    average: bool
    ranking: np.ndarray
    per_seed: list[dict[str, Any]] = field(default_factory=list)
    labelled: bool = False
    averaged_quality: dict[str, float] | None = None

    def spreads(self) -> dict[str, dict[str, float | None]]:
        return {m: spread([row[m] for row in self.per_seed]) for m in MEASURES}

    def as_dict(self) -> dict[str, Any]:
        """For ``filter.json`` (``sae_seeds``)."""
        return {
            "seeds": self.seeds,
            "ranking": "mean of z-scored scores" if self.average else f"seed {self.seeds[0]}",
            "per_seed": self.per_seed,
            **({"spread": self.spreads()} if self.labelled else {}),
            **({"averaged": self.averaged_quality} if self.averaged_quality else {}),
        }

    def summary(self) -> str:
        """Lines for the console: the spread of each measure, and which ranking is used."""
        seeds = f"{self.seeds[0]}-{self.seeds[-1]}"
        lines = [f"{self.method} with {len(self.seeds)} SAE seeds ({seeds}):"]
        if not self.labelled:
            lines.append("  no labels in the dataset: no AUROC or precision to compare")
        for measure, values in self.spreads().items() if self.labelled else ():
            sd = "n/a" if values["sd"] is None else f"{values['sd']:.3f}"
            lines.append(
                f"  {measure}: mean {_fmt(values['mean'])}, sd {sd}, "
                f"range {_fmt(values['min'])}-{_fmt(values['max'])}"
            )
        ranking = (
            "the mean of the seeds' z-scored scores"
            if self.average
            else f"seed {self.seeds[0]}'s scores"
        )
        if self.averaged_quality:
            quality = self.averaged_quality
            ranking += f" (AUROC {_fmt(quality['auroc'])}, precision {_fmt(quality['precision'])})"
        lines.append(f"  ranking: {ranking}")
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None or not math.isfinite(value) else f"{value:.3f}"


def _quality(
    name: str, samples: Sequence[ChatSample], scores: np.ndarray, budget: Budget
) -> dict[str, float]:
    row = filter_quality(name, apply_filter(samples, scores, budget))
    return {"auroc": row.auroc, "precision": row.precision}


def score_with_sae_seeds(
    method: Mitigation,
    samples: Sequence[ChatSample],
    first_scores: np.ndarray,
    n_seeds: int,
    budget: Budget,
    *,
    average: bool = False,
) -> SAESeedsReport:
    """Score ``samples`` with ``method`` again under the next ``n_seeds - 1`` seeds (each
    with its own SAE; ``first_scores`` are ``method``'s own, at its seed), sharing the
    loaded model. AUROC and precision per seed where ``samples`` are labelled."""
    from emgauge.mitigations.resources import ModelResources

    first_seed = method.options.seed
    seeds = [first_seed + offset for offset in range(n_seeds)]
    model, tokenizer = method.resources.model_and_tokenizer()
    view = label_free(samples)
    per_seed_scores = [np.asarray(first_scores, dtype=np.float64)]
    sources = [method.used_options().get("sae")]
    for seed in seeds[1:]:
        options = method.options.model_copy(update={"seed": seed})
        resources = ModelResources(
            options, progress=method.resources.progress, model=model, tokenizer=tokenizer
        )
        seeded = type(method)(options, resources)
        per_seed_scores.append(np.asarray(seeded.score(view), dtype=np.float64))
        sources.append(seeded.used_options().get("sae"))
    labels = harm_labels(samples)
    labelled = bool(np.any(labels == 1) and np.any(labels == 0))
    rows = []
    for seed, source, scores in zip(seeds, sources, per_seed_scores, strict=True):
        row: dict[str, Any] = {"seed": seed, "sae": source}
        if labelled:
            row.update(_quality(method.name, samples, scores, budget))
        rows.append(row)
    ranking = average_zscored(per_seed_scores) if average else per_seed_scores[0]
    return SAESeedsReport(
        method=method.name,
        seeds=seeds,
        average=average,
        ranking=ranking,
        per_seed=rows,
        labelled=labelled,
        averaged_quality=_quality(method.name, samples, ranking, budget)
        if average and labelled
        else None,
    )
