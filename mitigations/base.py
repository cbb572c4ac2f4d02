"""The mitigation interface (the options every method shares are re-exported here).

A *mitigation* scores every sample of a fine-tuning set; **higher = more likely to induce
emergent misalignment**. The filter (:mod:`emgauge.mitigations.filtering`) then removes the
highest-scoring samples at a budget. Methods never see labels: they receive label-free
copies of the samples (:func:`emgauge.mitigations.data.label_free`).

A method is one module of :mod:`emgauge.mitigations.methods` (or of another package, named
by the entry-point group ``emgauge.mitigations``), registered by
:func:`emgauge.mitigations.registry.register_method`::

    class MyOptions(MethodOptions):
        strength: Int = Field(3, ge=1, description="my-method: how hard it looks")

    @register_method
    class MyMethod(Mitigation):
        name = "my-method"
        summary = "one line for `emgauge filter --list`"
        options_model = MyOptions
        options: MyOptions

        def score(self, samples):
            return np.array([...])

Its options model holds only its own fields over :class:`MethodOptions`; the fields of all
registered methods together make :data:`emgauge.mitigations.registry.FilterOptions`, the
flags of ``emgauge filter`` and an experiment's ``filter_options``. This module imports no
method and not the registry, so the methods and the registry can both stand on it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from emgauge.chat_data import ChatSample
from emgauge.mitigations.options import (
    DEFAULT_MODEL,
    LABELLED_SAE_K,
    PAIRS_TOP_K,
    MethodOptions,
)

if TYPE_CHECKING:
    from emgauge.mitigations.contrast_input import ContrastSet
    from emgauge.mitigations.resources import ModelResources

__all__ = [
    "DEFAULT_MODEL",
    "LABELLED_SAE_K",
    "PAIRS_TOP_K",
    "Mitigation",
    "MethodOptions",
]


class Mitigation(ABC):
    """A data-filtering method: one score per sample, higher = more likely to induce EM.

    Class attributes:
        name: the name used on the command line.
        summary: one line for ``emgauge filter --list``.
        needs_model: whether scoring runs the language model.
        needs_sae: whether scoring needs a sparse autoencoder.
        bundled_contrast: the bundled contrast domains it learns from when no
            ``--contrast`` is given (empty: :data:`~emgauge.contrast_data.CONTRAST_DOMAINS`).
        options_model: its options: :class:`MethodOptions` plus its own fields.
        list_order: where ``emgauge filter --list`` and ``--compare`` without
            ``--methods`` put it (ascending; equal ones in the order registered).
        seeded_ingredient: the random ingredient its scores depend on through ``seed``
            (``"the permutation"``, ``"the SAE"``), None when the seed changes nothing:
            an experiment scores such a method once per seed, so the spread of its
            results over seeds includes that ingredient's.
        shardable: whether its scoring splits into a fit made once (:meth:`fit`), a
            per-row part (:meth:`row_scores`) and a set-level finish
            (:meth:`finish_scores`), so that :mod:`emgauge.mitigations.sharded` can spread
            the rows over Ray Data blocks while the fit is made once and shared.

    Attributes:
        fits: how many times this instance computed its fit (a sharded scoring checks
            that its workers, which receive the fitted method, add none).

    A method is built from its own options or from wider ones (all filter options, as
    the pipeline passes them), which it reads its own fields off.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    needs_model: ClassVar[bool] = False
    needs_sae: ClassVar[bool] = False
    bundled_contrast: ClassVar[tuple[str, ...]] = ()
    options_model: ClassVar[type[MethodOptions]] = MethodOptions
    list_order: ClassVar[int] = 1000
    seeded_ingredient: ClassVar[str | None] = None
    shardable: ClassVar[bool] = False

    options: MethodOptions
    fits: int = 0

    def __init__(
        self, options: MethodOptions | None = None, resources: ModelResources | None = None
    ) -> None:
        model = self.options_model
        self.options = model() if options is None else model.taken_from(options)
        self._resources = resources

    @classmethod
    def seeded_by(cls, options: MethodOptions) -> str | None:
        """The random ingredient ``seed`` changes under ``options`` (a method whose
        ingredient can be given, like a fixed ``--sae``, has none then)."""
        return cls.seeded_ingredient

    @property
    def resources(self) -> ModelResources:
        """Shared model/SAE/contrast loader (created on first use)."""
        if self._resources is None:
            from emgauge.mitigations.resources import ModelResources

            self._resources = ModelResources(self.options)
        return self._resources

    def contrast_set(self) -> ContrastSet:
        """What "misaligned" looks like to this method: ``--contrast``, else its bundled sets."""
        return self.resources.contrast_set(self.bundled_contrast)

    def contrast_source(self) -> list[str] | str:
        """``--contrast`` as given, or which bundled sets (for :meth:`used_options`)."""
        if self.options.contrast:
            return list(self.options.contrast)
        return "bundled" + (
            f": {', '.join(self.bundled_contrast)}" if self.bundled_contrast else ""
        )

    @abstractmethod
    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        """One float per sample, aligned with ``samples`` (NaN = could not score)."""

    def fit(self) -> Any:
        """What scoring learns once from the contrast data (a direction, the toxic latents),
        computed on first call and kept; nothing for methods that learn nothing."""
        return None

    def row_scores(self, samples: Sequence[ChatSample]) -> dict[str, np.ndarray]:
        """A shardable method's per-row part of :meth:`score`, after :meth:`fit`: columns
        of one value per sample (``score``, and what :meth:`finish_scores` needs), each
        row's values independent of the other rows."""
        raise NotImplementedError(f"{self.name} does not split its scoring into rows")

    def finish_scores(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """A shardable method's scores from the columns :meth:`row_scores` gave for the
        whole set, in sample order (the set-level step, such as prompt conditioning)."""
        return np.asarray(columns["score"], dtype=np.float64)

    def _scored_by_rows(self, samples: Sequence[ChatSample]) -> np.ndarray:
        """:meth:`score` of a shardable method in this process: fit, rows, finish."""
        self.fit()
        return self.finish_scores(self.row_scores(samples))

    def used_options(self) -> dict[str, Any]:
        """The options this method actually used, for the filter manifest."""
        return {}

    def details(self) -> dict[str, Any]:
        """Anything worth recording after scoring (e.g. the toxic latents)."""
        return {}

    def data_defaults(self) -> dict[str, Any]:
        """Defaults this method takes from the kind of its data rather than from its
        options (``sae-proximity``'s for a labelled ``--contrast``). They enter an
        experiment's score-stage key, so a cached score made under other defaults is never
        reused. Empty for most methods; never loads the model."""
        return {}
