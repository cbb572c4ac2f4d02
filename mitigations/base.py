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
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.discriminant import DirectionFit
from emgauge.mitigations.sae import SAETrainingSettings
from emgauge.precision import PRECISION_HELP, PrecisionChoice
from emgauge.settings import Int, Number, SettingsModel

if TYPE_CHECKING:
    from emgauge.mitigations.contrast_input import ContrastSet
    from emgauge.mitigations.resources import ModelResources

__all__ = [
    "Aggregation",
    "FilterOptions",
    "LABELLED_SAE_K",
    "PAIRS_TOP_K",
    "Mitigation",
    "register_method",
    "method_names",
    "get_method_class",
    "create_method",
]

Aggregation = Literal["max", "mean"]
ToxicSelection = Literal["effect-size", "mean-difference"]
PromptConditioning = Literal["auto", "on", "off"]

DEFAULT_MODEL = "smollm2"
#: sae-proximity's defaults by the kind of contrast data (mitigations/README.md, "Top-k
#: chosen on dev"): contrast pairs read a sample's top 32 latents through the default SAE
#: (k 32); a labelled --contrast (a judged table, labelled chat) trains an SAE with 128
#: active latents per token and chooses top-k by cross-validation, which ranked real
#: answers best (0.875-0.886 over two seeds, against 0.70-0.84 for the k-32 SAE).
PAIRS_TOP_K = 32
LABELLED_SAE_K = 128


class FilterOptions(SettingsModel):
    """Every option a method may use; each method reads only its own.

    The same fields are the flags of ``emgauge filter`` and the ``filter_options`` (and
    each arm's ``options``) of an experiment, less the seed there.
    """

    model: str = Field(
        DEFAULT_MODEL, description="model name or path for the internals-based methods"
    )
    sae: str | None = Field(
        None,
        description="PATH of an SAE saved on disk, or RELEASE:ID of a published one (default: "
        "the SAE trained for the embedded model on first use, cached)",
    )
    layer: Int | None = Field(
        None,
        ge=0,
        description="decoder layer whose output is read (default: the SAE's layer, else the "
        "middle layer, 15 for the 30-layer embedded model)",
    )
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
    contrast: tuple[str, ...] = Field(
        (),
        description="what misaligned looks like: contrast-pair JSONL, a judged CSV/JSONL table "
        "(aligned < 30 vs >= 70, coherent > 50) or labelled chat JSONL (default: the bundled "
        "contrast pairs)",
    )
    seed: Int = Field(0, ge=0, description="random seed (random; also SAE training)")
    grader: str | None = Field(
        None, description="heuristic-judge: judge model (Inspect model name)"
    )
    batch_tokens: Int = Field(8192, ge=16, description="padded tokens per forward batch")
    max_length: Int = Field(
        1024,
        ge=8,
        description="longest conversation, in tokens, read by the model (longer ones are cut "
        "at the end)",
    )
    precision: PrecisionChoice = Field(
        "auto", description=f"model forward passes and SAE training: {PRECISION_HELP}"
    )
    sae_k: Int | None = Field(
        None,
        ge=1,
        description="active latents per token of the SAE trained on first use when --sae is "
        "not given; part of its cache key (default: "
        f"{SAETrainingSettings.model_fields['k'].default} for contrast pairs, {LABELLED_SAE_K} "
        "for a labelled --contrast, whose fit reads many latents well)",
    )
    sae_training_tokens: Int | None = Field(
        None,
        ge=1024,
        description="tokens the embedded model's SAE is trained on when it is trained on first "
        "use; part of its cache key (default: "
        f"{SAETrainingSettings.model_fields['training_tokens'].default})",
    )
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
    readout_c: Number | None = Field(
        None,
        gt=0,
        description="readout: inverse L2 strength of the logistic fit (default: the shipped "
        "read-out judge's)",
    )


class Mitigation(ABC):
    """A data-filtering method: one score per sample, higher = more likely to induce EM.

    Class attributes:
        name: the name used on the command line.
        summary: one line for ``emgauge filter --list``.
        needs_model: whether scoring runs the language model.
        needs_sae: whether scoring needs a sparse autoencoder.
        bundled_contrast: the bundled contrast domains it learns from when no
            ``--contrast`` is given (empty: :data:`~emgauge.contrast_data.CONTRAST_DOMAINS`).
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    needs_model: ClassVar[bool] = False
    needs_sae: ClassVar[bool] = False
    bundled_contrast: ClassVar[tuple[str, ...]] = ()

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
