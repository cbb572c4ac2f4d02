"""Scores conditioned on the prompt: what an answer adds beyond what its question implies.

A filter should rank *answers*. On real fine-tuning and judged data the prompt itself moves
an activation score: a question about wishes or power lifts the misalignment projection of
every answer to it, harmful or not, so a filter that ranks the raw score partly ranks
questions. Conditioning removes that part without labels: over the scored set, fit the
least-squares line of the answer's score on the score of its prompt (the same read-out on
the prompt's tokens) and rank by the residual::

    a_i = score of sample i's answer tokens,  p_i = score of its prompt's tokens
    (beta, c) = argmin sum_i (a_i - beta p_i - c)^2
    conditioned_i = a_i - beta p_i - c

Where the prompt carries no signal beta is near 0 and the ranking is unchanged. Rows without
a prompt score keep ``a_i - c`` (ranked as if their prompt were average); with fewer than
:data:`MIN_ROWS` rows that have both scores, or prompts that all score the same, nothing is
fitted and the raw scores are returned.

The line also absorbs harm that the prompt predicts: where harmful answers reply to their
own kind of question (requests for something risky), conditioning removes part of the
signal it should keep. ``prompt_conditioning`` is therefore ``auto`` by default: on for a
direction fitted on contrast pairs, which share their prompts, so the fit never saw how
prompts move the score; off for one fitted on a labelled table or chat, whose rows span
questions with both labels. ``research/transfer_levers.py`` measures both on real judged
answers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["MIN_ROWS", "PromptFit", "condition_on_prompt"]

#: Rows with both an answer and a prompt score needed before a line is fitted.
MIN_ROWS = 20


@dataclass(frozen=True)
class PromptFit:
    """The line of answer scores on prompt scores that conditioning removed."""

    applied: bool
    n_rows: int
    slope: float = 0.0
    intercept: float = 0.0
    correlation: float = float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def condition_on_prompt(
    answer_scores: np.ndarray, prompt_scores: np.ndarray
) -> tuple[np.ndarray, PromptFit]:
    """Residuals of ``answer_scores`` after the least-squares line on ``prompt_scores``.

    NaN answer scores stay NaN; a NaN prompt score counts as the mean prompt.
    """
    answer = np.asarray(answer_scores, dtype=np.float64)
    prompt = np.asarray(prompt_scores, dtype=np.float64)
    both = np.isfinite(answer) & np.isfinite(prompt)
    n_rows = int(both.sum())
    if n_rows < MIN_ROWS or np.ptp(prompt[both]) == 0.0:
        return answer.copy(), PromptFit(applied=False, n_rows=n_rows)
    slope, intercept = np.polyfit(prompt[both], answer[both], 1)
    filled = np.where(np.isfinite(prompt), prompt, prompt[both].mean())
    conditioned = answer - (slope * filled + intercept)
    correlation = float(np.corrcoef(prompt[both], answer[both])[0, 1])
    return conditioned, PromptFit(True, n_rows, float(slope), float(intercept), correlation)
