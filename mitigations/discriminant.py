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
  with ``S = (1 - lam) * C_within + lam * I`` (``C_within`` the pooled within-class
  covariance of ``z``, trace ``d``) and ``lam`` chosen from :data:`SHRINKAGE_GRID` by
  grouped k-fold cross-validation on the fit set (rows sharing a prompt are in the same
  fold). ``lam = 1`` is ``diagonal``.

``auto`` (the default) is ``diagonal`` for contrast pairs and ``shrinkage`` for labelled
tables or chat. A full covariance learned from pairs describes the bundled questions, not
the user's, and cross-validation inside the pairs cannot see that: on real judged answers
it ranked worse than ``diagonal``; from a labelled set of the user's own kind of data it
ranked best (``bench/bench_transfer_levers.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from emgauge.errors import InputError
from emgauge.stats import auroc

__all__ = ["DirectionFit", "Discriminant", "SHRINKAGE_GRID", "fit_discriminant"]

DirectionFit = Literal["auto", "mean-difference", "diagonal", "shrinkage"]

#: Candidate shrinkage strengths (1 = diagonal), tried by grouped cross-validation.
SHRINKAGE_GRID = (1.0, 0.9, 0.8, 0.7, 0.5, 0.3, 0.2, 0.1)
#: Folds of the grouped cross-validation that picks the shrinkage.
CV_FOLDS = 5
#: Floor on a dimension's standard deviation, relative to the median one: a constant
#: dimension must not divide by zero.
SIGMA_FLOOR = 1e-3


@dataclass(frozen=True)
class Discriminant:
    """A fitted direction (unit length, in the activations' own units) and how it was got."""

    direction: np.ndarray
    fit: str
    shrinkage: float | None = None
    cv_auroc: dict[str, float] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"direction_fit": self.fit}
        if self.shrinkage is not None:
            info["shrinkage"] = self.shrinkage
        if self.cv_auroc:
            info["shrinkage_cv_auroc"] = self.cv_auroc
        return info


def fit_discriminant(
    features: np.ndarray,
    labels: Sequence[int] | np.ndarray,
    groups: Sequence[str],
    how: Literal["mean-difference", "diagonal", "shrinkage"],
) -> Discriminant:
    """Fit the direction ``how`` names from rows with finite features (see the module doc).

    Raises :class:`InputError` when a class has no usable row or the classes do not differ.
    """
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels).astype(int)
    finite = np.isfinite(x).all(axis=1)
    x, y = x[finite], y[finite]
    kept_groups = np.asarray(list(groups), dtype=object)[finite]
    if (y == 1).sum() == 0 or (y == 0).sum() == 0:
        raise InputError(
            "the contrast set has no usable aligned or misaligned answers",
            field="contrast",
            fix="contrast answers must be non-empty text",
        )
    if how == "mean-difference":
        return Discriminant(_unit(_mean_difference(x, y)), how)
    if how == "diagonal":
        return Discriminant(_unit(_shrunk(x, y, 1.0)), how, shrinkage=1.0)
    scores = {lam: _grouped_cv(x, y, kept_groups, lam) for lam in SHRINKAGE_GRID}
    finite_scores = {lam: s for lam, s in scores.items() if np.isfinite(s)}
    # the strongest shrinkage among the best (ties go to the simpler fit)
    best = max(finite_scores, key=lambda lam: (round(finite_scores[lam], 4), lam), default=1.0)
    cv = {str(lam): round(float(s), 4) for lam, s in scores.items()}
    return Discriminant(_unit(_shrunk(x, y, best)), how, shrinkage=best, cv_auroc=cv)


def _mean_difference(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x[y == 1].mean(axis=0) - x[y == 0].mean(axis=0)


def _unit(w: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(w))
    if not np.isfinite(norm) or norm == 0.0:
        raise InputError(
            "aligned and misaligned contrast answers give the same mean activation",
            field="contrast",
        )
    return w / norm


def _shrunk(x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """``S_lam^-1 (mu1 - mu0)`` in standardised units, mapped back to the activations'."""
    sigma = x.std(axis=0)
    sigma = np.maximum(sigma, SIGMA_FLOOR * max(float(np.median(sigma)), 1e-12))
    z = (x - x.mean(axis=0)) / sigma
    difference = _mean_difference(z, y)
    if lam >= 1.0:
        return difference / sigma
    centred = np.concatenate([z[y == k] - z[y == k].mean(axis=0) for k in (0, 1)])
    within = centred.T @ centred / len(centred)
    within = (1.0 - lam) * within + lam * np.eye(within.shape[0])
    return np.linalg.solve(within, difference) / sigma


def _grouped_cv(x: np.ndarray, y: np.ndarray, groups: np.ndarray, lam: float) -> float:
    """Mean held-out AUROC over :data:`CV_FOLDS` folds of whole groups (NaN if no fold has
    both classes, or a training part lacks one)."""
    unique = np.unique(groups.astype(str))
    np.random.default_rng(0).shuffle(unique)
    values = []
    for fold in np.array_split(unique, min(CV_FOLDS, len(unique))):
        held = np.isin(groups.astype(str), fold)
        train_y = y[~held]
        if len(set(y[held])) < 2 or len(set(train_y)) < 2:
            continue
        w = _shrunk(x[~held], train_y, lam)
        values.append(auroc(x[held] @ w, y[held]))
    return float(np.mean(values)) if values else float("nan")
