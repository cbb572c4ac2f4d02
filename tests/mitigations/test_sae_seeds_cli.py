"""``emgauge filter --sae-seeds N``: sae-proximity scored with N tiny SAEs (seeds 0..N-1,
each trained once in the session's private cache), the spread of AUROC and precision over
them, the averaged ranking, and the one-line refusals. (Here, not in tests/, for the tiny
SAE fixtures of tests/mitigations/conftest.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mitigation_fixtures import write_plain_dataset

from emgauge.cli import main
from emgauge.mitigations.sae_seeds import average_zscored, spread, zscored


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _filter(capsys, dataset: Path, contrast: Path, out: Path, *extra: str):
    return _run(
        capsys,
        "filter",
        "--method",
        "sae-proximity",
        "--budget",
        "0.25",
        "--dataset",
        str(dataset),
        "--contrast",
        str(contrast),
        "--top-k",
        "16",
        "--out",
        str(out),
        *extra,
    )


def test_zscored_average_weighs_each_seed_alike():
    first = np.array([1.0, 2.0, 3.0, np.nan])
    second = np.array([300.0, 100.0, 200.0, 50.0])  # another scale, another order
    assert np.nanmean(zscored(first)) == pytest.approx(0.0)
    assert np.all(zscored(np.array([2.0, 2.0])) == 0.0)
    averaged = average_zscored([first, second])
    assert averaged[3] == pytest.approx(zscored(second)[3])  # NaN in one seed only
    assert averaged[0] == pytest.approx((zscored(first)[0] + zscored(second)[0]) / 2)
    assert spread([0.6, 0.8, float("nan")]) == {
        "mean": pytest.approx(0.7),
        "sd": pytest.approx(np.std([0.6, 0.8], ddof=1)),
        "min": 0.6,
        "max": 0.8,
    }


@pytest.mark.slow  # trains a second tiny SAE and scores four times (about a minute)
def test_sae_seeds_scores_with_one_sae_per_seed_and_reports_the_spread(
    capsys, tmp_path, shared_model, dataset_file, contrast_file, tiny_sae_dir
):
    out = tmp_path / "out"
    code, stdout, err = _filter(capsys, dataset_file, contrast_file, out, "--sae-seeds", "2")
    assert code == 0, err
    report = json.loads((out / "filter.json").read_text())["details"]["sae_seeds"]
    assert report["seeds"] == [0, 1] and report["ranking"] == "seed 0"
    sources = [row["sae"] for row in report["per_seed"]]
    assert sources[0] == f"trained:{tiny_sae_dir}"  # seed 0: the SAE there was before
    assert sources[1] != sources[0] and sources[1].startswith("trained:")
    assert set(report["spread"]) == {"auroc", "precision"}
    aurocs = [row["auroc"] for row in report["per_seed"]]
    assert report["spread"]["auroc"]["min"] == pytest.approx(min(aurocs))
    assert "auroc: mean" in stdout and "ranking: seed 0's scores" in stdout
    # the averaged ranking is written as the filter's scores; both SAEs come from the cache
    averaged = tmp_path / "averaged"
    code, stdout, err = _filter(
        capsys, dataset_file, contrast_file, averaged, "--sae-seeds", "2", "--sae-average"
    )
    assert code == 0, err
    details = json.loads((averaged / "filter.json").read_text())["details"]["sae_seeds"]
    assert details["ranking"] == "mean of z-scored scores" and "averaged" in details
    scores = pd.read_csv(averaged / "scores.csv")["score"].to_numpy()
    assert np.nanmean(scores) == pytest.approx(0.0, abs=1e-9)  # a mean of z-scores
    assert "training an SAE" not in err


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--method", "sae-proximity", "--sae-seeds", "0"], "--sae-seeds 0 is below 1"),
        (["--method", "direction", "--sae-seeds", "3"], "not direction"),
        (["--method", "random", "--sae-seeds", "2"], "not random"),
        (["--method", "sae-proximity", "--sae-average"], "needs --sae-seeds 2"),
        (
            ["--method", "sae-proximity", "--sae", "some/folder", "--sae-seeds", "2"],
            "a given --sae is one SAE",
        ),
        (["--compare", "--sae-seeds", "2"], "not --compare"),
    ],
)
def test_sae_seeds_refusals_are_one_line(capsys, tmp_path, extra, needle):
    plain = write_plain_dataset(tmp_path / "plain.jsonl", 20)
    out = tmp_path / "never"
    code, stdout, err = _run(
        capsys, "filter", "--dataset", str(plain), "--budget", "0.1", *extra, "--out", str(out)
    )
    assert code == 2, (code, stdout, err)
    assert len(err.strip().splitlines()) == 1 and needle in err, err
    assert not out.exists()
