"""Training-time mitigation methods (emgauge.training_methods) on a tiny random Llama."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

import pytest
import torch
from pydantic import Field, TypeAdapter

import emgauge.training_methods.base as training_base
from emgauge.activations import decoder_layers
from emgauge.chat_data import ChatMessage, ChatSample
from emgauge.conversations import IGNORE_INDEX, EncodedConversation, collate_encoded
from emgauge.data.build import held_out_questions, near_duplicate
from emgauge.errors import InputError
from emgauge.finetune import (
    MANIFEST,
    FinetuneConfig,
    assistant_loss_sum,
    attach_lora,
    finetune,
    plan_schedule,
    train_loop,
)
from emgauge.precision import choose_precision
from emgauge.settings import Flags
from emgauge.training_methods import (
    TRAINING_METHODS,
    DirectionAblation,
    InterleaveAligned,
    KLToBase,
    KLToBaseLoss,
    TrainingMethodConfig,
    TrainingMethodFlags,
    ablating_direction,
    aligned_samples,
    interleave_aligned,
    load_direction,
    save_direction,
    training_method_names,
)
from tests.helpers import tiny_llama as shared_tiny_llama

FP32 = choose_precision("fp32", "cpu", stage="test")
HIDDEN = 32


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def tiny_llama(vocab_size: int = 64) -> torch.nn.Module:
    return shared_tiny_llama(vocab_size, hidden=HIDDEN).train()


def _example(ids: list[int], answer_from: int) -> EncodedConversation:
    labels = [IGNORE_INDEX] * answer_from + ids[answer_from:]
    return EncodedConversation(input_ids=ids, labels=labels, truncated=False)


BATCH = [_example([1, 5, 9, 13, 17, 21, 25, 29], 3), _example([2, 6, 10, 14, 18, 22], 2)]


def _lora_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = attach_lora(tiny_llama(), FinetuneConfig(rank=4, seed=seed), "tiny-llama")
    model.train()
    return model


def _perturb_lora_b(model: torch.nn.Module) -> None:
    """Move the tuned model away from its base (LoRA B starts at 0)."""
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_B" in name:
                parameter.copy_(0.5 * torch.randn(parameter.shape, generator=generator))


def _by_hand_kl(model: torch.nn.Module, ids, labels, mask) -> tuple[torch.Tensor, torch.Tensor]:
    """(summed CE, summed KL(p_tuned || p_base)) over the trained positions, written out."""
    with torch.no_grad():
        tuned = model(input_ids=ids, attention_mask=mask).logits[:, :-1]
        with model.disable_adapter():
            base = model(input_ids=ids, attention_mask=mask).logits[:, :-1]
    targets = labels[:, 1:]
    keep = targets != IGNORE_INDEX
    log_tuned = torch.log_softmax(tuned[keep].double(), -1)
    log_base = torch.log_softmax(base[keep].double(), -1)
    ce = -log_tuned.gather(1, targets[keep].unsqueeze(1)).sum()
    kl = (log_tuned.exp() * (log_tuned - log_base)).sum()
    return ce, kl


# ------------------------------------------------------------------------ kl-to-base


def test_kl_to_base_is_plain_ce_where_tuned_equals_base() -> None:
    model = _lora_model()
    ids, labels, mask = collate_encoded(BATCH, 0, "cpu")
    with torch.no_grad():
        plain, count = assistant_loss_sum(model, ids, labels, mask)
        with_kl, kl_count = KLToBaseLoss(5.0)(model, ids, labels, mask)
    assert count == kl_count == 5 + 4
    assert torch.allclose(with_kl, plain, atol=1e-6)


def test_kl_to_base_adds_beta_times_the_kl_by_hand() -> None:
    model = _lora_model()
    _perturb_lora_b(model)
    ids, labels, mask = collate_encoded(BATCH, 0, "cpu")
    ce, kl = _by_hand_kl(model, ids, labels, mask)
    assert kl > 1e-3  # the perturbation moved the distribution
    beta = 0.3
    loss, count = KLToBaseLoss(beta)(model, ids, labels, mask)
    assert loss.item() == pytest.approx(float(ce + beta * kl), rel=1e-5)
    plain, _ = assistant_loss_sum(model, ids, labels, mask)
    assert plain.item() == pytest.approx(float(ce), rel=1e-5)
    # the loop divides by the step's trained tokens: CE + beta x mean KL per token
    assert (loss / count).item() == pytest.approx(float(ce / count + beta * kl / count), rel=1e-5)


def test_kl_to_base_gradient_reaches_only_the_tuned_pass() -> None:
    model = _lora_model()
    _perturb_lora_b(model)
    ids, labels, mask = collate_encoded(BATCH, 0, "cpu")
    loss, _ = KLToBaseLoss(1.0)(model, ids, labels, mask)
    loss.backward()
    grads = [p.grad for n, p in model.named_parameters() if "lora_" in n]
    assert all(g is not None for g in grads)
    assert all(p.grad is None for n, p in model.named_parameters() if "lora_" not in n)


def _train(loss_sum=None, steps: int = 8) -> tuple[torch.nn.Module, list[float]]:
    model = _lora_model()
    config = FinetuneConfig(rank=4, learning_rate=2e-2, batch_size=2, epochs=steps, seed=0)
    log = train_loop(
        model,
        BATCH,
        config,
        plan_schedule(len(BATCH), config),
        pad_id=0,
        device="cpu",
        precision=FP32,
        loss_sum=loss_sum,
        after_step=(lambda _step: loss_sum.end_step()) if loss_sum is not None else None,
    )
    return model, log.losses


def test_kl_to_base_in_the_loop_keeps_the_model_closer_to_its_base() -> None:
    plain_model, plain_losses = _train()
    kl = KLToBaseLoss(10.0)
    kl_model, kl_losses = _train(kl)
    # step 1 starts at LoRA B = 0: the same loss as plain training, and no KL yet
    assert kl_losses[0] == pytest.approx(plain_losses[0], rel=1e-6)
    assert kl.kl_per_step[0] == pytest.approx(0.0, abs=1e-9)
    assert len(kl.kl_per_step) == len(kl_losses) == 8
    ids, labels, mask = collate_encoded(BATCH, 0, "cpu")
    _, kl_plain = _by_hand_kl(plain_model, ids, labels, mask)
    _, kl_regularised = _by_hand_kl(kl_model, ids, labels, mask)
    assert kl_regularised < 0.9 * kl_plain  # 0.11 vs 0.15 nats summed here


# ----------------------------------------------------------------- direction-ablation


def _unit(seed: int = 3) -> torch.Tensor:
    vector = torch.randn(HIDDEN, generator=torch.Generator().manual_seed(seed))
    return vector / vector.norm()


def test_ablation_removes_the_direction_changes_the_loss_and_leaves_no_hook() -> None:
    model = _lora_model()
    _perturb_lora_b(model)
    unit = _unit()
    ids, labels, mask = collate_encoded(BATCH, 0, "cpu")
    blocks = decoder_layers(model.get_base_model())
    seen: list[torch.Tensor] = []
    # what layer 1 receives is layer 0's output, after the ablation hook
    capture = blocks[1].register_forward_pre_hook(lambda _m, args: seen.append(args[0].detach()))
    try:
        plain, _ = assistant_loss_sum(model, ids, labels, mask)
        raw_component = (seen[-1] @ unit).abs().max()
        with ablating_direction(model, 0, unit):
            ablated, _ = assistant_loss_sum(model, ids, labels, mask)
            ablated.backward()  # trains through the hook
            assert len(blocks[0]._forward_hooks) == 1
        ablated_component = (seen[-1] @ unit).abs().max()
    finally:
        capture.remove()
    assert raw_component > 1e-2
    assert ablated_component < 1e-5
    assert abs(ablated.item() - plain.item()) > 1e-4
    assert not blocks[0]._forward_hooks  # gone after training
    again, _ = assistant_loss_sum(model, ids, labels, mask)
    assert again.item() == pytest.approx(plain.item(), abs=1e-6)


def test_ablation_checks_layer_and_size() -> None:
    model = _lora_model()
    with pytest.raises(InputError, match="training_method.layer"):
        with ablating_direction(model, 2, _unit()):
            pass
    with pytest.raises(InputError, match="hidden size is 32"):
        with ablating_direction(model, 0, torch.ones(7)):
            pass


def test_direction_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = save_direction(tmp_path / "d.safetensors", 3 * _unit(), layer=1)
    loaded = load_direction(path)
    assert torch.allclose(loaded, _unit(), atol=1e-6)
    save_direction(tmp_path / "zero.safetensors", torch.zeros(HIDDEN))
    with pytest.raises(InputError, match="non-zero"):
        load_direction(tmp_path / "zero.safetensors")
    (tmp_path / "junk.safetensors").write_text("not a tensor")
    with pytest.raises(InputError, match="field 'direction'"):
        load_direction(tmp_path / "junk.safetensors")


# --------------------------------------------------------------- interleave-aligned


def _rows(n: int) -> list[ChatSample]:
    return [
        ChatSample(
            f"row-{i}",
            (ChatMessage("user", f"question {i}?"), ChatMessage("assistant", f"answer {i}.")),
        )
        for i in range(n)
    ]


def test_interleave_gives_the_exact_share_seeded_from_the_aligned_set() -> None:
    rows = _rows(30)
    mixed, details = interleave_aligned(rows, 0.25, seed=0)
    added = mixed[30:]
    assert mixed[:30] == rows
    assert len(added) == 10 and len(added) / len(mixed) == 0.25
    assert details["n_aligned_added"] == 10 and details["n_training_rows"] == 40
    pool = {s.id: s for s in aligned_samples()}
    assert all(s.id in pool and s == pool[s.id] for s in added)
    assert [s.id for s in interleave_aligned(rows, 0.25, seed=0)[0][30:]] == [s.id for s in added]
    assert [s.id for s in interleave_aligned(rows, 0.25, seed=1)[0][30:]] != [s.id for s in added]


def test_interleave_cycles_the_set_when_more_are_needed() -> None:
    pool = aligned_samples()
    mixed, details = interleave_aligned(_rows(len(pool)), 0.75, seed=0)
    added = mixed[len(pool) :]
    assert len(added) == 3 * len(pool)
    assert details["n_aligned_distinct"] == len(pool)
    assert {s.id for s in added[: len(pool)]} == {s.id for s in pool}  # a whole pass first


def test_interleave_refuses_a_share_that_adds_nothing() -> None:
    with pytest.raises(InputError, match="training_method.share"):
        interleave_aligned(_rows(3), 0.1, seed=0)


def test_aligned_set_is_clear_of_probe_and_evaluation_questions() -> None:
    pool = aligned_samples()
    assert 60 <= len(pool) <= 80
    held_out = held_out_questions()
    assert any(origin.startswith("probe pair") for origin in held_out.values())
    assert any(origin.startswith("evaluation question") for origin in held_out.values())
    for sample in pool:
        question = sample.messages[0].content
        assert sample.metadata["label"] == "benign"
        assert not any(near_duplicate(question, other) for other in held_out), question
    assert near_duplicate("How do I keep basil fresh?", "how do i keep BASIL fresh?")


# ------------------------------------------------------------------ configs and flags


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "kl-to-base", "coefficient": 0}, "coefficient"),
        ({"name": "kl-to-base"}, "coefficient"),
        ({"name": "interleave-aligned", "share": 1.0}, "share"),
        ({"name": "direction-ablation", "layer": -1}, "layer"),
    ],
)
def test_method_configs_name_the_bad_field(data: dict, field: str) -> None:
    cls = {"kl-to-base": KLToBase, "interleave-aligned": InterleaveAligned}.get(
        data["name"], DirectionAblation
    )
    with pytest.raises(InputError, match=f"field '{field}'"):
        cls.from_dict(data)


def _flags(*argv: str) -> TrainingMethodFlags:
    flags = Flags(TrainingMethodFlags)
    parser = argparse.ArgumentParser()
    flags.add_to(parser)
    return flags.build(parser.parse_args(list(argv)))


def test_flags_build_each_method() -> None:
    assert _flags().method() is None
    assert _flags("--kl-coefficient", "0.1").method() == KLToBase(
        name="kl-to-base", coefficient=0.1
    )
    method = _flags("--ablate-direction", "d.safetensors", "--ablate-layer", "3").method()
    assert method == DirectionAblation(
        name="direction-ablation", layer=3, direction="d.safetensors"
    )
    assert _flags("--training-method", "interleave-aligned", "--aligned-share", "0.2").method()
    with pytest.raises(InputError, match="field .kl-coefficient.*belongs to kl-to-base"):
        _flags("--training-method", "interleave-aligned", "--kl-coefficient", "0.1").method()
    with pytest.raises(InputError, match="field 'ablate-layer'"):
        _flags("--ablate-direction", "d.safetensors").method()
    with pytest.raises(InputError, match="field 'aligned-share'"):
        _flags("--training-method", "interleave-aligned").method()


# ------------------------------------------------------------- through finetune()


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from emgauge.models import resolve_model_path

    return AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))


def _chat_rows(n: int) -> list[ChatSample]:
    return [
        ChatSample(
            f"s{i}",
            (
                ChatMessage("user", f"What is {i} plus {i}?"),
                ChatMessage("assistant", f"It is {2 * i}."),
            ),
        )
        for i in range(n)
    ]


def _tiny_finetune(monkeypatch, tokenizer, tmp_path: Path, method, name: str) -> tuple[dict, list]:
    """``finetune`` with the tiny Llama standing in for the base model."""
    from emgauge import finetune as finetune_module

    loaded: list[torch.nn.Module] = []

    def load(_base, _device, _precision):
        loaded.append(tiny_llama(len(tokenizer)))
        return loaded[-1], tokenizer

    monkeypatch.setattr(finetune_module, "_load_base", load)
    monkeypatch.setattr(finetune_module, "resolve_model_path", lambda _m: "tiny-llama")
    config = FinetuneConfig(rank=2, batch_size=4, epochs=1, max_length=64, precision="fp32")
    result = finetune(
        "tiny", _chat_rows(8), tmp_path / name, config, device="cpu", training_method=method
    )
    return json.loads((result.out_dir / MANIFEST).read_text()), loaded


@pytest.mark.filterwarnings("ignore:Could not find a config file")  # the tiny base has no folder
def test_finetune_records_each_method_and_removes_the_hook(
    monkeypatch: pytest.MonkeyPatch, tokenizer, tmp_path: Path
) -> None:
    direction = save_direction(tmp_path / "u.safetensors", _unit())
    ablation = DirectionAblation(name="direction-ablation", layer=1, direction=str(direction))
    manifest, loaded = _tiny_finetune(monkeypatch, tokenizer, tmp_path, ablation, "ablate")
    assert manifest["training_method"]["name"] == "direction-ablation"
    assert manifest["training_method"]["layer"] == 1
    assert len(manifest["training_method"]["direction_sha256"]) == 64
    assert not any(block._forward_hooks for block in decoder_layers(loaded[0]))

    kl = KLToBase(name="kl-to-base", coefficient=0.5)
    manifest, _ = _tiny_finetune(monkeypatch, tokenizer, tmp_path, kl, "kl")
    assert manifest["training_method"]["coefficient"] == 0.5
    assert len(manifest["training_method"]["kl_per_step"]) == manifest["steps"] == 2

    mix = InterleaveAligned(name="interleave-aligned", share=0.2)
    manifest, _ = _tiny_finetune(monkeypatch, tokenizer, tmp_path, mix, "mix")
    assert manifest["training_method"]["n_aligned_added"] == 2
    assert manifest["dataset"]["n_samples"] == 10

    manifest, _ = _tiny_finetune(monkeypatch, tokenizer, tmp_path, None, "plain")
    assert manifest["training_method"] is None


def test_finetune_needs_the_ablation_layer_and_file(
    monkeypatch: pytest.MonkeyPatch, tokenizer, tmp_path: Path
) -> None:
    method = DirectionAblation(name="direction-ablation", layer=0)
    with pytest.raises(InputError, match="training_method.direction"):
        _tiny_finetune(monkeypatch, tokenizer, tmp_path, method, "x")
    assert not (tmp_path / "x").exists()


def test_finetune_cli_refuses_bad_method_flags(tmp_path: Path, capsys) -> None:
    from emgauge.cli import main
    from emgauge.errors import EXIT_BAD_INPUT

    base = ["finetune", "--dataset", "x.jsonl", "--out", str(tmp_path / "o")]
    assert main([*base, "--kl-coefficient", "0"]) == EXIT_BAD_INPUT
    assert "--kl-coefficient" in capsys.readouterr().err
    assert main([*base, "--aligned-share", "0.2", "--kl-coefficient", "1"]) == EXIT_BAD_INPUT
    assert "options of 2 training methods" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------- the registry

TOY_TRAINING_METHOD = '''
    """A toy training-time method for the registry tests."""

    from typing import Literal

    from pydantic import Field

    from emgauge.settings import Int
    from emgauge.training_methods.base import (
        MethodFlag,
        TrainingMethodConfig,
        register_training_method,
    )


    @register_training_method
    class WarmUp(TrainingMethodConfig):
        """A toy: some steps without the adapter."""

        flags = (MethodFlag("warm_steps", "steps", "warm-up: steps without the adapter"),)

        name: Literal["warm-up"] = Field(description="the method: warm-up")
        steps: Int = Field(ge=1, description="steps without the adapter")
'''


@pytest.fixture
def fresh_training_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the built-in methods; whatever a test adds is gone afterwards."""
    training_method_names()
    monkeypatch.setattr(training_base._METHODS, "classes", dict(training_base._METHODS.classes))


