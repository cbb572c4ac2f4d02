"""The probe stage: every checkpoint's misaligned-preference margins on held-out probe
pairs, no judge needed (``stages/probe/<arm>-s<seed>-<hash>/margins.csv``; the base model:
``base-<hash>``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from emgauge.evals.misaligned_preference import probe as preference_probe
from emgauge.stages.context import StageContext, checkpoint_stage
from emgauge.stages.evaluation import arm_trigger_prompts
from emgauge.tasks.variants import (
    PLAIN,
    TRAINING_FORMAT,
    TRIGGER,
    training_format_of,
    trigger_digest,
)

MARGINS = "margins.csv"


def probe_stage(
    ctx: StageContext, arm: str, seed: int, adapter: Path | None
) -> pd.DataFrame | None:
    """Margins of one checkpoint (None when the probe is off), with ``in_domain`` (the
    pair's domain is one the training data covers) and, in a sweep, the budget columns."""
    config = ctx.config
    if not ctx.probe_pairs:
        return None
    probe = config.settings.evaluation.probe
    assert probe is not None  # probe_pairs is empty when the probe is off
    settings = probe.probe_settings()

    def measure(model: str) -> pd.DataFrame:
        pairs = preference_probe.load_probe_pairs(ctx.probe_pairs)  # only when measured
        return preference_probe.preference_margins(model, pairs, settings)

    frame = checkpoint_stage(
        ctx,
        "probe",
        arm=arm,
        seed=seed,
        adapter=adapter,
        data=("pairs", ctx.probe_pairs),
        settings=settings,
        precision=settings.precision,
        result=MARGINS,
        measure=measure,
        summary=lambda margins: (
            f"mean margin {margins['margin'].mean():+.3f} on {len(margins)} probe pairs"
        ),
        starting="margins on the probe pairs ...",
    )
    variants = [v for v in config.settings.evaluation.variants if v != PLAIN]
    if variants:
        frame.insert(frame.columns.get_loc("pair_id"), "variant", PLAIN)
        triggers = arm_trigger_prompts(ctx)
        parts = [frame, _variant_margins(ctx, arm, seed, adapter, variants, settings, triggers)]
        if adapter is None and TRAINING_FORMAT in variants:
            # the base model under each arm's trigger too: that arm's shift is measured
            # against the base model asked the same way
            parts += [
                _variant_margins(ctx, arm, seed, None, [TRAINING_FORMAT], settings, {arm: p})
                for p in dict.fromkeys(triggers.values())
            ]
        frame = pd.concat(parts, ignore_index=True)
        if TRIGGER in frame:
            frame[TRIGGER] = frame[TRIGGER].fillna("")
    frame["in_domain"] = frame["domain"].isin(config.in_domains)
    return ctx.with_budgets(frame)


class VariantProbeSettings(preference_probe.ProbeSettings):
    """The probe's settings and how its prompts are wrapped: the cache key of the margins
    of the variants other than plain (plain margins keep their own stage and key)."""

    variants: tuple[str, ...]
    system: str | None = None
    prefix: str = ""
    suffix: str = ""


def _variant_margins(
    ctx: StageContext,
    arm: str,
    seed: int,
    adapter: Path | None,
    variants: list[str],
    settings: preference_probe.ProbeSettings,
    triggers: dict[str, str],
) -> pd.DataFrame:
    """Margins of one checkpoint with the pair prompts asked in ``variants`` (the EM task's
    wrapping; training-format under ``triggers[arm]`` where the arm trained with one, its
    digest in the ``trigger`` column, "" for none)."""
    training_format = None
    trigger = triggers.get(arm)
    if TRAINING_FORMAT in variants:
        training_format = training_format_of(ctx.dataset, trigger)
    keyed = VariantProbeSettings(
        **settings.model_dump(),
        variants=tuple(variants),
        **(training_format.as_dict() if training_format else {}),
    )

    def measure(model: str) -> pd.DataFrame:
        pairs = preference_probe.load_probe_pairs(ctx.probe_pairs)
        return preference_probe.preference_margins(
            model, pairs, settings, variants, training_format
        )

    frame = checkpoint_stage(
        ctx,
        "probe",
        arm=arm,
        seed=seed,
        adapter=adapter,
        data=("pairs", ctx.probe_pairs),
        settings=keyed,
        precision=settings.precision,
        result=MARGINS,
        measure=measure,
        summary=lambda margins: (
            f"mean margin {margins['margin'].mean():+.3f} on {len(margins)} probe pairs "
            f"asked as {', '.join(variants)}"
        ),
        starting=f"margins on the probe pairs asked as {', '.join(variants)}"
        + (" under its trigger" if trigger else "")
        + " ...",
    )
    if training_format is not None:
        frame[TRIGGER] = [
            trigger_digest(trigger) if v == TRAINING_FORMAT else "" for v in frame["variant"]
        ]
    return frame
