"""Jira Service Management exports: the fixture round-trips through import, evaluate and
reconcile, with every expected value worked out by hand from the contract's text.

The fixture (tests/fixtures/jsm/issues.json) is a search result with the changelog
expanded, written to the shapes Atlassian documents. The contract is KMP Standard served
from Dublin: 12x5 (06:00-18:00 Europe/Dublin, Monday to Friday), Irish public holidays;
Sev1 response 1h and resolution 8h on the wall clock (24x7); Sev2 response 4h and
resolution 48h in business time; Sev3 response 12h; Sev4 response 48h. Irish Summer Time
(+01:00) ends on Sunday 25 October 2026; Monday 26 October 2026 is the October bank
holiday.
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
from slakit.imports.jsm import DEFAULT_MAPPING, SOURCE, read_export
from slakit.imports.result import ImportResult
from slakit.reconcile import reconcile

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jsm"
EXPORT = FIXTURES / "issues.json"
MAPPING = FIXTURES / "mapping.toml"
NOW = datetime(2026, 10, 29, 12, 0, tzinfo=UTC)  # when the export was taken
CONTRACT = Contract(
    id="kmp-standard-dublin",
    framework="kmp",
    tier="standard",
    region="dublin",
    monthly_fee="USD 4,000",
    billing_timezone="Europe/Dublin",
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def imported() -> ImportResult:
    return SOURCE.import_files([EXPORT], MAPPING)


def events(result: ImportResult, ticket_id: str) -> list[tuple[str, str]]:
    """A ticket's events as (kind[:severity], UTC instant) pairs."""
    return [
        (
            event.kind.value + (f":{event.severity.value}" if event.severity else ""),
            event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        )
        for event in result.ticket(ticket_id).events
    ]


def test_each_issue_becomes_a_ticket_with_its_history() -> None:
    result = imported()
    assert [(t.id, t.severity.value, t.contract) for t in result.tickets] == [
        ("SUP-1", "SEV2", "kmp-standard-dublin"),
        ("SUP-2", "SEV1", "kmp-standard-dublin"),  # "Critical (P1)", from the fixture's mapping
        ("SUP-3", "SEV2", "kmp-standard-dublin"),
        ("SUP-4", "SEV3", "kmp-standard-dublin"),  # Medium at opening, High now
        ("SUP-5", "SEV1", "kmp-standard-dublin"),
        ("SUP-6", "SEV4", "kmp-standard-dublin"),
    ]
    assert result.ticket("SUP-1").opened_at == utc("2026-10-05T09:00:00+01:00")
    # SUP-1: the internal note at 09:30 is no reply; the public one at 11:00 is; Waiting for
    # customer 11:00-14:00 (+01:00); the customer's own comment at 14:00 is no reply.
    assert events(result, "SUP-1") == [
        ("paused", "2026-10-05 10:00"),
        ("responded", "2026-10-05 10:00"),
        ("resumed", "2026-10-05 13:00"),
        ("resolved", "2026-10-05 15:00"),
    ]
    # SUP-2: internal note at 22:10 (+01:00) ignored; public reply at 23:20.
    assert events(result, "SUP-2") == [
        ("paused", "2026-10-14 22:20"),
        ("responded", "2026-10-14 22:20"),
        ("resumed", "2026-10-15 07:00"),
        ("resolved", "2026-10-15 09:00"),
    ]
    assert events(result, "SUP-3") == [
        ("responded", "2026-10-27 06:30"),
        ("resolved", "2026-10-27 10:00"),
    ]
    # SUP-4: the priority change; the unknown status leaves the clock running; reopened.
    assert events(result, "SUP-4") == [
        ("responded", "2026-10-06 09:20"),
        ("severity_changed:SEV2", "2026-10-06 11:00"),
        ("resolved", "2026-10-06 16:00"),
        ("reopened", "2026-10-07 08:00"),
        ("resolved", "2026-10-07 10:00"),
    ]
    # SUP-5: the customer's comment at 08:10 is no reply; the agent's (no jsdPublic: public).
    assert events(result, "SUP-5") == [("responded", "2026-10-29 08:40")]
    assert events(result, "SUP-6") == []


