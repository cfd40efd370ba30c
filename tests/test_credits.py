"""Monthly service credits under the KMP seed's "SLA Credit Structure", worked out by hand.

The seed (KMP Enterprise Support, "Service Guarantees & SLA Credits"):

    Availability <99.9%: 10% · <99.5%: 25% · <99.0%: 50% of the monthly fee
    Critical Response >1 hour: $5,000 per incident · High Response >4 hours: $2,500
    Security Breach: 100% · Maximum Monthly Credit: 100% of monthly fees

DESIGN.md §3 "Credits": the most severe band applies, not the sum; thresholds are
measured on the metric's own clock (Sev1 Premier runs 24x7, Sev2 on the centre's
12x5 business hours); an incident belongs to the billing-timezone month in which
its breach happened; lines are rounded half up to the currency's minor unit.

Calendar facts used (2026): 1 Oct is a Thursday; Dublin is on IST (UTC+1) until
Sun 25 Oct 01:00 UTC, so its 12x5 hours 06:00–18:00 are 05:00–17:00 UTC in early
October; Singapore is UTC+8 all year; Chicago is on CDT (UTC−5) until Sun 1 Nov
07:00 UTC. Every expected amount is arithmetic in a comment; none is computed by
calling slakit.
"""

from __future__ import annotations

import csv
import io
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import slakit
from slakit import (
    Contract,
    CreditLine,
    CreditStatement,
    Event,
    Framework,
    MaintenanceRule,
    MaintenanceWindow,
    Money,
    Month,
    Outage,
    SecurityBreach,
    Severity,
    Ticket,
    availability,
    evaluate,
    load_contract,
    monthly_credit,
)
from slakit.credits import EVIDENCE_COLUMNS, IncidentEvidence, IncidentTally
from slakit.data_files import read_maintenance, read_outages, read_tickets
from slakit.errors import PolicyError, UsageError, WrongTypeError
from slakit.example_data import data_dir
from slakit.provenance import InputFile

