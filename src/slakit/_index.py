"""The compiled interval index: sorted integer arrays, prefix sums, binary search.

A calendar compiles, lazily and one UTC year at a time, into disjoint open
intervals ``[start, end)`` in integer microseconds since the epoch. The index
keeps the compiled years contiguous and flattens them into four arrays:
``starts``, ``ends``, and the open time before each interval's start and end
(``before_start``, ``before_end``, counted from an origin that stays put, so
adding years sums only the new intervals: extension is linear in the years
added). :meth:`CompiledIndex.arrays` exposes them for vectorised queries. Then

* ``position(t)``, the open time from the first compiled instant up to ``t``,
  is one bisect;
* ``elapsed(a, b)`` is ``position(b) - position(a)``;
* ``add(s, d)`` bisects ``before_end`` for ``position(s) + d``.

Years outside the compiled range are compiled on demand, up to
:data:`SEARCH_YEARS` beyond the query; past that, or outside
:data:`FIRST_YEAR`..:data:`LAST_YEAR`, a clear error is raised instead of a
guess or a hang.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from slakit._time import EPOCH, FIRST_YEAR, LAST_YEAR, to_us
from slakit.errors import CalendarError, NeverOpenError, RangeError

if TYPE_CHECKING:
    from slakit.calendar import Calendar, Window

Interval = tuple[int, int]

# How far a deadline or next opening is searched for before giving up.
SEARCH_YEARS = 200


def year_bounds(year: int) -> Interval:
    """``[Jan 1 year, Jan 1 year+1)`` UTC in microseconds."""
    return (
        to_us(datetime(year, 1, 1, tzinfo=UTC), "year"),
        to_us(datetime(year + 1, 1, 1, tzinfo=UTC), "year"),
    )


def utc_year(us: int) -> int:
    """The UTC calendar year of an instant in microseconds."""
    try:
        return (EPOCH + timedelta(microseconds=us)).year
    except OverflowError:
        return LAST_YEAR + 1 if us > 0 else FIRST_YEAR - 1


# -- small pure functions on sorted, disjoint interval lists --------------------------------


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort, drop empty intervals and merge overlapping or touching ones.

    >>> normalise([(5, 9), (1, 3), (3, 4), (8, 12), (7, 7)])
    [(1, 4), (5, 12)]
    """
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Instants in both lists (two-pointer sweep).

    >>> intersect([(0, 10), (20, 30)], [(5, 25)])
    [(5, 10), (20, 25)]
    """
    result: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Instants in ``a`` but not in ``b``.

    >>> subtract([(0, 10), (20, 30)], [(5, 22)])
    [(0, 5), (22, 30)]
    """
    result: list[Interval] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k, cursor = j, start
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                result.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def combine(parts: Sequence[Sequence[Interval]], operation: str) -> list[Interval]:
    """Union or intersection of several normalised interval lists."""
    if operation == "union":
        return normalise(interval for part in parts for interval in part)
    result = list(parts[0])
    for part in parts[1:]:
        result = intersect(result, part)
    return result


# -- compiling one year of a weekly calendar ------------------------------------------------


