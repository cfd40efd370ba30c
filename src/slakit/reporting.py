"""Compliance and KPIs over a period, from evaluated ticket statuses.

Compliance = met / (met + breached) over the metrics that stopped within the
period, grouped (by default) per tier, severity and metric, as an exact
``Fraction`` compared with the tier's goal (TrustStram: 99.9% / 99.5% / 99%
of tickets within agreed timeframes). Percentiles use the nearest-rank
method, so every reported time is one that really happened.

>>> from datetime import datetime, timedelta, timezone
>>> from slakit import Contract, Event, Ticket, evaluate
>>> from slakit.availability import Month
>>> contract = Contract(framework="truststram", tier="platinum", region="austin")
>>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
>>> tickets = [Ticket(f"T-{minutes}", "P1", opened, events=[
...     Event.responded(opened + timedelta(minutes=minutes))]) for minutes in (5, 10, 20)]
>>> statuses = [evaluate(t, contract, datetime(2026, 11, 1, tzinfo=timezone.utc)) for t in tickets]
>>> [row] = compliance(statuses, Month(2026, 10)).rows  # only the responses have stopped
>>> row.metric, row.met, row.breached, row.rate, row.passed
('response', 2, 1, Fraction(2, 3), False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from math import ceil
from typing import Any, ClassVar, Literal

from slakit import _html
from slakit._frames import records_frame
from slakit._model import SlakitModel
from slakit._time import timedelta_of, to_us
from slakit.availability import AnyPeriod, Period
from slakit.clock import ClockState, MetricStatus, TicketStatus
from slakit.csv_text import csv_text
from slakit.errors import UsageError, WrongTypeError
from slakit.percent import percent_text

__all__ = [
    "ComplianceReport",
    "ComplianceRow",
    "Kpis",
    "StatusList",
    "compliance",
    "kpis",
    "percentile",
]

GroupKey = Literal["framework", "tier", "severity", "metric"]
#: What a compliance report can be grouped by, in the order a group's key holds them.
GROUP_KEYS: tuple[str, ...] = ("framework", "tier", "severity", "metric")


class ComplianceRow(SlakitModel):
    """One group's compliance: counts, exact rate, goal, pass or fail."""

    framework: str | None = None
    tier: str | None = None
    severity: str | None = None
    metric: str | None = None
    met: int
    breached: int
    rate: Fraction | None
    goal: Decimal | None
    passed: bool | None

    @property
    def rate_percent(self) -> str:
        """The rate for display, rounded down to 2 places, or ``"-"``."""
        if self.rate is None:
            return "-"
        value = Decimal(self.rate.numerator * 100) / Decimal(self.rate.denominator)
        return f"{value.quantize(Decimal('0.01'), rounding='ROUND_FLOOR')}%"


class ComplianceReport(SlakitModel):
    """Compliance per group over a period."""

    period: AnyPeriod
    by: tuple[str, ...]
    rows: tuple[ComplianceRow, ...]

    def to_records(self) -> list[dict[str, str]]:
        """One plain dict per row (for CSV, data frames and tables)."""
        return [
            {
                **{key: str(getattr(row, key)) for key in self.by},
                "met": str(row.met),
                "breached": str(row.breached),
                "rate": row.rate_percent,
                "goal": "-" if row.goal is None else percent_text(row.goal),
                "result": {True: "pass", False: "FAIL", None: "-"}[row.passed],
            }
            for row in self.rows
        ]

    def to_csv(self) -> str:
        """The report as CSV."""
        columns = [*self.by, "met", "breached", "rate", "goal", "result"]
        return csv_text(columns, ([r[name] for name in columns] for r in self.to_records()))

    def to_frame(self) -> Any:
        """The report as a pandas DataFrame (needs ``slakit[pandas]``): the rows of
        :meth:`to_records`, with ``met`` and ``breached`` as integers.

        Raises:
            ImportError: pandas is not installed.
        """
        columns = [*self.by, "met", "breached", "rate", "goal", "result"]
        frame = records_frame(self.to_records(), columns)
        return frame.astype({"met": "int64", "breached": "int64"})

    def _repr_html_(self) -> str:
        """A table in notebooks: the rows of :meth:`to_records`."""
        columns = [*self.by, "met", "breached", "rate", "goal", "result"]
        rows = ([record[name] for name in columns] for record in self.to_records())
        return _html.table(columns, rows, caption=f"Compliance, {self.period.label}")


