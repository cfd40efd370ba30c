"""SLA events and the next wake-up (slakit.sla).

Expected instants come from the contract text (KMP Premier, Dublin: Sev1 15 min
response and 4 h resolution on a 24x7 clock; Sev2 2 h and 24 h, Sev3 8 h and 72 h
business hours on 06:00-18:00 Monday to Friday, Europe/Dublin, GMT in early March),
never from the code under test.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import slakit
from slakit import (
    ClockState,
    Contract,
    Event,
    Metric,
    Severity,
    SlaEvent,
    SlaEventKind,
    Ticket,
    escalation_schedule,
    evaluate,
    next_wakeup,
    sla_events,
)
from slakit.errors import NaiveDatetimeError, TimelineError, UsageError, WrongTypeError
from slakit.sla import sla_event_schema

US = timedelta(microseconds=1)
DUBLIN = ZoneInfo("Europe/Dublin")
H = Decimal("0.5"), Decimal("0.75"), Decimal("0.9")


@cache
def premier(mode: str = "retarget") -> Contract:
    return Contract(framework="kmp", tier="premier", region="dublin", severity_change=mode)


def t(hour: int, minute: int = 0, second: int = 0, day: int = 2) -> datetime:
    """An instant on Monday 2 March 2026 (or ``day``), UTC (= Dublin time in March)."""
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


Row = tuple[datetime, str, str | None, bool | None, int]


def rows(events: list[SlaEvent], metric: str) -> list[Row]:
    """One metric's events as (at, kind, threshold, met, cycle)."""
    return [
        (e.at, e.kind.value, None if e.threshold is None else str(e.threshold), e.met, e.cycle)
        for e in events
        if e.metric == metric
    ]


def replay(events: list[SlaEvent], metric: Metric) -> dict[str, Any]:
    """State, severity, breached and met of one metric, from its events alone."""
    state, severity, breached, met = None, None, False, None
    for event in events:
        if event.metric is not metric:
            continue
        kind = event.kind
        if kind in (SlaEventKind.STARTED, SlaEventKind.RETARGETED):
            severity = event.severity
        if kind in (SlaEventKind.STARTED, SlaEventKind.RESUMED, SlaEventKind.REOPENED):
            state = ClockState.RUNNING
        elif kind is SlaEventKind.PAUSED:
            state = ClockState.PAUSED
        elif kind is SlaEventKind.FULFILLED:
            state, met = ClockState.STOPPED, event.met
        elif kind is SlaEventKind.BREACHED:
            breached = True
    if state is not ClockState.STOPPED:
        met = False if breached else None
    return {"state": state, "severity": severity, "breached": breached, "met": met}


def assert_replays(ticket: Ticket, contract: Contract, end: datetime) -> None:
    events = sla_events(ticket, contract, end=end)
    status = evaluate(ticket, contract, end)
    for metric in status.metrics():
        assert replay(events, metric.metric) == {
            "state": metric.state,
            "severity": metric.severity,
            "breached": metric.breached,
            "met": metric.met,
        }


# --------------------------------------------------------------------------- sla_events


def test_wall_clock_thresholds_breach_and_fulfilment() -> None:
    ticket = Ticket("S-1", "sev1", t(9), [Event.responded(t(9, 20))])
    events = sla_events(ticket, premier(), end=t(9, 30))
    # 15 minutes: 7.5, 11.25, 13.5 min; breached from the microsecond after 15 min.
    assert rows(events, "response") == [
        (t(9), "started", None, None, 1),
        (t(9, 7, 30), "threshold", "0.5", None, 1),
        (t(9, 11, 15), "threshold", "0.75", None, 1),
        (t(9, 13, 30), "threshold", "0.9", None, 1),
        (t(9, 15) + US, "breached", None, None, 1),
        (t(9, 20), "fulfilled", None, False, 1),
    ]
    assert rows(events, "resolution") == [(t(9), "started", None, None, 1)]  # 50 % at 11:00
    assert all(e.ticket_id == "S-1" and e.severity is Severity.SEV1 for e in events)
    assert [e.at for e in events] == sorted(e.at for e in events)
    # The breach instant is the first at which evaluate says breached.
    assert not evaluate(ticket, premier(), t(9, 15)).response.breached
    assert evaluate(ticket, premier(), t(9, 15) + US).response.breached
    assert_replays(ticket, premier(), t(9, 30))


