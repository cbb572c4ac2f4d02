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
toxic set, in [-1, 1]. ``top_k="auto"`` chooses ``top_k`` by cross-validation on the
contrast set itself (:class:`TopKChoice`): its question groups are dealt into up to
``TOP_K_FOLDS`` folds (:func:`~emgauge.stats.grouped_folds`; a judged table's
``question_id``, else the prompt), the toxic latents fitted on all folds but one score the
held-out one at every ``TOP_K_GRID`` value, and the value with the highest mean held-out
AUROC wins (the smaller on a tie). The fit and every fold come from one pass of the model
over the contrast set. On real judged answers an SAE with more active latents per token
ranked best read through many more latents than its own ``k`` (mitigations/README.md).

``toxic_selection="mean-difference"`` ranks latents by ``d_j`` itself (the selection before
issue #9): it favours latents that are strongly active everywhere, and transferred worse to
real judged answers (``research/transfer_levers.py``).

A conversation with no assistant tokens (or no active latent) is
not scored (NaN; the filter keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import Field

from emgauge.chat_data import ChatSample
from emgauge.contrast_data import STYLE_MATCHED_DOMAINS
from emgauge.errors import InputError
from emgauge.mitigations.base import PAIRS_TOP_K, MethodOptions, Mitigation
from emgauge.mitigations.registry import register_method
from emgauge.settings import Int
from emgauge.stats import auroc, grouped_folds

if TYPE_CHECKING:  # torch loads on first use: registering the method (CLI flags) needs none
    import torch

    from emgauge.activations import ActivationBatch
    from emgauge.mitigations.contrast import GroupMeans

__all__ = [
    "Aggregation",
    "LATENT_CHUNK",
    "SAEProximityMitigation",
    "SAEProximityOptions",
    "ToxicSelection",
    "TOP_K_FOLDS",
    "TOP_K_GRID",
    "TopKChoice",
]

#: Assistant tokens encoded by the SAE at once (bounds the ``tokens x d_sae`` latents).
LATENT_CHUNK = 1024
#: ``--top-k auto``: the values chosen among (those above the SAE's width dropped) ...
TOP_K_GRID = (8, 16, 32, 64, 128, 256, 512, 1024)
#: ... and the most folds of the contrast set's question groups.
TOP_K_FOLDS = 5


@dataclass(frozen=True)
class TopKChoice:
    """The ``top_k`` that ``--top-k auto`` chose, and the held-out AUROC of every candidate
    (the mean over the folds whose held-out part has both aligned and misaligned answers).
    ``n_folds`` 0: no such fold, and ``auto`` was only the default: the pairs' top-k."""

    top_k: int
    cv_auroc: dict[int, float]
    n_folds: int

    def describe(self) -> dict[str, Any]:
        if not self.n_folds:
            return {"n_folds": 0, "note": "no held-out question group had both answers"}
        return {
            "n_folds": self.n_folds,
            "cv_auroc": {str(k): round(v, 4) for k, v in self.cv_auroc.items()},
        }


@dataclass
class _Strongest:
    """Every contrast conversation's ``max(TOP_K_GRID)`` strongest pooled latents, for
    scoring the held-out folds at every candidate top-k."""

    values: torch.Tensor
    index: torch.Tensor
    valid: torch.Tensor


Aggregation = Literal["max", "mean"]
ToxicSelection = Literal["effect-size", "mean-difference"]


class SAEProximityOptions(MethodOptions):
    """``sae-proximity``'s own options: which latents count, and how they are pooled.
    The SAE itself is a shared option (:class:`~emgauge.mitigations.base.MethodOptions`):
    the shared resources load it."""

    top_k: Annotated[Int, Field(ge=1)] | Literal["auto"] | None = Field(
        None,
        description="sae-proximity: a sample's most active SAE latents that count, or auto: "
        "chosen by cross-validation over the contrast set's questions (default: "
        f"{PAIRS_TOP_K} for contrast pairs, auto for a labelled --contrast; "
        "mitigations/README.md)",
    )
    n_toxic: Int = Field(64, ge=1, description="sae-proximity: size of the toxic latent set")
    aggregation: Aggregation = Field(
        "mean",
        description="sae-proximity: how per-token latent activations are pooled over a "
        "sample's assistant tokens",
    )
    toxic_selection: ToxicSelection = Field(
        "effect-size",
        description="sae-proximity: how the toxic latents are ranked: the misaligned-minus-"
        "aligned difference of a latent's mean in units of its within-group spread "
        "(effect-size), or the raw difference (mean-difference)",
    )


@register_method
class SAEProximityMitigation(Mitigation):
    """Activation-weighted decoder-cosine proximity of a sample's top SAE latents to the
    latents most differentially active on misaligned contrast answers."""

    name = "sae-proximity"
    summary = "proximity of a sample's top-k SAE latents to the toxic latents (arXiv 2605.00842)"
    list_order = 4
    options_model = SAEProximityOptions
    options: SAEProximityOptions
    needs_model = True
    needs_sae = True
    shardable = True
    bundled_contrast = STYLE_MATCHED_DOMAINS
    # the SAE trained on first use is trained with the seed (AUROC 0.60-0.83 over three)
    seeded_ingredient = "the SAE"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._toxic: torch.Tensor | None = None
        self._toxic_diff: torch.Tensor | None = None
        self._proximity: torch.Tensor | None = None
        self._top_k_choice: TopKChoice | None = None

    @classmethod
    def seeded_by(cls, options: MethodOptions) -> str | None:
        return None if getattr(options, "sae", None) else cls.seeded_ingredient

    @property
    def layer(self) -> int:
        return self.resources.sae().layer

    def _pooled_latents(self, batch: ActivationBatch) -> torch.Tensor:
        """``(B, d_sae)`` pooled latent activations, encoding ``LATENT_CHUNK`` tokens at a
        time so that memory stays bounded whatever the batch's number of assistant tokens
        (latents are non-negative, so a running max from zero is exact)."""
        import torch

        with torch.no_grad():
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

    @property
    def top_k_option(self) -> int | str:
        """``--top-k`` as given, else ``auto`` for a labelled ``--contrast`` and
        :data:`~emgauge.mitigations.base.PAIRS_TOP_K` for contrast pairs."""
        if self.options.top_k is not None:
            return self.options.top_k
        return "auto" if self.resources.labelled_contrast() else PAIRS_TOP_K

    @property
    def top_k(self) -> int:
        """The sample's latents that count: ``--top-k``, or the one ``auto`` chose."""
        option = self.top_k_option
        if isinstance(option, int):
            return option
        self.fit()
        assert self._top_k_choice is not None
        return self._top_k_choice.top_k

    def fit(self) -> torch.Tensor:
        """Proximity ``p_i`` of every latent to the toxic set (computed once; with
        ``top_k="auto"`` also the cross-validated choice of ``top_k``)."""
        import torch

        from emgauge.mitigations.contrast import GroupMeans

        if self._proximity is None:
            loaded = self.resources.sae()
            contrast = self.contrast_set()
            conversations, n_misaligned = contrast.conversations()
            auto = self.top_k_option == "auto"
            if auto:
                folds = grouped_folds(contrast.groups(), TOP_K_FOLDS)
            else:
                folds = np.zeros(len(conversations), dtype=int)
            parts = [GroupMeans(n_misaligned) for _ in range(int(folds.max(initial=0)) + 1)]
            grid = [k for k in TOP_K_GRID if k <= loaded.sae.cfg.d_sae] or [loaded.sae.cfg.d_sae]
            strongest: list[tuple[np.ndarray, _Strongest]] = []
            for batch in self.resources.extractor(loaded.layer).stream(conversations):
                pooled = self._pooled_latents(batch)
                valid = batch.n_tokens > 0
                fold_of_row = folds[batch.indices]
                for fold in np.unique(fold_of_row):
                    rows = fold_of_row == fold
                    mask = torch.from_numpy(rows).to(pooled.device)
                    parts[fold].add(batch.indices[rows], pooled[mask], valid[mask])
                if auto:
                    values, index = torch.topk(pooled, max(grid), dim=-1)
                    strongest.append((batch.indices, _Strongest(values, index, valid)))
            if auto:
                self._top_k_choice = self._choose_top_k(
                    parts, folds, n_misaligned, _gathered(strongest, len(conversations)), grid
                )
            self._toxic, self._toxic_diff, self._proximity = self._toxic_set(
                GroupMeans.combined(parts)
            )
            self.fits += 1
        return self._proximity

    def _toxic_set(self, means: GroupMeans) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The toxic latents, their selection statistic, and every latent's proximity."""
        import torch

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
            decoder = torch.nn.functional.normalize(self.resources.sae().sae.W_dec.float(), dim=-1)
            proximity = (decoder @ decoder[toxic].T).max(dim=1).values
        return toxic, values, proximity

    def _choose_top_k(
        self,
        parts: list[GroupMeans],
        folds: np.ndarray,
        n_misaligned: int,
        strongest: _Strongest,
        grid: list[int],
    ) -> TopKChoice:
        """Fit on all folds but one, score the held-out one at every ``grid`` value."""
        import torch

        from emgauge.mitigations.contrast import GroupMeans

        labels = np.arange(len(folds)) < n_misaligned
        held_out: list[list[float]] = []
        for fold in range(len(parts)):
            rows = folds == fold
            if len(set(labels[rows])) < 2 or len(parts) < 2:
                continue  # no AUROC on one class; nothing to fit on with one fold
            others = GroupMeans.combined([p for i, p in enumerate(parts) if i != fold])
            try:  # the other folds may lack a class, or a latent more active on misaligned
                proximity = self._toxic_set(others)[2].cpu()  # beside the gathered latents
            except InputError:
                continue
            mask = torch.from_numpy(rows)
            values = strongest.values[mask].clamp(min=0)
            weighted = torch.cumsum(values * proximity[strongest.index[mask]], dim=-1)
            weight = torch.cumsum(values, dim=-1)
            unscored = ~strongest.valid[mask]
            fold_aurocs = []
            for k in grid:
                scores = weighted[:, k - 1] / weight[:, k - 1].clamp(min=1e-12)
                scores[(weight[:, k - 1] <= 0) | unscored] = float("nan")
                fold_aurocs.append(auroc(scores.double().numpy(), labels[rows]))
            held_out.append(fold_aurocs)
        if not held_out and self.options.top_k is None:  # auto by default: the pairs' top-k
            return TopKChoice(PAIRS_TOP_K, {}, 0)
        if not held_out:
            raise InputError(
                "--top-k auto found no held-out question group with both aligned and "
                "misaligned answers",
                field="top_k",
                fix="give a contrast set with several questions answered both ways, or a "
                "number for --top-k",
            )
        means = np.nanmean(np.asarray(held_out), axis=0)
        best = int(np.nanargmax(means))  # the first (smallest top-k) of equal means
        return TopKChoice(grid[best], dict(zip(grid, means.tolist(), strict=True)), len(held_out))

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
        return self._scored_by_rows(samples)

    def row_scores(self, samples: Sequence[ChatSample]) -> dict[str, np.ndarray]:
        """Each row's proximity-weighted mean over its ``top_k`` strongest latents."""
        import torch

        from emgauge.mitigations.contrast import sample_conversations

        proximity = self.fit()
        top_k = self.top_k
        scores = np.full(len(samples), np.nan)
        for batch in self.resources.extractor(self.layer).stream(sample_conversations(samples)):
            pooled = self._pooled_latents(batch)
            values, index = torch.topk(pooled, min(top_k, pooled.shape[-1]), dim=-1)
            values = values.clamp(min=0)
            weight = values.sum(dim=-1)
            result = (values * proximity[index]).sum(dim=-1) / weight.clamp(min=1e-12)
            result[(weight <= 0) | (batch.n_tokens == 0)] = float("nan")
            scores[batch.indices] = result.double().cpu().numpy()
        return {"score": scores}

    def used_options(self) -> dict[str, Any]:
        loaded = self.resources.sae()
        return {
            "model": self.options.model,
            "sae": loaded.source,
            "layer": loaded.layer,
            "top_k": self.top_k,
            **({"top_k_choice": self._top_k_choice.describe()} if self._top_k_choice else {}),
            "n_toxic": self.options.n_toxic,
            "aggregation": self.options.aggregation,
            "toxic_selection": self.options.toxic_selection,
            "contrast": self.contrast_source(),
        }

    def data_defaults(self) -> dict[str, Any]:
        if not self.resources.labelled_contrast():
            return {}  # pairs: the defaults as they always were
        defaults: dict[str, Any] = {}
        if self.options.top_k is None:
            defaults["top_k"] = self.top_k_option
        if self.options.sae is None and self.options.sae_k is None:
            defaults["sae_k"] = self.resources.default_sae_k()
        return defaults

    def details(self) -> dict[str, Any]:
        info = self.resources.describe()
        if self._toxic is not None and self._toxic_diff is not None:
            info["toxic_latents"] = [
                {"latent": int(j), self.options.toxic_selection: round(float(d), 6)}
                for j, d in zip(self._toxic, self._toxic_diff, strict=True)
            ]
        return info


def _gathered(strongest: list[tuple[np.ndarray, _Strongest]], n_rows: int) -> _Strongest:
    """The batches' strongest latents in conversation order."""
    import torch

    order = torch.from_numpy(np.argsort(np.concatenate([i for i, _ in strongest])))
    assert len(order) == n_rows
    return _Strongest(
        torch.cat([s.values.cpu() for _, s in strongest])[order],
        torch.cat([s.index.cpu() for _, s in strongest])[order],
        torch.cat([s.valid.cpu() for _, s in strongest])[order],
    )
