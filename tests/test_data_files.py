"""slakit.data_files: CSV tickets, events, outages and maintenance, read strictly.

Expected statement amounts come from the KMP contract text: availability
below 99.9% in a month owes 10% of the monthly fee. October 2026 in UTC has
744 hours (44,640 minutes).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from slakit import Contract, Event, Money, Month, Severity, Ticket, data_files, monthly_credit
from slakit._time import parse_instant
from slakit.data_files import (
    LATENCY_HISTOGRAM_COLUMNS,
    LATENCY_SAMPLE_COLUMNS,
    OPTIONAL_EVENT_COLUMNS,
    OPTIONAL_OUTAGE_COLUMNS,
    OPTIONAL_TICKET_COLUMNS,
    SECURITY_BREACH_COLUMNS,
    SECURITY_INCIDENT_COLUMNS,
    TICKET_COLUMNS,
    UTILIZATION_COLUMNS,
    Row,
    Table,
    build_tickets,
    iter_tickets,
    read_events,
    read_latency_histograms,
    read_latency_samples,
    read_maintenance,
    read_outages,
    read_security_breaches,
    read_security_incidents,
    read_table,
    read_tickets,
    read_utilization,
)
from slakit.errors import DataFileError, NaiveDatetimeError, TimelineError
from slakit.security import SecurityBreach, SecurityIncident
from slakit.tickets import SupportLevel
from timing import finishes_within

OUTAGE_HEADER = "id,start,end,description\n"
# Ten minutes, then a full hour: 70 of October's 44,640 minutes down, 99.84% available.
TEN_MINUTES = "O-1,2026-10-06T14:00:00Z,2026-10-06T14:10:00Z,"
ONE_HOUR = "O-2,2026-10-20T09:00:00Z,2026-10-20T10:00:00Z,network switch replaced\n"
ACME = Contract(
    framework="kmp", tier="standard", region="dublin", monthly_fee="USD 20,000", customer="Acme"
)

TICKETS = (
    "id,severity,opened_at,first_response_at,resolved_at\n"
    "T-1,sev1,2026-10-05T09:00:00+00:00,2026-10-05T09:10:00+00:00,2026-10-05T12:00:00+00:00\n"
    "T-2,P2,2026-10-06T09:00:00+00:00,,\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def message(raised: pytest.ExceptionInfo[Exception]) -> str:
    return str(raised.value)


# -- the stray quote that lost a month's credit ------------------------------------------------


def test_a_stray_quote_in_a_description_is_an_error_not_fewer_outages(tmp_path: Path) -> None:
    # Read loosely, the quote opens a value that runs to the end of the file: O-2 vanishes
    # into O-1's description, only 10 minutes are down, and Acme's statement says USD 0.00.
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + TEN_MINUTES + '"core db\n' + ONE_HOUR)
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == (
        f"{path}, row 2, column description: a quoted value starts here and is never closed "
        '(an unbalanced "), so every later row would be lost in it; quote whole values and '
        'double each " inside them ("")'
    )


def test_the_same_month_with_the_quote_escaped_owes_2000(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + TEN_MINUTES + '"""core db"\n' + ONE_HOUR)
    outages = read_outages(path)
    assert [(outage.id, outage.description) for outage in outages] == [
        ("O-1", '"core db'),
        ("O-2", "network switch replaced"),
    ]
    statement = monthly_credit(ACME, Month(2026, 10, "UTC"), outages=outages)
    # 1 - 70 / 44,640 = 99.843% < 99.9%: 10% of USD 20,000.
    assert statement.total == Money(amount=Decimal("2000.00"), currency="USD")


def test_a_quoted_value_that_goes_on_after_its_closing_quote(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + TEN_MINUTES + '"core" db\n' + ONE_HOUR)
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == (
        f'{path}, row 2, column description: a quoted value goes on after its closing "; '
        'quote whole values and double each " inside them ("")'
    )


def test_the_broken_column_is_found_past_quoted_commas(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "outages.csv",
        "description,id,start,end\n"
        '"db, failover",O-1,2026-10-06T14:00:00Z,2026-10-06T14:10:00Z\n'
        '"dns, ""edge""",O-"2,"2026-10-07T14:00:00Z\n',
    )
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised).startswith(f"{path}, row 3, column start: a quoted value starts here")


def test_a_value_over_the_size_limit(tmp_path: Path) -> None:
    huge = "x" * 140_000
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + ONE_HOUR + TEN_MINUTES + huge + "\n")
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == (
        f"{path}, row 3, column description: a value is longer than 131,072 characters"
    )


RUNS_OVER = (
    'a quoted value starts here and runs over a line break (to row {end}): a " probably never '
    'closes (an unbalanced "); each row is one line, so a value cannot hold a line break; '
    'quote whole values and double each " inside them ("")'
)


def test_a_quote_closed_rows_later_is_an_error_not_a_silent_loss(tmp_path: Path) -> None:
    # Valid CSV, read loosely: O-2's description opens a quote that the inch mark of O-5
    # closes, so O-3 (6 hours) and O-5 (1 hour) vanish into it. October 2026 in UTC
    # has 44,640 minutes; 60 + 30 minutes down shows 99.7983% and 10% of USD 20,000,
    # where the file's 8.5 hours (99.23%) owe more. slakit files have one row per line.
    path = write(
        tmp_path,
        "swallow.csv",
        "id,start,end,description\n"
        "O-1,2026-10-06T14:00:00Z,2026-10-06T15:00:00Z,db failover\n"
        'O-2,2026-10-07T14:00:00Z,2026-10-07T14:30:00Z,"api gateway\n'
        "O-3,2026-10-08T10:00:00Z,2026-10-08T16:00:00Z,dns\n"
        'O-5,2026-10-10T14:00:00Z,2026-10-10T15:00:00Z,cracked 5"\n',
    )
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == f"{path}, row 3, column description: " + RUNS_OVER.format(end=5)


def test_a_line_break_inside_a_quoted_value_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "outages.csv",
        OUTAGE_HEADER + TEN_MINUTES + '"core db\nfailed over twice"\n' + ONE_HOUR,
    )
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == f"{path}, row 2, column description: " + RUNS_OVER.format(end=3)


def test_a_quote_closed_on_a_later_line_then_followed_by_text(tmp_path: Path) -> None:
    # The csv module stops at the text after the closing quote, rows later; the cause
    # is the quote that opened on row 2.
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + TEN_MINUTES + '"core db\nfailed" over\n')
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == f"{path}, row 2, column description: " + RUNS_OVER.format(end=3)


def test_the_broken_column_of_a_long_row_is_found_in_one_pass(tmp_path: Path) -> None:
    # 9,990 values of 95 characters, then one broken value: 950 KB that used to take
    # 48 s (each comma re-parsed the whole row before it).
    path = write(
        tmp_path,
        "tickets.csv",
        "id,severity,opened_at\n" + ",".join(["x" * 95] * 9990) + ',"a"b\n',
    )
    with pytest.raises(DataFileError) as raised:
        finishes_within(10, lambda: read_tickets(path))
    assert message(raised) == (
        f'{path}, row 2, value 9991: a quoted value goes on after its closing "; '
        'quote whole values and double each " inside them ("")'
    )


def test_a_wide_header_is_checked_for_repeated_columns_in_one_pass(tmp_path: Path) -> None:
    # 60,000 columns took 28 s when each name was looked up from the start.
    names = ",".join(f"c{number}" for number in range(60_000))
    path = write(tmp_path, "tickets.csv", f"{names},id,severity,opened_at,c7\n")
    with pytest.raises(DataFileError) as raised:
        finishes_within(10, lambda: read_tickets(path))
    assert message(raised) == (
        f"{path}, row 1, column c7: the header names this column twice (columns 8 and 60004)"
    )


def test_a_data_file_over_its_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    with path.open("wb") as stream:
        stream.truncate((1 << 30) + 1)  # sparse: nothing is written
    with pytest.raises(DataFileError) as raised:
        finishes_within(10, lambda: read_tickets(path))
    assert message(raised) == (
        f"{path}: the file is larger than 1 GiB (1,073,741,824 bytes), the limit for this "
        "kind of file"
    )