def test_a_target_used_up_at_closing_time_breaches_at_the_next_opening() -> None:
    friday = datetime(2026, 3, 6, 16, tzinfo=DUBLIN)
    monday_six = datetime(2026, 3, 9, 6, tzinfo=DUBLIN)
    ticket = Ticket("S-2", "sev2", friday)
    end = datetime(2026, 3, 9, 7, tzinfo=DUBLIN)
    # 2 business hours from Friday 16:00 run out at 18:00, the closing time: still met
    # over the weekend and at Monday 06:00; breached from 06:00 plus a microsecond.
    assert rows(sla_events(ticket, premier(), end=end), "response") == [
        (friday, "started", None, None, 1),
        (friday.replace(hour=17), "threshold", "0.5", None, 1),
        (friday.replace(hour=17, minute=30), "threshold", "0.75", None, 1),
        (friday.replace(hour=17, minute=48), "threshold", "0.9", None, 1),
        (monday_six + US, "breached", None, None, 1),
    ]
    for instant, breached in [
        (friday.replace(hour=18), False),
        (monday_six, False),
        (monday_six + US, True),
    ]:
        assert evaluate(ticket, premier(), instant).response.breached is breached
    # escalation_schedule's 1.0 is that same instant; next_wakeup from 17:59 too.
    (full,) = [e for e in escalation_schedule(ticket, premier(), friday) if e.threshold == 1][:1]
    assert full.at == monday_six + US
    assert next_wakeup(ticket, premier(), friday.replace(hour=17, minute=59)) == monday_six + US


def test_pauses_resolution_and_reopen_cycles() -> None:
    ticket = Ticket(
        "S-3",
        "sev1",
        t(9),
        [
            Event.responded(t(9, 5)),
            Event.paused(t(10)),
            Event.resumed(t(12)),
            Event.resolved(t(13)),  # 1 h + 1 h = 2 h of 4 h: exactly 50 %, met
            Event.reopened(t(15)),
        ],
    )
    events = sla_events(ticket, premier(), end=t(18))
    assert rows(events, "response") == [
        (t(9), "started", None, None, 1),
        (t(9, 5), "fulfilled", None, True, 1),
    ]
    # The time before the resolution reaches 50 % at 13:00, so the threshold comes first.
    assert rows(events, "resolution") == [
        (t(9), "started", None, None, 1),
        (t(10), "paused", None, None, 1),
        (t(12), "resumed", None, None, 1),
        (t(13), "threshold", "0.5", None, 1),
        (t(13), "fulfilled", None, True, 1),
        (t(15), "reopened", None, None, 2),
        (t(16), "threshold", "0.75", None, 2),
        (t(16, 36), "threshold", "0.9", None, 2),
        (t(17) + US, "breached", None, None, 2),
    ]
    # Up to 17:00 exactly, the breach has not happened yet.
    assert rows(sla_events(ticket, premier(), end=t(17)), "resolution")[-1][1] == "threshold"
    for end in (t(9, 5), t(10), t(13), t(15), t(17), t(17) + US, t(18)):
        assert_replays(ticket, premier(), end)


