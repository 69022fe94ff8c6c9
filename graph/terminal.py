"""Text from documents on the analyst's terminal: shown, never obeyed.

A document may carry control characters (ESC[2J clears the screen, a carriage return overwrites a line) or Unicode
bidi overrides (which make a quote read backwards). Rich's markup escaping leaves them in, so every table the
project prints passes its cells through ``cell``, and every message through ``printable``.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline (harmless in a table cell or a message), DEL, C1 controls, bidi embeddings,
# overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, uchar: bool = False) -> str:
    """``text`` with each unsafe character written as an escape: ``\\x1b`` or ``\\u202e`` as Python writes them,
    or, with ``uchar``, ``\\u001B`` as Turtle and TriG do (so RDF output stays valid RDF with the same data)."""
    def escape(match: re.Match) -> str:
        code = ord(match.group())
        if uchar:
            return f"\\u{code:04X}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return UNSAFE.sub(escape, text)


def cell(value: object) -> str:
    """A value for a Rich table: printable, and its ``[markup]`` escaped."""
    from rich.markup import escape

    return escape(printable(str(value)))
