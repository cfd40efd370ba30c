"""Finance month end: every contract's October 2026 statement, written as CSV, with the totals.

One call, :func:`slakit.month_end`, computes every customer's statement and
compliance. Each statement covers October in the contract's billing
timezone, so the outage that starts at 23:30 UTC on 31 October is October
downtime for a customer billed in Austin and November downtime for one
billed in Amsterdam. Tickets are evaluated when they were exported (later
events are not in the export).

Writes ``<contract>-2026-10.csv`` (the line items) and
``<contract>-2026-10-evidence.csv`` (the tickets and outages behind them)
per contract, and ``summary-2026-10.csv`` into ``--out`` (default: a new
temporary folder), then prints the customers owed a credit and the totals per
currency. ``slakit month-end --out DIR`` writes the same and more.

Run: python examples/finance_month_end.py [--out DIR]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from slakit import MonthEnd, month_end
from slakit.example_data import EXPORTED_AT, MONTH, data_dir, load_month


def october() -> MonthEnd:
    """Every example contract's October, evaluated at the ticket export."""
    contracts, tickets, outages, maintenance = load_month(data_dir())
    return month_end(
        contracts,
        MONTH,
        tickets=[ticket for name in sorted(tickets) for ticket in tickets[name]],
        outages=outages,
        maintenance=maintenance,
        now=EXPORTED_AT,
    )


def write(book: MonthEnd, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in book.customers:
        for suffix, text in (("", item.statement.to_csv()),
                             ("-evidence", item.statement.evidence_csv())):  # fmt: skip
            path = folder / f"{item.contract}-{book.month}{suffix}.csv"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    summary = folder / f"summary-{book.month}.csv"
    summary.write_text(book.summary_csv(), encoding="utf-8")
    return [*written, summary]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="folder for the CSV files (default: a temp dir)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="slakit-statements-"))

    book = october()
    written = write(book, folder)
    print(f"Service credits for {book.month}: {len(book.customers)} statements written to {folder}")
    print(f"({len(written)} files: two CSVs per contract and summary-{book.month}.csv)\n")

    owed = [row for row in book.summary if row.total]
    width = max(len(row.contract) for row in book.summary)
    print(f"{'contract':<{width}}  {'availability':>12}  {'credit':>14}  lines")
    for row in owed:
        lines = book.customer(row.contract).statement.lines
        kinds = ", ".join(line.kind for line in lines)
        print(f"{row.contract:<{width}}  {row.availability!s:>11}%  "
              f"{row.currency} {row.total:>10,.2f}  {kinds}")  # fmt: skip
    print(f"({len(book.summary) - len(owed)} contracts owe no credit)\n")

    for total in book.totals:
        print(f"Total credits in {total.currency}: {total.credits:,.2f}")


if __name__ == "__main__":
    main()
