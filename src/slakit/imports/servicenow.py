"""ServiceNow: incidents, their ``sys_audit`` history, and the ``task_sla`` records.

An export is several files, each a Table API response (``{"result": [...]}``,
JSON) or a list export (CSV); which table a file holds is told by its fields:

- **incident** (``number``, ``sys_id``, ``opened_at``, ``priority``, ``state``,
  ``hold_reason``; optionally ``caller_id.user_name``): one ticket each, by
  ``number``;
- **sys_audit** (``documentkey``, ``fieldname``, ``oldvalue``, ``newvalue``,
  ``user``, ``sys_created_on``): the history. Changes of ``state``,
  ``hold_reason`` and ``priority`` at one instant make one status or priority
  change; a ``comments`` entry (Additional comments, seen by the caller) is a
  public reply, a ``work_notes`` entry an internal one. ``incident_state``
  mirrors ``state`` and is not read. The first change of a field gives its
  value at opening (``oldvalue``; an empty one is the insert, whose
  ``newvalue`` is the value at opening);
- **task_sla** (``task``, ``sla``, ``stage``, ``has_breached``,
  ``start_time``, ``end_time``, ``planned_end_time``; optionally
  ``sla.target``): the vendor's verdicts.

Statuses are the incident's state, and for On Hold its hold reason:
``On Hold: Awaiting Caller`` pauses the resolution clock, other hold reasons
do not (waiting on a vendor or a change is the provider's time). sys_audit
holds actual values (``3``, ``1``); they are named with the labels the
incident export shows beside them (``sysparm_display_value=all``), else with
ServiceNow's base choice labels (state 1 New, 2 In Progress, 3 On Hold,
6 Resolved, 7 Closed, 8 Canceled; hold reason 1 Awaiting Caller, 3 Awaiting
Problem, 4 Awaiting Vendor, 5 Awaiting Change; priority 1 - Critical to
5 - Planning). A value with no label is named by its field and value
(``On Hold: hold_reason 6``), so a mapping file can still name it.

A mapping's ``priority_field`` (``u_severity``) takes the priority from that
field of the incident and its audits instead of ``priority``; its values are
named only by the labels the incident export shows.

The response is the first Additional comment by anyone but the caller (the
``caller_id.user_name`` of the incident, else ``sys_created_by``, the user who
opened it, as a self-service caller does). A task_sla's metric is its
``sla.target`` (``response``, ``resolution``) when the export has it, else its
SLA definition's name (map those in the mapping's ``[metrics]`` table). A
cancelled task_sla (ServiceNow cancels one when its conditions stop matching,
as after a priority change) is skipped and reported. The vendor's verdict:
breached when ``has_breached``, met when completed without, undecided
otherwise; deadline ``planned_end_time``; clock events ``started`` at
``start_time``, ``paused`` at ``pause_time`` (the start of its last pause, the
only one a task_sla keeps), ``breached`` at ``planned_end_time`` when
breached, ``fulfilled`` at ``end_time`` when completed.

**Timestamps.** Actual values (JSON with ``sysparm_display_value=false``, the
Table API's default, and the ``value`` of ``all``) are UTC. Display values (a
CSV list export, or JSON with ``sysparm_display_value=true``) are
``YYYY-MM-DD HH:MM:SS`` wall time in the time zone of the user who exported
them, which the file does not say: the mapping file must name it
(``timezone = "America/Chicago"``), and a wall time that zone repeats or skips
(the night the clocks change) is refused rather than guessed.

Field names and shapes follow ServiceNow's documentation:

- Table API (``sysparm_display_value``: actual values are UTC, display values in
  the user's time zone):
  https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html
- Task SLA table (``stage`` values, start, stop and breach times):
  https://www.servicenow.com/docs/r/it-service-management/service-level-management/r_TaskSLATable.html
- Sys Audit table (``tablename``, ``fieldname``, ``documentkey``, ``user``,
  ``oldvalue``, ``newvalue``; dates in UTC):
  https://www.servicenow.com/docs/r/platform-security/c_UnderstandingTheSysAuditTable.html
- Incident states and On Hold reasons:
  https://www.servicenow.com/docs/r/it-service-management/incident-management/c_IncidentManagementStateModel.html

>>> [SOURCE.defaults.status(f"On Hold: Awaiting {why}") for why in ("Caller", "Vendor")]
['paused', 'running']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from slakit._text import shown
from slakit._time import check_instant
from slakit.errors import DataFileError
from slakit.imports.export import Change, Draft, Export, RawVerdict
from slakit.imports.mapping import ResponseRule, SourceMapping
from slakit.imports.records import Record, csv_records, read_json
from slakit.imports.result import Skipped, clock_events
from slakit.imports.source import Source

__all__ = ["DEFAULT_MAPPING", "SOURCE", "read_export"]

DEFAULT_MAPPING = SourceMapping(
    source="servicenow",
    statuses={
        "New": "running",
        "In Progress": "running",
        "On Hold: Awaiting Caller": "paused",
        "On Hold: Awaiting Change": "running",
        "On Hold: Awaiting Problem": "running",
        "On Hold: Awaiting Vendor": "running",
        "Resolved": "resolved",
        "Closed": "resolved",
        "Canceled": "resolved",
    },
    priorities={
        "1 - Critical": "sev1",
        "2 - High": "sev2",
        "3 - Moderate": "sev3",
        "4 - Low": "sev4",
        "5 - Planning": "sev4",
    },
    metrics={"response": "response", "resolution": "resolution"},
    response=ResponseRule(public_only=True, requester_counts=False),
)
"""The default mapping: ServiceNow's base incident states, hold reasons and priorities."""

