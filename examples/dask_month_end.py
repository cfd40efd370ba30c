"""Month-end statements with Dask: partitioned ticket files, evaluated in worker processes.

At scale the month's tickets arrive as many files, split per contract. This
script writes the example month that way (``contract=<name>/part-N.csv`` with
the part's events next to it), then builds a Dask graph on the local
scheduler:

- one task per partition reads its tickets (``slakit.data_files.read_tickets``) and
  evaluates them at the month end, for compliance;
- one task per contract takes that contract's partitions and computes its
  credit statement (outages and maintenance are shared by every contract);
- one task reduces every status into the month's compliance report.

Contracts, calendars, tickets and statements are frozen pydantic values, so
they pickle: the script checks that first, because the ``processes``
scheduler ships them to other processes. Finally it compares every result
with a plain single-process run: they must be equal.

Needs ``pip install "slakit[dask]"``.
Run: python examples/dask_month_end.py [--scheduler processes|threads|synchronous]
"""

from __future__ import annotations

import argparse
import csv
import pickle
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from dask.base import compute
from dask.delayed import delayed

from slakit import (
    ComplianceReport,
    Contract,
    CreditStatement,
    MaintenanceRule,
    MaintenanceWindow,
    Month,
    Outage,
    Ticket,
    TicketStatus,
    compliance,
    evaluate,
    monthly_credit,
)
from slakit.data_files import read_tickets
from slakit.example_data import EXPORTED_AT, data_dir, load_month, month

PART_SIZE = 40  # tickets per partition file
Maintenance = MaintenanceWindow | MaintenanceRule


# -- the tasks: plain functions of their arguments ------------------------------------------


def read_part(tickets_file: Path, events_file: Path) -> list[Ticket]:
    return read_tickets(tickets_file, events_file)


def evaluate_part(tickets: list[Ticket], contract: Contract, now: datetime) -> list[TicketStatus]:
    return [evaluate(ticket, contract, now) for ticket in tickets]


def statement_of(
    contract: Contract,
    parts: list[list[Ticket]],
    outages: list[Outage],
    maintenance: list[Maintenance],
) -> CreditStatement:
    period = month(contract.billing_timezone)
    tickets = [ticket for part in parts for ticket in part]
    return monthly_credit(contract, period, tickets=tickets, outages=outages,
                          maintenance=maintenance, now=min(period.end, EXPORTED_AT))  # fmt: skip


def report_of(parts: list[list[TicketStatus]], period: Month) -> ComplianceReport:
    return compliance([status for part in parts for status in part], period)


# -- partitioning -------------------------------------------------------------------------


def write_partitions(source: Path, target: Path) -> dict[str, list[tuple[Path, Path]]]:
    """Split the tickets (and their events) per contract into files of PART_SIZE tickets."""
    with (source / "tickets.csv").open(encoding="utf-8", newline="") as handle:
        ticket_rows = list(csv.DictReader(handle))
    with (source / "events.csv").open(encoding="utf-8", newline="") as handle:
        event_rows = list(csv.DictReader(handle))
    events_of: dict[str, list[dict[str, str]]] = {}
    for row in event_rows:
        events_of.setdefault(row["ticket_id"], []).append(row)
    per_contract: dict[str, list[dict[str, str]]] = {}
    for row in ticket_rows:
        per_contract.setdefault(row["contract"], []).append(row)

    parts: dict[str, list[tuple[Path, Path]]] = {}
    for name, rows in sorted(per_contract.items()):
        folder = target / f"contract={name}"
        folder.mkdir(parents=True)
        for number, start in enumerate(range(0, len(rows), PART_SIZE)):
            chunk = rows[start : start + PART_SIZE]
            tickets_file = folder / f"part-{number:03d}.csv"
            events_file = folder / f"part-{number:03d}-events.csv"
            _write_csv(tickets_file, list(ticket_rows[0]), chunk)
            chunk_events = [event for row in chunk for event in events_of.get(row["id"], [])]
            _write_csv(events_file, list(event_rows[0]), chunk_events)
            parts.setdefault(name, []).append((tickets_file, events_file))
    return parts


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# -- the run ------------------------------------------------------------------------------


