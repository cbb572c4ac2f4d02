"""Which floating-point precision the models run in: chosen by measurement, in one place.

Fine-tuning, the preference probe, activation scoring, SAE training and the Inspect
provider all call :func:`choose_precision`. The modes:

* ``fp32``: fp32 weights, no autocast.
* ``bf16-autocast`` (CPU): fp32 master weights, matrix products in bf16 under
  ``torch.autocast``. Only worth it where the CPU runs bf16 natively (AVX512-BF16 or AMX:
  2.5-4x faster than fp32); on an AVX2-only CPU bf16 is emulated and about 6x *slower*.
* ``bf16`` (CUDA): bf16 weights (and bf16 autocast, so fp32 LoRA weights mix with them).

``auto`` picks bf16 on a GPU that supports it, and on a CPU only where its flags
(``/proc/cpuinfo``) show native bf16. Where the flags cannot be read (not Linux x86), a
sub-second timed matmul decides, cached per CPU model and torch version in the emgauge
cache. ``EMGAUGE_PRECISION=fp32|bf16|auto`` overrides ``auto``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from emgauge.errors import InputError
from emgauge.files import atomic_write_json, file_lock
from emgauge.models import cache_root
from emgauge.progress import note

if TYPE_CHECKING:  # torch is imported on first use: the CLI starts without it
    import torch

#: What a user may ask for (``--precision``, ``precision:`` in configs).
PrecisionChoice = Literal["auto", "fp32", "bf16"]
PRECISIONS: tuple[str, ...] = get_args(PrecisionChoice)
#: The description of every ``precision`` setting (fine-tuning, filters, the probe, SAEs).
PRECISION_HELP = "auto (bf16 where the hardware runs it natively, else fp32), fp32 or bf16"
MODES = ("fp32", "bf16", "bf16-autocast")
ENV_VAR = "EMGAUGE_PRECISION"
#: CPU flags that mean bf16 matrix products run natively (oneDNN uses them).
NATIVE_BF16_FLAGS = ("avx512_bf16", "amx_bf16")
BF16_FLAGS = ("avx512_bf16", "amx_bf16", "amx_tile")
#: bf16 autocast must beat fp32 by this factor in the calibration to be chosen.
MIN_CALIBRATED_SPEEDUP = 1.2
CALIBRATION_FILE = "cpu-bf16-calibration.json"


@dataclass(frozen=True)
class CPUInfo:
    """What the CPU can do for bf16."""

    capability: str
    """``torch.backends.cpu.get_cpu_capability()``, e.g. ``AVX2`` or ``AVX512`` (the
    latter does not imply bf16)."""
    flags: tuple[str, ...]
    """The bf16-relevant flags found (of :data:`BF16_FLAGS`)."""
    flags_known: bool
    """Whether the CPU's flags could be read (Linux on x86)."""
    model: str | None
    machine: str

    @property
    def native_bf16(self) -> bool | None:
        """True/False where the flags tell, None where they could not be read."""
        if not self.flags_known:
            return None
        return any(flag in self.flags for flag in NATIVE_BF16_FLAGS)


@dataclass(frozen=True)
class Precision:
    """The precision chosen for one device; see the module docstring for the modes."""

    requested: str
    mode: str
    device: str
    weights_dtype: torch.dtype
    autocast_dtype: torch.dtype | None
    reason: str
    cpu: CPUInfo

    @property
    def summary(self) -> str:
        """One line, e.g. ``fp32 (CPU lacks native bf16 (avx2 only): ...)``."""
        return f"{self.mode} ({self.reason})"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record for manifests."""
        return {
            "requested": self.requested,
            "mode": self.mode,
            "device": self.device,
            "weights_dtype": _dtype_name(self.weights_dtype),
            "autocast_dtype": _dtype_name(self.autocast_dtype),
            "reason": self.reason,
            "cpu": {**asdict(self.cpu), "flags": list(self.cpu.flags)},
        }

    @contextmanager
    def autocast(self) -> Iterator[None]:
        """``torch.autocast`` to :attr:`autocast_dtype`; nothing for fp32."""
        import torch

        if self.autocast_dtype is None:
            yield
            return
        with torch.autocast(torch.device(self.device).type, dtype=self.autocast_dtype):
            yield


def _dtype_name(dtype: torch.dtype | None) -> str | None:
    return None if dtype is None else str(dtype).removeprefix("torch.")


# ----------------------------------------------------------------------- detection


def _cpuinfo_text() -> str | None:
    """``/proc/cpuinfo`` (Linux), or None where it cannot be read."""
    try:
        return Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _isa_limited(capability: str) -> bool:
    """Whether torch's kernels or oneDNN's are limited below the bf16 instruction sets."""
    isa_cap = os.environ.get("ONEDNN_MAX_CPU_ISA", "").upper()
    onednn_limited = bool(isa_cap) and not any(k in isa_cap for k in ("BF16", "AMX", "ALL"))
    return onednn_limited or not capability.upper().startswith("AVX512")


def cpu_info() -> CPUInfo:
    """The CPU's bf16 capability, from ``/proc/cpuinfo`` and torch."""
    import torch

    text = _cpuinfo_text() or ""
    model: str | None = None
    flags: set[str] | None = None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and model is None:
            model = value.strip() or None
        elif key == "flags" and flags is None:  # x86 only; ARM lists "Features"
            flags = set(value.split())
        if model is not None and flags is not None:
            break
    capability = torch.backends.cpu.get_cpu_capability()
    if flags is not None and _isa_limited(capability):
        # torch or oneDNN told to stop below bf16 instructions (ATEN_CPU_CAPABILITY,
        # ONEDNN_MAX_CPU_ISA): bf16 runs emulated there whatever the silicon has.
        flags -= set(BF16_FLAGS)
    return CPUInfo(
        capability=capability,
        flags=tuple(f for f in BF16_FLAGS if flags and f in flags),
        flags_known=flags is not None,
        model=model or platform.processor() or None,
        machine=platform.machine(),
    )


