"""Judges through Inspect: crafted mockllm outputs, greedy config, few-shot turns, cache."""

from pathlib import Path

import pytest
from inspect_ai.model import Logprob, Logprobs, ModelOutput, TopLogprob, get_model

from emgauge.judges import judge_generate_config, judge_many, parse_judge_output
from emgauge.judges.judge import judge_messages, wants_few_shot
from emgauge.judges.logprob_score import NO_LOGPROBS
from tests.helpers import model_output


def test_parse_uses_logprobs_when_present_and_text_otherwise():
    with_logprobs = model_output("8", [[("8", 0.6), ("9", 0.4)], [("5", 1.0)], [("<e>", 1.0)]])
    score = parse_judge_output(with_logprobs)
    assert score.method == "logprobs" and score.value == 0.6 * 85 + 0.4 * 95
    fallback = parse_judge_output(model_output("Score: 72"))
    assert (fallback.value, fallback.method) == (72.0, "text")


def test_judge_config_is_greedy_with_top_20_logprobs():
    config = judge_generate_config(get_model("mockllm/model"))
    assert (config.temperature, config.logprobs, config.top_logprobs) == (0.0, True, 20)


def test_few_shot_adds_worked_example_turns_before_the_question():
    plain = judge_messages("aligned", "Q?", "A.", None, few_shot=False)
    shots = judge_messages("aligned", "Q?", "A.", None, few_shot=True)
    assert len(plain) == 1 and "Q?" in plain[0].text and "A." in plain[0].text
    assert len(shots) == 7
    assert [m.role for m in shots[:2]] == ["user", "assistant"]
    assert shots[1].text.isdigit()
    assert not wants_few_shot(get_model("mockllm/model"))


def test_custom_template_is_used():
    (message,) = judge_messages("aligned", "Q?", "A {x}.", "Rate {answer} for {question}", False)
    assert message.text == "Rate A {x}. for Q?"


def test_judge_calls_are_cached_so_rescoring_costs_nothing():
    calls: list[str] = []

    def judge(input, tools, tool_choice, config):
        calls.append(input[-1].text)
        return model_output("90", [[("90", 0.9), ("x", 0.1)]])

    model = get_model("mockllm/model", custom_outputs=judge)
    items = [("How are you?", "Fine, thanks."), ("Any tips?", "Sleep well.")]
    first = judge_many(model, "coherent", items)
    second = judge_many(model, "coherent", items)
    assert [s.value for s in first] == [s.value for s in second] == [90.0, 90.0]
    assert len(calls) == 2


# ------------------------------------------- judges without (real) logprobs: flagged


def raw_output(text: str, positions: list[list[tuple[str, float]]]) -> ModelOutput:
    """A judge reply with logprob values as given (placeholders are not probabilities)."""
    output = model_output(text)
    output.choices[0].logprobs = Logprobs(
        content=[
            Logprob(
                token=top[0][0],
                logprob=top[0][1],
                top_logprobs=[TopLogprob(token=t, logprob=v) for t, v in top],
            )
            for top in positions
        ]
    )
    return output


PLACEHOLDER_REPLIES = {
    "zeros": raw_output("85", [[("8", 0.0), ("7", 0.0)], [("5", 0.0), ("0", 0.0)]]),
    "floor": raw_output("85", [[("8", -9999.0), ("7", -9999.0)], [("5", -9999.0)]]),
    "tied": raw_output(
        "85", [[("8", -3.0), ("7", -3.0), ("6", -3.0)], [("5", -1.0), ("0", -1.0), ("1", -1.0)]]
    ),
}


@pytest.mark.parametrize("kind", sorted(PLACEHOLDER_REPLIES))
def test_placeholder_logprobs_fall_back_to_the_text_and_say_so(kind):
    score = parse_judge_output(PLACEHOLDER_REPLIES[kind])
    # read as probabilities, zeros would give mass 2 and a wrong mean: the text decides
    assert (score.value, score.status, score.method) == (85.0, "scored", "text")
    assert "placeholder logprobs" in score.fallback
    assert score.as_dict()["fallback"] == score.fallback


def test_missing_logprobs_fall_back_with_their_reason_and_real_ones_do_not():
    missing = parse_judge_output(model_output("I'd say 30."))
    assert (missing.value, missing.method, missing.fallback) == (30.0, "text", NO_LOGPROBS)
    real = parse_judge_output(model_output("3", [[("3", 0.5), ("4", 0.5)], [("<e>", 1.0)]]))
    assert (real.value, real.method, real.fallback) == (3.5, "logprobs", None)
    unscorable = parse_judge_output(raw_output("no idea", [[("no", 0.0)], [(" idea", 0.0)]]))
    assert (unscorable.status, unscorable.method) == ("unscorable", "text")


def test_the_flag_reaches_the_score_and_the_judged_columns():
    from inspect_ai import eval as inspect_eval

    from emgauge.evals.emergent_misalignment.task import general
    from emgauge.evals.summarize import judged_fields, read_log_answers
    from tests.helpers import fixed_subject

    def run(judge, name="mockllm/model"):
        (log,) = inspect_eval(
            general(questions_per_set=1),
            model=get_model("mockllm/model", custom_outputs=fixed_subject("Be kind.")),
            model_roles={"grader": get_model(name, custom_outputs=judge)},
            display="none",
        )
        assert log.status == "success", log.error
        return log

    flagged = run(lambda *_: raw_output("90", [[("9", 0.0), ("8", 0.0)], [("0", 0.0)]]))
    score = flagged.samples[0].scores["em_judge"]
    assert score.value == {"aligned": 90.0, "coherent": 90.0}
    assert score.metadata["scored_from"] == "text"
    assert "placeholder logprobs" in score.metadata["text_reason"]
    assert "(scored from text: the provider returned placeholder logprobs" in score.explanation
    assert score.metadata["judges"]["aligned"]["method"] == "text"
    rows = [judged_fields(r) for r in read_log_answers(Path(flagged.location)).itertuples()]
    assert rows and all(row["scored_from"] == "text" for row in rows)
    # a judge with real logprobs: no flag anywhere, the records as they always were
    # another name: the judge cache must not replay the flagged replies
    plain = run(lambda *_: model_output("90", [[("90", 0.9), ("x", 0.1)]]), "mockllm/real")
    score = plain.samples[0].scores["em_judge"]
    assert "scored_from" not in score.metadata and "text" not in score.explanation
    assert "fallback" not in score.metadata["judges"]["aligned"]
    rows = [judged_fields(r) for r in read_log_answers(Path(plain.location)).itertuples()]
    assert rows and all("scored_from" not in row for row in rows)


def test_the_validity_line_says_when_scores_were_read_from_text():
    from emgauge.judges.real_data import bundled_validation_set
    from emgauge.judges.validate import validate_on_labelled, validity_line

    judge = get_model("mockllm/model", custom_outputs=lambda *_: model_output("70"))
    validity, _ = validate_on_labelled(judge, bundled_validation_set(), "bundled", limit=4)
    assert validity.n_from_text == validity.n and validity.text_reason == NO_LOGPROBS
    summary = {
        "grader": "openai/x",
        "bundled": {"auroc": 0.5, "spearman": None, "n": 4},
        "real": None,
        "valid": False,
        "scored_from_text": {"n": 4, "reason": NO_LOGPROBS},
    }
    assert validity_line(summary).endswith(
        "; scored from text (4 answers): the provider returned no logprobs"
    )
    del summary["scored_from_text"]
    assert "text" not in validity_line(summary)
