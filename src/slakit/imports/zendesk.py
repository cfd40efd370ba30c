"""Zendesk: tickets, their audits and ticket metric events, as the Zendesk REST API writes them.

The export is one or more JSON files, each an object holding any of the
lists the API returns: ``tickets`` (List Tickets, the incremental ticket
export; or one ``ticket``), ``audits`` (List Audits for a Ticket, List All
Ticket Audits: each with ``ticket_id``, ``created_at``, ``author_id`` and
its ``events``), ``ticket_metric_events`` (List Ticket Metric Events, the
incremental metric event export) and ``users`` (sideloaded with
``include=users``: each ``id`` and ``role``).

- A ticket's history is its audits in time order. The audit that creates
  the ticket (its ``Create`` events) gives the status and priority at
  opening; later ``Change`` events of ``status`` and ``priority`` (or of the
  custom field named by the mapping's ``priority_field``) are status and
  priority changes at the audit's ``created_at``.
- A ticket created without a priority takes the first priority it is given
  later, from its opening (a Zendesk SLA policy measures from the ticket's
  creation once it applies); one never given a priority is skipped.
- ``Comment`` events after the creating audit are replies (the creating
  audit's comment is the ticket's description). A comment with
  ``public: false`` is a private note. Its author (the event's
  ``author_id``, else the audit's) is the requester when it is the ticket's
  ``requester_id`` or a user whose ``role`` is ``end-user``.
- Ticket metric events give the vendor's verdicts, per ticket and metric
  (``reply_time`` instance 1 is the first reply time; later instances are
  named ``next_reply_time``). A metric that no SLA policy was applied to
  (no ``apply_sla`` event) has no verdict. It breached when it has a
  ``breach`` event that is not ``deleted``; it was met when its last event is
  a ``fulfill`` and it did not breach. Its clock events: the first
  ``activate`` is ``started``; ``pause`` is ``paused``; an ``activate``
  after a pause is ``resumed``, after a ``fulfill`` ``reopened``; an
  ``apply_sla`` after the clock started is ``retargeted``; ``fulfill`` is
  ``fulfilled``; a breach that is not deleted is ``breached``;
  ``update_status``, ``measure`` and ``apply_group_sla`` events are left out;
  an event of another ``type`` is an error.

Timestamps are ISO 8601 (``2026-03-16T16:00:00Z``; an offset or fractional
seconds are read too; one without an offset is refused unless the mapping
names a ``timezone``).

References (the shapes and field names above):

- Ticket Audits: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
- Ticket Audit events reference:
  https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference
- Ticket Metric Events:
  https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/
- Ticket metric event types reference:
  https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference
- SLA Policies: https://developer.zendesk.com/api-reference/ticketing/business-rules/sla_policies/

>>> DEFAULT_MAPPING.status("hold"), DEFAULT_MAPPING.severity("urgent")
('paused', <Severity.SEV1: 'SEV1'>)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from slakit._text import shown
from slakit._time import to_us
from slakit.errors import DataFileError
from slakit.imports.export import Change, Draft, Export, RawVerdict
from slakit.imports.mapping import ResponseRule, SourceMapping
from slakit.imports.records import Record, read_json
from slakit.imports.result import ImportResult, Skipped, VendorClockEvent
from slakit.imports.source import Source
from slakit.sla import SlaEventKind

__all__ = ["DEFAULT_MAPPING", "SOURCE", "import_zendesk", "read_export"]

DEFAULT_MAPPING = SourceMapping(
    source="zendesk",
    statuses={
        "new": "running",
        "open": "running",
        "pending": "paused",
        "hold": "paused",
        "on-hold": "paused",
        "solved": "resolved",
        "closed": "resolved",
    },
    priorities={"urgent": "sev1", "high": "sev2", "normal": "sev3", "low": "sev4"},
    metrics={
        "reply_time": "response",
        "requester_wait_time": "resolution",
        "agent_work_time": "resolution",
    },
    response=ResponseRule(public_only=True, requester_counts=False),
)
"""Zendesk's statuses, priorities and SLA metrics in slakit's words (see docs/importing.md)."""

_LISTS = ("tickets", "audits", "ticket_metric_events", "users")


@dataclass
class _Files:
    """The records of every file, by kind."""

    tickets: list[Record] = field(default_factory=list)
    audits: list[Record] = field(default_factory=list)
    metric_events: list[Record] = field(default_factory=list)
    users: list[Record] = field(default_factory=list)


def _read_files(paths: Sequence[Path]) -> _Files:
    found = _Files()
    for path in paths:
        value = read_json(path)
        if not isinstance(value, dict) or not (set(value) & {*_LISTS, "ticket"}):
            raise DataFileError(
                f"{path}: not a Zendesk export; expected a JSON object with any of "
                f"{', '.join(_LISTS)} (the lists the Zendesk API returns), or a ticket"
            )
        top = Record(str(path), "", value)
        if "ticket" in value:
            ticket = top.child("ticket")
            if ticket is not None:
                found.tickets.append(ticket)
        found.tickets += top.records("tickets")
        found.audits += top.records("audits")
        found.metric_events += top.records("ticket_metric_events")
        found.users += top.records("users")
    return found


def _end_users(users: list[Record]) -> set[str]:
    return {user.id("id") for user in users if user.text("role") == "end-user"}


def _field_value(event: Record) -> str | None:
    """A Create or Change event's ``value`` as text; ``None`` when it is null."""
    value = event.get("value")
    if value is None:
        return None
    if isinstance(value, list):  # a multi-select field: not a status or priority
        raise event.error("value", "is a list; a status or priority field holds one value")
    return event.text("value")


