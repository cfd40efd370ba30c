"""The frame path against the scalar loop, and a million tickets from CSV to a status frame.

1. The same generated tickets (random framework, tier and region; 70% opened,
   perhaps responded, perhaps resolved; 25.5% also paused and resumed,
   perhaps reopened; 4.5% with a severity change) are evaluated two ways: the
   scalar loop (``[evaluate(ticket, contract, now) for ...]`` over the
   tickets already built) and :func:`slakit.pandas.evaluate_frame`, all
   contracts at once, on a tickets frame and an events frame twice: with
   typed columns (instants as ``datetime64[us, UTC]``, as after
   ``read_csv(parse_dates=...)`` or from a database) and as text (ISO 8601,
   as ``read_csv(dtype=str)`` gives it). It checks the frame gives
   ``evaluate``'s answers, field by field, on a sample, and prints the ratios
   per ticket (target: the frame path at least 10x faster).
2. ``--csv N`` writes N tickets (and their events) to CSV files, then times
   ``pandas.read_csv`` plus ``evaluate_frame`` to a status frame and prints the
   time and the peak memory (tracemalloc: Python and numpy allocations).

Run: python benchmarks/bench_frame.py [--n 100000] [--csv 1000000] [--smoke]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from slakit import Contract, Event, Ticket, catalog, evaluate
from slakit.pandas import evaluate_frame

TARGET_RATIO = 10
NOW = datetime(2026, 11, 1, tzinfo=UTC)
START = datetime(2026, 10, 1, tzinfo=UTC)
REGIONS = ("dublin", "austin", "amsterdam", "singapore")


def contracts() -> list[Contract]:
    """Every framework tier in a few regions, each with an id and a customer."""
    found = []
    for framework in catalog.names():
        for tier in catalog.get(framework).tier_names:
            for region in REGIONS:
                name = f"{framework}-{tier}-{region}"
                found.append(
                    Contract(framework=framework, tier=tier, region=region, id=name,
                             customer=f"Customer {name}")
                )  # fmt: skip
    return found


def generate(n: int, seed: int, book: list[Contract]) -> list[tuple[Ticket, Contract]]:
    rng = random.Random(seed)
    found = []
    for number in range(n):
        contract = rng.choice(book)
        opened = START + timedelta(seconds=rng.randrange(28 * 86400))
        at, events = opened, []
        if rng.random() < 0.7:  # the common timeline
            if rng.random() < 0.8:
                at += timedelta(seconds=rng.randrange(1, 8 * 3600))
                events.append(Event.responded(at))
            if rng.random() < 0.5:
                at += timedelta(seconds=rng.randrange(1, 72 * 3600))
                events.append(Event.resolved(at))
        else:
            at += timedelta(seconds=rng.randrange(1, 3600))
            events.append(Event.responded(at))
            at += timedelta(seconds=rng.randrange(1, 24 * 3600))
            if rng.random() < 0.85:
                events.append(Event.paused(at))
                at += timedelta(seconds=rng.randrange(1, 24 * 3600))
                events.append(Event.resumed(at))
            else:
                events.append(Event.severity_changed(at, rng.choice(["P1", "P2", "P3", "P4"])))
            if rng.random() < 0.5:
                at += timedelta(seconds=rng.randrange(1, 24 * 3600))
                events.append(Event.resolved(at))
                if rng.random() < 0.5:
                    at += timedelta(seconds=rng.randrange(1, 24 * 3600))
                    events.append(Event.reopened(at))
        ticket = Ticket(f"T-{number}", rng.choice(["P1", "P2", "P3", "P4"]), opened,
                        events=events, contract=contract.id)  # fmt: skip
        found.append((ticket, contract))
    return found


def rows(pairs: list[tuple[Ticket, Contract]]) -> tuple[list[list[str]], list[list[str]]]:
    """The tickets and events as rows of text, as a tickets file and an events file hold them."""
    ticket_rows, event_rows = [], []
    for ticket, contract in pairs:
        events = list(ticket.events)
        first = events.pop(0) if events and events[0].kind == "responded" else None
        last = events.pop() if events and events[-1].kind == "resolved" else None
        ticket_rows.append([
            ticket.id, ticket.severity.value, ticket.opened_at.isoformat(),
            "" if first is None else first.at.isoformat(),
            "" if last is None else last.at.isoformat(), contract.id,
        ])  # fmt: skip
        for event in events:
            severity = "" if event.severity is None else event.severity.value
            event_rows.append([ticket.id, event.at.isoformat(), event.kind.value, severity])
    return ticket_rows, event_rows


TICKET_HEADER = ["id", "severity", "opened_at", "first_response_at", "resolved_at", "contract"]
EVENT_HEADER = ["ticket_id", "at", "kind", "severity"]


def frames(pairs: list[tuple[Ticket, Contract]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tickets and events frames of text, as ``read_csv(dtype=str)`` reads them."""
    ticket_rows, event_rows = rows(pairs)
    return (
        pd.DataFrame(ticket_rows, columns=TICKET_HEADER, dtype=str),
        pd.DataFrame(event_rows, columns=EVENT_HEADER, dtype=str),
    )


