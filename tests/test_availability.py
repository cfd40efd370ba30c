"""Periods, outages, maintenance and exact availability, worked out by hand.

Every expected value is arithmetic in the comment above it (DESIGN.md §3
"Availability", the KMP seed's "Service Guarantees & SLA Credits"); none is
computed by calling slakit.

Facts used: April 2026 has 30 days = 720 h = 2,592,000 s. Europe/Amsterdam
goes from CET (UTC+1) to CEST (UTC+2) at 01:00 UTC on Sunday 29 Mar 2026 and
back at 01:00 UTC on Sunday 25 Oct 2026; Europe/Dublin goes from IST (UTC+1)
to GMT (UTC+0) at 01:00 UTC on Sunday 25 Oct 2026.
"""

from __future__ import annotations

import itertools
import pickle
import time as time_module
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import (
    Availability,
    MaintenanceRule,
    MaintenanceWindow,
    Month,
    Outage,
    OutageDowntime,
    Period,
    allowed_downtime,
    availability,
    burn_rate,
    catalog,
    error_budget_remaining,
)
from slakit.errors import (
    AvailabilityError,
    NaiveDatetimeError,
    SlakitError,
    UsageError,
    WrongTypeError,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DUBLIN = ZoneInfo("Europe/Dublin")

H = timedelta(hours=1)
M = timedelta(minutes=1)
S = timedelta(seconds=1)
US = timedelta(microseconds=1)

# 30 days × 86,400 s = 2,592,000 s.
APRIL = Month(2026, 4, "UTC")
THIRTY_DAYS = timedelta(seconds=2_592_000)

# The KMP seed: < 99.9% → 10%, < 99.5% → 25%, < 99.0% → 50% of the monthly fee.
KMP = catalog.get("kmp").credit_policy


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def outage(start: datetime, end: datetime, id: str = "") -> Outage:
    return Outage(start=start, end=end, id=id)


NOON_10_APRIL = utc(2026, 4, 10, 12)


def down_for(length: timedelta, start: datetime = NOON_10_APRIL) -> Outage:
    return outage(start, start + length)


def in_utc(
    intervals: tuple[tuple[datetime, datetime], ...],
) -> tuple[tuple[datetime, datetime], ...]:
    return tuple((start.astimezone(UTC), end.astimezone(UTC)) for start, end in intervals)


def owed(ratio: Fraction) -> Decimal | None:
    assert KMP is not None
    band = KMP.band_for(ratio)
    return None if band is None else band.credit


# --- periods and months --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "hours"),
    [
        # 31 days × 24 h, less the hour skipped on 29 Mar (CET → CEST).
        (Month(2026, 3, "Europe/Amsterdam"), 31 * 24 - 1),
        # 31 × 24 h, plus the hour repeated on 25 Oct (IST → GMT).
        (Month(2026, 10, "Europe/Dublin"), 31 * 24 + 1),
        # Amsterdam's October gains the same hour: 745 h.
        (Month(2026, 10, "Europe/Amsterdam"), 31 * 24 + 1),
        # UTC has no DST: October is 744 h, April 720 h, February 2026 672 h.
        (Month(2026, 10, "UTC"), 31 * 24),
        (Month(2026, 4, "UTC"), 30 * 24),
        (Month(2026, 2, "UTC"), 28 * 24),
        # 2024 is a leap year: 29 × 24 = 696 h.
        (Month(2024, 2, "UTC"), 29 * 24),
        # Singapore has no DST: 30 × 24 = 720 h in June.
        (Month(2026, 6, "Asia/Singapore"), 30 * 24),
        # A month without a change in a DST zone is plain: April in Amsterdam, 720 h.
        (Month(2026, 4, "Europe/Amsterdam"), 30 * 24),
    ],
)
def test_a_month_lasts_its_real_elapsed_time(month: Month, hours: int) -> None:
    assert month.length == timedelta(hours=hours)


def test_month_bounds_are_local_midnights() -> None:
    october = Month(2026, 10, "Europe/Dublin")
    # 1 Oct 00:00 IST (UTC+1) is 30 Sep 23:00 UTC; 1 Nov 00:00 GMT is 1 Nov 00:00 UTC.
    assert october.start == utc(2026, 9, 30, 23)
    assert october.end == utc(2026, 11, 1)
    march = Month(2026, 3, "Europe/Amsterdam")
    # 1 Mar 00:00 CET is 28 Feb 23:00 UTC; 1 Apr 00:00 CEST is 31 Mar 22:00 UTC.
    assert march.start == utc(2026, 2, 28, 23)
    assert march.end == utc(2026, 3, 31, 22)
    assert (march.year, march.month, march.timezone) == (2026, 3, "Europe/Amsterdam")


def test_month_label_parse_and_next() -> None:
    assert Month.parse("2026-10", "Europe/Dublin") == Month(2026, 10, "Europe/Dublin")
    assert Month.parse(" 2026-03 ").timezone == "UTC"
    assert Month(2026, 10).label == "October 2026"
    assert Month(2026, 12, "Asia/Singapore").next() == Month(2027, 1, "Asia/Singapore")
    assert Month(2026, 3).next() == Month(2026, 4)


@pytest.mark.parametrize("text", ["2026/10", "October 2026", "2026-10-01", "", "2026-", "x-y"])
def test_month_parse_rejects_what_is_not_yyyy_mm(text: str) -> None:
    with pytest.raises(SlakitError, match="YYYY-MM") as error:
        Month.parse(text)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "invalid Month: month must be 1 to 12, got 13"),
        ("2026-00", "invalid Month: month must be 1 to 12, got 0"),
        ("1899-12", "invalid Month: year must be 1900 to 2998, got 1899"),
        ("2999-01",
         "invalid Month: year must be 1900 to 2998, got 2999 (a month of 2999 would end in "
         "3000 or later, outside the years slakit computes, 1900 to 2999)"),
        ("2026-1x", "'2026-1x' is not a month; write YYYY-MM, e.g. 2026-10"),
        ("2026/10", "'2026/10' is not a month; write YYYY-MM, e.g. 2026-10"),
    ],
)  # fmt: skip
def test_month_parse_says_what_is_wrong(text: str, message: str) -> None:
    # Before: a month out of range was reported as a format error ("is not a month").
    with pytest.raises(AvailabilityError) as error:
        Month.parse(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("year", "month", "message"),
    [
        (2026, True, "invalid Month: month must be 1 to 12, got True"),
        (True, 1, "invalid Month: year must be 1900 to 2998, got True"),
    ],
)
def test_month_refuses_a_bool(year: int, month: int, message: str) -> None:
    # Before: Month(2026, True) was January 2026.
    with pytest.raises(AvailabilityError) as error:
        Month(year, month)
    assert str(error.value) == message


