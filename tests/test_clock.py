"""Ticket clocks, worked out by hand.

Every expected instant is worked out on paper in the comment above it, from the
seed's targets and the calendars of DESIGN.md §2-3 (KMP centres 12x5 06:00-18:00
local; TrustStram Gold 16x5 06:00-22:00, Silver 8x5 09:00-17:00, Platinum 24x7).
None is computed by calling slakit.

2026 dates used: Mon 2 Mar, Fri 6 Mar, Mon 9 Mar; Fri 30 Jan, Mon 2 Feb (St
Brigid's Day, an Irish public holiday); Tue 17 and Wed 18 Feb (Chinese New Year,
Singapore public holidays); Fri 27 Mar, Sun 29 Mar (Europe switches to summer
time at 01:00 UTC), Mon 30 Mar. Dublin is on GMT (UTC+0) until 29 Mar,
Amsterdam on CET (UTC+1) before and CEST (UTC+2) after, Singapore always UTC+8.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import pickle
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import jsonschema
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit import (
    ClockState,
    Contract,
    Event,
    Metric,
    MetricStatus,
    Severity,
    Ticket,
    TicketStatus,
    escalation_schedule,
    evaluate,
    next_wakeup,
    sla_events,
)
from slakit.clock import (
    METRIC_COLUMNS,
    STATUS_COLUMNS,
    ClockRun,
    Cycle,
    clock_runs,
    duration_json,
    duration_text,
    instant,
    instant_key,
    status_record,
    status_schema,
)
from slakit.errors import (
    NaiveDatetimeError,
    SlakitError,
    TimelineError,
    UsageError,
    WrongTypeError,
)

DUBLIN = ZoneInfo("Europe/Dublin")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SINGAPORE = ZoneInfo("Asia/Singapore")

H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)


@cache
def contract(framework: str, tier: str, region: str, mode: str = "retarget") -> Contract:
    return Contract(framework=framework, tier=tier, region=region, severity_change=mode)


def test_the_dates_chosen_are_what_the_comments_say() -> None:
    # The premises of the scenarios, checked against the holidays package directly.
    ie = holidays.country_holidays("IE", years=2026)
    sg = holidays.country_holidays("SG", years=2026)
    nl = holidays.country_holidays("NL", years=2026)
    assert date(2026, 2, 2) in ie
    for day in (date(2026, 3, 4), date(2026, 3, 6), date(2026, 3, 9), date(2026, 3, 10)):
        assert day not in ie
    for day in (date(2026, 1, 30), date(2026, 2, 3), date(2026, 2, 4)):
        assert day not in ie
    assert date(2026, 2, 17) in sg
    assert date(2026, 2, 18) in sg
    assert date(2026, 2, 19) not in sg
    assert date(2026, 2, 20) not in sg
    assert date(2026, 3, 27) not in nl
    assert date(2026, 3, 30) not in nl
    assert date(2026, 3, 6).weekday() == 4  # Friday
    assert date(2026, 1, 30).weekday() == 4
    assert date(2026, 2, 17).weekday() == 1  # Tuesday
    assert date(2026, 3, 27).weekday() == 4
    assert datetime(2026, 3, 27, 12, tzinfo=AMSTERDAM).utcoffset() == H
    assert datetime(2026, 3, 30, 12, tzinfo=AMSTERDAM).utcoffset() == 2 * H
    assert datetime(2026, 3, 6, 12, tzinfo=DUBLIN).utcoffset() == timedelta(0)


# --------------------------------------------------------------------------- KMP Premier Sev2


def test_kmp_premier_sev2_opened_friday_evening_in_dublin() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 6, 17, 30, tzinfo=DUBLIN)  # Friday, GMT
    ticket = Ticket("K-1", "sev2", opened)
    status = evaluate(ticket, premier, now=opened)

    # Response 2 h business on 12x5: Friday 17:30-18:00 uses 30 min, the weekend
    # is closed, Monday opens 06:00 and the last 90 min end at Monday 07:30.
    assert status.response.due_at == datetime(2026, 3, 9, 7, 30, tzinfo=DUBLIN)
    # Resolution 24 h business: Friday 0.5 h, Monday 06-18 12 h (12.5 h),
    # Tuesday needs 11.5 h more from 06:00: Tuesday 17:30.
    assert status.resolution.due_at == datetime(2026, 3, 10, 17, 30, tzinfo=DUBLIN)
    assert status.response.state is ClockState.RUNNING
    assert status.response.elapsed == timedelta(0)
    assert status.response.remaining == 2 * H
    assert status.response.percent_used == 0
    assert status.response.met is None
    assert status.response.breached is False
    assert status.response.breached_at is None
    assert status.response.clock == "business"
    assert status.response.target_length == 2 * H
    assert status.resolution.target_length == 24 * H

    # Saturday noon: only Friday's 30 min of business time has passed.
    saturday = evaluate(ticket, premier, now=datetime(2026, 3, 7, 12, 0, tzinfo=DUBLIN))
    assert saturday.response.elapsed == 30 * M
    assert saturday.response.remaining == 90 * M
    assert saturday.response.percent_used == 25
    assert saturday.response.due_at == datetime(2026, 3, 9, 7, 30, tzinfo=DUBLIN)


def test_kmp_premier_sev2_before_an_irish_bank_holiday() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 1, 30, 17, 30, tzinfo=DUBLIN)  # Friday; Monday 2 Feb is a holiday
    status = evaluate(Ticket("K-2", "P2", opened), premier, now=opened)
    # Friday 30 min; Monday closed (St Brigid's Day); Tuesday 06:00 + 90 min.
    assert status.response.due_at == datetime(2026, 2, 3, 7, 30, tzinfo=DUBLIN)
    # Friday 0.5 h + Tuesday 12 h = 12.5 h; Wednesday 06:00 + 11.5 h = 17:30.
    assert status.resolution.due_at == datetime(2026, 2, 4, 17, 30, tzinfo=DUBLIN)


# --------------------------------------------------------------------------- DST week


def test_truststram_gold_p1_across_the_spring_change_in_amsterdam() -> None:
    gold = contract("truststram", "gold", "amsterdam")
    opened = datetime(2026, 3, 27, 20, 0, tzinfo=AMSTERDAM)  # Friday 20:00 CET = 19:00 UTC
    ticket = Ticket("G-1", "P1", opened)
    status = evaluate(ticket, gold, now=opened)

    # Response 30 min (Gold's own P1 response), 16x5: Friday 20:30 CET = 19:30 UTC.
    assert status.response.due_at == datetime(2026, 3, 27, 19, 30, tzinfo=UTC)
    # Resolution 4 h: Friday 20:00-22:00 gives 2 h; Monday 30 Mar opens 06:00
    # CEST (summer time since Sunday) and 2 h more end at 08:00 CEST = 06:00 UTC.
    # (A calendar that ignored the change would say 07:00 UTC.)
    assert status.resolution.due_at == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)
    assert status.resolution.due_at == datetime(2026, 3, 30, 8, 0, tzinfo=AMSTERDAM)
    # Results come back in the zone of `now`.
    assert status.resolution.due_at.utcoffset() == 2 * H
    assert status.response.due_at.utcoffset() == H

    # Monday 07:00 CEST: 2 h on Friday + 1 h on Monday = 3 h of business time,
    # although 58 h of wall time (Fri 19:00 UTC to Mon 05:00 UTC) have passed.
    monday = evaluate(ticket, gold, now=datetime(2026, 3, 30, 7, 0, tzinfo=AMSTERDAM))
    assert monday.resolution.elapsed == 3 * H
    assert monday.resolution.remaining == H
    assert monday.resolution.percent_used == 75
    assert monday.response.breached is True
    assert monday.response.breached_at == datetime(2026, 3, 27, 19, 30, tzinfo=UTC)


def test_truststram_gold_p1_response_spanning_the_weekend_of_the_change() -> None:
    gold = contract("truststram", "gold", "amsterdam")
    opened = datetime(2026, 3, 27, 21, 45, tzinfo=AMSTERDAM)  # 20:45 UTC
    status = evaluate(Ticket("G-2", "P1", opened), gold, now=opened)
    # 15 min before Friday's 22:00 close, 15 min after Monday's 06:00 CEST opening:
    # Monday 06:15 CEST = 04:15 UTC.
    assert status.response.due_at == datetime(2026, 3, 30, 4, 15, tzinfo=UTC)


# --------------------------------------------------------------------------- SG holiday


def test_kmp_basic_sev1_opened_on_chinese_new_year_in_singapore() -> None:
    basic = contract("kmp", "basic", "singapore")
    opened = datetime(2026, 2, 17, 10, 0, tzinfo=SINGAPORE)  # Tuesday, Chinese New Year
    ticket = Ticket("B-1", "sev1", opened)
    status = evaluate(ticket, basic, now=opened)
    # Basic Sev1 runs on business hours. Tue 17 and Wed 18 Feb are closed;
    # Thursday 19 Feb opens 06:00 SGT: response (4 h) due Thursday 10:00 SGT.
    assert status.response.clock == "business"
    assert status.response.due_at == datetime(2026, 2, 19, 10, 0, tzinfo=SINGAPORE)
    assert status.response.due_at == datetime(2026, 2, 19, 2, 0, tzinfo=UTC)
    # Resolution 24 h: Thursday 06-18 (12 h) + Friday 06-18 (12 h): the work
    # ends exactly at Friday's close, so it is due Friday 18:00 SGT, not Monday.
    assert status.resolution.due_at == datetime(2026, 2, 20, 18, 0, tzinfo=SINGAPORE)

    # Wednesday noon, still a holiday: no business time has passed.
    wednesday = evaluate(ticket, basic, now=datetime(2026, 2, 18, 12, 0, tzinfo=SINGAPORE))
    assert wednesday.response.elapsed == timedelta(0)
    assert wednesday.resolution.elapsed == timedelta(0)
    assert wednesday.response.due_at.utcoffset() == 8 * H


# --------------------------------------------------------------------------- pauses


def test_a_pause_over_the_weekend_moves_the_resolution_by_the_paused_business_time() -> None:
    standard = contract("kmp", "standard", "dublin")
    opened = datetime(2026, 3, 4, 10, 0, tzinfo=DUBLIN)  # Wednesday
    responded = Event.responded(datetime(2026, 3, 4, 11, 0, tzinfo=DUBLIN))
    pause = Event.paused(datetime(2026, 3, 6, 16, 0, tzinfo=DUBLIN))  # Friday 16:00
    resume = Event.resumed(datetime(2026, 3, 9, 10, 0, tzinfo=DUBLIN))  # Monday 10:00
    plain = Ticket("P-1", "sev2", opened, events=[responded])
    paused = Ticket("P-1", "sev2", opened, events=[responded, pause, resume])
    later = datetime(2026, 3, 9, 12, 0, tzinfo=DUBLIN)

    # Standard Sev2 resolution is 48 h business on 12x5. Without the pause:
    # Wed 10-18 8 h, Thu 12 h (20), Fri 12 h (32), Mon 12 h (44), Tue 06:00 + 4 h.
    assert evaluate(plain, standard, later).resolution.due_at == datetime(
        2026, 3, 10, 10, 0, tzinfo=DUBLIN
    )
    # The pause holds Friday 16-18 (2 h) and Monday 06-10 (4 h) of business
    # time, so the due instant moves 6 business hours later: Tuesday 16:00.
    status = evaluate(paused, standard, later)
    assert status.resolution.due_at == datetime(2026, 3, 10, 16, 0, tzinfo=DUBLIN)
    # Monday 12:00: Wed 8 + Thu 12 + Fri 06-16 10 = 30 h before, Mon 10-12 2 h after.
    assert status.resolution.elapsed == 32 * H
    assert status.resolution.remaining == 16 * H
    assert status.resolution.state is ClockState.RUNNING

    # During the pause the clock holds still and has no due instant.
    saturday = evaluate(paused, standard, datetime(2026, 3, 7, 12, 0, tzinfo=DUBLIN))
    assert saturday.resolution.state is ClockState.PAUSED
    assert saturday.resolution.due_at is None
    assert saturday.resolution.elapsed == 30 * H
    # The response clock is never paused: it stopped at 11:00 Wednesday (1 h, met).
    assert saturday.response.state is ClockState.STOPPED
    assert saturday.response.elapsed == H
    assert saturday.response.met is True


def test_a_pause_on_a_24x7_clock_moves_the_resolution_by_the_wall_time_paused() -> None:
    platinum = contract("truststram", "platinum", "amsterdam")
    opened = datetime(2026, 3, 6, 12, 0, tzinfo=UTC)  # Friday
    events = [
        Event.responded(datetime(2026, 3, 6, 12, 30, tzinfo=UTC)),
        Event.paused(datetime(2026, 3, 6, 18, 0, tzinfo=UTC)),
        Event.resumed(datetime(2026, 3, 9, 9, 0, tzinfo=UTC)),  # Monday
    ]
    now = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    # P3 resolution is 24 h on the 24x7 calendar. Unpaused: Saturday 12:00.
    plain = evaluate(Ticket("P-2", "P3", opened, events=events[:1]), platinum, now)
    assert plain.resolution.due_at == datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    # Paused Friday 18:00 to Monday 09:00 = 63 h: 6 h used, 18 h left from
    # Monday 09:00 = Tuesday 03:00 (Saturday 12:00 + 63 h).
    status = evaluate(Ticket("P-2", "P3", opened, events=events), platinum, now)
    assert status.resolution.due_at == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    assert status.resolution.elapsed == 7 * H


# --------------------------------------------------------------------------- severity change


SEV3_OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday; Dublin is on UTC
SEV3_TO_SEV1 = Ticket(
    "S-1",
    "sev3",
    SEV3_OPENED,
    events=[Event.severity_changed(datetime(2026, 3, 2, 14, 0, tzinfo=UTC), "sev1")],
)


def test_upgrade_after_the_new_target_elapsed_retarget() -> None:
    premier = contract("kmp", "premier", "dublin", "retarget")
    # Before the change: Sev3, 8 h business response, 4 h 59 min used.
    before = evaluate(SEV3_TO_SEV1, premier, datetime(2026, 3, 2, 13, 59, tzinfo=UTC))
    assert before.response.severity is Severity.SEV3
    assert before.response.breached is False
    assert before.response.elapsed == 4 * H + 59 * M

    status = evaluate(SEV3_TO_SEV1, premier, datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    assert status.severity is Severity.SEV1
    # Sev1 targets (15 min / 4 h, 24x7) apply from opening at 09:00. At the
    # change at 14:00 the clocks have used 5 h, more than either target: both
    # are breached at the moment of the change, not at 09:15 / 13:00.
    for metric in status.metrics():
        assert metric.severity is Severity.SEV1
        assert metric.clock == "24x7"
        assert metric.breached is True
        assert metric.breached_at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
        assert metric.met is False
        assert metric.state is ClockState.RUNNING
        assert metric.elapsed == 6 * H  # 09:00 to 15:00 on the wall clock
    assert status.response.due_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert status.resolution.due_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert status.response.remaining == 15 * M - 6 * H


def test_upgrade_after_the_new_target_elapsed_restart() -> None:
    premier = contract("kmp", "premier", "dublin", "restart")
    # A new Sev1 clock starts at the 14:00 change: response due 14:15,
    # resolution due 18:00.
    soon = evaluate(SEV3_TO_SEV1, premier, datetime(2026, 3, 2, 14, 10, tzinfo=UTC))
    assert soon.response.severity is Severity.SEV1
    assert soon.response.breached is False
    assert soon.response.elapsed == 10 * M
    assert soon.response.due_at == datetime(2026, 3, 2, 14, 15, tzinfo=UTC)
    assert soon.resolution.elapsed == 10 * M
    assert soon.resolution.due_at == datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    assert soon.resolution.breached is False

    later = evaluate(SEV3_TO_SEV1, premier, datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    # Nobody answered by 14:15: the new response clock crossed 15 min then.
    assert later.response.breached is True
    assert later.response.breached_at == datetime(2026, 3, 2, 14, 15, tzinfo=UTC)
    assert later.response.elapsed == H
    assert later.resolution.elapsed == H
    assert later.resolution.breached is False
    assert later.resolution.due_at == datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize("mode", ["retarget", "restart"])
def test_a_met_response_keeps_its_verdict_after_an_upgrade(mode: str) -> None:
    premier = contract("kmp", "premier", "dublin", mode)
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket(
        "S-2",
        "sev3",
        opened,
        events=[
            Event.responded(datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),  # 30 min: met at Sev3
            Event.severity_changed(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), "sev1"),
        ],
    )
    status = evaluate(ticket, premier, datetime(2026, 3, 2, 10, 30, tzinfo=UTC))
    # At Sev1 (15 min) the 30 min response would be late; it stopped under Sev3.
    assert status.response.severity is Severity.SEV3
    assert status.response.met is True
    assert status.response.breached is False
    assert status.response.elapsed == 30 * M
    assert status.response.target_length == 8 * H
    assert status.resolution.severity is Severity.SEV1
    if mode == "retarget":  # Sev1 4 h 24x7 from 09:00: 1.5 h used, due 13:00
        assert status.resolution.elapsed == 90 * M
        assert status.resolution.due_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    else:  # a new 4 h clock from 10:00: 30 min used, due 14:00
        assert status.resolution.elapsed == 30 * M
        assert status.resolution.due_at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize("mode", ["retarget", "restart"])
def test_a_breached_response_keeps_its_verdict_after_a_downgrade(mode: str) -> None:
    premier = contract("kmp", "premier", "dublin", mode)
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket(
        "S-3",
        "sev1",
        opened,
        events=[
            Event.responded(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),  # 1 h > 15 min
            Event.severity_changed(datetime(2026, 3, 2, 10, 30, tzinfo=UTC), "sev4"),
        ],
    )
    status = evaluate(ticket, premier, datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    assert status.response.severity is Severity.SEV1
    assert status.response.met is False
    assert status.response.breached is True
    assert status.response.breached_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    # Sev4 resolution: 5 business days of 12 h = 60 h of business time.
    assert status.resolution.severity is Severity.SEV4
    assert status.resolution.target_length == 60 * H
    # retarget: business time 09:00-11:00 Monday; restart: 10:30-11:00.
    expected = 2 * H if mode == "retarget" else 30 * M
    assert status.resolution.elapsed == expected


# A breach is final (DESIGN §3): a severity change that finds a clock already past
# the target in force leaves that metric's severity and target as they were, and so
# does every later change; the clock runs on. KMP Premier in Dublin, Monday 2 March
# 2026 (GMT = UTC, 12x5 06:00-18:00 UTC). Sev1: response 15 min, resolution 4 h, both
# 24x7. Sev3: response 8 business hours, resolution 72 business hours. Sev4:
# resolution 5 business days = 60 business hours.

LATE_SEV1_DOWNGRADED = Ticket(
    "B-1",
    "sev1",
    datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    events=[Event.severity_changed(datetime(2026, 3, 2, 11, 0, tzinfo=UTC), "sev3")],
)


@pytest.mark.parametrize("mode", ["retarget", "restart"])
def test_a_response_breached_before_a_downgrade_stays_breached(mode: str) -> None:
    premier = contract("kmp", "premier", "dublin", mode)
    status = evaluate(LATE_SEV1_DOWNGRADED, premier, datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    assert status.severity is Severity.SEV3  # the ticket's severity now
    response = status.response
    # At the 11:00 change the Sev1 response clock had run 2 h > 15 min: breached at
    # 09:15, and it stays so, on the Sev1 target and its 24x7 clock. It keeps running
    # (nobody answered): 09:00-12:00 = 3 h, in both modes (no restart either).
    assert response.severity is Severity.SEV1
    assert str(response.target) == "15m 24x7"
    assert response.clock == "24x7"
    assert response.target_length == 15 * M
    assert response.state is ClockState.RUNNING
    assert response.elapsed == 3 * H
    assert response.breached is True
    assert response.met is False
    assert response.breached_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert response.due_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert response.remaining == 15 * M - 3 * H
    assert response.percent_used == Decimal("1200.00")  # 180 min / 15 min
    # The resolution had used 2 h of its 4 h at 11:00: the downgrade applies to it.
    # retarget: Sev3's 72 business hours from 09:00, 3 h used by 12:00;
    # restart: a new clock from 11:00, 1 h used.
    resolution = status.resolution
    assert resolution.severity is Severity.SEV3
    assert resolution.target_length == 72 * H
    assert resolution.breached is False
    assert resolution.elapsed == (3 * H if mode == "retarget" else H)

    # Answered at 12:00: stopped at 3 h, late, still breached at 09:15.
    answered = Ticket(
        "B-1",
        "sev1",
        LATE_SEV1_DOWNGRADED.opened_at,
        events=[
            *LATE_SEV1_DOWNGRADED.events,
            Event.responded(datetime(2026, 3, 2, 12, 0, tzinfo=UTC)),
        ],
    )
    later = evaluate(answered, premier, datetime(2026, 3, 2, 13, 0, tzinfo=UTC)).response
    assert later.severity is Severity.SEV1
    assert later.state is ClockState.STOPPED
    assert later.stopped_at == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert later.elapsed == 3 * H
    assert later.met is False
    assert later.breached_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize("mode", ["retarget", "restart"])
def test_a_resolution_breached_before_a_downgrade_stays_breached(mode: str) -> None:
    premier = contract("kmp", "premier", "dublin", mode)

    def t(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)

    ticket = Ticket(
        "B-2",
        "sev1",
        t(9),
        events=[
            Event.responded(t(9, 10)),  # 10 min: met
            Event.severity_changed(t(14), "sev4"),  # resolution: 5 h used > 4 h
            Event.severity_changed(t(14, 20), "sev2"),  # no longer moves the resolution
            Event.paused(t(14, 30)),
            Event.resumed(t(14, 45)),
        ],
    )
    status = evaluate(ticket, premier, t(15))
    assert status.severity is Severity.SEV2
    assert status.response.severity is Severity.SEV1  # stopped before any change
    assert status.response.met is True
    resolution = status.resolution
    # Sev1, 4 h 24x7, used up at 13:00. The clock runs on, pauses still count out:
    # 09:00-14:30 = 5 h 30 min, 14:45-15:00 = 15 min → 5 h 45 min (both modes: the
    # 14:20 change restarts nothing).
    assert resolution.severity is Severity.SEV1
    assert resolution.target_length == 4 * H
    assert resolution.elapsed == 5 * H + 45 * M
    assert resolution.remaining == -(H + 45 * M)
    assert resolution.percent_used == Decimal("143.75")  # 345 min / 240 min
    assert resolution.breached_at == t(13)
    assert resolution.due_at == t(13)
    assert resolution.met is False
    assert resolution.state is ClockState.RUNNING

    resolved = Ticket("B-2", "sev1", t(9), events=[*ticket.events, Event.resolved(t(16))])
    final = evaluate(resolved, premier, t(17)).resolution
    # 5 h 30 min + 14:45-16:00 = 1 h 15 min → 6 h 45 min.
    assert final.elapsed == 6 * H + 45 * M
    assert final.state is ClockState.STOPPED
    assert final.met is False
    assert final.breached_at == t(13)
    assert final.severity is Severity.SEV1


@pytest.mark.parametrize("mode", ["retarget", "restart"])
def test_a_downgrade_exactly_at_the_target_applies(mode: str) -> None:
    premier = contract("kmp", "premier", "dublin", mode)
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    at_target = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)  # exactly the Sev1 15 min
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    exact = Ticket("B-3", "sev1", opened, [Event.severity_changed(at_target, "sev3")])
    response = evaluate(exact, premier, now).response
    # 15 min used is within 15 min: not breached, so Sev3's 8 business hours apply.
    # retarget: from 09:00, 1 h used, due 17:00; restart: from 09:15, 45 min, due 17:15.
    assert response.severity is Severity.SEV3
    assert response.breached is False
    assert response.breached_at is None
    assert response.met is None
    assert response.target_length == 8 * H
    if mode == "retarget":
        assert response.elapsed == H
        assert response.due_at == datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    else:
        assert response.elapsed == 45 * M
        assert response.due_at == datetime(2026, 3, 2, 17, 15, tzinfo=UTC)

    # One microsecond later the 15 min were passed: the downgrade no longer moves it.
    late = Ticket("B-3", "sev1", opened, [Event.severity_changed(at_target + US, "sev3")])
    response = evaluate(late, premier, now).response
    assert response.severity is Severity.SEV1
    assert response.breached is True
    assert response.breached_at == at_target
    assert response.elapsed == H


def test_a_breach_at_an_upgrade_stays_at_the_upgrade_after_a_downgrade() -> None:
    premier = contract("kmp", "premier", "dublin", "retarget")
    # SEV3_TO_SEV1 (above), then back to Sev3 at 14:30. The 14:00 upgrade found both
    # Sev1 targets used up (5 h since 09:00) and breached them at 14:00; the downgrade
    # finds them breached and leaves them so. Both run on to 15:00: 6 h.
    ticket = Ticket(
        "B-4",
        "sev3",
        SEV3_OPENED,
        events=[
            *SEV3_TO_SEV1.events,
            Event.severity_changed(datetime(2026, 3, 2, 14, 30, tzinfo=UTC), "sev3"),
        ],
    )
    status = evaluate(ticket, premier, datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    assert status.severity is Severity.SEV3
    for metric in status.metrics():
        assert metric.severity is Severity.SEV1
        assert metric.breached is True
        assert metric.breached_at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
        assert metric.elapsed == 6 * H


def test_a_breach_in_a_restarted_clock_stays_after_a_downgrade() -> None:
    premier = contract("kmp", "premier", "dublin", "restart")
    # SEV3_TO_SEV1 under restart: new Sev1 clocks from 14:00. Back to Sev3 at 14:30:
    # the response clock had run 30 min > 15 min (breached at 14:15) and stays Sev1,
    # running on to 15:00 (1 h); the resolution had run 30 min of 4 h, so it restarts
    # at 14:30 on Sev3's 72 business hours (30 min by 15:00).
    ticket = Ticket(
        "B-5",
        "sev3",
        SEV3_OPENED,
        events=[
            *SEV3_TO_SEV1.events,
            Event.severity_changed(datetime(2026, 3, 2, 14, 30, tzinfo=UTC), "sev3"),
        ],
    )
    status = evaluate(ticket, premier, datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    assert status.response.severity is Severity.SEV1
    assert status.response.breached_at == datetime(2026, 3, 2, 14, 15, tzinfo=UTC)
    assert status.response.elapsed == H
    assert status.resolution.severity is Severity.SEV3
    assert status.resolution.breached is False
    assert status.resolution.elapsed == 30 * M
    assert status.resolution.target_length == 72 * H


def test_an_upgrade_does_not_move_a_breach_that_already_happened() -> None:
    premier = contract("kmp", "premier", "dublin", "retarget")
    # Sev3 opened Monday 09:00, nobody answers, raised to Sev1 on Tuesday 3 March at
    # 10:00. The response had run Mon 09:00-18:00 = 9 business hours > 8: breached
    # Monday 17:00 as a Sev3, and stays that (the breach is final, even upward, so it
    # is owed once); by Tue 11:00 it has run 9 h + Tue 06:00-11:00 5 h = 14 business
    # hours. The resolution had run 9 h + 4 h = 13 of its 72 business hours: the
    # upgrade applies, and Sev1's 4 h 24x7 from Mon 09:00 was used up long before, so
    # it is breached at the change, Tue 10:00; 26 h on the wall clock by Tue 11:00.
    ticket = Ticket(
        "B-6",
        "sev3",
        SEV3_OPENED,
        events=[Event.severity_changed(datetime(2026, 3, 3, 10, 0, tzinfo=UTC), "sev1")],
    )
    for mode in ("retarget", "restart"):
        status = evaluate(
            ticket, contract("kmp", "premier", "dublin", mode), datetime(2026, 3, 3, 11, tzinfo=UTC)
        )
        assert status.severity is Severity.SEV1
        assert status.response.severity is Severity.SEV3
        assert status.response.breached_at == datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
        assert status.response.elapsed == 14 * H
    status = evaluate(ticket, premier, datetime(2026, 3, 3, 11, 0, tzinfo=UTC))
    assert status.resolution.severity is Severity.SEV1
    assert status.resolution.breached_at == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    assert status.resolution.elapsed == 26 * H


def test_a_clock_run_keeps_the_breached_severity_and_the_ticket_s() -> None:
    premier = contract("kmp", "premier", "dublin")
    now = us_of(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    response, resolution = clock_runs(LATE_SEV1_DOWNGRADED, premier, now)
    assert (response.severity, response.ticket_severity) == (Severity.SEV1, Severity.SEV3)
    assert (resolution.severity, resolution.ticket_severity) == (Severity.SEV3, Severity.SEV3)
    assert response.retargeted_at is None
    assert response.elapsed == 3 * 3600 * 1_000_000
    assert response.length == 15 * 60 * 1_000_000


# --------------------------------------------------------------------------- reopen


def test_resolved_reopened_twice_and_resolved_again() -> None:
    platinum = contract("truststram", "platinum", "amsterdam")
    opened = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)

    def t(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)

    ticket = Ticket(
        "R-1",
        "P2",
        opened,
        events=[
            Event.responded(t(0, 20)),
            Event.resolved(t(2)),  # stretch 1: 00:00-02:00 = 2 h
            Event.reopened(t(5)),
            Event.resolved(t(6, 30)),  # stretch 2: 05:00-06:30 = 1.5 h
            Event.reopened(t(10)),
            Event.resolved(t(11)),  # stretch 3: 10:00-11:00 = 1 h
        ],
    )
    # P2 on Platinum: 30 min response, 8 h resolution, 24x7.
    final = evaluate(ticket, platinum, t(20))
    # 2 + 1.5 + 1 = 4.5 h on the clock; counting the gaps (00:00-11:00 = 11 h)
    # would have breached the 8 h target.
    assert final.resolution.elapsed == 4 * H + 30 * M
    assert final.resolution.state is ClockState.STOPPED
    assert final.resolution.stopped_at == t(11)
    assert final.resolution.met is True
    assert final.resolution.breached is False
    assert final.resolution.remaining == 3 * H + 30 * M
    assert final.response.elapsed == 20 * M
    assert final.response.met is True

    # Between the second resolution and the second reopen: stopped at 3.5 h.
    between = evaluate(ticket, platinum, t(8))
    assert between.resolution.state is ClockState.STOPPED
    assert between.resolution.elapsed == 3 * H + 30 * M
    assert between.resolution.stopped_at == t(6, 30)
    assert between.resolution.met is True

    # Inside the third stretch at 10:30: 3.5 h + 0.5 h = 4 h used, 4 h left.
    during = evaluate(ticket, platinum, t(10, 30))
    assert during.resolution.state is ClockState.RUNNING
    assert during.resolution.elapsed == 4 * H
    assert during.resolution.due_at == t(14, 30)
    assert during.resolution.met is None
    assert during.resolution.percent_used == 50


# --------------------------------------------------------------------------- edges


def test_a_response_exactly_at_the_target_is_met_one_microsecond_later_breached() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    due = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)  # Sev1: 15 min on the wall clock
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

    on_time = evaluate(Ticket("E-1", "sev1", opened, [Event.responded(due)]), premier, now)
    assert on_time.response.met is True
    assert on_time.response.breached is False
    assert on_time.response.breached_at is None
    assert on_time.response.elapsed == 15 * M
    assert on_time.response.remaining == timedelta(0)
    assert on_time.response.percent_used == 100
    assert on_time.response.due_at == due
    assert on_time.response.stopped_at == due

    late = evaluate(Ticket("E-1", "sev1", opened, [Event.responded(due + US)]), premier, now)
    assert late.response.met is False
    assert late.response.breached is True
    assert late.response.breached_at == due
    assert late.response.elapsed == 15 * M + US
    assert late.response.remaining == -US


def test_a_running_clock_exactly_at_the_target_is_not_yet_breached() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    due = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    at_due = evaluate(Ticket("E-2", "sev1", opened), premier, due)
    assert at_due.response.breached is False
    assert at_due.response.met is None
    after = evaluate(Ticket("E-2", "sev1", opened), premier, due + US)
    assert after.response.breached is True
    assert after.response.met is False
    assert after.response.breached_at == due


def test_exact_target_on_a_business_clock() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 6, 17, 30, tzinfo=DUBLIN)
    # Sev2 response 2 h business: due Monday 07:30 (see the first scenario).
    due = datetime(2026, 3, 9, 7, 30, tzinfo=DUBLIN)
    now = datetime(2026, 3, 9, 12, 0, tzinfo=DUBLIN)
    on_time = evaluate(Ticket("E-3", "sev2", opened, [Event.responded(due)]), premier, now)
    assert on_time.response.met is True
    assert on_time.response.elapsed == 2 * H
    late = evaluate(Ticket("E-3", "sev2", opened, [Event.responded(due + US)]), premier, now)
    assert late.response.met is False
    assert late.response.breached_at == due


def test_events_after_now_are_ignored() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    future = Ticket(
        "F-1",
        "sev2",
        opened,
        events=[
            Event.responded(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),
            Event.paused(datetime(2026, 3, 2, 10, 30, tzinfo=UTC)),
            Event.severity_changed(datetime(2026, 3, 2, 11, 0, tzinfo=UTC), "sev1"),
            Event.resolved(datetime(2026, 3, 2, 12, 0, tzinfo=UTC)),
        ],
    )
    status = evaluate(future, premier, now)
    assert status == evaluate(Ticket("F-1", "sev2", opened), premier, now)
    assert status.response.state is ClockState.RUNNING
    assert status.resolution.state is ClockState.RUNNING
    assert status.severity is Severity.SEV2
    assert status.response.elapsed == 30 * M


def test_an_event_at_now_counts() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    status = evaluate(Ticket("F-2", "sev2", opened, [Event.responded(now)]), premier, now)
    assert status.response.state is ClockState.STOPPED
    assert status.response.met is True


def test_now_before_opening_raises() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket("N-1", "sev2", opened)
    with pytest.raises(TimelineError, match="ticket N-1: now is before the ticket was opened"):
        evaluate(ticket, premier, opened - US)
    with pytest.raises(TimelineError, match="N-1"):
        escalation_schedule(ticket, premier, opened - US)


def test_naive_now_raises() -> None:
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("N-2", "sev2", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    naive = datetime(2026, 3, 2, 10, 0)  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError, match="now is a naive datetime"):
        evaluate(ticket, premier, naive)
    with pytest.raises(NaiveDatetimeError, match="now"):
        escalation_schedule(ticket, premier, naive)


def test_results_come_back_in_the_zone_of_now() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    now = datetime(2026, 3, 2, 18, 0, tzinfo=SINGAPORE)  # 10:00 UTC
    status = evaluate(Ticket("Z-1", "sev1", opened), premier, now)
    assert status.response.due_at.tzinfo is SINGAPORE
    # Sev1: 09:15 UTC = 17:15 SGT.
    assert status.response.due_at == datetime(2026, 3, 2, 17, 15, tzinfo=SINGAPORE)
    assert status.response.breached_at.tzinfo is SINGAPORE


def test_ticket_status_round_trips_json() -> None:
    premier = contract("kmp", "premier", "dublin")
    status = evaluate(SEV3_TO_SEV1, premier, datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    back = TicketStatus.model_validate_json(status.model_dump_json())
    assert back == status
    assert hash(back) == hash(status)


# --------------------------------------------------------------------------- escalations


def test_escalation_schedule_on_a_wall_clock() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket("X-1", "sev1", opened)

    def t(hour: int, minute: int, second: int = 0) -> datetime:
        return datetime(2026, 3, 2, hour, minute, second, tzinfo=UTC)

    # Response 15 min: 7.5, 11.25, 13.5 and 15 min after 09:00.
    # Resolution 4 h: 2 h, 3 h, 3.6 h (3 h 36 min) and 4 h after 09:00.
    # 1.0 is the breach: the first instant elapsed is more than the target, 1 µs on.
    expected = [
        (Metric.RESPONSE, Decimal("0.5"), t(9, 7, 30)),
        (Metric.RESPONSE, Decimal("0.75"), t(9, 11, 15)),
        (Metric.RESPONSE, Decimal("0.9"), t(9, 13, 30)),
        (Metric.RESPONSE, Decimal("1"), t(9, 15) + US),
        (Metric.RESOLUTION, Decimal("0.5"), t(11, 0)),
        (Metric.RESOLUTION, Decimal("0.75"), t(12, 0)),
        (Metric.RESOLUTION, Decimal("0.9"), t(12, 36)),
        (Metric.RESOLUTION, Decimal("1"), t(13, 0) + US),
    ]
    schedule = escalation_schedule(ticket, premier, opened)
    assert [(e.metric, e.threshold, e.at) for e in schedule] == expected
    assert all(e.ticket_id == "X-1" for e in schedule)

    # At 09:10 the response has crossed 50 % (09:07:30) already.
    later = escalation_schedule(ticket, premier, t(9, 10))
    assert [(e.metric, e.threshold, e.at) for e in later] == expected[1:]


def test_escalation_schedule_on_a_business_clock() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 6, 17, 30, tzinfo=DUBLIN)  # Friday
    ticket = Ticket("X-2", "sev2", opened)

    def mon(hour: int, minute: int) -> datetime:
        return datetime(2026, 3, 9, hour, minute, tzinfo=DUBLIN)

    def tue(hour: int, minute: int) -> datetime:
        return datetime(2026, 3, 10, hour, minute, tzinfo=DUBLIN)

    # Response 2 h (30 min on Friday, the rest from Monday 06:00):
    #   50 % = 60 min -> Mon 06:30; 75 % = 90 min -> 07:00;
    #   90 % = 108 min -> 07:18; 100 % -> 07:30.
    # Resolution 24 h (0.5 h Friday, 12 h Monday, then Tuesday from 06:00):
    #   50 % = 12 h -> Mon 06:00 + 11.5 h = 17:30; 75 % = 18 h -> Tue 06:00 + 5.5 h = 11:30;
    #   90 % = 21.6 h -> Tue 06:00 + 9.1 h (9 h 6 min) = 15:06; 100 % -> Tue 17:30.
    # 1.0 is the breach, a microsecond after the target is used up.
    expected = [
        (Metric.RESPONSE, Decimal("0.5"), mon(6, 30)),
        (Metric.RESPONSE, Decimal("0.75"), mon(7, 0)),
        (Metric.RESPONSE, Decimal("0.9"), mon(7, 18)),
        (Metric.RESPONSE, Decimal("1"), mon(7, 30) + US),
        (Metric.RESOLUTION, Decimal("0.5"), mon(17, 30)),
        (Metric.RESOLUTION, Decimal("0.75"), tue(11, 30)),
        (Metric.RESOLUTION, Decimal("0.9"), tue(15, 6)),
        (Metric.RESOLUTION, Decimal("1"), tue(17, 30) + US),
    ]
    schedule = escalation_schedule(ticket, premier, opened)
    assert [(e.metric, e.threshold, e.at) for e in schedule] == expected


def test_no_escalations_for_paused_or_stopped_clocks() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def t(hour: int) -> datetime:
        return datetime(2026, 3, 2, hour, 0, tzinfo=UTC)

    responded_and_paused = Ticket(
        "X-3", "sev2", opened, [Event.responded(t(10)), Event.paused(t(11))]
    )
    assert escalation_schedule(responded_and_paused, premier, t(12)) == []

    resolved = Ticket("X-4", "sev2", opened, [Event.resolved(t(10))])
    assert escalation_schedule(resolved, premier, t(12)) == []

    # Paused but not yet answered: only the response clock (never paused) escalates.
    paused_only = Ticket("X-5", "sev2", opened, [Event.paused(t(10))])
    schedule = escalation_schedule(paused_only, premier, t(10))
    assert {e.metric for e in schedule} == {Metric.RESPONSE}
    # Sev2 response 2 h business from 09:00 Monday (Dublin 06-18, UTC in March):
    # 75 % at 10:30, 90 % at 10:48, 100 % at 11:00 (50 % is crossed exactly at now, 10:00,
    # which evaluate at 10:00 already shows: left out, as next_wakeup leaves it out).
    assert [(e.threshold, e.at) for e in schedule] == [
        (Decimal("0.75"), datetime(2026, 3, 2, 10, 30, tzinfo=UTC)),
        (Decimal("0.9"), datetime(2026, 3, 2, 10, 48, tzinfo=UTC)),
        (Decimal("1"), t(11) + US),
    ]


def test_escalation_thresholds_can_be_chosen() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket("X-6", "sev1", opened, [Event.responded(opened)])
    # Only the resolution clock (4 h) runs: a third is 80 min, a quarter 60 min.
    schedule = escalation_schedule(ticket, premier, opened, [Fraction(1, 3), Decimal("0.25")])
    assert [(e.threshold, e.at) for e in schedule] == [
        (Decimal("0.25"), datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),
        (Decimal(1) / Decimal(3), datetime(2026, 3, 2, 10, 20, tzinfo=UTC)),
    ]


ALLOWED_THRESHOLDS = (
    "give fractions of the target above zero and at most 1, such as 0.5, 0.75, 0.9, 1.0 "
    "(1.0 is the breach)"
)


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        (0, "escalation threshold 0 is not above zero"),
        (-0.5, "escalation threshold -0.5 is not above zero"),
        (Fraction(-1, 2), "escalation threshold -1/2 is not above zero"),
        (Decimal("0.00"), "escalation threshold 0.00 is not above zero"),
        (float("nan"), "escalation threshold nan is not a finite number"),
        (float("inf"), "escalation threshold inf is not a finite number"),
        (Decimal("NaN"), "escalation threshold NaN is not a finite number"),
        (Decimal("-Infinity"), "escalation threshold -Infinity is not a finite number"),
        ("0.5", "escalation threshold '0.5' is not a number (str)"),
        (None, "escalation threshold None is not a number (NoneType)"),
        (True, "escalation threshold True is not a number (bool)"),
    ],
)
def test_escalation_thresholds_must_be_finite_numbers_above_zero(
    threshold: object, message: str
) -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket("X-7", "sev1", opened)
    with pytest.raises(UsageError) as raised:
        escalation_schedule(ticket, premier, opened, [0.5, threshold])  # type: ignore[list-item]
    assert str(raised.value) == f"{message}; {ALLOWED_THRESHOLDS}"


@pytest.mark.parametrize("thresholds", [0.5, "0.5, 0.9"])
def test_escalation_thresholds_must_be_a_list(thresholds: object) -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with pytest.raises(WrongTypeError) as raised:
        escalation_schedule(Ticket("X-8", "sev1", opened), premier, opened, thresholds)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "thresholds must be a list of numbers such as [0.5, 0.75, 0.9, 1.0], "
        f"not {type(thresholds).__name__} ({thresholds!r})"
    )


# --------------------------------------------------------------------------- API misuse


def test_a_contract_given_by_name_is_refused() -> None:
    ticket = Ticket("W-1", "sev1", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    message = (
        "contract must be a slakit Contract, not str ('kmp'); "
        "build one with Contract(framework='kmp', tier=..., region=...)"
    )
    for call in (evaluate, escalation_schedule):
        with pytest.raises(WrongTypeError) as raised:
            call(ticket, "kmp", now)  # type: ignore[arg-type]
        assert str(raised.value) == message
        assert isinstance(raised.value, TypeError)
    with pytest.raises(WrongTypeError) as raised:
        evaluate(ticket, None, now)  # type: ignore[arg-type]
    assert str(raised.value) == "contract must be a slakit Contract, not NoneType (None)"


def test_a_ticket_that_is_not_a_ticket_is_refused() -> None:
    premier = contract("kmp", "premier", "dublin")
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    row = {"id": "T-1", "severity": "sev1"}
    for call in (evaluate, escalation_schedule):
        with pytest.raises(WrongTypeError) as raised:
            call(row, premier, now)  # type: ignore[arg-type]
        assert str(raised.value) == (
            "ticket must be a slakit Ticket, not dict ({'id': 'T-1', 'severity': 'sev1'})"
        )


@pytest.mark.parametrize(
    ("now", "error", "message"),
    [
        (None, WrongTypeError,
         "now must be an aware datetime, ISO 8601 text with a UTC offset or Unix seconds, "
         "not NoneType (None)"),
        ([1], WrongTypeError,
         "now must be an aware datetime, ISO 8601 text with a UTC offset or Unix seconds, "
         "not list ([1])"),
        (date(2026, 3, 2), NaiveDatetimeError,
         "now is a naive datetime (2026-03-02); give it a timezone, e.g. "),
        (datetime(2026, 3, 2, 10), NaiveDatetimeError, "now is a naive datetime"),  # noqa: DTZ001
    ],
)  # fmt: skip
def test_now_of_the_wrong_type_or_naive_is_refused(
    now: object, error: type[Exception], message: str
) -> None:
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("W-2", "sev1", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    for call in (evaluate, escalation_schedule, next_wakeup):
        with pytest.raises(error) as raised:
            call(ticket, premier, now)  # type: ignore[operator]
        assert str(raised.value).startswith(message), call


# Every form Ticket(opened_at=...) accepts, and some it refuses (review 3, item 5).
INSTANT_FORMS = [
    "2026-03-02T10:00:00Z", "2026-03-02T10:00:00z", "2026-03-02t10:00:00Z",
    "2026-03-02 10:00:00+00:00", "2026-03-02T10:00:00.5+00:00", "2026-03-02T11:00:00+01:00",
    "2026-03-02T10:00Z", "2026-03-02T10:00:00-00:00", "2026-03-02T10:00:00+0000",
    b"2026-03-02T10:00:00Z", 1772445600, 1772445600.5, "1772445600",
    datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/Dublin")),
    # refused by both
    "2026-03-02T10:00:00+00", "2026-03-02T10Z", "20260302T100000Z", " 2026-03-02T10:00:00Z ",
    "2026-03-02T10:00:00+01:00:30", "2026-03-02T10:00:00", "2026-03-02", "garbage", "",
    date(2026, 3, 2), None, True, [1], float("nan"),
]  # fmt: skip


@pytest.mark.parametrize("form", INSTANT_FORMS, ids=repr)
def test_now_accepts_exactly_what_opened_at_accepts(form: object) -> None:
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("W-3", "sev1", "2026-03-02T09:00:00Z")
    try:
        opened = Ticket("W-3", "sev1", form).opened_at  # type: ignore[arg-type]
    except SlakitError:
        opened = None
    if opened is None:
        with pytest.raises((WrongTypeError, NaiveDatetimeError, UsageError)):
            instant(form, "now")
        for call in (evaluate, escalation_schedule, next_wakeup):
            with pytest.raises((WrongTypeError, NaiveDatetimeError, UsageError)):
                call(ticket, premier, form)  # type: ignore[operator]
        with pytest.raises((WrongTypeError, NaiveDatetimeError, UsageError)):
            sla_events(ticket, premier, end=form)  # type: ignore[arg-type]
        return
    assert instant(form, "now") == opened
    status = evaluate(ticket, premier, form)  # type: ignore[arg-type]
    assert status.now == opened and status.now.utcoffset() == opened.utcoffset()
    assert status == evaluate(ticket, premier, opened)
    assert escalation_schedule(ticket, premier, form) == escalation_schedule(  # type: ignore[arg-type]
        ticket, premier, opened
    )
    assert next_wakeup(ticket, premier, form) == next_wakeup(ticket, premier, opened)  # type: ignore[arg-type]
    assert sla_events(ticket, premier, start=form, end=form) == sla_events(  # type: ignore[arg-type]
        ticket, premier, start=opened, end=opened
    )


def test_now_as_iso_text_with_an_offset_reads_as_opened_at_does() -> None:
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("W-3", "sev2", "2026-03-02T09:00:00+00:00")
    at = datetime(2026, 3, 2, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    for text in ("2026-03-02T11:30:00+01:00", "2026-03-02T10:30:00z"):
        status = evaluate(ticket, premier, text)
        assert status == evaluate(ticket, premier, at.astimezone(UTC) if "z" in text else at)
        assert status.response.elapsed == 90 * M


@pytest.mark.parametrize(
    ("now", "error", "message"),
    [
        ("2026-03-02T10:00:00", NaiveDatetimeError,
         "now: '2026-03-02T10:00:00' has no UTC offset; write e.g. 2026-03-02T10:00:00+00:00 "
         "or 2026-03-02T10:00:00Z"),
        ("2026-03-02T10:00:00z"[:-1] + " ", UsageError,
         "now: '2026-03-02T10:00:00 ' is not an instant (unexpected extra characters at the "
         "end of the input); write e.g. 2026-10-05T09:30:00+01:00"),
        ("yesterday", UsageError,
         "now: 'yesterday' is not an instant (input is too short); write e.g. "
         "2026-10-05T09:30:00+01:00"),
        ("3100-01-01T00:00:00Z", UsageError,
         "now: 3100-01-01T00:00:00+00:00 is in the year 3100, outside the years slakit "
         "computes (1900 to 2999)"),
        (datetime(1899, 12, 31, 23, tzinfo=UTC), UsageError,
         "now: 1899-12-31T23:00:00+00:00 is in the year 1899, outside the years slakit "
         "computes (1900 to 2999)"),
        (-3e9, UsageError, "now: 1874-12-07T18:40:00+00:00 is in the year 1874"),
        (float("nan"), UsageError, "now: nan is not an instant (NaN values not permitted)"),
    ],
)  # fmt: skip
def test_now_that_is_not_an_aware_instant_is_refused(
    now: object, error: type[Exception], message: str
) -> None:
    ticket = Ticket("W-4", "sev2", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    premier = contract("kmp", "premier", "dublin")
    for call in (evaluate, escalation_schedule, next_wakeup):
        with pytest.raises(error) as raised:
            call(ticket, premier, now)  # type: ignore[operator]
        assert str(raised.value).startswith(message)
    with pytest.raises(error) as raised:
        sla_events(ticket, premier, end=now)  # type: ignore[arg-type]
    assert str(raised.value).startswith(message.replace("now", "end", 1))


# --------------------------------------------------------------------------- ClockRun

MICROSECONDS = 1_000_000


def us_of(instant: datetime) -> int:
    return int(instant.timestamp()) * MICROSECONDS


def test_a_clock_run_reached_and_passed_at_closing_time() -> None:
    premier = contract("kmp", "premier", "dublin")
    # Sev2 response, 2 h business on Dublin 12x5 (06:00-18:00 GMT in March), opened
    # Friday 6 Mar 16:00: 16:00-18:00 uses the whole 2 h at closing time. The clock
    # next runs Monday 9 Mar 06:00; at 07:00 it has run 2 h + 1 h = 3 h.
    opened = datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    friday_close = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)
    monday_open = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
    now = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    response, resolution = clock_runs(Ticket("C-1", "sev2", opened), premier, us_of(now))
    assert isinstance(response, ClockRun)
    assert (response.metric, response.severity, response.state) == (
        Metric.RESPONSE, Severity.SEV2, ClockState.RUNNING,
    )  # fmt: skip
    assert response.segments == [(us_of(opened), us_of(now))]
    assert response.elapsed == 3 * 3600 * MICROSECONDS
    assert response.length == 2 * 3600 * MICROSECONDS
    assert response.breached is True
    # Reached the 2 h at Friday's close; went past it only when Monday opened.
    assert response.reached_at(response.length) == us_of(friday_close)
    assert response.passed_at(response.length) == us_of(monday_open)
    # Exactly 3 h: reached at 07:00, not passed.
    three_hours = 3 * 3600 * MICROSECONDS
    assert response.reached_at(three_hours) == us_of(now)
    assert response.exceeds(three_hours) is False
    assert response.passed_at(three_hours) is None
    assert response.reached_at(three_hours + 1) is None
    # A status reads the deadline and the breach as the instant the target was used up.
    status = evaluate(Ticket("C-1", "sev2", opened), premier, now)
    assert status.response.due_at == friday_close
    assert status.response.breached_at == friday_close
    assert resolution.elapsed == 3 * 3600 * MICROSECONDS


def test_a_clock_run_reached_at_a_pause_passes_when_it_resumes() -> None:
    platinum = contract("truststram", "platinum", "amsterdam")
    # P1 resolution on Platinum: 4 h, 24x7. Opened 08:00, paused at 12:00 (4 h used),
    # resumed 15:00, resolved 16:00: 5 h on the clock.
    day = datetime(2026, 3, 2, tzinfo=UTC)
    ticket = Ticket(
        "C-2", "P1", day + 8 * H,
        events=[
            Event.responded(day + 8 * H + 5 * M),
            Event.paused(day + 12 * H),
            Event.resumed(day + 15 * H),
            Event.resolved(day + 16 * H),
        ],
    )  # fmt: skip
    _, resolution = clock_runs(ticket, platinum, us_of(day + 20 * H))
    assert resolution.state is ClockState.STOPPED
    assert resolution.stopped_at == us_of(day + 16 * H)
    assert resolution.segments == [
        (us_of(day + 8 * H), us_of(day + 12 * H)),
        (us_of(day + 15 * H), us_of(day + 16 * H)),
    ]
    assert resolution.spans == [4 * 3600 * MICROSECONDS, 3600 * MICROSECONDS]
    assert resolution.reached_at(resolution.length) == us_of(day + 12 * H)
    assert resolution.passed_at(resolution.length) == us_of(day + 15 * H)
    status = evaluate(ticket, platinum, day + 20 * H)
    assert status.resolution.met is False
    assert status.resolution.breached_at == day + 12 * H


def test_a_retargeting_change_dates_the_breach_no_earlier_than_itself() -> None:
    premier = contract("kmp", "premier", "dublin")
    # SEV3_TO_SEV1 (above): Sev1's 15 min 24x7 response target was used up at 09:15,
    # but the change that applied it came at 14:00.
    response, _ = clock_runs(SEV3_TO_SEV1, premier, us_of(datetime(2026, 3, 2, 15, tzinfo=UTC)))
    reached = response.reached_at(response.length)
    assert reached == us_of(datetime(2026, 3, 2, 9, 15, tzinfo=UTC))
    assert response.retargeted_at == us_of(datetime(2026, 3, 2, 14, tzinfo=UTC))
    assert response.no_earlier_than_retarget(reached) == response.retargeted_at
    later = us_of(datetime(2026, 3, 2, 14, 30, tzinfo=UTC))
    assert response.no_earlier_than_retarget(later) == later


def test_clock_runs_check_their_arguments() -> None:
    premier = contract("kmp", "premier", "dublin")
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with pytest.raises(WrongTypeError, match="contract must be a slakit Contract, not str"):
        clock_runs(Ticket("C-3", "sev1", opened), "kmp", us_of(opened))  # type: ignore[arg-type]
    with pytest.raises(TimelineError, match="ticket C-3: now is before the ticket was opened"):
        clock_runs(Ticket("C-3", "sev1", opened), premier, us_of(opened) - 1)


# --------------------------------------------------------------------------- status objects

# Mon 2 Mar 2026, Dublin on GMT; KMP Premier Sev2: response 2 business hours, resolution 24
# business hours, on the 12x5 calendar 06:00-18:00 local.
REOPENED = Ticket(
    "C-1",
    "sev2",
    datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    events=[
        Event.responded(datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),
        Event.paused(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),
        Event.resumed(datetime(2026, 3, 2, 12, 0, tzinfo=UTC)),
        Event.resolved(datetime(2026, 3, 2, 14, 0, tzinfo=UTC)),
        Event.reopened(datetime(2026, 3, 2, 17, 0, tzinfo=UTC)),
    ],
)
TUESDAY_7 = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)


def test_cycles_paused_time_and_wall_time_beside_business_time() -> None:
    status = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    resolution = status.resolution
    # Ran 09-10, 12-14 (3 business hours), then from the 17:00 reopen: 17-18 Monday and
    # 06-07 Tuesday are open (2 business hours) of 14 real hours.
    assert resolution.elapsed == 5 * H
    assert resolution.wall_elapsed == 17 * H
    assert resolution.percent_used == Decimal("20.83")  # 5/24
    assert resolution.wall_percent_used == Decimal("70.83")  # 17/24
    assert resolution.paused == 2 * H
    first, second = resolution.cycles
    assert (first.number, first.start, first.stop, first.elapsed, first.met) == (
        1, datetime(2026, 3, 2, 9, 0, tzinfo=UTC), datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
        3 * H, True,
    )  # fmt: skip
    assert (second.number, second.start, second.stop, second.elapsed, second.met) == (
        2, datetime(2026, 3, 2, 17, 0, tzinfo=UTC), None, 2 * H, None,
    )  # fmt: skip
    response = status.response
    assert (response.elapsed, response.wall_elapsed, response.paused) == (30 * M, 30 * M, 0 * H)
    assert [
        (c.start.hour, c.stop and c.stop.minute, c.elapsed, c.met) for c in response.cycles
    ] == [(9, 30, 30 * M, True)]


def test_a_cycle_is_missed_when_the_clock_had_run_past_its_target_at_its_stop() -> None:
    # Platinum P1 resolution: 4 h of wall time. Resolved after 5 h, reopened, resolved again.
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ticket = Ticket("C-2", "P1", opened, events=[
        Event.responded(opened + 5 * M),
        Event.resolved(opened + 5 * H),
        Event.reopened(opened + 6 * H),
        Event.resolved(opened + 7 * H),
    ])  # fmt: skip
    status = evaluate(ticket, contract("truststram", "platinum", "austin"), opened + 9 * H)
    cycles = status.resolution.cycles
    assert [(c.elapsed, c.met) for c in cycles] == [(5 * H, False), (1 * H, False)]
    assert status.resolution.wall_percent_used == status.resolution.percent_used == 150
    assert status.resolution.paused == 0 * H


def test_paused_time_runs_until_now_or_the_resolution() -> None:
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    paused = Ticket("C-3", "P1", opened, events=[Event.paused(opened + H)])
    platinum = contract("truststram", "platinum", "austin")
    assert evaluate(paused, platinum, opened + 4 * H).resolution.paused == 3 * H
    resolved = Ticket("C-4", "P1", opened, events=[
        Event.paused(opened + H), Event.resolved(opened + 2 * H)
    ])  # fmt: skip
    assert evaluate(resolved, platinum, opened + 9 * H).resolution.paused == 1 * H


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_evaluate.py"
    spec = importlib.util.spec_from_file_location("bench_evaluate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lazy_statuses_equal_the_eager_path_field_by_field() -> None:
    # The eager path is the code evaluate ran before statuses became lazy (kept in the
    # benchmark, which checks the same on its own run).
    bench = _bench()
    rng = random.Random(7)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    pool = [*bench.contracts(), contract("kmp", "basic", "singapore", "restart"),
            contract("truststram", "gold", "amsterdam", "restart")]  # fmt: skip
    for number in range(3000):
        ticket = bench.generate_ticket(rng, number, start)
        chosen = rng.choice(pool)
        now = ticket.opened_at + timedelta(seconds=rng.randrange(40 * 86400))
        now = now.astimezone(rng.choice([UTC, DUBLIN, SINGAPORE]))
        lazy, eager = evaluate(ticket, chosen, now), bench.eager_evaluate(ticket, chosen, now)
        for name in ("ticket_id", "framework", "tier", "compliance_goal", "severity",
                     "opened_at", "now"):  # fmt: skip
            assert getattr(lazy, name) == getattr(eager, name), name
        for metric in ("response", "resolution"):
            ours, theirs = getattr(lazy, metric), getattr(eager, metric)
            for name in bench.EAGER_FIELDS:
                value = getattr(ours, name)
                assert value == getattr(theirs, name), (ticket.id, metric, name)
                assert type(value) is type(getattr(theirs, name)), (metric, name)
            assert sum((c.elapsed for c in ours.cycles), timedelta(0)) == ours.elapsed
            assert ours.wall_elapsed >= ours.elapsed or ours.clock == "24x7"


def test_statuses_are_frozen_hashable_picklable_values() -> None:
    status = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    again = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    assert again == status and hash(again) == hash(status)
    assert pickle.loads(pickle.dumps(status)) == status
    assert pickle.loads(pickle.dumps(status.resolution)) == status.resolution
    assert copy.deepcopy(status) == status
    with pytest.raises(FrozenInstanceError, match="cannot set met: a MetricStatus is frozen"):
        status.resolution.met = True  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="a TicketStatus is frozen"):
        del status.now  # type: ignore[misc]
    with pytest.raises(AttributeError, match="'MetricStatus' object has no attribute 'deu_at'"):
        status.resolution.deu_at  # type: ignore[attr-defined]  # noqa: B018
    assert status != status.model_dump()
    assert repr(status.response).startswith("MetricStatus(metric=<Metric.RESPONSE: 'response'>")


def test_a_status_built_from_its_fields_equals_the_evaluated_one() -> None:
    status = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    fields = status.resolution.model_dump()
    assert MetricStatus(**fields) == status.resolution
    built = TicketStatus(**{**status.model_dump(), "response": status.response})
    assert built == status
    with pytest.raises(UsageError, match="invalid MetricStatus: paused: Field required"):
        MetricStatus(**{name: value for name, value in fields.items() if name != "paused"})


def test_status_json_shapes() -> None:
    status = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    data = status.model_dump(mode="json")
    assert json.loads(json.dumps(data)) == data == json.loads(status.to_json())
    resolution = data["resolution"]
    assert resolution["target"] == "24h business"  # never "P1D"
    assert resolution["target_length"] == {"ms": 86_400_000, "text": "24h"}
    assert resolution["wall_elapsed"] == {"ms": 61_200_000, "text": "17h"}
    assert resolution["remaining"] == {"ms": 68_400_000, "text": "19h"}
    assert resolution["percent_used"] == "20.83"
    assert data["now"] == "2026-03-03T07:00:00Z"
    assert resolution["cycles"][1] == {
        "number": 2, "start": "2026-03-02T17:00:00Z", "stop": None,
        "elapsed": {"ms": 7_200_000, "text": "2h"}, "met": None,
    }  # fmt: skip
    assert list(resolution) == list(MetricStatus._fields)
    elsewhere = evaluate(
        REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7.astimezone(DUBLIN)
    )
    assert elsewhere.model_dump(mode="json")["now"] == "2026-03-03T07:00:00Z"  # GMT in March
    amsterdam = evaluate(
        REOPENED, contract("kmp", "premier", "dublin"), "2026-03-03T08:00:00+01:00"
    )
    assert amsterdam.model_dump(mode="json")["resolution"]["cycles"][0]["stop"] == (
        "2026-03-02T15:00:00+01:00"
    )


def test_status_json_round_trips_exactly_to_the_microsecond() -> None:
    opened = datetime(2026, 3, 2, 9, 0, 0, 1, tzinfo=UTC)
    ticket = Ticket("J-1", "P1", opened, events=[Event.responded(opened + 20 * M + 1500 * US)])
    status = evaluate(ticket, contract("truststram", "platinum", "austin"), opened + H)
    response = status.model_dump(mode="json")["response"]
    # 20 min 1.5 ms; 5 min 1.5 ms over a 15-minute target: ms are truncated toward zero.
    assert response["elapsed"] == {"ms": 1_200_001, "text": "20m 0.0015s"}
    assert response["remaining"] == {"ms": -300_001, "text": "-5m 0.0015s"}
    back = TicketStatus.model_validate_json(status.to_json())
    assert back == status and hash(back) == hash(status)
    assert back.response.remaining == -(5 * M + 1500 * US)
    assert TicketStatus.model_validate(status.model_dump()) == status
    assert TicketStatus.model_validate(status) is status


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("PT1H", "elapsed: 'PT1H' is not a duration; write an object such as "
                 '{"ms": 11520000, "text": "3h 12m"}'),
        ({"ms": 1, "text": "1h"}, "elapsed: ms 1 and text '1h' disagree; ms is the text's whole "
                                  "milliseconds, truncated toward zero"),
        ({"text": "1 hour"}, "elapsed: text '1 hour' is not a duration in hours, minutes and "
                             'seconds such as "3h 12m", "-45m" or "1.5s"'),
        ({"ms": 1.5}, "elapsed: ms 1.5 is not a whole number of milliseconds"),
        ({"ms": 5, "us": 3}, "elapsed: {'ms': 5, 'us': 3} is not a duration"),
    ],
)  # fmt: skip
def test_a_status_with_a_bad_duration_is_refused(value: object, message: str) -> None:
    data = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7).model_dump(
        mode="json"
    )
    data["resolution"]["elapsed"] = value
    with pytest.raises(UsageError) as raised:
        TicketStatus.model_validate(data)
    assert str(raised.value).startswith(f"invalid TicketStatus: resolution.{message}")


def test_duration_json_reads_back_what_it_writes() -> None:
    for us in (0, 1, -1, 999, -1500, 3_600_000_000, 10**15 + 7, -(3 * 3600 + 12 * 60) * 10**6):
        value = timedelta(microseconds=us)
        written = duration_json(value)
        assert written["ms"] == int(us / 1000) if abs(us) < 2**52 else True
        assert TicketStatus._model.model_fields["opened_at"] is not None
        assert (
            Cycle(number=1, start=TUESDAY_7, stop=None, elapsed=written, met=None).elapsed == value
        )
    assert duration_text(timedelta(days=2, minutes=1)) == "48h 1m"  # hours, never days


@pytest.mark.parametrize("value", [None, 1500, "25m"])
def test_duration_text_refuses_what_is_not_a_duration(value: object) -> None:
    message = f"duration_text takes a timedelta, not {type(value).__name__}"
    with pytest.raises(WrongTypeError, match=message):
        duration_text(value)  # type: ignore[arg-type]


def test_evaluate_from_16_threads_matches_the_serial_run() -> None:
    # Pure and thread-safe: the same statuses, fields read lazily from many threads at
    # once (on shared statuses too), and calendars compiled concurrently on fresh contracts.
    bench = _bench()
    rng = random.Random(16)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    pool = bench.contracts()
    work = [(bench.generate_ticket(rng, n, start), rng.choice(pool)) for n in range(800)]
    now = datetime(2026, 4, 15, tzinfo=UTC)
    serial = [evaluate(ticket, chosen, now).model_dump(mode="json") for ticket, chosen in work]
    shared = [evaluate(ticket, chosen, now) for ticket, chosen in work]
    barrier = threading.Barrier(16)

    def run(part: int) -> list[dict[str, Any]]:
        fresh = {id(c): Contract.model_validate_json(c.model_dump_json()) for c in pool}
        barrier.wait()
        mine = [evaluate(ticket, fresh[id(chosen)], now).model_dump(mode="json")
                for ticket, chosen in work]  # fmt: skip
        assert [status.model_dump(mode="json") for status in shared[part::16]] == serial[part::16]
        return mine

    with ThreadPoolExecutor(max_workers=16) as pool_of_threads:
        results = list(pool_of_threads.map(run, range(16)))
    assert all(result == serial for result in results)


def test_status_schema_validates_status_json() -> None:
    schema = status_schema()
    validator = jsonschema.Draft202012Validator(schema)
    status = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    assert list(validator.iter_errors(json.loads(status.to_json()))) == []
    broken = status.model_dump(mode="json")
    broken["resolution"]["elapsed"] = "PT5H"
    broken["resolution"]["target"] = {"duration": "P1D"}
    assert len(list(validator.iter_errors(broken))) == 2


def test_statuses_work_as_fields_of_pydantic_models() -> None:
    adapter = pydantic.TypeAdapter(list[TicketStatus])
    status = evaluate(REOPENED, contract("kmp", "premier", "dublin"), TUESDAY_7)
    text = adapter.dump_json([status])
    assert json.loads(text) == [status.model_dump(mode="json")]
    assert adapter.validate_json(text) == [status]
    assert adapter.json_schema()["items"]["title"] == "TicketStatus"


# --------------------------------------------------------------------------- review 3


def mon(hour: int) -> datetime:
    """Monday 2 March 2026 at ``hour`` UTC (GMT in Dublin)."""
    return datetime(2026, 3, 2, hour, tzinfo=UTC)


def test_a_status_in_a_repeated_autumn_hour_reads_back_equal() -> None:
    # Dublin falls back at 02:00 IST on 25 Oct 2026: 01:00-02:00 local happens twice.
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("D-1", "sev1", datetime(2026, 10, 25, 0, tzinfo=UTC))
    now = datetime(2026, 10, 25, 1, 12, tzinfo=UTC).astimezone(DUBLIN)  # 01:12 GMT, fold=1
    status = evaluate(ticket, premier, now)
    assert status.now.tzinfo is DUBLIN and status.now.fold == 1  # kept in the zone of now
    again = TicketStatus.model_validate_json(status.to_json())
    assert again == status and hash(again) == hash(status)
    assert pickle.loads(pickle.dumps(status)) == status
    # Only due_at in the repeated hour: now 00:00 IST, opened 22:00 IST, 4 h on 24x7.
    ticket = Ticket("D-2", "sev1", datetime(2026, 10, 24, 21, tzinfo=UTC))
    status = evaluate(ticket, premier, datetime(2026, 10, 24, 23, tzinfo=UTC).astimezone(DUBLIN))
    assert status.resolution.due_at.timestamp() == datetime(2026, 10, 25, 1, tzinfo=UTC).timestamp()
    assert status.resolution.due_at.fold == 1
    again = TicketStatus.model_validate_json(status.to_json())
    assert again == status and hash(again) == hash(status)
    assert again.resolution == status.resolution
    # The same instant at another offset is another value (as it shows another time).
    elsewhere = evaluate(ticket, premier, datetime(2026, 10, 24, 23, tzinfo=UTC))
    assert elsewhere != status


def test_instant_key_compares_by_instant_and_offset() -> None:
    dublin = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=DUBLIN)
    fixed = dublin.astimezone(timezone(timedelta(0)))
    assert dublin != fixed  # PEP 495: a time in a fold never equals another zone's
    assert (
        instant_key(dublin)
        == instant_key(fixed)
        == ((fixed - datetime(1970, 1, 1, tzinfo=UTC)) // US, timedelta(0))
    )
    assert instant_key(fixed) != instant_key(fixed.astimezone(timezone(H)))
    assert instant_key("x") == "x" and instant_key(None) is None


def test_every_instant_of_a_status_is_in_the_timezone_of_now() -> None:
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("Z-1", "sev2", "2026-03-02T09:00:00Z", [Event.resolved(mon(10)),
                    Event.reopened(mon(11))])  # fmt: skip
    status = evaluate(ticket, premier, "2026-03-02T13:00:00+01:00")
    dumped = status.model_dump(mode="json")
    assert dumped["opened_at"] == "2026-03-02T10:00:00+01:00"
    assert dumped["now"] == "2026-03-02T13:00:00+01:00"
    assert [cycle["start"] for cycle in dumped["resolution"]["cycles"]] == [
        "2026-03-02T10:00:00+01:00", "2026-03-02T12:00:00+01:00"
    ]  # fmt: skip
    assert dumped["response"]["stopped_at"] == "2026-03-02T11:00:00+01:00"
    assert status.opened_at == ticket.opened_at  # the same instant
    assert TicketStatus.model_validate_json(status.to_json()) == status


def test_escalation_schedule_leaves_out_a_threshold_crossed_exactly_at_now() -> None:
    # Dublin sev2 opened 16:00 UTC (Monday): 2 business hours of response, 12x5 to 18:00.
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("E-10", "sev2", mon(16))
    schedule = escalation_schedule(ticket, premier, mon(17))  # 50 % at exactly 17:00
    assert Decimal("0.5") not in [e.threshold for e in schedule if e.metric == "response"]
    assert evaluate(ticket, premier, mon(17)).response.percent_used == Decimal("50")
    assert next_wakeup(ticket, premier, mon(17)) == min(e.at for e in schedule)
    assert [e.threshold for e in escalation_schedule(ticket, premier, mon(17) - US)][:1] == [
        Decimal("0.5")
    ]


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        (50, "escalation threshold 50 is more than 1 (the whole target); thresholds are "
             "fractions of the target, not percentages: give 0.5 for 50%"),
        (1.5, "escalation threshold 1.5 is more than 1"),
        (Decimal("1.0001"), "escalation threshold 1.0001 is more than 1"),
    ],
)  # fmt: skip
def test_escalation_thresholds_above_1_are_refused_as_likely_percentages(
    threshold: object, message: str
) -> None:
    premier = contract("kmp", "premier", "dublin")
    ticket = Ticket("E-11", "sev1", mon(9))
    with pytest.raises(UsageError) as raised:
        escalation_schedule(ticket, premier, mon(9), [0.5, threshold])  # type: ignore[list-item]
    assert str(raised.value).startswith(message)
    assert escalation_schedule(ticket, premier, mon(9), [1.0])  # the breach stays allowed


def test_under_restart_the_cycle_the_restart_began_starts_at_the_change() -> None:
    premier = contract("kmp", "premier", "dublin", "restart")
    ticket = Ticket("R-1", "sev3", mon(9), [Event.severity_changed(mon(10), "sev1")])
    status = evaluate(ticket, premier, mon(11))
    for metric in status.metrics():
        assert [(c.number, c.start, c.elapsed) for c in metric.cycles] == [(1, mon(10), H)]
        assert metric.elapsed == H
    # A restart after a reopen: cycle 1 keeps its start, cycle 2 begins at the change.
    events = [Event.responded(mon(9)), Event.resolved(mon(10)), Event.reopened(mon(11)),
              Event.severity_changed(mon(12), "sev1")]  # fmt: skip
    reopened = Ticket("R-2", "sev3", mon(9), events)
    cycles = evaluate(reopened, premier, mon(13)).resolution.cycles
    assert [(c.number, c.start, c.stop) for c in cycles] == [
        (1, mon(9), mon(10)),
        (2, mon(12), None),
    ]
    assert cycles[1].elapsed == H
    # Under retarget nothing moves.
    retarget = evaluate(ticket, contract("kmp", "premier", "dublin"), mon(11))
    assert retarget.resolution.cycles[0].start == mon(9)


def test_schemas_name_their_dialect_and_columns_follow_python() -> None:
    assert status_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert STATUS_COLUMNS[:7] == (
        "ticket_id", "framework", "tier", "compliance_goal", "severity", "opened_at", "now",
    )  # fmt: skip
    assert list(TicketStatus._fields[:7]) == list(STATUS_COLUMNS[:7])


# -- status_record: straight from the fold, the same text as from the fields ------------------

_RECORD_KINDS = ("responded", "paused", "resumed", "severity_changed", "resolved", "reopened")


def _cell_of(value: object) -> str:
    """A field as status_record documents it: the reference for its fast path."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_text(value)
    if isinstance(value, Severity | ClockState | Metric):
        return value.value
    return str(value)


