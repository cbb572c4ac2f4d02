"""Precision choice (faked CPUs and GPUs) and the progress helper; no model is loaded."""

from __future__ import annotations

import json

import pytest
import torch

from emgauge import precision as P
from emgauge import progress
from emgauge.errors import InputError
from emgauge.precision import choose_precision
from emgauge.progress import Progress

AVX2_ONLY = "processor\t: 0\nmodel name\t: AMD EPYC 7B12\nflags\t\t: fpu sse2 avx avx2 fma\n"
AVX512_BF16 = "model name\t: AMD EPYC 9B14\nflags\t\t: avx2 avx512f avx512_bf16\n"
AMX = "model name\t: Intel Xeon 8480\nflags\t\t: avx2 avx512f amx_bf16 amx_tile amx_int8\n"
ARM = "processor\t: 0\nFeatures\t: fp asimd bf16\n"


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    monkeypatch.delenv(P.ENV_VAR, raising=False)
    monkeypatch.setenv("EMGAUGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(progress, "_quiet", None)
    monkeypatch.delenv(progress.QUIET_ENV, raising=False)
    monkeypatch.setattr(P, "_announced", set())


def fake_cpu(monkeypatch, text: str | None, capability: str = "AVX2") -> None:
    monkeypatch.setattr(P, "_cpuinfo_text", lambda: text)
    monkeypatch.setattr(torch.backends.cpu, "get_cpu_capability", lambda: capability)


def no_calibration(monkeypatch):
    def fail() -> float:
        raise AssertionError("calibration must not run when the flags tell")

    monkeypatch.setattr(P, "_measure_bf16_speedup", fail)


def test_avx2_only_cpu_runs_fp32(monkeypatch):
    fake_cpu(monkeypatch, AVX2_ONLY)
    no_calibration(monkeypatch)
    choice = choose_precision("auto", "cpu")
    assert choice.mode == "fp32" and choice.autocast_dtype is None
    assert choice.weights_dtype == torch.float32
    assert "lacks native bf16 (avx2 only)" in choice.reason
    assert choice.cpu.model == "AMD EPYC 7B12" and choice.cpu.flags == ()


@pytest.mark.parametrize(
    ("capability", "onednn_isa"),
    [("AVX2", None), ("AVX512", "AVX2"), ("AVX512", "AVX512_CORE")],
    ids=["aten-avx2", "onednn-avx2", "onednn-avx512-core"],
)
def test_kernels_limited_below_bf16_run_fp32_on_bf16_silicon(monkeypatch, capability, onednn_isa):
    # ATEN_CPU_CAPABILITY / ONEDNN_MAX_CPU_ISA emulate an AVX2-only CPU (bench/ uses this).
    fake_cpu(monkeypatch, AVX512_BF16, capability)
    if onednn_isa:
        monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", onednn_isa)
    else:
        monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    no_calibration(monkeypatch)
    assert choose_precision("auto", "cpu").mode == "fp32"
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX512_CORE_BF16")
    expected = "fp32" if capability == "AVX2" else "bf16-autocast"
    assert choose_precision("auto", "cpu").mode == expected


@pytest.mark.parametrize(
    ("text", "flag"), [(AVX512_BF16, "avx512_bf16"), (AMX, "amx_bf16")], ids=["avx512", "amx"]
)
def test_native_bf16_cpu_autocasts(monkeypatch, text, flag):
    fake_cpu(monkeypatch, text, "AVX512")
    no_calibration(monkeypatch)
    choice = choose_precision("auto", "cpu")
    assert choice.mode == "bf16-autocast"
    assert choice.weights_dtype == torch.float32 and choice.autocast_dtype == torch.bfloat16
    assert flag in choice.reason and flag in choice.cpu.flags


def test_explicit_choices_on_cpu(monkeypatch):
    fake_cpu(monkeypatch, AVX2_ONLY)
    no_calibration(monkeypatch)
    assert choose_precision("fp32", "cpu").mode == "fp32"
    forced = choose_precision("bf16", "cpu")
    assert forced.mode == "bf16-autocast" and "emulated" in forced.reason


@pytest.mark.parametrize("text", [None, ARM], ids=["unreadable", "arm"])
def test_inconclusive_cpu_calibrates_once(monkeypatch, tmp_path, text):
    fake_cpu(monkeypatch, text, "DEFAULT")
    calls = []
    monkeypatch.setattr(P, "_measure_bf16_speedup", lambda: calls.append(1) or 2.5)
    first = choose_precision("auto", "cpu")
    second = choose_precision("auto", "cpu")
    assert first.mode == second.mode == "bf16-autocast"
    assert first.reason == "calibration: bf16 2.5x fp32"
    assert len(calls) == 1  # the second call read the cache
    cached = json.loads((tmp_path / "cache" / P.CALIBRATION_FILE).read_text())
    assert list(cached.values()) == [2.5]


def test_slow_calibration_means_fp32(monkeypatch):
    fake_cpu(monkeypatch, None, "DEFAULT")
    monkeypatch.setattr(P, "_measure_bf16_speedup", lambda: 0.2)
    choice = choose_precision("auto", "cpu")
    assert choice.mode == "fp32" and choice.reason == "calibration: bf16 0.2x fp32"


def test_calibration_really_measures():
    assert P._measure_bf16_speedup() > 0


def test_environment_overrides_auto_only(monkeypatch):
    fake_cpu(monkeypatch, AVX512_BF16)
    monkeypatch.setenv(P.ENV_VAR, "fp32")
    assert choose_precision("auto", "cpu").mode == "fp32"
    assert choose_precision("bf16", "cpu").mode == "bf16-autocast"
    fake_cpu(monkeypatch, AVX2_ONLY)
    monkeypatch.setenv(P.ENV_VAR, "bf16")
    assert choose_precision("auto", "cpu").mode == "bf16-autocast"
    monkeypatch.setenv(P.ENV_VAR, "fp16")
    with pytest.raises(InputError, match="EMGAUGE_PRECISION"):
        choose_precision("auto", "cpu")


def test_unknown_request_is_input_error():
    with pytest.raises(InputError, match="field 'precision'"):
        choose_precision("fp16", "cpu")


@pytest.mark.parametrize("supported", [True, False])
def test_cuda_choices(monkeypatch, supported):
    fake_cpu(monkeypatch, AVX2_ONLY)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: supported)
    auto = choose_precision()
    assert auto.device == "cuda"
    if supported:
        assert auto.mode == "bf16" and auto.weights_dtype == torch.bfloat16
        assert choose_precision("bf16", "cuda:1").mode == "bf16"
    else:
        assert auto.mode == "fp32" and auto.autocast_dtype is None
        with pytest.raises(InputError, match="does not support bf16"):
            choose_precision("bf16", "cuda")
    assert choose_precision("fp32", "cuda").mode == "fp32"