def test_a_retargeting_change_crosses_at_the_change_never_before() -> None:
    # Sev3 (72 business hours) becomes Sev1 (4 h on 24x7) at 11:00, when 2 h have run:
    # exactly 50 % of the new target, at the change; 3 h, 3.6 h and past 4 h later.
    ticket = Ticket(
        "S-4", "sev3", t(9), [Event.responded(t(9, 10)), Event.severity_changed(t(11), "sev1")]
    )
    assert rows(sla_events(ticket, premier(), end=t(14)), "resolution") == [
        (t(9), "started", None, None, 1),
        (t(11), "retargeted", None, None, 1),
        (t(11), "threshold", "0.5", None, 1),
        (t(12), "threshold", "0.75", None, 1),
        (t(12, 36), "threshold", "0.9", None, 1),
        (t(13) + US, "breached", None, None, 1),
    ]
    # Changed at 14:00 instead (5 h run): breached at the change, after the retargeting.
    late = Ticket(
        "S-5", "sev3", t(9), [Event.responded(t(9, 10)), Event.severity_changed(t(14), "sev1")]
    )
    events = sla_events(late, premier(), end=t(15))
    assert rows(events, "resolution") == [
        (t(9), "started", None, None, 1),
        (t(14), "retargeted", None, None, 1),
        (t(14), "threshold", "0.5", None, 1),
        (t(14), "threshold", "0.75", None, 1),
        (t(14), "threshold", "0.9", None, 1),
        (t(14), "breached", None, None, 1),
    ]
    assert [e.severity for e in events if e.metric == "resolution"] == [Severity.SEV3] + [
        Severity.SEV1
    ] * 5
    assert not evaluate(late, premier(), t(14) - US).resolution.breached
    assert evaluate(late, premier(), t(14)).resolution.breached
    # The response had stopped before the change: nothing happens to it.
    assert rows(events, "response") == [
        (t(9), "started", None, None, 1),
        (t(9, 10), "fulfilled", None, True, 1),
    ]
    assert_replays(late, premier(), t(15))


def test_no_retargeting_after_a_final_breach() -> None:
    # Sev1 unanswered: the response breaches at 09:15; the downgrade at 09:30 leaves it
    # breached under Sev1, while the resolution (30 min of 4 h) is retargeted to Sev4.
    ticket = Ticket("S-6", "sev1", t(9), [Event.severity_changed(t(9, 30), "sev4")])
    events = sla_events(ticket, premier(), end=t(10))
    assert [e.kind.value for e in events if e.metric == "response"] == [
        "started", "threshold", "threshold", "threshold", "breached"
    ]  # fmt: skip
    assert {e.severity for e in events if e.metric == "response"} == {Severity.SEV1}
    assert rows(events, "resolution") == [
        (t(9), "started", None, None, 1),
        (t(9, 30), "retargeted", None, None, 1),
    ]
    assert events[-1].severity is Severity.SEV4
    assert_replays(ticket, premier(), t(10))


def test_restart_starts_the_clock_again_and_a_paused_one_stays_paused() -> None:
    restart = premier("restart")
    ticket = Ticket(
        "S-7",
        "sev2",
        t(9),
        [Event.paused(t(10)), Event.severity_changed(t(10, 30), "sev3")],
    )
    events = sla_events(ticket, restart, end=t(15))
    # Response: 2 business hours (50 % at 10:00), then 8 h from 10:30 (50 % at 14:30).
    assert rows(events, "response") == [
        (t(9), "started", None, None, 1),
        (t(10), "threshold", "0.5", None, 1),
        (t(10, 30), "started", None, None, 1),
        (t(14, 30), "threshold", "0.5", None, 1),
    ]
    assert rows(events, "resolution") == [
        (t(9), "started", None, None, 1),
        (t(10), "paused", None, None, 1),
        (t(10, 30), "started", None, None, 1),
        (t(10, 30), "paused", None, None, 1),
    ]
    assert_replays(ticket, restart, t(15))


