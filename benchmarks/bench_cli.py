"""The command line at scale: ``slakit evaluate`` and ``slakit month-end`` on N tickets.

N generated tickets (as in ``bench_evaluate.py``: random severity, 0-6 valid
events, opened in October 2026) are written as CSV the way ticketing tools
export them: a tickets file (``id, contract, severity, opened_at,
first_response_at, resolved_at``; the first response and the final
resolution in their columns) and an events file (every other event: pauses,
resumes, severity changes, resolutions before a reopen, reopens). The
contracts are the 24 shipped example contracts (``slakit demo``'s book);
``month-end`` takes every ticket, each naming one of them, and ``evaluate``
takes the same tickets without the ``contract`` column, under one contract.

Each command runs once in a subprocess (``python -m slakit``), output to a
file, timed in wall time, with the child's peak resident memory
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a small launcher
process that runs only it). The same command on one ticket gives the baseline
(the interpreter, slakit's imports, contracts and calendars), so

    extra peak memory per ticket = (peak RSS - baseline peak RSS - input bytes) / N

where the input bytes are the sizes of the tickets and events files (which
the command reads whole, as text, before the first row). The script also
prints the gross figure, (peak - baseline) / N, that counts the input too.

Time per ticket end to end (the run less the one-ticket run, over N) is
compared with what evaluation alone costs: the in-process loop ``for ticket
in tickets: evaluate(ticket, contract, now)`` over the same tickets read with
``read_tickets`` (at most the first 100,000; the per-ticket cost does not
depend on N), timed with ``perf_counter``. The script also prints, per
ticket, what ``read_tickets`` costs (CSV rows to tickets) and ``evaluate``
followed by ``status_record`` (every field as text, as a CSV row needs): the
library work any run must do, beside which the command's own cost shows.

Run: python benchmarks/bench_cli.py [--tickets 100000] [--formats csv,table] [--smoke]
     python benchmarks/bench_cli.py --tickets 1000000
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# The script's own folder is on sys.path: one ticket generator for every benchmark.
from bench_evaluate import generate_ticket

from slakit import evaluate, example_data
from slakit.clock import status_record
from slakit.data_files import read_tickets
from slakit.policy_files import load_contract
from slakit.tickets import EventKind, Ticket

START = datetime(2026, 10, 1, tzinfo=UTC)
NOW = "2026-11-10T00:00:00Z"  # after every opening: 28 days of openings from START
MONTH = "2026-10"
#: The contract ``evaluate`` runs under (one of the shipped book).
EVALUATED = "kmp-premier-dublin"
#: Tickets of the in-process evaluate loop, at most.
LOOP = 100_000
#: The largest "extra peak memory per ticket" the command line promises (bytes).
BUDGET = 1024


def _iso(at: datetime) -> str:
    return at.isoformat()


def write_inputs(folder: Path, count: int, seed: int) -> tuple[Path, Path, Path, Path]:
    """The contracts folder, the tickets file (with a contract column), the same tickets
    without it, and the events file."""
    contracts = folder / "contracts"
    shutil.copytree(example_data.data_dir() / "contracts", contracts)
    names = sorted(path.stem for path in contracts.glob("*.toml"))
    rng = random.Random(seed)
    book, plain, events = folder / "tickets.csv", folder / "one-contract.csv", folder / "events.csv"
    with (
        book.open("w", encoding="utf-8") as tickets_out,
        plain.open("w", encoding="utf-8") as plain_out,
        events.open("w", encoding="utf-8") as events_out,
    ):
        tickets_out.write("id,contract,severity,opened_at,first_response_at,resolved_at\n")
        plain_out.write("id,severity,opened_at,first_response_at,resolved_at\n")
        events_out.write("ticket_id,at,kind,severity\n")
        for number in range(count):
            ticket = generate_ticket(rng, number, START, days=28)
            timeline = list(ticket.events)
            responded = resolved = ""
            if timeline and timeline[0].kind is EventKind.RESPONDED:
                responded = _iso(timeline.pop(0).at)
            if timeline and timeline[-1].kind is EventKind.RESOLVED:
                resolved = _iso(timeline.pop().at)
            cells = f"{ticket.severity.value},{_iso(ticket.opened_at)},{responded},{resolved}\n"
            tickets_out.write(f"{ticket.id},{rng.choice(names)},{cells}")
            plain_out.write(f"{ticket.id},{cells}")
            for event in timeline:
                severity = event.severity.value if event.severity is not None else ""
                events_out.write(f"{ticket.id},{_iso(event.at)},{event.kind.value},{severity}\n")
    return contracts, book, plain, events


#: Runs one command and prints the wall time and ``RUSAGE_CHILDREN`` peak RSS of it. A
#: small launcher, because on Linux a child's ``ru_maxrss`` starts at its parent's resident
#: size when it is forked: measured straight from this script (which holds tickets for
#: the evaluate loop) every run would look as large as the script.
LAUNCHER = """
import resource, subprocess, sys, time
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, wall, peak * (1 if sys.platform == "darwin" else 1024))
sys.stderr.write(done.stderr.decode(errors="replace"))
"""


def run_measured(args: list[str]) -> tuple[float, int]:
    """``python -m slakit ARGS`` in a subprocess: wall seconds and peak RSS in bytes."""
    result = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "slakit", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    code, wall, peak = result.stdout.split()
    if code != "0":
        raise SystemExit(f"slakit {args[0]} failed ({code}): {result.stderr}")
    return float(wall), int(peak)


def loop_costs(
    plain: Path, events: Path, contract_path: Path, count: int
) -> tuple[float, float, float]:
    """Seconds per ticket, in process, on the first tickets: ``read_tickets`` (CSV rows to
    tickets), ``evaluate`` alone, and ``evaluate`` then ``status_record`` (every field as
    text: what a CSV row needs). Best of three for the loops."""
    contract = load_contract(contract_path)
    if count > LOOP:
        head = plain.with_name("loop.csv")
        with plain.open(encoding="utf-8") as source, head.open("w", encoding="utf-8") as out:
            for _, line in zip(range(LOOP + 1), source, strict=False):
                out.write(line)
        ids = {line.split(",", 1)[0] for line in head.read_text().splitlines()[1:]}
        loop_events = head.with_name("loop-events.csv")
        with events.open(encoding="utf-8") as source, loop_events.open("w") as out:
            out.write(next(source))
            out.writelines(line for line in source if line.split(",", 1)[0] in ids)
        plain, events = head, loop_events
    began = time.perf_counter()
    tickets: list[Ticket] = read_tickets(plain, events)
    reading = (time.perf_counter() - began) / len(tickets)
    now = datetime.fromisoformat(NOW)
    costs = []
    for work in (evaluate, lambda t, c, n: status_record(evaluate(t, c, n))):
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            for ticket in tickets:
                work(ticket, contract, now)
            best = min(best, time.perf_counter() - began)
        costs.append(best / len(tickets))
    return reading, costs[0], costs[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="tickets (e.g. 1000000)")
    parser.add_argument("--formats", default="csv,table",
                        help="evaluate's output formats to run, comma separated")  # fmt: skip
    parser.add_argument("--seed", type=int, default=20261031)
    parser.add_argument("--smoke", action="store_true", help="a small run, for CI")
    args = parser.parse_args(argv)
    count = 2_000 if args.smoke else args.tickets
    forms = [form for form in args.formats.split(",") if form]
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is known

    with tempfile.TemporaryDirectory(prefix="bench_cli.") as work:
        folder = Path(work)
        began = time.perf_counter()
        contracts, book, plain, events = write_inputs(folder, count, args.seed)
        tiny = folder / "tiny"
        tiny.mkdir()
        tiny_contracts, tiny_book, tiny_plain, tiny_events = write_inputs(tiny, 1, args.seed)
        sizes = {"book": book.stat().st_size + events.stat().st_size,
                 "plain": plain.stat().st_size + events.stat().st_size}  # fmt: skip
        print(f"generated {count:,} tickets: {book.stat().st_size / 2**20:,.1f} MiB of tickets, "
              f"{events.stat().st_size / 2**20:,.1f} MiB of events "
              f"({sum(1 for _ in events.open()) - 1:,} rows) in "
              f"{time.perf_counter() - began:.1f} s")  # fmt: skip

        reading, per_ticket, recorded = loop_costs(
            plain, events, contracts / f"{EVALUATED}.toml", count
        )
        print(f"in process, per ticket: evaluate {per_ticket * 1e6:.1f} µs (the evaluate "
              f"loop); evaluate and status_record {recorded * 1e6:.1f} µs; read_tickets "
              f"{reading * 1e6:.1f} µs")  # fmt: skip

        def evaluate_args(tickets: Path, events_file: Path, where: Path, form: str) -> list[str]:
            return ["evaluate", str(tickets), "--events", str(events_file), "--contract",
                    str(where / f"{EVALUATED}.toml"), "--now", NOW, "--format", form,
                    "--output", str(folder / f"out.{form}")]  # fmt: skip

        def month_end_args(tickets: Path, events_file: Path, where: Path) -> list[str]:
            return ["month-end", "--contracts", str(where), "--month", MONTH, "--tickets",
                    str(tickets), "--events", str(events_file), "--format", "csv",
                    "--output", str(folder / "book.csv")]  # fmt: skip

        runs = [(f"evaluate --format {form}", "plain",
                 evaluate_args(plain, events, contracts, form),
                 evaluate_args(tiny_plain, tiny_events, tiny_contracts, form))
                for form in forms]  # fmt: skip
        runs.append(("month-end", "book", month_end_args(book, events, contracts),
                     month_end_args(tiny_book, tiny_events, tiny_contracts)))  # fmt: skip
        over = False
        for label, inputs, command, baseline_command in runs:
            start_wall, baseline = run_measured(baseline_command)
            wall, peak = run_measured(command)
            gross = (peak - baseline) / count
            extra = (peak - baseline - sizes[inputs]) / count
            over |= extra > BUDGET
            # Per ticket: the run less the one-ticket run (start-up: imports, contracts).
            ticket_cost = max(wall - start_wall, 0.0) / count
            # At a smoke size the one-ticket run can take longer than the run itself.
            noise = " (no faster than the one-ticket run: noise)" if wall <= start_wall else ""
            print(f"slakit {label}: {count:,} tickets in {wall:.2f} s (start-up "
                  f"{start_wall:.2f} s); {ticket_cost * 1e6:.1f} µs per ticket, "
                  f"{ticket_cost / per_ticket:.1f}x the evaluate loop{noise}")  # fmt: skip
            print(f"  peak RSS {peak / 2**20:,.0f} MiB (one ticket: {baseline / 2**20:,.0f} MiB; "
                  f"input files {sizes[inputs] / 2**20:,.1f} MiB): extra {extra:,.0f} bytes per "
                  f"ticket beyond the input ({gross:,.0f} counting it)")  # fmt: skip
    if args.smoke:  # 2,000 tickets: the memory figures are start-up noise
        print("smoke run: no memory verdict")
        return 0
    if over:
        print(f"OVER BUDGET: more than {BUDGET:,} bytes of extra peak memory per ticket")
        return 1
    print(f"OK: at most {BUDGET:,} bytes of extra peak memory per ticket")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashed child leaves no core file
    sys.exit(main())
