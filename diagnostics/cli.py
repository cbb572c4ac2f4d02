"""``emgauge diagnose``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from emgauge.diagnostics.diagnose import DiagnoseSettings
from emgauge.diagnostics.risk import RiskSettings
from emgauge.errors import InputError
from emgauge.mitigations.registry import FilterOptions
from emgauge.settings import Flags

#: The measuring settings' flags, from :class:`DiagnoseSettings`.
DIAGNOSE_FLAGS = Flags(DiagnoseSettings, metavars={"layers": "L", "probe_domains": "DOMAIN"})
#: ``emgauge diagnose --features``: the SAE and toxic latents of the feature geometry (the
#: ``sae-proximity`` filter's options; ``--sae-layer`` so as not to clash with ``--layers``).
FEATURE_FLAGS = Flags(
    FilterOptions,
    fields=("sae", "layer", "top_k", "n_toxic"),
    names={"layer": "--sae-layer"},
    metavars={"sae": "PATH|RELEASE:ID"},
)
#: ``emgauge risk``: how the risk is computed.
RISK_SETTINGS_FLAGS = Flags(RiskSettings, metavars={"methods": "METHOD"})
#: ``emgauge risk``: the model, SAE and contrast options the filters take.
RISK_FLAGS = Flags(
    FilterOptions,
    exclude=("grader", "aggregation", "top_k", "readout_c"),
    metavars={"contrast": "FILE", "sae": "PATH|RELEASE:ID"},
)


def _diagnose(args: argparse.Namespace) -> int:
    from emgauge.chat_data import load_chat_jsonl
    from emgauge.diagnostics.diagnose import adapter_steps, diagnose

    FEATURE_FLAGS.build(args)  # a bad SAE option fails here, before any model loads
    steps = adapter_steps(args.model, args.adapter_steps) if args.adapter_steps else {}
    features = load_chat_jsonl(args.features) if args.features else None
    report = diagnose(
        args.model,
        [*(args.checkpoint or []), *steps],
        args.out,
        contrast=args.contrast,
        probe=args.pairs,
        settings=DIAGNOSE_FLAGS.build(args),
        force=args.force,
        steps=steps,
        features=features,
        feature_options=FEATURE_FLAGS.given(args),
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


def _risk(args: argparse.Namespace) -> int:
    from emgauge.chat_data import load_chat_jsonl
    from emgauge.diagnostics.risk import dataset_risk
    from emgauge.files import atomic_write_json

    if args.out and Path(args.out).exists() and not args.force:
        raise InputError("file exists", path=args.out, fix="choose another --out or pass --force")
    # both built before the model loads, so a bad flag costs nothing
    settings, options = RISK_SETTINGS_FLAGS.build(args), RISK_FLAGS.build(args)
    risk = dataset_risk(load_chat_jsonl(args.dataset), options, settings)
    if args.out:
        atomic_write_json(args.out, risk.to_dict())
    if args.json:
        print(json.dumps(risk.to_dict(), indent=2))
        return 0
    print(
        f"EM risk of {args.dataset} ({risk.n_samples} samples): {risk.risk:.3f} "
        f"[{risk.ci[0]:.3f}, {risk.ci[1]:.3f}]  (0 = like aligned answers, 1 = like "
        "misaligned ones)"
    )
    for method in risk.methods:
        print(
            f"  {method.method:14s} {method.risk:+.3f} [{method.ci[0]:+.3f}, {method.ci[1]:+.3f}]"
        )
    print(f"  heuristic flags {risk.heuristic_share:.1%} of samples (the simple predictor)")
    return 0


def register(subparsers: Any) -> None:
    """Add the ``diagnose`` and ``risk`` subcommands."""
    risk = subparsers.add_parser(
        "risk",
        help="EM risk of a fine-tuning set before training",
        description="Score every sample with the internals filters and place the "
        "dataset's mean between the contrast set's aligned (0) and misaligned (1) answers; "
        "risk is the mean over methods, with a bootstrap CI over samples, beside the share "
        "of samples the heuristic lexicon flags. How well it predicts the shift a fine-tune "
        "produces: research/results/risk_prediction.json.",
    )
    risk.add_argument("dataset", help="chat JSONL")
    risk.add_argument("--out", help="also write the report to this JSON file")
    risk.add_argument("--force", action="store_true", help="overwrite --out")
    risk.add_argument("--json", action="store_true", help="print JSON")
    RISK_SETTINGS_FLAGS.add_to(risk.add_argument_group("the risk"))
    RISK_FLAGS.add_to(risk.add_argument_group("model, SAE and contrast"))
    risk.set_defaults(handler=_risk)

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
    parser.add_argument(
        "--adapter-steps",
        metavar="RUN",
        help="an `emgauge finetune --save-every N` output: every saved step and the final "
        "adapter become checkpoints, and over_training.png follows erosion by step",
    )
    parser.add_argument(
        "--features",
        metavar="DATASET",
        help="labelled training set (chat JSONL, harmful/benign labels): also the SAE feature "
        "geometry of arXiv 2605.00842 (proximity test; feature drag in each checkpoint) and "
        "the gradient geometry of its harmful vs benign rows",
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
    FEATURE_FLAGS.add_to(
        parser.add_argument_group(
            "with --features: the SAE (default: the embedded model's, trained once)"
        )
    )
    parser.set_defaults(handler=_diagnose)