H = timedelta(hours=1)
M = timedelta(minutes=1)
S = timedelta(seconds=1)
US = timedelta(microseconds=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


def premier(billing_timezone: str = "UTC", fee: str | None = "USD 20,000") -> Contract:
    return Contract(
        framework="kmp",
        tier="premier",
        region="dublin",
        monthly_fee=fee,
        billing_timezone=billing_timezone,
        customer="Acme Foods",
    )


PREMIER = premier()


def responded(ticket_id: str, severity: str, opened: datetime, after: timedelta) -> Ticket:
    return Ticket(ticket_id, severity, opened, events=[Event.responded(opened + after)])


def amounts(statement: CreditStatement) -> list[tuple[str, Money]]:
    return [(line.kind, line.amount) for line in statement.lines]


def lines_add_up(statement: CreditStatement) -> bool:
    total = sum((line.amount.amount for line in statement.lines), Decimal(0))
    return total == statement.total.amount


# --- October 2026 at Acme: the worked example ----------------------------------------------

# Sev1 (24x7 clock), opened Tue 6 Oct 10:00 UTC, answered after 1 h 30 min > 1 h: owed.
T101 = responded("T-101", "sev1", utc(2026, 10, 6, 10), 90 * M)
# Sev1 on a Saturday night, 22:00 → 00:10 UTC: 2 h 10 min on the 24x7 clock > 1 h: owed.
T102 = responded("T-102", "sev1", utc(2026, 10, 10, 22), 2 * H + 10 * M)
# Sev2 (12x5 Dublin, 05:00–17:00 UTC), opened Thu 8 Oct 15:00 UTC, answered Fri 9 Oct 08:00
# UTC: Thu 15:00–17:00 = 2 h, Fri 05:00–08:00 = 3 h → 5 business hours > 4: owed.
T103 = Ticket("T-103", "sev2", utc(2026, 10, 8, 15), events=[Event.responded(utc(2026, 10, 9, 8))])
# Sev2 opened Thu 16:30 UTC, answered Fri 08:00 UTC: 0.5 h + 3 h = 3.5 business hours ≤ 4,
# although 15.5 h went by on the wall: nothing owed.
T104 = Ticket(
    "T-104", "sev2", utc(2026, 10, 8, 16, 30), events=[Event.responded(utc(2026, 10, 9, 8))]
)
# Sev1 answered after exactly 1 h: "more than 1 hour" is not met, nothing owed.
T105 = responded("T-105", "sev1", utc(2026, 10, 12, 10), H)
# Sev3 answered a week later: the seed has no Sev3 credit.
T106 = responded("T-106", "sev3", utc(2026, 10, 13, 10), timedelta(days=7))
OCTOBER_TICKETS = [T101, T102, T103, T104, T105, T106]


def test_two_late_sev1_and_one_late_sev2_responses_owe_12_500() -> None:
    statement = monthly_credit(PREMIER, "2026-10", tickets=OCTOBER_TICKETS)
    # 2 × 5,000 + 1 × 2,500 = 12,500, below the 20,000 cap.
    assert amounts(statement) == [("incident", usd("10000")), ("incident", usd("2500"))]
    sev1, sev2 = statement.lines
    assert sev1.tickets == ("T-101", "T-102")
    assert sev2.tickets == ("T-103",)
    assert "24x7" in sev1.reason
    assert "business" in sev2.reason
    assert statement.subtotal == usd("12500")
    assert statement.total == usd("12500")
    assert statement.total.amount == Decimal("12500.00")
    assert statement.currency == "USD"
    # No outages: 100% available, and the statement says so.
    assert statement.availability == Decimal(100)
    assert statement.month == Month(2026, 10, "UTC")
    assert (statement.customer, statement.framework, statement.tier) == (
        "Acme Foods",
        "kmp",
        "premier",
    )
    assert statement.monthly_fee == usd("20000")
    assert lines_add_up(statement)


def test_a_sev1_response_at_exactly_one_hour_owes_nothing() -> None:
    assert monthly_credit(PREMIER, "2026-10", tickets=[T105]).lines == ()
    # One microsecond more is more than 1 hour: 5,000.
    later = responded("T-105b", "sev1", utc(2026, 10, 12, 10), H + US)
    assert amounts(monthly_credit(PREMIER, "2026-10", tickets=[later])) == [
        ("incident", usd("5000"))
    ]


def test_a_sev2_response_at_exactly_four_business_hours_owes_nothing() -> None:
    # Opened Thu 8 Oct 14:00 UTC, answered Fri 9 Oct 06:00 UTC: Thu 14:00–17:00 = 3 h,
    # Fri 05:00–06:00 = 1 h → exactly 4 business hours.
    opened, answered = utc(2026, 10, 8, 14), utc(2026, 10, 9, 6)
    exact = Ticket("T-200", "sev2", opened, events=[Event.responded(answered)])
    assert monthly_credit(PREMIER, "2026-10", tickets=[exact]).lines == ()
    late = Ticket("T-201", "sev2", opened, events=[Event.responded(answered + US)])
    assert amounts(monthly_credit(PREMIER, "2026-10", tickets=[late])) == [
        ("incident", usd("2500"))
    ]


def test_sev2_hours_outside_business_time_do_not_count() -> None:
    # Opened Fri 9 Oct 16:00 UTC (17:00 IST), answered Mon 12 Oct 07:00 UTC (08:00 IST):
    # Fri 16:00–17:00 = 1 h, Mon 05:00–07:00 = 2 h → 3 business hours over a 63-h weekend.
    weekend = Ticket(
        "T-202", "sev2", utc(2026, 10, 9, 16), events=[Event.responded(utc(2026, 10, 12, 7))]
    )
    assert monthly_credit(PREMIER, "2026-10", tickets=[weekend]).lines == ()


def test_an_unanswered_sev1_is_owed_once_an_hour_has_passed_by_now() -> None:
    silent = Ticket("T-300", "sev1", utc(2026, 10, 20, 10))
    # At 10:30 the clock shows 30 min: nothing yet.
    early = monthly_credit(PREMIER, "2026-10", tickets=[silent], now=utc(2026, 10, 20, 10, 30))
    assert early.lines == ()
    # At 11:30 the hour passed at 11:00, inside October: 5,000.
    late = monthly_credit(PREMIER, "2026-10", tickets=[silent], now=utc(2026, 10, 20, 11, 30))
    assert amounts(late) == [("incident", usd("5000"))]
    # By default tickets are evaluated at the month's end.
    assert amounts(monthly_credit(PREMIER, "2026-10", tickets=[silent])) == [
        ("incident", usd("5000"))
    ]


def test_events_after_now_are_ignored() -> None:
    # T-101 answered at 11:30; at 10:45 it has run 45 min and owes nothing yet.
    statement = monthly_credit(PREMIER, "2026-10", tickets=[T101], now=utc(2026, 10, 6, 10, 45))
    assert statement.lines == ()


def test_an_upgrade_to_sev1_is_owed_as_sev1_from_the_change() -> None:
    # Sev2 opened Tue 6 Oct 10:00 UTC, raised to Sev1 at 12:00, answered at 12:30. Retargeted,
    # the Sev1 24x7 clock runs from 10:00: 1 h passed at 11:00, so the breach is the change at
    # 12:00 (DESIGN §3), inside October: one Sev1 credit, 5,000. As a Sev2 it would have had
    # 2.5 business hours, under 4.
    upgraded = Ticket(
        "T-400",
        "sev2",
        utc(2026, 10, 6, 10),
        events=[
            Event.severity_changed(utc(2026, 10, 6, 12), "sev1"),
            Event.responded(utc(2026, 10, 6, 12, 30)),
        ],
    )
    statement = monthly_credit(PREMIER, "2026-10", tickets=[upgraded])
    assert amounts(statement) == [("incident", usd("5000"))]
    assert statement.lines[0].tickets == ("T-400",)
    assert "SEV1" in statement.lines[0].reason


# A breach is final (DESIGN §3). Sev1 opened Mon 5 Oct 09:00 UTC on KMP Premier, whose
# Sev1 response target is 15 min 24x7 and whose Sev1 response credit is USD 5,000 for
# more than 1 hour. Sev3's response target is 8 business hours (Dublin 12x5 is
# 05:00-17:00 UTC in October, IST).


def test_a_late_sev1_downgraded_to_sev3_still_owes_the_sev1_credit() -> None:
    # Downgraded at 11:00, when the response clock had run 2 h > 15 min: breached at
    # 09:15 as a Sev1, and it stays a Sev1 response. Answered at 12:00: 3 h on the 24x7
    # clock > max(1 h, 15 min), past 1 h at 10:00 in October: USD 5,000.
    downgraded = Ticket(
        "T-600",
        "sev1",
        utc(2026, 10, 5, 9),
        events=[
            Event.severity_changed(utc(2026, 10, 5, 11), "sev3"),
            Event.responded(utc(2026, 10, 5, 12)),
        ],
    )
    response = evaluate(downgraded, PREMIER, utc(2026, 10, 5, 13)).response
    assert response.severity is Severity.SEV1
    assert response.breached_at == utc(2026, 10, 5, 9, 15)
    assert response.elapsed == 3 * H
    statement = monthly_credit(PREMIER, "2026-10", tickets=[downgraded])
    assert amounts(statement) == [("incident", usd("5000"))]
    assert statement.lines[0].tickets == ("T-600",)
    assert statement.lines[0].reason == (
        "1 SEV1 ticket whose response took more than 1h (24x7 clock): USD 5,000.00 each"
    )
    assert statement.total == usd("5000")
    # Already owed at 10:00, when the hour had passed, before the downgrade.
    at_ten = monthly_credit(PREMIER, "2026-10", tickets=[downgraded], now=utc(2026, 10, 5, 10, 1))
    assert amounts(at_ten) == [("incident", usd("5000"))]


def test_a_sev1_downgraded_after_its_target_but_before_the_threshold_owes_the_sev1_credit() -> None:
    # docs/catalogs.md: after a final breach the incident rules of the breached severity
    # still apply. Breached at 09:15 (15 min target), downgraded to Sev3 at 09:20, when
    # the 1 h threshold had not yet passed; answered at 11:00. The response clock runs as
    # Sev1 (24x7) throughout: 2 h > max(1 h, 15 min), past 1 h at 10:00: USD 5,000.
    downgraded = Ticket(
        "T-603",
        "sev1",
        utc(2026, 10, 5, 9),
        events=[
            Event.severity_changed(utc(2026, 10, 5, 9, 20), "sev3"),
            Event.responded(utc(2026, 10, 5, 11)),
        ],
    )
    response = evaluate(downgraded, PREMIER, utc(2026, 10, 5, 13)).response
    assert response.severity is Severity.SEV1
    assert response.breached_at == utc(2026, 10, 5, 9, 15)
    assert response.elapsed == 2 * H
    statement = monthly_credit(PREMIER, "2026-10", tickets=[downgraded])
    assert amounts(statement) == [("incident", usd("5000"))]
    (evidence,) = statement.lines[0].incidents
    assert (evidence.severity, evidence.clock, evidence.elapsed) == (Severity.SEV1, "24x7", 2 * H)
    assert evidence.breached_at == utc(2026, 10, 5, 10)  # the hour ran out after the downgrade
    # At 09:59 the hour had not passed: nothing owed yet.
    early = monthly_credit(PREMIER, "2026-10", tickets=[downgraded], now=utc(2026, 10, 5, 9, 59))
    assert amounts(early) == []


def test_a_breach_upgraded_in_the_next_month_is_owed_once() -> None:
    # KMP Standard, Dublin (12x5 = 06:00-18:00 UTC once Irish summer time ends on
    # 25 October; Sev2 response 4 business hours, credit USD 2,500 over 4 h; Sev1 response
    # 1 h 24x7, credit USD 5,000 over 1 h). A Sev2 opened Fri 30 Oct 09:00 UTC uses its
    # 4 business hours at 13:00 and is breached in October. Raised to Sev1 on Mon 2 Nov
    # 09:00 and answered at 10:00: the breach is final, so it stays a Sev2 breach of
    # October, owed once (USD 2,500 in October) and never again as a Sev1 in November.
    standard = Contract(framework="kmp", tier="standard", region="dublin", monthly_fee="USD 20,000")
    raised = Ticket(
        "T-602",
        "sev2",
        utc(2026, 10, 30, 9),
        events=[
            Event.severity_changed(utc(2026, 11, 2, 9), "sev1"),
            Event.responded(utc(2026, 11, 2, 10)),
        ],
    )
    response = evaluate(raised, standard, utc(2026, 11, 2, 11)).response
    assert response.severity is Severity.SEV2
    assert response.breached_at == utc(2026, 10, 30, 13)
    october = monthly_credit(standard, "2026-10", tickets=[raised])
    assert amounts(october) == [("incident", usd("2500"))]
    # October re-run after the upgrade is known: the same.
    rerun = monthly_credit(standard, "2026-10", tickets=[raised], now=utc(2026, 12, 1))
    assert amounts(rerun) == [("incident", usd("2500"))]
    assert amounts(monthly_credit(standard, "2026-11", tickets=[raised])) == []


def test_a_sev1_downgraded_before_its_target_ran_out_is_a_sev3() -> None:
    # Downgraded at 09:10, 10 min into its 15: not breached, so Sev3's 8 business hours
    # apply from opening. Answered at 12:00: 09:00-12:00 = 3 business hours ≤ 8, met,
    # and the seed has no Sev3 credit anyway: nothing owed.
    downgraded = Ticket(
        "T-601",
        "sev1",
        utc(2026, 10, 5, 9),
        events=[
            Event.severity_changed(utc(2026, 10, 5, 9, 10), "sev3"),
            Event.responded(utc(2026, 10, 5, 12)),
        ],
    )
    response = evaluate(downgraded, PREMIER, utc(2026, 10, 5, 13)).response
    assert response.severity is Severity.SEV3
    assert str(response.target) == "8h business"
    assert response.elapsed == 3 * H
    assert response.met is True
    statement = monthly_credit(PREMIER, "2026-10", tickets=[downgraded])
    assert statement.lines == ()
    assert statement.total == usd("0")


# --- a credit is owed only for a breach of the tier's own target (DESIGN §3) -----------------

# KMP Basic runs every target on business hours, and its Sev1 response target is 4 hours:
# "Critical Response >1 hour" owes USD 5,000 only when the response also missed those
# 4 hours, i.e. took more than max(1 h, 4 h) = 4 business hours. Dublin 12x5 is
# 05:00-17:00 UTC in early October (IST).
BASIC = Contract(
    framework="kmp", tier="basic", region="dublin", monthly_fee="USD 20,000", customer="Acme"
)


def test_a_basic_sev1_answered_within_its_4_hour_target_owes_nothing() -> None:
    opened = utc(2026, 10, 6, 10)  # Tuesday
    # 2 business hours: more than the 1-hour threshold, within the 4-hour target.
    within = responded("B-1", "sev1", opened, 2 * H)
    # Exactly 4 business hours (10:00-14:00): met ("within" is inclusive).
    exactly = responded("B-2", "sev1", opened, 4 * H)
    assert monthly_credit(BASIC, "2026-10", tickets=[within, exactly]).lines == ()
    # One microsecond more misses the target: 5,000.
    late = responded("B-3", "sev1", opened, 4 * H + US)
    statement = monthly_credit(BASIC, "2026-10", tickets=[within, exactly, late])
    assert amounts(statement) == [("incident", usd("5000"))]
    assert statement.lines[0].tickets == ("B-3",)
    assert statement.lines[0].reason == (
        "1 SEV1 ticket whose response took more than its 4h business target: USD 5,000.00 each"
    )


def test_a_basic_sev1_is_measured_in_business_hours() -> None:
    # Opened Thu 8 Oct 15:00 UTC, answered Fri 9 Oct 08:00 UTC: Thu 15:00-17:00 = 2 h,
    # Fri 05:00-08:00 = 3 h, 5 business hours > 4: owed (the 4 h ran out Fri 07:00 UTC).
    late = Ticket(
        "B-4", "sev1", utc(2026, 10, 8, 15), events=[Event.responded(utc(2026, 10, 9, 8))]
    )
    # Opened Fri 9 Oct 16:00 UTC, answered Mon 12 Oct 07:00 UTC: 1 h + 2 h = 3 business
    # hours over a 63-hour weekend: within the target.
    weekend = Ticket(
        "B-5", "sev1", utc(2026, 10, 9, 16), events=[Event.responded(utc(2026, 10, 12, 7))]
    )
    statement = monthly_credit(BASIC, "2026-10", tickets=[late, weekend])
    assert amounts(statement) == [("incident", usd("5000"))]
    assert statement.lines[0].tickets == ("B-4",)


def test_a_basic_sev2_owes_only_past_its_12_hour_target() -> None:
    # Basic Sev2 response target: 12 business hours; the credit's threshold is 4 hours.
    # Opened Tue 6 Oct 06:00 UTC, answered 16:00 UTC: 10 business hours, no credit.
    within = responded("B-6", "sev2", utc(2026, 10, 6, 6), 10 * H)
    assert monthly_credit(BASIC, "2026-10", tickets=[within]).lines == ()
    # Opened Tue 6 Oct 06:00 UTC, answered Wed 7 Oct 06:00 UTC: Tue 06:00-17:00 = 11 h,
    # Wed 05:00-06:00 = 1 h: exactly 12 h, met. At 06:30: 12.5 h, 2,500.
    exactly = Ticket(
        "B-7", "sev2", utc(2026, 10, 6, 6), events=[Event.responded(utc(2026, 10, 7, 6))]
    )
    late = Ticket(
        "B-8", "sev2", utc(2026, 10, 6, 6), events=[Event.responded(utc(2026, 10, 7, 6, 30))]
    )
    statement = monthly_credit(BASIC, "2026-10", tickets=[exactly, late])
    assert amounts(statement) == [("incident", usd("2500"))]
    assert statement.lines[0].tickets == ("B-8",)
    assert statement.lines[0].reason == (
        "1 SEV2 ticket whose response took more than its 12h business target: USD 2,500.00 each"
    )


# --- which month an incident belongs to ----------------------------------------------------

# Sev1 opened Sat 31 Oct 23:30 UTC, answered Sun 1 Nov 00:45 UTC (1 h 15 min): the hour
# passed at 1 Nov 00:30 UTC, so it is November's incident.
HALLOWEEN = responded("T-500", "sev1", utc(2026, 10, 31, 23, 30), 75 * M)


def test_an_incident_belongs_to_the_month_its_breach_happened_in() -> None:
    assert monthly_credit(PREMIER, "2026-10", tickets=[HALLOWEEN]).lines == ()
    # Evaluating later does not move it into October.
    later = monthly_credit(PREMIER, "2026-10", tickets=[HALLOWEEN], now=utc(2026, 12, 1))
    assert later.lines == ()
    november = monthly_credit(PREMIER, "2026-11", tickets=[HALLOWEEN])
    assert amounts(november) == [("incident", usd("5000"))]
    assert november.lines[0].tickets == ("T-500",)


# Sev1 opened Sat 31 Oct 15:30 UTC, answered 17:30 UTC (2 h): the hour passed at 16:30 UTC,
# which is 31 Oct in UTC but Sun 1 Nov 00:30 in Singapore (UTC+8).
SINGAPORE_NIGHT = responded("T-501", "sev1", utc(2026, 10, 31, 15, 30), 2 * H)
# Sev1 opened Sun 1 Nov 01:00 UTC, answered 03:00 UTC: the hour passed at 1 Nov 02:00 UTC,
# which is Sat 31 Oct 21:00 CDT in Chicago (UTC−5).
CHICAGO_EVENING = responded("T-502", "sev1", utc(2026, 11, 1, 1), 2 * H)


def credited(contract: Contract, month: str, ticket: Ticket) -> bool:
    """Whether the month's statement owes a credit for ``ticket`` (alone)."""
    lines = monthly_credit(contract, month, tickets=[ticket]).lines
    assert [line.tickets for line in lines] in ([], [(ticket.id,)])
    return bool(lines)


def test_the_month_boundary_is_the_billing_timezone_s() -> None:
    singapore = premier("Asia/Singapore")
    chicago = premier("America/Chicago")
    assert credited(PREMIER, "2026-10", SINGAPORE_NIGHT)
    assert not credited(singapore, "2026-10", SINGAPORE_NIGHT)
    assert credited(singapore, "2026-11", SINGAPORE_NIGHT)

    assert credited(PREMIER, "2026-11", CHICAGO_EVENING)
    assert credited(chicago, "2026-10", CHICAGO_EVENING)
    assert not credited(chicago, "2026-11", CHICAGO_EVENING)


def test_a_breach_that_runs_out_at_closing_time_belongs_to_the_month_the_clock_runs_on() -> None:
    # Premier Sev2 (4 business hours for the credit), opened Fri 30 Oct 14:00 UTC: Dublin
    # is back on GMT, so 12x5 is 06:00-18:00 UTC and 14:00-18:00 uses exactly 4 h at
    # Friday's close. The weekend is closed; Monday 2 Nov opens at 06:00 and the answer
    # comes at 08:00: 6 business hours. At October's end the clock shows exactly 4 h (not
    # more), so October owes nothing; it went past 4 h at Mon 2 Nov 06:00: November's.
    # (Dating the breach Friday 18:00 would have owed it in neither month.)
    ticket = Ticket(
        "T-503", "sev2", utc(2026, 10, 30, 14), events=[Event.responded(utc(2026, 11, 2, 8))]
    )
    assert monthly_credit(PREMIER, "2026-10", tickets=[ticket]).lines == ()
    november = monthly_credit(PREMIER, "2026-11", tickets=[ticket])
    assert amounts(november) == [("incident", usd("2500"))]
    assert november.lines[0].tickets == ("T-503",)


def test_every_late_ticket_is_owed_in_exactly_one_month() -> None:
    # Sev2 tickets opened every 2 hours from Thu 29 Oct 08:00 to Sat 31 Oct 22:00 UTC,
    # answered 1 to 90 hours later: over October and November together, each ticket whose
    # response took more than 4 business hours (measured here with the calendar itself)
    # is owed exactly once, whichever side of the month's end its clock ran out on.
    calendar = PREMIER.business_calendar
    tickets, late = [], set()
    for step in range(32):
        opened = utc(2026, 10, 29, 8) + step * 2 * H
        for hours in (1, 3, 4, 5, 9, 17, 30, 60, 66, 90):
            ticket = responded(f"T-{step}-{hours}", "sev2", opened, hours * H)
            tickets.append(ticket)
            if calendar.elapsed(opened, opened + hours * H) > 4 * H:
                late.add(ticket.id)
    owed = [
        ticket_id
        for month in ("2026-10", "2026-11")
        for line in monthly_credit(PREMIER, month, tickets=tickets).lines
        for ticket_id in line.tickets
    ]
    assert sorted(owed) == sorted(late)
    assert 0 < len(late) < len(tickets)


def test_the_statement_does_not_depend_on_the_order_of_its_inputs() -> None:
    # The same month, the same facts: the statement is the same whatever order the export
    # lists tickets and outages in.
    outages = [
        outage_of(2 * H, utc(2026, 10, 20), "O-B"),
        outage_of(2 * H, utc(2026, 10, 5), "O-A"),
    ]
    forward = monthly_credit(PREMIER, "2026-10", tickets=OCTOBER_TICKETS, outages=outages)
    backward = monthly_credit(
        PREMIER, "2026-10", tickets=OCTOBER_TICKETS[::-1], outages=outages[::-1]
    )
    assert forward == backward


def test_a_month_object_is_taken_as_given() -> None:
    # A Month names its own timezone: November in Singapore holds T-501 even under a
    # UTC-billed contract.
    statement = monthly_credit(
        PREMIER, Month(2026, 11, "Asia/Singapore"), tickets=[SINGAPORE_NIGHT]
    )
    assert [line.tickets for line in statement.lines] == [("T-501",)]
    assert statement.month == Month(2026, 11, "Asia/Singapore")


def test_the_month_text_is_read_in_the_billing_timezone() -> None:
    statement = monthly_credit(premier("Europe/Dublin"), "2026-10")
    assert statement.month == Month(2026, 10, "Europe/Dublin")
    # 1 Oct 00:00 IST = 30 Sep 23:00 UTC.
    assert statement.month.start == utc(2026, 9, 30, 23)


def test_tickets_opened_after_the_month_are_not_october_s() -> None:
    # A whole export handed over for October's statement: a Sev1 opened Thu 5 Nov and
    # answered after 2 h breached in November, so October owes only T-101's 5,000.
    # At the month's end (when tickets are evaluated) T-600 had not even been opened,
    # so it cannot have breached by then.
    november = responded("T-600", "sev1", utc(2026, 11, 5, 10), 2 * H)
    statement = monthly_credit(PREMIER, "2026-10", tickets=[T101, november])
    assert amounts(statement) == [("incident", usd("5000"))]
    assert statement.lines[0].tickets == ("T-101",)
    # T-502, opened 1 Nov 01:00 UTC, is not October's under UTC billing either.
    assert monthly_credit(PREMIER, "2026-10", tickets=[CHICAGO_EVENING]).lines == ()


# --- availability bands --------------------------------------------------------------------

APRIL = "2026-04"  # 30 days = 2,592,000 s in UTC


def outage_of(length: timedelta, start: datetime, id: str = "") -> Outage:
    return Outage(start=start, end=start + length, id=id)


@pytest.mark.parametrize(
    ("down", "credit"),
    [
        # 43 min 12 s = 0.1% of 2,592,000 s: exactly 99.9%, nothing.
        (43 * M + 12 * S, None),
        # 1 µs more: below 99.9% → 10% of 20,000 = 2,000.
        (43 * M + 12 * S + US, "2000"),
        # 3 h 36 min = 12,960 s = 0.5%: exactly 99.5%, still only the 10% band.
        (3 * H + 36 * M, "2000"),
        # below 99.5% → 25% of 20,000 = 5,000.
        (3 * H + 36 * M + US, "5000"),
        # 7 h 12 min = 25,920 s = 1%: exactly 99.0%, the 25% band.
        (7 * H + 12 * M, "5000"),
        # below 99.0% → 50% of 20,000 = 10,000.
        (7 * H + 12 * M + US, "10000"),
    ],
)
def test_availability_bands_at_their_edges(down: timedelta, credit: str | None) -> None:
    statement = monthly_credit(
        PREMIER, APRIL, outages=[outage_of(down, utc(2026, 4, 14, 3), "O-1")]
    )
    if credit is None:
        assert statement.lines == ()
        assert statement.availability == Decimal("99.9")
    else:
        assert amounts(statement) == [("availability", usd(credit))]
        assert statement.lines[0].outages == ("O-1",)
    assert statement.total == usd(credit or "0")


def test_the_most_severe_band_applies_not_the_sum() -> None:
    # 24 h down in April: 1 − 86,400 / 2,592,000 = 1 − 1/30 ≈ 96.67%, below all three bands.
    # Owed: 50% = 10,000, not 10% + 25% + 50% = 85% = 17,000.
    statement = monthly_credit(PREMIER, APRIL, outages=[outage_of(24 * H, utc(2026, 4, 14), "O-1")])
    assert amounts(statement) == [("availability", usd("10000"))]
    assert "50%" in statement.lines[0].reason
    # 96.666...% shown rounded down.
    assert statement.availability == Decimal("96.6666")


def test_the_availability_line_lists_the_outages_of_the_month() -> None:
    outages = [
        outage_of(2 * H, utc(2026, 3, 20), "O-MARCH"),  # March: not behind April's line
        outage_of(2 * H, utc(2026, 4, 3), "O-1"),
        outage_of(2 * H, utc(2026, 4, 30, 23), "O-2"),  # 1 h in April, 1 h in May
        outage_of(2 * H, utc(2026, 5, 3), "O-MAY"),
    ]
    # April: 2 h + 1 h = 3 h = 10,800 s of 2,592,000 s → 99.583...% → 10% = 2,000.
    statement = monthly_credit(PREMIER, APRIL, outages=outages)
    assert amounts(statement) == [("availability", usd("2000"))]
    assert statement.lines[0].outages == ("O-1", "O-2")


def test_scheduled_maintenance_is_not_downtime_in_a_statement() -> None:
    # Sun 12 Apr 2026 00:00–04:00 UTC is 02:00–06:00 CEST. Without maintenance: 4 h =
    # 14,400 s > 12,960 s → below 99.5% → 25% = 5,000. Sunday 02:00–04:00 Amsterdam
    # (00:00–02:00 UTC) is maintenance: 2 h = 7,200 s → 99.72% → 10% = 2,000.
    down = [outage_of(4 * H, utc(2026, 4, 12), "O-1")]
    sundays = MaintenanceRule(
        rule="FREQ=WEEKLY;BYDAY=SU", at="02:00", duration="2h", timezone="Europe/Amsterdam"
    )
    assert amounts(monthly_credit(PREMIER, APRIL, outages=down)) == [("availability", usd("5000"))]
    assert amounts(monthly_credit(PREMIER, APRIL, outages=down, maintenance=[sundays])) == [
        ("availability", usd("2000"))
    ]


def test_an_outage_wholly_inside_maintenance_is_not_behind_the_availability_line() -> None:
    # Sunday 12 Apr 02:00-04:00 Amsterdam (00:00-02:00 UTC) is maintenance. O-MAINT,
    # 00:30-01:30 UTC, lies wholly inside it and counts nothing. O-1 (Thu 9 Apr 12:00-16:00
    # UTC) counts 4 h = 14,400 s of 2,592,000 s → 99.44% < 99.5% → 25% = 5,000: O-1 alone
    # is behind the line.
    sundays = MaintenanceRule(
        rule="FREQ=WEEKLY;BYDAY=SU", at="02:00", duration="2h", timezone="Europe/Amsterdam"
    )
    outages = [
        outage_of(H, utc(2026, 4, 12, 0, 30), "O-MAINT"),
        outage_of(4 * H, utc(2026, 4, 9, 12), "O-1"),
    ]
    statement = monthly_credit(PREMIER, APRIL, outages=outages, maintenance=[sundays])
    assert amounts(statement) == [("availability", usd("5000"))]
    assert statement.lines[0].outages == ("O-1",)


# --- security breaches and the cap ---------------------------------------------------------


def test_a_security_breach_owes_the_whole_fee() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", description="leaked keys")
    statement = monthly_credit(PREMIER, "2026-10", security_breaches=[breach])
    # 100% of 20,000 = 20,000; the cap is also 20,000, and not exceeded: no cap line.
    assert amounts(statement) == [("security_breach", usd("20000"))]
    assert "SB-1" in statement.lines[0].reason
    assert statement.total == usd("20000")


def test_security_breaches_outside_the_month_do_not_count() -> None:
    # A plain datetime is a breach too; 1 Nov 00:00 UTC is November's (half-open month).
    statement = monthly_credit(
        PREMIER, "2026-10", security_breaches=[utc(2026, 9, 30, 23, 59), utc(2026, 11, 1)]
    )
    assert statement.lines == ()
    assert statement.total == usd("0")
    assert amounts(monthly_credit(PREMIER, "2026-11", security_breaches=[utc(2026, 11, 1)])) == [
        ("security_breach", usd("20000"))
    ]


def test_lines_beyond_the_fee_are_capped() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1")
    statement = monthly_credit(PREMIER, "2026-10", tickets=[T101], security_breaches=[breach])
    # 5,000 + 20,000 = 25,000 > 20,000 (100% of the fee): a cap line of −5,000.
    assert amounts(statement) == [
        ("incident", usd("5000")),
        ("security_breach", usd("20000")),
        ("cap", usd("-5000")),
    ]
    assert statement.subtotal == usd("25000")
    assert statement.total == usd("20000")
    assert statement.total == statement.monthly_fee
    assert "100%" in statement.lines[-1].reason
    assert lines_add_up(statement)


def test_bands_and_incidents_together_are_capped() -> None:
    # April: 24 h down → 50% = 10,000; three Sev1 answered after 2 h → 15,000. 25,000 → capped
    # at 20,000 with a cap line of −5,000.
    tickets = [responded(f"T-{day}", "sev1", utc(2026, 4, day, 9), 2 * H) for day in (6, 7, 8)]
    statement = monthly_credit(
        PREMIER, APRIL, tickets=tickets, outages=[outage_of(24 * H, utc(2026, 4, 20), "O-1")]
    )
    assert amounts(statement) == [
        ("availability", usd("10000")),
        ("incident", usd("15000")),
        ("cap", usd("-5000")),
    ]
    assert statement.lines[1].tickets == ("T-6", "T-7", "T-8")
    assert statement.total == usd("20000")
    assert lines_add_up(statement)


def test_two_security_breaches_are_capped_at_one_fee() -> None:
    breaches = [utc(2026, 10, 3), utc(2026, 10, 17)]
    statement = monthly_credit(PREMIER, "2026-10", security_breaches=breaches)
    # 2 × 20,000 = 40,000 → cap line −20,000 → 20,000.
    assert [line.amount for line in statement.lines] == [
        usd("20000"),
        usd("20000"),
        usd("-20000"),
    ]
    assert statement.total == usd("20000")


# --- rounding ------------------------------------------------------------------------------


def custom_framework(currency: str = "USD", **credit_policy: Any) -> Framework:
    targets = {
        "sev1": {"response": "15m 24x7", "resolution": "4h 24x7"},
        "sev2": {"response": "2h business", "resolution": "24h business"},
        "sev3": {"response": "8h business", "resolution": "72h business"},
        "sev4": {"response": "24h business", "resolution": "5 business days"},
    }
    policy = {
        "availability_bands": [{"below": "99.9%", "credit": "10%"}],
        "incident_credits": [
            {"severity": "sev1", "metric": "response", "over": "1h", "amount": f"{currency} 5000"}
        ],
        "cap": "100%",
        **credit_policy,
    }
    return Framework.model_validate(
        {"name": "custom", "tiers": {"premier": {"targets": targets}}, "credit_policy": policy}
    )


def contract_on(framework: Framework, fee: str) -> Contract:
    return Contract(framework=framework, tier="premier", region="dublin", monthly_fee=fee)


# 1 h down in April: 1 − 1/720 ≈ 99.86%, in the 10% band only.
ONE_HOUR_DOWN = [outage_of(H, utc(2026, 4, 9, 12), "O-1")]


def test_a_line_is_rounded_half_up_to_cents() -> None:
    # 10% of USD 1,234.45 = 123.445 → half up 123.45 (half-even would give 123.44).
    statement = monthly_credit(premier(fee="USD 1,234.45"), APRIL, outages=ONE_HOUR_DOWN)
    assert statement.lines[0].amount.amount == Decimal("123.45")
    assert statement.total.amount == Decimal("123.45")
    # 10% of USD 1,234.565 = 123.4565 → 123.46.
    statement = monthly_credit(premier(fee="USD 1,234.565"), APRIL, outages=ONE_HOUR_DOWN)
    assert statement.lines[0].amount.amount == Decimal("123.46")


def test_each_line_is_rounded_once_and_the_total_sums_the_rounded_lines() -> None:
    framework = custom_framework(security_breach="12.5%")
    statement = monthly_credit(
        contract_on(framework, "USD 1,234.45"),
        APRIL,
        outages=ONE_HOUR_DOWN,
        security_breaches=[utc(2026, 4, 20)],
    )
    # 10% × 1,234.45 = 123.445 → 123.45; 12.5% × 1,234.45 = 154.30625 → 154.31.
    # Total 123.45 + 154.31 = 277.76 (rounding the exact sum 277.75125 once would give 277.75).
    assert [line.amount.amount for line in statement.lines] == [
        Decimal("123.45"),
        Decimal("154.31"),
    ]
    assert statement.total.amount == Decimal("277.76")


def test_a_yen_fee_rounds_to_whole_yen() -> None:
    framework = custom_framework("JPY")
    statement = monthly_credit(contract_on(framework, "JPY 123,455"), APRIL, outages=ONE_HOUR_DOWN)
    # 10% of 123,455 yen = 12,345.5 → 12,346 (JPY has no minor unit).
    assert statement.lines[0].amount == Money(amount=Decimal("12346"), currency="JPY")
    assert statement.total.amount == Decimal("12346")
    assert str(statement.total) == "JPY 12,346"


def test_a_dinar_fee_rounds_to_three_places() -> None:
    framework = custom_framework("KWD")
    statement = monthly_credit(
        contract_on(framework, "KWD 1,234.5675"), APRIL, outages=ONE_HOUR_DOWN
    )
    # 10% of 1,234.5675 = 123.45675 → 123.457 (KWD has 3 decimal places).
    assert statement.total.amount == Decimal("123.457")


def test_the_cap_is_the_fee_rounded_down() -> None:
    # Fee USD 1,234.565: each 100% breach line is 1,234.565 → 1,234.57; two of them 2,469.14;
    # the cap (100% of the fee) is rounded down, 1,234.56, so that the total never exceeds
    # it: the cap line is −1,234.58.
    statement = monthly_credit(
        premier(fee="USD 1,234.565"),
        "2026-10",
        security_breaches=[utc(2026, 10, 3), utc(2026, 10, 4)],
    )
    assert [line.amount.amount for line in statement.lines] == [
        Decimal("1234.57"),
        Decimal("1234.57"),
        Decimal("-1234.58"),
    ]
    assert statement.total.amount == Decimal("1234.56")


def test_a_minimum_credit_drops_small_totals() -> None:
    framework = custom_framework(minimum_credit="USD 100")
    # 10% of USD 500 = 50 < 100: a minimum line of −50 and a total of 0.
    statement = monthly_credit(contract_on(framework, "USD 500"), APRIL, outages=ONE_HOUR_DOWN)
    assert amounts(statement) == [("availability", usd("50")), ("minimum", usd("-50"))]
    assert statement.total == usd("0")
    # 10% of USD 1,000 = 100, not below the minimum: paid.
    statement = monthly_credit(contract_on(framework, "USD 1000"), APRIL, outages=ONE_HOUR_DOWN)
    assert statement.total == usd("100")


# --- what cannot be computed ---------------------------------------------------------------


def test_a_contract_without_a_fee_raises() -> None:
    with pytest.raises(PolicyError, match="monthly_fee"):
        monthly_credit(premier(fee=None), "2026-10", tickets=[T101])


def test_a_framework_without_credits_gives_a_zero_statement_with_a_note() -> None:
    contract = Contract(
        framework="truststram", tier="platinum", region="austin", monthly_fee="USD 20,000"
    )
    statement = monthly_credit(
        contract,
        "2026-10",
        tickets=[T101, T102],
        outages=[outage_of(24 * H, utc(2026, 10, 14))],
        security_breaches=[utc(2026, 10, 15)],
    )
    assert statement.lines == ()
    assert statement.total == usd("0")
    assert statement.subtotal == usd("0")
    assert statement.framework == "truststram"
    assert statement.availability is None
    assert any("no service credits" in note for note in statement.notes)


EURO_POLICY = """
name = "euro"
[tiers.premier]
targets.sev1 = { response = "15m 24x7", resolution = "4h 24x7" }
targets.sev2 = { response = "2h", resolution = "24h" }
targets.sev3 = { response = "8h", resolution = "72h" }
targets.sev4 = { response = "24h", resolution = "5 business days" }
[credit_policy]
cap = "100%"
incident_credits = [
    { severity = "sev1", metric = "response", over = "1h", amount = "EUR 5,000" },
]
"""


def test_a_contract_whose_credits_are_in_another_currency_than_its_fee_is_refused(
    tmp_path: Path,
) -> None:
    # Refused when the contract is made, not in the first month an incident is owed.
    policy = tmp_path / "euro.toml"
    policy.write_text(EURO_POLICY, encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        contract_on(slakit.load_framework(policy), "USD 20,000")
    assert str(error.value) == (
        "invalid Contract: monthly_fee is in USD but the euro credit policy's amounts are "
        "in EUR; slakit does not convert money: give a monthly_fee in EUR, or give the "
        "contract its own incident_credits (and minimum_credit) in USD"
    )
    # In euros it is a contract like any other.
    assert contract_on(slakit.load_framework(policy), "EUR 20,000").monthly_fee == Money(
        amount=Decimal(20000), currency="EUR"
    )


def test_a_framework_built_in_code_is_checked_too() -> None:
    with pytest.raises(PolicyError, match="monthly_fee is in USD but the custom credit policy"):
        contract_on(custom_framework("EUR"), "USD 20,000")
    # The minimum payable credit is money of the policy too.
    with pytest.raises(PolicyError, match="amounts are in GBP; slakit does not convert money"):
        contract_on(custom_framework(incident_credits=[], minimum_credit="GBP 100"), "USD 1")
    # Without a fee there is nothing to compare (and no statement to make).
    assert contract_on(custom_framework("EUR"), "EUR 1").monthly_fee is not None
    Contract(framework=custom_framework("EUR"), tier="premier", region="dublin")


def test_a_kmp_contract_billed_in_euros_is_refused() -> None:
    # The KMP catalog's incident credits are in USD.
    with pytest.raises(PolicyError) as error:
        premier(fee="EUR 20,000")
    assert "monthly_fee is in EUR but the kmp credit policy's amounts are in USD" in str(
        error.value
    )
    # TrustStram defines no credits: any currency will do.
    Contract(framework="truststram", tier="gold", region="amsterdam", monthly_fee="EUR 8,000")


# -- a contract's own incident amounts (issue 9 §4) ------------------------------------------

EURO_AMOUNTS = [
    {"severity": "SEV1", "metric": "response", "over": "1h", "amount": "EUR 4,600"},
    {"severity": "SEV2", "metric": "response", "over": "4h", "amount": "EUR 2,300"},
]


def kmp_in_euros(**fields: Any) -> Contract:
    return Contract(
        framework="kmp", tier="premier", region="dublin", monthly_fee="EUR 11,500", **fields
    )


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def test_a_kmp_contract_with_its_own_euro_amounts_is_accepted_and_owes_them() -> None:
    contract = kmp_in_euros(incident_credits=EURO_AMOUNTS)
    # Two SEV1 answered after 2 h (24x7: > 1 h): 2 × EUR 4,600. One SEV2 opened Tue 6 Oct
    # 06:00 UTC (07:00 Dublin), answered 11:30 UTC: 5.5 business hours > 4 h: EUR 2,300.
    tickets = [
        responded("E-1", "sev1", utc(2026, 10, 5, 9), 2 * H),
        responded("E-2", "sev1", utc(2026, 10, 7, 9), 2 * H),
        responded("E-3", "sev2", utc(2026, 10, 6, 6), 5 * H + 30 * M),
    ]
    statement = monthly_credit(contract, "2026-10", tickets=tickets)
    assert amounts(statement) == [("incident", eur("9200")), ("incident", eur("2300"))]
    assert statement.total == eur("11500")  # the framework's cap: 100% of EUR 11,500
    # The rest of the policy is the framework's: a security breach owes 100% of the fee.
    breach = monthly_credit(contract, "2026-10", security_breaches=[utc(2026, 10, 9)])
    assert amounts(breach) == [("security_breach", eur("11500"))]


def test_credit_policy_is_the_frameworks_with_the_contracts_own_amounts() -> None:
    kmp = slakit.catalog.get("kmp").credit_policy
    assert kmp is not None
    assert PREMIER.credit_policy == kmp
    policy = kmp_in_euros(incident_credits=EURO_AMOUNTS, minimum_credit="EUR 50").credit_policy
    assert policy is not None
    assert [str(rule.amount) for rule in policy.incident_credits] == [
        "EUR 4,600.00",
        "EUR 2,300.00",
    ]
    assert policy.minimum_credit == eur("50")
    assert (policy.availability_bands, policy.security_breach, policy.cap) == (
        kmp.availability_bands,
        kmp.security_breach,
        kmp.cap,
    )


def test_an_empty_list_of_incident_credits_owes_none() -> None:
    contract = Contract(
        framework="kmp",
        tier="premier",
        region="dublin",
        monthly_fee="EUR 10,000",
        incident_credits=[],
    )
    late = responded("E-1", "sev1", utc(2026, 10, 5, 9), 3 * H)
    assert monthly_credit(contract, "2026-10", tickets=[late]).lines == ()
    # Availability is still the framework's: October billed in UTC is 744 h; 5 h down is
    # 739/744 = 99.33%, below 99.5% and not below 99%: 25% of EUR 10,000.
    outage = Outage(start=utc(2026, 10, 14), end=utc(2026, 10, 14, 5))
    assert amounts(monthly_credit(contract, "2026-10", outages=[outage])) == [
        ("availability", eur("2500"))
    ]


def test_a_contracts_own_minimum_credit_replaces_the_frameworks() -> None:
    # One SEV2 late: EUR 2,300, below the contract's minimum of EUR 3,000: not paid.
    contract = kmp_in_euros(incident_credits=EURO_AMOUNTS, minimum_credit="EUR 3,000")
    late = responded("E-3", "sev2", utc(2026, 10, 6, 6), 5 * H + 30 * M)
    statement = monthly_credit(contract, "2026-10", tickets=[late])
    assert amounts(statement) == [("incident", eur("2300")), ("minimum", eur("-2300"))]
    assert statement.total == eur("0")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"minimum_credit": "EUR 50"},
         "the contract's minimum_credit is in EUR but the kmp credit policy has its "
         "incident_credits in USD; slakit does not convert money: give the contract its own "
         "incident_credits in EUR too"),
        ({"incident_credits": EURO_AMOUNTS, "minimum_credit": "USD 50"},
         "the contract's incident_credits and minimum_credit mix currencies: EUR, USD; "
         "slakit does not convert money: give them in one"),
        ({"incident_credits": [{**EURO_AMOUNTS[0], "amount": "GBP 4,000"}]},
         "monthly_fee is in EUR but the contract's amounts are in GBP; slakit does not "
         "convert money: give a monthly_fee in GBP, or give the contract its own "
         "incident_credits (and minimum_credit) in EUR"),
        ({"incident_credits": [{**EURO_AMOUNTS[0], "over": "-1h"}]},
         'incident_credits.0.over: "-1h" is not a duration; write e.g. "2h", "30m", '
         '"5 business days"'),
    ],
)  # fmt: skip
def test_a_contracts_own_amounts_are_checked_when_it_is_made(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(PolicyError) as error:
        kmp_in_euros(**fields)
    assert str(error.value) == f"invalid Contract: {message}"


def test_own_amounts_on_a_framework_without_credits() -> None:
    # TrustStram defines no credit policy: the contract's amounts are the whole policy.
    contract = Contract(
        framework="truststram",
        tier="gold",
        region="amsterdam",
        monthly_fee="EUR 8,000",
        incident_credits=[{"severity": "SEV1", "metric": "response", "over": "1h",
                           "amount": "EUR 1,000"}],
    )  # fmt: skip
    assert contract.credit_policy is not None
    assert contract.credit_policy.cap is None
    assert slakit.catalog.get("truststram").credit_policy is None


def test_own_amounts_survive_json_and_pickle() -> None:
    contract = kmp_in_euros(incident_credits=EURO_AMOUNTS, minimum_credit="EUR 50")
    again = Contract.model_validate_json(contract.model_dump_json())
    assert again == contract
    assert again.credit_policy == contract.credit_policy
    assert pickle.loads(pickle.dumps(contract)).credit_policy == contract.credit_policy


def test_monthly_credit_refuses_arguments_of_the_wrong_type() -> None:
    with pytest.raises(WrongTypeError) as error:
        monthly_credit("kmp", "2026-10")  # type: ignore[arg-type]
    assert str(error.value) == "contract must be a slakit Contract, not str"
    with pytest.raises(WrongTypeError) as error:
        monthly_credit(PREMIER, "2026-10", tickets=[T101, "T-102"])  # type: ignore[list-item]
    assert str(error.value) == "tickets[1] must be a slakit Ticket, not str"
    with pytest.raises(WrongTypeError) as error:
        monthly_credit(PREMIER, "2026-10", security_breaches=["2026-10-14"])  # type: ignore[list-item]
    assert str(error.value) == (
        "security_breaches[0] must be a SecurityBreach or an aware datetime, not str"
    )


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("tickets", 5, "tickets must be a list of Tickets, not int"),
        ("tickets", T101, "tickets must be a list of Tickets, not Ticket"),
        ("outages", 5, "outages must be a list of Outages, not int"),
        ("outages", "INC-1", "outages must be a list of Outages, not str"),
        ("maintenance", 5, "maintenance must be a list of maintenance windows or rules, not int"),
        ("security_breaches", 5,
         "security_breaches must be a list of SecurityBreaches or datetimes, not int"),
        ("security_breaches", utc(2026, 10, 14, 9),
         "security_breaches must be a list of SecurityBreaches or datetimes, not datetime"),
    ],
)  # fmt: skip
def test_monthly_credit_refuses_a_non_list_argument_by_name(
    argument: str, value: object, message: str
) -> None:
    # Before: a bare TypeError ("'int' object is not iterable") from inside monthly_credit.
    for contract in (PREMIER, Contract(framework="truststram", tier="gold", region="dublin",
                                       monthly_fee="USD 1,000")):  # fmt: skip
        with pytest.raises(WrongTypeError) as error:
            monthly_credit(contract, "2026-10", **{argument: value})  # type: ignore[arg-type]
        assert str(error.value) == message


