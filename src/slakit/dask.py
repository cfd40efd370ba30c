"""Month-end over Dask, partitioned by contract: file paths in, statements and counts out.

A month of a large book arrives as ticket files split per contract
(:func:`write_partitions` makes them from one tickets file and one events
file: ``contract=<id>/part-00000.csv`` and ``part-00000-events.csv``).
:func:`month_end` sends each worker contracts and the *paths* of their files,
never a ticket or a status: the worker reads a contract's files, folds each ticket's
clocks once (for both its incident credits and its compliance), and sends
back what is small: the contract's :class:`~slakit.credits.CreditStatement`,
its compliance report and the month's compliance counts, per framework, tier,
severity and metric. Counts add up; the driver adds every contract's into the
month's :class:`~slakit.reporting.ComplianceReport`. Pickling a ticket or a
status costs more than evaluating it, so shipping them made Dask slower than
one process; shipping paths and counts makes it pay.

Every result equals a single-process run: ``customers`` are
:attr:`slakit.MonthEnd.customers` (the same statements and per-contract
reports), and ``compliance`` is :func:`slakit.compliance` of every ticket's
status at the instant ``month_end`` evaluates it, over the month in
``report_timezone``. The shared inputs (contracts, outages, maintenance,
security breaches, ``now``) are checked on the driver by :func:`slakit.month_end`
itself, with its errors; each worker checks its files with
:func:`slakit.data_files.iter_tickets` (a ticket naming another contract, a
bad row, an id given twice within the contract's files: errors naming file and
row).

Needs ``pip install "slakit[dask]"``; dask is imported when :func:`month_end`
runs, not with this module.

>>> import tempfile
>>> from pathlib import Path
>>> from slakit.example_data import data_dir, load_month
>>> contracts, _, outages, maintenance = load_month(data_dir())
>>> with tempfile.TemporaryDirectory() as folder:
...     parts = write_partitions(data_dir() / "tickets.csv", data_dir() / "events.csv",
...                              Path(folder), rows_per_file=500)
...     month = month_end(contracts, "2026-10", parts, outages=outages,
...                       maintenance=maintenance, scheduler="synchronous")
>>> len(parts) == len(month.customers), str(month.customer("kmp-premier-dublin").statement.total)
(True, 'USD 6,250.00')
>>> month.compliance.by
('tier', 'severity', 'metric')
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from slakit import _html
from slakit._model import SlakitModel
from slakit.availability import Availability, Maintenance, Month, Outage, availability
from slakit.clock import ClockState, clock_runs, instant
from slakit.credits import CreditStatement, IncidentTally, SecurityBreach, monthly_credit
from slakit.data_files import EVENT_COLUMNS, TICKET_COLUMNS, iter_tickets, read_table
from slakit.errors import DataFileError, PolicyError, UsageError
from slakit.month_end import CustomerMonth
from slakit.month_end import month_end as single_process_month_end
from slakit.policy import Contract, check_contract_id
from slakit.reporting import (
    GROUP_KEYS,
    ComplianceReport,
    GroupKey,
    check_group_keys,
    grouped_report,
)

__all__ = [
    "ComplianceCounts",
    "ContractMonth",
    "ContractTask",
    "DaskMonthEnd",
    "Files",
    "contract_month",
    "contract_months",
    "month_end",
    "partitions_in",
    "write_partitions",
]

#: One partition: its tickets file and its events file (``None``: no events file).
Files = tuple[Path, Path | None]

#: The keys compliance counts are kept by; any of them can group the month's report.
COUNT_KEYS: tuple[str, ...] = GROUP_KEYS

_PART = re.compile(r"part-(\d+)\.csv")


# -- compliance counts: what a worker sends back, and how they add up ----------------------------


@dataclass(frozen=True)
class ComplianceCounts:
    """Met and breached metrics per framework, tier, severity and metric, with their goals.

    What :func:`slakit.compliance` counts, kept as counts so that partitions
    add up (``a + b``); :meth:`report` turns them into the report that
    ``compliance`` gives for all the statuses counted at once.

    >>> from decimal import Decimal
    >>> from slakit import Month
    >>> key = ("kmp", "premier", "SEV1", "response")
    >>> a = ComplianceCounts({key: (3, 1)}, {key: frozenset({Decimal("0.95")})})
    >>> (a + a).report(Month(2026, 10)).rows[0].rate
    Fraction(3, 4)
    """

    counts: Mapping[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)
    goals: Mapping[tuple[str, ...], frozenset[Decimal | None]] = field(default_factory=dict)

    def __add__(self, other: ComplianceCounts) -> ComplianceCounts:
        counts = dict(self.counts)
        goals = dict(self.goals)
        for key, (met, breached) in other.counts.items():
            mine = counts.get(key, (0, 0))
            counts[key] = (mine[0] + met, mine[1] + breached)
            goals[key] = goals.get(key, frozenset()) | other.goals[key]
        return ComplianceCounts(counts, goals)

    def report(
        self, period: Month, by: Sequence[GroupKey] = ("tier", "severity", "metric")
    ) -> ComplianceReport:
        """The counts as :func:`slakit.compliance` reports them, grouped ``by``.

        Raises:
            UsageError: ``by`` names something other than framework, tier, severity, metric.
        """
        check_group_keys(by)
        places = [COUNT_KEYS.index(key) for key in by]
        grouped: dict[tuple[str, ...], list[int]] = {}
        goals: dict[tuple[str, ...], set[Decimal | None]] = {}
        for key, (met, breached) in self.counts.items():
            group = tuple(key[place] for place in places)
            sums = grouped.setdefault(group, [0, 0])
            sums[0] += met
            sums[1] += breached
            goals.setdefault(group, set()).update(self.goals[key])
        # The rows as compliance() makes them.
        return grouped_report(period, by, grouped, goals)


# -- one contract's month, in a worker ------------------------------------------------------------


@dataclass(frozen=True)
class ContractTask:
    """What a worker gets for one contract: the contract, its files' paths and the shared
    inputs that hit it (no ticket crosses to the worker)."""

    contract: Contract
    files: tuple[Files, ...]
    year: int
    month: int
    now: datetime | None
    outages: tuple[Outage, ...]
    maintenance: tuple[Maintenance, ...]
    security_breaches: tuple[SecurityBreach, ...]
    measured: Availability | None
    report_timezone: str


@dataclass(frozen=True)
class ContractMonth:
    """What a worker sends back for one contract: its month as :func:`slakit.month_end`
    gives it, and its compliance counts over the report month."""

    customer: CustomerMonth
    counts: ComplianceCounts


def contract_month(task: ContractTask) -> ContractMonth:
    """One contract's month from its files: read, fold each ticket's clocks once, count.

    The function each Dask task runs (:func:`month_end` builds the tasks); it
    can be called directly, or from a scheduler of your own.

    >>> from slakit import Contract
    >>> acme = Contract(id="acme", framework="kmp", tier="premier", region="dublin",
    ...                 monthly_fee="USD 900")
    >>> task = ContractTask(contract=acme, files=(), year=2026, month=10, now=None, outages=(),
    ...                     maintenance=(), security_breaches=(), measured=None,
    ...                     report_timezone="UTC")
    >>> result = contract_month(task)
    >>> result.customer.tickets_given, result.counts.counts
    (0, {})

    Each ticket's clocks are taken at ``now`` (by default the end of the month
    in the contract's billing timezone), as :func:`slakit.month_end` takes them,
    for its incident credits and its compliance; a ticket opened after that is
    counted as given only. No ticket is kept once counted (only its id, to refuse
    one given twice).

    Raises:
        DataFileError: a file or a row is wrong, a ticket names another contract,
            or a ticket id appears twice in the contract's files.
    """
    contract = task.contract
    period = Month(task.year, task.month, contract.billing_timezone)
    tally = IncidentTally(contract, period, task.now)
    at_us = tally.now_us
    own_start, own_end = period.bounds_us
    report_start, report_end = Month(task.year, task.month, task.report_timezone).bounds_us
    framework, tier = contract.framework.name, contract.tier
    own: dict[tuple[str, str], list[int]] = {}  # [met, breached] per severity and metric
    counts: dict[tuple[str, ...], list[int]] = {}
    seen: dict[str, Path] = {}
    for tickets_file, events_file in task.files:
        events = None if events_file is None else read_table(events_file, EVENT_COLUMNS)
        tickets = read_table(tickets_file, TICKET_COLUMNS)
        # The streaming reader (slakit.month_end's): events held as text until their ticket.
        for ticket in iter_tickets(tickets, events, contracts=(contract.id,)):
            if ticket.id in seen:
                raise DataFileError(
                    f"{tickets_file}: ticket {ticket.id} appears again (first in "
                    f"{seen[ticket.id]}); ticket ids are unique in a book"
                )
            seen[ticket.id] = tickets_file
            if ticket.opened_us > at_us:
                tally.add(ticket)  # counted as given; not evaluated
                continue
            runs = clock_runs(ticket, contract, at_us)
            tally.add(ticket, runs)
            for run in runs:
                # compliance(): a metric counts in the month its clock stopped in.
                stopped = run.stopped_at
                if run.state is not ClockState.STOPPED or stopped is None:
                    continue
                verdict = 1 if run.breached else 0
                if own_start <= stopped < own_end:
                    own.setdefault((run.severity.value, run.metric.value), [0, 0])[verdict] += 1
                if report_start <= stopped < report_end:
                    key = (framework, tier, run.severity.value, run.metric.value)
                    counts.setdefault(key, [0, 0])[verdict] += 1
    statement = monthly_credit(
        contract,
        period,
        outages=task.outages,
        maintenance=task.maintenance,
        security_breaches=task.security_breaches,
        now=task.now,
        measured=task.measured,
        incidents=tally,
    )
    goal = contract.tier_policy.compliance_goal  # every status of a contract shares it
    report = ComplianceCounts(
        {(framework, tier, *key): (met, breached) for key, (met, breached) in own.items()},
        {(framework, tier, *key): frozenset({goal}) for key in own},
    ).report(period, by=("severity", "metric"))
    return ContractMonth(
        customer=CustomerMonth(
            contract=contract.id,
            customer=contract.customer,
            tickets_given=tally.given,
            statement=statement,
            compliance=report,
        ),
        counts=ComplianceCounts(
            {key: (met, breached) for key, (met, breached) in counts.items()},
            dict.fromkeys(counts, frozenset({goal})),
        ),
    )


# -- the month on the driver ----------------------------------------------------------------------


class DaskMonthEnd(SlakitModel):
    """A month computed over partitions: every contract's month and the month's compliance.

    ``customers`` are in contract-id order and equal :attr:`slakit.MonthEnd.customers`
    for the same inputs; ``compliance`` is the month's report over the month in the
    ``report_timezone`` given to :func:`month_end`, grouped as asked.

    >>> from slakit import Contract
    >>> acme = Contract(id="acme", framework="kmp", tier="basic", region="dublin",
    ...                 monthly_fee="USD 900")
    >>> month = month_end([acme], "2026-10", {}, scheduler="synchronous")
    >>> str(month.statements["acme"].total), month.compliance.rows
    ('USD 0.00', ())
    """

    month: str
    now: datetime | None
    customers: tuple[CustomerMonth, ...]
    compliance: ComplianceReport

    def customer(self, contract_id: str) -> CustomerMonth:
        """The month of the contract called ``contract_id``.

        Raises:
            UsageError: no contract has that id.
        """
        for item in self.customers:
            if item.contract == contract_id:
                return item
        known = ", ".join(item.contract for item in self.customers[:10])
        raise UsageError(f"no contract {contract_id!r} in this month-end; known: {known}")

    @property
    def statements(self) -> dict[str, CreditStatement]:
        """Each contract's credit statement, by contract id."""
        return {item.contract: item.statement for item in self.customers}

    def _repr_html_(self) -> str:
        """Tables in notebooks: one row per customer (tickets, credit), then the compliance."""
        rows = [[item.contract, item.customer, item.tickets_given, item.statement.total]
                for item in self.customers]  # fmt: skip
        count = f"{len(rows)} customer{'s' * (len(rows) != 1)}"
        customers = _html.table(("contract", "customer", "tickets", "credit"), rows,
                                caption=f"Month-end {self.month} over partitions: {count}",
                                right=("tickets", "credit"))  # fmt: skip
        return customers + self.compliance._repr_html_()


