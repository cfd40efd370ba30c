"""Targets, business days, tiers, frameworks and contracts."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from slakit import (
    BusinessDays,
    Calendar,
    Contract,
    CreditPolicy,
    Framework,
    HolidaySpec,
    Metric,
    MetricTargets,
    Money,
    PriceRange,
    Severity,
    Target,
    Targets,
    Ticket,
    Tier,
    catalog,
    evaluate,
)
from slakit.errors import PolicyError, SlakitError
from slakit.policy import TargetClock, check_contract_id, framework_names, named_framework
from timing import finishes_within

HOUR = timedelta(hours=1)

# --------------------------------------------------------------------------- Target


@pytest.mark.parametrize(
    ("text", "duration", "clock"),
    [
        ("15m 24x7", timedelta(minutes=15), "24x7"),
        ("15 minutes", timedelta(minutes=15), "business"),
        ("15 min 24/7", timedelta(minutes=15), "24x7"),
        ("2h business", 2 * HOUR, "business"),
        ("2 hours", 2 * HOUR, "business"),
        ("2h on 24x7", 2 * HOUR, "24x7"),
        ("2h, 24x7", 2 * HOUR, "24x7"),
        ("2h wall", 2 * HOUR, "24x7"),
        ("2h calendar", 2 * HOUR, "24x7"),
        ("4h 24x7x365", 4 * HOUR, "24x7"),
        ("2h bh", 2 * HOUR, "business"),
        ("2h business hours", 2 * HOUR, "business"),
        ("1h on business", HOUR, "business"),
        ("1h 30m", timedelta(minutes=90), "business"),
        ("1.5h", timedelta(minutes=90), "business"),
        ("0.25 hours", timedelta(minutes=15), "business"),
        ("90 mins", timedelta(minutes=90), "business"),
        ("30 seconds", timedelta(seconds=30), "business"),
        ("1d 24x7", timedelta(days=1), "24x7"),
        ("P1D 24x7", timedelta(days=1), "24x7"),
        ("PT24H", timedelta(days=1), "business"),
        ("  4 HOURS  24X7 ", 4 * HOUR, "24x7"),
    ],
)
def test_target_parse_durations(text: str, duration: timedelta, clock: str) -> None:
    target = Target.parse(text)
    assert target.duration == duration
    assert target.business_days is None
    assert target.clock == clock
    # a plain string is accepted by the model too
    assert Target.model_validate(text) == target


@pytest.mark.parametrize(
    ("text", "days"),
    [("5 business days", 5), ("1 business day", 1), ("2 business day", 2), ("3 BUSINESS DAYS", 3)],
)
def test_target_parse_business_days(text: str, days: int) -> None:
    target = Target.parse(text)
    assert target.business_days == days
    assert target.duration is None
    assert target.clock == "business"
    assert target == BusinessDays(days)


def test_target_parse_mapping_and_target() -> None:
    target = Target.parse({"duration": "PT2H", "clock": "24x7"})
    assert target == Target(duration=2 * HOUR, clock="24x7")
    assert Target.parse(target) is target
    assert Target.parse({"business_days": 3}) == BusinessDays(3)


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (Target.parse("15m 24x7"), "15m 24x7"),
        (Target.parse("2 hours"), "2h business"),
        (Target.parse("90 minutes"), "90m business"),
        (Target.parse("1 day 24x7"), "24h 24x7"),
        (Target.parse("72h 24x7"), "72h 24x7"),
        (Target.parse("24h business"), "24h business"),
        (Target.parse("30 seconds"), "30s business"),
        (BusinessDays(5), "5 business days"),
        (BusinessDays(1), "1 business day"),
    ],
)
def test_target_str(target: Target, text: str) -> None:
    assert str(target) == text  # never in days
    assert Target.parse(text) == target


@pytest.mark.parametrize(
    ("text", "instead"),
    [
        ("1d", '"1 business day" for business days, or "24h business" for 24h of business '
               'time, or "1d 24x7" for wall-clock time'),
        ("2 days business", '"2 business days" for business days, or "48h business"'),
        ("P1D", '"1 business day" for business days, or "24h business"'),
        ("P1W on bh", '"7 business days" for business days, or "168h business"'),
        ("1.5 days", '"36h business" for 36h of business time, or "36h 24x7"'),
        ("1d 2h", '"26h business" for 26h of business time'),
    ],
)  # fmt: skip
def test_days_on_the_business_clock_are_refused_as_ambiguous(text: str, instead: str) -> None:
    # "1d business" could be 24 business hours or one business day: refused, never guessed.
    with pytest.raises(PolicyError) as raised:
        Target.parse(text)
    assert str(raised.value).startswith(
        f"{text!r} counts days on the business clock, which is ambiguous (hours of business "
        f"time, or business days?); write {instead}"
    )


@pytest.mark.parametrize(
    "text",
    ["2 hourz", "", "   ", "24x7", "-1h", "1h 30", "two hours", "5 business days 24x7", "h"],
)
def test_target_parse_rejects_non_durations(text: str) -> None:
    with pytest.raises(PolicyError) as raised:
        Target.parse(text)
    assert str(raised.value) == (
        f'"{text}" is not a duration; write e.g. "2h", "30m", "5 business days"'
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"duration": timedelta(0)}, "a target must be longer than zero"),
        ({"duration": -HOUR}, "a target must be longer than zero"),
        ({}, "give exactly one of duration and business_days"),
        ({"duration": HOUR, "business_days": 2}, "give exactly one of duration and business_days"),
        ({"business_days": 2, "clock": "24x7"}, "business days run on the business clock"),
        ({"business_days": 0}, "business_days"),
        ({"duration": HOUR, "clock": "weekly"}, "clock"),
        ({"duration": HOUR, "extra": 1}, "extra"),
    ],
)
def test_target_validation_errors(fields: dict[str, Any], reason: str) -> None:
    with pytest.raises(PolicyError, match=reason):
        Target(**fields)


def test_zero_length_text_target_is_refused() -> None:
    with pytest.raises(PolicyError, match="longer than zero"):
        Target.parse("0h")


def test_business_days_zero_or_negative_is_refused() -> None:
    for days in (0, -1):
        with pytest.raises(PolicyError):
            BusinessDays(days)


def test_business_days_is_sugar_for_a_target() -> None:
    target = BusinessDays(5)
    assert isinstance(target, Target)
    assert target == Target(business_days=5, clock="business")
    assert str(target) == "5 business days"


@pytest.mark.parametrize(
    ("hours", "day_length"),
    [
        ({"mon-fri": "06:00-18:00"}, 12 * HOUR),
        ({"mon-fri": "09:00-17:00"}, 8 * HOUR),
        ({"mon-fri": "06:00-22:00"}, 16 * HOUR),
        ({"daily": "00:00-24:00"}, 24 * HOUR),
    ],
)
def test_business_days_length_is_n_times_the_business_day(
    hours: dict[str, str], day_length: timedelta
) -> None:
    calendar = Calendar(timezone="Europe/Dublin", hours=hours)
    assert BusinessDays(5).length(calendar) == 5 * day_length
    assert BusinessDays(1).length(calendar) == day_length
    # a duration target does not depend on the calendar
    assert Target.parse("3h").length(calendar) == 3 * HOUR


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "99999999999 business days",
            '"99999999999 business days" is more than 36,525 business days (100 years), '
            "the longest target slakit accepts",
        ),
        (
            "36526 business days",
            '"36526 business days" is more than 36,525 business days (100 years), '
            "the longest target slakit accepts",
        ),
        (
            "99999999999999999999d",
            '"99999999999999999999d" is longer than 100 years, the longest duration slakit accepts',
        ),
        (
            "876601h 24x7",  # 100 years of 365.25 days is 876,600 hours
            '"876601h 24x7" is longer than 100 years, the longest duration slakit accepts',
        ),
        (
            "P99999999999D",
            '"P99999999999D" is longer than 100 years, the longest duration slakit accepts',
        ),
    ],
)
def test_huge_targets_are_a_clear_error(text: str, message: str) -> None:
    # Before: OverflowError from timedelta, or a target of 274 million years.
    with pytest.raises(PolicyError) as raised:
        Target.parse(text)
    assert str(raised.value) == message


def test_the_longest_targets_are_accepted() -> None:
    assert Target.parse("36525 business days").business_days == 36_525
    assert Target.parse("876600h 24x7").duration == timedelta(days=36_525)


def test_huge_target_fields_are_a_clear_error() -> None:
    with pytest.raises(PolicyError, match="is more than 36,525 business days"):
        Target(business_days=10**30)
    with pytest.raises(PolicyError, match="is longer than 100 years"):
        Target(duration=timedelta(days=999_999_999))


def test_a_long_target_text_is_refused_before_matching() -> None:
    text = "9" * 30_000 + " business days"
    with pytest.raises(PolicyError) as raised:
        finishes_within(2, lambda: Target.parse(text))
    assert str(raised.value) == (
        "'99999999999999999999'... (30,014 characters) is too long to be a target "
        '(at most 64 characters); write e.g. "2h", "30m", "5 business days"'
    )


def test_business_days_on_a_calendar_without_hours_have_no_length() -> None:
    never = Calendar(timezone="UTC", hours={})
    with pytest.raises(PolicyError, match="a business day has no length"):
        BusinessDays(5).length(never)


def test_a_contract_refuses_business_days_on_a_calendar_without_hours() -> None:
    # KMP Basic counts SEV3 and SEV4 resolution in business days (10 and 15); with
    # hours = {} each would be zero long (a ZeroDivisionError in percent_used before).
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="basic", calendar={"timezone": "UTC", "hours": {}})
    assert str(raised.value) == (
        "invalid Contract: calendar: it has no weekly hours, so a business day has no length, "
        "but the basic tier counts SEV3 resolution, SEV4 resolution in business days; give "
        "the calendar weekly hours or an explicit business_day"
    )
    # An explicit business_day gives business days a length again.
    contract = Contract(
        framework="kmp",
        tier="basic",
        calendar={"timezone": "UTC", "hours": {}, "business_day": "8h"},
    )
    assert contract.target("sev4", "resolution").length(contract.business_calendar) == 120 * HOUR


@pytest.mark.parametrize("fee", ["USD -1", "-0.01 USD", "USD -10,000"])
def test_a_negative_monthly_fee_is_refused(fee: str) -> None:
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="dublin", monthly_fee=fee)
    shown = str(Money.parse(fee))
    assert str(raised.value) == (
        f"invalid Contract: monthly_fee: must not be negative, got {shown}"
    )


def test_a_zero_monthly_fee_is_allowed() -> None:
    contract = Contract(framework="kmp", tier="premier", region="dublin", monthly_fee="USD 0")
    assert contract.monthly_fee == Money(amount=Decimal(0), currency="USD")


def test_a_negative_price_is_refused() -> None:
    with pytest.raises(PolicyError, match=r"low: must not be negative, got USD -5\.00"):
        PriceRange(low="-5", high="10", currency="USD")


@pytest.mark.parametrize(
    ("fee", "reason"),
    [
        (
            "XYZ 100",
            "monthly_fee.currency: 'XYZ' is not an ISO 4217 currency code; "
            "write e.g. USD, EUR, SGD",
        ),
        (
            "USD 1e100000",
            "monthly_fee: 'USD 1e100000' is not an amount of money; "
            "write e.g. 'USD 5,000' or '5000 USD'",
        ),
        (
            "USD 1,000,000,000,000,000",
            "monthly_fee.amount: '1000000000000000' is too large; amounts must lie below "
            "10^15 (a thousand trillion) either side of zero",
        ),
    ],
)
def test_a_bad_monthly_fee_is_a_policy_error(fee: str, reason: str) -> None:
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="dublin", monthly_fee=fee)
    assert str(raised.value) == f"invalid Contract: {reason}"


def test_business_day_can_be_given() -> None:
    calendar = Calendar(
        timezone="UTC", hours={"mon-fri": "09:00-17:00"}, business_day=timedelta(hours=7)
    )
    assert BusinessDays(2).length(calendar) == 14 * HOUR


def test_target_is_frozen() -> None:
    target = Target.parse("2h")
    with pytest.raises(ValueError):
        target.clock = "24x7"  # type: ignore[misc]


# --------------------------------------------------------------------------- Targets


def rows(**overrides: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "P1": {"response": "15m 24x7", "resolution": "4h 24x7"},
        "P2": {"response": "30m", "resolution": "8h"},
        "P3": {"response": "2h", "resolution": "24h"},
        "P4": {"response": "4h", "resolution": "5 business days"},
    }
    table.update(overrides)
    return table


@pytest.mark.parametrize(
    "keys",
    [
        ("P1", "P2", "P3", "P4"),
        ("sev1", "sev2", "sev3", "sev4"),
        ("SEV1", "Sev 2", "severity 3", "4"),
        ("critical", "high", "medium", "low"),
        ("P1", "sev2", "medium", "SEV4"),
    ],
)
def test_targets_keys_accept_severity_spellings(keys: tuple[str, ...]) -> None:
    values = list(rows().values())
    targets = Targets(**dict(zip(keys, values, strict=True)))
    assert targets.sev1.response == Target.parse("15m 24x7")
    assert targets.sev2.resolution == Target.parse("8h")
    assert targets.get(Severity.SEV4, Metric.RESOLUTION) == BusinessDays(5)
    assert targets.get(Severity.SEV3, Metric.RESPONSE) == Target.parse("2h business")


def test_targets_refuse_a_repeated_severity() -> None:
    table = rows()
    table["sev1"] = table["P1"]
    with pytest.raises(PolicyError, match="'sev1' repeats the targets of SEV1"):
        Targets(**table)


def test_targets_refuse_an_unknown_severity_key() -> None:
    table = rows()
    table["P5"] = table["P1"]
    with pytest.raises(PolicyError, match="'P5' is not a severity"):
        Targets(**table)


def test_targets_need_every_severity() -> None:
    table = rows()
    del table["P3"]
    with pytest.raises(PolicyError, match="sev3: Field required"):
        Targets(**table)


def test_metric_targets_need_both_metrics() -> None:
    with pytest.raises(PolicyError, match="resolution"):
        MetricTargets(response="1h")


def test_metric_targets_report_a_bad_duration() -> None:
    with pytest.raises(PolicyError, match='"2 hourz" is not a duration'):
        MetricTargets(response="2 hourz", resolution="4h")


# --------------------------------------------------------------------------- Tier


def tier(name: str = "gold", **fields: Any) -> Tier:
    return Tier(name=name, targets=rows(), **fields)


def test_tier_defaults_and_lookups() -> None:
    gold = tier(" Gold ")
    assert gold.name == "gold"
    assert gold.coverage == "12x5"
    assert gold.compliance_goal is None
    assert gold.annual_price is None
    assert gold.target("P1", "response") == Target.parse("15m 24x7")
    assert gold.target("critical", Metric.RESOLUTION) == Target.parse("4h 24x7")
    assert gold.target(Severity.SEV4, "resolution") == BusinessDays(5)


@pytest.mark.parametrize(
    ("given", "coverage"),
    [("24x7", "24x7"), ("24/7", "24x7"), ("16X5", "16x5"), ("12x5", "12x5"), ("8 x 5", "8x5")],
)
def test_tier_coverage_is_normalised(given: str, coverage: str) -> None:
    assert tier(coverage=given).coverage == coverage


def test_tier_unknown_coverage_lists_known_ones() -> None:
    with pytest.raises(PolicyError, match="unknown coverage '9x9'; known coverages: 24x7, 16x5"):
        tier(coverage="9x9")


@pytest.mark.parametrize("metric", ["uptime", "latency", "", None])
def test_an_unknown_metric_names_the_metrics(metric: Any) -> None:
    expected = f"unknown metric {metric!r}; the metrics are response, resolution"
    with pytest.raises(PolicyError) as raised:
        tier().target("P1", metric)
    assert str(raised.value) == expected
    contract = Contract(framework="kmp", tier="premier", region="dublin")
    with pytest.raises(PolicyError) as raised:
        contract.target("sev1", metric)
    assert str(raised.value) == expected
    with pytest.raises(PolicyError) as raised:
        contract.clock_for("sev1", metric)
    assert str(raised.value) == expected


def test_metric_names_are_read_in_any_case() -> None:
    assert Metric.parse(" Response ") is Metric.RESPONSE
    assert Metric.parse("RESOLUTION") is Metric.RESOLUTION
    assert Metric.parse(Metric.RESPONSE) is Metric.RESPONSE
    assert tier().target("P1", "Resolution") == Target.parse("4h 24x7")


def test_tier_compliance_goal_and_price() -> None:
    gold = tier(
        compliance_goal="99.5%",
        annual_price={"low": "10000", "high": "25000", "currency": "USD"},
    )
    assert gold.compliance_goal == Decimal("0.995")
    assert gold.annual_price == PriceRange(
        low=Money(amount=Decimal(10000), currency="USD"),
        high=Money(amount=Decimal(25000), currency="USD"),
    )
    assert gold.annual_price.period == "annual"


def test_price_range_errors() -> None:
    with pytest.raises(PolicyError, match="is below low"):
        PriceRange(low="5", high="1", currency="USD")
    with pytest.raises(PolicyError, match="period"):
        PriceRange(low="5", high="10", currency="USD", period="weekly")
    with pytest.raises(SlakitError, match="currencies differ"):
        PriceRange(
            low=Money(amount=Decimal(5), currency="USD"),
            high=Money(amount=Decimal(10), currency="EUR"),
        )


# --------------------------------------------------------------------------- Framework


def framework(**fields: Any) -> Framework:
    base: dict[str, Any] = {
        "name": "Acme",
        "tiers": {"gold": {"targets": rows()}, "silver": {"targets": rows(), "coverage": "8x5"}},
    }
    base.update(fields)
    return Framework(**base)


def test_framework_tiers_from_a_mapping_keep_their_order() -> None:
    acme = framework()
    assert acme.name == "acme"
    assert acme.tier_names == ["gold", "silver"]
    assert acme.tier("SILVER").coverage == "8x5"
    assert acme.tier(" gold ") is acme.tiers[0]


def test_framework_unknown_tier_lists_known_ones() -> None:
    with pytest.raises(PolicyError) as raised:
        framework().tier("platinum")
    assert str(raised.value) == "acme has no tier 'platinum'; its tiers: gold, silver"


def test_framework_needs_a_tier() -> None:
    with pytest.raises(PolicyError, match="a framework needs at least one tier"):
        framework(tiers={})


def test_framework_tier_names_must_be_unique() -> None:
    with pytest.raises(PolicyError, match="tier names repeat: gold"):
        framework(tiers={"gold": {"targets": rows()}, "Gold": {"targets": rows()}})


def test_framework_reports_the_path_of_a_bad_target() -> None:
    bad = rows(P2={"response": "2 hourz", "resolution": "8h"})
    with pytest.raises(PolicyError) as raised:
        framework(tiers={"gold": {"targets": bad}})
    assert "tiers.0.targets" in str(raised.value)
    assert '"2 hourz" is not a duration' in str(raised.value)


def test_framework_credit_policy_and_availability() -> None:
    acme = framework(availability_target="99.95%", credit_policy={"cap": "50%"})
    assert acme.availability_target == Decimal("0.9995")
    assert acme.credit_policy == CreditPolicy(cap="50%")


# --------------------------------------------------------------------------- Contract


def test_contract_from_catalog_names() -> None:
    contract = Contract(framework="KMP", tier="Premier", region="Dublin", monthly_fee="USD 10,000")
    assert contract.framework is catalog.get("kmp")
    assert contract.tier == "premier"
    assert contract.region == "dublin"
    assert contract.tier_policy is catalog.get("kmp").tier("premier")
    assert contract.monthly_fee == Money(amount=Decimal(10000), currency="USD")
    assert contract.billing_timezone == "UTC"
    assert contract.severity_change == "retarget"
    assert contract.target("P1", "response") == Target.parse("15m 24x7")


def test_contract_accepts_a_framework_object() -> None:
    acme = framework()
    contract = Contract(framework=acme, tier="silver", region="singapore")
    assert contract.framework == acme
    assert contract.tier_policy.name == "silver"


def test_contract_unknown_tier_lists_known_ones() -> None:
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="gold", region="dublin")
    assert "kmp has no tier 'gold'; its tiers: premier, standard, basic" in str(raised.value)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"region": "dublin", "calendar": Calendar.always()},
    ],
    ids=["neither", "both"],
)
def test_contract_needs_region_xor_calendar(fields: dict[str, Any]) -> None:
    with pytest.raises(PolicyError, match="give exactly one of region and calendar"):
        Contract(framework="kmp", tier="premier", **fields)


def test_contract_unknown_region_lists_known_ones() -> None:
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="paris")
    assert (
        "region: unknown region 'paris'; known regions: amsterdam, austin, dublin, singapore"
        in str(raised.value)
    )


def test_contract_unknown_framework_lists_built_in_ones() -> None:
    with pytest.raises(PolicyError) as raised:
        Contract(framework="acme", tier="premier", region="dublin")
    assert "unknown framework 'acme'; built-in frameworks: kmp, truststram" in str(raised.value)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "GMT+25", ""])
def test_contract_bad_timezone(zone: str) -> None:
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="dublin", billing_timezone=zone)
    assert f"billing_timezone: unknown timezone {zone!r}" in str(raised.value)


def test_contract_other_errors() -> None:
    with pytest.raises(PolicyError, match="severity_change"):
        Contract(framework="kmp", tier="premier", region="dublin", severity_change="ignore")
    with pytest.raises(PolicyError, match="'10000' is not an amount of money"):
        Contract(framework="kmp", tier="premier", region="dublin", monthly_fee="10000")
    with pytest.raises(PolicyError, match="holidays replace a region's holidays"):
        Contract(framework="kmp", tier="premier", calendar=Calendar.always(), holidays="IE")
    with pytest.raises(PolicyError, match="Extra inputs are not permitted"):
        Contract(framework="kmp", tier="premier", region="dublin", discount="5%")


def test_contract_clock_for_gives_target_length_and_calendar() -> None:
    contract = Contract(framework="kmp", tier="premier", region="dublin")
    # Sev1 response: 15 min on the wall clock = 900,000,000 µs.
    sev1 = contract.clock_for(Severity.SEV1, Metric.RESPONSE)
    assert sev1 == TargetClock(Target.parse("15m 24x7"), 900_000_000, sev1.compiled)
    assert sev1.compiled is contract.wall_calendar.compiled
    # Sev4 resolution: 5 business days of 12 h (12x5) = 60 h = 216,000,000,000 µs.
    sev4 = contract.clock_for("P4", "resolution")
    assert (sev4.target, sev4.length) == (BusinessDays(5), 216_000_000_000)
    assert sev4.compiled is contract.business_calendar.compiled
    # Any spelling gives the same answer.
    assert contract.clock_for("critical", "Response") == sev1
    with pytest.raises(PolicyError, match="'P9' is not a severity"):
        contract.clock_for("P9", "response")


def test_validator_errors_read_cleanly() -> None:
    # Errors raised inside validators come out once, without pydantic's "Value error, ".
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="paris")
    assert str(raised.value) == (
        "invalid Contract: region: unknown region 'paris'; "
        "known regions: amsterdam, austin, dublin, singapore"
    )
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="gold", region="dublin")
    assert str(raised.value) == (
        "invalid Contract: kmp has no tier 'gold'; its tiers: premier, standard, basic"
    )
    with pytest.raises(PolicyError) as raised:
        tier(coverage="9x9")
    assert str(raised.value) == (
        "invalid Tier: coverage: unknown coverage '9x9'; known coverages: 24x7, 16x5, 12x5, 8x5"
    )
    assert "Value error" not in str(raised.value)


@pytest.mark.parametrize(
    ("framework_name", "tier_name", "region", "zone", "hours", "country", "day"),
    [
        ("kmp", "premier", "dublin", "Europe/Dublin", "06:00-18:00", "IE", 12),
        ("kmp", "standard", "austin", "America/Chicago", "06:00-18:00", "US", 12),
        ("kmp", "basic", "singapore", "Asia/Singapore", "06:00-18:00", "SG", 12),
        ("truststram", "gold", "amsterdam", "Europe/Amsterdam", "06:00-22:00", "NL", 16),
        ("truststram", "silver", "dublin", "Europe/Dublin", "09:00-17:00", "IE", 8),
        ("truststram", "platinum", "singapore", "Asia/Singapore", "00:00-24:00", None, 24),
    ],
)
def test_contract_business_calendar_follows_the_tier_coverage(
    framework_name: str,
    tier_name: str,
    region: str,
    zone: str,
    hours: str,
    country: str | None,
    day: int,
) -> None:
    calendar = Contract(framework=framework_name, tier=tier_name, region=region).business_calendar
    assert isinstance(calendar, Calendar)
    assert calendar.timezone == zone
    for weekday in ("mon", "tue", "wed", "thu", "fri"):
        assert getattr(calendar.hours, weekday) == (hours,)
    weekend = (hours,) if hours == "00:00-24:00" else ()
    assert calendar.hours.sat == weekend
    assert calendar.hours.sun == weekend
    if country is None:  # 24x7 is always open, holidays included
        assert calendar.holidays is None
    else:
        assert calendar.holidays is not None
        assert calendar.holidays.country == country
    assert calendar.business_day == timedelta(hours=day)


def test_contract_holidays_replace_the_region_holidays() -> None:
    contract = Contract(framework="kmp", tier="premier", region="austin", holidays="US-TX")
    holidays = contract.business_calendar.holidays
    assert holidays is not None
    assert holidays.country == "US"
    assert holidays.subdivision == "TX"
    default = Contract(framework="kmp", tier="premier", region="austin").business_calendar
    assert default.holidays == HolidaySpec(country="US")  # federal holidays only


def test_contract_explicit_calendar_is_used_as_is() -> None:
    calendar = Calendar(timezone="Europe/Paris", hours={"mon-sat": "08:00-20:00"})
    contract = Contract(framework="truststram", tier="gold", calendar=calendar)
    assert contract.business_calendar == calendar
    assert contract.clock_calendar(Target.parse("1h")) == calendar
    assert contract.clock_calendar(Target.parse("1h 24x7")).hours.sun == ("00:00-24:00",)


def test_contract_combined_calendar() -> None:
    dublin = Contract(framework="kmp", tier="premier", region="dublin").business_calendar
    austin = Contract(framework="kmp", tier="premier", region="austin").business_calendar
    contract = Contract(framework="kmp", tier="premier", calendar=dublin | austin)
    assert contract.business_calendar == dublin | austin


# --------------------------------------------------------------------------- models


def all_models() -> list[Any]:
    gold = tier(compliance_goal="99.5%", annual_price={"low": "1", "high": "2", "currency": "EUR"})
    dublin = Contract(framework="kmp", tier="premier", region="dublin").business_calendar
    austin = Contract(framework="kmp", tier="premier", region="austin").business_calendar
    return [
        Target.parse("15m 24x7"),
        Target.parse("1h 30m"),
        BusinessDays(5),
        MetricTargets(response="2h", resolution="5 business days"),
        Targets(**rows()),
        PriceRange(low="50000", high="200000", currency="USD"),
        gold,
        framework(),
        catalog.get("kmp"),
        catalog.get("truststram"),
        Contract(
            framework="kmp",
            tier="standard",
            region="austin",
            holidays="US",
            monthly_fee="USD 10,000",
            billing_timezone="America/Chicago",
            severity_change="restart",
            customer="Contoso",
        ),
        Contract(framework="truststram", tier="platinum", region="amsterdam"),
        Contract(
            framework=framework(),
            tier="gold",
            calendar=Calendar(
                timezone="Europe/Amsterdam", hours={"mon-fri": "09:00-17:00"}, holidays="NL"
            ),
        ),
        Contract(framework="kmp", tier="basic", calendar=dublin | austin),
    ]


@pytest.mark.parametrize("model", all_models(), ids=lambda model: type(model).__name__)
def test_json_round_trip_hash_and_pickle(model: Any) -> None:
    back = type(model).model_validate_json(model.model_dump_json())
    assert back == model
    assert hash(back) == hash(model)
    assert back.model_dump_json() == model.model_dump_json()
    assert pickle.loads(pickle.dumps(model)) == model


@pytest.mark.parametrize("model", all_models(), ids=lambda model: type(model).__name__)
def test_models_publish_a_json_schema(model: Any) -> None:
    schema = type(model).model_json_schema()
    assert schema["type"] == "object"
    if isinstance(model, Targets):
        # Files may key targets by any severity spelling (P1, sev1, ...): other keys are
        # allowed by the schema but must hold a response/resolution table.
        assert schema["additionalProperties"]["required"] == ["response", "resolution"]
    else:
        assert schema.get("additionalProperties") is False


def test_contract_round_trip_keeps_the_evaluation_inputs() -> None:
    contract = Contract(framework="truststram", tier="gold", region="amsterdam")
    back = Contract.model_validate_json(contract.model_dump_json())
    assert back.business_calendar == contract.business_calendar
    assert back.target("P1", "response") == Target.parse("30m business")


# -- frameworks by name: a registry, not an import of the catalog ----------------------------------

SRC = Path(__file__).resolve().parent.parent / "src"
# Modules that read files: nothing policy.py imports may be one of them.
FILE_READERS = {"slakit.catalog", "slakit.policy_files", "slakit.data_files", "slakit._text_files"}


def _slakit_imports(module: str) -> set[str]:
    """The slakit modules ``module`` imports anywhere in its source (functions included)."""
    relative = Path(*module.split("."))
    path = SRC / relative.with_suffix(".py")
    if not path.exists():
        path = SRC / relative / "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("slakit.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("slakit"):
            if node.module == "slakit":  # from slakit import regions: a module of the package
                found |= {f"slakit.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return {name for name in found if (SRC / Path(*name.split("."))).exists()
            or (SRC / Path(*name.split("."))).with_suffix(".py").exists()}  # fmt: skip


def test_nothing_policy_imports_reads_files() -> None:
    # The old loop policy -> catalog -> io -> policy hid behind an import inside a validator.
    reached, todo = set(), ["slakit.policy"]
    while todo:
        module = todo.pop()
        for name in _slakit_imports(module) - reached:
            reached.add(name)
            todo.append(name)
    assert "slakit.policy" not in reached  # no loop back
    assert not reached & FILE_READERS


def test_contracts_name_the_built_in_frameworks_by_name() -> None:
    assert framework_names() == ["kmp", "truststram"]
    assert named_framework(" KMP ") is catalog.get("kmp")
    assert Contract(framework="TrustStram", tier="gold", region="dublin").framework is (
        catalog.get("truststram")
    )


@pytest.mark.parametrize(
    "code",
    [
        "from slakit.policy import Contract",
        "import slakit\nContract = slakit.Contract",
        "from slakit import Contract",
    ],
)
def test_a_contract_names_its_framework_whatever_was_imported_first(code: str) -> None:
    script = code + "\nprint(Contract(framework='kmp', tier='basic', region='austin').tier)\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "basic\n", "")


def test_register_framework() -> None:
    # In a fresh interpreter: the registry is process-wide.
    script = (
        "from slakit import catalog\n"
        "from slakit.policy import Contract, framework_names, register_framework\n"
        "acme = catalog.get('kmp').model_copy(update={'name': 'acme'})\n"
        "register_framework('Acme', lambda: acme)\n"
        "print(framework_names())\n"
        "print(Contract(framework='acme', tier='premier', region='dublin').framework.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "['acme', 'kmp', 'truststram']\nacme\n"


def test_an_unknown_framework_name_lists_the_built_in_ones() -> None:
    with pytest.raises(PolicyError) as raised:
        named_framework("acme")
    assert str(raised.value) == "unknown framework 'acme'; built-in frameworks: kmp, truststram"


def test_severity_keys_given_as_numbers_are_read_as_severities() -> None:
    # {1: ...} from Python is the severity spelled 1 (as Severity.parse(1) is SEV1),
    # not a bare TypeError from building the nested model with number keywords.
    both = {"response": "1h", "resolution": "4h"}
    tier = Tier(name="x", targets={1: both, 2: both, 3: both, "P4": both})
    assert str(tier.target("sev1", "response")) == "1h business"
    assert str(tier.target("P4", "resolution")) == "4h business"


def test_a_contract_pickles_after_it_has_evaluated_tickets() -> None:
    # Dask and multiprocessing ship contracts between processes after use: the
    # clock table and calendars cached on the contract must travel too.
    contract = Contract(framework="kmp", tier="premier", region="dublin")
    opened = datetime(2026, 1, 5, 9, tzinfo=UTC)
    before = evaluate(Ticket("T-1", "sev2", opened), contract, opened + timedelta(hours=3))
    copy = pickle.loads(pickle.dumps(contract))
    assert copy == contract
    after = evaluate(Ticket("T-1", "sev2", opened), copy, opened + timedelta(hours=3))
    assert after.response.due_at == before.response.due_at == datetime(2026, 1, 5, 11, tzinfo=UTC)


# --------------------------------------------------------------------------- contract ids


ID_HELP = (
    "an id is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, "
    "e.g. kmp-premier-dublin"
)


@pytest.mark.parametrize(
    "text", ["kmp-premier-dublin", "A", "7", "acme_gold.2026", "x" * 128, "Acme-Gold"]
)
def test_valid_contract_ids(text: str) -> None:
    assert check_contract_id(text) == text
    assert Contract(framework="kmp", tier="premier", region="dublin", id=text).id == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("acme gold", "'acme gold'"),
        ("-acme", "'-acme'"),
        (".acme", "'.acme'"),
        ("acme/gold", "'acme/gold'"),
        ("acme,gold", "'acme,gold'"),
        ("café", "'café'"),
        ("x" * 129, "'xxxxxxxxxxxxxxxxxxxx'... (129 characters)"),
        ("", "''"),
    ],
)
def test_invalid_contract_ids_say_what_is_allowed(text: str, shown: str) -> None:
    with pytest.raises(PolicyError) as raised:
        check_contract_id(text)
    assert str(raised.value) == f"{shown} is not a contract id; {ID_HELP}"


def test_check_contract_id_refuses_what_is_not_text() -> None:
    with pytest.raises(PolicyError, match="5 is not a contract id"):
        check_contract_id(5)  # type: ignore[arg-type]


def test_a_contract_has_no_id_or_services_by_default() -> None:
    contract = Contract(framework="kmp", tier="premier", region="dublin")
    assert (contract.id, contract.services) == ("", ())


def test_a_contract_id_is_stripped_and_checked() -> None:
    assert Contract(framework="kmp", tier="premier", region="dublin", id=" acme ").id == "acme"
    assert Contract(framework="kmp", tier="premier", region="dublin", id="  ").id == ""
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="dublin", id="acme gold")
    assert str(raised.value) == f"invalid Contract: id: 'acme gold' is not a contract id; {ID_HELP}"


def test_services_are_stripped_and_checked() -> None:
    contract = Contract(framework="kmp", tier="premier", region="dublin", services=[" api", "web"])
    assert contract.services == ("api", "web")
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="dublin", services=["api", "web app"])
    assert str(raised.value) == (
        "invalid Contract: services: 'web app' is not a service id: it holds a space or a "
        "comma; give each id as its own item"
    )
    with pytest.raises(PolicyError) as raised:
        Contract(framework="kmp", tier="premier", region="dublin", services=["api", "api/v2"])
    assert str(raised.value) == (
        "invalid Contract: services: 'api/v2' is not a service id; an id is 1 to 128 letters, "
        "digits, '.', '_' or '-', starting with a letter or digit, e.g. payments-api"
    )
    with pytest.raises(PolicyError, match="services: a service id must not be empty"):
        Contract(framework="kmp", tier="premier", region="dublin", services=["api", " "])


def test_id_and_services_survive_json_and_pickle() -> None:
    contract = Contract(
        framework="kmp", tier="premier", region="dublin", id="acme", services=("api",)
    )
    assert Contract.model_validate_json(contract.model_dump_json()) == contract
    assert pickle.loads(pickle.dumps(contract)) == contract
    assert contract != Contract(framework="kmp", tier="premier", region="dublin", id="globex")


def test_contracts_on_one_region_and_tier_share_one_compiled_calendar() -> None:
    # A thousand customers on the Dublin 12x5 calendar compile it once between them.
    acme = Contract(framework="kmp", tier="premier", region="dublin", id="acme")
    globex = Contract(framework="kmp", tier="standard", region="dublin", id="globex")
    assert acme.business_calendar is not globex.business_calendar
    assert acme.business_calendar.compiled is globex.business_calendar.compiled
    assert acme.clock_for("sev2", "response").compiled is globex.business_calendar.compiled
    assert acme.wall_calendar.compiled is globex.wall_calendar.compiled


def test_a_pickled_contract_with_a_shared_calendar_still_evaluates() -> None:
    contract = Contract(framework="kmp", tier="premier", region="dublin", id="acme")
    other = Contract(framework="kmp", tier="premier", region="dublin", id="globex")
    assert contract.business_calendar.compiled is other.business_calendar.compiled
    opened = datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday, inside 06:00-18:00 Dublin (GMT)
    copy = pickle.loads(pickle.dumps(contract))
    status = evaluate(Ticket("T-1", "sev2", opened), copy, opened + timedelta(hours=3))
    # SEV2 response on KMP Premier: 2 business hours, so due 11:00.
    assert status.response.due_at == datetime(2026, 1, 5, 11, tzinfo=UTC)


def test_a_framework_with_objectives() -> None:
    objective = {"id": "fcr", "seed": "First Call Resolution: >80% resolution rate",
                 "metric": "first_contact_resolution", "aggregation": "share",
                 "comparison": ">", "target": "80%", "tiers": ["Gold"]}  # fmt: skip
    tiers = {"gold": {"targets": {s: {"response": "1h", "resolution": "8h"}
                                  for s in ("sev1", "sev2", "sev3", "sev4")}}}  # fmt: skip
    framework = Framework(name="acme", tiers=tiers, objectives=[objective])
    [found] = framework.objectives_for("GOLD")
    assert (found.id, found.tiers) == ("fcr", ("gold",))
    with pytest.raises(PolicyError, match="acme has no tier 'bronze'"):
        framework.objectives_for("bronze")
    with pytest.raises(PolicyError, match="objective fcr covers the tier 'silver'"):
        Framework(name="acme", tiers=tiers, objectives=[{**objective, "tiers": ["silver"]}])
    assert Framework(name="acme", tiers=tiers).objectives == ()