def test_unknown_statuses_are_reported_with_a_count_not_mapped() -> None:
    report = imported().report
    assert [(item.kind, item.name, item.count, item.tickets) for item in report.unknown] == [
        ("status", "Awaiting approval", 2, ("SUP-4", "SUP-6")),
    ]
    assert report.skipped == ()
    assert report.dropped == ()


def test_a_custom_priority_name_the_mapping_lacks_skips_its_ticket_and_says_so() -> None:
    result = SOURCE.import_files([EXPORT])  # the defaults: no "Critical (P1)"
    assert "SUP-2" not in [ticket.id for ticket in result.tickets]
    unknown = [(item.kind, item.name, item.count) for item in result.report.unknown]
    assert ("priority", "Critical (P1)", 1) in unknown
    reasons = [item.reason for item in result.report.skipped if item.ticket_id == "SUP-2"]
    assert "priority 'Critical (P1)' is not in the [priorities] table" in reasons[0]
    assert len(reasons) == 3  # the ticket and its two SLA verdicts


def verdict(result: ImportResult, ticket_id: str, metric: str) -> tuple[Any, ...]:
    [found] = [v for v in result.verdicts_of(ticket_id) if v.metric.value == metric]
    return (
        found.vendor_metric,
        found.breached,
        found.due_at.astimezone(UTC) if found.due_at else None,
        [(event.kind.value, event.at.astimezone(UTC)) for event in found.events],
    )


def test_the_sla_fields_are_the_vendors_verdicts() -> None:
    result = imported()
    assert len(result.verdicts) == 10  # SUP-6 has no SLA fields
    assert verdict(result, "SUP-3", "response") == (
        "Time to first response",
        True,
        utc("2026-10-26T07:00:00Z"),
        [
            ("started", utc("2026-10-23T14:00:00Z")),
            ("breached", utc("2026-10-26T07:00:00Z")),
            ("fulfilled", utc("2026-10-27T06:30:00Z")),
        ],
    )
    # Two completed cycles (reopened): met, the deadline the last cycle's.
    assert verdict(result, "SUP-4", "resolution") == (
        "Time to resolution",
        False,
        utc("2026-10-13T09:00:00+01:00"),
        [
            ("started", utc("2026-10-06T09:00:00Z")),
            ("fulfilled", utc("2026-10-06T16:00:00Z")),
            ("reopened", utc("2026-10-07T08:00:00Z")),
            ("fulfilled", utc("2026-10-07T10:00:00Z")),
        ],
    )
    # An ongoing cycle, not breached: undecided.
    assert verdict(result, "SUP-5", "resolution")[:3] == (
        "Time to resolution",
        None,
        utc("2026-10-29T16:00:00Z"),
    )
    assert verdict(result, "SUP-2", "response")[1] is True


