"""Showing user input in error messages, however long it is.

Parsers bound the length of their input before any regular expression runs
(so that no pattern can backtrack for seconds over a hostile value), and the
error they raise must stay one readable line even for a 30,000-character value.

>>> shown("P1"), shown("p" + " " * 40_000 + "x")
("'P1'", "'p                   '... (40,002 characters)")
"""

from __future__ import annotations

__all__ = ["shown"]

_SHOWN = 40  # longest value quoted whole


def shown(value: object) -> str:
    """``repr(value)``, cut to its first 20 characters and its length when long."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return f"{value[:20]!r}... ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= _SHOWN + 2 else f"{text[:_SHOWN]}... ({len(text):,} characters)"