@dataclass
class _Ticket:
    """One ticket's record, audits (in time order) and what they say."""

    record: Record
    id: str
    opened_at: datetime
    requester: str
    audits: list[tuple[datetime, Record]] = field(default_factory=list)


def _history(
    ticket: _Ticket, mapping: SourceMapping, end_users: set[str]
) -> tuple[str | None, str | None, list[Change]]:
    """The status and priority at opening, and the changes after it."""
    priority_field = mapping.priority_field.strip() or "priority"
    status: str | None = None
    priority: str | None = None
    changes: list[Change] = []
    for at, audit in ticket.audits:
        events = audit.records("events")
        created = any(event.text("type") == "Create" for event in events)
        audit_author = audit.text("author_id")
        for event in events:
            kind = event.text("type")
            name = event.text("field_name")
            if kind == "Create" and name in ("status", priority_field):
                value = _field_value(event)
                if name == "status":
                    status = value
                else:
                    priority = value
            elif kind == "Change" and name in ("status", priority_field):
                value = _field_value(event)
                if value is None:
                    continue  # a priority cleared: the SLA keeps its last target
                changes.append(
                    Change(at, "status" if name == "status" else "priority", value,
                           where=event.place)
                )  # fmt: skip
            elif kind == "Comment" and not created:
                public = event.flag("public")
                if public is None:
                    raise event.error(
                        "public", "is missing; a comment must say whether it is public"
                    )
                author = event.text("author_id") or audit_author
                by_requester = bool(author) and (author == ticket.requester or author in end_users)
                changes.append(
                    Change(at, "reply", public=public, by_requester=by_requester,
                           where=event.place)
                )  # fmt: skip
    if priority is None:
        # Created without a priority: the first one it is given applies from the opening.
        for index, change in enumerate(changes):
            if change.kind == "priority":
                priority = change.value
                del changes[index]
                break
    return status, priority, changes


def _tickets(files: _Files, mapping: SourceMapping, skipped: list[Skipped]) -> list[Draft]:
    zone = mapping.given_zone
    tickets: dict[str, _Ticket] = {}
    for record in files.tickets:
        ticket_id = record.id("id")
        if ticket_id in tickets:
            raise record.error(
                "id",
                f"ticket {ticket_id} appears twice, first at {tickets[ticket_id].record.place}",
            )
        opened = record.required_instant("created_at", zone)
        tickets[ticket_id] = _Ticket(record, ticket_id, opened, record.text("requester_id"))
    for audit in files.audits:
        ticket_id = audit.id("ticket_id")
        at = audit.required_instant("created_at", zone)
        if ticket_id not in tickets:
            skipped.append(Skipped(
                where=audit.place, ticket_id=ticket_id,
                reason=f"an audit of ticket {ticket_id}, which is not in the export's tickets",
            ))  # fmt: skip
            continue
        tickets[ticket_id].audits.append((at, audit))
    end_users = _end_users(files.users)
    drafts = []
    for ticket in tickets.values():
        if ticket.record.text("status") == "deleted":
            skipped.append(Skipped(where=ticket.record.place, ticket_id=ticket.id,
                                   reason="a deleted ticket"))  # fmt: skip
            continue
        if not ticket.audits:
            skipped.append(Skipped(
                where=ticket.record.place, ticket_id=ticket.id,
                reason="the export has no audits of this ticket, so its history (statuses, "
                "priorities, replies) is unknown; export its audits too",
            ))  # fmt: skip
            continue
        ticket.audits.sort(key=lambda item: (to_us(item[0], "created_at"), _order(item[1])))
        status, priority, changes = _history(ticket, mapping, end_users)
        drafts.append(
            Draft(ticket.id, ticket.opened_at, priority, status, tuple(changes),
                  where=ticket.record.place)
        )  # fmt: skip
    return drafts


def _metric_name(event: Record) -> str:
    metric = event.required("metric")
    instance = event.get("instance_id")
    if metric == "reply_time" and isinstance(instance, int) and instance > 1:
        return "next_reply_time"
    return metric


