"""The ``slakit`` command on real files in a temporary folder.

Every command is run in-process through ``slakit.cli.main`` (the same code
the console script calls); one test runs ``python -m slakit`` for real.
Bad input must give exit status 2, exactly one line on stderr that names
the file, row and field, and no output at all (no half-written file).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from slakit.cli import main

CONTRACT = """\
framework = "kmp"
tier = "premier"
region = "dublin"
monthly_fee = "USD 20,000"
billing_timezone = "UTC"
customer = "Acme"
"""

TICKETS = """\
id,severity,opened_at,first_response_at,resolved_at
T-1,sev1,2026-10-05T09:00:00+00:00,2026-10-05T11:00:00+00:00,2026-10-05T12:00:00+00:00
T-2,sev2,2026-10-06T09:00:00+00:00,2026-10-06T09:30:00+00:00,
T-3,P3,2026-10-07T09:00:00+01:00,,
"""

EVENTS = """\
ticket_id,at,kind,value
T-2,2026-10-06T10:00:00+00:00,paused,
T-2,2026-10-06T12:00:00+00:00,resumed,
T-2,2026-10-06T13:00:00+00:00,severity_changed,sev1
"""

OUTAGES = """\
id,start,end,description
O-1,2026-10-10T00:00:00+00:00,2026-10-10T01:00:00+00:00,database failover
"""

MAINTENANCE = """\
rule,at,duration,timezone,start,end,description
FREQ=WEEKLY;BYDAY=SU,02:00,2h,Europe/Dublin,,,weekly patching
,,,,2026-10-10T00:30:00+00:00,2026-10-10T00:45:00+00:00,emergency change
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    contents = {
        "contract": ("contract.toml", CONTRACT),
        "tickets": ("tickets.csv", TICKETS),
        "events": ("events.csv", EVENTS),
        "outages": ("outages.csv", OUTAGES),
        "maintenance": ("maintenance.csv", MAINTENANCE),
    }
    paths = {}
    for key, (name, text) in contents.items():
        paths[key] = tmp_path / name
        paths[key].write_text(text, encoding="utf-8")
    return paths


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_bad_input(
    result: tuple[int, str, str], *fragments: str, output: Path | None = None
) -> None:
    code, out, err = result
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err
    if output is not None:
        assert not output.exists()
        assert not list(output.parent.glob(f".{output.name}.*"))  # no temporary left over


# -- commands that work -----------------------------------------------------------------------


def test_deadline_prints_both_due_instants(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadline", "--framework", "kmp", "--tier", "premier", "--severity", "sev2",
         "--region", "dublin", "--opened", "2026-03-27T16:30:00+00:00"],
        capsys,
    )  # fmt: skip
    assert code == 0
    # Friday 16:30 GMT on Dublin 12x5: 1 h 30 min left on Friday, 30 min from Monday 06:00
    # IST (clocks went forward on Sunday 29 March) → response due Monday 06:30 IST.
    assert "2026-03-30 06:30:00+01:00" in out
    # Resolution 24 business hours: 1.5 h Friday, 12 h Monday, 10.5 h Tuesday → 16:30 IST.
    assert "2026-03-31 16:30:00+01:00" in out


def test_deadline_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadline", "--framework", "truststram", "--tier", "platinum", "--severity", "P1",
         "--region", "austin", "--opened", "2026-03-27T16:30:00+00:00", "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    # Platinum is 24x7: 15 minutes and 4 hours of wall time.
    assert [item["due_at"] for item in data] == [
        "2026-03-27T16:45:00Z",
        "2026-03-27T20:30:00Z",
    ]


def test_evaluate_writes_one_row_per_ticket(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["evaluate", files["tickets"], "--events", files["events"], "--contract",
         files["contract"], "--now", "2026-10-08T00:00:00+00:00", "--format", "csv"],
        capsys,
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out.splitlines()))
    assert [row["ticket"] for row in rows] == ["T-1", "T-2", "T-3"]
    # T-1: Sev1 answered after 2 h against a 15-minute 24x7 target.
    assert rows[0]["response met"] == "no"
    # T-2 was upgraded to SEV1 after its response: the response keeps its verdict.
    assert rows[1]["severity"] == "SEV1"
    assert rows[1]["response met"] == "yes"


