"""Monthly service credits: what a vendor owes a customer for a month.

``monthly_credit`` applies a contract's :class:`~slakit.CreditPolicy` to a
month (in the contract's billing timezone): the most severe availability
band that applies, one line per per-incident rule with the tickets behind
it, security breaches, then the cap. Each line is rounded to the currency's
minor unit, half up, once; the total is the sum of the rounded lines.

An incident belongs to the month in which its breach happened: the instant
the metric's elapsed time (on its own clock) passed the rule's threshold.

>>> from datetime import datetime, timedelta, timezone
>>> from slakit import Contract, Event, Ticket
>>> contract = Contract(framework="kmp", tier="premier", region="dublin",
...                     monthly_fee="USD 20,000", billing_timezone="UTC")
>>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
>>> late = Ticket("T-7", "sev1", opened, events=[Event.responded(opened + timedelta(hours=2))])
>>> statement = monthly_credit(contract, "2026-10", tickets=[late])
>>> [(line.kind, str(line.amount)) for line in statement.lines], str(statement.total)
([('incident', 'USD 5,000.00')], 'USD 5,000.00')
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime

from slakit._model import SlakitModel
from slakit._time import ONE_US, from_us, to_us
from slakit.availability import Maintenance, Month, Outage, availability
from slakit.clock import _Clock, _fold
from slakit.credit_policy import IncidentCredit, percent_text
from slakit.durations import format_duration
from slakit.errors import CurrencyMismatchError, PolicyError
from slakit.io import csv_text
from slakit.money import Money
from slakit.policy import Contract, Metric
from slakit.tickets import Ticket

__all__ = ["CreditLine", "CreditStatement", "SecurityBreach", "monthly_credit"]

LineKind = Literal["availability", "incident", "security_breach", "cap", "minimum"]


class SecurityBreach(SlakitModel):
    """A security breach the vendor is accountable for, at an instant."""

    at: AwareDatetime
    id: str = ""
    description: str = ""


class CreditLine(SlakitModel):
    """One line of a statement: why, how much, and the tickets or outages behind it."""

    kind: LineKind
    reason: str
    amount: Money
    tickets: tuple[str, ...] = ()
    outages: tuple[str, ...] = ()


class CreditStatement(SlakitModel):
    """A month's credits for one contract: lines, subtotal, cap, total."""

    customer: str
    framework: str
    tier: str
    month: Month
    monthly_fee: Money
    availability: Decimal | None
    lines: tuple[CreditLine, ...]
    subtotal: Money
    total: Money
    notes: tuple[str, ...] = ()

    @property
    def currency(self) -> str:
        """The statement's currency (the monthly fee's)."""
        return self.total.currency

    def to_records(self) -> list[dict[str, str]]:
        """One plain dict per line (then the subtotal and total), for CSV and data frames."""
        records = [
            {
                "month": self.month.label,
                "customer": self.customer,
                "kind": line.kind,
                "reason": line.reason,
                "amount": str(line.amount.amount),
                "currency": line.amount.currency,
                "tickets": " ".join(line.tickets),
                "outages": " ".join(line.outages),
            }
            for line in self.lines
        ]
        for kind, money in (("subtotal", self.subtotal), ("total", self.total)):
            records.append(
                {
                    "month": self.month.label,
                    "customer": self.customer,
                    "kind": kind,
                    "reason": "",
                    "amount": str(money.amount),
                    "currency": money.currency,
                    "tickets": "",
                    "outages": "",
                }
            )
        return records

    def to_json(self) -> str:
        """The statement as JSON (``CreditStatement.model_validate_json`` reads it back)."""
        return self.model_dump_json(indent=2)

    def to_csv(self) -> str:
        """The statement as CSV: one row per line, then subtotal and total."""
        records = self.to_records()
        columns = list(records[0])
        return csv_text(columns, ([record[name] for name in columns] for record in records))

    def to_frame(self) -> Any:
        """The statement as a pandas DataFrame (needs ``slakit[pandas]``)."""
        from slakit.pandas import statement_frame

        return statement_frame(self)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(line.kind)}</td><td>{html.escape(line.reason)}</td>"
            f"<td style='text-align:right'>{html.escape(str(line.amount))}</td>"
            f"<td>{html.escape(' '.join(line.tickets + line.outages))}</td></tr>"
            for line in self.lines
        )
        return (
            f"<table><caption>Service credits, {html.escape(self.month.label)}, "
            f"{html.escape(self.customer or self.framework + ' ' + self.tier)}</caption>"
            "<thead><tr><th>kind</th><th>reason</th><th>amount</th><th>behind it</th></tr></thead>"
            f"<tbody>{rows}</tbody><tfoot><tr><th colspan=2>total</th>"
            f"<th style='text-align:right'>{html.escape(str(self.total))}</th><th></th></tr>"
            "</tfoot></table>"
        )

    def __str__(self) -> str:
        width = max([len(line.reason) for line in self.lines] + [5])
        out = [f"Service credits for {self.month.label} — {self.customer or self.tier}"]
        out += [f"  {line.reason:<{width}}  {line.amount!s:>16}" for line in self.lines]
        out.append(f"  {'total':<{width}}  {self.total!s:>16}")
        return "\n".join(out)


