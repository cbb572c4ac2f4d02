"""The probe stage: every checkpoint's misaligned-preference margins on held-out probe
pairs, no judge needed (``stages/probe/<arm>-s<seed>-<hash>/margins.csv``; the base model:
``base-<hash>``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from emgauge.evals.misaligned_preference import probe as preference_probe
from emgauge.stages.context import StageContext, checkpoint_stage

MARGINS = "margins.csv"


def probe_stage(
    ctx: StageContext, arm: str, seed: int, adapter: Path | None
) -> pd.DataFrame | None:
    """Margins of one checkpoint (None when the probe is off), with ``in_domain`` (the
    pair's domain is one the training data covers) and, in a sweep, the budget columns."""
    config = ctx.config
    if not config.probe_pairs:
        return None
    probe = config.settings.evaluation.probe
    assert probe is not None  # probe_pairs is empty when the probe is off
    settings = probe.probe_settings()

    def measure(model: str) -> pd.DataFrame:
        pairs = preference_probe.load_probe_pairs(config.probe_pairs)  # only when measured
        return preference_probe.preference_margins(model, pairs, settings)

    frame = checkpoint_stage(
        ctx,
        "probe",
        arm=arm,
        seed=seed,
        adapter=adapter,
        data=("pairs", config.probe_pairs),
        settings=settings,
        precision=settings.precision,
        result=MARGINS,
        measure=measure,
        summary=lambda margins: (
            f"mean margin {margins['margin'].mean():+.3f} on {len(margins)} probe pairs"
        ),
        starting="margins on the probe pairs ...",
    )
    frame["in_domain"] = frame["domain"].isin(config.in_domains)
    return ctx.with_budgets(frame)