def test_monthly_credit_takes_any_iterable() -> None:
    statement = monthly_credit(PREMIER, "2026-10", tickets=iter([]), outages=(o for o in ()))
    assert statement.total == usd("0")


# --- the statement as data -----------------------------------------------------------------


def busy_statement() -> CreditStatement:
    # Dublin billing: 24 h down on Wed 14 Oct (1 − 24/745 ≈ 96.8% → 50% = 10,000), T-101,
    # T-102 (2 × 5,000) and T-103 (2,500): 22,500 → capped at 20,000.
    return monthly_credit(
        premier("Europe/Dublin"),
        "2026-10",
        tickets=OCTOBER_TICKETS,
        outages=[outage_of(24 * H, utc(2026, 10, 14), "O-7")],
    )


def test_the_busy_month() -> None:
    statement = busy_statement()
    assert amounts(statement) == [
        ("availability", usd("10000")),
        ("incident", usd("10000")),
        ("incident", usd("2500")),
        ("cap", usd("-2500")),
    ]
    assert statement.subtotal == usd("22500")
    assert statement.total == usd("20000")


def test_statements_survive_json() -> None:
    statement = busy_statement()
    text = statement.to_json()
    again = CreditStatement.model_validate_json(text)
    assert again == statement
    assert again.month == Month(2026, 10, "Europe/Dublin")
    assert again.lines[1].tickets == ("T-101", "T-102")
    assert CreditStatement.model_validate_json(text).to_json() == text


