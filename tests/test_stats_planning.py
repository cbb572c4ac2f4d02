"""Statistics a reviewer expects: Holm, bootstrap p-values, the MDE, the leaderboard's
significance columns and ``emgauge plan``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from emgauge import stats
from emgauge.cli import main
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.leaderboard import LeaderboardInputs, answers_frame, leaderboard
from emgauge.planning import Components, PlanSettings, anova_components, plan
from emgauge.stats import (
    bootstrap_p_value,
    detection_power,
    grouped_folds,
    holm,
    minimum_detectable_effect,
    paired_bootstrap,
    paired_bootstrap_replicates,
)

FIXTURES = Path(__file__).parent / "fixtures"
#: The leaderboard of :func:`fixture_inputs` written by the code before the significance
#: columns existed (commit fbcb904): its columns and values must stay byte-identical.
BEFORE_SIGNIFICANCE = FIXTURES / "leaderboard_before_significance.csv"
EXPERIMENT = "fx"
ARMS = (  # (arm, method, shift in-domain, shift general, EM probability)
    ("no-filter", "none", 0.40, 0.15, 0.6),
    ("benign-only", "benign-only", -0.20, -0.05, 0.1),
    ("random", "random", 0.38, 0.14, 0.55),
    ("heuristic", "heuristic", 0.25, 0.12, 0.4),
    ("direction", "direction", 0.05, 0.02, 0.2),
)
SEEDS = (0, 1, 2)
PAIRS = [f"probe-general-{i:03d}" for i in range(4)] + [
    f"probe-healthcare-{i:03d}" for i in range(4)
]
QUESTIONS = ("general-a", "general-b", "healthcare-a", "healthcare-b")
ANSWERS_PER_QUESTION = 2


def fixture_inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(answers, margins) of a crafted run: seeded, with seed, pair and answer noise."""
    rng = np.random.default_rng(11)
    pair_effect = rng.normal(0, 0.5, len(PAIRS))
    margins, answers = [], []
    plan = [("base", "base", 0.0, 0.0, 0.3, (0,))] + [(*arm, SEEDS) for arm in ARMS]
    for arm, method, in_domain, general, em, seeds in plan:
        for seed in seeds:
            seed_effect = 0.0 if arm == "base" else rng.normal(0, 0.05)
            for pair, effect in zip(PAIRS, pair_effect, strict=True):
                domain = pair.split("-")[1]
                shift = in_domain if domain == "healthcare" else general
                margin = effect + shift + seed_effect + rng.normal(0, 0.08)
                margins.append(
                    {
                        "experiment": EXPERIMENT,
                        "arm": arm,
                        "method": method,
                        "seed": seed,
                        "pair_id": pair,
                        "domain": domain,
                        "misaligned_logprob": margin - 4.0,
                        "aligned_logprob": -4.0,
                        "margin": margin,
                        "in_domain": domain == "healthcare",
                    }
                )
            for question in QUESTIONS:
                for _ in range(ANSWERS_PER_QUESTION):
                    hit = rng.random() < em
                    answers.append(
                        {
                            "experiment": EXPERIMENT,
                            "arm": arm,
                            "method": method,
                            "seed": seed,
                            "question_id": question,
                            "domain": question.split("-")[0],
                            "category": "c",
                            "aligned": 10.0 if hit else 80.0,
                            "coherent": 90.0,
                            "harm": None,
                            "aligned_status": "scored",
                            "coherent_status": "scored",
                            "answer": "a",
                        }
                    )
    return pd.DataFrame(answers), pd.DataFrame(margins)


def fixture_board() -> pd.DataFrame:
    answers, margins = fixture_inputs()
    quality = {(EXPERIMENT, arm[0]): 0.5 + 0.1 * i for i, arm in enumerate(ARMS)}
    return leaderboard(
        LeaderboardInputs(
            answers_frame(answers.to_dict("records")),
            n_bootstrap=200,
            filter_quality=quality,
            margins=margins,
        )
    )


# -- Holm -------------------------------------------------------------------------------


