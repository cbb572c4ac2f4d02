"""Wall time of the main job: an experiment config end to end, per stage.

Three ways to run it:

* default: ``emgauge run CONFIG`` in a fresh run folder with an empty Inspect cache; the
  embedded model and its SAE come from the user cache (a newcomer's second run);
* ``--cold``: an empty emgauge cache too, so the time includes preparing the embedded
  model and training its SAE (a newcomer's first run);
* ``--fresh-clone``: what the README promises a newcomer: ``git clone`` of this commit
  into a scratch folder, then ``make demo`` there (a new venv, the install, the model
  preparation, the SAE training and the run) with empty emgauge and Inspect caches. Only
  pip's download cache is kept (packages come from the registry either way).

``--cpu avx2`` runs it as on a CPU without native bf16 (most laptops and cloud VMs):
torch, oneDNN and MKL are limited to AVX2 kernels (``ATEN_CPU_CAPABILITY``,
``ONEDNN_MAX_CPU_ISA``, ``MKL_ENABLE_INSTRUCTIONS``), under which bf16 is emulated (6x
slower than fp32, as on such CPUs) and emgauge's precision choice falls to fp32.
``--cpu native`` (default) uses whatever this CPU has. Results are kept per CPU mode in
``bench/results/experiment.json``, with the CPU's model and flags and the precision chosen.
With ``--run-dir`` it only reports a finished run. ``--tiny`` (``make bench``) runs the
config cut to a few minutes (two arms, two training steps, one question per set) and
records it under the label ``tiny``; full runs are labelled by CPU mode and config.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _record import TINY, save_result

ROOT = Path(__file__).parent.parent
RESULTS = Path(__file__).parent / "results" / "experiment.json"
AVX2_ENV = {
    "ATEN_CPU_CAPABILITY": "avx2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "MKL_ENABLE_INSTRUCTIONS": "AVX2",
}


def machine_under(env: dict[str, str]) -> dict[str, Any]:
    """The machine record (``_record.machine_record``) as a process with ``env`` sees it:
    under ``--cpu avx2`` torch and oneDNN report the limited capability."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "_record.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def tiny_config(scratch: Path, config: str) -> str:
    """``config`` cut to a few minutes on 2 cores: two arms, two steps, one question per set,
    short answers, the general probe only. The written file lies in ``scratch``."""
    import yaml

    settings = yaml.safe_load((ROOT / config).read_text())
    settings["name"] = f"{settings.get('name', 'experiment')}-tiny"
    settings["arms"] = [
        {"name": "no-filter", "method": "none"},
        {"name": "random", "method": "random"},
    ]
    settings["dataset_mix"] = {**settings.get("dataset_mix", {}), "size": 24}
    settings["training"] = {**settings.get("training", {}), "max_steps": 2, "epochs": 1}
    evaluation = settings.setdefault("evaluation", {})
    evaluation.update({"domains": ["general"], "questions_per_set": 1, "max_tokens": 16})
    evaluation["preference_probe"] = {"domains": ["general"]}
    settings["judge_validation"] = {"limit": 8, "real_limit": 8}
    settings["bootstrap"] = 100
    path = scratch / "tiny.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    return str(path)


def relative(path: str | Path) -> str:
    """A path relative to the repository where it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT.resolve()))
    except ValueError:
        return Path(path).name


def run_fresh_clone(scratch: Path, env: dict[str, str], config: str) -> tuple[float, Path]:
    clone = scratch / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "checkout", "-q", commit], cwd=clone, check=True)
    start = time.perf_counter()
    subprocess.run(
        ["make", "demo", f"DEMO_CONFIG={config}", "DEMO_OUT=runs/bench"],
        cwd=clone,
        env=env,
        check=True,
    )
    return round(time.perf_counter() - start, 1), clone / "runs" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--run-dir", help="report this finished run instead of running one")
    parser.add_argument("--cold", action="store_true", help="empty emgauge cache too")
    parser.add_argument(
        "--fresh-clone", action="store_true", help="git clone + `make demo`, all caches empty"
    )
    parser.add_argument("--cpu", choices=("native", "avx2"), default="native")
    parser.add_argument("--label", help="key of this measurement (default: the CPU mode)")
    parser.add_argument(
        "--tiny", action="store_true", help="the config cut to a few minutes (make bench)"
    )
    args = parser.parse_args()

    env = {**os.environ, **(AVX2_ENV if args.cpu == "avx2" else {})}
    wall = None
    if args.run_dir:
        run_dir = Path(args.run_dir)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="emgauge-bench-"))
        env["INSPECT_CACHE_DIR"] = str(scratch / "inspect-cache")
        if args.cold or args.fresh_clone:
            env["EMGAUGE_CACHE"] = str(scratch / "emgauge-cache")
        if args.fresh_clone:
            wall, run_dir = run_fresh_clone(scratch, env, args.config)
        else:
            run_dir = scratch / "run"
            config = tiny_config(scratch, args.config) if args.tiny else args.config
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "emgauge.cli", "run", config, "--out", str(run_dir)],
                check=True,
                env=env,
                cwd=ROOT,
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
    result = {
        **machine_under(env),
        "cpu_mode": args.cpu,
        "cpu_env": AVX2_ENV if args.cpu == "avx2" else {},
        # what the run chose, as its manifest says
        "precision": manifest.get("precision"),
        "config": relative(args.config) + (" (cut by --tiny)" if args.tiny else ""),
        "mode": "fresh-clone make demo"
        if args.fresh_clone
        else ("cold" if args.cold else "warm model cache")
        if not args.run_dir
        else "reported",
        "wall_seconds": wall,
        "stage_seconds": stages,
        "by_kind_seconds": grouped,
        "sum_of_stages_seconds": round(sum(grouped.values()), 1),
        "note": "wall_seconds covers everything the command did: with fresh-clone the venv, "
        "install, model preparation and SAE training too; stage seconds are the run's own",
    }
    print(json.dumps(result, indent=2))
    label = args.label or (TINY if args.tiny else f"{args.cpu}:{relative(args.config)}")
    save_result(RESULTS, label, result)


if __name__ == "__main__":
    main()
