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
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, ClassVar, Literal, NamedTuple
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, ValidationInfo, field_validator, model_validator

from slakit import _html
from slakit._index import intersect, normalise, subtract
from slakit._model import MISSING, FixedInstant, SlakitModel, given
from slakit._text import id_list, shown
from slakit._time import (
    ONE_US,
    US_PER_DAY,
    US_PER_MINUTE,
    check_timezone,
    from_us,
    timedelta_of,
    to_duration_us,
    to_us,
)
from slakit.calendar import Window
from slakit.durations import DurationField
from slakit.errors import AvailabilityError, SlakitError, UsageError, WrongTypeError
from slakit.percent import parse_percent
from slakit.recurrence import Occurrence, expand, parse_rule

__all__ = [
    "Availability",
    "MaintenanceRule",
    "MaintenanceWindow",
    "Month",
    "Outage",
    "OutageDowntime",
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
        """``"2026-10"`` as the month in ``timezone``.

        >>> Month.parse("2026-13")
        Traceback (most recent call last):
        ...
        slakit.errors.AvailabilityError: invalid Month: month must be 1 to 12, got 13

        Raises:
            AvailabilityError: not ``YYYY-MM`` text, or a month or year out of range.
        """
        # Only the reading is inside the try: a month out of range (2026-13) is
        # reported by the constructor as such, not as a format error.
        try:
            year_text, month_text = str(text).strip().split("-")
            year, month = int(year_text), int(month_text)
        except ValueError:
            raise AvailabilityError(
                f"{shown(text)} is not a month; write YYYY-MM, e.g. 2026-10"
            ) from None
        return cls(year, month, timezone)

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

    @property
    def iso(self) -> str:
        """``"2026-10"``: the month as ISO 8601 writes it (what :meth:`parse` reads).

        >>> Month(2026, 3, "Europe/Amsterdam").iso
        '2026-03'
        """
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        """The month after this one, in the same timezone."""
        year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return Month(year, month, self.timezone)


def _bounds(year: Any, month: Any, timezone: Any) -> dict[str, datetime]:
    zone = ZoneInfo(check_timezone(timezone))
    # A bool is an int to Python, but Month(2026, True) is a mistake, not January.
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, got {month!r}")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2998:
        why = (
            f" (a month of {year} would end in 3000 or later, outside the years slakit "
            "computes, 1900 to 2999)"
            if isinstance(year, int) and not isinstance(year, bool) and year > 2998
            else ""
        )
        raise ValueError(f"year must be 1900 to 2998, got {year!r}{why}")
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "start": datetime(year, month, 1, tzinfo=zone),
        "end": datetime(*following, 1, tzinfo=zone),
    }


