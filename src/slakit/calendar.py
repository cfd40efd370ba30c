"""Business calendars: when a support team is open, and business-time arithmetic.

A :class:`Calendar` is a timezone, weekly opening hours, holidays from the
``holidays`` package, and explicit extra closures and openings. Its queries
(:meth:`~Calendar.add`, :meth:`~Calendar.elapsed`, ...) run on a compiled
interval index (``slakit._index``), built lazily per year and shared by
equal calendars (a thousand contracts on the Dublin 12x5 calendar compile it
once).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> dublin = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "09:00-17:00"}, holidays="IE")
>>> friday_4pm = datetime(2026, 3, 13, 16, 0, tzinfo=ZoneInfo("Europe/Dublin"))
>>> dublin.add(friday_4pm, timedelta(hours=2))  # one hour on Friday, one on Monday
datetime.datetime(2026, 3, 16, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Dublin'))
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from itertools import pairwise
from threading import Lock
from typing import Annotated, Any, ClassVar, Literal, Self
from zoneinfo import ZoneInfo

from pydantic import (
    AwareDatetime,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapSerializer,
    WrapValidator,
    field_validator,
    model_validator,
)

from slakit._index import CompiledIndex, combine, compile_weekly_year
from slakit._model import (
    MISSING,
    SlakitModel,
    given,
    keys_as_written,
    string_keys,
)
from slakit._text import shown
from slakit._time import check_timezone, from_us, timedelta_of, to_duration_us, to_us
from slakit.durations import MAX_DURATION, DurationField, format_duration
from slakit.errors import (
    CalendarError,
    NaiveDatetimeError,
    NeverOpenError,
    RangeError,
    SlakitError,
)

__all__ = ["Calendar", "CombinedCalendar", "HolidaySpec", "WeeklyHours", "Window"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_MAX_CLOCK_TEXT = 16  # " 09:00 " with room to spare; longer text is refused unread
_DAY_NAMES = {
    **{day: i for i, day in enumerate(WEEKDAYS)},
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "tues": 1, "wednes": 2, "thur": 3, "thurs": 3,
}  # fmt: skip
_DAY_GROUPS = {"daily": range(7), "weekdays": range(5), "weekends": range(5, 7)}


def parse_clock(text: str, *, is_end: bool) -> int:
    """Minutes after local midnight of ``HH:MM`` (``24:00`` only as an end).

    >>> parse_clock("09:30", is_end=False), parse_clock("24:00", is_end=True)
    (570, 1440)
    """
    match = _CLOCK.match(text.strip()) if len(text) <= _MAX_CLOCK_TEXT else None
    if match is None:
        raise ValueError(f"{shown(text)} is not a time of day; write HH:MM, e.g. 09:00")
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes != 0):
        raise ValueError(f"{text!r} is not a time of day; hours go from 00:00 to 24:00")
    if hours == 24 and not is_end:
        raise ValueError(f"{text!r} can only end an interval; a day starts at 00:00")
    return hours * 60 + minutes


def parse_interval(text: str) -> tuple[int, int]:
    """``"09:00-17:00"`` as minutes ``(540, 1020)``; the end must follow the start.

    >>> parse_interval("22:00-24:00")
    (1320, 1440)
    >>> parse_interval("09:00-09:00")
    Traceback (most recent call last):
    ...
    ValueError: '09:00-09:00' is an empty interval: it ends when it starts; write e.g. 09:00-17:00
    """
    if not isinstance(text, str) or len(text) > 2 * _MAX_CLOCK_TEXT or text.count("-") != 1:
        raise ValueError(
            f"{shown(text)} is not an interval; write START-END as text, e.g. 09:00-17:00"
        )
    start_text, end_text = text.split("-")
    start, end = parse_clock(start_text, is_end=False), parse_clock(end_text, is_end=True)
    if end == start:
        raise ValueError(
            f"{text!r} is an empty interval: it ends when it starts; write e.g. 09:00-17:00"
        )
    if end < start:
        raise ValueError(
            f"{text!r} ends before it starts; an interval lies within one day "
            "(use 22:00-24:00 and 00:00-06:00 on the next day for a night shift)"
        )
    return start, end


def _format_interval(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def _parse_days(key: str) -> list[int]:
    """``"mon-fri"``, ``"sat"``, ``"mon,wed"``, ``"daily"`` as weekday numbers."""
    days: list[int] = []
    for part in key.lower().replace(" ", "").split(","):
        if part in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[part])
        elif "-" in part:
            first, _, last = part.partition("-")
            if first not in _DAY_NAMES or last not in _DAY_NAMES:
                raise ValueError(_unknown_day(part))
            a, b = _DAY_NAMES[first], _DAY_NAMES[last]
            days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif part in _DAY_NAMES:
            days.append(_DAY_NAMES[part])
        else:
            raise ValueError(_unknown_day(part))
    return days


def _intervals_of(spec: Any) -> list[str]:
    """One day's value in weekly hours, ``"09:00-17:00"`` or a list of such, checked."""
    intervals = list(spec) if isinstance(spec, list | tuple) else [spec]
    for item in intervals:
        if not isinstance(item, str):
            shown_item = "null" if item is None else shown(item)
            raise ValueError(
                f"{shown_item} is not an interval; write text such as '09:00-17:00', "
                "a list of such intervals, or [] for a day without hours"
            )
        parse_interval(item)
    return intervals