# -- other broken files ------------------------------------------------------------------------


def test_a_column_named_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", "id,start,end,start\n" + ONE_HOUR)
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == (
        f"{path}, row 1, column start: the header names this column twice (columns 2 and 4)"
    )


def test_a_column_named_twice_names_the_line_the_header_is_on(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", "\n  \nid,start,end,start\n" + ONE_HOUR)
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == (
        f"{path}, row 3, column start: the header names this column twice (columns 2 and 4)"
    )


def test_a_byte_that_is_not_utf8_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "outages.csv"
    path.write_bytes((OUTAGE_HEADER + ONE_HOUR).encode() + b"O-3,x,y,caf\xe9\n")
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == f"{path}, row 3: byte 0xe9 is not UTF-8 text; save the file as UTF-8"


def test_more_values_than_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + ONE_HOUR.rstrip("\n") + ",extra\n")
    with pytest.raises(DataFileError) as raised:
        read_outages(path)
    assert message(raised) == f"{path}, row 2: 5 values but the header names 4 columns"


def test_an_empty_file_names_the_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", "\n\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised) == (
        f"{path}: the file is empty; the first line names the columns: id, severity, opened_at"
    )


def test_a_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", "id,severity\nT-1,P1\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised) == f"{path}: missing column opened_at; it has id, severity"


def test_a_byte_order_mark_and_blank_lines_are_allowed(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_bytes(b"\xef\xbb\xbf" + TICKETS.replace("\nT-2", "\n\nT-2").encode())
    tickets = read_tickets(path)
    assert [ticket.id for ticket in tickets] == ["T-1", "T-2"]
    assert tickets[0].events == (
        Event.responded(datetime(2026, 10, 5, 9, 10, tzinfo=UTC)),
        Event.resolved(datetime(2026, 10, 5, 12, tzinfo=UTC)),
    )
    assert tickets[1].severity is Severity.SEV2 and tickets[1].events == ()


def test_lines_of_only_spaces_are_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", TICKETS.replace("\nT-2", "\n   \n\t\nT-2") + "   \n")
    assert [ticket.id for ticket in read_tickets(path)] == ["T-1", "T-2"]


# -- instants ----------------------------------------------------------------------------------


def test_a_date_without_time_gets_a_fix_that_parses(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", TICKETS + "T-3,P3,2026-10-05,,\n")
    with pytest.raises(NaiveDatetimeError) as raised:
        read_tickets(path)
    assert message(raised) == (
        f"{path}, row 4, column opened_at: '2026-10-05' has no UTC offset; "
        "write e.g. 2026-10-05T00:00:00+00:00 or 2026-10-05T00:00:00Z"
    )
    assert raised.value.fix is not None
    for fix in raised.value.fix.split(" or "):
        assert parse_instant(fix, "fix") == datetime(2026, 10, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3500-10-05T09:00:00+00:00", "3500-10-05T09:00:00+00:00 is in the year 3500"),
        ("0999-10-05T09:00:00+00:00", "0999-10-05T09:00:00+00:00 is in the year 999"),
        # Written in 2999, but in UTC it is already 3000:
        ("2999-12-31T23:30:00-01:00", "2999-12-31T23:30:00-01:00 is in the year 3000 in UTC"),
        ("1900-01-01T00:30:00+01:00", "1900-01-01T00:30:00+01:00 is in the year 1899 in UTC"),
    ],
)
def test_an_instant_outside_the_years_slakit_computes(
    tmp_path: Path, written: str, expected: str
) -> None:
    path = write(tmp_path, "tickets.csv", f"id,severity,opened_at\nT-1,P1,{written}\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised) == (
        f"{path}, row 2, column opened_at: {expected}, outside the years slakit computes "
        "(1900 to 2999)"
    )


def test_not_an_instant(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", "id,severity,opened_at\nT-1,P1,next tuesday\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised) == (
        f"{path}, row 2, column opened_at: 'next tuesday' is not an ISO 8601 instant; "
        "write e.g. 2026-10-05T09:30:00+01:00"
    )


# -- the ticket rules ----------------------------------------------------------------------------


def test_a_ticket_opened_after_now_names_the_file_and_row(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", TICKETS)
    with pytest.raises(DataFileError) as raised:
        read_tickets(path, now=datetime(2026, 10, 6, tzinfo=UTC))
    assert message(raised) == (
        f"{path}, row 3, column opened_at: now (2026-10-06T00:00:00+00:00) is before ticket T-2 "
        "was opened (2026-10-06T09:00:00+00:00); evaluate at an instant after every opening"
    )
    # At the opening instant itself the ticket may be evaluated.
    assert len(read_tickets(path, now=datetime(2026, 10, 6, 9, tzinfo=UTC))) == 2


def test_an_id_given_twice_names_both_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", TICKETS + "T-1,P4,2026-10-07T09:00:00Z,,\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised) == f"{path}, row 4, column id: ticket T-1 appears twice, first in row 2"


def test_events_merge_into_the_timeline_in_time_order(tmp_path: Path) -> None:
    tickets = write(tmp_path, "tickets.csv", TICKETS)
    events = write(
        tmp_path,
        "events.csv",
        "ticket_id,at,kind,severity\n"
        "T-2,2026-10-06T10:00:00Z,paused,\n"
        "T-2,2026-10-06T11:00:00Z,resumed,\n"
        "T-2,2026-10-06T09:30:00Z,severity_changed,P1\n",
    )
    second = read_tickets(tickets, events)[1]
    assert [(event.kind.value, event.at.hour, event.at.minute) for event in second.events] == [
        ("severity_changed", 9, 30),
        ("paused", 10, 0),
        ("resumed", 11, 0),
    ]


def test_events_for_tickets_that_are_not_there(tmp_path: Path) -> None:
    tickets = write(tmp_path, "tickets.csv", TICKETS)
    events = write(
        tmp_path,
        "events.csv",
        "ticket_id,at,kind\nT-2,2026-10-06T10:00:00Z,paused\nT-404,2026-10-06T10:00:00Z,paused\n",
    )
    with pytest.raises(DataFileError) as raised:
        read_tickets(tickets, events)
    assert message(raised) == (
        f"{events}: events for tickets not in {tickets}: T-404 (the first at row 3)"
    )


def test_the_first_unknown_ticket_is_the_first_in_the_file(tmp_path: Path) -> None:
    # "row 21" sorts before "row 4" as text; the first is T-9, at row 4.
    tickets = write(tmp_path, "tickets.csv", TICKETS)
    events = write(
        tmp_path,
        "events.csv",
        "ticket_id,at,kind\n\n\n"  # blank lines skipped, still counted: T-9 is on row 4
        "T-9,2026-10-06T10:00:00Z,paused\n" + "\n" * 16 + "T-404,2026-10-06T10:00:00Z,paused\n",
    )
    with pytest.raises(DataFileError) as raised:
        read_tickets(tickets, events)
    assert message(raised) == (
        f"{events}: events for tickets not in {tickets}: T-9, T-404 (the first at row 4)"
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("T-2,2026-10-06T10:00:00Z,snoozed,", "row 2, column kind: 'snoozed' is not an event"),
        ("T-2,2026-10-06T10:00:00Z,severity_changed,P9", "row 2, column severity: "),
        ("T-2,2026-10-06T10:00:00Z,severity_changed,", "row 2, column severity: is empty; "),
        (",2026-10-06T10:00:00Z,paused,", "row 2, column ticket_id: is empty"),
        ("T-2,,paused,", "row 2, column at: is empty"),
        # A severity on a row that does not change it: a mistyped kind, refused (review 3).
        ("T-2,2026-10-06T10:00:00Z,paused,sev1",
         "row 2, column severity: 'sev1': a paused event takes no severity; leave the cell "
         "empty, or give kind severity_changed to change the severity"),
        ("T-2,2026-10-06T10:00:00Z,resolved, P2 ", "row 2, column severity: 'P2': a resolved "),
    ],
)  # fmt: skip
def test_event_rows_name_the_cell(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path, "events.csv", "ticket_id,at,kind,severity\n" + row + "\n")
    with pytest.raises(DataFileError) as raised:
        read_events(path)
    assert message(raised).startswith(f"{path}, {expected}")


