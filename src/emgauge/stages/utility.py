"""The utility stage: every checkpoint's loss on held-out benign answers, the cost beside
the benefit.

Config ``evaluation.utility`` (off by default; :class:`~emgauge.experiment_settings.
UtilitySection`): ``true`` scores the bundled held-out sets of the training data's in-domain
domains (``evaluation.in_domain``, else the rows' ``metadata.domain``), ``{domains: [...]}``
chooses bundled sets, ``{answers: [...]}`` gives chat JSONL files instead
(:func:`emgauge.experiment_settings.utility_answer_files`). Each checkpoint's per-item losses
(:func:`emgauge.evals.utility.utility_losses`) are cached in
``stages/utility/<arm>-s<seed>-<hash>/losses.csv`` (the base model: ``base-<hash>``), keyed
by the base model, the adapter, the answer files' content, the settings and the precision
the stage runs in; the run folder's ``utility.csv`` holds them all.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from emgauge.evals import utility
from emgauge.stages.context import StageContext, checkpoint_stage

LOSSES = "losses.csv"


def utility_stage(
    ctx: StageContext, arm: str, seed: int, adapter: Path | None
) -> pd.DataFrame | None:
    """Utility losses of one checkpoint (None when the measure is off)."""
    config = ctx.config
    if not config.utility_answers:
        return None
    section = config.settings.evaluation.utility_section
    assert section is not None  # utility_answers is empty when the measure is off
    settings = section.utility_settings()

    def measure(model: str) -> pd.DataFrame:
        samples = utility.load_utility_answers(config.utility_answers)  # only when measured
        return utility.utility_losses(model, samples, settings)

    return checkpoint_stage(
        ctx,
        "utility",
        arm=arm,
        seed=seed,
        adapter=adapter,
        data=("answers", config.utility_answers),
        settings=settings,
        precision=settings.precision,
        result=LOSSES,
        measure=measure,
        summary=lambda losses: (
            f"mean loss {losses['loss'].mean():.3f} nats/token on {len(losses)} held-out answers"
        ),
        starting="loss on the held-out benign answers ...",
    )
