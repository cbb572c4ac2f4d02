"""Joining a Ray cluster, for the Ray executor (:mod:`emgauge.executors.ray_cluster`) and
sharded filter scoring (:mod:`emgauge.mitigations.sharded`): Ray is imported only here and
only when asked for, and a cluster out of reach is refused in one line at once."""

from __future__ import annotations

import argparse
import os
import socket
import time
from typing import Any

from emgauge.errors import InputError

__all__ = [
    "CONNECT_TIMEOUT_S",
    "MIN_SCORE_BLOCKS",
    "add_ray_flags",
    "check_reachable",
    "join_cluster",
    "worker_name",
]

#: Fewest Ray Data blocks a sharded scoring splits the rows into.
MIN_SCORE_BLOCKS = 4
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


def join_cluster(address: str | None) -> Any:
    """Ray, joined to the cluster at ``address`` (None: as Ray's own ``init`` finds one:
    ``RAY_ADDRESS``, else the cluster ``ray start`` started on this machine, else a new
    local one); refuses in one line where Ray is missing or the address is out of reach."""
    try:
        import ray
    except ModuleNotFoundError:
        raise InputError(
            "the ray executor needs Ray, which is not installed",
            field="--executor",
            fix="pip install 'emgauge[ray]' (or run with --executor local)",
        ) from None
    address = address or os.environ.get("RAY_ADDRESS")
    if address:
        check_reachable(address)
    if not ray.is_initialized():
        ray.init(
            address=address,
            log_to_driver=False,  # the driver prints one line per chain instead
            include_dashboard=False,
            configure_logging=False,
        )
        alive = [node for node in ray.nodes() if node.get("Alive")]
        cpus = sum(node["Resources"].get("CPU", 0) for node in alive)
        where = address or "a local cluster on this machine"
        print(
            f"[{time.strftime('%H:%M:%S')}] ray       joined {where}: {len(alive)} nodes, "
            f"{cpus:g} CPUs",
            flush=True,
        )
    return ray


def worker_name() -> str:
    """``host:pid`` of this process (a Ray worker or the run's own process)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _whole_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 1")
    return int(text)


def _score_blocks(*, off_allowed: bool) -> Any:
    """An argparse type: at least :data:`MIN_SCORE_BLOCKS` blocks, or 0 where that means
    not sharding at all."""

    def parse(text: str) -> int:
        value = int(text) if text.isdigit() else -1
        if value >= MIN_SCORE_BLOCKS or (off_allowed and value == 0):
            return value
        wanted = f"a whole number >= {MIN_SCORE_BLOCKS}"
        raise argparse.ArgumentTypeError(
            f"{text!r} is neither 0 nor {wanted}" if off_allowed else f"{text!r} is not {wanted}"
        )

    return parse


def add_ray_flags(
    group: Any, *, executor_help: str, task: str, blocks_help: str, blocks_off: str | None = None
) -> None:
    """The Ray flags ``emgauge run`` and ``emgauge filter`` share: ``--executor``,
    ``--address``, ``--cpus-per-task`` (per ``task``) and ``--score-blocks`` (0 allowed
    where ``blocks_off`` says what it means)."""
    group.add_argument("--executor", choices=("local", "ray"), default="local", help=executor_help)
    group.add_argument(
        "--address", help="with --executor ray: the cluster to join (default: start one here)"
    )
    group.add_argument(
        "--cpus-per-task",
        type=_whole_number,
        default=1,
        help=f"with --executor ray: CPUs (and torch threads) per {task} (default 1)",
    )
    off = f"; 0: {blocks_off}" if blocks_off else ""
    group.add_argument(
        "--score-blocks",
        type=_score_blocks(off_allowed=blocks_off is not None),
        default=MIN_SCORE_BLOCKS,
        help=f"with --executor ray: {blocks_help} (at least {MIN_SCORE_BLOCKS}{off}; default "
        "%(default)s)",
    )
