"""Ticket clocks: ``evaluate`` folds a ticket's timeline into one status per metric.

``response`` runs from opening to the first response (or the resolution, if
nobody responded first); it is never paused. ``resolution`` runs from opening
to resolution, less the time between ``paused`` and ``resumed``; a reopen lets
it run on. Each runs on its target's clock: wall time for ``24x7`` targets,
business time on the contract's calendar otherwise. Met means elapsed ≤
target. Events after ``now`` are ignored; nothing reads the wall clock.

>>> from datetime import datetime, timezone
>>> from slakit import Contract, Event, Ticket
>>> contract = Contract(framework="kmp", tier="premier", region="dublin")
>>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)          # a Monday
>>> ticket = Ticket("T-1", "sev2", opened, events=[Event.responded(opened.replace(hour=10))])
>>> status = evaluate(ticket, contract, now=opened.replace(hour=12))
>>> status.response.state, status.response.met, status.response.elapsed
(<ClockState.STOPPED: 'stopped'>, True, datetime.timedelta(seconds=3600))
>>> status.resolution.due_at  # 24 business hours (12x5): 9 h Monday, 12 h Tuesday, 3 h Wednesday
datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import ceil
from typing import TYPE_CHECKING, NamedTuple

from pydantic import AwareDatetime

from slakit._model import SlakitModel, trusted
from slakit._time import from_us, timedelta_of, to_us
from slakit.errors import TimelineError
from slakit.policy import Clock, Contract, Metric, Target
from slakit.severity import Severity
from slakit.tickets import EventKind, Ticket

if TYPE_CHECKING:
    from slakit._index import CompiledIndex

__all__ = [
    "ClockState",
    "Escalation",
    "MetricStatus",
    "TicketStatus",
    "escalation_schedule",
    "evaluate",
]


class ClockState(StrEnum):
    """Whether a metric's clock is running, paused (waiting on the customer) or stopped."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


class MetricStatus(SlakitModel):
    """One metric of one ticket at an instant.

    ``due_at`` is the instant the target is used up (``None`` while paused);
    ``remaining`` is negative once breached; ``met`` is ``None`` until the
    clock stops undecided; ``breached_at`` is the instant the elapsed time
    passed the target, or the retargeting change that made it so.
    """

    metric: Metric
    severity: Severity
    state: ClockState
    clock: Clock
    target: Target
    target_length: timedelta
    due_at: AwareDatetime | None
    elapsed: timedelta
    remaining: timedelta
    percent_used: Decimal
    met: bool | None
    breached: bool
    breached_at: AwareDatetime | None
    stopped_at: AwareDatetime | None


class TicketStatus(SlakitModel):
    """The evaluation of a ticket at ``now``: one :class:`MetricStatus` per metric."""

    ticket_id: str
    framework: str
    tier: str
    compliance_goal: Decimal | None
    severity: Severity
    opened_at: AwareDatetime
    now: AwareDatetime
    response: MetricStatus
    resolution: MetricStatus

    def metrics(self) -> tuple[MetricStatus, MetricStatus]:
        """Both metric statuses, response first."""
        return self.response, self.resolution

    def _repr_html_(self) -> str:
        cells = ("state", "target", "due_at", "elapsed", "remaining", "percent_used", "met")
        head = "".join(f"<th>{name}</th>" for name in ("metric", *cells))
        rows = "".join(
            f"<tr><td>{metric.metric.value}</td>"
            + "".join(f"<td>{html.escape(str(getattr(metric, name)))}</td>" for name in cells)
            + "</tr>"
            for metric in self.metrics()
        )
        caption = html.escape(
            f"{self.ticket_id} ({self.severity.value}, {self.framework} {self.tier}) "
            f"at {self.now.isoformat()}"
        )
        return f"<table><caption>{caption}</caption><tr>{head}</tr>{rows}</table>"


class Escalation(SlakitModel):
    """The instant a running clock will cross ``threshold`` of its target."""

    ticket_id: str
    metric: Metric
    threshold: Decimal
    at: AwareDatetime


