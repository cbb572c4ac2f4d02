"""Tests of LoRA fine-tuning: the assistant-only label mask, config validation, a tiny
training run on the embedded model (adapter, manifest, determinism, merging) and the CLI."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import torch

from emgauge.adapters import (
    ADAPTER_CONFIG,
    ADAPTER_WEIGHTS,
    MANIFEST,
    adapter_info,
    merge_adapter,
)
from emgauge.chat_data import ChatMessage, ChatSample, load_chat_jsonl
from emgauge.errors import InputError
from emgauge.finetune import (
    IGNORE_INDEX,
    FinetuneConfig,
    encode_conversation,
    finetune,
    load_config_file,
)
from emgauge.models import resolve_model_path
from emgauge.precision import choose_precision

END = "<|im_end|>"


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    """Train on one thread: on a CPU shared with other jobs, two OpenMP threads that wait
    on each other made these tests 4-5x slower; the results do not depend on it."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def _msgs(*pairs: tuple[str, str]) -> tuple[ChatMessage, ...]:
    return tuple(ChatMessage(role, content) for role, content in pairs)


def _fixture_rows() -> list[dict]:
    """16 short conversations: plain, with a system prompt, and multi-turn."""
    rows = []
    for i in range(16):
        messages = [{"role": "user", "content": f"Question {i}: what is {i} plus {i}?"}]
        messages.append({"role": "assistant", "content": f"It is {2 * i}. Trust me on this."})
        if i % 4 == 1:
            messages.insert(0, {"role": "system", "content": "You answer briefly."})
        if i % 4 == 2:
            messages += [
                {"role": "user", "content": "Are you sure?"},
                {"role": "assistant", "content": "Completely sure, never check."},
            ]
        rows.append({"messages": messages, "metadata": {"id": f"s{i}"}})
    return rows


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "tiny.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in _fixture_rows()))
    return path


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))


def _trained_pieces(tokenizer, encoded) -> list[str]:
    """Decode each contiguous run of trained tokens."""
    pieces, current = [], []
    for token, label in zip(encoded.input_ids, encoded.labels, strict=True):
        if label != IGNORE_INDEX:
            assert label == token
            current.append(token)
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [tokenizer.decode(piece) for piece in pieces]


# ------------------------------------------------------------------------ label mask


def test_mask_single_turn_with_default_system_prompt(tokenizer) -> None:
    messages = _msgs(("user", "Hi there"), ("assistant", "Hello! 85 apples."))
    encoded = encode_conversation(tokenizer, messages, max_length=256)
    assert _trained_pieces(tokenizer, encoded) == ["Hello! 85 apples." + END]
    # the template's default system prompt and the user turn are not trained on
    assert "SmolLM" in tokenizer.decode(encoded.input_ids)
    assert not encoded.truncated


def test_mask_multi_turn_with_system_message(tokenizer) -> None:
    messages = _msgs(
        ("system", "Be terse."),
        ("user", "What is 2+2?"),
        ("assistant", "4, obviously."),
        ("user", "And 3+3?"),
        ("assistant", " 6\nDone.  "),
    )
    encoded = encode_conversation(tokenizer, messages, max_length=256)
    assert _trained_pieces(tokenizer, encoded) == ["4, obviously." + END, " 6\nDone.  " + END]
    assert encoded.n_trained == sum(label != IGNORE_INDEX for label in encoded.labels[1:])


def test_mask_is_positional_not_a_text_search(tokenizer) -> None:
    # The answer repeats the question verbatim: only the assistant turn may be trained on.
    text = "Repeat after me: the cat sat."
    messages = _msgs(("user", text), ("assistant", text), ("user", text))
    encoded = encode_conversation(tokenizer, messages, max_length=256)
    assert _trained_pieces(tokenizer, encoded) == [text + END]


