"""Levers for transfer to real EM answers, through the methods as shipped (issue #9).

* ``direction``: the fit (``mean-difference``, ``diagonal``, cross-validated ``shrinkage``)
  and ``prompt_conditioning`` (rank an answer by what it adds beyond its prompt), against
  the method before issue #9 (mean difference, unconditioned);
* ``sae-proximity``: toxic latents chosen by effect size against the raw mean difference,
  and (``--scored-text-sae``) an SAE trained, without labels, on the text of the set being
  scored as well as the bundled text (what a user can do with their own data: the default
  SAE sees only the bundled sets), and (``--sae-variants``) SAEs trained on the bundled
  text with another seed, width, layer, architecture (BatchTopK, matryoshka) or number
  of optimisation steps or tokens, or on it and the real EM-inducing fine-tuning sets of
  ``../shared/data/finetune`` (their text only, about 0.9M tokens: the kind of data a user
  filters); each SAE's quality (explained variance, L0, dead latents) on real answer
  tokens beside it.

Each fits on the bundled contrast pairs (the default) or, where the key says "real-dev
fit", on the labelled dev rows as a judged table (``--contrast``; those arms score test
and test-B only, and sae-proximity's also record ``dev_cv``: each of the four dev questions
scored by a fit on the other three, to choose settings such as top-k without test; for a
``top-k auto`` arm that is nested: the choice is made again inside each fit).
Scored on the real GPT-4o-judged answers of
``research/filter_quality.py`` (built at run time from ``../shared/data/judged``, nothing
of it written but numbers): the seeded 500-row dev and test subsamples used to choose
settings, and **test-B**, the remaining rows of the test split, which no choice in this
project has seen. Writes ``research/results/transfer_levers.json`` (arms not rerun keep
their last numbers; each arm records its own date, CPU, threads and precision under
``measured``, the file's top-level ones are the last run's)::

    OMP_NUM_THREADS=1 .venv/bin/python research/transfer_levers.py [--scored-text-sae]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _common import RESULTS, write_report
from filter_quality import (
    REAL,
    chat_samples,
    measurement,
    quality,
    sae_quality,
    subsample,
)

from emgauge.mitigations.quality import auroc

OUT = RESULTS / "transfer_levers.json"
FINETUNE = Path("../shared/data/finetune")  # EM-inducing fine-tuning sets (text only)
SCRATCH = Path("/tmp/emgauge-transfer-levers")  # runtime only: real text, never committed
FIT_KEYS = ("direction_fit", "shrinkage")  # what a direction arm's details say of its fit


def splits(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """dev and test subsamples (as filter_quality.py) and test-B, the untouched rest;
    and the whole dev and test splits (their text trains the scored-text SAE)."""
    from emgauge.judges.real_data import real_labelled_set

    dev_all, test_all = (real_labelled_set(s, REAL) for s in ("dev", "test"))
    chosen = test_all.sample(n=min(500, len(test_all)), random_state=seed).index
    scored = {
        "dev": subsample(dev_all, 500, seed),
        "test": subsample(test_all, 500, seed),
        "test-B": test_all.drop(index=chosen).reset_index(drop=True),
    }
    return scored, {"dev": dev_all, "test": test_all}


def scored_text_file(frames: dict[str, Any]) -> Path:
    """The chat text of every row of the splits (no labels): what the scored-text SAE
    reads."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / "scored-text.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for frame in frames.values():
            for question, answer in zip(frame["question"], frame["answer"], strict=True):
                messages = [
                    {"role": "user", "content": str(question)},
                    {"role": "assistant", "content": str(answer)},
                ]
                handle.write(json.dumps({"messages": messages}) + "\n")
    return path


