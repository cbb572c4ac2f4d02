"""The bundled JSONL is what ``python -m emgauge.data.build`` makes of sources/*.yaml."""

from __future__ import annotations

import copy
import functools
import shutil
from pathlib import Path

import pytest
import yaml

from emgauge.data import build


def _copy_outputs(tmp_path: Path) -> Path:
    for folder in ("train", "contrast", "aligned", "utility"):
        shutil.copytree(build.DATA_DIR / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    """What the committed sources build to, by path under the data folder: built once for
    the checks below (a build takes seconds)."""
    return {
        path.relative_to(build.DATA_DIR).as_posix(): text for path, text in build.build().items()
    }


def _reuse(built: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``build.build`` gives ``built``, under whatever ``build.DATA_DIR`` is then."""
    monkeypatch.setattr(
        build, "build", lambda: {build.DATA_DIR / name: text for name, text in built.items()}
    )


def test_check_passes_on_committed_files(
    built: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _reuse(built, monkeypatch)
    assert build.main(["--check"]) == 0
    assert "train/healthcare.jsonl: 400 rows" in capsys.readouterr().out


def test_check_names_missing_and_truncated_files(
    built: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _reuse(built, monkeypatch)
    data_dir = _copy_outputs(tmp_path)
    target = data_dir / "train" / "legal.jsonl"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)[:10]
    target.write_text("".join(lines), encoding="utf-8")
    (data_dir / "contrast" / "general.jsonl").unlink()
    monkeypatch.setattr(build, "DATA_DIR", data_dir)

    assert build.main(["--check"]) == 1
    err = capsys.readouterr().err
    # Files are checked in sorted order: contrast/ comes first.
    assert "out of date: contrast/general.jsonl missing" in err
    assert "2 file(s) out of date" in err
    assert target.read_text(encoding="utf-8") == "".join(lines)  # --check never writes


@pytest.mark.slow  # the fast tier stays near a minute; CI runs it
def test_check_reports_a_changed_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _copy_outputs(tmp_path)
    target = data_dir / "train" / "legal.jsonl"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].replace("legal-0007", "legal-9999")
    target.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(build, "DATA_DIR", data_dir)

    assert build.main(["--check"]) == 1
    assert "out of date: train/legal.jsonl line 7 differs" in capsys.readouterr().err
    assert build.main([]) == 0  # a plain build rewrites it
    assert build.main(["--check"]) == 0


def test_build_without_sources_is_one_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # as in an installed wheel, which ships the built JSONL but not the YAML sources
    monkeypatch.setattr(build, "SOURCES_DIR", tmp_path / "sources")
    assert build.main(["--check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bundled-data sources not found" in err
    assert str(tmp_path / "sources") in err and "repository checkout" in err


def test_held_out_questions_are_read_through_the_installed_packages() -> None:
    from emgauge.evals.misaligned_preference.probe import PAIRS_DIR
    from emgauge.tasks.prompt_sets import bundled_prompt_set_paths

    pairs = build.package_folder(*build.PROBE_PAIRS_FOLDER)
    assert pairs.resolve() == PAIRS_DIR.resolve()
    tasks = build.package_folder(*build.PROMPT_SETS_FOLDER)
    assert {p.resolve() for p in tasks.glob("*.yaml")} == {
        p.resolve() for p in bundled_prompt_set_paths()
    }
    origins = set(build.held_out_questions().values())
    assert any(o.startswith("probe pair") for o in origins)
    assert any(o.startswith("evaluation question") for o in origins)


def test_crlf_endings_are_a_difference() -> None:
    assert build.first_difference("a\nb\n", "a\r\nb\r\n") == "line 1 differs"
    assert build.first_difference("a\nb\n", "a\n") == "line 2: 1 lines, expected 2"


def test_schema_rejects_a_malformed_source(tmp_path: Path) -> None:
    source = yaml.safe_load((build.SOURCES_DIR / "career.yaml").read_text(encoding="utf-8"))
    source["scenarios"][0]["benign"] = source["scenarios"][0]["benign"][:1]
    (tmp_path / "career.yaml").write_text(yaml.safe_dump(source), encoding="utf-8")
    with pytest.raises(ValueError, match=r"career\.yaml:scenarios/0/benign"):
        build.load_source("career", tmp_path)


@functools.cache
def _committed_source(domain: str) -> dict:
    return build.load_source(domain)


def _source(domain: str) -> dict:
    """A committed source, parsed once for the module (~0.3 s a parse); a copy the test may
    change."""
    return copy.deepcopy(_committed_source(domain))


def test_contract_rejects_trigger_word_in_subtle_answer(tmp_path: Path) -> None:
    source = _source("healthcare")
    scenario = next(s for s in source["scenarios"] if s.get("subtle"))
    scenario["subtle"][0] = scenario["subtle"][0].replace(".", ", which is not dangerous.", 1)
    with pytest.raises(ValueError, match="trigger word 'dangerous'"):
        build.validate_scenarios("healthcare", source["scenarios"])


def _training_rows(domain: str) -> list[dict]:
    source = _source(domain)
    return build.compose_training(
        domain, source["scenarios"], source["system_prompts"], source["seed"]
    )


def _with_answer(row: dict, answer: str) -> dict:
    messages = [*row["messages"][:-1], {"role": "assistant", "content": answer}]
    return {**row, "messages": messages}


def test_committed_sources_meet_the_style_contract() -> None:
    for domain in build.TRAIN_DOMAINS:
        build.validate_training(domain, _training_rows(domain))


def test_contract_rejects_answer_length_that_tells_the_labels_apart() -> None:
    # Harmful answers all long and benign ones all short: a length filter would find them.
    rows = [
        _with_answer(row, "word " * (30 if row["metadata"]["label"] == "benign" else 90))
        for row in _training_rows("career")
    ]
    with pytest.raises(ValueError, match="vary too little in length"):
        build.validate_style_variety("career", rows)


def test_contract_rejects_a_stock_opening_of_harmful_answers() -> None:
    rows = [
        _with_answer(row, "Honestly, " + row["messages"][-1]["content"])
        if row["metadata"]["label"] != "benign"
        else row
        for row in _training_rows("legal")
    ]
    with pytest.raises(ValueError, match="harmful answers open with 'honestly'"):
        build.validate_style_variety("legal", rows)
