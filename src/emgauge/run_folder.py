"""A run folder: where ``emgauge run`` writes, and what ``emgauge leaderboard`` and
``emgauge plan`` read back.

Writing: :class:`RunFolder` holds the folder's lock for the whole run (a second run on the
same folder is refused, or waits with ``--wait``), prepares it (resume, ``--force``, refuse
a folder of another configuration or one that is not a run) and keeps its
``manifest.json``. Reading: :func:`read_run_answers`, :func:`run_thresholds` and
:func:`read_runs` (several finished runs as one leaderboard's inputs) and
:func:`merge_runs` (their leaderboard).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import filelock
import numpy as np
import pandas as pd

from emgauge.errors import InputError
from emgauge.experiment_settings import ExperimentConfig, thresholds_of
from emgauge.files import atomic_write_json, file_lock, sha256_file
from emgauge.judge_panel import merged_panel
from emgauge.judges.real_data import source_checkout
from emgauge.leaderboard import LeaderboardInputs, answers_frame, leaderboard
from emgauge.precision import choose_precision
from emgauge.stats import Thresholds
from emgauge.sweep import sweep_leaderboard, swept_answers

MANIFEST = "manifest.json"
ANSWERS = "answers.csv"
PREFERENCE = "preference.csv"
UTILITY = "utility.csv"
LEADERBOARD = "leaderboard.csv"
#: The manifest's record of the arms whose filter draws a random ingredient per seed
#: (arm -> "the SAE", "the permutation"), for the leaderboard's note.
SEEDED_INGREDIENTS = "seeded_ingredients"
#: Held for the whole of a run, so two runs on one folder never do the same work twice.
RUN_LOCK = ".emgauge-run.lock"
#: Beside the lock: the holder's pid and start time, for the message that refuses a second run.
RUN_HOLDER = ".emgauge-run.json"
_PACKAGES = ("emgauge", "torch", "transformers", "peft", "inspect-ai", "sae-lens", "vllm")


def timestamp() -> str:
    """Now, as the manifest and the holder file write it."""
    return time.strftime("%Y-%m-%dT%H:%M:%S")


def _not_a_run(path: Path) -> InputError:
    return InputError(
        "folder exists and is not an emgauge run", path=path, fix="choose another --out"
    )


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for package in _PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def _git_commit() -> str | None:
    """The checkout's commit; None for an installed package (whatever repository it may
    sit in is not emgauge's)."""
    checkout = source_checkout()
    if checkout is None:
        return None
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


