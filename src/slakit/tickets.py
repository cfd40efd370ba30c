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

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)

from slakit._model import (
    MISSING,
    SlakitModel,
    given,
)
from slakit._text import check_id, shown
from slakit._time import to_us
from slakit.errors import NaiveDatetimeError, TimelineError
from slakit.severity import Severity, SeverityField

__all__ = [
    "SATISFACTION_SCALE",
    "SATISFIED_FROM",
    "DropCode",
    "Dropped",
    "Event",
    "EventKind",
    "Ingested",
    "SupportLevel",
    "SupportLevelField",
    "Ticket",
]

SATISFACTION_SCALE = (1, 5)
"""The lowest and highest customer-satisfaction score: a survey answer, a whole number 1..5."""
SATISFIED_FROM = 4
"""The lowest score that counts as satisfied (4 or 5 of 5, the usual CSAT reading)."""
_SCALE_TEXT = f"a whole number from {SATISFACTION_SCALE[0]} to {SATISFACTION_SCALE[1]}"

# "L2", "l2", "level 2", "2"; possessive, so runs of spaces are never backtracked over.
_LEVEL_SPELLING = re.compile(r"^(?:l|level)?\s*+([1-3])$")
_LEVELS_ACCEPTED = "L1, L2 or L3 (or 1, 2, 3)"


class SupportLevel(StrEnum):
    """A support level: L1 (first line) to L3 (experts), as the KMP seed names them.

    Levels compare by rank: ``L1 < L2 < L3``.

    >>> SupportLevel.parse("l3"), SupportLevel.parse(2).rank, SupportLevel.L1 < SupportLevel.L3
    (<SupportLevel.L3: 'L3'>, 2, True)
    >>> SupportLevel.parse("L4")
    Traceback (most recent call last):
    ...
    slakit.errors.TimelineError: 'L4' is not a support level; write L1, L2 or L3 (or 1, 2, 3)
    """

    __hash__ = str.__hash__

    L1 = "L1"
    L2 = "L2"
    L3 = "L3"

    @property
    def rank(self) -> int:
        """1 for L1 to 3 for L3."""
        return int(self.value[1])

    def __lt__(self, other: object) -> bool:
        if isinstance(other, SupportLevel):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, SupportLevel):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, SupportLevel):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, SupportLevel):
            return self.rank >= other.rank
        return NotImplemented

    @classmethod
    def parse(cls, value: Any) -> SupportLevel:
        """``"L2"``, ``"l2"``, ``"level 2"``, ``"2"`` or ``2``; else a ``TimelineError``."""
        if isinstance(value, SupportLevel):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3:
            return cls(f"L{value}")
        if isinstance(value, str) and len(value) <= 16:
            match = _LEVEL_SPELLING.match(value.strip().lower())
            if match:
                return cls(f"L{match[1]}")
        raise TimelineError(f"{shown(value)} is not a support level; write {_LEVELS_ACCEPTED}")


def _level_field(value: Any) -> SupportLevel:
    # A plain ValueError, so that the model names the field (it passes a TimelineError
    # through as it is, since those already name their ticket and event).
    try:
        return SupportLevel.parse(value)
    except TimelineError as error:
        raise ValueError(str(error)) from None


SupportLevelField = Annotated[
    SupportLevel, BeforeValidator(_level_field, json_schema_input_type=str | int)
]
"""A model field that accepts every spelling :meth:`SupportLevel.parse` accepts."""


class EventKind(StrEnum):
    """What happened to a ticket."""

    RESPONDED = "responded"
    PAUSED = "paused"
    RESUMED = "resumed"
    SEVERITY_CHANGED = "severity_changed"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    ESCALATED = "escalated"

    @property
    def article(self) -> str:
        """``"an"`` before ``escalated``, ``"a"`` before the others (for messages)."""
        return "an" if self.value[0] in "aeiou" else "a"


