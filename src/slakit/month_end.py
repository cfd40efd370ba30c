"""Month-end for a whole book of customers: every contract's statement and compliance at once.

:func:`month_end` routes each ticket to the contract it names
(``Ticket.contract``), each outage to the contracts it hits (one that names
no contract and no service hits every contract) and each security breach to
the contracts it names (it must name some), and computes, per contract,
its credit statement and its compliance report for the month, in the
contract's own billing timezone. The book's summary has one row per customer
(fee, availability, credits by kind, total, capped or not) and totals per
currency; slakit never adds up two currencies.

Nothing is charged to the wrong customer: a ticket naming a contract that is
not in the book, a ticket id given twice, an outage naming an unknown
contract or a service no contract uses, or a security breach naming no
contract, an unknown one, or given twice is an error, never a guess. Calendars are compiled once per
distinct calendar, and a month's availability (with its maintenance
expansion) is computed once per billing month and set of outages, not once
per statement.

>>> from datetime import datetime, timedelta, timezone
>>> from slakit import Contract, Event, Ticket
>>> dublin = Contract(id="liffey", framework="kmp", tier="premier", region="dublin",
...                   monthly_fee="USD 12,500", customer="Liffey Payments Ltd")
>>> austin = Contract(id="lone-star", framework="kmp", tier="basic", region="austin",
...                   monthly_fee="USD 2,000", customer="Lone Star Freight")
>>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
>>> late = Ticket("T-1", "sev1", opened, contract="liffey",
...               events=[Event.responded(opened + timedelta(minutes=72))])
>>> book = month_end([dublin, austin], "2026-10", tickets=[late])
>>> [(row.contract, str(row.total), row.currency) for row in book.summary]
[('liffey', '5000.00', 'USD'), ('lone-star', '0.00', 'USD')]
>>> [(total.currency, str(total.credits)) for total in book.totals]
[('USD', '5000.00')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from slakit import _html
from slakit._frames import records_frame
from slakit._model import SlakitModel, list_of
from slakit._text import listing
from slakit.availability import (
    Availability,
    Maintenance,
    MaintenanceRule,
    MaintenanceWindow,
    Month,
    Outage,
    availability,
)
from slakit.clock import ClockState, clock_runs, instant
from slakit.credits import CreditStatement, IncidentTally, SecurityBreach, monthly_credit
from slakit.csv_text import csv_text
from slakit.errors import UsageError, WrongTypeError
from slakit.money import Money
from slakit.policy import Contract
from slakit.provenance import InputFile
from slakit.reporting import ComplianceReport, ComplianceRow
from slakit.tickets import Ticket

__all__ = [
    "SUMMARY_COLUMNS",
    "CurrencyTotal",
    "CustomerMonth",
    "MonthEnd",
    "SummaryRow",
    "month_end",
]

#: The summary's CSV columns, in order: money as plain decimals, one currency per row.
SUMMARY_COLUMNS = (
    "month",
    "contract",
    "customer",
    "framework",
    "tier",
    "currency",
    "monthly_fee",
    "availability",
    "tickets",
    "availability_credit",
    "incident_credit",
    "security_breach_credit",
    "adjustment",
    "total",
    "capped",
)

#: What each progress call reports: a stage, how far it got, and out of how many.
Progress = Callable[[str, int, int], None]

#: How each kind of statement line is summed in the summary (cap and minimum lines
#: are the adjustment).
_SUMMED = {
    "availability": "availability_credit",
    "incident": "incident_credit",
    "security_breach": "security_breach_credit",
    "cap": "adjustment",
    "minimum": "adjustment",
}


class CustomerMonth(SlakitModel):
    """One customer's month: its credit statement and its compliance report.

    ``tickets_given`` is how many tickets named the contract (its statement's
    ``tickets_counted`` leaves out those opened after ``now``).

    >>> from slakit import Contract
    >>> acme = Contract(id="acme", framework="kmp", tier="basic", region="austin",
    ...                 monthly_fee="USD 900")
    >>> item = month_end([acme], "2026-10").customer("acme")
    >>> item.contract, str(item.statement.total), item.tickets_given, item.compliance.rows
    ('acme', 'USD 0.00', 0, ())
    """

    contract: str
    customer: str
    tickets_given: int
    statement: CreditStatement
    compliance: ComplianceReport


class SummaryRow(SlakitModel):
    """One customer's line of the book summary; amounts in the row's ``currency``.

    ``tickets`` is how many of the customer's tickets were evaluated (those opened by
    ``now``); ``adjustment`` is the cap (and minimum-credit) lines, zero or negative;
    ``capped`` says whether the cap brought the total down.

    >>> from slakit import Contract
    >>> yen = Contract(id="tokyo", framework="truststram", tier="gold", region="singapore",
    ...                monthly_fee="JPY 1,200,000")
    >>> row = month_end([yen], "2026-10").summary[0]
    >>> row.currency, row.total, row.to_record()["monthly_fee"], row.to_record()["capped"]
    ('JPY', Decimal('0'), '1200000', 'no')
    """

    month: str
    contract: str
    customer: str
    framework: str
    tier: str
    currency: str
    monthly_fee: Decimal
    availability: Decimal | None
    tickets: int
    availability_credit: Decimal
    incident_credit: Decimal
    security_breach_credit: Decimal
    adjustment: Decimal
    total: Decimal
    capped: bool

    def to_record(self) -> dict[str, str]:
        """The row as text cells, in :data:`SUMMARY_COLUMNS` order (plain decimals)."""
        values = self.model_dump()
        record = {name: _cell(values[name]) for name in SUMMARY_COLUMNS}
        record["capped"] = "yes" if self.capped else "no"
        return record


class CurrencyTotal(SlakitModel):
    """The book's totals in one currency: customers, fees and credits owed.

    >>> from slakit import Contract
    >>> book = month_end([Contract(id=name, framework="kmp", tier="basic", region="dublin",
    ...                            monthly_fee="USD 1,000") for name in ("a", "b")], "2026-10")
    >>> [(total.currency, total.customers, str(total.monthly_fees)) for total in book.totals]
    [('USD', 2, '2000.00')]
    """

    currency: str
    customers: int
    monthly_fees: Decimal
    credits: Decimal


class MonthEnd(SlakitModel):
    """A month for every customer: their statements, their compliance and the book summary.

    ``customers`` and ``summary`` are in contract-id order; ``totals`` in
    currency order. The same inputs give byte-identical JSON and CSV.

    >>> from slakit import Contract
    >>> book = month_end([Contract(id="acme", framework="kmp", tier="basic",
    ...                            region="dublin", monthly_fee="USD 1,000")], "2026-10")
    >>> print(book.summary_csv(), end="")  # doctest: +NORMALIZE_WHITESPACE
    month,contract,customer,framework,tier,currency,monthly_fee,availability,tickets,\
