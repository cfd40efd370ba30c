"""slakit.dask: a month over partition files equals the single-process month, exactly.

The reference is computed in this process with the plain API: ``slakit.month_end``
for every contract's statement and report, and ``compliance`` of every ticket's
``evaluate`` status for the month's report. The Dask runs use the synchronous
scheduler (everything in this process) and the processes scheduler (tasks
pickled to worker processes and their results pickled back).
"""

from __future__ import annotations

import csv
import pickle
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slakit import (
    ComplianceReport,
    Contract,
    MaintenanceRule,
    Month,
    MonthEnd,
    Outage,
    catalog,
    compliance,
    evaluate,
    month_end,
    regions,
)
from slakit.data_files import read_tickets
from slakit.errors import DataFileError, UsageError
from slakit.example_data import EXPORTED_AT, data_dir, load_month

pytest.importorskip("dask")

from slakit import dask as sdask  # after the skip: the module needs dask to run

OCTOBER = (2026, 10)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def reference(
    contracts: dict[str, Contract],
    tickets_file: Path,
    events_file: Path | None,
    *,
    outages: list[Outage],
    maintenance: list[MaintenanceRule],
    now: datetime | None,
    report_timezone: str = "UTC",
    by: tuple[str, ...] = ("tier", "severity", "metric"),
) -> tuple[MonthEnd, ComplianceReport]:
    """The single-process month: month_end, and compliance over every ticket's status."""
    tickets = read_tickets(tickets_file, events_file, contracts=contracts)
    book = month_end(contracts, OCTOBER, tickets=tickets, outages=outages,
                     maintenance=maintenance, now=now)  # fmt: skip
    statuses = []
    for ticket in tickets:
        contract = contracts[ticket.contract]
        at = now or Month(*OCTOBER, contract.billing_timezone).end
        if ticket.opened_at <= at:
            statuses.append(evaluate(ticket, contract, at))
    return book, compliance(statuses, Month(*OCTOBER, report_timezone), by=by)  # type: ignore[arg-type]


# -- the shipped example month -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> tuple[dict[str, Contract], list[Outage], list[MaintenanceRule]]:
    contracts, _, outages, maintenance = load_month(data_dir())
    return contracts, outages, maintenance  # type: ignore[return-value]


@pytest.fixture(scope="module")
def example_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[sdask.Files]]:
    folder = tmp_path_factory.mktemp("partitions")
    return sdask.write_partitions(
        data_dir() / "tickets.csv", data_dir() / "events.csv", folder, rows_per_file=40
    )


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
@pytest.mark.parametrize("now", [EXPORTED_AT, None])
def test_the_example_month_equals_the_single_process_month(
    example: tuple[dict[str, Contract], list[Outage], list[MaintenanceRule]],
    example_parts: dict[str, list[sdask.Files]],
    scheduler: str,
    now: datetime | None,
) -> None:
    contracts, outages, maintenance = example
    book, report = reference(contracts, data_dir() / "tickets.csv", data_dir() / "events.csv",
                             outages=outages, maintenance=maintenance, now=now)  # fmt: skip
    result = sdask.month_end(contracts, "2026-10", example_parts, outages=outages,
                             maintenance=maintenance, now=now, scheduler=scheduler,
                             num_workers=2)  # fmt: skip
    assert result.customers == book.customers
    assert result.statements == {item.contract: item.statement for item in book.customers}
    assert result.compliance == report
    assert result.month == book.month and result.now == book.now
    # Not vacuous: credits are owed, and the report has failing groups.
    assert sum(item.statement.total.amount for item in result.customers) > 0
    assert any(row.passed is False for row in report.rows)
    assert sum(row.met + row.breached for row in report.rows) > 2000


