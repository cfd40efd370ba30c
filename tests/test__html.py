"""HTML tables for notebooks: escaped, durations as slakit's text, on every object shown.

The helpers first, then each object a notebook shows (``_repr_html_``): statuses and
lists of them, KPIs, availability, statements, the month-end summary and compliance.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import Enum

import pytest

from slakit import (
    Contract,
    Event,
    Month,
    Outage,
    Ticket,
    availability,
    compliance,
    evaluate,
    kpis,
    month_end,
    monthly_credit,
)
from slakit._html import fields, table, text
from slakit.errors import WrongTypeError
from slakit.reporting import StatusList

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
OPENED = datetime(2026, 10, 5, 9, tzinfo=UTC)  # a Monday
PREMIER = Contract(id="premier", framework="kmp", tier="premier", region="dublin",
                   monthly_fee="USD 20,000", customer=SCRIPT)  # fmt: skip


def cells(page: str) -> list[str]:
    """Every cell's text (th and td), in order."""
    return re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", page)


class Colour(Enum):
    RED = "red"


# -- the helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (timedelta(minutes=-25), "-25m"),
        (timedelta(hours=3, minutes=12), "3h 12m"),
        (timedelta(days=2, hours=1), "49h"),  # never days: a business day has no fixed length
        (timedelta(0), "0s"),
        (None, "-"),
        (True, "yes"),
        (False, "no"),
        (datetime(2026, 10, 5, 9, 30, tzinfo=UTC), "2026-10-05T09:30:00+00:00"),
        (Colour.RED, "red"),
        (7, "7"),
    ],
)
def test_text_shows_values_as_slakit_writes_them(value: object, shown: str) -> None:
    assert text(value) == shown


def test_table_escapes_every_cell_caption_and_header() -> None:
    page = table([SCRIPT], [[SCRIPT]], caption=SCRIPT, foot=[SCRIPT])
    assert "<script>" not in page
    assert page.count(ESCAPED) == 4
    assert page == (
        f"<table><caption>{ESCAPED}</caption><thead><tr><th>{ESCAPED}</th></tr></thead>"
        f"<tbody><tr><td>{ESCAPED}</td></tr></tbody><tfoot><tr><th>{ESCAPED}</th></tr></tfoot>"
        "</table>"
    )


def test_table_aligns_named_columns_right() -> None:
    page = table(["name", "amount"], [["a", 1]], right={"amount"})
    assert '<th style="text-align:right">amount</th>' in page
    assert '<td style="text-align:right">1</td>' in page
    assert "<td>a</td>" in page


def test_fields_is_a_name_value_table() -> None:
    page = fields([("a", 1), ("b", None)], caption="x")
    assert cells(page) == ["field", "value", "a", "1", "b", "-"]


# -- every object a notebook shows --------------------------------------------------------------


def late_sev1(ticket_id: str = SCRIPT) -> Ticket:
    # Premier Sev1 response: 15 minutes on the 24x7 clock; nobody has answered at 09:40.
    return Ticket(ticket_id, "sev1", OPENED, contract="premier")


def test_a_ticket_status_shows_durations_as_text_and_escapes_its_id() -> None:
    status = evaluate(late_sev1(), PREMIER, "2026-10-05T09:40:00Z")
    page = status._repr_html_()
    assert "<script>" not in page and ESCAPED in page
    assert "-25m" in page  # remaining, 25 minutes past the 09:15 deadline
    assert "day" not in page  # never -1 day, 23:35:00
    row = cells(page)[10:20]  # the header has 10 cells; then the response row
    assert row[:5] == ["response", "SEV1", "running", "15m 24x7", "2026-10-05T09:15:00+00:00"]
    assert row[5:7] == ["40m", "-25m"]


def test_a_metric_status_shows_each_field() -> None:
    metric = evaluate(late_sev1(), PREMIER, "2026-10-05T09:40:00Z").response
    page = metric._repr_html_()
    pairs = dict(zip(cells(page)[2::2], cells(page)[3::2], strict=True))
    assert pairs["remaining"] == "-25m"
    assert pairs["elapsed"] == "40m"
    assert pairs["breached"] == "yes"
    assert pairs["met"] == "no"  # decided: already past its target
    assert pairs["cycles"] == "1"


