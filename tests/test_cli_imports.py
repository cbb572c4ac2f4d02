"""The command line answers at once: building the whole parser (every command, every flag
derived from the settings models and the method registries) and printing any help imports
none of the heavy libraries; they load inside the handlers that use them.

One fresh interpreter runs every check (a test process has them all imported already)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: Libraries that take seconds to import (or pull one that does); no parser needs them.
HEAVY = (
    "torch",
    "transformers",
    "inspect_ai",
    "peft",
    "sae_lens",
    "transformer_lens",
    "datasets",
    "pandas",
    "scipy",
    "sklearn",
    "matplotlib",
)
HELPS = (
    (),
    ("filter",),
    ("finetune",),
    ("judge", "validate"),
    ("diagnose",),
    ("risk",),
    ("plan",),
    ("run",),
)

CHECK = f"""
import contextlib, io, json, sys
import emgauge.cli
emgauge.cli.build_parser()
heavy_after_build = [name for name in {HEAVY!r} if name in sys.modules]
helps = {{}}
for command in {HELPS!r}:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = emgauge.cli.main([*command, "--help"])
        except SystemExit as exit:
            code = exit.code
    helps[" ".join(command)] = [code, out.getvalue()]
heavy_after_help = [name for name in {HEAVY!r} if name in sys.modules]
print(json.dumps({{"build": heavy_after_build, "help": heavy_after_help, "helps": helps}}))
"""


@pytest.fixture(scope="module")
def fresh_cli() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_building_the_parser_imports_no_heavy_library(fresh_cli: dict[str, Any]) -> None:
    assert fresh_cli["build"] == []


def test_every_help_exits_zero_without_a_heavy_library(fresh_cli: dict[str, Any]) -> None:
    for command, (code, text) in fresh_cli["helps"].items():
        assert code == 0, command
        assert text.startswith(f"usage: emgauge {command}".rstrip()), command
    assert fresh_cli["help"] == []


def test_registry_derived_flags_are_in_the_help(fresh_cli: dict[str, Any]) -> None:
    """Flags derived from the registered methods are there although no method's heavy code
    loaded: options of torch-based filters and of the training-time methods."""
    helps = fresh_cli["helps"]
    assert "--direction-fit" in helps["filter"][1] and "--n-toxic" in helps["filter"][1]
    assert "--training-method" in helps["finetune"][1]
    assert "--kl-coefficient" in helps["finetune"][1]


def test_the_installed_command_prints_help() -> None:
    """The console script of pyproject's [project.scripts] (as `python -m emgauge.cli`
    where the script is not installed next to this interpreter)."""
    script = Path(sys.executable).with_name("emgauge")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "emgauge.cli"]
    result = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: emgauge")
