"""Objectives as data: the model, its exact arithmetic, and every seed line in the catalogs.

Expected values are worked by hand from the seeds' words (the comments show the
working), never by calling the code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import catalog
from slakit.errors import PolicyError, UsageError
from slakit.objectives import METRICS, Objective, ReportPeriod, nearest_rank, seconds_text


def objective(**fields: object) -> Objective:
    base: dict[str, object] = {"id": "x", "seed": "a seed line"}
    return Objective(**{**base, **fields})


# -- every seed line is in a catalog, with the seed's words -------------------------------------

# (framework, objective id, the seed's words, what it measures, exact threshold).
# Thresholds by hand: 8.76 h = 8 h 45.6 min = 31,536 s; 15 min = 900 s; 4 h = 14,400 s;
# 24 h = 86,400 s; 99.9% = 999/1000; 4.5 = 9/2; 70%-85% = 7/10 to 17/20.
SEED_LINES = [
    ("kmp", "availability", "Availability: 99.9% uptime", "availability >= 99.9%",
     Fraction(999, 1000)),
    ("kmp", "annual-downtime", "(8.76 hours downtime per year maximum)",
     "total downtime <= 8.76h", Fraction(31536)),
    ("kmp", "api-latency", "Performance: <2 second API response times for 95% of requests",
     "95th percentile latency <= 2s", Fraction(2)),
    ("kmp", "security-response",
     "Security: Zero tolerance for security breaches, 24-hour incident response",
     "longest security incident response time <= 24h", Fraction(86400)),
    ("kmp", "security-breaches",
     "Security: Zero tolerance for security breaches, 24-hour incident response",
     "number of security breaches <= 0", Fraction(0)),
    ("kmp", "l1-resolution", "SLA: 95% of tickets resolved at L1 level",
     "share resolved at L1 >= 95%", Fraction(19, 20)),
    ("kmp", "l2-resolution", "SLA: 90% of escalated tickets resolved at L2 level",
     "share resolved at L2 >= 90%", Fraction(9, 10)),
    ("kmp", "l3-engagement", "SLA: 100% of critical incidents engaged within 15 minutes",
     "share of time to L3 engagement within 15m >= 100%", Fraction(1)),
    ("kmp", "average-response-time", "Average Response Time: 8 minutes (Target: 15 min)",
     "mean response time <= 15m", Fraction(900)),
    ("kmp", "average-resolution-time", "Average Resolution Time: 2.3 hours (Target: 4 hours)",
     "mean resolution time <= 4h", Fraction(14400)),
    ("kmp", "customer-satisfaction", "Customer Satisfaction: 4.8/5.0 (Target: >4.5)",
     "mean satisfaction > 4.5", Fraction(9, 2)),
    ("kmp", "first-call-resolution", "First Call Resolution: 87% (Target: 85%)",
     "share resolved at first contact >= 85%", Fraction(17, 20)),
    ("kmp", "sla-compliance", "SLA Compliance: 99.2% (Target: 99%)",
     "share SLA metrics within target >= 99%", Fraction(99, 100)),
    ("kmp", "escalation-rate", "Escalation Rate: 8% (Target: <10%)", "share escalated < 10%",
     Fraction(1, 10)),
    ("kmp", "team-utilization", "Support Team Utilization: 78% (Target: 70-85%)",
     "utilization 70%–85%", Fraction(7, 10)),
    ("truststram", "customer-satisfaction", "Customer Satisfaction: >95% satisfaction target",
     "share of satisfaction scores at least 4 > 95%", Fraction(19, 20)),
    ("truststram", "issue-resolution", "Issue Resolution: >99% within SLA target",
     "share resolutions within target > 99%", Fraction(99, 100)),
    ("truststram", "response-time", "Response Time: 100% within committed timeframes",
     "share responses within target >= 100%", Fraction(1)),
    ("truststram", "first-call-resolution", "First Call Resolution: >80% resolution rate",
     "share resolved at first contact > 80%", Fraction(4, 5)),
    ("truststram", "platinum-resolution-sla", "Resolution SLA: 99.9% within agreed timeframes",
     "share SLA metrics within target >= 99.9%", Fraction(999, 1000)),
    ("truststram", "gold-resolution-sla", "Resolution SLA: 99.5% within agreed timeframes",
     "share SLA metrics within target >= 99.5%", Fraction(199, 200)),
    ("truststram", "silver-resolution-sla", "Resolution SLA: 99% within agreed timeframes",
     "share SLA metrics within target >= 99%", Fraction(99, 100)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("framework", "name", "seed", "measure", "threshold"),
    SEED_LINES,
    ids=[f"{line[0]}-{line[1]}" for line in SEED_LINES],
)
def test_every_seed_line_is_an_objective(
    framework: str, name: str, seed: str, measure: str, threshold: Fraction
) -> None:
    [found] = [o for o in catalog.get(framework).objectives if o.id == name]
    assert found.seed == seed
    assert found.describe() == measure
    assert found.threshold == threshold
    assert found.reading  # every objective says how slakit reads its line


# Whether the exact threshold itself meets the line, read from the seed's sign: "Target:
# 15 min", "99.9%", "at least", "maximum", "within", "<2 second" (a time: within) and "70-85%"
# are met at the threshold; ">4.5", ">95%", ">99%", ">80%" and "<10%" (a share) are not.
AT_THRESHOLD = {
    ("kmp", "availability"): True, ("kmp", "annual-downtime"): True,
    ("kmp", "api-latency"): True, ("kmp", "security-response"): True,
    ("kmp", "security-breaches"): True, ("kmp", "l1-resolution"): True,
    ("kmp", "l2-resolution"): True, ("kmp", "l3-engagement"): True,
    ("kmp", "average-response-time"): True, ("kmp", "average-resolution-time"): True,
    ("kmp", "customer-satisfaction"): False, ("kmp", "first-call-resolution"): True,
    ("kmp", "sla-compliance"): True, ("kmp", "escalation-rate"): False,
    ("kmp", "team-utilization"): True,
    ("truststram", "customer-satisfaction"): False, ("truststram", "issue-resolution"): False,
    ("truststram", "response-time"): True, ("truststram", "first-call-resolution"): False,
    ("truststram", "platinum-resolution-sla"): True, ("truststram", "gold-resolution-sla"): True,
    ("truststram", "silver-resolution-sla"): True,
}  # fmt: skip
# Which way a value must lie from the threshold: up for "at least"/"more than", down for
# "at most"/"less than" (utilization's lower end: up).
HIGHER_IS_BETTER = {
    "availability", "l1-resolution", "l2-resolution", "l3-engagement", "customer-satisfaction",
    "first-call-resolution", "sla-compliance", "team-utilization", "issue-resolution",
    "response-time", "platinum-resolution-sla", "gold-resolution-sla", "silver-resolution-sla",
}  # fmt: skip


@pytest.mark.parametrize(
    ("framework", "name", "threshold"),
    [(line[0], line[1], line[4]) for line in SEED_LINES],
    ids=[f"{line[0]}-{line[1]}" for line in SEED_LINES],
)
def test_every_seed_line_is_decided_exactly_at_its_threshold(
    framework: str, name: str, threshold: Fraction
) -> None:
    [found] = [o for o in catalog.get(framework).objectives if o.id == name]
    # A millionth of the unit (a microsecond for times) on either side decides too.
    step = Fraction(1, 10**6)
    better = threshold + step if name in HIGHER_IS_BETTER else threshold - step
    worse = threshold - step if name in HIGHER_IS_BETTER else threshold + step
    assert found.passes(threshold) is AT_THRESHOLD[(framework, name)]
    assert found.passes(better)  # (above 100% cannot be measured, but would pass)
    assert not found.passes(worse)
    if name == "team-utilization":  # the upper end, 85%, is in the range; above it is not
        assert found.passes(Fraction(17, 20)) and not found.passes(Fraction(17, 20) + step)


def test_the_catalogs_hold_exactly_these_objectives() -> None:
    listed = {(line[0], line[1]) for line in SEED_LINES}
    shipped = {(name, o.id) for name in catalog.names() for o in catalog.get(name).objectives}
    assert shipped == listed


def test_the_tier_resolution_slas_match_the_tiers_compliance_goals() -> None:
    framework = catalog.get("truststram")
    for tier in framework.tiers:
        [sla] = [o for o in framework.objectives_for(tier.name) if o.metric == "sla_met"]
        assert sla.tiers == (tier.name,)
        assert sla.threshold == Fraction(tier.compliance_goal)


def test_the_annual_budget_is_the_availability_target_over_a_365_day_year() -> None:
    # 0.1% of 365 × 24 h = 8.76 h: the seed's two numbers agree.
    kmp = catalog.get("kmp")
    downtime = next(o for o in kmp.objectives if o.id == "annual-downtime")
    uptime = next(o for o in kmp.objectives if o.id == "availability")
    assert downtime.threshold == (1 - uptime.threshold) * 365 * 24 * 3600


# -- the exact arithmetic -----------------------------------------------------------------------


def test_a_share_compares_exactly() -> None:
    # 99 of 100 is exactly 99%: met by ">= 99%", not by "> 99%".
    at_least = objective(metric="sla_met", aggregation="share", comparison=">=", target="99%")
    above = objective(metric="resolution_met", aggregation="share", comparison=">", target="99%")
    value = at_least.measure([True] * 99 + [False])
    assert value == Fraction(99, 100)
    assert at_least.passes(value) and not above.passes(value)


def test_a_mean_of_scores_compares_exactly() -> None:
    # (5 + 4) / 2 = 4.5 is not more than 4.5; (5 + 5 + 4) / 3 = 14/3 is.
    mean = objective(metric="satisfaction", aggregation="mean", comparison=">", target="4.5")
    assert mean.measure([Fraction(5), Fraction(4)]) == Fraction(9, 2)
    assert not mean.passes(Fraction(9, 2))
    assert mean.passes(Fraction(14, 3))


def test_a_range_includes_both_ends() -> None:
    band = objective(metric="utilization", aggregation="share", comparison="between",
                     target="70%", upper="85%")  # fmt: skip
    assert [band.passes(Fraction(n, 100)) for n in (69, 70, 78, 85, 86)] == [
        False, True, True, True, False,
    ]  # fmt: skip
    assert band.target_text() == "70%–85%"


def test_a_share_within_counts_times_at_the_limit() -> None:
    # Within 15 minutes: 900 s counts, 900.000001 s does not.
    engaged = objective(metric="engagement_time", level="L3", aggregation="share",
                        within="15m", comparison=">=", target="100%")  # fmt: skip
    assert engaged.measure([Fraction(900)]) == 1
    assert engaged.measure([Fraction(900), Fraction(900_000_001, 1_000_000)]) == Fraction(1, 2)


def test_percentiles_are_nearest_rank() -> None:
    # 20 values: rank ceil(0.95 × 20) = 19. Nineteen 1 s and one 3 s: the 19th is 1 s.
    values = [Fraction(1)] * 19 + [Fraction(3)]
    assert nearest_rank(values, Fraction(95, 100)) == 1
    # Eighteen 1 s and two 3 s: the 19th is 3 s.
    assert nearest_rank([Fraction(1)] * 18 + [Fraction(3)] * 2, Fraction(95, 100)) == 3
    assert nearest_rank([], Fraction(1, 2)) is None


def test_count_of_nothing_is_zero_and_other_measures_of_nothing_are_none() -> None:
    count = objective(metric="security_breaches", aggregation="count", comparison="<=",
                      target="0")  # fmt: skip
    assert count.measure([]) == 0 and count.passes(Fraction(0))
    longest = objective(metric="security_response_time", aggregation="max", comparison="<=",
                        target="24h")  # fmt: skip
    assert longest.measure([]) is None


def test_values_for_display_round_down_and_say_when_cut() -> None:
    share = objective(metric="escalated", aggregation="share", comparison="<", target="10%")
    assert share.value_text(Fraction(1, 8)) == "12.5%"
    assert share.value_text(Fraction(1, 3)) == "33.3333…%"
    assert seconds_text(Fraction(0)) == "0s"
    assert seconds_text(Fraction(3 * 3600 + 22 * 60)) == "3h 22m"


# -- bad objectives ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"metric": "latency", "aggregation": "count", "comparison": "<=", "target": "2s"},
         "the latency metric is aggregated by percentile, mean, max or share, not count"),
        ({"metric": "latency", "aggregation": "percentile", "comparison": "<=", "target": "2s"},
         "give percentile exactly for a percentile aggregation"),
        ({"metric": "utilization", "aggregation": "share", "comparison": "between",
          "target": "70%"}, "give upper exactly for a between comparison"),
        ({"metric": "utilization", "aggregation": "share", "comparison": "between",
          "target": "85%", "upper": "70%"}, "upper (70%) is below target (85%)"),
        ({"metric": "engagement_time", "level": "L3", "aggregation": "share", "comparison": ">=",
          "target": "100%"}, "a share of engagement_time needs within"),
        ({"metric": "escalated", "aggregation": "share", "comparison": "<", "target": "10%",
          "within": "15m"}, "within is only for a share of times"),
        ({"metric": "resolved_at_level", "aggregation": "share", "comparison": ">=",
          "target": "95%"}, "level is given exactly for resolved_at_level and engagement_time"),
        ({"metric": "resolved_at_level", "level": "L4", "aggregation": "share",
          "comparison": ">=", "target": "95%"}, "level"),
        ({"metric": "escalated", "aggregation": "share", "comparison": "<", "target": "10"},
         "'10' is not a percentage between 0% and 100%"),
        ({"metric": "response_time", "aggregation": "mean", "comparison": "<=",
          "target": "soon"}, '"soon" is not a duration'),
        # A plain length: the help offers no business days (ticket targets take those).
        ({"metric": "security_response_time", "aggregation": "max", "comparison": "<=",
          "target": "1 business day"},
         '"1 business day" is not a duration; write e.g. "2s", "15m", "4h" or "8.76h"'),
        ({"metric": "satisfaction", "aggregation": "mean", "comparison": ">",
          "target": "4,5"}, "'4,5' is not a score; write a number such as 4.5"),
        ({"metric": "security_breaches", "aggregation": "count", "comparison": "<=",
          "target": "-1"}, "'-1' is not a count"),
        ({"metric": "escalated", "aggregation": "share", "comparison": "!=", "target": "10%"},
         "comparison"),
        ({"metric": "uptime", "aggregation": "share", "comparison": ">=", "target": "10%"},
         "metric"),
    ],
)  # fmt: skip
def test_a_bad_objective_is_refused_saying_why(fields: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError, match="invalid Objective") as caught:
        objective(**fields)
    assert message in str(caught.value)


def test_a_framework_refuses_repeated_ids_and_unknown_tiers() -> None:
    from slakit import load_framework

    data = catalog.get("truststram").model_dump(mode="json")
    twice = {**data, "objectives": [*data["objectives"], data["objectives"][0]]}
    with pytest.raises(PolicyError, match="objective ids repeat: customer-satisfaction"):
        type(catalog.get("kmp")).model_validate(twice)
    bad = [{**data["objectives"][0], "tiers": ["bronze"]}]
    with pytest.raises(PolicyError, match="covers the tier 'bronze'"):
        type(catalog.get("kmp")).model_validate({**data, "objectives": bad})
    assert load_framework  # the loader reads the same model (see test_policy_files)


def test_objectives_for_a_tier() -> None:
    truststram = catalog.get("truststram")
    gold = [o.id for o in truststram.objectives_for("gold")]
    assert "gold-resolution-sla" in gold and "silver-resolution-sla" not in gold
    assert "customer-satisfaction" in gold  # names no tier: every tier


def test_objectives_survive_json() -> None:
    for name in catalog.names():
        framework = catalog.get(name)
        assert type(framework).model_validate_json(framework.model_dump_json()) == framework


def test_every_metric_has_a_reading_for_its_items() -> None:
    assert all(info.items and info.aggregations for info in METRICS.values())


# -- report periods -----------------------------------------------------------------------------


def test_report_periods() -> None:
    quarter = ReportPeriod.parse("2026-Q4", "Europe/Dublin")
    assert (quarter.start, quarter.end) == (
        datetime(2026, 10, 1, tzinfo=quarter.start.tzinfo),
        datetime(2027, 1, 1, tzinfo=quarter.start.tzinfo),
    )
    assert [m.iso for m in quarter.months()] == ["2026-10", "2026-11", "2026-12"]
    year = ReportPeriod.parse("2026")
    assert year.label == "2026" and year.end == datetime(2027, 1, 1, tzinfo=UTC)
    month = ReportPeriod.parse("2026-11")
    assert month.containing("quarter").iso == "2026-Q4"
    assert month.containing("year").iso == "2026"
    assert year.longer_than("month") and not month.longer_than("month")


@pytest.mark.parametrize("text", ["2026-13", "2026-Q0", "2026-Q5", "26", "2026-1", "October",
                                  "2026-10-01", ""])  # fmt: skip
def test_bad_report_periods(text: str) -> None:
    with pytest.raises(UsageError, match="is not a period"):
        ReportPeriod.parse(text)


# -- agreement with a slow reference ----------------------------------------------------------

values = st.lists(st.fractions(min_value=0, max_value=10_000, max_denominator=1000), min_size=1)


@given(values, st.integers(min_value=1, max_value=100))
def test_nearest_rank_is_the_smallest_value_with_enough_at_or_below(
    numbers: list[Fraction], percent: int
) -> None:
    share = Fraction(percent, 100)
    # The definition, checked value by value: at least share × n values at or below it.
    reference = min(v for v in numbers if sum(1 for x in numbers if x <= v) >= share * len(numbers))
    assert nearest_rank(numbers, share) == reference


@given(values, st.fractions(min_value=0, max_value=10_000, max_denominator=10))
def test_share_mean_and_max_agree_with_plain_arithmetic(
    numbers: list[Fraction], limit: Fraction
) -> None:
    within = objective(metric="latency", aggregation="share", within=f"{float(limit):.1f}s",
                       comparison=">=", target="95%")  # fmt: skip
    seconds = within.within_seconds
    assert seconds is not None
    assert within.measure(numbers) == Fraction(sum(1 for v in numbers if v <= seconds),
                                               len(numbers))  # fmt: skip
    mean = objective(metric="latency", aggregation="mean", comparison="<=", target="2s")
    assert mean.measure(numbers) == sum(numbers, Fraction(0)) / len(numbers)
    longest = objective(metric="latency", aggregation="max", comparison="<=", target="2s")
    assert longest.measure(numbers) == max(numbers)
