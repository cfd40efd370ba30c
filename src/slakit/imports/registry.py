"""The sources slakit imports from, by name: each a module with a ``SOURCE``.

A source's module is imported only when it is asked for, so adding one is
adding its module and its line here.

>>> names()
('jsm', 'servicenow', 'zendesk')
>>> get("zendesk").title
'Zendesk'
>>> get("freshdesk")
Traceback (most recent call last):
...
slakit.errors.UsageError: unknown source 'freshdesk'; slakit imports from jsm, servicenow, zendesk
"""

from __future__ import annotations

import importlib

from slakit._text import shown
from slakit.errors import UsageError
from slakit.imports.source import Source

__all__ = ["SOURCES", "get", "names"]

SOURCES: dict[str, str] = {
    "jsm": "slakit.imports.jsm",
    "servicenow": "slakit.imports.servicenow",
    "zendesk": "slakit.imports.zendesk",
}
"""Each source's name and the module that defines its ``SOURCE``."""


def names() -> tuple[str, ...]:
    """The names of the sources, sorted."""
    return tuple(sorted(SOURCES))


def get(name: str) -> Source:
    """The source called ``name`` (``zendesk``, ``jsm``, ``servicenow``; any case).

    Raises:
        UsageError: no source has that name.
    """
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in SOURCES:
        raise UsageError(f"unknown source {shown(name)}; slakit imports from {', '.join(names())}")
    module = importlib.import_module(SOURCES[key])
    source = module.SOURCE
    if not isinstance(source, Source):  # pragma: no cover - a programming error
        raise TypeError(f"{SOURCES[key]}.SOURCE is not a Source")
    return source
