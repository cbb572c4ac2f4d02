"""``emgauge plan``: how many seeds, probe pairs, questions and answers a target effect needs.

The leaderboard compares an arm ``A`` with a reference arm ``R`` (no filter, random or the
benign-only control) by the mean of paired differences. This module models the variance
of that mean, estimates the model's components from a finished run (the pilot) or takes
them as flags, and lists the cheapest designs whose standard error reaches a target.

**The preference shift** (nats/token). The margin difference of the two arms on probe pair
``p`` after fine-tuning with seed ``s`` is modelled as::

    d_sp = y_A,sp - y_R,sp = D + a_s + b_p + e_sp

with independent zero-mean terms: ``a_s`` the seed component (``A`` and ``R`` are separate
fine-tunes at seed ``s``; with independent seed effects of variance ``v_seed`` per arm it
is ``2 v_seed``), ``b_p`` the pair component (the arm's effect is larger on some pairs
than on others; a pair's own difficulty, shared by both arms, cancels in ``d_sp``) and
``e_sp`` the residual (``2 v_pair`` for a per-arm seed x pair noise ``v_pair``). With
variances ``seed``, ``item`` and ``residual``, the mean of ``S`` seeds x ``P`` pairs::

    D^ = (1 / SP) sum_sp d_sp = D + mean_s a_s + mean_p b_p + mean_sp e_sp
    Var(D^) = seed / S + item / P + residual / (S P)

(``= 2 (v_seed / S + v_pair / (S P))`` when the effect is the same on every pair). More
seeds shrink the first and last terms, more pairs the last two; no number of seeds
removes ``item / P``, nor any number of pairs ``seed / S``.

**Judged EM** (an EM-rate difference). With ``K`` answers per question (paraphrases x
samples per paraphrase) the cell mean ``d_sq = hit_A,sq - hit_R,sq`` over question ``q``
has one more term, the answers' own noise (a hit is 0 or 1): ``w_sq`` of variance
``answer / K``, where ``answer`` is the between-answer variance of a hit within one
checkpoint and question, summed over the two arms. So::

    Var(D^) = seed / S + item / Q + residual / (S Q) + answer / (S Q K)

**Estimating the components from a run.** For each comparison (every arm but the base
model, the benign-only control and the reference, against the reference; all arms but the
base and the reference when that leaves none), the ``S x P`` matrix ``d`` (pairs, or
questions, measured in every seed of both arms) gives a two-way analysis of variance
without replication, whose mean squares have the expectations::

    MS_seed = P/(S-1) sum_s (d_s. - d..)^2                  E = residual' + P seed
    MS_item = S/(P-1) sum_p (d_.p - d..)^2                  E = residual' + S item
    MS_res  = sum_sp (d_sp - d_s. - d_.p + d..)^2 / ((S-1)(P-1))    E = residual'

with ``residual' = residual`` for the preference shift and ``residual + answer / K`` for
judged EM, where ``answer`` is the pooled within-cell variance of the hits (cells of
``K >= 2`` answers; ``K`` the harmonic mean of the cell counts). So ``residual' =
MS_res``, ``seed = (MS_seed - MS_res) / P`` and ``item = (MS_item - MS_res) / S``. The
estimates of the comparisons are averaged (weighted by the residual degrees of freedom)
and then set to 0 where negative. A run with one seed or one item cannot separate them:
give the components as flags. With one answer per question, ``answer`` stays in
``residual`` and designs keep the run's one answer per question.

**Designs.** A two-sided test at level ``alpha' = alpha / comparisons`` (Holm's first step:
the strictest threshold a family of ``comparisons`` tests meets; planning at it is
conservative) has power ``power`` at effect ``D`` when ``SE = sqrt(Var(D^)) <= D /
(z_{1-alpha'/2} + z_power)`` (:func:`emgauge.stats.minimum_detectable_effect`). For every
number of seeds (and answers per question) the fewest items meeting it follow in closed
form, ``P >= (item + residual/S + answer/(S K)) / (target - seed/S)``; the cost of a
design is ``S x (seed_cost + P)`` (preference: one unit = one probe pair scored by one
checkpoint) or ``S x (seed_cost + Q K)`` (judged: one unit = one answer generated and
judged), per arm, where ``seed_cost`` is what one more fine-tune costs in those units.
The cheapest design per number of seeds is listed, cheapest first, beside the pilot's own
design and its MDE.

Approximations: the normal test (the leaderboard's bootstrap p-values behave like it for
moderate sizes), variance components that do not change with the effect (a binomial hit's
variance does, a little), and an effect given as RR turned into a difference with the
reference's level (``D = RR x shift_R`` or ``RR x EM_R``).

(Its length, ~720 lines, is one job: this derivation and the estimators, designs and
report that follow it read together; ``emgauge plan`` itself is in :mod:`emgauge.cli`.)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field, model_validator

from emgauge.errors import InputError
from emgauge.settings import Flags, Int, Number, SettingsModel
from emgauge.stats import (
    ALPHA,
    POWER,
    detection_power,
    minimum_detectable_effect,
    normal_quantile,
)

if TYPE_CHECKING:  # pandas and the run readers load with a pilot: PLAN_FLAGS needs none
    import pandas as pd

MEASURES = ("preference", "judged")
#: Arms that are not compared when components are pooled (the control is an ideal).
_NOT_POOLED = ("base", "benign-only")


class PlanSettings(SettingsModel):
    """What ``emgauge plan`` sizes a run for."""

    measure: Literal["preference", "judged"] = Field(
        "preference",
        description="preference: the shift difference in nats/token (judge-free); judged: "
        "the EM-rate difference",
    )
    effect: Number | None = Field(
        None,
        gt=0,
        description="target difference between an arm and the reference: nats/token "
        "(preference) or EM rate as a fraction, 0.1 = 10 points (judged)",
    )
    rr: Number | None = Field(
        None,
        gt=0,
        description="target relative reduction instead of --effect, as a fraction (0.5 = "
        "50%); the effect is RR x the reference's shift or EM rate (--baseline or the run's)",
    )
    baseline: Number | None = Field(
        None,
        gt=0,
        description="the reference arm's shift vs the base model (nats/token) or EM rate "
        "(fraction) that --rr is relative to (default: the run's)",
    )
    power: Number = Field(POWER, gt=0, lt=1, description="power to reach")
    alpha: Number = Field(ALPHA, gt=0, lt=1, description="two-sided level of the test")
    comparisons: Int = Field(
        1,
        ge=1,
        description="tests in the Holm family (e.g. arms x domains): plan at alpha / N, "
        "Holm's strictest step",
    )
    reference: Literal["no-filter", "random", "benign-only"] = Field(
        "no-filter", description="the reference arm of the comparison"
    )
    subset: Literal["in-domain", "general", "all"] | None = Field(
        None,
        description="pairs or questions: the training domains', general, or all (default: "
        "in-domain for preference, all for judged, as the leaderboard's RR columns)",
    )
    var_seed: Number | None = Field(
        None, ge=0, description="variance of the seed component of the difference"
    )
    var_item: Number | None = Field(
        None,
        ge=0,
        description="variance of the pair (or question) component: how much the effect "
        "differs between items",
    )
    var_residual: Number | None = Field(
        None, ge=0, description="variance of the seed x item residual of the difference"
    )
    var_answer: Number | None = Field(
        None,
        ge=0,
        description="judged: variance of a hit between answers to one question, summed "
        "over both arms (about 2 p (1 - p) at EM rate p)",
    )
    seed_cost: Number = Field(
        100,
        ge=0,
        description="cost of one more seed (a fine-tune per arm) in scored pairs or judged answers",
    )
    min_seeds: Int = Field(
        2,
        ge=1,
        description="fewest seeds a design may have (with one, the bootstrap cannot see the "
        "seeds' noise)",
    )
    max_seeds: Int = Field(20, ge=1, description="most seeds a design may have")
    max_items: Int = Field(
        10000, ge=1, description="most probe pairs or questions a design may have"
    )
    max_answers: Int = Field(10, ge=1, description="judged: most answers per question")
    designs: Int = Field(8, ge=1, description="designs to list")

    @model_validator(mode="after")
    def _one_target(self) -> PlanSettings:
        if (self.effect is None) == (self.rr is None):
            raise ValueError("give exactly one target: --effect or --rr")
        if self.measure == "preference" and self.var_answer is not None:
            raise ValueError("--var-answer is a component of judged EM (--measure judged)")
        if self.min_seeds > self.max_seeds:
            raise ValueError(f"--min-seeds {self.min_seeds} is above --max-seeds {self.max_seeds}")
        if self.measure == "judged":
            for name in ("effect", "baseline"):
                value = getattr(self, name)
                if value is not None and value > 1:
                    raise ValueError(
                        f"--{name} of judged EM is an EM rate as a fraction (<= 1), got {value}"
                    )
        return self

    @property
    def items(self) -> Literal["in-domain", "general", "all"]:
        """The subset planned for (its default depends on the measure)."""
        if self.subset is not None:
            return self.subset
        return "all" if self.measure == "judged" else "in-domain"


#: The settings' flags (``--effect``, ``--var-seed``, ...).
PLAN_FLAGS = Flags(
    PlanSettings,
    metavars={"effect": "D", "rr": "RR", "baseline": "LEVEL", "comparisons": "N"},
)


@dataclass(frozen=True)
class Components:
    """Variance components of a paired difference (see the module docstring)."""

    seed: float
    item: float
    residual: float
    answer: float | None = None
    """Judged only; ``None``: not separable from ``residual`` (one answer per question)."""

    def variance(self, seeds: int, items: int, answers: int = 1) -> float:
        """``Var(D^)`` of a design of ``seeds`` x ``items`` (x ``answers`` per question)."""
        value = self.seed / seeds + self.item / items + self.residual / (seeds * items)
        if self.answer is not None:
            value += self.answer / (seeds * items * answers)
        return value


@dataclass(frozen=True)
class Pilot:
    """What a finished run says: its design, its components and the reference's level."""

    seeds: int
    items: int
    answers: int | None
    components: Components
    baseline: float | None
    pooled: tuple[str, ...]
    """The arms whose comparisons with the reference were pooled."""
    zeroed: tuple[str, ...] = ()
    """Components whose estimate was negative, set to 0."""


