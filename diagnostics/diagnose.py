"""``emgauge diagnose``: the direction by layer and the erosion of checkpoints, as a report.

One base model (a name, a folder, or ``base:adapter``) and any number of fine-tuned
checkpoints of it. The base model is read on the contrast pairs (the filters' own, or
``--contrast``) and on the held-out probe pairs; each checkpoint on the probe pairs. The
report folder gets ``report.json`` (every number, with the settings and versions),
``direction_by_layer.png`` and, with checkpoints, ``erosion.png``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from emgauge.contrast_data import ContrastPair, load_contrast_sets
from emgauge.diagnostics.direction_by_layer import LayerDirection, direction_by_layer
from emgauge.diagnostics.erosion import LayerErosion, erosion_by_layer
from emgauge.errors import InputError
from emgauge.evals.misaligned_preference.probe import (
    ProbeSettings,
    answer_logprobs,
    load_probe_pairs,
    load_scoring_model,
)
from emgauge.files import atomic_write_json, staged_directory
from emgauge.precision import PRECISION_HELP, PrecisionChoice
from emgauge.progress import note
from emgauge.settings import Int, SettingsModel
from emgauge.stats import CONFIDENCE, percentile_interval

if TYPE_CHECKING:  # torch loads on first use: DiagnoseSettings (CLI flags) needs none
    from emgauge.activations import ActivationExtractor

REPORT = "report.json"
GENERAL = "general"

__all__ = ["DiagnoseSettings", "diagnose"]


class DiagnoseSettings(SettingsModel):
    """What ``emgauge diagnose`` measures and how; its flags come from these fields."""

    layers: tuple[Int, ...] | None = Field(
        None, description="decoder layers to read (default: every layer)"
    )
    probe_domains: tuple[str, ...] = Field(
        ("healthcare", GENERAL),
        min_length=1,
        description="bundled held-out probe sets the checkpoints are read on",
    )
    in_domain: tuple[str, ...] = Field(
        ("healthcare",),
        description="probe domains the checkpoints were trained on (general never is)",
    )
    folds: Int = Field(
        5, ge=2, description="folds of the held-out separability (each pair scored once)"
    )
    permutations: Int = Field(
        200, ge=0, description="label shuffles of the shared-direction baseline"
    )
    bootstrap: Int = Field(1000, ge=2, description="bootstrap replicates of every interval")
    seed: Int = Field(0, ge=0, description="seed of folds, shuffles and bootstrap")
    precision: PrecisionChoice = Field("auto", description=PRECISION_HELP)
    batch_tokens: Int = Field(8192, ge=16, description="padded tokens per forward batch")
    max_length: Int = Field(512, ge=8, description="longest conversation read, in tokens")


def _pooled(
    extractor: ActivationExtractor, conversations: list[Any], layers: Sequence[int], label: str
) -> dict[int, np.ndarray]:
    out = {layer: np.zeros((len(conversations), extractor.hidden_size)) for layer in layers}
    for indices, pooled, _counts in extractor.stream_layers(conversations, layers, label=label):
        for layer, values in pooled.items():
            out[layer][indices] = values.double().cpu().numpy()
    return out


def _conversations(pairs: Sequence[ContrastPair]) -> list[Any]:
    return [p.conversation("misaligned") for p in pairs] + [
        p.conversation("aligned") for p in pairs
    ]


def _read(
    model: str, sets: dict[str, Sequence[ContrastPair]], settings: DiagnoseSettings
) -> tuple[dict[str, tuple[dict[int, np.ndarray], dict[int, np.ndarray]]], np.ndarray, int]:
    """Per set: pooled activations of the misaligned and the aligned answers; and the probe
    pairs' margins (misaligned minus aligned mean log-probability per token)."""
    from emgauge.activations import ActivationExtractor, model_dims

    network, tokenizer, precision = load_scoring_model(
        model, ProbeSettings(precision=settings.precision)
    )
    n_layers, _ = model_dims(network)
    layers = list(settings.layers) if settings.layers is not None else list(range(n_layers))
    extractor = ActivationExtractor(
        network,
        tokenizer,
        0,
        batch_tokens=settings.batch_tokens,
        max_length=settings.max_length,
        precision=settings.precision,
    )
    readings = {}
    for name, pairs in sets.items():
        pooled = _pooled(extractor, _conversations(pairs), layers, f"{name} activations")
        n = len(pairs)
        readings[name] = (
            {layer: values[:n] for layer, values in pooled.items()},
            {layer: values[n:] for layer, values in pooled.items()},
        )
    probe = sets["probe"]
    logprobs = answer_logprobs(
        network, tokenizer, _conversations(probe), precision=precision, label="probe margins"
    )
    margins = logprobs[: len(probe)] - logprobs[len(probe) :]
    return readings, margins, n_layers


