"""What the internals methods learn from: contrast pairs, grouped and averaged.

``sae-proximity`` pools SAE latents per conversation and compares the misaligned group with
the aligned group as a running sum, batch by batch: the difference of the group means and
that difference in units of the within-group spread (its toxic latents). ``direction`` holds
its pooled contrast activations whole (:mod:`~emgauge.mitigations.discriminant`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.data import ContrastPair

__all__ = [
    "GroupMeans",
    "contrast_conversations",
    "no_usable_contrast",
    "sample_conversations",
]


def contrast_conversations(pairs: Sequence[ContrastPair]) -> list[Any]:
    """Misaligned conversations first (indices ``< len(pairs)``), then aligned ones."""
    return [p.conversation("misaligned") for p in pairs] + [
        p.conversation("aligned") for p in pairs
    ]


class GroupMeans:
    """Running means (and second moments) of pooled vectors for the misaligned and the
    aligned group."""

    def __init__(self, n_misaligned: int) -> None:
        self.n_misaligned = n_misaligned
        self.sums: list[torch.Tensor | None] = [None, None]
        self.squares: list[torch.Tensor | None] = [None, None]
        self.counts = [0, 0]

    def add(self, indices: np.ndarray, pooled: torch.Tensor, valid: torch.Tensor) -> None:
        misaligned = torch.from_numpy(indices < self.n_misaligned).to(pooled.device)
        for group, mask in enumerate((misaligned & valid, ~misaligned & valid)):
            rows = pooled[mask].double()
            self.sums[group] = _accumulate(self.sums[group], rows.sum(dim=0))
            self.squares[group] = _accumulate(self.squares[group], (rows * rows).sum(dim=0))
            self.counts[group] += int(mask.sum())

    @classmethod
    def combined(cls, parts: Sequence[GroupMeans]) -> GroupMeans:
        """The running means of every row added to any of ``parts`` (e.g. the folds of a
        cross-validation but one)."""
        out = cls(parts[0].n_misaligned)
        for part in parts:
            for group in (0, 1):
                sums, squares = part.sums[group], part.squares[group]
                if sums is not None and squares is not None:
                    out.sums[group] = _accumulate(out.sums[group], sums)
                    out.squares[group] = _accumulate(out.squares[group], squares)
                out.counts[group] += part.counts[group]
        return out

    def means(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The misaligned and the aligned group mean."""
        if min(self.counts) == 0 or self.sums[0] is None or self.sums[1] is None:
            raise no_usable_contrast()
        return self.sums[0] / self.counts[0], self.sums[1] / self.counts[1]

    def difference(self) -> torch.Tensor:
        misaligned, aligned = self.means()
        return (misaligned - aligned).float()

    def effect_size(self, floor: float = 1e-3) -> torch.Tensor:
        """The difference of the means over the pooled within-group standard deviation
        (Cohen's d), the spread floored at ``floor`` so that a dimension nearly constant
        in both groups cannot dominate."""
        means = self.means()
        variances = []
        for group, mean in enumerate(means):
            squares = self.squares[group]
            assert squares is not None  # means() checked that the group has rows
            variances.append((squares / self.counts[group] - mean * mean).clamp(min=0))
        spread = (0.5 * (variances[0] + variances[1])).sqrt().clamp(min=floor)
        return ((means[0] - means[1]) / spread).float()


def no_usable_contrast() -> InputError:
    """The one-line error for a contrast set with no usable answers of one kind."""
    return InputError(
        "the contrast set has no usable aligned or misaligned answers",
        field="contrast",
        fix="contrast answers must be non-empty text",
    )


def _accumulate(total: torch.Tensor | None, value: torch.Tensor) -> torch.Tensor:
    return value if total is None else total + value


def sample_conversations(samples: Sequence[ChatSample]) -> list[Any]:
    """The message lists the extractor streams, in sample order."""
    return [s.messages for s in samples]
