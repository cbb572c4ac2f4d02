"""What the internals methods learn from: contrast pairs, grouped and averaged.

``direction`` and ``sae-proximity`` both pool layer-L activations per conversation and
take the misaligned-group mean minus the aligned-group mean over the contrast pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.data import ContrastPair

__all__ = ["GroupMeans", "contrast_conversations", "sample_conversations"]


def contrast_conversations(pairs: Sequence[ContrastPair]) -> list[Any]:
    """Misaligned conversations first (indices ``< len(pairs)``), then aligned ones."""
    return [p.conversation("misaligned") for p in pairs] + [
        p.conversation("aligned") for p in pairs
    ]


class GroupMeans:
    """Running means of pooled vectors for the misaligned and the aligned group."""

    def __init__(self, n_misaligned: int) -> None:
        self.n_misaligned = n_misaligned
        self.sums: list[torch.Tensor | None] = [None, None]
        self.counts = [0, 0]

    def add(self, indices: np.ndarray, pooled: torch.Tensor, valid: torch.Tensor) -> None:
        misaligned = torch.from_numpy(indices < self.n_misaligned).to(pooled.device)
        for group, mask in enumerate((misaligned & valid, ~misaligned & valid)):
            total = pooled[mask].sum(dim=0)
            current = self.sums[group]
            self.sums[group] = total if current is None else current + total
            self.counts[group] += int(mask.sum())

    def difference(self) -> torch.Tensor:
        if min(self.counts) == 0 or self.sums[0] is None or self.sums[1] is None:
            raise InputError(
                "the contrast set has no usable aligned or misaligned answers",
                field="contrast",
                fix="contrast answers must be non-empty text",
            )
        return self.sums[0] / self.counts[0] - self.sums[1] / self.counts[1]


def sample_conversations(samples: Sequence[ChatSample]) -> list[Any]:
    """The message lists the extractor streams, in sample order."""
    return [s.messages for s in samples]
