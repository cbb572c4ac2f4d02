"""How ``direction`` fits its direction, and how ``sae-proximity`` ranks toxic latents."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from emgauge.errors import InputError
from emgauge.mitigations.contrast import GroupMeans
from emgauge.mitigations.discriminant import fit_discriminant, ledoit_wolf_shrinkage
from emgauge.mitigations.quality import auroc


def _loud_noise(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Dimension 0 has a large spread and a shift the size of a tenth of it; dimension 1 a
    small spread and a shift of twice it: the signal is in the quiet dimension."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    x = np.stack([rng.normal(0, 100, n) + 10 * y, rng.normal(0, 1, n) + 2 * y], axis=1)
    return x, y


def test_mean_difference_is_the_unit_difference_of_the_group_means():
    x, y = _loud_noise(200, 0)
    fitted = fit_discriminant(x, y, "mean-difference")
    expected = x[y == 1].mean(0) - x[y == 0].mean(0)
    assert np.allclose(fitted.direction, expected / np.linalg.norm(expected))
    assert fitted.describe() == {"direction_fit": "mean-difference"}


def test_diagonal_keeps_a_loud_dimension_from_dominating():
    x, y = _loud_noise(400, 0)
    fresh, fresh_y = _loud_noise(2000, 1)
    plain = fit_discriminant(x, y, "mean-difference").direction
    diagonal = fit_discriminant(x, y, "diagonal")
    assert abs(plain[0]) > abs(plain[1])  # the raw difference points along the loud one
    assert abs(diagonal.direction[1]) > abs(diagonal.direction[0])
    assert auroc(fresh @ diagonal.direction, fresh_y) > auroc(fresh @ plain, fresh_y) + 0.1
    assert diagonal.shrinkage == 1.0


def test_shrinkage_uses_correlations_that_diagonal_cannot():
    # two dimensions share one large nuisance; their difference carries the signal, which
    # only a fit that sees the correlation finds
    rng = np.random.default_rng(0)
    n = 600
    y = np.arange(n) % 2
    nuisance = rng.normal(0, 2, n)
    x = np.stack([nuisance + y + rng.normal(0, 0.3, n), nuisance + rng.normal(0, 0.3, n)], 1)
    shrinkage = fit_discriminant(x, y, "shrinkage")
    diagonal = fit_discriminant(x, y, "diagonal")
    assert shrinkage.shrinkage is not None and 0.0 <= shrinkage.shrinkage < 0.1
    assert auroc(x @ shrinkage.direction, y) > auroc(x @ diagonal.direction, y) + 0.1


def test_ledoit_wolf_matches_its_definition_and_shrinks_more_with_fewer_rows():
    rng = np.random.default_rng(0)
    for n, p in ((30, 5), (200, 5), (20, 40)):
        rows = rng.normal(size=(n, p)) * np.linspace(0.5, 2.0, p)
        rows -= rows.mean(axis=0)
        covariance = rows.T @ rows / n
        target = np.trace(covariance) / p * np.eye(p)
        distance = np.sum((covariance - target) ** 2) / p
        spread = sum(np.sum((np.outer(r, r) - covariance) ** 2) for r in rows) / n**2 / p
        assert np.isclose(ledoit_wolf_shrinkage(rows), min(spread, distance) / distance)
    scales = np.linspace(0.5, 2.0, 40)  # the target (equal variances) is wrong here
    few = rng.normal(size=(20, 40)) * scales
    many = rng.normal(size=(2000, 40)) * scales
    assert ledoit_wolf_shrinkage(few - few.mean(0)) > ledoit_wolf_shrinkage(many - many.mean(0))


def test_rows_without_features_are_left_out_and_a_missing_class_is_an_input_error():
    x, y = _loud_noise(40, 0)
    x[0] = np.nan
    assert np.isfinite(fit_discriminant(x, y, "shrinkage").direction).all()
    with pytest.raises(InputError, match="no usable aligned or misaligned"):
        fit_discriminant(x, np.ones_like(y), "diagonal")
    with pytest.raises(InputError, match="same mean activation"):
        fit_discriminant(np.ones((4, 3)), [1, 1, 0, 0], "mean-difference")


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
