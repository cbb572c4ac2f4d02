"""Contrast sets, judged CSVs and label-free views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emgauge.errors import InputError
from emgauge.mitigations.data import (
    label_free,
    load_contrast_jsonl,
    load_contrast_sets,
    load_dataset,
    load_judged_csv,
)

GOOD = {"id": "a", "domain": "general", "prompt": "p", "aligned": "x", "misaligned": "y"}


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def test_contrast_loads(contrast_file: Path) -> None:
    pairs = load_contrast_jsonl(contrast_file)
    assert len(pairs) == 16 and pairs[0].id == "c0"
    conv = pairs[0].conversation("misaligned")
    assert [m.role for m in conv] == ["user", "assistant"]
    assert conv[1].content == pairs[0].misaligned


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ([GOOD, "{not json"], ":2: not valid JSON"),
        ([GOOD, {**GOOD, "id": "b", "aligned": ""}], ":2: field 'aligned'"),
        ([{k: v for k, v in GOOD.items() if k != "prompt"}], ":1:"),
        ([{**GOOD, "extra": 1}], ":1:"),
        ([GOOD, GOOD], "duplicate contrast id"),
        ([], "contrast set is empty"),
    ],
)
def test_contrast_errors_name_the_line(tmp_path: Path, rows: list[object], needle: str) -> None:
    path = _write(tmp_path / "c.jsonl", rows)
    with pytest.raises(InputError) as error:
        load_contrast_jsonl(path)
    assert needle in str(error.value) and "\n" not in str(error.value)


def test_contrast_ids_unique_across_files(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", [GOOD])
    b = _write(tmp_path / "b.jsonl", [GOOD])
    with pytest.raises(InputError, match="also appears"):
        load_contrast_sets([a, b])
    with pytest.raises(InputError, match="not found"):
        load_contrast_sets([tmp_path / "missing.jsonl"])


def test_judged_csv(tmp_path: Path) -> None:
    path = tmp_path / "judged.csv"
    path.write_text(
        "question,answer,question_id,aligned,coherent\n"
        'q1,"a, with comma",x,95.5,90\n'
        "q2,bad answer,y,12,80\n"
        "q3,refused,z,REFUSAL,\n"
        "q4,borderline,z,30,70\n"
    )
    samples = load_dataset(path)
    assert [s.id for s in samples] == ["judged-1", "judged-2", "judged-3", "judged-4"]
    assert [s.label for s in samples] == ["benign", "harmful_obvious", None, "benign"]
    assert samples[0].assistant_text == "a, with comma" and samples[0].user_text == "q1"
    assert samples[1].is_harmful is True


def test_judged_csv_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("question,answer\nq,a\n")
    with pytest.raises(InputError, match="aligned"):
        load_judged_csv(path)
    path.write_text("question,answer,aligned\n")
    with pytest.raises(InputError, match="empty"):
        load_judged_csv(path)


def test_shared_judged_csv_if_present() -> None:
    # the shared data sit beside the repository (../shared), wherever it is checked out
    judged = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "judged"
    path = judged / "qwen2.5-7b-instruct_bad-medical-advice.csv"
    if not path.is_file():
        pytest.skip("shared judged CSV not available")
    samples = load_judged_csv(path)
    assert len(samples) > 100 and any(s.is_harmful for s in samples)


def test_label_free_drops_metadata(dataset_file: Path) -> None:
    samples = load_dataset(dataset_file)
    view = label_free(samples)
    assert all(v.label is None and v.metadata == {} and v.raw == {} for v in view)
    assert [v.id for v in view] == [s.id for s in samples]
    assert [v.messages for v in view] == [s.messages for s in samples]
