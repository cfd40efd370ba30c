"""The benchmarks run: a quick ``--smoke`` pass of each script, in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
KINDS = ("deadline +4h", "deadline +40h", "elapsed <=60d")


def test_calendar_benchmark_smoke() -> None:
    # Peers that are not installed are skipped by the script itself, so this
    # needs only slakit; it fails if slakit disagrees with the script's reference.
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_calendar.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("slakit ")]
    for kind in KINDS:
        assert any(" ".join(row[2:4]) == kind for row in rows), f"no slakit row for {kind!r}"
    assert "OK: slakit agrees with the reference" in result.stdout


def test_evaluate_benchmark_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_evaluate.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "evaluated 2,000 tickets" in result.stdout
    assert "tickets per second" in result.stdout


def test_maintenance_benchmark_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_maintenance.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FREQ=MINUTELY " in result.stdout
    assert "OK: slakit's windows equal dateutil's for every rule" in result.stdout
