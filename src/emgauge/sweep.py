"""Budget sweeps: every filtering arm at each budget of ``budgets``, the rest once (which
checkpoints a config trains: :func:`emgauge.experiment_settings.sweep_points`).

An experiment with ``budgets: [0.1, 0.25, 0.5]`` (instead of one ``budget``) runs every
filtering arm at each budget with the same seeds; no filter, the benign-only control and
the base model do not depend on a budget and run once. Each filtering checkpoint is
labelled ``arm@budget`` (``direction@0.25``); ``answers.csv``, ``preference.csv`` and
``leaderboard.csv`` gain the columns ``budget`` (the fraction of the training set removed:
0 for no filter, empty for the control and the base model) and ``base_arm`` (the arm's
name).

No work is repeated across budgets: a method scores the training set once per arm (and
seed, for the seeded ``random``), in the score stage (:mod:`emgauge.stages.filtering`),
and each budget cuts that one ranking (:func:`emgauge.mitigations.filtering.rank_scores`:
a strict order, ties by position), so what an arm removes at a budget it also removes at
every larger one, for every method; ``random`` with a seed is one fixed permutation cut at
each budget. Every checkpoint trains the same ``training.max_steps`` optimizer steps, so
the budgets differ in what was removed, not in how long the model was trained.

The leaderboard of a sweep (:func:`sweep_leaderboard`) compares each ``arm@b`` with no
filter, with ``random@b`` (the random arm at the same budget) and with the control; its
Holm families span the whole sweep. The dose-response curves are in
:mod:`emgauge.dose_response`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from emgauge.errors import InputError
from emgauge.experiment_settings import (
    BENIGN_ONLY,
    NO_FILTER,
    ONCE_METHODS,
    sweep_budgets,
    sweep_points,
)
from emgauge.leaderboard import (
    REFERENCE_ARMS,
    RR_REFERENCES,
    LeaderboardInputs,
    leaderboard,
    preference_family,
    ranked,
    significance_last,
    with_holm,
)
from emgauge.utility_cost import utility_table

if TYPE_CHECKING:
    from emgauge.experiment_settings import ExperimentConfig

BUDGET_COLUMN = "budget"
BASE_ARM_COLUMN = "base_arm"


def budget_fraction(budget: float | int, n_samples: int) -> float:
    """The share of ``n_samples`` a budget removes as written: a fraction as given, a
    count over the training set's size."""
    return float(budget) if isinstance(budget, float) else budget / n_samples


def with_budget_columns(
    frame: pd.DataFrame, config: ExperimentConfig, n_samples: int
) -> pd.DataFrame:
    """``frame`` (a column ``arm`` of labels) with ``budget`` and ``base_arm`` after
    ``arm``: the fraction removed (0 for no filter, NaN for the control and the base
    model) and the arm's name."""
    points = {point.label: point for point in sweep_points(config)}

    def fraction(label: str) -> float:
        point = points.get(label)
        if point is None or point.arm.method == BENIGN_ONLY:
            return math.nan
        if point.arm.method == NO_FILTER:
            return 0.0
        assert point.budget is not None
        return budget_fraction(point.budget, n_samples)

    frame = frame.copy()
    at = frame.columns.get_loc("arm") + 1
    base = [points[label].arm.name if label in points else label for label in frame["arm"]]
    frame.insert(at, BASE_ARM_COLUMN, base)
    frame.insert(at, BUDGET_COLUMN, [fraction(label) for label in frame["arm"]])
    return frame


def check_sweep(config: ExperimentConfig, n_samples: int) -> None:
    """Refuse a sweep whose budgets remove the same number of rows (two identical cuts)
    or whose largest budget leaves too few rows for ``training.max_steps`` steps."""
    if not config.is_sweep:
        return
    from emgauge.finetune import FinetuneConfig, plan_schedule
    from emgauge.mitigations.budget import Budget

    budgets = sweep_budgets(config)
    removed = [Budget.parse(b).n_remove(n_samples) for b in budgets]
    for (low, n_low), (high, n_high) in zip(
        zip(budgets, removed, strict=True), zip(budgets[1:], removed[1:], strict=True), strict=False
    ):
        if n_low == n_high:
            raise InputError(
                f"budgets {low:g} and {high:g} both remove {n_low} of the {n_samples} "
                "training rows (the same cut twice)",
                path=config.path,
                field="budgets",
                fix="space the budgets further apart",
            )
    written = {k: v for k, v in (config.raw.get("training") or {}).items() if k != "save_every"}
    training = FinetuneConfig.from_dict({**written, "seed": 0})
    steps = plan_schedule(n_samples - removed[-1], training).total_steps
    if training.max_steps is not None and steps < training.max_steps:
        raise InputError(
            f"at budget {budgets[-1]:g} the {n_samples - removed[-1]} kept rows give "
            f"{steps} optimizer steps, fewer than training.max_steps ({training.max_steps})",
            path=config.path,
            field="training.epochs",
            fix="raise training.epochs so max_steps decides at every budget",
        )


