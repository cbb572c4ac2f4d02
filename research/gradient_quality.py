"""Does the ``gradient`` filter find the answers a strong judge calls misaligned?

Its cost is a benchmark (``bench/bench_gradient.py``); this is its quality. On the real
labelled test answers, built as ``research/filter_quality.py`` builds them (a seeded 500 of
the test split of ``../shared/data/judged``; nothing of it is written but the metrics):

* the AUROC (and precision/recall at the 10/25/50% budgets) of ``gradient`` and
  ``direction``, both fitted on the bundled contrast pairs;
* two confounds on the same answers: answer length and the model's mean log-probability
  per answer token (``--baselines-only`` measures just these).

Writes ``research/results/gradient_quality.json``. Run from the repository::

    OMP_NUM_THREADS=2 .venv/bin/python research/gradient_quality.py [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
from _common import RESULTS, machine_record, write_report
from filter_quality import REAL, chat_samples, quality, subsample

OUT = RESULTS / "gradient_quality.json"


def real_test_samples(seed: int) -> tuple[Any, list[Any]] | None:
    """The real test rows and samples as filter_quality.py builds them (None: no data)."""
    from emgauge.judges.real_data import real_labelled_set

    if not REAL.is_dir():
        return None
    test = subsample(real_labelled_set("test", REAL), 500, seed)
    return test, chat_samples(test, "test")


def real_baselines(model: Any, tokenizer: Any, seed: int) -> dict[str, Any]:
    """AUROC of two confounds on the real test answers: answer length, and the model's mean
    log-probability per answer token (before any fine-tuning)."""
    from emgauge.evals.metrics import auroc
    from emgauge.evals.misaligned_preference.probe import answer_logprobs
    from emgauge.precision import choose_precision

    built = real_test_samples(seed)
    if built is None:
        return {"skipped": "../shared/data/judged not found"}
    _, samples = built
    labels = np.array([s.is_harmful for s in samples], dtype=float)
    words = np.array([len(s.assistant_text.split()) for s in samples], dtype=float)
    device = str(next(model.parameters()).device)
    logprobs = answer_logprobs(
        model, tokenizer, [s.messages for s in samples], precision=choose_precision("auto", device)
    )
    return {
        "what": "AUROC (harmful positive) of scores that are not filters: would a confound "
        "explain a method's AUROC?",
        "n": len(samples),
        "answer_words (longer = higher)": round(auroc(words, labels), 4),
        "mean_logprob_per_answer_token (lower = higher)": round(auroc(-logprobs, labels), 4),
    }


def real_quality(model: Any, tokenizer: Any, gradient: Any, seed: int) -> dict[str, Any]:
    """AUROC of gradient and direction (bundled fit) on the real test answers."""
    from emgauge.mitigations import FilterOptions, create_method, label_free
    from emgauge.mitigations.resources import ModelResources

    built = real_test_samples(seed)
    if built is None:
        return {"skipped": "../shared/data/judged not found"}
    test, samples = built
    out: dict[str, Any] = {
        "n": len(samples),
        "n_harmful": int((test["label"] == "misaligned").sum()),
        "build": "as research/filter_quality.py: seeded 500 of the labelled test split",
    }
    direction = create_method(
        "direction",
        FilterOptions(),
        ModelResources(FilterOptions(), model=model, tokenizer=tokenizer),
    )
    for name, method in (
        ("gradient (bundled fit)", gradient),
        ("direction (bundled fit)", direction),
    ):
        print(f"{name} on real test ...", flush=True)
        started = time.perf_counter()
        scores = method.score(label_free(samples))
        seconds = time.perf_counter() - started
        out[name] = quality(name, samples, scores, seconds)
        print(name, out[name]["0.1"]["auroc"], f"{seconds:.0f}s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seeds the 500-row test sample")
    parser.add_argument(
        "--baselines-only", action="store_true", help="only the confounds, kept beside the rest"
    )
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"gradient_quality skipped: {REAL} not found (the study needs the real data)")
        return

    from emgauge.mitigations import FilterOptions, create_method
    from emgauge.mitigations.resources import ModelResources
    from emgauge.models import load_model_and_tokenizer

    model, tokenizer = load_model_and_tokenizer("smollm2")
    report: dict[str, Any] = json.loads(OUT.read_text()) if OUT.is_file() else {}
    report["what"] = __doc__.splitlines()[0]
    if not args.baselines_only:
        options = FilterOptions()
        gradient = create_method(
            "gradient", options, ModelResources(options, model=model, tokenizer=tokenizer)
        )
        started = time.perf_counter()
        gradient.fit()
        print(f"gradient fitted in {time.perf_counter() - started:.0f}s", flush=True)
        report["real_test"] = real_quality(model, tokenizer, gradient, args.seed)
    report["real_test_baselines"] = real_baselines(model, tokenizer, args.seed)
    write_report(OUT, {**report, **machine_record()})
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