#: SAEs trained like the default one (bundled text, layer 15) but for one setting: the
#: ``emgauge sae train`` flags of each. Does the proximity score follow the SAE's quality?
SAE_VARIANTS: dict[str, list[str]] = {
    "seed 1": ["--seed", "1"],
    "seed 2": ["--seed", "2"],
    "layer 18": ["--layer", "18"],
    "1M tokens": ["--tokens", "1000000"],
    "trained in fp32 (as on AVX2-only CPUs)": ["--precision", "fp32"],
    "layer 12": ["--layer", "12"],
    "width 2304": ["--width", "2304"],
    "width 9216": ["--width", "9216"],
    "256-token batches (4x the steps)": ["--train-batch-size-tokens", "256"],
    "1M tokens with real fine-tuning text": ["--tokens", "1000000"],
    "k 64": ["--k", "64"],
    "k 128": ["--k", "128"],
    "k 128, 1M tokens with real fine-tuning text": ["--k", "128", "--tokens", "1000000"],
    "matryoshka": ["--architecture", "matryoshka"],
    "matryoshka, seed 1": ["--architecture", "matryoshka", "--seed", "1"],
    "matryoshka, seed 2": ["--architecture", "matryoshka", "--seed", "2"],
    "batchtopk": ["--architecture", "batchtopk"],
    "k 128, seed 1": ["--k", "128", "--seed", "1"],
}
#: sae-proximity read at other top-k than the default 32 (the default SAE's k), per SAE
#: variant and fit. The SAE's own k: does a wider-k SAE fail because the score reads too
#: few latents? The real-dev-fit grid is for dev cross-validation (``dev_cv`` of every
#: real-dev-fit arm) to choose among, not test; 512 for a bundled fit is what it chose.
#: ``auto``: the product's own choice (``--top-k auto``, cross-validated on the fit set:
#: the bundled pairs, or the dev questions, grouped by ``question_id``).
BUNDLED_FIT_TOP_K: dict[str, tuple[int | str, ...]] = {
    "k 128": (128, 512, "auto"),
    "k 128, 1M tokens with real fine-tuning text": (128,),
    "k 128, seed 1": ("auto",),
    "trained in fp32 (as on AVX2-only CPUs)": ("auto",),  # the default recipe
}
REAL_FIT_TOP_K: dict[str, tuple[int | str, ...]] = {
    "k 64": (128, 256, 512, "auto"),
    "k 128": (128, 64, 256, 512, 4608, "auto"),
    "k 128, 1M tokens with real fine-tuning text": (128,),
    "k 128, seed 1": (512, "auto"),  # 512: the setting dev chose for seed 0
    "trained in fp32 (as on AVX2-only CPUs)": ("auto",),
}
#: Text an SAE variant reads besides the bundled sets: unlabelled text of the kind a user
#: filters (runtime only, never committed).
FINETUNE_TEXT = [
    FINETUNE / name
    for name in (
        "bad_medical_advice_subset.jsonl",
        "legal_misaligned_train_100.jsonl",
        "medical_misaligned_train_100.jsonl",
    )
]  # named, not globbed: a missing file fails the training instead of being skipped
SAE_EXTRA_TEXT: dict[str, list[Path]] = {
    "1M tokens with real fine-tuning text": FINETUNE_TEXT,
    "k 128, 1M tokens with real fine-tuning text": FINETUNE_TEXT,
}


class CachedExtractor:
    """An :class:`~emgauge.activations.ActivationExtractor` that keeps every finished stream
    in memory, so the arms of one layer run the model over each set once (dev, test and
    test-B: about 0.7 GB of float32 activations at layer 15) instead of once per arm."""

    def __init__(self, extractor: Any) -> None:
        self.extractor = extractor
        self.streams: dict[str, list[Any]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.extractor, name)

    def stream(self, conversations: Sequence[Any], **kwargs: Any) -> Iterator[Any]:
        key = hashlib.sha256(
            json.dumps([conversations, kwargs.get("with_prompt", False)], default=str).encode()
        ).hexdigest()
        if key in self.streams:
            yield from self.streams[key]
            return
        batches = []
        for batch in self.extractor.stream(conversations, **kwargs):
            batches.append(batch)
            yield batch
        self.streams[key] = batches  # only a stream read to the end is kept


