"""One arm-seed chain of an experiment: filter -> fine-tune -> probe -> utility -> monitor.

Chains are the unit an executor (:mod:`emgauge.executors`) runs: the local executor one
after another in the run's own process, the Ray executor as tasks on a cluster's workers.
A chain reads and writes only its content-keyed stage folders in the run folder (shared
stages such as a filter's scores are made once: :func:`emgauge.stages.context.cached_stage`
holds a lock per stage folder), and returns what the driver collects into the run's
tables and manifest as a :class:`ChainResult`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from emgauge.cluster import worker_name
from emgauge.experiment_settings import BENIGN_ONLY, SweepPoint
from emgauge.stages import evaluation, filtering, finetuning, monitor, probe, utility
from emgauge.stages.context import StageContext
from emgauge.stages.control import control_sources

__all__ = ["BASE_LABEL", "Chain", "ChainResult", "run_chain"]

#: The label of the base model's chain (its probe and utility; nothing is trained).
BASE_LABEL = "base"


@dataclass(frozen=True)
class Chain:
    """The stages of one checkpoint: ``point`` (an arm at a budget) trained with ``seed``;
    ``point`` None is the base model. ``needs`` are the labels of chains of the same seed
    whose checkpoints this one reads (interleave-selected reads no filter's)."""

    point: SweepPoint | None
    seed: int
    needs: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return BASE_LABEL if self.point is None else self.point.label

    @property
    def key(self) -> str:
        """``<label>-s<seed>``: a chain's name in logs and the manifest."""
        return f"{self.label}-s{self.seed}"


@dataclass
class ChainResult:
    """What a chain hands back to the driver: its checkpoint and measurements, the seconds
    of the stages it made, the manifest entries its stages asked for, and where (worker,
    Ray node id) and when it ran."""

    chain: Chain
    model: str
    adapter: Path | None = None
    filter_auroc: float = float("nan")
    control_rows: dict[str, Any] | None = None
    margins: pd.DataFrame | None = None
    losses: pd.DataFrame | None = None
    dynamics: pd.DataFrame | None = None
    early_stop: dict[str, Any] | None = None
    stage_times: dict[str, float] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    worker: str = ""
    node: str = ""
    gpus: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0


def run_chain(ctx: StageContext, chain: Chain) -> ChainResult:
    """Every stage of ``chain`` in order, each made once (cached in the run folder)."""
    started = time.time()
    times_before = dict(ctx.stage_times)
    if chain.point is None:
        result = ChainResult(chain, evaluation.checkpoint_model(ctx, None))
        result.margins = probe.probe_stage(ctx, BASE_LABEL, chain.seed, None)
        result.losses = utility.utility_stage(ctx, BASE_LABEL, chain.seed, None)
    else:
        arm, label, seed = chain.point.arm, chain.point.label, chain.seed
        kept, auroc = filtering.filter_stage(ctx, arm, seed, chain.point.budget)
        adapter = finetuning.finetune_stage(ctx, arm, seed, kept, label)
        result = ChainResult(chain, evaluation.checkpoint_model(ctx, adapter), adapter, auroc)
        if arm.method == BENIGN_ONLY:
            result.control_rows = control_sources(kept)
        result.margins = probe.probe_stage(ctx, label, seed, adapter)
        result.losses = utility.utility_stage(ctx, label, seed, adapter)
        result.dynamics = monitor.monitor_stage(ctx, arm.name, label, seed, adapter)
        if (arm.training_method or {}).get("name") == "early-stop":
            result.early_stop = monitor.early_stop_row(label, seed, adapter)
    result.worker, result.started, result.finished = worker_name(), started, time.time()
    # the stages this chain made (a cached stage records no seconds)
    result.stage_times = {
        key: seconds for key, seconds in ctx.stage_times.items() if times_before.get(key) != seconds
    }
    return result