class Event(SlakitModel):
    """One event on a ticket's timeline; ``severity`` only for ``severity_changed``,
    ``level`` only for ``escalated``.

    An ``escalated`` event at ``at`` means that the support level ``level``
    engaged the ticket then (took it on): the escalation instant is the
    engagement instant. Escalations do not touch the response and resolution
    clocks.

    >>> from datetime import UTC, datetime
    >>> Event.escalated(datetime(2026, 3, 2, 9, 10, tzinfo=UTC), "L3").level
    <SupportLevel.L3: 'L3'>
    >>> Event(kind="escalated", at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    slakit.errors.TimelineError: invalid Event: an escalated event needs the level it went to \
(L2 or L3)
    """

    _error: ClassVar[type[TimelineError]] = TimelineError

    kind: EventKind
    at: AwareDatetime
    severity: SeverityField | None = None
    level: SupportLevelField | None = None

    @model_validator(mode="after")
    def _severity_only_when_changed(self) -> Event:
        changed = self.kind is EventKind.SEVERITY_CHANGED
        if changed and self.severity is None:
            raise ValueError("a severity_changed event needs the new severity")
        if not changed and self.severity is not None:
            raise ValueError(f"{self.kind.article} {self.kind.value} event takes no severity")
        escalated = self.kind is EventKind.ESCALATED
        if escalated and self.level is None:
            raise ValueError("an escalated event needs the level it went to (L2 or L3)")
        if not escalated and self.level is not None:
            raise ValueError(f"{self.kind.article} {self.kind.value} event takes no level")
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

    @classmethod
    def escalated(cls, at: datetime, level: SupportLevel | str | int) -> Event:
        """Support level ``level`` engaged the ticket (an escalation: levels only go up)."""
        return cls(kind=EventKind.ESCALATED, at=at, level=level)


DropCode = Literal[
    "duplicate",
    "before_opening",
    "after_resolution",
    "already_resolved",
    "already_paused",
    "not_paused",
    "not_resolved",
    "same_severity",
    "not_higher",
]
"""Why :meth:`Ticket.with_events` dropped an event (the rules are checked in this order).

- ``duplicate``: the same kind, instant and severity as the event just before
  it in time order (kept or dropped), or as the last event kept: a stream
  delivered it twice. Instants compare as instants (``10:00Z`` and
  ``11:00+01:00`` are the same). Only copies that change nothing are dropped
  so: ``resolved``, ``reopened``, ``resolved`` at one instant keeps all three.
- ``before_opening``: it happened before the ticket was opened.
- ``after_resolution``: it comes after a resolution and before any reopen
  (only a reopen may follow a resolution). A reply (``responded``) after
  the resolution is dropped so: the resolution already stopped the response
  clock (resolving answers the customer too). A severity change after it
  is dropped so too: no clock runs to retarget.
- ``already_resolved``: ``resolved`` while the ticket is resolved.
- ``already_paused``: ``paused`` while the ticket is paused.
- ``not_paused``: ``resumed`` while the ticket is running (not paused).
- ``not_resolved``: ``reopened`` while the ticket is not resolved.
- ``same_severity``: ``severity_changed`` to the severity the ticket already has.
- ``not_higher``: ``escalated`` to the level the ticket is at, or a lower one
  (a ticket starts at L1; escalations only go up).
"""


class Dropped(SlakitModel):
    """An event the tolerant path left out of a ticket, why (``reason``) and the rule (``code``).

    >>> from datetime import UTC, datetime
    >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> _, dropped = Ticket("T-1", "P2", opened).with_events([Event.resumed(opened)])
    >>> dropped[0].code, dropped[0].reason
    ('not_paused', 'resumed a ticket that is not paused (its clocks are running)')
    """

    _error: ClassVar[type[TimelineError]] = TimelineError

    event: Event
    reason: str
    code: DropCode

    def __init__(
        self,
        event: Event | Mapping[str, Any] = MISSING,
        reason: str = MISSING,
        code: DropCode = MISSING,
        **unknown: Any,
    ) -> None:
        super().__init__(**unknown, **given(event=event, reason=reason, code=code))


