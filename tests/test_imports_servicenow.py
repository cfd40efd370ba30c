"""ServiceNow exports: the fixture round-trips through import, evaluate and reconcile, with
every expected value worked out by hand from the contract's text.

The fixture (tests/fixtures/servicenow/) is three files written to the shapes ServiceNow
documents: incidents.json (Table API, sysparm_display_value=all: values in UTC beside
display values), sys_audit.json (Table API, actual values, UTC) and task_sla.csv (a list
export: display values, wall time of the exporting user in America/Chicago, which the
fixture's mapping names). The contract is KMP Premier served from Austin: 12x5 (06:00-18:00
America/Chicago, Monday to Friday), US federal holidays (Columbus Day, Monday 12 October
2026, is one); Sev1 response 15m and resolution 4h on the wall clock (24x7); Sev2 response
2h and resolution 24h in business time; Sev3 response 8h; Sev4 response 24h and resolution
5 business days (60h). Central Daylight Time is UTC-5 throughout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from slakit import Contract, evaluate
from slakit.cli import main
from slakit.errors import DataFileError
from slakit.imports.mapping import load_mapping
from slakit.imports.result import ImportResult
from slakit.imports.servicenow import DEFAULT_MAPPING, SOURCE, read_export
from slakit.reconcile import reconcile

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "servicenow"
INCIDENTS = FIXTURES / "incidents.json"
AUDIT = FIXTURES / "sys_audit.json"
SLAS = FIXTURES / "task_sla.csv"
MAPPING = FIXTURES / "mapping.toml"
NOW = datetime(2026, 10, 9, 22, 0, tzinfo=UTC)  # Friday 17:00 CDT, when the export was taken
CONTRACT = Contract(
    id="kmp-premier-austin",
    framework="kmp",
    tier="premier",
    region="austin",
    monthly_fee="USD 20,000",
    billing_timezone="America/Chicago",
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def imported(*files: Path) -> ImportResult:
    return SOURCE.import_files(list(files or (INCIDENTS, AUDIT, SLAS)), MAPPING)


def events(result: ImportResult, ticket_id: str) -> list[tuple[str, str]]:
    """A ticket's events as (kind[:severity], UTC instant) pairs."""
    return [
        (
            event.kind.value + (f":{event.severity.value}" if event.severity else ""),
            event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        )
        for event in result.ticket(ticket_id).events
    ]


def test_each_incident_becomes_a_ticket_with_its_audit_history() -> None:
    result = imported()
    assert [(t.id, t.severity.value, t.contract) for t in result.tickets] == [
        ("INC0010001", "SEV2", "kmp-premier-austin"),
        ("INC0010002", "SEV1", "kmp-premier-austin"),
        ("INC0010003", "SEV1", "kmp-premier-austin"),
        ("INC0010004", "SEV3", "kmp-premier-austin"),  # 3 - Moderate at opening, 2 - High now
        ("INC0010005", "SEV4", "kmp-premier-austin"),
    ]
    assert result.ticket("INC0010001").opened_at == utc("2026-10-05T09:00:00-05:00")
    # INC0010001: the work note at 14:10Z is internal; the comment at 14:20Z answers; On Hold
    # (Awaiting Caller) 15:00-19:00Z; the caller's own comment at 19:00Z is no reply.
    assert events(result, "INC0010001") == [
        ("responded", "2026-10-05 14:20"),
        ("paused", "2026-10-05 15:00"),
        ("resumed", "2026-10-05 19:00"),
        ("resolved", "2026-10-05 21:00"),
    ]
    # INC0010002: On Hold, Awaiting Vendor, 15:00-19:00Z does not pause.
    assert events(result, "INC0010002") == [
        ("responded", "2026-10-06 14:10"),
        ("resolved", "2026-10-06 20:00"),
    ]
    # INC0010003: the work note at 07:05Z is no reply; the comment at 08:30Z is.
    assert events(result, "INC0010003") == [
        ("responded", "2026-10-07 08:30"),
        ("resolved", "2026-10-07 10:00"),
    ]
    assert events(result, "INC0010004") == [
        ("responded", "2026-10-08 15:30"),
        ("severity_changed:SEV2", "2026-10-08 17:00"),
        ("paused", "2026-10-08 18:00"),
        ("resumed", "2026-10-08 19:00"),
        ("resolved", "2026-10-09 17:00"),
    ]
    # INC0010005: On Hold with the instance's own hold reason: unknown, the clock runs.
    assert events(result, "INC0010005") == [("responded", "2026-10-09 16:30")]


