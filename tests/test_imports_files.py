"""The import folder: slakit's own CSV files, the verdicts and the report, read back whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from slakit import Event, Ticket
from slakit.errors import DataFileError, OutputFileError
from slakit.imports.files import folder_files, read_import, read_verdicts, write_import
from slakit.imports.result import ImportReport, ImportResult, VendorClockEvent, VendorVerdict

OPENED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def result(contract: str = "") -> ImportResult:
    ticket = Ticket("7", "sev2", OPENED, [
        Event.responded(OPENED.replace(hour=10)), Event.paused(OPENED.replace(hour=10)),
        Event.resumed(OPENED.replace(hour=11)), Event.severity_changed(OPENED.replace(hour=12),
                                                                        "sev1"),
        Event.resolved(OPENED.replace(hour=13)), Event.reopened(OPENED.replace(hour=14)),
    ], contract=contract)  # fmt: skip
    verdict = VendorVerdict(
        ticket_id="7", metric="response", vendor_metric="reply_time", breached=False,
        stopped_at=OPENED.replace(hour=10),
        events=(VendorClockEvent(at=OPENED, kind="started", where="m.json, [0]"),),
    )  # fmt: skip
    report = ImportReport(source="demo", tickets=1, events=6, verdicts=1)
    return ImportResult(tickets=(ticket,), verdicts=(verdict,), report=report)


@pytest.mark.parametrize("contract", ["", "acme"])
def test_write_and_read_back(tmp_path: Path, contract: str) -> None:
    original = result(contract)
    write_import(original, tmp_path / "out")
    assert read_import(tmp_path / "out") == original
    header = (tmp_path / "out" / "tickets.csv").read_text().splitlines()[0]
    assert ("contract" in header) == bool(contract)
    assert (tmp_path / "out" / "report.txt").read_text().startswith("demo import")


def test_the_events_file_is_slakits_format() -> None:
    assert folder_files(result())["events.csv"].splitlines()[4] == (
        "7,2026-03-02T12:00:00+00:00,severity_changed,sev1"
    )


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(OutputFileError, match="the folder is not empty"):
        write_import(result(), tmp_path)


def test_reading_a_folder_that_is_not_an_import(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"has no tickets\.csv"):
        read_import(tmp_path)
    with pytest.raises(DataFileError, match="not a folder"):
        read_import(tmp_path / "nothing")


def test_bad_verdicts_files(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.json"
    path.write_text('{"a": 1}')
    with pytest.raises(DataFileError, match="not a list of verdicts"):
        read_verdicts(path)
    path.write_text(json.dumps([{"ticket_id": "7", "metric": "speed"}]))
    with pytest.raises(DataFileError, match=r"verdicts.json, verdict 0: invalid VendorVerdict"):
        read_verdicts(path)


def test_a_verdict_for_a_ticket_not_in_the_folder(tmp_path: Path) -> None:
    write_import(result(), tmp_path / "out")
    verdicts = tmp_path / "out" / "verdicts.json"
    data = json.loads(verdicts.read_text())
    data[0]["ticket_id"] = "8"
    verdicts.write_text(json.dumps(data))
    with pytest.raises(DataFileError, match=r"verdict 0: ticket 8 is not in tickets\.csv"):
        read_import(tmp_path / "out")
