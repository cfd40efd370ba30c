"""Unit tests for ``slakit._index``: the interval helpers and the compiled index.

Instants are integer microseconds since 1970-01-01 UTC. Anchors worked out by
hand: from 1970 to 2026 there are 56 years with 14 leap days (1972..2024), so
2026-01-01 is day 56 * 365 + 14 = 20454; 2027-01-01 is day 20819; 2030-01-01
is day 60 * 365 + 15 = 21915; 2031-01-01 is day 22280.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from slakit import Calendar
from slakit._index import (
    FIRST_YEAR,
    LAST_YEAR,
    SEARCH_YEARS,
    CompiledIndex,
    Interval,
    combine,
    compile_weekly_year,
    intersect,
    normalise,
    subtract,
    utc_year,
    year_bounds,
)
from slakit.errors import NeverOpenError, RangeError

HOUR = 3_600_000_000
DAY = 24 * HOUR
JAN_1_2026 = 20454 * DAY
JAN_1_2027 = 20819 * DAY
JAN_1_2030 = 21915 * DAY
JAN_1_2031 = 22280 * DAY


# -- synthetic compile functions (module level, so that an index can be pickled) -----------


def whole_year(year: int) -> list[Interval]:
    """Always open."""
    return [year_bounds(year)]


def never(year: int) -> list[Interval]:
    """Never open."""
    return []


def daily(year: int, opens: int = 9, closes: int = 17) -> list[Interval]:
    """Open every day from ``opens`` to ``closes`` o'clock UTC."""
    low, high = year_bounds(year)
    return [(day + opens * HOUR, day + closes * HOUR) for day in range(low, high, DAY)]


def night_shift(year: int) -> list[Interval]:
    """Open 22:00-02:00 UTC every night, clipped to the year."""
    low, high = year_bounds(year)
    nights = [(day - 2 * HOUR, day + 2 * HOUR) for day in range(low, high + DAY, DAY)]
    return intersect(nights, [(low, high)])


def only_in_2026(year: int) -> list[Interval]:
    return daily(year) if year == 2026 else []


def only_in_2030(year: int) -> list[Interval]:
    return daily(year) if year == 2030 else []


