"""Month-end over Dask partitions against one process: the speedup, and peak memory.

The book of ``bench_month_end.py`` (contracts ``c-0001``... over every
framework tier in every region, 20 outages, 2 maintenance rules) and a
month of generated tickets (0-6 valid events each, as ``bench_evaluate.py``
makes them), written as one ``tickets.csv`` and one ``events.csv``; then
``slakit.dask.write_partitions`` splits them per contract (timed and
reported on its own).

Three runs, each in a fresh interpreter so that its peak memory is its own:

- ``dask``: ``slakit.dask.month_end`` with the ``processes`` scheduler on
  the cores this process may use (``os.sched_getaffinity``; ``--workers``
  overrides it): the contracts grouped into a few tasks per worker (never
  one split), paths in, statements and counts out.
  Wall time includes starting the worker processes.
- ``one process``: the same function with the ``synchronous`` scheduler: the
  same work in one process, no pickling. The speedup is its time over dask's.
- ``month_end``: the plain API, ``slakit.month_end`` over the tickets of the
  unpartitioned file (read with ``slakit.data_files.iter_tickets``): what a
  user runs without Dask.

Every run's statements and per-contract reports must be identical, and the
month's compliance of the two ``slakit.dask`` runs too (exit status 1
otherwise). Before and after the runs, the script measures what parallelism
the machine gives at that moment: ``--workers`` processes running equal
pure-Python loops against one process running them in turn (a shared
machine gives less than the number of cores). Peak memory is the peak
resident memory (``VmHWM``): of the run's own process, and for ``dask`` also
of the largest worker process (sampled every 0.2 s while the workers run).

Run: python benchmarks/bench_dask.py [--customers 1000] [--tickets 1000000]
         [--rows-per-file 20000] [--workers N] [--smoke]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The script's own folder is on sys.path: the book of the month-end benchmark.
from bench_month_end import MAINTENANCE, book, outages

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
MONTH = "2026-10"
START = datetime(2026, 10, 1, tzinfo=UTC) - timedelta(hours=12)  # covers every billing zone
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


def cores() -> int:
    """The cores this process may run on (its affinity), else the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def burn(n: int) -> int:
    """A pure-Python loop: CPU only, nothing shared."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity(workers: int, n: int) -> float:
    """How much faster ``workers`` processes run ``workers`` equal loops than one process runs
    them one after the other: what this machine gives right now (other work shares it)."""
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    for _ in range(workers):
        burn(n)
    serial = time.perf_counter() - started
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(burn, [1] * workers))  # started before timing
        started = time.perf_counter()
        list(pool.map(burn, [n] * workers))
        parallel = time.perf_counter() - started
    return serial / parallel


def write_month(folder: Path, contract_ids: list[str], tickets: int, seed: int) -> None:
    """``tickets.csv`` and ``events.csv``: the timelines of bench_evaluate's generator,
    written as text (building a million Tickets only to write them would take minutes)."""
    rng = random.Random(seed)
    with (
        (folder / "tickets.csv").open("w", encoding="utf-8", newline="") as ticket_handle,
        (folder / "events.csv").open("w", encoding="utf-8", newline="") as event_handle,
    ):
        ticket_rows = csv.writer(ticket_handle, lineterminator="\n")
        event_rows = csv.writer(event_handle, lineterminator="\n")
        ticket_rows.writerow(["id", "contract", "severity", "opened_at"])
        event_rows.writerow(["ticket_id", "at", "kind", "severity"])
        for number in range(1, tickets + 1):
            opened = START + timedelta(seconds=rng.randrange(28 * 86400))
            ticket_id = f"T-{number}"
            ticket_rows.writerow([ticket_id, rng.choice(contract_ids), rng.choice(SEVERITIES),
                                  opened.isoformat()])  # fmt: skip
            at, paused, resolved, responded = opened, False, False, False
            for _ in range(rng.randrange(7)):
                at += timedelta(seconds=rng.randrange(1, 36 * 3600))
                severity = ""
                if resolved:
                    kind, resolved = "reopened", False
                elif not responded:
                    kind, responded = "responded", True
                elif paused:
                    kind, paused = "resumed", False
                else:
                    choice = rng.random()
                    if choice < 0.3:
                        kind, paused = "paused", True
                    elif choice < 0.45:
                        kind, severity = "severity_changed", rng.choice(SEVERITIES)
                    else:
                        kind, resolved = "resolved", True
                event_rows.writerow([ticket_id, at.isoformat(), kind, severity])


def peak_kib() -> int:
    """This process's peak resident memory in KiB: ``VmHWM`` on Linux (``ru_maxrss`` keeps
    the peak of the process that started this one, across ``exec``)."""
    hwm = status_kib(os.getpid(), "VmHWM")
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def status_kib(pid: int, field: str) -> int | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (Linux), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


class WorkerPeaks(threading.Thread):
    """Samples the peak memory (``VmHWM``) of this process's children, the Dask worker
    processes, every 0.2 s while they run: the largest seen is the largest worker's peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.largest = 0
        self.stopped = threading.Event()

    def children(self) -> list[int]:
        me = str(os.getpid())
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and status_field(entry.name, "PPid") == me:
                found.append(int(entry.name))
        return found

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            for pid in self.children():
                self.largest = max(self.largest, status_kib(pid, "VmHWM") or 0)


