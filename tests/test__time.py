"""Unit tests for ``slakit._time``: aware-datetime checks and integer microseconds.

Anchor worked out by hand: 2026-01-01 is day 56 * 365 + 14 = 20454 after the
epoch (14 leap days, 1972..2024), i.e. 1_767_225_600 seconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit._time import (
    EPOCH,
    ONE_US,
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_MINUTE,
    US_PER_SECOND,
    check_instant,
    check_timezone,
    duration_text,
    from_us,
    parse_instant,
    quick_instant,
    require_aware,
    timedelta_of,
    to_duration_us,
    to_us,
    us_text,
)
from slakit.errors import CalendarError, DataFileError, NaiveDatetimeError, UsageError

DUBLIN = ZoneInfo("Europe/Dublin")
JAN_1_2026_US = 1_767_225_600 * 1_000_000


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: Python counts such datetimes as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_constants() -> None:
    assert datetime(1970, 1, 1, tzinfo=UTC) == EPOCH
    assert timedelta(microseconds=1) == ONE_US
    assert (US_PER_SECOND, US_PER_MINUTE, US_PER_HOUR) == (10**6, 6 * 10**7, 36 * 10**8)
    assert US_PER_DAY == 86_400_000_000


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(1970, 1, 1, tzinfo=UTC), 0),
        # 01:00 at UTC+1 is the epoch itself.
        (datetime(1970, 1, 1, 1, tzinfo=timezone(timedelta(hours=1))), 0),
        (datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC), 1),
        (datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), -1),
        (datetime(2026, 1, 1, tzinfo=UTC), JAN_1_2026_US),
        # Dublin is on GMT in January.
        (datetime(2026, 1, 1, tzinfo=DUBLIN), JAN_1_2026_US),
        # 2026-07-01 is day 181 of the year; 01:00 IST is midnight UTC.
        (datetime(2026, 7, 1, 1, tzinfo=DUBLIN), JAN_1_2026_US + 181 * 86_400_000_000),
    ],
)
def test_to_us(instant: datetime, expected: int) -> None:
    assert to_us(instant, "instant") == expected


def test_from_us_shows_the_instant_in_the_given_zone() -> None:
    assert from_us(JAN_1_2026_US, UTC) == datetime(2026, 1, 1, tzinfo=UTC)
    summer = from_us(JAN_1_2026_US + 181 * 86_400_000_000, DUBLIN)
    assert summer.tzinfo is DUBLIN
    assert (summer.hour, summer.utcoffset()) == (1, timedelta(hours=1))
    assert from_us(-1, UTC) == datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)


def test_round_trip_is_exact_to_the_microsecond() -> None:
    instant = datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=UTC)
    assert from_us(to_us(instant, "t"), UTC) == instant
    assert from_us(to_us(instant, "t") + 1, UTC) == datetime(2026, 3, 29, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (timedelta(0), 0),
        (timedelta(microseconds=1), 1),
        (timedelta(microseconds=-1), -1),
        (timedelta(days=1), 86_400_000_000),
        (timedelta(days=36500, microseconds=7), 36500 * 86_400_000_000 + 7),
    ],
)
def test_to_duration_us(value: timedelta, expected: int) -> None:
    assert to_duration_us(value, "duration") == expected
    assert timedelta_of(expected) == value


@pytest.mark.parametrize("value", [3600, 1.5, "PT1H", None])
def test_to_duration_us_needs_a_timedelta(value: object) -> None:
    with pytest.raises(TypeError, match="target must be a timedelta"):
        to_duration_us(value, "target")  # type: ignore[arg-type]


def test_require_aware_returns_an_aware_datetime() -> None:
    instant = datetime(2026, 3, 2, 9, tzinfo=DUBLIN)
    assert require_aware(instant, "opened_at") is instant


def test_require_aware_names_the_argument_of_a_naive_datetime() -> None:
    naive = datetime(2026, 1, 1)  # noqa: DTZ001
    with pytest.raises(
        NaiveDatetimeError, match=r"^opened_at is a naive datetime \(2026-01-01 00:00:00\)"
    ) as caught:
        require_aware(naive, "opened_at")
    assert caught.value.argument == "opened_at"


def test_a_tzinfo_without_an_offset_is_naive() -> None:
    unknown = datetime(2026, 1, 1, tzinfo=NoOffset())
    with pytest.raises(NaiveDatetimeError, match=r"^opened_at is a naive datetime"):
        require_aware(unknown, "opened_at")


@pytest.mark.parametrize(
    ("value", "kind"),
    [(date(2026, 1, 1), "a date"), ("2026-01-01T00:00:00Z", "str"), (None, "NoneType")],
)
def test_require_aware_refuses_other_types(value: object, kind: str) -> None:
    with pytest.raises(TypeError, match=f"opened_at must be an aware datetime, not {kind}"):
        require_aware(value, "opened_at")


def test_to_us_refuses_naive_datetimes_and_dates() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"^start is a naive datetime"):
        to_us(datetime(2026, 1, 1), "start")  # noqa: DTZ001
    with pytest.raises(TypeError, match="start must be an aware datetime, not a date"):
        to_us(date(2026, 1, 1), "start")  # type: ignore[arg-type]


def test_to_us_refuses_a_tzinfo_without_an_offset() -> None:
    # Python's definition of naive: tzinfo is None *or* utcoffset() returns None.
    # DESIGN.md §1.2: a naive datetime raises NaiveDatetimeError naming the argument.
    with pytest.raises(NaiveDatetimeError, match=r"^start is a naive datetime"):
        to_us(datetime(2026, 1, 1, tzinfo=NoOffset()), "start")


# -- parse_instant: the one instant parser (files, frames, the command line) ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-05T09:30:00+01:00", datetime(2026, 10, 5, 8, 30, tzinfo=UTC)),
        ("2026-10-05T09:30:00Z", datetime(2026, 10, 5, 9, 30, tzinfo=UTC)),
        (" 2026-10-05 09:30+00:00 ", datetime(2026, 10, 5, 9, 30, tzinfo=UTC)),
        ("2026-10-05T09:30:00.000001-05:00", datetime(2026, 10, 5, 14, 30, 0, 1, tzinfo=UTC)),
    ],
)
def test_parse_instant(text: str, expected: datetime) -> None:
    assert parse_instant(text, "at") == expected


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("2026-10-05", "2026-10-05T00:00:00+00:00 or 2026-10-05T00:00:00Z"),
        ("2026-10-05 09:30", "2026-10-05T09:30:00+00:00 or 2026-10-05T09:30:00Z"),
    ],
)
def test_a_missing_offset_gets_a_fix_that_parses(text: str, fix: str) -> None:
    with pytest.raises(NaiveDatetimeError) as raised:
        parse_instant(text, "opened_at")
    assert str(raised.value) == f"opened_at: {text!r} has no UTC offset; write e.g. {fix}"
    assert raised.value.fix == fix
    for suggestion in fix.split(" or "):
        parse_instant(suggestion, "suggestion")  # raises if the fix does not parse


def test_not_an_instant_raises_the_error_class_asked_for() -> None:
    with pytest.raises(UsageError) as raised:
        parse_instant("soon", "", UsageError)
    assert str(raised.value) == (
        "'soon' is not an ISO 8601 instant; write e.g. 2026-10-05T09:30:00+01:00"
    )


def test_long_text_is_refused_before_parsing_and_shown_short() -> None:
    with pytest.raises(DataFileError) as raised:
        parse_instant("2026-10-05T09:30:00" + " " * 100_000 + "Z", "at")
    assert str(raised.value) == (
        "at: '2026-10-05T09:30:00 '... (100,020 characters) is not an ISO 8601 instant; "
        "write e.g. 2026-10-05T09:30:00+01:00"
    )


def test_check_instant_years() -> None:
    assert check_instant(datetime(2999, 12, 31, 23, tzinfo=UTC), "at").year == 2999
    with pytest.raises(
        DataFileError, match=r"^at: 1899-12-31T23:59:59\+00:00 is in the year 1899,"
    ):
        check_instant(datetime(1899, 12, 31, 23, 59, 59, tzinfo=UTC), "at")
    # Year 1 with a positive offset cannot even be converted to UTC: named as written.
    with pytest.raises(DataFileError, match=r"is in the year 1, outside the years"):
        check_instant(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))), "at")


# -- check_timezone: the one timezone check ------------------------------------------------------


@pytest.mark.parametrize("name", ["UTC", "Europe/Dublin", "America/Chicago", "Asia/Singapore"])
def test_check_timezone_accepts_iana_names(name: str) -> None:
    assert check_timezone(name) == name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mars/Olympus", "unknown timezone 'Mars/Olympus'"),
        ("America", "unknown timezone 'America'"),  # a folder of zones
        ("", "unknown timezone ''"),
        ("../../etc/passwd", "unknown timezone '../../etc/passwd'"),
        ("x" * 300, "unknown timezone 'xxxxxxxxxxxxxxxxxxxx'... (300 characters)"),
        ("localtime", "'localtime' is the machine's own timezone, not a name"),
        (5, "5 (int) is not a timezone name"),
        (None, "None (NoneType) is not a timezone name"),
    ],
)
def test_check_timezone_refuses(value: object, expected: str) -> None:
    with pytest.raises(CalendarError) as raised:
        check_timezone(value)
    assert str(raised.value) == (
        f"{expected}; use an IANA name such as Europe/Dublin, America/Chicago or UTC"
    )


# -- the fast paths of status records and data files: the same answers as the slow ones -------


def _reference_text(us: int) -> str:
    """A duration's text, as docs/concepts.md describes it, written independently."""
    sign, us = ("-" if us < 0 else ""), abs(us)
    hours, minutes = us // US_PER_HOUR, us // US_PER_MINUTE % 60
    seconds, micro = us // US_PER_SECOND % 60, us % US_PER_SECOND
    parts = [f"{hours}h"] * bool(hours) + [f"{minutes}m"] * bool(minutes)
    if seconds or micro or not parts:
        parts.append(f"{seconds}" + (f".{micro:06d}".rstrip("0") if micro else "") + "s")
    return sign + " ".join(parts)