class RunFolder:
    """The folder one experiment runs in: its lock, its manifest and the seconds each stage
    took (``stage_seconds`` in the manifest)."""

    def __init__(self, path: Path, config: ExperimentConfig, *, wait: bool = False) -> None:
        self.path = path
        self.config = config
        self.wait = wait
        self.stage_times: dict[str, float] = {}

    def manifest(self) -> dict[str, Any]:
        path = self.path / MANIFEST
        return json.loads(path.read_text()) if path.is_file() else {}

    def write_manifest(self, status: str, **extra: Any) -> None:
        """Record the run's status (and ``extra`` keys) with its provenance."""
        config = self.config
        manifest = self.manifest()
        manifest.update(
            {
                "experiment": config.name,
                "status": status,
                "config_path": str(config.path),
                "config": config.raw,
                "config_hash": config.config_hash,
                "dataset": {
                    "path": str(config.dataset),
                    "sha256": sha256_file(config.dataset),
                    "mix": config.raw.get("dataset_mix"),
                },
                "seeds": config.seeds,
                "versions": _versions(),
                "git_commit": _git_commit(),
                "python": sys.version.split()[0],
                "stage_seconds": {**manifest.get("stage_seconds", {}), **self.stage_times},
                # what "auto" chose on this machine; each stage also records its own
                "precision": choose_precision().as_dict(),
                **extra,
            }
        )
        manifest.setdefault("started", timestamp())
        atomic_write_json(self.path / MANIFEST, manifest)

    @contextmanager
    def held(self, log: Callable[[str, str], None]) -> Iterator[None]:
        """Hold the folder's lock: refuse (or, with ``wait``, wait) while another run holds
        it."""
        if self.path.exists() and not self.path.is_dir():
            raise InputError(
                "run folder path exists and is not a directory",
                path=self.path,
                fix="choose another --out",
            )
        lock = self.path / RUN_LOCK
        holder = self.path / RUN_HOLDER
        if not lock.exists() and not self.manifest() and self._foreign_entries():
            raise _not_a_run(self.path)  # before the lock file lands in someone's folder
        with ExitStack() as stack:
            try:
                stack.enter_context(file_lock(lock, blocking=False))
            except filelock.Timeout:
                if not self.wait:
                    raise InputError(
                        f"run folder is in use by {self._holder(holder)}",
                        path=self.path,
                        fix="wait for it to finish, or pass --wait, "
                        "or use --out for another folder",
                    ) from None
                log("run", f"waiting for {self._holder(holder)} to finish in {self.path}")
                stack.enter_context(file_lock(lock))
            atomic_write_json(holder, {"pid": os.getpid(), "started": timestamp()})
            try:
                yield
            finally:
                # a leftover would name a finished run; the lock file itself stays, as the
                # next holder must lock the same file (deleting it under a waiter races)
                holder.unlink(missing_ok=True)

    def _foreign_entries(self) -> list[Path]:
        """What the folder holds besides the run lock and its holder file."""
        if not self.path.is_dir():
            return []
        return [e for e in self.path.iterdir() if e.name not in (RUN_LOCK, RUN_HOLDER)]

    @staticmethod
    def _holder(holder: Path) -> str:
        try:
            info = json.loads(holder.read_text())
            return f"another emgauge run (pid {info['pid']}, started {info['started']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another emgauge run"  # it has the lock but has not written its details yet

    def prepare(self, *, force: bool = False) -> bool:
        """Make the folder ready for this run (emptied first with ``force``); False when
        the run is already complete (nothing to do)."""
        manifest = self.manifest()
        if manifest and force:
            for entry in self._foreign_entries():  # not the lock: this run holds it
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            manifest = {}
        if manifest and manifest.get("config_hash") != self.config.config_hash:
            raise InputError(
                "run folder holds a run of a different configuration",
                path=self.path,
                fix="pass --out to start a new run folder, or --force to replace it",
            )
        if manifest.get("status") == "complete":
            return False
        if not manifest and self._foreign_entries():
            raise _not_a_run(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.write_manifest("running")
        return True


# ------------------------------------------------------------------------------ reading


class WorkerFolder(RunFolder):
    """A run folder as a chain on an executor's worker sees it: the stages read and write
    their folders in it, but the manifest is the driver's, so what they would record there
    (``extras``) and their seconds (``stage_times``) are handed back instead."""

    def __init__(self, path: Path, config: ExperimentConfig) -> None:
        super().__init__(path, config)
        self.extras: dict[str, Any] = {}

    def write_manifest(self, status: str, **extra: Any) -> None:
        del status  # the driver's to set
        self.extras = merge_manifest_entries(self.extras, extra)


def merge_manifest_entries(current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``current`` updated with ``new``, mappings merged key by key (chains finishing in any
    order each add their arm's entry to the same record)."""
    merged = dict(current)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def read_run_answers(run_dir: Path) -> pd.DataFrame:
    """A finished run folder's ``answers.csv`` (an :class:`InputError` for a folder that
    has none)."""
    answers = run_dir / ANSWERS
    if not answers.is_file():
        raise InputError(
            "not a finished emgauge run (no answers.csv)",
            path=run_dir,
            fix="pass folders written by `emgauge run`",
        )
    return pd.read_csv(answers)


def _read_manifest(run_dir: Path) -> dict[str, Any] | None:
    path = run_dir / MANIFEST
    return json.loads(path.read_text()) if path.is_file() else None


def run_thresholds(run_dir: Path) -> Thresholds:
    """The EM thresholds a run folder's manifest records (the defaults without one)."""
    manifest = _read_manifest(run_dir)
    return thresholds_of(manifest["config"]["evaluation"]) if manifest else Thresholds()


def _tables_of_every_run(run_dirs: Sequence[Path], name: str) -> pd.DataFrame | None:
    """One table from every run's ``name``: only when every run wrote it (a measure that
    some runs lack would compare unlike arms)."""
    files = [run_dir / name for run_dir in run_dirs]
    if not all(f.is_file() for f in files):
        return None
    return pd.concat([pd.read_csv(f) for f in files], ignore_index=True)


def _filter_quality(run_dirs: Sequence[Path]) -> dict[tuple[str, str], float]:
    """Filter AUROC from the runs' own leaderboards (answers do not carry it). Runs of the
    same experiment and arm (other seeds, say) are averaged, not overwritten."""
    found: dict[tuple[str, str], list[float]] = {}
    for run_dir in run_dirs:
        board_path = run_dir / LEADERBOARD
        if board_path.is_file():
            board = pd.read_csv(board_path)
            if "filter_auroc" in board:
                for row in board.itertuples(index=False):
                    found.setdefault((str(row.experiment), str(row.arm)), []).append(
                        float(row.filter_auroc)
                    )
    return {
        key: float(np.nanmean(values)) if not np.isnan(values).all() else math.nan
        for key, values in found.items()
    }


@dataclass(frozen=True)
class MergedRuns:
    """Several finished run folders read as one: what ``emgauge leaderboard`` shows."""

    run_dirs: tuple[Path, ...]
    answers: pd.DataFrame
    """Every run's ``answers.csv``, as written, one after the other."""
    inputs: LeaderboardInputs
    """The leaderboard's inputs: the answers judged, the margins and utility losses when
    every run measured them, the filter AUROCs, and the judge's validity when every run
    validated the same judge identically. The thresholds are the first run's."""
    swept: bool
    """Whether the runs are budget sweeps (all of them: a mix is refused)."""

    def leaderboard(self) -> pd.DataFrame:
        """The merged leaderboard, with the Judges section when every run has one."""
        board = (sweep_leaderboard if self.swept else leaderboard)(self.inputs)
        panel = merged_panel(
            list(self.run_dirs), self.inputs.thresholds, n_bootstrap=self.inputs.n_bootstrap
        )
        if panel is not None:
            board.attrs["judge_panel"] = panel
        return board


def read_runs(run_dirs: Sequence[Path], *, n_bootstrap: int = 1000) -> MergedRuns:
    """Read finished run folders together (:class:`MergedRuns`)."""
    run_dirs = tuple(Path(d) for d in run_dirs)
    frames = [read_run_answers(d) for d in run_dirs]
    swept = swept_answers(frames)
    answers = pd.concat(frames, ignore_index=True)
    manifests = [m for m in (_read_manifest(d) for d in run_dirs) if m is not None]
    judges = [m.get("judge_validity") for m in manifests]
    same_judge = len(judges) == len(run_dirs) and all(j and j == judges[0] for j in judges)
    inputs = LeaderboardInputs(
        answers=answers_frame(answers.to_dict("records")),
        thresholds=thresholds_of(manifests[0]["config"]["evaluation"])
        if manifests
        else Thresholds(),
        n_bootstrap=n_bootstrap,
        filter_quality=_filter_quality(run_dirs) or None,
        margins=_tables_of_every_run(run_dirs, PREFERENCE),
        judge=judges[0] if same_judge else None,
        utility=_tables_of_every_run(run_dirs, UTILITY),
    )
    return MergedRuns(run_dirs, answers, inputs, swept)


def merge_runs(run_dirs: Sequence[Path], bootstrap: int = 1000) -> pd.DataFrame:
    """One leaderboard from several run folders (:meth:`MergedRuns.leaderboard`)."""
    return read_runs(run_dirs, n_bootstrap=bootstrap).leaderboard()
