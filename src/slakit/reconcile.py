"""A second opinion: slakit's verdicts beside the ticketing tool's own, and where they part.

:func:`reconcile` evaluates each imported ticket under the contract as
written and compares, per vendor verdict (a ticket and one metric), whether
each says the metric breached. For each disagreement it gives both verdicts,
both deadlines, the first event where the two clocks diverge (slakit's SLA
events, :func:`slakit.sla_events`, walked beside the vendor's clock events)
and what the disagreement is worth under the contract's per-incident credit
rules. The summary gives the agreement rate per metric and the credits the
disagreements are worth.

Two events match when they are of the same kind at the same instant, to the
whole second (vendors stamp to the second). Threshold events are left out
(vendors have none); slakit's ``breached`` is compared at
:attr:`~slakit.MetricStatus.breached_at`, the instant the target was used up,
which is what vendors call the breach time. A vendor breach recorded for an
instant after ``now`` has not happened yet and counts as not breached. When
a verdict has no clock events, its breach and its stop are compared with
slakit's.

What a disagreement is worth: for each per-incident rule of the contract on
the metric (``slakit_credit``), the amount slakit's clock owes (elapsed more
than the larger of the rule's threshold and the target, as
:func:`slakit.monthly_credit` counts it, whatever the month); and the amount
the vendor's verdict would owe if it were right (``vendor_credit``): a rule's
amount when the vendor says breached and the rule's threshold is not longer
than the target (so a breach passes it too); ``None`` when the rule's
threshold is longer than the target, since a vendor breach does not say by
how much. These are the rules' amounts per ticket, before the contract's monthly cap
(a month whose statement is capped changes by less, or not at all).

>>> from datetime import UTC, datetime
>>> from slakit import Contract, Event, Ticket
>>> from slakit.imports.result import VendorVerdict
>>> contract = Contract(framework="kmp", tier="standard", region="dublin",
...                     monthly_fee="USD 10,000")
>>> opened = datetime(2026, 3, 16, 16, tzinfo=UTC)  # Monday; Tuesday is St Patrick's Day
>>> ticket = Ticket("201", "sev2", opened, [Event.responded(datetime(2026, 3, 18, 7, 30,
...                                                                   tzinfo=UTC))])
>>> vendor = VendorVerdict(ticket_id="201", metric="response", vendor_metric="reply_time",
...                        breached=True, due_at=datetime(2026, 3, 17, 8, tzinfo=UTC),
...                        breached_at=datetime(2026, 3, 17, 8, tzinfo=UTC))
>>> result = reconcile([ticket], [vendor], contract, "2026-03-31T00:00:00Z")
>>> [(d.ticket_id, d.slakit_breached, d.vendor_breached, d.slakit_due_at.isoformat())
...  for d in result.disagreements]
[('201', False, True, '2026-03-18T08:00:00+00:00')]
>>> print(result.disagreements[0].divergence.explanation)
the vendor's clock breached at 2026-03-17 08:00:00+00:00; slakit's did not: its deadline is \
2026-03-18 08:00:00+00:00, and slakit's calendar is closed on 2026-03-17 (Saint Patrick's Day)
>>> str(result.disagreements[0].vendor_credit), str(result.credits.difference)
('USD 2,500.00', 'USD 2,500.00')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

from slakit._model import FixedInstant, SlakitModel, list_of
from slakit._time import ONE_US, to_us
from slakit.calendar import Calendar
from slakit.clock import ClockRun, MetricStatus, clock_runs, evaluate, instant
from slakit.csv_text import csv_text
from slakit.errors import DataFileError, UsageError, WrongTypeError
from slakit.imports.result import VendorClockEvent, VendorVerdict
from slakit.money import Money
from slakit.policy import Contract, Metric
from slakit.severity import Severity
from slakit.sla import SlaEventKind, sla_events
from slakit.tickets import Ticket

__all__ = [
    "DISAGREEMENT_COLUMNS",
    "ClockEvent",
    "CreditsAtStake",
    "Disagreement",
    "Divergence",
    "MetricAgreement",
    "Reconciliation",
    "reconcile",
]

DISAGREEMENT_COLUMNS = (
    "ticket_id",
    "metric",
    "vendor_metric",
    "severity",
    "slakit_breached",
    "vendor_breached",
    "slakit_due_at",
    "vendor_due_at",
    "slakit_breached_at",
    "vendor_breached_at",
    "diverged_at",
    "slakit_event",
    "vendor_event",
    "explanation",
    "slakit_credit",
    "vendor_credit",
)
"""The columns of :meth:`Reconciliation.to_csv`, one row per disagreement."""


class ClockEvent(SlakitModel):
    """One event of one side's clock: its kind and instant."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    kind: SlaEventKind
    at: FixedInstant


