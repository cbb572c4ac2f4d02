"""Agreement between judges that scored the same answers.

Input is one long table of judged answers, one row per answer and grader (what
``answers_by_grader.csv`` of a run holds): ``grader``, the answer's key
(:data:`ANSWER_KEY`: ``experiment``, ``arm``, ``seed``, ``sample_id``, ``epoch``) and the
judge columns ``aligned``, ``coherent`` (empty where that judge gave no number), plus
``question_id`` for the bootstrap clusters.

Per pair of graders (:func:`judge_agreement`):

* **Spearman** per metric (aligned, coherent) over the answers both graders scored on it;
* **Cohen's kappa** of the EM label (:class:`~emgauge.stats.Thresholds`) over the answers
  both scored on aligned and coherent (:func:`emgauge.stats.cohen_kappa`);
* **Kendall's tau** (tau-b, ties allowed) between the arm rankings the two graders imply:
  by EM rate and by mean aligned score, over the (experiment, arm) rows both rate.

Every figure comes with its n; NaN where it is undefined (fewer than 3 answers or 2 arms,
or one side constant).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import kendalltau, spearmanr

from emgauge.evals.metrics import JudgedAnswer, Thresholds, compute_em_metrics
from emgauge.stats import cohen_kappa

#: The columns that name one answer across graders.
ANSWER_KEY = ("experiment", "arm", "seed", "sample_id", "epoch")
#: The judge metrics compared score by score.
COMPARED_METRICS = ("aligned", "coherent")
#: Fewest answers a Spearman correlation is reported on.
MIN_ANSWERS = 3


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _status(value: Any) -> str:
    return "scored" if value is None or pd.isna(value) or value == "" else str(value)


def judged_answers(frame: pd.DataFrame) -> list[JudgedAnswer]:
    """The rows of an answers table as :class:`JudgedAnswer` (question id as cluster)."""
    return [
        JudgedAnswer(
            aligned=_number(row.get("aligned")),
            coherent=_number(row.get("coherent")),
            harm=_number(row.get("harm")),
            aligned_status=_status(row.get("aligned_status")),
            coherent_status=_status(row.get("coherent_status")),
            cluster=str(row.get("question_id")),
        )
        for row in frame.to_dict("records")
    ]


def grader_table(
    by_grader: pd.DataFrame, thresholds: Thresholds = Thresholds(), *, n_bootstrap: int = 1000
) -> pd.DataFrame:
    """One row per (grader, experiment, arm): ``n``, ``n_scored``, ``em_rate`` with its
    bootstrap interval (``em_ci_low``/``em_ci_high``, the EM metrics' own) and
    ``mean_aligned``, ``mean_coherent``; graders in their order of appearance."""
    rows = []
    for (grader, experiment, arm), frame in by_grader.groupby(
        ["grader", "experiment", "arm"], sort=False
    ):
        metrics = compute_em_metrics(judged_answers(frame), thresholds, n_bootstrap=n_bootstrap)
        rows.append(
            {
                "grader": grader,
                "experiment": experiment,
                "arm": arm,
                **{
                    name: metrics[name]
                    for name in (
                        "n",
                        "n_scored",
                        "em_rate",
                        "em_ci_low",
                        "em_ci_high",
                        "mean_aligned",
                        "mean_coherent",
                    )
                },
            }
        )
    table = pd.DataFrame(rows)
    if not table.empty:
        table[["n", "n_scored"]] = table[["n", "n_scored"]].astype(int)
    return table


def _quiet(function: Any, *args: Any) -> Any:
    with warnings.catch_warnings():  # constant inputs are screened out; no noise
        warnings.simplefilter("ignore")
        return function(*args)


def _spearman(first: pd.Series, second: pd.Series) -> float:
    if len(first) < MIN_ANSWERS or first.nunique() < 2 or second.nunique() < 2:
        return math.nan
    return float(_quiet(spearmanr, first, second).statistic)


def _kendall(first: pd.Series, second: pd.Series) -> float:
    if len(first) < 2 or first.nunique() < 2 or second.nunique() < 2:
        return math.nan
    return float(_quiet(kendalltau, first, second).statistic)


def _em_labels(frame: pd.DataFrame, thresholds: Thresholds) -> np.ndarray:
    return (
        (frame["aligned"] < thresholds.aligned_below)
        & (frame["coherent"] > thresholds.coherent_above)
    ).to_numpy()


def pair_agreement(
    by_grader: pd.DataFrame,
    first: str,
    second: str,
    thresholds: Thresholds = Thresholds(),
    arms: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The agreement of grader ``first`` with ``second`` (see the module docstring).

    ``arms`` is :func:`grader_table` of ``by_grader`` when the caller has it already."""
    key = list(ANSWER_KEY)
    columns = [*key, *COMPARED_METRICS]
    numbers = by_grader[columns].assign(
        **{m: pd.to_numeric(by_grader[m], errors="coerce") for m in COMPARED_METRICS}
    )
    a = numbers[by_grader["grader"] == first]
    b = numbers[by_grader["grader"] == second]
    both = a.merge(b, on=key, suffixes=("_a", "_b"))
    row: dict[str, Any] = {"grader_a": first, "grader_b": second, "n_answers": len(both)}
    for metric in COMPARED_METRICS:
        pairs = both[[f"{metric}_a", f"{metric}_b"]].dropna()
        row[f"spearman_{metric}"] = _spearman(pairs.iloc[:, 0], pairs.iloc[:, 1])
        row[f"n_{metric}"] = len(pairs)
    scored = both.dropna(subset=[f"{m}_{side}" for m in COMPARED_METRICS for side in "ab"])
    labels = {
        side: _em_labels(
            scored.rename(columns={f"{m}_{side}": m for m in COMPARED_METRICS}), thresholds
        )
        for side in "ab"
    }
    row["kappa_em"] = cohen_kappa(labels["a"], labels["b"])
    row["n_em"] = len(scored)
    if arms is None:
        arms = grader_table(
            by_grader[by_grader["grader"].isin([first, second])], thresholds, n_bootstrap=0
        )
    per_arm = (
        arms[arms["grader"] == first]
        .merge(arms[arms["grader"] == second], on=["experiment", "arm"], suffixes=("_a", "_b"))
        .replace([np.inf, -np.inf], np.nan)
    )
    for measure in ("em_rate", "mean_aligned"):
        ranked = per_arm[[f"{measure}_a", f"{measure}_b"]].dropna()
        row[f"kendall_{measure}"] = _kendall(ranked.iloc[:, 0], ranked.iloc[:, 1])
        row[f"n_arms_{measure}"] = len(ranked)
    return row


def judge_agreement(
    by_grader: pd.DataFrame,
    thresholds: Thresholds = Thresholds(),
    graders: Sequence[str] | None = None,
    arms: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per pair of graders (in ``graders`` order, default: order of appearance):
    ``grader_a``, ``grader_b``, ``n_answers`` (answers both scored at all),
    ``spearman_aligned``/``n_aligned``, ``spearman_coherent``/``n_coherent``,
    ``kappa_em``/``n_em``, ``kendall_em_rate``/``n_arms_em_rate`` and
    ``kendall_mean_aligned``/``n_arms_mean_aligned``."""
    names = list(graders) if graders is not None else list(dict.fromkeys(by_grader["grader"]))
    if arms is None:
        arms = grader_table(by_grader, thresholds, n_bootstrap=0)
    rows = [
        pair_agreement(by_grader, first, second, thresholds, arms)
        for index, first in enumerate(names)
        for second in names[index + 1 :]
    ]
    return pd.DataFrame(rows)
