"""Objectives as data: what a contract promises beyond per-ticket targets, and how it is measured.

An :class:`Objective` says which **metric** is measured on which items (tickets,
latency samples, security incidents, outages...), how the items are
**aggregated** (``share``, ``mean``, ``percentile``, ``max``, ``count``,
``sum``), how the result is **compared** with a **target** (exactly: shares
and scores as fractions, durations in seconds), over which **period** (a
month, a quarter or a year), and which items it **covers** (severities,
tiers, a support level). Beside each objective is the seed's own wording
(``seed``) and the reading slakit made of it (``reading``). The built-in
catalogs encode every service-level line of both seeds this way, and one
evaluator (:func:`slakit.scorecard.scorecard`) measures them all.

>>> latency = Objective(id="api-latency", seed="<2 second API response times for 95% of requests",
...                     metric="latency", aggregation="percentile", percentile="95%",
...                     comparison="<=", target="2s")
>>> latency.describe()
'95th percentile latency <= 2s'
>>> latency.measure([Fraction(1), Fraction(3, 2), Fraction(5, 2)])  # seconds, nearest rank
Fraction(5, 2)
>>> latency.passes(Fraction(5, 2))
False
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from fractions import Fraction
from math import ceil
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import field_validator, model_validator

from slakit._model import SlakitModel
from slakit._text import check_id, shown
from slakit._time import US_PER_SECOND, check_timezone
from slakit.availability import Month, Period
from slakit.durations import DURATION_HELP, parse_duration
from slakit.errors import PolicyError, UsageError
from slakit.percent import Percent, parse_percent, percent_text
from slakit.severity import Severity, SeverityField

__all__ = [
    "AGGREGATIONS",
    "COMPARISONS",
    "LEVELS",
    "METRICS",
    "Aggregation",
    "Comparison",
    "MetricInfo",
    "Objective",
    "ObjectiveMetric",
    "PeriodKind",
    "ReportPeriod",
    "Unit",
    "nearest_rank",
]

Unit = Literal["seconds", "fraction", "score", "count"]
"""The unit of a measured value: durations in seconds, shares as fractions (1 is 100%),
scores (satisfaction) as numbers, counts as whole numbers."""

ObjectiveMetric = Literal[
    "response_time",
    "resolution_time",
    "response_met",
    "resolution_met",
    "sla_met",
    "first_contact_resolution",
    "escalated",
    "resolved_at_level",
    "engagement_time",
    "satisfaction",
    "latency",
    "security_response_time",
    "security_breaches",
    "availability",
    "downtime",
    "utilization",
]
Aggregation = Literal["share", "mean", "percentile", "max", "count", "sum"]
Comparison = Literal["<", "<=", ">", ">=", "between"]
PeriodKind = Literal["month", "quarter", "year"]
LEVELS = ("L1", "L2", "L3")
"""The support levels a ticket is worked at (KMP: L1 specialists, L2 senior engineers,
L3 principal engineers)."""


class MetricInfo(SlakitModel):
    """What one metric measures: its items, the unit of an item's value, and the aggregations
    that make sense on it."""

    items: str
    value: Literal["seconds", "flag", "score", "time share", "item"]
    aggregations: tuple[Aggregation, ...]


_TIMES: tuple[Aggregation, ...] = ("mean", "percentile", "max", "share")
METRICS: dict[str, MetricInfo] = {
    "response_time": MetricInfo(
        items="tickets whose first response stopped in the period (time on the SLA clock)",
        value="seconds", aggregations=_TIMES),
    "resolution_time": MetricInfo(
        items="tickets resolved in the period (time on the SLA clock, pauses excluded)",
        value="seconds", aggregations=_TIMES),
    "response_met": MetricInfo(
        items="tickets whose first response stopped in the period: met its tier target",
        value="flag", aggregations=("share",)),
    "resolution_met": MetricInfo(
        items="tickets resolved in the period: resolution met its tier target",
        value="flag", aggregations=("share",)),
    "sla_met": MetricInfo(
        items="response and resolution metrics that stopped in the period: met their target",
        value="flag", aggregations=("share",)),
    "first_contact_resolution": MetricInfo(
        items="tickets resolved in the period: resolved at first contact",
        value="flag", aggregations=("share",)),
    "escalated": MetricInfo(
        items="tickets resolved in the period: escalated above L1 at least once",
        value="flag", aggregations=("share",)),
    "resolved_at_level": MetricInfo(
        items="tickets resolved in the period that were at the level (L1: all; L2, L3: escalated "
        "to it): resolved at that level",
        value="flag", aggregations=("share",)),
    "engagement_time": MetricInfo(
        items="tickets of the covered severities: wall-clock time from the moment the ticket "
        "had that severity to its escalation to the level",
        value="seconds", aggregations=_TIMES),
    "satisfaction": MetricInfo(
        items="tickets resolved in the period with a satisfaction score",
        value="score", aggregations=("mean", "percentile", "share")),
    "latency": MetricInfo(
        items="request latency samples (or histogram counts) in the period",
        value="seconds", aggregations=("percentile", "mean", "max", "share")),
    "security_response_time": MetricInfo(
        items="security incidents decided in the period (answered, or late): detection to "
        "response, wall clock",
        value="seconds", aggregations=("max", "mean", "share")),
    "security_breaches": MetricInfo(
        items="security breaches in the period", value="item", aggregations=("count",)),
    "availability": MetricInfo(
        items="the period's time: share not in downtime (maintenance is not downtime)",
        value="time share", aggregations=("share",)),
    "downtime": MetricInfo(
        items="outages in the period: downtime counted (maintenance excluded)",
        value="seconds", aggregations=("sum",)),
    "utilization": MetricInfo(
        items="team utilization records in the period: busy time over available time",
        value="time share", aggregations=("share",)),
}  # fmt: skip
"""Every metric an objective may measure, with its items and allowed aggregations."""

AGGREGATIONS: tuple[Aggregation, ...] = ("share", "mean", "percentile", "max", "count", "sum")
COMPARISONS: tuple[Comparison, ...] = ("<", "<=", ">", ">=", "between")
_OBJECTIVE_DURATION_HELP = 'write e.g. "2s", "15m", "4h" or "8.76h"'
_LEVEL_METRICS = ("resolved_at_level", "engagement_time")
_PHRASES = {
    "response_time": "response time", "resolution_time": "resolution time",
    "response_met": "responses within target", "resolution_met": "resolutions within target",
    "sla_met": "SLA metrics within target", "first_contact_resolution": "resolved at first contact",
    "escalated": "escalated", "resolved_at_level": "resolved at {level}",
    "engagement_time": "time to {level} engagement", "satisfaction": "satisfaction",
    "latency": "latency", "security_response_time": "security incident response time",
    "security_breaches": "security breaches", "availability": "availability",
    "downtime": "downtime", "utilization": "utilization",
}  # fmt: skip
_AGGREGATION_WORDS = {"share": "share", "mean": "mean", "max": "longest", "count": "number of",
                      "sum": "total", "percentile": "percentile"}  # fmt: skip
_NUMBER = re.compile(r"^[0-9]{1,9}(?:\.[0-9]{1,9})?$")


def nearest_rank(values: Sequence[Fraction], share: Fraction) -> Fraction | None:
    """The nearest-rank percentile: the smallest value with at least ``share`` of the values at
    or below it (so the result is always a value that was measured); ``None`` without values.

    >>> nearest_rank([Fraction(v) for v in (5, 1, 3, 2, 4)], Fraction(95, 100))
    Fraction(5, 1)
    """
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, ceil(share * len(ordered))) - 1]


class Objective(SlakitModel):
    """One measurable promise: metric, aggregation, comparison, target, period and coverage.

    ``target`` (and ``upper`` for ``between``, both ends included) is text in
    the unit of the measured value: a duration (``"15m"``, ``"2s"``,
    ``"8.76h"``) for times, a percentage (``"99%"``) for shares, a number
    (``"4.5"``) for means of scores, a whole number for counts.
    ``percentile`` is the share for a ``percentile`` aggregation;
    ``within`` (a duration) or ``at_least`` (a score) say which items a
    ``share`` of times or scores counts. ``severities``, ``tiers`` and
    ``level`` narrow the items; empty means all.

    >>> fcr = Objective(id="fcr", seed="First Call Resolution: 87% (Target: 85%)",
    ...                 metric="first_contact_resolution", aggregation="share",
    ...                 comparison=">=", target="85%")
    >>> fcr.threshold, fcr.passes(Fraction(85, 100)), fcr.value_text(Fraction(2, 3))
    (Fraction(17, 20), True, '66.6666…%')
    >>> Objective(id="x", seed="", metric="satisfaction", aggregation="count",
    ...           comparison=">", target="4.5")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: invalid Objective: objective x: the satisfaction metric is \
