"""The shipped example month (October 2026): contracts, tickets, outages and maintenance.

The files are written by ``examples/data/generate.py`` into the package's
``slakit/demo_data/`` folder, their one copy, so that an installed slakit
carries them. The ``slakit demo`` command and the scripts in
``examples/`` read them through this module.

>>> month = load_month(data_dir())
>>> len(month.contracts), sum(len(tickets) for tickets in month.tickets.values()) > 1000
(24, True)
>>> month.contracts["kmp-premier-dublin"].monthly_fee
Money(amount=Decimal('12500'), currency='USD')
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from slakit.availability import MaintenanceRule, MaintenanceWindow, Month, Outage
from slakit.data_files import read_maintenance, read_outages, read_table, read_tickets
from slakit.errors import DataFileError
from slakit.policy import Contract
from slakit.policy_files import load_contract
from slakit.tickets import Ticket

__all__ = [
    "EXPORTED_AT",
    "MONTH",
    "ExampleMonth",
    "data_dir",
    "load_contracts",
    "load_month",
    "month",
]

MONTH = (2026, 10)
"""The example data's month: October 2026."""

EXPORTED_AT = datetime(2026, 11, 1, tzinfo=UTC)
"""When the example tickets were exported: nothing later is known about them.

Evaluate at ``min(month end, EXPORTED_AT)``: a billing month that ends later
(America/Chicago's October ends at 05:00 UTC) would otherwise count clocks
running on tickets whose later events are simply not in the export.
"""


class ExampleMonth(NamedTuple):
    """One month of example data; unpacks as ``contracts, tickets, outages, maintenance``."""

    contracts: dict[str, Contract]
    tickets: dict[str, list[Ticket]]
    outages: list[Outage]
    maintenance: list[MaintenanceWindow | MaintenanceRule]


def data_dir() -> Path:
    """The folder of the example data shipped inside the package (``slakit/demo_data``)."""
    folder = Path(str(files("slakit").joinpath("demo_data")))
    if not (folder / "tickets.csv").is_file():
        raise DataFileError(
            f"{folder}: the example data is missing; run examples/data/generate.py "
            "or reinstall slakit"
        )
    return folder


def month(timezone: str = "UTC") -> Month:
    """The example month in ``timezone`` (a contract's billing timezone, or UTC)."""
    return Month(*MONTH, timezone)


def load_contracts(folder: str | Path) -> dict[str, Contract]:
    """Every ``contracts/*.toml`` in ``folder``, by file stem (``kmp-premier-dublin``)."""
    paths = sorted(Path(folder, "contracts").glob("*.toml"))
    if not paths:
        raise DataFileError(f"{Path(folder, 'contracts')}: no contract files (*.toml)")
    return {path.stem: load_contract(path) for path in paths}


def _contract_of_tickets(path: Path, known: dict[str, Contract]) -> dict[str, str]:
    """Ticket id → contract name, from the ``contract`` column of the tickets file."""
    owners = {}
    for row in read_table(path, ("id", "contract")).rows:
        name = row.text("contract")
        if name not in known:
            raise row.error(
                "contract", f"{name!r} is not a contract; known: {', '.join(sorted(known))}"
            )
        owners[row.text("id")] = name
    return owners


def load_month(folder: str | Path) -> ExampleMonth:
    """The contracts, the tickets of each contract, the outages and the maintenance in ``folder``.

    ``folder`` holds ``contracts/*.toml``, ``tickets.csv`` (with a
    ``contract`` column naming a contract file's stem), ``events.csv``,
    ``outages.csv`` and ``maintenance.csv``.
    """
    folder = Path(folder)
    contracts = load_contracts(folder)
    owners = _contract_of_tickets(folder / "tickets.csv", contracts)
    tickets: dict[str, list[Ticket]] = {name: [] for name in contracts}
    for ticket in read_tickets(folder / "tickets.csv", folder / "events.csv"):
        tickets[owners[ticket.id]].append(ticket)
    return ExampleMonth(
        contracts=contracts,
        tickets=tickets,
        outages=read_outages(folder / "outages.csv"),
        maintenance=read_maintenance(folder / "maintenance.csv"),
    )
