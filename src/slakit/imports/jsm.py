"""Jira Service Management: issues with their changelog, comments and SLA fields.

The export is what the Jira REST API returns for a search with the changelog
expanded (``GET /rest/api/2/search?jql=...&expand=changelog&fields=*all``, or
``/rest/api/3/...``): a JSON object with an ``issues`` list, a list of
issues, or one issue. Each issue gives:

- ``key``, and ``fields.created`` (Jira's ``2026-10-05T09:00:00.000+0100``);
- ``fields.priority.name`` and ``fields.status.name`` (now), ``fields.reporter``;
- ``changelog.histories``: each with ``created`` and ``items``; an item whose
  ``field`` is ``status`` or ``priority`` is a change from ``fromString`` to
  ``toString``. The first such item's ``fromString`` is the status (priority)
  at opening; without one, the issue never changed it and the current one is.
  A mapping's ``priority_field`` (a custom field's id, ``customfield_10050``, or
  its name, ``Severity``) takes the priority from that field instead: items whose
  ``field`` or ``fieldId`` is it, and its current ``name`` or ``value``;
- ``fields.comment.comments``: ``created``, ``author`` and ``jsdPublic``
  (``false`` for an internal comment; absent means public, as Jira documents);
  a comment by the reporter or by a portal customer (``author.accountType``
  ``customer``) is the requester's;
- the SLA fields (``customfield_...``) whose value has ``completedCycles``
  or ``ongoingCycle``: the vendor's verdict, by the SLA's ``name``. A cycle's
  instants are read from ``epochMillis`` (or ``iso8601``, or ``jira``).

The response is the first public comment by anyone but the requester (the
mapping's ``[response]`` table can change that); it is recomputed from the
comments, not taken from the "Time to first response" SLA, whose stop is the
vendor's own verdict. "Waiting for customer" pauses the resolution clock;
"Resolved", "Done", "Closed", "Canceled" resolve; a move out of them reopens.

A changelog or comment list that Jira cut to a page (``total`` larger than
what the issue holds) is refused, naming the issue: the missing changes would
make every clock wrong. Fetch the rest (``GET /rest/api/2/issue/KEY/changelog``)
and put them in the issue.

The vendor's verdict on one SLA: breached if any cycle breached (a breach is
final, as in slakit); met if every cycle completed within its goal; not
decided while a cycle is ongoing and not breached. Its deadline is the
``breachTime`` of the first breached cycle, else of the last cycle. Its clock
events: each cycle's start (``started``, then ``reopened`` for later cycles),
``breached`` at ``breachTime`` when the cycle breached, ``fulfilled`` at
``stopTime``.

Field names and shapes follow Atlassian's documentation:

- Jira Service Management Cloud REST API, "Get SLA information"
  (``GET /rest/servicedeskapi/request/{issueIdOrKey}/sla``; ``completedCycles``,
  ``ongoingCycle``, ``breached``, ``goalDuration``, ``elapsedTime``,
  ``remainingTime``, ``startTime``/``stopTime``/``breachTime`` with
  ``epochMillis``, ``iso8601``, ``jira``, ``friendly``):
  https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/
- Jira Cloud platform REST API, issue changelogs (``histories``, ``items``,
  ``field``, ``fromString``, ``toString``, ``created``):
  https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/#api-rest-api-2-issue-issueidorkey-changelog-get
- Jira Cloud platform REST API, issue comments (``jsdPublic``: whether the
  comment is visible in Jira Service Management):
  https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issue-comments/

>>> SOURCE.name, SOURCE.defaults.status("Waiting for customer")
('jsm', 'paused')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from slakit._text import shown
from slakit.errors import DataFileError
from slakit.imports.export import Change, ChangeKind, Draft, Export, RawVerdict
from slakit.imports.mapping import ResponseRule, SourceMapping
from slakit.imports.records import Record, read_json
from slakit.imports.result import Skipped, VendorClockEvent, clock_events
from slakit.imports.source import Source

__all__ = ["DEFAULT_MAPPING", "SOURCE", "read_export"]

DEFAULT_MAPPING = SourceMapping(
    source="jsm",
    statuses={
        # The statuses of Jira Service Management's service project templates.
        "Open": "running",
        "Waiting for support": "running",
        "In Progress": "running",
        "Work in progress": "running",
        "Escalated": "running",
        "Reopened": "running",
        "Under investigation": "running",
        "Waiting for customer": "paused",
        "Resolved": "resolved",
        "Done": "resolved",
        "Closed": "resolved",
        "Completed": "resolved",
        "Canceled": "resolved",
        "Cancelled": "resolved",
    },
    priorities={
        "Highest": "sev1",
        "High": "sev2",
        "Medium": "sev3",
        "Low": "sev4",
        "Lowest": "sev4",
    },
    metrics={
        "Time to first response": "response",
        "Time to resolution": "resolution",
    },
    response=ResponseRule(public_only=True, requester_counts=False),
)
"""The default mapping: Jira Service Management's own status, priority and SLA names."""

