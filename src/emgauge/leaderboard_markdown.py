"""The leaderboard in Markdown, and its files.

:func:`leaderboard_markdown` writes a table of :func:`emgauge.leaderboard.leaderboard` as
``leaderboard.md``: first the verdict in words (was EM induced; which mitigations reduce it,
against which reference) and one compact table, then, under ``## Details``, the full
tables: the judge-free preference table and its significance table (when the run measured
margins), judged EM and its significance table, the Cost table (when it measured
utility) and, with several judges, the Judges section.

Every table and plot lists the rows in one order (:func:`emgauge.leaderboard.ranked`): the
base model, no filter, the benign-only control, then the mitigations (filters,
training-time arms, a sweep's ``arm@budget``) by their RR of the general shift against no
filter, best first. A table of one experiment has no ``experiment`` column.

:func:`write_leaderboard` writes ``leaderboard.csv``, ``leaderboard.md`` and the figures
they link to, in one place; a run of the bundled demo config gets a line pointing to the
reference result.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from emgauge.conditional import ATTR as CONDITIONAL_ATTR
from emgauge.conditional import conditional_markdown, hidden_line, plain_rows
from emgauge.files import atomic_write_text
from emgauge.judge_panel_report import panel_markdown, write_panel
from emgauge.leaderboard import (
    JUDGE_NOT_VALID,
    JUDGE_VALID,
    MIN_REFERENCE_SHIFT,
    REFERENCE_ARMS,
    RR_REFERENCES,
    arm_role,
    em_induced,
    judge_verdict,
    preference_family,
    ranked,
)
from emgauge.leaderboard_plots import plot_leaderboard
from emgauge.monitor_plots import training_dynamics_lines
from emgauge.question_plots import with_question_plot
from emgauge.stats import ALPHA, CONFIDENCE, POWER, Thresholds
from emgauge.utility_cost import cost_markdown, method_cell, write_cost_plots

#: The config ``make demo`` runs, and the committed result a reader should compare it with.
DEMO_CONFIG = "configs/default.yaml"
REFERENCE_RESULT = "results/embedded-reference/"
REFERENCE_COMMAND = "emgauge run configs/reference.yaml"
DETAILS = "## Details"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pct(value: float) -> str:
    return "–" if _missing(value) else f"{100 * value:.1f}%"


def _num(value: float) -> str:
    return "–" if _missing(value) else f"{value:.1f}"


def _nats(value: float) -> str:
    return "–" if _missing(value) else f"{value:+.3f}"


def _auroc(value: Any) -> str:
    return "–" if _missing(value) else f"{value:.3f}"


def _ci(row: dict[str, Any], key: str, fmt: Callable[[float], str]) -> str:
    """``point [low, high]`` of ``key`` in ``row``; a bare "–" where the point is missing."""
    point = row.get(key, math.nan)
    if _missing(point):
        return "–"
    low, high = row.get(key + "_low", math.nan), row.get(key + "_high", math.nan)
    return f"{fmt(point)} [{fmt(low)}, {fmt(high)}]"


def _p_text(p: float) -> str:
    """A p-value, ``*`` below :data:`~emgauge.stats.ALPHA`."""
    if _missing(p):
        return "–"
    return ("<0.001" if p < 0.001 else f"{p:.3f}") + ("*" if p < ALPHA else "")


def _nats_mde(value: float) -> str:
    return f"{value:.3f} nats"


def _rr_mde(value: float) -> str:
    return f"{100 * value:.1f} pts RR"


def _em_mde(value: float) -> str:
    return f"{100 * value:.1f} pts EM"


def _several_experiments(board: pd.DataFrame) -> bool:
    return board["experiment"].nunique() > 1


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(str(c) for c in row) + " |" for row in rows),
    ]


def _lead(board: pd.DataFrame, row: dict[str, Any]) -> list[str]:
    """A row's first cells: the experiment (only when several are merged) and the arm."""
    return ([str(row["experiment"])] if _several_experiments(board) else []) + [str(row["arm"])]


def _lead_header(board: pd.DataFrame) -> list[str]:
    return (["experiment"] if _several_experiments(board) else []) + ["arm"]


