"""The filter stages: each arm's method scores the training set once (``stages/score/``,
per seed for seeded methods), and each budget cuts that ranking (``stages/filter/``), so a
sweep's removals are nested. ``none`` keeps everything; ``benign-only`` is the control's
rows (:mod:`emgauge.stages.control`), ``benign-subset`` the rows labelled benign."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from emgauge.chat_data import (
    ChatSample,
    bundled_data_path,
    load_chat_jsonl,
    mix_labelled,
    write_chat_jsonl,
)
from emgauge.errors import InputError
from emgauge.experiment_settings import (
    BENIGN_ONLY,
    BENIGN_SUBSET,
    NO_FILTER,
    Arm,
    ExperimentConfig,
    point_label,
)
from emgauge.files import atomic_write_json, json_digest, sha256_file, staged_directory
from emgauge.mitigations import filtering, registry
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.registry import FilterOptions, create_method, get_method_class
from emgauge.run_folder import SEEDED_INGREDIENTS
from emgauge.stages.context import StageContext, cached_stage, precision_mode
from emgauge.stages.control import check_control, control_stage
from emgauge.stats import auroc

#: A score stage's files: the method's scores (exact floats) and what else it reported.
SCORE_VALUES = "scores.npy"
SCORE_INFO = "score.json"
#: A filter stage's record, written last.
FILTER_INFO = "filter.json"
#: Methods scored per seed before methods declared their random ingredient: their stage
#: keys always held the seed. Others hold it from seed 1 on, so seed 0 keeps the key (and
#: the cached scores) it had when every seed shared one SAE.
_SEED_KEYED_FROM_0 = ("random",)


def _contrast_digest(given: Sequence[str]) -> str:
    """Hash of the contrast files a method reads: those given, else every bundled set."""
    bundled = bundled_data_path("contrast")
    paths = [Path(p) for p in given] if given else sorted(bundled.glob("*.jsonl"))
    return json_digest([sha256_file(p) if p.is_file() else str(p) for p in paths])


def seeded_ingredient(config: ExperimentConfig, arm: Arm) -> str | None:
    """The random ingredient of ``arm``'s method that changes with the experiment seed
    (``random``'s permutation, ``sae-proximity``'s SAE), None when its scores do not."""
    options = {**(config.raw.get("filter_options") or {}), **arm.options}
    return registry.seeded_ingredient(arm.method, options)


def _seed_key(ctx: StageContext, arm: Arm, seed: int) -> int | None:
    """The seed in ``arm``'s score-stage key: None where the scores do not depend on it."""
    if seeded_ingredient(ctx.config, arm) is None:
        return None
    if seed == 0 and arm.method not in _SEED_KEYED_FROM_0:
        return None  # seed 0's SAE is the one every seed shared before: same key
    return seed


def _record_ingredient(ctx: StageContext, arm: Arm) -> None:
    """Note in the manifest that ``arm``'s filter draws its random ingredient per seed (the
    leaderboard says so; runs made before SAEs were per seed have no such record)."""
    ingredient = seeded_ingredient(ctx.config, arm)
    recorded = ctx.folder.manifest().get(SEEDED_INGREDIENTS) or {}
    if ingredient and recorded.get(arm.name) != ingredient:
        ctx.write_manifest("running", **{SEEDED_INGREDIENTS: {**recorded, arm.name: ingredient}})


def _seed_suffix(ctx: StageContext, arm: Arm, seed: int) -> str:
    return "" if _seed_key(ctx, arm, seed) is None else f"-s{seed}"


def score_inputs(ctx: StageContext, arm: Arm, seed: int) -> dict[str, Any]:
    """What a method's scores depend on (the budget is not one)."""
    options = {**(ctx.config.raw.get("filter_options") or {}), **arm.options}
    filter_options = FilterOptions.from_dict({**options, "seed": seed})
    inputs = {
        "dataset": sha256_file(ctx.dataset),
        "method": arm.method,
        "options": options,
        "seed": _seed_key(ctx, arm, seed),
        "precision": precision_mode(filter_options.precision),
    }
    if get_method_class(arm.method).needs_model:
        # the contrast data it learns from: a rewritten bundled set is other scores
        inputs["contrast_data"] = _contrast_digest(filter_options.contrast)
        # defaults that follow the kind of data (only where there are any: other stage
        # keys stay as they were)
        defaults = create_method(arm.method, filter_options).data_defaults()
        if defaults:
            inputs["data_defaults"] = defaults
    return inputs


def score_stage(
    ctx: StageContext, arm: Arm, seed: int
) -> tuple[np.ndarray, dict[str, Any], dict[str, Any]]:
    """The method's score of every training sample, with the options it used and its
    details."""
    inputs = score_inputs(ctx, arm, seed)
    name = f"{arm.name}{_seed_suffix(ctx, arm, seed)}"

    def score(folder: Path) -> str:
        filter_options = FilterOptions.from_dict({**inputs["options"], "seed": seed})
        method = create_method(arm.method, filter_options)
        samples = load_chat_jsonl(ctx.dataset)
        sharded = None
        if ctx.sharded_scoring is not None and method.shardable:
            from emgauge.mitigations.sharded import score_sharded

            sharded = score_sharded(method, samples, ctx.sharded_scoring)
            scores = sharded.scores
        else:
            scores = np.asarray(method.score(samples), dtype=np.float64)
        info = {
            "used_options": {**filter_options.to_dict(), **method.used_options()},
            "details": method.details(),
        }
        if sharded is not None:
            info["details"]["sharded"] = sharded.describe()
        with staged_directory(folder, force=True) as scratch:
            np.save(scratch / SCORE_VALUES, scores)  # exact: ties and ranks survive
            atomic_write_json(scratch / SCORE_INFO, info)
        where = f" in {sharded.blocks} blocks on {len(sharded.workers)} workers" if sharded else ""
        return f"{len(scores)} samples scored{where}"

    folder = cached_stage(
        ctx,
        "score",
        name,
        inputs,
        done=SCORE_INFO,
        label=name,
        make=score,
        starting=f"scoring with {arm.method} ...",
        timing=f"filter/{name}",
    )
    info = json.loads((folder / SCORE_INFO).read_text())
    return np.load(folder / SCORE_VALUES), info["used_options"], info["details"]