def test_december_2998_is_the_last_month() -> None:
    assert Month(2998, 12).end == datetime(2999, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("year", "month", "zone", "reason"),
    [
        (2026, 13, "UTC", "month must be 1 to 12"),
        (2026, 0, "UTC", "month must be 1 to 12"),
        (2026, 1, "Mars/Olympus", "unknown timezone"),
        (1800, 1, "UTC", "year must be"),
    ],
)
def test_month_validation(year: int, month: int, zone: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        Month(year, month, zone)


def test_period_is_half_open_and_validated() -> None:
    period = Period(start=utc(2026, 4, 1), end=utc(2026, 4, 2))
    assert period.length == timedelta(days=1)
    assert period.contains(utc(2026, 4, 1))
    assert period.contains(utc(2026, 4, 2) - US)
    assert not period.contains(utc(2026, 4, 2))
    assert not period.contains(utc(2026, 4, 1) - US)
    with pytest.raises(SlakitError, match="before it starts") as error:
        Period(start=utc(2026, 4, 2), end=utc(2026, 4, 1))
    assert isinstance(error.value, ValueError)
    with pytest.raises(SlakitError, match="before it starts"):
        Period(start=utc(2026, 4, 1), end=utc(2026, 4, 1))
    with pytest.raises(NaiveDatetimeError):
        Period(start=datetime(2026, 4, 1), end=utc(2026, 4, 2))  # noqa: DTZ001


def test_period_length_is_real_time_across_a_dst_change() -> None:
    # 28 Mar 00:00 CET (27 Mar 23:00 UTC) to 30 Mar 00:00 CEST (29 Mar 22:00 UTC): 47 h.
    period = Period(
        start=datetime(2026, 3, 28, tzinfo=AMSTERDAM), end=datetime(2026, 3, 30, tzinfo=AMSTERDAM)
    )
    assert period.length == 47 * H


def test_outage_and_window_validation() -> None:
    with pytest.raises(SlakitError, match="before it starts"):
        outage(utc(2026, 4, 2), utc(2026, 4, 1))
    with pytest.raises(SlakitError, match="before it starts"):
        MaintenanceWindow(start=utc(2026, 4, 2), end=utc(2026, 4, 1))
    with pytest.raises(NaiveDatetimeError):
        Outage(start=datetime(2026, 4, 1), end=utc(2026, 4, 2))  # noqa: DTZ001
    assert outage(utc(2026, 4, 1), utc(2026, 4, 1, 0, 43, 12)).length == 43 * M + 12 * S
    # An empty outage is allowed and costs nothing.
    assert availability([outage(utc(2026, 4, 1), utc(2026, 4, 1))], APRIL).ratio == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"rule": "FREQ=WEEKLY;BYDAY=SU", "duration": "0m"}, "must be positive"),
        ({"rule": "EVERY SUNDAY", "duration": "2h"}, "RFC 5545"),
        ({"rule": "FREQ=WEEKLY", "duration": "2h", "timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_maintenance_rule_validation(fields: dict[str, str], reason: str) -> None:
    with pytest.raises(SlakitError, match=reason):
        MaintenanceRule(**fields)  # type: ignore[arg-type]


# --- availability at the KMP band edges ----------------------------------------------------


def test_no_outage_is_full_availability() -> None:
    result = availability([], APRIL)
    assert result.ratio == 1
    assert result.percent == Decimal("100")
    assert result.downtime == timedelta(0)
    assert result.outages == ()
    assert owed(result.ratio) is None


def test_99_9_percent_exactly_owes_nothing() -> None:
    # 0.1% of 2,592,000 s = 2,592 s = 43 min 12 s: availability is exactly 999/1000.
    result = availability([down_for(43 * M + 12 * S)], APRIL)
    assert result.ratio == Fraction(999, 1000)
    assert result.percent == Decimal("99.9")
    assert result.downtime == 43 * M + 12 * S
    assert owed(result.ratio) is None


def test_one_microsecond_below_99_9_percent_owes_10_percent() -> None:
    # (2,592,000,000,000 − 2,592,000,001) µs up of 2,592,000,000,000 µs: just below 0.999.
    result = availability([down_for(43 * M + 12 * S + US)], APRIL)
    assert result.ratio == Fraction(2_592_000_000_000 - 2_592_000_001, 2_592_000_000_000)
    assert result.ratio < Fraction(999, 1000)
    # 99.89999996...% shown rounded down: 99.8999%, never 99.9000%.
    assert result.percent == Decimal("99.8999")
    assert owed(result.ratio) == Decimal("0.10")


def test_99_5_percent_exactly_owes_10_percent_and_a_microsecond_more_25() -> None:
    # 0.5% of 2,592,000 s = 12,960 s = 3 h 36 min.
    edge = 3 * H + 36 * M
    assert edge == timedelta(seconds=12_960)
    at_edge = availability([down_for(edge)], APRIL)
    assert at_edge.ratio == Fraction(995, 1000)
    assert owed(at_edge.ratio) == Decimal("0.10")
    beyond = availability([down_for(edge + US)], APRIL)
    assert beyond.ratio < Fraction(995, 1000)
    assert owed(beyond.ratio) == Decimal("0.25")


def test_99_percent_exactly_owes_25_percent_and_a_microsecond_more_50() -> None:
    # 1% of 2,592,000 s = 25,920 s = 7 h 12 min.
    edge = 7 * H + 12 * M
    assert edge == timedelta(seconds=25_920)
    at_edge = availability([down_for(edge)], APRIL)
    assert at_edge.ratio == Fraction(99, 100)
    assert owed(at_edge.ratio) == Decimal("0.25")
    beyond = availability([down_for(edge + US)], APRIL)
    assert beyond.ratio < Fraction(99, 100)
    assert owed(beyond.ratio) == Decimal("0.50")


def test_a_whole_month_down_is_zero_and_owes_the_most_severe_band() -> None:
    result = availability([outage(utc(2026, 3, 1), utc(2026, 6, 1))], APRIL)
    assert result.ratio == 0
    assert result.downtime == THIRTY_DAYS
    assert owed(result.ratio) == Decimal("0.50")


def test_split_outages_add_up_at_the_edge() -> None:
    # 20 min + 23 min 12 s = 43 min 12 s: still exactly 99.9%.
    result = availability(
        [down_for(20 * M, utc(2026, 4, 3)), down_for(23 * M + 12 * S, utc(2026, 4, 20))], APRIL
    )
    assert result.ratio == Fraction(999, 1000)
    assert len(result.outages) == 2


# --- merging and clipping ------------------------------------------------------------------


def test_overlapping_outages_are_merged() -> None:
    # 10:00–11:00 and 10:30–11:30 overlap: 10:00–11:30 = 90 min, not 120.
    # Nested 10:10–10:20 adds nothing; 11:30–12:00 touches the end: 10:00–12:00 = 2 h.
    outages = [
        outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 11)),
        outage(utc(2026, 4, 10, 10, 30), utc(2026, 4, 10, 11, 30)),
        outage(utc(2026, 4, 10, 10, 10), utc(2026, 4, 10, 10, 20)),
    ]
    result = availability(outages, APRIL)
    assert result.downtime == 90 * M
    # 1 − 5,400 / 2,592,000 = 1 − 1/480 = 479/480.
    assert result.ratio == Fraction(479, 480)
    assert result.outages == ((utc(2026, 4, 10, 10), utc(2026, 4, 10, 11, 30)),)
    touching = availability(
        [*outages, outage(utc(2026, 4, 10, 11, 30), utc(2026, 4, 10, 12))], APRIL
    )
    assert touching.downtime == 2 * H
    assert touching.outages == ((utc(2026, 4, 10, 10), utc(2026, 4, 10, 12)),)


def test_the_same_outage_twice_counts_once() -> None:
    once = down_for(H)
    assert availability([once, once], APRIL).downtime == H


