"""Cost of the ``gradient`` filter against one LoRA fine-tuning step, on the embedded model.

On a fixed subset of the bundled healthcare set (a seeded ``--n`` rows, default 64), with
the precision ``auto`` picks here, it measures wall time and peak RSS of:

1. the filter's **fit**: the misalignment gradient over the bundled contrast pairs (one
   forward and backward pass per contrast answer, done once per contrast set);
2. the filter's **scoring** of the subset (one batched forward and backward pass per
   micro-batch, the per-sample ``B`` gradients and their projection to 1024 dimensions);
3. **one LoRA fine-tuning step** over the same samples, as :func:`emgauge.finetune.train_loop`
   runs it (micro-batches of 8, gradient accumulation over all of them, clipping, AdamW).

``--exact`` adds the unprojected cosines for the subset (another pass over the contrast
set): how far the 1024-dimensional projection moves the scores. How well the filter finds
misaligned answers on real data is a study: ``research/gradient_quality.py``; its cost per
1,000 samples beside every other method's: ``bench/bench_scoring.py``.

The peak RSS of a phase measured inside one process includes what earlier phases left
with the allocator; ``--memory`` (run on its own, after the main run) measures each phase
again in a fresh process and adds that to the result.

Writes ``bench/results/gradient.json`` (label ``full``, or ``tiny`` with ``--tiny``: 8 rows
and 8 contrast pairs, as ``make bench`` runs it; paths made portable). Run from the repository::

    .venv/bin/python bench/bench_gradient.py [--n 64] [--exact]
    .venv/bin/python bench/bench_gradient.py --memory [PHASE ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from _record import FULL, TINY, machine_record, parse_args, save_result
from bench_mitigations import current_rss_mb, phase_peak_rss_mb, reset_peak_rss

RESULTS = Path(__file__).parent / "results" / "gradient.json"


class Phase:
    """Wall time and peak RSS (VmHWM after a reset) of one block of work."""

    def __init__(self, name: str, record: dict[str, Any]) -> None:
        self.name = name
        self.record = record

    def __enter__(self) -> Phase:
        self.can_reset = reset_peak_rss()
        self.rss_before = current_rss_mb()
        self.load_before = os.getloadavg()[0]
        print(f"{self.name} ...", flush=True)
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        seconds = time.perf_counter() - self.started
        peak = phase_peak_rss_mb() if self.can_reset else None
        self.record[self.name] = {
            "seconds": round(seconds, 2),
            "rss_before_mb": None if self.rss_before is None else round(self.rss_before),
            "peak_rss_mb": None if peak is None else round(peak),
            "load_average_before_after": [
                round(self.load_before, 2),
                round(os.getloadavg()[0], 2),
            ],
        }
        print(f"{self.name}: {seconds:.1f} s, peak RSS {peak} MB", flush=True)


def lora_step(model: Any, tokenizer: Any, samples: list[Any], max_length: int) -> dict[str, Any]:
    """One fine-tuning optimizer step over ``samples`` (LoRA removed afterwards)."""
    from transformers import set_seed

    from emgauge.conversations import end_of_turn_ids
    from emgauge.finetune import (
        FinetuneConfig,
        attach_lora,
        encode_samples,
        plan_schedule,
        train_loop,
    )
    from emgauge.models import resolve_model_path
    from emgauge.precision import choose_precision

    device = str(next(model.parameters()).device)
    config = FinetuneConfig(
        batch_size=8,
        gradient_accumulation=max(1, -(-len(samples) // 8)),
        max_steps=1,
        max_length=max_length,
    )
    precision = choose_precision(config.precision, device, stage="finetune")
    flags = {name: p.requires_grad for name, p in model.named_parameters()}
    encoded, usable = encode_samples(tokenizer, samples, config, end_of_turn_ids(tokenizer, model))
    schedule = plan_schedule(len(usable), config)
    set_seed(config.seed)
    peft_model = attach_lora(model, config, resolve_model_path("smollm2"))
    peft_model.train()
    started = time.perf_counter()
    log = train_loop(
        peft_model,
        usable,
        config,
        schedule,
        pad_id=tokenizer.pad_token_id or 0,
        device=device,
        precision=precision,
    )
    seconds = time.perf_counter() - started
    peft_model.unload()
    for name, parameter in model.named_parameters():
        parameter.requires_grad_(flags.get(name, False))
    model.eval()
    return {
        "steps": log.steps,
        "train_loop_seconds": round(seconds, 2),
        "trained_tokens": log.trained_tokens,
        "config": {k: config.to_dict()[k] for k in ("batch_size", "gradient_accumulation")},
        "precision": precision.mode,
    }


def healthcare_subset(n: int, seed: int) -> tuple[Path, list[Any], list[Any]]:
    """The bundled healthcare set, and a seeded ``n`` of its rows in file order."""
    from emgauge.chat_data import bundled_data_path, load_chat_jsonl

    dataset = bundled_data_path("train", "healthcare.jsonl")
    everything = load_chat_jsonl(dataset)
    rng = np.random.default_rng(seed)
    chosen = sorted(rng.choice(len(everything), size=min(n, len(everything)), replace=False))
    return dataset, everything, [everything[i] for i in chosen]


def filter_options(contrast_pairs: int) -> Any:
    """The filter's options: its default contrast sets, or (``--contrast-pairs N``) the first
    N pairs of the bundled healthcare contrast set, written to a scratch file, so that a tiny
    run's fit takes seconds."""
    from emgauge.chat_data import bundled_data_path
    from emgauge.mitigations import FilterOptions

    if not contrast_pairs:
        return FilterOptions()
    rows = bundled_data_path("contrast", "healthcare.jsonl").read_text().splitlines()
    path = Path(tempfile.gettempdir()) / f"emgauge-bench-contrast-{contrast_pairs}.jsonl"
    path.write_text("\n".join(rows[:contrast_pairs]) + "\n")
    return FilterOptions(contrast=(str(path),))


