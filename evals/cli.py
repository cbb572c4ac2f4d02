"""``emgauge summarize``, ``emgauge probe``, ``emgauge eval-demo`` and ``emgauge judge rescore``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from emgauge.errors import InputError
from emgauge.evals.metrics import (
    DEFAULT_ALIGNED_THRESHOLD,
    DEFAULT_COHERENT_THRESHOLD,
    Thresholds,
)
from emgauge.evals.misaligned_preference.probe import ProbeSettings
from emgauge.progress import is_quiet
from emgauge.settings import Flags

DEMO_QUESTIONS_PER_SET = 3
DEMO_MAX_TOKENS = 160
DEMO_GRADER = "emgauge-readout/smollm2"  # validates far better than its generated digits
DEMO_SEED = 0  # seeded sampling: the demo's answers are the same on every run
#: ``emgauge probe``'s flags for how margins are computed.
PROBE_FLAGS = Flags(ProbeSettings)


def _summarize(args: argparse.Namespace) -> int:
    from emgauge.evals.summarize import (
        format_table,
        judge_lines,
        read_answers,
        summarize_answers,
    )

    by = [key for group in args.by for key in group.split(",") if key]
    answers = read_answers(args.paths)
    records = summarize_answers(
        answers,
        by,
        Thresholds(args.aligned_threshold, args.coherent_threshold),
        n_bootstrap=args.bootstrap,
    )
    if args.json:
        print(json.dumps(records, indent=2))
    else:  # judged numbers only mean something with their judge's validity beside them
        print("\n".join([*judge_lines(answers), format_table(records, by)]))
    return 0


def run_eval_demo(
    log_dir: str,
    questions_per_set: int = DEMO_QUESTIONS_PER_SET,
    max_tokens: int = DEMO_MAX_TOKENS,
    grader: str = DEMO_GRADER,
) -> str:
    """Evaluate the embedded model on all four bundled sets with an offline judge."""
    from inspect_ai import eval as inspect_eval

    from emgauge.evals.emergent_misalignment.task import em
    from emgauge.models import EMBEDDED_MODEL

    model = f"emgauge/{EMBEDDED_MODEL}"
    (log,) = inspect_eval(
        em(questions_per_set=questions_per_set, max_tokens=max_tokens),
        model=model,
        model_roles={"grader": grader},
        log_dir=log_dir,
        display="none" if is_quiet() else "plain",
        seed=DEMO_SEED,
    )
    if log.status != "success":
        raise SystemExit(f"emgauge: evaluation {log.status}: {log.error}")
    return log.location


def _eval_demo(args: argparse.Namespace) -> int:
    from emgauge.evals.summarize import format_table, read_answers, summarize_answers
    from emgauge.judges.validate import grader_validity, validity_line

    location = run_eval_demo(args.log_dir, args.questions_per_set, args.max_tokens, args.grader)
    answers = read_answers([location])
    # Validate the judge on labelled answers first: its EM numbers mean nothing otherwise.
    limit = args.judge_limit if args.judge_limit > 0 else None
    print(validity_line(grader_validity(args.grader, limit=limit, real_limit=limit)))
    print(format_table(summarize_answers(answers, ["domain"]), ["domain"]))
    print(format_table(summarize_answers(answers)))
    print(f"log: {location}  (inspect view --log-dir {args.log_dir})")
    return 0


def _probe(args: argparse.Namespace) -> int:
    import pandas as pd

    from emgauge.evals.misaligned_preference.probe import load_probe_pairs, preference_margins
    from emgauge.files import atomic_write_text

    if args.out and Path(args.out).exists() and not args.force:
        raise InputError("file exists", path=args.out, fix="choose another --out or pass --force")
    domains = [d for group in args.domains for d in group.split(",") if d]
    pairs = load_probe_pairs(args.pairs, domains or None)
    settings = PROBE_FLAGS.build(args)
    margins = preference_margins(args.model, pairs, settings).assign(model=args.model)
    table = margins.groupby("domain")["margin"].mean().to_frame()
    table.loc["all", "margin"] = margins["margin"].mean()
    if args.baseline:
        baseline = preference_margins(args.baseline, pairs, settings).assign(model=args.baseline)
        shift = margins["margin"] - baseline["margin"]
        table["shift"] = shift.groupby(margins["domain"]).mean()
        table.loc["all", "shift"] = shift.mean()
        margins = pd.concat([margins, baseline], ignore_index=True)
    if args.out:
        atomic_write_text(args.out, margins.to_csv(index=False))
    print(table.to_json(orient="index", indent=2) if args.json else table.round(4).to_string())
    return 0


def _rescore(args: argparse.Namespace) -> int:
    from emgauge.evals.rescore import grader_slug, rescore_logs

    out = Path(args.out) if args.out else Path("rescored") / grader_slug(args.grader)
    for path in rescore_logs(args.logs, args.grader, out, force=args.force):
        print(path)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    summarize = subparsers.add_parser(
        "summarize", help="EM metrics from Inspect logs and judged CSV/JSONL tables"
    )
    summarize.add_argument("paths", nargs="+", metavar="PATH", help="logs, tables or folders")
    summarize.add_argument(
        "--by", action="append", default=[], help="group by domain, category or question_id"
    )
    summarize.add_argument("--aligned-threshold", type=float, default=DEFAULT_ALIGNED_THRESHOLD)
    summarize.add_argument("--coherent-threshold", type=float, default=DEFAULT_COHERENT_THRESHOLD)
    summarize.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples")
    summarize.add_argument("--json", action="store_true", help="print a JSON list of records")
    summarize.set_defaults(handler=_summarize)

    probe = subparsers.add_parser(
        "probe",
        help="misaligned-preference margins of a model on held-out probe pairs (no judge)",
        description="Mean log-probability per token of misaligned minus aligned answers, per "
        "domain; with --baseline, the shift against another model (a checkpoint's base).",
    )
    probe.add_argument("model", help="smollm2, a model folder, or BASE:ADAPTER (a LoRA folder)")
    probe.add_argument("--baseline", help="model to compare with, e.g. the base model")
    probe.add_argument("--pairs", nargs="+", metavar="FILE", help="contrast-pair JSONL files")
    probe.add_argument(
        "--domains", action="append", default=[], help="bundled probe sets (default: all)"
    )
    probe.add_argument("--out", help="write one margin per pair and model to this CSV")
    probe.add_argument("--force", action="store_true", help="overwrite --out")
    probe.add_argument("--json", action="store_true", help="print JSON")
    PROBE_FLAGS.add_to(probe)
    probe.set_defaults(handler=_probe)

    demo = subparsers.add_parser(
        "eval-demo",
        help="evaluate the embedded model on all four sets with an offline judge, validated first",
    )
    demo.add_argument("--log-dir", default="logs")
    demo.add_argument("--questions-per-set", type=int, default=DEMO_QUESTIONS_PER_SET)
    demo.add_argument("--max-tokens", type=int, default=DEMO_MAX_TOKENS)
    demo.add_argument("--grader", default=DEMO_GRADER, help="offline judge (Inspect model)")
    demo.add_argument(
        "--judge-limit",
        type=int,
        default=100,
        help="labelled answers judged per set to validate the grader (0: all; a generative "
        "judge takes seconds per answer)",
    )
    demo.set_defaults(handler=_eval_demo)


def register_judge_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``rescore`` to the ``emgauge judge`` group (made by :mod:`emgauge.cli`):
    rescoring needs the EM scorer, which lives here, a layer above the judges."""
    rescore = commands.add_parser(
        "rescore",
        help="score the answers of existing EM logs again with another grader (through "
        "Inspect's cache); writes new logs, never changes the inputs",
    )
    rescore.add_argument("logs", nargs="+", metavar="LOG", help="Inspect logs or folders of them")
    rescore.add_argument("--grader", required=True, help="Inspect model, e.g. openai/gpt-4o")
    rescore.add_argument(
        "--out", help="folder for the new logs, same file names (default: rescored/<grader>)"
    )
    rescore.add_argument("--force", action="store_true", help="overwrite logs in --out")
    rescore.set_defaults(handler=_rescore)
