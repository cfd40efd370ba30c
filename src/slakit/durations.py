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

from slakit._time import US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND
from slakit.errors import PolicyError

__all__ = ["DURATION_HELP", "DurationField", "format_duration", "parse_duration"]

_UNITS = {
    "d": US_PER_DAY, "day": US_PER_DAY, "days": US_PER_DAY,
    "h": US_PER_HOUR, "hr": US_PER_HOUR, "hrs": US_PER_HOUR, "hour": US_PER_HOUR,
    "hours": US_PER_HOUR, "m": US_PER_MINUTE, "min": US_PER_MINUTE, "mins": US_PER_MINUTE,
    "minute": US_PER_MINUTE, "minutes": US_PER_MINUTE, "s": US_PER_SECOND,
    "sec": US_PER_SECOND, "secs": US_PER_SECOND, "second": US_PER_SECOND,
    "seconds": US_PER_SECOND,
}  # fmt: skip
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_ISO_DURATION = pydantic.TypeAdapter(timedelta)
DURATION_HELP = 'write e.g. "2h", "30m", "5 business days"'


def parse_duration(text: str) -> timedelta:
    """``"2h"``, ``"1h 30m"``, ``"15 minutes"``, ``"1.5h"`` as an exact timedelta.

    >>> parse_duration("1h 30m"), parse_duration("0.25 hours")
    (datetime.timedelta(seconds=5400), datetime.timedelta(seconds=900))
    >>> parse_duration("PT2H")  # ISO 8601, as JSON dumps write it
    datetime.timedelta(seconds=7200)
    """
    compact = text.strip().lower()
    if compact.startswith("p"):  # ISO 8601, as JSON dumps write timedeltas
        try:
            return _ISO_DURATION.validate_python(text.strip().upper())
        except pydantic.ValidationError:
            raise PolicyError(f'"{text}" is not a duration; {DURATION_HELP}') from None
    parts = _PART.findall(compact)
    if not parts or _PART.sub("", compact).strip(" ,") or any(u not in _UNITS for _, u in parts):
        raise PolicyError(f'"{text}" is not a duration; {DURATION_HELP}')
    total = sum(Fraction(number) * _UNITS[unit] for number, unit in parts)
    if total.denominator != 1:
        raise PolicyError(f'"{text}" is not a whole number of microseconds')
    return timedelta(microseconds=int(total))


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
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except PolicyError as error:
            raise ValueError(str(error)) from None
    return value


DurationField = Annotated[
    timedelta, BeforeValidator(_duration_field, json_schema_input_type=str | timedelta)
]
"""A model field that accepts a timedelta or any text :func:`parse_duration` reads."""