def _measure_bf16_speedup() -> float:
    """fp32 time / bf16-autocast time of a small linear layer on this CPU (< 1 s)."""
    import torch

    layer = torch.nn.Linear(512, 512)
    x = torch.randn(64, 512)

    def best(autocast: bool) -> float:
        times = []
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            layer(x)  # warm-up (kernel selection, weight casts)
            for _ in range(5):
                start = time.perf_counter()
                for _ in range(4):
                    layer(x)
                times.append(time.perf_counter() - start)
        return min(times)

    return best(False) / max(best(True), 1e-9)


def calibrated_bf16_speedup(cpu: CPUInfo) -> float:
    """bf16-autocast speedup over fp32 on this CPU: measured once, cached per CPU model and
    torch version in the emgauge cache."""
    import torch

    key = f"{cpu.model or 'unknown'}|{cpu.machine}|{cpu.capability}|torch {torch.__version__}"
    path = cache_root() / CALIBRATION_FILE
    with file_lock(cache_root() / f".{CALIBRATION_FILE}.lock"):
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            cached = {}
        if key not in cached:
            cached[key] = round(_measure_bf16_speedup(), 3)
            atomic_write_json(path, cached)
    return float(cached[key])


# ------------------------------------------------------------------------- choice

_announced: set[tuple[str, str]] = set()


def choose_precision(
    requested: str = "auto", device: str | torch.device | None = None, *, stage: str | None = None
) -> Precision:
    """The precision to run in on ``device`` (default: CUDA when visible, else CPU).

    ``requested`` is ``auto``, ``fp32`` or ``bf16``; with ``auto``, ``$EMGAUGE_PRECISION``
    applies. Explicit ``bf16`` on a CPU without native bf16 is honoured (the reason warns);
    on a GPU without bf16 it is an :class:`InputError`. With ``stage``, the choice is
    printed once per process and stage on stderr (unless quiet).
    """
    import torch

    if requested not in PRECISIONS:
        raise InputError(
            f"unknown precision {requested!r}",
            field="precision",
            fix=f"use one of {', '.join(PRECISIONS)}",
        )
    if requested == "auto":
        requested = os.environ.get(ENV_VAR, "").strip().lower() or "auto"
        if requested not in PRECISIONS:
            raise InputError(
                f"{ENV_VAR}={requested!r} is not a precision",
                fix=f"set it to one of {', '.join(PRECISIONS)}, or unset it",
            )
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    device = str(device)
    cpu = cpu_info()
    if device.startswith("cuda"):
        mode, reason = _cuda_mode(requested, device)
    elif device == "cpu" or device.startswith("cpu:"):
        mode, reason = _cpu_mode(requested, cpu)
    else:
        mode, reason = "fp32", f"bf16 is only chosen on CPU and CUDA, not {device}"
    choice = Precision(
        requested=requested,
        mode=mode,
        device=device,
        weights_dtype=torch.bfloat16 if mode == "bf16" else torch.float32,
        autocast_dtype=None if mode == "fp32" else torch.bfloat16,
        reason=reason,
        cpu=cpu,
    )
    if stage is not None and (stage, choice.summary) not in _announced:
        _announced.add((stage, choice.summary))
        note(f"precision for {stage}: {choice.summary}")
    return choice


def _cuda_mode(requested: str, device: str) -> tuple[str, str]:
    import torch

    if requested == "fp32":
        return "fp32", "fp32 requested"
    if torch.cuda.is_bf16_supported():
        return "bf16", "GPU supports bf16" if requested == "auto" else "bf16 requested"
    if requested == "bf16":
        raise InputError(
            f"this GPU ({device}) does not support bf16",
            field="precision",
            fix="use 'fp32' or 'auto'",
        )
    return "fp32", "GPU lacks bf16"


def _cpu_mode(requested: str, cpu: CPUInfo) -> tuple[str, str]:
    native = cpu.native_bf16
    if native:
        found = ", ".join(f for f in cpu.flags if f in NATIVE_BF16_FLAGS)
        fact = f"CPU has native bf16 ({found})"
    elif native is False:
        fact = f"CPU lacks native bf16 ({cpu.capability.lower()} only): bf16 would be emulated"
    else:
        fact = "CPU bf16 support unknown"
    if requested == "fp32":
        return "fp32", "fp32 requested"
    if requested == "bf16":
        return "bf16-autocast", f"bf16 requested; {fact}"
    if native is not None:
        return ("bf16-autocast" if native else "fp32"), fact
    speedup = calibrated_bf16_speedup(cpu)
    chosen = "bf16-autocast" if speedup >= MIN_CALIBRATED_SPEEDUP else "fp32"
    return chosen, f"calibration: bf16 {speedup:.1f}x fp32"
