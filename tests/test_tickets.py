"""Tickets and their timelines: every rule names the ticket, the event index and the rule."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from slakit import Dropped, Event, EventKind, Ingested, Severity, SupportLevel, Ticket
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
            "'severity_changed', 'resolved', 'reopened' or 'escalated'",
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
            "mapping with kind, at, and severity or level",
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


# --------------------------------------------------------------------------- support levels


def test_support_levels_parse_and_compare_by_rank() -> None:
    assert [SupportLevel.parse(text) for text in ("L1", "l2", " level 3 ", "2", 3)] == [
        SupportLevel.L1,
        SupportLevel.L2,
        SupportLevel.L3,
        SupportLevel.L2,
        SupportLevel.L3,
    ]
    assert SupportLevel.L1 < SupportLevel.L2 < SupportLevel.L3
    assert SupportLevel.L3 >= SupportLevel.L3 > SupportLevel.L2
    assert max(SupportLevel) is SupportLevel.L3  # by rank, not by text
    assert [level.rank for level in SupportLevel] == [1, 2, 3]


@pytest.mark.parametrize("value", ["L4", "L0", "4", 0, True, "", "level two", "x" * 100, None])
def test_a_level_that_does_not_exist_is_refused(value: object) -> None:
    with pytest.raises(TimelineError, match="is not a support level; write L1, L2 or L3"):
        SupportLevel.parse(value)


def test_an_escalation_names_its_level_and_only_escalations_have_one() -> None:
    event = Event.escalated(at(0.2), "l3")
    assert (event.kind, event.level, event.severity) == (EventKind.ESCALATED, SupportLevel.L3, None)
    with pytest.raises(TimelineError, match="an escalated event needs the level it went to"):
        Event(kind="escalated", at=at(1))
    with pytest.raises(TimelineError, match="a paused event takes no level"):
        Event(kind="paused", at=at(1), level="L2")
    with pytest.raises(TimelineError, match="level: 'L9' is not a support level"):
        Event(kind="escalated", at=at(1), level="L9")
    with pytest.raises(TimelineError, match="an escalated event takes no severity"):
        Event(kind="escalated", at=at(1), level="L2", severity="P1")


def test_escalations_go_up_one_or_two_levels_at_a_time_while_the_ticket_is_open() -> None:
    ticket = Ticket(
        "T-1",
        "P1",
        OPENED,
        events=[
            Event.responded(at(0.1)),
            Event.paused(at(0.2)),
            Event.escalated(at(0.3), "L2"),  # while paused
            Event.resumed(at(0.4)),
            Event.resolved(at(1)),
            Event.reopened(at(2)),
            Event.escalated(at(2.5), "L3"),  # after a reopen
            Event.resolved(at(3)),
        ],
    )
    assert ticket.level is SupportLevel.L3
    assert Ticket("T-2", "P1", OPENED, [Event.escalated(OPENED, "L3")]).level is SupportLevel.L3


@pytest.mark.parametrize(
    ("events", "rule"),
    [
        (
            [Event.escalated(at(-1), "L2")],
            "event 0 (escalated at 2026-03-02T08:00:00+00:00): comes before the ticket was "
            "opened (2026-03-02T09:00:00+00:00)",
        ),
        (
            [Event.escalated(at(1), "L1")],
            "event 0 (escalated at 2026-03-02T10:00:00+00:00): escalated to L1 but the ticket "
            "is already at L1; escalations only go up (L1 -> L2 -> L3)",
        ),
        (
            [Event.escalated(at(1), "L3"), Event.escalated(at(2), "L2")],
            "event 1 (escalated at 2026-03-02T11:00:00+00:00): escalated to L2 but the ticket "
            "is already at L3; escalations only go up (L1 -> L2 -> L3)",
        ),
        (
            [Event.escalated(at(1), "L2"), Event.escalated(at(2), "L2")],
            "event 1 (escalated at 2026-03-02T11:00:00+00:00): escalated to L2 but the ticket "
            "is already at L2; escalations only go up (L1 -> L2 -> L3)",
        ),
        (
            [Event.resolved(at(1)), Event.escalated(at(2), "L2")],
            "event 1 (escalated at 2026-03-02T11:00:00+00:00): comes after the ticket was "
            "resolved; reopen the ticket first",
        ),
    ],
)
def test_a_bad_escalation_names_the_ticket_the_event_and_the_rule(
    events: list[Event], rule: str
) -> None:
    with pytest.raises(TimelineError) as raised:
        Ticket("T-9", "P1", OPENED, events=events)
    assert str(raised.value) == f"ticket T-9, {rule}"


def test_escalations_change_no_clock() -> None:
    from slakit import Contract, evaluate, sla_events

    contract = Contract(framework="kmp", tier="premier", region="dublin")
    plain = [Event.responded(at(0.2)), Event.paused(at(1)), Event.resumed(at(2))]
    escalated = [
        Event.responded(at(0.2)),
        Event.escalated(at(0.2), "L2"),
        Event.paused(at(1)),
        Event.escalated(at(1.5), "L3"),
        Event.resumed(at(2)),
    ]
    for now in (at(0.1), at(1.5), at(3), at(200)):
        for severity in ("P1", "P3"):
            with_escalations = evaluate(Ticket("T-1", severity, OPENED, escalated), contract, now)
            without = evaluate(Ticket("T-1", severity, OPENED, plain), contract, now)
            assert with_escalations.response == without.response
            assert with_escalations.resolution == without.resolution
    # Nor the SLA events a ticketing tool is sent.
    for severity in ("P1", "P3"):
        tickets = Ticket("T-1", severity, OPENED, escalated), Ticket("T-1", severity, OPENED, plain)
        first, second = (sla_events(ticket, contract, end=at(72)) for ticket in tickets)
        assert first == second and first


def test_what_the_events_say_about_levels_and_resolution() -> None:
    ticket = Ticket(
        "T-1",
        "P1",
        OPENED,
        events=[
            Event.responded(at(0.1)),
            Event.escalated(at(0.2), "L2"),
            Event.escalated(at(0.25), "L3"),
            Event.resolved(at(1)),
        ],
    )
    assert ticket.escalated and ticket.level is SupportLevel.L3
    assert ticket.level_reached_at("L1") == OPENED
    assert ticket.level_reached_at(SupportLevel.L2) == at(0.2)
    assert ticket.level_reached_at(3) == at(0.25)
    assert (ticket.resolved_at, ticket.resolved_level) == (at(1), SupportLevel.L3)
    # Straight to L3: L2 is reached then too (L3 is above it).
    straight = Ticket("T-2", "P1", OPENED, [Event.escalated(at(0.1), "L3")])
    assert straight.level_reached_at("L2") == at(0.1)
    never = Ticket("T-3", "P3", OPENED, [Event.resolved(at(1))])
    assert not never.escalated and never.level_reached_at("L2") is None
    assert never.resolved_level is SupportLevel.L1
    with pytest.raises(TimelineError, match="'L5' is not a support level"):
        never.level_reached_at("L5")


def test_resolved_at_is_the_final_resolution() -> None:
    reopened = [Event.resolved(at(1)), Event.reopened(at(2))]
    assert Ticket("T-1", "P3", OPENED, reopened).resolved_at is None
    again = Ticket("T-2", "P3", OPENED, [*reopened, Event.resolved(at(3))])
    assert again.resolved_at == at(3) and again.reopened
    assert Ticket("T-3", "P3", OPENED).resolved_level is None


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([Event.responded(at(0.1)), Event.resolved(at(1))], True),
        ([Event.resolved(at(1))], True),  # resolving is the first answer too
        ([Event.severity_changed(at(0.5), "P2"), Event.resolved(at(1))], True),
        ([Event.responded(at(0.1))], None),  # not resolved (yet)
        ([Event.escalated(at(0.5), "L2"), Event.resolved(at(1))], False),
        ([Event.paused(at(0.5)), Event.resumed(at(0.7)), Event.resolved(at(1))], False),
        ([Event.resolved(at(1)), Event.reopened(at(2)), Event.resolved(at(3))], False),
        ([Event.resolved(at(1)), Event.reopened(at(2))], None),
    ],
)
def test_first_contact_resolution_is_read_on_the_events(
    events: list[Event], expected: bool | None
) -> None:
    assert Ticket("T-1", "P3", OPENED, events).first_contact_resolved is expected


@pytest.mark.parametrize(("score", "satisfied"), [(1, False), (3, False), (4, True), (5, True)])
def test_satisfaction_is_a_whole_score_from_1_to_5(score: int, satisfied: bool) -> None:
    ticket = Ticket("T-1", "P3", OPENED, satisfaction=score)
    assert (ticket.satisfaction, ticket.satisfied) == (score, satisfied)
    assert Ticket("T-2", "P3", OPENED).satisfied is None


@pytest.mark.parametrize(
    ("score", "problem"),
    [
        (0, "0 is out of range"),
        (6, "6 is out of range"),
        (-1, "-1 is out of range"),
        (4.5, "4.5 is not a whole number"),
        (4.0, "4.0 is not a whole number"),  # a float is never taken as a score
        (True, "True is not a whole number"),
        ("5", "'5' is not a whole number"),
    ],
)
def test_a_satisfaction_score_out_of_range_is_refused(score: object, problem: str) -> None:
    with pytest.raises(TimelineError) as raised:
        Ticket("T-1", "P3", OPENED, satisfaction=score)  # type: ignore[arg-type]
    assert str(raised.value) == (
        f"invalid Ticket: satisfaction: {problem}; satisfaction is a survey score, a whole "
        "number from 1 to 5"
    )


def test_escalations_and_satisfaction_survive_json_and_pickle() -> None:
    ticket = Ticket(
        "T-1",
        "P1",
        OPENED,
        [Event.escalated(at(0.1), "L3"), Event.resolved(at(1))],
        contract="acme",
        satisfaction=4,
    )
    assert Ticket.model_validate_json(ticket.model_dump_json()) == ticket
    assert pickle.loads(pickle.dumps(ticket)) == ticket
    assert ticket.model_dump(mode="json")["events"][0] == {
        "kind": "escalated",
        "at": "2026-03-02T09:06:00Z",
        "severity": None,
        "level": "L3",
    }


def test_as_of_keeps_the_events_up_to_now() -> None:
    ticket = Ticket(
        "T-1",
        "P1",
        OPENED,
        [Event.escalated(at(0.1), "L2"), Event.resolved(at(1))],
        contract="acme",
        satisfaction=5,
    )
    before = ticket.as_of(at(0.5))
    assert before.events == ticket.events[:1] and before.resolved_at is None
    assert (before.contract, before.satisfaction) == ("acme", 5)
    assert ticket.as_of(at(1)) is ticket  # an event at now has happened
    assert ticket.as_of(at(0)).level is SupportLevel.L1
    with pytest.raises(NaiveDatetimeError):
        ticket.as_of(datetime(2026, 3, 2, 10))  # noqa: DTZ001


def test_the_tolerant_path_takes_escalations_and_drops_those_that_do_not_go_up() -> None:
    ticket = Ticket("T-1", "P1", OPENED, satisfaction=3)
    new, dropped = ticket.with_events(
        [
            Event.escalated(at(0.5), "L3"),
            Event.escalated(at(0.2), "L2"),  # late, but in its place it goes up
            Event.escalated(at(0.5), "L3"),  # delivered twice
            Event.escalated(at(0.7), "L2"),  # down
            Event.resolved(at(1)),
            Event.escalated(at(2), "L3"),  # after the resolution
            Event.escalated(at(-1), "L2"),  # before the opening
        ]
    )
    assert [(event.at, event.level) for event in new.events if event.level] == [
        (at(0.2), SupportLevel.L2),
        (at(0.5), SupportLevel.L3),
    ]
    assert new.satisfaction == 3
    assert [(item.code, item.event.at) for item in dropped] == [
        ("before_opening", at(-1)),
        ("duplicate", at(0.5)),
        ("not_higher", at(0.7)),
        ("after_resolution", at(2)),
    ]
    assert dropped[2].reason == (
        "escalated to L2 while the ticket is at L3; escalations only go up"
    )
    # A second escalation to one level at another instant is not a duplicate: it does not go up.
    _, again = Ticket("T-2", "P1", OPENED).with_events(
        [Event.escalated(at(0.1), "L2"), Event.escalated(at(0.2), "L2")]
    )
    assert [item.code for item in again] == ["not_higher"]
