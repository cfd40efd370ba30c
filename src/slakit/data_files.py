"""Data files (CSV tickets, events, outages, maintenance, security breaches and incidents,
request latencies, team utilization) and the one way rows become tickets.

CSV files are UTF-8 (a byte-order mark is allowed), at most
:data:`LARGEST_DATA_FILE` bytes, with a header row naming the columns, and
one record per line. Reading is strict, because a file that is read wrong
gives a wrong number: an unbalanced quote, a value that runs over a line
break, a value over the size limit, a column named twice, a byte that is not
UTF-8 or a NUL byte is an error naming the file, the row (its line number)
and the column where it can. Blank lines (empty or only spaces) are skipped;
columns slakit does not use are ignored.

:func:`build_tickets` turns rows into tickets with the same rules whether they
come from a CSV file or from a DataFrame (:mod:`slakit.pandas`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "outages.csv").write_text(
...     'id,start,end,description\\n'
...     'O-1,2026-10-06T14:00:00Z,2026-10-06T15:00:00Z,"core database, failover"\\n'
...     'O-2,2026-10-07T14:00:00Z,2026-10-07T14:30:00Z,"api gateway\\n'
...     'O-3,2026-10-08T14:00:00Z,2026-10-08T15:00:00Z,dns\\n') and None
>>> read_outages(folder / "outages.csv")
Traceback (most recent call last):
...
slakit.errors.DataFileError: .../outages.csv, row 3, column description: a quoted value \
starts here and is never closed (an unbalanced "), so every later row would be lost in it; \
quote whole values and double each " inside them ("")
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from slakit._model import trusted
from slakit._text import check_id, id_list, listing, shown
from slakit._text_files import read_text
from slakit._time import check_instant, parse_instant, quick_instant, to_us
from slakit.availability import MaintenanceRule, MaintenanceWindow, Outage
from slakit.durations import MAX_DURATION
from slakit.errors import DataFileError, SlakitError, TimelineError
from slakit.latency import LatencyHistogram, LatencySample, latency_text
from slakit.security import SecurityBreach, SecurityIncident
from slakit.severity import Severity
from slakit.tickets import (
    SATISFACTION_SCALE,
    Event,
    EventKind,
    SupportLevel,
    Ticket,
    find_break,
)
from slakit.utilization import TeamUtilization

__all__ = [
    "EVENT_COLUMNS",
    "LARGEST_DATA_FILE",
    "LATENCY_HISTOGRAM_COLUMNS",
    "LATENCY_SAMPLE_COLUMNS",
    "OPTIONAL_EVENT_COLUMNS",
    "OPTIONAL_OUTAGE_COLUMNS",
    "OPTIONAL_TICKET_COLUMNS",
    "OUTAGE_COLUMNS",
    "SECURITY_BREACH_COLUMNS",
    "SECURITY_INCIDENT_COLUMNS",
    "TICKET_COLUMNS",
    "UTILIZATION_COLUMNS",
    "Row",
    "Table",
    "build_tickets",
    "iter_tickets",
    "read_events",
    "read_latency_histograms",
    "read_latency_samples",
    "read_maintenance",
    "read_outages",
    "read_security_breaches",
    "read_security_incidents",
    "read_table",
    "read_tickets",
    "read_utilization",
    "require_columns",
]

TICKET_COLUMNS = ("id", "severity", "opened_at")
OPTIONAL_TICKET_COLUMNS = ("first_response_at", "resolved_at", "contract", "satisfaction")
"""``satisfaction`` is the customer's survey score, a whole number 1..5 (empty: none)."""
EVENT_COLUMNS = ("ticket_id", "at", "kind")
OPTIONAL_EVENT_COLUMNS = ("severity", "value", "level")
"""``severity``: the new severity of a ``severity_changed`` event; ``value`` is its old
name, still read (a row with both, naming different severities, is an error).
``level``: the support level an ``escalated`` event went to (``L2``, ``L3``)."""
# The columns that may name a severity change's new severity (value: its old name).
_SEVERITY_COLUMNS = ("severity", "value")
OUTAGE_COLUMNS = ("start", "end")
OPTIONAL_OUTAGE_COLUMNS = ("id", "description", "contracts", "services")
SECURITY_BREACH_COLUMNS = ("at",)
SECURITY_INCIDENT_COLUMNS = ("detected_at",)
"""Optional: ``responded_at, id, description, contracts``."""
LATENCY_SAMPLE_COLUMNS = ("at", "seconds")
"""Optional: ``contracts, service``."""
LATENCY_HISTOGRAM_COLUMNS = ("start", "end", "le", "count")
"""Optional: ``contracts, service``."""
UTILIZATION_COLUMNS = ("start", "end", "busy_hours", "available_hours")
"""Optional: ``team``."""

#: How many known contract ids an unknown-contract error lists before "and N more".
_IDS_SHOWN = 10
# The separators of an id list in one cell: spaces, commas, or both ("a, b").
_ID_SEPARATORS = re.compile(r"[\s,]+")

M = TypeVar("M")

LARGEST_DATA_FILE = 1 << 30
"""The largest data (CSV) file read, in bytes (1 GiB: millions of tickets)."""