def _mean_interval(values: np.ndarray, n_bootstrap: int, seed: int) -> tuple[float, float, float]:
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    picks = np.random.default_rng(seed).integers(0, len(values), (n_bootstrap, len(values)))
    low, high = percentile_interval(values[picks].mean(axis=1), CONFIDENCE)
    return float(values.mean()), low, high


def diagnose(
    model: str,
    checkpoints: Sequence[str],
    out: str | Path,
    *,
    contrast: Sequence[str | Path] | None = None,
    probe: Sequence[str | Path] | None = None,
    settings: DiagnoseSettings = DiagnoseSettings(),
    force: bool = False,
    steps: dict[str, int] | None = None,
    features: Sequence[Any] | None = None,
    feature_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Measure, write the report folder and return the report.

    ``contrast`` and ``probe`` are contrast-pair JSONL files; by default the bundled
    contrast sets and the bundled probe sets of ``settings.probe_domains``. ``steps`` gives
    the training step of checkpoints saved along one fine-tuning run (see
    :func:`adapter_steps`): the report then also follows erosion over training. With
    ``features`` (the labelled training set; ``feature_options``: filter options such as
    ``sae``, ``layer``, ``n_toxic`` for its SAE), the SAE feature geometry
    (:mod:`emgauge.diagnostics.features`) and the gradient geometry
    (:mod:`emgauge.diagnostics.gradient_geometry`) of its harmful vs benign rows too.
    """
    contrast_pairs = load_contrast_sets(list(contrast) if contrast else None)
    probe_pairs = load_probe_pairs(list(probe) if probe else None, settings.probe_domains)
    if GENERAL in settings.in_domain:
        raise InputError(
            "general probe pairs are never in-domain", field="in_domain", fix="drop general"
        )
    with staged_directory(out, force=force) as folder:
        note(f"diagnose: reading {model} on {len(contrast_pairs)} contrast pairs ...")
        base, base_margins, n_layers = _read(
            model, {"contrast": contrast_pairs, "probe": probe_pairs}, settings
        )
        if settings.layers is not None and max(settings.layers) >= n_layers:
            raise InputError(
                f"layer {max(settings.layers)} is out of range for {n_layers} layers",
                field="layers",
            )
        misaligned, aligned = base["contrast"]
        directions = direction_by_layer(
            misaligned,
            aligned,
            [p.domain for p in contrast_pairs],
            folds=settings.folds,
            permutations=settings.permutations,
            n_bootstrap=settings.bootstrap,
            seed=settings.seed,
        )
        vectors = {
            layer: misaligned[layer].mean(0) - aligned[layer].mean(0) for layer in misaligned
        }
        domains = np.array([p.domain for p in probe_pairs])
        groups = {
            "in_domain": np.isin(domains, settings.in_domain),
            "general": domains == GENERAL,
        }
        base_probe = {layer: (m + a) / 2 for layer, (m, a) in _by_layer(base["probe"]).items()}
        report: dict[str, Any] = {
            "model": model,
            "n_layers": n_layers,
            "settings": settings.model_dump(mode="json"),
            "contrast": [str(c) for c in contrast] if contrast else "bundled",
            "probe": [str(c) for c in probe] if probe else list(settings.probe_domains),
            "n_contrast_pairs": len(contrast_pairs),
            "n_probe_pairs": len(probe_pairs),
            "direction_by_layer": [d.to_dict() for d in directions],
            "checkpoints": [],
        }
        erosions: dict[str, list[LayerErosion]] = {}
        for checkpoint in checkpoints:
            note(f"diagnose: reading checkpoint {checkpoint} ...")
            reading, margins, _ = _read(checkpoint, {"probe": probe_pairs}, settings)
            probe = {layer: (m + a) / 2 for layer, (m, a) in _by_layer(reading["probe"]).items()}
            erosion = erosion_by_layer(
                base_probe,
                probe,
                vectors,
                groups,
                n_bootstrap=settings.bootstrap,
                seed=settings.seed,
            )
            erosions[checkpoint] = erosion
            shift = margins - base_margins
            report["checkpoints"].append(
                {
                    "checkpoint": checkpoint,
                    "step": (steps or {}).get(checkpoint),
                    "preference_shift": {
                        name: dict(
                            zip(
                                ("mean", "low", "high"),
                                _mean_interval(shift[mask], settings.bootstrap, settings.seed),
                                strict=True,
                            )
                        )
                        for name, mask in groups.items()
                    },
                    "erosion_by_layer": [e.to_dict() for e in erosion],
                }
            )
        if features is not None:
            from emgauge.mitigations.resources import ModelResources

            options = _base_options(model, settings, contrast, feature_options)
            shared = ModelResources(options)  # one load of the base model for both geometries
            report["feature_geometry"] = _feature_geometry(
                checkpoints, features, settings, options, shared
            )
            report["gradient_geometry"] = _gradient_geometry(features, settings, options, shared)
        atomic_write_json(folder / REPORT, report)
        _plot_directions(directions, folder / "direction_by_layer.png", model)
        if erosions:
            _plot_erosion(erosions, folder / "erosion.png", model)
        if steps:
            report["over_training_layer"] = _plot_over_training(
                report, directions, folder / "over_training.png", model
            )
            atomic_write_json(folder / REPORT, report)
    return report


def _feature_geometry(
    checkpoints: Sequence[str],
    dataset: Sequence[Any],
    settings: DiagnoseSettings,
    options: Any,
    resources: Any,
) -> dict[str, Any]:
    from emgauge.diagnostics.features import feature_geometry

    def load(checkpoint: str) -> tuple[Any, Any]:
        network, tokenizer, _ = load_scoring_model(
            checkpoint, ProbeSettings(precision=settings.precision)
        )
        return network, tokenizer

    note("diagnose: SAE feature geometry ...")
    return feature_geometry(
        list(dataset),
        list(checkpoints),
        options,
        load,
        permutations=settings.permutations,
        seed=settings.seed,
        resources=resources,
    )


def _base_options(
    model: str,
    settings: DiagnoseSettings,
    contrast: Sequence[str | Path] | None,
    extra: dict[str, Any] | None = None,
) -> Any:
    """The filter options of the base model: what the filters' machinery reads it with."""
    from emgauge.mitigations.registry import FilterOptions
    from emgauge.models import split_adapter

    return FilterOptions.from_dict(
        {
            **(extra or {}),
            "model": split_adapter(model)[0],
            "precision": settings.precision,
            "contrast": [str(c) for c in contrast or ()],
        }
    )


def _gradient_geometry(
    dataset: Sequence[Any], settings: DiagnoseSettings, options: Any, resources: Any
) -> dict[str, Any]:
    from emgauge.diagnostics.gradient_geometry import gradient_geometry

    note("diagnose: gradient geometry ...")
    return gradient_geometry(
        list(dataset), options, resources, permutations=settings.permutations, seed=settings.seed
    )


def adapter_steps(model: str, run: str | Path) -> dict[str, int]:
    """Checkpoint names (``model:adapter``) of a fine-tuning run saved with ``save_every``,
    by training step: every ``steps/step-N`` snapshot and the final adapter."""
    from emgauge.adapters import adapter_info
    from emgauge.finetune import STEPS_SUBDIR

    run = Path(run)
    manifest = adapter_info(run)
    found = {
        f"{model}:{run / name}": int(name.rsplit("-", 1)[1])
        for name in manifest.get("snapshots", [])
    }
    if not found:
        raise InputError(
            "the fine-tuning run saved no snapshots",
            path=run,
            fix=f"train with `emgauge finetune --save-every N` (snapshots in {STEPS_SUBDIR}/)",
        )
    # an early-stop run's adapter holds the weights of its kept step (0: the base model's)
    final = int((manifest.get("training_method") or {}).get("kept_step", manifest["steps"]))
    if final == 0 or final in found.values():
        return found
    return found | {f"{model}:{run}": final}


def _plot_over_training(
    report: dict[str, Any], directions: list[LayerDirection], path: Path, model: str
) -> int:
    """Erosion (at the layer where the direction separates best) and the preference shift
    against the training step; returns that layer."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    layer = max(directions, key=lambda d: d.auroc).layer
    rows = sorted(
        (c for c in report["checkpoints"] if c["step"] is not None), key=lambda c: c["step"]
    )
    steps = [0] + [c["step"] for c in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for group in ("in_domain", "general"):
        values = [0.0] + [
            next(
                e["erosion"]
                for e in c["erosion_by_layer"]
                if e["layer"] == layer and e["group"] == group
            )
            for c in rows
        ]
        left.plot(steps, values, marker="o", label=group.replace("_", "-"))
        shift = [0.0] + [c["preference_shift"][group]["mean"] for c in rows]
        right.plot(steps, shift, marker="o", label=group.replace("_", "-"))
    left.set(xlabel="training step", ylabel="erosion", title=f"Erosion at layer {layer}")
    right.set(xlabel="training step", ylabel="nats/token", title="Preference shift vs base")
    for axis in (left, right):
        axis.axhline(0, color="black", linewidth=0.8)
        axis.legend()
    fig.suptitle(f"Over training: {model}")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return layer


def _short(checkpoint: str) -> str:
    """A legend label: the adapter's folder name of ``base:adapter``, else the name."""
    return Path(checkpoint.rsplit(":", 1)[-1]).name or checkpoint


def _by_layer(
    reading: tuple[dict[int, np.ndarray], dict[int, np.ndarray]],
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    misaligned, aligned = reading
    return {layer: (misaligned[layer], aligned[layer]) for layer in misaligned}


def _plot_directions(directions: list[LayerDirection], path: Path, model: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    layers = [d.layer for d in directions]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.plot(layers, [d.auroc for d in directions], marker="o", label="held-out AUROC")
    left.fill_between(
        layers, [d.auroc_ci[0] for d in directions], [d.auroc_ci[1] for d in directions], alpha=0.25
    )
    left.axhline(0.5, color="grey", linestyle="--", linewidth=1, label="chance")
    left.set(xlabel="layer", ylabel="AUROC", title="Separability of the direction")
    left.legend()
    right.plot(layers, [d.domain_cosine for d in directions], marker="o", label="between domains")
    right.fill_between(
        layers,
        [d.domain_cosine_null[0] for d in directions],
        [d.domain_cosine_null[1] for d in directions],
        color="grey",
        alpha=0.3,
        label="shuffled labels (95%)",
    )
    right.set(xlabel="layer", ylabel="mean cosine", title="One direction shared by domains?")
    right.legend()
    fig.suptitle(f"Alignment direction by layer: {model}")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _plot_erosion(erosions: dict[str, list[LayerErosion]], path: Path, model: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for axis, group in zip(axes, ("in_domain", "general"), strict=True):
        for n, (checkpoint, rows) in enumerate(erosions.items()):
            part = [r for r in rows if r.group == group]
            if not part:
                continue
            layers = [r.layer for r in part]
            axis.plot(layers, [r.erosion for r in part], marker="o", label=_short(checkpoint))
            axis.fill_between(layers, [r.ci[0] for r in part], [r.ci[1] for r in part], alpha=0.2)
            if n == 0:
                axis.fill_between(
                    layers,
                    [r.random_direction[0] for r in part],
                    [r.random_direction[1] for r in part],
                    color="grey",
                    alpha=0.3,
                    label="random directions (95%)",
                )
        axis.axhline(0, color="black", linewidth=0.8)
        axis.set(xlabel="layer", title=f"{group.replace('_', '-')} probe pairs")
        axis.legend(fontsize=8)
    axes[0].set_ylabel("erosion (share of the base model's gap)")
    fig.suptitle(f"Movement along {model}'s alignment direction")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