# The severity of a severity change: ``severity`` (the name Python and JSON use), or
# ``value``, the name it had before; both filled in must agree.


def test_an_old_value_cell_on_a_row_that_does_not_change_the_severity_is_refused(
    tmp_path: Path,
) -> None:
    text = "ticket_id,at,kind,severity,value\nT-2,2026-10-06T10:00:00Z,responded,,P1\n"
    path = write(tmp_path, "events.csv", text)
    with pytest.raises(DataFileError) as raised:
        read_events(path)
    assert message(raised) == (
        f"{path}, row 2, column value: 'P1': a responded event takes no severity; leave the "
        "cell empty, or give kind severity_changed to change the severity"
    )


def severities(tmp_path: Path, text: str) -> list[Severity | None]:
    events = read_events(write(tmp_path, "events.csv", text))
    return [event.severity for event in events["T-2"]]


def test_the_old_value_column_is_still_read(tmp_path: Path) -> None:
    text = "ticket_id,at,kind,value\nT-2,2026-10-06T10:00:00Z,severity_changed,critical\n"
    assert severities(tmp_path, text) == [Severity.SEV1]


def test_a_bad_severity_in_the_old_column_names_it(tmp_path: Path) -> None:
    path = write(
        tmp_path, "events.csv",
        "ticket_id,at,kind,value\nT-2,2026-10-06T10:00:00Z,severity_changed,P9\n",
    )  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        read_events(path)
    assert message(raised).startswith(f"{path}, row 2, column value: ")


def test_both_columns_may_name_the_same_severity_or_one_be_empty(tmp_path: Path) -> None:
    text = (
        "ticket_id,at,kind,severity,value\n"
        "T-2,2026-10-06T10:00:00Z,severity_changed,P1,sev1\n"  # the same severity, spelt twice
        "T-2,2026-10-06T11:00:00Z,severity_changed,,P2\n"
        "T-2,2026-10-06T12:00:00Z,severity_changed,P3,\n"
        "T-2,2026-10-06T13:00:00Z,paused,,\n"
    )
    assert severities(tmp_path, text) == [Severity.SEV1, Severity.SEV2, Severity.SEV3, None]


def test_both_columns_naming_different_severities_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, "events.csv",
        "ticket_id,at,kind,severity,value\nT-2,2026-10-06T10:00:00Z,severity_changed,P1,P3\n",
    )  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        read_events(path)
    assert message(raised) == (
        f"{path}, row 2, column value: 'P3' (SEV3) contradicts column severity ('P1', SEV1); "
        "value is the old name of severity: give one of them, or the same severity in both"
    )


def test_the_shipped_events_file_names_the_severity_column_severity() -> None:
    header = files("slakit").joinpath("demo_data", "events.csv").read_text("utf-8").split("\n")[0]
    assert header == "ticket_id,at,kind,severity,level"


def test_a_broken_timeline_names_the_row(tmp_path: Path) -> None:
    path = write(
        tmp_path, "tickets.csv", "id,severity,opened_at,first_response_at\n"
        "T-1,P1,2026-10-05T09:00:00Z,2026-10-05T08:00:00Z\n",
    )  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised).startswith(f"{path}, row 2: ticket T-1, event 0 (responded")


def test_build_tickets_names_frames_rows_with_their_ticket() -> None:
    rows = [
        Row("", "row 7", {"id": "T-1", "severity": "P1", "opened_at": "2026-10-05T09:00"}, "T-1")
    ]
    with pytest.raises(NaiveDatetimeError) as raised:
        build_tickets(Table("the tickets frame", TICKET_COLUMNS, rows))
    assert message(raised).startswith("row 7 (ticket T-1), column opened_at: '2026-10-05T09:00'")


def test_a_datetime_cell_is_checked_like_text() -> None:
    naive = datetime(2026, 10, 5, 9)  # noqa: DTZ001 - the point of the test
    rows = [Row("", "row 0", {"id": "T-1", "severity": "P1", "opened_at": naive})]
    with pytest.raises(NaiveDatetimeError, match=r"^row 0, column opened_at is a naive datetime"):
        build_tickets(Table("the tickets frame", TICKET_COLUMNS, rows))
    aware = datetime(2026, 10, 5, 9, tzinfo=UTC)
    rows = [Row("", "row 0", {"id": "T-1", "severity": "P1", "opened_at": aware})]
    (ticket,) = build_tickets(Table("the tickets frame", TICKET_COLUMNS, rows))
    assert ticket == Ticket("T-1", "P1", aware)


# -- maintenance and tables ---------------------------------------------------------------------


def test_maintenance_windows_and_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "maintenance.csv",
        "rule,at,duration,timezone,start,end,description\n"
        "FREQ=WEEKLY;BYDAY=SU,02:00,2h,Europe/Dublin,,,patching\n"
        ",,,,2026-10-10T00:30:00Z,2026-10-10T00:45:00Z,emergency change\n",
    )
    rule, window = read_maintenance(path)
    assert (rule.description, window.description) == ("patching", "emergency change")
    assert window.end - window.start == timedelta(minutes=15)  # type: ignore[union-attr]


def test_a_maintenance_row_without_a_duration(tmp_path: Path) -> None:
    path = write(tmp_path, "maintenance.csv", "rule,at,duration\nFREQ=WEEKLY;BYDAY=SU,02:00,\n")
    with pytest.raises(DataFileError) as raised:
        read_maintenance(path)
    assert message(raised) == f"{path}, row 2, column duration: is empty"


def test_a_maintenance_rule_with_an_unknown_timezone(tmp_path: Path) -> None:
    path = write(
        tmp_path, "maintenance.csv",
        "rule,at,duration,timezone\nFREQ=WEEKLY;BYDAY=SU,02:00,2h,Mars/Olympus\n",
    )  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        read_maintenance(path)
    assert message(raised).startswith(f"{path}, row 2: ")
    assert "timezone: unknown timezone 'Mars/Olympus'; use an IANA name such as" in message(raised)


def test_read_table_gives_rows_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", " id , contract \nT-1, acme \n")
    table = read_table(path, ("id",))
    (row,) = table.rows
    assert table.columns == ("id", "contract")
    assert (row.place, row.text("contract")) == (f"{path}, row 2", "acme")


def test_a_tables_rows_can_be_read_twice(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "t.csv", TICKETS))
    first = [(row.row, row.text("id")) for row in table.rows]
    assert first == [("row 2", "T-1"), ("row 3", "T-2")]
    assert [(row.row, row.text("id")) for row in table.rows] == first
    assert [ticket.id for ticket in build_tickets(table)] == ["T-1", "T-2"]
    assert [ticket.id for ticket in build_tickets(table)] == ["T-1", "T-2"]


# -- tickets belong to contracts (DESIGN.md §3 "Many customers") --------------------------------

BOOK = (
    "id,contract,severity,opened_at\n"
    "T-1,acme-gold,P1,2026-10-05T09:00:00Z\n"
    "T-2, globex ,P2,2026-10-06T09:00:00Z\n"
)


def test_the_contract_column_names_each_ticket_s_contract(tmp_path: Path) -> None:
    tickets = read_tickets(write(tmp_path, "tickets.csv", BOOK))
    assert [(ticket.id, ticket.contract) for ticket in tickets] == [
        ("T-1", "acme-gold"),
        ("T-2", "globex"),
    ]


def test_without_a_contract_column_tickets_name_no_contract(tmp_path: Path) -> None:
    tickets = read_tickets(write(tmp_path, "tickets.csv", TICKETS))
    assert [ticket.contract for ticket in tickets] == ["", ""]
    assert "contract" in OPTIONAL_TICKET_COLUMNS


def test_without_known_contracts_any_contract_is_read(tmp_path: Path) -> None:
    text = BOOK + "T-3,,P3,2026-10-07T09:00:00Z\nT-4,whoever,P3,2026-10-07T09:00:00Z\n"
    tickets = read_tickets(write(tmp_path, "tickets.csv", text))
    assert [ticket.contract for ticket in tickets] == ["acme-gold", "globex", "", "whoever"]