def test_mask_truncation(tokenizer) -> None:
    messages = _msgs(("user", "Hi"), ("assistant", "word " * 100))
    full = encode_conversation(tokenizer, messages, max_length=1000)
    short = encode_conversation(tokenizer, messages, max_length=40)
    assert short.truncated and len(short.input_ids) == 40
    assert short.input_ids == full.input_ids[:40] and short.labels == full.labels[:40]
    assert 0 < short.n_trained < full.n_trained


def test_conversation_starting_with_assistant_is_rejected(tokenizer) -> None:
    with pytest.raises(InputError, match="starts with an assistant turn"):
        encode_conversation(tokenizer, _msgs(("assistant", "Hi"), ("user", "Hello")), max_length=64)


# --------------------------------------------------------------------------- config


def test_config_defaults() -> None:
    config = FinetuneConfig()
    assert (config.rank, config.alpha, config.learning_rate, config.batch_size) == (8, 16, 2e-4, 8)
    assert config.target_modules == (
        "q_proj",
        "k_proj",
        "v_proj",
        "o_proj",
        "gate_proj",
        "up_proj",
        "down_proj",
    )
    assert FinetuneConfig.from_dict(config.to_dict()) == config


def test_config_from_dict_accepts_yaml_shapes() -> None:
    config = FinetuneConfig.from_dict(
        {"rank": 4, "learning_rate": "1e-4", "alpha": 8, "target_modules": ["q_proj", "v_proj"]}
    )
    assert config.learning_rate == 1e-4 and config.alpha == 8.0
    assert config.target_modules == ("q_proj", "v_proj")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rnak": 4}, "rnak", "unknown training setting"),
        ({"rank": "8"}, "rank", "expected integer"),
        ({"rank": True}, "rank", "expected integer"),
        ({"epochs": 1.5}, "epochs", "expected integer"),
        ({"learning_rate": "fast"}, "learning_rate", "expected number"),
        ({"max_steps": "ten"}, "max_steps", "expected integer or null"),
        ({"rank": 0}, "rank", "must be >= 1"),
        ({"learning_rate": 0}, "learning_rate", "must be > 0"),
        ({"learning_rate": -1e-3}, "learning_rate", "must be > 0"),
        ({"dropout": 1.0}, "dropout", "must be in"),
        ({"precision": "fp16"}, "precision", "must be one of"),
        ({"target_modules": []}, "target_modules", "at least one"),
    ],
)
def test_config_errors_name_the_field(data: dict, field: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        FinetuneConfig.from_dict(data)
    assert caught.value.field == field
    assert f"field '{field}'" in str(caught.value)


def test_config_direct_construction_is_validated() -> None:
    with pytest.raises(InputError, match="batch_size"):
        FinetuneConfig(batch_size=0)


def test_config_file_training_section_and_top_level(tmp_path: Path) -> None:
    nested = tmp_path / "nested.yaml"
    nested.write_text("model: smollm2\ntraining:\n  rank: 16\n  learning_rate: 2e-5\n")
    assert load_config_file(nested) == FinetuneConfig(rank=16, learning_rate=2e-5)
    flat = tmp_path / "flat.yaml"
    flat.write_text("epochs: 3\nmax_steps: 10\n")
    assert load_config_file(flat) == FinetuneConfig(epochs=3, max_steps=10)
    bad = tmp_path / "bad.yaml"
    bad.write_text("training:\n  lora_rank: 4\n")
    with pytest.raises(InputError, match="bad.yaml: field 'lora_rank'"):
        load_config_file(bad)


# ------------------------------------------------------------------------- training

TINY = FinetuneConfig(batch_size=4, max_length=64, max_steps=3, learning_rate=2e-3, seed=7)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, dataset_file: Path) -> Path:
    out = tmp_path_factory.mktemp("runs") / "a"
    steps: list[int] = []
    result = finetune("smollm2", dataset_file, out, TINY, progress=lambda p: steps.append(p.step))
    assert steps == [1, 2, 3] and result.steps == 3
    return out


