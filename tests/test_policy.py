"""Targets, business days, tiers, frameworks and contracts."""

from __future__ import annotations

import pickle
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from slakit import (
    BusinessDays,
    Calendar,
    Contract,
    CreditPolicy,
    Framework,
    Metric,
    MetricTargets,
    Money,
    PriceRange,
    Severity,
    Target,
    Targets,
    Tier,
    catalog,
)
from slakit.errors import PolicyError, SlakitError

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
        ("1d", timedelta(days=1), "business"),
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
        (Target.parse("1 day 24x7"), "1d 24x7"),
        (Target.parse("30 seconds"), "30s business"),
        (BusinessDays(5), "5 business days"),
        (BusinessDays(1), "1 business day"),
    ],
)
def test_target_str(target: Target, text: str) -> None:
    assert str(target) == text
    assert Target.parse(text) == target


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


def test_tier_unknown_metric() -> None:
    with pytest.raises(ValueError):
        tier().target("P1", "uptime")


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
    contract = Contract(framework="kmp", tier="premier", region="austin", holidays="US")
    holidays = contract.business_calendar.holidays
    assert holidays is not None
    assert holidays.country == "US"
    assert holidays.subdivision is None
    default = Contract(framework="kmp", tier="premier", region="austin").business_calendar
    assert default.holidays is not None
    assert default.holidays.subdivision == "TX"


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
