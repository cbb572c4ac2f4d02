"""What every executor offers: run chains, report each as it finishes, return them in
order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from emgauge.cluster import MIN_SCORE_BLOCKS
from emgauge.stages.chain import Chain, ChainResult
from emgauge.stages.context import StageContext

__all__ = ["Executor", "ExecutorOptions", "ReportResult"]

#: Called by the driver for each chain as it finishes (in finishing order).
ReportResult = Callable[[ChainResult], None]


@dataclass(frozen=True)
class ExecutorOptions:
    """How chains are spread.

    Attributes:
        name: ``local`` or ``ray``.
        address: a Ray cluster to join (``ray://host:10001`` or ``host:6379``); None starts
            a local one on this machine (or joins ``RAY_ADDRESS``).
        cpus_per_task: CPUs each chain asks for, and the torch threads it uses.
        gpus_per_task: GPUs each chain asks for; None: 1 where the cluster has GPUs, else 0.
        max_retries: times Ray reruns a chain whose worker died (its finished stages stay
            cached, so a retry resumes).
        score_blocks: with Ray, the driver makes every shardable filter's scores first,
            their rows spread over this many Ray Data blocks (at least 4;
            :mod:`emgauge.mitigations.sharded`); 0 leaves the scoring to the chains.
    """

    name: str = "local"
    address: str | None = None
    cpus_per_task: int = 1
    gpus_per_task: float | None = None
    max_retries: int = 3
    score_blocks: int = MIN_SCORE_BLOCKS


class Executor(Protocol):
    """Runs an experiment's chains."""

    options: ExecutorOptions

    def check(self) -> None:
        """Refuse, with one line (:class:`~emgauge.errors.InputError`), what cannot run,
        before anything is written."""

    def run(
        self, ctx: StageContext, chains: Sequence[Chain], report: ReportResult
    ) -> list[ChainResult]:
        """Every chain's result, in the order of ``chains``; ``report`` is called as each
        finishes. A chain runs after the chains its ``needs`` name (same seed)."""
        ...

    def evaluate(
        self,
        ctx: StageContext,
        models: dict[str, tuple[str, int]],
        results: Sequence[ChainResult],
    ) -> list[Any]:
        """Inspect's logs of every checkpoint in ``models`` (model name -> label, seed), in
        that order; ``results`` say where each chain ran."""
        ...

    def close(self) -> None:
        """Release what :meth:`check` set up (a Ray connection)."""