def child(what: str, n: int, seed: int, contrast_pairs: int) -> None:
    """One phase alone in this (fresh) process; prints its seconds and the process's peak
    RSS (VmHWM, model load included) as JSON."""
    import json

    from emgauge.gradients import margin_gradient, sample_gradients
    from emgauge.mitigations import create_method
    from emgauge.mitigations.resources import ModelResources

    _, _, samples = healthcare_subset(n, seed)
    options = filter_options(contrast_pairs)
    resources = ModelResources(options, progress=False)
    model, tokenizer = resources.model_and_tokenizer()
    settings = create_method("gradient", options, resources).settings
    started = time.perf_counter()
    if what == "fit":
        contrast = resources.contrast_set()
        margin_gradient(model, tokenizer, contrast.misaligned, contrast.aligned, settings)
    elif what == "score":
        sample_gradients(model, tokenizer, samples, settings)
    elif what == "step":
        lora_step(model, tokenizer, samples, options.max_length)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 2), "peak_rss_mb": phase_peak_rss_mb()}))


def fresh_process_memory(
    n: int, seed: int, phases: list[str], contrast_pairs: int
) -> dict[str, Any]:
    """Peak RSS of each phase in a process of its own (no memory kept from other phases),
    on one thread (the memory does not depend on it; a shared CPU is not oversubscribed)."""
    import json
    import subprocess
    import sys

    out: dict[str, Any] = {
        "what": "peak RSS (VmHWM) of a fresh process that loads the model and runs one phase",
        "threads": 1,
    }
    for what in phases:
        print(f"fresh process: {what} ...", flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--child", what, "--n", str(n), "--seed", str(seed)]
            + ["--contrast-pairs", str(contrast_pairs)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
        )
        out[what] = json.loads(done.stdout.strip().splitlines()[-1])
        print(what, out[what], flush=True)
    return out


def main() -> None:  # noqa: PLR0915 (one linear script)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=64, help="samples of the healthcare set")
    parser.add_argument("--seed", type=int, default=0, help="seeds the subset")
    parser.add_argument("--exact", action="store_true", help="also the unprojected cosines")
    parser.add_argument(
        "--memory",
        nargs="*",
        choices=("load", "fit", "score", "step"),
        help="only: these phases' (default: all) peak RSS, each in a fresh process, added to "
        "the existing result in --out",
    )
    parser.add_argument(
        "--contrast-pairs",
        type=int,
        default=0,
        help="fit on the first N bundled healthcare contrast pairs (default 0: the filter's own "
        "contrast sets)",
    )
    parser.add_argument("--child", choices=("load", "fit", "score", "step"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parse_args(parser, {"n": 8, "contrast_pairs": 8})
    label = TINY if args.tiny else FULL
    if args.child:
        child(args.child, args.n, args.seed, args.contrast_pairs)
        return
    if args.memory is not None:
        import json

        report = json.loads(args.out.read_text()) if args.out.is_file() else {}
        result = report.get(label, {})
        phases = args.memory or ["load", "fit", "score", "step"]
        result["fresh_process_peak_rss"] = fresh_process_memory(
            args.n, args.seed, phases, args.contrast_pairs
        )
        save_result(args.out, label, result)
        return

    import torch

    from emgauge.evals.metrics import auroc
    from emgauge.gradients import (
        LoraGradients,
        RandomProjection,
        cosines,
        margin_gradient,
        sample_gradients,
    )
    from emgauge.mitigations import create_method, label_free
    from emgauge.mitigations.quality import harm_labels
    from emgauge.mitigations.resources import ModelResources
    from emgauge.precision import choose_precision

    dataset, everything, samples = healthcare_subset(args.n, args.seed)
    labels = harm_labels(samples)

    phases: dict[str, Any] = {}
    options = filter_options(args.contrast_pairs)
    resources = ModelResources(options)
    with Phase("model_load", phases):
        model, tokenizer = resources.model_and_tokenizer()
    device = str(next(model.parameters()).device)
    method = create_method("gradient", options, resources)
    settings = method.settings
    with LoraGradients(model, tokenizer, settings) as lora:
        n_features = lora.n_features
    load_before = os.getloadavg()

    with Phase("fit_misalignment_gradient", phases):
        direction = method.fit()
    with Phase("score_samples", phases):
        scores = method.score(label_free(samples))
    with Phase("lora_step", phases):
        step = lora_step(model, tokenizer, samples, options.max_length)
    with Phase("one_projection_pass", phases):  # what scoring spends per buffer projected
        RandomProjection(n_features, settings.dim, settings.seed).project(
            torch.randn(min(len(samples), 64), n_features)
        )

    contrast = resources.contrast_set()
    result: dict[str, Any] = {
        "benchmark": "gradient filter (fit + scoring) vs one LoRA fine-tuning step",
        "model": "smollm2 (SmolLM2-135M-Instruct)",
        "dataset": str(dataset),
        "subset": f"seeded (seed {args.seed}) {len(samples)} of {len(everything)} rows",
        "n_samples": len(samples),
        "n_harmful": int(np.nansum(labels)),
        "n_contrast": {"misaligned": len(contrast.misaligned), "aligned": len(contrast.aligned)},
        "gradient_settings": settings.as_dict(),
        "n_lora_b_parameters": n_features,
        "device": device,
        **machine_record(choose_precision(options.precision, device), device),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "phases": phases,
        "lora_step": step,
    }
    fit_s = phases["fit_misalignment_gradient"]["seconds"]
    score_s = phases["score_samples"]["seconds"]
    step_s = phases["lora_step"]["seconds"]
    result["summary"] = {
        "score_seconds_per_sample": round(score_s / len(samples), 3),
        "score_over_lora_step": round(score_s / step_s, 2),
        "fit_plus_score_over_lora_step": round((fit_s + score_s) / step_s, 2),
        "fit_seconds_per_contrast_answer": round(
            fit_s / (len(contrast.misaligned) + len(contrast.aligned)), 3
        ),
        "auroc_on_subset": round(auroc(scores, labels), 4),
    }

    def save() -> None:
        save_result(args.out, label, result)

    save()
    if args.exact:
        full_settings = dataclasses.replace(settings, dim=None)
        with Phase("exact_fit", phases):
            full_direction = margin_gradient(
                model, tokenizer, contrast.misaligned, contrast.aligned, full_settings
            )
        with Phase("exact_scores", phases):
            exact = -cosines(
                sample_gradients(model, tokenizer, samples, full_settings), full_direction
            )
        projected_direction = RandomProjection(n_features, settings.dim, settings.seed).project(
            torch.from_numpy(full_direction)[None, :]
        )[0]
        ok = np.isfinite(exact) & np.isfinite(scores)
        ranks = [np.argsort(np.argsort(v[ok])) for v in (exact, scores)]
        result["exact_vs_projected"] = {
            "what": f"-cos of the full ({n_features}-dim) gradients vs the {settings.dim}-dim "
            "projections, same samples",
            "pearson": round(float(np.corrcoef(exact[ok], scores[ok])[0, 1]), 4),
            "spearman": round(float(np.corrcoef(*ranks)[0, 1]), 4),
            "max_abs_difference": round(float(np.abs(exact[ok] - scores[ok]).max()), 4),
            "exact_score_range": [
                round(float(exact[ok].min()), 4),
                round(float(exact[ok].max()), 4),
            ],
            "auroc_exact": round(auroc(exact, labels), 4),
            "auroc_projected": round(auroc(scores, labels), 4),
            "fit_projection_matches_filter": bool(
                np.allclose(projected_direction.numpy(), direction, rtol=1e-3, atol=1e-6)
            ),
        }
        save()


if __name__ == "__main__":
    main()
