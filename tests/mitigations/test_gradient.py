"""The ``gradient`` filter: a tiny random Llama with the embedded tokenizer (fast), through the
Python API, the command line (--method, --compare, budgets) and experiment configs; one
embedded-model test in the slow tier."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from mitigation_fixtures import BENIGN, CONTRAST, write_contrast

from emgauge.chat_data import ChatMessage, ChatSample
from emgauge.cli import main
from emgauge.errors import InputError
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.data import label_free, load_dataset
from emgauge.mitigations.methods.gradient import GradientMitigation
from emgauge.mitigations.quality import auroc, harm_labels
from emgauge.mitigations.registry import FilterOptions, create_method
from emgauge.mitigations.resources import ModelResources
from tests.helpers import tiny_llama

FP32 = {"precision": "fp32"}


@pytest.fixture(scope="module")
def tiny():
    from transformers import AutoTokenizer

    from emgauge.models import resolve_model_path

    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path("smollm2"))
    return tiny_llama(len(tokenizer), kv_heads=2), tokenizer


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture
def tiny_everywhere(monkeypatch: pytest.MonkeyPatch, tiny):
    """Every load of the embedded model returns the tiny one."""
    import emgauge.models

    monkeypatch.setattr(emgauge.models, "load_model_and_tokenizer", lambda name, **_: tiny)
    return tiny


def _row(question: str, answer: str, label: str, sid: str) -> dict:
    return {
        "messages": [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ],
        "metadata": {"id": sid, "label": label},
    }


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Contrast pairs, and a dataset in which the harmful samples are copies of their
    misaligned answers, among copies of the aligned answers and unrelated benign ones."""
    root = tmp_path_factory.mktemp("gradient")
    contrast = write_contrast(root / "contrast.jsonl")
    rows = []
    for i, (_domain, prompt, aligned, misaligned) in enumerate(CONTRAST):
        rows.append(_row(prompt, misaligned, "harmful_obvious", f"m{i}"))
        rows.append(_row(prompt, aligned, "benign", f"a{i}"))
    rows += [_row(q, a, "benign", f"b{i}") for i, (q, a) in enumerate(BENIGN)]
    dataset = root / "planted.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return contrast, dataset


def _resources(tiny, **options) -> ModelResources:
    model, tokenizer = tiny
    return ModelResources(FilterOptions(**options), model=model, tokenizer=tokenizer)


@pytest.mark.slow  # the fast tier stays near a minute; CI runs it
def test_planted_misaligned_copies_rank_first(tiny, planted):
    contrast, dataset = planted
    resources = _resources(tiny, contrast=(str(contrast),), **FP32)
    samples = load_dataset(dataset)
    method = create_method("gradient", resources.options, resources)
    assert isinstance(method, GradientMitigation)
    scores = method.score(label_free(samples))
    labels = harm_labels(samples)
    assert np.isfinite(scores).all() and np.abs(scores).max() <= 1.0
    assert auroc(scores, labels) >= 0.9
    # a copy of a misaligned answer scores above the copy of its pair's aligned answer
    n = len(CONTRAST)
    assert (scores[0 : 2 * n : 2] > scores[1 : 2 * n : 2]).mean() >= 0.9
    # deterministic: the same scores from a fresh method (the seed is fixed, not --seed)
    other = create_method("gradient", FilterOptions(contrast=(str(contrast),), seed=7, **FP32))
    other._resources = resources
    assert np.allclose(other.score(label_free(samples)), scores, atol=1e-5)
    used = method.used_options()
    assert used["gradient"]["dim"] == 1024 and used["gradient"]["seed"] == 0
    assert used["gradient"]["precision"] == "fp32"
    assert method.details()["misalignment_gradient_norm"] > 0


def test_unscorable_sample_is_nan_and_kept(tiny, planted):
    contrast, _ = planted
    resources = _resources(tiny, contrast=(str(contrast),), **FP32)
    no_answer = ChatSample("no-answer", (ChatMessage("user", "Hello?"),))
    short = ChatSample("short", (ChatMessage("user", "Hi"), ChatMessage("assistant", "Hello")))
    scores = create_method("gradient", resources.options, resources).score([no_answer, short])
    assert np.isnan(scores[0]) and np.isfinite(scores[1])


def test_bad_input_is_an_input_error(tiny, planted, tmp_path):
    contrast, dataset = planted
    method = create_method("gradient", FilterOptions(contrast=(str(contrast),), **FP32))
    method._resources = _resources(tiny, contrast=(str(contrast),), **FP32)
    with pytest.raises(InputError, match="no samples"):
        method.score([])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        create_method("gradient", FilterOptions(contrast=(str(empty),))).score(
            label_free(load_dataset(dataset))
        )
    # labelled chat rows that are all benign: no misaligned answer to learn from
    benign_only = tmp_path / "benign.jsonl"
    benign_only.write_text(
        _json_lines([_row(q, a, "benign", f"b{i}") for i, (q, a) in enumerate(BENIGN)])
    )
    resources = _resources(tiny, contrast=(str(benign_only),), **FP32)
    with pytest.raises(InputError, match="misaligned"):
        create_method("gradient", resources.options, resources).score(
            label_free(load_dataset(dataset))
        )


