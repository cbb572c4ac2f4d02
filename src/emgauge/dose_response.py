"""Dose-response of a budget sweep: each filtering arm's effect against the fraction removed.

For every filtering arm of a sweep (:mod:`emgauge.sweep`) and every measure, the curve
runs through ``(0, no filter)`` and ``(b, arm@b)`` for each budget ``b`` (the fraction of
the training set removed). The measures:

* ``shift_in_domain``, ``shift_general``: the misaligned-preference shift, the mean margin
  minus the base model's on the same probe pair (as in
  :func:`emgauge.leaderboard.preference_table`), on the training data's domains and on
  general questions; the margin itself when the run has no base model. The primary,
  judge-free measure.
* ``em_rate``: the judged EM rate among scored answers.

Lower is better for all three. Each point's interval is the paired bootstrap over seeds
and items (probe pairs, questions) of :mod:`emgauge.stats`.

**Area under the curve.** ``AUC = trapezoid(y, x) / (x_max - x_min)`` over the curve's
points, no filter included: the curve's mean height over the budget range, in the
measure's unit (nats/token, EM share). ``ΔAUC vs random = AUC_arm - AUC_random``, its
interval and p-value (:func:`emgauge.stats.bootstrap_p_value`) from one set of replicates
in which both curves, every point of them, are recomputed on the same resampled seeds and
items (:func:`emgauge.stats.paired_bootstrap_replicates`); negative = the arm removes
misalignment faster than random as the budget grows. The p-values are Holm-adjusted within
a family per experiment: the preference one (every arm x {in-domain, general}) and the EM
one (every arm).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.integrate import trapezoid

from emgauge.experiment_settings import NO_FILTER
from emgauge.files import atomic_write_text
from emgauge.leaderboard import (
    REFERENCE_ARMS,
    LeaderboardInputs,
    em_hits,
    margin_matrix,
    pair_subsets,
)
from emgauge.stats import (
    CONFIDENCE,
    Replicates,
    Thresholds,
    holm,
    paired_bootstrap_replicates,
    stacked_nan_mean,
)
from emgauge.sweep import BASE_ARM_COLUMN, BUDGET_COLUMN, is_swept

PLOT_FILE = "dose_response.png"
POINTS_FILE = "dose_response.csv"
AREAS_FILE = "dose_response_auc.csv"
#: Measures in reading order: name -> (title, unit).
MEASURES = {
    "shift_in_domain": ("preference shift in-domain", "nats/token"),
    "shift_general": ("preference shift general", "nats/token"),
    "em_rate": ("judged EM rate", "share"),
}
PREFERENCE_FAMILY = ("shift_in_domain", "shift_general")


def curve_area(budgets: Sequence[float], values: Sequence[float]) -> float:
    """Trapezoid area under ``values`` over ``budgets`` divided by the budget range: the
    curve's mean height (NaN with a missing value or fewer than two points)."""
    return float(curve_areas(budgets, np.asarray(values, dtype=np.float64)[:, None])[0])


def curve_areas(budgets: Sequence[float], values: np.ndarray) -> np.ndarray:
    """:func:`curve_area` of each column of ``values`` (points x replicates)."""
    x = np.asarray(budgets, dtype=np.float64)
    if x.size < 2 or x[-1] <= x[0]:
        return np.full(values.shape[1], math.nan)
    areas = trapezoid(values, x, axis=0) / (x[-1] - x[0])
    return np.where(np.isfinite(values).all(axis=0), areas, math.nan)


@dataclass(frozen=True)
class Measure:
    """One measure's cells per checkpoint label: matrices of seeds x items (the same
    seeds and items for every label) and the stacked statistic of one label's matrices
    (:func:`emgauge.stats.paired_bootstrap_replicates`)."""

    name: str
    cells: dict[str, tuple[np.ndarray, ...]]
    statistic: Callable[..., np.ndarray]

    @property
    def width(self) -> int:
        """Matrices per label."""
        return len(next(iter(self.cells.values())))


@dataclass(frozen=True)
class Curve:
    """An arm's curve: the labels of its points (no filter first) and their budgets."""

    arm: str
    labels: tuple[str, ...]
    budgets: tuple[float, ...]