# One value of a record in the csv module's default dialect: a quoted value
# (each " inside doubled) or an unquoted one. Possessive, so never backtracking.
_QUOTED_VALUE = re.compile(r'"(?:[^"]++|"")*+"')
_UNQUOTED_VALUE = re.compile(r"[^,\r\n]*+")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table (a CSV file or a DataFrame): its cells, and where it is for messages.

    Cells hold text, a ``datetime`` or ``None`` (empty). ``ticket``, when
    given, is named in messages about a cell (frame row labels are often
    just 0, 1, 2).

    >>> row = Row("tickets.csv", "row 5", {"id": "T-1", "opened_at": "2026-10-05"})
    >>> row.instant("opened_at")
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: tickets.csv, row 5, column opened_at: '2026-10-05' has no \
UTC offset; write e.g. 2026-10-05T00:00:00+00:00 or 2026-10-05T00:00:00Z
    """

    source: str
    row: str
    cells: Mapping[str, object]
    ticket: str = ""

    @property
    def place(self) -> str:
        """``"tickets.csv, row 5"`` (a frame's rows have no file: ``"row 5"``)."""
        return f"{self.source}, {self.row}" if self.source else self.row

    def where(self, column: str) -> str:
        """``"tickets.csv, row 5, column opened_at"``."""
        named = f" (ticket {self.ticket})" if self.ticket else ""
        return f"{self.place}{named}, column {column}"

    def error(self, column: str, message: str) -> DataFileError:
        """An error about one cell, naming file, row and column."""
        return DataFileError(f"{self.where(column)}: {message}")

    def text(self, column: str) -> str:
        """The cell as text, blanks stripped; ``""`` when empty or absent."""
        value = self.cells.get(column)
        return "" if value is None else str(value).strip()

    def required(self, column: str) -> str:
        """The cell as text; an error when it is empty."""
        text = self.text(column)
        if not text:
            raise self.error(column, "is empty")
        return text

    def instant(self, column: str) -> datetime | None:
        """The cell as an aware instant (ISO 8601 text with an offset); None when empty.

        Raises:
            NaiveDatetimeError: no offset (or a naive datetime).
            DataFileError: not an instant, or outside the years 1900 to 2999.
        """
        value = self.cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            return quick_instant(value) or parse_instant(value, self.where(column))
        if isinstance(value, datetime):
            return check_instant(value, self.where(column))
        raise self.error(column, f"{value!r} ({type(value).__name__}) is not an instant")

    def required_instant(self, column: str) -> datetime:
        """The cell as an aware instant; an error when it is empty."""
        value = self.instant(column)
        if value is None:
            raise self.error(column, "is empty")
        return value


@dataclass(frozen=True)
class Table:
    """Rows with a name for messages (``"tickets.csv"``, ``"the tickets frame"``) and columns.

    The rows of a table from :func:`read_table` are read from the file's text
    each time they are iterated, so they can be iterated again.
    """

    name: str
    columns: Sequence[str]
    rows: Iterable[Row] = field(default=())


def require_columns(table: Table, required: Sequence[str]) -> None:
    """Raise a ``DataFileError`` naming the columns ``table`` lacks (and those it has).

    >>> require_columns(Table("tickets.csv", ("id", "severity")), ("id", "opened_at"))
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: tickets.csv: missing column opened_at; it has id, severity
    """
    missing = [name for name in required if name not in table.columns]
    if missing:
        have = ", ".join(str(name) for name in table.columns) or "no columns"
        raise DataFileError(
            f"{table.name}: missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; "
            f"it has {have}"
        )


# -- rows into tickets: one set of rules for files and frames --------------------------------


def _events_by_ticket(table: Table) -> dict[str, list[Event]]:
    """Each ticket's events, in table order (the rules of :func:`_event_cells`)."""
    require_columns(table, EVENT_COLUMNS)
    events: dict[str, list[Event]] = {}
    for row in table.rows:
        ticket_id = row.required("ticket_id")
        at, kind, severity, level = _event_cells(row)
        events.setdefault(ticket_id, []).append(_event_of(at, kind, severity, level))
    return events


def _level(row: Row, kind: EventKind) -> SupportLevel | None:
    """The ``level`` cell: required on an ``escalated`` row, refused on any other."""
    text = row.text("level")
    if kind is not EventKind.ESCALATED:
        if text:
            raise row.error(
                "level",
                f"{shown(text)}: {kind.article} {kind.value} event takes no level; leave the "
                "cell empty, or give kind escalated to escalate the ticket",
            )
        return None
    if not text:
        raise row.error("level", "is empty; an escalated event needs the level it went to, "
                        "L2 or L3")  # fmt: skip
    try:
        return SupportLevel.parse(text)
    except SlakitError as error:
        raise row.error("level", str(error)) from None


def _satisfaction(row: Row) -> int | None:
    """The ``satisfaction`` cell as a whole score 1..5 (``4.0`` from a frame too); None if empty."""
    text = row.text("satisfaction")
    if not text:
        return None
    low, high = SATISFACTION_SCALE
    scale = f"satisfaction is a survey score, a whole number from {low} to {high}"
    try:
        number = Decimal(text) if len(text) <= 32 else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise row.error("satisfaction", f"{shown(text)} is not a whole number; {scale}")
    if not low <= number <= high:
        raise row.error("satisfaction", f"{shown(text)} is out of range; {scale}")
    return int(number)


def _no_severity(row: Row, kind: EventKind) -> None:
    """Refuse a severity on a row that does not change the severity, as ``Event`` does:
    a mistyped kind meant to be ``severity_changed`` must not pass as a plain event."""
    for column in _SEVERITY_COLUMNS:
        if row.text(column):
            raise row.error(
                column,
                f"{row.text(column)!r}: {kind.article} {kind.value} event takes no severity; "
                "leave the cell empty, or give kind severity_changed to change the severity",
            )


def _new_severity(row: Row) -> tuple[str, Severity]:
    """The column a severity change names its severity in, and the severity.

    ``severity`` is the column's name; ``value`` (its old name) is still read.
    Both filled in with different severities is an error naming both.
    """
    given = [(column, row.text(column)) for column in _SEVERITY_COLUMNS]
    filled = [(column, text) for column, text in given if text]
    if not filled:
        raise row.error("severity", "is empty; a severity_changed event needs the new severity")
    parsed = []
    for column, text in filled:
        try:
            parsed.append((column, Severity.parse(text)))
        except SlakitError as error:
            raise row.error(column, str(error)) from None
    (column, severity), *others = parsed
    for other, value in others:
        if value is not severity:
            raise row.error(
                other,
                f"{row.text(other)!r} ({value.value}) contradicts column {column} "
                f"({row.text(column)!r}, {severity.value}); value is the old name of "
                "severity: give one of them, or the same severity in both",
            )
    return column, severity


def build_tickets(
    tickets: Table,
    events: Table | None = None,
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    contracts: Collection[str] | None = None,
    only: str | None = None,
    left_out: Counter[str] | None = None,
) -> list[Ticket]:
    """Tickets from rows of ``id, severity, opened_at[, first_response_at, resolved_at,
    contract]``.

    The one set of rules for tickets files and frames: a ticket's events
    are its first response, its rows in ``events`` (``ticket_id, at, kind,
    severity``; ``value`` is still read for ``severity``), then its final
    resolution, put in time order (equal instants keep that order). An
    id given twice, an event for a ticket that is not in ``tickets``, and
    (when ``now`` is given) a ticket opened after ``now`` are errors naming
    the row.

    The ``contract`` column gives :attr:`Ticket.contract`. When ``contracts``
    is given (a run over a book of contracts), the column is required and
    each ticket must name one of ``contracts``: an empty cell or another id is
    an error naming the row and the ids there are. When ``only`` is given (a
    run for one contract) and the table has a ``contract`` column, the rows
    naming another contract are left out unread, with their events, and
    counted per contract in ``left_out``; an empty cell is an error (a file
    that names contracts names one on every row).

    >>> rows = [Row("t.csv", "row 2", {"id": "T-1", "severity": "P1",
    ...                                "opened_at": "2026-10-05T09:00:00Z"})]
    >>> [ticket.id for ticket in build_tickets(Table("t.csv", TICKET_COLUMNS, rows))]
    ['T-1']

    Args:
        tickets: the tickets table.
        events: the other events, if any.
        now: the instant the tickets will be evaluated at, if known.
        progress: called with the number of tickets read so far, after each.
        contracts: the ids of the contracts the tickets may belong to, if known.
        only: the id of the one contract whose tickets are read, if so.
        left_out: counts, per contract id, the rows ``only`` left out.

    Returns:
        The tickets, in table order.

    Raises:
        DataFileError: a column is missing, a cell is empty or wrong, or a rule above is
            broken; names table, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names table, row and column.
    """
    return list(
        iter_tickets(
            tickets, events, now=now, progress=progress, contracts=contracts, only=only,
            left_out=left_out,
        )
    )  # fmt: skip


# -- streaming: one ticket at a time, the same rules -------------------------------------------


#: An event kept while the tickets are streamed: ``"<at>\x1f<kind>\x1f<severity>\x1f<level>"``,
#: the ``at`` text as written (parsed again when its ticket is built, with the same parser),
#: its kind, its new severity and the level it escalated to (empty for none). One short
#: string per event rather than a model: an events file of millions of rows is held until
#: every ticket is read.
#: An instant's text never holds the separator (it would not have parsed).
_HeldEvent = str
_UNIT = "\x1f"
_RESPONDED, _RESOLVED = EventKind.RESPONDED, EventKind.RESOLVED


def iter_tickets(
    tickets: Table,
    events: Table | None = None,
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    contracts: Collection[str] | None = None,
    only: str | None = None,
    left_out: Counter[str] | None = None,
    events_progress: Callable[[int], None] | None = None,
) -> Iterator[Ticket]:
    """The tickets of :func:`build_tickets`, one at a time: the same rules, the same errors.

    For runs too large to hold every ticket: each ticket is built when it is
    reached and not kept. What is kept until the end is what the rules need:
    the events of the tickets not reached yet (grouped by ticket, each as one
    string of its ``at`` text, kind and severity; read whole before the first
    ticket, since an events file is in any order), the id of every ticket read
    and, with ``only``, the ids of the other contracts' tickets. The rows are
    read again only to name the first row in an error (a repeated id, events
    of a ticket that is not there), as a table of :func:`read_table` allows.
    Errors come in the order
    :func:`build_tickets` raises them; one found after some tickets were
    yielded (a later bad row, or events for tickets not in ``tickets``, known
    only at the end) is raised then, so a caller must not treat what it got
    before an error as complete.

    >>> rows = [Row("t.csv", f"row {n + 2}", {"id": f"T-{n}", "severity": "P2",
    ...                                       "opened_at": "2026-10-05T09:00:00Z"})
    ...         for n in range(3)]
    >>> stream = iter_tickets(Table("t.csv", TICKET_COLUMNS, rows))
    >>> next(stream).id, [ticket.id for ticket in stream]
    ('T-0', ['T-1', 'T-2'])

    Args:
        tickets: the tickets table (its rows are read twice when ``only`` is given).
        events: the other events, if any.
        now: the instant the tickets will be evaluated at, if known.
        progress: called with the number of tickets read so far, after each.
        contracts: the ids of the contracts the tickets may belong to, if known.
        only: the id of the one contract whose tickets are read, if so.
        left_out: counts, per contract id, the rows ``only`` left out (complete before
            the first ticket is yielded).
        events_progress: called with the number of event rows read so far, after each.

    Yields:
        The tickets, in table order.

    Raises:
        DataFileError: as :func:`build_tickets`.
        NaiveDatetimeError: as :func:`build_tickets`.
    """
    require_columns(tickets, TICKET_COLUMNS if contracts is None else (*TICKET_COLUMNS, "contract"))
    contract_of = _contract_check(contracts)
    skipped = _other_ids(tickets, only, left_out) if only is not None else frozenset()
    held = _held_events(events, skipped, events_progress) if events is not None else {}
    seen: set[str] = set()  # the ids read; the first row of a repeated one is found again
    count = 0
    for row in tickets.rows:
        ticket_id = row.required("id")
        if ticket_id in skipped:
            continue
        if ticket_id in seen:
            first = _first_row(tickets, ticket_id)
            raise row.error("id", f"ticket {ticket_id} appears twice, first in {first}")
        seen.add(ticket_id)
        yield _streamed_ticket(row, ticket_id, held.pop(ticket_id, ()), now, contract_of, events)
        count += 1
        if progress is not None:
            progress(count)
    if held and events is not None:
        unknown = list(held)  # in the order of their first rows (dicts keep insertion order)
        first = next((row.row for row in events.rows if row.text("ticket_id") == unknown[0]),
                     "an earlier row")  # fmt: skip
        raise DataFileError(
            f"{events.name}: events for tickets not in {tickets.name}: {listing(unknown, 5)} "
            f"(the first at {first})"
        )


def _other_ids(table: Table, only: str, left_out: Counter[str] | None) -> frozenset[str]:
    """:func:`_other_contracts`, keeping ids and row names only (not every row)."""
    if "contract" not in table.columns:
        return frozenset()
    skipped: set[str] = set()
    seen: set[str] = set()
    for row in table.rows:
        ticket_id = row.required("id")
        if ticket_id in seen:  # ambiguous: whose are its events?
            first = _first_row(table, ticket_id)
            raise row.error("id", f"ticket {ticket_id} appears twice, first in {first}")
        seen.add(ticket_id)
        name = row.text("contract")
        if not name:
            raise row.error(
                "contract",
                f"is empty; this file names a contract on its rows, so every row names one "
                f"(the contract run here is {only})",
            )
        if name != only:
            skipped.add(ticket_id)
            if left_out is not None:
                left_out[name] += 1
    return frozenset(skipped)


def _first_row(table: Table, ticket_id: str) -> str:
    """The name of the first row of ``table`` with the id ``ticket_id`` (its rows are read
    again: a table of :func:`read_table` can be; only for the message of a repeated id)."""
    for row in table.rows:
        if row.text("id") == ticket_id:
            return row.row
    return "an earlier row"


def _held_events(
    table: Table, skipped: Collection[str], progress: Callable[[int], None] | None
) -> dict[str, list[_HeldEvent]]:
    """:func:`_events_by_ticket`, checking every row the same way but keeping each event
    as text (see :data:`_HeldEvent`), by ticket in the order of their first rows."""
    require_columns(table, EVENT_COLUMNS)
    held: dict[str, list[_HeldEvent]] = {}
    for count, row in enumerate(table.rows, 1):
        if progress is not None:
            progress(count)
        ticket_id = row.required("ticket_id")
        if ticket_id in skipped:
            continue
        _, kind, severity, level = _event_cells(row)
        new = "" if severity is None else severity.value
        went = "" if level is None else level.value
        held.setdefault(ticket_id, []).append(
            f"{row.text('at')}{_UNIT}{kind.value}{_UNIT}{new}{_UNIT}{went}"
        )
    return held


def _event_cells(row: Row) -> tuple[datetime, EventKind, Severity | None, SupportLevel | None]:
    """One row of an events table, checked: its instant, kind, new severity (only for
    ``severity_changed``) and level (only for ``escalated``). The rules leave nothing for
    the ``Event`` model to refuse (:func:`_event_of` builds it)."""
    at = row.required_instant("at")
    kind_text = row.required("kind").lower()
    kind = _KINDS.get(kind_text)
    if kind is None:
        kinds = ", ".join(item.value for item in EventKind)
        raise row.error("kind", f"{kind_text!r} is not an event; use {kinds}")
    level = _level(row, kind)
    if kind is EventKind.SEVERITY_CHANGED:
        return at, kind, _new_severity(row)[1], None
    _no_severity(row, kind)
    return at, kind, None, level


def _event_of(
    at: datetime,
    kind: EventKind,
    severity: Severity | None,
    level: SupportLevel | None,
    keyed: bool = False,
) -> Event:
    """The event of checked cells (see :func:`_event_cells`); ``keyed``: with its cached
    ``at_us`` already filled in (a ticket's events are sorted by it straight away)."""
    if type(at) is datetime:  # checked, so the model would take every value as it is
        fields = _EVENT_FIELDS.get((severity is not None, level is not None, kind))
        if fields is not None:
            values = {"kind": kind, "at": at, "severity": severity, "level": level}
            if keyed:
                values["at_us"] = to_us(at, "at")  # what the cached property would keep
            return trusted(Event, values, fields)
    if severity is not None:
        return Event.severity_changed(at, severity)
    if level is not None:
        return Event.escalated(at, level)
    return Event(kind=kind, at=at)


#: The fields the validating constructor would mark as set (``model_fields_set``) on an
#: event of checked cells, by (has a severity, has a level, kind), for the kinds that may
#: have them: the severity only on a severity change, the level only on an escalation.
#: Any other combination is not here, and goes to the constructor (and its error).
_EVENT_FIELDS: dict[tuple[bool, bool, EventKind], set[str]] = {
    **{(False, False, kind): {"kind", "at"} for kind in EventKind
       if kind not in (EventKind.SEVERITY_CHANGED, EventKind.ESCALATED)},
    (True, False, EventKind.SEVERITY_CHANGED): {"kind", "at", "severity"},
    (False, True, EventKind.ESCALATED): {"kind", "at", "level"},
}  # fmt: skip
#: Every field of a ticket is given to its constructor.
_TICKET_FIELDS = set(Ticket.model_fields)


def _trusted_ticket(
    ticket_id: str,
    severity: Severity,
    opened: datetime,
    timeline: list[Event],
    contract: str,
    satisfaction: int | None,
) -> Ticket | None:
    """The ticket of checked cells, built without validating it again, when it is valid:
    else ``None`` (the constructor then raises what it always did). The checks here are
    the model's that the cells have not passed yet: the timeline rules and the contract id.
    """
    if type(opened) is not datetime or find_break(ticket_id, opened, timeline) is not None:
        return None
    if contract:
        try:
            check_id(contract, "contract", ValueError)
        except ValueError:
            return None
    values = {
        "id": ticket_id,
        "severity": severity,
        "opened_at": opened,
        "events": tuple(timeline),
        "contract": contract,
        "satisfaction": satisfaction,
    }
    return trusted(Ticket, values, _TICKET_FIELDS)


def _held_event(held: _HeldEvent, row: Row) -> Event:
    """A held event as the model it was checked as (its text parses as it did then)."""
    text, kind, severity, level = held.split(_UNIT)
    return _event_of(
        quick_instant(text) or parse_instant(text, row.where("at")),
        _KINDS[kind],
        _SEVERITIES[severity] if severity else None,
        _LEVELS[level] if level else None,
        keyed=True,
    )


_KINDS = {kind.value: kind for kind in EventKind}
_SEVERITIES = {severity.value: severity for severity in Severity}
_LEVELS = {level.value: level for level in SupportLevel}
#: The severities of the spellings read so far (a file uses a few; each is parsed once).
_SEVERITY_OF: dict[str, Severity] = {}
_SEVERITY_SPELLINGS = 256


def _streamed_ticket(
    row: Row,
    ticket_id: str,
    held: Iterable[_HeldEvent],
    now: datetime | None,
    contract_of: Callable[[Row], str],
    events: Table | None,
) -> Ticket:
    """One ticket row as a ticket: its first response, its held events and its resolution,
    in time order (equal instants keep that order); a broken timeline names the ticket's
    row, then the row and column of the event at fault."""
    opened = row.required_instant("opened_at")
    if now is not None and opened > now:
        raise row.error(
            "opened_at",
            f"now ({now.isoformat()}) is before ticket {ticket_id} was opened "
            f"({opened.isoformat()}); evaluate at an instant after every opening",
        )
    text = row.required("severity")
    severity = _SEVERITY_OF.get(text)
    if severity is None:
        try:
            severity = Severity.parse(text)
        except SlakitError as error:
            raise row.error("severity", str(error)) from None
        if len(_SEVERITY_OF) < _SEVERITY_SPELLINGS:
            _SEVERITY_OF[text] = severity
    # Each event with where it came from: a column of the ticket's row, or its place among
    # the ticket's rows of the events table (found again only for an error).
    placed: list[tuple[Event, str | int]] = []
    first_response = row.instant("first_response_at")
    if first_response is not None:
        responded = _event_of(first_response, _RESPONDED, None, None, keyed=True)
        placed.append((responded, "first_response_at"))
    placed.extend((_held_event(item, row), number) for number, item in enumerate(held))
    resolved = row.instant("resolved_at")
    if resolved is not None:
        placed.append((_event_of(resolved, _RESOLVED, None, None, keyed=True), "resolved_at"))
    placed.sort(key=lambda item: item[0].at_us)  # stable: equal instants keep this order
    timeline = [event for event, _ in placed]
    contract, satisfaction = contract_of(row), _satisfaction(row)
    built = _trusted_ticket(ticket_id, severity, opened, timeline, contract, satisfaction)
    if built is not None:
        return built
    try:
        return Ticket(
            ticket_id, severity, opened, timeline, contract=contract, satisfaction=satisfaction
        )
    except TimelineError as error:
        broken = find_break(ticket_id, opened, timeline)
        if broken is None:  # another field (an invalid contract id)
            raise DataFileError(f"{row.place}: {error}") from None
        origin = placed[broken.index][1]
        if isinstance(origin, str):
            where = row.where(origin)
        else:
            where = _event_row(events, ticket_id, origin).where(broken.field)
        # The ticket's row first (as ever), then the row and column of the event at fault.
        raise DataFileError(f"{row.place}: {broken.error}; the event is {where}") from None
    except SlakitError as error:
        raise DataFileError(f"{row.place}: {error}") from None


def _event_row(events: Table | None, ticket_id: str, number: int) -> Row:
    """The ``number``-th row (from 0) of ``ticket_id`` in ``events``, read again: the held
    events of a ticket are its rows in table order."""
    rows = (row for row in events.rows if row.text("ticket_id") == ticket_id) if events else ()
    found = next(itertools.islice(rows, number, None), None)
    if found is None:  # pragma: no cover - the rows were read before, the same way
        raise DataFileError(f"events of ticket {ticket_id}: row {number + 1} not found again")
    return found


def _contract_check(contracts: Collection[str] | None) -> Callable[[Row], str]:
    """A row's ``contract`` cell, checked against ``contracts`` when they are given."""
    if contracts is None:
        return lambda row: row.text("contract")
    known = frozenset(contracts)
    ids = listing(sorted(known), _IDS_SHOWN)

    def checked(row: Row) -> str:
        name = row.text("contract")
        if not name:
            raise row.error("contract", f"is empty; name the ticket's contract, one of: {ids}")
        if name not in known:
            raise row.error(
                "contract", f"{shown(name)} is not a known contract; the contracts are: {ids}"
            )
        return name

    return checked


def _ids(
    row: Row, column: str, known: Collection[str] | None = None, noun: str = "contract"
) -> tuple[str, ...]:
    """The ids in a cell, separated by spaces or commas (``"a b"``, ``"a, b"``); none if empty.

    A cell of separators only names nothing by mistake (it is not "every contract"), and
    an id that is not in ``known`` (when given) is a typo: both are errors naming the row."""
    text = row.text(column)
    names = tuple(name for name in _ID_SEPARATORS.split(text) if name)
    if text and not names:
        raise row.error(column, f"{shown(text)} names no {noun}; leave the cell empty or name one")
    if known is not None:
        for name in names:
            if name not in known:
                raise row.error(
                    column,
                    f"{shown(name)} is not a {noun} of this run; known: "
                    f"{listing(sorted(known), _IDS_SHOWN)}",
                )
    return names


# -- CSV files ---------------------------------------------------------------------------------


def read_table(path: str | Path, required: Sequence[str] = ()) -> Table:
    """A CSV file as a :class:`Table` whose rows are read (strictly) as they are iterated.

    The rows can be iterated more than once; each pass reads them again.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> path.write_text("id,id\\nT-1,T-2\\n") and None
    >>> read_table(path)
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../t.csv, row 1, column id: the header names this column \
twice (columns 1 and 2)

    Args:
        path: the file.
        required: the columns it must have.

    Returns:
        The table; iterating its rows raises on a broken row.

    Raises:
        DataFileError: the file cannot be read, is larger than :data:`LARGEST_DATA_FILE`
            bytes, is empty, its header is broken, or a required column is missing.
    """
    path = Path(path)
    text = read_text(path, DataFileError, line_word="row", limit=LARGEST_DATA_FILE)
    if not text.strip():
        raise DataFileError(
            f"{path}: the file is empty; the first line names the columns"
            + (f": {', '.join(required)}" if required else "")
        )
    # newline="": the physical lines as csv counts them (\r\n, \n and \r all end one).
    lines = io.StringIO(text, newline="").readlines()
    # The text is not blank, so there is a header record (or an error).
    header_line, names = next(_records(path, lines, 1, ()))
    columns = tuple(name.strip() for name in names)
    first: dict[str, int] = {}
    for number, name in enumerate(columns):
        if name in first:
            raise DataFileError(
                f"{path}, row {header_line}, column {name}: the header names this column "
                f"twice (columns {first[name] + 1} and {number + 1})"
            )
        if name:
            first[name] = number
    table = Table(str(path), columns, _CsvRows(path, lines, header_line + 1, columns))
    require_columns(table, required)
    return table


@dataclass(frozen=True)
class _CsvRows:
    """The rows of a CSV file after its header: read again on each iteration."""

    path: Path
    lines: list[str] = field(repr=False)
    first_line: int
    columns: tuple[str, ...]

    def __iter__(self) -> Iterator[Row]:
        return _rows(
            self.path, _records(self.path, self.lines, self.first_line, self.columns), self.columns
        )


def _records(
    path: Path, lines: list[str], first_line: int, columns: Sequence[str]
) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record from ``first_line`` on, with its line; a broken one is an error.

    A record is one line: a quoted value that runs over a line break is refused,
    since in a hand-edited or exported file that is nearly always a quote that
    never closes, and the rows it swallows would be lost without a word.
    """
    reader = csv.reader(itertools.islice(lines, first_line - 1, None), strict=True)
    before = first_line - 1  # lines before the reader's first
    while True:
        start = before + reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            end = before + reader.line_num
            raise _broken(path, start, lines[start - 1 : end], columns, str(error)) from None
        end = before + reader.line_num
        if end > start:
            raise _runs_over(path, start, end, lines[start - 1], columns)
        if values and lines[start - 1].strip():
            yield start, values


def _rows(
    path: Path, records: Iterator[tuple[int, list[str]]], columns: Sequence[str]
) -> Iterator[Row]:
    for line, values in records:
        if len(values) > len(columns):
            raise DataFileError(
                f"{path}, row {line}: {len(values)} values but the header names "
                f"{len(columns)} columns"
            )
        yield Row(str(path), f"row {line}", dict(zip(columns, values, strict=False)))


def _broken(
    path: Path, line: int, record_lines: list[str], columns: Sequence[str], problem: str
) -> DataFileError:
    """The error for a record the csv module refuses, naming its column when it can be found."""
    unclosed = problem.startswith("unexpected end of data")
    if not unclosed and len(record_lines) > 1:
        return _runs_over(path, line, line + len(record_lines) - 1, record_lines[0], columns)
    # An unclosed quote runs to the end of the file: its column is found on its first line.
    column = _column(_failing_column(record_lines[0] if record_lines else ""), columns)
    if unclosed:
        detail = (
            'a quoted value starts here and is never closed (an unbalanced "), so every later '
            'row would be lost in it; quote whole values and double each " inside them ("")'
        )
    elif "expected after" in problem:
        detail = (
            'a quoted value goes on after its closing "; quote whole values and double '
            'each " inside them ("")'
        )
    elif problem.startswith("field larger than field limit"):
        detail = f"a value is longer than {csv.field_size_limit():,} characters"
    else:
        detail = f"not valid CSV ({problem})"
    return DataFileError(f"{path}, row {line}{column}: {detail}")


def _runs_over(
    path: Path, line: int, end: int, first_line: str, columns: Sequence[str]
) -> DataFileError:
    """The error for a quoted value that starts on ``line`` and runs over a line break."""
    column = _column(_failing_column(first_line), columns)
    return DataFileError(
        f"{path}, row {line}{column}: a quoted value starts here and runs over a line break "
        f'(to row {end}): a " probably never closes (an unbalanced "); each row is one line, '
        'so a value cannot hold a line break; quote whole values and double each " inside '
        'them ("")'
    )


def _column(index: int | None, columns: Sequence[str]) -> str:
    """``", column start"`` for a value's index (``", value 7"`` past the header's columns)."""
    if index is None:
        return ""
    return f", column {columns[index]}" if index < len(columns) else f", value {index + 1}"


def _failing_column(line: str) -> int | None:
    """The index of the value of ``line`` where strict CSV reading stops, if it does.

    One pass over the values of the csv module's default dialect: a quoted value
    that never closes (within the line), text after a closing quote, or a value
    longer than the csv field limit.
    """
    limit = csv.field_size_limit()
    position = index = 0
    while True:
        if line.startswith('"', position):
            quoted = _QUOTED_VALUE.match(line, position)
            if quoted is None:
                return index  # never closed
            end = quoted.end()
            inside = quoted.group()[1:-1]
            length = len(inside) - inside.count('""')
            if end < len(line) and line[end] not in ",\r\n":
                return index  # text after the closing quote
        else:
            end = _UNQUOTED_VALUE.match(line, position).end()  # type: ignore[union-attr]
            length = end - position
        if length > limit:
            return index
        if end >= len(line) or line[end] != ",":
            return None
        position, index = end + 1, index + 1


def read_events(path: str | Path) -> dict[str, list[Event]]:
    """Events per ticket id from an events CSV (``ticket_id, at, kind, severity``), in file order.

    ``severity`` is the new severity of a ``severity_changed`` event; a
    column named ``value`` (its old name) is read as it, and a row that
    fills in both with different severities is an error.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "events.csv"
    >>> path.write_text("ticket_id,at,kind,severity\\n"
    ...                 "T-2,2026-10-06T10:00:00Z,severity_changed,P1\\n") and None
    >>> [(event.kind.value, event.severity.value) for event in read_events(path)["T-2"]]
    [('severity_changed', 'SEV1')]

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    return _events_by_ticket(read_table(path, EVENT_COLUMNS))


