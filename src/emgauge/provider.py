"""The ``emgauge/`` Inspect model provider: local Hugging Face models, offline.

* ``emgauge/smollm2``: the embedded SmolLM2-135M-Instruct (prepared on first use).
* ``emgauge/<folder>``: any local Hugging Face model folder (a merged checkpoint, say).
* ``emgauge/<base>:<adapter>``: a base model with a LoRA adapter folder applied, the same
  ``base:adapter`` spelling that Inspect's ``vllm/`` provider serves adapters with, so one
  checkpoint name works on a laptop and on a vLLM server.

It is Inspect's ``hf/`` provider with three differences: short names resolve to the local
cache (never the hub), temperature 0 means greedy decoding (the ``hf/`` provider refuses
it), and on CPU the weights load in bfloat16 only where the CPU runs bf16 natively
(:func:`emgauge.precision.choose_precision`; about twice as fast there, several times
slower where bf16 is emulated), else in float32; ``-M dtype=...`` overrides it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from inspect_ai.model import ChatMessage, GenerateConfig, ModelOutput
from inspect_ai.model._providers.hf import HuggingFaceAPI
from inspect_ai.tool import ToolChoice, ToolInfo

from emgauge.errors import InputError
from emgauge.models import resolve_model_path
from emgauge.precision import choose_precision


def split_adapter(model_name: str) -> tuple[str, str | None]:
    """``base:adapter`` -> (base, adapter); a plain name has no adapter."""
    base, sep, adapter = model_name.partition(":")
    return (base, adapter) if sep and adapter else (model_name, None)


class LocalHFModelAPI(HuggingFaceAPI):
    """Inspect model API for local Hugging Face models (see module docstring)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        **model_args: Any,
    ) -> None:
        base, adapter = split_adapter(model_name)
        model_args.setdefault("model_path", resolve_model_path(base))
        cuda = torch.cuda.is_available()
        if "dtype" in model_args:
            model_args["dtype"] = getattr(torch, str(model_args["dtype"]))
        elif cuda:
            bf16 = torch.cuda.is_bf16_supported()
            model_args["dtype"] = torch.bfloat16 if bf16 else torch.float16
        else:
            chosen = choose_precision("auto", "cpu", stage="evaluation")
            model_args["dtype"] = torch.float32 if chosen.mode == "fp32" else torch.bfloat16
        if adapter is not None and not (Path(adapter) / "adapter_config.json").is_file():
            raise InputError(
                "not a LoRA adapter folder (no adapter_config.json)",
                path=adapter,
                fix="pass the folder written by `emgauge finetune`",
            )
        super().__init__(model_name, base_url, api_key, config, **model_args)
        self._default_do_sample = self.do_sample
        if adapter is not None:
            from peft import PeftModel

            self.model = PeftModel.from_pretrained(self.model, adapter).merge_and_unload()
            self.model.eval()

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        # Read synchronously before the first await, so concurrent calls cannot interleave.
        greedy = config.temperature == 0
        self.do_sample = False if greedy else self._default_do_sample
        if greedy:
            config = config.model_copy(update={"temperature": None, "top_p": None, "top_k": None})
        return await super().generate(input, tools, tool_choice, config)
