"""The judge stage: a grader's validity on the bundled labelled answers and the real test
split (:func:`emgauge.judges.validate.grader_validity`), measured once per grader and
settings (``stages/judge/<grader>-<hash>/``) and shown as ``judge_validity.json``: in the
run folder for the primary judge, in ``graders/<grader>/`` for the extra ones; and, with
several judges, the panel stage (:func:`judge_panel_stage`): every log rescored by each
extra judge."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pandas as pd

from emgauge.evals import rescore
from emgauge.evals.rescore import grader_slug
from emgauge.experiment_settings import config_relative
from emgauge.files import atomic_write_json, atomic_write_text, json_digest, sha256_file
from emgauge.judge_panel import (
    ANSWERS_BY_GRADER,
    VALIDITY_KEY,
    JudgePanel,
    answer_records,
    build_panel,
    grader_dir,
)
from emgauge.judges import validate as judge_validation
from emgauge.judges.real_data import VALIDATION_FILE, default_real_data, real_data_available
from emgauge.progress import Progress
from emgauge.stages.context import StageContext, cached_stage
from emgauge.stages.context import log as stage_log

VALIDITY_FILE = "judge_validity.json"


def judge_stage(ctx: StageContext, grader: str | None = None) -> dict[str, Any] | None:
    """Validate ``grader`` (default: the primary one); None when validation is off.

    Config ``judge_validation``: ``false`` turns it off; ``limit`` / ``real_limit`` bound
    the rows judged (a generative judge is slow); ``real_data`` (default: the real judged
    answers where they are, see :func:`emgauge.judges.real_data.default_real_data`) is
    skipped when absent, and the judge is then ``not_verified`` at best. Whether the real
    answers are there is part of the cache key: fetching them re-validates.
    """
    config = ctx.config
    settings = config.settings.judge_validation
    if settings is False:
        return None
    options = config.raw.get("judge_validation", {})  # the cache key: as written
    real = settings.real_data
    real_dir = config_relative(config.path, real) if real else default_real_data()
    grader = grader or config.grader
    key = json_digest(
        [grader, options, str(real_dir), sha256_file(VALIDATION_FILE)]
        # a key as before while the real answers are there; another once they are not
        + ([] if real_data_available(real_dir) else ["no real data"])
    )
    primary = grader == config.grader

    def validate(folder: Path) -> str:
        validity = judge_validation.grader_validity(
            grader, limit=settings.limit, real_limit=settings.real_limit, real_data=real_dir
        )
        atomic_write_json(folder / VALIDITY_FILE, {"key": key, "validity": validity})
        return judge_validation.summary_verdict(validity).replace("_", " ")

    folder = cached_stage(
        ctx,
        "judge",
        grader_slug(grader),
        key,
        done=VALIDITY_FILE,
        label=grader,
        make=validate,
        starting="validating on labelled answers ...",
        timing="judge_validation" + ("" if primary else f"/{grader}"),
    )
    recorded = json.loads((folder / VALIDITY_FILE).read_text())
    # a summary cached before verdicts existed says valid from the bundled set: re-read it
    recorded["validity"] = judge_validation.with_verdict(recorded["validity"])
    shown = (ctx.run_dir if primary else grader_dir(ctx.run_dir, grader)) / VALIDITY_FILE
    atomic_write_json(shown, recorded)
    return recorded["validity"]


def judge_panel_stage(
    ctx: StageContext,
    logs: list[Any],
    models: dict[str, tuple[str, int]],
    primary_validity: dict[str, Any] | None,
) -> JudgePanel:
    """Validate and rescore with every extra judge, write ``answers_by_grader.csv`` and
    return the Judges section's tables (:mod:`emgauge.judge_panel`).

    Rescoring resumes a log at a time: a log already rescored into ``graders/<slug>/`` is
    not rescored again."""
    config = ctx.config
    methods = config.arm_methods

    def context(log: Any) -> dict[str, Any]:
        arm, seed = models[log.eval.model]
        return {"experiment": config.name, "arm": arm, "method": methods[arm], "seed": seed}

    records = [
        record
        for log in logs
        for record in answer_records(Path(log.location), config.grader, context(log))
    ]
    validity: dict[str, dict[str, Any] | None] = {config.grader: primary_validity}
    for grader in config.graders[1:]:
        validity[grader] = judge_stage(ctx, grader)
        folder = grader_dir(ctx.run_dir, grader)
        targets = [folder / Path(log.location).name for log in logs]
        pending = [(log, t) for log, t in zip(logs, targets, strict=True) if not t.is_file()]
        if pending:
            stage_log("judges", f"rescoring {len(pending)} logs with {grader} in {folder}")
            start = time.perf_counter()
            model = rescore.judge_model(grader)  # one instance for every log: loaded once
            progress = Progress(len(pending), f"rescore with {grader}", unit="logs")
            for log, target in pending:
                rescore.rescore_log(log.location, model, target)
                progress.update()
            ctx.stage_times[f"rescore/{grader}"] = round(time.perf_counter() - start, 1)
        else:
            stage_log("judges", f"{grader}: cached")
        for log, target in zip(logs, targets, strict=True):
            records.extend(answer_records(target, grader, context(log)))
    by_grader = ctx.with_budgets(pd.DataFrame(records))  # a sweep: budget, base_arm
    atomic_write_text(ctx.run_dir / ANSWERS_BY_GRADER, by_grader.to_csv(index=False))
    ctx.write_manifest("running", **{VALIDITY_KEY: validity})
    return build_panel(
        by_grader,
        validity,
        config.thresholds,
        n_bootstrap=config.settings.bootstrap,
        graders=config.graders,
    )