# Module-level aliases: reading an enum member off its class costs 0.2 µs in
# Python 3.11, and the fold below compares against them for every event.
_RUNNING, _PAUSED, _STOPPED = ClockState.RUNNING, ClockState.PAUSED, ClockState.STOPPED
_RESPONDED, _PAUSE, _RESUMED = EventKind.RESPONDED, EventKind.PAUSED, EventKind.RESUMED
_RESOLVED, _REOPENED = EventKind.RESOLVED, EventKind.REOPENED
_RESPONSE, _RESOLUTION = Metric.RESPONSE, Metric.RESOLUTION


class _Clock(NamedTuple):
    """A metric's clock after the fold, in integer microseconds."""

    metric: Metric
    severity: Severity
    state: ClockState
    segments: list[tuple[int, int]]  # [start, end) stretches the clock ran
    stopped_at: int | None
    retargeted_at: int | None
    target: Target
    length: int
    compiled: CompiledIndex


def _fold(ticket: Ticket, contract: Contract, now: int) -> tuple[_Clock, _Clock]:
    """Walk the events once, building the running stretches of both clocks."""
    opened = ticket.opened_us
    if now < opened:
        raise TimelineError(
            f"ticket {ticket.id}: now is before the ticket was opened "
            f"({ticket.opened_at.isoformat()})"
        )
    restart = contract.severity_change == "restart"
    severity = response_severity = resolution_severity = ticket.severity
    response_start, response_stop, response_retarget = opened, None, None
    segments: list[tuple[int, int]] = []
    running_since: int | None = opened
    state = _RUNNING
    resolution_stop = resolution_retarget = None

    for event in ticket.events:
        at = event.at_us
        if at > now:
            break
        kind = event.kind
        if kind is _RESPONDED:
            if response_stop is None:
                response_stop = at
        elif kind is _PAUSE:
            if running_since is not None:
                segments.append((running_since, at))
            running_since, state = None, _PAUSED
        elif kind is _RESUMED:
            running_since, state = at, _RUNNING
        elif kind is _RESOLVED:
            if response_stop is None:
                response_stop = at  # resolving answers the customer too
            if running_since is not None:
                segments.append((running_since, at))
            running_since, state, resolution_stop = None, _STOPPED, at
        elif kind is _REOPENED:
            running_since, state, resolution_stop = at, _RUNNING, None
        elif event.severity is not None and event.severity is not severity:
            severity = event.severity
            if response_stop is None:  # a stopped metric keeps its verdict
                response_severity = severity
                if restart:
                    response_start, response_retarget = at, None
                else:
                    response_retarget = at
            resolution_severity = severity
            if restart:
                segments = []
                running_since = at if running_since is not None else None
            else:
                resolution_retarget = at

    if running_since is not None:
        segments.append((running_since, now))
    clocks = contract._clocks
    target, length, index = clocks[response_severity, _RESPONSE]
    response = _Clock(
        _RESPONSE,
        response_severity,
        _RUNNING if response_stop is None else _STOPPED,
        [(response_start, now if response_stop is None else response_stop)],
        response_stop,
        response_retarget,
        target,
        length,
        index,
    )
    target, length, index = clocks[resolution_severity, _RESOLUTION]
    resolution = _Clock(
        _RESOLUTION,
        resolution_severity,
        state,
        segments,
        resolution_stop,
        resolution_retarget,
        target,
        length,
        index,
    )
    return response, resolution