def _clocks(
    tickets: list[Ticket], contract: Contract, now: int
) -> list[tuple[str, _Clock, _Clock]]:
    """Each ticket's response and resolution clocks at ``now`` (tickets opened later left out)."""
    return [
        (ticket.id, *_fold(ticket, contract, now)) for ticket in tickets if ticket.opened_us <= now
    ]


def _incident_breach(response: _Clock, resolution: _Clock, rule: IncidentCredit) -> int | None:
    """The instant a ticket's metric passed the rule's threshold, or None.

    Measured on the metric's own clock: the clock its target runs on.
    """
    clock = response if rule.metric == Metric.RESPONSE.value else resolution
    if clock.severity is not rule.severity:
        return None
    threshold = rule.over // ONE_US
    used = 0
    for start, end in clock.segments:
        span = clock.compiled.elapsed(start, end)
        if used + span > threshold:
            reached = clock.compiled.add(start, threshold - used)
            return max(reached, clock.retargeted_at or reached)
        used += span
    return None


def _outages_within(outages: list[Outage], start: int, end: int) -> tuple[str, ...]:
    """Names of the outages that touch ``[start, end)``, in time order (input order aside)."""
    touching = sorted(
        (to_us(outage.start, "start"), outage.id, position)
        for position, outage in enumerate(outages)
        if to_us(outage.end, "end") > start and to_us(outage.start, "start") < end
    )
    return tuple(name or f"outage at {from_us(begin, UTC).isoformat()}"
                 for begin, name, _ in touching)  # fmt: skip


def _month(value: Month | str, contract: Contract) -> Month:
    if isinstance(value, Month):
        return value
    return Month.parse(value, contract.billing_timezone)