class StatusList(tuple[TicketStatus, ...]):
    """Ticket statuses that a notebook shows as one table: a tuple, one row per ticket.

    Anything that takes statuses takes it (it is a tuple). In Jupyter it shows
    each ticket's state, due instant, remaining time (``-25m`` once
    breached) and verdict per metric; past :attr:`SHOWN` rows, it shows the first
    :attr:`SHOWN` and the caption says how many there are in all.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket, evaluate
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> ticket = Ticket("T-1", "sev1", datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    >>> statuses = StatusList([evaluate(ticket, contract, "2026-03-02T09:40:00Z")])
    >>> ">-25m<" in statuses._repr_html_()  # the response was due at 09:15
    True

    Raises:
        WrongTypeError: an item is not a :class:`~slakit.TicketStatus`; names its position.
    """

    __slots__ = ()

    SHOWN: ClassVar[int] = 200
    """The most rows a notebook shows."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "ticket_id", "framework", "tier", "severity",
        *(f"{metric}_{name}" for metric in ("response", "resolution")
          for name in ("state", "due_at", "remaining", "met")),
    )  # fmt: skip
    """The columns of the table, named as in ``STATUS_COLUMNS``."""

    def __new__(cls, statuses: Iterable[TicketStatus] = ()) -> StatusList:
        items = tuple(statuses)
        for position, item in enumerate(items):
            if not isinstance(item, TicketStatus):
                raise WrongTypeError(
                    f"status {position} is a {type(item).__name__}, not a TicketStatus"
                )
        return super().__new__(cls, items)

    def _repr_html_(self) -> str:
        """A table in notebooks: one row per ticket, durations as text (``-25m``)."""
        rows = (
            [
                *(getattr(status, name) for name in self.COLUMNS[:4]),
                *(
                    getattr(getattr(status, metric), name)
                    for metric in ("response", "resolution")
                    for name in ("state", "due_at", "remaining", "met")
                ),
            ]
            for status in self[: self.SHOWN]
        )
        caption = f"{len(self):,} ticket status{'es' * (len(self) != 1)}"
        if len(self) > self.SHOWN:
            caption += f" (the first {self.SHOWN:,} shown)"
        remaining = {"response_remaining", "resolution_remaining"}
        return _html.table(self.COLUMNS, rows, caption=caption, right=remaining)

    def __repr__(self) -> str:
        return f"StatusList({list(self)!r})"


def compliance(
    statuses: Iterable[TicketStatus],
    period: Period,
    by: Sequence[GroupKey] = ("tier", "severity", "metric"),
) -> ComplianceReport:
    """Compliance of the metrics that stopped within ``period``, per group.

    A group's goal is its tier's compliance goal when every status in it
    shares one; ``passed`` is ``rate >= goal`` (exact), or ``None`` without a
    goal or without stopped metrics.
    """
    check_group_keys(by)
    start, end = period.bounds_us
    counts: dict[tuple[str, ...], list[int]] = {}  # [met, breached]
    goals: dict[tuple[str, ...], set[Decimal | None]] = {}
    for status in statuses:
        for metric in status.metrics():
            if metric.state is not ClockState.STOPPED or metric.stopped_at is None:
                continue
            if not start <= to_us(metric.stopped_at, "stopped_at") < end:
                continue
            values = {
                "framework": status.framework,
                "tier": status.tier,
                "severity": metric.severity.value,
                "metric": metric.metric.value,
            }
            key = tuple(values[name] for name in by)
            counts.setdefault(key, [0, 0])[0 if metric.met else 1] += 1
            goals.setdefault(key, set()).add(status.compliance_goal)
    return grouped_report(period, by, counts, goals)


def check_group_keys(by: Sequence[str]) -> None:
    """Refuse a grouping by anything but :data:`GROUP_KEYS`.

    >>> check_group_keys(["tier", "owner"])
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: cannot group by ['owner']; group by any of framework, tier, \
severity, metric
    """
    unknown = [key for key in by if key not in GROUP_KEYS]
    if unknown:
        raise UsageError(f"cannot group by {unknown}; group by any of {', '.join(GROUP_KEYS)}")


def grouped_report(
    period: AnyPeriod,
    by: Sequence[GroupKey],
    counts: Mapping[tuple[str, ...], Sequence[int]],
    goals: Mapping[tuple[str, ...], AbstractSet[Decimal | None]],
) -> ComplianceReport:
    """The report of met and breached counts per group, one row a group in key order.

    ``counts`` holds ``(met, breached)`` and ``goals`` the compliance goals of the
    statuses counted, per group (a key holds the values of ``by``, in that order). A
    group's goal is the one its statuses share, if they share one.

    >>> from slakit import Month
    >>> report = grouped_report(Month(2026, 10), ["tier"], {("gold",): (3, 1)},
    ...                         {("gold",): {Decimal("0.95")}})
    >>> report.rows[0].rate, report.rows[0].passed
    (Fraction(3, 4), False)
    """
    rows = []
    for key in sorted(counts):
        met, breached = counts[key]
        rate = Fraction(met, met + breached) if met + breached else None
        goal = next(iter(goals[key])) if len(goals[key]) == 1 else None
        rows.append(
            ComplianceRow(
                **dict(zip(by, key, strict=True)),
                met=met,
                breached=breached,
                rate=rate,
                goal=goal,
                passed=None if goal is None or rate is None else rate >= goal,
            )
        )
    return ComplianceReport(period=period, by=tuple(by), rows=tuple(rows))


def percentile(values: Sequence[timedelta], share: Fraction | int) -> timedelta | None:
    """Nearest-rank percentile: the smallest value with at least ``share`` of values at or below.

    >>> percentile([timedelta(minutes=m) for m in (5, 1, 3, 2, 4)], Fraction(1, 2))
    datetime.timedelta(seconds=180)
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, ceil(Fraction(share) * len(ordered)))
    return ordered[rank - 1]


