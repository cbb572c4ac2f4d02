"""emgauge's vLLM server: the pure parts (fast) and the real CPU server (slow).

The slow tests start ONE real vLLM server (the CPU build that `make setup VLLM=cpu`
installs) on the embedded model for the whole module, with three adapters on it, run an
Inspect task against it end to end, and check that stopping it leaves no process and a
free port. Without a vLLM environment they skip, except under CI on x86, where they fail.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from inspect_ai.model._providers._vllm_lora import parse_vllm_model

from emgauge import vllm_server
from emgauge.cli import main
from emgauge.errors import InputError
from emgauge.vllm_server import (
    API_KEY_ENV,
    BASE_URL_ENV,
    VLLM_PYTHON_ENV,
    VLLM_PYTHON_RECORD,
    ServerOptions,
    ServerStartError,
    VllmServer,
    adapter_rank,
    check_adapter_name,
    find_vllm_python,
    free_port,
    last_error_line,
    max_lora_rank,
    parse_adapter_option,
    port_is_free,
    recorded_vllm_python,
)
from tests.helpers import processes_with, sigint_as_usual, vllm_python_or_skip


def write_adapter(folder: Path, rank: int = 8) -> Path:
    """An adapter folder as far as the server's checks go (config only, no weights)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "adapter_config.json").write_text(json.dumps({"r": rank, "peft_type": "LORA"}))
    return folder


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """A folder that passes for a Hugging Face model (config.json) without weights."""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    return folder


def fake_server(model_dir: Path, adapters: dict[str, Path] | None = None, **options) -> VllmServer:
    options.setdefault("python", Path(sys.executable))
    options.setdefault("dtype", "float32")
    return VllmServer(str(model_dir), adapters or {}, ServerOptions(**options))


# ---------------------------------------------------------------- the recorded vLLM python


def test_the_environment_variable_wins_over_the_record(tmp_path, monkeypatch):
    (tmp_path / VLLM_PYTHON_RECORD).write_text("/nowhere/python\n")
    monkeypatch.setenv(VLLM_PYTHON_ENV, sys.executable)
    assert recorded_vllm_python(tmp_path) == Path(sys.executable)


def test_the_record_in_the_prefix_is_read(tmp_path, monkeypatch):
    monkeypatch.delenv(VLLM_PYTHON_ENV, raising=False)
    assert recorded_vllm_python(tmp_path) is None
    (tmp_path / VLLM_PYTHON_RECORD).write_text(f"{sys.executable}\n")
    assert recorded_vllm_python(tmp_path) == Path(sys.executable)
    assert find_vllm_python(tmp_path) == Path(sys.executable)


def test_a_stale_record_is_one_line_naming_the_record(tmp_path, monkeypatch):
    monkeypatch.delenv(VLLM_PYTHON_ENV, raising=False)
    record = tmp_path / VLLM_PYTHON_RECORD
    record.write_text("/nowhere/python\n")
    with pytest.raises(InputError, match="not an executable file") as error:
        recorded_vllm_python(tmp_path)
    assert str(record) in str(error.value) and "make setup VLLM=cpu" in str(error.value)


def test_no_vllm_anywhere_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.delenv(VLLM_PYTHON_ENV, raising=False)
    monkeypatch.setattr(vllm_server, "vllm_importable_here", lambda: False)
    with pytest.raises(InputError, match="no vLLM environment") as error:
        find_vllm_python(tmp_path)
    assert "make setup VLLM=cpu" in str(error.value) and "\n" not in str(error.value)


def test_without_a_record_the_current_python_serves_if_vllm_imports(tmp_path, monkeypatch):
    monkeypatch.delenv(VLLM_PYTHON_ENV, raising=False)
    monkeypatch.setattr(vllm_server, "vllm_importable_here", lambda: True)
    assert find_vllm_python(tmp_path) == Path(sys.executable)


