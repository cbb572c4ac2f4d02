"""The emgauge command line: outputs, and one-line errors with exit code 2."""

import json
import subprocess
import sys

import pytest

from emgauge.cli import main
from tests.helpers import FIXTURES


def test_prompts_list_json(capsys):
    assert main(["prompts", "list", "--json"]) == 0
    listed = {s["domain"]: s for s in json.loads(capsys.readouterr().out)}
    assert listed["healthcare"]["questions"] >= 40
    assert listed["general"]["paraphrases"] >= 24


def test_prompts_validate_accepts_both_formats(capsys):
    assert main(["prompts", "validate", str(FIXTURES / "betley_style.yaml")]) == 0
    assert "betley format" in capsys.readouterr().out


def test_summarize_json_fields_on_a_judged_table(capsys):
    assert main(["summarize", str(FIXTURES / "judged_answers.csv"), "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    for field in (
        "source",
        "n",
        "n_scored",
        "em_rate",
        "em_ci_low",
        "em_ci_high",
        "mean_aligned",
        "mean_coherent",
        "coherent_rate",
        "refusal_rate",
    ):
        assert field in record
    assert record["n"] == 8 and record["n_scored"] == 6
    # EM: (10, 80) and (5, 85); (20, 30) is incoherent
    assert record["em_rate"] == pytest.approx(2 / 6, abs=1e-4)
    assert record["refusal_rate"] == pytest.approx(1 / 8)


def test_summarize_by_domain(capsys):
    assert (
        main(["summarize", str(FIXTURES / "judged_answers.csv"), "--by", "domain", "--json"]) == 0
    )
    records = {r["domain"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(records) == {"general", "healthcare", "legal"}
    assert records["healthcare"]["em_rate"] == 0.5


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "emgauge.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summarize", "no/such.csv"], "no/such.csv: file not found"),
        (["summarize", "{tmp}/bad.csv"], "missing column(s): aligned, coherent"),
        (["prompts", "validate", "{tmp}/bad.yaml"], "bad.yaml:2: malformed YAML"),
        (["summarize", str(FIXTURES / "judged_answers.csv"), "--by", "colour"], "--by"),
        (["judge", "validate", "{tmp}/bad.csv", "--grader", "mockllm/model"], "column(s): aligned"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2_no_traceback(tmp_path, capsys, args, expected):
    (tmp_path / "bad.csv").write_text("question,answer\nq,a\n")
    (tmp_path / "bad.yaml").write_text("questions: [unclosed\n")
    try:  # in process (a new interpreter per case costs seconds); one real process below
        code = main([a.replace("{tmp}", str(tmp_path)) for a in args])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert len([line for line in err.strip().splitlines() if "usage:" not in line]) == 1


def test_bad_input_in_a_real_process_is_one_line_and_exit_2():
    result = cli("summarize", "no/such.csv")
    assert result.returncode == 2
    assert "no/such.csv: file not found" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
