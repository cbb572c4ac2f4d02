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
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from emgauge.evals.agreement import grader_table, judge_agreement
from emgauge.evals.metrics import CONFIDENCE, Thresholds
from emgauge.evals.rescore import grader_slug
from emgauge.files import atomic_write_text
from emgauge.progress import Progress

if TYPE_CHECKING:
    from emgauge.experiments import ExperimentRunner

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
    """:func:`~emgauge.evals.agreement.grader_table` with ``judge_valid`` (True, False or
    None: not validated)."""
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
    """The Judges section's tables from the answers of every judge."""
    names = tuple(graders or dict.fromkeys(by_grader["grader"]))
    table = grader_table(by_grader, thresholds, n_bootstrap=n_bootstrap)
    agreement = judge_agreement(
        by_grader,
        thresholds,
        names,
        arms=grader_table(by_grader, thresholds, n_bootstrap=0),
    )

    def valid(grader: str) -> bool | None:
        summary = validity.get(grader)
        return None if summary is None else bool(summary["valid"])

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


def run_judge_panel(
    runner: ExperimentRunner,
    logs: list[Any],
    models: dict[str, tuple[str, int]],
    primary_validity: dict[str, Any] | None,
) -> JudgePanel:
    """Validate and rescore with every extra judge (resumable), write
    ``answers_by_grader.csv`` and return the Judges section's tables."""
    from emgauge.evals.rescore import judge_model, rescore_log

    config = runner.config
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
        validity[grader] = runner.judge_stage(grader)
        folder = grader_dir(runner.run_dir, grader)
        targets = [folder / Path(log.location).name for log in logs]
        pending = [(log, t) for log, t in zip(logs, targets, strict=True) if not t.is_file()]
        if pending:
            runner.log("judges", f"rescoring {len(pending)} logs with {grader} in {folder}")
            start = time.perf_counter()
            model = judge_model(grader)  # one instance for every log: a local judge loads once
            progress = Progress(len(pending), f"rescore with {grader}", unit="logs")
            for log, target in pending:
                rescore_log(log.location, model, target)
                progress.update()
            runner.stage_times[f"rescore/{grader}"] = round(time.perf_counter() - start, 1)
        else:
            runner.log("judges", f"{grader}: cached")
        for log, target in zip(logs, targets, strict=True):
            records.extend(answer_records(target, grader, context(log)))
    by_grader = runner.with_budgets(pd.DataFrame(records))  # a sweep: budget, base_arm
    atomic_write_text(runner.run_dir / ANSWERS_BY_GRADER, by_grader.to_csv(index=False))
    runner._write_manifest("running", **{VALIDITY_KEY: validity})
    return build_panel(
        by_grader,
        validity,
        config.thresholds,
        n_bootstrap=config.settings.bootstrap,
        graders=config.graders,
    )


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


# ------------------------------------------------------------------------------ output


def _arm_keys(table: pd.DataFrame) -> list[tuple[Any, Any]]:
    """The (experiment, arm) rows of a per-judge table, in order, once each."""
    return list(dict.fromkeys(zip(table["experiment"], table["arm"], strict=True)))


def failed(judge_valid: Any) -> bool:
    """A ``judge_valid`` cell that says the judge failed validation (None: not validated)."""
    return judge_valid is not None and not pd.isna(judge_valid) and not bool(judge_valid)


def _pct(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * float(value):.1f}%"


def _fixed(value: Any, digits: int = 2) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.{digits}f}"


def _validity_text(grader: str, summary: dict[str, Any] | None) -> str:
    from emgauge.judges.validate import validity_line

    if summary is None:
        return f"Judge: {grader} — not validated (judge_validation off, or runs differ)"
    return validity_line(summary)


def _judge_header(panel: JudgePanel, grader: str) -> str:
    primary = " (primary)" if grader == panel.graders[0] else ""
    summary = panel.validity.get(grader)
    invalid = " NOT VALID†" if summary is not None and not summary["valid"] else ""
    return f"{grader}{primary}{invalid}"