def _role(row: dict[str, Any]) -> str:
    return arm_role(str(row["arm"]), str(row["method"]))


# ------------------------------------------------------------------------- the verdict


def _judge_words(verdict: str) -> str:
    return {
        JUDGE_VALID: "valid",
        JUDGE_NOT_VALID: "not valid",
    }.get(verdict, "not verified")


def _em_induced_line(frame: pd.DataFrame) -> str:
    """Was EM induced: no filter against the base model and against the control."""
    rows = frame[frame["arm"] == REFERENCE_ARMS["no_filter"]].to_dict("records")
    if not rows:
        return "EM induced: not measured (the run has no no-filter arm)."
    row = rows[0]
    verdict = em_induced(row)
    words = {True: "yes", False: "no", None: "not measured"}
    return (
        f"**EM induced**: in-domain **{words[verdict['in_domain']]}**, general "
        f"(out-of-domain) **{words[verdict['general']]}**. No filter against the base model: "
        f"{_ci(row, 'pref_shift_in_domain', _nats)} in-domain, "
        f"{_ci(row, 'pref_shift_general', _nats)} general; against the benign-only control: "
        f"{_ci(row, 'pref_delta_vs_control_in_domain', _nats)} and "
        f"{_ci(row, 'pref_delta_vs_control_general', _nats)} (nats/token; yes = both CIs "
        "above 0)."
    )


#: The RR references by their column key, as the verdict names them.
_REFERENCE_NAMES = {"no_filter": "no filter", "random": "random"}


def _claim(row: dict[str, Any], column: str, reference: str) -> tuple[str, str] | None:
    """(kind, words) of one arm's RR in ``column`` against ``reference``: kind
    ``reduces`` or ``raises`` (CI excludes 0), ``same`` (CI includes 0); None where the
    RR is undefined. A CI that excludes 0 with a Holm p at or above α says so."""
    point = row.get(column, math.nan)
    if _missing(point):
        return None
    low, high = row.get(f"{column}_low", math.nan), row.get(f"{column}_high", math.nan)
    interval = f"[{_pct(low)}, {_pct(high)}]"
    p = row.get(f"{column}_p_holm", math.nan)
    caveat = (
        f" (Holm p {_p_text(p)}: not significant once every comparison is counted)"
        if not _missing(p) and p >= ALPHA
        else ""
    )
    if not _missing(low) and low > 0:
        return "reduces", f"by {_pct(point)} vs {reference} {interval}{caveat}"
    if not _missing(high) and high < 0:
        return "raises", f"vs {reference} (RR {_pct(point)} {interval}){caveat}"
    return "same", f"{reference} (RR {_pct(point)} {interval})"


def _arm_sentence(row: dict[str, Any], columns: dict[str, str], measure: str) -> str | None:
    """One mitigation in words: what it reduces against which reference, and where it is
    not distinguishable from one. ``columns``: RR column -> the reference's name."""
    claims = [c for c in (_claim(row, col, ref) for col, ref in columns.items()) if c]
    if not claims:
        return None
    reduces = [words for kind, words in claims if kind == "reduces"]
    raises = [words for kind, words in claims if kind == "raises"]
    same = [words for kind, words in claims if kind == "same"]
    parts = []
    if reduces:
        parts.append(f"reduces {measure} " + " and ".join(reduces))
    if raises:
        parts.append(f"increases {measure} " + " and ".join(raises))
    if same:
        parts.append(
            "is not distinguishable from "
            + " or from ".join(same)
            + ("" if parts else f" on {measure}")
        )
    return f"**{row['arm']}** " + "; it ".join(parts) + "."


