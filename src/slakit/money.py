"""Money: an exact ``Decimal`` amount with an ISO 4217 currency code.

Arithmetic refuses to mix currencies. Rounding to the currency's minor unit
(cents for USD and EUR, none for JPY, three places for KWD) is explicit and
always ``ROUND_HALF_UP``. Currency codes and minor units come from ISO 4217
list one, vendored in ``slakit._currencies`` with its publication date (no
extra runtime dependency). Amounts lie below 10^15 either side of zero.

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

from pydantic import field_validator

from slakit._currencies import MINOR_UNITS
from slakit._model import SlakitModel
from slakit._text import shown
from slakit.errors import CurrencyMismatchError, PolicyError, WrongTypeError

__all__ = [
    "AMOUNT_LIMIT",
    "MAX_MONEY_TEXT",
    "Money",
    "currency_code",
    "minor_unit",
    "not_negative",
]

#: Amounts at or beyond this size (in absolute value) are refused: no support
#: contract is worth a quadrillion, and a bound keeps every Decimal operation cheap.
AMOUNT_LIMIT = Decimal(10) ** 15
#: Longest text :meth:`Money.parse` reads; checked before any pattern runs.
MAX_MONEY_TEXT = 64
# A comma or underscore separates thousands only: groups of exactly three digits in
# the integer part, one kind per amount. Anything looser would read a European
# decimal comma ("1,50") as a silent hundredfold amount.
_NUMBER = r"[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:_\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_TEXT = re.compile(rf"^\s*(?:([A-Za-z]{{3}})\s+)?({_NUMBER})\s*(?:([A-Za-z]{{3}}))?\s*$")
# The same with separators anywhere: text this matches but _TEXT does not misplaces one.
_LOOSE = re.compile(r"^\s*(?:[A-Za-z]{3}\s+)?[-+]?[\d,_]*\.?[\d,_]*\s*(?:[A-Za-z]{3})?\s*$")
_EXAMPLES = "write e.g. USD, EUR, SGD"


def minor_unit(currency: str) -> int:
    """Decimal places of the currency's minor unit, from ISO 4217 list one.

    >>> minor_unit("USD"), minor_unit("JPY"), minor_unit("KWD")
    (2, 0, 3)

    Raises:
        PolicyError: ``currency`` is not an active ISO 4217 currency code.
    """
    places = MINOR_UNITS[currency_code(currency)]
    assert places is not None  # currency_code refuses codes without a minor unit
    return places


def currency_code(value: Any) -> str:
    """``value`` as an active ISO 4217 currency code with a minor unit (upper-cased).

    >>> currency_code(" usd ")
    'USD'
    >>> currency_code("XYZ")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: 'XYZ' is not an ISO 4217 currency code; write e.g. USD, EUR, SGD

    Raises:
        PolicyError: not a code in ISO 4217 list one, or a code without a minor
            unit there (gold, the SDR, the bond-market units, the testing code XTS...).
            The fund codes of list one that have a minor unit (USN, BOV, CHE, CLF,
            UYW...) are accepted.
    """
    code = value.strip().upper() if isinstance(value, str) and len(value) <= 8 else None
    if code is None or code not in MINOR_UNITS:
        raise PolicyError(f"{shown(value)} is not an ISO 4217 currency code; {_EXAMPLES}")
    if MINOR_UNITS[code] is None:
        raise PolicyError(
            f"{code} has no minor unit in ISO 4217 (it is a precious metal, SDR, bond-market "
            f"unit or testing code, not money a contract is paid in); {_EXAMPLES}"
        )
    return code


def not_negative(money: Money | None) -> Money | None:
    """``money`` unchanged if it is not negative (fees, credit amounts, minimums).

    Money itself may be negative (a statement's cap adjustment is); what a
    contract states is not.

    >>> not_negative(Money.parse("USD -1"))
    Traceback (most recent call last):
    ...
    ValueError: must not be negative, got USD -1.00
    """
    if money is not None and money.amount < 0:
        raise ValueError(f"must not be negative, got {money}")
    return money


class Money(SlakitModel):
    """An amount of one currency. ``Money(amount=Decimal("5000"), currency="USD")``."""

    _error: ClassVar[type[PolicyError]] = PolicyError

    amount: Decimal
    currency: str

    @field_validator("currency", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        return currency_code(value)

    @field_validator("amount", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError(f"{value!r} is a float; give money as a string or Decimal")
        if isinstance(value, str) and len(value) > MAX_MONEY_TEXT:
            raise ValueError(f"{shown(value)} is too long to be an amount")
        return value

    @field_validator("amount")
    @classmethod
    def _bounded(cls, amount: Decimal) -> Decimal:
        if not amount.is_finite():
            raise ValueError(f"{amount} is not a finite amount")
        if abs(amount) >= AMOUNT_LIMIT:
            raise ValueError(
                f"{shown(str(amount))} is too large; amounts must lie below 10^15 "
                "(a thousand trillion) either side of zero"
            )
        return amount.copy_abs() if amount.is_zero() else amount  # no "USD -0.00"

    @classmethod
    def parse(cls, value: Money | str | dict[str, Any], currency: str | None = None) -> Money:
        """Read ``"USD 5,000"``, ``"5000 USD"``, ``"5000"`` (with ``currency``) or a mapping.

        A comma or underscore may separate thousands (groups of exactly three
        digits before the decimal point); the decimal point is always ``.``.

        >>> Money.parse("USD 1,500.25")
        Money(amount=Decimal('1500.25'), currency='USD')
        >>> Money.parse("1_000 EUR")
        Money(amount=Decimal('1000'), currency='EUR')
        >>> Money.parse("EUR 1,50")
        Traceback (most recent call last):
        ...
        slakit.errors.PolicyError: 'EUR 1,50' is not an amount of money: a comma or underscore \
may only separate thousands (groups of three digits before the point); write e.g. 1.50 or 1,500.00

        Raises:
            PolicyError: not an amount of money (or a misplaced separator), longer than
                :data:`MAX_MONEY_TEXT` characters, not an ISO 4217 currency, or beyond
                :data:`AMOUNT_LIMIT`.
        """
        if isinstance(value, Money):
            return value
        if isinstance(value, dict):
            return cls(**value)
        text = str(value)
        if len(text) > MAX_MONEY_TEXT:  # before the pattern runs: it backtracks on digits
            raise PolicyError(
                f"{shown(text)} is too long to be an amount of money "
                f"(at most {MAX_MONEY_TEXT} characters)"
            )
        match = _TEXT.match(text)
        if match is None and _LOOSE.match(text) and any(c in text for c in ",_"):
            raise PolicyError(
                f"{value!r} is not an amount of money: a comma or underscore may only separate "
                "thousands (groups of three digits before the point); write e.g. 1.50 or 1,500.00"
            )
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
        # A float is refused outright (WrongTypeError is a TypeError, as Python's own
        # operator errors are); other types get NotImplemented, so they may answer.
        if isinstance(factor, float):
            raise WrongTypeError(
                f"cannot multiply {self} by the float {factor!r}: floats are not exact; "
                f"use Decimal({str(factor)!r}) or an int"
            )
        if not isinstance(factor, Decimal | int):
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
        shown = shown.copy_abs() if shown.is_zero() else shown  # -0.001 shows as 0.00
        return f"{self.currency} {shown:,}"
