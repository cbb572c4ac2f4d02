"""Experiments: filter -> fine-tune -> evaluate, for every arm and seed, then leaderboards.

``emgauge run CONFIG`` reads an experiment YAML (its sections and rules, and the validated
:class:`~emgauge.experiment_settings.ExperimentConfig`: :mod:`emgauge.experiment_settings`)
and, in a run folder (default ``runs/<name>/``, :class:`~emgauge.run_folder.RunFolder`),
runs the stages of :mod:`emgauge.stages` in a straight line:

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
   model and every adapter (``vllm/<base>:<adapter>``). Several judges: every log
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
from emgauge.experiment_settings import BENIGN_ONLY, ExperimentConfig, sweep_points
from emgauge.files import atomic_write_text
from emgauge.leaderboard import LeaderboardInputs, answers_frame, leaderboard
from emgauge.leaderboard_markdown import summary_text, write_leaderboard
from emgauge.run_folder import PREFERENCE, UTILITY, RunFolder, timestamp
from emgauge.stages import evaluation, filtering, finetuning, judge, monitor, probe, utility
from emgauge.stages.context import StageContext, log
from emgauge.stages.control import control_sources
from emgauge.sweep import check_sweep, sweep_leaderboard
from emgauge.vllm_server import find_vllm_python

LEADERBOARD_MD = "leaderboard.md"


def _concat(frames: list[pd.DataFrame | None]) -> pd.DataFrame | None:
    """The measured frames as one (None when the measure is off)."""
    measured = [frame for frame in frames if frame is not None]
    return pd.concat(measured, ignore_index=True) if measured else None


class ExperimentRunner:
    """Runs one experiment in its run folder, resuming whatever was already done."""

    def __init__(
        self, config: ExperimentConfig, run_dir: Path, *, force: bool = False, wait: bool = False
    ) -> None:
        self.config = config
        self.force = force
        self.folder = RunFolder(run_dir, config, wait=wait)
        self.ctx = StageContext(config, self.folder)

    @property
    def run_dir(self) -> Path:
        return self.folder.path

    def run(self) -> Path:
        """Run the experiment, holding the run folder's lock throughout."""
        if self.config.settings.evaluation.provider == "vllm":
            find_vllm_python()  # nothing to serve the checkpoints: say so before any writing
        with self.folder.held(log):
            if not self.folder.prepare(force=self.force):
                log("run", f"already complete: {self.run_dir} (pass --force to run it again)")
                self._print_summary()
                return self.run_dir
            self._run_stages()
        return self.run_dir

    def _run_stages(self) -> None:
        ctx, config = self.ctx, self.config
        started = time.perf_counter()
        quality: dict[tuple[str, str], float] = {}
        models: dict[str, tuple[str, int]] = {}
        margins: list[pd.DataFrame | None] = []
        losses: list[pd.DataFrame | None] = []
        dynamics: list[pd.DataFrame | None] = []  # the monitor over training
        stops: list[dict | None] = []
        control: dict[str, dict] = {}  # the control's row sources per seed
        if config.settings.include_base:
            first_seed = config.seeds[0]
            models[evaluation.checkpoint_model(ctx, None)] = ("base", first_seed)
            margins.append(probe.probe_stage(ctx, "base", first_seed, None))
            losses.append(utility.utility_stage(ctx, "base", first_seed, None))
        check_sweep(config, len(load_chat_jsonl(ctx.dataset)))
        for point in sweep_points(config):  # an arm per budget in a sweep
            arm, label = point.arm, point.label
            aurocs = []
            for seed in config.seeds:
                kept, filter_auroc = filtering.filter_stage(ctx, arm, seed, point.budget)
                aurocs.append(filter_auroc)
                if arm.method == BENIGN_ONLY:
                    control[str(seed)] = control_sources(kept)
                adapter = finetuning.finetune_stage(ctx, arm, seed, kept, label)
                models[evaluation.checkpoint_model(ctx, adapter)] = (label, seed)
                margins.append(probe.probe_stage(ctx, label, seed, adapter))
                losses.append(utility.utility_stage(ctx, label, seed, adapter))
                dynamics.append(monitor.monitor_stage(ctx, arm.name, label, seed, adapter))
                if (arm.training_method or {}).get("name") == "early-stop":
                    stops.append(monitor.early_stop_row(label, seed, adapter))
            quality[(config.name, label)] = (
                float(np.nanmean(aurocs)) if not all(math.isnan(a) for a in aurocs) else math.nan
            )
            ctx.write_manifest("running")
        if control:  # the leaderboard says where the control's rows came from
            ctx.write_manifest("running", control_rows=control)
        validity = judge.judge_stage(ctx)
        ctx.write_manifest("running", judge_validity=validity)
        logs = evaluation.evaluate_stage(ctx, models)
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
