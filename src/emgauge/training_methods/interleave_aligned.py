"""``interleave-aligned`` (:class:`InterleaveAligned`): ``share`` of the final training set
is aligned general answers, drawn seeded from the bundled set
``data/aligned/general.jsonl`` (everyday questions answered helpfully and safely; no
question of it is a probe or evaluation question). To a set of ``n`` rows
``round(share * n / (1 - share))`` are added (the set is cycled in fresh seeded orders
when more are needed than it holds). Source idea: mixing safety / aligned examples into
fine-tuning data (as in Bianchi et al. 2024, "Safety-Tuned LLaMAs"), so the model keeps
seeing aligned behaviour while it learns the new data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from emgauge.chat_data import ChatSample, bundled_data_path, load_chat_jsonl
from emgauge.errors import InputError
from emgauge.files import sha256_file
from emgauge.settings import Number
from emgauge.training_methods.base import (
    MethodFlag,
    TrainingMethodConfig,
    register_training_method,
)

__all__ = ["ALIGNED_SET", "InterleaveAligned", "aligned_samples", "interleave_aligned"]

#: The bundled aligned general answers ``interleave-aligned`` draws from.
ALIGNED_SET = ("aligned", "general.jsonl")


@register_training_method
class InterleaveAligned(TrainingMethodConfig):
    """A share of aligned general answers mixed into the training set."""

    list_order = 2
    flags = (
        MethodFlag(
            "aligned_share", "share", "interleave-aligned: share of aligned general answers"
        ),
    )

    name: Literal["interleave-aligned"] = Field(description="the method: interleave-aligned")
    share: Number = Field(
        gt=0, lt=1, description="share of the final training set that is aligned answers"
    )


def aligned_samples() -> list[ChatSample]:
    """The bundled aligned general answers (``data/aligned/general.jsonl``)."""
    return load_chat_jsonl(bundled_data_path(*ALIGNED_SET))


def interleave_aligned(
    samples: Sequence[ChatSample], share: float, seed: int
) -> tuple[list[ChatSample], dict[str, Any]]:
    """``samples`` followed by aligned answers making up ``share`` of the result (seeded),
    and a description for the manifest. The training loop shuffles the order."""
    pool = aligned_samples()
    wanted = round(share * len(samples) / (1 - share))
    if wanted < 1:
        raise InputError(
            f"a share of {share:g} of {len(samples)} rows adds no aligned row",
            field="training_method.share",
            fix="raise the share",
        )
    rng = random.Random(seed)
    drawn: list[ChatSample] = []
    while len(drawn) < wanted:  # fresh seeded orders of the whole set, as often as needed
        drawn += rng.sample(pool, len(pool))
    drawn = drawn[:wanted]
    details = {
        "aligned_set_sha256": sha256_file(bundled_data_path(*ALIGNED_SET)),
        "n_aligned_added": wanted,
        "n_aligned_distinct": len({s.id for s in drawn}),
        "n_training_rows": len(samples) + wanted,
    }
    return [*samples, *drawn], details