@dataclass(frozen=True)
class Design:
    """A number of seeds, items (and answers per question) with its SE, MDE and power."""

    seeds: int
    items: int
    answers: int
    cost: float
    se: float
    mde: float
    power: float


# ------------------------------------------------------------------------ estimation


def anova_components(matrix: np.ndarray) -> tuple[float, float, float, int]:
    """``(seed, item, residual, residual df)`` of a seeds x items matrix of differences by
    two-way ANOVA without replication; unclipped (may be negative)."""
    n_seeds, n_items = matrix.shape
    grand = matrix.mean()
    seed_means, item_means = matrix.mean(axis=1), matrix.mean(axis=0)
    ms_seed = n_items * ((seed_means - grand) ** 2).sum() / (n_seeds - 1)
    ms_item = n_seeds * ((item_means - grand) ** 2).sum() / (n_items - 1)
    df = (n_seeds - 1) * (n_items - 1)
    residuals = matrix - seed_means[:, None] - item_means[None, :] + grand
    ms_res = (residuals**2).sum() / df
    return (ms_seed - ms_res) / n_items, (ms_item - ms_res) / n_seeds, ms_res, df


def _pooled(estimates: list[tuple[float, ...]]) -> tuple[float, ...]:
    """Averages of unclipped estimates weighted by their df (the last entry)."""
    weights = np.array([e[-1] for e in estimates], dtype=float)
    values = np.array([e[:-1] for e in estimates], dtype=float)
    return tuple(float(v) for v in (weights @ values) / weights.sum())


