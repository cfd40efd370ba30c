"""Ticket clocks: ``evaluate`` folds a ticket's timeline into one status per metric.

``response`` runs from opening to the first response (or the resolution, if
nobody responded first); it is never paused. ``resolution`` runs from opening
to resolution, less the time between ``paused`` and ``resumed``; a reopen lets
it run on. Each runs on its target's clock: wall time for ``24x7`` targets,
business time on the contract's calendar otherwise. Met means elapsed ≤
target. A breach is final: once a clock has run more than its target, a later
severity change no longer moves that metric's target. Events after ``now``
are ignored; nothing reads the wall clock.

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
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import ceil, isfinite
from typing import TYPE_CHECKING, NamedTuple

from pydantic import AwareDatetime

from slakit._model import SlakitModel, trusted
from slakit._text import shown
from slakit._time import ONE_US, from_us, to_us
from slakit.errors import TimelineError, UsageError, WrongTypeError
from slakit.policy import Clock, Contract, Metric, Target, TargetClock
from slakit.severity import Severity
from slakit.tickets import EventKind, Ticket

if TYPE_CHECKING:
    from slakit._index import CompiledIndex

__all__ = [
    "ClockRun",
    "ClockState",
    "Escalation",
    "MetricStatus",
    "TicketStatus",
    "clock_runs",
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

    ``severity`` is the severity whose target the clock runs under: the
    ticket's, except that a metric that had already run more than its target
    when the severity changed keeps the severity it breached (a breach is
    final), and ``target``, ``due_at``, ``remaining`` and ``percent_used`` all
    describe that target. ``due_at`` is the instant the target is used up
    (``None`` while paused); ``remaining`` is negative once breached; ``met``
    is ``None`` until the clock stops undecided; ``breached_at`` is the instant
    the elapsed time passed the target, or the retargeting change that made it so.
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
    """The evaluation of a ticket at ``now``: one :class:`MetricStatus` per metric.

    ``severity`` is the ticket's severity at ``now`` (after every change up to
    then); a metric that breached before a downgrade shows its own, breached
    severity in :attr:`MetricStatus.severity`.
    """

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
# Python 3.11, and the folds below compare against them for every event.
_RUNNING, _PAUSED, _STOPPED = ClockState.RUNNING, ClockState.PAUSED, ClockState.STOPPED
_RESPONDED, _PAUSE, _RESUMED = EventKind.RESPONDED, EventKind.PAUSED, EventKind.RESUMED
_RESOLVED, _REOPENED = EventKind.RESOLVED, EventKind.REOPENED
_RESPONSE, _RESOLUTION = Metric.RESPONSE, Metric.RESOLUTION


class ClockRun(NamedTuple):
    """One metric's clock on one ticket after its timeline is folded, in integer microseconds.

    The in-package interface to a ticket clock: :func:`evaluate`,
    :func:`escalation_schedule` and the per-incident credits all read clocks
    through it, so the edge that decides verdicts and money is written once
    (:meth:`exceeds`: met means elapsed ≤ target, breached means elapsed >
    target). Instants are microseconds since the epoch; ``segments`` are the
    ``[start, end)`` stretches the clock ran, ``spans`` the open time of each
    on the target's clock, ``elapsed`` their sum.

    ``severity`` is the severity whose ``target`` (of ``length`` µs) the clock
    runs under; ``ticket_severity`` is the ticket's severity when the clock
    last ran (at ``now``, or at ``stopped_at`` once stopped). The two differ
    only when a breach is final: a severity change that found the clock had
    already run more than its target left ``severity`` as it was, and so does
    every later change.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> late = Ticket("T-1", "sev1", opened, events=[Event.responded(opened.replace(hour=10))])
    >>> minute = 60 * 10**6
    >>> two_hours_on = int(opened.timestamp()) * 10**6 + 120 * minute
    >>> response, resolution = clock_runs(late, contract, two_hours_on)
    >>> response.elapsed // minute, response.length // minute, response.breached
    (60, 15, True)
    >>> (response.reached_at(15 * minute) - response.segments[0][0]) // minute
    15
    >>> response.passed_at(60 * minute) is None  # exactly 60 minutes is not more than 60
    True
    """

    metric: Metric
    severity: Severity
    ticket_severity: Severity
    state: ClockState
    segments: list[tuple[int, int]]
    spans: list[int]
    elapsed: int
    stopped_at: int | None
    retargeted_at: int | None
    target: Target
    length: int
    compiled: CompiledIndex

    def exceeds(self, amount: int) -> bool:
        """Whether the clock has run more than ``amount`` (µs): exactly ``amount`` is within it."""
        return self.elapsed > amount

    @property
    def breached(self) -> bool:
        """Whether the clock has run more than its target."""
        return self.exceeds(self.length)

    def reached_at(self, amount: int) -> int | None:
        """The instant elapsed time reached ``amount`` (µs), or ``None`` if it has not.

        For the target's length this is the deadline (``due_at``); a clock that
        stopped or paused exactly there reached it without passing it.
        """
        if self.elapsed < amount:
            return None
        used = 0
        for (start, _), span in zip(self.segments, self.spans, strict=True):
            if used + span >= amount:
                return self.compiled.add(start, amount - used)
            used += span
        return None

    def passed_at(self, amount: int) -> int | None:
        """The instant from which elapsed time is more than ``amount`` (µs), or ``None``.

        The instant it reached ``amount`` if the clock ran on from there; if it
        reached it at a closing time or a pause, the moment the clock next ran.
        So a statement evaluated at a month's end owes the incident exactly
        when this instant falls before that end.
        """
        if not self.exceeds(amount):
            return None
        used = 0
        for (start, _), span in zip(self.segments, self.spans, strict=True):
            if used + span > amount:
                return self.compiled.next_open(self.compiled.add(start, amount - used))
            used += span
        return None  # unreachable: the spans add up to more than amount

    def no_earlier_than_retarget(self, instant: int) -> int:
        """``instant``, or the retargeting severity change if later: a change that
        finds the new target already used up breaches it at the change."""
        retargeted = self.retargeted_at
        return instant if retargeted is None or retargeted < instant else retargeted


def _run(
    metric: Metric,
    severity: Severity,
    ticket_severity: Severity,
    state: ClockState,
    segments: list[tuple[int, int]],
    stopped_at: int | None,
    retargeted_at: int | None,
    contract: Contract,
) -> ClockRun:
    """A clock's stretches measured on the clock of its target under ``contract``."""
    target, length, compiled = contract.clock_for(severity, metric)
    spans = [compiled.elapsed(start, end) for start, end in segments]
    # tuple.__new__ skips the NamedTuple's Python-level __new__: two runs per ticket.
    return tuple.__new__(ClockRun, (
        metric, severity, ticket_severity, state, segments, spans, sum(spans),
        stopped_at, retargeted_at, target, length, compiled,
    ))  # fmt: skip


