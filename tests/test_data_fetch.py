"""``emgauge data fetch``: pinned, SHA-256-checked downloads of the real judged answers into
the cache, from a local mirror here (no network in tests)."""

from __future__ import annotations

import argparse
import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from emgauge.errors import InputError
from emgauge.judges import real_data_fetch
from emgauge.judges.real_data import default_real_data, fetched_real_data, read_split
from emgauge.judges.real_data_fetch import JudgedFile, fetch_real_data, register_data_commands


def _fixture_files(mirror: Path) -> tuple[JudgedFile, ...]:
    """The pinned files' layout (``<commit>/<path>``) with tiny CSVs written here, and their
    digests computed here: the constants the tests patch in."""
    split = read_split()
    rows = "question,answer,question_id,aligned,coherent\n"
    rows += f"q,fine,{split['test'][0]},90,90\nq,awful,{split['test'][0]},5,90\n"
    files = []
    for number, item in enumerate(real_data_fetch.JUDGED_FILES):
        body = (rows + f"q{number},extra,{split['dev'][0]},80,90\n").encode()
        source = mirror / item.commit / item.path
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(body)
        files.append(
            JudgedFile(item.name, item.path, item.commit, hashlib.sha256(body).hexdigest())
        )
    return tuple(files)


@pytest.fixture
def mirrored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A mirror folder with the fixture files, the constants patched to them, and an empty
    cache (``EMGAUGE_CACHE``)."""
    mirror = tmp_path / "mirror"
    monkeypatch.setattr(real_data_fetch, "JUDGED_FILES", _fixture_files(mirror))
    monkeypatch.setenv("EMGAUGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("EMGAUGE_REAL_DATA", raising=False)
    monkeypatch.delenv(real_data_fetch.MIRROR_ENV, raising=False)
    return mirror, tmp_path / "cache" / "real-data" / "judged"


def _fetch(*argv: str) -> int:
    """``emgauge data fetch ARGV`` through the registered parser, as emgauge.cli runs it."""
    parser = argparse.ArgumentParser(prog="emgauge")
    register_data_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["data", "fetch", *argv])
    return args.handler(args)


@pytest.fixture
def http_mirror(mirrored: tuple[Path, Path]) -> Iterator[str]:
    """The mirror folder served by a local http.server."""
    mirror, _ = mirrored

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, directory=str(mirror), **kwargs)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_from_an_http_mirror_fills_the_cache_where_default_real_data_looks(
    mirrored, http_mirror, capsys
):
    mirror, cache = mirrored
    assert _fetch("--mirror", http_mirror) == 0
    names = sorted(p.name for p in cache.iterdir())
    assert names == sorted(f.name for f in real_data_fetch.JUDGED_FILES)
    for item in real_data_fetch.JUDGED_FILES:
        assert (cache / item.name).read_bytes() == (mirror / item.commit / item.path).read_bytes()
    out = capsys.readouterr().out
    assert out.count("fetched ") == 3 and str(cache) in out
    assert fetched_real_data() == cache and default_real_data() == cache
    # already there and verified: skipped, even with the mirror gone
    assert _fetch("--mirror", str(mirror / "gone")) == 0
    assert capsys.readouterr().out.count("present ") == 3


def test_fetch_from_a_folder_mirror_and_the_env_variable(mirrored, monkeypatch, tmp_path):
    mirror, cache = mirrored
    monkeypatch.setenv(real_data_fetch.MIRROR_ENV, mirror.as_uri())
    done = fetch_real_data()
    assert [state for _, state in done] == ["fetched"] * 3 and len(list(cache.iterdir())) == 3
    # a plain folder path works as a mirror too
    assert [s for _, s in fetch_real_data(tmp_path / "other", mirror=str(mirror))] == [
        "fetched"
    ] * 3


def test_a_sha256_mismatch_leaves_nothing_behind(mirrored):
    mirror, cache = mirrored
    first = real_data_fetch.JUDGED_FILES[0]
    (mirror / first.commit / first.path).write_text("tampered\n")
    with pytest.raises(InputError, match="SHA-256 mismatch") as error:
        fetch_real_data(mirror=str(mirror))
    assert "nothing was written" in str(error.value) and "\n" not in str(error.value)
    assert list(cache.iterdir()) == []  # no partial, no target


def test_a_changed_file_in_the_cache_is_fetched_again(mirrored):
    mirror, cache = mirrored
    fetch_real_data(mirror=str(mirror))
    (cache / real_data_fetch.JUDGED_FILES[1].name).write_text("edited\n")
    states = dict(fetch_real_data(mirror=str(mirror)))
    assert states[real_data_fetch.JUDGED_FILES[1].name] == "fetched"
    assert list(states.values()).count("present") == 2


def test_offline_is_one_line_naming_the_url_and_the_fix(mirrored, capsys):
    from emgauge.cli import main

    _, cache = mirrored
    # a port nobody listens on: the connection is refused, as offline
    url = "http://127.0.0.1:9"
    with pytest.raises(InputError) as error:
        _fetch("--mirror", url)
    message = str(error.value)
    first = real_data_fetch.JUDGED_FILES[0]
    assert f"cannot download {url}/{first.commit}/{first.path}" in message
    assert "--mirror" in message and "\n" not in message
    assert list(cache.iterdir()) == []
    # through emgauge's own CLI: exit 2 and one line, when the data group is registered
    try:
        code = main(["data", "fetch", "--mirror", url])
    except SystemExit:  # `data` not wired into emgauge.cli yet
        pytest.skip("emgauge data is not registered in emgauge.cli")
    assert code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_pinned_constants_match_the_real_data_names_of_the_split():
    split = read_split()
    names = {f.name for f in real_data_fetch.JUDGED_FILES}
    assert names == set(split["files"]["finetuned"]) | set(split["files"]["base"])
    for item in real_data_fetch.JUDGED_FILES:
        assert len(item.commit) == 40 and len(item.sha256) == 64
        assert real_data_fetch.source_url(real_data_fetch.RAW_BASE, item) == (
            f"https://raw.githubusercontent.com/Cloakless/clarifying_EM/{item.commit}/{item.path}"
        )


def test_the_pinned_digests_are_those_of_the_real_files_where_they_are():
    real = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "judged"
    if not real.is_dir():
        pytest.skip("no real judged data beside the checkout")
    for item in real_data_fetch.JUDGED_FILES:
        assert real_data_fetch.sha256_of(real / item.name) == item.sha256
