"""The mitigation interface, its options and the registry of methods.

A *mitigation* scores every sample of a fine-tuning set; **higher = more likely to induce
emergent misalignment**. The filter (:mod:`emgauge.mitigations.filtering`) then removes the
highest-scoring samples at a budget. Methods never see labels: they receive label-free
copies of the samples (:func:`emgauge.mitigations.data.label_free`).

Adding a method::

    @register_method
    class MyMethod(Mitigation):
        name = "my-method"
        summary = "one line for `emgauge filter --list`"

        def score(self, samples):
            return np.array([...])
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.precision import PRECISIONS

if TYPE_CHECKING:
    from emgauge.mitigations.resources import ModelResources

__all__ = [
    "Aggregation",
    "FilterOptions",
    "Mitigation",
    "register_method",
    "method_names",
    "get_method_class",
    "create_method",
]

Aggregation = Literal["max", "mean"]

DEFAULT_MODEL = "smollm2"


@dataclass(frozen=True)
class FilterOptions:
    """Every option a method may use; each method reads only its own.

    Args:
        model: model name or path for the internals-based methods (default: embedded).
        sae: ``PATH`` of an SAE saved on disk, or ``RELEASE:ID`` of a published one;
            ``None`` = the SAE trained for the embedded model (trained on first use).
        layer: decoder layer whose output is read; ``None`` = the SAE's layer, else the
            middle layer (15 for the 30-layer embedded model).
        top_k: number of a sample's most active SAE latents used by ``sae-proximity``.
        n_toxic: size of the toxic latent set for ``sae-proximity``.
        aggregation: how per-token latent activations are pooled over a sample's
            assistant tokens for ``sae-proximity`` (``mean`` or ``max``).
        contrast: contrast JSONL files; empty = the bundled contrast sets.
        seed: random seed (``random``; also SAE training).
        grader: judge model for ``heuristic-judge``.
        batch_tokens: padded tokens per forward batch.
        max_length: longest conversation, in tokens, read by the model (longer ones are
            cut at the end).
        precision: ``auto``, ``fp32`` or ``bf16`` for the model's forward passes and SAE
            training (see :mod:`emgauge.precision`).
        sae_training_tokens: tokens the embedded model's SAE is trained on when it is
            trained on first use (``None``: the SAE default, 250k); part of its cache key.
        readout_c: inverse L2 strength of the ``readout`` method's logistic fit
            (``None``: the shipped read-out judge's C).
    """

    model: str = DEFAULT_MODEL
    sae: str | None = None
    layer: int | None = None
    top_k: int = 32
    n_toxic: int = 64
    aggregation: Aggregation = "mean"
    contrast: tuple[str, ...] = ()
    seed: int = 0
    grader: str | None = None
    batch_tokens: int = 8192
    max_length: int = 1024
    precision: str = "auto"
    sae_training_tokens: int | None = None
    readout_c: float | None = None

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise InputError(f"--top-k {self.top_k} must be at least 1", field="top-k")
        if self.n_toxic < 1:
            raise InputError(f"--n-toxic {self.n_toxic} must be at least 1", field="n-toxic")
        if self.aggregation not in ("max", "mean"):
            raise InputError(
                f"--aggregation {self.aggregation!r} is not max or mean", field="aggregation"
            )
        if self.batch_tokens < 16:
            raise InputError("--batch-tokens must be at least 16", field="batch-tokens")
        if self.sae_training_tokens is not None and self.sae_training_tokens < 1024:
            raise InputError(
                f"must be >= 1024, got {self.sae_training_tokens}", field="sae_training_tokens"
            )
        if self.max_length < 8:
            raise InputError("--max-length must be at least 8", field="max-length")
        if self.readout_c is not None and not self.readout_c > 0:
            raise InputError(f"must be positive, got {self.readout_c}", field="readout-c")
        if self.precision not in PRECISIONS:
            raise InputError(
                f"--precision {self.precision!r} is not one of {', '.join(PRECISIONS)}",
                field="precision",
            )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["contrast"] = list(self.contrast)
        return data


class Mitigation(ABC):
    """A data-filtering method: one score per sample, higher = more likely to induce EM.

    Class attributes:
        name: the name used on the command line.
        summary: one line for ``emgauge filter --list``.
        needs_model: whether scoring runs the language model.
        needs_sae: whether scoring needs a sparse autoencoder.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    needs_model: ClassVar[bool] = False
    needs_sae: ClassVar[bool] = False

    def __init__(
        self, options: FilterOptions | None = None, resources: ModelResources | None = None
    ) -> None:
        self.options = options or FilterOptions()
        self._resources = resources

    @property
    def resources(self) -> ModelResources:
        """Shared model/SAE/contrast loader (created on first use)."""
        if self._resources is None:
            from emgauge.mitigations.resources import ModelResources

            self._resources = ModelResources(self.options)
        return self._resources

    @abstractmethod
    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        """One float per sample, aligned with ``samples`` (NaN = could not score)."""

    def used_options(self) -> dict[str, Any]:
        """The options this method actually used, for the filter manifest."""
        return {}

    def details(self) -> dict[str, Any]:
        """Anything worth recording after scoring (e.g. the toxic latents)."""
        return {}


_REGISTRY: dict[str, type[Mitigation]] = {}


def register_method(cls: type[Mitigation]) -> type[Mitigation]:
    """Class decorator adding a method to the registry under ``cls.name``."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"mitigation {cls.name!r} is registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def _ensure_builtin_methods() -> None:
    import emgauge.mitigations.methods  # noqa: F401  (registers the built-in methods)


def method_names() -> list[str]:
    """Names of all registered methods: the built-in ones first, then others as registered."""
    from emgauge.mitigations.methods import BUILTIN_ORDER

    order = {name: i for i, name in enumerate(BUILTIN_ORDER)}
    return sorted(_REGISTRY, key=lambda name: order.get(name, len(order)))


def get_method_class(name: str) -> type[Mitigation]:
    _ensure_builtin_methods()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise InputError(
            f"unknown method {name!r}",
            field="method",
            fix=f"choose one of: {', '.join(method_names())} (see `emgauge filter --list`)",
        ) from None


def create_method(
    name: str, options: FilterOptions | None = None, resources: ModelResources | None = None
) -> Mitigation:
    """Instantiate a registered method by name; unknown names raise :class:`InputError`."""
    return get_method_class(name)(options, resources)