def _shift_claims(frame: pd.DataFrame) -> list[str]:
    """Each mitigation's RR of the general shift in words, best first; one line instead
    where no filter moved the model too little for an RR against it."""
    columns = {f"pref_rr_vs_{key}_general": _REFERENCE_NAMES[key] for key in RR_REFERENCES}
    mitigations = [r for r in frame.to_dict("records") if _role(r) == "mitigation"]
    lines = [
        sentence
        for sentence in (_arm_sentence(r, columns, "the general shift") for r in mitigations)
        if sentence
    ]
    reference = frame[frame["arm"] == REFERENCE_ARMS["no_filter"]]
    shift = reference["pref_shift_general"].iloc[0] if len(reference) else math.nan
    if mitigations and not _missing(shift) and shift <= MIN_REFERENCE_SHIFT:
        lines.insert(
            0,
            f"No RR against no filter: its general shift ({_nats(shift)}) is not above "
            f"{MIN_REFERENCE_SHIFT} nats/token, nothing to reduce.",
        )
    elif mitigations and not lines:
        lines.append("No mitigation has an RR of the general shift (no reference arm).")
    return lines


def _judged_line(frame: pd.DataFrame, verdict: str) -> str:
    """Judged EM in one line: a result only with a valid judge."""
    rows = frame[frame["arm"] == REFERENCE_ARMS["no_filter"]].to_dict("records")
    if verdict != JUDGE_VALID:
        why = (
            "the judge failed validation"
            if verdict == JUDGE_NOT_VALID
            else "the judge is not verified on real judged answers"
        )
        return f"Judged EM is not a result here: {why} (Details shows its numbers, marked †)."
    reference = f"no filter {_em_cell(rows[0])}" if rows else "no no-filter arm"
    return f"Judged EM (judge valid): {reference}; every arm's rate and RR are in Details."


def _judged_claims(frame: pd.DataFrame, verdict: str) -> list[str]:
    """Without a probe, the mitigations in words by their judged RR (marked when the judge
    is not valid)."""
    columns = {f"rr_vs_{key}": _REFERENCE_NAMES[key] for key in RR_REFERENCES}
    mark = "" if verdict == JUDGE_VALID else f" (judge {_judge_words(verdict)}: not a result)"
    lines = []
    for row in frame.to_dict("records"):
        if _role(row) != "mitigation":
            continue
        sentence = _arm_sentence(row, columns, "the judged EM rate")
        if sentence:
            lines.append(sentence.removesuffix(".") + mark + ".")
    return lines


def verdict_lines(board: pd.DataFrame) -> list[str]:
    """The leaderboard's opening, in words, per experiment: was EM induced (the
    judge-free probe), which mitigations reduce the general shift with a CI that excludes
    0 and against which reference (no filter, random), which are not distinguishable from
    one, and whether judged EM is a result."""
    verdict = judge_verdict(board)
    with_probe = "pref_shift_general" in board
    lines: list[str] = []
    for experiment, frame in ranked(board).groupby("experiment", sort=False):
        prefix = f"{experiment}: " if _several_experiments(board) else ""
        found = (
            [_em_induced_line(frame), *_shift_claims(frame)]
            if with_probe
            else [
                "EM induced: not measured (the run has no judge-free probe).",
                *_judged_claims(frame, verdict),
            ]
        )
        found.append(_judged_line(frame, verdict))
        if CONDITIONAL_ATTR in board.attrs:  # evaluation variants: is any arm's EM hidden?
            found.append(hidden_line(board.attrs[CONDITIONAL_ATTR], str(experiment)))
        lines += [f"- {prefix}{line}" for line in found]
    return [*lines, ""]


# ------------------------------------------------------------------- the compact table


def _shift_cell(row: dict[str, Any], key: str) -> str:
    if _role(row) == "base":
        return "0 (reference)"
    return _ci(row, key, _nats)


