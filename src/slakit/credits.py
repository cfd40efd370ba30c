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

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Literal

from slakit import _html
from slakit._frames import records_frame
from slakit._model import FixedInstant, SlakitModel, list_of
from slakit._time import ONE_US, from_us, timedelta_of, to_us
from slakit.availability import (
    Availability,
    Maintenance,
    Month,
    Outage,
    OutageDowntime,
    availability,
)
from slakit.clock import ClockRun, clock_runs, instant
from slakit.credit_policy import CreditPolicy, IncidentCredit
from slakit.csv_text import csv_text
from slakit.durations import format_duration
from slakit.errors import PolicyError, UsageError, WrongTypeError
from slakit.money import Money, minor_unit
from slakit.percent import percent_text
from slakit.policy import Contract, Metric
from slakit.provenance import InputFile, Provenance
from slakit.security import SecurityBreach
from slakit.severity import Severity
from slakit.tickets import Ticket

__all__ = [
    "EVIDENCE_COLUMNS",
    "RECORD_COLUMNS",
    "AvailabilityDetail",
    "CreditLine",
    "CreditStatement",
    "IncidentEvidence",
    "IncidentTally",
    "SecurityBreach",
    "monthly_credit",
]

LineKind = Literal["availability", "incident", "security_breach", "cap", "minimum"]


RECORD_COLUMNS = (
    "month",
    "contract",
    "customer",
    "kind",
    "reason",
    "amount",
    "currency",
    "monthly_fee",
    "items",
)
"""The columns of :meth:`CreditStatement.to_records` and :meth:`CreditStatement.to_csv`."""

EVIDENCE_COLUMNS = (
    "month",
    "contract",
    "customer",
    "line",
    "item",
    "id",
    "severity",
    "metric",
    "clock",
    "opened_at",
    "start",
    "end",
    "elapsed_seconds",
    "threshold_seconds",
    "target",
    "target_seconds",
    "breached_at",
    "downtime_seconds",
    "maintenance_excluded_seconds",
)
"""The columns of :meth:`CreditStatement.evidence_records` and
:meth:`CreditStatement.evidence_csv`."""


class IncidentEvidence(SlakitModel):
    """One ticket behind an incident line: its metric's clock against the rule and the target.

    ``elapsed`` is the metric's elapsed time on its own clock (``clock``:
    ``24x7`` wall time or ``business`` time) at the statement's ``now``;
    ``threshold`` is the rule's ``over``; ``target`` and ``target_length`` are
    the tier's target for the severity the clock ran under, and its length on
    that clock. ``breached_at`` is the instant the elapsed time went past the
    larger of the two (or the retargeting change that made it so, if later),
    in the billing timezone; ``opened_at`` is as the ticket gives it.

    >>> from datetime import datetime, timedelta, timezone
    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
    ...                     monthly_fee="USD 20,000", billing_timezone="UTC")
    >>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
    >>> late = Ticket("T-7", "sev1", opened, events=[Event.responded(opened + timedelta(hours=2))])
    >>> evidence = monthly_credit(contract, "2026-10", tickets=[late]).lines[0].incidents[0]
    >>> evidence.ticket, evidence.metric, evidence.elapsed, evidence.threshold, evidence.target
    ('T-7', 'response', datetime.timedelta(seconds=7200), datetime.timedelta(seconds=3600), \
'15m 24x7')
    >>> evidence.breached_at
    datetime.datetime(2026, 10, 5, 10, 0, tzinfo=datetime.timezone.utc)
    """

    ticket: str
    severity: Severity
    metric: str
    clock: str
    opened_at: FixedInstant
    elapsed: timedelta
    threshold: timedelta
    target: str
    target_length: timedelta
    breached_at: FixedInstant