def test_a_list_of_statuses_is_one_table_with_a_row_per_ticket() -> None:
    now = "2026-10-05T09:40:00Z"
    statuses = StatusList(evaluate(late_sev1(f"T-{n}"), PREMIER, now) for n in range(3))
    assert isinstance(statuses, tuple) and len(statuses) == 3
    page = statuses._repr_html_()
    assert page.count("<tr>") == 1 + 3
    assert "<caption>3 ticket statuses</caption>" in page
    assert cells(page)[: len(StatusList.COLUMNS)] == list(StatusList.COLUMNS)
    assert page.count(">-25m<") == 3
    script = StatusList([evaluate(late_sev1(), PREMIER, now)])._repr_html_()
    assert "<script>" not in script and ESCAPED in script


def test_a_long_list_shows_its_first_rows_and_says_how_many_there_are() -> None:
    status = evaluate(late_sev1("T-1"), PREMIER, "2026-10-05T09:40:00Z")
    page = StatusList([status] * (StatusList.SHOWN + 5))._repr_html_()
    assert page.count("<tr>") == 1 + StatusList.SHOWN
    assert (
        f"{StatusList.SHOWN + 5:,} ticket statuses (the first {StatusList.SHOWN:,} shown)" in page
    )


def test_a_status_list_holds_statuses_only() -> None:
    with pytest.raises(WrongTypeError, match="status 1 is a str, not a TicketStatus"):
        StatusList([evaluate(late_sev1("T-1"), PREMIER, OPENED), "T-2"])  # type: ignore[list-item]


def test_kpis_show_times_as_text() -> None:
    ticket = Ticket("T-1", "sev2", OPENED, events=[Event.responded(OPENED + timedelta(hours=3))])
    status = evaluate(ticket, PREMIER, datetime(2026, 11, 1, tzinfo=UTC))
    page = kpis([status], Month(2026, 10))._repr_html_()
    pairs = dict(zip(cells(page)[2::2], cells(page)[3::2], strict=True))
    assert pairs["first_response_median"] == "3h"
    assert pairs["resolution_median"] == "-"
    assert pairs["tickets"] == "1"
    assert "KPIs, October 2026" in page


def test_availability_shows_each_outage_and_the_totals() -> None:
    outage = Outage(start=OPENED, end=OPENED + timedelta(hours=1, minutes=12), id=SCRIPT)
    page = availability([outage], Month(2026, 10))._repr_html_()
    assert "<script>" not in page and ESCAPED in page
    # 1h 12m of 744h: 99.8387...% rounded down.
    assert "<caption>Availability 99.8387%, October 2026</caption>" in page
    assert cells(page)[5:] == [
        ESCAPED, "2026-10-05T09:00:00+00:00", "2026-10-05T10:12:00+00:00", "1h 12m", "0s",
        "total", "2026-10-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00", "1h 12m", "0s",
    ]  # fmt: skip


def test_a_statement_escapes_its_customer_and_ticket_ids() -> None:
    ticket = Ticket(SCRIPT, "sev1", OPENED, events=[Event.responded(OPENED + timedelta(hours=2))])
    page = monthly_credit(PREMIER, "2026-10", tickets=[ticket])._repr_html_()
    assert "<script>" not in page
    assert page.count(ESCAPED) == 2  # the customer in the caption, the ticket behind the line
    assert cells(page)[-4:] == ["total", "", "USD 5,000.00", ""]


def test_the_month_end_summary_is_a_table_per_customer() -> None:
    ticket = late_sev1("T-1").model_copy(
        update={"events": (Event.responded(OPENED + timedelta(hours=2)),)}
    )
    page = month_end([PREMIER], "2026-10", tickets=[ticket])._repr_html_()
    assert "<script>" not in page and ESCAPED in page
    assert page.count("<tr>") == 1 + 1
    assert "<caption>Month-end 2026-10: 1 customer</caption>" in page
    assert "<td>5000.00</td>" in page


def test_a_compliance_report_is_a_table_of_its_rows() -> None:
    ticket = Ticket("T-1", "sev1", OPENED, events=[Event.responded(OPENED + timedelta(hours=2))])
    status = evaluate(ticket, PREMIER, datetime(2026, 11, 1, tzinfo=UTC))
    page = compliance([status], Month(2026, 10))._repr_html_()
    assert cells(page) == [
        "tier", "severity", "metric", "met", "breached", "rate", "goal", "result",
        "premier", "SEV1", "response", "0", "1", "0.00%", "99%", "FAIL",
    ]  # fmt: skip
