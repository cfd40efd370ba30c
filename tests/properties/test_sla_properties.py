"""Properties of SLA events and the next wake-up over random valid timelines (slakit.sla).

The oracle is ``evaluate`` itself, read at many instants: the state a ticketing tool
sees at ``t`` is, per metric, which thresholds elapsed time has crossed (exactly:
``elapsed >= fraction * target`` below 1, ``elapsed > fraction * target`` from 1 on)
and whether it is breached.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event as label
from hypothesis import given
from hypothesis import strategies as st

from slakit import (
    Calendar,
    ClockState,
    Contract,
    Event,
    Metric,
    SlaEvent,
    SlaEventKind,
    Ticket,
    TicketStatus,
    escalation_schedule,
    evaluate,
    next_wakeup,
    sla_events,
)
from slakit.errors import UsageError

US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
THRESHOLDS = (Fraction(1, 2), Fraction(3, 4), Fraction(9, 10))
# DST changes in the zones of the contracts below: US 8 March and 1 November, EU 29 March
# and 25 October 2026. Tickets open near them often, and anywhere in the year otherwise.
DST_CHANGES = [
    datetime(2026, 3, 8, 8, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 11, 1, 7, tzinfo=UTC),
]


@cache
def contract_list() -> list[Contract]:
    plain = [
        ("kmp", "premier", "dublin"),
        ("kmp", "standard", "austin"),
        ("kmp", "basic", "amsterdam"),
        ("truststram", "platinum", "singapore"),
        ("truststram", "gold", "amsterdam"),
        ("truststram", "silver", "austin"),
    ]
    contracts = [
        Contract(framework=framework, tier=tier, region=region, severity_change=mode)
        for framework, tier, region in plain
        for mode in ("retarget", "restart")
    ]
    # Business hours with a lunch break and a short Saturday, in DST zones.
    split = Calendar(
        timezone="America/Chicago",
        hours={"mon-fri": ["08:00-12:00", "13:00-17:30"], "sat": "10:00-11:00"},
    )
    hours = {"mon-thu": "07:30-23:45", "fri": "09:00-12:00"}
    late = Calendar(timezone="Europe/Amsterdam", hours=hours)
    for calendar, mode in ((split, "retarget"), (late, "restart")):
        contracts.append(
            Contract(framework="kmp", tier="standard", calendar=calendar, severity_change=mode)
        )
    return contracts


def gaps() -> st.SearchStrategy[timedelta]:
    """Zero, a few microseconds, whole minutes up to three days, or any microsecond count."""
    return st.one_of(
        st.just(timedelta(0)),
        st.integers(1, 3).map(lambda us: us * US),
        st.integers(1, 3 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes)),
        st.integers(0, 3 * 86_400 * 10**6).map(lambda us: us * US),
    )


@st.composite
def openings(draw: st.DrawFn) -> datetime:
    near = draw(st.sampled_from([None, *DST_CHANGES]))
    if near is None:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(
            seconds=draw(st.integers(0, 360 * 86_400))
        )
    return near + timedelta(minutes=draw(st.integers(-4 * 24 * 60, 24 * 60)))


@st.composite
def tickets(draw: st.DrawFn, contract: Contract, max_events: int = 6) -> Ticket:
    """A valid timeline, from a small state machine (as benchmarks/bench_evaluate.py).

    Often the next event comes exactly when (or a microsecond before or after) a
    running clock crosses a threshold or breaches (by escalation_schedule, checked
    against next_wakeup and evaluate below), the edges that matter most.
    """
    opened = draw(openings())
    severity = draw(st.sampled_from(SEVERITIES))
    at, events = opened, list[Event]()
    paused = resolved = False
    for _ in range(draw(st.integers(0, max_events))):
        wake = None
        if draw(st.booleans()):
            so_far = Ticket("P-1", severity, opened, events=events)
            crossings = escalation_schedule(so_far, contract, at, [*THRESHOLDS, 1])
            if crossings:
                wake = draw(st.sampled_from([crossing.at for crossing in crossings]))
        if wake is None:
            at += draw(gaps())
        else:
            at = max(at, wake + draw(st.sampled_from([-US, 0 * US, US])))
        if resolved:
            kinds = ["reopened"]
        else:
            kinds = ["responded", "severity_changed", "resolved", "resumed" if paused else "paused"]
        kind = draw(st.sampled_from(kinds))
        if kind == "severity_changed":
            events.append(Event.severity_changed(at, draw(st.sampled_from(SEVERITIES))))
        else:
            events.append(Event(kind=kind, at=at))
        paused = kind == "paused" or (paused and kind not in ("resumed", "resolved"))
        resolved = kind == "resolved" or (resolved and kind != "reopened")
    return Ticket("P-1", severity, opened, events=events)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Contract, Ticket]:
    contract = draw(st.sampled_from(contract_list()))
    return contract, draw(tickets(contract))


def us(instant: datetime) -> int:
    return (instant - EPOCH) // US


def instant(us_: int) -> datetime:
    return EPOCH + us_ * US


@dataclass(frozen=True)
class Seen:
    """What a tool sees of one metric at an instant: thresholds crossed, breached."""

    crossed: frozenset[Fraction]
    breached: bool


def seen(ticket: Ticket, contract: Contract, at: int) -> tuple[Seen, Seen]:
    status = evaluate(ticket, contract, instant(at))
    result = []
    for metric in status.metrics():
        elapsed, length = metric.elapsed // US, metric.target_length // US
        crossed = frozenset(
            f for f in THRESHOLDS if (elapsed >= f * length if f < 1 else elapsed > f * length)
        )
        result.append(Seen(crossed, metric.breached))
    return result[0], result[1]


def event_instants(ticket: Ticket) -> list[int]:
    return sorted({us(event.at) for event in ticket.events})


def schedule(ticket: Ticket, contract: Contract) -> tuple[list[int], set[int]]:
    """The instants a tool wakes at: the opening, each event, each wake-up; and which
    of them only next_wakeup asked for."""
    events = event_instants(ticket)
    now = us(ticket.opened_at)
    instants, woken = [now], set[int]()
    for _ in range(500):
        wake = next_wakeup(ticket, contract, instant(now))
        wake_us = None if wake is None else us(wake)
        assert wake_us is None or wake_us > now
        position = bisect_right(events, now)
        next_event = events[position] if position < len(events) else None
        choices = [x for x in (wake_us, next_event) if x is not None]
        if not choices:
            return instants, woken
        now = min(choices)
        instants.append(now)
        if now != next_event:
            woken.add(now)
    raise AssertionError("the scheduler did not settle")


@given(case=cases())
def test_a_scheduler_on_next_wakeup_sees_every_change_exactly_once(
    case: tuple[Contract, Ticket],
) -> None:
    contract, ticket = case
    instants, woken = schedule(ticket, contract)
    states = {at: seen(ticket, contract, at) for at in instants}
    label(f"{len(woken)} wake-ups")

    # Brute force: every event and scheduler instant +-1 µs, every threshold or breach
    # instant that escalation_schedule and sla_events give +-1 µs, and a coarse grid.
    last = instants[-1]
    candidates = set[int]()
    for at in [*instants, *event_instants(ticket)]:
        candidates.update((at - 1, at, at + 1))
        for escalation in escalation_schedule(ticket, contract, instant(at), [*THRESHOLDS, 1]):
            x = us(escalation.at)
            candidates.update((x - 1, x, x + 1))
    for sla_event in sla_events(ticket, contract, end=instant(last + 86_400 * 10**6)):
        x = us(sla_event.at)
        candidates.update((x - 1, x, x + 1))
    opened = us(ticket.opened_at)
    step = max(3_600 * 10**6, (last - opened) // 400)
    candidates.update(range(opened, last + 3 * 86_400 * 10**6, step))
    candidates.update((last + 30 * 86_400 * 10**6, last + 400 * 86_400 * 10**6))
    for at in sorted(x for x in candidates if x >= opened):
        believed = states[instants[bisect_right(instants, at) - 1]]
        assert seen(ticket, contract, at) == believed, f"missed a change at {instant(at)}"

    # No wake-up in vain: at each instant only next_wakeup asked for, something changed.
    for at in woken:
        assert seen(ticket, contract, at - 1) != states[at]

    # And sla_events reports each threshold or breach the scheduler saw begin, once, there.
    reported = sorted(
        (us(e.at), e.metric.value, e.kind.value, Fraction(str(e.threshold or 0)))
        for e in sla_events(ticket, contract, end=instant(last), thresholds=THRESHOLDS)
        if e.kind in (SlaEventKind.THRESHOLD, SlaEventKind.BREACHED)
    )
    observed = []
    for before, after in pairwise(instants):
        for metric, old, new in zip(Metric, states[before], states[after], strict=True):
            for f in new.crossed - old.crossed:
                observed.append((after, metric.value, "threshold", f))
            if new.breached and not old.breached:
                observed.append((after, metric.value, "breached", Fraction(0)))
    assert reported == sorted(observed)


@st.composite
def ends(draw: st.DrawFn, ticket: Ticket) -> datetime:
    """At or after opening: at an event, just around one, or anywhere up to days after."""
    opened = ticket.opened_at
    points = [opened, *(event.at for event in ticket.events)]
    base = draw(st.sampled_from(points))
    offset = draw(
        st.one_of(
            st.sampled_from([-US, 0 * US, US]),
            st.integers(1, 5 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes)),
            st.integers(0, 5 * 86_400 * 10**6).map(lambda us: us * US),
        )
    )
    return max(opened, base + offset)


def replay(events: list[SlaEvent], metric: Metric) -> tuple[object, ...]:
    """State, severity, breached and met of one metric from its events alone."""
    state, severity, breached, met = None, None, False, None
    cycle, last = 1, None
    for event in events:
        if event.metric is not metric:
            continue
        assert event.cycle >= cycle
        cycle = event.cycle
        if event.kind in (SlaEventKind.THRESHOLD, SlaEventKind.BREACHED):
            # Crossed while running, or by a change of target at that very instant.
            assert state is ClockState.RUNNING or (
                last is not None
                and last.at == event.at
                and last.kind in (SlaEventKind.RETARGETED, SlaEventKind.STARTED)
            ), f"{event.kind.value} at {event.at} while {state}"
        else:
            last = event
        if event.kind in (SlaEventKind.STARTED, SlaEventKind.RETARGETED):
            severity = event.severity
        if event.kind in (SlaEventKind.STARTED, SlaEventKind.RESUMED, SlaEventKind.REOPENED):
            state = ClockState.RUNNING
        elif event.kind is SlaEventKind.PAUSED:
            state = ClockState.PAUSED
        elif event.kind is SlaEventKind.FULFILLED:
            state, met = ClockState.STOPPED, event.met
        elif event.kind is SlaEventKind.BREACHED:
            assert not breached, "breached twice"
            breached = True
    if state is not ClockState.STOPPED:
        met = False if breached else None
    return state, severity, breached, met


@given(data=st.data(), case=cases())
def test_replaying_the_events_gives_the_status_at_end(
    data: st.DataObject, case: tuple[Contract, Ticket]
) -> None:
    contract, ticket = case
    end = data.draw(ends(ticket))
    events = sla_events(ticket, contract, end=end)
    status = evaluate(ticket, contract, end)
    for metric in status.metrics():
        assert replay(events, metric.metric) == (
            metric.state,
            metric.severity,
            metric.breached,
            metric.met,
        )
    cycles = 1 + sum(1 for e in ticket.events if e.kind == "reopened" and e.at <= end)
    assert max(e.cycle for e in events) == cycles
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(ticket.opened_at <= e.at <= end for e in events)


@given(data=st.data(), case=cases())
def test_each_breach_and_threshold_is_at_the_first_instant_evaluate_shows_it(
    data: st.DataObject, case: tuple[Contract, Ticket]
) -> None:
    contract, ticket = case
    end = data.draw(ends(ticket))
    for event in sla_events(ticket, contract, end=end, thresholds=THRESHOLDS):
        if event.kind not in (SlaEventKind.BREACHED, SlaEventKind.THRESHOLD):
            continue
        label(event.kind.value)
        at = us(event.at)
        index = 0 if event.metric is Metric.RESPONSE else 1
        before, after = seen(ticket, contract, at - 1)[index], seen(ticket, contract, at)[index]
        if event.kind is SlaEventKind.BREACHED:
            assert (before.breached, after.breached) == (False, True)
            status = evaluate(ticket, contract, event.at)
            breached_at = status.metrics()[index].breached_at
            # breached_at is when the target was used up (or the retargeting change)
            assert breached_at is not None and breached_at <= event.at
        else:
            threshold = Fraction(str(event.threshold))
            assert threshold not in before.crossed and threshold in after.crossed


@given(data=st.data(), case=cases())
def test_the_log_only_grows_as_end_moves_on(
    data: st.DataObject, case: tuple[Contract, Ticket]
) -> None:
    contract, ticket = case
    early, late = sorted((data.draw(ends(ticket)), data.draw(ends(ticket))))
    known_early = sla_events(ticket, contract, end=early)
    assert [e for e in sla_events(ticket, contract, end=late) if e.at <= early] == known_early
    start = data.draw(st.sampled_from([e.at for e in known_early]))
    assert sla_events(ticket, contract, start=start, end=early) == [
        e for e in known_early if e.at >= start
    ]


@given(data=st.data(), case=cases())
def test_next_wakeup_is_the_first_escalation_after_now(
    data: st.DataObject, case: tuple[Contract, Ticket]
) -> None:
    contract, ticket = case
    now = data.draw(ends(ticket))
    later = [
        escalation.at for escalation in escalation_schedule(ticket, contract, now, [*THRESHOLDS, 1])
    ]
    # A threshold crossed at now (or before) is left out, as next_wakeup leaves it out.
    assert all(at > now for at in later)
    assert next_wakeup(ticket, contract, now, THRESHOLDS) == min(later, default=None)


DST_ZONES = [ZoneInfo(name) for name in ("Europe/Dublin", "America/Chicago", "Europe/Amsterdam")]


@given(data=st.data(), case=cases())
def test_statuses_and_events_at_a_now_in_a_dst_zone_read_back_equal(
    data: st.DataObject, case: tuple[Contract, Ticket]
) -> None:
    # Instants near the autumn changes fall in a repeated hour, where a ZoneInfo time
    # never equals the same instant at a fixed offset (PEP 495): compared by instant
    # and offset, a status and its events read back from JSON equal, and hash equal.
    contract, ticket = case
    zone = data.draw(st.sampled_from(DST_ZONES))
    now = data.draw(ends(ticket)).astimezone(zone)
    status = evaluate(ticket, contract, now)
    assert status.now.tzinfo is zone and status.opened_at.tzinfo is zone
    again = TicketStatus.model_validate_json(status.to_json())
    assert again == status and hash(again) == hash(status)
    for event in sla_events(ticket, contract, end=now):
        read = SlaEvent.model_validate_json(event.model_dump_json())
        assert read == event and hash(read) == hash(event)
        assert read.at.utcoffset() == event.at.utcoffset()
    for escalation in escalation_schedule(ticket, contract, now):
        read_escalation = type(escalation).model_validate_json(escalation.model_dump_json())
        assert read_escalation == escalation and hash(read_escalation) == hash(escalation)


@given(
    threshold=st.one_of(
        st.fractions(min_value=1, max_value=10**6),
        st.integers(1, 100),
        st.floats(min_value=1, max_value=1e6),
    )
)
def test_a_warning_threshold_of_1_or_more_is_refused(threshold: object) -> None:
    # The breach is its own event; more than 1 is most likely a percentage.
    contract = contract_list()[0]
    ticket = Ticket("P-2", "sev1", DST_CHANGES[0])
    for call in (
        lambda: sla_events(ticket, contract, end=DST_CHANGES[0], thresholds=[0.5, threshold]),
        lambda: next_wakeup(ticket, contract, DST_CHANGES[0], [threshold]),
    ):
        with pytest.raises(UsageError, match=r"breach itself|not percentages"):
            call()
    if threshold > 1:  # type: ignore[operator]
        with pytest.raises(UsageError, match="not percentages"):
            escalation_schedule(ticket, contract, DST_CHANGES[0], [threshold])  # type: ignore[list-item]
    else:
        assert escalation_schedule(ticket, contract, DST_CHANGES[0], [threshold])  # type: ignore[list-item]
