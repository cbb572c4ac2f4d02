"""The Ray executor: refusals before anything runs, the chain graph, and (slow tier) the
same leaderboard as the local executor on a two-node cluster, with a worker killed
mid-fine-tune."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from emgauge.cli import main
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.executors import ExecutorOptions, create_executor
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner, run_chains
from emgauge.run_folder import WorkerFolder, merge_manifest_entries

TINY = """\
name: tiny-ray
base_model: smollm2
dataset: bundled:healthcare
dataset_mix: {harmful_share: 0.75, size: 16}
budget: 0.25
seeds: [0, 1]
arms:
  - {name: no-filter, method: none}
  - {name: random, method: random}
training: {max_steps: 3, epochs: 10, batch_size: 2, max_length: 64, learning_rate: 0.003}
evaluation:
  domains: [general]
  questions_per_set: 1
  max_tokens: 4
  preference_probe: {domains: [general], per_set: 4}
grader: emgauge-readout/smollm2
bootstrap: 100
judge_validation: false
"""


def _config(tmp_path: Path, text: str = TINY):
    path = tmp_path / "exp.yaml"
    path.write_text(text)
    return load_experiment_config(path)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------ refusals


def test_without_ray_installed_the_run_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ModuleNotFoundError
    (tmp_path / "exp.yaml").write_text(TINY)
    argv = ["run", str(tmp_path / "exp.yaml"), "--out", str(tmp_path / "run")]
    code = main([*argv, "--executor", "ray"])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_BAD_INPUT and len(err.splitlines()) == 1
    assert "needs Ray" in err and "pip install 'emgauge[ray]'" in err
    assert not (tmp_path / "run").exists()


def test_an_unreachable_address_is_refused_at_once_before_any_writing(tmp_path, capsys):
    pytest.importorskip("ray")  # without it the run is refused for that first
    (tmp_path / "exp.yaml").write_text(TINY)
    address = f"127.0.0.1:{_closed_port()}"
    began = time.perf_counter()
    argv = ["run", str(tmp_path / "exp.yaml"), "--out", str(tmp_path / "run")]
    code = main([*argv, "--executor", "ray", "--address", address])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_BAD_INPUT and len(err.splitlines()) == 1
    assert "cannot reach a Ray cluster" in err and address in err
    assert time.perf_counter() - began < 10
    assert not (tmp_path / "run").exists()


def test_bad_resource_flags_are_one_line_errors(tmp_path, capsys):
    (tmp_path / "exp.yaml").write_text(TINY)
    argv = ["run", str(tmp_path / "exp.yaml"), "--executor", "ray"]
    for flag, value in (("--cpus-per-task", "0"), ("--gpus-per-task", "-1")):
        with pytest.raises(SystemExit) as caught:
            main([*argv, flag, value])
        assert caught.value.code == EXIT_BAD_INPUT
        assert flag in capsys.readouterr().err


def test_more_gpus_or_cpus_than_any_node_has_are_refused() -> None:
    from emgauge.executors.ray_cluster import RayExecutor

    nodes = [
        {"Alive": True, "Resources": {"CPU": 4.0, "GPU": 2.0}},
        {"Alive": False, "Resources": {"CPU": 64.0, "GPU": 8.0}},  # a dead node counts for none
    ]
    assert RayExecutor(ExecutorOptions(name="ray"))._check_resources(nodes) == 1.0
    cpu_only = [{"Alive": True, "Resources": {"CPU": 4.0}}]
    assert RayExecutor(ExecutorOptions(name="ray"))._check_resources(cpu_only) == 0.0
    with pytest.raises(InputError, match="asks for 3 GPUs but no node") as caught:
        RayExecutor(ExecutorOptions(name="ray", gpus_per_task=3))._check_resources(nodes)
    assert caught.value.field == "--gpus-per-task"
    with pytest.raises(InputError, match="asks for 5 CPUs"):
        RayExecutor(ExecutorOptions(name="ray", cpus_per_task=5))._check_resources(nodes)


# ----------------------------------------------------------------------- the graph


def test_chains_are_base_then_arm_by_arm_and_interleave_selected_needs_no_filter(tmp_path):
    config = _config(
        tmp_path,
        TINY.replace(
            "  - {name: random, method: random}\n",
            "  - {name: random, method: random}\n  - name: selected\n    method: none\n"
            "    training_method: {name: interleave-selected, share: 0.2}\n",
        ),
    )
    chains = run_chains(config)
    assert [c.key for c in chains] == [
        "base-s0",
        "no-filter-s0",
        "no-filter-s1",
        "random-s0",
        "random-s1",
        "selected-s0",
        "selected-s1",
    ]
    assert {c.key: c.needs for c in chains}["selected-s1"] == ("no-filter",)
    assert all(not c.needs for c in chains if c.label != "selected")


def test_a_workers_manifest_entries_are_handed_back_and_merged(tmp_path):
    config = _config(tmp_path)
    folder = WorkerFolder(tmp_path / "run", config)
    folder.write_manifest("running", seeded_ingredients={"random": "the permutation"})
    folder.write_manifest("running", seeded_ingredients={"sae": "the SAE"}, other=1)
    assert not (tmp_path / "run" / "manifest.json").exists()  # the driver's to write
    assert folder.extras == {
        "seeded_ingredients": {"random": "the permutation", "sae": "the SAE"},
        "other": 1,
    }
    current = {"seeded_ingredients": {"direction": "x"}, "status": "running"}
    merged = merge_manifest_entries(current, folder.extras)
    assert merged["seeded_ingredients"] == {
        "direction": "x",
        "random": "the permutation",
        "sae": "the SAE",
    }


# ------------------------------------------------------------------ on a cluster


@pytest.fixture
def two_node_cluster():
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    yield cluster
    if ray.is_initialized():
        ray.shutdown()
    cluster.shutdown()


def _kill_a_worker_mid_finetune(run_dir: Path, stop: threading.Event, killed: list[int]) -> None:
    """Kill the first worker seen fine-tuning: its chain's fine-tune stage has taken its
    lock, and its folder (which appears only when training is done) is not there yet."""
    from emgauge.executors.ray_cluster import RUNNING
    from emgauge.stages.context import LOCKS

    stages = run_dir / "stages"
    while not stop.is_set() and not killed:
        for marker in (stages / RUNNING).glob("*.json"):
            chain = marker.stem
            started = list((stages / LOCKS).glob(f"finetune-{chain}-*.lock"))
            if started and not list((stages / "finetune").glob(f"{chain}-*")):
                try:
                    pid = json.loads(marker.read_text())["pid"]
                except (OSError, ValueError):
                    continue
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
        time.sleep(0.02)


@pytest.mark.slow
def test_ray_on_two_nodes_prints_the_local_leaderboard_and_survives_a_killed_worker(
    tmp_path, two_node_cluster, embedded_model_dir
):
    import torch

    config = _config(tmp_path)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the local run's threads = the Ray tasks' (cpus_per_task 1)
    try:
        ExperimentRunner(config, tmp_path / "local").run()
        run_dir = tmp_path / "ray"
        stop, killed = threading.Event(), []
        killer = threading.Thread(target=_kill_a_worker_mid_finetune, args=(run_dir, stop, killed))
        killer.start()
        options = ExecutorOptions(name="ray", address=two_node_cluster.address)
        try:
            ExperimentRunner(config, run_dir, executor=options).run()
        finally:
            stop.set()
            killer.join()
    finally:
        torch.set_num_threads(threads)
    for name in ("leaderboard.md", "leaderboard.csv", "preference.csv", "answers.csv"):
        local = (tmp_path / "local" / name).read_text().replace(str(tmp_path / "local"), "RUN")
        remote = (run_dir / name).read_text().replace(str(run_dir), "RUN")
        assert remote == local, name
    chains = json.loads((run_dir / "manifest.json").read_text())["chains"]
    assert len(chains) == 5 and all(c["stages"] for c in chains)
    workers = {c["worker"] for c in chains}
    assert len(workers) >= 2
    # two workers ran chains that overlapped in time
    spans = sorted((c["started"], c["finished"], c["worker"]) for c in chains)
    assert any(a[2] != b[2] and b[0] < a[1] for i, a in enumerate(spans) for b in spans[i + 1 :])
    # the killed worker's chain was retried elsewhere and finished
    assert killed and all(not w.endswith(f":{killed[0]}") for w in workers)
    # each node evaluated the checkpoints it trained, each in an eval set of its own
    nodes = {c["node"][:8] for c in chains}
    seconds = json.loads((run_dir / "manifest.json").read_text())["stage_seconds"]
    assert {
        key.removeprefix("evaluate-") for key in seconds if key.startswith("evaluate-")
    } == nodes
    for chain in chains:
        assert list((run_dir / "logs" / "checkpoints" / chain["chain"]).glob("*.eval"))


@pytest.mark.slow
def test_gpu_requests_use_logical_gpus(tmp_path):
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    from emgauge.stages.chain import Chain

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 2, "num_gpus": 2})
    try:
        probe_off = "  preference_probe: false\n"
        config = _config(
            tmp_path,
            TINY.replace("  preference_probe: {domains: [general], per_set: 4}\n", probe_off),
        )
        with pytest.raises(InputError, match="asks for 3 GPUs"):
            create_executor(
                ExecutorOptions(name="ray", address=cluster.address, gpus_per_task=3)
            ).check()
        ray.shutdown()
        executor = create_executor(ExecutorOptions(name="ray", address=cluster.address))
        executor.check()
        runner = ExperimentRunner(config, tmp_path / "run")
        seen = []
        # two base-model chains (no probe, no utility: nothing to load), one GPU each
        results = executor.run(runner.ctx, [Chain(None, 0), Chain(None, 1)], seen.append)
        executor.close()
        assert len(seen) == 2 and all(len(r.gpus) == 1 for r in results)
        assert {g for r in results for g in r.gpus} <= {"0", "1"}
    finally:
        if ray.is_initialized():
            ray.shutdown()
        cluster.shutdown()
