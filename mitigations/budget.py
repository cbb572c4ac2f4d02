"""How many samples a filter removes: a fraction of the dataset or an absolute count."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from emgauge.errors import InputError

_INTEGER = re.compile(r"^\s*\+?\d+\s*$")

__all__ = ["Budget"]


@dataclass(frozen=True)
class Budget:
    """The share of a dataset a filter removes; every method is given the same one.

    A budget is either a *fraction* strictly between 0 and 1 (``0.1`` removes 10% of the
    samples, rounded half up) or a *count* of samples (``25`` removes 25). Written as text,
    an integer (``"25"``) is a count and a decimal (``"0.1"``) is a fraction; ``"1.0"``,
    ``"0"``, negative numbers and anything else are rejected.

    Args:
        fraction: share of samples to remove, in (0, 1); ``None`` for a count budget.
        count: number of samples to remove, >= 1; ``None`` for a fraction budget.
    """

    fraction: float | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if (self.fraction is None) == (self.count is None):
            raise InputError("a budget is either a fraction or a count", field="budget")
        if self.fraction is not None and not (0.0 < self.fraction < 1.0):
            raise InputError(
                f"budget fraction {self.fraction:g} is outside (0, 1)",
                field="budget",
                fix="use e.g. 0.1 to remove 10%, or a whole number of samples such as 25",
            )
        if self.count is not None and self.count < 1:
            raise InputError(
                f"budget count {self.count} must be at least 1",
                field="budget",
                fix="use e.g. 0.1 to remove 10%, or a whole number of samples such as 25",
            )

    @classmethod
    def parse(cls, text: str | float | int) -> Budget:
        """Parse ``"0.1"`` (fraction) or ``"25"`` (count); raise :class:`InputError` otherwise."""
        if isinstance(text, bool):
            raise InputError(f"budget {text!r} is not a number", field="budget")
        if isinstance(text, int):
            return cls(count=text)
        if isinstance(text, float):
            return cls(fraction=text)
        raw = str(text)
        if _INTEGER.match(raw):
            return cls(count=int(raw))
        try:
            value = float(raw)
        except ValueError:
            raise InputError(
                f"budget {raw!r} is not a number",
                field="budget",
                fix="use a fraction in (0, 1) such as 0.1, or an integer count such as 25",
            ) from None
        if not math.isfinite(value):
            raise InputError(f"budget {raw!r} is not a finite number", field="budget")
        return cls(fraction=value)

    def n_remove(self, n_samples: int) -> int:
        """Number of samples to remove from a dataset of ``n_samples``.

        Raises :class:`InputError` when a count exceeds the dataset size or a fraction
        rounds to zero samples (a filter that removes nothing is not a filter).
        """
        if self.count is not None:
            if self.count > n_samples:
                raise InputError(
                    f"budget {self.count} is above the dataset size ({n_samples} samples)",
                    field="budget",
                    fix=f"use a count <= {n_samples} or a fraction",
                )
            return self.count
        assert self.fraction is not None
        removed = math.floor(self.fraction * n_samples + 0.5 + 1e-9)
        if removed < 1:
            raise InputError(
                f"budget {self.fraction:g} of {n_samples} samples removes none",
                field="budget",
                fix="use a larger fraction or an integer count",
            )
        return min(removed, n_samples)

    def describe(self) -> str:
        """Human-readable form, e.g. ``"10% (fraction 0.1)"`` or ``"25 samples"``."""
        if self.count is not None:
            return f"{self.count} samples"
        return f"{self.fraction:.4g} of the samples"

    def to_dict(self) -> dict[str, float | int | None]:
        return {"fraction": self.fraction, "count": self.count}