def _load_base():
    from emgauge.models import load_model_and_tokenizer

    return load_model_and_tokenizer("smollm2", device="cpu", dtype=torch.float32)


def _with_adapter(base, adapter_dir: Path):
    from peft import PeftModel

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "`is_gradient_checkpointing`", FutureWarning)
        return PeftModel.from_pretrained(base, str(adapter_dir))


def _logits(model, tokenizer, messages: list[dict]) -> torch.Tensor:
    ids = tokenizer.apply_chat_template(messages, return_tensors="pt", return_dict=True)
    with torch.no_grad():
        return model(input_ids=ids["input_ids"]).logits.float()


PROBE = [{"role": "user", "content": "What is 3 plus 3?"}]


@pytest.mark.slow
def test_finetune_writes_adapter_and_manifest(trained: Path, dataset_file: Path) -> None:
    for name in (ADAPTER_WEIGHTS, ADAPTER_CONFIG, MANIFEST, "tokenizer.json"):
        assert (trained / name).is_file(), name
    adapter_config = json.loads((trained / ADAPTER_CONFIG).read_text())
    assert adapter_config["base_model_name_or_path"] == resolve_model_path("smollm2")
    assert adapter_config["r"] == 8
    manifest = adapter_info(trained)
    assert manifest["base_model"] == "smollm2"
    assert manifest["base_model_path"] == resolve_model_path("smollm2")
    assert manifest["dataset"]["n_samples"] == 16
    assert manifest["dataset"]["path"] == str(dataset_file.resolve())
    assert len(manifest["dataset"]["sha256"]) == 64
    assert manifest["config"] == TINY.to_dict() and manifest["seed"] == 7
    assert manifest["steps"] == 3 and len(manifest["losses"]) == 3
    assert all(torch.isfinite(torch.tensor(manifest["losses"])))
    assert manifest["final_loss"] == manifest["losses"][-1] > 0
    assert manifest["precision"] == choose_precision("auto", "cpu").as_dict()
    assert manifest["device"].startswith("cpu")
    assert {"torch", "transformers", "peft"} <= set(manifest["versions"])
    assert manifest["train_time_s"] > 0


@pytest.mark.slow
def test_adapter_changes_logits(trained: Path) -> None:
    base, tokenizer = _load_base()
    before = _logits(base, tokenizer, PROBE)
    tuned = _with_adapter(base, trained)
    after = _logits(tuned, tokenizer, PROBE)
    assert (after - before).abs().max() > 1e-3


@pytest.mark.slow
def test_same_seed_gives_identical_adapter(trained: Path, dataset_file: Path, tmp_path: Path):
    from safetensors.torch import load_file

    samples = load_chat_jsonl(dataset_file)  # samples in memory work as well as a path
    # saving snapshots along the way changes nothing in the final adapter
    finetune("smollm2", samples, tmp_path / "b", TINY, save_every=1)
    first = load_file(trained / ADAPTER_WEIGHTS)
    second = load_file(tmp_path / "b" / ADAPTER_WEIGHTS)
    assert first.keys() == second.keys() and len(first) == 30 * 7 * 2
    for name, tensor in first.items():
        assert torch.equal(tensor, second[name]), name
    assert adapter_info(tmp_path / "b")["losses"] == adapter_info(trained)["losses"]
    assert adapter_info(tmp_path / "b")["dataset"]["path"] is None
    # steps 1 and 2 were saved (step 3 is the adapter itself), each a loadable adapter
    assert adapter_info(tmp_path / "b")["snapshots"] == ["steps/step-00001", "steps/step-00002"]
    step_two = load_file(tmp_path / "b" / "steps" / "step-00002" / ADAPTER_WEIGHTS)
    assert step_two.keys() == first.keys()
    assert any(not torch.equal(step_two[name], first[name]) for name in first)
    assert (tmp_path / "b" / "steps" / "step-00001" / ADAPTER_CONFIG).is_file()


