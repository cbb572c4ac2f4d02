"""Benchmark of the evaluation harness on the embedded model (CPU).

Measures, on the same prompts:

1. Judge cost per scored answer: judge calls and tokens on the first scoring, and on a
   re-scoring of the same log (served from Inspect's cache: no new calls).
2. Harness overhead: wall time of Inspect generating the answers (``score=False``)
   against a bare ``model.generate`` loop over the same chat-templated prompts, with the
   same batch size, dtype and token budget.

Run: ``python bench/bench_eval.py [--questions-per-set N] [--max-tokens N]``.
Writes ``bench/results/eval.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

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


def bare_generate_seconds(
    prompts: list[list[dict[str, str]]], max_tokens: int, batch: int
) -> float:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from emgauge.models import embedded_model_dir
    from emgauge.precision import choose_precision

    path = embedded_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.padding_side = "left"
    # the weights dtype the emgauge/ provider picks on this CPU
    dtype = torch.float32 if choose_precision("auto", "cpu").mode == "fp32" else torch.bfloat16
    model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype)
    texts = [
        tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
        for p in prompts
    ]
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        encoded = tokenizer(texts[i : i + batch], return_tensors="pt", padding=True)
        with torch.inference_mode():
            model.generate(
                **encoded,
                max_new_tokens=max_tokens,
                do_sample=True,
                temperature=1.0,
                pad_token_id=tokenizer.pad_token_id,
            )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions-per-set", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=96)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="emgauge-bench-"))
    os.environ["INSPECT_CACHE_DIR"] = str(scratch / "cache")  # a cold judge cache
    from inspect_ai import eval as inspect_eval
    from inspect_ai import score

    from emgauge.evals.emergent_misalignment.scorer import em_judge
    from emgauge.evals.emergent_misalignment.task import em
    from emgauge.precision import choose_precision

    model = "emgauge/smollm2"
    task = em(questions_per_set=args.questions_per_set, max_tokens=args.max_tokens)
    prompts = [[{"role": m.role, "content": m.text} for m in s.input] for s in task.dataset]

    start = time.perf_counter()
    (generated,) = inspect_eval(
        task,
        model=model,
        model_roles={"grader": model},
        score=False,
        log_dir=str(scratch / "logs"),
        display="none",
    )
    harness_seconds = time.perf_counter() - start
    batch = len(prompts)  # Inspect's hf provider batches everything queued (up to 32)
    bare_seconds = bare_generate_seconds(prompts, args.max_tokens, min(batch, 32))

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
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, CPU only",
        "precision": choose_precision("auto", "cpu").as_dict(),  # CPU capability included
        "model_and_judge": model,
        "answers": n,
        "max_tokens": args.max_tokens,
        "generation_seconds": {
            "inspect_harness": round(harness_seconds, 1),
            "bare_generate_loop": round(bare_seconds, 1),
            "harness_over_bare": round(harness_seconds / bare_seconds, 2),
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
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