def _em_rate(hits: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The EM rate of each replicate of stacked hit sums and answer counts."""
    total = counts.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, hits.sum(axis=(1, 2)) / total, math.nan)


def _preference_measures(margins: pd.DataFrame) -> list[Measure]:
    pairs = sorted(margins["pair_id"].unique())
    subsets = pair_subsets(margins, pairs)
    base_runs = margins[margins["method"] == "base"]
    base = (
        margin_matrix(base_runs, pairs).mean(axis=0).to_numpy()
        if not base_runs.empty
        else np.zeros(len(pairs))
    )
    runs = margins[margins["method"] != "base"]
    seeds = sorted(runs["seed"].unique())
    matrices = {
        str(label): margin_matrix(frame, pairs).reindex(index=seeds).to_numpy() - base[None, :]
        for label, frame in runs.groupby("arm")
    }
    measures = []
    for name, suffix in (("shift_in_domain", "_in_domain"), ("shift_general", "_general")):
        mask = subsets[suffix]
        if mask.any():
            cells = {label: (matrix[:, mask],) for label, matrix in matrices.items()}
            measures.append(Measure(name, cells, stacked_nan_mean))
    return measures


def _em_measure(answers: pd.DataFrame, thresholds: Thresholds) -> Measure | None:
    runs = answers[answers["method"] != "base"]
    hits = {str(label): em_hits(frame, thresholds) for label, frame in runs.groupby("arm")}
    if not hits or all(frame.empty for frame in hits.values()):
        return None
    seeds = sorted(runs["seed"].unique())
    questions = sorted(runs["question_id"].astype(str).unique())
    cells = {}
    for label, frame in hits.items():
        table = frame.assign(question_id=frame["question_id"].astype(str))
        grouped = table.groupby(["seed", "question_id"])["hit"]
        shape = {"index": seeds, "columns": questions, "fill_value": 0.0}
        cells[label] = (
            grouped.sum().unstack().reindex(**shape).fillna(0.0).to_numpy(),
            grouped.count().unstack().reindex(**shape).fillna(0.0).to_numpy(dtype=float),
        )
    return Measure("em_rate", cells, _em_rate)


def _curves(frame: pd.DataFrame) -> list[Curve]:
    """Each filtering arm's curve (in the run's order), from no filter (when measured)."""
    swept = frame[is_swept(frame)]
    start = frame[frame["arm"] == REFERENCE_ARMS["no_filter"]]
    if start.empty:
        start = frame[frame["method"] == NO_FILTER]
    curves = []
    for arm, rows in swept.groupby(BASE_ARM_COLUMN, sort=False):
        points = rows.drop_duplicates("arm").sort_values(BUDGET_COLUMN)
        labels = [str(label) for label in points["arm"]]
        budgets = [float(b) for b in points[BUDGET_COLUMN]]
        if not start.empty:
            labels.insert(0, str(start["arm"].iloc[0]))
            budgets.insert(0, 0.0)
        curves.append(Curve(str(arm), tuple(labels), tuple(budgets)))
    return curves


def _curve_statistic(measure: Measure, curves: Sequence[Curve]) -> Callable[..., np.ndarray]:
    """The stacked statistic of the matrices of ``curves`` laid end to end: one curve's
    area, or two curves' difference of areas (per replicate)."""
    width = measure.width

    def areas(*stacks: np.ndarray) -> list[np.ndarray]:
        found, at = [], 0
        for curve in curves:
            values = []
            for _ in curve.labels:
                values.append(measure.statistic(*stacks[at : at + width]))
                at += width
            found.append(curve_areas(curve.budgets, np.stack(values)))
        return found

    if len(curves) == 1:
        return lambda *stacks: areas(*stacks)[0]
    return lambda *stacks: np.subtract(*areas(*stacks))


def _matrices(measure: Measure, curves: Sequence[Curve]) -> list[np.ndarray]:
    return [m for curve in curves for label in curve.labels for m in measure.cells[label]]