def test_a_book_run_reads_tickets_of_known_contracts(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", BOOK)
    tickets = read_tickets(path, contracts={"acme-gold", "globex", "initech"})
    assert [ticket.contract for ticket in tickets] == ["acme-gold", "globex"]


def test_a_book_run_needs_the_contract_column(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", TICKETS)
    with pytest.raises(DataFileError) as raised:
        read_tickets(path, contracts=["acme-gold"])
    assert message(raised) == (
        f"{path}: missing column contract; it has id, severity, opened_at, first_response_at, "
        "resolved_at"
    )


def test_a_ticket_of_an_unknown_contract_names_file_row_and_the_known_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", BOOK)
    with pytest.raises(DataFileError) as raised:
        read_tickets(path, contracts=["initech", "acme-gold"])
    assert message(raised) == (
        f"{path}, row 3, column contract: 'globex' is not a known contract; the contracts are: "
        "acme-gold, initech"
    )


def test_a_ticket_without_a_contract_in_a_book_run(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", BOOK + "T-3,  ,P3,2026-10-07T09:00:00Z\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(path, contracts=["acme-gold", "globex"])
    assert message(raised) == (
        f"{path}, row 4, column contract: is empty; name the ticket's contract, one of: "
        "acme-gold, globex"
    )


def test_at_most_ten_known_ids_are_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", BOOK)
    known = [f"c-{n:02}" for n in range(25)] + ["acme-gold"]
    with pytest.raises(DataFileError) as raised:
        read_tickets(path, contracts=known)
    listed = ", ".join(["acme-gold"] + [f"c-{n:02}" for n in range(9)])
    assert message(raised).endswith(f"the contracts are: {listed} and 16 more")


def test_a_book_run_with_no_contracts_refuses_every_ticket(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", BOOK)
    with pytest.raises(DataFileError) as raised:
        read_tickets(path, contracts=[])
    assert message(raised) == (
        f"{path}, row 2, column contract: 'acme-gold' is not a known contract; the contracts "
        "are: none"
    )


def test_frames_follow_the_same_contract_rules() -> None:
    columns = (*TICKET_COLUMNS, "contract")
    cells = {"id": "T-1", "severity": "P1", "opened_at": "2026-10-05T09:00:00Z"}
    rows = [Row("", "row 0", {**cells, "contract": "acme"}, "T-1")]
    (ticket,) = build_tickets(Table("the tickets frame", columns, rows), contracts=["acme"])
    assert ticket.contract == "acme"
    with pytest.raises(DataFileError) as raised:
        build_tickets(Table("the tickets frame", columns, rows), contracts=["globex"])
    assert message(raised) == (
        "row 0 (ticket T-1), column contract: 'acme' is not a known contract; the contracts "
        "are: globex"
    )


# -- outages name the contracts and services they hit --------------------------------------------


def test_outage_contracts_and_services_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "outages.csv",
        "id,start,end,contracts,services\n"
        "O-1,2026-10-06T14:00:00Z,2026-10-06T15:00:00Z,acme-gold globex,\n"
        'O-2,2026-10-07T14:00:00Z,2026-10-07T15:00:00Z,"acme-gold, globex ,initech",api\n'
        "O-3,2026-10-08T14:00:00Z,2026-10-08T15:00:00Z,,\n"
        "O-4,2026-10-09T14:00:00Z,2026-10-09T15:00:00Z,,api  web\n",
    )
    assert [(outage.id, outage.contracts, outage.services) for outage in read_outages(path)] == [
        ("O-1", ("acme-gold", "globex"), ()),
        ("O-2", ("acme-gold", "globex", "initech"), ("api",)),
        ("O-3", (), ()),
        ("O-4", (), ("api", "web")),
    ]
    assert OPTIONAL_OUTAGE_COLUMNS == ("id", "description", "contracts", "services")


def test_empty_ids_between_separators_are_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "outages.csv",
        'start,end,contracts\n2026-10-06T14:00:00Z,2026-10-06T15:00:00Z,"acme,, globex,"\n',
    )
    assert read_outages(path)[0].contracts == ("acme", "globex")


def test_outages_without_the_columns_hit_every_contract(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", OUTAGE_HEADER + ONE_HOUR)
    (outage,) = read_outages(path)
    assert (outage.contracts, outage.services) == ((), ())
    assert outage.hits("anyone")


# -- security breaches ----------------------------------------------------------------------------


def test_security_breaches_from_a_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "breaches.csv",
        "id,at,description,contracts\n"
        "SB-1,2026-10-14T09:00:00Z,leaked keys,acme-gold\n"
        "SB-2,2026-10-20T10:00:00+02:00,,\n",
    )
    breaches = read_security_breaches(path)
    assert breaches == [
        SecurityBreach(at=datetime(2026, 10, 14, 9, tzinfo=UTC), id="SB-1",
                       description="leaked keys", contracts=("acme-gold",)),
        SecurityBreach(at=datetime(2026, 10, 20, 8, tzinfo=UTC), id="SB-2"),
    ]  # fmt: skip
    assert [breach.hits("globex") for breach in breaches] == [False, True]
    assert SECURITY_BREACH_COLUMNS == ("at",)


def test_only_at_is_required_in_a_security_breach_file(tmp_path: Path) -> None:
    path = write(tmp_path, "breaches.csv", "at\n2026-10-14T09:00:00Z\n")
    assert read_security_breaches(path) == [
        SecurityBreach(at=datetime(2026, 10, 14, 9, tzinfo=UTC))
    ]


def test_a_security_breach_file_without_at(tmp_path: Path) -> None:
    path = write(tmp_path, "breaches.csv", "id,when\nSB-1,2026-10-14T09:00:00Z\n")
    with pytest.raises(DataFileError) as raised:
        read_security_breaches(path)
    assert message(raised) == f"{path}: missing column at; it has id, when"


@pytest.mark.parametrize(
    ("row", "error", "expected"),
    [
        ("SB-1,,", DataFileError, "row 2, column at: is empty"),
        ("SB-1,2026-10-14T09:00:00,", NaiveDatetimeError,
         "row 2, column at: '2026-10-14T09:00:00' has no UTC offset"),
        ("SB-1,yesterday,", DataFileError, "row 2, column at: "),
    ],
)  # fmt: skip
def test_a_bad_security_breach_row_names_the_row_and_column(
    tmp_path: Path, row: str, error: type[Exception], expected: str
) -> None:
    path = write(tmp_path, "breaches.csv", f"id,at,contracts\n{row}\n")
    with pytest.raises(error) as raised:
        read_security_breaches(path)
    assert message(raised).startswith(f"{path}, {expected}")


# -- iter_tickets: build_tickets one ticket at a time ------------------------------------------

# Cells that pass and cells that break each rule: the two readers must agree on all of them.
_INSTANTS = ("2026-10-05T09:00:00Z", "2026-10-05T10:00:00+01:00", "2026-10-06T09:00:00-05:00",
             "2026-10-05T09:00:00", "not a time", "", "2026-11-30T09:00:00Z")  # fmt: skip
_KINDS = ("paused", "resumed", "severity_changed", "resolved", "reopened", "Paused", "exploded")
_SEVERITIES = ("", "P1", "sev2", "SEV3", "urgent")
_IDS = ("T-1", "T-2", "T-3", "T-4", "")
_CONTRACTS = ("acme", "globex", "")


def _ticket_rows(draw: st.DrawFn, clean: bool) -> list[Row]:
    rows = []
    for number in range(draw(st.integers(0, 6))):
        cells = {
            "id": f"T-{number + 1}" if clean else draw(st.sampled_from(_IDS)),
            "severity": draw(st.sampled_from(_SEVERITIES[1:4] if clean else _SEVERITIES)),
            "opened_at": draw(st.sampled_from(_INSTANTS[:3] if clean else _INSTANTS)),
            "first_response_at": draw(st.sampled_from(("", "2026-10-05T11:00:00Z"))),
            "resolved_at": draw(st.sampled_from(("", "2026-10-07T11:00:00Z"))),
            "contract": draw(st.sampled_from(_CONTRACTS[:2] if clean else _CONTRACTS)),
        }
        rows.append(Row("t.csv", f"row {number + 2}", cells))
    return rows


def _event_rows(draw: st.DrawFn, clean: bool) -> list[Row]:
    rows = []
    for number in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(("paused", "resumed") if clean else _KINDS))
        cells = {
            "ticket_id": draw(st.sampled_from(_IDS[:3] if clean else _IDS)),
            "at": draw(st.sampled_from(_INSTANTS[:3] if clean else _INSTANTS)),
            "kind": kind,
            "severity": "" if clean else draw(st.sampled_from(_SEVERITIES)),
        }
        rows.append(Row("e.csv", f"row {number + 2}", cells))
    return rows


@st.composite
def _runs(draw: st.DrawFn) -> dict[str, Any]:
    columns = (*TICKET_COLUMNS, *OPTIONAL_TICKET_COLUMNS)
    clean = draw(st.booleans())  # only valid cells: the tickets themselves are compared
    tickets = Table("t.csv", columns, _ticket_rows(draw, clean))
    events = draw(st.sampled_from((None, Table("e.csv", ("ticket_id", "at", "kind", "severity"),
                                                 _event_rows(draw, clean)))))  # fmt: skip
    mode = draw(st.sampled_from(("plain", "book", "only")))
    return {
        "clean": clean,
        "tickets": tickets,
        "events": events,
        "now": draw(st.sampled_from((None, datetime(2026, 11, 1, tzinfo=UTC)))),
        "contracts": ("acme", "globex") if mode == "book" else None,
        "only": "acme" if mode == "only" else None,
    }


def _slow_reading(run: dict[str, Any]) -> tuple[list[Ticket], Counter[str]] | None:
    """An independent reading of a run of valid cells, straight from the rules in the docs:
    each ticket's first response, its event rows in table order and its resolution, sorted
    stably by instant, given to the strict ``Ticket``; another contract's rows (with
    ``only``) left out and counted. ``None`` when a rule refuses the run."""
    rows = list(run["tickets"].rows)
    events = list(run["events"].rows) if run["events"] is not None else []
    only, left_out = run["only"], Counter[str]()
    skipped = set()
    if only is not None:
        for row in rows:
            if row.cells["contract"] != only:
                skipped.add(row.cells["id"])
                left_out[row.cells["contract"]] += 1
    built = []
    for row in rows:
        cells = row.cells
        if cells["id"] in skipped:
            continue
        timeline = []
        if cells["first_response_at"]:
            timeline.append(Event.responded(datetime.fromisoformat(cells["first_response_at"])))
        for record in events:
            if record.cells["ticket_id"] == cells["id"]:
                at = datetime.fromisoformat(record.cells["at"])
                timeline.append(Event(kind=record.cells["kind"], at=at))
        if cells["resolved_at"]:
            timeline.append(Event.resolved(datetime.fromisoformat(cells["resolved_at"])))
        timeline.sort(key=lambda item: item.at.timestamp())
        opened = datetime.fromisoformat(cells["opened_at"])
        try:
            ticket = Ticket(cells["id"], Severity.parse(cells["severity"]), opened, timeline,
                            contract=cells["contract"])  # fmt: skip
        except TimelineError:
            return None
        built.append(ticket)
    named = {row.cells["id"] for row in rows}
    if any(record.cells["ticket_id"] not in named for record in events):
        return None  # events of a ticket that is not there
    return built, left_out


@given(_runs())
def test_iter_tickets_agrees_with_a_slow_reading_of_the_rows(run: dict[str, Any]) -> None:
    args = {name: value for name, value in run.items() if name != "clean"}
    left_out: Counter[str] = Counter()
    try:
        streamed = list(iter_tickets(**args, left_out=left_out))
    except (DataFileError, NaiveDatetimeError) as error:
        # Whatever is wrong is named in the file it is in: t.csv or e.csv, and a row.
        assert re.match(r"^[te]\.csv(, row \d+|: events for tickets not in t\.csv)", str(error))
        event("an error")
        with pytest.raises(type(error), match=re.escape(str(error))):
            build_tickets(**args)
        if run["clean"]:
            assert _slow_reading(run) is None
        return
    event("tickets")
    assert build_tickets(**args) == streamed
    if run["clean"]:
        assert _slow_reading(run) == (streamed, left_out)


def test_iter_tickets_builds_each_ticket_when_it_is_reached() -> None:
    read: list[str] = []

    def rows() -> Iterator[Row]:
        for number in range(3):
            read.append(f"T-{number}")
            cells = {"id": f"T-{number}", "severity": "P2", "opened_at": "2026-10-05T09:00:00Z"}
            yield Row("t.csv", f"row {number + 2}", cells)

    stream = iter_tickets(Table("t.csv", TICKET_COLUMNS, _Again(rows)))
    assert next(stream).id == "T-0"
    assert read == ["T-0"]  # nothing past the first row is read (nor kept) yet
    assert [ticket.id for ticket in stream] == ["T-1", "T-2"]


class _Again:
    """Rows that can be iterated again, like a CSV table's."""

    def __init__(self, make: Callable[[], Iterator[Row]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[Row]:
        return self.make()


def test_iter_tickets_reports_events_read_and_tickets_read(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        "id,severity,opened_at\nT-1,P1,2026-10-05T09:00:00Z\nT-2,P2,2026-10-05T09:00:00Z\n"
    )
    (tmp_path / "e.csv").write_text(
        "ticket_id,at,kind\nT-2,2026-10-05T10:00:00Z,paused\nT-2,2026-10-05T11:00:00Z,resumed\n"
    )
    events_read: list[int] = []
    tickets_read: list[int] = []
    stream = iter_tickets(
        read_table(tmp_path / "t.csv"), read_table(tmp_path / "e.csv"),
        progress=tickets_read.append, events_progress=events_read.append,
    )  # fmt: skip
    assert [(ticket.id, len(ticket.events)) for ticket in stream] == [("T-1", 0), ("T-2", 2)]
    assert (events_read, tickets_read) == ([1, 2], [1, 2])


def test_iter_tickets_names_events_of_missing_tickets_after_the_last_ticket(
    tmp_path: Path,
) -> None:
    (tmp_path / "t.csv").write_text("id,severity,opened_at\nT-1,P1,2026-10-05T09:00:00Z\n")
    (tmp_path / "e.csv").write_text(
        "ticket_id,at,kind\nT-1,2026-10-05T10:00:00Z,paused\nT-9,2026-10-05T10:00:00Z,paused\n"
        "T-8,2026-10-05T10:00:00Z,paused\n"
    )
    stream = iter_tickets(read_table(tmp_path / "t.csv"), read_table(tmp_path / "e.csv"))
    assert next(stream).id == "T-1"
    with pytest.raises(DataFileError, match=r"not in .*t\.csv: T-9, T-8 \(the first at row 3\)"):
        next(stream)


# -- issue 12: support levels, satisfaction, incidents, latency, utilization ------------------

LEVEL_TICKETS = (
    "id,severity,opened_at,first_response_at,resolved_at,satisfaction\n"
    "T-1,P1,2026-10-05T09:00:00Z,2026-10-05T09:05:00Z,2026-10-05T12:00:00Z,5\n"
    "T-2,P3,2026-10-05T10:00:00Z,2026-10-05T10:30:00Z,2026-10-05T11:00:00Z,\n"
)


def test_escalations_and_satisfaction_are_read_from_the_files(tmp_path: Path) -> None:
    tickets = write(tmp_path, "tickets.csv", LEVEL_TICKETS)
    events = write(
        tmp_path, "events.csv", "ticket_id,at,kind,severity,level\n"
        "T-1,2026-10-05T09:08:00Z,escalated,,L2\n"
        "T-1,2026-10-05T09:12:00Z,escalated,,l3\n",
    )  # fmt: skip
    first, second = read_tickets(tickets, events)
    assert [event.kind.value for event in first.events] == [
        "responded", "escalated", "escalated", "resolved",
    ]  # fmt: skip
    assert first.resolved_level is SupportLevel.L3 and first.satisfaction == 5
    assert first.level_reached_at("L3") == datetime(2026, 10, 5, 9, 12, tzinfo=UTC)
    assert first.first_contact_resolved is False
    assert second.satisfaction is None and second.first_contact_resolved is True
    assert "satisfaction" in OPTIONAL_TICKET_COLUMNS and "level" in OPTIONAL_EVENT_COLUMNS
    assert read_events(events)["T-1"][1].level is SupportLevel.L3


@pytest.mark.parametrize(("cell", "score"), [("4", 4), (" 5 ", 5), ("3.0", 3), ("1", 1)])
def test_a_satisfaction_cell_is_a_whole_score(tmp_path: Path, cell: str, score: int) -> None:
    path = write(
        tmp_path, "t.csv", f"id,severity,opened_at,satisfaction\nT-1,P3,2026-10-05T09:00Z,{cell}\n"
    )
    assert read_tickets(path)[0].satisfaction == score


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("6", "'6' is out of range"),
        ("0", "'0' is out of range"),
        ("-2", "'-2' is out of range"),
        ("4.5", "'4.5' is not a whole number"),
        ("great", "'great' is not a whole number"),
        ("NaN", "'NaN' is not a whole number"),
        ("4/5", "'4/5' is not a whole number"),
    ],
)
def test_a_bad_satisfaction_cell_names_file_row_and_column(
    tmp_path: Path, cell: str, problem: str
) -> None:
    path = write(
        tmp_path, "t.csv", "id,severity,opened_at,satisfaction\n"
        f"T-1,P3,2026-10-05T09:00:00Z,4\nT-2,P3,2026-10-05T09:00:00Z,{cell}\n",
    )  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised) == (
        f"{path}, row 3, column satisfaction: {problem}; satisfaction is a survey score, a "
        "whole number from 1 to 5"
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("T-2,2026-10-06T10:00:00Z,escalated,,", "row 2, column level: is empty; an escalated "
         "event needs the level it went to, L2 or L3"),
        ("T-2,2026-10-06T10:00:00Z,escalated,,L4", "row 2, column level: 'L4' is not a support "
         "level; write L1, L2 or L3 (or 1, 2, 3)"),
        ("T-2,2026-10-06T10:00:00Z,paused,,L2", "row 2, column level: 'L2': a paused event "
         "takes no level; leave the cell empty, or give kind escalated to escalate the ticket"),
        ("T-2,2026-10-06T10:00:00Z,escalated,P1,L2", "row 2, column severity: 'P1': an "
         "escalated event takes no severity"),
    ],
)  # fmt: skip
def test_bad_escalation_rows_name_the_cell(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path, "events.csv", f"ticket_id,at,kind,severity,level\n{row}\n")
    with pytest.raises(DataFileError) as raised:
        read_events(path)
    assert message(raised).startswith(f"{path}, {expected}")