def test_evaluate_output_file(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "statuses.json"
    code, out, _ = run(
        ["evaluate", files["tickets"], "--contract", files["contract"],
         "--now", "2026-10-08T00:00:00+00:00", "--format", "json", "--output", target],
        capsys,
    )  # fmt: skip
    assert code == 0 and out == ""
    assert [item["ticket_id"] for item in json.loads(target.read_text())] == ["T-1", "T-2", "T-3"]


def test_credits_statement(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["credits", "--contract", files["contract"], "--month", "2026-10",
         "--tickets", files["tickets"], "--events", files["events"],
         "--outages", files["outages"], "--maintenance", files["maintenance"],
         "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0
    statement = json.loads(out)
    # One hour of outage less 15 minutes of emergency maintenance = 45 min of downtime
    # in a 31-day month: 1 - 2700 / 2678400 = 99.899% < 99.9% → 10% of USD 20,000.
    # T-1 (Sev1, responded after 2 h on the 24x7 clock) → USD 5,000.
    kinds = [(line["kind"], line["amount"]["amount"]) for line in statement["lines"]]
    assert kinds == [("availability", "2000.00"), ("incident", "5000.00")]
    assert statement["total"] == {"amount": "7000.00", "currency": "USD"}


def test_credits_as_table_and_csv(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["credits", "--contract", files["contract"], "--month", "2026-10",
            "--outages", files["outages"]]  # fmt: skip
    code, out, _ = run(base, capsys)
    assert code == 0 and "Service credits for October 2026: Acme" in out
    code, out, _ = run([*base, "--format", "csv"], capsys)
    assert code == 0 and out.splitlines()[0].startswith("month,customer,kind,reason,amount")


def test_calendar_lists_weekly_hours_and_every_holiday(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["calendar", "dublin", "--coverage", "12x5", "--year", "2026"], capsys)
    assert code == 0
    assert "06:00-18:00" in out
    assert "2026-03-17  Tue  Saint Patrick's Day" in out
    assert out.count("closed") >= 10 + 2  # ten Irish holidays in 2026, Saturday and Sunday


def test_regions_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["regions", "--format", "json"], capsys)
    assert code == 0
    assert [row["region"] for row in json.loads(out)] == [
        "amsterdam", "austin", "dublin", "singapore",
    ]  # fmt: skip
    code, out, _ = run(["schema", "--kind", "contract"], capsys)
    assert code == 0 and "monthly_fee" in json.loads(out)["properties"]


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "slakit", "regions", "--format", "csv"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "region,city,timezone,holidays,coverages"


# -- bad input -------------------------------------------------------------------------------


def test_missing_column(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    files["tickets"].write_text("id,severity\nT-1,sev1\n")
    assert_bad_input(
        run(["evaluate", files["tickets"], "--contract", files["contract"],
             "--now", "2026-10-08T00:00:00Z"], capsys),
        "tickets.csv", "missing column opened_at",
    )  # fmt: skip


def test_naive_timestamp_names_the_row(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files["tickets"].write_text(TICKETS + "T-4,sev2,2026-10-08T09:00:00,,\n")
    target = tmp_path / "out.csv"
    assert_bad_input(
        run(["evaluate", files["tickets"], "--contract", files["contract"],
             "--now", "2026-10-09T00:00:00Z", "--output", target], capsys),
        "tickets.csv, row 5, column opened_at", "no UTC offset",
        output=target,
    )  # fmt: skip


def test_naive_now_argument(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        run(["evaluate", files["tickets"], "--contract", files["contract"],
             "--now", "2026-10-09T00:00:00"], capsys),
        "--now", "no UTC offset",
    )  # fmt: skip


def test_unknown_region(capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        run(["deadline", "--framework", "kmp", "--tier", "premier", "--severity", "sev1",
             "--region", "paris", "--opened", "2026-03-27T16:30:00Z"], capsys),
        "unknown region 'paris'", "amsterdam, austin, dublin, singapore",
    )  # fmt: skip


def test_unknown_region_in_a_contract_file(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["contract"].write_text(CONTRACT.replace('"dublin"', '"paris"'))
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "2026-10"], capsys),
        "contract.toml", "region", "unknown region 'paris'",
    )  # fmt: skip


def test_unknown_tier(capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        run(["deadline", "--framework", "kmp", "--tier", "gold", "--severity", "sev1",
             "--region", "dublin", "--opened", "2026-03-27T16:30:00Z"], capsys),
        "kmp has no tier 'gold'", "premier, standard, basic",
    )  # fmt: skip


def test_malformed_toml(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    files["contract"].write_text('framework = "kmp"\ntier = premier\n')
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "2026-10"], capsys),
        "contract.toml", "not valid TOML",
    )  # fmt: skip


def test_empty_files(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    files["tickets"].write_text("")
    assert_bad_input(
        run(["evaluate", files["tickets"], "--contract", files["contract"],
             "--now", "2026-10-08T00:00:00Z"], capsys),
        "tickets.csv", "the file is empty",
    )  # fmt: skip
    files["contract"].write_text("\n")
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "2026-10"], capsys),
        "contract.toml", "the file is empty",
    )  # fmt: skip


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        run(["credits", "--contract", tmp_path / "nope.toml", "--month", "2026-10"], capsys),
        "nope.toml: no such file",
    )  # fmt: skip


