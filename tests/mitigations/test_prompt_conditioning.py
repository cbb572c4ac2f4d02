"""Prompt conditioning: rank answers by what they add beyond what their prompt implies."""

from __future__ import annotations

import numpy as np
import pytest

from emgauge.mitigations.prompt_conditioning import MIN_ROWS, condition_on_prompt
from emgauge.stats import auroc


def _planted(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Answer scores = 2 x the prompt's score + 1 for harmful answers + noise: the prompt
    (the question's topic) moves the raw score more than harm does."""
    rng = np.random.default_rng(seed)
    prompt = rng.normal(0.0, 2.0, n)
    harmful = rng.random(n) < 0.3
    answer = 2.0 * prompt + harmful + rng.normal(0.0, 0.5, n)
    return answer, prompt, harmful


def test_conditioning_removes_the_prompt_and_keeps_the_harm() -> None:
    answer, prompt, harmful = _planted()
    conditioned, fit = condition_on_prompt(answer, prompt)
    assert fit.applied and fit.n_rows == len(answer)
    assert fit.slope == pytest.approx(2.0, abs=0.1)
    assert abs(np.corrcoef(conditioned, prompt)[0, 1]) < 1e-6  # a least-squares residual
    raw_auroc, conditioned_auroc = auroc(answer, harmful), auroc(conditioned, harmful)
    assert raw_auroc < 0.7 < 0.85 < conditioned_auroc, (raw_auroc, conditioned_auroc)


def test_a_prompt_without_signal_leaves_the_ranking_alone() -> None:
    rng = np.random.default_rng(1)
    answer, prompt = rng.normal(size=300), rng.normal(size=300)
    conditioned, fit = condition_on_prompt(answer, prompt)
    assert abs(fit.slope) < 0.2
    assert np.corrcoef(conditioned, answer)[0, 1] > 0.98


def test_too_few_rows_or_constant_prompts_are_not_fitted() -> None:
    answer, prompt, _ = _planted(n=MIN_ROWS - 1)
    conditioned, fit = condition_on_prompt(answer, prompt)
    assert not fit.applied and np.array_equal(conditioned, answer)
    answer, _, _ = _planted()
    conditioned, fit = condition_on_prompt(answer, np.full(len(answer), 3.0))
    assert not fit.applied and np.array_equal(conditioned, answer)


def test_missing_scores() -> None:
    answer, prompt, _ = _planted(n=100)
    answer[0] = np.nan  # no assistant tokens: stays unscored
    prompt[1] = np.nan  # prompt not found: ranked as if its prompt were average
    conditioned, fit = condition_on_prompt(answer, prompt)
    assert np.isnan(conditioned[0]) and fit.n_rows == 98
    mean_prompt = np.nanmean(prompt[2:])
    assert conditioned[1] == pytest.approx(answer[1] - fit.slope * mean_prompt - fit.intercept)
