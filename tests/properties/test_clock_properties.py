"""Properties of ticket clocks over random tickets, contracts and instants (DESIGN.md §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import event as label
from hypothesis import strategies as st

from slakit import (
    ClockState,
    Contract,
    Event,
    EventKind,
    Framework,
    Ticket,
    TicketStatus,
    catalog,
    evaluate,
)
from slakit.errors import NaiveDatetimeError, TimelineError

TIERS = {"kmp": ("premier", "standard", "basic"), "truststram": ("platinum", "gold", "silver")}
REGIONS = {
    "austin": "America/Chicago",
    "dublin": "Europe/Dublin",
    "amsterdam": "Europe/Amsterdam",
    "singapore": "Asia/Singapore",
}
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 86_400
MAX_GAP = 4 * 86_400  # seconds between events: up to four days, so weekends are crossed


def in_utc(instant: datetime) -> datetime:
    """The same instant in UTC: do arithmetic and comparisons there.

    Two datetimes sharing a tzinfo add, subtract and compare as wall clocks (and
    ignore ``fold``), so across a DST change they are off by the change.
    """
    return instant.astimezone(UTC)


@cache
def contract(framework: str, tier: str, region: str, mode: str) -> Contract:
    # One object per combination, so calendars compile once for the whole run.
    return Contract(framework=framework, tier=tier, region=region, severity_change=mode)


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    framework = draw(st.sampled_from(sorted(TIERS)))
    return contract(
        framework,
        draw(st.sampled_from(TIERS[framework])),
        draw(st.sampled_from(sorted(REGIONS))),
        draw(st.sampled_from(("retarget", "restart"))),
    )


def zones(region: str | None = None) -> st.SearchStrategy[tzinfo]:
    choices: list[tzinfo] = [UTC, timezone(timedelta(hours=-5)), ZoneInfo("Asia/Singapore")]
    choices += [ZoneInfo(name) for name in REGIONS.values()]
    return st.sampled_from(choices)


def gaps() -> st.SearchStrategy[timedelta]:
    """A step forward in time: zero, whole minutes, or arbitrary microseconds."""
    return st.one_of(
        st.just(timedelta(0)),
        st.builds(
            lambda hours, minutes: timedelta(hours=hours, minutes=minutes),
            st.integers(0, MAX_GAP // 3600),
            st.integers(0, 59),
        ),
        st.integers(0, MAX_GAP * 1_000_000).map(lambda us: timedelta(microseconds=us)),
    )


@st.composite
def instants_2026(draw: st.DrawFn) -> datetime:
    seconds = draw(st.integers(0, YEAR_SECONDS - 1))
    micro = draw(st.sampled_from((0, 0, 0, draw(st.integers(0, 999_999)))))
    instant = YEAR_START + timedelta(seconds=seconds, microseconds=micro)
    return instant.astimezone(draw(zones()))


@dataclass(frozen=True)
class TimelineState:
    paused: bool = False
    resolved: bool = False

    def allowed(self) -> list[str]:
        if self.resolved:
            return ["reopened"]
        kinds = ["responded", "severity_changed", "resolved"]
        kinds.append("resumed" if self.paused else "paused")
        return kinds

    def after(self, kind: str) -> TimelineState:
        if kind == "paused":
            return TimelineState(paused=True)
        if kind == "resumed":
            return TimelineState(paused=False)
        if kind == "resolved":
            return TimelineState(resolved=True)
        if kind == "reopened":
            return TimelineState()
        return self


@st.composite
def valid_events(
    draw: st.DrawFn, opened: datetime, max_events: int = 6, state: TimelineState | None = None
) -> list[Event]:
    """0 to ``max_events`` events from a small state machine: always a valid timeline.

    ``opened`` and ``state`` are where the timeline stands: by default a ticket just
    opened; given the state after some events, the result continues them.
    """
    state = TimelineState() if state is None else state
    at = opened
    events: list[Event] = []
    for _ in range(draw(st.integers(0, max_events))):
        kind = draw(st.sampled_from(state.allowed()))
        at = (in_utc(at) + draw(gaps())).astimezone(draw(zones()))
        if kind == "severity_changed":
            events.append(Event.severity_changed(at, draw(st.sampled_from(SEVERITIES))))
        else:
            events.append(Event(kind=kind, at=at))
        state = state.after(kind)
    return events


@st.composite
def tickets(draw: st.DrawFn, max_events: int = 6) -> Ticket:
    opened = draw(instants_2026())
    events = draw(valid_events(opened, max_events))
    return Ticket(
        draw(st.sampled_from(("T-1", "INC-0042", "42"))),
        draw(st.sampled_from(SEVERITIES)),
        opened,
        events=events,
    )


def last_instant(ticket: Ticket) -> datetime:
    return max([ticket.opened_at, *(event.at for event in ticket.events)], key=in_utc)


@st.composite
def nows(draw: st.DrawFn, ticket: Ticket) -> datetime:
    """An instant at or after opening, often inside the timeline, sometimes past its end."""
    opened = in_utc(ticket.opened_at)
    span = in_utc(last_instant(ticket)) - opened
    offset = draw(
        st.one_of(
            st.integers(0, span // timedelta(microseconds=1)).map(
                lambda us: timedelta(microseconds=us)
            ),
            gaps().map(lambda gap: span + gap),
            st.sampled_from([in_utc(event.at) - opened for event in ticket.events] or [span]),
        )
    )
    return (opened + offset).astimezone(draw(zones()))


# --------------------------------------------------------------------------- properties


@given(data=st.data(), contract=contracts(), ticket=tickets())
def test_elapsed_never_decreases_as_now_grows(
    data: st.DataObject, contract: Contract, ticket: Ticket
) -> None:
    first = data.draw(nows(ticket))
    second = data.draw(nows(ticket))
    early, late = sorted((first, second), key=in_utc)
    # A severity change may switch the clock (24x7 <-> business) or, in
    # restart mode, start it again: elapsed is monotone between changes.
    assume(
        not any(
            event.kind is EventKind.SEVERITY_CHANGED
            and in_utc(early) < in_utc(event.at) <= in_utc(late)
            for event in ticket.events
        )
    )
    before = evaluate(ticket, contract, early)
    after = evaluate(ticket, contract, late)
    assert after.response.elapsed >= before.response.elapsed
    assert after.resolution.elapsed >= before.resolution.elapsed
    # and a stopped clock stays where it stopped
    for old, new in zip(before.metrics(), after.metrics(), strict=True):
        both_stopped = old.state is new.state is ClockState.STOPPED
        if both_stopped and old.stopped_at == new.stopped_at:
            assert new.elapsed == old.elapsed
            assert new.met == old.met


@given(data=st.data(), contract=contracts(), ticket=tickets(max_events=5))
def test_inserting_a_pause_never_makes_the_resolution_due_earlier(
    data: st.DataObject, contract: Contract, ticket: Ticket
) -> None:
    events = list(ticket.events)
    # Positions where the resolution clock is running (not paused, not resolved).
    state = TimelineState()
    running: list[int] = []
    for index in range(len(events) + 1):
        if not state.paused and not state.resolved:
            running.append(index)
        if index < len(events):
            state = state.after(events[index].kind.value)
    position = data.draw(st.sampled_from(running))
    start = in_utc(events[position - 1].at if position else ticket.opened_at)
    end = in_utc(events[position].at) if position < len(events) else start + timedelta(days=5)
    span = (end - start) // timedelta(microseconds=1)
    pause_us = data.draw(st.integers(0, span))
    resume_us = data.draw(st.integers(pause_us, span))
    pause = Event.paused(start + timedelta(microseconds=pause_us))
    resume = Event.resumed(start + timedelta(microseconds=resume_us))
    paused = Ticket(
        ticket.id,
        ticket.severity,
        ticket.opened_at,
        events=[*events[:position], pause, resume, *events[position:]],
    )
    now = data.draw(nows(paused))
    assume(in_utc(now) >= in_utc(resume.at))
    plain_status = evaluate(ticket, contract, now).resolution
    paused_status = evaluate(paused, contract, now).resolution
    assert paused_status.state is plain_status.state
    assert paused_status.elapsed <= plain_status.elapsed
    if plain_status.due_at is not None:
        assert paused_status.due_at is not None
        assert paused_status.due_at >= plain_status.due_at


@given(data=st.data(), contract=contracts(), ticket=tickets())
def test_met_and_breached_are_exclusive_once_stopped(
    data: st.DataObject, contract: Contract, ticket: Ticket
) -> None:
    status = evaluate(ticket, contract, data.draw(nows(ticket)))
    for metric in status.metrics():
        label(f"{metric.metric.value} {metric.state.value} breached={metric.breached}")
        if metric.state is ClockState.STOPPED:
            assert metric.met is (not metric.breached)
            assert metric.stopped_at is not None
        else:
            assert metric.met is (False if metric.breached else None)
            assert metric.stopped_at is None
        assert metric.breached is (metric.elapsed > metric.target_length)
        assert metric.remaining == metric.target_length - metric.elapsed
        assert (metric.breached_at is not None) is metric.breached
        if metric.breached_at is not None:
            assert in_utc(metric.breached_at) <= in_utc(status.now)
            assert in_utc(metric.breached_at) >= in_utc(ticket.opened_at)
        assert (metric.due_at is None) is (metric.state is ClockState.PAUSED)
        assert metric.elapsed >= timedelta(0)


@given(data=st.data(), contract=contracts(), ticket=tickets())
def test_a_breach_is_final(data: st.DataObject, contract: Contract, ticket: Ticket) -> None:
    # DESIGN §3: once a metric is breached at `now`, no later instant and no later
    # event (a severity change in either direction, a response, a pause, a
    # resolution, a reopen) undoes the breach or moves the instant it happened.
    now = data.draw(nows(ticket))
    first = evaluate(ticket, contract, now)
    assume(any(metric.breached for metric in first.metrics()))
    state = TimelineState()
    for event in ticket.events:
        state = state.after(event.kind.value)
    start = max(last_instant(ticket), now, key=in_utc)
    more = data.draw(valid_events(start, max_events=4, state=state))
    longer = Ticket(ticket.id, ticket.severity, ticket.opened_at, events=[*ticket.events, *more])
    changes = sum(event.kind is EventKind.SEVERITY_CHANGED for event in more)
    label(f"severity changes added: {min(changes, 2)}")
    later = max(now, data.draw(nows(longer)), key=in_utc)
    for timeline in (ticket, longer):
        status = evaluate(timeline, contract, later)
        for old, new in zip(first.metrics(), status.metrics(), strict=True):
            if old.breached:
                assert new.breached is True
                assert new.met is False
                assert new.breached_at is not None and old.breached_at is not None
                assert in_utc(new.breached_at) == in_utc(old.breached_at)
                assert new.severity is old.severity
                assert new.target == old.target


@given(data=st.data(), contract=contracts(), ticket=tickets())
def test_evaluation_is_deterministic(
    data: st.DataObject, contract: Contract, ticket: Ticket
) -> None:
    now = data.draw(nows(ticket))
    first = evaluate(ticket, contract, now)
    assert evaluate(ticket, contract, now) == first
    # A fresh, equal contract and ticket (no shared caches) give the same answer.
    fresh_contract = Contract.model_validate_json(contract.model_dump_json())
    fresh_ticket = Ticket.model_validate_json(ticket.model_dump_json())
    assert evaluate(fresh_ticket, fresh_contract, now) == first
    # and the same instant written in another zone gives the same instants
    elsewhere = evaluate(ticket, contract, now.astimezone(ZoneInfo("Asia/Singapore")))
    assert elsewhere.response.due_at == first.response.due_at
    assert elsewhere.resolution.breached_at == first.resolution.breached_at
    assert elsewhere.resolution.elapsed == first.resolution.elapsed


@given(data=st.data(), contract=contracts(), ticket=tickets())
def test_models_survive_a_json_round_trip(
    data: st.DataObject, contract: Contract, ticket: Ticket
) -> None:
    # Compared through their JSON (each instant with its UTC offset) and their instants
    # in UTC: Python never calls a datetime in a repeated autumn hour of a ZoneInfo
    # zone equal to one in another tzinfo, although the instant is the same.
    back_ticket = Ticket.model_validate_json(ticket.model_dump_json())
    assert back_ticket.model_dump_json() == ticket.model_dump_json()
    assert in_utc(back_ticket.opened_at) == in_utc(ticket.opened_at)
    for event, back_event in zip(ticket.events, back_ticket.events, strict=True):
        assert Event.model_validate_json(event.model_dump_json()).kind is event.kind
        assert in_utc(back_event.at) == in_utc(event.at)
    status = evaluate(ticket, contract, data.draw(nows(ticket)))
    back = TicketStatus.model_validate_json(status.model_dump_json())
    assert back.model_dump_json() == status.model_dump_json()
    assert in_utc(back.now) == in_utc(status.now)
    assert Contract.model_validate_json(contract.model_dump_json()) == contract
    framework = contract.framework
    assert Framework.model_validate_json(framework.model_dump_json()) == framework
    assert framework == catalog.get(framework.name)


KINDS = ("responded", "paused", "resumed", "severity_changed", "resolved", "reopened")


@st.composite
def raw_events(draw: st.DrawFn, opened: datetime) -> list[Any]:
    """Anything-goes events: any kind, any order, sometimes naive or without severity."""
    events: list[Any] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(KINDS))
        at = (in_utc(opened) + timedelta(minutes=draw(st.integers(-600, 6000)))).astimezone(
            opened.tzinfo
        )
        if draw(st.integers(0, 29)) == 0:
            at = at.replace(tzinfo=None)
        fields: dict[str, Any] = {"kind": kind, "at": at}
        if kind == "severity_changed" and draw(st.integers(0, 4)) > 0:
            fields["severity"] = draw(st.sampled_from((*SEVERITIES, "P2", "low")))
        as_event = draw(st.booleans())
        events.append(("event", fields) if as_event else fields)
    return events


def expected_valid(opened: datetime, events: list[dict[str, Any]]) -> bool:
    """The timeline rules of DESIGN.md §3, written independently of slakit."""
    state = TimelineState()
    previous = opened
    for event in events:
        if event["at"].tzinfo is None:
            return False
        if in_utc(event["at"]) < in_utc(opened) or in_utc(event["at"]) < in_utc(previous):
            return False
        if event["kind"] == "severity_changed" and "severity" not in event:
            return False
        if event["kind"] not in state.allowed():
            return False
        previous = event["at"]
        state = state.after(event["kind"])
    return True


@given(opened=instants_2026(), data=st.data())
def test_random_timelines_construct_or_raise_a_timeline_error(
    opened: datetime, data: st.DataObject
) -> None:
    raw = data.draw(raw_events(opened))
    fields = [item[1] if isinstance(item, tuple) else item for item in raw]
    naive = any(item["at"].tzinfo is None for item in fields)
    try:
        events = [Event(**item[1]) if isinstance(item, tuple) else item for item in raw]
        ticket = Ticket("T-1", "P2", opened, events=events)
    except NaiveDatetimeError:
        label("naive")
        assert naive
    except TimelineError:
        label("timeline error")
        assert not expected_valid(opened, fields)
    else:
        label("valid")
        assert not naive
        assert expected_valid(opened, fields)
        assert len(ticket.events) == len(raw)
