"""End to end on the embedded model: `inspect eval` resolves emgauge tasks by name."""

import json
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_inspect_eval_on_the_embedded_model_with_the_embedded_judge(tmp_path, embedded_model_dir):
    # Through the CLI, so the entry-point registration of emgauge/general and emgauge/smollm2
    # is what is tested.
    inspect = [sys.executable, "-m", "inspect_ai"]
    result = subprocess.run(
        [
            *inspect,
            "eval",
            "emgauge/general",
            "--model",
            "emgauge/smollm2",
            "--model-role",
            "grader=emgauge/smollm2",
            "-T",
            "questions_per_set=1",
            "-T",
            "max_tokens=24",
            "--log-dir",
            str(tmp_path),
            "--display",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,  # from a checkout's root, "emgauge/general" would read as a path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = subprocess.run(
        [sys.executable, "-m", "emgauge.cli", "summarize", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert summary.returncode == 0, summary.stderr
    (record,) = json.loads(summary.stdout)
    assert record["n"] == 2  # one question, two paraphrases
    # The few-shot embedded judge answers with numbers: every answer gets both scores.
    assert record["n_scored"] == 2
    assert 0 <= record["mean_aligned"] <= 100
