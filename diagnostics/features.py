"""Feature geometry (arXiv 2605.00842): EM-inducing data sits near harmful SAE features.

Uses the ``sae-proximity`` filter's machinery (its SAE, toxic latents and proximities; no
second copy):

* **Proximity test**: the filter's score of a sample is the activation-weighted decoder
  cosine of its strongest latents to the toxic latents. For an inducing set ``A`` (e.g. a
  training set's harmful rows) and a non-inducing set ``B`` (its benign rows), the
  statistic is ``mean_A score - mean_B score``; the **permutation test** shuffles which
  samples belong to ``A`` and which to ``B`` (``permutations`` times) and reports the
  share of shuffles at least as large (one-sided p) and the null interval. Also the AUROC
  of ``A`` over ``B``.
* **Feature drag**: the latents the training data activates most (``F``: the ``n_train``
  largest mean activations over the training set, under the base model) and, for every
  latent ``i``, its proximity to them, ``x_i = max_{j in F} cos(u_i, u_j)`` (decoder
  directions). After fine-tuning, ``Δa_i`` = the latent's mean activation on the contrast
  set's *misaligned* answers under the checkpoint minus under the base model. Drag is the
  Spearman correlation of ``Δa`` with ``x`` over latents (do latents near what the data
  trains move toward misaligned text?), with a permutation baseline (``x`` shuffled over
  latents), and the mean ``Δa`` of the 10% of latents nearest ``F`` against the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.stats import spearmanr

from emgauge.errors import InputError
from emgauge.stats import CONFIDENCE, auroc, percentile_interval

__all__ = [
    "FeatureDrag",
    "ProximityTest",
    "feature_drag",
    "feature_geometry",
    "proximity_test",
    "training_proximity",
]

#: Latents the training data activates most (the set ``F`` of feature drag).
N_TRAIN_FEATURES = 64


@dataclass(frozen=True)
class ProximityTest:
    """Inducing vs non-inducing samples' proximity to the toxic features."""

    n_inducing: int
    n_non_inducing: int
    mean_inducing: float
    mean_non_inducing: float
    difference: float
    null_interval: tuple[float, float]
    p_value: float
    auroc: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def proximity_test(
    inducing: np.ndarray,
    non_inducing: np.ndarray,
    *,
    permutations: int = 1000,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> ProximityTest:
    """Permutation test of ``mean(inducing) - mean(non_inducing)`` (unscored NaNs dropped)."""
    a = np.asarray(inducing, dtype=np.float64)
    b = np.asarray(non_inducing, dtype=np.float64)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) < 2 or len(b) < 2:
        raise InputError(
            f"the proximity test needs at least 2 scored samples per set, got {len(a)} and "
            f"{len(b)}",
            field="dataset",
            fix="give a labelled set with both harmful and benign rows",
        )
    observed = float(a.mean() - b.mean())
    pooled = np.r_[a, b]
    rng = np.random.default_rng(seed)
    null = np.empty(permutations)
    for k in range(permutations):
        shuffled = rng.permutation(pooled)
        null[k] = shuffled[: len(a)].mean() - shuffled[len(a) :].mean()
    return ProximityTest(
        n_inducing=len(a),
        n_non_inducing=len(b),
        mean_inducing=float(a.mean()),
        mean_non_inducing=float(b.mean()),
        difference=observed,
        null_interval=percentile_interval(null, confidence),
        p_value=float((1 + np.sum(null >= observed)) / (1 + permutations)),
        auroc=auroc(np.r_[a, b], np.r_[np.ones(len(a)), np.zeros(len(b))]),
    )


