"""``sae-proximity`` (arXiv 2605.00842): proximity of a sample's SAE latents to toxic ones.

Reads the output of one decoder layer ``L`` at the assistant tokens ``A(c)`` of a
conversation ``c``, through the one streaming
:class:`~emgauge.activations.ActivationExtractor`, and learns the toxic latents from
contrast pairs (the same prompt answered in an aligned and a misaligned way). With SAE
encoder ``f`` (latents ``f_j >= 0``) and unit decoder rows ``u_j = W_dec[j] / ||W_dec[j]||``;
``pool`` is the aggregation (``mean`` or ``max`` over ``A(c)``)::

    a_j(c)   = pool_{t in A(c)} f_j(h_t)
    d_j      = mean_{pairs} a_j(misaligned) - mean_{pairs} a_j(aligned)
    e_j      = d_j / s_j,  s_j the pooled within-group sd of a_j          (effect size)
    T        = the n_toxic latents with the largest e_j > 0          (toxic features)
    p_i      = max_{j in T} cos(u_i, u_j)                           (p_j = 1 on T)
    S(c)     = the top_k latents of a(c) with a_i(c) > 0             (sample features)
    score(c) = sum_{i in S(c)} a_i(c) * p_i / sum_{i in S(c)} a_i(c)

i.e. the activation-weighted mean proximity of the sample's strongest features to the
toxic set, in [-1, 1]. ``toxic_selection="mean-difference"`` ranks latents by ``d_j`` itself
(the selection before issue #9): it favours latents that are strongly active everywhere, and
transferred worse to real judged answers (``bench/bench_transfer_levers.py``).

A conversation with no assistant tokens (or no active latent) is
not scored (NaN; the filter keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from emgauge.activations import ActivationBatch
from emgauge.chat_data import ChatSample
from emgauge.contrast_data import STYLE_MATCHED_DOMAINS
from emgauge.errors import InputError
from emgauge.mitigations.base import Mitigation, register_method
from emgauge.mitigations.contrast import GroupMeans, sample_conversations

__all__ = ["SAEProximityMitigation", "LATENT_CHUNK"]

#: Assistant tokens encoded by the SAE at once (bounds the ``tokens x d_sae`` latents).
LATENT_CHUNK = 1024


@register_method
class SAEProximityMitigation(Mitigation):
    """Activation-weighted decoder-cosine proximity of a sample's top SAE latents to the
    latents most differentially active on misaligned contrast answers."""

    name = "sae-proximity"
    summary = "proximity of a sample's top-k SAE latents to the toxic latents (arXiv 2605.00842)"
    needs_model = True
    needs_sae = True
    bundled_contrast = STYLE_MATCHED_DOMAINS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._toxic: torch.Tensor | None = None
        self._toxic_diff: torch.Tensor | None = None
        self._proximity: torch.Tensor | None = None

    @property
    def layer(self) -> int:
        return self.resources.sae().layer

    @torch.no_grad()
    def _pooled_latents(self, batch: ActivationBatch) -> torch.Tensor:
        """``(B, d_sae)`` pooled latent activations, encoding ``LATENT_CHUNK`` tokens at a
        time so that memory stays bounded whatever the batch's number of assistant tokens
        (latents are non-negative, so a running max from zero is exact)."""
        sae = self.resources.sae().sae
        n_rows = len(batch.indices)
        pooled = torch.zeros((n_rows, sae.cfg.d_sae), device=batch.acts.device)
        for start in range(0, batch.acts.shape[0], LATENT_CHUNK):
            acts = batch.acts[start : start + LATENT_CHUNK].to(sae.W_dec.dtype)
            rows = batch.token_row[start : start + LATENT_CHUNK]
            latents = sae.encode(acts).float()
            if self.options.aggregation == "mean":
                pooled.index_add_(0, rows, latents)
            else:
                index = rows[:, None].expand_as(latents)
                pooled.scatter_reduce_(0, index, latents.clamp(min=0), reduce="amax")
        if self.options.aggregation == "mean":
            pooled /= batch.n_tokens.clamp(min=1).to(pooled.dtype)[:, None]
        return pooled

    def fit(self) -> torch.Tensor:
        """Proximity ``p_i`` of every latent to the toxic set (computed once)."""
        if self._proximity is None:
            loaded = self.resources.sae()
            extractor = self.resources.extractor(loaded.layer)
            conversations, n_misaligned = self.contrast_set().conversations()
            means = GroupMeans(n_misaligned)
            for batch in extractor.stream(conversations):
                means.add(batch.indices, self._pooled_latents(batch), batch.n_tokens > 0)
            if self.options.toxic_selection == "effect-size":
                diff = means.effect_size()
            else:
                diff = means.difference()
            n_toxic = min(self.options.n_toxic, int((diff > 0).sum()))
            if n_toxic == 0:
                raise InputError(
                    "no SAE latent is more active on misaligned than on aligned answers",
                    field="contrast",
                    fix="use a larger contrast set or another SAE",
                )
            values, toxic = torch.topk(diff, n_toxic)
            with torch.no_grad():
                decoder = torch.nn.functional.normalize(loaded.sae.W_dec.float(), dim=-1)
                self._proximity = (decoder @ decoder[toxic].T).max(dim=1).values
            self._toxic, self._toxic_diff = toxic, values
        return self._proximity

    def pooled_latents(self, conversations: Sequence[Any], label: str = "latents") -> np.ndarray:
        """``(n, d_sae)`` latent activations of each conversation, pooled over its assistant
        tokens (the filter's own view; diagnostics compare them across models)."""
        sae = self.resources.sae()
        out = np.zeros((len(conversations), sae.sae.cfg.d_sae))
        for batch in self.resources.extractor(sae.layer).stream(conversations, label=label):
            out[batch.indices] = self._pooled_latents(batch).double().cpu().numpy()
        return out

    def decoder(self) -> np.ndarray:
        """``(d_sae, d_model)`` decoder directions of the SAE."""
        return self.resources.sae().sae.W_dec.detach().float().cpu().numpy()

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        proximity = self.fit()
        top_k = self.options.top_k
        scores = np.full(len(samples), np.nan)
        for batch in self.resources.extractor(self.layer).stream(sample_conversations(samples)):
            pooled = self._pooled_latents(batch)
            values, index = torch.topk(pooled, min(top_k, pooled.shape[-1]), dim=-1)
            values = values.clamp(min=0)
            weight = values.sum(dim=-1)
            result = (values * proximity[index]).sum(dim=-1) / weight.clamp(min=1e-12)
            result[(weight <= 0) | (batch.n_tokens == 0)] = float("nan")
            scores[batch.indices] = result.double().cpu().numpy()
        return scores

    def used_options(self) -> dict[str, Any]:
        loaded = self.resources.sae()
        return {
            "model": self.options.model,
            "sae": loaded.source,
            "layer": loaded.layer,
            "top_k": self.options.top_k,
            "n_toxic": self.options.n_toxic,
            "aggregation": self.options.aggregation,
            "toxic_selection": self.options.toxic_selection,
            "contrast": self.contrast_source(),
        }

    def details(self) -> dict[str, Any]:
        info = self.resources.describe()
        if self._toxic is not None and self._toxic_diff is not None:
            info["toxic_latents"] = [
                {"latent": int(j), self.options.toxic_selection: round(float(d), 6)}
                for j, d in zip(self._toxic, self._toxic_diff, strict=True)
            ]
        return info
