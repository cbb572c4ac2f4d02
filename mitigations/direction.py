"""``direction``: projection on the misaligned-minus-aligned activation direction.

Reads the output of one decoder layer ``L`` at the assistant tokens, through the one
streaming :class:`~emgauge.activations.ActivationExtractor`, and learns what "misaligned"
looks like from contrast pairs (the same prompt answered in an aligned and a misaligned
way). For a conversation ``c`` with assistant tokens ``A(c)`` and layer-L activations
``h_t``, ``direction`` (a shared misalignment direction, as in persona vectors)::

    hbar(c) = mean_{t in A(c)} h_t
    v       = mean_{pairs} hbar(misaligned) - mean_{pairs} hbar(aligned)
    score(c) = <hbar(c), v> / ||v||

With ``prompt_conditioning`` the ranking score is what the answer adds beyond its prompt:
``score(c)`` minus the least-squares line, over the scored set, on the same projection of
the prompt's tokens (:mod:`~emgauge.mitigations.prompt_conditioning`; off by default, see
mitigations/README.md for where it helps and where it hurts). A conversation with no
assistant tokens is not scored (NaN; the filter keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from emgauge.activations import ActivationBatch, ActivationExtractor
from emgauge.chat_data import ChatSample
from emgauge.contrast_data import STYLE_MATCHED_DOMAINS
from emgauge.errors import InputError
from emgauge.mitigations.base import Mitigation, register_method
from emgauge.mitigations.contrast import GroupMeans, sample_conversations
from emgauge.mitigations.prompt_conditioning import PromptFit, condition_on_prompt

__all__ = ["DirectionMitigation"]


@register_method
class DirectionMitigation(Mitigation):
    """Projection on the misaligned-minus-aligned mean activation direction at layer L."""

    name = "direction"
    summary = "projection of mean assistant activation on the misalignment direction (layer L)"
    needs_model = True
    bundled_contrast = STYLE_MATCHED_DOMAINS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._direction: torch.Tensor | None = None
        self._layer: int | None = None
        self._norm: float | None = None
        self._prompt_fit: PromptFit | None = None

    @property
    def layer(self) -> int:
        if self._layer is None:
            self._layer = self.resources.default_layer()
        return self._layer

    def extractor(self) -> ActivationExtractor:
        return self.resources.extractor(self.layer)

    def fit(self) -> torch.Tensor:
        """The unit misalignment direction from the contrast pairs (computed once)."""
        if self._direction is None:
            conversations, n_misaligned = self.contrast_set().conversations()
            means = GroupMeans(n_misaligned)
            for batch in self.extractor().stream(conversations):
                means.add(batch.indices, batch.pool("mean"), batch.n_tokens > 0)
            direction = means.difference()
            self._norm = float(direction.norm())
            if self._norm == 0.0:
                raise InputError(
                    "aligned and misaligned contrast answers give the same mean activation",
                    field="contrast",
                )
            self._direction = direction / self._norm
        return self._direction

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        direction = self.fit()
        conditioning = self.options.prompt_conditioning
        scores = np.full(len(samples), np.nan)
        prompt_scores = np.full(len(samples), np.nan)
        conversations = sample_conversations(samples)
        for batch in self.extractor().stream(conversations, with_prompt=conditioning):
            scores[batch.indices] = _projection(batch, direction)
            if batch.prompt is not None:
                prompt_scores[batch.indices] = _projection(batch.prompt, direction)
        if not conditioning:
            return scores
        conditioned, self._prompt_fit = condition_on_prompt(scores, prompt_scores)
        return conditioned

    def used_options(self) -> dict[str, Any]:
        return {
            "model": self.options.model,
            "layer": self.layer,
            "contrast": self.contrast_source(),
            "prompt_conditioning": self.options.prompt_conditioning,
        }

    def details(self) -> dict[str, Any]:
        info = {**self.resources.describe(), "direction_norm": self._norm}
        if self._prompt_fit is not None:
            info["prompt_fit"] = self._prompt_fit.as_dict()
        return info


def _projection(batch: ActivationBatch, direction: torch.Tensor) -> np.ndarray:
    """Mean-pooled activations of each row on ``direction``; NaN for a row with no tokens."""
    projection = batch.pool("mean") @ direction
    projection[batch.n_tokens == 0] = float("nan")
    return projection.double().cpu().numpy()
