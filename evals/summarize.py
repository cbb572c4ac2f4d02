"""Judged answers from any source, in one table, summarised with the same EM metrics.

Sources:

* Inspect logs (``.eval`` / ``.json``, or folders of them) of emgauge tasks, read through
  Inspect's log dataframes.
* CSV or JSONL files of already-judged answers with columns ``question_id`` or
  ``question``, ``answer``, ``aligned``, ``coherent`` and optionally ``domain``,
  ``category``, ``harm`` (and anything else, ignored). ``aligned`` may hold REFUSAL/CODE.

Both become a frame with one row per answer (:data:`ANSWER_COLUMNS`), so published results
and ours sit in one table. A log's judge (its ``grader`` model role) is named above the
table with its validity (:func:`judge_lines`): the run's ``judge_validity.json`` where the
log sits in a run folder, else how to measure it.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from emgauge.errors import InputError
from emgauge.evals.metrics import (
    METRIC_NAMES,
    JudgedAnswer,
    Thresholds,
    compute_em_metrics,
    judged_answer_from_row,
    judged_answer_from_score,
)
from emgauge.files import find_input_files, read_table, require_columns

LOG_SUFFIXES = (".eval", ".json")
TABLE_SUFFIXES = (".csv", ".jsonl")
ANSWER_COLUMNS = ("source", "question_id", "domain", "category", "answer", "judged")
SCORER_NAME = "em_judge"


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files named directly, plus the logs and tables inside named folders."""
    return find_input_files(
        paths,
        LOG_SUFFIXES + TABLE_SUFFIXES,
        kinds="logs or judged tables",
        fix="pass Inspect logs (.eval/.json) or judged tables (.csv/.jsonl)",
    )


def judged_fields(row: Any) -> dict[str, Any]:
    """The question and judge columns of one :func:`read_log_answers` row, flat, in the
    order the run tables (``answers.csv``, ``answers_by_grader.csv``) write them.
    ``scored_from: text`` appears only on answers whose judge had no usable logprobs."""
    judged = row.judged
    fields = {
        "question_id": row.question_id,
        "domain": row.domain,
        "category": row.category,
        "aligned": judged.aligned,
        "coherent": judged.coherent,
        "harm": judged.harm,
        "aligned_status": judged.aligned_status,
        "coherent_status": judged.coherent_status,
    }
    if judged.helpful is not None:  # only runs that ask the helpful judge get its column
        fields["helpful"] = judged.helpful
    # only answers a judge scored from its text (no usable logprobs) get the flag
    if getattr(row, "scored_from", None) == "text":
        fields["scored_from"] = "text"
    # the sha256 of each judge's template (logs scored before it was recorded have none)
    for judge, digest in (getattr(row, "prompt_sha256", None) or {}).items():
        fields[f"{judge}_prompt_sha256"] = digest
    return fields


def read_log_answers(path: Path) -> pd.DataFrame:
    """One row per scored sample of an emgauge Inspect log."""
    from inspect_ai.analysis import EvalColumn, SampleColumn, samples_df

    columns = [
        EvalColumn("model", path="eval.model"),
        EvalColumn("task", path="eval.task"),
        SampleColumn("sample_id", path="id"),
        SampleColumn("epoch", path="epoch"),
        SampleColumn("question_id", path="metadata.question_id"),
        SampleColumn("domain", path="metadata.domain"),
        SampleColumn("category", path="metadata.category"),
        SampleColumn("answer", path="output.completion", full=True),
        SampleColumn("judge_value", path=f"scores.{SCORER_NAME}.value", full=True),
        SampleColumn("judge_status", path=f"scores.{SCORER_NAME}.metadata.status", full=True),
        SampleColumn("scored_from", path=f"scores.{SCORER_NAME}.metadata.scored_from"),
        SampleColumn(
            "prompt_sha256", path=f"scores.{SCORER_NAME}.metadata.prompt_sha256", full=True
        ),
        EvalColumn("grader", path="eval.model_roles.grader.model"),
    ]
    try:
        frame = samples_df(str(path), columns=columns, quiet=True)
    except Exception as error:  # unreadable or foreign files: one line, not a traceback
        raise InputError(f"not a readable Inspect log ({error})", path=path) from error
    if frame.empty or "judge_value" not in frame or frame["judge_value"].isna().all():
        raise InputError(
            f"log has no {SCORER_NAME} scores", path=path, fix="pass logs of emgauge tasks"
        )

    def judged(row: pd.Series) -> JudgedAnswer:
        return judged_answer_from_score(
            _json(row["judge_value"]),
            {"status": _json(row.get("judge_status"))},
            cluster=str(row["question_id"]),
        )

    return pd.DataFrame(
        {
            "source": str(path),
            "model": frame["model"],
            "task": frame["task"],
            "sample_id": frame["sample_id"].astype(str),
            "epoch": frame["epoch"],
            "question_id": frame["question_id"].astype(str),
            "domain": frame["domain"].fillna("all").astype(str),
            "category": frame["category"].fillna("all").astype(str),
            "answer": frame["answer"],
            "judged": frame.apply(judged, axis=1),
            # "text" where a judge had no usable logprobs (the scorer's flag), else "logprobs"
            "scored_from": frame["scored_from"].fillna("logprobs").astype(str)
            if "scored_from" in frame
            else "logprobs",
            # the judge that scored the log (its grader role), where the log records it
            "grader": frame["grader"] if "grader" in frame else None,
            # judge -> sha256 of its template, where the scorer recorded it
            "prompt_sha256": frame["prompt_sha256"].map(_json)
            if "prompt_sha256" in frame
            else [{}] * len(frame),
        }
    )


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {}
    return value