class Recorder:
    """A compile function that records the years it was asked for."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, year: int) -> list[Interval]:
        self.calls.append(year)
        return daily(year)


# -- interval helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([], []),
        ([(5, 9), (1, 3), (3, 4), (8, 12), (7, 7)], [(1, 4), (5, 12)]),
        ([(1, 10), (2, 3)], [(1, 10)]),  # contained
        ([(0, 5), (5, 10)], [(0, 10)]),  # touching
        ([(0, 5), (6, 10)], [(0, 5), (6, 10)]),  # a gap of one
        ([(3, 2), (4, 4)], []),  # empty and reversed are dropped
        ([(0, 5), (0, 5)], [(0, 5)]),  # duplicates
    ],
)
def test_normalise(intervals: list[Interval], expected: list[Interval]) -> None:
    assert normalise(intervals) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([(0, 10), (20, 30)], [(5, 25)], [(5, 10), (20, 25)]),
        ([(0, 5)], [(5, 10)], []),  # half-open: touching is not overlapping
        ([(0, 5)], [(6, 10)], []),
        ([(0, 10)], [(2, 3), (4, 5)], [(2, 3), (4, 5)]),
        ([(2, 3), (4, 5)], [(0, 10)], [(2, 3), (4, 5)]),
        ([(0, 10)], [(0, 10)], [(0, 10)]),
        ([], [(0, 10)], []),
        ([(0, 10)], [], []),
    ],
)
def test_intersect(a: list[Interval], b: list[Interval], expected: list[Interval]) -> None:
    assert intersect(a, b) == expected
    assert intersect(b, a) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([(0, 10), (20, 30)], [(5, 22)], [(0, 5), (22, 30)]),
        ([(0, 10)], [], [(0, 10)]),
        ([(0, 10)], [(0, 10)], []),
        ([(0, 10)], [(-5, 15)], []),
        ([(0, 10)], [(10, 20)], [(0, 10)]),  # touching at the end removes nothing
        ([(10, 20)], [(0, 10)], [(10, 20)]),  # touching at the start removes nothing
        ([(0, 100)], [(10, 20), (30, 40)], [(0, 10), (20, 30), (40, 100)]),
        ([(0, 10), (20, 30), (40, 50)], [(5, 45)], [(0, 5), (45, 50)]),
        ([], [(0, 10)], []),
    ],
)
def test_subtract(a: list[Interval], b: list[Interval], expected: list[Interval]) -> None:
    assert subtract(a, b) == expected


def test_combine() -> None:
    parts = [[(0, 10)], [(5, 20)], [(30, 40)]]
    assert combine(parts, "union") == [(0, 20), (30, 40)]
    assert combine(parts, "intersection") == []
    assert combine([[(0, 10), (20, 30)], [(5, 25)]], "intersection") == [(5, 10), (20, 25)]
    assert combine([[(0, 10), (20, 30)], [(5, 25)], [(8, 21)]], "intersection") == [
        (8, 10),
        (20, 21),
    ]
    assert combine([[(0, 10)]], "union") == [(0, 10)]
    assert combine([[(0, 10)]], "intersection") == [(0, 10)]


def test_year_bounds() -> None:
    assert year_bounds(1970) == (0, 365 * DAY)
    assert year_bounds(2026) == (JAN_1_2026, JAN_1_2027)


@pytest.mark.parametrize(
    ("instant", "year"),
    [
        (0, 1970),
        (-1, 1969),
        (JAN_1_2026, 2026),
        (JAN_1_2027 - 1, 2026),
        (10**20, LAST_YEAR + 1),  # beyond what datetime can show
        (-(10**20), FIRST_YEAR - 1),
    ],
)
def test_utc_year(instant: int, year: int) -> None:
    assert utc_year(instant) == year


def test_bounds() -> None:
    assert (FIRST_YEAR, LAST_YEAR, SEARCH_YEARS) == (1900, 2999, 200)


# -- compiling a weekly calendar ----------------------------------------------------------------


def test_compile_weekly_year_utc_office() -> None:
    calendar = Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
    intervals = compile_weekly_year(calendar, 2026)
    # 2026 has 365 days = 52 weeks + 1 day, the extra day a Thursday: 52 * 5 + 1.
    assert len(intervals) == 261
    # Thu 2026-01-01 and Thu 2026-12-31.
    assert intervals[0] == (JAN_1_2026 + 9 * HOUR, JAN_1_2026 + 17 * HOUR)
    assert intervals[-1] == (JAN_1_2027 - 15 * HOUR, JAN_1_2027 - 7 * HOUR)


def test_compile_weekly_year_is_clipped_to_the_utc_year() -> None:
    calendar = Calendar(timezone="America/Chicago", hours={"mon-fri": "06:00-22:00"})
    # Wed 2025-12-31 06:00-22:00 CST is 12:00 UTC to 04:00 UTC on 2026-01-01; Thu
    # 2026-01-01 06:00 CST is 12:00 UTC.
    first_two = compile_weekly_year(calendar, 2026)[:2]
    assert first_two == [
        (JAN_1_2026, JAN_1_2026 + 4 * HOUR),
        (JAN_1_2026 + 12 * HOUR, JAN_1_2026 + 28 * HOUR),
    ]
    # Thu 2026-12-31 06:00-22:00 CST runs into 2027 UTC and is cut at midnight UTC.
    assert compile_weekly_year(calendar, 2026)[-1] == (JAN_1_2027 - 12 * HOUR, JAN_1_2027)
    assert compile_weekly_year(calendar, 2027)[0] == (JAN_1_2027, JAN_1_2027 + 4 * HOUR)


def test_compile_weekly_year_always_is_the_whole_year() -> None:
    assert compile_weekly_year(Calendar.always("Asia/Singapore"), 2026) == [
        (JAN_1_2026, JAN_1_2027)
    ]


# -- the compiled index -----------------------------------------------------------------------


class TestCompiledIndex:
    def test_queries_on_a_daily_calendar(self) -> None:
        index = CompiledIndex(daily)
        monday = JAN_1_2026 + 4 * DAY  # Mon 2026-01-05; every day is open here
        assert index.is_open(monday + 9 * HOUR)
        assert not index.is_open(monday + 17 * HOUR)
        assert index.is_open(monday + 17 * HOUR - 1)
        assert index.next_open(monday + 12 * HOUR) == monday + 12 * HOUR
        assert index.next_open(monday + 17 * HOUR) == monday + DAY + 9 * HOUR
        # 16:00 + 2 h: 1 h today, 1 h from 09:00 tomorrow.
        assert index.add(monday + 16 * HOUR, 2 * HOUR) == monday + DAY + 10 * HOUR
        assert index.add(monday + 16 * HOUR, HOUR) == monday + 17 * HOUR  # closing time
        assert index.add(monday + 12 * HOUR, 0) == monday + 12 * HOUR
        # Back 1 h from 10:00 is the opening (the latest such instant), 2 h is 16:00 before.
        assert index.add(monday + 10 * HOUR, -HOUR) == monday + 9 * HOUR
        assert index.add(monday + 10 * HOUR, -2 * HOUR) == monday - DAY + 16 * HOUR
        assert index.elapsed(monday, monday + 7 * DAY) == 7 * 8 * HOUR
        assert index.elapsed(monday + 7 * DAY, monday) == -7 * 8 * HOUR
        assert list(index.intervals(monday + 12 * HOUR, monday + DAY + 10 * HOUR)) == [
            (monday + 12 * HOUR, monday + 17 * HOUR),
            (monday + DAY + 9 * HOUR, monday + DAY + 10 * HOUR),
        ]
        assert list(index.intervals(monday + 12 * HOUR, monday + 12 * HOUR)) == []

    def test_intervals_are_merged_across_new_year(self) -> None:
        index = CompiledIndex(whole_year)
        assert index.elapsed(JAN_1_2027 - HOUR, JAN_1_2027 + HOUR) == 2 * HOUR
        assert index.add(JAN_1_2027 - HOUR, 2 * HOUR) == JAN_1_2027 + HOUR
        assert index.add(JAN_1_2027 + HOUR, -2 * HOUR) == JAN_1_2027 - HOUR
        assert index.is_open(JAN_1_2027)
        assert list(index.intervals(JAN_1_2026, JAN_1_2027 + DAY)) == [
            (JAN_1_2026, JAN_1_2027 + DAY)
        ]

    def test_night_shift_across_new_year_is_one_interval(self) -> None:
        index = CompiledIndex(night_shift)
        # 2026-12-31 22:00 to 2027-01-01 02:00 UTC, compiled from two years.
        window = (JAN_1_2027 - 3 * HOUR, JAN_1_2027 + 3 * HOUR)
        assert list(index.intervals(*window)) == [(JAN_1_2027 - 2 * HOUR, JAN_1_2027 + 2 * HOUR)]
        assert index.add(JAN_1_2027 - 2 * HOUR, 4 * HOUR) == JAN_1_2027 + 2 * HOUR
        assert index.next_open(JAN_1_2027 + 2 * HOUR) == JAN_1_2027 + DAY - 2 * HOUR

    def test_each_year_is_compiled_once(self) -> None:
        recorder = Recorder()
        index = CompiledIndex(recorder)
        index.is_open(JAN_1_2026 + DAY)
        index.elapsed(JAN_1_2026, JAN_1_2026 + 30 * DAY)
        assert recorder.calls == [2026]
        index.is_open(JAN_1_2027 + DAY)
        index.is_open(JAN_1_2026 + DAY)
        assert recorder.calls == [2026, 2027]
        index.is_open(JAN_1_2026 - DAY)
        assert sorted(recorder.calls) == [2025, 2026, 2027]

    def test_grows_forward_and_back_to_find_open_time(self) -> None:
        index = CompiledIndex(only_in_2030)
        # Nothing until Tue 2030-01-01 09:00; one hour later is 10:00.
        assert index.next_open(JAN_1_2026) == JAN_1_2030 + 9 * HOUR
        assert index.add(JAN_1_2026, HOUR) == JAN_1_2030 + 10 * HOUR
        # Back from four years later: the last open hour was 2030-12-31 16:00-17:00.
        later = CompiledIndex(only_in_2030)
        assert later.add(JAN_1_2031 + 4 * 365 * DAY, -HOUR) == JAN_1_2031 - 8 * HOUR

    def test_never_open(self) -> None:
        index = CompiledIndex(never)
        with pytest.raises(NeverOpenError, match="never open between 2026 and 2226"):
            index.add(JAN_1_2026, HOUR)
        with pytest.raises(NeverOpenError, match="never open between 2026 and 2226"):
            index.next_open(JAN_1_2026)
        with pytest.raises(NeverOpenError, match="never open between 1900 and 2026"):
            index.add(JAN_1_2026, -HOUR)
        assert not index.is_open(JAN_1_2026)
        assert index.elapsed(JAN_1_2026, JAN_1_2027) == 0

    def test_an_answer_beyond_the_search_bound(self) -> None:
        index = CompiledIndex(only_in_2026)
        # 2026 holds 365 * 8 h; asking for more searches 200 years and gives up.
        with pytest.raises(RangeError, match=r"beyond the 200 years searched \(2026 to 2226\)"):
            index.add(JAN_1_2026, 365 * 8 * HOUR + 1)
        # Exactly all of 2026's open time ends at its last closing, Dec 31 17:00.
        assert index.add(JAN_1_2026, 365 * 8 * HOUR) == JAN_1_2027 - 7 * HOUR

    @pytest.mark.parametrize(
        "instant", [year_bounds(3000)[0], year_bounds(1899)[0], 10**20, -(10**20)]
    )
    def test_instants_outside_the_supported_years(self, instant: int) -> None:
        index = CompiledIndex(daily)
        with pytest.raises(RangeError, match=r"outside the years slakit computes \(1900 to 2999\)"):
            index.is_open(instant)
        with pytest.raises(RangeError):
            index.add(instant, HOUR)
        with pytest.raises(RangeError):
            index.elapsed(JAN_1_2026, instant)

    def test_search_stops_at_the_last_supported_year(self) -> None:
        index = CompiledIndex(whole_year)
        with pytest.raises(RangeError):
            index.add(year_bounds(2999)[0], 366 * DAY)
        assert index.add(year_bounds(2999)[0], 365 * DAY) == year_bounds(2999)[1]

    def test_pickle_keeps_compiled_years(self) -> None:
        index = CompiledIndex(Recorder())
        index.is_open(JAN_1_2026)
        again = pickle.loads(pickle.dumps(index))
        recorder = again._compile_year
        assert isinstance(recorder, Recorder)
        assert recorder.calls == [2026]
        assert again.add(JAN_1_2026 + 16 * HOUR, 2 * HOUR) == JAN_1_2026 + DAY + 10 * HOUR
        assert recorder.calls == [2026]  # answered from the pickled year


# -- extension: linear, and the same index whichever way it grew ---------------------------


def _snapshot(index: CompiledIndex, start: int, end: int) -> list[tuple[int, int, int]]:
    """The intervals and their open time from the first one, comparable across origins."""
    arrays = index.arrays(start, end)
    count = arrays.size
    return [
        (first, last, position - arrays.base)
        for first, last, position in zip(
            arrays.starts[:count], arrays.ends[:count], arrays.before_start[:count], strict=True
        )
    ]


@pytest.mark.parametrize("compile_year", [daily, night_shift, whole_year, never])
def test_200_one_year_extensions_equal_compiling_at_once(
    compile_year: Callable[[int], list[Interval]],
) -> None:
    first, last = year_bounds(1950)[0], year_bounds(2149)[0]
    at_once = CompiledIndex(compile_year)
    expected = _snapshot(at_once, first, last)
    forward, backward = CompiledIndex(compile_year), CompiledIndex(compile_year)
    for year in range(1950, 2150):
        forward.arrays(year_bounds(year)[0], year_bounds(year)[0])
        backward.arrays(year_bounds(4099 - year)[0], year_bounds(4099 - year)[0])
    assert _snapshot(forward, first, last) == expected
    assert _snapshot(backward, first, last) == expected
    # Both started in the middle and grew both ways: every query agrees with at-once.
    middle = CompiledIndex(compile_year)
    pairs = zip(range(2049, 1950, -1), range(2051, 2150), strict=True)
    for year in [2050, *(year for pair in pairs for year in pair), 1950]:
        middle.arrays(year_bounds(year)[0], year_bounds(year)[0])
    assert _snapshot(middle, first, last) == expected
    for start, end in [(first + 5 * HOUR, last - 3 * HOUR), (JAN_1_2026, JAN_1_2030 + HOUR)]:
        for index in (forward, backward, middle):
            assert index.elapsed(start, end) == at_once.elapsed(start, end)
            assert index.elapsed(end, start) == at_once.elapsed(end, start)
            if expected:
                assert index.add(start, 40 * HOUR) == at_once.add(start, 40 * HOUR)
                assert index.add(end, -40 * HOUR) == at_once.add(end, -40 * HOUR)
                assert index.next_open(end) == at_once.next_open(end)


def test_arrays_cover_the_range_and_refuse_years_outside() -> None:
    index = CompiledIndex(daily)
    arrays = index.arrays(JAN_1_2026, JAN_1_2030)
    assert arrays.low <= JAN_1_2026 and arrays.high > JAN_1_2030
    assert arrays.starts[0] == JAN_1_2026 + 9 * HOUR
    assert arrays.before_end[0] - arrays.base == 8 * HOUR
    with pytest.raises(RangeError, match="year 3000 is outside the years slakit computes"):
        index.arrays(JAN_1_2026, year_bounds(3000)[0])
