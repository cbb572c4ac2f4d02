"""``emgauge diagnose``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from emgauge.diagnostics.diagnose import DiagnoseSettings
from emgauge.settings import Flags

#: The measuring settings' flags, from :class:`DiagnoseSettings`.
DIAGNOSE_FLAGS = Flags(DiagnoseSettings, metavars={"layers": "L", "probe_domains": "DOMAIN"})


def _diagnose(args: argparse.Namespace) -> int:
    from emgauge.diagnostics.diagnose import diagnose

    report = diagnose(
        args.model,
        args.checkpoint or [],
        args.out,
        contrast=args.contrast,
        probe=args.pairs,
        settings=DIAGNOSE_FLAGS.build(args),
        force=args.force,
    )
    best = max(report["direction_by_layer"], key=lambda d: d["auroc"])
    summary: dict[str, Any] = {
        "out": str(args.out),
        "best_layer": best["layer"],
        "best_layer_auroc": round(best["auroc"], 3),
        "checkpoints": [
            {"checkpoint": c["checkpoint"], "preference_shift": c["preference_shift"]}
            for c in report["checkpoints"]
        ],
    }
    print(json.dumps(summary, indent=2))
    return 0


def register(subparsers: Any) -> None:
    """Add the ``diagnose`` subcommand."""
    parser = subparsers.add_parser(
        "diagnose",
        help="the alignment direction by layer and its erosion in fine-tuned checkpoints",
        description="Read MODEL on contrast pairs at every layer (is there a direction that "
        "separates misaligned from aligned answers, where, and do domains share it?) and "
        "each --checkpoint on held-out probe pairs (how far did fine-tuning move it along "
        "that direction?). Writes report.json and plots to --out; definitions in "
        "diagnostics/README.md.",
    )
    parser.add_argument("model", help="base model: smollm2, a folder, a hub id or BASE:ADAPTER")
    parser.add_argument(
        "--checkpoint",
        action="append",
        metavar="BASE:ADAPTER",
        help="a fine-tuned checkpoint of MODEL (a model folder or BASE:ADAPTER); repeatable",
    )
    parser.add_argument("--out", required=True, help="report folder (new, or --force)")
    parser.add_argument("--force", action="store_true", help="replace an existing --out")
    parser.add_argument(
        "--contrast", nargs="+", metavar="FILE", help="contrast-pair JSONL (default: bundled)"
    )
    parser.add_argument(
        "--pairs",
        nargs="+",
        metavar="FILE",
        help="probe-pair JSONL for the checkpoints instead of the bundled --probe-domains",
    )
    DIAGNOSE_FLAGS.add_to(parser.add_argument_group("what is measured and how"))
    parser.set_defaults(handler=_diagnose)
