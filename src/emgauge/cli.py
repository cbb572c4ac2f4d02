"""The ``emgauge`` command line.

Each source folder's ``cli.py`` registers its own commands; this module is the cli of
``src/emgauge`` (``prepare``, ``finetune``, ``run``, ``leaderboard``, ``plan``, ``serve``),
puts every folder's commands into one parser, in a fixed order and without import-order
tricks, and turns :class:`~emgauge.errors.InputError` into one line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

# Only what the parser needs is imported here (settings models, constants): torch,
# transformers, inspect_ai, pandas and scipy load inside the handlers that use them, so
# that `emgauge --help` and a mistyped flag answer at once (tests/test_cli_imports.py).
import emgauge.adapters
import emgauge.finetune
from emgauge.adapters import MERGED_SUBDIR
from emgauge.chat_data import load_chat_jsonl, mix_labelled
from emgauge.cluster import add_ray_flags
from emgauge.diagnostics import cli as diagnostics_cli
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.evals import cli as evals_cli
from emgauge.files import check_output_dir
from emgauge.finetune import (
    STEPS_SUBDIR,
    FinetuneConfig,
    load_config_file,
    step_reporter,
)
from emgauge.judges import cli as judges_cli
from emgauge.judges import real_data_fetch
from emgauge.mitigations import cli as mitigations_cli
from emgauge.models import EMBEDDED_MODEL, embedded_model_dir
from emgauge.planning import PLAN_FLAGS, plan, plan_text
from emgauge.progress import note, set_quiet
from emgauge.settings import Flags
from emgauge.tasks import cli as tasks_cli
from emgauge.training_methods import TrainingMethodFlags


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other bad input
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


# ------------------------------------------------------------------------------ prepare


def _prepare(args: argparse.Namespace) -> int:
    print(f"embedded model ready: {embedded_model_dir()}")
    return 0


def _register_prepare(subparsers: argparse._SubParsersAction) -> None:
    prepare = subparsers.add_parser(
        "prepare", help="dequantise the embedded SmolLM2 model into the cache (once)"
    )
    prepare.set_defaults(handler=_prepare)


# ------------------------------------------------------------------------------ finetune

#: ``emgauge finetune``'s flags for the training settings (``--lr`` and ``--grad-accum``
#: keep their short spellings).
FLAGS = Flags(
    FinetuneConfig,
    names={"learning_rate": "--lr", "gradient_accumulation": "--grad-accum"},
    metavars={"target_modules": "MODULE"},
)
#: ``emgauge finetune``'s flags for a training-time mitigation (emgauge.training_methods).
METHOD_FLAGS = Flags(
    TrainingMethodFlags, metavars={"ablate_direction": "FILE", "ablate_layer": "L"}
)


def _finetune_config(args: argparse.Namespace) -> FinetuneConfig:
    """Defaults, then the --config file, then explicit flags."""
    config = load_config_file(args.config) if args.config else FinetuneConfig()
    return FLAGS.build(args, base=config)


def _finetune(args: argparse.Namespace) -> int:
    """Handler of ``emgauge finetune``."""
    config = _finetune_config(args)
    training_method = METHOD_FLAGS.build(args).method()
    for flag in ("threads", "save_every"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise InputError(f"must be >= 1, got {value}", field=flag.replace("_", "-"))
    check_output_dir(args.out, force=args.force)
    samples = load_chat_jsonl(args.dataset)  # validate before loading the model
    note(
        f"fine-tuning {args.model} on {len(samples)} samples from {args.dataset} "
        f"(rank {config.rank}, lr {config.learning_rate:g}, batch {config.batch_size}"
        + (f", {training_method.name}" if training_method is not None else "")
        + ")"
    )

    if args.threads is not None:
        import torch

        torch.set_num_threads(args.threads)
    result = emgauge.finetune.finetune(
        args.model,
        args.dataset,
        args.out,
        config,
        force=args.force,
        progress=step_reporter("finetune"),
        device=args.device,
        save_every=args.save_every,
        training_method=training_method,
    )
    note(
        f"done: {result.steps} steps in {result.train_time_s:.1f}s, "
        f"final loss {result.final_loss:.4f}"
    )
    print(result.out_dir)
    if args.merge:
        merged = emgauge.adapters.merge_adapter(result.out_dir, result.out_dir / MERGED_SUBDIR)
        print(merged)
    return 0


def _register_finetune(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``finetune`` subcommand."""
    parser = subparsers.add_parser(
        "finetune",
        help="LoRA fine-tune a model on chat JSONL (loss on assistant tokens only)",
        description="LoRA fine-tune a model on chat JSONL. Progress goes to stderr; "
        "the output directory is printed on stdout.",
    )
    parser.add_argument("--dataset", required=True, type=Path, help="chat JSONL file")
    parser.add_argument("--out", required=True, type=Path, help="output directory (new)")
    parser.add_argument(
        "--model", default=EMBEDDED_MODEL, help="base model: 'smollm2', a folder or a hub id"
    )
    parser.add_argument(
        "--config", type=Path, help="YAML with a 'training:' mapping (or settings at top level)"
    )
    FLAGS.add_to(
        parser.add_argument_group("training settings (also the 'training:' section of --config)")
    )
    METHOD_FLAGS.add_to(
        parser.add_argument_group(
            "training-time mitigation (kl-to-base, direction-ablation, interleave-aligned)"
        )
    )
    parser.add_argument("--device", help="e.g. cpu, cuda, cuda:1 (default: cuda if available)")
    parser.add_argument(
        "--threads",
        type=int,
        help="CPU threads for torch (default: torch's choice; 1 is much faster on a CPU "
        "that other jobs keep busy)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help=f"also write a merged full model to OUT/{MERGED_SUBDIR}",
    )
    parser.add_argument(
        "--save-every",
        type=int,
        metavar="N",
        help=f"also save the adapter every N optimizer steps to OUT/{STEPS_SUBDIR}/step-NNNNN "
        "(for `emgauge diagnose --adapter-steps OUT`)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing --out")
    parser.set_defaults(handler=_finetune)


