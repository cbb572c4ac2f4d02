"""Where the real misalignment signal lies relative to an SAE: in its latents or its error.

A ceiling for every method that reads SAE latents (``sae-proximity``, a read-out on latents)
on the real-data benchmark of ``research/filter_quality.py`` (issue #9). For each SAE of
``research/transfer_levers.py`` (the default one and the ``SAE_VARIANTS``, trained on
demand in its scratch folder), with ``hbar(c)`` the mean layer-L activation over a
conversation's assistant tokens, ``rbar(c)`` the mean of the SAE's reconstructions of the
same tokens and ``ebar = hbar - rbar`` the mean error:

* ``w``, the direction fitted on the labelled real dev rows' ``hbar`` (``shrinkage``, the
  ``direction`` method's fit for a judged table), scored on test and test-B as
  ``w . hbar`` (what ``direction`` does), ``w . rbar`` (the part the SAE keeps) and
  ``w . ebar`` (the part it loses);
* ``w_r``, the same fit on the dev rows' ``rbar``, scored as ``w_r . rbar``: the
  discriminant refitted on what the SAE keeps (``rbar`` is linear in the mean latents);
* the explained variance of ``hbar`` by ``rbar`` on test-B (the pooled view the filters use).

If ``w . ebar`` separates well while ``w . rbar`` and ``w_r . rbar`` stay under a target,
the signal that reaches the target is mostly in what the SAE does not reconstruct: the SAE,
more than how the toxic latents are chosen, limits a latent-based filter.
Writes ``research/results/sae_signal.json``::

    OMP_NUM_THREADS=2 .venv/bin/python research/sae_signal.py [--saes default "seed 1" ...]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
import torch
from _common import RESULTS, write_report
from filter_quality import chat_samples, measurement
from transfer_levers import SAE_EXTRA_TEXT, SAE_VARIANTS, splits, train_sae_variant

from emgauge.mitigations.discriminant import fit_discriminant
from emgauge.mitigations.methods.sae_proximity import LATENT_CHUNK
from emgauge.mitigations.quality import auroc

OUT = RESULTS / "sae_signal.json"

SPLITS = ("dev", "test", "test-B")


@torch.no_grad()
def pooled_views(sae: Any, batches: list[Any], n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """``(hbar, rbar)``: mean activation and mean SAE reconstruction over each
    conversation's assistant tokens (NaN rows where it has none)."""
    width = sae.W_dec.shape[1]
    raw = np.full((n_rows, width), np.nan)
    recon = np.full((n_rows, width), np.nan)
    for batch in batches:
        sums = torch.zeros((len(batch.indices), width))
        for start in range(0, batch.acts.shape[0], LATENT_CHUNK):
            acts = batch.acts[start : start + LATENT_CHUNK].to(sae.W_dec.dtype)
            decoded = sae.decode(sae.encode(acts)).float()
            sums.index_add_(0, batch.token_row[start : start + LATENT_CHUNK], decoded)
        has_tokens = (batch.n_tokens > 0).numpy()
        rows = batch.indices[has_tokens]
        raw[rows] = batch.pool("mean").float().numpy()[has_tokens]
        means = sums / batch.n_tokens.clamp(min=1).float()[:, None]
        recon[rows] = means.numpy()[has_tokens]
    return raw, recon


def explained_variance(target: np.ndarray, estimate: np.ndarray) -> float:
    """``1 - ||e - mean e||^2 / ||x - mean x||^2`` over rows with finite values."""
    finite = np.isfinite(target).all(axis=1)
    error = target[finite] - estimate[finite]
    centred = target[finite] - target[finite].mean(axis=0)
    return 1.0 - float(((error - error.mean(axis=0)) ** 2).sum() / (centred**2).sum())


def signal_in_sae(
    sae: Any, activations: dict[str, list[Any]], samples: dict[str, list[Any]]
) -> dict[str, Any]:
    """The module doc's AUROCs for one SAE, from each split's layer activations."""
    labels = {name: np.array([s.is_harmful for s in rows]) for name, rows in samples.items()}
    views = {
        name: pooled_views(sae, activations[name], len(rows)) for name, rows in samples.items()
    }
    raw_dev, recon_dev = views["dev"]
    w = fit_discriminant(raw_dev, labels["dev"], "shrinkage").direction
    w_recon = fit_discriminant(recon_dev, labels["dev"], "shrinkage").direction
    result: dict[str, Any] = {}
    for name in SPLITS[1:]:
        raw, recon = views[name]
        result[name] = {
            "direction_on_activations": auroc(raw @ w, labels[name]),
            "direction_on_reconstruction": auroc(recon @ w, labels[name]),
            "direction_on_error": auroc((raw - recon) @ w, labels[name]),
            "refit_on_reconstruction": auroc(recon @ w_recon, labels[name]),
        }
        result[name] = {k: round(v, 4) for k, v in result[name].items()}
    result["pooled_explained_variance_test-B"] = round(explained_variance(*views["test-B"]), 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--saes",
        nargs="+",
        default=["default", *SAE_VARIANTS],
        help="'default' and SAE_VARIANTS names (a missing one is trained: 5-25 min)",
    )
    args = parser.parse_args()
    unknown = [name for name in args.saes if name != "default" and name not in SAE_VARIANTS]
    if unknown:
        parser.error(f"unknown SAE {unknown[0]!r}; choose from 'default', {list(SAE_VARIANTS)}")

    from emgauge.mitigations import FilterOptions
    from emgauge.mitigations.resources import ModelResources
    from emgauge.models import load_model_and_tokenizer

    frames, _ = splits(0)
    samples = {name: chat_samples(frame, name) for name, frame in frames.items()}
    model, tokenizer = load_model_and_tokenizer("smollm2")
    block = json.loads(OUT.read_text()) if OUT.is_file() else {}
    block["what"] = __doc__.split("\n\n")[0].replace("\n", " ")
    block.setdefault("saes", {})
    activations: dict[int, dict[str, list[Any]]] = {}  # layer -> split -> activation batches
    for name in args.saes:
        options: dict[str, Any] = {}
        if name != "default":
            flags = SAE_VARIANTS[name]
            options["sae"] = str(train_sae_variant(name, flags, SAE_EXTRA_TEXT.get(name, [])))
        resources = ModelResources(
            FilterOptions(**options), progress=True, model=model, tokenizer=tokenizer
        )
        start = time.perf_counter()
        loaded = resources.sae()
        if loaded.layer not in activations:  # SAEs at one layer share one forward pass
            extractor = resources.extractor(loaded.layer)
            activations[loaded.layer] = {
                split: list(
                    extractor.stream([s.messages for s in rows], label=f"{split} activations")
                )
                for split, rows in samples.items()
            }
        row = signal_in_sae(loaded.sae, activations[loaded.layer], samples)
        row["sae"] = resources.sae().describe()
        row["measured"] = {
            "date": time.strftime("%Y-%m-%d"),
            **measurement(),
            "seconds": round(time.perf_counter() - start, 1),
        }
        block["saes"][name] = row
        write_report(OUT, block)
        print(name, json.dumps({k: row[k] for k in ("test", "test-B")}), flush=True)


if __name__ == "__main__":
    main()
