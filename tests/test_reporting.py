"""Compliance and KPIs, worked out by hand.

Goals come from the seeds: TrustStram v4.4 "99.9% / 99.5% / 99% of tickets within
agreed timeframes" for Platinum / Gold / Silver; KMP's SLA compliance target of
99%. Compliance is met / (met + breached) over the metrics that stopped within
the period (DESIGN.md §3 "Compliance"), exact, so a rate equal to the goal passes.

Calendars used: TrustStram Platinum is 24x7 (P1: response 15 min, resolution
4 h); Silver is 8x5 in Austin, 09:00–17:00 America/Chicago, which is CDT
(UTC−5) all October 2026, i.e. 14:00–22:00 UTC (P1: 1 h / 4 h; P3: 2 h / 24 h).
Mon 5, Tue 6, Fri 16, Tue 20, Wed 28 and Thu 29 Oct 2026 are ordinary working
days in Texas. None of the expected values is computed by calling slakit.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache

import pytest

from slakit import (
    ComplianceReport,
    Contract,
    Event,
    Kpis,
    Month,
    Period,
    Ticket,
    TicketStatus,
    compliance,
    evaluate,
    kpis,
)
from slakit.errors import SlakitError
from slakit.reporting import percentile

H = timedelta(hours=1)
M = timedelta(minutes=1)

OCTOBER = Month(2026, 10, "UTC")
LATER = datetime(2026, 12, 1, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@cache
def contract(framework: str, tier: str, region: str = "austin") -> Contract:
    return Contract(framework=framework, tier=tier, region=region)


def answered(
    ticket_id: str,
    severity: str,
    opened: datetime,
    response: timedelta,
    resolution: timedelta | None = None,
) -> Ticket:
    events = [Event.responded(opened + response)]
    if resolution is not None:
        events.append(Event.resolved(opened + resolution))
    return Ticket(ticket_id, severity, opened, events=events)


def statuses(
    tickets: list[Ticket], framework: str = "truststram", tier: str = "platinum"
) -> list[TicketStatus]:
    return [evaluate(ticket, contract(framework, tier), LATER) for ticket in tickets]


def responses(met: int, breached: int, tier: str = "platinum") -> list[TicketStatus]:
    """``met`` P1 responses within target and ``breached`` outside, Mon 5 Oct 2026.

    Platinum (24x7, 15 min): 10 min is met, 20 min is not. Silver and Gold are
    answered at 15:00 UTC (10:00 CDT, inside both calendars): 30 min meets
    Silver's 1 h and Gold's 30 min, 2 h meets neither.
    """
    fast, slow = (10 * M, 20 * M) if tier == "platinum" else (30 * M, 2 * H)
    opened = utc(2026, 10, 5, 15)
    tickets = [
        answered(f"{tier}-{n}", "P1", opened, fast if n < met else slow)
        for n in range(met + breached)
    ]
    return statuses(tickets, tier=tier)


# --- compliance ----------------------------------------------------------------------------


def test_counts_and_an_exact_rate() -> None:
    # Platinum P1, 5 Oct 09:00 UTC: responses after 5, 10 and 20 min (15-min target: met,
    # met, breached); resolutions after 2 h, 3 h and 5 h (4-h target: met, met, breached).
    opened = utc(2026, 10, 5, 9)
    tickets = [
        answered("T-1", "P1", opened, 5 * M, 2 * H),
        answered("T-2", "P1", opened, 10 * M, 3 * H),
        answered("T-3", "P1", opened, 20 * M, 5 * H),
    ]
    report = compliance(statuses(tickets), OCTOBER)
    assert report.by == ("tier", "severity", "metric")
    assert [(row.tier, row.severity, row.metric) for row in report.rows] == [
        ("platinum", "SEV1", "resolution"),
        ("platinum", "SEV1", "response"),
    ]
    for row in report.rows:
        assert (row.met, row.breached) == (2, 1)
        assert row.rate == Fraction(2, 3)
        assert row.goal == Decimal("0.999")
        assert row.passed is False
        # 66.666...% shown rounded down.
        assert row.rate_percent == "66.66%"
        assert row.framework is None  # not grouped by


def test_a_response_at_exactly_the_target_is_met() -> None:
    # 15 min on a 15-min target: "within 15 minutes".
    [row] = compliance(statuses([answered("T-1", "P1", utc(2026, 10, 5, 9), 15 * M)]), OCTOBER).rows
    assert (row.met, row.breached, row.passed) == (1, 0, True)
    assert row.rate == 1


@pytest.mark.parametrize(
    ("tier", "met", "breached", "goal", "passed"),
    [
        # Platinum, goal 99.9%: 999 / 1000 = 99.9% exactly passes; 998 / 1000 = 99.8% fails.
        ("platinum", 999, 1, "0.999", True),
        ("platinum", 998, 2, "0.999", False),
        # Gold, goal 99.5%: 199 / 200 = 99.5% passes; 99 / 100 = 99% fails.
        ("gold", 199, 1, "0.995", True),
        ("gold", 99, 1, "0.995", False),
        # Silver, goal 99%: 99 / 100 = 99% passes; 98 / 100 fails.
        ("silver", 99, 1, "0.99", True),
        ("silver", 98, 2, "0.99", False),
    ],
)
def test_pass_or_fail_exactly_at_the_tier_s_goal(
    tier: str, met: int, breached: int, goal: str, passed: bool
) -> None:
    [row] = compliance(responses(met, breached, tier), OCTOBER).rows
    assert (row.tier, row.metric) == (tier, "response")
    assert (row.met, row.breached) == (met, breached)
    assert row.rate == Fraction(met, met + breached)
    assert row.goal == Decimal(goal)
    assert row.passed is passed


def test_kmp_goal_is_the_seed_s_99_percent() -> None:
    # KMP Premier Sev1 response: 15 min on the 24x7 clock. 99 at 10 min, 1 at 20 min: 99%.
    opened = utc(2026, 10, 5, 9)
    tickets = [answered(f"K-{n}", "sev1", opened, 10 * M if n else 20 * M) for n in range(100)]
    [row] = compliance(statuses(tickets, "kmp", "premier"), OCTOBER).rows
    assert (row.tier, row.severity, row.metric) == ("premier", "SEV1", "response")
    assert row.goal == Decimal("0.99")
    assert row.rate == Fraction(99, 100)
    assert row.passed is True


def test_only_metrics_stopped_within_the_period_count() -> None:
    tickets = [
        # Answered 28 Sep: September's.
        answered("SEP", "P1", utc(2026, 9, 28, 9), 5 * M),
        # Opened 30 Sep 23:50, answered 1 Oct 00:05 (15 min, met): October's.
        answered("SEP-OCT", "P1", utc(2026, 9, 30, 23, 50), 15 * M),
        # Opened 31 Oct 23:50, answered 1 Nov 00:00 (10 min, met): November's (half-open).
        answered("OCT-NOV-EDGE", "P1", utc(2026, 10, 31, 23, 50), 10 * M),
        # Opened 31 Oct 23:55, answered 1 Nov 00:20 (25 min, breached): November's.
        answered("OCT-NOV", "P1", utc(2026, 10, 31, 23, 55), 25 * M),
        # Never answered: running (and breached) at evaluation, but never stopped.
        Ticket("SILENT", "P1", utc(2026, 10, 20, 9)),
    ]
    evaluated = statuses(tickets)
    [september] = compliance(evaluated, Month(2026, 9, "UTC")).rows
    [october] = compliance(evaluated, OCTOBER).rows
    [november] = compliance(evaluated, Month(2026, 11, "UTC")).rows
    assert (september.met, september.breached) == (1, 0)
    assert (october.met, october.breached) == (1, 0)
    assert (november.met, november.breached) == (1, 1)
    assert compliance(evaluated, Month(2026, 12, "UTC")).rows == ()


def test_the_period_s_timezone_decides() -> None:
    # Answered 30 Sep 23:30 UTC = 1 Oct 00:30 IST: September in UTC, October in Dublin.
    evaluated = statuses([answered("T-1", "P1", utc(2026, 9, 30, 23, 20), 10 * M)])
    assert compliance(evaluated, OCTOBER).rows == ()
    [row] = compliance(evaluated, Month(2026, 10, "Europe/Dublin")).rows
    assert row.met == 1
    # Any period works, not just months: 30 Sep 23:00 – 23:30 UTC misses it (half-open).
    window = Period(start=utc(2026, 9, 30, 23), end=utc(2026, 9, 30, 23, 30))
    assert compliance(evaluated, window).rows == ()


def mixed_tiers() -> list[TicketStatus]:
    # Platinum: 3 met, 1 breached. Gold: 1 met, 1 breached.
    return responses(3, 1, "platinum") + responses(1, 1, "gold")


def test_grouping_by_tier() -> None:
    report = compliance(mixed_tiers(), OCTOBER, by=("tier",))
    assert [(row.tier, row.met, row.breached) for row in report.rows] == [
        ("gold", 1, 1),
        ("platinum", 3, 1),
    ]
    gold, platinum = report.rows
    assert (gold.goal, gold.passed) == (Decimal("0.995"), False)
    assert (platinum.rate, platinum.goal) == (Fraction(3, 4), Decimal("0.999"))
    assert gold.severity is None and gold.metric is None


def test_grouping_across_goals_has_no_goal() -> None:
    # Platinum and Gold together: 4 met, 2 breached; their goals differ, so none applies.
    [row] = compliance(mixed_tiers(), OCTOBER, by=("framework",)).rows
    assert (row.framework, row.met, row.breached) == ("truststram", 4, 2)
    assert row.rate == Fraction(2, 3)
    assert row.goal is None
    assert row.passed is None


def test_grouping_by_metric_and_severity() -> None:
    opened = utc(2026, 10, 5, 9)
    tickets = [
        answered("T-1", "P1", opened, 5 * M, 2 * H),  # response met, resolution met
        answered("T-2", "P2", opened, 40 * M, 9 * H),  # P2 30 min / 8 h: both breached
        answered("T-3", "P2", opened, 10 * M),  # response met, resolution running
    ]
    by_metric = compliance(statuses(tickets), OCTOBER, by=("metric",))
    assert [(row.metric, row.met, row.breached) for row in by_metric.rows] == [
        ("resolution", 1, 1),
        ("response", 2, 1),
    ]
    by_severity = compliance(statuses(tickets), OCTOBER, by=("severity",))
    assert [(row.severity, row.met, row.breached) for row in by_severity.rows] == [
        ("SEV1", 2, 0),
        ("SEV2", 1, 2),
    ]
    # Nothing to group by: one row for everything, 3 met and 2 breached.
    [everything] = compliance(statuses(tickets), OCTOBER, by=()).rows
    assert (everything.met, everything.breached, everything.rate) == (3, 2, Fraction(3, 5))


def test_a_late_p1_downgraded_counts_as_a_breached_p1_response() -> None:
    # Platinum P1 (15 min / 4 h, 24x7) opened 5 Oct 09:00 UTC, downgraded to P3 (2 h /
    # 24 h) at 10:00, answered 10:30, resolved 12:00. The response had run 1 h > 15 min
    # at the change: breached at 09:15 as a P1, final (DESIGN §3), so it counts as a
    # breach in the SEV1 response group although the ticket is now P3. The resolution
    # had run 1 h of 4 h: it became a P3 (24 h from 09:00), met after 3 h.
    opened = utc(2026, 10, 5, 9)
    ticket = Ticket(
        "T-1",
        "P1",
        opened,
        events=[
            Event.severity_changed(utc(2026, 10, 5, 10), "P3"),
            Event.responded(utc(2026, 10, 5, 10, 30)),
            Event.resolved(utc(2026, 10, 5, 12)),
        ],
    )
    report = compliance(statuses([ticket]), OCTOBER)
    assert [(r.severity, r.metric, r.met, r.breached) for r in report.rows] == [
        ("SEV1", "response", 0, 1),
        ("SEV3", "resolution", 1, 0),
    ]
    assert kpis(statuses([ticket]), OCTOBER).response_breaches == 1


def test_an_unknown_group_key_is_refused() -> None:
    with pytest.raises(SlakitError, match="region") as error:
        compliance(mixed_tiers(), OCTOBER, by=("tier", "region"))  # type: ignore[arg-type]
    assert "severity" in str(error.value)  # says what is allowed


def test_report_as_csv_and_html() -> None:
    report = compliance(mixed_tiers(), OCTOBER, by=("tier",))
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows == [
        {"tier": "gold", "met": "1", "breached": "1", "rate": "50.00%", "goal": "99.5%",
         "result": "FAIL"},
        {"tier": "platinum", "met": "3", "breached": "1", "rate": "75.00%", "goal": "99.9%",
         "result": "FAIL"},
    ]  # fmt: skip
    page = report._repr_html_()
    assert page.startswith("<table")
    assert "<th>tier</th>" in page and "<td>75.00%</td>" in page


def test_report_as_a_frame_needs_pandas_only(monkeypatch: pytest.MonkeyPatch) -> None:
    report = compliance(mixed_tiers(), OCTOBER, by=("tier",))
    frame = report.to_frame()
    assert frame.values.tolist() == [
        ["gold", 1, 1, "50.00%", "99.5%", "FAIL"],
        ["platinum", 3, 1, "75.00%", "99.9%", "FAIL"],
    ]
    assert [str(kind) for kind in frame.dtypes[["met", "breached"]]] == ["int64", "int64"]
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError) as raised:
        report.to_frame()
    assert str(raised.value) == "this needs pandas; install it with: pip install 'slakit[pandas]'"


def test_reports_survive_json() -> None:
    report = compliance(mixed_tiers(), Period(start=utc(2026, 10, 1), end=utc(2026, 11, 1)))
    assert ComplianceReport.model_validate_json(report.model_dump_json()) == report


def test_reports_over_a_month_survive_json() -> None:
    # DESIGN §1.4 and §7: the month (year, month, timezone) must come back, not a bare Period.
    report = compliance(mixed_tiers(), OCTOBER)
    assert ComplianceReport.model_validate_json(report.model_dump_json()) == report
    figures = kpis(silver_october(), OCTOBER)
    assert Kpis.model_validate_json(figures.model_dump_json()) == figures


# --- KPIs ----------------------------------------------------------------------------------


def silver_october() -> list[TicketStatus]:
    silver = contract("truststram", "silver")
    tickets = [
        # A, Mon 5 Oct 10:00 CDT: answered after 10 min, resolved after 2 h, all in hours.
        answered("A", "P3", utc(2026, 10, 5, 15), 10 * M, 2 * H),
        # B, Fri 16 Oct 16:30 CDT: answered Mon 19 Oct 09:30 CDT (1 h of business time:
        # 30 min Fri + 30 min Mon; 65 h on the wall), resolved Mon 11:00 CDT (2.5 h; 66.5 h).
        Ticket(
            "B",
            "P3",
            utc(2026, 10, 16, 21, 30),
            events=[
                Event.responded(utc(2026, 10, 19, 14, 30)),
                Event.resolved(utc(2026, 10, 19, 16)),
            ],
        ),
        # C, Tue 6 Oct 10:00 CDT: answered 13:00 CDT (3 h > 2 h: breached at 12:00 CDT);
        # resolved Wed 10:00 CDT: Tue 10:00–17:00 (7 h) + Wed 09:00–10:00 (1 h) = 8 h; 24 h wall.
        answered("C", "P3", utc(2026, 10, 6, 15), 3 * H, 24 * H),
        # D, Wed 28 Oct 10:00 CDT: answered after 20 min, still open at the month's end.
        answered("D", "P3", utc(2026, 10, 28, 15), 20 * M),
        # E, Tue 20 Oct 09:00 CDT: answered 09:05; paused 10:00, resumed Wed 09:00, resolved
        # Wed 11:00 CDT: 1 h + 2 h = 3 h on the SLA clock, 26 h on the wall.
        Ticket(
            "E",
            "P3",
            utc(2026, 10, 20, 14),
            events=[
                Event.responded(utc(2026, 10, 20, 14, 5)),
                Event.paused(utc(2026, 10, 20, 15)),
                Event.resumed(utc(2026, 10, 21, 14)),
                Event.resolved(utc(2026, 10, 21, 16)),
            ],
        ),
        # F, P1 (1 h / 4 h), Thu 29 Oct 10:00 CDT, never answered: the response breached at
        # 11:00 CDT, the resolution at 14:00 CDT, both in October; open at the end.
        Ticket("F", "P1", utc(2026, 10, 29, 15)),
    ]
    return [evaluate(ticket, silver, OCTOBER.end) for ticket in tickets]


def test_kpis_over_a_month() -> None:
    result = kpis(silver_october(), OCTOBER)
    assert result.tickets == 6
    # Responses, SLA clock: 5 m (E), 10 m (A), 20 m (D), 1 h (B), 3 h (C).
    # Nearest rank: median = ⌈0.5 × 5⌉ = 3rd = 20 min; p90 = ⌈0.9 × 5⌉ = 5th = 3 h.
    assert result.first_response_median == 20 * M
    assert result.first_response_p90 == 3 * H
    # Responses, wall clock: 5 m, 10 m, 20 m, 3 h, 65 h → 20 min and 65 h.
    assert result.first_response_wall_median == 20 * M
    assert result.first_response_wall_p90 == 65 * H
    # Resolutions, SLA clock: 2 h (A), 2.5 h (B), 3 h (E), 8 h (C).
    # Median = ⌈0.5 × 4⌉ = 2nd = 2.5 h; p90 = ⌈0.9 × 4⌉ = 4th = 8 h.
    assert result.resolution_median == 2 * H + 30 * M
    assert result.resolution_p90 == 8 * H
    # Resolutions, wall clock: 2 h, 24 h, 26 h, 66.5 h → 24 h and 66.5 h.
    assert result.resolution_wall_median == 24 * H
    assert result.resolution_wall_p90 == 66 * H + 30 * M
    # Breaches in October: responses C and F; resolution F.
    assert (result.response_breaches, result.resolution_breaches) == (2, 1)
    # Open at the end: D and F.
    assert result.open_at_end == 2
    assert result.period == OCTOBER


def test_kpis_of_a_month_with_nothing_stopped() -> None:
    # September: none of the tickets had been opened, nothing stopped or breached in it.
    result = kpis(silver_october(), Month(2026, 9, "UTC"))
    assert result.first_response_median is None
    assert result.first_response_p90 is None
    assert result.resolution_wall_p90 is None
    assert (result.response_breaches, result.resolution_breaches) == (0, 0)
    assert result.open_at_end == 0


def test_kpis_of_nothing() -> None:
    result = kpis([], OCTOBER)
    assert result.tickets == 0
    assert result.first_response_median is None
    assert result.open_at_end == 0


# --- percentile ----------------------------------------------------------------------------

FIVE = [timedelta(minutes=m) for m in (5, 1, 3, 2, 4)]
TEN = [timedelta(minutes=m) for m in range(10, 0, -1)]


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        # ⌈0.5 × 5⌉ = 3rd smallest of 1..5 min.
        (FIVE, Fraction(1, 2), 3),
        # ⌈0.9 × 5⌉ = ⌈4.5⌉ = 5th.
        (FIVE, Fraction(9, 10), 5),
        # ⌈0.2 × 5⌉ = 1st; ⌈0.42 × 5⌉ = ⌈2.1⌉ = 3rd.
        (FIVE, Fraction(1, 5), 1),
        (FIVE, Fraction(21, 50), 3),
        # share 0 is the smallest, share 1 the largest.
        (FIVE, 0, 1),
        (FIVE, 1, 5),
        # 1..10 min: median ⌈5⌉ = 5th, p90 ⌈9⌉ = 9th, p91 ⌈9.1⌉ = 10th.
        (TEN, Fraction(1, 2), 5),
        (TEN, Fraction(9, 10), 9),
        (TEN, Fraction(91, 100), 10),
        # One value is every percentile.
        ([timedelta(minutes=7)], Fraction(1, 2), 7),
        # Two values: the median is the lower (⌈1⌉ = 1st), never an average.
        ([timedelta(minutes=4), timedelta(minutes=1)], Fraction(1, 2), 1),
    ],
)
def test_percentile_is_nearest_rank(
    values: list[timedelta], share: Fraction | int, expected: int
) -> None:
    assert percentile(values, share) == timedelta(minutes=expected)


def test_percentile_of_nothing_is_none() -> None:
    assert percentile([], Fraction(1, 2)) is None
