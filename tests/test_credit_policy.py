"""Credit policies: exact percentages, availability bands, incident credits, cap."""

from __future__ import annotations

import json
import pickle
from datetime import timedelta
from decimal import Decimal

import pytest

from slakit import AvailabilityBand, CreditPolicy, IncidentCredit, Money, Severity
from slakit.errors import PolicyError


def kmp_like() -> CreditPolicy:
    return CreditPolicy(
        availability_target="99.9%",
        availability_bands=[
            {"below": "99.9%", "credit": "10%"},
            {"below": "99.5%", "credit": "25%"},
            {"below": "99.0%", "credit": "50%"},
        ],
        incident_credits=[
            {"severity": "sev1", "metric": "response", "over": "1h", "amount": "USD 5,000"},
            {"severity": "P2", "metric": "response", "over": "4 hours", "amount": "2500 USD"},
        ],
        security_breach="100%",
        cap="100%",
        minimum_credit="USD 100",
    )


def test_parsing_a_policy() -> None:
    policy = kmp_like()
    assert policy.availability_target == Decimal("0.999")
    assert policy.security_breach == Decimal(1)
    assert policy.cap == Decimal(1)
    assert policy.minimum_credit == Money(amount=Decimal(100), currency="USD")
    first, second = policy.incident_credits
    assert first == IncidentCredit(
        severity=Severity.SEV1,
        metric="response",
        over=timedelta(hours=1),
        amount=Money(amount=Decimal(5000), currency="USD"),
    )
    assert second.severity is Severity.SEV2
    assert second.over == timedelta(hours=4)
    assert second.amount == Money(amount=Decimal(2500), currency="USD")


def test_bands_are_kept_most_severe_first() -> None:
    policy = kmp_like()
    assert [(band.below, band.credit) for band in policy.availability_bands] == [
        (Decimal("0.99"), Decimal("0.5")),
        (Decimal("0.995"), Decimal("0.25")),
        (Decimal("0.999"), Decimal("0.1")),
    ]


@pytest.mark.parametrize(
    ("availability", "credit"),
    [
        ("1", None),
        ("0.9995", None),
        ("0.999", None),  # exactly 99.9% is not below 99.9%
        ("0.99899999", "0.1"),
        ("0.995", "0.1"),  # exactly 99.5% is in the 10% band only
        ("0.99499", "0.25"),
        ("0.99", "0.25"),
        ("0.98999", "0.5"),
        ("0", "0.5"),
    ],
)
def test_band_for_picks_the_most_severe_applicable_band(
    availability: str, credit: str | None
) -> None:
    band = kmp_like().band_for(Decimal(availability))
    if credit is None:
        assert band is None
    else:
        assert band is not None
        assert band.credit == Decimal(credit)


def test_empty_policy() -> None:
    policy = CreditPolicy()
    assert policy.availability_bands == ()
    assert policy.incident_credits == ()
    assert policy.cap is None
    assert policy.band_for(Decimal(0)) is None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {
                "availability_bands": [
                    {"below": "99%", "credit": "10%"},
                    {"below": "99.0%", "credit": "20%"},
                ]
            },
            "two availability bands have the same threshold",
        ),
        (
            {
                "incident_credits": [
                    {"severity": "P1", "metric": "response", "over": "1h", "amount": "USD 1"},
                    {"severity": "P2", "metric": "response", "over": "1h", "amount": "EUR 1"},
                ]
            },
            "credits mix currencies: EUR, USD",
        ),
        (
            {
                "minimum_credit": "EUR 5",
                "incident_credits": [
                    {"severity": "P1", "metric": "response", "over": "1h", "amount": "USD 1"}
                ],
            },
            "credits mix currencies: EUR, USD",
        ),
        (
            {
                "incident_credits": [
                    {"severity": "P7", "metric": "response", "over": "1h", "amount": "USD 1"}
                ]
            },
            "incident_credits.0.severity: 'P7' is not a severity",
        ),
        (
            {
                "incident_credits": [
                    {"severity": "P1", "metric": "uptime", "over": "1h", "amount": "USD 1"}
                ]
            },
            "incident_credits.0.metric",
        ),
        (
            {
                "incident_credits": [
                    {"severity": "P1", "metric": "response", "over": "1 hourz", "amount": "USD 1"}
                ]
            },
            'incident_credits.0.over: "1 hourz" is not a duration',
        ),
        (
            {
                "incident_credits": [
                    {"severity": "P1", "metric": "response", "over": "1h", "amount": "1"}
                ]
            },
            "incident_credits.0.amount: '1' is not an amount of money",
        ),
        ({"cap": "150%"}, "cap: '150%' is not a percentage between 0% and 100%"),
        ({"cap": 1.0}, "cap: 1.0 is a float"),
        ({"security_breach": "lots"}, "security_breach: 'lots' is not a percentage"),
        ({"availability_bands": [{"below": "99%"}]}, "availability_bands.0.credit"),
        ({"surprise": 1}, "surprise: Extra inputs are not permitted"),
    ],
)
def test_invalid_policies(fields: dict[str, object], reason: str) -> None:
    with pytest.raises(PolicyError) as raised:
        CreditPolicy(**fields)
    assert reason in str(raised.value)


