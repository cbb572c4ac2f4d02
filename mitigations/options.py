"""The options every mitigation method shares, and the defaults they are written with.

A method's own options subclass :class:`MethodOptions` (see
:mod:`emgauge.mitigations.base`). These live apart from the method interface because the
shared :class:`~emgauge.mitigations.resources.ModelResources` reads them, and the
interface creates those resources: one module each keeps the imports one way.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from emgauge.mitigations.sae_training import SAETrainingSettings
from emgauge.precision import PRECISION_HELP, PrecisionChoice
from emgauge.settings import Int, SettingsModel

__all__ = ["DEFAULT_MODEL", "LABELLED_SAE_K", "PAIRS_TOP_K", "MethodOptions"]

DEFAULT_MODEL = "smollm2"
#: sae-proximity's defaults by the kind of contrast data (mitigations/README.md, "Top-k
#: chosen on dev"): contrast pairs read a sample's top 32 latents through the default SAE
#: (k 32); a labelled --contrast (a judged table, labelled chat) trains an SAE with 128
#: active latents per token and chooses top-k by cross-validation, which ranked real
#: answers best (0.875-0.886 over two seeds, against 0.70-0.84 for the k-32 SAE).
PAIRS_TOP_K = 32
LABELLED_SAE_K = 128


class MethodOptions(SettingsModel):
    """The options several methods share: the model and where it is read, the contrast
    data, batching, precision, the seed, and the SAE that the shared
    :class:`~emgauge.mitigations.resources.ModelResources` loads.

    A method's own options subclass this with only its fields.
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
    contrast: tuple[str, ...] = Field(
        (),
        description="what misaligned looks like: contrast-pair JSONL, a judged CSV/JSONL table "
        "(aligned < 30 vs >= 70, coherent > 50) or labelled chat JSONL (default: the bundled "
        "contrast pairs)",
    )
    seed: Int = Field(0, ge=0, description="random seed (random; also SAE training)")
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

    @classmethod
    def own_fields(cls) -> list[str]:
        """The fields this model adds to :class:`MethodOptions` (none for the base)."""
        return [name for name in cls.model_fields if name not in MethodOptions.model_fields]

    @classmethod
    def taken_from(cls, options: MethodOptions) -> Any:
        """These options read off wider ones (``FilterOptions``, another method's): the
        fields of this model, with the same values and the same fields marked as given."""
        if type(options) is cls:
            return options
        given = options.model_dump(include=set(cls.model_fields), exclude_unset=True)
        return cls.from_dict(given)