def test_events_at_one_instant_keep_their_order() -> None:
    ticket = Ticket(
        "S-8",
        "sev1",
        t(9),
        [
            Event.responded(t(9)),
            Event.paused(t(10)),
            Event.resumed(t(10)),
            Event.resolved(t(11)),
            Event.reopened(t(11)),
        ],
    )
    events = sla_events(ticket, premier(), end=t(12))
    assert rows(events, "response") == [
        (t(9), "started", None, None, 1),
        (t(9), "fulfilled", None, True, 1),
    ]
    assert rows(events, "resolution") == [
        (t(9), "started", None, None, 1),
        (t(10), "paused", None, None, 1),
        (t(10), "resumed", None, None, 1),
        (t(11), "threshold", "0.5", None, 1),
        (t(11), "fulfilled", None, True, 1),
        (t(11), "reopened", None, None, 2),
        (t(12), "threshold", "0.75", None, 2),  # at end exactly: evaluate shows 75 %
    ]
    assert evaluate(ticket, premier(), t(12)).resolution.percent_used == Decimal("75")
    assert_replays(ticket, premier(), t(12))


def test_start_and_end_bound_the_log_and_later_events_are_unknown() -> None:
    ticket = Ticket("S-9", "sev1", t(9), [Event.responded(t(9, 20))])
    at_16 = sla_events(ticket, premier(), end=t(9, 16))
    assert [e.kind.value for e in at_16 if e.metric == "response"][-1] == "breached"
    assert all(e.kind is not SlaEventKind.FULFILLED for e in at_16)
    window = sla_events(ticket, premier(), start=t(9, 10), end=t(9, 14))
    assert [(e.at, str(e.threshold)) for e in window] == [
        (t(9, 11, 15), "0.75"),
        (t(9, 13, 30), "0.9"),
    ]
    # Both edges are inclusive; text instants work; events are shown in end's zone.
    edges = sla_events(ticket, premier(), start="2026-03-02T09:07:30Z", end="2026-03-02T11:00Z")
    expected = [t(9, 7, 30), t(9, 11, 15), t(9, 13, 30), t(9, 15) + US, t(9, 20), t(11)]
    assert [e.at for e in edges] == expected
    zoned = sla_events(ticket, premier(), end=t(10).astimezone(DUBLIN))
    assert all(e.at.tzinfo is DUBLIN for e in zoned)
    assert sla_events(ticket, premier(), start=t(9, 20) + US, end=t(9, 30)) == []


def test_thresholds_can_be_chosen_and_the_breach_is_its_own_event() -> None:
    ticket = Ticket("S-10", "sev1", t(9), [Event.responded(t(9))])
    events = sla_events(ticket, premier(), end=t(14), thresholds=[Fraction(1, 3), 0.99])
    # 4 h: a third at 10:20; 99 % at 12:57:36; the breach, once, a microsecond after 13:00.
    assert [(e.at, e.kind.value, e.threshold) for e in events if e.metric == "resolution"] == [
        (t(9), "started", None),
        (t(10, 20), "threshold", Decimal(1) / Decimal(3)),
        (t(12, 57) + 36 * 10**6 * US, "threshold", Decimal("0.99")),
        (t(13) + US, "breached", None),
    ]
    assert sla_events(ticket, premier(), end=t(9, 30), thresholds=[]) == sla_events(
        ticket, premier(), end=t(9, 30), thresholds=()
    )


def test_the_threshold_is_exact_where_percent_used_rounds() -> None:
    # 4 h = 14,400 s: 50 % is 7,200 s; percent_used rounds half up to 0.01 %, so it
    # shows 50.00 from 7,199.28 s on, while the threshold is crossed at 7,200 s exactly.
    ticket = Ticket("S-11", "sev1", t(9), [Event.responded(t(9))])
    half = [e for e in sla_events(ticket, premier(), end=t(12)) if e.threshold == H[0]]
    assert [e.at for e in half] == [t(11)]
    assert evaluate(ticket, premier(), t(11) - US).resolution.percent_used == Decimal("50")


