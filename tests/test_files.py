"""Output folders are checked before work starts, and written only whole."""

import hashlib
from pathlib import Path

import filelock
import pytest

from emgauge.errors import InputError
from emgauge.files import (
    bundled_domain_files,
    check_output_dir,
    choose_domains,
    file_lock,
    find_input_files,
    parsed_once,
    read_jsonl_rows,
    sha256_file,
    staged_directory,
)


def test_output_dir_checks(tmp_path):
    check_output_dir(tmp_path / "new")  # missing is fine
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "result.json").write_text("{}")
    with pytest.raises(InputError, match="already holds results"):
        check_output_dir(tmp_path / "full")
    check_output_dir(tmp_path / "full", force=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        check_output_dir(tmp_path / "file", force=True)


def test_staged_directory_leaves_nothing_on_failure(tmp_path):
    final = tmp_path / "out"
    with pytest.raises(RuntimeError), staged_directory(final) as scratch:
        (scratch / "half.txt").write_text("half")
        raise RuntimeError
    assert not final.exists() and list(tmp_path.iterdir()) == []


def test_jsonl_errors_name_the_line(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"a": 1}\n\n{oops\n')
    rows = read_jsonl_rows(path, missing_fix="x")
    assert next(rows) == (1, {"a": 1})
    with pytest.raises(InputError, match=r"rows.jsonl:3: not valid JSON"):
        next(rows)


def test_file_lock_excludes_a_second_holder_until_released(tmp_path):
    lock = tmp_path / "cache" / ".entry.lock"  # the parent folder is created on demand
    with file_lock(lock):
        with pytest.raises(filelock.Timeout):
            with file_lock(lock, blocking=False):
                pass
    with file_lock(lock, blocking=False):
        pass


def test_sha256_file_matches_hashlib(tmp_path):
    path = tmp_path / "data.bin"
    data = bytes(range(256)) * 5000  # more than one 1 MiB read block
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_find_input_files_expands_folders_and_refuses_other_files(tmp_path):
    logs = tmp_path / "logs"
    (logs / "deeper").mkdir(parents=True)
    for name in ("b.eval", "deeper/a.json", "notes.txt"):
        (logs / name).write_text("x")
    single = tmp_path / "one.eval"
    single.write_text("x")
    found = find_input_files([single, logs], (".eval", ".json"), kinds="logs", fix="pass logs")
    assert found == [single, logs / "b.eval", logs / "deeper" / "a.json"]

    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="empty: folder holds no logs$"):
        find_input_files([tmp_path / "empty"], (".eval",), kinds="logs", fix="pass logs")
    with pytest.raises(InputError, match=r"notes.txt: unsupported file type '.txt' \(pass logs\)"):
        find_input_files([logs / "notes.txt"], (".eval",), kinds="logs", fix="pass logs")
    with pytest.raises(InputError, match="nowhere: file not found"):
        find_input_files([tmp_path / "nowhere"], (".eval",), kinds="logs", fix="pass logs")


def test_choose_domains_defaults_to_all_and_names_the_unknown_in_the_callers_words():
    available = ("general", "legal")
    words = {"unknown": "no sets for domain(s) {names}", "fix": "choose from {available}"}
    assert choose_domains(None, available, **words) == ["general", "legal"]
    assert choose_domains([], available, **words) == ["general", "legal"]
    assert choose_domains(["legal", "legal"], available, **words) == ["legal", "legal"]
    with pytest.raises(InputError) as error:
        choose_domains(["legal", "astrology", "tarot"], available, **words)
    assert str(error.value) == (
        "field 'domains': no sets for domain(s) astrology, tarot (choose from general, legal)"
    )
    with pytest.raises(InputError, match="unknown domain 'tarot'"):
        choose_domains(["tarot", "x"], available, unknown="unknown domain {first!r}", fix="")


def test_bundled_domain_files_are_one_jsonl_per_domain(tmp_path):
    available = ("general", "legal")
    words = {"what": "probe pairs", "instead": "pass probe files"}
    assert bundled_domain_files(tmp_path, ["legal"], available, **words) == [
        tmp_path / "legal.jsonl"
    ]
    assert len(bundled_domain_files(tmp_path, None, available, **words)) == 2
    with pytest.raises(InputError) as error:
        bundled_domain_files(tmp_path, ["astrology"], available, **words)
    assert str(error.value) == (
        "field 'domains': no bundled probe pairs for domain(s) astrology "
        "(choose from general, legal, or pass probe files)"
    )


def test_a_file_is_parsed_once_until_it_changes(tmp_path: Path):
    calls: list[str] = []

    def parse(path: str | Path) -> list[str]:
        calls.append(str(path))
        return Path(path).read_text().split()

    data = tmp_path / "rows.txt"
    data.write_text("a b")
    first = parsed_once(data, parse, what="test")
    first.append("mine")  # callers get their own list
    assert parsed_once(data, parse, what="test") == ["a", "b"] and len(calls) == 1
    assert parsed_once(data, lambda p: ["other"], what="other kind") == ["other"]
    data.write_text("a b c")  # changed: parsed again
    assert parsed_once(data, parse, what="test") == ["a", "b", "c"] and len(calls) == 2
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError):  # the parser reports an unreadable file
        parsed_once(missing, parse, what="test")
