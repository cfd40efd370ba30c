"""Evaluate generated tickets and print tickets per second.

100,000 tickets (random framework, tier, severity, region and 0–6 valid
events) are generated first, outside the timing; then every ticket is
evaluated at one ``now`` in a single process. Target: at least 100,000
tickets per second on one core (process time, best of 3).

``evaluate`` folds each clock and finds its deadline and breach instant as
integers; the rest of a status (datetimes, timedeltas, percentages, cycles)
is computed when first read. So the script also times evaluating and then
reading every field a status had before 0.x (the cost of a consumer that
reads everything), and the eager path the statuses had before: validated-model
statuses with every field computed at once (``eager_evaluate`` below, kept
only for this comparison). It checks that both give the same answers, field
by field, and prints the peak memory of keeping 20,000 statuses of each.

Run: python benchmarks/bench_evaluate.py [--n 100000] [--smoke]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime

from slakit import Contract, Event, Ticket, catalog, evaluate, regions
from slakit._model import SlakitModel, trusted
from slakit._time import ONE_US, from_us, to_us
from slakit.clock import ClockRun, ClockState, clock_runs
from slakit.policy import Clock, Metric, Target
from slakit.severity import Severity

TARGET_PER_SECOND = 100_000
#: The fields a status had before the lazy statuses (each is compared with the eager path).
EAGER_FIELDS = (
    "metric", "severity", "state", "clock", "target", "target_length", "due_at", "elapsed",
    "remaining", "percent_used", "met", "breached", "breached_at", "stopped_at",
)  # fmt: skip
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")


def contracts() -> list[Contract]:
    """Every framework tier in every region."""
    return [
        Contract(framework=framework, tier=tier, region=region)
        for framework in catalog.names()
        for tier in catalog.get(framework).tier_names
        for region in regions.names()
    ]


def generate_ticket(
    rng: random.Random, number: int, start: datetime, *, days: int = 28, contract: str = ""
) -> Ticket:
    """A ticket opened within ``days`` of ``start``, with 0–6 events that obey the timeline
    rules (``benchmarks/bench_month_end.py`` makes its tickets here too)."""
    opened = start + timedelta(seconds=rng.randrange(days * 86400))
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
    return Ticket(f"T-{number}", rng.choice(SEVERITIES), opened, events=events, contract=contract)


# -- the eager path statuses took before: validated models, every field computed at once ----


class EagerMetricStatus(SlakitModel):
    """A metric's status as ``evaluate`` built it before: a pydantic model, all fields set."""

    metric: Metric
    severity: Severity
    state: ClockState
    clock: Clock
    target: Target
    target_length: timedelta
    due_at: AwareDatetime | None
    elapsed: timedelta
    remaining: timedelta
    percent_used: Decimal
    met: bool | None
    breached: bool
    breached_at: AwareDatetime | None
    stopped_at: AwareDatetime | None


class EagerTicketStatus(SlakitModel):
    """A ticket's status as ``evaluate`` built it before."""

    ticket_id: str
    framework: str
    tier: str
    compliance_goal: Decimal | None
    severity: Severity
    opened_at: AwareDatetime
    now: AwareDatetime
    response: EagerMetricStatus
    resolution: EagerMetricStatus


