"""What emgauge lets libraries print: one policy, applied wherever emgauge loads a model.

transformers and huggingface_hub draw a "Loading weights" bar for every model load and log
notes meant for library authors; on the default path (``emgauge run``, ``emgauge filter``,
``inspect eval emgauge/...``) they are noise between emgauge's own lines. :func:`quiet_libraries`
switches their bars off and their logging down to errors, and ignores the few known
warnings by message (never all warnings: an unexpected one may matter). Each model load
then prints one line instead (:func:`model_load_line`):
``loading emgauge/smollm2 (fp32, cpu) ... 1.2 s``.

Nothing heavy is imported here: the libraries are configured only when already imported
or about to be (the caller is loading a model).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from emgauge.progress import note

#: Library warnings that say nothing to an emgauge user: (message regex, category).
KNOWN_NOISE: tuple[tuple[str, type[Warning]], ...] = (
    # peft/transformers ask callers to move to a renamed attribute; nothing to do for a user.
    (r"`is_gradient_checkpointing`", FutureWarning),
)

_applied = False


def ignore_known_warnings() -> None:
    """Ignore :data:`KNOWN_NOISE` (only those messages) in this process."""
    for message, category in KNOWN_NOISE:
        warnings.filterwarnings("ignore", message=message, category=category)


def quiet_libraries() -> None:
    """Switch off transformers' and huggingface_hub's progress bars and info logging, and
    ignore the known noisy warnings. Idempotent; call it before loading a model."""
    global _applied
    # Every call: the filters live in warnings' state, which a caller (pytest, a
    # catch_warnings block) may have reset since the last load.
    ignore_known_warnings()
    if _applied:
        return
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:  # pragma: no cover - transformers is a dependency
        pass
    else:
        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
    try:
        from huggingface_hub.utils import disable_progress_bars
    except ImportError:  # pragma: no cover - comes with transformers
        pass
    else:
        disable_progress_bars()
    _applied = True


def dtype_name(dtype: Any) -> str:
    """``fp32`` / ``bf16`` / ``fp16`` for a torch dtype (or its name); ``auto`` for None."""
    if dtype is None:
        return "auto"
    name = str(dtype).removeprefix("torch.")
    return {"float32": "fp32", "bfloat16": "bf16", "float16": "fp16"}.get(name, name)


class LoadLine:
    """What :func:`model_load_line` prints; the caller may set the dtype the load chose."""

    def __init__(self, name: str, dtype: Any, device: str) -> None:
        self.name = name
        self.dtype = dtype
        self.device = device


@contextmanager
def model_load_line(name: str, dtype: Any, device: str) -> Iterator[LoadLine]:
    """Quiet the libraries while a model loads, then print one line saying what loaded,
    how and how long it took (nothing if the load fails: the error says why)."""
    quiet_libraries()
    line = LoadLine(name, dtype, device)
    started = time.monotonic()
    yield line
    seconds = time.monotonic() - started
    note(f"loading {line.name} ({dtype_name(line.dtype)}, {line.device}) ... {seconds:.1f} s")