def read_tickets(
    path: str | Path,
    events: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
    contracts: Collection[str] | None = None,
    only: str | None = None,
    left_out: Counter[str] | None = None,
) -> list[Ticket]:
    """Tickets from a tickets CSV, with the other events from an events CSV if given.

    Columns: ``id, severity, opened_at`` and optionally ``first_response_at,
    resolved_at`` (the columns real ticketing exports have) and ``contract``
    (the id of the ticket's contract; required when ``contracts`` is given);
    the rules are those of :func:`build_tickets`.

    >>> read_tickets("tickets.csv")
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: tickets.csv: no such file

    Args:
        path: the tickets file.
        events: the events file, if any.
        progress: called with the number of tickets read so far.
        now: the instant the tickets will be evaluated at; a ticket opened later is an error.
        contracts: the ids of the contracts in the run: each ticket must name one.
        only: the one contract whose tickets are read (see :func:`build_tickets`).
        left_out: counts, per contract id, the tickets ``only`` left out.

    Returns:
        The tickets, in file order.

    Raises:
        DataFileError: a file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    event_table = read_table(events, EVENT_COLUMNS) if events is not None else None
    return build_tickets(
        read_table(path, TICKET_COLUMNS),
        event_table,
        now=now,
        progress=progress,
        contracts=contracts,
        only=only,
        left_out=left_out,
    )


def read_outages(
    path: str | Path,
    contracts: Collection[str] | None = None,
    services: Collection[str] | None = None,
) -> list[Outage]:
    """Outages from a CSV: ``start, end`` and optionally ``id, description, contracts, services``.

    ``contracts`` and ``services`` hold ids separated by spaces or commas
    (``"acme-gold globex"``, ``"acme-gold, globex"``); an outage that names
    neither hits every contract. Given the run's contract ids and services
    (``contracts``, ``services``), an outage naming another is an error naming
    the row: a typo would silently hit nobody.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "outages.csv"
    >>> path.write_text("id,start,end,contracts\\n"
    ...                 'O-1,2026-10-06T14:00:00Z,2026-10-06T15:00:00Z,"acme, globex"\\n') and None
    >>> [(outage.id, outage.end - outage.start, outage.contracts) for outage in read_outages(path)]
    [('O-1', datetime.timedelta(seconds=3600), ('acme', 'globex'))]

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    outages = []
    for row in read_table(path, OUTAGE_COLUMNS).rows:
        start, end = row.required_instant("start"), row.required_instant("end")
        outages.append(
            _model(
                row, Outage, start=start, end=end, id=row.text("id"),
                description=row.text("description"), contracts=_ids(row, "contracts", contracts),
                services=_ids(row, "services", services, "service"),
            )
        )  # fmt: skip
    return outages