def test_an_outage_spanning_two_months_is_split_between_them() -> None:
    # 30 Apr 23:00 → 1 May 01:00 UTC: one hour in each month.
    spanning = outage(utc(2026, 4, 30, 23), utc(2026, 5, 1, 1))
    april = availability([spanning], APRIL)
    may = availability([spanning], Month(2026, 5, "UTC"))
    assert april.downtime == H
    assert may.downtime == H
    # April: 1 − 3,600 / 2,592,000 = 1 − 1/720; May (31 days): 1 − 3,600 / 2,678,400 = 1 − 1/744.
    assert april.ratio == Fraction(719, 720)
    assert may.ratio == Fraction(743, 744)
    assert april.outages == ((utc(2026, 4, 30, 23), utc(2026, 5, 1)),)
    assert may.outages == ((utc(2026, 5, 1), utc(2026, 5, 1, 1)),)


def test_the_month_boundary_is_in_the_month_s_timezone() -> None:
    # April in Amsterdam ends at 1 May 00:00 CEST = 30 Apr 22:00 UTC, so an outage
    # 30 Apr 21:00–23:00 UTC falls one hour in April and one hour in May there,
    # but wholly in April in UTC.
    late = outage(utc(2026, 4, 30, 21), utc(2026, 4, 30, 23))
    assert availability([late], Month(2026, 4, "Europe/Amsterdam")).downtime == H
    assert availability([late], Month(2026, 5, "Europe/Amsterdam")).downtime == H
    assert availability([late], APRIL).downtime == 2 * H


def test_outages_outside_the_period_do_not_count() -> None:
    before = outage(utc(2026, 3, 31, 20), utc(2026, 4, 1))  # ends exactly at the start
    after = outage(utc(2026, 5, 1), utc(2026, 5, 1, 3))  # starts exactly at the end
    result = availability([before, after], APRIL)
    assert result.ratio == 1
    assert result.outages == ()


def test_outages_in_other_timezones_are_the_same_instants() -> None:
    # 10 Apr 14:00–15:00 CEST is 12:00–13:00 UTC: it merges with 12:30–13:30 UTC → 90 min.
    local = outage(
        datetime(2026, 4, 10, 14, tzinfo=AMSTERDAM), datetime(2026, 4, 10, 15, tzinfo=AMSTERDAM)
    )
    result = availability(
        [local, outage(utc(2026, 4, 10, 12, 30), utc(2026, 4, 10, 13, 30))], APRIL
    )
    assert result.downtime == 90 * M


def test_only_outages_are_accepted() -> None:
    with pytest.raises(WrongTypeError, match="outage 1 is a tuple, not an Outage") as error:
        availability([down_for(H), (utc(2026, 4, 1), utc(2026, 4, 2))], APRIL)  # type: ignore[list-item]
    assert isinstance(error.value, TypeError)
    with pytest.raises(WrongTypeError, match="maintenance 0 is a str, not a MaintenanceWindow"):
        availability([], APRIL, ["FREQ=DAILY"])  # type: ignore[list-item]
    with pytest.raises(WrongTypeError, match="period must be a Period or Month, not str"):
        availability([], "2026-04")  # type: ignore[arg-type]


@pytest.mark.parametrize("word", ["hour", "second", "Minute", "", "minutes"])
def test_granularity_is_one_of_the_documented_words(word: str) -> None:
    with pytest.raises(UsageError) as error:
        availability([down_for(H)], APRIL, granularity=word)  # type: ignore[arg-type]
    assert str(error.value) == (f"granularity must be one of 'microsecond', 'minute', not {word!r}")


def test_a_negative_minimum_outage_is_refused() -> None:
    with pytest.raises(UsageError, match="minimum_outage must not be negative, got -1 day"):
        availability([down_for(H)], APRIL, minimum_outage=-S)
    with pytest.raises(WrongTypeError, match="minimum_outage must be a timedelta, not int"):
        availability([down_for(H)], APRIL, minimum_outage=5)  # type: ignore[arg-type]


def test_a_zero_length_outage_is_ignored_whatever_the_granularity() -> None:
    # Documented rule: start == end is accepted and costs nothing. Rounded to whole
    # minutes it would have become a whole minute (10:00:30 → 10:00–10:01): it does not.
    point = outage(utc(2026, 4, 10, 10, 0, 30), utc(2026, 4, 10, 10, 0, 30), id="O-0")
    for granularity in ("microsecond", "minute"):
        result = availability([point], APRIL, granularity=granularity)  # type: ignore[arg-type]
        assert result.ratio == 1
        assert result.counted_outages == ()
    # It does not join two outages it touches: 09:00–10:00:30 and 10:00:30–11:00 already
    # touch; with a gap they stay apart: 09:00–10:00 and 10:01–11:00 = 1 h 59 min.
    apart = [outage(utc(2026, 4, 10, 9), utc(2026, 4, 10, 10)),
             outage(utc(2026, 4, 10, 10, 1), utc(2026, 4, 10, 11))]  # fmt: skip
    assert availability([*apart, point], APRIL).downtime == H + 59 * M


# --- maintenance ---------------------------------------------------------------------------


def test_maintenance_overlapping_an_outage_is_not_downtime() -> None:
    # Outage 02:00–05:00, window 01:00–03:00: only 03:00–05:00 (2 h) counts; 1 h excluded.
    window = MaintenanceWindow(start=utc(2026, 4, 12, 1), end=utc(2026, 4, 12, 3))
    result = availability([outage(utc(2026, 4, 12, 2), utc(2026, 4, 12, 5))], APRIL, [window])
    assert result.downtime == 2 * H
    assert result.maintenance_excluded == H
    assert result.outages == ((utc(2026, 4, 12, 3), utc(2026, 4, 12, 5)),)
    # 1 − 7,200 / 2,592,000 = 1 − 1/360.
    assert result.ratio == Fraction(359, 360)


def test_maintenance_alone_is_not_downtime() -> None:
    window = MaintenanceWindow(start=utc(2026, 4, 12, 1), end=utc(2026, 4, 12, 3))
    result = availability([], APRIL, [window])
    assert result.ratio == 1
    assert result.maintenance_excluded == timedelta(0)


def test_an_outage_inside_maintenance_costs_nothing() -> None:
    window = MaintenanceWindow(start=utc(2026, 4, 12, 1), end=utc(2026, 4, 12, 5))
    result = availability([outage(utc(2026, 4, 12, 2), utc(2026, 4, 12, 3))], APRIL, [window])
    assert result.ratio == 1
    assert result.maintenance_excluded == H


SUNDAYS = MaintenanceRule(
    rule="FREQ=WEEKLY;BYDAY=SU", at="02:00", duration="2h", timezone="Europe/Amsterdam"
)


def test_a_weekly_rule_excludes_sunday_02_to_04_amsterdam() -> None:
    # Sun 22 Mar 2026 is on CET: 02:00–04:00 local = 01:00–03:00 UTC.
    # Outage 00:00–04:00 UTC: 00:00–01:00 and 03:00–04:00 count (2 h), 2 h excluded.
    march = Month(2026, 3, "Europe/Amsterdam")
    result = availability([outage(utc(2026, 3, 22), utc(2026, 3, 22, 4))], march, [SUNDAYS])
    assert result.downtime == 2 * H
    assert result.maintenance_excluded == 2 * H
    assert result.outages == (
        (utc(2026, 3, 22), utc(2026, 3, 22, 1)),
        (utc(2026, 3, 22, 3), utc(2026, 3, 22, 4)),
    )
    # Summer time, Sun 12 Apr 2026, CEST: 02:00–04:00 local = 00:00–02:00 UTC.
    april = availability([outage(utc(2026, 4, 12), utc(2026, 4, 12, 3))], APRIL, [SUNDAYS])
    assert april.downtime == H
    assert april.outages == ((utc(2026, 4, 12, 2), utc(2026, 4, 12, 3)),)


