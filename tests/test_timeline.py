"""A timeline fed a live stream: its ticket and what it dropped, after every call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from slakit import Dropped, Event, Severity, Ticket, Timeline
from slakit.errors import NaiveDatetimeError, SlakitError, TimelineError, WrongTypeError

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def at(hours: float) -> datetime:
    return OPENED + timedelta(hours=hours)


def kinds(events: tuple[Event, ...]) -> list[tuple[str, float]]:
    return [(event.kind.value, (event.at - OPENED) / timedelta(hours=1)) for event in events]


def codes(dropped: tuple[Dropped, ...]) -> list[tuple[str, str, float]]:
    return [(item.code, *kinds((item.event,))[0]) for item in dropped]


def test_a_new_timeline_is_a_ticket_without_events() -> None:
    timeline = Timeline("T-1", "P2", OPENED, contract=" acme ")
    assert timeline.ticket == Ticket("T-1", "P2", OPENED, contract="acme")
    assert timeline.dropped == ()
    assert len(timeline) == 0
    assert repr(timeline) == "Timeline(ticket='T-1', events=0, kept=0, dropped=0)"


def test_the_arguments_are_checked_as_a_tickets_are() -> None:
    with pytest.raises(TimelineError, match="severity"):
        Timeline("T-1", "urgent", OPENED)
    with pytest.raises(NaiveDatetimeError, match=r"Ticket\.opened_at"):
        Timeline("T-1", "P2", datetime(2026, 3, 2, 9))  # noqa: DTZ001


def test_events_one_by_one_with_a_duplicate_and_a_late_one() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    assert timeline.add(Event.responded(at(1))) == ()
    assert timeline.add(Event.paused(at(3))) == ()
    assert codes(timeline.add(Event.paused(at(3)))) == [("duplicate", "paused", 3)]
    assert timeline.add(Event.severity_changed(at(2), "P1")) == ()  # late: takes its place
    assert timeline.add({"kind": "resumed", "at": "2026-03-02T13:00:00Z"}) == ()
    assert kinds(timeline.ticket.events) == [
        ("responded", 1),
        ("severity_changed", 2),
        ("paused", 3),
        ("resumed", 4),
    ]
    assert codes(timeline.dropped) == [("duplicate", "paused", 3)]
    assert len(timeline) == 5 == len(timeline.ticket.events) + len(timeline.dropped)


def test_a_late_resolution_drops_a_reply_that_came_after_it() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.responded(at(3)))
    dropped = timeline.add(Event.resolved(at(2)))
    assert codes(dropped) == [("after_resolution", "responded", 3)]
    assert kinds(timeline.ticket.events) == [("resolved", 2)]
    # A late reopen before the reply gives the reply back; add reports nothing new.
    assert timeline.add(Event.reopened(at(2.5))) == ()
    assert kinds(timeline.ticket.events) == [("resolved", 2), ("reopened", 2.5), ("responded", 3)]
    assert timeline.dropped == ()


def test_a_late_resume_makes_a_dropped_pause_valid_again() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.paused(at(1)), Event.paused(at(3)))
    assert codes(timeline.dropped) == [("already_paused", "paused", 3)]
    assert timeline.add(Event.resumed(at(2))) == ()
    assert kinds(timeline.ticket.events) == [("paused", 1), ("resumed", 2), ("paused", 3)]
    assert timeline.dropped == ()


def test_an_event_dropped_again_under_the_same_code_is_not_reported_again() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.paused(at(2)), Event.paused(at(3)))
    (before,) = timeline.dropped
    assert before.reason == "the ticket is already paused (since 2026-03-02T11:00:00+00:00)"
    # A late pause at 1: the pause at 2 is dropped now (new), the one at 3 still is (not new),
    # its reason now naming the pause at 1.
    assert codes(timeline.add(Event.paused(at(1)))) == [("already_paused", "paused", 2)]
    assert codes(timeline.dropped) == [
        ("already_paused", "paused", 2),
        ("already_paused", "paused", 3),
    ]
    assert timeline.dropped[1].reason.endswith("(since 2026-03-02T10:00:00+00:00)")


def test_an_event_dropped_under_another_code_is_reported_again() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.paused(at(1)), Event.paused(at(3)))  # already_paused
    dropped = timeline.add(Event.resolved(at(2)))
    assert codes(dropped) == [("after_resolution", "paused", 3)]


def test_copies_are_counted() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.paused(at(1)), Event.paused(at(1)))
    assert codes(timeline.add(Event.paused(at(1)))) == [("duplicate", "paused", 1)]
    assert len(timeline.dropped) == 2


def test_adding_nothing_changes_nothing() -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.resumed(at(1)))
    assert timeline.add() == ()
    assert len(timeline) == 1


def test_the_timeline_equals_with_events_of_everything_received() -> None:
    received = [Event.resolved(at(4)), Event.responded(at(5)), Event.paused(at(1)),
                Event.paused(at(1)), Event.reopened(at(4.5)), Event.resumed(at(-1))]  # fmt: skip
    timeline = Timeline("T-1", "P3", OPENED)
    for event in received:
        timeline.add(event)
    ticket, dropped = Ticket("T-1", "P3", OPENED).with_events(received)
    assert timeline.ticket == ticket
    assert timeline.dropped == dropped


def test_of_starts_from_a_ticket_and_its_events() -> None:
    ticket = Ticket(
        "T-1", "P2", OPENED, events=[Event.responded(at(1)), Event.paused(at(2))], contract="acme"
    )
    timeline = Timeline.of(ticket)
    assert timeline.ticket == ticket
    assert len(timeline) == 2
    assert timeline.add(Event.resumed(at(3))) == ()
    assert timeline.ticket.contract == "acme"
    assert timeline.ticket.severity is Severity.SEV2
    assert kinds(timeline.ticket.events) == [("responded", 1), ("paused", 2), ("resumed", 3)]


def test_of_drops_what_with_events_drops_from_a_valid_ticket() -> None:
    ticket = Ticket("T-1", "P2", OPENED, events=[Event.responded(at(1)), Event.responded(at(1))])
    assert codes(Timeline.of(ticket).dropped) == [("duplicate", "responded", 1)]


def test_of_takes_only_a_ticket() -> None:
    with pytest.raises(WrongTypeError, match="ticket must be a Ticket, not dict"):
        Timeline.of({"id": "T-1"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({"kind": "paused"}, "ticket T-1, new event 1: at: Field required"),
        (42, "ticket T-1, new event 1: 42 (int) is not an event"),
    ],
)
def test_a_bad_event_adds_nothing(bad: Any, expected: str) -> None:
    timeline = Timeline("T-1", "P2", OPENED)
    timeline.add(Event.paused(at(1)))
    with pytest.raises(SlakitError) as raised:
        timeline.add(Event.resumed(at(2)), bad)
    assert str(raised.value).startswith(expected)
    assert kinds(timeline.ticket.events) == [("paused", 1)]
    assert len(timeline) == 1


def test_escalations_flow_through_a_timeline_and_a_late_one_reorders_the_rest() -> None:
    timeline = Timeline("T-1", "P1", OPENED)
    assert timeline.add(Event.escalated(at(1), "L2")) == ()
    # A late L3 escalation, earlier than the L2 one: in its place the L2 one goes down.
    assert codes(timeline.add(Event.escalated(at(0.5), "L3"))) == [("not_higher", "escalated", 1)]
    assert timeline.ticket.level.value == "L3"
    assert timeline.ticket.level_reached_at("L3") == at(0.5)
    # Delivered again: a duplicate; a resolution then an escalation after it: dropped.
    assert codes(timeline.add(Event.escalated(at(0.5), "L3"))) == [("duplicate", "escalated", 0.5)]
    timeline.add(Event.resolved(at(2)))
    assert codes(timeline.add({"kind": "escalated", "at": at(3), "level": "L3"})) == [
        ("after_resolution", "escalated", 3)
    ]
    assert len(timeline) == len(timeline.ticket.events) + len(timeline.dropped) == 5


def test_a_mapping_escalation_without_a_level_names_the_ticket_and_index() -> None:
    timeline = Timeline("T-2", "P1", OPENED)
    with pytest.raises(TimelineError) as raised:
        timeline.add(Event.paused(at(1)), {"kind": "escalated", "at": at(2)})
    assert str(raised.value) == (
        "ticket T-2, new event 1: an escalated event needs the level it went to (L2 or L3)"
    )
    assert len(timeline) == 0  # all or nothing


def test_of_keeps_the_satisfaction_score() -> None:
    ticket = Ticket("T-3", "P3", OPENED, [Event.escalated(at(1), "L2")], satisfaction=2)
    timeline = Timeline.of(ticket)
    assert timeline.ticket == ticket
    timeline.add(Event.resolved(at(2)))
    assert timeline.ticket.satisfaction == 2 and timeline.ticket.resolved_level is not None
