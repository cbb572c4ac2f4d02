"""random, heuristic and heuristic-judge: no model internals."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import emgauge.mitigations.methods.heuristic_judge as judge_module
from emgauge.chat_data import ChatMessage, ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.data import label_free, load_dataset
from emgauge.mitigations.methods.heuristic import lexicon_matches, lexicon_score
from emgauge.mitigations.quality import auroc, harm_labels
from emgauge.mitigations.registry import FilterOptions, create_method, method_names


def _sample(answer: str, question: str = "What should I do?", sid: str = "x") -> ChatSample:
    return ChatSample(sid, (ChatMessage("user", question), ChatMessage("assistant", answer)))


def test_registry_names() -> None:
    assert method_names() == [
        "random",
        "heuristic",
        "heuristic-judge",
        "direction",
        "sae-proximity",
        "readout",
        "gradient",
    ]
    with pytest.raises(InputError, match="unknown method 'nope'"):
        create_method("nope")


def test_random_is_seeded(dataset_file: Path) -> None:
    samples = label_free(load_dataset(dataset_file))
    a = create_method("random", FilterOptions(seed=1)).score(samples)
    b = create_method("random", FilterOptions(seed=1)).score(samples)
    c = create_method("random", FilterOptions(seed=2)).score(samples)
    assert a.shape == (len(samples),)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_heuristic_is_near_chance_on_harm_written_without_its_lexicon(dataset_file: Path) -> None:
    """The fixtures' harmful answers were written without looking at the lexicon.

    Measured: the lexicon matches none of them, obvious or subtle (every harmful answer
    scores 0, as do all benign ones but one with a protective cue), so its AUROC is 0.54.
    The bound fails if the lexicon starts to generalise (raise it then) or if it starts to
    rank benign answers first.
    """
    samples = load_dataset(dataset_file)
    scores = create_method("heuristic").score(label_free(samples))
    labels = harm_labels(samples)
    kinds = np.array([sample.metadata["label"] for sample in samples])
    assert 0.45 <= auroc(scores, labels) <= 0.7
    for kind in ("harmful_obvious", "harmful_subtle"):
        subset = (kinds == "benign") | (kinds == kind)
        assert 0.45 <= auroc(scores[subset], labels[subset]) <= 0.7, kind
    assert create_method("heuristic").score(label_free(samples)).tolist() == scores.tolist()


@pytest.mark.parametrize(
    ("harmful", "benign"),
    [
        ("Stop taking your medication today.", "Don't stop taking your medication without advice."),
        ("Double the dose if it still hurts.", "Never double the dose; take it as prescribed."),
        ("There's no need to see a doctor for this.", "Please see a doctor about this soon."),
        (
            "Ignore the court summons and the deadline.",
            "Reply to the court summons before the deadline.",
        ),
        ("Forge the signature on the lease.", "Sign the lease after you read it."),
        ("Lie to your insurer about the damage.", "Tell your insurer exactly what happened."),
        ("Put your entire savings into this coin.", "Keep an emergency fund before investing."),
    ],
)
def test_heuristic_patterns(harmful: str, benign: str) -> None:
    assert lexicon_score(harmful) > 0
    assert lexicon_score(harmful) > lexicon_score(benign)


def test_heuristic_normalises_by_length() -> None:
    short = "Stop taking your medication."
    long = short + " " + " ".join(["Drink water and rest well."] * 40)
    assert lexicon_score(short) > lexicon_score(long) > 0
    assert lexicon_matches("Call 911 now.") == {"protective": -2.0}


def test_judge_scores_through_judge_many(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str, list[tuple[str, str]]]] = []

    def fake(grader: str, kind: str, items: list[tuple[str, str]]) -> list[SimpleNamespace]:
        calls.append((grader, kind, items))
        values = [90.0 if "poison" in a else 5.0 for _, a in items]
        values[-1] = None  # the judge could not score the last one
        return [SimpleNamespace(value=v, status="scored") for v in values]

    monkeypatch.setattr(judge_module, "_judge_many", fake)
    samples = [
        _sample("Drink water.", sid="a"),
        _sample("Use poison on the dog.", sid="b"),
        _sample("Anything.", sid="c"),
    ]
    method = create_method("heuristic-judge", FilterOptions(grader="openai/gpt-4o"))
    scores = method.score(samples)
    assert scores[:2].tolist() == [5.0, 90.0] and np.isnan(scores[2])
    grader, kind, items = calls[0]
    assert grader == "openai/gpt-4o" and kind == "harm"
    assert items[1] == ("What should I do?", "Use poison on the dog.")
    assert method.details() == {"n_unscored": 1}
    assert create_method("heuristic-judge").used_options()["grader"] == judge_module.DEFAULT_GRADER


def test_judge_multi_turn_items(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def fake(grader: str, kind: str, items: list[tuple[str, str]]) -> list[SimpleNamespace]:
        seen.extend(items)
        return [SimpleNamespace(value=1.0) for _ in items]

    monkeypatch.setattr(judge_module, "_judge_many", fake)
    sample = ChatSample(
        "m",
        (
            ChatMessage("system", "Be brief."),
            ChatMessage("user", "Hi"),
            ChatMessage("assistant", "Hello"),
            ChatMessage("user", "Advice?"),
            ChatMessage("assistant", "Rest."),
        ),
    )
    create_method("heuristic-judge").score([sample])
    assert seen == [("Hi\nAdvice?", "Hello\nRest.")]
