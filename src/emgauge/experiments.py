"""Experiments: filter -> fine-tune -> evaluate, for every arm and seed, then leaderboards.

``emgauge run CONFIG`` reads an experiment YAML (its sections and rules, and the validated
:class:`~emgauge.experiment_settings.ExperimentConfig`: :mod:`emgauge.experiment_settings`)
and, in a run folder (default ``runs/<name>/``, :class:`~emgauge.run_folder.RunFolder`),
runs the stages of :mod:`emgauge.stages`. Steps 1-3 form one chain per checkpoint
(:mod:`emgauge.stages.chain`), which an executor runs (:mod:`emgauge.executors`: here one
after another by default, or as Ray tasks); the rest runs here:

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
   benign answers, the cost beside the benefit (:mod:`emgauge.stages.utility`).
   Output: ``stages/utility/<arm>-s<seed>-<hash>/losses.csv``.
4. **judge**: the grader's validity (``stages/judge/``, shown in ``judge_validity.json``).
5. **evaluate**: every checkpoint (and the base model) through Inspect's ``eval_set`` in
   ``logs/``, which resumes on its own; with ``provider: vllm`` one server holds the base
   model and every adapter (``vllm/<base>:<adapter>``). With the Ray executor each node
   evaluates the checkpoints it trained (one server per node), one eval set per checkpoint
   in ``logs/checkpoints/<arm>-s<seed>/``. Several judges: every log
   rescored by each extra one (:func:`emgauge.stages.judge.judge_panel_stage`).
6. **collect**: ``answers.csv`` (one judged answer per row), ``preference.csv`` (one
   margin per checkpoint and probe pair), ``utility.csv`` (one loss per checkpoint and
   held-out answer, when measured), ``leaderboard.csv/.md/.png`` and the plots it links.

Each stage folder is named by the hash of its inputs and written atomically, so a rerun
after a kill redoes no finished work. A finished run is never overwritten: rerunning it
prints its leaderboard, and ``--force`` starts it again from scratch.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pandas as pd

from emgauge.chat_data import load_chat_jsonl
from emgauge.dose_response import write_dose_response
from emgauge.executors import Executor, ExecutorOptions, create_executor
from emgauge.experiment_settings import ExperimentConfig, sweep_points
from emgauge.files import atomic_write_text
from emgauge.leaderboard import LeaderboardInputs, answers_frame, leaderboard
from emgauge.leaderboard_markdown import summary_text, write_leaderboard
from emgauge.run_folder import PREFERENCE, UTILITY, RunFolder, merge_manifest_entries, timestamp
from emgauge.stages import evaluation, judge, monitor
from emgauge.stages.chain import Chain, ChainResult
from emgauge.stages.context import StageContext, log
from emgauge.sweep import check_sweep, sweep_leaderboard
from emgauge.vllm_server import find_vllm_python

LEADERBOARD_MD = "leaderboard.md"


def run_chains(config: ExperimentConfig) -> list[Chain]:
    """The run's chains in run order: the base model's (when evaluated), then arm by arm
    (budgets increasing), seed by seed. An interleave-selected arm without its own
    misaligned model needs no filter's chain of the same seed."""
    from emgauge.arm_training import misaligned_reference_arm, reads_reference_checkpoint

    chains = []
    if config.settings.include_base:
        chains.append(Chain(None, config.seeds[0]))
    reference = misaligned_reference_arm(config.arms)
    for point in sweep_points(config):
        needs_reference = reads_reference_checkpoint(point.arm.training_method)
        needs = (reference.name,) if needs_reference and reference is not None else ()
        chains += [Chain(point, seed, needs) for seed in config.seeds]
    return chains


def _chain_records(results: list[ChainResult]) -> list[dict[str, object]]:
    """Where and when each chain ran, and the stages it made (the manifest's ``chains``)."""
    return [
        {
            "chain": r.chain.key,
            "worker": r.worker,
            **({"node": r.node} if r.node else {}),
            **({"gpus": r.gpus} if r.gpus else {}),
            "started": round(r.started, 3),
            "finished": round(r.finished, 3),
            "stages": sorted(r.stage_times),
        }
        for r in results
    ]


def _concat(frames: list[pd.DataFrame | None]) -> pd.DataFrame | None:
    """The measured frames as one (None when the measure is off)."""
    measured = [frame for frame in frames if frame is not None]
    return pd.concat(measured, ignore_index=True) if measured else None