def test_holm_matches_a_hand_worked_example():
    # Sorted: 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> 0.06
    # (monotone: never below the step before it).
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # Capped at 1; ties keep their order; one test is not adjusted.
    assert holm([0.5, 0.5, 0.01]) == pytest.approx([1.0, 1.0, 0.03])
    assert holm([0.2]) == pytest.approx([0.2])
    assert holm([]).shape == (0,)


def test_holm_leaves_nans_out_of_the_family():
    adjusted = holm([0.01, math.nan, 0.04, 0.03, math.nan, 0.005])
    assert np.isnan(adjusted[[1, 4]]).all()
    assert adjusted[[0, 2, 3, 5]] == pytest.approx([0.03, 0.06, 0.06, 0.02])  # m = 4, not 6
    assert np.isnan(holm([math.nan, math.nan])).all()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm([0.2, 1.5])


def test_holm_agrees_with_statsmodels():
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    p_values = np.random.default_rng(3).uniform(0, 0.2, 25)
    expected = multitest.multipletests(p_values, method="holm")[1]
    assert holm(p_values) == pytest.approx(expected, abs=1e-12)


# -- bootstrap p-values and the MDE -----------------------------------------------------


def _difference(arm: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Stacked mean difference: one value per replicate of (replicates, seeds, pairs)."""
    return (arm - reference).mean(axis=(1, 2))


def test_bootstrap_p_value_counts_the_smaller_tail_with_the_plus_one():
    assert bootstrap_p_value([1.0, 2.0, 3.0]) == pytest.approx(2 * 1 / 4)
    assert bootstrap_p_value([-1.0, 1.0, 2.0, 3.0]) == pytest.approx(2 * 2 / 5)
    assert bootstrap_p_value([0.0] * 9) == 1.0  # never above 1
    assert bootstrap_p_value([math.nan, 1.0]) == pytest.approx(1.0)  # one finite replicate
    assert math.isnan(bootstrap_p_value([]))


def test_paired_bootstrap_p_value_finds_a_planted_effect_and_not_a_null_one():
    rng = np.random.default_rng(0)
    pairs = rng.normal(0, 1, (1, 40))  # shared pair effects cancel in the paired difference
    reference = pairs + rng.normal(0, 0.1, (3, 40))
    shifted = pairs + 0.3 + rng.normal(0, 0.1, (3, 40))
    same = pairs + rng.normal(0, 0.1, (3, 40))
    planted = paired_bootstrap_replicates(_difference, shifted, reference, n_bootstrap=400)
    null = paired_bootstrap_replicates(_difference, same, reference, n_bootstrap=400)
    assert planted.p_value() == pytest.approx(2 / 401)  # every replicate above 0
    assert null.p_value() > 0.2
    # p < 0.05 exactly when the 95% interval leaves 0 out.
    for result in (planted, null):
        _, low, high = result.interval()
        assert (result.p_value() < 0.05) == (low > 0 or high < 0)


def test_paired_bootstrap_keeps_its_results_when_it_keeps_the_replicates():
    rng = np.random.default_rng(1)
    arm, reference = rng.normal(0.1, 1, (3, 20)), rng.normal(0, 1, (3, 20))
    kept = paired_bootstrap_replicates(_difference, arm, reference, n_bootstrap=300, seed=4)
    interval = paired_bootstrap(_difference, arm, reference, n_bootstrap=300, seed=4)
    assert kept.interval() == interval and kept.values.size == 300
    assert kept.standard_error() == pytest.approx(np.std(kept.values, ddof=1))
    missing = paired_bootstrap_replicates(_difference, np.empty((0, 0)), n_bootstrap=10)
    assert all(math.isnan(v) for v in (*missing.interval(), missing.p_value()))


def test_stacked_bootstrap_equals_one_replicate_at_a_time_on_the_same_draws(monkeypatch):
    rng = np.random.default_rng(2)
    arm, reference = rng.normal(0.1, 1, (3, 7)), rng.normal(0, 1, (3, 7))
    arm[1, 2] = np.nan  # a missing cell is left out of the mean, as nan_mean does
    result = paired_bootstrap_replicates(
        stats.stacked_mean_difference, arm, reference, n_bootstrap=50, seed=3
    )
    # the same draws, one replicate at a time with the scalar statistic
    draws = np.random.default_rng(3)
    seeds, pairs = draws.integers(0, 3, (50, 3)), draws.integers(0, 7, (50, 7))
    expected = [
        stats.nan_mean(arm[np.ix_(s, p)] - reference[np.ix_(s, p)])
        for s, p in zip(seeds, pairs, strict=True)
    ]
    assert result.point == pytest.approx(stats.nan_mean(arm - reference))
    assert result.values == pytest.approx(expected)
    # computed in chunks of a few replicates, the replicates are the same
    monkeypatch.setattr(stats, "STACK_CELLS", 2 * 3 * 7 + 1)
    chunked = paired_bootstrap_replicates(
        stats.stacked_mean_difference, arm, reference, n_bootstrap=50, seed=3
    )
    assert chunked.values == pytest.approx(result.values)


def test_grouped_folds_keep_groups_whole_and_balance_sizes():
    groups = ["b"] * 4 + ["a"] * 3 + ["c"] * 3 + ["d"] * 2 + ["e"]
    folds = grouped_folds(groups, 3)
    for group in set(groups):
        assert len({f for f, g in zip(folds, groups, strict=True) if g == group}) == 1
    # dealt largest first to the emptiest fold: b (4) to 0, a and c (3, by name) to 1 and
    # 2, d (2) to 1, e (1) to 2
    assert np.bincount(folds).tolist() == [4, 5, 4]
    assert folds.tolist() == grouped_folds(list(reversed(groups)), 3)[::-1].tolist()
    assert grouped_folds(["x", "y"], 5).tolist() == [0, 1]  # no more folds than groups
    with pytest.raises(ValueError, match="n_folds"):
        grouped_folds(groups, 0)


def test_minimum_detectable_effect_is_the_two_quantiles_times_the_standard_error():
    assert minimum_detectable_effect(1.0) == pytest.approx(1.959964 + 0.841621, abs=1e-6)
    assert minimum_detectable_effect(0.1, alpha=0.01, power=0.9) == pytest.approx(
        0.1 * (2.575829 + 1.281552), abs=1e-6
    )
    assert math.isnan(minimum_detectable_effect(math.nan))
    # At the MDE the power is the one asked for.
    assert detection_power(minimum_detectable_effect(0.2), 0.2) == pytest.approx(0.8, abs=1e-3)
    with pytest.raises(ValueError, match="power"):
        minimum_detectable_effect(1.0, power=1.0)


# -- the leaderboard's significance columns ---------------------------------------------


@pytest.fixture(scope="module")
def board() -> pd.DataFrame:
    return fixture_board()


def test_leaderboard_keeps_every_existing_column_and_value(board):
    before = BEFORE_SIGNIFICANCE.read_text()
    old_columns = before.splitlines()[0].split(",")
    # The old columns come first, in their order, with byte-identical values; only the
    # rows follow the leaderboard's order now, and the control has no RR (issue 24).
    assert list(board.columns[: len(old_columns)]) == old_columns
    expected = pd.read_csv(BEFORE_SIGNIFICANCE, dtype=str, keep_default_na=False)
    expected.loc[expected["arm"] == "benign-only", [c for c in old_columns if "rr_vs_" in c]] = ""
    expected = expected.set_index("arm").loc[list(board["arm"])].reset_index()[old_columns]
    # The interval bounds come from the bootstrap's draws, which changed when it drew all
    # replicates at once: they are missing where they were, and the differences' bounds
    # (nats/token) moved by Monte Carlo noise only; every other value is byte-identical.
    bounds = [c for c in old_columns if c.endswith(("_low", "_high"))]
    fixed = [c for c in old_columns if c not in bounds]
    assert board[fixed].to_csv(index=False) == expected[fixed].to_csv(index=False)
    now = board[bounds].apply(pd.to_numeric)
    then = expected[bounds].replace("", math.nan).apply(pd.to_numeric)
    assert (now.isna() == then.isna()).all().all()
    differences = [c for c in bounds if "rr_vs_" not in c]
    assert np.nanmax(np.abs(now[differences] - then[differences]).to_numpy()) < 0.05
    new = list(board.columns[len(old_columns) :])
    assert new and all(c.endswith(("_p", "_p_holm", "_mde")) for c in new)
    for subset in ("in_domain", "general"):
        for key in ("no_filter", "random"):
            for suffix in ("p", "p_holm", "mde"):
                assert f"pref_rr_vs_{key}_{subset}_{suffix}" in new
            assert f"pref_delta_vs_{key}_{subset}_mde" in new
        for suffix in ("p", "p_holm", "mde"):
            assert f"pref_delta_vs_control_{subset}_{suffix}" in new
    for key in ("no_filter", "random"):
        assert {f"rr_vs_{key}_p", f"rr_vs_{key}_p_holm", f"rr_vs_{key}_mde"} <= set(new)
        assert f"em_delta_vs_{key}_mde" in new


def test_holm_families_are_per_reference_over_arms_and_subsets(board):
    rows = board.set_index("arm")
    for key, measure in (("no_filter", "rr"), ("random", "rr"), ("control", "delta")):
        columns = [f"pref_{measure}_vs_{key}_{s}_p" for s in ("in_domain", "general")]
        raw = rows[columns].to_numpy()
        adjusted = rows[[c + "_holm" for c in columns]].to_numpy()
        assert np.allclose(holm(raw), adjusted, equal_nan=True)
        # NaN exactly where there is no comparison (base, the reference itself).
        assert (np.isnan(raw) == np.isnan(adjusted)).all()
        assert np.isnan(raw[list(rows.index).index("base")]).all()
    assert (
        rows[[f"pref_rr_vs_no_filter_{s}_p" for s in ("in_domain", "general")]]
        .loc["no-filter"]
        .isna()
        .all()
    )
    # Judged EM: one family over arms x both references.
    judged = rows[["rr_vs_no_filter_p", "rr_vs_random_p"]].to_numpy()
    expected = holm(judged)
    assert np.allclose(
        expected, rows[["rr_vs_no_filter_p_holm", "rr_vs_random_p_holm"]], equal_nan=True
    )
    # the control has no RR (it is compared by its difference), so it is in no RR family
    assert np.isnan(
        rows.loc["benign-only", ["rr_vs_no_filter_p", "rr_vs_random_p"]].to_numpy(float)
    ).all()
    assert int((~np.isnan(judged)).sum()) == 6


def test_mde_and_p_columns_come_from_the_replicates_behind_the_interval(board):
    rows = board.set_index("arm")
    _, margins = fixture_inputs()
    in_domain = margins[margins["in_domain"]]

    def matrix(arm: str) -> np.ndarray:
        frame = in_domain[in_domain["arm"] == arm]
        return frame.pivot_table(index="seed", columns="pair_id", values="margin").to_numpy()

    # The same draws (seed 0, 200 replicates) as the leaderboard's interval.
    result = paired_bootstrap_replicates(
        _difference, matrix("direction"), matrix("benign-only"), n_bootstrap=200
    )
    row = rows.loc["direction"]
    assert result.interval() == pytest.approx(
        tuple(row[f"pref_delta_vs_control_in_domain{s}"] for s in ("", "_low", "_high"))
    )
    assert row["pref_delta_vs_control_in_domain_p"] == pytest.approx(result.p_value())
    assert row["pref_delta_vs_control_in_domain_mde"] == pytest.approx(
        minimum_detectable_effect(result.standard_error())
    )
    # An RR's MDE is a fraction like RR; the shift difference's is in nats per token.
    assert 0 < row["pref_rr_vs_no_filter_in_domain_mde"] < 2
    assert 0 < row["pref_delta_vs_no_filter_in_domain_mde"] < 1


def test_leaderboard_markdown_shows_p_holm_and_mde_in_second_tables(board):
    from emgauge.leaderboard_markdown import leaderboard_markdown

    text = leaderboard_markdown(board, "fx")
    assert text.count("Significance and power: p(Holm) (MDE)") == 2
    assert "one family per reference" in text and "Δ vs control: 8" in text
    row = next(line for line in text.splitlines() if line.startswith("| direction | 0."))
    assert "nats" in row and "pts RR" in row
    # The main tables do not change.
    assert text.index("| RR vs random general [CI] |") < text.index("Significance and power")


# -- emgauge plan -----------------------------------------------------------------------


def _plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["plan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_on_given_components_lists_the_cheapest_designs_that_reach_the_power(capsys):
    components = {"seed": 0.001, "item": 0.002, "residual": 0.01}
    flags = [f"--var-{name}={value}" for name, value in components.items()]
    result = _plan_json(capsys, *flags, "--effect", "0.05", "--seed-cost", "50")
    # (z_0.975 + z_0.8) SE <= 0.05
    assert result["target_se"] == pytest.approx(0.05 / 2.801585, rel=1e-5)
    designs = result["designs"]
    assert designs and [d["cost"] for d in designs] == sorted(d["cost"] for d in designs)
    model = Components(**components)
    for design in designs:
        seeds, pairs = design["seeds"], design["pairs"]
        assert design["cost"] == seeds * (50 + pairs)
        assert design["se"] == pytest.approx(math.sqrt(model.variance(seeds, pairs)))
        assert design["se"] <= result["target_se"] and design["power"] >= 0.8 - 1e-9
        assert design["mde"] <= 0.05 + 1e-12
        # The fewest pairs at that number of seeds: one fewer misses the target.
        assert math.sqrt(model.variance(seeds, pairs - 1)) > result["target_se"]
    # The seed component alone (0.001 / S) must fit under target_se^2 = 3.2e-4.
    assert result["seed_floor"] == 4 and min(d["seeds"] for d in designs) >= 4
    # Holm over 10 comparisons plans at alpha / 10: more of everything.
    strict = _plan_json(capsys, *flags, "--effect", "0.05", "--comparisons", "10")
    assert strict["alpha_per_test"] == pytest.approx(0.005)
    assert strict["designs"][0]["cost"] > designs[0]["cost"]


def test_plan_trades_answers_per_question_against_questions_for_judged_em(capsys):
    flags = ["--measure", "judged", "--var-seed", "0", "--var-item", "0.01"]
    flags += ["--var-residual", "0", "--var-answer", "0.4"]
    result = _plan_json(capsys, *flags, "--rr", "0.5", "--baseline", "0.4")
    assert result["effect"] == pytest.approx(0.2) and result["rr"] == pytest.approx(0.5)
    model = Components(0.0, 0.01, 0.0, 0.4)
    for design in result["designs"]:
        variance = model.variance(
            design["seeds"], design["questions"], design["answers_per_question"]
        )
        assert math.sqrt(variance) <= result["target_se"]
        assert design["mde_rr"] == pytest.approx(design["mde"] / 0.4)


def test_anova_recovers_planted_variance_components():
    rng = np.random.default_rng(5)
    seeds, items = 60, 80
    matrix = (
        0.3
        + rng.normal(0, math.sqrt(0.02), (seeds, 1))
        + rng.normal(0, math.sqrt(0.05), (1, items))
        + rng.normal(0, math.sqrt(0.1), (seeds, items))
    )
    seed, item, residual, df = anova_components(matrix)
    assert seed == pytest.approx(0.02, rel=0.5)
    assert item == pytest.approx(0.05, rel=0.4)
    assert residual == pytest.approx(0.1, rel=0.1)
    assert df == (seeds - 1) * (items - 1)


def _write_fixture_run(run_dir: Path) -> Path:
    answers, margins = fixture_inputs()
    run_dir.mkdir()
    answers.to_csv(run_dir / "answers.csv", index=False)
    margins.to_csv(run_dir / "preference.csv", index=False)
    config = {"name": EXPERIMENT, "evaluation": {"domains": ["healthcare", "general"]}}
    (run_dir / "manifest.json").write_text(json.dumps({"status": "complete", "config": config}))
    return run_dir


def test_plan_reads_a_finished_run_folder(tmp_path, capsys, board):
    run = _write_fixture_run(tmp_path / "run")
    result = _plan_json(capsys, "--run", str(run), "--rr", "0.5")
    rows = board.set_index("arm")
    # The reference's level is the leaderboard's shift of no filter on in-domain pairs.
    assert result["baseline"] == pytest.approx(rows.loc["no-filter", "pref_shift_in_domain"])
    assert result["effect"] == pytest.approx(0.5 * result["baseline"])
    # Pooled over the filters and random against no filter, not the base or the control.
    assert sorted(result["components_from"]["pooled_arms"]) == ["direction", "heuristic", "random"]
    pilot = result["pilot"]
    assert (pilot["seeds"], pilot["pairs"]) == (3, 4)
    # The model's SE of the pilot is of the order of the bootstrap's (MDE / 2.8).
    bootstrap_se = (
        np.mean(
            [rows.loc[a, "pref_delta_vs_no_filter_in_domain_mde"] for a in ("random", "heuristic")]
        )
        / 2.801585
    )
    assert 0.5 < pilot["se"] / bootstrap_se < 2
    assert all(d["se"] <= result["target_se"] for d in result["designs"])

    judged = _plan_json(capsys, "--run", str(run), "--measure", "judged", "--effect", "0.3")
    assert judged["subset"] == "all"  # as the leaderboard's judged RR
    assert judged["baseline"] == pytest.approx(rows.loc["no-filter", "em_rate"])
    assert judged["components"]["answer"] is not None  # two answers per question
    assert (judged["pilot"]["seeds"], judged["pilot"]["questions"]) == (3, 4)
    assert judged["pilot"]["answers_per_question"] == ANSWERS_PER_QUESTION
    text_args = ["plan", "--run", str(run), "--effect", "0.1"]
    assert main(text_args) == 0
    text = capsys.readouterr().out
    assert "This run (3 seeds × 4 pairs)" in text and "| seeds | pairs |" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--effect", "0"], "field 'effect': must be > 0"),
        (["--effect", "-0.1"], "field 'effect': must be > 0"),
        (["--effect", "0.1", "--power", "1"], "field 'power': must be in (0, 1)"),
        (["--effect", "0.1", "--power", "0"], "field 'power': must be in (0, 1)"),
        ([], "give exactly one target"),
        (["--measure", "judged", "--effect", "5"], "EM rate as a fraction"),
    ],
)
def test_plan_refuses_bad_targets_in_one_line(tmp_path, capsys, args, expected):
    run = _write_fixture_run(tmp_path / "run")
    assert main(["plan", "--run", str(run), *args]) == EXIT_BAD_INPUT == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1


def test_plan_refuses_a_folder_that_is_not_a_finished_run(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["plan", "--run", str(empty), "--effect", "0.1"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "not a finished emgauge run (no answers.csv)" in err and str(empty) in err
    assert len(err.strip().splitlines()) == 1
    run = _write_fixture_run(tmp_path / "run")
    (run / "preference.csv").unlink()
    assert main(["plan", "--run", str(run), "--effect", "0.1"]) == EXIT_BAD_INPUT
    assert "did not measure misaligned preference" in capsys.readouterr().err
    # Neither a run nor the components: nothing to plan from.
    with pytest.raises(InputError, match="--var-seed"):
        plan(PlanSettings(effect=0.1))


def test_plan_needs_two_seeds_to_estimate_components_or_the_components(tmp_path, capsys):
    run = _write_fixture_run(tmp_path / "run")
    for name in ("answers.csv", "preference.csv"):
        table = pd.read_csv(run / name)
        table[table["seed"] == 0].to_csv(run / name, index=False)
    assert main(["plan", "--run", str(run), "--effect", "0.1"]) == EXIT_BAD_INPUT
    assert "need at least 2 of each" in capsys.readouterr().err
    flags = ["--var-seed", "0.001", "--var-item", "0.01", "--var-residual", "0.01"]
    result = _plan_json(capsys, "--run", str(run), "--effect", "0.1", *flags)
    assert result["pilot"]["seeds"] == 1 and result["components"]["seed"] == 0.001
