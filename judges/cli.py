"""``emgauge judge``: check a judge against reference scores before relying on it."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from emgauge.errors import InputError


def _validate(args: argparse.Namespace) -> int:
    from emgauge.judges.validate import format_agreements, validate_judge

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        raise InputError("file exists", path=out, fix="choose another --out or pass --force")
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
    agreements, frame = validate_judge(
        args.file, args.grader, metrics, limit=args.limit, seed=args.seed
    )
    if args.json:
        print(json.dumps([asdict(a) for a in agreements], indent=2))
    else:
        print(f"judge {args.grader} on {args.file}")
        print(format_agreements(agreements))
    if out is not None:
        from emgauge.files import atomic_write_text

        atomic_write_text(out, frame.to_csv(index=False))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    judge = subparsers.add_parser("judge", help="judge tools")
    commands = judge.add_subparsers(dest="judge_command", required=True)
    validate = commands.add_parser(
        "validate", help="re-judge answers with reference scores and report agreement"
    )
    validate.add_argument("file", help="CSV/JSONL with question, answer, aligned, coherent")
    validate.add_argument("--grader", required=True, help="Inspect model, e.g. openai/gpt-4o")
    validate.add_argument("--metrics", default="aligned,coherent", help="judge metrics")
    validate.add_argument("--limit", type=int, help="judge a seeded random subset of rows")
    validate.add_argument("--seed", type=int, default=0)
    validate.add_argument("--out", help="write the re-judged rows to this CSV")
    validate.add_argument("--force", action="store_true", help="overwrite --out")
    validate.add_argument("--json", action="store_true")
    validate.set_defaults(handler=_validate)