def compile_weekly_year(calendar: Calendar, year: int) -> list[Interval]:
    """The open intervals of ``calendar`` within UTC year ``year``.

    Walks the local days that can touch the UTC year (one day of margin each
    side covers every UTC offset), converts each day's local intervals to
    UTC with zoneinfo (``fold=0`` inside DST gaps, so an interval's length is
    real elapsed time), then applies the explicit windows and clips.
    """
    zone = calendar.zone
    weekly = calendar.hours.minutes()
    longest = max(weekly, key=lambda day: sum(end - start for start, end in day))
    first_day, last_day = (
        date(year, 1, 1) - timedelta(days=1),
        date(year, 12, 31) + timedelta(days=1),
    )
    closed_days: set[date] = {item for item in calendar.closed if isinstance(item, date)}
    opened_days = {item for item in calendar.opened if isinstance(item, date)}
    low, high = year_bounds(year)
    holidays = calendar.holidays
    holiday_years: dict[int, frozenset[date]] = {}

    intervals: list[Interval] = []
    day = first_day
    one_day = timedelta(days=1)
    while day <= last_day:
        if day in opened_days:
            template = weekly[day.weekday()] or longest
        elif day in closed_days:
            template = ()
        else:
            template = weekly[day.weekday()]
        hours = [
            (_local_us(day, start, zone), _local_us(day, end, zone)) for start, end in template
        ]
        # A holiday matters only on a day that would be open within this UTC year;
        # asking then raises CalendarError for a year without holiday data, rather
        # than silently counting no holidays (the margin days of the neighbouring
        # years usually fall outside and need no data).
        if (
            hours
            and holidays is not None
            and day not in opened_days
            and (day.year == year or any(s < high and e > low for s, e in hours))
        ):
            if day.year not in holiday_years:
                holiday_years[day.year] = holidays.dates(day.year)
            if day in holiday_years[day.year]:
                hours = []
        intervals.extend(hours)
        day += one_day

    result = normalise(intervals)
    opened_windows = [_window_us(w) for w in calendar.opened if not isinstance(w, date)]
    closed_windows = [_window_us(w) for w in calendar.closed if not isinstance(w, date)]
    if opened_windows:
        result = normalise([*result, *opened_windows])
    if closed_windows:
        result = subtract(result, normalise(closed_windows))
    return intersect(result, [(low, high)])


def _local_us(day: date, minute: int, zone: tzinfo) -> int:
    if minute == 24 * 60:
        day, minute = day + timedelta(days=1), 0
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone)
    return to_us(local, "local time")


def _window_us(window: Window) -> Interval:
    return to_us(window.start, "window start"), to_us(window.end, "window end")


# -- the index --------------------------------------------------------------------------------


class _State(NamedTuple):
    """One immutable snapshot of the compiled range, swapped whole on extension.

    Positions (open time) are counted from an origin that stays put as years
    are added: years compiled later come after it (positive), years compiled
    earlier before it (negative), so an extension computes sums only for its
    new intervals and copies the others' lists (a C ``memcpy``), never
    re-flattening compiled years. ``base`` is the position of ``low``.
    """

    first_year: int
    last_year: int
    low: int  # first compiled instant
    high: int  # end of the compiled range (exclusive)
    starts: list[int]
    ends: list[int]
    before_start: list[int]  # position of starts[i]
    before_end: list[int]  # position of ends[i]
    base: int  # position of `low`: before_start[0], or 0 when never open
    size: int  # the intervals of this snapshot: the first `size` of the (shared) lists


class IndexArrays(NamedTuple):
    """A snapshot of a :class:`CompiledIndex`: its open intervals and their positions.

    ``starts[i]``/``ends[i]`` bound the i-th open interval ``[start, end)``
    (UTC microseconds, sorted, disjoint, never touching); ``before_start[i]``
    and ``before_end[i]`` are the open time from an origin to that start and
    end (the *position*: ``elapsed(a, b) == position(b) - position(a)``);
    ``base`` is the position of ``low``. The snapshot's intervals are the
    first ``size`` entries of each list; they cover ``[low, high)``, every
    year compiled so far. Read only: the lists are shared with the index,
    which appends to them as it compiles later years (so they may be longer
    than ``size``).
    """

    low: int
    high: int
    starts: Sequence[int]
    ends: Sequence[int]
    before_start: Sequence[int]
    before_end: Sequence[int]
    base: int
    size: int


_EMPTY = _State(0, -1, 0, 0, [], [], [], [], 0, 0)

_Lists = tuple[list[int], list[int], list[int], list[int]]


