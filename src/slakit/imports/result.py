"""What an import gives: tickets in slakit's shape, the vendor's own verdicts, and a report.

Nothing an import leaves out is lost silently: a status, priority or metric
name that no mapping table names is an :class:`Unknown` with its count; a
record that could not be used is :class:`Skipped` with why; an event the
tolerant timeline path dropped is a :class:`DroppedEvent`.

>>> from datetime import UTC, datetime
>>> verdict = VendorVerdict(ticket_id="101", metric="response", vendor_metric="reply_time",
...                         breached=True, due_at=datetime(2026, 3, 2, 10, tzinfo=UTC))
>>> verdict.metric, verdict.breached
(<Metric.RESPONSE: 'response'>, True)
>>> VendorVerdict.model_validate_json(verdict.model_dump_json()) == verdict
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from slakit._model import FixedInstant, SlakitModel
from slakit.errors import DataFileError
from slakit.policy import Metric
from slakit.sla import SlaEventKind
from slakit.tickets import Dropped, Ticket

__all__ = [
    "DroppedEvent",
    "ImportReport",
    "ImportResult",
    "Skipped",
    "Unknown",
    "UnknownKind",
    "VendorClockEvent",
    "VendorVerdict",
]

UnknownKind = Literal["status", "priority", "metric"]


class VendorClockEvent(SlakitModel):
    """One event of the vendor's own SLA clock (a Zendesk metric event, a JSM cycle's start...).

    ``kind`` is one of :class:`~slakit.sla.SlaEventKind` except ``threshold``;
    ``breached`` is at the instant the vendor says the target was used up.

    >>> VendorClockEvent(at="2026-03-02T09:00:00Z", kind="threshold")
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: invalid VendorClockEvent: kind: a vendor clock event is \
never a threshold; ...
    """

    _error: ClassVar[type[DataFileError]] = DataFileError

    at: FixedInstant
    kind: SlaEventKind
    where: str = ""

    @field_validator("kind")
    @classmethod
    def _no_threshold(cls, kind: SlaEventKind) -> SlaEventKind:
        if kind is SlaEventKind.THRESHOLD:
            raise ValueError(
                "a vendor clock event is never a threshold; use started, paused, resumed, "
                "retargeted, breached, fulfilled or reopened"
            )
        return kind


def clock_events(
    timeline: Iterable[tuple[datetime, str]], where: str
) -> tuple[VendorClockEvent, ...]:
    """The vendor clock events of ``(instant, kind)`` pairs at ``where``, in time order
    (equal instants keep their order).

    >>> from datetime import UTC, datetime
    >>> [event.kind.value for event in clock_events(
    ...     [(datetime(2026, 3, 2, 10, tzinfo=UTC), "fulfilled"),
    ...      (datetime(2026, 3, 2, 9, tzinfo=UTC), "started")], "row 2")]
    ['started', 'fulfilled']
    """
    return tuple(
        VendorClockEvent(at=at, kind=kind, where=where)
        for at, kind in sorted(timeline, key=lambda pair: pair[0])
    )


class VendorVerdict(SlakitModel):
    """The vendor's own verdict on one metric of one ticket, as its export records it.

    ``breached``: ``True`` the vendor says the metric breached (at
    ``breached_at``, if it says when), ``False`` it says the metric was met
    (its clock stopped within the target), ``None`` it has not decided (the
    clock still runs). ``due_at`` is the vendor's deadline, ``stopped_at``
    when its clock stopped; ``events`` its clock events when the export has
    them. ``vendor_metric`` is the vendor's name for the metric; ``where``
    the record it came from.
    """

    _error: ClassVar[type[DataFileError]] = DataFileError

    ticket_id: str
    metric: Metric
    vendor_metric: str
    breached: bool | None
    due_at: FixedInstant | None = None
    breached_at: FixedInstant | None = None
    stopped_at: FixedInstant | None = None
    events: tuple[VendorClockEvent, ...] = ()
    where: str = ""


class Unknown(SlakitModel):
    """A name no mapping table has: its ``kind``, how many times it was seen, on which tickets.

    ``tickets`` lists the first few tickets it was seen on (at most five).

    >>> Unknown(kind="status", name="escalated", count=3, tickets=("7", "9")).count
    3
    """

    _error: ClassVar[type[DataFileError]] = DataFileError

    kind: UnknownKind
    name: str
    count: int = Field(ge=1)
    tickets: tuple[str, ...] = ()


class Skipped(SlakitModel):
    """A record the import could not use: where it is, why, and its ticket if known.

    >>> Skipped(where="e.json, tickets[4]", reason="no priority", ticket_id="42").reason
    'no priority'
    """

    _error: ClassVar[type[DataFileError]] = DataFileError

    where: str
    reason: str
    ticket_id: str = ""


class DroppedEvent(SlakitModel):
    """An event of an imported ticket that the tolerant timeline path dropped, and why."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    ticket_id: str
    dropped: Dropped


