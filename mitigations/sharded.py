"""Filter scoring sharded with Ray Data: the fit made once here, the rows spread over blocks.

A shardable method (:attr:`~emgauge.mitigations.base.Mitigation.shardable`: ``direction``,
``sae-proximity``, ``gradient``, ``readout``) scores in three parts: a fit learned once from
the contrast data (the direction, the toxic latents and with them the SAE, the
misalignment gradient, the read-out head), a per-row part, and a set-level finish
(``direction``'s prompt conditioning). :func:`score_sharded` makes the fit in this
process, ships the fitted method (its SAE included, its model not) to Ray Data tasks that
score whole blocks of rows (each worker process loads the model on its first block and
keeps it), puts the rows back in sample order by their index and finishes here::

    method = create_method("direction", options)
    result = score_sharded(method, samples, ShardedScoring(blocks=8))
    result.scores  # as method.score(samples), to float tolerance (batches pad differently)

``result.fits`` counts the fits made here (1) and ``result.fits_on_workers`` those the
workers made (0: they receive the fitted method); both go into the score's record.
Ray must be running (``ray.init``, which :func:`emgauge.cluster.join_cluster`
does for ``emgauge filter --executor ray`` and ``emgauge run --executor ray``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from emgauge.chat_data import ChatSample
from emgauge.cluster import MIN_SCORE_BLOCKS
from emgauge.errors import InputError
from emgauge.mitigations.base import Mitigation
from emgauge.progress import Progress

__all__ = ["MIN_BLOCKS", "ShardedScores", "ShardedScoring", "score_sharded"]

#: Fewest blocks a sharded scoring splits the rows into (the flags check it too).
MIN_BLOCKS = MIN_SCORE_BLOCKS


@dataclass(frozen=True)
class ShardedScoring:
    """How rows are spread.

    Attributes:
        blocks: Ray Data blocks the rows are split into (at least :data:`MIN_BLOCKS`, at
            most one per row); each block is scored as one batch by one worker.
        workers: scoring workers at a time (each loads the model once); None: as many as
            the cluster's free CPUs (or GPUs) allow, at most ``blocks``.
        cpus_per_worker: CPUs each worker asks for, and the torch threads it uses.
        gpus_per_worker: GPUs each worker asks for (0 on CPUs).
    """

    blocks: int = MIN_BLOCKS
    workers: int | None = None
    cpus_per_worker: int = 1
    gpus_per_worker: float = 0.0

    def __post_init__(self) -> None:
        if self.blocks < MIN_BLOCKS:
            raise InputError(
                f"sharded scoring needs at least {MIN_BLOCKS} blocks, not {self.blocks}",
                field="--score-blocks",
                fix=f"pass {MIN_BLOCKS} or more",
            )


@dataclass
class ShardedScores:
    """A sharded scoring's scores (in sample order) and how they were made."""

    scores: np.ndarray
    blocks: int
    workers: list[str] = field(default_factory=list)
    fits: int = 0
    fits_on_workers: int = 0
    seconds: float = 0.0

    def describe(self) -> dict[str, Any]:
        """The score record's ``sharded`` entry."""
        return {
            "blocks": self.blocks,
            "workers": len(self.workers),
            "fits": self.fits,
            "fits_on_workers": self.fits_on_workers,
            "seconds": round(self.seconds, 1),
        }


#: The fitted method each Ray worker process received, by its object id: a worker process
#: that scores several blocks loads the model once.
_RECEIVED: dict[str, tuple[Mitigation, int, list[ChatSample]]] = {}


def _score_block(
    batch: dict[str, np.ndarray], shared: list[Any], threads: int
) -> dict[str, np.ndarray]:
    """A Ray Data task: one whole block of rows scored with the fitted method, which this
    worker process receives (and loads the model for) on its first block. The method and
    the samples come as object references inside a list, fetched here once."""
    import ray
    import torch

    from emgauge.cluster import worker_name

    method_ref, samples_ref = shared
    key = method_ref.hex()
    if key not in _RECEIVED:
        torch.set_num_threads(threads)
        method: Mitigation = ray.get(method_ref)
        _RECEIVED.clear()  # another scoring's method: let its model go
        _RECEIVED[key] = (method, method.fits, ray.get(samples_ref))
    method, fits_before, samples = _RECEIVED[key]
    rows = np.asarray(batch["row"], dtype=np.int64)
    columns = method.row_scores([samples[i] for i in rows])
    n = len(rows)
    return {
        "row": rows,
        **{name: np.asarray(values, dtype=np.float64) for name, values in columns.items()},
        "worker": np.array([worker_name()] * n),
        "fits": np.full(n, method.fits - fits_before, dtype=np.int64),
    }


def _free_slots(settings: ShardedScoring) -> int:
    """Workers the cluster can hold at once under ``settings``' request."""
    import ray

    free = ray.available_resources()
    slots = int(free.get("CPU", 0) // max(settings.cpus_per_worker, 1))
    if settings.gpus_per_worker:
        slots = min(slots, int(free.get("GPU", 0) // settings.gpus_per_worker))
    return max(slots, 1)


def score_sharded(
    method: Mitigation, samples: Sequence[ChatSample], settings: ShardedScoring
) -> ShardedScores:
    """``method``'s scores of ``samples`` with the rows spread over Ray Data blocks; the
    fit is made once, here. Ray must be initialised."""
    import ray
    import ray.data

    if not method.shardable:
        raise InputError(
            f"{method.name} scores in one process: it does not split into a fit and rows",
            field="--executor",
            fix="score it locally (it needs no model), or pick a shardable method",
        )
    started = time.perf_counter()
    fits_before = method.fits
    method.fit()  # once, here: the workers receive it made
    n_rows = len(samples)
    blocks = max(1, min(settings.blocks, n_rows))
    workers = settings.workers or min(blocks, _free_slots(settings))
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # our own done/total line instead (below)
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # and not its notices
    shared = [ray.put(method), ray.put(list(samples))]
    dataset = ray.data.range(n_rows, override_num_blocks=blocks).rename_columns({"id": "row"})
    scored = dataset.map_batches(
        _score_block,
        fn_kwargs={"shared": shared, "threads": settings.cpus_per_worker},
        batch_size=None,  # a whole block per call: the extractor batches within it
        batch_format="numpy",
        compute=ray.data.TaskPoolStrategy(size=workers),
        num_cpus=settings.cpus_per_worker,
        num_gpus=settings.gpus_per_worker,
    )
    # block by block as they finish, with a done/total line and ETA over the rows
    progress = Progress(n_rows, f"{method.name} on {workers} Ray workers", unit="rows")
    parts = []
    for part in scored.iter_batches(batch_size=None, batch_format="pandas"):
        parts.append(part)
        progress.update(len(part))
    table = pd.concat(parts, ignore_index=True)
    if sorted(table["row"]) != list(range(n_rows)):
        raise RuntimeError(f"sharded scoring returned {len(table)} rows for {n_rows} samples")
    table = table.sort_values("row")  # sample order, whatever order the blocks finished in
    columns = {
        name: table[name].to_numpy(dtype=np.float64)
        for name in table.columns
        if name not in ("row", "worker", "fits")
    }
    scores = method.finish_scores(columns)
    return ShardedScores(
        scores=np.asarray(scores, dtype=np.float64),
        blocks=blocks,
        workers=sorted(set(table["worker"])),
        fits=method.fits - fits_before,
        fits_on_workers=int(table.groupby("worker")["fits"].max().sum()),
        seconds=time.perf_counter() - started,
    )
