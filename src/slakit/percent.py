"""Exact percentages: read from and written as text such as ``"99.9%"``.

Percentages that decide money (availability bands, compliance goals, caps)
are exact decimals, so 99.9% exactly is not below 99.9%.

>>> parse_percent("99.9%") < Decimal("0.999")
False
>>> percent_text(parse_percent("99.95%"))
'99.95%'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from slakit._text import shown
from slakit.errors import PolicyError

__all__ = [
    "LONGEST_PERCENT",
    "MAX_PERCENT_DIGITS",
    "MAX_PERCENT_PLACES",
    "Percent",
    "parse_percent",
    "percent_text",
]

# A percentage is a few digits; longer text is refused before Decimal reads it.
LONGEST_PERCENT = 40
#: The most significant digits a percentage may have (``"99.999%"`` has 5).
MAX_PERCENT_DIGITS = 30
#: The most decimal places a percentage may have (``"99.999%"`` has 3). With the
#: digit bound this keeps every percentage exact through reading, printing and a
#: JSON round trip, and refuses ``"1E-999999999%"`` rather than showing it as ``0%``.
MAX_PERCENT_PLACES = 30


def _scaled(number: Decimal, places: int) -> Decimal:
    """``number × 10**places`` exactly, without trailing zeros (and ``-0`` as ``0``).

    Built from the digits, so no decimal context can round it (``number / 100``
    rounds to 28 digits).
    """
    if number.is_zero():
        return Decimal(0)
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # callers pass finite numbers only
    kept = tuple(digits)
    while kept[-1] == 0:
        kept = kept[:-1]
        exponent += 1
    return Decimal((sign, kept, exponent + places))


def parse_percent(value: Any) -> Decimal:
    """``"99.9%"`` → ``Decimal("0.999")``; a Decimal or string fraction in [0, 1] as is.

    The fraction is exact: at most :data:`MAX_PERCENT_DIGITS` significant digits
    and :data:`MAX_PERCENT_PLACES` decimal places of a percentage are accepted,
    and more is refused rather than rounded.

    >>> parse_percent("99.5%"), parse_percent("0.25"), parse_percent(Decimal("1"))
    (Decimal('0.995'), Decimal('0.25'), Decimal('1'))
    >>> parse_percent("99.9999999999999999999999999999%")  # 30 digits, not 100%
    Decimal('0.999999999999999999999999999999')

    Args:
        value: ``"99.9%"``, ``"0.999"`` or a ``Decimal`` fraction (never a float: floats
            are not exact).

    Returns:
        The exact fraction in [0, 1], without trailing zeros.

    Raises:
        PolicyError: a float, not a number, not between 0% and 100%, or more digits
            or decimal places than a percentage may have.
    """
    if isinstance(value, float):
        raise PolicyError(f"{value!r} is a float; write percentages as text such as '99.9%'")
    text = str(value).strip()
    try:
        if len(text) > LONGEST_PERCENT:
            raise InvalidOperation(text)
        is_percent = text.endswith("%")
        number = Decimal(text[:-1].strip()) if is_percent else Decimal(text)
    except InvalidOperation:
        raise PolicyError(f"{shown(text)} is not a percentage; write e.g. '99.9%'") from None
    if number.is_finite():
        number = _scaled(number, -2 if is_percent else 0)
    if not number.is_finite() or not 0 <= number <= 1:
        raise PolicyError(f"{shown(value)} is not a percentage between 0% and 100%")
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_PERCENT_DIGITS:
        raise PolicyError(
            f"{shown(text)} has {len(digits)} significant digits; a percentage may have "
            f"at most {MAX_PERCENT_DIGITS}"
        )
    if -(exponent + 2) > MAX_PERCENT_PLACES:
        raise PolicyError(
            f"{shown(text)} has more than {MAX_PERCENT_PLACES} decimal places as a "
            f"percentage; write at most {MAX_PERCENT_PLACES}, e.g. '99.999%'"
        )
    return number


def percent_text(value: Decimal) -> str:
    """``Decimal("0.999")`` as ``"99.9%"``, exactly (every digit kept, no trailing zeros).

    >>> percent_text(Decimal("0.999")), percent_text(Decimal("1")), percent_text(Decimal("-0"))
    ('99.9%', '100%', '0%')

    Args:
        value: a fraction (1 is 100%).

    Returns:
        The percentage without trailing zeros; in E notation if it has more than
        :data:`MAX_PERCENT_PLACES` decimal places (no percentage read by
        :func:`parse_percent` has), so that the text stays short.
    """
    if not value.is_finite():
        return f"{value}%"
    scaled = _scaled(value, 2)
    exponent = scaled.as_tuple().exponent
    assert isinstance(exponent, int)
    shown = format(scaled, "f") if -exponent <= MAX_PERCENT_PLACES else str(scaled)
    return f"{shown}%"


Percent = Annotated[
    Decimal,
    BeforeValidator(parse_percent, json_schema_input_type=str),
    PlainSerializer(percent_text),
]
"""An exact fraction in [0, 1], read from and written as ``"99.9%"``."""