availability_credit,incident_credit,security_breach_credit,adjustment,total,capped
    2026-10,acme,,kmp,basic,USD,1000.00,100.0000,0,0.00,0.00,0.00,0.00,0.00,no
    """

    month: str
    now: datetime | None
    customers: tuple[CustomerMonth, ...]
    summary: tuple[SummaryRow, ...]
    totals: tuple[CurrencyTotal, ...]
    inputs: tuple[InputFile, ...] = ()
    contract_files: tuple[InputFile, ...] = ()

    def customer(self, contract_id: str) -> CustomerMonth:
        """The month of the contract called ``contract_id``.

        Raises:
            UsageError: no contract of the book has that id.
        """
        for item in self.customers:
            if item.contract == contract_id:
                return item
        known = ", ".join(item.contract for item in self.customers[:10])
        raise UsageError(f"no contract {contract_id!r} in this month-end; known: {known}")

    def summary_csv(self) -> str:
        """The summary as CSV: one row per customer, plain decimals, a currency column."""
        return csv_text(
            SUMMARY_COLUMNS,
            ([row.to_record()[name] for name in SUMMARY_COLUMNS] for row in self.summary),
        )

    def totals_csv(self) -> str:
        """The totals per currency as CSV."""
        columns = ("month", "currency", "customers", "monthly_fees", "credits")
        return csv_text(
            columns,
            (
                [self.month, total.currency, str(total.customers), _cell(total.monthly_fees),
                 _cell(total.credits)]
                for total in self.totals
            ),
        )  # fmt: skip

    def summary_json(self) -> str:
        """The summary, totals, data files and contract files as JSON (no statements)."""
        return self.model_dump_json(include={"month", "now", "summary", "totals", "inputs",
                                             "contract_files"},
                                    indent=2) + "\n"  # fmt: skip

    def to_json(self) -> str:
        """Everything as JSON: ``MonthEnd.model_validate_json`` reads it back."""
        return self.model_dump_json(indent=2) + "\n"

    def to_frame(self) -> Any:
        """The summary as a pandas DataFrame (needs ``slakit[pandas]``), amounts as
        exact ``Decimal`` values and ``capped`` as booleans.

        Raises:
            ImportError: pandas is not installed.
        """
        frame = records_frame([row.to_record() for row in self.summary], list(SUMMARY_COLUMNS))
        for name in ("monthly_fee", "availability_credit", "incident_credit",
                     "security_breach_credit", "adjustment", "total"):  # fmt: skip
            frame[name] = [Decimal(text) for text in frame[name]]
        frame["capped"] = frame["capped"] == "yes"
        return frame

    def table(self) -> str:
        """The summary as an aligned text table, then the totals per currency."""
        columns = ["contract", "customer", "tier", "fee", "availability", "credits", "adjust",
                   "total", "capped"]  # fmt: skip
        rows = [
            [row.contract, row.customer, f"{row.framework} {row.tier}",
             _money(row.monthly_fee, row.currency),
             "-" if row.availability is None else f"{row.availability:f}%",
             _money(row.availability_credit + row.incident_credit + row.security_breach_credit,
                    row.currency, code=False),
             _money(row.adjustment, row.currency, code=False), _money(row.total, row.currency),
             "yes" if row.capped else "no"]
            for row in self.summary
        ]  # fmt: skip
        widths = [max([len(column)] + [len(row[i]) for row in rows])
                  for i, column in enumerate(columns)]  # fmt: skip
        right = {3, 5, 6, 7}

        def line(cells: list[str]) -> str:
            return "  ".join(
                cell.rjust(width) if index in right else cell.ljust(width)
                for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        customers = f"{len(self.summary)} customer{'s' * (len(self.summary) != 1)}"
        out = [f"Month-end {self.month}: {customers}", line(columns),
               "  ".join("-" * width for width in widths)]  # fmt: skip
        out += [line(row) for row in rows]
        out.append("")
        for total in self.totals:
            out.append(
                f"Total {total.currency}: {total.customers} customer"
                f"{'s' * (total.customers != 1)}, fees {_money(total.monthly_fees, total.currency)}"
                f", credits owed {_money(total.credits, total.currency)}"
            )
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        """A table in notebooks: the summary, one row per customer (as its CSV)."""
        rows = (row.to_record().values() for row in self.summary)
        customers = f"{len(self.summary)} customer{'s' * (len(self.summary) != 1)}"
        return _html.table(SUMMARY_COLUMNS, [list(row) for row in rows],
                           caption=f"Month-end {self.month}: {customers}")  # fmt: skip

    def __str__(self) -> str:
        return self.table()


def _at_least_minor_unit(money: Money) -> Decimal:
    """The amount with at least its currency's minor unit of places (``8000`` → ``8000.00``),
    never rounded: a fee of ``4321.065`` keeps its last digit."""
    shown = money.rounded().amount
    return shown if shown == money.amount else money.amount


def _money(amount: Decimal, currency: str, *, code: bool = True) -> str:
    """An amount as statements show it: grouped, to the currency's minor unit (JPY 0, KWD 3)."""
    text = str(Money(amount=amount, currency=currency))
    return text if code else text.removeprefix(f"{currency} ")