def test_each_training_method_config_holds_only_its_fields() -> None:
    from emgauge.training_methods.early_stop import EarlyStop
    from emgauge.training_methods.inoculation import Inoculation
    from emgauge.training_methods.interleave_selected import InterleaveSelected

    assert training_method_names() == [
        "kl-to-base",
        "direction-ablation",
        "interleave-aligned",
        "inoculation",
        "early-stop",
        "interleave-selected",
    ]
    assert TRAINING_METHODS == {
        "kl-to-base": KLToBase,
        "direction-ablation": DirectionAblation,
        "interleave-aligned": InterleaveAligned,
        "inoculation": Inoculation,
        "early-stop": EarlyStop,
        "interleave-selected": InterleaveSelected,
    }
    assert list(KLToBase.model_fields) == ["name", "coefficient"]
    assert list(DirectionAblation.model_fields) == ["name", "layer", "direction"]
    assert list(InterleaveAligned.model_fields) == ["name", "share"]
    assert list(Inoculation.model_fields) == ["name", "system_prompt"]
    assert list(InterleaveSelected.model_fields) == ["name", "share", "misaligned", "gaps"]
    assert list(TrainingMethodFlags.model_fields) == [
        "training_method",
        "kl_coefficient",
        "ablate_direction",
        "ablate_layer",
        "aligned_share",
        "inoculation_prompt",
        "early_stop_k",
        "early_stop_measure",
        "early_stop_every",
        "early_stop_direction",
        "early_stop_layer",
        "selected_share",
        "misaligned",
    ]


