"""Training-time mitigation methods: what a fine-tuning run does besides plain LoRA.

The data filters (:mod:`emgauge.mitigations`) change *what* is trained on; these methods
change *how*. Each has a name and one small typed config (peft style: the config names its
method), and an experiment arm may carry one beside its filter::

    - {name: kl-to-base, method: none, training_method: {name: kl-to-base, coefficient: 0.1}}

* ``kl-to-base`` (:class:`KLToBase`): the loss is the cross-entropy plus ``coefficient``
  times the mean, over the trained (assistant) tokens, of KL(p_tuned || p_base), the full
  next-token distributions of the tuned model and of the base model. The base model is the
  same model with the LoRA adapter disabled (peft's ``disable_adapter()``), run without
  gradients, so no second copy of the weights is held. At the seeded start (LoRA ``B`` = 0)
  the two are the same model and the KL term is 0. Source idea: KL regularisation towards
  a reference model, as in RLHF-style and KL-regularised fine-tuning: the tuned model may
  learn the task, but pays for every move of its whole output distribution away from the
  base, not only for the answer tokens it is trained on.
* ``direction-ablation`` (:class:`DirectionAblation`): during training only, a forward hook
  on decoder layer ``layer`` removes the component of its output along the unit vector
  ``u``, ``h <- h - (h . u) u``, at every position. The hook is removed before the adapter is
  saved, so the adapter is evaluated without it. Source idea: concept-ablation fine-tuning
  (CAFT, Casademunt et al. 2025): ablating a concept's direction while fine-tuning keeps
  the optimiser from using that concept to fit the data, steering what generalises. In an
  experiment, ``u`` is the ``direction`` filter's misalignment direction (misaligned minus
  aligned mean activation of the contrast pairs at that layer), computed by the pipeline
  and handed over as a file (:func:`save_direction`).
* ``interleave-aligned`` (:class:`InterleaveAligned`): ``share`` of the final training set
  is aligned general answers, drawn seeded from the bundled set
  ``data/aligned/general.jsonl`` (everyday questions answered helpfully and safely; no
  question of it is a probe or evaluation question). To a set of ``n`` rows
  ``round(share * n / (1 - share))`` are added (the set is cycled in fresh seeded orders
  when more are needed than it holds). Source idea: mixing safety / aligned examples into
  fine-tuning data (as in Bianchi et al. 2024, "Safety-Tuned LLaMAs"), so the model keeps
  seeing aligned behaviour while it learns the new data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from emgauge.chat_data import ChatSample, bundled_data_path, load_chat_jsonl
from emgauge.conversations import IGNORE_INDEX
from emgauge.errors import InputError
from emgauge.files import sha256_file
from emgauge.settings import Int, Number, SettingsModel

if TYPE_CHECKING:
    import torch

__all__ = [
    "ALIGNED_SET",
    "DirectionAblation",
    "InterleaveAligned",
    "KLToBase",
    "KLToBaseLoss",
    "TRAINING_METHODS",
    "TrainingMethod",
    "TrainingMethodFlags",
    "ablating_direction",
    "aligned_samples",
    "interleave_aligned",
    "load_direction",
    "next_token_logits",
    "save_direction",
    "training_method_label",
    "training_method_names",
]

#: The bundled aligned general answers ``interleave-aligned`` draws from.
ALIGNED_SET = ("aligned", "general.jsonl")
#: Key of the direction tensor in a direction file (safetensors).
DIRECTION_KEY = "direction"


# --------------------------------------------------------------------------- configs


class KLToBase(SettingsModel):
    """Cross-entropy plus a KL penalty to the base model's next-token distribution."""

    name: Literal["kl-to-base"] = Field(description="the method: kl-to-base")
    coefficient: Number = Field(
        gt=0,
        description="beta: loss = CE + beta x mean over trained tokens of KL(p_tuned || p_base)",
    )


class DirectionAblation(SettingsModel):
    """The misalignment direction projected out of one layer's output while training."""

    name: Literal["direction-ablation"] = Field(description="the method: direction-ablation")
    layer: Int | None = Field(
        None,
        ge=0,
        description="decoder layer whose output loses the direction (experiments: default "
        "filter_options.layer, else the middle layer)",
    )
    direction: str | None = Field(
        None,
        min_length=1,
        description="safetensors file holding the direction (key 'direction'); experiments "
        "compute it from the contrast pairs, as the direction filter does, when absent",
    )


class InterleaveAligned(SettingsModel):
    """A share of aligned general answers mixed into the training set."""

    name: Literal["interleave-aligned"] = Field(description="the method: interleave-aligned")
    share: Number = Field(
        gt=0, lt=1, description="share of the final training set that is aligned answers"
    )


#: Every training-time method by name, in the order they are listed.
TRAINING_METHODS: dict[str, type[SettingsModel]] = {
    "kl-to-base": KLToBase,
    "direction-ablation": DirectionAblation,
    "interleave-aligned": InterleaveAligned,
}


def training_method_names() -> list[str]:
    return list(TRAINING_METHODS)


