"""A slow, obviously-correct reference for slakit's business-time arithmetic.

The property tests compare slakit's compiled interval index with this module,
so the two must not share code: nothing here imports ``slakit._index`` or calls
a query method of a calendar (``add``, ``elapsed``, ``is_open``, ``next_open``,
``open_intervals``, ``_compile_year``, ``_index``). It reads only a calendar's
plain fields and asks the ``holidays`` package and ``zoneinfo`` directly.

The method is the one a person would use with a paper diary (DESIGN.md §3):

1. walk each local day of the calendar's zone that can touch the range asked
   about, and write down that day's opening hours (none on a holiday or a
   closed date; an opened date works its weekday's hours, or the hours of the
   longest weekday if its own weekday has none);
2. turn each local wall time into an instant with ``zoneinfo``'s ``fold=0``
   rule (``24:00`` is the next day's ``00:00``);
3. open = (daily hours or an opened window) and not a closed window;
4. answer every question by walking those intervals one by one.

Instants are integer microseconds since the Unix epoch and durations integer
microseconds, so every comparison is exact. Nothing is cached or bisected
except the holiday lists (plain data, expensive to build).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import holidays

from slakit.calendar import Calendar, CombinedCalendar, Window

__all__ = [
    "NotOpenWithinHorizon",
    "add",
    "business_day",
    "elapsed",
    "from_us",
    "intervals_us",
    "is_open",
    "next_open",
    "open_intervals",
    "to_us",
]

Interval = tuple[int, int]
AnyCalendar = Calendar | CombinedCalendar

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
US_PER_MINUTE = 60_000_000
US_PER_DAY = 24 * 60 * US_PER_MINUTE
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Intervals are built a week at a time: small pieces keep the quadratic
# membership test below cheap without making it any cleverer.
CHUNK_US = 7 * US_PER_DAY
# add() and next_open() give up after this much calendar time. The tests only
# ask questions whose answer lies well inside it, so giving up means "the
# reference thinks this calendar is (practically) never open".
HORIZON_US = 3 * 366 * US_PER_DAY


class NotOpenWithinHorizon(Exception):
    """The reference walked :data:`HORIZON_US` without finding enough open time."""


# -- instants ------------------------------------------------------------------------------


def to_us(instant: datetime) -> int:
    """Microseconds since the epoch. Subtracting a UTC datetime compares real instants,
    whatever zone ``instant`` is shown in (same-zone subtraction would use wall time)."""
    if instant.tzinfo is None:
        raise ValueError("the reference only takes aware datetimes")
    return (instant - EPOCH) // ONE_US


def from_us(us: int, tz: tzinfo | None) -> datetime:
    """The instant ``us`` shown in ``tz``."""
    return (EPOCH + timedelta(microseconds=us)).astimezone(tz)


# -- one local day ---------------------------------------------------------------------------


def clock_minutes(text: str) -> int:
    """``"17:30"`` as 1050; ``"24:00"`` as 1440."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def weekly_minutes(calendar: Calendar) -> list[list[tuple[int, int]]]:
    """Per weekday (Monday first) the opening intervals as minutes after local midnight."""
    week = []
    for name in WEEKDAYS:
        day = []
        for text in getattr(calendar.hours, name):
            start, end = text.split("-")
            day.append((clock_minutes(start), clock_minutes(end)))
        week.append(day)
    return week


def longest_weekday(calendar: Calendar) -> list[tuple[int, int]]:
    """The hours of the weekday with the most opening time.

    On a tie the earliest weekday (Monday first) wins; the docstring does not
    say, and this is the natural reading of "the longest weekday".
    """
    week = weekly_minutes(calendar)
    best = week[0]
    for day in week[1:]:
        if sum(end - start for start, end in day) > sum(end - start for start, end in best):
            best = day
    return best


def business_day(calendar: AnyCalendar) -> timedelta:
    """The nominal longest daily opening (the default ``business_day``).

    For a combined calendar the longest of the parts (union) or the shortest
    (intersection), as the CombinedCalendar docstring says.
    """
    if isinstance(calendar, CombinedCalendar):
        lengths = [part.business_day for part in calendar.calendars]
        return max(lengths) if calendar.operation == "union" else min(lengths)
    return timedelta(minutes=sum(end - start for start, end in longest_weekday(calendar)))


@lru_cache(maxsize=1024)
def holiday_dates(
    country: str, subdivision: str | None, categories: tuple[str, ...], year: int
) -> frozenset[date]:
    """Public holidays straight from the ``holidays`` package, as plain dates."""
    found = holidays.country_holidays(
        country, subdiv=subdivision, categories=categories, years=year
    )
    return frozenset(found.keys())


def is_holiday(calendar: Calendar, day: date) -> bool:
    spec = calendar.holidays
    if spec is None:
        return False
    return day in holiday_dates(spec.country, spec.subdivision, tuple(spec.categories), day.year)


def day_rule(calendar: Calendar) -> Callable[[date], list[tuple[int, int]]]:
    """The local opening hours of a local date, before explicit windows.

    The calendar's fields are read once here; the returned function answers
    for one date at a time.
    """
    week = weekly_minutes(calendar)
    longest = longest_weekday(calendar)
    opened_dates = {item for item in calendar.opened if not isinstance(item, Window)}
    closed_dates = {item for item in calendar.closed if not isinstance(item, Window)}

    def hours_on(day: date) -> list[tuple[int, int]]:
        own = week[day.weekday()]
        if day in opened_dates:
            # An opened date overrides holidays and closed dates.
            return own if own else longest
        if day in closed_dates or is_holiday(calendar, day):
            return []
        return own

    return hours_on


