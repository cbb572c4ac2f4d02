"""Seconds per 1,000 samples of every filter method's scoring, on the same rows.

On a seeded ``--n`` rows of the bundled healthcare set (default 200; ``--dataset`` scores
the first ``--n`` rows of another chat JSONL instead, such as the real answers in
``../shared/data``, which is never committed), each method in ``--methods`` is created on
one shared model (loaded once), fitted (its one-time work: the contrast set's activations
or gradients, the SAE's toxic set; timed apart) and then scores the rows. Recorded per
method: wall and CPU seconds of the fit and of the scoring, the scoring's seconds per 1,000
samples, and the load average around it; with the CPU, threads and precision
(``_record.machine_record``). The SAE ``sae-proximity`` reads is loaded, or trained once and
cached, before anything is timed (``sae_setup_seconds``): its training is not scoring.

``summary.gradient_over_direction`` is the scoring time of ``gradient`` over that of
``direction`` (the target: at most 3).

Writes ``bench/results/scoring.json`` (label ``full``, or ``tiny`` with ``--tiny``: 16 rows
and 8 contrast pairs for the fits, as ``make bench`` runs it). Run from the repository::

    OMP_NUM_THREADS=2 .venv/bin/python bench/bench_scoring.py [--n 200] [--contrast-pairs 8]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from _record import FULL, TINY, machine_record, parse_args, save_result
from bench_gradient import filter_options, healthcare_subset

RESULTS = Path(__file__).parent / "results" / "scoring.json"
#: Every filter method, cheapest first (a slow one cannot delay the others' numbers).
METHODS = ("random", "heuristic", "direction", "readout", "sae-proximity", "gradient")


class Clock:
    """Wall and CPU (this process, all threads) seconds of one block of work."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def rows(args: argparse.Namespace) -> tuple[str, list[Any]]:
    """Where the rows come from, and the rows (labels hidden from the methods)."""
    from emgauge.chat_data import load_chat_jsonl
    from emgauge.mitigations import label_free

    if args.dataset is None:
        dataset, everything, chosen = healthcare_subset(args.n, args.seed)
        return f"seeded (seed {args.seed}) {len(chosen)} of {len(everything)} rows of {dataset}", (
            label_free(chosen)
        )
    chosen = load_chat_jsonl(args.dataset)[: args.n]
    return f"first {len(chosen)} rows of {args.dataset}", label_free(chosen)


def measure(name: str, options: Any, resources: Any, samples: list[Any]) -> dict[str, Any]:
    """One method: its fit (where it has one) and its scoring of ``samples``."""
    import numpy as np

    from emgauge.mitigations import create_method

    method = create_method(name, options, resources)
    out: dict[str, Any] = {}
    if hasattr(method, "fit"):
        with Clock() as fit:
            method.fit()
        out["fit"] = {"seconds": round(fit.wall, 2), "cpu_seconds": round(fit.cpu, 2)}
    load_before = os.getloadavg()[0]
    with Clock() as score:
        scores = method.score(samples)
    out["score"] = {
        "seconds": round(score.wall, 2),
        "cpu_seconds": round(score.cpu, 2),
        "seconds_per_1000": round(1000 * score.wall / len(samples), 1),
        "cpu_seconds_per_1000": round(1000 * score.cpu / len(samples), 1),
        "n_scored": int(np.isfinite(scores).sum()),
        "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(
        f"{name}: {out['score']['seconds_per_1000']} s per 1,000 samples "
        f"({out['score']['cpu_seconds_per_1000']} s of CPU)",
        flush=True,
    )
    return out


