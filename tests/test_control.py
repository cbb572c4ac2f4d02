"""The benign-only control: as many benign rows as no filter trains on, topped up from the
bundled benign rows of the domain, seeded; benign-subset keeps the old control."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from emgauge.chat_data import ChatMessage, ChatSample, bundled_data_path, load_chat_jsonl
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.leaderboard import arm_role
from emgauge.leaderboard_markdown import control_line
from emgauge.stages import filtering
from emgauge.stages.control import (
    CONTROL_INFO,
    bundled_benign,
    control_domain,
    control_note,
    control_rows,
    control_sources,
)

REPO = Path(__file__).resolve().parents[1]


def _row(i: int, label: str, prefix: str = "d") -> ChatSample:
    messages = (ChatMessage("user", f"{prefix} q{i}?"), ChatMessage("assistant", f"{prefix} a{i}."))
    return ChatSample(f"{prefix}{i}", messages, {"label": label})


def _training(n_benign: int, n_harmful: int) -> list[ChatSample]:
    return [_row(i, "benign") for i in range(n_benign)] + [
        _row(n_benign + i, "harmful_subtle") for i in range(n_harmful)
    ]


POOL = [_row(i, "benign", "pool") for i in range(30)]


def test_a_short_dataset_is_topped_up_to_no_filters_row_count() -> None:
    training = _training(3, 17)
    rows, sources = control_rows(training, 0, "healthcare", POOL)
    assert len(rows) == 20 and all(s.is_harmful is False for s in rows)
    assert [s.id for s in rows[:3]] == ["d0", "d1", "d2"]  # every own benign row
    assert {s.id for s in rows[3:]} <= {s.id for s in POOL} and len({s.id for s in rows}) == 20
    assert sources == {
        "n_rows": 20,
        "n_from_dataset": 3,
        "n_bundled": 17,
        "n_distinct": 20,
        "bundled_domain": "healthcare",
        "n_bundled_available": 30,
        "seed": 0,
    }
    assert (
        control_note(sources)
        == "control: 20 benign rows, 3 from the dataset, 17 bundled healthcare"
    )


def test_the_draw_is_seeded_per_experiment_seed() -> None:
    training = _training(3, 17)
    ids = [
        [s.id for s in control_rows(training, seed, "healthcare", POOL)[0]] for seed in (0, 0, 1)
    ]
    assert ids[0] == ids[1] and ids[0] != ids[2]


def test_a_short_pool_is_cycled_and_enough_own_rows_need_none() -> None:
    rows, sources = control_rows(_training(2, 60), 0, "legal", POOL)
    assert len(rows) == 62 and sources["n_distinct"] == 32
    assert [s.id for s in rows[:2]] == ["d0", "d1"] and len({s.id for s in rows[2:32]}) == 30
    assert sources["n_from_dataset"] + sources["n_bundled"] == 62
    assert control_note(sources).endswith("(32 distinct, cycled)")
    # nothing bundled left (the dataset is the whole bundled set): its own rows again
    rows, sources = control_rows(_training(3, 5), 1, "legal", [])
    assert len(rows) == 8 and {s.id for s in rows} == {"d0", "d1", "d2"}
    assert (
        control_note(sources) == "control: 8 benign rows, all from the dataset (3 distinct, cycled)"
    )
    all_benign = _training(12, 0)
    rows, sources = control_rows(all_benign, 5, None)
    assert sorted(s.id for s in rows) == sorted(s.id for s in all_benign)
    assert sources["n_bundled"] == 0 and sources["bundled_domain"] is None
    assert control_note(sources) == "control: 12 benign rows, all from the dataset"


def test_without_a_domain_a_short_dataset_is_refused() -> None:
    with pytest.raises(InputError, match="needs 20 benign rows .* has 3 labelled benign"):
        control_rows(_training(3, 17), 0, None)


def test_the_bundled_pool_is_benign_and_leaves_out_the_training_rows() -> None:
    bundled = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))
    used = [s for s in bundled if s.is_harmful is False][:5]
    copy = ChatSample("renamed", used[0].messages, {"label": "benign"})  # same content
    pool = bundled_benign("healthcare", [*used, copy])
    benign = [s for s in bundled if s.is_harmful is False]
    assert len(pool) == len(benign) - 5 and all(s.is_harmful is False for s in pool)
    assert not {s.id for s in used} & {s.id for s in pool}


# ------------------------------------------------------------------ in an experiment


def _config(tmp_path: Path, **changes: object) -> Path:
    raw = yaml.safe_load((REPO / "configs" / "default.yaml").read_text())
    raw["arms"] = [
        {"name": "no-filter", "method": "none"},
        {"name": "benign-only", "method": "benign-only"},
        {"name": "benign-subset", "method": "benign-subset"},
    ]
    raw.update(changes)
    path = tmp_path / "exp.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_the_default_mix_gets_110_rows_11_of_its_own(tmp_path: Path) -> None:
    config = load_experiment_config(_config(tmp_path))
    assert control_domain(config) == "healthcare"
    ctx = ExperimentRunner(config, tmp_path / "run").ctx
    ctx.run_dir.mkdir(parents=True)
    no_filter, control, subset = config.arms
    mix = load_chat_jsonl(ctx.dataset)
    kept, _ = filtering.filter_stage(ctx, control, 0)
    rows = load_chat_jsonl(kept)
    assert len(rows) == len(mix) == 110 and all(s.is_harmful is False for s in rows)
    mix_ids = {s.id for s in mix}
    assert sum(s.id in mix_ids for s in rows) == 11
    sources = control_sources(kept)
    assert json.loads((kept.parent / CONTROL_INFO).read_text())["sources"] == sources
    manifest = {"control_rows": {"0": sources, "1": sources}}
    assert control_line(manifest) == [
        "control: 110 benign rows, 11 from the dataset, 99 bundled healthcare (drawn per seed).",
        "",
    ]
    assert control_line({}) == []
    # cached for the seed, another draw for another seed
    assert filtering.filter_stage(ctx, control, 0)[0] == kept
    other = load_chat_jsonl(filtering.filter_stage(ctx, control, 1)[0])
    assert {s.id for s in other} != {s.id for s in rows}
    # benign-subset: the old control, the mix's own benign rows only
    subset_rows = load_chat_jsonl(filtering.filter_stage(ctx, subset, 0)[0])
    assert len(subset_rows) == 11 and {s.id for s in subset_rows} <= mix_ids
    assert arm_role("benign-only", "benign-only") == "control"
    assert arm_role("benign-subset", "benign-subset") == "mitigation"


def _user_dataset(tmp_path: Path, n_benign: int, n_harmful: int) -> str:
    path = tmp_path / "mine.jsonl"
    rows = [
        {"messages": s.as_dicts(), "metadata": {"id": s.id, **s.metadata}}
        for s in _training(n_benign, n_harmful)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_dry_run_refuses_a_short_user_dataset_without_a_domain(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from emgauge.cli import main

    dataset = _user_dataset(tmp_path, 4, 16)
    path = _config(tmp_path, dataset=dataset, dataset_mix=None)
    assert main(["run", str(path), "--dry-run"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert "config ok" not in out
    assert len(err.strip().splitlines()) == 1
    assert "needs 20 benign rows" in err and "control_domain" in err
    path = _config(tmp_path, dataset=dataset, dataset_mix=None, control_domain="legal")
    assert main(["run", str(path), "--dry-run"]) == 0
    assert "config ok" in capsys.readouterr().out
