"""The monitor stage: training dynamics of every fine-tune that kept snapshots.

With ``training.save_every: N`` (off by default) every fine-tune keeps its adapter every N
steps (``steps/step-NNNNN``); an ``early-stop`` arm always does. For each such arm and seed
this stage reads the base model (step 0), every snapshot and the final adapter on a FIXED
set of held-out answers, teacher-forced (never generated per checkpoint): the probe pairs'
misaligned and aligned answers (the experiment's probe pairs, else the bundled held-out
sets). Per pair it records (:func:`emgauge.training_methods.early_stop.monitor_items`)

* ``projection``: the mean assistant-token activation at ``filter_options.layer`` (else the
  middle layer) on the unit alignment direction, the one the ``direction`` filter and
  direction ablation use (computed once from the contrast pairs, shared with a
  direction-ablation arm: ``stages/direction/``), averaged over the pair's two answers;
* ``margin``: the preference probe's margin (misaligned minus aligned log-probability).

Per-pair values are cached in ``stages/monitor/<arm>-s<seed>-<hash>/items.csv`` (the base
model: ``base-<hash>``), keyed by the base model, the adapter, the pairs' content, the
direction file's content and layer, and the precision. The run folder's ``monitor.csv``
holds one row per arm, seed, step and measure: the mean over pairs with its bootstrap CI
and SD (``early_stop.csv``: where each early-stop arm stopped), drawn in
``over_training.png`` (:mod:`emgauge.monitor_plots`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from emgauge import arm_training
from emgauge.adapters import MANIFEST
from emgauge.files import atomic_write_text, sha256_file
from emgauge.monitor_plots import EARLY_STOP_CSV, MONITOR_CSV, OVER_TRAINING_PNG, plot_over_training
from emgauge.stages.context import StageContext, cached_stage, log, precision_mode
from emgauge.training_methods import DirectionAblation
from emgauge.training_methods.early_stop import (
    MONITOR_MEASURES,
    EarlyStop,
    bootstrap_mean,
    monitor_items,
)

ITEMS = "items.csv"
MONITOR_COLUMNS = ["arm", "seed", "step", "measure", "value", "ci_low", "ci_high", "sd"]


def monitored(ctx: StageContext, arm_name: str) -> bool:
    """Whether an arm's fine-tunes keep snapshots: ``training.save_every``, or early-stop."""
    if (ctx.config.raw.get("training") or {}).get("save_every") is not None:
        return True
    written = next(a for a in ctx.config.arms if a.name == arm_name).training_method
    return bool(written) and written.get("name") == "early-stop"


def monitor_pairs(ctx: StageContext) -> tuple[Path, ...]:
    """The held-out answers every checkpoint is read on: the experiment's probe pairs,
    else the bundled held-out probe sets."""
    from emgauge.evals.misaligned_preference.probe import bundled_probe_paths

    return tuple(ctx.probe_pairs) or tuple(bundled_probe_paths())


def alignment_direction(
    ctx: StageContext, layer: int | None = None, direction: str | None = None
) -> tuple[Path, int]:
    """The direction file and layer the direction filter / direction ablation use at the
    shared ``filter_options`` (computed once into ``stages/direction/``), or at ``layer``;
    a given ``direction`` file (relative to the config) is used as it is."""
    config = ctx.config
    resolved = arm_training.resolve(
        DirectionAblation(name="direction-ablation", layer=layer, direction=direction),
        base_model=config.raw["base_model"],
        filter_options=dict(config.raw.get("filter_options") or {}),
        config_path=config.path,
        run_dir=ctx.run_dir,
        precision_mode=precision_mode,
        log=lambda message: log("monitor", message),
    )
    assert resolved.direction is not None and resolved.layer is not None
    return Path(resolved.direction), resolved.layer


def resolve_early_stop(ctx: StageContext, method: EarlyStop) -> EarlyStop:
    """An early-stop arm's monitor, fixed before training: the experiment's pairs and,
    for the projection, the alignment direction and its layer (unless the arm gives them)."""
    from emgauge.experiment_settings import config_relative

    pairs = (
        [config_relative(ctx.config.path, p) for p in method.pairs]
        if method.pairs
        else monitor_pairs(ctx)
    )
    update: dict[str, Any] = {"pairs": tuple(str(p) for p in pairs)}
    if method.measure == "projection":
        direction, layer = alignment_direction(ctx, method.layer, method.direction)
        update |= {"direction": str(direction), "layer": layer}
    return method.model_copy(update=update)


def early_stop_key(method: EarlyStop) -> dict[str, Any]:
    """What the fine-tuning stage's key adds for an early-stop arm: its resolved monitor."""
    return {
        "pairs_sha256": [sha256_file(Path(p)) for p in method.pairs or ()],
        "direction_sha256": sha256_file(Path(method.direction)) if method.direction else None,
        "layer": method.layer,
    }


def _checkpoints(adapter: Path) -> dict[int, Path]:
    """Every snapshot of a fine-tune by step, and the final adapter (at its kept step for
    early stop) unless a snapshot or the base model already is it."""
    manifest = json.loads((adapter / MANIFEST).read_text(encoding="utf-8"))
    found = {int(name.rsplit("-", 1)[1]): adapter / name for name in manifest.get("snapshots", [])}
    record = manifest.get("training_method") or {}
    final = int(record.get("kept_step", manifest["steps"]))
    if final and final not in found:
        found[final] = adapter
    return dict(sorted(found.items()))