class AvailabilityDetail(SlakitModel):
    """How a month's availability was measured: the period, the downtime, each outage's share.

    ``length`` is the period's real elapsed time (a month keeps its full
    length: maintenance counts as available time); ``ratio`` is the exact
    availability ``1 − downtime / length`` as reduced ``"numerator/denominator"``
    text; ``percent`` is it as a percentage rounded down to 4 places.
    ``outages`` are the outages that touch the period, each with the downtime
    it counted and the maintenance excluded from it; they add up to
    ``downtime`` and ``maintenance_excluded``.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Outage
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
    ...                     monthly_fee="USD 20,000", billing_timezone="UTC")
    >>> outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 10, 6, 15, tzinfo=timezone.utc), id="O-1")
    >>> detail = monthly_credit(contract, "2026-10", outages=[outage]).availability_detail
    >>> detail.length, detail.downtime, detail.ratio, detail.percent
    (datetime.timedelta(days=31), datetime.timedelta(seconds=3600), '743/744', Decimal('99.8655'))
    """

    start: FixedInstant
    end: FixedInstant
    length: timedelta
    downtime: timedelta
    maintenance_excluded: timedelta
    ratio: str
    percent: Decimal
    outages: tuple[OutageDowntime, ...] = ()

    @classmethod
    def of(cls, result: Availability) -> AvailabilityDetail:
        """The detail of an :class:`~slakit.Availability` result."""
        ratio = result.ratio
        return cls(
            start=result.period.start,
            end=result.period.end,
            length=result.period.length,
            downtime=result.downtime,
            maintenance_excluded=result.maintenance_excluded,
            ratio=f"{ratio.numerator}/{ratio.denominator}",
            percent=result.percent,
            outages=result.outage_downtime,
        )


class CreditLine(SlakitModel):
    """One line of a statement: why, how much, and the tickets or outages behind it.

    ``tickets`` and ``outages`` name what is behind the line; ``incidents``
    gives, for an incident line, each ticket's evidence (in the order of
    ``tickets``).
    """

    kind: LineKind
    reason: str
    amount: Money
    tickets: tuple[str, ...] = ()
    outages: tuple[str, ...] = ()
    incidents: tuple[IncidentEvidence, ...] = ()


