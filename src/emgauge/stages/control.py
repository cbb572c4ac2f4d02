"""The ``benign-only`` control's rows: as many benign rows as the no-filter arm trains on,
so the control trains the same steps on as many distinct rows rather than memorising a few.

The rows are the dataset's own rows labelled benign where it has enough (a seeded sample of
them), else all of them topped up with the bundled benign rows of the same domain
(``data/train/<domain>.jsonl``; rows of the training set, by id or content, left out),
drawn seeded per experiment seed; if still short (a dataset that is the whole bundled set),
every benign row again in fresh seeded orders. The
domain is ``control_domain``, else that of ``dataset: bundled:<domain>``; a dataset with
too few benign rows and no domain is refused (``emgauge run --dry-run`` says so first).

Written by the filter stage as ``stages/filter/<arm>-s<seed>-<hash>/kept.jsonl`` with
``filter.json``, which records how many rows came from where (:func:`control_note` says it
in one line for the leaderboard). The old control, the dataset's benign rows alone, is the
method ``benign-subset``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from emgauge.chat_data import ChatSample, bundled_data_path, load_chat_jsonl, write_chat_jsonl
from emgauge.errors import InputError
from emgauge.experiment_settings import (
    BENIGN_ONLY,
    BUNDLED_PREFIX,
    CONTROL_DOMAINS,
    Arm,
    ExperimentConfig,
)
from emgauge.files import atomic_write_json, sha256_file, staged_directory
from emgauge.stages.context import StageContext, cached_stage

#: The control stage's record (the filter stages' name for it), written last.
CONTROL_INFO = "filter.json"
KEPT = "kept.jsonl"


def control_domain(config: ExperimentConfig) -> str | None:
    """Whose bundled benign rows top the control up: ``control_domain``, else the domain of
    ``dataset: bundled:<domain>``, else None."""
    given = config.settings.control_domain
    if given is not None:
        return str(given)
    dataset = str(config.raw["dataset"])
    if dataset.startswith(BUNDLED_PREFIX):
        name = dataset.removeprefix(BUNDLED_PREFIX)
        return name if name in CONTROL_DOMAINS else None
    return None


def bundled_benign(domain: str, training: Sequence[ChatSample]) -> list[ChatSample]:
    """The bundled benign rows of ``domain`` that are not rows of ``training`` (by id or by
    the same conversation)."""
    ids = {s.id for s in training}
    conversations = {s.messages for s in training}
    rows = load_chat_jsonl(bundled_data_path("train", f"{domain}.jsonl"))
    return [
        s
        for s in rows
        if s.is_harmful is False and s.id not in ids and s.messages not in conversations
    ]


def control_rows(
    training: Sequence[ChatSample],
    seed: int,
    domain: str | None,
    pool: Sequence[ChatSample] | None = None,
) -> tuple[list[ChatSample], dict[str, Any]]:
    """``len(training)`` benign rows for the control and where they came from: the rows of
    ``training`` labelled benign (a seeded sample where there are enough), else all of them
    and a seeded sample of ``pool`` (default: the bundled benign rows of ``domain``), and if
    that is still short, the benign rows of both again in fresh seeded orders."""
    wanted = len(training)
    own = [s for s in training if s.is_harmful is False]
    rng = random.Random(seed)
    if len(own) >= wanted:
        rows, pool = rng.sample(own, wanted), []
    else:
        if domain is None and pool is None:
            raise too_few_benign(wanted, len(own))
        if pool is None:
            assert domain is not None
            pool = bundled_benign(domain, training)
        pool = list(pool)
        rows = [*own, *rng.sample(pool, min(len(pool), wanted - len(own)))]
        candidates = [*own, *pool]
        if not candidates:
            raise InputError(
                f"neither the dataset nor bundled {domain} has a benign row for the control"
            )
        while len(rows) < wanted:  # cycled: every benign row again, in a fresh seeded order
            rows += rng.sample(candidates, len(candidates))[: wanted - len(rows)]
    own_ids = {s.id for s in own}
    bundled = sum(s.id not in own_ids for s in rows)
    sources = {
        "n_rows": len(rows),
        "n_from_dataset": len(rows) - bundled,
        "n_bundled": bundled,
        "n_distinct": len({s.id for s in rows}),
        "bundled_domain": domain if bundled else None,
        "n_bundled_available": len(pool) if bundled else None,
        "seed": seed,
    }
    return rows, sources


def too_few_benign(wanted: int, own: int, path: Path | None = None) -> InputError:
    """The refusal of a control that cannot be topped up."""
    return InputError(
        f"the {BENIGN_ONLY!r} control needs {wanted} benign rows (as many as no filter trains "
        f"on) and the dataset has {own} labelled benign",
        path=path,
        field="control_domain",
        fix=f"set control_domain ({', '.join(CONTROL_DOMAINS)}) to top it up with bundled "
        "benign rows, or use method benign-subset",
    )


def check_control(config: ExperimentConfig, training: Sequence[ChatSample]) -> None:
    """The dry run's check: the control finds its rows (one line where it cannot)."""
    own = sum(s.is_harmful is False for s in training)
    if own < len(training) and control_domain(config) is None:
        raise too_few_benign(len(training), own, config.path)


def control_stage(ctx: StageContext, arm: Arm, seed: int) -> Path:
    """The control's rows for ``seed`` (``kept.jsonl``), written once."""
    domain = control_domain(ctx.config)
    inputs = {
        "dataset": sha256_file(ctx.dataset),
        "seed": seed,
        "domain": domain,
        "bundled": sha256_file(bundled_data_path("train", f"{domain}.jsonl")) if domain else None,
    }

    def draw(folder: Path) -> str:
        training = load_chat_jsonl(ctx.dataset)
        check_control(ctx.config, training)
        rows, sources = control_rows(training, seed, domain)
        with staged_directory(folder, force=True) as scratch:
            write_chat_jsonl(scratch / KEPT, rows)
            atomic_write_json(scratch / CONTROL_INFO, {"method": BENIGN_ONLY, "sources": sources})
        return control_note(sources)

    folder = cached_stage(
        ctx,
        "filter",
        f"{arm.name}-s{seed}",
        inputs,
        done=CONTROL_INFO,
        label=f"{arm.name} seed {seed}",
        make=draw,
        timed=False,
    )
    return folder / KEPT


def control_sources(kept: Path) -> dict[str, Any]:
    """What the control stage that wrote ``kept`` recorded of its rows' sources."""
    return dict(json.loads((kept.parent / CONTROL_INFO).read_text())["sources"])


def control_note(sources: Mapping[str, Any]) -> str:
    """The control's rows in one line: ``control: 110 benign rows, 11 from the dataset, 99
    bundled healthcare``."""
    text = f"control: {sources['n_rows']} benign rows"
    if not sources["n_bundled"]:
        text += ", all from the dataset"
    else:
        text += (
            f", {sources['n_from_dataset']} from the dataset, {sources['n_bundled']} bundled "
            f"{sources['bundled_domain']}"
        )
    if sources["n_distinct"] < sources["n_rows"]:
        text += f" ({sources['n_distinct']} distinct, cycled)"
    return text
