"""A reference integration: ticketing webhooks in, SLA status, SLA events and alerts out.

A ticketing tool posts one webhook per change: the ticket was created, a
reply was sent, it was put on hold, its priority changed. Real streams
arrive duplicated and out of order, so each ticket's events go into a
:class:`slakit.Timeline`, which orders them, drops what is redundant and
reports each drop. Every answer carries the ticket's status (the JSON that
``TicketStatus.to_json`` gives), the SLA events since the ticket was opened
(``sla_events``) and the next instant anything changes (``next_wakeup``).

A scheduler sleeps until the earliest wake-up of all tickets, re-evaluates
the tickets due, raises an alert for each threshold or breach event, and
sleeps again: it sees every change exactly once. Nothing here reads the
wall clock: every instant comes from a webhook or from the schedule, so a
replayed stream gives the same answers.

``TicketDesk.handle`` is framework-free; in Flask or FastAPI it is the body
of the route, with a lock around it if the server runs threads.

Run: python examples/webhook_handler.py
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slakit import (
    Contract,
    SlaEvent,
    SlaEventKind,
    Timeline,
    evaluate,
    next_wakeup,
    sla_events,
)
from slakit.errors import SlakitError
from slakit.example_data import data_dir, load_contracts

ALERTS = (SlaEventKind.THRESHOLD, SlaEventKind.BREACHED)


@dataclass
class TicketDesk:
    """The tickets a service has seen, by id, and the contracts they are served under."""

    contracts: dict[str, Contract]
    timelines: dict[str, Timeline] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    alerted: dict[str, set[tuple[str, str, str, int]]] = field(default_factory=dict)

    def handle(self, body: str | bytes) -> tuple[int, str]:
        """Answer one webhook call: ``(HTTP status, JSON body)``. Nothing is stored unless the
        whole call is valid, so a sender's retry after a 400 is not a duplicate."""
        try:
            payload = json.loads(body)
            kind, ticket_id = payload["type"], str(payload["ticket"]["id"])
            if kind == "ticket.created":
                return self._created(ticket_id, payload)
            if kind == "ticket.event":
                return self._event(ticket_id, payload)
            return 400, _error(
                f"unknown webhook type {kind!r}; send ticket.created or ticket.event"
            )
        except SlakitError as error:  # a bad instant, severity or event: named in the message
            return 400, _error(str(error))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return 400, _error(f"malformed webhook ({type(error).__name__}: {error}); send type, "
                               "ticket.id, and at and event (ticket.event) or contract and "
                               "ticket fields (ticket.created)")  # fmt: skip

    def _created(self, ticket_id: str, payload: dict[str, Any]) -> tuple[int, str]:
        fields, name = payload["ticket"], payload["contract"]
        if not isinstance(name, str) or name not in self.contracts:
            return 404, _error(f"unknown contract {name!r}")
        if ticket_id not in self.timelines:  # a retried create finds the ticket already here
            timeline = Timeline(ticket_id, fields["severity"], fields["opened_at"], contract=name)
            self._answer(timeline, name, fields["opened_at"], ())  # checks before storing
            self.timelines[ticket_id], self.owners[ticket_id] = timeline, name
        timeline = self.timelines[ticket_id]
        return 200, self._answer(timeline, self.owners[ticket_id], fields["opened_at"], ())

    def _event(self, ticket_id: str, payload: dict[str, Any]) -> tuple[int, str]:
        timeline = self.timelines.get(ticket_id)
        if timeline is None:
            return 404, _error(f"unknown ticket {ticket_id!r}; send ticket.created first")
        at, event = payload["at"], payload["event"]
        contract = self.owners[ticket_id]
        # Try the event on a copy first (pure), so a bad `at` stores nothing.
        trial = Timeline.of(timeline.ticket)
        trial.add(event)
        self._answer(trial, contract, at, ())
        dropped = timeline.add(event)  # ordered, deduplicated, each drop reported
        return 200, self._answer(timeline, contract, at, dropped)

    def _answer(self, timeline: Timeline, name: str, at: str, dropped: tuple[Any, ...]) -> str:
        ticket, contract = timeline.ticket, self.contracts[name]
        status = evaluate(ticket, contract, at)  # `at` may be ISO text, like opened_at
        wake = next_wakeup(ticket, contract, at)
        log = sla_events(ticket, contract, end=at)
        answer = {
            "status": json.loads(status.to_json()),
            "dropped": [
                {
                    "kind": item.event.kind.value,
                    "at": item.event.at.isoformat(),
                    "code": item.code,
                    "reason": item.reason,
                }
                for item in dropped
            ],
            "sla_events": [_event_json(event) for event in log],
            "next_wakeup": None if wake is None else wake.isoformat(),
        }
        return json.dumps(answer, indent=2)

    def wakeups(self, now: datetime) -> list[tuple[datetime, str]]:
        """Every ticket's next wake-up after ``now``, soonest first."""
        found = []
        for ticket_id, timeline in self.timelines.items():
            contract = self.contracts[self.owners[ticket_id]]
            if timeline.ticket.opened_at <= now:
                wake = next_wakeup(timeline.ticket, contract, now)
                if wake is not None:
                    found.append((wake, ticket_id))
        return sorted(found)

    def alerts(self, ticket_id: str, now: datetime | str) -> list[SlaEvent]:
        """The threshold and breach events of a ticket up to ``now`` not alerted before.

        Called by the scheduler at each wake-up and after each webhook: a severity
        change can breach a ticket at once, and a late webhook can put a threshold in
        the past, where no wake-up would find it. Alerts are remembered by what they
        say (metric, kind, threshold, cycle), so each is raised once.
        """
        timeline = self.timelines[ticket_id]
        contract = self.contracts[self.owners[ticket_id]]
        seen = self.alerted.setdefault(ticket_id, set())
        new = []
        for event in sla_events(timeline.ticket, contract, end=now):
            key = (event.metric.value, event.kind.value, str(event.threshold), event.cycle)
            if event.kind in ALERTS and key not in seen:
                seen.add(key)
                new.append(event)
        return new