def summary_markdown(board: pd.DataFrame, seeded: str = "") -> list[str]:
    """The one compact table: a row per arm in the leaderboard's order; the preference
    shifts and the RR of the general shift against no filter and random, the utility cost
    where measured, judged EM only where the judge is valid, the filter AUROC. ``seeded``:
    :func:`seeded_note`'s sentence, added to the notes."""
    verdict = judge_verdict(board)
    with_probe = "pref_shift_general" in board
    with_utility = "utility_delta_vs_no_filter" in board
    with_judged = verdict == JUDGE_VALID or not with_probe
    mark = "" if verdict == JUDGE_VALID else "†"
    header = _lead_header(board)
    if with_probe:
        header += [
            "shift in-domain [CI]",
            "shift general [CI]",
            "RR vs no filter (general) [CI]",
            "RR vs random (general) [CI]",
        ]
    else:
        header += ["judged EM [CI]", "RR vs no filter [CI]", "RR vs random [CI]"]
    if with_utility:
        header.append("utility cost [CI]")
    if with_probe and with_judged:
        header.append("judged EM [CI]")
    if "filter_auroc" in board:
        header.append("filter AUROC")
    rows = []
    for r in board.to_dict("records"):
        cells = _lead(board, r)
        if _role(r) == "control":
            cells[-1] += " (control)"
        if with_probe:
            cells += [
                _shift_cell(r, "pref_shift_in_domain"),
                _shift_cell(r, "pref_shift_general"),
                _ci(r, "pref_rr_vs_no_filter_general", _pct),
                _ci(r, "pref_rr_vs_random_general", _pct),
            ]
        else:
            cells += [
                _em_cell(r) + mark,
                _ci(r, "rr_vs_no_filter", _pct) + mark,
                _ci(r, "rr_vs_random", _pct) + mark,
            ]
        if with_utility:
            cells.append(_ci(r, "utility_delta_vs_no_filter", _nats))
        if with_probe and with_judged:
            cells.append(_em_cell(r))
        if "filter_auroc" in board:
            cells.append(_auroc(r.get("filter_auroc")))
        rows.append(cells)
    notes = []
    if with_probe:
        notes.append(
            "Shift = the arm's preference margin minus the base model's (nats/token; > 0: "
            "toward misaligned answers), on in-domain and general (out-of-domain) probe "
            "pairs. RR = (shift_reference − shift_arm) / shift_reference of the general "
            "shift; the control (as many benign rows as no filter, same steps) is an ideal "
            "to compare with, so it has a shift, no RR."
        )
    if with_utility:
        notes.append(
            "Utility cost = utility loss minus no filter's on held-out benign answers "
            "(nats/token; > 0 = the mitigation costs utility)."
        )
    if with_probe and not with_judged:
        notes.append(f"Judged EM: –, judge {_judge_words(verdict)} (its table is in Details).")
    elif mark:
        notes.append(f"† judge {_judge_words(verdict)}: judged numbers are not results.")
    notes.append(
        f"CI = {CONFIDENCE:.0%} paired bootstrap over seeds and items. Rows: the base "
        "model, no filter and the control, then the mitigations (filters, training-time "
        "arms, a sweep's arm@budget) ranked by RR vs no filter"
        + (" of the general shift" if with_probe else "")
        + ", best first; every table and plot uses this order. In-domain RRs, Δ vs "
        "control, p-values and MDEs are in Details."
    )
    if seeded:
        notes.append(seeded)
    return [*_table(header, rows), "", " ".join(notes), ""]


def seeded_note(board: pd.DataFrame, manifest: dict[str, Any] | None = None) -> str:
    """One sentence naming the filters' random ingredients that vary by seed (``random``'s
    permutation, ``sae-proximity``'s SAE), so a reader knows the CIs over seeds include
    them; empty when no arm has one. A run's ``manifest`` says which arms drew theirs per
    seed (a run without that record drew only ``random``'s per seed: its SAE was shared);
    without a manifest (merged runs) the methods and the config's options say it."""
    from emgauge.mitigations.registry import seeded_ingredient
    from emgauge.run_folder import SEEDED_INGREDIENTS

    if "method" not in board:
        return ""
    recorded = None if manifest is None else manifest.get(SEEDED_INGREDIENTS) or {}
    config = (manifest or {}).get("config") or {}
    shared = config.get("filter_options") or {}
    own = {
        str(arm.get("name")): arm.get("options") or {}
        for arm in config.get("arms") or []
        if isinstance(arm, dict)
    }
    found: dict[str, list[str]] = {}
    for arm, method in zip(board["arm"], board["method"], strict=True):
        options = {**shared, **own.get(str(arm).split("@")[0], {})}
        ingredient = seeded_ingredient(str(method), options)
        base_arm = str(arm).split("@")[0]
        if recorded is not None and base_arm not in recorded and str(method) != "random":
            continue  # this run scored it once for every seed
        if ingredient and str(method) not in found.setdefault(ingredient, []):
            found[ingredient].append(str(method))
    if not found:
        return ""
    named = "; ".join(f"{i} ({', '.join(methods)})" for i, methods in found.items())
    return (
        f"Vary by seed besides training: {named}; each seed's filter draws its own, so the "
        "CIs over seeds include that randomness."
    )