def read_security_breaches(
    path: str | Path, contracts: Collection[str] | None = None
) -> list[SecurityBreach]:
    """Security breaches from a CSV: ``at`` and optionally ``id, description, contracts``.

    ``contracts`` holds the ids of the contracts a breach hits, separated by
    spaces or commas; empty means every contract. Given the run's contract ids
    (a book run), every row must name the contracts it hit, all of them known:
    a breach owes a whole month's fee, so it is never charged to every customer
    by default. A breach given twice (the same instant and id) is an error.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "breaches.csv"
    >>> path.write_text("id,at,contracts\\nSB-1,2026-10-14T09:00:00Z,acme-gold\\n") and None
    >>> [(breach.id, breach.at.isoformat(), breach.contracts)
    ...  for breach in read_security_breaches(path)]
    [('SB-1', '2026-10-14T09:00:00+00:00', ('acme-gold',))]

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    breaches: list[SecurityBreach] = []
    seen: dict[tuple[datetime, str], Row] = {}
    for row in read_table(path, SECURITY_BREACH_COLUMNS).rows:
        at = row.required_instant("at")
        key = (at, row.text("id"))
        if key in seen:
            raise row.error("at", f"the same breach (instant and id) as {seen[key].row}; a breach "
                            "given twice would be credited twice")  # fmt: skip
        seen[key] = row
        named = _ids(row, "contracts", contracts)
        if contracts is not None and not named:
            raise row.error(
                "contracts",
                "is empty; name the contracts the breach affected (a breach owes a whole "
                "month's fee, so a book run never charges one to every customer)",
            )
        breaches.append(
            _model(row, SecurityBreach, at=at, id=row.text("id"),
                   description=row.text("description"), contracts=named)
        )  # fmt: skip
    return breaches


def read_security_incidents(
    path: str | Path, contracts: Collection[str] | None = None
) -> list[SecurityIncident]:
    """Security incidents from a CSV: ``detected_at`` and optionally ``responded_at, id,
    description, contracts``.

    An empty ``responded_at`` means not responded to yet; a response before
    the detection is an error. ``contracts`` holds the ids of the contracts an
    incident affects, separated by spaces or commas; empty means every
    contract; given the run's contract ids, an unknown one is an error. An id
    given twice is an error naming both rows.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "incidents.csv"
    >>> path.write_text("id,detected_at,responded_at\\n"
    ...                 "SI-1,2026-10-14T09:00:00Z,2026-10-14T08:00:00Z\\n") and None
    >>> read_security_incidents(path)
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../incidents.csv, row 2, column responded_at: \
2026-10-14T08:00:00+00:00 is before detected_at (2026-10-14T09:00:00+00:00); a response \
comes after the detection

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    incidents: list[SecurityIncident] = []
    seen: dict[str, Row] = {}
    for row in read_table(path, SECURITY_INCIDENT_COLUMNS).rows:
        detected = row.required_instant("detected_at")
        responded = row.instant("responded_at")
        if responded is not None and responded < detected:
            raise row.error(
                "responded_at",
                f"{responded.isoformat()} is before detected_at ({detected.isoformat()}); "
                "a response comes after the detection",
            )
        name = row.text("id")
        if name and name in seen:
            raise row.error("id", f"incident {name} appears twice, first in {seen[name].row}")
        seen[name] = row
        incidents.append(
            _model(row, SecurityIncident, detected_at=detected, responded_at=responded, id=name,
                   description=row.text("description"), contracts=_ids(row, "contracts", contracts))
        )  # fmt: skip
    return incidents


