"""EM risk of a fine-tuning set, before any training (what arXiv 2605.00842 promises teams).

A filter scores samples; risk scores a whole dataset. For each internals method ``m``
(``direction``, ``sae-proximity``, ``gradient``: the filters' own scores, same model,
same contrast pairs), the dataset's mean score is placed on the scale the contrast pairs
define::

    risk_m = (mean_{x in D} s_m(x) - mean_aligned s_m) / (mean_misaligned s_m - mean_aligned s_m)

0 = the data reads like the contrast set's aligned answers, 1 = like its misaligned ones
(values outside [0, 1] are possible). The dataset's **risk** is the mean of ``risk_m`` over
the methods. Interval: bootstrap over the dataset's samples. Beside it, the simple
predictor it must beat: the share of samples the ``heuristic`` lexicon flags (score > 0).

Whether risk predicts anything is an empirical question: ``research/risk_prediction.py``
trains the embedded model on many mixes and reports the rank correlation between risk and
the preference shift each fine-tune produced, beside the heuristic share's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from pydantic import Field

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.registry import FilterOptions, create_method, get_method_class
from emgauge.settings import Int, SettingsModel
from emgauge.stats import CONFIDENCE, percentile_interval

#: The internals methods whose scores make up the risk (those registered).
RISK_METHODS = ("direction", "sae-proximity", "gradient")

__all__ = [
    "DatasetRisk",
    "MethodRisk",
    "RISK_METHODS",
    "RiskScorer",
    "RiskSettings",
    "dataset_risk",
]


class RiskSettings(SettingsModel):
    """How ``emgauge risk`` computes the risk; its flags come from these fields."""

    methods: tuple[str, ...] | None = Field(
        None,
        min_length=1,
        description="internals methods averaged into the risk "
        "(default: direction, sae-proximity, gradient where installed)",
    )
    bootstrap: Int = Field(1000, ge=2, description="bootstrap replicates of the interval")


@dataclass(frozen=True)
class MethodRisk:
    """One method's placement of the dataset between aligned and misaligned text."""

    method: str
    risk: float
    ci: tuple[float, float]
    dataset_mean: float
    aligned_mean: float
    misaligned_mean: float


@dataclass(frozen=True)
class DatasetRisk:
    """The dataset-level EM risk and the heuristic baseline."""

    n_samples: int
    risk: float
    ci: tuple[float, float]
    heuristic_share: float
    methods: list[MethodRisk] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _contrast_samples(conversations: Sequence[Any], which: str) -> list[ChatSample]:
    return [
        ChatSample(id=f"contrast-{which}-{n}", messages=list(conversation))
        for n, conversation in enumerate(conversations)
    ]


class RiskScorer:
    """Scores datasets with the risk methods; each method is fitted and placed on the
    contrast scale once, however many datasets are scored."""

    def __init__(
        self, options: FilterOptions = FilterOptions(), methods: Sequence[str] | None = None
    ):
        from emgauge.mitigations.resources import ModelResources

        self.names = list(methods) if methods else _registered()
        for name in self.names:
            get_method_class(name)  # an unknown name is an InputError listing the known ones
        # Risk places a dataset's mean score on the contrast scale, so it needs the raw
        # scores: prompt conditioning re-centres each scored set on its own prompts.
        options = options.model_copy(update={"prompt_conditioning": "off"})
        self.resources = ModelResources(options)
        self.options = options
        self._methods: dict[str, Any] = {}
        self._scales: dict[str, tuple[float, float]] = {}

    def _method(self, name: str) -> tuple[Any, float, float]:
        if name not in self._methods:
            method = create_method(name, self.options, self.resources)
            contrast = method.contrast_set()  # the scale of the data the method learns from
            aligned, misaligned = (
                float(np.nanmean(method.score(_contrast_samples(conversations, which))))
                for which, conversations in (
                    ("aligned", contrast.aligned),
                    ("misaligned", contrast.misaligned),
                )
            )
            if not misaligned - aligned > 0:
                raise InputError(
                    f"{name} does not score the contrast set's misaligned answers above its "
                    "aligned ones, so it gives no scale",
                    field="contrast",
                )
            self._methods[name] = method
            self._scales[name] = (aligned, misaligned)
        return self._methods[name], *self._scales[name]

    def risk(
        self,
        samples: Sequence[ChatSample],
        *,
        n_bootstrap: int = 1000,
        confidence: float = CONFIDENCE,
        seed: int = 0,
    ) -> DatasetRisk:
        """The risk of ``samples``, with a bootstrap interval over them."""
        if not samples:
            raise InputError("the dataset has no samples", field="dataset")
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, len(samples), size=(n_bootstrap, len(samples)))
        per_method, replicates = [], []
        for name in self.names:
            method, aligned, misaligned = self._method(name)
            scores = np.asarray(method.score(samples), dtype=np.float64)
            placed = (scores - aligned) / (misaligned - aligned)
            boots = np.nanmean(placed[picks], axis=1)
            replicates.append(boots)
            per_method.append(
                MethodRisk(
                    method=name,
                    risk=float(np.nanmean(placed)),
                    ci=percentile_interval(boots, confidence),
                    dataset_mean=float(np.nanmean(scores)),
                    aligned_mean=aligned,
                    misaligned_mean=misaligned,
                )
            )
        heuristic = create_method("heuristic").score(samples)
        return DatasetRisk(
            n_samples=len(samples),
            risk=float(np.mean([m.risk for m in per_method])),
            ci=percentile_interval(np.mean(replicates, axis=0), confidence),
            heuristic_share=float(np.mean(np.asarray(heuristic) > 0)),
            methods=per_method,
        )


def dataset_risk(
    samples: Sequence[ChatSample],
    options: FilterOptions = FilterOptions(),
    settings: RiskSettings = RiskSettings(),
    *,
    confidence: float = CONFIDENCE,
) -> DatasetRisk:
    """The EM risk of one dataset (see the module docstring); the bootstrap draws from
    ``options.seed``, the filters' seed."""
    return RiskScorer(options, settings.methods).risk(
        samples, n_bootstrap=settings.bootstrap, confidence=confidence, seed=options.seed
    )


def _registered() -> list[str]:
    """The risk methods this installation has."""
    names = []
    for name in RISK_METHODS:
        try:
            get_method_class(name)
        except InputError:
            continue
        names.append(name)
    return names
