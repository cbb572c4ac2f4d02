"""Settings models are the one source of each rule: validation errors name the field (and
the file and line), the experiment JSON Schema is generated from them, and the command-line
flags of finetune, filter, sae train and probe come from their fields."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from emgauge.chat_data import DatasetMix
from emgauge.cli import build_parser, main
from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.evals.misaligned_preference.probe import ProbeSettings
from emgauge.experiment_schema import SCHEMA_PATH, experiment_schema, schema_text
from emgauge.experiment_schema import main as build_schema
from emgauge.experiment_settings import (
    ExperimentSettings,
    FilterSection,
    TrainingSection,
    load_experiment_config,
)
from emgauge.finetune import FinetuneConfig
from emgauge.mitigations.registry import FilterOptions
from emgauge.mitigations.sae_training import (
    SAETrainingSettings,
    matryoshka_widths,
    trained_sae_dir,
)
from emgauge.settings import Flags, without_fields
from tests.test_experiments import GOOD

REPO = Path(__file__).parent.parent


# ---------------------------------------------------------------- one section at a time


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (FinetuneConfig, {"epochs": 2.0}, "epochs", "expected integer"),
        (FinetuneConfig, {"dropout": 1}, "dropout", r"must be in \[0, 1\)"),
        (FinetuneConfig, {"alpha": True}, "alpha", "expected number, got bool"),
        (FinetuneConfig, {"learning_rate": float("inf")}, "learning_rate", "finite"),
        (FinetuneConfig, {"target_modules": ["q_proj", ""]}, "target_modules[1]", "empty"),
        (FilterOptions, {"top_k": 0}, "top_k", "must be >= 1"),
        (FilterOptions, {"aggregation": "median"}, "aggregation", "one of 'max', 'mean'"),
        (FilterOptions, {"sae_training_tokens": 10}, "sae_training_tokens", ">= 1024"),
        (FilterOptions, {"readout_c": 0}, "readout_c", "must be > 0"),
        (FilterOptions, {"precision": "fp16"}, "precision", "one of 'auto'"),
        (FilterOptions, {"contrast": "a.jsonl"}, "contrast", "expected list of string"),
        (SAETrainingSettings, {"layer": 1, "context_size": 4}, "context_size", ">= 8"),
        (SAETrainingSettings, {"layer": 1, "k": 0}, "k", ">= 1"),
        (SAETrainingSettings, {"k": 4}, "layer", "missing required field"),
        (ProbeSettings, {"batch_size": 0}, "batch_size", ">= 1"),
        (DatasetMix, {"harmful_share": 2, "size": 5}, "harmful_share", r"in \[0, 1\]"),
        (TrainingSection, {"seed": 1}, "seed", "unknown field"),
        (FilterSection, {"seed": 1}, "seed", "unknown field"),
    ],
)
def test_a_bad_value_in_each_section_names_the_field(model, data, field, message):
    with pytest.raises(InputError, match=message) as caught:
        model.from_dict(data, source="settings.yaml")
    assert caught.value.field == field
    assert str(caught.value).startswith(f"settings.yaml: field '{field}': ")
    assert "\n" not in str(caught.value)


def test_direct_construction_is_validated_too():
    with pytest.raises(InputError, match="field 'n_toxic'"):
        FilterOptions(n_toxic=0)
    with pytest.raises(InputError, match="must be at least k 32"):
        SAETrainingSettings(layer=3, d_sae=16)
    with pytest.raises(InputError, match="field 'batch_size'"):
        ProbeSettings(batch_size=0)


def test_numbers_accept_numeric_strings_but_integers_refuse_floats_and_bools():
    config = FinetuneConfig.from_dict({"learning_rate": "2e-4", "alpha": 8, "warmup_ratio": "0"})
    assert (config.learning_rate, config.alpha, config.warmup_ratio) == (2e-4, 8.0, 0.0)
    for bad in (True, 1.0, "1"):
        with pytest.raises(InputError, match="expected integer"):
            FinetuneConfig.from_dict({"rank": bad})


def test_to_dict_and_replace_keep_the_dataclass_api():
    options = FilterOptions(contrast=["a.jsonl"])
    assert options.contrast == ("a.jsonl",) and options.to_dict()["contrast"] == ["a.jsonl"]
    assert FilterOptions.from_dict(options.to_dict()) == options
    config = FinetuneConfig().replace(rank=4, alpha=None)
    assert (config.rank, config.alpha) == (4, 16.0)
    with pytest.raises(InputError, match="field 'rank'"):
        config.replace(rank=0)
    with pytest.raises(ValidationError, match="frozen"):
        config.rank = 2  # type: ignore[misc]
    assert hash(config) == hash(FinetuneConfig(rank=4))


def test_sae_cache_key_is_unchanged_by_the_move_to_pydantic():
    """The key hashes the settings' fields in order; these names were computed with the
    dataclass the model replaced, so SAEs cached before it stay valid."""
    text = "0" * 64
    assert trained_sae_dir(SAETrainingSettings(layer=15), text).name == (
        "smollm2-layer15-74081a9cbe70"
    )
    settings = SAETrainingSettings(model="smollm2", layer=15, training_tokens=100_000)
    assert trained_sae_dir(settings, "ab" * 32).name == "smollm2-layer15-453daabf0e45"
    # the architecture setting came later: only a non-default one enters the key
    others = {
        trained_sae_dir(SAETrainingSettings(layer=15, architecture=name), text).name
        for name in ("batchtopk", "matryoshka")
    }
    assert len(others) == 2 and "smollm2-layer15-74081a9cbe70" not in others


def test_matryoshka_widths_nest_and_end_at_the_full_width():
    assert matryoshka_widths(4608) == [288, 576, 1152, 2304, 4608]
    assert matryoshka_widths(64) == [4, 8, 16, 32, 64]
    assert matryoshka_widths(8) == [1, 2, 4, 8]  # repeated sizes collapse


def test_derived_sections_keep_the_rules_and_refuse_models_with_validators():
    assert set(TrainingSection.model_fields) == set(FinetuneConfig.model_fields) - {"seed"}
    for name, info in TrainingSection.model_fields.items():
        source = FinetuneConfig.model_fields[name]
        assert (info.description, info.default, info.metadata) == (
            source.description,
            source.default,
            source.metadata,
        )
    with pytest.raises(TypeError, match="validators"):
        without_fields(SAETrainingSettings, "seed", name="X", doc="x")


# ------------------------------------------------------------------- the experiment file


@pytest.mark.parametrize(
    ("extra", "line", "field", "message"),
    [
        ("training: {epochs: 1.5}\n", 10, "training.epochs", "expected integer"),
        ("training:\n  rank: 8\n  dropout: 1\n", 12, "training.dropout", "must be in"),
        ("training: {seed: 3}\n", 10, "training.seed", "unknown field"),
        ("filter_options: {n_toxic: 0}\n", 10, "filter_options.n_toxic", ">= 1"),
        ("dataset_mix: {harmful_share: 1.5, size: 10}\n", 10, "dataset_mix.harmful_share", "in"),
        ("judge_validation: {limit: 1}\n", 10, "judge_validation.limit", ">= 2"),
        ("judge_validation: true\n", 10, "judge_validation", "expected false or mapping"),
        ("seeds: [0, 0]\n", 10, "seeds", "must not repeat"),
        ("bootstrap: 10\n", 10, "bootstrap", ">= 100"),
    ],
)
def test_experiment_errors_name_file_line_and_field(tmp_path, extra, line, field, message):
    path = tmp_path / "exp.yaml"
    path.write_text(GOOD + extra)
    with pytest.raises(InputError, match=message) as caught:
        load_experiment_config(path)
    assert str(caught.value).startswith(f"{path}:{line}: field '{field}': ")
    assert caught.value.line == line and caught.value.field == field


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("method: random}", "method: random, options: {top_k: 0}}", 7,
         "arms[1].options.top_k", ">= 1"),
        ("method: random}", "method: nope}", 7, "arms[1].method", "unknown method 'nope'"),
        ("[general]}", "[general], seed: -1}", 8, "evaluation.seed", ">= 0"),
        ("[general]}", "[general], judges: [nice]}", 8, "evaluation.judges[0]", "one of"),
        ("[general]}", "[general], preference_probe: {batch_size: 0}}", 8,
         "evaluation.preference_probe.batch_size", ">= 1"),
        ("[general]}", "[general], preference_probe: 1}", 8, "evaluation.preference_probe",
         "expected boolean or mapping"),
        ("budget: 0.25", "budget: 1.5", 4, "budget", "outside"),
    ],
)  # fmt: skip
def test_errors_inside_arms_and_evaluation(tmp_path, old, new, line, field, message):
    path = tmp_path / "exp.yaml"
    path.write_text(GOOD.replace(old, new))
    with pytest.raises(InputError, match=message) as caught:
        load_experiment_config(path)
    assert str(caught.value).startswith(f"{path}:{line}: field '{field}': ")


def test_a_bad_experiment_is_one_line_and_exit_2_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "exp.yaml"
    path.write_text(GOOD + "training: {epochs: 1.5}\n")
    assert main(["run", str(path), "--dry-run"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err == (
        f"emgauge: error: {path}:10: field 'training.epochs': wrong type: expected integer, "
        "got float 1.5"
    )


def test_settings_fill_in_the_defaults_the_runner_reads(tmp_path):
    path = tmp_path / "exp.yaml"
    path.write_text(GOOD)
    settings = load_experiment_config(path).settings
    assert settings.seeds == (0,) and settings.include_base and settings.bootstrap == 1000
    assert settings.evaluation.provider == "emgauge" and settings.evaluation.seed == 0
    assert settings.evaluation.probe is not None and settings.evaluation.probe.batch_size == 16
    assert settings.judge_validation.limit == 60  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- the schema


def test_committed_schema_is_the_generated_one():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "run `python -m emgauge.experiment_settings`"
    )
    assert build_schema(["--check"]) == 0


def test_schema_check_fails_on_a_stale_schema(tmp_path, monkeypatch, capsys):
    import emgauge.experiment_schema as module

    stale = tmp_path / "experiment.schema.json"
    stale.write_text(schema_text().replace('"minimum": 100', '"minimum": 10'))
    monkeypatch.setattr(module, "SCHEMA_PATH", stale)
    assert build_schema(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert build_schema([]) == 0 and stale.read_text() == schema_text()


def _schema_errors(data: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(experiment_schema())
    return [e.message for e in validator.iter_errors(data)]


def test_schema_rejects_fractional_epochs_and_dropout_1():
    good = yaml.safe_load(GOOD)
    assert _schema_errors(good) == []
    assert _schema_errors({**good, "training": {"epochs": 2}}) == []
    assert _schema_errors({**good, "training": {"epochs": 1.5}})
    assert _schema_errors({**good, "training": {"dropout": 1}})
    assert _schema_errors({**good, "training": {"dropout": 0.5}}) == []
    assert _schema_errors({**good, "training": {"seed": 1}})  # the experiment's seeds set it


@pytest.mark.parametrize("name", ["default.yaml", "reference.yaml", "paper-gemma2-2b.yaml"])
def test_bundled_configs_satisfy_the_generated_schema(name):
    data = yaml.safe_load((REPO / "configs" / name).read_text())
    assert _schema_errors(data) == []
    ExperimentSettings.from_dict(data)


# ------------------------------------------------------------------------------ the flags


def _subparser(*path: str) -> argparse.ArgumentParser:
    parser = build_parser()
    for name in path:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return parser


@pytest.mark.parametrize(
    ("command", "model"),
    [
        (("finetune",), FinetuneConfig),
        (("filter",), FilterOptions),
        (("sae", "train"), SAETrainingSettings),
        (("probe",), ProbeSettings),
    ],
)
def test_every_field_has_a_flag_that_shows_its_default(command, model):
    parser = _subparser(*command)
    dests = {a.dest: a for a in parser._actions}
    for name, info in model.model_fields.items():
        action = dests[name]
        assert action.default is None  # a flag not given leaves the config's value
        assert info.description and info.description in action.help
        default = info.default
        if default not in (None, (), ...) and not callable(default):
            assert "(default: " in action.help
    help_text = parser.format_help()
    assert "(default: " in help_text


def test_flag_spellings_are_kept():
    finetune = {a.dest: a.option_strings for a in _subparser("finetune")._actions}
    assert finetune["learning_rate"] == ["--lr"] and finetune["gradient_accumulation"] == [
        "--grad-accum"
    ]
    sae = {a.dest: a.option_strings for a in _subparser("sae", "train")._actions}
    assert sae["d_sae"] == ["--width"] and sae["training_tokens"] == ["--tokens"]
    assert sae["context_size"] == ["--context-size"]
    filters = {a.dest: a for a in _subparser("filter")._actions}
    assert filters["contrast"].nargs == "+" and filters["aggregation"].choices == ("max", "mean")


def test_flags_override_a_base_and_name_themselves_in_errors(tmp_path):
    flags = Flags(FinetuneConfig, names={"learning_rate": "--lr"})
    parser = argparse.ArgumentParser()
    flags.add_to(parser)
    config_file = tmp_path / "run.yaml"
    config_file.write_text("training:\n  rank: 4\n  batch_size: 2\n")
    from emgauge.finetune import load_config_file

    base = load_config_file(config_file)
    config = flags.build(parser.parse_args(["--lr", "0.01", "--batch-size", "3"]), base=base)
    assert (config.rank, config.batch_size, config.learning_rate) == (4, 3, 0.01)
    assert flags.build(parser.parse_args([])) == FinetuneConfig()
    with pytest.raises(
        InputError, match=r"field 'learning_rate': must be > 0, got 0.0 \(given as --lr\)"
    ):
        flags.build(parser.parse_args(["--lr", "0"]))


def test_filter_and_sae_flag_errors_are_one_line_exit_2(tmp_path, capsys):
    dataset = tmp_path / "d.jsonl"
    dataset.write_text(
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "yo"},
                ]
            }
        )
        + "\n"
    )
    argv = ["filter", "--method", "random", "--budget", "1", "--dataset", str(dataset)]
    assert main([*argv, "--out", str(tmp_path / "o"), "--batch-tokens", "8"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "field 'batch_tokens': must be >= 16, got 8 (given as --batch-tokens)" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "o").exists()
    sae = ["sae", "train", "--layer", "1", "--k", "0", "--out", str(tmp_path / "s")]
    assert main(sae) == EXIT_BAD_INPUT
    assert "field 'k': must be >= 1, got 0 (given as --k)" in capsys.readouterr().err