def month_end(
    contracts: Mapping[str, Contract] | Iterable[Contract],
    month: Month | str | tuple[int, int],
    partitions: Mapping[str, Sequence[Files | Path | str]],
    *,
    outages: Iterable[Outage] = (),
    maintenance: Iterable[Maintenance] = (),
    security_breaches: Iterable[SecurityBreach] = (),
    now: datetime | str | None = None,
    report_timezone: str = "UTC",
    by: Sequence[GroupKey] = ("tier", "severity", "metric"),
    scheduler: Any = "processes",
    num_workers: int | None = None,
    batches: int | None = None,
) -> DaskMonthEnd:
    """Every contract's month from its partition files, evaluated by Dask workers.

    ``partitions`` maps each contract id to its files: ``(tickets, events)``
    pairs (``events`` may be ``None``), or tickets paths alone;
    :func:`write_partitions` and :func:`partitions_in` give this mapping. A
    contract with no files has a month without tickets. The month's compliance
    counts the metrics that stopped within ``month`` in ``report_timezone``,
    grouped ``by``. ``scheduler`` and ``num_workers`` go to ``dask.compute``
    (``"processes"``, ``"threads"``, ``"synchronous"``, or a distributed
    client's); ``num_workers`` defaults to the cores this process may run on.
    The contracts are grouped into ``batches`` Dask tasks (default: 4 per
    worker) of about equal size, by the bytes of their files; a contract is
    never split across tasks, and a task's contracts are evaluated one after
    the other (:func:`contract_months`).

    Raises:
        ImportError: dask is not installed (``pip install "slakit[dask]"``).
        UsageError: ``partitions`` names a contract that is not in the book,
            ``num_workers`` or ``batches`` is not a positive whole number (or
            ``None``), or what :func:`slakit.month_end` refuses in the shared inputs.
        DataFileError: a partition file or row is wrong (raised from the worker).

    >>> from slakit import Contract
    >>> acme = Contract(id="acme", framework="kmp", tier="basic", region="dublin")
    >>> month_end([acme], "2026-10", {}, scheduler="synchronous", batches=0)
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: batches must be a positive whole number or None, not 0
    """
    for name, value in (("num_workers", num_workers), ("batches", batches)):
        if value is not None and (type(value) is not int or value < 1):
            raise UsageError(f"{name} must be a positive whole number or None, not {value!r}")
    if not isinstance(contracts, Mapping) and isinstance(contracts, Iterable):
        contracts = list(contracts)  # read twice: a generator would be empty the second time
    outage_list = list(outages) if isinstance(outages, Iterable) else outages
    maintenance_list = list(maintenance) if isinstance(maintenance, Iterable) else maintenance
    breach_list = (
        list(security_breaches) if isinstance(security_breaches, Iterable) else security_breaches
    )
    # The shared inputs are checked by month_end itself, with its errors: without tickets
    # it is cheap, and its statements serve the contracts that have no files.
    base = single_process_month_end(
        contracts,
        month,
        outages=outage_list,
        maintenance=maintenance_list,
        security_breaches=breach_list,
        now=now,
    )
    book = _book(contracts)
    files = _files(partitions, book)
    at = None if now is None else instant(now, "now")
    year, number = (int(part) for part in base.month.split("-"))
    report_period = Month(year, number, report_timezone)
    check_group_keys(by)
    measured: dict[tuple[str, tuple[int, ...]], Availability] = {}
    tasks = []
    for name, parts in sorted(files.items()):
        contract = book[name]
        hitting = tuple(i for i, outage in enumerate(outage_list)
                        if outage.hits(name, contract.services))  # fmt: skip
        key = (contract.billing_timezone, hitting)
        if key not in measured and contract.credit_policy is not None:
            # Once per billing zone and set of outages, as month_end does, not per worker.
            measured[key] = availability(
                [outage_list[i] for i in hitting],
                Month(year, number, contract.billing_timezone),
                list(maintenance_list),
            )
        tasks.append(
            ContractTask(
                contract=contract,
                files=parts,
                year=year,
                month=number,
                now=at,
                outages=tuple(outage_list[i] for i in hitting),
                maintenance=tuple(maintenance_list),
                security_breaches=tuple(b for b in breach_list if b.hits(name)),
                measured=measured.get(key),
                report_timezone=report_timezone,
            )
        )
    results = _compute(tasks, scheduler, num_workers, batches)
    months = {item.contract: item for item in base.customers}
    total = ComplianceCounts()
    for result in results:
        months[result.customer.contract] = result.customer
        total = total + result.counts
    return DaskMonthEnd(
        month=base.month,
        now=base.now,
        customers=tuple(months[name] for name in sorted(months)),
        compliance=total.report(report_period, by),
    )