@dataclass(frozen=True)
class FeatureDrag:
    """How fine-tuning moved latents, against their proximity to the trained features."""

    n_latents: int
    spearman: float
    null_interval: tuple[float, float]
    p_value: float
    near_mean_change: float
    """Mean activation change (on misaligned text) of the 10% of latents nearest ``F``."""
    far_mean_change: float
    """The same for the other 90%."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def training_proximity(decoder: np.ndarray, training_means: np.ndarray, n_train: int) -> np.ndarray:
    """``x_i``: max decoder cosine of every latent to the ``n_train`` latents the training
    data activates most (``decoder`` is ``(d_sae, d_model)``)."""
    unit = decoder / np.maximum(np.linalg.norm(decoder, axis=1, keepdims=True), 1e-12)
    trained = np.argsort(-training_means)[: max(1, n_train)]
    return (unit @ unit[trained].T).max(axis=1)


def feature_drag(
    change: np.ndarray,
    proximity: np.ndarray,
    *,
    permutations: int = 1000,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> FeatureDrag:
    """Spearman of per-latent activation ``change`` with ``proximity``, against shuffles."""
    change = np.asarray(change, dtype=np.float64)
    proximity = np.asarray(proximity, dtype=np.float64)
    keep = ~(np.isnan(change) | np.isnan(proximity))
    change, proximity = change[keep], proximity[keep]
    if len(change) < 10:
        raise InputError(f"feature drag needs at least 10 latents, got {len(change)}", field="sae")
    observed = float(spearmanr(change, proximity).statistic)
    rng = np.random.default_rng(seed)
    null = np.array(
        [spearmanr(change, rng.permutation(proximity)).statistic for _ in range(permutations)]
    )
    near = proximity >= np.quantile(proximity, 0.9)
    return FeatureDrag(
        n_latents=len(change),
        spearman=observed,
        null_interval=percentile_interval(null, confidence),
        p_value=float((1 + np.sum(null >= observed)) / (1 + permutations)),
        near_mean_change=float(change[near].mean()),
        far_mean_change=float(change[~near].mean()),
    )


def feature_geometry(
    dataset: Any,
    checkpoints: Sequence[str],
    options: Any,
    load: Callable[[str], tuple[Any, Any]] | None = None,
    *,
    permutations: int = 1000,
    seed: int = 0,
    resources: Any = None,
) -> dict[str, Any]:
    """Both measures for a labelled training set and fine-tuned checkpoints of its base.

    ``dataset`` is a list of labelled chat samples; ``checkpoints`` are model names that
    ``load`` turns into a ``(model, tokenizer)``, one at a time; ``options`` are the filter
    options whose model is the base model (its SAE and contrast pairs are the
    ``sae-proximity`` filter's).
    """
    from emgauge.mitigations.contrast import sample_conversations
    from emgauge.mitigations.registry import create_method
    from emgauge.mitigations.resources import ModelResources

    if any(s.is_harmful is None for s in dataset):
        raise InputError(
            "feature geometry needs a harmful/benign label on every row",
            field="metadata.label",
            fix="pass a labelled set such as the bundled healthcare set",
        )
    base = create_method("sae-proximity", options, resources)
    scores = base.score(dataset)
    harmful = np.array([bool(s.is_harmful) for s in dataset])
    report: dict[str, Any] = {
        "sae": base.used_options(),
        "proximity_test": proximity_test(
            scores[harmful],
            scores[~harmful],
            permutations=permutations,
            seed=seed,
        ).to_dict(),
        "drag": {},
    }
    if not checkpoints:
        return report
    training = base.pooled_latents(sample_conversations(dataset), "training latents").mean(0)
    proximity = training_proximity(base.decoder(), training, N_TRAIN_FEATURES)
    conversations, n_misaligned = base.contrast_set().conversations()
    misaligned = conversations[:n_misaligned]
    before = base.pooled_latents(misaligned, "misaligned latents").mean(0)
    for name in checkpoints:
        if load is None:
            raise ValueError("feature_geometry needs load= to read checkpoints")
        model, tokenizer = load(name)
        tuned = create_method(
            "sae-proximity", options, ModelResources(options, model=model, tokenizer=tokenizer)
        )
        after = tuned.pooled_latents(misaligned, "misaligned latents").mean(0)
        report["drag"][name] = feature_drag(
            after - before, proximity, permutations=permutations, seed=seed
        ).to_dict()
    return report