def test_a_notebook_shows_each_customer_and_the_compliance(
    example: tuple[dict[str, Contract], list[Outage], list[MaintenanceRule]],
    example_parts: dict[str, list[sdask.Files]],
) -> None:
    contracts, outages, maintenance = example
    liffey = contracts["kmp-premier-dublin"]
    renamed = {**contracts, liffey.id: liffey.model_copy(update={"customer": "<Liffey & Co>"})}
    result = sdask.month_end(renamed, "2026-10", example_parts, outages=outages,
                             maintenance=maintenance, now=EXPORTED_AT,
                             scheduler="synchronous")  # fmt: skip
    page = result._repr_html_()
    assert page.startswith("<table><caption>Month-end 2026-10 over partitions: 24 customers")
    assert page.count("<tbody>") == 2 and "<caption>Compliance, October 2026</caption>" in page
    assert "<td>&lt;Liffey &amp; Co&gt;</td>" in page and "<Liffey" not in page
    row = page.split("<td>kmp-premier-dublin</td>")[1].split("</tr>")[0]
    given = result.customer(liffey.id).tickets_given
    assert f">{given}</td>" in row and ">USD 6,250.00</td>" in row


def test_the_example_parts_hold_every_ticket_once(
    example_parts: dict[str, list[sdask.Files]],
) -> None:
    with (data_dir() / "tickets.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    seen = []
    for name, files in example_parts.items():
        assert all(path.parent.name == f"contract={name}" for path, _ in files)
        for tickets_file, events_file in files:
            assert events_file is not None and events_file.is_file()
            with tickets_file.open(encoding="utf-8") as handle:
                part = list(csv.DictReader(handle))
            assert 0 < len(part) <= 40
            assert {row["contract"] for row in part} == {name}
            seen += [row["id"] for row in part]
    assert sorted(seen) == sorted(row["id"] for row in rows)
    # Every part is found again by partitions_in, in order.
    assert sdask.partitions_in(next(iter(example_parts.values()))[0][0].parent.parent) == (
        example_parts
    )


@pytest.mark.parametrize(
    ("by", "timezone"),
    [(("framework", "tier", "severity", "metric"), "UTC"), (("severity",), "Asia/Singapore"),
     (("metric", "tier"), "America/Chicago")],
)  # fmt: skip
def test_the_report_groups_and_timezone(
    example: tuple[dict[str, Contract], list[Outage], list[MaintenanceRule]],
    example_parts: dict[str, list[sdask.Files]],
    by: tuple[str, ...],
    timezone: str,
) -> None:
    contracts, outages, maintenance = example
    _, report = reference(contracts, data_dir() / "tickets.csv", data_dir() / "events.csv",
                          outages=outages, maintenance=maintenance, now=EXPORTED_AT,
                          report_timezone=timezone, by=by)  # fmt: skip
    result = sdask.month_end(contracts, "2026-10", example_parts, outages=outages,
                             maintenance=maintenance, now=EXPORTED_AT, report_timezone=timezone,
                             by=by, scheduler="synchronous")  # type: ignore[arg-type]  # fmt: skip
    assert result.compliance == report


# -- a small random book -------------------------------------------------------------------------

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")


def random_book(rng: random.Random, customers: int) -> dict[str, Contract]:
    shapes = [
        (framework, tier, region)
        for framework in catalog.names()
        for tier in catalog.get(framework).tier_names
        for region in regions.names()
    ]
    rng.shuffle(shapes)
    book = {}
    for number in range(customers):
        framework, tier, region = shapes[number % len(shapes)]
        contract = Contract(
            id=f"c-{number:03d}", customer=f"Customer {number}", framework=framework,
            tier=tier, region=region, billing_timezone=regions.get(region).timezone,
            monthly_fee=f"USD {rng.choice((900, 2500, 12500))}",
            services=tuple(sorted(rng.sample(("api", "web"), rng.randrange(1, 3)))),
        )  # fmt: skip
        book[contract.id] = contract
    return book


def write_random_month(
    rng: random.Random, folder: Path, contracts: list[str], tickets: int
) -> tuple[Path, Path]:
    """Tickets opened around October (some after its end), with valid timelines."""
    start = datetime(2026, 9, 28, tzinfo=UTC)
    ticket_rows, event_rows = [], []
    for number in range(tickets):
        opened = start + timedelta(seconds=rng.randrange(36 * 86400))
        ticket_id = f"T-{number}"
        ticket_rows.append([ticket_id, rng.choice(contracts), rng.choice(SEVERITIES),
                            opened.isoformat()])  # fmt: skip
        at, paused, resolved, responded = opened, False, False, False
        for _ in range(rng.randrange(7)):
            at += timedelta(seconds=rng.randrange(1, 36 * 3600))
            if resolved:
                kind, resolved = "reopened", False
            elif not responded:
                kind, responded = "responded", True
            elif paused:
                kind, paused = "resumed", False
            else:
                choice = rng.random()
                kind = "paused" if choice < 0.3 else "severity_changed" if choice < 0.45 else (
                    "resolved")  # fmt: skip
                paused, resolved = kind == "paused", kind == "resolved"
            severity = rng.choice(SEVERITIES) if kind == "severity_changed" else ""
            event_rows.append([ticket_id, at.isoformat(), kind, severity])
    rng.shuffle(event_rows)  # an events file is in any order
    tickets_file, events_file = folder / "tickets.csv", folder / "events.csv"
    with tickets_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "contract", "severity", "opened_at"], *ticket_rows])
    with events_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["ticket_id", "at", "kind", "severity"], *event_rows])
    return tickets_file, events_file