def _comparison_arms(arms: list[str], methods: dict[str, str], reference: str) -> list[str]:
    chosen = [a for a in arms if a != reference and methods.get(a) not in _NOT_POOLED]
    return chosen or [a for a in arms if a != reference and methods.get(a) != "base"]


def _too_small(run_dir: Path, seeds: int, items: int, noun: str) -> InputError:
    return InputError(
        f"{seeds} seed(s) x {items} {noun}(s) shared by the compared arms: variance "
        "components need at least 2 of each",
        path=run_dir,
        fix="give --var-seed, --var-item and --var-residual",
    )


def _complete(matrix: pd.DataFrame) -> pd.DataFrame:
    """Rows (seeds) with any value, then columns (items) measured in every row."""
    matrix = matrix.dropna(how="all")
    return matrix.dropna(axis=1, how="any")


def preference_pilot(
    run_dir: Path, reference: str, subset: str, *, need_components: bool = True
) -> Pilot:
    """The pilot of a run folder's ``preference.csv``: the shift difference against
    ``reference`` on ``subset`` (``in-domain``, ``general`` or ``all``)."""
    import pandas as pd

    from emgauge.leaderboard import pair_subsets
    from emgauge.run_folder import PREFERENCE, read_run_answers

    read_run_answers(run_dir)  # a finished run
    path = run_dir / PREFERENCE
    if not path.is_file():
        raise InputError(
            "no preference.csv: the run did not measure misaligned preference",
            path=run_dir,
            fix="plan --measure judged",
        )
    margins = pd.read_csv(path)
    pairs = sorted(margins["pair_id"].unique())
    masks = pair_subsets(margins, pairs)
    mask = masks["" if subset == "all" else "_" + subset.replace("-", "_")]
    chosen = [pair for pair, keep in zip(pairs, mask, strict=True) if keep]
    if not chosen:
        raise InputError(f"the run has no {subset} probe pairs", path=path)
    methods = margins.drop_duplicates("arm").set_index("arm")["method"].to_dict()
    matrices = {
        arm: frame.pivot_table(index="seed", columns="pair_id", values="margin").reindex(
            columns=chosen
        )
        for arm, frame in margins.groupby("arm")
    }
    if reference not in matrices:
        raise InputError(
            f"the run has no {reference!r} arm to compare with",
            path=path,
            fix=f"choose --reference from its arms: {', '.join(sorted(matrices))}",
        )
    baseline = None
    base = [a for a, m in methods.items() if m == "base"]
    if base:
        base_margin = matrices[base[0]].mean(axis=0)
        baseline = float(np.nanmean((matrices[reference] - base_margin).to_numpy()))
    return _pilot(
        run_dir,
        {
            arm: matrices[arm] - matrices[reference]
            for arm in _comparison_arms(list(matrices), methods, reference)
        },
        baseline,
        "pair",
        need_components=need_components,
    )


