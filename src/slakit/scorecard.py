"""Scorecards: every objective of a contract (or of a whole book) measured over a period.

:func:`scorecard` measures each objective of each contract's framework (see
:mod:`slakit.objectives`) with one evaluator: it collects the objective's
items (tickets, latency samples, security incidents, outages, utilization
records) in the objective's window, aggregates their values exactly, and
compares the result with the target. Each row says what was measured, the
exact value, the target, ``pass``, ``FAIL`` or ``no data`` (nothing was
measured), and the evidence (which items). An annual downtime budget also
shows, month by month, the downtime used and the budget remaining.

>>> from datetime import datetime, timedelta, timezone
>>> from slakit import Contract, Event, Ticket
>>> gold = Contract(id="acme", framework="truststram", tier="gold", region="amsterdam")
>>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
>>> tickets = [Ticket(f"T-{n}", "P2", opened, contract="acme", satisfaction=5,
...                   events=[Event.responded(opened + timedelta(minutes=n)),
...                           Event.resolved(opened + timedelta(hours=2))]) for n in (10, 45)]
>>> card = scorecard(gold, "2026-10", tickets=tickets)
>>> row = card.row("response-time")
>>> row.value, row.result, row.missed
(Fraction(1, 2), 'FAIL', ('T-45',))
>>> card.row("first-call-resolution").result, card.row("gold-resolution-sla").value_text
('pass', '75%')
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any, Literal

from slakit._frames import records_frame
from slakit._model import FixedInstant, SlakitModel, list_of
from slakit._text import listing
from slakit._time import US_PER_SECOND, from_us, timedelta_of, to_us
from slakit.availability import (
    Maintenance,
    MaintenanceRule,
    MaintenanceWindow,
    Month,
    Outage,
    Period,
    allowed_downtime,
    availability,
)
from slakit.clock import ClockState, TicketStatus, evaluate, instant
from slakit.csv_text import csv_text
from slakit.errors import UsageError, WrongTypeError
from slakit.latency import LatencyHistogram, LatencySample, merge_histograms
from slakit.objectives import Objective, PeriodKind, ReportPeriod, Unit, seconds_text
from slakit.policy import Contract
from slakit.security import SecurityBreach, SecurityIncident
from slakit.severity import Severity
from slakit.tickets import EventKind, SupportLevel, Ticket
from slakit.utilization import TeamUtilization

__all__ = [
    "SCORECARD_COLUMNS",
    "BudgetMonth",
    "DowntimeBudget",
    "Scorecard",
    "ScorecardRow",
    "scorecard",
]

Result = Literal["pass", "FAIL", "no data"]

#: The CSV (and DataFrame) columns of a scorecard, in order.
SCORECARD_COLUMNS = (
    "period",
    "scope",
    "framework",
    "objective",
    "seed",
    "measure",
    "window",
    "complete",
    "value",
    "exact_value",
    "unit",
    "target",
    "result",
    "items",
    "counted",
    "missed",
    "note",
)


class ScorecardRow(SlakitModel):
    """One objective measured over its window.

    ``value`` is exact (a ``Fraction``: seconds for times, 1 for 100% for
    shares, the score for satisfaction, a whole number for counts) and
    decides ``passed``; ``value_text`` rounds it for display (down, with
    ``…`` when cut short). ``passed`` is ``None`` and ``result`` ``"no
    data"`` when nothing was measured. ``window_start`` to ``window_end``
    is what was measured: the scorecard's period, or, for an objective
    over a longer period (a year's downtime budget in a month's scorecard),
    that period from its start to the scorecard's end (``complete`` is then
    false). ``evidence`` names every item measured (``contract/ticket`` in
    a book); ``missed`` the items against the target: those that did not
    count towards a share that must be high (``>``, ``>=``, ``between``),
    those that counted towards a share that must stay low (``<``, ``<=``:
    the escalated tickets of an escalation rate), or that exceeded a
    ``max`` or time target.
    """

    scope: str
    framework: str
    objective: str
    seed: str
    source: str
    reading: str
    measure: str
    metric: str
    aggregation: str
    period: PeriodKind
    window: str
    window_start: FixedInstant
    window_end: FixedInstant
    complete: bool
    unit: Unit
    value: Fraction | None
    value_text: str
    target: str
    passed: bool | None
    result: Result
    items: int
    counted: int | None = None
    missed: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    note: str = ""

    def to_record(self, period: str) -> dict[str, str]:
        """The row as plain text cells (:data:`SCORECARD_COLUMNS`)."""
        return {
            "period": period,
            "scope": self.scope,
            "framework": self.framework,
            "objective": self.objective,
            "seed": self.seed,
            "measure": self.measure,
            "window": self.window,
            "complete": "yes" if self.complete else "no",
            "value": self.value_text,
            "exact_value": "" if self.value is None else str(self.value),
            "unit": self.unit,
            "target": self.target,
            "result": self.result,
            "items": str(self.items),
            "counted": "" if self.counted is None else str(self.counted),
            "missed": " ".join(self.missed),
            "note": self.note,
        }


class BudgetMonth(SlakitModel):
    """One month of an annual downtime budget: its downtime, the year's so far, what is left
    (negative once overspent)."""

    month: str
    downtime: timedelta
    used: timedelta
    remaining: timedelta


class DowntimeBudget(SlakitModel):
    """An annual downtime budget's burn for one contract, month by month to the scorecard's end.

    ``budget`` is the objective's target (KMP: 8.76 hours a year). ``allowed``
    is what the framework's availability target allows over the real length
    of the year (:func:`~slakit.availability.allowed_downtime`; 8.76 hours in
    a 365-day year, 8.784 in a leap year), for comparison; ``None`` when the
    framework has no availability target.
    """

    contract: str
    objective: str
    year: int
    budget: timedelta
    allowed: timedelta | None = None
    months: tuple[BudgetMonth, ...]

    @property
    def used(self) -> timedelta:
        """The downtime of the year so far."""
        return self.months[-1].used if self.months else timedelta(0)

    @property
    def remaining(self) -> timedelta:
        """The budget less the year's downtime so far (negative when overspent)."""
        return self.budget - self.used