def _append(lists: _Lists, more: _Lists) -> None:
    """Append ``more`` (positions continuing) to ``lists`` in place. ``starts`` is
    extended last: a reader that finds an interval in it finds it in the others too; an
    interval running across new year is lengthened in place (only past the old end)."""
    starts, ends, before_start, before_end = lists
    more_starts, more_ends, more_before_start, more_before_end = more
    skip = 0
    if ends and more_starts and ends[-1] == more_starts[0]:
        ends[-1], before_end[-1] = more_ends[0], more_before_end[0]
        skip = 1
    before_end.extend(more_before_end[skip:])
    before_start.extend(more_before_start[skip:])
    ends.extend(more_ends[skip:])
    starts.extend(more_starts[skip:])


def _joined(first: _Lists, second: _Lists) -> _Lists:
    """Two runs of intervals with consecutive positions, ``first`` before ``second``, as one;
    an interval ending where the next begins (across new year) becomes one interval."""
    starts, ends, before_start, before_end = first
    more_starts, more_ends, more_before_start, more_before_end = second
    if ends and more_starts and ends[-1] == more_starts[0]:
        return (
            starts + more_starts[1:],
            ends[:-1] + more_ends,
            before_start + more_before_start[1:],
            before_end[:-1] + more_before_end,
        )
    return (
        starts + more_starts,
        ends + more_ends,
        before_start + more_before_start,
        before_end + more_before_end,
    )


