"""``early-stop`` (:class:`EarlyStop`): train with snapshots every ``save_every`` steps, read
a fixed monitor on each, and stop at the first snapshot whose value exceeds the base
model's value plus ``k`` bootstrap SDs of that base value. Source idea: emergent
misalignment appears late, after the task has converged, so stopping when a monitor of
the alignment direction moves keeps most of the task and little of the misalignment
(Schreiber & Goldstein, arXiv 2605.12199; a trait-direction monitor over checkpoints,
arXiv 2606.07631).

**The monitor** (shared with the experiment's monitor stage, :func:`monitor_items`) reads
a FIXED set of held-out answers, teacher-forced, never generated per checkpoint: the
probe pairs' misaligned and aligned answers (the bundled held-out probe sets by default;
an experiment passes its own probe pairs). Per pair:

* ``projection``: the mean activation of the answer's assistant tokens at decoder layer
  ``layer`` projected on the unit alignment direction (the ``direction`` filter's
  misaligned-minus-aligned mean difference, the one direction ablation removes), averaged
  over the pair's two answers (the same text for every checkpoint, so only the model moves);
* ``margin``: the preference probe's margin, the misaligned answer's mean log-probability
  per token minus the aligned one's.

The value of a checkpoint is the mean over pairs; its SD is the SD of that mean over
``bootstrap`` resamples of the pairs (seeded).

**The rule** (:func:`early_stop_decision`), fixed before training: threshold = base value
+ ``k`` x base SD. Training is checked every ``save_every`` optimizer steps and at the last
step; at the first check above the threshold it *really stops* (no optimizer step after
the trigger). The adapter kept is the **last checkpoint below the threshold** (the
previous check's weights, or the untrained adapter, equal to the base model, when the first
check already triggers): the triggering one is where the monitor says misalignment has
appeared. Every checked snapshot (the triggering one included) is written to ``steps/`` for
the over-training plot; the manifest records the base value and SD, the threshold, every
check's value, the stop step and the kept step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field

from emgauge.errors import InputError
from emgauge.settings import Int, Number
from emgauge.stats import CONFIDENCE, percentile_interval
from emgauge.training_methods.base import (
    MethodFlag,
    TrainingMethodConfig,
    register_training_method,
)
from emgauge.training_methods.direction_ablation import load_direction

if TYPE_CHECKING:
    import torch

    from emgauge.contrast_data import ContrastPair

__all__ = [
    "MONITOR_MEASURES",
    "EarlyStop",
    "EarlyStopDecision",
    "EarlyStopMonitor",
    "MonitorValue",
    "bootstrap_mean",
    "early_stop_decision",
    "monitor_items",
]

#: What the monitor reads of a checkpoint, in the order tables and plots show them.
MONITOR_MEASURES = ("projection", "margin")
MonitorMeasure = Literal["projection", "margin"]


@register_training_method
class EarlyStop(TrainingMethodConfig):
    """Stop training when a fixed monitor rises k bootstrap SDs above the base model."""

    list_order = 4
    flags = (
        MethodFlag("early_stop_k", "k", "early-stop: bootstrap SDs above the base value"),
        MethodFlag(
            "early_stop_measure",
            "measure",
            "early-stop: monitor measure (projection | margin)",
            required=False,
        ),
        MethodFlag(
            "early_stop_every", "save_every", "early-stop: check every N steps", required=False
        ),
        MethodFlag(
            "early_stop_direction",
            "direction",
            "early-stop: safetensors file of the alignment direction (projection)",
            required=False,
        ),
        MethodFlag(
            "early_stop_layer", "layer", "early-stop: decoder layer it is read at", required=False
        ),
    )

    name: Literal["early-stop"] = Field(description="the method: early-stop")
    k: Number = Field(gt=0, description="stop above the base value + k bootstrap SDs of it")
    measure: MonitorMeasure = Field(
        "projection",
        description="monitor: projection (held-out answers on the alignment direction) or "
        "margin (the preference probe's mean margin)",
    )
    save_every: Int = Field(2, ge=1, description="snapshot and check every N optimizer steps")
    layer: Int | None = Field(
        None,
        ge=0,
        description="decoder layer of the projection (experiments: filter_options.layer, else "
        "the middle layer)",
    )
    direction: str | None = Field(
        None,
        min_length=1,
        description="safetensors file of the alignment direction (key 'direction'); "
        "experiments compute it from the contrast pairs, as the direction filter does",
    )
    pairs: tuple[str, ...] | None = Field(
        None,
        min_length=1,
        description="probe-pair JSONL files the monitor reads (default: the bundled held-out "
        "probe sets; experiments: their probe pairs)",
    )
    bootstrap: Int = Field(1000, ge=100, description="bootstrap resamples of the base SD")


# ------------------------------------------------------------------------------ the rule


@dataclass(frozen=True)
class MonitorValue:
    """One checkpoint's monitor: the mean over items, its percentile CI and bootstrap SD."""

    value: float
    ci_low: float
    ci_high: float
    sd: float