class Ticket(SlakitModel):
    """A ticket: id, severity at opening, opening instant, its events in order, its contract.

    ``contract`` is the id of the contract the ticket belongs to (stripped;
    ``""`` when not named; otherwise a valid id, the same rule as
    :attr:`~slakit.policy.Contract.id`). A credit statement folds only its own
    contract's tickets and refuses one that names another.

    >>> from datetime import UTC, datetime
    >>> Ticket("T-3", "P1", datetime(2026, 10, 5, 9, tzinfo=UTC), contract=" acme-gold ").contract
    'acme-gold'

    ``satisfaction`` is the customer's answer to a satisfaction survey on the
    ticket, a whole number from 1 to 5 (:data:`SATISFACTION_SCALE`), or
    ``None`` when there is none; :attr:`satisfied` reads 4 and 5 as satisfied.

    Timeline rules (a break raises :class:`~slakit.errors.TimelineError` naming
    the ticket, the event index and the rule): events are in time order and
    not before opening; resume only when paused; pause only when running;
    reopen only when resolved; nothing but a reopen after a resolution; a
    ticket starts at L1 and an escalation goes to a higher level (L1 -> L2,
    L1 -> L3, L2 -> L3).

    >>> Ticket("T-4", "P1", datetime(2026, 10, 5, 9, tzinfo=UTC), satisfaction=6)
    Traceback (most recent call last):
    ...
    slakit.errors.TimelineError: invalid Ticket: satisfaction: 6 is out of range; \
satisfaction is a survey score, a whole number from 1 to 5
    """

    _error: ClassVar[type[TimelineError]] = TimelineError

    id: str
    severity: SeverityField
    opened_at: AwareDatetime
    events: tuple[Event, ...] = ()
    contract: str = ""
    satisfaction: int | None = None

    def __init__(
        self,
        id: str = MISSING,  # the field is called id in every ticketing export
        severity: Severity | str = MISSING,
        opened_at: datetime = MISSING,
        events: Sequence[Event | dict[str, Any]] = (),
        *,
        contract: str = "",
        satisfaction: int | None = None,
        **unknown: Any,
    ) -> None:
        super().__init__(
            **unknown,
            **given(id=id, severity=severity, opened_at=opened_at),
            events=tuple(events),
            contract=contract,
            satisfaction=satisfaction,
        )

    @field_validator("satisfaction", mode="before")
    @classmethod
    def _score(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                f"{shown(value)} is not a whole number; satisfaction is a survey score, "
                f"{_SCALE_TEXT}"
            )
        low, high = SATISFACTION_SCALE
        if not low <= value <= high:
            raise ValueError(
                f"{value} is out of range; satisfaction is a survey score, {_SCALE_TEXT}"
            )
        return value

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
        # A tuple of events (what the constructor passes) first, without the ABC check:
        # profiled, isinstance(tuple, Sequence) missed the ABC cache on every ticket.
        if type(value) is tuple and all(type(item) is Event for item in value):
            return value
        if not isinstance(value, Sequence) or isinstance(value, str):
            return value
        ticket_id = info.data.get("id", "?")
        return tuple(
            _event(item, ticket_id, f"event {index}", f"events.{index}.at")
            if isinstance(item, Mapping)
            else item
            for index, item in enumerate(value)
        )

    @model_validator(mode="after")
    def _timeline(self) -> Ticket:
        check_timeline(self.id, self.opened_at, self.events)
        return self

    def with_events(self, events: Iterable[Event | Mapping[str, Any]]) -> Ingested:
        """This ticket with ``events`` added, tolerantly: what a live stream sends, in any order.

        The ticket's own events and then ``events`` (in the order given) are
        put in time order, stably (events at one instant keep that order),
        then walked once: each event that would break a timeline rule, or
        that changes nothing, is dropped and reported as a :class:`Dropped`
        with its :data:`DropCode`; every other event is kept. ``ticket``
        is a new :class:`Ticket` of the kept events, checked by the strict
        constructor; ``dropped`` is in time order. A ``resumed`` that finds
        the ticket running, or a ``reopened`` that finds it not resolved,
        waits for the other events of its instant and is kept right after
        one that pauses (or resolves) the ticket, if any: a stream may
        deliver two events of one second reversed. Nothing is lost:
        ``ticket.events`` and ``dropped`` together hold each event given
        (the ticket's own ones too: a late event may make one of them
        redundant) exactly once.

        On a timeline the strict constructor accepts, only a repeated
        ``responded`` at one instant (``duplicate``) and a severity change
        to the current severity (``same_severity``, or ``duplicate`` when it
        repeats the change just before it) are dropped; neither changes what
        :func:`slakit.evaluate` reports.

        >>> from datetime import UTC, datetime
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> ticket, dropped = Ticket("T-1", "P2", opened).with_events([
        ...     Event.resumed(opened.replace(hour=11)),
        ...     {"kind": "paused", "at": "2026-03-02T10:00:00Z"},
        ...     Event.paused(opened.replace(hour=10)),  # delivered twice
        ... ])
        >>> [(event.kind.value, event.at.hour) for event in ticket.events]
        [('paused', 10), ('resumed', 11)]
        >>> [(item.code, item.event.at.hour) for item in dropped]
        [('duplicate', 10)]

        Args:
            events: the new events, as :class:`Event` values or mappings
                with ``kind``, ``at`` and (for ``severity_changed``) ``severity``
                or (for ``escalated``) ``level``.

        Returns:
            ``Ingested(ticket, dropped)``.

        Raises:
            TimelineError: an item is not an event, or a mapping is not a
                valid event; names the ticket and the item's index.
            NaiveDatetimeError: an event's instant has no timezone.
        """
        new = events_of(self.id, events)
        kept, dropped = _ingest(self, (*self.events, *new))
        ticket = Ticket(
            self.id, self.severity, self.opened_at, kept, contract=self.contract,
            satisfaction=self.satisfaction,
        )  # fmt: skip
        return Ingested(ticket, tuple(dropped))

    # -- what the events say (support levels, first contact, satisfaction) -------------------

    @property
    def level(self) -> SupportLevel:
        """The support level the ticket is at after all its events (L1 if never escalated).

        >>> from datetime import UTC, datetime
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> Ticket("T-1", "P1", opened, [Event.escalated(opened, "L3")]).level
        <SupportLevel.L3: 'L3'>
        """
        levels = [event.level for event in self.events if event.level is not None]
        return levels[-1] if levels else SupportLevel.L1

    @property
    def escalated(self) -> bool:
        """Whether the ticket was escalated at all (it has an ``escalated`` event)."""
        return self.level is not SupportLevel.L1

    def level_reached_at(self, level: SupportLevel | str | int) -> datetime | None:
        """When the ticket first reached ``level`` or a higher one; ``None`` if it never did.

        Every ticket is at L1 from its opening. "L3 engaged within 15 minutes" is
        the time from ``opened_at`` to ``level_reached_at("L3")``.

        >>> from datetime import UTC, datetime
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> ticket = Ticket("T-1", "P1", opened, [Event.escalated(opened.replace(minute=12), 3)])
        >>> ticket.level_reached_at("L2").minute, ticket.level_reached_at("L1") == opened
        (12, True)
        """
        wanted = SupportLevel.parse(level)
        if wanted is SupportLevel.L1:
            return self.opened_at
        for event in self.events:
            if event.level is not None and event.level >= wanted:
                return event.at
        return None

    @property
    def resolved_at(self) -> datetime | None:
        """The final resolution: the last ``resolved`` not followed by a reopen; else ``None``.

        >>> from datetime import UTC, datetime
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> Ticket("T-1", "P2", opened, [Event.resolved(opened.replace(hour=10))]).resolved_at.hour
        10
        """
        at = None
        for event in self.events:
            if event.kind is EventKind.RESOLVED:
                at = event.at
            elif event.kind is EventKind.REOPENED:
                at = None
        return at

    @property
    def resolved_level(self) -> SupportLevel | None:
        """The support level the ticket was resolved at; ``None`` if it is not resolved.

        Nothing but a reopen may follow a resolution, so this is :attr:`level`
        of a resolved ticket.
        """
        return None if self.resolved_at is None else self.level

    @property
    def reopened(self) -> bool:
        """Whether the ticket was ever reopened."""
        return any(event.kind is EventKind.REOPENED for event in self.events)

    @property
    def was_paused(self) -> bool:
        """Whether the ticket ever waited on the customer (has a ``paused`` event)."""
        return any(event.kind is EventKind.PAUSED for event in self.events)

    @property
    def first_contact_resolved(self) -> bool | None:
        """Whether the ticket was resolved at first contact; ``None`` if it is not resolved.

        Read on the events there are (no ticketing export counts contacts
        the same way): resolved at L1, never escalated, never reopened, and
        never paused (waiting on the customer means another contact was needed).

        >>> from datetime import UTC, datetime, timedelta
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> hour = timedelta(hours=1)
        >>> Ticket("T-1", "P3", opened, [Event.resolved(opened + hour)]).first_contact_resolved
        True
        >>> Ticket("T-2", "P3", opened, [Event.escalated(opened, "L2"),
        ...        Event.resolved(opened + hour)]).first_contact_resolved
        False
        """
        if self.resolved_at is None:
            return None
        return not (self.escalated or self.reopened or self.was_paused)

    @property
    def satisfied(self) -> bool | None:
        """Whether the customer was satisfied (score >= :data:`SATISFIED_FROM`); ``None``
        when the ticket has no satisfaction score.

        >>> from datetime import UTC, datetime
        >>> Ticket("T-1", "P3", datetime(2026, 3, 2, 9, tzinfo=UTC), satisfaction=4).satisfied
        True
        """
        return None if self.satisfaction is None else self.satisfaction >= SATISFIED_FROM

    def as_of(self, now: datetime) -> Ticket:
        """This ticket as it stood at ``now``: only its events at or before ``now``.

        >>> from datetime import UTC, datetime
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> ticket = Ticket("T-1", "P2", opened, [Event.resolved(opened.replace(hour=11))])
        >>> ticket.as_of(opened.replace(hour=10)).resolved_at is None
        True

        Raises:
            NaiveDatetimeError: ``now`` has no timezone.
        """
        limit = to_us(now, "now")
        kept = tuple(event for event in self.events if event.at_us <= limit)
        if len(kept) == len(self.events):
            return self
        return Ticket(
            self.id, self.severity, self.opened_at, kept, contract=self.contract,
            satisfaction=self.satisfaction,
        )  # fmt: skip