def typed(tickets: pd.DataFrame, events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same frames with instants as ``datetime64[us, UTC]`` and text as categories."""
    tickets, events = tickets.copy(), events.copy()
    for frame, columns in ((tickets, TICKET_HEADER[2:5]), (events, ["at"])):
        for column in columns:
            frame[column] = pd.to_datetime(frame[column].replace("", None), utc=True,
                                           format="ISO8601").dt.as_unit("us")  # fmt: skip
    return tickets, events


def best(function: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def check(frame: pd.DataFrame, pairs: list[tuple[Ticket, Contract]], sample: int) -> int:
    """Rows of the frame that differ from ``evaluate`` (on up to ``sample`` tickets)."""
    wrong = 0
    for row, (ticket, contract) in enumerate(pairs[:sample]):
        status = evaluate(ticket, contract, NOW)
        for metric in status.metrics():
            prefix = metric.metric.value
            got = frame.iloc[row]
            expected = {
                "state": metric.state.value,
                "elapsed": pd.Timedelta(metric.elapsed),
                "percent_used": float(metric.percent_used),
                "breached": metric.breached,
                "due_at": None if metric.due_at is None else pd.Timestamp(metric.due_at),
                "cycles": len(metric.cycles),
            }
            for name, value in expected.items():
                cell = got[f"{prefix}_{name}"]
                same = pd.isna(cell) if value is None else cell == value
                if not same:
                    wrong += 1
                    print(f"DIFFERS: {ticket.id} {prefix}_{name}: {cell!r} != {value!r}")
    return wrong


def compare(n: int, repeat: int) -> int:
    book = contracts()
    pairs = generate(n, 7, book)
    tickets, events = frames(pairs)
    typed_tickets, typed_events = typed(tickets, events)
    scalar = best(lambda: [evaluate(ticket, contract, NOW) for ticket, contract in pairs], repeat)
    framed = best(lambda: evaluate_frame(typed_tickets, book, NOW, events=typed_events), repeat)
    texts = best(lambda: evaluate_frame(tickets, book, NOW, events=events), repeat)
    result = evaluate_frame(tickets, book, NOW, events=events)
    simple = len(tickets) - events["ticket_id"].nunique()
    print(f"evaluated {n:,} tickets ({simple:,} with the common timeline), best of {repeat}")
    print(f"  scalar evaluate loop:          {scalar / n * 1e6:8.2f} us per ticket")
    print(f"  evaluate_frame, typed columns: {framed / n * 1e6:8.2f} us per ticket")
    print(f"  evaluate_frame, text columns:  {texts / n * 1e6:8.2f} us per ticket")
    for name, seconds in (("typed", framed), ("text", texts)):
        ratio = scalar / seconds
        verdict = "OK" if ratio >= TARGET_RATIO else "BELOW TARGET"
        print(f"  ratio ({name}): the frame path is {ratio:.1f}x the scalar loop "
              f"({verdict}: >= {TARGET_RATIO}x)")  # fmt: skip
    # The common timelines alone (opened, perhaps responded, perhaps resolved).
    common = [
        (t, c) for t, c in pairs if all(e.kind in ("responded", "resolved") for e in t.events)
    ]
    common_tickets, _ = typed(*frames(common))
    scalar_common = best(lambda: [evaluate(t, c, NOW) for t, c in common], repeat)
    framed_common = best(lambda: evaluate_frame(common_tickets, book, NOW), repeat)
    print(
        f"  the common timelines alone ({len(common):,} tickets, typed columns): scalar "
        f"{scalar_common / len(common) * 1e6:.2f} us, frame "
        f"{framed_common / len(common) * 1e6:.2f} us per ticket, ratio "
        f"{scalar_common / framed_common:.1f}x"
    )
    wrong = check(result, pairs, min(n, 2000))
    wrong += check(evaluate_frame(typed_tickets, book, NOW, events=typed_events), pairs, 200)
    if wrong:
        print(f"FAIL: {wrong} fields differ from evaluate")
        return 1
    print("OK: evaluate_frame gives evaluate's answers on the sample")
    return 0


def from_csv(n: int) -> None:
    book = contracts()
    with tempfile.TemporaryDirectory() as folder:
        ticket_path, event_path = Path(folder, "tickets.csv"), Path(folder, "events.csv")
        step = 100_000
        with (
            ticket_path.open("w", encoding="utf-8") as ticket_file,
            event_path.open("w", encoding="utf-8") as event_file,
        ):
            ticket_file.write(",".join(TICKET_HEADER) + "\n")
            event_file.write(",".join(EVENT_HEADER) + "\n")
            for first in range(0, n, step):
                pairs = generate(min(step, n - first), first, book)
                # Ids unique across chunks.
                ticket_rows, event_rows = rows(pairs)
                for row in ticket_rows:
                    row[0] = f"{row[0]}-{first}"
                for row in event_rows:
                    row[0] = f"{row[0]}-{first}"
                ticket_file.writelines(",".join(row) + "\n" for row in ticket_rows)
                event_file.writelines(",".join(row) + "\n" for row in event_rows)
        tracemalloc.start()
        start = time.perf_counter()
        tickets = pd.read_csv(ticket_path, dtype=str, keep_default_na=False)
        events = pd.read_csv(event_path, dtype=str, keep_default_na=False)
        read = time.perf_counter() - start
        frame = evaluate_frame(tickets, book, NOW, events=events)
        total = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"from CSV: {n:,} tickets ({len(events):,} events) to a status frame of "
        f"{len(frame):,} rows in {total:.1f} s ({total / n * 1e6:.1f} us per ticket; "
        f"read_csv {read:.1f} s), peak memory {peak / 2**20:,.0f} MiB "
        f"({peak / n:,.0f} bytes per ticket)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="tickets to compare")
    parser.add_argument("--csv", type=int, default=0, help="tickets to read from CSV")
    parser.add_argument("--smoke", action="store_true", help="a quick pass for the tests")
    options = parser.parse_args(argv)
    if options.smoke:
        options.n, options.csv = 2000, 2000
    status = compare(options.n, 1 if options.smoke else 3)
    if options.csv:
        from_csv(options.csv)
    return status


if __name__ == "__main__":
    sys.exit(main())