def test_model_json_and_schema() -> None:
    ticket = Ticket("S-12", "sev1", t(9), [Event.responded(t(9, 20)), Event.resolved(t(10))])
    events = sla_events(ticket, premier(), end=t(10))
    for event in events:
        assert SlaEvent.model_validate_json(event.model_dump_json()) == event
    dumped = [event.model_dump(mode="json") for event in events]
    json.dumps(dumped)
    assert dumped[1] == {
        "at": "2026-03-02T09:00:00Z",
        "ticket_id": "S-12",
        "metric": "resolution",
        "kind": "started",
        "severity": "SEV1",
        "threshold": None,
        "met": None,
        "cycle": 1,
    }
    assert {"at": "2026-03-02T09:07:30Z", "threshold": "0.5"}.items() <= dumped[2].items()
    schema = sla_event_schema()
    assert set(schema["properties"]) == set(SlaEvent.model_fields)
    assert set(schema["$defs"]["SlaEventKind"]["enum"]) == {kind.value for kind in SlaEventKind}


def test_public_names() -> None:
    for name in ("SlaEvent", "SlaEventKind", "sla_events", "next_wakeup"):
        assert name in slakit.__all__
        assert getattr(slakit, name) is getattr(slakit.sla, name)


# --------------------------------------------------------------------------- next_wakeup


def test_next_wakeup_is_the_next_threshold_or_breach_of_either_clock() -> None:
    ticket = Ticket("W-1", "sev1", t(9))
    assert next_wakeup(ticket, premier(), t(9)) == t(9, 7, 30)
    assert next_wakeup(ticket, premier(), t(9, 7, 30)) == t(9, 11, 15)  # strictly after now
    assert next_wakeup(ticket, premier(), t(9, 14)) == t(9, 15) + US
    assert next_wakeup(ticket, premier(), t(9, 15)) == t(9, 15) + US  # met at 15 min exactly
    assert next_wakeup(ticket, premier(), t(9, 16)) == t(11)  # the resolution's 50 %
    assert next_wakeup(ticket, premier(), t(13)) == t(13) + US
    assert next_wakeup(ticket, premier(), t(13) + US) is None  # all crossed, breached
    assert next_wakeup(ticket, premier(), "2026-03-02T09:00:00Z") == t(9, 7, 30)
    shown = next_wakeup(ticket, premier(), t(9).astimezone(DUBLIN))
    assert shown is not None and shown.tzinfo is DUBLIN
    assert next_wakeup(ticket, premier(), t(9), thresholds=[]) == t(9, 15) + US


def test_next_wakeup_is_none_when_no_clock_runs() -> None:
    answered_and_paused = Ticket(
        "W-2", "sev2", t(9), [Event.responded(t(9, 30)), Event.paused(t(10))]
    )
    assert next_wakeup(answered_and_paused, premier(), t(10)) is None
    resolved = Ticket("W-3", "sev2", t(9), [Event.resolved(t(10))])
    assert next_wakeup(resolved, premier(), t(12)) is None
    # Paused but unanswered: the response clock (never paused) still runs.
    paused = Ticket("W-4", "sev2", t(9), [Event.paused(t(9, 30))])
    assert next_wakeup(paused, premier(), t(9, 30)) == t(10)


def test_next_wakeup_ignores_events_after_now() -> None:
    ticket = Ticket("W-5", "sev1", t(9), [Event.responded(t(9, 10))])
    # At 09:05 the response is not known yet: its 50 % at 09:07:30 is next.
    assert next_wakeup(ticket, premier(), t(9, 5)) == t(9, 7, 30)
    assert next_wakeup(ticket, premier(), t(9, 10)) == t(11)


def test_next_wakeup_on_business_hours_skips_the_night() -> None:
    # Sev2 response 2 business hours, opened 17:00: 50 % at 18:00, then closed until 06:00.
    ticket = Ticket("W-6", "sev2", t(17))
    assert next_wakeup(ticket, premier(), t(17)) == t(18)
    assert next_wakeup(ticket, premier(), t(18)) == t(6, 30, day=3)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("call", ["sla_events", "next_wakeup"])