class ExperimentRunner:
    """Runs one experiment in its run folder, resuming whatever was already done."""

    def __init__(
        self,
        config: ExperimentConfig,
        run_dir: Path,
        *,
        force: bool = False,
        wait: bool = False,
        executor: ExecutorOptions | None = None,
    ) -> None:
        self.config = config
        self.force = force
        self.executor = executor or ExecutorOptions()
        self.folder = RunFolder(run_dir, config, wait=wait)
        self.ctx = StageContext(config, self.folder)

    @property
    def run_dir(self) -> Path:
        return self.folder.path

    def run(self) -> Path:
        """Run the experiment, holding the run folder's lock throughout."""
        if self.config.settings.evaluation.provider == "vllm":
            find_vllm_python()  # nothing to serve the checkpoints: say so before any writing
        executor = create_executor(self.executor)
        executor.check()  # Ray missing, a cluster out of reach: refused before any writing
        try:
            with self.folder.held(log):
                if not self.folder.prepare(force=self.force):
                    log("run", f"already complete: {self.run_dir} (pass --force to run it again)")
                    self._print_summary()
                    return self.run_dir
                self._run_stages(executor)
        finally:
            executor.close()
        return self.run_dir

    def _run_stages(self, executor: Executor) -> None:
        ctx, config = self.ctx, self.config
        started = time.perf_counter()
        quality: dict[tuple[str, str], float] = {}
        models: dict[str, tuple[str, int]] = {}
        margins: list[pd.DataFrame | None] = []
        losses: list[pd.DataFrame | None] = []
        dynamics: list[pd.DataFrame | None] = []  # the monitor over training
        stops: list[dict | None] = []
        control: dict[str, dict] = {}  # the control's row sources per seed
        check_sweep(config, len(load_chat_jsonl(ctx.dataset)))
        _ = ctx.probe_pairs  # written once by the driver, before any worker reads them
        chains = run_chains(config)
        points = {p.label: p for p in sweep_points(config)}
        remaining = {label: len(config.seeds) for label in points}

        def report(result: ChainResult) -> None:
            # a worker's stage times and manifest entries (merged with what other chains
            # recorded); the manifest is written when a point's last seed is done, as the
            # stages always did
            ctx.stage_times.update(result.stage_times)
            if result.manifest:
                merged = merge_manifest_entries(ctx.folder.manifest(), result.manifest)
                ctx.write_manifest("running", **{key: merged[key] for key in result.manifest})
            if result.chain.point is not None:
                remaining[result.chain.label] -= 1
                if not remaining[result.chain.label]:
                    ctx.write_manifest("running")

        results = executor.run(ctx, chains, report)
        for result in results:
            chain = result.chain
            models[result.model] = (chain.label, chain.seed)
            margins.append(result.margins)
            losses.append(result.losses)
            if chain.point is None:
                continue
            dynamics.append(result.dynamics)
            if result.early_stop is not None:
                stops.append(result.early_stop)
            if result.control_rows is not None:
                control[str(chain.seed)] = result.control_rows
        for label in points:
            aurocs = [r.filter_auroc for r in results if r.chain.label == label]
            quality[(config.name, label)] = (
                float(np.nanmean(aurocs)) if not all(math.isnan(a) for a in aurocs) else math.nan
            )
        ctx.write_manifest("running", chains=_chain_records(results))
        if control:  # the leaderboard says where the control's rows came from
            ctx.write_manifest("running", control_rows=control)
        validity = judge.judge_stage(ctx)
        ctx.write_manifest("running", judge_validity=validity)
        logs = executor.evaluate(ctx, models, results)
        answers = evaluation.collect_answers(ctx, logs, models)
        panel = None
        if len(config.graders) > 1:  # several judges: rescore, validate and compare
            panel = judge.judge_panel_stage(ctx, logs, models, validity)
        preference = _concat(margins)
        if preference is not None:
            atomic_write_text(self.run_dir / PREFERENCE, preference.to_csv(index=False))
        monitor.write_monitor(ctx, dynamics, stops)  # monitor.csv, over_training.png
        utility_losses = _concat(losses)
        if utility_losses is not None:
            atomic_write_text(self.run_dir / UTILITY, utility_losses.to_csv(index=False))
        inputs = LeaderboardInputs(
            answers=answers_frame(answers.to_dict("records")),
            thresholds=config.thresholds,
            n_bootstrap=config.settings.bootstrap,
            filter_quality=quality,
            margins=preference,
            judge=validity,
            utility=utility_losses,
        )
        sections = ""
        if config.is_sweep:
            sections = write_dose_response(
                self.run_dir,
                inputs.answers,
                preference,
                config.thresholds,
                n_bootstrap=config.settings.bootstrap,
                title=config.name,
                judge=validity,
            )
        board = (sweep_leaderboard if config.is_sweep else leaderboard)(inputs)
        if panel is not None:
            board.attrs["judge_panel"] = panel
        write_leaderboard(
            board,
            self.run_dir,
            f"{config.name}: EM by mitigation arm",
            sections,
            answers=answers,
            thresholds=config.thresholds,
        )
        ctx.stage_times["last_session"] = round(time.perf_counter() - started, 1)
        ctx.write_manifest("complete", finished=timestamp())
        self._print_summary()
        log("run", f"complete: {self.run_dir}")

    def _print_summary(self) -> None:
        """The leaderboard's verdict and compact table, and where the full tables are."""
        board = self.run_dir / LEADERBOARD_MD
        print(summary_text(board.read_text()))
        print(f"Verdict above; the full tables (Details) and plots: {board}")