def test_a_weekly_rule_on_the_spring_forward_sunday() -> None:
    # Sun 29 Mar 2026: 02:00 does not exist in Amsterdam (01:00 UTC jumps from 02:00 CET
    # to 03:00 CEST). fold=0 reads 02:00 with the offset before the gap, +01:00, which is
    # 01:00 UTC; two real hours → 01:00–03:00 UTC. The stdlib agrees:
    assert datetime(2026, 3, 29, 2, tzinfo=AMSTERDAM).astimezone(UTC) == utc(2026, 3, 29, 1)
    # Outage 00:30–03:30 UTC: 00:30–01:00 and 03:00–03:30 count = 1 h.
    march = Month(2026, 3, "Europe/Amsterdam")
    result = availability(
        [outage(utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 3, 30))], march, [SUNDAYS]
    )
    assert result.downtime == H
    assert result.maintenance_excluded == 2 * H


def test_a_weekly_rule_on_the_fall_back_sunday() -> None:
    # Sun 25 Oct 2026: 02:00 happens twice in Amsterdam; fold=0 is the first, CEST (+02:00),
    # i.e. 00:00 UTC; two real hours → 00:00–02:00 UTC.
    assert datetime(2026, 10, 25, 2, tzinfo=AMSTERDAM).astimezone(UTC) == utc(2026, 10, 25)
    # Outage Sat 24 Oct 23:00 → Sun 03:00 UTC (4 h): 2 h excluded, 2 h count.
    october = Month(2026, 10, "Europe/Amsterdam")
    result = availability([outage(utc(2026, 10, 24, 23), utc(2026, 10, 25, 3))], october, [SUNDAYS])
    assert result.downtime == 2 * H
    # Compared in UTC: Python never calls an instant in a repeated hour (02:00 CEST here)
    # equal to one in another zone (PEP 495).
    assert in_utc(result.outages) == (
        (utc(2026, 10, 24, 23), utc(2026, 10, 25)),
        (utc(2026, 10, 25, 2), utc(2026, 10, 25, 3)),
    )


def test_a_rule_with_no_sunday_overlap_changes_nothing() -> None:
    # Wed 15 Apr 2026, 10:00–11:00 UTC is not a Sunday.
    result = availability([outage(utc(2026, 4, 15, 10), utc(2026, 4, 15, 11))], APRIL, [SUNDAYS])
    assert result.downtime == H
    assert result.maintenance_excluded == timedelta(0)


def test_a_rule_window_across_the_month_start_is_used() -> None:
    # Sun 31 May 2026 23:00 Amsterdam (CEST) = 21:00 UTC, for 3 h → 31 May 21:00 – 1 Jun 00:00 UTC,
    # i.e. until 1 Jun 02:00 local. June in Amsterdam starts at 31 May 22:00 UTC.
    late = MaintenanceRule(
        rule="FREQ=WEEKLY;BYDAY=SU", at="23:00", duration="3h", timezone="Europe/Amsterdam"
    )
    june = Month(2026, 6, "Europe/Amsterdam")
    # Outage 31 May 22:00 – 1 Jun 01:00 UTC: in June, 22:00–00:00 is maintenance and
    # 00:00–01:00 counts.
    result = availability([outage(utc(2026, 5, 31, 22), utc(2026, 6, 1, 1))], june, [late])
    assert result.downtime == H
    assert result.maintenance_excluded == 2 * H


def test_a_rule_with_interval_is_anchored_by_since() -> None:
    # Every other Sunday from Sun 5 Apr 2026, 00:00 UTC for 1 h: 5 Apr and 19 Apr, not 12 Apr.
    fortnightly = MaintenanceRule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", at="00:00", duration="1h", since=date(2026, 4, 5)
    )
    outages = [outage(utc(2026, 4, day), utc(2026, 4, day, 1)) for day in (5, 12, 19)]
    result = availability(outages, APRIL, [fortnightly])
    assert result.outages == ((utc(2026, 4, 12), utc(2026, 4, 12, 1)),)


def test_a_rule_error_names_the_rule() -> None:
    # The rule's own reading is tested in test_recurrence.py; the model adds which rule.
    with pytest.raises(AvailabilityError) as error:
        MaintenanceRule(rule="FREQ=DAILY;INTERVAL=0", duration="1h", since=date(2026, 4, 5))
    assert str(error.value) == (
        "invalid MaintenanceRule: INTERVAL=0 is out of range: INTERVAL takes a whole number "
        "from 1 to 1,000,000,000 (in rule 'FREQ=DAILY;INTERVAL=0')"
    )


def test_a_rule_that_never_occurs_is_no_maintenance() -> None:
    # 30 February never happens (test_recurrence.py): the rule is valid, the outage counts.
    never = MaintenanceRule(rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", duration="1h")
    assert never.windows(APRIL) == []
    assert availability([down_for(H)], APRIL, [never]).downtime == H


def test_a_dtstart_that_agrees_is_accepted_and_fills_since_and_at() -> None:
    text = "DTSTART:20260405T020000\nRRULE:FREQ=WEEKLY;INTERVAL=2"
    rule = MaintenanceRule(rule=text, duration="1h", timezone="Europe/Amsterdam")
    assert (rule.since, rule.at) == (date(2026, 4, 5), time(2))
    # Sundays 5 and 19 April, 02:00 CEST = 00:00 UTC.
    assert [b for b, _ in rule.windows(APRIL)] == [
        (utc(2026, 4, day) - utc(1970, 1, 1)) // US for day in (5, 19)
    ]
    # The same in UTC (00:00Z = 02:00 CEST) and with the zone named.
    same = [
        MaintenanceRule(
            rule="DTSTART:20260405T000000Z\nRRULE:FREQ=WEEKLY;INTERVAL=2",
            duration="1h",
            timezone="Europe/Amsterdam",
        ),
        MaintenanceRule(
            rule="DTSTART;TZID=Europe/Amsterdam:20260405T020000\nFREQ=WEEKLY;INTERVAL=2",
            duration="1h",
            timezone="Europe/Amsterdam",
            since=date(2026, 4, 5),
            at="02:00",  # type: ignore[arg-type]
        ),
    ]
    for other in same:
        assert (other.since, other.at) == (date(2026, 4, 5), time(2))
        assert other.windows(APRIL) == rule.windows(APRIL)
    assert MaintenanceRule.model_validate_json(rule.model_dump_json()) == rule


SAY_THE_SAME = "; a DTSTART must say the same (or leave since and at out)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"at": "03:00"},
            "DTSTART 20260405T020000 contradicts since=2026-04-05 at=03:00:00 in Europe/Amsterdam"
            + SAY_THE_SAME,
        ),
        (
            {"since": "2026-04-12"},
            "DTSTART 20260405T020000 contradicts since=2026-04-12 at=02:00:00 in Europe/Amsterdam"
            + SAY_THE_SAME,
        ),
        (
            {"rule": "DTSTART;TZID=Europe/Dublin:20260405T020000\nRRULE:FREQ=DAILY"},
            "DTSTART's TZID=Europe/Dublin contradicts timezone=Europe/Amsterdam; "
            "give the same zone or leave TZID out",
        ),
        (
            {"rule": "DTSTART:20260405T020000Z\nRRULE:FREQ=DAILY"},
            "DTSTART 20260405T020000Z contradicts since=2026-04-05 at=02:00:00 in Europe/Amsterdam"
            + SAY_THE_SAME,
        ),
    ],
)
def test_a_dtstart_that_contradicts_since_or_at_is_refused(
    fields: dict[str, str], message: str
) -> None:
    given = {
        "rule": "DTSTART:20260405T020000\nRRULE:FREQ=DAILY",
        "at": "02:00",
        "since": "2026-04-05",
        "duration": "1h",
        "timezone": "Europe/Amsterdam",
        **fields,
    }
    with pytest.raises(AvailabilityError) as error:
        MaintenanceRule(**given)  # type: ignore[arg-type]
    assert str(error.value) == f"invalid MaintenanceRule: {message}"


