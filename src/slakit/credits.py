"""Monthly service credits: what a vendor owes a customer for a month.

``monthly_credit`` applies a contract's :class:`~slakit.CreditPolicy` to a
month (in the contract's billing timezone): the most severe availability
band that applies, one line per per-incident rule with the tickets behind
it, security breaches, then the cap. Each line is rounded to the currency's
minor unit, half up, once; the total is the sum of the rounded lines.

An incident is owed when the metric's elapsed time, on its own clock, is more
than the rule's threshold and more than the tier's own target for it (a
ticket that met its target owes nothing). It belongs to the month in which
that breach happened: the instant the elapsed time went past the larger of
the two, or the retargeting severity change that made it so, if later. Rules
match the severity the metric's clock runs under, which a downgrade after the
metric breached does not change.

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
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel

from slakit._frames import records_frame
from slakit._model import SlakitModel
from slakit._time import ONE_US, to_us
from slakit.availability import Maintenance, Month, Outage, availability
from slakit.clock import ClockRun, clock_runs
from slakit.credit_policy import CreditPolicy, IncidentCredit
from slakit.csv_text import csv_text
from slakit.durations import format_duration
from slakit.errors import PolicyError, WrongTypeError
from slakit.money import Money
from slakit.percent import percent_text
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
        """The statement as a pandas DataFrame (needs ``slakit[pandas]``): the rows of
        :meth:`to_records`, with ``amount`` as exact ``Decimal`` values so sums stay exact.

        Raises:
            ImportError: pandas is not installed.
        """
        records = self.to_records()
        frame = records_frame(records, list(records[0]))
        frame["amount"] = [Decimal(text) for text in frame["amount"]]
        return frame

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


def _month(value: Month | str, contract: Contract) -> Month:
    if isinstance(value, Month):
        return value
    return Month.parse(value, contract.billing_timezone)


# -- one function per credit rule ------------------------------------------------------------


def _availability_line(
    policy: CreditPolicy,
    fee: Money,
    period: Month,
    outages: list[Outage],
    maintenance: list[Maintenance],
) -> tuple[list[CreditLine], Decimal | None]:
    """The most severe availability band the month falls below (not the sum of bands),
    and the month's availability in percent (``None`` when the policy has no bands)."""
    if not policy.availability_bands:
        return [], None
    result = availability(outages, period, maintenance)
    band = policy.band_for(result.ratio)
    if band is None:
        return [], result.percent
    line = CreditLine(
        kind="availability",
        reason=(
            f"availability {result.percent.normalize():f}% in {period.label} is below "
            f"{percent_text(band.below)}: {percent_text(band.credit)} of the monthly fee"
        ),
        amount=(fee * band.credit).rounded(),
        outages=result.counted_outages,  # maintenance and other months left out
    )
    return [line], result.percent