def eager_status(run: ClockRun, now: int, tz: tzinfo | None) -> EagerMetricStatus:
    """The status of one clock, every field computed (the code evaluate ran before)."""
    metric, severity, _, state, _, _, elapsed, stopped_at, _, target, length, compiled, _ = run
    reached_at = None if elapsed < length else run.reached_at(length)
    breached = run.exceeds(length)
    if state is ClockState.PAUSED:
        due_at = None
    elif reached_at is not None:
        due_at = from_us(reached_at, tz)
    else:
        resumes = now if stopped_at is None else stopped_at
        due_at = from_us(compiled.add(resumes, length - elapsed), tz)
    breached_at = None
    if breached and reached_at is not None:
        breached_at = from_us(run.no_earlier_than_retarget(reached_at), tz)
    stopped = state is ClockState.STOPPED
    return trusted(
        EagerMetricStatus,
        {
            "metric": metric,
            "severity": severity,
            "state": state,
            "clock": target.clock,
            "target": target,
            "target_length": ONE_US * length,
            "due_at": due_at,
            "elapsed": ONE_US * elapsed,
            "remaining": ONE_US * (length - elapsed),
            "percent_used": Decimal((20000 * elapsed + length) // (2 * length)) / 100,
            "met": (not breached) if stopped else (False if breached else None),
            "breached": breached,
            "breached_at": breached_at,
            "stopped_at": from_us(stopped_at, tz) if stopped and stopped_at is not None else None,
        },
    )


def eager_evaluate(ticket: Ticket, contract: Contract, now: datetime) -> EagerTicketStatus:
    """``evaluate`` as it was before the lazy statuses."""
    now_us = to_us(now, "now")
    response, resolution = clock_runs(ticket, contract, now_us)
    tz = now.tzinfo
    return trusted(
        EagerTicketStatus,
        {
            "ticket_id": ticket.id,
            "framework": contract.framework.name,
            "tier": contract.tier,
            "compliance_goal": contract.tier_policy.compliance_goal,
            "severity": resolution.ticket_severity,
            "opened_at": ticket.opened_at,
            "now": now,
            "response": eager_status(response, now_us, tz),
            "resolution": eager_status(resolution, now_us, tz),
        },
    )


def read_everything(ticket: Ticket, contract: Contract, now: datetime) -> object:
    """``evaluate``, then every field the eager path computed."""
    status = evaluate(ticket, contract, now)
    for metric in (status.response, status.resolution):
        for name in EAGER_FIELDS:
            getattr(metric, name)
    return status


def same_answers(work: list[tuple[Ticket, Contract]], now: datetime) -> int:
    """How many tickets' lazy statuses differ from the eager path, field by field."""
    differ = 0
    for ticket, contract in work:
        lazy, eager = evaluate(ticket, contract, now), eager_evaluate(ticket, contract, now)
        if any(
            getattr(getattr(lazy, metric), name) != getattr(getattr(eager, metric), name)
            for metric in ("response", "resolution")
            for name in EAGER_FIELDS
        ) or any(
            getattr(lazy, name) != getattr(eager, name)
            for name in ("ticket_id", "framework", "tier", "compliance_goal", "severity")
        ):
            differ += 1
    return differ


def best_of_three(
    call: Callable[[Ticket, Contract, datetime], object],
    work: list[tuple[Ticket, Contract]],
    now: datetime,
) -> float:
    """The fastest of three passes, in CPU time of this (single-threaded) process, so that
    other work on the machine does not count against slakit."""
    timings = []
    for _ in range(3):
        began = time.process_time()
        for ticket, contract in work:
            call(ticket, contract, now)
        timings.append(time.process_time() - began)
    return min(timings)


def peak_memory(
    call: Callable[[Ticket, Contract, datetime], Any],
    work: list[tuple[Ticket, Contract]],
    now: datetime,
) -> int:
    """Peak bytes allocated while keeping the statuses of ``work``."""
    tracemalloc.start()
    kept = [call(ticket, contract, now) for ticket, contract in work]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak


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

    differ = same_answers(work[:20_000], now)
    seconds = best_of_three(evaluate, work, now)
    read = best_of_three(read_everything, work, now)
    eager = best_of_three(eager_evaluate, work, now)

    per_second = n / seconds
    print(f"evaluated {n:,} tickets in {seconds:.3f} s of CPU time (best of 3)")
    print(f"{per_second:,.0f} tickets per second ({1e6 / per_second:.1f} µs per ticket)")
    print(f"  evaluate, then read every field: {n / read:,.0f} per second "
          f"({1e6 * read / n:.1f} µs per ticket)")  # fmt: skip
    print(f"  the eager path (before):         {n / eager:,.0f} per second "
          f"({1e6 * eager / n:.1f} µs per ticket)")  # fmt: skip
    print(f"  ratio to the eager path: {eager / seconds:.2f}x "
          f"(reading every field: {eager / read:.2f}x)")  # fmt: skip
    verdict = "met" if per_second >= TARGET_PER_SECOND else "NOT met"
    print(f"target {TARGET_PER_SECOND:,} per second: {per_second / TARGET_PER_SECOND:.2f} "
          f"of it, {verdict}")  # fmt: skip
    sample = work[:20_000]
    memory = {name: peak_memory(call, sample, now) / len(sample)
              for name, call in (("lazy", evaluate), ("read", read_everything),
                                 ("eager", eager_evaluate))}  # fmt: skip
    print(f"peak memory per kept status: {memory['lazy']:,.0f} bytes lazy, "
          f"{memory['read']:,.0f} read in full, {memory['eager']:,.0f} eager")  # fmt: skip
    if differ:
        print(f"FAILED: {differ:,} of {len(work[:20_000]):,} statuses differ from the eager path")
        return 1
    print(
        f"OK: the same answers as the eager path, field by field ({len(work[:20_000]):,} tickets)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