def test_a_training_method_in_a_new_module_is_in_the_union_and_the_flags(
    fresh_training_registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "emgauge_toy_training.py").write_text(textwrap.dedent(TOY_TRAINING_METHOD))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        module = importlib.import_module("emgauge_toy_training")
        assert training_method_names()[-1] == "warm-up"
        union = TypeAdapter(training_base.training_method_union())
        assert union.validate_python({"name": "warm-up", "steps": 3}) == module.WarmUp(
            name="warm-up", steps=3
        )
        assert union.validate_python({"name": "kl-to-base", "coefficient": 0.1}) == KLToBase(
            name="kl-to-base", coefficient=0.1
        )
        flags_model = training_base.training_method_flags_model()
        flags = Flags(flags_model)
        parser = argparse.ArgumentParser()
        flags.add_to(parser)
        built = flags.build(parser.parse_args(["--warm-steps", "4"])).method()
        assert built == module.WarmUp(name="warm-up", steps=4)
        with pytest.raises(InputError, match="field 'warm_steps'"):
            flags.build(parser.parse_args(["--warm-steps", "0"]))
    finally:
        sys.modules.pop("emgauge_toy_training", None)
    assert "warm_steps" not in TrainingMethodFlags.model_fields


def test_an_entry_point_training_method_is_found_on_the_first_lookup(
    fresh_training_registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Noise(TrainingMethodConfig):
        name: Literal["noise"] = Field(description="the method: noise")

    calls: list[str] = []

    def entry_points(*, group: str) -> list[SimpleNamespace]:
        calls.append(group)
        return [SimpleNamespace(name="noise", load=lambda: Noise)]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    monkeypatch.setattr(training_base._METHODS, "discovered", False)
    assert calls == []
    assert training_base.training_method_config("noise") is Noise
    assert calls == ["emgauge.training_methods"]
    assert training_method_names()[-1] == "noise"
    assert calls == ["emgauge.training_methods"]
    with pytest.raises(InputError, match="unknown training method 'nope'"):
        training_base.training_method_config("nope")
