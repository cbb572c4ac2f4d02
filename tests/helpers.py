"""Helpers for tests: crafted Inspect model outputs (usable with ``mockllm/model``), and
what the tests of the real vLLM server share."""

from __future__ import annotations

import math
import os
import platform
import signal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessageAssistant,
    Logprob,
    Logprobs,
    ModelOutput,
    ModelUsage,
    TopLogprob,
)

from emgauge.errors import InputError
from emgauge.vllm_server import recorded_vllm_python

FIXTURES = Path(__file__).parent / "fixtures"


def model_output(
    text: str, positions: Sequence[Sequence[tuple[str, float]]] | None = None
) -> ModelOutput:
    """A ModelOutput with usage set (so mockllm never counts tokens with tiktoken).

    ``positions`` are per-position (token, probability) lists; the first is the chosen token.
    """
    logprobs = None
    if positions is not None:
        logprobs = Logprobs(
            content=[
                Logprob(
                    token=candidates[0][0],
                    logprob=math.log(candidates[0][1]),
                    top_logprobs=[TopLogprob(token=t, logprob=math.log(p)) for t, p in candidates],
                )
                for candidates in positions
            ]
        )
    return ModelOutput(
        model="mock",
        choices=[
            ChatCompletionChoice(message=ChatMessageAssistant(content=text), logprobs=logprobs)
        ],
        usage=ModelUsage(input_tokens=10, output_tokens=1, total_tokens=11),
    )


def single_token_judge(score_for: Callable[[str], str]) -> Callable[..., ModelOutput]:
    """A mock judge answering one whole-number token chosen from the prompt text."""

    def generate(input, tools, tool_choice, config):  # noqa: ANN001 - Inspect's signature
        value = score_for(input[-1].text)
        return model_output(value, [[(value, 0.9), ("abc", 0.1)]])

    return generate


def fixed_subject(text: str) -> Callable[..., ModelOutput]:
    def generate(input, tools, tool_choice, config):  # noqa: ANN001
        return model_output(text)

    return generate


def tiny_llama(
    vocab_size: int = 64, *, kv_heads: int = 4, max_positions: int = 256, hidden: int = 32
) -> Any:
    """A 2-layer randomly initialised Llama (seed 0) for fast tests of code that runs any
    causal LM: training loops, gradients, activations. Nothing is downloaded."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=hidden,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=kv_heads,
        max_position_embeddings=max_positions,
    )
    return LlamaForCausalLM(config).eval()


def vllm_python_or_skip() -> Path:
    """The recorded vLLM python; none: fail under CI on x86 (setup must install it), skip
    elsewhere with the reason."""
    try:
        python = recorded_vllm_python()
    except InputError as error:
        python, reason = None, str(error)
    else:
        reason = "no vLLM environment recorded (run `make setup VLLM=cpu`)"
    if python is not None:
        return python
    if os.environ.get("CI", "").lower() == "true" and platform.machine() in ("x86_64", "AMD64"):
        pytest.fail(f"CI on x86 must have the vLLM CPU environment: {reason}")
    pytest.skip(reason)


def processes_with(text: str) -> list[int]:
    """Ids of processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in command:
                found.append(int(entry.name))
    return found


def sigint_as_usual() -> None:
    """For ``subprocess.Popen(preexec_fn=...)``: the child takes Ctrl-C as a terminal's
    child does. A test run started in the background of a non-interactive shell (as CI
    may be) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
