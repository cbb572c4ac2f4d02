"""``direction-ablation`` (:class:`DirectionAblation`): during training only, a forward hook
on decoder layer ``layer`` removes the component of its output along the unit vector
``u``, ``h <- h - (h . u) u``, at every position. The hook is removed before the adapter is
saved, so the adapter is evaluated without it. Source idea: concept-ablation fine-tuning
(CAFT, Casademunt et al. 2025): ablating a concept's direction while fine-tuning keeps
the optimiser from using that concept to fit the data, steering what generalises. In an
experiment, ``u`` is the ``direction`` filter's misalignment direction (misaligned minus
aligned mean activation of the contrast pairs at that layer), computed by the pipeline
and handed over as a file (:func:`save_direction`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from emgauge.errors import InputError
from emgauge.settings import Int
from emgauge.training_methods.base import (
    MethodFlag,
    TrainingMethodConfig,
    register_training_method,
)

if TYPE_CHECKING:
    import torch

__all__ = [
    "DIRECTION_KEY",
    "DirectionAblation",
    "ablating_direction",
    "load_direction",
    "save_direction",
]

#: Key of the direction tensor in a direction file (safetensors).
DIRECTION_KEY = "direction"


@register_training_method
class DirectionAblation(TrainingMethodConfig):
    """The misalignment direction projected out of one layer's output while training."""

    list_order = 1
    flags = (
        MethodFlag(
            "ablate_direction",
            "direction",
            "direction-ablation: safetensors file of the direction (key 'direction')",
        ),
        MethodFlag(
            "ablate_layer", "layer", "direction-ablation: decoder layer whose output loses it"
        ),
    )

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
