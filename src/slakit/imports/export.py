"""What an importer reads an export into: tickets and verdicts in the vendor's own words.

An importer only reads: it turns its vendor's records into :class:`Draft`
tickets (the priority and status at opening, then each status change,
priority change and reply as a :class:`Change`) and :class:`RawVerdict`
verdicts, passing status, priority and metric names through as written.
:func:`slakit.imports.build.build_result` then maps the names, counts those
no table names, and makes slakit tickets.

>>> from datetime import UTC, datetime
>>> opened = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> draft = Draft("101", opened, "urgent", "new",
...               (Change(opened.replace(hour=10), "reply", public=False),))
>>> draft.changes[0].kind, draft.changes[0].public
('reply', False)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from slakit._time import require_aware
from slakit.imports.result import Skipped, VendorClockEvent

__all__ = ["Change", "ChangeKind", "Draft", "Export", "RawVerdict"]

ChangeKind = Literal["status", "priority", "reply"]


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that happened to a ticket, in the vendor's words.

    ``value`` is the new status or priority name as the export writes it (a
    reply has none); ``public`` and ``by_requester`` describe a reply: seen by
    the requester, written by the requester. ``where`` names the record.
    """

    at: datetime
    kind: ChangeKind
    value: str = ""
    public: bool = True
    by_requester: bool = False
    where: str = ""

    def __post_init__(self) -> None:
        require_aware(self.at, f"{self.where or 'change'} at")


@dataclass(frozen=True, slots=True)
class Draft:
    """One ticket as the export has it: id, opening, priority and status at opening, changes.

    ``priority`` is ``None`` when the export gives none; ``status`` ``None``
    is taken as running. ``changes`` may come in any order (they are put in
    time order, stably).
    """

    id: str
    opened_at: datetime
    priority: str | None
    status: str | None = None
    changes: tuple[Change, ...] = ()
    where: str = ""

    def __post_init__(self) -> None:
        require_aware(self.opened_at, f"{self.where or 'ticket ' + self.id} opened_at")


@dataclass(frozen=True, slots=True)
class RawVerdict:
    """The vendor's verdict on one ticket and one of its metrics, before the metric is mapped.

    ``breached``: ``True`` breached, ``False`` met, ``None`` not decided. See
    :class:`~slakit.imports.result.VendorVerdict` for the other fields.
    """

    ticket_id: str
    vendor_metric: str
    breached: bool | None
    due_at: datetime | None = None
    breached_at: datetime | None = None
    stopped_at: datetime | None = None
    events: tuple[VendorClockEvent, ...] = ()
    where: str = ""


@dataclass(frozen=True, slots=True)
class Export:
    """Everything an importer read: the tickets, the vendor's verdicts, the records it skipped."""

    drafts: tuple[Draft, ...]
    verdicts: tuple[RawVerdict, ...] = ()
    skipped: tuple[Skipped, ...] = ()
