"""The ``slakit`` command on real files in a temporary folder.

Every command is run in-process through ``slakit.cli.main`` (the same code
the console script calls); one test runs ``python -m slakit`` for real.
Bad input must give exit status 2, exactly one line on stderr that names
the file, row and field, and no output at all (no half-written file).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from slakit.cli import main
from slakit.clock import STATUS_COLUMNS, status_schema
from slakit.sla import sla_event_schema

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


def evaluate(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], now: str, *more: str | Path
) -> tuple[int, str, str]:
    """``slakit evaluate`` on the ``files`` fixture's tickets and contract at ``now``."""
    return run(
        ["evaluate", files["tickets"], "--contract", files["contract"], "--now", now, *more], capsys
    )


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
    # Targets as text, durations as milliseconds and exact text (see docs/concepts.md).
    assert [item["target"] for item in data] == ["15m 24x7", "4h 24x7"]
    assert data[1]["target_length"] == {"ms": 14_400_000, "text": "4h"}


def test_evaluate_writes_one_row_per_ticket(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["evaluate", files["tickets"], "--events", files["events"], "--contract",
         files["contract"], "--now", "2026-10-08T00:00:00+00:00", "--format", "csv"],
        capsys,
    )  # fmt: skip
    assert code == 0
    reader = csv.DictReader(out.splitlines())
    rows = list(reader)
    # The columns are the fields' names in Python, JSON and DataFrames.
    assert tuple(reader.fieldnames or ()) == STATUS_COLUMNS
    assert [row["ticket_id"] for row in rows] == ["T-1", "T-2", "T-3"]
    # T-1: Sev1 answered after 2 h against a 15-minute 24x7 target.
    assert rows[0]["response_met"] == "false"
    assert rows[0]["response_target"] == "15m 24x7"
    assert rows[0]["response_elapsed"] == "2h"
    assert rows[0]["response_remaining"] == "-1h 45m"
    # T-2 was upgraded to SEV1 after its response: the response keeps its verdict.
    assert rows[1]["severity"] == "SEV1"
    assert rows[1]["response_met"] == "true"
    assert rows[2]["resolution_stopped_at"] == ""


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
    assert code == 0 and out.splitlines()[0].startswith(
        "month,contract,customer,kind,reason,amount"
    )


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
        evaluate(files, capsys, "2026-10-08T00:00:00Z"),
        "tickets.csv", "missing column opened_at",
    )  # fmt: skip


def test_naive_timestamp_names_the_row(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files["tickets"].write_text(TICKETS + "T-4,sev2,2026-10-08T09:00:00,,\n")
    target = tmp_path / "out.csv"
    assert_bad_input(
        evaluate(files, capsys, "2026-10-09T00:00:00Z", "--output", target),
        "tickets.csv, row 5, column opened_at", "no UTC offset",
        output=target,
    )  # fmt: skip


def test_naive_now_argument(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        evaluate(files, capsys, "2026-10-09T00:00:00"),
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
        evaluate(files, capsys, "2026-10-08T00:00:00Z"),
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
    files["events"].write_text(EVENTS + "T-2,2026-10-06T14:00:00+00:00,snoozed,\n")
    assert_bad_input(
        evaluate(files, capsys, "2026-10-08T00:00:00Z", "--events", files["events"]),
        "events.csv, row 5, column kind", "'snoozed' is not an event",
    )  # fmt: skip
    files["events"].write_text("ticket_id,at,kind,value\nT-3,2026-10-07T10:00:00+01:00,resumed,\n")
    assert_bad_input(
        evaluate(files, capsys, "2026-10-08T00:00:00Z", "--events", files["events"]),
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
        evaluate(files, capsys, "2026-11-01T00:00:00Z", "--format", "csv", "--output", target),
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
    assert "Month-end 2026-10: 24 customers" in out
    assert "Total USD: 15 customers" in out and "Total EUR: 6 customers" in out
    assert "Scorecard October 2026: " in out and "Downtime budget 2026" in out


def test_demo_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["demo", "--format", "json"], capsys)
    assert code == 0
    deadlines, report, summary, statement, card = json.loads(out)
    assert len(summary["summary"]) == 24
    assert len(deadlines) == 8  # one contract of each framework in each of four regions
    assert report["by"] == ["tier", "severity"]
    assert statement["framework"] == "kmp" and statement["tier"] == "premier"
    # The same customer's scorecard: every KMP objective, one row each.
    assert card["contracts"] == [statement["contract"]]
    assert len(card["rows"]) == 15 and card["period"]["kind"] == "month"


def test_demo_with_a_missing_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["demo", "--data", tmp_path / "nowhere"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "nowhere" in err


def test_schema_of_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and "tiers" in json.loads(out)["properties"]


def test_schema_of_sla_events_is_sla_event_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema", "--kind", "event"], capsys)
    assert code == 0 and json.loads(out) == sla_event_schema()
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_of_statuses_is_status_schema(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["schema", "--kind", "status"], capsys)
    assert code == 0 and json.loads(out) == status_schema()
    code, out, _ = run(["evaluate", files["tickets"], "--contract", files["contract"],
                        "--now", "2026-10-08T00:00:00Z", "--format", "json"], capsys)  # fmt: skip
    assert code == 0
    validator = jsonschema.Draft202012Validator(status_schema())
    assert [list(validator.iter_errors(item)) for item in json.loads(out)] == [[], [], []]


# -- output files ------------------------------------------------------------------------------

EVALUATE = ["evaluate", "{tickets}", "--contract", "{contract}", "--now", "2026-10-08T00:00:00Z",
            "--format", "csv"]  # fmt: skip


def evaluate_args(files: dict[str, Path], *extra: object) -> list[object]:
    return [arg.format(**files) for arg in EVALUATE] + list(extra)


def test_output_through_a_symlink_writes_the_file_it_points_to(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "reports" / "statuses.csv"
    real.parent.mkdir()
    real.write_text("last month\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    code, out, err = run(evaluate_args(files, "--output", link), capsys)
    assert (code, out, err) == (0, "", "")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (
        real.read_text()
        .splitlines()[0]
        .startswith("ticket_id,framework,tier,compliance_goal,severity")
    )


@pytest.mark.parametrize("kind", ["directory", "fifo", "device", "symlink to a fifo"])
def test_an_output_that_is_not_a_regular_file_is_refused(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    if kind == "directory":
        target = tmp_path / "out"
        target.mkdir()
        reason = "it is a directory, not a file"
    elif kind == "device":
        target = Path("/dev/null")
        reason = "it is a character device, not a regular file"
    else:
        target = tmp_path / "pipe"
        os.mkfifo(target)
        reason = "it is a FIFO (named pipe), not a regular file"
        if kind == "symlink to a fifo":
            target = tmp_path / "link"
            target.symlink_to(tmp_path / "pipe")
    assert_bad_input(run(evaluate_args(files, "-o", target), capsys),
                     f"slakit: cannot write {target}: {reason}")  # fmt: skip
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("*/.*.tmp"))
    if kind == "directory":
        assert target.is_dir() and list(target.iterdir()) == []
    elif kind == "device":
        assert stat.S_ISCHR(os.stat(target).st_mode)
    else:
        assert stat.S_ISFIFO(os.stat(target).st_mode)


@pytest.mark.parametrize("key", ["contract", "tickets", "events", "outages", "maintenance"])
def test_an_output_equal_to_an_input_is_refused(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], key: str
) -> None:
    before = files[key].read_bytes()
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "2026-10",
             "--tickets", files["tickets"], "--events", files["events"],
             "--outages", files["outages"], "--maintenance", files["maintenance"],
             "--output", files[key]], capsys),
        f"slakit: cannot write {files[key]}: it is the input file {files[key]}; "
        "write the output to another file",
    )  # fmt: skip
    assert files[key].read_bytes() == before


def test_an_output_that_is_an_input_under_another_name_is_refused(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    link = tmp_path / "link.csv"
    link.symlink_to(files["tickets"])
    monkeypatch.chdir(tmp_path)
    for output in (
        link,
        Path("tickets.csv"),
        tmp_path / "." / ".." / tmp_path.name / "tickets.csv",
    ):
        assert_bad_input(run(evaluate_args(files, "-o", output), capsys),
                         f"cannot write {output}: it is the input file")  # fmt: skip
    assert files["tickets"].read_text() == TICKETS


def test_the_demo_never_overwrites_its_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from slakit import example_data

    shutil.copytree(example_data.data_dir(), tmp_path / "data")
    tickets = tmp_path / "data" / "tickets.csv"
    before = tickets.read_bytes()
    assert_bad_input(run(["demo", "--data", tmp_path / "data", "-o", tickets], capsys),
                     f"cannot write {tickets}: it is the input file")  # fmt: skip
    assert tickets.read_bytes() == before


def test_an_empty_output_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["regions", "-o", ""], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "slakit regions: argument --output/-o: an empty file name; give a file name, or leave "
        "out --output to write to stdout (see slakit regions --help)\n"
    )


def test_an_output_name_ending_in_a_separator_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = f"{tmp_path}{os.sep}newdir{os.sep}"
    code, out, err = run(["regions", "-o", target], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"slakit regions: argument --output/-o: {target} ends with {os.sep}, so it names a "
        "folder; give a file name (see slakit regions --help)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_output_in_a_missing_folder_names_the_users_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "regions.csv"
    assert_bad_input(
        run(["regions", "-o", target], capsys),
        f"slakit: cannot write {target}: the folder {target.parent} does not exist",
    )


def test_output_modes_follow_the_umask_or_the_replaced_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = os.umask(0o027)
    try:
        assert run(["regions", "-o", tmp_path / "new.csv"], capsys)[0] == 0
        kept = tmp_path / "kept.csv"
        kept.write_text("old\n")
        kept.chmod(0o604)
        assert run(["regions", "-o", kept], capsys)[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640  # 0o666 less the umask
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604
    assert kept.read_text().startswith("Support regions\n")


# -- standard streams --------------------------------------------------------------------------


def slakit_process(
    args: list[object], redirect: str = "", **options: object
) -> subprocess.CompletedProcess[str]:
    """``python -m slakit ARGS`` run by sh, with ``redirect`` (e.g. ``2>&-``) applied to it."""
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {redirect}', "sh", sys.executable, "-m", "slakit",
         *map(str, args)],
        capture_output=True, text=True, check=False, timeout=60, **options,  # type: ignore[call-overload]
    )  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["calendar", "paris", "--year", "2026"],  # a slakit error
        ["calendar", "dublin", "--year", "3000"],  # a usage error from argparse
        ["credits", "--contract", "nope.toml", "--month", "2026-10"],  # a missing file
        ["credits", "--contract", "{contract}", "--month", "2026-10", "--events",
         "{events}"],  # a missing option
        ["regions", "-o", "/dev/null"],  # an output refused
    ],
    ids=["slakit error", "argparse", "missing file", "missing option", "refused output"],
)  # fmt: skip
def test_with_stderr_closed_errors_never_reach_stdout(
    files: dict[str, Path], args: list[str]
) -> None:
    result = slakit_process([arg.format(**files) for arg in args], "2>&-")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "")


