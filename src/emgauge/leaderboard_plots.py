"""The leaderboard's figure (``leaderboard.png``): preference shifts, their relative
reduction and judged EM per arm, as grouped bars with their intervals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from emgauge.leaderboard import JUDGE_NOT_VALID, JUDGE_VALID, arm_role, judge_verdict, ranked
from emgauge.stats import CONFIDENCE


def _bars(axis: Any, labels: list[str], series: dict[str, tuple[np.ndarray, ...]]) -> None:
    """Grouped bars with asymmetric error bars: ``series`` name -> (value, low, high)."""
    width = 0.8 / max(1, len(series))
    positions = np.arange(len(labels))
    colours = ["#b33a3a", "#3a6fb3", "#7a4fb3", "#4f9b5a"]
    for index, (name, (value, low, high)) in enumerate(series.items()):
        errors = [np.clip(value - low, 0, None), np.clip(high - value, 0, None)]
        axis.bar(
            positions + (index - (len(series) - 1) / 2) * width,
            np.nan_to_num(value),
            width,
            yerr=np.nan_to_num(errors),
            capsize=3,
            color=colours[index % len(colours)],
            label=name,
        )
    axis.set_xticks(positions, labels, rotation=30, ha="right")
    axis.axhline(0, color="black", linewidth=0.8)
    if len(series) > 1:
        axis.legend(fontsize=8)


def _series(frame: pd.DataFrame, key: str, scale: float = 1.0) -> tuple[np.ndarray, ...]:
    def column(name: str) -> np.ndarray:
        return (
            frame[name].to_numpy(dtype=float) * scale
            if name in frame
            else np.full(len(frame), np.nan)
        )

    return column(key), column(f"{key}_low"), column(f"{key}_high")


def plot_leaderboard(board: pd.DataFrame, path: str | Path, title: str) -> None:
    """The leaderboard figure, leading with the measure valid at the run's scale: the
    preference shift against the base model per arm (in-domain and general, with CIs),
    its relative reduction against no filter (mitigations only), then judged EM (greyed
    and labelled unless the judge is valid). Arms in the tables' order
    (:func:`emgauge.leaderboard.ranked`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with_preference = (
        "pref_shift_in_domain" in board and board["pref_shift_in_domain"].notna().any()
    )
    ordered = ranked(board)  # the tables' order: base, no filter, control, then ranked
    labels = [
        f"{r.arm}" if ordered["experiment"].nunique() == 1 else f"{r.experiment}\n{r.arm}"
        for r in ordered.itertuples()
    ]
    panels = 3 if with_preference else 1
    figure, axes = plt.subplots(1, panels, figsize=(6 * panels, 4.6), squeeze=False)
    axes = axes[0]
    if with_preference:
        _bars(
            axes[0],
            labels,
            {
                "in-domain": _series(ordered, "pref_shift_in_domain"),
                "general": _series(ordered, "pref_shift_general"),
            },
        )
        axes[0].set_ylabel("preference shift vs base (nats/token)")
        axes[0].set_title(f"Misaligned preference shift ({CONFIDENCE:.0%} CI; > 0 = misaligned)")
        # RR is a filter's measure: the references and the control (an ideal, not a
        # filter; its ratio dwarfs the rest) stay off this panel.
        filters = np.array(
            [
                arm_role(str(arm), str(method)) == "mitigation"
                for arm, method in zip(ordered["arm"], ordered["method"], strict=True)
            ],
            dtype=bool,
        )
        _bars(
            axes[1],
            [label for label, keep in zip(labels, filters, strict=True) if keep],
            {
                name: tuple(part[filters] for part in _series(ordered, key, 100))
                for name, key in (
                    ("in-domain", "pref_rr_vs_no_filter_in_domain"),
                    ("general", "pref_rr_vs_no_filter_general"),
                )
            },
        )
        axes[1].set_ylabel("RR of the shift vs no filter (%)")
        axes[1].set_title("Relative reduction vs no filter (higher = better)")
    em_axis = axes[-1]
    verdict = judge_verdict(board)
    valid = verdict == JUDGE_VALID
    rate = ordered["em_rate"].to_numpy(dtype=float) * 100
    low = ordered["em_ci_low"].to_numpy(dtype=float) * 100
    high = ordered["em_ci_high"].to_numpy(dtype=float) * 100
    _bars(em_axis, labels, {"EM": (rate, low, high)})
    em_axis.set_ylabel("EM rate (%)")
    em_axis.set_ylim(0, max(5.0, float(np.nan_to_num(high).max()) * 1.15))
    not_valid = verdict == JUDGE_NOT_VALID
    em_axis.set_title(
        "Judged EM (95% CI)"
        if valid
        else f"Judged EM: judge {'NOT VALID' if not_valid else 'not verified'}"
    )
    if not valid:
        for patch in em_axis.patches:
            patch.set_facecolor("#bbbbbb")
            patch.set_hatch("//")
        em_axis.text(
            0.5,
            0.97,
            "judge failed validation: not a result"
            if not_valid
            else "judge not verified on real answers: not a result",
            transform=em_axis.transAxes,
            ha="center",
            va="top",
            fontsize=10,
            color="#8a1c1c",
            bbox={"facecolor": "white", "edgecolor": "#8a1c1c"},
        )
    figure.suptitle(title)
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