class Scorecard(SlakitModel):
    """Every objective measured for a period: one :class:`ScorecardRow` per objective (per
    framework in a book), and the downtime budget burn of each contract with an annual budget.

    ``scope`` is the contract id (or ``"book"``); ``now`` the instant tickets were
    evaluated at (``None``: each contract's period end).
    """

    period: ReportPeriod
    scope: str
    customer: str
    contracts: tuple[str, ...]
    now: FixedInstant | None
    rows: tuple[ScorecardRow, ...]
    budgets: tuple[DowntimeBudget, ...] = ()
    notes: tuple[str, ...] = ()

    def row(self, objective: str, framework: str | None = None) -> ScorecardRow:
        """The row of ``objective`` (an objective id; ``framework`` picks one in a book).

        Raises:
            UsageError: no such row.
        """
        for row in self.rows:
            if row.objective == objective and framework in (None, row.framework):
                return row
        raise UsageError(
            f"the scorecard has no objective {objective!r}; it has "
            f"{listing(sorted({r.objective for r in self.rows}))}"
        )

    @property
    def passed(self) -> bool | None:
        """``False`` if any objective failed, ``True`` if all with data passed, ``None`` if
        nothing was measured."""
        results = [row.passed for row in self.rows if row.passed is not None]
        return None if not results else all(results)

    def to_records(self) -> list[dict[str, str]]:
        """One plain dict per row (:data:`SCORECARD_COLUMNS`), for CSV and data frames."""
        return [row.to_record(self.period.iso) for row in self.rows]

    def to_csv(self) -> str:
        """The rows as CSV (:data:`SCORECARD_COLUMNS`)."""
        return csv_text(
            SCORECARD_COLUMNS,
            ([record[name] for name in SCORECARD_COLUMNS] for record in self.to_records()),
        )

    def budget_csv(self) -> str:
        """The downtime budget burn as CSV: one row per contract and month (seconds)."""
        columns = ("contract", "objective", "month", "budget", "downtime", "used", "remaining")
        return csv_text(
            columns,
            (
                [budget.contract, budget.objective, month.month, _seconds(budget.budget),
                 _seconds(month.downtime), _seconds(month.used), _seconds(month.remaining)]
                for budget in self.budgets
                for month in budget.months
            ),
        )  # fmt: skip

    def to_json(self) -> str:
        """Everything as JSON (exact values as ``"numerator/denominator"`` text);
        ``Scorecard.model_validate_json`` reads it back."""
        return self.model_dump_json(indent=2) + "\n"

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs ``slakit[pandas]``): the columns of
        :data:`SCORECARD_COLUMNS`, ``exact_value`` as ``Fraction`` (or ``None``), ``items``
        as integers and ``passed`` as a nullable boolean.

        Raises:
            ImportError: pandas is not installed.
        """
        frame = records_frame(self.to_records(), list(SCORECARD_COLUMNS))
        frame["exact_value"] = [row.value for row in self.rows]
        frame["items"] = frame["items"].astype("int64")
        frame["passed"] = [row.passed for row in self.rows]
        return frame.astype({"passed": "boolean"})

    def table(self) -> str:
        """The scorecard as aligned text: the objectives, then each downtime budget's burn."""
        columns = ["objective", "measure", "value", "target", "result", "items", "window"]
        rows = [
            [(f"{row.framework}/" if self.scope == "book" else "") + row.objective, row.measure,
             row.value_text, row.target, row.result, str(row.items), row.window]
            for row in self.rows
        ]  # fmt: skip
        who = self.customer or self.scope or self._framework_tier()
        out = [f"Scorecard {self.period.label}: {who}", *_aligned(columns, rows)]
        if len(self.budgets) == 1:
            [budget] = self.budgets
            out += ["", f"Downtime budget {budget.year} ({budget.objective}): "
                        f"{_duration(budget.budget)} a year"]  # fmt: skip
            out += _aligned(
                ["month", "downtime", "used", "remaining"],
                [[m.month, _duration(m.downtime), _duration(m.used), _duration(m.remaining)]
                 for m in budget.months],
            )  # fmt: skip
        elif self.budgets:  # a book: one line per contract (each month is in the CSV and JSON)
            out += ["", f"Downtime budgets {self.budgets[0].year}, to the end of the period"]
            out += _aligned(
                ["contract", "objective", "budget", "used", "remaining", "last month"],
                [[b.contract, b.objective, _duration(b.budget), _duration(b.used),
                  _duration(b.remaining), b.months[-1].month if b.months else "-"]
                 for b in self.budgets],
            )  # fmt: skip
        out += [f"note: {note}" for note in self.notes]
        return "\n".join(out) + "\n"

    def _framework_tier(self) -> str:
        return self.rows[0].framework if self.rows else ""

    def _repr_html_(self) -> str:
        columns = ["objective", "seed", "measure", "value", "target", "result", "items", "window"]
        head = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in (
                (f"{row.framework}/" if self.scope == "book" else "") + row.objective,
                row.seed, row.measure, row.value_text, row.target, row.result,
                str(row.items), row.window)) + "</tr>"
            for row in self.rows
        )  # fmt: skip
        who = self.customer or self.scope or self._framework_tier()
        title = html.escape(f"Scorecard {self.period.label}: {who}")
        out = f"<p>{title}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        for budget in self.budgets:
            cells = "".join(
                f"<tr><td>{html.escape(m.month)}</td><td>{html.escape(_duration(m.downtime))}</td>"
                f"<td>{html.escape(_duration(m.used))}</td>"
                f"<td>{html.escape(_duration(m.remaining))}</td></tr>"
                for m in budget.months
            )
            out += (
                f"<p>{html.escape(f'Downtime budget {budget.year} ({budget.contract})')}</p>"
                "<table><thead><tr><th>month</th><th>downtime</th><th>used</th>"
                f"<th>remaining</th></tr></thead><tbody>{cells}</tbody></table>"
            )
        return out