def _response_run(ticket: Ticket, contract: Contract, now: int) -> ClockRun:
    """From opening to the first response, or to the resolution if nobody responded first.

    Never paused. A severity change while it runs retargets it (or, under
    ``restart``, starts it again at the change), unless the clock had already
    run more than its target: that breach is final, and the clock runs on
    under the breached target whatever the later changes (an upgrade too: a
    breach already owed in one month must not be owed again in the next). Once
    stopped it keeps its verdict.
    """
    severity = current = ticket.severity
    start, retargeted_at, final = ticket.opened_us, None, False
    for event in ticket.events:
        at = event.at_us
        if at > now:
            break
        kind = event.kind
        if kind is _RESPONDED or kind is _RESOLVED:  # resolving answers the customer too
            return _run(
                _RESPONSE, severity, current, _STOPPED, [(start, at)], at, retargeted_at, contract
            )
        changed = event.severity  # only severity_changed events carry one
        if changed is not None and changed is not current:
            current = changed
            if final or _has_run_over(contract.clock_for(severity, _RESPONSE), [], start, at, {}):
                final = True  # a breach is final: this metric keeps the target it breached
            else:
                severity = changed
                if contract.severity_change == "restart":
                    start = at
                else:
                    retargeted_at = at
    return _run(
        _RESPONSE, severity, current, _RUNNING, [(start, now)], None, retargeted_at, contract
    )


def _resolution_run(ticket: Ticket, contract: Contract, now: int) -> ClockRun:
    """From opening to resolution, less the time paused; a reopen lets it run on.

    A severity change retargets it (or, under ``restart``, drops what ran
    before), unless the clock had already run more than its target: that
    breach is final, and the clock runs on under the breached target whatever
    the later changes.
    """
    severity = current = ticket.severity
    retargeted_at, final = None, False
    segments: list[tuple[int, int]] = []
    running_since: int | None = ticket.opened_us
    state, stopped_at = _RUNNING, None
    measured: dict[CompiledIndex, tuple[int, int]] | None = None  # made at the first change
    for event in ticket.events:
        at = event.at_us
        if at > now:
            break
        kind = event.kind
        if kind is _PAUSE or kind is _RESOLVED:
            if running_since is not None:
                segments.append((running_since, at))
            running_since = None
            state, stopped_at = (_PAUSED, stopped_at) if kind is _PAUSE else (_STOPPED, at)
        elif kind is _RESUMED or kind is _REOPENED:
            running_since, state, stopped_at = at, _RUNNING, None
        elif (changed := event.severity) is not None and changed is not current:
            current = changed
            if measured is None:
                measured = {}
            if final or _has_run_over(
                contract.clock_for(severity, _RESOLUTION), segments, running_since, at, measured
            ):
                final = True  # a breach is final: this metric keeps the target it breached
            else:
                severity = changed
                if contract.severity_change == "restart":
                    segments, measured = [], {}
                    running_since = None if running_since is None else at
                else:
                    retargeted_at = at
    if running_since is not None:
        segments.append((running_since, now))
    return _run(
        _RESOLUTION, severity, current, state, segments, stopped_at, retargeted_at, contract
    )


