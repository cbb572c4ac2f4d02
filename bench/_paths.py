"""Machine paths in bench results, rewritten so committed results name no machine.

Run from the repository (``python bench/bench_x.py``), so this folder is on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _cache_root() -> Path:
    # as emgauge.models.cache_root, without importing emgauge (bench_experiment must not)
    default = Path.home() / ".cache" / "emgauge"
    return Path(os.environ.get("EMGAUGE_CACHE", default)).expanduser().resolve()


def portable(value: Any) -> Any:
    """``value`` (a result: dicts, lists, strings) with every absolute path rewritten: inside
    the repository relative to it, beside it as ``../...``, in the cache as ``$EMGAUGE_CACHE/...``.
    """
    if isinstance(value, dict):
        return {key: portable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [portable(item) for item in value]
    if not isinstance(value, str):
        return value
    # most specific first: the cache or the repository may lie inside the folder above it
    prefixes = sorted(
        [
            (_cache_root(), "$EMGAUGE_CACHE/"),
            (ROOT, ""),
            (ROOT.parent, "../"),
            # scratch files of the run itself: name no machine's temp folder
            (Path(tempfile.gettempdir()).resolve(), "<scratch>/"),
        ],
        key=lambda pair: len(str(pair[0])),
        reverse=True,
    )
    for folder, replacement in prefixes:
        value = value.replace(str(folder) + os.sep, replacement)
    return value


def write_report(path: Path, updates: dict[str, Any]) -> None:
    """Set these top-level keys of the JSON report at ``path`` (made :func:`portable`),
    re-reading the file first: several benches share one report, and a bench that wrote
    back its whole start-time copy would drop what another wrote meanwhile."""
    report = json.loads(path.read_text()) if path.is_file() else {}
    report.update(portable(updates))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n")