@pytest.mark.parametrize("seed", range(4))
def test_a_random_book_equals_the_single_process_month(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    contracts = random_book(rng, 7)
    # One contract gets no tickets: its month comes from the driver's run, not a worker.
    tickets_file, events_file = write_random_month(rng, tmp_path, sorted(contracts)[1:], 300)
    outages = [
        Outage(id="o-all", start=utc(10, 3, 10), end=utc(10, 3, 11, 35)),
        Outage(id="o-api", start=utc(10, 12, 1), end=utc(10, 12, 1, 30), services=("api",)),
        Outage(id="o-one", start=utc(10, 20, 7), end=utc(10, 20, 17),
               contracts=(sorted(contracts)[2],)),
    ]  # fmt: skip
    maintenance = [MaintenanceRule(rule="FREQ=WEEKLY;BYDAY=SU", at="02:00", duration="2h",
                                   timezone="Europe/Amsterdam")]  # fmt: skip
    now = None if seed % 2 else datetime(2026, 10, 25, 12, tzinfo=UTC)
    book, report = reference(contracts, tickets_file, events_file, outages=outages,
                             maintenance=maintenance, now=now)  # fmt: skip
    parts = sdask.write_partitions(tickets_file, events_file, tmp_path / "parts",
                                   rows_per_file=rng.choice((7, 20, 1000)))  # fmt: skip
    assert sorted(parts) == sorted(contracts)[1:]
    result = sdask.month_end(list(contracts.values()), Month(*OCTOBER), parts, outages=outages,
                             maintenance=maintenance, now=now,
                             scheduler="processes" if seed == 0 else "synchronous",
                             batches=(None, 1, 3, 100)[seed])  # fmt: skip
    assert result.customers == book.customers
    assert result.compliance == report
    assert any(item.statement.total.amount > 0 for item in result.customers)


NAIVE_FROM = datetime(2026, 10, 1, tzinfo=UTC).replace(tzinfo=None)
NAIVE_TO = datetime(2026, 11, 3, tzinfo=UTC).replace(tzinfo=None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    customers=st.integers(1, 5),
    tickets=st.integers(0, 80),
    rows_per_file=st.integers(1, 40),
    # Naive bounds are what st.datetimes takes; the values it draws are aware (UTC).
    now=st.none() | st.datetimes(NAIVE_FROM, NAIVE_TO, timezones=st.just(UTC)),
    report_timezone=st.sampled_from(["UTC", "Asia/Singapore", "America/Chicago"]),
)
def test_any_small_book_equals_the_single_process_month(
    seed: int,
    customers: int,
    tickets: int,
    rows_per_file: int,
    now: datetime | None,
    report_timezone: str,
) -> None:
    rng = random.Random(seed)
    contracts = random_book(rng, customers)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        tickets_file, events_file = write_random_month(rng, folder, sorted(contracts), tickets)
        book, report = reference(
            contracts, tickets_file, events_file, outages=[], maintenance=[], now=now,
            report_timezone=report_timezone,
        )  # fmt: skip
        parts = sdask.write_partitions(
            tickets_file, events_file, folder / "parts", rows_per_file=rows_per_file
        )
        result = sdask.month_end(
            contracts, "2026-10", parts, now=now, report_timezone=report_timezone,
            scheduler="synchronous",
        )  # fmt: skip
    assert result.customers == book.customers
    assert result.compliance == report


def test_tickets_files_alone_and_threads(tmp_path: Path) -> None:
    rng = random.Random(11)
    contracts = random_book(rng, 3)
    tickets_file, _ = write_random_month(rng, tmp_path, sorted(contracts), 60)
    book, report = reference(contracts, tickets_file, None, outages=[], maintenance=[], now=None)
    parts = sdask.write_partitions(tickets_file, None, tmp_path / "parts")
    assert all(events is None for files in parts.values() for _, events in files)
    as_paths = {name: [str(path) for path, _ in files] for name, files in parts.items()}
    result = sdask.month_end(contracts, "2026-10", as_paths, scheduler="threads")
    assert (result.customers, result.compliance) == (book.customers, report)


# -- what crosses to the workers ---------------------------------------------------------------


def test_tasks_carry_paths_and_results_carry_counts_not_tickets(
    example: tuple[dict[str, Contract], list[Outage], list[MaintenanceRule]],
    example_parts: dict[str, list[sdask.Files]],
) -> None:
    contracts, outages, maintenance = example
    name = "kmp-premier-dublin"
    task = sdask.ContractTask(
        contract=contracts[name], files=tuple(example_parts[name]), year=2026, month=10,
        now=EXPORTED_AT, outages=tuple(outages), maintenance=tuple(maintenance),
        security_breaches=(), measured=None, report_timezone="UTC",
    )  # fmt: skip
    sent = pickle.dumps(task)
    result = sdask.contract_month(task)
    back = pickle.dumps(result)
    for payload in (sent, back):
        assert b"slakit.tickets" not in payload  # no Ticket, no Event
        assert b"TicketStatus" not in payload and b"MetricStatus" not in payload
    assert result.customer.tickets_given > 50
    # The result does not grow with the tickets: counts per group, lines per credit owed.
    assert len(result.counts.counts) <= 2 * 4


# -- errors ---------------------------------------------------------------------------------------


def small_book() -> dict[str, Contract]:
    return {
        name: Contract(id=name, framework="kmp", tier="basic", region="dublin",
                       monthly_fee="USD 1,000", billing_timezone="Europe/Dublin")
        for name in ("acme", "globex")
    }  # fmt: skip


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_partition_of_an_unknown_contract(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="partitions name contract 'initech', which is not in"):
        sdask.month_end(small_book(), "2026-10", {"initech": [tmp_path / "x.csv"]},
                        scheduler="synchronous")  # fmt: skip


@pytest.mark.parametrize(
    ("partitions", "message"),
    [
        ({"acme": "a.csv"}, r"partitions\['acme'\] must be a list of files, not one file"),
        ({"acme": [("a.csv", "b.csv", "c.csv")]}, r"partitions\['acme'\]\[0\] must be a tickets"),
        ({"acme": [3]}, r"partitions\['acme'\]\[0\] must be a tickets path"),
        ([("acme", ["a.csv"])], "partitions must map each contract id to its files, not list"),
    ],
)
def test_partitions_of_the_wrong_shape(partitions: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        sdask.month_end(small_book(), "2026-10", partitions, scheduler="synchronous")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("option", "value"),
    [("batches", 0), ("batches", -1), ("batches", "4"), ("batches", True), ("batches", 2.0),
     ("num_workers", 0), ("num_workers", "2")],
)  # fmt: skip
def test_workers_and_batches_must_be_positive_whole_numbers(option: str, value: object) -> None:
    with pytest.raises(UsageError, match=f"{option} must be a positive whole number or None, not"):
        sdask.month_end(small_book(), "2026-10", {}, scheduler="threads", **{option: value})  # type: ignore[arg-type]


def test_shared_inputs_are_checked_as_month_end_checks_them(tmp_path: Path) -> None:
    stray = Outage(id="o-1", start=utc(10, 3), end=utc(10, 3, 0, 5), contracts=("initech",))
    with pytest.raises(UsageError, match="outage o-1 names contract 'initech', which is not in"):
        sdask.month_end(small_book(), "2026-10", {}, outages=[stray], scheduler="synchronous")
    with pytest.raises(UsageError, match="cannot group by \\['customer'\\]"):
        sdask.month_end(small_book(), "2026-10", {}, by=("customer",),  # type: ignore[arg-type]
                        scheduler="synchronous")  # fmt: skip


def test_a_ticket_of_another_contract_in_a_partition(tmp_path: Path) -> None:
    rows = "T-1,acme,SEV2,2026-10-05T09:00:00Z\nT-2,globex,SEV2,2026-10-05T09:00:00Z\n"
    tickets = write(tmp_path / "part.csv", "id,contract,severity,opened_at\n" + rows)
    with pytest.raises(DataFileError, match=r"part.csv, row 3.*globex"):
        sdask.month_end(small_book(), "2026-10", {"acme": [tickets]}, scheduler="synchronous")


def test_a_ticket_id_twice_in_a_contracts_files(tmp_path: Path) -> None:
    one = write(tmp_path / "one.csv", "id,contract,severity,opened_at\n"
                "T-1,acme,SEV2,2026-10-05T09:00:00Z\n")  # fmt: skip
    two = write(tmp_path / "two.csv", "id,contract,severity,opened_at\n"
                "T-1,acme,SEV3,2026-10-06T09:00:00Z\n")  # fmt: skip
    with pytest.raises(DataFileError, match=r"two.csv: ticket T-1 appears again \(first in .*one"):
        sdask.month_end(small_book(), "2026-10", {"acme": [one, two]}, scheduler="synchronous")


def test_write_partitions_refuses_what_it_cannot_route(tmp_path: Path) -> None:
    header = "id,contract,severity,opened_at\n"
    empty = write(tmp_path / "empty.csv", header + "T-1,,SEV2,2026-10-05T09:00:00Z\n")
    with pytest.raises(DataFileError, match=r"empty.csv, row 2, column contract: is empty"):
        sdask.write_partitions(empty, None, tmp_path / "a")
    bad = write(tmp_path / "bad.csv", header + "T-1,../etc,SEV2,2026-10-05T09:00:00Z\n")
    with pytest.raises(DataFileError, match=r"bad.csv, row 2, column contract: '\.\./etc' is not"):
        sdask.write_partitions(bad, None, tmp_path / "b")
    no_column = write(tmp_path / "plain.csv", "id,severity,opened_at\n")
    with pytest.raises(DataFileError, match=r"plain.csv: no contract column; columns: id, sev"):
        sdask.write_partitions(no_column, None, tmp_path / "c")
    good = write(tmp_path / "good.csv", header + "T-1,acme,SEV2,2026-10-05T09:00:00Z\n")
    stray = write(tmp_path / "events.csv", "ticket_id,at,kind,severity\n"
                  "T-9,2026-10-05T10:00:00Z,responded,\n")  # fmt: skip
    with pytest.raises(DataFileError, match=r"events.csv, row 2, column ticket_id: ticket 'T-9'"):
        sdask.write_partitions(good, stray, tmp_path / "d")
    with pytest.raises(DataFileError, match=r"missing.csv: no such file"):
        sdask.write_partitions(tmp_path / "missing.csv", None, tmp_path / "e")
    with pytest.raises(UsageError, match="rows_per_file must be a positive whole number, not 0"):
        sdask.write_partitions(good, None, tmp_path / "f", rows_per_file=0)
    sdask.write_partitions(good, None, tmp_path / "g")
    with pytest.raises(UsageError, match="holds partitions already"):
        sdask.write_partitions(good, None, tmp_path / "g")


def test_partitions_in_refuses_a_missing_folder_and_a_bad_name(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nowhere: no such folder"):
        sdask.partitions_in(tmp_path / "nowhere")
    (tmp_path / "contract=a b").mkdir()
    with pytest.raises(DataFileError, match="contract=a b: 'a b' is not a contract id"):
        sdask.partitions_in(tmp_path)


def test_many_partitions_with_few_open_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rows written in many small batches: each file is appended to again and again.
    monkeypatch.setattr(sdask._Writers, "BATCH", 3)
    rng = random.Random(5)
    contracts = random_book(rng, 6)
    tickets_file, events_file = write_random_month(rng, tmp_path, sorted(contracts), 200)
    parts = sdask.write_partitions(tickets_file, events_file, tmp_path / "parts", rows_per_file=9)
    book, report = reference(contracts, tickets_file, events_file, outages=[], maintenance=[],
                             now=None)  # fmt: skip
    result = sdask.month_end(contracts, "2026-10", parts, scheduler="synchronous")
    assert (result.customers, result.compliance) == (book.customers, report)


def test_batches_are_balanced_and_never_split_a_contract(tmp_path: Path) -> None:
    sizes = {"a": 900, "b": 500, "c": 400, "d": 100, "e": 0}
    tasks = []
    for name, size in sizes.items():
        path = write(tmp_path / f"{name}.csv", "x" * size)
        contract = Contract(id=name, framework="kmp", tier="basic", region="dublin",
                            monthly_fee="USD 1,000")  # fmt: skip
        tasks.append(sdask.ContractTask(
            contract=contract, files=((path, None),) if size else (), year=2026, month=10,
            now=None, outages=(), maintenance=(), security_breaches=(), measured=None,
            report_timezone="UTC"))  # fmt: skip
    groups = sdask._batches(tasks, 2)
    assert [[task.contract.id for task in group] for group in groups] == [
        ["a", "d"],
        ["b", "c", "e"],
    ]
    assert len(sdask._batches(tasks, 10)) == 5 and len(sdask._batches(tasks, 0)) == 1
    assert sdask.contract_months(tasks[4:]) == [sdask.contract_month(task) for task in tasks[4:]]


def test_counts_add_up_and_group() -> None:
    a_key, b_key = ("kmp", "premier", "SEV1", "response"), ("kmp", "basic", "SEV1", "response")
    goal_a, goal_b = Decimal("0.95"), Decimal("0.9")
    a = sdask.ComplianceCounts({a_key: (3, 1)}, {a_key: frozenset({goal_a})})
    b = sdask.ComplianceCounts({b_key: (1, 1)}, {b_key: frozenset({goal_b})})
    [row] = (a + b).report(Month(2026, 10), by=("severity",)).rows
    # Two goals in one group: no goal, as compliance() decides.
    assert (row.severity, row.met, row.breached, row.goal, row.passed) == ("SEV1", 4, 2, None, None)
    rows = (a + b + a).report(Month(2026, 10), by=("tier",)).rows
    assert [(r.tier, r.met, r.breached, r.passed) for r in rows] == [
        ("basic", 1, 1, False), ("premier", 6, 2, False)]  # fmt: skip
    with pytest.raises(UsageError, match="cannot group by \\['week'\\]"):
        a.report(Month(2026, 10), by=("week",))  # type: ignore[arg-type]


def test_importing_slakit_dask_does_not_import_dask() -> None:
    script = "import sys, slakit.dask\nprint('dask' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "False\n", "")
