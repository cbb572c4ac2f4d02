"""The fine-tuning stage: a LoRA adapter per arm and seed on the kept samples
(``stages/finetune/<arm>-s<seed>-<hash>/``), with the arm's training-time method
(``interleave-selected`` after its selection stage, :mod:`emgauge.stages.select`)."""

from __future__ import annotations

from pathlib import Path

import emgauge.finetune
from emgauge import arm_training
from emgauge.errors import InputError
from emgauge.experiment_settings import Arm
from emgauge.files import sha256_file
from emgauge.finetune import FinetuneConfig, step_reporter
from emgauge.stages import filtering, select
from emgauge.stages.context import StageContext, cached_stage, log, precision_mode
from emgauge.stages.monitor import early_stop_key, resolve_early_stop
from emgauge.training_methods.early_stop import EarlyStop
from emgauge.training_methods.interleave_selected import InterleaveSelected


def no_filter_adapter(ctx: StageContext, seed: int) -> Path:
    """The no-filter arm's adapter of ``seed`` (interleave-selected's misaligned model):
    cached, or trained now."""
    reference = arm_training.misaligned_reference_arm(ctx.config.arms)
    if reference is None:  # the config check refuses this before a run starts
        raise InputError(
            "interleave-selected needs a no-filter arm or training_method.misaligned",
            path=ctx.config.path,
            field="arms",
        )
    kept, _ = filtering.filter_stage(ctx, reference, seed)
    return finetune_stage(ctx, reference, seed, kept)


def finetune_stage(
    ctx: StageContext, arm: Arm, seed: int, kept: Path, label: str | None = None
) -> Path:
    """A LoRA adapter of ``arm`` (as ``label``: ``arm@budget`` in a sweep) and seed."""
    config = ctx.config
    training = {**(config.raw.get("training") or {}), "seed": seed}
    save_every = training.pop("save_every", None)  # snapshots for the monitor stage
    finetune_config = FinetuneConfig.from_dict(training)
    method = arm_training.resolve(
        next(a for a in config.settings.arms if a.name == arm.name).training_method,
        base_model=config.raw["base_model"],
        filter_options={**(config.raw.get("filter_options") or {}), **arm.options},
        config_path=config.path,
        run_dir=ctx.run_dir,
        precision_mode=precision_mode,
        log=lambda message: log("finetune", message),
    )
    if isinstance(method, InterleaveSelected):  # its gaps first (the no-filter adapter's)
        method = select.select_stage(ctx, arm, seed, method, lambda: no_filter_adapter(ctx, seed))
    inputs = {
        "base": config.raw["base_model"],
        "data": sha256_file(kept),
        "training": training,
        "precision": precision_mode(finetune_config.precision),
    }
    if isinstance(method, EarlyStop):  # its monitor, fixed before training
        method = resolve_early_stop(ctx, method)
    if method is not None:  # absent otherwise: arms without one keep their cache keys
        inputs["training_method"] = arm_training.stage_key(arm.training_method, method)
    if isinstance(method, EarlyStop):
        inputs["training_method"] |= early_stop_key(method)
    if save_every is not None:  # absent otherwise: the keys of runs without snapshots stay
        inputs["save_every"] = save_every
    name = f"{label or arm.name}-s{seed}"
    shown = f"{label or arm.name} seed {seed}"

    def train(folder: Path) -> str:
        result = emgauge.finetune.finetune(
            config.raw["base_model"],
            kept,
            folder,
            finetune_config,
            progress=step_reporter(f"finetune {shown}"),
            training_method=method,
            # only when asked for: runs without snapshots call fine-tuning as before
            **({"save_every": save_every} if save_every is not None else {}),
        )
        return f"done, final loss {result.final_loss:.3f}"

    return cached_stage(
        ctx,
        "finetune",
        name,
        inputs,
        done="manifest.json",
        label=shown,
        make=train,
        starting=f"LoRA on {kept.name} ...",
    )
