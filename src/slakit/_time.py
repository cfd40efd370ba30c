"""Aware-datetime checks and the integer-microsecond time line used inside slakit.

Instants are handled internally as integer microseconds since the Unix epoch
(UTC), durations as integer microseconds: integers are exact, floats are not.

>>> from datetime import datetime, timedelta, timezone
>>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> from_us(to_us(t, "t") + to_duration_us(timedelta(hours=1), "d"), t.tzinfo)
datetime.datetime(2026, 1, 1, 1, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slakit._text import shown
from slakit.errors import (
    CalendarError,
    DataFileError,
    NaiveDatetimeError,
    SlakitError,
    WrongTypeError,
)

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
        raise WrongTypeError(f"{argument} must be an aware datetime, not {kind} ({value!r})")
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
        raise WrongTypeError(
            f"{argument} must be a timedelta, not {type(value).__name__} ({value!r})"
        )
    return value // ONE_US


def timedelta_of(us: int) -> timedelta:
    """A timedelta of ``us`` microseconds."""
    return ONE_US * us


def duration_text(value: timedelta) -> str:
    """A duration as exact text in hours, minutes and seconds (``"-25m"``, ``"3h 12m"``).

    The one text form of a duration, never in days (see ``slakit.clock.duration_text``,
    its public name).

    >>> duration_text(timedelta(minutes=-25)), duration_text(timedelta(hours=3, minutes=12))
    ('-25m', '3h 12m')
    """
    return us_text(value // ONE_US)


def us_text(us: int) -> str:
    """:func:`duration_text` of ``us`` microseconds (no timedelta built).

    >>> us_text(-25 * US_PER_MINUTE), us_text(1), us_text(3 * US_PER_HOUR + US_PER_SECOND)
    ('-25m', '0.000001s', '3h 1s')
    """
    if us < 0:
        return "-" + us_text(-us)
    seconds, micro = divmod(us, US_PER_SECOND)
    if micro:
        return _parts_text(us)
    # Whole seconds, as most durations are: the parts without a list.
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    if hours:
        if minute:
            return f"{hours}h {minute}m {second}s" if second else f"{hours}h {minute}m"
        return f"{hours}h {second}s" if second else f"{hours}h"
    if minute:
        return f"{minute}m {second}s" if second else f"{minute}m"
    return f"{second}s"


def _parts_text(us: int) -> str:
    """:func:`us_text` of ``us`` (0 or more) microseconds, part by part."""
    hours, rest = divmod(us, US_PER_HOUR)
    minutes, rest = divmod(rest, US_PER_MINUTE)
    seconds, micro = divmod(rest, US_PER_SECOND)
    parts = [f"{hours}h"] if hours else []
    if minutes:
        parts.append(f"{minutes}m")
    if seconds or micro or not parts:
        fraction = f".{micro:06d}".rstrip("0") if micro else ""
        parts.append(f"{seconds}{fraction}s")
    return " ".join(parts)


# -- instants and timezones as users write them ----------------------------------------------

FIRST_YEAR = 1900
LAST_YEAR = 2999
"""The UTC years slakit computes in: calendars compile one year at a time between them."""

INSTANT_EXAMPLE = "2026-10-05T09:30:00+01:00"
# ISO 8601 instants are at most ~40 characters; longer text is refused before parsing.
LONGEST_INSTANT = 64
LONGEST_ZONE_NAME = 64
ZONE_HELP = "use an IANA name such as Europe/Dublin, America/Chicago or UTC"


def parse_instant(value: str, where: str, error: type[SlakitError] = DataFileError) -> datetime:
    """An aware datetime from ISO 8601 text with a UTC offset; errors name ``where``.

    The one instant parser of files, frames and the command line. Text
    without an offset raises :class:`NaiveDatetimeError` with a fix that
    parses; anything else wrong raises ``error`` (``DataFileError`` for files).

    >>> parse_instant("2026-10-05T09:30:00Z", "opened_at")
    datetime.datetime(2026, 10, 5, 9, 30, tzinfo=datetime.timezone.utc)
    >>> parse_instant("2026-10-05", "tickets.csv, row 2, column opened_at")
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: tickets.csv, row 2, column opened_at: '2026-10-05' has no \
UTC offset; write e.g. 2026-10-05T00:00:00+00:00 or 2026-10-05T00:00:00Z

    Args:
        value: the text, e.g. ``"2026-10-05T09:30:00+01:00"`` (surrounding blanks are ignored).
        where: what to name in errors (``"tickets.csv, row 5, column opened_at"``); may be empty.
        error: the class of the error for text that is not an instant, or out of range.

    Returns:
        The instant, with the offset as written.

    Raises:
        NaiveDatetimeError: the text has no UTC offset.
        SlakitError: (of class ``error``) not an ISO 8601 instant, or outside the years
            1900 to 2999.
    """
    text = value.strip()
    parsed = None
    if len(text) <= LONGEST_INSTANT:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None:
        raise error(
            f"{_prefix(where)}{shown(text)} is not an ISO 8601 instant; "
            f"write e.g. {INSTANT_EXAMPLE}"
        )
    if parsed.tzinfo is None:
        fixed = parsed.isoformat()  # a date alone gains its midnight, so the fix parses
        raise NaiveDatetimeError(where, text, f"{fixed}+00:00 or {fixed}Z")
    return check_instant(parsed, where, error)


def quick_instant(value: str) -> datetime | None:
    """What :func:`parse_instant` returns for ``value`` when it is an instant with an offset
    well inside the years slakit computes; else ``None`` (then :func:`parse_instant` runs,
    and raises or checks the rest). For hot loops: no ``where`` text is built.

    >>> quick_instant(" 2026-10-05T09:30:00Z ").hour, quick_instant("2026-10-05")
    (9, None)
    """
    text = value.strip()
    if len(text) > LONGEST_INSTANT:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    zone = parsed.tzinfo
    # fromisoformat gives a fixed offset (a datetime.timezone, never without an offset).
    if zone is None or (type(zone) is not timezone and parsed.utcoffset() is None):
        return None
    # As check_instant: an offset is under a day, so the year in UTC is in range too.
    return parsed if FIRST_YEAR < parsed.year < LAST_YEAR else None


def check_instant(
    value: datetime, where: str, error: type[SlakitError] = DataFileError
) -> datetime:
    """``value`` if it is aware and within the years slakit computes, else a clear error.

    >>> from datetime import timezone
    >>> check_instant(datetime(3100, 1, 1, tzinfo=timezone.utc), "at")
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: at: 3100-01-01T00:00:00+00:00 is in the year 3100, outside \
the years slakit computes (1900 to 2999)

    Raises:
        NaiveDatetimeError: ``value`` has no timezone.
        SlakitError: (of class ``error``) its year, as written or in UTC, is not 1900 to 2999.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(where, value)
    year, in_utc = value.year, ""
    if FIRST_YEAR < year < LAST_YEAR:
        return value  # an offset is under a day: the year in UTC is in range too
    if FIRST_YEAR <= year <= LAST_YEAR:
        # In range as written, so converting to UTC cannot overflow.
        year, in_utc = value.astimezone(UTC).year, " in UTC"
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise error(
            f"{_prefix(where)}{value.isoformat()} is in the year {year}{in_utc}, outside the "
            f"years slakit computes ({FIRST_YEAR} to {LAST_YEAR})"
        )
    return value