class Ingested(NamedTuple):
    """What :meth:`Ticket.with_events` gives: the new ticket and what it dropped, in time order.

    >>> from datetime import UTC, datetime
    >>> ticket, dropped = Ticket("T-1", "P2", datetime(2026, 3, 2, 9, tzinfo=UTC)).with_events([])
    >>> ticket.id, dropped
    ('T-1', ())
    """

    ticket: Ticket
    dropped: tuple[Dropped, ...]


def events_of(ticket_id: str, items: Iterable[Event | Mapping[str, Any]]) -> list[Event]:
    """``items`` as events: an :class:`Event` as it is, a mapping validated as one.

    >>> events_of("T-1", [{"kind": "paused", "at": "2026-03-02T10:00:00Z"}])[0].kind
    <EventKind.PAUSED: 'paused'>
    >>> events_of("T-1", [{"kind": "paused"}])
    Traceback (most recent call last):
    ...
    slakit.errors.TimelineError: ticket T-1, new event 0: at: Field required

    Raises:
        TimelineError: an item is neither, or not a valid event; names the ticket and index.
        NaiveDatetimeError: an event's instant has no timezone; names the ticket and index.
    """
    if isinstance(items, str | bytes | Mapping | Event):
        raise TimelineError(
            f"ticket {ticket_id}: new events must be a list (or other iterable) of events, "
            f"not {type(items).__name__}"
        )
    events = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            item = _event(item, ticket_id, f"new event {index}", f"new event {index}, at")
        elif not isinstance(item, Event):
            raise TimelineError(
                f"ticket {ticket_id}, new event {index}: {item!r} ({type(item).__name__}) is "
                "not an event; give an Event or a mapping with kind, at, and severity or level"
            )
        events.append(item)
    return events


