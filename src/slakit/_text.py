"""User input in error messages, and the one rule for ids.

Parsers bound the length of their input before any regular expression runs
(so that no pattern can backtrack for seconds over a hostile value), and the
error they raise must stay one readable line even for a 30,000-character value.

Contract ids, the services a contract covers, and the ids tickets, outages and
security breaches name follow one rule (:data:`ID_PATTERN`), checked by
:func:`check_id` and, for lists such as a CSV cell ``"acme, globex"``,
:func:`id_list`. :func:`listing` names the first few of many.

>>> shown("P1"), shown("p" + " " * 40_000 + "x")
("'P1'", "'p                   '... (40,002 characters)")
>>> id_list("acme-gold, globex", "contract", ValueError)
('acme-gold', 'globex')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ID_HELP", "ID_PATTERN", "check_id", "id_list", "listing", "shown"]

_SHOWN = 40  # longest value quoted whole

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
"""What an id may be: a letter or digit, then up to 127 letters, digits, ``.``, ``_`` or
``-`` (safe as a file name, a CSV cell and a command-line word)."""

ID_HELP = "an id is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"
"""The rule of :data:`ID_PATTERN` in words, for error messages."""

_MAX_ID = 128
_EXAMPLES = {"contract": "kmp-premier-dublin", "service": "payments-api"}
_SEPARATORS = re.compile(r"[\s,]+")


def shown(value: object) -> str:
    """``repr(value)``, cut to its first 20 characters and its length when long."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return f"{value[:20]!r}... ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= _SHOWN + 2 else f"{text[:_SHOWN]}... ({len(text):,} characters)"


def check_id(text: object, what: str, error: type[Exception]) -> str:
    """``text`` if it is a valid id (:data:`ID_PATTERN`), else ``error`` saying what is allowed.

    The text is checked as given (callers strip it first when they mean to).

    >>> check_id("acme-gold", "contract", ValueError)
    'acme-gold'
    >>> check_id("acme gold", "service", ValueError)
    Traceback (most recent call last):
    ...
    ValueError: 'acme gold' is not a service id; an id is 1 to 128 letters, digits, '.', '_' \
or '-', starting with a letter or digit, e.g. payments-api

    Args:
        text: the id to check.
        what: what it names, as error messages say it: ``"contract"``, ``"service"``.
        error: the exception class to raise (``ValueError`` inside a model validator,
            so that the model names the field).

    Raises:
        error: ``text`` is not text, or not of the form above.
    """
    # fullmatch on at most 128 characters: the length is bounded before the pattern runs.
    if not isinstance(text, str) or len(text) > _MAX_ID or not ID_PATTERN.fullmatch(text):
        example = _EXAMPLES.get(what, "acme-gold")
        raise error(f"{shown(text)} is not a {what} id; {ID_HELP}, e.g. {example}")
    return text


def id_list(value: str | Iterable[str], what: str, error: type[Exception]) -> tuple[str, ...]:
    """The ids in ``value``: text separated by spaces or commas, or an iterable of ids.

    Each id is stripped and checked with :func:`check_id`. Empty text (or an
    empty iterable) names none. Text of separators only (``","``) names none by
    mistake and is an error, never "every contract".

    >>> id_list(" acme-gold  globex,initech ", "contract", ValueError)
    ('acme-gold', 'globex', 'initech')
    >>> id_list(("acme-gold", " globex "), "contract", ValueError)
    ('acme-gold', 'globex')
    >>> id_list("", "service", ValueError)
    ()
    >>> id_list(" , ", "contract", ValueError)
    Traceback (most recent call last):
    ...
    ValueError: ' , ' names no contract: it holds only separators; leave it empty or name \
contract ids separated by spaces or commas

    Args:
        value: ``"a b"``, ``"a, b"``, or ``("a", "b")``.
        what: what the ids name: ``"contract"``, ``"service"``.
        error: the exception class to raise.

    Raises:
        error: text of separators only; an item that is empty, not text, holds a space
            or a comma, or is not a valid id.
    """
    if isinstance(value, str):
        names = tuple(name for name in _SEPARATORS.split(value) if name)
        if value.strip() and not names:
            raise error(
                f"{shown(value)} names no {what}: it holds only separators; leave it empty "
                f"or name {what} ids separated by spaces or commas"
            )
        return tuple(check_id(name, what, error) for name in names)
    checked = []
    for item in value:
        if not isinstance(item, str):
            raise error(f"a {what} id must be text, not {type(item).__name__}")
        text = item.strip()
        if not text:
            raise error(f"a {what} id must not be empty")
        if any(character.isspace() or character == "," for character in text):
            raise error(
                f"{shown(text)} is not a {what} id: it holds a space or a comma; "
                "give each id as its own item"
            )
        checked.append(check_id(text, what, error))
    return tuple(checked)


def listing(names: Iterable[str], limit: int = 10) -> str:
    """The first ``limit`` of ``names``, comma separated, and how many more; ``"none"`` if none.

    >>> listing(["a", "b", "c"])
    'a, b, c'
    >>> listing([f"c{n}" for n in range(10)], limit=3)
    'c0, c1, c2 and 7 more'
    >>> listing([])
    'none'
    """
    shown_names = list(names)
    if not shown_names:
        return "none"
    more = len(shown_names) - limit
    return ", ".join(shown_names[:limit]) + (f" and {more:,} more" if more > 0 else "")
