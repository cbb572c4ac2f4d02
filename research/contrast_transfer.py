"""Does the bundled-fit ``direction``/``sae-proximity`` transfer to real EM answers?

Issue #9 items 3 and 5: the misalignment direction and the toxic SAE latents fitted only
on bundled contrast pairs, scored on the real GPT-4o-judged answers of
``research/filter_quality.py`` (same seeded 500-row dev and test subsamples, built at
run time from ``../shared/data/judged``; nothing of it is written but numbers).
Every lever is chosen on DEV; ``--final`` then scores the chosen settings on TEST once.

Levers (numpy on mean-pooled answer activations, one forward pass per set):

* contrast set: the older bundled sets (general, healthcare, legal, career), the
  style-matched ``everyday`` set, both;
* layer (6..27);
* normalisation: raw projection (the method as it was), centred on the contrast mean
  and cosine (per-sample length normalised);
* ``sae-proximity`` through the method itself (n_toxic, pooling), with the SAE's quality.

Writes ``research/results/contrast_transfer.json``::

    OMP_NUM_THREADS=1 .venv/bin/python research/contrast_transfer.py [--final]
"""

from __future__ import annotations

import argparse
import json
import time
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

from emgauge.chat_data import bundled_data_path
from emgauge.evals.metrics import auroc

OUT = RESULTS / "contrast_transfer.json"
CACHE = Path("/tmp/emgauge-contrast")  # runtime only: features of real rows, never committed
LAYERS = [6, 9, 12, 15, 18, 21, 24, 27]
OLD = ("general", "healthcare", "legal", "career")
NEW = ("everyday",)
CONTRAST_SETS = {"old": OLD, "everyday": NEW, "old+everyday": OLD + NEW}


def contrast_paths(domains: tuple[str, ...]) -> list[Path]:
    return [bundled_data_path("contrast", f"{d}.jsonl") for d in domains]


def contrast_items(domains: tuple[str, ...]) -> tuple[list[tuple[str, str]], np.ndarray]:
    from emgauge.contrast_data import load_contrast_sets

    pairs = load_contrast_sets(contrast_paths(domains))
    items = [(p.prompt, p.misaligned) for p in pairs] + [(p.prompt, p.aligned) for p in pairs]
    return items, np.array([1] * len(pairs) + [0] * len(pairs))