def test_statements_are_frozen_picklable_values() -> None:
    statement = busy_statement()
    assert pickle.loads(pickle.dumps(statement)) == statement
    assert hash(statement) == hash(busy_statement())
    with pytest.raises(Exception, match="frozen"):
        statement.total = usd("0")  # type: ignore[misc]
    assert isinstance(statement.lines[0], CreditLine)


def test_to_csv_has_a_row_per_line_then_subtotal_and_total() -> None:
    rows = list(csv.DictReader(io.StringIO(busy_statement().to_csv())))
    assert [row["kind"] for row in rows] == [
        "availability",
        "incident",
        "incident",
        "cap",
        "subtotal",
        "total",
    ]
    assert [row["amount"] for row in rows] == [
        "10000.00",
        "10000.00",
        "2500.00",
        "-2500.00",
        "22500.00",
        "20000.00",
    ]
    assert {row["currency"] for row in rows} == {"USD"}
    assert {row["month"] for row in rows} == {"2026-10"}
    assert {row["customer"] for row in rows} == {"Acme Foods"}
    assert {row["contract"] for row in rows} == {""}  # a contract made in code has no id
    assert {row["monthly_fee"] for row in rows} == {"20000.00"}
    # The outage, two tickets, one ticket, nothing behind the cap; no count on the sums.
    assert [row["items"] for row in rows] == ["1", "2", "1", "0", "", ""]
    assert list(rows[0]) == [
        "month", "contract", "customer", "kind", "reason", "amount", "currency",
        "monthly_fee", "items",
    ]  # fmt: skip