def status_field(pid: str, field: str) -> str | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return line.split()[1]
    except (OSError, IndexError):
        return None
    return None


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


# -- one run, in its own interpreter --------------------------------------------------------------


def run_one(mode: str, folder: Path, customers: int, seed: int, workers: int) -> None:
    """Run ``mode`` and write its timing, peak memory and results to ``folder/<mode>.json``."""
    rng = random.Random(seed)
    contracts = book(customers, rng)
    down = outages(contracts, rng)
    sampler = WorkerPeaks()
    if Path("/proc").is_dir():
        sampler.start()
    started, cpu = time.perf_counter(), os.times()
    if mode == "month_end":
        from slakit.data_files import EVENT_COLUMNS, TICKET_COLUMNS, iter_tickets, read_table
        from slakit.month_end import month_end

        tickets = iter_tickets(read_table(folder / "tickets.csv", TICKET_COLUMNS),
                               read_table(folder / "events.csv", EVENT_COLUMNS),
                               contracts=[contract.id for contract in contracts])  # fmt: skip
        result = month_end(contracts, MONTH, tickets=tickets, outages=down,
                           maintenance=MAINTENANCE, now=NOW)  # fmt: skip
        report = None
    else:
        from slakit import dask as slakit_dask

        parts = slakit_dask.partitions_in(folder / "parts")
        computed = slakit_dask.month_end(
            contracts, MONTH, parts, outages=down, maintenance=MAINTENANCE, now=NOW,
            scheduler="processes" if mode == "dask" else "synchronous", num_workers=workers,
        )  # fmt: skip
        result, report = computed, computed.compliance
    elapsed = time.perf_counter() - started
    done = os.times()  # the workers have exited: their CPU time is in the children's
    fields = ("user", "system", "children_user", "children_system")
    cpu_seconds = sum(getattr(done, name) - getattr(cpu, name) for name in fields)
    sampler.stopped.set()
    record = {
        "seconds": elapsed,
        "cpu_seconds": cpu_seconds,
        "peak_kib": peak_kib(),
        "workers_peak_kib": sampler.largest,
        "customers": [item.model_dump(mode="json") for item in result.customers],
        "report": None if report is None else report.model_dump(mode="json"),
        "tickets": sum(item.tickets_given for item in result.customers),
    }
    (folder / f"{mode}.json").write_text(json.dumps(record), encoding="utf-8")


SAMPLE = 2_000


def shipping_cost(folder: Path, args: argparse.Namespace) -> tuple[float, float]:
    """µs per ticket to pickle a ticket and its status and read them back (what a task
    that ships tickets pays), and to evaluate it, on the first tickets of the month."""
    import pickle

    from slakit import evaluate
    from slakit.data_files import read_tickets

    contracts = {
        contract.id: contract for contract in book(args.customers, random.Random(args.seed))
    }
    from slakit.dask import partitions_in

    tickets = []
    for files in partitions_in(folder / "parts").values():  # a few parts, not the whole month
        for tickets_file, events_file in files:
            tickets += read_tickets(tickets_file, events_file)
        if len(tickets) >= SAMPLE:
            break
    tickets = tickets[:SAMPLE]
    for ticket in tickets[:50]:  # compile the calendars first: not a per-ticket cost
        evaluate(ticket, contracts[ticket.contract], NOW)
    started = time.perf_counter()
    statuses = [evaluate(ticket, contracts[ticket.contract], NOW) for ticket in tickets]
    evaluated = time.perf_counter() - started
    started = time.perf_counter()
    for pair in zip(tickets, statuses, strict=True):
        pickle.loads(pickle.dumps(pair))
    pickled = time.perf_counter() - started
    return pickled / len(tickets) * 1e6, evaluated / len(tickets) * 1e6