@pytest.mark.parametrize(
    ("rows", "rule", "place"),
    [
        (
            "T-1,2026-10-05T08:59:00Z,escalated,,L2\n",
            "event 0 (escalated at 2026-10-05T08:59:00+00:00): comes before the ticket was "
            "opened (2026-10-05T09:00:00+00:00)",
            "row 2, column at",
        ),
        (
            "T-1,2026-10-05T09:08:00Z,escalated,,L3\nT-1,2026-10-05T09:10:00Z,escalated,,L2\n",
            "event 2 (escalated at 2026-10-05T09:10:00+00:00): escalated to L2 but the ticket "
            "is already at L3; escalations only go up (L1 -> L2 -> L3)",
            "row 3, column level",
        ),
        (
            "T-1,2026-10-05T13:00:00Z,escalated,,L2\n",
            "event 2 (escalated at 2026-10-05T13:00:00+00:00): comes after the ticket was "
            "resolved; reopen the ticket first",
            "row 2, column kind",
        ),
    ],
)
def test_a_bad_escalation_names_the_ticket_row_and_the_event_row(
    tmp_path: Path, rows: str, rule: str, place: str
) -> None:
    tickets = write(tmp_path, "tickets.csv", LEVEL_TICKETS)
    events = write(tmp_path, "events.csv", "ticket_id,at,kind,severity,level\n" + rows)
    with pytest.raises(DataFileError) as raised:
        read_tickets(tickets, events)
    assert message(raised) == (
        f"{tickets}, row 2: ticket T-1, {rule}; the event is {events}, {place}"
    )


