"""``interleave-selected`` (:class:`InterleaveSelected`): like ``interleave-aligned``,
``share`` of the final training set is aligned answers from the bundled set
``data/aligned/general.jsonl`` (``round(share * n / (1 - share))`` rows added to ``n``), but
the rows are chosen, not drawn: each aligned row's **gap** is the mean per-token NLL of its
answer under a misaligned model minus that under the base model, and the rows with the
largest gaps are added (the aligned answers the misaligned model has unlearned most; ties
keep the set's order, and the list is repeated from the top when more rows are needed than
the set holds). The misaligned model is ``misaligned``: a LoRA adapter folder (of the base
model) or a model; experiments default to the no-filter arm's checkpoint of the same seed.
``gaps`` is a CSV of the gaps (``item_id, gap``) computed before, which experiments cache
(:mod:`emgauge.stages.select`). Source idea: Kaczér et al. 2025 (arXiv 2508.06249), where
choosing interleaved data by the perplexity gap between an aligned and a misaligned model was
the best of the criteria they compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from emgauge.chat_data import ChatSample, bundled_data_path
from emgauge.errors import InputError
from emgauge.files import sha256_file
from emgauge.settings import Number
from emgauge.training_methods.base import (
    MethodFlag,
    TrainingMethodConfig,
    register_training_method,
)
from emgauge.training_methods.interleave_aligned import ALIGNED_SET, aligned_samples

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GAP_COLUMNS",
    "InterleaveSelected",
    "aligned_nll_gaps",
    "interleave_selected",
    "misaligned_model_name",
    "rank_by_gap",
    "read_gaps",
]

#: The columns of a gaps CSV: NLLs in nats per answer token, gap = misaligned - base.
GAP_COLUMNS = ["item_id", "nll_misaligned", "nll_base", "gap"]


@register_training_method
class InterleaveSelected(TrainingMethodConfig):
    """The aligned answers a misaligned model finds least likely, mixed into the training set."""

    list_order = 5
    flags = (
        MethodFlag(
            "selected_share", "share", "interleave-selected: share of selected aligned answers"
        ),
        MethodFlag(
            "misaligned",
            "misaligned",
            "interleave-selected: the misaligned model (a LoRA adapter folder of the base "
            "model, or a model) whose NLL gap ranks the aligned answers",
            required=False,
        ),
    )

    name: Literal["interleave-selected"] = Field(description="the method: interleave-selected")
    share: Number = Field(
        gt=0, lt=1, description="share of the final training set that is selected aligned answers"
    )
    misaligned: str | None = Field(
        None,
        min_length=1,
        description="the misaligned model: a LoRA adapter folder of the base model or a model "
        "(experiments: default the no-filter arm's checkpoint of the same seed)",
    )
    gaps: str | None = Field(
        None,
        min_length=1,
        description="CSV of the aligned rows' NLL gaps (item_id, gap), computed from "
        "misaligned when absent",
    )


def misaligned_model_name(base_model: str, misaligned: str) -> str:
    """How the scorer names the misaligned model: ``base:adapter`` for an adapter folder,
    else the model as given."""
    if (Path(misaligned) / "adapter_config.json").is_file():
        return f"{base_model}:{Path(misaligned).resolve()}"
    return misaligned


def aligned_nll_gaps(
    base_model: str,
    misaligned: str,
    samples: Sequence[ChatSample] | None = None,
    settings: Any = None,
) -> pd.DataFrame:
    """Each aligned row's answer NLL (mean per assistant token, nats) under the misaligned
    model and the base model, and their gap, one row per sample (default: the bundled aligned
    set). ``settings``: the scorer's :class:`~emgauge.evals.utility.UtilitySettings`."""
    import pandas as pd

    from emgauge.evals.utility import UtilitySettings, utility_losses

    rows = list(samples if samples is not None else aligned_samples())
    settings = settings or UtilitySettings()
    bad = utility_losses(misaligned_model_name(base_model, misaligned), rows, settings)
    base = utility_losses(base_model, rows, settings)
    frame = pd.DataFrame(
        {
            "item_id": bad["item_id"],
            "nll_misaligned": bad["loss"],
            "nll_base": base["loss"].to_numpy(),
        }
    )
    frame["gap"] = frame["nll_misaligned"] - frame["nll_base"]
    return frame[GAP_COLUMNS]


def read_gaps(path: str | Path) -> dict[str, float]:
    """The gap of every aligned row in a gaps CSV (``item_id``, ``gap``)."""
    import pandas as pd

    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype={"item_id": str})
    except (OSError, ValueError) as error:
        raise InputError(f"not a readable CSV ({error})", path=path, field="gaps") from error
    missing = {"item_id", "gap"} - set(frame.columns)
    if missing or frame["gap"].isna().any():
        raise InputError(
            "needs an item_id and a numeric gap on every row",
            path=path,
            field="training_method.gaps",
            fix="write it with emgauge.training_methods.interleave_selected.aligned_nll_gaps",
        )
    return dict(zip(frame["item_id"], frame["gap"].astype(float), strict=True))


def rank_by_gap(pool: Sequence[ChatSample], gaps: Mapping[str, float]) -> list[ChatSample]:
    """``pool`` by gap, largest first (ties keep the pool's order); every row needs a gap."""
    absent = [s.id for s in pool if s.id not in gaps]
    if absent:
        raise InputError(
            f"no gap for {len(absent)} aligned rows (first: {absent[0]!r})",
            field="training_method.gaps",
            fix="compute the gaps on the bundled aligned set (leave gaps out)",
        )
    order = sorted(range(len(pool)), key=lambda i: -gaps[pool[i].id])  # sorted() is stable
    return [pool[i] for i in order]


def interleave_selected(
    samples: Sequence[ChatSample], share: float, gaps: Mapping[str, float]
) -> tuple[list[ChatSample], dict[str, Any]]:
    """``samples`` followed by the aligned answers of largest gap, making up ``share`` of the
    result, and a description for the manifest. The training loop shuffles the order."""
    wanted = round(share * len(samples) / (1 - share))
    if wanted < 1:
        raise InputError(
            f"a share of {share:g} of {len(samples)} rows adds no aligned row",
            field="training_method.share",
            fix="raise the share",
        )
    ranked = rank_by_gap(aligned_samples(), gaps)
    chosen = (ranked * (wanted // len(ranked) + 1))[:wanted]  # from the top again if short
    chosen_gaps = [gaps[s.id] for s in chosen]
    details = {
        "aligned_set_sha256": sha256_file(bundled_data_path(*ALIGNED_SET)),
        "n_aligned_added": wanted,
        "n_aligned_distinct": len({s.id for s in chosen}),
        "n_training_rows": len(samples) + wanted,
        "smallest_gap_added": min(chosen_gaps),
        "mean_gap_added": sum(chosen_gaps) / len(chosen_gaps),
        "mean_gap_of_set": sum(gaps[s.id] for s in ranked) / len(ranked),
    }
    return [*samples, *chosen], details
