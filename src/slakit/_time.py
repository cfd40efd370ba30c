"""Aware-datetime checks and the integer-microsecond time line used inside slakit.

Instants are handled internally as integer microseconds since the Unix epoch
(UTC), durations as integer microseconds: integers are exact, floats are not.

>>> from datetime import datetime, timedelta, timezone
>>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> from_us(to_us(t, "t") + to_duration_us(timedelta(hours=1), "d"), t.tzinfo)
datetime.datetime(2026, 1, 1, 1, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from slakit.errors import NaiveDatetimeError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR


def require_aware(value: object, argument: str) -> datetime:
    """Return ``value`` if it is an aware datetime, else raise a clear error.

    >>> require_aware(datetime(2026, 1, 1), "opened_at")
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: opened_at is a naive datetime (2026-01-01 00:00:00); ...
    """
    if not isinstance(value, datetime):
        kind = "a date" if isinstance(value, date) else type(value).__name__
        raise TypeError(f"{argument} must be an aware datetime, not {kind} ({value!r})")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value


def to_us(value: datetime, argument: str) -> int:
    """Microseconds since the epoch of an aware datetime (raises on a naive one)."""
    try:
        return (value - EPOCH) // ONE_US
    except TypeError:
        # naive (or a tzinfo without an offset), or not a datetime at all
        require_aware(value, argument)
        raise


def from_us(us: int, tz: tzinfo | None) -> datetime:
    """The instant ``us`` microseconds after the epoch, shown in ``tz``."""
    # ONE_US * us is the cheapest exact way to build a timedelta from an int.
    return (EPOCH + ONE_US * us).astimezone(tz)


def to_duration_us(value: timedelta, argument: str) -> int:
    """Microseconds of a timedelta (exact)."""
    if not isinstance(value, timedelta):
        raise TypeError(f"{argument} must be a timedelta, not {type(value).__name__} ({value!r})")
    return value // ONE_US


def timedelta_of(us: int) -> timedelta:
    """A timedelta of ``us`` microseconds."""
    return ONE_US * us
