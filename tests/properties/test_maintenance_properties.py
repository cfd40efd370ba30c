"""Maintenance rules expanded around a period agree with dateutil expanded from ``since``.

slakit reads RFC 5545 rules itself and expands only the days around the period
asked about, in bulk. The slow reference here is the plain reading: build the
``dateutil.rrule`` from ``since`` at ``at``, walk every occurrence from there,
turn each local wall time into an instant with ``fold=0`` and keep the windows
that touch the period. Rules are small (a few days of seconds or minutes, a few
years of months) so that the walk stays quick, and avoid the few part
combinations that never occur (dateutil would walk to the year 9999 for those).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from dateutil import rrule
from hypothesis import event, given
from hypothesis import strategies as st

from slakit import MaintenanceRule, Outage, Period, availability

ZONES = ("UTC", "Europe/Amsterdam", "Europe/Dublin", "America/Chicago", "Asia/Singapore")
# Days with DST changes in 2026 (US: 8 Mar, 1 Nov; EU: 29 Mar, 25 Oct), and ordinary days.
ANCHORS = (
    date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1),
    date(2026, 1, 1), date(2026, 2, 28), date(2026, 6, 30), date(2026, 12, 31),
)  # fmt: skip
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
FREQS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
# How far back `since` may lie, in days, so that the reference's walk stays short.
REACH = {"YEARLY": 1500, "MONTHLY": 400, "WEEKLY": 120, "DAILY": 60, "HOURLY": 10,
         "MINUTELY": 3, "SECONDLY": 1}  # fmt: skip
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIMES = (time(0), time(1, 30), time(2), time(2, 30), time(3), time(23, 59, 59), time(12, 0, 7))


def us(instant: datetime) -> int:
    return (instant - EPOCH) // ONE_US


def numbers(values: range | list[int], most: int = 3) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(list(values)), min_size=1, max_size=most, unique=True).map(
        lambda found: ",".join(map(str, found))
    )


@st.composite
def rule_texts(draw: st.DrawFn, freq: str, day: date) -> str:
    """A valid rule of ``freq`` whose parts leave occurrences in every year or so, and
    often on ``day`` (the period's), so that most rules have windows to compare."""
    parts = [f"FREQ={freq}"]
    sub_daily = freq in ("HOURLY", "MINUTELY", "SECONDLY")
    interval = draw(st.sampled_from((1, 1, 2, 3, 7) if sub_daily else (1, 1, 2, 3)))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if draw(st.integers(0, 3)) == 0:
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    day_part = draw(st.sampled_from(("", "", "BYMONTH", "BYMONTHDAY", "BYDAY", "BYYEARDAY")))
    if day_part == "BYMONTH":
        parts.append(f"BYMONTH={draw(numbers(range(1, 13)))},{day.month}")
    elif day_part == "BYMONTHDAY" and freq != "WEEKLY":
        parts.append(f"BYMONTHDAY={draw(numbers([*range(1, 29), *range(-28, 0)], 2))},{day.day}")
    elif day_part == "BYDAY":
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
        if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
            days = [f"{draw(st.sampled_from((1, 2, -1, 4)))}{day}" for day in days]
        parts.append("BYDAY=" + ",".join(days))
    elif day_part == "BYYEARDAY" and freq in ("YEARLY", "HOURLY", "MINUTELY", "SECONDLY"):
        yearday = day.timetuple().tm_yday
        parts.append(f"BYYEARDAY={draw(numbers([*range(1, 366), *range(-365, 0)], 2))},{yearday}")
    if freq == "YEARLY" and not day_part and draw(st.booleans()):
        parts.append(f"BYWEEKNO={draw(numbers([*range(1, 53), -1], 2))},{day.isocalendar()[1]}")
    if freq != "HOURLY" and draw(st.booleans()):
        parts.append(f"BYHOUR={draw(numbers(range(24)))}")
    if freq not in ("MINUTELY", "SECONDLY") and draw(st.integers(0, 2)) == 0:
        parts.append(f"BYMINUTE={draw(numbers(range(0, 60, 15)))}")
    if freq == "SECONDLY" or draw(st.integers(0, 3)) == 0:
        # A second-by-second walk over days is too slow for the reference: pick a few.
        parts.append(f"BYSECOND={draw(numbers(range(0, 60, 5)))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(WEEKDAYS))}")
    if len(parts) > 1 and any(p.startswith("BY") for p in parts) and draw(st.integers(0, 3)) == 0:
        parts.append(f"BYSETPOS={draw(st.sampled_from((1, -1)))}")
    return ";".join(draw(st.permutations(parts)))


@st.composite
def cases(draw: st.DrawFn) -> tuple[MaintenanceRule, Period]:
    zone = draw(st.sampled_from(ZONES))
    freq = draw(st.sampled_from(FREQS))
    day = draw(st.sampled_from(ANCHORS)) + timedelta(days=draw(st.integers(-2, 2)))
    start = datetime.combine(day, time(draw(st.integers(0, 23))), ZoneInfo(zone))
    start += timedelta(minutes=draw(st.sampled_from((0, 0, 17))))
    length = timedelta(hours=draw(st.integers(1, 72 if freq != "SECONDLY" else 30)))
    start_utc = start.astimezone(UTC)
    period = Period(start=start_utc, end=start_utc + length)
    since = day - timedelta(days=draw(st.integers(0, REACH[freq])))
    duration = draw(st.sampled_from(("1s", "30m", "1h", "2h", "25h", "3s", "90m")))
    rule = MaintenanceRule(
        rule=draw(rule_texts(freq, day)),
        at=draw(st.sampled_from(TIMES)),
        duration=duration,
        timezone=zone,
        since=since,
    )
    return rule, period


def reference(rule: MaintenanceRule, period: Period) -> list[tuple[int, int]]:
    """Walk dateutil's occurrences from since; windows touching the period, merged, clipped."""
    zone = ZoneInfo(rule.timezone)
    start, end = us(period.start), us(period.end)
    length = rule.duration // ONE_US
    first = datetime.combine(rule.since, rule.at)
    last_wall = period.end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    found = []
    try:
        for occurrence in rrule.rrulestr(rule.rule, dtstart=first):
            if occurrence > last_wall:
                break
            begin = us(occurrence.replace(tzinfo=zone))
            if begin < end and begin + length > start:
                found.append((max(begin, start), min(begin + length, end)))
    except ValueError:
        # dateutil refuses sub-daily rules whose BYHOUR/BYMINUTE the INTERVAL never
        # reaches; such a rule never occurs.
        return []
    merged: list[tuple[int, int]] = []
    for begin, finish in sorted(found):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(finish, merged[-1][1]))
        else:
            merged.append((begin, finish))
    return merged