def _decimal(row: Row, column: str, unit: str) -> Decimal:
    """A cell as an exact, finite decimal number of 0 or more (``unit`` for messages)."""
    text = row.required(column)
    try:
        number = Decimal(text) if len(text) <= 40 else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise row.error(column, f"{shown(text)} is not a number of {unit}; write e.g. 0.25")
    if number < 0:
        raise row.error(column, f"{shown(text)} is negative; give 0 {unit} or more")
    return number


# A plain decimal of at most microsecond precision (0.25, 12): read without Decimal, which
# costs more than the rest of a latency row.
_PLAIN_DECIMAL = re.compile(r"(\d{1,12})(?:\.(\d{1,6}))?")
_LONGEST_US = MAX_DURATION // timedelta(microseconds=1)


def _duration(row: Row, column: str, unit: str, scale: int) -> timedelta:
    """A cell of decimal ``unit`` (``scale`` microseconds each, a multiple of a million) as
    an exact timedelta."""
    plain = _PLAIN_DECIMAL.fullmatch(row.text(column))
    if plain is not None:
        whole, fraction = plain.groups()
        us = int(whole) * scale + int((fraction or "").ljust(6, "0")) * (scale // 1_000_000)
        if us <= _LONGEST_US:
            return timedelta(microseconds=us)
    micro = _decimal(row, column, unit) * scale
    if micro != micro.to_integral_value():
        raise row.error(column, f"{shown(row.text(column))} is finer than a microsecond")
    if micro > _LONGEST_US:
        raise row.error(column, f"{shown(row.text(column))} is longer than 100 years")
    return timedelta(microseconds=int(micro))


def _whole(row: Row, column: str, what: str) -> int:
    """A cell as a whole number of 0 or more (``12``, ``12.0`` and ``1.2e1`` alike)."""
    number = _decimal(row, column, what)
    if number != number.to_integral_value():
        raise row.error(column, f"{shown(row.text(column))} is not a whole number of {what}")
    return int(number)


def read_latency_samples(
    path: str | Path, contracts: Collection[str] | None = None
) -> list[LatencySample]:
    """Request latencies from a CSV: ``at, seconds`` and optionally ``contracts, service``.

    ``at`` is when the request was served; ``seconds`` its latency in seconds,
    a decimal number of 0 or more, exact to the microsecond (``0.25``).
    ``contracts`` holds the ids of the contracts the request counts for;
    empty means every contract.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "latency.csv"
    >>> path.write_text("at,seconds\\n2026-10-05T09:00:00Z,0.25\\n"
    ...                 "2026-10-05T09:00:01Z,-1\\n") and None
    >>> read_latency_samples(path)
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../latency.csv, row 3, column seconds: '-1' is negative; \
give 0 seconds or more

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    samples = []
    # Checked here, so each sample is built without validating it again (files run to
    # millions of rows); a contracts cell is checked once per distinct text.
    named: dict[str, tuple[str, ...]] = {"": ()}
    for row in read_table(path, LATENCY_SAMPLE_COLUMNS).rows:
        at = row.required_instant("at")
        latency = _duration(row, "seconds", "seconds", 1_000_000)
        cell = row.text("contracts")
        ids = named.get(cell)
        if ids is None:
            ids = named[cell] = _ids(row, "contracts", contracts)
            try:
                id_list(ids, "contract", DataFileError)
            except DataFileError as error:
                raise row.error("contracts", str(error)) from None
        values = {"at": at, "latency": latency, "contracts": ids, "service": row.text("service")}
        samples.append(trusted(LatencySample, values))
    return samples


_INFINITY = ("+inf", "inf")


def read_latency_histograms(
    path: str | Path, contracts: Collection[str] | None = None
) -> list[LatencyHistogram]:
    """Latency histograms from a CSV of cumulative buckets, as Prometheus exports them.

    Columns: ``start, end`` (the window the counts cover, ``[start, end)``),
    ``le`` (a bucket's upper bound in seconds, or ``+Inf``), ``count`` (the
    **cumulative** number of requests with latency ``<= le``; the ``+Inf``
    row counts every request), and optionally ``contracts, service``. The rows
    with the same ``start, end, service, contracts`` make one histogram (in
    the order of their first rows); its rows may come in any order, and it
    needs exactly one ``+Inf`` row.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "histogram.csv"
    >>> path.write_text("start,end,le,count\\n"
    ...                 "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.5,90\\n"
    ...                 "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2,97\\n"
    ...                 "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,+Inf,100\\n") and None
    >>> [histogram] = read_latency_histograms(path)
    >>> histogram.total, histogram.share_within("2s")
    (100, Fraction(97, 100))

    Raises:
        DataFileError: the file or a row is wrong: a bound that is not a number of
            seconds or is negative, a count that is not a whole number of 0 or more, a
            bound given twice, a cumulative count below the one before it, no ``+Inf``
            row; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    groups: dict[tuple[int, int, str, tuple[str, ...]], list[tuple[Row, timedelta | None, int]]]
    groups = {}
    for row in read_table(path, LATENCY_HISTOGRAM_COLUMNS).rows:
        start, end = row.required_instant("start"), row.required_instant("end")
        if end <= start:
            raise row.error("end", f"{end.isoformat()} is not after start ({start.isoformat()})")
        named = _ids(row, "contracts", contracts)
        key = (to_us(start, "start"), to_us(end, "end"), row.text("service"), named)
        infinite = row.required("le").lower() in _INFINITY
        bound = None if infinite else _duration(row, "le", "seconds", 1_000_000)
        groups.setdefault(key, []).append((row, bound, _whole(row, "count", "requests")))
    return [_histogram(rows) for rows in groups.values()]


def _histogram(rows: list[tuple[Row, timedelta | None, int]]) -> LatencyHistogram:
    """One histogram from its rows, checked with errors naming the row at fault."""
    first = rows[0][0]
    total: tuple[Row, int] | None = None
    finite: dict[timedelta, tuple[Row, int]] = {}
    for row, bound, count in rows:
        if bound is None:
            if total is not None:
                raise row.error("le", f"+Inf is given twice in this histogram, first in "
                                f"{total[0].row}")  # fmt: skip
            total = (row, count)
        elif bound in finite:
            raise row.error(
                "le",
                f"le={latency_text(bound)} is given twice in this histogram, first in "
                f"{finite[bound][0].row}",
            )
        else:
            finite[bound] = (row, count)
    if total is None:
        raise first.error(
            "le",
            "this histogram (the rows with this start, end, service and contracts) has no "
            "+Inf row; the +Inf bucket counts every request, and without it the share of "
            "requests within a bound is unknown",
        )
    bounds = sorted(finite)
    previous: tuple[timedelta, Row, int] | None = None
    for bound, (row, count) in [*((b, finite[b]) for b in bounds)]:
        if previous is not None and count < previous[2]:
            raise row.error(
                "count",
                f"{count} at le={latency_text(bound)} is below {previous[2]} at "
                f"le={latency_text(previous[0])} ({previous[1].row}); counts are cumulative "
                "(requests within each bound), so they never go down",
            )
        previous = (bound, row, count)
    if previous is not None and total[1] < previous[2]:
        raise total[0].error(
            "count",
            f"{total[1]} at le=+Inf is below {previous[2]} at le={latency_text(previous[0])} "
            f"({previous[1].row}); the +Inf bucket counts every request",
        )
    start, end = first.required_instant("start"), first.required_instant("end")
    return _model(
        first, LatencyHistogram, start=start, end=end, bounds=tuple(bounds),
        counts=tuple(finite[bound][1] for bound in bounds), total=total[1],
        contracts=_ids(first, "contracts"), service=first.text("service"),
    )  # fmt: skip


def read_utilization(path: str | Path) -> list[TeamUtilization]:
    """Team utilization from a CSV: ``start, end, busy_hours, available_hours`` and optionally
    ``team``.

    Hours are decimal numbers of 0 or more (``162.5``), exact to the
    microsecond; busy hours are never more than available hours, and
    available hours are more than 0.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "utilization.csv"
    >>> path.write_text("start,end,busy_hours,available_hours\\n"
    ...                 "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,624,800\\n") and None
    >>> [record.share for record in read_utilization(path)]
    [Fraction(39, 50)]

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    records = []
    for row in read_table(path, UTILIZATION_COLUMNS).rows:
        start, end = row.required_instant("start"), row.required_instant("end")
        busy = _duration(row, "busy_hours", "hours", 3_600_000_000)
        available = _duration(row, "available_hours", "hours", 3_600_000_000)
        if not available:
            raise row.error("available_hours", "is 0; a team with no available time has no "
                            "utilization")  # fmt: skip
        if busy > available:
            raise row.error(
                "busy_hours",
                f"{row.text('busy_hours')} is more than available_hours "
                f"({row.text('available_hours')}); overtime is available time too, so count "
                "it in both",
            )
        records.append(
            _model(row, TeamUtilization, start=start, end=end, busy=busy, available=available,
                   team=row.text("team"))
        )  # fmt: skip
    return records


def read_maintenance(path: str | Path) -> list[MaintenanceWindow | MaintenanceRule]:
    """Maintenance from a CSV: windows (``start, end``) or rules (``rule, at, duration, timezone``).

    A row with a ``rule`` is a recurring RFC 5545 rule; otherwise ``start``
    and ``end`` give one window.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "maintenance.csv"
    >>> path.write_text("rule,at,duration,timezone\\nFREQ=WEEKLY;BYDAY=SU,02:00,2h,UTC\\n") and None
    >>> [(rule.rule, str(rule.at)) for rule in read_maintenance(path)]
    [('FREQ=WEEKLY;BYDAY=SU', '02:00:00')]

    Raises:
        DataFileError: the file or a row is wrong; names file, row and column.
        NaiveDatetimeError: an instant without a UTC offset; names file, row and column.
    """
    table = read_table(path)
    if not {"start", "end"} <= set(table.columns) and "rule" not in table.columns:
        raise DataFileError(
            f"{table.name}: needs columns start, end (windows) or rule, at, duration, timezone "
            f"(recurring); the file has {', '.join(table.columns)}"
        )
    found: list[MaintenanceWindow | MaintenanceRule] = []
    for row in table.rows:
        if row.text("rule"):
            duration = row.required("duration")
            # An empty cell leaves the field to the model's default, so that a DTSTART
            # inside the rule can supply it instead of contradicting a stand-in value.
            optional = {name: row.text(name) for name in ("at", "timezone") if row.text(name)}
            found.append(
                _model(
                    row, MaintenanceRule, rule=row.text("rule"), duration=duration,
                    description=row.text("description"), **optional,
                )
            )  # fmt: skip
        else:
            start, end = row.required_instant("start"), row.required_instant("end")
            found.append(
                _model(
                    row, MaintenanceWindow, start=start, end=end,
                    description=row.text("description"),
                )
            )  # fmt: skip
    return found


def _model(row: Row, make: Callable[..., M], *args: Any, **fields: Any) -> M:
    """``make(*args, **fields)``, its error named by the row (the model names the field)."""
    try:
        return make(*args, **fields)
    except SlakitError as error:
        raise DataFileError(f"{row.place}: {error}") from None
