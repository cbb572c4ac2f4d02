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
import socket
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emgauge.errors import InputError
from emgauge.executors.base import ExecutorOptions, ReportResult
from emgauge.experiment_settings import ExperimentConfig
from emgauge.files import atomic_write_json
from emgauge.run_folder import WorkerFolder
from emgauge.stages.chain import Chain, ChainResult, run_chain, worker_name
from emgauge.stages.context import StageContext, log

__all__ = ["RUNNING", "RayExecutor", "check_reachable"]

#: Folder (in ``stages/``) of one file per chain running now, naming its worker and pid.
RUNNING = ".running"
#: Seconds to wait for a cluster address to accept a connection before refusing it.
CONNECT_TIMEOUT_S = 3.0
#: Ray's default ports by address form: the client server and the GCS.
_DEFAULT_PORTS = {"ray://": 10001, "": 6379}


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Refuse an address nothing listens on, at once (Ray itself retries for a minute)."""
    if address in ("auto", "local"):
        return
    scheme = "ray://" if address.startswith("ray://") else ""
    host_port = address.removeprefix(scheme).split("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    if not host:
        host, port = host_port, ""
    try:
        number = int(port) if port else _DEFAULT_PORTS[scheme]
        with socket.create_connection((host, number), timeout=timeout):
            return
    except (OSError, ValueError) as error:
        raise InputError(
            f"cannot reach a Ray cluster at {address!r} ({error})",
            field="--address",
            fix="start one with `ray start --head` and pass its address "
            "(host:6379 or ray://host:10001), or omit --address to start one here",
        ) from None


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
    return result


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
        try:
            import ray
        except ModuleNotFoundError:
            raise InputError(
                "the ray executor needs Ray, which is not installed",
                field="--executor",
                fix="pip install 'emgauge[ray]' (or run with --executor local)",
            ) from None
        address = self.options.address or os.environ.get("RAY_ADDRESS")
        if address:
            check_reachable(address)
        if not ray.is_initialized():
            ray.init(
                address=address,
                log_to_driver=False,  # the driver prints one line per chain instead
                include_dashboard=False,
                configure_logging=False,
            )
        self._ray = ray
        self._gpus = self._check_resources(ray.nodes())
        where = address or "a local cluster on this machine"
        cpus = sum(n["Resources"].get("CPU", 0) for n in ray.nodes() if n["Alive"])
        log("ray", f"joined {where}: {len(self._alive(ray.nodes()))} nodes, {cpus:g} CPUs")

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

    def close(self) -> None:
        if self._ray is not None and self._ray.is_initialized():
            self._ray.shutdown()
