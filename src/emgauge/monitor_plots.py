"""``over_training.png`` and the leaderboard's "Training dynamics" section.

The plot draws the monitor of every monitored fine-tune against the training step
(:mod:`emgauge.stages.monitor`): one panel per measure, one line per arm with its CI band
(the mean over seeds of each step's value and of its CI bounds; step 0 is the base model).
An early-stop arm's threshold is a dashed line in its measure's panel, and the step where
it stopped a cross."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from emgauge.training_methods.early_stop import MONITOR_MEASURES

MONITOR_CSV = "monitor.csv"
EARLY_STOP_CSV = "early_stop.csv"
OVER_TRAINING_PNG = "over_training.png"

#: What each measure's axis says.
MEASURE_LABELS = {
    "projection": "projection on the alignment direction",
    "margin": "preference margin (nats/token)",
}


def plot_over_training(
    monitor: pd.DataFrame, path: Path, title: str, early_stops: pd.DataFrame | None = None
) -> None:
    """Draw ``monitor`` (``monitor.csv``'s columns) into ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measures = [m for m in MONITOR_MEASURES if m in set(monitor["measure"])]
    fig, axes = plt.subplots(1, len(measures), figsize=(5.5 * len(measures), 4), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    arms = list(dict.fromkeys(monitor["arm"]))
    for axis, measure in zip(axes[0], measures, strict=True):
        rows = monitor[monitor["measure"] == measure]
        for index, arm in enumerate(arms):
            colour = colours[index % len(colours)]
            line = (
                rows[rows["arm"] == arm]
                .groupby("step")[["value", "ci_low", "ci_high"]]
                .mean()
                .sort_index()
            )
            if line.empty:
                continue
            axis.plot(line.index, line["value"], marker="o", color=colour, label=arm)
            axis.fill_between(line.index, line["ci_low"], line["ci_high"], color=colour, alpha=0.15)
            stops = _early_stops(early_stops, arm, measure)
            for threshold, stop in stops:
                axis.axhline(threshold, color=colour, linestyle="--", linewidth=0.9)
                if stop is not None and stop in line.index:
                    axis.plot(stop, line.loc[stop, "value"], "x", color="black", markersize=9)
        axis.set(xlabel="training step", ylabel=MEASURE_LABELS.get(measure, measure))
        axis.set_title(measure)
        axis.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _early_stops(
    early_stops: pd.DataFrame | None, arm: str, measure: str
) -> list[tuple[float, int | None]]:
    """(threshold, stop step) of each seed of an early-stop arm monitoring ``measure``."""
    if early_stops is None or early_stops.empty:
        return []
    rows = early_stops[(early_stops["arm"] == arm) & (early_stops["measure"] == measure)]
    return [
        (float(r["threshold"]), None if pd.isna(r["stop_step"]) else int(r["stop_step"]))
        for _, r in rows.iterrows()
    ]


def training_dynamics_lines(run_dir: Path) -> list[str]:
    """The leaderboard's "Training dynamics" section: the link to ``over_training.png`` and
    where each early-stop arm stopped (nothing for a run without a monitor)."""
    if not (run_dir / OVER_TRAINING_PNG).is_file():
        return []
    lines = [
        "## Training dynamics",
        "",
        f"[{OVER_TRAINING_PNG}]({OVER_TRAINING_PNG}): the monitor of every fine-tune that "
        "kept snapshots against the training step (step 0 = the base model), on fixed "
        f"held-out probe answers; values with bootstrap CIs and SDs in {MONITOR_CSV}.",
        "",
    ]
    path = run_dir / EARLY_STOP_CSV
    if path.is_file():
        header = (
            "| arm | seed | monitor | threshold | stopped at step | kept step | trained / planned |"
        )
        lines += [header, "|---|---|---|---|---|---|---|"]
        for _, r in pd.read_csv(path).iterrows():
            stop = "never" if pd.isna(r["stop_step"]) else str(int(r["stop_step"]))
            lines.append(
                f"| {r['arm']} | {int(r['seed'])} | {r['measure']} (k={r['k']:g}) | "
                f"{r['threshold']:.4g} (base {r['base_value']:.4g} + k x SD {r['base_sd']:.2g}) | "
                f"{stop} | {int(r['kept_step'])} | {int(r['trained_steps'])} / "
                f"{int(r['planned_steps'])} |"
            )
        lines += [
            "",
            "Early stop keeps the last checked snapshot below the threshold (0: the untrained "
            "adapter, i.e. the base model); its utility cost is in the tables above.",
            "",
        ]
    return lines
