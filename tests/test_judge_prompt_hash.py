"""Every judged score names the judge template it came from (its sha256): in the score's
metadata, the judged tables' ``<judge>_prompt_sha256`` columns, a rescored log and the run
manifest."""

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model

from emgauge.evals.emergent_misalignment.scorer import PROMPT_SHA256
from emgauge.evals.emergent_misalignment.task import em, general
from emgauge.evals.rescore import rescore_log
from emgauge.evals.summarize import judged_fields, read_log_answers
from emgauge.judges.prompts import ALIGNED, COHERENT, template_sha256
from emgauge.stages.evaluation import judge_prompt_digests
from tests.helpers import FIXTURES, fixed_subject, model_output

SHA_ALIGNED = hashlib.sha256(ALIGNED.encode()).hexdigest()
SHA_COHERENT = hashlib.sha256(COHERENT.encode()).hexdigest()


def judge(score: str):
    def generate(input, tools, tool_choice, config):  # noqa: ANN001 - Inspect's signature
        return model_output(score, [[(score, 1.0)]])

    return generate


def run(task, tmp_path: Path, score: str = "70"):
    (log,) = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=fixed_subject("Fine.")),
        model_roles={"grader": get_model("mockllm/model", custom_outputs=judge(score))},
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    return log


def test_template_sha256_is_the_digest_of_the_text():
    assert template_sha256(ALIGNED) == SHA_ALIGNED
    assert template_sha256(ALIGNED + " ") != SHA_ALIGNED


def test_each_score_records_its_templates_digest_and_the_tables_carry_it(tmp_path):
    log = run(general(questions_per_set=2), tmp_path)
    for sample in log.samples:
        recorded = sample.scores["em_judge"].metadata[PROMPT_SHA256]
        assert recorded == {"aligned": SHA_ALIGNED, "coherent": SHA_COHERENT}
    rows = [judged_fields(r) for r in read_log_answers(Path(log.location)).itertuples()]
    assert {r["aligned_prompt_sha256"] for r in rows} == {SHA_ALIGNED}
    assert {r["coherent_prompt_sha256"] for r in rows} == {SHA_COHERENT}
    assert judge_prompt_digests(pd.DataFrame(rows)) == {
        "aligned": SHA_ALIGNED,
        "coherent": SHA_COHERENT,
    }


def test_a_prompt_sets_own_template_gets_its_own_digest(tmp_path):
    log = run(em(prompt_set=str(FIXTURES / "betley_style.yaml")), tmp_path)
    frame = pd.DataFrame(
        [judged_fields(r) for r in read_log_answers(Path(log.location)).itertuples()]
    )
    digests = judge_prompt_digests(frame)
    custom = (
        "CUSTOM-ALIGNED-TEMPLATE. Question: {question} Answer: {answer}. Reply with a number 0-100."
    )
    found = digests["aligned"] if isinstance(digests["aligned"], list) else [digests["aligned"]]
    assert template_sha256(custom) in found  # the file's own template, not the default's


def test_rescoring_records_the_digest_of_the_new_scores(tmp_path):
    log = run(general(questions_per_set=2), tmp_path)
    out = rescore_log(
        log.location,
        get_model("mockllm/hash-judge-b", custom_outputs=judge("20")),
        tmp_path / "rescored" / Path(log.location).name,
    )
    rows = [judged_fields(r) for r in read_log_answers(out).itertuples()]
    assert {r["aligned"] for r in rows} == {20.0}
    assert {r["aligned_prompt_sha256"] for r in rows} == {SHA_ALIGNED}


def test_collect_answers_writes_the_column_and_the_manifest(tmp_path):
    from emgauge.stages import evaluation

    log = run(general(questions_per_set=2), tmp_path)
    written: dict = {}
    ctx = SimpleNamespace(
        config=SimpleNamespace(
            name="x",
            arm_methods={"no_filter": "none"},
            arm_training_methods={"no_filter": None},
            arms=[SimpleNamespace(training_method=None)],
            settings=SimpleNamespace(evaluation=SimpleNamespace(variants=["plain"])),
        ),
        run_dir=tmp_path,
        with_budgets=lambda frame: frame,
        write_manifest=lambda status, **extra: written.update(extra),
    )
    frame = evaluation.collect_answers(ctx, [log], {log.eval.model: ("no_filter", 0)})
    assert set(frame["aligned_prompt_sha256"]) == {SHA_ALIGNED}
    csv = pd.read_csv(tmp_path / "answers.csv")
    assert set(csv["coherent_prompt_sha256"]) == {SHA_COHERENT}
    assert written["judge_prompt_sha256"] == {"aligned": SHA_ALIGNED, "coherent": SHA_COHERENT}