def test_incident_threshold_must_not_be_negative() -> None:
    with pytest.raises(PolicyError, match="must not be negative"):
        IncidentCredit(
            severity="P1", metric="response", over=timedelta(hours=-1), amount="USD 5000"
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {
                "incident_credits": [
                    {"severity": "P1", "metric": "response", "over": "1h", "amount": "USD -5000"}
                ]
            },
            "invalid CreditPolicy: incident_credits.0.amount: must not be negative, "
            "got USD -5,000.00",
        ),
        (
            {"minimum_credit": "EUR -0.01"},
            "invalid CreditPolicy: minimum_credit: must not be negative, got EUR -0.01",
        ),
        (
            {"minimum_credit": "XYZ 5"},
            "invalid CreditPolicy: minimum_credit.currency: 'XYZ' is not an ISO 4217 currency "
            "code; "
            "write e.g. USD, EUR, SGD",
        ),
        (
            {
                "incident_credits": [
                    {"severity": "P1", "metric": "response", "over": "1h", "amount": "5e20 USD"}
                ]
            },
            "invalid CreditPolicy: incident_credits.0.amount: '5e20 USD' is not an amount of "
            "money; write e.g. 'USD 5,000' or '5000 USD'",
        ),
        (
            {
                "incident_credits": [
                    {
                        "severity": "P1",
                        "metric": "response",
                        "over": "1h",
                        "amount": {"amount": "1e100000", "currency": "USD"},
                    }
                ]
            },
            "invalid CreditPolicy: incident_credits.0.amount.amount: '1E+100000' is too large; "
            "amounts must lie below 10^15 (a thousand trillion) either side of zero",
        ),
        (
            {
                "incident_credits": [
                    {
                        "severity": "P1",
                        "metric": "response",
                        "over": "99999999999999999999d",
                        "amount": "USD 1",
                    }
                ]
            },
            'invalid CreditPolicy: incident_credits.0.over: "99999999999999999999d" is longer '
            "than 100 years, the longest duration slakit accepts",
        ),
    ],
    ids=["negative-amount", "negative-minimum", "unknown-currency", "exponent", "huge", "over"],
)
def test_bad_money_and_durations_name_the_field(fields: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        CreditPolicy(**fields)
    assert str(raised.value) == message


def test_a_zero_minimum_credit_is_allowed() -> None:
    assert CreditPolicy(minimum_credit="USD 0").minimum_credit == Money.parse("USD 0")


def test_a_zero_threshold_is_allowed() -> None:
    credit = IncidentCredit(severity="P1", metric="response", over="0h", amount="USD 1")
    assert credit.over == timedelta(0)


def test_percentages_are_written_back_as_the_same_text() -> None:
    data = json.loads(kmp_like().model_dump_json())
    assert data["availability_target"] == "99.9%"
    assert data["security_breach"] == "100%"
    assert data["cap"] == "100%"
    assert [(band["below"], band["credit"]) for band in data["availability_bands"]] == [
        ("99%", "50%"),
        ("99.5%", "25%"),
        ("99.9%", "10%"),
    ]


@pytest.mark.parametrize(
    "model",
    [
        kmp_like(),
        CreditPolicy(),
        AvailabilityBand(below="99.95%", credit="12.5%"),
        IncidentCredit(severity="high", metric="resolution", over="1h 30m", amount="SGD 10.50"),
    ],
    ids=["kmp-like", "empty", "band", "incident"],
)
def test_json_round_trip_hash_and_pickle(model: CreditPolicy) -> None:
    back = type(model).model_validate_json(model.model_dump_json())
    assert back == model
    assert hash(back) == hash(model)
    assert pickle.loads(pickle.dumps(model)) == model