def features(name: str, items: list[tuple[str, str]], model: Any, tokenizer: Any) -> dict:
    from emgauge.judges.readout import answer_features_at

    file = CACHE / f"{name}-{len(items)}.npz"
    if file.is_file():
        data = np.load(file)
        return {int(k): data[k].astype(np.float64) for k in data.files}
    start = time.perf_counter()
    feats = answer_features_at(model, tokenizer, LAYERS, items, max_length=1024)
    print(f"features {name}: {time.perf_counter() - start:.0f}s", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(file, **{str(k): v for k, v in feats.items()})
    return {k: v.astype(np.float64) for k, v in feats.items()}


def budgets(frame: Any, scores: np.ndarray) -> dict[str, Any]:
    """Precision and recall at the 10/25/50% budgets, as filter_quality.py reports them."""
    rows = quality("final", chat_samples(frame, "test"), scores, 0.0)
    return {
        budget: {k: row[k] for k in ("auroc", "precision", "recall", "n", "n_harmful")}
        for budget, row in rows.items()
    }


def unit_difference(c_f: np.ndarray, c_y: np.ndarray) -> np.ndarray:
    d = c_f[c_y == 1].mean(0) - c_f[c_y == 0].mean(0)
    return d / np.linalg.norm(d)


def contrast_features(set_name: str, model: Any, tokenizer: Any) -> tuple[dict, np.ndarray]:
    """Features and labels of a contrast set; a union is the union of its cached parts."""
    if set_name == "old+everyday":
        parts = [contrast_features(name, model, tokenizer) for name in ("old", "everyday")]
        feats = {k: np.concatenate([f[k] for f, _ in parts]) for k in LAYERS}
        return feats, np.concatenate([labels for _, labels in parts])
    items, c_y = contrast_items(CONTRAST_SETS[set_name])
    return features(f"contrast-{set_name}", items, model, tokenizer), c_y


def direction_scores(c_f: np.ndarray, c_y: np.ndarray, f: np.ndarray, norm: str) -> np.ndarray:
    """Score of rows ``f`` on the contrast set's misaligned-minus-aligned mean difference.

    ``raw``: the projection (the method as shipped); ``cosine``: centred on the contrast
    mean and divided by the row's norm; ``drop-pcK``: the direction with the top K
    principal directions of the scored rows themselves (label-free; topic and format
    variance) projected out; ``whiten-L``: the direction whitened by the scored rows'
    covariance shrunk towards the identity by L (a label-free LDA)."""
    d = unit_difference(c_f, c_y)
    if norm == "raw":
        return f @ d
    if norm == "cosine":
        centred = f - c_f.mean(0)
        return centred @ d / np.linalg.norm(centred, axis=1)
    centred = f - f.mean(0)
    if norm.startswith("drop-pc"):
        k = int(norm.removeprefix("drop-pc"))
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        top = vt[:k]
        return f @ (d - top.T @ (top @ d))
    shrink = float(norm.removeprefix("whiten-"))
    cov = centred.T @ centred / len(f)
    scale = np.trace(cov) / len(cov)
    w = np.linalg.solve((1 - shrink) * cov + shrink * scale * np.eye(len(cov)), d)
    return f @ w


NORMS = ("raw", "cosine", "drop-pc1", "drop-pc2", "drop-pc4", "drop-pc8", "drop-pc16")
NORMS += ("whiten-0.1", "whiten-0.3", "whiten-0.6")


def sae_scores(
    latents: np.ndarray,
    c_lat: np.ndarray,
    c_y: np.ndarray,
    decoder: np.ndarray,
    n_toxic: int,
    top_k: int,
    how: str,
) -> np.ndarray:
    """``sae-proximity`` as :mod:`emgauge.mitigations.methods.sae_proximity` computes it, on
    mean-pooled latents (``how="proximity"``), or the latents' projection on the
    toxic-minus-benign mean difference (``how="latent-direction"``)."""
    diff = c_lat[c_y == 1].mean(0) - c_lat[c_y == 0].mean(0)
    if how == "latent-direction":
        return latents @ diff
    toxic = np.argsort(-diff)[: min(n_toxic, int((diff > 0).sum()))]
    unit = decoder / np.linalg.norm(decoder, axis=1, keepdims=True)
    proximity = (unit @ unit[toxic].T).max(1)
    index = np.argsort(-latents, axis=1)[:, :top_k]
    values = np.clip(np.take_along_axis(latents, index, 1), 0, None)
    weight = values.sum(1)
    score = (values * proximity[index]).sum(1) / np.maximum(weight, 1e-12)
    score[weight <= 0] = np.nan
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--final", nargs="*", default=None, help="score these keys on test")
    parser.add_argument("--sae", action="store_true", help="also sae-proximity arms (slow)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--healthcare", action="store_true", help="also the in-sample bundled healthcare set"
    )
    args = parser.parse_args()

    from emgauge.judges.real_data import real_labelled_set
    from emgauge.mitigations.methods.readout import fit_misaligned_head
    from emgauge.models import load_model_and_tokenizer

    splits = {s: subsample(real_labelled_set(s, REAL), 500, args.seed) for s in ("dev", "test")}
    y = {s: (f["label"] == "misaligned").to_numpy().astype(int) for s, f in splits.items()}
    model, tokenizer = load_model_and_tokenizer("smollm2")
    out = json.loads(OUT.read_text()) if OUT.is_file() else {}
    out.update(
        {
            "what": __doc__.split("\n\n")[1].replace("\n", " "),
            **measurement(),
            "dev": {"n": len(y["dev"]), "n_harmful": int(y["dev"].sum())},
            "test": {"n": len(y["test"]), "n_harmful": int(y["test"].sum())},
        }
    )

    def save() -> None:
        write_report(OUT, out)

    real = {
        s: features(
            f"real-{s}-seed{args.seed}",
            list(zip(f["question"].astype(str), f["answer"].astype(str), strict=True)),
            model,
            tokenizer,
        )
        for s, f in splits.items()
    }
    grid: dict[str, Any] = {}
    contrast = {}
    for set_name, domains in CONTRAST_SETS.items():
        if not all(p.is_file() for p in contrast_paths(domains)):
            continue
        contrast[set_name] = contrast_features(set_name, model, tokenizer)
        c_feats, c_y = contrast[set_name]
        for norm in NORMS:
            for layer in LAYERS:
                score = direction_scores(c_feats[layer], c_y, real["dev"][layer], norm)
                grid[f"direction {set_name} {norm} L{layer}"] = round(auroc(score, y["dev"]), 4)
        # several layers: projections z-scored on the contrast set, summed
        total = 0.0
        for layer in LAYERS:
            on_contrast = direction_scores(c_feats[layer], c_y, c_feats[layer], "raw")
            score = direction_scores(c_feats[layer], c_y, real["dev"][layer], "raw")
            total = total + (score - on_contrast.mean()) / on_contrast.std()
        grid[f"direction {set_name} raw all-layers-zsum"] = round(auroc(total, y["dev"]), 4)
        for layer in LAYERS:  # the supervised counterpart, readout (C 0.03), same fit data
            head = fit_misaligned_head(c_feats[layer], c_y, 0.03)
            score = head.probability(real["dev"][layer])
            grid[f"readout {set_name} C0.03 L{layer}"] = round(auroc(score, y["dev"]), 4)
    out["direction_dev_auroc"] = grid
    save()
    best = sorted((k for k in grid if k.startswith("direction")), key=grid.get, reverse=True)[:10]
    print("best on dev:", {k: grid[k] for k in best}, flush=True)

    if args.healthcare:  # in-sample: the methods as shipped (style-matched fit) on healthcare
        from emgauge.chat_data import load_chat_jsonl
        from emgauge.mitigations import FilterOptions, create_method, label_free
        from emgauge.mitigations.resources import ModelResources

        healthcare = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))
        labels = np.array([s.is_harmful for s in healthcare]).astype(int)
        resources = ModelResources(FilterOptions(), model=model, tokenizer=tokenizer)
        table = out.setdefault("bundled_healthcare", {})
        for name in ("direction", "sae-proximity"):
            method = create_method(name, FilterOptions(), resources)
            score = method.score(label_free(healthcare))
            table[name] = {
                "options": method.used_options(),
                "auroc": round(auroc(score, labels), 4),
                **{
                    budget: {k: row[k] for k in ("precision", "recall")}
                    for budget, row in quality(name, healthcare, score, 0.0).items()
                },
            }
            save()
            print(name, table[name]["auroc"], flush=True)
    if args.sae:
        out["sae_proximity"] = sae_stage(splits, y, model, tokenizer, args.final)
        out.pop("sae_dev_auroc", None)  # the key of an earlier version of this script
        save()
    if args.final:
        final = out.setdefault("final_test", {})
        for key in args.final:
            if key.startswith("direction"):
                _, set_name, norm, layer_name = key.split()
                layer = int(layer_name[1:])
                c_feats, c_y = contrast[set_name]
                score = direction_scores(c_feats[layer], c_y, real["test"][layer], norm)
                final[key] = {
                    "dev": grid[key],
                    "test": round(auroc(score, y["test"]), 4),
                    "test_budgets": budgets(splits["test"], score),
                }
        for key, row in out.get("sae_proximity", {}).get("arms", {}).items():
            if "test" in row:
                final[key] = row
        save()
        print("final:", final, flush=True)


