"""The ``emgauge`` command line.

Each area registers its own subcommands (``register(subparsers)``); this module only wires
them together and turns :class:`~emgauge.errors.InputError` into one line and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from emgauge.errors import EXIT_BAD_INPUT, InputError

# Modules that contribute subcommands, each exposing ``register(subparsers)``.
_COMMAND_MODULES = (
    "emgauge.tasks.cli",
    "emgauge.judges.cli",
    "emgauge.evals.cli",  # after the judges: it adds `emgauge judge rescore`
    "emgauge.mitigations.cli",
    "emgauge.finetune",
    "emgauge.diagnostics.cli",
    "emgauge.experiments",
    "emgauge.planning",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other bad input
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _prepare(args: argparse.Namespace) -> int:
    from emgauge.models import embedded_model_dir

    print(f"embedded model ready: {embedded_model_dir()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="emgauge", description=__doc__.splitlines()[0])
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress lines or notes on stderr (also EMGAUGE_QUIET=1)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    prepare = subparsers.add_parser(
        "prepare", help="dequantise the embedded SmolLM2 model into the cache (once)"
    )
    prepare.set_defaults(handler=_prepare)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quiet:
        from emgauge.progress import set_quiet

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
