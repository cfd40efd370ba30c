"""Finance month end: every contract's October 2026 credit statement, written as CSV.

Each statement covers October in the contract's billing timezone, so the
outage that starts at 23:30 UTC on 31 October is October downtime for a
customer billed in Austin and November downtime for one billed in Amsterdam.
Tickets are evaluated at the end of the billing month, or at the ticket
export if that came first (later events are not in the export).

Writes ``<contract>-2026-10.csv`` per contract and ``summary-2026-10.csv``
into ``--out`` (default: a new temporary folder), then prints the totals.

Run: python examples/finance_month_end.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from slakit import CreditStatement, monthly_credit
from slakit.example_data import EXPORTED_AT, data_dir, load_month, month


def statements() -> dict[str, CreditStatement]:
    """October's statement of every example contract, by contract name."""
    contracts, tickets, outages, maintenance = load_month(data_dir())
    found = {}
    for name, contract in sorted(contracts.items()):
        period = month(contract.billing_timezone)
        found[name] = monthly_credit(
            contract,
            period,
            tickets=tickets[name],
            outages=outages,
            maintenance=maintenance,
            now=min(period.end, EXPORTED_AT),
        )
    return found


def write(found: dict[str, CreditStatement], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, statement in found.items():
        path = folder / f"{name}-{statement.month.year}-{statement.month.month:02d}.csv"
        path.write_text(statement.to_csv(), encoding="utf-8")
        written.append(path)
    summary = folder / "summary-2026-10.csv"
    with summary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["contract", "customer", "tier", "availability", "currency", "credit"])
        for name, statement in found.items():
            availability = "" if statement.availability is None else f"{statement.availability}%"
            writer.writerow([name, statement.customer, f"{statement.framework} {statement.tier}",
                             availability, statement.currency, statement.total.amount])  # fmt: skip
    return [*written, summary]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="folder for the CSV files (default: a temp dir)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="slakit-statements-"))

    found = statements()
    written = write(found, folder)
    print(f"Service credits for October 2026: {len(found)} statements written to {folder}")
    print(f"({len(written)} files: one CSV per contract and summary-2026-10.csv)\n")

    owed = {name: statement for name, statement in found.items() if statement.total.amount}
    width = max(len(name) for name in found)
    print(f"{'contract':<{width}}  {'availability':>12}  {'credit':>14}  lines")
    for name, statement in owed.items():
        kinds = ", ".join(line.kind for line in statement.lines)
        print(f"{name:<{width}}  {statement.availability!s:>11}%  {statement.total!s:>14}  {kinds}")
    print(f"({len(found) - len(owed)} contracts owe no credit)\n")

    totals: dict[str, Decimal] = defaultdict(Decimal)
    for statement in found.values():
        totals[statement.currency] += statement.total.amount
    for currency, amount in sorted(totals.items()):
        print(f"Total credits in {currency}: {amount:,.2f}")


if __name__ == "__main__":
    main()