def contract_months(tasks: Sequence[ContractTask]) -> list[ContractMonth]:
    """:func:`contract_month` of each task, in order: one Dask task for several contracts.

    >>> contract_months([])
    []
    """
    return [contract_month(task) for task in tasks]


def _batches(tasks: list[ContractTask], count: int) -> list[list[ContractTask]]:
    """``tasks`` in at most ``count`` groups of about equal size (bytes of their files),
    largest first into the lightest group: a contract is never split."""
    sizes = {id(task): sum(_size(path) for files in task.files for path in files if path)
             for task in tasks}  # fmt: skip
    groups: list[list[ContractTask]] = [[] for _ in range(max(1, min(count, len(tasks))))]
    loads = [0] * len(groups)
    for task in sorted(tasks, key=lambda task: -sizes[id(task)]):
        lightest = loads.index(min(loads))
        groups[lightest].append(task)
        loads[lightest] += sizes[id(task)] + 1  # + 1: contracts without files spread too
    return [group for group in groups if group]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports the missing file, with its name


def _compute(
    tasks: list[ContractTask], scheduler: Any, num_workers: int | None, batches: int | None
) -> list[ContractMonth]:
    try:
        from dask.base import compute
        from dask.delayed import delayed
    except ImportError as error:  # pragma: no cover - the dask extra is installed in tests
        raise ImportError('slakit.dask needs dask: pip install "slakit[dask]"') from error
    if num_workers is None:
        num_workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    if batches is None:
        # A few tasks per worker: enough to balance the load, few enough that the
        # scheduler's cost per task (pickling, dispatch) stays small beside the work.
        batches = 4 * (num_workers or 1)
    # Explicit keys: dask would otherwise hash every argument (a contract, outages) to name
    # the task, which costs more than the task's own pickling.
    graph = [
        delayed(contract_months, pure=False)(group, dask_key_name=f"contract-months-{number}")
        for number, group in enumerate(_batches(tasks, batches))
    ]
    options: dict[str, Any] = {"scheduler": scheduler}
    if num_workers is not None and isinstance(scheduler, str) and scheduler != "synchronous":
        options["num_workers"] = num_workers
    (results,) = compute(graph, **options)  # type: ignore[no-untyped-call]
    return [result for group in results for result in group]


