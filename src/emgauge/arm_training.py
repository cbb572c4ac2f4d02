"""An experiment arm's training-time method, made ready for its fine-tuning stage.

An arm may carry ``training_method`` (:mod:`emgauge.training_methods`) beside its filter.
Most methods go to :func:`emgauge.finetune.finetune` as written; ``direction-ablation``
without a ``direction`` file gets the ``direction`` filter's misalignment direction,
computed here from the contrast pairs (the filter options' ``contrast``, default the bundled
pairs) on the experiment's base model at the arm's layer (``training_method.layer``, else
the filter options' ``layer``, else the middle layer) and written once to
``stages/direction/<hash>/direction.safetensors``. The pipeline layer may use the
mitigations; the training layer only reads the file.

The fine-tuning stage's cache key holds the method as written, the resolved layer and the
direction file's sha256 (:func:`stage_key`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from emgauge.errors import InputError
from emgauge.files import json_digest, line_of, sha256_file
from emgauge.training_methods import (
    DirectionAblation,
    TrainingMethod,
    save_direction,
    training_method_label,
)

__all__ = ["check_direction_files", "resolve", "stage_key", "training_method_label"]

DIRECTION_FILE = "direction.safetensors"


def _given_direction(config_path: Path, text: str) -> Path:
    """A direction file named in the config: relative to the config's folder, else as given."""
    beside = (config_path.parent / text).resolve()
    return beside if beside.is_file() else Path(text).expanduser().resolve()


def check_direction_files(settings: Any, config_path: Path, node: Any) -> None:
    """Every ``direction`` an arm names exists (before a run folder is written)."""
    for index, arm in enumerate(settings.arms):
        method = arm.training_method
        if isinstance(method, DirectionAblation) and method.direction is not None:
            if not _given_direction(config_path, method.direction).is_file():
                where = ["arms", index, "training_method", "direction"]
                raise InputError(
                    f"direction file {method.direction!r} not found",
                    path=config_path,
                    line=line_of(node, where),
                    field=f"arms[{index}].training_method.direction",
                    fix="give a safetensors file relative to the config, or leave it out to "
                    "compute the direction from the contrast pairs",
                )


def _middle_layer(base_model: str) -> int:
    from transformers import AutoConfig

    from emgauge.models import resolve_model_path

    config = AutoConfig.from_pretrained(resolve_model_path(base_model))
    text_config = getattr(config, "text_config", None) or config
    return int(text_config.num_hidden_layers) // 2


def resolve(
    method: TrainingMethod | None,
    *,
    base_model: str,
    filter_options: Mapping[str, Any],
    config_path: Path,
    run_dir: Path,
    precision_mode: Callable[[str], str],
    log: Callable[[str], None],
) -> TrainingMethod | None:
    """The method as fine-tuning takes it: ``direction-ablation`` with its layer and file."""
    if not isinstance(method, DirectionAblation):
        return method
    options = dict(filter_options)
    layer = method.layer if method.layer is not None else options.get("layer")
    if method.direction is not None:
        if layer is None:
            layer = _middle_layer(base_model)
        direction = _given_direction(config_path, method.direction)
        return method.model_copy(update={"layer": layer, "direction": str(direction)})
    from emgauge.mitigations.methods.direction import DirectionMitigation
    from emgauge.mitigations.registry import FilterOptions

    # the direction filter's own direction, read from the model being fine-tuned
    options.update(model=base_model, layer=layer, seed=0)
    filter_settings = FilterOptions.from_dict(options)
    inputs = {
        "base": base_model,
        "options": {k: v for k, v in options.items() if k != "seed"},
        "precision": precision_mode(filter_settings.precision),
    }
    folder = run_dir / "stages" / "direction" / f"direction-{json_digest(inputs)[:12]}"
    target = folder / DIRECTION_FILE
    mitigation = DirectionMitigation(filter_settings)
    if not target.is_file():
        start = time.perf_counter()
        log(f"misalignment direction of {base_model} from the contrast pairs ...")
        vector = mitigation.activation_direction()
        save_direction(target, vector, layer=mitigation.layer, model=base_model)
        log(f"direction at layer {mitigation.layer} ({time.perf_counter() - start:.0f}s)")
        resolved_layer = mitigation.layer
    else:
        from safetensors import safe_open

        with safe_open(str(target), "pt") as handle:
            resolved_layer = int((handle.metadata() or {})["layer"])
    return method.model_copy(update={"layer": resolved_layer, "direction": str(target)})


def stage_key(written: Mapping[str, Any] | None, method: TrainingMethod | None) -> Any:
    """What the fine-tuning stage's cache key holds of the method (None without one)."""
    if method is None:
        return None
    key: dict[str, Any] = {"as_written": dict(written or {})}
    if isinstance(method, DirectionAblation):
        assert method.direction is not None
        key |= {"layer": method.layer, "direction_sha256": sha256_file(Path(method.direction))}
    return key