def _status(clock: _Clock, now: int, tz: tzinfo | None) -> MetricStatus:
    metric, severity, state, segments, stopped_at, retargeted_at, target, length, index = clock
    spans = [index.elapsed(start, end) for start, end in segments]
    elapsed = sum(spans)
    crossed_at = None  # the instant the elapsed time reached the target
    if elapsed >= length:
        used = 0
        for position, span in enumerate(spans):
            if used + span >= length:
                crossed_at = index.add(segments[position][0], length - used)
                break
            used += span
    breached = elapsed > length
    breached_at = None
    if breached and crossed_at is not None:
        breached_at = from_us(max(crossed_at, retargeted_at or crossed_at), tz)
    if state is _PAUSED:
        due_at = None
    elif crossed_at is not None:
        due_at = from_us(crossed_at, tz)
    else:
        due_at = from_us(index.add(now if stopped_at is None else stopped_at, length - elapsed), tz)
    stopped = state is _STOPPED
    return trusted(
        MetricStatus,
        {
            "metric": metric,
            "severity": severity,
            "state": state,
            "clock": target.clock,
            "target": target,
            "target_length": timedelta_of(length),
            "due_at": due_at,
            "elapsed": timedelta_of(elapsed),
            "remaining": timedelta_of(length - elapsed),
            "percent_used": Decimal((20000 * elapsed + length) // (2 * length)) / 100,
            "met": (not breached) if stopped else (False if breached else None),
            "breached": breached,
            "breached_at": breached_at,
            "stopped_at": from_us(stopped_at, tz) if stopped and stopped_at is not None else None,
        },
    )


def evaluate(ticket: Ticket, contract: Contract, now: datetime) -> TicketStatus:
    """The ticket's response and resolution status at ``now``, in the timezone of ``now``.

    Raises:
        NaiveDatetimeError: ``now`` has no timezone.
        TimelineError: ``now`` is before the ticket was opened.
    """
    now_us = to_us(now, "now")
    response, resolution = _fold(ticket, contract, now_us)
    tz = now.tzinfo
    return trusted(
        TicketStatus,
        {
            "ticket_id": ticket.id,
            "framework": contract.framework.name,
            "tier": contract.tier,
            "compliance_goal": contract.tier_policy.compliance_goal,
            "severity": resolution.severity,
            "opened_at": ticket.opened_at,
            "now": now,
            "response": _status(response, now_us, tz),
            "resolution": _status(resolution, now_us, tz),
        },
    )


def _fraction(threshold: float | Decimal | Fraction | int) -> Fraction:
    # str() first, so that 0.9 means nine tenths rather than its binary neighbour.
    value = Fraction(str(threshold)) if isinstance(threshold, float) else Fraction(threshold)
    if value <= 0:
        raise ValueError(f"escalation thresholds must be above zero, got {threshold}")
    return value


def escalation_schedule(
    ticket: Ticket,
    contract: Contract,
    now: datetime,
    thresholds: Iterable[float | Decimal | Fraction] = (0.5, 0.75, 0.9, 1.0),
) -> list[Escalation]:
    """When each running clock will cross each threshold of its target, if nothing else happens.

    Thresholds already crossed at ``now`` are left out; paused and stopped
    clocks have none. The list is in time order.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> [(e.metric.value, str(e.threshold), e.at.strftime("%H:%M"))
    ...  for e in escalation_schedule(Ticket("T-1", "sev1", opened), contract, opened)][:3]
    [('response', '0.5', '09:07'), ('response', '0.75', '09:11'), ('response', '0.9', '09:13')]
    """
    now_us = to_us(now, "now")
    fractions = sorted({_fraction(threshold) for threshold in thresholds})
    escalations: list[Escalation] = []
    for clock in _fold(ticket, contract, now_us):
        if clock.state is not ClockState.RUNNING:
            continue
        elapsed = sum(clock.compiled.elapsed(start, end) for start, end in clock.segments)
        for fraction in fractions:
            needed = ceil(fraction * clock.length)
            if needed >= elapsed:
                at = clock.compiled.add(now_us, needed - elapsed)
                escalations.append(
                    Escalation(
                        ticket_id=ticket.id,
                        metric=clock.metric,
                        threshold=Decimal(fraction.numerator) / Decimal(fraction.denominator),
                        at=from_us(at, now.tzinfo),
                    )
                )
    escalations.sort(key=lambda escalation: (escalation.at, escalation.metric.value))
    return escalations