def check_timezone(value: object) -> str:
    """``value`` if it names an IANA timezone, else a ``CalendarError`` saying what is allowed.

    The one timezone check of calendars, contracts, months and maintenance.
    ``CalendarError`` is a ``ValueError``, so a model reports it under the
    field's name (``billing_timezone: ...``).

    >>> check_timezone("Europe/Dublin")
    'Europe/Dublin'
    >>> check_timezone(5)
    Traceback (most recent call last):
    ...
    slakit.errors.CalendarError: 5 (int) is not a timezone name; use an IANA name such as \
Europe/Dublin, America/Chicago or UTC

    Raises:
        CalendarError: not a string, or no such timezone.
    """
    if not isinstance(value, str):
        raise CalendarError(
            f"{value!r} ({type(value).__name__}) is not a timezone name; {ZONE_HELP}"
        )
    if value == "localtime":
        raise CalendarError(f"'localtime' is the machine's own timezone, not a name; {ZONE_HELP}")
    try:
        if len(value) > LONGEST_ZONE_NAME:
            raise ValueError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of zones ("America") or a name too long for the file system.
        raise CalendarError(f"unknown timezone {shown(value)}; {ZONE_HELP}") from None
    return value


def _prefix(where: str) -> str:
    return f"{where}: " if where else ""
