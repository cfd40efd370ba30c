"""The benchmarks run: a quick ``--smoke`` pass of each script, in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
KINDS = ("deadline +4h", "deadline +40h", "elapsed <=60d")


def run_smoke(script: str) -> subprocess.CompletedProcess[str]:
    """``script --smoke`` in a subprocess; fails the test unless it exits 0."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_calendar_benchmark_smoke() -> None:
    # Peers that are not installed are skipped by the script itself, so this
    # needs only slakit; it fails if slakit disagrees with the script's reference.
    result = run_smoke("bench_calendar.py")
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("slakit ")]
    for kind in KINDS:
        assert any(" ".join(row[2:4]) == kind for row in rows), f"no slakit row for {kind!r}"
    assert "OK: slakit agrees with the reference" in result.stdout
    assert "index extension: 200 one-year extensions" in result.stdout


def test_frame_benchmark_smoke() -> None:
    # The script exits 1 if the frame path and evaluate disagree on any sampled field.
    result = run_smoke("bench_frame.py")
    assert "evaluated 2,000 tickets" in result.stdout
    assert "ratio (typed): the frame path is" in result.stdout
    assert "ratio (text): the frame path is" in result.stdout
    assert "the common timelines alone (" in result.stdout
    assert "from CSV: 2,000 tickets" in result.stdout and "peak memory" in result.stdout
    assert "OK: evaluate_frame gives evaluate's answers on the sample" in result.stdout


def test_evaluate_benchmark_smoke() -> None:
    result = run_smoke("bench_evaluate.py")
    assert "evaluated 2,000 tickets" in result.stdout
    assert "tickets per second" in result.stdout


def test_maintenance_benchmark_smoke() -> None:
    result = run_smoke("bench_maintenance.py")
    assert "FREQ=MINUTELY " in result.stdout
    assert "OK: slakit's windows equal dateutil's for every rule" in result.stdout


def test_month_end_benchmark_smoke() -> None:
    # The script exits 1 if month_end and the scalar loop disagree on any total.
    result = run_smoke("bench_month_end.py")
    assert "month_end: 20 customers, 2,000 tickets in" in result.stdout
    assert "tickets per second" in result.stdout
    assert "peak RSS" in result.stdout
    assert "OK: month_end gives the scalar loop's totals" in result.stdout


def test_import_benchmark_smoke() -> None:
    # The script exits 1 if import slakit loads a heavy package or takes more than 0.75
    # times as long as pydantic's import (a ratio: the machine's load slows both).
    result = run_smoke("bench_import.py")
    assert "ratio import slakit / from pydantic import BaseModel:" in result.stdout
    assert "heavy packages loaded by import slakit: none" in result.stdout
    assert "OK: import slakit within 0.75 times pydantic's import" in result.stdout


def test_dask_benchmark_smoke() -> None:
    # The script exits 1 unless every run (dask, one process, month_end) gives the same month.
    result = run_smoke("bench_dask.py")
    assert "sched_getaffinity" in result.stdout
    assert "parallel capacity now:" in result.stdout
    assert "speedup, dask (" in result.stdout
    assert "largest worker" in result.stdout
    assert "OK: identical statements and compliance in every run (1,500 tickets)" in result.stdout


def test_cli_benchmark_smoke() -> None:
    # At 2,000 tickets both commands run in subprocesses, timed and with peak memory;
    # the smoke run gives no memory verdict (a full run exits 1 above 1 KB a ticket).
    result = run_smoke("bench_cli.py")
    assert "in process, per ticket: evaluate" in result.stdout
    for command in ("evaluate --format csv", "evaluate --format table", "month-end"):
        assert f"slakit {command}: 2,000 tickets in" in result.stdout, result.stdout
    assert result.stdout.count("x the evaluate loop") == 3
    assert result.stdout.count("bytes per ticket beyond the input") == 3
    assert "smoke run: no memory verdict" in result.stdout