def _pilot(
    run_dir: Path,
    differences: dict[str, pd.DataFrame],
    baseline: float | None,
    noun: str,
    *,
    answer: float | None = None,
    answers: float | None = None,
    need_components: bool = True,
) -> Pilot:
    """Components pooled over the ``differences`` (seeds x items, one per compared arm);
    ``answer`` and ``answers`` (the harmonic mean of the answers per cell) for judged EM."""
    if not differences:
        raise InputError("the run has no arm to compare with the reference", path=run_dir)
    complete = {arm: _complete(d) for arm, d in differences.items()}
    seeds = max(d.shape[0] for d in complete.values())
    items = max(d.shape[1] for d in complete.values())
    per_question = None if answers is None else int(round(answers))
    usable = {a: d for a, d in complete.items() if d.shape[0] >= 2 and d.shape[1] >= 2}
    if not usable:
        if need_components:
            raise _too_small(run_dir, seeds, items, noun)
        return Pilot(seeds, items, per_question, Components(0.0, 0.0, 0.0), baseline, ())
    estimates = []
    for d in usable.values():
        seed, item, residual, df = anova_components(d.to_numpy())
        if answer is not None and answers:
            residual -= answer / answers  # MS_res also holds the answers' own noise
        estimates.append((seed, item, residual, df))
    pooled = dict(zip(("seed", "item", "residual"), _pooled(estimates), strict=True))
    return Pilot(
        seeds,
        items,
        per_question,
        Components(**{k: max(0.0, v) for k, v in pooled.items()}, answer=answer),
        baseline,
        tuple(usable),
        tuple(k for k, v in pooled.items() if v < 0),
    )


def _pooled_within(cells: list[pd.DataFrame]) -> float:
    """The within-cell variance of a hit, pooled over cells of >= 2 answers (NaN: none)."""
    import pandas as pd

    table = pd.concat(cells)
    replicated = table[table["count"] >= 2]
    df = float((replicated["count"] - 1).sum())
    return float((replicated["var"] * (replicated["count"] - 1)).sum() / df) if df else math.nan