def test_unknown_statuses_and_unusable_records_are_reported() -> None:
    report = imported().report
    assert [(item.kind, item.name, item.count, item.tickets) for item in report.unknown] == [
        # The label comes from the incident export's display value for hold_reason 6.
        ("status", "On Hold: Awaiting Evidence", 1, ("INC0010005",)),
    ]
    assert [(item.where.rsplit("/", 1)[-1], item.ticket_id) for item in report.skipped] == [
        ("task_sla.csv, row 9", "INC0010004"),  # the cancelled P3 resolution SLA
        ("task_sla.csv, row 13", "INC0009998"),  # an incident the export does not hold
    ]
    assert "was cancelled" in report.skipped[0].reason
    assert "not in the export" in report.skipped[1].reason


def verdict(result: ImportResult, ticket_id: str, metric: str) -> tuple[Any, ...]:
    [found] = [v for v in result.verdicts_of(ticket_id) if v.metric.value == metric]
    return (
        found.breached,
        found.due_at.astimezone(UTC) if found.due_at else None,
        found.stopped_at.astimezone(UTC) if found.stopped_at else None,
    )


def test_the_task_sla_records_are_the_vendors_verdicts() -> None:
    result = imported()
    assert len(result.verdicts) == 10
    # Wall times of the CSV, read in America/Chicago (UTC-5).
    assert verdict(result, "INC0010002", "resolution") == (
        False,
        utc("2026-10-06T22:00:00Z"),
        utc("2026-10-06T20:00:00Z"),
    )
    assert verdict(result, "INC0010003", "response") == (
        False,
        utc("2026-10-07T07:15:00Z"),
        utc("2026-10-07T07:05:00Z"),
    )
    # Restarted at the priority change: the P2 SLA, started at 12:00 CDT; its last pause
    # (the only one a task_sla keeps) began at 13:00 CDT.
    [p2] = [v for v in result.verdicts_of("INC0010004") if v.metric.value == "resolution"]
    assert [(e.kind.value, e.at.astimezone(UTC)) for e in p2.events] == [
        ("started", utc("2026-10-08T17:00:00Z")),
        ("paused", utc("2026-10-08T18:00:00Z")),
        ("fulfilled", utc("2026-10-09T17:00:00Z")),
    ]
    assert verdict(result, "INC0010005", "resolution") == (None, utc("2026-10-19T16:00:00Z"), None)


# slakit's own verdicts, by hand from the contract (business hours 06:00-18:00 CDT = 11:00-23:00Z):
# INC0010001 (Sev2) response 20m <= 2h, met, due 09:00 + 2h = 11:00 CDT = 16:00Z. Resolution
#   09-10 + 14-16 CDT = 3h <= 24h, met; due: Mon 09-10 and 14-18 = 5h, Tue 12h = 17h, Wed
#   06:00 + 7h = 13:00 CDT = 18:00Z on 7 Oct.
# INC0010002 (Sev1, 24x7) response 10m <= 15m, met. Resolution: Awaiting Vendor does not
#   pause: 09:00-15:00 CDT = 6h > 4h, breached at 09:00 + 4h = 13:00 CDT = 18:00Z.
# INC0010003 (Sev1) response 02:00 -> 03:30 CDT = 1h30m > 15m: breached at 02:15 CDT = 07:15Z.
#   Resolution 3h <= 4h, met, due 06:00 CDT = 11:00Z.
# INC0010004 (Sev3 -> Sev2 at 12:00 CDT, retargeted from the opening) response 30m, met.
#   Resolution: Thu 10-13 + 14-18 = 7h, Fri 06-12 = 6h: 13h <= 24h, met; due Thu 7h + Fri 12h =
#   19h, Mon 12 Oct is Columbus Day, Tue 06:00 + 5h = 11:00 CDT = 16:00Z on 13 Oct.
# INC0010005 (Sev4) response 30m, met. Resolution at 17:00 CDT Friday: 11:00-17:00 = 6h of
#   60h, running (the unknown status changes nothing); due Fri 7h, (Columbus Day), Tue, Wed,
#   Thu, Fri 12h each = 55h, Mon 19 Oct 06:00 + 5h = 11:00 CDT = 16:00Z.
EXPECTED = {
    ("INC0010001", "response"): (True, "2026-10-05T16:00:00Z"),
    ("INC0010001", "resolution"): (True, "2026-10-07T18:00:00Z"),
    ("INC0010002", "response"): (True, "2026-10-06T14:15:00Z"),
    ("INC0010002", "resolution"): (False, "2026-10-06T18:00:00Z"),
    ("INC0010003", "response"): (False, "2026-10-07T07:15:00Z"),
    ("INC0010003", "resolution"): (True, "2026-10-07T11:00:00Z"),
    ("INC0010004", "resolution"): (True, "2026-10-13T16:00:00Z"),
    ("INC0010005", "resolution"): (None, "2026-10-19T16:00:00Z"),
}


