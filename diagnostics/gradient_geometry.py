"""Gradient geometry (arXiv 2507.03662): does training on a dataset push toward misalignment?

Uses the ``gradient`` filter's machinery (its LoRA ``B`` gradients at the seeded init, the
first step of a fine-tuning run, through the same random projection ``R``; no second
copy). With ``g(s) = R grad L(s)``, the sample's fine-tuning loss gradient, and
``m = R grad M``, the gradient of the contrast margin ``M`` (mean log-probability per token
of misaligned minus aligned answers)::

    push(s) = -cos(g(s), m)                      (per sample: the filter's score)
    push(A) = -cos(mean_{s in A} g(s), m)        (aggregated: the first step on all of A)

A descent step on ``s`` moves the margin by ``-eta <m, g(s)>`` to first order, so
``push > 0`` means the step raises the margin: toward the misaligned answers. For a
labelled training set, ``A`` = its harmful (inducing) rows and ``B`` = its benign
(non-inducing) rows:

* **per sample**: ``mean_A push - mean_B push``, with the permutation test of
  :func:`~emgauge.diagnostics.features.proximity_test` (labels shuffled) and the AUROC;
* **aggregated**: ``push(A) - push(B)``, the same difference for the datasets' mean
  gradients, against the same label shuffles (one-sided p: the share of shuffles at least
  as large).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from emgauge.chat_data import ChatSample
from emgauge.diagnostics.features import proximity_test
from emgauge.errors import InputError
from emgauge.gradients import cosine, cosines, sample_gradients
from emgauge.stats import CONFIDENCE, percentile_interval

__all__ = ["AggregatedPush", "gradient_geometry", "aggregated_push"]


@dataclass(frozen=True)
class AggregatedPush:
    """``push`` of the inducing and non-inducing sets' mean gradients, and their difference
    against label shuffles."""

    inducing: float
    non_inducing: float
    difference: float
    null_interval: tuple[float, float]
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _push(gradients: np.ndarray, margin: np.ndarray) -> float:
    return -cosine(gradients.mean(axis=0), margin)


def aggregated_push(
    gradients: np.ndarray,
    inducing: np.ndarray,
    margin: np.ndarray,
    *,
    permutations: int = 1000,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> AggregatedPush:
    """The aggregated measure for projected per-sample ``gradients`` (rows; NaN rows are
    unscored samples and dropped), ``inducing`` a boolean mask over them."""
    scored = ~np.isnan(gradients).any(axis=1)
    gradients, inducing = gradients[scored], np.asarray(inducing, dtype=bool)[scored]
    if inducing.sum() < 2 or (~inducing).sum() < 2:
        raise InputError(
            "gradient geometry needs at least 2 scored harmful and 2 scored benign rows",
            field="dataset",
            fix="give a labelled set with both harmful and benign rows",
        )

    def difference(mask: np.ndarray) -> float:
        return _push(gradients[mask], margin) - _push(gradients[~mask], margin)

    observed = difference(inducing)
    rng = np.random.default_rng(seed)
    null = np.array([difference(rng.permutation(inducing)) for _ in range(permutations)])
    return AggregatedPush(
        inducing=_push(gradients[inducing], margin),
        non_inducing=_push(gradients[~inducing], margin),
        difference=observed,
        null_interval=percentile_interval(null, confidence),
        p_value=float((1 + np.sum(null >= observed)) / (1 + permutations)),
    )


def gradient_geometry(
    dataset: Sequence[ChatSample],
    options: Any,
    resources: Any = None,
    *,
    permutations: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Both measures for a labelled training set; ``options`` are the filter options whose
    model is the base model (the ``gradient`` filter's contrast data and settings)."""
    from emgauge.mitigations.registry import create_method

    if any(s.is_harmful is None for s in dataset):
        raise InputError(
            "gradient geometry needs a harmful/benign label on every row",
            field="metadata.label",
            fix="pass a labelled set such as the bundled healthcare set",
        )
    method = create_method("gradient", options, resources)
    margin = method.fit()
    model, tokenizer = method.resources.model_and_tokenizer()
    gradients = sample_gradients(model, tokenizer, list(dataset), method.settings)
    push = -cosines(gradients, margin)
    harmful = np.array([bool(s.is_harmful) for s in dataset])
    return {
        "gradient": method.used_options()["gradient"],
        "per_sample": proximity_test(
            push[harmful], push[~harmful], permutations=permutations, seed=seed
        ).to_dict(),
        "aggregated": aggregated_push(
            gradients, harmful, margin, permutations=permutations, seed=seed
        ).to_dict(),
    }
