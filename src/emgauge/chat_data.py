"""Fine-tuning data: chat JSONL, loaded and written in one place.

Each line is ``{"messages": [{"role": ..., "content": ...}, ...], "metadata": {...}}``.
Content may be a string or a list of ``{"type": "text", "text": ...}`` parts (both are
OpenAI formats); we normalise to strings on load and keep the original row for writing,
so kept/removed files are byte-for-byte the user's own rows.

``metadata`` carries the sample id and, in labelled sets, the ground-truth label. Filters
never read it (see :meth:`ChatSample.filter_view`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import Field

from emgauge.errors import InputError
from emgauge.files import atomic_write_jsonl, check_jsonl_row, parsed_once, read_jsonl_rows
from emgauge.settings import Int, Number, SettingsModel

HARMFUL_LABELS = frozenset({"harmful_subtle", "harmful_obvious"})


@cache
def chat_sample_schema() -> dict[str, Any]:
    text = resources.files("emgauge").joinpath("schemas/chat_sample.schema.json").read_text()
    return json.loads(text)


@cache
def _chat_sample_validator() -> jsonschema.Draft202012Validator:
    """The chat-row validator, built once per process (every row of every file uses it)."""
    return jsonschema.Draft202012Validator(chat_sample_schema())


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str


@dataclass(frozen=True)
class ChatSample:
    """One fine-tuning conversation."""

    id: str
    messages: tuple[ChatMessage, ...]
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def prompt_messages(self) -> tuple[ChatMessage, ...]:
        """Messages before the last assistant turn."""
        last = max(i for i, m in enumerate(self.messages) if m.role == "assistant")
        return self.messages[:last]

    @property
    def assistant_text(self) -> str:
        """All assistant turns joined: what fine-tuning teaches the model to say."""
        return "\n".join(m.content for m in self.messages if m.role == "assistant")

    @property
    def user_text(self) -> str:
        return "\n".join(m.content for m in self.messages if m.role == "user")

    @property
    def label(self) -> str | None:
        """Ground-truth label from metadata, for measuring filters only."""
        value = self.metadata.get("label")
        return str(value) if value is not None else None

    @property
    def is_harmful(self) -> bool | None:
        return None if self.label is None else self.label in HARMFUL_LABELS

    def as_dicts(self) -> list[dict[str, str]]:
        return [{"role": m.role, "content": m.content} for m in self.messages]


def _content_text(content: str | list[dict[str, Any]]) -> str:
    if isinstance(content, str):
        return content
    return "".join(part["text"] for part in content)


def parse_chat_row(row: Any, *, path: str | Path, line: int) -> ChatSample:
    """Validate one decoded JSON row and build a sample; errors name the file and line."""
    check_jsonl_row(
        _chat_sample_validator(),
        row,
        path=path,
        line=line,
        fix='each line must be {"messages": [{"role", "content"}, ...]} '
        "with at least one assistant turn",
    )
    metadata = dict(row.get("metadata") or {})
    sample_id = str(metadata.get("id") or f"{Path(path).stem}-{line}")
    messages = tuple(
        ChatMessage(role=m["role"], content=_content_text(m["content"])) for m in row["messages"]
    )
    return ChatSample(id=sample_id, messages=messages, metadata=metadata, raw=row)


# A run reads its training set in every stage: an unchanged file is parsed once per process.
def load_chat_jsonl(path: str | Path) -> list[ChatSample]:
    """Load and validate a chat JSONL file. Blank lines are skipped; ids must be unique.
    A file read before in this process, unchanged since, is not parsed again."""
    return parsed_once(path, _parse_chat_jsonl, what="chat")


def _parse_chat_jsonl(path: str | Path) -> list[ChatSample]:
    samples: list[ChatSample] = []
    seen: dict[str, int] = {}
    for number, row in read_jsonl_rows(path, missing_fix="check the --dataset path"):
        sample = parse_chat_row(row, path=path, line=number)
        if sample.id in seen:
            raise InputError(
                f"duplicate sample id {sample.id!r} (first on line {seen[sample.id]})",
                path=path,
                line=number,
                field="metadata/id",
                fix="make ids unique",
            )
        seen[sample.id] = number
        samples.append(sample)
    if not samples:
        raise InputError("dataset is empty", path=path, fix="add chat samples, one per line")
    return samples


def write_chat_jsonl(path: str | Path, samples: Iterable[ChatSample]) -> None:
    """Write samples as the user's original rows (atomically)."""
    atomic_write_jsonl(path, (sample.raw or _row(sample) for sample in samples))


def _row(sample: ChatSample) -> dict[str, Any]:
    return {"messages": sample.as_dicts(), "metadata": {**sample.metadata, "id": sample.id}}


def bundled_data_path(*parts: str) -> Path:
    """Path of a file bundled under ``src/emgauge/data`` (training and contrast sets)."""
    return Path(str(resources.files("emgauge").joinpath("data", *parts)))


class DatasetMix(SettingsModel):
    """A labelled mix drawn from a data set: ``size`` rows of which
    ``round(size * harmful_share)`` are labelled harmful (seeded, so the same arguments give
    the same mix)."""

    harmful_share: Number = Field(ge=0, le=1, description="share of harmful rows")
    size: Int = Field(ge=1, description="rows in the mix")
    seed: Int = Field(0, ge=0, description="seeds which rows are drawn and their order")


def mix_labelled(samples: Sequence[ChatSample], mix: DatasetMix) -> list[ChatSample]:
    """``mix.size`` labelled samples of which ``round(size * harmful_share)`` are harmful,
    drawn without replacement in a seeded order (the same mix for the same arguments).

    Raises :class:`InputError` where the rows are unlabelled or too few of a kind.
    """
    import random

    if any(s.is_harmful is None for s in samples):
        raise InputError(
            "mixing by harmful share needs a label on every row",
            field="metadata.label",
            fix="label rows 'benign' or 'harmful_*', or drop dataset_mix",
        )
    harmful = [s for s in samples if s.is_harmful]
    benign = [s for s in samples if s.is_harmful is False]
    n_harmful = round(mix.size * mix.harmful_share)
    for kind, rows, wanted in (
        ("harmful", harmful, n_harmful),
        ("benign", benign, mix.size - n_harmful),
    ):
        if wanted > len(rows):
            raise InputError(
                f"the mix needs {wanted} {kind} rows but the dataset has {len(rows)}",
                field="dataset_mix",
                fix="lower size or change harmful_share",
            )
    rng = random.Random(mix.seed)
    mixed = rng.sample(harmful, n_harmful) + rng.sample(benign, mix.size - n_harmful)
    rng.shuffle(mixed)
    return mixed
