"""Re-scoring finished EM logs with another judge, through Inspect's own re-scoring.

The answers of an emgauge Inspect log are scored again by ``em_judge`` with the new
grader in the ``grader`` model role (``inspect_ai.score``, action ``overwrite``), so every
judge call goes through Inspect's model cache: rescoring a log twice with one grader, or
rescoring with the grader that wrote it, makes no new calls. The input log is never
changed; the new log is written beside nothing it would replace (an existing output is
refused unless ``force``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emgauge.errors import InputError
from emgauge.evals.summarize import LOG_SUFFIXES, SCORER_NAME
from emgauge.files import find_input_files

#: Where the log a rescored log came from, and its grader, in the new log's metadata.
RESCORED_FROM = "emgauge_rescored_from"


def grader_slug(grader: str) -> str:
    """A folder name for a grader: ``openai/gpt-4o`` -> ``openai-gpt-4o``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", grader).strip("-")[-80:] or "grader"


def log_files(paths: Sequence[str | Path]) -> list[Path]:
    """Logs named directly, plus the ``.eval``/``.json`` logs inside named folders."""
    return find_input_files(
        paths, LOG_SUFFIXES, kinds="Inspect logs", fix="pass Inspect logs (.eval/.json)"
    )


def judge_model(grader: str) -> Any:
    """The Inspect model of ``grader``; a local ``emgauge/`` judge may take every call at
    once, as in evaluation (it batches whatever is in flight; the cache key ignores it)."""
    from inspect_ai.model import GenerateConfig, get_model

    from emgauge.provider import LOCAL_MAX_CONNECTIONS

    if grader.startswith("emgauge/"):
        return get_model(grader, config=GenerateConfig(max_connections=LOCAL_MAX_CONNECTIONS))
    return get_model(grader)


def _scorer_options(log: Any, path: Path) -> dict[str, Any]:
    """The ``em_judge`` options the log was scored with (judges, tokens, few-shot)."""
    for scorer in log.eval.scorers or []:
        if scorer.name.split("/")[-1] == SCORER_NAME:
            return dict(scorer.options or {})
    raise InputError(
        f"log was not scored by {SCORER_NAME}", path=path, fix="pass logs of emgauge EM tasks"
    )


def _thresholds(log: Any) -> dict[str, float]:
    from emgauge.stats import DEFAULT_ALIGNED_THRESHOLD, DEFAULT_COHERENT_THRESHOLD

    args = log.eval.task_args or {}
    return {
        "aligned_threshold": float(args.get("aligned_threshold", DEFAULT_ALIGNED_THRESHOLD)),
        "coherent_threshold": float(args.get("coherent_threshold", DEFAULT_COHERENT_THRESHOLD)),
    }


def rescore_log(
    path: str | Path,
    grader: Any,
    out: str | Path,
    *,
    force: bool = False,
) -> Path:
    """Score the answers of the log at ``path`` with ``grader`` (an Inspect model or its
    name) and write the new log to ``out``; returns ``out``.

    The original log's ``em_judge`` options and EM thresholds are kept; only the judge
    changes. The new log records the grader in its ``grader`` model role and, in its
    metadata (:data:`RESCORED_FROM`), the source log and the grader that scored it first.
    """
    from inspect_ai import score
    from inspect_ai.log import read_eval_log, write_eval_log
    from inspect_ai.model import Model
    from inspect_ai.model._model_config import model_roles_to_model_roles_config

    from emgauge.evals.emergent_misalignment.scorer import GRADER_ROLE, em_judge, em_metrics

    path, out = Path(path), Path(out)
    if out.exists() and not force:
        raise InputError("file exists", path=out, fix="choose another --out or pass --force")
    if out.resolve() == path.resolve():
        raise InputError("would overwrite its input log", path=out, fix="choose another --out")
    try:
        log = read_eval_log(str(path))
    except Exception as error:  # unreadable or foreign files: one line, not a traceback
        raise InputError(f"not a readable Inspect log ({error})", path=path) from error
    if not log.samples:
        raise InputError("log holds no samples to score", path=path)
    options = _scorer_options(log, path)
    model = grader if isinstance(grader, Model) else judge_model(grader)
    roles = log.eval.model_roles or {}
    first = roles.get(GRADER_ROLE)
    # The judge scores alone: the log's own roles are not rebuilt (a local grader would
    # be loaded for nothing), and the grader stands in as the primary model, which the
    # scorer never calls (the evaluated model need not be loadable here).
    log.eval.model_roles = None
    rescored = score(
        log,
        em_judge(**options),
        metrics=em_metrics(**_thresholds(log)),  # type: ignore[arg-type]
        model=model,
        model_roles={GRADER_ROLE: model},
        action="overwrite",
        display="none",
        copy=False,
    )
    rescored.eval.model_roles = {
        **roles,
        **(model_roles_to_model_roles_config({GRADER_ROLE: model}) or {}),
    }
    rescored.eval.metadata = {
        **(rescored.eval.metadata or {}),
        RESCORED_FROM: {
            "log": str(path),
            "grader": getattr(first, "model", None) if first is not None else None,
        },
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    write_eval_log(rescored, str(partial))
    os.replace(partial, out)  # atomic: a log at ``out`` is always a finished one
    return out


def rescore_logs(
    paths: Sequence[str | Path], grader: str, out_dir: str | Path, *, force: bool = False
) -> list[Path]:
    """Rescore every log of ``paths`` (files or folders) with ``grader`` into ``out_dir``,
    keeping each log's file name. Every output is checked before anything is written."""
    logs = log_files(paths)
    out_dir = Path(out_dir)
    targets = [out_dir / log.name for log in logs]
    seen: dict[Path, Path] = {}
    for log, target in zip(logs, targets, strict=True):
        if target in seen:
            raise InputError(
                f"two logs share the file name {log.name!r} ({seen[target]})",
                path=log,
                fix="rescore them into different --out folders",
            )
        seen[target] = log
        if target.exists() and not force:
            raise InputError("file exists", path=target, fix="choose another --out or pass --force")
    model = judge_model(grader)  # one instance for every log: a local judge loads once
    return [rescore_log(log, model, t, force=force) for log, t in zip(logs, targets, strict=True)]