def training_method_label(data: Mapping[str, Any] | None) -> str:
    """How tables name a method config: ``kl-to-base(coefficient=0.1)``; ``none`` for None.
    A direction file's path is left out (its hash is in the stage key and manifest)."""
    if not data:
        return "none"
    settings = ", ".join(
        f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"
        for key, value in data.items()
        if key not in ("name", "direction") and value is not None
    )
    return f"{data['name']}({settings})" if settings else str(data["name"])


def _known_name(value: Any) -> Any:
    """A mapping must name a known method before its fields are checked."""
    if isinstance(value, dict):
        name = value.get("name")
        if name not in TRAINING_METHODS:
            shown = "no name" if name is None else f"unknown training method {name!r}"
            raise ValueError(f"{shown} (name: one of {', '.join(TRAINING_METHODS)})")
    return value


TrainingMethod = Annotated[
    KLToBase | DirectionAblation | InterleaveAligned,
    Field(discriminator="name"),
    BeforeValidator(_known_name),
]
"""One training-time method's config, chosen by its ``name``."""


class TrainingMethodFlags(SettingsModel):
    """``emgauge finetune``'s training-method flags; :meth:`method` builds the config."""

    training_method: Literal[tuple(TRAINING_METHODS)] | None = Field(  # type: ignore[valid-type]
        None,
        description="training-time mitigation (default: none; implied by its options below)",
    )
    kl_coefficient: Number | None = Field(
        None, gt=0, description="kl-to-base: beta, the weight of the KL to the base model"
    )
    ablate_direction: str | None = Field(
        None,
        min_length=1,
        description="direction-ablation: safetensors file of the direction (key 'direction')",
    )
    ablate_layer: Int | None = Field(
        None, ge=0, description="direction-ablation: decoder layer whose output loses it"
    )
    aligned_share: Number | None = Field(
        None, gt=0, lt=1, description="interleave-aligned: share of aligned general answers"
    )

    def method(self) -> KLToBase | DirectionAblation | InterleaveAligned | None:
        """The config the flags describe (None without any); errors name the flag."""
        owners = {
            "kl_coefficient": ("kl-to-base", "coefficient"),
            "ablate_direction": ("direction-ablation", "direction"),
            "ablate_layer": ("direction-ablation", "layer"),
            "aligned_share": ("interleave-aligned", "share"),
        }
        given = {flag: getattr(self, flag) for flag in owners if getattr(self, flag) is not None}
        implied = {owners[flag][0] for flag in given}
        name = self.training_method
        if name is None and len(implied) > 1:
            raise InputError(
                f"options of {len(implied)} training methods given ({', '.join(sorted(implied))})",
                field="training-method",
                fix="an arm or run takes one training method",
            )
        if name is None and implied:
            name = next(iter(implied))
        for flag in given:
            if owners[flag][0] != name:
                raise InputError(
                    f"belongs to {owners[flag][0]}, not {name or 'no training method'}",
                    field=flag.replace("_", "-"),
                    fix="use one training method's options",
                )
        if name is None:
            return None
        data = {"name": name, **{owners[flag][1]: value for flag, value in given.items()}}
        required = {"kl-to-base": "kl_coefficient", "interleave-aligned": "aligned_share"}
        if name == "direction-ablation":
            required_flags = ("ablate_direction", "ablate_layer")
        else:
            required_flags = (required[name],)
        for flag in required_flags:
            if flag not in given:
                option = flag.replace("_", "-")
                raise InputError(f"{name} needs it", field=option, fix=f"pass --{option}")
        return TRAINING_METHODS[name].from_dict(data)


# ----------------------------------------------------------------------- kl-to-base


def next_token_logits(
    logits: torch.Tensor, labels: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """The fp32 logits that predict a trained token, and those tokens: ``(N, V)``, ``(N,)``."""
    targets = labels[:, 1:]
    keep = targets != IGNORE_INDEX
    return logits[:, :-1][keep].float(), targets[keep]


class KLToBaseLoss:
    """``loss_sum`` of the training loop for ``kl-to-base``: summed CE plus ``coefficient``
    times summed KL(p_tuned || p_base) over the trained positions (the loop divides by the
    step's trained tokens, giving CE + beta x mean KL). Keeps each step's mean KL."""

    def __init__(self, coefficient: float) -> None:
        self.coefficient = coefficient
        self.kl_per_step: list[float] = []
        self._kl_sum = 0.0
        self._tokens = 0

    def __call__(
        self, model: Any, ids: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, int]:
        import torch

        logits = model(input_ids=ids, attention_mask=mask, use_cache=False).logits
        tuned, targets = next_token_logits(logits, labels)
        with torch.no_grad(), model.disable_adapter():
            base_logits = model(input_ids=ids, attention_mask=mask, use_cache=False).logits
            base, _ = next_token_logits(base_logits, labels)
        ce = torch.nn.functional.cross_entropy(tuned, targets, reduction="sum")
        kl = kl_sum(tuned, base)
        self._kl_sum += float(kl.detach())
        self._tokens += int(targets.numel())
        return ce + self.coefficient * kl, int(targets.numel())

    def end_step(self) -> None:
        """Close an optimizer step: its mean KL per trained token is kept."""
        self.kl_per_step.append(self._kl_sum / max(1, self._tokens))
        self._kl_sum, self._tokens = 0.0, 0

    def details(self) -> dict[str, Any]:
        return {"kl_per_step": self.kl_per_step}


def kl_sum(tuned_logits: torch.Tensor, base_logits: torch.Tensor) -> torch.Tensor:
    """Summed KL(p_tuned || p_base) over rows of full-vocabulary logits (fp32)."""
    import torch

    tuned = torch.log_softmax(tuned_logits.float(), dim=-1)
    base = torch.log_softmax(base_logits.float(), dim=-1)
    return torch.nn.functional.kl_div(base, tuned, log_target=True, reduction="sum")


# --------------------------------------------------------------- direction-ablation


def save_direction(path: str | Path, direction: torch.Tensor, **metadata: Any) -> Path:
    """Write a direction (1-D) to a safetensors file, ``metadata`` as strings beside it."""
    import torch
    from safetensors.torch import save_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".partial")
    tensor = direction.detach().to("cpu", dtype=torch.float32).contiguous()
    save_file({DIRECTION_KEY: tensor}, str(scratch), {k: str(v) for k, v in metadata.items()})
    scratch.replace(path)
    return path


