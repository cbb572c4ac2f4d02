"""How good are the embedded judges on real GPT-4o-judged answers?

Writes ``research/results/embedded_judges.json``. The shipped read-out
(``judges/readouts/smollm2.safetensors`` and its card) is not built here but by the
package: ``emgauge judge build-readout``. Measured on the real TEST split of
``judges/validation/real_data_split.json`` (question ids never seen when choosing layer
or C):

(a) the few-shot generative embedded judge (``emgauge/smollm2``) on a stratified sample;
(b) the read-out fitted on bundled data only (contrast + training-set labels), layer and
    C chosen on the real DEV split;
(c) the read-out fitted on the real DEV split, layer and C chosen by 2-fold
    cross-validation over DEV question stems.

Features are cached under ``$EMGAUGE_CACHE/bench-judges`` so a rerun only pays for what
changed. Run from the repository root::

    OMP_NUM_THREADS=1 .venv/bin/python research/embedded_judges.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import REAL_JUDGED, RESULTS, machine_record, portable
from scipy.stats import spearmanr

from emgauge.evals.metrics import auroc
from emgauge.judges.readout import (
    LogisticHead,
    answer_features_at,
)
from emgauge.judges.readout_fit import (
    LabelledItems,
    bundled_aligned_fit_set,
    coherent_fit_set,
    fit_logistic,
)
from emgauge.judges.real_data import SPLIT_FILE, bundled_validation_set, real_labelled_set
from emgauge.models import cache_root, load_model_and_tokenizer

REAL = REAL_JUDGED
LAYERS = [10, 15]  # one pass up to 15 reads both (2 shared CPU cores bound the grid)
CS = [0.003, 0.03, 0.3]
MAX_LENGTH = 256
OUT = RESULTS / "embedded_judges.json"
FIT_ROWS = 1621  # all of them (an earlier run on a seeded 1,000: dev 0.864, test 0.69)
COHERENT_BASE_ROWS = 160
DEV_ROWS = 300
TEST_ROWS = 400
BUNDLED_GENERATIVE = 60  # bundled validation rows for the slow generative judge


def subsample(data: LabelledItems, n: int) -> LabelledItems:
    """A seeded uniform sample of n rows (contrast answers and labelled training samples)."""
    if len(data.items) <= n:
        return data
    pick = sorted(np.random.default_rng(0).choice(len(data.items), size=n, replace=False))
    return LabelledItems([data.items[i] for i in pick], data.labels[pick])


class Features:
    """Cached multi-layer features per named item list."""

    def __init__(self) -> None:
        self.dir = cache_root() / "bench-judges"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._model = None

    def model(self):  # noqa: ANN201
        if self._model is None:
            self._model = load_model_and_tokenizer("smollm2")
        return self._model

    def get(self, name: str, items: list[tuple[str, str]]) -> dict[int, np.ndarray]:
        key = hashlib.sha256(json.dumps([LAYERS, MAX_LENGTH, items]).encode()).hexdigest()[:16]
        path = self.dir / f"{name}-{key}.npz"
        if path.is_file():
            data = np.load(path)
            return {layer: data[str(layer)] for layer in LAYERS}
        start = time.time()
        model, tokenizer = self.model()
        feats = answer_features_at(model, tokenizer, LAYERS, items, max_length=MAX_LENGTH)
        np.savez(path, **{str(k): v for k, v in feats.items()})
        print(f"{name}: {len(items)} rows in {time.time() - start:.0f}s", flush=True)
        return feats


def items(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["question"].astype(str), frame["answer"].astype(str), strict=True))


def scores(p_aligned: np.ndarray, frame: pd.DataFrame) -> dict[str, float]:
    """AUROC for 'misaligned' (rank by 1 - p) and Spearman with the reference score."""
    y = (frame["label"] == "misaligned").to_numpy()
    out = {"n": int(len(frame)), "n_misaligned": int(y.sum()), "auroc": auroc(1 - p_aligned, y)}
    if "aligned" in frame and pd.to_numeric(frame["aligned"], errors="coerce").notna().all():
        out["spearman"] = float(spearmanr(p_aligned, frame["aligned"]).statistic)
    return out


def stem(question_id: str) -> str:
    return question_id.removesuffix("_json").removesuffix("_template")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generative", type=int, default=80, help="answers for (a); 0 skips")
    args = parser.parse_args()
    feats = Features()
    fit = subsample(bundled_aligned_fit_set(), FIT_ROWS)
    # Coherent head: a seeded quarter of the fit answers, each intact and corrupted.
    rng = np.random.default_rng(0)
    pick = sorted(rng.choice(len(fit.items), size=COHERENT_BASE_ROWS, replace=False))
    coh = coherent_fit_set(LabelledItems([fit.items[i] for i in pick], fit.labels[pick]))
    # Seeded samples of the real splits keep the bench within CPU time; n is recorded.
    dev = real_labelled_set("dev", REAL).sample(n=DEV_ROWS, random_state=0)
    test = real_labelled_set("test", REAL).sample(n=TEST_ROWS, random_state=0)
    dev, test = dev.reset_index(drop=True), test.reset_index(drop=True)
    f_fit = feats.get("fit", fit.items)
    f_dev, f_test = feats.get("real-dev", items(dev)), feats.get("real-test", items(test))
    f_coh = feats.get("coherent", coh.items)
    y_dev = (dev["label"] == "aligned").to_numpy().astype(int)

    # (b) bundled-only fit; layer and C chosen on real dev.
    grid_b = {}
    for layer in LAYERS:
        for c in CS:
            head = fit_logistic(f_fit[layer], fit.labels, c)
            grid_b[f"{layer}/{c}"] = scores(head.probability(f_dev[layer]), dev)["auroc"]
    layer_b, c_b = max(grid_b, key=grid_b.get).split("/")
    layer_b, c_b = int(layer_b), float(c_b)
    head_b = fit_logistic(f_fit[layer_b], fit.labels, c_b)
    coherent_head = fit_logistic(f_coh[layer_b], coh.labels, c_b)

    # (c) real-dev fit; layer and C by 2-fold CV over question stems within dev.
    stems = sorted({stem(q) for q in dev["question_id"]})
    fold = dev["question_id"].map(lambda q: stems.index(stem(q)) % 2).to_numpy()
    grid_c = {}
    for layer in LAYERS:
        for c in CS:
            p = np.zeros(len(dev))
            for k in (0, 1):
                head = fit_logistic(f_dev[layer][fold != k], y_dev[fold != k], c)
                p[fold == k] = head.probability(f_dev[layer][fold == k])
            grid_c[f"{layer}/{c}"] = scores(p, dev)["auroc"]
    layer_c, c_c = max(grid_c, key=grid_c.get).split("/")
    layer_c, c_c = int(layer_c), float(c_c)
    head_c = fit_logistic(f_dev[layer_c], y_dev, c_c)

    # (d) bundled + real dev together; layer and C by the same 2-fold CV (bundled rows are
    # always in the training fold).
    def with_bundled(layer: int, mask: np.ndarray, c: float) -> LogisticHead:
        x = np.vstack([f_fit[layer], f_dev[layer][mask]])
        return fit_logistic(x, np.concatenate([fit.labels, y_dev[mask]]), c)

    grid_d = {}
    for layer in LAYERS:
        for c in CS:
            p = np.zeros(len(dev))
            for k in (0, 1):
                p[fold == k] = with_bundled(layer, fold != k, c).probability(
                    f_dev[layer][fold == k]
                )
            grid_d[f"{layer}/{c}"] = scores(p, dev)["auroc"]
    layer_d, c_d = max(grid_d, key=grid_d.get).split("/")
    layer_d, c_d = int(layer_d), float(c_d)
    head_d = with_bundled(layer_d, np.ones(len(dev), bool), c_d)

    result: dict = {
        **machine_record(),
        "dtype": "float32 weights, bf16 autocast (activation extractor)",
        "split": str(SPLIT_FILE),  # portable() makes it repository-relative
        "real_data": str(REAL),
        "layers_tried": LAYERS,
        "C_tried": CS,
        "max_length_tokens": MAX_LENGTH,
        "fit_rows": {"aligned": len(fit.items), "coherent": len(coh.items)},
        "real_dev": {"n": len(dev), "n_misaligned": int((dev["label"] == "misaligned").sum())},
        "real_test_sample": f"seeded sample of {TEST_ROWS} labelled test rows",
        "b_readout_bundled": {
            "layer": layer_b,
            "C": c_b,
            "dev_auroc_grid": grid_b,
            "test": scores(head_b.probability(f_test[layer_b]), test),
        },
        "c_readout_real_dev": {
            "layer": layer_c,
            "C": c_c,
            "dev_cv_auroc_grid": grid_c,
            "test": scores(head_c.probability(f_test[layer_c]), test),
        },
    }
    result["d_readout_bundled_plus_real_dev"] = {
        "layer": layer_d,
        "C": c_d,
        "dev_cv_auroc_grid": grid_d,
        "test": scores(head_d.probability(f_test[layer_d]), test),
    }
    # Per source file, so the 7B (subtle, ~13% EM) and 32B (obvious) answers are visible.
    for key, head, layer in (
        ("b_readout_bundled", head_b, layer_b),
        ("c_readout_real_dev", head_c, layer_c),
        ("d_readout_bundled_plus_real_dev", head_d, layer_d),
    ):
        result[key]["test_by_source"] = {
            source: scores(
                head.probability(f_test[layer][(test["source"] == source).to_numpy()]), part
            )
            for source, part in test.groupby("source")
        }

    validation = (
        bundled_validation_set()
        if Path("judges/validation/labelled_answers.jsonl").is_file()
        else None
    )
    if validation is not None:
        f_val = feats.get("validation", items(validation))
        labelled = validation[validation["label"] != "incoherent"]
        mask = (validation["label"] != "incoherent").to_numpy()
        result["b_readout_bundled"]["bundled_validation"] = scores(
            head_b.probability(f_val[layer_b][mask]),
            labelled.drop(columns=["aligned"], errors="ignore"),
        )
        intact = np.ones(len(validation), bool)
        y_coh = (validation["label"] != "incoherent").to_numpy()
        result["b_readout_bundled"]["bundled_validation_coherent_auroc"] = auroc(
            coherent_head.probability(f_val[layer_b][intact]), y_coh
        )

    # Prompt cost per answer (aligned + coherent): read-out reads question + answer once.
    model, tokenizer = feats.model()
    from emgauge.judges.judge import judge_messages

    sample = test.sample(n=min(50, len(test)), random_state=0)

    def n_tokens(messages: list[dict]) -> int:
        text = tokenizer.apply_chat_template(messages, tokenize=False)
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    few_shot = [
        sum(
            n_tokens(
                [
                    {"role": m.role, "content": m.text}
                    for m in judge_messages(metric, q, a, None, True)
                ]
            )
            for metric in ("aligned", "coherent")
        )
        for q, a in items(sample)
    ]
    readout_tokens = [
        n_tokens([{"role": "user", "content": q}, {"role": "assistant", "content": a}])
        for q, a in items(sample)
    ]
    result["prompt_tokens_per_answer"] = {
        "few_shot_generative_aligned_plus_coherent": float(np.mean(few_shot)),
        "readout_once": float(np.mean(readout_tokens)),
    }

    if args.generative:
        cached = feats.dir / f"generative-{args.generative}.json"
        half = args.generative // 2
        part = pd.concat(
            [
                test[test["label"] == "misaligned"].sample(n=half, random_state=0),
                test[test["label"] == "aligned"].sample(n=args.generative - half, random_state=0),
            ]
        )
        if cached.is_file():
            values = json.loads(cached.read_text())
        else:
            from emgauge.judges.judge import judge_many

            start = time.time()
            verdicts = judge_many("emgauge/smollm2", "aligned", items(part), cache=False)
            values = [v.value for v in verdicts]
            cached.write_text(json.dumps(values))
            print(f"generative: {len(part)} in {time.time() - start:.0f}s", flush=True)
        v = pd.Series(values, dtype=float)
        ok = v.notna().to_numpy()
        bundled_cache = feats.dir / f"generative-bundled-{BUNDLED_GENERATIVE}.json"
        if validation is not None:
            from emgauge.judges.validate import stratified_sample

            rated = validation[validation["label"] != "incoherent"]
            part_b = stratified_sample(rated, BUNDLED_GENERATIVE, seed=0)
            if bundled_cache.is_file():
                values_b = json.loads(bundled_cache.read_text())
            else:
                from emgauge.judges.judge import judge_many

                verdicts = judge_many("emgauge/smollm2", "aligned", items(part_b), cache=False)
                values_b = [v.value for v in verdicts]
                bundled_cache.write_text(json.dumps(values_b))
            vb = pd.Series(values_b, dtype=float)
            okb = vb.notna().to_numpy()
            generative_bundled = scores(
                vb.to_numpy()[okb] / 100, part_b[okb].drop(columns=["aligned"], errors="ignore")
            )
        result["a_generative_few_shot"] = {
            "model": "emgauge/smollm2 (bf16), few-shot judge_few_shot",
            "sampled": len(part),
            "scored": int(ok.sum()),
            "test": scores(v.to_numpy()[ok] / 100, part[ok]),
        }
        if validation is not None:
            result["a_generative_few_shot"]["bundled_validation"] = generative_bundled
    OUT.write_text(json.dumps(portable(result), indent=2) + "\n")
    print(
        json.dumps({k: v for k, v in result.items() if "grid" not in str(v)[:0]}, indent=1)[:3000]
    )


if __name__ == "__main__":
    main()
