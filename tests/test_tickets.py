"""Tickets and their timelines: every rule names the ticket, the event index and the rule."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from slakit import Dropped, Event, EventKind, Ingested, Severity, Ticket
from slakit.errors import NaiveDatetimeError, SlakitError, TimelineError

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def at(hours: float) -> datetime:
    return OPENED + timedelta(hours=hours)


# --------------------------------------------------------------------------- valid


def test_a_ticket_with_every_kind_of_event() -> None:
    events = [
        Event.responded(at(0.25)),
        Event.severity_changed(at(0.5), "P1"),
        Event.paused(at(1)),
        Event.resumed(at(2)),
        Event.resolved(at(3)),
        Event.reopened(at(4)),
        Event.paused(at(5)),
        Event.resolved(at(6)),  # resolving a paused ticket is allowed
        Event.reopened(at(7)),
        Event.responded(at(7)),  # equal instants are in order
        Event.resolved(at(8)),
    ]
    ticket = Ticket("T-1", "sev3", OPENED, events=events)
    assert ticket.id == "T-1"
    assert ticket.severity is Severity.SEV3
    assert ticket.opened_at == OPENED
    assert ticket.events == tuple(events)
    assert [event.kind for event in ticket.events][:3] == [
        EventKind.RESPONDED,
        EventKind.SEVERITY_CHANGED,
        EventKind.PAUSED,
    ]
    assert ticket.events[1].severity is Severity.SEV1


def test_a_ticket_without_events() -> None:
    ticket = Ticket("T-2", "critical", OPENED)
    assert ticket.events == ()
    assert ticket.severity is Severity.SEV1


def test_events_may_be_given_as_mappings_and_ids_as_numbers() -> None:
    ticket = Ticket(
        1234,  # type: ignore[arg-type]
        "P2",
        OPENED,
        events=[
            {"kind": "responded", "at": "2026-03-02T10:00:00+00:00"},
            {"kind": "severity_changed", "at": at(2), "severity": "high"},
        ],
    )
    assert ticket.id == "1234"
    assert ticket.events[0] == Event.responded(at(1))
    assert ticket.events[1] == Event.severity_changed(at(2), Severity.SEV2)


def test_events_at_the_opening_instant_are_allowed() -> None:
    ticket = Ticket("T-3", "P1", OPENED, events=[Event.responded(OPENED)])
    assert ticket.events[0].at == OPENED


def test_instants_in_other_zones_compare_as_instants() -> None:
    dublin = ZoneInfo("Europe/Dublin")
    singapore = ZoneInfo("Asia/Singapore")
    # 09:00 UTC == 17:00 in Singapore; 09:30 UTC == 09:30 in Dublin (GMT in March)
    ticket = Ticket(
        "T-4",
        "P2",
        datetime(2026, 3, 2, 17, 0, tzinfo=singapore),
        events=[Event.responded(datetime(2026, 3, 2, 9, 30, tzinfo=dublin))],
    )
    assert ticket.events[0].at - ticket.opened_at == timedelta(minutes=30)


# --------------------------------------------------------------------------- timeline rules


@pytest.mark.parametrize(
    ("events", "index", "rule"),
    [
        (
            [Event.responded(at(2)), Event.paused(at(1))],
            1,
            "is out of order: the event before it is at 2026-03-02T11:00:00+00:00",
        ),
        (
            [Event.responded(at(-1))],
            0,
            "comes before the ticket was opened (2026-03-02T09:00:00+00:00)",
        ),
        (
            [Event.responded(at(1)), Event.resumed(at(2))],
            1,
            "resumed without a pause; resume only a paused ticket",
        ),
        (
            [Event.paused(at(1)), Event.resumed(at(2)), Event.resumed(at(3))],
            2,
            "resumed without a pause",
        ),
        (
            [Event.paused(at(1)), Event.paused(at(2))],
            1,
            "paused twice; resume the ticket before pausing it again",
        ),
        (
            [Event.resolved(at(1)), Event.responded(at(2))],
            1,
            "comes after the ticket was resolved; reopen the ticket first",
        ),
        (
            [Event.resolved(at(1)), Event.resolved(at(2))],
            1,
            "comes after the ticket was resolved",
        ),
        (
            [Event.resolved(at(1)), Event.paused(at(2))],
            1,
            "comes after the ticket was resolved",
        ),
        (
            [Event.resolved(at(1)), Event.severity_changed(at(2), "P1")],
            1,
            "comes after the ticket was resolved",
        ),
        (
            [Event.paused(at(1)), Event.resolved(at(2)), Event.resumed(at(3))],
            2,
            "comes after the ticket was resolved",
        ),
        (
            [Event.reopened(at(1))],
            0,
            "reopened a ticket that is not resolved",
        ),
        (
            [Event.resolved(at(1)), Event.reopened(at(2)), Event.reopened(at(3))],
            2,
            "reopened a ticket that is not resolved",
        ),
    ],
    ids=[
        "out-of-order",
        "before-opening",
        "resume-without-pause",
        "resume-twice",
        "pause-twice",
        "respond-after-resolution",
        "resolve-twice",
        "pause-after-resolution",
        "severity-after-resolution",
        "resume-after-resolution",
        "reopen-when-open",
        "reopen-twice",
    ],
)
def test_timeline_rules(events: list[Event], index: int, rule: str) -> None:
    with pytest.raises(TimelineError) as raised:
        Ticket("T-9", "P2", OPENED, events=events)
    message = str(raised.value)
    event = events[index]
    assert message.startswith(
        f"ticket T-9, event {index} ({event.kind.value} at {event.at.isoformat()}): "
    )
    assert rule in message
    assert isinstance(raised.value, SlakitError)
    assert isinstance(raised.value, ValueError)


def test_the_first_broken_rule_is_reported() -> None:
    with pytest.raises(TimelineError, match="event 1 "):
        Ticket("T-9", "P2", OPENED, events=[Event.paused(at(1)), Event.paused(at(2)),
                                             Event.reopened(at(0))])  # fmt: skip


def test_severity_changed_needs_a_severity() -> None:
    with pytest.raises(TimelineError, match="a severity_changed event needs the new severity"):
        Event(kind="severity_changed", at=at(1))


def test_severity_changed_without_severity_in_a_ticket_names_ticket_and_event() -> None:
    with pytest.raises(TimelineError) as raised:
        Ticket(
            "T-9",
            "P2",
            OPENED,
            events=[
                {"kind": "responded", "at": at(1)},
                {"kind": "severity_changed", "at": at(2)},
            ],
        )
    message = str(raised.value)
    assert "a severity_changed event needs the new severity" in message
    assert "T-9" in message
    assert "event 1" in message


def test_only_severity_changed_takes_a_severity() -> None:
    with pytest.raises(TimelineError, match="a paused event takes no severity"):
        Event(kind="paused", at=at(1), severity="P1")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"kind": "exploded", "at": at(1)}, "kind"),
        ({"kind": "severity_changed", "at": at(1), "severity": "P9"}, "'P9' is not a severity"),
        ({"kind": "responded"}, "at"),
        ({"kind": "responded", "at": at(1), "by": "bob"}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_events(fields: dict[str, Any], reason: str) -> None:
    with pytest.raises(TimelineError, match=reason):
        Event(**fields)


@pytest.mark.parametrize(
    ("ticket_id", "severity", "reason"),
    [
        ("", "P1", "a ticket id must not be empty"),
        ("   ", "P1", "a ticket id must not be empty"),
        ("T-1", "P9", "'P9' is not a severity"),
    ],
)
def test_invalid_ticket_fields(ticket_id: str, severity: str, reason: str) -> None:
    with pytest.raises(TimelineError, match=reason):
        Ticket(ticket_id, severity, OPENED)


# --------------------------------------------------------------------------- naive datetimes


def test_naive_opened_at() -> None:
    with pytest.raises(NaiveDatetimeError) as raised:
        Ticket("T-1", "P1", datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001
    assert "opened_at" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_naive_event_instant() -> None:
    with pytest.raises(NaiveDatetimeError, match="at is a naive datetime"):
        Event.responded(datetime(2026, 3, 2, 10, 0))  # noqa: DTZ001


@pytest.mark.parametrize(
    "value",
    [datetime(2026, 3, 2, 10, 0), "2026-03-02T10:00:00"],  # noqa: DTZ001
)
def test_naive_event_instant_inside_a_ticket_names_the_event(value: object) -> None:
    with pytest.raises(NaiveDatetimeError) as raised:
        Ticket("T-1", "P1", OPENED, events=[{"kind": "responded", "at": value}])
    assert "events.0.at" in str(raised.value)


# --------------------------------------------------------------------------- values


def sample() -> Ticket:
    return Ticket(
        "T-7",
        "P3",
        datetime(2026, 3, 27, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam")),
        events=[
            Event.responded(datetime(2026, 3, 27, 20, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))),
            Event.severity_changed(datetime(2026, 3, 28, 1, 0, tzinfo=UTC), "P1"),
            Event.paused(datetime(2026, 3, 28, 9, 0, tzinfo=timezone(timedelta(hours=5)))),
            Event.resumed(datetime(2026, 3, 30, 8, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))),
            Event.resolved(datetime(2026, 3, 30, 9, 0, tzinfo=UTC)),
            Event.reopened(datetime(2026, 3, 30, 9, 0, 0, 1, tzinfo=UTC)),
        ],
    )


def test_ticket_json_round_trip() -> None:
    ticket = sample()
    back = Ticket.model_validate_json(ticket.model_dump_json())
    assert back == ticket
    assert back.model_dump_json() == ticket.model_dump_json()
    assert [event.at for event in back.events] == [event.at for event in ticket.events]


def test_ticket_dict_round_trip() -> None:
    ticket = sample()
    assert Ticket.model_validate(ticket.model_dump()) == ticket
    assert Ticket.model_validate(ticket.model_dump(mode="json")) == ticket


def test_invalid_json_timeline_is_refused() -> None:
    text = Ticket("T-1", "P1", OPENED, events=[Event.paused(at(1))]).model_dump_json()
    text = text.replace('"paused"', '"resumed"')
    with pytest.raises((TimelineError, ValueError), match="resumed without a pause"):
        Ticket.model_validate_json(text)


@pytest.mark.parametrize("event", sample().events, ids=lambda event: event.kind.value)
def test_event_json_round_trip(event: Event) -> None:
    assert Event.model_validate_json(event.model_dump_json()) == event


def test_tickets_are_frozen_hashable_and_picklable() -> None:
    ticket = sample()
    with pytest.raises(ValueError):
        ticket.id = "other"  # type: ignore[misc]
    assert hash(ticket) == hash(Ticket.model_validate_json(ticket.model_dump_json()))
    assert pickle.loads(pickle.dumps(ticket)) == ticket
    assert len({ticket, sample()}) == 1


def test_events_in_the_autumn_dst_overlap_are_ordered_by_instant() -> None:
    # Dublin falls back on 26 Oct 2025 at 02:00 IST → 01:00 GMT, so 01:00 happens twice.
    # 01:59:59 IST (fold=0) is 00:59:59 UTC; 01:00 GMT (fold=1) is 01:00 UTC, one
    # second later, although its wall time reads earlier.
    dublin = ZoneInfo("Europe/Dublin")
    opened = datetime(2025, 10, 26, 1, 59, 59, tzinfo=dublin)
    later = datetime(2025, 10, 26, 1, 0, fold=1, tzinfo=dublin)
    ticket = Ticket("T-fold", "P2", opened, events=[Event.responded(later)])
    assert ticket.events[0].at == later
    with pytest.raises(TimelineError, match="comes before the ticket was opened"):
        Ticket("T-fold", "P2", later, events=[Event.responded(opened)])


def test_model_validate_raises_slakit_errors_like_the_constructor() -> None:
    # A ticketing webhook builds tickets from JSON: `except SlakitError` must catch it all.
    payload = {"id": "T-1", "severity": "sev2", "opened_at": "2026-10-23T16:05:00"}
    with pytest.raises(NaiveDatetimeError, match=r"Ticket\.opened_at"):
        Ticket.model_validate(payload)
    payload = {
        "id": "T-1",
        "severity": "sev2",
        "opened_at": "2026-10-23T16:05:00+01:00",
        "events": [{"kind": "resumed", "at": "2026-10-23T16:06:00+01:00"}],
    }
    with pytest.raises(TimelineError, match=r"ticket T-1, event 0 .*resumed without a pause"):
        Ticket.model_validate(payload)
    with pytest.raises(SlakitError):
        Ticket.model_validate_json('{"id": "T-1", "severity": "urgent", "opened_at": "x"}')


# --------------------------------------------------------------------------- its contract


def test_a_ticket_names_no_contract_by_default() -> None:
    assert Ticket("T-1", "P1", OPENED).contract == ""


def test_a_ticket_names_its_contract_stripped() -> None:
    ticket = Ticket("T-1", "P1", OPENED, contract="  kmp-premier-dublin ")
    assert ticket.contract == "kmp-premier-dublin"
    assert Ticket("T-1", "P1", OPENED, contract="   ").contract == ""


def test_the_contract_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        Ticket("T-1", "P1", OPENED, (), "acme")  # type: ignore[misc]


def test_the_contract_is_part_of_the_value() -> None:
    acme = Ticket("T-1", "P1", OPENED, contract="acme")
    assert acme != Ticket("T-1", "P1", OPENED, contract="globex")
    assert Ticket.model_validate_json(acme.model_dump_json()) == acme
    assert pickle.loads(pickle.dumps(acme)).contract == "acme"


def test_a_contract_that_is_not_text_is_refused() -> None:
    with pytest.raises(TimelineError, match="contract: Input should be a valid string"):
        Ticket("T-1", "P1", OPENED, contract=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["acme gold", "acme/gold", "-acme", "x" * 129])
def test_a_contract_that_is_not_an_id_is_refused(text: str) -> None:
    # The one id rule (slakit._text.ID_PATTERN): a ticket naming "acme gold" could never
    # match a contract, so it is refused where it is made.
    with pytest.raises(TimelineError) as raised:
        Ticket("T-1", "P1", OPENED, contract=text)
    assert str(raised.value).startswith("invalid Ticket: contract: ")
    assert "is not a contract id; an id is 1 to 128 letters, digits" in str(raised.value)


# --------------------------------------------------------------------------- tolerant ingestion


def kinds(ticket: Ticket) -> list[tuple[str, float]]:
    return [(event.kind.value, (event.at - OPENED) / timedelta(hours=1)) for event in ticket.events]


def codes(dropped: tuple[Dropped, ...]) -> list[tuple[str, str, float]]:
    return [
        (item.code, item.event.kind.value, (item.event.at - OPENED) / timedelta(hours=1))
        for item in dropped
    ]


def test_with_events_orders_by_instant_and_keeps_the_ticket_and_the_original() -> None:
    ticket = Ticket("T-1", "P2", OPENED, events=[Event.responded(at(1))], contract="acme")
    new, dropped = ticket.with_events([Event.resolved(at(5)), Event.paused(at(2))])
    assert kinds(new) == [("responded", 1), ("paused", 2), ("resolved", 5)]
    assert dropped == ()
    assert (new.id, new.severity, new.opened_at, new.contract) == (
        "T-1",
        Severity.SEV2,
        OPENED,
        "acme",
    )
    assert kinds(ticket) == [("responded", 1)]  # tickets are values: the original is unchanged


def test_with_events_returns_a_named_pair() -> None:
    result = Ticket("T-1", "P2", OPENED).with_events([Event.paused(at(1))])
    assert isinstance(result, Ingested)
    assert result.ticket is result[0]
    assert result.dropped == ()


def test_equal_instants_keep_the_order_given_the_tickets_own_events_first() -> None:
    ticket = Ticket("T-1", "P2", OPENED, events=[Event.resolved(at(2))])
    new, dropped = ticket.with_events([Event.reopened(at(2)), Event.resolved(at(2))])
    # resolved, reopened, resolved at one instant: each is a real transition, none dropped.
    assert kinds(new) == [("resolved", 2), ("reopened", 2), ("resolved", 2)]
    assert dropped == ()
    # Given the other way round, the reopen waits for the resolution of its instant.
    new, dropped = Ticket("T-1", "P2", OPENED).with_events(
        [Event.reopened(at(2)), Event.resolved(at(2))]
    )
    assert kinds(new) == [("resolved", 2), ("reopened", 2)]
    assert dropped == ()


def test_a_resume_delivered_before_its_pause_at_the_same_instant_is_kept_after_it() -> None:
    # Tools stamp events to the second: a pause and its resume in one second may arrive
    # reversed. The resume waits for the pause; the ticket is not left paused for ever.
    new, dropped = Ticket("T-1", "P1", OPENED).with_events(
        [Event.resumed(at(2)), Event.paused(at(2))]
    )
    assert kinds(new) == [("paused", 2), ("resumed", 2)]
    assert dropped == ()


def test_a_resume_with_no_pause_at_its_instant_is_still_dropped() -> None:
    new, dropped = Ticket("T-1", "P1", OPENED).with_events(
        [Event.resumed(at(2)), Event.responded(at(2))]
    )
    assert kinds(new) == [("responded", 2)]
    assert codes(dropped) == [("not_paused", "resumed", 2)]


@pytest.mark.parametrize(
    ("events", "kept", "dropped"),
    [
        (  # the same event delivered twice, at the same instant written in another zone
            [Event.paused(at(1)), Event.paused(at(1).astimezone(timezone(timedelta(hours=5))))],
            [("paused", 1)],
            [("duplicate", "paused", 1)],
        ),
        (
            [Event.responded(at(-1)), Event.responded(at(1))],
            [("responded", 1)],
            [("before_opening", "responded", -1)],
        ),
        (
            [Event.resolved(at(2)), Event.responded(at(3)), Event.paused(at(4))],
            [("resolved", 2)],
            [("after_resolution", "responded", 3), ("after_resolution", "paused", 4)],
        ),
        (
            [Event.resolved(at(2)), Event.resolved(at(3))],
            [("resolved", 2)],
            [("already_resolved", "resolved", 3)],
        ),
        (
            [Event.paused(at(1)), Event.paused(at(2)), Event.resumed(at(3))],
            [("paused", 1), ("resumed", 3)],
            [("already_paused", "paused", 2)],
        ),
        (
            [Event.resumed(at(1)), Event.paused(at(2)), Event.resumed(at(3)), Event.resumed(at(4))],
            [("paused", 2), ("resumed", 3)],
            [("not_paused", "resumed", 1), ("not_paused", "resumed", 4)],
        ),
        ([Event.reopened(at(1))], [], [("not_resolved", "reopened", 1)]),
        (
            [Event.severity_changed(at(1), "sev2"), Event.severity_changed(at(2), "P1"),
             Event.severity_changed(at(3), "critical")],
            [("severity_changed", 2)],
            [("same_severity", "severity_changed", 1), ("same_severity", "severity_changed", 3)],
        ),
        (  # a resolution of a paused ticket ends the pause: a resume after a reopen is redundant
            [Event.paused(at(1)), Event.resolved(at(2)), Event.reopened(at(3)),
             Event.resumed(at(4))],
            [("paused", 1), ("resolved", 2), ("reopened", 3)],
            [("not_paused", "resumed", 4)],
        ),
    ],
)  # fmt: skip
def test_each_drop_rule(
    events: list[Event], kept: list[tuple[str, float]], dropped: list[tuple[str, str, float]]
) -> None:
    new, lost = Ticket("T-1", "P2", OPENED).with_events(events)
    assert kinds(new) == kept
    assert codes(lost) == dropped


def test_drop_reasons_say_why() -> None:
    ticket = Ticket("T-1", "P2", OPENED, events=[Event.paused(at(1)), Event.resolved(at(2))])
    _, dropped = ticket.with_events(
        [
            Event.responded(at(-1)),
            Event.responded(at(3)),
            Event.resolved(at(3)),
            Event.severity_changed(at(0.5), "P2"),
            Event.paused(at(1.5)),
            Event.paused(at(1.5)),
        ]
    )
    assert [(item.code, item.reason) for item in dropped] == [
        ("before_opening", "comes before the ticket was opened (2026-03-02T09:00:00+00:00)"),
        ("same_severity", "the ticket is already SEV2"),
        ("already_paused", "the ticket is already paused (since 2026-03-02T10:00:00+00:00)"),
        ("duplicate", "repeats an event just before it (same kind, instant, severity)"),
        (
            "after_resolution",
            "comes after the ticket was resolved (at 2026-03-02T11:00:00+00:00) and before a "
            "reopen; the resolution already stopped the response clock",
        ),
        ("already_resolved", "the ticket is already resolved (at 2026-03-02T11:00:00+00:00)"),
    ]
    _, dropped = Ticket("T-1", "P2", OPENED).with_events(
        [Event.resumed(at(1)), Event.reopened(at(1)), Event.resolved(at(2)), Event.paused(at(3))]
    )
    assert [item.reason for item in dropped] == [
        "resumed a ticket that is not paused (its clocks are running)",
        "reopened a ticket that is not resolved",
        "comes after the ticket was resolved (at 2026-03-02T11:00:00+00:00) and before a reopen",
    ]


def test_a_late_event_can_drop_one_of_the_tickets_own_events() -> None:
    ticket = Ticket("T-1", "P2", OPENED, events=[Event.paused(at(2)), Event.resumed(at(3))])
    new, dropped = ticket.with_events([Event.paused(at(1))])
    assert kinds(new) == [("paused", 1), ("resumed", 3)]
    assert codes(dropped) == [("already_paused", "paused", 2)]


def test_a_repeated_response_on_a_valid_ticket_is_dropped_as_a_duplicate() -> None:
    # The strict constructor accepts it (a second reply changes no clock); the tolerant
    # path drops it, and only it.
    ticket = Ticket("T-1", "P2", OPENED, events=[Event.responded(at(1)), Event.responded(at(1))])
    new, dropped = ticket.with_events([])
    assert kinds(new) == [("responded", 1)]
    assert codes(dropped) == [("duplicate", "responded", 1)]


def test_with_events_takes_mappings_and_any_iterable() -> None:
    new, _ = Ticket("T-1", "P2", OPENED).with_events(
        iter([{"kind": "severity_changed", "at": "2026-03-02T10:00:00Z", "severity": "P1"}])
    )
    assert new.events == (Event.severity_changed(at(1), Severity.SEV1),)


@pytest.mark.parametrize(
    ("events", "error", "expected"),
    [
        (
            [Event.paused(at(1)), {"kind": "paused"}],
            TimelineError,
            "ticket T-1, new event 1: at: Field required",
        ),
        (
            [{"kind": "sleep", "at": at(1)}],
            TimelineError,
            "ticket T-1, new event 0: kind: Input should be 'responded', 'paused', 'resumed', "
            "'severity_changed', 'resolved' or 'reopened'",
        ),
        (
            [{"kind": "paused", "at": at(1), "severity": "P1"}],
            TimelineError,
            "ticket T-1, new event 0: a paused event takes no severity",
        ),
        (
            [{"kind": "paused", "at": "2026-03-02T10:00:00"}],
            NaiveDatetimeError,
            "ticket T-1, new event 0, at is a naive datetime",
        ),
        (
            [Event.paused(at(1)), "paused"],
            TimelineError,
            "ticket T-1, new event 1: 'paused' (str) is not an event; give an Event or a "
            "mapping with kind, at and severity",
        ),
        (
            "paused",
            TimelineError,
            "ticket T-1: new events must be a list (or other iterable) of events, not str",
        ),
        (
            Event.paused(at(1)),
            TimelineError,
            "ticket T-1: new events must be a list (or other iterable) of events, not Event",
        ),
    ],
)
def test_bad_new_events_name_the_ticket_and_the_index(
    events: Any, error: type[Exception], expected: str
) -> None:
    with pytest.raises(error) as raised:
        Ticket("T-1", "P2", OPENED).with_events(events)
    assert str(raised.value).startswith(expected)
    assert isinstance(raised.value, SlakitError)


def test_dropped_is_a_frozen_checked_value() -> None:
    item = Dropped(Event.paused(at(1)), "the ticket is already paused", "already_paused")
    assert item == Dropped(
        event={"kind": "paused", "at": at(1)}, reason="the ticket is already paused",
        code="already_paused",
    )  # fmt: skip
    assert hash(item) == hash(pickle.loads(pickle.dumps(item)))
    with pytest.raises(TimelineError, match="invalid Dropped: code: Input should be 'duplicate'"):
        Dropped(Event.paused(at(1)), "why", "lost")  # type: ignore[arg-type]
    with pytest.raises(TimelineError, match="invalid Dropped: reason: Field required"):
        Dropped(Event.paused(at(1)), code="duplicate")
