"""Wall time per stage of the embedded default experiment (configs/default.yaml).

Runs the experiment in a fresh run folder (stages are never reused from another run) with
an empty Inspect cache, then reads the stage times from the run's manifest. By default
the embedded model and its SAE come from the user cache (a newcomer's second run);
``--cold`` starts from an empty emgauge cache too, so the time includes preparing the
embedded model and training its SAE (a newcomer's first run). With ``--run-dir`` it only
reports a finished run. Writes ``bench/results/experiment.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
RESULTS = Path(__file__).parent / "results" / "experiment.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(ROOT / "configs" / "default.yaml"))
    parser.add_argument("--run-dir", help="report this finished run instead of running one")
    parser.add_argument(
        "--cold", action="store_true", help="empty emgauge cache: prepare the model, train the SAE"
    )
    args = parser.parse_args()

    wall = None
    if args.run_dir:
        run_dir = Path(args.run_dir)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="emgauge-bench-"))
        run_dir = scratch / "run"
        env = {**os.environ, "INSPECT_CACHE_DIR": str(scratch / "inspect-cache")}
        if args.cold:
            env["EMGAUGE_CACHE"] = str(scratch / "emgauge-cache")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "emgauge.cli", "run", args.config, "--out", str(run_dir)],
            check=True,
            env=env,
        )
        wall = round(time.perf_counter() - start, 1)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    stages = manifest["stage_seconds"]
    grouped: dict[str, float] = {}
    for name, seconds in stages.items():
        if name in ("total", "last_session"):  # wall time of the last (resumed) session
            continue
        kind = name.split("/")[0]
        grouped[kind] = round(grouped.get(kind, 0.0) + seconds, 1)
    results = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, CPU only",
        # what "auto" chose, with the CPU's bf16 capability (older runs lack it)
        "precision": manifest.get("precision"),
        "config": manifest["config_path"],
        "process_wall_seconds": wall,
        "stage_seconds": stages,
        "by_kind_seconds": grouped,
        "sum_of_stages_seconds": round(sum(grouped.values()), 1),
        "cold_cache": bool(args.cold) if not args.run_dir else None,
        "note": "process_wall_seconds covers everything the run did; with cold_cache, "
        "filter/sae-proximity includes training the embedded model's SAE and the first stage "
        "includes preparing the embedded model",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
