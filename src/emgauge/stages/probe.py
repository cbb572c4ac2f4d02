"""The probe stage: every checkpoint's misaligned-preference margins on held-out probe
pairs, no judge needed (``stages/probe/<arm>-s<seed>-<hash>/margins.csv``; the base model:
``base-<hash>``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from emgauge.evals.misaligned_preference import probe as preference_probe
from emgauge.files import atomic_write_text, sha256_file
from emgauge.stages.context import StageContext, cached_stage, precision_mode

MARGINS = "margins.csv"


def probe_stage(
    ctx: StageContext, arm: str, seed: int, adapter: Path | None
) -> pd.DataFrame | None:
    """Margins of one checkpoint (None when the probe is off)."""
    config = ctx.config
    if not config.probe_pairs:
        return None
    probe = config.settings.evaluation.probe
    assert probe is not None  # probe_pairs is empty when the probe is off
    settings = probe.probe_settings()
    base = config.raw["base_model"]
    inputs = {
        "base": base,
        # the adapter folder's name carries the hash of the fine-tuning inputs
        "adapter": adapter.name if adapter is not None else None,
        "pairs": [sha256_file(p) for p in config.probe_pairs],
        "settings": settings.model_dump(),
        "precision": precision_mode(settings.precision),
    }
    name = "base" if adapter is None else f"{arm}-s{seed}"
    pairs = preference_probe.load_probe_pairs(config.probe_pairs)

    def measure(folder: Path) -> str:
        model = base if adapter is None else f"{base}:{adapter.resolve()}"
        margins = preference_probe.preference_margins(model, pairs, settings)
        atomic_write_text(folder / MARGINS, margins.to_csv(index=False))
        return f"mean margin {margins['margin'].mean():+.3f}"

    folder = cached_stage(
        ctx,
        "probe",
        name,
        inputs,
        done=MARGINS,
        label="base model" if adapter is None else f"{arm} seed {seed}",
        make=measure,
        starting=f"margins on {len(pairs)} probe pairs ...",
    )
    frame = pd.read_csv(folder / MARGINS)
    frame["in_domain"] = frame["domain"].isin(config.in_domains)
    frame.insert(0, "seed", seed)
    frame.insert(0, "method", config.arm_methods[arm])
    frame.insert(0, "arm", arm)
    frame.insert(0, "experiment", config.name)
    return ctx.with_budgets(frame)
