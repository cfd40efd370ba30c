"""Month-end statements with Dask: partitioned ticket files, one task per contract.

At scale the month's tickets arrive as many files, split per contract. This
script writes the example month that way with ``slakit.dask.write_partitions``
(``contract=<id>/part-NNNNN.csv`` with the part's events beside it), then runs
``slakit.dask.month_end`` on a Dask local scheduler: each task gets one
contract and the *paths* of its files, reads and evaluates them in the
worker, and sends back only the contract's credit statement, its compliance
report and the month's compliance counts, which add up into the month's
report on the driver. No ticket and no status is pickled.

It shows what crosses between processes (a task and a result, pickled and
read back), and compares every result with a plain single-process run:
``slakit.month_end`` for the statements, ``slakit.compliance`` over every
ticket's status for the month's report. They must be equal.

Needs ``pip install "slakit[dask]"``.
Run: python examples/dask_month_end.py [--scheduler processes|threads|synchronous]
         [--workers N]
"""

from __future__ import annotations

import argparse
import os
import pickle
import tempfile
import time
from pathlib import Path

from slakit import compliance, evaluate, month_end
from slakit import dask as slakit_dask
from slakit.example_data import EXPORTED_AT, data_dir, load_month, month

PART_SIZE = 40  # tickets per partition file: many small files, as an export split per day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--scheduler",
        choices=("processes", "threads", "synchronous"),
        default="processes",
        help="Dask local scheduler (default: processes)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2,
        help="worker count (default: the cores this process may use)",
    )
    args = parser.parse_args()

    source = data_dir()
    contracts, tickets, outages, maintenance = load_month(source)
    october = month("UTC")
    now = min(october.end, EXPORTED_AT)  # nothing later is known about the exported tickets

    # A plain single-process run: the reference.
    started = time.perf_counter()
    every_ticket = [ticket for name in sorted(tickets) for ticket in tickets[name]]
    expected = month_end(contracts, "2026-10", tickets=every_ticket, outages=outages,
                         maintenance=maintenance, now=now)  # fmt: skip
    statuses = [evaluate(ticket, contracts[ticket.contract], now) for ticket in every_ticket]
    expected_report = compliance(statuses, october)
    single = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="slakit-partitions-") as folder:
        parts = slakit_dask.write_partitions(
            source / "tickets.csv", source / "events.csv", Path(folder), rows_per_file=PART_SIZE
        )
        count = sum(len(files) for files in parts.values())
        print(f"partitioned {len(every_ticket):,} tickets of {len(parts)} contracts into "
              f"{count} files (and their events)")  # fmt: skip

        # What crosses to a worker, and back: paths and counts, not tickets.
        name = "kmp-premier-dublin"
        task = slakit_dask.ContractTask(
            contract=contracts[name], files=tuple(parts[name]), year=2026, month=10, now=now,
            outages=tuple(outages), maintenance=tuple(maintenance), security_breaches=(),
            measured=None, report_timezone="UTC",
        )  # fmt: skip
        sent = pickle.dumps(task)
        result = slakit_dask.contract_month(pickle.loads(sent))
        back = pickle.dumps(result)
        assert pickle.loads(back) == result
        print(f"pickle round trip: the {name} task is {len(sent):,} bytes ({len(parts[name])} "
              f"file paths, no tickets); its result {len(back):,} bytes for "
              f"{result.customer.tickets_given} tickets")  # fmt: skip

        started = time.perf_counter()
        computed = slakit_dask.month_end(
            contracts, "2026-10", parts, outages=outages, maintenance=maintenance, now=now,
            scheduler=args.scheduler, num_workers=args.workers,
        )  # fmt: skip
        parallel = time.perf_counter() - started

    print(f"single process: {single:.2f}s; dask ({args.scheduler}, {args.workers} workers): "
          f"{parallel:.2f}s including worker start-up\n")  # fmt: skip
    width = max(len(item.contract) for item in computed.customers)
    print(f"{'contract':<{width}}  {'single process':>14}  {'dask':>14}  same")
    same_statements = computed.customers == expected.customers
    for one, other in zip(expected.customers, computed.customers, strict=True):
        equal = one == other
        if one.statement.total.amount or not equal:
            print(f"{one.contract:<{width}}  {one.statement.total!s:>14}  "
                  f"{other.statement.total!s:>14}  {equal}")  # fmt: skip
    owing_nothing = sum(1 for item in computed.customers if not item.statement.total.amount)
    print(f"... and {owing_nothing} contracts owing no credit\n")
    report = computed.compliance
    same_report = report == expected_report
    failing = sum(1 for row in report.rows if row.passed is False)
    print(f"compliance report: {len(report.rows)} groups, {failing} below goal; "
          f"same as single process: {same_report}")  # fmt: skip
    print(f"every statement identical: {same_statements}")
    if not (same_statements and same_report):
        raise SystemExit("the Dask run differs from the single-process run")


if __name__ == "__main__":
    main()
