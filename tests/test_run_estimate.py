"""`emgauge run --dry-run`'s time estimate: the work it counts and how it prices it."""

from __future__ import annotations

import functools
import json

import pytest

from emgauge.cli import main
from emgauge.experiment_settings import load_experiment_config
from emgauge.run_estimate import UnitCosts, estimate_lines, run_work, unit_costs

COSTS = UnitCosts(forward_token=0.001, train_token=0.004, decode_step=0.05, load=1.0)


@functools.cache  # a config's work is read-only here; counting it tokenizes the whole set
def _work(path: str) -> dict[str, object]:
    return {item.stage: item for item in run_work(load_experiment_config(path))}


def test_default_config_counts_every_stage() -> None:
    work = _work("configs/default.yaml")
    assert set(work) >= {"score", "finetune", "probe", "evaluate", "judge validation"}
    finetune = work["finetune"]
    # five arms of one seed; 16 steps of 4 rows each
    assert finetune.count == 5 and "16 steps x 4 rows" in finetune.note
    assert finetune.train_tokens > 0 and finetune.forward_tokens == 0
    # every fine-tune is probed and evaluated, and so is the base model
    assert work["probe"].count == work["evaluate"].count == 6
    # only the methods that run the model score with it
    assert work["score"].note == "sae-proximity, direction"


def test_more_seeds_cost_proportionally_more_fine_tunes() -> None:
    three = _work("configs/reference.yaml")
    assert three["finetune"].count == 3 * 8
    assert three["probe"].count == 3 * 8 + 1


def test_variants_per_seed_ingredients_and_selection_are_priced() -> None:
    work = _work("configs/reference.yaml")
    # every probe pair is read in four forms; 10 pairs of each of two sets
    assert work["probe"].note == "20 pairs x 4 variant(s)"
    plain = _work("configs/default.yaml")["probe"]
    assert work["probe"].forward_tokens > 3 * plain.forward_tokens * 20 / 128
    # sae-proximity scores with its own SAE per seed (3), direction once
    assert work["score"].count == 3 + 1
    # interleave-selected reads the aligned set under two models per seed
    assert work["select"].count == 3 and work["select"].loads == 2


def test_lines_price_each_stage_kind_and_sum_them() -> None:
    config = load_experiment_config("configs/default.yaml")
    lines = estimate_lines(config, COSTS)
    assert lines[0].startswith("time estimate on this machine")
    total = sum(item.seconds(COSTS) for item in run_work(config)) / 60
    assert lines[-1] == f"  total about {total:.0f} min from empty caches"
    assert any(line.lstrip().startswith("finetune") for line in lines)


def test_a_model_that_cannot_load_gives_no_estimate_not_an_error(monkeypatch) -> None:
    config = load_experiment_config("configs/default.yaml")

    def unloadable(*_args: object) -> UnitCosts:
        from emgauge.errors import InputError

        raise InputError("cannot load model 'x'", fix="pass a local folder")

    monkeypatch.setattr("emgauge.run_estimate.unit_costs", unloadable)
    assert estimate_lines(config)[0].startswith("no time estimate: cannot load model")


def test_dry_run_prints_the_estimate_and_no_estimate_skips_it(capsys, monkeypatch) -> None:
    monkeypatch.setattr("emgauge.run_estimate.unit_costs", lambda *_: COSTS)
    assert main(["run", "configs/default.yaml", "--dry-run"]) == 0
    assert "total about" in capsys.readouterr().out
    assert main(["run", "configs/default.yaml", "--dry-run", "--no-estimate"]) == 0
    assert "time estimate" not in capsys.readouterr().out


@pytest.mark.slow
def test_unit_costs_are_measured_once_and_cached(tmp_path) -> None:
    costs = unit_costs("smollm2", "fp32", cache=tmp_path)
    assert 0 < costs.forward_token < costs.train_token
    assert costs.decode_step > 0 and costs.load > 0
    cached = json.loads((tmp_path / "unit-costs.json").read_text())
    assert len(cached) == 1 and next(iter(cached.values())) == costs.__dict__
    assert unit_costs("smollm2", "fp32", cache=tmp_path) == costs  # read back, not measured
