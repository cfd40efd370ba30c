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

__all__ = ["Percent", "parse_percent", "percent_text"]

# A percentage is a few digits; longer text is refused before Decimal reads it.
LONGEST_PERCENT = 40


def parse_percent(value: Any) -> Decimal:
    """``"99.9%"`` → ``Decimal("0.999")``; a Decimal or string fraction in [0, 1] as is.

    >>> parse_percent("99.5%"), parse_percent("0.25"), parse_percent(Decimal("1"))
    (Decimal('0.995'), Decimal('0.25'), Decimal('1'))

    Args:
        value: ``"99.9%"``, ``"0.999"`` or a ``Decimal`` fraction (never a float: floats
            are not exact).

    Returns:
        The exact fraction in [0, 1].

    Raises:
        PolicyError: a float, not a number, or not between 0% and 100%.
    """
    if isinstance(value, float):
        raise PolicyError(f"{value!r} is a float; write percentages as text such as '99.9%'")
    text = str(value).strip()
    try:
        if len(text) > LONGEST_PERCENT:
            raise InvalidOperation(text)
        number = Decimal(text[:-1].strip()) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise PolicyError(f"{shown(text)} is not a percentage; write e.g. '99.9%'") from None
    if not number.is_finite() or not 0 <= number <= 1:
        raise PolicyError(f"{shown(value)} is not a percentage between 0% and 100%")
    return number


def percent_text(value: Decimal) -> str:
    """``Decimal("0.999")`` as ``"99.9%"``.

    >>> percent_text(Decimal("0.999")), percent_text(Decimal("1"))
    ('99.9%', '100%')

    Args:
        value: a fraction (1 is 100%).

    Returns:
        The percentage without trailing zeros.
    """
    shown = format((value * 100).normalize(), "f")
    return f"{shown}%"


Percent = Annotated[
    Decimal,
    BeforeValidator(parse_percent, json_schema_input_type=str),
    PlainSerializer(percent_text),
]
"""An exact fraction in [0, 1], read from and written as ``"99.9%"``."""
