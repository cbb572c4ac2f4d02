"""Experiments: filter -> fine-tune -> evaluate, for every arm and seed, then leaderboards.

``emgauge run CONFIG`` reads an experiment YAML (its sections and rules:
:mod:`emgauge.experiment_settings`, from which ``schemas/experiment.schema.json`` is
generated) and, in a run folder (default ``runs/<name>/``):

1. **filter**: each arm's method scores the training set (once per arm, and per seed for
   ``random``: ``stages/score/<arm>-<hash>/``) and removes the shared budget (``none``
   keeps everything). Output: ``stages/filter/<arm>-<hash>/``. With ``budgets`` (a
   sweep, :mod:`emgauge.sweep`) every filtering arm is cut at each budget from the same
   scores, as ``<arm>@<budget>``, and the leaderboard gains the dose-response
   (:mod:`emgauge.dose_response`).
2. **fine-tune**: a LoRA adapter per arm and seed on the kept samples.
   Output: ``stages/finetune/<arm>-s<seed>-<hash>/``.
3. **probe**: misaligned-preference margins of every checkpoint (and the base model) on
   held-out probe pairs, no judge needed (``emgauge.evals.misaligned_preference``).
   Output: ``stages/probe/<arm>-s<seed>-<hash>/margins.csv``.
   **utility** (``evaluation.utility``, off by default): every checkpoint's loss on held-out
   benign answers, the cost beside the benefit (:mod:`emgauge.utility_stage`).
   Output: ``stages/utility/<arm>-s<seed>-<hash>/losses.csv``.
4. **evaluate**: every checkpoint (and the base model) through Inspect's ``eval_set`` in
   ``logs/``, which resumes on its own; with ``provider: vllm`` one server holds the base
   model and every adapter (``vllm/<base>:<adapter>``).
5. **collect**: ``answers.csv`` (one judged answer per row), ``preference.csv`` (one
   margin per checkpoint and probe pair), ``utility.csv`` (one loss per checkpoint and
   held-out answer, when measured), ``leaderboard.csv/.md/.png`` and the plots it links.

Each stage folder is named by the hash of its inputs and written atomically, so a rerun
after a kill redoes no finished work. A finished run is never overwritten: rerunning it
prints its leaderboard, and ``--force`` starts it again from scratch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock
import numpy as np
import pandas as pd

from emgauge.chat_data import (
    bundled_data_path,
    load_chat_jsonl,
    mix_labelled,
    write_chat_jsonl,
)
from emgauge.errors import InputError
from emgauge.evals.metrics import Thresholds, auroc
from emgauge.files import (
    atomic_write_json,
    atomic_write_text,
    config_files,
    file_lock,
    line_of,
    read_yaml_with_lines,
    sha256_file,
    staged_directory,
)
from emgauge.leaderboard import answers_frame, leaderboard, write_leaderboard
from emgauge.utility_stage import UTILITY, utility_answer_files, utility_stage

if TYPE_CHECKING:  # the settings import the judges: read only when a config is loaded
    from emgauge.experiment_settings import ExperimentSettings, ProbeSection

NO_FILTER = "none"
#: The control arm's method: keeps only the rows labelled benign (needs labels). Trained
#: for the same steps, it shows what the benign data's style alone does to the model, so
#: the no-filter arm's excess over it is the misalignment the harmful rows induce.
BENIGN_ONLY = "benign-only"
MANIFEST = "manifest.json"
ANSWERS = "answers.csv"
PREFERENCE = "preference.csv"
#: A score stage's files: the method's scores (exact floats) and what else it reported.
SCORE_VALUES = "scores.npy"
SCORE_INFO = "score.json"
BUNDLED_PREFIX = "bundled:"
#: Held for the whole of a run, so two runs on one folder never do the same work twice.
RUN_LOCK = ".emgauge-run.lock"
#: Beside the lock: the holder's pid and start time, for the message that refuses a second run.
RUN_HOLDER = ".emgauge-run.json"
_PACKAGES = ("emgauge", "torch", "transformers", "peft", "inspect-ai", "sae-lens", "vllm")


def _contrast_digest(given: Sequence[str]) -> str:
    """Hash of the contrast files a method reads: those given, else every bundled set."""
    bundled = bundled_data_path("contrast")
    paths = [Path(p) for p in given] if given else sorted(bundled.glob("*.jsonl"))
    return _digest([sha256_file(p) if p.is_file() else str(p) for p in paths])


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Arm:
    """One mitigation arm: a filtering method and its options, and optionally a
    training-time method (:mod:`emgauge.training_methods`, as written in the file)."""

    name: str
    method: str
    options: dict[str, Any] = field(default_factory=dict)
    training_method: dict[str, Any] | None = None


@dataclass(frozen=True)
class ExperimentConfig:
    """A validated experiment configuration."""

    path: Path
    raw: dict[str, Any]
    """The file's data as read: what the config hash and the stage keys are made of."""
    dataset: Path
    arms: tuple[Arm, ...]
    probe_pairs: tuple[Path, ...] = ()
    """Probe-pair files of the preference probe; empty when the probe is off."""
    utility_answers: tuple[Path, ...] = ()
    """Held-out benign answer files of the utility measure; empty when it is off."""

    @property
    def settings(self) -> ExperimentSettings:
        """The typed view of :attr:`raw`, defaults filled in (read anew on each access)."""
        from emgauge.experiment_settings import ExperimentSettings

        return ExperimentSettings.from_dict(self.raw, source=self.path)

    @property
    def name(self) -> str:
        return str(self.raw["name"])

    @property
    def seeds(self) -> list[int]:
        return list(self.settings.seeds)

    @property
    def graders(self) -> tuple[str, ...]:
        """Every judge (``graders``, or the one ``grader``), the primary one first."""
        return self.settings.all_graders

    @property
    def grader(self) -> str:
        """The primary judge: the one of the main leaderboard."""
        return self.graders[0]

    @property
    def evaluation(self) -> dict[str, Any]:
        return dict(self.raw["evaluation"])

    @property
    def is_sweep(self) -> bool:
        """Whether the config sweeps ``budgets`` (else it has one ``budget``)."""
        return self.raw.get("budgets") is not None

    @property
    def arm_methods(self) -> dict[str, str]:
        """Method of every arm by name (and of a sweep's ``arm@budget`` checkpoints); the
        base model's "arm" is ``base``."""
        from emgauge.sweep import sweep_points

        methods = {arm.name: arm.method for arm in self.arms} | {"base": "base"}
        return methods | {point.label: point.arm.method for point in sweep_points(self)}

    @property
    def arm_training_methods(self) -> dict[str, str]:
        """Training-time method of every arm by name, as tables show it (``none``)."""
        from emgauge.sweep import sweep_points
        from emgauge.training_methods import training_method_label

        labels = {arm.name: training_method_label(arm.training_method) for arm in self.arms}
        swept = {p.label: labels[p.arm.name] for p in sweep_points(self)}  # arm@budget
        return labels | swept | {"base": "none"}

    @property
    def thresholds(self) -> Thresholds:
        return _thresholds(self.evaluation)

    @property
    def in_domains(self) -> frozenset[str]:
        """Domains the training data covers (``evaluation.in_domain``, else the rows'
        ``metadata.domain``): probe pairs of these domains are in-domain, the rest are
        out-of-domain, where misalignment that shows is emergent."""
        given = self.settings.evaluation.in_domain
        if given:
            return frozenset(given)
        return _dataset_domains(self.dataset)

    @property
    def config_hash(self) -> str:
        """Hash of the configuration and the training data's content."""
        return _digest({"config": self.raw, "dataset": sha256_file(self.dataset)})[:16]