def test_slakit_recomputes_each_metric_from_the_raw_history() -> None:
    result = imported()
    for (ticket_id, metric), (met, due) in EXPECTED.items():
        status = getattr(evaluate(result.ticket(ticket_id), CONTRACT, NOW), metric)
        assert (ticket_id, metric, status.met, status.due_at) == (
            ticket_id,
            metric,
            met,
            utc(due),
        )
    late = evaluate(result.ticket("INC0010002"), CONTRACT, NOW).resolution
    assert (late.breached_at, late.elapsed) == (utc("2026-10-06T18:00:00Z"), timedelta(hours=6))
    running = evaluate(result.ticket("INC0010005"), CONTRACT, NOW).resolution
    assert running.elapsed == timedelta(hours=6)


# The planted disagreements:
# - INC0010002, resolution: the vendor's SLA pauses on any On Hold, so Awaiting Vendor
#   (10:00-14:00 CDT) did not count: 2h used, met, deadline 17:00 CDT. The contract pauses
#   only while waiting on the customer: 6h > 4h, breached at 13:00 CDT = 18:00Z. The clocks
#   part at 10:00 CDT = 15:00Z, where the vendor's paused. KMP owes no credit on resolution.
# - INC0010003, response: the vendor's response SLA stopped when the agent took the incident
#   (In Progress, with a work note) at 02:05 CDT = 07:05Z; the caller heard nothing until
#   03:30 CDT: 1h30m > 15m, breached at 07:15Z; and over the 1h of KMP's "Sev1 response over
#   1 hour: USD 5,000", which slakit's clock owes and the vendor's does not.
# Every other verdict agrees.


def test_reconcile_finds_the_pause_and_the_response_the_vendor_counted() -> None:
    result = imported()
    report = reconcile(result.tickets, result.verdicts, CONTRACT, NOW)
    assert [
        (row.metric.value, row.compared, row.agreed, str(row.rate)) for row in report.summary
    ] == [
        ("response", 5, 4, "80.00"),
        ("resolution", 5, 4, "80.00"),
    ]
    found = [
        (
            item.ticket_id,
            item.metric.value,
            item.slakit_breached,
            item.vendor_breached,
            item.slakit_due_at,
            item.vendor_due_at,
        )
        for item in report.disagreements
    ]
    assert found == [
        ("INC0010002", "resolution", True, False, utc("2026-10-06T18:00:00Z"),
         utc("2026-10-06T22:00:00Z")),
        ("INC0010003", "response", True, False, utc("2026-10-07T07:15:00Z"),
         utc("2026-10-07T07:15:00Z")),
    ]  # fmt: skip
    paused, answered = (item.divergence for item in report.disagreements)
    assert paused is not None and answered is not None
    assert paused.at == utc("2026-10-06T15:00:00Z")
    assert paused.vendor is not None and paused.vendor.kind.value == "paused"
    assert answered.at == utc("2026-10-07T07:05:00Z")
    assert answered.vendor is not None and answered.vendor.kind.value == "fulfilled"
    pause_item, response_item = report.disagreements
    assert (pause_item.slakit_credit, pause_item.vendor_credit) == (None, None)
    assert (str(response_item.slakit_credit), str(response_item.vendor_credit)) == (
        "USD 5,000.00",
        "USD 0.00",
    )
    assert report.credits is not None
    assert str(report.credits.difference) == "USD -5,000.00"