def sweep_plan(config: ExperimentConfig) -> list[str]:
    """Lines for ``emgauge run --dry-run``: what the run trains and scores."""
    seeds = config.seeds
    points = sweep_points(config)
    filtering = [a for a in config.arms if a.method not in ONCE_METHODS]
    once = [a for a in config.arms if a.method in ONCE_METHODS]
    budgets = sweep_budgets(config)
    from emgauge.mitigations.registry import seeded_ingredient

    shared = config.raw.get("filter_options") or {}  # as the score stage reads them
    ingredients = {a.name: seeded_ingredient(a.method, {**shared, **a.options}) for a in filtering}
    scorings = sum(len(seeds) if ingredients[a.name] else 1 for a in filtering)
    sae_trainings = len(seeds) * sum(i == "the SAE" for i in ingredients.values())
    lines = [
        f"budgets: {', '.join(f'{b:g}' for b in budgets)}"
        + (" (a sweep)" if config.is_sweep else ""),
        f"filtering arms x budgets x seeds: {len(filtering)} x {len(budgets)} x {len(seeds)}"
        f" = {len(filtering) * len(budgets) * len(seeds)} fine-tunes",
        f"once: {', '.join(a.name for a in once) or 'none'} x {len(seeds)} seeds"
        + (" + the base model" if config.settings.include_base else ""),
        f"scoring: {scorings} method runs (one per arm, per seed for methods with a random "
        "ingredient), each budget a cut of the same ranking",
        *(
            [
                f"SAE trainings: up to {sae_trainings} (one per seed for sae-proximity arms; "
                "a cached SAE of the same settings and seed is reused)"
            ]
            if sae_trainings
            else []
        ),
        f"checkpoints: {len(points) * len(seeds)} fine-tunes"
        + (" + base" if config.settings.include_base else ""),
    ]
    if config.is_sweep:
        lines.append("arms: " + ", ".join(p.label for p in points))
    return lines + monitor_plan(config)


def monitor_plan(config: ExperimentConfig) -> list[str]:
    """The monitor stage's line: which fine-tunes keep snapshots, and how often."""
    every = (config.raw.get("training") or {}).get("save_every")
    early = {
        a.name: (a.training_method or {}).get("save_every", 2)
        for a in config.arms
        if (a.training_method or {}).get("name") == "early-stop"
    }
    if every is None and not early:
        return []
    points = [p for p in sweep_points(config) if every is not None or p.arm.name in early]
    cadence = [f"every {every} steps"] if every is not None else []
    cadence += [f"{name}: early-stop checks every {n} steps" for name, n in early.items()]
    return [
        f"monitor: snapshots of {len(points) * len(config.seeds)} fine-tunes "
        f"({'; '.join(cadence)}) + the base model (step 0), each read on the held-out "
        "probe pairs (projection, margin) -> monitor.csv, over_training.png"
    ]


# ---------------------------------------------------------------------------- leaderboard


def _relabel(frame: pd.DataFrame | None, mapping: dict[tuple[str, str], str]) -> Any:
    if frame is None:
        return None
    frame = frame.copy()
    frame["arm"] = [
        mapping.get((str(e), str(a)), a)
        for e, a in zip(frame["experiment"], frame["arm"], strict=True)
    ]
    return frame


def is_swept(frame: pd.DataFrame) -> pd.Series:
    """Rows of a filtering arm at a budget (not no filter, the control or the base)."""
    return frame[BUDGET_COLUMN].notna() & (frame["arm"] != frame[BASE_ARM_COLUMN])