class Divergence(SlakitModel):
    """The first place two clocks part: slakit's event and the vendor's there (``None``: that
    side has no event there), the earlier instant of the two, and why in words."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    at: FixedInstant
    slakit: ClockEvent | None
    vendor: ClockEvent | None
    explanation: str


class Disagreement(SlakitModel):
    """A ticket and metric on which slakit and the vendor disagree about the breach."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    ticket_id: str
    metric: Metric
    vendor_metric: str
    severity: Severity
    slakit_breached: bool
    vendor_breached: bool
    slakit_due_at: FixedInstant | None
    vendor_due_at: FixedInstant | None
    slakit_breached_at: FixedInstant | None
    vendor_breached_at: FixedInstant | None
    divergence: Divergence | None
    slakit_credit: Money | None
    vendor_credit: Money | None
    where: str = ""


class MetricAgreement(SlakitModel):
    """How often slakit and the vendor agree on one metric: ``agreed`` of ``compared``,
    ``rate`` as a percentage rounded half up to 0.01 (``None`` when nothing was compared)."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    metric: Metric
    compared: int
    agreed: int
    rate: Decimal | None


class CreditsAtStake(SlakitModel):
    """What the disagreements are worth under the contract's per-incident credits.

    ``slakit`` is what slakit's clocks owe on the disagreeing tickets,
    ``vendor`` what the vendor's verdicts would owe (of those it can be
    told for; ``unknown`` counts the others), ``difference`` = ``vendor -
    slakit``: positive when the vendor's verdicts would credit the customer
    more.
    """

    _error: ClassVar[type[DataFileError]] = DataFileError

    slakit: Money
    vendor: Money
    difference: Money
    unknown: int = 0


class Reconciliation(SlakitModel):
    """slakit's verdicts beside the vendor's: disagreements, agreement per metric, credits."""

    _error: ClassVar[type[DataFileError]] = DataFileError

    contract: str
    now: FixedInstant
    compared: int
    disagreements: tuple[Disagreement, ...]
    summary: tuple[MetricAgreement, ...]
    credits: CreditsAtStake | None

    def to_json(self) -> str:
        """The reconciliation as JSON (instants with offsets, money as text)."""
        return json.dumps(self.model_dump(mode="json"), indent=2) + "\n"

    def to_csv(self) -> str:
        """One row per disagreement, columns :data:`DISAGREEMENT_COLUMNS`."""
        return csv_text(DISAGREEMENT_COLUMNS, [_row(item) for item in self.disagreements])

    def table(self) -> str:
        """The summary and each disagreement, explained, as plain text."""
        lines = [
            f"Reconciliation with the vendor's verdicts at {self.now.isoformat()}"
            + (f" (contract {self.contract})" if self.contract else ""),
            "",
            "metric      compared  agreed  rate",
        ]
        for row in self.summary:
            rate = "-" if row.rate is None else f"{row.rate}%"
            lines.append(f"{row.metric.value:<11} {row.compared:>8}  {row.agreed:>6}  {rate}")
        if self.credits is not None:
            credits = self.credits
            unknown = f"; {credits.unknown} not known" if credits.unknown else ""
            lines += [
                "",
                f"Credits on the disagreements: slakit {credits.slakit}, vendor "
                f"{credits.vendor}{unknown}; difference {credits.difference}",
            ]
        lines += ["", f"{len(self.disagreements)} disagreement(s)"]
        for item in self.disagreements:
            lines += [
                "",
                f"ticket {item.ticket_id}, {item.metric.value} ({item.vendor_metric}, "
                f"{item.severity.value}): slakit {_verdict(item.slakit_breached)}, vendor "
                f"{_verdict(item.vendor_breached)}",
                f"  deadlines: slakit {_instant(item.slakit_due_at)}, vendor "
                f"{_instant(item.vendor_due_at)}",
            ]
            if item.divergence is not None:
                lines.append(f"  first divergence: {item.divergence.explanation}")
            if item.slakit_credit is not None or item.vendor_credit is not None:
                lines.append(
                    f"  credits: slakit {_money(item.slakit_credit)}, vendor "
                    f"{_money(item.vendor_credit)}"
                )
        return "\n".join(lines) + "\n"


def _verdict(breached: bool) -> str:
    return "breached" if breached else "not breached"


def _instant(value: datetime | None) -> str:
    return "-" if value is None else _utc(value)


def _utc(value: datetime) -> str:
    """An instant in UTC for reading: a vendor's deadline read in its user's zone (ServiceNow
    display values) beside slakit's in UTC would look hours apart when they are not."""
    return value.astimezone(UTC).isoformat(sep=" ")


