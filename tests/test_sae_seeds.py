"""The filter's own randomness in the CIs: a method declares its random ingredient, and an
experiment scores such a method once per seed (``sae-proximity`` with a fresh SAE per
seed, as ``random`` with a fresh permutation); ``direction`` is scored once."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.leaderboard_markdown import seeded_note
from emgauge.mitigations.registry import get_method_class, seeded_ingredient
from emgauge.stages import filtering
from emgauge.sweep import sweep_plan
from tests.test_stage_keys import PINNED_STAGE_FOLDERS, REPO, stubbed  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("stubbed")


def _config(tmp_path: Path, seeds: list[int], **filter_options: object):
    raw = yaml.safe_load((REPO / "configs" / "default.yaml").read_text())
    raw["seeds"] = seeds
    raw["filter_options"] = {**(raw.get("filter_options") or {}), **filter_options}
    path = tmp_path / "exp.yaml"
    path.write_text(yaml.safe_dump(raw))
    return load_experiment_config(path)


def test_methods_declare_their_random_ingredient():
    assert get_method_class("random").seeded_ingredient == "the permutation"
    assert get_method_class("sae-proximity").seeded_ingredient == "the SAE"
    assert get_method_class("direction").seeded_ingredient is None
    assert seeded_ingredient("sae-proximity", {"sae": "some/sae"}) is None  # a fixed SAE
    assert seeded_ingredient("none") is None  # not a filter method


def test_the_score_key_differs_per_seed_for_sae_proximity_and_not_for_direction(tmp_path):
    config = _config(tmp_path, [0, 1, 2])
    ctx = ExperimentRunner(config, tmp_path / "run").ctx
    arms = {arm.method: arm for arm in config.arms}
    sae_keys = [filtering.score_inputs(ctx, arms["sae-proximity"], s) for s in (0, 1, 2)]
    direction_keys = [filtering.score_inputs(ctx, arms["direction"], s) for s in (0, 1, 2)]
    assert direction_keys[0] == direction_keys[1] == direction_keys[2]
    assert len({str(k) for k in sae_keys}) == 3
    # seed 0 keeps the key every seed shared before SAEs were per seed (cached scores stay)
    assert sae_keys[0]["seed"] is None and sae_keys[1]["seed"] == 1


def test_the_stage_scores_sae_proximity_once_per_seed(tmp_path):
    config = _config(tmp_path, [0, 1])
    ctx = ExperimentRunner(config, tmp_path / "run").ctx
    ctx.run_dir.mkdir(parents=True)
    for arm in config.arms:
        if arm.method in ("sae-proximity", "direction"):
            for seed in (0, 1):
                filtering.filter_stage(ctx, arm, seed)
    folders = sorted(p.name for p in (ctx.run_dir / "stages/score").iterdir())
    assert [name.rsplit("-", 1)[0] for name in folders] == [
        "direction",
        "sae-proximity",
        "sae-proximity-s1",
    ]
    manifest = json.loads((ctx.run_dir / "manifest.json").read_text())
    assert manifest["seeded_ingredients"] == {"sae-proximity": "the SAE"}
    # seed 0's folders are the pinned ones: the scores cached before stay valid
    assert {f"score/{name}" for name in folders[:2]} <= set(PINNED_STAGE_FOLDERS)


def test_a_fixed_sae_is_scored_once(tmp_path):
    config = _config(tmp_path, [0, 1], sae=str(tmp_path / "my-sae"))
    ctx = ExperimentRunner(config, tmp_path / "run").ctx
    arm = next(a for a in config.arms if a.method == "sae-proximity")
    assert filtering.score_inputs(ctx, arm, 0) == filtering.score_inputs(ctx, arm, 1)


def test_the_dry_run_counts_the_sae_trainings_and_the_leaderboard_names_ingredients(
    tmp_path,
):
    config = _config(tmp_path, [0, 1, 2])
    lines = "\n".join(sweep_plan(config))
    assert "SAE trainings: up to 3" in lines
    board = pd.DataFrame(
        {
            "arm": ["random", "sae-proximity", "direction"],
            "method": ["random", "sae-proximity", "direction"],
        }
    )
    note = seeded_note(board)
    assert "the permutation (random)" in note and "the SAE (sae-proximity)" in note
    fixed = {"config": {"filter_options": {"sae": "x"}}}
    assert "the SAE" not in seeded_note(board, fixed)
    # a run folder made before SAEs were per seed: only random's permutation varied
    older = seeded_note(board, {"config": {}})
    assert "the permutation (random)" in older and "the SAE" not in older
    recorded = seeded_note(board, {"config": {}, "seeded_ingredients": {"sae-proximity": "x"}})
    assert "the SAE (sae-proximity)" in recorded
    assert seeded_note(board[board["method"] == "direction"]) == ""
