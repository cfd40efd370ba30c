"""The rules that turn missed promises into service credits.

Percentages are exact decimals written as text (``"99.9%"``), so 99.9%
exactly is not below 99.9%.

>>> policy = CreditPolicy(
...     availability_bands=[{"below": "99.9%", "credit": "10%"},
...                         {"below": "99%", "credit": "50%"}],
...     incident_credits=[{"severity": "P1", "metric": "response", "over": "1h",
...                        "amount": "USD 5000"}],
...     cap="100%",
... )
>>> policy.availability_bands[0].below, policy.cap
(Decimal('0.99'), Decimal('1'))
>>> policy.band_for(Decimal("0.995")).credit
Decimal('0.1')
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from slakit._model import SlakitModel
from slakit.durations import DurationField
from slakit.errors import PolicyError
from slakit.money import Money, not_negative
from slakit.percent import Percent
from slakit.severity import SeverityField

__all__ = ["AvailabilityBand", "CreditPolicy", "IncidentCredit"]


def _money(value: Any) -> Any:
    # Money.parse raises PolicyError, a ValueError: pydantic reports it as this field's problem.
    return Money.parse(value) if isinstance(value, str) else value


class AvailabilityBand(SlakitModel):
    """Availability strictly below ``below`` owes ``credit`` of the monthly fee."""

    _error: ClassVar[type[PolicyError]] = PolicyError

    below: Percent
    credit: Percent


class IncidentCredit(SlakitModel):
    """A ticket of ``severity`` whose ``metric`` took more than ``over`` owes ``amount``,
    if it also missed the tier's own target.

    Owed when the elapsed time is more than ``max(over, target)``, measured on
    the metric's own clock (24x7 or business time, as the tier's target for
    that severity says): a ticket that met its target owes nothing.
    """

    _error: ClassVar[type[PolicyError]] = PolicyError

    severity: SeverityField
    metric: Literal["response", "resolution"]
    over: DurationField
    amount: Annotated[
        Money,
        BeforeValidator(_money, json_schema_input_type=str | Money),
        AfterValidator(not_negative),
    ]

    @field_validator("over")
    @classmethod
    def _positive(cls, over: timedelta) -> timedelta:
        if over < timedelta(0):
            raise ValueError(f"a threshold must not be negative, got {over}")
        return over


class CreditPolicy(SlakitModel):
    """Availability bands, per-incident credits, security-breach credit, cap, minimum.

    Bands do not add up: the most severe band that applies is owed. The cap
    and the security-breach credit are fractions of the monthly fee.
    """

    _error: ClassVar[type[PolicyError]] = PolicyError

    availability_target: Percent | None = None
    availability_bands: tuple[AvailabilityBand, ...] = ()
    incident_credits: tuple[IncidentCredit, ...] = ()
    security_breach: Percent | None = None
    cap: Percent | None = None
    minimum_credit: Annotated[
        Money | None,
        BeforeValidator(_money, json_schema_input_type=str | Money | None),
        AfterValidator(not_negative),
    ] = None
    notes: tuple[str, ...] = Field(default=())

    @field_validator("availability_bands")
    @classmethod
    def _most_severe_first(
        cls, bands: tuple[AvailabilityBand, ...]
    ) -> tuple[AvailabilityBand, ...]:
        ordered = tuple(sorted(bands, key=lambda band: band.below))
        thresholds = [band.below for band in ordered]
        if len(set(thresholds)) != len(thresholds):
            raise ValueError("two availability bands have the same threshold")
        return ordered

    @model_validator(mode="after")
    def _currencies(self) -> CreditPolicy:
        currencies = {credit.amount.currency for credit in self.incident_credits}
        if self.minimum_credit is not None:
            currencies.add(self.minimum_credit.currency)
        if len(currencies) > 1:
            raise ValueError(f"credits mix currencies: {', '.join(sorted(currencies))}")
        return self

    def band_for(self, availability: Decimal | Any) -> AvailabilityBand | None:
        """The most severe band whose threshold ``availability`` is strictly below."""
        for band in self.availability_bands:
            if availability < band.below:
                return band
        return None
