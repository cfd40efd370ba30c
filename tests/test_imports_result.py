"""The import result: verdicts, unknown names, skipped records, the report's text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from slakit import Event, Ticket
from slakit.errors import DataFileError
from slakit.imports.result import (
    DroppedEvent,
    ImportReport,
    ImportResult,
    Skipped,
    Unknown,
    VendorClockEvent,
    VendorVerdict,
)

OPENED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_models_read_back_from_json() -> None:
    ticket, [drop] = Ticket("1", "P2", OPENED).with_events([Event.resumed(OPENED)])
    result = ImportResult(
        tickets=(ticket,),
        verdicts=(VendorVerdict(ticket_id="1", metric="resolution", vendor_metric="wait",
                                breached=None, events=(VendorClockEvent(
                                    at="2026-03-02T09:00:00+01:00", kind="started"),)),),
        report=ImportReport(source="demo", tickets=1, dropped=(
            DroppedEvent(ticket_id="1", dropped=drop),)),
    )  # fmt: skip
    assert ImportResult.model_validate_json(result.model_dump_json()) == result
    assert result.ticket("1") is ticket
    assert [v.vendor_metric for v in result.verdicts_of("1")] == ["wait"]
    with pytest.raises(KeyError):
        result.ticket("2")


def test_the_report_text_lists_everything_left_out() -> None:
    _, [drop] = Ticket("1", "P2", OPENED).with_events([Event.resumed(OPENED)])
    report = ImportReport(
        source="demo", files=("a.json", "b.json"), tickets=1, events=0, verdicts=2,
        unknown=(Unknown(kind="priority", name="P0", count=1, tickets=("9",)),),
        skipped=(Skipped(where="a.json, tickets[1]", reason="no priority", ticket_id="9"),),
        dropped=(DroppedEvent(ticket_id="1", dropped=drop),),
    )  # fmt: skip
    assert report.text().splitlines() == [
        "demo import of a.json, b.json: 1 tickets, 0 events, 2 vendor verdicts",
        "unknown priority 'P0': 1 time (tickets 9); not mapped; a ticket opened with it is "
        "skipped, a change to it ignored",
        "skipped a.json, tickets[1] (ticket 9): no priority",
        "dropped ticket 1 resumed at 2026-03-02T09:00:00+00:00 (not_paused): resumed a ticket "
        "that is not paused (its clocks are running)",
    ]


def test_invalid_values() -> None:
    with pytest.raises(DataFileError, match="never a threshold"):
        VendorClockEvent(at=OPENED, kind="threshold")
    with pytest.raises(DataFileError, match="metric"):
        VendorVerdict(ticket_id="1", metric="latency", vendor_metric="x", breached=True)
    with pytest.raises(DataFileError, match="count"):
        Unknown(kind="status", name="x", count=0)
