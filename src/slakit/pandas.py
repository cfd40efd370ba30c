"""pandas DataFrames in and out: evaluate a frame of tickets; statements and reports as frames.

An optional extra: ``pip install "slakit[pandas]"``. pandas is imported when a
function here is called, so ``import slakit.pandas`` works without it.

>>> import pandas as pd
>>> from slakit import Contract
>>> contract = Contract(framework="kmp", tier="premier", region="dublin")
>>> tickets = pd.DataFrame({
...     "id": ["T-1", "T-2"],
...     "severity": ["sev1", "P2"],
...     "opened_at": pd.to_datetime(["2026-10-05T09:00:00+01:00", "2026-10-05T10:00:00+01:00"]),
...     "first_response_at": ["2026-10-05T09:10:00+01:00", None],
... })
>>> frame = evaluate_frame(tickets, contract, now="2026-10-05T10:30:00+00:00")
>>> frame[["ticket_id", "response_state", "response_met"]].values.tolist()
[['T-1', 'stopped', True], ['T-2', 'running', <NA>]]
>>> frame["response_due_at"].dt.strftime("%H:%M").tolist()  # UTC: the timezone of now
['08:15', '11:00']
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Hashable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from slakit.clock import TicketStatus, evaluate
from slakit.credits import CreditStatement
from slakit.errors import DataFileError, NaiveDatetimeError, SlakitError
from slakit.policy import Contract
from slakit.reporting import ComplianceReport
from slakit.severity import Severity
from slakit.tickets import Event, EventKind, Ticket

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compliance_frame", "evaluate_frame", "statement_frame"]

TICKET_COLUMNS = ("id", "severity", "opened_at")
EVENT_COLUMNS = ("ticket_id", "at", "kind")
METRIC_COLUMNS = ("state", "due_at", "elapsed", "met", "breached", "breached_at")
STATUS_COLUMNS = (
    "ticket_id",
    "severity",
    "framework",
    "tier",
    *(f"{metric}_{name}" for metric in ("response", "resolution") for name in METRIC_COLUMNS),
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "slakit.pandas needs pandas; install it with: pip install 'slakit[pandas]'"
        ) from None
    return pandas


def evaluate_frame(
    tickets: pd.DataFrame,
    contract: Contract,
    now: datetime | str,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Evaluate every ticket of a frame at ``now``: one row per ticket, in the frame's order.

    ``tickets`` has the columns of a tickets file: ``id``, ``severity``,
    ``opened_at`` and optionally ``first_response_at`` and ``resolved_at``
    (others are ignored). Instants are aware ``Timestamp``/``datetime``
    values or ISO 8601 strings with an offset; an empty cell, ``None`` or
    ``NaT`` means "not yet". ``events`` optionally adds the other events, as
    in an events file (``ticket_id``, ``at``, ``kind``, ``value``).

    The result has the columns ``ticket_id, severity, framework, tier`` and,
    for ``response`` and ``resolution``, ``<metric>_state, _due_at,
    _elapsed, _met, _breached, _breached_at``. Instants are in the timezone
    of ``now``; ``_met`` is a nullable boolean (``<NA>`` while undecided).

    >>> import pandas as pd
    >>> from slakit import Contract
    >>> contract = Contract(framework="truststram", tier="gold", region="amsterdam")
    >>> tickets = pd.DataFrame({"id": ["T-9"], "severity": ["P3"],
    ...                         "opened_at": [pd.Timestamp("2026-10-05 09:00")]})
    >>> evaluate_frame(tickets, contract, "2026-10-05T12:00:00+02:00")
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: row 0 (ticket T-9), column opened_at is a naive datetime ...

    Raises:
        ImportError: pandas is not installed.
        NaiveDatetimeError: an instant (or ``now``) has no timezone; names the row and column.
        DataFileError: a column is missing, or a cell cannot be read; names the row and column.
    """
    _pandas()
    at = _instant(now, "now")
    if at is None:
        raise DataFileError("now is empty; give the instant to evaluate at")
    extra = _events(events) if events is not None else {}
    statuses = [evaluate(ticket, contract, at) for ticket in _tickets(tickets, extra)]
    if extra:
        unknown = ", ".join(sorted(extra)[:5])
        raise DataFileError(f"events for tickets not in the tickets frame: {unknown}")
    return _status_frame(statuses, at, tickets.index)