SAE_ARMS = [
    (set_name, how, n_toxic)
    for set_name in CONTRAST_SETS
    for how, n_toxic in (
        ("proximity", 8),
        ("proximity", 16),
        ("proximity", 32),
        ("proximity", 64),
        ("proximity", 128),
        ("proximity", 256),
        ("latent-direction", 0),
    )
]


def sae_stage(splits, y, model, tokenizer, final_keys) -> dict[str, Any]:
    """sae-proximity arms on dev (and test for ``--final`` keys), from latents pooled once."""
    from emgauge.mitigations import FilterOptions, create_method
    from emgauge.mitigations.resources import ModelResources

    resources = ModelResources(FilterOptions(), progress=True, model=model, tokenizer=tokenizer)
    method = create_method("sae-proximity", FilterOptions(), resources)
    decoder = method.decoder()

    def latents(name: str, conversations: list[Any]) -> np.ndarray:
        file = CACHE / f"latents-{name}-{len(conversations)}.npy"
        if not file.is_file():
            np.save(file, method.pooled_latents(conversations, label=name))
        return np.load(file)

    real = {
        s: latents(f"real-{s}", [c.messages for c in chat_samples(f, s)])
        for s, f in splits.items()
        if s == "dev" or final_keys
    }
    rows: dict[str, Any] = {"sae": method.resources.sae().describe(), "arms": {}}
    if final_keys:  # the SAE's own quality on the same real test tokens as the older SAE's
        quality_file = CACHE / f"sae-quality-{Path(rows['sae']['source']).name}.json"
        if not quality_file.is_file():
            test_conversations = [c.messages for c in chat_samples(splits["test"], "test")]
            quality_file.write_text(json.dumps(sae_quality(resources, test_conversations)))
        rows["sae_quality"] = json.loads(quality_file.read_text())
    for set_name, how, n_toxic in SAE_ARMS:
        if not all(p.is_file() for p in contrast_paths(CONTRAST_SETS[set_name])):
            continue
        items, c_y = contrast_items(CONTRAST_SETS[set_name])
        from emgauge.chat_data import ChatMessage

        convs = [(ChatMessage("user", q), ChatMessage("assistant", a)) for q, a in items]
        c_lat = latents(f"contrast-{set_name}", convs)
        key = f"sae {set_name} {how}" + (f" n_toxic {n_toxic}" if n_toxic else "")
        row = {}
        for split, lat in real.items():
            if split == "test" and key not in (final_keys or []):
                continue
            score = sae_scores(lat, c_lat, c_y, decoder, n_toxic, 32, how)
            row[split] = round(auroc(np.nan_to_num(score, nan=np.nanmin(score)), y[split]), 4)
            if split == "test":
                row["test_budgets"] = budgets(splits["test"], score)
        rows["arms"][key] = row
        print(key, row, flush=True)
    return rows


if __name__ == "__main__":
    main()
