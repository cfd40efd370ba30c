"""Unit tests for ``slakit._time``: aware-datetime checks and integer microseconds.

Anchor worked out by hand: 2026-01-01 is day 56 * 365 + 14 = 20454 after the
epoch (14 leap days, 1972..2024), i.e. 1_767_225_600 seconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from slakit._time import (
    EPOCH,
    ONE_US,
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_MINUTE,
    US_PER_SECOND,
    from_us,
    require_aware,
    timedelta_of,
    to_duration_us,
    to_us,
)
from slakit.errors import NaiveDatetimeError

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