def test_with_stderr_closed_an_output_file_is_still_written(
    files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "regions.csv"
    result = slakit_process(["regions", "--format", "csv", "-o", target], "2>&-")
    assert (result.returncode, result.stdout) == (0, "")
    assert target.read_text().splitlines()[0] == "region,city,timezone,holidays,coverages"


def test_with_stdout_closed_the_error_goes_to_stderr() -> None:
    result = slakit_process(["regions"], ">&-")
    assert result.returncode == 2
    assert result.stderr == (
        "slakit: standard output is closed; give --output FILE to write a file\n"
    )


def test_a_reader_that_goes_away_ends_slakit_quietly_with_status_141() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "slakit", "schema"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as child:  # fmt: skip
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # before slakit has written anything: every write fails
        err = child.stderr.read()
        child.wait(timeout=60)
    assert (child.returncode, err) == (141, "")


def test_a_stdout_that_cannot_show_the_output(files: dict[str, Path]) -> None:
    files["tickets"].write_text(TICKETS.replace("T-3", "T-é"))
    result = slakit_process(evaluate_args(files), env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        # stderr is ascii too: Python shows the character escaped there.
        "slakit: standard output cannot show '\\xe9' (its encoding is ascii); give --output FILE "
        "(always UTF-8) or set PYTHONIOENCODING=utf-8\n"
    )


# -- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "why"),
    [("--events", "events are read for the tickets they name"),
     ("--now", "it is the instant the tickets are evaluated at")],
)  # fmt: skip
def test_credits_options_that_need_tickets(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], option: str, why: str
) -> None:
    value = files["events"] if option == "--events" else "2026-10-31T00:00:00Z"
    code, out, err = run(["credits", "--contract", files["contract"], "--month", "2026-10",
                          option, value], capsys)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"slakit credits: argument {option}: needs --tickets ({why}) (see slakit credits --help)\n"
    )