def _cell(value: object) -> str:
    """A summary value as CSV text: decimals plain (never exponent form), None empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


# -- routing -----------------------------------------------------------------------------------


def _book(contracts: Mapping[str, Contract] | Iterable[Contract]) -> dict[str, Contract]:
    """The contracts by id, each with a unique, non-empty id."""
    if isinstance(contracts, str | bytes) or not isinstance(contracts, Iterable | Mapping):
        raise WrongTypeError(
            f"contracts must be a list of Contracts or a dict of them by id, not "
            f"{type(contracts).__name__}"
        )
    items = list(contracts.items()) if isinstance(contracts, Mapping) else None
    book: dict[str, Contract] = {}
    for position, item in enumerate(contracts.values() if isinstance(contracts, Mapping)
                                    else contracts):  # fmt: skip
        if not isinstance(item, Contract):
            raise WrongTypeError(
                f"contracts[{position}] must be a slakit Contract, not {type(item).__name__}"
            )
        if not item.id:
            raise UsageError(
                f"contracts[{position}] ({item.customer or item.framework.name + ' ' + item.tier})"
                " has no id; give every contract of a book an id (a contract file's id is its "
                "file name, e.g. kmp-premier-dublin)"
            )
        if items is not None and items[position][0] != item.id:
            raise UsageError(
                f"contracts: the key {items[position][0]!r} holds the contract {item.id!r}; "
                "key each contract by its id"
            )
        if item.id in book:
            raise UsageError(f"contracts: two contracts have the id {item.id!r}; ids are unique")
        twin = next((name for name in book if name.casefold() == item.id.casefold()), None)
        if twin is not None:
            # Their files would overwrite each other on a case-insensitive file system.
            raise UsageError(
                f"contracts: the ids {twin!r} and {item.id!r} differ only in case; give "
                "contracts ids that differ in more than case"
            )
        book[item.id] = item
    if not book:
        raise UsageError("contracts: none given; a month-end needs at least one contract")
    return book


def _known(book: Mapping[str, object]) -> str:
    return listing(sorted(book))


class _Customer:
    """One contract's month while the tickets stream past: its credit tally and its
    compliance counts, kept per group, never per ticket."""

    __slots__ = ("at_us", "bounds", "contract", "counts", "period", "tally")

    def __init__(self, contract: Contract, period: Month, now: datetime | None) -> None:
        self.contract = contract
        self.period = period
        self.tally = IncidentTally(contract, period, now)
        # The instant the statuses are taken at: the credits' now (the month end by default).
        self.at_us = self.tally.now_us
        self.bounds = period.bounds_us
        self.counts: dict[tuple[str, str], list[int]] = {}  # [met, breached]

    def add(self, ticket: Ticket) -> None:
        """Fold the ticket's clocks once, for its incident credits and its compliance."""
        if ticket.opened_us > self.at_us:
            self.tally.add(ticket)  # counted as given; not evaluated
            return
        runs = clock_runs(ticket, self.contract, self.at_us)
        self.tally.add(ticket, runs)
        start, end = self.bounds
        for run in runs:
            # compliance(): a metric counts in the month its clock stopped in.
            stopped_at = run.stopped_at
            if run.state is not ClockState.STOPPED or stopped_at is None:
                continue
            if not start <= stopped_at < end:
                continue
            key = (run.severity.value, run.metric.value)
            self.counts.setdefault(key, [0, 0])[1 if run.breached else 0] += 1

    def compliance(self) -> ComplianceReport:
        """What ``compliance(statuses, period, by=("severity", "metric"))`` gives for the
        statuses of the tickets added (every one shares the tier's goal)."""
        goal = self.contract.tier_policy.compliance_goal
        rows = []
        for (severity, metric), (met, breached) in sorted(self.counts.items()):
            rate = Fraction(met, met + breached)  # a group exists once a metric is counted
            rows.append(
                ComplianceRow(severity=severity, metric=metric, met=met, breached=breached,
                              rate=rate, goal=goal, passed=None if goal is None else rate >= goal)
            )  # fmt: skip
        return ComplianceReport(period=self.period, by=("severity", "metric"), rows=tuple(rows))