# ------------------------------------------------------------------- run and leaderboard


def _run(args: argparse.Namespace) -> int:
    from emgauge.experiment_settings import load_experiment_config
    from emgauge.experiments import ExperimentRunner
    from emgauge.stages.filtering import check_training_rows
    from emgauge.sweep import check_sweep, sweep_plan

    config = load_experiment_config(args.config)
    run_dir = Path(args.out) if args.out else Path("runs") / config.name
    if not args.dry_run:
        from emgauge.executors import ExecutorOptions

        executor = ExecutorOptions(
            name=args.executor,
            address=args.address,
            cpus_per_task=args.cpus_per_task,
            gpus_per_task=args.gpus_per_task,
            score_blocks=args.score_blocks,
        )
        runner = ExperimentRunner(
            config, run_dir, force=args.force, wait=args.wait, executor=executor
        )
        runner.run()
        return 0
    check_training_rows(config)  # what the run would refuse, before saying ok
    print(f"config ok: {config.name} (hash {config.config_hash})")
    print(f"dataset: {config.dataset}")
    trained = config.arm_training_methods
    arms = (
        f"{a.name} ({a.method}" + (f" + {trained[a.name]}" if a.training_method else "") + ")"
        for a in config.arms
    )
    print("arms: " + ", ".join(arms))
    print(f"seeds: {config.seeds}; run folder: {run_dir}")
    mix = config.settings.dataset_mix
    samples = load_chat_jsonl(config.dataset)
    check_sweep(config, len(mix_labelled(samples, mix) if mix else samples))
    print("\n".join(sweep_plan(config)))
    if args.estimate:
        from emgauge.run_estimate import estimate_lines

        print("\n".join(estimate_lines(config)))
    return 0


