"""Executors: where an experiment's arm-seed chains (:mod:`emgauge.stages.chain`) run.

* ``local`` (default): one after another in the run's own process, as always.
* ``ray``: as Ray tasks on a cluster (``pip install 'emgauge[ray]'``), each with its own
  resource request; the run folder, on storage every node sees, stays the one source of
  truth, so a killed run resumes from any node.

Each executor is one module behind a name (:func:`create_executor`), configured by
:class:`ExecutorOptions` (``emgauge run --executor NAME``).
"""

from __future__ import annotations

from emgauge.executors.base import Executor, ExecutorOptions, ReportResult
from emgauge.executors.local import LocalExecutor

__all__ = ["EXECUTORS", "Executor", "ExecutorOptions", "ReportResult", "create_executor"]

#: Executor names, as ``--executor`` takes them.
EXECUTORS = ("local", "ray")


def create_executor(options: ExecutorOptions) -> Executor:
    """The executor ``options.name`` names (Ray is imported only when asked for)."""
    if options.name == "ray":
        from emgauge.executors.ray_cluster import RayExecutor

        return RayExecutor(options)
    return LocalExecutor(options)