def _route_tickets(tickets: Iterable[Ticket], customers: Mapping[str, _Customer]) -> None:
    """Each ticket to its contract's tally as it comes; a ticket of no contract in the book,
    or an id given twice, is an error."""
    if isinstance(tickets, str | bytes | Mapping) or not isinstance(tickets, Iterable):
        raise WrongTypeError(f"tickets must be a list of Tickets, not {type(tickets).__name__}")
    seen: set[str] = set()
    for position, ticket in enumerate(tickets):
        if not isinstance(ticket, Ticket):
            raise WrongTypeError(
                f"tickets[{position}] must be a slakit Ticket, not {type(ticket).__name__}"
            )
        owner = customers.get(ticket.contract)
        if owner is None:
            named = (
                f"names contract {ticket.contract!r}" if ticket.contract else "names no contract"
            )
            raise UsageError(
                f"ticket {ticket.id} {named}, which is not in the book; every ticket names one "
                f"of the contracts: {_known(customers)}"
            )
        if ticket.id in seen:
            raise UsageError(f"ticket {ticket.id} is given twice; ticket ids are unique in a book")
        seen.add(ticket.id)
        owner.add(ticket)


def _check_outages(outages: list[Outage], book: Mapping[str, Contract]) -> None:
    """An outage naming a contract or a service that is not in the book is a typo: it
    would silently hit nobody."""
    services = {name for contract in book.values() for name in contract.services}
    for position, outage in enumerate(outages):
        label = outage.id or f"number {position + 1} (at {outage.start.isoformat()})"
        for name in outage.contracts:
            if name not in book:
                raise UsageError(
                    f"outage {label} names contract {name!r}, which is not in the book; "
                    f"known: {_known(book)}"
                )
        for name in outage.services:
            if name not in services:
                known = ", ".join(sorted(services)) or "none (no contract names its services)"
                raise UsageError(
                    f"outage {label} names service {name!r}, which no contract of the book "
                    f"uses; the services are: {known}"
                )