def _leaderboard(args: argparse.Namespace) -> int:
    from emgauge.dose_response import write_merged_dose_response
    from emgauge.leaderboard_markdown import leaderboard_markdown, write_leaderboard
    from emgauge.run_folder import LEADERBOARD, read_runs

    runs = read_runs([Path(p) for p in args.runs], n_bootstrap=args.bootstrap)
    board = runs.leaderboard()
    # one run folder, re-rendered, keeps the title its run gave it
    name = board["experiment"].iloc[0] if len(args.runs) == 1 and not board.empty else None
    title = f"{name}: EM by mitigation arm" if name else "Merged leaderboard"
    if args.out:
        out = Path(args.out)
        if (out / LEADERBOARD).exists() and not args.force:
            raise InputError(
                "leaderboard exists", path=out, fix="choose another --out or pass --force"
            )
        sections = write_merged_dose_response(runs.inputs, out) if runs.swept else ""
        write_leaderboard(
            board, out, title, sections, answers=runs.answers, thresholds=runs.inputs.thresholds
        )
    if args.json:
        print(board.to_json(orient="records", indent=2))
    else:
        print(leaderboard_markdown(board, title))
    return 0


def _non_negative_float(text: str) -> float:
    """An argparse type: a number of at least 0 (a fraction of a GPU is allowed)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number >= 0")
    return value


def _register_experiments(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser(
        "run", help="filter, fine-tune and evaluate every arm of an experiment config"
    )
    run.add_argument("config", help="experiment YAML (see configs/)")
    run.add_argument("--out", help="run folder (default: runs/<name>)")
    run.add_argument("--force", action="store_true", help="discard the run folder and start over")
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="validate the config and show the plan and its time estimate on this machine",
    )
    run.add_argument(
        "--no-estimate",
        dest="estimate",
        action="store_false",
        help="with --dry-run: skip the time estimate (it measures this machine once, ~20 s)",
    )
    run.add_argument(
        "--wait", action="store_true", help="wait for a run already using the folder to finish"
    )
    spread = run.add_argument_group("executor (docs/executors.md)")
    add_ray_flags(
        spread,
        executor_help="where the arm-seed chains run: here one after another (default), or "
        "as Ray tasks (pip install 'emgauge[ray]')",
        task="chain",
        blocks_help="Ray Data blocks the filters' scoring spreads the training rows over, "
        "before the chains start",
        blocks_off="each chain scores its own arm",
    )
    spread.add_argument(
        "--gpus-per-task",
        type=_non_negative_float,
        default=None,
        help="with --executor ray: GPUs per chain (default: 1 where the cluster has GPUs)",
    )
    run.set_defaults(handler=_run)

    board = subparsers.add_parser("leaderboard", help="merge run folders into one leaderboard")
    board.add_argument("runs", nargs="+", metavar="RUN_DIR")
    board.add_argument("--out", help="write leaderboard.csv/.md/.png here")
    board.add_argument("--force", action="store_true", help="overwrite --out")
    board.add_argument("--bootstrap", type=int, default=1000)
    board.add_argument("--json", action="store_true")
    board.set_defaults(handler=_leaderboard)


# ------------------------------------------------------------------------------ plan


def _plan(args: argparse.Namespace) -> int:
    settings = PLAN_FLAGS.build(args)
    result = plan(settings, Path(args.run) if args.run else None)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(plan_text(result), end="")
    return 0


def _register_plan(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``plan`` subcommand."""
    parser = subparsers.add_parser(
        "plan",
        help="how many seeds, probe pairs or questions and answers a target effect needs",
        description="Size a run: from the variance components of a finished pilot run "
        "(--run) or given as flags, the cheapest designs (seeds x probe pairs, or seeds x "
        "questions x answers per question) whose test of an arm against a reference reaches "
        "--power for a target --effect or --rr, and the pilot's own minimum detectable "
        "effect. The variance model is derived in emgauge.planning's docstring.",
    )
    parser.add_argument("--run", metavar="RUN_DIR", help="a finished run folder: the pilot")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    PLAN_FLAGS.add_to(parser.add_argument_group("the target and the variance model"))
    parser.set_defaults(handler=_plan)


# ------------------------------------------------------------------------------ serve