def statement_frame(statement: CreditStatement) -> pd.DataFrame:
    """A credit statement as a frame: one row per line, then the subtotal and the total.

    Columns are those of :meth:`CreditStatement.to_records`; ``amount`` holds
    exact ``Decimal`` values, so sums stay exact.

    >>> from slakit import Contract, Outage, monthly_credit
    >>> from datetime import datetime, timezone
    >>> contract = Contract(framework="kmp", tier="standard", region="austin",
    ...                     monthly_fee="USD 4,000", customer="Acme")
    >>> outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 10, 6, 15, tzinfo=timezone.utc), id="O-1")
    >>> frame = statement_frame(monthly_credit(contract, "2026-10", outages=[outage]))
    >>> frame[["kind", "amount", "outages"]].values.tolist()
    [['availability', Decimal('400.00'), 'O-1'], ['subtotal', Decimal('400.00'), ''], \
['total', Decimal('400.00'), '']]
    """
    pandas = _pandas()
    records = statement.to_records()
    frame = pandas.DataFrame.from_records(records, columns=list(records[0]))
    frame["amount"] = [Decimal(text) for text in frame["amount"]]
    return frame


def compliance_frame(report: ComplianceReport) -> pd.DataFrame:
    """A compliance report as a frame: one row per group.

    Columns are those of :meth:`ComplianceReport.to_records`, with ``met``
    and ``breached`` as integers; ``rate`` is the display text (rounded
    down), ``result`` is ``pass``, ``FAIL`` or ``-``.

    >>> from datetime import datetime, timedelta, timezone
    >>> from slakit import Contract, Event, Month, Ticket, compliance, evaluate
    >>> contract = Contract(framework="truststram", tier="platinum", region="austin")
    >>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
    >>> tickets = [Ticket(f"T-{n}", "P1", opened, events=[
    ...     Event.responded(opened + timedelta(minutes=n))]) for n in (5, 10, 20)]
    >>> end = datetime(2026, 11, 1, tzinfo=timezone.utc)
    >>> report = compliance([evaluate(t, contract, end) for t in tickets], Month(2026, 10))
    >>> compliance_frame(report).values.tolist()
    [['platinum', 'SEV1', 'response', 2, 1, '66.66%', '99.9%', 'FAIL']]
    """
    pandas = _pandas()
    columns = [*report.by, "met", "breached", "rate", "goal", "result"]
    frame = pandas.DataFrame.from_records(report.to_records(), columns=columns)
    return frame.astype({"met": "int64", "breached": "int64"})


# -- reading frames --------------------------------------------------------------------------


def _require(frame: pd.DataFrame, required: tuple[str, ...], what: str) -> None:
    missing = [name for name in required if name not in frame.columns]
    if missing:
        have = ", ".join(str(name) for name in frame.columns) or "no columns"
        raise DataFileError(
            f"the {what} frame has no column{'s' * (len(missing) > 1)} {', '.join(missing)}; "
            f"it has {have}"
        )


def _rows(
    frame: pd.DataFrame, columns: tuple[str, ...]
) -> Iterator[tuple[Hashable, dict[str, Any]]]:
    present = [name for name in columns if name in frame.columns]
    for label, *values in zip(frame.index, *(frame[name] for name in present), strict=True):
        yield label, dict(zip(present, values, strict=True))


def _is_missing(value: Any) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    pandas = _pandas()
    return bool(pandas.api.types.is_scalar(value) and pandas.isna(value))


def _instant(value: Any, where: str) -> datetime | None:
    """An aware datetime from a Timestamp, datetime or ISO 8601 string; None when empty."""
    if _is_missing(value):
        return None
    pandas = _pandas()
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise DataFileError(
                f"{where}: {value!r} is not an ISO 8601 instant; "
                "write e.g. 2026-10-05T09:30:00+01:00"
            ) from None
    elif not isinstance(value, datetime):
        try:
            value = pandas.Timestamp(value)  # numpy.datetime64 and the like (always naive)
        except (TypeError, ValueError):
            raise DataFileError(
                f"{where}: {value!r} ({type(value).__name__}) is not an instant"
            ) from None
    if isinstance(value, pandas.Timestamp):
        value = value.to_pydatetime(warn=False)  # slakit counts whole microseconds
    assert isinstance(value, datetime)
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(where, value)
    return value


def _where(label: Hashable, ticket: Any, column: str) -> str:
    named = "" if _is_missing(ticket) else f" (ticket {ticket})"
    return f"row {label}{named}, column {column}"