def test_a_timeline_break_in_a_ticket_column_names_that_column(tmp_path: Path) -> None:
    tickets = write(
        tmp_path, "tickets.csv", "id,severity,opened_at,first_response_at,resolved_at\n"
        "T-1,P1,2026-10-05T09:00:00Z,2026-10-05T09:30:00Z,2026-10-05T10:00:00Z\n",
    )  # fmt: skip
    events = write(tmp_path, "events.csv", "ticket_id,at,kind\nT-1,2026-10-05T09:45:00Z,resolved\n")
    with pytest.raises(DataFileError) as raised:
        read_tickets(tickets, events)
    assert message(raised) == (
        f"{tickets}, row 2: ticket T-1, event 2 (resolved at 2026-10-05T10:00:00+00:00): comes "
        "after the ticket was resolved; reopen the ticket first; the event is "
        f"{tickets}, row 2, column resolved_at"
    )


INCIDENTS = "id,detected_at,responded_at,contracts,description\n"


def test_security_incidents_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path, "incidents.csv", INCIDENTS
        + "SI-1,2026-10-14T09:00:00Z,2026-10-15T09:00:00Z,\"acme, globex\",phishing\n"
        + "SI-2,2026-10-20T09:00:00+02:00,,,still being looked at\n",
    )  # fmt: skip
    first, second = read_security_incidents(path, contracts={"acme", "globex"})
    assert first == SecurityIncident(
        id="SI-1", detected_at=datetime(2026, 10, 14, 9, tzinfo=UTC),
        responded_at=datetime(2026, 10, 15, 9, tzinfo=UTC), contracts=("acme", "globex"),
        description="phishing",
    )  # fmt: skip
    assert first.response_time == timedelta(hours=24)
    assert second.responded_at is None and second.response_time is None
    assert second.hits("anyone")
    assert SECURITY_INCIDENT_COLUMNS == ("detected_at",)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("SI-1,2026-10-14T09:00:00Z,2026-10-14T08:59:59Z,,", "row 2, column responded_at: "
         "2026-10-14T08:59:59+00:00 is before detected_at (2026-10-14T09:00:00+00:00); a "
         "response comes after the detection"),
        ("SI-1,,2026-10-14T08:59:59Z,,", "row 2, column detected_at: is empty"),
        ("SI-1,2026-10-14T09:00:00Z,,initech,", "row 2, column contracts: 'initech' is not a "
         "contract of this run; known: acme"),
        ("SI-1,2026-10-14T09:00:00Z,soon,,", "row 2, column responded_at: 'soon' is not an ISO "
         "8601 instant"),
    ],
)  # fmt: skip
def test_bad_security_incidents_name_the_cell(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path, "incidents.csv", INCIDENTS + row + "\n")
    with pytest.raises(DataFileError) as raised:
        read_security_incidents(path, contracts={"acme"})
    assert message(raised).startswith(f"{path}, {expected}")


def test_an_incident_given_twice_names_both_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "incidents.csv", INCIDENTS + "SI-1,2026-10-14T09:00:00Z,,,\n"
                 "SI-2,2026-10-15T09:00:00Z,,,\nSI-1,2026-10-16T09:00:00Z,,,\n")  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        read_security_incidents(path)
    assert (
        message(raised) == f"{path}, row 4, column id: incident SI-1 appears twice, first in row 2"
    )
    naive = write(tmp_path, "naive.csv", "detected_at\n2026-10-14T09:00:00\n")
    with pytest.raises(NaiveDatetimeError, match=r"naive\.csv, row 2, column detected_at"):
        read_security_incidents(naive)


