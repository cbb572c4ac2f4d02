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
from typing import Any

from emgauge.errors import InputError
from emgauge.files import (
    atomic_write_json,
    atomic_write_text,
    check_output_dir,
    sha256_file,
    staged_directory,
)
from emgauge.mitigations.base import (
    DEFAULT_MODEL,
    FilterOptions,
    create_method,
    get_method_class,
    method_names,
)
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.data import label_free, load_dataset
from emgauge.mitigations.filtering import (
    apply_filter,
    scores_csv,
    write_filter_outputs,
)
from emgauge.precision import PRECISIONS

__all__ = ["register", "run_filter", "run_sae_train", "run_sae_info"]

DEFAULTS = FilterOptions()


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
    model = parser.add_argument_group("model and SAE (direction, sae-proximity)")
    model.add_argument(
        "--model", default=DEFAULT_MODEL, help="model name or path (default: %(default)s)"
    )
    model.add_argument("--sae", help="SAE folder on disk, or RELEASE:ID of a published SAE")
    model.add_argument(
        "--layer", type=int, help="decoder layer (default: the SAE's, else the middle)"
    )
    model.add_argument(
        "--top-k", type=int, default=DEFAULTS.top_k, help="sample features (default: %(default)s)"
    )
    model.add_argument(
        "--n-toxic", type=int, default=DEFAULTS.n_toxic, help="toxic latents (default: %(default)s)"
    )
    model.add_argument(
        "--aggregation",
        choices=("mean", "max"),
        default=DEFAULTS.aggregation,
        help="pooling of latent activations over assistant tokens (default: %(default)s)",
    )
    model.add_argument(
        "--contrast",
        nargs="+",
        metavar="FILE",
        help="what misaligned looks like: contrast-pair JSONL, a judged CSV/JSONL table "
        "(aligned < 30 vs >= 70, coherent > 50) or labelled chat JSONL (default: bundled pairs)",
    )
    model.add_argument(
        "--readout-c",
        type=float,
        default=None,
        help="readout: inverse L2 strength of the logistic fit (default: the shipped judge's)",
    )
    model.add_argument(
        "--batch-tokens", type=int, default=DEFAULTS.batch_tokens, help="padded tokens per batch"
    )
    model.add_argument(
        "--max-length", type=int, default=DEFAULTS.max_length, help="max tokens per conversation"
    )
    model.add_argument(
        "--precision",
        choices=PRECISIONS,
        default=DEFAULTS.precision,
        help="auto: bf16 where the hardware runs it natively, else fp32 (default: auto)",
    )
    other = parser.add_argument_group("other methods")
    other.add_argument(
        "--seed", type=int, default=DEFAULTS.seed, help="seed for random (default: %(default)s)"
    )
    other.add_argument("--grader", help="judge model for heuristic-judge (Inspect model name)")
    parser.set_defaults(handler=run_filter)

    sae = subparsers.add_parser("sae", help="train or inspect sparse autoencoders")
    sae_commands = sae.add_subparsers(dest="sae_command", required=True)
    train = sae_commands.add_parser(
        "train",
        help="train an SAE with sae-lens on local text, offline",
        description="Train a TopK SAE on the output of one decoder layer, on local text "
        "(default: the bundled training and contrast sets), and save it.",
    )
    train.add_argument(
        "--model", default=DEFAULT_MODEL, help="model name or path (default: %(default)s)"
    )
    train.add_argument("--layer", type=int, help="decoder layer (default: the middle one)")
    train.add_argument("--text", nargs="+", metavar="FILE", help=".txt or .jsonl training text")
    train.add_argument("--out", help="output folder (default: the emgauge cache)")
    train.add_argument("--width", type=int, help="number of latents (default: 8 x hidden size)")
    train.add_argument(
        "--k", type=int, default=32, help="active latents per token (default: %(default)s)"
    )
    train.add_argument(
        "--tokens", type=int, default=250_000, help="training tokens (default: %(default)s)"
    )
    train.add_argument(
        "--context-size", type=int, default=128, help="tokens per sequence (default: %(default)s)"
    )
    train.add_argument(
        "--lr", type=float, default=1e-3, help="learning rate (default: %(default)s)"
    )
    train.add_argument("--seed", type=int, default=0, help="seed (default: %(default)s)")
    train.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="auto: bf16 where the hardware runs it natively, else fp32 (default: auto)",
    )
    train.add_argument("--force", action="store_true", help="retrain even if it exists")
    train.set_defaults(handler=run_sae_train)
    info = sae_commands.add_parser("info", help="describe an SAE folder, RELEASE:ID or release")
    info.add_argument("spec", metavar="PATH_OR_RELEASE")
    info.set_defaults(handler=run_sae_info)


# ------------------------------------------------------------------------------- filter


def _options(args: argparse.Namespace) -> FilterOptions:
    return FilterOptions(
        model=args.model,
        sae=args.sae,
        layer=args.layer,
        top_k=args.top_k,
        n_toxic=args.n_toxic,
        aggregation=args.aggregation,
        contrast=tuple(args.contrast or ()),
        seed=args.seed,
        grader=args.grader,
        batch_tokens=args.batch_tokens,
        max_length=args.max_length,
        precision=args.precision,
        readout_c=args.readout_c,
    )


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
    if args.out is not None:
        check_output_dir(args.out, force=args.force)
    options = _options(args)
    samples = load_dataset(args.dataset)
    n_remove = budget.n_remove(len(samples))
    method = method_cls(options)
    started = time.perf_counter()
    scores = method.score(label_free(samples))
    seconds = time.perf_counter() - started
    result = apply_filter(samples, scores, budget)
    write_filter_outputs(
        result,
        args.out,
        method=method.name,
        options=method.used_options(),
        dataset_path=args.dataset,
        force=args.force,
        extra={**method.details(), "scoring_seconds": round(seconds, 3)},
    )
    unscored = f", {result.n_unscored} unscored" if result.n_unscored else ""
    print(
        f"{method.name}: removed {n_remove} of {len(samples)} samples "
        f"(budget {args.budget}{unscored}) in {seconds:.1f}s -> {args.out}"
    )
    return 0


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
    from emgauge.mitigations.sae import SAETrainingSettings, train_sae

    layer = args.layer
    if layer is None:
        layer = _middle_layer(args.model)
    settings = SAETrainingSettings(
        model=args.model,
        layer=layer,
        d_sae=args.width,
        k=args.k,
        training_tokens=args.tokens,
        context_size=args.context_size,
        lr=args.lr,
        seed=args.seed,
    )
    started = time.perf_counter()
    folder = train_sae(
        settings, text=args.text, out=args.out, force=args.force, precision=args.precision
    )
    print(f"SAE for {args.model} layer {layer} ({time.perf_counter() - started:.0f}s): {folder}")
    return 0


def _middle_layer(model: str) -> int:
    from transformers import AutoConfig

    from emgauge.models import resolve_model_path

    try:
        config = AutoConfig.from_pretrained(resolve_model_path(model))
    except OSError as error:
        raise InputError(f"cannot load model {model!r}", field="model") from error
    text_config = getattr(config, "text_config", None) or config
    return int(text_config.num_hidden_layers) // 2


def run_sae_info(args: argparse.Namespace) -> int:
    """Handler of ``emgauge sae info``."""
    from emgauge.mitigations.sae import sae_summary

    json.dump(sae_summary(args.spec), sys.stdout, indent=2, default=str)
    print()
    return 0
