"""``direction``: projection on the misalignment direction of layer-L activations.

Reads the output of one decoder layer ``L`` at the assistant tokens, through the one
streaming :class:`~emgauge.activations.ActivationExtractor`, and learns what "misaligned"
looks like from the ``--contrast`` data: contrast pairs (the same prompt answered in an
aligned and a misaligned way; the default), a judged table or labelled chat. For a
conversation ``c`` with assistant tokens ``A(c)`` and layer-L activations ``h_t``::

    hbar(c)  = mean_{t in A(c)} h_t
    w        = the fitted direction (direction_fit, below), unit length
    score(c) = <hbar(c), w>

``direction_fit`` (:mod:`~emgauge.mitigations.discriminant`): ``mean-difference``
(``w`` along the misaligned-minus-aligned mean, as in persona vectors), ``diagonal`` (that
difference over each dimension's variance) or ``shrinkage`` (a linear discriminant with
Ledoit-Wolf shrinkage); ``auto`` is ``diagonal`` for contrast pairs and ``shrinkage`` for labelled
data. Direction ablation during fine-tuning removes the plain mean difference
(:meth:`DirectionMitigation.activation_direction`), the direction the activations move
along, whatever the fit used for ranking.

With ``prompt_conditioning`` the ranking score is what the answer adds beyond its prompt:
``score(c)`` minus the least-squares line, over the scored set, on the same projection of
the prompt's tokens (:mod:`~emgauge.mitigations.prompt_conditioning`; ``auto``: on for a
fit on contrast pairs, off for labelled data; see mitigations/README.md). A conversation
with no assistant tokens is not scored (NaN; the filter keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field

from emgauge.chat_data import ChatSample
from emgauge.contrast_data import STYLE_MATCHED_DOMAINS
from emgauge.mitigations.base import MethodOptions, Mitigation
from emgauge.mitigations.discriminant import DirectionFit, Discriminant, fit_discriminant
from emgauge.mitigations.prompt_conditioning import PromptFit, condition_on_prompt
from emgauge.mitigations.registry import register_method

if TYPE_CHECKING:  # torch loads on first use: registering the method (CLI flags) needs none
    import torch

    from emgauge.activations import ActivationBatch, ActivationExtractor

__all__ = ["DirectionMitigation", "DirectionOptions", "PromptConditioning"]


PromptConditioning = Literal["auto", "on", "off"]


class DirectionOptions(MethodOptions):
    """``direction``'s own options: how the direction is fitted, and prompt conditioning."""

    direction_fit: DirectionFit = Field(
        "auto",
        description="direction: how the direction is fitted: mean-difference (of the two "
        "groups' mean activations), diagonal (that difference over each dimension's variance), "
        "shrinkage (a linear discriminant with Ledoit-Wolf shrinkage) or auto: diagonal for "
        "contrast pairs, shrinkage for a labelled table or chat (mitigations/discriminant.py)",
    )
    prompt_conditioning: PromptConditioning = Field(
        "auto",
        description="direction: rank answers by what they add beyond their prompt: the "
        "residual of the answer's score after a least-squares line on its prompt's score, "
        "fitted on the scored set without labels. auto: on for a direction fitted on contrast "
        "pairs (they share their prompts, so the fit never saw how prompts move the score), "
        "off for one fitted on a labelled table or chat (mitigations/prompt_conditioning.py)",
    )


