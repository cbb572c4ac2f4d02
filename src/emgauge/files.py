"""Reading JSONL and YAML inputs with line-numbered errors; writing results atomically, never
over finished work."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from filelock import FileLock

from emgauge.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


def read_jsonl_rows(path: str | Path, *, missing_fix: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, decoded row)`` for each non-blank line of a JSONL file.

    A missing file or a line that is not JSON is an :class:`InputError` naming the file and
    line; ``missing_fix`` says how to point at the right file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path, fix=missing_fix)
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as error:
                raise InputError(
                    f"not valid JSON ({error.msg})",
                    path=path,
                    line=number,
                    fix="each line must hold one JSON object",
                ) from error


def line_of(node: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the YAML node at ``path`` (or its nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if getattr(k, "value", None) == key]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                break
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


def field_name(path: Sequence[str | int]) -> str:
    """How errors name the field at ``path``: ``arms[1].method``."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(top level)"


def config_files(
    config_path: Path,
    node: yaml.Node | None,
    where: Sequence[str | int],
    texts: Sequence[str],
    *,
    what: str,
    fix: str,
) -> tuple[Path, ...]:
    """Files named in a config at ``where`` (a list), each relative to the config's folder,
    else as given; a missing one is an :class:`InputError` naming the file, YAML line and
    field."""
    files = []
    for index, text in enumerate(texts):
        beside = (config_path.parent / text).resolve()
        file = beside if beside.is_file() else Path(text).expanduser().resolve()
        if not file.is_file():
            at = [*where, index]
            raise InputError(
                f"{what} {text!r} not found",
                path=config_path,
                line=line_of(node, at),
                field=field_name(at),
                fix=fix,
            )
        files.append(file)
    return tuple(files)