def monthly_credit(
    contract: Contract,
    month: Month | str,
    *,
    tickets: Iterable[Ticket] = (),
    outages: Iterable[Outage] = (),
    maintenance: Iterable[Maintenance] = (),
    security_breaches: Iterable[SecurityBreach | datetime] = (),
    now: datetime | None = None,
) -> CreditStatement:
    """The credit statement of ``contract`` for ``month`` (``"2026-10"`` or a :class:`Month`).

    ``now`` (default: the month's end) is the instant tickets are evaluated
    at; events after it are ignored. The month is taken in the contract's
    billing timezone when given as text.

    Raises:
        PolicyError: the contract has no monthly fee.
        CurrencyMismatchError: a credit amount is in another currency than the fee.
    """
    period = _month(month, contract)
    fee = contract.monthly_fee
    if fee is None:
        raise PolicyError("the contract has no monthly_fee; credits are fractions of it")
    policy = contract.framework.credit_policy
    tickets, outages = list(tickets), list(outages)
    start, end = period.bounds_us
    now_us = end if now is None else to_us(now, "now")
    currency = fee.currency
    lines: list[CreditLine] = []
    notes: list[str] = []
    measured = None

    if policy is None:
        notes.append(f"the {contract.framework.name} framework defines no service credits")
    else:
        if policy.availability_bands:
            result = availability(outages, period, list(maintenance))
            measured = result.percent
            band = policy.band_for(result.ratio)
            if band is not None:
                lines.append(
                    CreditLine(
                        kind="availability",
                        reason=(
                            f"availability {result.percent.normalize():f}% in {period.label} is "
                            f"below {percent_text(band.below)}: {percent_text(band.credit)} of "
                            "the monthly fee"
                        ),
                        amount=(fee * band.credit).rounded(),
                        outages=_outages_within(outages, start, end),
                    )
                )
        clocks = _clocks(tickets, contract, now_us) if policy.incident_credits else []
        for rule in policy.incident_credits:
            behind = sorted(
                ticket_id
                for ticket_id, response, resolution in clocks
                if (at := _incident_breach(response, resolution, rule)) is not None
                and start <= at < end
            )
            if behind and rule.amount.currency != currency:
                # Only a credit actually owed needs converting; slakit does not convert money.
                raise CurrencyMismatchError(
                    f"{len(behind)} {rule.severity.value} tickets earn a {rule.metric} credit in "
                    f"{rule.amount.currency} but the monthly fee is in {currency}; give the "
                    f"contract a monthly_fee in {rule.amount.currency}"
                )
            if behind:
                clock = contract.target(rule.severity, rule.metric).clock
                lines.append(
                    CreditLine(
                        kind="incident",
                        reason=(
                            f"{len(behind)} {rule.severity.value} ticket{'s' * (len(behind) > 1)} "
                            f"whose {rule.metric} took more than {format_duration(rule.over)} "
                            f"({clock} clock): {rule.amount} each"
                        ),
                        amount=(rule.amount * len(behind)).rounded(),
                        tickets=tuple(behind),
                    )
                )
        if policy.security_breach is not None:
            breaches = sorted(
                (item if isinstance(item, SecurityBreach) else SecurityBreach(at=item)
                 for item in security_breaches),
                key=lambda item: (to_us(item.at, "security breach"), item.id, item.description),
            )  # fmt: skip
            for item in breaches:
                if start <= to_us(item.at, "security breach") < end:
                    lines.append(
                        CreditLine(
                            kind="security_breach",
                            reason=(
                                f"security breach {item.id or item.at.isoformat()}: "
                                f"{percent_text(policy.security_breach)} of the monthly fee"
                            ),
                            amount=(fee * policy.security_breach).rounded(),
                        )
                    )

    subtotal = sum((line.amount for line in lines), Money.zero(currency))
    total = subtotal
    if policy is not None and policy.cap is not None:
        cap = (fee * policy.cap).rounded()
        if subtotal > cap:
            lines.append(
                CreditLine(
                    kind="cap",
                    reason=f"capped at {percent_text(policy.cap)} of the monthly fee ({cap})",
                    amount=cap - subtotal,
                )
            )
            total = cap
    minimum = None if policy is None else policy.minimum_credit
    if minimum is not None and Money.zero(currency) < total < minimum:
        lines.append(
            CreditLine(
                kind="minimum",
                reason=f"below the minimum payable credit of {minimum}",
                amount=-total,
            )
        )
        total = Money.zero(currency)
    return CreditStatement(
        customer=contract.customer,
        framework=contract.framework.name,
        tier=contract.tier,
        month=period,
        monthly_fee=fee,
        availability=measured,
        lines=tuple(lines),
        subtotal=subtotal.rounded(),
        total=total.rounded(),
        notes=tuple(notes),
    )
