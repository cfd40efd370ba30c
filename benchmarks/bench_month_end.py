"""Month-end for a whole book: 1,000 customers and 1,000,000 tickets in one call.

A book of generated contracts (every framework tier in every region, billed
in the region's zone, fees in USD, ids ``c-0001``...) and generated tickets
for October 2026 (each naming its contract, with 0-6 valid events, as in
``bench_evaluate.py``), about 20 outages (some naming contracts or services)
and 2 maintenance rules are built first, outside the timing. Then
:func:`slakit.month_end` computes every statement and compliance report once,
timed in wall time (``perf_counter``) and CPU time (``process_time``); the
script prints tickets per second and the process's resident memory before the
run and its peak (``ru_maxrss``).

It then compares, on a subset (the first customers and their tickets), with
the loop a user would write without ``month_end``: for each contract, filter
the ticket list for its tickets, call ``monthly_credit``, ``evaluate`` each
ticket and ``compliance``. Both must give the same totals (exit status 1
otherwise); the script prints the ratio of their times.

Run: python benchmarks/bench_month_end.py [--customers 1000] [--tickets 1000000]
         [--subset-customers 50] [--smoke]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

# The script's own folder is on sys.path: one ticket generator for both benchmarks.
from bench_evaluate import generate_ticket

from slakit import (
    Contract,
    MaintenanceRule,
    Month,
    Outage,
    Ticket,
    catalog,
    compliance,
    evaluate,
    monthly_credit,
    regions,
)
from slakit.month_end import MonthEnd, month_end

SERVICES = ("api", "web", "search")
FEES = (900, 1250, 2500, 4000, 6500, 9000, 12500, 15000, 18000)
MONTH = (2026, 10)
START = datetime(2026, 10, 1, tzinfo=UTC) - timedelta(hours=12)  # covers every billing zone
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


def book(customers: int, rng: random.Random) -> list[Contract]:
    """``customers`` contracts, cycling over every framework tier in every region."""
    shapes = [
        (framework, tier, region)
        for framework in catalog.names()
        for tier in catalog.get(framework).tier_names
        for region in regions.names()
    ]
    return [
        Contract(
            id=f"c-{number:04d}",
            customer=f"Customer {number:04d}",
            framework=framework,
            tier=tier,
            region=region,
            billing_timezone=regions.get(region).timezone,
            monthly_fee=f"USD {rng.choice(FEES)}",
            services=tuple(sorted(rng.sample(SERVICES, rng.randrange(1, 3)))),
        )
        for number, (framework, tier, region) in (
            (n, shapes[(n - 1) % len(shapes)]) for n in range(1, customers + 1)
        )
    ]


def outages(contracts: list[Contract], rng: random.Random, count: int = 20) -> list[Outage]:
    """``count`` outages in October: a third hit everyone, a third name contracts, a third
    name a service."""
    # Only services some contract uses: month_end refuses a service nobody uses (a typo).
    used = sorted({name for contract in contracts for name in contract.services}) or ["api"]
    made = []
    for number in range(count):
        start = START + timedelta(minutes=rng.randrange(31 * 24 * 60))
        kind = number % 3
        named = (
            {"contracts": tuple(c.id for c in rng.sample(contracts, min(3, len(contracts))))}
            if kind == 1
            else {"services": (rng.choice(used),)}
            if kind == 2 and any(contract.services for contract in contracts)
            else {}
        )
        made.append(
            Outage(
                start=start,
                end=start + timedelta(minutes=rng.randrange(1, 90)),
                id=f"O-{number + 1:02d}",
                **named,
            )
        )
    return made


def within(down: list[Outage], few: list[Contract]) -> list[Outage]:
    """The outages as seen by a smaller book: an outage naming contracts or services keeps
    those of ``few``, and is left out if none is left (month_end refuses unknown ids)."""
    names = {contract.id for contract in few}
    used = {service for contract in few for service in contract.services}
    kept = []
    for outage in down:
        contracts = tuple(name for name in outage.contracts if name in names)
        services = tuple(name for name in outage.services if name in used)
        if not outage.contracts and not outage.services:
            kept.append(outage)
        elif contracts or services:
            kept.append(outage.model_copy(update={"contracts": contracts, "services": services}))
    return kept


MAINTENANCE = [
    MaintenanceRule(rule="FREQ=WEEKLY;BYDAY=SU", at="02:00", duration="2h",
                    timezone="Europe/Amsterdam"),
    MaintenanceRule(rule="FREQ=DAILY", at="03:00", duration="15m", timezone="America/Chicago"),
]  # fmt: skip


def rss_now_kib() -> int | None:
    """The resident memory of this process now, in KiB (Linux), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * resource.getpagesize() // 1024