def judged_pilot(
    run_dir: Path, reference: str, subset: str, *, need_components: bool = True
) -> Pilot:
    """The pilot of a run folder's ``answers.csv``: the EM-rate difference against
    ``reference`` on ``subset`` of the questions."""
    import pandas as pd

    from emgauge.leaderboard import GENERAL_DOMAIN, answers_frame, em_hits
    from emgauge.run_folder import read_run_answers, run_thresholds

    answers = read_run_answers(run_dir)
    if subset != "all":
        general = answers["domain"] == GENERAL_DOMAIN
        answers = answers[general if subset == "general" else ~general]
    if answers.empty:
        raise InputError(f"the run has no {subset} answers", path=run_dir)
    thresholds = run_thresholds(run_dir)
    methods = answers.drop_duplicates("arm").set_index("arm")["method"].to_dict()
    if reference not in methods:
        raise InputError(
            f"the run has no {reference!r} arm to compare with",
            path=run_dir,
            fix=f"choose --reference from its arms: {', '.join(sorted(methods))}",
        )
    # Per arm: the mean, variance and number of scored answers of each (seed, question).
    cells = {
        arm: em_hits(answers_frame(frame.to_dict("records")), thresholds)
        .groupby(["seed", "question_id"])["hit"]
        .agg(["mean", "var", "count"])
        for arm, frame in answers.groupby("arm")
    }
    level = cells[reference]
    baseline = (
        float((level["mean"] * level["count"]).sum() / level["count"].sum()) if len(level) else None
    )
    compared = _comparison_arms(list(cells), methods, reference)
    used = [cells[arm] for arm in [*compared, reference]]
    counts = pd.concat(used)["count"].to_numpy(dtype=float)
    harmonic = len(counts) / float((1 / counts).sum()) if counts.size else None
    answer = None
    if harmonic is not None and harmonic >= 1.5:  # two answers per question or more
        # Summed over the two arms of a comparison: twice the pooled within-cell variance.
        answer = 2 * _pooled_within(used)
        answer = answer if math.isfinite(answer) else None
    differences = {
        arm: cells[arm]["mean"].unstack("question_id")
        - cells[reference]["mean"].unstack("question_id")
        for arm in compared
    }
    return _pilot(
        run_dir,
        differences,
        baseline,
        "question",
        answer=answer,
        answers=harmonic,
        need_components=need_components,
    )


# --------------------------------------------------------------------------- designs


def _alpha(settings: PlanSettings) -> float:
    return settings.alpha / settings.comparisons


def evaluate(
    components: Components,
    settings: PlanSettings,
    effect: float,
    seeds: int,
    items: int,
    answers: int = 1,
) -> Design:
    """The SE, MDE and power at ``effect`` of one design, and its cost."""
    alpha = _alpha(settings)
    se = math.sqrt(components.variance(seeds, items, answers))
    per_seed = items * (answers if settings.measure == "judged" else 1)
    return Design(
        seeds=seeds,
        items=items,
        answers=answers,
        cost=seeds * (settings.seed_cost + per_seed),
        se=se,
        mde=minimum_detectable_effect(se, alpha, settings.power),
        power=detection_power(effect, se, alpha),
    )


def cheapest_designs(components: Components, settings: PlanSettings, effect: float) -> list[Design]:
    """Per number of seeds, the cheapest design whose SE reaches ``effect`` at the power
    and level asked for; cheapest first (at most ``settings.designs``)."""
    alpha = _alpha(settings)
    target = (effect / (normal_quantile(1 - alpha / 2) + normal_quantile(settings.power))) ** 2
    answer_choices = (
        range(1, settings.max_answers + 1)
        if settings.measure == "judged" and components.answer is not None
        else (1,)
    )
    found = []
    for seeds in range(settings.min_seeds, settings.max_seeds + 1):
        room = target - components.seed / seeds
        if room <= 0:
            continue  # the seeds' own noise is above the target, whatever the items
        best = None
        for answers in answer_choices:
            need = components.item + components.residual / seeds
            if components.answer is not None:
                need += components.answer / (seeds * answers)
            items = max(1, math.ceil(need / room))
            while components.variance(seeds, items, answers) > target * (1 + 1e-12):
                items += 1  # rounding
            if items > settings.max_items:
                continue
            design = evaluate(components, settings, effect, seeds, items, answers)
            if best is None or design.cost < best.cost:
                best = design
        if best is not None:
            found.append(best)
    found.sort(key=lambda d: (d.cost, d.seeds))
    return found[: settings.designs]