def _em_cell(row: dict[str, Any]) -> str:
    return f"{_pct(row['em_rate'])} [{_pct(row['em_ci_low'])}, {_pct(row['em_ci_high'])}]"


# --------------------------------------------------------------------------- details


def _test_cell(
    row: dict[str, Any], p_column: str, mdes: Sequence[tuple[str, Callable[[float], str]]]
) -> str:
    """``p(Holm) (MDE a; b)`` of one comparison ("–" where it was not tested)."""
    p = row.get(f"{p_column}_holm", math.nan)
    shown = [fmt(row[c]) for c, fmt in mdes if not _missing(row.get(c, math.nan))]
    if _missing(p) and not shown:
        return "–"
    return _p_text(p) + (f" (MDE {'; '.join(shown)})" if shown else "")


def _family_sizes(board: pd.DataFrame, families: dict[str, list[str]]) -> str:
    """How many tests each Holm family holds, per experiment."""
    parts = []
    for experiment, frame in board.groupby("experiment", sort=False):
        sizes = ", ".join(
            f"{label}: {int(frame[[c for c in columns if c in frame]].notna().sum().sum())}"
            for label, columns in families.items()
        )
        parts.append(sizes if not _several_experiments(board) else f"{experiment}: {sizes}")
    return "; ".join(parts)


#: One tested comparison of a significance table: (header, p-value column, MDE columns,
#: each with how its value is written).
SignificanceTest = tuple[str, str, Sequence[tuple[str, Callable[[float], str]]]]


def _significance_table(
    board: pd.DataFrame, tests: Sequence[SignificanceTest], note: str, *, mark: str = ""
) -> list[str]:
    """A section's second table: one row per arm with any test, one ``p(Holm) (MDE)`` cell
    per test, then ``note``. ``mark`` (†) follows every cell of a judge that is not valid."""
    rows = []
    for r in board.to_dict("records"):
        values = [_test_cell(r, p_column, mdes) for _, p_column, mdes in tests]
        if all(v == "–" for v in values):
            continue
        rows.append([*_lead(board, r), *(v + mark if v != "–" else v for v in values)])
    header = [*_lead_header(board), *(title for title, _, _ in tests)]
    return [
        "Significance and power: p(Holm) (MDE)",
        "",
        *_table(header, rows),
        "",
        note,
        "",
    ]


#: The preference section's significance columns.
_PREFERENCE_TESTS: list[SignificanceTest] = [
    (
        f"Δ vs control {label}",
        f"pref_delta_vs_control{suffix}_p",
        [(f"pref_delta_vs_control{suffix}_mde", _nats_mde)],
    )
    for suffix, label in (("_in_domain", "in-domain"), ("_general", "general"))
] + [
    (
        f"RR vs {name} {label}",
        f"pref_rr_vs_{key}{suffix}_p",
        [
            (f"pref_delta_vs_{key}{suffix}_mde", _nats_mde),
            (f"pref_rr_vs_{key}{suffix}_mde", _rr_mde),
        ],
    )
    for suffix, label in (("_in_domain", "in-domain"), ("_general", "general"))
    for key, name in (("no_filter", "no filter"), ("random", "random"))
]


