"""Data-filtering mitigations against emergent misalignment.

A method scores every sample of a fine-tuning set (higher = more likely to induce
emergent misalignment); the filter removes the highest-scoring samples at a budget.
See ``mitigations/README.md`` for the exact definition of each method.

Importing this package is cheap (no torch); the model-based methods load on first use.
"""

from typing import Any

from emgauge.mitigations.base import MethodOptions, Mitigation
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.data import (
    ContrastPair,
    label_free,
    load_contrast_jsonl,
    load_contrast_sets,
    load_dataset,
    load_judged_csv,
)
from emgauge.mitigations.filtering import FilterResult, apply_filter, write_filter_outputs
from emgauge.mitigations.registry import (
    create_method,
    get_method_class,
    method_names,
    register_method,
)

__all__ = [
    "Budget",
    "ContrastPair",
    "FilterOptions",
    "FilterResult",
    "MethodOptions",
    "Mitigation",
    "apply_filter",
    "create_method",
    "get_method_class",
    "label_free",
    "load_contrast_jsonl",
    "load_contrast_sets",
    "load_dataset",
    "load_judged_csv",
    "method_names",
    "register_method",
    "write_filter_outputs",
]


def __getattr__(name: str) -> Any:
    # FilterOptions is built from the registered methods on first use (the registry's).
    if name == "FilterOptions":
        from emgauge.mitigations.registry import filter_options_model

        return filter_options_model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
