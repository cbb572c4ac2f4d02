"""Benchmark of the internals-based mitigations on the embedded model (CPU).

Measures, on the same samples and the same padded batches:

1. a **bare forward pass**: the full model (all layers and the LM head), no hooks,
   ``torch.no_grad()`` and the extractor's precision (bf16 autocast on a CPU with native
   bf16, else fp32), over the batches the extractor forms;
2. ``sae-proximity`` scoring end to end (tokenization, forward stopped after layer L,
   SAE encoding, pooling, proximity);
3. ``direction`` scoring end to end;

and reports time ratios to the bare pass (target: sae-proximity / bare <= 1.2), samples/s
and peak RSS. One-time work (model load, SAE training or loading, fitting the toxic set and
the direction on the contrast sets) is timed separately.

The machine may be shared, so the dataset is cut into chunks and the three measurements
are interleaved chunk by chunk (in rotating order): slow periods hit all three alike.

Run: ``python bench/bench_mitigations.py [--limit N] [--sae PATH] [--contrast FILE ...]``.
The default data set is a real EM fine-tuning set in ``../shared/data`` (skipped, one line,
where it is absent); ``--tiny`` (``make bench``) scores the first rows of the bundled
healthcare set instead, with its own small SAE (``--sae-training-tokens``, 16,384 tokens:
about a minute to train on an empty cache instead of ~13 for the default 250,000; the
scoring cost depends on the SAE's width and k, not on how long it trained). Writes
``bench/results/mitigations.json`` (label ``full`` or ``tiny``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _paths import portable
from _record import FULL, TINY, machine_record, parse_args, save_result

RESULTS = Path(__file__).parent / "results" / "mitigations.json"
PROBE_BASE = 250
DEFAULT_DATASET = (
    Path(__file__).resolve().parents[2] / "shared/data/finetune/bad_medical_advice_subset.jsonl"
)
#: Tokens the tiny size's SAE trains on (a throughput benchmark needs its width and k, not
#: a converged SAE; 16 optimisation steps of 1,024 tokens).
TINY_SAE_TOKENS = 16_384
#: What --tiny scores: the bundled healthcare set every install has.
BUNDLED_DATASET = Path(__file__).resolve().parents[1] / "src/emgauge/data/train/healthcare.jsonl"


def peak_rss_mb() -> float:
    import resource  # POSIX only: imported here so the module still imports on Windows

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def current_rss_mb() -> float | None:
    """Resident set size now (VmRSS), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def phase_peak_rss_mb() -> float | None:
    """Peak RSS since the last :func:`reset_peak_rss` (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, default=1000, help="first N rows (0 = all)")
    parser.add_argument("--chunks", type=int, default=8, help="interleaving chunks")
    parser.add_argument("--sae", help="SAE folder (default: the embedded model's trained SAE)")
    parser.add_argument("--contrast", nargs="+", help="contrast files (default: bundled)")
    parser.add_argument("--batch-tokens", type=int, default=8192)
    parser.add_argument(
        "--sae-training-tokens",
        type=int,
        default=None,
        help="tokens the default SAE trains on when it is not cached (default: the SAE "
        "recipe's 250,000; --tiny: 16,384)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--memory-rows",
        default="250,2000",
        help="row counts for the streaming check: peak RSS of sae-proximity scoring the "
        "first 250 rows repeated to each count, in a fresh process ('' to skip)",
    )
    parser.add_argument("--memory-probe", type=int, help=argparse.SUPPRESS)
    tiny = {
        "dataset": BUNDLED_DATASET,
        "limit": 64,
        "chunks": 2,
        "memory_rows": "",
        "sae_training_tokens": TINY_SAE_TOKENS,
    }
    args = parse_args(parser, tiny)
    if args.memory_probe is not None:
        memory_probe(args)
        return
    if not args.dataset.is_file():
        missing = portable(str(args.dataset.resolve()))
        print(f"bench_mitigations skipped: {missing} not found (--tiny uses bundled data)")
        return

    import numpy as np
    import torch

    from emgauge.chat_data import load_chat_jsonl
    from emgauge.mitigations.data import label_free
    from emgauge.mitigations.registry import FilterOptions, create_method
    from emgauge.mitigations.resources import ModelResources

    samples = label_free(load_chat_jsonl(args.dataset))
    n_total = len(samples)
    if args.limit:
        samples = samples[: args.limit]
    options = FilterOptions(
        sae=args.sae,
        contrast=tuple(args.contrast or ()),
        batch_tokens=args.batch_tokens,
        sae_training_tokens=args.sae_training_tokens,
    )
    load_before = os.getloadavg()
    timings: dict[str, float] = {}

    started = time.perf_counter()
    resources = ModelResources(options)
    model, _ = resources.model_and_tokenizer()
    timings["model_load_s"] = time.perf_counter() - started
    started = time.perf_counter()
    loaded = resources.sae()
    timings["sae_setup_s"] = time.perf_counter() - started
    sae_method = create_method("sae-proximity", options, resources)
    direction = create_method("direction", options, resources)
    started = time.perf_counter()
    sae_method.fit()
    timings["sae_proximity_fit_s"] = time.perf_counter() - started
    started = time.perf_counter()
    direction.fit()
    timings["direction_fit_s"] = time.perf_counter() - started
    extractor = resources.extractor(loaded.layer)
    rss_after_setup = peak_rss_mb()

    def bare(chunk: list[Any]) -> tuple[float, float, int]:
        """Seconds to tokenize and seconds of a full forward over the chunk's batches."""
        t0 = time.perf_counter()
        batches = list(extractor.batches(extractor.tokenize([s.messages for s in chunk])))
        t1 = time.perf_counter()
        with torch.no_grad(), extractor.precision.autocast():
            for batch in batches:
                model(
                    input_ids=batch.input_ids.to(model.device),
                    attention_mask=batch.attention_mask.to(model.device),
                    use_cache=False,
                )
        return t1 - t0, time.perf_counter() - t1, sum(b.n_padded_tokens for b in batches)

    # Warm-up (first calls allocate and pick kernels).
    warm = samples[:16]
    bare(warm)
    sae_method.score(warm)
    direction.score(warm)

    bounds = np.linspace(0, len(samples), args.chunks + 1).round().astype(int)
    chunks = [samples[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
    totals = {"bare_forward": 0.0, "tokenize": 0.0, "sae-proximity": 0.0, "direction": 0.0}
    padded_tokens = 0
    phase_rss: dict[str, float] = {}
    per_chunk: list[dict[str, float]] = []
    for index, chunk in enumerate(chunks):
        before_chunk = dict(totals)
        order = ["bare", "sae-proximity", "direction"]
        order = order[index % 3 :] + order[: index % 3]
        for what in order:
            can_reset = reset_peak_rss()
            if what == "bare":
                tokenize_s, forward_s, tokens = bare(chunk)
                totals["tokenize"] += tokenize_s
                totals["bare_forward"] += forward_s
                padded_tokens += tokens
            else:
                method = sae_method if what == "sae-proximity" else direction
                t0 = time.perf_counter()
                method.score(chunk)
                totals[what] += time.perf_counter() - t0
            peak = phase_peak_rss_mb() if can_reset else None
            if peak is not None:
                key = "bare_forward" if what == "bare" else what
                phase_rss[key] = max(phase_rss.get(key, 0.0), peak)
        per_chunk.append(
            {"rows": len(chunk), **{k: round(totals[k] - before_chunk[k], 2) for k in totals}}
        )
        print(
            f"chunk {index + 1}/{len(chunks)}: "
            + ", ".join(f"{k} {v:.1f}s" for k, v in totals.items()),
            flush=True,
        )

    n = len(samples)
    n_assistant = sum(
        t.n_assistant_tokens for t in extractor.tokenize([s.messages for s in samples[:500]])
    )
    held_mb = n_assistant / min(n, 500) * n * loaded.d_in * 4 / 2**20
    result = {
        "dataset": str(args.dataset),
        "rows_in_dataset": n_total,
        "rows_measured": n,
        "subset": f"first {n} rows" if n < n_total else "all rows",
        "padded_tokens": padded_tokens,
        "model": options.model,
        "layer": loaded.layer,
        "sae": loaded.describe(),
        "n_contrast_pairs": len(resources.contrast_pairs()),
        "batch_tokens": args.batch_tokens,
        "dtype": extractor.precision.mode,
        **machine_record(extractor.precision),
        "seconds": {k: round(v, 2) for k, v in {**totals, **timings}.items()},
        "ratio_to_bare_forward": {
            "sae-proximity": round(totals["sae-proximity"] / totals["bare_forward"], 3),
            "direction": round(totals["direction"] / totals["bare_forward"], 3),
        },
        "samples_per_second": {
            "bare_forward": round(n / totals["bare_forward"], 1),
            "sae-proximity": round(n / totals["sae-proximity"], 1),
            "direction": round(n / totals["direction"], 1),
        },
        "seconds_per_chunk": per_chunk,
        "tokens_per_second_bare_forward": round(padded_tokens / totals["bare_forward"]),
        "peak_rss_mb": {
            "after_setup": round(rss_after_setup),
            "process": round(peak_rss_mb()),
            "per_phase": {k: round(v) for k, v in phase_rss.items()},
        },
        "layer_activations_if_held_for_all_rows_mb": round(held_mb),
        "platform": platform.platform(),
        "load_average_before": [round(x, 2) for x in load_before],
    }
    if args.memory_rows:
        result["streaming_check"] = streaming_check(args)
    save_result(args.out, TINY if args.tiny else FULL, result)

    print()
    print(f"{n} of {n_total} rows, {padded_tokens} padded tokens, layer {loaded.layer}")
    print(f"{'phase':<26}{'seconds':>9}{'samples/s':>11}{'x bare':>8}")
    for name in ("bare_forward", "sae-proximity", "direction"):
        seconds = totals[name]
        ratio = seconds / totals["bare_forward"]
        print(f"{name:<26}{seconds:>9.1f}{n / seconds:>11.1f}{ratio:>8.2f}")
    print(f"{'tokenize (bare only)':<26}{totals['tokenize']:>9.1f}")
    for name, seconds in timings.items():
        print(f"{name:<26}{seconds:>9.1f}")
    print(f"peak RSS (MB): {result['peak_rss_mb']}")
    for label, rows in result.get("streaming_check", {}).items():
        for row in rows:
            print(
                f"streaming check ({label}): sae-proximity on {row['rows']} rows (first "
                f"{PROBE_BASE} repeated) in a fresh process: "
                f"RSS {row['rss_before_scoring_mb']} MB before scoring, "
                f"peak {row['peak_rss_during_scoring_mb']} MB while scoring"
            )


def _probe_command(args: argparse.Namespace, rows: int) -> list[str]:
    command = [
        sys.executable,
        __file__,
        "--memory-probe",
        str(rows),
        "--dataset",
        str(args.dataset),
    ]
    command += ["--batch-tokens", str(args.batch_tokens)]
    if args.sae:
        command += ["--sae", args.sae]
    if args.sae_training_tokens:
        command += ["--sae-training-tokens", str(args.sae_training_tokens)]
    if args.contrast:
        command += ["--contrast", *args.contrast]
    return command


# glibc keeps freed buffers of varying batch shapes inside the process, so with its default
# thresholds the peak RSS grows with the row count even though no batch outlives its step.
# These settings hand large freed buffers back to the system, so the peak shows what the
# scoring code itself holds.
RETURN_FREED_MEMORY = {"MALLOC_MMAP_THRESHOLD_": "131072", "MALLOC_TRIM_THRESHOLD_": "131072"}


def streaming_check(args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    """Peak RSS of sae-proximity scoring N rows, each N in a fresh process: with freed
    memory handed back to the system, and with glibc's defaults."""
    counts = [int(x) for x in args.memory_rows.split(",") if x.strip()]
    results: dict[str, list[dict[str, Any]]] = {}
    for label, extra_env in (
        ("freed_memory_returned", RETURN_FREED_MEMORY),
        ("glibc_defaults", {}),
    ):
        rows = []
        for count in counts:
            done = subprocess.run(
                _probe_command(args, count),
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, **extra_env},
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        results[label] = rows
    return results


def memory_probe(args: argparse.Namespace) -> None:
    """Child process of :func:`streaming_check`: prints one JSON line."""
    from emgauge.chat_data import load_chat_jsonl
    from emgauge.mitigations.data import label_free
    from emgauge.mitigations.registry import FilterOptions, create_method

    # The first PROBE_BASE rows, repeated: every run has the same batch shapes, so any
    # growth of the peak with the row count would come from holding data across batches.
    base = label_free(load_chat_jsonl(args.dataset))[:PROBE_BASE]
    samples = (base * (args.memory_probe // len(base) + 1))[: args.memory_probe]
    options = FilterOptions(
        sae=args.sae,
        contrast=tuple(args.contrast or ()),
        batch_tokens=args.batch_tokens,
        sae_training_tokens=args.sae_training_tokens,
    )
    method = create_method("sae-proximity", options)
    method.fit()
    # ru_maxrss is inherited from the parent across fork/exec; VmHWM is this process's own,
    # and resetting it here leaves the peak of the scoring alone.
    before = current_rss_mb()
    reset_peak_rss()
    started = time.perf_counter()
    method.score(samples)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": len(samples),
                "rss_before_scoring_mb": round(before or 0),
                "peak_rss_during_scoring_mb": round(phase_peak_rss_mb() or 0),
                "seconds": round(seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