#: ServiceNow's base choice labels, for the actual values sys_audit holds.
BASE_LABELS: Mapping[str, Mapping[str, str]] = {
    "state": {
        "1": "New", "2": "In Progress", "3": "On Hold", "6": "Resolved", "7": "Closed",
        "8": "Canceled",
    },
    "hold_reason": {
        "1": "Awaiting Caller", "3": "Awaiting Problem", "4": "Awaiting Vendor",
        "5": "Awaiting Change",
    },
    "priority": {
        "1": "1 - Critical", "2": "2 - High", "3": "3 - Moderate", "4": "4 - Low",
        "5": "5 - Planning",
    },
}  # fmt: skip

_ON_HOLD = "3"
_STAGES = {
    "in progress": "running", "in_progress": "running", "paused": "running",
    "completed": "completed", "cancelled": "cancelled", "canceled": "cancelled",
    "breached": "breached",
}  # fmt: skip
_RAW_STAGES = frozenset({"in_progress", "paused", "completed", "cancelled", "breached"})
_WALL_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_REFERENCES = (
    "https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html",
    "https://www.servicenow.com/docs/r/it-service-management/service-level-management/"
    "r_TaskSLATable.html",
    "https://www.servicenow.com/docs/r/platform-security/c_UnderstandingTheSysAuditTable.html",
    "https://www.servicenow.com/docs/r/it-service-management/incident-management/"
    "c_IncidentManagementStateModel.html",
)

Table = Literal["incident", "sys_audit", "task_sla"]


