"""Filter scoring sharded with Ray Data (emgauge.mitigations.sharded): the one-process
scores in sample order, the fit made once on the driver and none on the workers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from emgauge.cli import main
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.mitigations.data import label_free, load_dataset
from emgauge.mitigations.registry import FilterOptions, create_method
from emgauge.mitigations.resources import ModelResources
from emgauge.mitigations.sharded import ShardedScoring, score_sharded


def test_fewer_than_four_blocks_is_a_one_line_error() -> None:
    with pytest.raises(InputError, match="at least 4 blocks") as caught:
        ShardedScoring(blocks=2)
    assert caught.value.field == "--score-blocks"


@pytest.mark.parametrize(
    ("command", "blocks", "refused"),
    [
        (["filter", "--method", "direction"], "0", True),  # a filter has no "off"
        (["filter", "--method", "direction"], "3", True),
        (["run", "configs/default.yaml"], "0", False),  # a run's chains score their own arms
        (["run", "configs/default.yaml"], "3", True),
    ],
)
def test_score_blocks_are_checked_by_each_command(capsys, command, blocks, refused) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--score-blocks", blocks, "--help"])
    err = capsys.readouterr().err
    assert exit_.value.code == (EXIT_BAD_INPUT if refused else 0)
    assert ("whole number >= 4" in err) == refused


def test_a_method_without_a_fit_is_refused_before_ray_starts(tmp_path, dataset_file, capsys):
    argv = ["filter", "--method", "random", "--budget", "0.25", "--dataset", str(dataset_file)]
    code = main([*argv, "--out", str(tmp_path / "out"), "--executor", "ray"])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_BAD_INPUT and len(err.splitlines()) == 1
    assert "random does not split into a fit and rows" in err
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    # a cluster of its own ("local"): a bare init joins any cluster running on this machine,
    # such as another test worker's
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
    )
    yield ray
    ray.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["direction", "sae-proximity"])
def test_sharded_scores_match_one_process_in_sample_order(
    name, local_ray, model_and_tokenizer, contrast_file, dataset_file, tiny_sae_dir
):
    model, tokenizer = model_and_tokenizer
    options = FilterOptions(contrast=(str(contrast_file),), sae=str(tiny_sae_dir))
    samples = label_free(load_dataset(dataset_file))
    one_process = create_method(
        name, options, ModelResources(options, model=model, tokenizer=tokenizer)
    )
    expected = one_process.score(samples)

    method = create_method(name, options, ModelResources(options, model=model, tokenizer=tokenizer))
    result = score_sharded(method, samples, ShardedScoring(blocks=4, workers=2))
    assert result.blocks == 4
    np.testing.assert_allclose(result.scores, expected, rtol=1e-5, atol=1e-6)
    assert list(np.argsort(result.scores)) == list(np.argsort(expected))  # same order
    # fitted once, here; the workers received it fitted
    assert (result.fits, result.fits_on_workers) == (1, 0) and method.fits == 1
    assert 1 <= len(result.workers) <= 2
    assert result.describe()["blocks"] == 4


@pytest.mark.slow
def test_filter_cli_on_ray_writes_the_local_ranking(
    tmp_path, local_ray, contrast_file, dataset_file
):
    common = ["filter", "--method", "direction", "--budget", "0.25"]
    common += ["--dataset", str(dataset_file), "--contrast", str(contrast_file)]
    assert main([*common, "--out", str(tmp_path / "local")]) == 0
    assert main([*common, "--out", str(tmp_path / "ray"), "--executor", "ray"]) == 0
    kept = {where: (tmp_path / where / "kept.jsonl").read_text() for where in ("local", "ray")}
    assert kept["ray"] == kept["local"]
    record = json.loads(Path(tmp_path / "ray" / "filter.json").read_text())
    sharded = record.get("sharded") or record.get("details", {}).get("sharded")
    assert sharded["blocks"] == 4 and sharded["fits"] == 1 and sharded["fits_on_workers"] == 0


@pytest.mark.slow
def test_a_ray_run_makes_its_score_stages_sharded_before_the_chains(
    tmp_path, local_ray, contrast_file, dataset_file
):
    from emgauge.executors import ExecutorOptions, create_executor
    from emgauge.experiment_settings import load_experiment_config
    from emgauge.experiments import ExperimentRunner, run_chains
    from emgauge.stages import filtering

    (tmp_path / "exp.yaml").write_text(
        f"name: sharded\nbase_model: smollm2\ndataset: {dataset_file}\nbudget: 0.25\n"
        f"filter_options: {{contrast: [{contrast_file}]}}\n"
        "arms:\n  - {name: no-filter, method: none}\n  - {name: direction, method: direction}\n"
        "evaluation: {domains: [general]}\ngrader: emgauge-readout/smollm2\n"
    )
    config = load_experiment_config(tmp_path / "exp.yaml")
    executor = create_executor(ExecutorOptions(name="ray"))
    executor.check()  # joins the running local cluster
    on_ray = ExperimentRunner(config, tmp_path / "ray")
    executor._score_first(on_ray.ctx, run_chains(config))
    [folder] = (tmp_path / "ray" / "stages" / "score").glob("direction-*")
    record = json.loads((folder / "score.json").read_text())["details"]["sharded"]
    assert record["blocks"] == 4 and (record["fits"], record["fits_on_workers"]) == (1, 0)

    local = ExperimentRunner(config, tmp_path / "local")
    arm = next(a for a in config.arms if a.method == "direction")
    expected, _, _ = filtering.score_stage(local.ctx, arm, 0)
    sharded, _, _ = filtering.score_stage(on_ray.ctx, arm, 0)  # cached: the chains read this
    assert folder.name in {p.name for p in (tmp_path / "local" / "stages" / "score").iterdir()}
    np.testing.assert_allclose(sharded, expected, rtol=1e-5, atol=1e-6)
