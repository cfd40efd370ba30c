"""The built-in catalogs against the seed contracts, row by row.

Every expected value below is typed from the seed text (``/work/shared/seeds``):
KMP "Support Tiers & Service Level Agreements" and "Service Guarantees & SLA
Credits"; TrustStram v4.4 sections 1.1 "Support Service Tiers" and 2.2 "Ticket
Prioritization". The rows are turned into durations by the small reader below,
not by slakit, so the catalog is compared with the contract and not with itself.

Readings of the seeds (docs/catalogs.md): KMP business hours are each centre's
6 AM - 6 PM Mon-Fri (12x5); a resolution target runs on the same clock as its
severity's response; a business day is the 12-hour opening of 12x5. TrustStram's
P1-P4 table applies to every tier, with the tier's own P1 response time, and
every target runs on the tier's coverage calendar.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from slakit import Contract, Money, Severity, Target, Ticket, Tier, catalog, evaluate, regions
from slakit.errors import PolicyError

# --------------------------------------------------------------------------- reader

_SECONDS = {"minute": 60, "minutes": 60, "min": 60, "hour": 3600, "hours": 3600}


def seed_duration(text: str) -> timedelta:
    """``"15 minutes"``, ``"<15 min"``, ``"4 hours"``, ``"1 hour"`` as a timedelta."""
    match = re.fullmatch(r"<?\s*(\d+)\s+(minutes?|min|hours?)", text.strip())
    assert match, f"the seed reader does not know {text!r}"
    return timedelta(seconds=int(match[1]) * _SECONDS[match[2]])


def seed_business_days(text: str) -> int | None:
    match = re.fullmatch(r"(\d+) business days", text.strip())
    return int(match[1]) if match else None


def seed_severity(text: str) -> Severity:
    """``"Severity 1 (Critical)"``, ``"Severity 3"``, ``"P2 - High"``."""
    match = re.match(r"(?:Severity |P)([1-4])", text)
    assert match, f"the seed reader does not know {text!r}"
    return (Severity.SEV1, Severity.SEV2, Severity.SEV3, Severity.SEV4)[int(match[1]) - 1]


def seed_clock(text: str) -> str:
    return {"24x7": "24x7", "business hours": "business"}[text.strip()]


def assert_target(target: Target, text: str, clock: str) -> None:
    days = seed_business_days(text)
    if days is not None:
        assert target.business_days == days, text
        assert target.duration is None
    else:
        assert target.duration == seed_duration(text), text
        assert target.business_days is None
    assert target.clock == clock, text


# --------------------------------------------------------------------------- KMP

# "RESPONSE TIME GUARANTEES" and "RESOLUTION TIME TARGETS", copied from the seed.
KMP_SEED = {
    "premier": {
        "response": [
            ("Severity 1 (Critical)", "15 minutes, 24x7"),
            ("Severity 2 (High)", "2 hours, business hours"),
            ("Severity 3 (Medium)", "8 hours, business hours"),
            ("Severity 4 (Low)", "24 hours, business hours"),
        ],
        "resolution": [
            ("Severity 1", "4 hours"),
            ("Severity 2", "24 hours"),
            ("Severity 3", "72 hours"),
            ("Severity 4", "5 business days"),
        ],
        "title": "Enterprise Premier Support",
        "pricing": "$50,000 - $200,000 annually",
    },
    "standard": {
        "response": [
            ("Severity 1 (Critical)", "1 hour, 24x7"),
            ("Severity 2 (High)", "4 hours, business hours"),
            ("Severity 3 (Medium)", "12 hours, business hours"),
            ("Severity 4 (Low)", "48 hours, business hours"),
        ],
        "resolution": [
            ("Severity 1", "8 hours"),
            ("Severity 2", "48 hours"),
            ("Severity 3", "5 business days"),
            ("Severity 4", "10 business days"),
        ],
        "title": "Enterprise Standard Support",
        "pricing": "$25,000 - $75,000 annually",
    },
    "basic": {
        "response": [
            ("Severity 1 (Critical)", "4 hours, business hours"),
            ("Severity 2 (High)", "12 hours, business hours"),
            ("Severity 3 (Medium)", "24 hours, business hours"),
            ("Severity 4 (Low)", "72 hours, business hours"),
        ],
        "resolution": [
            ("Severity 1", "24 hours"),
            ("Severity 2", "72 hours"),
            ("Severity 3", "10 business days"),
            ("Severity 4", "15 business days"),
        ],
        "title": "Enterprise Basic Support",
        "pricing": "$10,000 - $25,000 annually",
    },
}
# "Coverage Hours: 6 AM - 6 PM" at each support centre; "SLA Compliance: ... (Target: 99%)".
KMP_HOURS = "06:00-18:00"
KMP_COMPLIANCE = "99%"
KMP_CENTRES = {
    "austin": "America/Chicago",
    "dublin": "Europe/Dublin",
    "singapore": "Asia/Singapore",
}


def usd_range(text: str) -> tuple[Money, Money]:
    """``"$50,000 - $200,000 annually"`` as two USD amounts."""
    low, high = re.findall(r"\$([\d,]+)", text)
    return (
        Money(amount=Decimal(low.replace(",", "")), currency="USD"),
        Money(amount=Decimal(high.replace(",", "")), currency="USD"),
    )


def check_kmp_tier(name: str) -> None:
    seed = KMP_SEED[name]
    tier = catalog.get("kmp").tier(name)
    assert tier.name == name
    assert tier.title == seed["title"]
    clocks: dict[Severity, str] = {}
    for severity_text, cell in seed["response"]:
        amount, clock_text = cell.split(", ")
        severity = seed_severity(severity_text)
        clocks[severity] = seed_clock(clock_text)
        assert_target(tier.target(severity, "response"), amount, clocks[severity])
    assert len(clocks) == 4
    for severity_text, cell in seed["resolution"]:
        severity = seed_severity(severity_text)
        # a resolution target runs on the clock of its severity's response
        assert_target(tier.target(severity, "resolution"), cell, clocks[severity])
    assert tier.coverage == "12x5"
    assert tier.compliance_goal == Decimal(KMP_COMPLIANCE.rstrip("%")) / 100
    assert tier.annual_price is not None
    assert (tier.annual_price.low, tier.annual_price.high) == usd_range(seed["pricing"])
    assert tier.annual_price.period == "annual"
    for region, zone in KMP_CENTRES.items():
        calendar = Contract(framework="kmp", tier=name, region=region).business_calendar
        assert calendar.timezone == zone
        assert [getattr(calendar.hours, day) for day in ("mon", "tue", "wed", "thu", "fri")] == [
            (KMP_HOURS,)
        ] * 5
        assert calendar.hours.sat == calendar.hours.sun == ()
        # a business day is the 12-hour opening of 6 AM - 6 PM
        assert calendar.business_day == timedelta(hours=12)


def test_kmp_premier() -> None:
    check_kmp_tier("premier")
    # "5 business days" on 12x5 is 5 × 12 h = 60 h of business time
    contract = Contract(framework="kmp", tier="premier", region="dublin")
    target = contract.target("sev4", "resolution")
    assert target.length(contract.business_calendar) == timedelta(hours=60)


def test_kmp_standard() -> None:
    check_kmp_tier("standard")
    # "10 business days" on 12x5 is 120 h of business time
    contract = Contract(framework="kmp", tier="standard", region="austin")
    target = contract.target("sev4", "resolution")
    assert target.length(contract.business_calendar) == timedelta(hours=120)


def test_kmp_basic() -> None:
    check_kmp_tier("basic")
    # Basic has no 24x7 row: even Severity 1 runs on business hours
    tier = catalog.get("kmp").tier("basic")
    assert all(
        tier.target(severity, metric).clock == "business"
        for severity in Severity
        for metric in ("response", "resolution")
    )
    # "15 business days" on 12x5 is 180 h of business time
    contract = Contract(framework="kmp", tier="basic", region="singapore")
    target = contract.target("sev4", "resolution")
    assert target.length(contract.business_calendar) == timedelta(hours=180)


def test_kmp_framework_tiers_and_availability() -> None:
    kmp = catalog.get("kmp")
    assert kmp.name == "kmp"
    assert kmp.tier_names == ["premier", "standard", "basic"]
    # "Availability: 99.9% uptime"
    assert kmp.availability_target == Decimal("99.9") / 100


# "SLA BREACH PENALTIES", copied from the seed.
KMP_CREDITS = [
    ("Availability <99.9%", "10% monthly service credit"),
    ("Availability <99.5%", "25% monthly service credit"),
    ("Availability <99.0%", "50% monthly service credit"),
    ("Critical Response >1 hour", "$5,000 credit per incident"),
    ("High Response >4 hours", "$2,500 credit per incident"),
    ("Security Breach", "100% monthly service credit"),
    ("Maximum Monthly Credit", "100% of monthly fees"),
]


def percent(text: str) -> Decimal:
    match = re.search(r"([\d.]+)%", text)
    assert match
    return Decimal(match[1]) / 100


SEED_WORDS = {"Critical": Severity.SEV1, "High": Severity.SEV2}


def test_kmp_credit_policy() -> None:
    policy = catalog.get("kmp").credit_policy
    assert policy is not None
    bands = {band.below: band.credit for band in policy.availability_bands}
    expected_bands = {
        percent(condition): percent(credit)
        for condition, credit in KMP_CREDITS
        if condition.startswith("Availability")
    }
    assert bands == expected_bands
    assert bands == {
        Decimal("0.999"): Decimal("0.10"),
        Decimal("0.995"): Decimal("0.25"),
        Decimal("0.990"): Decimal("0.50"),
    }
    assert policy.availability_target == Decimal("0.999")

    incidents = {
        (credit.severity, credit.metric): (credit.over, credit.amount)
        for credit in policy.incident_credits
    }
    expected_incidents = {}
    for condition, credit in KMP_CREDITS:
        match = re.fullmatch(r"(Critical|High) Response >(.+)", condition)
        if match:
            amount = Decimal(re.search(r"\$([\d,]+)", credit)[1].replace(",", ""))  # type: ignore[index]
            expected_incidents[SEED_WORDS[match[1]], "response"] = (
                seed_duration(match[2]),
                Money(amount=amount, currency="USD"),
            )
    assert incidents == expected_incidents
    assert incidents == {
        (Severity.SEV1, "response"): (timedelta(hours=1), Money.parse("USD 5,000")),
        (Severity.SEV2, "response"): (timedelta(hours=4), Money.parse("USD 2,500")),
    }
    assert policy.security_breach == percent(dict(KMP_CREDITS)["Security Breach"]) == 1
    assert policy.cap == percent(dict(KMP_CREDITS)["Maximum Monthly Credit"]) == 1


# --------------------------------------------------------------------------- TrustStram

# Section 2.2 "Ticket Prioritization", copied from the seed.
TRUSTSTRAM_TABLE = [
    ("P1 - Critical", "System down, major business impact", "<15 min", "4 hours"),
    ("P2 - High", "Significant functionality impaired", "<30 min", "8 hours"),
    ("P3 - Medium", "Minor functionality issues", "<2 hours", "24 hours"),
    ("P4 - Low", "General questions, requests", "<4 hours", "72 hours"),
]
# Section 1.1 "Support Service Tiers", copied from the seed.
TRUSTSTRAM_TIERS = {
    "platinum": {
        "title": "Platinum Enterprise Support",
        "coverage": "24/7/365 Support",
        "response": "<15 minutes for critical issues",
        "sla": "99.9% within agreed timeframes",
    },
    "gold": {
        "title": "Gold Enterprise Support",
        "coverage": "16x5 business coverage",
        "response": "<30 minutes for critical issues",
        "sla": "99.5% within agreed timeframes",
    },
    "silver": {
        "title": "Silver Enterprise Support",
        "coverage": "8x5 business coverage",
        "response": "<1 hour for critical issues",
        "sla": "99% within agreed timeframes",
    },
}
TRUSTSTRAM_HOURS = {"24x7": "00:00-24:00", "16x5": "06:00-22:00", "8x5": "09:00-17:00"}


def seed_coverage(text: str) -> str:
    return "24x7" if text.startswith("24/7") else text.split()[0]


def check_truststram_tier(name: str) -> Tier:
    seed = TRUSTSTRAM_TIERS[name]
    tier = catalog.get("truststram").tier(name)
    assert tier.name == name
    assert tier.title == seed["title"]
    coverage = seed_coverage(seed["coverage"])
    assert tier.coverage == coverage
    for priority, _definition, response, resolution in TRUSTSTRAM_TABLE:
        severity = seed_severity(priority)
        if severity is Severity.SEV1:  # the tier's own "Response Time" for critical issues
            response = seed["response"].removesuffix(" for critical issues")
        # "24/7/365 Support": Platinum runs on the wall clock whatever the contract's
        # calendar; Gold and Silver run in business time on their coverage calendar.
        clock = "24x7" if coverage == "24x7" else "business"
        assert_target(tier.target(severity, "response"), response, clock)
        assert_target(tier.target(severity, "resolution"), resolution, clock)
    assert tier.compliance_goal == percent(seed["sla"])
    assert tier.annual_price is None  # the seed publishes no prices
    for region in ("amsterdam", "dublin", "austin", "singapore"):
        calendar = Contract(framework="truststram", tier=name, region=region).business_calendar
        weekdays = ("mon", "tue", "wed", "thu", "fri")
        weekend = ("sat", "sun")
        open_days = weekdays + weekend if coverage == "24x7" else weekdays
        for day in open_days:
            assert getattr(calendar.hours, day) == (TRUSTSTRAM_HOURS[coverage],)
        if coverage != "24x7":
            assert all(getattr(calendar.hours, day) == () for day in weekend)
    return tier


def test_truststram_platinum() -> None:
    tier = check_truststram_tier("platinum")
    assert tier.target("P1", "response").duration == timedelta(minutes=15)
    assert tier.compliance_goal == Decimal("0.999")
    # 24/7/365: the coverage calendar has no holidays
    calendar = Contract(framework="truststram", tier="platinum", region="dublin").business_calendar
    assert calendar.holidays is None


def test_truststram_platinum_is_24x7_on_a_follow_the_sun_business_calendar() -> None:
    # A Platinum contract that names a 16x5 follow-the-sun calendar (Austin, Dublin,
    # Singapore, 06:00-22:00 local, Monday to Friday: closed all weekend). A P1
    # opened on Saturday 2026-03-07 at 10:00 UTC is answered on the wall clock:
    # due 15 minutes later, that Saturday, not when the calendar opens on Sunday
    # night (Singapore's Monday 06:00 is Sunday 22:00 UTC).
    austin, dublin, singapore = (
        regions.get(name).calendar("16x5") for name in ("austin", "dublin", "singapore")
    )
    follow_the_sun = austin | dublin | singapore
    contract = Contract(framework="truststram", tier="platinum", calendar=follow_the_sun)
    saturday_10am = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)
    ticket = Ticket(id="P1-SAT", severity="P1", opened_at=saturday_10am)
    status = evaluate(ticket, contract, saturday_10am + timedelta(minutes=5))
    assert status.response.due_at == datetime(2026, 3, 7, 10, 15, tzinfo=UTC)
    assert status.resolution.due_at == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)
    assert not follow_the_sun.is_open(saturday_10am)  # the calendar itself is closed
    for severity in ("P1", "P2", "P3", "P4"):
        for metric in ("response", "resolution"):
            assert contract.target(severity, metric).clock == "24x7"


def test_truststram_gold() -> None:
    tier = check_truststram_tier("gold")
    assert tier.target("P1", "response").duration == timedelta(minutes=30)
    assert tier.compliance_goal == Decimal("0.995")


def test_truststram_silver() -> None:
    tier = check_truststram_tier("silver")
    assert tier.target("P1", "response").duration == timedelta(hours=1)
    assert tier.compliance_goal == Decimal("0.99")


def test_truststram_framework_has_no_credit_policy() -> None:
    truststram = catalog.get("truststram")
    assert truststram.name == "truststram"
    assert truststram.tier_names == ["platinum", "gold", "silver"]
    assert truststram.credit_policy is None
    assert truststram.availability_target is None


# --------------------------------------------------------------------------- loader


def test_catalog_names_and_lookup() -> None:
    assert catalog.names() == ["kmp", "truststram"]
    assert catalog.get(" TrustStram ") is catalog.get("truststram")
    assert catalog.get("KMP") is catalog.get("kmp")


def test_unknown_catalog() -> None:
    with pytest.raises(PolicyError) as raised:
        catalog.get("acme")
    assert str(raised.value) == "unknown framework 'acme'; built-in frameworks: kmp, truststram"


def test_unknown_catalog_tier_lists_the_tiers() -> None:
    with pytest.raises(PolicyError) as raised:
        catalog.get("truststram").tier("bronze")
    assert str(raised.value) == (
        "truststram has no tier 'bronze'; its tiers: platinum, gold, silver"
    )


def catalogs_doc_targets() -> list[tuple[str, str, str, str, str]]:
    """(framework, tier, severity, metric, cell) for each target cell of docs/catalogs.md."""
    doc = Path(__file__).parent.parent / "docs" / "catalogs.md"
    cells = []
    framework = tier = None
    for line in doc.read_text(encoding="utf-8").splitlines():
        if heading := re.fullmatch(r"## .*\(`(\w+)`\)", line):
            framework = heading[1]
        elif name := re.fullmatch(r"\*\*(\w+)\*\*.*", line):
            tier = name[1].lower()
        elif row := re.fullmatch(r"\| (?:SEV|P)(\d) \(\w+\) \| (.+) \| (.+) \|", line):
            assert framework and tier, line
            severity = f"sev{row[1]}"
            cells += [(framework, tier, severity, "response", row[2]),
                      (framework, tier, severity, "resolution", row[3])]  # fmt: skip
    return cells


def test_catalogs_doc_shows_every_target_as_the_code_prints_it() -> None:
    # The Platinum table says "24h 24x7" / "72h 24x7", as str(Target) prints them.
    cells = catalogs_doc_targets()
    assert len(cells) == 2 * 4 * 2 * 3  # two metrics, four severities, two catalogs of 3 tiers
    for framework, tier, severity, metric, cell in cells:
        shown = cell.split(" (= ")[0]
        assert shown == str(catalog.get(framework).tier(tier).target(severity, metric)), cell


def test_platinum_long_targets_print_in_hours_as_the_policy_writes_them() -> None:
    # Never in days (review 3, item 6): the policy says "24h 24x7" and "72h 24x7".
    platinum = catalog.get("truststram").tier("platinum")
    assert str(platinum.target("sev3", "resolution")) == "24h 24x7"
    assert str(platinum.target("sev4", "resolution")) == "72h 24x7"


def test_catalogs_carry_their_objectives() -> None:
    # KMP: 5 service-level guarantee objectives (the downtime budget and zero tolerance for
    # breaches beside availability, latency and security response), 3 support levels and
    # 7 dashboard targets; TrustStram: 4 success metrics and 3 tier resolution SLAs.
    assert len(catalog.get("kmp").objectives) == 5 + 3 + 7
    assert len(catalog.get("truststram").objectives) == 4 + 3
    for name in catalog.names():
        framework = catalog.get(name)
        for objective in framework.objectives:
            assert set(objective.tiers) <= set(framework.tier_names)
            assert objective.seed and objective.source and objective.reading
