"""slakit.percent: exact percentages read from and written as text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel

from slakit.errors import PolicyError
from slakit.percent import Percent, parse_percent, percent_text


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("99.9%", "0.999"),
        ("99.5%", "0.995"),
        ("99.0%", "0.99"),
        ("99%", "0.99"),
        ("100%", "1"),
        ("0%", "0"),
        ("0.5%", "0.005"),
        ("12.345%", "0.12345"),
        (" 99.95 % ", "0.9995"),
        ("0.25", "0.25"),
        ("1", "1"),
        (Decimal("0.999"), "0.999"),
    ],
)
def test_parse_percent_is_exact(text: object, fraction: str) -> None:
    assert parse_percent(text) == Decimal(fraction)


def test_99_9_percent_exactly_is_not_below_99_9_percent() -> None:
    assert not parse_percent("99.9%") < Decimal("0.999")
    assert parse_percent("99.9%") == Decimal(999) / Decimal(1000)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("abc", "is not a percentage"),
        ("99.9 percent", "is not a percentage"),
        ("-1%", "between 0% and 100%"),
        ("101%", "between 0% and 100%"),
        ("1.5", "between 0% and 100%"),
        ("NaN", "between 0% and 100%"),
        (0.5, "is a float"),
    ],
)
def test_parse_percent_errors(bad: object, reason: str) -> None:
    with pytest.raises(PolicyError, match=reason):
        parse_percent(bad)


@pytest.mark.parametrize(
    "text", ["99.9%", "99.95%", "99.5%", "99%", "0.5%", "100%", "0%", "0.001%", "12.345%", "50%"]
)
def test_percent_text_round_trips_exactly(text: str) -> None:
    assert percent_text(parse_percent(text)) == text


@pytest.mark.parametrize(
    ("fraction", "text"),
    [("0.999", "99.9%"), ("0.9990", "99.9%"), ("1", "100%"), ("1.00", "100%"), ("0", "0%")],
)
def test_percent_text_is_normalised(fraction: str, text: str) -> None:
    assert percent_text(Decimal(fraction)) == text


def test_a_huge_percentage_is_refused_quickly_and_shown_short() -> None:
    with pytest.raises(PolicyError) as raised:
        parse_percent("9" * 30_000 + "%")
    assert str(raised.value) == (
        "'99999999999999999999'... (30,001 characters) is not a percentage; write e.g. '99.9%'"
    )


class Goal(BaseModel):
    goal: Percent


def test_percent_fields_read_and_write_text() -> None:
    goal = Goal(goal="99.9%")
    assert goal.goal == Decimal("0.999")
    assert goal.model_dump(mode="json") == {"goal": "99.9%"}
    assert Goal.model_json_schema()["properties"]["goal"]["type"] == "string"


def test_thirty_digit_percentages_are_exact_not_rounded_to_100() -> None:
    # Before: Decimal's 28-digit context made this exactly 1 (100%).
    fraction = parse_percent("99.9999999999999999999999999999%")
    assert fraction == Decimal("0." + "9" * 30)
    assert fraction < 1
    assert percent_text(fraction) == "99.9999999999999999999999999999%"


def test_a_thirty_digit_fraction_prints_exactly() -> None:
    # Before: value * 100 rounded to 28 digits and printed 12.34567890123456789012345679%.
    assert percent_text(Decimal("0.123456789012345678901234567890")) == (
        "12.345678901234567890123456789%"
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("99.99999999999999999999999999999%",
         "'99.99999999999999999999999999999%' has 31 significant digits; "
         "a percentage may have at most 30"),
        ("0.12345678901234567890123456789012",
         "'0.12345678901234567890123456789012' has 32 significant digits; "
         "a percentage may have at most 30"),
        ("1E-999999999",
         "'1E-999999999' has more than 30 decimal places as a percentage; "
         "write at most 30, e.g. '99.999%'"),
        ("1E-99999",
         "'1E-99999' has more than 30 decimal places as a percentage; "
         "write at most 30, e.g. '99.999%'"),
        ("1e-31%",
         "'1e-31%' has more than 30 decimal places as a percentage; "
         "write at most 30, e.g. '99.999%'"),
    ],
)  # fmt: skip
def test_too_many_digits_or_places_are_refused_not_rounded(bad: str, message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_percent(bad)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "shown"),
    [("1e-30%", "0.000000000000000000000000000001%"), ("-0%", "0%"), ("-0", "0%"),
     ("0E-999999999%", "0%"), ("99.90000000000000000000000000000000%", "99.9%")],
)  # fmt: skip
def test_edge_percentages_read_and_print_sanely(text: str, shown: str) -> None:
    assert percent_text(parse_percent(text)) == shown


def test_negative_zero_prints_as_zero() -> None:
    assert percent_text(Decimal("-0")) == "0%"
    assert not parse_percent("-0%").is_signed()


def test_an_out_of_bounds_decimal_prints_short() -> None:
    # Not something parse_percent returns, but percent_text must not print 100,000 zeros.
    assert percent_text(Decimal("1E-99999")) == "1E-99997%"


def test_a_many_digit_goal_survives_a_json_round_trip() -> None:
    goal = Goal(goal="0.123456789012345678901234567891")
    assert goal.model_dump(mode="json") == {"goal": "12.3456789012345678901234567891%"}
    again = Goal.model_validate_json(goal.model_dump_json())
    assert again.goal == Decimal("0.123456789012345678901234567891")
