"""The experiment file's JSON Schema, generated from :mod:`emgauge.experiment_settings`::

    python -m emgauge.experiment_schema          # rewrite the schema from the models
    python -m emgauge.experiment_schema --check  # exit 1 if the committed schema is stale

``emgauge run`` validates with the models, not with this file, which is there for editors
and readers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emgauge.experiment_settings import ExperimentSettings

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "experiment.schema.json"
SCHEMA_ID = "https://emgauge.dev/schemas/experiment.schema.json"

#: Keys of a schema node in reading order; the rest follow as generated, ``$defs`` last.
_KEY_ORDER = ("title", "description", "type", "required", "additionalProperties", "properties")


def _readable(node: Any) -> Any:
    """A generated schema node for reading: its keys in :data:`_KEY_ORDER`, descriptions on
    one line, and no property titles (pydantic titles each property after its name)."""
    if isinstance(node, list):
        return [_readable(item) for item in node]
    if not isinstance(node, dict):
        return node
    keys = [k for k in _KEY_ORDER if k in node]
    keys += [k for k in node if k not in keys and k != "$defs"] + (["$defs"] * ("$defs" in node))
    readable: dict[str, Any] = {}
    for key in keys:
        value = node[key]
        if key in ("properties", "$defs"):  # name -> schema: keep the names' order
            value = {name: _readable(child) for name, child in value.items()}
            if key == "properties":
                for child in value.values():
                    child.pop("title", None)
        elif key == "description" and isinstance(value, str):
            value = " ".join(value.split())
        else:
            value = _readable(value)
        readable[key] = value
    return readable


def experiment_schema() -> dict[str, Any]:
    """The JSON Schema of an experiment file, generated from :class:`ExperimentSettings`."""
    generated = _readable(ExperimentSettings.model_json_schema())
    generated.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": "Generated from the models in emgauge.experiment_settings by `python -m "
        "emgauge.experiment_schema`; do not edit.",
        "title": "emgauge experiment",
        **generated,
    }


def schema_text() -> str:
    return json.dumps(experiment_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m emgauge.experiment_schema",
        description="Write schemas/experiment.schema.json from the experiment settings models.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed schema differs from the generated one",
    )
    args = parser.parse_args(argv)
    text = schema_text()
    # Bytes, not read_text: universal newlines would hide a file saved with \r\n.
    current = SCHEMA_PATH.read_bytes().decode("utf-8") if SCHEMA_PATH.is_file() else None
    if current == text:
        print(f"{SCHEMA_PATH.name}: up to date")
        return 0
    if args.check:
        print(
            f"out of date: {SCHEMA_PATH}; run `python -m emgauge.experiment_schema`",
            file=sys.stderr,
        )
        return 1
    with SCHEMA_PATH.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"{SCHEMA_PATH.name}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