# -- timestamps: UTC actual values, display values in the named zone, ambiguity refused -------


def test_display_values_need_the_exporting_users_time_zone() -> None:
    with pytest.raises(
        DataFileError,
        match=r"task_sla\.csv, row 2, field start_time: '2026-10-05 09:00:00' is a display "
        r"value, wall time in the time zone of the user who exported it, which the file does "
        r'not say; name it in a mapping file \(timezone = "America/Chicago"\)',
    ):
        SOURCE.import_files([INCIDENTS, AUDIT, SLAS])  # the defaults name no zone
    # Actual values alone (UTC) need none.
    result = SOURCE.import_files([INCIDENTS, AUDIT])
    assert result.ticket("INC0010002").opened_at == utc("2026-10-06T14:00:00Z")


def sla_csv(tmp_path: Path, start: str) -> Path:
    path = tmp_path / "task_sla.csv"
    path.write_text(
        "task,sla,sla.target,stage,has_breached,start_time,end_time,planned_end_time\n"
        f"INC0010001,P2 response (2 hours),response,In progress,false,{start},,"
        "2026-11-02 11:00:00\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("start", "message"),
    [
        # Central time falls back at 02:00 on Sunday 1 November 2026: 01:30 happens twice.
        ("2026-11-01 01:30:00", "2026-11-01 01:30:00 happens twice in America/Chicago"),
        # and springs forward at 02:00 on Sunday 8 March 2026: 02:30 does not exist.
        ("2026-03-08 02:30:00", "2026-03-08 02:30:00 does not exist in America/Chicago"),
        ("05/10/2026 09:00", r"'05/10/2026 09:00' is not a ServiceNow date and time"),
    ],
)
def test_a_wall_time_the_zone_repeats_or_skips_is_refused(
    tmp_path: Path, start: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=rf"task_sla\.csv, row 2, field start_time: {message}"):
        SOURCE.import_files([INCIDENTS, AUDIT, sla_csv(tmp_path, start)], MAPPING)


def test_plain_json_of_display_values_is_read_as_display_values(tmp_path: Path) -> None:
    """sysparm_display_value=true: labels for choices, wall time for dates."""
    data = json.loads(INCIDENTS.read_text(encoding="utf-8"))
    plain = [
        {key: value["display_value"] for key, value in item.items()} for item in data["result"]
    ]
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps({"result": plain}), encoding="utf-8")
    result = SOURCE.import_files([path, AUDIT, SLAS], MAPPING)
    assert result.tickets == imported().tickets
    with pytest.raises(DataFileError, match=r"result\[0\], field opened_at: .* is a display value"):
        SOURCE.import_files([path, AUDIT])


def test_plain_json_of_actual_values_is_utc(tmp_path: Path) -> None:
    """sysparm_display_value=false, the Table API's default: values for choices, UTC dates."""
    data = json.loads(INCIDENTS.read_text(encoding="utf-8"))
    plain = [{key: value["value"] for key, value in item.items()} for item in data["result"]]
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps({"result": plain}), encoding="utf-8")
    result = SOURCE.import_files([path, AUDIT, SLAS], MAPPING)
    assert result.ticket("INC0010001") == imported().ticket("INC0010001")
    # Without the display labels, hold reason 6 has no name but its value.
    assert [item.name for item in result.report.unknown] == ["On Hold: hold_reason 6"]


def test_a_mapping_file_can_name_the_instances_own_hold_reason(tmp_path: Path) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(
        MAPPING.read_text(encoding="utf-8") + '\n[statuses]\n"On Hold: Awaiting Evidence" = '
        '"paused"\n',
        encoding="utf-8",
    )
    result = SOURCE.import_files([INCIDENTS, AUDIT, SLAS], load_mapping(DEFAULT_MAPPING, path))
    assert events(result, "INC0010005")[-1] == ("paused", "2026-10-09 17:00")
    assert result.report.unknown == ()


