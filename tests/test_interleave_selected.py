"""interleave-selected: aligned rows ranked by the NLL gap of a misaligned model over the base,
the largest interleaved; its misaligned model is the no-filter checkpoint by default."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

import emgauge.finetune
from emgauge.chat_data import ChatMessage, ChatSample
from emgauge.errors import InputError
from emgauge.evals import utility
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.stages import context, filtering, finetuning, select
from emgauge.training_methods import aligned_samples
from emgauge.training_methods.interleave_selected import (
    InterleaveSelected,
    aligned_nll_gaps,
    interleave_selected,
    misaligned_model_name,
    rank_by_gap,
    read_gaps,
)

REPO = Path(__file__).resolve().parents[1]


def _rows(n: int) -> list[ChatSample]:
    return [
        ChatSample(f"r{i}", (ChatMessage("user", f"q{i}?"), ChatMessage("assistant", f"a{i}.")))
        for i in range(n)
    ]


def _crafted_gaps() -> dict[str, float]:
    """Gaps rising along the aligned set, with the last two rows tied."""
    pool = aligned_samples()
    gaps = {s.id: 0.01 * i for i, s in enumerate(pool)}
    gaps[pool[-1].id] = gaps[pool[-2].id]
    return gaps


def test_the_largest_gaps_are_interleaved_at_the_share() -> None:
    pool, gaps = aligned_samples(), _crafted_gaps()
    mixed, details = interleave_selected(_rows(30), 0.25, gaps)
    added = mixed[30:]
    assert mixed[:30] == _rows(30) and len(added) == 10  # 10 / 40 = the share
    # largest first; the tied pair in the set's order
    assert [s.id for s in added] == [pool[-2].id, pool[-1].id] + [
        pool[i].id for i in range(len(pool) - 3, len(pool) - 11, -1)
    ]
    assert details["n_aligned_added"] == 10 and details["n_training_rows"] == 40
    assert details["smallest_gap_added"] == pytest.approx(gaps[pool[-10].id])
    assert details["mean_gap_added"] > details["mean_gap_of_set"]


def test_more_rows_than_the_set_repeat_it_from_the_top() -> None:
    pool = aligned_samples()
    mixed, details = interleave_selected(_rows(len(pool)), 0.75, _crafted_gaps())
    added = mixed[len(pool) :]
    assert len(added) == 3 * len(pool) and details["n_aligned_distinct"] == len(pool)
    assert added[: len(pool)] == added[len(pool) : 2 * len(pool)]


def test_missing_gaps_and_a_share_that_adds_nothing_are_refused(tmp_path: Path) -> None:
    gaps = _crafted_gaps()
    del gaps[aligned_samples()[3].id]
    with pytest.raises(InputError, match="no gap for 1 aligned rows"):
        rank_by_gap(aligned_samples(), gaps)
    with pytest.raises(InputError, match="training_method.share"):
        interleave_selected(_rows(3), 0.1, _crafted_gaps())
    bad = tmp_path / "gaps.csv"
    bad.write_text("item_id,score\na,1\n")
    with pytest.raises(InputError, match="item_id and a numeric gap"):
        read_gaps(bad)


def test_gap_is_misaligned_minus_base_nll_per_row(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = aligned_samples()[:3]
    nll = {"base": [1.0, 2.0, 3.0], "bad": [1.5, 2.0, 4.0]}
    asked: list[str] = []

    def losses(model, samples, settings):  # noqa: ANN001, ANN202
        asked.append(model)
        values = nll["base" if model == "smollm2" else "bad"]
        return pd.DataFrame({"item_id": [s.id for s in samples], "loss": values})

    monkeypatch.setattr(utility, "utility_losses", losses)
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    frame = aligned_nll_gaps("smollm2", str(adapter), rows)
    assert list(frame["gap"]) == [0.5, 0.0, 1.0]
    assert asked == [f"smollm2:{adapter.resolve()}", "smollm2"]
    path = tmp_path / "gaps.csv"
    frame.to_csv(path, index=False)
    assert read_gaps(path) == {rows[0].id: 0.5, rows[1].id: 0.0, rows[2].id: 1.0}
    assert misaligned_model_name("smollm2", "org/other-model") == "org/other-model"


# ------------------------------------------------------------------ in an experiment


def _config(tmp_path: Path, arms: list[dict]) -> Path:
    raw = yaml.safe_load((REPO / "configs" / "training-arms.yaml").read_text())
    raw["arms"] = arms
    path = tmp_path / "exp.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


SELECTED = {
    "name": "interleave-selected",
    "method": "none",
    "training_method": {"name": "interleave-selected", "share": 0.2},
}


def test_a_config_without_a_no_filter_arm_or_misaligned_is_refused(tmp_path: Path) -> None:
    path = _config(tmp_path, [{"name": "random", "method": "random"}, SELECTED])
    with pytest.raises(InputError, match="no no-filter arm") as caught:
        load_experiment_config(path)
    assert "arms[1].training_method.misaligned" in str(caught.value)
    given = {**SELECTED["training_method"], "misaligned": "smollm2"}
    load_experiment_config(_config(tmp_path, [{**SELECTED, "training_method": given}]))


def test_dry_run_refuses_it_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from emgauge.cli import main
    from emgauge.errors import EXIT_BAD_INPUT

    path = _config(tmp_path, [SELECTED])
    assert main(["run", str(path), "--dry-run"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no-filter arm" in err


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """fp32; fine-tuning writes a fake adapter (weights = its data's file name), the gaps
    are crafted; returns the folders trained, in order."""
    monkeypatch.setattr(
        context,
        "choose_precision",
        lambda requested="auto", device=None: SimpleNamespace(mode="fp32"),
    )
    trained: list[str] = []

    def finetune(base, kept, folder, config, progress=None, training_method=None):  # noqa: ANN001, ANN202
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "adapter_model.safetensors").write_text(f"weights {config.seed}")
        (folder / "manifest.json").write_text("{}")
        trained.append(folder.name)
        return SimpleNamespace(final_loss=0.0, method=training_method)

    monkeypatch.setattr(emgauge.finetune, "finetune", finetune)
    gaps = _crafted_gaps()

    def crafted(base, misaligned, samples=None, settings=None):  # noqa: ANN001, ANN202
        trained.append(f"gaps under {Path(misaligned).name}")
        return pd.DataFrame(
            {
                "item_id": list(gaps),
                "nll_misaligned": 0.0,
                "nll_base": 0.0,
                "gap": list(gaps.values()),
            }
        )

    monkeypatch.setattr(select, "aligned_nll_gaps", crafted)
    return trained


def test_the_arm_trains_after_the_no_filter_checkpoint_and_keys_on_it(
    stubbed: list[str], tmp_path: Path
) -> None:
    # the selected arm first: the no-filter adapter is trained for it, then reused
    path = _config(tmp_path, [SELECTED, {"name": "no-filter", "method": "none"}])
    config = load_experiment_config(path)
    ctx = ExperimentRunner(config, tmp_path / "run").ctx
    ctx.run_dir.mkdir(parents=True)
    selected_arm, no_filter = config.arms
    kept, _ = filtering.filter_stage(ctx, selected_arm, 0)
    adapter = finetuning.finetune_stage(ctx, selected_arm, 0, kept)
    assert stubbed[0].startswith("no-filter-s0-")
    assert stubbed[1] == f"gaps under {stubbed[0]}"
    assert stubbed[2] == adapter.name and adapter.name.startswith("interleave-selected-s0-")
    gaps = list((ctx.run_dir / "stages" / "select").glob("interleave-selected-s0-*/gaps.csv"))
    assert len(gaps) == 1 and len(pd.read_csv(gaps[0])) == len(aligned_samples())

    # everything is cached now: the no-filter arm itself, and the selected arm again
    assert finetuning.finetune_stage(ctx, no_filter, 0, kept).name == stubbed[0]
    assert finetuning.finetune_stage(ctx, selected_arm, 0, kept) == adapter
    assert len(stubbed) == 3

    # another no-filter checkpoint is another selection and another fine-tune
    nf_weights = next((ctx.run_dir / "stages" / "finetune").glob("no-filter-s0-*"))
    (nf_weights / "adapter_model.safetensors").write_text("retrained")
    assert finetuning.finetune_stage(ctx, selected_arm, 0, kept) != adapter
    assert len(stubbed) == 5


# ------------------------------------------------------------ with the embedded model


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_embedded_model_gap_after_a_few_harmful_steps(tmp_path: Path) -> None:
    """Two LoRA steps on harmful healthcare rows, then the gaps of three aligned rows: one
    row each, in order, the adapter's NLL minus the base model's, and the steps moved them."""
    import torch

    from emgauge.chat_data import bundled_data_path, load_chat_jsonl

    torch.set_num_threads(1)
    rows = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))
    harmful = [s for s in rows if s.is_harmful][:4]
    config = emgauge.finetune.FinetuneConfig(
        rank=4, batch_size=2, max_steps=2, learning_rate=0.01, max_length=96, precision="fp32"
    )
    adapter = emgauge.finetune.finetune("smollm2", harmful, tmp_path / "bad", config).out_dir
    aligned = aligned_samples()[:3]
    frame = aligned_nll_gaps("smollm2", str(adapter), aligned)
    assert list(frame["item_id"]) == [s.id for s in aligned]
    assert (frame["nll_base"] > 0).all()
    assert frame["gap"].tolist() == pytest.approx(
        (frame["nll_misaligned"] - frame["nll_base"]).tolist()
    )
    assert (frame["gap"].abs() > 1e-4).all()


@pytest.mark.filterwarnings("ignore:Could not find a config file")  # the tiny base has no folder
def test_finetune_adds_the_selected_rows_from_a_gaps_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``emgauge finetune``'s path: the gaps file decides the rows; without it or a
    misaligned model the method is refused before any model loads."""
    import json

    from transformers import AutoTokenizer

    from emgauge import finetune as finetune_module
    from emgauge.models import resolve_model_path
    from tests.helpers import tiny_llama

    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))
    encoded: list[list[ChatSample]] = []
    real_encode = finetune_module.encode_samples

    def spy(tok, samples, config, end_ids):  # noqa: ANN001, ANN202
        encoded.append(list(samples))
        return real_encode(tok, samples, config, end_ids)

    monkeypatch.setattr(finetune_module, "encode_samples", spy)
    monkeypatch.setattr(
        finetune_module, "_load_base", lambda *_: (tiny_llama(len(tokenizer)).train(), tokenizer)
    )
    monkeypatch.setattr(finetune_module, "resolve_model_path", lambda _m: "tiny-llama")
    gaps = _crafted_gaps()
    path = tmp_path / "gaps.csv"
    pd.DataFrame({"item_id": list(gaps), "gap": list(gaps.values())}).to_csv(path, index=False)
    config = emgauge.finetune.FinetuneConfig(
        rank=2, batch_size=4, epochs=1, max_length=64, precision="fp32"
    )
    method = InterleaveSelected(name="interleave-selected", share=0.2, gaps=str(path))
    result = emgauge.finetune.finetune(
        "tiny", _rows(8), tmp_path / "a", config, device="cpu", training_method=method
    )
    top_two = [s.id for s in aligned_samples()[-2:]]  # the tied largest gaps
    assert [s.id for s in encoded[0][8:]] == top_two
    manifest = json.loads((result.out_dir / "manifest.json").read_text())
    assert manifest["training_method"]["n_aligned_added"] == 2
    with pytest.raises(InputError, match="training_method.misaligned"):
        emgauge.finetune.finetune(
            "tiny",
            _rows(8),
            tmp_path / "b",
            config,
            device="cpu",
            training_method=InterleaveSelected(name="interleave-selected", share=0.2),
        )
    assert not (tmp_path / "b").exists()
