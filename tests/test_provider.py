"""The emgauge/ model provider's naming contract (mirrors vllm/<base>:<adapter>)."""

import json
from types import SimpleNamespace

import pytest
from inspect_ai.model._providers._vllm_lora import LoRAAdapter

from emgauge.errors import InputError
from emgauge.models import is_embedded, resolve_model_path
from emgauge.provider import LocalHFModelAPI, split_adapter


def test_split_adapter_matches_the_vllm_spelling(tmp_path):
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    assert split_adapter(f"smollm2:{adapter}") == ("smollm2", str(adapter))
    assert split_adapter("smollm2") == ("smollm2", None)
    # Inspect's vllm provider reads the same suffix as a local adapter path.
    assert LoRAAdapter.from_suffix(str(adapter)).path == str(adapter)


def test_short_names_resolve_to_the_cache_and_others_pass_through():
    assert is_embedded("smollm2") and is_embedded("emgauge/smollm2")
    assert resolve_model_path("org/some-model") == "org/some-model"


def test_adapter_folder_without_config_is_rejected(tmp_path):
    with pytest.raises(InputError, match="not a LoRA adapter folder"):
        LocalHFModelAPI(f"smollm2:{tmp_path}")


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
    from inspect_ai.model._providers.hf import HuggingFaceAPI

    from emgauge import provider

    chosen = SimpleNamespace(mode=mode)
    seen = {}

    def fake_init(self, model_name, base_url, api_key, config, **args):
        seen.update(args)
        self.do_sample = True

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(provider, "choose_precision", lambda *a, **k: chosen)
    monkeypatch.setattr(HuggingFaceAPI, "__init__", fake_init)
    LocalHFModelAPI("smollm2", **model_args)
    assert seen["dtype"] == getattr(torch, expected)
