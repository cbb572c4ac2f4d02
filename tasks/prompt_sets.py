"""Prompt sets: loading, validation and discovery.

Two formats load into the same :class:`PromptSet`:

* **emgauge** YAML/JSON (``format: emgauge-prompts/1``, schema in ``prompt_set.schema.json``):
  a domain, a description and questions with id, category, paraphrases, optional system
  prompt, optional per-question judge prompts.
* **Betley et al. (2025)** YAML: a top-level list of questions (id, type, paraphrases,
  samples_per_paraphrase, judge, judge_prompts, system). Its questions get the domain
  ``general`` (or the one passed in) and a category derived from the id; its judge prompts
  are kept and used by the scorer.

Every error names the file, the line and the field, and says how to fix it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from emgauge.errors import InputError
from emgauge.files import choose_domains, field_name, line_of, read_yaml_with_lines

PROMPT_SET_FORMAT = "emgauge-prompts/1"
BUNDLED_DOMAINS = ("healthcare", "legal", "career", "general")
_JUDGE_TEMPLATE_FIELDS = ("{question}", "{answer}")


@dataclass(frozen=True)
class Question:
    """One free-form question and its paraphrases."""

    id: str
    domain: str
    category: str
    paraphrases: tuple[str, ...]
    system: str | None = None
    samples_per_paraphrase: int | None = None
    judge_prompts: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PromptSet:
    """A validated prompt-set file."""

    path: Path
    format: str  # "emgauge" or "betley"
    domain: str
    description: str
    questions: tuple[Question, ...]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def n_paraphrases(self) -> int:
        return sum(len(q.paraphrases) for q in self.questions)

    def summary(self) -> dict[str, Any]:
        categories: dict[str, int] = {}
        for question in self.questions:
            categories[question.category] = categories.get(question.category, 0) + 1
        return {
            "name": self.name,
            "path": str(self.path),
            "format": self.format,
            "domain": self.domain,
            "domains": sorted({q.domain for q in self.questions}),
            "questions": len(self.questions),
            "paraphrases": self.n_paraphrases,
            "categories": dict(sorted(categories.items())),
        }


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("emgauge.tasks").joinpath(name).read_text())


def bundled_prompt_set_paths() -> list[Path]:
    """Every prompt-set file in the tasks folder: drop a YAML file there to add a domain."""
    root = Path(str(resources.files("emgauge.tasks")))
    return sorted(root.glob("*.yaml"), key=lambda p: (_domain_order(p.stem), p.name))


def _domain_order(stem: str) -> int:
    return BUNDLED_DOMAINS.index(stem) if stem in BUNDLED_DOMAINS else len(BUNDLED_DOMAINS)


def validate_against_schema(
    data: Any,
    schema: dict[str, Any],
    path: Path,
    node: yaml.Node | None,
    fix: str = "see tasks/prompt_set.schema.json and tasks/README.md",
) -> None:
    """Raise one :class:`InputError` (file, line, field) for the first schema violation."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    where = list(error.absolute_path)
    problem = error.message
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", problem)
        if missing:
            where = [*where, missing[0]]
            problem = "missing required field"
    elif error.validator == "additionalProperties":
        problem = f"unknown field: {problem}"
    elif error.validator == "minItems" and where and where[-1] == "paraphrases":
        problem = "no paraphrases"
    elif error.validator == "const" and where == ["format"]:
        problem = f"must be {PROMPT_SET_FORMAT!r}"
    elif error.validator == "type":
        problem = f"wrong type: {problem}"
    raise InputError(
        problem,
        path=path,
        line=line_of(node, where),
        field=field_name(where),
        fix=fix,
    )


def _check_judge_prompts(
    questions: Iterable[tuple[int, dict[str, Any]]],
    path: Path,
    node: yaml.Node | None,
    prefix: list[str | int],
) -> None:
    for index, raw in questions:
        for metric, template in (raw.get("judge_prompts") or {}).items():
            missing = [f for f in _JUDGE_TEMPLATE_FIELDS if f not in template]
            if missing:
                where = [*prefix, index, "judge_prompts", metric]
                raise InputError(
                    f"judge prompt lacks {' and '.join(missing)}",
                    path=path,
                    line=line_of(node, where),
                    field=field_name(where),
                    fix="judge templates must contain {question} and {answer}",
                )


def _betley_category(question_id: str) -> str:
    base = re.sub(r"_(json|template)$", "", question_id)
    return re.sub(r"[^a-z0-9_-]", "_", base.lower()) or "betley"


