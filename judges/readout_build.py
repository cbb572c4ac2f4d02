"""``emgauge judge build-readout``: fit the shipped read-out judge and write its card.

The recipe the shipped ``judges/readouts/smollm2`` was made with:

* aligned head fitted on the bundled labelled answers only (contrast sets + training-set
  labels, :func:`~emgauge.judges.readout_fit.bundled_aligned_fit_set`); coherent head on a
  seeded subset of them, each intact and once corrupted;
* layer and C chosen by AUROC on a seeded sample of the real DEV split;
* measured once on a seeded sample of the real TEST split (question ids never seen when
  choosing) and on the bundled validation set.

It writes the ``.safetensors`` file and a ``.json`` card beside it whose
``real_data_validation`` block (AUROC, n, files, who labelled them, split, date, version)
is what a run without real data shows for this judge: shown, never decisive.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from emgauge.errors import InputError
from emgauge.judges.readout import LogisticHead, Readout, fit_logistic
from emgauge.judges.readout_fit import LabelledItems, bundled_aligned_fit_set, coherent_fit_set
from emgauge.judges.real_data import (
    REAL_DATA_LABELLED_BY,
    REAL_DATA_ORIGIN,
    bundled_validation_set,
    default_real_data,
    read_split,
    real_data_available,
    real_labelled_set,
)

#: Features of (question, answer) items at each layer: ``{layer: (n, d) array}``.
FeatureFn = Callable[[Sequence[int], list[tuple[str, str]]], dict[int, np.ndarray]]

SPLIT_REFERENCE = "judges/validation/real_data_split.json"


@dataclass(frozen=True)
class BuildSettings:
    """The shipped read-out's recipe (as research/embedded_judges.py measured it)."""

    model: str = "smollm2"
    layers: tuple[int, ...] = (10, 15)
    cs: tuple[float, ...] = (0.003, 0.03, 0.3)
    max_length: int = 256
    #: bundled fit rows (None: all of them)
    fit_rows: int | None = None
    coherent_rows: int = 160
    dev_rows: int = 300
    test_rows: int = 400


def _items(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["question"].astype(str), frame["answer"].astype(str), strict=True))


def _misaligned_auroc(head: LogisticHead, features: np.ndarray, frame: pd.DataFrame) -> float:
    from emgauge.stats import auroc

    return float(auroc(1 - head.probability(features), (frame["label"] == "misaligned").to_numpy()))


def _seeded(data: LabelledItems, n: int | None) -> LabelledItems:
    if n is None or len(data.items) <= n:
        return data
    pick = sorted(np.random.default_rng(0).choice(len(data.items), size=n, replace=False))
    return LabelledItems([data.items[i] for i in pick], data.labels[pick])


def model_features(model: str, max_length: int) -> FeatureFn:
    """Features from the judge model's activations, cached per item list under
    ``<cache>/readout-features`` (a rerun pays only for what changed)."""
    from emgauge.judges.readout import answer_features_at
    from emgauge.models import cache_root, load_model_and_tokenizer

    loaded: list[Any] = []
    folder = cache_root() / "readout-features"

    def features(layers: Sequence[int], items: list[tuple[str, str]]) -> dict[int, np.ndarray]:
        key = json.dumps([model, list(layers), max_length, items]).encode()
        path = folder / f"{hashlib.sha256(key).hexdigest()[:20]}.npz"
        if path.is_file():
            cached = np.load(path)
            return {layer: cached[str(layer)] for layer in layers}
        if not loaded:
            loaded.append(load_model_and_tokenizer(model))
        hf_model, tokenizer = loaded[0]
        out = answer_features_at(hf_model, tokenizer, layers, items, max_length=max_length)
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.stem}.partial.npz")
        np.savez(partial, **{str(k): v for k, v in out.items()})
        partial.replace(path)
        return out

    return features