class Kpis(SlakitModel):
    """Support KPIs over a period (times as timedeltas; ``None`` when nothing to measure)."""

    period: AnyPeriod
    tickets: int
    first_response_median: timedelta | None
    first_response_p90: timedelta | None
    first_response_wall_median: timedelta | None
    first_response_wall_p90: timedelta | None
    resolution_median: timedelta | None
    resolution_p90: timedelta | None
    resolution_wall_median: timedelta | None
    resolution_wall_p90: timedelta | None
    response_breaches: int
    resolution_breaches: int
    open_at_end: int

    def _repr_html_(self) -> str:
        """A table in notebooks: one row per KPI, times as text (``3h 12m``)."""
        pairs = [(name, value) for name, value in self.__dict__.items() if name != "period"]
        return _html.fields(pairs, caption=f"KPIs, {self.period.label}")


def kpis(statuses: Iterable[TicketStatus], period: Period) -> Kpis:
    """Median and 90th percentile times to first response and to resolution.

    Times are on the SLA clock (the metric's elapsed time) and on the wall
    clock (stop minus opening), over metrics that stopped within the period.
    Breaches count metrics whose breach happened within the period; tickets
    open at the end are those opened before the end whose resolution had
    not stopped by then (evaluate at the period's end for this to be exact).
    """
    start, end = period.bounds_us
    sla: dict[str, list[timedelta]] = {"response": [], "resolution": []}
    wall: dict[str, list[timedelta]] = {"response": [], "resolution": []}
    breaches = {"response": 0, "resolution": 0}
    count = open_at_end = 0
    for status in statuses:
        count += 1
        opened = to_us(status.opened_at, "opened_at")
        for metric in status.metrics():
            name = metric.metric.value
            if metric.breached_at is not None and start <= to_us(metric.breached_at, "b") < end:
                breaches[name] += 1
            stopped = _stop_in(metric, start, end)
            if stopped is not None:
                sla[name].append(metric.elapsed)
                wall[name].append(timedelta_of(stopped - opened))
        if opened < end and status.resolution.state is not ClockState.STOPPED:
            open_at_end += 1
    half, ninety = Fraction(1, 2), Fraction(9, 10)
    return Kpis(
        period=period,
        tickets=count,
        first_response_median=percentile(sla["response"], half),
        first_response_p90=percentile(sla["response"], ninety),
        first_response_wall_median=percentile(wall["response"], half),
        first_response_wall_p90=percentile(wall["response"], ninety),
        resolution_median=percentile(sla["resolution"], half),
        resolution_p90=percentile(sla["resolution"], ninety),
        resolution_wall_median=percentile(wall["resolution"], half),
        resolution_wall_p90=percentile(wall["resolution"], ninety),
        response_breaches=breaches["response"],
        resolution_breaches=breaches["resolution"],
        open_at_end=open_at_end,
    )


def _stop_in(metric: MetricStatus, start: int, end: int) -> int | None:
    if metric.state is not ClockState.STOPPED or metric.stopped_at is None:
        return None
    stopped = to_us(metric.stopped_at, "stopped_at")
    return stopped if start <= stopped < end else None