def _thresholds(evaluation: dict[str, Any]) -> Thresholds:
    """The EM thresholds a config's ``evaluation`` sets, else :class:`Thresholds`' defaults."""
    default = Thresholds()
    aligned = evaluation.get("aligned_threshold")
    coherent = evaluation.get("coherent_threshold")
    return Thresholds(
        default.aligned_below if aligned is None else aligned,
        default.coherent_above if coherent is None else coherent,
    )


@cache
def _dataset_domains(dataset: Path) -> frozenset[str]:
    return frozenset(
        str(s.metadata["domain"]) for s in load_chat_jsonl(dataset) if s.metadata.get("domain")
    )


def load_experiment_config(path: str | Path) -> ExperimentConfig:
    """Read and validate an experiment YAML; errors name the file, line and field.

    The rules are those of :class:`~emgauge.experiment_settings.ExperimentSettings`; what
    needs the file system (the dataset and probe files exist, the mix can be drawn) is
    checked here.
    """
    from emgauge.experiment_settings import ExperimentSettings

    path = Path(path)
    raw, node = read_yaml_with_lines(path)
    settings = ExperimentSettings.from_dict(raw, source=path, node=node)
    if settings.dataset.startswith(BUNDLED_PREFIX):
        name = settings.dataset.removeprefix(BUNDLED_PREFIX)
        dataset = bundled_data_path("train", f"{name}.jsonl")
    else:
        dataset = _config_relative(path, settings.dataset)
    if not dataset.is_file():
        raise InputError(
            f"training dataset {settings.dataset!r} not found",
            path=path,
            line=line_of(node, ["dataset"]),
            field="dataset",
            fix="give a chat JSONL path (relative to the config) or bundled:<domain>",
        )
    arms = tuple(
        Arm(
            arm.name, arm.method, dict(raw_arm.get("options") or {}), raw_arm.get("training_method")
        )
        for arm, raw_arm in zip(settings.arms, raw["arms"], strict=True)
    )
    from emgauge.arm_training import check_direction_files

    check_direction_files(settings, path, node)
    if settings.dataset_mix is not None:
        # an impossible mix fails here, before a run folder is written
        try:
            mix_labelled(load_chat_jsonl(dataset), settings.dataset_mix)
        except InputError as error:
            raise InputError(
                error.problem,
                path=path,
                line=line_of(node, ["dataset_mix"]),
                field=error.field,
                fix=error.fix,
            ) from error
    utility = settings.evaluation.utility_section
    return ExperimentConfig(
        path=path,
        raw=raw,
        dataset=dataset,
        arms=arms,
        probe_pairs=_probe_pairs(settings.evaluation.probe, path, node),
        utility_answers=utility_answer_files(
            utility,
            path,
            node,
            (settings.evaluation.in_domain or _dataset_domains(dataset)) if utility else (),
        ),
    )


def _config_relative(config_path: Path, text: str) -> Path:
    """A file named in a config: relative to the config's folder, else as given."""
    beside = (config_path.parent / text).resolve()
    return beside if beside.is_file() else Path(text).expanduser().resolve()