def _verdict(ticket_id: str, metric: str, events: list[tuple[datetime, Record]]) -> RawVerdict:
    clock: list[VendorClockEvent] = []
    state = ""  # "", running, paused, fulfilled
    applied = False
    breached_at: datetime | None = None
    due_at: datetime | None = None
    stopped_at: datetime | None = None
    for at, event in events:
        kind = event.required("type")
        place = event.place
        if kind == "activate":
            moved = {"": SlaEventKind.STARTED, "paused": SlaEventKind.RESUMED,
                     "fulfilled": SlaEventKind.REOPENED}.get(state)  # fmt: skip
            if moved is not None:
                clock.append(VendorClockEvent(at=at, kind=moved, where=place))
            state, stopped_at = "running", None
        elif kind == "pause" and state == "running":
            clock.append(VendorClockEvent(at=at, kind=SlaEventKind.PAUSED, where=place))
            state = "paused"
        elif kind == "fulfill" and state in ("running", "paused"):
            clock.append(VendorClockEvent(at=at, kind=SlaEventKind.FULFILLED, where=place))
            state, stopped_at = "fulfilled", at
        elif kind == "apply_sla":
            if applied or (clock and at > clock[0].at):
                clock.append(VendorClockEvent(at=at, kind=SlaEventKind.RETARGETED, where=place))
            applied = True
        elif kind == "breach":
            deleted = event.flag("deleted", default=False)
            if not deleted:
                if breached_at is None:
                    breached_at = due_at = at
                    clock.append(VendorClockEvent(at=at, kind=SlaEventKind.BREACHED, where=place))
            elif breached_at is None:
                due_at = at
    breached: bool | None = True if breached_at is not None else None
    if breached is None and state == "fulfilled":
        breached = False
    clock.sort(key=lambda item: to_us(item.at, "at"))  # stable
    return RawVerdict(
        ticket_id, metric, breached, due_at=due_at, breached_at=breached_at,
        stopped_at=stopped_at, events=tuple(clock), where=events[0][1].place,
    )  # fmt: skip


def _verdicts(files: _Files, mapping: SourceMapping) -> list[RawVerdict]:
    zone = mapping.given_zone
    groups: dict[tuple[str, str], list[tuple[datetime, Record]]] = {}
    for event in files.metric_events:
        ticket_id = event.id("ticket_id")
        at = event.required_instant("time", zone)
        if event.required("type") not in _METRIC_EVENT_TYPES:
            # A type we do not know could start, stop or breach a clock: never skip it quietly.
            raise event.error(
                "type",
                f"{shown(event.get('type'))} is not a ticket metric event type; Zendesk "
                f"documents {', '.join(_METRIC_EVENT_TYPES)}",
            )
        groups.setdefault((ticket_id, _metric_name(event)), []).append((at, event))
    found = []
    for (ticket_id, metric), events in groups.items():
        events.sort(key=lambda item: (to_us(item[0], "time"), _order(item[1])))
        if not any(event.text("type") == "apply_sla" for _, event in events):
            continue  # no SLA policy measured this metric: nothing to compare with
        found.append(_verdict(ticket_id, metric, events))
    return found


# The types the ticket metric event types reference lists; apply_group_sla (a group SLA
# policy), measure and update_status change no clock slakit compares.
_METRIC_EVENT_TYPES = (
    "activate", "pause", "fulfill", "apply_sla", "apply_group_sla", "breach", "update_status",
    "measure",
)  # fmt: skip


def _order(event: Record) -> int:
    """Records of one instant (audits, metric events) in the order Zendesk numbered them."""
    value = event.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def read_export(paths: Sequence[Path], mapping: SourceMapping) -> Export:
    """Read Zendesk export files (see the module notes) into drafts and raw verdicts.

    >>> import tempfile, pathlib, json
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.json"
    >>> path.write_text(json.dumps({"tickets": [{"id": 1, "created_at": "2026-03-16"}]})) and None
    >>> read_export([path], DEFAULT_MAPPING)
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../export.json, tickets[0], field created_at: '2026-03-16' \
is not a timestamp; write e.g. 2026-10-05T09:30:00Z

    Raises:
        DataFileError: a file is not JSON or not a Zendesk export; a record or field is
            missing or wrong (names the file, the record and the field).
    """
    files = _read_files(paths)
    skipped: list[Skipped] = []
    drafts = _tickets(files, mapping, skipped)
    return Export(tuple(drafts), tuple(_verdicts(files, mapping)), tuple(skipped))


SOURCE = Source(
    name="zendesk",
    title="Zendesk",
    defaults=DEFAULT_MAPPING,
    read=read_export,
    references=(
        "https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/",
        "https://developer.zendesk.com/documentation/ticketing/reference-guides/"
        "ticket-audit-events-reference",
        "https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/",
        "https://developer.zendesk.com/documentation/ticketing/reference-guides/"
        "ticket-metric-event-types-reference",
    ),
)


def import_zendesk(
    paths: Sequence[str | Path], mapping: SourceMapping | str | Path | None = None
) -> ImportResult:
    """Import Zendesk export files: :meth:`SOURCE.import_files <slakit.imports.source.Source.
    import_files>`.

    Raises:
        DataFileError: a file, record or field is wrong; names them.
    """
    return SOURCE.import_files(paths, mapping)
