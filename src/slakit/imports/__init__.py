"""Importing exports of ticketing tools (Zendesk, Jira Service Management, ServiceNow).

An import turns an export into slakit tickets and events, under a mapping of
the tool's statuses, priorities and metric names (defaults per source, a
small TOML file to add to them), and keeps the tool's own SLA verdicts for
:func:`slakit.reconcile.reconcile` to compare with slakit's. Whatever it
cannot map or use, it reports with a count; nothing is guessed.

>>> from slakit.imports import import_export, sources
>>> sources()
('jsm', 'servicenow', 'zendesk')

Modules: :mod:`~slakit.imports.mapping` (the tables), :mod:`~slakit.imports.records`
(reading export records), :mod:`~slakit.imports.export` (what an importer reads),
:mod:`~slakit.imports.build` (applying the mapping), :mod:`~slakit.imports.result`
(the import), :mod:`~slakit.imports.files` (the import as a folder),
:mod:`~slakit.imports.source` and :mod:`~slakit.imports.registry` (the sources).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from slakit.imports import registry
from slakit.imports.files import read_import, write_import
from slakit.imports.mapping import ResponseRule, SourceMapping, load_mapping
from slakit.imports.result import (
    DroppedEvent,
    ImportReport,
    ImportResult,
    Skipped,
    Unknown,
    VendorClockEvent,
    VendorVerdict,
)

__all__ = [
    "DroppedEvent",
    "ImportReport",
    "ImportResult",
    "ResponseRule",
    "Skipped",
    "SourceMapping",
    "Unknown",
    "VendorClockEvent",
    "VendorVerdict",
    "import_export",
    "load_mapping",
    "read_import",
    "sources",
    "write_import",
]


def sources() -> tuple[str, ...]:
    """The names of the sources slakit imports from."""
    return registry.names()


def import_export(
    source: str,
    paths: Sequence[str | Path],
    mapping: SourceMapping | str | Path | None = None,
) -> ImportResult:
    """Import the export files ``paths`` of ``source`` (``zendesk``, ``jsm``, ``servicenow``).

    ``mapping`` is a :class:`SourceMapping`, the path of a TOML mapping file
    whose tables are added to the source's defaults, or ``None`` for the
    defaults.

    Raises:
        UsageError: an unknown source, or no files.
        DataFileError: a file, record or field of the export (or the mapping file) is
            wrong; names them.
    """
    return registry.get(source).import_files(paths, mapping)