class _Fields:
    """A record's fields as ServiceNow writes them: text, or ``{"value", "display_value"}``.

    ``display`` says whether plain text is a display value (a CSV list export,
    ``sysparm_display_value=true``); its timestamps are then wall time in
    ``zone`` (``None``: the mapping did not name one).
    """

    def __init__(self, record: Record, display: bool, zone: ZoneInfo | None) -> None:
        self.record, self.display, self.zone = record, display, zone

    def _pair(self, field: str) -> tuple[str, str]:
        """(actual value, display value) of a field; plain text is both."""
        value = self.record.get(field)
        if isinstance(value, Mapping):
            both = Record(self.record.file, f"{self.record.where}.{field}", value)
            actual, shown_ = both.text("value"), both.text("display_value")
            return actual or shown_, shown_ or actual
        text = self.record.text(field)
        return text, text

    def value(self, field: str) -> str:
        """The actual value (``3``), or the text the export has."""
        return self._pair(field)[0]

    def label(self, field: str) -> str:
        """The display value (``On Hold``), or the text the export has."""
        return self._pair(field)[1]

    def labels(self, field: str) -> tuple[str, str] | None:
        """(actual, display) when the export gives both apart (``sysparm_display_value=all``)."""
        value = self.record.get(field)
        if isinstance(value, Mapping):
            actual, shown_ = self._pair(field)
            if actual and shown_:
                return actual, shown_
        return None

    def instant(self, field: str) -> datetime | None:
        """A timestamp: UTC for an actual value, the mapping's zone for a display value."""
        value = self.record.get(field)
        where = f"{self.record.place}, field {field}"
        if isinstance(value, Mapping):
            text = self.value(field)
            return _actual_time(text, where) if text else None
        text = self.record.text(field)
        if not text:
            return None
        if not self.display:
            return _actual_time(text, where)
        return _wall_time(text, where, self.zone)

    def required_instant(self, field: str) -> datetime:
        value = self.instant(field)
        if value is None:
            raise self.record.error(field, "is missing or empty")
        return value


def _actual_time(text: str, where: str) -> datetime:
    """An actual value: ``yyyy-MM-dd HH:mm:ss`` in UTC, as the Table API writes it (any other
    shape is not from ServiceNow, and its zone would be a guess)."""
    value = _naive_time(text, where, ", UTC in actual values)")
    return check_instant(value.replace(tzinfo=UTC), where)


def _naive_time(text: str, where: str, rest: str) -> datetime:
    """The ``yyyy-MM-dd HH:mm:ss`` of a value, without a zone; ``rest`` ends the message
    that refuses another shape."""
    if not _WALL_TIME.fullmatch(text):
        raise DataFileError(
            f"{where}: {shown(text)} is not a ServiceNow date and time (yyyy-MM-dd HH:mm:ss{rest}"
        )
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise DataFileError(f"{where}: {shown(text)} is not a date and time") from None


def _wall_time(text: str, where: str, zone: ZoneInfo | None) -> datetime:
    """A display value's wall time in ``zone``; refused when the zone is unknown or the wall
    time is repeated or skipped there (a DST change)."""
    if zone is None:
        raise DataFileError(
            f"{where}: {shown(text)} is a display value, wall time in the time zone of the "
            "user who exported it, which the file does not say; name it in a mapping file "
            '(timezone = "America/Chicago"), or export actual values (JSON with '
            "sysparm_display_value=false or all), which are UTC"
        )
    wall = _naive_time(text, where, "); export with that date format, or export JSON actual values")
    first, second = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        what = "does not exist" if back != wall else "happens twice"
        raise DataFileError(
            f"{where}: {text} {what} in {zone.key} (the clocks change that night), so the "
            "instant is unclear; export actual values (JSON, sysparm_display_value=false or "
            "all), which are UTC"
        )
    return check_instant(first, where)


def _display_zone(mapping: SourceMapping) -> ZoneInfo | None:
    """The zone of display values, or ``None`` when the mapping does not name one."""
    return mapping.zone if mapping.timezone else None


def _records(path: Path) -> tuple[list[Record], bool]:
    """The records of one file and whether its plain text is display values (a CSV is)."""
    if path.suffix.lower() == ".csv":
        return csv_records(path), True
    value = read_json(path)
    if isinstance(value, Mapping) and "result" in value:
        items, base = value["result"], "result"
    elif isinstance(value, list):
        items, base = value, "records"
    else:
        raise DataFileError(
            f"{path}: not a ServiceNow export; expected a Table API response "
            '({"result": [...]}), a list of records, or a CSV list export'
        )
    if isinstance(items, Mapping):  # GET of one record
        items = [items]
    if not isinstance(items, list):
        raise DataFileError(f"{path}, {base}: {shown(items)} is not a list")
    records = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise DataFileError(f"{path}, {base}[{index}]: {shown(item)} is not an object")
        records.append(Record(str(path), f"{base}[{index}]", item))
    return records, False


