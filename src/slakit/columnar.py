"""The columnar engine: deadlines, elapsed time and whole statuses over arrays, with numpy.

Part of the ``pandas`` extra (numpy comes with pandas); numpy is imported
when a function here is called, so the core never needs it.

Instants are ``int64`` microseconds since the epoch (UTC), durations ``int64``
microseconds, as everywhere inside slakit. A calendar's
:class:`~slakit._index.CompiledIndex` is a sorted list of open intervals with
the open time before each (its *positions*, see
:meth:`~slakit._index.CompiledIndex.arrays`); then for a whole array at once

* ``elapsed(a, b)`` is ``position(b) - position(a)``: one ``searchsorted`` on the
  interval starts per end;
* ``add(s, d)`` is the instant at position ``position(s) + d``: one
  ``searchsorted`` on the prefix sums.

The answers are those of the scalar :meth:`Calendar.elapsed
<slakit.Calendar.elapsed>` and :meth:`Calendar.add <slakit.Calendar.add>`,
to the microsecond (a deadline past the years compiled so far is handed to
the scalar search, which compiles on, or raises its clear error).

:func:`evaluate_batch` evaluates many tickets under many contracts at once:
every field of :func:`slakit.evaluate`, vectorised for timelines of
responses, pauses, resumes, resolutions, reopens and severity changes
(retarget or restart, a breach final; events after ``now`` ignored). The
answers are the scalar ``evaluate``'s, field by field (the property tests
hold it to that).

>>> import numpy as np
>>> from slakit import Contract
>>> contract = Contract(framework="kmp", tier="premier", region="dublin")
>>> business = contract.business_calendar.compiled              # Mon-Fri 06:00-18:00 Dublin
>>> hour = 3_600_000_000
>>> four_pm = 1_791_216_000 * 10**6       # Monday 2026-10-05 16:00 UTC (17:00 IST)
>>> # 1 h left on Monday, then 1 h from 06:00 IST (05:00 UTC) on Tuesday
>>> (add(business, np.array([four_pm]), np.array([2 * hour])) - four_pm) // hour
array([14])
>>> elapsed(business, np.array([four_pm]), np.array([four_pm + 14 * hour])) // hour
array([2])
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from slakit._frames import pandas_module
from slakit._time import from_us, to_us
from slakit.clock import ClockState, evaluate
from slakit.errors import TimelineError, UsageError, WrongTypeError
from slakit.policy import Contract, Metric
from slakit.severity import Severity
from slakit.tickets import EventKind, Ticket

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from slakit._index import CompiledIndex

    Int64s = npt.NDArray[np.int64]

__all__ = [
    "KINDS",
    "METRICS",
    "NAT",
    "SEVERITIES",
    "STATES",
    "Batch",
    "EventColumns",
    "MetricColumns",
    "StatusColumns",
    "add",
    "batch_of_tickets",
    "elapsed",
    "evaluate_batch",
    "positions",
    "timelines_valid",
]

#: The "no instant" of an ``int64`` column: numpy's ``NaT``, so a column of microseconds
#: viewed as ``datetime64[us]`` shows ``NaT`` there.
NAT = -(2**63)
#: Severity codes: ``SEVERITIES[code]``.
SEVERITIES: tuple[Severity, ...] = tuple(Severity)
#: Clock state codes: ``STATES[code]``.
STATES: tuple[ClockState, ...] = (ClockState.RUNNING, ClockState.PAUSED, ClockState.STOPPED)
#: Event kind codes: ``KINDS[code]``.
KINDS: tuple[EventKind, ...] = tuple(EventKind)
#: The metrics, in the order of a status.
METRICS: tuple[Metric, ...] = (Metric.RESPONSE, Metric.RESOLUTION)

_SEVERITY_CODE = {severity: code for code, severity in enumerate(SEVERITIES)}
_STATE_CODE = {state: code for code, state in enumerate(STATES)}
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
_RESPONDED, _RESOLVED = EventKind.RESPONDED, EventKind.RESOLVED
_PAUSED, _RESUMED, _REOPENED = EventKind.PAUSED, EventKind.RESUMED, EventKind.REOPENED
_SEVERITY_CHANGED = EventKind.SEVERITY_CHANGED
# Beyond this many µs of elapsed time, 20000 * elapsed overflows int64: exact in Python.
_SAFE_ELAPSED = (2**63 - 1) // 20000 - 1


def _numpy() -> Any:
    pandas_module()  # one message for a missing extra: numpy comes with pandas
    import numpy

    return numpy


# -- the index as numpy arrays ------------------------------------------------------------------


class _Arrays(NamedTuple):
    low: int
    high: int
    starts: Any
    before_start: Any
    before_end: Any
    base: int
    last: int  # position of the last closing: a deadline beyond it is searched on


_CACHE: WeakKeyDictionary[CompiledIndex, tuple[object, int, int, _Arrays]] = WeakKeyDictionary()


def _arrays(index: CompiledIndex, low: int, high: int) -> _Arrays:
    """The index's arrays covering ``[low, high]`` as numpy arrays (converted once per
    compiled range: the index swaps its lists whole when it compiles more years)."""
    np = _numpy()
    snapshot = index.arrays(low, high)
    count = snapshot.size
    cached = _CACHE.get(index)
    # The same lists, count and range: the same snapshot (a year appended to a 24x7
    # calendar lengthens its last interval without adding one, so `high` is compared too).
    if (
        cached is not None
        and cached[0] is snapshot.starts
        and cached[1:3] == (count, snapshot.high)
    ):
        return cached[3]
    arrays = _Arrays(
        snapshot.low,
        snapshot.high,
        np.asarray(snapshot.starts[:count], dtype=np.int64),
        np.asarray(snapshot.before_start[:count], dtype=np.int64),
        np.asarray(snapshot.before_end[:count], dtype=np.int64),
        snapshot.base,
        snapshot.before_end[count - 1] if count else snapshot.base,
    )
    _CACHE[index] = (snapshot.starts, count, snapshot.high, arrays)
    return arrays


def _positions(arrays: _Arrays, instants: Int64s) -> Int64s:
    np = _numpy()
    if not len(arrays.starts):
        return np.full(len(instants), arrays.base, dtype=np.int64)  # type: ignore[no-any-return]
    i = np.searchsorted(arrays.starts, instants, side="right") - 1
    inside = i >= 0
    j = np.where(inside, i, 0)
    # Within an interval: its start's position plus the time since; past its end: the end's.
    open_time = np.minimum(
        arrays.before_start[j] + (instants - arrays.starts[j]), arrays.before_end[j]
    )
    return np.where(inside, open_time, arrays.base)  # type: ignore[no-any-return]


def _bounds(*columns: Int64s) -> tuple[int, int]:
    return min(int(column.min()) for column in columns), max(
        int(column.max()) for column in columns
    )


def positions(index: CompiledIndex, instants: Int64s) -> Int64s:
    """The open time from the index's origin to each instant (``elapsed`` is a difference).

    >>> import numpy as np
    >>> from slakit import Calendar
    >>> index = Calendar.always("UTC").compiled
    >>> p = positions(index, np.array([0, 3_600_000_000]))
    >>> int(p[1] - p[0])
    3600000000

    Raises:
        RangeError: an instant is outside the years 1900 to 2999.
    """
    np = _numpy()
    instants = np.asarray(instants, dtype=np.int64)
    if not len(instants):
        return np.zeros(0, dtype=np.int64)  # type: ignore[no-any-return]
    return _positions(_arrays(index, *_bounds(instants)), instants)


def elapsed(index: CompiledIndex, starts: Int64s, ends: Int64s) -> Int64s:
    """Open time in each ``[start, end)`` (negative when ``end < start``), as
    :meth:`CompiledIndex.elapsed <slakit._index.CompiledIndex.elapsed>`.

    >>> import numpy as np
    >>> from slakit import Calendar
    >>> nine_to_five = Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"}).compiled
    >>> monday = 1_791_158_400 * 10**6                             # 2026-10-05 00:00 UTC
    >>> hour = 3_600_000_000
    >>> elapsed(nine_to_five, np.array([monday, monday + 16 * hour]),
    ...         np.array([monday + 24 * hour, monday + 34 * hour])) // hour
    array([8, 2])

    Raises:
        RangeError: an instant is outside the years 1900 to 2999.
    """
    np = _numpy()
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if not len(starts):
        return np.zeros(0, dtype=np.int64)  # type: ignore[no-any-return]
    arrays = _arrays(index, *_bounds(starts, ends))
    return _positions(arrays, ends) - _positions(arrays, starts)


def add(index: CompiledIndex, starts: Int64s, durations: Int64s) -> Int64s:
    """The instant each duration of open time after each start runs out, as
    :meth:`CompiledIndex.add <slakit._index.CompiledIndex.add>`: the earliest ``t >= start``
    with ``elapsed(start, t) == duration`` (a negative duration counts back).

    Deadlines within the compiled years are found by one ``searchsorted`` on
    the prefix sums; the few beyond (or counting back) by the scalar search,
    which compiles on and raises its clear error (``RangeError``,
    ``NeverOpenError``) where there is no answer.

    Raises:
        RangeError: a start, or the answer, is outside the years 1900 to 2999, or further
            than the years searched.
        NeverOpenError: the calendar is never open in the years searched.
    """
    np = _numpy()
    starts = np.asarray(starts, dtype=np.int64)
    durations = np.asarray(durations, dtype=np.int64)
    result = starts.copy()
    if not len(starts):
        return result
    arrays = _arrays(index, *_bounds(starts))
    targets = _positions(arrays, starts) + durations
    forward = (durations > 0) & (targets <= arrays.last)
    if forward.any():
        wanted = targets[forward]
        j = np.searchsorted(arrays.before_end, wanted, side="left")
        result[forward] = arrays.starts[j] + (wanted - arrays.before_start[j])
    rest = np.flatnonzero(~forward & (durations != 0))
    for k in rest.tolist():  # beyond the compiled years, or counting back: the scalar search
        result[k] = index.add(int(starts[k]), int(durations[k]))
    return result


# -- a batch of tickets ---------------------------------------------------------------------------


class Batch(NamedTuple):
    """Tickets as columns, one row per ticket (each an array of the same length).

    ``severity`` holds codes into :data:`SEVERITIES`; ``opened`` (every row's),
    ``responded`` (the first response) and ``resolved`` are ``int64``
    microseconds, with :data:`NAT` for none; ``contract`` indexes the
    contracts given to :func:`evaluate_batch`. ``events`` holds the whole
    timelines of rows with other events (pauses, resumes, reopens, severity
    changes), one event per entry, each row's in timeline order (their
    ``responded`` and ``resolved`` columns are not read). ``tickets``
    optionally maps a row's position to its :class:`~slakit.Ticket`, for
    rows given whole: their events are read into the event columns and their
    other columns but ``opened`` are not read. ``source``, when the batch was
    made of tickets, is them (for the scalar path's errors). Every row is
    evaluated vectorised; either way
    a timeline must obey the rules of a :class:`~slakit.Ticket`.
    """

    ids: Any
    severity: Any
    opened: Any
    responded: Any
    resolved: Any
    contract: Any
    tickets: Mapping[int, Ticket] = {}
    source: Sequence[Ticket] | None = None
    events: EventColumns | None = None


class EventColumns(NamedTuple):
    """Events as columns: the row of the ticket (ascending, each row's events in timeline
    order), the instant (``int64`` microseconds), the kind (codes into :data:`KINDS`) and,
    for severity changes, the new severity (codes into :data:`SEVERITIES`, -1 for other
    events; ``None`` when there are no severity changes)."""

    row: Any
    at: Any
    kind: Any
    severity: Any = None


class MetricColumns(NamedTuple):
    """One metric of every ticket: the fields of :class:`~slakit.MetricStatus` as arrays.

    Instants and durations are ``int64`` microseconds (:data:`NAT` for none);
    ``severity`` and ``state`` are codes into :data:`SEVERITIES` and
    :data:`STATES`; ``met`` is ``int8`` (1 met, 0 not, -1 undecided);
    ``percent_used`` and ``wall_percent_used`` are the exact percentages
    (rounded half up to 2 places) as ``float64``, the nearest float to the
    ``Decimal``; ``cycles`` is the number of cycles.
    """

    severity: Any
    state: Any
    target_length: Any
    due_at: Any
    elapsed: Any
    percent_used: Any
    met: Any
    breached: Any
    breached_at: Any
    stopped_at: Any
    wall_elapsed: Any
    wall_percent_used: Any
    paused: Any
    cycles: Any


class StatusColumns(NamedTuple):
    """Every ticket's status as columns: the ticket's severity at ``now`` (codes), and one
    :class:`MetricColumns` per metric. ``remaining`` is ``target_length - elapsed``."""

    severity: Any
    response: MetricColumns
    resolution: MetricColumns


def batch_of_tickets(tickets: Sequence[Ticket], contract: Any) -> Batch:
    """A :class:`Batch` of :class:`~slakit.Ticket` objects; ``contract`` is an array of
    contract codes (one per ticket) or one code for all.

    Tickets whose events are only responses and a resolution are read into
    the columns, the others (pauses, reopens, severity changes) into
    ``events``; both are evaluated vectorised.

    >>> from datetime import datetime, timezone
    >>> from slakit import Event
    >>> opened = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
    >>> batch = batch_of_tickets([Ticket("T-1", "P2", opened),
    ...     Ticket("T-2", "P1", opened, events=[Event.paused(opened)]),
    ...     Ticket("T-3", "P1", opened, events=[Event.severity_changed(opened, "P2")])], 0)
    >>> batch.severity.tolist(), batch.events.row.tolist(), batch.events.severity.tolist()
    ([1, 0, 0], [1, 2], [-1, 1])
    """
    np = _numpy()
    n = len(tickets)
    severity = np.empty(n, dtype=np.int8)
    opened = np.empty(n, dtype=np.int64)
    responded = np.full(n, NAT, dtype=np.int64)
    resolved = np.full(n, NAT, dtype=np.int64)
    event_rows: list[int] = []
    event_at: list[int] = []
    event_kind: list[int] = []
    event_severity: list[int] = []
    for row, ticket in enumerate(tickets):
        if not isinstance(ticket, Ticket):
            raise WrongTypeError(
                f"tickets[{row}] must be a slakit Ticket, not {type(ticket).__name__}"
            )
        severity[row] = _SEVERITY_CODE[ticket.severity]
        opened[row] = ticket.opened_us
        events = ticket.events
        if not events:
            continue
        if len(events) == 1 and events[0].kind is _RESPONDED:
            responded[row] = events[0].at_us
        elif len(events) == 1 and events[0].kind is _RESOLVED:
            resolved[row] = events[0].at_us
        elif len(events) == 2 and events[0].kind is _RESPONDED and events[1].kind is _RESOLVED:
            responded[row], resolved[row] = events[0].at_us, events[1].at_us
        else:
            for event in events:
                event_rows.append(row)
                event_at.append(event.at_us)
                event_kind.append(_KIND_CODE[event.kind])
                new = event.severity
                event_severity.append(-1 if new is None else _SEVERITY_CODE[new])
    codes = np.broadcast_to(np.asarray(contract, dtype=np.intp), (n,))
    ids = np.array([ticket.id for ticket in tickets], dtype=object)
    timelines = None
    if event_rows:
        timelines = EventColumns(
            np.asarray(event_rows, dtype=np.intp),
            np.asarray(event_at, dtype=np.int64),
            np.asarray(event_kind, dtype=np.int8),
            np.asarray(event_severity, dtype=np.intp),
        )
    return Batch(ids, severity, opened, responded, resolved, codes, {}, tickets, timelines)


def evaluate_batch(batch: Batch, contracts: Sequence[Contract], now: datetime) -> StatusColumns:
    """Every ticket of ``batch`` at ``now``, under ``contracts[batch.contract[row]]``.

    The same answers as ``evaluate(ticket, contract, now)`` field by field,
    all rows at once (severity changes are applied round by round: every
    row's first change, then every row's second, ...). ``now``
    is an aware datetime; every ticket must be opened at or before it.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Event
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
    >>> batch = batch_of_tickets([Ticket("T-1", "sev1", opened,
    ...     events=[Event.responded(opened.replace(minute=20))])], 0)
    >>> columns = evaluate_batch(batch, [contract], opened.replace(hour=10))
    >>> columns.response.met.tolist(), columns.response.percent_used.tolist()
    ([0], [133.33])

    Raises:
        TimelineError: a ticket was opened after ``now``.
        RangeError: an instant or a deadline is outside the years slakit computes.
    """
    np = _numpy()
    now_us = to_us(now, "now")
    given = batch.events
    if (
        given is not None
        and given.severity is None
        and (given.kind == _KIND_CODE[_SEVERITY_CHANGED]).any()
    ):
        raise UsageError(
            "batch.events has severity changes but no severity column: give each "
            "change's new severity (codes into SEVERITIES, -1 for other events)"
        )
    if batch.tickets:  # whole tickets: their timelines as columns too
        batch = _tickets_as_events(batch)
    n = len(batch.ids)
    simple = np.ones(n, dtype=bool)
    if batch.events is not None:
        simple[batch.events.row] = False
    if n and int(batch.opened.max()) > now_us:  # the first such row, as a loop would find it
        late = int(np.argmax(batch.opened > now_us))
        source = batch.source
        if source is not None:  # the scalar path's error, with the opening as given
            evaluate(source[late], contracts[int(batch.contract[late])], now)
        raise TimelineError(
            f"ticket {batch.ids[late]}: now is before the ticket was opened "
            f"({from_us(int(batch.opened[late]), UTC).isoformat()})"
        )
    rows = np.flatnonzero(simple)
    opened = batch.opened[rows]
    severity = batch.severity[rows].astype(np.intp)
    codes = batch.contract[rows].astype(np.intp)
    responded, resolved = batch.responded[rows], batch.resolved[rows]
    resolved_by_now = (resolved != NAT) & (resolved <= now_us)
    responded_by_now = (responded != NAT) & (responded <= now_us)
    # Resolving answers the customer too: the response stops at the first of the two.
    response_stop = np.where(
        responded_by_now & (~resolved_by_now | (responded <= resolved)),
        responded,
        np.where(resolved_by_now, resolved, NAT),
    )
    resolution_stop = np.where(resolved_by_now, resolved, NAT)

    status = StatusColumns(
        np.empty(n, dtype=np.int8),
        _empty_metric(n),
        _empty_metric(n),
    )
    status.severity[rows] = batch.severity[rows]
    for m, stop in ((0, response_stop), (1, resolution_stop)):
        _simple_metric(status[1 + m], rows, m, severity, codes, opened, stop, contracts, now_us)
    events = batch.events
    if events is not None and len(events.row):
        _timeline_rows(status, batch, contracts, now_us)
    return status


def _tickets_as_events(batch: Batch) -> Batch:
    """``batch`` with the rows of ``batch.tickets`` read into its event columns (and their
    severity from the ticket), merged with its other timelines by row."""
    np = _numpy()
    row: list[int] = []
    at: list[int] = []
    kind: list[int] = []
    new: list[int] = []
    severity = np.array(batch.severity, dtype=np.int8)
    responded = np.array(batch.responded, dtype=np.int64)
    resolved = np.array(batch.resolved, dtype=np.int64)
    for number, ticket in batch.tickets.items():
        severity[number] = _SEVERITY_CODE[ticket.severity]
        responded[number] = resolved[number] = NAT  # an empty timeline: a simple row
        for event in ticket.events:
            row.append(number)
            at.append(event.at_us)
            kind.append(_KIND_CODE[event.kind])
            new.append(-1 if event.severity is None else _SEVERITY_CODE[event.severity])
    parts = [(np.asarray(row, dtype=np.intp), np.asarray(at, dtype=np.int64),
              np.asarray(kind, dtype=np.int8), np.asarray(new, dtype=np.intp))]  # fmt: skip
    if batch.events is not None:
        given = batch.events
        changes = given.severity
        if changes is None:
            changes = np.full(len(given.row), -1, dtype=np.intp)
        parts.insert(0, (np.asarray(given.row, dtype=np.intp), given.at, given.kind, changes))
    owner = np.concatenate([part[0] for part in parts])
    order = np.argsort(owner, kind="stable")  # each row's events keep their order
    events = EventColumns(
        owner[order],
        np.concatenate([part[1] for part in parts]).astype(np.int64)[order],
        np.concatenate([part[2] for part in parts]).astype(np.int8)[order],
        np.concatenate([part[3] for part in parts]).astype(np.intp)[order],
    )
    return batch._replace(
        severity=severity, responded=responded, resolved=resolved, tickets={}, events=events
    )


def _within(owner: Any, values: Any, marked: Any) -> Any:
    """For each event, the value at the last marked event up to it within its ticket (0 if
    none): a forward fill, restarted at each ticket."""
    np = _numpy()
    n = len(owner)
    position = np.where(marked, np.arange(n), -1)
    position = np.maximum.accumulate(position) if n else position
    safe = np.maximum(position, 0)
    same = (position >= 0) & (owner[safe] == owner)
    return np.where(same, values[safe], 0)


def _before(owner: Any, after: Any) -> Any:
    """Each event's value before it (the previous event's after-value in its ticket, else 0)."""
    np = _numpy()
    shifted = np.concatenate([[0], after[:-1]]) if len(after) else after
    first = np.concatenate([[True], owner[1:] != owner[:-1]]) if len(owner) else owner
    return np.where(first, 0, shifted)


def timelines_valid(opened: Any, events: EventColumns) -> bool:
    """Whether every timeline obeys the rules of a :class:`~slakit.Ticket`
    (:func:`slakit.tickets.check_timeline`): no event before the opening (``opened`` is
    each row's opening), resume only when paused, pause only when running, reopen only
    when resolved, nothing but a reopen after a resolution. Each row's events must be in
    time order already.

    >>> import numpy as np
    >>> paused, resumed = KINDS.index(EventKind.PAUSED), KINDS.index(EventKind.RESUMED)
    >>> ok = EventColumns(np.array([0, 0]), np.array([5, 7]), np.array([paused, resumed]))
    >>> twice = ok._replace(kind=np.array([paused, paused]))
    >>> timelines_valid(np.array([1]), ok), timelines_valid(np.array([1]), twice)
    (True, False)
    """
    np = _numpy()
    owner, at, kind, _ = events
    if not len(owner):
        return True
    code = _KIND_CODE
    resolving = kind == code[_RESOLVED]
    pausing = kind == code[_PAUSED]
    resuming = kind == code[_RESUMED]
    reopening = kind == code[_REOPENED]
    resolved_before = _before(owner, _within(owner, resolving.astype(np.int8),
                                             resolving | reopening))  # fmt: skip
    paused_before = _before(owner, _within(owner, pausing.astype(np.int8),
                                           pausing | resuming | resolving))  # fmt: skip
    broken = at < opened[owner]
    broken |= (resolved_before == 1) & ~reopening
    broken |= pausing & (paused_before == 1)
    broken |= resuming & (paused_before == 0)
    broken |= reopening & (resolved_before == 0)
    return not bool(broken.any())


def _timeline_rows(
    status: StatusColumns, batch: Batch, contracts: Sequence[Contract], now_us: int
) -> None:
    """The rows with events beyond a response and a resolution, all at once: the response
    over one stretch (it is never paused, and stops at the first response or
    resolution), the resolution over its stretches of running time (the fold of
    ``clock.evaluate``, in arrays), each under the target its severity changes left it."""
    np = _numpy()
    assert batch.events is not None
    owner_row, instants, kinds, changes = batch.events
    rows = np.unique(owner_row)
    m = len(rows)
    known = instants <= now_us  # events after now are ignored (a prefix of each timeline)
    owner = np.searchsorted(rows, owner_row[known])
    at, kind = instants[known], kinds[known]
    n = len(at)
    code = {event: KINDS.index(event) for event in KINDS}
    answered = (kind == code[_RESPONDED]) | (kind == code[_RESOLVED])
    response_stop = np.full(m, NAT, dtype=np.int64)
    answer = np.full(m, n, dtype=np.intp)  # each row's first response or resolution (event)
    where = np.flatnonzero(answered)
    whose, first = np.unique(owner[where], return_index=True)
    response_stop[whose] = at[where[first]]
    answer[whose] = where[first]
    # The clock's state around each event: resolved (until a reopen), paused (until a
    # resume or the resolution); running before it when neither.
    resolving = kind == code[_RESOLVED]
    pausing = kind == code[_PAUSED]
    resolved_after = _within(owner, resolving.astype(np.int8),
                             resolving | (kind == code[_REOPENED]))  # fmt: skip
    paused_after = _within(owner, pausing.astype(np.int8),
                           pausing | (kind == code[_RESUMED]) | resolving)  # fmt: skip
    running_before = (_before(owner, resolved_after) == 0) & (_before(owner, paused_after) == 0)
    ends = (pausing | resolving) & running_before
    begins = (kind == code[_RESUMED]) | (kind == code[_REOPENED])
    last = np.flatnonzero(np.concatenate([owner[1:] != owner[:-1], [True]])) if n else owner
    state = np.zeros(m, dtype=np.int8)
    stopped_at = np.full(m, NAT, dtype=np.int64)
    stopped_code, paused_code = _STATE_CODE[ClockState.STOPPED], _STATE_CODE[ClockState.PAUSED]
    is_stopped_last = resolved_after[last] == 1
    state[owner[last]] = np.where(is_stopped_last, stopped_code,
                                  np.where(paused_after[last] == 1, paused_code, 0))  # fmt: skip
    stopped_at[owner[last[is_stopped_last]]] = at[last[is_stopped_last]]
    running = state == 0
    # The stretches: from the opening and each resume or reopen, to the next pause or
    # resolution that found the clock running, or to now.
    opened = batch.opened[rows]
    start_owner = np.concatenate([np.arange(m), owner[begins]])
    start_at = np.concatenate([opened, at[begins]])
    end_owner = np.concatenate([owner[ends], np.flatnonzero(running)])
    end_at = np.concatenate([at[ends], np.full(int(running.sum()), now_us, dtype=np.int64)])
    by_start = np.lexsort((start_at, start_owner))
    by_end = np.lexsort((end_at, end_owner))
    whose, starts, stops = start_owner[by_start], start_at[by_start], end_at[by_end]
    # Real time paused: from each pause to the resume or resolution after it, or to now.
    closing = np.where(begins | resolving, np.arange(n), n)
    closing = np.minimum.accumulate(closing[::-1])[::-1] if n else closing
    pauses = np.flatnonzero(pausing)
    after_pause = np.append(closing, n)[pauses + 1] if n else pauses
    closed = (after_pause < n) & (owner[np.minimum(after_pause, max(n - 1, 0))] == owner[pauses])
    pause_end = np.where(closed, at[np.minimum(after_pause, max(n - 1, 0))], now_us)
    paused = np.zeros(m, dtype=np.int64)
    np.add.at(paused, owner[pauses], pause_end - at[pauses])
    cycles = np.ones(m, dtype=np.int64)
    np.add.at(cycles, owner[kind == code[_REOPENED]], 1)

    severity = batch.severity[rows].astype(np.intp)
    codes = batch.contract[rows].astype(np.intp)
    # Severity changes: each metric's target, where its count begins (a restart) and its
    # last retargeting, as `clock._response_run` and `_resolution_run` fold them.
    current = severity.copy()
    response_to = _Targets(severity.copy(), opened.copy(), np.full(m, NAT, dtype=np.int64))
    resolution_to = _Targets(severity.copy(), opened.copy(), np.full(m, NAT, dtype=np.int64))
    if changes is not None:
        new = np.asarray(changes)[known].astype(np.intp)
        changing = np.flatnonzero(kind == code[_SEVERITY_CHANGED])
        if len(changing):
            changer, to = owner[changing], new[changing]
            first_change = np.concatenate([[True], changer[1:] != changer[:-1]])
            before = np.where(first_change, severity[changer], np.roll(to, 1))
            current[changer] = to  # the last change of each row wins: the ticket's severity
            effective = changing[to != before]  # a change to the same severity does nothing
            restart = np.asarray(
                [contract.severity_change == "restart" for contract in contracts], dtype=bool
            )[codes]

            def response_used(which: Any, until: Any, index: CompiledIndex) -> Any:
                return elapsed(index, response_to.origin[which], until)

            # Each row's stretches: whose[low[row]:high[row]] (whose is sorted).
            low = np.searchsorted(whose, np.arange(m), side="left")
            high = np.searchsorted(whose, np.arange(m), side="right")

            def resolution_used(which: Any, until: Any, index: CompiledIndex) -> Any:
                # Open time of each row's stretches from its count's origin to `until`
                # (only those rows' stretches are read: a round costs what its rows hold).
                count = high[which] - low[which]
                item = np.repeat(np.arange(len(which)), count)
                mine = low[which][item] + (
                    np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
                )
                first = np.maximum(starts[mine], resolution_to.origin[whose[mine]])
                end = np.minimum(stops[mine], until[item])
                inside = np.flatnonzero(end > first)
                total = np.zeros(len(which), dtype=np.int64)
                np.add.at(total, item[inside], elapsed(index, first[inside], end[inside]))
                return total

            _retarget(response_to, effective[effective < answer[owner[effective]]], owner, at,
                      new, restart, codes, contracts, METRICS[0], response_used)  # fmt: skip
            _retarget(resolution_to, effective, owner, at, new, restart, codes, contracts,
                      METRICS[1], resolution_used)  # fmt: skip
            # A restart drops the stretches before it: the count runs from there.
            origin = resolution_to.origin[whose]
            keep = stops >= origin
            whose = whose[keep]
            starts, stops = np.maximum(starts[keep], origin[keep]), stops[keep]
    status.severity[rows] = current
    _simple_metric(status.response, rows, 0, response_to.target, codes, response_to.origin,
                   response_stop, contracts, now_us, response_to.retargeted)  # fmt: skip
    out = status.resolution
    target = resolution_to.target
    length, indexes, index_code = _clocks(contracts, codes, target, METRICS[1])
    spans = np.zeros(len(whose), dtype=np.int64)
    segment_index = index_code[whose]
    for number, mine in _groups(segment_index, len(indexes)):
        spans[mine] = elapsed(indexes[number], starts[mine], stops[mine])
    spent = np.zeros(m, dtype=np.int64)
    wall = np.zeros(m, dtype=np.int64)
    np.add.at(spent, whose, spans)
    np.add.at(wall, whose, stops - starts)
    # Reached: the stretch in which the target ran out (ClockRun.reached_at).
    used = np.cumsum(spans)
    group_first = np.concatenate([[True], whose[1:] != whose[:-1]])
    base = np.maximum.accumulate(np.where(group_first, np.arange(len(whose)), 0))
    used = used - (used[base] - spans[base])  # open time up to the end of each stretch
    enough = np.flatnonzero(used >= length[whose])
    reachers, first = np.unique(whose[enough], return_index=True)
    reached = np.full(m, NAT, dtype=np.int64)
    at_stretch = enough[first]
    left = length[reachers] - (used[at_stretch] - spans[at_stretch])
    for number, mine in _groups(index_code[reachers], len(indexes)):
        reached[reachers[mine]] = add(indexes[number], starts[at_stretch[mine]], left[mine])
    is_stopped = state == stopped_code
    end = np.where(is_stopped, stopped_at, now_us)
    due = np.full(m, NAT, dtype=np.int64)
    ahead = (spent < length) & (state != paused_code)
    ahead_rows = np.flatnonzero(ahead)
    for number, group in _groups(index_code[ahead_rows], len(indexes)):
        mine = ahead_rows[group]
        due[mine] = add(indexes[number], end[mine], length[mine] - spent[mine])
    due = np.where((reached != NAT) & (state != paused_code), reached, due)
    breached = spent > length
    out.severity[rows] = target
    out.state[rows] = state
    out.target_length[rows] = length
    out.due_at[rows] = due
    out.elapsed[rows] = spent
    out.percent_used[rows] = _percent(spent, length)
    out.met[rows] = np.where(is_stopped, np.where(breached, 0, 1), np.where(breached, 0, -1))
    out.breached[rows] = breached
    out.breached_at[rows] = np.where(breached, _breach(reached, resolution_to.retargeted), NAT)
    out.stopped_at[rows] = np.where(is_stopped, stopped_at, NAT)
    out.wall_elapsed[rows] = wall
    out.wall_percent_used[rows] = _percent(wall, length)
    out.paused[rows] = paused
    out.cycles[rows] = cycles


class _Targets(NamedTuple):
    """One metric's fold of the severity changes, per row: the target severity, the
    instant its count runs from (the opening, or the last restart) and the last
    retargeting (:data:`NAT` if none)."""

    target: Any
    origin: Any
    retargeted: Any


def _retarget(
    targets: _Targets,
    effective: Any,
    owner: Any,
    at: Any,
    new: Any,
    restart: Any,
    codes: Any,
    contracts: Sequence[Contract],
    metric: Metric,
    used: Any,
) -> None:
    """Apply the severity changes ``effective`` (event positions, each row's in timeline
    order) to ``targets`` in place, round by round (each row's first change, then its
    second, ...): a change retargets (or restarts) a metric that has not run over its
    target by then; a metric that has is breached for good and keeps its target."""
    np = _numpy()
    if not len(effective):
        return
    changer = owner[effective]
    fresh = np.concatenate([[True], changer[1:] != changer[:-1]])
    group = np.maximum.accumulate(np.where(fresh, np.arange(len(changer)), 0))
    rank = np.arange(len(changer)) - group
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max()) + 2)).tolist()
    final = np.zeros(len(targets.target), dtype=bool)
    for round_ in range(len(bounds) - 1):
        events = effective[by_rank[bounds[round_] : bounds[round_ + 1]]]
        which = owner[events]
        alive = ~final[which]
        events, which = events[alive], which[alive]
        if not len(which):
            break
        length, indexes, index_code = _clocks(contracts, codes[which], targets.target[which],
                                              metric)  # fmt: skip
        spent = np.zeros(len(which), dtype=np.int64)
        for number, mine in _groups(index_code, len(indexes)):
            spent[mine] = used(which[mine], at[events[mine]], indexes[number])
        over = spent > length
        final[which[over]] = True  # a breach is final: the metric keeps the target it breached
        events, which = events[~over], which[~over]
        targets.target[which] = new[events]
        restarting = restart[which]
        targets.origin[which[restarting]] = at[events[restarting]]
        targets.retargeted[which[~restarting]] = at[events[~restarting]]


def _breach(reached: Any, retargeted: Any) -> Any:
    """When a breached metric was breached: the instant its target ran out, or the
    retargeting that found the new target used up, if later."""
    np = _numpy()
    return np.where((retargeted != NAT) & (retargeted >= reached), retargeted, reached)


def _empty_metric(n: int) -> MetricColumns:
    np = _numpy()
    return MetricColumns(
        severity=np.empty(n, dtype=np.int8),
        state=np.empty(n, dtype=np.int8),
        target_length=np.empty(n, dtype=np.int64),
        due_at=np.full(n, NAT, dtype=np.int64),
        elapsed=np.empty(n, dtype=np.int64),
        percent_used=np.empty(n, dtype=np.float64),
        met=np.full(n, -1, dtype=np.int8),
        breached=np.zeros(n, dtype=bool),
        breached_at=np.full(n, NAT, dtype=np.int64),
        stopped_at=np.full(n, NAT, dtype=np.int64),
        wall_elapsed=np.empty(n, dtype=np.int64),
        wall_percent_used=np.empty(n, dtype=np.float64),
        paused=np.zeros(n, dtype=np.int64),
        cycles=np.ones(n, dtype=np.int64),
    )


def _percent(elapsed_us: Int64s, length: Int64s) -> Any:
    """``elapsed / length x 100`` rounded half up to 2 places, as the nearest float64."""
    np = _numpy()
    safe = np.abs(elapsed_us) <= _SAFE_ELAPSED
    hundredths = np.zeros(len(elapsed_us), dtype=np.int64)
    hundredths[safe] = (20000 * elapsed_us[safe] + length[safe]) // (2 * length[safe])
    result = hundredths / 100
    for k in np.flatnonzero(~safe).tolist():  # over ~14 years of open time: exact in Python
        e, whole = int(elapsed_us[k]), int(length[k])
        result[k] = float((20000 * e + whole) // (2 * whole)) / 100
    return result


def _groups(codes: Any, count: int) -> Iterator[tuple[int, Any]]:
    """The positions of each code (of ``count``) in ``codes``, ascending, for codes that
    occur: one sort, not one pass per code."""
    np = _numpy()
    if count == 1:
        if len(codes):
            yield 0, np.arange(len(codes))
        return
    small = codes.astype(np.int16) if count < 2**15 else codes  # a radix sort
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(small[order], np.arange(count + 1)).tolist()
    for number in range(count):
        if bounds[number] < bounds[number + 1]:
            yield number, order[bounds[number] : bounds[number + 1]]


def _clocks(
    contracts: Sequence[Contract], codes: Any, severity: Any, metric: Metric
) -> tuple[Any, list[CompiledIndex], Any]:
    """Each row's target length, the distinct calendars of the rows' target clocks and
    each row's calendar (the clocks looked up once per contract and severity)."""
    np = _numpy()
    pairs = codes * len(SEVERITIES) + severity
    # The pairs that occur, by counting (no sort): a table of each pair's clock.
    counts = np.bincount(pairs, minlength=len(contracts) * len(SEVERITIES))
    present = np.flatnonzero(counts)
    clocks = [
        contracts[pair // len(SEVERITIES)].clock_for(SEVERITIES[pair % len(SEVERITIES)], metric)
        for pair in present.tolist()
    ]
    lengths = np.zeros(len(counts), dtype=np.int64)
    lengths[present] = [clock.length for clock in clocks]
    index_of: dict[int, int] = {}
    indexes: list[CompiledIndex] = []
    for clock in clocks:
        if id(clock.compiled) not in index_of:
            index_of[id(clock.compiled)] = len(indexes)
            indexes.append(clock.compiled)
    index_codes = np.zeros(len(counts), dtype=np.intp)
    index_codes[present] = [index_of[id(clock.compiled)] for clock in clocks]
    return lengths[pairs], indexes, index_codes[pairs]


def _simple_metric(
    out: MetricColumns,
    rows: Any,
    m: int,
    severity: Any,
    codes: Any,
    opened: Any,
    stop: Any,
    contracts: Sequence[Contract],
    now_us: int,
    retargeted: Any = None,
) -> None:
    """One metric over one segment, from ``opened`` (the opening, or a restart) to ``stop``
    (or ``now``), under the target of ``severity``; ``retargeted``, each row's last
    retargeting (:data:`NAT` if none), for when a breach happened."""
    np = _numpy()
    length, indexes, index_code = _clocks(contracts, codes, severity, METRICS[m])
    stopped = stop != NAT
    end = np.where(stopped, stop, now_us)
    spent = np.empty(len(rows), dtype=np.int64)
    due = np.empty(len(rows), dtype=np.int64)
    for code, mine in _groups(index_code, len(indexes)):
        index = indexes[code]
        spent[mine] = elapsed(index, opened[mine], end[mine])
        # One segment: the deadline is the instant the target runs out from opening,
        # whether it lies ahead or behind (ClockRun.reached_at, or add from stop/now).
        due[mine] = add(index, opened[mine], length[mine])
    breached = spent > length
    out.severity[rows] = severity
    out.state[rows] = np.where(stopped, _STATE_CODE[ClockState.STOPPED], 0)
    out.target_length[rows] = length
    out.due_at[rows] = due
    out.elapsed[rows] = spent
    out.percent_used[rows] = _percent(spent, length)
    out.met[rows] = np.where(stopped, np.where(breached, 0, 1), np.where(breached, 0, -1))
    out.breached[rows] = breached
    when = due if retargeted is None else _breach(due, retargeted)
    out.breached_at[rows] = np.where(breached, when, NAT)
    out.stopped_at[rows] = np.where(stopped, stop, NAT)
    wall = end - opened
    out.wall_elapsed[rows] = wall
    out.wall_percent_used[rows] = _percent(wall, length)


# -- without the extra -----------------------------------------------------------------------


def _skip_examples(text: str) -> str:
    """Mark every example of a docstring as skipped (they need numpy to run)."""
    return re.sub(r"^(\s*>>> .*)$", r"\1  # doctest: +SKIP", text, flags=re.MULTILINE)


if importlib.util.find_spec("pandas") is None:  # pragma: no cover - depends on the environment
    __doc__ = _skip_examples(__doc__ or "")
    for _function in (positions, elapsed, add, batch_of_tickets, evaluate_batch, timelines_valid):
        _function.__doc__ = _skip_examples(_function.__doc__ or "")
