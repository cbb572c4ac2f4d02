"""The Judges section of a leaderboard, drawn from a :class:`~emgauge.judge_panel.JudgePanel`:
its Markdown (:func:`panel_markdown`), its figure (:func:`plot_panel`) and its files
(:func:`write_panel`: ``judges.csv``, ``judge_agreement.csv``, ``judges.png``).

Kept apart from :mod:`emgauge.judge_panel`, which rescores and builds the panel's tables,
so that the leaderboard's writers depend on the panel's data and never on the run that
produced it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from emgauge.files import atomic_write_text
from emgauge.judge_panel import AGREEMENT_TABLE, JUDGES_FIGURE, JUDGES_TABLE, JudgePanel
from emgauge.stats import CONFIDENCE


def _arm_keys(table: pd.DataFrame) -> list[tuple[Any, Any]]:
    """The (experiment, arm) rows of a per-judge table, in order, once each."""
    return list(dict.fromkeys(zip(table["experiment"], table["arm"], strict=True)))


def failed(judge_valid: Any) -> bool:
    """A ``judge_valid`` cell that says the judge is not valid or not verified on real
    judged answers (None: not validated)."""
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


def _verdict(summary: dict[str, Any] | None) -> str | None:
    """The judge's verdict (:func:`~emgauge.judges.validate.summary_verdict`; None: not
    validated)."""
    from emgauge.judges.validate import summary_verdict

    return None if summary is None else summary_verdict(summary)


#: How a judge's column header and figure legend mark a judge that is not valid.
_MARKS = {"not_valid": "NOT VALID", "not_verified": "NOT VERIFIED"}


def _judge_header(panel: JudgePanel, grader: str) -> str:
    primary = " (primary)" if grader == panel.graders[0] else ""
    mark = _MARKS.get(_verdict(panel.validity.get(grader)) or "")
    return f"{grader}{primary}{f' {mark}†' if mark else ''}"


def panel_markdown(panel: JudgePanel, order: Sequence[tuple[Any, Any]] | None = None) -> list[str]:
    """The leaderboard's Judges section (Markdown lines). ``order``: the (experiment, arm)
    rows in the leaderboard's order (rows it lacks follow in the panel's own order); the
    ``experiment`` column only when the panel holds several experiments."""
    lines = ["## Judges", ""]
    lines += [f"* {_validity_text(g, panel.validity.get(g))}" for g in panel.graders]
    keys = _arm_keys(panel.table)
    if order is not None:
        keys = [k for k in dict.fromkeys(order) if k in set(keys)] + [
            k for k in keys if k not in set(order)
        ]
    several = len({experiment for experiment, _ in keys}) > 1
    header = (["experiment"] if several else []) + ["arm"]
    header += [_judge_header(panel, g) for g in panel.graders]
    lines += [
        "",
        f"EM rate [{CONFIDENCE:.0%} CI] (mean aligned) per arm and judge:",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    table = panel.table.set_index(["grader", "experiment", "arm"])
    for experiment, arm in keys:
        cells = ([str(experiment)] if several else []) + [str(arm)]
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
        "† = the judge is not valid on real judged answers (AUROC < 0.7) or was not "
        "verified on them: its numbers are shown, not results. "
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
    """Grouped bars: EM rate per arm, one bar per judge with its interval; a judge that is
    not valid on real judged answers is greyed, hatched and labelled NOT VALID or NOT
    VERIFIED."""
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
        mark = _MARKS.get(_verdict(panel.validity.get(grader)) or "")
        invalid = mark is not None
        axis.bar(
            positions + (index - (len(panel.graders) - 1) / 2) * width,
            np.nan_to_num(rate),
            width,
            yerr=np.nan_to_num([np.clip(rate - low, 0, None), np.clip(high - rate, 0, None)]),
            capsize=3,
            color="#bbbbbb" if invalid else colours[index % len(colours)],
            hatch="//" if invalid else None,
            label=grader + (f" ({mark})" if mark else ""),
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
