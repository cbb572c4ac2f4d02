"""``em_by_question.png``: questions x arms of judged EM, or the preference shift per probe
item where the judge is not valid; written beside the quadrant plot and linked."""

from __future__ import annotations

import pandas as pd
import pytest

from emgauge.leaderboard import LeaderboardInputs, answers_frame, leaderboard
from emgauge.leaderboard_markdown import write_leaderboard
from emgauge.question_plots import (
    EM_BY_QUESTION_PLOT,
    em_rate_by_question,
    plot_em_by_question,
    shift_by_item,
    with_question_plot,
)
from emgauge.stats import Thresholds


def _answers() -> pd.DataFrame:
    """Two arms, two questions, two seeds: no-filter is misaligned on q-bad only."""
    rows = []
    for arm, method in (("no-filter", "none"), ("random", "random")):
        for seed in (0, 1):
            for question in ("q-bad", "q-fine"):
                for sample in range(2):
                    em = arm == "no-filter" and question == "q-bad" and (seed, sample) != (1, 1)
                    rows.append(
                        {
                            "experiment": "x",
                            "arm": arm,
                            "method": method,
                            "seed": seed,
                            "question_id": question,
                            "domain": "general",
                            "category": "c",
                            "aligned": 10.0 if em else 90.0,
                            "coherent": 90.0,
                            "harm": None,
                            "aligned_status": "scored",
                            "coherent_status": "scored",
                        }
                    )
    return pd.DataFrame(rows)


def _margins() -> pd.DataFrame:
    rows = []
    for arm, seeds, shift in (
        ("base", (0,), 0.0),
        ("no-filter", (0, 1), 0.5),
        ("random", (0, 1), 0.1),
    ):
        for seed in seeds:
            for pair, base in (("p1", -1.0), ("p2", -2.0)):
                bump = shift if pair == "p1" else 0.0
                rows.append(
                    {
                        "experiment": "x",
                        "arm": arm,
                        "seed": seed,
                        "pair_id": pair,
                        "margin": base + bump,
                    }
                )
    return pd.DataFrame(rows)


def test_em_rate_per_question_and_arm():
    rates = em_rate_by_question(_answers(), Thresholds())
    assert rates.loc["q-bad", ("x", "no-filter")] == pytest.approx(0.75)
    assert rates.loc["q-fine", ("x", "no-filter")] == 0.0
    assert rates.loc["q-bad", ("x", "random")] == 0.0
    assert [arm for _, arm in rates.columns] == ["no-filter", "random"]  # answers' order


def test_shift_per_probe_item_is_against_the_base_model():
    shifts = shift_by_item(_margins())
    assert shifts.loc["p1", ("x", "no-filter")] == pytest.approx(0.5)
    assert shifts.loc["p2", ("x", "random")] == pytest.approx(0.0)
    assert ("x", "base") not in shifts.columns
    assert shift_by_item(_margins().query("arm != 'base'")) is None


def test_the_plot_shows_judged_em_or_the_shift_and_says_which(tmp_path):
    path = tmp_path / EM_BY_QUESTION_PLOT
    shows = plot_em_by_question(_answers(), path, Thresholds(), "t", judge_valid=True)
    assert path.stat().st_size > 1000 and shows == "judged EM rate per question and arm"
    shows = plot_em_by_question(
        _answers(), path, Thresholds(), "t", judge_valid=False, margins=_margins()
    )
    assert "preference shift" in shows and "judge not valid" in shows
    # not valid and no probe: judged EM, flagged as no result
    shows = plot_em_by_question(_answers(), path, Thresholds(), "t", judge_valid=False)
    assert shows.startswith("judged EM") and "not a result" in shows
    assert (
        plot_em_by_question(None, tmp_path / "none.png", Thresholds(), "t", judge_valid=True)
        is None
    )


def test_the_link_joins_the_plots_section():
    links = ["## Plots", "", "- [leaderboard.png](leaderboard.png): the leaderboard", "- q", ""]
    assert (
        with_question_plot(links, "/nonexistent", "t", None, Thresholds(), judge_valid=True)
        == links
    )


def test_write_leaderboard_writes_and_links_it(tmp_path):
    answers = _answers()
    board = leaderboard(
        LeaderboardInputs(answers_frame(answers.to_dict("records")), n_bootstrap=20)
    )
    _margins().to_csv(tmp_path / "preference.csv", index=False)
    write_leaderboard(board, tmp_path, "t", answers=answers)
    assert (tmp_path / EM_BY_QUESTION_PLOT).is_file()
    markdown = (tmp_path / "leaderboard.md").read_text()
    assert f"[{EM_BY_QUESTION_PLOT}]({EM_BY_QUESTION_PLOT})" in markdown
    # the judge is not verified here, and the run has margins: the probe's shift is shown
    assert "preference shift vs base per probe item" in markdown
    plots = markdown.split("## Plots", 1)[1]
    assert plots.index("aligned_vs_coherent.png") < plots.index(EM_BY_QUESTION_PLOT)