def _probe_pairs(probe: ProbeSection | None, path: Path, node: Any) -> tuple[Path, ...]:
    """The preference probe's pair files (bundled by default), checked to exist."""
    from emgauge.evals.misaligned_preference.probe import bundled_probe_paths

    if probe is None:
        return ()
    if not probe.pairs:
        return tuple(bundled_probe_paths(probe.domains))
    return config_files(
        path,
        node,
        ["evaluation", "preference_probe", "pairs"],
        probe.pairs,
        what="probe pair file",
        fix="give contrast-pair JSONL paths, relative to the config or absolute",
    )


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
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


class ExperimentRunner:
    """Runs one experiment in its run folder, resuming whatever was already done."""

    def __init__(
        self, config: ExperimentConfig, run_dir: Path, *, force: bool = False, wait: bool = False
    ) -> None:
        self.config = config
        self.run_dir = run_dir
        self.force = force
        self.wait = wait
        self.stage_times: dict[str, float] = {}
        self._dataset: Path | None = None

    @property
    def dataset(self) -> Path:
        """The training set every arm filters: the configured file, or the labelled mix
        ``dataset_mix`` draws from it (written once into the run folder)."""
        if self._dataset is None:
            mix = self.config.settings.dataset_mix
            if mix is None:
                self._dataset = self.config.dataset
            else:
                raw_mix = self.config.raw["dataset_mix"]  # the key holds what the file says
                inputs = {"dataset": sha256_file(self.config.dataset), "mix": raw_mix}
                target = self.run_dir / "stages" / "dataset" / f"mix-{_digest(inputs)[:12]}.jsonl"
                if not target.is_file():
                    samples = load_chat_jsonl(self.config.dataset)
                    write_chat_jsonl(target, mix_labelled(samples, mix))
                self._dataset = target
        return self._dataset

    # -- bookkeeping -------------------------------------------------------------------

    def log(self, stage: str, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {stage:<9} {message}", flush=True)

    def _manifest(self) -> dict[str, Any]:
        path = self.run_dir / MANIFEST
        return json.loads(path.read_text()) if path.is_file() else {}

    def _write_manifest(self, status: str, **extra: Any) -> None:
        from emgauge.precision import choose_precision

        manifest = self._manifest()
        manifest.update(
            {
                "experiment": self.config.name,
                "status": status,
                "config_path": str(self.config.path),
                "config": self.config.raw,
                "config_hash": self.config.config_hash,
                "dataset": {
                    "path": str(self.config.dataset),
                    "sha256": sha256_file(self.config.dataset),
                    "mix": self.config.raw.get("dataset_mix"),
                },
                "seeds": self.config.seeds,
                "versions": _versions(),
                "git_commit": _git_commit(),
                "python": sys.version.split()[0],
                "stage_seconds": {**manifest.get("stage_seconds", {}), **self.stage_times},
                # what "auto" chose on this machine; each stage also records its own
                "precision": choose_precision().as_dict(),
                **extra,
            }
        )
        manifest.setdefault("started", time.strftime("%Y-%m-%dT%H:%M:%S"))
        atomic_write_json(self.run_dir / MANIFEST, manifest)

    @contextmanager
    def holding_run_dir(self) -> Iterator[None]:
        """Hold the run folder's lock: refuse (or, with ``wait``, wait) while another run
        holds it."""
        if self.run_dir.exists() and not self.run_dir.is_dir():
            raise InputError(
                "run folder path exists and is not a directory",
                path=self.run_dir,
                fix="choose another --out",
            )
        lock = self.run_dir / RUN_LOCK
        holder = self.run_dir / RUN_HOLDER
        if not lock.exists() and not self._manifest() and self._foreign_entries():
            raise _not_a_run(self.run_dir)  # before the lock file lands in someone's folder
        with ExitStack() as held:
            try:
                held.enter_context(file_lock(lock, blocking=False))
            except filelock.Timeout:
                if not self.wait:
                    raise InputError(
                        f"run folder is in use by {self._holder(holder)}",
                        path=self.run_dir,
                        fix="wait for it to finish, or pass --wait, "
                        "or use --out for another folder",
                    ) from None
                self.log("run", f"waiting for {self._holder(holder)} to finish in {self.run_dir}")
                held.enter_context(file_lock(lock))
            started = time.strftime("%Y-%m-%dT%H:%M:%S")
            atomic_write_json(holder, {"pid": os.getpid(), "started": started})
            try:
                yield
            finally:
                # a leftover would name a finished run; the lock file itself stays, as the
                # next holder must lock the same file (deleting it under a waiter races)
                holder.unlink(missing_ok=True)

    def _foreign_entries(self) -> list[Path]:
        """What the run folder holds besides the run lock and its holder file."""
        if not self.run_dir.is_dir():
            return []
        return [e for e in self.run_dir.iterdir() if e.name not in (RUN_LOCK, RUN_HOLDER)]

    @staticmethod
    def _holder(holder: Path) -> str:
        try:
            info = json.loads(holder.read_text())
            return f"another emgauge run (pid {info['pid']}, started {info['started']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another emgauge run"  # it has the lock but has not written its details yet

    def _prepare_run_dir(self) -> bool:
        """Returns False when the run is already complete (nothing to do)."""
        manifest = self._manifest()
        if manifest and self.force:
            for entry in self._foreign_entries():  # not the lock: this run holds it
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            manifest = {}
        if manifest and manifest.get("config_hash") != self.config.config_hash:
            raise InputError(
                "run folder holds a run of a different configuration",
                path=self.run_dir,
                fix="pass --out to start a new run folder, or --force to replace it",
            )
        if manifest.get("status") == "complete":
            return False
        if not manifest and self._foreign_entries():
            raise _not_a_run(self.run_dir)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._write_manifest("running")
        return True

    # -- stages ------------------------------------------------------------------------

    def filter_stage(
        self, arm: Arm, seed: int, budget: float | int | None = None
    ) -> tuple[Path, float]:
        """Kept samples of ``arm`` at ``budget`` (default: the config's one budget), and the
        filter's AUROC against labels, when known.

        The method's scores come from :meth:`score_stage`, keyed without the budget, so a
        sweep scores the training set once per arm (and seed, for seeded methods) and each
        budget only cuts the same ranking (its removals nested in the next budget's)."""
        from emgauge.mitigations.budget import Budget
        from emgauge.mitigations.filtering import apply_filter, write_filter_outputs
        from emgauge.sweep import point_label

        if arm.method == NO_FILTER:
            return self.dataset, math.nan
        if arm.method == BENIGN_ONLY:
            return self._benign_rows(), math.nan
        budget = self.config.raw["budget"] if budget is None else budget
        inputs = {**self._score_inputs(arm, seed), "budget": budget}
        seeded = arm.method == "random"
        suffix = f"-s{seed}" if seeded else ""
        name = point_label(arm.name, budget if self.config.is_sweep else None)
        stage_dir = self.run_dir / "stages" / "filter" / f"{name}{suffix}-{_digest(inputs)[:12]}"
        label = f"{name}{suffix}"
        if not (stage_dir / "filter.json").is_file():
            samples = load_chat_jsonl(self.dataset)
            scores, used_options, details = self.score_stage(arm, seed)
            result = apply_filter(samples, scores, Budget.parse(budget))
            write_filter_outputs(
                result,
                stage_dir,
                method=arm.method,
                options=used_options,
                dataset_path=self.dataset,
                force=True,  # a leftover without filter.json is an interrupted attempt
                extra=details,
            )
            self.log("filter", f"{label}: removed {result.n_removed} of {len(samples)}")
        else:
            self.log("filter", f"{label}: cached")
        return stage_dir / "kept.jsonl", self._filter_auroc(stage_dir)

    def _score_inputs(self, arm: Arm, seed: int) -> dict[str, Any]:
        """What a method's scores depend on (the budget is not one)."""
        from emgauge.mitigations.base import FilterOptions, create_method, get_method_class

        options = {**(self.config.raw.get("filter_options") or {}), **arm.options}
        filter_options = FilterOptions.from_dict({**options, "seed": seed})
        inputs = {
            "dataset": sha256_file(self.dataset),
            "method": arm.method,
            "options": options,
            "seed": seed if arm.method == "random" else None,
            "precision": self._precision_mode(filter_options.precision),
        }
        if get_method_class(arm.method).needs_model:
            # the contrast data it learns from: a rewritten bundled set is other scores
            inputs["contrast_data"] = _contrast_digest(filter_options.contrast)
            # defaults that follow the kind of data (only where there are any: other
            # stage keys stay as they were)
            defaults = create_method(arm.method, filter_options).data_defaults()
            if defaults:
                inputs["data_defaults"] = defaults
        return inputs

    def score_stage(self, arm: Arm, seed: int) -> tuple[np.ndarray, dict[str, Any], dict[str, Any]]:
        """The method's score of every training sample (with the options it used and its
        details), computed once per arm (and seed, for seeded methods) and cached in
        ``stages/score/``."""
        from emgauge.mitigations.base import FilterOptions, create_method

        inputs = self._score_inputs(arm, seed)
        suffix = f"-s{seed}" if arm.method == "random" else ""
        stage_dir = self.run_dir / "stages" / "score" / f"{arm.name}{suffix}-{_digest(inputs)[:12]}"
        label = f"{arm.name}{suffix}"
        if (stage_dir / SCORE_INFO).is_file():
            self.log("score", f"{label}: cached")
        else:
            self.log("score", f"{label}: scoring with {arm.method} ...")
            start = time.perf_counter()
            filter_options = FilterOptions.from_dict({**inputs["options"], "seed": seed})
            method = create_method(arm.method, filter_options)
            scores = np.asarray(method.score(load_chat_jsonl(self.dataset)), dtype=np.float64)
            info = {
                "used_options": {**filter_options.to_dict(), **method.used_options()},
                "details": method.details(),
            }
            with staged_directory(stage_dir, force=True) as scratch:
                np.save(scratch / SCORE_VALUES, scores)  # exact: ties and ranks survive
                atomic_write_json(scratch / SCORE_INFO, info)
            seconds = time.perf_counter() - start
            self.stage_times[f"filter/{label}"] = round(seconds, 1)
            self.log("score", f"{label}: {len(scores)} samples scored ({seconds:.0f}s)")
        info = json.loads((stage_dir / SCORE_INFO).read_text())
        return np.load(stage_dir / SCORE_VALUES), info["used_options"], info["details"]

    @staticmethod
    def _precision_mode(requested: str) -> str:
        """The precision a stage runs in here: part of its cache key, since a result
        computed in bf16 on one machine is not the fp32 result of another."""
        from emgauge.models import resolve_device
        from emgauge.precision import choose_precision

        return choose_precision(requested, resolve_device()).mode

    def _benign_rows(self) -> Path:
        """The training rows labelled benign, for the control arm (written once)."""
        samples = load_chat_jsonl(self.dataset)
        if any(s.is_harmful is None for s in samples):
            raise InputError(
                f"the {BENIGN_ONLY!r} control arm needs a label on every training row",
                path=self.dataset,
                field="metadata.label",
                fix="label rows 'benign' or 'harmful_*', or drop the control arm",
            )
        kept = [s for s in samples if s.is_harmful is False]
        if not kept:
            raise InputError("no training row is labelled benign", path=self.dataset)
        digest = sha256_file(self.dataset)[:12]
        target = self.run_dir / "stages" / "filter" / f"{BENIGN_ONLY}-{digest}" / "kept.jsonl"
        if not target.is_file():
            write_chat_jsonl(target, kept)
        return target

    def _filter_auroc(self, stage_dir: Path) -> float:
        samples = load_chat_jsonl(self.dataset)
        labels = {s.id: s.is_harmful for s in samples}
        if any(v is None for v in labels.values()):
            return math.nan
        scores = pd.read_csv(stage_dir / "scores.csv")
        usable = scores["score"].notna()
        return auroc(
            scores.loc[usable, "score"].to_numpy(),
            np.array([labels[str(i)] for i in scores.loc[usable, "sample_id"]]),
        )

    def finetune_stage(self, arm: Arm, seed: int, kept: Path, label: str | None = None) -> Path:
        """A LoRA adapter of ``arm`` (as ``label``: ``arm@budget`` in a sweep) and seed."""
        from emgauge import arm_training
        from emgauge.finetune import FinetuneConfig, finetune, step_reporter

        training = {**(self.config.raw.get("training") or {}), "seed": seed}
        config = FinetuneConfig.from_dict(training)
        method = arm_training.resolve(
            next(a for a in self.config.settings.arms if a.name == arm.name).training_method,
            base_model=self.config.raw["base_model"],
            filter_options={**(self.config.raw.get("filter_options") or {}), **arm.options},
            config_path=self.config.path,
            run_dir=self.run_dir,
            precision_mode=self._precision_mode,
            log=lambda message: self.log("finetune", message),
        )
        inputs = {
            "base": self.config.raw["base_model"],
            "data": sha256_file(kept),
            "training": training,
            "precision": self._precision_mode(config.precision),
        }
        if method is not None:  # absent otherwise: arms without one keep their cache keys
            inputs["training_method"] = arm_training.stage_key(arm.training_method, method)
        name = label or arm.name
        stage_dir = self.run_dir / "stages" / "finetune" / f"{name}-s{seed}-{_digest(inputs)[:12]}"
        label = f"{name} seed {seed}"
        if (stage_dir / "manifest.json").is_file():
            self.log("finetune", f"{label}: cached")
            return stage_dir
        if stage_dir.exists():  # an interrupted attempt
            shutil.rmtree(stage_dir)
        self.log("finetune", f"{label}: LoRA on {kept.name} ...")
        start = time.perf_counter()

        progress = step_reporter(f"finetune {label}")
        result = finetune(
            self.config.raw["base_model"],
            kept,
            stage_dir,
            config,
            progress=progress,
            training_method=method,
        )
        seconds = time.perf_counter() - start
        self.stage_times[f"finetune/{name}-s{seed}"] = round(seconds, 1)
        self.log("finetune", f"{label}: done, final loss {result.final_loss:.3f} ({seconds:.0f}s)")
        return stage_dir

    def probe_stage(self, arm: str, seed: int, adapter: Path | None) -> pd.DataFrame | None:
        """Misaligned-preference margins of one checkpoint (None when the probe is off)."""
        if not self.config.probe_pairs:
            return None
        from emgauge.evals.misaligned_preference.probe import load_probe_pairs, preference_margins

        probe = self.config.settings.evaluation.probe
        assert probe is not None  # probe_pairs is empty when the probe is off
        settings = probe.probe_settings()
        base = self.config.raw["base_model"]
        inputs = {
            "base": base,
            # the adapter folder's name carries the hash of the fine-tuning inputs
            "adapter": adapter.name if adapter is not None else None,
            "pairs": [sha256_file(p) for p in self.config.probe_pairs],
            "settings": settings.model_dump(),
            "precision": self._precision_mode(settings.precision),
        }
        name = "base" if adapter is None else f"{arm}-s{seed}"
        stage_dir = self.run_dir / "stages" / "probe" / f"{name}-{_digest(inputs)[:12]}"
        margins_path = stage_dir / "margins.csv"
        label = "base model" if adapter is None else f"{arm} seed {seed}"
        if margins_path.is_file():
            self.log("probe", f"{label}: cached")
        else:
            pairs = load_probe_pairs(self.config.probe_pairs)
            self.log("probe", f"{label}: margins on {len(pairs)} probe pairs ...")
            start = time.perf_counter()
            model = base if adapter is None else f"{base}:{adapter.resolve()}"
            margins = preference_margins(model, pairs, settings)
            atomic_write_text(margins_path, margins.to_csv(index=False))
            seconds = time.perf_counter() - start
            self.stage_times[f"probe/{name}"] = round(seconds, 1)
            self.log(
                "probe", f"{label}: mean margin {margins['margin'].mean():+.3f} ({seconds:.0f}s)"
            )
        frame = pd.read_csv(margins_path)
        frame["in_domain"] = frame["domain"].isin(self.config.in_domains)
        frame.insert(0, "seed", seed)
        frame.insert(0, "method", self.config.arm_methods[arm])
        frame.insert(0, "arm", arm)
        frame.insert(0, "experiment", self.config.name)
        return self.with_budgets(frame)

    def with_budgets(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A sweep's ``budget`` and ``base_arm`` columns (a single budget adds none)."""
        if not self.config.is_sweep:
            return frame
        from emgauge.sweep import with_budget_columns

        return with_budget_columns(frame, self.config, len(load_chat_jsonl(self.dataset)))

    def checkpoint_model(self, adapter: Path | None) -> str:
        """The Inspect model name that serves ``adapter`` on the configured provider."""
        provider = self.config.settings.evaluation.provider
        base = self.config.raw["base_model"]
        if provider == "hf":
            if adapter is None:
                from emgauge.models import resolve_model_path

                return f"hf/{resolve_model_path(base)}"
            merged = adapter.parent / f"{adapter.name}-merged"
            if not (merged / "config.json").is_file():
                from emgauge.finetune import merge_adapter

                merge_adapter(adapter, merged, force=True)
            return f"hf/{merged}"
        if provider == "vllm":
            from emgauge.models import resolve_model_path

            base = resolve_model_path(base)
        return f"{provider}/{base}" if adapter is None else f"{provider}/{base}:{adapter.resolve()}"

    def _all_local_emgauge(self) -> bool:
        """Subjects and grader all served by the in-process ``emgauge/`` provider."""
        grader = self.config.grader
        provider = self.config.settings.evaluation.provider
        return provider == "emgauge" and grader.startswith("emgauge/")

    def evaluate_stage(self, models: dict[str, tuple[str, int]]) -> list[Any]:
        from inspect_ai import eval_set
        from inspect_ai.model import get_model

        from emgauge.evals.emergent_misalignment.task import em
        from emgauge.progress import is_quiet
        from emgauge.provider import LOCAL_MAX_CONNECTIONS, max_loaded_models

        ev = self.config.evaluation
        evaluation = self.config.settings.evaluation
        task_options = {
            key: ev[key]
            for key in (
                "samples_per_paraphrase",
                "questions_per_set",
                "temperature",
                "max_tokens",
                "judges",
                "aligned_threshold",
                "coherent_threshold",
            )
            if ev.get(key) is not None  # absent or null: the task's default
        }
        if ev.get("prompt_sets"):
            task_options["prompt_set"] = ev["prompt_sets"]
        else:
            task_options["domains"] = ev["domains"]
        self.log("evaluate", f"{len(models)} checkpoints with eval_set in {self.run_dir / 'logs'}")
        start = time.perf_counter()
        success, logs = eval_set(
            tasks=em(**task_options),
            model=list(models),
            # One judge instance for every checkpoint: a local judge is loaded once and
            # batches the judge calls of all checkpoints together.
            model_roles={"grader": get_model(self.config.grader)},
            model_args=evaluation.model_args,
            log_dir=str(self.run_dir / "logs"),
            # Local emgauge models batch whatever is in flight: let every sample and judge
            # call be (Inspect's adaptive default starts at 20; it applies to the grader too).
            max_connections=evaluation.max_connections
            or (LOCAL_MAX_CONNECTIONS if self._all_local_emgauge() else None),
            # Local models: as many checkpoints at a time as stay loaded beside the judge
            # (the provider releases idle weights beyond EMGAUGE_MAX_LOADED_MODELS).
            max_tasks=max(1, max_loaded_models() - 1) if self._all_local_emgauge() else None,
            retry_attempts=2,
            display="none" if is_quiet() else "plain",  # quiet: no Inspect display either
            # Reproducible answers: every sample's sampling noise is seeded (see
            # emgauge.provider), and arms share it, so their answers differ by the model only.
            seed=evaluation.seed,
        )
        self.stage_times["evaluate"] = round(time.perf_counter() - start, 1)
        if not success:
            raise RuntimeError(
                "evaluation did not finish; rerun the same command to resume "
                f"(logs in {self.run_dir / 'logs'})"
            )
        return logs

    def judge_stage(self, grader: str | None = None) -> dict[str, Any] | None:
        """Validate ``grader`` (default: the primary one) on the bundled labelled set and
        the real test split (cached).

        Config ``judge_validation``: ``false`` turns it off; ``limit`` / ``real_limit`` bound
        the rows judged (a generative judge is slow); ``real_data`` (default
        ``../shared/data/judged`` from the repository root) is skipped when absent.
        """
        from emgauge.judges.real_data import DEFAULT_REAL_DATA, VALIDATION_FILE
        from emgauge.judges.validate import grader_validity

        settings = self.config.settings.judge_validation
        if settings is False:
            return None
        options = self.config.raw.get("judge_validation", {})  # the cache key: as written
        real = settings.real_data
        real_dir = _config_relative(self.config.path, real) if real else DEFAULT_REAL_DATA
        grader = grader or self.config.grader
        key = _digest([grader, options, str(real_dir), sha256_file(VALIDATION_FILE)])
        path = self.run_dir / "judge_validity.json"
        if grader != self.config.grader:  # extra judges: beside their rescored logs
            from emgauge.judge_panel import grader_dir

            path = grader_dir(self.run_dir, grader) / "judge_validity.json"
        if path.is_file() and json.loads(path.read_text()).get("key") == key:
            return json.loads(path.read_text())["validity"]
        self.log("judge", f"validating {grader} on labelled answers")
        start = time.perf_counter()
        validity = grader_validity(
            grader,
            limit=settings.limit,
            real_limit=settings.real_limit,
            real_data=real_dir,
        )
        stage = "judge_validation" + ("" if grader == self.config.grader else f"/{grader}")
        self.stage_times[stage] = round(time.perf_counter() - start, 1)
        atomic_write_json(path, {"key": key, "validity": validity})
        return validity

    def collect(self, logs: list[Any], models: dict[str, tuple[str, int]]) -> pd.DataFrame:
        from emgauge.evals.summarize import judged_fields, read_log_answers

        methods = self.config.arm_methods
        training_methods = self.config.arm_training_methods
        records = []
        for log in logs:
            arm, seed = models[log.eval.model]
            answers = read_log_answers(Path(log.location))
            for row in answers.itertuples(index=False):
                records.append(
                    {
                        "experiment": self.config.name,
                        "arm": arm,
                        "method": methods[arm],
                        "training_method": training_methods[arm],
                        "seed": seed,
                        **judged_fields(row),
                        "answer": row.answer,
                    }
                )
        frame = self.with_budgets(pd.DataFrame(records))
        if not any(arm.training_method for arm in self.config.arms):
            # filter-only runs keep the columns they always had
            frame = frame.drop(columns="training_method")
        atomic_write_text(self.run_dir / ANSWERS, frame.to_csv(index=False))
        return frame

    # -- the whole run -----------------------------------------------------------------

    def run(self) -> Path:
        """Run the experiment, holding the run folder's lock throughout."""
        with self.holding_run_dir():
            return self._run_locked()

    def _run_locked(self) -> Path:
        if not self._prepare_run_dir():
            self.log("run", f"already complete: {self.run_dir} (pass --force to run it again)")
            print((self.run_dir / "leaderboard.md").read_text())
            return self.run_dir
        started = time.perf_counter()
        quality: dict[tuple[str, str], float] = {}
        models: dict[str, tuple[str, int]] = {}
        margins: list[pd.DataFrame | None] = []
        losses: list[pd.DataFrame | None] = []
        if self.config.settings.include_base:
            models[self.checkpoint_model(None)] = ("base", self.config.seeds[0])
            margins.append(self.probe_stage("base", self.config.seeds[0], None))
            losses.append(utility_stage(self, "base", self.config.seeds[0], None))
        from emgauge.sweep import check_sweep, sweep_points

        check_sweep(self.config, len(load_chat_jsonl(self.dataset)))
        for point in sweep_points(self.config):  # an arm per budget in a sweep
            arm, label = point.arm, point.label
            aurocs = []
            for seed in self.config.seeds:
                kept, filter_auroc = self.filter_stage(arm, seed, point.budget)
                aurocs.append(filter_auroc)
                adapter = self.finetune_stage(arm, seed, kept, label)
                models[self.checkpoint_model(adapter)] = (label, seed)
                margins.append(self.probe_stage(label, seed, adapter))
                losses.append(utility_stage(self, label, seed, adapter))
            quality[(self.config.name, label)] = (
                float(np.nanmean(aurocs)) if not all(math.isnan(a) for a in aurocs) else math.nan
            )
            self._write_manifest("running")
        judge = self.judge_stage()
        self._write_manifest("running", judge_validity=judge)
        logs = self.evaluate_stage(models)
        answers = self.collect(logs, models)
        panel = None
        if len(self.config.graders) > 1:  # several judges: rescore, validate and compare
            from emgauge.judge_panel import run_judge_panel

            panel = run_judge_panel(self, logs, models, judge)
        measured = [frame for frame in margins if frame is not None]
        preference = pd.concat(measured, ignore_index=True) if measured else None
        if preference is not None:
            atomic_write_text(self.run_dir / PREFERENCE, preference.to_csv(index=False))
        measured = [frame for frame in losses if frame is not None]
        utility = pd.concat(measured, ignore_index=True) if measured else None
        if utility is not None:
            atomic_write_text(self.run_dir / UTILITY, utility.to_csv(index=False))
        judged = answers_frame(answers.to_dict("records"))
        board_of = leaderboard
        sections = ""
        if self.config.is_sweep:
            from emgauge.dose_response import write_dose_response
            from emgauge.sweep import sweep_leaderboard

            board_of = sweep_leaderboard
            sections = write_dose_response(
                self.run_dir,
                judged,
                preference,
                self.config.thresholds,
                n_bootstrap=self.config.settings.bootstrap,
                title=self.config.name,
                judge=judge,
            )
        board = board_of(
            judged,
            self.config.thresholds,
            n_bootstrap=self.config.settings.bootstrap,
            filter_quality=quality,
            margins=preference,
            judge=judge,
            utility=utility,
        )
        if panel is not None:
            board.attrs["judge_panel"] = panel
        write_leaderboard(
            board,
            self.run_dir,
            f"{self.config.name}: EM by mitigation arm",
            sections,
            answers=answers,
            thresholds=self.config.thresholds,
        )
        self.stage_times["last_session"] = round(time.perf_counter() - started, 1)
        self._write_manifest("complete", finished=time.strftime("%Y-%m-%dT%H:%M:%S"))
        print((self.run_dir / "leaderboard.md").read_text())
        self.log("run", f"complete: {self.run_dir}")
        return self.run_dir


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


def run_thresholds(run_dir: Path) -> Thresholds:
    """The EM thresholds a run folder's manifest records (the defaults without one)."""
    manifest = run_dir / MANIFEST
    if not manifest.is_file():
        return Thresholds()
    return _thresholds(json.loads(manifest.read_text())["config"]["evaluation"])


def merge_runs(run_dirs: list[Path], bootstrap: int = 1000) -> pd.DataFrame:
    """One leaderboard from several run folders (their ``answers.csv``)."""
    frames = [read_run_answers(run_dir) for run_dir in run_dirs]
    manifests = [
        json.loads((d / MANIFEST).read_text()) for d in run_dirs if (d / MANIFEST).is_file()
    ]
    thresholds = _thresholds(manifests[0]["config"]["evaluation"]) if manifests else Thresholds()
    from emgauge.sweep import sweep_leaderboard, swept_answers

    board_of = sweep_leaderboard if swept_answers(frames) else leaderboard
    combined = pd.concat(frames, ignore_index=True)
    # Preference margins join the table only when every run measured them.
    margin_files = [d / PREFERENCE for d in run_dirs]
    margins = (
        pd.concat([pd.read_csv(f) for f in margin_files], ignore_index=True)
        if all(f.is_file() for f in margin_files)
        else None
    )
    # Utility losses likewise join only when every run measured them.
    utility_files = [d / UTILITY for d in run_dirs]
    utility = (
        pd.concat([pd.read_csv(f) for f in utility_files], ignore_index=True)
        if all(f.is_file() for f in utility_files)
        else None
    )
    # Filter AUROC comes from the runs' own leaderboards (answers do not carry it).
    # Runs of the same experiment and arm (other seeds, say) are averaged, not overwritten.
    found: dict[tuple[str, str], list[float]] = {}
    for run_dir in run_dirs:
        board_path = run_dir / "leaderboard.csv"
        if board_path.is_file():
            board = pd.read_csv(board_path)
            if "filter_auroc" in board:
                for row in board.itertuples(index=False):
                    found.setdefault((str(row.experiment), str(row.arm)), []).append(
                        float(row.filter_auroc)
                    )
    quality = {
        key: float(np.nanmean(values)) if not np.isnan(values).all() else math.nan
        for key, values in found.items()
    }
    # Judge validity carries over only when every run validated the same judge identically.
    judges = [m.get("judge_validity") for m in manifests]
    same_judge = len(judges) == len(run_dirs) and all(j and j == judges[0] for j in judges)
    board = board_of(
        answers_frame(combined.to_dict("records")),
        thresholds,
        n_bootstrap=bootstrap,
        filter_quality=quality or None,
        margins=margins,
        judge=judges[0] if same_judge else None,
        utility=utility,
    )
    from emgauge.judge_panel import merged_panel

    panel = merged_panel(run_dirs, thresholds, n_bootstrap=bootstrap)  # when all runs have it
    if panel is not None:
        board.attrs["judge_panel"] = panel
    return board


# -- command line --------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    config = load_experiment_config(args.config)
    run_dir = Path(args.out) if args.out else Path("runs") / config.name
    if args.dry_run:
        print(f"config ok: {config.name} (hash {config.config_hash})")
        print(f"dataset: {config.dataset}")
        trained = config.arm_training_methods
        print(
            "arms: "
            + ", ".join(
                f"{a.name} ({a.method}"
                + (f" + {trained[a.name]}" if a.training_method else "")
                + ")"
                for a in config.arms
            )
        )
        print(f"seeds: {config.seeds}; run folder: {run_dir}")
        from emgauge.sweep import check_sweep, sweep_plan

        mix = config.settings.dataset_mix
        samples = load_chat_jsonl(config.dataset)
        check_sweep(config, len(mix_labelled(samples, mix) if mix else samples))
        print("\n".join(sweep_plan(config)))
        return 0
    ExperimentRunner(config, run_dir, force=args.force, wait=args.wait).run()
    return 0


def _leaderboard(args: argparse.Namespace) -> int:
    from emgauge.leaderboard import leaderboard_markdown

    board = merge_runs([Path(p) for p in args.runs], bootstrap=args.bootstrap)
    if args.out:
        out = Path(args.out)
        if (out / "leaderboard.csv").exists() and not args.force:
            raise InputError(
                "leaderboard exists", path=out, fix="choose another --out or pass --force"
            )
        answers = pd.concat([read_run_answers(Path(p)) for p in args.runs], ignore_index=True)
        thresholds = run_thresholds(Path(args.runs[0]))
        from emgauge.dose_response import write_merged_dose_response

        runs = [Path(p) for p in args.runs]
        sections = write_merged_dose_response(runs, out, n_bootstrap=args.bootstrap)
        write_leaderboard(
            board,
            out,
            "Merged leaderboard",
            sections,
            answers=answers,
            thresholds=thresholds,
        )
    if args.json:
        print(board.to_json(orient="records", indent=2))
    else:
        print(leaderboard_markdown(board, "Merged leaderboard"))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser(
        "run", help="filter, fine-tune and evaluate every arm of an experiment config"
    )
    run.add_argument("config", help="experiment YAML (see configs/)")
    run.add_argument("--out", help="run folder (default: runs/<name>)")
    run.add_argument("--force", action="store_true", help="discard the run folder and start over")
    run.add_argument("--dry-run", action="store_true", help="validate the config and show the plan")
    run.add_argument(
        "--wait", action="store_true", help="wait for a run already using the folder to finish"
    )
    run.set_defaults(handler=_run)

    board = subparsers.add_parser("leaderboard", help="merge run folders into one leaderboard")
    board.add_argument("runs", nargs="+", metavar="RUN_DIR")
    board.add_argument("--out", help="write leaderboard.csv/.md/.png here")
    board.add_argument("--force", action="store_true", help="overwrite --out")
    board.add_argument("--bootstrap", type=int, default=1000)
    board.add_argument("--json", action="store_true")
    board.set_defaults(handler=_leaderboard)