def _unknown_day(part: str) -> str:
    return (
        f"{shown(part)} is not a weekday; use mon, tue, wed, thu, fri, sat, sun, a range "
        "such as mon-fri, a list such as sat,sun, or daily / weekdays / weekends"
    )


_INTERVALS_SCHEMA = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


class WeeklyHours(SlakitModel):
    """Local opening hours per weekday, as sorted, non-overlapping ``HH:MM-HH:MM`` strings.

    Accepts a mapping whose keys are weekdays, ranges or lists of weekdays and
    whose values are one interval or a list of intervals:

    >>> hours = WeeklyHours.parse({"mon-fri": "09:00-17:00", "sat": ["10:00-12:00", "13:00-15:00"]})
    >>> hours.sat
    ('10:00-12:00', '13:00-15:00')
    >>> hours.minutes()[0]
    ((540, 1020),)
    """

    _error: ClassVar[type[CalendarError]] = CalendarError
    model_config = ConfigDict(json_schema_extra=keys_as_written(_INTERVALS_SCHEMA))

    mon: tuple[str, ...] = ()
    tue: tuple[str, ...] = ()
    wed: tuple[str, ...] = ()
    thu: tuple[str, ...] = ()
    fri: tuple[str, ...] = ()
    sat: tuple[str, ...] = ()
    sun: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: WeeklyHours | Mapping[str, Any]) -> WeeklyHours:
        """Build weekly hours from the mapping form (or return them unchanged)."""
        if isinstance(value, WeeklyHours):
            return value
        return cls(**value)

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            kind = "None" if value is None else type(value).__name__
            raise ValueError(
                f"weekly hours must be a mapping such as {{'mon-fri': '09:00-17:00'}}, not {kind}"
            )
        per_day: dict[str, list[str]] = {}
        # Each key is checked once, as written: a bad "mon-fri" value is one problem
        # (at hours.mon-fri), not five, and every bad key is reported at once.
        problems: list[tuple[str, str]] = []
        for key, spec in value.items():
            if not isinstance(key, str):
                problems.append((str(key), "is not a weekday; keys are strings such as 'mon-fri'"))
                continue
            try:
                days = _parse_days(key)
                intervals = _intervals_of(spec)
            except ValueError as error:
                problems.append((key, str(error)))
                continue
            for day in days:
                per_day.setdefault(WEEKDAYS[day], []).extend(intervals)
        if problems:
            # Raised with its problems so that the path reads hours.mon, not hours.
            invalid = CalendarError("; ".join(f"{key}: {message}" for key, message in problems))
            invalid.problems = problems
            raise invalid
        return per_day

    @field_validator("mon", "tue", "wed", "thu", "fri", "sat", "sun", mode="after")
    @classmethod
    def _normalise_day(cls, intervals: tuple[str, ...]) -> tuple[str, ...]:
        parsed = sorted(parse_interval(text) for text in intervals)
        for (a_start, a_end), (b_start, b_end) in pairwise(parsed):
            if b_start < a_end:
                raise ValueError(
                    f"{_format_interval(a_start, a_end)} and {_format_interval(b_start, b_end)} "
                    "overlap; intervals on one day must not overlap"
                )
        return tuple(_format_interval(start, end) for start, end in parsed)

    def minutes(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Per weekday (Monday first), the open intervals in minutes after midnight."""
        return tuple(tuple(parse_interval(text) for text in getattr(self, day)) for day in WEEKDAYS)

    def longest_day(self) -> timedelta:
        """The longest total daily opening of the week (nominal, ignoring DST)."""
        return timedelta(
            minutes=max(sum(end - start for start, end in day) for day in self.minutes())
        )


class HolidaySpec(SlakitModel):
    """Which public holidays close a calendar, from the ``holidays`` package.

    ``HolidaySpec.parse("US-TX")`` is Texas: US federal plus Texas state holidays.

    >>> HolidaySpec.parse("US-TX")
    HolidaySpec(country='US', subdivision='TX', categories=('public',))
    >>> sorted(HolidaySpec.parse("NL").dates(2026))[4]
    datetime.date(2026, 4, 27)
    """

    _error: ClassVar[type[CalendarError]] = CalendarError

    country: str
    subdivision: str | None = None
    categories: tuple[str, ...] = ("public",)

    @classmethod
    def parse(cls, value: HolidaySpec | str | Mapping[str, Any]) -> HolidaySpec:
        """Accept ``"NL"``, ``"US-TX"``, a mapping of the fields, or a spec."""
        if isinstance(value, HolidaySpec):
            return value
        if isinstance(value, str):
            country, _, subdivision = value.partition("-")
            return cls(country=country, subdivision=subdivision or None)
        return cls(**value)

    @model_validator(mode="after")
    def _check_known(self) -> HolidaySpec:
        if self.subdivision is None and self.categories == ("public",):
            # The common case is checked against the package's registry of names: building
            # the country's holidays would import every country module (~90 ms), which
            # ``import slakit`` and a contract that never asks for a date need not pay.
            if self.country not in _country_names():
                raise ValueError(
                    f"unknown holiday country {self.country!r}; use an ISO 3166 code "
                    "supported by the holidays package, e.g. US, IE, NL, SG"
                )
            return self
        holidays_package = _holidays()
        try:
            holidays_package.country_holidays(
                self.country, subdiv=self.subdivision, categories=self.categories
            )
        except NotImplementedError as error:
            if self.subdivision is None or self.country not in _countries():
                raise ValueError(
                    f"unknown holiday country {self.country!r}; use an ISO 3166 code "
                    "supported by the holidays package, e.g. US, IE, NL, SG"
                ) from error
            raise ValueError(
                f"{self.country} has no subdivision {self.subdivision!r}; known: "
                + ", ".join(_countries()[self.country])
            ) from error
        except ValueError as error:
            raise ValueError(f"holiday categories {self.categories}: {error}") from error
        return self

    @property
    def years(self) -> range:
        """The years the ``holidays`` package has data for, for this country.

        >>> HolidaySpec.parse("NL").years
        range(1966, 2101)
        """
        return _supported_years(self.country, self.subdivision, self.categories)

    @property
    def source(self) -> str:
        """The spelling :meth:`parse` reads: ``"US-TX"``, ``"NL"`` (categories aside).

        >>> HolidaySpec(country="US", subdivision="TX").source
        'US-TX'
        """
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates in ``year`` (cached, plain data).

        Raises:
            CalendarError: the ``holidays`` package has no data for ``year``.
        """
        return frozenset(self.named(year))

    def named(self, year: int) -> dict[date, str]:
        """The holidays of ``year`` with their names, in date order.

        >>> HolidaySpec.parse("US").named(2101)
        Traceback (most recent call last):
        ...
        slakit.errors.CalendarError: the holidays package has no US holidays for 2101; \
it has them for 1777 to 2100, so a calendar with these holidays cannot answer for 2101

        Raises:
            CalendarError: the ``holidays`` package has no data for ``year``
                (rather than silently having no holidays that year).
        """
        years = self.years
        if year not in years:
            raise CalendarError(
                f"the holidays package has no {self.source} holidays for {year}; it has them for "
                f"{years.start} to {years.stop - 1}, so a calendar with these holidays "
                f"cannot answer for {year}"
            )
        return _holidays_of(self.country, self.subdivision, self.categories, year)


def _holidays() -> Any:
    """The ``holidays`` package, imported on first need (it is not needed to import slakit)."""
    import holidays

    return holidays


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Every name ``holidays.country_holidays`` resolves (codes, aliases, class names),
    from the package's registry, without importing a country module."""
    from holidays.registry import COUNTRIES

    return frozenset(name for names in COUNTRIES.values() for name in names)


@lru_cache(maxsize=1)
def _countries() -> dict[str, list[str]]:
    # Imports every country module: only when a subdivision needs checking.
    return dict(_holidays().list_supported_countries())


@lru_cache(maxsize=256)
def _supported_years(country: str, subdivision: str | None, categories: tuple[str, ...]) -> range:
    # The package's own range: outside it, country_holidays silently returns nothing.
    found = _holidays().country_holidays(country, subdiv=subdivision, categories=categories)
    return range(found.start_year, found.end_year + 1)


@lru_cache(maxsize=4096)
def _holidays_of(
    country: str, subdivision: str | None, categories: tuple[str, ...], year: int
) -> dict[date, str]:
    # Resolved once per year into plain data: a live HolidayBase mutates as it is queried.
    found = _holidays().country_holidays(
        country, subdiv=subdivision, categories=categories, years=year
    )
    return dict(sorted(found.items()))


class Window(SlakitModel):
    """An explicit ``[start, end)`` range of instants (aware datetimes).

    >>> from datetime import timezone
    >>> new_year = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> Window(start=new_year + timedelta(days=1), end=new_year)
    Traceback (most recent call last):
    ...
    slakit.errors.CalendarError: invalid Window: window ends (2026-01-01 00:00:00+00:00) \
before it starts (2026-01-02 00:00:00+00:00)
    """

    _error: ClassVar[type[SlakitError]] = CalendarError
    _noun: ClassVar[str] = "window"  # how errors name it; subclasses are outages and such

    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
            return {"start": value[0], "end": value[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        # Compare instants: same-tzinfo comparison ignores fold (DST overlaps).
        if to_us(self.end, "end") < to_us(self.start, "start"):
            raise ValueError(f"{self._noun} ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def length(self) -> timedelta:
        """Real elapsed time from start to end."""
        return timedelta_of(to_us(self.end, "end") - to_us(self.start, "start"))


_DayOrWindow = date | Window

# ``business_day`` when not given: filled in when the calendar is built (from its hours
# or its parts). Never accepted from a caller: an explicit zero is refused.
_NOT_GIVEN = timedelta(0)


def _business_day(value: Any, handler: ValidatorFunctionWrapHandler) -> timedelta:
    """An explicit ``business_day``: longer than zero, and never a float or a bool."""
    if value is None:  # not given (a calendar without hours dumps it as null)
        return _NOT_GIVEN
    if isinstance(value, float | bool):
        raise ValueError(
            f"{value!r} is not a length of time; give a timedelta, ISO 8601 text "
            '("PT8H"), duration text ("8h") or whole seconds as an int'
        )
    length: timedelta = handler(value)
    if length <= timedelta(0):
        raise ValueError(f"must be longer than zero, got {format_duration(length, days=False)}")
    return length


def _dump_business_day(value: timedelta, handler: SerializerFunctionWrapHandler) -> Any:
    # Zero only on a calendar with no hours and no explicit value: dumped as "not given".
    return None if value == _NOT_GIVEN else handler(value)


BusinessDayField = Annotated[
    DurationField, WrapValidator(_business_day), WrapSerializer(_dump_business_day)
]
"""A calendar's ``business_day``: a length longer than zero, or ``None``/null for "not
given" (the calendar fills in its longest day)."""


class _CalendarQueries:
    """The business-time questions, answered from the compiled index.

    Shared by :class:`Calendar` and :class:`CombinedCalendar`.
    """

    business_day: timedelta

    @cached_property
    def compiled(self) -> CompiledIndex:
        """The calendar's compiled interval index, for in-package hot paths.

        The same questions as :meth:`add`, :meth:`elapsed`, :meth:`is_open`,
        :meth:`next_open` and :meth:`open_intervals`, asked in integer
        microseconds since the epoch with no timezone checks: ticket clocks
        ask it thousands of times per ticket file. Built once for equal
        calendars (they share one index: see :func:`shared_index`), compiling
        each year the first time a query reaches it.

        >>> from datetime import datetime, timezone
        >>> calendar = Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
        >>> monday_9am = int(datetime(2026, 3, 2, 9, tzinfo=timezone.utc).timestamp()) * 10**6
        >>> calendar.compiled.elapsed(monday_9am, monday_9am + 24 * 3600 * 10**6) // 10**6
        28800
        """
        assert isinstance(self, Calendar | CombinedCalendar)  # the only two kinds
        return shared_index(self)

    def _compile_year(self, year: int) -> list[tuple[int, int]]:
        raise NotImplementedError

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The deadline: the earliest instant when ``duration`` of open time has passed.

        Work that ends exactly at closing time is due at closing time;
        ``add(start, timedelta(0)) == start``. A negative duration counts back
        to the latest instant that much open time before ``start``. The
        result is in the timezone of ``start``.

        Raises:
            NaiveDatetimeError: ``start`` has no timezone.
            NeverOpenError: the calendar has no open time in the range searched.
        """
        start_us = to_us(start, "start")
        return from_us(
            self.compiled.add(start_us, to_duration_us(duration, "duration")), start.tzinfo
        )

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time in ``[start, end)``; negative when ``end`` is before ``start``."""
        return timedelta_of(self.compiled.elapsed(to_us(start, "start"), to_us(end, "end")))

    def is_open(self, instant: datetime) -> bool:
        """Whether the calendar is open at ``instant`` (opening instants are open)."""
        return self.compiled.is_open(to_us(instant, "instant"))

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` if open, else the next opening, in the timezone of ``instant``."""
        return from_us(self.compiled.next_open(to_us(instant, "instant")), instant.tzinfo)

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """``add(start, days × business_day)``: five business days from Tuesday 10:00 is
        next Tuesday 10:00 on a uniform Mon–Fri calendar.

        Raises:
            NeverOpenError: the calendar has no weekly hours, so a business day has no length.
            RangeError: more than 100 years of business days (``timedelta`` would overflow).
        """
        if days and not self.business_day:
            raise NeverOpenError(
                "the calendar has no weekly opening hours, so a business day has no length; "
                "give business_day explicitly"
            )
        if days and abs(days) > MAX_DURATION // self.business_day:
            raise RangeError(
                f"{days} business days is more than 100 years of business time, the longest "
                "duration slakit accepts"
            )
        return self.add(start, days * self.business_day)

    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open ``[open, close)`` intervals within ``[start, end)``, clipped to it."""
        start_us, end_us = to_us(start, "start"), to_us(end, "end")  # checked now, not lazily
        tz = start.tzinfo
        return (
            (from_us(open_us, tz), from_us(close_us, tz))
            for open_us, close_us in self.compiled.intervals(start_us, end_us)
        )

    def __or__(self, other: object) -> CombinedCalendar:
        if not isinstance(other, Calendar | CombinedCalendar):
            return NotImplemented
        return CombinedCalendar(operation="union", calendars=(self, other))

    def __and__(self, other: object) -> CombinedCalendar:
        if not isinstance(other, Calendar | CombinedCalendar):
            return NotImplemented
        return CombinedCalendar(operation="intersection", calendars=(self, other))


SHARED_INDEXES = 64
"""How many calendars' compiled indexes :func:`shared_index` keeps (the least recently
asked for goes first; a calendar that already has its index keeps it)."""

_shared: OrderedDict[tuple[type, str], CompiledIndex] = OrderedDict()
_shared_lock = Lock()


def shared_index(calendar: Calendar | CombinedCalendar) -> CompiledIndex:
    """The compiled index of ``calendar``, one for all calendars written the same way.

    Equal calendars (every contract served from the same region and coverage)
    answer from one index and compile each year once between them. The index
    is keyed on the calendar's type and JSON text, not on ``==``: two
    :class:`Window` instants in a DST overlap that differ only in ``fold``
    compare equal but are different instants, and their JSON offsets tell
    them apart. The cache holds the :data:`SHARED_INDEXES` most recently
    asked for (no time, only what calendars are), beside the smaller caches
    of holiday data; :func:`clear_shared_indexes` empties it. A pickled
    calendar carries its own copy of its index and no longer shares it.

    >>> a = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"}, holidays="IE")
    >>> b = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"}, holidays="IE")
    >>> a is b, a.compiled is b.compiled
    (False, True)
    """
    key = (type(calendar), calendar.model_dump_json())
    with _shared_lock:
        index = _shared.get(key)
        if index is not None:
            _shared.move_to_end(key)
            return index
        index = _shared[key] = CompiledIndex(calendar._compile_year)
        if len(_shared) > SHARED_INDEXES:
            _shared.popitem(last=False)
        return index


def clear_shared_indexes() -> None:
    """Forget every shared index (calendars that already have theirs keep them).

    >>> clear_shared_indexes()
    """
    with _shared_lock:
        _shared.clear()


class Calendar(_CalendarQueries, SlakitModel):
    """When a support team is open: timezone, weekly hours, holidays, closures, openings.

    Args:
        timezone: IANA zone name, e.g. ``"Europe/Amsterdam"``.
        hours: weekly hours, ``{"mon-fri": "09:00-17:00"}``; several intervals a
            day allowed, ``24:00`` allowed as an end.
        holidays: ``"NL"``, ``"US-TX"``, or a :class:`HolidaySpec`; a holiday
            closes its whole local day.
        closed: extra closed local dates, or :class:`Window` ranges of instants.
        opened: extra open local dates (worked on that weekday's hours, or the
            longest weekday's hours on a day that has none, such as a Saturday
            make-up day; they override holidays; a date may not be both closed
            and opened) or
            :class:`Window` ranges, open whatever the hours say.
        business_day: the length of one business day for
            :meth:`add_business_days` (a timedelta, ISO 8601 or duration text, or
            whole seconds as an int; longer than zero); by default (``None``) the
            longest daily opening.

    Explicit closed windows win over opened windows.

    >>> cal = Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
    >>> cal.business_day
    datetime.timedelta(seconds=28800)
    >>> Calendar(timezone="UTC", hours={"mon": "25:00-26:00"})
    Traceback (most recent call last):
    ...
    slakit.errors.CalendarError: invalid Calendar: hours.mon: '25:00' is not a time of day; ...
    """

    _error: ClassVar[type[CalendarError]] = CalendarError

    timezone: str
    hours: WeeklyHours
    holidays: HolidaySpec | None = None
    closed: tuple[_DayOrWindow, ...] = ()
    opened: tuple[_DayOrWindow, ...] = ()
    business_day: BusinessDayField = Field(default=_NOT_GIVEN)

    def __init__(
        self,
        timezone: str = MISSING,
        hours: WeeklyHours | Mapping[str, Any] = MISSING,
        holidays: HolidaySpec | str | Mapping[str, Any] | None = None,
        closed: Sequence[date | Window | tuple[datetime, datetime]] = (),
        opened: Sequence[date | Window | tuple[datetime, datetime]] = (),
        business_day: timedelta | None = None,
        **unknown: Any,
    ) -> None:
        # Unknown keys go on to pydantic, which rejects them by name (extra="forbid").
        super().__init__(
            **unknown,
            **given(timezone=timezone, hours=hours),
            holidays=holidays,
            closed=tuple(closed),
            opened=tuple(opened),
            business_day=business_day,
        )

    @field_validator("timezone", mode="before")
    @classmethod
    def _known_zone(cls, name: Any) -> str:
        return check_timezone(name)

    @field_validator("hours", mode="before")
    @classmethod
    def _hours_keys(cls, value: Any) -> Any:
        return string_keys(value)

    @field_validator("holidays", mode="before", json_schema_input_type=str | HolidaySpec | None)
    @classmethod
    def _parse_holidays(cls, value: Any) -> Any:
        if isinstance(value, str):
            return HolidaySpec.parse(value)
        return value

    @field_validator("closed", "opened", mode="before")
    @classmethod
    def _pairs_to_windows(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, Sequence) or isinstance(value, str):
            return value
        items = []
        for position, item in enumerate(value):
            if isinstance(item, tuple | list | Mapping):
                try:
                    item = Window.model_validate(item)
                except NaiveDatetimeError:
                    where = f"{cls.__name__}.{info.field_name}[{position}]"
                    raise NaiveDatetimeError(where) from None
                except CalendarError as error:
                    message = str(error).removeprefix("invalid Window: ")
                    raise ValueError(f"item {position}: {message}") from None
            items.append(item)
        return tuple(items)

    @model_validator(mode="after")
    def _check(self) -> Calendar:
        both = {d for d in self.closed if isinstance(d, date)} & {
            d for d in self.opened if isinstance(d, date)
        }
        if both:
            raise ValueError(
                "dates both closed and opened: " + ", ".join(str(d) for d in sorted(both))
            )
        if self.business_day == _NOT_GIVEN:
            # Filled in once so that the model states the value it uses.
            object.__setattr__(self, "business_day", self.hours.longest_day())
        return self

    @classmethod
    def always(cls, timezone: str = "UTC") -> Calendar:
        """Open all the time (the ``24x7`` wall clock): elapsed equals real time.

        >>> from datetime import timezone
        >>> start = datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc)
        >>> Calendar.always().add(start, timedelta(hours=2))
        datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.timezone.utc)
        """
        return cls(timezone=timezone, hours={"daily": "00:00-24:00"})

    @cached_property
    def zone(self) -> ZoneInfo:
        """The calendar's timezone as a ``ZoneInfo``."""
        return ZoneInfo(self.timezone)

    def _compile_year(self, year: int) -> list[tuple[int, int]]:
        return compile_weekly_year(self, year)


def _calendar_kind(value: Any) -> str:
    if isinstance(value, CombinedCalendar) or (isinstance(value, Mapping) and "operation" in value):
        return "combined"
    return "weekly"


# Either kind of calendar, told apart by shape, so that a bad calendar is reported
# with its own problems rather than with the other kind's as well.
AnyCalendar = Annotated[
    Annotated["Calendar", Tag("weekly")] | Annotated["CombinedCalendar", Tag("combined")],
    Discriminator(_calendar_kind),
]


class CombinedCalendar(_CalendarQueries, SlakitModel):
    """The union (``a | b``: open when either is) or intersection (``a & b``) of calendars.

    A follow-the-sun calendar is ``austin | dublin | singapore``. Its
    ``business_day`` is the longest of the parts for a union, the shortest for
    an intersection.

    >>> utc = Calendar(timezone="UTC", hours={"mon-fri": "08:00-12:00"})
    >>> late = Calendar(timezone="UTC", hours={"mon-fri": "10:00-16:00"})
    >>> from datetime import timezone
    >>> monday = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> tuesday = monday + timedelta(days=1)
    >>> (utc | late).elapsed(monday, tuesday), (utc & late).elapsed(monday, tuesday)
    (datetime.timedelta(seconds=28800), datetime.timedelta(seconds=7200))
    """

    _error: ClassVar[type[CalendarError]] = CalendarError

    operation: Literal["union", "intersection"]
    calendars: tuple[AnyCalendar, ...] = Field(min_length=1)
    business_day: BusinessDayField = Field(default=_NOT_GIVEN)

    @model_validator(mode="after")
    def _fill_business_day(self) -> CombinedCalendar:
        if self.business_day == _NOT_GIVEN:
            lengths = [calendar.business_day for calendar in self.calendars]
            chosen = max(lengths) if self.operation == "union" else min(lengths)
            object.__setattr__(self, "business_day", chosen)
        return self

    def _compile_year(self, year: int) -> list[tuple[int, int]]:
        parts = [calendar._compile_year(year) for calendar in self.calendars]
        return combine(parts, self.operation)
