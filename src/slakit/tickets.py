"""Tickets and their event timelines, validated on construction.

>>> from datetime import datetime, timezone
>>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> ticket = Ticket("T-1", "P2", opened, events=[Event.responded(opened.replace(hour=10))])
>>> ticket.severity, ticket.events[0].kind
(<Severity.SEV2: 'SEV2'>, <EventKind.RESPONDED: 'responded'>)
>>> Ticket("T-2", "sev1", opened, events=[Event.resumed(opened)])
Traceback (most recent call last):
...
slakit.errors.TimelineError: ticket T-2, event 0 (resumed at 2026-03-02T09:00:00+00:00): \
resumed without a pause; resume only a paused ticket
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Any, ClassVar

from pydantic import AwareDatetime, ValidationInfo, field_validator, model_validator

from slakit._model import (
    MISSING,
    SlakitModel,
    given,
)
from slakit._text import check_id
from slakit._time import to_us
from slakit.errors import NaiveDatetimeError, TimelineError
from slakit.severity import Severity, SeverityField

__all__ = ["Event", "EventKind", "Ticket"]


class EventKind(StrEnum):
    """What happened to a ticket."""

    RESPONDED = "responded"
    PAUSED = "paused"
    RESUMED = "resumed"
    SEVERITY_CHANGED = "severity_changed"
    RESOLVED = "resolved"
    REOPENED = "reopened"


class Event(SlakitModel):
    """One event on a ticket's timeline; ``severity`` only for ``severity_changed``."""

    _error: ClassVar[type[TimelineError]] = TimelineError

    kind: EventKind
    at: AwareDatetime
    severity: SeverityField | None = None

    @model_validator(mode="after")
    def _severity_only_when_changed(self) -> Event:
        changed = self.kind is EventKind.SEVERITY_CHANGED
        if changed and self.severity is None:
            raise ValueError("a severity_changed event needs the new severity")
        if not changed and self.severity is not None:
            raise ValueError(f"a {self.kind.value} event takes no severity")
        return self

    @cached_property
    def at_us(self) -> int:
        """``at`` in microseconds since the epoch (cached: evaluation reads it often)."""
        return to_us(self.at, "at")

    @classmethod
    def responded(cls, at: datetime) -> Event:
        """The first response was given (later ones do not change the clock)."""
        return cls(kind=EventKind.RESPONDED, at=at)

    @classmethod
    def paused(cls, at: datetime) -> Event:
        """The resolution clock stops (waiting on the customer)."""
        return cls(kind=EventKind.PAUSED, at=at)

    @classmethod
    def resumed(cls, at: datetime) -> Event:
        """The resolution clock runs again."""
        return cls(kind=EventKind.RESUMED, at=at)

    @classmethod
    def severity_changed(cls, at: datetime, severity: Severity | str) -> Event:
        """The ticket's severity changed to ``severity``."""
        return cls(kind=EventKind.SEVERITY_CHANGED, at=at, severity=severity)

    @classmethod
    def resolved(cls, at: datetime) -> Event:
        """The ticket was resolved."""
        return cls(kind=EventKind.RESOLVED, at=at)

    @classmethod
    def reopened(cls, at: datetime) -> Event:
        """A resolved ticket was reopened; its resolution clock runs on."""
        return cls(kind=EventKind.REOPENED, at=at)


