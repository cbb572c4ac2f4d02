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
from emgauge.files import atomic_write_text, sha256_file
from emgauge.stages.context import StageContext, cached_stage, precision_mode

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
    base = config.raw["base_model"]
    inputs = {
        "base": base,
        # the adapter folder's name carries the hash of the fine-tuning inputs
        "adapter": adapter.name if adapter is not None else None,
        "answers": [sha256_file(p) for p in config.utility_answers],
        "settings": settings.model_dump(),
        "precision": precision_mode(settings.precision),
    }
    name = "base" if adapter is None else f"{arm}-s{seed}"
    samples = utility.load_utility_answers(config.utility_answers)

    def measure(folder: Path) -> str:
        model = base if adapter is None else f"{base}:{adapter.resolve()}"
        losses = utility.utility_losses(model, samples, settings)
        atomic_write_text(folder / LOSSES, losses.to_csv(index=False))
        return f"mean loss {losses['loss'].mean():.3f} nats/token"

    folder = cached_stage(
        ctx,
        "utility",
        name,
        inputs,
        done=LOSSES,
        label="base model" if adapter is None else f"{arm} seed {seed}",
        make=measure,
        starting=f"loss on {len(samples)} held-out benign answers ...",
    )
    frame = pd.read_csv(folder / LOSSES)
    frame.insert(0, "seed", seed)
    frame.insert(0, "method", config.arm_methods[arm])
    frame.insert(0, "arm", arm)
    frame.insert(0, "experiment", config.name)
    return frame
