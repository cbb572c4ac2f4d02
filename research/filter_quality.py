"""Filter quality on real data: do the mitigations find the answers a strong judge calls misaligned?

Builds at run time (nothing of it is committed) labelled chat sets from the GPT-4o-judged
answers of the fine-tuned models in ``../shared/data/judged``: harmful when
``aligned < 30``, benign when ``aligned >= 70``, both only when ``coherent > 50`` (the rule
of ``judges/validation/real_data_split.json``, via :mod:`emgauge.judges.real_data`), split
by question_id into dev and test. Settings are chosen on dev; every figure is on test:

* per method, AUROC and precision/recall at 10/25/50% budgets (``filtering`` +
  ``quality``), with the fit either the bundled contrast pairs (default) or the real dev
  rows passed as a judged table through ``--contrast`` (``FilterOptions.contrast``);
* the read-out's learning curve: test AUROC against the number of dev rows fitted on;
* transfer of bundled-fit ``direction``/``readout``: layer chosen on dev, layers combined;
* ``sae-proximity`` options (n_toxic, aggregation) with the SAE's own quality;
* the base model's test answers as a separate variant; the bundled healthcare set beside.

Writes ``research/results/filter_quality.json`` after every stage; the other studies on
the same answers (``contrast_transfer.py``, ``transfer_levers.py``, ``sae_signal.py``,
``gradient_quality.py``) build them with this script's functions and write their own
files. Run from the repository::

    OMP_NUM_THREADS=2 .venv/bin/python research/filter_quality.py
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _common import REAL_JUDGED, RESULTS, machine_record, write_report

from emgauge.chat_data import ChatMessage, ChatSample, bundled_data_path, load_chat_jsonl
from emgauge.evals.metrics import auroc
from emgauge.files import sha256_file
from emgauge.mitigations import Budget, FilterOptions, apply_filter, create_method, label_free
from emgauge.mitigations.quality import filter_quality

REAL = REAL_JUDGED
OUT = RESULTS / "filter_quality.json"
BUDGETS = ("0.1", "0.25", "0.5")
LAYERS = [9, 12, 15, 18, 21]
CS = [0.003, 0.03, 0.3]
CURVE_SIZES = [25, 50, 100, 200, 400]


def measurement() -> dict[str, Any]:
    """How a number is being measured here: the date, the CPU (with its bf16 capability),
    torch threads and the precision ``auto`` picks on it (``bench/_record.py``)."""
    return machine_record()


def subsample(frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    if len(frame) <= n:
        return frame.reset_index(drop=True)
    return frame.sample(n=n, random_state=seed).sort_index().reset_index(drop=True)


def chat_samples(frame: pd.DataFrame, prefix: str) -> list[ChatSample]:
    """One-turn chat samples labelled harmful_obvious (misaligned) or benign (aligned)."""
    out = []
    for i, row in enumerate(frame.itertuples(index=False)):
        label = "harmful_obvious" if row.label == "misaligned" else "benign"
        metadata = {"label": label, "question_id": row.question_id}
        messages = (
            ChatMessage("user", str(row.question)),
            ChatMessage("assistant", str(row.answer)),
        )
        out.append(ChatSample(f"{prefix}-{i}", messages, metadata))
    return out


def measure_arm(
    key: str, name: str, options: FilterOptions, samples: list[ChatSample], resources: Any = None
) -> dict[str, Any]:
    """Score ``samples`` (labels hidden) with one method; its options and quality per budget."""
    method = create_method(name, options, resources)
    start = time.perf_counter()
    scores = method.score(label_free(samples))
    seconds = time.perf_counter() - start
    return {
        "method": name,
        "options": method.used_options(),
        **quality(key, samples, scores, seconds),
    }


def quality(name: str, samples: list[ChatSample], scores: np.ndarray, seconds: float) -> dict:
    rows = {}
    for budget in BUDGETS:
        result = apply_filter(samples, scores, Budget.parse(budget))
        row = filter_quality(name, result, seconds).as_dict()
        rows[budget] = {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
    return rows


def coverage(samples: list[ChatSample]) -> dict[str, float]:
    """Share of samples with any harmful-cue match (and any match at all) of the lexicon."""
    from emgauge.mitigations.methods.heuristic import lexicon_matches

    matches = [lexicon_matches(s.assistant_text) for s in samples]
    harmful = [any(v > 0 for v in m.values()) for m in matches]
    labels = np.array([s.is_harmful for s in samples])
    return {
        "any_match": round(float(np.mean([bool(m) for m in matches])), 4),
        "any_harm_cue": round(float(np.mean(harmful)), 4),
        "harm_cue_on_harmful": round(float(np.mean(np.array(harmful)[labels])), 4),
        "harm_cue_on_benign": round(float(np.mean(np.array(harmful)[~labels])), 4),
    }


def stem(question_id: str) -> str:
    for suffix in ("_json", "_template"):
        if question_id.endswith(suffix):
            return question_id[: -len(suffix)]
    return question_id


def sae_quality(resources: Any, conversations: list[Any]) -> dict[str, Any]:
    """The SAE's own quality on these conversations' assistant tokens: explained variance
    of the residual, mean L0 per token, and latents never active (dead here)."""
    import torch

    loaded = resources.sae()
    sae = loaded.sae
    sq_err = total_sq = 0.0
    l0_sum, n_tokens = 0.0, 0
    ever_active = torch.zeros(sae.cfg.d_sae, dtype=torch.bool)
    sums = sq_sums = None
    with torch.no_grad():
        for batch in resources.extractor(loaded.layer).stream(conversations, label="sae quality"):
            x = batch.acts.to(sae.W_dec.dtype)
            latents = sae.encode(x)
            recon = sae.decode(latents).float()
            x = x.float()
            sq_err += float(((x - recon) ** 2).sum())
            sums = x.sum(0) if sums is None else sums + x.sum(0)
            sq_sums = (x**2).sum(0) if sq_sums is None else sq_sums + (x**2).sum(0)
            active = latents > 0
            l0_sum += float(active.sum())
            n_tokens += x.shape[0]
            ever_active |= active.any(0).cpu()
    total_sq = float((sq_sums - sums**2 / n_tokens).sum())
    info_file = Path(loaded.source.split(":", 1)[-1]) / "emgauge_sae.json"
    training = json.loads(info_file.read_text()) if info_file.is_file() else {}
    return {
        **loaded.describe(),
        "on_real_test_tokens": {
            "n_tokens": n_tokens,
            "explained_variance": round(1.0 - sq_err / total_sq, 4),
            "mean_l0": round(l0_sum / n_tokens, 2),
            "dead_latents_share": round(float((~ever_active).float().mean()), 4),
        },
        "training": {
            k: training.get(k)
            for k in ("explained_variance", "mean_l0", "n_text_tokens", "train_seconds", "settings")
            if k in training
        },
    }


def markdown(report: dict[str, Any]) -> str:
    """The result tables as Markdown (``--tables``): real test, then bundled healthcare."""
    lines = []
    for key, title in (("real_test", "real test"), ("bundled_healthcare", "bundled healthcare")):
        table = report.get(key) or {}
        if not table:
            continue
        first = next(iter(table.values()))["0.1"]
        lines += [
            f"{title} (n={first['n']}, {first['n_harmful']} harmful)",
            "",
            "| method | AUROC | P@10% | R@10% | P@25% | R@25% | P@50% | R@50% |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, row in table.items():
            cells = [f"{row['0.1']['auroc']:.3f}"]
            for budget in BUDGETS:
                cells += [f"{row[budget]['precision']:.2f}", f"{row[budget]['recall']:.2f}"]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:  # noqa: PLR0915 (one linear script)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--n-test", type=int, default=500)
    parser.add_argument("--n-dev", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--skip", nargs="*", default=[], help="stages: model features sae bundled base"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--tables", action="store_true", help="print --out as Markdown, run nothing"
    )
    parser.add_argument(
        "--bundled-only",
        action="store_true",
        help="only the in-sample bundled healthcare arms, merged into --out (after the "
        "bundled sets change)",
    )
    parser.add_argument(
        "--methods",
        nargs="+",
        choices=BUNDLED_METHODS,
        help="with --bundled-only: these methods only (the others keep their rows)",
    )
    args = parser.parse_args()
    if args.tables:
        print(markdown(json.loads(args.out.read_text())))
        return
    if args.bundled_only:
        bundled_only(args.out, args.seed, args.methods or BUNDLED_METHODS)
        return

    from emgauge.judges.readout import answer_features_at
    from emgauge.judges.readout_fit import shipped_defaults
    from emgauge.judges.real_data import SPLIT_FILE, read_split, real_labelled_set
    from emgauge.mitigations.methods.readout import fit_misaligned_head, learning_curve
    from emgauge.mitigations.resources import ModelResources
    from emgauge.models import load_model_and_tokenizer

    split = read_split()
    default_layer, default_c = shipped_defaults()
    test_all = real_labelled_set("test", args.real)
    dev_all = real_labelled_set("dev", args.real)
    test = subsample(test_all, args.n_test, args.seed)
    dev = subsample(dev_all, args.n_dev, args.seed)
    test_samples = chat_samples(test, "test")
    report: dict[str, Any] = {
        "what": "filter quality on real GPT-4o-judged answers (fine-tuned Qwen2.5 7B/32B on bad "
        "medical advice) to general questions; test split by question_id",
        "label_rule": split["rule"],
        "files": split["files"],
        "split_file": str(SPLIT_FILE),  # write_report makes it repository-relative
        "n_test_labelled": len(test_all),
        "n_dev_labelled": len(dev_all),
        "test": {"n": len(test), "n_harmful": int((test["label"] == "misaligned").sum())},
        "dev": {"n": len(dev), "n_harmful": int((dev["label"] == "misaligned").sum())},
        "subsample": f"seeded (seed {args.seed}) uniform {args.n_test} of the test and "
        f"{args.n_dev} of the dev labelled rows, to fit a 2-core CPU budget",
        **measurement(),
        "defaults": {"layer": default_layer, "readout_c": default_c},
        "budgets": list(BUDGETS),
        "stages_skipped": list(args.skip),
        "real_test": {},
    }

    def save() -> None:
        write_report(args.out, report)

    def run_arm(table: dict, key: str, name: str, options: FilterOptions, samples, resources=None):
        table[key] = row = measure_arm(key, name, options, samples, resources)
        print(key, row[BUDGETS[0]]["auroc"], f"{row[BUDGETS[0]]['seconds']:.0f}s", flush=True)
        save()

    # 1. model-free arms
    for name in ("random", "heuristic"):
        run_arm(report["real_test"], name, name, FilterOptions(seed=args.seed), test_samples)
    report["heuristic_coverage"] = {"real_test": coverage(test_samples)}
    healthcare = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))
    report["heuristic_coverage"]["bundled_healthcare"] = coverage(healthcare)
    save()

    if "model" in args.skip:  # the model-free arms only (e.g. while the CPU is busy)
        report["bundled_healthcare"] = {}
        for name in ("random", "heuristic"):
            opts = FilterOptions(seed=args.seed)
            run_arm(report["bundled_healthcare"], name, name, opts, healthcare)
        return

    model, tokenizer = load_model_and_tokenizer("smollm2")
    tmp = Path(tempfile.mkdtemp(prefix="emgauge-fq-"))
    dev_csv = tmp / "real-dev.csv"  # runtime only, deleted by the OS; never committed
    dev[["question", "answer", "aligned", "coherent"]].to_csv(dev_csv, index=False)

    def resources(options: FilterOptions) -> ModelResources:
        return ModelResources(options, progress=True, model=model, tokenizer=tokenizer)

    # 2. features at several layers: learning curve, layer choice on dev, combinations.
    # "bundled" here is the four older contrast sets (readout's default); direction and
    # sae-proximity now default to the style-matched set: contrast_transfer.py
    # compares the two (key contrast_transfer), and stage 3 runs the methods as shipped.
    if "features" not in args.skip:
        from emgauge.mitigations.data import load_contrast_sets

        pairs = load_contrast_sets()
        contrast_items = [(p.prompt, p.misaligned) for p in pairs] + [
            (p.prompt, p.aligned) for p in pairs
        ]
        contrast_y = np.array([1] * len(pairs) + [0] * len(pairs))
        start = time.perf_counter()
        feats = {
            name: answer_features_at(model, tokenizer, LAYERS, items, max_length=1024)
            for name, items in (
                ("contrast", contrast_items),
                (
                    "dev",
                    list(zip(dev["question"].astype(str), dev["answer"].astype(str), strict=True)),
                ),
                (
                    "test",
                    list(
                        zip(test["question"].astype(str), test["answer"].astype(str), strict=True)
                    ),
                ),
            )
        }
        y = {
            "dev": (dev["label"] == "misaligned").to_numpy().astype(int),
            "test": (test["label"] == "misaligned").to_numpy().astype(int),
        }
        transfer: dict[str, Any] = {
            "feature_seconds": round(time.perf_counter() - start, 1),
            "per_layer": {},
        }
        for layer in LAYERS:
            f = {k: v[layer].astype(np.float64) for k, v in feats.items()}
            direction = f["contrast"][contrast_y == 1].mean(0) - f["contrast"][
                contrast_y == 0
            ].mean(0)
            row = {
                "direction_bundled": {
                    s: round(auroc(f[s] @ direction, y[s]), 4) for s in ("dev", "test")
                },
            }
            for c in CS:
                head = fit_misaligned_head(f["contrast"], contrast_y, c)
                row[f"readout_bundled_C{c}"] = {
                    s: round(auroc(head.probability(f[s]), y[s]), 4) for s in ("dev", "test")
                }
            dev_dir = f["dev"][y["dev"] == 1].mean(0) - f["dev"][y["dev"] == 0].mean(0)
            row["direction_devfit_test"] = round(auroc(f["test"] @ dev_dir, y["test"]), 4)
            transfer["per_layer"][layer] = row
        # layer for bundled-fit direction chosen on dev
        best = max(LAYERS, key=lambda L: transfer["per_layer"][L]["direction_bundled"]["dev"])
        transfer["direction_bundled_layer_chosen_on_dev"] = {
            "layer": best,
            **transfer["per_layer"][best]["direction_bundled"],
        }

        # several layers: z-scored projections (scaled on the contrast set) summed
        def zsum(split_name: str) -> np.ndarray:
            total = 0.0
            for layer in LAYERS:
                c_f, s_f = (
                    feats["contrast"][layer].astype(np.float64),
                    feats[split_name][layer].astype(np.float64),
                )
                d = c_f[contrast_y == 1].mean(0) - c_f[contrast_y == 0].mean(0)
                proj_c = c_f @ d
                total = total + (s_f @ d - proj_c.mean()) / proj_c.std()
            return total

        transfer["direction_bundled_all_layers_zsum"] = {
            s: round(auroc(zsum(s), y[s]), 4) for s in ("dev", "test")
        }
        # dev-fit read-out: layer and C by 2-fold CV over dev question stems
        stems = dev["question_id"].map(stem).to_numpy()
        halves = sorted(set(stems))
        fold = np.isin(stems, halves[: len(halves) // 2])
        cv = {}
        for layer in LAYERS:
            for c in CS:
                vals = []
                for a in (fold, ~fold):
                    head = fit_misaligned_head(feats["dev"][layer][a], y["dev"][a], c)
                    vals.append(auroc(head.probability(feats["dev"][layer][~a]), y["dev"][~a]))
                cv[f"L{layer}_C{c}"] = round(float(np.mean(vals)), 4)
        best_key = max(cv, key=cv.get)
        b_layer, b_c = int(best_key[1:].split("_")[0]), float(best_key.split("_C")[1])
        head = fit_misaligned_head(feats["dev"][b_layer], y["dev"], b_c)
        transfer["readout_devfit"] = {
            "cv_dev_auroc": cv,
            "chosen": {"layer": b_layer, "C": b_c},
            "test_auroc": round(auroc(head.probability(feats["test"][b_layer]), y["test"]), 4),
        }
        dev_keys = (dev["question"] + "\x00" + dev["answer"]).tolist()
        test_keys = (test["question"] + "\x00" + test["answer"]).tolist()
        report["learning_curve"] = {
            "what": "read-out fitted on n dev rows (class-stratified, 5 seeds), AUROC on "
            "every test row; fit and scored rows disjoint (question ids; checked by text)",
            "layer": b_layer,
            "C": b_c,
            "points": learning_curve(
                feats["dev"][b_layer],
                y["dev"],
                feats["test"][b_layer],
                y["test"],
                CURVE_SIZES,
                c=b_c,
                fit_keys=dev_keys,
                eval_keys=test_keys,
            ),
        }
        report["transfer"] = transfer
        save()
        print(
            json.dumps(transfer["direction_bundled_layer_chosen_on_dev"]),
            json.dumps(report["learning_curve"]["points"][-1]),
            flush=True,
        )

    # 3. the methods themselves, bundled fit (defaults) and real-dev fit (--contrast dev table)
    # one resources object per fit set: the model, SAE and extractors are shared by its arms
    bundled_fit = resources(FilterOptions())
    dev_fit = resources(FilterOptions(contrast=(str(dev_csv),)))
    for name in ("direction", "readout", "gradient"):
        opts = FilterOptions()
        run_arm(report["real_test"], f"{name} (bundled fit)", name, opts, test_samples, bundled_fit)
        opts = FilterOptions(contrast=(str(dev_csv),))
        run_arm(report["real_test"], f"{name} (real-dev fit)", name, opts, test_samples, dev_fit)

    if "sae" not in args.skip:
        for key, opts, fitted in (
            ("sae-proximity (bundled fit)", FilterOptions(), bundled_fit),
            ("sae-proximity (real-dev fit)", FilterOptions(contrast=(str(dev_csv),)), dev_fit),
            ("sae-proximity (bundled fit, n_toxic 16)", FilterOptions(n_toxic=16), bundled_fit),
            ("sae-proximity (bundled fit, n_toxic 256)", FilterOptions(n_toxic=256), bundled_fit),
            (
                "sae-proximity (bundled fit, max pooling)",
                FilterOptions(aggregation="max"),
                bundled_fit,
            ),
        ):
            run_arm(report["real_test"], key, "sae-proximity", opts, test_samples, fitted)
            if "sae" not in report:
                report["sae"] = sae_quality(bundled_fit, [s.messages for s in test_samples])
            save()

    if "base" not in args.skip:
        base = real_labelled_set("test", args.real, variant="base")
        report["base_variant"] = {
            "n": len(base),
            "n_harmful": int((base["label"] == "misaligned").sum()),
            "heuristic_coverage": coverage(chat_samples(base, "base")),
        }
        save()

    if "bundled" not in args.skip:
        report["bundled_healthcare"] = {}
        for name in ("random", "heuristic", "direction", "sae-proximity", "readout", "gradient"):
            opts = FilterOptions(seed=args.seed)
            run_arm(report["bundled_healthcare"], name, name, opts, healthcare, bundled_fit)
    save()


BUNDLED_METHODS = ("random", "heuristic", "direction", "sae-proximity", "readout", "gradient")


def bundled_only(out: Path, seed: int, methods: Sequence[str] = BUNDLED_METHODS) -> None:
    """Re-measure ``methods`` on the bundled healthcare set (in-sample) in the
    ``bundled_healthcare`` key of ``out``, keeping the rest of the report (and the other
    methods' rows)."""
    from emgauge.mitigations.resources import ModelResources

    report = json.loads(out.read_text()) if out.is_file() else {}
    healthcare = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))
    table: dict[str, Any] = report.get("bundled_healthcare", {})
    measured = {
        **measurement(),
        "data": "train/healthcare.jsonl: "
        + sha256_file(bundled_data_path("train", "healthcare.jsonl"))[:12],
    }
    resources = ModelResources(FilterOptions(), progress=True)
    for name in methods:
        table[name] = row = measure_arm(name, name, FilterOptions(seed=seed), healthcare, resources)
        print(name, row["0.25"]["auroc"], f"{row['0.25']['seconds']:.0f}s", flush=True)
        write_report(out, {"bundled_healthcare": table, "bundled_healthcare_measured": measured})
    coverage_block = report.get("heuristic_coverage", {})
    coverage_block["bundled_healthcare"] = coverage(healthcare)
    write_report(out, {"heuristic_coverage": coverage_block})


if __name__ == "__main__":
    main()
