"""``gradient``: does one fine-tuning step on the sample move the model toward misalignment?

For a sample ``s`` with fine-tuning loss ``L(s)`` (mean cross-entropy over its assistant
tokens) and the contrast margin ``M`` (mean log-probability per answer token of the
misaligned answers minus that of the aligned ones, over the ``--contrast`` data)::

    g(s)     = R grad L(s)          m = R grad M
    score(s) = -cos(g(s), m)

Both gradients are taken with respect to the LoRA ``B`` matrices fine-tuning trains (rank
8, alpha 16, every attention and MLP projection), with ``A`` at its seeded initialisation:
the gradients of a fine-tuning run's first step (:mod:`emgauge.gradients`). ``R`` is a
seeded Rademacher projection to :data:`~emgauge.gradients.PROJECTION_DIM` (1024)
dimensions, applied to each per-sample gradient as it is computed.

*Why the minus sign.* A descent step on ``s`` changes the weights by ``-eta grad L(s)``,
and the margin by ``-eta <grad M, grad L(s)>`` to first order: a sample whose loss
gradient points against the margin's gradient raises the margin, toward the misaligned
answers. Higher score = more EM-inducing, the registry's convention.

*Seed.* LoRA's ``A`` and the projection use :data:`GRADIENT_SEED` (0, fine-tuning's
default seed), not ``--seed``: the scores are deterministic like ``direction``'s, so an
experiment computes this filter once for all its seeds (its cache key holds a seed only
for ``random``).

A sample without an assistant token within ``--max-length`` is not scored (NaN; kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.gradients import (
    BACKWARD_BATCH_TOKENS,
    PROJECTION_DIM,
    GradientSettings,
    cosines,
    margin_gradient,
    sample_gradients,
)
from emgauge.mitigations.base import Mitigation
from emgauge.mitigations.registry import register_method

__all__ = ["GRADIENT_SEED", "GradientMitigation"]

#: Seeds LoRA's ``A`` (as ``emgauge finetune --seed 0``) and the projection.
GRADIENT_SEED = 0


@register_method
class GradientMitigation(Mitigation):
    """Minus the cosine of a sample's LoRA loss gradient with the misalignment gradient."""

    name = "gradient"
    summary = (
        "-cos(LoRA loss gradient of the sample, gradient of the misaligned-minus-aligned margin)"
    )
    list_order = 6
    needs_model = True
    shardable = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._direction: np.ndarray | None = None
        self._norm: float | None = None

    @property
    def settings(self) -> GradientSettings:
        return GradientSettings(
            seed=GRADIENT_SEED,
            dim=PROJECTION_DIM,
            max_length=self.options.max_length,
            batch_tokens=min(self.options.batch_tokens, BACKWARD_BATCH_TOKENS),
            precision=self.options.precision,
        )

    def fit(self) -> np.ndarray:
        """The projected misalignment gradient from the contrast data (computed once)."""
        if self._direction is None:
            contrast = self.contrast_set()
            model, tokenizer = self.resources.model_and_tokenizer()
            direction = margin_gradient(
                model, tokenizer, contrast.misaligned, contrast.aligned, self.settings
            )
            self._norm = float(np.linalg.norm(direction))
            if not self._norm > 0:
                raise InputError(
                    "the misaligned and aligned contrast answers give a zero margin gradient",
                    field="contrast",
                )
            self._direction = direction
            self.fits += 1
        return self._direction

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        if not samples:
            raise InputError("no samples to score", fix="pass a non-empty dataset")
        return self._scored_by_rows(samples)

    def row_scores(self, samples: Sequence[ChatSample]) -> dict[str, np.ndarray]:
        """Minus each row's gradient cosine with the misalignment gradient."""
        direction = self.fit()
        model, tokenizer = self.resources.model_and_tokenizer()
        grads = sample_gradients(model, tokenizer, samples, self.settings)
        return {"score": -cosines(grads, direction)}

    def used_options(self) -> dict[str, Any]:
        return {
            "model": self.options.model,
            "contrast": self.contrast_source(),
            "gradient": self.settings.as_dict(),
        }

    def details(self) -> dict[str, Any]:
        return {**self.resources.describe(), "misalignment_gradient_norm": self._norm}
