"""Errors that reach the user: each names the file and, where it can, the line."""

from __future__ import annotations

from pathlib import Path


class BilatError(Exception):
    """An input problem the user can fix; the CLI prints it and exits with ``exit_code`` (2: bad input)."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


def line_of(text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of ``needle`` (or of its first 40 characters) in ``text``."""
    for probe in (needle, needle[:40]):
        index = text.find(probe)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None
