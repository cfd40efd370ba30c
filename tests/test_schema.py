"""The published JSON Schemas accept what the loader accepts, and reject what it rejects.

Checked with an independent validator (jsonschema), on the shipped catalogs as
written, on file-style contracts, and on the models' own JSON dumps.
"""

from __future__ import annotations

import json
import tomllib
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

from slakit import catalog
from slakit.policy_files import contract_schema, framework_schema


def problems(schema: dict[str, Any], data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize("name", ["kmp", "truststram"])
def test_the_shipped_catalogs_as_written_are_valid(name: str) -> None:
    data = tomllib.loads((files("slakit.catalog") / f"{name}.toml").read_text("utf-8"))
    assert problems(framework_schema(), data) == []


@pytest.mark.parametrize("name", ["kmp", "truststram"])
def test_a_framework_dump_is_valid(name: str) -> None:
    assert problems(framework_schema(), json.loads(catalog.get(name).model_dump_json())) == []


@pytest.mark.parametrize(
    "contract",
    [
        {"framework": "kmp", "tier": "premier", "region": "dublin",
         "monthly_fee": "USD 20,000", "billing_timezone": "Europe/Dublin"},
        {"framework": "truststram", "tier": "gold", "monthly_fee": "EUR 8,000",
         "calendar": {"timezone": "Europe/Amsterdam", "hours": {"mon-fri": "07:00-23:00"},
                      "holidays": "NL", "closed": ["2026-12-24"]}},
    ],
)  # fmt: skip
def test_file_style_contracts_are_valid(contract: dict[str, Any]) -> None:
    assert problems(contract_schema(), contract) == []


@pytest.mark.parametrize(
    "change",
    [{"monthly_fee": 5}, {"tier": 3}, {"severity_change": "sometimes"}, {"colour": "red"}],
)
def test_invalid_contracts_are_rejected(change: dict[str, Any]) -> None:
    contract = {"framework": "kmp", "tier": "premier", "region": "dublin"}
    assert problems(contract_schema(), {**contract, **change}) != []


def test_status_json_is_valid_against_status_schema() -> None:
    # Statuses of every shape: running, paused, stopped, breached, reopened, to the µs.
    from datetime import UTC, datetime, timedelta

    from slakit import Contract, Event, Ticket, evaluate
    from slakit.clock import status_schema

    opened = datetime(2026, 3, 2, 9, 0, 0, 7, tzinfo=UTC)
    tickets = [
        Ticket("S-1", "sev1", opened),
        Ticket("S-2", "sev2", opened, events=[Event.paused(opened + timedelta(minutes=3))]),
        Ticket("S-3", "sev3", opened, events=[
            Event.responded(opened + timedelta(hours=30)),
            Event.resolved(opened + timedelta(hours=31)),
            Event.reopened(opened + timedelta(hours=32)),
        ]),
    ]  # fmt: skip
    schema = status_schema()
    contracts = (
        Contract(framework="kmp", tier="basic", region="singapore"),
        Contract(framework="truststram", tier="platinum", region="austin"),
    )
    for contract in contracts:
        for ticket in tickets:
            data = json.loads(evaluate(ticket, contract, opened + timedelta(days=2)).to_json())
            assert problems(schema, data) == []
    assert problems(schema, {**data, "now": 5, "colour": "red"}) != []


def test_status_and_event_schemas_name_their_dialect_and_validate_json() -> None:
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    import slakit
    from slakit import Contract, Event, Ticket, evaluate, sla_event_schema, status_schema

    dialect = "https://json-schema.org/draft/2020-12/schema"
    assert status_schema()["$schema"] == sla_event_schema()["$schema"] == dialect
    jsonschema.Draft202012Validator.check_schema(status_schema())
    jsonschema.Draft202012Validator.check_schema(sla_event_schema())
    assert {"Cycle", "sla_event_schema", "status_schema"} <= set(slakit.__all__)
    contract = Contract(framework="kmp", tier="premier", region="dublin")
    opened = datetime(2026, 10, 24, 22, tzinfo=UTC)
    ticket = Ticket("S-4", "sev2", opened, events=[Event.paused(opened + timedelta(hours=1))])
    now = (opened + timedelta(hours=3)).astimezone(ZoneInfo("Europe/Dublin"))
    events = slakit.sla_events(ticket, contract, end=now, thresholds=[0.5])
    assert events
    for event in events:
        assert problems(sla_event_schema(), event.model_dump(mode="json")) == []
    assert problems(status_schema(), json.loads(evaluate(ticket, contract, now).to_json())) == []