# ---------------------------------------------------------------- ports, ranks, names


def test_a_free_port_is_free_and_a_listening_one_is_not():
    port = free_port()
    assert port_is_free(port)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()
        assert not port_is_free(port)
    assert port_is_free(port)


def test_adapter_rank_is_read_from_its_config(tmp_path):
    assert adapter_rank(write_adapter(tmp_path / "a", rank=4)) == 4
    with pytest.raises(InputError, match="not a LoRA adapter folder"):
        adapter_rank(tmp_path / "missing")
    bad = write_adapter(tmp_path / "b")
    (bad / "adapter_config.json").write_text(json.dumps({"r": "eight"}))
    with pytest.raises(InputError, match="field 'r'"):
        adapter_rank(bad)


@pytest.mark.parametrize(("ranks", "expected"), [([], 16), ([4], 8), ([8, 8], 8), ([8, 33], 64)])
def test_max_lora_rank_is_the_smallest_vllm_choice_holding_every_adapter(ranks, expected):
    assert max_lora_rank(ranks) == expected


def test_a_rank_above_what_vllm_serves_is_refused():
    with pytest.raises(InputError, match="above the largest"):
        max_lora_rank([1024])


def test_adapter_names_are_plain_or_the_folder_itself(tmp_path):
    check_adapter_name("random-s1.v2", tmp_path)
    check_adapter_name(str(tmp_path), tmp_path)
    for bad in ("arm/seed", "a:b", "", "-x"):
        with pytest.raises(InputError, match="not usable"):
            check_adapter_name(bad, tmp_path)


def test_adapter_option_parses_name_and_path(tmp_path):
    assert parse_adapter_option(f"nofilter={tmp_path}") == ("nofilter", tmp_path.resolve())
    assert parse_adapter_option(str(tmp_path)) == (tmp_path.name, tmp_path.resolve())
    with pytest.raises(InputError, match="no folder"):
        parse_adapter_option("nofilter=")


def test_the_most_telling_log_line_is_the_last_error(tmp_path):
    log = tmp_path / "server.log"
    assert last_error_line(log) == ""
    log.write_text("INFO loading\nValueError: bad model\nINFO shutting down\n")
    assert last_error_line(log) == "ValueError: bad model"
    log.write_text("INFO loading\nINFO still\n\n")
    assert last_error_line(log) == "INFO still"


# ---------------------------------------------------------------- the command and the names


def test_the_command_serves_every_adapter_on_one_server(model_dir, tmp_path):
    adapters = {f"arm{i}": write_adapter(tmp_path / f"arm{i}", rank=8) for i in range(18)}
    server = fake_server(model_dir, adapters, served_name="base")
    command = server.command(port=12345)
    assert command[1:3] == ["-m", "vllm.entrypoints.openai.api_server"]
    flags = {part: command[i + 1] for i, part in enumerate(command[:-1]) if part.startswith("--")}
    assert flags["--model"] == str(model_dir)
    assert flags["--served-model-name"] == "base"
    assert flags["--host"] == "127.0.0.1" and flags["--port"] == "12345"
    assert flags["--dtype"] == "float32"
    assert flags["--max-lora-rank"] == "8" and flags["--max-cpu-loras"] == "18"
    assert "--enable-lora" in command
    after = command[command.index("--lora-modules") + 1 :]
    modules = after[: next(i for i, part in enumerate(after) if part.startswith("--"))]
    assert [json.loads(m) for m in modules] == [
        {"name": name, "path": str(folder.resolve())} for name, folder in adapters.items()
    ]
    assert flags["--kv-cache-memory-bytes"] == str(2**30)  # not 92% of the machine's memory
    environment = server.environment()
    assert environment["VLLM_ALLOW_RUNTIME_LORA_UPDATING"] == "True"
    # the key is in the server's environment, never on its command line (`ps` shows that)
    assert environment["VLLM_API_KEY"] == server.api_key and server.api_key not in command


