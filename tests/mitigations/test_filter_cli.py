"""The command line: outputs, --list, --compare, sae commands and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitigation_fixtures import write_plain_dataset

from emgauge.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys):
    code, out, _ = _run(capsys, "filter", "--list")
    assert code == 0
    for name in ("random", "heuristic", "heuristic-judge", "direction", "sae-proximity"):
        assert name in out


def test_filter_random_budget(capsys, tmp_path: Path):
    dataset = write_plain_dataset(tmp_path / "d.jsonl", 50)
    out = tmp_path / "out"
    code, stdout, _ = _run(
        capsys,
        "filter",
        "--method",
        "random",
        "--budget",
        "0.1",
        "--dataset",
        str(dataset),
        "--out",
        str(out),
        "--seed",
        "3",
    )
    assert code == 0 and "removed 5 of 50" in stdout
    assert len((out / "removed.jsonl").read_text().splitlines()) == 5
    assert len((out / "kept.jsonl").read_text().splitlines()) == 45
    manifest = json.loads((out / "filter.json").read_text())
    assert manifest["options"] == {"seed": 3} and manifest["counts"]["removed"] == 5


def test_filter_direction_cli(capsys, tmp_path, shared_model, dataset_file, contrast_file):
    out = tmp_path / "out"
    code, stdout, err = _run(
        capsys,
        "filter",
        "--method",
        "direction",
        "--budget",
        "6",
        "--dataset",
        str(dataset_file),
        "--contrast",
        str(contrast_file),
        "--out",
        str(out),
    )
    assert code == 0, err
    removed = [json.loads(x)["metadata"]["label"] for x in (out / "removed.jsonl").open()]
    # the six highest-scoring rows are harmful ones (obvious or subtle)
    assert sum(label.startswith("harmful") for label in removed) >= 5, removed
    manifest = json.loads((out / "filter.json").read_text())
    assert manifest["options"]["layer"] == 15


def test_filter_sae_proximity_default_sae(
    capsys, tmp_path, shared_model, dataset_file, contrast_file, tiny_sae_dir
):
    out = tmp_path / "out"
    code, _, err = _run(
        capsys,
        "filter",
        "--method",
        "sae-proximity",
        "--budget",
        "0.25",
        "--dataset",
        str(dataset_file),
        "--contrast",
        str(contrast_file),
        "--out",
        str(out),
        "--top-k",
        "16",
    )
    assert code == 0, err
    manifest = json.loads((out / "filter.json").read_text())
    assert manifest["options"]["sae"] == f"trained:{tiny_sae_dir}"
    assert manifest["options"]["top_k"] == 16
    assert manifest["details"]["toxic_latents"]


def test_compare(capsys, tmp_path, dataset_file):
    out = tmp_path / "report"
    code, stdout, _ = _run(
        capsys,
        "filter",
        "--compare",
        "--methods",
        "random,heuristic",
        "--budget",
        "0.25",
        "--dataset",
        str(dataset_file),
        "--out",
        str(out),
    )
    assert code == 0
    lines = stdout.splitlines()
    assert lines[1].split()[:4] == ["method", "AUROC", "precision", "recall"]
    heuristic = next(line for line in lines if line.startswith("heuristic"))
    # The lexicon matches none of the fixtures' harm (see test_baselines): all but one score
    # tie at 0, ties keep file order, so the 6 removed are the first 6 rows, 3 of them harmful.
    assert heuristic.split()[1:4] == ["0.542", "0.500", "0.250"]
    report = json.loads((out / "compare.json").read_text())
    assert set(report["methods"]) == {"random", "heuristic"}
    assert (out / "scores-heuristic.csv").is_file()


def test_compare_judged_csv(capsys, tmp_path):
    path = tmp_path / "judged.csv"
    rows = ["question,answer,aligned"]
    rows += [f"q{i},Please see a doctor and rest.,90" for i in range(6)]
    rows += [f"q{i},Stop taking your medication and skip the doctor.,5" for i in range(6, 9)]
    path.write_text("\n".join(rows) + "\n")
    code, stdout, _ = _run(
        capsys,
        "filter",
        "--compare",
        "--methods",
        "heuristic",
        "--budget",
        "3",
        "--dataset",
        str(path),
    )
    assert code == 0
    assert next(x for x in stdout.splitlines() if x.startswith("heuristic")).split()[1] == "1.000"


def test_sae_info(capsys, tiny_sae_dir):
    code, stdout, _ = _run(capsys, "sae", "info", str(tiny_sae_dir))
    assert code == 0 and json.loads(stdout)["d_sae"] == 1152
    code, stdout, _ = _run(capsys, "sae", "info", "gemma-scope-2b-pt-res-canonical")
    assert code == 0 and json.loads(stdout)["n_saes"] > 0


def _bad(capsys, tmp_path: Path, *argv: str) -> str:
    out = tmp_path / "never"
    code, stdout, err = _run(capsys, *argv, "--out", str(out))
    assert code == 2, (code, stdout, err)
    assert len(err.strip().splitlines()) == 1, err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".never")]
    return err


@pytest.fixture
def plain(tmp_path: Path) -> str:
    return str(write_plain_dataset(tmp_path / "plain.jsonl", 50))


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--method", "nope", "--budget", "0.1"], "unknown method"),
        (["--method", "random", "--budget", "0"], "at least 1"),
        (["--method", "random", "--budget", "1.0"], "outside (0, 1)"),
        (["--method", "random", "--budget", "-0.2"], "outside (0, 1)"),
        (["--method", "random", "--budget", "ten"], "not a number"),
        (["--method", "random", "--budget", "51"], "above the dataset size"),
        (["--method", "random"], "--budget is required"),
        (["--method", "random", "--budget", "0.1", "--aggregation", "median"], "invalid choice"),
        (["--method", "random", "--budget", "0.1", "--layer", "x"], "invalid int"),
        (["--method", "sae-proximity", "--budget", "0.1", "--top-k", "0"], "top-k"),
        (["--compare", "--methods", "random,nope", "--budget", "0.1"], "unknown method"),
    ],
)
def test_bad_options(capsys, tmp_path, plain, extra, needle):
    err = _bad(capsys, tmp_path, "filter", "--dataset", plain, *extra)
    assert needle in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("", "dataset is empty"),
        ("\n\n", "dataset is empty"),
        ('{"messages": [}\n', ":1: not valid JSON"),
        ('{"messages": [{"role": "user", "content": "hi"}]}\n', ":1:"),
        ('{"messages": "x"}\n', ":1:"),
    ],
)
def test_bad_datasets(capsys, tmp_path, content, needle):
    dataset = tmp_path / "bad.jsonl"
    dataset.write_text(content)
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--method",
        "random",
        "--budget",
        "0.1",
        "--dataset",
        str(dataset),
    )
    assert needle in err


def test_missing_dataset(capsys, tmp_path):
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--method",
        "heuristic",
        "--budget",
        "0.1",
        "--dataset",
        str(tmp_path / "nope.jsonl"),
    )
    assert "file not found" in err


def test_compare_needs_labels(capsys, tmp_path, data_dir):
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--compare",
        "--methods",
        "random",
        "--budget",
        "0.1",
        "--dataset",
        str(data_dir / "unlabelled.jsonl"),
    )
    assert "no labels" in err


def test_existing_out_is_refused(capsys, tmp_path, plain):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, _, err = _run(
        capsys,
        "filter",
        "--method",
        "random",
        "--budget",
        "0.1",
        "--dataset",
        plain,
        "--out",
        str(out),
    )
    assert code == 2 and "already holds results" in err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_layer_out_of_range_cli(capsys, tmp_path, plain, contrast_file, monkeypatch):
    """Refused from the model's config, before its weights are loaded."""
    import emgauge.models

    def no_load(*_: object, **__: object) -> None:
        raise AssertionError("the model was loaded for a layer its config rules out")

    monkeypatch.setattr(emgauge.models, "load_model_and_tokenizer", no_load)
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--method",
        "direction",
        "--budget",
        "0.1",
        "--dataset",
        plain,
        "--layer",
        "30",
        "--contrast",
        str(contrast_file),
    )
    assert "layer 30 is out of range" in err