class Outage(Window):
    """An interval of unplanned downtime ``[start, end)``.

    A zero-length outage (``start == end``) is accepted and ignored by
    :func:`availability`: it costs nothing, joins no other outage, is never
    rounded up to a whole minute and is not named in ``counted_outages``.

    >>> from datetime import UTC
    >>> Outage(start=datetime(2026, 4, 1, tzinfo=UTC), end=datetime(2026, 4, 1, 1, tzinfo=UTC),
    ...        id="INC-1").length
    datetime.timedelta(seconds=3600)
    """

    _error: ClassVar[type[SlakitError]] = AvailabilityError
    _noun: ClassVar[str] = "the outage"

    id: str = ""
    description: str = ""
    contracts: tuple[str, ...] = ()
    services: tuple[str, ...] = ()

    @field_validator("contracts", "services")
    @classmethod
    def _ids(cls, ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return id_list(ids, "contract" if info.field_name == "contracts" else "service", ValueError)

    def hits(self, contract_id: str, services: Collection[str] = ()) -> bool:
        """Whether this outage hits a contract: it names the contract, one of ``services``
        (the services the contract covers), or names neither contracts nor services.

        >>> from datetime import UTC
        >>> start = datetime(2026, 10, 6, 14, tzinfo=UTC)
        >>> api = Outage(start=start, end=start, services=("api",))
        >>> api.hits("acme-gold", services=("api", "web")), api.hits("acme-gold")
        (True, False)
        >>> Outage(start=start, end=start).hits("acme-gold")
        True

        Args:
            contract_id: the contract's id (``Contract.id``).
            services: the services the contract covers (``Contract.services``).
        """
        if not self.contracts and not self.services:
            return True
        return contract_id in self.contracts or any(name in self.services for name in services)


class MaintenanceWindow(Window):
    """An explicit scheduled maintenance window ``[start, end)``: not downtime."""

    _error: ClassVar[type[SlakitError]] = AvailabilityError
    _noun: ClassVar[str] = "the window"

    description: str = ""

    def windows(self, period: Period) -> list[tuple[int, int]]:
        """This window in microseconds, if it touches ``period``."""
        return self.windows_between(*period.bounds_us)

    def windows_between(self, start_us: int, end_us: int) -> list[tuple[int, int]]:
        """This window in microseconds if it touches ``[start_us, end_us)``, else none."""
        begin, finish = to_us(self.start, "start"), to_us(self.end, "end")
        return [(begin, finish)] if begin < end_us and finish > start_us and finish > begin else []


class MaintenanceRule(SlakitModel):
    """Recurring maintenance: an RFC 5545 rule, a local start time, a duration and a zone.

    "Every Sunday 02:00–04:00 Europe/Amsterdam":

    >>> sundays = MaintenanceRule(rule="FREQ=WEEKLY;BYDAY=SU", at="02:00",
    ...                           duration="2h", timezone="Europe/Amsterdam")
    >>> windows = sundays.windows(Month(2026, 3, "Europe/Amsterdam"))
    >>> len(windows), from_us(windows[0][0], ZoneInfo("Europe/Amsterdam")).isoformat()
    (5, '2026-03-01T02:00:00+01:00')

    Occurrences are local wall times (a time inside a DST gap resolves with
    ``fold=0``) and last ``duration`` of real time. The rule starts at ``since``
    at ``at`` (local): nothing occurs before, and the phase of ``INTERVAL`` and
    the count of ``COUNT`` start there. Every rule part is checked against
    RFC 5545's ranges; ``UNTIL`` may be UTC (``20261231T235959Z``), local or a
    local date (inclusive). A ``DTSTART`` line in ``rule`` is accepted when it
    says the same as ``since`` and ``at`` (either may then be left out).

    >>> MaintenanceRule(rule="FREQ=DAILY;INTERVAL=0", duration="1h")
    Traceback (most recent call last):
    ...
    slakit.errors.AvailabilityError: invalid MaintenanceRule: INTERVAL=0 is out of range: \
INTERVAL takes a whole number from 1 to 1,000,000,000 (in rule 'FREQ=DAILY;INTERVAL=0')

    Raises:
        AvailabilityError: an unreadable rule or part out of range, a ``DTSTART``
            that contradicts ``since``/``at``/``timezone``, a duration that is not
            positive, an unknown timezone.
    """

    _error: ClassVar[type[SlakitError]] = AvailabilityError

    rule: str
    at: time = time(0, 0)
    duration: DurationField
    timezone: str = "UTC"
    since: date = date(2000, 1, 1)
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_dtstart(cls, value: Any) -> Any:
        # A DTSTART line fills in since and at when they are not given; the check
        # that the three agree is _consistent's.
        if not isinstance(value, dict) or not isinstance(value.get("rule"), str):
            return value
        try:
            start = parse_rule(value["rule"]).start
        except AvailabilityError:
            return value  # reported with the rule's text by _consistent
        if start is None or ("since" in value and "at" in value):
            return value
        wall = start.wall
        if start.zone == "UTC":
            try:
                zone = ZoneInfo(check_timezone(value.get("timezone", "UTC")))
            except SlakitError:
                return value  # the timezone field reports it
            wall = wall.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
        return {"since": wall.date(), "at": wall.time(), **value}

    @field_validator("timezone", mode="before")
    @classmethod
    def _zone(cls, name: Any) -> str:
        return check_timezone(name)

    @model_validator(mode="after")
    def _consistent(self) -> MaintenanceRule:
        if self.duration <= timedelta(0):
            raise ValueError(f"a maintenance duration must be positive, got {self.duration}")
        if self.at.tzinfo is not None:
            raise ValueError(
                f"at must be a local time without an offset, got {self.at}; "
                "the rule's timezone says where it is"
            )
        if self.at.microsecond:
            raise ValueError(f"at must be whole seconds (RFC 5545 times are), got {self.at}")
        try:
            start = parse_rule(self.rule).start
        except AvailabilityError as error:
            shown = self.rule if len(self.rule) <= 80 else self.rule[:80] + "..."
            raise ValueError(f"{error} (in rule {shown!r})") from None
        if start is not None:
            self._agrees(start)
        return self

    def _agrees(self, start: Occurrence) -> None:
        zone = ZoneInfo(self.timezone)
        if start.zone not in (None, "UTC", self.timezone):
            raise ValueError(
                f"DTSTART's TZID={start.zone} contradicts timezone={self.timezone}; "
                "give the same zone or leave TZID out"
            )
        first = datetime.combine(self.since, self.at)
        same = start.instant_us(zone) == to_us(first.replace(tzinfo=zone), "since")
        if not same or (start.zone != "UTC" and start.wall != first):
            raise ValueError(
                f"DTSTART {start.wall:%Y%m%dT%H%M%S}{'Z' if start.zone == 'UTC' else ''} "
                f"contradicts since={self.since} at={self.at:%H:%M:%S} in {self.timezone}; "
                "a DTSTART must say the same (or leave since and at out)"
            )

    def windows(self, period: Period) -> list[tuple[int, int]]:
        """The windows that touch ``period``, in microseconds, sorted and merged.

        Only the days around the period are expanded (a ``COUNT`` rule is counted
        from ``since``), so a ``FREQ=MINUTELY`` rule over a month is quick.
        """
        return self.windows_between(*period.bounds_us)

    def windows_between(self, start_us: int, end_us: int) -> list[tuple[int, int]]:
        """The windows that touch ``[start_us, end_us)`` (µs since the epoch), merged."""
        return expand(
            parse_rule(self.rule),
            datetime.combine(self.since, self.at),
            ZoneInfo(self.timezone),
            self.duration // ONE_US,
            start_us,
            end_us,
        )


Maintenance = MaintenanceWindow | MaintenanceRule


AnyPeriod = Month | Period
"""A month or a general period; a field of this type keeps a Month a Month in JSON."""


class OutageDowntime(SlakitModel):
    """What one outage contributed to a period's availability: the evidence behind it.

    ``id`` is the outage's name as :attr:`Availability.counted_outages` gives
    it; ``start`` and ``end`` are the outage's own (not clipped to the
    period). ``downtime`` is the time it is credited with that counted as
    downtime, ``maintenance_excluded`` the time it is credited with that fell
    in scheduled maintenance. Where outages overlap, the time goes to the one
    that started first (then by name, end, description, contracts and
    services, whatever order they were given in), so the outages' ``downtime`` values add
    up to exactly :attr:`Availability.downtime`, and their
    ``maintenance_excluded`` values to :attr:`Availability.maintenance_excluded`.

    >>> from datetime import UTC
    >>> day = Period(start=datetime(2026, 4, 1, tzinfo=UTC), end=datetime(2026, 4, 2, tzinfo=UTC))
    >>> first = Outage(start=datetime(2026, 4, 1, 10, tzinfo=UTC),
    ...                end=datetime(2026, 4, 1, 11, tzinfo=UTC), id="O-1")
    >>> second = Outage(start=datetime(2026, 4, 1, 10, 30, tzinfo=UTC),
    ...                 end=datetime(2026, 4, 1, 12, tzinfo=UTC), id="O-2")
    >>> [(item.id, item.downtime) for item in availability([second, first], day).outage_downtime]
    [('O-1', datetime.timedelta(seconds=3600)), ('O-2', datetime.timedelta(seconds=3600))]
    """

    _error: ClassVar[type[SlakitError]] = AvailabilityError

    id: str
    start: FixedInstant
    end: FixedInstant
    downtime: timedelta
    maintenance_excluded: timedelta


class Availability(SlakitModel):
    """The availability of a period: exact ratio, display percent, downtime and its intervals.

    ``outages`` are the counted downtime intervals (clipped, merged, maintenance
    removed); ``counted_outages`` names the outages behind them, by start (then
    name, end, description, contracts, services): each outage's ``id``, or
    ``"outage at <start in UTC, ISO 8601>"`` when it has none. An outage
    wholly inside maintenance, outside the period, shorter than
    ``minimum_outage`` or of zero length is not named.

    ``outage_downtime`` gives, for each outage that touches the period (and is
    kept by ``minimum_outage``), the downtime and maintenance it is credited
    with (see :class:`OutageDowntime`), in the order of ``counted_outages``;
    an outage wholly inside maintenance is listed with no downtime.
    """

    period: AnyPeriod
    ratio: Fraction
    downtime: timedelta
    maintenance_excluded: timedelta
    outages: tuple[tuple[AwareDatetime, AwareDatetime], ...]
    counted_outages: tuple[str, ...] = ()
    outage_downtime: tuple[OutageDowntime, ...] = ()

    @property
    def percent(self) -> Decimal:
        """The ratio as a percentage, rounded down to 4 places (never overstated)."""
        exact = Decimal(self.ratio.numerator * 100) / Decimal(self.ratio.denominator)
        return exact.quantize(Decimal("0.0001"), rounding=ROUND_FLOOR)

    def _repr_html_(self) -> str:
        """A table in notebooks: each outage's downtime and maintenance excluded, then the
        period's totals; durations as text (``1h 12m``)."""
        caption = f"Availability {self.percent}%, {self.period.label}"
        rows = (
            (item.id, item.start, item.end, item.downtime, item.maintenance_excluded)
            for item in self.outage_downtime
        )
        columns = ("outage", "start", "end", "downtime", "maintenance_excluded")
        foot = ("total", self.period.start, self.period.end, self.downtime,
                self.maintenance_excluded)  # fmt: skip
        right = {"downtime", "maintenance_excluded"}
        return _html.table(columns, rows, caption=caption, right=right, foot=foot)


GRANULARITIES = ("microsecond", "minute")


def availability(
    outages: Iterable[Outage],
    period: Period,
    maintenance: Iterable[Maintenance] = (),
    *,
    granularity: Literal["microsecond", "minute"] = "microsecond",
    minimum_outage: timedelta = timedelta(0),
) -> Availability:
    """Exact availability of ``period`` given outages and scheduled maintenance.

    >>> from datetime import UTC
    >>> day = Period(start=datetime(2026, 4, 1, tzinfo=UTC), end=datetime(2026, 4, 2, tzinfo=UTC))
    >>> late = Outage(start=datetime(2026, 4, 1, 23, tzinfo=UTC),
    ...               end=datetime(2026, 4, 2, 1, tzinfo=UTC), id="INC-7")
    >>> result = availability([late], day)
    >>> result.ratio, result.counted_outages
    (Fraction(23, 24), ('INC-7',))

    Args:
        outages: unplanned downtime; clipped to the period, merged where they overlap.
            A zero-length outage (``start == end``) is accepted and ignored: it costs
            nothing, joins nothing and is not named, whatever the granularity.
        period: a :class:`Period` or :class:`Month`.
        maintenance: windows or recurrence rules that are not downtime.
        granularity: ``"microsecond"`` (exact) or ``"minute"``: every minute an outage
            touches counts as whole.
        minimum_outage: outages shorter than this (their full length) are ignored; not
            negative.

    Returns:
        An :class:`Availability`.

    Raises:
        UsageError: an unknown ``granularity`` or a negative ``minimum_outage``.
        WrongTypeError: an outage, maintenance item or period of the wrong type.
    """
    if granularity not in GRANULARITIES:
        allowed = ", ".join(map(repr, GRANULARITIES))
        raise UsageError(f"granularity must be one of {allowed}, not {granularity!r}")
    minimum = to_duration_us(minimum_outage, "minimum_outage")
    if minimum < 0:
        raise UsageError(f"minimum_outage must not be negative, got {minimum_outage}")
    if not isinstance(period, Period):
        raise WrongTypeError(
            f"period must be a Period or Month, not {type(period).__name__} ({period!r})"
        )
    start, end = period.bounds_us
    kept: list[_Kept] = []
    for position, outage in enumerate(outages):
        if not isinstance(outage, Outage):
            raise WrongTypeError(
                f"outage {position} is a {type(outage).__name__}, not an Outage ({outage!r})"
            )
        begin, finish = to_us(outage.start, "outage.start"), to_us(outage.end, "outage.end")
        if finish - begin >= minimum and finish > begin:
            name = outage.id or f"outage at {from_us(begin, UTC).isoformat()}"
            if granularity == "minute":
                # Every minute touched counts whole: round each outage outward.
                kept.append(_Kept(begin - begin % US_PER_MINUTE, finish + (-finish) % US_PER_MINUTE,
                                  begin, name, outage))  # fmt: skip
            else:
                kept.append(_Kept(begin, finish, begin, name, outage))
    down = normalise((item.begin, item.finish) for item in kept)
    # Maintenance matters only where there is downtime: expand it around the outages
    # (outages less than a day apart share one expansion), not over the whole period.
    spans: list[tuple[int, int]] = []
    for begin, finish in intersect(down, [(start, end)]):
        if spans and begin - spans[-1][1] < US_PER_DAY:
            spans[-1] = (spans[-1][0], finish)
        else:
            spans.append((begin, finish))
    planned_windows = []
    for position, item in enumerate(maintenance):
        if not isinstance(item, MaintenanceWindow | MaintenanceRule):
            raise WrongTypeError(
                f"maintenance {position} is a {type(item).__name__}, not a MaintenanceWindow "
                f"or MaintenanceRule ({item!r})"
            )
        for begin, finish in spans:
            planned_windows.extend(item.windows_between(begin, finish))
    planned = normalise(planned_windows)
    counted = intersect(subtract(down, planned), [(start, end)])
    excluded = intersect(intersect(down, planned), [(start, end)])
    downtime = sum(f - b for b, f in counted)
    length = end - start
    tz = period.start.tzinfo
    # A total order (not input position) keeps the results, and which outage is
    # credited with an overlap, independent of the order the outages were given in.
    kept.sort(key=_order)
    return Availability(
        period=period,
        ratio=Fraction(length - downtime, length),
        downtime=timedelta_of(downtime),
        maintenance_excluded=timedelta_of(sum(f - b for b, f in excluded)),
        outages=tuple((from_us(b, tz), from_us(f, tz)) for b, f in counted),
        counted_outages=_named(kept, counted),
        outage_downtime=_attributed(kept, counted, excluded, period.bounds_us),
    )


class _Kept(NamedTuple):
    """An outage kept for counting: its span in µs (rounded outward by minute granularity),
    its own start in µs, its name and the outage itself."""

    begin: int
    finish: int
    start: int
    name: str
    outage: Outage


def _order(item: _Kept) -> tuple[int, str, int, str, tuple[str, ...], tuple[str, ...], str, str]:
    """Outages by start, then name, end, description, contracts and services, then the
    start and end as written (their offsets): equal-start outages always sort alike."""
    outage = item.outage
    return (
        item.start,
        item.name,
        to_us(outage.end, "outage.end"),
        outage.description,
        outage.contracts,
        outage.services,
        outage.start.isoformat(),
        outage.end.isoformat(),
    )


def _named(kept: list[_Kept], counted: list[tuple[int, int]]) -> tuple[str, ...]:
    """The names of the outages (sorted by start, then name) whose span overlaps a counted
    interval."""
    starts = [b for b, _ in counted]
    names = []
    for item in kept:
        # Counted intervals are sorted and disjoint: if the last one starting before this
        # outage ends also ends before it starts, every earlier one does too.
        index = bisect_left(starts, item.finish) - 1
        if index >= 0 and counted[index][1] > item.begin:
            names.append(item.name)
    return tuple(names)


def _attributed(
    kept: list[_Kept],
    counted: list[tuple[int, int]],
    excluded: list[tuple[int, int]],
    bounds: tuple[int, int],
) -> tuple[OutageDowntime, ...]:
    """Each outage touching the period with the downtime and maintenance it is credited with.

    ``kept`` is sorted by start: every instant an outage shares with earlier ones
    lies before the latest end among them (the outage starting there began no
    later than this one), so the part not yet credited is from that end on.
    ``counted`` and ``excluded`` split the merged outages within the period, so
    the parts credited split them too, and the sums are exact.
    """
    low, high = bounds
    counted_ends = [finish for _, finish in counted]
    excluded_ends = [finish for _, finish in excluded]
    credited_to = low  # everything before this is credited (or outside the period)
    found = []
    for item in kept:
        begin, finish = max(item.begin, low), min(item.finish, high)
        if finish <= begin:
            continue  # does not touch the period
        begin = max(begin, credited_to)
        credited_to = max(credited_to, finish)
        found.append(
            OutageDowntime(
                id=item.name,
                start=item.outage.start,
                end=item.outage.end,
                downtime=timedelta_of(_overlap(begin, finish, counted, counted_ends)),
                maintenance_excluded=timedelta_of(_overlap(begin, finish, excluded, excluded_ends)),
            )
        )
    return tuple(found)


def _overlap(begin: int, finish: int, intervals: list[tuple[int, int]], ends: list[int]) -> int:
    """How much of ``[begin, finish)`` sorted disjoint ``intervals`` cover (``ends`` their ends).

    Starts at the first interval ending after ``begin`` (a bisect), so each outage
    costs only the intervals it meets, however many there are.
    """
    total = 0
    if finish <= begin:
        return total
    for index in range(bisect_right(ends, begin), len(intervals)):
        start, end = intervals[index]
        if start >= finish:
            break
        total += min(end, finish) - max(start, begin)
    return total


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
