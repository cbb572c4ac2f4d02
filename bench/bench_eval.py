"""Benchmark of the evaluation harness on the embedded model (CPU).

Measures, on the same prompts:

1. Harness overhead: wall time of Inspect generating the answers (``score=False``)
   against a bare batched ``model.generate`` over the same chat-templated prompts, with
   the same weights (one load, shared), dtype, thread count, batch (all prompts in one
   call), sampling settings and token budget. The model load is timed on its own and
   excluded from both. After one untimed warm-up of each, the two alternate for
   ``--repeats`` rounds (the machine may be shared); the ratio is of the medians.
2. Judge cost per scored answer: judge calls and tokens on the first scoring, and on a
   re-scoring of the same log (served from Inspect's cache: no new calls).

Run: ``python bench/bench_eval.py [--questions-per-set N] [--max-tokens N] [--threads N]``,
or ``--tiny`` (``make bench``). Writes ``bench/results/eval.json`` (label ``full`` or ``tiny``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from _record import FULL, TINY, machine_record, parse_args, save_result

RESULTS = Path(__file__).parent / "results" / "eval.json"


def judge_usage(log) -> dict[str, float]:  # noqa: ANN001 - an Inspect EvalLog
    """Count the grader's model calls (and cache reads) and tokens in a scored log."""
    calls = cached = input_tokens = output_tokens = 0
    for sample in log.samples or []:
        for event in sample.events:
            if getattr(event, "event", None) != "model" or event.role != "grader":
                continue
            if event.cache == "read":
                cached += 1
                continue
            calls += 1
            usage = event.output.usage
            if usage is not None:
                input_tokens += usage.input_tokens
                output_tokens += usage.output_tokens
    return {
        "calls": calls,
        "cache_reads": cached,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
    }


def bare_generate(
    model: Any, tokenizer: Any, prompts: list[list[dict[str, str]]], max_tokens: int
) -> tuple[float, int]:
    """Seconds and generated length of one batched ``generate`` over every prompt."""
    import torch

    texts = [
        tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
        for p in prompts
    ]
    start = time.perf_counter()
    encoded = tokenizer(texts, return_tensors="pt", padding=True)  # padded on the left
    with torch.inference_mode():
        sequences = model.generate(
            **encoded,
            max_new_tokens=max_tokens,
            do_sample=True,
            temperature=1.0,
            pad_token_id=tokenizer.pad_token_id,
        )
    return time.perf_counter() - start, sequences.shape[1] - encoded["input_ids"].shape[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions-per-set", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's)")
    args = parse_args(parser, {"questions_per_set": 1, "max_tokens": 24, "repeats": 1})

    scratch = Path(tempfile.mkdtemp(prefix="emgauge-bench-"))
    os.environ["INSPECT_CACHE_DIR"] = str(scratch / "cache")  # a cold judge cache
    import torch
    from inspect_ai import eval as inspect_eval
    from inspect_ai import score
    from inspect_ai.model import get_model

    from emgauge.evals.emergent_misalignment.scorer import em_judge
    from emgauge.evals.emergent_misalignment.task import em
    from emgauge.precision import choose_precision

    if args.threads:
        torch.set_num_threads(args.threads)
    model = "emgauge/smollm2"
    task = em(questions_per_set=args.questions_per_set, max_tokens=args.max_tokens)
    prompts = [[{"role": m.role, "content": m.text} for m in s.input] for s in task.dataset]

    # One load, shared: the provider caches the weights, so the harness's subject and
    # grader and the bare loop all use this copy, and no timed run includes a load.
    start = time.perf_counter()
    api = get_model(model).api
    load_seconds = time.perf_counter() - start
    weights, tokenizer = api.model, api.tokenizer

    def harness(eval_task: Any) -> tuple[float, Any]:
        start = time.perf_counter()
        (log,) = inspect_eval(
            eval_task,
            model=model,
            model_roles={"grader": model},
            score=False,
            log_dir=str(scratch / "logs"),
            display="none",
        )
        return time.perf_counter() - start, log

    # Warm-up (untimed in the ratio): Inspect's one-time start and the first kernels.
    warm_task = em(questions_per_set=args.questions_per_set, max_tokens=4)
    warm_harness, _ = harness(warm_task)
    warm_bare, _ = bare_generate(weights, tokenizer, prompts, 4)

    harness_runs: list[float] = []
    bare_runs: list[float] = []
    answer_lengths: dict[str, list[int]] = {"inspect_harness": [], "bare_generate": []}
    calls_before = api._loaded.generate_calls
    for round_ in range(args.repeats):
        for which in ("harness", "bare") if round_ % 2 == 0 else ("bare", "harness"):
            if which == "harness":
                seconds, generated = harness(task)
                harness_runs.append(seconds)
                answer_lengths["inspect_harness"].append(
                    max(s.output.usage.output_tokens for s in generated.samples)
                )
            else:
                seconds, length = bare_generate(weights, tokenizer, prompts, args.max_tokens)
                bare_runs.append(seconds)
                answer_lengths["bare_generate"].append(int(length))
    harness_calls = (api._loaded.generate_calls - calls_before) / args.repeats
    harness_seconds = statistics.median(harness_runs)
    bare_seconds = statistics.median(bare_runs)

    judges = ["aligned", "coherent", "harm"]
    start = time.perf_counter()
    first = score(generated, em_judge(judges=judges), model_roles={"grader": model}, display="none")
    first_seconds = time.perf_counter() - start
    start = time.perf_counter()
    again = score(generated, em_judge(judges=judges), model_roles={"grader": model}, display="none")
    again_seconds = time.perf_counter() - start

    n = len(prompts)
    first_usage, again_usage = judge_usage(first), judge_usage(again)
    results = {
        **machine_record(choose_precision("auto", "cpu")),  # what the provider runs in
        "dtype": str(weights.dtype).removeprefix("torch."),
        "model_and_judge": model,
        "answers": n,
        "max_tokens": args.max_tokens,
        "model_load_seconds": round(load_seconds, 1),
        "generation_seconds": {
            "method": (
                "median of alternating runs after one warm-up of each; same weights, dtype, "
                "threads, prompts, sampling (temperature 1), token budget and batch (all "
                "prompts in one generate call); model load excluded from both"
            ),
            "repeats": args.repeats,
            "inspect_harness": round(harness_seconds, 2),
            "bare_generate": round(bare_seconds, 2),
            "harness_over_bare": round(harness_seconds / bare_seconds, 2),
            "inspect_harness_runs": [round(x, 2) for x in harness_runs],
            "bare_generate_runs": [round(x, 2) for x in bare_runs],
            "longest_answer_tokens": answer_lengths,
            "harness_generate_calls_per_run": harness_calls,
            "warm_up_seconds": {
                "inspect_harness": round(warm_harness, 2),
                "bare_generate": round(warm_bare, 2),
                "note": "4-token answers; the harness's includes Inspect's one-time start",
            },
        },
        "judging_first_run": {
            **first_usage,
            "seconds": round(first_seconds, 1),
            "calls_per_answer": round(first_usage["calls"] / n, 2),
            "tokens_per_answer": round(
                (first_usage["input_tokens"] + first_usage["output_tokens"]) / n, 1
            ),
        },
        "judging_cached_rerun": {
            **again_usage,
            "seconds": round(again_seconds, 1),
            "calls_per_answer": round(again_usage["calls"] / n, 2),
        },
    }
    print(json.dumps(results, indent=2))
    save_result(RESULTS, TINY if args.tiny else FULL, results)


if __name__ == "__main__":
    main()
