"""An import as a folder of files: slakit's tickets and events CSV, the verdicts, the report.

``tickets.csv`` and ``events.csv`` are slakit's own formats (see
docs/formats.md), so ``slakit evaluate``, ``credits`` and ``month-end`` read
them; ``tickets.csv`` has a ``contract`` column when the mapping names a
contract (``month-end`` needs one), none otherwise; every event of a ticket
is a row of ``events.csv`` (its first response and resolutions too), so
reading the two back gives the same tickets.
``verdicts.json`` holds the vendor's verdicts, ``report.json`` and
``report.txt`` what was left out and why.

>>> import tempfile, pathlib
>>> from datetime import UTC, datetime
>>> from slakit.tickets import Event, Ticket
>>> from slakit.imports.result import ImportReport, ImportResult
>>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> ticket = Ticket("7", "sev2", opened, [Event.responded(opened.replace(hour=10))])
>>> result = ImportResult(tickets=(ticket,), report=ImportReport(source="demo", tickets=1))
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "imported"
>>> write_import(result, folder)
>>> print((folder / "events.csv").read_text(), end="")
ticket_id,at,kind,severity
7,2026-03-02T10:00:00+00:00,responded,
>>> read_import(folder) == result
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from slakit._text_files import read_text
from slakit.csv_text import csv_text
from slakit.data_files import read_tickets
from slakit.errors import DataFileError, SlakitError
from slakit.imports.result import ImportReport, ImportResult, VendorVerdict
from slakit.output_file import write_folder

__all__ = [
    "EVENTS_FILE",
    "REPORT_FILE",
    "REPORT_TEXT_FILE",
    "TICKETS_FILE",
    "VERDICTS_FILE",
    "folder_files",
    "read_import",
    "read_verdicts",
    "write_import",
]

TICKETS_FILE = "tickets.csv"
EVENTS_FILE = "events.csv"
VERDICTS_FILE = "verdicts.json"
REPORT_FILE = "report.json"
REPORT_TEXT_FILE = "report.txt"

_LARGEST_JSON = 1 << 30
_VERDICTS = TypeAdapter(list[dict[str, Any]])


def folder_files(result: ImportResult) -> dict[str, str]:
    """The files of an import folder, by name: tickets, events, verdicts and the report.

    >>> from slakit.imports.result import ImportReport, ImportResult
    >>> sorted(folder_files(ImportResult(tickets=(), report=ImportReport(source="demo"))))
    ['events.csv', 'report.json', 'report.txt', 'tickets.csv', 'verdicts.json']
    """
    # A contract column only when the tickets name one: slakit evaluate requires a file with
    # the column to name a contract on every row.
    named = any(ticket.contract for ticket in result.tickets)
    tickets = csv_text(
        ["id", *(["contract"] if named else []), "severity", "opened_at", "first_response_at",
         "resolved_at"],
        (
            [ticket.id, *([ticket.contract] if named else []), ticket.severity.value.lower(),
             ticket.opened_at.isoformat(), "", ""]
            for ticket in result.tickets
        ),
    )  # fmt: skip
    events = csv_text(
        ["ticket_id", "at", "kind", "severity"],
        (
            [ticket.id, event.at.isoformat(), event.kind.value,
             event.severity.value.lower() if event.severity is not None else ""]
            for ticket in result.tickets
            for event in ticket.events
        ),
    )  # fmt: skip
    verdicts = [verdict.model_dump(mode="json") for verdict in result.verdicts]
    return {
        TICKETS_FILE: tickets,
        EVENTS_FILE: events,
        VERDICTS_FILE: json.dumps(verdicts, indent=2) + "\n",
        REPORT_FILE: result.report.model_dump_json(indent=2) + "\n",
        REPORT_TEXT_FILE: result.report.text(),
    }


def write_import(result: ImportResult, folder: str | Path) -> None:
    """Write the import as the folder ``folder`` (new or empty), all files or none.

    Raises:
        OutputFileError: the folder exists and is not empty, or cannot be written
            (see :func:`slakit.output_file.write_folder`).
    """
    write_folder(folder_files(result), folder)


def read_verdicts(path: str | Path) -> list[VendorVerdict]:
    """The vendor verdicts of a ``verdicts.json`` file.

    Raises:
        DataFileError: the file cannot be read, is not JSON, or a verdict is not valid
            (names the file and the verdict's index).
    """
    text = read_text(Path(path), DataFileError, limit=_LARGEST_JSON)
    try:
        items = _VERDICTS.validate_json(text)
    except ValidationError:
        raise DataFileError(
            f"{path}: not a list of verdicts (a JSON list of objects, as slakit import writes)"
        ) from None
    found = []
    for index, item in enumerate(items):
        try:
            found.append(VendorVerdict.model_validate(item))
        except SlakitError as error:
            raise DataFileError(f"{path}, verdict {index}: {error}") from None
    return found


def read_import(folder: str | Path) -> ImportResult:
    """The import written to ``folder`` by :func:`write_import` (or ``slakit import --out``).

    Raises:
        DataFileError: a file is missing or not valid; names the file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFileError(f"{folder}: not a folder; give the folder slakit import wrote")
    for name in (TICKETS_FILE, EVENTS_FILE, VERDICTS_FILE, REPORT_FILE):
        if not (folder / name).is_file():
            raise DataFileError(
                f"{folder}: has no {name}; give the folder slakit import --out wrote"
            )
    tickets = read_tickets(folder / TICKETS_FILE, folder / EVENTS_FILE)
    verdicts = read_verdicts(folder / VERDICTS_FILE)
    text = read_text(folder / REPORT_FILE, DataFileError, limit=_LARGEST_JSON)
    try:
        report = ImportReport.model_validate_json(text)
    except SlakitError as error:
        raise DataFileError(f"{folder / REPORT_FILE}: {error}") from None
    known = {ticket.id for ticket in tickets}
    for index, verdict in enumerate(verdicts):
        if verdict.ticket_id not in known:
            raise DataFileError(
                f"{folder / VERDICTS_FILE}, verdict {index}: ticket {verdict.ticket_id} is not "
                f"in {TICKETS_FILE}"
            )
    return ImportResult(tickets=tuple(tickets), verdicts=tuple(verdicts), report=report)