def test_manifest_dict(monkeypatch):
    fake_cpu(monkeypatch, AVX512_BF16, "AVX512")
    record = choose_precision("auto", "cpu").as_dict()
    assert json.loads(json.dumps(record)) == record
    assert record == {
        "requested": "auto",
        "mode": "bf16-autocast",
        "device": "cpu",
        "weights_dtype": "float32",
        "autocast_dtype": "bfloat16",
        "reason": "CPU has native bf16 (avx512_bf16)",
        "cpu": {
            "capability": "AVX512",
            "flags": ["avx512_bf16"],
            "flags_known": True,
            "model": "AMD EPYC 9B14",
            "machine": record["cpu"]["machine"],
        },
    }


def test_autocast_helper(monkeypatch):
    fake_cpu(monkeypatch, AVX512_BF16, "AVX512")
    x = torch.ones(2, 2)
    with choose_precision("auto", "cpu").autocast():
        assert (x @ x).dtype == torch.bfloat16
    with choose_precision("fp32", "cpu").autocast():
        assert (x @ x).dtype == torch.float32


def test_choice_is_announced_once_per_stage(monkeypatch, capsys):
    fake_cpu(monkeypatch, AVX2_ONLY)
    choose_precision("auto", "cpu", stage="probe")
    choose_precision("auto", "cpu", stage="probe")
    choose_precision("auto", "cpu")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "precision for probe: fp32 (CPU lacks native bf16 (avx2 only): bf16 would be emulated)"
    ]
    progress.set_quiet(True)
    choose_precision("auto", "cpu", stage="finetune")
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------- progress


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_lines_and_eta(capsys):
    clock = FakeClock()
    bar = Progress(256, "probe", unit="answers", clock=clock)
    clock.now += 2
    bar.update(32)  # under 5 s since the start: silent
    clock.now += 29
    bar.update(64)
    clock.now += 1
    bar.update(16)  # 1 s after the last line: silent
    clock.now += 51
    bar.update(144)
    lines = capsys.readouterr().err.splitlines()
    # 96 done in 31 s: 160 more take 31 / 96 * 160 = 51.7 s
    assert lines == [
        "probe: 96/256 answers, 31 s elapsed, ETA 52 s",
        "probe: 256/256 answers, 83 s elapsed",
    ]
    bar.finish()
    assert capsys.readouterr().err == ""  # the last line is printed once


def test_progress_detail_long_times_and_early_finish(capsys):
    clock = FakeClock()
    bar = Progress(10, "finetune", unit="steps", clock=clock, started=40.0)
    clock.now += 5
    bar.update(1, detail="loss 2.310")
    bar.finish()
    assert capsys.readouterr().err.splitlines() == [
        "finetune: 1/10 steps, 65 s elapsed, ETA 9 min 45 s, loss 2.310",
        "finetune: 1/10 steps, 65 s elapsed, ETA 9 min 45 s",
    ]
    assert progress.format_seconds(3725) == "1 h 02 min"


def test_quiet_prints_nothing(monkeypatch, capsys):
    monkeypatch.setenv(progress.QUIET_ENV, "1")
    clock = FakeClock()
    bar = Progress(2, "activations", clock=clock)
    clock.now += 10
    bar.update()
    bar.update()
    progress.note("hello")
    assert capsys.readouterr().err == ""


def test_cli_accepts_quiet(monkeypatch, capsys):
    from emgauge.cli import main

    monkeypatch.setenv("TQDM_DISABLE", "")  # restored afterwards; set_quiet keeps it

    assert main(["--quiet", "prompts", "list", "--json"]) == 0
    assert progress.is_quiet()
    assert capsys.readouterr().err == ""
    progress.set_quiet(False)
