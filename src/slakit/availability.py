"""Periods, outages, scheduled maintenance and exact availability.

Availability of a period = 1 − downtime / period length, as an exact
``Fraction``. Outages are clipped to the period and merged where they
overlap; scheduled maintenance (explicit windows, or RFC 5545 recurrence
rules through ``dateutil.rrule``) is not downtime. A period's length is real
elapsed time: March 2026 in Europe/Amsterdam has 743 hours.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> month = Month(2026, 3, "Europe/Amsterdam")
>>> month.length / timedelta(hours=1)
743.0
>>> thirty_days = Period(start=datetime(2026, 4, 1, tzinfo=ZoneInfo("UTC")),
...                      end=datetime(2026, 5, 1, tzinfo=ZoneInfo("UTC")))
>>> allowed_downtime("99.9%", thirty_days.length)
datetime.timedelta(seconds=2592)
>>> outage = Outage(start=datetime(2026, 4, 10, 12, 0, tzinfo=ZoneInfo("UTC")),
...                 end=datetime(2026, 4, 10, 12, 43, 12, tzinfo=ZoneInfo("UTC")))
>>> result = availability([outage], thirty_days)
>>> result.ratio, result.percent
(Fraction(999, 1000), Decimal('99.9000'))
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule
from pydantic import AwareDatetime, field_validator, model_validator

from slakit._index import intersect, normalise, subtract
from slakit._model import MISSING, SlakitModel, given
from slakit._time import ONE_US, US_PER_MINUTE, from_us, timedelta_of, to_us
from slakit.calendar import Window
from slakit.credit_policy import parse_percent
from slakit.durations import DurationField
from slakit.errors import AvailabilityError, SlakitError

__all__ = [
    "Availability",
    "MaintenanceRule",
    "MaintenanceWindow",
    "Month",
    "Outage",
    "Period",
    "allowed_downtime",
    "availability",
    "burn_rate",
    "error_budget_remaining",
]


class Period(SlakitModel):
    """A half-open span of time ``[start, end)``."""

    _error: ClassVar[type[SlakitError]] = AvailabilityError

    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if to_us(self.end, "end") <= to_us(self.start, "start"):
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def length(self) -> timedelta:
        """Real elapsed time from start to end (DST changes included)."""
        return timedelta_of(self.bounds_us[1] - self.bounds_us[0])

    @cached_property
    def bounds_us(self) -> tuple[int, int]:
        """``(start, end)`` in microseconds since the epoch."""
        return to_us(self.start, "start"), to_us(self.end, "end")

    def contains(self, instant: datetime) -> bool:
        """Whether ``instant`` lies in ``[start, end)``."""
        start, end = self.bounds_us
        return start <= to_us(instant, "instant") < end

    @property
    def label(self) -> str:
        """A short name for reports."""
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


class Month(Period):
    """A calendar month in a timezone, e.g. ``Month(2026, 10, "Europe/Dublin")``.

    >>> Month.parse("2026-10", "UTC").label
    'October 2026'
    """

    year: int
    month: int
    timezone: str

    def __init__(
        self, year: int = MISSING, month: int = MISSING, timezone: str = "UTC", **other: Any
    ) -> None:
        # start and end (as in a JSON dump) are recomputed; anything else is rejected.
        other.pop("start", None)
        other.pop("end", None)
        fields = given(year=year, month=month, timezone=timezone)
        if len(fields) == 3:
            try:
                fields.update(_bounds(year, month, timezone))
            except ValueError as error:
                raise AvailabilityError(f"invalid Month: {error}") from None
        super().__init__(**other, **fields)

    @classmethod
    def parse(cls, text: str, timezone: str = "UTC") -> Month:
        """``"2026-10"`` as the month in ``timezone``."""
        try:
            year_text, month_text = text.strip().split("-")
            return cls(int(year_text), int(month_text), timezone)
        except ValueError:
            raise AvailabilityError(
                f"{text!r} is not a month; write YYYY-MM, e.g. 2026-10"
            ) from None

    @model_validator(mode="before")
    @classmethod
    def _compute_bounds(cls, value: Any) -> Any:
        if isinstance(value, dict) and {"year", "month", "timezone"} <= value.keys():
            return {**value, **_bounds(value["year"], value["month"], value["timezone"])}
        return value

    @property
    def label(self) -> str:
        """``"October 2026"``."""
        return f"{stdlib_calendar.month_name[self.month]} {self.year}"

    def next(self) -> Month:
        """The month after this one, in the same timezone."""
        year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return Month(year, month, self.timezone)


def _bounds(year: Any, month: Any, timezone: Any) -> dict[str, datetime]:
    try:
        zone = ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {timezone!r}; use an IANA name such as UTC") from None
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, got {month!r}")
    if not isinstance(year, int) or not 1900 <= year <= 2998:
        raise ValueError(f"year must be 1900 to 2998, got {year!r}")
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "start": datetime(year, month, 1, tzinfo=zone),
        "end": datetime(*following, 1, tzinfo=zone),
    }


class Outage(Window):
    """An interval of unplanned downtime ``[start, end)``."""

    _error: ClassVar[type[SlakitError]] = AvailabilityError
    _noun: ClassVar[str] = "the outage"

    id: str = ""
    description: str = ""


class MaintenanceWindow(Window):
    """An explicit scheduled maintenance window ``[start, end)``: not downtime."""

    _error: ClassVar[type[SlakitError]] = AvailabilityError
    _noun: ClassVar[str] = "the window"

    description: str = ""

    def windows(self, period: Period) -> list[tuple[int, int]]:
        """This window in microseconds (maintenance rules need the period; a window does not)."""
        return [(to_us(self.start, "start"), to_us(self.end, "end"))]


class MaintenanceRule(SlakitModel):
    """Recurring maintenance: an RFC 5545 rule, a local start time, a duration and a zone.

    "Every Sunday 02:00–04:00 Europe/Amsterdam":

    >>> sundays = MaintenanceRule(rule="FREQ=WEEKLY;BYDAY=SU", at="02:00",
    ...                           duration="2h", timezone="Europe/Amsterdam")
    >>> windows = sundays.windows(Month(2026, 3, "Europe/Amsterdam"))
    >>> len(windows), from_us(windows[0][0], ZoneInfo("Europe/Amsterdam")).isoformat()
    (5, '2026-03-01T02:00:00+01:00')

    Occurrences are local wall times (a time inside a DST gap resolves with
    ``fold=0``) and last ``duration`` of real time. ``since`` anchors rules
    with an ``INTERVAL`` or ``COUNT``.
    """

    _error: ClassVar[type[SlakitError]] = AvailabilityError

    rule: str
    at: time = time(0, 0)
    duration: DurationField
    timezone: str = "UTC"
    since: date = date(2000, 1, 1)
    description: str = ""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {name!r}; use an IANA name") from None
        return name

    @model_validator(mode="after")
    def _parsable(self) -> MaintenanceRule:
        if self.duration <= timedelta(0):
            raise ValueError(f"a maintenance duration must be positive, got {self.duration}")
        try:
            self._recurrence()
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"{self.rule!r} is not an RFC 5545 recurrence rule ({error}); "
                "write e.g. FREQ=WEEKLY;BYDAY=SU"
            ) from None
        return self

    def _recurrence(self) -> rrule.rrule | rrule.rruleset:
        text = self.rule.strip().removeprefix("RRULE:")
        start = datetime.combine(self.since, self.at)
        return rrule.rrulestr(text, dtstart=start)

    def windows(self, period: Period) -> list[tuple[int, int]]:
        """The occurrences that can touch ``period``, in microseconds."""
        zone = ZoneInfo(self.timezone)
        start_us, end_us = period.bounds_us
        # Local naive bounds with a day of margin: rrule works in wall time.
        low = from_us(start_us, zone).replace(tzinfo=None) - self.duration - timedelta(days=1)
        high = from_us(end_us, zone).replace(tzinfo=None) + timedelta(days=1)
        length = self.duration // timedelta(microseconds=1)
        found = []
        for occurrence in self._recurrence().between(low, high, inc=True):
            begin = to_us(occurrence.replace(tzinfo=zone), "occurrence")
            found.append((begin, begin + length))
        return found


Maintenance = MaintenanceWindow | MaintenanceRule


AnyPeriod = Month | Period
"""A month or a general period; a field of this type keeps a Month a Month in JSON."""


class Availability(SlakitModel):
    """The availability of a period: exact ratio, display percent, downtime and its intervals."""

    period: AnyPeriod
    ratio: Fraction
    downtime: timedelta
    maintenance_excluded: timedelta
    outages: tuple[tuple[AwareDatetime, AwareDatetime], ...]

    @property
    def percent(self) -> Decimal:
        """The ratio as a percentage, rounded down to 4 places (never overstated)."""
        exact = Decimal(self.ratio.numerator * 100) / Decimal(self.ratio.denominator)
        return exact.quantize(Decimal("0.0001"), rounding=ROUND_FLOOR)


def availability(
    outages: Iterable[Outage],
    period: Period,
    maintenance: Iterable[Maintenance] = (),
    *,
    granularity: Literal["microsecond", "minute"] = "microsecond",
    minimum_outage: timedelta = timedelta(0),
) -> Availability:
    """Exact availability of ``period`` given outages and scheduled maintenance.

    Args:
        outages: unplanned downtime; clipped to the period, merged where they overlap.
        period: a :class:`Period` or :class:`Month`.
        maintenance: windows or recurrence rules that are not downtime.
        granularity: ``"minute"`` counts every minute an outage touches as whole.
        minimum_outage: outages shorter than this (their full length) are ignored.
    """
    start, end = period.bounds_us
    minimum = minimum_outage // timedelta(microseconds=1)
    raw = []
    for position, outage in enumerate(outages):
        if not isinstance(outage, Outage):
            raise TypeError(f"outage {position} is a {type(outage).__name__}, not an Outage")
        begin, finish = to_us(outage.start, "outage.start"), to_us(outage.end, "outage.end")
        if finish - begin >= minimum and finish > begin:
            raw.append((begin, finish))
    down = normalise(raw)
    if granularity == "minute":
        down = normalise((b - b % US_PER_MINUTE, f + (-f) % US_PER_MINUTE) for b, f in down)
    planned = normalise(window for item in maintenance for window in item.windows(period))
    counted = intersect(subtract(down, planned), [(start, end)])
    excluded = intersect(intersect(down, planned), [(start, end)])
    downtime = sum(f - b for b, f in counted)
    length = end - start
    tz = period.start.tzinfo
    return Availability(
        period=period,
        ratio=Fraction(length - downtime, length),
        downtime=timedelta_of(downtime),
        maintenance_excluded=timedelta_of(sum(f - b for b, f in excluded)),
        outages=tuple((from_us(b, tz), from_us(f, tz)) for b, f in counted),
    )


def allowed_downtime(target: Decimal | str, length: timedelta) -> timedelta:
    """The downtime a target allows over a length (rounded down to a microsecond).

    >>> allowed_downtime("99.9%", timedelta(days=365)) / timedelta(hours=1)
    8.76
    """
    fraction = Fraction(parse_percent(target))
    us = length // timedelta(microseconds=1)
    return timedelta_of(int((1 - fraction) * us))


def error_budget_remaining(result: Availability, target: Decimal | str) -> timedelta:
    """Allowed downtime for the period less the downtime so far (negative when overspent)."""
    return allowed_downtime(target, result.period.length) - result.downtime


def burn_rate(
    result: Availability, target: Decimal | str, observed: timedelta | None = None
) -> Fraction:
    """How fast the error budget burns: 1 spends exactly the budget over the period.

    ``observed`` is how much of the period has passed (the whole period by default).
    """
    observed = result.period.length if observed is None else observed
    budget_share = 1 - Fraction(parse_percent(target))
    if budget_share == 0 or observed <= timedelta(0):
        raise AvailabilityError("a burn rate needs a target below 100% and a positive span")
    spent = Fraction(result.downtime // ONE_US, observed // ONE_US)
    return spent / budget_share