def _event(item: Mapping[str, Any], ticket_id: str, where: str, instant: str) -> Event:
    """A mapping validated as an event, its errors naming the ticket and the event (``where``;
    ``instant`` names its ``at`` for a naive instant)."""
    try:
        return Event.model_validate(item)
    except NaiveDatetimeError:
        raise NaiveDatetimeError(f"ticket {ticket_id}, {instant}") from None
    except TimelineError as error:
        message = str(error).removeprefix("invalid Event: ")
        raise TimelineError(f"ticket {ticket_id}, {where}: {message}") from None


#: Drops that a later event at the same instant can undo: a resume that arrived before the
#: pause it ends, a reopen before the resolution it reopens (ticketing tools stamp events
#: to the second, and a stream may deliver two of one second in either order).
_WAITING = frozenset({"not_paused", "not_resolved"})


class _Walk:
    """The state of a tolerant walk over a ticket's events in time order."""

    def __init__(self, ticket: Ticket) -> None:
        self.ticket = ticket
        self.severity = ticket.severity
        self.paused: Event | None = None  # the pause in force
        self.resolved: Event | None = None  # the resolution in force
        self.level = SupportLevel.L1
        # What identifies the event just before in time order, and the last kept.
        self.previous: _Key | None = None
        self.last_kept: _Key | None = None
        self.kept: list[Event] = []

    def why_not(self, event: Event) -> tuple[DropCode, str] | None:
        """Why ``event`` is dropped here, or ``None`` if it is kept."""
        kind, at = event.kind, event.at_us
        if _key(event) in (self.previous, self.last_kept):
            return "duplicate", "repeats an event just before it (same kind, instant, severity)"
        if at < self.ticket.opened_us:
            return "before_opening", (
                f"comes before the ticket was opened ({self.ticket.opened_at.isoformat()})"
            )
        if self.resolved is not None and kind is not EventKind.REOPENED:
            since = self.resolved.at.isoformat()
            if kind is EventKind.RESOLVED:
                return "already_resolved", f"the ticket is already resolved (at {since})"
            reason = f"comes after the ticket was resolved (at {since}) and before a reopen"
            if kind is EventKind.RESPONDED:
                reason += "; the resolution already stopped the response clock"
            return "after_resolution", reason
        if kind is EventKind.PAUSED and self.paused is not None:
            return "already_paused", (
                f"the ticket is already paused (since {self.paused.at.isoformat()})"
            )
        if kind is EventKind.RESUMED and self.paused is None:
            return "not_paused", "resumed a ticket that is not paused (its clocks are running)"
        if kind is EventKind.REOPENED and self.resolved is None:
            return "not_resolved", "reopened a ticket that is not resolved"
        if kind is EventKind.SEVERITY_CHANGED and event.severity is self.severity:
            return "same_severity", f"the ticket is already {self.severity.value}"
        if event.level is not None and event.level <= self.level:
            return "not_higher", (
                f"escalated to {event.level.value} while the ticket is at {self.level.value}; "
                "escalations only go up"
            )
        return None

    def keep(self, event: Event) -> None:
        kind = event.kind
        self.kept.append(event)
        self.last_kept = _key(event)
        if kind is EventKind.PAUSED:
            self.paused = event
        elif kind is EventKind.RESUMED:
            self.paused = None
        elif kind is EventKind.RESOLVED:
            self.resolved, self.paused = event, None
        elif kind is EventKind.REOPENED:
            self.resolved = None
        elif kind is EventKind.SEVERITY_CHANGED:
            self.severity = event.severity or self.severity
        elif kind is EventKind.ESCALATED:
            self.level = event.level or self.level