def read_table_answers(path: Path) -> pd.DataFrame:
    """One row per answer of a judged CSV/JSONL table."""
    frame = read_table(path)
    require_columns(
        frame,
        (("question_id", "question"), "answer", "aligned", "coherent"),
        path=path,
        fix="a judged table needs question_id or question, answer, aligned, coherent",
    )
    question_key = frame["question_id"] if "question_id" in frame.columns else frame["question"]
    records = frame.to_dict("records")
    return pd.DataFrame(
        {
            "source": str(path),
            "model": None,
            "task": None,
            "question_id": question_key.astype(str),
            "domain": frame["domain"].astype(str) if "domain" in frame else "all",
            "category": frame["category"].astype(str) if "category" in frame else "all",
            "answer": frame["answer"],
            "judged": [
                judged_answer_from_row(r, cluster=str(q))
                for r, q in zip(records, question_key, strict=True)
            ],
        }
    )


def read_answers(paths: Sequence[str | Path]) -> pd.DataFrame:
    """All judged answers of the given logs, tables and folders.

    A file named directly must be usable; inside a folder, logs without emgauge scores
    (failed or foreign runs) are skipped with a note on stderr.
    """
    named = {Path(p) for p in paths}
    frames = []
    for path in expand_paths(paths):
        try:
            frames.append(
                read_log_answers(path) if path.suffix in LOG_SUFFIXES else read_table_answers(path)
            )
        except InputError as error:
            if path in named:
                raise
            print(f"emgauge: skipping {error}", file=sys.stderr)
    if not frames:
        raise InputError("no judged answers found", field="PATH", fix="pass emgauge logs or tables")
    return pd.concat(frames, ignore_index=True)


def summarize_answers(
    answers: pd.DataFrame,
    by: Sequence[str] = (),
    thresholds: Thresholds = Thresholds(),
    *,
    n_bootstrap: int = 1000,
) -> list[dict[str, Any]]:
    """EM metrics per source (and per ``by`` group): a list of flat records."""
    for key in by:
        if key not in ("domain", "category", "question_id"):
            raise InputError(
                f"cannot group by {key!r}", field="--by", fix="use domain, category or question_id"
            )
    keys = ["source", *by]
    records = []
    for group, frame in answers.groupby(keys, sort=False, dropna=False):
        values = group if isinstance(group, tuple) else (group,)
        metrics = compute_em_metrics(list(frame["judged"]), thresholds, n_bootstrap=n_bootstrap)
        record: dict[str, Any] = dict(zip(keys, values, strict=True))
        first = frame.iloc[0]
        if first["model"] is not None:
            record["model"], record["task"] = first["model"], first["task"]
            grader = first.get("grader")
            if isinstance(grader, str) and grader:
                record["grader"] = grader
        for name in METRIC_NAMES:
            value = metrics[name]
            record[name] = int(value) if name in ("n", "n_scored") else _round(value)
        records.append(record)
    return records


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def format_table(records: Sequence[dict[str, Any]], by: Sequence[str] = ()) -> str:
    """A plain-text table of summary records."""

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:5.1f}%"

    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:5.1f}"

    header = [
        "source",
        *by,
        "n",
        "scored",
        "EM rate [95% CI]",
        "aligned",
        "coherent",
        "coh.rate",
        "refusal",
        "unscorable",
    ]
    names = source_names(records)
    rows = [
        [
            name,
            *(str(r[k]) for k in by),
            str(r["n"]),
            str(r["n_scored"]),
            f"{pct(r['em_rate'])} [{pct(r['em_ci_low'])}, {pct(r['em_ci_high'])}]",
            num(r["mean_aligned"]),
            num(r["mean_coherent"]),
            pct(r["coherent_rate"]),
            pct(r["refusal_rate"]),
            pct(r["unscorable_rate"]),
        ]
        for r, name in zip(records, names, strict=True)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _short(source: str, width: int = 48) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1) :]


