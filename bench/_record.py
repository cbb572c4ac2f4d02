"""How every benchmark records a measurement: the machine it ran on, its size, where it goes.

One shape for every result file under ``bench/results/`` (and ``research/results/``):

* :func:`machine_record`: the date, the CPU as emgauge sees it
  (:func:`emgauge.precision.cpu_info`: model, torch's capability, the bf16 flags), cores,
  torch threads, the load average and the precision used. A benchmark that runs its work
  under another environment (``bench_experiment.py --cpu avx2``) asks a child process
  for it: ``python bench/_record.py`` prints it as JSON under the caller's environment.
* :func:`parse_args`: every benchmark takes ``--tiny``, which swaps its defaults for a
  configuration that takes a few minutes at most on a 2-core CPU (``make bench``); flags
  given explicitly still win.
* :func:`save_result`: a result file holds one measurement per label, ``full`` (the
  defaults) and ``tiny``, so ``make bench`` never overwrites the full-size numbers.

Run from the repository (``python bench/bench_x.py``), so this folder is on ``sys.path``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _paths import portable

if TYPE_CHECKING:
    from emgauge.precision import Precision

#: The label of a run with ``--tiny``; every other run is ``full`` unless it names its own.
TINY = "tiny"
FULL = "full"


def machine_record(precision: Precision | None = None, device: str = "cpu") -> dict[str, Any]:
    """Date, CPU, threads, load and ``precision`` (default: what ``auto`` picks on ``device``)."""
    import torch

    from emgauge.precision import choose_precision, cpu_info

    cpu = cpu_info()
    chosen = precision or choose_precision("auto", device)
    return {
        "date": time.strftime("%Y-%m-%d"),
        "cpu": {
            "model": cpu.model,
            "machine": cpu.machine,
            "cores": os.cpu_count(),
            "capability": cpu.capability,
            "bf16_flags": list(cpu.flags),
            "native_bf16": cpu.native_bf16,
        },
        "torch_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        # the CPU is recorded once, above
        "precision": {k: v for k, v in chosen.as_dict().items() if k != "cpu"},
    }


def parse_args(parser: argparse.ArgumentParser, tiny: dict[str, Any]) -> argparse.Namespace:
    """``parser``'s arguments plus ``--tiny``, which makes ``tiny`` the defaults."""
    parser.add_argument(
        "--tiny",
        action="store_true",
        help=f"a few minutes on 2 cores (make bench): {tiny}; recorded under '{TINY}'",
    )
    known, _ = parser.parse_known_args()
    if known.tiny:
        parser.set_defaults(**tiny)
    return parser.parse_args()


def save_result(path: Path, label: str, result: dict[str, Any]) -> None:
    """Set measurement ``label`` of the result file at ``path``, keeping the others."""
    report = json.loads(path.read_text()) if path.is_file() else {}
    report[label] = portable(result)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {label!r} of {path}")


if __name__ == "__main__":  # the record under this process's environment, for a parent
    print(json.dumps(machine_record()))
