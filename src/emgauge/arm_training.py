"""An experiment arm's training-time method, made ready for its fine-tuning stage.

An arm may carry ``training_method`` (:mod:`emgauge.training_methods`) beside its filter.
Most methods go to :func:`emgauge.finetune.finetune` as written; ``direction-ablation``
without a ``direction`` file gets the ``direction`` filter's misalignment direction,
computed here from the contrast pairs (the filter options' ``contrast``, default the bundled
pairs) on the experiment's base model at the arm's layer (``training_method.layer``, else
the filter options' ``layer``, else the middle layer) and written once to
``stages/direction/<hash>/direction.safetensors``. The pipeline layer may use the
mitigations; the training layer only reads the file.

``interleave-selected`` with a ``misaligned`` folder gets it relative to the config; without
one, the no-filter arm's checkpoint of the same seed is used (:mod:`emgauge.stages.select`),
and a config without such an arm is refused (:func:`check_training_methods`). ``inoculation``
is passed as written; :func:`training_system_prompt` gives its prompt to evaluation variants.

The fine-tuning stage's cache key holds the method as written, the resolved layer and the
direction file's sha256, and interleave-selected's misaligned adapter and gaps file sha256
(:func:`stage_key`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from emgauge.adapters import ADAPTER_WEIGHTS
from emgauge.errors import InputError
from emgauge.files import file_lock, json_digest, line_of, sha256_file
from emgauge.models import model_shape
from emgauge.training_methods import (
    DirectionAblation,
    TrainingMethod,
    save_direction,
    training_method_label,
)
from emgauge.training_methods.inoculation import Inoculation
from emgauge.training_methods.interleave_selected import InterleaveSelected

__all__ = [
    "check_direction_files",
    "check_training_methods",
    "misaligned_reference_arm",
    "reads_reference_checkpoint",
    "model_key",
    "resolve",
    "stage_key",
    "training_method_label",
    "training_system_prompt",
]
#: The arm whose checkpoint is interleave-selected's misaligned model, by default.
NO_FILTER_ARM = "no-filter"

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


def training_system_prompt(method_config: Any) -> str | None:
    """The system prompt an arm trains with and evaluation never shows: inoculation's (a
    config or its mapping as written); None for any other method or none."""
    if isinstance(method_config, Mapping):
        if method_config.get("name") != "inoculation":
            return None
        method_config = Inoculation.from_dict(dict(method_config))
    return method_config.system_prompt if isinstance(method_config, Inoculation) else None


def misaligned_reference_arm(arms: Any) -> Any | None:
    """The no-filter arm (method ``none``, no training method; the one named ``no-filter``
    first) whose checkpoint is interleave-selected's default misaligned model."""
    plain = [a for a in arms if a.method == "none" and not a.training_method]
    named = [a for a in plain if a.name == NO_FILTER_ARM]
    return (named or plain or [None])[0]


def reads_reference_checkpoint(training_method: Mapping[str, Any] | None) -> bool:
    """Whether an arm's training method (as written) trains on the no-filter arm's
    checkpoint of its seed: interleave-selected given neither ``misaligned`` nor ``gaps``."""
    method = training_method or {}
    return (
        method.get("name") == "interleave-selected"
        and not method.get("misaligned")
        and not method.get("gaps")
    )


def check_training_methods(settings: Any, config_path: Path, node: Any) -> None:
    """An interleave-selected arm without ``misaligned`` has a no-filter arm to take it
    from, and a ``gaps`` file it names exists (before a run folder is written)."""
    for index, arm in enumerate(settings.arms):
        method = arm.training_method
        if not isinstance(method, InterleaveSelected):
            continue
        where = ["arms", index, "training_method"]
        if method.misaligned is None and misaligned_reference_arm(settings.arms) is None:
            raise InputError(
                "interleave-selected needs a misaligned model and the config has no "
                "no-filter arm to take it from",
                path=config_path,
                line=line_of(node, where),
                field=f"arms[{index}].training_method.misaligned",
                fix="add {name: no-filter, method: none} or give misaligned: ADAPTER_FOLDER",
            )
        if method.gaps is not None and not _given_direction(config_path, method.gaps).is_file():
            raise InputError(
                f"gaps file {method.gaps!r} not found",
                path=config_path,
                line=line_of(node, [*where, "gaps"]),
                field=f"arms[{index}].training_method.gaps",
                fix="give a CSV relative to the config, or leave it out to compute the gaps",
            )


def _given_path(config_path: Path, text: str) -> str:
    """A path named in a config, relative to its folder where that exists, else as given
    (a model name stays a model name)."""
    beside = (config_path.parent / text).resolve()
    return str(beside) if beside.exists() else text


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
    """The method as fine-tuning takes it: ``direction-ablation`` with its layer and file,
    ``interleave-selected``'s given files relative to the config."""
    if isinstance(method, InterleaveSelected):
        update = {
            key: _given_path(config_path, value)
            for key, value in (("misaligned", method.misaligned), ("gaps", method.gaps))
            if value is not None
        }
        return method.model_copy(update=update)
    if not isinstance(method, DirectionAblation):
        return method
    options = dict(filter_options)
    layer = method.layer if method.layer is not None else options.get("layer")
    if method.direction is not None:
        if layer is None:
            layer = model_shape(base_model).middle_layer
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
    # made once while chains on several workers may ask for it (the stages' lock folder)
    with file_lock(run_dir / "stages" / ".locks" / f"direction-{folder.name}.lock"):
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
    if isinstance(method, Inoculation):  # the default prompt is not in the file as written
        key["system_prompt"] = method.system_prompt
    if isinstance(method, InterleaveSelected):
        key |= {
            "misaligned": model_key(method.misaligned),
            "gaps_sha256": sha256_file(Path(method.gaps)) if method.gaps else None,
        }
    return key


def model_key(model: str | None) -> Any:
    """A misaligned model in a cache key: an adapter folder by its weights' sha256."""
    if model is None:
        return None
    weights = Path(model) / ADAPTER_WEIGHTS
    return {"adapter_sha256": sha256_file(weights)} if weights.is_file() else {"model": model}