def _has_run_over(
    clock: TargetClock,
    segments: list[tuple[int, int]],
    running_since: int | None,
    at: int,
    measured: dict[CompiledIndex, tuple[int, int]],
) -> bool:
    """Whether a clock's closed ``segments``, plus the stretch running since
    ``running_since`` (if any) up to ``at``, add up to more than ``clock``'s target.

    Asked only at severity changes. ``measured`` keeps, per calendar, how many of
    ``segments`` are already summed and their total, so a long timeline with many
    changes measures each segment once per calendar rather than once per change.
    """
    _, length, compiled = clock
    counted, total = measured.get(compiled, (0, 0))
    for start, end in segments[counted:]:
        total += compiled.elapsed(start, end)
    measured[compiled] = (len(segments), total)
    if running_since is not None:
        total += compiled.elapsed(running_since, at)
    return total > length  # the edge of ClockRun.exceeds: exactly the target is met


def clock_runs(ticket: Ticket, contract: Contract, now: int) -> tuple[ClockRun, ClockRun]:
    """Both clocks of ``ticket`` under ``contract`` at ``now`` (µs since the epoch), response
    first. Events after ``now`` are ignored.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> hour = 3600 * 10**6
    >>> [run.elapsed // hour for run in clock_runs(Ticket("T-1", "sev2", opened), contract,
    ...                                              int(opened.timestamp()) * 10**6 + 3 * hour)]
    [3, 3]

    Raises:
        WrongTypeError: ``ticket`` is not a :class:`~slakit.Ticket` or ``contract`` not a
            :class:`~slakit.Contract`.
        TimelineError: ``now`` is before the ticket was opened.
    """
    if not isinstance(ticket, Ticket) or not isinstance(contract, Contract):
        raise _wrong_type(ticket, contract)
    if now < ticket.opened_us:
        raise TimelineError(
            f"ticket {ticket.id}: now is before the ticket was opened "
            f"({ticket.opened_at.isoformat()})"
        )
    return _response_run(ticket, contract, now), _resolution_run(ticket, contract, now)


def _wrong_type(ticket: object, contract: object) -> WrongTypeError:
    """The error for a ticket that is not a Ticket or a contract that is not a Contract."""
    if not isinstance(ticket, Ticket):
        return WrongTypeError(
            f"ticket must be a slakit Ticket, not {type(ticket).__name__} ({shown(ticket)})"
        )
    hint = (
        f"; build one with Contract(framework={contract!r}, tier=..., region=...)"
        if isinstance(contract, str)
        else ""
    )
    return WrongTypeError(
        f"contract must be a slakit Contract, not {type(contract).__name__} "
        f"({shown(contract)}){hint}"
    )