def test_to_frame_has_exact_amounts_and_needs_pandas_only(monkeypatch: pytest.MonkeyPatch) -> None:
    statement = busy_statement()
    frame = statement.to_frame()
    assert list(frame.columns) == [
        "month", "contract", "customer", "kind", "reason", "amount", "currency",
        "monthly_fee", "items",
    ]  # fmt: skip
    assert frame["kind"].tolist() == [
        "availability", "incident", "incident", "cap", "subtotal", "total",
    ]  # fmt: skip
    assert frame["amount"].tolist() == [
        Decimal("10000.00"), Decimal("10000.00"), Decimal("2500.00"), Decimal("-2500.00"),
        Decimal("22500.00"), Decimal("20000.00"),
    ]  # fmt: skip
    assert set(frame["monthly_fee"]) == {Decimal("20000.00")}
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError) as raised:
        statement.to_frame()
    assert str(raised.value) == "this needs pandas; install it with: pip install 'slakit[pandas]'"


def test_to_frame_does_not_import_slakit_pandas() -> None:
    # A statement builds its own frame: no import up the layers into slakit.pandas.
    code = (
        "import sys; from slakit import Contract, monthly_credit; "
        "c = Contract(framework='kmp', tier='premier', region='dublin', monthly_fee='USD 1'); "
        "monthly_credit(c, '2026-10').to_frame(); print('slakit.pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "False\n"


def test_html_is_a_table_of_the_lines() -> None:
    page = busy_statement()._repr_html_()
    assert page.startswith("<table")
    assert page.count("<tr>") == 1 + 4 + 1  # header, four lines, total
    for text in ("October 2026", "T-101 T-102", "O-7", "USD 20,000.00", "USD -2,500.00"):
        assert text in page


def test_html_escapes_what_it_shows() -> None:
    ticket = responded("<T&1>", "sev1", utc(2026, 10, 6, 10), 2 * H)
    page = monthly_credit(premier(), "2026-10", tickets=[ticket])._repr_html_()
    assert "&lt;T&amp;1&gt;" in page
    assert "<T&1>" not in page


def test_str_shows_lines_and_total() -> None:
    text = str(monthly_credit(PREMIER, "2026-10", tickets=OCTOBER_TICKETS))
    assert "October 2026" in text
    assert "USD 10,000.00" in text
    assert text.splitlines()[-1].split() == ["total", "USD", "12,500.00"]


# --- the shipped example month: Liffey Payments Ltd, worked by hand ---------------------------

LIFFEY = "kmp-premier-dublin"


def shipped(name: str) -> Path:
    return data_dir() / name


def liffey_statement(**options: Any) -> CreditStatement:
    contract = load_contract(shipped(f"contracts/{LIFFEY}.toml"))
    tickets = [ticket for ticket in read_tickets(shipped("tickets.csv"), shipped("events.csv"))
               if ticket.contract == LIFFEY]  # fmt: skip
    arguments: dict[str, Any] = {
        "tickets": tickets,
        "outages": read_outages(shipped("outages.csv")),
        "maintenance": read_maintenance(shipped("maintenance.csv")),
        **options,
    }
    return monthly_credit(contract, "2026-10", **arguments)


def liffey_rows() -> list[dict[str, str]]:
    with shipped("tickets.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["contract"] == LIFFEY]


def test_the_shipped_month_owes_liffey_payments_6_250() -> None:
    # The contract: KMP Premier, USD 12,500 a month, billed in Europe/Dublin.
    # October 2026 in Dublin: 1 Oct 00:00 IST (30 Sep 23:00 UTC) to 1 Nov 00:00 GMT
    # (1 Nov 00:00 UTC): 31 days and the hour the clocks go back on 25 Oct = 745 h
    # = 2,682,000 s.
    # outages.csv (all UTC), maintenance Sundays 02:00-04:00 Amsterdam (CEST until 25 Oct,
    # so 00:00-02:00 UTC on 18 Oct) and 10 Oct 22:00-11 Oct 00:00 UTC:
    #   O-2026-10-01 Tue 6 Oct 14:12-14:23          11 min
    #   O-2026-10-02 Wed 14 Oct 03:05-03:14          9 min
    #   O-2026-10-03 Sun 18 Oct 01:20-02:15         15 min (01:20-02:00 in maintenance: 40 min)
    #   O-2026-10-04 Thu 22 Oct 16:40-16:47          7 min
    #   O-2026-10-05 Sat 31 Oct 23:30-1 Nov 00:45   30 min (clipped at the month's end)
    # Downtime 72 min = 4,320 s; 1 - 4320/2682000 = 2677680/2682000 = 3719/3725
    # = 99.83892...% < 99.9% (and >= 99.5%): 10% of 12,500 = 1,250.
    ratio = Fraction(2_682_000 - 4_320, 2_682_000)
    assert (ratio.numerator, ratio.denominator) == (3719, 3725)
    assert Decimal("0.998") < Decimal(3719) / Decimal(3725) < Decimal("0.999")
    statement = liffey_statement()
    assert statement.contract == LIFFEY and statement.customer == "Liffey Payments Ltd"
    detail = statement.availability_detail
    assert detail is not None
    assert detail.length == 745 * H
    assert detail.downtime == 72 * M and detail.maintenance_excluded == 40 * M
    assert detail.ratio == "3719/3725" and statement.availability == Decimal("99.8389")
    shares = [
        (outage.id, outage.downtime, outage.maintenance_excluded) for outage in detail.outages
    ]
    assert shares == [
        ("O-2026-10-01", 11 * M, 0 * M),
        ("O-2026-10-02", 9 * M, 0 * M),
        ("O-2026-10-03", 15 * M, 40 * M),
        ("O-2026-10-04", 7 * M, 0 * M),
        ("O-2026-10-05", 30 * M, 0 * M),
    ]  # fmt: skip
    assert amounts(statement) == [("availability", usd("1250")), ("incident", usd("5000"))]
    assert statement.total == usd("6250")


def test_liffey_payments_owes_one_late_sev1_found_by_hand_in_the_data() -> None:
    # SEV1 response runs on the 24x7 clock (Premier): owed when first_response_at - opened_at
    # is more than 1 h. No SEV1 of the contract changes severity (events.csv).
    late = {}
    for row in liffey_rows():
        if row["severity"] == "SEV1":
            took = datetime.fromisoformat(row["first_response_at"]) - datetime.fromisoformat(
                row["opened_at"]
            )
            if took > H:
                late[row["id"]] = took
    assert late == {"T-11432": 72 * M}
    # SEV2 response runs on Dublin's 12x5 hours (06:00-18:00, Mon-Fri, Irish holidays;
    # Mon 26 Oct is the October bank holiday): owed past 4 business hours. Every SEV2
    # answered within 4 wall-clock hours is within 4 business hours; the others:
    #   T-10636 Sat 10 Oct 21:34:32 -> Mon 12 Oct 06:21:51: 21m51s of business time
    #   T-11036 Fri 16 Oct 17:39:57 -> Mon 19 Oct 06:53:54: 20m03s + 53m54s
    #   T-11532 Sat 24 Oct 07:55:04 -> Tue 27 Oct 06:21:19 (Mon a holiday): 21m19s
    #   T-11615 Mon 26 Oct 14:01:30 -> Tue 27 Oct 06:34:32: 34m32s
    #   T-11616 Mon 26 Oct 14:04:47 -> Tue 27 Oct 06:28:13: 28m13s
    #   T-12017 Sat 31 Oct 15:50:07, unanswered at the month's end: no business time
    slow = {
        row["id"]
        for row in liffey_rows()
        if row["severity"] == "SEV2"
        and (
            not row["first_response_at"]
            or datetime.fromisoformat(row["first_response_at"])
            - datetime.fromisoformat(row["opened_at"])
            > 4 * H
        )
    }
    assert slow == {"T-10636", "T-11036", "T-11532", "T-11615", "T-11616", "T-12017"}
    statement = liffey_statement()
    (incident,) = [line for line in statement.lines if line.kind == "incident"]
    assert incident.tickets == ("T-11432",)
    (evidence,) = incident.incidents
    opened = datetime.fromisoformat("2026-10-22T17:44:10+01:00")
    assert evidence == IncidentEvidence(
        ticket="T-11432",
        severity=Severity.SEV1,
        metric="response",
        clock="24x7",
        opened_at=opened,
        elapsed=72 * M,
        threshold=H,
        target="15m 24x7",
        target_length=15 * M,
        breached_at=opened + H,  # past max(1 h, 15 min) an hour after opening
    )


def test_explain_shows_the_hand_worked_figure() -> None:
    text = liffey_statement().explain()
    for expected in (
        "Service credits for October 2026: Liffey Payments Ltd",
        "contract kmp-premier-dublin, billed in Europe/Dublin; monthly fee USD 12,500.00",
        "period length: 745h (2682000 s)",
        "outage O-2026-10-03, 2026-10-18T01:20:00+00:00 to 2026-10-18T02:15:00+00:00: "
        "15m (900 s) counted, 40m (2400 s) maintenance excluded",
        "downtime 72m (4320 s); maintenance excluded 40m (2400 s)",
        "availability = 1 − 4320 s / 2682000 s = 3719/3725 = 99.8389%",
        "line 1: availability 99.8389% in October 2026 is below 99.9%: 10% of the monthly fee "
        "= USD 1,250.00",
        "T-11432 SEV1 response, opened 2026-10-22T17:44:10+01:00: 72m (4320 s) on the 24x7 "
        "clock, more than the 1h (3600 s) threshold and the 15m 24x7 target (900 s); "
        "breached at 2026-10-22T18:44:10+01:00",
        "    = USD 5,000.00",
        "subtotal USD 6,250.00",
        "no cap adjustment",
        "total USD 6,250.00",
        "evaluated at 2026-11-01T00:00:00+00:00, billing timezone Europe/Dublin",
    ):
        assert expected in text, expected
    assert text.index("Availability") < text.index("Incidents") < text.index("total USD")


def test_the_same_inputs_give_byte_identical_outputs_in_any_order() -> None:
    inputs = [InputFile.of("tickets", shipped("tickets.csv"))]
    first = liffey_statement(inputs=inputs)
    again = liffey_statement(inputs=inputs)
    contract = load_contract(shipped(f"contracts/{LIFFEY}.toml"))
    tickets = [ticket for ticket in read_tickets(shipped("tickets.csv"), shipped("events.csv"))
               if ticket.contract == LIFFEY]  # fmt: skip
    shuffled = monthly_credit(
        contract,
        "2026-10",
        tickets=reversed(tickets),
        outages=reversed(read_outages(shipped("outages.csv"))),
        maintenance=reversed(read_maintenance(shipped("maintenance.csv"))),
        inputs=inputs,
    )
    for statement in (again, shuffled):
        assert statement.to_json() == first.to_json()
        assert statement.to_csv() == first.to_csv()
        assert statement.evidence_csv() == first.evidence_csv()
        assert statement.explain() == first.explain()
    assert CreditStatement.model_validate_json(first.to_json()) == first


def test_the_evidence_csv_has_one_row_per_outage_and_ticket() -> None:
    rows = list(csv.DictReader(io.StringIO(liffey_statement().evidence_csv())))
    assert list(rows[0]) == list(EVIDENCE_COLUMNS)
    assert [(row["line"], row["item"], row["id"]) for row in rows] == [
        ("1", "outage", "O-2026-10-01"),
        ("1", "outage", "O-2026-10-02"),
        ("1", "outage", "O-2026-10-03"),
        ("1", "outage", "O-2026-10-04"),
        ("1", "outage", "O-2026-10-05"),
        ("2", "ticket", "T-11432"),
    ]
    third, ticket = rows[2], rows[5]
    assert (third["start"], third["end"]) == (
        "2026-10-18T01:20:00+00:00",
        "2026-10-18T02:15:00+00:00",
    )
    assert (third["downtime_seconds"], third["maintenance_excluded_seconds"]) == ("900", "2400")
    assert third["severity"] == third["elapsed_seconds"] == third["breached_at"] == ""
    assert {name: ticket[name] for name in EVIDENCE_COLUMNS[3:]} == {
        "line": "2", "item": "ticket", "id": "T-11432", "severity": "SEV1",
        "metric": "response", "clock": "24x7", "opened_at": "2026-10-22T17:44:10+01:00",
        "start": "", "end": "", "elapsed_seconds": "4320", "threshold_seconds": "3600",
        "target": "15m 24x7", "target_seconds": "900",
        "breached_at": "2026-10-22T18:44:10+01:00", "downtime_seconds": "",
        "maintenance_excluded_seconds": "",
    }  # fmt: skip
    assert {(row["month"], row["contract"], row["customer"]) for row in rows} == {
        ("2026-10", LIFFEY, "Liffey Payments Ltd")
    }


def test_evidence_seconds_are_exact_and_outages_behind_no_line_have_no_line_number() -> None:
    # Half a second down: 99.99999...%, no band applies, but the outage is evidence.
    blip = Outage(start=utc(2026, 10, 6, 10), end=utc(2026, 10, 6, 10) + S / 2, id="O-1")
    # Wholly inside a maintenance window: no downtime, 1 h excluded.
    planned = Outage(start=utc(2026, 10, 7, 1), end=utc(2026, 10, 7, 2), id="O-2")
    window = MaintenanceWindow(start=utc(2026, 10, 7), end=utc(2026, 10, 7, 3))
    statement = monthly_credit(PREMIER, "2026-10", outages=[planned, blip], maintenance=[window])
    assert statement.lines == ()
    rows = statement.evidence_records()
    assert [(row["line"], row["id"], row["downtime_seconds"],
             row["maintenance_excluded_seconds"]) for row in rows] == [
        ("", "O-1", "0.5", "0"),
        ("", "O-2", "0", "3600"),
    ]  # fmt: skip
    # Three hours more: 3 h 0.5 s of 744 h < 99.9%, the 10% band. The planned outage
    # counted nothing and is still behind no line.
    big = Outage(start=utc(2026, 10, 20), end=utc(2026, 10, 20, 3), id="O-3")
    banded = monthly_credit(PREMIER, "2026-10", outages=[planned, big, blip], maintenance=[window])
    assert [(row["line"], row["id"]) for row in banded.evidence_records()] == [
        ("1", "O-1"),
        ("", "O-2"),
        ("1", "O-3"),
    ]


def test_a_ticket_behind_two_lines_has_two_evidence_rows() -> None:
    framework = custom_framework(
        incident_credits=[
            {"severity": "sev1", "metric": "response", "over": "1h", "amount": "USD 5000"},
            {"severity": "sev1", "metric": "resolution", "over": "8h", "amount": "USD 1000"},
        ]
    )
    contract = contract_on(framework, "USD 20,000")
    opened = utc(2026, 10, 6, 10)
    # Answered after 2 h (> 1 h), resolved after 10 h (> 8 h and > its 4 h target).
    ticket = Ticket("T-1", "sev1", opened, events=[Event.responded(opened + 2 * H),
                                                  Event.resolved(opened + 10 * H)])  # fmt: skip
    statement = monthly_credit(contract, "2026-10", tickets=[ticket])
    rows = statement.evidence_records()
    assert [(row["line"], row["id"], row["metric"], row["elapsed_seconds"],
             row["threshold_seconds"], row["target_seconds"], row["breached_at"])
            for row in rows if row["item"] == "ticket"] == [
        ("1", "T-1", "response", "7200", "3600", "900", "2026-10-06T11:00:00+00:00"),
        ("2", "T-1", "resolution", "36000", "28800", "14400", "2026-10-06T18:00:00+00:00"),
    ]  # fmt: skip


def test_the_availability_detail_is_there_when_no_band_applies_and_only_then() -> None:
    statement = monthly_credit(PREMIER, "2026-10")
    assert statement.availability_detail is not None
    assert statement.availability_detail.ratio == "1/1"
    assert statement.availability_detail.outages == ()
    # No bands at all (the TrustStram framework defines no credits): no detail.
    truststram = Contract(framework="truststram", tier="gold", region="amsterdam",
                          monthly_fee="EUR 8,000")  # fmt: skip
    empty = monthly_credit(truststram, "2026-10")
    assert empty.availability_detail is None and empty.availability is None
    assert empty.evidence_records() == []
    assert empty.evidence_csv() == ",".join(EVIDENCE_COLUMNS) + "\n"


# --- many customers: tickets, outages and breaches that belong to others ---------------------


def with_id(contract_id: str, **fields: Any) -> Contract:
    return Contract(framework="kmp", tier="premier", region="dublin", monthly_fee="USD 20,000",
                    billing_timezone="UTC", id=contract_id, **fields)  # fmt: skip


def late_sev1(ticket_id: str, contract: str = "") -> Ticket:
    opened = utc(2026, 10, 6, 10)
    return Ticket(ticket_id, "sev1", opened, events=[Event.responded(opened + 2 * H)],
                  contract=contract)  # fmt: skip


def test_a_ticket_of_another_contract_is_refused_never_charged() -> None:
    acme = with_id("acme-gold")
    with pytest.raises(UsageError) as raised:
        monthly_credit(acme, "2026-10", tickets=[late_sev1("T-1", "acme-gold"),
                                                 late_sev1("T-2", "globex")])  # fmt: skip
    message = str(raised.value)
    assert "ticket T-2" in message and "'globex'" in message and "'acme-gold'" in message
    # A contract made in code, without an id, takes no ticket that names a contract.
    with pytest.raises(
        UsageError, match=r"ticket T-1 belongs to contract .acme-gold..*without an id"
    ):
        monthly_credit(PREMIER, "2026-10", tickets=[late_sev1("T-1", "acme-gold")])


def test_the_book_s_tickets_given_to_one_contract_are_refused() -> None:
    contract = load_contract(shipped(f"contracts/{LIFFEY}.toml"))
    everything = read_tickets(shipped("tickets.csv"), shipped("events.csv"))
    with pytest.raises(UsageError, match=f"but this statement is for contract '{LIFFEY}'"):
        monthly_credit(contract, "2026-10", tickets=everything)


def test_tickets_naming_the_contract_or_none_are_its_own() -> None:
    acme = with_id("acme-gold")
    statement = monthly_credit(
        acme, "2026-10", tickets=[late_sev1("T-1", "acme-gold"), late_sev1("T-2")]
    )
    assert statement.lines[0].tickets == ("T-1", "T-2") and statement.tickets_counted == 2
    assert statement.total == usd("10000")


def test_outages_and_breaches_of_other_contracts_are_left_out() -> None:
    acme = with_id("acme-gold", services=("api",))
    day = utc(2026, 10, 14)
    outages = [
        Outage(start=day, end=day + H, id="O-all"),  # names nothing: every contract
        Outage(start=day + 2 * H, end=day + 3 * H, id="O-acme", contracts=("acme-gold",)),
        Outage(start=day + 4 * H, end=day + 5 * H, id="O-api", services=("api",)),
        Outage(start=day + 6 * H, end=day + 7 * H, id="O-globex", contracts=("globex",)),
        Outage(start=day + 8 * H, end=day + 9 * H, id="O-web", services=("web",)),
    ]
    breaches = [
        SecurityBreach(at=day, id="SB-globex", contracts=("globex",)),
    ]
    statement = monthly_credit(acme, "2026-10", outages=outages, security_breaches=breaches)
    # 3 h down of 744 h: 99.597% < 99.9%, 10% of 20,000 = 2,000. No breach line.
    assert amounts(statement) == [("availability", usd("2000"))]
    assert statement.lines[0].outages == ("O-all", "O-acme", "O-api")
    assert statement.availability_detail is not None
    assert statement.availability_detail.downtime == 3 * H
    hit = SecurityBreach(at=day, id="SB-acme", contracts=("acme-gold",))
    assert [line.kind for line in monthly_credit(acme, "2026-10", security_breaches=[hit]).lines
            ] == ["security_breach"]  # fmt: skip


# --- measured availability, now, inputs ------------------------------------------------------


def test_a_measured_availability_is_used_instead_of_measuring_again() -> None:
    october = Month(2026, 10, "UTC")
    down = [Outage(start=utc(2026, 10, 14), end=utc(2026, 10, 14, 3), id="O-1")]
    measured = availability(down, october)
    shared = monthly_credit(PREMIER, "2026-10", measured=measured)  # no outages given
    assert shared == monthly_credit(PREMIER, "2026-10", outages=down)
    assert amounts(shared) == [("availability", usd("2000"))]  # 3 h of 744: 99.597%


def test_a_measured_availability_of_another_period_is_refused() -> None:
    dublin_october = availability([], Month(2026, 10, "Europe/Dublin"))
    with pytest.raises(UsageError, match=r"measured is the availability of .* not of October"):
        monthly_credit(PREMIER, "2026-10", measured=dublin_october)  # PREMIER bills in UTC
    with pytest.raises(WrongTypeError, match="measured must be a slakit Availability"):
        monthly_credit(PREMIER, "2026-10", measured="99.9%")  # type: ignore[arg-type]


def test_tickets_opened_after_now_are_left_out_and_counted_in_a_note() -> None:
    now = utc(2026, 10, 20)
    early = late_sev1("T-1")
    later = [responded(f"T-{n}", "sev1", utc(2026, 10, 25), 2 * H) for n in (2, 3)]
    statement = monthly_credit(PREMIER, "2026-10", tickets=[early, *later], now=now)
    assert statement.tickets_counted == 1
    assert statement.notes == (
        "2 tickets opened after 2026-10-20T00:00:00+00:00 (now) were left out",
    )
    assert statement.provenance.now == now
    one = monthly_credit(PREMIER, "2026-10", tickets=later[:1], now=now)
    assert one.notes == ("1 ticket opened after 2026-10-20T00:00:00+00:00 (now) was left out",)
    assert monthly_credit(PREMIER, "2026-10", tickets=[early]).notes == ()


def test_the_provenance_records_versions_now_and_inputs() -> None:
    inputs = [InputFile.of("outages", shipped("outages.csv")),
              InputFile.of("tickets", shipped("tickets.csv"))]  # fmt: skip
    statement = liffey_statement(inputs=inputs)
    record = statement.provenance
    assert record.inputs == tuple(inputs)
    assert record.now == datetime(2026, 11, 1, tzinfo=UTC)  # the Dublin month's end
    assert record.billing_timezone == "Europe/Dublin"
    assert record.slakit == slakit.__version__
    text = statement.explain()
    assert f"outages: outages.csv, {inputs[0].bytes} bytes, SHA-256 {inputs[0].sha256}" in text
    with pytest.raises(WrongTypeError, match=r"inputs\[0\] must be an InputFile"):
        monthly_credit(PREMIER, "2026-10", inputs=["tickets.csv"])  # type: ignore[list-item]
    with pytest.raises(WrongTypeError, match="inputs must be a list"):
        monthly_credit(PREMIER, "2026-10", inputs="tickets.csv")  # type: ignore[arg-type]


def test_explain_shows_breaches_the_cap_and_the_notes() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 20, 9), id="SEC-7")
    statement = monthly_credit(PREMIER, "2026-10", tickets=OCTOBER_TICKETS,
                               security_breaches=[breach])  # fmt: skip
    text = statement.explain()
    # 2 x 5,000 + 2,500 + 20,000 = 32,500, capped at 20,000: a line of -12,500.
    assert "line 3: security breach SEC-7: 100% of the monthly fee = USD 20,000.00" in text
    assert "subtotal USD 32,500.00" in text
    assert "line 4: capped at 100% of the monthly fee (USD 20,000.00): USD -12,500.00" in text
    assert "no cap adjustment" not in text
    assert text.endswith("  no input files recorded")
    truststram = Contract(framework="truststram", tier="gold", region="amsterdam",
                          monthly_fee="EUR 8,000")  # fmt: skip
    empty = monthly_credit(truststram, "2026-10").explain()
    assert "Notes\n  the truststram framework defines no service credits" in empty
    assert "Availability" not in empty and "total EUR 0.00" in empty