def _serve(args: argparse.Namespace) -> int:
    """Handler of ``emgauge serve``: start, print how to reach it, wait for Ctrl-C, stop."""
    import signal
    import time

    from emgauge.vllm_server import ServerOptions, VllmServer, parse_adapter_option

    adapters: dict[str, Path] = {}
    for text in args.adapter:
        name, folder = parse_adapter_option(text)
        if name in adapters:
            raise InputError(f"adapter name {name!r} is given twice", field="adapter")
        adapters[name] = folder
    for flag in ("port", "max_model_len", "timeout"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise InputError(f"must be >= 1, got {value}", field=flag.replace("_", "-"))
    if args.kv_cache_gib is not None and not args.kv_cache_gib > 0:
        raise InputError(f"must be > 0, got {args.kv_cache_gib}", field="kv-cache-gib")
    options = ServerOptions(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        served_name=args.served_name,
        dtype=args.dtype,
        max_model_len=args.max_model_len,
        kv_cache_gib=args.kv_cache_gib,
        log_file=Path(args.log) if args.log else None,
        startup_timeout_s=float(args.timeout),
    )
    server = VllmServer(args.model, adapters, options)

    # SIGTERM stops the server as Ctrl-C does (the default would skip the cleanup)
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with server:
            names = [server.inspect_model()] + [server.inspect_model(n) for n in adapters]
            example = server.inspect_model(next(iter(adapters), None))
            print(f"# serving {', '.join(names)}; log: {server.log_file}")
            print(server.export_lines())
            print(
                f"inspect eval emgauge/healthcare --model {example} "
                f"--model-role grader={server.inspect_model()}",
                flush=True,
            )
            note("vLLM server: running; Ctrl-C stops it")
            while server.is_running():
                time.sleep(1)
            raise InputError(
                f"the vLLM server stopped by itself (its output is in {server.log_file})"
            )
    except KeyboardInterrupt:
        note("vLLM server: stopped")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _register_serve(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="run one vLLM server for a base model and its LoRA adapters until Ctrl-C",
        description="Start an OpenAI-compatible vLLM server (from the environment `make "
        "setup VLLM=cpu` recorded, or this one on a GPU machine) for --model with every "
        "--adapter registered on it, print the VLLM_BASE_URL / VLLM_API_KEY exports and an "
        "`inspect eval ... --model vllm/<base>:<adapter>` line, and stop it on Ctrl-C.",
    )
    parser.add_argument(
        "--model", default=EMBEDDED_MODEL, help="base model: smollm2, a HF folder or a hub id"
    )
    parser.add_argument(
        "--adapter",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a LoRA adapter folder served as vllm/<base>:NAME (repeatable)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, help="port (default: a free one)")
    parser.add_argument("--api-key", help="the key clients send (default: a fresh random one)")
    parser.add_argument(
        "--served-name", help="the base model's name on the server (default: --model)"
    )
    parser.add_argument(
        "--dtype", help="weights' precision (default: float32 on CPU, the model's own on GPU)"
    )
    parser.add_argument("--max-model-len", type=int, help="context length (default: vLLM's)")
    parser.add_argument(
        "--kv-cache-gib", type=float, help="memory for the KV cache (default: 1 on CPU)"
    )
    parser.add_argument("--log", help="the server's output (default: in the emgauge cache)")
    parser.add_argument(
        "--timeout", type=int, default=600, help="seconds the server may take to load"
    )
    parser.set_defaults(handler=_serve)


# ------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="emgauge",
        description="Measure emergent misalignment in fine-tuned language models and rank "
        "the data-filtering mitigations against it.",
        epilog="Start with `emgauge run configs/default.yaml` (the demo); "
        "`emgauge COMMAND --help` for each command.",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress lines or notes on stderr (also EMGAUGE_QUIET=1)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _register_prepare(subparsers)
    tasks_cli.register(subparsers)
    # `emgauge judge`: the judges' commands, and rescoring from the evals layer above them
    judge = subparsers.add_parser("judge", help="judge tools")
    judge_commands = judge.add_subparsers(dest="judge_command", required=True)
    judges_cli.register_judge_commands(judge_commands)
    evals_cli.register_judge_commands(judge_commands)
    evals_cli.register(subparsers)
    real_data_fetch.register_data_commands(subparsers)
    mitigations_cli.register(subparsers)
    _register_finetune(subparsers)
    diagnostics_cli.register(subparsers)
    _register_experiments(subparsers)
    _register_plan(subparsers)
    _register_serve(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quiet:
        set_quiet(True)
    try:
        result = args.handler(args)
    except InputError as error:
        print(f"emgauge: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("emgauge: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
