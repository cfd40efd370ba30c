"""slakit.recurrence: reading RFC 5545 rules strictly, and expanding them over a window.

Expected values are worked by hand from RFC 5545 and the zones' published
transitions: Europe/Amsterdam goes from CET (UTC+1) to CEST (UTC+2) at 01:00
UTC on Sunday 29 Mar 2026 and back at 01:00 UTC on Sunday 25 Oct 2026.
Sunday 1 March 2026 is 59 days after Thursday 1 January (59 = 8 × 7 + 3).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slakit.errors import AvailabilityError
from slakit.recurrence import DAILY, MONTHLY, WEEKLY, Occurrence, Rule, expand, parse_rule

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
H = timedelta(hours=1)
M = timedelta(minutes=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def wall(*args: int) -> datetime:
    """A naive local wall time, as a rule's DTSTART and ``expand``'s ``first`` are."""
    return datetime(*args)  # type: ignore[misc]  # noqa: DTZ001


def us(instant: datetime) -> int:
    return (instant - EPOCH) // US


def windows(
    text: str, first: datetime, zone: str, duration: timedelta, low: datetime, high: datetime
) -> list[tuple[datetime, datetime]]:
    """``expand`` with datetimes in and out (UTC), ``first`` naive local wall time."""
    found = expand(parse_rule(text), first, ZoneInfo(zone), duration // US, us(low), us(high))
    return [(EPOCH + begin * US, EPOCH + end * US) for begin, end in found]


APRIL = (utc(2026, 4, 1), utc(2026, 5, 1))


# -- reading: what is accepted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("FREQ=WEEKLY;BYDAY=SU", Rule(freq=WEEKLY, byday=((6, 0),))),
        # Any case, spaces around parts, an RRULE: prefix and a trailing ";".
        ("rrule:freq=daily; byhour = 2 ;", Rule(freq=DAILY, byhour=(2,))),
        # Lists come back sorted without repeats; -1 is the last day of the month.
        ("FREQ=MONTHLY;BYMONTHDAY=15,1,15,-1", Rule(freq=MONTHLY, bymonthday=(-1, 1, 15))),
        # The last Friday, and every Monday (ordinal 0), of each month; MO=0 and FR=4.
        (
            "FREQ=MONTHLY;BYDAY=-1FR,MO;BYSETPOS=1",
            Rule(freq=MONTHLY, byday=((0, 0), (4, -1)), bysetpos=(1,)),
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;COUNT=10",
            Rule(freq=WEEKLY, interval=2, wkst=6, count=10),
        ),
        (
            "FREQ=DAILY;UNTIL=20261231",
            Rule(freq=DAILY, until=Occurrence(wall(2026, 12, 31), None, date_only=True)),
        ),
    ],
)
def test_a_rule_is_read_part_by_part(text: str, rule: Rule) -> None:
    assert parse_rule(text) == rule


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("DTSTART:20260405T020000", Occurrence(wall(2026, 4, 5, 2))),
        ("DTSTART:20260405T000000Z", Occurrence(wall(2026, 4, 5), "UTC")),
        (
            "DTSTART;TZID=Europe/Amsterdam:20260405T020000",
            Occurrence(wall(2026, 4, 5, 2), "Europe/Amsterdam"),
        ),
    ],
)
def test_a_dtstart_line_is_local_utc_or_in_a_named_zone(line: str, start: Occurrence) -> None:
    assert parse_rule(f"{line}\nRRULE:FREQ=WEEKLY") == Rule(freq=WEEKLY, start=start)


def test_an_occurrence_is_an_instant_in_its_zone() -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    # 5 Apr 2026 02:00 CEST (UTC+2) is 00:00 UTC, whatever zone the rule names.
    assert Occurrence(wall(2026, 4, 5, 2)).instant_us(amsterdam) == us(utc(2026, 4, 5))
    assert Occurrence(wall(2026, 4, 5), "UTC").instant_us(amsterdam) == us(utc(2026, 4, 5))
    # In the gap of 29 Mar 2026, 02:30 reads with the offset before it (+01:00): 01:30 UTC.
    gap = Occurrence(wall(2026, 3, 29, 2, 30), "Europe/Amsterdam")
    assert gap.instant_us(ZoneInfo("UTC")) == us(utc(2026, 3, 29, 1, 30))


# -- reading: what is refused, and why ------------------------------------------------------------

RULE_ERRORS = [
    (
        "FREQ=DAILY;INTERVAL=0",
        "INTERVAL=0 is out of range: INTERVAL takes a whole number from 1 to 1,000,000,000",
    ),
    (
        "FREQ=DAILY;INTERVAL=-1",
        "INTERVAL=-1 is out of range: INTERVAL takes a whole number from 1 to 1,000,000,000",
    ),
    (
        "FREQ=DAILY;COUNT=0",
        "COUNT=0 is out of range: COUNT takes a whole number from 1 to 1,000,000,000",
    ),
    ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 is out of range: BYMONTH takes 1 to 12"),
    ("FREQ=YEARLY;BYMONTH=0", "BYMONTH=0 is out of range: BYMONTH takes 1 to 12"),
    (
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "BYMONTHDAY=32 is out of range: BYMONTHDAY takes 1 to 31 or -31 to -1",
    ),
    (
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "BYMONTHDAY=0 is out of range: BYMONTHDAY takes 1 to 31 or -31 to -1",
    ),
    (
        "FREQ=MONTHLY;BYMONTHDAY=1,-32",
        "BYMONTHDAY=1,-32 is out of range: BYMONTHDAY takes 1 to 31 or -31 to -1",
    ),
    (
        "FREQ=YEARLY;BYYEARDAY=367",
        "BYYEARDAY=367 is out of range: BYYEARDAY takes 1 to 366 or -366 to -1",
    ),
    ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54 is out of range: BYWEEKNO takes 1 to 53 or -53 to -1"),
    ("FREQ=DAILY;BYHOUR=24", "BYHOUR=24 is out of range: BYHOUR takes 0 to 23"),
    ("FREQ=DAILY;BYHOUR=-1", "BYHOUR=-1 is out of range: BYHOUR takes 0 to 23"),
    ("FREQ=DAILY;BYMINUTE=60", "BYMINUTE=60 is out of range: BYMINUTE takes 0 to 59"),
    ("FREQ=DAILY;BYSECOND=61", "BYSECOND=61 is out of range: BYSECOND takes 0 to 60"),
    (
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0",
        "BYSETPOS=0 is out of range: BYSETPOS takes 1 to 366 or -366 to -1",
    ),
    (
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367",
        "BYSETPOS=367 is out of range: BYSETPOS takes 1 to 366 or -366 to -1",
    ),
    (
        "FREQ=WEEKLY;BYDAY=SUN",
        "BYDAY=SUN is not read: each day is MO, TU, WE, TH, FR, SA or SU, with "
        "an optional ordinal such as 1MO or -1FR",
    ),
    (
        "FREQ=MONTHLY;BYDAY=6MO",
        "BYDAY=6MO is out of range: with FREQ=MONTHLY an ordinal takes 1 to 5 or -5 to -1",
    ),
    (
        "FREQ=YEARLY;BYDAY=-54FR",
        "BYDAY=-54FR is out of range: with FREQ=YEARLY an ordinal takes 1 to 53 or -53 to -1",
    ),
    (
        "FREQ=WEEKLY;BYDAY=1MO",
        "BYDAY=1MO: an ordinal (1MO) cannot be used with FREQ=WEEKLY (RFC "
        "5545); ordinals are for FREQ=MONTHLY or FREQ=YEARLY",
    ),
    ("FREQ=WEEKLY;WKST=XX", "WKST=XX is not a weekday; use MO, TU, WE, TH, FR, SA, SU"),
    (
        "FREQ=WEEKLY;EVERY=2",
        "unknown rule part EVERY; RFC 5545 rule parts are FREQ, UNTIL, COUNT, "
        "INTERVAL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, "
        "BYWEEKNO, BYMONTH, BYSETPOS, WKST",
    ),
    ("BYDAY=SU", "the rule has no FREQ; write e.g. FREQ=WEEKLY;BYDAY=SU"),
    (
        "FREQ=FORTNIGHTLY",
        "FREQ=FORTNIGHTLY is not a frequency; FREQ takes YEARLY, MONTHLY, "
        "WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY",
    ),
    ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice; give each rule part once"),
    ("FREQ=DAILY;COUNT", "rule part 'COUNT' has no value; write NAME=VALUE"),
    (
        "FREQ=DAILY;COUNT=3;UNTIL=20261231T000000Z",
        "COUNT and UNTIL cannot both be given (RFC 5545); give one",
    ),
    (
        "FREQ=DAILY;UNTIL=2026-12-31",
        "UNTIL=2026-12-31 is not read; write UNTIL=20261231T235959Z (UTC), "
        "UNTIL=20261231T235959 (local) or UNTIL=20261231 (a local date, "
        "inclusive)",
    ),
    ("FREQ=DAILY;UNTIL=20260230", "UNTIL=20260230 is not a real date"),
    (
        "FREQ=MONTHLY;BYWEEKNO=1",
        "BYWEEKNO cannot be used with FREQ=MONTHLY (RFC 5545); it is allowed with FREQ=YEARLY",
    ),
    (
        "FREQ=WEEKLY;BYMONTHDAY=1",
        "BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545); it is allowed "
        "with FREQ=YEARLY, MONTHLY, DAILY, HOURLY, MINUTELY, SECONDLY",
    ),
    ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS needs another BY... part to pick from (RFC 5545)"),
    (
        "FREQ=DAILY\nEXDATE:20260405T020000",
        "EXDATE lines are not supported; a maintenance rule is one RRULE (e.g. "
        "FREQ=WEEKLY;BYDAY=SU) and at most one DTSTART line",
    ),
    ("DTSTART:20260405T020000", "the rule has no RRULE part; write e.g. FREQ=WEEKLY;BYDAY=SU"),
    (
        "DTSTART:2026-04-05\nRRULE:FREQ=DAILY",
        "DTSTART 'DTSTART:2026-04-05' is not read; write "
        "DTSTART:20260105T020000 (local time), "
        "DTSTART;TZID=Europe/Amsterdam:20260105T020000 or "
        "DTSTART:20260105T010000Z",
    ),
]


@pytest.mark.parametrize(("rule", "message"), RULE_ERRORS)
def test_a_rule_part_out_of_range_is_an_error_naming_it(rule: str, message: str) -> None:
    # Before: INTERVAL=0 looped forever, BYMONTH=13 silently dropped the maintenance.
    with pytest.raises(AvailabilityError) as error:
        parse_rule(rule)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "DTSTART:20260405T020000\nDTSTART:20260412T020000\nFREQ=DAILY",
            "the rule has two DTSTART lines; give at most one",
        ),
        ("FREQ=DAILY\nRRULE:FREQ=WEEKLY", "the rule has two RRULE lines; give exactly one"),
        (
            "BEGIN:VEVENT\nFREQ=DAILY",
            "'BEGIN:VEVENT' is not an RFC 5545 recurrence rule; write e.g. FREQ=WEEKLY;BYDAY=SU",
        ),
        (
            "DTSTART;TZID=Europe/Amsterdam:20260405T020000Z\nFREQ=DAILY",
            "DTSTART has both a TZID and a trailing Z; give one",
        ),
        (
            "DTSTART:20260230T020000\nFREQ=DAILY",
            "DTSTART=20260230T020000 is not a real date and time",
        ),
        ("FREQ=DAILY;UNTIL=20260415T250000Z", "UNTIL=20260415T250000 is not a real date and time"),
        ("", "the rule has no RRULE part; write e.g. FREQ=WEEKLY;BYDAY=SU"),
    ],
)
def test_a_rule_that_is_not_one_rrule_and_one_dtstart_is_refused(rule: str, message: str) -> None:
    with pytest.raises(AvailabilityError) as error:
        parse_rule(rule)
    assert str(error.value) == message


def test_a_rule_that_cannot_be_read_is_bounded_in_length() -> None:
    with pytest.raises(AvailabilityError) as error:
        parse_rule("FREQ=DAILY;" + "X" * 1990)
    # 11 + 1,990 characters.
    assert str(error.value) == "the rule is 2,001 characters long; at most 2,000 are read"


# -- expansion -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("until", "days"),
    [
        # 02:00 CEST is 00:00 UTC. UNTIL is inclusive: 15 Apr 02:00 CEST = 15 Apr 00:00 UTC
        # is the last occurrence (1..15 April = 15 windows); one second earlier, the 14th.
        ("20260415T000000Z", 15),
        ("20260414T235959Z", 14),
        # Local UNTIL, read in the rule's zone: the same instants.
        ("20260415T020000", 15),
        ("20260415T015959", 14),
        # A date alone includes the whole local day.
        ("20260415", 15),
        ("20260414", 14),
    ],
)
def test_until_in_utc_local_time_or_a_date(until: str, days: int) -> None:
    found = windows(f"FREQ=DAILY;UNTIL={until}", wall(2026, 4, 1, 2), "Europe/Amsterdam", H, *APRIL)
    assert [start for start, _ in found] == [utc(2026, 4, day) for day in range(1, days + 1)]


def test_nothing_occurs_before_the_first_instant() -> None:
    # Daily at 00:00 UTC from 15 April: 15..30 April, 16 windows of an hour.
    found = windows("FREQ=DAILY", wall(2026, 4, 15), "UTC", H, *APRIL)
    assert found == [(utc(2026, 4, day), utc(2026, 4, day, 1)) for day in range(15, 31)]


def test_a_local_time_in_the_spring_forward_gap_reads_before_the_gap() -> None:
    # Sun 29 Mar 2026: 02:00 does not exist in Amsterdam; it reads with +01:00, i.e.
    # 01:00 UTC, and two real hours later is 03:00 UTC.
    found = windows(
        "FREQ=WEEKLY;BYDAY=SU", wall(2026, 3, 1, 2), "Europe/Amsterdam", 2 * H,
        utc(2026, 3, 29), utc(2026, 3, 30),
    )  # fmt: skip
    assert found == [(utc(2026, 3, 29, 1), utc(2026, 3, 29, 3))]


def test_a_repeated_local_time_on_the_fall_back_day_is_the_first() -> None:
    # Sun 25 Oct 2026: 02:00 happens twice in Amsterdam; the first is CEST (+02:00),
    # 00:00 UTC, and two real hours later is 02:00 UTC.
    found = windows(
        "FREQ=WEEKLY;BYDAY=SU", wall(2026, 3, 1, 2), "Europe/Amsterdam", 2 * H,
        utc(2026, 10, 25), utc(2026, 10, 26),
    )  # fmt: skip
    assert found == [(utc(2026, 10, 25), utc(2026, 10, 25, 2))]


def test_count_counts_from_the_first_instant() -> None:
    # Three days from 8 April 00:00 UTC: 8, 9 and 10 April; asked about all of April.
    found = windows("FREQ=DAILY;COUNT=3", wall(2026, 4, 8), "UTC", H, *APRIL)
    assert found == [(utc(2026, 4, day), utc(2026, 4, day, 1)) for day in (8, 9, 10)]


def test_the_interval_phase_is_anchored_on_the_first_instant_not_on_the_window() -> None:
    # Every 7 minutes from 1 Apr 00:00 UTC. 10 Apr 00:00 is 9 × 1,440 = 12,960 min later;
    # 12,960 = 7 × 1,851 + 3, so occurrences fall at 00:04 and 00:11 of 10 Apr.
    found = windows(
        "FREQ=MINUTELY;INTERVAL=7", wall(2026, 4, 1), "UTC", M,
        utc(2026, 4, 10), utc(2026, 4, 10, 0, 15),
    )  # fmt: skip
    assert found == [
        (utc(2026, 4, 10, 0, 4), utc(2026, 4, 10, 0, 5)),
        (utc(2026, 4, 10, 0, 11), utc(2026, 4, 10, 0, 12)),
    ]


def test_windows_that_touch_are_merged() -> None:
    # 09:00-10:00 and 10:00-11:00 touch: one window 09:00-11:00.
    found = windows(
        "FREQ=DAILY;BYHOUR=9,10", wall(2026, 4, 1), "UTC", H,
        utc(2026, 4, 10), utc(2026, 4, 11),
    )  # fmt: skip
    assert found == [(utc(2026, 4, 10, 9), utc(2026, 4, 10, 11))]


@pytest.mark.parametrize(
    "rule",
    # 30 February and a leap second never happen: the rule is valid, with no window.
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYSECOND=60"],
)
def test_a_rule_that_never_occurs_has_no_windows(rule: str) -> None:
    assert windows(rule, wall(2000, 1, 1), "UTC", H, *APRIL) == []