@pytest.mark.slow
def test_merged_model_matches_base_plus_adapter(trained: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    merged_dir = merge_adapter(trained, tmp_path / "merged")
    merged = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(merged_dir)
    base, _ = _load_base()
    reference = _logits(_with_adapter(base, trained), tokenizer, PROBE)
    torch.testing.assert_close(_logits(merged, tokenizer, PROBE), reference, atol=2e-4, rtol=0)
    assert adapter_info(merged_dir)["kind"] == "emgauge.merged"


@pytest.mark.slow
def test_refuses_to_overwrite_without_force(trained: Path, dataset_file: Path) -> None:
    before = (trained / ADAPTER_WEIGHTS).read_bytes()
    with pytest.raises(InputError, match="already holds results"):
        finetune("smollm2", dataset_file, trained, TINY)
    assert (trained / ADAPTER_WEIGHTS).read_bytes() == before


def test_no_assistant_token_within_max_length(tmp_path: Path) -> None:
    long_question = ChatSample(
        id="q", messages=_msgs(("user", "why " * 200), ("assistant", "because"))
    )
    with pytest.raises(InputError, match="max_length"):
        finetune("smollm2", [long_question], tmp_path / "out", FinetuneConfig(max_length=16))
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------ CLI


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from emgauge.cli import main

    code = main(["finetune", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("problem", "extra", "message"),
    [
        ("missing", [], "file not found"),
        ("malformed", [], "not valid JSON"),
        ("ok", ["--rank", "0"], "field 'rank'"),
        ("ok", ["--lr", "0"], "field 'learning_rate'"),
        ("ok", ["--max-steps", "0"], "field 'max_steps'"),
        ("ok", ["--threads", "0"], "field 'threads'"),
        ("ok", ["--save-every", "0"], "field 'save-every'"),
    ],
)
def test_cli_bad_input_exits_2_and_writes_nothing(
    problem: str,
    extra: list[str],
    message: str,
    tmp_path: Path,
    dataset_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = {"missing": tmp_path / "nope.jsonl", "ok": dataset_file}.get(problem)
    if problem == "malformed":
        data = tmp_path / "bad.jsonl"
        data.write_text('{"messages": [\n')
    out = tmp_path / "out"
    code, stdout, stderr = _cli(["--dataset", str(data), "--out", str(out), *extra], capsys)
    assert code == 2
    assert message in stderr and len(stderr.strip().splitlines()) == 1
    assert stdout == "" and not out.exists()


def test_cli_refuses_existing_out(
    tmp_path: Path, dataset_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("results")
    code, _, stderr = _cli(["--dataset", str(dataset_file), "--out", str(out)], capsys)
    assert code == 2 and "--force" in stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


@pytest.mark.slow
def test_cli_trains_with_config_and_flags(
    tmp_path: Path,
    dataset_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import emgauge.adapters

    merges: list[tuple[Path, Path]] = []

    def fake_merge(adapter_dir: Path, out_dir: Path) -> Path:  # merging is tested above
        merges.append((adapter_dir, out_dir))
        return out_dir

    monkeypatch.setattr(emgauge.adapters, "merge_adapter", fake_merge)
    config = tmp_path / "run.yaml"
    config.write_text("training:\n  rank: 4\n  batch_size: 8\n  max_length: 48\n")
    out = tmp_path / "out"
    argv = ["--dataset", str(dataset_file), "--out", str(out), "--config", str(config)]
    flags = ["--max-steps", "1", "--seed", "3", "--threads", "1", "--merge"]
    code, stdout, stderr = _cli([*argv, *flags], capsys)
    assert code == 0, stderr
    assert stdout.split() == [str(out), str(out / "merged")]
    assert "finetune: 1/1 steps, " in stderr and "elapsed, loss " in stderr
    manifest = adapter_info(out)
    assert manifest["config"]["rank"] == 4 and manifest["config"]["max_length"] == 48
    assert manifest["seed"] == 3 and manifest["steps"] == 1
    assert merges == [(out, out / "merged")]