_Key = tuple[EventKind, int, Severity | None, SupportLevel | None]


def _key(event: Event) -> _Key:
    """What a repeated delivery of ``event`` has in common with it."""
    return event.kind, event.at_us, event.severity, event.level


def _ingest(ticket: Ticket, events: Sequence[Event]) -> tuple[list[Event], list[Dropped]]:
    """The events to keep and those to drop, both in time order (see :data:`DropCode`).

    A resume or reopen that finds nothing to resume or reopen waits for the other
    events of its instant: if one of them pauses or resolves the ticket, it is kept
    after that one; otherwise it is dropped at the end of its instant.
    """
    walk = _Walk(ticket)
    dropped: list[Dropped] = []
    ordered = sorted(events, key=attrgetter("at_us"))  # sorted() is stable
    for _, same_instant in groupby(ordered, key=attrgetter("at_us")):
        waiting: list[tuple[Event, DropCode, str]] = []
        for event in same_instant:
            why = walk.why_not(event)
            walk.previous = _key(event)
            if why is None:
                walk.keep(event)
                # An event just kept may let a waiting resume or reopen in.
                for item in list(waiting):
                    if walk.why_not(item[0]) is None:
                        waiting.remove(item)
                        walk.keep(item[0])
                        walk.previous = _key(item[0])
            elif why[0] in _WAITING:
                waiting.append((event, *why))
            else:
                dropped.append(Dropped(event, why[1], why[0]))
        dropped.extend(Dropped(event, reason, code) for event, code, reason in waiting)
    return walk.kept, dropped


