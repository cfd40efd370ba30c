"""The shipped example month (October 2026): contracts, tickets, outages and maintenance, and
what scorecards need besides: an API latency histogram, a security incident, team utilization.

The files are written by ``examples/data/generate.py`` into the package's
``slakit/demo_data/`` folder, their one copy, so that an installed slakit
carries them. The ``slakit demo`` command and the scripts in
``examples/`` read them through this module.

>>> month = load_month(data_dir())
>>> len(month.contracts), sum(len(tickets) for tickets in month.tickets.values()) > 1000
(24, True)
>>> month.contracts["kmp-premier-dublin"].monthly_fee
Money(amount=Decimal('12500'), currency='USD')
>>> service = load_service_data(data_dir())
>>> len(service.latency), len(service.security_incidents), len(service.utilization)
(1, 1, 4)
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from slakit.availability import MaintenanceRule, MaintenanceWindow, Month, Outage
from slakit.data_files import (
    read_latency_histograms,
    read_maintenance,
    read_outages,
    read_security_incidents,
    read_tickets,
    read_utilization,
)
from slakit.errors import DataFileError
from slakit.latency import LatencyHistogram
from slakit.policy import Contract
from slakit.policy_files import load_contract_folder
from slakit.security import SecurityIncident
from slakit.tickets import Ticket
from slakit.utilization import TeamUtilization

__all__ = [
    "EXPORTED_AT",
    "MONTH",
    "ExampleMonth",
    "ServiceData",
    "data_dir",
    "load_contracts",
    "load_month",
    "load_service_data",
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


class ServiceData(NamedTuple):
    """What scorecards need besides tickets and outages, from one folder."""

    latency: list[LatencyHistogram]
    security_incidents: list[SecurityIncident]
    utilization: list[TeamUtilization]


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
    """Every contract file in ``folder``'s ``contracts`` folder, by contract id (the file's
    stem unless the file gives an ``id``, e.g. ``kmp-premier-dublin``), sorted by id.

    The files are read with :func:`slakit.policy_files.load_contract_folder`.

    >>> sorted(load_contracts(data_dir()))[:2]
    ['kmp-basic-amsterdam', 'kmp-basic-austin']

    Raises:
        PolicyError: no contract files, two files give one id (or ids that differ only
            in case), or a contract file is wrong; names the file and field.
    """
    return {
        contract.id: contract for _, contract in load_contract_folder(Path(folder, "contracts"))
    }


def load_month(folder: str | Path) -> ExampleMonth:
    """The contracts, the tickets of each contract, the outages and the maintenance in ``folder``.

    ``folder`` holds ``contracts/*.toml``, ``tickets.csv`` (with a
    ``contract`` column naming each ticket's contract id), ``events.csv``,
    ``outages.csv`` and ``maintenance.csv``.

    Raises:
        DataFileError: a file or row is wrong, or a ticket names no contract or an
            unknown one; names the file, row and column.
        PolicyError: a contract file is wrong.
    """
    folder = Path(folder)
    contracts = load_contracts(folder)
    tickets: dict[str, list[Ticket]] = {name: [] for name in contracts}
    for ticket in read_tickets(folder / "tickets.csv", folder / "events.csv", contracts=contracts):
        tickets[ticket.contract].append(ticket)
    return ExampleMonth(
        contracts=contracts,
        tickets=tickets,
        outages=read_outages(folder / "outages.csv"),
        maintenance=read_maintenance(folder / "maintenance.csv"),
    )


def load_service_data(folder: str | Path) -> ServiceData:
    """The latency histograms, security incidents and team utilization in ``folder``.

    ``folder`` holds ``latency.csv`` (a histogram of the API's request
    latencies over the month), ``security_incidents.csv`` and
    ``utilization.csv`` (each support centre's busy and available hours), read
    with :func:`~slakit.data_files.read_latency_histograms`,
    :func:`~slakit.data_files.read_security_incidents` and
    :func:`~slakit.data_files.read_utilization`; the incidents' contracts are
    checked against the contract files in ``folder``.

    Raises:
        DataFileError: a file or row is wrong; names the file, row and column.
        PolicyError: a contract file is wrong.
    """
    folder = Path(folder)
    contracts = load_contracts(folder)
    return ServiceData(
        latency=read_latency_histograms(folder / "latency.csv", contracts=contracts),
        security_incidents=read_security_incidents(
            folder / "security_incidents.csv", contracts=contracts
        ),
        utilization=read_utilization(folder / "utilization.csv"),
    )
