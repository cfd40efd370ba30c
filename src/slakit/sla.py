"""SLA events and the next wake-up: a ticket's metric event log, recomputed from its history.

:func:`sla_events` gives what happened to each metric's clock between two
instants (started, paused, resumed, retargeted, a warning threshold crossed,
breached, fulfilled, reopened), the event log Zendesk, Jira Service
Management and ServiceNow keep, but recomputed from the ticket's events each
time, so it is never stale and nothing is stored. :func:`next_wakeup` gives
the next instant at which a running clock crosses a threshold or breaches, so
a ticketing tool can sleep until then (or until the next event arrives).

Every instant is the one at which :func:`~slakit.clock.evaluate` first
reports the change, to the microsecond: elapsed time counts ``[start, t)``,
so a ``breached`` event is at the first instant at which ``evaluate`` says
``breached=True``, one microsecond after the clock has run exactly its
target (met means elapsed ≤ target). That is one microsecond (or, if the
target ran out at a closing time, the next opening plus one microsecond)
after :attr:`~slakit.MetricStatus.breached_at`, the instant the target was
used up. A threshold below 1 is crossed at the first instant elapsed reaches
that share of the target exactly (``elapsed ≥ fraction × target``, compared
in exact microseconds; ``percent_used``, rounded half up to 0.01 % for
display, may show the share up to 0.005 % earlier); a threshold of 1 or
more at the first instant elapsed passes it (``elapsed > fraction ×
target``), so 1.0 is the breach, reported as its own ``breached`` event:
thresholds are fractions below 1 (1 or more is refused). A severity change never leaves a threshold
crossed before the change that set its target.

Both functions are pure: they read nothing but their arguments (no clock,
no global state) and are safe to call from many threads.

>>> from datetime import datetime, timezone
>>> from slakit import Contract, Event, Ticket
>>> contract = Contract(framework="kmp", tier="premier", region="dublin")
>>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)             # a Monday
>>> ticket = Ticket("T-1", "sev1", opened, events=[Event.responded(opened.replace(minute=20))])
>>> for e in sla_events(ticket, contract, end=opened.replace(minute=30)):
...     if e.metric == "response":  # 15 minutes on a 24x7 clock
...         print(e.at.strftime("%H:%M:%S.%f"), e.kind.value, e.threshold or "-", e.met)
09:00:00.000000 started - None
09:07:30.000000 threshold 0.5 None
09:11:15.000000 threshold 0.75 None
09:13:30.000000 threshold 0.9 None
09:15:00.000001 breached - None
09:20:00.000000 fulfilled - False
>>> next_wakeup(ticket, contract, opened.replace(minute=30))  # resolution (4 h): 50 % at 11:00
datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import ceil, floor
from typing import Any

from pydantic import AwareDatetime, Field

from slakit._model import trusted
from slakit._text import shown
from slakit._time import from_us, to_us
from slakit.clock import (
    JSON_SCHEMA_DIALECT,
    ClockRun,
    ClockState,
    InstantKeyed,
    clock_runs,
    instant,
    threshold_fraction,
)
from slakit.errors import TimelineError, UsageError, WrongTypeError
from slakit.policy import Contract, Metric
from slakit.severity import Severity
from slakit.tickets import Ticket

__all__ = [
    "DEFAULT_THRESHOLDS",
    "SlaEvent",
    "SlaEventKind",
    "next_wakeup",
    "sla_event_schema",
    "sla_events",
]

DEFAULT_THRESHOLDS: tuple[float, ...] = (0.5, 0.75, 0.9)
"""The warning thresholds of :func:`sla_events` and :func:`next_wakeup` unless given."""


class SlaEventKind(StrEnum):
    """What happened to a metric's clock.

    - ``started``: the clock started, at the opening; under a contract whose
      ``severity_change`` is ``restart``, also at each severity change the
      metric adopts (the clock starts again from zero; if the ticket is
      paused then, a ``paused`` event follows at the same instant).
    - ``paused`` / ``resumed``: the resolution clock stopped and started
      running again while waiting on the customer (response is never paused).
    - ``retargeted``: under ``retarget``, a severity change the metric adopted:
      it now runs under that severity's target (from the opening). None
      after a breach, which is final.
    - ``threshold``: elapsed time crossed ``threshold`` of the target.
    - ``breached``: the first instant :func:`~slakit.clock.evaluate` reports
      ``breached=True``. At most once per metric.
    - ``fulfilled``: the clock stopped (first response; resolution), with
      ``met`` the verdict at that instant.
    - ``reopened``: the resolution clock runs again after a resolution; a new
      ``cycle`` begins.

    >>> SlaEventKind("breached") is SlaEventKind.BREACHED
    True
    """

    STARTED = "started"
    PAUSED = "paused"
    RESUMED = "resumed"
    RETARGETED = "retargeted"
    THRESHOLD = "threshold"
    BREACHED = "breached"
    FULFILLED = "fulfilled"
    REOPENED = "reopened"


class SlaEvent(InstantKeyed):
    """One thing that happened to one metric's clock of one ticket.

    ``severity`` is the severity whose target the clock runs under after the
    event (a metric that breached keeps the severity it breached, as
    :attr:`~slakit.MetricStatus.severity` does); ``threshold`` is set on
    ``threshold`` events (the share of the target, e.g. ``0.75``), ``met`` on
    ``fulfilled`` events. ``cycle`` counts the resolution clock's runs: 1 until
    the first reopen, then 2, and so on (the response clock has one cycle).
    In JSON (``model_dump(mode="json")``) ``at`` is RFC 3339 text with its
    offset and ``threshold`` a decimal string such as ``"0.75"``. ``at`` is in
    the timezone of the evaluation instant; events compare and hash by instant
    and UTC offset (see :func:`~slakit.clock.instant_key`), so an event read
    back from JSON equals the original, in a repeated autumn hour too.

    >>> from datetime import datetime, timezone
    >>> event = SlaEvent(at=datetime(2026, 3, 2, 9, 15, tzinfo=timezone.utc), ticket_id="T-1",
    ...                  metric="response", kind="threshold", severity="SEV1", threshold="0.9")
    >>> event.model_dump(mode="json")["threshold"], event.cycle
    ('0.9', 1)
    """

    at: AwareDatetime
    ticket_id: str
    metric: Metric
    kind: SlaEventKind
    severity: Severity
    threshold: Decimal | None = None
    met: bool | None = None
    cycle: int = Field(default=1, ge=1)


def sla_event_schema() -> dict[str, Any]:
    """The JSON Schema of an :class:`SlaEvent` as ``model_dump(mode="json")`` writes it.

    >>> schema = sla_event_schema()
    >>> schema["$schema"], sorted(schema["required"])
    ('https://json-schema.org/draft/2020-12/schema', ['at', 'kind', 'metric', 'severity', \
'ticket_id'])
    """
    return {"$schema": JSON_SCHEMA_DIALECT, **SlaEvent.model_json_schema(mode="serialization")}


# -- thresholds --------------------------------------------------------------------------------

_ALLOWED = (
    "give warning fractions of the target above zero and below 1, such as 0.5, 0.75, 0.9 "
    "(the breach is always reported)"
)
_BREACH = Fraction(1)  # the breach is the threshold 1.0: elapsed > target


def _fraction(threshold: object) -> Fraction:
    """A warning threshold as an exact fraction of the target: above zero, below 1."""
    return threshold_fraction(threshold, _ALLOWED, breach=False)


def _marks(thresholds: Iterable[float | Decimal | Fraction]) -> list[tuple[Fraction, bool]]:
    """Each distinct threshold, then the breach, as ``(fraction, is_breach)``, in the
    order their crossing amounts grow (see :func:`_amount`)."""
    if thresholds is DEFAULT_THRESHOLDS:
        return _DEFAULT_MARKS  # parsing fractions costs more than the rest of next_wakeup
    if isinstance(thresholds, str | bytes) or not isinstance(thresholds, Iterable):
        raise WrongTypeError(
            f"thresholds must be a list of numbers such as [0.5, 0.75, 0.9], "
            f"not {type(thresholds).__name__} ({shown(thresholds)})"
        )
    fractions = {_fraction(threshold) for threshold in thresholds}
    return sorted([(fraction, False) for fraction in fractions] + [(_BREACH, True)])


_DEFAULT_MARKS = _marks(list(DEFAULT_THRESHOLDS))  # callers only read it


def _amount(fraction: Fraction, length: int) -> int:
    """The elapsed microseconds at which ``fraction`` of a ``length`` µs target is crossed.

    Below the target, when elapsed reaches the share; at and beyond it, when
    elapsed passes it (met means elapsed ≤ target). The same rule as
    :func:`slakit.clock.escalation_schedule`.
    """
    scaled = fraction * length
    return ceil(scaled) if fraction < 1 else floor(scaled) + 1


def _decimal(fraction: Fraction) -> Decimal:
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


# -- the event log -----------------------------------------------------------------------------

# One computed event: (at µs, metric, kind, severity, threshold, met, cycle).
_Raw = tuple[int, Metric, SlaEventKind, Severity, Decimal | None, bool | None, int]

_RUNNING, _PAUSED, _STOPPED = ClockState.RUNNING, ClockState.PAUSED, ClockState.STOPPED
_TRANSITIONS = {
    (_RUNNING, _PAUSED): SlaEventKind.PAUSED,
    (_PAUSED, _RUNNING): SlaEventKind.RESUMED,
    (_RUNNING, _STOPPED): SlaEventKind.FULFILLED,
    (_PAUSED, _STOPPED): SlaEventKind.FULFILLED,
    (_STOPPED, _RUNNING): SlaEventKind.REOPENED,
}


def _crossed(run: ClockRun, marks: list[tuple[Fraction, bool]]) -> frozenset[int]:
    """The indices of the marks (thresholds and breach) ``run`` has crossed."""
    return frozenset(
        index
        for index, (fraction, _) in enumerate(marks)
        if run.elapsed >= _amount(fraction, run.length)
    )


def _prefix(ticket: Ticket, count: int) -> Ticket:
    """``ticket`` with only its first ``count`` events.

    A prefix of a valid timeline is a valid timeline, so it is copied without
    validating again (the timeline check is the cost of a constructor).
    """
    if count == len(ticket.events):
        return ticket
    return ticket.model_copy(update={"events": ticket.events[:count]})


class _Log:
    """The events of both metrics of one ticket, computed in time order."""

    def __init__(self, ticket: Ticket, contract: Contract, marks: list[tuple[Fraction, bool]]):
        self.ticket, self.contract, self.marks = ticket, contract, marks
        self.restart = contract.severity_change == "restart"
        self.raw: list[_Raw] = []
        self.cycles = [1, 1]

    def emit(
        self,
        at: int,
        run: ClockRun,
        kind: SlaEventKind,
        m: int,
        threshold: Decimal | None = None,
        met: bool | None = None,
    ) -> None:
        self.raw.append((at, run.metric, kind, run.severity, threshold, met, self.cycles[m]))

    def emit_mark(self, at: int, run: ClockRun, index: int, m: int) -> None:
        fraction, breach = self.marks[index]
        if breach:
            self.emit(at, run, SlaEventKind.BREACHED, m)
        else:
            self.emit(at, run, SlaEventKind.THRESHOLD, m, threshold=_decimal(fraction))

    def changes(self, at: int, before: ClockRun, after: ClockRun, m: int) -> None:
        """The events of one ticket event that took one metric's clock from ``before`` to
        ``after``, both at ``at``."""
        if after.severity is not before.severity:
            if self.restart:
                self.emit(at, after, SlaEventKind.STARTED, m)
                if after.state is _PAUSED:
                    self.emit(at, after, SlaEventKind.PAUSED, m)
            else:
                self.emit(at, after, SlaEventKind.RETARGETED, m)
        elif (kind := _TRANSITIONS.get((before.state, after.state))) is not None:
            if kind is SlaEventKind.REOPENED:
                self.cycles[m] += 1
            met = (not after.breached) if kind is SlaEventKind.FULFILLED else None
            self.emit(at, after, kind, m, met=met)

    def build(self, end: int) -> list[_Raw]:
        ticket, contract, marks = self.ticket, self.contract, self.marks
        events = [event for event in ticket.events if event.at_us <= end]
        at = ticket.opened_us
        runs = clock_runs(_prefix(ticket, 0), contract, at)
        for m, run in enumerate(runs):
            self.emit(at, run, SlaEventKind.STARTED, m)
        crossed = [frozenset[int](), frozenset[int]()]  # at the instant before `at`
        index = 0
        while True:
            # The ticket's events at `at` (at the opening, perhaps none): the state before
            # them, with the time up to `at` counted, then after each of them in turn.
            stop = index
            while stop < len(events) and events[stop].at_us == at:
                stop += 1
            if at != ticket.opened_us:
                runs = clock_runs(_prefix(ticket, index), contract, at)
            steps = [runs] + [
                clock_runs(_prefix(ticket, count), contract, at)
                for count in range(index + 1, stop + 1)
            ]
            for m in (0, 1):
                self.instant(at, [step[m] for step in steps], crossed[m], m)
            runs = steps[-1]
            crossed = [_crossed(run, marks) for run in runs]
            # Until the next event, running clocks cross marks as time passes.
            limit = events[stop].at_us - 1 if stop < len(events) else end
            for m, run in enumerate(runs):
                if run.state is _RUNNING:
                    crossed[m] = self.passing(at, limit, run, crossed[m], m)
            if stop == len(events):
                return self.raw
            index, at = stop, events[stop].at_us

    def instant(self, at: int, steps: list[ClockRun], before: frozenset[int], m: int) -> None:
        """One metric's events at one instant. ``steps`` are its clock with the time up to
        ``at`` counted, then after each ticket event at ``at``; ``before`` the marks crossed
        just before ``at``.

        A mark is reported only if crossed once every event at ``at`` is applied (what
        ``evaluate`` at ``at`` sees), after the step that last crossed it.
        """
        sets = [before, *(_crossed(run, self.marks) for run in steps)]
        new = sets[-1] - before
        placed: dict[int, list[int]] = {}
        for mark in sorted(new):
            step = max(k for k in range(1, len(sets)) if mark in sets[k] - sets[k - 1])
            placed.setdefault(step - 1, []).append(mark)
        for k, run in enumerate(steps):
            if k:
                self.changes(at, steps[k - 1], run, m)
            for mark in placed.get(k, ()):
                self.emit_mark(at, run, mark, m)

    def passing(
        self, at: int, limit: int, run: ClockRun, crossed: frozenset[int], m: int
    ) -> frozenset[int]:
        """The marks a clock running since ``at`` crosses up to ``limit`` (inclusive)."""
        more = set(crossed)
        for index, (fraction, _) in enumerate(self.marks):
            if index in crossed:
                continue
            instant = run.compiled.add(at, _amount(fraction, run.length) - run.elapsed)
            if instant > limit:
                break  # the marks are in order of their amounts: the rest come later
            self.emit_mark(instant, run, index, m)
            more.add(index)
        return frozenset(more)


def sla_events(
    ticket: Ticket,
    contract: Contract,
    *,
    start: datetime | str | None = None,
    end: datetime | str,
    thresholds: Iterable[float | Decimal | Fraction] = DEFAULT_THRESHOLDS,
) -> list[SlaEvent]:
    """The events of both metrics' clocks in ``[start, end]``, in time order, recomputed.

    ``end`` is the evaluation instant: the ticket's events after it are not
    known yet, and every event is the one ``evaluate`` at ``end`` implies
    (replaying them gives its ``state``, ``breached`` and ``met``). Each
    event is at the first instant ``evaluate`` reports it (see the module
    notes: ``breached`` one microsecond after the target is used up);
    events at one instant are in the order they happened (a threshold
    crossed by a retargeting follows the ``retargeted``). Instants are shown
    in the timezone of ``end``.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> ticket = Ticket("T-2", "sev3", opened, events=[Event.responded(opened.replace(hour=10)),
    ...     Event.paused(opened.replace(hour=11)), Event.resumed(opened.replace(hour=14)),
    ...     Event.severity_changed(opened.replace(hour=15), "sev1")])
    >>> [(e.at.strftime("%H:%M"), e.kind.value, e.severity.value, e.threshold)
    ...  for e in sla_events(ticket, contract, start="2026-03-02T11:00:00Z",
    ...                      end="2026-03-02T16:00:00Z") if e.metric == "resolution"]
    ... # 4 h on SEV1: 2 h before the pause and 1 h after make 75 % at the change, 90 % at 15:36
    [('11:00', 'paused', 'SEV3', None), ('14:00', 'resumed', 'SEV3', None), \
('15:00', 'retargeted', 'SEV1', None), ('15:00', 'threshold', 'SEV1', Decimal('0.5')), \
('15:00', 'threshold', 'SEV1', Decimal('0.75')), ('15:36', 'threshold', 'SEV1', Decimal('0.9'))]

    Args:
        ticket: the ticket, with every event known at ``end`` (later ones are ignored).
        contract: the contract whose targets and calendars apply.
        start: the first instant to report (default: the opening); anything
            ``opened_at`` accepts (see :func:`slakit.clock.instant`).
        end: the evaluation instant, the last to report; as ``start``.
        thresholds: the warning shares of the target, above zero and below 1, such as
            ``(0.5, 0.75, 0.9)``; the breach is reported without one.

    Raises:
        WrongTypeError: ``ticket`` or ``contract`` of the wrong type, ``start`` or ``end``
            not a datetime or text, ``thresholds`` not a list.
        NaiveDatetimeError: ``start`` or ``end`` has no timezone.
        UsageError: ``start`` or ``end`` is text that is not an instant; ``start`` is after
            ``end``; a threshold is not a finite number above zero and below 1 (one above 1
            is refused as a likely percentage).
        TimelineError: ``end`` is before the ticket was opened.
    """
    end_at = instant(end, "end")
    end_us = to_us(end_at, "end")
    start_us = None
    if start is not None:
        start_us = to_us(instant(start, "start"), "start")
        if start_us > end_us:
            raise UsageError(
                f"start ({start}) is after end ({end}); give start <= end, or no start to "
                f"report from the opening"
            )
    marks = _marks(thresholds)
    if isinstance(ticket, Ticket) and end_us < ticket.opened_us:
        raise TimelineError(
            f"ticket {ticket.id}: end is before the ticket was opened "
            f"({ticket.opened_at.isoformat()})"
        )
    clock_runs(ticket, contract, end_us)  # checks the ticket and the contract
    tz: tzinfo | None = end_at.tzinfo
    raw = _Log(ticket, contract, marks).build(end_us)
    raw.sort(key=lambda item: item[0])  # stable: events at one instant keep their order
    return [
        trusted(
            SlaEvent,
            {
                "at": from_us(at, tz),
                "ticket_id": ticket.id,
                "metric": metric,
                "kind": kind,
                "severity": severity,
                "threshold": threshold,
                "met": met,
                "cycle": cycle,
            },
        )
        for at, metric, kind, severity, threshold, met, cycle in raw
        if start_us is None or at >= start_us
    ]


def next_wakeup(
    ticket: Ticket,
    contract: Contract,
    now: datetime | str,
    thresholds: Iterable[float | Decimal | Fraction] = DEFAULT_THRESHOLDS,
) -> datetime | None:
    """The next instant after ``now`` at which a threshold is crossed or a breach begins.

    If nothing else happens: the ticket's events after ``now`` are ignored,
    as ``evaluate`` ignores them, so a scheduler sleeps until this instant or
    the next event, whichever comes first, and re-evaluates then. ``None``
    when no clock is running (both paused or stopped) or a running clock has
    crossed every threshold and breached. Shown in the timezone of ``now``.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> ticket = Ticket("T-3", "sev1", opened)
    >>> next_wakeup(ticket, contract, opened.replace(minute=14))  # response, 15 min
    datetime.datetime(2026, 3, 2, 9, 15, 0, 1, tzinfo=datetime.timezone.utc)
    >>> resolved = Ticket("T-4", "sev1", opened, [Event.resolved(opened)])
    >>> print(next_wakeup(resolved, contract, opened))
    None

    Raises:
        WrongTypeError: ``ticket`` or ``contract`` of the wrong type, ``now`` not a datetime
            or text, ``thresholds`` not a list.
        NaiveDatetimeError: ``now`` has no timezone.
        UsageError: ``now`` is text that is not an instant; a threshold is not a finite
            number above zero and below 1.
        TimelineError: ``now`` is before the ticket was opened.
    """
    now_at = instant(now, "now")
    now_us = to_us(now_at, "now")
    marks = _marks(thresholds)
    earliest: int | None = None
    for run in clock_runs(ticket, contract, now_us):
        if run.state is not _RUNNING:
            continue
        for fraction, _ in marks:
            amount = _amount(fraction, run.length)
            if amount > run.elapsed:  # the first mark not crossed yet is the next one
                at = run.compiled.add(now_us, amount - run.elapsed)
                if earliest is None or at < earliest:
                    earliest = at
                break
    return None if earliest is None else from_us(earliest, now_at.tzinfo)