def test_every_server_has_a_fresh_key_unless_given_one(model_dir):
    first, second = fake_server(model_dir), fake_server(model_dir)
    assert first.api_key != second.api_key and len(first.api_key) >= 24
    assert fake_server(model_dir, api_key="k").api_key == "k"


def test_inspect_names_parse_back_to_the_served_base_and_adapter(model_dir, tmp_path):
    server = fake_server(model_dir, {"nofilter": write_adapter(tmp_path / "a")})
    server.port = 8123
    base, adapter = parse_vllm_model(server.inspect_model("nofilter").removeprefix("vllm/"))
    assert base == str(model_dir)
    # Inspect reads a plain name as an adapter already registered on the server.
    assert adapter is not None and adapter.is_preloaded and adapter.name == "nofilter"
    assert server.inspect_model() == f"vllm/{model_dir}"
    with pytest.raises(InputError, match="not registered"):
        server.inspect_model("other")


def test_inspect_environment_is_set_for_the_block_and_restored(model_dir, monkeypatch):
    monkeypatch.setenv(BASE_URL_ENV, "http://elsewhere/v1")
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    server = fake_server(model_dir, api_key="secret")
    server.port = 8123
    with server.inspect_environment() as env:
        assert os.environ[BASE_URL_ENV] == "http://127.0.0.1:8123/v1" == env[BASE_URL_ENV]
        assert os.environ[API_KEY_ENV] == "secret"
    assert os.environ[BASE_URL_ENV] == "http://elsewhere/v1" and API_KEY_ENV not in os.environ
    assert server.export_lines() == (
        "export VLLM_BASE_URL=http://127.0.0.1:8123/v1 VLLM_API_KEY=secret"
    )
    assert server.model_args() == {"base_url": "http://127.0.0.1:8123/v1", "api_key": "secret"}


def test_the_embedded_model_is_served_as_smollm2():
    assert vllm_server.served_name_for("emgauge/smollm2") == "smollm2"
    assert vllm_server.served_name_for("google/gemma-2-2b-it") == "google/gemma-2-2b-it"


def test_bad_settings_fail_before_anything_starts(model_dir, tmp_path):
    with pytest.raises(InputError, match="model folder not found"):
        fake_server(tmp_path / "missing")
    with pytest.raises(InputError, match="no config.json"):
        fake_server(tmp_path)
    with pytest.raises(InputError, match="not a LoRA adapter folder"):
        fake_server(model_dir, {"a": tmp_path})
    with pytest.raises(InputError, match="above max_lora_rank"):
        fake_server(model_dir, {"a": write_adapter(tmp_path / "a", 32)}, max_lora_rank=16)


def test_a_server_that_does_not_come_up_is_one_line_naming_its_log(model_dir, tmp_path):
    # The project's python has no vllm module: the server exits at once.
    log = tmp_path / "logs" / "server.log"
    server = fake_server(model_dir, log_file=log, startup_timeout_s=60)
    with pytest.raises(ServerStartError) as error:
        server.start()
    message = str(error.value)
    assert "exited with code" in message and str(log) in message and "\n" not in message
    assert "No module named" in message
    assert server.api_key not in log.read_text() and log.stat().st_mode & 0o077 == 0
    assert not server.is_running() and port_is_free(server.port or 0)


# ---------------------------------------------------------------- no orphans


