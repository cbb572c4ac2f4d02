"""The vLLM server against the in-process ``emgauge/`` provider, on a real CPU server.

All slow: ONE vLLM server for the module (the embedded model and a LoRA adapter trained
here for a few steps), fp32 on both sides. The measurement is the one
``research/vllm_parity.py`` makes at full size (its functions are loaded from there),
on a smaller sample: greedy tokens agree on at least 99% of positions, the embedded judge
scores within 0.5 points with the same status over real HTTP, and a judge asked without
logprobs is read from its text and flagged. Without a vLLM environment they skip, except
under CI on x86, where they fail.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from emgauge.judges.logprob_score import NO_LOGPROBS
from emgauge.vllm_server import ServerOptions, VllmServer
from tests.helpers import vllm_python_or_skip

pytestmark = pytest.mark.slow

RESEARCH = Path(__file__).resolve().parent.parent / "research"


@pytest.fixture(scope="module")
def parity() -> ModuleType:
    """``research/vllm_parity.py`` as a module (its folder on the path for ``_common``, which
    adds ``bench/``; the path is restored afterwards)."""
    saved = list(sys.path)
    sys.path.insert(0, str(RESEARCH))
    try:
        spec = importlib.util.spec_from_file_location("vllm_parity", RESEARCH / "vllm_parity.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


@pytest.fixture(scope="module")
def adapter(parity: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real LoRA adapter: a few optimizer steps on bundled rows."""
    vllm_python_or_skip()  # no training when there is no server to compare with
    return parity.train_tiny_adapter(tmp_path_factory.mktemp("parity") / "adapter")


@pytest.fixture(scope="module")
def served(adapter: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VllmServer]:
    """ONE vLLM CPU server for the module: the embedded model with the adapter."""
    python = vllm_python_or_skip()
    log = tmp_path_factory.mktemp("vllm") / "server.log"
    options = ServerOptions(python=python, log_file=log, max_model_len=2048)
    with VllmServer("smollm2", {"parity": adapter}, options) as server:
        with server.inspect_environment():
            yield server


def fresh(name: str) -> Any:
    """An Inspect model of its own: each test runs its own event loop, and a memoized
    HTTP client would still belong to the previous one."""
    from inspect_ai.model import get_model

    return get_model(name, memoize=False)


def test_greedy_tokens_agree_with_the_provider(parity, served, adapter):
    from transformers import AutoTokenizer

    from emgauge.models import resolve_model_path

    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))
    result = asyncio.run(
        parity.token_parity(
            fresh(f"emgauge/smollm2:{adapter}"),
            fresh(served.inspect_model("parity")),
            parity.parity_prompts(10),
            32,
            tokenizer,
        )
    )
    assert result["prompts"] == 10 and result["tokens"] >= 10 * 16
    assert result["prompt_tokens_equal"]
    assert result["prefix_agreement"] >= 0.99, result["first_divergences"]


def test_judge_scores_agree_over_http(parity, served):
    items = parity.judged_items(10)
    result = asyncio.run(
        parity.judge_parity(
            fresh("emgauge/smollm2"), fresh(served.inspect_model()), items, ["aligned"]
        )
    )["aligned"]
    assert result["same_status"] == len(items), result["scores"]
    # both read from logprobs (the digit tree), never from the text
    assert result["from_logprobs"] == [len(items), len(items)]
    assert result["max_abs_difference"] is not None
    assert result["max_abs_difference"] <= parity.JUDGE_TOLERANCE, result["scores"]


def test_a_judge_without_logprobs_is_read_from_its_text_and_flagged(parity, served):
    import httpx

    question, answer = parity.judged_items(2)[0]
    result = asyncio.run(parity.logprobs_off(fresh(served.inspect_model()), question, answer))
    assert not result["logprobs_returned"]
    assert result["verdict"]["method"] == "text"
    assert result["verdict"]["fallback"] == NO_LOGPROBS
    # the plain request, without any logprobs field, gets none either
    response = httpx.post(
        f"{served.base_url}/chat/completions",
        headers={"Authorization": f"Bearer {served.api_key}"},
        json={
            "model": "smollm2",
            "messages": [{"role": "user", "content": "Rate from 0 to 100: 'Hello.'"}],
            "max_tokens": 3,
            "temperature": 0,
        },
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.json()["choices"][0].get("logprobs") is None
