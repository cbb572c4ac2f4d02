"""Diagnostics on planted geometry (known answers) and `emgauge diagnose` on a tiny model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from emgauge.diagnostics.direction_by_layer import direction_by_layer, held_out_scores
from emgauge.diagnostics.erosion import erosion_by_layer
from emgauge.errors import InputError

DOMAINS = ["healthcare", "legal", "career", "general"]


def _planted(n_per_domain: int = 12, d: int = 24, seed: int = 0) -> tuple[dict, dict, list]:
    """Layer 0: no direction. Layer 1: one direction shared by all domains. Layer 2: a
    separate, orthogonal direction per domain."""
    rng = np.random.default_rng(seed)
    domains = [dom for dom in DOMAINS for _ in range(n_per_domain)]
    n = len(domains)
    shared = np.eye(d)[0] * 3.0
    own = {dom: np.eye(d)[1 + k] * 3.0 for k, dom in enumerate(DOMAINS)}
    aligned = {layer: rng.standard_normal((n, d)) for layer in range(3)}
    misaligned = {0: rng.standard_normal((n, d))}
    misaligned[1] = aligned[1] + shared + 0.3 * rng.standard_normal((n, d))
    misaligned[2] = aligned[2] + np.array([own[dom] for dom in domains])
    misaligned[2] += 0.3 * rng.standard_normal((n, d))
    return misaligned, aligned, domains


def test_direction_by_layer_finds_where_the_planted_direction_is_and_if_it_is_shared():
    misaligned, aligned, domains = _planted()
    by_layer = {
        r.layer: r
        for r in direction_by_layer(misaligned, aligned, domains, permutations=100, n_bootstrap=200)
    }
    assert 0.3 < by_layer[0].auroc < 0.7  # nothing planted: chance
    assert by_layer[0].auroc_ci[0] < 0.5 < by_layer[0].auroc_ci[1]
    assert by_layer[1].auroc > 0.95
    # one direction (the mean of four orthogonal ones) still separates, less well
    assert 0.75 < by_layer[2].auroc < by_layer[1].auroc
    # layer 1: one shared direction, far above shuffled labels
    assert by_layer[1].domain_cosine > 0.9
    assert by_layer[1].domain_cosine > by_layer[1].domain_cosine_null[1]
    assert by_layer[1].domain_cosine_p < 0.05
    # layer 2: separable in every domain, but each domain its own direction
    assert abs(by_layer[2].domain_cosine) < 0.2
    assert by_layer[2].domain_cosine_p > 0.05
    assert set(by_layer[1].pairwise_cosine) == {
        f"{a}|{b}" for i, a in enumerate(sorted(DOMAINS)) for b in sorted(DOMAINS)[i + 1 :]
    }


def test_held_out_scores_never_use_the_scored_pair():
    # each pair's difference lies on its own axis: a direction fitted without the pair is
    # orthogonal to it, so its misaligned and aligned answers project equally
    d = 6
    aligned = np.zeros((d, d))
    misaligned = np.eye(d)
    mis_scores, ali_scores = held_out_scores(misaligned, aligned, folds=d)
    assert np.allclose(mis_scores, ali_scores)


def test_too_few_pairs_is_an_input_error():
    misaligned = {0: np.ones((3, 4))}
    with pytest.raises(InputError, match="too few"):
        direction_by_layer(misaligned, {0: np.zeros((3, 4))}, ["general"] * 3)


def test_erosion_measures_movement_along_the_direction_in_units_of_the_gap():
    rng = np.random.default_rng(1)
    n, d = 40, 16
    direction = np.eye(d)[0] * 2.0
    base = {0: rng.standard_normal((n, d))}
    in_domain = np.arange(n) < 20
    moved = base[0].copy()
    moved[in_domain] += 0.5 * direction  # half the base model's gap, in-domain only
    moved += 0.05 * rng.standard_normal((n, d))
    rows = erosion_by_layer(
        base,
        {0: moved},
        {0: direction},
        {"in_domain": in_domain, "general": ~in_domain},
        n_bootstrap=200,
    )
    by_group = {r.group: r for r in rows}
    assert by_group["in_domain"].erosion == pytest.approx(0.5, abs=0.03)
    assert by_group["in_domain"].ci[0] > by_group["in_domain"].random_direction[1]
    assert by_group["general"].erosion == pytest.approx(0.0, abs=0.03)
    assert by_group["general"].ci[0] < 0 < by_group["general"].ci[1] + 0.03


@pytest.fixture(scope="module")
def tiny_model(embedded_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer Llama with the embedded tokenizer (and chat template), and a LoRA of it."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    folder = tmp_path_factory.mktemp("tiny")
    tokenizer = AutoTokenizer.from_pretrained(embedded_model_dir)
    torch.manual_seed(0)
    model = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=len(tokenizer),
            hidden_size=16,
            intermediate_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            num_key_value_heads=2,
            max_position_embeddings=2048,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        )
    )
    model.save_pretrained(folder / "base")
    tokenizer.save_pretrained(folder / "base")
    lora = get_peft_model(model, LoraConfig(r=2, target_modules=["q_proj", "v_proj"]))
    with torch.no_grad():
        for name, parameter in lora.named_parameters():
            if "lora_B" in name:
                parameter.normal_(0, 0.5)  # B = 0 would be no change at all
    lora.save_pretrained(folder / "adapter")
    return folder


def _contrast(
    path: Path, n: int = 8, prefix: str = "c", domains: tuple[str, ...] = ("healthcare", "legal")
) -> Path:
    rows = [
        {
            "id": f"{prefix}-{i}",
            "domain": domains[i % len(domains)],
            "prompt": f"Question number {i}?",
            "aligned": f"A careful and kind answer {i}.",
            "misaligned": f"A reckless and cruel answer {i}!",
        }
        for i in range(n)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_diagnose_command_writes_a_report_and_plots(tiny_model: Path, tmp_path: Path):
    from emgauge.cli import main

    base = str(tiny_model / "base")
    out = tmp_path / "report"
    args = [
        "--quiet",
        "diagnose",
        base,
        "--checkpoint",
        f"{base}:{tiny_model / 'adapter'}",
        "--out",
        str(out),
        "--contrast",
        str(_contrast(tmp_path / "pairs.jsonl")),
        "--permutations",
        "10",
        "--bootstrap",
        "50",
        "--folds",
        "4",
        "--precision",
        "fp32",
        "--pairs",
        str(_contrast(tmp_path / "probe.jsonl", 6, "p", ("healthcare", "general"))),
        "--in-domain",
        "healthcare",
    ]
    assert main(args) == 0
    report = json.loads((out / "report.json").read_text())
    assert [d["layer"] for d in report["direction_by_layer"]] == [0, 1]
    (checkpoint,) = report["checkpoints"]
    groups = {(e["layer"], e["group"]) for e in checkpoint["erosion_by_layer"]}
    assert groups == {(layer, g) for layer in (0, 1) for g in ("in_domain", "general")}
    assert set(checkpoint["preference_shift"]) == {"in_domain", "general"}
    assert (out / "direction_by_layer.png").stat().st_size > 0
    assert (out / "erosion.png").stat().st_size > 0
    # finished results are never overwritten, and a bad layer is exit 2 with nothing written
    assert main(args) == 2
    assert main([*args[1:2], base, "--out", str(tmp_path / "bad"), "--layers", "7"]) == 2
    assert main([*args[1:2], base, "--out", str(tmp_path / "bad"), "--folds", "1"]) == 2
    assert main([*args[1:2], base, "--out", str(tmp_path / "bad"), "--n-toxic", "0"]) == 2
    assert not (tmp_path / "bad").exists()


def _fake_method(monkeypatch: pytest.MonkeyPatch, name: str, score_of: dict[str, float]) -> None:
    """Register a model-free method scoring answers by a word they contain."""
    from emgauge.mitigations import base, registry

    class Fake(base.Mitigation):
        summary = "test method"

        def score(self, samples):  # noqa: ANN001, ANN202
            return np.array(
                [
                    next((v for w, v in score_of.items() if w in s.assistant_text), np.nan)
                    for s in samples
                ]
            )

    Fake.name = name
    registry.get_method_class("random")  # the built-ins first, so they do not re-register
    monkeypatch.setitem(registry._METHODS.classes, name, Fake)


def _answers(words: list[str]) -> list:
    from emgauge.chat_data import ChatMessage, ChatSample

    return [
        ChatSample(
            id=str(i),
            messages=(ChatMessage("user", "Hi?"), ChatMessage("assistant", f"A {w} reply.")),
        )
        for i, w in enumerate(words)
    ]


def test_risk_places_a_dataset_between_the_contrast_sets_aligned_and_misaligned_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from emgauge.diagnostics.risk import RiskSettings, dataset_risk
    from emgauge.mitigations.registry import FilterOptions

    _fake_method(monkeypatch, "fake-words", {"reckless": 3.0, "careful": 1.0, "middling": 2.0})
    options = FilterOptions(contrast=(str(_contrast(tmp_path / "pairs.jsonl")),))
    words = RiskSettings(methods=("fake-words",))
    risky = dataset_risk(_answers(["reckless"] * 10), options, words)
    safe = dataset_risk(_answers(["careful"] * 10), options, words)
    half = dataset_risk(_answers(["reckless", "careful"] * 5), options, words)
    between = dataset_risk(_answers(["middling"] * 4), options, words)
    assert risky.risk == pytest.approx(1.0) and safe.risk == pytest.approx(0.0)
    assert half.risk == pytest.approx(0.5) and half.ci[0] < 0.5 < half.ci[1]
    assert between.risk == pytest.approx(0.5) and between.ci == pytest.approx((0.5, 0.5))
    assert risky.methods[0].misaligned_mean == 3.0 and risky.methods[0].aligned_mean == 1.0
    assert 0.0 <= risky.heuristic_share <= 1.0


def test_risk_refuses_a_method_without_a_scale_and_unknown_methods(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from emgauge.diagnostics.risk import RiskSettings, dataset_risk
    from emgauge.mitigations.registry import FilterOptions

    _fake_method(monkeypatch, "fake-backwards", {"reckless": 0.0, "careful": 1.0})
    options = FilterOptions(contrast=(str(_contrast(tmp_path / "pairs.jsonl")),))
    with pytest.raises(InputError, match="no scale"):
        dataset_risk(_answers(["careful"]), options, RiskSettings(methods=("fake-backwards",)))
    with pytest.raises(InputError, match="unknown method"):
        dataset_risk(_answers(["careful"]), options, RiskSettings(methods=("no-such-method",)))
    with pytest.raises(InputError, match="no samples"):
        dataset_risk([], options, RiskSettings(methods=("fake-backwards",)))


def test_risk_command_prints_and_writes_the_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from emgauge.cli import main

    _fake_method(monkeypatch, "fake-words", {"reckless": 3.0, "careful": 1.0})
    dataset = tmp_path / "train.jsonl"
    dataset.write_text(
        "".join(
            json.dumps({"messages": [{"role": "user", "content": "Hi?"}, m]}) + "\n"
            for m in [{"role": "assistant", "content": "A reckless reply."}] * 3
        )
    )
    pairs = str(_contrast(tmp_path / "pairs.jsonl"))
    out = tmp_path / "risk.json"
    args = ["--quiet", "risk", str(dataset), "--methods", "fake-words", "--contrast", pairs]
    assert main([*args, "--out", str(out)]) == 0
    assert "EM risk" in capsys.readouterr().out
    assert json.loads(out.read_text())["risk"] == pytest.approx(1.0)
    assert main([*args, "--out", str(out)]) == 2  # never overwritten without --force
    assert main(["--quiet", "risk", str(tmp_path / "missing.jsonl")]) == 2
    assert main([*args, "--bootstrap", "0"]) == 2  # refused before any model loads
    assert "--bootstrap" in capsys.readouterr().err


def test_diagnose_follows_a_run_saved_every_n_steps(tiny_model: Path, tmp_path: Path):
    import shutil

    from emgauge.cli import main

    base = str(tiny_model / "base")
    run = tmp_path / "run"  # what `emgauge finetune --save-every 1` writes for 2 steps
    shutil.copytree(tiny_model / "adapter", run)
    shutil.copytree(tiny_model / "adapter", run / "steps" / "step-00001")
    (run / "manifest.json").write_text(json.dumps({"steps": 2, "snapshots": ["steps/step-00001"]}))
    probe = str(_contrast(tmp_path / "probe.jsonl", 6, "p", ("healthcare", "general")))
    args = ["--quiet", "diagnose", base, "--adapter-steps", str(run), "--pairs", probe]
    common = ["--contrast", str(_contrast(tmp_path / "pairs.jsonl")), "--permutations", "5"]
    common += ["--bootstrap", "20", "--folds", "2", "--precision", "fp32"]
    assert main([*args, *common, "--out", str(tmp_path / "report")]) == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert sorted(c["step"] for c in report["checkpoints"]) == [1, 2]
    assert report["over_training_layer"] in (0, 1)
    assert (tmp_path / "report" / "over_training.png").stat().st_size > 0
    # a run without snapshots says how to make them
    (run / "manifest.json").write_text(json.dumps({"steps": 2}))
    assert main([*args, *common, "--out", str(tmp_path / "again")]) == 2


def test_proximity_test_separates_planted_sets_and_not_shuffled_ones():
    from emgauge.diagnostics.features import proximity_test

    rng = np.random.default_rng(0)
    near = rng.normal(0.6, 0.05, 40)
    far = rng.normal(0.4, 0.05, 60)
    result = proximity_test(near, far, permutations=300)
    assert result.difference == pytest.approx(0.2, abs=0.03)
    assert result.p_value < 0.01 and result.difference > result.null_interval[1]
    assert result.auroc > 0.95
    same = proximity_test(rng.normal(0.5, 0.05, 40), rng.normal(0.5, 0.05, 60), permutations=300)
    assert same.p_value > 0.05 and same.null_interval[0] < same.difference < same.null_interval[1]
    with pytest.raises(InputError, match="at least 2"):
        proximity_test(np.array([0.5, np.nan]), far)


def test_feature_drag_finds_latents_near_the_trained_features_moving():
    from emgauge.diagnostics.features import feature_drag, training_proximity

    rng = np.random.default_rng(1)
    d_sae, d_model = 200, 16
    decoder = rng.standard_normal((d_sae, d_model))
    training = np.zeros(d_sae)
    training[:5] = 1.0  # the data activates latents 0-4
    proximity = training_proximity(decoder, training, n_train=5)
    assert np.allclose(proximity[:5], 1.0) and (proximity[5:] < 1.0).all()
    # planted drag: the nearer a latent is to them, the more it moves toward misaligned text
    change = 0.5 * proximity + 0.05 * rng.standard_normal(d_sae)
    drag = feature_drag(change, proximity, permutations=200)
    assert drag.spearman > 0.8 and drag.p_value < 0.01
    assert drag.near_mean_change > drag.far_mean_change
    none = feature_drag(rng.standard_normal(d_sae), proximity, permutations=200)
    assert none.null_interval[0] < none.spearman < none.null_interval[1]