_WHOLE = st.builds(
    lambda h, m, s: h * US_PER_HOUR + m * US_PER_MINUTE + s * US_PER_SECOND,
    st.sampled_from((0, 1, 27, 10**6)),
    st.integers(0, 59),
    st.integers(0, 59),
)


@settings(max_examples=400)
@given(st.integers(-(10**16), 10**16) | _WHOLE | _WHOLE.map(lambda us: -us))
def test_us_text_is_the_text_of_a_duration(us: int) -> None:
    assert us_text(us) == _reference_text(us) == duration_text(ONE_US * us)


_OFFSETS = ("Z", "+00:00", "+01:00", "-05:00", "+23:59", "-23:59", "+05:30:15", "")
_YEARS = (1899, 1900, 1901, 2026, 2998, 2999, 3000)


@st.composite
def _instant_texts(draw: st.DrawFn) -> str:
    year = draw(st.sampled_from(_YEARS))
    month, day = draw(st.sampled_from(((1, 1), (12, 31), (6, 15))))
    clock = draw(st.sampled_from(("00:00:00", "00:30", "23:30:00.5", "12:00:00")))
    text = f"{year:04d}-{month:02d}-{day:02d}T{clock}{draw(st.sampled_from(_OFFSETS))}"
    return draw(st.sampled_from((text, f"  {text} ", text[:10], text + "x", "x" * 70, "")))


@settings(max_examples=300)
@given(_instant_texts())
def test_quick_instant_is_parse_instant_or_leaves_it_the_text(text: str) -> None:
    quick = quick_instant(text)
    try:
        parsed = parse_instant(text, "here")
    except (DataFileError, NaiveDatetimeError):
        assert quick is None
        return
    if quick is not None:
        assert (quick, quick.tzinfo) == (parsed, parsed.tzinfo)
        assert quick.isoformat() == parsed.isoformat()