@pytest.mark.parametrize(
    ("year", "message"),
    [("0", "0 is not a year slakit's calendars cover"),
     ("1899", "1899 is not a year slakit's calendars cover"),
     ("3000", "3000 is not a year slakit's calendars cover"),
     ("99999999", "99999999 is not a year slakit's calendars cover"),
     ("-1", "-1 is not a year slakit's calendars cover"),
     ("twenty", "'twenty' is not a year"),
     ("", "'' is not a year")],
)  # fmt: skip
def test_calendar_years_outside_1900_to_2999(
    capsys: pytest.CaptureFixture[str], year: str, message: str
) -> None:
    code, out, err = run(["calendar", "dublin", f"--year={year}"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"slakit calendar: argument --year: {message}; give a year from 1900 to 2999 "
        "(see slakit calendar --help)\n"
    )


@pytest.mark.parametrize(
    ("region", "year", "known"),
    [("dublin", "2101", "IE holidays for 2101; it has them for 1872 to 2100"),
     ("amsterdam", "1950", "NL holidays for 1950; it has them for 1966 to 2100")],
)  # fmt: skip
def test_calendar_year_without_holiday_data_is_one_line(
    capsys: pytest.CaptureFixture[str], region: str, year: str, known: str
) -> None:
    # The holidays package has Irish holidays up to 2100 and Dutch ones from 1966 on.
    assert_bad_input(run(["calendar", region, "--year", year], capsys), f"no {known}")


def test_an_input_that_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_bad_input(
        run(["credits", "--contract", tmp_path, "--month", "2026-10"], capsys),
        f"slakit credits: argument --contract: {tmp_path}: is a directory, not a file",
    )  # fmt: skip


def test_demo_data_that_is_not_a_folder(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_bad_input(run(["demo", "--data", files["contract"]], capsys),
                     f"argument --data: {files['contract']}: not a folder")  # fmt: skip


def test_inputs_from_pipes_are_read(files: dict[str, Path]) -> None:
    # As `slakit credits --contract <(...) --tickets <(...)` passes them: /dev/fd/N.
    pipes = []
    for key in ("contract", "tickets"):
        read, write = os.pipe()
        os.write(write, files[key].read_bytes())
        os.close(write)
        pipes.append(read)
    try:
        result = slakit_process(
            ["credits", "--contract", f"/dev/fd/{pipes[0]}", "--month", "2026-10",
             "--tickets", f"/dev/fd/{pipes[1]}", "--format", "json"],
            pass_fds=pipes,
        )  # fmt: skip
    finally:
        for descriptor in pipes:
            os.close(descriptor)
    assert result.returncode == 0, result.stderr
    # T-1: Sev1 answered after 2 h (over the 1-hour KMP threshold) → USD 5,000.
    statement = json.loads(result.stdout)
    assert statement["total"] == {"amount": "5000.00", "currency": "USD"}
    # A pipe is read once: its digest is of the bytes slakit read, not of an empty rest.
    recorded = {item["role"]: item for item in statement["provenance"]["inputs"]}
    for key in ("contract", "tickets"):
        data = files[key].read_bytes()
        assert recorded[key]["sha256"] == hashlib.sha256(data).hexdigest()
        assert recorded[key]["bytes"] == len(data)


def test_an_unreadable_input(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import slakit.cli

    # The tests may run as root, whom no permission stops: ask os.access to say no.
    monkeypatch.setattr(slakit.cli.os, "access", lambda path, mode: False)
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "2026-10"], capsys),
        f"argument --contract: {files['contract']}: permission denied (the file is not readable)",
    )