_REFERENCES = (
    "https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/",
    "https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/"
    "#api-rest-api-2-issue-issueidorkey-changelog-get",
    "https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issue-comments/",
)


def read_export(paths: Sequence[Path], mapping: SourceMapping) -> Export:
    """The issues of the export files as drafts, and the verdicts of their SLA fields.

    >>> import tempfile, pathlib, json
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "issues.json"
    >>> path.write_text(json.dumps({"issues": [{"key": "SUP-1", "fields": {
    ...     "created": "2026-10-05T09:00:00.000+0100", "priority": {"name": "High"},
    ...     "status": {"name": "Waiting for support"}}}]})) and None
    >>> read_export([path], DEFAULT_MAPPING)
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../issues.json, issues[0], field changelog: is missing; \
export the issues with expand=changelog ...

    Raises:
        DataFileError: a file is not a Jira export, or an issue, comment, change or SLA
            cycle lacks a field it needs or has one of the wrong shape; names the file, the
            record and the field.
    """
    drafts: list[Draft] = []
    verdicts: list[RawVerdict] = []
    skipped: list[Skipped] = []
    for path in paths:
        for issue in _issues(path):
            draft = _draft(issue, mapping.given_zone, mapping.priority_field.strip() or "priority")
            drafts.append(draft)
            fields = issue.child("fields")
            assert fields is not None  # _draft refused an issue without fields
            for name, value in fields.data.items():
                if isinstance(value, Mapping) and (
                    "completedCycles" in value or "ongoingCycle" in value
                ):
                    sla = fields.child(name)
                    assert sla is not None
                    verdict = _verdict(draft.id, sla, mapping.given_zone)
                    if isinstance(verdict, Skipped):
                        skipped.append(verdict)
                    else:
                        verdicts.append(verdict)
    return Export(tuple(drafts), tuple(verdicts), tuple(skipped))


def _issues(path: Path) -> Iterator[Record]:
    """The issues of one export file: a search result, a list of issues, or one issue."""
    value = read_json(path)
    if isinstance(value, Mapping) and "issues" in value:
        items, base = value["issues"], "issues"
    elif isinstance(value, list):
        items, base = value, "issues"
    elif isinstance(value, Mapping) and "key" in value:
        yield Record(str(path), "issue", value)
        return
    else:
        raise DataFileError(
            f"{path}: not a Jira export; expected a search result with an issues list "
            "(GET /rest/api/2/search?expand=changelog), a list of issues, or one issue"
        )
    if not isinstance(items, list):
        raise DataFileError(f"{path}, issues: {shown(items)} is not a list")
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise DataFileError(f"{path}, {base}[{index}]: {shown(item)} is not an object")
        yield Record(str(path), f"{base}[{index}]", item)


def _draft(issue: Record, zone: ZoneInfo | None, priority_field: str) -> Draft:
    """One issue as a draft; ``priority_field`` holds its priority (a field id or name)."""
    key = issue.required("key")
    fields = issue.child("fields")
    if fields is None:
        raise issue.error("fields", "is missing; export the issues with their fields")
    opened = fields.required_instant("created", zone)
    reporter = _account(fields.child("reporter"))
    changelog = issue.child("changelog")
    if changelog is None:
        raise issue.error(
            "changelog",
            "is missing; export the issues with expand=changelog "
            "(GET /rest/api/2/search?expand=changelog), or the status history is lost",
        )
    histories = changelog.records("histories")
    _whole(changelog, "histories", len(histories), key, "changelog")
    changes: list[Change] = []
    first: dict[str, str] = {}  # field -> its value at opening (the first change's fromString)
    ordered = sorted(
        ((history.required_instant("created", zone), history) for history in histories),
        key=lambda pair: pair[0],
    )
    wanted = priority_field.casefold()
    for at, history in ordered:
        for item in history.records("items"):
            field = item.text("field").casefold()
            kind: ChangeKind
            if field == "status":
                kind = "status"
            elif wanted in (field, item.text("fieldId").casefold()):
                kind = "priority"
            else:
                continue
            value = item.text("toString")
            if not value:
                raise item.error("toString", f"is missing; the new {kind} of the change")
            first.setdefault(kind, item.text("fromString"))
            changes.append(Change(at, kind, value, where=item.place))
    for comment in _comments(fields, key):
        at = comment.required_instant("created", zone)
        author = comment.child("author")
        if author is None:
            raise comment.error(
                "author", "is missing; without it an agent's reply and the customer's look alike"
            )
        by_requester = author.text("accountType").lower() == "customer" or (
            reporter != "" and _account(author) == reporter
        )
        public = comment.flag("jsdPublic", True)
        changes.append(
            Change(at, "reply", public=bool(public), by_requester=by_requester,
                   where=comment.place)
        )  # fmt: skip
    # Without a change, the value now is the value at opening; a first change with no
    # fromString says the issue had none at opening.
    priority = first["priority"] if "priority" in first else _name(fields, priority_field)
    status = first["status"] if "status" in first else _name(fields, "status")
    return Draft(key, opened, priority or None, status or None, tuple(changes), issue.place)