def test_bad_event_kind_and_timeline(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["events"].write_text(EVENTS + "T-2,2026-10-06T14:00:00+00:00,escalated,\n")
    assert_bad_input(
        run(["evaluate", files["tickets"], "--events", files["events"], "--contract",
             files["contract"], "--now", "2026-10-08T00:00:00Z"], capsys),
        "events.csv, row 5, column kind", "'escalated' is not an event",
    )  # fmt: skip
    files["events"].write_text("ticket_id,at,kind,value\nT-3,2026-10-07T10:00:00+01:00,resumed,\n")
    assert_bad_input(
        run(["evaluate", files["tickets"], "--events", files["events"], "--contract",
             files["contract"], "--now", "2026-10-08T00:00:00Z"], capsys),
        "tickets.csv, row 4", "ticket T-3, event 0", "resumed without a pause",
    )  # fmt: skip


def test_bad_month(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "October"], capsys),
        "'October' is not a month",
    )  # fmt: skip


def write_many_tickets(path: Path, count: int, bad_row: int | None = None) -> None:
    lines = ["id,severity,opened_at,first_response_at,resolved_at"]
    for number in range(count):
        day, minute = 1 + number % 28, number % 600
        opened = f"2026-10-{day:02d}T{6 + minute // 60:02d}:{minute % 60:02d}:00+00:00"
        stamp = opened[:-6] if number == bad_row else opened
        lines.append(f"T-{number},sev{1 + number % 4},{stamp},,")
    path.write_text("\n".join(lines) + "\n")


def test_a_file_of_50000_rows(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_many_tickets(files["tickets"], 50_000)
    target = tmp_path / "statuses.csv"
    code, _, err = run(
        ["evaluate", files["tickets"], "--contract", files["contract"],
         "--now", "2026-11-01T00:00:00Z", "--format", "csv", "--output", target],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert err == ""  # no progress bar: stderr is not a terminal here
    assert len(target.read_text().splitlines()) == 50_001


def test_a_bad_row_at_the_end_of_50000_leaves_no_output(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_many_tickets(files["tickets"], 50_000, bad_row=49_999)
    target = tmp_path / "statuses.csv"
    assert_bad_input(
        run(["evaluate", files["tickets"], "--contract", files["contract"],
             "--now", "2026-11-01T00:00:00Z", "--format", "csv", "--output", target], capsys),
        "row 50001, column opened_at", "no UTC offset",
        output=target,
    )  # fmt: skip


def test_an_internal_failure_is_one_line_and_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import slakit.cli

    def broken(_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(slakit.cli, "command_regions", broken)
    code, out, err = run(["regions"], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "internal error" in err and "boom" in err


def test_demo_prints_deadlines_compliance_and_a_statement(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["demo"], capsys)
    assert code == 0, err
    assert "Deadlines for a few tickets in each region" in out
    for region in ("amsterdam", "austin", "dublin", "singapore"):
        assert f"\n{region} " in out
    assert "Compliance in October 2026, per tier and severity" in out
    for tier in ("premier", "standard", "basic", "platinum", "gold", "silver"):
        assert f"\n{tier} " in out
    assert "Service credits for October 2026" in out


def test_demo_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["demo", "--format", "json"], capsys)
    assert code == 0
    deadlines, report, statement = json.loads(out)
    assert len(deadlines) == 8  # one contract of each framework in each of four regions
    assert report["by"] == ["tier", "severity"]
    assert statement["framework"] == "kmp" and statement["tier"] == "premier"


def test_demo_with_a_missing_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["demo", "--data", tmp_path / "nowhere"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "nowhere" in err


def test_schema_of_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and "tiers" in json.loads(out)["properties"]