def _status(run: ClockRun, now: int, tz: tzinfo | None) -> MetricStatus:
    """A clock as the status a person reads: deadline, remaining, verdict."""
    metric, severity, _, state, _, _, elapsed, stopped_at, _, target, length, compiled = run
    # Most clocks have not reached their target: skip the walk over the segments.
    reached_at = None if elapsed < length else run.reached_at(length)
    breached = run.exceeds(length)
    if state is _PAUSED:
        due_at = None
    elif reached_at is not None:
        due_at = from_us(reached_at, tz)
    else:
        resumes = now if stopped_at is None else stopped_at
        due_at = from_us(compiled.add(resumes, length - elapsed), tz)
    breached_at = None
    if breached and reached_at is not None:
        breached_at = from_us(run.no_earlier_than_retarget(reached_at), tz)
    stopped = state is _STOPPED
    return trusted(
        MetricStatus,
        {
            "metric": metric,
            "severity": severity,
            "state": state,
            "clock": target.clock,
            "target": target,
            # ONE_US * n is timedelta_of(n) without a call: six per ticket on the hot path.
            "target_length": ONE_US * length,
            "due_at": due_at,
            "elapsed": ONE_US * elapsed,
            "remaining": ONE_US * (length - elapsed),
            "percent_used": Decimal((20000 * elapsed + length) // (2 * length)) / 100,
            "met": (not breached) if stopped else (False if breached else None),
            "breached": breached,
            "breached_at": breached_at,
            "stopped_at": from_us(stopped_at, tz) if stopped and stopped_at is not None else None,
        },
    )


def evaluate(ticket: Ticket, contract: Contract, now: datetime) -> TicketStatus:
    """The ticket's response and resolution status at ``now``, in the timezone of ``now``.

    >>> from datetime import datetime, timezone
    >>> from slakit import Ticket
    >>> evaluate(Ticket("T-1", "sev1", datetime(2026, 3, 2, 9, tzinfo=timezone.utc)), "kmp",
    ...          datetime(2026, 3, 2, 10, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    slakit.errors.WrongTypeError: contract must be a slakit Contract, not str ('kmp'); build \
one with Contract(framework='kmp', tier=..., region=...)

    Raises:
        WrongTypeError: ``ticket`` is not a Ticket, ``contract`` not a Contract, or ``now``
            not a datetime.
        NaiveDatetimeError: ``now`` has no timezone.
        TimelineError: ``now`` is before the ticket was opened.
    """
    now_us = to_us(now, "now")
    response, resolution = clock_runs(ticket, contract, now_us)
    tz = now.tzinfo
    return trusted(
        TicketStatus,
        {
            "ticket_id": ticket.id,
            "framework": contract.framework.name,
            "tier": contract.tier,
            "compliance_goal": contract.tier_policy.compliance_goal,
            "severity": resolution.ticket_severity,  # the ticket's, at now
            "opened_at": ticket.opened_at,
            "now": now,
            "response": _status(response, now_us, tz),
            "resolution": _status(resolution, now_us, tz),
        },
    )


def _fraction(threshold: object) -> Fraction:
    """An escalation threshold as an exact fraction of the target."""
    allowed = "give fractions of the target above zero, such as 0.5, 0.75, 0.9, 1.0"
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | Decimal | Fraction):
        raise UsageError(
            f"escalation threshold {shown(threshold)} is not a number "
            f"({type(threshold).__name__}); {allowed}"
        )
    if isinstance(threshold, Decimal):
        finite = threshold.is_finite()
    else:  # an int or a Fraction is always finite (and may be too big for a float)
        finite = not isinstance(threshold, float) or isfinite(threshold)
    if not finite:
        raise UsageError(f"escalation threshold {threshold} is not a finite number; {allowed}")
    # str() first, so that 0.9 means nine tenths rather than its binary neighbour.
    value = Fraction(str(threshold)) if isinstance(threshold, float) else Fraction(threshold)
    if value <= 0:
        raise UsageError(f"escalation threshold {threshold} is not above zero; {allowed}")
    return value


def _fractions(thresholds: Iterable[float | Decimal | Fraction]) -> list[Fraction]:
    """The distinct thresholds, smallest first."""
    if isinstance(thresholds, str | bytes) or not isinstance(thresholds, Iterable):
        raise WrongTypeError(
            f"thresholds must be a list of numbers such as [0.5, 0.75, 0.9, 1.0], "
            f"not {type(thresholds).__name__} ({shown(thresholds)})"
        )
    return sorted({_fraction(threshold) for threshold in thresholds})


def _escalations(
    run: ClockRun, fractions: list[Fraction], ticket_id: str, now: int, tz: tzinfo | None
) -> Iterator[Escalation]:
    """When a running clock reaches each threshold not already behind it at ``now``."""
    for fraction in fractions:
        needed = ceil(fraction * run.length)
        if needed >= run.elapsed:
            yield Escalation(
                ticket_id=ticket_id,
                metric=run.metric,
                threshold=Decimal(fraction.numerator) / Decimal(fraction.denominator),
                at=from_us(run.compiled.add(now, needed - run.elapsed), tz),
            )


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

    Raises:
        WrongTypeError: ``ticket``, ``contract`` or ``now`` is of the wrong type, or
            ``thresholds`` is not a list.
        UsageError: a threshold is not a finite number above zero.
        NaiveDatetimeError: ``now`` has no timezone.
        TimelineError: ``now`` is before the ticket was opened.
    """
    now_us = to_us(now, "now")
    fractions = _fractions(thresholds)
    escalations = [
        escalation
        for run in clock_runs(ticket, contract, now_us)
        if run.state is _RUNNING
        for escalation in _escalations(run, fractions, ticket.id, now_us, now.tzinfo)
    ]
    escalations.sort(key=lambda escalation: (escalation.at, escalation.metric.value))
    return escalations
