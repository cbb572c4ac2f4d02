"""Erosion: how far fine-tuning moved a model along its base model's alignment direction.

For layer ``L``, let ``v_L`` be the base model's direction fitted on all contrast pairs
(``mean m_i - mean a_i``, see :mod:`emgauge.diagnostics.direction_by_layer`). On each
held-out probe pair ``j`` (never used to fit ``v_L``), ``h(j)`` is the layer-L activation
averaged over the assistant tokens of the pair's two answers (the same text for both
models, so only the model differs). The **erosion** of a checkpoint at ``L`` is::

    erosion_L = mean_j <h_ckpt(j) - h_base(j), v_L> / ||v_L||^2

in units of the base model's own misaligned-minus-aligned gap: 0 = no movement, 1 = the
checkpoint reads text as far toward "misaligned" as the base model reads a misaligned
answer against an aligned one. It is reported separately on in-domain and general probe
pairs, with a bootstrap interval over pairs, and beside a **random-direction baseline**:
the same statistic along random unit directions scaled like ``v_L`` (how much a fine-tune
moves activations along an arbitrary direction of the same length), and beside the
preference shift of the same checkpoint on the same pairs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from emgauge.stats import CONFIDENCE, percentile_interval

__all__ = ["LayerErosion", "erosion_by_layer"]


@dataclass(frozen=True)
class LayerErosion:
    """Erosion of one checkpoint at one layer on one group of probe pairs."""

    layer: int
    group: str
    """``in_domain``, ``general`` or ``all``."""
    n_pairs: int
    erosion: float
    ci: tuple[float, float]
    random_direction: tuple[float, float]
    """Interval of the statistic along random directions of the same length."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def erosion_by_layer(
    base: dict[int, np.ndarray],
    checkpoint: dict[int, np.ndarray],
    directions: dict[int, np.ndarray],
    groups: dict[str, np.ndarray],
    *,
    n_bootstrap: int = 1000,
    n_random: int = 200,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> list[LayerErosion]:
    """Erosion per layer and group.

    Args:
        base, checkpoint: ``{layer: (n_pairs, d_model)}`` pooled activations of each probe
            pair (its two answers averaged) under the base model and the checkpoint.
        directions: ``{layer: (d_model,)}`` the base model's unnormalised direction.
        groups: ``{name: bool mask over probe pairs}``; empty groups are skipped.
    """
    rng = np.random.default_rng(seed)
    results = []
    for layer in sorted(directions):
        direction = directions[layer].astype(np.float64)
        squared = float(direction @ direction)
        if squared == 0:
            continue
        moved = checkpoint[layer].astype(np.float64) - base[layer].astype(np.float64)
        per_pair = moved @ direction / squared
        randoms = rng.standard_normal((n_random, len(direction)))
        randoms *= np.sqrt(squared) / np.linalg.norm(randoms, axis=1, keepdims=True)
        per_pair_random = moved @ randoms.T / squared  # (n_pairs, n_random)
        for name, mask in groups.items():
            values = per_pair[mask]
            if len(values) == 0:
                continue
            picks = rng.integers(0, len(values), size=(n_bootstrap, len(values)))
            results.append(
                LayerErosion(
                    layer=layer,
                    group=name,
                    n_pairs=len(values),
                    erosion=float(values.mean()),
                    ci=percentile_interval(values[picks].mean(axis=1), confidence),
                    random_direction=percentile_interval(
                        per_pair_random[mask].mean(axis=0), confidence
                    ),
                )
            )
    return results