def _book(contracts: Mapping[str, Contract] | Iterable[Contract]) -> dict[str, Contract]:
    # Already checked by month_end (types, ids, duplicates): only indexed here.
    items = contracts.values() if isinstance(contracts, Mapping) else contracts
    return {contract.id: contract for contract in items if contract.id is not None}


def _files(
    partitions: Mapping[str, Sequence[Files | Path | str]], book: Mapping[str, Contract]
) -> dict[str, tuple[Files, ...]]:
    if not isinstance(partitions, Mapping):
        raise UsageError(
            "partitions must map each contract id to its files, not "
            f"{type(partitions).__name__}; write_partitions and partitions_in give one"
        )
    found: dict[str, tuple[Files, ...]] = {}
    for name, items in partitions.items():
        if name not in book:
            raise UsageError(
                f"partitions name contract {name!r}, which is not in the book; known: "
                + ", ".join(sorted(book)[:10])
            )
        if isinstance(items, str | Path):
            raise UsageError(
                f"partitions[{name!r}] must be a list of files, not one file; write [{items!r}]"
            )
        pairs: list[Files] = []
        for position, item in enumerate(items):
            if isinstance(item, str | Path):
                pairs.append((Path(item), None))
            elif (
                isinstance(item, tuple | list)
                and len(item) == 2
                and isinstance(item[0], str | Path)
                and (item[1] is None or isinstance(item[1], str | Path))
            ):
                pairs.append((Path(item[0]), None if item[1] is None else Path(item[1])))
            else:
                raise UsageError(
                    f"partitions[{name!r}][{position}] must be a tickets path or a "
                    f"(tickets, events) pair of paths, not {item!r}"
                )
        if pairs:
            found[name] = tuple(pairs)
    return found