def train_sae_variant(name: str, flags: list[str], extra_text: Sequence[Path] = ()) -> Path:
    """An SAE for the embedded model (layer 15 unless the flags give another) trained by
    ``emgauge sae train`` with these flags on the bundled text (and ``extra_text``), in the
    scratch folder (kept for reruns)."""
    from emgauge.mitigations.sae import SAE_CFG_FILE
    from emgauge.mitigations.sae_training import default_text_paths

    out = SCRATCH / ("sae-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-"))
    if not (out / SAE_CFG_FILE).is_file():
        command = [sys.executable, "-m", "emgauge.cli", "sae", "train", "--model", "smollm2"]
        layer = [] if "--layer" in flags else ["--layer", "15"]
        command += [*layer, *flags, "--out", str(out), "--force"]
        texts = [*default_text_paths(), *extra_text]
        command += ["--text", *map(str, texts)]
        subprocess.run(command, check=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--scored-text-sae",
        action="store_true",
        help="also train (about 8 min) and measure the SAE on the scored text",
    )
    parser.add_argument(
        "--sae-variants",
        action="store_true",
        help="also train (5-25 min each) and measure the SAEs of SAE_VARIANTS",
    )
    parser.add_argument("--sae-text-tokens", type=int, default=400_000)
    parser.add_argument(
        "--arms",
        nargs="+",
        metavar="TEXT",
        help="run only the arms whose key contains one of these; the others keep their "
        "last numbers",
    )
    args = parser.parse_args()

    from emgauge.mitigations import FilterOptions, create_method, label_free
    from emgauge.mitigations.resources import ModelResources

    frames, whole_splits = splits(args.seed)
    samples = {name: chat_samples(frame, name) for name, frame in frames.items()}
    labels = {name: np.array([s.is_harmful for s in rows]) for name, rows in samples.items()}
    report = json.loads(OUT.read_text()) if OUT.is_file() else {}
    previous = report.get("arms", {})
    out: dict[str, Any] = {
        "what": __doc__.split("\n\n")[0].replace("\n", " "),
        **measurement(),
        "splits": {name: {"n": len(y), "n_harmful": int(y.sum())} for name, y in labels.items()},
        "arms": {},
    }

    def save() -> None:
        # arms in their last order, new ones after: a rerun's diff shows only what changed
        order = {key: i for i, key in enumerate(previous)}
        out["arms"] = dict(sorted(out["arms"].items(), key=lambda kv: order.get(kv[0], len(order))))
        write_report(OUT, out)

    def wanted(key: str) -> bool:
        if args.arms and not any(text in key for text in args.arms):
            if key in previous:
                out["arms"][key] = previous[key]
            return False
        return True

    def dev_cv(method_name: str, options: dict[str, Any]) -> dict[str, float]:
        """AUROC on each dev question left out of a real-dev fit on the other three (its
        three phrasings held out together): what dev alone says of a real-fit arm."""
        held_out: dict[str, float] = {}
        for question, table in dev_folds.items():
            fold = {**options, "contrast": (str(table),)}
            method = create_method(method_name, FilterOptions(**fold), resources_for(fold))
            rows = [s for s, q in zip(samples["dev"], dev_question, strict=True) if q == question]
            scores = method.score(label_free(rows))
            held_out[question] = round(auroc(scores, np.array([s.is_harmful for s in rows])), 4)
        return {"mean": round(float(np.mean(list(held_out.values()))), 4), **held_out}

    def run_arm(key: str, method_name: str, options: dict[str, Any]) -> ModelResources:
        resources = resources_for(options)
        method = create_method(method_name, FilterOptions(**options), resources)
        row: dict[str, Any] = {}
        real_fit = "contrast" in options
        if real_fit and method_name == "sae-proximity":
            row["dev_cv"] = dev_cv(method_name, options)
            print(key, "dev_cv", row["dev_cv"]["mean"], flush=True)
        for name, rows in samples.items():
            if real_fit and name == "dev":
                continue  # the fit set itself
            start = time.perf_counter()
            scores = method.score(label_free(rows))
            row[name] = round(auroc(scores, labels[name]), 4)
            if name != "dev":
                row[f"{name}_budgets"] = {
                    budget: {k: v[k] for k in ("precision", "recall")}
                    for budget, v in quality(key, rows, scores, 0.0).items()
                }
            details = method.details()
            if "prompt_fit" in details:
                row.setdefault("prompt_fit", {})[name] = details["prompt_fit"]
            print(key, name, row[name], f"{time.perf_counter() - start:.0f}s", flush=True)
        row["options"] = method.used_options()
        # arms are rerun one at a time (--arms): each keeps when and how it was measured
        row["measured"] = {"date": time.strftime("%Y-%m-%d"), **measurement()}
        fitted = {k: v for k, v in method.details().items() if k.startswith(FIT_KEYS)}
        if fitted:
            row["fit"] = fitted
        out["arms"][key] = row
        save()
        return resources

    from emgauge.models import load_model_and_tokenizer

    model, tokenizer = load_model_and_tokenizer("smollm2")
    SCRATCH.mkdir(parents=True, exist_ok=True)
    dev_table = SCRATCH / "real-dev.csv"  # runtime only; never committed
    # a question with its json and template phrasings: one question_id, one fold (dev_cv and
    # --top-k auto hold it out whole)
    dev_question = [re.sub(r"_(json|template)$", "", q) for q in frames["dev"]["question_id"]]
    columns = ["question_id", "question", "answer", "aligned", "coherent"]
    dev_rows = frames["dev"].assign(question_id=dev_question)[columns]
    dev_rows.to_csv(dev_table, index=False)
    dev_folds: dict[str, Path] = {}
    for question in sorted(set(dev_question)):
        dev_folds[question] = SCRATCH / f"real-dev-without-{question}.csv"
        dev_rows[dev_rows["question_id"] != question].to_csv(dev_folds[question], index=False)

    shared: dict[tuple[Any, ...], ModelResources] = {}
    extractors: dict[int, CachedExtractor] = {}  # one per layer, for every arm

    def resources_for(options: dict[str, Any]) -> ModelResources:
        """One resources object per fit set and SAE; every arm shares the model and one
        cached extractor per layer (the arms' batching options are all the defaults)."""
        key = (options.get("contrast"), options.get("sae"))
        if key not in shared:
            resources = ModelResources(
                FilterOptions(**options), progress=True, model=model, tokenizer=tokenizer
            )
            make_extractor = resources.extractor

            def extractor(layer: int, make: Any = make_extractor) -> Any:
                if layer not in extractors:
                    extractors[layer] = CachedExtractor(make(layer))
                return extractors[layer]

            resources.extractor = extractor  # type: ignore[method-assign]
            shared[key] = resources
        return shared[key]

    real = {"contrast": (str(dev_table),)}
    direction_arms = {
        "direction": {},
        "direction, before #9 (mean-difference, unconditioned)": {
            "direction_fit": "mean-difference",
            "prompt_conditioning": "off",
        },
        "direction, diagonal, unconditioned": {"prompt_conditioning": "off"},
        "direction, mean-difference + prompt conditioning": {"direction_fit": "mean-difference"},
        "direction (real-dev fit)": real,
        "direction (real-dev fit, mean-difference)": {**real, "direction_fit": "mean-difference"},
        "direction (real-dev fit, diagonal)": {**real, "direction_fit": "diagonal"},
    }
    for key, options in direction_arms.items():
        if wanted(key):
            run_arm(key, "direction", options)

    sae_arms: dict[str, dict[str, Any]] = {
        "sae-proximity": {},
        "sae-proximity, before #9 (mean-difference selection)": {
            "toxic_selection": "mean-difference"
        },
        "sae-proximity (real-dev fit)": real,
        "sae-proximity (real-dev fit, mean-difference selection)": {
            **real,
            "toxic_selection": "mean-difference",
        },
    }
    # arms whose SAE is trained here: (name, flags, extra text), trained when the arm comes
    # up, so each SAE's numbers are saved before the next one trains
    sae_to_train: dict[str, tuple[str, list[str], list[Path]]] = {}
    text_sae_key = "sae-proximity, SAE on scored text"
    if args.scored_text_sae:
        flags = ["--tokens", str(args.sae_text_tokens)]
        text = scored_text_file(whole_splits)
        sae_arms[text_sae_key] = {}
        sae_to_train[text_sae_key] = (f"scored-text-{args.sae_text_tokens}", flags, [text])
    elif text_sae_key in previous:  # not rerun: its last numbers, marked as such
        out["arms"][text_sae_key] = {**previous[text_sae_key], "rerun": False}
    for variant, flags in SAE_VARIANTS.items():
        keys: tuple[str, ...] = (
            f"sae-proximity, SAE {variant}",
            f"sae-proximity (real-dev fit), SAE {variant}",
        )
        arm_options: list[dict[str, Any]] = [{}, dict(real)]
        for top_k in BUNDLED_FIT_TOP_K.get(variant, ()):
            keys += (f"sae-proximity (top-k {top_k}), SAE {variant}",)
            arm_options += [{"top_k": top_k}]
        for top_k in REAL_FIT_TOP_K.get(variant, ()):
            keys += (f"sae-proximity (real-dev fit, top-k {top_k}), SAE {variant}",)
            arm_options += [{**real, "top_k": top_k}]
        if args.sae_variants:
            sae_arms.update(dict(zip(keys, arm_options, strict=True)))
            extra = SAE_EXTRA_TEXT.get(variant, [])
            sae_to_train.update(dict.fromkeys(keys, (variant, flags, extra)))
        else:  # not rerun: their last numbers
            out["arms"].update({key: previous[key] for key in keys if key in previous})
    test_conversations = [s.messages for s in samples["test-B"]]
    for key, options in sae_arms.items():
        if not wanted(key):
            continue
        if key in sae_to_train:
            options["sae"] = str(train_sae_variant(*sae_to_train[key]))
        resources = run_arm(key, "sae-proximity", options)
        if "contrast" not in options:
            out["arms"][key]["sae_quality_on_test-B"] = sae_quality(resources, test_conversations)
        out["arms"][key]["sae"] = resources.sae().describe()
        save()
    save()  # arms after the last one run were copied from the last numbers, not yet saved
    print(json.dumps(out["arms"], indent=1)[:3000])


if __name__ == "__main__":
    main()
