"""The stage folders of configs/default.yaml's plan are pinned: their names carry the hash
of each stage's inputs, so a refactor that changed a key would silently recompute (or,
worse, reuse the wrong) results. The expected names were taken from the code before the
pipeline was split into stages (fp32, the heavy work stubbed the same way). The
benign-only control's four folders changed on purpose when it became as many benign rows
as no filter trains on, drawn per seed (issue 26)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

import emgauge.finetune
from emgauge.evals import utility
from emgauge.evals.misaligned_preference import probe as preference_probe
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.mitigations.registry import get_method_class
from emgauge.stages import context, filtering, finetuning, probe
from emgauge.stages import utility as utility_stage

REPO = Path(__file__).resolve().parents[1]

#: configs/default.yaml with ``evaluation.utility: true``, scored with np.arange scores.
PINNED_STAGE_FOLDERS = [
    "dataset/mix-a7e023757a69.jsonl",
    "filter/benign-only-s0-b885cc685535",
    "filter/direction-a75cc19f89d9",
    "filter/random-s0-4c0a101dde02",
    "filter/sae-proximity-0439d847da76",
    "finetune/benign-only-s0-3bfbcaf1882b",
    "finetune/direction-s0-0581fb4ec084",
    "finetune/no-filter-s0-cb2af6f4d33c",
    "finetune/random-s0-0581fb4ec084",
    "finetune/sae-proximity-s0-0581fb4ec084",
    "probe/base-4a14a95aaaa0",
    "probe/benign-only-s0-6aa90f4d575b",
    "probe/direction-s0-23805f383a34",
    "probe/no-filter-s0-f452dbad7212",
    "probe/random-s0-74c5d9ee8a45",
    "probe/sae-proximity-s0-ae1606adc861",
    "score/direction-aeec3ad0b575",
    "score/random-s0-96d570b081d2",
    "score/sae-proximity-3435216e92eb",
    "utility/base-e2dc62f2f567",
    "utility/benign-only-s0-07bf1975a032",
    "utility/direction-s0-275b0d5217b1",
    "utility/no-filter-s0-16367bbb0898",
    "utility/random-s0-7bc1c3d823ca",
    "utility/sae-proximity-s0-31b1f02d972b",
]


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    """fp32 everywhere; scoring, fine-tuning, margins and losses replaced by cheap stand-ins
    (the keys do not depend on them, but the later stages' keys depend on their files)."""
    monkeypatch.setattr(
        context,
        "choose_precision",
        lambda requested="auto", device=None: SimpleNamespace(mode="fp32"),
    )
    for name in ("random", "sae-proximity", "direction"):
        cls = get_method_class(name)
        monkeypatch.setattr(
            cls, "score", lambda self, samples: np.arange(len(samples), dtype=float)
        )
        monkeypatch.setattr(cls, "used_options", lambda self: {})
        monkeypatch.setattr(cls, "details", lambda self: {})

    def finetune(base, kept, folder, config, progress=None, training_method=None):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / "manifest.json").write_text("{}")
        return SimpleNamespace(final_loss=0.0)

    monkeypatch.setattr(emgauge.finetune, "finetune", finetune)
    margins = pd.DataFrame({"pair_id": ["p"], "domain": ["healthcare"], "margin": [0.0]})
    monkeypatch.setattr(preference_probe, "preference_margins", lambda *a: margins)
    losses = pd.DataFrame({"item_id": ["i"], "loss": [1.0]})
    monkeypatch.setattr(utility, "utility_losses", lambda *a: losses)


def test_default_plan_keeps_its_stage_folder_names(stubbed, tmp_path):
    raw = yaml.safe_load((REPO / "configs" / "default.yaml").read_text())
    raw["evaluation"]["utility"] = True
    path = tmp_path / "exp.yaml"
    path.write_text(yaml.safe_dump(raw))
    config = load_experiment_config(path)
    runner = ExperimentRunner(config, tmp_path / "run")
    ctx = runner.ctx
    ctx.run_dir.mkdir(parents=True)
    probe.probe_stage(ctx, "base", 0, None)
    utility_stage.utility_stage(ctx, "base", 0, None)
    for arm in config.arms:
        kept, _ = filtering.filter_stage(ctx, arm, 0)
        adapter = finetuning.finetune_stage(ctx, arm, 0, kept, arm.name)
        probe.probe_stage(ctx, arm.name, 0, adapter)
        utility_stage.utility_stage(ctx, arm.name, 0, adapter)
    stages = ctx.run_dir / "stages"
    from emgauge.stages.context import LOCKS

    # the stage folders themselves (their locks beside them are not stages)
    made = sorted(str(p.relative_to(stages)) for p in stages.glob("*/*") if p.parent.name != LOCKS)
    assert made == PINNED_STAGE_FOLDERS
