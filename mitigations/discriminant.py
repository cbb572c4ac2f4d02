"""The direction ``direction`` projects on, fitted from labelled pooled activations.

Given pooled activations ``X`` (one row per conversation) labelled misaligned (1) or aligned
(0), with group means ``mu1, mu0`` and per-dimension standard deviation ``sigma`` over the
fit set, three fits of the direction ``w`` (``score = <x, w> / ||w||``):

* ``mean-difference``: ``w = mu1 - mu0``. The direction the activations move along; what
  direction ablation removes during fine-tuning (``activation_direction``).
* ``diagonal``: ``w = (mu1 - mu0) / sigma^2``, a diagonal linear discriminant. A small
  model's residual stream has a few dimensions with very large activations; unscaled, they
  dominate the projection though they carry little of the difference.
* ``shrinkage``: ``w = S^-1 (mu1 - mu0)`` in standardised units ``z = (x - m) / sigma``,
  with ``S = (1 - lam) * C + lam * I`` (``C`` the pooled within-class covariance of ``z``,
  trace ``d``) and ``lam`` the Ledoit-Wolf estimate for ``C`` (as scikit-learn's
  ``LinearDiscriminantAnalysis(shrinkage="auto")``): the analytic choice that minimises the
  expected error of the shrunk covariance, with no held-out data. ``lam = 1`` is
  ``diagonal``.

``auto`` (the default) is ``diagonal`` for contrast pairs and ``shrinkage`` for labelled
tables or chat. A covariance learned from pairs describes the bundled questions, not the
user's: on real judged answers a shrinkage fit on the bundled pairs ranked worse than
``diagonal``, while from a labelled set of the user's own kind of data it ranked best
(``research/transfer_levers.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from emgauge.errors import InputError

__all__ = ["DirectionFit", "Discriminant", "fit_discriminant", "ledoit_wolf_shrinkage"]

DirectionFit = Literal["auto", "mean-difference", "diagonal", "shrinkage"]

#: Floor on a dimension's standard deviation, relative to the median one: a constant
#: dimension must not divide by zero.
SIGMA_FLOOR = 1e-3


@dataclass(frozen=True)
class Discriminant:
    """A fitted direction (unit length, in the activations' own units) and how it was got."""

    direction: np.ndarray
    fit: str
    shrinkage: float | None = None

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"direction_fit": self.fit}
        if self.shrinkage is not None:
            info["shrinkage"] = round(self.shrinkage, 6)
        return info


def fit_discriminant(
    features: np.ndarray,
    labels: Sequence[int] | np.ndarray,
    how: Literal["mean-difference", "diagonal", "shrinkage"],
) -> Discriminant:
    """Fit the direction ``how`` names from rows with finite features (see the module doc).

    Raises :class:`InputError` when a class has no usable row or the classes do not differ.
    """
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels).astype(int)
    finite = np.isfinite(x).all(axis=1)
    x, y = x[finite], y[finite]
    if (y == 1).sum() == 0 or (y == 0).sum() == 0:
        # imported here: mitigations.contrast loads torch, which a direction fit never needs
        from emgauge.mitigations.contrast import no_usable_contrast

        raise no_usable_contrast()
    if how == "mean-difference":
        return Discriminant(_unit(x[y == 1].mean(axis=0) - x[y == 0].mean(axis=0)), how)
    sigma = x.std(axis=0)
    sigma = np.maximum(sigma, SIGMA_FLOOR * max(float(np.median(sigma)), 1e-12))
    z = (x - x.mean(axis=0)) / sigma
    difference = z[y == 1].mean(axis=0) - z[y == 0].mean(axis=0)
    if how == "diagonal":
        return Discriminant(_unit(difference / sigma), how, shrinkage=1.0)
    centred = np.concatenate([z[y == k] - z[y == k].mean(axis=0) for k in (0, 1)])
    lam = ledoit_wolf_shrinkage(centred)
    covariance = (1.0 - lam) * (centred.T @ centred / len(centred))
    covariance[np.diag_indices_from(covariance)] += lam
    return Discriminant(_unit(np.linalg.solve(covariance, difference) / sigma), how, lam)


def ledoit_wolf_shrinkage(centred: np.ndarray) -> float:
    """Ledoit-Wolf (2004) intensity ``lam`` in ``[0, 1]`` for shrinking the covariance of
    the rows of ``centred`` (already centred) toward ``mean eigenvalue * I``."""
    n, p = centred.shape
    covariance = centred.T @ centred / n
    target = np.trace(covariance) / p
    distance = (np.sum(covariance**2) - 2 * target * np.trace(covariance) + p * target**2) / p
    # sum_k ||x_k x_k^T - C||_F^2 = sum_k ||x_k||^4 - n ||C||_F^2
    spread = (np.sum(np.sum(centred**2, axis=1) ** 2) - n * np.sum(covariance**2)) / n**2 / p
    if distance <= 0.0:
        return 1.0
    return float(min(max(spread, 0.0), distance) / distance)


def _unit(w: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(w))
    if not np.isfinite(norm) or norm == 0.0:
        raise InputError(
            "aligned and misaligned contrast answers give the same mean activation",
            field="contrast",
        )
    return w / norm