def _incident_breach(runs: tuple[ClockRun, ClockRun], rule: IncidentCredit) -> int | None:
    """The instant a ticket's metric went past both the rule's threshold and the tier's
    target, on the metric's own clock (or the retargeting change, if later); ``None`` if
    the metric's clock does not run under the rule's severity or has not gone past them.

    The clock's severity, not the ticket's: a metric already past its target when
    the ticket was downgraded keeps the severity it breached (a breach is final)."""
    run = runs[0] if rule.metric == Metric.RESPONSE.value else runs[1]
    if run.severity is not rule.severity:
        return None
    passed = run.passed_at(max(rule.over // ONE_US, run.length))
    return None if passed is None else run.no_earlier_than_retarget(passed)


def _incident_line(rule: IncidentCredit, contract: Contract, behind: list[str]) -> CreditLine:
    """One line for every ticket that breached ``rule`` in the month."""
    count = len(behind)
    clock = contract.clock_for(rule.severity, rule.metric)
    if clock.length > rule.over // ONE_US:
        bar = f"its {clock.target} target"
    else:
        bar = f"{format_duration(rule.over)} ({clock.target.clock} clock)"
    return CreditLine(
        kind="incident",
        reason=(
            f"{count} {rule.severity.value} ticket{'s' * (count > 1)} whose {rule.metric} "
            f"took more than {bar}: {rule.amount} each"
        ),
        amount=(rule.amount * count).rounded(),
        tickets=tuple(behind),
    )


def _incident_lines(
    policy: CreditPolicy, contract: Contract, tickets: list[Ticket], period: Month, now: int
) -> list[CreditLine]:
    """One line per per-incident rule, for the tickets whose breach happened in the month."""
    if not policy.incident_credits:
        return []
    start, end = period.bounds_us
    # A ticket opened after `now` cannot have breached anything by then.
    runs = [(ticket.id, clock_runs(ticket, contract, now)) for ticket in tickets
            if ticket.opened_us <= now]  # fmt: skip
    lines = []
    for rule in policy.incident_credits:
        behind = sorted(
            ticket_id
            for ticket_id, ticket_runs in runs
            if (at := _incident_breach(ticket_runs, rule)) is not None and start <= at < end
        )
        if behind:
            lines.append(_incident_line(rule, contract, behind))
    return lines


def _security_breach_lines(
    share: Decimal | None, fee: Money, breaches: list[SecurityBreach], period: Month
) -> list[CreditLine]:
    """One line per security breach in the month, ``share`` of the fee each, in time order."""
    if share is None:
        return []
    start, end = period.bounds_us
    in_month = sorted(
        (breach for breach in breaches if start <= to_us(breach.at, "security breach") < end),
        key=lambda breach: (to_us(breach.at, "security breach"), breach.id, breach.description),
    )
    return [
        CreditLine(
            kind="security_breach",
            reason=(
                f"security breach {breach.id or breach.at.isoformat()}: "
                f"{percent_text(share)} of the monthly fee"
            ),
            amount=(fee * share).rounded(),
        )
        for breach in in_month
    ]


def _cap_line(cap: Decimal | None, fee: Money, subtotal: Money) -> list[CreditLine]:
    """A negative line bringing a subtotal above the cap (a share of the fee) down to it."""
    if cap is None:
        return []
    capped = (fee * cap).rounded()
    if subtotal <= capped:
        return []
    return [
        CreditLine(
            kind="cap",
            reason=f"capped at {percent_text(cap)} of the monthly fee ({capped})",
            amount=capped - subtotal,
        )
    ]


def _minimum_line(minimum: Money | None, total: Money) -> list[CreditLine]:
    """A negative line cancelling a total above zero but below the smallest payable credit."""
    if minimum is None or not Money.zero(total.currency) < total < minimum:
        return []
    return [
        CreditLine(
            kind="minimum",
            reason=f"below the minimum payable credit of {minimum}",
            amount=-total,
        )
    ]


def _total(lines: list[CreditLine], currency: str) -> Money:
    return sum((line.amount for line in lines), Money.zero(currency))


# -- the statement ---------------------------------------------------------------------------


def _items(name: str, value: object, kind: str) -> list[Any]:
    """``value`` as a list, or a WrongTypeError naming the argument ``name``."""
    # Text, a mapping and a single model (pydantic models iterate over their fields)
    # are iterable too, but never a list of these.
    if isinstance(value, str | bytes | Mapping | BaseModel) or not isinstance(value, Iterable):
        raise WrongTypeError(f"{name} must be a list of {kind}, not {type(value).__name__}")
    return list(value)


def _security_breach(item: SecurityBreach | datetime, position: int) -> SecurityBreach:
    if isinstance(item, SecurityBreach):
        return item
    if isinstance(item, datetime):
        return SecurityBreach(at=item)
    raise WrongTypeError(
        f"security_breaches[{position}] must be a SecurityBreach or an aware datetime, "
        f"not {type(item).__name__}"
    )


def _ticket(item: object, position: int) -> Ticket:
    if not isinstance(item, Ticket):
        raise WrongTypeError(
            f"tickets[{position}] must be a slakit Ticket, not {type(item).__name__}"
        )
    return item


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
    billing timezone when given as text. The lines come in the order of the
    rules: availability, incidents, security breaches, then the cap and the
    minimum.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
    ...                     monthly_fee="USD 20,000")
    >>> breach = datetime(2026, 10, 14, 9, tzinfo=timezone.utc)
    >>> [str(line.amount) for line in monthly_credit(contract, "2026-10",
    ...                                              security_breaches=[breach]).lines]
    ['USD 20,000.00']

    Raises:
        WrongTypeError: ``contract`` is not a Contract, ``tickets``, ``outages``,
            ``maintenance`` or ``security_breaches`` is not a list (or other iterable),
            or a ticket or breach is of the wrong type.
        PolicyError: the contract has no monthly fee.
    """
    if not isinstance(contract, Contract):
        raise WrongTypeError(f"contract must be a slakit Contract, not {type(contract).__name__}")
    period = _month(month, contract)
    fee = contract.monthly_fee
    if fee is None:
        raise PolicyError("the contract has no monthly_fee; credits are fractions of it")
    # Checked before the framework is looked at, so misuse is reported for every one.
    tickets = [_ticket(item, n) for n, item in enumerate(_items("tickets", tickets, "Tickets"))]
    breaches = [
        _security_breach(item, n)
        for n, item in enumerate(
            _items("security_breaches", security_breaches, "SecurityBreaches or datetimes")
        )
    ]
    outages = _items("outages", outages, "Outages")
    maintenance = _items("maintenance", maintenance, "maintenance windows or rules")
    policy = contract.framework.credit_policy
    if policy is None:
        return _statement(contract, period, fee, [], None, Money.zero(fee.currency), notes=(
            f"the {contract.framework.name} framework defines no service credits",
        ))  # fmt: skip
    now_us = period.bounds_us[1] if now is None else to_us(now, "now")
    availability_lines, measured = _availability_line(policy, fee, period, outages, maintenance)
    lines = [
        *availability_lines,
        *_incident_lines(policy, contract, tickets, period, now_us),
        *_security_breach_lines(policy.security_breach, fee, breaches, period),
    ]
    subtotal = _total(lines, fee.currency)
    lines += _cap_line(policy.cap, fee, subtotal)
    lines += _minimum_line(policy.minimum_credit, _total(lines, fee.currency))
    return _statement(contract, period, fee, lines, measured, subtotal)


def _statement(
    contract: Contract,
    period: Month,
    fee: Money,
    lines: list[CreditLine],
    measured: Decimal | None,
    subtotal: Money,
    notes: tuple[str, ...] = (),
) -> CreditStatement:
    return CreditStatement(
        customer=contract.customer,
        framework=contract.framework.name,
        tier=contract.tier,
        month=period,
        monthly_fee=fee,
        availability=measured,
        lines=tuple(lines),
        subtotal=subtotal.rounded(),
        total=_total(lines, fee.currency).rounded(),
        notes=notes,
    )
