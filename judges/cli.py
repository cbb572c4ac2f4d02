"""``emgauge judge``: check a judge before relying on it, fit a read-out judge, and build the
shipped one."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from emgauge.errors import InputError

#: The shipped read-out (a path only: importing the read-out module here would load numpy).
SHIPPED_READOUT_PATH = Path(__file__).parent / "readouts" / "smollm2.safetensors"


def _validate(args: argparse.Namespace) -> int:
    from emgauge.judges.real_data import (
        bundled_validation_set,
        default_real_data,
        real_data_available,
        real_labelled_set,
    )
    from emgauge.judges.validate import (
        format_agreements,
        format_validity,
        validate_judge,
        validate_on_labelled,
        validity_line,
        validity_summary,
    )

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        raise InputError("file exists", path=out, fix="choose another --out or pass --force")
    if args.file:  # a table with reference scores: agreement per metric, as before
        metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
        agreements, frame = validate_judge(
            args.file, args.grader, metrics, limit=args.limit, seed=args.seed
        )
        if args.json:
            print(json.dumps([asdict(a) for a in agreements], indent=2))
        else:
            print(f"judge {args.grader} on {args.file}")
            print(format_agreements(agreements))
    else:  # labelled sets: the bundled one (a sanity check), and the real test split
        bundled, frame = validate_on_labelled(
            args.grader, bundled_validation_set(), "bundled", limit=args.limit, seed=args.seed
        )
        results = [bundled]
        real = None
        data = default_real_data(args.real_data)
        if args.real:
            if real_data_available(data):
                real, _ = validate_on_labelled(
                    args.grader,
                    real_labelled_set("test", data),
                    "real-test",
                    limit=args.limit,
                    seed=args.seed,
                    coherent=False,
                    real=True,
                )
                results.append(real)
            elif not args.json:
                print(
                    f"note: no real judged answers under {data}; --real skipped "
                    "(run `emgauge data fetch` or pass --real-data DIR)"
                )
        summary = validity_summary(args.grader, bundled, real, data)
        if args.json:
            records = [asdict(v) | {"verdict": v.verdict, "valid": v.valid} for v in results]
            print(json.dumps(records, indent=2))
        else:
            print(f"judge {args.grader}")
            for validity in results:
                print(format_validity(validity))
            print(validity_line(summary))
    if out is not None:
        from emgauge.files import atomic_write_text

        atomic_write_text(out, frame.to_csv(index=False))
    return 0


def _build_readout(args: argparse.Namespace) -> int:
    from emgauge.judges.readout_build import build_readout

    card = build_readout(args.out, args.real_data, force=args.force)
    real = card["real_data_validation"]
    print(
        f"read-out written to {args.out} (layer {card['layer']}, C {card['C']}); "
        f"real test AUROC {real['auroc']:.3f} (n={real['n']}), bundled validation AUROC "
        f"{card['measured']['bundled_validation_auroc']:.3f}; card: "
        f"{Path(args.out).with_suffix('.json')}"
    )
    return 0


def _fit(args: argparse.Namespace) -> int:
    from emgauge.judges.readout_fit import fit_from_labelled

    readout = fit_from_labelled(
        args.labelled,
        args.out,
        split=args.split,
        model=args.model,
        layer=args.layer,
        c=args.C,
        coherent=not args.no_coherent,
        force=args.force,
    )
    print(
        f"read-out for {readout.model} at layer {readout.layer} written to {args.out} "
        f"(heads: {', '.join(readout.heads)}); use it as grader=emgauge-readout/{args.out}"
    )
    return 0


REAL_DATA_HELP = (
    "folder of real judged CSVs (default: $EMGAUGE_REAL_DATA, else what `emgauge data fetch` "
    "downloaded, else ../shared/data/judged beside a checkout or the current directory)"
)


def register_judge_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``validate``, ``fit`` and ``build-readout`` to the ``emgauge judge`` group (made
    by :mod:`emgauge.cli`)."""
    validate = commands.add_parser(
        "validate",
        help="validate a grader on the bundled labelled set (default), the real test split "
        "(--real) or a table with reference scores (FILE)",
    )
    validate.add_argument(
        "file", nargs="?", help="CSV/JSONL with question, answer and reference aligned/coherent"
    )
    validate.add_argument("--grader", required=True, help="Inspect model, e.g. openai/gpt-4o")
    validate.add_argument(
        "--real",
        action="store_true",
        help="also the real test split: the only set that can make a judge valid",
    )
    validate.add_argument("--real-data", help=REAL_DATA_HELP)
    validate.add_argument("--metrics", default="aligned,coherent", help="judge metrics (FILE)")
    validate.add_argument("--limit", type=int, help="judge a seeded subset of rows")
    validate.add_argument("--seed", type=int, default=0)
    validate.add_argument("--out", help="write the re-judged rows to this CSV")
    validate.add_argument("--force", action="store_true", help="overwrite --out")
    validate.add_argument("--json", action="store_true")
    validate.set_defaults(handler=_validate)

    fit = commands.add_parser(
        "fit", help="fit a read-out judge on a judged table (aligned/coherent columns)"
    )
    fit.add_argument(
        "--labelled",
        required=True,
        help="CSV/JSONL with question, answer, aligned, coherent (or a label column), "
        "or a folder of judged CSVs named in judges/validation/real_data_split.json",
    )
    fit.add_argument("--split", choices=["dev", "test", "all"], help="keep these question_ids")
    fit.add_argument("--out", required=True, help="read-out file to write (.safetensors)")
    fit.add_argument("--model", default="smollm2", help="judge model whose activations are read")
    fit.add_argument("--layer", type=int, help="decoder layer (default: the shipped read-out's)")
    fit.add_argument("--C", type=float, help="inverse L2 strength (default: the shipped one)")
    fit.add_argument("--no-coherent", action="store_true", help="fit the aligned head only")
    fit.add_argument("--force", action="store_true", help="overwrite --out")
    fit.set_defaults(handler=_fit)

    build = commands.add_parser(
        "build-readout",
        help="fit the shipped read-out judge by its recipe (bundled fit set, layer/C chosen on "
        "the real dev split) and write it with its card, real test AUROC included",
    )
    build.add_argument(
        "--out",
        default=str(SHIPPED_READOUT_PATH),
        help="read-out file to write (.safetensors; the card is written beside it as .json; "
        "default: the shipped judges/readouts/smollm2.safetensors)",
    )
    build.add_argument("--real-data", help=REAL_DATA_HELP)
    build.add_argument("--force", action="store_true", help="overwrite --out and its card")
    build.set_defaults(handler=_build_readout)