@register_method
class DirectionMitigation(Mitigation):
    """Projection of the mean assistant activation at layer L on the misalignment
    direction (see :mod:`~emgauge.mitigations.discriminant` for how it is fitted)."""

    name = "direction"
    summary = "projection of mean assistant activation on the misalignment direction (layer L)"
    list_order = 3
    options_model = DirectionOptions
    options: DirectionOptions
    needs_model = True
    shardable = True
    bundled_contrast = STYLE_MATCHED_DOMAINS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._direction: torch.Tensor | None = None
        self._activation_direction: torch.Tensor | None = None
        self._discriminant: Discriminant | None = None
        self._features: tuple[np.ndarray, list[int]] | None = None
        self._layer: int | None = None
        self._prompt_fit: PromptFit | None = None

    @property
    def layer(self) -> int:
        if self._layer is None:
            self._layer = self.resources.default_layer()
        return self._layer

    def extractor(self) -> ActivationExtractor:
        return self.resources.extractor(self.layer)

    def _contrast_features(self) -> tuple[np.ndarray, list[int]]:
        """Mean activations and labels of the contrast set."""
        from emgauge.mitigations.contrast import contrast_activations

        contrast = self.contrast_set()
        conversations, _ = contrast.conversations()
        return contrast_activations(self.extractor(), conversations), contrast.labels()

    @property
    def direction_fit(self) -> str:
        """The fit ``direction_fit`` resolves to (``auto``: by the kind of contrast data)."""
        if self.options.direction_fit != "auto":
            return self.options.direction_fit
        return "diagonal" if self.contrast_set().paired else "shrinkage"

    @property
    def prompt_conditioning(self) -> bool:
        """Whether scores are conditioned on the prompt (``auto``: for contrast pairs)."""
        if self.options.prompt_conditioning != "auto":
            return self.options.prompt_conditioning == "on"
        return self.contrast_set().paired

    def fit(self) -> torch.Tensor:
        """The unit direction scores are projected on (computed once)."""
        import torch

        if self._direction is None:
            self._discriminant = self._fit(self.direction_fit)
            self._direction = torch.from_numpy(self._discriminant.direction).float()
            self.fits += 1
        return self._direction

    def activation_direction(self) -> torch.Tensor:
        """The unit misaligned-minus-aligned mean difference: the direction the activations
        move along, which direction ablation removes (whatever ``direction_fit`` ranks by)."""
        import torch

        if self._activation_direction is None:
            fitted = self._fit("mean-difference")
            self._activation_direction = torch.from_numpy(fitted.direction).float()
        return self._activation_direction

    def _fit(self, how: str) -> Discriminant:
        if self._features is None:
            self._features = self._contrast_features()
        features, labels = self._features
        return fit_discriminant(features, labels, how)  # type: ignore[arg-type]

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        return self._scored_by_rows(samples)

    def row_scores(self, samples: Sequence[ChatSample]) -> dict[str, np.ndarray]:
        """Each row's projection (``score``), and its prompt's (``prompt_score``) where
        scores are conditioned on the prompt."""
        from emgauge.mitigations.contrast import sample_conversations

        direction = self.fit()
        conditioning = self.prompt_conditioning
        scores = np.full(len(samples), np.nan)
        prompt_scores = np.full(len(samples), np.nan)
        conversations = sample_conversations(samples)
        for batch in self.extractor().stream(conversations, with_prompt=conditioning):
            scores[batch.indices] = _projection(batch, direction)
            if batch.prompt is not None:
                prompt_scores[batch.indices] = _projection(batch.prompt, direction)
        if not conditioning:
            return {"score": scores}
        return {"score": scores, "prompt_score": prompt_scores}

    def finish_scores(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """With prompt conditioning, the residual after the line fitted over the whole set."""
        if not self.prompt_conditioning:
            return np.asarray(columns["score"], dtype=np.float64)
        conditioned, self._prompt_fit = condition_on_prompt(
            columns["score"], columns["prompt_score"]
        )
        return conditioned

    def used_options(self) -> dict[str, Any]:
        return {
            "model": self.options.model,
            "layer": self.layer,
            "contrast": self.contrast_source(),
            "direction_fit": self.direction_fit,
            "prompt_conditioning": self.prompt_conditioning,
        }

    def details(self) -> dict[str, Any]:
        info = dict(self.resources.describe())
        if self._discriminant is not None:
            info.update(self._discriminant.describe())
        if self._prompt_fit is not None:
            info["prompt_fit"] = self._prompt_fit.as_dict()
        return info


def _projection(batch: ActivationBatch, direction: torch.Tensor) -> np.ndarray:
    """Mean-pooled activations of each row on ``direction``; NaN for a row with no tokens."""
    projection = batch.pool("mean") @ direction
    projection[batch.n_tokens == 0] = float("nan")
    return projection.double().cpu().numpy()
