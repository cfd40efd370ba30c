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
from collections.abc import Iterator
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from slakit._frames import pandas_module
from slakit._time import check_instant, parse_instant
from slakit.clock import METRIC_COLUMNS, STATUS_COLUMNS, TicketStatus, evaluate
from slakit.credits import CreditStatement
from slakit.data_files import (
    EVENT_COLUMNS,
    OPTIONAL_EVENT_COLUMNS,
    OPTIONAL_TICKET_COLUMNS,
    TICKET_COLUMNS,
    Row,
    Table,
    build_tickets,
)
from slakit.errors import DataFileError, UsageError, WrongTypeError
from slakit.policy import Contract
from slakit.reporting import ComplianceReport

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUS_COLUMNS", "compliance_frame", "evaluate_frame", "statement_frame"]


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
    in an events file (``ticket_id``, ``at``, ``kind``, ``severity``).

    The result has the columns :data:`~slakit.clock.STATUS_COLUMNS`, named
    as the fields are in Python, JSON and ``slakit evaluate --format csv``:
    ``ticket_id, severity, framework, tier, compliance_goal, opened_at, now``
    and, for ``response`` and ``resolution``, ``<metric>_<field>`` for each
    field of a :class:`~slakit.MetricStatus` but ``metric`` and ``cycles``
    (``response_state``, ``response_due_at``, ``response_elapsed``, ...).
    Instants are ``Timestamp`` values in the timezone of ``now``, durations
    ``Timedelta`` values, percentages and the goal exact ``Decimal`` values;
    ``_met`` is a nullable boolean (``<NA>`` while undecided).

    >>> import pandas as pd
    >>> from slakit import Contract
    >>> contract = Contract(framework="truststram", tier="gold", region="amsterdam")
    >>> tickets = pd.DataFrame({"id": ["T-9"], "severity": ["P3"],
    ...                         "opened_at": [pd.Timestamp("2026-10-05 09:00")]})
    >>> evaluate_frame(tickets, contract, "2026-10-05T12:00:00+02:00")
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: row 0 (ticket T-9), column opened_at is a naive datetime ...

    Rows become tickets by the rules of a tickets file, from the same function
    (:func:`slakit.data_files.build_tickets`): the same columns, the same
    errors (naming the row label and ticket where a file names its row), an
    id given twice, events for tickets not in ``tickets``, and a ticket
    opened after ``now`` are errors.

    Raises:
        ImportError: pandas is not installed.
        NaiveDatetimeError: an instant (or ``now``) has no timezone; names the row and column.
        DataFileError: a column is missing, a cell cannot be read, or a ticket rule is broken;
            names the row and column.
        UsageError: ``now`` is empty or not an instant.
        WrongTypeError: ``tickets`` or ``events`` is not a ``DataFrame``.
    """
    pandas_module()
    at = _now(now)
    ticket_table = _table(
        tickets, "tickets", "the tickets frame", (*TICKET_COLUMNS, *OPTIONAL_TICKET_COLUMNS)
    )
    event_table = None
    if events is not None:
        event_table = _table(
            events, "events", "the events frame", (*EVENT_COLUMNS, *OPTIONAL_EVENT_COLUMNS)
        )
    statuses = [
        evaluate(ticket, contract, at)
        for ticket in build_tickets(ticket_table, event_table, now=at)
    ]
    return _status_frame(statuses, at, tickets.index)


def statement_frame(statement: CreditStatement) -> pd.DataFrame:
    """A credit statement as a frame: one row per line, then the subtotal and the total.

    The same frame as :meth:`CreditStatement.to_frame`. Columns are those of
    :meth:`CreditStatement.to_records`; ``amount`` holds exact ``Decimal``
    values, so sums stay exact.

    >>> from slakit import Contract, Outage, monthly_credit
    >>> from datetime import datetime, timezone
    >>> contract = Contract(framework="kmp", tier="standard", region="austin",
    ...                     monthly_fee="USD 4,000", customer="Acme")
    >>> outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 10, 6, 15, tzinfo=timezone.utc), id="O-1")
    >>> frame = statement_frame(monthly_credit(contract, "2026-10", outages=[outage]))
    >>> frame[["kind", "amount", "items"]].values.tolist()
    [['availability', Decimal('400.00'), '1'], ['subtotal', Decimal('400.00'), ''], \
['total', Decimal('400.00'), '']]

    Raises:
        ImportError: pandas is not installed.
    """
    return statement.to_frame()


def compliance_frame(report: ComplianceReport) -> pd.DataFrame:
    """A compliance report as a frame: one row per group.

    The same frame as :meth:`ComplianceReport.to_frame`. Columns are those of
    :meth:`ComplianceReport.to_records`, with ``met`` and ``breached`` as
    integers; ``rate`` is the display text (rounded down), ``result`` is
    ``pass``, ``FAIL`` or ``-``.

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

    Raises:
        ImportError: pandas is not installed.
    """
    return report.to_frame()


# -- reading frames: rows for data_files.build_tickets, the rules CSV files follow too ----------


def _table(frame: pd.DataFrame, argument: str, name: str, columns: tuple[str, ...]) -> Table:
    """The frame as a :class:`~slakit.data_files.Table` of the ``columns`` it has.

    Refused as a tickets file is: not a frame at all, or a column named twice
    (``frame[name]`` would then be a frame, and its rows would be read wrong).
    """
    pandas = pandas_module()
    if not isinstance(frame, pandas.DataFrame):
        raise WrongTypeError(f"{argument} must be a pandas DataFrame, not {type(frame).__name__}")
    first: dict[str, int] = {}
    for number, column in enumerate(str(column) for column in frame.columns):
        if column in first:
            raise DataFileError(
                f"{name}, column {column}: the frame names this column twice "
                f"(columns {first[column] + 1} and {number + 1})"
            )
        first[column] = number
    present = [column for column in columns if column in frame.columns]
    ticket_column = "id" if "id" in columns else "ticket_id"
    return Table(
        name,
        tuple(str(column) for column in frame.columns),
        _rows(frame, present, ticket_column),
    )


def _rows(frame: pd.DataFrame, present: list[str], ticket_column: str) -> Iterator[Row]:
    pandas = pandas_module()
    for label, *values in zip(frame.index, *(frame[name] for name in present), strict=True):
        cells = {name: _cell(value, pandas) for name, value in zip(present, values, strict=True)}
        ticket = cells.get(ticket_column)
        # Frame row labels are often 0, 1, 2...: messages name the ticket too.
        yield Row("", f"row {label}", cells, "" if ticket is None else str(ticket).strip())


def _cell(value: Any, pandas: Any) -> object:
    """A cell as what rows hold: text, a ``datetime``, another value as is, or None."""
    if value is None or isinstance(value, str):
        return value
    if pandas.api.types.is_scalar(value) and pandas.isna(value):
        return None  # NaN, NaT, pd.NA: not yet
    if isinstance(value, pandas.Timestamp):
        return value.to_pydatetime(warn=False)  # slakit counts whole microseconds
    if isinstance(value, datetime):
        return value
    if pandas.api.types.is_scalar(value) and pandas.api.types.is_datetime64_any_dtype(type(value)):
        return pandas.Timestamp(value).to_pydatetime(warn=False)  # numpy.datetime64: naive
    return value


def _now(value: Any) -> datetime:
    """``now`` as an aware datetime, from a datetime, a Timestamp or ISO 8601 text."""
    cell = _cell(value, pandas_module())
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise UsageError("now is empty; give the instant to evaluate at")
    if isinstance(cell, str):
        return parse_instant(cell, "now", UsageError)
    if isinstance(cell, datetime):
        return check_instant(cell, "now", UsageError)
    raise WrongTypeError(
        f"now must be an aware datetime or ISO 8601 text, not {type(value).__name__} ({value!r})"
    )


# -- writing frames --------------------------------------------------------------------------


_TEXT = frozenset({"state", "severity", "clock", "target", "ticket_id", "framework", "tier"})
_INSTANTS = frozenset({"due_at", "breached_at", "stopped_at", "opened_at", "now"})
_DURATIONS = frozenset({"target_length", "elapsed", "remaining", "wall_elapsed", "paused"})


def _status_frame(statuses: list[TicketStatus], now: datetime, index: Any) -> pd.DataFrame:
    pandas = pandas_module()

    def column(name: str, values: list[Any]) -> Any:
        if name in _TEXT:
            return pandas.array([_text(value) for value in values], dtype=object)
        if name in _INSTANTS:
            # Through UTC: every value is an exact instant; shown in the timezone of now.
            utc = pandas.to_datetime(pandas.Series(values, dtype=object), utc=True)
            return utc.dt.tz_convert(now.tzinfo).array
        if name in _DURATIONS:
            return pandas.to_timedelta(pandas.Series(values, dtype=object)).array
        if name == "met":
            return pandas.array(values, dtype="boolean")  # <NA> while undecided
        if name == "breached":
            return pandas.array(values, dtype=bool)
        return pandas.array(values, dtype=object)  # exact Decimals (or None)

    data: dict[str, Any] = {
        name: column(name, [getattr(status, name) for status in statuses])
        for name in STATUS_COLUMNS[:7]
    }
    for metric in ("response", "resolution"):
        metrics = [getattr(status, metric) for status in statuses]
        for name in METRIC_COLUMNS:
            data[f"{metric}_{name}"] = column(name, [getattr(m, name) for m in metrics])
    return pandas.DataFrame(data, columns=list(STATUS_COLUMNS), index=index)


def _text(value: object) -> str:
    return value.value if isinstance(value, Enum) else str(value)


# -- without pandas ------------------------------------------------------------------------


def _skip_examples(text: str) -> str:
    """Mark every example of a docstring as skipped (they need pandas to run)."""
    return re.sub(r"^(\s*>>> .*)$", r"\1  # doctest: +SKIP", text, flags=re.MULTILINE)


if importlib.util.find_spec("pandas") is None:  # pragma: no cover - depends on the environment
    __doc__ = _skip_examples(__doc__ or "")
    for _function in (evaluate_frame, statement_frame, compliance_frame):
        _function.__doc__ = _skip_examples(_function.__doc__ or "")