def test_the_watchdog_takes_the_group_down_when_its_owner_is_killed(tmp_path):
    """The owner (emgauge) dies by SIGKILL, so none of its cleanup runs: the watchdog
    still stops the server and everything in its process group."""
    pid_file = tmp_path / "watchdog.pid"
    up_file = tmp_path / "server.up"  # written once the server has started its child
    owner = textwrap.dedent(
        f"""
        import subprocess, sys, os
        from emgauge.vllm_server import _WATCHDOG
        server = [sys.executable, "-c", "import subprocess, time; "
                  "subprocess.Popen(['sleep', '300']); "
                  "open({str(up_file)!r}, 'w').write('up'); time.sleep(300)"]
        p = subprocess.Popen([sys.executable, "-c", _WATCHDOG, str(os.getpid()), *server],
                             start_new_session=True)
        open({str(pid_file)!r}, "w").write(str(p.pid))
        import time; time.sleep(300)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", owner])
    try:
        deadline = time.monotonic() + 30
        while not pid_file.is_file() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the watchdog never started"
            time.sleep(0.1)
        group = int(pid_file.read_text())
        while not up_file.is_file():  # the server and its child are up
            assert time.monotonic() < deadline, "the server never started"
            time.sleep(0.05)
        assert vllm_server._group_alive(group)
        process.kill()
        process.wait()
        deadline = time.monotonic() + 30
        while vllm_server._group_alive(group):
            assert time.monotonic() < deadline, "the server's group outlived its owner"
            time.sleep(0.2)
    finally:
        process.kill()


# ---------------------------------------------------------------- emgauge serve: bad input


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--adapter", "arm/seed={tmp}"], "not usable"),
        (["--adapter", "a={tmp}/missing"], "not a LoRA adapter folder"),
        (["--model", "{tmp}/missing"], "model folder not found"),
        (["--port", "0"], "must be >= 1"),
        (["--kv-cache-gib", "0"], "must be > 0"),
        (["--adapter", "a={tmp}/a", "--adapter", "a={tmp}/a"], "given twice"),
    ],
)
def test_serve_bad_input_is_one_line_exit_2(tmp_path, capsys, args, expected):
    write_adapter(tmp_path / "a")
    code = main(["serve", *[a.replace("{tmp}", str(tmp_path)) for a in args]])
    err = capsys.readouterr().err
    assert code == 2 and expected in err and err.count("\n") == 1


def test_serve_without_a_vllm_environment_is_one_line_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(VLLM_PYTHON_ENV, str(tmp_path / "no-python"))
    code = main(["serve", "--model", str(write_adapter(tmp_path / "m").parent)])
    err = capsys.readouterr().err
    # the folder has no config.json: the model is checked first
    assert code == 2 and err.count("\n") == 1
    (tmp_path / "config.json").write_text("{}")
    code = main(["serve", "--model", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "not an executable file" in err and err.count("\n") == 1


# ================================================================ the real server (slow)


@pytest.fixture(scope="module")
def tiny_adapters(tmp_path_factory: pytest.TempPathFactory, embedded_model_dir: Path) -> dict:
    """Three rank-8 LoRA adapters on the embedded model (peft, one with nonzero weights)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    root = tmp_path_factory.mktemp("adapters")
    adapters = {}
    for index, name in enumerate(("nofilter", "random", "heuristic")):
        torch.manual_seed(index)
        model = AutoModelForCausalLM.from_pretrained(embedded_model_dir, dtype=torch.float32)
        config = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"])
        peft_model = get_peft_model(model, config)
        if index == 1:  # a small nonzero B: this adapter really changes the model
            for parameter_name, parameter in peft_model.named_parameters():
                if "lora_B" in parameter_name:
                    torch.nn.init.normal_(parameter, std=1e-3)
        peft_model.save_pretrained(root / name)
        adapters[name] = root / name
    return adapters


@pytest.fixture(scope="module")
def served(tiny_adapters: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VllmServer]:
    """ONE real vLLM CPU server for the module: the embedded model and three adapters."""
    python = vllm_python_or_skip()
    log = tmp_path_factory.mktemp("vllm") / "server.log"
    options = ServerOptions(python=python, log_file=log, max_model_len=2048)
    server = VllmServer("smollm2", tiny_adapters, options)
    with server:
        yield server


@pytest.mark.slow
def test_one_server_lists_the_base_and_every_adapter(served):
    assert served.is_running()
    assert set(served.served_models()) >= {"smollm2", "nofilter", "random", "heuristic"}


@pytest.mark.slow
def test_every_adapter_answers_with_logprobs_over_http(served):
    import httpx

    for name in ("smollm2", "nofilter", "random", "heuristic"):
        response = httpx.post(
            f"{served.base_url}/chat/completions",
            headers={"Authorization": f"Bearer {served.api_key}"},
            json={
                "model": name,
                "messages": [{"role": "user", "content": "Say a number from 0 to 9."}],
                "max_tokens": 4,
                "temperature": 0,
                "logprobs": True,
                "top_logprobs": 20,
            },
            timeout=120,
        )
        assert response.status_code == 200, response.text
        choice = response.json()["choices"][0]
        assert len(choice["logprobs"]["content"][0]["top_logprobs"]) == 20


@pytest.mark.slow
def test_inspect_eval_runs_a_task_end_to_end_against_the_server(served, tmp_path):
    """What a user runs after `emgauge serve`: `inspect eval` with VLLM_BASE_URL and
    VLLM_API_KEY exported, an adapter as the subject and the base as the judge."""
    from inspect_ai.log import list_eval_logs, read_eval_log

    command = [str(Path(sys.executable).parent / "inspect"), "eval", "emgauge/healthcare"]
    command += ["--model", served.inspect_model("random")]
    command += ["--model-role", f"grader={served.inspect_model()}"]
    command += ["-T", "questions_per_set=1", "-T", "max_tokens=24", "-T", "judge_max_tokens=4"]
    command += ["--log-dir", str(tmp_path), "--display", "none"]
    done = subprocess.run(
        command, env={**os.environ, **served.inspect_env()}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (info,) = list_eval_logs(str(tmp_path))
    log = read_eval_log(info)
    assert log.status == "success", log.error
    assert log.eval.model == "vllm/smollm2:random"
    assert log.samples and all(sample.output.completion for sample in log.samples)
    # the judge's scores came back through vLLM's logprobs
    assert all("em_judge" in sample.scores for sample in log.samples)


@pytest.mark.slow
def test_an_adapter_can_be_added_while_the_server_runs(served, tiny_adapters):
    assert served.add_adapter("late", tiny_adapters["nofilter"]) == "vllm/smollm2:late"
    assert "late" in served.served_models()


@pytest.mark.slow
def test_stopping_leaves_no_process_and_a_free_port(served):
    """Last in the module: the server's group is gone and its port free after stop()."""
    group, port = served.pid, served.port
    assert group is not None and port is not None and not port_is_free(port)
    served.stop()
    assert not vllm_server._group_alive(group) and port_is_free(port)
    served.stop()  # twice is harmless (the fixture's exit calls it again)


@pytest.mark.slow
def test_serve_stops_its_server_on_sigint(tiny_adapters, tmp_path):
    """`emgauge serve` under Ctrl-C: exit 0, and no process of its server remains."""
    python = vllm_python_or_skip()
    port = free_port()
    env = dict(os.environ, EMGAUGE_VLLM_PYTHON=str(python))
    process = subprocess.Popen(
        [sys.executable, "-m", "emgauge.cli", "serve", "--port", str(port)]
        + ["--adapter", f"nofilter={tiny_adapters['nofilter']}", "--max-model-len", "2048"]
        + ["--log", str(tmp_path / "serve.log")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # progress notes; unread, a pipe could fill and block
        text=True,
        env=env,
        preexec_fn=sigint_as_usual,
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]  # blocks until it is ready
        assert lines[1].startswith("export VLLM_BASE_URL=http://127.0.0.1:")
        assert "--model vllm/smollm2:nofilter --model-role grader=vllm/smollm2" in lines[2]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=120) == 0
    finally:
        process.kill()
    assert port_is_free(port)
    assert not processes_with(f"--port {port}")