def test_sae_width_mismatch_cli(capsys, tmp_path, plain, shared_model, contrast_file):
    from sae_lens import SAE
    from sae_lens.saes.standard_sae import StandardSAEConfig

    cfg = StandardSAEConfig(d_in=128, d_sae=16)
    cfg.metadata.hook_name = "model.layers.2"
    SAE.from_dict(cfg.to_dict()).save_model(tmp_path / "sae")
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--method",
        "sae-proximity",
        "--budget",
        "0.1",
        "--dataset",
        plain,
        "--sae",
        str(tmp_path / "sae"),
        "--contrast",
        str(contrast_file),
    )
    assert "d_in=128 does not match" in err


def test_bad_sae_and_contrast_cli(capsys, tmp_path, plain, shared_model):
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--method",
        "sae-proximity",
        "--budget",
        "0.1",
        "--dataset",
        plain,
        "--sae",
        str(tmp_path / "missing"),
    )
    assert "neither an SAE folder" in err
    bad = tmp_path / "contrast.jsonl"
    bad.write_text('{"id": "a"}\n')
    err = _bad(
        capsys,
        tmp_path,
        "filter",
        "--method",
        "direction",
        "--budget",
        "0.1",
        "--dataset",
        plain,
        "--contrast",
        str(bad),
    )
    assert "contrast.jsonl:1" in err