# slakit's own verdicts, by hand from the contract (business hours 06:00-18:00 Dublin time):
# SUP-1 (Sev2) response 09:00 -> 11:00 = 2h <= 4h, met, due 13:00 (+01:00) = 12:00Z.
#   resolution: 09:00-11:00 and 14:00-16:00 = 4h <= 48h, met. Due: Mon 06h left that day
#   (09-11, 14-18), Tue 12h, Wed 12h, Thu 12h = 42h, Fri 06:00 + 6h = Fri 9 Oct 12:00 (+01:00).
# SUP-2 (Sev1, 24x7) response 22:00 -> 23:20 = 1h20m > 1h: breached at 23:00 (+01:00) = 22:00Z.
#   resolution: 22:00-23:20 (1h20m) + 08:00-10:00 (2h) = 3h20m <= 8h, met; due 22:00 + 8h +
#   the 8h40m paused = Thu 15 Oct 14:40 (+01:00).
# SUP-3 (Sev2) opened Fri 23 Oct 15:00 (+01:00): Fri 15-18 = 3h; Mon 26 is a holiday; Tue
#   06:00 (GMT now) + 30m: response 3h30m <= 4h, met, due Tue 27 Oct 07:00Z. Resolution Fri 3h +
#   Tue 06-10 4h = 7h, met; due Fri 3h, Tue 12, Wed 12, Thu 12 = 39h, Fri 30 Oct 06:00 + 9h =
#   15:00Z.
# SUP-4 (Sev3 -> Sev2 at 12:00) response 20m <= 12h, met (stopped before the change), due Tue
#   10-18 8h + Wed 06:00 + 4h = 10:00 (+01:00). Resolution (Sev2 48h, retargeted from the
#   opening): Tue 10-17 7h + Wed 09-11 2h = 9h, met.
# SUP-5 (Sev1) response 40m, met; resolution at 12:00Z: 4h of 8h, running, due 16:00Z.
# SUP-6 (Sev4) response at 12:00Z: 09:00-12:00 = 3h of 48h, running; due Thu 9h, Fri 12h, Mon 12h,
#   Tue 12h = 45h, Wed 4 Nov 06:00 + 3h = 09:00Z.
EXPECTED = {
    ("SUP-1", "response"): (True, "2026-10-05T12:00:00Z"),
    ("SUP-1", "resolution"): (True, "2026-10-09T11:00:00Z"),
    ("SUP-2", "response"): (False, "2026-10-14T22:00:00Z"),
    ("SUP-2", "resolution"): (True, "2026-10-15T13:40:00Z"),
    ("SUP-3", "response"): (True, "2026-10-27T07:00:00Z"),
    ("SUP-3", "resolution"): (True, "2026-10-30T15:00:00Z"),
    ("SUP-4", "response"): (True, "2026-10-07T09:00:00Z"),
    ("SUP-5", "response"): (True, "2026-10-29T09:00:00Z"),
    ("SUP-5", "resolution"): (None, "2026-10-29T16:00:00Z"),
    ("SUP-6", "response"): (None, "2026-11-04T09:00:00Z"),
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
    sup2 = evaluate(result.ticket("SUP-2"), CONTRACT, NOW).response
    assert sup2.breached_at == utc("2026-10-14T22:00:00Z")
    sup4 = evaluate(result.ticket("SUP-4"), CONTRACT, NOW).resolution
    assert (sup4.met, sup4.elapsed) == (True, timedelta(hours=9))


# The planted disagreement: the vendor's SLA calendar has no holidays, so it counted Monday
# 26 October (the October bank holiday) as a working day. SUP-3's first response: vendor Fri
# 15:00-18:00 (+01:00) 3h + Mon 06:00-07:00 GMT 1h = 4h used up at Mon 07:00Z, breached
# (elapsed 15h30m by Tue 06:30); slakit: Fri 3h + Tue 06:00-06:30 = 3h30m, met, due Tue 07:00Z.
# Every other verdict agrees (SUP-2's late response is breached on both sides; SUP-5's running
# resolution is breached on neither). The rule at stake is KMP's "Sev2 response over 4 hours:
# USD 2,500": the vendor's breach passes it (threshold 4h = target), slakit's clock does not.


def test_reconcile_finds_and_explains_the_holiday_the_vendor_ignored() -> None:
    result = imported()
    report = reconcile(result.tickets, result.verdicts, CONTRACT, NOW)
    assert [
        (row.metric.value, row.compared, row.agreed, str(row.rate)) for row in report.summary
    ] == [
        ("response", 5, 4, "80.00"),
        ("resolution", 5, 5, "100.00"),
    ]
    [item] = report.disagreements
    assert (item.ticket_id, item.metric.value, item.vendor_metric, item.severity.value) == (
        "SUP-3",
        "response",
        "Time to first response",
        "SEV2",
    )
    assert (item.slakit_breached, item.vendor_breached) == (False, True)
    assert (item.slakit_due_at, item.vendor_due_at) == (
        utc("2026-10-27T07:00:00Z"),
        utc("2026-10-26T07:00:00Z"),
    )
    assert item.divergence is not None
    assert item.divergence.at == utc("2026-10-26T07:00:00Z")
    assert item.divergence.vendor is not None and item.divergence.vendor.kind.value == "breached"
    assert "closed on 2026-10-26 (October Bank Holiday)" in item.divergence.explanation
    assert (str(item.slakit_credit), str(item.vendor_credit)) == ("USD 0.00", "USD 2,500.00")
    assert report.credits is not None
    assert str(report.credits.difference) == "USD 2,500.00"


# -- bad exports: clear errors naming the file, the record and the field ----------------------


def broken(tmp_path: Path, change: Callable[[dict[str, Any]], object]) -> Path:
    """The fixture with ``change`` applied to its parsed JSON, written to a new file."""
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def issue(data: dict[str, Any], index: int) -> dict[str, Any]:
    found: dict[str, Any] = data["issues"][index]
    return found


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: issue(data, 0).pop("changelog"),
            r"issues\[0\], field changelog: is missing; export the issues with expand=changelog",
        ),
        (
            lambda data: issue(data, 3)["changelog"].update(total=130),
            r"issues\[3\]\.changelog, field histories: holds 7 of the 130 entries of issue "
            r"SUP-4's changelog \(Jira returned one page\); fetch them all \(GET "
            r"/rest/api/2/issue/SUP-4/changelog\)",
        ),
        (
            lambda data: issue(data, 1)["fields"].update(created="15/Oct/26 10:00 PM"),
            r"issues\[1\]\.fields, field created: '15/Oct/26 10:00 PM' is not a timestamp",
        ),
        (
            # Jira writes an offset; a time without one is never taken as UTC.
            lambda data: issue(data, 1)["fields"].update(created="2026-10-14T22:00:00.000"),
            r"issues\[1\]\.fields, field created: '2026-10-14T22:00:00.000' has no UTC offset",
        ),
        (
            lambda data: issue(data, 0)["fields"]["comment"]["comments"][1].pop("author"),
            r"issues\[0\]\.fields\.comment\.comments\[1\], field author: is missing; without it "
            r"an agent's reply and the customer's look alike",
        ),
        (
            lambda data: issue(data, 0)["changelog"]["histories"][0]["items"][0].pop("toString"),
            r"histories\[0\]\.items\[0\], field toString: is missing; the new status",
        ),
        (
            lambda data: issue(data, 2)["fields"]["customfield_10030"]["completedCycles"][0].pop(
                "startTime"
            ),
            r"issues\[2\]\.fields\.customfield_10030\.completedCycles\[0\], field startTime: "
            r"is missing",
        ),
        (
            lambda data: issue(data, 2)["fields"]["customfield_10030"]["completedCycles"][0][
                "breachTime"
            ].update(epochMillis=1793001600000),
            r"completedCycles\[0\], field breachTime: epochMillis \(2026-10-26T08:00:00\+00:00\) "
            r"and the instant written beside it \(2026-10-26T07:00:00\+00:00\) disagree",
        ),
        (
            lambda data: issue(data, 4)["fields"]["customfield_10031"]["ongoingCycle"].update(
                breached="maybe"
            ),
            r"ongoingCycle, field breached: 'maybe' is not true or false",
        ),
        (
            lambda data: issue(data, 0).pop("key"),
            r"issues\[0\], field key: is missing or empty",
        ),
    ],
)
def test_a_bad_export_names_the_file_the_record_and_the_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    path = broken(tmp_path, change)
    with pytest.raises(DataFileError, match=f"^{path}, .*{message}"):
        SOURCE.import_files([path], MAPPING)