class Ticket(SlakitModel):
    """A ticket: id, severity at opening, opening instant, its events in order, its contract.

    ``contract`` is the id of the contract the ticket belongs to (stripped;
    ``""`` when not named; otherwise a valid id, the same rule as
    :attr:`~slakit.policy.Contract.id`). A credit statement folds only its own
    contract's tickets and refuses one that names another.

    >>> from datetime import UTC, datetime
    >>> Ticket("T-3", "P1", datetime(2026, 10, 5, 9, tzinfo=UTC), contract=" acme-gold ").contract
    'acme-gold'

    Timeline rules (a break raises :class:`~slakit.errors.TimelineError` naming
    the ticket, the event index and the rule): events are in time order and
    not before opening; resume only when paused; pause only when running;
    reopen only when resolved; nothing but a reopen after a resolution.
    """

    _error: ClassVar[type[TimelineError]] = TimelineError

    id: str
    severity: SeverityField
    opened_at: AwareDatetime
    events: tuple[Event, ...] = ()
    contract: str = ""

    def __init__(
        self,
        id: str = MISSING,  # the field is called id in every ticketing export
        severity: Severity | str = MISSING,
        opened_at: datetime = MISSING,
        events: Sequence[Event | dict[str, Any]] = (),
        *,
        contract: str = "",
        **unknown: Any,
    ) -> None:
        super().__init__(
            **unknown,
            **given(id=id, severity=severity, opened_at=opened_at),
            events=tuple(events),
            contract=contract,
        )

    @field_validator("contract")
    @classmethod
    def _contract_id(cls, contract: str) -> str:
        text = contract.strip()
        return check_id(text, "contract", ValueError) if text else ""

    @field_validator("id", mode="before")
    @classmethod
    def _text_id(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and not value.strip():
            raise ValueError("a ticket id must not be empty")
        return value

    @cached_property
    def opened_us(self) -> int:
        """``opened_at`` in microseconds since the epoch (cached)."""
        return to_us(self.opened_at, "opened_at")

    @field_validator("events", mode="before")
    @classmethod
    def _events_named(cls, value: Any, info: ValidationInfo) -> Any:
        # Build events here so that a bad one is reported with its ticket and index.
        if not isinstance(value, Sequence) or isinstance(value, str):
            return value
        ticket_id = info.data.get("id", "?")
        events = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                try:
                    item = Event.model_validate(item)
                except NaiveDatetimeError:
                    raise NaiveDatetimeError(f"ticket {ticket_id}, events.{index}.at") from None
                except TimelineError as error:
                    message = str(error).removeprefix("invalid Event: ")
                    raise TimelineError(f"ticket {ticket_id}, event {index}: {message}") from None
            events.append(item)
        return tuple(events)

    @model_validator(mode="after")
    def _timeline(self) -> Ticket:
        check_timeline(self.id, self.opened_at, self.events)
        return self


def check_timeline(ticket_id: str, opened_at: datetime, events: Sequence[Event]) -> None:
    """Raise :class:`TimelineError` at the first event that breaks a timeline rule."""
    paused = resolved = False
    # Compare instants, not datetimes: two datetimes with the same tzinfo compare by
    # wall time and ignore fold, which misorders events in an autumn DST overlap.
    opened = previous = to_us(opened_at, "opened_at")
    previous_at = opened_at
    for index, event in enumerate(events):
        kind = event.kind

        def fail(rule: str, event: Event = event, index: int = index) -> TimelineError:
            return TimelineError(
                f"ticket {ticket_id}, event {index} ({event.kind.value} at "
                f"{event.at.isoformat()}): {rule}"
            )

        at = event.at_us
        if at < opened:
            raise fail(f"comes before the ticket was opened ({opened_at.isoformat()})")
        if at < previous:
            raise fail(f"is out of order: the event before it is at {previous_at.isoformat()}")
        previous, previous_at = at, event.at
        if resolved and kind is not EventKind.REOPENED:
            raise fail("comes after the ticket was resolved; reopen the ticket first")
        if kind is EventKind.PAUSED:
            if paused:
                raise fail("paused twice; resume the ticket before pausing it again")
            paused = True
        elif kind is EventKind.RESUMED:
            if not paused:
                raise fail("resumed without a pause; resume only a paused ticket")
            paused = False
        elif kind is EventKind.RESOLVED:
            resolved, paused = True, False
        elif kind is EventKind.REOPENED:
            if not resolved:
                raise fail("reopened a ticket that is not resolved")
            resolved = False
