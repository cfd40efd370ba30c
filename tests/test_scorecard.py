"""Scorecards: one test per seed line, worked by hand from a small fixture.

The fixture is one KMP Premier customer (and the same tickets under TrustStram
Platinum) in October 2026, billed in UTC. Every ticket is SEV1 / P1, whose
targets run on the wall clock on both tiers (response 15 minutes, resolution
4 hours), so every time below is plain clock arithmetic:

| ticket | opened (UTC)  | response | escalations        | resolved  | pauses        | score |
| ------ | ------------- | -------- | ------------------ | --------- | ------------- | ----- |
| A      | Oct 6 10:00   | +10m     | -                  | +2h  (L1) | -             | 5     |
| B      | Oct 7 10:00   | +20m     | L2 +30m            | +6h  (L2) | -             | 4     |
| C      | Oct 8 10:00   | +5m      | L3 +12m            | +3h  (L3) | -             | 3     |
| D      | Oct 9 10:00   | +15m     | L2 +20m, L3 +40m   | +5h  (L3) | -             | -     |
| E      | Oct 10 10:00  | +30m     | -                  | +1h  (L1) | +40m to +50m  | 5     |

Expected values are worked out in each test's comments, never by calling the
code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from slakit import Contract, Event, Ticket
from slakit.availability import MaintenanceWindow, Outage
from slakit.errors import UsageError, WrongTypeError
from slakit.latency import LatencyHistogram, LatencySample
from slakit.objectives import ReportPeriod
from slakit.scorecard import SCORECARD_COLUMNS, Scorecard, scorecard
from slakit.security import SecurityBreach, SecurityIncident
from slakit.utilization import TeamUtilization

M, H = timedelta(minutes=1), timedelta(hours=1)
KMP = Contract(id="acme", framework="kmp", tier="premier", region="dublin", customer="Acme")
PLATINUM = Contract(id="acme", framework="truststram", tier="platinum", region="dublin")


def at(day: int, hour: int = 10, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def fixture_tickets() -> list[Ticket]:
    def ticket(name: str, day: int, events: list[Event], score: int | None) -> Ticket:
        return Ticket(name, "sev1", at(day), events=events, satisfaction=score)

    return [
        ticket("A", 6, [Event.responded(at(6) + 10 * M), Event.resolved(at(6) + 2 * H)], 5),
        ticket("B", 7, [Event.responded(at(7) + 20 * M), Event.escalated(at(7) + 30 * M, "L2"),
                        Event.resolved(at(7) + 6 * H)], 4),
        ticket("C", 8, [Event.responded(at(8) + 5 * M), Event.escalated(at(8) + 12 * M, "L3"),
                        Event.resolved(at(8) + 3 * H)], 3),
        ticket("D", 9, [Event.responded(at(9) + 15 * M), Event.escalated(at(9) + 20 * M, "L2"),
                        Event.escalated(at(9) + 40 * M, "L3"), Event.resolved(at(9) + 5 * H)],
               None),
        ticket("E", 10, [Event.responded(at(10) + 30 * M), Event.paused(at(10) + 40 * M),
                         Event.resumed(at(10) + 50 * M), Event.resolved(at(10) + H)], 5),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def kmp_card() -> Scorecard:
    return scorecard(KMP, "2026-10", tickets=fixture_tickets(), outages=[])


@pytest.fixture(scope="module")
def platinum_card() -> Scorecard:
    return scorecard(PLATINUM, "2026-10", tickets=fixture_tickets())


# -- KMP support dashboard targets ---------------------------------------------------------------


def test_average_response_time(kmp_card: Scorecard) -> None:
    # (10 + 20 + 5 + 15 + 30) / 5 = 16 minutes = 960 s: more than 15 minutes.
    row = kmp_card.row("average-response-time")
    assert (row.value, row.passed, row.result, row.items) == (960, False, "FAIL", 5)
    assert row.value_text == "16m" and row.target == "<= 15m"


def test_average_resolution_time(kmp_card: Scorecard) -> None:
    # 2h + 6h + 3h + 5h + (1h - 10m paused) = 16h 50m = 60,600 s; / 5 = 12,120 s = 3h 22m.
    row = kmp_card.row("average-resolution-time")
    assert (row.value, row.result) == (12120, "pass")
    assert row.value_text == "3h 22m"
    # B (6h) and D (5h) each took more than the 4-hour target: the evidence names them.
    assert row.missed == ("B", "D")


def test_customer_satisfaction_mean(kmp_card: Scorecard) -> None:
    # Scores 5, 4, 3, 5 (D has none): 17 / 4 = 4.25, not more than 4.5.
    row = kmp_card.row("customer-satisfaction")
    assert (row.value, row.result, row.items) == (Fraction(17, 4), "FAIL", 4)
    assert row.evidence == ("A", "B", "C", "E")


def test_first_call_resolution(kmp_card: Scorecard) -> None:
    # Only A was resolved at L1, never escalated, paused or reopened (E waited on the
    # customer): 1 / 5 = 20%, below 85%.
    row = kmp_card.row("first-call-resolution")
    assert (row.value, row.counted, row.result) == (Fraction(1, 5), 1, "FAIL")
    assert row.missed == ("B", "C", "D", "E")


def test_sla_compliance(kmp_card: Scorecard) -> None:
    # Responses within 15m: A, C, D (exactly 15m is within); resolutions within 4h: A, C, E.
    # 6 of 10 stopped metrics met: 60%, below 99%.
    row = kmp_card.row("sla-compliance")
    assert (row.value, row.counted, row.items, row.result) == (Fraction(3, 5), 6, 10, "FAIL")
    assert row.missed == ("B response", "B resolution", "D resolution", "E response")


def test_escalation_rate(kmp_card: Scorecard) -> None:
    # B, C and D were escalated: 3 / 5 = 60%, not below 10%.
    row = kmp_card.row("escalation-rate")
    assert (row.value, row.result) == (Fraction(3, 5), "FAIL")
    # Against a "below" target the escalated tickets are the ones that missed it.
    assert (row.counted, row.missed) == (3, ("B", "C", "D"))


def test_team_utilization() -> None:
    # Two weekly records in October: (30 + 34) busy of (40 + 40) available = 80%, in
    # 70%-85%. A record starting in September is not October's.
    records = [
        TeamUtilization(start=at(5), end=at(12), busy=30 * H, available=40 * H),
        TeamUtilization(start=at(12), end=at(19), busy=34 * H, available=40 * H),
        TeamUtilization(start=at(28, month=9), end=at(5), busy=40 * H, available=40 * H),
    ]
    row = scorecard(KMP, "2026-10", utilization=records).row("team-utilization")
    assert (row.value, row.result, row.items) == (Fraction(4, 5), "pass", 2)
    # 40 busy of 40 available is 100%: above the range.
    full = [TeamUtilization(start=at(5), end=at(12), busy=40 * H, available=40 * H)]
    assert scorecard(KMP, "2026-10", utilization=full).row("team-utilization").result == "FAIL"


# -- KMP support levels ----------------------------------------------------------------------------


def test_l1_resolves_95_percent(kmp_card: Scorecard) -> None:
    # Resolved at L1: A and E of 5 = 40%, below 95%.
    row = kmp_card.row("l1-resolution")
    assert (row.value, row.result) == (Fraction(2, 5), "FAIL")


def test_l2_resolves_90_percent_of_escalated(kmp_card: Scorecard) -> None:
    # Escalated to L2: B (resolved there) and D (escalated on to L3); C went from L1 straight
    # to L3 (a critical incident) and was never L2's. Resolved at L2: B. 1/2.
    row = kmp_card.row("l2-resolution")
    assert (row.value, row.items, row.result) == (Fraction(1, 2), 2, "FAIL")
    assert (row.evidence, row.missed) == (("B", "D"), ("D",))


def test_l3_engages_critical_incidents_within_15_minutes(kmp_card: Scorecard) -> None:
    # Every ticket is SEV1 from opening. C reached L3 at +12m (within); D at +40m (missed at
    # +15m); A, B and E never did (missed once 15 minutes passed). 1 / 5 = 20%.
    row = kmp_card.row("l3-engagement")
    assert (row.value, row.counted, row.result) == (Fraction(1, 5), 1, "FAIL")
    assert row.missed == ("A", "B", "D", "E")


def test_l3_engagement_passes_at_exactly_15_minutes_and_follows_upgrades() -> None:
    # F is SEV1, L3 at exactly +15m: within. G opens SEV3, becomes SEV1 at 11:00 and reaches
    # L3 at 11:10: 10 minutes from becoming critical. H stays SEV3: not a critical incident.
    tickets = [
        Ticket("F", "sev1", at(6), events=[Event.escalated(at(6) + 15 * M, "L3")]),
        Ticket("G", "sev3", at(7), events=[Event.severity_changed(at(7, 11), "sev1"),
                                           Event.escalated(at(7, 11, 10), "L3")]),
        Ticket("H", "sev3", at(8)),
    ]  # fmt: skip
    row = scorecard(KMP, "2026-10", tickets=tickets).row("l3-engagement")
    assert (row.value, row.evidence, row.result) == (1, ("F", "G"), "pass")


def test_l3_engagement_not_yet_decided_is_left_out() -> None:
    # Evaluated at 10:10, five minutes after opening, with no L3 yet: not decided, no data.
    card = scorecard(KMP, "2026-10", tickets=[Ticket("J", "sev1", at(6, 10, 5))],
                     now=at(6, 10, 10))  # fmt: skip
    assert card.row("l3-engagement").result == "no data"


# -- KMP service level guarantees ----------------------------------------------------------------


def test_monthly_availability_exactly_at_the_target_passes() -> None:
    # October has 31 × 24 h = 2,678,400 s; 0.1% of it is 2,678.4 s = 44m 38.4s.
    exact = Outage(start=at(14, 12), end=at(14, 12) + timedelta(seconds=2678, microseconds=400000))
    row = scorecard(KMP, "2026-10", outages=[exact]).row("availability")
    assert (row.value, row.result) == (Fraction(999, 1000), "pass")
    # 45 minutes = 2,700 s: 1 - 2700/2678400 = 2675700/2678400, below 99.9%.
    longer = Outage(start=at(14, 12), end=at(14, 12, 45), id="O-1")
    row = scorecard(KMP, "2026-10", outages=[longer]).row("availability")
    assert (row.value, row.result, row.evidence) == (Fraction(2675700, 2678400), "FAIL", ("O-1",))


def test_annual_downtime_budget_and_its_burn() -> None:
    # March: 5 h; October: 45 min, of which 15 min in a maintenance window (not downtime).
    # Year to date at the end of October: 5h 30m = 19,800 s <= 8.76 h = 31,536 s.
    # Remaining: 31,536 - 19,800 = 11,736 s = 3h 15m 36s.
    outages = [
        Outage(start=at(10, 0, month=3), end=at(10, 5, month=3), id="MAR"),
        Outage(start=at(14, 12), end=at(14, 12, 45), id="OCT"),
    ]
    maintenance = [MaintenanceWindow(start=at(14, 12, 30), end=at(14, 13))]
    card = scorecard(KMP, "2026-10", outages=outages, maintenance=maintenance)
    row = card.row("annual-downtime")
    assert (row.value, row.result, row.complete, row.window) == (
        19800, "pass", False, "2026 to date",
    )  # fmt: skip
    [budget] = card.budgets
    assert [month.month for month in budget.months] == [f"2026-{n:02d}" for n in range(1, 11)]
    assert budget.months[2].downtime == 5 * H and budget.months[1].used == timedelta(0)
    assert budget.months[9].downtime == 30 * M
    assert (budget.used, budget.remaining) == (5 * H + 30 * M, timedelta(seconds=11736))
    # 9 hours = 32,400 s in the year: over budget (31,536 s), remaining 31,536 - 32,400 = -864 s.
    over = [Outage(start=at(10, 0, month=3), end=at(10, 9, month=3))]
    card = scorecard(KMP, "2026-10", outages=over)
    assert card.row("annual-downtime").result == "FAIL"
    assert card.budgets[0].remaining == timedelta(seconds=-864)


def test_api_latency_on_samples() -> None:
    # 20 samples: rank ceil(0.95 × 20) = 19. Nineteen 1 s, one 3 s: the 19th is 1 s, pass.
    def samples(slow: int) -> list[LatencySample]:
        return [LatencySample(at=at(6, 10, n), latency=timedelta(seconds=3 if n < slow else 1))
                for n in range(20)]  # fmt: skip

    row = scorecard(KMP, "2026-10", latency=samples(1)).row("api-latency")
    assert (row.value, row.result, row.items) == (1, "pass", 20)
    # Two at 3 s: the 19th is 3 s, more than 2 s.
    row = scorecard(KMP, "2026-10", latency=samples(2)).row("api-latency")
    assert (row.value, row.result) == (3, "FAIL")


def test_api_latency_on_a_histogram_is_the_bound_reached() -> None:
    # Buckets <= 0.5 s, 1 s, 2 s, 5 s with cumulative counts 10, 50, 96, 100 of 100: the 95th
    # request (rank ceil(0.95 × 100) = 95) is in the <= 2 s bucket: 2 s, within 2 s.
    def histogram(counts: tuple[int, ...]) -> LatencyHistogram:
        return LatencyHistogram(
            start=at(1, 0), end=at(1, 0, month=11),
            bounds=tuple(timedelta(seconds=s) for s in (0.5, 1, 2, 5)), counts=counts, total=100,
        )  # fmt: skip

    row = scorecard(KMP, "2026-10", latency=[histogram((10, 50, 96, 100))]).row("api-latency")
    assert (row.value, row.result) == (2, "pass")
    # 94 within 2 s: the 95th request is in the <= 5 s bucket: 5 s.
    row = scorecard(KMP, "2026-10", latency=[histogram((10, 50, 94, 100))]).row("api-latency")
    assert (row.value, row.result) == (5, "FAIL")


def test_security_incident_response_within_24_hours() -> None:
    # I-1: 12 h; I-2: detected Oct 20 00:00, responded Oct 21 01:00 = 25 h. Longest: 25 h.
    incidents = [
        SecurityIncident(detected_at=at(5, 8), responded_at=at(5, 20), id="I-1"),
        SecurityIncident(detected_at=at(20, 0), responded_at=at(21, 1), id="I-2"),
    ]
    row = scorecard(KMP, "2026-10", security_incidents=incidents).row("security-response")
    assert (row.value, row.result, row.missed) == (90000, "FAIL", ("I-2",))
    row = scorecard(KMP, "2026-10", security_incidents=incidents[:1]).row("security-response")
    assert (row.value, row.result) == (43200, "pass")


def test_security_incident_without_a_response_counts_its_time_so_far() -> None:
    # Detected Oct 31 20:00, no response by the end of October: 4 h so far, still inside its
    # 24 hours, so not decided (as an L3 engagement inside its 15 minutes): no data, a note.
    open_incident = [SecurityIncident(detected_at=at(31, 20), id="I-3")]
    row = scorecard(KMP, "2026-10", security_incidents=open_incident).row("security-response")
    assert (row.value, row.result, row.items) == (None, "no data", 0)
    assert row.note == "I-3: no response yet, not decided"
    # Its 24 hours ran out Nov 1 20:00: November's miss. Evaluated Nov 2 00:00: 28 h so far.
    later = scorecard(KMP, "2026-11", security_incidents=open_incident, now=at(2, 0, month=11))
    row = later.row("security-response")
    assert (row.value, row.result, row.missed) == (28 * 3600, "FAIL", ("I-3 (no response yet)",))
    # Answered Nov 1 22:00 (26 h): late, decided when the 24 hours ran out (November's).
    late = [SecurityIncident(detected_at=at(31, 20), responded_at=at(1, 22, month=11), id="I-4")]
    assert scorecard(KMP, "2026-10", security_incidents=late).row("security-response").items == 0
    row = scorecard(KMP, "2026-11", security_incidents=late).row("security-response")
    assert (row.value, row.result, row.evidence) == (26 * 3600, "FAIL", ("I-4",))
    # Answered Oct 31 23:00 (3 h): within, October's.
    quick = [SecurityIncident(detected_at=at(31, 20), responded_at=at(31, 23), id="I-5")]
    row = scorecard(KMP, "2026-10", security_incidents=quick).row("security-response")
    assert (row.value, row.result) == (3 * 3600, "pass")


def test_zero_tolerance_for_security_breaches() -> None:
    # One breach in October: 1, not at most 0. One in November is not October's.
    breaches = [SecurityBreach(at=at(14, 9), id="SB-1"), SecurityBreach(at=at(2, month=11))]
    row = scorecard(KMP, "2026-10", security_breaches=breaches).row("security-breaches")
    assert (row.value, row.result, row.evidence) == (1, "FAIL", ("SB-1",))
    # An empty list says there were none: 0, a pass. Not given at all: not known, no data.
    assert scorecard(KMP, "2026-10", security_breaches=[]).row("security-breaches").result == (
        "pass"
    )
    assert scorecard(KMP, "2026-10").row("security-breaches").result == "no data"


# -- TrustStram success metrics and resolution SLAs --------------------------------------------


def test_truststram_satisfaction_share(platinum_card: Scorecard) -> None:
    # Satisfied (4 or 5): A, B, E of the 4 scored = 75%, not above 95%. Its period is a
    # quarter: a month's scorecard shows the quarter to date (October only here).
    row = platinum_card.row("customer-satisfaction")
    assert (row.value, row.result, row.complete) == (Fraction(3, 4), "FAIL", False)
    assert row.window == "2026-Q4 to date"


def test_truststram_issue_resolution(platinum_card: Scorecard) -> None:
    # P1 resolution target 4 h: A, C, E met; B (6h), D (5h) not. 3/5 = 60%, not above 99%.
    row = platinum_card.row("issue-resolution")
    assert (row.value, row.result, row.missed) == (Fraction(3, 5), "FAIL", ("B", "D"))


def test_truststram_response_time(platinum_card: Scorecard) -> None:
    # P1 response target 15 min: B (20m) and E (30m) missed. 3/5, not 100%.
    row = platinum_card.row("response-time")
    assert (row.value, row.result, row.missed) == (Fraction(3, 5), "FAIL", ("B", "E"))


def test_truststram_first_call_resolution(platinum_card: Scorecard) -> None:
    row = platinum_card.row("first-call-resolution")
    assert (row.value, row.result) == (Fraction(1, 5), "FAIL")


def test_truststram_tier_resolution_slas(platinum_card: Scorecard) -> None:
    # Platinum: 6 of 10 metrics met = 60% < 99.9%. Gold and Silver rows are not Platinum's.
    row = platinum_card.row("platinum-resolution-sla")
    assert (row.value, row.result) == (Fraction(3, 5), "FAIL")
    assert {r.objective for r in platinum_card.rows} == {
        "customer-satisfaction", "issue-resolution", "response-time", "first-call-resolution",
        "platinum-resolution-sla",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("tier", "tickets", "goal"),
    [("platinum", 500, Fraction(999, 1000)), ("gold", 100, Fraction(199, 200)),
     ("silver", 50, Fraction(99, 100))],
)  # fmt: skip
def test_each_tier_resolution_sla_passes_at_its_goal_exactly(
    tier: str, tickets: int, goal: Fraction
) -> None:
    # P2 tickets opened Tuesday Oct 6 09:00 UTC (11:00 in Amsterdam, inside every tier's
    # hours), answered in 10 minutes and resolved in 1 hour (P2 targets: 30 minutes and
    # 8 hours on every tier). One answered in 45 minutes misses: 1 metric of 2 × tickets.
    # Platinum: 999/1000; Gold: 199/200; Silver: 99/100, each exactly the tier's goal.
    contract = Contract(id="acme", framework="truststram", tier=tier, region="amsterdam")
    opened = datetime(2026, 10, 6, 9, tzinfo=UTC)

    def ticket(n: int, late: bool) -> Ticket:
        answered = opened + (45 if late else 10) * M
        return Ticket(f"T{n}", "P2", opened,
                      events=[Event.responded(answered), Event.resolved(opened + H)])  # fmt: skip

    one_late = [ticket(n, n == 0) for n in range(tickets)]
    row = scorecard(contract, "2026-10", tickets=one_late).row(f"{tier}-resolution-sla")
    assert (row.value, row.result, row.missed) == (goal, "pass", ("T0 response",))
    # A second late answer: below the goal.
    two_late = [ticket(n, n < 2) for n in range(tickets)]
    assert (
        scorecard(contract, "2026-10", tickets=two_late).row(f"{tier}-resolution-sla").result
        == "FAIL"
    )


# -- periods, windows and what counts -------------------------------------------------------------


def test_items_count_in_the_period_they_are_decided() -> None:
    # Opened Oct 31 23:00, answered at 23:05 (October), resolved Nov 1 01:00 (November).
    late = Ticket("L", "sev1", at(31, 23), events=[Event.responded(at(31, 23, 5)),
                                                   Event.resolved(at(1, 1, month=11))])  # fmt: skip
    october = scorecard(KMP, "2026-10", tickets=[late])
    assert october.row("average-response-time").items == 1
    assert october.row("average-resolution-time").result == "no data"
    november = scorecard(KMP, "2026-11", tickets=[late])
    assert november.row("average-resolution-time").value == 7200
    assert november.row("average-response-time").items == 0


def test_a_quarter_and_a_year_measure_over_the_whole_period() -> None:
    tickets = [
        *fixture_tickets(),
        Ticket("N", "sev1", at(3, month=11), events=[Event.responded(at(3, month=11) + 4 * M)]),
    ]
    card = scorecard(KMP, "2026-Q4", tickets=tickets)
    # (80 + 4) / 6 minutes = 14 min = 840 s: within 15 minutes over the quarter.
    row = card.row("average-response-time")
    assert (row.value, row.result, row.window, row.complete) == (840, "pass", "2026-Q4", True)
    year = scorecard(KMP, "2026", tickets=tickets, outages=[])
    assert year.row("annual-downtime").complete and len(year.budgets[0].months) == 12


def test_events_after_now_are_not_known_yet() -> None:
    # Evaluated at Oct 7 12:00: B is escalated (10:30) but not resolved (16:00).
    card = scorecard(KMP, "2026-10", tickets=fixture_tickets(), now=at(7, 12))
    assert card.row("escalation-rate").evidence == ("A",)
    assert card.row("l1-resolution").value == 1


def test_no_data_is_reported_as_such() -> None:
    card = scorecard(KMP, "2026-10")
    for name in ("average-response-time", "customer-satisfaction", "api-latency",
                 "security-response", "team-utilization", "l2-resolution"):  # fmt: skip
        row = card.row(name)
        assert (row.value, row.passed, row.result, row.value_text) == (None, None, "no data", "-")
    # Outages and breaches not given are not known either: no data, not a pass, and no
    # downtime budget; the whole scorecard is undecided.
    for name in ("availability", "annual-downtime", "security-breaches"):
        assert (card.row(name).value, card.row(name).result) == (None, "no data")
    assert card.budgets == () and card.passed is None
    # Given, but empty: no outage is 100% available, a count of no breach is 0: measured.
    known = scorecard(KMP, "2026-10", outages=[], security_breaches=[])
    assert (known.row("availability").value, known.row("availability").result) == (1, "pass")
    assert known.row("security-breaches").value == 0 and known.passed is True
    assert [month.month for month in known.budgets[0].months][-1] == "2026-10"


def test_a_report_period_keeps_its_own_timezone() -> None:
    # 2026-10 in Asia/Singapore starts Sep 30 16:00 UTC: a ticket resolved then counts.
    ticket = Ticket("S", "sev1", at(30, 15, month=9), events=[Event.responded(at(30, 16, month=9))])
    card = scorecard(KMP, ReportPeriod.parse("2026-10", "Asia/Singapore"), tickets=[ticket])
    assert card.row("average-response-time").value == 3600
    assert scorecard(KMP, "2026-10", tickets=[ticket]).row("average-response-time").items == 0


# -- a book ----------------------------------------------------------------------------------------


def test_a_book_pools_items_per_framework_and_takes_the_worst_availability() -> None:
    other = Contract(id="globex", framework="kmp", tier="basic", region="austin")
    tickets = [t.model_copy(update={"contract": "acme"}) for t in fixture_tickets()]
    tickets.append(Ticket("Z", "sev1", at(12), contract="globex",
                          events=[Event.resolved(at(12) + H)]))  # fmt: skip
    # 45 minutes down for globex only: acme 100%, globex 2675700/2678400.
    outage = Outage(start=at(14, 12), end=at(14, 12, 45), contracts=("globex",))
    card = scorecard([KMP, other], "2026-10", tickets=tickets, outages=[outage])
    assert card.scope == "book" and card.contracts == ("acme", "globex")
    row = card.row("availability")
    assert (row.value, row.note) == (Fraction(2675700, 2678400), "the worst contract: globex")
    # Escalation: B, C, D of acme's 5 and globex's Z (not escalated): 3 / 6.
    assert card.row("escalation-rate").value == Fraction(1, 2)
    assert "globex/Z" in card.row("escalation-rate").evidence
    assert [budget.contract for budget in card.budgets] == ["acme", "globex"]
    # The text and HTML tables name each row's framework, as two frameworks share ids.
    assert "\nkmp/availability " in card.table()
    assert "<td>kmp/availability</td>" in card._repr_html_()


def test_a_book_refuses_tickets_of_unknown_contracts() -> None:
    other = Contract(id="globex", framework="kmp", tier="basic", region="austin")
    stray = Ticket("Q", "sev1", at(6), contract="initech")
    with pytest.raises(UsageError, match=r"tickets\[0\] \(Q\) names 'initech', which is not a "):
        scorecard([KMP, other], "2026-10", tickets=[stray])


def test_one_contract_refuses_another_contracts_tickets() -> None:
    with pytest.raises(UsageError, match="names 'globex', which is not the contract 'acme'"):
        scorecard(KMP, "2026-10", tickets=[Ticket("Q", "sev1", at(6), contract="globex")])


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"tickets": "tickets.csv"}, WrongTypeError, "tickets must be a list of Tickets, not str"),
        ({"latency": [1.5]}, WrongTypeError, "latency[0] must be one of LatencySamples"),
        ({"now": "yesterday"}, UsageError, "now: 'yesterday' is not an instant"),
    ],
)
def test_bad_arguments(arguments: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]")):
        scorecard(KMP, "2026-10", **arguments)  # type: ignore[arg-type]


def test_a_bad_period() -> None:
    with pytest.raises(UsageError, match="'2026-13' is not a period"):
        scorecard(KMP, "2026-13")


def test_samples_and_histograms_in_one_period_are_refused() -> None:
    sample = LatencySample(at=at(6), latency=timedelta(seconds=1))
    histogram = LatencyHistogram(start=at(1, 0), end=at(2, 0), bounds=(timedelta(seconds=1),),
                                 counts=(1,), total=1)  # fmt: skip
    with pytest.raises(UsageError, match="both latency samples and histograms"):
        scorecard(KMP, "2026-10", latency=[sample, histogram])


# -- the outputs ----------------------------------------------------------------------------------


def test_csv_json_table_and_html(kmp_card: Scorecard) -> None:
    lines = kmp_card.to_csv().splitlines()
    assert lines[0] == ",".join(SCORECARD_COLUMNS)
    assert len(lines) == 1 + len(kmp_card.rows) == 16
    response = next(line for line in lines if ",average-response-time," in line)
    assert ",16m,960,seconds,<= 15m,FAIL,5," in response
    assert Scorecard.model_validate_json(kmp_card.to_json()) == kmp_card
    table = kmp_card.table()
    assert table.startswith("Scorecard October 2026: Acme\n")
    assert "Downtime budget 2026 (annual-downtime): 8h 45m 36s a year" in table
    page = kmp_card._repr_html_()
    assert "<td>SLA: 95% of tickets resolved at L1 level</td>" in page
    assert "&lt;= 15m" in page and "<= 15m" not in page


def test_html_escapes_text() -> None:
    named = Contract(id="acme", framework="kmp", tier="premier", region="dublin",
                     customer="<b>Acme & Co</b>")  # fmt: skip
    page = scorecard(named, "2026-10")._repr_html_()
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in page and "<b>" not in page


def test_a_data_frame(kmp_card: Scorecard) -> None:
    pytest.importorskip("pandas")
    frame = kmp_card.to_frame()
    assert list(frame.columns) == [*SCORECARD_COLUMNS, "passed"]
    row = frame[frame.objective == "average-response-time"].iloc[0]
    assert (row.exact_value, row["items"], row.passed) == (Fraction(960), 5, False)
    assert str(frame["passed"].dtype) == "boolean"


def test_the_whole_scorecard_passes_only_when_every_measured_objective_does(
    kmp_card: Scorecard,
) -> None:
    assert kmp_card.passed is False
    quiet = scorecard(PLATINUM, "2026-10")
    assert quiet.passed is None  # nothing measured on TrustStram without tickets


def test_the_budget_beside_what_the_availability_target_allows() -> None:
    # 2026 has 365 days: 0.1% of 8,760 h = 8.76 h, the seed's budget. 2028 has 366: 0.1% of
    # 8,784 h = 8.784 h = 8h 47m 2.4s, while the budget stays the seed's 8.76 h.
    [budget] = scorecard(KMP, "2026-03", outages=[]).budgets
    assert budget.allowed == budget.budget == timedelta(hours=8, minutes=45, seconds=36)
    [leap] = scorecard(KMP, "2028-03", outages=[]).budgets
    assert leap.allowed == timedelta(hours=8, minutes=47, seconds=2, milliseconds=400)
    assert leap.budget == timedelta(hours=8, minutes=45, seconds=36)
    assert [month.month for month in leap.months] == ["2028-01", "2028-02", "2028-03"]


def test_a_percentile_beyond_the_largest_bucket_fails_an_at_most_target() -> None:
    # Cumulative 10, 50, 80, 90 of 100 up to 5 s: the 95th request is only in +Inf.
    histogram = LatencyHistogram(
        start=at(1, 0), end=at(1, 0, month=11),
        bounds=tuple(timedelta(seconds=s) for s in (0.5, 1, 2, 5)), counts=(10, 50, 80, 90),
        total=100,
    )  # fmt: skip
    row = scorecard(KMP, "2026-10", latency=[histogram]).row("api-latency")
    assert (row.value, row.value_text, row.result) == (None, "above the largest bucket", "FAIL")
    assert "above the largest finite bucket bound (5s)" in row.note


def test_a_month_is_a_period_too() -> None:
    from slakit import Month

    card = scorecard(KMP, Month(2026, 10, "UTC"), tickets=fixture_tickets())
    assert card.period == ReportPeriod.parse("2026-10")
    assert card.row("average-response-time").value == 960
    with pytest.raises(WrongTypeError, match="period must be text such as '2026-10'"):
        scorecard(KMP, (2026, 10))  # type: ignore[arg-type]


def test_a_book_needs_contracts_with_distinct_ids() -> None:
    nameless = Contract(framework="kmp", tier="basic", region="austin")
    with pytest.raises(UsageError, match="contracts is empty"):
        scorecard([], "2026-10")
    with pytest.raises(UsageError, match="every contract of a book needs an id"):
        scorecard([KMP, nameless], "2026-10")
    twin = Contract(id="ACME", framework="kmp", tier="basic", region="austin")
    with pytest.raises(UsageError, match="two contracts have the id 'ACME'"):
        scorecard([KMP, twin], "2026-10")


def test_a_ticket_given_twice_is_refused() -> None:
    twice = [*fixture_tickets(), fixture_tickets()[0]]
    with pytest.raises(UsageError, match="the ticket 'A' of the contract 'acme' is given twice"):
        scorecard(KMP, "2026-10", tickets=twice)


def test_a_book_refuses_items_naming_unknown_contracts_or_services() -> None:
    other = Contract(id="globex", framework="kmp", tier="basic", region="austin")
    typo = Outage(start=at(14, 12), end=at(14, 13), contracts=("globx",))
    with pytest.raises(UsageError, match=r"outages\[0\] names 'globx', which is not a contract"):
        scorecard([KMP, other], "2026-10", outages=[typo])
    service = Outage(start=at(14, 12), end=at(14, 13), services=("api",))
    with pytest.raises(UsageError, match="names 'service api'"):
        scorecard([KMP, other], "2026-10", outages=[service])
    sample = LatencySample(at=at(6), latency=timedelta(seconds=1), contracts=("initech",))
    with pytest.raises(UsageError, match=r"latency\[0\] names 'initech'"):
        scorecard([KMP, other], "2026-10", latency=[sample])
    # One customer's scorecard takes shared files: items of other contracts just miss it.
    assert scorecard(KMP, "2026-10", outages=[typo]).row("availability").value == 1


def test_dashboard_targets_are_decided_on_exact_values_at_their_boundaries() -> None:
    # Ten SEV1 tickets, each answered at exactly +15m (mean 900 s: "Target: 15 min" is met at
    # 15 minutes), resolved at +1h. T-0 was escalated to L2: 1 of 10 = 10%, not "<10%".
    # Scores five 5s and five 4s: mean 4.5, not ">4.5". First contact: 9 of 10 = 90% >= 85%.
    tickets = []
    for n in range(10):
        opened = at(6 + n)
        events = [Event.responded(opened + 15 * M), Event.resolved(opened + H)]
        if n == 0:
            events.insert(1, Event.escalated(opened + 20 * M, "L2"))
        tickets.append(Ticket(f"T-{n}", "sev1", opened, events=events,
                              satisfaction=5 if n % 2 else 4))  # fmt: skip
    card = scorecard(KMP, "2026-10", tickets=tickets)
    row = card.row("average-response-time")
    assert (row.value, row.result, row.missed) == (900, "pass", ())
    row = card.row("escalation-rate")
    assert (row.value, row.result, row.missed) == (Fraction(1, 10), "FAIL", ("T-0",))
    assert (card.row("customer-satisfaction").value,
            card.row("customer-satisfaction").result) == (Fraction(9, 2), "FAIL")  # fmt: skip
    assert card.row("first-call-resolution").value == Fraction(9, 10)
    assert card.row("first-call-resolution").result == "pass"


def test_a_quarter_across_the_end_of_summer_time_has_its_real_length() -> None:
    # Q4 2026 in Dublin (the billing timezone): Oct 1 00:00 IST (Sep 30 23:00 UTC) to Jan 1
    # 00:00 GMT, 92 days and the hour given back on Oct 25: 2,209 h = 7,952,400 s. 0.1% of it
    # is 7,952.4 s: an outage that long leaves exactly 99.9%; a microsecond more fails.
    dublin = Contract(id="liffey", framework="kmp", tier="premier", region="dublin",
                      billing_timezone="Europe/Dublin")  # fmt: skip
    start = at(14, 12)
    exact = Outage(start=start, end=start + timedelta(seconds=7952, microseconds=400000))
    card = scorecard(dublin, "2026-Q4", outages=[exact])
    row = card.row("availability")
    assert (row.value, row.result, row.window) == (Fraction(999, 1000), "pass", "2026-Q4")
    assert row.window_start == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    longer = Outage(start=start, end=exact.end + timedelta(microseconds=1))
    assert scorecard(dublin, "2026-Q4", outages=[longer]).row("availability").result == "FAIL"
    # The budget's burn runs January to December, the outage in October.
    [budget] = card.budgets
    assert [m.month for m in budget.months][0::11] == ["2026-01", "2026-12"]
    assert budget.months[9].downtime == exact.end - exact.start == budget.used


def test_a_late_l3_engagement_counts_when_its_15_minutes_ran_out() -> None:
    # P opened Oct 31 23:40 (SEV1), L3 at 23:50: within, October's. Q opened 23:55, L3 only
    # at Nov 1 00:30: its 15 minutes ran out at 00:10, so November's miss (at 45 minutes).
    tickets = [
        Ticket("P", "sev1", at(31, 23, 40), events=[Event.escalated(at(31, 23, 50), "L3")]),
        Ticket("Q", "sev1", at(31, 23, 55),
               events=[Event.escalated(at(1, 0, 30, month=11), "L3")]),
    ]  # fmt: skip
    october = scorecard(KMP, "2026-10", tickets=tickets).row("l3-engagement")
    assert (october.evidence, october.value, october.result) == (("P",), 1, "pass")
    november = scorecard(KMP, "2026-11", tickets=tickets).row("l3-engagement")
    assert (november.evidence, november.missed, november.value) == (("Q",), ("Q",), 0)
