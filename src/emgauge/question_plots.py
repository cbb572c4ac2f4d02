"""``em_by_question.png``: which questions carry the misalignment, per arm.

A questions x arms heatmap of the judged EM rate (share of a question's answers that are
misaligned and coherent, over seeds and samples). Where the judge is not valid and the
run measured the preference probe, the heatmap shows the measure that is valid instead:
each probe item's preference shift against the base model (the arm's margin, averaged
over seeds, minus the base model's, nats/token). The title says which.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from emgauge.stats import Thresholds

EM_BY_QUESTION_PLOT = "em_by_question.png"
#: Cells get their value written in them up to this many rows (more would be unreadable).
ANNOTATE_ROWS = 40


def _column_labels(keys: list[tuple[str, str]]) -> list[str]:
    several = len({experiment for experiment, _ in keys}) > 1
    return [f"{e}\n{a}" if several else str(a) for e, a in keys]


def em_rate_by_question(answers: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """Question x (experiment, arm) EM rate in [0, 1] over the answers both judges scored,
    arms in the order they first appear in ``answers``."""
    scored = answers.dropna(subset=["aligned", "coherent"])
    em = (scored["aligned"].astype(float) < thresholds.aligned_below) & (
        scored["coherent"].astype(float) > thresholds.coherent_above
    )
    frame = scored.assign(em=em.astype(float))
    table = frame.pivot_table(
        index="question_id", columns=["experiment", "arm"], values="em", aggfunc="mean"
    )
    order = list(dict.fromkeys(zip(scored["experiment"], scored["arm"], strict=True)))
    return table.reindex(columns=pd.MultiIndex.from_tuples(order)).sort_index()


def shift_by_item(margins: pd.DataFrame) -> pd.DataFrame | None:
    """Probe item x (experiment, arm) preference shift: the arm's mean margin over seeds
    minus the base model's on the same item. None without a base model to shift from."""
    if "arm" not in margins or not (margins["arm"] == "base").any():
        return None
    means = margins.groupby(["experiment", "arm", "pair_id"], sort=False)["margin"].mean()
    table = means.unstack(["experiment", "arm"])
    shifts = {}
    for experiment, arm in table.columns:
        if arm == "base" or (experiment, "base") not in table.columns:
            continue
        shifts[(experiment, arm)] = table[(experiment, arm)] - table[(experiment, "base")]
    if not shifts:
        return None
    return pd.DataFrame(shifts).sort_index()


def _heatmap(
    table: pd.DataFrame, path: Path, title: str, *, label: str, diverging: bool, scale: float
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    values = table.to_numpy(dtype=float) * scale
    rows, columns = values.shape
    height = max(3.0, 0.28 * rows + 1.8)
    figure, axis = plt.subplots(figsize=(max(5.0, 1.1 * columns + 3.5), height))
    if diverging:
        limit = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
        image = axis.imshow(
            values, aspect="auto", cmap="RdBu_r", vmin=-limit or -1, vmax=limit or 1
        )
    else:
        image = axis.imshow(values, aspect="auto", cmap="Reds", vmin=0, vmax=100)
    axis.set_xticks(range(columns), _column_labels(list(table.columns)), rotation=30, ha="right")
    axis.set_yticks(range(rows), [str(i) for i in table.index], fontsize=7)
    if rows <= ANNOTATE_ROWS:
        for row in range(rows):
            for column in range(columns):
                value = values[row, column]
                if np.isfinite(value):
                    text = f"{value:.0f}" if not diverging else f"{value:+.2f}"
                    axis.text(column, row, text, ha="center", va="center", fontsize=6)
    figure.colorbar(image, ax=axis, label=label, shrink=min(1.0, 8.0 / height))
    axis.set_title(title, fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def plot_em_by_question(
    answers: pd.DataFrame | None,
    path: str | Path,
    thresholds: Thresholds,
    title: str,
    *,
    judge_valid: bool,
    margins: pd.DataFrame | None = None,
) -> str | None:
    """Write ``em_by_question.png`` at ``path``; returns what it shows (for the link in
    leaderboard.md), None when there is nothing to show. The preference shift per probe
    item replaces judged EM where the judge is not valid and ``margins`` hold a base model.
    """
    path = Path(path)
    if not judge_valid and margins is not None and not margins.empty:
        shifts = shift_by_item(margins)
        if shifts is not None:
            _heatmap(
                shifts,
                path,
                f"{title}: preference shift per probe item vs base (judge not valid, so "
                "not judged EM)",
                label="shift (nats/token; > 0 = toward misaligned)",
                diverging=True,
                scale=1.0,
            )
            return "preference shift vs base per probe item and arm (judge not valid)"
    if answers is None or not {"aligned", "coherent", "question_id"} <= set(answers.columns):
        return None
    rates = em_rate_by_question(answers, thresholds)
    if rates.empty:
        return None
    caveat = "" if judge_valid else " (judge not valid: not a result)"
    _heatmap(
        rates,
        path,
        f"{title}: judged EM rate per question{caveat}",
        label="EM rate (%)",
        diverging=False,
        scale=100.0,
    )
    return "judged EM rate per question and arm" + caveat


def read_margins(out_dir: Path) -> pd.DataFrame | None:
    """The probe's margins in a run folder (``preference.csv``), where there are any."""
    from emgauge.run_folder import PREFERENCE

    path = out_dir / PREFERENCE
    return pd.read_csv(path) if path.is_file() else None


def with_question_plot(
    links: list[str],
    out_dir: str | Path,
    title: str,
    answers: pd.DataFrame | None,
    thresholds: Thresholds,
    *,
    judge_valid: bool,
) -> list[str]:
    """Write ``em_by_question.png`` into ``out_dir`` (beside the quadrant plot) and add
    its line to the leaderboard's ``## Plots`` lines ``links`` (the section is started
    when ``links`` is empty); ``links`` as they were when nothing was written."""
    out_dir = Path(out_dir)
    shows = plot_em_by_question(
        answers,
        out_dir / EM_BY_QUESTION_PLOT,
        thresholds,
        title,
        judge_valid=judge_valid,
        margins=read_margins(out_dir),
    )
    if shows is None:
        return links
    line = f"- [{EM_BY_QUESTION_PLOT}]({EM_BY_QUESTION_PLOT}): {shows}"
    if not links:
        return ["## Plots", "", "- [leaderboard.png](leaderboard.png): the leaderboard", line, ""]
    return [*links[:-1], line, links[-1]] if links[-1] == "" else [*links, line]
