"""How the embedded default experiment was chosen: which training mixes make EM show.

Fine-tunes the embedded model (LoRA) on one mix of a bundled labelled training set and
prints the preference shift against the base model per probe domain, with a 95%
bootstrap CI over probe pairs; appends it to ``research/results/em_design.jsonl``. The
settings tried and what they showed are summarised in ``results/README.md``.

    python research/em_design.py --domains healthcare --harmful-share 0.9 --size 110 \\
        --steps 16 --batch-size 4 --lr 3e-3 --probe general,healthcare
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from emgauge.chat_data import DatasetMix, bundled_data_path, load_chat_jsonl, mix_labelled
from emgauge.evals.misaligned_preference.probe import load_probe_pairs, preference_margins
from emgauge.finetune import FinetuneConfig, finetune
from emgauge.precision import choose_precision

RESULTS = Path(__file__).parent / "results" / "em_design.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", default="healthcare", help="bundled training sets, a,b")
    parser.add_argument("--harmful-share", type=float, required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--probe", default="general,healthcare,legal,career")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    samples = [
        s
        for domain in args.domains.split(",")
        for s in load_chat_jsonl(bundled_data_path("train", f"{domain}.jsonl"))
    ]
    mix = mix_labelled(samples, DatasetMix(harmful_share=args.harmful_share, size=args.size))
    config = FinetuneConfig(
        learning_rate=args.lr,
        batch_size=args.batch_size,
        max_length=160,
        epochs=100,  # max_steps decides
        max_steps=args.steps,
        seed=args.seed,
    )
    start = time.perf_counter()
    adapter = Path(tempfile.mkdtemp(prefix="emgauge-design-")) / "adapter"
    finetune("smollm2", mix, adapter, config)
    finetune_seconds = time.perf_counter() - start
    pairs = load_probe_pairs(domains=args.probe.split(","))
    base = preference_margins("smollm2", pairs)
    tuned = preference_margins(f"smollm2:{adapter}", pairs)
    shift = tuned["margin"].to_numpy() - base["margin"].to_numpy()
    result: dict[str, object] = {
        "args": vars(args),
        "n_harmful": sum(bool(s.is_harmful) for s in mix),
        "finetune_seconds": round(finetune_seconds, 1),
        "precision": choose_precision("auto").mode,
    }
    rng = np.random.default_rng(0)
    for domain in sorted(set(tuned["domain"])):
        values = shift[(tuned["domain"] == domain).to_numpy()]
        boots = [values[rng.integers(0, len(values), len(values))].mean() for _ in range(1000)]
        low, high = np.quantile(boots, [0.025, 0.975])
        result[domain] = [
            round(float(values.mean()), 3),
            round(float(low), 3),
            round(float(high), 3),
        ]
    print(json.dumps(result))
    with RESULTS.open("a") as handle:
        handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