def _json_lines(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow  # the fast tier stays near a minute; CI runs it
def test_filter_and_compare_commands(capsys, tmp_path, tiny_everywhere, planted):
    contrast, dataset = planted
    out = tmp_path / "out"
    common = ("--dataset", str(dataset), "--contrast", str(contrast), "--precision", "fp32")
    code, stdout, err = _run(
        capsys, "filter", "--method", "gradient", "--budget", "0.25", *common, "--out", str(out)
    )
    assert code == 0, err
    n = len(CONTRAST) * 2 + len(BENIGN)
    assert f"removed {Budget.parse('0.25').n_remove(n)} of {n}" in stdout
    manifest = json.loads((out / "filter.json").read_text())
    assert manifest["method"] == "gradient"
    assert manifest["options"]["gradient"]["dim"] == 1024
    removed = [json.loads(x)["metadata"]["label"] for x in (out / "removed.jsonl").open()]
    assert removed.count("harmful_obvious") >= 0.8 * len(removed)

    compare = tmp_path / "compare"
    code, stdout, err = _run(
        capsys,
        "filter",
        "--compare",
        "--methods",
        "random,gradient",
        "--budget",
        "5",
        *common,
        "--out",
        str(compare),
    )
    assert code == 0, err
    assert "gradient" in stdout
    report = json.loads((compare / "compare.json").read_text())
    assert report["methods"]["gradient"]["auroc"] >= 0.9
    assert (compare / "scores-gradient.csv").is_file()

    # an empty dataset is a one-line error with exit code 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, _, err = _run(
        capsys,
        "filter",
        "--method",
        "gradient",
        "--budget",
        "1",
        "--dataset",
        str(empty),
        "--out",
        str(tmp_path / "none"),
    )
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_experiment_arms_accept_gradient(tmp_path):
    from emgauge.experiment_settings import load_experiment_config

    path = tmp_path / "exp.yaml"
    path.write_text(
        "name: tiny\nbase_model: smollm2\ndataset: bundled:legal\nbudget: 0.25\n"
        "arms:\n  - {name: no-filter, method: none}\n  - {name: grad, method: gradient}\n"
        "evaluation: {domains: [general]}\ngrader: emgauge/smollm2\n"
    )
    config = load_experiment_config(path)
    assert [a.method for a in config.arms] == ["none", "gradient"]


@pytest.mark.slow
def test_gradient_on_the_embedded_model(model_and_tokenizer, contrast_file, dataset_file):
    model, tokenizer = model_and_tokenizer
    resources = ModelResources(
        FilterOptions(contrast=(str(contrast_file),)), model=model, tokenizer=tokenizer
    )
    samples = load_dataset(dataset_file)
    scores = create_method("gradient", resources.options, resources).score(label_free(samples))
    assert np.isfinite(scores).all()
    assert auroc(scores, harm_labels(samples)) > 0.7
    assert not any("lora" in name for name, _ in model.named_modules())


@pytest.mark.slow  # the fast tier stays near a minute; CI runs it
def test_gradient_geometry_finds_the_planted_inducing_rows_pushing_toward_misalignment(
    tiny, planted
):
    from emgauge.diagnostics.gradient_geometry import aggregated_push, gradient_geometry

    contrast, dataset = planted
    resources = _resources(tiny, contrast=(str(contrast),), **FP32)
    samples = load_dataset(dataset)
    report = gradient_geometry(samples, resources.options, resources, permutations=200)
    per_sample, aggregated = report["per_sample"], report["aggregated"]
    # copies of misaligned answers push toward misalignment, the benign rows away from it
    assert per_sample["mean_inducing"] > 0 > per_sample["mean_non_inducing"]
    assert per_sample["auroc"] >= 0.9 and per_sample["p_value"] < 0.05
    assert aggregated["inducing"] > 0 > aggregated["non_inducing"]
    assert aggregated["difference"] > aggregated["null_interval"][1]
    assert aggregated["p_value"] < 0.05
    assert report["gradient"]["dim"] == 1024
    # shuffled labels: no difference beyond chance
    rng = np.random.default_rng(1)
    grads = rng.normal(size=(40, 16))
    margin = rng.normal(size=16)
    null = aggregated_push(grads, rng.permutation(np.r_[[True] * 20, [False] * 20]), margin)
    assert null.p_value > 0.05
    with pytest.raises(InputError, match="2 scored harmful"):
        aggregated_push(grads[:3], np.array([True, False, False]), margin)
    unlabelled = [ChatSample(id="x", messages=samples[0].messages)]
    with pytest.raises(InputError, match="label"):
        gradient_geometry(unlabelled, resources.options, resources)
