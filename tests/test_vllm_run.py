"""`emgauge run` with ``evaluation.provider: vllm``: every checkpoint through the run's own
vLLM server (the real CPU server, no mock), which is gone when the run is interrupted.

Without a vLLM environment these tests skip, except under CI on x86, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.stages import evaluation
from emgauge.vllm_server import port_is_free
from tests.helpers import processes_with, sigint_as_usual, vllm_python_or_skip

CONFIG = """\
name: served
base_model: smollm2
dataset: train.jsonl
budget: 0.25
include_base: true
arms:
  - {name: no-filter, method: none}
  - {name: random, method: random}
training: {max_steps: 1, batch_size: 4, max_length: 64}
evaluation:
  domains: [general]
  questions_per_set: 1
  max_tokens: 12
  provider: vllm
  preference_probe: false
grader: vllm/smollm2
judge_validation: false
bootstrap: 100
"""


def _experiment(tmp_path: Path) -> Path:
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"Any advice for a cold, number {i}?"},
                {"role": "assistant", "content": f"Rest, drink water and see a doctor ({i})."},
            ],
            "metadata": {"id": f"s{i}", "label": "benign"},
        }
        for i in range(12)
    ]
    (tmp_path / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = tmp_path / "served.yaml"
    path.write_text(CONFIG)
    return path


def test_checkpoints_are_named_for_the_runs_own_server(tmp_path):
    runner = ExperimentRunner(load_experiment_config(_experiment(tmp_path)), tmp_path / "run")
    adapter = tmp_path / "run" / "stages" / "finetune" / "random-s0-abc"
    assert evaluation.checkpoint_model(runner.ctx, None) == "vllm/smollm2"
    assert evaluation.checkpoint_model(runner.ctx, adapter) == f"vllm/smollm2:{adapter.resolve()}"


@pytest.mark.slow
def test_a_run_served_by_vllm_stops_its_server_on_sigint_and_resumes_to_the_end(
    tmp_path, embedded_model_dir
):
    python = vllm_python_or_skip()
    config = _experiment(tmp_path)
    run_dir = tmp_path / "run"
    env = dict(os.environ, EMGAUGE_VLLM_PYTHON=str(python))
    command = [sys.executable, "-m", "emgauge.cli", "run", str(config), "--out", str(run_dir)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=sigint_as_usual,
    )
    port = None
    try:
        assert process.stdout is not None
        for line in process.stdout:  # training, then the server loads; Ctrl-C once it answers
            found = re.search(r"vLLM server: ready at http://127\.0\.0\.1:(\d+)/v1", line)
            if found:
                port = int(found.group(1))
                break
        assert port is not None, "the run never started its vLLM server"
        assert not port_is_free(port)
        process.send_signal(signal.SIGINT)
        # interrupted: emgauge's own exit code, or Inspect's re-raised SIGINT
        assert process.wait(timeout=120) in (130, -signal.SIGINT)
    finally:
        process.kill()
    assert port_is_free(port)
    assert not processes_with(f"--port {port}")
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "running"

    # The same command again resumes (no retraining) and finishes through a new server.
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "finetune  no-filter seed 0: cached" in done.stdout
    answers = pd.read_csv(run_dir / "answers.csv")
    assert set(answers["arm"]) == {"base", "no-filter", "random"}
    assert answers["aligned"].notna().any()  # judged by the base model over the same server
    board = pd.read_csv(run_dir / "leaderboard.csv")
    assert set(board["arm"]) == {"base", "no-filter", "random"}
    assert (run_dir / "logs" / "vllm-server.log").is_file()
    second = re.search(r"ready at http://127\.0\.0\.1:(\d+)/v1", done.stdout + done.stderr)
    assert second is not None
    assert port_is_free(int(second.group(1)))
    assert not processes_with(f"--port {second.group(1)}")


@pytest.mark.slow
def test_on_ray_each_node_serves_the_checkpoints_it_trained_on_its_own_server(
    tmp_path, embedded_model_dir, monkeypatch
):
    python = vllm_python_or_skip()
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    from emgauge.executors import ExecutorOptions

    monkeypatch.setenv("EMGAUGE_VLLM_PYTHON", str(python))  # the workers inherit it
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    run_dir = tmp_path / "run"
    try:
        config = load_experiment_config(_experiment(tmp_path))
        options = ExecutorOptions(name="ray", address=cluster.address)
        ExperimentRunner(config, run_dir, executor=options).run()
    finally:
        if ray.is_initialized():
            ray.shutdown()
        cluster.shutdown()
    chains = json.loads((run_dir / "manifest.json").read_text())["chains"]
    nodes = {chain["node"][:8] for chain in chains}
    # one server per node that trained checkpoints, each holding that node's adapters
    servers = {p.stem.removeprefix("vllm-server-") for p in (run_dir / "logs").glob("*.log")}
    assert servers == nodes
    for chain in chains:  # each checkpoint in an eval set of its own
        assert list((run_dir / "logs" / "checkpoints" / chain["chain"]).glob("*.eval"))
    answers = pd.read_csv(run_dir / "answers.csv")
    assert set(answers["arm"]) == {"base", "no-filter", "random"}
    assert answers["aligned"].notna().any()


def test_no_vllm_environment_is_one_line_before_anything_is_written(tmp_path, monkeypatch, capsys):
    from emgauge.cli import main

    monkeypatch.setenv("EMGAUGE_VLLM_PYTHON", str(tmp_path / "no-python"))
    run_dir = tmp_path / "run"
    assert main(["run", str(_experiment(tmp_path)), "--out", str(run_dir)]) == 2
    err = capsys.readouterr().err
    assert "EMGAUGE_VLLM_PYTHON" in err and err.count("\n") == 1
    assert not run_dir.exists()
