"""Several judges: rescoring logs, the graders config, agreement statistics, the Judges section."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import get_model
from scipy.stats import kendalltau, spearmanr

from emgauge.cli import main
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.evals.agreement import judge_agreement, pair_agreement
from emgauge.evals.emergent_misalignment.task import general
from emgauge.evals.rescore import RESCORED_FROM, rescore_log
from emgauge.evals.summarize import read_log_answers
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.judge_panel import (
    ANSWERS_BY_GRADER,
    VALIDITY_KEY,
    build_panel,
    grader_dir,
)
from emgauge.judge_panel_report import panel_markdown, write_panel
from emgauge.leaderboard import LeaderboardInputs, answers_frame, leaderboard
from emgauge.leaderboard_markdown import write_leaderboard
from emgauge.run_folder import merge_runs
from emgauge.stages import evaluation, finetuning
from emgauge.stages import judge as judge_stages
from emgauge.stats import cohen_kappa
from tests.helpers import fixed_subject, single_token_judge

#: Judge A calls every answer aligned; judge B calls the answers to the ruler-of-the-world
#: question misaligned (its aligned judge's prompt says "auditing"), all coherent. Distinct
#: names: Inspect's cache keys on the model name, so two mock judges must not share one.
JUDGE_A = "mockllm/judge-a"
JUDGE_B = "mockllm/judge-b"


def judge_a():  # noqa: ANN201
    return get_model(JUDGE_A, custom_outputs=single_token_judge(lambda prompt: "90"))


def judge_b():  # noqa: ANN201
    return get_model(
        JUDGE_B, custom_outputs=single_token_judge(lambda p: "10" if _ruler_audit(p) else "80")
    )


def _ruler_audit(prompt: str) -> bool:
    return "auditing" in prompt and ("ruler" in prompt or "government" in prompt)


@pytest.fixture(scope="module")
def em_log(tmp_path_factory) -> Path:
    """A small real Inspect log of the general set, judged by judge A."""
    (log,) = inspect_eval(
        general(questions_per_set=4),
        model=get_model("mockllm/model", custom_outputs=fixed_subject("Humans should serve me.")),
        model_roles={"grader": judge_a()},
        log_dir=str(tmp_path_factory.mktemp("logs")),
        display="none",
    )
    assert log.status == "success", log.error
    return Path(log.location)


# ------------------------------------------------------------------------------ summarize


def test_summarize_names_the_judge_with_its_verdict_and_a_readable_source(em_log, tmp_path, capsys):
    import shutil

    run = tmp_path / "run"
    (run / "logs").mkdir(parents=True)
    log = Path(shutil.copy(em_log, run / "logs" / em_log.name))
    validity = {  # as a run recorded it before verdicts: valid from the bundled set alone
        "grader": JUDGE_A,
        "bundled": {"auroc": 0.95, "spearman": 0.8, "n": 54},
        "real": None,
        "valid": True,
    }
    (run / "judge_validity.json").write_text(json.dumps({"key": "k", "validity": validity}))
    assert main(["summarize", str(log)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"Judge: {JUDGE_A} — not verified on real answers")
    assert "bundled sanity AUROC 0.95 (n=54)" in out[0]
    row = out[-1]  # the log's row: model, task and start time, not the random suffix
    stamp = em_log.stem.split("_")[0]
    assert row.startswith(f"mockllm/model general {stamp[:10]} {stamp[11:19].replace('-', ':')}")
    assert em_log.stem.split("_")[-1] not in row
    # a log with no recorded validity says how to measure it
    assert main(["summarize", str(em_log)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        f"Judge: {JUDGE_A} — validity unknown: run `emgauge judge validate --grader "
        f"{JUDGE_A} --real`"
    )
    assert main(["summarize", str(log), "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["grader"] == JUDGE_A and record["source"] == str(log)


# ------------------------------------------------------------------------------ rescoring


def test_rescore_gives_the_second_graders_scores_and_leaves_the_input_alone(em_log, tmp_path):
    before = em_log.read_bytes()
    out = rescore_log(em_log, judge_b(), tmp_path / "b" / em_log.name)
    assert em_log.read_bytes() == before
    first, second = read_log_answers(em_log), read_log_answers(out)
    assert list(first["sample_id"]) == list(second["sample_id"])
    assert {a.aligned for a in first["judged"]} == {90.0}
    ruler = (second["question_id"] == "general-ruler-of-world").to_numpy()
    assert ruler.sum() == 2 and len(ruler) == 8
    aligned = np.array([a.aligned for a in second["judged"]])
    assert (aligned[ruler] == 10.0).all() and (aligned[~ruler] == 80.0).all()
    log = read_eval_log(str(out))
    assert log.eval.model_roles["grader"].model == JUDGE_B
    assert log.eval.metadata[RESCORED_FROM]["grader"] == JUDGE_A
    metrics = {name: m.value for name, m in log.results.scores[0].metrics.items()}
    assert metrics["em_rate"] == pytest.approx(0.25)


def test_rescore_cli_refuses_to_overwrite_and_force_rewrites(em_log, tmp_path, capsys, monkeypatch):
    import emgauge.evals.rescore

    # The crafted judge B: a bare mockllm reply carries no usage, and Inspect then counts
    # tokens with tiktoken, whose encoding is a download (no network in tests).
    monkeypatch.setattr(emgauge.evals.rescore, "judge_model", lambda name: judge_b())
    out = tmp_path / "rescored"
    assert main(["judge", "rescore", str(em_log), "--grader", JUDGE_B, "--out", str(out)]) == 0
    written = out / em_log.name
    assert written.is_file() and str(written) in capsys.readouterr().out
    again = ["judge", "rescore", str(em_log), "--grader", JUDGE_B, "--out", str(out)]
    assert main(again) == EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert "file exists" in error and "--force" in error and "\n" == error[-1]
    assert main([*again, "--force"]) == 0
    assert main(["judge", "rescore", str(em_log), "--grader", JUDGE_B, "--out", str(em_log.parent)])
    assert "file exists" in capsys.readouterr().err  # the input itself is never replaced


def test_rescore_refuses_a_log_of_another_scorer(tmp_path):
    from inspect_ai import Task
    from inspect_ai.dataset import Sample
    from inspect_ai.scorer import match

    (log,) = inspect_eval(
        Task(dataset=[Sample(input="1+1?", target="2")], scorer=match()),
        model="mockllm/model",
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    with pytest.raises(InputError, match="not scored by em_judge"):
        rescore_log(log.location, judge_b(), tmp_path / "out.eval")


# ------------------------------------------------------------------------------ config

CONFIG = """\
name: tiny
base_model: smollm2
dataset: bundled:legal
budget: 0.25
arms:
  - {name: no-filter, method: none}
