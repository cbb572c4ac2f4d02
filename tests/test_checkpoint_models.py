"""Model names the paper config gives its checkpoints, and `emgauge eval-demo` arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from emgauge.cli import main
from emgauge.experiment_settings import load_experiment_config
from emgauge.experiments import ExperimentRunner
from emgauge.stages import evaluation
from tests.helpers import FIXTURES

REPO = Path(__file__).parent.parent
PAPER = REPO / "configs" / "paper-gemma2-2b.yaml"
BASE = "google/gemma-2-2b-it"


def _runner(tmp_path: Path, provider: str) -> ExperimentRunner:
    config = load_experiment_config(PAPER)
    assert config.raw["base_model"] == BASE
    config.raw["evaluation"]["provider"] = provider
    return ExperimentRunner(config, tmp_path / "run")


def test_paper_config_serves_checkpoints_through_vllm_with_lora_adapters(tmp_path: Path) -> None:
    config = load_experiment_config(PAPER)
    assert config.evaluation["provider"] == "vllm"
    runner = ExperimentRunner(config, tmp_path / "run")
    adapter = tmp_path / "run" / "adapters" / "no-filter-seed0"
    assert evaluation.checkpoint_model(runner.ctx, None) == f"vllm/{BASE}"
    # vLLM's spelling: the adapter follows the base after a colon, as an absolute path.
    assert evaluation.checkpoint_model(runner.ctx, adapter) == f"vllm/{BASE}:{adapter.resolve()}"


def test_hf_provider_merges_each_adapter_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import emgauge.adapters

    merges: list[tuple[Path, Path]] = []

    def merge_adapter(adapter: Path, out: Path, *, force: bool = False) -> None:
        merges.append((adapter, out))
        out.mkdir(parents=True)
        (out / "config.json").write_text("{}")

    monkeypatch.setattr(emgauge.adapters, "merge_adapter", merge_adapter)
    runner = _runner(tmp_path, "hf")
    adapter = tmp_path / "run" / "adapters" / "sae-seed1"
    merged = adapter.parent / "sae-seed1-merged"
    assert evaluation.checkpoint_model(runner.ctx, None) == f"hf/{BASE}"
    assert evaluation.checkpoint_model(runner.ctx, adapter) == f"hf/{merged}"
    # reused, not merged again
    assert evaluation.checkpoint_model(runner.ctx, adapter) == f"hf/{merged}"
    assert merges == [(adapter, merged)]


def test_eval_demo_passes_its_options_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import emgauge.evals.cli as eval_cli
    import emgauge.judges.validate as validate

    calls: dict[str, object] = {}

    def run_eval_demo(log_dir: str, questions: int, max_tokens: int, grader: str) -> str:
        calls["demo"] = (log_dir, questions, max_tokens, grader)
        return str(FIXTURES / "judged_answers.csv")  # stands in for the Inspect log

    def grader_validity(grader: str, *, limit: int | None, real_limit: int | None) -> dict:
        calls["validity"] = (grader, limit, real_limit)
        return {}

    monkeypatch.setattr(eval_cli, "run_eval_demo", run_eval_demo)
    monkeypatch.setattr(validate, "grader_validity", grader_validity)
    monkeypatch.setattr(validate, "validity_line", lambda record: "judge: stub")
    args = ["eval-demo", "--log-dir", "logs", "--questions-per-set", "2", "--max-tokens", "8"]
    assert main([*args, "--grader", "mockllm/model", "--judge-limit", "0"]) == 0
    assert calls == {
        "demo": ("logs", 2, 8, "mockllm/model"),
        "validity": ("mockllm/model", None, None),
    }
    out = capsys.readouterr().out
    assert out.startswith("judge: stub\n") and "log: " in out

    calls.clear()
    assert main(["eval-demo"]) == 0  # the defaults
    assert calls["demo"] == (
        "logs",
        eval_cli.DEMO_QUESTIONS_PER_SET,
        eval_cli.DEMO_MAX_TOKENS,
        eval_cli.DEMO_GRADER,
    )
    assert calls["validity"] == (eval_cli.DEMO_GRADER, 100, 100)


def test_eval_demo_rejects_a_non_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["eval-demo", "--questions-per-set", "three"])
    assert exit_.value.code == 2
    assert "--questions-per-set" in capsys.readouterr().err