def _event_json(event: SlaEvent) -> dict[str, Any]:
    return event.model_dump(mode="json", exclude_none=True)


def _error(message: str) -> str:
    return json.dumps({"error": message})


STREAM = [
    {"type": "ticket.created", "contract": "kmp-premier-dublin",
     "ticket": {"id": "T-20417", "severity": "sev2", "opened_at": "2026-10-23T16:05:00+01:00"}},
    {"type": "ticket.event", "ticket": {"id": "T-20417"}, "at": "2026-10-23T16:41:00+01:00",
     "event": {"kind": "responded", "at": "2026-10-23T16:41:00+01:00"}},
    {"type": "ticket.event", "ticket": {"id": "T-20417"}, "at": "2026-10-23T16:50:00+01:00",
     "event": {"kind": "paused", "at": "2026-10-23T16:50:00+01:00"}},
    # The same webhook delivered twice: reported as a duplicate, nothing else changes.
    {"type": "ticket.event", "ticket": {"id": "T-20417"}, "at": "2026-10-23T16:50:05+01:00",
     "event": {"kind": "paused", "at": "2026-10-23T16:50:00+01:00"}},
    # Late: the resume at 17:15 arrives after the priority change at 17:18.
    {"type": "ticket.event", "ticket": {"id": "T-20417"}, "at": "2026-10-23T17:18:00+01:00",
     "event": {"kind": "severity_changed", "at": "2026-10-23T17:18:00+01:00",
               "severity": "sev1"}},
    {"type": "ticket.event", "ticket": {"id": "T-20417"}, "at": "2026-10-23T17:20:00+01:00",
     "event": {"kind": "resumed", "at": "2026-10-23T17:15:00+01:00"}},
    # A low-priority ticket raised to SEV1 after six hours: both clocks breach at once.
    {"type": "ticket.created", "contract": "kmp-premier-dublin",
     "ticket": {"id": "T-20418", "severity": "sev3", "opened_at": "2026-10-23T09:00:00+01:00"}},
    {"type": "ticket.event", "ticket": {"id": "T-20418"}, "at": "2026-10-23T15:00:00+01:00",
     "event": {"kind": "severity_changed", "at": "2026-10-23T15:00:00+01:00",
               "severity": "sev1"}},
]  # fmt: skip


def main() -> None:
    desk = TicketDesk(load_contracts(data_dir()))
    for payload in STREAM:
        print(f"POST /webhooks {payload['type']} {json.dumps(payload.get('event', {}))}")
        code, body = desk.handle(json.dumps(payload))
        if payload["ticket"]["id"] == "T-20417":
            last_body = body
        answer = json.loads(body)
        resolution = answer["status"]["resolution"]
        print(f"  {code}: resolution {resolution['state']}, due {resolution['due_at']}, "
              f"next wake-up {answer['next_wakeup']}")  # fmt: skip
        for item in answer["dropped"]:
            print(f"  dropped {item['kind']} at {item['at']}: {item['code']} ({item['reason']})")
        at = payload.get("at") or payload["ticket"]["opened_at"]
        for event in desk.alerts(payload["ticket"]["id"], at):  # what the webhook itself caused
            share = "" if event.threshold is None else f" {event.threshold:%}"
            print(f"  ALERT {payload['ticket']['id']} {event.metric.value} {event.kind.value}"
                  f"{share} at {event.at.isoformat()} ({event.severity.value})")  # fmt: skip
    print("\nThe answer to the resume:")
    print(last_body)

    # The scheduler: sleep until the earliest wake-up, alert, repeat (here: until a day later).
    print("\nScheduler:")
    now = datetime.fromisoformat("2026-10-23T17:20:00+01:00")
    end = datetime.fromisoformat("2026-10-24T17:20:00+01:00")
    while (due := desk.wakeups(now)) and due[0][0] <= end:
        now = due[0][0]
        for wake, ticket_id in due:
            if wake != now:
                break
            for event in desk.alerts(ticket_id, now):
                share = "" if event.threshold is None else f" {event.threshold:%}"
                print(f"  {now.isoformat()} ALERT {ticket_id} {event.metric.value} "
                      f"{event.kind.value}{share} ({event.severity.value})")  # fmt: skip

    # Bad input is refused with what is wrong and where.
    print("\nRefused:")
    for payload in (
        {"type": "ticket.event", "ticket": {"id": "T-20417"}, "at": "2026-10-23T17:30:00",
         "event": {"kind": "paused", "at": "2026-10-23T17:30:00"}},
        {"type": "ticket.event", "ticket": {"id": "T-404"}, "at": "2026-10-23T17:30:00Z",
         "event": {"kind": "paused", "at": "2026-10-23T17:30:00Z"}},
        {"type": "ticket.created", "contract": "acme-gold-paris",
         "ticket": {"id": "T-9", "severity": "sev2", "opened_at": "2026-10-23T16:05:00Z"}},
    ):  # fmt: skip
        code, body = desk.handle(json.dumps(payload))
        print(f"  {code}: {json.loads(body)['error']}")


if __name__ == "__main__":
    main()
