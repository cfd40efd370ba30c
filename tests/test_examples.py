"""Every script in examples/ runs and says what it should; the example data is reproducible."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = EXAMPLES / "data"
PACKAGE_DATA = ROOT / "src" / "slakit" / "demo_data"
SCRIPTS = sorted(path.name for path in EXAMPLES.glob("*.py"))

# What each script must print (scripts not listed here must at least run).
EXPECTED = {
    "quickstart.py": ["response due (local)", "amsterdam", "singapore"],
    "webhook_handler.py": [
        "dropped paused at 2026-10-23T16:50:00+01:00: duplicate",
        "200: resolution running, due 2026-10-23T20:30:00+01:00, "
        "next wake-up 2026-10-23T18:30:00+01:00",
        '"kind": "retargeted"',
        '"ticket_id": "T-20417"',
        "2026-10-23T18:30:00+01:00 ALERT T-20417 resolution threshold 50% (SEV1)",
        "2026-10-23T20:30:00.000001+01:00 ALERT T-20417 resolution breached (SEV1)",
        # A severity change that breaches at once is alerted by the webhook, not a wake-up.
        "ALERT T-20418 response breached at 2026-10-23T15:00:00+01:00 (SEV1)",
        "ALERT T-20418 resolution breached at 2026-10-23T15:00:00+01:00 (SEV1)",
        "400: ticket T-20417, new event 0, at is a naive datetime",
        "404: unknown ticket 'T-404'",
        "404: unknown contract 'acme-gold-paris'",
    ],
    "month_review.py": [
        "Month review, October 2026 (UTC)",
        "Compliance per tier, severity and metric",
        "truststram  platinum",
        "FAIL",
        "KPIs",
        "the five furthest over target",
    ],
    "finance_month_end.py": [
        "24 statements written",
        "kmp-premier-dublin",
        "availability, incident",
        "Total credits in USD",
        "Total credits in EUR: 0.00",
    ],
    "dask_month_end.py": [
        "pickle round trip",
        "same as single process: True",
        "every statement identical: True",
    ],
}


def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, arguments)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_script_has_expectations() -> None:
    assert set(SCRIPTS) <= set(EXPECTED), "add the new script's key output to EXPECTED"


@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs(script: str, tmp_path: Path) -> None:
    if script.startswith("dask_"):
        pytest.importorskip("dask")
    arguments: list[str | Path] = [EXAMPLES / script]
    if script == "finance_month_end.py":
        arguments += ["--out", tmp_path]
    result = run(*arguments)
    assert result.returncode == 0, result.stderr
    for text in EXPECTED.get(script, []):
        assert text in result.stdout, f"{script} did not print {text!r}:\n{result.stdout}"


def test_finance_month_end_writes_one_statement_per_contract(tmp_path: Path) -> None:
    result = run(EXAMPLES / "finance_month_end.py", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    contracts = sorted(path.stem for path in (PACKAGE_DATA / "contracts").glob("*.toml"))
    written = sorted(path.name for path in tmp_path.glob("*.csv"))
    assert written == sorted(
        [f"{name}-2026-10{suffix}.csv" for name in contracts for suffix in ("", "-evidence")]
        + ["summary-2026-10.csv"]
    )
    with (tmp_path / "summary-2026-10.csv").open(encoding="utf-8", newline="") as handle:
        summary = {row["contract"]: row for row in csv.DictReader(handle)}
    # KMP Basic Dublin: USD 1,250 a month, availability 99.8389% < 99.9%: 10% = 125.00.
    # T-11203, a Sev1 answered after 1 h 35 min (Tue 20 Oct 10:12-11:47 Dublin, all in
    # business hours), took more than the credit's 1-hour threshold but met Basic's
    # 4-hour target, so it owes no incident credit (DESIGN §3 Credits).
    assert summary["kmp-basic-dublin"]["total"] == "125.00"
    assert summary["kmp-basic-dublin"]["currency"] == "USD"
    # Liffey Payments (KMP Premier Dublin): 10% of 12,500 and one late SEV1, 5,000.
    assert summary["kmp-premier-dublin"]["total"] == "6250.00"
    # TrustStram defines no credits.
    assert all(row["total"] == "0.00" for name, row in summary.items() if "truststram" in name)
    with (tmp_path / "kmp-basic-dublin-2026-10.csv").open(encoding="utf-8", newline="") as handle:
        kinds = [row["kind"] for row in csv.DictReader(handle)]
    assert kinds == ["availability", "subtotal", "total"]


def test_generator_reproduces_the_checked_in_data(tmp_path: Path) -> None:
    result = run(DATA / "generate.py", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    generated = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    # 24 contracts, tickets, events, outages, maintenance, latency, security incidents,
    # utilization
    assert len(generated) == 31
    checked_in = sorted(
        path.relative_to(PACKAGE_DATA)
        for path in PACKAGE_DATA.rglob("*")
        if path.is_file() and path.suffix in (".csv", ".toml")
    )
    assert checked_in == generated, f"{PACKAGE_DATA} holds other files than the generator writes"
    for relative in generated:
        fresh, kept = (tmp_path / relative).read_bytes(), (PACKAGE_DATA / relative).read_bytes()
        assert fresh == kept, f"{PACKAGE_DATA / relative} differs: run examples/data/generate.py"


def test_the_example_data_is_kept_once() -> None:
    # One copy, in the package (slakit demo needs it installed); examples/data holds
    # only the generator and its README.
    assert sorted(path.name for path in DATA.iterdir()) == ["README.md", "generate.py"]


def test_example_data_stays_small() -> None:
    size = sum(path.stat().st_size for path in PACKAGE_DATA.rglob("*") if path.suffix == ".csv")
    assert size < 1_000_000


# -- the example data (its loader: test_example_data.py) ----------------------------------------


def test_events_lie_between_first_response_and_final_resolution() -> None:
    from datetime import datetime

    with (PACKAGE_DATA / "tickets.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    with (PACKAGE_DATA / "events.csv").open(encoding="utf-8", newline="") as handle:
        events = list(csv.DictReader(handle))
    assert {"paused", "resumed", "severity_changed", "resolved", "reopened", "escalated"} == {
        event["kind"] for event in events
    }
    for event in events:
        row, at = rows[event["ticket_id"]], datetime.fromisoformat(event["at"])
        if event["kind"] == "escalated" and row["severity"] in ("SEV1", "P1"):
            # L3 is paged when a critical incident is opened, maybe before the first response.
            assert event["level"] == "L3" and datetime.fromisoformat(row["opened_at"]) <= at
        else:
            assert row["first_response_at"]
            assert datetime.fromisoformat(row["first_response_at"]) <= at
        assert not row["resolved_at"] or at <= datetime.fromisoformat(row["resolved_at"])
    assert any(not row["resolved_at"] for row in rows.values())  # some are open at month end


def test_the_webhook_desk_stores_nothing_from_a_bad_call() -> None:
    # A call refused with 400 leaves the ticket as it was: the sender's retry is not a
    # duplicate, and a malformed body is a 400, never a crash.
    sys.path.insert(0, str(EXAMPLES))
    try:
        import webhook_handler as example
    finally:
        sys.path.remove(str(EXAMPLES))
    desk = example.TicketDesk(example.load_contracts(example.data_dir()))
    created = {"type": "ticket.created", "contract": "kmp-premier-dublin",
               "ticket": {"id": "T-1", "severity": "sev2",
                          "opened_at": "2026-10-23T16:05:00+01:00"}}  # fmt: skip
    assert desk.handle(json.dumps(created))[0] == 200
    pause = {"type": "ticket.event", "ticket": {"id": "T-1"},
             "event": {"kind": "paused", "at": "2026-10-23T16:50:00+01:00"}}  # fmt: skip
    for bad_at in (None, 5, "2026-10-23T16:00:00+01:00", "tomorrow"):  # missing, wrong, early
        body = dict(pause) if bad_at is None else {**pause, "at": bad_at}
        code, _ = desk.handle(json.dumps(body))
        assert code == 400, bad_at
    assert desk.timelines["T-1"].ticket.events == ()
    for broken in (
        "[]",
        "{}",
        '{"type": "ticket.event", "ticket": {"id": ["x"]}}',
        '{"type": "ticket.created", "ticket": {"id": "T-2"}, "contract": ["x"]}',
    ):
        assert desk.handle(broken)[0] in (400, 404), broken  # fmt: skip
    code, body = desk.handle(json.dumps({**pause, "at": "2026-10-23T16:50:00+01:00"}))
    assert code == 200 and json.loads(body)["dropped"] == []
