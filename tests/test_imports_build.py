"""Applying a mapping to drafts: the state machine of statuses, replies, unknowns, drops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit.errors import DataFileError
from slakit.imports.build import build_result, clock_events
from slakit.imports.export import Change, Draft, Export, RawVerdict
from slakit.imports.mapping import ResponseRule, SourceMapping

MAPPING = SourceMapping(
    "demo",
    statuses={"new": "running", "open": "running", "pending": "paused", "hold": "paused",
              "solved": "resolved", "closed": "resolved"},
    priorities={"urgent": "sev1", "high": "sev2", "normal": "sev3"},
    metrics={"reply_time": "response", "wait": "resolution"},
    contract="acme",
)  # fmt: skip


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


def status(hour: int, value: str) -> Change:
    return Change(at(hour), "status", value)


def events(*changes: Change, opening: str | None = "new") -> list[tuple[str, int]]:
    draft = Draft("1", at(9), "high", opening, changes)
    return [(event.kind.value, event.at.hour) for event in clock_events(draft, MAPPING)]


def test_the_status_state_machine() -> None:
    assert events(status(10, "pending"), status(11, "open")) == [("paused", 10), ("resumed", 11)]
    # pending then hold: both paused, one pause.
    assert events(status(10, "pending"), status(11, "hold")) == [("paused", 10)]
    assert events(status(10, "solved"), status(11, "closed")) == [("resolved", 10)]
    assert events(status(10, "solved"), status(11, "open")) == [("resolved", 10), ("reopened", 11)]
    assert events(status(10, "solved"), status(11, "pending")) == [
        ("resolved", 10), ("reopened", 11), ("paused", 11),
    ]  # fmt: skip
    assert events(status(10, "pending"), status(11, "solved")) == [("paused", 10), ("resolved", 11)]


def test_the_status_at_opening() -> None:
    assert events(opening="pending") == [("paused", 9)]
    assert events(opening="solved") == [("resolved", 9)]
    assert events(opening=None) == []


def test_changes_are_put_in_time_order() -> None:
    assert events(status(11, "open"), status(10, "pending")) == [("paused", 10), ("resumed", 11)]


def test_only_the_first_counted_reply_is_the_response() -> None:
    replies = (
        Change(at(10), "reply", public=False),  # a private note
        Change(at(11), "reply", by_requester=True),  # the requester
        Change(at(12), "reply"),  # the response
        Change(at(13), "reply"),
    )
    assert events(*replies) == [("responded", 12)]
    loose = SourceMapping("demo", response=ResponseRule(public_only=False))
    draft = Draft("1", at(9), "high", None, replies)
    assert [e.at.hour for e in clock_events(draft, loose)] == [10]


def test_priority_changes_and_unknown_names() -> None:
    draft = Draft("7", at(9), "high", "new", (
        Change(at(10), "priority", "urgent"), Change(at(11), "priority", "P0 - everything"),
        Change(at(12), "status", "escalated"), Change(at(13), "status", "Escalated"),
    ), where="e.json, tickets[0]")  # fmt: skip
    result = build_result("demo", Export((draft,)), MAPPING, ["e.json"])
    [ticket] = result.tickets
    assert (ticket.severity.value, ticket.contract) == ("SEV2", "acme")
    assert [(e.kind.value, e.severity.value if e.severity else None) for e in ticket.events] == [
        ("severity_changed", "SEV1"),
    ]
    assert [(u.kind, u.name, u.count, u.tickets) for u in result.report.unknown] == [
        ("status", "escalated", 2, ("7",)), ("priority", "P0 - everything", 1, ("7",)),
    ]  # fmt: skip


def test_tickets_without_a_known_priority_are_skipped_and_reported() -> None:
    drafts = (
        Draft("1", at(9), None, where="e.json, tickets[0]"),
        Draft("2", at(9), "  ", where="e.json, tickets[1]"),
        Draft("3", at(9), "Critical", where="e.json, tickets[2]"),
        Draft("4", at(9), "normal", where="e.json, tickets[3]"),
    )
    result = build_result("demo", Export(drafts), MAPPING)
    assert [t.id for t in result.tickets] == ["4"]
    assert [(s.ticket_id, s.where) for s in result.report.skipped] == [
        ("1", "e.json, tickets[0]"), ("2", "e.json, tickets[1]"), ("3", "e.json, tickets[2]"),
    ]  # fmt: skip
    assert "has no priority" in result.report.skipped[0].reason
    assert "priority 'Critical' is not in the [priorities] table of demo defaults" in (
        result.report.skipped[2].reason
    )
    assert [(u.kind, u.name) for u in result.report.unknown] == [("priority", "Critical")]


def test_events_the_timeline_drops_are_reported() -> None:
    # A reply before the ticket was opened (a clock out of step) is dropped, not lost.
    draft = Draft("1", at(9), "high", None, (Change(at(8), "reply"),))
    result = build_result("demo", Export((draft,)), MAPPING)
    assert result.tickets[0].events == ()
    [drop] = result.report.dropped
    assert (drop.ticket_id, drop.dropped.code) == ("1", "before_opening")


def test_verdicts_are_mapped_and_the_rest_reported() -> None:
    drafts = (Draft("1", at(9), "high"), Draft("2", at(9), "unknown"))
    verdicts = (
        RawVerdict("1", "reply_time", True, due_at=at(10), where="m.json, [0]"),
        RawVerdict("1", "next_reply_time", False, where="m.json, [1]"),
        RawVerdict("2", "reply_time", False, where="m.json, [2]"),
        RawVerdict("9", "wait", None, where="m.json, [3]"),
    )
    result = build_result("demo", Export(drafts, verdicts), MAPPING)
    [verdict] = result.verdicts
    assert (verdict.ticket_id, verdict.metric.value, verdict.breached, verdict.due_at) == (
        "1", "response", True, at(10),
    )  # fmt: skip
    assert [(s.ticket_id, s.reason) for s in result.report.skipped[1:]] == [
        ("2", "a reply_time verdict on ticket 2, which was skipped"),
        ("9", "a wait verdict on ticket 9, which is not in the export"),
    ]
    assert ("metric", "next_reply_time") in [(u.kind, u.name) for u in result.report.unknown]
    assert result.report.verdicts == 1


def test_a_ticket_id_twice_is_an_error() -> None:
    drafts = (Draft("1", at(9), "high", where="a.json, tickets[0]"),
              Draft("1", at(10), "high", where="b.json, tickets[4]"))  # fmt: skip
    with pytest.raises(DataFileError, match=r"b.json, tickets\[4\]: ticket 1 appears twice, "
                       r"first at a.json, tickets\[0\]"):  # fmt: skip
        build_result("demo", Export(drafts), MAPPING)


def test_an_invalid_ticket_names_its_record() -> None:
    with pytest.raises(
        DataFileError, match=r"e.json, tickets\[0\]: ticket .*a ticket id must not be empty"
    ):
        build_result("demo", Export((Draft("  ", at(9), "high", where="e.json, tickets[0]"),)),
                     MAPPING)  # fmt: skip


# -- a reference: the clock's state follows the last status the table knows ----------------------

STATUS_NAMES = ["new", "open", "pending", "hold", "solved", "closed", "escalated", "On Hold"]


@given(
    opening=st.sampled_from([None, *STATUS_NAMES]),
    steps=st.lists(st.tuples(st.integers(1, 600), st.sampled_from(STATUS_NAMES)), max_size=12),
)
@settings(max_examples=200, deadline=None)
def test_the_clock_state_is_the_effect_of_the_last_known_status(
    opening: str | None, steps: list[tuple[int, str]]
) -> None:
    opened = at(9)
    changes = tuple(Change(opened + timedelta(minutes=m), "status", name) for m, name in steps)
    draft = Draft("1", opened, "high", opening, changes)
    result = build_result("demo", Export((draft,)), MAPPING)
    [ticket] = result.tickets
    # Walk the kept events the way the strict timeline rules read them.
    state = "running"
    for event in ticket.events:
        state = {"paused": "paused", "resumed": "running", "resolved": "resolved",
                 "reopened": "running"}[event.kind.value]  # fmt: skip
    ordered = sorted(steps, key=lambda step: step[0])  # stable, as the base sorts
    known = [MAPPING.status(name) for name in [opening or "new"] + [n for _, n in ordered]]
    expected = next((effect for effect in reversed(known) if effect is not None), "running")
    assert state == expected
    assert result.report.dropped == ()  # status changes alone never break a timeline rule
    unknown = sum(1 for name in [opening or "new"] + [n for _, n in steps]
                  if MAPPING.status(name) is None)  # fmt: skip
    assert sum(item.count for item in result.report.unknown) == unknown