def test_ctrl_c_is_status_130_and_silent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import slakit.cli

    def interrupted(_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(slakit.cli, "command_regions", interrupted)
    assert run(["regions"], capsys) == (130, "", "")


# -- reading (slakit.data_files / policy_files through the command) -----------------------------


def test_a_date_alone_as_now_gets_a_fix_that_works(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["evaluate", files["tickets"], "--contract", files["contract"], "--format", "csv"]
    assert_bad_input(
        run([*base, "--now", "2026-10-09"], capsys),
        "argument --now: '2026-10-09' has no UTC offset; "
        "write e.g. 2026-10-09T00:00:00+00:00 or 2026-10-09T00:00:00Z",
    )
    for fix in ("2026-10-09T00:00:00+00:00", "2026-10-09T00:00:00Z"):
        assert run([*base, "--now", fix], capsys)[0] == 0


def test_a_ticket_opened_after_now_names_the_file_and_row(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # T-3 opens 2026-10-07 08:00 UTC, after --now.
    assert_bad_input(
        evaluate(files, capsys, "2026-10-07T00:00:00Z"),
        f"{files['tickets']}, row 4, column opened_at: now (2026-10-07T00:00:00+00:00) is before "
        "ticket T-3 was opened (2026-10-07T09:00:00+01:00)",
    )  # fmt: skip


def test_an_instant_in_year_3000_names_file_row_and_column(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    files["tickets"].write_text(TICKETS + "T-4,sev2,3000-01-01T09:00:00+00:00,,\n")
    assert_bad_input(
        evaluate(files, capsys, "2026-10-09T00:00:00Z"),
        f"{files['tickets']}, row 5, column opened_at: 3000-01-01T09:00:00+00:00 is in the year "
        "3000, outside the years slakit computes (1900 to 2999)",
    )  # fmt: skip


def test_a_stray_quote_in_an_outage_description_is_exit_2_not_a_smaller_credit(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Read loosely, O-2 (an hour down) would vanish into O-1's description: USD 0.00, exit 0.
    files["outages"].write_text(
        "id,start,end,description\n"
        'O-1,2026-10-06T14:00:00Z,2026-10-06T14:10:00Z,"core db\n'
        "O-2,2026-10-20T09:00:00Z,2026-10-20T10:00:00Z,network switch replaced\n"
    )
    assert_bad_input(
        run(["credits", "--contract", files["contract"], "--month", "2026-10",
             "--outages", files["outages"]], capsys),
        f"{files['outages']}, row 2, column description: a quoted value starts here and is "
        'never closed (an unbalanced ")',
    )  # fmt: skip


def test_a_contract_with_a_byte_order_mark_and_a_repeated_json_key(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files["contract"].write_bytes(b"\xef\xbb\xbf" + CONTRACT.encode())
    base = ["credits", "--month", "2026-10", "--outages", files["outages"]]
    assert run([*base, "--contract", files["contract"]], capsys)[0] == 0
    repeated = tmp_path / "contract.json"
    repeated.write_text('{"framework": "kmp", "tier": "premier", "tier": "basic"}')
    assert_bad_input(
        run([*base, "--contract", repeated], capsys),
        f"{repeated}: not valid JSON: the key 'tier' appears twice in one object",
    )


# -- many customers: credits on a mixed file, month-end -----------------------------------------

BOOK_CONTRACTS = {
    "acme": CONTRACT,
    "globex": """\
framework = "kmp"
tier = "basic"
region = "austin"
monthly_fee = "USD 4,000"
billing_timezone = "America/Chicago"
customer = "Globex"
""",
}

BOOK_TICKETS = """\
id,contract,severity,opened_at,first_response_at,resolved_at
T-1,acme,sev1,2026-10-05T09:00:00+00:00,2026-10-05T11:00:00+00:00,2026-10-05T12:00:00+00:00
T-2,globex,sev1,2026-10-06T15:00:00+00:00,2026-10-07T20:00:00+00:00,
T-3,globex,sev2,2026-10-07T15:00:00+00:00,2026-10-07T15:30:00+00:00,
"""

BOOK_EVENTS = """\
ticket_id,at,kind,value
T-3,2026-10-07T16:00:00+00:00,paused,
"""

BOOK_OUTAGES = """\
id,start,end,contracts,description
O-1,2026-10-10T00:00:00+00:00,2026-10-10T01:00:00+00:00,,everyone
O-2,2026-10-12T00:00:00+00:00,2026-10-12T02:00:00+00:00,globex,globex only
"""


@pytest.fixture
def book(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "contracts"
    folder.mkdir()
    for name, text in BOOK_CONTRACTS.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    paths = {"contracts": folder}
    for key, text in (("tickets", BOOK_TICKETS), ("events", BOOK_EVENTS),
                      ("outages", BOOK_OUTAGES)):  # fmt: skip
        paths[key] = tmp_path / f"{key}.csv"
        paths[key].write_text(text, encoding="utf-8")
    return paths


def month_end_args(book: dict[str, Path], *extra: object) -> list[object]:
    return ["month-end", "--contracts", book["contracts"], "--month", "2026-10",
            "--tickets", book["tickets"], "--events", book["events"],
            "--outages", book["outages"], *extra]  # fmt: skip


def test_credits_counts_only_the_contracts_own_tickets(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["credits", "--contract", book["contracts"] / "acme.toml", "--month", "2026-10",
         "--tickets", book["tickets"], "--events", book["events"], "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    # T-2 and T-3 are Globex's (T-3's event is left out with it): never charged to Acme.
    assert "left out 2 tickets of 1 other contract (globex)" in err
    assert "counted the 1 ticket of acme" in err
    statement = json.loads(out)
    assert [line["tickets"] for line in statement["lines"]] == [["T-1"]]
    assert statement["total"]["amount"] == "5000.00"


def test_credits_explain_prints_the_worked_calculation(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["credits", "--contract", book["contracts"] / "acme.toml", "--month", "2026-10",
         "--tickets", book["tickets"], "--outages", book["outages"], "--explain"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    for fragment in ("T-1", "O-1", "USD 20,000", "USD 7,000.00"):
        assert fragment in out, out
    assert "O-2" not in out  # Globex's outage does not hit Acme


def test_credits_explain_is_text_only(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_bad_input(
        run(["credits", "--contract", book["contracts"] / "acme.toml", "--month", "2026-10",
             "--explain", "--format", "json"], capsys),
        "argument --explain: not with --format",
    )  # fmt: skip


def test_month_end_summary(book: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(month_end_args(book, "--format", "csv"), capsys)
    assert code == 0, err
    rows = {row["contract"]: row for row in csv.DictReader(out.splitlines())}
    assert sorted(rows) == ["acme", "globex"]
    # Acme: O-1 (1 h of 744 h) → 99.865% < 99.9% → 10% of 20,000 = 2,000; T-1 → 5,000.
    assert (rows["acme"]["availability_credit"], rows["acme"]["incident_credit"],
            rows["acme"]["total"]) == ("2000.00", "5000.00", "7000.00")  # fmt: skip
    # Globex (Basic, billed in Chicago): O-1 and O-2, 3 h of 744 h → 99.596% → 10% of 4,000
    # = 400; T-2, a SEV1 answered after 29 h (4 business hours was its target) → 5,000;
    # 5,400 is capped at the fee, 4,000.
    assert (rows["globex"]["availability_credit"], rows["globex"]["incident_credit"],
            rows["globex"]["adjustment"], rows["globex"]["total"], rows["globex"]["capped"]) == (
        "400.00", "5000.00", "-1400.00", "4000.00", "yes")  # fmt: skip


def test_month_end_table_has_totals_per_currency(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(month_end_args(book), capsys)
    assert code == 0, err
    assert "Month-end 2026-10: 2 customers" in out
    assert "Total USD: 2 customers, fees USD 24,000.00, credits owed USD 11,000.00" in out


def test_month_end_out_writes_every_file_and_is_reproducible(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        code, _, err = run(month_end_args(book, "--out", folder), capsys)
        assert code == 0, err
        assert f"to {folder}" in err
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(
        ["_summary.txt", "_summary.csv", "_summary.json", "_totals.csv"]
        + [f"{name}{suffix}" for name in ("acme", "globex")
           for suffix in (".json", ".statement.csv", ".evidence.csv", ".compliance.csv",
                          ".explain.txt")]
    )  # fmt: skip
    for name in names:  # the same inputs give byte-identical files
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    statement = json.loads((first / "acme.json").read_text())["statement"]
    roles = {item["role"]: item for item in statement["provenance"]["inputs"]}
    assert set(roles) == {"contract", "tickets", "events", "outages"}
    assert roles["contract"]["name"] == "acme.toml"
    digest = hashlib.sha256(book["tickets"].read_bytes()).hexdigest()
    assert roles["tickets"]["sha256"] == digest


def test_month_end_out_refuses_a_folder_with_files(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "old"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    assert_bad_input(run(month_end_args(book, "--out", target), capsys), "is not empty")
    assert [path.name for path in target.iterdir()] == ["keep.txt"]


def test_month_end_refuses_a_ticket_of_an_unknown_contract(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    book["tickets"].write_text(BOOK_TICKETS + "T-4,initech,sev2,2026-10-08T09:00:00Z,,\n")
    assert_bad_input(run(month_end_args(book), capsys),
                     f"{book['tickets']}, row 5", "column contract", "initech")  # fmt: skip


def test_month_end_needs_the_contract_column(
    book: dict[str, Path], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    book["tickets"] = files["tickets"]  # no contract column
    book["events"] = files["events"]
    assert_bad_input(run(month_end_args(book), capsys), "contract")


def test_month_end_refuses_an_outage_naming_an_unknown_contract(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    book["outages"].write_text(BOOK_OUTAGES + "O-3,2026-10-13T00:00:00Z,2026-10-13T01:00:00Z,"
                               "initech,typo\n")  # fmt: skip
    assert_bad_input(run(month_end_args(book), capsys),
                     f"{book['outages']}, row 4, column contracts", "'initech'")  # fmt: skip


def test_month_end_out_and_output_together_is_a_usage_error(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_bad_input(
        run(month_end_args(book, "--out", tmp_path / "a", "--output", tmp_path / "b.txt"), capsys),
        "argument --out: not with --output",
    )


def test_month_end_of_an_empty_contracts_folder(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    book["contracts"] = empty
    assert_bad_input(run(month_end_args(book), capsys), "no contract files")


def test_the_example_liffey_statement_from_the_mixed_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The issue's command: all 24 customers' tickets in one file, one contract given.
    from slakit.example_data import data_dir

    folder = data_dir()
    code, out, err = run(
        ["credits", "--contract", folder / "contracts" / "kmp-premier-dublin.toml",
         "--month", "2026-10", "--tickets", folder / "tickets.csv",
         "--events", folder / "events.csv", "--outages", folder / "outages.csv",
         "--maintenance", folder / "maintenance.csv", "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "left out" in err and "other contracts" in err
    statement = json.loads(out)
    assert statement["customer"] == "Liffey Payments Ltd"
    assert statement["total"] == {"amount": "6250.00", "currency": "USD"}


def test_credits_refuses_an_empty_contract_cell_in_a_file_that_names_contracts(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # It would otherwise be charged to every contract the file is run for.
    book["tickets"].write_text(BOOK_TICKETS + "T-4,,sev1,2026-10-08T09:00:00Z,,\n")
    assert_bad_input(
        run(["credits", "--contract", book["contracts"] / "acme.toml", "--month", "2026-10",
             "--tickets", book["tickets"]], capsys),
        f"{book['tickets']}, row 5", "column contract: is empty",
    )  # fmt: skip


def test_credits_refuses_a_contract_that_no_ticket_names(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A renamed contract file has another id: its tickets would all be left out.
    renamed = tmp_path / "liffey.toml"
    renamed.write_text(BOOK_CONTRACTS["acme"])
    assert_bad_input(
        run(["credits", "--contract", renamed, "--month", "2026-10", "--tickets",
             book["tickets"]], capsys),
        "no ticket names the contract 'liffey'", "acme, globex", "liffey.toml",
    )  # fmt: skip


def test_credits_reads_nothing_of_another_contracts_tickets(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Globex's broken event and its ticket opened after --now do not concern Acme.
    book["events"].write_text(BOOK_EVENTS + "T-3,2026-10-07T17:00:00+00:00,resumed,\n"
                              "T-2,2026-10-07T17:00:00+00:00,bogus,\n")  # fmt: skip
    code, out, err = run(
        ["evaluate", book["tickets"], "--events", book["events"], "--contract",
         book["contracts"] / "acme.toml", "--now", "2026-10-06T00:00:00Z", "--format", "csv"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert [row["ticket_id"] for row in csv.DictReader(out.splitlines())] == ["T-1"]


def test_credits_notes_what_it_left_out(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["credits", "--contract", book["contracts"] / "acme.toml", "--month", "2026-10",
         "--tickets", book["tickets"], "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert any("left out 2 tickets of 1 other contract" in note
               for note in json.loads(out)["notes"])  # fmt: skip


@pytest.mark.parametrize("month", ["2026-1", " 2026-10", "2026-13", "26-10"])
def test_a_month_is_written_yyyy_mm(
    book: dict[str, Path], month: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = month_end_args(book)
    args[args.index("2026-10")] = month
    assert_bad_input(run(args, capsys), "argument --month")


def test_month_end_out_prints_nothing_on_stdout(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(month_end_args(book, "--out", tmp_path / "october"), capsys)
    assert code == 0 and out == ""
    assert "wrote 14 files for 2 customers" in err
    assert "Month-end 2026-10: 2 customers" in (tmp_path / "october" / "_summary.txt").read_text()


def test_month_end_refuses_a_contract_without_a_fee_naming_its_file(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = book["contracts"] / "initech.toml"
    path.write_text('framework = "kmp"\ntier = "basic"\nregion = "dublin"\n')
    assert_bad_input(run(month_end_args(book), capsys), f"{path}: the contract has no monthly_fee")


def test_month_end_refuses_a_breach_naming_no_contract(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaches = tmp_path / "breaches.csv"
    breaches.write_text("at,id,contracts\n2026-10-14T09:00:00Z,SEC-1,\n")
    assert_bad_input(run(month_end_args(book, "--security-breaches", breaches), capsys),
                     f"{breaches}, row 2, column contracts: is empty")  # fmt: skip


def test_month_end_charges_a_named_breach(
    book: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaches = tmp_path / "breaches.csv"
    breaches.write_text("at,id,contracts\n2026-10-14T09:00:00Z,SEC-1,globex\n")
    code, out, err = run(month_end_args(book, "--security-breaches", breaches, "--format", "csv"),
                         capsys)  # fmt: skip
    assert code == 0, err
    rows = {row["contract"]: row for row in csv.DictReader(out.splitlines())}
    assert rows["globex"]["security_breach_credit"] == "4000.00"
    assert rows["acme"]["security_breach_credit"] == "0.00"


def test_month_end_refuses_an_outage_naming_an_unknown_service(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    book["outages"].write_text("id,start,end,services\n"
                               "O-9,2026-10-13T00:00:00Z,2026-10-13T01:00:00Z,apii\n")  # fmt: skip
    assert_bad_input(run(month_end_args(book), capsys),
                     f"{book['outages']}, row 2, column services", "'apii'")  # fmt: skip


def test_month_end_output_is_the_same_in_another_process(
    book: dict[str, Path], tmp_path: Path
) -> None:
    # Same inputs, another interpreter with another hash seed: byte-identical files.
    folders = []
    for seed in ("1", "2"):
        folder = tmp_path / f"run-{seed}"
        result = slakit_process(month_end_args(book, "--out", folder),
                                env={**os.environ, "PYTHONHASHSEED": seed})  # fmt: skip
        assert result.returncode == 0, result.stderr
        folders.append(folder)
    names = sorted(path.name for path in folders[0].iterdir())
    assert names == sorted(path.name for path in folders[1].iterdir())
    for name in names:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


# -- streaming: evaluate and month-end over many tickets -----------------------------------------


def write_ticket_timelines(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` tickets of every severity, half of them paused and resumed in the events
    file (one pause pair each), some answered and resolved in their own columns."""
    tickets = ["id,severity,opened_at,first_response_at,resolved_at"]
    events = ["ticket_id,at,kind,severity"]
    for number in range(count):
        day, minute = 1 + number % 28, number % 600
        opened = f"2026-10-{day:02d}T{6 + minute // 60:02d}:{minute % 60:02d}:00+00:00"
        answered = opened.replace("+00:00", "+02:00") if number % 3 else ""  # 2 h earlier
        answered = answered and f"2026-10-{day:02d}T{20 + number % 3}:00:00+00:00"
        resolved = f"2026-10-{day + 1:02d}T08:00:00+00:00" if number % 5 == 0 else ""
        tickets.append(f"T-{number},sev{1 + number % 4},{opened},{answered},{resolved}")
        if number % 2:
            events.append(f"T-{number},2026-10-{day:02d}T22:30:00+00:00,paused,")
            events.append(f"T-{number},2026-10-{day + 1:02d}T07:00:00+00:00,resumed,")
    (folder / "many.csv").write_text("\n".join(tickets) + "\n")
    (folder / "many-events.csv").write_text("\n".join(events) + "\n")
    return folder / "many.csv", folder / "many-events.csv"


def reference_output(tickets: Path, events: Path, contract: Path, now: str, form: str) -> str:
    """``slakit evaluate``'s output as the command built it before it streamed: every
    status in a list, rendered whole (the oracle of the streamed output)."""
    from slakit import evaluate as evaluate_ticket
    from slakit._time import parse_instant
    from slakit.cli import Section, _table
    from slakit.clock import status_record
    from slakit.csv_text import csv_text
    from slakit.data_files import read_tickets
    from slakit.policy_files import load_contract

    terms = load_contract(contract)
    at = parse_instant(now, "now")
    statuses = [evaluate_ticket(t, terms, at) for t in read_tickets(tickets, events, now=at)]
    if form == "json":
        return json.dumps([s.model_dump(mode="json") for s in statuses], indent=2) + "\n"
    if form == "csv":
        records = map(status_record, statuses)
        return csv_text(STATUS_COLUMNS, ([r[name] for name in STATUS_COLUMNS] for r in records))
    rows = []
    for s in statuses:
        cells = [s.ticket_id, s.severity.value]
        for m in s.metrics():
            seconds = int(m.remaining.total_seconds())
            sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
            cells += [m.state.value,
                      "" if m.due_at is None else m.due_at.isoformat(sep=" ", timespec="seconds"),
                      f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}", f"{m.percent_used}%",
                      {True: "yes", False: "no", None: "-"}[m.met]]  # fmt: skip
        rows.append(cells)
    columns = ["ticket", "severity"] + [
        f"{metric}{suffix}" for metric in ("response", "resolution")
        for suffix in ("", " due", " left", " used", " met")
    ]  # fmt: skip
    return _table(Section(title="", columns=columns, rows=rows))


@pytest.mark.parametrize("form", ["table", "csv", "json"])
def test_streamed_evaluate_is_the_whole_output_byte_for_byte(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    tickets, events = write_ticket_timelines(tmp_path, 2_500)  # more than one block of rows
    now = "2026-11-01T00:00:00-05:00"
    expected = reference_output(tickets, events, files["contract"], now, form)
    code, out, err = run(["evaluate", tickets, "--events", events, "--contract",
                          files["contract"], "--now", now, "--format", form], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == expected
    target = tmp_path / f"out.{form}"
    code, out, err = run(["evaluate", tickets, "--events", events, "--contract",
                          files["contract"], "--now", now, "--format", form, "-o", target],
                         capsys)  # fmt: skip
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [("json", "[]\n"), ("csv", ",".join(STATUS_COLUMNS) + "\n"),
     ("table", "ticket  severity  response  response due  response left  response used  "
               "response met  resolution  resolution due  resolution left  resolution used  "
               "resolution met\n------  --------  --------  ------------  -------------  "
               "-------------  ------------  ----------  --------------  ---------------  "
               "---------------  --------------\n")],
)  # fmt: skip
def test_evaluate_of_a_file_without_tickets(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], form: str, expected: str
) -> None:
    files["tickets"].write_text(TICKETS.splitlines()[0] + "\n")
    assert evaluate(files, capsys, "2026-11-01T00:00:00Z", "--format", form) == (0, expected, "")


def test_a_bad_row_after_many_leaves_nothing_on_stdout(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write_many_tickets(files["tickets"], 3_000, bad_row=2_990)  # after two blocks of output
    for form in ("csv", "json", "table"):
        assert_bad_input(
            evaluate(files, capsys, "2026-11-01T00:00:00Z", "--format", form),
            "row 2992, column opened_at", "no UTC offset",
        )  # fmt: skip


def test_events_of_tickets_not_in_the_file_are_an_error_after_the_last_ticket(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets, events = write_ticket_timelines(tmp_path, 1_500)
    with events.open("a") as more:
        more.write("T-99999,2026-10-05T09:00:00Z,paused,\n")
    target = tmp_path / "out.csv"
    assert_bad_input(
        run(["evaluate", tickets, "--events", events, "--contract", files["contract"],
             "--now", "2026-11-01T00:00:00Z", "--format", "csv", "-o", target], capsys),
        "many-events.csv: events for tickets not in", "T-99999 (the first at row 1502)",
        output=target,
    )  # fmt: skip


class Terminal:
    """A stand-in for a terminal on stderr: keeps what is written, says it is a TTY."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return [part.strip() for text in self.written for part in text.split("\r")
                if part.strip()]  # fmt: skip


def test_progress_on_a_terminal_shows_events_evaluating_and_writing(
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tickets, events = write_ticket_timelines(tmp_path, 24_000)  # 24,000 event rows too
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["evaluate", str(tickets), "--events", str(events), "--contract",
                 str(files["contract"]), "--now", "2026-11-01T00:00:00Z"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and len(out.splitlines()) == 24_002
    shown = terminal.lines()
    assert "reading events: 24,000 rows" in shown
    assert "evaluating: 24,000 tickets" in shown
    assert "writing: 24,000 of 24,000 rows" in shown
    # In that order, and the line is wiped clean at the end (nothing left on the terminal).
    order = [shown.index(line) for line in ("reading events: 10,000 rows",
                                            "evaluating: 10,000 tickets",
                                            "writing: 10,000 of 24,000 rows")]  # fmt: skip
    assert order == sorted(order)
    assert terminal.written[-1].strip() == ""


def test_month_end_progress_shows_evaluating_then_customers(
    book: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["id,contract,severity,opened_at"]
    lines += [f"T-{n},{'acme' if n % 2 else 'globex'},sev3,2026-10-{1 + n % 28:02d}T09:00:00Z"
              for n in range(12_000)]  # fmt: skip
    book["tickets"].write_text("\n".join(lines) + "\n")
    book["events"].write_text("ticket_id,at,kind,severity\n")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main([str(arg) for arg in month_end_args(book, "--format", "csv")])
    assert code == 0, terminal.written
    shown = terminal.lines()
    assert "evaluating: 12,000 tickets" in shown
    assert any(line.startswith("month-end: customer 1 of 2") for line in shown)
    assert shown.index("evaluating: 12,000 tickets") < shown.index(
        next(line for line in shown if line.startswith("month-end: customer"))
    )
    csv_rows = {
        row["contract"]: row for row in csv.DictReader(capsys.readouterr().out.splitlines())
    }
    assert (csv_rows["acme"]["tickets"], csv_rows["globex"]["tickets"]) == ("6000", "6000")


def test_month_end_reports_a_bad_ticket_row_before_a_bad_outages_file(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # The tickets are read before the outages, as ever: their error comes first.
    good = book["tickets"].read_text()
    text = good.splitlines()
    text[-1] = text[-1].replace("+00:00", "").replace("Z", "")
    book["tickets"].write_text("\n".join(text) + "\n")
    book["outages"].write_text("id,start,end\nO-1,2026-10-10T00:00:00,2026-10-10T01:00:00Z\n")
    assert_bad_input(run(month_end_args(book), capsys), f"tickets.csv, row {len(text)}")
    book["tickets"].write_text(good)
    assert_bad_input(run(month_end_args(book), capsys), "outages.csv, row 2, column start")


def test_evaluate_keeps_no_status_per_ticket(files: dict[str, Path], tmp_path: Path) -> None:
    """Peak memory grows with the input file, not with a status (about 8 KB) per ticket:
    the difference between 1,200 tickets and 200 is well under 1 KB a ticket beyond
    what holding the input text costs."""
    import tracemalloc

    peaks = {}
    for count in (200, 1_200):
        folder = tmp_path / str(count)
        folder.mkdir()
        tickets, events = write_ticket_timelines(folder, count)
        target = folder / "out.json"  # the JSON of a status is the largest form
        tracemalloc.start()
        try:
            code = main(["evaluate", str(tickets), "--events", str(events), "--contract",
                         str(files["contract"]), "--now", "2026-11-01T00:00:00Z",
                         "--format", "json", "-o", str(target)])  # fmt: skip
            peaks[count] = (tracemalloc.get_traced_memory()[1],
                            tickets.stat().st_size + events.stat().st_size)  # fmt: skip
        finally:
            tracemalloc.stop()
        assert code == 0
    (small, small_input), (large, large_input) = peaks[200], peaks[1_200]
    # The input is held as its text and as lines: up to three copies while it is read.
    extra = (large - small) - 3 * (large_input - small_input)
    assert extra < 1_000 * 1024, f"{extra / 1_000:,.0f} bytes per ticket"


# -- scorecard ----------------------------------------------------------------------------------


def scorecard_args(files: dict[str, Path], *extra: object) -> list[object]:
    return ["scorecard", "--contract", files["contract"], "--period", "2026-10",
            "--tickets", files["tickets"], "--events", files["events"],
            "--outages", files["outages"], "--maintenance", files["maintenance"],
            *extra]  # fmt: skip


def test_scorecard_of_one_customer(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(scorecard_args(files, "--format", "csv"), capsys)
    assert code == 0, err
    rows = {row["objective"]: row for row in csv.DictReader(out.splitlines())}
    assert len(rows) == 15
    # Responses in October: T-1 (SEV1, 24x7) took 2 h; T-2 (SEV2, business hours in Dublin:
    # opened 10:00 local, answered 10:30) 30 minutes, and kept its SEV2 verdict when it was
    # raised to SEV1 later. Mean (7,200 + 1,800) / 2 = 4,500 s, more than 15 minutes.
    assert (rows["average-response-time"]["exact_value"],
            rows["average-response-time"]["result"]) == ("4500", "FAIL")  # fmt: skip
    # Only T-1 was resolved: 3 h, within 4 h on average.
    assert rows["average-resolution-time"]["exact_value"] == "10800"
    # SLA metrics: T-1 response (2 h > 15 m) missed, T-1 resolution (3 h) and T-2 response met.
    assert (rows["sla-compliance"]["exact_value"], rows["sla-compliance"]["missed"]) == (
        "2/3", "T-1 response",
    )  # fmt: skip
    # O-1 is down 00:00-01:00 on Oct 10 with 15 minutes of emergency maintenance: 45 minutes
    # down of October's 744 hours: (2,678,400 - 2,700) / 2,678,400 = 2,675,700 / 2,678,400
    # = 991/992 (both divided by 2,700).
    assert rows["availability"]["exact_value"] == "991/992"
    assert (rows["annual-downtime"]["exact_value"], rows["annual-downtime"]["window"]) == (
        "2700", "2026 to date",
    )  # fmt: skip
    # No satisfaction scores, latency, incidents or utilization: no data, said as such.
    for name in ("customer-satisfaction", "api-latency", "security-response", "team-utilization"):
        assert (rows[name]["result"], rows[name]["value"]) == ("no data", "-")


def test_scorecard_without_outages_or_breaches_says_no_data(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # No --outages, no --security-breaches: nothing is known about them, not a pass.
    args = ["scorecard", "--contract", files["contract"], "--period", "2026-10", "--format",
            "csv"]  # fmt: skip
    code, out, err = run(args, capsys)
    assert code == 0, err
    rows = {row["objective"]: row for row in csv.DictReader(out.splitlines())}
    for name in ("availability", "annual-downtime", "security-breaches"):
        assert (rows[name]["result"], rows[name]["exact_value"]) == ("no data", "")
    # A breaches file with only its header says there were none: 0, a pass.
    breaches = tmp_path / "breaches.csv"
    breaches.write_text("at,id,contracts\n", encoding="utf-8")
    code, out, err = run([*args, "--security-breaches", breaches], capsys)
    rows = {row["objective"]: row for row in csv.DictReader(out.splitlines())}
    assert (code, rows["security-breaches"]["result"], rows["security-breaches"]["value"]) == (
        0, "pass", "0",
    )  # fmt: skip


def test_scorecard_as_a_table_and_json(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(scorecard_args(files), capsys)
    assert code == 0
    assert out.startswith("Scorecard October 2026: Acme\n")
    assert "Downtime budget 2026 (annual-downtime): 8h 45m 36s a year" in out
    # 8h 45m 36s less 45 minutes: 8h 0m 36s left.
    assert "\n2026-10  45m       45m   8h 36s\n" in out
    code, out, _ = run(scorecard_args(files, "--format", "json"), capsys)
    from slakit.scorecard import Scorecard

    card = Scorecard.model_validate_json(out)
    assert card.row("availability").passed is False and card.budgets[0].used.seconds == 2700


def test_scorecard_of_a_book_for_a_quarter(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["scorecard", "--contracts", book["contracts"], "--period", "2026-Q4",
                          "--tickets", book["tickets"], "--events", book["events"],
                          "--outages", book["outages"], "--format", "json"], capsys)  # fmt: skip
    assert code == 0, err
    card = json.loads(out)
    assert card["scope"] == "book" and card["contracts"] == ["acme", "globex"]
    rows = {row["objective"]: row for row in card["rows"]}
    # globex was down 1 h + 2 h, acme 1 h: the worst contract decides.
    assert rows["availability"]["note"] == "the worst contract: globex"
    assert rows["annual-downtime"]["value"] == "10800"
    assert [budget["contract"] for budget in card["budgets"]] == ["acme", "globex"]


def test_scorecard_with_service_data(tmp_path: Path, files: dict[str, Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    incidents = tmp_path / "incidents.csv"
    incidents.write_text("id,detected_at,responded_at\n"
                         "SI-1,2026-10-14T09:00:00Z,2026-10-14T21:00:00Z\n")  # fmt: skip
    histograms = tmp_path / "latency.csv"
    histograms.write_text("start,end,le,count\n"
                          "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.5,90\n"
                          "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2,97\n"
                          "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,+Inf,100\n")  # fmt: skip
    utilization = tmp_path / "utilization.csv"
    utilization.write_text("start,end,busy_hours,available_hours\n"
                           "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,624,800\n")  # fmt: skip
    code, out, err = run(scorecard_args(
        files, "--security-incidents", incidents, "--latency-histograms", histograms,
        "--utilization", utilization, "--format", "csv"), capsys)  # fmt: skip
    assert code == 0, err
    rows = {row["objective"]: row for row in csv.DictReader(out.splitlines())}
    # 12 hours from detection to response: within 24.
    assert (rows["security-response"]["exact_value"], rows["security-response"]["result"]) == (
        "43200", "pass",
    )  # fmt: skip
    # Rank 95 of 100 falls in the <= 2 s bucket (97 requests): 2 s, within 2 s.
    assert (rows["api-latency"]["exact_value"], rows["api-latency"]["result"]) == ("2", "pass")
    # 624 / 800 = 78%, in 70%-85%.
    assert (rows["team-utilization"]["value"], rows["team-utilization"]["result"]) == (
        "78%", "pass",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("option", "name", "text", "fragments"),
    [
        ("--latency", "latency.csv", "at,seconds\n2026-10-05T09:00:00Z,-1\n",
         ["latency.csv, row 2, column seconds", "negative"]),
        ("--tickets", "tickets.csv",
         "id,severity,opened_at,satisfaction\nT-1,sev1,2026-10-05T09:00:00Z,6\n",
         ["tickets.csv, row 2, column satisfaction", "6"]),
        ("--security-incidents", "incidents.csv",
         "detected_at,responded_at\n2026-10-14T09:00:00Z,2026-10-14T08:00:00Z\n",
         ["incidents.csv, row 2, column responded_at", "before detected_at"]),
        ("--utilization", "utilization.csv",
         "start,end,busy_hours,available_hours\n"
         "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,900,800\n",
         ["utilization.csv, row 2", "busy_hours"]),
    ],
)  # fmt: skip
def test_scorecard_bad_data_names_file_row_and_column(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str],
    option: str, name: str, text: str, fragments: list[str],
) -> None:  # fmt: skip
    path = tmp_path / f"bad-{name}"
    path.write_text(text, encoding="utf-8")
    args = ["scorecard", "--contract", files["contract"], "--month", "2026-10", option, path]
    assert_bad_input(run(args, capsys), *[f"bad-{f}" if f == fragments[0] else f
                                          for f in fragments])  # fmt: skip


def test_scorecard_bad_levels_and_escalations_name_the_row(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.csv"
    events.write_text("ticket_id,at,kind,level\nT-1,2026-10-05T09:10:00Z,escalated,L4\n")
    args = ["scorecard", "--contract", files["contract"], "--month", "2026-10",
            "--tickets", files["tickets"], "--events", events]  # fmt: skip
    assert_bad_input(run(args, capsys), "events.csv, row 2, column level", "L4")
    events.write_text("ticket_id,at,kind,level\nT-1,2026-10-05T08:00:00Z,escalated,L2\n")
    assert_bad_input(run(args, capsys), "T-1", "before")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-Q5"], "'2026-Q5' is not a period"),
        (["--period", "2026-10", "--month", "2026-10"], "not allowed with argument"),
        ([], "one of the arguments --period --month is required"),
        (["--period", "2026-10", "--events", "EVENTS"], "--events: needs --tickets"),
    ],
)
def test_scorecard_usage_errors(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [files["events"] if arg == "EVENTS" else arg for arg in args]  # type: ignore[misc]
    code, out, err = run(["scorecard", "--contract", files["contract"], *args], capsys)
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1, err


def test_scorecard_needs_exactly_one_of_contract_and_contracts(
    files: dict[str, Path], book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["scorecard", "--month", "2026-10"], capsys)
    assert code == 2 and "one of the arguments --contract --contracts is required" in err
    code, _, err = run(["scorecard", "--month", "2026-10", "--contract", files["contract"],
                        "--contracts", book["contracts"]], capsys)  # fmt: skip
    assert code == 2 and "not allowed with argument" in err


def test_scorecard_refuses_a_book_ticket_of_an_unknown_contract(
    book: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    book["tickets"].write_text(BOOK_TICKETS + "T-9,initech,sev1,2026-10-05T09:00:00Z,,\n")
    args = ["scorecard", "--contracts", book["contracts"], "--month", "2026-10",
            "--tickets", book["tickets"]]  # fmt: skip
    assert_bad_input(run(args, capsys), "tickets.csv, row 5", "initech")


# -- import and reconcile ------------------------------------------------------------------------

ZENDESK = Path(__file__).resolve().parent / "fixtures" / "zendesk"
ZENDESK_EXPORT = [ZENDESK / name for name in ("tickets.json", "audits.json",
                                              "ticket_metric_events.json")]  # fmt: skip


def test_import_writes_slakits_files_that_evaluate_and_reconcile_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acme"
    code, stdout, err = run(["import", "zendesk", *ZENDESK_EXPORT, "--out", out], capsys)
    assert (code, stdout) == (0, ""), err
    assert sorted(path.name for path in out.iterdir()) == [
        "events.csv", "report.json", "report.txt", "tickets.csv", "verdicts.json",
    ]  # fmt: skip
    assert f"zendesk: imported 4 tickets, 12 events and 9 vendor verdicts to {out}" in err
    assert "unknown metric 'next_reply_time' (1 time); not mapped" in err
    assert "2 records skipped; why: " in err
    contract = ZENDESK / "contract.toml"
    now = "2026-03-31T00:00:00Z"
    code, stdout, err = run(["evaluate", out / "tickets.csv", "--events", out / "events.csv",
                             "--contract", contract, "--now", now, "--format", "csv"],
                            capsys)  # fmt: skip
    assert code == 0, err
    rows = {row["ticket_id"]: row for row in csv.DictReader(stdout.splitlines())}
    assert rows["204"]["response_met"] == "false" and rows["201"]["response_met"] == "true"
    code, stdout, err = run(["reconcile", out, "--contract", contract, "--now", now], capsys)
    assert code == 0, err
    assert "ticket 201, response (reply_time, SEV2): slakit not breached, vendor breached" in stdout
    assert "Saint Patrick's Day" in stdout
    code, stdout, err = run(["reconcile", out, "--contract", contract, "--now", now,
                             "--format", "json"], capsys)  # fmt: skip
    data = json.loads(stdout)
    assert [d["ticket_id"] for d in data["disagreements"]] == ["201", "202"]
    assert data["credits"]["difference"] == {"amount": "2500.00", "currency": "USD"}
    code, stdout, err = run(["reconcile", out, "--contract", contract, "--now", now,
                             "--format", "csv"], capsys)  # fmt: skip
    assert stdout.splitlines()[0].startswith("ticket_id,metric,vendor_metric")


def test_import_with_a_mapping_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "custom"
    code, _, err = run(["import", "zendesk", ZENDESK / "custom_priority.json", "--mapping",
                        ZENDESK / "mapping_custom.toml", "--out", out], capsys)  # fmt: skip
    assert code == 0, err
    assert "unknown priority 'sev_5_cosmetic' (1 time)" in err
    assert (out / "tickets.csv").read_text().splitlines()[1].startswith("301,acme-standard,sev2,")


def test_import_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.csv").write_text("x")
    assert_bad_input(
        run(["import", "zendesk", *ZENDESK_EXPORT, "--out", tmp_path], capsys),
        "the folder is not empty",
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["old.csv"]


def test_import_errors_name_the_file_record_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"tickets": [{"id": 1, "created_at": "soon"}]}')
    assert_bad_input(
        run(["import", "zendesk", bad, "--out", tmp_path / "out"], capsys),
        f"{bad}, tickets[0], field created_at: 'soon' is not a timestamp",
    )
    assert not (tmp_path / "out").exists()
    assert_bad_input(run(["import", "freshdesk", bad, "--out", tmp_path / "o"], capsys),
                     "invalid choice: 'freshdesk'")  # fmt: skip
    code, _, err = run(["import", "zendesk", "--out", tmp_path / "o"], capsys)
    assert code == 2 and "the following arguments are required: FILE" in err


def test_reconcile_of_a_folder_that_is_not_an_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_bad_input(
        run(["reconcile", tmp_path, "--contract", ZENDESK / "contract.toml", "--now",
             "2026-03-31T00:00:00Z"], capsys),
        "has no tickets.csv; give the folder slakit import --out wrote",
    )  # fmt: skip


def test_import_with_a_bad_mapping_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text("[statuses]\nopen = 'working'\n")
    assert_bad_input(
        run(["import", "zendesk", *ZENDESK_EXPORT, "--mapping", mapping, "--out",
             tmp_path / "out"], capsys),
        f"{mapping}, statuses, 'open': 'working' is not a status effect; use running, paused "
        "or resolved",
    )  # fmt: skip
    assert not (tmp_path / "out").exists()


def test_the_reconcile_walkthrough_in_the_docs_is_what_slakit_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "importing.md").read_text()
    block = text.split("### A walkthrough")[1].split("```text\n")[1].split("```")[0]
    lines = block.splitlines()
    reconcile_at = next(i for i, line in enumerate(lines) if line.startswith("$ slakit reconcile"))
    import_err = "\n".join(lines[1:reconcile_at]) + "\n"
    reconcile_out = "\n".join(lines[reconcile_at + 1 :]) + "\n"
    monkeypatch.chdir(tmp_path)
    for path in [*ZENDESK_EXPORT, ZENDESK / "contract.toml"]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    code, out, err = run(["import", "zendesk", "tickets.json", "audits.json",
                          "ticket_metric_events.json", "--out", "acme-march"], capsys)  # fmt: skip
    assert (code, out, err) == (0, "", import_err)
    code, out, err = run(["reconcile", "acme-march", "--contract", "contract.toml", "--now",
                          "2026-03-31T00:00:00Z"], capsys)  # fmt: skip
    assert (code, out, err) == (0, reconcile_out, "")