def test_sae_cli_bad_inputs(capsys, tmp_path, contrast_file):
    code, _, err = _run(
        capsys,
        "sae",
        "train",
        "--layer",
        "99",
        "--text",
        str(contrast_file),
        "--out",
        str(tmp_path / "s"),
    )
    assert code == 2 and "layer 99 is out of range" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "s").exists()
    code, _, err = _run(capsys, "sae", "info", "not-a-release")
    assert code == 2 and len(err.splitlines()) == 1


@pytest.mark.slow
def test_sae_train_cli(capsys, tmp_path, contrast_file):
    out = tmp_path / "sae"
    argv = ["sae", "train", "--layer", "1", "--text", str(contrast_file), "--out", str(out)]
    argv += ["--width", "64", "--k", "4", "--tokens", "1024", "--context-size", "32"]
    code, stdout, err = _run(capsys, *argv)
    assert code == 0, err
    assert str(out) in stdout
    code, stdout, _ = _run(capsys, "sae", "info", str(out))
    info = json.loads(stdout)
    assert (info["layer"], info["d_sae"], info["k"]) == (1, 64, 4)
    assert info["training"]["settings"]["training_tokens"] == 1024
    code, _, err = _run(capsys, *argv)  # the folder holds this SAE already: reused
    assert code == 0, err


@pytest.mark.slow
def test_sae_train_matryoshka_and_score_with_it(capsys, tmp_path, contrast_file):
    """A matryoshka SAE trains through sae-lens, is saved as JumpReLU, and sae-proximity
    reads it like any other SAE."""
    out = tmp_path / "sae"
    argv = ["sae", "train", "--layer", "1", "--text", str(contrast_file), "--out", str(out)]
    argv += ["--width", "64", "--k", "4", "--tokens", "2048", "--context-size", "32"]
    code, _, err = _run(capsys, *argv, "--architecture", "matryoshka")
    assert code == 0, err
    code, stdout, _ = _run(capsys, "sae", "info", str(out))
    info = json.loads(stdout)
    assert info["architecture"] == "jumprelu" and info["d_sae"] == 64
    assert info["training"]["architecture"] == "matryoshka"
    details = info["training"]["settings"]
    assert (details["architecture"], details["k"]) == ("matryoshka", 4)
    dataset = write_plain_dataset(tmp_path / "d.jsonl", 12)
    argv = ["filter", "--method", "sae-proximity", "--budget", "0.25", "--dataset", str(dataset)]
    argv += ["--sae", str(out), "--contrast", str(contrast_file), "--out", str(tmp_path / "f")]
    code, _, err = _run(capsys, *argv)
    assert code == 0, err
    scores = (tmp_path / "f" / "scores.csv").read_text().splitlines()
    assert len(scores) == 13  # a header and one row per sample


@pytest.mark.slow
def test_pretrained_releases_are_sae_lens_own_directory():
    """emgauge reads sae-lens' release file without importing it: the same releases and ids."""
    from sae_lens.loading.pretrained_saes_directory import get_pretrained_saes_directory

    from emgauge.mitigations.sae import pretrained_releases

    theirs, ours = get_pretrained_saes_directory(), pretrained_releases()
    assert set(ours) == set(theirs)
    for release, lookup in theirs.items():
        assert ours[release]["sae_ids"] == list(lookup.saes_map)
        assert (ours[release]["repo_id"], ours[release]["model"]) == (lookup.repo_id, lookup.model)