def peak_rss_kib() -> int:
    """The peak resident memory of this process so far, in KiB (``ru_maxrss``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:,.0f} MiB"


def scalar_totals(
    contracts: list[Contract], tickets: list[Ticket], down: list[Outage]
) -> dict[str, Decimal]:
    """What a user writes without month_end: per contract, filter, credit, evaluate."""
    totals = {}
    for contract in contracts:
        own = [ticket for ticket in tickets if ticket.contract == contract.id]
        period = Month(*MONTH, contract.billing_timezone)
        statement = monthly_credit(contract, period, tickets=own, outages=down,
                                   maintenance=MAINTENANCE, now=NOW)  # fmt: skip
        statuses = [evaluate(ticket, contract, NOW) for ticket in own]
        compliance(statuses, period, by=("severity", "metric"))
        totals[contract.id] = statement.total.amount
    return totals


def timed_month_end(
    contracts: list[Contract], tickets: list[Ticket], down: list[Outage]
) -> tuple[MonthEnd, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = month_end(contracts, MONTH, tickets=tickets, outages=down,
                       maintenance=MAINTENANCE, now=NOW)  # fmt: skip
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000, help="contracts in the book")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the month")
    parser.add_argument("--subset-customers", type=int, default=50,
                        help="customers in the comparison with the scalar loop")  # fmt: skip
    parser.add_argument("--seed", type=int, default=20261031)
    parser.add_argument("--smoke", action="store_true", help="a small run, for CI")
    args = parser.parse_args(argv)
    customers, count, subset = args.customers, args.tickets, args.subset_customers
    if args.smoke:
        customers, count, subset = 20, 2_000, 5
    subset = min(subset, customers)

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is known
    rng = random.Random(args.seed)
    began = time.perf_counter()
    contracts = book(customers, rng)
    tickets = [
        generate_ticket(rng, n, START, days=31, contract=contracts[rng.randrange(customers)].id)
        for n in range(count)
    ]
    down = outages(contracts, rng)
    events = sum(len(ticket.events) for ticket in tickets)
    print(f"generated {customers:,} customers, {count:,} tickets ({events:,} events), "
          f"{len(down)} outages, {len(MAINTENANCE)} maintenance rules "
          f"in {time.perf_counter() - began:.1f} s")  # fmt: skip

    before = rss_now_kib()
    result, wall, cpu = timed_month_end(contracts, tickets, down)
    print(f"month_end: {customers:,} customers, {count:,} tickets in {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU")  # fmt: skip
    print(f"{count / wall:,.0f} tickets per second (wall), {count / cpu:,.0f} (CPU)")
    print(f"memory: RSS before the run {mib(before)}, peak RSS {mib(peak_rss_kib())}")
    for total in result.totals:
        print(f"  total {total.currency}: {total.customers:,} customers, fees "
              f"{total.monthly_fees:,.2f}, credits owed {total.credits:,.2f}")  # fmt: skip

    # The same answer, and how much faster, than the loop a user would write.
    few = contracts[:subset]
    names = {contract.id for contract in few}
    few_tickets = [ticket for ticket in tickets if ticket.contract in names]
    few_down = within(down, few)
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    by_hand = scalar_totals(few, few_tickets, few_down)
    scalar_wall, scalar_cpu = time.perf_counter() - began_wall, time.process_time() - began_cpu
    small, small_wall, small_cpu = timed_month_end(few, few_tickets, few_down)
    print(f"subset: {subset:,} customers, {len(few_tickets):,} tickets: month_end "
          f"{small_wall:.2f} s wall ({small_cpu:.2f} s CPU), scalar loop {scalar_wall:.2f} s wall "
          f"({scalar_cpu:.2f} s CPU): {scalar_wall / small_wall:.2f}x")  # fmt: skip
    figures = {row.contract: row.total for row in small.summary}
    whole = {row.contract: row.total for row in result.summary if row.contract in names}
    if figures != by_hand or whole != by_hand:
        print("MISMATCH: month_end and the scalar loop give different totals")
        return 1
    print("OK: month_end gives the scalar loop's totals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