# -- partition files ------------------------------------------------------------------------------


def write_partitions(
    tickets: str | Path,
    events: str | Path | None,
    folder: str | Path,
    *,
    rows_per_file: int = 100_000,
) -> dict[str, list[Files]]:
    """Split a tickets file (and its events file) per contract into partition files.

    Each ticket goes to ``folder/contract=<id>/part-NNNNN.csv`` by its ``contract``
    cell, at most ``rows_per_file`` tickets a file, in file order; its events go
    to the ``part-NNNNN-events.csv`` beside it. Rows are copied as text (the
    workers read and check them); both files are read once, streaming, keeping
    per ticket only its id and partition.

    Returns:
        Each contract's ``(tickets, events)`` paths (events ``None`` without an
        events file), contracts sorted, parts in order: :func:`month_end`'s
        ``partitions``.

    Raises:
        DataFileError: a file is missing or has no header, the tickets have no
            ``contract`` or ``id`` column, a contract cell is empty or not a
            contract id, or an event names a ticket not in the tickets file.
        UsageError: ``rows_per_file`` is not positive, or ``folder`` holds
            partitions already.

    After an error the folder holds incomplete partitions: write again into an empty one.
    """
    if not isinstance(rows_per_file, int) or rows_per_file < 1:
        raise UsageError(f"rows_per_file must be a positive whole number, not {rows_per_file!r}")
    target = Path(folder)
    if any(target.glob("contract=*")):
        raise UsageError(f"{target} holds partitions already; write into an empty folder")
    tickets_path = Path(tickets)
    events_path = None if events is None else Path(events)
    written: dict[str, list[Files]] = {}
    counts: dict[str, int] = {}
    current: dict[str, Files] = {}  # each contract's part being written
    where: dict[str, Files] = {}  # ticket id -> its part (shared tuples: one per part)
    with _Writers() as writers:
        header, rows = _csv_rows(tickets_path, required=("id", "contract"))
        events_header: list[str] = []
        if events_path is not None:
            events_header = _csv_header(events_path, required=("ticket_id",))
        contract_at, id_at = header.index("contract"), header.index("id")
        for line, row in rows:
            cell = row[contract_at].strip() if contract_at < len(row) else ""
            if not cell:
                raise DataFileError(
                    f"{tickets_path}, row {line}, column contract: is empty; every ticket "
                    "names its contract to be partitioned"
                )
            name = cell
            if name not in counts:  # checked once per contract: the name becomes a folder
                try:
                    check_contract_id(cell)
                except PolicyError as error:
                    raise DataFileError(
                        f"{tickets_path}, row {line}, column contract: {error}"
                    ) from None
            done = counts.get(name, 0)
            counts[name] = done + 1
            if done % rows_per_file == 0:  # a new part
                base = target / f"contract={name}" / f"part-{done // rows_per_file:05d}"
                files: Files = (
                    base.with_name(base.name + ".csv"),
                    None if events_path is None else base.with_name(base.name + "-events.csv"),
                )
                writers.start(files[0], header)
                if files[1] is not None:
                    writers.start(files[1], events_header)
                written.setdefault(name, []).append(files)
                current[name] = files
            files = current[name]
            writers.write(files[0], row)
            ticket_id = row[id_at].strip() if id_at < len(row) else ""
            where.setdefault(ticket_id, files)
        if events_path is not None:
            _, event_rows = _csv_rows(events_path, required=("ticket_id",))
            id_at = events_header.index("ticket_id")
            for line, row in event_rows:
                ticket_id = row[id_at].strip() if id_at < len(row) else ""
                if ticket_id not in where:
                    raise DataFileError(
                        f"{events_path}, row {line}, column ticket_id: ticket {ticket_id!r} "
                        f"is not in {tickets_path}"
                    )
                events_file = where[ticket_id][1]
                assert events_file is not None  # made with every part when there are events
                writers.write(events_file, row)
    return {name: written[name] for name in sorted(written)}