class CompiledIndex:
    """Lazily compiled open intervals of one calendar, answering queries by bisection.

    ``compile_year(year)`` must return the normalised open intervals within
    the UTC year; the index calls it at most once per year.

    >>> hour = 3_600_000_000
    >>> day = 24 * hour
    >>> def nine_to_five(year):
    ...     low, high = year_bounds(year)
    ...     return [(d + 9 * hour, d + 17 * hour) for d in range(low, high, day)]
    >>> index = CompiledIndex(nine_to_five)
    >>> monday_4pm = year_bounds(2026)[0] + 16 * hour
    >>> (index.add(monday_4pm, 2 * hour) - monday_4pm) // hour  # 1 h today, 1 h from 09:00 tomorrow
    18
    """

    def __init__(self, compile_year: Callable[[int], list[Interval]]) -> None:
        self._compile_year = compile_year
        self._years: dict[int, list[Interval]] = {}
        self._state = _EMPTY
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:
        # Locks do not pickle; the compiled years do, so a worker need not recompile.
        return {"compile_year": self._compile_year, "years": dict(self._years)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._compile_year = state["compile_year"]
        self._years = dict(state["years"])
        self._state = _EMPTY  # flattened again on the first query
        self._lock = threading.Lock()

    # Extension ---------------------------------------------------------------------------

    def _covering(self, instant: int) -> _State:
        """A state whose compiled range holds ``instant`` (compiling as needed)."""
        state = self._state
        if state.low <= instant < state.high:
            return state
        year = utc_year(instant)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise RangeError(
                f"an instant in year {year} is outside the years slakit computes "
                f"({FIRST_YEAR} to {LAST_YEAR})"
            )
        if state.last_year < state.first_year:
            return self._extend(year, year)
        return self._extend(min(year, state.first_year), max(year, state.last_year))

    def _extend(self, first_year: int, last_year: int) -> _State:
        with self._lock:
            current = self._state
            if current.first_year <= first_year and last_year <= current.last_year:
                return current
            empty = current.last_year < current.first_year
            if not empty:
                first_year = min(first_year, current.first_year)
                last_year = max(last_year, current.last_year)
            # Compile every missing year first: a year that fails (no holiday data)
            # leaves the state as it was.
            for year in range(first_year, last_year + 1):
                if year not in self._years:
                    self._years[year] = self._compile_year(year)
            if empty:
                parts = self._flatten(first_year, last_year, 0)
                base = 0
            else:
                parts = (current.starts, current.ends, current.before_start, current.before_end)
                base = current.base
                if first_year < current.first_year:
                    # Years before: summed back from the origin (new lists; rare).
                    before_years = range(first_year, current.first_year)
                    before_total = sum(
                        end - start for year in before_years for start, end in self._years[year]
                    )
                    base = current.base - before_total
                    parts = _joined(self._flatten(first_year, current.first_year - 1, base), parts)
                if last_year > current.last_year:
                    # Years after: appended in place to the lists the current snapshot
                    # shares, which reads only its first `size` entries (amortised
                    # linear: the years compiled before are neither re-flattened nor
                    # copied).
                    at_high = parts[3][-1] if parts[0] else base
                    _append(parts, self._flatten(current.last_year + 1, last_year, at_high))
            starts, ends, before_start, before_end = parts
            self._state = _State(
                first_year,
                last_year,
                year_bounds(first_year)[0],
                year_bounds(last_year)[1],
                starts,
                ends,
                before_start,
                before_end,
                base,
                len(starts),
            )
            return self._state

    def _flatten(self, first_year: int, last_year: int, position: int) -> _Lists:
        """The compiled years ``first_year..last_year`` as lists, positions from ``position``."""
        starts: list[int] = []
        ends: list[int] = []
        for year in range(first_year, last_year + 1):
            for start, end in self._years[year]:
                if ends and ends[-1] == start:  # an interval running across new year
                    ends[-1] = end
                else:
                    starts.append(start)
                    ends.append(end)
        before_start: list[int] = []
        before_end: list[int] = []
        for start, end in zip(starts, ends, strict=True):
            before_start.append(position)
            position += end - start
            before_end.append(position)
        return starts, ends, before_start, before_end

    def _grow(self, state: _State, forward: bool, origin: int) -> _State:
        """Compile more years ahead (or behind), doubling, within the search bound."""
        origin_year = utc_year(origin)
        span = state.last_year - state.first_year + 1
        if forward:
            limit = min(LAST_YEAR, origin_year + SEARCH_YEARS)
            if state.last_year >= limit:
                raise self._exhausted(state, origin_year, limit, forward)
            wanted = (state.first_year, min(limit, state.last_year + span))
            one_more = (state.first_year, state.last_year + 1)
        else:
            limit = max(FIRST_YEAR, origin_year - SEARCH_YEARS)
            if state.first_year <= limit:
                raise self._exhausted(state, origin_year, limit, forward)
            wanted = (max(limit, state.first_year - span), state.last_year)
            one_more = (state.first_year - 1, state.last_year)
        try:
            return self._extend(*wanted)
        except CalendarError:
            # A year past the holiday data: the answer may still lie before it, so
            # step one year at a time (the years already compiled stay cached) and
            # raise only when the very next year is the one without data.
            if wanted == one_more:
                raise
            return self._extend(*one_more)

    @staticmethod
    def _exhausted(state: _State, origin: int, limit: int, forward: bool) -> Exception:
        first, last = (origin, limit) if forward else (limit, origin)
        if not state.size:
            return NeverOpenError(
                f"the calendar is never open between {first} and {last}; "
                "check its hours, holidays and closures"
            )
        if limit in (FIRST_YEAR, LAST_YEAR):
            side = "after" if forward else "before"
            return RangeError(
                f"the answer lies {side} {limit}, the limit of the years slakit computes "
                f"({FIRST_YEAR} to {LAST_YEAR})"
            )
        return RangeError(
            f"the answer lies beyond the {SEARCH_YEARS} years searched ({first} to {last})"
        )

    # Queries -------------------------------------------------------------------------------

    @staticmethod
    def _position(state: _State, instant: int) -> int:
        i = bisect_right(state.starts, instant) - 1
        if i < 0:
            return state.base
        return min(state.before_start[i] + instant - state.starts[i], state.before_end[i])

    def elapsed(self, start: int, end: int) -> int:
        """Open time in ``[start, end)``, negative when ``end < start``."""
        state = self._state
        if not (state.low <= start < state.high and state.low <= end < state.high):
            self._covering(start)
            state = self._covering(end)
        # Two inlined `_position` calls: this is the hottest line in slakit.
        starts = state.starts
        i = bisect_right(starts, end) - 1
        at_end = (
            min(state.before_start[i] + end - starts[i], state.before_end[i])
            if i >= 0
            else state.base
        )
        i = bisect_right(starts, start) - 1
        if i < 0:
            return at_end - state.base
        return at_end - min(state.before_start[i] + start - starts[i], state.before_end[i])

    def add(self, start: int, duration: int) -> int:
        """Earliest ``t >= start`` with ``elapsed(start, t) == duration`` (latest
        ``t <= start`` with ``elapsed(t, start) == -duration`` when negative)."""
        if duration == 0:
            return start
        state = self._covering(start)
        if duration > 0:
            while True:
                target = self._position(state, start) + duration
                size = state.size
                if size and target <= state.before_end[size - 1]:
                    j = bisect_left(state.before_end, target, 0, size)
                    return state.starts[j] + target - state.before_start[j]
                state = self._grow(state, True, start)
        while True:
            target = self._position(state, start) + duration
            if target >= state.base and state.size:
                j = bisect_right(state.before_start, target, 0, state.size) - 1
                return state.starts[j] + target - state.before_start[j]
            state = self._grow(state, False, start)

    def arrays(self, start: int, end: int) -> IndexArrays:
        """The open intervals and their positions, compiled to cover ``[start, end]``.

        For vectorised queries (:mod:`slakit.columnar` searches these with numpy):
        years are compiled as the scalar queries compile them, so an instant
        outside the years slakit computes raises the same
        :class:`~slakit.errors.RangeError`. The snapshot may cover more than
        asked (every year compiled so far); a query past its ``high`` (a
        deadline further ahead) is answered by :meth:`add`, which searches on.

        >>> hour = 3_600_000_000
        >>> def nine_to_five(year):
        ...     low, high = year_bounds(year)
        ...     return [(d + 9 * hour, d + 17 * hour) for d in range(low, high, 24 * hour)]
        >>> index = CompiledIndex(nine_to_five)
        >>> low, high = year_bounds(2026)
        >>> snapshot = index.arrays(low, low + 1)
        >>> snapshot.size, snapshot.high == high  # 365 days of one year
        (365, True)
        >>> (snapshot.before_end[1] - snapshot.base) // hour  # open time to the 2nd closing
        16
        >>> index.arrays(low, year_bounds(3000)[0])
        Traceback (most recent call last):
        ...
        slakit.errors.RangeError: an instant in year 3000 is outside the years slakit computes \
(1900 to 2999)

        Raises:
            RangeError: ``start`` or ``end`` is outside the years 1900 to 2999.
            CalendarError: a year to compile cannot be (e.g. it has no holiday data).
        """
        self._covering(start)
        state = self._covering(end)
        return IndexArrays(
            state.low,
            state.high,
            state.starts,
            state.ends,
            state.before_start,
            state.before_end,
            state.base,
            state.size,
        )

    def is_open(self, instant: int) -> bool:
        """Whether ``instant`` lies in an open interval."""
        state = self._covering(instant)
        i = bisect_right(state.starts, instant) - 1
        return i >= 0 and instant < state.ends[i]

    def next_open(self, instant: int) -> int:
        """``instant`` if open, else the start of the next open interval."""
        state = self._covering(instant)
        while True:
            i = bisect_right(state.starts, instant) - 1
            if i >= 0 and instant < state.ends[i]:
                return instant
            if i + 1 < state.size:
                return state.starts[i + 1]
            state = self._grow(state, True, instant)

    def intervals(self, start: int, end: int) -> Iterator[Interval]:
        """Open intervals clipped to ``[start, end)``."""
        if end <= start:
            return
        self._covering(start)
        state = self._covering(end)
        i = bisect_right(state.ends, start, 0, state.size)
        while i < state.size and state.starts[i] < end:
            yield max(state.starts[i], start), min(state.ends[i], end)
            i += 1