# -- bad exports: clear errors naming the file, the record and the field ----------------------


def edited(tmp_path: Path, source: Path, change: Callable[[list[dict[str, Any]]], object]) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data["result"])
    path = tmp_path / source.name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "change", "message"),
    [
        (
            INCIDENTS,
            lambda records: records[1].pop("number"),
            # The file's other records are incidents: the missing field is named.
            r"incidents\.json, result\[1\], field number: is missing or empty; an incident "
            r"record has number and opened_at",
        ),
        (
            INCIDENTS,
            lambda records: records[0].pop("opened_at"),
            r"incidents\.json, result\[0\], field opened_at: is missing or empty; an incident",
        ),
        (
            AUDIT,
            lambda records: records[0].pop("fieldname"),
            r"sys_audit\.json, result\[0\], field fieldname: is missing or empty; a sys_audit",
        ),
        (
            INCIDENTS,
            lambda records: records[1]["opened_at"].update(value="yesterday"),
            r"incidents\.json, result\[1\], field opened_at: 'yesterday' is not a ServiceNow "
            r"date and time \(yyyy-MM-dd HH:mm:ss, UTC in actual values\)",
        ),
        (
            # ISO 8601 is no ServiceNow value: refused, not read as UTC.
            INCIDENTS,
            lambda records: records[1]["opened_at"].update(value="2026-10-06T14:00"),
            r"incidents\.json, result\[1\], field opened_at: '2026-10-06T14:00' is not a "
            r"ServiceNow date and time",
        ),
        (
            AUDIT,
            lambda records: records[3].update(sys_created_on="2026-10-05 25:00:00"),
            r"sys_audit\.json, result\[3\], field sys_created_on: '2026-10-05 25:00:00' is not "
            r"a date and time$",
        ),
        (
            AUDIT,
            lambda records: records[3].update(sys_created_on=""),
            r"sys_audit\.json, result\[3\], field sys_created_on: is missing or empty",
        ),
        (
            AUDIT,
            lambda records: records[3].update(documentkey=""),
            r"sys_audit\.json, result\[3\], field documentkey: is missing or empty",
        ),
    ],
)
def test_a_bad_export_names_the_file_the_record_and_the_field(
    tmp_path: Path,
    source: Path,
    change: Callable[[list[dict[str, Any]]], object],
    message: str,
) -> None:
    path = edited(tmp_path, source, change)
    files = [path if item.name == path.name else item for item in (INCIDENTS, AUDIT, SLAS)]
    with pytest.raises(DataFileError, match=f"^{tmp_path}/{message}"):
        SOURCE.import_files(files, MAPPING)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("stage", "Frozen", r"field stage: 'Frozen' is not a task_sla stage"),
        ("has_breached", "perhaps", r"field has_breached: 'perhaps' is not true or false"),
        ("has_breached", "", r"field has_breached: is missing"),
        ("start_time", "", r"field start_time: is missing or empty"),
        ("task", "", r"field task: is missing or empty; a task_sla record has task and stage"),
        ("end_time", "", r"field end_time: is missing; the SLA is completed"),
    ],
)
def test_a_bad_task_sla_row_names_its_row_and_column(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    lines = SLAS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = value
    path = tmp_path / "task_sla.csv"
    path.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"^{path}, row 2, {message}"):
        SOURCE.import_files([INCIDENTS, AUDIT, path], MAPPING)


def test_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"issues": []}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"other\.json: not a ServiceNow export"):
        read_export([path], DEFAULT_MAPPING)


def test_an_incident_without_state_history_is_skipped_and_said_so(tmp_path: Path) -> None:
    def only_first(records: list[dict[str, Any]]) -> None:
        records[:] = [r for r in records if r["documentkey"] != records[12]["documentkey"]]

    path = edited(tmp_path, AUDIT, only_first)
    result = SOURCE.import_files([INCIDENTS, path, SLAS], MAPPING)
    assert "INC0010002" not in [ticket.id for ticket in result.tickets]
    [why] = [item.reason for item in result.report.skipped if item.where.endswith("result[1]")]
    assert why.startswith("incident INC0010002 is Resolved but the export has no sys_audit history")