def test_a_file_that_is_not_a_jira_export_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"result": []}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"other\.json: not a Jira export"):
        read_export([path], DEFAULT_MAPPING)
    path.write_text('{"issues": [7]}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"other\.json, issues\[0\]: 7 is not an object"):
        read_export([path], DEFAULT_MAPPING)


def test_one_issue_or_a_list_of_issues_reads_the_same(tmp_path: Path) -> None:
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    single = tmp_path / "SUP-3.json"
    single.write_text(json.dumps(data["issues"][2]), encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(data["issues"]), encoding="utf-8")
    whole = imported()
    assert SOURCE.import_files([single], MAPPING).tickets == (whole.ticket("SUP-3"),)
    assert SOURCE.import_files([listed], MAPPING).tickets == whole.tickets


def test_an_internal_comment_made_public_would_answer(tmp_path: Path) -> None:
    """The internal note is what keeps SUP-2's response late: flip it and the reply is 22:10."""

    def public(data: dict[str, Any]) -> None:
        issue(data, 1)["fields"]["comment"]["comments"][0]["jsdPublic"] = True

    result = SOURCE.import_files([broken(tmp_path, public)], MAPPING)
    assert events(result, "SUP-2")[0] == ("responded", "2026-10-14 21:10")


def test_an_sla_that_never_started_is_reported_not_lost(tmp_path: Path) -> None:
    def empty(data: dict[str, Any]) -> None:
        issue(data, 0)["fields"]["customfield_10030"]["completedCycles"] = []

    result = SOURCE.import_files([broken(tmp_path, empty)], MAPPING)
    reasons = [item.reason for item in result.report.skipped]
    assert reasons == [
        "the Time to first response SLA of issue SUP-1 has no cycle (it never started)"
    ]


def test_a_first_change_without_a_from_value_means_none_at_opening(tmp_path: Path) -> None:
    """SUP-4's priority at opening is its first change's fromString, not the priority now."""

    def no_from(data: dict[str, Any]) -> None:
        item = issue(data, 3)["changelog"]["histories"][1]["items"][0]
        item["from"] = item["fromString"] = None

    result = SOURCE.import_files([broken(tmp_path, no_from)], MAPPING)
    assert "SUP-4" not in [ticket.id for ticket in result.tickets]
    [why] = [item.reason for item in result.report.skipped if item.ticket_id == "SUP-4"][:1]
    assert why.startswith("the ticket has no priority")


def test_the_command_imports_and_reconciles_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "imported"
    assert main(["import", "jsm", str(EXPORT), "--mapping", str(MAPPING), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "imported 6 tickets, 16 events and 10 vendor verdicts" in err
    assert "unknown status 'Awaiting approval' (2 times)" in err
    contract = tmp_path / "kmp-standard-dublin.toml"
    contract.write_text(
        'framework = "kmp"\ntier = "standard"\nregion = "dublin"\nmonthly_fee = "USD 4,000"\n',
        encoding="utf-8",
    )
    now = "2026-10-29T12:00:00Z"
    args = ["reconcile", str(out), "--contract", str(contract), "--now", now, "--format", "csv"]
    assert main(args) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2  # the header and SUP-3's response
    assert rows[1].startswith("SUP-3,response,Time to first response,SEV2,false,true,")


def test_a_custom_priority_field_named_by_the_mapping(tmp_path: Path) -> None:
    """priority_field: SUP-4's severity comes from its "Severity" select list, not Priority."""

    def severity_field(data: dict[str, Any]) -> None:
        sup4 = issue(data, 3)
        sup4["fields"]["customfield_10050"] = {"id": "10021", "value": "Sev 1"}
        sup4["changelog"]["histories"][2]["items"].append(
            {
                "field": "Severity",
                "fieldtype": "custom",
                "fieldId": "customfield_10050",
                "from": "10023",
                "fromString": "Sev 3",
                "to": "10021",
                "toString": "Sev 1",
            }
        )
        issue(data, 5)["fields"]["customfield_10050"] = {"id": "10024", "value": "Sev 4"}

    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        'priority_field = "customfield_10050"\n'
        '[priorities]\n"Sev 1" = "sev1"\n"Sev 3" = "sev3"\n"Sev 4" = "sev4"\n',
        encoding="utf-8",
    )
    result = SOURCE.import_files([broken(tmp_path, severity_field)], mapping)
    # The Priority change (Medium to High at 11:00Z) is not read; the Severity one (13:00 +01:00).
    assert result.ticket("SUP-4").severity.value == "SEV3"
    assert [e for e in events(result, "SUP-4") if e[0].startswith("severity")] == [
        ("severity_changed:SEV1", "2026-10-06 12:00")
    ]
    assert result.ticket("SUP-6").severity.value == "SEV4"  # the field's current value
    # Issues without the field have no priority: skipped, and said so.
    assert "SUP-1" not in [ticket.id for ticket in result.tickets]