def sweep_leaderboard(inputs: LeaderboardInputs) -> pd.DataFrame:
    """The leaderboard (:func:`emgauge.leaderboard.leaderboard`'s columns, with
    ``budget`` and ``base_arm`` after ``arm``) of a sweep's answers and margins.

    Each budget is one leaderboard of the arms at that budget beside no filter, the
    control and the base model, so ``arm@b`` is compared with ``random@b``; no filter,
    the control and the base model get their rows from the arms run once (nothing to
    compare with a random arm of no budget). The ``_p_holm`` columns are adjusted anew
    over the whole sweep: a family holds every arm x budget (x subset) comparison with
    one reference.
    """
    answers, margins, filter_quality = inputs.answers, inputs.margins, inputs.filter_quality
    # Every part is a leaderboard of the same thresholds, bootstrap and judge; utility
    # joins once, after the parts (each arm@b checkpoint has its own losses).
    shared = replace(inputs, utility=None)
    once = answers[~is_swept(answers)]
    once_margins = margins[~is_swept(margins)] if margins is not None else None
    boards = [leaderboard(replace(shared, answers=once, margins=once_margins))]
    swept = answers[is_swept(answers)]
    for _, rows in swept.groupby(BUDGET_COLUMN, sort=True):
        # arm@b -> arm, so that leaderboard finds random@b under the name "random"
        names = {
            (str(e), str(label)): str(base)
            for e, label, base in rows[["experiment", "arm", BASE_ARM_COLUMN]].itertuples(
                index=False
            )
        }
        back = {(e, base): label for (e, label), base in names.items()}
        part_margins = None
        if margins is not None:
            part = margins[margins["arm"].isin(rows["arm"].unique())]
            part_margins = pd.concat([once_margins, _relabel(part, names)], ignore_index=True)
        quality = (
            {(e, names[(e, a)]): v for (e, a), v in filter_quality.items() if (e, a) in names}
            if filter_quality is not None
            else None
        )
        board = leaderboard(
            replace(
                shared,
                answers=pd.concat([once, _relabel(rows, names)], ignore_index=True),
                filter_quality=quality,
                margins=part_margins,
            )
        )
        keep = [
            (str(e), str(a)) in back for e, a in zip(board["experiment"], board["arm"], strict=True)
        ]
        boards.append(_relabel(board[keep], back))
    columns = list(dict.fromkeys(c for board in boards[::-1] for c in board.columns))
    board = pd.concat(boards, ignore_index=True).reindex(columns=columns)
    labels = answers.drop_duplicates(["experiment", "arm"])
    board = board.merge(
        labels[["experiment", "arm", BUDGET_COLUMN, BASE_ARM_COLUMN]],
        on=["experiment", "arm"],
        how="left",
    )
    order = {key: i for i, key in enumerate(zip(labels["experiment"], labels["arm"], strict=True))}
    board["_order"] = [
        order.get(k, len(order)) for k in zip(board["experiment"], board["arm"], strict=True)
    ]
    board = board.sort_values("_order", kind="stable").drop(columns="_order")
    front = ["experiment", "arm", BUDGET_COLUMN, BASE_ARM_COLUMN]
    board = board[front + [c for c in board.columns if c not in front]].reset_index(drop=True)
    board = board.drop(columns=[c for c in board.columns if c.endswith("_p_holm")])
    families = [[f"rr_vs_{key}_p" for key in RR_REFERENCES]] + [
        preference_family(key) for key in REFERENCE_ARMS
    ]
    board = with_holm(board, families)
    utility = inputs.utility
    if utility is not None and not utility.empty and not board.empty:
        # each arm@b checkpoint has its own losses; Δ vs no filter pairs with the one run
        board = board.merge(
            utility_table(utility, n_bootstrap=inputs.n_bootstrap),
            on=["experiment", "arm"],
            how="left",
        )
    board = ranked(significance_last(board))
    if inputs.judge is not None:
        board.attrs["judge"] = inputs.judge
    return board


def swept_answers(frames: Sequence[pd.DataFrame]) -> bool:
    """Whether answers frames come from sweeps: all of them (True), none (False); a mix
    is refused."""
    flags = [BUDGET_COLUMN in frame for frame in frames]
    if any(flags) and not all(flags):
        raise InputError(
            "cannot merge budget-sweep runs with single-budget runs",
            fix="merge sweeps with sweeps and single-budget runs with single-budget runs",
        )
    return bool(flags) and all(flags)


__all__ = [
    "BASE_ARM_COLUMN",
    "BUDGET_COLUMN",
    "budget_fraction",
    "check_sweep",
    "is_swept",
    "sweep_leaderboard",
    "sweep_plan",
    "swept_answers",
    "with_budget_columns",
]