def dose_response(
    answers: pd.DataFrame | None,
    margins: pd.DataFrame | None,
    thresholds: Thresholds = Thresholds(),
    *,
    n_bootstrap: int = 1000,
    confidence: float = CONFIDENCE,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(points, areas) of a sweep's answers (with a ``judged`` column) and margins.

    points: ``experiment, arm, label, budget, measure, value, low, high``, one row per
    curve point (the no-filter point at budget 0 repeated on every arm's curve).
    areas: ``experiment, arm, measure, auc, auc_low, auc_high, delta_vs_random`` with
    ``_low``, ``_high``, ``_p`` and ``_p_holm`` (see the module docstring).
    """
    frames = [f for f in (margins, answers) if f is not None and not f.empty]
    experiments = list(dict.fromkeys(e for f in frames for e in f["experiment"]))
    points, areas = [], []
    for experiment in experiments:
        measures: list[Measure] = []
        curves: list[Curve] = []
        if margins is not None and not margins.empty:
            runs = margins[margins["experiment"] == experiment]
            if not runs.empty:
                measures += _preference_measures(runs)
                curves = _curves(runs)
        if answers is not None and not answers.empty:
            runs = answers[answers["experiment"] == experiment]
            em = _em_measure(runs, thresholds) if not runs.empty else None
            if em is not None:
                measures.append(em)
                curves = curves or _curves(runs)
        by_arm = {curve.arm: curve for curve in curves}
        random = by_arm.get(REFERENCE_ARMS["random"])
        for measure in measures:
            for curve in curves:
                if not all(label in measure.cells for label in curve.labels):
                    continue
                for label, budget in zip(curve.labels, curve.budgets, strict=True):
                    value, low, high = paired_bootstrap_replicates(
                        measure.statistic, *measure.cells[label], n_bootstrap=n_bootstrap
                    ).interval(confidence)
                    points.append(
                        {
                            "experiment": experiment,
                            "arm": curve.arm,
                            "label": label,
                            "budget": budget,
                            "measure": measure.name,
                            "value": value,
                            "low": low,
                            "high": high,
                        }
                    )
                area = paired_bootstrap_replicates(
                    _curve_statistic(measure, [curve]),
                    *_matrices(measure, [curve]),
                    n_bootstrap=n_bootstrap,
                )
                delta = Replicates(math.nan)
                comparable = (
                    random is not None
                    and curve is not random
                    and random.budgets == curve.budgets
                    and all(label in measure.cells for label in random.labels)
                )
                if comparable:
                    assert random is not None
                    delta = paired_bootstrap_replicates(
                        _curve_statistic(measure, [curve, random]),
                        *_matrices(measure, [curve, random]),
                        n_bootstrap=n_bootstrap,
                    )
                row: dict[str, Any] = {
                    "experiment": experiment,
                    "arm": curve.arm,
                    "measure": measure.name,
                }
                row["auc"], row["auc_low"], row["auc_high"] = area.interval(confidence)
                (
                    row["delta_vs_random"],
                    row["delta_vs_random_low"],
                    row["delta_vs_random_high"],
                ) = delta.interval(confidence)
                row["delta_vs_random_p"] = delta.p_value()
                areas.append(row)
    return pd.DataFrame(points), _with_holm(pd.DataFrame(areas))


def _with_holm(areas: pd.DataFrame) -> pd.DataFrame:
    """``delta_vs_random_p_holm``: Holm within each experiment's preference family and
    its EM family."""
    if areas.empty:
        return areas
    areas = areas.copy()
    areas["delta_vs_random_p_holm"] = np.nan
    family = np.where(areas["measure"].isin(PREFERENCE_FAMILY), "preference", "em")
    for _, rows in areas.groupby([areas["experiment"], family], sort=False):
        areas.loc[rows.index, "delta_vs_random_p_holm"] = holm(
            rows["delta_vs_random_p"].to_numpy(dtype=float)
        )
    return areas


# ------------------------------------------------------------------------------ output


def _value(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.1f}%" if unit == "share" else f"{value:+.3f}"


def _interval(value: float, low: float, high: float, unit: str) -> str:
    return f"{_value(value, unit)} [{_value(low, unit)}, {_value(high, unit)}]"


def _p(value: float) -> str:
    if value is None or math.isnan(value):
        return "–"
    return ("<0.001" if value < 0.001 else f"{value:.3f}") + ("*" if value < 1 - CONFIDENCE else "")


def dose_response_markdown(
    points: pd.DataFrame, areas: pd.DataFrame, judge_valid: bool = True
) -> str:
    """The leaderboard's "Dose-response" section: per measure, each arm's value at every
    budget and its AUC, with the ΔAUC against random; and the plot. Judged EM from a judge
    that failed validation is marked, as in the leaderboard."""
    if points.empty:
        return ""
    lines = ["## Dose-response", "", f"![dose-response]({PLOT_FILE})", ""]
    several = points["experiment"].nunique() > 1
    for experiment, frame in points.groupby("experiment", sort=False):
        budgets = sorted(frame["budget"].unique())
        for measure, (title, unit) in MEASURES.items():
            rows = frame[frame["measure"] == measure]
            if rows.empty:
                continue
            heading = f"{title} ({unit})" + (f", {experiment}" if several else "")
            if measure == "em_rate" and not judge_valid:
                heading += " † the judge failed validation: not a result"
            header = [
                "arm",
                *(("0 (no filter)" if b == 0 else f"{b:g}") for b in budgets),
                "AUC [CI]",
                "ΔAUC vs random [CI]",
                "p(Holm)",
            ]
            lines += [
                f"**{heading}**",
                "",
                "| " + " | ".join(header) + " |",
                "|" + "---|" * len(header),
            ]
            for arm, arm_rows in rows.groupby("arm", sort=False):
                at = arm_rows.set_index("budget")
                cells = [
                    _interval(*at.loc[b, ["value", "low", "high"]], unit) if b in at.index else ""
                    for b in budgets
                ]
                area = areas[
                    (areas["experiment"] == experiment)
                    & (areas["arm"] == arm)
                    & (areas["measure"] == measure)
                ]
                if area.empty:
                    cells += ["–", "–", "–"]
                else:
                    a = area.iloc[0]
                    cells += [
                        _interval(a["auc"], a["auc_low"], a["auc_high"], unit),
                        _interval(
                            a["delta_vs_random"],
                            a["delta_vs_random_low"],
                            a["delta_vs_random_high"],
                            unit,
                        ),
                        _p(a["delta_vs_random_p_holm"]),
                    ]
                lines.append("| " + " | ".join([str(arm), *cells]) + " |")
            lines.append("")
    lines += [
        "Each arm at every budget (the fraction of the training set removed; 0 = no "
        "filter, the same checkpoints on every curve). Shift = margin minus the base "
        "model's (the margin itself without a base model); lower is better. AUC = the "
        "trapezoid area under the curve over the budget range divided by that range (the "
        "curve's mean height). ΔAUC vs random = AUC − random's AUC: negative = the arm "
        "removes misalignment faster than random as the budget grows. CI = "
        f"{CONFIDENCE:.0%} paired bootstrap over seeds and items (probe pairs, questions), "
        "both curves on the same draws; p(Holm) = two-sided bootstrap p-value of ΔAUC = 0, "
        "Holm-adjusted within the preference family (arms × {in-domain, general}) and "
        f"the EM family (arms); * = below {1 - CONFIDENCE:.2g}.",
        "",
    ]
    return "\n".join(lines)


def plot_dose_response(
    points: pd.DataFrame, path: str | Path, title: str, judge_valid: bool = True
) -> None:
    """One panel per measure: each arm's curve over the fraction removed, with its
    interval as a band (the EM panel labelled when the judge failed validation)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measures = [m for m in MEASURES if (points["measure"] == m).any()]
    figure, axes = plt.subplots(
        1, max(1, len(measures)), figsize=(5.5 * max(1, len(measures)), 4.4), squeeze=False
    )
    for axis, measure in zip(axes[0], measures, strict=False):
        title_text, unit = MEASURES[measure]
        scale = 100.0 if unit == "share" else 1.0
        rows = points[points["measure"] == measure]
        for (experiment, arm), curve in rows.groupby(["experiment", "arm"], sort=False):
            curve = curve.sort_values("budget")
            name = arm if rows["experiment"].nunique() == 1 else f"{experiment}: {arm}"
            style = "--" if arm == REFERENCE_ARMS["random"] else "-"
            line = axis.plot(
                curve["budget"], curve["value"] * scale, style, marker="o", label=name
            )[0]
            axis.fill_between(
                curve["budget"].to_numpy(dtype=float),
                curve["low"].to_numpy(dtype=float) * scale,
                curve["high"].to_numpy(dtype=float) * scale,
                color=line.get_color(),
                alpha=0.15,
            )
        axis.axhline(0, color="black", linewidth=0.8)
        axis.set_xlabel("fraction of the training set removed")
        axis.set_ylabel("EM rate (%)" if unit == "share" else f"{title_text} ({unit})")
        axis.set_title(f"{title_text} ({CONFIDENCE:.0%} CI; lower = better)")
        if measure == "em_rate" and not judge_valid:
            axis.set_title("judged EM rate: judge NOT VALID", color="#8a1c1c")
        axis.legend(fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_dose_response(
    out_dir: str | Path,
    answers: pd.DataFrame | None,
    margins: pd.DataFrame | None,
    thresholds: Thresholds,
    *,
    n_bootstrap: int,
    title: str,
    judge: dict[str, Any] | None = None,
) -> str:
    """dose_response.csv, dose_response_auc.csv and dose_response.png in ``out_dir``;
    returns the leaderboard's Markdown section ("" without filtering arms). ``judge``:
    the grader's validity (:func:`emgauge.judges.validate.grader_validity`), if known."""
    points, areas = dose_response(answers, margins, thresholds, n_bootstrap=n_bootstrap)
    if points.empty:
        return ""
    valid = judge is None or bool(judge.get("valid", True))
    out_dir = Path(out_dir)
    atomic_write_text(out_dir / POINTS_FILE, points.to_csv(index=False))
    atomic_write_text(out_dir / AREAS_FILE, areas.to_csv(index=False))
    plot_dose_response(points, out_dir / PLOT_FILE, f"{title}: dose-response", valid)
    return dose_response_markdown(points, areas, valid)


def write_merged_dose_response(inputs: LeaderboardInputs, out_dir: Path) -> str:
    """:func:`write_dose_response` of several sweep runs read together (for ``emgauge
    leaderboard --out``): ``inputs`` carry their merged answers and margins, the first
    run's thresholds and the judge's validity where every run validated it alike; "" when
    the runs are not sweeps."""
    if BUDGET_COLUMN not in inputs.answers:
        return ""
    return write_dose_response(
        out_dir,
        inputs.answers,
        inputs.margins,
        inputs.thresholds,
        n_bootstrap=inputs.n_bootstrap,
        title="Merged leaderboard",
        judge=inputs.judge,
    )