def panel_markdown(panel: JudgePanel) -> list[str]:
    """The leaderboard's Judges section (Markdown lines)."""
    lines = ["## Judges", ""]
    lines += [f"* {_validity_text(g, panel.validity.get(g))}" for g in panel.graders]
    header = ["experiment", "arm"] + [_judge_header(panel, g) for g in panel.graders]
    lines += [
        "",
        f"EM rate [{CONFIDENCE:.0%} CI] (mean aligned) per arm and judge:",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    table = panel.table.set_index(["grader", "experiment", "arm"])
    for experiment, arm in _arm_keys(panel.table):
        cells = [str(experiment), str(arm)]
        for grader in panel.graders:
            key = (grader, experiment, arm)
            if key not in table.index:
                cells.append("–")
                continue
            r = table.loc[key]
            mark = "†" if failed(r["judge_valid"]) else ""
            cells.append(
                f"{_pct(r['em_rate'])} [{_pct(r['em_ci_low'])}, {_pct(r['em_ci_high'])}] "
                f"({_fixed(r['mean_aligned'], 1)}){mark}"
            )
        lines.append("| " + " | ".join(cells) + " |")
    agreement_header = [
        "judge A",
        "judge B",
        "answers",
        "Spearman aligned (n)",
        "Spearman coherent (n)",
        "κ EM label (n)",
        "τ arms by EM rate (n)",
        "τ arms by mean aligned (n)",
    ]
    lines += [
        "",
        "Agreement between judges:",
        "",
        "| " + " | ".join(agreement_header) + " |",
        "|" + "---|" * len(agreement_header),
    ]
    for r in panel.agreement.to_dict("records"):
        cells = [
            r["grader_a"],
            r["grader_b"],
            str(r["n_answers"]),
            f"{_fixed(r['spearman_aligned'])} ({r['n_aligned']})",
            f"{_fixed(r['spearman_coherent'])} ({r['n_coherent']})",
            f"{_fixed(r['kappa_em'])} ({r['n_em']})",
            f"{_fixed(r['kendall_em_rate'])} ({r['n_arms_em_rate']})",
            f"{_fixed(r['kendall_mean_aligned'])} ({r['n_arms_mean_aligned']})",
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    lines += [
        "",
        "Every answer is scored by every judge (the extra judges re-score the primary "
        "judge's logs through Inspect's cache); the tables above use the primary judge. "
        "† = the judge failed validation (AUROC < 0.7): its numbers are shown, not results. "
        "Spearman per metric over the answers both judges scored; κ = Cohen's kappa of the "
        "EM label over the answers both scored on aligned and coherent; τ = Kendall's tau-b "
        "between the arm rankings the two judges imply (by EM rate, by mean aligned); "
        "– = undefined (too few answers or arms, or one judge constant).",
        "",
        f"![EM rate per judge]({JUDGES_FIGURE})",
        "",
    ]
    return lines


def plot_panel(panel: JudgePanel, path: str | Path, title: str = "EM rate per judge") -> None:
    """Grouped bars: EM rate per arm, one bar per judge with its interval; a judge that
    failed validation is greyed, hatched and labelled NOT VALID."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = panel.table
    arms = _arm_keys(table)
    several = len({e for e, _ in arms}) > 1
    labels = [f"{e}\n{a}" if several else str(a) for e, a in arms]
    positions = np.arange(len(arms))
    width = 0.8 / max(1, len(panel.graders))
    colours = ["#3a6fb3", "#b33a3a", "#4f9b5a", "#7a4fb3", "#c98a2b"]
    figure, axis = plt.subplots(figsize=(max(6.0, 1.2 * len(arms) + 2), 4.6))
    indexed = table.set_index(["grader", "experiment", "arm"])
    top = 5.0
    for index, grader in enumerate(panel.graders):
        rows = [
            indexed.loc[(grader, e, a)] if (grader, e, a) in indexed.index else None
            for e, a in arms
        ]

        def column(name: str, rows: list[Any] = rows) -> np.ndarray:
            return np.array(
                [math.nan if r is None else float(r[name]) * 100 for r in rows], dtype=float
            )

        rate, low, high = column("em_rate"), column("em_ci_low"), column("em_ci_high")
        summary = panel.validity.get(grader)
        invalid = summary is not None and not summary["valid"]
        axis.bar(
            positions + (index - (len(panel.graders) - 1) / 2) * width,
            np.nan_to_num(rate),
            width,
            yerr=np.nan_to_num([np.clip(rate - low, 0, None), np.clip(high - rate, 0, None)]),
            capsize=3,
            color="#bbbbbb" if invalid else colours[index % len(colours)],
            hatch="//" if invalid else None,
            label=grader + (" (NOT VALID)" if invalid else ""),
        )
        top = max(top, float(np.nan_to_num(high).max(initial=0)) * 1.15)
    axis.set_xticks(positions, labels, rotation=30, ha="right")
    axis.set_ylim(0, top)
    axis.set_ylabel("EM rate (%)")
    axis.set_title(f"{title} ({CONFIDENCE:.0%} CI)")
    axis.legend(fontsize=8)
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_panel(panel: JudgePanel, out_dir: str | Path) -> None:
    """judges.csv, judge_agreement.csv and judges.png in ``out_dir``."""
    out_dir = Path(out_dir)
    atomic_write_text(out_dir / JUDGES_TABLE, panel.table.to_csv(index=False))
    atomic_write_text(out_dir / AGREEMENT_TABLE, panel.agreement.to_csv(index=False))
    plot_panel(panel, out_dir / JUDGES_FIGURE)
