"""The user documentation stays short and true: README.md is a page of recipes, every
relative link in README.md, docs/ and the folder READMEs reaches a file (and a heading,
where it names one), and every `emgauge <command>` and `make <target>` the README names exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from emgauge.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
README_MAX_LINES = 220


LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
COMMAND = re.compile(r"\bemgauge ((?:--?[a-z-]+ )*)([a-z][a-z-]*)(?: ([a-z][a-z-]*))?")
MAKE = re.compile(r"\bmake ([a-z][a-z-]*)")


#: Folder READMEs that follow the same rules as docs/ (their links are checked too).
FOLDER_READMES = (
    "results/README.md",
    "mitigations/README.md",
    "diagnostics/README.md",
    "tasks/README.md",
    "evals/emergent_misalignment/README.md",
    "evals/misaligned_preference/README.md",
)


def documentation_files() -> list[Path]:
    docs = sorted((REPO / "docs").rglob("*.md"))
    return [README, *docs, *(REPO / name for name in FOLDER_READMES)]


def heading_anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    anchors = set()
    in_code = False
    for line in path.read_text().splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        title = line.lstrip("#").strip().lower().replace("`", "")
        title = re.sub(r"[^\w\- ]", "", title)
        anchors.add(title.replace(" ", "-"))
    return anchors


def test_readme_is_a_short_page() -> None:
    lines = len(README.read_text().splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): a feature documents "
        "itself in docs/<topic>.md and gives the README one recipe line and a link"
    )


@pytest.mark.parametrize("doc", documentation_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_reach_a_file(doc: Path) -> None:
    broken = []
    for match in LINK.finditer(doc.read_text()):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (doc.parent / path_part).resolve() if path_part else doc
        if not resolved.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in heading_anchors(resolved):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{doc.relative_to(REPO)}: broken links: {', '.join(broken)}"


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def code_of(text: str) -> str:
    """The README's fenced blocks and inline code: where it names commands (prose may say
    "emgauge measures")."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return "\n".join([*fenced, *re.findall(r"`([^`\n]+)`", prose)])


def test_readme_commands_exist() -> None:
    text = code_of(README.read_text())
    top = subcommands(build_parser())
    missing = []
    for match in COMMAND.finditer(text):
        name, sub = match.group(2), match.group(3)
        if name not in top:
            missing.append(f"emgauge {name}")
            continue
        nested = subcommands(top[name])
        if not nested or sub is None:
            continue
        if sub not in nested:
            missing.append(f"emgauge {name} {sub}")
    assert not missing, f"README.md names commands the CLI lacks: {sorted(set(missing))}"


def test_readme_make_targets_exist() -> None:
    makefile = (REPO / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    named = set(MAKE.findall(code_of(README.read_text())))
    assert named <= targets, f"README.md names make targets the Makefile lacks: {named - targets}"