def find_input_files(
    paths: Sequence[str | Path], suffixes: Sequence[str], *, kinds: str, fix: str
) -> list[Path]:
    """Files named directly, plus every file ending in one of ``suffixes`` anywhere inside a
    named folder (sorted per folder), in the order given.

    One :class:`InputError` each for a folder holding none (``folder holds no <kinds>``), a
    named file of another type (with ``fix``) and a path that does not exist.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in suffixes)
            if not found:
                raise InputError(f"folder holds no {kinds}", path=path)
            files.extend(found)
        elif path.is_file():
            if path.suffix not in suffixes:
                raise InputError(f"unsupported file type {path.suffix!r}", path=path, fix=fix)
            files.append(path)
        else:
            raise InputError("file not found", path=path)
    return files


def choose_domains(
    requested: Sequence[str] | None, available: Sequence[str], *, unknown: str, fix: str
) -> list[str]:
    """The bundled domains to use: ``requested`` as given, or all of ``available`` when none
    are requested.

    A requested domain not in ``available`` is one :class:`InputError` on field ``domains``.
    ``unknown`` (the problem) and ``fix`` are format strings that may name ``{names}`` (the
    unknown domains, comma-separated), ``{first}`` (the first of them) and ``{available}``
    (comma-separated), so each caller keeps its own wording.
    """
    if not requested:
        return list(available)
    missing = [domain for domain in requested if domain not in available]
    if missing:
        words = {
            "names": ", ".join(missing),
            "first": missing[0],
            "available": ", ".join(available),
        }
        raise InputError(unknown.format(**words), field="domains", fix=fix.format(**words))
    return list(requested)


def bundled_domain_files(
    folder: Path,
    requested: Sequence[str] | None,
    available: Sequence[str],
    *,
    what: str,
    instead: str,
) -> list[Path]:
    """``<folder>/<domain>.jsonl`` of each chosen domain (:func:`choose_domains`; all when
    none are requested). An unknown domain reads ``no bundled <what> for domain(s) ...
    (choose from ..., or <instead>)``."""
    chosen = choose_domains(
        requested,
        available,
        unknown=f"no bundled {what} for domain(s) {{names}}",
        fix=f"choose from {{available}}, or {instead}",
    )
    return [folder / f"{domain}.jsonl" for domain in chosen]


Parsed = TypeVar("Parsed")
#: Per process: (what, resolved path, mtime, size) -> the rows parsed from it.
_PARSED: dict[tuple[str, str, int, int], tuple[Any, ...]] = {}
_PARSED_LIMIT = 64


def parsed_once(
    path: str | Path, parse: Callable[[str | Path], Sequence[Parsed]], *, what: str
) -> list[Parsed]:
    """``parse(path)``, or the rows it gave for this file earlier in this process if the
    file has not changed since (same mtime and size). The rows are shared between callers,
    who must not change them (frozen dataclasses, whose dict fields stay unchanged too);
    the list itself is new each time. A file that cannot be read is passed to ``parse``,
    which says so."""
    try:
        stat = Path(path).stat()
        key = (what, str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return list(parse(path))
    if key not in _PARSED:
        rows = tuple(parse(path))
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.pop(next(iter(_PARSED)))  # the oldest
        _PARSED[key] = rows
    return list(_PARSED[key])


def load_yaml(text: str) -> Any:
    """YAML (or JSON) text as data, parsed by libyaml where PyYAML was built with it
    (several times faster than the pure-Python parser on the bundled sources)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_yaml_with_lines(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML/JSON file, keeping its node tree for line numbers in errors."""
    if not path.is_file():
        raise InputError(
            "file not found",
            path=path,
            fix="check the path",
        )
    text = path.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        # One parse: the node tree (for line numbers), then the data built from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(
            f"malformed YAML/JSON: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            fix="fix the syntax at that line",
        ) from error
    finally:
        loader.dispose()
    return data, node


def check_jsonl_row(validator: Any, row: Any, *, path: str | Path, line: int, fix: str) -> None:
    """Raise an :class:`InputError` naming the file, line and field of the first schema
    error of ``row`` (a ``jsonschema`` validator's best match), if it has one."""
    import jsonschema

    error = jsonschema.exceptions.best_match(validator.iter_errors(row))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "row"
        raise InputError(error.message, path=path, line=line, field=where, fix=fix)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a reader never sees half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; results are not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_json(path: str | Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def atomic_write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> None:
    atomic_write_text(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def check_output_dir(path: str | Path, *, force: bool = False) -> None:
    """Refuse an output folder that is a file, or that already holds results (unless
    ``force``), before any work starts."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError("output path exists and is not a directory", path=path)
    if path.is_dir() and any(path.iterdir()) and not force:
        raise InputError(
            "output directory already holds results",
            path=path,
            fix="choose a new --out directory or pass --force to replace it",
        )


def json_digest(data: Any) -> str:
    """SHA-256 of ``data`` as sorted JSON (what else: its ``str``): the cache keys of run
    stages and the config hash are made of it."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB blocks so large files stay out of memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def file_lock(path: str | Path, *, blocking: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed), so that processes sharing a
    cache build each entry once.

    ``filelock`` picks the OS primitive (``flock`` on POSIX, ``msvcrt`` on Windows), so this
    module imports everywhere. With ``blocking=False`` a lock held elsewhere, by another
    process or another lock object in this one, raises :class:`filelock.Timeout` at once.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # timeout 0 tries once: the spelling every filelock since 3.0 understands
    with FileLock(path, timeout=-1 if blocking else 0):
        yield


@contextmanager
def staged_directory(final: str | Path, *, force: bool = False):
    """Yield a scratch directory that becomes ``final`` only if the block succeeds.

    Refuses to replace an existing non-empty ``final`` unless ``force`` is set, so finished
    results are never silently overwritten; on error nothing is left at ``final``.
    """
    final = Path(final)
    check_output_dir(final, force=force)
    final.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp"))
    try:
        yield scratch
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    if final.exists():
        shutil.rmtree(final)
    os.replace(scratch, final)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV or JSONL table; unparseable files are one-line input errors."""
    import pandas as pd  # imported here: most callers of this module never read a table

    if not path.is_file():
        raise InputError("file not found", path=path)
    try:
        return pd.read_json(path, lines=True) if path.suffix == ".jsonl" else pd.read_csv(path)
    except (ValueError, pd.errors.ParserError) as error:
        raise InputError(f"cannot parse table ({str(error).splitlines()[0]})", path=path) from error


def require_columns(
    frame: pd.DataFrame, needed: Iterable[str | tuple[str, ...]], *, path: Path | str, fix: str
) -> None:
    """One-line input error naming the columns ``frame`` lacks; a tuple in ``needed`` is
    satisfied by any one of its columns."""
    missing = [
        " or ".join(column) if isinstance(column, tuple) else column
        for column in needed
        if not any(c in frame.columns for c in (column if isinstance(column, tuple) else (column,)))
    ]
    if missing:
        raise InputError(
            f"missing column(s): {', '.join(missing)}", path=path, field=missing[0], fix=fix
        )
