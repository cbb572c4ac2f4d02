"""The local executor: chains one after another in the run's own process."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from emgauge.executors.base import ExecutorOptions, ReportResult
from emgauge.stages import evaluation
from emgauge.stages.chain import Chain, ChainResult, run_chain
from emgauge.stages.context import StageContext

__all__ = ["LocalExecutor"]


class LocalExecutor:
    """Runs each chain in this process, in the order given (a chain's ``needs`` come
    earlier, or its stages train them on the way: they are cached stages)."""

    def __init__(self, options: ExecutorOptions | None = None) -> None:
        self.options = options or ExecutorOptions()

    def check(self) -> None:
        return None

    def run(
        self, ctx: StageContext, chains: Sequence[Chain], report: ReportResult
    ) -> list[ChainResult]:
        results = []
        for chain in chains:
            result = run_chain(ctx, chain)
            report(result)
            results.append(result)
        return results

    def evaluate(
        self,
        ctx: StageContext,
        models: dict[str, tuple[str, int]],
        results: Sequence[ChainResult],
    ) -> list[Any]:
        """One eval set of every checkpoint in ``logs/`` (a local judge batches them all)."""
        return evaluation.evaluate_stage(ctx, models)

    def close(self) -> None:
        return None
