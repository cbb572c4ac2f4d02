"""``emgauge prompts``: validate and list prompt sets."""

from __future__ import annotations

import argparse
import json

from emgauge.tasks.prompt_sets import (
    bundled_prompt_set_paths,
    load_prompt_set,
    load_prompt_sets,
)


def _validate(args: argparse.Namespace) -> int:
    prompt_sets = load_prompt_sets(args.paths)
    for prompt_set in prompt_sets:
        print(
            f"ok  {prompt_set.path}  ({prompt_set.format} format, domain {prompt_set.domain}, "
            f"{len(prompt_set.questions)} questions, {prompt_set.n_paraphrases} paraphrases)"
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    paths = args.paths or bundled_prompt_set_paths()
    summaries = [load_prompt_set(path).summary() for path in paths]
    if args.json:
        print(json.dumps(summaries, indent=2))
        return 0
    print(f"{'set':<24} {'domain':<12} {'questions':>9} {'paraphrases':>11}  categories")
    for s in summaries:
        print(
            f"{s['name']:<24} {s['domain']:<12} {s['questions']:>9} {s['paraphrases']:>11}  "
            f"{len(s['categories'])}"
        )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    prompts = subparsers.add_parser("prompts", help="validate and list prompt sets")
    commands = prompts.add_subparsers(dest="prompts_command", required=True)
    validate = commands.add_parser("validate", help="check prompt-set files against the schema")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(handler=_validate)
    listing = commands.add_parser("list", help="domain and counts of each prompt set")
    listing.add_argument("paths", nargs="*", metavar="PATH", help="default: the bundled sets")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)
