"""RFC 5545 recurrence rules for maintenance: strict reading and windowed expansion.

A rule is read part by part (``FREQ=WEEKLY;INTERVAL=2;BYDAY=SU``) and every
value is checked against RFC 5545's range, so a typo is an error that names
the part, the value and what is allowed instead of a rule that silently never
happens or loops forever. Occurrences are then produced only for the days
around the period asked about, in bulk: a day's occurrences are a few
arithmetic runs, so a ``FREQ=SECONDLY`` month costs about as much as a
``FREQ=DAILY`` one. The semantics are those of ``dateutil.rrule`` (which
slakit used before and still uses for the days of a monthly or yearly
period): the phase of ``INTERVAL`` and the count of ``COUNT`` start at the
rule's first instant.

>>> rule = parse_rule("FREQ=WEEKLY;BYDAY=SU")
>>> rule.freq == WEEKLY, rule.byday
(True, ((6, 0),))
>>> parse_rule("FREQ=WEEKLY;BYMONTH=13")
Traceback (most recent call last):
...
slakit.errors.AvailabilityError: BYMONTH=13 is out of range: BYMONTH takes 1 to 12
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as dateutil_rrule

from slakit._index import normalise
from slakit._time import US_PER_DAY, US_PER_SECOND, from_us, to_us
from slakit.errors import AvailabilityError

__all__ = [
    "FREQUENCIES",
    "Occurrence",
    "Rule",
    "expand",
    "parse_rule",
]

YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY = range(7)
FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PARTS = (
    "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
    "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
)  # fmt: skip
# The longest rule text read; anything longer is refused before any pattern runs on it.
MAX_RULE_LENGTH = 2_000
# INTERVAL and COUNT above this are refused: no maintenance plan needs them, and the
# numbers stay small enough to count through without surprise.
MAX_NUMBER = 1_000_000_000
# (low, high, signed): signed parts also take -high..-low, counted from the end.
RANGES = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
# RFC 5545 §3.3.10: parts that MUST NOT be used with some frequencies.
FORBIDDEN = {
    "BYWEEKNO": (MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY),
    "BYYEARDAY": (MONTHLY, WEEKLY, DAILY),
    "BYMONTHDAY": (WEEKLY,),
}
NUMBER = re.compile(r"[+-]?\d{1,10}")
DAY_ITEM = re.compile(r"([+-]?\d{1,3})?([A-Z]{2})")
UNTIL_TEXT = re.compile(r"(\d{8})(T(\d{6})(Z?))?")
START_LINE = re.compile(r"DTSTART(;TZID=([^:;]{1,64}))?:(\d{8}T\d{6})(Z?)", re.IGNORECASE)

Run = tuple[int, int, int]
"""``(first, step, count)``: ``count`` occurrences ``first + k * step`` µs into a local day."""


@dataclass(frozen=True)
class Occurrence:
    """A ``DTSTART`` or ``UNTIL`` moment as written: local wall time, in a zone, or UTC."""

    wall: datetime  # naive
    zone: str | None = None  # None: the rule's own timezone; "UTC" for a trailing Z
    date_only: bool = False

    def instant_us(self, zone: ZoneInfo) -> int:
        """Microseconds since the epoch (a local time in a DST gap reads with ``fold=0``)."""
        where = UTC if self.zone == "UTC" else ZoneInfo(self.zone) if self.zone else zone
        return _us(self.wall.replace(tzinfo=where))


@dataclass(frozen=True)
class Rule:
    """A checked recurrence rule (``by*`` parts empty when not given)."""

    freq: int
    interval: int = 1
    count: int | None = None
    until: Occurrence | None = None
    start: Occurrence | None = None
    wkst: int = 0
    bysetpos: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    bymonthday: tuple[int, ...] = ()
    byyearday: tuple[int, ...] = ()
    byweekno: tuple[int, ...] = ()
    byday: tuple[tuple[int, int], ...] = ()  # (weekday, ordinal); ordinal 0 = every
    byhour: tuple[int, ...] = ()
    byminute: tuple[int, ...] = ()
    bysecond: tuple[int, ...] = ()


# -- reading ------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def parse_rule(text: str) -> Rule:
    """Read and check an RFC 5545 rule: an ``RRULE`` and at most one ``DTSTART`` line.

    >>> parse_rule("RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20261231T235959Z").until
    Occurrence(wall=datetime.datetime(2026, 12, 31, 23, 59, 59), zone='UTC', date_only=False)

    Raises:
        AvailabilityError: naming the part, its value and the values allowed.
    """
    if len(text) > MAX_RULE_LENGTH:
        raise AvailabilityError(
            f"the rule is {len(text):,} characters long; at most {MAX_RULE_LENGTH:,} are read"
        )
    start = None
    body = None
    for raw in text.strip().splitlines():
        line = raw.strip()
        name = line.upper()
        if not line:
            continue
        label = re.split(r"[=;:]", name, maxsplit=1)[0]
        if label == "DTSTART":
            if start is not None:
                raise AvailabilityError("the rule has two DTSTART lines; give at most one")
            start = _start(line)
        elif name.startswith("RRULE:") or label in PARTS:
            if body is not None:
                raise AvailabilityError("the rule has two RRULE lines; give exactly one")
            body = line[len("RRULE:") :] if name.startswith("RRULE:") else line
        elif label in ("EXDATE", "RDATE", "EXRULE"):
            raise AvailabilityError(
                f"{label} lines are not supported; a maintenance rule is one RRULE "
                "(e.g. FREQ=WEEKLY;BYDAY=SU) and at most one DTSTART line"
            )
        else:
            shown = line if len(line) <= 40 else line[:40] + "..."
            raise AvailabilityError(
                f"{shown!r} is not an RFC 5545 recurrence rule; write e.g. FREQ=WEEKLY;BYDAY=SU"
            )
    if body is None:
        raise AvailabilityError("the rule has no RRULE part; write e.g. FREQ=WEEKLY;BYDAY=SU")
    return _rule(body, start)


def _start(line: str) -> Occurrence:
    match = START_LINE.fullmatch(line)
    if match is None:
        raise AvailabilityError(
            f"DTSTART {line!r} is not read; write DTSTART:20260105T020000 (local time), "
            "DTSTART;TZID=Europe/Amsterdam:20260105T020000 or DTSTART:20260105T010000Z"
        )
    zone_name, stamp, utc = match.group(2), match.group(3).upper(), match.group(4)
    wall = _stamp(stamp, "DTSTART")
    if utc and zone_name:
        raise AvailabilityError("DTSTART has both a TZID and a trailing Z; give one")
    return Occurrence(wall, "UTC" if utc else zone_name)


def _stamp(text: str, part: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y%m%dT%H%M%S")  # noqa: DTZ007 - wall time by design
    except ValueError:
        raise AvailabilityError(f"{part}={text} is not a real date and time") from None


def _rule(body: str, start: Occurrence | None) -> Rule:
    values: dict[str, str] = {}
    for item in body.split(";"):
        if not item.strip():
            continue  # a trailing ";" is harmless
        name, equals, value = item.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not equals or not value:
            raise AvailabilityError(f"rule part {item!r} has no value; write NAME=VALUE")
        if name not in PARTS:
            raise AvailabilityError(
                f"unknown rule part {name}; RFC 5545 rule parts are {', '.join(PARTS)}"
            )
        if name in values:
            raise AvailabilityError(f"{name} is given twice; give each rule part once")
        values[name] = value
    if "FREQ" not in values:
        raise AvailabilityError("the rule has no FREQ; write e.g. FREQ=WEEKLY;BYDAY=SU")
    if values["FREQ"] not in FREQUENCIES:
        raise AvailabilityError(
            f"FREQ={values['FREQ']} is not a frequency; FREQ takes {', '.join(FREQUENCIES)}"
        )
    freq = FREQUENCIES.index(values["FREQ"])
    if "COUNT" in values and "UNTIL" in values:
        raise AvailabilityError("COUNT and UNTIL cannot both be given (RFC 5545); give one")
    for part, frequencies in FORBIDDEN.items():
        if part in values and freq in frequencies:
            raise AvailabilityError(
                f"{part} cannot be used with FREQ={values['FREQ']} (RFC 5545); "
                f"it is allowed with FREQ="
                + ", ".join(f for i, f in enumerate(FREQUENCIES) if i not in frequencies)
            )
    if "BYSETPOS" in values and not any(
        part.startswith("BY") and part != "BYSETPOS" for part in values
    ):
        raise AvailabilityError("BYSETPOS needs another BY... part to pick from (RFC 5545)")
    lists = {part.lower(): _numbers(part, values[part]) for part in RANGES if part in values}
    return Rule(
        freq=freq,
        interval=_whole(values, "INTERVAL"),
        count=_whole(values, "COUNT") if "COUNT" in values else None,
        until=_until(values["UNTIL"]) if "UNTIL" in values else None,
        start=start,
        wkst=_weekday(values["WKST"], "WKST") if "WKST" in values else 0,
        byday=_days(values["BYDAY"], freq, "BYWEEKNO" in values) if "BYDAY" in values else (),
        **lists,
    )


def _whole(values: dict[str, str], part: str) -> int:
    text = values.get(part, "1")
    if not text.isdigit() or len(text) > 10 or not 1 <= int(text) <= MAX_NUMBER:
        raise AvailabilityError(
            f"{part}={text} is out of range: {part} takes a whole number from 1 to {MAX_NUMBER:,}"
        )
    return int(text)


def _numbers(part: str, text: str) -> tuple[int, ...]:
    low, high, signed = RANGES[part]
    allowed = f"{low} to {high}" + (f" or -{high} to -{low}" if signed else "")
    found = []
    for item in text.split(","):
        item = item.strip()
        number = int(item) if NUMBER.fullmatch(item) else None
        if number is None or not (low <= number <= high or (signed and -high <= number <= -low)):
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise AvailabilityError(f"{part}={shown} is out of range: {part} takes {allowed}")
        found.append(number)
    return tuple(sorted(set(found)))


def _weekday(text: str, part: str) -> int:
    if text not in WEEKDAYS:
        raise AvailabilityError(f"{part}={text} is not a weekday; use {', '.join(WEEKDAYS)}")
    return WEEKDAYS.index(text)


def _days(text: str, freq: int, weekno: bool) -> tuple[tuple[int, int], ...]:
    found = set()
    for item in text.split(","):
        match = DAY_ITEM.fullmatch(item.strip())
        if match is None or match.group(2) not in WEEKDAYS:
            raise AvailabilityError(
                f"BYDAY={text} is not read: each day is MO, TU, WE, TH, FR, SA or SU, "
                "with an optional ordinal such as 1MO or -1FR"
            )
        ordinal = int(match.group(1) or 0)
        if match.group(1) is not None:
            limit = {MONTHLY: 5, YEARLY: 53}.get(freq)
            if limit is None or weekno:
                where = "with BYWEEKNO" if weekno else f"with FREQ={FREQUENCIES[freq]}"
                raise AvailabilityError(
                    f"BYDAY={text}: an ordinal ({item.strip()}) cannot be used {where} "
                    "(RFC 5545); ordinals are for FREQ=MONTHLY or FREQ=YEARLY"
                )
            if not 1 <= abs(ordinal) <= limit:
                raise AvailabilityError(
                    f"BYDAY={text} is out of range: with FREQ={FREQUENCIES[freq]} an ordinal "
                    f"takes 1 to {limit} or -{limit} to -1"
                )
        found.add((WEEKDAYS.index(match.group(2)), ordinal))
    return tuple(sorted(found))


def _until(text: str) -> Occurrence:
    match = UNTIL_TEXT.fullmatch(text)
    if match is None:
        raise AvailabilityError(
            f"UNTIL={text} is not read; write UNTIL=20261231T235959Z (UTC), "
            "UNTIL=20261231T235959 (local) or UNTIL=20261231 (a local date, inclusive)"
        )
    if match.group(2) is None:
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d")  # noqa: DTZ007 - a local date
        except ValueError:
            raise AvailabilityError(f"UNTIL={text} is not a real date") from None
        return Occurrence(day, None, date_only=True)
    wall = _stamp(match.group(1) + "T" + match.group(3), "UNTIL")
    return Occurrence(wall, "UTC" if match.group(4) else None)


# -- expansion ----------------------------------------------------------------------------------


def expand(
    rule: Rule, first: datetime, zone: ZoneInfo, duration_us: int, low_us: int, high_us: int
) -> list[tuple[int, int]]:
    """Windows ``[occurrence, occurrence + duration)`` that touch ``[low_us, high_us)``.

    ``first`` is the rule's first local wall time (naive): the ``INTERVAL`` phase and
    ``COUNT`` start there and nothing occurs before it. Only the local days from
    ``duration`` (and a day) before ``low_us`` to a day after ``high_us`` are expanded,
    except that a rule with ``COUNT`` is counted from ``first``. Windows come back in
    µs since the epoch, sorted and merged where they overlap or touch.

    >>> amsterdam = ZoneInfo("Europe/Amsterdam")
    >>> week = (_us(datetime(2026, 3, 2, tzinfo=amsterdam)), _us(datetime(2026, 3, 9, tzinfo=amsterdam)))
    >>> hourly = parse_rule("FREQ=HOURLY;BYHOUR=9,10;BYDAY=MO")
    >>> [(b - week[0]) // 3_600_000_000 for b, _ in expand(hourly, datetime(2026, 1, 1), amsterdam, 1, *week)]
    [9, 10]
    """  # noqa: E501
    try:
        low_day = (_wall(low_us - duration_us, zone) - timedelta(days=1)).date()
    except OverflowError:
        low_day = date.min
    high_day = (_wall(high_us, zone) + timedelta(days=1)).date()
    first_day, first_offset = first.date(), _offset(first.time())
    until = _until_us(rule.until, zone)
    remaining = rule.count
    begin = first_day if remaining is not None else max(first_day, low_day)
    found: list[tuple[int, int]] = []
    for day, runs in _days_from(rule, first, begin, high_day):
        if day == first_day:
            runs = _group([at for at in _offsets(runs) if at >= first_offset])
        if remaining is not None:
            total = sum(count for _, _, count in runs)
            if total >= remaining:
                runs = _group(_offsets(runs)[:remaining])
            remaining -= min(total, remaining)
        if day >= low_day:
            _windows(found, day, runs, zone, duration_us, until, (low_us, high_us))
        if remaining == 0:
            break
    return normalise(found)


def _wall(us: int, zone: ZoneInfo) -> datetime:
    return from_us(us, zone).replace(tzinfo=None)


def _us(instant: datetime) -> int:
    return to_us(instant, "occurrence")


def _offset(moment: time) -> int:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds * US_PER_SECOND + moment.microsecond


def _until_us(until: Occurrence | None, zone: ZoneInfo) -> int | None:
    if until is None:
        return None
    if until.date_only:
        # A date is inclusive: up to the last microsecond of that local day.
        return Occurrence(until.wall + timedelta(days=1)).instant_us(zone) - 1
    return until.instant_us(zone)


def _offsets(runs: Sequence[Run]) -> list[int]:
    return sorted(first + k * step for first, step, count in runs for k in range(count))


def _group(values: Sequence[int]) -> list[Run]:
    """Sorted values as arithmetic runs: ``[0, 2, 4, 9]`` → ``[(0, 2, 3), (9, 1, 1)]``."""
    runs: list[Run] = []
    index = 0
    while index < len(values):
        first = values[index]
        if index + 1 == len(values):
            runs.append((first, 1, 1))
            break
        step = values[index + 1] - first
        end = index + 1
        while end + 1 < len(values) and values[end + 1] - values[end] == step:
            end += 1
        runs.append((first, step, end - index + 1))
        index = end + 1
    return runs


def _windows(
    found: list[tuple[int, int]],
    day: date,
    runs: Sequence[Run],
    zone: ZoneInfo,
    duration: int,
    until: int | None,
    touching: tuple[int, int],
) -> None:
    """Add each run's windows that touch ``[low, high)``, in real time, to ``found``."""
    low, high = touching
    midnight = datetime.combine(day, time())

    def instant(offset: int) -> int:
        return _us((midnight + timedelta(microseconds=offset)).replace(tzinfo=zone))

    pending = list(runs)
    while pending:
        first, step, count = pending.pop()
        begin = instant(first)
        if count > 1 and instant(first + (count - 1) * step) - begin != (count - 1) * step:
            # The run crosses a UTC offset change: split it until each part keeps one
            # offset (checked at both ends; a day never changes offset and back).
            half = count // 2
            pending += [(first, step, half), (first + half * step, step, count - half)]
            continue
        if until is not None:
            count = min(count, (until - begin) // step + 1)
        # Only the windows touching [low, high): start < high and start + duration > low.
        skip = max(0, (low - duration - begin) // step + 1)
        count = min(count, (high - begin - 1) // step + 1) - skip
        if count <= 0:
            continue
        begin += skip * step
        if step <= duration:
            found.append((begin, begin + (count - 1) * step + duration))
        else:
            found.extend((begin + k * step, begin + k * step + duration) for k in range(count))


# -- the days of a rule -------------------------------------------------------------------------


def _days_from(
    rule: Rule, first: datetime, begin: date, end: date
) -> Iterator[tuple[date, list[Run]]]:
    """Each local day in ``[begin, end]`` with occurrences, and their runs (µs into the day).

    The first-instant cut and ``COUNT`` are the caller's; this is the rule's pattern.
    """
    if rule.freq >= HOURLY:
        yield from _sub_daily(rule, first, begin, end)
    else:
        yield from _periods(rule, first, begin, end)


def _passes(rule: Rule, day: date) -> bool:
    """The day-level parts of a DAILY, WEEKLY or shorter rule (no ordinals there)."""
    if rule.bymonth and day.month not in rule.bymonth:
        return False
    if rule.byday and day.weekday() not in {weekday for weekday, _ in rule.byday}:
        return False
    if rule.bymonthday:
        length = _month_length(day.year, day.month)
        if day.day not in rule.bymonthday and day.day - length - 1 not in rule.bymonthday:
            return False
    if rule.byyearday:
        yearday = day.timetuple().tm_yday
        length = 366 if _month_length(day.year, 2) == 29 else 365
        if yearday not in rule.byyearday and yearday - length - 1 not in rule.byyearday:
            return False
    return True


def _month_length(year: int, month: int) -> int:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - date(year, month, 1)).days


def _pick(positions: tuple[int, ...], days: Sequence[int], times: Sequence[int]) -> list[int]:
    """BYSETPOS over the set ``days × times`` (as dateutil: position → day, time)."""
    chosen = set()
    for position in positions:
        day_index, time_index = divmod(position - 1 if position > 0 else position, len(times))
        if -len(days) <= day_index < len(days):
            chosen.add(days[day_index] + times[time_index])
    return sorted(chosen)


def _sub_daily(
    rule: Rule, first: datetime, begin: date, end: date
) -> Iterator[tuple[date, list[Run]]]:
    unit = {HOURLY: 3600, MINUTELY: 60, SECONDLY: 1}[rule.freq]
    per_day = 86_400 // unit
    hours = set(rule.byhour or range(24))
    minutes = set(rule.byminute or range(60))
    seconds = set(rule.bysecond or range(60))
    # The occurrences inside one slot (an hour, minute or second), in seconds.
    if rule.freq == HOURLY:
        inside = sorted(
            m * 60 + s
            for m in (rule.byminute or (first.minute,))
            for s in (rule.bysecond or (first.second,))
            if s < 60
        )
    elif rule.freq == MINUTELY:
        inside = sorted(s for s in rule.bysecond or (first.second,) if s < 60)
    else:
        inside = [0]
    if rule.bysetpos and inside:
        inside = _pick(rule.bysetpos, [0], inside)
    if not inside:
        return
    inside_us = [s * US_PER_SECOND + first.microsecond for s in inside]
    filtered = bool(
        rule.byhour
        or (rule.freq >= MINUTELY and rule.byminute)
        or (rule.freq == SECONDLY and rule.bysecond)
    )

    def allowed(slot: int) -> bool:
        second = slot * unit
        return (
            second // 3600 in hours
            and (second // 60) % 60 in minutes
            and (rule.freq < SECONDLY or second % 60 in seconds)
        )

    @cache
    def day_runs(phase: int) -> list[Run]:
        if filtered:
            slots = _group([slot for slot in range(phase, per_day, rule.interval) if allowed(slot)])
        else:
            slots = [(phase, rule.interval, len(range(phase, per_day, rule.interval)))]
        step = unit * US_PER_SECOND
        return [
            (slot * step + offset, interval * step, count)
            for slot, interval, count in slots
            if count
            for offset in inside_us
        ]

    first_slot = first.toordinal() * per_day + _offset(first.time()) // (unit * US_PER_SECOND)
    ordinal = begin.toordinal()
    while ordinal <= end.toordinal():
        day = date.fromordinal(ordinal)
        if _passes(rule, day):
            runs = day_runs((first_slot - ordinal * per_day) % rule.interval)
            if runs:
                yield day, runs
        ordinal += 1


def _periods(
    rule: Rule, first: datetime, begin: date, end: date
) -> Iterator[tuple[date, list[Run]]]:
    """YEARLY to DAILY: each period in phase, its selected days, then its times."""
    times = sorted(
        _offset(time(h, m, s, first.microsecond))
        for h in rule.byhour or (first.hour,)
        for m in rule.byminute or (first.minute,)
        for s in rule.bysecond or (first.second,)
        if s < 60
    )
    if not times:
        return
    every_day = _group(times)
    for days in _period_days(rule, first, begin, end):
        if rule.bysetpos:
            ordinals = [day.toordinal() * US_PER_DAY for day in days]
            chosen = _pick(rule.bysetpos, ordinals, times)
            by_day: dict[int, list[int]] = {}
            for moment in chosen:
                by_day.setdefault(moment // US_PER_DAY, []).append(moment % US_PER_DAY)
            for ordinal, offsets in sorted(by_day.items()):
                if begin.toordinal() <= ordinal <= end.toordinal():
                    yield date.fromordinal(ordinal), _group(offsets)
        else:
            for day in days:
                if begin <= day <= end:
                    yield day, every_day


def _period_days(rule: Rule, first: datetime, begin: date, end: date) -> Iterator[list[date]]:
    """The selected days of each period in phase that overlaps ``[begin, end]``."""
    start = max(begin, first.date())
    if rule.freq == DAILY:
        ordinal = start.toordinal()
        ordinal += -(ordinal - first.toordinal()) % rule.interval
        while ordinal <= end.toordinal():
            day = date.fromordinal(ordinal)
            if _passes(rule, day):
                yield [day]
            ordinal += rule.interval
    elif rule.freq == WEEKLY:
        weekdays = {weekday for weekday, _ in rule.byday} or {first.weekday()}
        only = Rule(freq=WEEKLY, bymonth=rule.bymonth)
        first_week = _week_start(first.toordinal(), rule.wkst)
        week = _week_start(start.toordinal(), rule.wkst)
        week += 7 * (-((week - first_week) // 7) % rule.interval)
        while week <= end.toordinal():
            # The first week starts at the first day (dateutil's set for BYSETPOS too).
            days = [
                date.fromordinal(ordinal)
                for ordinal in range(max(week, first.toordinal()), week + 7)
                if (ordinal - 1) % 7 in weekdays and _passes(only, date.fromordinal(ordinal))
            ]
            if days:
                yield days
            week += 7 * rule.interval
    else:
        yield from _calendar_periods(rule, first, start, end)


def _week_start(ordinal: int, wkst: int) -> int:
    # date.fromordinal(1) is a Monday, so an ordinal's weekday is (ordinal - 1) % 7.
    return ordinal - ((ordinal - 1) % 7 - wkst) % 7


def _calendar_periods(rule: Rule, first: datetime, start: date, end: date) -> Iterator[list[date]]:
    """MONTHLY and YEARLY: dateutil picks each period's days (ordinals, week numbers)."""
    months = 12 if rule.freq == YEARLY else 1
    first_index = (first.year * 12 + first.month - 1) // months
    index = (start.year * 12 + start.month - 1) // months
    index += -(index - first_index) % rule.interval
    days_rule = _days_rule(rule, first)
    while True:
        year, month = divmod(index * months, 12)
        if date(year, month + 1, 1) > end:
            return
        # Naive on purpose: dateutil works in local wall time.
        period_start = datetime(year, month + 1, 1)  # noqa: DTZ001
        days = [moment.date() for moment in days_rule(period_start)]
        if days:
            yield days
        index += rule.interval
        if (index * months) // 12 > 9998:
            return


def _days_rule(rule: Rule, first: datetime) -> _DaysOfPeriod:
    weekdays = [dateutil_rrule.weekday(day, ordinal or None) for day, ordinal in rule.byday]
    bymonth, bymonthday = rule.bymonth, rule.bymonthday
    if not (rule.byweekno or rule.byyearday or rule.bymonthday or rule.byday):
        # dateutil's (and RFC 5545's) defaults come from the first occurrence.
        bymonthday = (first.day,)
        if rule.freq == YEARLY and not bymonth:
            bymonth = (first.month,)
    return _DaysOfPeriod(
        freq=rule.freq,
        wkst=rule.wkst,
        bymonth=bymonth or None,
        bymonthday=bymonthday or None,
        byyearday=rule.byyearday or None,
        byweekno=rule.byweekno or None,
        byweekday=weekdays or None,
    )


@dataclass(frozen=True)
class _DaysOfPeriod:
    freq: int
    wkst: int
    bymonth: tuple[int, ...] | None
    bymonthday: tuple[int, ...] | None
    byyearday: tuple[int, ...] | None
    byweekno: tuple[int, ...] | None
    byweekday: list[dateutil_rrule.weekday] | None

    def __call__(self, period_start: datetime) -> list[datetime]:
        # An interval past year 9999 makes dateutil stop after this one period, even
        # when the following periods would all be empty (it would walk to 9999).
        return list(
            dateutil_rrule.rrule(
                dateutil_rrule.YEARLY if self.freq == YEARLY else dateutil_rrule.MONTHLY,
                dtstart=period_start,
                interval=12 * 10_000,
                wkst=self.wkst,
                bymonth=self.bymonth,
                bymonthday=self.bymonthday,
                byyearday=self.byyearday,
                byweekno=self.byweekno,
                byweekday=self.byweekday,
                byhour=0,
                byminute=0,
                bysecond=0,
            )
        )