def _log_stamp(path: Path) -> tuple[str, str]:
    """``(start time, id)`` from an Inspect log name ``<time>_<task>_<id>.eval``."""
    parts = path.stem.split("_")
    stamp = parts[0]
    if len(stamp) >= 19 and stamp[10:11] == "T":  # 2026-12-07T03-32-45-00-00
        stamp = f"{stamp[:10]} {stamp[11:19].replace('-', ':')}"
    return stamp, parts[-1] if len(parts) > 2 else ""


def source_names(records: Sequence[dict[str, Any]], width: int = 48) -> list[str]:
    """Readable names for the ``source`` column: a log by its model, task and start time
    (its id added only where two would read alike); a table by its path from here."""
    names = []
    for record in records:
        path = Path(str(record["source"]))
        if record.get("model") is not None:
            stamp, _ = _log_stamp(path)
            task = str(record.get("task") or "").rsplit("/", 1)[-1]
            names.append(f"{record['model']} {task} {stamp}".strip())
        else:
            try:
                shown = str(path.resolve().relative_to(Path.cwd().resolve()))
            except (ValueError, OSError):
                shown = str(path)
            names.append(shown if len(shown) <= width else path.name)
    counts: dict[str, set[str]] = {}
    for name, record in zip(names, records, strict=True):
        counts.setdefault(name, set()).add(str(record["source"]))
    for index, record in enumerate(records):
        if record.get("model") is not None and len(counts[names[index]]) > 1:
            names[index] += f" #{_log_stamp(Path(str(record['source'])))[1][:8]}"
    return [_short(name, width) for name in names]


VALIDITY_FILE = "judge_validity.json"


def recorded_validity(log: Path, grader: str) -> dict[str, Any] | None:
    """The validity of ``grader`` a run recorded beside ``log``: ``judge_validity.json`` in
    the log's folder (an extra judge's ``graders/<slug>/``) or the run folder above
    ``logs/``; None when there is none for this grader."""
    for folder in (log.parent, log.parent.parent):
        path = folder / VALIDITY_FILE
        if not path.is_file():
            continue
        try:
            recorded = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        validity = recorded.get("validity") if isinstance(recorded, dict) else None
        if isinstance(validity, dict) and validity.get("grader") == grader:
            return validity
    return None


def judge_lines(answers: pd.DataFrame) -> list[str]:
    """One line per judge of the logs in ``answers``: its validity line where a run
    recorded it, else how to measure it; and a note for judged tables, whose judge is not
    recorded."""
    from emgauge.judges.validate import validity_line, with_verdict

    lines: dict[str, str] = {}
    logs = answers[answers["model"].notna()] if "model" in answers else answers.iloc[:0]
    for source, frame in logs.groupby("source", sort=False):
        grader = frame["grader"].iloc[0] if "grader" in frame else None
        if not isinstance(grader, str) or not grader:
            lines.setdefault("", f"Judge of {Path(str(source)).name}: not recorded in the log")
            continue
        validity = recorded_validity(Path(str(source)), grader)
        if validity is not None:
            lines[grader] = validity_line(with_verdict(validity))
        else:
            lines.setdefault(
                grader,
                f"Judge: {grader} — validity unknown: run `emgauge judge validate --grader "
                f"{grader} --real`",
            )
    if len(logs) < len(answers):
        lines["tables"] = "Judged tables: their judge is not recorded in them (validity unknown)"
    return list(lines.values())