def test_latency_samples_are_read_exactly(tmp_path: Path) -> None:
    path = write(
        tmp_path, "samples.csv", "at,seconds,contracts,service\n"
        "2026-10-05T09:00:00Z,0.25,acme,api\n2026-10-05T09:00:01Z,1.000001,,\n"
        "2026-10-05T09:00:02Z,0,,\n",
    )  # fmt: skip
    samples = read_latency_samples(path)
    assert [sample.latency for sample in samples] == [
        timedelta(milliseconds=250), timedelta(seconds=1, microseconds=1), timedelta(0),
    ]  # fmt: skip
    assert samples[0].contracts == ("acme",) and samples[0].service == "api"
    assert not samples[0].hits("globex") and samples[1].hits("globex")
    assert LATENCY_SAMPLE_COLUMNS == ("at", "seconds")


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("-0.5", "'-0.5' is negative; give 0 seconds or more"),
        ("fast", "'fast' is not a number of seconds; write e.g. 0.25"),
        ("0.0000001", "'0.0000001' is finer than a microsecond"),
        ("inf", "'inf' is not a number of seconds; write e.g. 0.25"),
        ("", "is empty"),
        ("99999999999", "'99999999999' is longer than 100 years"),
    ],
)
def test_a_bad_latency_names_file_row_and_column(tmp_path: Path, cell: str, problem: str) -> None:
    path = write(
        tmp_path,
        "samples.csv",
        f"at,seconds\n2026-10-05T09:00:00Z,0.1\n2026-10-05T09:00:00Z,{cell}\n",
    )
    with pytest.raises(DataFileError) as raised:
        read_latency_samples(path)
    assert message(raised) == f"{path}, row 3, column seconds: {problem}"


def test_latency_samples_need_their_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "samples.csv", "at,ms\n2026-10-05T09:00:00Z,100\n")
    with pytest.raises(DataFileError) as raised:
        read_latency_samples(path)
    assert message(raised) == f"{path}: missing column seconds; it has at, ms"


OCTOBER = "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z"
HISTOGRAM_HEADER = "start,end,service,contracts,le,count\n"


def test_latency_histograms_are_read_from_cumulative_buckets(tmp_path: Path) -> None:
    path = write(
        tmp_path, "histogram.csv", HISTOGRAM_HEADER
        # Rows in any order; two histograms (two services) interleaved.
        + f"{OCTOBER},api,,+Inf,100\n{OCTOBER},api,,0.5,80\n{OCTOBER},web,acme,1,7\n"
        + f"{OCTOBER},api,,2,97\n{OCTOBER},web,acme,+inf,10\n{OCTOBER},api,,0.1,40\n",
    )  # fmt: skip
    api, web = read_latency_histograms(path, contracts={"acme"})
    assert api.bounds == (timedelta(milliseconds=100), timedelta(milliseconds=500),
                          timedelta(seconds=2))  # fmt: skip
    assert (api.counts, api.total, api.service, api.contracts) == ((40, 80, 97), 100, "api", ())
    assert api.start == datetime(2026, 10, 1, tzinfo=UTC)
    assert api.share_within(timedelta(seconds=2)) == Fraction(97, 100)
    assert (web.counts, web.total, web.contracts) == ((7,), 10, ("acme",))
    assert LATENCY_HISTOGRAM_COLUMNS == ("start", "end", "le", "count")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (f"{OCTOBER},api,,1,90\n{OCTOBER},api,,2,80\n{OCTOBER},api,,+Inf,100\n",
         "row 3, column count: 80 at le=2s is below 90 at le=1s (row 2); counts are "
         "cumulative (requests within each bound), so they never go down"),
        (f"{OCTOBER},api,,1,90\n{OCTOBER},api,,+Inf,89\n",
         "row 3, column count: 89 at le=+Inf is below 90 at le=1s (row 2); the +Inf bucket "
         "counts every request"),
        (f"{OCTOBER},api,,1,90\n{OCTOBER},api,,1.0,95\n{OCTOBER},api,,+Inf,100\n",
         "row 3, column le: le=1s is given twice in this histogram, first in row 2"),
        (f"{OCTOBER},api,,+Inf,90\n{OCTOBER},api,,+Inf,95\n",
         "row 3, column le: +Inf is given twice in this histogram, first in row 2"),
        (f"{OCTOBER},api,,1,90\n{OCTOBER},api,,2,95\n",
         "row 2, column le: this histogram (the rows with this start, end, service and "
         "contracts) has no +Inf row; the +Inf bucket counts every request, and without it "
         "the share of requests within a bound is unknown"),
        (f"{OCTOBER},api,,1,90.5\n", "row 2, column count: '90.5' is not a whole number of "
         "requests"),
        (f"{OCTOBER},api,,1,-3\n", "row 2, column count: '-3' is negative; give 0 requests or "
         "more"),
        (f"{OCTOBER},api,,1,many\n", "row 2, column count: 'many' is not a number of requests"),
        (f"{OCTOBER},api,,-1,3\n", "row 2, column le: '-1' is negative; give 0 seconds or more"),
        (f"{OCTOBER},api,,soon,3\n", "row 2, column le: 'soon' is not a number of seconds"),
        ("2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,api,,1,3\n", "row 2, column end: "
         "2026-10-01T00:00:00+00:00 is not after start (2026-11-01T00:00:00+00:00)"),
        (f"{OCTOBER},api,initech,1,3\n", "row 2, column contracts: 'initech' is not a contract "
         "of this run; known: acme"),
    ],
)  # fmt: skip
def test_bad_latency_histograms_name_the_row_at_fault(
    tmp_path: Path, rows: str, expected: str
) -> None:
    path = write(tmp_path, "histogram.csv", HISTOGRAM_HEADER + rows)
    with pytest.raises(DataFileError) as raised:
        read_latency_histograms(path, contracts={"acme"})
    assert message(raised).startswith(f"{path}, {expected}")


def test_histogram_counts_may_be_written_as_prometheus_floats(tmp_path: Path) -> None:
    path = write(tmp_path, "histogram.csv", HISTOGRAM_HEADER
                 + f"{OCTOBER},api,,1,9.5e1\n{OCTOBER},api,,+Inf,100.0\n")  # fmt: skip
    [histogram] = read_latency_histograms(path)
    assert (histogram.counts, histogram.total) == ((95,), 100)


UTILIZATION_HEADER = "team,start,end,busy_hours,available_hours\n"


def test_utilization_is_read_in_exact_hours(tmp_path: Path) -> None:
    path = write(tmp_path, "utilization.csv", UTILIZATION_HEADER
                 + f"dublin,{OCTOBER},1700.5,2016\naustin,{OCTOBER},0,10.25\n")  # fmt: skip
    dublin, other = read_utilization(path)
    assert (dublin.team, dublin.busy, dublin.available) == (
        "dublin", timedelta(hours=1700, minutes=30), timedelta(hours=2016),
    )  # fmt: skip
    assert dublin.share == Fraction(3401, 4032) and other.share == 0
    assert UTILIZATION_COLUMNS == ("start", "end", "busy_hours", "available_hours")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("90,80", "column busy_hours: 90 is more than available_hours (80); overtime is "
         "available time too, so count it in both"),
        ("0,0", "column available_hours: is 0; a team with no available time has no "
         "utilization"),
        ("-1,80", "column busy_hours: '-1' is negative; give 0 hours or more"),
        ("1,eighty", "column available_hours: 'eighty' is not a number of hours"),
        ("1,", "column available_hours: is empty"),
    ],
)  # fmt: skip
def test_bad_utilization_names_the_cell(tmp_path: Path, cells: str, expected: str) -> None:
    path = write(tmp_path, "utilization.csv", UTILIZATION_HEADER + f"dublin,{OCTOBER},{cells}\n")
    with pytest.raises(DataFileError) as raised:
        read_utilization(path)
    assert message(raised).startswith(f"{path}, row 2, {expected}")
    backwards = write(tmp_path, "backwards.csv", UTILIZATION_HEADER
                      + "dublin,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,1,2\n")  # fmt: skip
    with pytest.raises(DataFileError, match=r"backwards.csv, row 2: invalid TeamUtilization: end"):
        read_utilization(backwards)


