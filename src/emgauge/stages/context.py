"""What every stage of a run is given (:class:`StageContext`: never the runner itself), and
the one way a stage's result is cached (:func:`cached_stage`)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from emgauge.chat_data import load_chat_jsonl, mix_labelled, write_chat_jsonl
from emgauge.experiment_settings import ExperimentConfig
from emgauge.files import atomic_write_text, file_lock, json_digest, sha256_file
from emgauge.models import resolve_device
from emgauge.precision import choose_precision
from emgauge.run_folder import RunFolder
from emgauge.settings import SettingsModel
from emgauge.sweep import with_budget_columns

if TYPE_CHECKING:
    from emgauge.mitigations.sharded import ShardedScoring


def log(stage: str, message: str) -> None:
    """One progress line of a run: the time, the stage and what it did."""
    print(f"[{time.strftime('%H:%M:%S')}] {stage:<9} {message}", flush=True)


def precision_mode(requested: str) -> str:
    """The precision a stage runs in here: part of its cache key, since a result computed
    in bf16 on one machine is not the fp32 result of another."""
    return choose_precision(requested, resolve_device()).mode


@dataclass
class StageContext:
    """One experiment in its run folder, as the stages see it. ``sharded_scoring``: score
    stages of shardable filters spread their rows over Ray Data blocks (the Ray
    executor's driver sets it; the scores are the one-process ones to float tolerance)."""

    config: ExperimentConfig
    folder: RunFolder
    sharded_scoring: ShardedScoring | None = None

    @property
    def run_dir(self) -> Path:
        return self.folder.path

    @property
    def stage_times(self) -> dict[str, float]:
        """Seconds per stage, written into the manifest's ``stage_seconds``."""
        return self.folder.stage_times

    def write_manifest(self, status: str, **extra: Any) -> None:
        self.folder.write_manifest(status, **extra)

    @cached_property
    def dataset(self) -> Path:
        """The training set every arm filters: the configured file, or the labelled mix
        ``dataset_mix`` draws from it (written once into the run folder, when first
        needed: the run holds the folder's lock by then)."""
        mix = self.config.settings.dataset_mix
        if mix is None:
            return self.config.dataset
        raw_mix = self.config.raw["dataset_mix"]  # the key holds what the file says
        inputs = {"dataset": sha256_file(self.config.dataset), "mix": raw_mix}
        target = self.run_dir / "stages" / "dataset" / f"mix-{json_digest(inputs)[:12]}.jsonl"
        if not target.is_file():
            samples = load_chat_jsonl(self.config.dataset)
            write_chat_jsonl(target, mix_labelled(samples, mix))
        return target

    @cached_property
    def probe_pairs(self) -> tuple[Path, ...]:
        """The probe's pair files (the monitor's and early stop's too): the configured ones,
        or with ``preference_probe.per_set`` each one's evenly spread subset, written once
        into the run folder (so every stage keys on the pairs it reads)."""
        probe = self.config.settings.evaluation.probe
        per_set = probe.per_set if probe is not None else None
        if per_set is None:
            return self.config.probe_pairs
        folder = self.run_dir / "stages" / "probe-pairs"
        subsets = []
        for path in self.config.probe_pairs:
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
            text = "".join(line + "\n" for line in evenly_spread(lines, per_set))
            target = folder / f"{path.stem}-{per_set}-{json_digest(text)[:12]}.jsonl"
            if not target.is_file():
                atomic_write_text(target, text)
            subsets.append(target)
        return tuple(subsets)

    def with_budgets(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A sweep's ``budget`` and ``base_arm`` columns (a single budget adds none)."""
        if not self.config.is_sweep:
            return frame
        return with_budget_columns(frame, self.config, len(load_chat_jsonl(self.dataset)))


def evenly_spread(items: Sequence[Any], count: int) -> list[Any]:
    """``count`` of ``items`` spread evenly from the first (all of them when there are no
    more): a file's topics are often in runs, so its first rows would not represent it."""
    if count >= len(items):
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


#: Folder of the stage locks, beside the stage kinds (a name no kind has).
LOCKS = ".locks"


def stage_folder(ctx: StageContext, kind: str, name: str, inputs: Any) -> Path:
    """``stages/<kind>/<name>-<hash of inputs>/``: other inputs, another folder."""
    return ctx.run_dir / "stages" / kind / f"{name}-{json_digest(inputs)[:12]}"


def cached_stage(
    ctx: StageContext,
    kind: str,
    name: str,
    inputs: Any,
    *,
    done: str,
    label: str,
    make: Callable[[Path], str],
    starting: str | None = None,
    timing: str | None = None,
    timed: bool = True,
) -> Path:
    """The folder of one stage's result (:func:`stage_folder`), made once.

    A folder whose ``done`` file exists is finished and used as it is. Otherwise what an
    interrupted attempt left is removed, ``make(folder)`` writes the result (``done``
    last) and returns the line to log, and its seconds are recorded under ``timing``
    (default ``<kind>/<name>``; not with ``timed=False``, for a stage too quick to
    matter). ``starting``: a line logged before a long stage.

    One process makes a folder at a time (a lock per folder in ``stages/.locks/``): chains
    running at once on an executor's workers share stages, such as a filter's scores, and
    the second waits for the first's result instead of removing its work in progress."""
    folder = stage_folder(ctx, kind, name, inputs)
    with file_lock(ctx.run_dir / "stages" / LOCKS / f"{kind}-{folder.name}.lock"):
        if (folder / done).is_file():
            log(kind, f"{label}: cached")
            return folder
        if folder.exists():
            shutil.rmtree(folder)
        if starting:
            log(kind, f"{label}: {starting}")
        start = time.perf_counter()
        message = make(folder)
        seconds = time.perf_counter() - start
    if timed:
        ctx.stage_times[timing or f"{kind}/{name}"] = round(seconds, 1)
        message += f" ({seconds:.0f}s)"
    log(kind, f"{label}: {message}")
    return folder


def checkpoint_stage(
    ctx: StageContext,
    kind: str,
    *,
    arm: str,
    seed: int,
    adapter: Path | None,
    data: tuple[str, Sequence[Path]],
    settings: SettingsModel,
    precision: str,
    result: str,
    measure: Callable[[str], pd.DataFrame],
    summary: Callable[[pd.DataFrame], str],
    starting: str,
) -> pd.DataFrame:
    """A measurement of one checkpoint (the base model when ``adapter`` is None) on
    held-out data, cached in ``stages/<kind>/<arm>-s<seed>-<hash>/<result>`` (the base
    model: ``base-<hash>``) and keyed by the base model, the adapter, the data files'
    content (``data``: the key's name and the files), the settings and the precision.

    ``measure(model)`` gets the checkpoint's model name (``base`` or ``base:adapter``) and
    returns one row per item; ``summary`` says what to log of it. Returns the rows with
    the experiment, arm, method and seed in front."""
    base = ctx.config.raw["base_model"]
    data_key, files = data
    inputs = {
        "base": base,
        # the adapter folder's name carries the hash of the fine-tuning inputs
        "adapter": adapter.name if adapter is not None else None,
        data_key: [sha256_file(p) for p in files],
        "settings": settings.model_dump(),
        "precision": precision_mode(precision),
    }

    def make(folder: Path) -> str:
        model = base if adapter is None else f"{base}:{adapter.resolve()}"
        frame = measure(model)
        atomic_write_text(folder / result, frame.to_csv(index=False))
        return summary(frame)

    folder = cached_stage(
        ctx,
        kind,
        "base" if adapter is None else f"{arm}-s{seed}",
        inputs,
        done=result,
        label="base model" if adapter is None else f"{arm} seed {seed}",
        make=make,
        starting=starting,
    )
    frame = pd.read_csv(folder / result)
    for column, value in (
        ("seed", seed),
        ("method", ctx.config.arm_methods[arm]),
        ("arm", arm),
        ("experiment", ctx.config.name),
    ):
        frame.insert(0, column, value)
    return frame