def _money(value: Money | None) -> str:
    return "not known" if value is None else str(value)


def _row(item: Disagreement) -> list[str]:
    divergence = item.divergence

    def event(value: ClockEvent | None) -> str:
        return "" if value is None else f"{value.kind.value} {value.at.isoformat()}"

    def when(value: datetime | None) -> str:
        return "" if value is None else value.isoformat()

    def amount(value: Money | None) -> str:
        return "" if value is None else f"{value.currency} {value.amount}"

    return [
        item.ticket_id, item.metric.value, item.vendor_metric, item.severity.value,
        str(item.slakit_breached).lower(), str(item.vendor_breached).lower(),
        when(item.slakit_due_at), when(item.vendor_due_at), when(item.slakit_breached_at),
        when(item.vendor_breached_at),
        when(divergence.at) if divergence else "",
        event(divergence.slakit) if divergence else "",
        event(divergence.vendor) if divergence else "",
        divergence.explanation if divergence else "",
        amount(item.slakit_credit), amount(item.vendor_credit),
    ]  # fmt: skip


# -- the clocks, side by side -----------------------------------------------------------------

_COMPARED = frozenset(SlaEventKind) - {SlaEventKind.THRESHOLD}


def _second(value: datetime) -> int:
    """The instant to the whole second (vendors stamp to the second)."""
    return to_us(value, "at") // 1_000_000


def _slakit_clock(
    ticket: Ticket, contract: Contract, status: MetricStatus, now: datetime
) -> list[ClockEvent]:
    found = []
    for event in sla_events(ticket, contract, end=now):
        if event.metric != status.metric or event.kind not in _COMPARED:
            continue
        at = event.at
        if event.kind is SlaEventKind.BREACHED and status.breached_at is not None:
            at = status.breached_at  # when the target was used up, as vendors stamp it
        found.append(ClockEvent(kind=event.kind, at=at))
    return found


def _vendor_clock(verdict: VendorVerdict, now_us: int) -> list[ClockEvent]:
    events: Iterable[VendorClockEvent] = verdict.events
    return [
        ClockEvent(kind=event.kind, at=event.at)
        for event in events
        if to_us(event.at, "at") <= now_us
    ]


def _holidays_between(contract: Contract, first: datetime, last: datetime) -> list[str]:
    """The holidays of slakit's business calendar from ``first`` to ``last`` (local dates)."""
    calendar = contract.business_calendar
    if not isinstance(calendar, Calendar) or calendar.holidays is None:
        return []
    zone = calendar.zone
    day = first.astimezone(zone).date()
    end = last.astimezone(zone).date()
    found: list[str] = []
    names: dict[int, dict[date, str]] = {}
    while day <= end and len(found) < 10:
        if day.year not in names:
            names[day.year] = calendar.holidays.named(day.year)
        name = names[day.year].get(day)
        if name is not None:
            found.append(f"{day.isoformat()} ({name})")
        day += timedelta(days=1)
    return found


def _explain(
    slakit: ClockEvent | None,
    vendor: ClockEvent | None,
    status: MetricStatus,
    contract: Contract,
    vendor_due: datetime | None,
) -> str:
    def at(event: ClockEvent) -> str:
        return _utc(event.at)

    if slakit is not None and vendor is not None and slakit.kind is vendor.kind:
        text = f"slakit's clock {slakit.kind.value} at {at(slakit)}, the vendor's at {at(vendor)}"
    elif vendor is not None and (slakit is None or _second(vendor.at) < _second(slakit.at)):
        text = f"the vendor's clock {vendor.kind.value} at {at(vendor)}; slakit's did not"
        if vendor.kind is SlaEventKind.BREACHED and status.due_at is not None:
            text += f": its deadline is {_utc(status.due_at)}"
        else:
            following = f"{slakit.kind.value} at {at(slakit)}" if slakit else "none"
            text += f" (slakit's next event: {following})"
    else:
        assert slakit is not None  # one side has an event at the divergence
        text = f"slakit's clock {slakit.kind.value} at {at(slakit)}; the vendor's did not"
        following = f"{vendor.kind.value} at {at(vendor)}" if vendor else "none"
        text += f" (the vendor's next event: {following})"
        if slakit.kind in (SlaEventKind.PAUSED, SlaEventKind.RESUMED):
            text += "; the ticket's status then is one the mapping counts as " + (
                "waiting on the customer" if slakit.kind is SlaEventKind.PAUSED else "running"
            )
    # Deadlines either side of holidays: name them (a schedule without them is common).
    due = status.due_at
    if status.clock == "business" and due is not None and vendor_due is not None:
        first, last = sorted((due, vendor_due), key=_second)
        holidays = _holidays_between(contract, first, last) if first != last else []
        if holidays:
            text += f", and slakit's calendar is closed on {', '.join(holidays)}"
    return text


