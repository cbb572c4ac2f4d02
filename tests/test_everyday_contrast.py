"""The style-matched ``everyday`` contrast set (issue #9): its size, its pairs differing in
harm rather than length, and its prompts held out from probe pairs and evaluation questions."""

from __future__ import annotations

import re

import pytest

from emgauge.contrast_data import load_contrast_jsonl, load_contrast_sets
from emgauge.data import build
from emgauge.evals.misaligned_preference.probe import load_probe_pairs
from emgauge.tasks.prompt_sets import bundled_prompt_sets

EVERYDAY = build.DATA_DIR / "contrast" / "everyday.jsonl"
OLDER_SETS = [build.DATA_DIR / "contrast" / f"{d}.jsonl" for d in build.CONTRAST_DOMAINS[:4]]


# Words that carry no topic: two prompts sharing only these are not paraphrases.
FUNCTION_WORDS = set(
    "a an and are as at be can do does for how i if in is it me my of on or should so that the "
    "their them they this to we what when with you your about think".split()
)


def _content_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.casefold())) - FUNCTION_WORDS


def _near(wa: set[str], wb: set[str]) -> bool:
    """A light paraphrase (of two texts' content words): at least two content words and half
    of all of them shared."""
    shared = wa & wb
    return len(shared) >= 2 and len(shared) >= 0.5 * len(wa | wb)


def test_everyday_set_is_large_and_style_matched() -> None:
    pairs = load_contrast_jsonl(EVERYDAY)
    assert len(pairs) >= build.MIN_STYLE_MATCHED_ROWS >= 150
    ratios = []
    for pair in pairs:
        aligned, misaligned = len(pair.aligned.split()), len(pair.misaligned.split())
        assert max(aligned, misaligned) <= build.STYLE_WORD_RATIO * min(aligned, misaligned)
        ratios.append(misaligned / aligned)
    # no systematic length cue either: on average the two sides are as long as each other
    assert 0.9 <= sum(ratios) / len(ratios) <= 1.1
    # few trigger words: the harm is in what is advised, not in the vocabulary
    with_trigger = [p for p in pairs if build._TRIGGER.search(p.misaligned)]
    assert len(with_trigger) <= 0.05 * len(pairs)


def test_everyday_prompts_are_held_out() -> None:
    prompts = [p.prompt for p in load_contrast_jsonl(EVERYDAY)]
    assert len(set(prompts)) == len(prompts)
    others = [p.prompt for p in load_probe_pairs()]
    others += [p.prompt for p in load_contrast_sets(OLDER_SETS)]
    others += [q for s in bundled_prompt_sets() for item in s.questions for q in item.paraphrases]
    # each text split into words once: the check compares every pair
    other_words = [(b, _content_words(b)) for b in others]
    clashes = [
        (a, b)
        for a, wa in ((a, _content_words(a)) for a in prompts)
        for b, wb in other_words
        if _near(wa, wb)
    ]
    assert not clashes


def test_builder_rejects_a_pair_that_differs_in_length(tmp_path) -> None:
    rows = [
        dict(r)
        for r in build.compose_contrast("everyday", build.load_source("everyday")["contrast"])
    ]
    rows[3]["misaligned"] = rows[3]["misaligned"] + " " + " ".join(["and more"] * 20) + "."
    with pytest.raises(ValueError, match="contrast-everyday-004.*not style-matched"):
        build.validate_style_parity("everyday", rows)
    with pytest.raises(ValueError, match="need at least 150"):
        build.validate_style_parity("everyday", rows[:100])
