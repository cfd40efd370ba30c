"""A ticket built from a live stream of events: duplicated, late, out of order.

A :class:`Timeline` holds every event it was given, in the order they
arrived, and its ticket is always what :meth:`Ticket.with_events
<slakit.tickets.Ticket.with_events>` makes of all of them: ordered by
instant, duplicates and redundant transitions dropped and reported.

>>> from datetime import UTC, datetime
>>> from slakit.tickets import Event
>>> timeline = Timeline("T-7", "P2", datetime(2026, 3, 2, 9, tzinfo=UTC))
>>> timeline.add(Event.paused(datetime(2026, 3, 2, 10, tzinfo=UTC)))
()
>>> [item.code for item in timeline.add(Event.paused(datetime(2026, 3, 2, 10, tzinfo=UTC)))]
['duplicate']
>>> len(timeline), len(timeline.ticket.events), len(timeline.dropped)
(2, 1, 1)

A timeline is a mutable accumulator, not a value: give each ticket its own,
and guard one that several threads feed with a lock. The tickets it gives
are frozen values like any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from slakit.errors import WrongTypeError
from slakit.severity import Severity
from slakit.tickets import Dropped, Event, Ticket, events_of

__all__ = ["Timeline"]


class Timeline:
    """The events of one ticket as they arrive, and the ticket they make.

    ``Timeline(id, severity, opened_at, contract="")`` starts a ticket with
    no events (the arguments are checked as :class:`~slakit.tickets.Ticket`
    checks them); :meth:`of` starts from a ticket and its events.

    Invariants, after every call: ``ticket`` and ``dropped`` are exactly
    ``Ingested`` of ``Ticket(id, severity, opened_at, contract=contract)
    .with_events(every event given, in the order given)``, and
    ``len(timeline) == len(timeline.ticket.events) + len(timeline.dropped)``.

    >>> from datetime import UTC, datetime
    >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> timeline = Timeline("T-8", "P1", opened, contract="acme-gold")
    >>> timeline.ticket.contract, len(timeline)
    ('acme-gold', 0)
    """

    __slots__ = ("_base", "_dropped", "_received", "_ticket")

    def __init__(
        self,
        id: str,  # the field is called id in every ticketing export
        severity: Severity | str,
        opened_at: datetime,
        contract: str = "",
    ) -> None:
        self._start(Ticket(id, severity, opened_at, contract=contract))

    def _start(self, base: Ticket) -> None:
        self._base = base
        self._received: list[Event] = []
        self._ticket = base
        self._dropped: tuple[Dropped, ...] = ()

    @classmethod
    def of(cls, ticket: Ticket) -> Timeline:
        """A timeline that starts with ``ticket`` and its events (received first, in order).

        A ticket the strict constructor accepted may still lose an event: a
        repeated ``responded`` at one instant, or a severity change to the
        current severity (see :meth:`Ticket.with_events
        <slakit.tickets.Ticket.with_events>`).

        >>> from datetime import UTC, datetime
        >>> from slakit.tickets import Event
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> ticket = Ticket("T-9", "P3", opened, events=[Event.responded(opened)])
        >>> Timeline.of(ticket).ticket == ticket
        True

        Raises:
            WrongTypeError: ``ticket`` is not a :class:`~slakit.tickets.Ticket`.
        """
        if not isinstance(ticket, Ticket):
            raise WrongTypeError(f"ticket must be a Ticket, not {type(ticket).__name__}")
        timeline = cls.__new__(cls)
        timeline._start(ticket.model_copy(update={"events": ()}))
        timeline._ingest(ticket.events)
        return timeline

    def add(self, *events: Event | Mapping[str, Any]) -> tuple[Dropped, ...]:
        """Add events (any order, any instants) and return what is dropped now and was not before.

        The whole timeline is worked again with the new events in their
        places, so a late event can change the fate of earlier ones: a late
        ``resolved`` makes a reply that came after it ``after_resolution``
        (dropped), and a late ``resumed`` makes a second ``paused`` that had
        been dropped as ``already_paused`` valid again (kept).

        The result is the entries of ``dropped`` after the call whose event
        and code were not in ``dropped`` before it (counting copies), in
        time order: the new events dropped, and each earlier event dropped
        now that was kept before, or dropped before under another code. An
        event dropped before under the same code is not repeated, even if
        its reason now reads differently (already paused since an earlier
        pause). An earlier event dropped before and kept now is not in the
        result either: it has left ``dropped`` and is in ``ticket.events``.

        All or nothing: when an event is not valid, the error is raised and
        nothing is added.

        >>> from datetime import UTC, datetime, timedelta
        >>> from slakit.tickets import Event
        >>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> timeline = Timeline("T-10", "P2", opened)
        >>> timeline.add(Event.responded(opened + timedelta(hours=3)))
        ()
        >>> [(item.code, item.event.kind.value)
        ...  for item in timeline.add(Event.resolved(opened + timedelta(hours=2)))]
        [('after_resolution', 'responded')]

        Raises:
            TimelineError: an item is not an event, or a mapping is not a valid
                event; names the ticket and the item's index in this call.
            NaiveDatetimeError: an event's instant has no timezone.
        """
        new = events_of(self._base.id, events)
        if not new:
            return ()
        before = Counter((item.event, item.code) for item in self._dropped)
        self._ingest(new)
        added = []
        for item in self._dropped:
            if before[item.event, item.code]:
                before[item.event, item.code] -= 1
            else:
                added.append(item)
        return tuple(added)

    def _ingest(self, new: list[Event] | tuple[Event, ...]) -> None:
        received = [*self._received, *new]
        ticket, dropped = self._base.with_events(received)
        self._received, self._ticket, self._dropped = received, ticket, dropped

    @property
    def ticket(self) -> Ticket:
        """The ticket of the events kept so far (a frozen, validated :class:`Ticket`).

        >>> from datetime import UTC, datetime
        >>> Timeline("T-11", "sev2", datetime(2026, 3, 2, 9, tzinfo=UTC)).ticket.severity.value
        'SEV2'
        """
        return self._ticket

    @property
    def dropped(self) -> tuple[Dropped, ...]:
        """Every event given and not kept, with why, in time order.

        The codes are those of :data:`~slakit.tickets.DropCode`.

        >>> from datetime import UTC, datetime
        >>> Timeline("T-12", "P4", datetime(2026, 3, 2, 9, tzinfo=UTC)).dropped
        ()
        """
        return self._dropped

    def __len__(self) -> int:
        """How many events were given, kept or dropped."""
        return len(self._received)

    def __repr__(self) -> str:
        return (
            f"Timeline(ticket={self._base.id!r}, events={len(self._received)}, "
            f"kept={len(self._ticket.events)}, dropped={len(self._dropped)})"
        )