def bootstrap_mean(values: np.ndarray, n_bootstrap: int, seed: int = 0) -> MonitorValue:
    """The mean of per-item ``values`` with its CI and the SD of the bootstrap means."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return MonitorValue(math.nan, math.nan, math.nan, math.nan)
    picks = np.random.default_rng(seed).integers(0, values.size, (n_bootstrap, values.size))
    means = values[picks].mean(axis=1)
    low, high = percentile_interval(means, CONFIDENCE)
    return MonitorValue(float(values.mean()), low, high, float(means.std(ddof=1)))


@dataclass(frozen=True)
class EarlyStopDecision:
    """Where the rule stops on a series of checks.

    Attributes:
        threshold: base value + k x base SD.
        stop_step: the first checked step above the threshold (None: never).
        kept_step: the last checked step below it before the stop (0: the untrained
            adapter); the last check when it never triggers.
    """

    threshold: float
    stop_step: int | None
    kept_step: int


def early_stop_decision(
    base: MonitorValue, k: float, checks: Sequence[tuple[int, float]]
) -> EarlyStopDecision:
    """The rule on ``checks`` (``(step, value)`` in step order): stop at the first value
    above ``base.value + k * base.sd``, keep the check before it."""
    if not k > 0:
        raise InputError(f"must be > 0, got {k}", field="training_method.k")
    threshold = base.value + k * base.sd
    kept = 0
    for step, value in checks:
        if value > threshold:
            return EarlyStopDecision(threshold, step, kept)
        kept = step
    return EarlyStopDecision(threshold, None, kept)


# --------------------------------------------------------------------------- the monitor


def monitor_items(
    model: Any,
    tokenizer: Any,
    pairs: Sequence[ContrastPair],
    measures: Sequence[str],
    *,
    direction: torch.Tensor | None = None,
    layer: int | None = None,
    precision: str = "auto",
    batch_size: int = 16,
    label: str = "monitor",
) -> dict[str, np.ndarray]:
    """Per pair, each measure of :data:`MONITOR_MEASURES` asked for (see the module doc).
    ``model`` is a plain causal LM (a LoRA model's ``get_base_model()`` while training:
    its modules carry the adapter); it is read in eval mode and left as it was."""
    from emgauge.activations import ActivationExtractor
    from emgauge.evals.misaligned_preference.probe import answer_logprobs
    from emgauge.precision import choose_precision

    conversations = [p.conversation("misaligned") for p in pairs] + [
        p.conversation("aligned") for p in pairs
    ]
    n = len(pairs)
    was_training = model.training
    model.eval()
    out: dict[str, np.ndarray] = {}
    try:
        if "projection" in measures:
            if direction is None or layer is None:
                raise InputError(
                    "the projection monitor needs the alignment direction and its layer",
                    field="training_method.direction",
                    fix="give direction and layer, or measure: margin",
                )
            extractor = ActivationExtractor(model, tokenizer, layer, precision=precision)
            unit = direction.float().to(extractor.device)
            projected = np.full(2 * n, np.nan)
            for batch in extractor.stream(conversations, label=f"{label} projection"):
                values = (batch.pool("mean") @ unit).double().cpu().numpy()
                values[batch.n_tokens.cpu().numpy() == 0] = np.nan
                projected[batch.indices] = values
            out["projection"] = (projected[:n] + projected[n:]) / 2
        if "margin" in measures:
            device = next(model.parameters()).device
            logprobs = answer_logprobs(
                model,
                tokenizer,
                conversations,
                batch_size=batch_size,
                precision=choose_precision(precision, device, stage="monitor"),
                label=f"{label} margin",
            )
            out["margin"] = logprobs[:n] - logprobs[n:]
    finally:
        model.train(was_training)
    return out


class EarlyStopMonitor:
    """The rule applied while training: the base value first (:meth:`start`), then one
    :meth:`check` per snapshot; records everything the manifest keeps."""

    def __init__(self, method: EarlyStop, tokenizer: Any, precision: str) -> None:
        from emgauge.evals.misaligned_preference.probe import load_probe_pairs

        self.method = method
        self.tokenizer = tokenizer
        self.precision = precision
        self.pairs = load_probe_pairs(method.pairs)
        self.direction: torch.Tensor | None = None
        if method.measure == "projection":
            for name in ("layer", "direction"):
                if getattr(method, name) is None:
                    raise InputError(
                        "early-stop with measure projection needs it",
                        field=f"training_method.{name}",
                        fix="give it, or use measure: margin",
                    )
            assert method.direction is not None
            self.direction = load_direction(
                Path(method.direction), field="training_method.direction"
            )
        self.base: MonitorValue | None = None
        self.checks: list[tuple[int, float]] = []
        self.decision: EarlyStopDecision | None = None

    def _value(self, model: Any, label: str) -> MonitorValue:
        items = monitor_items(
            model,
            self.tokenizer,
            self.pairs,
            [self.method.measure],
            direction=self.direction,
            layer=self.method.layer,
            precision=self.precision,
            label=label,
        )[self.method.measure]
        return bootstrap_mean(items, self.method.bootstrap)

    def start(self, base_model: Any) -> None:
        """Read the base model (before training) and fix the threshold."""
        self.base = self._value(base_model, "early-stop base")
        self.decision = early_stop_decision(self.base, self.method.k, [])

    def check(self, model: Any, step: int) -> bool:
        """Read the model at ``step``; True when the rule says stop."""
        assert self.base is not None, "start() first"
        value = self._value(model, f"early-stop step {step}")
        self.checks.append((step, value.value))
        self.decision = early_stop_decision(self.base, self.method.k, self.checks)
        return self.decision.stop_step is not None

    def details(self, planned_steps: int) -> dict[str, Any]:
        """What the manifest's ``training_method`` records of the rule."""
        assert self.base is not None and self.decision is not None
        return {
            "base_value": self.base.value,
            "base_sd": self.base.sd,
            "threshold": self.decision.threshold,
            "monitor": [{"step": s, "value": v} for s, v in self.checks],
            "stop_step": self.decision.stop_step,
            "kept_step": self.decision.kept_step,
            "planned_steps": planned_steps,
            "n_pairs": len(self.pairs),
        }