def clipped(windows: list[tuple[int, int]], period: Period) -> list[tuple[int, int]]:
    start, end = us(period.start), us(period.end)
    return [(max(b, start), min(f, end)) for b, f in windows if b < end and f > start]


@given(cases())
def test_windows_agree_with_dateutil_walked_from_since(
    case: tuple[MaintenanceRule, Period],
) -> None:
    rule, period = case
    expected = reference(rule, period)
    event(f"{rule.rule.split('FREQ=')[1].split(';')[0]}: {'some' if expected else 'none'}")
    windows = rule.windows(period)
    # Sorted, disjoint and not touching: merged.
    assert all(f1 < b2 for (_, f1), (b2, _) in pairwise(windows))
    assert clipped(windows, period) == expected


@given(cases(), st.data())
def test_availability_around_outages_uses_the_same_windows(
    case: tuple[MaintenanceRule, Period], data: st.DataObject
) -> None:
    # availability() expands a rule only around the outages, not over the whole period;
    # the downtime must be what the reference's windows leave of the outages.
    rule, period = case
    start, end = us(period.start), us(period.end)
    outages = []
    for index in range(data.draw(st.integers(0, 4))):
        begin = data.draw(st.integers(start - 3_600_000_000, end))
        length = data.draw(st.integers(0, 6 * 3_600_000_000))
        outages.append(
            Outage(
                start=EPOCH + begin * ONE_US, end=EPOCH + (begin + length) * ONE_US, id=f"O-{index}"
            )
        )
    planned = reference(rule, period)
    points = sorted({start, end, *(p for o in outages for p in (us(o.start), us(o.end)))})
    points = sorted({*points, *(p for pair in planned for p in pair)})
    expected = 0
    for left, right in pairwise(points):
        down = any(us(o.start) <= left and right <= us(o.end) for o in outages)
        maintained = any(a <= left and right <= b for a, b in planned)
        if start <= left and right <= end and down and not maintained:
            expected += right - left
    assert availability(outages, period, [rule]).downtime == expected * ONE_US
