"""``readout``: a learned linear read-out of the model's activations, P(misaligned).

The supervised counterpart of ``direction``. Where ``direction`` projects a sample on the
difference of the two group means, ``readout`` fits an L2-regularised logistic regression
on the same feature, the mean layer-L activation over the assistant tokens::

    hbar(c)  = mean_{t in A(c)} h_t
    score(c) = sigmoid(w . (hbar(c) - mu) / sigma + b)      = P(misaligned | c)

``w, b, mu, sigma`` are fitted once on the ``--contrast`` data (misaligned = 1, aligned =
0): contrast pairs, a judged table or labelled chat JSONL
(:mod:`emgauge.mitigations.contrast_input`); default the bundled contrast pairs. The fit
and the feature are the read-out judge's (:func:`emgauge.judges.readout.fit_logistic`,
:func:`~emgauge.judges.readout.mean_answer_activations`), with classes weighted equally.
``--readout-c`` sets C (default: the shipped judge's, 0.03); ``--layer`` the layer
(default: the middle one, 15 of 30 for the embedded model).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.base import MethodOptions, Mitigation
from emgauge.mitigations.registry import register_method
from emgauge.settings import Number

if TYPE_CHECKING:  # scipy loads on first use: registering the method (CLI flags) needs none
    from emgauge.judges.readout import LogisticHead

__all__ = ["ReadoutMitigation", "ReadoutOptions", "fit_misaligned_head"]


def fit_misaligned_head(features: np.ndarray, misaligned: np.ndarray, c: float) -> LogisticHead:
    """Logistic head with P = P(misaligned), fitted on rows with finite features."""
    from emgauge.judges.readout import fit_logistic

    features = np.asarray(features, dtype=np.float64)
    finite = np.isfinite(features).all(axis=1)
    if not finite.any():
        raise InputError("no contrast answer has assistant tokens", field="contrast")
    return fit_logistic(features[finite], np.asarray(misaligned)[finite], c)


class ReadoutOptions(MethodOptions):
    """``readout``'s own option: the strength of its logistic fit."""

    readout_c: Number | None = Field(
        None,
        gt=0,
        description="readout: inverse L2 strength of the logistic fit (default: the shipped "
        "read-out judge's)",
    )


@register_method
class ReadoutMitigation(Mitigation):
    """Logistic regression on mean assistant-token activations, fitted on labelled data."""

    name = "readout"
    summary = "learned logistic read-out of mean assistant activation (layer L): P(misaligned)"
    list_order = 5
    options_model = ReadoutOptions
    options: ReadoutOptions
    needs_model = True
    shardable = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head: LogisticHead | None = None
        self._layer: int | None = None

    @property
    def layer(self) -> int:
        if self._layer is None:
            self._layer = self.resources.default_layer()
        return self._layer

    @property
    def c(self) -> float:
        if self.options.readout_c is not None:
            return self.options.readout_c
        from emgauge.judges.readout_fit import shipped_defaults

        return shipped_defaults()[1]

    def fit(self) -> LogisticHead:
        """The logistic head from the contrast data (fitted once)."""
        from emgauge.judges.readout import mean_answer_activations

        if self._head is None:
            contrast = self.contrast_set()
            conversations, _ = contrast.conversations()
            extractor = self.resources.extractor(self.layer)
            features = mean_answer_activations(extractor, conversations)
            self._head = fit_misaligned_head(features, np.array(contrast.labels()), self.c)
            self.fits += 1
        return self._head

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        return self._scored_by_rows(samples)

    def row_scores(self, samples: Sequence[ChatSample]) -> dict[str, np.ndarray]:
        """Each row's probability of being misaligned under the fitted head."""
        from emgauge.judges.readout import mean_answer_activations

        head = self.fit()
        features = mean_answer_activations(
            self.resources.extractor(self.layer), [s.messages for s in samples]
        )
        scores = np.full(len(samples), np.nan)
        finite = np.isfinite(features).all(axis=1)
        scores[finite] = head.probability(features[finite])
        return {"score": scores}

    def used_options(self) -> dict[str, Any]:
        return {
            "model": self.options.model,
            "layer": self.layer,
            "readout_c": self.c,
            "contrast": self.contrast_source(),
        }

    def details(self) -> dict[str, Any]:
        return self.resources.describe()


def learning_curve(
    fit_features: np.ndarray,
    fit_labels: np.ndarray,
    eval_features: np.ndarray,
    eval_labels: np.ndarray,
    sizes: Sequence[int],
    *,
    c: float,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    fit_keys: Sequence[str] | None = None,
    eval_keys: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """AUROC on the eval part of read-outs fitted on ``n`` labelled rows of the fit part.

    For each size and seed, a class-stratified sample of ``n`` fit rows (at least one of
    each class) is fitted and every eval row is scored; eval rows are never fitted on.
    ``fit_keys``/``eval_keys`` (e.g. question + answer text) must not overlap: a row in
    both parts is an :class:`InputError`, so a leak cannot pass silently.
    """
    from emgauge.evals.metrics import auroc

    if fit_keys is not None and eval_keys is not None:
        shared = set(fit_keys) & set(eval_keys)
        if shared:
            raise InputError(f"{len(shared)} row(s) are in both the fit and the eval part")
    fit_labels = np.asarray(fit_labels).astype(int)
    positives, negatives = np.flatnonzero(fit_labels == 1), np.flatnonzero(fit_labels == 0)
    out = []
    for n in sizes:
        if n > len(fit_labels) or n < 2:
            continue
        values = []
        for seed in seeds:
            rng = np.random.default_rng(seed)
            # stratified: the fit part's share of positives, at least one of each class
            n_pos = min(len(positives), max(1, round(n * len(positives) / len(fit_labels))))
            n_pos = min(n_pos, n - 1)
            n_neg = min(len(negatives), n - n_pos)
            chosen = np.concatenate(
                [rng.choice(positives, n_pos, replace=False), rng.choice(negatives, n_neg, False)]
            )
            head = fit_misaligned_head(fit_features[chosen], fit_labels[chosen], c)
            values.append(auroc(head.probability(eval_features), np.asarray(eval_labels)))
        out.append(
            {
                "n_fit": int(n),
                "auroc_mean": round(float(np.mean(values)), 4),
                "auroc_sd": round(float(np.std(values)), 4),
                "auroc_per_seed": [round(float(v), 4) for v in values],
            }
        )
    return out
