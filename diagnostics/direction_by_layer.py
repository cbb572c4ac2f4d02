"""The alignment direction at every layer: is there one, where, and is it shared?

For layer ``L`` and a contrast pair ``i`` (one prompt answered misaligned and aligned), let
``m_i`` and ``a_i`` be the layer-L activations averaged over the assistant tokens of the
two answers. The direction of a set of pairs ``S`` is ``v_S = mean_S m_i - mean_S a_i``.

* **Held-out separability**: the pairs are split into ``folds`` groups; each group's
  answers are projected on the direction fitted on the other groups, so every pair is
  scored by a direction that never saw it. The AUROC of those projections (misaligned
  answers above aligned ones) says how well one linear direction separates the two at
  that layer; 0.5 = not at all. Interval: bootstrap over pairs.
* **Shared across domains**: ``v_D`` is fitted on each domain's pairs alone (healthcare,
  legal, career, general); the mean cosine over all domain pairs says whether the domains
  share one direction. Baseline: the same statistic after flipping which answer of each
  pair counts as misaligned, independently per pair, ``permutations`` times (a direction
  built from shuffled labels); the p-value is the share of shuffles at least as high.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from emgauge.errors import InputError
from emgauge.stats import CONFIDENCE, auroc, percentile_interval

MIN_PAIRS = 4  # fewer cannot be split into a fitting and a held-out part

__all__ = ["LayerDirection", "MIN_PAIRS", "direction_by_layer", "held_out_scores"]


@dataclass(frozen=True)
class LayerDirection:
    """The alignment direction measured at one layer."""

    layer: int
    auroc: float
    """Held-out AUROC of the projection (misaligned above aligned)."""
    auroc_ci: tuple[float, float]
    norm: float
    """Length of the direction fitted on all pairs (in the layer's activation units)."""
    domain_cosine: float
    """Mean cosine between the per-domain directions (NaN with fewer than two domains)."""
    domain_cosine_null: tuple[float, float]
    """Interval of the same statistic under shuffled labels."""
    domain_cosine_p: float
    """Share of shuffles whose mean cosine is at least the observed one."""
    pairwise_cosine: dict[str, float] = field(default_factory=dict)
    """Cosine of each pair of domains' directions, keyed ``"a|b"``."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def held_out_scores(
    misaligned: np.ndarray, aligned: np.ndarray, folds: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Projections of every pair's two answers on a direction fitted without that pair."""
    n = len(misaligned)
    order = np.random.default_rng(seed).permutation(n)
    groups = np.array_split(order, min(folds, n))
    mis_scores, ali_scores = np.empty(n), np.empty(n)
    for held in groups:
        train = np.setdiff1d(order, held)
        direction = _unit(misaligned[train].mean(axis=0) - aligned[train].mean(axis=0))
        mis_scores[held] = misaligned[held] @ direction
        ali_scores[held] = aligned[held] @ direction
    return mis_scores, ali_scores


def _pair_auroc(mis_scores: np.ndarray, ali_scores: np.ndarray) -> float:
    labels = np.r_[np.ones(len(mis_scores)), np.zeros(len(ali_scores))]
    return auroc(np.r_[mis_scores, ali_scores], labels)


def _mean_domain_cosine(
    differences: np.ndarray, domains: np.ndarray, names: list[str]
) -> tuple[float, dict[str, float]]:
    directions = {d: _unit(differences[domains == d].mean(axis=0)) for d in names}
    pairwise = {f"{a}|{b}": float(directions[a] @ directions[b]) for a, b in combinations(names, 2)}
    mean = float(np.mean(list(pairwise.values()))) if pairwise else float("nan")
    return mean, pairwise


def direction_by_layer(
    misaligned: dict[int, np.ndarray],
    aligned: dict[int, np.ndarray],
    domains: list[str],
    *,
    folds: int = 5,
    permutations: int = 200,
    n_bootstrap: int = 1000,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> list[LayerDirection]:
    """Measure the direction at each layer from pooled activations.

    Args:
        misaligned, aligned: ``{layer: (n_pairs, d_model)}`` pooled activations of each
            pair's misaligned and aligned answer, rows in the same pair order.
        domains: the domain of each pair.
    """
    n = len(domains)
    if n < MIN_PAIRS:
        raise InputError(
            f"{n} contrast pairs are too few to fit and hold out a direction",
            field="contrast",
            fix=f"give at least {MIN_PAIRS} pairs",
        )
    domain_array = np.asarray(domains)
    names = sorted(set(domains))
    rng = np.random.default_rng(seed)
    flips = rng.choice([-1.0, 1.0], size=(permutations, n))
    picks = rng.integers(0, n, size=(n_bootstrap, n))
    results = []
    for layer in sorted(misaligned):
        mis, ali = misaligned[layer].astype(np.float64), aligned[layer].astype(np.float64)
        mis_scores, ali_scores = held_out_scores(mis, ali, folds, seed)
        point = _pair_auroc(mis_scores, ali_scores)
        replicates = [_pair_auroc(mis_scores[p], ali_scores[p]) for p in picks]
        differences = mis - ali
        cosine, pairwise = _mean_domain_cosine(differences, domain_array, names)
        if len(names) > 1 and permutations > 0:
            null = np.array(
                [
                    _mean_domain_cosine(differences * f[:, None], domain_array, names)[0]
                    for f in flips
                ]
            )
            null_interval = percentile_interval(null, confidence)
            p_value = float((1 + np.sum(null >= cosine)) / (1 + len(null)))
        else:
            null_interval, p_value = (float("nan"), float("nan")), float("nan")
        results.append(
            LayerDirection(
                layer=layer,
                auroc=point,
                auroc_ci=percentile_interval(replicates, confidence),
                norm=float(np.linalg.norm(differences.mean(axis=0))),
                domain_cosine=cosine,
                domain_cosine_null=null_interval,
                domain_cosine_p=p_value,
                pairwise_cosine=pairwise,
            )
        )
    return results