def _events(frame: pd.DataFrame) -> dict[str, list[Event]]:
    _require(frame, EVENT_COLUMNS, "events")
    kinds = ", ".join(kind.value for kind in EventKind)
    found: dict[str, list[Event]] = {}
    for label, row in _rows(frame, (*EVENT_COLUMNS, "value")):
        ticket_id = str(row["ticket_id"]).strip()
        at = _instant(row["at"], _where(label, ticket_id, "at"))
        if at is None:
            raise DataFileError(f"{_where(label, ticket_id, 'at')}: is empty")
        kind_text = str(row["kind"]).strip().lower()
        try:
            kind = EventKind(kind_text)
        except ValueError:
            raise DataFileError(
                f"{_where(label, ticket_id, 'kind')}: {kind_text!r} is not an event; use {kinds}"
            ) from None
        try:
            if kind is EventKind.SEVERITY_CHANGED:
                event = Event.severity_changed(at, Severity.parse(row.get("value")))
            else:
                event = Event(kind=kind, at=at)
        except SlakitError as error:
            raise DataFileError(f"{_where(label, ticket_id, 'value')}: {error}") from None
        found.setdefault(ticket_id, []).append(event)
    return found


def _tickets(frame: pd.DataFrame, extra: dict[str, list[Event]]) -> Iterator[Ticket]:
    """Tickets from the frame's rows; takes each ticket's events out of ``extra``."""
    _require(frame, TICKET_COLUMNS, "tickets")
    seen: set[str] = set()
    columns = (*TICKET_COLUMNS, "first_response_at", "resolved_at")
    for label, row in _rows(frame, columns):
        if _is_missing(row["id"]):
            raise DataFileError(f"row {label}, column id: is empty")
        ticket_id = str(row["id"]).strip()
        if ticket_id in seen:
            raise DataFileError(f"row {label}, column id: ticket {ticket_id} appears twice")
        seen.add(ticket_id)
        instants = {
            column: _instant(row.get(column), _where(label, ticket_id, column))
            for column in columns[2:]
        }
        opened = instants["opened_at"]
        if opened is None:
            raise DataFileError(f"{_where(label, ticket_id, 'opened_at')}: is empty")
        timeline = []
        if instants["first_response_at"] is not None:
            timeline.append(Event.responded(instants["first_response_at"]))
        timeline += extra.pop(ticket_id, [])
        if instants["resolved_at"] is not None:
            timeline.append(Event.resolved(instants["resolved_at"]))
        timeline.sort(key=lambda event: event.at_us)  # stable: equal instants keep this order
        try:
            yield Ticket(ticket_id, Severity.parse(row["severity"]), opened, events=timeline)
        except NaiveDatetimeError:
            raise
        except SlakitError as error:
            raise DataFileError(f"row {label}: {error}") from None


# -- writing frames --------------------------------------------------------------------------


def _status_frame(statuses: list[TicketStatus], now: datetime, index: Any) -> pd.DataFrame:
    pandas = _pandas()

    def text(values: list[str]) -> Any:
        return pandas.array(values, dtype=object)

    def instants(values: list[datetime | None]) -> Any:
        # Through UTC: every value is an exact instant; shown in the timezone of now.
        utc = pandas.to_datetime(pandas.Series(values, dtype=object), utc=True)
        return utc.dt.tz_convert(now.tzinfo).array

    data: dict[str, Any] = {
        "ticket_id": text([status.ticket_id for status in statuses]),
        "severity": text([status.severity.value for status in statuses]),
        "framework": text([status.framework for status in statuses]),
        "tier": text([status.tier for status in statuses]),
    }
    for name in ("response", "resolution"):
        metrics = [getattr(status, name) for status in statuses]
        data[f"{name}_state"] = text([metric.state.value for metric in metrics])
        data[f"{name}_due_at"] = instants([metric.due_at for metric in metrics])
        data[f"{name}_elapsed"] = pandas.to_timedelta(
            pandas.Series([metric.elapsed for metric in metrics], dtype=object)
        ).array
        data[f"{name}_met"] = pandas.array([metric.met for metric in metrics], dtype="boolean")
        data[f"{name}_breached"] = pandas.array([m.breached for m in metrics], dtype=bool)
        data[f"{name}_breached_at"] = instants([metric.breached_at for metric in metrics])
    return pandas.DataFrame(data, columns=list(STATUS_COLUMNS), index=index)


# -- without pandas ------------------------------------------------------------------------


def _skip_examples(text: str) -> str:
    """Mark every example of a docstring as skipped (they need pandas to run)."""
    return re.sub(r"^(\s*>>> .*)$", r"\1  # doctest: +SKIP", text, flags=re.MULTILINE)


if importlib.util.find_spec("pandas") is None:  # pragma: no cover - depends on the environment
    __doc__ = _skip_examples(__doc__ or "")
    for _function in (evaluate_frame, statement_frame, compliance_frame):
        _function.__doc__ = _skip_examples(_function.__doc__ or "")