_TELLS: tuple[tuple[Table, tuple[str, ...]], ...] = (
    ("sys_audit", ("documentkey", "fieldname")),
    ("task_sla", ("task", "stage")),
    ("incident", ("number", "opened_at")),
)


def _table(record: Record, known: Table | None = None) -> Table:
    """The table of ``record``, by its fields; ``known``: the table of its file so far."""
    keys = record.data.keys()
    if "documentkey" in keys and "fieldname" in keys:
        return "sys_audit"
    if "task" in keys and ("stage" in keys or "has_breached" in keys):
        return "task_sla"
    if "number" in keys and "opened_at" in keys:
        return "incident"
    # A record of a known table (by its file, or one of its two telling fields) that lacks
    # the other: name the missing field, not just the record.
    for table, fields in _TELLS:
        present = [name for name in fields if name in keys]
        if table == "task_sla" and "has_breached" in keys:
            present.append("stage")
        if table == known or present:
            missing = next(name for name in fields if name not in present)
            raise record.error(
                missing,
                f"is missing or empty; {'an' if table == 'incident' else 'a'} {table} record "
                f"has {' and '.join(fields)}",
            )
    raise DataFileError(
        f"{record.place}: not an incident (number, opened_at), sys_audit (documentkey, "
        "fieldname) or task_sla (task, stage) record"
    )


class _Incident:
    """One incident record: its number, sys_id, opening and current values."""

    def __init__(self, fields: _Fields) -> None:
        record = fields.record
        self.fields = fields
        self.number = fields.value("number")
        if not self.number:
            raise record.error("number", "is missing or empty")
        self.sys_id = fields.value("sys_id")
        self.opened = fields.required_instant("opened_at")
        self.caller = fields.value("caller_id.user_name") or fields.value("sys_created_by")
        self.where = record.place


def read_export(paths: Sequence[Path], mapping: SourceMapping) -> Export:
    """The incidents of the export files as drafts, and their task_sla verdicts.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "incident.csv"
    >>> path.write_text("number,opened_at,priority,state\\n"
    ...                 "INC0010001,2026-10-05 09:00:00,1 - Critical,New\\n") and None
    >>> read_export([path], DEFAULT_MAPPING)
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../incident.csv, row 2, field opened_at: '2026-10-05 09:00:00' \
is a display value, wall time in the time zone of the user who exported it, ...

    Raises:
        DataFileError: a file is not a ServiceNow export, or a record lacks a field it needs
            or has one of the wrong shape; names the file, the record and the field.
    """
    zone = _display_zone(mapping)
    tables: dict[Table, list[_Fields]] = {"incident": [], "sys_audit": [], "task_sla": []}
    for path in paths:
        records, display = _records(path)
        known: Table | None = None  # the file's table, once a record has told it
        for record in records:
            table = known = _table(record, known)
            tables[table].append(_Fields(record, display or _shows_labels(table, record), zone))
    # The fields read, by what they are to slakit: a custom priority field's values have no
    # base labels (only those the export shows).
    priority_field = mapping.priority_field.strip() or "priority"
    names = {"state": "state", "hold_reason": "hold_reason", priority_field: "priority"}
    labels = {field: dict(values) for field, values in BASE_LABELS.items()}
    labels.setdefault(priority_field, {})
    incidents: list[_Incident] = []
    for fields in tables["incident"]:
        incidents.append(_Incident(fields))
        for field in names:
            pair = fields.labels(field)
            if pair is not None:
                labels[field][pair[0]] = pair[1]
    by_key = {incident.sys_id: incident for incident in incidents if incident.sys_id}
    audits: dict[str, list[_Fields]] = {incident.number: [] for incident in incidents}
    skipped: list[Skipped] = []
    for fields in tables["sys_audit"]:
        record = fields.record
        if record.text("tablename") not in ("", "incident"):
            continue  # another table's history: not a ticket of this import
        key = record.required("documentkey")
        owner = by_key.get(key)
        if owner is None:
            skipped.append(Skipped(
                where=record.place,
                reason=f"a sys_audit record of {key}, which is not in the incident export",
            ))  # fmt: skip
            continue
        audits[owner.number].append(fields)
    drafts: list[Draft] = []
    for incident in incidents:
        draft = _draft(incident, audits[incident.number], labels, names)
        if isinstance(draft, Skipped):
            skipped.append(draft)
        else:
            drafts.append(draft)
    numbers = {incident.sys_id: incident.number for incident in incidents}
    verdicts: list[RawVerdict] = []
    for fields in tables["task_sla"]:
        found = _verdict(fields, numbers)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            verdicts.append(found)
    return Export(tuple(drafts), tuple(verdicts), tuple(skipped))