def preference_significance_markdown(board: pd.DataFrame) -> list[str]:
    """The preference section's second table: p(Holm) and MDE of every Δ vs control and
    RR (only with the significance columns of
    :func:`emgauge.leaderboard.preference_table`)."""
    if "pref_delta_vs_control_in_domain_p_holm" not in board:
        return []
    families = {
        "Δ vs control": preference_family("control"),
        "RR vs no filter": preference_family("no_filter"),
        "RR vs random": preference_family("random"),
    }
    note = (
        "p(Holm) = two-sided paired-bootstrap p-value of no difference (Δ = 0, RR = 0; from "
        "the replicates behind the CI), Holm-adjusted within its family: one family per "
        "reference, each holding every arm × {in-domain, general} comparison against it in "
        f"the experiment ({_family_sizes(board, families)} tests); * = below {ALPHA:g}. "
        f"MDE = the smallest true effect this run's design detects with {POWER:.0%} power "
        f"at α = {ALPHA:g} (two-sided, per comparison, before Holm): (z_{{1−α/2}} + "
        "z_power) × the bootstrap SE, of the shift difference (nats/token) and of RR "
        "(%-points). With B replicates no p-value is below 2/(B + 1). `emgauge plan` sizes "
        "a run for a target effect."
    )
    return _significance_table(board, _PREFERENCE_TESTS, note)


def judged_significance_markdown(board: pd.DataFrame, mark: str = "") -> list[str]:
    """The judged section's second table: p(Holm) and MDE of each RR."""
    if "rr_vs_no_filter_p_holm" not in board:
        return []
    tests: list[SignificanceTest] = [
        (
            f"RR vs {name}",
            f"rr_vs_{key}_p",
            [(f"em_delta_vs_{key}_mde", _em_mde), (f"rr_vs_{key}_mde", _rr_mde)],
        )
        for key, name in (("no_filter", "no filter"), ("random", "random"))
    ]
    family = {"RR": [f"rr_vs_{key}_p" for key in RR_REFERENCES]}
    note = (
        "p(Holm) = two-sided paired-bootstrap p-value (seeds and questions) of RR = 0, "
        "Holm-adjusted within one family holding every arm × {no filter, random} RR of the "
        f"experiment ({_family_sizes(board, family)} tests); * = below {ALPHA:g}. MDE "
        f"({POWER:.0%} power, α = {ALPHA:g} two-sided, per comparison, before Holm) of the "
        "EM-rate difference and of RR, in %-points."
    )
    return _significance_table(board, tests, note, mark=mark)


def preference_markdown(board: pd.DataFrame) -> list[str]:
    """The judge-free tables: preference shifts, Δ vs control and RR of the shift, in the
    leaderboard's order, then their significance."""
    header = [
        *_lead_header(board),
        "method",
        "filter AUROC",
        "shift in-domain [CI]",
        "shift general [CI]",
        "Δ vs control in-domain [CI]",
        "Δ vs control general [CI]",
        "RR vs no filter in-domain [CI]",
        "RR vs random in-domain [CI]",
        "RR vs no filter general [CI]",
        "RR vs random general [CI]",
    ]
    rows = [
        [
            *_lead(board, r),
            method_cell(r),
            _auroc(r.get("filter_auroc", math.nan)),
            _ci(r, "pref_shift_in_domain", _nats),
            _ci(r, "pref_shift_general", _nats),
            _ci(r, "pref_delta_vs_control_in_domain", _nats),
            _ci(r, "pref_delta_vs_control_general", _nats),
            _ci(r, "pref_rr_vs_no_filter_in_domain", _pct),
            _ci(r, "pref_rr_vs_random_in_domain", _pct),
            _ci(r, "pref_rr_vs_no_filter_general", _pct),
            _ci(r, "pref_rr_vs_random_general", _pct),
        ]
        for r in board.to_dict("records")
    ]
    lines = [
        "### Misaligned preference (judge-free, valid at any scale)",
        "",
        *_table(header, rows),
        "",
        "Margin = mean log-probability per token of the misaligned minus the aligned answer "
        "of a held-out probe pair. Shift = the arm's margin minus the base model's (> 0: "
        "fine-tuning moved the model toward misaligned answers), on the pairs of the "
        "training data's domains (in-domain) and on general questions (out-of-domain, the "
        "emergent part). Δ vs control = the arm's margin minus that of the benign-only arm "
        "(same steps on as many benign rows: what benign data alone does). RR = "
        "(shift_reference − shift_arm) / shift_reference; – where the reference's shift is "
        f"not above {MIN_REFERENCE_SHIFT} nats/token (nothing to reduce), and for the "
        "control (an ideal to compare with, not a mitigation). Nats per token; "
        f"CI = {CONFIDENCE:.0%} paired bootstrap over seeds and probe pairs.",
        "",
    ]
    return lines + preference_significance_markdown(board)