def _aligned(columns: list[str], rows: list[list[str]]) -> list[str]:
    widths = [
        max([len(column)] + [len(row[i]) for row in rows]) for i, column in enumerate(columns)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    return [line(columns).rstrip(), "  ".join("-" * w for w in widths),
            *(line(row).rstrip() for row in rows)]  # fmt: skip


def _fraction(value: timedelta) -> Fraction:
    return Fraction(value // timedelta(microseconds=1), US_PER_SECOND)


def _duration(value: timedelta) -> str:
    return seconds_text(_fraction(value))


def _seconds(value: timedelta) -> str:
    return str(_fraction(value))


# -- items -----------------------------------------------------------------------------------


@dataclass
class _Item:
    """One measured thing: its id for the evidence, its value, when it was decided."""

    id: str
    value: Fraction | bool
    at: int


@dataclass
class _Window:
    start: int
    end: int
    label: str
    complete: bool
    period: Period


@dataclass
class _Measured:
    items: list[_Item] = field(default_factory=list)
    direct: bool = False  # the value is measured as a whole, not aggregated from the items
    value: Fraction | None = None
    note: list[str] = field(default_factory=list)
    beyond: bool = False  # a histogram percentile beyond its largest finite bound


@dataclass(frozen=True)
class _Known:
    """Which optional data was given at all (an empty list is data: there were none)."""

    outages: bool
    breaches: bool


@dataclass
class _Contract:
    """One contract's data for the scorecard, routed and evaluated once."""

    contract: Contract
    period: ReportPeriod
    now: int
    tickets: list[tuple[Ticket, TicketStatus]]
    outages: list[Outage]
    breaches: list[SecurityBreach]
    incidents: list[SecurityIncident]
    samples: list[LatencySample]
    histograms: list[LatencyHistogram]


def _window(period: ReportPeriod, objective: Objective) -> _Window:
    if period.kind == objective.period or period.longer_than(objective.period):
        start, end = period.start, period.end
        return _Window(to_us(start, "start"), to_us(end, "end"), period.label, True,
                       Period(start=start, end=end))  # fmt: skip
    holder = period.containing(objective.period)
    start, end = holder.start, period.end
    return _Window(to_us(start, "start"), to_us(end, "end"), f"{holder.label} to date", False,
                   Period(start=start, end=end))  # fmt: skip


def _seconds_between(start: int, end: int) -> Fraction:
    return Fraction(end - start, US_PER_SECOND)


def _ticket_items(
    objective: Objective, data: _Contract, window: _Window, prefix: str
) -> list[_Item]:
    covered = frozenset(objective.severities) if objective.severities else None
    items: list[_Item] = []
    metric = objective.metric
    for ticket, status in data.tickets:
        name = prefix + ticket.id
        if metric in ("response_time", "resolution_time", "response_met", "resolution_met",
                      "sla_met"):  # fmt: skip
            for clock in status.metrics():
                kind = clock.metric.value
                if metric != "sla_met" and not metric.startswith(kind):
                    continue
                if clock.state is not ClockState.STOPPED or clock.stopped_at is None:
                    continue
                if covered is not None and clock.severity not in covered:
                    continue
                at = to_us(clock.stopped_at, "stopped_at")
                value: Fraction | bool = (
                    bool(clock.met) if metric.endswith("_met")
                    else _fraction(clock.elapsed)
                )  # fmt: skip
                label = f"{name} {kind}" if metric == "sla_met" else name
                items.append(_Item(label, value, at))
            continue
        if metric == "engagement_time":
            item = _engagement(objective, ticket, name, covered, data.now)
            if item is not None:
                items.append(item)
            continue
        resolved = ticket.resolved_at
        if resolved is None:
            continue
        if covered is not None and status.severity not in covered:
            continue
        at = to_us(resolved, "resolved_at")
        if metric == "first_contact_resolution":
            items.append(_Item(name, bool(ticket.first_contact_resolved), at))
        elif metric == "escalated":
            items.append(_Item(name, ticket.escalated, at))
        elif metric == "resolved_at_level":
            assert objective.level is not None
            if _was_at(ticket, objective.level):
                items.append(_Item(name, ticket.resolved_level == objective.level, at))
        elif metric == "satisfaction" and ticket.satisfaction is not None:
            items.append(_Item(name, Fraction(ticket.satisfaction), at))
    return [item for item in items if window.start <= item.at < window.end]


def _was_at(ticket: Ticket, level: str) -> bool:
    """Whether the ticket was ever at ``level``: every ticket starts at L1; L2 and L3 take an
    escalation to that level (a critical incident sent from L1 straight to L3 was never L2's,
    as KMP's ladder sends it: "L2 for complex technical issues, L3 for critical incidents")."""
    wanted = SupportLevel.parse(level)
    if wanted is SupportLevel.L1:
        return True
    return any(e.kind is EventKind.ESCALATED and e.level is wanted for e in ticket.events)


def _engagement(
    objective: Objective,
    ticket: Ticket,
    name: str,
    covered: frozenset[Severity] | None,
    now: int,
) -> _Item | None:
    """Wall-clock time from the moment the ticket first had a covered severity to the
    moment it reached the objective's level; decided when engaged, or (with ``within``)
    once the limit has passed without engagement."""
    start = _covered_from(ticket, covered)
    if start is None:
        return None
    assert objective.level is not None
    reached = ticket.level_reached_at(objective.level)
    limit = objective.within_seconds
    limit_us = None if limit is None else int(limit * US_PER_SECOND)
    if reached is not None and to_us(reached, "reached") <= now:
        engaged = max(to_us(reached, "reached"), start)
        decided = engaged if limit_us is None else min(engaged, start + limit_us)
        return _Item(name, _seconds_between(start, engaged), decided)
    if limit_us is not None and now > start + limit_us:
        return _Item(name, _seconds_between(start, now), start + limit_us)
    return None


def _incident_name(incident: SecurityIncident) -> str:
    return incident.id or f"incident at {incident.detected_at.isoformat()}"


def _incident(objective: Objective, incident: SecurityIncident, now: int) -> _Item | None:
    """Detection to response on the wall clock, decided (as an L3 engagement is) when the
    response came, or once the limit (an "at most" target of the longest response, or
    ``within``) passed without one; ``None`` while it is still open inside the limit."""
    detected = to_us(incident.detected_at, "detected_at")
    limit = objective.within_seconds
    if limit is None and objective.aggregation == "max" and objective.comparison in ("<", "<="):
        limit = objective.threshold
    limit_us = None if limit is None else int(limit * US_PER_SECOND)
    name = _incident_name(incident)
    responded = incident.responded_at
    if responded is not None and to_us(responded, "responded_at") <= now:
        answered = to_us(responded, "responded_at")
        decided = answered if limit_us is None else min(answered, detected + limit_us)
        return _Item(name, _seconds_between(detected, answered), decided)
    if limit_us is not None and now > detected + limit_us:
        return _Item(f"{name} (no response yet)", _seconds_between(detected, now),
                     detected + limit_us)  # fmt: skip
    return None


def _covered_from(ticket: Ticket, covered: frozenset[Severity] | None) -> int | None:
    """When the ticket first had a covered severity (its opening, or an upgrade)."""
    opened = to_us(ticket.opened_at, "opened_at")
    if covered is None or ticket.severity in covered:
        return opened
    for event in ticket.events:
        if event.kind is EventKind.SEVERITY_CHANGED and event.severity in covered:
            return event.at_us
    return None


def _latency(objective: Objective, data: Iterable[_Contract], window_of: Callable[[_Contract],
             _Window]) -> _Measured:  # fmt: skip
    samples: dict[int, LatencySample] = {}
    histograms: dict[int, LatencyHistogram] = {}
    for item in data:
        window = window_of(item)
        for sample in item.samples:
            if window.start <= to_us(sample.at, "at") < window.end:
                samples[id(sample)] = sample
        for histogram in item.histograms:
            if window.start <= to_us(histogram.start, "start") < window.end:
                histograms[id(histogram)] = histogram
    measured = _Measured()
    if samples and histograms:
        raise UsageError(
            f"objective {objective.id}: both latency samples and histograms fall in the period; "
            "give one or the other (a percentile cannot be exact over both)"
        )
    if samples:
        ordered = sorted(samples.values(), key=lambda sample: to_us(sample.at, "at"))
        measured.items = [
            _Item(f"sample at {sample.at.isoformat()}", _fraction(sample.latency),
                  to_us(sample.at, "at"))
            for sample in ordered
        ]  # fmt: skip
        return measured
    if not histograms:
        return measured
    merged = merge_histograms(list(histograms.values()))
    windows = sorted({(h.start.isoformat(), h.end.isoformat()) for h in histograms.values()})
    measured.items = [_Item(f"histogram {a} to {b}", True, 0) for a, b in windows]
    measured.direct = True
    if objective.aggregation == "percentile":
        assert objective.percentile is not None
        bound = merged.percentile(objective.percentile)
        if bound is None:
            largest = merged.bounds[-1]
            measured.beyond = True
            measured.note.append(
                f"the percentile lies above the largest finite bucket bound "
                f"({seconds_text(_fraction(largest))}) of {merged.total:,} requests"
            )
        else:
            measured.value = _fraction(bound)
            measured.note.append(
                f"{merged.total:,} requests in {_histograms(len(histograms))}; the value is the "
                "upper bound of the bucket the percentile falls in"
            )
    elif objective.aggregation == "share":
        within = objective.within_seconds
        assert within is not None
        measured.value = merged.share_within(timedelta_of(int(within * US_PER_SECOND)))
        measured.note.append(f"{merged.total:,} requests in {_histograms(len(histograms))}")
    else:
        raise UsageError(
            f"objective {objective.id}: a histogram gives percentiles and shares within a "
            f"bucket bound, not a {objective.aggregation}; give latency samples"
        )
    return measured


def _histograms(count: int) -> str:
    return f"{count:,} histogram{'s' * (count != 1)}"


# -- the evaluator -----------------------------------------------------------------------------


def scorecard(
    contracts: Contract | Mapping[str, Contract] | Iterable[Contract],
    period: ReportPeriod | Month | str,
    *,
    tickets: Iterable[Ticket] = (),
    outages: Iterable[Outage] | None = None,
    maintenance: Iterable[Maintenance] = (),
    security_breaches: Iterable[SecurityBreach] | None = None,
    security_incidents: Iterable[SecurityIncident] = (),
    latency: Iterable[LatencySample | LatencyHistogram] = (),
    utilization: Iterable[TeamUtilization] = (),
    now: datetime | str | None = None,
) -> Scorecard:
    """Every objective of the contracts' frameworks measured over ``period``.

    ``contracts`` is one :class:`~slakit.Contract` (a customer's scorecard) or
    several (a book: the items of every contract of a framework are pooled,
    and per-contract measures, availability and downtime, take the worst
    contract). ``period`` is ``"2026-10"``, ``"2026-Q4"``, ``"2026"`` (in
    each contract's billing timezone), or a :class:`ReportPeriod` or
    :class:`~slakit.availability.Month` (in its own timezone). Tickets are
    evaluated at ``now`` (by default each contract's period end) and read as
    they stood then. ``outages`` and ``security_breaches`` left out (``None``)
    are not known: availability, downtime and the breach count are then
    ``"no data"`` (and there is no downtime budget); an empty list says there
    were none.

    Items are routed as :func:`~slakit.month_end` routes them: tickets by
    their ``contract`` (with one contract, tickets naming none are its own),
    outages, latency samples and histograms, security breaches and incidents
    to the contracts they name (none: every contract); utilization records
    are team-wide.

    Raises:
        WrongTypeError: an argument or an item of a list is of the wrong type.
        UsageError: no contracts, a contract of a book without an id, two contracts with
            one id, a ticket naming another contract (or an unknown one in a book), a
            ticket id given twice for one contract, an outage, breach, incident or latency
            record naming a contract (or service) not in the book, a
            ``period`` or ``now`` that cannot be read, latency
            samples and histograms in the same period, or an aggregation a histogram
            cannot give.
    """
    book = _contracts(contracts)
    single = len(book) == 1 and isinstance(contracts, Contract)
    given_now = None if now is None else to_us(instant(now, "now"), "now")
    ticket_list = list_of("tickets", tickets, "Tickets", Ticket)
    # None: not given, so availability, downtime and the breach count are "no data"; an
    # empty list says there were none (100% available, no breach).
    known = _Known(outages=outages is not None, breaches=security_breaches is not None)
    outage_list = list_of("outages", () if outages is None else outages, "Outages", Outage)
    maintenance_list = list_of(
        "maintenance", maintenance, "MaintenanceWindows or MaintenanceRules",
        (MaintenanceWindow, MaintenanceRule),
    )  # fmt: skip
    breaches = list_of(
        "security_breaches",
        () if security_breaches is None else security_breaches,
        "SecurityBreaches",
        SecurityBreach,
    )
    incidents = list_of(
        "security_incidents", security_incidents, "SecurityIncidents", SecurityIncident
    )
    latency_list = list_of(
        "latency", latency, "LatencySamples or LatencyHistograms",
        (LatencySample, LatencyHistogram),
    )  # fmt: skip
    teams = list_of("utilization", utilization, "TeamUtilization records", TeamUtilization)
    routed = _route(ticket_list, book, single)
    if not single:
        _check_named(outage_list, "outages", book)
        _check_named(breaches, "security_breaches", book)
        _check_named(incidents, "security_incidents", book)
        _check_named(latency_list, "latency", book)

    prepared: dict[str, _Contract] = {}
    for name, contract in book.items():
        own_period = _report_period(period, contract.billing_timezone)
        end = to_us(own_period.end, "end")
        at = end if given_now is None else given_now
        now_dt = from_us(at, own_period.start.tzinfo)
        evaluated = []
        for ticket in routed[name]:
            if to_us(ticket.opened_at, "opened_at") > at:
                continue
            as_of = ticket.as_of(now_dt)
            evaluated.append((as_of, evaluate(as_of, contract, now_dt)))
        prepared[name] = _Contract(
            contract=contract, period=own_period, now=at, tickets=evaluated,
            outages=[o for o in outage_list if o.hits(name, contract.services)],
            breaches=[b for b in breaches if b.hits(name)],
            incidents=[i for i in incidents if i.hits(name)],
            samples=[s for s in latency_list if isinstance(s, LatencySample) and s.hits(name)],
            histograms=[h for h in latency_list
                        if isinstance(h, LatencyHistogram) and h.hits(name)],
        )  # fmt: skip

    rows: list[ScorecardRow] = []
    budgets: list[DowntimeBudget] = []
    frameworks: dict[str, list[_Contract]] = {}
    for name in sorted(book):
        frameworks.setdefault(book[name].framework.name, []).append(prepared[name])
    scope = next(iter(book)) if single else "book"
    for framework_name in sorted(frameworks):
        members = frameworks[framework_name]
        framework = members[0].contract.framework
        for objective in framework.objectives:
            covered = [
                m for m in members if not objective.tiers or m.contract.tier in objective.tiers
            ]
            if not covered:
                continue
            rows.append(_row(objective, framework_name, covered, teams, maintenance_list,
                             scope, single, known))  # fmt: skip
            if objective.metric == "downtime" and objective.period == "year" and known.outages:
                budgets += [_budget(objective, member, maintenance_list) for member in covered]
    first = next(iter(prepared.values()))
    only = first.contract if single else None
    return Scorecard(
        period=first.period,
        scope=scope,
        customer=only.customer if only is not None else "",
        contracts=tuple(sorted(book)),
        now=None if given_now is None else from_us(given_now, first.period.start.tzinfo),
        rows=tuple(rows),
        budgets=tuple(budgets),
    )


def _report_period(period: object, timezone: str) -> ReportPeriod:
    """A scorecard's period: a ReportPeriod or Month as given, text in ``timezone``."""
    if isinstance(period, ReportPeriod):
        return period
    if isinstance(period, Month):
        return ReportPeriod(kind="month", year=period.year, number=period.month,
                            timezone=period.timezone)  # fmt: skip
    if not isinstance(period, str):
        raise WrongTypeError(
            f"period must be text such as '2026-10', '2026-Q4' or '2026', a ReportPeriod or a "
            f"Month, not {type(period).__name__}"
        )
    return ReportPeriod.parse(period, timezone)


def _contracts(
    contracts: Contract | Mapping[str, Contract] | Iterable[Contract],
) -> dict[str, Contract]:
    if isinstance(contracts, Contract):
        return {contracts.id: contracts}
    values = list(contracts.values()) if isinstance(contracts, Mapping) else list_of(
        "contracts", contracts, "Contracts", Contract)  # fmt: skip
    values = list_of("contracts", values, "Contracts", Contract)
    if not values:
        raise UsageError("contracts is empty; give at least one contract")
    book: dict[str, Contract] = {}
    for contract in values:
        if not contract.id:
            raise UsageError("every contract of a book needs an id (Contract(id=...))")
        if contract.id.lower() in {name.lower() for name in book}:
            raise UsageError(f"two contracts have the id {contract.id!r}")
        book[contract.id] = contract
    return book


def _route(
    tickets: list[Ticket], book: dict[str, Contract], single: bool
) -> dict[str, list[Ticket]]:
    routed: dict[str, list[Ticket]] = {name: [] for name in book}
    only = next(iter(book)) if single else None
    for position, ticket in enumerate(tickets):
        if only is not None and ticket.contract in ("", only):
            routed[only].append(ticket)
        elif ticket.contract in routed:
            routed[ticket.contract].append(ticket)
        else:
            named = repr(ticket.contract) if ticket.contract else "no contract"
            raise UsageError(
                f"tickets[{position}] ({ticket.id}) names {named}, which is not "
                + (f"the contract {only!r}" if only is not None
                   else f"a contract of the book ({listing(sorted(book))})")
            )  # fmt: skip
    for name, own in routed.items():
        seen: set[str] = set()
        for ticket in own:
            if ticket.id in seen:  # counted twice, every share and mean would be wrong
                where = f" of the contract {name!r}" if name else ""
                raise UsageError(f"the ticket {ticket.id!r}{where} is given twice")
            seen.add(ticket.id)
    return routed


def _check_named(
    items: Sequence[Outage | SecurityBreach | SecurityIncident | LatencySample | LatencyHistogram],
    what: str,
    book: dict[str, Contract],
) -> None:
    """In a book, every contract (and service) an item names must be the book's: a typo would
    silently leave the item out of every scorecard."""
    services = {name for contract in book.values() for name in contract.services}
    for position, item in enumerate(items):
        unknown = [name for name in item.contracts if name not in book]
        if isinstance(item, Outage):
            unknown += [f"service {name}" for name in item.services if name not in services]
        if unknown:
            raise UsageError(
                f"{what}[{position}] names {unknown[0]!r}, which is not a contract of the book "
                f"({listing(sorted(book))})"
            )


def _row(
    objective: Objective,
    framework: str,
    members: list[_Contract],
    teams: list[TeamUtilization],
    maintenance: list[Maintenance],
    scope: str,
    single: bool,
    known: _Known,
) -> ScorecardRow:
    windows = {id(m): _window(m.period, objective) for m in members}
    first = windows[id(members[0])]
    measured = _Measured()
    metric = objective.metric

    def prefix(member: _Contract) -> str:  # evidence in a book names the contract
        return "" if single else f"{member.contract.id}/"

    if metric in ("availability", "downtime", "security_breaches") and not (
        known.breaches if metric == "security_breaches" else known.outages
    ):
        measured.direct = True  # not given: nothing measured, "no data"
        measured.note.append(
            "no security breaches given" if metric == "security_breaches" else "no outages given"
        )
    elif metric in ("availability", "downtime"):
        found: list[tuple[Fraction, str]] = []
        for member in members:
            window = windows[id(member)]
            result = availability(member.outages, window.period, maintenance)
            found.append((Fraction(result.ratio) if metric == "availability"
                          else _fraction(result.downtime), member.contract.id))  # fmt: skip
            measured.items += [_Item(prefix(member) + name, True, window.start)
                               for name in result.counted_outages]  # fmt: skip
        # In a book, the worst contract decides: every contract is promised the target.
        worst = min(found) if metric == "availability" else max(found, key=lambda f: f[0])
        measured.direct, measured.value = True, worst[0]
        if not single:
            measured.note.append(f"the worst contract: {worst[1]}")
    elif metric == "utilization":
        records = [
            record for record in teams
            if first.start <= to_us(record.start, "start") < first.end
        ]  # fmt: skip
        measured.direct = True
        if records:
            busy = sum((_fraction(r.busy) for r in records), Fraction(0))
            available = sum((_fraction(r.available) for r in records), Fraction(0))
            measured.value = busy / available
            measured.items = [
                _Item(f"{r.team or 'team'} {r.start.isoformat()}", True, 0) for r in records
            ]
    elif metric == "latency":
        measured = _latency(objective, members, lambda m: windows[id(m)])
    elif metric in ("security_response_time", "security_breaches"):
        seen: set[int] = set()
        for member in members:
            window = windows[id(member)]
            if metric == "security_breaches":
                for breach in member.breaches:
                    at = to_us(breach.at, "at")
                    if window.start <= at < window.end and id(breach) not in seen:
                        seen.add(id(breach))
                        measured.items.append(
                            _Item(breach.id or f"breach at {breach.at.isoformat()}", True, at)
                        )
                continue
            for incident in member.incidents:
                if id(incident) in seen:
                    continue
                item = _incident(objective, incident, member.now)
                if item is not None and window.start <= item.at < window.end:
                    seen.add(id(incident))
                    measured.items.append(item)
                elif item is None and window.start <= to_us(incident.detected_at, "at") < min(
                    window.end, member.now
                ):
                    seen.add(id(incident))
                    measured.note.append(f"{_incident_name(incident)}: no response yet, "
                                         "not decided")  # fmt: skip
    else:
        for member in members:
            measured.items += _ticket_items(objective, member, windows[id(member)], prefix(member))
    return _verdict(objective, framework, measured, first, scope, len(members) > 1)


def _verdict(
    objective: Objective,
    framework: str,
    measured: _Measured,
    window: _Window,
    scope: str,
    pooled: bool,
) -> ScorecardRow:
    items = measured.items
    values = [item.value for item in items]
    direct = measured.direct
    value = measured.value if direct else objective.measure(values)
    counted: int | None = None
    missed: tuple[str, ...] = ()
    if not direct and objective.aggregation == "share":
        counted = sum(1 for v in values if objective.counts(v))
        # Against the target: what did not count towards a share that must be high, what
        # counted towards one that must stay low (the escalated tickets of an escalation rate).
        low = objective.comparison in ("<", "<=")
        missed = tuple(item.id for item in items if objective.counts(item.value) == low)
    elif not direct and objective.unit == "seconds" and objective.comparison in ("<", "<="):
        missed = tuple(item.id for item in items
                       if not objective.passes(Fraction(item.value)))  # fmt: skip
    if measured.beyond:
        # Above every finite bound: a fail for "at most" a target, undecided otherwise.
        passed: bool | None = False if objective.comparison in ("<", "<=") else None
        value_text = "above the largest bucket"
    else:
        passed = None if value is None else objective.passes(value)
        value_text = objective.value_text(value)
    result: Result = "no data" if passed is None else ("pass" if passed else "FAIL")
    evidence = tuple(item.id for item in items)
    return ScorecardRow(
        scope=scope, framework=framework, objective=objective.id, seed=objective.seed,
        source=objective.source, reading=objective.reading, measure=objective.describe(),
        metric=objective.metric, aggregation=objective.aggregation, period=objective.period,
        window=window.label, window_start=from_us(window.start, window.period.start.tzinfo),
        window_end=from_us(window.end, window.period.start.tzinfo), complete=window.complete,
        unit=objective.unit, value=value, value_text=value_text,
        target=objective.target_text(), passed=passed, result=result, items=len(items),
        counted=counted, missed=missed, evidence=evidence, note="; ".join(measured.note),
    )  # fmt: skip


def _budget(
    objective: Objective, member: _Contract, maintenance: list[Maintenance]
) -> DowntimeBudget:
    year = member.period.containing("year")
    budget = timedelta_of(int(objective.threshold * US_PER_SECOND))
    # Up to the end of the period, and no month that starts after the evaluation instant.
    end = min(to_us(member.period.end, "end"), member.now)
    months = []
    used = timedelta(0)
    for month in year.months():
        if to_us(month.start, "start") >= end:
            break
        downtime = availability(member.outages, month, maintenance).downtime
        used += downtime
        months.append(BudgetMonth(month=month.iso, downtime=downtime, used=used,
                                  remaining=budget - used))  # fmt: skip
    target = member.contract.framework.availability_target
    allowed = None if target is None else allowed_downtime(target, year.span.length)
    return DowntimeBudget(contract=member.contract.id, objective=objective.id, year=year.year,
                          budget=budget, allowed=allowed, months=tuple(months))  # fmt: skip