def _shows_labels(table: Table, record: Record) -> bool:
    """Whether a JSON record of plain text holds display values (``sysparm_display_value=true``):
    its choice fields show labels (``On Hold``) instead of values (``3``)."""
    if table == "incident":
        state = record.get("state")
        return isinstance(state, str) and bool(state.strip()) and not state.strip().isdigit()
    if table == "task_sla":
        stage = record.get("stage")
        return isinstance(stage, str) and bool(stage.strip()) and stage not in _RAW_STAGES
    return False  # sys_audit: the Table API's default, actual values


def _label(labels: Mapping[str, Mapping[str, str]], field: str, value: str) -> str:
    """The label of a choice value (``3``: ``On Hold``). Text that is no number is a label
    already (a display-value export); a number with no label is named ``field value``."""
    if not value:
        return ""
    known = labels[field].get(value)
    if known:
        return known
    return value if not value.isdigit() else f"{field} {value}"


def _status(state: str, hold: str, labels: Mapping[str, Mapping[str, str]]) -> str:
    """The status name of a state and hold reason (actual values): ``On Hold: Awaiting Caller``."""
    name = _label(labels, "state", state)
    if hold and (state == _ON_HOLD or name.casefold() == "on hold"):
        return f"{name}: {_label(labels, 'hold_reason', hold)}"
    return name


def _draft(
    incident: _Incident,
    audits: list[_Fields],
    labels: Mapping[str, Mapping[str, str]],
    names: Mapping[str, str],
) -> Draft | Skipped:
    """One incident as a draft; ``names`` maps the audited fields read to what they are
    (``state``, ``hold_reason``, ``priority``)."""
    fields = incident.fields
    priority_field = next(field for field, meaning in names.items() if meaning == "priority")
    history = sorted(
        ((audit.required_instant("sys_created_on"), audit) for audit in audits),
        key=lambda pair: pair[0],
    )
    # The value of each tracked field at opening: the first change's old value, or the
    # new value of an insert (an empty old value).
    current: dict[str, str] = {}
    inserted: set[int] = set()
    for _, audit in history:
        field = names.get(audit.record.text("fieldname"), "")
        if field and field not in current:
            old = audit.record.text("oldvalue")
            if old:
                current[field] = old
            else:
                current[field] = audit.record.text("newvalue")
                inserted.add(id(audit))
    if "state" not in current:
        state_now = fields.value("state")
        if _label(labels, "state", state_now).casefold() not in ("", "new"):
            return Skipped(
                where=incident.where,
                reason=(
                    f"incident {incident.number} is {_label(labels, 'state', state_now)} but the "
                    "export has no sys_audit history of its state; export its sys_audit records "
                    f"(documentkey {incident.sys_id})"
                ),
                ticket_id=incident.number,
            )
        current["state"] = state_now
    current.setdefault("priority", fields.value(priority_field))
    current.setdefault("hold_reason", "")
    priority = _label(labels, priority_field, current["priority"]) or None
    status = _status(current["state"], current["hold_reason"], labels)
    opening_status = status
    changes: list[Change] = []
    for at, group in groupby(history, key=lambda pair: pair[0]):
        before_priority = current["priority"]
        place = incident.where
        for _, audit in group:
            record = audit.record
            field = record.text("fieldname")
            if field in names:
                field = names[field]
                place = record.place
                if id(audit) not in inserted:
                    current[field] = record.text("newvalue")
            elif field in ("comments", "work_notes"):
                if not incident.caller:
                    raise fields.record.error(
                        "caller_id.user_name",
                        "is missing, and so is sys_created_by; without the caller's user "
                        "name the caller's comments and the agents' look alike",
                    )
                changes.append(Change(
                    at, "reply", public=field == "comments",
                    by_requester=bool(incident.caller) and record.text("user") == incident.caller,
                    where=record.place,
                ))  # fmt: skip
        if current["priority"] != before_priority and current["priority"]:
            changes.append(Change(
                at, "priority", _label(labels, priority_field, current["priority"]), where=place
            ))  # fmt: skip
        now = _status(current["state"], current["hold_reason"], labels)
        if now != status and now:
            changes.append(Change(at, "status", now, where=place))
            status = now
    return Draft(
        incident.number,
        incident.opened,
        priority,
        opening_status or None,
        tuple(changes),
        incident.where,
    )


