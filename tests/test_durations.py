"""slakit.durations: durations written as text, read exactly and written back shortest.

Expected values are arithmetic: 1 h = 3,600 s, 1 d = 86,400 s, and the
longest duration accepted is 100 years of 365.25 days = 36,525 days.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import BaseModel, ValidationError

from slakit.durations import (
    MAX_DURATION,
    DurationField,
    check_duration,
    format_duration,
    parse_duration,
)
from slakit.errors import PolicyError
from timing import finishes_within

H = timedelta(hours=1)
M = timedelta(minutes=1)
HELP = 'write e.g. "2h", "30m", "5 business days"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", 2 * H),
        ("1h 30m", 90 * M),
        ("1h, 30m", 90 * M),
        ("15 minutes", 15 * M),
        ("90 mins", 90 * M),
        ("1 hr", H),
        ("1.5h", 90 * M),
        ("0.25 hours", 15 * M),
        ("30 seconds", timedelta(seconds=30)),
        ("45 sec", timedelta(seconds=45)),
        ("1d", timedelta(days=1)),
        ("2 days 4h", timedelta(hours=52)),
        ("  4 HOURS ", 4 * H),
        ("0.000001s", timedelta(microseconds=1)),
        # ISO 8601, as JSON dumps write timedeltas, in either case.
        ("PT2H", 2 * H),
        ("pt30m", 30 * M),
        ("P1DT2H", 26 * H),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2 hourz", f'"2 hourz" is not a duration; {HELP}'),
        ("", f'"" is not a duration; {HELP}'),
        ("1h 30", f'"1h 30" is not a duration; {HELP}'),
        ("-1h", f'"-1h" is not a duration; {HELP}'),
        ("two hours", f'"two hours" is not a duration; {HELP}'),
        ("P", f'"P" is not a duration; {HELP}'),
        ("0.0000001s", '"0.0000001s" is not a whole number of microseconds'),
        # 36,526 days is one day more than 100 years.
        ("36526d", '"36526d" is longer than 100 years, the longest duration slakit accepts'),
        (
            "876601h",  # 36,525 × 24 = 876,600 hours
            '"876601h" is longer than 100 years, the longest duration slakit accepts',
        ),
        (
            "P99999999999D",
            '"P99999999999D" is longer than 100 years, the longest duration slakit accepts',
        ),
    ],
)
def test_parse_duration_refuses(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_duration(text)
    assert str(raised.value) == message


def test_the_longest_duration_is_100_years() -> None:
    assert timedelta(days=36_525) == MAX_DURATION
    assert parse_duration("36525d") == timedelta(days=36_525)
    assert parse_duration("876600h") == timedelta(days=36_525)


def test_errors_quote_the_text_as_written() -> None:
    # A caller that strips a clock word first still shows the user's whole text.
    with pytest.raises(PolicyError) as raised:
        parse_duration("2 hourz", as_written="2 hourz 24x7")
    assert str(raised.value) == f'"2 hourz 24x7" is not a duration; {HELP}'


def test_a_duration_text_of_64_characters_is_read_and_65_is_refused() -> None:
    assert parse_duration("2h" + " " * 62) == 2 * H
    with pytest.raises(PolicyError) as raised:
        parse_duration("2h" + " " * 63)
    assert str(raised.value) == (
        "'2h                  '... (65 characters) is too long to be a duration "
        f"(at most 64 characters); {HELP}"
    )


@pytest.mark.parametrize("hostile", ["1" * 30_000 + "x", "1 " * 20_000, "P" + "9" * 30_000 + "D"])
def test_a_long_duration_text_is_refused_at_once(hostile: str) -> None:
    with pytest.raises(PolicyError) as raised:
        finishes_within(2, lambda: parse_duration(hostile))
    assert str(raised.value).endswith(
        'characters) is too long to be a duration (at most 64 characters); write e.g. "2h", '
        '"30m", "5 business days"'
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (90 * M, "90m"),
        (4 * H, "4h"),
        (timedelta(days=5), "5d"),
        (timedelta(days=1, minutes=30), "1470m"),
        (timedelta(seconds=90), "90s"),
        (timedelta(milliseconds=1500), "1.5s"),
    ],
)
def test_format_duration_is_the_shortest_exact_text(value: timedelta, text: str) -> None:
    assert format_duration(value) == text
    assert parse_duration(text) == value


def test_format_duration_without_days_stops_at_hours() -> None:
    # In business time "1d" would read as a business day.
    assert format_duration(timedelta(days=1), days=False) == "24h"
    assert format_duration(timedelta(days=2, hours=1), days=False) == "49h"


def test_check_duration() -> None:
    assert check_duration(timedelta(days=36_525)) == timedelta(days=36_525)
    assert check_duration(-timedelta(days=36_525)) == -timedelta(days=36_525)
    with pytest.raises(PolicyError) as raised:
        check_duration(-timedelta(days=36_526))
    assert str(raised.value) == (
        "-36526 days, 0:00:00 is longer than 100 years, the longest duration slakit accepts"
    )
    with pytest.raises(PolicyError) as raised:
        check_duration(timedelta(days=36_526), "a century and a day")
    assert str(raised.value) == (
        '"a century and a day" is longer than 100 years, the longest duration slakit accepts'
    )


class Window(BaseModel):
    length: DurationField


def test_a_duration_field_takes_text_or_a_timedelta() -> None:
    assert Window(length="1h 30m").length == 90 * M  # type: ignore[arg-type]
    assert Window(length=2 * H).length == 2 * H
    with pytest.raises(ValidationError, match='"2 hourz" is not a duration'):
        Window(length="2 hourz")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="is longer than 100 years"):
        Window(length=timedelta(days=40_000))


@pytest.mark.parametrize(
    ("text", "unit"),
    [("4h4h", "hours"), ("1h 1h", "hours"), ("1 hour 30 minutes 2 hrs", "hours"),
     ("1d 2 days", "days"), ("5m 10 min", "minutes"), ("1s 1 sec", "seconds")],
)  # fmt: skip
def test_a_unit_given_twice_is_refused(text: str, unit: str) -> None:
    # Before: "4h4h" was silently 8 hours.
    with pytest.raises(PolicyError) as raised:
        parse_duration(text)
    assert str(raised.value) == (
        f'"{text}" gives {unit} more than once; give each unit once, e.g. "1h 30m"'
    )


def test_each_unit_once_in_any_order_is_read() -> None:
    assert parse_duration("30m 1h") == timedelta(hours=1, minutes=30)
    assert parse_duration("1h 60m") == timedelta(hours=2)
