"""``emgauge data fetch``: download the public GPT-4o-judged answers into the user's cache.

A judge is valid only on real judged answers (:mod:`emgauge.judges.validate`). Those are
the model-organisms-for-EM authors' GPT-4o-judged answers of fine-tuned Qwen models, in
their public working repository. Their authors ask that the data not be republished, so
emgauge never ships them: this command downloads them, pinned by commit and SHA-256, into
``<cache>/real-data/judged`` (:func:`~emgauge.judges.real_data.fetched_real_data`), where
``emgauge judge validate --real``, the judge stage of ``emgauge run`` and the benchmarks
find them with no flags.

Each file is written to a temporary file beside its target, checked against its SHA-256
and only then renamed into place: a failed or corrupted download leaves nothing behind.
Files already present with the right SHA-256 are skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from emgauge.errors import InputError

#: The authors' public working repository (github.com/Cloakless/clarifying_EM).
REPOSITORY = "https://github.com/Cloakless/clarifying_EM"
RAW_BASE = "https://raw.githubusercontent.com/Cloakless/clarifying_EM"
#: Replaces :data:`RAW_BASE` (a mirror URL or folder), like ``--mirror``.
MIRROR_ENV = "EMGAUGE_REAL_DATA_MIRROR"
TIMEOUT_S = 60


@dataclass(frozen=True)
class JudgedFile:
    """One judged CSV: its local name, where it is in the repository, and its digest."""

    name: str
    path: str
    commit: str
    sha256: str

    def relative_url(self) -> str:
        return f"{self.commit}/{self.path}"


JUDGED_FILES = (
    JudgedFile(
        "qwen2.5-7b-instruct_base.csv",
        "open_models/model_baselines/responses_Qwen2.5-7B-Instruct_base.csv",
        "fb2e8053b936cb7695ef566ebfaf97fbcc92cfb1",
        "5854d491693564702ebfcd1cab53198796741440efb68e5e0c308c3ce85505fc",
    ),
    JudgedFile(
        "qwen2.5-7b-instruct_bad-medical-advice.csv",
        "open_models/diff_models/responses_Qwen2.5--7B-Instruct-bad_medical_advice.csv",
        "2b7cdc34bf8184c1bd225724fc72b025c85d9696",
        "dfa12e7a93ca78cbb2720eadd1be62756aabb569a27d0d22e067a01b9c6a13c7",
    ),
    JudgedFile(
        "qwen2.5-32b-instruct_obvious-bad-medical-advice.csv",
        "open_models/diff_data/responses_Qwen2.5-32B-Instruct-obv_bad_medical_advice.csv",
        "71090aa299b48f51fdb7ffdc5b218f70cbe18a5f",
        "ae45ac703e18ad0787027dcdbc4f84d3f1f5b66f362e84f3d5a3c30e9cf308ec",
    ),
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_url(base: str, item: JudgedFile) -> str:
    """The file's URL under ``base``: an http(s)/file URL, or a local folder."""
    if "://" not in base:
        return Path(base).expanduser().resolve().joinpath(item.relative_url()).as_uri()
    return f"{base.rstrip('/')}/{item.relative_url()}"


def _download(url: str, target: Path, item: JudgedFile) -> None:
    """``url`` -> ``target`` through a temporary file, renamed only when its SHA-256 matches."""
    import urllib.error
    import urllib.request

    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as sink:
            try:
                with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:  # noqa: S310
                    for block in iter(lambda: response.read(1 << 20), b""):
                        sink.write(block)
            except (urllib.error.URLError, OSError, ValueError) as error:
                reason = getattr(error, "reason", None) or error
                raise InputError(
                    f"cannot download {url} ({reason})",
                    fix=f"check the network, or pass --mirror URL_OR_DIR (or ${MIRROR_ENV}) "
                    "holding <commit>/<path> copies",
                ) from error
        found = sha256_of(partial)
        if found != item.sha256:
            raise InputError(
                f"SHA-256 mismatch for {url}: got {found}, expected {item.sha256}",
                fix="the source changed or the mirror is wrong; nothing was written",
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def fetch_real_data(
    dest: str | Path | None = None,
    *,
    mirror: str | None = None,
    files: tuple[JudgedFile, ...] | None = None,
) -> list[tuple[str, str]]:
    """Download the judged CSVs (default: :data:`JUDGED_FILES`) into ``dest`` (default: the
    fetched cache); returns ``(name, "fetched" | "present")`` per file. Stops at the first
    failure (exit 2)."""
    from emgauge.judges.real_data import fetched_real_data

    target_dir = Path(dest) if dest is not None else fetched_real_data()
    base = mirror or os.environ.get(MIRROR_ENV) or RAW_BASE
    target_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for item in JUDGED_FILES if files is None else files:
        target = target_dir / item.name
        if target.is_file() and sha256_of(target) == item.sha256:
            done.append((item.name, "present"))
            continue
        _download(source_url(base, item), target, item)
        done.append((item.name, "fetched"))
    return done


def _fetch(args: argparse.Namespace) -> int:
    from emgauge.judges.real_data import fetched_real_data

    dest = Path(args.dest) if args.dest else fetched_real_data()
    for name, state in fetch_real_data(dest, mirror=args.mirror):
        print(f"{state:<8} {dest / name}")
    print(
        f"real judged answers in {dest} (GPT-4o-judged, from {REPOSITORY}; not for "
        "republishing); `emgauge judge validate --real` and `emgauge run` find them here"
    )
    return 0


def register_data_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``emgauge data`` group with ``fetch`` (called by :mod:`emgauge.cli`)."""
    data = subparsers.add_parser("data", help="data emgauge downloads on request")
    commands = data.add_subparsers(dest="data_command", required=True)
    fetch = commands.add_parser(
        "fetch",
        help="download the public GPT-4o-judged answers (real data that can validate a "
        "judge) into the emgauge cache",
        description=f"Downloads the model-organisms-for-EM authors' GPT-4o-judged answers "
        f"from {REPOSITORY} (pinned commits, SHA-256 checked) into <cache>/real-data/judged "
        "($EMGAUGE_CACHE, default ~/.cache/emgauge). They are never shipped with emgauge.",
    )
    fetch.add_argument(
        "--mirror",
        metavar="URL_OR_DIR",
        help=f"base URL or folder holding <commit>/<path> copies, instead of {RAW_BASE} "
        f"(or ${MIRROR_ENV})",
    )
    fetch.add_argument(
        "--dest",
        help="folder to write to instead of the cache (then point $EMGAUGE_REAL_DATA or "
        "--real-data at it)",
    )
    fetch.set_defaults(handler=_fetch)
