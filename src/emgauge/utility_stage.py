"""The experiment's utility stage: every checkpoint's loss on held-out benign answers.

Config ``evaluation.utility`` (off by default; :class:`~emgauge.experiment_settings.
UtilitySection`): ``true`` scores the bundled held-out sets of the training data's in-domain
domains (``evaluation.in_domain``, else the rows' ``metadata.domain``), ``{domains: [...]}``
chooses bundled sets, ``{answers: [...]}`` gives chat JSONL files instead. Each checkpoint's
per-item losses (:func:`emgauge.evals.utility.utility_losses`) are cached in
``stages/utility/<arm>-s<seed>-<hash>/losses.csv`` (the base model: ``base-<hash>``), keyed
by the base model, the adapter, the answer files' content, the settings and the precision
the stage runs in; the run folder's ``utility.csv`` holds them all.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from emgauge.errors import InputError
from emgauge.files import atomic_write_text, config_files, field_name, line_of, sha256_file

if TYPE_CHECKING:
    from emgauge.experiment_settings import UtilitySection
    from emgauge.experiments import ExperimentRunner

UTILITY = "utility.csv"


def utility_answer_files(
    section: UtilitySection | None,
    config_path: Path,
    node: Any,
    in_domains: Collection[str],
) -> tuple[Path, ...]:
    """The held-out answer files the utility stage scores (empty when it is off), checked to
    exist: the configured files, else the bundled sets of ``section.domains``, else those of
    the training data's in-domain domains."""
    from emgauge.evals.utility import UTILITY_DOMAINS, bundled_utility_paths

    if section is None:
        return ()
    if section.answers:
        return config_files(
            config_path,
            node,
            ["evaluation", "utility", "answers"],
            section.answers,
            what="held-out answer file",
            fix="give chat JSONL paths, relative to the config or absolute",
        )
    domains = list(section.domains or [d for d in UTILITY_DOMAINS if d in in_domains])
    if not domains:
        where = ["evaluation", "utility"]
        raise InputError(
            "no bundled held-out benign answers for the training data's domains "
            f"({', '.join(sorted(in_domains)) or 'none labelled'})",
            path=config_path,
            line=line_of(node, where),
            field=field_name(where),
            fix=f"set evaluation.utility.domains (from {', '.join(UTILITY_DOMAINS)}) or "
            "evaluation.utility.answers",
        )
    return tuple(bundled_utility_paths(domains))


def utility_stage(
    runner: ExperimentRunner, arm: str, seed: int, adapter: Path | None
) -> pd.DataFrame | None:
    """Utility losses of one checkpoint (None when the measure is off), computed once."""
    from emgauge.evals.utility import load_utility_answers, utility_losses
    from emgauge.experiments import _digest

    config = runner.config
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
        "precision": runner._precision_mode(settings.precision),
    }
    name = "base" if adapter is None else f"{arm}-s{seed}"
    losses_path = runner.run_dir / "stages" / "utility" / f"{name}-{_digest(inputs)[:12]}"
    losses_path = losses_path / "losses.csv"
    label = "base model" if adapter is None else f"{arm} seed {seed}"
    if losses_path.is_file():
        runner.log("utility", f"{label}: cached")
    else:
        samples = load_utility_answers(config.utility_answers)
        runner.log("utility", f"{label}: loss on {len(samples)} held-out benign answers ...")
        start = time.perf_counter()
        model = base if adapter is None else f"{base}:{adapter.resolve()}"
        losses = utility_losses(model, samples, settings)
        atomic_write_text(losses_path, losses.to_csv(index=False))
        seconds = time.perf_counter() - start
        runner.stage_times[f"utility/{name}"] = round(seconds, 1)
        runner.log(
            "utility", f"{label}: mean loss {losses['loss'].mean():.3f} nats/token ({seconds:.0f}s)"
        )
    frame = pd.read_csv(losses_path)
    frame.insert(0, "seed", seed)
    frame.insert(0, "method", config.arm_methods[arm])
    frame.insert(0, "arm", arm)
    frame.insert(0, "experiment", config.name)
    return frame
