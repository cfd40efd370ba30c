"""Money: an exact ``Decimal`` amount with an ISO 4217 currency code.

Arithmetic refuses to mix currencies. Rounding to the currency's minor unit
(cents for USD and EUR, none for JPY, three places for KWD) is explicit and
always ``ROUND_HALF_UP``.

>>> fee = Money.parse("USD 12,500.00")
>>> fee * Decimal("0.1")
Money(amount=Decimal('1250.000'), currency='USD')
>>> (fee * Decimal("0.1")).rounded()
Money(amount=Decimal('1250.00'), currency='USD')
>>> fee + Money.parse("EUR 1")
Traceback (most recent call last):
...
slakit.errors.CurrencyMismatchError: cannot add USD 12,500.00 and EUR 1.00: the currencies differ
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ClassVar

from pydantic import field_validator, model_validator

from slakit._model import SlakitModel
from slakit.errors import CurrencyMismatchError, PolicyError

__all__ = ["Money", "minor_unit"]

# ISO 4217 currencies whose minor unit is not 2 decimal places.
_MINOR_UNITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"), 0),
    **dict.fromkeys(("RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    "CLF": 4,
    "UYW": 4,
}
_CODE = re.compile(r"^[A-Z]{3}$")
_TEXT = re.compile(r"^\s*(?:([A-Za-z]{3})\s+)?([-+]?[\d,_]*\.?\d+)\s*(?:([A-Za-z]{3}))?\s*$")


def minor_unit(currency: str) -> int:
    """Decimal places of the currency's minor unit (2 unless ISO 4217 says otherwise).

    >>> minor_unit("USD"), minor_unit("JPY"), minor_unit("KWD")
    (2, 0, 3)
    """
    return _MINOR_UNITS.get(currency, 2)


class Money(SlakitModel):
    """An amount of one currency. ``Money(amount=Decimal("5000"), currency="USD")``."""

    _error: ClassVar[type[PolicyError]] = PolicyError

    amount: Decimal
    currency: str

    @field_validator("currency", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        if isinstance(value, str) and _CODE.match(value.strip().upper()):
            return value.strip().upper()
        raise ValueError(f"{value!r} is not an ISO 4217 currency code; write e.g. USD, EUR, SGD")

    @field_validator("amount", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError(f"{value!r} is a float; give money as a string or Decimal")
        return value

    @model_validator(mode="after")
    def _finite(self) -> Money:
        if not self.amount.is_finite():
            raise ValueError(f"{self.amount} is not a finite amount")
        return self

    @classmethod
    def parse(cls, value: Money | str | dict[str, Any], currency: str | None = None) -> Money:
        """Read ``"USD 5,000"``, ``"5000 USD"``, ``"5000"`` (with ``currency``) or a mapping."""
        if isinstance(value, Money):
            return value
        if isinstance(value, dict):
            return cls(**value)
        match = _TEXT.match(str(value))
        code = (match[1] or match[3] or currency) if match else None
        if match is None or code is None or (match[1] and match[3]):
            raise PolicyError(
                f"{value!r} is not an amount of money; write e.g. 'USD 5,000' or '5000 USD'"
            )
        try:
            amount = Decimal(match[2].replace(",", "").replace("_", ""))
        except InvalidOperation:
            raise PolicyError(f"{value!r} is not an amount of money") from None
        return cls(amount=amount, currency=code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money, in ``currency``."""
        return cls(amount=Decimal(0), currency=currency)

    def rounded(self) -> Money:
        """Rounded to the currency's minor unit, half up (1.005 USD → 1.01 USD)."""
        exponent = Decimal(1).scaleb(-minor_unit(self.currency))
        return Money(amount=self.amount.quantize(exponent, rounding=ROUND_HALF_UP),
                     currency=self.currency)  # fmt: skip

    def _same(self, other: Money, verb: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot {verb} {self} and {other}: the currencies differ")

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "add")
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtract")
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float) or not isinstance(factor, Decimal | int):
            return NotImplemented
        return Money(amount=self.amount * factor, currency=self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount >= other.amount

    def __str__(self) -> str:
        places = minor_unit(self.currency)
        shown = self.amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return f"{self.currency} {shown:,}"