def _divergence(
    slakit: list[ClockEvent],
    vendor: list[ClockEvent],
    status: MetricStatus,
    contract: Contract,
    vendor_due: datetime | None,
) -> Divergence | None:
    """The first pair of events that differ (kind, or instant to the second)."""
    for index in range(max(len(slakit), len(vendor))):
        ours = slakit[index] if index < len(slakit) else None
        theirs = vendor[index] if index < len(vendor) else None
        if (
            ours is not None
            and theirs is not None
            and ours.kind is theirs.kind
            and _second(ours.at) == _second(theirs.at)
        ):
            continue
        instants = [event.at for event in (ours, theirs) if event is not None]
        return Divergence(
            at=min(instants, key=_second),
            slakit=ours,
            vendor=theirs,
            explanation=_explain(ours, theirs, status, contract, vendor_due),
        )
    return None


def _fallback_clock(verdict: VendorVerdict, now_us: int) -> list[ClockEvent]:
    """The vendor's breach and stop, when it gives no clock events."""
    found = []
    if verdict.breached and verdict.breached_at is not None:
        found.append(ClockEvent(kind=SlaEventKind.BREACHED, at=verdict.breached_at))
    if verdict.stopped_at is not None:
        found.append(ClockEvent(kind=SlaEventKind.FULFILLED, at=verdict.stopped_at))
    found = [event for event in found if to_us(event.at, "at") <= now_us]
    return sorted(found, key=lambda event: to_us(event.at, "at"))


# -- credits ---------------------------------------------------------------------------------


def _credits(
    run: ClockRun, contract: Contract, vendor_breached: bool
) -> tuple[Money | None, Money | None] | None:
    """What slakit's clock owes and what the vendor's verdict would owe (``None``: not known),
    under the contract's per-incident rules on the metric; ``None`` when no rule applies."""
    policy = contract.credit_policy
    rules = [
        rule
        for rule in (policy.incident_credits if policy is not None else ())
        if rule.metric == run.metric.value and rule.severity is run.severity
    ]
    if not rules:
        return None
    currency = rules[0].amount.currency
    ours = theirs = Money.zero(currency)
    known = True
    for rule in rules:
        over = rule.over // ONE_US
        if run.passed_at(max(over, run.length)) is not None:
            ours += rule.amount
        if vendor_breached:
            if over <= run.length:
                theirs += rule.amount
            else:
                known = False
    return ours.rounded(), theirs.rounded() if known else None


# -- the reconciliation ------------------------------------------------------------------------


