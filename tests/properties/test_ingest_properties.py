"""Properties of tolerant ingestion (``Ticket.with_events``, ``Timeline``) over random streams.

Valid timelines come from a small state machine of the timeline rules (as
``benchmarks/bench_evaluate.py`` makes them), written here again rather than
taken from slakit; streams are those timelines shuffled and repeated, or
arbitrary events in any order.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from slakit import Contract, Dropped, Event, EventKind, Ticket, Timeline, evaluate
from slakit.tickets import check_timeline

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
LEVELS = ("L1", "L2", "L3")
OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=-5)),
    ZoneInfo("Europe/Dublin"),
    ZoneInfo("Asia/Singapore"),
)


def step() -> st.SearchStrategy[timedelta]:
    """A step forward: often none (events at one instant), else minutes to a day."""
    return st.one_of(
        st.just(timedelta(0)),
        st.integers(1, 24 * 60).map(lambda minutes: timedelta(minutes=minutes)),
        st.integers(1, 10**9).map(lambda us: timedelta(microseconds=us)),
    )


@st.composite
def valid_tickets(draw: st.DrawFn, canonical: bool = True, equal_instants: bool = True) -> Ticket:
    """A ticket whose events obey the timeline rules.

    ``canonical``: nothing the tolerant path drops by design either (a severity
    change to the current severity, a reply repeated at the same instant).
    ``equal_instants``: events may share an instant; otherwise each has its own.
    """
    severity = current = draw(st.sampled_from(SEVERITIES))
    opened = OPENED.astimezone(draw(st.sampled_from(ZONES)))
    at = OPENED
    events: list[Event] = []
    paused = resolved = False
    level = 1  # escalations go up: to a level above this one
    for _ in range(draw(st.integers(0, 10))):
        gap = draw(step())
        if not equal_instants and gap == timedelta(0):
            gap = timedelta(seconds=1)
        at += gap
        shown = at.astimezone(draw(st.sampled_from(ZONES)))
        allowed = ["reopened"] if resolved else ["responded", "severity_changed", "resolved"]
        if not resolved:
            allowed.append("resumed" if paused else "paused")
            if level < 3:
                allowed.append("escalated")
        kind = draw(st.sampled_from(allowed))
        if kind == "escalated":
            level = draw(st.integers(level + 1, 3))
            events.append(Event.escalated(shown, level))
            continue
        if kind == "severity_changed":
            choices = [s for s in SEVERITIES if s != current] if canonical else list(SEVERITIES)
            current = draw(st.sampled_from(choices))
            events.append(Event.severity_changed(shown, current))
            continue
        if (
            canonical
            and kind == "responded"
            and events
            and events[-1].kind is EventKind.RESPONDED
            and events[-1].at == at
        ):
            continue  # a second reply at the same instant is a duplicate by design
        events.append(Event(kind=kind, at=shown))
        paused = kind == "paused" or (paused and kind not in ("resumed", "resolved"))
        resolved = kind == "resolved" or (resolved and kind != "reopened")
    return Ticket("T-1", severity, opened, events=events, contract="acme")


def bare(ticket: Ticket) -> Ticket:
    """The ticket without its events."""
    return Ticket(ticket.id, ticket.severity, ticket.opened_at, contract=ticket.contract)


@st.composite
def arbitrary_events(draw: st.DrawFn) -> list[Event]:
    """Any events at all, on a coarse grid of instants so that they often collide."""
    pool = st.builds(
        lambda kind, hours, zone, severity, level: Event(
            kind=kind,
            at=(OPENED + timedelta(hours=hours)).astimezone(zone),
            severity=severity if kind is EventKind.SEVERITY_CHANGED else None,
            level=level if kind is EventKind.ESCALATED else None,
        ),
        st.sampled_from(list(EventKind)),
        st.integers(-2, 12),
        st.sampled_from(ZONES),
        st.sampled_from(SEVERITIES),
        st.sampled_from(LEVELS),
    )
    events = draw(st.lists(pool, max_size=14))
    # Repeat some of them (the same object, as a stream delivers it twice).
    repeats = draw(st.lists(st.integers(0, max(len(events) - 1, 0)), max_size=4))
    return events + [events[index] for index in repeats if events]


def identities(events: list[Event] | tuple[Event, ...]) -> Counter[int]:
    return Counter(id(event) for event in events)


# -- (1) a valid timeline goes through unchanged -----------------------------------------


@given(valid_tickets())
def test_a_valid_timeline_is_kept_whole(ticket: Ticket) -> None:
    new, dropped = bare(ticket).with_events(ticket.events)
    assert dropped == ()
    assert new == ticket
    assert ticket.with_events([]) == (ticket, ())


@cache
def contract(framework: str, tier: str, mode: str) -> Contract:
    return Contract(framework=framework, tier=tier, region="dublin", severity_change=mode)


CONTRACTS = st.builds(
    contract,
    st.sampled_from(("kmp",)),
    st.sampled_from(("premier", "standard", "basic")),
    st.sampled_from(("retarget", "restart")),
) | st.builds(
    contract,
    st.sampled_from(("truststram",)),
    st.sampled_from(("platinum", "gold", "silver")),
    st.sampled_from(("retarget", "restart")),
)


def status_fields(ticket: Ticket, terms: Contract, now: datetime) -> list[object]:
    status = evaluate(ticket, terms, now)
    fields = ("state", "severity", "due_at", "elapsed", "met", "breached", "breached_at")
    return [
        getattr(metric, name) for metric in (status.response, status.resolution) for name in fields
    ]


@given(valid_tickets(canonical=False), CONTRACTS, st.integers(0, 20 * 24 * 60))
def test_on_any_valid_timeline_the_tolerant_path_gives_the_same_status(
    ticket: Ticket, terms: Contract, minutes: int
) -> None:
    # What it may drop from a valid timeline changes no clock.
    new, dropped = bare(ticket).with_events(ticket.events)
    assert {item.code for item in dropped} <= {"duplicate", "same_severity"}
    # a reply repeated at one instant, or a severity change to the severity in force
    # (a duplicate when it repeats the change just before it)
    unchanging = {EventKind.RESPONDED, EventKind.SEVERITY_CHANGED}
    assert all(item.event.kind in unchanging for item in dropped)
    now = OPENED + timedelta(minutes=minutes)
    assert status_fields(new, terms, now) == status_fields(ticket, terms, now)


# -- (2) order and repetition do not matter ------------------------------------------------


@given(valid_tickets(equal_instants=False), st.data())
def test_shuffled_and_repeated_events_give_back_the_ticket(
    ticket: Ticket, data: st.DataObject
) -> None:
    events = list(ticket.events)
    copies = data.draw(st.lists(st.sampled_from(events), max_size=8)) if events else []
    stream = data.draw(st.permutations(events + copies))
    new, dropped = bare(ticket).with_events(stream)
    assert new == ticket
    assert [item.code for item in dropped] == ["duplicate"] * len(copies)
    timeline = Timeline.of(bare(ticket))
    for event in stream:
        timeline.add(event)
    assert timeline.ticket == ticket


@given(valid_tickets(), st.data())
def test_an_interleaving_that_keeps_each_instants_order_gives_back_the_ticket(
    ticket: Ticket, data: st.DataObject
) -> None:
    groups: dict[datetime, list[Event]] = {}
    for event in ticket.events:
        groups.setdefault(event.at.astimezone(UTC), []).append(event)
    labels = [instant for instant, group in groups.items() for _ in group]
    order = data.draw(st.permutations(labels))
    stream = [groups[instant].pop(0) for instant in order]
    assert bare(ticket).with_events(stream) == (ticket, ())


# -- (3), (4) lossless, and always a valid ticket -------------------------------------------


@given(valid_tickets(canonical=False), arbitrary_events())
def test_kept_and_dropped_are_every_event_given(ticket: Ticket, events: list[Event]) -> None:
    new, dropped = ticket.with_events(events)
    given_events = [*ticket.events, *events]
    assert identities(new.events) + identities([item.event for item in dropped]) == identities(
        given_events
    )
    assert len(new.events) + len(dropped) == len(given_events)
    assert all(isinstance(item, Dropped) and item.reason for item in dropped)


@given(valid_tickets(canonical=False), arbitrary_events())
def test_the_result_passes_the_strict_rules_and_ingesting_it_again_drops_nothing(
    ticket: Ticket, events: list[Event]
) -> None:
    new, dropped = ticket.with_events(events)
    check_timeline(new.id, new.opened_at, new.events)
    assert Ticket(new.id, new.severity, new.opened_at, new.events, contract=new.contract) == new
    assert new.with_events([]) == (new, ())
    # dropped is in time order, as the kept events are
    instants = [item.event.at_us for item in dropped]
    assert instants == sorted(instants)


# -- (5) a timeline is with_events of everything it received -------------------------------


@given(valid_tickets(canonical=False), arbitrary_events(), st.data())
def test_a_timeline_fed_one_by_one_in_any_order_is_with_events_of_all(
    ticket: Ticket, events: list[Event], data: st.DataObject
) -> None:
    stream = data.draw(st.permutations(events))
    timeline = Timeline.of(ticket)
    reported: Counter[tuple[Event, str]] = Counter()
    for event in stream:
        for item in timeline.add(event):
            reported[item.event, item.code] += 1
        assert len(timeline) == len(timeline.ticket.events) + len(timeline.dropped)
    assert (timeline.ticket, timeline.dropped) == ticket.with_events(stream)
    # Nothing is dropped silently: each drop in the end was reported when it happened
    # (Timeline.of drops without a call to add: count those as reported too).
    for item in Timeline.of(ticket).dropped:
        reported[item.event, item.code] += 1
    final = Counter((item.event, item.code) for item in timeline.dropped)
    assert final <= reported


@given(valid_tickets(canonical=False), arbitrary_events(), st.integers(1, 5))
def test_adding_in_batches_is_adding_one_by_one(
    ticket: Ticket, events: list[Event], size: int
) -> None:
    batches, one_by_one = Timeline.of(ticket), Timeline.of(ticket)
    for start in range(0, len(events), size):
        batches.add(*events[start : start + size])
    for event in events:
        one_by_one.add(event)
    assert (batches.ticket, batches.dropped) == (one_by_one.ticket, one_by_one.dropped)