# -- IncidentTally: a statement's tickets one at a time ------------------------------------------


def _tally_contract() -> Contract:
    return Contract(id="acme", framework="kmp", tier="premier", region="dublin",
                    monthly_fee="USD 20,000", billing_timezone="Europe/Dublin")  # fmt: skip


def _late_tickets() -> list[Ticket]:
    """Sev1 and Sev2 tickets answered later and later, across the month's edges."""
    start = datetime(2026, 9, 30, 20, tzinfo=UTC)
    return [
        Ticket(f"T-{n}", "sev1" if n % 2 else "sev2", start + timedelta(hours=7 * n),
               contract="acme", events=[Event.responded(start + timedelta(hours=7 * n,
                                                                          minutes=9 * n))])
        for n in range(120)
    ]  # fmt: skip


@pytest.mark.parametrize("now", [None, datetime(2026, 10, 20, tzinfo=UTC)])
def test_a_tally_fed_one_ticket_at_a_time_gives_the_statement_of_the_list(
    now: datetime | None,
) -> None:
    contract = _tally_contract()
    tickets = _late_tickets()
    tally = IncidentTally(contract, "2026-10", now)
    for ticket in reversed(tickets):  # any order: the evidence is sorted by ticket
        tally.add(ticket)
    whole = monthly_credit(contract, "2026-10", tickets=tickets, now=now)
    streamed = monthly_credit(contract, "2026-10", incidents=tally, now=now)
    assert streamed == whole
    assert tally.given == 120 and tally.counted == whole.tickets_counted
    assert any(line.kind == "incident" for line in whole.lines)