@st.composite
def _evaluated(draw: st.DrawFn) -> TicketStatus:
    opened = datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(0, 7 * 24 * 60))
    )
    minutes = st.integers(0, 30 * 24 * 60 * 60)  # seconds, in fact: to a month on
    events = [
        {
            "kind": kind,
            "at": opened + timedelta(seconds=draw(minutes), microseconds=draw(st.integers(0, 3))),
            **({"severity": draw(st.sampled_from(list(Severity)))}
               if kind == "severity_changed" else {}),
        }
        for kind in draw(st.lists(st.sampled_from(_RECORD_KINDS), max_size=8))
    ]  # fmt: skip
    ticket, _ = Ticket("T-1", draw(st.sampled_from(list(Severity))), opened).with_events(events)
    chosen = draw(st.sampled_from((("premier", "dublin", "retarget"),
                                   ("basic", "singapore", "restart"))))  # fmt: skip
    zone = draw(st.sampled_from((UTC, DUBLIN, SINGAPORE, timezone(timedelta(hours=-5)))))
    now = (opened + timedelta(seconds=draw(st.integers(0, 40 * 24 * 3600)))).astimezone(zone)
    return evaluate(ticket, contract("kmp", *chosen), now)


@settings(max_examples=300, deadline=None)
@given(_evaluated(), st.sets(st.sampled_from(sorted((*METRIC_COLUMNS, "cycles")))))
def test_status_record_of_a_lazy_status_is_the_text_of_its_fields(
    status: TicketStatus, read_first: set[str]
) -> None:
    for name in read_first:  # fields already computed (cached) must not change anything
        getattr(status.response, name)
    record = status_record(status)
    expected = {name: _cell_of(getattr(status, name)) for name in STATUS_COLUMNS[:7]}
    for metric in status.metrics():
        for name in METRIC_COLUMNS:
            expected[f"{metric.metric.value}_{name}"] = _cell_of(getattr(metric, name))
    assert list(record) == list(STATUS_COLUMNS)
    assert record == expected
    # A status built whole (validated, not lazy) takes the field-by-field path: the same.
    assert status_record(TicketStatus.model_validate(status.model_dump())) == record