def check_pickles(contracts: dict[str, Contract], extra: Iterable[object]) -> int:
    """Round-trip every contract, its calendars and the shared inputs through pickle."""
    probe = datetime.fromisoformat("2026-10-23T16:05:00+01:00")
    checked = 0
    for contract in contracts.values():
        copy = pickle.loads(pickle.dumps(contract))
        assert copy == contract, contract.customer
        for calendar in (contract.business_calendar, contract.wall_calendar):
            twin = pickle.loads(pickle.dumps(calendar))
            assert twin == calendar
            assert twin.add(probe, timedelta(hours=30)) == calendar.add(probe, timedelta(hours=30))
            checked += 1
        checked += 1
    for item in extra:
        assert pickle.loads(pickle.dumps(item)) == item
        checked += 1
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--scheduler",
        choices=("processes", "threads", "synchronous"),
        default="processes",
        help="Dask local scheduler (default: processes)",
    )
    parser.add_argument("--workers", type=int, default=2, help="worker count (default: 2)")
    args = parser.parse_args()  # fmt: skip

    source = data_dir()
    contracts, tickets, outages, maintenance = load_month(source)
    october = month("UTC")
    now = min(october.end, EXPORTED_AT)

    checked = check_pickles(contracts, [*outages, *maintenance, october])
    print(f"pickle round trip: {checked} contracts, calendars, outages and periods unchanged")

    # A plain single-process run: the reference.
    started = time.perf_counter()
    expected_statements = {
        name: statement_of(contract, [tickets[name]], outages, maintenance)
        for name, contract in sorted(contracts.items())
    }
    expected_report = report_of(
        [evaluate_part(tickets[name], contracts[name], now) for name in sorted(contracts)], october
    )
    single = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="slakit-partitions-") as folder:
        parts = write_partitions(source, Path(folder))
        count = sum(len(files) for files in parts.values())
        print(f"partitioned {sum(map(len, tickets.values())):,} tickets of {len(parts)} "
              f"contracts into {count} files")  # fmt: skip

        read = delayed(read_part, pure=True)
        evaluated = delayed(evaluate_part, pure=True)
        statement = delayed(statement_of, pure=True)
        statements_graph = {}
        status_parts = []
        for name, files in parts.items():
            loaded = [read(tickets_file, events_file) for tickets_file, events_file in files]
            status_parts += [evaluated(part, contracts[name], now) for part in loaded]
            statements_graph[name] = statement(contracts[name], loaded, outages, maintenance)
        report_graph = delayed(report_of, pure=True)(status_parts, october)

        started = time.perf_counter()
        statements, report = compute(  # type: ignore[no-untyped-call]
            statements_graph, report_graph, scheduler=args.scheduler, num_workers=args.workers
        )
        parallel = time.perf_counter() - started

    print(f"single process: {single:.2f}s; dask ({args.scheduler}, {args.workers} workers): "
          f"{parallel:.2f}s including worker start-up\n")  # fmt: skip
    width = max(len(name) for name in statements)
    print(f"{'contract':<{width}}  {'single process':>14}  {'dask':>14}  same")
    same_statements = True
    for name in sorted(statements):
        one, other = expected_statements[name], statements[name]
        equal = one == other
        same_statements &= equal
        if one.total.amount or not equal:
            print(f"{name:<{width}}  {one.total!s:>14}  {other.total!s:>14}  {equal}")
    print(f"... and {sum(1 for s in statements.values() if not s.total.amount)} contracts "
          "owing no credit\n")  # fmt: skip
    same_report = report == expected_report
    failing = sum(1 for row in report.rows if row.passed is False)
    print(f"compliance report: {len(report.rows)} groups, {failing} below goal; "
          f"same as single process: {same_report}")  # fmt: skip
    print(f"every statement identical: {same_statements}")
    if not (same_statements and same_report):
        raise SystemExit("the Dask run differs from the single-process run")


if __name__ == "__main__":
    main()
