"""``emgauge diagnose``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from emgauge.errors import InputError
from emgauge.precision import PRECISIONS


def _layers(text: str | None) -> tuple[int, ...] | None:
    if text in (None, "all"):
        return None
    try:
        values: set[int] = set()
        for part in text.split(","):
            if "-" in part:
                low, high = (int(v) for v in part.split("-"))
                values.update(range(low, high + 1))
            elif part:
                values.add(int(part))
    except ValueError:
        raise InputError(
            f"--layers {text!r} is not a list of layers",
            field="layers",
            fix="e.g. 0,5,10-15 or all",
        ) from None
    if not values or min(values) < 0:
        raise InputError(f"--layers {text!r} names no valid layer", field="layers")
    return tuple(sorted(values))


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v for group in values for v in group.split(",") if v)


def _diagnose(args: argparse.Namespace) -> int:
    from emgauge.diagnostics.diagnose import DiagnoseSettings, diagnose

    settings = DiagnoseSettings(
        layers=_layers(args.layers),
        probe_domains=_split(args.probe_domains),
        in_domain=_split(args.in_domain),
        folds=args.folds,
        permutations=args.permutations,
        bootstrap=args.bootstrap,
        seed=args.seed,
        precision=args.precision,
    )
    report = diagnose(
        args.model,
        args.checkpoint or [],
        args.out,
        contrast=args.contrast,
        probe=args.pairs,
        settings=settings,
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
    parser.add_argument("--layers", help="e.g. 0,5,10-15 (default: all)")
    parser.add_argument(
        "--probe-domains",
        action="append",
        default=[],
        help="bundled probe sets for checkpoints (default: healthcare,general)",
    )
    parser.add_argument(
        "--in-domain",
        action="append",
        default=[],
        help="probe domains the checkpoints were trained on (default: healthcare)",
    )
    parser.add_argument("--folds", type=int, default=5, help="held-out folds (default: 5)")
    parser.add_argument(
        "--permutations", type=int, default=200, help="label shuffles (default: 200)"
    )
    parser.add_argument("--bootstrap", type=int, default=1000, help="replicates (default: 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--precision", choices=PRECISIONS, default="auto")
    parser.set_defaults(handler=_diagnose_with_defaults)


def _diagnose_with_defaults(args: argparse.Namespace) -> int:
    from emgauge.diagnostics.diagnose import DiagnoseSettings

    defaults = DiagnoseSettings()
    args.probe_domains = args.probe_domains or list(defaults.probe_domains)
    args.in_domain = args.in_domain or list(defaults.in_domain)
    return _diagnose(args)
