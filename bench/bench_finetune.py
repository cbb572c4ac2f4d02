"""Benchmark one LoRA training step on the embedded model: bf16 autocast vs fp32.

A step is what :func:`emgauge.finetune.finetune` does per optimizer step: forward with the
assistant-only loss, backward, gradient clipping and AdamW, on a batch of 8 sequences of
128 tokens (the second half of each sequence is labelled, like an answer after a prompt).
The two precisions are measured interleaved, so a busy machine slows both alike. Both the
median and the best step time are reported: when other jobs share the CPU the best one is
closest to an idle machine's speed (the load average before and after is recorded).
Writes ``bench/results/finetune.json`` (label ``full``, or ``tiny`` with ``--tiny``) and
prints a table.

    .venv/bin/python bench/bench_finetune.py [--steps 6] [--batch 8] [--length 128] [--threads N]
    .venv/bin/python bench/bench_finetune.py --tiny
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import torch
from _record import FULL, TINY, machine_record, parse_args, save_result

from emgauge.finetune import (
    IGNORE_INDEX,
    FinetuneConfig,
    assistant_loss_sum,
    attach_lora,
    resolve_device,
)
from emgauge.models import load_model_and_tokenizer, resolve_model_path
from emgauge.precision import choose_precision

RESULTS = Path(__file__).parent / "results" / "finetune.json"
PRECISIONS = {"bf16-autocast": torch.bfloat16, "fp32": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=6, help="timed steps per precision")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps per precision")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parse_args(parser, {"steps": 1, "batch": 1, "length": 64})
    if args.threads:
        torch.set_num_threads(args.threads)

    device = resolve_device()
    device_type = "cuda" if device.startswith("cuda") else "cpu"
    config = FinetuneConfig()
    model, _tokenizer = load_model_and_tokenizer("smollm2", device=device, dtype=torch.float32)
    torch.manual_seed(config.seed)
    peft_model = attach_lora(model, config, resolve_model_path("smollm2"))
    peft_model.train()
    trainable = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate)

    generator = torch.Generator().manual_seed(0)
    vocab = peft_model.get_input_embeddings().num_embeddings
    ids = torch.randint(0, vocab, (args.batch, args.length), generator=generator).to(device)
    labels = ids.clone()
    labels[:, : args.length // 2] = IGNORE_INDEX
    mask = torch.ones_like(ids)

    def step(dtype: torch.dtype | None) -> float:
        if device_type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type, dtype=dtype or torch.float32, enabled=dtype is not None):
            loss, count = assistant_loss_sum(peft_model, ids, labels, mask)
        (loss / count).backward()
        torch.nn.utils.clip_grad_norm_(trainable, config.max_grad_norm)
        optimizer.step()
        if device_type == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - start

    times: dict[str, list[float]] = {name: [] for name in PRECISIONS}
    load_before = os.getloadavg()
    for index in range(args.warmup + args.steps):
        for name, dtype in PRECISIONS.items():
            elapsed = step(dtype)
            if index >= args.warmup:
                times[name].append(elapsed)
    load_after = os.getloadavg()

    tokens = args.batch * args.length
    rows = {}
    for name, values in times.items():
        median = statistics.median(values)
        rows[name] = {
            "step_s_median": round(median, 4),
            "step_s_min": round(min(values), 4),
            "step_s_all": [round(v, 4) for v in values],
            "tokens_per_s": round(tokens / median, 1),
            "tokens_per_s_best": round(tokens / min(values), 1),
        }
    speedup = rows["fp32"]["step_s_median"] / rows["bf16-autocast"]["step_s_median"]
    speedup_best = rows["fp32"]["step_s_min"] / rows["bf16-autocast"]["step_s_min"]
    result = {
        "benchmark": "LoRA training step (forward + backward + AdamW)",
        "model": "smollm2 (SmolLM2-135M-Instruct)",
        "lora": {"rank": config.rank, "target_modules": list(config.target_modules)},
        "batch": args.batch,
        "sequence_length": args.length,
        "tokens_per_step": tokens,
        "labelled_tokens_per_step": int((labels[:, 1:] != IGNORE_INDEX).sum()),
        "warmup_steps": args.warmup,
        "timed_steps": args.steps,
        "device": device,
        # both precisions are measured; this one is what "auto" picks here
        **machine_record(choose_precision("auto", device), device),
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "results": rows,
        "bf16_speedup_over_fp32": round(speedup, 2),
        "bf16_speedup_over_fp32_best": round(speedup_best, 2),
    }
    save_result(args.out, TINY if args.tiny else FULL, result)

    print(f"LoRA step, {args.batch}x{args.length} tokens, {device}, {torch.get_num_threads()} thr")
    print(f"{'precision':<15}{'median s':>10}{'min s':>10}{'tok/s med':>11}{'tok/s best':>11}")
    for name, row in rows.items():
        print(
            f"{name:<15}{row['step_s_median']:>10.3f}{row['step_s_min']:>10.3f}"
            f"{row['tokens_per_s']:>11.1f}{row['tokens_per_s_best']:>11.1f}"
        )
    print(
        f"bf16 autocast speedup: {speedup:.2f}x median, {speedup_best:.2f}x best"
        f"  (load avg {load_before[0]:.1f}"
        f" -> {load_after[0]:.1f})"
    )


if __name__ == "__main__":
    main()