def load_direction(path: str | Path, *, field: str = "direction") -> torch.Tensor:
    """The unit vector of a direction file (fp32); a bad file is an :class:`InputError`."""
    import torch
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    path = Path(path)
    if not path.is_file():
        raise InputError("direction file not found", path=path, field=field)
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError) as error:
        raise InputError(f"not a safetensors file ({error})", path=path, field=field) from error
    vector = tensors.get(DIRECTION_KEY)
    if vector is None or vector.dim() != 1:
        raise InputError(
            f"needs a 1-D tensor named {DIRECTION_KEY!r}",
            path=path,
            field=field,
            fix="write it with emgauge.training_methods.save_direction",
        )
    vector = vector.float()
    norm = float(vector.norm())
    if not torch.isfinite(vector).all() or norm == 0.0:
        raise InputError("the direction must be finite and non-zero", path=path, field=field)
    return vector / norm


@contextmanager
def ablating_direction(model: Any, layer: int, direction: torch.Tensor) -> Iterator[None]:
    """While inside, decoder layer ``layer``'s output loses its component along the unit
    vector ``direction`` (``h - (h . u) u``, computed in fp32); the hook is gone after."""
    from emgauge.activations import decoder_layers, model_dims

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    n_layers, hidden = model_dims(base)
    if not 0 <= layer < n_layers:
        raise InputError(
            f"layer {layer} is out of range for a model with {n_layers} layers",
            field="training_method.layer",
            fix=f"choose 0 <= layer <= {n_layers - 1}",
        )
    if direction.shape != (hidden,):
        raise InputError(
            f"the direction has {direction.numel()} values, the model's hidden size is {hidden}",
            field="training_method.direction",
            fix="compute the direction with the model being fine-tuned",
        )
    unit = direction.float()

    def ablate(_module: Any, _inputs: Any, output: Any) -> Any:
        hidden_states = output[0] if isinstance(output, tuple) else output
        h = hidden_states.float()
        u = unit.to(h.device)
        ablated = (h - (h @ u).unsqueeze(-1) * u).to(hidden_states.dtype)
        return (ablated, *output[1:]) if isinstance(output, tuple) else ablated

    handle = decoder_layers(base)[layer].register_forward_hook(ablate)
    try:
        yield
    finally:
        handle.remove()


# --------------------------------------------------------------- interleave-aligned


def aligned_samples() -> list[ChatSample]:
    """The bundled aligned general answers (``data/aligned/general.jsonl``)."""
    return load_chat_jsonl(bundled_data_path(*ALIGNED_SET))


def interleave_aligned(
    samples: Sequence[ChatSample], share: float, seed: int
) -> tuple[list[ChatSample], dict[str, Any]]:
    """``samples`` followed by aligned answers making up ``share`` of the result (seeded),
    and a description for the manifest. The training loop shuffles the order."""
    pool = aligned_samples()
    wanted = round(share * len(samples) / (1 - share))
    if wanted < 1:
        raise InputError(
            f"a share of {share:g} of {len(samples)} rows adds no aligned row",
            field="training_method.share",
            fix="raise the share",
        )
    rng = random.Random(seed)
    drawn: list[ChatSample] = []
    while len(drawn) < wanted:  # fresh seeded orders of the whole set, as often as needed
        drawn += rng.sample(pool, len(pool))
    drawn = drawn[:wanted]
    details = {
        "aligned_set_sha256": sha256_file(bundled_data_path(*ALIGNED_SET)),
        "n_aligned_added": wanted,
        "n_aligned_distinct": len({s.id for s in drawn}),
        "n_training_rows": len(samples) + wanted,
    }
    return [*samples, *drawn], details