def _provenance() -> dict[str, Any]:
    """emgauge's version and, in a checkout, its commit (``+dirty`` with local changes)."""
    from importlib import metadata

    from emgauge.judges.real_data import source_checkout

    try:
        version: str | None = metadata.version("emgauge")
    except metadata.PackageNotFoundError:
        version = None
    commit = None
    root = source_checkout()
    if root is not None:
        try:
            commit = subprocess.run(
                ["git", "describe", "--always", "--dirty"],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            commit = None
    return {"emgauge_version": version, "commit": commit}


def build_readout(
    out: str | Path,
    real_data: str | Path | None = None,
    *,
    settings: BuildSettings = BuildSettings(),
    force: bool = False,
    features: FeatureFn | None = None,
    fit_set: LabelledItems | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Fit the read-out by the shipped recipe, write ``out`` and its card; returns the card.

    ``features``/``fit_set`` replace the judge model and the bundled fit set (tests).
    """
    out = Path(out)
    if out.suffix != ".safetensors":
        raise InputError("read-out files end in .safetensors", path=out, field="--out")
    card_path = out.with_suffix(".json")
    if (out.exists() or card_path.exists()) and not force:
        raise InputError("file exists", path=out, fix="choose another --out or pass --force")
    data = default_real_data(real_data)
    if not real_data_available(data):
        raise InputError(
            "no real judged answers here",
            path=data,
            fix="run `emgauge data fetch` or pass --real-data DIR",
        )
    features = features or model_features(settings.model, settings.max_length)
    layers = list(settings.layers)
    fit = _seeded(fit_set or bundled_aligned_fit_set(), settings.fit_rows)
    rng = np.random.default_rng(0)
    pick = sorted(
        rng.choice(len(fit.items), size=min(settings.coherent_rows, len(fit.items)), replace=False)
    )
    coherent = coherent_fit_set(LabelledItems([fit.items[i] for i in pick], fit.labels[pick]))

    def sample(split: str, n: int) -> pd.DataFrame:
        frame = real_labelled_set(split, data)
        return frame.sample(n=min(n, len(frame)), random_state=0).reset_index(drop=True)

    dev, test = sample("dev", settings.dev_rows), sample("test", settings.test_rows)
    f_fit, f_coh = features(layers, fit.items), features(layers, coherent.items)
    f_dev, f_test = features(layers, _items(dev)), features(layers, _items(test))

    grid = {
        (layer, c): _misaligned_auroc(fit_logistic(f_fit[layer], fit.labels, c), f_dev[layer], dev)
        for layer in layers
        for c in settings.cs
    }
    layer, c = max(grid, key=lambda k: -np.inf if np.isnan(grid[k]) else grid[k])
    aligned_head = fit_logistic(f_fit[layer], fit.labels, c)
    coherent_head = fit_logistic(f_coh[layer], coherent.labels, c)
    test_auroc = _misaligned_auroc(aligned_head, f_test[layer], test)

    validation = bundled_validation_set()
    rated = validation[validation["label"] != "incoherent"].reset_index(drop=True)
    bundled_auroc = _misaligned_auroc(aligned_head, features([layer], _items(rated))[layer], rated)

    info = {
        "fitted_on": f"aligned head: {len(fit.items)} bundled labelled answers (contrast "
        f"sets + training-set labels); coherent head: {len(pick)} of those answers intact "
        "vs deterministically corrupted",
        "never_fitted_on": "judges/validation (bundled validation set), probe pairs, "
        "real judged data",
        "layer_and_C_chosen_on": f"real DEV split ({SPLIT_REFERENCE})",
        "measured": {
            "real_test_auroc": test_auroc,
            "real_test_n": len(test),
            "real_dev_auroc": grid[(layer, c)],
            "bundled_validation_auroc": bundled_auroc,
        },
        "real_data_validation": {
            "auroc": test_auroc,
            "n": len(test),
            "split": "test",
            "sample": f"seeded sample (random_state 0) of {len(test)} labelled test rows",
            "data": list(read_split()["files"]["finetuned"]),
            "split_file": SPLIT_REFERENCE,
            "labelled_by": REAL_DATA_LABELLED_BY,
            "origin": REAL_DATA_ORIGIN,
            "date": (today or datetime.date.today()).isoformat(),
            "written_by": "emgauge judge build-readout",
            **_provenance(),
        },
    }
    Readout(
        settings.model,
        layer,
        {"aligned": aligned_head, "coherent": coherent_head},
        settings.max_length,
        info,
    ).save(out)
    card = {
        "file": out.name,
        "model": settings.model,
        "layer": layer,
        "C": c,
        "max_length_tokens": settings.max_length,
        "pooling": "mean over answer tokens",
        **info,
    }
    from emgauge.files import atomic_write_text

    atomic_write_text(card_path, json.dumps(card, indent=2) + "\n")
    return card
