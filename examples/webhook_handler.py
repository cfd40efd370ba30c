"""A ticketing webhook: a ticket event comes in as JSON, its SLA clocks go back out as JSON.

A ticketing tool posts the ticket (id, severity, opening, events so far), the
customer's contract and the instant of the change. The handler answers with
the response and resolution status and the escalation schedule: when each
running clock reaches 50%, 75%, 90% and 100% of its target, so the tool can
schedule its reminders. Nothing here reads the wall clock: ``now`` is the
instant in the payload, so a replayed webhook gets the same answer.

``handle`` is framework-free; in Flask or FastAPI it is the body of the route.

Run: python examples/webhook_handler.py
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slakit import Contract, MetricStatus, Ticket, escalation_schedule, evaluate, regions
from slakit.errors import NaiveDatetimeError, SlakitError
from slakit.example_data import data_dir, load_contracts

CONTRACTS = load_contracts(data_dir())  # loaded once, at start-up

SAMPLE = {
    "contract": "kmp-premier-dublin",
    "at": "2026-10-23T17:20:00+01:00",
    "ticket": {
        "id": "T-20417",
        "severity": "sev2",
        "opened_at": "2026-10-23T16:05:00+01:00",
        "events": [
            {"kind": "responded", "at": "2026-10-23T16:41:00+01:00"},
            {"kind": "paused", "at": "2026-10-23T16:50:00+01:00"},
            {"kind": "resumed", "at": "2026-10-23T17:15:00+01:00"},
        ],
    },
}


def handle(body: str | bytes) -> tuple[int, str]:
    """Answer one webhook call: ``(HTTP status, JSON body)``."""
    try:
        payload = json.loads(body)
        name, at, fields = payload["contract"], payload["at"], payload["ticket"]
    except (ValueError, KeyError, TypeError):
        return 400, _error("the body must be a JSON object with contract, at and ticket")
    contract = CONTRACTS.get(name)
    if contract is None:
        return 404, _error(f"unknown contract {name!r}")
    try:
        now = datetime.fromisoformat(at)
        if now.tzinfo is None:
            raise NaiveDatetimeError("at", now)
        ticket = Ticket(**fields)  # checks the timeline; errors name the event and the rule
        status = evaluate(ticket, contract, now)
        schedule = escalation_schedule(ticket, contract, now)
    except SlakitError as error:
        return 400, _error(str(error))
    except (ValueError, TypeError) as error:
        return 400, _error(f"invalid ticket: {error}")
    zone = _local_zone(contract)
    answer = {
        "ticket_id": status.ticket_id,
        "contract": name,
        "tier": f"{status.framework} {status.tier}",
        "severity": status.severity.value,
        "at": now.isoformat(),
        "response": _metric(status.response, zone),
        "resolution": _metric(status.resolution, zone),
        "escalations": [
            {
                "metric": item.metric.value,
                "threshold": f"{item.threshold:%}",
                "at": item.at.astimezone(zone).isoformat(),
            }
            for item in schedule
        ],
    }
    return 200, json.dumps(answer, indent=2)


def _metric(metric: MetricStatus, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "state": metric.state.value,
        "target": str(metric.target),
        "due_at": None if metric.due_at is None else metric.due_at.astimezone(zone).isoformat(),
        "elapsed": _minutes(metric.elapsed),
        "remaining": _minutes(metric.remaining),
        "percent_used": str(metric.percent_used),
        "met": metric.met,
        "breached": metric.breached,
    }


def _local_zone(contract: Contract) -> ZoneInfo:
    """Times go back in the support centre's zone, the one its engineers read."""
    if contract.region is not None:
        return ZoneInfo(regions.get(contract.region).timezone)
    return ZoneInfo(contract.billing_timezone)


def _minutes(value: timedelta) -> str:
    sign, value = ("-", -value) if value < timedelta(0) else ("", value)
    hours, rest = divmod(value, timedelta(hours=1))
    return f"{sign}{hours}h {rest // timedelta(minutes=1):02d}m"


def _error(message: str) -> str:
    return json.dumps({"error": message})


def main() -> None:
    print("POST /webhooks/ticket-updated")
    print(json.dumps(SAMPLE, indent=2))
    status, body = handle(json.dumps(SAMPLE))
    print(f"\n{status}")
    print(body)

    # A timestamp without an offset, or a timeline that cannot happen, is refused
    # with the field or the event that is wrong.
    naive = json.loads(json.dumps(SAMPLE))
    naive["ticket"]["opened_at"] = "2026-10-23T16:05:00"
    status, body = handle(json.dumps(naive))
    print(f"\nThe same call with a naive opened_at:\n{status}\n{body}")
    twice = json.loads(json.dumps(SAMPLE))
    twice["ticket"]["events"].insert(1, {"kind": "resumed", "at": "2026-10-23T16:45:00+01:00"})
    status, body = handle(json.dumps(twice))
    print(f"\nA resume without a pause:\n{status}\n{body}")

    status, body = handle(json.dumps({**SAMPLE, "contract": "acme-gold-paris"}))
    print(f"\nAn unknown contract:\n{status}\n{body}")


if __name__ == "__main__":
    main()
