"""Hypothesis properties of business-time arithmetic (DESIGN.md §7).

Random calendars (zones with and without DST, several intervals a day,
``24:00`` ends, empty days, holidays, explicit closed and opened dates and
windows, unions and intersections) are checked against the algebra of
``add``/``elapsed`` and against the slow day-walking oracle in
``tests/reference.py``, which shares no code with the compiled index.

Instants cluster where an index goes wrong: around the real DST changes of
Chicago, Dublin and Amsterdam, around new year in every zone, on holidays, on
opening and closing wall times, and on the edges of explicit windows.

Every instant is compared and subtracted as integer microseconds: two aware
datetimes sharing a ``ZoneInfo`` compare and subtract by wall clock, which is
wrong across a DST change.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import reference as ref
from slakit import Calendar, CombinedCalendar, Window
from slakit.errors import NaiveDatetimeError, NeverOpenError
from timing import finishes_within

T = TypeVar("T")
AnyCalendar = Calendar | CombinedCalendar

MINUTE = 60_000_000
QUARTER_HOUR = 15 * MINUTE
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY
ONE_US = timedelta(microseconds=1)

ZONES = ("America/Chicago", "Europe/Dublin", "Europe/Amsterdam", "Asia/Singapore", "UTC")
HOLIDAYS = (None, "US-TX", "IE", "NL", "SG")
REGION_HOLIDAYS = dict(zip(ZONES, HOLIDAYS[1:] + HOLIDAYS[:1], strict=True))


def utc_us(year: int, month: int, day: int, hour: int = 0) -> int:
    return ref.to_us(datetime(year, month, day, hour, tzinfo=UTC))


# Real DST changes, pinned rather than computed (STYLE.md): the US changes at
# 02:00 local time, the EU (Dublin and Amsterdam alike) at 01:00 UTC.
CHICAGO_CHANGES = tuple(
    utc_us(*day, hour)
    for day, hour in [
        ((2024, 3, 10), 8), ((2024, 11, 3), 7), ((2025, 3, 9), 8), ((2025, 11, 2), 7),
        ((2026, 3, 8), 8), ((2026, 11, 1), 7), ((2027, 3, 14), 8), ((2027, 11, 7), 7),
    ]
)  # fmt: skip
EUROPE_CHANGES = tuple(
    utc_us(*day, 1)
    for day in [
        (2024, 3, 31), (2024, 10, 27), (2025, 3, 30), (2025, 10, 26),
        (2026, 3, 29), (2026, 10, 25), (2027, 3, 28), (2027, 10, 31),
    ]
)  # fmt: skip
NEW_YEARS = tuple(
    ref.to_us(datetime(year, 1, 1, tzinfo=ZoneInfo(zone)))
    for year in range(2025, 2029)
    for zone in ZONES
)
# Holidays of the four regions (St Patrick's Day, Texas Independence Day, King's
# Day, Singapore's National Day, Christmas, Good Friday): opened dates and
# holiday closures meet here.
HOLIDAY_NOONS = tuple(
    utc_us(*day, 12)
    for day in [(2025, 3, 17), (2026, 3, 2), (2026, 4, 27), (2026, 8, 10), (2026, 12, 25),
                (2027, 3, 26)]
)  # fmt: skip
ANCHORS = sorted({*CHICAGO_CHANGES, *EUROPE_CHANGES, *NEW_YEARS, *HOLIDAY_NOONS})
# Per calendar zone: its own DST changes and new years, UTC new years (where the
# index's years meet) and the holidays; a DST change in another zone rarely
# matters to a calendar.
OWN_CHANGES = {"America/Chicago": CHICAGO_CHANGES, "Europe/Dublin": EUROPE_CHANGES,
               "Europe/Amsterdam": EUROPE_CHANGES}  # fmt: skip
ANCHORS_BY_ZONE = {
    zone: sorted(
        {
            *OWN_CHANGES.get(zone, ()),
            *(ref.to_us(datetime(year, 1, 1, tzinfo=ZoneInfo(z))) for year in range(2025, 2029)
              for z in {zone, "UTC"}),
            *HOLIDAY_NOONS,
        }
    )
    for zone in ZONES
}  # fmt: skip
FIRST_US, LAST_US = utc_us(2024, 1, 1), utc_us(2028, 1, 1)

# Zones the arguments are shown in: results must come back in the same one.
DISPLAY_ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("America/Chicago"),
    ZoneInfo("Europe/Dublin"),
    ZoneInfo("Australia/Lord_Howe"),  # a half-hour DST change
    timezone(timedelta(hours=5, minutes=30)),
)


# -- strategies --------------------------------------------------------------------------------
#
# Strategies are built once, at import: building and validating a fresh
# strategy tree per draw cost more than all the calendar arithmetic. The
# data-dependent parts (a calendar's dates near its focus, instants near a
# calendar's openings) are composites that draw from these fixed strategies.


@cache
def offsets(span: int) -> st.SearchStrategy[int]:
    """Up to ``span`` µs either way: any microsecond, or whole quarter hours (which
    land exactly on opening and closing times more often than chance would)."""
    return st.one_of(
        st.integers(-span, span),
        st.integers(-(span // QUARTER_HOUR), span // QUARTER_HOUR).map(lambda k: k * QUARTER_HOUR),
    )


@cache
def indices(size: int) -> st.SearchStrategy[int]:
    return st.integers(0, size - 1)


def pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    """One of ``items`` (``st.sampled_from`` would build a new strategy every time)."""
    return items[draw(indices(len(items)))]


FOCUS = st.one_of(
    st.builds(operator.add, st.sampled_from(ANCHORS), offsets(3 * DAY)),
    st.integers(FIRST_US, LAST_US),
)
ANCHOR_OFFSET = st.one_of(offsets(6 * HOUR), offsets(3 * DAY))
UNIFORM_INSTANT = st.integers(FIRST_US, LAST_US)


def draw_focus(draw: st.DrawFn, zone: str) -> int:
    """A focus instant for a calendar in ``zone``: mostly near one of its anchors."""
    if draw(st.booleans()):
        return draw(UNIFORM_INSTANT)
    return pick(draw, ANCHORS_BY_ZONE[zone]) + draw(ANCHOR_OFFSET)


# Wall-clock minutes that tend to break things: midnight, the DST gap and
# overlap (01:00–03:00), office hours, 24:00.
CLOCK = st.one_of(
    st.sampled_from([0, 60, 90, 120, 150, 180, 360, 540, 720, 780, 1020, 1080, 1320, 1440]),
    st.integers(0, 24 * 60),
)
COMMON_DAYS = (
    ("09:00-17:00",),
    ("06:00-18:00",),
    ("06:00-22:00",),
    ("00:00-24:00",),
    ("22:00-24:00",),
    ("00:00-06:00", "22:00-24:00"),
    ("09:00-12:00", "12:00-17:00"),  # touching intervals
    ("01:00-03:00",),  # across both DST changes
    ("01:30-02:30",),  # inside Chicago's and Dublin's gap and repeated hour
    ("02:30-24:00",),  # starts inside Amsterdam's
)


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def pair_up(points: list[int]) -> tuple[str, ...]:
    """Sorted wall times paired into non-overlapping (possibly touching) intervals."""
    points = sorted(points)
    pairs = zip(points[::2], points[1::2], strict=False)  # an odd last point is dropped
    return tuple(f"{clock_text(a)}-{clock_text(b)}" for a, b in pairs if a < b)


DAY_HOURS = st.one_of(
    st.just(()),
    st.sampled_from(COMMON_DAYS),
    st.lists(CLOCK, min_size=2, max_size=6).map(pair_up),
)


@st.composite
def weekly_hours(draw: st.DrawFn) -> dict[str, tuple[str, ...]]:
    """An office week (same hours Monday to Friday) or seven independent days."""
    if draw(st.booleans()):
        workday = draw(DAY_HOURS)
        week = {day: workday for day in ref.WEEKDAYS[:5]}
        week |= {day: draw(DAY_HOURS) for day in ref.WEEKDAYS[5:]}
    else:
        week = {day: draw(DAY_HOURS) for day in ref.WEEKDAYS}
    if not any(week.values()):
        # A calendar that is never open has a test of its own.
        week[pick(draw, ref.WEEKDAYS)] = pick(draw, COMMON_DAYS)
    return {day: hours for day, hours in week.items() if hours}


WEEKLY_HOURS = weekly_hours()
WINDOW_START = st.one_of(offsets(DAY), offsets(14 * DAY))
WINDOW_LENGTH = st.one_of(st.just(0), offsets(3 * DAY).map(abs))
UP_TO_THREE = st.integers(0, 3)
DATE_OFFSET = st.integers(-21, 21)


def draw_window(draw: st.DrawFn, focus: int, zone: str) -> Window | tuple[datetime, datetime]:
    """An explicit range near ``focus``, up to three days long (empty ones too), given
    as a Window or as the documented ``(start, end)`` pair."""
    start = focus + draw(WINDOW_START)
    end = start + draw(WINDOW_LENGTH)
    shown = pick(draw, (UTC, ZoneInfo(zone)))
    pair = (ref.from_us(start, shown), ref.from_us(end, shown))
    return pair if draw(st.booleans()) else Window(start=pair[0], end=pair[1])


def draw_plain_calendar(draw: st.DrawFn, focus: int, zone: str | None = None) -> Calendar:
    """A random Calendar whose closed and opened dates and windows lie near ``focus``."""
    zone = zone or pick(draw, ZONES)
    # Mostly the zone's own region's holidays, so that they meet its DST changes
    # and new years; any other source now and then.
    holidays = REGION_HOLIDAYS[zone] if draw(st.booleans()) else pick(draw, HOLIDAYS)
    local_focus = ref.from_us(focus, ZoneInfo(zone)).date()
    nearby_holidays: list[date] = []
    if holidays is not None:
        # Opened dates that fall on holidays exercise "opened overrides holidays".
        country, _, subdivision = holidays.partition("-")
        nearby_holidays = sorted(
            day
            for year in {local_focus.year - 1, local_focus.year, local_focus.year + 1}
            for day in ref.holiday_dates(country, subdivision or None, ("public",), year)
            if abs((day - local_focus).days) <= 21
        )

    def near_date() -> date:
        on_holiday = bool(nearby_holidays) and draw(st.booleans())
        if on_holiday:
            return pick(draw, nearby_holidays)
        return local_focus + timedelta(days=draw(DATE_OFFSET))

    closed_dates = {near_date() for _ in range(draw(UP_TO_THREE))}
    opened_dates = {near_date() for _ in range(draw(UP_TO_THREE))} - closed_dates
    closed_windows = [draw_window(draw, focus, zone) for _ in range(draw(UP_TO_THREE) % 3)]
    opened_windows = [draw_window(draw, focus, zone) for _ in range(draw(UP_TO_THREE) % 3)]
    return Calendar(
        timezone=zone,
        hours=draw(WEEKLY_HOURS),
        holidays=holidays,
        closed=[*sorted(closed_dates), *closed_windows],
        opened=[*sorted(opened_dates), *opened_windows],
    )


def draw_calendar(draw: st.DrawFn, focus: int, zone: str) -> AnyCalendar:
    """Mostly plain calendars; a quarter unions or intersections, some of three parts.
    The first part is in ``zone``."""
    if draw(UP_TO_THREE):
        return draw_plain_calendar(draw, focus, zone)
    combine = pick(draw, (operator.or_, operator.and_))
    combined: AnyCalendar = combine(
        draw_plain_calendar(draw, focus, zone), draw_plain_calendar(draw, focus)
    )
    if draw(UP_TO_THREE) == 0:
        combine = pick(draw, (operator.or_, operator.and_))
        combined = combine(combined, draw_plain_calendar(draw, focus))
    return combined


class Scenario(NamedTuple):
    """A calendar and the neighbourhood its interesting instants live in."""

    calendar: AnyCalendar
    focus: int
    zones: tuple[str, ...]  # of every part, for instants on opening and closing times
    edges: tuple[int, ...]  # of every explicit window
    clock_edges: tuple[int, ...]  # opening and closing minutes of every part's hours
    boundaries: tuple[int, ...]  # the calendar's openings and closings near the focus


def parts(calendar: AnyCalendar) -> list[Calendar]:
    if isinstance(calendar, CombinedCalendar):
        return [plain for part in calendar.calendars for plain in parts(part)]
    return [calendar]


def scenario_of(calendar: AnyCalendar, focus: int) -> Scenario:
    plain = parts(calendar)
    edges = {
        ref.to_us(moment)
        for part in plain
        for item in (*part.closed, *part.opened)
        if isinstance(item, Window)
        for moment in (item.start, item.end)
    }
    clock_edges = {
        minute
        for part in plain
        for day in ref.weekly_minutes(part)
        for interval in day
        for minute in interval
    }
    # Off-by-one errors live on openings and closings, which random instants
    # seldom hit exactly: take them from the oracle (the clipping edges aside).
    low, high = focus - 11 * DAY, focus + 11 * DAY
    boundaries = {
        edge
        for interval in ref.intervals_us(calendar, low, high)
        for edge in interval
        if edge not in (low, high)
    }
    return Scenario(
        calendar,
        focus,
        tuple(p.timezone for p in plain),
        tuple(sorted(edges)),
        tuple(sorted(clock_edges)),
        tuple(sorted(boundaries)),
    )


@st.composite
def scenarios(draw: st.DrawFn, combined: bool = True) -> Scenario:
    zone = pick(draw, ZONES)
    focus = draw_focus(draw, zone)
    if combined:
        return scenario_of(draw_calendar(draw, focus, zone), focus)
    return scenario_of(draw_plain_calendar(draw, focus, zone), focus)


SCENARIOS = scenarios()


@st.composite
def union_parts(draw: st.DrawFn) -> tuple[Calendar, Calendar, int]:
    """Two plain calendars around one focus, the first in a zone the focus suits."""
    zone = pick(draw, ZONES)
    focus = draw_focus(draw, zone)
    return draw_plain_calendar(draw, focus, zone), draw_plain_calendar(draw, focus), focus


def wall_time_us(zone: str, day_offset: int, minute: int, fold: int, focus: int) -> int:
    """A local wall time on a day near ``focus``, either fold of an ambiguous hour."""
    day = ref.from_us(focus, ZoneInfo(zone)).date() + timedelta(days=day_offset + minute // 1440)
    minute %= 1440
    local = datetime(
        day.year, day.month, day.day, minute // 60, minute % 60, fold=fold, tzinfo=ZoneInfo(zone)
    )
    return ref.to_us(local)


NEAR_FOCUS = offsets(10 * DAY)
DAY_OFFSET = st.one_of(st.integers(-1, 1), st.integers(-10, 10))
JITTER = st.sampled_from([0, 0, 0, -1, 1])


@st.composite
def instants(draw: st.DrawFn, scenario: Scenario) -> datetime:
    """An instant within ten days or so of the focus, often exactly on (or one
    microsecond either side of) an opening, a closing or a window edge, shown in a
    random zone."""
    source = draw(UP_TO_THREE)
    if source == 3 and scenario.boundaries:
        moment = pick(draw, scenario.boundaries)
    elif source == 2 and scenario.edges:
        moment = pick(draw, scenario.edges)
    elif source >= 1:
        minute = pick(draw, scenario.clock_edges) if draw(st.booleans()) else draw(CLOCK)
        moment = wall_time_us(
            pick(draw, scenario.zones), draw(DAY_OFFSET), minute, pick(draw, (0, 1)), scenario.focus
        )
    else:
        moment = scenario.focus + draw(NEAR_FOCUS)
    shown = pick(draw, (*DISPLAY_ZONES, ZoneInfo(scenario.zones[0])))
    return ref.from_us(moment + draw(JITTER), shown)


class Budget(NamedTuple):
    """How much open time lies ahead of a start, and where it stops."""

    total: int  # open µs in the next eight weeks
    to_closings: tuple[int, ...]  # open µs from the start to each of the next closings


RAW_DURATION = st.integers(0, 300 * HOUR)
RAW_QUARTERS = st.integers(0, 300 * HOUR // QUARTER_HOUR)


@st.composite
def durations(draw: st.DrawFn, budget: Budget) -> timedelta:
    """0 to 300 hours, at most ``budget.total``: any microsecond count, quarter hours,
    or exactly the open time up to a closing (work that ends at closing time)."""
    top = min(300 * HOUR, budget.total)
    kind = draw(st.integers(0, 2))
    if kind == 2:
        us = pick(draw, [0, 1, top, *(d for d in budget.to_closings if d <= top)])
    elif kind == 1:
        us = QUARTER_HOUR * (draw(RAW_QUARTERS) % (top // QUARTER_HOUR + 1))
    else:
        us = draw(RAW_DURATION) % (top + 1)
    return timedelta(microseconds=us)


def require_recurring(scenario: Scenario) -> None:
    """Skip intersections whose only shared open time is an explicit window or date.

    Such a calendar has no answer for a slightly longer duration for centuries,
    which is a fine NeverOpenError case but far too slow to meet by chance. Weeks
    4–7 after the focus lie past every window and date the strategies placed, so
    open time there comes from the recurring weekly hours.
    """
    if isinstance(scenario.calendar, CombinedCalendar):
        assume(
            ref.intervals_us(
                scenario.calendar, scenario.focus + 4 * WEEK, scenario.focus + 7 * WEEK
            )
        )


def open_budget(scenario: Scenario, start: datetime) -> Budget:
    """Open time in the eight weeks after ``start``, and up to its first closings.

    Durations within it find their deadline within weeks, which keeps both the
    index and the oracle quick on sparse calendars (one hour a week, say).
    """
    require_recurring(scenario)
    low = ref.to_us(start)
    total, to_closings = 0, []
    for begin, end in ref.intervals_us(scenario.calendar, low, low + 8 * WEEK):
        total += end - begin
        to_closings.append(total)
    return Budget(total, tuple(to_closings[:12]))


# -- helpers -----------------------------------------------------------------------------------


def us(instant: datetime) -> int:
    return ref.to_us(instant)


def shifted(instant: datetime, microseconds: int) -> datetime:
    """``instant`` moved by real time (``instant + timedelta`` moves the wall clock)."""
    return ref.from_us(us(instant) + microseconds, UTC)


def assert_same_instant(actual: datetime, expected: datetime, shown_in: tzinfo | None) -> None:
    assert us(actual) == us(expected), f"{actual} != {expected}"
    assert actual.tzinfo is shown_in, f"{actual!r} is not shown in {shown_in!r}"


# -- add ---------------------------------------------------------------------------------------


@given(st.data(), SCENARIOS)
def test_add_agrees_with_reference_and_elapsed(data: st.DataObject, scenario: Scenario) -> None:
    calendar = scenario.calendar
    start = data.draw(instants(scenario), label="start")
    duration = data.draw(durations(open_budget(scenario, start)), label="duration")

    due = calendar.add(start, duration)

    assert_same_instant(due, ref.add(calendar, start, duration), start.tzinfo)
    assert us(due) >= us(start)
    assert calendar.elapsed(start, due) == duration
    if duration:
        # The last microsecond of work was done while open.
        assert calendar.is_open(shifted(due, -1))
    else:
        assert us(due) == us(start)


@given(st.data(), SCENARIOS)
def test_add_is_monotone_and_composes(data: st.DataObject, scenario: Scenario) -> None:
    calendar = scenario.calendar
    early, late = sorted(
        (data.draw(instants(scenario), label="s1"), data.draw(instants(scenario), label="s2")),
        key=us,
    )
    budget = open_budget(scenario, early)
    short, long = sorted(
        (data.draw(durations(budget), label="d1"), data.draw(durations(budget), label="d2"))
    )

    assert us(calendar.add(early, short)) <= us(calendar.add(late, short))
    if short < long:
        # Strictly: the two deadlines have different elapsed times from the start.
        assert us(calendar.add(early, short)) < us(calendar.add(early, long))
    else:
        assert us(calendar.add(early, short)) == us(calendar.add(early, long))
    assert us(calendar.add(calendar.add(early, short), long)) == us(
        calendar.add(early, short + long)
    )


# -- elapsed and open_intervals ----------------------------------------------------------------


@given(st.data(), SCENARIOS)
def test_elapsed_agrees_with_reference_and_adds_up(data: st.DataObject, scenario: Scenario) -> None:
    calendar = scenario.calendar
    a, b, c = (data.draw(instants(scenario), label=name) for name in "abc")

    elapsed_ab = calendar.elapsed(a, b)

    assert elapsed_ab == ref.elapsed(calendar, a, b)
    assert calendar.elapsed(b, a) == -elapsed_ab
    assert elapsed_ab + calendar.elapsed(b, c) == calendar.elapsed(a, c)
    low, high = sorted((a, b), key=us)
    assert timedelta(0) <= calendar.elapsed(low, high) <= timedelta(microseconds=us(high) - us(low))


@given(st.data(), SCENARIOS)
def test_open_intervals_agree_with_reference(data: st.DataObject, scenario: Scenario) -> None:
    calendar = scenario.calendar
    low, high = sorted(
        (data.draw(instants(scenario), label="a"), data.draw(instants(scenario), label="b")),
        key=us,
    )

    found = list(calendar.open_intervals(low, high))

    assert [(us(x), us(y)) for x, y in found] == ref.intervals_us(calendar, us(low), us(high))
    assert all(x.tzinfo is low.tzinfo and y.tzinfo is low.tzinfo for x, y in found)
    assert sum(us(y) - us(x) for x, y in found) == calendar.elapsed(low, high) // ONE_US
    if us(low) < us(high):
        assert list(calendar.open_intervals(high, low)) == []


# -- is_open and next_open ---------------------------------------------------------------------


@given(st.data(), SCENARIOS)
def test_is_open_and_next_open_agree_with_reference(
    data: st.DataObject, scenario: Scenario
) -> None:
    calendar = scenario.calendar
    require_recurring(scenario)
    for name in ("t1", "t2", "t3"):
        instant = data.draw(instants(scenario), label=name)

        is_open = calendar.is_open(instant)
        following = calendar.next_open(instant)

        assert is_open == ref.is_open(calendar, instant)
        assert_same_instant(following, ref.next_open(calendar, instant), instant.tzinfo)
        assert us(following) >= us(instant)
        assert calendar.is_open(following)
        assert (us(following) == us(instant)) == is_open


# -- the wall clock ----------------------------------------------------------------------------

ALWAYS = {zone: Calendar.always(zone) for zone in ZONES}  # compiled once, shared by examples
ANYWHERE = st.builds(
    ref.from_us, st.builds(operator.add, FOCUS, offsets(DAY)), st.sampled_from(DISPLAY_ZONES)
)


@given(st.sampled_from(ZONES), ANYWHERE, ANYWHERE, durations(Budget(300 * HOUR, ())))
def test_always_open_calendar_counts_real_time(
    zone: str, a: datetime, b: datetime, duration: timedelta
) -> None:
    calendar = ALWAYS[zone]

    assert calendar.elapsed(a, b) == timedelta(microseconds=us(b) - us(a))
    assert_same_instant(calendar.add(a, duration), shifted(a, duration // ONE_US), a.tzinfo)
    assert calendar.is_open(a)
    assert_same_instant(calendar.next_open(a), a, a.tzinfo)


# -- union and intersection --------------------------------------------------------------------


@given(st.data(), union_parts())
def test_union_and_intersection_bound_their_parts(
    data: st.DataObject, calendars: tuple[Calendar, Calendar, int]
) -> None:
    first, second, focus = calendars
    union, intersection = first | second, first & second
    scenario = scenario_of(union, focus)
    low, high = sorted(
        (data.draw(instants(scenario), label="a"), data.draw(instants(scenario), label="b")),
        key=us,
    )

    one, two = first.elapsed(low, high), second.elapsed(low, high)
    either, both = union.elapsed(low, high), intersection.elapsed(low, high)

    assert either >= max(one, two)
    assert both <= min(one, two)
    assert either + both == one + two
    assert either == ref.elapsed(union, low, high)
    assert both == ref.elapsed(intersection, low, high)
    assert union.business_day == max(first.business_day, second.business_day)
    assert intersection.business_day == min(first.business_day, second.business_day)


# -- business days -----------------------------------------------------------------------------


@given(st.data(), SCENARIOS)
def test_add_business_days_is_whole_business_days(data: st.DataObject, scenario: Scenario) -> None:
    calendar = scenario.calendar
    if isinstance(calendar, Calendar) and data.draw(st.booleans(), label="explicit"):
        given_length = timedelta(minutes=data.draw(st.integers(1, 24 * 60), label="minutes"))
        calendar = Calendar(
            timezone=calendar.timezone,
            hours=calendar.hours,
            holidays=calendar.holidays,
            closed=calendar.closed,
            opened=calendar.opened,
            business_day=given_length,
        )
        assert calendar.business_day == given_length
    else:
        assert calendar.business_day == ref.business_day(calendar)
    start = data.draw(instants(scenario), label="start")
    budget = open_budget(scenario, start)
    days = data.draw(st.integers(0, min(5, budget.total // (calendar.business_day // ONE_US))))

    due = calendar.add_business_days(start, days)

    assert_same_instant(due, calendar.add(start, days * calendar.business_day), start.tzinfo)
    assert_same_instant(due, ref.add(calendar, start, days * calendar.business_day), start.tzinfo)


@given(
    st.sampled_from(ZONES),
    st.lists(CLOCK, min_size=2, max_size=2, unique=True).map(sorted),
    st.integers(0, 4 * 52),  # weeks after Monday 2024-01-01
    st.integers(0, 6),
    st.integers(0, 24 * 60),
    st.integers(1, 15),
)
def test_uniform_week_business_days_keep_the_wall_clock(
    zone: str, hours: list[int], week: int, weekday: int, raw_minute: int, days: int
) -> None:
    """DESIGN.md §3: on a uniform Mon–Fri calendar, n business days from inside the
    hours is the same wall time n weekdays later; from a weekend it is the closing
    time of the n-th weekday (Saturday + 5 is Friday at closing time)."""
    opening, closing = hours
    calendar = Calendar(timezone=zone, hours={"mon-fri": pair_up(hours)})
    day = date(2024, 1, 1) + timedelta(weeks=week, days=weekday)
    if weekday < 5:
        assume(closing - opening >= 2)
        minute = opening + 1 + raw_minute % (closing - opening - 1)  # strictly inside
    else:
        minute = raw_minute % (24 * 60)
    start = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=ZoneInfo(zone))
    # DST changes happen on Sundays, so a weekday's opening is its nominal length.
    assert calendar.business_day == timedelta(minutes=closing - opening)

    due = calendar.add_business_days(start, days)

    target_day, counted = day, 0
    while counted < days:
        target_day += timedelta(days=1)
        counted += target_day.weekday() < 5
    if weekday >= 5:
        minute = closing  # 24:00 is the next day's midnight
    target_day += timedelta(days=minute // (24 * 60))
    minute %= 24 * 60
    expected = datetime(
        target_day.year,
        target_day.month,
        target_day.day,
        minute // 60,
        minute % 60,
        tzinfo=ZoneInfo(zone),
    )
    assert_same_instant(due, expected, start.tzinfo)


# -- never open, naive datetimes ---------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
def test_calendar_never_open_raises_promptly(zone: str) -> None:
    never = Calendar(
        timezone=zone,
        hours={},
        holidays="NL",
        closed=[date(2026, 3, 9)],
        opened=[date(2026, 3, 14)],  # a make-up Saturday on a calendar with no hours
    )
    start = datetime(2026, 3, 8, 12, tzinfo=ZoneInfo(zone))

    with pytest.raises(NeverOpenError, match="never open"):
        finishes_within(20, lambda: never.add(start, timedelta(hours=1)))
    with pytest.raises(NeverOpenError, match="never open"):
        finishes_within(20, lambda: never.next_open(start))
    assert never.elapsed(start, shifted(start, 400 * DAY)) == timedelta(0)
    assert not never.is_open(start)
    assert never.add(start, timedelta(0)) == start


def test_disjoint_intersection_raises_never_open_promptly() -> None:
    monday = Calendar(timezone="Europe/Dublin", hours={"mon": "09:00-17:00"})
    tuesday = Calendar(timezone="Europe/Dublin", hours={"tue": "09:00-17:00"})
    start = datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("Europe/Dublin"))

    with pytest.raises(NeverOpenError):
        finishes_within(20, lambda: (monday & tuesday).add(start, timedelta(hours=1)))
    with pytest.raises(NeverOpenError):
        finishes_within(20, lambda: (monday & tuesday).next_open(start))


NAIVE = datetime(2026, 3, 2, 9)  # noqa: DTZ001 - naive on purpose
AWARE = datetime(2026, 3, 2, 9, tzinfo=UTC)
OFFICE = Calendar(timezone="Europe/Amsterdam", hours={"mon-fri": "09:00-17:00"}, holidays="NL")
NAIVE_CALLS: list[tuple[str, Callable[[AnyCalendar], object], str]] = [
    ("add", lambda c: c.add(NAIVE, timedelta(hours=1)), "start"),
    ("add_business_days", lambda c: c.add_business_days(NAIVE, 1), "start"),
    ("elapsed start", lambda c: c.elapsed(NAIVE, AWARE), "start"),
    ("elapsed end", lambda c: c.elapsed(AWARE, NAIVE), "end"),
    ("is_open", lambda c: c.is_open(NAIVE), "instant"),
    ("next_open", lambda c: c.next_open(NAIVE), "instant"),
    ("open_intervals start", lambda c: list(c.open_intervals(NAIVE, AWARE)), "start"),
    ("open_intervals end", lambda c: list(c.open_intervals(AWARE, NAIVE)), "end"),
]


@pytest.mark.parametrize("calendar", [OFFICE, OFFICE | ALWAYS["UTC"]], ids=["plain", "union"])
@pytest.mark.parametrize(
    ("call", "argument"), [c[1:] for c in NAIVE_CALLS], ids=[c[0] for c in NAIVE_CALLS]
)
def test_naive_datetimes_are_refused_by_name(
    calendar: AnyCalendar, call: Callable[[AnyCalendar], object], argument: str
) -> None:
    with pytest.raises(NaiveDatetimeError, match=f"^{argument} is a naive datetime") as info:
        call(calendar)
    assert info.value.argument == argument
    assert isinstance(info.value, ValueError)


def test_naive_window_is_refused_by_position() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"closed\[1\]"):
        Calendar(
            timezone="UTC",
            hours={"mon-fri": "09:00-17:00"},
            closed=[date(2026, 1, 2), (NAIVE, NAIVE + timedelta(hours=1))],
        )


def test_pinned_dst_changes_are_real() -> None:
    """The anchors above are only useful if the zones really change offset there."""
    for zone, changes in [
        ("America/Chicago", CHICAGO_CHANGES),
        ("Europe/Dublin", EUROPE_CHANGES),
        ("Europe/Amsterdam", EUROPE_CHANGES),
    ]:
        for change in changes:
            before = ref.from_us(change - 1, ZoneInfo(zone)).utcoffset()
            after = ref.from_us(change, ZoneInfo(zone)).utcoffset()
            assert before != after, (zone, ref.from_us(change, UTC))
