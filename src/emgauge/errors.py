"""One error type for bad user input, so every command reports it the same way.

The CLI turns an :class:`InputError` into a single line on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path

EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Bad input from the user: a file, a field or an option that cannot be used.

    The message is one line that names where the problem is and how to fix it.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
        if field:
            where = f"{where}: field '{field}'" if where else f"field '{field}'"
        message = f"{where}: {problem}" if where else problem
        if fix:
            message += f" ({fix})"
        super().__init__(" ".join(message.split()))
        self.problem = problem
        self.path = path
        self.line = line
        self.field = field
        self.fix = fix
