"""How ``direction`` fits its direction, and how ``sae-proximity`` ranks toxic latents."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from emgauge.errors import InputError
from emgauge.mitigations.contrast import GroupMeans
from emgauge.mitigations.discriminant import SHRINKAGE_GRID, fit_discriminant
from emgauge.mitigations.quality import auroc


def _loud_noise(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Dimension 0 has a large spread and a shift the size of a tenth of it; dimension 1 a
    small spread and a shift of twice it: the signal is in the quiet dimension."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    x = np.stack([rng.normal(0, 100, n) + 10 * y, rng.normal(0, 1, n) + 2 * y], axis=1)
    return x, y, [f"q{i // 2}" for i in range(n)]


def test_mean_difference_is_the_unit_difference_of_the_group_means():
    x, y, groups = _loud_noise(200, 0)
    fitted = fit_discriminant(x, y, groups, "mean-difference")
    expected = x[y == 1].mean(0) - x[y == 0].mean(0)
    assert np.allclose(fitted.direction, expected / np.linalg.norm(expected))
    assert fitted.describe() == {"direction_fit": "mean-difference"}


def test_diagonal_keeps_a_loud_dimension_from_dominating():
    x, y, groups = _loud_noise(400, 0)
    fresh, fresh_y, _ = _loud_noise(2000, 1)
    plain = fit_discriminant(x, y, groups, "mean-difference").direction
    diagonal = fit_discriminant(x, y, groups, "diagonal")
    assert abs(plain[0]) > abs(plain[1])  # the raw difference points along the loud one
    assert abs(diagonal.direction[1]) > abs(diagonal.direction[0])
    assert auroc(fresh @ diagonal.direction, fresh_y) > auroc(fresh @ plain, fresh_y) + 0.1
    assert diagonal.shrinkage == 1.0


def test_shrinkage_is_chosen_by_grouped_cross_validation_and_uses_correlations():
    # two dimensions share one large nuisance; their difference carries the signal, which
    # only a fit that sees the correlation finds
    rng = np.random.default_rng(0)
    n = 600
    y = np.arange(n) % 2
    nuisance = rng.normal(0, 2, n)
    x = np.stack([nuisance + y + rng.normal(0, 0.3, n), nuisance + rng.normal(0, 0.3, n)], 1)
    groups = [f"q{i // 2}" for i in range(n)]
    shrinkage = fit_discriminant(x, y, groups, "shrinkage")
    diagonal = fit_discriminant(x, y, groups, "diagonal")
    assert shrinkage.shrinkage in SHRINKAGE_GRID and shrinkage.shrinkage < 1.0
    assert set(shrinkage.cv_auroc) == {str(lam) for lam in SHRINKAGE_GRID}
    best = max(shrinkage.cv_auroc.values())
    assert shrinkage.cv_auroc[str(shrinkage.shrinkage)] == best
    assert auroc(x @ shrinkage.direction, y) > auroc(x @ diagonal.direction, y) + 0.1


def test_rows_without_features_are_left_out_and_a_missing_class_is_an_input_error():
    x, y, groups = _loud_noise(40, 0)
    x[0] = np.nan
    assert np.isfinite(fit_discriminant(x, y, groups, "diagonal").direction).all()
    with pytest.raises(InputError, match="no usable aligned or misaligned"):
        fit_discriminant(x, np.ones_like(y), groups, "diagonal")
    with pytest.raises(InputError, match="same mean activation"):
        fit_discriminant(np.ones((4, 3)), [1, 1, 0, 0], ["a", "a", "b", "b"], "mean-difference")


def test_effect_size_is_the_difference_over_the_pooled_spread():
    rng = np.random.default_rng(0)
    misaligned = rng.normal([5.0, 1.0], [10.0, 0.5], (300, 2))
    aligned = rng.normal([0.0, 0.0], [10.0, 0.5], (200, 2))
    pooled = torch.tensor(np.concatenate([misaligned, aligned]), dtype=torch.float32)
    means = GroupMeans(n_misaligned=300)
    for start in range(0, 500, 128):  # in batches, as the extractor streams them
        rows = np.arange(start, min(start + 128, 500))
        means.add(rows, pooled[rows], torch.ones(len(rows), dtype=torch.bool))
    spread = np.sqrt(0.5 * (misaligned.var(0) + aligned.var(0)))
    difference = misaligned.mean(0) - aligned.mean(0)
    assert np.allclose(means.difference().numpy(), difference, atol=1e-4)
    assert np.allclose(means.effect_size().numpy(), difference / spread, atol=1e-4)
    # the raw difference ranks the loud latent first, the effect size the distinct one
    assert means.difference().argmax() == 0 and means.effect_size().argmax() == 1
