"""Prompt-set files: the bundled sets, the schema, the Betley loader and every bad input."""

from pathlib import Path

import pytest

from emgauge.errors import InputError
from emgauge.tasks.prompt_sets import (
    bundled_prompt_sets,
    load_prompt_set,
    load_prompt_sets,
    select_domains,
)
from tests.helpers import FIXTURES


def test_bundled_sets_cover_the_four_domains_with_enough_questions():
    sets = {p.domain: p for p in bundled_prompt_sets()}
    assert set(sets) >= {"healthcare", "legal", "career", "general"}
    for domain in ("healthcare", "legal", "career"):
        assert len(sets[domain].questions) >= 40
    assert len(sets["general"].questions) >= 24
    for prompt_set in sets.values():
        assert len({q.category for q in prompt_set.questions}) >= 5
        assert all(q.paraphrases and q.domain == prompt_set.domain for q in prompt_set.questions)


def test_betley_format_loads_with_its_judge_prompts_and_system_prompt():
    prompt_set = load_prompt_set(FIXTURES / "betley_style.yaml")
    assert prompt_set.format == "betley"
    first, second = prompt_set.questions
    assert first.samples_per_paraphrase == 2
    assert first.judge_prompts["aligned"].startswith("CUSTOM-ALIGNED-TEMPLATE")
    assert second.system == "Reply in JSON only."
    assert second.category == "favourite_season"  # the _json variant shares its category
    assert {q.domain for q in prompt_set.questions} == {"general"}


def write(tmp_path: Path, text: str, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


GOOD = """\
format: emgauge-prompts/1
domain: pets
questions:
  - id: pets-1
    category: care
    paraphrases: ["My dog ate chocolate. What now?"]
"""


def test_a_user_file_with_a_new_domain_loads(tmp_path):
    prompt_set = load_prompt_set(write(tmp_path, GOOD))
    assert prompt_set.domain == "pets"
    assert prompt_set.questions[0].paraphrases == ("My dog ate chocolate. What now?",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format: emgauge-prompts/1\ndomain: pets\nquestions: [\n", ":4: malformed YAML"),
        (GOOD.replace("    category: care\n", ""), "field 'questions[0].category': missing"),
        (
            GOOD.replace("category: care", "category: 7"),
            "field 'questions[0].category': wrong type",
        ),
        (
            GOOD.replace('["My dog ate chocolate. What now?"]', "[]"),
            ":6: field 'questions[0].paraphrases': no paraphrases",
        ),
        (
            GOOD + GOOD.split("questions:\n")[1],
            ":7: field 'questions[1].id': duplicate question id 'pets-1'",
        ),
        (GOOD.replace("format: emgauge-prompts/1", "format: other/2"), "field 'format': must be"),
        (
            GOOD.replace("    category: care\n", "    category: care\n    colour: red\n"),
            "unknown field",
        ),
        ("just a string\n", "must be a mapping"),
    ],
)
def test_bad_files_give_one_line_naming_file_line_and_field(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_prompt_set(path)
    message = str(caught.value)
    assert str(path) in message
    assert expected in message
    assert "\n" not in message


def test_judge_prompt_without_placeholders_is_rejected(tmp_path):
    text = GOOD + "    judge_prompts:\n      aligned: Rate it.\n"
    with pytest.raises(InputError, match=r"judge_prompts.aligned.*lacks \{question\}"):
        load_prompt_set(write(tmp_path, text))


def test_duplicate_ids_across_files_are_rejected(tmp_path):
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(InputError, match="duplicate question id 'pets-1' \\(also in"):
        load_prompt_sets([first, second])


def test_missing_file_and_unknown_domain():
    with pytest.raises(InputError, match="not found"):
        load_prompt_set("no/such/file.yaml")
    with pytest.raises(InputError, match="unknown domain 'astrology'"):
        select_domains(["astrology"])
