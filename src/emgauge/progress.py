"""Progress lines on stderr for long stages, and the process-wide quiet switch.

A :class:`Progress` prints ``label: done/total unit, elapsed, ETA`` at most every few
seconds and once at the end, e.g. ``probe: 96/256 answers, 31 s elapsed, ETA 52 s``.
``emgauge --quiet`` (or ``EMGAUGE_QUIET=1``) silences these lines and other notes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

QUIET_ENV = "EMGAUGE_QUIET"
_quiet: bool | None = None  # None: follow the environment


def set_quiet(quiet: bool = True) -> None:
    """Silence (or re-enable) progress lines and notes in this process and its children."""
    global _quiet
    _quiet = quiet
    if quiet:
        os.environ[QUIET_ENV] = "1"  # children (Inspect workers, subprocesses) follow
        # other libraries' tqdm bars (model loading); tqdm reads it when first imported
        os.environ.setdefault("TQDM_DISABLE", "1")
    else:
        os.environ.pop(QUIET_ENV, None)


def is_quiet() -> bool:
    """True after :func:`set_quiet` or with ``EMGAUGE_QUIET`` set to a true value."""
    if _quiet is not None:
        return _quiet
    return os.environ.get(QUIET_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def note(message: str) -> None:
    """Print one line on stderr unless quiet."""
    if not is_quiet():
        print(message, file=sys.stderr, flush=True)


def format_seconds(seconds: float) -> str:
    """``42 s``, ``3 min 05 s`` or ``1 h 02 min``."""
    seconds = max(0, round(seconds))
    if seconds < 100:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """Counts work done towards ``total`` and reports it on stderr, rate-limited.

    Args:
        total: units of work in all (e.g. answers, conversations, steps).
        label: what is running, the start of every line (``probe``, ``activations``).
        unit: name of one unit of work, printed after the count.
        every_s: least time between two lines; the last line is always printed.
        clock: seconds as a float (``time.monotonic``; tests pass a fake one).
        started: clock value at which the work started (default: now).
    """

    def __init__(
        self,
        total: int,
        label: str,
        *,
        unit: str = "",
        every_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        started: float | None = None,
    ) -> None:
        self.total = max(0, int(total))
        self.label = label
        self.unit = unit
        self.every_s = every_s
        self.clock = clock
        self.started = clock() if started is None else started
        self.done = 0
        self._last_print = self.started
        self._finished = False

    def line(self, detail: str = "") -> str:
        """The current progress line (without printing it)."""
        elapsed = self.clock() - self.started
        count = f"{self.done}/{self.total}" + (f" {self.unit}" if self.unit else "")
        parts = [f"{self.label}: {count}", f"{format_seconds(elapsed)} elapsed"]
        if self.done < self.total:
            parts.append(f"ETA {self._eta(elapsed)}")
        if detail:
            parts.append(detail)
        return ", ".join(parts)

    def _eta(self, elapsed: float) -> str:
        if self.done <= 0:
            return "unknown"
        return format_seconds(elapsed / self.done * (self.total - self.done))

    def update(self, n: int = 1, *, detail: str = "") -> None:
        """Add ``n`` units done; print a line if ``every_s`` passed or the work is done."""
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        now = self.clock()
        if self.done >= self.total:
            self.finish(detail=detail)
        elif now - self._last_print >= self.every_s:
            self._last_print = now
            note(self.line(detail))

    def finish(self, *, detail: str = "") -> None:
        """Print the final line once (also when stopped short of ``total``)."""
        if not self._finished:
            self._finished = True
            note(self.line(detail))