@pytest.mark.parametrize(
    ("thresholds", "error", "message"),
    [
        (
            [0.5, 0],
            UsageError,
            "threshold 0 is not above zero; give warning fractions of the target above zero and "
            "below 1, such as 0.5, 0.75, 0.9 (the breach is always reported)",
        ),
        (
            [0.5, 1.0],
            UsageError,
            "threshold 1.0 is the breach itself, which is reported on its own (a breached event)",
        ),
        ([Decimal("1")], UsageError, "threshold 1 is the breach itself"),
        (
            [50],
            UsageError,
            "threshold 50 is more than 1 (the whole target); thresholds are fractions of the "
            "target, not percentages: give 0.5 for 50%",
        ),
        (
            [0.5, 75.5],
            UsageError,
            "threshold 75.5 is more than 1 (the whole target); "
            "thresholds are fractions of the target, not percentages: give 0.755 for 75.5%",
        ),
        ([-0.5], UsageError, "threshold -0.5 is not above zero"),
        ([float("nan")], UsageError, "threshold nan is not a finite number"),
        ([Decimal("Infinity")], UsageError, "threshold Infinity is not a finite number"),
        (["0.5"], UsageError, "threshold '0.5' is not a number (str)"),
        ([True], UsageError, "threshold True is not a number (bool)"),
        (0.5, WrongTypeError, "thresholds must be a list of numbers such as [0.5, 0.75, 0.9]"),
        ("0.5", WrongTypeError, "thresholds must be a list of numbers"),
    ],
)
def test_bad_thresholds(call: str, thresholds: object, error: type, message: str) -> None:
    ticket = Ticket("E-1", "sev1", t(9))
    with pytest.raises(error) as raised:
        if call == "sla_events":
            sla_events(ticket, premier(), end=t(10), thresholds=thresholds)  # type: ignore[arg-type]
        else:
            next_wakeup(ticket, premier(), t(10), thresholds)  # type: ignore[arg-type]
    assert message in str(raised.value)


def test_bad_instants() -> None:
    ticket = Ticket("E-2", "sev1", t(9))
    with pytest.raises(UsageError, match=r"start \(.*\) is after end .*give start <= end"):
        sla_events(ticket, premier(), start=t(11), end=t(10))
    with pytest.raises(NaiveDatetimeError, match="end"):
        sla_events(ticket, premier(), end=datetime(2026, 3, 2, 10))  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError, match="start"):
        sla_events(ticket, premier(), start="2026-03-02T09:00", end=t(10))
    with pytest.raises(UsageError, match="now: 'soon' is not an instant"):
        next_wakeup(ticket, premier(), "soon")
    with pytest.raises(WrongTypeError, match="end must be an aware datetime, ISO 8601 text"):
        sla_events(ticket, premier(), end=[1234])  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="outside the years slakit computes"):
        next_wakeup(ticket, premier(), datetime(3100, 1, 1, tzinfo=UTC))
    with pytest.raises(TimelineError) as raised:
        sla_events(ticket, premier(), end=t(8))
    assert str(raised.value) == (
        "ticket E-2: end is before the ticket was opened (2026-03-02T09:00:00+00:00)"
    )
    with pytest.raises(TimelineError, match="ticket E-2: end is before the ticket was opened"):
        sla_events(ticket, premier(), start=t(7), end=t(8))
    with pytest.raises(TimelineError, match="ticket E-2: now is before the ticket was opened"):
        next_wakeup(ticket, premier(), t(8))


def test_bad_ticket_or_contract() -> None:
    ticket = Ticket("E-3", "sev1", t(9))
    with pytest.raises(WrongTypeError, match="ticket must be a slakit Ticket"):
        sla_events("E-3", premier(), end=t(10))  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="contract must be a slakit Contract"):
        next_wakeup(ticket, "kmp", t(10))  # type: ignore[arg-type]


def test_stopped_at_exactly_the_target_is_met_and_never_breached() -> None:
    ticket = Ticket("S-13", "sev1", t(9), [Event.responded(t(9, 15))])
    response = rows(sla_events(ticket, premier(), end=t(10)), "response")
    assert response[-1] == (t(9, 15), "fulfilled", None, True, 1)
    assert "breached" not in [row[1] for row in response]
