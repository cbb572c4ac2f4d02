"""Judges through Inspect: crafted mockllm outputs, greedy config, few-shot turns, cache."""

from inspect_ai.model import get_model

from emgauge.judges import judge_generate_config, judge_many, parse_judge_output
from emgauge.judges.judge import judge_messages, wants_few_shot
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