aggregated by mean, percentile or share, not count
    """

    _error: ClassVar[type[PolicyError]] = PolicyError

    id: str
    seed: str
    source: str = ""
    reading: str = ""
    metric: ObjectiveMetric
    aggregation: Aggregation
    comparison: Comparison
    target: str
    upper: str | None = None
    percentile: Percent | None = None
    within: str | None = None
    at_least: str | None = None
    period: PeriodKind = "month"
    severities: tuple[SeverityField, ...] = ()
    tiers: tuple[str, ...] = ()
    level: Literal["L1", "L2", "L3"] | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return check_id(value.strip(), "objective", ValueError)

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, tiers: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(tier.strip().lower() for tier in tiers)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> Objective:
        where = f"objective {self.id}"
        info = METRICS[self.metric]
        if self.aggregation not in info.aggregations:
            allowed = ", ".join(info.aggregations[:-1]) + " or " + info.aggregations[-1]
            if len(info.aggregations) == 1:
                allowed = info.aggregations[0]
            raise ValueError(
                f"{where}: the {self.metric} metric is aggregated by {allowed}, "
                f"not {self.aggregation}"
            )
        if (self.aggregation == "percentile") != (self.percentile is not None):
            raise ValueError(f"{where}: give percentile exactly for a percentile aggregation")
        if (self.comparison == "between") != (self.upper is not None):
            raise ValueError(f"{where}: give upper exactly for a between comparison")
        share_of_values = self.aggregation == "share" and info.value in ("seconds", "score")
        wanted = ("within" if info.value == "seconds" else "at_least") if share_of_values else None
        for name in ("within", "at_least"):
            if name == wanted and getattr(self, name) is None:
                raise ValueError(
                    f"{where}: a share of {self.metric} needs {name}: which items count"
                )
            if name != wanted and getattr(self, name) is not None:
                raise ValueError(
                    f"{where}: {name} is only for a share of "
                    + ("times" if name == "within" else "scores")
                )
        if (self.level is not None) != (self.metric in _LEVEL_METRICS):
            raise ValueError(f"{where}: level is given exactly for {' and '.join(_LEVEL_METRICS)}")
        if self.within is not None:
            self._seconds(self.within, "within")
        if self.at_least is not None:
            self._number(self.at_least, "at_least")
        low = self._value(self.target, "target")
        if self.upper is not None and self._value(self.upper, "upper") < low:
            raise ValueError(f"{where}: upper ({self.upper}) is below target ({self.target})")
        return self

    # -- units and exact thresholds ----------------------------------------------------------

    @property
    def unit(self) -> Unit:
        """The unit of the measured value (and of ``target``)."""
        if self.aggregation in ("share",):
            return "fraction"
        if self.aggregation == "count":
            return "count"
        return "score" if METRICS[self.metric].value == "score" else "seconds"

    def _value(self, text: str, name: str) -> Fraction:
        if self.unit == "fraction":
            try:
                return Fraction(parse_percent(text))
            except PolicyError as error:
                raise ValueError(f"objective {self.id}: {name}: {error}") from None
        if self.unit == "seconds":
            return self._seconds(text, name)
        if self.unit == "count":
            if not re.fullmatch(r"[0-9]{1,9}", text.strip()):
                raise ValueError(
                    f"objective {self.id}: {name}: {shown(text)} is not a count; write a whole "
                    "number such as 0"
                )
            return Fraction(int(text))
        return self._number(text, name)

    def _seconds(self, text: str, name: str) -> Fraction:
        try:
            duration = parse_duration(text)
        except PolicyError as error:
            # An objective's time is a plain length: business days (which ticket targets take)
            # are not offered here.
            message = str(error).replace(DURATION_HELP, _OBJECTIVE_DURATION_HELP)
            raise ValueError(f"objective {self.id}: {name}: {message}") from None
        return Fraction(duration // timedelta(microseconds=1), US_PER_SECOND)

    def _number(self, text: str, name: str) -> Fraction:
        if not _NUMBER.match(text.strip()):
            raise ValueError(
                f"objective {self.id}: {name}: {shown(text)} is not a score; write a number "
                "such as 4.5"
            )
        try:
            return Fraction(Decimal(text.strip()))
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            raise ValueError(
                f"objective {self.id}: {name}: {shown(text)} is not a number"
            ) from None

    @property
    def threshold(self) -> Fraction:
        """``target`` exactly, in the unit of the measured value."""
        return self._value(self.target, "target")

    @property
    def upper_threshold(self) -> Fraction | None:
        """``upper`` exactly (``between`` only)."""
        return None if self.upper is None else self._value(self.upper, "upper")

    @property
    def within_seconds(self) -> Fraction | None:
        """``within`` exactly, in seconds."""
        return None if self.within is None else self._seconds(self.within, "within")

    @property
    def at_least_score(self) -> Fraction | None:
        """``at_least`` exactly."""
        return None if self.at_least is None else self._number(self.at_least, "at_least")

    # -- the evaluation ------------------------------------------------------------------------

    def counts(self, value: Fraction | bool) -> bool:
        """Whether one item counts towards a ``share``: a true flag, a time within ``within``,
        a score at least ``at_least``."""
        if isinstance(value, bool):
            return value
        if self.within is not None:
            return value <= self._seconds(self.within, "within")
        if self.at_least is not None:
            return value >= self._number(self.at_least, "at_least")
        raise UsageError(f"objective {self.id}: {value!r} is not a flag")

    def measure(self, values: Sequence[Fraction | bool]) -> Fraction | None:
        """The aggregation of item values (flags, or exact seconds or scores), exactly;
        ``None`` when there is nothing to measure (a ``count`` of nothing is 0).

        >>> mean = Objective(id="m", seed="", metric="response_time", aggregation="mean",
        ...                  comparison="<=", target="15m")
        >>> mean.measure([Fraction(600), Fraction(1200), Fraction(1)])
        Fraction(1801, 3)
        >>> mean.measure([]) is None
        True
        """
        if self.aggregation == "count":
            return Fraction(len(values))
        if not values:
            return None
        if self.aggregation == "share":
            return Fraction(sum(1 for value in values if self.counts(value)), len(values))
        numbers = [Fraction(value) for value in values]
        if self.aggregation == "mean":
            return sum(numbers, Fraction(0)) / len(numbers)
        if self.aggregation == "sum":
            return sum(numbers, Fraction(0))
        if self.aggregation == "max":
            return max(numbers)
        assert self.percentile is not None
        return nearest_rank(numbers, Fraction(self.percentile))

    def passes(self, value: Fraction) -> bool:
        """Whether a measured value meets the objective (exact comparison)."""
        target = self.threshold
        if self.comparison == "<":
            return value < target
        if self.comparison == "<=":
            return value <= target
        if self.comparison == ">":
            return value > target
        if self.comparison == ">=":
            return value >= target
        upper = self.upper_threshold
        assert upper is not None
        return target <= value <= upper

    # -- text ----------------------------------------------------------------------------------

    def target_text(self) -> str:
        """The comparison and target as text: ``"<= 15m"``, ``"70%–85%"``."""
        if self.comparison == "between":
            return f"{self.target}–{self.upper}"
        return f"{self.comparison} {self.target}"

    def describe(self) -> str:
        """The objective in a few words: ``"mean response time <= 15m"``.

        >>> Objective(id="e", seed="", metric="escalated", aggregation="share",
        ...           comparison="<", target="10%").describe()
        'share escalated < 10%'
        """
        subject = _PHRASES[self.metric].format(level=self.level)
        if METRICS[self.metric].value == "time share":
            head = subject
        elif self.aggregation == "percentile":
            assert self.percentile is not None
            rank = percent_text(self.percentile).removesuffix("%")
            head = f"{rank}th percentile {subject}"
        elif self.aggregation == "share" and self.within is not None:
            head = f"share of {subject} within {self.within}"
        elif self.aggregation == "share" and self.at_least is not None:
            head = f"share of {subject} scores at least {self.at_least}"
        else:
            head = f"{_AGGREGATION_WORDS[self.aggregation]} {subject}"
        return f"{head} {self.target_text()}"

    def value_text(self, value: Fraction | None) -> str:
        """A measured value for display (the decision is made on the exact value): durations
        as ``1h 2m 3s`` (``…`` after a value cut short), shares as percentages, scores as
        numbers, to at most 4 decimal places, rounded down.

        >>> mean = Objective(id="m", seed="", metric="response_time", aggregation="mean",
        ...                  comparison="<=", target="15m")
        >>> mean.value_text(Fraction(1801, 3)), mean.value_text(None)
        ('10m 0.3333…s', '-')
        """
        if value is None:
            return "-"
        if self.unit == "count":
            return str(value)
        if self.unit == "fraction":
            return _decimal_text(value * 100) + "%"
        if self.unit == "score":
            return _decimal_text(value)
        return seconds_text(value)


def _decimal_text(value: Fraction, places: int = 4) -> str:
    """``value`` to ``places`` decimals, rounded down, with ``…`` when that cut it short."""
    scaled = Decimal(value.numerator) / Decimal(value.denominator)
    shown_value = scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
    exact = Fraction(shown_value) == value
    text = format(shown_value.normalize(), "f") if exact else format(shown_value, "f")
    return text if exact else text + "…"


def seconds_text(value: Fraction) -> str:
    """Exact seconds as ``2h 5m 3s`` (``0s`` for zero, a ``-`` before a negative value).

    >>> seconds_text(Fraction(7503)), seconds_text(Fraction(31536)), seconds_text(Fraction(-90))
    ('2h 5m 3s', '8h 45m 36s', '-1m 30s')
    """
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h"] * bool(hours) + [f"{minutes}m"] * bool(minutes)
    fraction = value - whole
    if fraction:
        parts.append(_decimal_text(seconds + fraction) + "s")
    elif seconds or not parts:
        parts.append(f"{seconds}s")
    return sign + " ".join(parts)


# -- periods -------------------------------------------------------------------------------------

_PERIOD_TEXT = re.compile(r"^([0-9]{4})(?:-(?:([0-9]{2})|[Qq]([1-4])))?$")


class ReportPeriod(SlakitModel):
    """A calendar month, quarter or year in a timezone, for scorecards.

    >>> ReportPeriod.parse("2026-Q4", "Europe/Dublin").label
    '2026-Q4'
    >>> october = ReportPeriod.parse("2026-10")
    >>> october.label, october.containing("year").iso, [m.iso for m in october.months()]
    ('October 2026', '2026', ['2026-10'])
    >>> ReportPeriod.parse("2026-Q5")
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: '2026-Q5' is not a period; write a month 2026-10, a quarter \
2026-Q4 or a year 2026
    """

    _error: ClassVar[type[UsageError]] = UsageError

    kind: PeriodKind
    year: int
    number: int = 1
    timezone: str = "UTC"

    @field_validator("timezone", mode="before")
    @classmethod
    def _zone(cls, value: Any) -> Any:
        return check_timezone(value)

    @model_validator(mode="after")
    def _in_range(self) -> ReportPeriod:
        last = {"month": 12, "quarter": 4, "year": 1}[self.kind]
        if not 1 <= self.number <= last:
            raise ValueError(f"a {self.kind} number is 1 to {last}, not {self.number}")
        if not 1900 <= self.year <= 2998:
            raise ValueError(f"year must be 1900 to 2998, got {self.year}")
        return self

    @classmethod
    def parse(cls, text: str, timezone: str = "UTC") -> ReportPeriod:
        """``"2026-10"`` (a month), ``"2026-Q4"`` (a quarter) or ``"2026"`` (a year).

        Raises:
            UsageError: any other text, or a month or year out of range.
        """
        match = _PERIOD_TEXT.match(str(text).strip())
        if match is None or (match[2] is not None and not 1 <= int(match[2]) <= 12):
            raise UsageError(
                f"{shown(text)} is not a period; write a month 2026-10, a quarter 2026-Q4 "
                "or a year 2026"
            )
        year = int(match[1])
        if match[2] is not None:
            return cls(kind="month", year=year, number=int(match[2]), timezone=timezone)
        if match[3] is not None:
            return cls(kind="quarter", year=year, number=int(match[3]), timezone=timezone)
        return cls(kind="year", year=year, timezone=timezone)

    def in_timezone(self, timezone: str) -> ReportPeriod:
        """The same calendar period in another timezone."""
        return self.model_copy(update={"timezone": check_timezone(timezone)})

    @property
    def first_month(self) -> int:
        """The number of the period's first month (1 to 12)."""
        return {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]

    @property
    def month_count(self) -> int:
        """How many months the period has: 1, 3 or 12."""
        return {"month": 1, "quarter": 3, "year": 12}[self.kind]

    def months(self) -> list[Month]:
        """The period's months, in its timezone."""
        return [Month(self.year, self.first_month + n, self.timezone)
                for n in range(self.month_count)]  # fmt: skip

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime(self.year, self.first_month, 1, tzinfo=ZoneInfo(self.timezone))

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return self.months()[-1].end

    @property
    def span(self) -> Period:
        """The period as a :class:`~slakit.availability.Period` ``[start, end)``."""
        return Period(start=self.start, end=self.end)

    @property
    def iso(self) -> str:
        """``"2026-10"``, ``"2026-Q4"`` or ``"2026"``: what :meth:`parse` reads."""
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """``"October 2026"``, ``"2026-Q4"`` or ``"2026"``."""
        return self.months()[0].label if self.kind == "month" else self.iso

    def containing(self, kind: PeriodKind) -> ReportPeriod:
        """The period of ``kind`` that holds this one's first month (itself if the same kind)."""
        number = {"month": self.first_month, "quarter": (self.first_month + 2) // 3, "year": 1}
        return ReportPeriod(kind=kind, year=self.year, number=number[kind], timezone=self.timezone)

    def longer_than(self, kind: PeriodKind) -> bool:
        """Whether this period is longer than a period of ``kind``."""
        order = ("month", "quarter", "year")
        return order.index(self.kind) > order.index(kind)


def level_rank(level: str) -> int:
    """``"L1"`` → 1 (levels compare by rank).

    >>> level_rank("L3")
    3
    """
    if level not in LEVELS:
        raise UsageError(f"{shown(level)} is not a support level; the levels are L1, L2, L3")
    return int(level[1])


def severity_set(severities: Sequence[Severity]) -> frozenset[Severity]:
    """The severities an objective covers; every severity when none are named."""
    return frozenset(severities) if severities else frozenset(Severity)