class CreditStatement(SlakitModel):
    """A month's credits for one contract: lines, subtotal, cap, total, evidence and provenance.

    ``contract`` is the contract's id (``""`` if it has none);
    ``availability_detail`` is how availability was measured (``None`` when
    the policy has no availability bands); ``tickets_counted`` is the number
    of the contract's tickets evaluated (those opened by ``now``);
    ``provenance`` records how the statement was computed.
    """

    customer: str
    contract: str = ""
    framework: str
    tier: str
    month: Month
    monthly_fee: Money
    availability: Decimal | None
    availability_detail: AvailabilityDetail | None = None
    lines: tuple[CreditLine, ...]
    subtotal: Money
    total: Money
    tickets_counted: int = 0
    notes: tuple[str, ...] = ()
    provenance: Provenance

    @property
    def currency(self) -> str:
        """The statement's currency (the monthly fee's)."""
        return self.total.currency

    def to_records(self) -> list[dict[str, str]]:
        """One plain dict per line (then the subtotal and total), for CSV and data frames.

        Columns are :data:`RECORD_COLUMNS`; amounts and the fee are plain
        decimals (``"1250.00"``); ``items`` is the number of tickets and
        outages behind the line (empty for the subtotal and total).
        """
        fee = _plain(self.monthly_fee)
        rows: list[tuple[str, str, Money, str]] = [
            (line.kind, line.reason, line.amount, str(len(line.tickets) + len(line.outages)))
            for line in self.lines
        ]
        rows += [("subtotal", "", self.subtotal, ""), ("total", "", self.total, "")]
        return [
            {
                "month": self.month.iso,
                "contract": self.contract,
                "customer": self.customer,
                "kind": kind,
                "reason": reason,
                "amount": _plain(amount),
                "currency": amount.currency,
                "monthly_fee": fee,
                "items": items,
            }
            for kind, reason, amount, items in rows
        ]

    def evidence_records(self) -> list[dict[str, str]]:
        """One plain dict per outage and ticket behind the statement, for an evidence file.

        Each outage of the availability detail comes first (``line`` is the
        availability line's number, from 1, when it is behind it; empty when
        no band applied or it counted no downtime), then each ticket of each
        incident line. Columns are :data:`EVIDENCE_COLUMNS`; cells that do
        not apply are empty; durations are exact seconds (``"4320"``,
        ``"0.5"``); instants are ISO 8601.
        """
        base = {"month": self.month.iso, "contract": self.contract, "customer": self.customer}
        records: list[dict[str, str]] = []
        if self.availability_detail is not None:
            behind = {
                name: str(number)
                for number, line in enumerate(self.lines, 1)
                if line.kind == "availability"
                for name in line.outages
            }
            for outage in self.availability_detail.outages:
                records.append(_evidence_row(base, {
                    "line": behind.get(outage.id, ""),
                    "item": "outage",
                    "id": outage.id,
                    "start": outage.start.isoformat(),
                    "end": outage.end.isoformat(),
                    "downtime_seconds": _seconds(outage.downtime),
                    "maintenance_excluded_seconds": _seconds(outage.maintenance_excluded),
                }))  # fmt: skip
        for number, line in enumerate(self.lines, 1):
            for incident in line.incidents:
                records.append(_evidence_row(base, {
                    "line": str(number),
                    "item": "ticket",
                    "id": incident.ticket,
                    "severity": incident.severity.value,
                    "metric": incident.metric,
                    "clock": incident.clock,
                    "opened_at": incident.opened_at.isoformat(),
                    "elapsed_seconds": _seconds(incident.elapsed),
                    "threshold_seconds": _seconds(incident.threshold),
                    "target": incident.target,
                    "target_seconds": _seconds(incident.target_length),
                    "breached_at": incident.breached_at.isoformat(),
                }))  # fmt: skip
        return records

    def to_json(self) -> str:
        """The statement as JSON (``CreditStatement.model_validate_json`` reads it back).

        The same inputs give byte-identical text: every list in it has a fixed order.
        """
        return self.model_dump_json(indent=2)

    def to_csv(self) -> str:
        """The statement as CSV: one row per line, then subtotal and total (:meth:`to_records`)."""
        records = self.to_records()
        return csv_text(RECORD_COLUMNS, ([record[name] for name in RECORD_COLUMNS]
                                         for record in records))  # fmt: skip

    def evidence_csv(self) -> str:
        """The evidence as CSV: one row per outage and ticket (see :meth:`evidence_records`)."""
        records = self.evidence_records()
        return csv_text(EVIDENCE_COLUMNS, ([record[name] for name in EVIDENCE_COLUMNS]
                                           for record in records))  # fmt: skip

    def to_frame(self) -> Any:
        """The statement as a pandas DataFrame (needs ``slakit[pandas]``): the rows of
        :meth:`to_records`, with ``amount`` and ``monthly_fee`` as exact ``Decimal``
        values so sums stay exact.

        Raises:
            ImportError: pandas is not installed.
        """
        frame = records_frame(self.to_records(), list(RECORD_COLUMNS))
        for column in ("amount", "monthly_fee"):
            frame[column] = [Decimal(text) for text in frame[column]]
        return frame

    def explain(self) -> str:
        """The worked calculation in plain text: from the evidence to each amount and the total.

        The fee; the period and its length; each outage with the downtime it
        counted and the maintenance excluded; availability as ``1 − downtime /
        length``; the band line; each incident ticket with its severity, elapsed
        time on its metric's clock, threshold, target and breach instant; the
        security breach lines; the subtotal, the cap and the total; then the
        notes and how the statement was computed.

        >>> from datetime import datetime, timedelta, timezone
        >>> from slakit import Contract, Event, Ticket
        >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
        ...                     monthly_fee="USD 20,000", billing_timezone="UTC")
        >>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
        >>> late = Ticket("T-7", "sev1", opened,
        ...               events=[Event.responded(opened + timedelta(hours=2))])
        >>> print(monthly_credit(contract, "2026-10", tickets=[late]).explain())
        ... # doctest: +ELLIPSIS
        Service credits for October 2026: kmp premier
          billed in UTC; monthly fee USD 20,000.00
        <BLANKLINE>
        Availability, 2026-10-01T00:00:00+00:00 to 2026-11-01T00:00:00+00:00
          period length: 744h (2678400 s)
          no outages
          downtime 0 s; maintenance excluded 0 s (maintenance counts as available time)
          availability = 1 − 0 s / 2678400 s = 1/1 = 100.0000%
          no availability band applies: nothing owed
        <BLANKLINE>
        Incidents
          line 1: 1 SEV1 ticket whose response took more than 1h (24x7 clock): USD 5,000.00 each
            T-7 SEV1 response, opened 2026-10-05T09:00:00+00:00: 2h (7200 s) on the 24x7 clock, \
more than the 1h (3600 s) threshold and the 15m 24x7 target (900 s); breached at \
2026-10-05T10:00:00+00:00
            = USD 5,000.00
        <BLANKLINE>
        Security breaches
          none owed
        <BLANKLINE>
        subtotal USD 5,000.00
        no cap adjustment
        total USD 5,000.00
        <BLANKLINE>
        Computed by slakit ... (holidays ..., tzdata ...; timezone rules ... from ...)
          evaluated at 2026-11-01T00:00:00+00:00, billing timezone UTC
          no input files recorded
        """
        return "\n".join(_explanation(self))

    def _repr_html_(self) -> str:
        """A table in notebooks: each line with its reason, amount and what is behind it,
        then the total."""
        caption = (
            f"Service credits, {self.month.label}, "
            f"{self.customer or self.framework + ' ' + self.tier}"
        )
        rows = (
            (line.kind, line.reason, line.amount, " ".join(line.tickets + line.outages))
            for line in self.lines
        )
        return _html.table(("kind", "reason", "amount", "behind it"), rows, caption=caption,
                           right={"amount"}, foot=("total", "", self.total, ""))  # fmt: skip

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
    measured: Availability | None,
) -> tuple[list[CreditLine], Availability | None]:
    """The most severe availability band the month falls below (not the sum of bands),
    and the month's availability (``None`` when the policy has no bands); ``measured``,
    when given, is that availability already computed."""
    if not policy.availability_bands:
        return [], None
    result = availability(outages, period, maintenance) if measured is None else measured
    band = policy.band_for(result.ratio)
    if band is None:
        return [], result
    line = CreditLine(
        kind="availability",
        reason=(
            f"availability {result.percent.normalize():f}% in {period.label} is below "
            f"{percent_text(band.below)}: {percent_text(band.credit)} of the monthly fee"
        ),
        amount=(fee * band.credit).rounded(),
        outages=result.counted_outages,  # maintenance and other months left out
    )
    return [line], result