def local_us(day: date, minute: int, zone: ZoneInfo) -> int:
    """The instant of a local wall time; a time inside a DST gap resolves with fold=0."""
    if minute == 24 * 60:
        day, minute = day + timedelta(days=1), 0
    return to_us(datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone))


# -- interval sets ------------------------------------------------------------------------------


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Sorted, without empty (or backwards) intervals, overlapping or touching ones joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def covers(intervals: Sequence[Interval], instant: int) -> bool:
    return any(start <= instant < end for start, end in intervals)


def combine(
    parts: Sequence[Sequence[Interval]], rule: Callable[[list[bool]], bool]
) -> list[Interval]:
    """The instants where ``rule`` holds of the membership in each part.

    Every boundary of every part cuts the line into pieces; each piece lies
    wholly inside or outside each part, so its first instant decides it.
    """
    points = sorted({point for part in parts for interval in part for point in interval})
    pieces = [
        (start, end)
        for start, end in pairwise(points)
        if rule([covers(part, start) for part in parts])
    ]
    return merge(pieces)


def _chunk(calendar: AnyCalendar, low: int, high: int) -> list[Interval]:
    """The open instants of ``calendar`` within ``[low, high)``, exactly."""
    if isinstance(calendar, CombinedCalendar):
        parts = [_chunk(part, low, high) for part in calendar.calendars]
        return combine(parts, any if calendar.operation == "union" else all)
    zone = ZoneInfo(calendar.timezone)
    # A local day's hours lie between its midnight and the next; a day of
    # margin on each side is more than any UTC offset or DST change needs.
    day = from_us(low, zone).date() - timedelta(days=1)
    last_day = from_us(high, zone).date() + timedelta(days=1)
    hours_on = day_rule(calendar)
    daily: list[Interval] = []
    while day <= last_day:
        for start, end in hours_on(day):
            daily.append((local_us(day, start, zone), local_us(day, end, zone)))
        day += timedelta(days=1)
    opened = [(to_us(w.start), to_us(w.end)) for w in calendar.opened if isinstance(w, Window)]
    closed = [(to_us(w.start), to_us(w.end)) for w in calendar.closed if isinstance(w, Window)]
    # Opened windows add to the hours, closed windows then take away (closed wins).
    return combine(
        [merge(daily), merge(opened), merge(closed), [(low, high)]],
        lambda inside: (inside[0] or inside[1]) and not inside[2] and inside[3],
    )


def intervals_us(calendar: AnyCalendar, low: int, high: int) -> list[Interval]:
    """Maximal open intervals within ``[low, high)`` (touching pieces joined)."""
    pieces: list[Interval] = []
    for chunk_low in range(low, high, CHUNK_US):
        pieces.extend(_chunk(calendar, chunk_low, min(chunk_low + CHUNK_US, high)))
    return merge(pieces)


def _forward(calendar: AnyCalendar, start: int) -> Iterator[Interval]:
    """Open intervals from ``start`` on, in order, pieces possibly split at chunk edges."""
    for chunk_low in range(start, start + HORIZON_US, CHUNK_US):
        yield from _chunk(calendar, chunk_low, chunk_low + CHUNK_US)
    raise NotOpenWithinHorizon(f"no answer within {HORIZON_US // US_PER_DAY} days of {start}")


# -- the questions --------------------------------------------------------------------------------


def elapsed(calendar: AnyCalendar, start: datetime, end: datetime) -> timedelta:
    """Open time in ``[start, end)``; the negation when ``end`` is before ``start``."""
    a, b = to_us(start), to_us(end)
    if b < a:
        return -elapsed(calendar, end, start)
    return timedelta(microseconds=sum(e - s for s, e in intervals_us(calendar, a, b)))


def add(calendar: AnyCalendar, start: datetime, duration: timedelta) -> datetime:
    """The earliest ``t >= start`` with ``elapsed(start, t) == duration`` (``duration >= 0``).

    Walking forward, the deadline falls in the first interval that holds the
    remaining time; when the remainder exactly fills it, that is its closing
    instant, not the next opening.
    """
    remaining = duration // ONE_US
    if remaining < 0:
        raise ValueError("the reference only adds non-negative durations")
    if remaining == 0:
        return start
    for open_us, close_us in _forward(calendar, to_us(start)):
        if remaining <= close_us - open_us:
            return from_us(open_us + remaining, start.tzinfo)
        remaining -= close_us - open_us
    raise AssertionError("unreachable: _forward raises at its horizon")


def is_open(calendar: AnyCalendar, instant: datetime) -> bool:
    """Whether the microsecond starting at ``instant`` is open."""
    t = to_us(instant)
    return bool(intervals_us(calendar, t, t + 1))


def next_open(calendar: AnyCalendar, instant: datetime) -> datetime:
    """``instant`` if open, else the first instant after it that is open."""
    for open_us, _ in _forward(calendar, to_us(instant)):
        return from_us(open_us, instant.tzinfo)
    raise AssertionError("unreachable: _forward raises at its horizon")


def open_intervals(
    calendar: AnyCalendar, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Maximal open intervals within ``[start, end)``, shown in the zone of ``start``."""
    return [
        (from_us(a, start.tzinfo), from_us(b, start.tzinfo))
        for a, b in intervals_us(calendar, to_us(start), to_us(end))
    ]