def _name(fields: Record, field: str) -> str:
    """The current value of a field: its ``name`` (status, priority), the ``value`` of a
    select list (a custom field), or its text ("" when absent)."""
    value = fields.get(field)
    if value is None or isinstance(value, str):
        return (value or "").strip()
    found = fields.child(field)
    assert found is not None
    return found.text("name") or found.text("value")


def _account(user: Record | None) -> str:
    """A user's id: ``accountId`` (Cloud), or ``key`` / ``name`` (Data Center)."""
    if user is None:
        return ""
    return user.text("accountId") or user.text("key") or user.text("name")


def _whole(page: Record, field: str, held: int, key: str, what: str) -> None:
    """Refuse a list Jira cut to a page: ``total`` says how many there are."""
    total = page.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total > held:
        raise page.error(
            field,
            f"holds {held} of the {total} entries of issue {key}'s {what} (Jira returned one "
            f"page); fetch them all (GET /rest/api/2/issue/{key}/{what}) and put them here",
        )


def _comments(fields: Record, key: str) -> list[Record]:
    page = fields.child("comment")
    if page is None:
        return []
    comments = page.records("comments")
    _whole(page, "comments", len(comments), key, "comment")
    return comments


def _date(cycle: Record, field: str, zone: ZoneInfo | None) -> datetime | None:
    """A cycle's instant (a Jira DateDTO): ``epochMillis``, else ``iso8601``, else ``jira``."""
    value = cycle.child(field)
    if value is None:
        return None
    millis = value.epoch_millis("epochMillis")
    written = value.instant("iso8601", zone) or value.instant("jira", zone)
    if millis is None and written is None:
        raise cycle.error(field, "has no epochMillis, iso8601 or jira instant")
    # iso8601 is written to the second, epochMillis to the millisecond.
    if millis is not None and written is not None and abs((written - millis).total_seconds()) >= 1:
        raise cycle.error(
            field,
            f"epochMillis ({millis.isoformat()}) and the instant written beside it "
            f"({written.isoformat()}) disagree",
        )
    return millis if millis is not None else written


class _Cycle:
    """One SLA cycle: when it started, stopped (``None``: ongoing), was due, and if it breached."""

    def __init__(self, record: Record, zone: ZoneInfo | None, ongoing: bool) -> None:
        start = _date(record, "startTime", zone)
        if start is None:
            raise record.error("startTime", "is missing")
        self.start = start
        self.stop = None if ongoing else _date(record, "stopTime", zone)
        if not ongoing and self.stop is None:
            raise record.error("stopTime", "is missing; a completed cycle has stopped")
        self.due = _date(record, "breachTime", zone)
        breached = record.flag("breached")
        if breached is None:
            raise record.error("breached", "is missing; it says whether the cycle breached")
        self.breached = breached
        if breached and self.due is None:
            raise record.error("breachTime", "is missing; the cycle breached")
        self.where = record.place


def _verdict(ticket_id: str, sla: Record, zone: ZoneInfo | None) -> RawVerdict | Skipped:
    name = sla.required("name")
    cycles = [_Cycle(cycle, zone, ongoing=False) for cycle in sla.records("completedCycles")]
    ongoing = sla.child("ongoingCycle")
    if ongoing is not None:
        cycles.append(_Cycle(ongoing, zone, ongoing=True))
    if not cycles:
        return Skipped(
            where=sla.place,
            reason=f"the {name} SLA of issue {ticket_id} has no cycle (it never started)",
            ticket_id=ticket_id,
        )
    events: list[VendorClockEvent] = []
    for index, cycle in enumerate(cycles):
        timeline = [(cycle.start, "started" if index == 0 else "reopened")]
        if cycle.breached and cycle.due is not None:
            timeline.append((cycle.due, "breached"))
        if cycle.stop is not None:
            timeline.append((cycle.stop, "fulfilled"))
        events += clock_events(timeline, cycle.where)
    breached_cycle = next((cycle for cycle in cycles if cycle.breached), None)
    last = cycles[-1]
    breached: bool | None
    if breached_cycle is not None:
        breached = True
    elif last.stop is None:
        breached = None
    else:
        breached = False
    return RawVerdict(
        ticket_id=ticket_id,
        vendor_metric=name,
        breached=breached,
        due_at=(breached_cycle or last).due,
        breached_at=breached_cycle.due if breached_cycle is not None else None,
        stopped_at=last.stop,
        events=tuple(events),
        where=sla.place,
    )


SOURCE = Source(
    name="jsm",
    title="Jira Service Management",
    defaults=DEFAULT_MAPPING,
    read=read_export,
    references=_REFERENCES,
)
"""The Jira Service Management source: ``slakit import jsm FILE...``."""