def backward_floor(model: Any, tokenizer: Any, samples: list[Any], settings: Any) -> dict[str, Any]:
    """What any exact per-sample gradient costs at least: one forward pass through every
    layer and one backward pass to the first, over the micro-batches ``gradient`` forms,
    without hooks or per-row gradients (the loss's gradient reaches the input embeddings)."""
    import torch

    from emgauge.conversations import (
        IGNORE_INDEX,
        collate_encoded,
        encode_conversation,
        end_of_turn_ids,
    )
    from emgauge.gradients import MAX_BACKWARD_ROWS
    from emgauge.precision import choose_precision

    device = next(model.parameters()).device
    precision = choose_precision(settings.precision, device)
    end_ids = end_of_turn_ids(tokenizer, model)
    encoded = [
        encode_conversation(tokenizer, s.messages, max_length=settings.max_length, end_ids=end_ids)
        for s in samples
    ]
    encoded = sorted((e for e in encoded if e.n_trained), key=lambda e: -len(e.input_ids))
    flags = {name: p.requires_grad for name, p in model.named_parameters()}
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    decoder, head = model.get_decoder(), model.get_output_embeddings()
    with Clock() as clock:
        start = 0
        while start < len(encoded):
            width = len(encoded[start].input_ids)
            size = max(1, min(MAX_BACKWARD_ROWS, settings.batch_tokens // width))
            batch = encoded[start : start + size]
            start += size
            ids, labels, mask = collate_encoded(batch, tokenizer.pad_token_id or 0, str(device))
            keep = labels[:, 1:] != IGNORE_INDEX
            with torch.enable_grad(), precision.autocast():
                embeds = model.get_input_embeddings()(ids).detach().requires_grad_(True)
                hidden = decoder(inputs_embeds=embeds, attention_mask=mask).last_hidden_state
                logits = head(hidden[:, :-1][keep]).float()
                torch.nn.functional.cross_entropy(logits, labels[:, 1:][keep]).backward()
    for name, parameter in model.named_parameters():
        parameter.requires_grad_(flags[name])
    print(f"forward and backward floor: {1000 * clock.wall / len(samples):.1f} s per 1,000")
    return {
        "what": "one forward pass through every layer and one backward pass to the first, "
        "over gradient's micro-batches, no hooks: the least an exact per-sample gradient costs",
        "seconds": round(clock.wall, 2),
        "cpu_seconds": round(clock.cpu, 2),
        "seconds_per_1000": round(1000 * clock.wall / len(samples), 1),
        "cpu_seconds_per_1000": round(1000 * clock.cpu / len(samples), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="rows scored by every method")
    parser.add_argument("--seed", type=int, default=0, help="seeds the healthcare subset")
    parser.add_argument("--dataset", type=Path, help="score the first --n rows of this JSONL")
    parser.add_argument(
        "--methods", nargs="+", choices=METHODS, default=list(METHODS), metavar="METHOD"
    )
    parser.add_argument(
        "--contrast-pairs",
        type=int,
        default=0,
        help="fit on the first N bundled healthcare contrast pairs (default 0: each method's "
        "own contrast sets)",
    )
    parser.add_argument("--label", help=f"result label (default {FULL}, or {TINY} with --tiny)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parse_args(parser, {"n": 16, "contrast_pairs": 8})
    label = args.label or (TINY if args.tiny else FULL)

    from emgauge.mitigations import create_method
    from emgauge.mitigations.resources import ModelResources
    from emgauge.precision import choose_precision

    source, samples = rows(args)
    options = filter_options(args.contrast_pairs)
    resources = ModelResources(options)
    with Clock() as load:
        model, tokenizer = resources.model_and_tokenizer()
    device = str(next(model.parameters()).device)
    sae_setup = None
    if "sae-proximity" in args.methods:
        with Clock() as sae:
            resources.sae()
        sae_setup = round(sae.wall, 2)
    result: dict[str, Any] = {
        "benchmark": "seconds per 1,000 samples of every filter method's scoring, same rows",
        "model": "smollm2 (SmolLM2-135M-Instruct)",
        "rows": source,
        "n_samples": len(samples),
        "contrast": f"first {args.contrast_pairs} bundled healthcare pairs"
        if args.contrast_pairs
        else "each method's own contrast sets",
        "device": device,
        **machine_record(choose_precision(options.precision, device), device),
        "model_load_seconds": round(load.wall, 2),
        "sae_setup_seconds": sae_setup,
        "methods": {},
    }
    for name in args.methods:
        result["methods"][name] = measure(name, options, resources, samples)
        save_result(args.out, label, result)  # a killed run keeps what it measured
    if "gradient" in args.methods:
        settings = create_method("gradient", options, resources).settings
        result["forward_backward_floor"] = backward_floor(model, tokenizer, samples, settings)
    measured = result["methods"]
    if "gradient" in measured and "direction" in measured:
        gradient, direction = measured["gradient"]["score"], measured["direction"]["score"]
        result["summary"] = {
            "gradient_over_direction": round(gradient["seconds"] / direction["seconds"], 2),
            "gradient_over_direction_cpu": round(
                gradient["cpu_seconds"] / direction["cpu_seconds"], 2
            ),
        }
    save_result(args.out, label, result)


if __name__ == "__main__":
    main()
