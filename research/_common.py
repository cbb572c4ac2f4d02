"""What every study shares: where results go, and the result helpers of ``bench/``.

A study's result records the machine the same way a benchmark's does, so the helpers have
one copy, in ``bench/`` (``_paths.portable`` / ``write_report``: no machine paths in
committed results; ``_record.machine_record``: date, CPU, threads, precision). Importing
this module puts ``bench/`` on ``sys.path`` for that.

Run from the repository (``python research/<study>.py``), so this folder is on ``sys.path``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where each study writes its results (one file per study).
RESULTS = Path(__file__).resolve().parent / "results"
#: The real data the studies read at run time (never committed; users do not have it).
SHARED_DATA = ROOT.parent / "shared" / "data"

if str(ROOT / "bench") not in sys.path:
    sys.path.append(str(ROOT / "bench"))

from _paths import portable, write_report  # noqa: E402
from _record import machine_record  # noqa: E402

from emgauge.judges.real_data import default_real_data  # noqa: E402

#: The real GPT-4o-judged answers: $EMGAUGE_REAL_DATA, the copy `emgauge data fetch` put in
#: the cache, else ../shared/data/judged (emgauge's own lookup, so studies and judge
#: validation read the same files).
REAL_JUDGED = default_real_data()

__all__ = [
    "REAL_JUDGED",
    "RESULTS",
    "ROOT",
    "SHARED_DATA",
    "machine_record",
    "portable",
    "write_report",
]


def main() -> None:
    """List every study with its question (its docstring's first line) and how to run it."""
    import ast

    print("Studies (index: research/README.md); most read ../shared/data, which users lack:")
    if not SHARED_DATA.is_dir():
        print(f"  (no {portable(str(SHARED_DATA))} here: the studies that read it stop without it)")
    for path in sorted(Path(__file__).resolve().parent.glob("[a-z]*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        print(f"  {doc.splitlines()[0] if doc else path.stem}")
        print(f"      OMP_NUM_THREADS=2 .venv/bin/python research/{path.name}")


if __name__ == "__main__":
    main()