def test_audit_records_of_other_incidents_are_reported(tmp_path: Path) -> None:
    def stranger(records: list[dict[str, Any]]) -> None:
        records.append({**records[0], "documentkey": "f" * 32})

    result = SOURCE.import_files([INCIDENTS, edited(tmp_path, AUDIT, stranger), SLAS], MAPPING)
    reasons = [item.reason for item in result.report.skipped]
    assert f"a sys_audit record of {'f' * 32}, which is not in the incident export" in reasons


def test_a_csv_list_export_of_incidents_reads_as_the_json_does(tmp_path: Path) -> None:
    """A list export holds display values: labels, and wall time in the user's zone."""
    data = json.loads(INCIDENTS.read_text(encoding="utf-8"))["result"]
    columns = ["number", "sys_id", "opened_at", "priority", "state", "hold_reason"]
    with pytest.raises(
        DataFileError,
        match=r"incident\.csv, row 2, field caller_id\.user_name: is missing, and so is "
        r"sys_created_by; without the caller's user name",
    ):
        SOURCE.import_files([csv_file(tmp_path, data, columns), AUDIT, SLAS], MAPPING)
    columns.append("caller_id.user_name")
    result = SOURCE.import_files([csv_file(tmp_path, data, columns), AUDIT, SLAS], MAPPING)
    assert result.tickets == imported().tickets


def csv_file(tmp_path: Path, data: list[dict[str, Any]], columns: list[str]) -> Path:
    rows = [",".join(columns)] + [
        ",".join(item[column]["display_value"] for column in columns) for item in data
    ]
    path = tmp_path / "incident.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_task_sla_from_the_table_api_with_display_values_all(tmp_path: Path) -> None:
    """sysparm_display_value=all: references and choices as {display_value, value}, UTC values."""
    incident = json.loads(INCIDENTS.read_text(encoding="utf-8"))["result"][2]  # INC0010003

    def pair(value: str, display: str) -> dict[str, str]:
        return {"display_value": display, "value": value}

    record = {
        "task": {**pair(incident["sys_id"]["value"], "INC0010003"), "link": "https://x/api"},
        "sla": {**pair("0d8e9f", "P1 response (15 minutes)"), "link": "https://x/api"},
        "sla.target": pair("response", "Response"),
        "stage": pair("completed", "Completed"),
        "has_breached": pair("false", "false"),
        "start_time": pair("2026-10-07 07:00:00", "2026-10-07 02:00:00"),
        "end_time": pair("2026-10-07 07:05:00", "2026-10-07 02:05:00"),
        "planned_end_time": pair("2026-10-07 07:15:00", "2026-10-07 02:15:00"),
        "pause_time": pair("", ""),
    }
    path = tmp_path / "task_sla.json"
    path.write_text(json.dumps({"result": [record]}), encoding="utf-8")
    result = SOURCE.import_files([INCIDENTS, AUDIT, path])  # no zone needed: values are UTC
    [found] = result.verdicts
    assert (found.ticket_id, found.metric.value, found.breached) == (
        "INC0010003",
        "response",
        False,
    )
    assert (found.due_at, found.stopped_at) == (
        utc("2026-10-07T07:15:00Z"),
        utc("2026-10-07T07:05:00Z"),
    )


def test_an_incident_without_history_takes_its_values_as_exported(tmp_path: Path) -> None:
    """A New incident with no sys_audit records: its priority label as the CSV shows it, even
    one this instance renamed."""
    path = tmp_path / "incident.csv"
    path.write_text(
        "number,sys_id,opened_at,priority,state,sys_created_by\n"
        "INC0020001,abc,2026-10-09 16:00:00,P1 - Outage,New,beth.anglin\n",
        encoding="utf-8",
    )
    result = SOURCE.import_files([path], MAPPING)
    assert result.tickets == ()
    assert [(item.kind, item.name) for item in result.report.unknown] == [
        ("priority", "P1 - Outage")
    ]
    path.write_text(path.read_text().replace("P1 - Outage", "1 - Critical"), encoding="utf-8")
    [ticket] = SOURCE.import_files([path], MAPPING).tickets
    assert (ticket.id, ticket.severity.value, ticket.events) == ("INC0020001", "SEV1", ())
    assert ticket.opened_at == utc("2026-10-09T21:00:00Z")