def _check_breaches(breaches: list[SecurityBreach], book: Mapping[str, Contract]) -> None:
    """A breach owes a whole month's fee: in a book it must name the contracts it hit,
    known ones, and be given once."""
    seen: set[tuple[datetime, str]] = set()
    for position, breach in enumerate(breaches):
        label = breach.id or f"number {position + 1} (at {breach.at.isoformat()})"
        if not breach.contracts:
            raise UsageError(
                f"security breach {label} names no contract; in a month-end name the "
                "contracts it affected (a breach owes a whole month's fee, so it is never "
                "charged to every customer by default)"
            )
        for name in breach.contracts:
            if name not in book:
                raise UsageError(
                    f"security breach {label} names contract {name!r}, which is not in the "
                    f"book; known: {_known(book)}"
                )
        key = (breach.at, breach.id)
        if key in seen:
            raise UsageError(f"security breach {label} is given twice; it would be credited twice")
        seen.add(key)


def _year_month(month: Month | str | tuple[int, int]) -> tuple[int, int]:
    if isinstance(month, Month):
        return month.year, month.month
    if isinstance(month, tuple) and len(month) == 2:
        checked = Month(*month)  # refuses a month or year out of range
        return checked.year, checked.month
    if isinstance(month, str):
        parsed = Month.parse(month)
        return parsed.year, parsed.month
    raise WrongTypeError(
        f"month must be 'YYYY-MM' text, a (year, month) pair or a Month, not {type(month).__name__}"
    )


# -- the month ---------------------------------------------------------------------------------


