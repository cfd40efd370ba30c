"""Expand maintenance rules over one month: slakit against dateutil walked from the start.

A month's availability needs only the maintenance windows that touch the
month. slakit reads the RFC 5545 rule itself and expands only the days around
the period; the obvious way with ``dateutil.rrule`` walks every occurrence
from the rule's start (``since``) up to the period. Both run here side by
side, on the same rules, and must give the same windows; the script prints
the time per month for each, their ratio, and slakit's peak memory.

Each rule starts on ``since`` (2026-01-01 by default, so that dateutil's walk
stays a few seconds even for a rule every minute; slakit's time does not
depend on it). The month is October 2026 in Europe/Amsterdam, which has the
autumn clock change in it.

Run: python benchmarks/bench_maintenance.py [--since 2026-01-01] [--smoke]
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

from slakit import MaintenanceRule, Month

ZONE = "Europe/Amsterdam"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
RULES = (
    # (rule, local start time, duration)
    ("FREQ=WEEKLY;BYDAY=SU", "02:00", "2h"),
    ("FREQ=DAILY", "03:00", "30m"),
    ("FREQ=HOURLY;INTERVAL=6", "00:15", "10m"),
    ("FREQ=MINUTELY;INTERVAL=15", "00:00", "5m"),
    ("FREQ=MINUTELY", "00:00", "20s"),
)


def reference_windows(rule: MaintenanceRule, month: Month) -> list[tuple[int, int]]:
    """Every occurrence from ``since`` up to the month's end by ``dateutil``, merged."""
    zone = ZoneInfo(rule.timezone)
    start = datetime.combine(rule.since, rule.at)
    low = month.start.astimezone(zone).replace(tzinfo=None) - rule.duration - timedelta(days=1)
    high = month.end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    length = rule.duration // timedelta(microseconds=1)
    first, last = month.bounds_us
    found = []
    for occurrence in rrule.rrulestr(rule.rule, dtstart=start).between(low, high, inc=True):
        # Through UTC: two datetimes in one zone subtract as wall times, not instants.
        instant = occurrence.replace(tzinfo=zone).astimezone(UTC)
        begin = (instant - EPOCH) // timedelta(microseconds=1)
        if begin < last and begin + length > first:
            found.append((begin, begin + length))
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(found):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def timed(call: Callable[[], list[tuple[int, int]]]) -> tuple[float, list[tuple[int, int]]]:
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--since", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--smoke", action="store_true", help="a quick run, for CI")
    args = parser.parse_args(argv)
    since = date(2026, 9, 1) if args.smoke else args.since
    month = Month(2026, 10, ZONE)
    print(f"maintenance rules over {month.label} ({ZONE}), each starting {since}")
    print(f"{'rule':<28} {'windows':>8} {'slakit':>10} {'dateutil':>10} {'ratio':>7} {'peak':>9}")
    failed = False
    for text, at, duration in RULES:
        rule = MaintenanceRule(rule=text, at=at, duration=duration, timezone=ZONE, since=since)
        slakit_seconds, windows = timed(lambda rule=rule: rule.windows(month))
        tracemalloc.start()  # a second call: tracing slows allocation, so it is not timed
        rule.windows(month)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        reference_seconds, expected = timed(lambda rule=rule: reference_windows(rule, month))
        if windows != expected:
            failed = True
            print(f"{text}: slakit's windows differ from dateutil's", file=sys.stderr)
        ratio = reference_seconds / slakit_seconds if slakit_seconds else float("inf")
        print(
            f"{text:<28} {len(windows):>8,} {slakit_seconds * 1000:>8.1f}ms "
            f"{reference_seconds * 1000:>8.1f}ms {ratio:>6.1f}x {peak / 1024:>7.0f}KB"
        )
    if failed:
        return 1
    print("OK: slakit's windows equal dateutil's for every rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