def test_the_command_imports_and_reconciles_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "imported"
    files = [str(INCIDENTS), str(AUDIT), str(SLAS)]
    args = ["import", "servicenow", *files, "--mapping", str(MAPPING), "--out", str(out)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "imported 5 tickets, 14 events and 10 vendor verdicts" in err
    assert "unknown status 'On Hold: Awaiting Evidence' (1 time)" in err
    contract = tmp_path / "kmp-premier-austin.toml"
    contract.write_text(
        'framework = "kmp"\ntier = "premier"\nregion = "austin"\nmonthly_fee = "USD 20,000"\n',
        encoding="utf-8",
    )
    now = "2026-10-09T22:00:00Z"
    assert main(["reconcile", str(out), "--contract", str(contract), "--now", now]) == 0
    table = capsys.readouterr().out
    assert "2 disagreement(s)" in table
    assert "ticket INC0010002, resolution" in table
    assert "ticket INC0010003, response" in table
    assert "difference USD -5,000.00" in table


def test_a_custom_priority_field_named_by_the_mapping(tmp_path: Path) -> None:
    """priority_field = "u_severity": INC0010004's severity from its own field and audits."""

    def severity(records: list[dict[str, Any]]) -> None:
        for record in records:
            label = "Sev 1 - Outage" if record["number"]["value"] == "INC0010004" else "Sev 4"
            value = "1" if label.startswith("Sev 1") else "4"
            record["u_severity"] = {"display_value": label, "value": value}

    def audited(records: list[dict[str, Any]]) -> None:
        raised = ("priority", "3", "2")  # INC0010004's priority change
        key = next(
            r["documentkey"]
            for r in records
            if (r["fieldname"], r["oldvalue"], r["newvalue"]) == raised
        )
        records.append({
            **records[0], "documentkey": key, "fieldname": "u_severity", "oldvalue": "3",
            "newvalue": "1", "sys_created_on": "2026-10-08 16:00:00",
        })  # fmt: skip

    incidents = edited(tmp_path, INCIDENTS, severity)
    audit = edited(tmp_path, AUDIT, audited)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8") + 'priority_field = "u_severity"\n'
        '[priorities]\n"Sev 1 - Outage" = "sev1"\n"Sev 4" = "sev4"\n',
        encoding="utf-8",
    )
    result = SOURCE.import_files([incidents, audit, SLAS], mapping)
    # Value 3 of u_severity has no label (the export shows only the current one): unknown,
    # so INC0010004 (3 at opening) is skipped; the priority field's own changes are not read.
    assert "INC0010004" not in [ticket.id for ticket in result.tickets]
    unknown = [(item.kind, item.name, item.count) for item in result.report.unknown]
    assert ("priority", "u_severity 3", 1) in unknown
    assert result.ticket("INC0010001").severity.value == "SEV4"
    assert [e for e in events(result, "INC0010001") if e[0].startswith("severity")] == []
    # A mapping file can name the unlabelled value as the report shows it.
    mapping.write_text(mapping.read_text(encoding="utf-8") + '"u_severity 3" = "sev3"\n')
    result = SOURCE.import_files([incidents, audit, SLAS], mapping)
    assert result.ticket("INC0010004").severity.value == "SEV3"
    assert [e for e in events(result, "INC0010004") if e[0].startswith("severity")] == [
        ("severity_changed:SEV1", "2026-10-08 16:00")
    ]


def test_a_mapping_that_names_utc_reads_display_values_as_utc(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('timezone = "UTC"\n', encoding="utf-8")
    result = SOURCE.import_files([INCIDENTS, AUDIT, SLAS], mapping)
    [found] = [v for v in result.verdicts_of("INC0010003") if v.metric.value == "response"]
    assert found.due_at == utc("2026-10-07T02:15:00Z")  # the CSV's wall time, read as UTC