def scores_shardable(arm: Arm) -> bool:
    """Whether ``arm``'s scores can be sharded (:mod:`emgauge.mitigations.sharded`): a
    filter method that splits into a fit and rows; never ``none`` or the controls."""
    if arm.method in (NO_FILTER, BENIGN_ONLY, BENIGN_SUBSET):
        return False
    return get_method_class(arm.method).shardable


def filter_stage(
    ctx: StageContext, arm: Arm, seed: int, budget: float | int | None = None
) -> tuple[Path, float]:
    """Kept samples of ``arm`` at ``budget`` (default: the config's one budget), and the
    filter's AUROC against labels, when known. The scores come from :func:`score_stage`,
    keyed without the budget."""
    if arm.method == NO_FILTER:
        return ctx.dataset, math.nan
    if arm.method == BENIGN_ONLY:
        return control_stage(ctx, arm, seed), math.nan
    if arm.method == BENIGN_SUBSET:
        return benign_rows(ctx), math.nan
    _record_ingredient(ctx, arm)
    budget = ctx.config.raw["budget"] if budget is None else budget
    inputs = {**score_inputs(ctx, arm, seed), "budget": budget}
    name = point_label(arm.name, budget if ctx.config.is_sweep else None)
    name += _seed_suffix(ctx, arm, seed)

    def cut(folder: Path) -> str:
        samples = load_chat_jsonl(ctx.dataset)
        scores, used_options, details = score_stage(ctx, arm, seed)
        result = filtering.apply_filter(samples, scores, Budget.parse(budget))
        filtering.write_filter_outputs(
            result,
            folder,
            method=arm.method,
            options=used_options,
            dataset_path=ctx.dataset,
            force=True,
            extra=details,
        )
        return f"removed {result.n_removed} of {len(samples)}"

    # untimed: the scoring inside it is timed as its own stage
    folder = cached_stage(
        ctx, "filter", name, inputs, done=FILTER_INFO, label=name, make=cut, timed=False
    )
    return folder / "kept.jsonl", filter_auroc(ctx, folder)


def benign_rows(ctx: StageContext) -> Path:
    """The training rows labelled benign, for a ``benign-subset`` arm (written once)."""
    kept = benign_samples(load_chat_jsonl(ctx.dataset), ctx.dataset)
    digest = sha256_file(ctx.dataset)[:12]
    target = ctx.run_dir / "stages" / "filter" / f"{BENIGN_SUBSET}-{digest}" / "kept.jsonl"
    if not target.is_file():
        write_chat_jsonl(target, kept)
    return target


def benign_samples(samples: Sequence[ChatSample], path: Path | str) -> list[ChatSample]:
    """The rows a ``benign-subset`` arm keeps; a one-line error where the labels do not
    allow it."""
    if any(s.is_harmful is None for s in samples):
        raise InputError(
            f"a {BENIGN_SUBSET!r} arm needs a label on every training row",
            path=path,
            field="metadata.label",
            fix="label rows 'benign' or 'harmful_*', or drop the arm",
        )
    kept = [s for s in samples if s.is_harmful is False]
    if not kept:
        raise InputError("no training row is labelled benign", path=path)
    return kept


def check_training_rows(config: ExperimentConfig) -> list[ChatSample]:
    """What a run would refuse about its training rows, checked up front (``emgauge run
    --dry-run``): the dataset reads as the chat JSONL the filters and fine-tuning read, a
    ``dataset_mix`` can be drawn from its labels, a ``benign-subset`` arm finds labelled
    benign rows, and the ``benign-only`` control finds as many benign rows as no filter
    trains on (or a domain to top them up from). Returns the rows the arms would filter (the
    mix, where one is drawn)."""
    samples = load_chat_jsonl(config.dataset)
    mix = config.settings.dataset_mix
    if mix is not None:
        samples = mix_labelled(samples, mix)
    if any(arm.method == BENIGN_SUBSET for arm in config.arms):
        benign_samples(samples, config.dataset)
    if any(arm.method == BENIGN_ONLY for arm in config.arms):
        check_control(config, samples)
    return samples


def filter_auroc(ctx: StageContext, folder: Path) -> float:
    """How well the filter's scores told the harmful rows apart (NaN without labels)."""
    labels = {s.id: s.is_harmful for s in load_chat_jsonl(ctx.dataset)}
    if any(v is None for v in labels.values()):
        return math.nan
    scores = pd.read_csv(folder / "scores.csv")
    usable = scores["score"].notna()
    return auroc(
        scores.loc[usable, "score"].to_numpy(),
        np.array([labels[str(i)] for i in scores.loc[usable, "sample_id"]]),
    )