def partitions_in(folder: str | Path) -> dict[str, list[Files]]:
    """The partitions :func:`write_partitions` wrote in ``folder`` (or any in its layout).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     part = Path(folder, "contract=acme", "part-00000.csv")
    ...     part.parent.mkdir()
    ...     _ = part.write_text("id,contract,severity,opened_at\\n", encoding="utf-8")
    ...     found = partitions_in(folder)
    >>> [path.name for path, _ in found["acme"]], found["acme"][0][1]
    (['part-00000.csv'], None)

    ``contract=<id>/part-N.csv`` are a contract's tickets files and
    ``part-N-events.csv`` beside one its events (``None`` when there is none).

    Raises:
        DataFileError: ``folder`` does not exist, or a ``contract=`` folder's name is not a
            contract id.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DataFileError(f"{root}: no such folder")
    found: dict[str, list[Files]] = {}
    for directory in sorted(root.glob("contract=*")):
        name = directory.name.removeprefix("contract=")
        try:
            check_contract_id(name)
        except PolicyError as error:
            raise DataFileError(f"{directory}: {error}") from None
        parts = sorted(path for path in directory.iterdir() if _PART.fullmatch(path.name))
        pairs: list[Files] = []
        for path in parts:
            events = path.with_name(path.stem + "-events.csv")
            pairs.append((path, events if events.is_file() else None))
        if pairs:
            found[name] = pairs
    return found


def _csv_header(path: Path, required: Sequence[str]) -> list[str]:
    header, rows = _csv_rows(path, required)
    for _ in rows:  # close the file
        break
    return header


def _csv_rows(
    path: Path, required: Sequence[str]
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        handle.close()
        raise DataFileError(f"{path}: empty; a CSV file starts with a header row")
    header = [name.strip() for name in header]
    missing = [name for name in required if name not in header]
    if missing:
        handle.close()
        raise DataFileError(f"{path}: no {', '.join(missing)} column; columns: {', '.join(header)}")

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            for line, row in enumerate(reader, start=2):
                if row:
                    yield line, row

    return header, rows()


class _Writers:
    """CSV files written in batches: rows are kept per file and appended when a file has
    :attr:`BATCH` of them (and at the end), so that thousands of partition files need
    neither thousands of open files nor an open and a close per row."""

    BATCH = 512

    def __init__(self) -> None:
        self._waiting: dict[Path, list[list[str]]] = {}

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:  # on an error, the partitions are incomplete anyway
            for path in list(self._waiting):
                self._flush(path)

    def _flush(self, path: Path) -> None:
        rows = self._waiting.pop(path, [])
        with path.open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    def start(self, path: Path, header: list[str]) -> None:
        """Create ``path`` with its header."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(header)

    def write(self, path: Path, row: list[str]) -> None:
        """Add ``row`` to ``path`` (started before)."""
        waiting = self._waiting.setdefault(path, [])
        waiting.append(row)
        if len(waiting) >= self.BATCH:
            self._flush(path)
