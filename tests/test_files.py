"""Output folders are checked before work starts, and written only whole."""

import hashlib

import filelock
import pytest

from emgauge.errors import InputError
from emgauge.files import (
    check_output_dir,
    file_lock,
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