def judged_markdown(board: pd.DataFrame) -> list[str]:
    """The judged EM tables, every judged cell marked † unless the judge is valid."""
    verdict = judge_verdict(board)
    mark = "" if verdict == JUDGE_VALID else "†"
    domain_columns = [c for c in board.columns if c.startswith("em_rate[")]
    header = (
        [*_lead_header(board), "method", "n", "EM rate [CI]", "in-domain EM", "general EM"]
        + [c.removeprefix("em_rate[").removesuffix("]") + " EM" for c in domain_columns]
        + ["RR vs no filter [CI]", "RR vs random [CI]", "aligned", "harm"]
        + (["helpful"] if "mean_helpful" in board else [])
        + (["filter AUROC"] if "filter_auroc" in board else [])
    )
    lines = ["### Judged EM", ""]
    if "judge" in board.attrs:
        from emgauge.judges.validate import validity_line

        lines += [validity_line(board.attrs["judge"]), ""]
    elif mark:
        lines += [f"Judge {_judge_words(verdict)}: judged columns (marked †) are not results.", ""]
    rows = []
    for r in board.to_dict("records"):
        cells = [
            *_lead(board, r),
            method_cell(r),
            str(r["n"]),
            _em_cell(r) + mark,
            _pct(r["em_rate_in_domain"]) + mark,
            _pct(r["em_rate_general"]) + mark,
            *(_pct(r[c]) + mark for c in domain_columns),
            _ci(r, "rr_vs_no_filter", _pct) + mark,
            _ci(r, "rr_vs_random", _pct) + mark,
            _num(r["mean_aligned"]) + mark,
            _num(r["mean_harm"]) + mark,
        ]
        if "mean_helpful" in board:
            cells.append(_num(r["mean_helpful"]) + mark)
        if "filter_auroc" in board:
            cells.append(_auroc(r["filter_auroc"]))
        rows.append(cells)
    lines += _table(header, rows)
    lines += [
        "",
        "EM = aligned < threshold and coherent > threshold among scored answers; CI = "
        f"{CONFIDENCE:.0%} bootstrap over questions. RR = (EM_reference − EM_arm) / "
        "EM_reference, CI = paired bootstrap over seeds and questions; – = undefined (no EM "
        "in the reference arm; none for the control). Filter AUROC = how well the method's "
        "scores rank the dataset's labelled harmful samples above benign ones.",
        "",
    ]
    return lines + judged_significance_markdown(board, mark)


def _demoted(lines: Sequence[str]) -> list[str]:
    """A section's ``##`` headings one level down, under Details."""
    return [f"#{line}" if line.startswith("## ") else line for line in lines]


def details_markdown(board: pd.DataFrame) -> list[str]:
    """The full tables, under ``## Details``, all in the leaderboard's order."""
    lines = [DETAILS, ""]
    if "pref_shift_in_domain" in board:
        lines += preference_markdown(board)
    lines += judged_markdown(board)
    if CONDITIONAL_ATTR in board.attrs:  # variants beyond plain (emgauge.conditional)
        order = list(zip(board["experiment"], board["arm"], strict=True))
        table = board.attrs[CONDITIONAL_ATTR]
        lines += _demoted(conditional_markdown(table, table.attrs.get("judge_valid"), order))
    lines += _demoted(cost_markdown(board))  # only where utility was measured
    if "judge_panel" in board.attrs:  # several judges (emgauge.judge_panel)
        order = list(zip(board["experiment"], board["arm"], strict=True))
        lines += _demoted(panel_markdown(board.attrs["judge_panel"], order))
    return lines


def demo_note(manifest: dict[str, Any] | None, board: pd.DataFrame) -> list[str]:
    """One line for a run of the bundled demo config: what it is, and where the reference
    result is (nothing for any other run)."""
    if not manifest or Path(str(manifest.get("config_path", ""))).as_posix() not in (
        DEMO_CONFIG,
        f"./{DEMO_CONFIG}",
    ):
        return []
    seeds = len(manifest.get("seeds") or []) or int(board["seeds"].max())
    answers = int(board["n"].median()) if len(board) else 0
    return [
        f"> This is the bundled demo ({DEMO_CONFIG}): a small, fast run ({seeds} "
        f"seed{'s' if seeds != 1 else ''}, about {answers} judged answers per arm), so its "
        f"intervals are wide. The reference result, three seeds and more answers, is "
        f"{REFERENCE_RESULT} (made by `{REFERENCE_COMMAND}`).",
        "",
    ]


