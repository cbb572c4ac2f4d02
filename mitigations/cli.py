"""``emgauge filter`` and ``emgauge sae``: the command line of the mitigations.

::

    emgauge filter --list
    emgauge filter --method NAME --budget 0.1 --dataset FILE --out DIR [options]
    emgauge filter --compare [--methods a,b] --budget 0.1 --dataset FILE [--out DIR]
    emgauge sae train [--model smollm2] [--layer 15] [--text FILE ...] [--out DIR]
    emgauge sae info PATH | RELEASE:ID | RELEASE
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from emgauge.cluster import add_ray_flags
from emgauge.errors import InputError
from emgauge.files import (
    atomic_write_json,
    atomic_write_text,
    check_output_dir,
    sha256_file,
    staged_directory,
)
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.data import label_free, load_dataset
from emgauge.mitigations.filtering import (
    apply_filter,
    scores_csv,
    write_filter_outputs,
)
from emgauge.mitigations.registry import (
    FilterOptions,
    create_method,
    get_method_class,
    method_names,
)
from emgauge.mitigations.sae_training import SAETrainingSettings
from emgauge.models import model_shape
from emgauge.precision import PRECISION_HELP, PRECISIONS
from emgauge.settings import Flags

if TYPE_CHECKING:
    import numpy as np

    from emgauge.chat_data import ChatSample

__all__ = ["register", "run_filter", "run_sae_train", "run_sae_info"]

#: ``emgauge filter``'s option flags, in two help groups; together every FilterOptions field.
METHOD_FLAGS = Flags(
    FilterOptions,
    exclude=("seed", "grader"),
    metavars={"contrast": "FILE", "sae": "PATH|RELEASE:ID"},
)
OTHER_FLAGS = Flags(FilterOptions, fields=("seed", "grader"))
FILTER_FLAGS = Flags(FilterOptions, metavars=METHOD_FLAGS.metavars)
#: ``emgauge sae train``'s flags (``--width`` and ``--tokens`` keep their short spellings).
SAE_FLAGS = Flags(
    SAETrainingSettings,
    names={"d_sae": "--width", "training_tokens": "--tokens"},
    defaults={"layer": "the middle one"},
)


def register(subparsers: Any) -> None:
    """Add the ``filter`` and ``sae`` subcommands to the ``emgauge`` parser."""
    parser = subparsers.add_parser(
        "filter",
        help="score a fine-tuning set with a mitigation and remove the riskiest samples",
        description="Score every sample (higher = more likely to induce emergent "
        "misalignment), remove the highest-scoring ones at a budget, and write "
        "kept.jsonl, removed.jsonl, scores.csv and filter.json.",
    )
    mode = parser.add_argument_group("what to do")
    mode.add_argument("--list", action="store_true", help="list the methods and exit")
    mode.add_argument("--method", help="method name (see --list)")
    mode.add_argument(
        "--compare",
        action="store_true",
        help="score with several methods and report AUROC, precision and recall against "
        "the dataset's labels",
    )
    mode.add_argument(
        "--methods",
        help="comma-separated methods for --compare (default: all but heuristic-judge; "
        "heuristic-judge is added when --grader is given)",
    )
    io = parser.add_argument_group("data")
    io.add_argument("--budget", help="fraction in (0, 1) to remove, or an integer count")
    io.add_argument("--dataset", help="chat JSONL, or a judged CSV (question, answer, aligned)")
    io.add_argument("--out", help="output directory (must be new or empty unless --force)")
    io.add_argument("--force", action="store_true", help="replace an existing --out")
    METHOD_FLAGS.add_to(parser.add_argument_group("model and SAE (direction, sae-proximity)"))
    seeds = parser.add_argument_group("SAE seeds (sae-proximity with the SAE trained here)")
    seeds.add_argument(
        "--sae-seeds",
        type=int,
        default=1,
        metavar="N",
        help="score with N SAEs, trained (or cached) with seeds --seed .. --seed+N-1, and "
        "report the mean, sd and range of AUROC and precision over them where the dataset "
        "has labels; the output ranking is the first seed's unless --sae-average "
        "(default: %(default)s)",
    )
    seeds.add_argument(
        "--sae-average",
        action="store_true",
        help="with --sae-seeds: rank by the mean of the seeds' z-scored scores",
    )
    OTHER_FLAGS.add_to(parser.add_argument_group("other methods"))
    add_ray_flags(
        parser.add_argument_group("scoring on Ray (docs/executors.md)"),
        executor_help="score here (default), or spread the rows over Ray Data blocks, the fit "
        "made once here (direction, sae-proximity, gradient, readout; pip install "
        "'emgauge[ray]')",
        task="scoring worker",
        blocks_help="blocks the rows are split into",
    )
    parser.set_defaults(handler=run_filter)

    sae = subparsers.add_parser("sae", help="train or inspect sparse autoencoders")
    sae_commands = sae.add_subparsers(dest="sae_command", required=True)
    train = sae_commands.add_parser(
        "train",
        help="train an SAE with sae-lens on local text, offline",
        description="Train a TopK SAE on the output of one decoder layer, on local text "
        "(default: the bundled training and contrast sets), and save it.",
    )
    SAE_FLAGS.add_to(train)
    train.add_argument("--text", nargs="+", metavar="FILE", help=".txt or .jsonl training text")
    train.add_argument("--out", help="output folder (default: the emgauge cache)")
    train.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help=f"{PRECISION_HELP} (default: %(default)s); not part of the cache key",
    )
    train.add_argument("--force", action="store_true", help="retrain even if it exists")
    train.set_defaults(handler=run_sae_train)
    info = sae_commands.add_parser("info", help="describe an SAE folder, RELEASE:ID or release")
    info.add_argument("spec", metavar="PATH_OR_RELEASE")
    info.set_defaults(handler=run_sae_info)


# ------------------------------------------------------------------------------- filter


def _options(args: argparse.Namespace) -> FilterOptions:
    return FILTER_FLAGS.build(args)


def _require(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        if getattr(args, name) in (None, ""):
            raise InputError(f"--{name} is required", fix="see `emgauge filter --help`")


def _list_methods() -> int:
    rows = []
    for name in method_names():
        cls = get_method_class(name)
        needs = "model+SAE" if cls.needs_sae else "model" if cls.needs_model else "-"
        rows.append((name, needs, cls.summary))
    width = max(len(r[0]) for r in rows)
    print(f"{'method'.ljust(width)}  needs      description")
    for name, needs, summary in rows:
        print(f"{name.ljust(width)}  {needs.ljust(9)}  {summary}")
    return 0


def run_filter(args: argparse.Namespace) -> int:
    """Handler of ``emgauge filter``."""
    if args.list:
        return _list_methods()
    if args.compare:
        return _run_compare(args)
    _require(args, "method", "budget", "dataset", "out")
    method_cls = get_method_class(args.method)
    budget = Budget.parse(args.budget)
    options = _options(args)
    _check_sae_seeds(args, method_cls, options)
    if args.out is not None:
        check_output_dir(args.out, force=args.force)
    samples = load_dataset(args.dataset)
    n_remove = budget.n_remove(len(samples))
    method = method_cls(options)
    started = time.perf_counter()
    extra: dict[str, Any] = {}
    if args.executor == "ray":
        scores, extra["sharded"] = _score_on_ray(args, method, label_free(samples))
    else:
        scores = method.score(label_free(samples))
    seconds = time.perf_counter() - started
    if args.sae_seeds > 1:
        from emgauge.mitigations.sae_seeds import score_with_sae_seeds

        report = score_with_sae_seeds(
            method, samples, scores, args.sae_seeds, budget, average=args.sae_average
        )
        scores = report.ranking
        seconds = time.perf_counter() - started
        extra["sae_seeds"] = report.as_dict()
        print(report.summary())
    result = apply_filter(samples, scores, budget)
    write_filter_outputs(
        result,
        args.out,
        method=method.name,
        options=method.used_options(),
        dataset_path=args.dataset,
        force=args.force,
        extra={**method.details(), **extra, "scoring_seconds": round(seconds, 3)},
    )
    unscored = f", {result.n_unscored} unscored" if result.n_unscored else ""
    print(
        f"{method.name}: removed {n_remove} of {len(samples)} samples "
        f"(budget {args.budget}{unscored}) in {seconds:.1f}s -> {args.out}"
    )
    return 0


def _score_on_ray(
    args: argparse.Namespace, method: Any, samples: Sequence[ChatSample]
) -> tuple[np.ndarray, dict[str, Any]]:
    """``--executor ray``: the rows spread over Ray Data blocks, the fit made once here."""
    from emgauge.cluster import join_cluster
    from emgauge.mitigations.sharded import ShardedScoring, score_sharded

    settings = ShardedScoring(blocks=args.score_blocks, cpus_per_worker=args.cpus_per_task)
    if not method.shardable:
        raise InputError(
            f"{method.name} does not split into a fit and rows, so it cannot be spread",
            field="--executor",
            fix="score it with --executor local (it needs no model)",
        )
    joined = "ray" in sys.modules and sys.modules["ray"].is_initialized()
    ray = join_cluster(args.address)
    try:
        result = score_sharded(method, samples, settings)
    finally:
        if not joined:  # a cluster started or joined here is left again
            ray.shutdown()
    print(
        f"{method.name}: {len(samples)} rows scored in {result.blocks} blocks on "
        f"{len(result.workers)} Ray workers (fitted {result.fits}x here, "
        f"{result.fits_on_workers}x on workers)"
    )
    return result.scores, result.describe()


def _check_sae_seeds(args: argparse.Namespace, method_cls: Any, options: FilterOptions) -> None:
    """``--sae-seeds`` / ``--sae-average``: only for a method whose SAE is trained here."""
    if args.sae_seeds < 1:
        raise InputError(f"--sae-seeds {args.sae_seeds} is below 1", fix="give 1 or more")
    if args.sae_average and args.sae_seeds < 2:
        raise InputError("--sae-average needs --sae-seeds 2 or more", field="sae-average")
    if args.sae_seeds > 1 and method_cls.seeded_by(options) != "the SAE":
        fixed = " (a given --sae is one SAE)" if getattr(options, "sae", None) else ""
        raise InputError(
            f"--sae-seeds {args.sae_seeds} needs a method that trains its SAE, not "
            f"{method_cls.name}{fixed}",
            field="sae-seeds",
            fix="use --method sae-proximity without --sae, or drop --sae-seeds",
        )


def _compare_methods(args: argparse.Namespace) -> list[str]:
    if args.methods:
        names = [n.strip() for n in args.methods.split(",") if n.strip()]
        if not names:
            raise InputError("--methods is empty", field="methods")
    else:
        names = [n for n in method_names() if n != "heuristic-judge"]
        if args.grader:
            names.append("heuristic-judge")
    for name in names:
        get_method_class(name)  # unknown names fail before any work
    if len(set(names)) != len(names):
        raise InputError("--methods names a method twice", field="methods")
    return names


def _run_compare(args: argparse.Namespace) -> int:
    from emgauge.mitigations.quality import filter_quality, format_quality_table, harm_labels
    from emgauge.mitigations.resources import ModelResources

    _require(args, "budget", "dataset")
    if args.sae_seeds != 1 or args.sae_average:
        raise InputError(
            "--sae-seeds and --sae-average score one method, not --compare",
            field="sae-seeds",
            fix="use --method sae-proximity --sae-seeds N",
        )
    names = _compare_methods(args)
    budget = Budget.parse(args.budget)
    if args.out is not None:
        check_output_dir(args.out, force=args.force)
    options = _options(args)
    samples = load_dataset(args.dataset)
    budget.n_remove(len(samples))
    labels = harm_labels(samples)
    if (labels != labels).all():  # all NaN
        raise InputError(
            "the dataset has no labels to compare against",
            path=args.dataset,
            fix="use a labelled chat JSONL (metadata.label) or a judged CSV",
        )
    resources = ModelResources(options)
    view = label_free(samples)
    rows, results, used = [], {}, {}
    for name in names:
        method = create_method(name, options, resources)
        started = time.perf_counter()
        scores = method.score(view)
        seconds = time.perf_counter() - started
        result = apply_filter(samples, scores, budget)
        rows.append(filter_quality(name, result, seconds))
        results[name] = result
        used[name] = method.used_options()
    table = format_quality_table(rows)
    print(f"dataset {args.dataset}: {len(samples)} samples, budget {args.budget}")
    print(table)
    if args.out:
        report = {
            "dataset": {"path": str(args.dataset), "sha256": sha256_file(args.dataset)},
            "budget": budget.to_dict(),
            "methods": {r.method: {**r.as_dict(), "options": used[r.method]} for r in rows},
        }
        with staged_directory(args.out, force=args.force) as scratch:
            atomic_write_json(scratch / "compare.json", report)
            atomic_write_text(scratch / "compare.txt", table + "\n")
            for name, result in results.items():
                atomic_write_text(scratch / f"scores-{name}.csv", scores_csv(result))
        print(f"-> {args.out}")
    return 0


# ---------------------------------------------------------------------------------- sae


def run_sae_train(args: argparse.Namespace) -> int:
    """Handler of ``emgauge sae train``."""
    from emgauge.mitigations.sae_training import train_sae

    given = SAE_FLAGS.given(args)
    model = given.get("model", SAETrainingSettings.model_fields["model"].default)
    layer = given.get("layer")
    if layer is None:
        layer = model_shape(model).middle_layer
    settings = SAE_FLAGS.build(args, layer=layer)
    started = time.perf_counter()
    folder = train_sae(
        settings, text=args.text, out=args.out, force=args.force, precision=args.precision
    )
    print(
        f"SAE for {settings.model} layer {layer} ({time.perf_counter() - started:.0f}s): {folder}"
    )
    return 0


def run_sae_info(args: argparse.Namespace) -> int:
    """Handler of ``emgauge sae info``."""
    from emgauge.mitigations.sae import sae_summary

    json.dump(sae_summary(args.spec), sys.stdout, indent=2, default=str)
    print()
    return 0