def test_a_tally_of_another_month_contract_or_now_is_refused() -> None:
    contract = _tally_contract()
    tally = IncidentTally(contract, "2026-10")
    with pytest.raises(UsageError, match="another month or now"):
        monthly_credit(contract, "2026-11", incidents=tally)
    with pytest.raises(UsageError, match="another month or now"):
        monthly_credit(contract, "2026-10", incidents=tally, now="2026-10-20T00:00:00Z")
    other = contract.model_copy(update={"id": "globex"})
    with pytest.raises(UsageError, match="tally of another contract"):
        monthly_credit(other, "2026-10", incidents=tally)
    with pytest.raises(UsageError, match="not both"):
        monthly_credit(contract, "2026-10", incidents=tally, tickets=_late_tickets()[:1])
    with pytest.raises(WrongTypeError, match="incidents must be a slakit IncidentTally, not list"):
        monthly_credit(contract, "2026-10", incidents=[])  # type: ignore[arg-type]


def test_a_tally_refuses_another_contracts_ticket() -> None:
    tally = IncidentTally(_tally_contract(), "2026-10")
    stranger = _late_tickets()[0].model_copy(update={"contract": "globex"})
    with pytest.raises(UsageError, match="belongs to contract 'globex'"):
        tally.add(stranger)
    assert tally.given == 0
    with pytest.raises(WrongTypeError, match="ticket must be a slakit Ticket, not str"):
        tally.add("T-1")  # type: ignore[arg-type]
    assert tally.given == 0


def test_a_ticket_given_twice_is_refused_never_credited_twice() -> None:
    contract = _tally_contract()
    tickets = _late_tickets()
    once = monthly_credit(contract, "2026-10", tickets=tickets)
    assert any(line.kind == "incident" for line in once.lines)  # the repeat would count
    late = next(ticket for line in once.lines for ticket in line.tickets)
    again = next(ticket for ticket in tickets if ticket.id == late)
    with pytest.raises(UsageError, match=f"ticket {late} is given twice; it would be credited"):
        monthly_credit(contract, "2026-10", tickets=[*tickets, again])