def _rule_run(runs: tuple[ClockRun, ClockRun], rule: IncidentCredit) -> ClockRun:
    """The clock of the rule's metric."""
    return runs[0] if rule.metric == Metric.RESPONSE.value else runs[1]


def _incident_breach(runs: tuple[ClockRun, ClockRun], rule: IncidentCredit) -> int | None:
    """The instant a ticket's metric went past both the rule's threshold and the tier's
    target, on the metric's own clock (or the retargeting change, if later); ``None`` if
    the metric's clock does not run under the rule's severity or has not gone past them.

    The clock's severity, not the ticket's: a metric already past its target when
    the ticket was downgraded keeps the severity it breached (a breach is final)."""
    run = _rule_run(runs, rule)
    if run.severity is not rule.severity:
        return None
    passed = run.passed_at(max(rule.over // ONE_US, run.length))
    return None if passed is None else run.no_earlier_than_retarget(passed)


def _evidence(
    ticket: Ticket, run: ClockRun, rule: IncidentCredit, breached_at: int, zone: tzinfo | None
) -> IncidentEvidence:
    """What a finance reviewer needs to check one ticket's incident credit."""
    return IncidentEvidence(
        ticket=ticket.id,
        severity=run.severity,
        metric=run.metric.value,
        clock=run.target.clock,
        opened_at=ticket.opened_at,
        elapsed=timedelta_of(run.elapsed),
        threshold=rule.over,
        target=str(run.target),
        target_length=timedelta_of(run.length),
        breached_at=from_us(breached_at, zone),
    )


def _incident_line(
    rule: IncidentCredit, contract: Contract, behind: list[IncidentEvidence]
) -> CreditLine:
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
        tickets=tuple(evidence.ticket for evidence in behind),
        incidents=tuple(behind),
    )


class IncidentTally:
    """A contract's tickets for one month's statement, taken one at a time.

    :func:`monthly_credit` tallies its ``tickets`` here; a caller that streams
    tickets (``month_end`` over a book, the command line over a file) feeds
    each ticket to :meth:`add` as it comes and gives the tally to
    :func:`monthly_credit` as ``incidents``. Kept per ticket: nothing but
    two counts; per incident owed: its :class:`IncidentEvidence` (the
    statement lists it). Since no id is kept, a ticket added twice is counted
    twice: the caller gives each ticket once (``month_end`` refuses an id given
    twice, as ``monthly_credit(tickets=...)`` does).

    >>> from datetime import datetime, timedelta, timezone
    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
    ...                     monthly_fee="USD 20,000", billing_timezone="UTC")
    >>> tally = IncidentTally(contract, "2026-10")
    >>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
    >>> tally.add(Ticket("T-7", "sev1", opened,
    ...                  events=[Event.responded(opened + timedelta(hours=2))]))
    >>> tally.given, tally.counted
    (1, 1)
    >>> str(monthly_credit(contract, "2026-10", incidents=tally).total)
    'USD 5,000.00'

    Args:
        contract: the contract whose tickets are tallied.
        month: ``"2026-10"`` (in the contract's billing timezone) or a Month.
        now: the evaluation instant (default: the month's end), as for
            :func:`monthly_credit`; tickets opened after it are counted as given only.

    Raises:
        WrongTypeError: ``contract`` is not a Contract, or ``now`` not an instant.
        NaiveDatetimeError: ``now`` has no timezone.
    """

    def __init__(
        self, contract: Contract, month: Month | str, now: datetime | str | None = None
    ) -> None:
        if not isinstance(contract, Contract):
            raise WrongTypeError(
                f"contract must be a slakit Contract, not {type(contract).__name__}"
            )
        self.contract = contract
        self.period = _month(month, contract)
        self.now = None if now is None else instant(now, "now")
        self.now_us = self.period.bounds_us[1] if self.now is None else to_us(self.now, "now")
        policy = contract.credit_policy
        self.rules: tuple[IncidentCredit, ...] = (
            tuple(policy.incident_credits) if policy is not None else ()
        )
        self.given = 0
        self.counted = 0
        self._behind: list[list[IncidentEvidence]] = [[] for _ in self.rules]
        self._bounds = self.period.bounds_us
        self._zone = self.period.start.tzinfo

    def add(self, ticket: Ticket, runs: tuple[ClockRun, ClockRun] | None = None) -> None:
        """Tally one ticket; ``runs``, when given, are its clocks at :attr:`now_us`
        (:func:`~slakit.clock.clock_runs`), so a caller that needs them too folds once.

        Raises:
            UsageError: the ticket names another contract.
            WrongTypeError: ``ticket`` is not a Ticket.
        """
        if not isinstance(ticket, Ticket):
            raise WrongTypeError(f"ticket must be a slakit Ticket, not {type(ticket).__name__}")
        _own_ticket(ticket, self.contract)
        self.given += 1
        if ticket.opened_us > self.now_us:
            return  # opened after now: it cannot have breached anything yet
        self.counted += 1
        if not self.rules:
            return
        if runs is None:
            runs = clock_runs(ticket, self.contract, self.now_us)
        start, end = self._bounds
        for rule, behind in zip(self.rules, self._behind, strict=True):
            at = _incident_breach(runs, rule)
            if at is not None and start <= at < end:
                behind.append(_evidence(ticket, _rule_run(runs, rule), rule, at, self._zone))

    def lines(self) -> list[CreditLine]:
        """One line per per-incident rule, for the tickets whose breach happened in the month."""
        lines = []
        for rule, behind in zip(self.rules, self._behind, strict=True):
            if behind:
                # By ticket id, then instants: independent of the order the tickets came in.
                ordered = sorted(behind, key=lambda item: (
                    item.ticket, to_us(item.opened_at, "opened_at"),
                    to_us(item.breached_at, "breached_at")))  # fmt: skip
                lines.append(_incident_line(rule, self.contract, ordered))
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
    """A negative line bringing a subtotal above the cap (a share of the fee) down to it.

    The cap is rounded down to the currency's minor unit, so a total never exceeds it
    (a fee of USD 4,321.065 caps 100% at 4,321.06)."""
    if cap is None:
        return []
    unit = Decimal(1).scaleb(-minor_unit(fee.currency))
    capped = Money(amount=(fee * cap).amount.quantize(unit, rounding=ROUND_FLOOR),
                   currency=fee.currency)  # fmt: skip
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


def _outage(item: object, position: int) -> Outage:
    if not isinstance(item, Outage):
        raise WrongTypeError(
            f"outages[{position}] must be a slakit Outage, not {type(item).__name__}"
        )
    return item


def _own_ticket(ticket: Ticket, contract: Contract) -> Ticket:
    """``ticket`` if it names no contract or ``contract``; never charged to another customer."""
    if ticket.contract and ticket.contract != contract.id:
        this = f"contract {contract.id!r}" if contract.id else "a contract without an id"
        raise UsageError(
            f"ticket {ticket.id} belongs to contract {ticket.contract!r}, but this statement "
            f"is for {this}; give monthly_credit only the contract's own tickets "
            "(month_end sorts a whole book of tickets by contract)"
        )
    return ticket


def _measured(measured: object, period: Month) -> Availability | None:
    """``measured`` if it is the availability of ``period`` (or ``None``)."""
    if measured is None:
        return None
    if not isinstance(measured, Availability):
        raise WrongTypeError(
            f"measured must be a slakit Availability, not {type(measured).__name__}"
        )
    if measured.period.bounds_us != period.bounds_us:
        raise UsageError(
            f"measured is the availability of {measured.period.start.isoformat()} to "
            f"{measured.period.end.isoformat()}, not of {period.label} "
            f"({period.start.isoformat()} to {period.end.isoformat()}); measure the "
            "statement's own month"
        )
    return measured


def monthly_credit(
    contract: Contract,
    month: Month | str,
    *,
    tickets: Iterable[Ticket] = (),
    outages: Iterable[Outage] = (),
    maintenance: Iterable[Maintenance] = (),
    security_breaches: Iterable[SecurityBreach | datetime] = (),
    now: datetime | str | None = None,
    inputs: Iterable[InputFile] = (),
    measured: Availability | None = None,
    incidents: IncidentTally | None = None,
) -> CreditStatement:
    """The credit statement of ``contract`` for ``month`` (``"2026-10"`` or a :class:`Month`).

    ``now`` (default: the month's end) is the instant tickets are evaluated
    at; events after it are ignored, and tickets opened after it are left out
    (the statement's notes say how many). The month is taken in the contract's
    billing timezone when given as text. The lines come in the order of the
    rules: availability, incidents, security breaches, then the cap and the
    minimum.

    A ticket that names another contract than ``contract.id`` is refused:
    it is never charged to the wrong customer. Outages and security breaches
    are shared lists: those that do not hit the contract (its id, or one of
    its services) are left out.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
    ...                     monthly_fee="USD 20,000")
    >>> breach = datetime(2026, 10, 14, 9, tzinfo=timezone.utc)
    >>> [str(line.amount) for line in monthly_credit(contract, "2026-10",
    ...                                              security_breaches=[breach]).lines]
    ['USD 20,000.00']

    Args:
        contract: a Contract with a monthly fee.
        month: ``"2026-10"`` (in the contract's billing timezone) or a Month.
        tickets: the contract's tickets (any month: each is placed by its breach).
        outages: outages, possibly of many contracts; those that hit this one count.
        maintenance: maintenance windows and rules (not downtime).
        security_breaches: SecurityBreach objects or aware datetimes.
        now: the evaluation instant (default: the month's end).
        inputs: the input files the arguments were read from, recorded in the
            statement's provenance (see :meth:`slakit.provenance.InputFile.of`).
        measured: the month's availability already computed for this contract's
            outages and maintenance (``month_end`` shares one among contracts);
            ``outages`` and ``maintenance`` are then not measured again.
        incidents: the contract's tickets already tallied, one at a time, for this
            month and ``now`` (:class:`IncidentTally`; for tickets streamed from a file);
            ``tickets`` must then be empty.

    Raises:
        WrongTypeError: ``contract`` is not a Contract, ``tickets``, ``outages``,
            ``maintenance``, ``security_breaches`` or ``inputs`` is not a list (or other
            iterable), or an item or ``measured`` is of the wrong type.
        PolicyError: the contract has no monthly fee.
        UsageError: a ticket names another contract or is given twice (the same id),
            ``measured`` is the availability of another period, or ``incidents`` is
            the tally of another contract, month or ``now`` (or given with ``tickets``).
        NaiveDatetimeError: ``now`` has no timezone.
    """
    if not isinstance(contract, Contract):
        raise WrongTypeError(f"contract must be a slakit Contract, not {type(contract).__name__}")
    period = _month(month, contract)
    fee = contract.monthly_fee
    if fee is None:
        raise PolicyError("the contract has no monthly_fee; credits are fractions of it")
    # Checked before the framework is looked at, so misuse is reported for every one.
    own = [
        _own_ticket(_ticket(item, n), contract)
        for n, item in enumerate(list_of("tickets", tickets, "Tickets"))
    ]
    seen: set[str] = set()
    for ticket in own:
        if ticket.id in seen:  # it would be credited twice
            raise UsageError(f"ticket {ticket.id} is given twice; it would be credited twice")
        seen.add(ticket.id)
    breaches = [
        breach
        for n, item in enumerate(
            list_of("security_breaches", security_breaches, "SecurityBreaches or datetimes")
        )
        if (breach := _security_breach(item, n)).hits(contract.id)
    ]
    hitting = [
        outage
        for n, item in enumerate(list_of("outages", outages, "Outages"))
        if (outage := _outage(item, n)).hits(contract.id, contract.services)
    ]
    maintenance = list_of("maintenance", maintenance, "maintenance windows or rules")
    files = list_of("inputs", inputs, "InputFiles")
    given = _measured(measured, period)
    if now is not None:
        now = instant(now, "now")  # what Ticket(opened_at=...) accepts, as evaluate does
    if incidents is None:
        incidents = IncidentTally(contract, period, now)
        for ticket in own:
            incidents.add(ticket)
    else:
        _same_tally(incidents, contract, period, now, own)
    provenance = Provenance.current(period.end if now is None else now, period.timezone, files)
    notes = _left_out_note(incidents.given - incidents.counted, provenance.now)
    policy = contract.credit_policy  # the framework's, with the contract's own amounts
    if policy is None:
        notes += (f"the {contract.framework.name} framework defines no service credits",)
        return _statement(contract, period, fee, [], None, Money.zero(fee.currency),
                          provenance, incidents.counted, notes)  # fmt: skip
    availability_lines, result = _availability_line(
        policy, fee, period, hitting, maintenance, given
    )
    lines = [
        *availability_lines,
        *incidents.lines(),
        *_security_breach_lines(policy.security_breach, fee, breaches, period),
    ]
    subtotal = _total(lines, fee.currency)
    lines += _cap_line(policy.cap, fee, subtotal)
    lines += _minimum_line(policy.minimum_credit, _total(lines, fee.currency))
    return _statement(
        contract, period, fee, lines, result, subtotal, provenance, incidents.counted, notes
    )


def _same_tally(
    tally: object, contract: Contract, period: Month, now: datetime | None, own: list[Ticket]
) -> None:
    """Refuse a tally of another contract, month or ``now`` (or tickets given twice)."""
    if not isinstance(tally, IncidentTally):
        raise WrongTypeError(
            f"incidents must be a slakit IncidentTally, not {type(tally).__name__}"
        )
    if own:
        raise UsageError(
            "give the tickets either as tickets or tallied as incidents, not both (they "
            "would be counted twice)"
        )
    if tally.contract is not contract and tally.contract != contract:
        raise UsageError("incidents is the tally of another contract; tally this contract's")
    now_us = period.bounds_us[1] if now is None else to_us(now, "now")
    if tally.period.bounds_us != period.bounds_us or tally.now_us != now_us:
        raise UsageError(
            f"incidents is the tally of another month or now ({tally.period.label}, "
            f"now {from_us(tally.now_us, period.start.tzinfo).isoformat()}); tally the "
            "statement's own month, at its own now"
        )


def _left_out_note(count: int, now: datetime) -> tuple[str, ...]:
    if not count:
        return ()
    return (
        f"{count} ticket{'s' * (count != 1)} opened after {now.isoformat()} (now) "
        f"{'were' if count != 1 else 'was'} left out",
    )


def _statement(
    contract: Contract,
    period: Month,
    fee: Money,
    lines: list[CreditLine],
    measured: Availability | None,
    subtotal: Money,
    provenance: Provenance,
    tickets_counted: int,
    notes: tuple[str, ...],
) -> CreditStatement:
    return CreditStatement(
        customer=contract.customer,
        contract=contract.id,
        framework=contract.framework.name,
        tier=contract.tier,
        month=period,
        monthly_fee=fee,
        availability=None if measured is None else measured.percent,
        availability_detail=None if measured is None else AvailabilityDetail.of(measured),
        lines=tuple(lines),
        subtotal=subtotal.rounded(),
        total=_total(lines, fee.currency).rounded(),
        tickets_counted=tickets_counted,
        notes=notes,
        provenance=provenance,
    )


# -- plain text of numbers, and the explanation --------------------------------------------------


def _plain(money: Money) -> str:
    """A money amount as a plain decimal with at least the currency's minor unit: "1250.00"."""
    exponent = Decimal(1).scaleb(-minor_unit(money.currency))
    amount = money.amount
    if amount.quantize(exponent) == amount:
        amount = amount.quantize(exponent)
    return f"{amount:f}"


def _seconds(value: timedelta) -> str:
    """A duration as exact seconds in plain decimals: "4320", "0.5"."""
    return f"{Decimal(value // ONE_US).scaleb(-6).normalize():f}"


def _length(value: timedelta) -> str:
    """A duration for people, with its exact seconds: "72m (4320 s)", "0.5 s"."""
    seconds = f"{_seconds(value)} s"
    if not value or value % timedelta(minutes=1):
        return seconds
    return f"{format_duration(value, days=False)} ({seconds})"


def _evidence_row(base: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    row = dict.fromkeys(EVIDENCE_COLUMNS, "")
    row.update(base)
    row.update(values)
    return row


def _explanation(statement: CreditStatement) -> list[str]:
    """The lines of :meth:`CreditStatement.explain`."""
    numbered = list(enumerate(statement.lines, 1))
    who = statement.customer or f"{statement.framework} {statement.tier}"
    named = f"contract {statement.contract}, " if statement.contract else ""
    out = [
        f"Service credits for {statement.month.label}: {who}",
        f"  {named}billed in {statement.month.timezone}; monthly fee {statement.monthly_fee}",
    ]
    detail = statement.availability_detail
    if detail is not None:
        out += _availability_explanation(detail, numbered)
    out += ["", "Incidents"]
    incident_lines = [(number, line) for number, line in numbered if line.kind == "incident"]
    for number, line in incident_lines:
        out.append(f"  line {number}: {line.reason}")
        out += [f"    {_incident_text(incident)}" for incident in line.incidents]
        out.append(f"    = {line.amount}")
    if not incident_lines:
        out.append("  none owed")
    out += ["", "Security breaches"]
    breach_lines = [(number, line) for number, line in numbered if line.kind == "security_breach"]
    out += [f"  line {number}: {line.reason} = {line.amount}" for number, line in breach_lines]
    if not breach_lines:
        out.append("  none owed")
    out += ["", f"subtotal {statement.subtotal}"]
    caps = [(number, line) for number, line in numbered if line.kind in ("cap", "minimum")]
    out += [f"line {number}: {line.reason}: {line.amount}" for number, line in caps]
    if not any(line.kind == "cap" for _, line in caps):
        out.append("no cap adjustment")
    out.append(f"total {statement.total}")
    if statement.notes:
        out += ["", "Notes", *(f"  {note}" for note in statement.notes)]
    record = statement.provenance
    out += [
        "",
        f"Computed by slakit {record.slakit} (holidays {record.holidays}, tzdata "
        f"{record.tzdata}; timezone rules {record.tz_version} from {record.tz_source})",
        f"  evaluated at {record.now.isoformat()}, billing timezone {record.billing_timezone}",
    ]
    out += [f"  {item.role}: {item.name}, {item.bytes} bytes, SHA-256 {item.sha256}"
            for item in record.inputs]  # fmt: skip
    if not record.inputs:
        out.append("  no input files recorded")
    return out


def _incident_text(incident: IncidentEvidence) -> str:
    return (
        f"{incident.ticket} {incident.severity.value} {incident.metric}, opened "
        f"{incident.opened_at.isoformat()}: {_length(incident.elapsed)} on the {incident.clock} "
        f"clock, more than the {_length(incident.threshold)} threshold and the {incident.target} "
        f"target ({_seconds(incident.target_length)} s); breached at "
        f"{incident.breached_at.isoformat()}"
    )


def _availability_explanation(
    detail: AvailabilityDetail, numbered: list[tuple[int, CreditLine]]
) -> list[str]:
    out = [
        "",
        f"Availability, {detail.start.isoformat()} to {detail.end.isoformat()}",
        f"  period length: {_length(detail.length)}",
    ]
    out += [
        f"  outage {outage.id}, {outage.start.isoformat()} to {outage.end.isoformat()}: "
        f"{_length(outage.downtime)} counted, {_length(outage.maintenance_excluded)} "
        "maintenance excluded"
        for outage in detail.outages
    ]
    if not detail.outages:
        out.append("  no outages")
    out += [
        f"  downtime {_length(detail.downtime)}; maintenance excluded "
        f"{_length(detail.maintenance_excluded)} (maintenance counts as available time)",
        f"  availability = 1 − {_seconds(detail.downtime)} s / {_seconds(detail.length)} s = "
        f"{detail.ratio} = {detail.percent:f}%",
    ]
    band = [(number, line) for number, line in numbered if line.kind == "availability"]
    out += [f"  line {number}: {line.reason} = {line.amount}" for number, line in band]
    if not band:
        out.append("  no availability band applies: nothing owed")
    return out
