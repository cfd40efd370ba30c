"""Durations written as text: ``"2h"``, ``"1h 30m"``, ``"15 minutes"``, ISO 8601 ``"PT2H"``.

>>> parse_duration("1h 30m"), format_duration(timedelta(minutes=90))
(datetime.timedelta(seconds=5400), '90m')
"""

from __future__ import annotations

import re
from datetime import timedelta
from fractions import Fraction
from typing import Annotated, Any

import pydantic
from pydantic import BeforeValidator

from slakit._text import shown
from slakit._time import US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND
from slakit.errors import PolicyError

__all__ = [
    "DURATION_HELP",
    "MAX_DURATION",
    "MAX_DURATION_TEXT",
    "DurationField",
    "check_duration",
    "format_duration",
    "parse_duration",
]

_UNITS = {
    "d": US_PER_DAY, "day": US_PER_DAY, "days": US_PER_DAY,
    "h": US_PER_HOUR, "hr": US_PER_HOUR, "hrs": US_PER_HOUR, "hour": US_PER_HOUR,
    "hours": US_PER_HOUR, "m": US_PER_MINUTE, "min": US_PER_MINUTE, "mins": US_PER_MINUTE,
    "minute": US_PER_MINUTE, "minutes": US_PER_MINUTE, "s": US_PER_SECOND,
    "sec": US_PER_SECOND, "secs": US_PER_SECOND, "second": US_PER_SECOND,
    "seconds": US_PER_SECOND,
}  # fmt: skip
_UNIT_NAMES = {US_PER_DAY: "days", US_PER_HOUR: "hours", US_PER_MINUTE: "minutes",
               US_PER_SECOND: "seconds"}  # fmt: skip
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_ISO_DURATION = pydantic.TypeAdapter(timedelta)
DURATION_HELP = 'write e.g. "2h", "30m", "5 business days"'
#: The longest duration slakit accepts (100 years): longer is a typo or an attack,
#: and would overflow ``timedelta`` or search calendars for centuries.
MAX_DURATION = timedelta(days=36_525)
#: Longest duration text read; checked before any pattern runs.
MAX_DURATION_TEXT = 64


def parse_duration(text: str, *, as_written: str | None = None) -> timedelta:
    """``"2h"``, ``"1h 30m"``, ``"15 minutes"``, ``"1.5h"`` as an exact timedelta.

    ``as_written`` is the text errors quote (a caller that strips a clock word
    such as ``24x7`` first passes the whole text).

    >>> parse_duration("1h 30m"), parse_duration("0.25 hours")
    (datetime.timedelta(seconds=5400), datetime.timedelta(seconds=900))
    >>> parse_duration("PT2H")  # ISO 8601, as JSON dumps write it
    datetime.timedelta(seconds=7200)
    >>> parse_duration("4h 4h")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: "4h 4h" gives hours more than once; give each unit once, \
e.g. "1h 30m"
    >>> parse_duration("99999999999999999999d")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: "99999999999999999999d" is longer than 100 years, the longest \
duration slakit accepts

    Raises:
        PolicyError: not a duration, a unit given twice (``"4h4h"``), longer than
            :data:`MAX_DURATION_TEXT` characters, not a whole number of
            microseconds, or longer than :data:`MAX_DURATION`.
    """
    quoted = text if as_written is None else as_written
    if len(text) > MAX_DURATION_TEXT:  # before the patterns run: they backtrack on digits
        raise PolicyError(
            f"{shown(quoted)} is too long to be a duration (at most {MAX_DURATION_TEXT} "
            f"characters); {DURATION_HELP}"
        )
    compact = text.strip().lower()
    if compact.startswith("p"):  # ISO 8601, as JSON dumps write timedeltas
        try:
            return check_duration(_ISO_DURATION.validate_python(text.strip().upper()), quoted)
        except pydantic.ValidationError as error:
            if "too large" in str(error):  # pydantic's words for an overflowing number
                raise PolicyError(_too_long(quoted)) from None
            raise PolicyError(f'"{quoted}" is not a duration; {DURATION_HELP}') from None
    parts = _PART.findall(compact)
    if not parts or _PART.sub("", compact).strip(" ,") or any(u not in _UNITS for _, u in parts):
        raise PolicyError(f'"{quoted}" is not a duration; {DURATION_HELP}')
    sizes = [_UNITS[unit] for _, unit in parts]
    if repeated := next((size for n, size in enumerate(sizes) if size in sizes[:n]), None):
        # "4h4h" is most likely a typo; adding the parts up would hide it.
        raise PolicyError(
            f'"{quoted}" gives {_UNIT_NAMES[repeated]} more than once; give each unit once, '
            'e.g. "1h 30m"'
        )
    total = sum((Fraction(number) * _UNITS[unit] for number, unit in parts), Fraction(0))
    if total.denominator != 1:
        raise PolicyError(f'"{quoted}" is not a whole number of microseconds')
    if abs(total) > MAX_DURATION // timedelta(microseconds=1):  # timedelta would overflow
        raise PolicyError(_too_long(quoted))
    return timedelta(microseconds=int(total))


def check_duration(value: timedelta, text: object = None) -> timedelta:
    """``value`` unchanged if it is at most :data:`MAX_DURATION` either way.

    >>> check_duration(timedelta(days=36_526))
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: 36526 days, 0:00:00 is longer than 100 years, the longest \
duration slakit accepts
    """
    if abs(value) > MAX_DURATION:
        raise PolicyError(_too_long(value if text is None else text))
    return value


def _too_long(text: object) -> str:
    quoted = f'"{text}"' if isinstance(text, str) and len(text) <= 40 else str(text)
    return f"{quoted} is longer than 100 years, the longest duration slakit accepts"


def format_duration(value: timedelta, *, days: bool = True) -> str:
    """The shortest exact text of a duration: ``"90m"``, ``"4h"``, ``"5d"``.

    ``days=False`` stops at hours, for business time where "1d" would read
    as a business day.

    >>> format_duration(timedelta(minutes=90)), format_duration(timedelta(days=1), days=False)
    ('90m', '24h')
    """
    us = value // timedelta(microseconds=1)
    units = (("d", US_PER_DAY), ("h", US_PER_HOUR), ("m", US_PER_MINUTE))
    for unit, size in units if days else units[1:]:
        if us % size == 0:
            return f"{us // size}{unit}"
    return f"{value.total_seconds():g}s"


def _duration_field(value: Any) -> Any:
    # PolicyError is a ValueError: pydantic reports it under the field's name.
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, timedelta):
        return check_duration(value)
    return value


DurationField = Annotated[
    timedelta, BeforeValidator(_duration_field, json_schema_input_type=str | timedelta)
]
"""A model field that accepts a timedelta or any text :func:`parse_duration` reads,
at most :data:`MAX_DURATION` either way."""
