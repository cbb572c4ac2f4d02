"""The Ray executor: every arm-seed chain a Ray task with its own resource request.

The driver (``emgauge run --executor ray``) holds the run folder's lock, submits one task
per chain (after the chains it needs, e.g. no filter's before interleave-selected's of the
same seed) and collects their results as they finish, printing one progress line per
finished chain. Each task rebuilds the stage context in its worker over the same run folder
(storage every node sees) and runs :func:`~emgauge.stages.chain.run_chain`: the stages are
the local ones, with the same content keys, so finished stages are never redone, and two
chains that share a stage (a filter's scores) make it once (the stage lock). A task whose
worker dies is retried (``max_retries``) and resumes from its cached stages; the manifest
and the tables are written by the driver alone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emgauge.cluster import join_cluster, worker_name
from emgauge.errors import InputError
from emgauge.executors.base import ExecutorOptions, ReportResult
from emgauge.experiment_settings import ExperimentConfig
from emgauge.files import atomic_write_json
from emgauge.run_folder import WorkerFolder
from emgauge.stages.chain import Chain, ChainResult, run_chain
from emgauge.stages.context import StageContext, log

__all__ = ["RUNNING", "RayExecutor"]

#: Folder (in ``stages/``) of one file per chain running now, naming its worker and pid.
RUNNING = ".running"


def _chain_task(
    config: ExperimentConfig,
    run_dir: str,
    chain: Chain,
    threads: int,
    *_needs: ChainResult,
) -> ChainResult:
    """One chain in a Ray worker: the stages over the shared run folder, with ``threads``
    torch threads; the stage times and manifest entries go back to the driver."""
    import ray
    import torch

    torch.set_num_threads(threads)
    folder = WorkerFolder(Path(run_dir), config)
    # which worker runs which chain now (a retry after a dead worker rewrites it)
    marker = Path(run_dir) / "stages" / RUNNING / f"{chain.key}.json"
    atomic_write_json(marker, {"worker": worker_name(), "pid": os.getpid(), "since": time.time()})
    try:
        result = run_chain(StageContext(config, folder), chain)
    finally:
        marker.unlink(missing_ok=True)
    result.manifest = dict(folder.extras)
    result.gpus = [str(i) for i in ray.get_gpu_ids()]
    result.node = ray.get_runtime_context().get_node_id()
    return result


def _evaluate_task(
    config: ExperimentConfig,
    run_dir: str,
    models: dict[str, tuple[str, int]],
    threads: int,
    node_tag: str,
) -> tuple[str, dict[str, str], dict[str, float]]:
    """One node's checkpoints in a Ray worker: served together (one vLLM server holding
    every adapter with ``provider: vllm``, else the ``emgauge/`` provider in this process)
    and each evaluated into its own eval set. Returns the worker, each model's log file
    and the stage seconds."""
    import torch

    from emgauge.stages import evaluation

    torch.set_num_threads(threads)
    ctx = StageContext(config, WorkerFolder(Path(run_dir), config))
    logs = evaluation.evaluate_stage(ctx, models, per_checkpoint=True, server_tag=f"-{node_tag}")
    locations = {log.eval.model: log.location for log in logs}
    return worker_name(), locations, dict(ctx.stage_times)


class RayExecutor:
    """Chains as Ray tasks: ``cpus_per_task`` CPUs (and as many torch threads) each, a GPU
    each where the cluster has GPUs (``gpus_per_task``)."""

    def __init__(self, options: ExecutorOptions) -> None:
        self.options = options
        self._gpus: float = 0.0
        self._ray: Any = None

    # ----------------------------------------------------------------------- check
    def check(self) -> None:
        """Ray installed, the cluster reachable and joined, the resources asked for there."""
        ray = join_cluster(self.options.address)
        self._ray = ray
        self._gpus = self._check_resources(ray.nodes())

    @staticmethod
    def _alive(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [node for node in nodes if node.get("Alive")]

    def _check_resources(self, nodes: list[dict[str, Any]]) -> float:
        """The GPUs each task asks for; refuses a request no node can meet."""
        alive = self._alive(nodes)
        most_gpus = max((n["Resources"].get("GPU", 0.0) for n in alive), default=0.0)
        most_cpus = max((n["Resources"].get("CPU", 0.0) for n in alive), default=0.0)
        gpus = self.options.gpus_per_task
        if gpus is None:
            gpus = 1.0 if most_gpus >= 1 else 0.0
        if gpus > most_gpus:
            raise InputError(
                f"each chain asks for {gpus:g} GPUs but no node of the cluster has more "
                f"than {most_gpus:g}",
                field="--gpus-per-task",
                fix=f"ask for at most {most_gpus:g} (0 runs on CPUs)",
            )
        if self.options.cpus_per_task > most_cpus:
            raise InputError(
                f"each chain asks for {self.options.cpus_per_task} CPUs but no node of the "
                f"cluster has more than {most_cpus:g}",
                field="--cpus-per-task",
                fix=f"ask for at most {most_cpus:g}",
            )
        return gpus

    # ------------------------------------------------------------------------- run
    def run(
        self, ctx: StageContext, chains: Sequence[Chain], report: ReportResult
    ) -> list[ChainResult]:
        ray = self._ray
        assert ray is not None, "check() first"
        task = ray.remote(_chain_task).options(
            num_cpus=self.options.cpus_per_task,
            num_gpus=self._gpus,
            max_retries=self.options.max_retries,
        )
        if self.options.score_blocks:
            self._score_first(ctx, chains)
        refs: dict[str, Any] = {}
        waiting = list(chains)
        while waiting:  # submit each chain after the chains it needs
            progressed = False
            for chain in list(waiting):
                needed = [f"{label}-s{chain.seed}" for label in chain.needs]
                if all(key in refs for key in needed):
                    deps = [refs[key] for key in needed]
                    refs[chain.key] = task.remote(
                        ctx.config,
                        str(ctx.run_dir),
                        chain,
                        self.options.cpus_per_task,
                        *deps,
                    )
                    waiting.remove(chain)
                    progressed = True
            if not progressed:  # a need no chain provides: the config check prevents it
                missing = ", ".join(c.key for c in waiting)
                raise RuntimeError(f"chains whose needs are not in the run: {missing}")
        by_ref = {ref: key for key, ref in refs.items()}
        pending, done = list(refs.values()), {}
        started = time.perf_counter()
        while pending:
            finished, pending = ray.wait(pending, num_returns=1)
            try:
                result = ray.get(finished[0])
            except ray.exceptions.RayTaskError as error:
                # the stage's own error (a one-line InputError stays one line)
                raise error.cause if error.cause is not None else error from None
            done[by_ref[finished[0]]] = result
            report(result)
            workers = len({r.worker for r in done.values()})
            elapsed = time.perf_counter() - started
            eta = f", ETA {elapsed / len(done) * len(pending):.0f}s" if pending else ""
            log(
                "ray",
                f"{len(done)}/{len(refs)} chains done, {result.chain.key} on {result.worker} "
                f"in {result.finished - result.started:.0f}s; {workers} workers so far, "
                f"{elapsed:.0f}s elapsed{eta}",
            )
        return [done[chain.key] for chain in chains]

    def evaluate(
        self,
        ctx: StageContext,
        models: dict[str, tuple[str, int]],
        results: Sequence[ChainResult],
    ) -> list[Any]:
        """Every checkpoint evaluated on the node whose worker trained it (a node gone
        since: spread over the others), one task per node with a chain's resources: that
        node's checkpoints served together, each in its own eval set under
        ``logs/checkpoints/`` (the same folder on any node, so a rerun resumes it)."""
        from inspect_ai.log import read_eval_log
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        from emgauge.stages import evaluation

        ray = self._ray
        assert ray is not None, "check() first"
        alive = sorted(node["NodeID"] for node in self._alive(ray.nodes()))
        by_node: dict[str, dict[str, tuple[str, int]]] = {}
        node_of = {result.model: result.node for result in results}
        for index, (model, where) in enumerate(models.items()):
            node = node_of.get(model, "")
            node = node if node in alive else alive[index % len(alive)]
            by_node.setdefault(node, {})[model] = where
        task = ray.remote(_evaluate_task)
        refs = {
            task.options(
                num_cpus=self.options.cpus_per_task,
                num_gpus=self._gpus,
                max_retries=self.options.max_retries,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node, soft=True),
            ).remote(ctx.config, str(ctx.run_dir), group, self.options.cpus_per_task, node[:8]): (
                node,
                group,
            )
            for node, group in by_node.items()
        }
        log("ray", f"evaluating {len(models)} checkpoints on {len(refs)} nodes")
        started = time.perf_counter()
        locations: dict[str, str] = {}
        pending = list(refs)
        while pending:
            finished, pending = ray.wait(pending, num_returns=1)
            try:
                worker, found, stage_times = ray.get(finished[0])
            except ray.exceptions.RayTaskError as error:
                raise error.cause if error.cause is not None else error from None
            locations.update(found)
            ctx.stage_times.update(stage_times)
            node, group = refs[finished[0]]
            log(
                "ray",
                f"{len(group)} checkpoints evaluated on node {node[:8]} ({worker}), "
                f"{time.perf_counter() - started:.0f}s elapsed",
            )
        ctx.stage_times["evaluate"] = round(time.perf_counter() - started, 1)
        logs = [read_eval_log(locations[model], header_only=True) for model in models]
        return evaluation.order_logs(logs, models)

    def _score_first(self, ctx: StageContext, chains: Sequence[Chain]) -> None:
        """Every shardable filter's scores, made here before any chain reads them, with the
        rows spread over Ray Data blocks across the cluster (the fit once, here); the
        chains then find them cached."""
        from emgauge.mitigations.sharded import ShardedScoring
        from emgauge.stages import filtering

        ctx.sharded_scoring = ShardedScoring(
            blocks=self.options.score_blocks,
            cpus_per_worker=self.options.cpus_per_task,
            gpus_per_worker=self._gpus,
        )
        try:
            for chain in chains:
                if chain.point is not None and filtering.scores_shardable(chain.point.arm):
                    filtering.score_stage(ctx, chain.point.arm, chain.seed)
        finally:
            ctx.sharded_scoring = None

    def close(self) -> None:
        if self._ray is not None and self._ray.is_initialized():
            self._ray.shutdown()