def test_at_is_whole_local_seconds() -> None:
    with pytest.raises(AvailabilityError, match="at must be whole seconds"):
        MaintenanceRule(rule="FREQ=DAILY", at="02:00:00.5", duration="1h")


def expanded_quickly(rule: MaintenanceRule, outages: list[Outage]) -> Availability:
    began = time_module.perf_counter()
    result = availability(outages, APRIL, [rule])
    assert time_module.perf_counter() - began < 1.0
    return result


def test_a_minutely_rule_over_a_month_is_quick_and_exact() -> None:
    # Before: 43-114 s (expanded from 2000-01-01). Every minute from :00 for 30 s:
    # an outage 10:00-11:00 is half maintenance: 60 × 30 s = 30 min counted.
    rule = MaintenanceRule(rule="FREQ=MINUTELY", duration="30s")
    result = expanded_quickly(rule, [outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 11))])
    assert result.downtime == 30 * M
    assert result.maintenance_excluded == 30 * M
    assert len(rule.windows(APRIL)) >= 30 * 24 * 60


@pytest.mark.parametrize(
    ("rule", "duration", "counted"),
    [
        # Every second for a second: the whole month is maintenance.
        ("FREQ=SECONDLY", "1s", timedelta(0)),
        # Every other second (phase from 2000-01-01 00:00:00, an even number of seconds
        # before 10:00:00) for a second: 10:00:01, :03, ... count: half an hour.
        ("FREQ=SECONDLY;INTERVAL=2", "1s", 30 * M),
        # Every second for half a second: 2.6 million windows, half of each second counts.
        ("FREQ=SECONDLY", timedelta(milliseconds=500), 30 * M),
        # Seconds 0-29 of minutes 0-14 each hour: 15 min × 30 s = 7.5 min excluded.
        (
            "FREQ=SECONDLY;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14;BYSECOND="
            + ",".join(map(str, range(30))),
            "1s",
            60 * M - 7 * M - 30 * S,
        ),
    ],
)
def test_a_secondly_rule_over_a_month_finishes_and_is_exact(
    rule: str, duration: str | timedelta, counted: timedelta
) -> None:
    every = MaintenanceRule(rule=rule, duration=duration)  # type: ignore[arg-type]
    began = time_module.perf_counter()
    result = availability([outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 11))], APRIL, [every])
    assert time_module.perf_counter() - began < 5.0
    assert result.downtime == counted


def test_the_interval_phase_is_anchored_on_since_not_on_the_period() -> None:
    # Every 7 minutes from 1 Apr 00:00 UTC. 10 Apr 00:00 is 9 × 1,440 = 12,960 min later;
    # 12,960 = 7 × 1,851 + 3, so occurrences fall at 00:04 and 00:11 of 10 Apr.
    # Outage 00:00-00:10 with 1-minute windows: 00:04-00:05 excluded, 9 min counted.
    rule = MaintenanceRule(rule="FREQ=MINUTELY;INTERVAL=7", duration="1m", since=date(2026, 4, 1))
    result = availability([outage(utc(2026, 4, 10), utc(2026, 4, 10, 0, 10))], APRIL, [rule])
    assert result.downtime == 9 * M
    assert result.outages == (
        (utc(2026, 4, 10), utc(2026, 4, 10, 0, 4)),
        (utc(2026, 4, 10, 0, 5), utc(2026, 4, 10, 0, 10)),
    )
    # Monthly every 3 months from January 2025: April 2026 is 15 months on (in phase),
    # March 2026 is 14 (not).
    quarterly = MaintenanceRule(rule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10", duration="1h",
                                since=date(2025, 1, 1))  # fmt: skip
    assert len(quarterly.windows(APRIL)) == 1
    assert quarterly.windows(Month(2026, 3)) == []


def test_count_counts_from_since() -> None:
    # Three days from 8 April: 8, 9 and 10 April at 00:00 for an hour; the 11th is not.
    three = MaintenanceRule(rule="FREQ=DAILY;COUNT=3", duration="1h", since=date(2026, 4, 8))
    outages = [
        outage(utc(2026, 4, day), utc(2026, 4, day, 1), id=f"O-{day}") for day in (9, 10, 11)
    ]
    result = availability(outages, APRIL, [three])
    assert result.counted_outages == ("O-11",)
    # Five million minutes from 1 Jan 2020 end on 2029-07-05 (5,000,000 / 1,440 = 3,472.2
    # days): all of April 2026 is maintenance, and counting there is quick.
    many = MaintenanceRule(
        rule="FREQ=MINUTELY;COUNT=5000000", duration="1m", since=date(2020, 1, 1)
    )
    assert expanded_quickly(many, [down_for(H)]).downtime == timedelta(0)
    # From 2000, 5,000,000 minutes end in July 2009: nothing in April 2026.
    old = MaintenanceRule(rule="FREQ=MINUTELY;COUNT=5000000", duration="1m")
    assert expanded_quickly(old, [down_for(H)]).downtime == H


# --- which outages counted -----------------------------------------------------------------


def test_counted_outages_name_only_the_outages_behind_the_downtime() -> None:
    window = MaintenanceWindow(start=utc(2026, 4, 12, 1), end=utc(2026, 4, 12, 5))
    outages = [
        outage(utc(2026, 4, 20, 10), utc(2026, 4, 20, 11), id="late"),
        outage(utc(2026, 4, 12, 2), utc(2026, 4, 12, 3), id="inside-maintenance"),
        outage(utc(2026, 4, 3, 10), utc(2026, 4, 3, 11)),  # no id
        outage(utc(2026, 4, 3, 10, 30), utc(2026, 4, 3, 12), id="merged"),
        outage(utc(2026, 5, 2), utc(2026, 5, 3), id="in-may"),
        outage(utc(2026, 4, 12, 4), utc(2026, 4, 12, 6), id="half-inside"),
    ]
    result = availability(outages, APRIL, [window])
    # In time order; an outage without an id is named by its start in UTC.
    assert result.counted_outages == (
        "outage at 2026-04-03T10:00:00+00:00",
        "merged",
        "half-inside",
        "late",
    )
    assert Availability.model_validate_json(result.model_dump_json()) == result
    # Too short for the minimum: not named either.
    assert availability(outages, APRIL, [window], minimum_outage=90 * M).counted_outages == (
        "merged",
        "half-inside",
    )


# --- granularity and minimum outage --------------------------------------------------------


