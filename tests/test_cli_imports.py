"""The command line answers at once: building the whole parser (every command, every flag
derived from the settings models and the method registries) imports none of the heavy
libraries; they load inside the handlers that use them."""

from __future__ import annotations

import json
import subprocess
import sys

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

BUILD_PARSER = f"""
import json, sys
import emgauge.cli
parser = emgauge.cli.build_parser()
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_building_the_parser_imports_no_heavy_library() -> None:
    result = _python(BUILD_PARSER)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def _emgauge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emgauge.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_exits_zero() -> None:
    result = _emgauge("--help")
    assert result.returncode == 0, result.stderr
    assert "finetune" in result.stdout and "judge" in result.stdout


def test_subcommand_help_exits_zero() -> None:
    for command in (["filter"], ["judge", "validate"], ["diagnose"], ["plan"]):
        result = _emgauge(*command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert "usage: emgauge " + " ".join(command) in result.stdout


def test_registry_derived_flags_are_in_the_help() -> None:
    """Flags derived from the registered methods are there although no method's heavy code
    loaded: options of torch-based filters and of the training-time methods."""
    filter_help = _emgauge("filter", "--help").stdout
    assert "--direction-fit" in filter_help and "--n-toxic" in filter_help
    finetune_help = _emgauge("finetune", "--help").stdout
    assert "--training-method" in finetune_help and "--kl-coefficient" in finetune_help
