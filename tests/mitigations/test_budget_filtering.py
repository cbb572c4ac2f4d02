"""Budget arithmetic, ranking, and the filter's output files."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from mitigation_fixtures import write_plain_dataset

from emgauge.chat_data import load_chat_jsonl
from emgauge.errors import InputError
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.filtering import apply_filter, rank_scores, write_filter_outputs


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        ("0.1", 50, 5),
        ("25", 50, 25),
        ("50", 50, 50),
        ("1", 50, 1),
        ("0.25", 10, 3),  # 2.5 rounds half up
        ("0.5", 3, 2),
        ("0.999", 10, 10),
        ("0.1", 6000, 600),
    ],
)
def test_budget_arithmetic(text: str, n: int, expected: int) -> None:
    assert Budget.parse(text).n_remove(n) == expected


def test_budget_kinds() -> None:
    assert Budget.parse("0.1") == Budget(fraction=0.1)
    assert Budget.parse("25") == Budget(count=25)
    assert Budget.parse(0.2) == Budget(fraction=0.2)
    assert Budget.parse(3) == Budget(count=3)


@pytest.mark.parametrize("text", ["0", "0.0", "1.0", "1.5", "-0.1", "-3", "abc", "", "nan", "inf"])
def test_budget_rejects(text: str) -> None:
    with pytest.raises(InputError) as error:
        Budget.parse(text)
    assert "\n" not in str(error.value)


def test_budget_above_dataset_size() -> None:
    with pytest.raises(InputError, match="above the dataset size"):
        Budget.parse("51").n_remove(50)
    with pytest.raises(InputError, match="removes none"):
        Budget.parse("0.001").n_remove(50)


def test_rank_ties_by_original_order_and_nan_last() -> None:
    scores = np.array([0.5, 0.9, np.nan, 0.9, 0.1, 0.5])
    assert rank_scores(scores).tolist() == [3, 1, 6, 2, 5, 4]


def test_apply_filter_removes_highest(tmp_path: Path) -> None:
    samples = load_chat_jsonl(write_plain_dataset(tmp_path / "d.jsonl", 50))
    scores = np.arange(50, dtype=float)  # last samples score highest
    result = apply_filter(samples, scores, Budget.parse("0.1"))
    assert result.n_removed == 5 and result.n_kept == 45
    assert [s.id for s in result.removed] == [f"s{i}" for i in range(45, 50)]
    assert sorted(result.ranks.tolist()) == list(range(1, 51))
    assert {s.id for s in result.kept} | {s.id for s in result.removed} == {s.id for s in samples}


def test_apply_filter_constant_scores_is_stable(tmp_path: Path) -> None:
    samples = load_chat_jsonl(write_plain_dataset(tmp_path / "d.jsonl", 10))
    result = apply_filter(samples, np.zeros(10), Budget(count=3))
    assert [s.id for s in result.removed] == ["s0", "s1", "s2"]


def test_apply_filter_checks_shape(tmp_path: Path) -> None:
    samples = load_chat_jsonl(write_plain_dataset(tmp_path / "d.jsonl", 4))
    with pytest.raises(ValueError):
        apply_filter(samples, np.zeros(3), Budget(count=1))


def test_write_filter_outputs(tmp_path: Path) -> None:
    dataset = write_plain_dataset(tmp_path / "d.jsonl", 20)
    samples = load_chat_jsonl(dataset)
    scores = np.linspace(0, 1, 20)
    scores[3] = np.nan
    result = apply_filter(samples, scores, Budget.parse("0.25"))
    out = tmp_path / "out"
    write_filter_outputs(result, out, method="random", options={"seed": 1}, dataset_path=dataset)
    assert sorted(p.name for p in out.iterdir()) == [
        "filter.json",
        "kept.jsonl",
        "removed.jsonl",
        "scores.csv",
    ]
    lines = dataset.read_text().splitlines()
    kept = (out / "kept.jsonl").read_text().splitlines()
    removed = (out / "removed.jsonl").read_text().splitlines()
    assert len(kept) == 15 and len(removed) == 5
    assert [json.loads(x) for x in kept + removed] == [
        json.loads(lines[i]) for i in list(range(15)) + list(range(15, 20))
    ]
    rows = list(csv.DictReader((out / "scores.csv").open()))
    assert list(rows[0]) == ["sample_id", "score", "rank", "removed"]
    assert rows[3]["score"] == "" and rows[3]["rank"] == "20"
    assert sum(r["removed"] == "true" for r in rows) == 5
    manifest = json.loads((out / "filter.json").read_text())
    assert manifest["method"] == "random"
    assert manifest["counts"] == {"total": 20, "removed": 5, "kept": 15, "unscored": 1}
    assert manifest["dataset"]["sha256"] == hashlib.sha256(dataset.read_bytes()).hexdigest()
    assert manifest["budget"] == {"fraction": 0.25, "count": None}

    with pytest.raises(InputError, match="already holds results"):
        write_filter_outputs(result, out, method="random", options={}, dataset_path=dataset)
    write_filter_outputs(result, out, method="x", options={}, dataset_path=dataset, force=True)
    assert json.loads((out / "filter.json").read_text())["method"] == "x"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