def control_line(manifest: dict[str, Any] | None) -> list[str]:
    """Where the benign-only control's rows came from (the run manifest's ``control_rows``,
    per seed; the counts are the same for every seed), as one line; nothing without it."""
    from emgauge.stages.control import control_note

    per_seed = (manifest or {}).get("control_rows")
    if not per_seed:
        return []
    sources = next(iter(per_seed.values()))
    drawn = " (drawn per seed)" if sources.get("n_bundled") and len(per_seed) > 1 else ""
    return [f"{control_note(sources)}{drawn}.", ""]


def leaderboard_markdown(
    board: pd.DataFrame, title: str, manifest: dict[str, Any] | None = None
) -> str:
    """The leaderboard in Markdown: the verdict in words and the compact table, then the
    full tables under ``## Details``; every table in :func:`emgauge.leaderboard.ranked`
    order. ``manifest``: the run's, for the demo's pointer to the reference result."""
    board = ranked(board)
    lines = [f"# {title}", "", *demo_note(manifest, board)]
    lines += verdict_lines(board)
    lines += control_line(manifest)
    lines += summary_markdown(board, seeded_note(board, manifest))
    lines += details_markdown(board)
    return "\n".join(lines)


def summary_text(markdown: str) -> str:
    """The part of a ``leaderboard.md`` above ``## Details``: the verdict and the compact
    table (what the console shows at the end of a run)."""
    return markdown.split(f"\n{DETAILS}\n", 1)[0].rstrip() + "\n"


def _read_manifest(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / "manifest.json"
    try:
        return json.loads(path.read_text()) if path.is_file() else None
    except (OSError, ValueError):
        return None


def write_leaderboard(
    board: pd.DataFrame,
    out_dir: str | Path,
    title: str,
    sections: str = "",
    *,
    answers: pd.DataFrame | None = None,
    thresholds: Thresholds = Thresholds(),
) -> None:
    """leaderboard.csv, leaderboard.md (``sections`` appended, e.g. a sweep's
    dose-response) and leaderboard.png in ``out_dir``, and the plots of
    :func:`emgauge.utility_cost.write_cost_plots` (pareto.png with utility, the quadrant
    view of judged ``answers``), linked from leaderboard.md; all in the leaderboard's row
    order. A ``manifest.json`` in ``out_dir`` (a run folder) names the run's config."""
    out_dir = Path(out_dir)
    board = ranked(board)
    atomic_write_text(out_dir / "leaderboard.csv", board.to_csv(index=False))
    plot_leaderboard(board, out_dir / "leaderboard.png", title)
    if "judge_panel" in board.attrs:
        write_panel(board.attrs["judge_panel"], out_dir)
    answers = plain_rows(answers)  # the plots show the plain questions, as the tables do
    if answers is not None:  # the quadrant plot's panels in the board's order
        rank = {key: i for i, key in enumerate(zip(board["experiment"], board["arm"], strict=True))}
        position = [
            rank.get(key, len(rank))
            for key in zip(answers["experiment"], answers["arm"], strict=True)
        ]
        answers = answers.iloc[np.argsort(position, kind="stable")]
    links = write_cost_plots(board, out_dir, title, answers, thresholds)
    links = with_question_plot(  # em_by_question.png, beside the quadrant plot
        links, out_dir, title, answers, thresholds, judge_valid=judge_verdict(board) == JUDGE_VALID
    )
    markdown = leaderboard_markdown(board, title, _read_manifest(out_dir))
    dynamics = training_dynamics_lines(out_dir)  # a run with a monitor (stages.monitor)
    parts = [markdown, *([sections] if sections else []), *dynamics, *links]
    atomic_write_text(out_dir / "leaderboard.md", "\n".join(parts))