class ImportReport(SlakitModel):
    """What an import read and what it left out.

    ``files`` are the files read; ``tickets``, ``events`` and ``verdicts``
    the numbers imported; ``unknown`` the names no table maps, most frequent
    first; ``skipped`` the records left out; ``dropped`` the events dropped.
    """

    _error: ClassVar[type[DataFileError]] = DataFileError

    source: str
    files: tuple[str, ...] = ()
    tickets: int = 0
    events: int = 0
    verdicts: int = 0
    unknown: tuple[Unknown, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    dropped: tuple[DroppedEvent, ...] = ()

    def text(self) -> str:
        """The report as plain text, one finding a line.

        >>> print(ImportReport(source="zendesk", files=("e.json",), tickets=2,
        ...                    unknown=(Unknown(kind="status", name="escalated", count=3,
        ...                                     tickets=("7",)),)).text(), end="")
        zendesk import of e.json: 2 tickets, 0 events, 0 vendor verdicts
        unknown status 'escalated': 3 times (tickets 7); not mapped, left as it was
        """
        lines = [
            f"{self.source} import of {', '.join(self.files) or 'no files'}: "
            f"{self.tickets} tickets, {self.events} events, {self.verdicts} vendor verdicts"
        ]
        effects = {
            "status": "not mapped, left as it was",
            "priority": "not mapped; a ticket opened with it is skipped, a change to it ignored",
            "metric": "not mapped; its verdicts are left out",
        }
        for item in self.unknown:
            times = f"{item.count} time{'s' * (item.count != 1)}"
            lines.append(
                f"unknown {item.kind} {item.name!r}: {times} (tickets "
                f"{', '.join(item.tickets)}); {effects[item.kind]}"
            )
        for skip in self.skipped:
            ticket = f" (ticket {skip.ticket_id})" if skip.ticket_id else ""
            lines.append(f"skipped {skip.where}{ticket}: {skip.reason}")
        for drop in self.dropped:
            event = drop.dropped.event
            lines.append(
                f"dropped ticket {drop.ticket_id} {event.kind.value} at {event.at.isoformat()} "
                f"({drop.dropped.code}): {drop.dropped.reason}"
            )
        return "\n".join(lines) + "\n"


class ImportResult(SlakitModel):
    """An import: the tickets, the vendor's verdicts on them, and the report."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    tickets: tuple[Ticket, ...]
    verdicts: tuple[VendorVerdict, ...] = ()
    report: ImportReport

    def ticket(self, ticket_id: str) -> Ticket:
        """The imported ticket ``ticket_id``.

        Raises:
            KeyError: no such ticket.
        """
        for ticket in self.tickets:
            if ticket.id == ticket_id:
                return ticket
        raise KeyError(ticket_id)

    def verdicts_of(self, ticket_id: str) -> Iterable[VendorVerdict]:
        """The vendor verdicts on ``ticket_id``."""
        return [verdict for verdict in self.verdicts if verdict.ticket_id == ticket_id]
