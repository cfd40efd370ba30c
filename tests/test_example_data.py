"""slakit.example_data: the shipped example month and its loader.

The month is October 2026, exported at 2026-11-01 00:00 UTC; the data is the
24 contract files and four CSV files that examples/data/generate.py writes.
"""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from slakit import Month, example_data
from slakit.errors import DataFileError, PolicyError
from slakit.example_data import (
    EXPORTED_AT,
    MONTH,
    data_dir,
    load_contracts,
    load_month,
    month,
)

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "src" / "slakit" / "demo_data"


def test_the_month_and_the_export_instant() -> None:
    assert MONTH == (2026, 10)
    assert datetime(2026, 11, 1, tzinfo=UTC) == EXPORTED_AT
    assert month() == Month(2026, 10, "UTC")
    chicago = month("America/Chicago")
    assert chicago == Month(2026, 10, "America/Chicago")
    # Chicago's October ends at 1 Nov 00:00 CDT (UTC-5), 05:00 UTC: after the export.
    assert chicago.end - EXPORTED_AT == timedelta(hours=5)


def test_example_month_loads_with_every_ticket_in_its_contract() -> None:
    assert data_dir().resolve() == PACKAGE_DATA.resolve()
    contracts, tickets, outages, maintenance = load_month(data_dir())
    assert len(contracts) == 24 and set(tickets) == set(contracts)
    assert contracts["kmp-premier-dublin"].customer
    assert str(contracts["kmp-premier-dublin"].monthly_fee) == "USD 12,500.00"
    with (PACKAGE_DATA / "tickets.csv").open(encoding="utf-8", newline="") as handle:
        owner = {row["id"]: row["contract"] for row in csv.DictReader(handle)}
    assert sum(map(len, tickets.values())) == len(owner) > 1500
    for name, group in tickets.items():
        for ticket in group:
            assert owner[ticket.id] == name
            assert ticket.opened_at < EXPORTED_AT and ticket.opened_at.month == 10
            assert all(event.at < EXPORTED_AT for event in ticket.events)
    assert len(outages) == 5 and outages[-1].end > EXPORTED_AT  # one runs into November
    assert len(maintenance) == 2


def test_load_month_names_an_unknown_contract(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE_DATA, tmp_path, dirs_exist_ok=True)
    lines = (tmp_path / "tickets.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(lines[3].split(",")[1], "acme-gold-paris", 1)
    (tmp_path / "tickets.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(
        DataFileError, match=r"tickets.csv, row 4, column contract: 'acme-gold-paris'"
    ):
        load_month(tmp_path)


def test_load_contracts_needs_contract_files(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    with pytest.raises(PolicyError) as raised:
        load_contracts(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'contracts'}: no contract files (*.toml or *.json, the extension in any case)"
    )


def test_load_contracts_names_each_by_its_file(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    for name in ("kmp-basic-dublin", "kmp-premier-dublin"):
        shutil.copy(PACKAGE_DATA / "contracts" / f"{name}.toml", tmp_path / "contracts")
    contracts = load_contracts(tmp_path)
    assert list(contracts) == ["kmp-basic-dublin", "kmp-premier-dublin"]
    assert [contract.tier for contract in contracts.values()] == ["basic", "premier"]


def test_missing_example_data_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in an installation without the package data: the folder has no tickets.csv.
    monkeypatch.setattr(example_data, "files", lambda package: tmp_path)
    with pytest.raises(DataFileError) as raised:
        data_dir()
    assert str(raised.value) == (
        f"{tmp_path / 'demo_data'}: the example data is missing; run examples/data/generate.py "
        "or reinstall slakit"
    )


def test_each_ticket_names_its_contract_and_each_contract_its_id() -> None:
    contracts, tickets, _, _ = load_month(data_dir())
    assert all(contract.id == name for name, contract in contracts.items())
    assert all(ticket.contract == name for name, group in tickets.items() for ticket in group)


def test_load_month_names_a_ticket_without_a_contract(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE_DATA, tmp_path, dirs_exist_ok=True)
    lines = (tmp_path / "tickets.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(lines[4].split(",")[1], "", 1)
    (tmp_path / "tickets.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"tickets.csv, row 5, column contract: is empty; "):
        load_month(tmp_path)


def test_an_id_field_names_a_contract_instead_of_its_file(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    text = (PACKAGE_DATA / "contracts" / "kmp-basic-dublin.toml").read_text(encoding="utf-8")
    (tmp_path / "contracts" / "liffey.toml").write_text(
        'id = "liffey-basic"\n' + text, encoding="utf-8"
    )
    assert list(load_contracts(tmp_path)) == ["liffey-basic"]


def test_two_contract_files_with_one_id_are_refused(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    text = (PACKAGE_DATA / "contracts" / "kmp-basic-dublin.toml").read_text(encoding="utf-8")
    first, second = tmp_path / "contracts" / "a.toml", tmp_path / "contracts" / "b.toml"
    first.write_text('id = "same"\n' + text, encoding="utf-8")
    second.write_text('id = "same"\n' + text, encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        load_contracts(tmp_path)
    assert str(raised.value) == (
        f"{second}: contract id 'same' is already the id of {first}; give each contract its own id"
    )


def test_the_month_has_what_scorecards_need() -> None:
    from fractions import Fraction

    from slakit import SupportLevel
    from slakit.example_data import load_service_data

    contracts, tickets, _, _ = load_month(data_dir())
    every = [ticket for group in tickets.values() for ticket in group]
    # Every critical incident (Sev1 at opening) engages L3; some other tickets go to L2.
    critical = [ticket for ticket in every if ticket.severity.value == "SEV1"]
    assert critical and all(ticket.level is SupportLevel.L3 for ticket in critical)
    assert any(ticket.resolved_level is SupportLevel.L2 for ticket in every)
    scores = [ticket.satisfaction for ticket in every if ticket.satisfaction is not None]
    assert 300 < len(scores) < len(every) and set(scores) == {1, 2, 3, 4, 5}
    assert all(ticket.resolved_at is not None for ticket in every if ticket.satisfaction)
    service = load_service_data(data_dir())
    [latency] = service.latency
    assert latency.service == "api" and latency.contracts == ()
    assert latency.share_within("2s") == Fraction(10159107, 10352101)  # 98.14%: above 95%
    [incident] = service.security_incidents
    assert incident.id == "SI-2026-10-01" and set(incident.contracts) <= set(contracts)
    assert incident.response_time == timedelta(hours=6, minutes=35)
    assert [record.team for record in service.utilization] == [
        "austin", "dublin", "amsterdam", "singapore",
    ]  # fmt: skip