def test_minute_granularity_counts_every_minute_touched() -> None:
    # 10:00:55 → 10:01:05 is 10 s, but touches the minutes 10:00 and 10:01: 2 min.
    short = outage(utc(2026, 4, 10, 10, 0, 55), utc(2026, 4, 10, 10, 1, 5))
    assert availability([short], APRIL).downtime == 10 * S
    by_minute = availability([short], APRIL, granularity="minute")
    assert by_minute.downtime == 2 * M
    # 1 − 120 / 2,592,000 = 1 − 1/21,600.
    assert by_minute.ratio == Fraction(21_599, 21_600)


def test_minute_granularity_keeps_whole_minutes_and_merges_rounded_outages() -> None:
    # 10:00–10:05 is already whole: 5 min. 10:05:30–10:06:10 rounds to 10:05–10:07 and
    # merges with it: 10:00–10:07 = 7 min.
    outages = [
        outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 10, 5)),
        outage(utc(2026, 4, 10, 10, 5, 30), utc(2026, 4, 10, 10, 6, 10)),
    ]
    assert availability(outages[:1], APRIL, granularity="minute").downtime == 5 * M
    assert availability(outages, APRIL, granularity="minute").downtime == 7 * M


def test_minimum_outage_ignores_short_outages() -> None:
    five = 5 * M
    blips = [down_for(4 * M, utc(2026, 4, 3)), down_for(4 * M + 59 * S, utc(2026, 4, 4))]
    assert availability(blips, APRIL, minimum_outage=five).ratio == 1
    # Exactly 5 min is not shorter than 5 min, so it counts; so does 6 min: 11 min in all.
    counted = [down_for(five, utc(2026, 4, 5)), down_for(6 * M, utc(2026, 4, 6))]
    result = availability([*blips, *counted], APRIL, minimum_outage=five)
    assert result.downtime == 11 * M
    # Without a minimum, 4 + 4:59 + 5 + 6 = 19 min 59 s.
    assert availability([*blips, *counted], APRIL).downtime == 19 * M + 59 * S


# --- error budgets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "length", "expected"),
    [
        # 0.1% × 2,592,000 s = 2,592 s = 43 min 12 s.
        ("99.9%", THIRTY_DAYS, 43 * M + 12 * S),
        # 0.1% × 365 × 86,400 s = 31,536 s = 8.76 h = 8 h 45 min 36 s (the KMP seed's 8.76 hours).
        ("99.9%", timedelta(days=365), 8 * H + 45 * M + 36 * S),
        # 0.5% × 2,592,000 s = 12,960 s = 3 h 36 min.
        ("99.5%", THIRTY_DAYS, 3 * H + 36 * M),
        # 1% × 2,592,000 s = 25,920 s = 7 h 12 min.
        ("99%", THIRTY_DAYS, 7 * H + 12 * M),
        (Decimal("0.99"), THIRTY_DAYS, 7 * H + 12 * M),
        ("100%", THIRTY_DAYS, timedelta(0)),
        ("0%", THIRTY_DAYS, THIRTY_DAYS),
        # 0.1% × 1,999 µs = 1.999 µs, rounded down to 1 µs.
        ("99.9%", timedelta(microseconds=1999), US),
    ],
)
def test_allowed_downtime(target: str | Decimal, length: timedelta, expected: timedelta) -> None:
    assert allowed_downtime(target, length) == expected


def test_the_seed_s_8_76_hours_a_year() -> None:
    assert allowed_downtime("99.9%", timedelta(days=365)) == timedelta(hours=8.76)


def test_error_budget_remaining() -> None:
    # 43 min 12 s allowed − 20 min down = 23 min 12 s left.
    assert (
        error_budget_remaining(availability([down_for(20 * M)], APRIL), "99.9%") == 23 * M + 12 * S
    )
    # Exactly spent: nothing left.
    spent = availability([down_for(43 * M + 12 * S)], APRIL)
    assert error_budget_remaining(spent, "99.9%") == timedelta(0)
    # 43 min 12 s − 60 min = −16 min 48 s: overspent.
    assert error_budget_remaining(availability([down_for(H)], APRIL), "99.9%") == -(16 * M + 48 * S)


def test_burn_rate() -> None:
    # The whole budget over the whole month burns at exactly 1.
    spent = availability([down_for(43 * M + 12 * S)], APRIL)
    assert burn_rate(spent, "99.9%") == 1
    # Half the budget (21 min 36 s) over the whole month: 1/2.
    assert burn_rate(availability([down_for(21 * M + 36 * S)], APRIL), "99.9%") == Fraction(1, 2)
    # The whole budget spent in the first 15 days: twice as fast as sustainable.
    assert burn_rate(spent, "99.9%", observed=timedelta(days=15)) == 2
    # 1 h down at 99.5% over the month: 3,600 / 2,592,000 ÷ 0.005 = 3,600 / 12,960 = 5/18.
    assert burn_rate(availability([down_for(H)], APRIL), "99.5%") == Fraction(5, 18)
    assert burn_rate(availability([], APRIL), "99.9%") == 0


def test_burn_rate_needs_a_budget_and_a_span() -> None:
    result = availability([down_for(H)], APRIL)
    with pytest.raises(SlakitError, match="below 100%"):
        burn_rate(result, "100%")
    with pytest.raises(SlakitError, match="positive span"):
        burn_rate(result, "99.9%", observed=timedelta(0))


# --- the result ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("down", "percent"),
    [
        # 1 − 1/480 = 99.791666...%: rounded down to 99.7916, not up to 99.7917.
        (90 * M, "99.7916"),
        # 1 µs of 2.592e12 µs: 99.99999999996...% shows as 99.9999, never 100.
        (US, "99.9999"),
        # 1 − 1/720 = 99.861111...% → 99.8611.
        (H, "99.8611"),
        # 2/3 of a month down: 33.3333...% → 33.3333.
        (20 * 24 * H, "33.3333"),
    ],
)
def test_percent_never_overstates(down: timedelta, percent: str) -> None:
    result = availability([down_for(down, utc(2026, 4, 2))], APRIL)
    assert result.percent == Decimal(percent)
    assert Fraction(result.percent) / 100 <= result.ratio


def test_results_keep_the_period_s_timezone() -> None:
    month = Month(2026, 4, "Europe/Amsterdam")
    result = availability([outage(utc(2026, 4, 10, 12), utc(2026, 4, 10, 13))], month)
    start, end = result.outages[0]
    assert start == datetime(2026, 4, 10, 14, tzinfo=AMSTERDAM)
    assert start.utcoffset() == 2 * H
    assert end - start == H


def test_availability_is_a_frozen_value() -> None:
    result = availability([down_for(H)], APRIL)
    assert pickle.loads(pickle.dumps(result)) == result
    assert hash(result) == hash(pickle.loads(pickle.dumps(result)))
    with pytest.raises(Exception, match="frozen"):
        result.ratio = Fraction(1)  # type: ignore[misc]


def test_availability_over_a_period_survives_json() -> None:
    period = Period(start=utc(2026, 4, 1), end=utc(2026, 5, 1))
    result = availability([down_for(H)], period)
    assert Availability.model_validate_json(result.model_dump_json()) == result


def test_availability_over_a_month_survives_json() -> None:
    # DESIGN §1.4 and §7: every model survives a JSON round trip unchanged; the month's
    # year, month and timezone must come back too.
    result = availability([down_for(H)], APRIL)
    assert Availability.model_validate_json(result.model_dump_json()) == result