def measure(mode: str, folder: Path, args: argparse.Namespace, workers: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--run", mode, "--folder", str(folder),
               "--customers", str(args.customers), "--seed", str(args.seed),
               "--workers", str(workers)]  # fmt: skip
    subprocess.run(command, check=True)
    loaded: dict[str, object] = json.loads((folder / f"{mode}.json").read_text(encoding="utf-8"))
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000, help="contracts in the book")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the month")
    parser.add_argument("--rows-per-file", type=int, default=20_000,
                        help="tickets per partition file at most")  # fmt: skip
    parser.add_argument("--workers", type=int, default=None,
                        help="Dask worker processes (default: the cores available)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=20261031)
    parser.add_argument("--smoke", action="store_true", help="a small run, for CI")
    parser.add_argument(
        "--run", choices=("dask", "one process", "month_end"), help=argparse.SUPPRESS
    )
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        args.customers, args.tickets = 12, 1_500
    available = cores()
    workers = args.workers or available
    if args.run:
        run_one(args.run, args.folder, args.customers, args.seed, workers)
        return 0

    print(f"cores: os.cpu_count() = {os.cpu_count()}, available to this process "
          f"(sched_getaffinity) = {available}; dask workers: {workers}")  # fmt: skip
    capacity = parallel_capacity(workers, 200_000 if args.smoke else 10_000_000)
    print(f"parallel capacity now: {workers} processes run {workers} pure-Python loops "
          f"{capacity:.2f}x as fast as one process (ideal {workers}.00x; less if the machine "
          "is shared)")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="slakit-bench-dask-") as name:
        folder = Path(name)
        contract_ids = [contract.id for contract in book(args.customers, random.Random(args.seed))]
        started = time.perf_counter()
        write_month(folder, [name for name in contract_ids if name], args.tickets, args.seed)
        print(f"generated {args.tickets:,} tickets of {args.customers:,} customers in "
              f"{time.perf_counter() - started:.1f}s (not timed below)")  # fmt: skip

        from slakit.dask import write_partitions

        started = time.perf_counter()
        parts = write_partitions(folder / "tickets.csv", folder / "events.csv",
                                 folder / "parts", rows_per_file=args.rows_per_file)  # fmt: skip
        files = sum(len(items) for items in parts.values())
        print(f"write_partitions: {files:,} files of {len(parts):,} contracts in "
              f"{time.perf_counter() - started:.1f}s, peak RSS {mib(peak_kib())}")  # fmt: skip

        pickled, evaluated = shipping_cost(folder, args)
        print(f"per ticket, on the first {SAMPLE:,}: pickling it and its status and reading "
              f"them back {pickled:.1f} µs, evaluating it {evaluated:.1f} µs")  # fmt: skip

        runs = {mode: measure(mode, folder, args, workers)
                for mode in ("dask", "one process", "month_end")}  # fmt: skip

    print(f"\n{'run':<12} {'wall':>9} {'CPU':>9} {'µs/ticket':>10} {'peak RSS':>10} "
          f"{'largest worker':>15}")  # fmt: skip
    for mode, record in runs.items():
        seconds = float(record["seconds"])  # type: ignore[arg-type]
        worker = int(record["workers_peak_kib"])  # type: ignore[call-overload]
        cpu = float(record["cpu_seconds"])  # type: ignore[arg-type]
        print(f"{mode:<12} {seconds:8.2f}s {cpu:8.2f}s {seconds / args.tickets * 1e6:10.1f} "
              f"{mib(int(record['peak_kib'])):>10} "  # type: ignore[call-overload]
              f"{mib(worker) if mode == 'dask' else '-':>15}")  # fmt: skip
    dask_s, one_s = float(runs["dask"]["seconds"]), float(runs["one process"]["seconds"])  # type: ignore[arg-type]
    month_end_s = float(runs["month_end"]["seconds"])  # type: ignore[arg-type]
    print(f"\nspeedup, dask ({workers} workers) over one process: {one_s / dask_s:.2f}x")
    capacity = parallel_capacity(workers, 200_000 if args.smoke else 10_000_000)
    print(f"parallel capacity after the runs: {capacity:.2f}x")
    print(f"speedup, dask over slakit.month_end on the whole file: {month_end_s / dask_s:.2f}x")

    counted = {mode: record["tickets"] for mode, record in runs.items()}
    same = (
        runs["dask"]["customers"]
        == runs["one process"]["customers"]
        == runs["month_end"]["customers"]
        and runs["dask"]["report"] == runs["one process"]["report"]
        and set(counted.values()) == {args.tickets}
    )
    if not same:
        print(f"FAIL: the runs differ (tickets counted: {counted})")
        return 1
    print(f"OK: identical statements and compliance in every run ({args.tickets:,} tickets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
