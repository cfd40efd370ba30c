"""The Zendesk importer, on a small export written to the shapes of the Zendesk REST API.

The fixture (tests/fixtures/zendesk/) is the export of one customer, Acme, on KMP Standard
served from Dublin (12x5, 06:00-18:00 Europe/Dublin, Irish holidays; in March 2026 Dublin is
on UTC until the 29th). Expected values are worked out by hand from the contract text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from slakit import evaluate
from slakit.cli import main
from slakit.data_files import read_tickets
from slakit.errors import DataFileError
from slakit.imports.files import write_import
from slakit.imports.zendesk import DEFAULT_MAPPING, SOURCE, import_zendesk, read_export
from slakit.policy_files import load_contract
from slakit.reconcile import reconcile
from slakit.sla import SlaEventKind

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "zendesk"
EXPORT = [FIXTURES / name for name in ("tickets.json", "audits.json", "ticket_metric_events.json")]
NOW = "2026-03-31T00:00:00Z"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def kinds(ticket_events: object) -> list[tuple[str, datetime]]:
    return [(event.kind.value, event.at) for event in ticket_events]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def imported():  # type: ignore[no-untyped-def]
    return import_zendesk(EXPORT)


def test_tickets_and_their_events(imported) -> None:  # type: ignore[no-untyped-def]
    tickets = {ticket.id: ticket for ticket in imported.tickets}
    assert sorted(tickets) == ["201", "202", "203", "204"]
    assert [tickets[t].severity.value for t in ("201", "202", "203", "204")] == [
        "SEV2", "SEV1", "SEV3", "SEV1",
    ]  # fmt: skip
    # 201: the requester's description is not a reply; the agent's first public reply is.
    assert kinds(tickets["201"].events) == [("responded", at(18, 7, 30)), ("resolved", at(18, 12))]
    # 202: on hold (a pause by the default mapping) 10:00-14:00.
    assert kinds(tickets["202"].events) == [
        ("responded", at(18, 9, 40)), ("paused", at(18, 10)), ("resumed", at(18, 14)),
        ("resolved", at(18, 18)),
    ]  # fmt: skip
    # 203: created without a priority, "normal" set at 10:20 applies from the opening; the
    # private note at 10:20 is not the response, the public reply at 11:00 is; pending then
    # open (the requester's answer, which is no response either).
    assert kinds(tickets["203"].events) == [
        ("responded", at(19, 11)), ("paused", at(19, 11)), ("resumed", at(20, 9)),
        ("resolved", at(20, 15)),
    ]  # fmt: skip
    # 204: the private note at 08:30 (its author only on the audit) does not count; solved
    # then closed: one resolution.
    assert kinds(tickets["204"].events) == [("responded", at(23, 9, 30)), ("resolved", at(23, 10))]
    assert tickets["204"].opened_at == at(23, 8)


def test_the_report_names_what_was_left_out(imported) -> None:  # type: ignore[no-untyped-def]
    report = imported.report
    assert (report.tickets, report.events, report.verdicts) == (4, 12, 9)
    assert [(item.kind, item.name, item.count, item.tickets) for item in report.unknown] == [
        ("metric", "next_reply_time", 1, ("204",)),
        ("metric", "pausable_update_time", 1, ("203",)),
    ]
    assert [(item.ticket_id, item.reason.split(",")[0]) for item in report.skipped] == [
        ("205", "the export has no audits of this ticket"),
        ("206", "a deleted ticket"),
    ]
    assert report.dropped == ()
    assert "skipped" in report.text() and "next_reply_time" in report.text()


def test_the_vendor_verdicts(imported) -> None:  # type: ignore[no-untyped-def]
    verdicts = {(v.ticket_id, v.vendor_metric): v for v in imported.verdicts}
    assert sorted(verdicts) == [
        ("201", "reply_time"), ("201", "requester_wait_time"),
        ("202", "agent_work_time"), ("202", "reply_time"), ("202", "requester_wait_time"),
        ("203", "reply_time"), ("203", "requester_wait_time"),
        ("204", "reply_time"), ("204", "requester_wait_time"),
    ]  # fmt: skip
    reply = verdicts["201", "reply_time"]
    assert (reply.metric.value, reply.breached, reply.due_at, reply.stopped_at) == (
        "response", True, at(17, 8), at(18, 7, 30),
    )  # fmt: skip
    # A deleted breach is the deadline that was not reached: met.
    wait = verdicts["201", "requester_wait_time"]
    assert (wait.metric.value, wait.breached, wait.due_at) == ("resolution", False, at(20, 16))
    work = verdicts["202", "agent_work_time"]
    assert [event.kind for event in work.events] == [
        SlaEventKind.STARTED, SlaEventKind.PAUSED, SlaEventKind.RESUMED, SlaEventKind.FULFILLED,
    ]  # fmt: skip
    # The SLA applied when the priority was set, after the clock started: a retarget.
    late = verdicts["203", "reply_time"]
    assert [(e.kind.value, e.at) for e in late.events] == [
        ("started", at(19, 10)), ("retargeted", at(19, 10, 20)), ("fulfilled", at(19, 11)),
    ]  # fmt: skip


def test_round_trip_through_the_files_evaluate_and_reconcile(
    imported,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "import"
    write_import(imported, folder)
    tickets = read_tickets(folder / "tickets.csv", folder / "events.csv")
    assert tuple(tickets) == imported.tickets
    contract = load_contract(FIXTURES / "contract.toml")
    status = {ticket.id: evaluate(ticket, contract, NOW) for ticket in tickets}
    # 201 (SEV2, response 4 business hours): Monday 16:00-18:00 is 2 h, Tuesday 17 March is
    # St Patrick's Day (closed), Wednesday 06:00-07:30 is 1.5 h: 3.5 h, met; due Wed 08:00.
    assert status["201"].response.met is True
    assert status["201"].response.due_at == at(18, 8)
    # 202 (SEV1, resolution 8 h 24x7): 09:00-10:00 and 14:00-18:00 are 5 h: met, due 21:00.
    assert status["202"].resolution.met is True
    assert status["202"].resolution.due_at == at(18, 21)
    # 204 (SEV1, response 1 h 24x7): answered publicly at 09:30, 1.5 h: breached at 09:00.
    assert status["204"].response.breached is True
    assert status["204"].response.breached_at == at(23, 9)

    result = reconcile(tickets, imported.verdicts, contract, NOW)
    found = [(d.ticket_id, d.vendor_metric) for d in result.disagreements]
    assert found == [("201", "reply_time"), ("202", "requester_wait_time")]
    holiday, hold = result.disagreements
    # The holiday the vendor's schedule ignored: Zendesk breached Tuesday 08:00.
    assert (holiday.slakit_breached, holiday.vendor_breached) == (False, True)
    assert (holiday.slakit_due_at, holiday.vendor_due_at) == (at(18, 8), at(17, 8))
    assert holiday.divergence is not None
    assert holiday.divergence.at == at(17, 8)
    assert "Saint Patrick's Day" in holiday.divergence.explanation
    # KMP: a SEV2 response over 4 h owes USD 2,500; the target is 4 h, so Zendesk's breach
    # would owe it; slakit's clock owes nothing.
    assert (str(holiday.slakit_credit), str(holiday.vendor_credit)) == (
        "USD 0.00", "USD 2,500.00",
    )  # fmt: skip
    # The pause the vendor did not count: requester_wait_time runs on hold.
    assert hold.divergence is not None
    assert hold.divergence.slakit is not None and hold.divergence.vendor is not None
    assert (hold.divergence.slakit.kind, hold.divergence.slakit.at) == (
        SlaEventKind.PAUSED, at(18, 10),
    )  # fmt: skip
    assert (hold.divergence.vendor.kind, hold.divergence.vendor.at) == (
        SlaEventKind.BREACHED, at(18, 17),
    )  # fmt: skip
    # No per-incident rule on resolution: nothing at stake there.
    assert hold.slakit_credit is None and hold.vendor_credit is None
    summary = {
        row.metric.value: (row.compared, row.agreed, str(row.rate)) for row in result.summary
    }
    assert summary == {"response": (4, 3, "75.00"), "resolution": (5, 4, "80.00")}
    assert result.credits is not None
    assert str(result.credits.difference) == "USD 2,500.00"


def test_a_custom_priority_field_with_its_own_values() -> None:
    result = import_zendesk([FIXTURES / "custom_priority.json"], FIXTURES / "mapping_custom.toml")
    [ticket] = result.tickets
    assert (ticket.id, ticket.severity.value, ticket.contract) == ("301", "SEV2", "acme-standard")
    assert kinds(ticket.events) == [
        ("responded", datetime(2026, 3, 24, 10, 45, tzinfo=UTC)),
        ("severity_changed", datetime(2026, 3, 24, 10, 45, tzinfo=UTC)),
        ("resolved", datetime(2026, 3, 24, 13, tzinfo=UTC)),
    ]
    assert ticket.events[1].severity is not None and ticket.events[1].severity.value == "SEV1"
    [unknown] = result.report.unknown
    assert (unknown.kind, unknown.name, unknown.count) == ("priority", "sev_5_cosmetic", 1)
    [skipped] = result.report.skipped
    assert skipped.ticket_id == "302" and "sev_5_cosmetic" in skipped.reason


def test_without_the_mapping_the_custom_values_are_skipped_and_counted() -> None:
    # The default mapping reads Zendesk's own priority field: these tickets have none
    # at creation (301) or set "low" only on the ticket, never in an audit (302).
    result = import_zendesk([FIXTURES / "custom_priority.json"])
    assert result.tickets == ()
    assert {item.ticket_id for item in result.report.skipped} == {"301", "302"}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def ticket_with(events: list[dict[str, object]]) -> dict[str, object]:
    return {
        "tickets": [{"id": 1, "created_at": "2026-03-02T09:00:00Z", "requester_id": 7}],
        "audits": [{"id": 10, "ticket_id": 1, "created_at": "2026-03-02T09:00:00Z",
                    "author_id": 7, "events": events}],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "not a Zendesk export; expected a JSON object with any of tickets"),
        ({"tickets": {"id": 1}}, "tickets: {'id': 1} is not a list"),
        ({"tickets": [{"created_at": "2026-03-02T09:00:00Z"}]}, "tickets[0], field id: is missing"),
        ({"tickets": [{"id": 1}]}, "tickets[0], field created_at: is missing or empty"),
        (
            {"tickets": [{"id": 1, "created_at": "2026-03-02"}]},
            "tickets[0], field created_at: '2026-03-02' is not a timestamp",
        ),
        (
            {
                "tickets": [{"id": 1, "created_at": "2026-03-02T09:00:00Z"}],
                "audits": [{"id": 1, "ticket_id": 1, "events": []}],
            },
            "audits[0], field created_at: is missing or empty",
        ),
        (
            ticket_with([{"id": 1, "type": "Create", "field_name": "status", "value": ["a"]}]),
            "audits[0].events[0], field value: is a list",
        ),
        (
            {
                "ticket_metric_events": [
                    {"id": 1, "ticket_id": 1, "metric": "reply_time", "type": "activate"}
                ]
            },
            "ticket_metric_events[0], field time: is missing or empty",
        ),
    ],
)
def test_bad_exports_name_file_record_and_field(tmp_path: Path, data: object, message: str) -> None:
    path = write(tmp_path, data)
    with pytest.raises(DataFileError) as error:
        read_export([path], DEFAULT_MAPPING)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_the_description_needs_no_public_flag_but_a_reply_does(tmp_path: Path) -> None:
    data = ticket_with(
        [
            {"id": 1, "type": "Create", "field_name": "priority", "value": "high"},
            {"id": 3, "type": "Comment", "author_id": 7, "body": "the description"},
        ]
    )
    assert len(read_export([write(tmp_path, data)], DEFAULT_MAPPING).drafts) == 1
    data["audits"].append(  # type: ignore[attr-defined]
        {"id": 11, "ticket_id": 1, "created_at": "2026-03-02T10:00:00Z", "author_id": 5,
         "events": [{"id": 2, "type": "Comment", "author_id": 5, "body": "hi"}]}
    )  # fmt: skip
    with pytest.raises(DataFileError, match=r"audits\[1\]\.events\[0\], field public: is missing"):
        read_export([write(tmp_path, data)], DEFAULT_MAPPING)


def test_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"tickets": [\n  {"id": 1,}\n]}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken.json, line 2, column \d+: not valid JSON"):
        read_export([path], DEFAULT_MAPPING)


def test_audits_of_tickets_not_in_the_export_are_skipped(tmp_path: Path) -> None:
    data = ticket_with([{"id": 1, "type": "Create", "field_name": "priority", "value": "low"}])
    data["audits"].append(  # type: ignore[attr-defined]
        {"id": 12, "ticket_id": 99, "created_at": "2026-03-02T10:00:00Z", "events": []}
    )
    result = SOURCE.import_files([write(tmp_path, data)])
    assert [t.id for t in result.tickets] == ["1"]
    assert [(s.ticket_id, s.reason) for s in result.report.skipped] == [
        ("99", "an audit of ticket 99, which is not in the export's tickets")
    ]


def test_a_metric_without_an_sla_policy_has_no_verdict(tmp_path: Path) -> None:
    data = ticket_with([{"id": 1, "type": "Create", "field_name": "priority", "value": "low"}])
    data["ticket_metric_events"] = [
        {"id": 1, "ticket_id": 1, "metric": "reply_time", "instance_id": 1, "type": "activate",
         "time": "2026-03-02T09:00:00Z"},
    ]  # fmt: skip
    assert SOURCE.import_files([write(tmp_path, data)]).verdicts == ()


def test_audits_of_one_instant_follow_their_ids(tmp_path: Path) -> None:
    # Two audits stamped the same second, listed out of order: pending (id 9) then open
    # (id 10), by their ids; as text "10" would sort before "9".
    data = ticket_with([{"id": 1, "type": "Create", "field_name": "priority", "value": "low"}])
    for audit_id, status in ((10, "open"), (9, "pending")):
        data["audits"].append(  # type: ignore[attr-defined]
            {"id": audit_id, "ticket_id": 1, "created_at": "2026-03-02T10:00:00Z",
             "author_id": 5, "events": [{"id": audit_id, "type": "Change",
                                         "field_name": "status", "value": status}]}
        )  # fmt: skip
    [draft] = read_export([write(tmp_path, data)], DEFAULT_MAPPING).drafts
    assert [change.value for change in draft.changes] == ["pending", "open"]


def test_verdicts_of_a_ticket_without_audits_are_skipped_with_it(tmp_path: Path) -> None:
    data = ticket_with([{"id": 1, "type": "Create", "field_name": "priority", "value": "low"}])
    data["tickets"].append({"id": 5, "created_at": "2026-03-02T09:00:00Z"})  # type: ignore[attr-defined]
    data["ticket_metric_events"] = [
        {"id": 1, "ticket_id": 5, "metric": "reply_time", "instance_id": 1, "type": kind,
         "time": "2026-03-02T09:00:00Z"}
        for kind in ("activate", "apply_sla")
    ]  # fmt: skip
    result = SOURCE.import_files([write(tmp_path, data)])
    assert [t.id for t in result.tickets] == ["1"]
    assert [(s.ticket_id, s.reason.split(",")[0]) for s in result.report.skipped] == [
        ("5", "the export has no audits of this ticket"),
        ("5", "a reply_time verdict on ticket 5"),
    ]
    assert result.report.skipped[1].reason.endswith("which was skipped")


def test_an_unknown_metric_event_type_is_an_error_not_skipped(tmp_path: Path) -> None:
    # A type we do not know might start or stop a clock: refused, naming the record.
    data = ticket_with([{"id": 1, "type": "Create", "field_name": "priority", "value": "low"}])
    data["ticket_metric_events"] = [
        {"id": 1, "ticket_id": 1, "metric": "reply_time", "instance_id": 1, "type": kind,
         "time": "2026-03-02T09:00:00Z"}
        for kind in ("activate", "apply_sla", "measure", "apply_group_sla", "stop")
    ]  # fmt: skip
    with pytest.raises(DataFileError) as error:
        read_export([write(tmp_path, data)], DEFAULT_MAPPING)
    assert str(error.value).startswith(
        f"{tmp_path / 'export.json'}, ticket_metric_events[4], field type: 'stop' is not a "
        "ticket metric event type; Zendesk documents activate, pause,"
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        # Only the audits and metric events: the tickets file was left out.
        (
            ["audits.json", "ticket_metric_events.json"],
            "no ticket to import: 18 record(s) skipped, the first "
            f"{FIXTURES / 'audits.json'}, audits[0]: an audit of ticket 201, which is not in "
            "the export's tickets",
        ),
    ],
)
def test_an_export_without_tickets_is_an_error(files: list[str], message: str) -> None:
    with pytest.raises(DataFileError) as error:
        SOURCE.import_files([FIXTURES / name for name in files])
    assert str(error.value).endswith(message)


def test_an_empty_ticket_list_is_an_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, {"tickets": []})
    out = tmp_path / "out"
    assert main(["import", "zendesk", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"slakit: {path}: the export holds no ticket to import; are the Zendesk export's "
        "tickets among the files?\n"
    )
    assert not out.exists() or not any(out.iterdir())


def test_a_timestamp_without_offset_needs_the_mappings_timezone(tmp_path: Path) -> None:
    # Zendesk writes "Z"; an offset-less time is someone's local time, never guessed as UTC.
    data = ticket_with([{"id": 1, "type": "Create", "field_name": "priority", "value": "low"}])
    data["tickets"][0]["created_at"] = "2026-03-02T09:00:00"  # type: ignore[index]
    path = write(tmp_path, data)
    with pytest.raises(DataFileError) as error:
        read_export([path], DEFAULT_MAPPING)
    assert str(error.value).startswith(
        f"{path}, tickets[0], field created_at: '2026-03-02T09:00:00' has no UTC offset, and "
        "the mapping names no timezone"
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('timezone = "America/Chicago"\n', encoding="utf-8")
    [draft] = SOURCE.import_files([path], mapping).tickets
    assert draft.opened_at == datetime(2026, 3, 2, 15, tzinfo=UTC)  # 09:00 CST = 15:00Z