# ------------------------------------------------------------------------------ plan


def plan(settings: PlanSettings, run_dir: Path | None = None) -> dict[str, Any]:
    """The plan as a JSON-ready dict: the target, the components (from ``run_dir`` and/or
    the settings), the pilot's design and the cheapest designs that reach the target."""
    given = {
        "seed": settings.var_seed,
        "item": settings.var_item,
        "residual": settings.var_residual,
        "answer": settings.var_answer,
    }
    explicit = all(given[name] is not None for name in ("seed", "item", "residual"))
    pilot = None
    if run_dir is not None:
        if not run_dir.is_dir():
            raise InputError("not a folder", path=run_dir, fix="pass a run folder as --run")
        read = preference_pilot if settings.measure == "preference" else judged_pilot
        pilot = read(run_dir, settings.reference, settings.items, need_components=not explicit)
    elif not explicit:
        raise InputError(
            "give a pilot run (--run RUN_DIR) or the variance components",
            fix="--var-seed, --var-item and --var-residual",
        )
    estimated = asdict(pilot.components) if pilot is not None else {}
    values = {
        name: given[name] if given[name] is not None else estimated.get(name) for name in given
    }
    components = Components(**values)
    baseline = (
        settings.baseline
        if settings.baseline is not None
        else (pilot.baseline if pilot is not None else None)
    )
    if settings.effect is not None:
        effect = settings.effect
    elif baseline is None or baseline <= 0:
        raise InputError(
            "--rr needs the reference's level (its shift or EM rate) above 0, and none is known",
            fix="give --baseline, or a --run with a base arm below the reference",
        )
    else:
        effect = settings.rr * baseline
    alpha = _alpha(settings)
    z = normal_quantile(1 - alpha / 2) + normal_quantile(settings.power)
    judged = settings.measure == "judged"
    item = "question" if judged else "pair"

    def shown(design: Design) -> dict[str, Any]:
        row: dict[str, Any] = {"seeds": design.seeds, f"{item}s": design.items}
        if judged:
            row["answers_per_question"] = design.answers
        row.update(
            cost=design.cost,
            se=design.se,
            mde=design.mde,
            mde_rr=design.mde / baseline if baseline else None,
            power=design.power,
        )
        return row

    pilot_design = None
    if pilot is not None:
        pilot_design = shown(
            evaluate(components, settings, effect, pilot.seeds, pilot.items, pilot.answers or 1)
        )
    designs = cheapest_designs(components, settings, effect)
    return {
        "measure": settings.measure,
        "unit": "EM rate" if judged else "nats/token",
        "reference": settings.reference,
        "subset": settings.items,
        "effect": effect,
        "rr": effect / baseline if baseline else None,
        "baseline": baseline,
        "power": settings.power,
        "alpha": settings.alpha,
        "comparisons": settings.comparisons,
        "alpha_per_test": alpha,
        "components": asdict(components),
        "components_from": {
            "run": None if run_dir is None else str(run_dir),
            "pooled_arms": list(pilot.pooled) if pilot is not None else [],
            "given": [name for name, value in given.items() if value is not None],
            "zeroed": [
                name for name in (pilot.zeroed if pilot is not None else ()) if given[name] is None
            ],
        },
        "target_se": effect / z,
        "seed_floor": math.floor(components.seed / (effect / z) ** 2) + 1,
        "pilot": pilot_design,
        "designs": [shown(d) for d in designs],
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def plan_text(result: dict[str, Any]) -> str:
    """The plan for people: the target, the components, the pilot and a table of designs."""
    judged = result["measure"] == "judged"
    item = "question" if judged else "pair"

    def size(value: float) -> str:
        return f"{100 * value:.1f} pts" if judged else f"{value:.3f} nats/token"

    level = (
        f"EM rate {_pct(result['baseline'])}"
        if judged
        else f"shift {result['baseline'] or 0:.3f} nats/token"
    )

    subject = (
        "EM-rate difference" if judged else "preference shift difference"
    ) + f" vs {result['reference']} on {result['subset']} {item}s"
    target = f"Target: {size(result['effect'])}"
    if result["rr"] is not None:
        target += f" (RR {_pct(result['rr'])} of the reference's {level})"
    target += (
        f"; power {result['power']:.0%} at α = {result['alpha']:g} two-sided"
        + (
            f", {result['alpha_per_test']:.3g} per test for {result['comparisons']} "
            "comparisons (Holm's strictest step)"
            if result["comparisons"] > 1
            else ""
        )
        + "."
    )
    c = result["components"]
    source = result["components_from"]
    origin = []
    if source["run"]:
        pooled = ", ".join(source["pooled_arms"]) or "none"
        origin.append(f"from {source['run']}, pooled over {pooled}")
    if source["given"]:
        origin.append("given: " + ", ".join(source["given"]))
    parts = [
        f"seed {c['seed']:.4g}",
        f"{item} {c['item']:.4g}",
        f"seed × {item} {c['residual']:.4g}",
    ]
    formula = f"seed/S + {item}/{item[0].upper()} + seed×{item}/(S·{item[0].upper()})"
    if judged and c["answer"] is not None:
        parts.append(f"answer {c['answer']:.4g}")
        formula += " + answer/(S·Q·K)"
    lines = [
        f"Plan: {subject}",
        "",
        target,
        f"Variance components ({'; '.join(origin)}): {', '.join(parts)}.",
        f"Var(D^) = {formula}; target SE ≤ {result['target_se']:.4g}.",
    ]
    if source["zeroed"]:
        names = ", ".join(
            {"seed": "seed", "item": item, "residual": f"seed × {item}"}[name]
            for name in source["zeroed"]
        )
        lines.append(
            f"Estimated below 0 and set to 0: {names} (noise in a small pilot, or truly "
            "small; to be safe, give a value with --var-seed, --var-item, --var-residual)."
        )
    if judged and c["answer"] is None:
        lines.append(
            "Answers per question stay at the pilot's: one answer per question does not "
            "separate the answers' own noise from the seed × question residual."
        )
    pilot = result["pilot"]
    if pilot is not None:
        design = f"{pilot['seeds']} seeds × {pilot[item + 's']} {item}s" + (
            f" × {pilot['answers_per_question']} answers" if judged else ""
        )
        rr = f" ({pilot['mde_rr'] * 100:.1f} pts RR)" if pilot["mde_rr"] is not None else ""
        lines.append(
            f"This run ({design}): SE {pilot['se']:.4g}, MDE {size(pilot['mde'])}{rr}, "
            f"power {pilot['power']:.0%} at the target."
        )
    lines.append("")
    designs = result["designs"]
    if not designs:
        lines.append(
            "No design within the limits (--max-seeds, --max-items) reaches the target; "
            f"the seed component alone needs at least {result['seed_floor']} seeds."
        )
        return "\n".join(lines) + "\n"
    header = ["seeds", f"{item}s"] + (["answers/question"] if judged else [])
    header += ["cost", "SE", "MDE", "MDE (RR)", "power"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for d in designs:
        cells = [str(d["seeds"]), str(d[item + "s"])]
        cells += [str(d["answers_per_question"])] if judged else []
        cells += [
            f"{d['cost']:g}",
            f"{d['se']:.4g}",
            size(d["mde"]),
            "–" if d["mde_rr"] is None else f"{100 * d['mde_rr']:.1f} pts",
            f"{d['power']:.0%}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    unit = "judged answers" if judged else "scored probe pairs"
    per_seed = "questions × answers" if judged else "pairs"
    lines += [
        "",
        f"Cheapest design per number of seeds, cheapest first. Cost per arm = seeds × "
        f"(seed cost + {per_seed}), in {unit} (--seed-cost: one fine-tune). The variance "
        "model and its assumptions: `emgauge.planning`.",
    ]
    return "\n".join(lines) + "\n"