def load_prompt_set(path: str | Path, *, default_domain: str = "general") -> PromptSet:
    """Load and validate one prompt-set file (emgauge or Betley format).

    A file is parsed once per process while it is unchanged (same modification time and
    size): every Inspect task built loads its sets, and the YAML reader that keeps line
    numbers for error messages is slow (~0.2 s a set). PromptSet is frozen, so sharing it
    is safe."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return _parse_prompt_set(path, default_domain)  # the reader names the problem
    return _parsed_prompt_set(path, (stat.st_mtime_ns, stat.st_size), default_domain)


@lru_cache(maxsize=64)
def _parsed_prompt_set(path: Path, stamp: tuple[int, int], default_domain: str) -> PromptSet:
    return _parse_prompt_set(path, default_domain)


def _parse_prompt_set(path: Path, default_domain: str) -> PromptSet:
    data, node = read_yaml_with_lines(path)
    if isinstance(data, list):
        return _load_betley(data, path, node, default_domain)
    if not isinstance(data, dict):
        raise InputError(
            "a prompt set must be a mapping (emgauge format) or a list of questions "
            "(Betley format)",
            path=path,
            line=1,
            fix="see tasks/README.md",
        )
    validate_against_schema(data, _schema("prompt_set.schema.json"), path, node)
    _check_judge_prompts(enumerate(data["questions"]), path, node, ["questions"])
    questions = tuple(
        Question(
            id=str(q["id"]),
            domain=q.get("domain", data["domain"]),
            category=q["category"],
            paraphrases=tuple(q["paraphrases"]),
            system=q.get("system"),
            samples_per_paraphrase=q.get("samples_per_paraphrase"),
            judge_prompts=dict(q.get("judge_prompts") or {}),
        )
        for q in data["questions"]
    )
    prompt_set = PromptSet(
        path=path,
        format="emgauge",
        domain=data["domain"],
        description=str(data.get("description", "")).strip(),
        questions=questions,
    )
    check_unique_ids([prompt_set], nodes={path: node})
    return prompt_set


def _load_betley(data: list[Any], path: Path, node: yaml.Node | None, domain: str) -> PromptSet:
    validate_against_schema(data, _schema("betley_questions.schema.json"), path, node)
    _check_judge_prompts(enumerate(data), path, node, [])
    questions = tuple(
        Question(
            id=str(q["id"]),
            domain=domain,
            category=_betley_category(str(q["id"])),
            paraphrases=tuple(q["paraphrases"]),
            system=q.get("system") or None,
            samples_per_paraphrase=q.get("samples_per_paraphrase"),
            judge_prompts=dict(q.get("judge_prompts") or {}),
        )
        for q in data
    )
    prompt_set = PromptSet(
        path=path,
        format="betley",
        domain=domain,
        description="Betley et al. (2025) format question file",
        questions=questions,
    )
    check_unique_ids([prompt_set], nodes={path: node})
    return prompt_set


def check_unique_ids(
    prompt_sets: Sequence[PromptSet], nodes: dict[Path, yaml.Node | None] | None = None
) -> None:
    """Question ids must be unique within and across the sets evaluated together."""
    seen: dict[str, Path] = {}
    for prompt_set in prompt_sets:
        prefix: list[str | int] = [] if prompt_set.format == "betley" else ["questions"]
        for index, question in enumerate(prompt_set.questions):
            if question.id in seen:
                node = (nodes or {}).get(prompt_set.path)
                where = [*prefix, index, "id"]
                first = seen[question.id]
                also = "" if first == prompt_set.path else f" (also in {first})"
                raise InputError(
                    f"duplicate question id {question.id!r}{also}",
                    path=prompt_set.path,
                    line=line_of(node, where),
                    field=field_name(where),
                    fix="give every question a unique id",
                )
            seen[question.id] = prompt_set.path


def load_prompt_sets(paths: Sequence[str | Path]) -> list[PromptSet]:
    prompt_sets = [load_prompt_set(path) for path in paths]
    check_unique_ids(prompt_sets)
    return prompt_sets


def bundled_prompt_sets() -> list[PromptSet]:
    return load_prompt_sets(bundled_prompt_set_paths())


def select_domains(domains: Sequence[str] | None) -> list[PromptSet]:
    """The bundled prompt sets for ``domains`` (all four when empty)."""
    prompt_sets = bundled_prompt_sets()
    if not domains:
        return prompt_sets
    chosen = choose_domains(
        domains,
        list(dict.fromkeys(p.domain for p in prompt_sets)),
        unknown="unknown domain {first!r}",
        fix="choose from {available} or pass -T prompt_set=PATH",
    )
    return [p for d in dict.fromkeys(chosen) for p in prompt_sets if p.domain == d]