def test_frame_cells_give_satisfaction_and_levels_as_numbers() -> None:
    # A DataFrame column of scores with gaps is float (4.0, NaN): a whole float is a score.
    opened = datetime(2026, 10, 5, 9, tzinfo=UTC)
    tickets = Table("the tickets frame", (*TICKET_COLUMNS, "satisfaction"), [
        Row("", "row 0", {"id": "T-1", "severity": "P1", "opened_at": opened,
                          "satisfaction": 4.0}, "T-1"),
        Row("", "row 1", {"id": "T-2", "severity": "P1", "opened_at": opened,
                          "satisfaction": None}, "T-2"),
    ])  # fmt: skip
    events = Table("the events frame", ("ticket_id", "at", "kind", "level"), [
        Row("", "row 0", {"ticket_id": "T-1", "at": opened, "kind": "escalated", "level": 3}),
    ])  # fmt: skip
    first, second = build_tickets(tickets, events)
    assert (first.satisfaction, first.level, second.satisfaction) == (4, SupportLevel.L3, None)
    bad = Table("the tickets frame", (*TICKET_COLUMNS, "satisfaction"), [
        Row("", "row 7", {"id": "T-1", "severity": "P1", "opened_at": opened,
                          "satisfaction": 4.5}, "T-1"),
    ])  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        build_tickets(bad)
    assert message(raised).startswith(
        "row 7 (ticket T-1), column satisfaction: '4.5' is not a whole number"
    )


@given(st.integers(0, 8 * 10**11), st.sampled_from(["plain", "padded", "exponent"]))
def test_latency_seconds_are_read_exactly_however_written(micro: int, form: str) -> None:
    # Plain decimals take a fast path, others (exponents) go through Decimal: both exact.
    seconds = Decimal(micro).scaleb(-6)
    cell = {"plain": f"{seconds:f}", "padded": f"0{seconds:.6f}", "exponent": f"{seconds:E}"}
    with tempfile.TemporaryDirectory() as folder:
        path = write(
            Path(folder), "samples.csv", f"at,seconds\n2026-10-05T09:00:00Z,{cell[form]}\n"
        )
        [sample] = read_latency_samples(path)
        assert sample.latency == timedelta(microseconds=micro)
        hours = write(Path(folder), "hours.csv", "start,end,busy_hours,available_hours\n"
                      f"{OCTOBER},{cell[form]},800000\n")  # fmt: skip
        [record] = read_utilization(hours)
        assert record.busy == timedelta(microseconds=micro * 3600)


def test_a_bad_contract_id_in_a_tickets_file_names_the_row(tmp_path: Path) -> None:
    path = write(
        tmp_path, "tickets.csv", "id,severity,opened_at,contract\nT-1,P1,2026-10-05T09:00:00Z,a/b\n"
    )
    with pytest.raises(DataFileError) as raised:
        read_tickets(path)
    assert message(raised).startswith(f"{path}, row 2: invalid Ticket: contract: 'a/b' is not")


# -- the fast path: checked cells built into tickets without validating them again ------------

_FAST_INSTANTS = (
    "2026-10-05T09:00:00Z", "2026-10-05T10:30:00+01:00", "2026-10-05T09:45:00-05:00",
    "2026-10-06T09:00:00Z", "2026-10-05T09:00:00", "soon", "3100-01-01T00:00:00Z",
    "2999-12-31T23:00:00-05:00", "1900-01-01T00:30:00+01:00",
    datetime(2026, 10, 5, 12, tzinfo=UTC), datetime(2026, 10, 5, 12),  # noqa: DTZ001 (naive: refused)
)  # fmt: skip
_FAST_KINDS = ("responded", "paused", "resumed", "severity_changed", "resolved", "reopened",
               "escalated", "exploded")  # fmt: skip


@st.composite
def _fast_runs(draw: st.DrawFn) -> dict[str, Any]:
    def instant(valid: bool) -> object:
        return draw(st.sampled_from(_FAST_INSTANTS[:4] if valid else _FAST_INSTANTS))

    valid = draw(st.booleans())  # mostly valid cells: the timelines then decide
    ticket_rows = [
        Row("t.csv", f"row {number + 2}", {
            "id": f"T-{number + 1}" if valid else draw(st.sampled_from(("T-1", "T-2", "T-3"))),
            "severity": draw(st.sampled_from(("P1", "sev2") if valid else ("P1", "urgent"))),
            "opened_at": _FAST_INSTANTS[0] if valid else instant(valid),
            "first_response_at": draw(st.sampled_from(("", instant(valid)))),
            "resolved_at": draw(st.sampled_from(("", "2026-10-07T00:00:00Z" if valid
                                                 else instant(valid)))),
            "contract": draw(st.sampled_from(("", "acme", " acme ") if valid
                                             else ("", "acme", "bad id!", "-acme"))),
            "satisfaction": draw(st.sampled_from(("", "4", "5.0") if valid else ("", "4", "9"))),
        })
        for number in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    # Valid: events of the tickets there, mostly of kinds any timeline takes.
    kinds = ("severity_changed", "escalated", "responded", "paused") if valid else _FAST_KINDS
    ids = [f"T-{number + 1}" for number in range(len(ticket_rows))] if valid else []
    event_rows = []
    for number in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(kinds))
        changed, escalated = kind == "severity_changed", kind == "escalated"
        cells = {
            "ticket_id": draw(st.sampled_from(ids or ["T-1", "T-2", "T-3"])),
            "at": draw(st.sampled_from(_FAST_INSTANTS[1:4])) if valid else instant(valid),
            "kind": kind,
            "severity": draw(st.sampled_from(("P1", "sev3"))) if changed or not valid else "",
            "level": draw(st.sampled_from(("L2", "3", "L9"))) if escalated or not valid else "",
        }
        event_rows.append(Row("e.csv", f"row {number + 2}", cells))
    columns = (*TICKET_COLUMNS, *OPTIONAL_TICKET_COLUMNS)
    return {
        "tickets": Table("t.csv", columns, ticket_rows),
        "events": Table("e.csv", ("ticket_id", "at", "kind", "severity", "level"), event_rows),
        "now": draw(st.sampled_from((None, datetime(2026, 11 if valid else 10, 6, tzinfo=UTC)))),
        "contracts": None if valid else draw(st.sampled_from((None, ("acme",)))),
    }


def _validated(model: type[Any], values: dict[str, Any], fields_set: set[str] | None = None) -> Any:
    """The slow twin of ``trusted``: the same values through the model's validation."""
    return model.model_validate({name: value for name, value in values.items()
                                 if fields_set is None or name in fields_set})  # fmt: skip


def _streamed(run: dict[str, Any]) -> list[Ticket] | tuple[type[Exception], str]:
    try:
        return list(iter_tickets(**run))
    except (DataFileError, NaiveDatetimeError) as error:
        return type(error), str(error)


def _constructed(item: Event) -> Event:
    """``item`` as the public constructors build it from a row's cells."""
    if item.severity is not None:
        return Event.severity_changed(item.at, item.severity)
    if item.level is not None:
        return Event.escalated(item.at, item.level)
    return Event(kind=item.kind, at=item.at)


def _same_model(fast: Any, slow: Any) -> None:
    assert fast == slow
    assert type(fast) is type(slow)
    assert list(fast.__dict__) == list(slow.__dict__)
    assert fast.__dict__ == slow.__dict__  # cached properties too (an event's at_us)
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json(exclude_unset=True) == slow.model_dump_json(exclude_unset=True)


@settings(max_examples=400, deadline=None)
@given(_fast_runs())
def test_tickets_built_from_checked_cells_are_those_the_validating_models_build(
    run: dict[str, Any],
) -> None:
    fast = _streamed(run)
    with mock.patch.object(data_files, "trusted", _validated):
        slow = _streamed(run)
    if isinstance(fast, tuple):
        event("an error")
        assert slow == fast  # the same error, word for word
        return
    event("tickets")
    assert isinstance(slow, list) and len(slow) == len(fast)
    for ticket, twin in zip(fast, slow, strict=True):
        _same_model(ticket, twin)
        for item, other in zip(ticket.events, twin.events, strict=True):
            _same_model(item, other)
        # ... and those the public constructors build, as a caller would.
        rebuilt = Ticket(
            ticket.id, ticket.severity, ticket.opened_at,
            [_constructed(item) for item in ticket.events],
            contract=ticket.contract, satisfaction=ticket.satisfaction,
        )  # fmt: skip
        for item in rebuilt.events:
            item.at_us  # noqa: B018 - cached as sorting the timeline caches it
        _same_model(ticket, rebuilt)