def _flag(fields: _Fields, field: str) -> bool | None:
    """A true/false field (text in ServiceNow's exports); ``None`` when absent or empty."""
    value = fields.record.get(field)
    if isinstance(value, bool):
        return value
    text = fields.value(field).casefold()
    if not text:
        return None
    if text not in ("true", "false"):
        raise fields.record.error(field, f"{shown(fields.value(field))} is not true or false")
    return text == "true"


def _verdict(fields: _Fields, numbers: Mapping[str, str]) -> RawVerdict | Skipped:
    record = fields.record
    task = fields.label("task") or fields.value("task")
    if not task:
        raise record.error("task", "is missing or empty")
    ticket = numbers.get(fields.value("task"), task)
    metric = fields.value("sla.target") or fields.label("sla")
    if not metric:
        raise record.error("sla", "is missing or empty (and there is no sla.target)")
    stage_text = fields.value("stage")
    stage = _STAGES.get(stage_text.casefold())
    if stage is None:
        raise record.error(
            "stage",
            f"{shown(stage_text)} is not a task_sla stage; ServiceNow's are In progress, "
            "Paused, Completed, Cancelled (and Breached, on the 2010 SLA engine)",
        )
    if stage == "cancelled":
        return Skipped(
            where=record.place,
            reason=(
                f"the {fields.label('sla') or metric} SLA of {ticket} was cancelled (ServiceNow "
                "cancels an SLA when its conditions stop matching, as after a priority change)"
            ),
            ticket_id=ticket,
        )
    flag = _flag(fields, "has_breached")
    if flag is None:
        raise record.error("has_breached", "is missing; it says whether the SLA breached")
    breached = flag or stage == "breached"
    start = fields.required_instant("start_time")
    due = fields.instant("planned_end_time")
    stop = fields.instant("end_time") if stage == "completed" else None
    if breached and due is None:
        raise record.error("planned_end_time", "is missing; the SLA breached")
    if stage == "completed" and stop is None:
        raise record.error("end_time", "is missing; the SLA is completed")
    timeline: list[tuple[datetime, str]] = [(start, "started")]
    paused = fields.instant("pause_time")
    if paused is not None:
        # ServiceNow keeps the start of the last pause only (not when it ended).
        timeline.append((paused, "paused"))
    if breached and due is not None:
        timeline.append((due, "breached"))
    if stop is not None:
        timeline.append((stop, "fulfilled"))
    return RawVerdict(
        ticket_id=ticket,
        vendor_metric=metric,
        breached=True if breached else (False if stage == "completed" else None),
        due_at=due,
        breached_at=due if breached else None,
        stopped_at=stop,
        events=clock_events(timeline, record.place),
        where=record.place,
    )


SOURCE = Source(
    name="servicenow",
    title="ServiceNow",
    defaults=DEFAULT_MAPPING,
    read=read_export,
    references=_REFERENCES,
)
"""The ServiceNow source: ``slakit import servicenow FILE...``."""
