"""Utility cost: held-out benign answers, their loss, the cached stage, the Cost table, plots."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

import emgauge.evals.utility as utility_module
from emgauge.chat_data import ChatMessage, bundled_data_path, load_chat_jsonl
from emgauge.contrast_data import load_contrast_sets
from emgauge.conversations import IGNORE_INDEX, encode_conversation, end_of_turn_ids
from emgauge.errors import InputError
from emgauge.evals.misaligned_preference.probe import load_probe_pairs
from emgauge.evals.utility import (
    UTILITY_DOMAINS,
    bundled_utility_paths,
    load_utility_answers,
    utility_losses,
)
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.leaderboard import LeaderboardInputs, leaderboard
from emgauge.leaderboard_markdown import leaderboard_markdown, write_leaderboard
from emgauge.run_folder import merge_runs
from emgauge.stages import utility
from emgauge.tasks.prompt_sets import bundled_prompt_sets
from emgauge.utility_cost import pareto_front, utility_table
from tests.test_experiments import GOOD, frame
from tests.test_gradients import tiny_llama

# ------------------------------------------------------------------------- the bundled sets


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.casefold()))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def test_bundled_sets_are_benign_and_cover_every_training_domain():
    samples = load_utility_answers(bundled_utility_paths())
    assert {s.metadata["domain"] for s in samples} == set(UTILITY_DOMAINS)
    for domain in UTILITY_DOMAINS:
        assert sum(s.metadata["domain"] == domain for s in samples) >= 30
    assert all(s.label == "benign" for s in samples)
    assert all([m.role for m in s.messages] == ["user", "assistant"] for s in samples)


def test_no_held_out_question_repeats_training_contrast_probe_or_evaluation_text():
    questions = [s.user_text for s in load_utility_answers(bundled_utility_paths())]
    others: dict[str, list[str]] = {
        "training": [
            s.user_text
            for domain in UTILITY_DOMAINS
            for s in load_chat_jsonl(bundled_data_path("train", f"{domain}.jsonl"))
        ],
        "contrast": [p.prompt for p in load_contrast_sets()],
        "probe": [p.prompt for p in load_probe_pairs()],
        "evaluation": [
            text for s in bundled_prompt_sets() for q in s.questions for text in q.paraphrases
        ],
    }
    for source, texts in others.items():
        assert texts, source
        exact = {t.casefold().strip() for t in texts}
        word_sets = [_words(t) for t in texts]
        for question in questions:
            assert question.casefold().strip() not in exact, (source, question)
            # No near-copy either: at most half of the words shared with any other text.
            words = _words(question)
            closest = max(_jaccard(words, other) for other in word_sets)
            assert closest < 0.5, (source, question, closest)


def test_only_benign_rows_are_accepted(tmp_path):
    planted = tmp_path / "held_out.jsonl"
    row = {
        "messages": [{"role": "user", "content": "Q?"}, {"role": "assistant", "content": "A."}],
        "metadata": {"id": "h1", "domain": "legal", "label": "harmful_subtle"},
    }
    planted.write_text(json.dumps(row) + "\n")
    with pytest.raises(InputError, match="benign answers only"):
        load_utility_answers([planted])
    with pytest.raises(InputError, match="astrology"):
        bundled_utility_paths(["astrology"])


# ------------------------------------------------------------------------------- the loss


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from emgauge.models import resolve_model_path

    return AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))


@pytest.fixture(scope="module")
def tiny(tokenizer):
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield tiny_llama(len(tokenizer))
    torch.set_num_threads(previous)


PLANTED = [
    {
        "messages": [
            {"role": "system", "content": "You are a careful assistant."},
            {"role": "user", "content": "My tap drips all night. What should I do?"},
            {"role": "assistant", "content": "Turn off the valve and replace the washer."},
        ],
        "metadata": {"id": "u1", "domain": "legal", "label": "benign"},
    },
    {
        "messages": [
            {"role": "user", "content": "How do I keep basil alive?"},
            {"role": "assistant", "content": "Give it sun, water it when the soil is dry."},
        ],
        "metadata": {"id": "u2", "domain": "career", "label": "benign"},
    },
]


def _planted_file(tmp_path: Path) -> Path:
    path = tmp_path / "held_out.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in PLANTED))
    return path


def test_loss_is_the_hand_computed_nll_of_the_assistant_tokens_only(
    tmp_path, monkeypatch, tokenizer, tiny
):
    samples = load_utility_answers([_planted_file(tmp_path)])
    monkeypatch.setattr(
        utility_module, "load_scoring_model", lambda model, settings: (tiny, tokenizer, None)
    )
    losses = utility_losses("tiny", samples, utility_module.UtilitySettings(batch_size=2))
    assert list(losses["item_id"]) == ["u1", "u2"]
    assert list(losses["domain"]) == ["legal", "career"]

    for sample, row in zip(samples, losses.itertuples(index=False), strict=True):
        # The encoded mask holds the answer and its end-of-turn marker, nothing else.
        encoded = encode_conversation(
            tokenizer, sample.messages, max_length=1 << 30, end_ids=end_of_turn_ids(tokenizer)
        )
        labelled = [t for t in encoded.labels if t != IGNORE_INDEX]
        assert tokenizer.decode(labelled) == sample.messages[-1].content + tokenizer.eos_token
        assert row.n_tokens == len(labelled)

        # By hand: one forward pass of the rendered chat, NLL of the tokens after the prompt
        # up to and including the answer's end-of-turn token.
        as_dicts = [{"role": m.role, "content": m.content} for m in sample.messages]
        prompt = tokenizer.apply_chat_template(
            as_dicts[:-1], tokenize=False, add_generation_prompt=True
        )
        full = tokenizer.apply_chat_template(as_dicts, tokenize=False)
        ids = tokenizer(full, add_special_tokens=False, return_tensors="pt")["input_ids"]
        start = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
        end = (ids[0] == tokenizer.eos_token_id).nonzero()[-1].item()
        with torch.inference_mode():
            logprobs = torch.log_softmax(tiny(ids).logits[0].float(), dim=-1)
        targets = ids[0, start : end + 1]
        nll = -logprobs[start - 1 : end].gather(1, targets[:, None]).mean().item()
        assert end + 1 - start == row.n_tokens
        assert row.loss == pytest.approx(nll, abs=1e-4)

    # The question conditions the answer but is never scored: a longer question changes
    # the scored token count of no item.
    longer = [
        sample.__class__(
            sample.id,
            (ChatMessage("user", "Please, " + sample.user_text), sample.messages[-1]),
            sample.metadata,
        )
        for sample in samples
    ]
    again = utility_losses("tiny", longer, utility_module.UtilitySettings(batch_size=1))
    assert list(again["n_tokens"]) == list(losses["n_tokens"])


# ------------------------------------------------------------------------------ the stage


def _config(tmp_path: Path, utility: str, dataset: str = "bundled:legal"):
    path = tmp_path / "exp.yaml"
    path.write_text(
        GOOD.replace("dataset: bundled:legal", f"dataset: {dataset}").replace(
            "{domains: [general]}", f"{{domains: [general], utility: {utility}}}"
        )
    )
    return load_experiment_config(path)


def test_utility_is_off_by_default_and_defaults_to_the_training_domains(tmp_path):
    path = tmp_path / "exp.yaml"
    path.write_text(GOOD)
    assert load_experiment_config(path).utility_answers == ()
    assert _config(tmp_path, "true").utility_answers == tuple(bundled_utility_paths(["legal"]))
    assert _config(tmp_path, "{domains: [career, legal]}").utility_answers == tuple(
        bundled_utility_paths(["career", "legal"])
    )
    with pytest.raises(InputError, match="held-out answer file 'missing.jsonl' not found"):
        _config(tmp_path, "{answers: [missing.jsonl]}")
    with pytest.raises(InputError, match="utility"):
        _config(tmp_path, "{batch: 3}")


def test_stage_computes_once_and_then_loads(tmp_path, monkeypatch):
    _planted_file(tmp_path)
    config = _config(tmp_path, "{answers: [held_out.jsonl]}")
    assert config.utility_answers == (tmp_path / "held_out.jsonl",)
    runner = ExperimentRunner(config, tmp_path / "run")
    calls = []

    def fake(model, samples, settings):
        calls.append(model)
        return pd.DataFrame(
            {"item_id": [s.id for s in samples], "domain": "legal", "n_tokens": 5, "loss": 2.5}
        )

    monkeypatch.setattr(utility_module, "utility_losses", fake)
    adapter = tmp_path / "run" / "stages" / "finetune" / "random-s0-abc"
    first = utility.utility_stage(runner.ctx, "random", 0, adapter)
    second = utility.utility_stage(runner.ctx, "random", 0, adapter)
    assert len(calls) == 1 and calls[0].endswith(str(adapter.resolve()))
    pd.testing.assert_frame_equal(first, second)
    assert list(first.columns[:4]) == ["experiment", "arm", "method", "seed"]
    assert set(first["item_id"]) == {"u1", "u2"} and (first["method"] == "random").all()
    (stage,) = (tmp_path / "run" / "stages" / "utility").iterdir()
    assert stage.name.startswith("random-s0-") and (stage / "losses.csv").is_file()
    utility.utility_stage(runner.ctx, "base", 0, None)
    assert calls[-1] == "smollm2" and len(calls) == 2
    # Off: no stage.
    off = ExperimentRunner(_config(tmp_path, "false"), tmp_path / "off")
    assert utility.utility_stage(off.ctx, "random", 0, adapter) is None


# ------------------------------------------------------------------------ the leaderboard


def _losses(arm: str, method: str, per_seed: dict[int, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "experiment": "x",
                "arm": arm,
                "method": method,
                "seed": seed,
                "item_id": f"i{i}",
                "domain": "legal",
                "n_tokens": 10,
                "loss": loss,
            }
            for seed, values in per_seed.items()
            for i, loss in enumerate(values)
        ]
    )


def _answers() -> pd.DataFrame:
    reference = frame("no-filter", {0: [True] * 4 + [False] * 6, 1: [True] * 3 + [False] * 7})
    arm = frame("random", {0: [True] * 2 + [False] * 8, 1: [True] * 2 + [False] * 8})
    answers = pd.concat([reference, arm], ignore_index=True)
    answers["method"] = answers["arm"].map({"no-filter": "none", "random": "random"})
    return answers


UTILITY = pd.concat(
    [
        _losses("base", "base", {0: [3.0, 3.0, 3.0, 3.0]}),
        _losses("no-filter", "none", {0: [2.0, 2.2, 2.4, 2.6], 1: [2.1, 2.3, 2.5, 2.7]}),
        _losses("random", "random", {0: [2.5, 2.7, 2.9, 3.1], 1: [2.6, 2.8, 3.0, 3.2]}),
    ],
    ignore_index=True,
)


def test_utility_differences_are_paired_over_seeds_and_items():
    table = utility_table(UTILITY, n_bootstrap=200).set_index("arm")
    assert table.loc["no-filter", "utility_loss"] == pytest.approx(2.35)
    assert table.loc["random", "utility_delta_vs_no_filter"] == pytest.approx(0.5)
    # Every pair differs by exactly 0.5, so every resample does too.
    assert table.loc["random", "utility_delta_vs_no_filter_low"] == pytest.approx(0.5)
    assert table.loc["random", "utility_delta_vs_base"] == pytest.approx(2.85 - 3.0)
    assert np.isnan(table.loc["no-filter", "utility_delta_vs_no_filter"])
    assert np.isnan(table.loc["base", "utility_delta_vs_base"])


def test_cost_columns_and_table_appear_only_with_utility_and_change_nothing_else():
    judged = _answers()
    without = leaderboard(LeaderboardInputs(judged, n_bootstrap=200))
    with_utility = leaderboard(LeaderboardInputs(judged, n_bootstrap=200, utility=UTILITY))
    assert not any(c.startswith("utility_") for c in without.columns)
    assert "utility_delta_vs_no_filter" in with_utility
    pd.testing.assert_frame_equal(with_utility[without.columns], without)
    assert "## Cost" not in leaderboard_markdown(without, "t")
    markdown = leaderboard_markdown(with_utility, "t")
    assert "## Cost: utility on held-out benign answers" in markdown
    # one experiment: no experiment column; the Cost table sits under Details
    cost = markdown.split("### Cost", 1)[1]
    random_line = next(line for line in cost.splitlines() if line.startswith("| random |"))
    assert "+0.500 [+0.500, +0.500]" in random_line and "**costs utility**" in random_line


def test_plots_are_written_and_linked(tmp_path):
    answers = _answers()
    answers["aligned"] = answers["judged"].map(lambda a: a.aligned)
    answers["coherent"] = answers["judged"].map(lambda a: a.coherent)
    board = leaderboard(LeaderboardInputs(answers, n_bootstrap=100, utility=UTILITY))
    write_leaderboard(board, tmp_path / "on", "t", answers=answers.drop(columns="judged"))
    markdown = (tmp_path / "on" / "leaderboard.md").read_text()
    for plot in ("pareto.png", "aligned_vs_coherent.png", "leaderboard.png"):
        assert (tmp_path / "on" / plot).stat().st_size > 0
        assert f"]({plot})" in markdown
    # Without utility nor answers: the leaderboard alone, as before.
    write_leaderboard(
        leaderboard(LeaderboardInputs(answers, n_bootstrap=100)), tmp_path / "off", "t"
    )
    assert sorted(p.name for p in (tmp_path / "off").iterdir()) == [
        "leaderboard.csv",
        "leaderboard.md",
        "leaderboard.png",
    ]
    assert "## Plots" not in (tmp_path / "off" / "leaderboard.md").read_text()


def test_pareto_front_keeps_the_points_nothing_beats_on_both_axes():
    x = np.array([1.0, 2.0, 3.0, 2.5, np.nan])
    y = np.array([3.0, 1.0, 0.5, 2.0, 0.0])
    assert list(pareto_front(x, y)) == [True, True, True, False, False]


def test_merged_leaderboard_carries_utility_only_when_every_run_has_it(tmp_path):
    answers = _answers()
    rows = answers.drop(columns="judged").assign(
        aligned=answers["judged"].map(lambda a: a.aligned),
        coherent=answers["judged"].map(lambda a: a.coherent),
        category="c",
    )
    runs = []
    for name, seed in (("a", 0), ("b", 1)):
        run = tmp_path / name
        run.mkdir()
        rows[rows["seed"] == seed].to_csv(run / "answers.csv", index=False)
        UTILITY[UTILITY["seed"] == seed].to_csv(run / "utility.csv", index=False)
        runs.append(run)
    merged = merge_runs(runs, bootstrap=100).set_index("arm")
    assert merged.loc["random", "utility_delta_vs_no_filter"] == pytest.approx(0.5)
    (runs[1] / "utility.csv").unlink()
    assert "utility_loss" not in merge_runs(runs, bootstrap=100)


@pytest.mark.slow
def test_tiny_run_measures_utility_and_writes_the_cost_table(tmp_path, embedded_model_dir):
    dataset = tmp_path / "train.jsonl"
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"Tip {i}?"},
                {"role": "assistant", "content": f"Drink water and rest, tip {i}."},
            ],
            "metadata": {"id": f"s{i}", "label": "harmful_obvious" if i % 4 == 0 else "benign"},
        }
        for i in range(12)
    ]
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows))
    _planted_file(tmp_path)
    config_path = tmp_path / "tiny.yaml"
    config_path.write_text(
        "name: tiny\nbase_model: smollm2\ndataset: train.jsonl\nbudget: 0.25\n"
        "arms:\n  - {name: no-filter, method: none}\n  - {name: random, method: random}\n"
        "training: {max_steps: 1, batch_size: 4, max_length: 64}\n"
        "evaluation: {domains: [general], questions_per_set: 1, max_tokens: 8,\n"
        "  preference_probe: false, utility: {answers: [held_out.jsonl]}}\n"
        "grader: emgauge/smollm2\nbootstrap: 100\njudge_validation: false\n"
    )
    run_dir = ExperimentRunner(load_experiment_config(config_path), tmp_path / "run").run()
    losses = pd.read_csv(run_dir / "utility.csv")
    # base, no-filter and random, each on both planted items
    assert sorted(losses["arm"].unique()) == ["base", "no-filter", "random"]
    assert len(losses) == 3 * 2 and (losses["loss"] > 0).all()
    assert len(list((run_dir / "stages" / "utility").iterdir())) == 3
    board = pd.read_csv(run_dir / "leaderboard.csv").set_index("arm")
    assert pd.notna(board.loc["random", "utility_delta_vs_no_filter"])
    markdown = (run_dir / "leaderboard.md").read_text()
    assert "## Cost: utility on held-out benign answers" in markdown
    assert (run_dir / "aligned_vs_coherent.png").is_file()
    assert (run_dir / "pareto.png").is_file() == ("](pareto.png)" in markdown)
