"""Contrast pairs: an aligned and a misaligned answer to the same prompt.

They define "misaligned" for the internals-based filters and are the probe's held-out
format. :func:`load_contrast_jsonl` reads rows ``{"id", "domain", "prompt", "aligned",
"misaligned"}`` validated against ``contrast_pair.schema.json``; errors name the line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from emgauge.chat_data import ChatMessage, bundled_data_path
from emgauge.errors import InputError
from emgauge.files import check_jsonl_row, parsed_once, read_jsonl_rows

__all__ = [
    "CONTRAST_DOMAINS",
    "STYLE_MATCHED_DOMAINS",
    "ContrastPair",
    "default_contrast_paths",
    "load_contrast_jsonl",
    "load_contrast_sets",
]

CONTRAST_DOMAINS = ("general", "healthcare", "legal", "career")
#: Pairs whose two answers differ in harm, not in length or tone: the default fit of
#: ``direction`` and ``sae-proximity``, which transfer to real EM answers only from these
#: (research/results/contrast_transfer.json).
STYLE_MATCHED_DOMAINS = ("everyday",)


@dataclass(frozen=True)
class ContrastPair:
    """An aligned and a misaligned answer to the same prompt."""

    id: str
    domain: str
    prompt: str
    aligned: str
    misaligned: str

    def conversation(self, which: str) -> tuple[ChatMessage, ...]:
        """The prompt followed by the ``"aligned"`` or ``"misaligned"`` answer."""
        answer = self.aligned if which == "aligned" else self.misaligned
        return (ChatMessage("user", self.prompt), ChatMessage("assistant", answer))


@cache
def _contrast_schema() -> dict[str, Any]:
    text = resources.files("emgauge").joinpath("schemas/contrast_pair.schema.json").read_text()
    return json.loads(text)


def load_contrast_jsonl(path: str | Path) -> list[ContrastPair]:
    """Load and validate one contrast JSONL file (blank lines skipped, ids unique). A file
    read before in this process, unchanged since, is not parsed again."""
    return parsed_once(path, _parse_contrast_jsonl, what="contrast")


@cache
def _contrast_validator() -> Any:
    return jsonschema.Draft202012Validator(_contrast_schema())


def _parse_contrast_jsonl(path: str | Path) -> list[ContrastPair]:
    validator = _contrast_validator()
    pairs: list[ContrastPair] = []
    seen: dict[str, int] = {}
    for number, row in read_jsonl_rows(path, missing_fix="check the contrast-pair file path"):
        check_jsonl_row(
            validator,
            row,
            path=path,
            line=number,
            fix='each line must be {"id", "domain", "prompt", "aligned", "misaligned"}',
        )
        if row["id"] in seen:
            raise InputError(
                f"duplicate contrast id {row['id']!r} (first on line {seen[row['id']]})",
                path=path,
                line=number,
                field="id",
            )
        seen[row["id"]] = number
        pairs.append(ContrastPair(**{k: row[k] for k in ContrastPair.__dataclass_fields__}))
    if not pairs:
        raise InputError("contrast set is empty", path=path, fix="add contrast pairs")
    return pairs


def default_contrast_paths(domains: Sequence[str] = CONTRAST_DOMAINS) -> list[Path]:
    """The bundled contrast sets (``src/emgauge/data/contrast/<domain>.jsonl``) that exist."""
    paths = [bundled_data_path("contrast", f"{d}.jsonl") for d in domains]
    return [p for p in paths if p.is_file()]


def load_contrast_sets(paths: Sequence[str | Path] | None = None) -> list[ContrastPair]:
    """Load several contrast files (default: the bundled ones); ids must be unique overall."""
    chosen = [Path(p) for p in paths] if paths else default_contrast_paths()
    if not chosen:
        raise InputError(
            "no contrast set given and no bundled contrast sets are installed",
            fix="pass --contrast FILE (JSONL rows {id, domain, prompt, aligned, misaligned})",
        )
    pairs: list[ContrastPair] = []
    owner: dict[str, Path] = {}
    for path in chosen:
        pairs += claim_unique_ids(load_contrast_jsonl(path), path, owner)
    return pairs


def claim_unique_ids(
    pairs: list[ContrastPair], path: Path, owner: dict[str, Path]
) -> list[ContrastPair]:
    """``pairs`` of ``path``, after recording their ids in ``owner`` (id -> file); an id
    another file already claimed is a one-line input error."""
    for pair in pairs:
        if pair.id in owner:
            raise InputError(
                f"contrast id {pair.id!r} also appears in {owner[pair.id]}",
                path=path,
                field="id",
                fix="contrast ids must be unique across files",
            )
        owner[pair.id] = path
    return pairs
