"""Training-time mitigation methods: what a fine-tuning run does besides plain LoRA.

The data filters (:mod:`emgauge.mitigations`) change *what* is trained on; these methods
change *how*. Each has a name and one small typed config (peft style: the config names its
method), and an experiment arm may carry one beside its filter::

    - {name: kl-to-base, method: none, training_method: {name: kl-to-base, coefficient: 0.1}}

One module per method, each with its config (:mod:`~emgauge.training_methods.kl_to_base`,
:mod:`~emgauge.training_methods.direction_ablation`,
:mod:`~emgauge.training_methods.interleave_aligned`); a method registers itself, and the
registry (:mod:`emgauge.training_methods.base`) finds every module of this package and
the entry points of the group ``emgauge.training_methods``. A new method is one new module
here (plus its tests). The names below are those callers have always imported from here;
the union and the flags are derived from what is registered when this is first imported.
"""

from __future__ import annotations

from typing import Any

from emgauge.training_methods.base import (
    MethodFlag,
    TrainingMethodConfig,
    register_training_method,
    training_method_flags_model,
    training_method_label,
    training_method_names,
    training_method_union,
    training_methods_by_name,
)
from emgauge.training_methods.direction_ablation import (
    DIRECTION_KEY,
    DirectionAblation,
    ablating_direction,
    load_direction,
    save_direction,
)
from emgauge.training_methods.interleave_aligned import (
    ALIGNED_SET,
    InterleaveAligned,
    aligned_samples,
    interleave_aligned,
)
from emgauge.training_methods.kl_to_base import KLToBase, KLToBaseLoss, kl_sum, next_token_logits

__all__ = [
    "ALIGNED_SET",
    "DIRECTION_KEY",
    "DirectionAblation",
    "InterleaveAligned",
    "KLToBase",
    "KLToBaseLoss",
    "MethodFlag",
    "TRAINING_METHODS",
    "TrainingMethod",
    "TrainingMethodConfig",
    "TrainingMethodFlags",
    "ablating_direction",
    "aligned_samples",
    "interleave_aligned",
    "kl_sum",
    "load_direction",
    "next_token_logits",
    "register_training_method",
    "save_direction",
    "training_method_label",
    "training_method_names",
]

#: Every training-time method by name, in the order they are listed.
TRAINING_METHODS: dict[str, type[TrainingMethodConfig]] = training_methods_by_name()

TrainingMethod: Any = training_method_union()
"""One training-time method's config, chosen by its ``name``."""

#: ``emgauge finetune``'s training-method flags; ``.method()`` builds the config.
TrainingMethodFlags = training_method_flags_model()
