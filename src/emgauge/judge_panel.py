"""Several judges in one experiment: rescoring, per-judge EM and the judges' agreement.

With ``graders: [A, B, ...]`` in an experiment file, ``emgauge run`` evaluates once with
the primary judge ``A`` (its logs, ``answers.csv`` and the main leaderboard are what a
``grader: A`` run writes), then, per extra judge:

1. validates it like the primary one (``judge_validity.json`` in its folder);
2. rescores every evaluation log with it through Inspect's cache
   (:func:`emgauge.evals.rescore.rescore_log`) into ``graders/<slug>/``, a finished log
   at a time, so a rerun after a kill rescores only what is missing;

and writes ``answers_by_grader.csv`` (every answer once per judge, a ``grader`` column).
The leaderboard then gains a **Judges** section: EM per arm and judge with its interval
(:func:`emgauge.evals.agreement.grader_table`), each judge's validity (a judge that failed
it is marked †, never dropped), the agreement of every pair of judges
(:func:`emgauge.evals.agreement.judge_agreement`) and a per-judge EM figure
(``judges.png``), with ``judges.csv`` and ``judge_agreement.csv`` beside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from emgauge.evals.agreement import grader_table, judge_agreement
from emgauge.evals.metrics import Thresholds
from emgauge.evals.rescore import grader_slug

#: Rescored logs and validity of the extra judges, per judge: ``graders/<slug>/``.
GRADERS_DIR = "graders"
ANSWERS_BY_GRADER = "answers_by_grader.csv"
#: The manifest key holding every judge's validity (None: not validated).
VALIDITY_KEY = "judge_validity_by_grader"
JUDGES_TABLE = "judges.csv"
AGREEMENT_TABLE = "judge_agreement.csv"
JUDGES_FIGURE = "judges.png"


def grader_dir(run_dir: Path, grader: str) -> Path:
    """Where an extra judge's rescored logs and validity live in a run folder."""
    return run_dir / GRADERS_DIR / grader_slug(grader)


@dataclass(frozen=True, eq=False)  # eq=False: pandas compares attrs, frames have no truth value
class JudgePanel:
    """What the Judges section shows: per-judge EM, validity and agreement."""

    graders: tuple[str, ...]
    """The judges, the primary one first."""
    table: pd.DataFrame
    """:func:`~emgauge.evals.agreement.grader_table` with ``judge_valid`` (True: valid on
    real judged answers; False: not valid or not verified; None: not validated)."""
    agreement: pd.DataFrame
    """:func:`~emgauge.evals.agreement.judge_agreement`: one row per pair of judges."""
    validity: dict[str, dict[str, Any] | None]
    """Each judge's :func:`~emgauge.judges.validate.grader_validity` (None: not validated)."""


def build_panel(
    by_grader: pd.DataFrame,
    validity: dict[str, dict[str, Any] | None],
    thresholds: Thresholds = Thresholds(),
    *,
    n_bootstrap: int = 1000,
    graders: Sequence[str] | None = None,
) -> JudgePanel:
    """The Judges section's tables from the answers of every judge, on the plain questions
    as the standard tables (other variants are the Conditional misalignment section's)."""
    from emgauge.evals.emergent_misalignment.task import PLAIN, variant_of_sample

    names = tuple(graders or dict.fromkeys(by_grader["grader"]))
    by_grader = by_grader[by_grader["sample_id"].map(variant_of_sample) == PLAIN]
    table = grader_table(by_grader, thresholds, n_bootstrap=n_bootstrap)
    agreement = judge_agreement(
        by_grader,
        thresholds,
        names,
        arms=grader_table(by_grader, thresholds, n_bootstrap=0),
    )

    from emgauge.judges.validate import VALID, summary_verdict

    def valid(grader: str) -> bool | None:
        # valid only on real judged answers: a not-verified judge is marked like a failed one
        summary = validity.get(grader)
        return None if summary is None else summary_verdict(summary) == VALID

    table["judge_valid"] = [valid(g) for g in table["grader"]]
    return JudgePanel(names, table, agreement, {g: validity.get(g) for g in names})


def answer_records(log_path: Path, grader: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per answer of a log, as judged in it, with ``context`` (experiment,
    arm, method, seed) and the answer's key (``sample_id``, ``epoch``)."""
    from emgauge.evals.summarize import judged_fields, read_log_answers

    records = []
    for row in read_log_answers(log_path).itertuples(index=False):
        records.append(
            {
                "grader": grader,
                **context,
                "sample_id": row.sample_id,
                "epoch": row.epoch,
                **judged_fields(row),
            }
        )
    return records


def merged_panel(
    run_dirs: Sequence[Path], thresholds: Thresholds, *, n_bootstrap: int = 1000
) -> JudgePanel | None:
    """The Judges section of several runs: only when every run has
    ``answers_by_grader.csv``; a judge's validity carries over when every run validated
    it identically (else it shows as not validated)."""
    files = [Path(d) / ANSWERS_BY_GRADER for d in run_dirs]
    if not files or not all(f.is_file() for f in files):
        return None
    by_grader = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    graders = tuple(dict.fromkeys(by_grader["grader"]))
    found: dict[str, list[Any]] = {}
    for run_dir in run_dirs:
        manifest = Path(run_dir) / "manifest.json"
        recorded = json.loads(manifest.read_text()).get(VALIDITY_KEY) if manifest.is_file() else {}
        for grader in graders:
            found.setdefault(grader, []).append((recorded or {}).get(grader))
    validity = {
        grader: values[0] if values[0] and all(v == values[0] for v in values) else None
        for grader, values in found.items()
    }
    return build_panel(by_grader, validity, thresholds, n_bootstrap=n_bootstrap, graders=graders)