# --- which contracts an outage hits (DESIGN.md §3 "Many customers") -------------------------


def test_an_outage_that_names_nothing_hits_every_contract() -> None:
    plain = down_for(H)
    assert plain.contracts == plain.services == ()
    assert plain.hits("acme-gold")
    assert plain.hits("acme-gold", services=("api",))
    assert plain.hits("")


def test_an_outage_naming_contracts_hits_those_only() -> None:
    named = Outage(start=NOON_10_APRIL, end=NOON_10_APRIL + H, contracts=("acme", "globex"))
    assert named.hits("acme")
    assert named.hits("globex", services=("api",))
    assert not named.hits("initech")
    assert not named.hits("initech", services=("api",))  # names no services


def test_an_outage_naming_services_hits_contracts_that_cover_one() -> None:
    api = Outage(start=NOON_10_APRIL, end=NOON_10_APRIL + H, services=("api", "web"))
    assert api.hits("acme", services=("web",))
    assert api.hits("acme", services=("billing", "api"))
    assert not api.hits("acme", services=("billing",))
    assert not api.hits("acme")  # a contract that covers no services


def test_an_outage_naming_both_hits_either() -> None:
    both = Outage(
        start=NOON_10_APRIL, end=NOON_10_APRIL + H, contracts=("acme",), services=("api",)
    )
    assert both.hits("acme")
    assert both.hits("globex", services=("api",))
    assert not both.hits("globex", services=("web",))


def test_outage_ids_are_stripped() -> None:
    named = Outage(start=NOON_10_APRIL, end=NOON_10_APRIL, contracts=(" a ",), services=("b ",))
    assert (named.contracts, named.services) == (("a",), ("b",))


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"contracts": ("",)}, "contracts: a contract id must not be empty"),
        ({"services": ("api", " ")}, "services: a service id must not be empty"),
        ({"contracts": ("acme gold",)}, "contracts: 'acme gold' is not a contract id: it holds "
                                        "a space or a comma; give each id as its own item"),
        ({"services": ("api,web",)}, "services: 'api,web' is not a service id: it holds a "
                                     "space or a comma; give each id as its own item"),
        ({"contracts": ("acme/gold",)}, "contracts: 'acme/gold' is not a contract id; an id "
                                        "is 1 to 128 letters, digits, '.', '_' or '-', "
                                        "starting with a letter or digit, e.g. kmp-premier-dublin"),
        ({"services": ("-api",)}, "services: '-api' is not a service id; an id is 1 to 128 "
                                  "letters, digits, '.', '_' or '-', starting with a letter or "
                                  "digit, e.g. payments-api"),
    ],
)  # fmt: skip
def test_a_bad_outage_id_is_refused(fields: dict[str, tuple[str, ...]], reason: str) -> None:
    with pytest.raises(AvailabilityError) as raised:
        Outage(start=NOON_10_APRIL, end=NOON_10_APRIL, **fields)
    assert str(raised.value) == f"invalid Outage: {reason}"


# --- each outage's downtime: the evidence behind a statement ---------------------------------


def downtime_of(result: Availability) -> list[tuple[str, timedelta, timedelta]]:
    return [(item.id, item.downtime, item.maintenance_excluded) for item in result.outage_downtime]


def test_one_outage_is_credited_with_all_its_downtime() -> None:
    result = availability([outage(utc(2026, 4, 10, 12), utc(2026, 4, 10, 13), "O-1")], APRIL)
    assert downtime_of(result) == [("O-1", H, timedelta(0))]
    (item,) = result.outage_downtime
    assert (item.start, item.end) == (utc(2026, 4, 10, 12), utc(2026, 4, 10, 13))


def test_overlap_goes_to_the_outage_that_started_first() -> None:
    # O-B 10:30–11:30 overlaps O-A 10:00–11:00: O-A gets its hour, O-B only 11:00–11:30.
    # O-C 10:10–10:20 lies inside O-A: nothing left for it. Total 90 min, as merged.
    outages = [
        outage(utc(2026, 4, 10, 10, 30), utc(2026, 4, 10, 11, 30), "O-B"),
        outage(utc(2026, 4, 10, 10, 10), utc(2026, 4, 10, 10, 20), "O-C"),
        outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 11), "O-A"),
    ]
    result = availability(outages, APRIL)
    zero = timedelta(0)
    assert downtime_of(result) == [("O-A", H, zero), ("O-C", zero, zero), ("O-B", 30 * M, zero)]
    assert result.downtime == 90 * M


def test_outages_starting_together_are_credited_by_name() -> None:
    # Both 10:00; "O-1" sorts first and takes 10:00–11:00; "O-2" (to 12:00) gets 11:00–12:00.
    outages = [
        outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 12), "O-2"),
        outage(utc(2026, 4, 10, 10), utc(2026, 4, 10, 11), "O-1"),
    ]
    assert downtime_of(availability(outages, APRIL)) == [
        ("O-1", H, timedelta(0)),
        ("O-2", H, timedelta(0)),
    ]


@pytest.mark.parametrize("name", ["", "O-1"], ids=["no ids", "one id"])
def test_outages_alike_but_for_their_end_are_credited_alike_in_any_order(name: str) -> None:
    # Review: two outages from 10:00, to 11:00 and to 13:00, with the same name (none, or the
    # same id). By end: the shorter takes 10:00-11:00, the longer what is left, 11:00-13:00.
    # The same whatever order they are given in; so do the start and end written in other
    # zones (the same instants), the description, contracts and services.
    dublin = ZoneInfo("Europe/Dublin")
    alike = [
        Outage(start=utc(2026, 4, 10, 10), end=utc(2026, 4, 10, 11), id=name),
        Outage(start=utc(2026, 4, 10, 10), end=utc(2026, 4, 10, 13), id=name),
        Outage(start=utc(2026, 4, 10, 10), end=utc(2026, 4, 10, 13), id=name, description="db"),
        Outage(start=utc(2026, 4, 10, 10), end=utc(2026, 4, 10, 13), id=name, contracts=("a",)),
        Outage(start=utc(2026, 4, 10, 10), end=utc(2026, 4, 10, 13), id=name, services=("api",)),
        Outage(start=utc(2026, 4, 10, 10).astimezone(dublin), end=utc(2026, 4, 10, 13), id=name),
    ]
    results = {
        availability(list(order), APRIL).model_dump_json()
        for order in itertools.permutations(alike)
    }
    assert len(results) == 1
    shares = [
        (item.downtime, item.end) for item in availability(alike[::-1], APRIL).outage_downtime
    ]
    assert shares[:2] == [(H, utc(2026, 4, 10, 11)), (2 * H, utc(2026, 4, 10, 13))]
    assert [downtime for downtime, _ in shares[2:]] == [timedelta(0)] * 4


def test_an_outage_after_a_longer_one_gets_only_what_is_left() -> None:
    # O-1 08:00–12:00 covers O-2 09:00–10:00 whole; O-3 11:00–13:00 gets 12:00–13:00.
    outages = [
        outage(utc(2026, 4, 10, 8), utc(2026, 4, 10, 12), "O-1"),
        outage(utc(2026, 4, 10, 9), utc(2026, 4, 10, 10), "O-2"),
        outage(utc(2026, 4, 10, 11), utc(2026, 4, 10, 13), "O-3"),
    ]
    assert downtime_of(availability(outages, APRIL)) == [
        ("O-1", 4 * H, timedelta(0)),
        ("O-2", timedelta(0), timedelta(0)),
        ("O-3", H, timedelta(0)),
    ]


