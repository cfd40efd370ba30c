"""Evaluate generated tickets and print tickets per second.

100,000 tickets (random framework, tier, severity, region and 0–6 valid
events) are generated first, outside the timing; then every ticket is
evaluated at one ``now`` in a single process. Target: at least 50,000
tickets per second on one core.

Run: python benchmarks/bench_evaluate.py [--n 100000] [--smoke]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from slakit import Contract, Event, Ticket, catalog, evaluate, regions

TARGET_PER_SECOND = 50_000
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")


def contracts() -> list[Contract]:
    """Every framework tier in every region."""
    return [
        Contract(framework=framework, tier=tier, region=region)
        for framework in catalog.names()
        for tier in catalog.get(framework).tier_names
        for region in regions.names()
    ]


def generate_ticket(rng: random.Random, number: int, start: datetime) -> Ticket:
    """A ticket with 0–6 events that obey the timeline rules."""
    opened = start + timedelta(seconds=rng.randrange(28 * 86400))
    at, events = opened, []
    paused = resolved = responded = False
    for _ in range(rng.randrange(7)):
        at += timedelta(seconds=rng.randrange(1, 36 * 3600))
        if resolved:
            events.append(Event.reopened(at))
            resolved = False
        elif not responded:
            events.append(Event.responded(at))
            responded = True
        elif paused:
            events.append(Event.resumed(at))
            paused = False
        else:
            choice = rng.random()
            if choice < 0.3:
                events.append(Event.paused(at))
                paused = True
            elif choice < 0.45:
                events.append(Event.severity_changed(at, rng.choice(SEVERITIES)))
            else:
                events.append(Event.resolved(at))
                resolved = True
    return Ticket(f"T-{number}", rng.choice(SEVERITIES), opened, events=events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="tickets to evaluate")
    parser.add_argument("--smoke", action="store_true", help="a small run, for CI")
    args = parser.parse_args(argv)
    n = 2_000 if args.smoke else args.n

    rng = random.Random(20261123)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    pool = contracts()
    work = [(generate_ticket(rng, i, start), rng.choice(pool)) for i in range(n)]
    now = datetime(2026, 5, 1, tzinfo=UTC)

    for ticket, contract in work[:200]:  # warm up: compile each calendar's years once
        evaluate(ticket, contract, now)
    for contract in pool:
        evaluate(work[0][0], contract, now)

    # Best of three passes, in CPU time of this (single-threaded) process, so that
    # other work on the machine does not count against slakit.
    timings = []
    for _ in range(3):
        began = time.process_time()
        for ticket, contract in work:
            evaluate(ticket, contract, now)
        timings.append(time.process_time() - began)
    seconds = min(timings)

    per_second = n / seconds
    print(f"evaluated {n:,} tickets in {seconds:.3f} s of CPU time (best of 3)")
    print(f"{per_second:,.0f} tickets per second ({1e6 / per_second:.1f} µs per ticket)")
    verdict = "met" if per_second >= TARGET_PER_SECOND else "NOT met"
    print(f"target {TARGET_PER_SECOND:,} per second: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
