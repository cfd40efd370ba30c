"""From an importer's drafts to slakit tickets: the mapping applied, everything left out reported.

The one place the mapping tables are applied, the same for every source:

- the priority at opening gives the severity; a ticket without one, or with
  one no table names, is skipped (and the name counted);
- each status change moves the ticket between ``running``, ``paused`` and
  ``resolved`` (:data:`~slakit.imports.mapping.StatusEffect`): running to
  paused is ``paused``, paused to running ``resumed``, anything to resolved
  ``resolved``, resolved to running ``reopened``, resolved to paused
  ``reopened`` then ``paused``; a status no table names is counted and the
  clock stays as it was;
- a priority change is ``severity_changed`` (an unknown name is counted and
  the change ignored);
- the first reply the mapping's response rule counts (by default a public
  reply by anyone but the requester) is ``responded``; later replies change
  no clock and are left out;
- the events go through the tolerant path (:meth:`Ticket.with_events
  <slakit.tickets.Ticket.with_events>`), and each one it drops is reported.

>>> from datetime import UTC, datetime
>>> from slakit.imports.export import Change, Draft, Export
>>> from slakit.imports.mapping import SourceMapping
>>> mapping = SourceMapping("demo", statuses={"open": "running", "pending": "paused"},
...                         priorities={"urgent": "sev1"})
>>> at = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> draft = Draft("7", at, "urgent", "open", (
...     Change(at.replace(hour=10), "status", "pending"),
...     Change(at.replace(hour=11), "status", "escalated"),
...     Change(at.replace(hour=9, minute=30), "reply", public=False)))
>>> result = build_result("demo", Export((draft,)), mapping)
>>> [event.kind.value for event in result.tickets[0].events]
['paused']
>>> [(item.kind, item.name, item.count) for item in result.report.unknown]
[('status', 'escalated', 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from slakit.errors import DataFileError, SlakitError
from slakit.imports.export import Change, Draft, Export, RawVerdict
from slakit.imports.mapping import SourceMapping, StatusEffect
from slakit.imports.result import (
    DroppedEvent,
    ImportReport,
    ImportResult,
    Skipped,
    Unknown,
    UnknownKind,
    VendorVerdict,
)
from slakit.severity import Severity
from slakit.tickets import Event, Ticket

__all__ = ["build_result", "clock_events"]

#: How many tickets an unknown name lists in the report.
TICKETS_SHOWN = 5


class _Unknowns:
    """Names no table maps, counted per kind and name (as first written), with tickets."""

    def __init__(self) -> None:
        self.found: dict[tuple[UnknownKind, str], tuple[str, int, list[str]]] = {}

    def add(self, kind: UnknownKind, name: str, ticket_id: str) -> None:
        key = (kind, " ".join(name.split()).casefold())
        shown, count, tickets = self.found.get(key, (name.strip(), 0, []))
        if ticket_id not in tickets and len(tickets) < TICKETS_SHOWN:
            tickets.append(ticket_id)
        self.found[key] = (shown, count + 1, tickets)

    def report(self) -> tuple[Unknown, ...]:
        items = [
            Unknown(kind=kind, name=shown, count=count, tickets=tuple(tickets))
            for (kind, _), (shown, count, tickets) in self.found.items()
        ]
        return tuple(sorted(items, key=lambda item: (-item.count, item.kind, item.name)))


def clock_events(
    draft: Draft, mapping: SourceMapping, unknown: _Unknowns | None = None
) -> list[Event]:
    """The slakit events of a draft's changes under ``mapping``, in time order.

    Unknown names are added to ``unknown`` when given (and otherwise ignored
    the same way: the clock stays as it was).
    """
    state: StatusEffect = "running"
    events: list[Event] = []
    responded = False

    def note(kind: UnknownKind, name: str) -> None:
        if unknown is not None:
            unknown.add(kind, name, draft.id)

    def move(to: StatusEffect, change: Change) -> None:
        nonlocal state
        at = change.at
        if to == state:
            return
        if to == "resolved":
            events.append(Event.resolved(at))
        elif state == "resolved":
            events.append(Event.reopened(at))
            if to == "paused":
                events.append(Event.paused(at))
        elif to == "paused":
            events.append(Event.paused(at))
        else:
            events.append(Event.resumed(at))
        state = to

    if draft.status is not None and draft.status.strip():
        effect = mapping.status(draft.status)
        if effect is None:
            note("status", draft.status)
        elif effect != "running":
            # A ticket opened paused (or resolved) starts so at its opening.
            if effect == "paused":
                events.append(Event.paused(draft.opened_at))
            else:
                events.append(Event.resolved(draft.opened_at))
            state = effect
    for change in sorted(draft.changes, key=attrgetter("at")):  # stable
        if change.kind == "status":
            effect = mapping.status(change.value)
            if effect is None:
                note("status", change.value)
            else:
                move(effect, change)
        elif change.kind == "priority":
            severity = mapping.severity(change.value)
            if severity is None:
                note("priority", change.value)
            else:
                events.append(Event.severity_changed(change.at, severity))
        elif not responded and mapping.response.counts(change.public, change.by_requester):
            # Only the first reply that counts is the response; later ones change no clock.
            events.append(Event.responded(change.at))
            responded = True
    return events


def _severity(
    draft: Draft, mapping: SourceMapping, unknown: _Unknowns
) -> tuple[Severity | None, str]:
    """The severity at opening, or ``None`` and why the ticket is skipped."""
    name = (draft.priority or "").strip()
    if not name:
        return None, (
            "the ticket has no priority, so its targets are unknown; set one in the tool, "
            "or leave the ticket out"
        )
    severity = mapping.severity(name)
    if severity is None:
        unknown.add("priority", name, draft.id)
        return None, (
            f"priority {name!r} is not in the [priorities] table of {mapping.origin}; "
            "add it to a mapping file (--mapping)"
        )
    return severity, ""


def build_result(
    source: str, export: Export, mapping: SourceMapping, files: Sequence[str] = ()
) -> ImportResult:
    """The import of ``export`` under ``mapping``: tickets, verdicts and the report.

    Tickets keep the order of the drafts; verdicts the order of the export.

    Args:
        source: the source's name, for the report (``"zendesk"``).
        export: what the importer read.
        mapping: the tables to apply.
        files: the files read, for the report.

    Returns:
        The :class:`~slakit.imports.result.ImportResult`.

    Raises:
        DataFileError: a ticket id appears twice, or a ticket is not valid (names its record).
    """
    unknown = _Unknowns()
    skipped = list(export.skipped)
    tickets: list[Ticket] = []
    dropped: list[DroppedEvent] = []
    first: dict[str, str] = {}
    for draft in export.drafts:
        if draft.id in first:
            raise DataFileError(
                f"{draft.where}: ticket {draft.id} appears twice, first at {first[draft.id]}"
            )
        first[draft.id] = draft.where or "?"
        severity, why = _severity(draft, mapping, unknown)
        events = clock_events(draft, mapping, unknown)
        if severity is None:
            skipped.append(Skipped(where=draft.where, reason=why, ticket_id=draft.id))
            continue
        try:
            base = Ticket(draft.id, severity, draft.opened_at, contract=mapping.contract)
            ticket, drops = base.with_events(events)
        except SlakitError as error:
            raise DataFileError(f"{draft.where}: ticket {draft.id}: {error}") from None
        tickets.append(ticket)
        dropped += [DroppedEvent(ticket_id=ticket.id, dropped=drop) for drop in drops]
    imported = {ticket.id for ticket in tickets}
    known = set(first) | {item.ticket_id for item in export.skipped if item.ticket_id}
    verdicts = _verdicts(export.verdicts, mapping, imported, unknown, skipped, known)
    report = ImportReport(
        source=source,
        files=tuple(files),
        tickets=len(tickets),
        events=sum(len(ticket.events) for ticket in tickets),
        verdicts=len(verdicts),
        unknown=unknown.report(),
        skipped=tuple(skipped),
        dropped=tuple(dropped),
    )
    return ImportResult(tickets=tuple(tickets), verdicts=tuple(verdicts), report=report)


def _verdicts(
    raw: Sequence[RawVerdict],
    mapping: SourceMapping,
    imported: set[str],
    unknown: _Unknowns,
    skipped: list[Skipped],
    drafted: set[str],
) -> list[VendorVerdict]:
    found = []
    for item in raw:
        metric = mapping.metric(item.vendor_metric)
        if metric is None:
            unknown.add("metric", item.vendor_metric, item.ticket_id)
            continue
        if item.ticket_id not in imported:
            reason = (
                f"a {item.vendor_metric} verdict on ticket {item.ticket_id}, which was skipped"
                if item.ticket_id in drafted
                else f"a {item.vendor_metric} verdict on ticket {item.ticket_id}, which is not "
                "in the export"
            )
            skipped.append(Skipped(where=item.where, reason=reason, ticket_id=item.ticket_id))
            continue
        found.append(
            VendorVerdict(
                ticket_id=item.ticket_id, metric=metric, vendor_metric=item.vendor_metric,
                breached=item.breached, due_at=item.due_at, breached_at=item.breached_at,
                stopped_at=item.stopped_at, events=item.events, where=item.where,
            )
        )  # fmt: skip
    return found