@dataclass(frozen=True, slots=True)
class TimelineBreak:
    """The first event of a timeline that breaks a rule: its index, the field at fault
    (``at`` for the instant, ``level`` for an escalation, otherwise ``kind``) and the error."""

    index: int
    field: str
    error: TimelineError


def check_timeline(ticket_id: str, opened_at: datetime, events: Sequence[Event]) -> None:
    """Raise :class:`TimelineError` at the first event that breaks a timeline rule."""
    found = find_break(ticket_id, opened_at, events)
    if found is not None:
        raise found.error


def find_break(
    ticket_id: str, opened_at: datetime, events: Sequence[Event]
) -> TimelineBreak | None:
    """The first event that breaks a timeline rule, or ``None`` when the timeline is valid.

    >>> from datetime import UTC, datetime
    >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> found = find_break("T-1", opened, [Event.escalated(opened.replace(hour=8), "L2")])
    >>> found.index, found.field, str(found.error)
    (0, 'at', 'ticket T-1, event 0 (escalated at 2026-03-02T08:00:00+00:00): comes before \
the ticket was opened (2026-03-02T09:00:00+00:00)')
    """
    paused = resolved = False
    level = SupportLevel.L1
    # Compare instants, not datetimes: two datetimes with the same tzinfo compare by
    # wall time and ignore fold, which misorders events in an autumn DST overlap.
    opened = previous = to_us(opened_at, "opened_at")
    previous_at = opened_at
    for index, event in enumerate(events):
        kind = event.kind

        def fail(
            rule: str, field: str = "kind", event: Event = event, index: int = index
        ) -> TimelineBreak:
            return TimelineBreak(
                index,
                field,
                TimelineError(
                    f"ticket {ticket_id}, event {index} ({event.kind.value} at "
                    f"{event.at.isoformat()}): {rule}"
                ),
            )

        at = event.at_us
        if at < opened:
            return fail(f"comes before the ticket was opened ({opened_at.isoformat()})", "at")
        if at < previous:
            return fail(
                f"is out of order: the event before it is at {previous_at.isoformat()}", "at"
            )
        previous, previous_at = at, event.at
        if resolved and kind is not EventKind.REOPENED:
            return fail("comes after the ticket was resolved; reopen the ticket first")
        if kind is EventKind.PAUSED:
            if paused:
                return fail("paused twice; resume the ticket before pausing it again")
            paused = True
        elif kind is EventKind.RESUMED:
            if not paused:
                return fail("resumed without a pause; resume only a paused ticket")
            paused = False
        elif kind is EventKind.RESOLVED:
            resolved, paused = True, False
        elif kind is EventKind.REOPENED:
            if not resolved:
                return fail("reopened a ticket that is not resolved")
            resolved = False
        elif event.level is not None:
            if event.level <= level:
                return fail(
                    f"escalated to {event.level.value} but the ticket is already at "
                    f"{level.value}; escalations only go up (L1 -> L2 -> L3)",
                    "level",
                )
            level = event.level
    return None