def _read(
    ctx: StageContext, model: str, pairs: list[Any], direction: Any, layer: int, label: str
) -> pd.DataFrame:
    """Per-pair values of every measure for one model (``base`` or ``base:adapter``)."""
    from emgauge.evals.misaligned_preference.probe import ProbeSettings, load_scoring_model

    probe = ctx.config.settings.evaluation.probe
    settings = probe.probe_settings() if probe is not None else ProbeSettings()
    network, tokenizer, precision = load_scoring_model(model, settings)
    values = monitor_items(
        network,
        tokenizer,
        pairs,
        MONITOR_MEASURES,
        direction=direction,
        layer=layer,
        precision=precision.mode,
        batch_size=settings.batch_size,
        label=label,
    )
    ids = [p.id for p in pairs]
    return pd.concat(
        [pd.DataFrame({"pair_id": ids, "measure": m, "value": values[m]}) for m in values],
        ignore_index=True,
    )


def _relative(ctx: StageContext, adapter: str | None) -> str | None:
    """An adapter's path as the key holds it: inside the run folder, relative to it."""
    if adapter is None:
        return None
    path = Path(adapter).resolve()
    run_dir = ctx.run_dir.resolve()
    return path.relative_to(run_dir).as_posix() if path.is_relative_to(run_dir) else str(path)


def _items_stage(
    ctx: StageContext, name: str, label: str, checkpoints: dict[int, str | None]
) -> pd.DataFrame:
    """Per-pair values of each checkpoint (``step -> adapter folder``; None: the base)."""
    from emgauge.evals.misaligned_preference.probe import load_probe_pairs
    from emgauge.training_methods import load_direction

    config = ctx.config
    base = config.raw["base_model"]
    pairs_files = monitor_pairs(ctx)
    direction_file, layer = alignment_direction(ctx)
    probe = config.settings.evaluation.probe
    inputs = {
        "base": base,
        # a snapshot's path holds its fine-tune's folder, named by the hash of its inputs
        "checkpoints": {str(s): _relative(ctx, a) for s, a in checkpoints.items()},
        "pairs": [sha256_file(p) for p in pairs_files],
        "direction_sha256": sha256_file(direction_file),
        "layer": layer,
        "precision": precision_mode(probe.precision if probe is not None else "auto"),
    }

    def make(folder: Path) -> str:
        pairs = load_probe_pairs(pairs_files)
        direction = load_direction(direction_file)
        frames = []
        for step, adapter in checkpoints.items():
            model = base if adapter is None else f"{base}:{Path(adapter).resolve()}"
            frame = _read(ctx, model, pairs, direction, layer, f"monitor {label} step {step}")
            frame.insert(0, "step", step)
            frames.append(frame)
            means = frame.groupby("measure")["value"].mean()
            shown = ", ".join(f"{m} {v:+.3f}" for m, v in means.items())
            log("monitor", f"{label} step {step}: {shown}")
        atomic_write_text(folder / ITEMS, pd.concat(frames).to_csv(index=False))
        return f"{len(checkpoints)} checkpoints x {len(pairs)} held-out pairs"

    folder = cached_stage(
        ctx,
        "monitor",
        name,
        inputs,
        done=ITEMS,
        label=label,
        make=make,
        starting=f"{len(checkpoints)} checkpoints on the held-out pairs ...",
    )
    return pd.read_csv(folder / ITEMS)


def monitor_stage(
    ctx: StageContext, arm: str, label: str, seed: int, adapter: Path
) -> pd.DataFrame | None:
    """``monitor.csv``'s rows of one fine-tune (arm ``label``, e.g. ``arm@budget`` in a
    sweep), the base model as step 0; None when it kept no snapshots."""
    if not monitored(ctx, arm):
        return None
    base_items = _items_stage(ctx, "base", "base model", {0: None})
    items = _items_stage(
        ctx,
        f"{label}-s{seed}",
        f"{label} seed {seed}",
        {step: str(path) for step, path in _checkpoints(adapter).items()},
    )
    rows = []
    n_bootstrap = ctx.config.settings.bootstrap
    for (step, measure), group in pd.concat([base_items, items]).groupby(["step", "measure"]):
        summary = bootstrap_mean(group["value"].to_numpy(), n_bootstrap)
        rows.append(
            {"arm": label, "seed": seed, "step": int(step), "measure": measure, **vars(summary)}
        )
    return pd.DataFrame(rows, columns=MONITOR_COLUMNS)


def early_stop_row(label: str, seed: int, adapter: Path) -> dict[str, Any] | None:
    """Where an early-stop fine-tune stopped, from its manifest (None when it was trained
    by another method)."""
    manifest = json.loads((adapter / MANIFEST).read_text(encoding="utf-8"))
    record = manifest.get("training_method") or {}
    if record.get("name") != "early-stop":
        return None
    return {
        "arm": label,
        "seed": seed,
        "measure": record["measure"],
        "k": record["k"],
        "base_value": record["base_value"],
        "base_sd": record["base_sd"],
        "threshold": record["threshold"],
        "stop_step": record["stop_step"],
        "kept_step": record["kept_step"],
        "trained_steps": manifest["steps"],
        "planned_steps": record["planned_steps"],
    }


def write_monitor(
    ctx: StageContext, frames: list[pd.DataFrame | None], stops: list[dict[str, Any] | None]
) -> None:
    """``monitor.csv``, ``early_stop.csv`` and ``over_training.png`` in the run folder
    (nothing when no fine-tune was monitored)."""
    measured = [f for f in frames if f is not None]
    if not measured:
        return
    monitor = pd.concat(measured, ignore_index=True)
    atomic_write_text(ctx.run_dir / MONITOR_CSV, monitor.to_csv(index=False))
    early = pd.DataFrame([s for s in stops if s is not None])
    if not early.empty:
        atomic_write_text(ctx.run_dir / EARLY_STOP_CSV, early.to_csv(index=False))
    plot_over_training(
        monitor, ctx.run_dir / OVER_TRAINING_PNG, f"{ctx.config.name}: over training", early
    )