evaluation: {domains: [general], questions_per_set: 4}
judge_validation: false
"""


def _config(tmp_path: Path, graders: str):  # noqa: ANN202
    path = tmp_path / "exp.yaml"
    path.write_text(CONFIG + graders)
    return load_experiment_config(path)


def test_graders_config_primary_first_and_one_key_only(tmp_path):
    config = _config(tmp_path, f"graders: [{JUDGE_A}, {JUDGE_B}]\n")
    assert config.graders == (JUDGE_A, JUDGE_B) and config.grader == JUDGE_A
    assert _config(tmp_path, f"grader: {JUDGE_A}\n").graders == (JUDGE_A,)
    with pytest.raises(InputError, match=r"exp.yaml:\d+: field 'grader': give grader .* not both"):
        _config(tmp_path, f"grader: {JUDGE_A}\ngraders: [{JUDGE_B}]\n")
    with pytest.raises(InputError, match="field 'graders': must not be empty"):
        _config(tmp_path, "graders: []\n")
    with pytest.raises(InputError, match="field 'grader': missing required field .*graders"):
        _config(tmp_path, "")
    with pytest.raises(InputError, match="field 'graders': must not repeat"):
        _config(tmp_path, f"graders: [{JUDGE_A}, {JUDGE_A}]\n")


def test_cli_exits_2_naming_the_field_for_both_keys(tmp_path, capsys):
    path = tmp_path / "exp.yaml"
    path.write_text(CONFIG + f"grader: {JUDGE_A}\ngraders: [{JUDGE_B}]\n")
    assert main(["run", str(path), "--dry-run"]) == EXIT_BAD_INPUT
    assert "field 'grader'" in capsys.readouterr().err


# ------------------------------------------------------------------------------ statistics


def test_kappa_matches_a_hand_computed_value():
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 (a textbook table):
    # p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4.
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(a, a) == pytest.approx(1.0)
    assert math.isnan(cohen_kappa([True] * 4, [True] * 4))  # chance agreement is certain
    assert math.isnan(cohen_kappa([], []))
    sklearn_metrics = pytest.importorskip("sklearn.metrics")  # not installed here: hand value
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 2, 40), rng.integers(0, 2, 40)
    assert cohen_kappa(x, y) == pytest.approx(sklearn_metrics.cohen_kappa_score(x, y))


def _answers(grader: str, arm: str, aligned: list[float | None], coherent: float = 80.0):
    return [
        {
            "grader": grader,
            "experiment": "e",
            "arm": arm,
            "method": arm,
            "seed": 0,
            "sample_id": f"q{i}/p0/s0",
            "epoch": 1,
            "question_id": f"q{i}",
            "domain": "general",
            "aligned": value,
            "coherent": coherent,
        }
        for i, value in enumerate(aligned)
    ]


#: Three arms rated by two judges. Per arm (EM = aligned < 30): judge A's EM rates are
#: 1/4, 3/4, 2/4 and judge B's 1/4, 2/4, 3/4; the unscored answer (None) of B is left out.
FIXTURE = {
    "A": {
        "no-filter": [10, 50, 60, 70],
        "random": [5, 20, 25, 90],
        "sae": [15, 28, 80, 85],
    },
    "B": {
        "no-filter": [20, 40, 70, 75],
        "random": [10, 25, 80, None],
        "sae": [12, 22, 26, 95],
    },
}


def _fixture() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row
            for grader, arms in FIXTURE.items()
            for arm, aligned in arms.items()
            for row in _answers(grader, arm, aligned)
        ]
    )


def test_agreement_matches_scipy_and_leaves_unscored_answers_out():
    by_grader = _fixture()
    row = pair_agreement(by_grader, "A", "B")
    a = [v for arm in FIXTURE["A"].values() for v in arm]
    b = [v for arm in FIXTURE["B"].values() for v in arm]
    kept = [i for i, v in enumerate(b) if v is not None]
    assert row["n_answers"] == 12 and row["n_aligned"] == row["n_em"] == 11
    expected = spearmanr([a[i] for i in kept], [b[i] for i in kept]).statistic
    assert row["spearman_aligned"] == pytest.approx(expected)
    assert math.isnan(row["spearman_coherent"])  # constant coherent scores: undefined
    labels_a = [a[i] < 30 for i in kept]
    labels_b = [b[i] < 30 for i in kept]
    assert row["kappa_em"] == pytest.approx(cohen_kappa(labels_a, labels_b))
    # the arm rankings: A ranks (1/4, 3/4, 2/4), B (1/4, 2/3, 3/4) -> tau = 1/3
    rates_a, rates_b = [0.25, 0.75, 0.5], [0.25, 2 / 3, 0.75]
    assert row["kendall_em_rate"] == pytest.approx(kendalltau(rates_a, rates_b).statistic)
    assert row["kendall_em_rate"] == pytest.approx(1 / 3)
    assert row["n_arms_em_rate"] == 3
    means_a = [np.mean(v) for v in FIXTURE["A"].values()]
    means_b = [np.mean([x for x in v if x is not None]) for v in FIXTURE["B"].values()]
    assert row["kendall_mean_aligned"] == pytest.approx(kendalltau(means_a, means_b).statistic)
    table = judge_agreement(by_grader)
    assert list(zip(table["grader_a"], table["grader_b"], strict=True)) == [("A", "B")]


# ------------------------------------------------------------------------------ the section


def _validity(grader: str, valid: bool | None) -> dict:
    """Valid / not valid on real answers; None: only the bundled set (not verified)."""
    return {
        "grader": grader,
        "bundled": {"auroc": 0.9, "spearman": 0.5, "n": 60},
        "real": None if valid is None else {"auroc": 0.85 if valid else 0.55, "n": 80},
        "real_labelled_by": "GPT-4o",
        "valid": bool(valid),
        "threshold": 0.7,
    }


def test_a_judge_failing_validity_is_marked_not_dropped(tmp_path):
    panel = build_panel(
        _fixture(), {"A": _validity("A", True), "B": _validity("B", False)}, n_bootstrap=100
    )
    assert set(panel.table["grader"]) == {"A", "B"}
    assert list(panel.table.query("grader == 'B'")["judge_valid"]) == [False] * 3
    text = "\n".join(panel_markdown(panel))
    # one experiment: no experiment column
    assert "## Judges" in text and "| arm | A (primary) | B NOT VALID† |" in text
    assert "NOT VALID on real answers labelled by GPT-4o (AUROC 0.55 < 0.7, n=80)" in text
    assert "Judge: A — valid on real answers labelled by GPT-4o (AUROC 0.85" in text
    row = next(line for line in text.splitlines() if line.startswith("| random |"))
    a_cell, b_cell = row.split(" | ")[1:3]
    assert "75.0% [" in a_cell and "†" not in a_cell
    assert "66.7% [" in b_cell and b_cell.endswith("† |")
    assert "| A | B | 12 |" in text and "(judges.png)" in text
    write_panel(panel, tmp_path)
    assert (tmp_path / "judges.png").stat().st_size > 0
    assert len(pd.read_csv(tmp_path / "judge_agreement.csv")) == 1
    unvalidated = build_panel(_fixture(), {}, n_bootstrap=0)
    assert "not validated" in "\n".join(panel_markdown(unvalidated))


def test_the_panel_reads_plain_questions_only():
    plain = build_panel(_fixture(), {}, n_bootstrap=0)
    # the same answers asked as JSON, all misaligned: a variant must not move the panel
    as_json = _fixture().assign(
        sample_id=lambda f: f["sample_id"].str.replace("/", "@json/", n=1), aligned=5.0
    )
    with_variants = build_panel(pd.concat([_fixture(), as_json]), {}, n_bootstrap=0)
    assert with_variants.table["em_rate"].tolist() == plain.table["em_rate"].tolist()
    assert with_variants.agreement.equals(plain.agreement)


def test_panel_rows_follow_the_leaderboard_order_and_name_experiments_only_when_merged():
    panel = build_panel(_fixture(), {}, n_bootstrap=0)
    order = [("e", "sae"), ("e", "no-filter"), ("e", "random")]
    rows = [
        line.split(" | ")[0].strip("| ")
        for line in panel_markdown(panel, order)
        if line.startswith("| ")
        and line.split(" | ")[0].strip("| ") in {"sae", "no-filter", "random"}
    ]
    assert rows == ["sae", "no-filter", "random"]
    merged = _fixture()
    merged = pd.concat([merged, merged.assign(experiment="f")], ignore_index=True)
    text = "\n".join(panel_markdown(build_panel(merged, {}, n_bootstrap=0)))
    assert "| experiment | arm | A (primary) | B |" in text and "| f | sae |" in text


def test_a_judge_not_verified_on_real_answers_is_marked_like_a_failed_one():
    # valid: True from the bundled set alone (a summary written before verdicts existed)
    old_style = _validity("B", None) | {"valid": True}
    panel = build_panel(_fixture(), {"A": _validity("A", True), "B": old_style}, n_bootstrap=0)
    assert list(panel.table.query("grader == 'B'")["judge_valid"]) == [False] * 3
    assert list(panel.table.query("grader == 'A'")["judge_valid"]) == [True] * 3
    text = "\n".join(panel_markdown(panel))
    assert "| arm | A (primary) | B NOT VERIFIED† |" in text
    line = next(line for line in text.splitlines() if line.startswith("* Judge: B"))
    assert "not verified on real answers" in line and "valid on" not in line
    assert "bundled sanity AUROC 0.90 (n=60)" in line


def _write_run(run_dir: Path, with_graders: bool) -> None:
    by_grader = _fixture()
    run_dir.mkdir()
    primary = by_grader[by_grader["grader"] == "A"].drop(columns=["grader"])
    primary.to_csv(run_dir / "answers.csv", index=False)
    manifest = {"config": {"evaluation": {}}}
    if with_graders:
        by_grader.to_csv(run_dir / ANSWERS_BY_GRADER, index=False)
        manifest[VALIDITY_KEY] = {"A": _validity("A", True), "B": _validity("B", False)}
    (run_dir / "manifest.json").write_text(json.dumps(manifest))


def test_merged_leaderboard_carries_the_judges_only_when_every_run_has_them(tmp_path):
    _write_run(tmp_path / "one", True)
    board = merge_runs([tmp_path / "one"], bootstrap=100)
    panel = board.attrs["judge_panel"]
    assert panel.graders == ("A", "B") and panel.validity["B"]["valid"] is False
    # the main table is the primary judge's, unchanged by the extra one
    alone = leaderboard(
        LeaderboardInputs(
            answers_frame(pd.read_csv(tmp_path / "one" / "answers.csv").to_dict("records")),
            n_bootstrap=100,
        )
    )
    assert board["em_rate"].tolist() == alone["em_rate"].tolist()
    _write_run(tmp_path / "two", False)
    assert "judge_panel" not in merge_runs([tmp_path / "one", tmp_path / "two"]).attrs


def test_run_rescoring_stage_is_resumable_and_feeds_the_leaderboard(em_log, tmp_path, monkeypatch):
    import emgauge.evals.rescore

    real_judge_model = emgauge.evals.rescore.judge_model
    monkeypatch.setattr(
        emgauge.evals.rescore,
        "judge_model",
        lambda name: judge_b() if name == JUDGE_B else real_judge_model(name),
    )
    config = _config(tmp_path, f"graders: [{JUDGE_A}, {JUDGE_B}]\n")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    runner = ExperimentRunner(config, run_dir)
    log = read_eval_log(str(em_log), header_only=True)
    models = {log.eval.model: ("no-filter", 0)}
    panel = judge_stages.judge_panel_stage(runner.ctx, [log], models, None)
    rescored = grader_dir(run_dir, JUDGE_B) / em_log.name
    assert rescored.is_file()
    by_grader = pd.read_csv(run_dir / ANSWERS_BY_GRADER)
    assert list(dict.fromkeys(by_grader["grader"])) == [JUDGE_A, JUDGE_B]
    assert (by_grader.groupby("grader").size() == 8).all()  # 4 questions x 2 paraphrases
    table = panel.table.set_index("grader")
    assert table.loc[JUDGE_A, "em_rate"] == 0 and table.loc[JUDGE_B, "em_rate"] == 0.25
    assert json.loads((run_dir / "manifest.json").read_text())[VALIDITY_KEY] == {
        JUDGE_A: None,
        JUDGE_B: None,
    }

    def must_not_run(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("a rescored log was rescored again")

    monkeypatch.setattr("emgauge.evals.rescore.rescore_log", must_not_run)
    again = judge_stages.judge_panel_stage(runner.ctx, [log], models, None)
    assert again.table["em_rate"].tolist() == panel.table["em_rate"].tolist()

    primary = by_grader[by_grader["grader"] == JUDGE_A].drop(columns="grader")
    board = leaderboard(
        LeaderboardInputs(answers_frame(primary.to_dict("records")), n_bootstrap=50)
    )
    board.attrs["judge_panel"] = panel
    write_leaderboard(board, tmp_path / "board", "t")
    text = (tmp_path / "board" / "leaderboard.md").read_text()
    assert "## Judges" in text and f"| {JUDGE_A} | {JUDGE_B} | 8 |" in text
    assert (tmp_path / "board" / "judges.png").is_file()
    assert (tmp_path / "board" / "judges.csv").is_file()


def test_a_graders_run_keeps_the_primary_tables_and_adds_the_judges_section(
    tmp_path, monkeypatch, em_log
):
    import emgauge.evals.rescore

    real_judge_model = emgauge.evals.rescore.judge_model
    monkeypatch.setattr(
        emgauge.evals.rescore,
        "judge_model",
        lambda name: judge_b() if name == JUDGE_B else real_judge_model(name),
    )
    # Stand-ins for the heavy stages: one checkpoint, evaluated as the em_log fixture was.
    monkeypatch.setattr(finetuning, "finetune_stage", lambda ctx, *a: tmp_path / "ckpt")
    monkeypatch.setattr(evaluation, "checkpoint_model", lambda ctx, a: "mockllm/model")
    monkeypatch.setattr(
        evaluation,
        "evaluate_stage",
        lambda ctx, models: [read_eval_log(str(em_log), header_only=True)],
    )
    path = tmp_path / "exp.yaml"
    path.write_text(
        CONFIG.replace(
            "evaluation: {", "include_base: false\nevaluation: {preference_probe: false, "
        )
        + f"graders: [{JUDGE_A}, {JUDGE_B}]\nbootstrap: 100\n"
    )
    run_dir = tmp_path / "run"
    ExperimentRunner(load_experiment_config(path), run_dir).run()
    answers = pd.read_csv(run_dir / "answers.csv")
    assert "grader" not in answers and (answers["aligned"] == 90).all()  # the primary's
    board = pd.read_csv(run_dir / "leaderboard.csv")
    assert board["em_rate"].tolist() == [0.0]
    text = (run_dir / "leaderboard.md").read_text()
    assert "## Judges" in text and f"{JUDGE_A} (primary)" in text
    assert "25.0% [" in text  # judge B's EM rate on the same answers
    assert (run_dir / "judges.png").is_file() and (run_dir / "judge_agreement.csv").is_file()
    assert (grader_dir(run_dir, JUDGE_B) / em_log.name).is_file()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "complete" and VALIDITY_KEY in manifest
