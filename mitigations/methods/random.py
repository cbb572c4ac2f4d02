"""``random``: seeded uniform random scores, the baseline every method must beat."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from emgauge.chat_data import ChatSample
from emgauge.mitigations.base import Mitigation
from emgauge.mitigations.registry import register_method

__all__ = ["RandomMitigation"]


@register_method
class RandomMitigation(Mitigation):
    """Uniform random scores from a seeded generator: the floor any method must beat."""

    name = "random"
    summary = "seeded uniform random scores (the baseline to beat)"
    seeded_ingredient = "the permutation"
    list_order = 0

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        return np.random.default_rng(self.options.seed).random(len(samples))

    def used_options(self) -> dict[str, Any]:
        return {"seed": self.options.seed}