def reconcile(
    tickets: Iterable[Ticket],
    verdicts: Iterable[VendorVerdict],
    contract: Contract,
    now: datetime | str,
) -> Reconciliation:
    """Compare slakit's verdict with the vendor's on each ticket and metric the vendor judged.

    Args:
        tickets: the imported tickets (each vendor verdict names one of them).
        verdicts: the vendor's verdicts (:class:`~slakit.imports.result.VendorVerdict`).
        contract: the contract the tickets are measured under.
        now: the instant to evaluate at (the export's time); anything ``opened_at``
            accepts.

    Returns:
        The :class:`Reconciliation`; disagreements in the order of the verdicts.

    Raises:
        WrongTypeError: an argument of the wrong type.
        DataFileError: a verdict names a ticket that is not among ``tickets``; a ticket
            names another contract than ``contract``; a ticket id is given twice.
        UsageError: a ticket the vendor judged was opened after ``now``.
        NaiveDatetimeError: ``now`` has no timezone.
    """
    if not isinstance(contract, Contract):
        raise WrongTypeError(f"contract must be a Contract, not {type(contract).__name__}")
    now_at = instant(now, "now")
    now_us = to_us(now_at, "now")
    by_id: dict[str, Ticket] = {}
    for ticket in list_of("tickets", tickets, "Tickets", Ticket):
        if ticket.id in by_id:
            raise DataFileError(f"ticket {ticket.id} is given twice")
        if ticket.contract and contract.id and ticket.contract != contract.id:
            raise DataFileError(
                f"ticket {ticket.id} belongs to contract {ticket.contract}, not {contract.id}; "
                "reconcile each contract's tickets under their own contract"
            )
        by_id[ticket.id] = ticket
    items: Sequence[VendorVerdict] = list_of("verdicts", verdicts, "VendorVerdicts", VendorVerdict)
    compared = {metric: [0, 0] for metric in Metric}
    disagreements: list[Disagreement] = []
    cache: dict[str, tuple[MetricStatus, MetricStatus, tuple[ClockRun, ClockRun]]] = {}
    for index, verdict in enumerate(items):
        ticket = by_id.get(verdict.ticket_id)
        if ticket is None:
            raise DataFileError(
                f"verdict {index} ({verdict.where or verdict.vendor_metric}): ticket "
                f"{verdict.ticket_id} is not among the tickets"
            )
        if ticket.id not in cache:
            if ticket.opened_us > now_us:
                raise UsageError(
                    f"ticket {ticket.id} was opened at {ticket.opened_at.isoformat()}, after now "
                    f"({now_at.isoformat()}); reconcile at the export's time, after every opening"
                )
            status = evaluate(ticket, contract, now_at)
            cache[ticket.id] = (status.response, status.resolution,
                                clock_runs(ticket, contract, now_us))  # fmt: skip
        response, resolution, runs = cache[ticket.id]
        first = verdict.metric is Metric.RESPONSE
        ours = response if first else resolution
        run = runs[0] if first else runs[1]
        vendor_breached = verdict.breached is True and (
            verdict.breached_at is None or to_us(verdict.breached_at, "breached_at") <= now_us
        )
        counts = compared[verdict.metric]
        counts[0] += 1
        if ours.breached == vendor_breached:
            counts[1] += 1
            continue
        vendor_clock = (
            _vendor_clock(verdict, now_us) if verdict.events else _fallback_clock(verdict, now_us)
        )
        slakit_clock = _slakit_clock(ticket, contract, ours, now_at)
        if not verdict.events:
            slakit_clock = [
                event
                for event in slakit_clock
                if event.kind in (SlaEventKind.BREACHED, SlaEventKind.FULFILLED)
            ]
        credits = _credits(run, contract, vendor_breached)
        disagreements.append(
            Disagreement(
                ticket_id=ticket.id, metric=verdict.metric, vendor_metric=verdict.vendor_metric,
                severity=ours.severity, slakit_breached=ours.breached,
                vendor_breached=vendor_breached, slakit_due_at=ours.due_at,
                vendor_due_at=verdict.due_at, slakit_breached_at=ours.breached_at,
                vendor_breached_at=verdict.breached_at if vendor_breached else None,
                divergence=_divergence(slakit_clock, vendor_clock, ours, contract,
                                       verdict.due_at or verdict.breached_at),
                slakit_credit=credits[0] if credits else None,
                vendor_credit=credits[1] if credits else None,
                where=verdict.where,
            )
        )  # fmt: skip
    summary = tuple(
        MetricAgreement(metric=metric, compared=total, agreed=agreed, rate=_rate(agreed, total))
        for metric, (total, agreed) in compared.items()
    )
    return Reconciliation(
        contract=contract.id, now=now_at, compared=len(items),
        disagreements=tuple(disagreements), summary=summary,
        credits=_at_stake(disagreements, contract),
    )  # fmt: skip


def _rate(agreed: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100 * agreed) / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _at_stake(disagreements: list[Disagreement], contract: Contract) -> CreditsAtStake | None:
    policy = contract.credit_policy
    if policy is None or not policy.incident_credits:
        return None
    currency = policy.incident_credits[0].amount.currency
    ours = theirs = Money.zero(currency)
    unknown = 0
    for item in disagreements:
        if item.slakit_credit is not None:
            ours += item.slakit_credit
        if item.vendor_credit is not None:
            theirs += item.vendor_credit
        elif item.slakit_credit is not None:  # a rule applies, the vendor's amount is unknown
            unknown += 1
    return CreditsAtStake(slakit=ours, vendor=theirs, difference=theirs - ours, unknown=unknown)