def month_end(
    contracts: Mapping[str, Contract] | Iterable[Contract],
    month: Month | str | tuple[int, int],
    *,
    tickets: Iterable[Ticket] = (),
    outages: Iterable[Outage] = (),
    maintenance: Iterable[Maintenance] = (),
    security_breaches: Iterable[SecurityBreach] = (),
    now: datetime | str | None = None,
    inputs: Iterable[InputFile] = (),
    contract_inputs: Mapping[str, InputFile] | None = None,
    progress: Progress | None = None,
) -> MonthEnd:
    """Every contract's credit statement and compliance for ``month``, and the book summary.

    Each contract's month is ``month`` in its own billing timezone. Tickets
    go to the contract their ``contract`` field names; outages to the
    contracts they name, or to every contract when they name none (a
    contract's ``services`` also match an outage's); security breaches to the
    contracts they name. ``now`` (an aware datetime or ISO 8601 text, as for
    :func:`~slakit.evaluate`) is the instant the tickets are evaluated at; by
    default each contract's month end. Compliance counts the metrics that
    stopped within the month, per severity and metric, against the tier's goal.

    ``inputs`` (the data files, as :class:`~slakit.provenance.InputFile`)
    and ``contract_inputs`` (each contract's file, by id) are recorded in
    every statement's provenance. ``progress``, if given, is called as
    ``progress(stage, done, total)`` before each customer's statement.

    ``tickets`` is read once, one ticket at a time, and may be a generator:
    each ticket's clocks are folded once, at ``now``, for both its incident
    credits and its compliance, and the ticket is not kept (what is kept per
    ticket is its id, to refuse an id given twice). Memory grows with the
    incidents the statements list, not with the tickets.

    Raises:
        WrongTypeError: an argument or an item of a list is of the wrong type.
        UsageError: a contract without an id, two with one id (or ids differing only in
            case), a ticket naming a contract that is not in the book (or none), a ticket
            id given twice, an outage naming an unknown contract or a service no contract
            uses, a security breach naming no contract or an unknown one, or given twice,
            ``contract_inputs`` naming a contract not in the book, or a ``now`` that is not
            an instant.
        PolicyError: a contract has no monthly fee.
    """
    book = _book(contracts)
    year, number = _year_month(month)
    if now is not None:
        now = instant(now, "now")  # what Ticket(opened_at=...) accepts, as evaluate does
    customers = {
        name: _Customer(contract, Month(year, number, contract.billing_timezone), now)
        for name, contract in book.items()
    }
    _route_tickets(tickets, customers)
    outage_list = list_of("outages", outages, "Outages", Outage)
    breach_list = list_of(
        "security_breaches", security_breaches, "SecurityBreaches", SecurityBreach
    )
    maintenance_list = list_of(
        "maintenance", maintenance, "MaintenanceWindows or MaintenanceRules",
        (MaintenanceWindow, MaintenanceRule),
    )  # fmt: skip
    _check_outages(outage_list, book)
    _check_breaches(breach_list, book)
    shared_inputs = tuple(list_of("inputs", inputs, "InputFiles", InputFile))
    files = dict(contract_inputs or {})
    strangers = sorted(set(files) - set(book))
    if strangers:
        raise UsageError(
            f"contract_inputs names {strangers[0]!r}, which is not a contract of the book"
        )

    # One availability per billing month and set of outages: maintenance is expanded once
    # for every contract billed in the same timezone and hit by the same outages.
    measured: dict[tuple[str, tuple[int, ...]], Availability] = {}
    months = []
    names = sorted(book)
    for done, name in enumerate(names):
        if progress is not None:
            progress(name, done, len(names))
        contract = book[name]
        own = customers[name]
        period = own.period
        hitting = tuple(index for index, outage in enumerate(outage_list)
                        if outage.hits(name, contract.services))  # fmt: skip
        key = (contract.billing_timezone, hitting)
        if key not in measured and contract.credit_policy is not None:
            measured[key] = availability([outage_list[i] for i in hitting], period,
                                         maintenance_list)  # fmt: skip
        statement = monthly_credit(
            contract, period, outages=[outage_list[i] for i in hitting],
            maintenance=maintenance_list,
            security_breaches=[breach for breach in breach_list if breach.hits(name)],
            now=now, inputs=(*shared_inputs, *([files[name]] if name in files else [])),
            measured=measured.get(key), incidents=own.tally,
        )  # fmt: skip
        months.append(
            CustomerMonth(contract=name, customer=contract.customer,
                          tickets_given=own.tally.given, statement=statement,
                          compliance=own.compliance())
        )  # fmt: skip
    if progress is not None:
        progress("", len(names), len(names))
    summary = tuple(_summary_row(item) for item in months)
    return MonthEnd(
        month=f"{year:04d}-{number:02d}",
        now=now,
        customers=tuple(months),
        summary=summary,
        totals=_totals(summary),
        inputs=shared_inputs,
        contract_files=tuple(files[name] for name in sorted(files)),
    )


def _summary_row(item: CustomerMonth) -> SummaryRow:
    statement = item.statement
    # Sums of lines already rounded to the currency's minor unit; quantized so that a
    # zero shows as 0.00 (0 for JPY, 0.000 for KWD) like every other amount.
    zero = Money.zero(statement.currency).rounded().amount
    sums = dict.fromkeys(_SUMMED.values(), zero)
    for line in statement.lines:
        sums[_SUMMED[line.kind]] += line.amount.amount
    return SummaryRow(
        month=statement.month.iso,
        contract=item.contract,
        customer=item.customer,
        framework=statement.framework,
        tier=statement.tier,
        currency=statement.currency,
        monthly_fee=_at_least_minor_unit(statement.monthly_fee),
        availability=statement.availability,
        tickets=statement.tickets_counted,
        total=statement.total.rounded().amount,
        capped=any(line.kind == "cap" for line in statement.lines),
        **sums,
    )


def _totals(summary: Iterable[SummaryRow]) -> tuple[CurrencyTotal, ...]:
    by_currency: dict[str, list[SummaryRow]] = {}
    for row in summary:
        by_currency.setdefault(row.currency, []).append(row)
    return tuple(
        CurrencyTotal(
            currency=currency,
            customers=len(rows),
            monthly_fees=_at_least_minor_unit(
                Money(amount=sum((row.monthly_fee for row in rows), Decimal(0)), currency=currency)
            ),
            credits=sum((row.total for row in rows), Money.zero(currency).rounded().amount),
        )
        for currency, rows in sorted(by_currency.items())
    )