def test_maintenance_is_split_out_per_outage() -> None:
    # Window 01:00–03:00. O-1 02:00–05:00: 02:00–03:00 excluded (1 h), 03:00–05:00 down (2 h).
    # O-2 00:30–01:30 (named later but starts first): 00:30–01:00 down, 01:00–01:30 excluded.
    window = MaintenanceWindow(start=utc(2026, 4, 12, 1), end=utc(2026, 4, 12, 3))
    outages = [
        outage(utc(2026, 4, 12, 2), utc(2026, 4, 12, 5), "O-1"),
        outage(utc(2026, 4, 12, 0, 30), utc(2026, 4, 12, 1, 30), "O-2"),
    ]
    result = availability(outages, APRIL, [window])
    assert downtime_of(result) == [("O-2", 30 * M, 30 * M), ("O-1", 2 * H, H)]
    # 30 min + 2 h down; 30 min + 1 h excluded (01:00–01:30 and 02:00–03:00).
    assert (result.downtime, result.maintenance_excluded) == (150 * M, 90 * M)


def test_an_outage_wholly_in_maintenance_is_listed_with_no_downtime() -> None:
    window = MaintenanceWindow(start=utc(2026, 4, 12, 1), end=utc(2026, 4, 12, 5))
    result = availability(
        [outage(utc(2026, 4, 12, 2), utc(2026, 4, 12, 3), "O-9")], APRIL, [window]
    )
    assert result.counted_outages == ()
    assert downtime_of(result) == [("O-9", timedelta(0), H)]


def test_an_outage_across_the_period_is_credited_its_part_with_its_own_bounds() -> None:
    # 30 Apr 23:00 → 1 May 01:00 UTC: one hour in April; start and end as given.
    spanning = outage(utc(2026, 4, 30, 23), utc(2026, 5, 1, 1), "O-7")
    (item,) = availability([spanning], APRIL).outage_downtime
    assert (item.id, item.start, item.end, item.downtime) == (
        "O-7", utc(2026, 4, 30, 23), utc(2026, 5, 1, 1), H,
    )  # fmt: skip


def test_outages_outside_the_period_zero_length_or_too_short_are_not_listed() -> None:
    outages = [
        outage(utc(2026, 3, 31, 22), utc(2026, 4, 1), "before"),  # ends at the period's start
        outage(utc(2026, 5, 1), utc(2026, 5, 1, 1), "after"),
        outage(utc(2026, 4, 10, 12), utc(2026, 4, 10, 12), "empty"),
        outage(utc(2026, 4, 11, 12), utc(2026, 4, 11, 12, 0, 30), "short"),
        outage(utc(2026, 4, 12, 12), utc(2026, 4, 12, 13), "kept"),
    ]
    result = availability(outages, APRIL, minimum_outage=M)
    assert downtime_of(result) == [("kept", H, timedelta(0))]


def test_an_unnamed_outage_is_listed_under_the_name_counted_outages_uses() -> None:
    result = availability([outage(utc(2026, 4, 10, 12), utc(2026, 4, 10, 13))], APRIL)
    assert (
        [item.id for item in result.outage_downtime]
        == list(result.counted_outages)
        == ["outage at 2026-04-10T12:00:00+00:00"]
    )


def test_minute_granularity_credits_the_rounded_intervals() -> None:
    # O-1 12:00:30–12:01:10 rounds out to 12:00–12:02 (2 min); O-2 12:01:50–12:03:00 rounds
    # to 12:01–12:03, of which 12:02–12:03 is left (1 min). Total 3 min, as merged.
    outages = [
        outage(utc(2026, 4, 10, 12, 0, 30), utc(2026, 4, 10, 12, 1, 10), "O-1"),
        outage(utc(2026, 4, 10, 12, 1, 50), utc(2026, 4, 10, 12, 3), "O-2"),
    ]
    result = availability(outages, APRIL, granularity="minute")
    assert downtime_of(result) == [("O-1", 2 * M, timedelta(0)), ("O-2", M, timedelta(0))]
    assert result.downtime == 3 * M
    assert result.outage_downtime[0].start == utc(2026, 4, 10, 12, 0, 30)  # as given


def test_the_downtimes_add_up_to_the_total_whatever_the_order() -> None:
    # Twenty overlapping outages with a maintenance rule: the parts always sum exactly.
    outages = [
        outage(utc(2026, 4, 5) + n * 37 * M, utc(2026, 4, 5) + n * 37 * M + (n % 4 + 1) * 25 * M,
               f"O-{n:02}")
        for n in range(20)
    ]  # fmt: skip
    hourly = MaintenanceRule(rule="FREQ=HOURLY", duration="10m", since=date(2026, 4, 1))
    forwards = availability(outages, APRIL, [hourly])
    backwards = availability(list(reversed(outages)), APRIL, [hourly])
    assert forwards.outage_downtime == backwards.outage_downtime
    assert sum((item.downtime for item in forwards.outage_downtime), timedelta(0)) == (
        forwards.downtime
    )
    assert sum((item.maintenance_excluded for item in forwards.outage_downtime), timedelta(0)) == (
        forwards.maintenance_excluded
    )
    assert forwards.maintenance_excluded > timedelta(0)
    assert [item.id for item in forwards.outage_downtime] == [f"O-{n:02}" for n in range(20)]


def test_outage_downtime_survives_json_and_pickle() -> None:
    result = availability([outage(utc(2026, 4, 10, 12), utc(2026, 4, 10, 13), "O-1")], APRIL)
    assert Availability.model_validate_json(result.model_dump_json()) == result
    assert pickle.loads(pickle.dumps(result)).outage_downtime == result.outage_downtime
    assert isinstance(result.outage_downtime[0], OutageDowntime)


@given(
    spans=st.lists(
        st.tuples(st.integers(-120, 720 * 60), st.integers(0, 600), st.sampled_from("ABC")),
        max_size=12,
    ),
    window=st.tuples(st.integers(0, 720 * 60), st.integers(0, 300)),
    granularity=st.sampled_from(["microsecond", "minute"]),
)
def test_outage_downtimes_always_add_up_to_the_totals(
    spans: list[tuple[int, int, str]],
    window: tuple[int, int],
    granularity: Literal["microsecond", "minute"],
) -> None:
    # Outages in seconds from 1 April (some before it), a maintenance window, either
    # granularity: the parts sum to the totals, and no part is negative.
    start = utc(2026, 4, 1)
    outages = [
        outage(start + offset * S, start + (offset + length) * S + 7 * US, f"O-{name}")
        for offset, length, name in spans
    ]
    maintenance = [MaintenanceWindow(start=start + window[0] * S, end=start + sum(window) * S)]
    result = availability(outages, APRIL, maintenance, granularity=granularity)
    zero = timedelta(0)
    assert sum((item.downtime for item in result.outage_downtime), zero) == result.downtime
    assert sum((item.maintenance_excluded for item in result.outage_downtime), zero) == (
        result.maintenance_excluded
    )
    assert all(item.downtime >= zero and item.maintenance_excluded >= zero
               for item in result.outage_downtime)  # fmt: skip
    assert set(result.counted_outages) <= {item.id for item in result.outage_downtime}
