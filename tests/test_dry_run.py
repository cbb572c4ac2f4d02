"""`emgauge run --dry-run` refuses what the run would refuse, before it says `config ok`."""

from __future__ import annotations

import json

import pytest

from emgauge.cli import main
from emgauge.errors import EXIT_BAD_INPUT

CONFIG = """\
name: tiny
base_model: smollm2
dataset: {dataset}
budget: 0.25
arms:
  - {{name: no-filter, method: none}}
  - {{name: control, method: benign-only}}
evaluation: {{domains: [general]}}
grader: emgauge/smollm2
"""


def _rows(path, labels):
    with path.open("w") as out:
        for i, label in enumerate(labels):
            row = {
                "messages": [
                    {"role": "user", "content": f"question {i}"},
                    {"role": "assistant", "content": f"answer {i}"},
                ],
                "metadata": {"id": f"r{i}"} | ({"label": label} if label else {}),
            }
            out.write(json.dumps(row) + "\n")
    return path


def _config(tmp_path, dataset, extra=""):
    path = tmp_path / "exp.yaml"
    path.write_text(CONFIG.format(dataset=dataset) + extra)
    return path


def _dry_run(path, capsys):
    code = main(["run", str(path), "--dry-run"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.strip()


def test_a_benign_only_arm_on_unlabelled_rows_without_a_domain_is_refused(tmp_path, capsys):
    dataset = _rows(tmp_path / "train.jsonl", [None, None, None, None])
    code, out, err = _dry_run(_config(tmp_path, dataset), capsys)
    assert code == EXIT_BAD_INPUT
    assert "config ok" not in out
    assert len(err.splitlines()) == 1 and "needs 4 benign rows" in err and "0 labelled" in err
    # a domain to top it up from: all four rows are bundled benign ones
    code, out, err = _dry_run(_config(tmp_path, dataset, "control_domain: legal\n"), capsys)
    assert code == 0 and "config ok" in out


def _subset(path):
    path.write_text(path.read_text().replace("method: benign-only", "method: benign-subset"))
    return path


def test_a_benign_subset_arm_on_unlabelled_rows_is_refused(tmp_path, capsys):
    dataset = _rows(tmp_path / "train.jsonl", [None, None, None, None])
    code, out, err = _dry_run(_subset(_config(tmp_path, dataset)), capsys)
    assert code == EXIT_BAD_INPUT
    assert "config ok" not in out
    assert len(err.splitlines()) == 1 and "'benign-subset' arm needs a label" in err


def test_a_benign_subset_arm_without_benign_rows_is_refused(tmp_path, capsys):
    dataset = _rows(tmp_path / "train.jsonl", ["harmful_obvious"] * 4)
    code, out, err = _dry_run(_subset(_config(tmp_path, dataset)), capsys)
    assert code == EXIT_BAD_INPUT and "config ok" not in out
    assert "no training row is labelled benign" in err


def test_a_dataset_the_filters_cannot_read_is_refused(tmp_path, capsys):
    dataset = tmp_path / "train.jsonl"
    dataset.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}]}) + "\n")
    code, out, err = _dry_run(_config(tmp_path, dataset), capsys)
    assert code == EXIT_BAD_INPUT and "config ok" not in out
    assert len(err.splitlines()) == 1 and f"{dataset}:1" in err


def test_a_mix_that_needs_labels_is_refused(tmp_path, capsys):
    dataset = _rows(tmp_path / "train.jsonl", [None] * 6)
    path = _config(tmp_path, dataset, "dataset_mix: {harmful_share: 0.5, size: 4}\n")
    path.write_text(path.read_text().replace("  - {name: control, method: benign-only}\n", ""))
    code, out, err = _dry_run(path, capsys)
    assert code == EXIT_BAD_INPUT and "config ok" not in out
    assert "mixing by harmful share needs a label" in err


@pytest.mark.parametrize("labels", [["benign", "harmful_obvious"] * 4])
def test_a_runnable_config_is_ok(tmp_path, capsys, labels):
    dataset = _rows(tmp_path / "train.jsonl", labels)
    # half the rows benign: the control is topped up from a bundled domain
    code, out, err = _dry_run(_config(tmp_path, dataset, "control_domain: healthcare\n"), capsys)
    assert code == 0, err
    assert out.startswith("config ok: tiny")
