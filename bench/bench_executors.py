"""Wall time of one tiny experiment on the local executor and on Ray, and the scaling model
that predicts a run's time from its chains' times.

Both runs use the same tiny config (``bench_experiment.tiny_config``: two arms, two seeds,
two training steps), an empty Inspect cache each and the shared emgauge cache (model, no
SAE needed). Ray runs on a local cluster of this machine's CPUs, one CPU per chain, so on
2 cores it measures Ray's overhead, not a speed-up.

The scaling model (docs/executors.md): a run takes its driver's own time (judge, tables,
start-up: ``T_driver``), plus the makespan of its chains over ``W`` workers, which for
chains of similar length is about ``ceil(n / W)`` times the mean chain time (at least the
longest chain; chains that need another wait for it), plus its evaluation spread over the
``N`` nodes (``T_eval / N``: each node evaluates the checkpoints it trained; a cluster on
one machine is one node). The model is fitted on the
local run (chain times from its stage seconds) and checked against the Ray run; its
projection for the paper-scale config (``configs/paper-gemma2-2b.yaml``) on 8 GPUs is
given for an assumed time per chain (``--chain-minutes``), since no GPU measured it here.

Run: ``python bench/bench_executors.py [--tiny]``; writes ``bench/results/executors.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _record import FULL, TINY, machine_record, parse_args, save_result
from bench_experiment import tiny_config

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results" / "executors.json"
PAPER_CONFIG = "configs/paper-gemma2-2b.yaml"


def timed_run(config: str, out: Path, env: dict[str, str], *extra: str) -> float:
    """Seconds of ``emgauge run config --out out [extra]`` in a fresh process."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "emgauge.cli", "run", config, "--out", str(out), *extra],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - start, 1)


def chain_seconds(run_dir: Path) -> dict[str, float]:
    """Each chain's seconds: from its start and end in the manifest."""
    chains = json.loads((run_dir / "manifest.json").read_text())["chains"]
    return {c["chain"]: round(c["finished"] - c["started"], 1) for c in chains}


def evaluate_seconds(run_dir: Path) -> float:
    """The evaluation's seconds (the driver's whole evaluation phase)."""
    return float(json.loads((run_dir / "manifest.json").read_text())["stage_seconds"]["evaluate"])


def makespan(seconds: list[float], workers: int) -> float:
    """Longest-first greedy schedule of independent chains over ``workers``."""
    loads = [0.0] * workers
    for value in sorted(seconds, reverse=True):
        loads[loads.index(min(loads))] += value
    return max(loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--workers", type=int, default=2, help="Ray workers (CPUs) here")
    parser.add_argument(
        "--chain-minutes",
        type=float,
        default=30.0,
        help="assumed minutes of one paper-scale chain on a GPU, for the projection",
    )
    args = parse_args(parser, {})
    try:
        import ray  # noqa: F401 - only whether it is installed
    except ModuleNotFoundError:
        print("bench_executors: skipped, Ray is not installed (pip install 'emgauge[ray]')")
        return
    scratch = Path(tempfile.mkdtemp(prefix="emgauge-executors-"))
    config = tiny_config(scratch, args.config)
    env = {**os.environ, "INSPECT_CACHE_DIR": str(scratch / "inspect-local")}
    local_s = timed_run(config, scratch / "local", env)
    env["INSPECT_CACHE_DIR"] = str(scratch / "inspect-ray")
    ray_s = timed_run(config, scratch / "ray", env, "--executor", "ray", "--cpus-per-task", "1")

    local_chains = chain_seconds(scratch / "local")
    ray_chains = chain_seconds(scratch / "ray")
    local_eval, ray_eval = evaluate_seconds(scratch / "local"), evaluate_seconds(scratch / "ray")
    nodes = 1  # a local cluster: every worker on this machine's one node
    driver_s = local_s - sum(local_chains.values()) - local_eval
    predicted = driver_s + makespan(list(local_chains.values()), args.workers) + local_eval / nodes

    from emgauge.experiment_settings import load_experiment_config
    from emgauge.experiments import run_chains

    paper = run_chains(load_experiment_config(ROOT / PAPER_CONFIG))
    trained = [c for c in paper if c.point is not None]
    per_chain = args.chain_minutes
    result: dict[str, Any] = {
        **machine_record(),
        "config": f"{args.config} (cut by bench_experiment.tiny_config)",
        "chains": len(local_chains),
        "local_s": local_s,
        "ray_s": ray_s,
        "ray_workers": args.workers,
        "local_chain_s": local_chains,
        "ray_chain_s": ray_chains,
        "driver_s": round(driver_s, 1),
        "local_evaluate_s": local_eval,
        "ray_evaluate_s": ray_eval,
        "nodes": nodes,
        "model": "T = T_driver + makespan(chain times, W workers) + T_eval / N nodes",
        "predicted_ray_s": round(predicted, 1),
        "ray_overhead_s": round(ray_s - predicted, 1),
        "projection": {
            "config": PAPER_CONFIG,
            "trained_chains": len(trained),
            "assumed_chain_minutes_on_a_gpu": per_chain,
            "sequential_hours": round(len(trained) * per_chain / 60, 1),
            "8_gpus_hours": round(math.ceil(len(trained) / 8) * per_chain / 60, 1),
        },
    }
    save_result(RESULTS, TINY if args.tiny else FULL, result)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
