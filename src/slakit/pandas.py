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
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from slakit._frames import pandas_module
from slakit._text import check_id
from slakit._time import FIRST_YEAR, LAST_YEAR, check_instant, parse_instant, to_us
from slakit.availability import Period
from slakit.clock import STATUS_COLUMNS
from slakit.columnar import (
    KINDS,
    METRICS,
    NAT,
    SEVERITIES,
    STATES,
    Batch,
    EventColumns,
    StatusColumns,
    batch_of_tickets,
    evaluate_batch,
    timelines_valid,
)
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
from slakit.errors import DataFileError, SlakitError, UsageError, WrongTypeError
from slakit.policy import Contract
from slakit.reporting import ComplianceReport
from slakit.severity import Severity
from slakit.tickets import EventKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPLIANCE_COLUMNS",
    "FRAME_COLUMNS",
    "STATUS_COLUMNS",
    "compliance_frame",
    "evaluate_frame",
    "statement_frame",
]

#: The columns of :func:`evaluate_frame`: :data:`~slakit.clock.STATUS_COLUMNS` (the ticket's
#: fields, then ``response_<field>`` and ``resolution_<field>``), then ``contract``,
#: ``customer``, ``response_cycles`` and ``resolution_cycles``.
FRAME_COLUMNS: tuple[str, ...] = (
    *STATUS_COLUMNS,
    "contract",
    "customer",
    *(f"{metric.value}_cycles" for metric in METRICS),
)


def evaluate_frame(
    tickets: pd.DataFrame,
    contracts: Contract | Mapping[str, Contract] | Sequence[Contract],
    now: datetime | str,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Evaluate every ticket of a frame at ``now``: one row per ticket, in the frame's order.

    ``tickets`` has the columns of a tickets file: ``id``, ``severity``,
    ``opened_at`` and optionally ``first_response_at``, ``resolved_at`` and
    ``contract`` (others are ignored). Instants are aware ``Timestamp``/
    ``datetime`` values (or a ``datetime64[..., tz]`` column) or ISO 8601
    strings with an offset; an empty cell, ``None`` or ``NaT`` means "not
    yet". ``events`` optionally adds the other events, as in an events file
    (``ticket_id``, ``at``, ``kind``, ``severity``).

    ``contracts`` is one :class:`~slakit.Contract` (every row is evaluated
    under it; a ``contract`` column is read as a ticket's but not used to
    choose) or several, as a mapping from id to contract or a list keyed by
    :attr:`Contract.id <slakit.Contract.id>`: then each row is evaluated
    under the contract its ``contract`` column names, and the column, an
    empty cell and an unknown id are errors, as in a tickets file read for a
    book of contracts.

    Evaluated by :mod:`slakit.columnar`: all rows at once, for timelines of
    responses, pauses, resumes, resolutions, reopens and severity changes;
    the answers are ``evaluate``'s, field by field. Columns read whole (``datetime64[..., tz]``
    columns, ISO 8601 text of the common forms) are checked all at once; a
    frame with anything else (a blank around a cell, another instant form, a
    ``value`` column) is read row by row by the rules of a tickets file, with
    the same answers, more slowly.

    The result has the columns :data:`FRAME_COLUMNS`: the fields of a
    status as in Python, JSON and ``slakit evaluate --format csv``
    (:data:`~slakit.clock.STATUS_COLUMNS`: ``ticket_id, framework, tier,
    compliance_goal, severity, opened_at, now`` and ``<metric>_<field>`` for
    ``response`` and ``resolution``), then ``contract`` and ``customer`` (the
    contract's id and customer) and ``<metric>_cycles`` (the number of
    cycles). The index is the frame's. Dtypes:

    * instants (``opened_at``, ``now``, ``<metric>_due_at``, ``_breached_at``,
      ``_stopped_at``): ``datetime64[us, tz]`` in the timezone of ``now``
      (microseconds, as slakit counts, over all of 1900 to 2999); ``NaT`` for none;
    * durations (``_target_length``, ``_elapsed``, ``_remaining``,
      ``_wall_elapsed``, ``_paused``): ``timedelta64[us]``;
    * ``_percent_used``, ``_wall_percent_used``: ``float64``, the exact
      percentage rounded half up to 2 places (the nearest float to the status's
      ``Decimal``); ``compliance_goal``: ``float64`` percent (``99.5``), ``NaN``
      without a goal;
    * ``_met``: nullable ``boolean`` (``<NA>`` while undecided); ``_breached``:
      ``bool``; ``_cycles``: ``int64``;
    * ``severity`` and ``<metric>_severity``: ordered categoricals ``SEV1 < SEV2 <
      SEV3 < SEV4``; ``tier``: ordered categorical, each framework's tiers in
      catalog order (best first); ``_state`` (``running``, ``paused``,
      ``stopped``), ``_clock`` and ``_target`` (its text, ``"2h business"``):
      categoricals; ``ticket_id``, ``framework``, ``contract``, ``customer``: text.

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
        UsageError: ``now`` is empty or not an instant; two contracts of a list share an id.
        WrongTypeError: ``tickets`` or ``events`` is not a ``DataFrame``, ``contracts`` not
            contracts.
    """
    pandas_module()
    at = _now(now)
    book, by_id = _contract_book(contracts)
    ticket_table = _table(
        tickets, "tickets", "the tickets frame", (*TICKET_COLUMNS, *OPTIONAL_TICKET_COLUMNS)
    )
    event_table = None
    if events is not None:
        event_table = _table(
            events, "events", "the events frame", (*EVENT_COLUMNS, *OPTIONAL_EVENT_COLUMNS)
        )
    known = None if by_id is None else list(by_id)
    fast = _fast_batch(tickets, by_id, at)
    batch = None if fast is None else fast[0]
    if fast is not None and events is not None:
        batch = _with_events(fast[0], fast[1], events)
    if batch is None:
        # Anything the fast reading does not prove valid is read by the rules of a tickets
        # file, which accept it or raise their error.
        built = build_tickets(ticket_table, event_table, now=at, contracts=known)
        codes = 0 if by_id is None else [by_id[ticket.contract] for ticket in built]
        batch = batch_of_tickets(built, codes)
    columns = evaluate_batch(batch, book, at)
    return _status_frame(batch, columns, book, at, tickets.index)


def statement_frame(statement: CreditStatement) -> pd.DataFrame:
    """A credit statement as a frame: one row per line, then the subtotal and the total.

    Columns are those of :meth:`CreditStatement.to_records`, with ``amount``
    and ``monthly_fee`` as ``float64`` numbers (the nearest float to the exact
    amount, which has at most the currency's decimals; ``NaN`` for a contract
    without a fee) beside ``currency``, and ``items`` as ``int64`` (``<NA>``
    on the subtotal and total: a nullable ``Int64``). For exact sums, use
    :meth:`CreditStatement.to_frame`, whose amounts are ``Decimal`` values.

    >>> from slakit import Contract, Outage, monthly_credit
    >>> from datetime import datetime, timezone
    >>> contract = Contract(framework="kmp", tier="standard", region="austin",
    ...                     monthly_fee="USD 4,000", customer="Acme")
    >>> outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 10, 6, 15, tzinfo=timezone.utc), id="O-1")
    >>> frame = statement_frame(monthly_credit(contract, "2026-10", outages=[outage]))
    >>> frame[["kind", "amount", "currency", "items"]].values.tolist()
    [['availability', 400.0, 'USD', 1], ['subtotal', 400.0, 'USD', <NA>], \
['total', 400.0, 'USD', <NA>]]

    Raises:
        ImportError: pandas is not installed.
        WrongTypeError: ``statement`` is not a ``CreditStatement``.
    """
    pandas = pandas_module()
    if not isinstance(statement, CreditStatement):
        raise WrongTypeError(f"statement must be a CreditStatement, not {type(statement).__name__}")
    frame = statement.to_frame()
    for column in ("amount", "monthly_fee"):
        frame[column] = pandas.to_numeric(
            [float("nan") if value in ("", None) else float(value) for value in frame[column]]
        ).astype("float64")
    frame["items"] = pandas.array(
        [None if text == "" else int(text) for text in frame["items"]], dtype="Int64"
    )
    return frame


#: The columns of a compliance frame after the ``by`` columns.
COMPLIANCE_COLUMNS: tuple[str, ...] = (
    "metric", "total", "met", "breached", "rate", "goal", "meets_goal",
)  # fmt: skip


def compliance_frame(
    source: ComplianceReport | pd.DataFrame,
    by: str | Sequence[str] | None = None,
    period: Period | None = None,
) -> pd.DataFrame:
    """Compliance as a frame: one row per group and metric, with numbers to sort and plot.

    ``source`` is a :class:`~slakit.reporting.ComplianceReport` (its groups,
    as computed) or a status frame from :func:`evaluate_frame`: then the
    metrics that stopped (within ``period``, if given) are counted per
    group of ``by`` (any column name or names of the frame, default
    ``["tier", "severity"]``; ``severity`` is each metric's severity, the one
    whose target ran, as :func:`slakit.compliance` groups; add a column to
    group by anything else, such as the week of the opening) and metric.

    Columns: the ``by`` columns, then :data:`COMPLIANCE_COLUMNS`: ``metric``,
    ``total``, ``met``, ``breached`` (``int64`` counts), ``rate``
    (``float64`` percent, ``met / total x 100``), ``goal`` (``float64``
    percent, ``NaN`` unless every counted ticket of the group has the same
    goal), ``meets_goal`` (nullable ``boolean``: ``rate >= goal`` decided on
    the exact counts and the goal as written, never on floats; ``<NA>``
    without a goal). Rows are sorted by the groups.

    >>> from datetime import datetime, timedelta, timezone
    >>> from slakit import Contract, Event, Month, Ticket, compliance, evaluate
    >>> contract = Contract(framework="truststram", tier="platinum", region="austin")
    >>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
    >>> tickets = [Ticket(f"T-{n}", "P1", opened, events=[
    ...     Event.responded(opened + timedelta(minutes=n))]) for n in (5, 10, 20)]
    >>> end = datetime(2026, 11, 1, tzinfo=timezone.utc)
    >>> report = compliance([evaluate(t, contract, end) for t in tickets], Month(2026, 10))
    >>> compliance_frame(report).values.tolist()
    [['platinum', 'SEV1', 'response', 3, 2, 1, 66.66666666666667, 99.9, False]]

    Raises:
        ImportError: pandas is not installed.
        UsageError: ``by`` names a column the frame does not have.
        WrongTypeError: ``source`` is neither a report nor a frame.
    """
    pandas = pandas_module()
    if isinstance(source, ComplianceReport):
        return _report_frame(source, pandas)
    if not isinstance(source, pandas.DataFrame):
        raise WrongTypeError(
            f"source must be a ComplianceReport or a status frame from evaluate_frame, "
            f"not {type(source).__name__}"
        )
    keys = ["tier", "severity"] if by is None else [by] if isinstance(by, str) else list(by)
    needed = {"compliance_goal"} | {
        f"{metric.value}_{name}" for metric in METRICS for name in ("state", "met", "severity")
    }
    if period is not None:
        needed |= {f"{metric.value}_stopped_at" for metric in METRICS}
    missing = sorted(needed - {str(name) for name in source.columns})
    if missing:
        raise UsageError(
            f"source is not a status frame from evaluate_frame: it has no {', '.join(missing)}"
        )
    unknown = [key for key in keys if key not in source.columns]
    if unknown:
        raise UsageError(
            f"cannot group by {', '.join(map(str, unknown))}: the frame has no such column; "
            f"it has {', '.join(map(str, source.columns))}"
        )
    parts = []
    for metric in METRICS:
        prefix = metric.value
        stopped = (source[f"{prefix}_state"].astype(str) == "stopped").to_numpy(copy=True)
        if period is not None:
            start, end = period.bounds_us
            at = source[f"{prefix}_stopped_at"]
            low = pandas.Timestamp(start, unit="us", tz="UTC")
            high = pandas.Timestamp(end, unit="us", tz="UTC")
            stopped = stopped & ((at >= low) & (at < high)).fillna(False).to_numpy(dtype=bool)
        rows = source.loc[stopped]
        part = {
            key: (rows[f"{prefix}_severity"] if key == "severity" else rows[key]).to_numpy()
            for key in keys
        }
        part["metric"] = [prefix] * len(rows)
        part["met"] = rows[f"{prefix}_met"].fillna(False).to_numpy(dtype=bool)
        part["goal"] = rows["compliance_goal"].to_numpy(dtype="float64")
        parts.append(pandas.DataFrame(part))
    counted = pandas.concat(parts, ignore_index=True)
    groups = counted.groupby([*keys, "metric"], sort=True, dropna=False, observed=True)
    result = groups.agg(
        total=("met", "size"),
        met=("met", "sum"),
        low=("goal", "min"),
        high=("goal", "max"),
        goals=("goal", "count"),
    ).reset_index()
    one_goal = (result["low"] == result["high"]) & (result["goals"] == result["total"])
    result["goal"] = result["low"].where(one_goal)
    result["met"] = result["met"].astype("int64")
    result["total"] = result["total"].astype("int64")
    result["breached"] = result["total"] - result["met"]
    result["rate"] = result["met"] * 100 / result["total"]  # one rounding: the nearest float
    result["meets_goal"] = pandas.array(
        [_meets(met, total, goal) for met, total, goal in
         zip(result["met"], result["total"], result["goal"], strict=True)],
        dtype="boolean",
    )  # fmt: skip
    for key in keys:  # categoricals stay ordered (tiers, severities)
        if isinstance(source[key].dtype, pandas.CategoricalDtype) and key != "severity":
            result[key] = result[key].astype(source[key].dtype)
    if "severity" in keys:
        result["severity"] = result["severity"].astype(source["response_severity"].dtype)
    return result[[*keys, *COMPLIANCE_COLUMNS]]


def _meets(met: int, total: int, goal: float) -> bool | None:
    """``met / total >= goal %``, exactly: the goal as its shortest decimal (``99.9``)."""
    if goal != goal or total == 0:  # NaN: no goal
        return None
    exact = Fraction(repr(float(goal))) / 100
    return Fraction(int(met), int(total)) >= exact


def _report_frame(report: ComplianceReport, pandas: Any) -> pd.DataFrame:
    """A report's rows with numeric counts, rate and goal."""
    keys = list(report.by)
    data: dict[str, Any] = {key: [getattr(row, key) for row in report.rows] for key in keys}
    if "metric" not in keys:
        data["metric"] = [None] * len(report.rows)
    data["total"] = pandas.array([row.met + row.breached for row in report.rows], dtype="int64")
    data["met"] = pandas.array([row.met for row in report.rows], dtype="int64")
    data["breached"] = pandas.array([row.breached for row in report.rows], dtype="int64")
    data["rate"] = pandas.array(
        [float("nan") if row.rate is None else float(row.rate * 100) for row in report.rows],
        dtype="float64",
    )
    data["goal"] = pandas.array(
        [float("nan") if row.goal is None else float(row.goal * 100) for row in report.rows],
        dtype="float64",
    )
    data["meets_goal"] = pandas.array([row.passed for row in report.rows], dtype="boolean")
    columns = [key for key in keys if key != "metric"] + list(COMPLIANCE_COLUMNS)
    return pandas.DataFrame(data, columns=columns)


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
        _FrameRows(frame, present, ticket_column),
    )


class _FrameRows:
    """A frame's rows, read from the frame each time they are iterated (as a file's rows
    are: the first row of a repeated id is found again)."""

    def __init__(self, frame: pd.DataFrame, present: list[str], ticket_column: str) -> None:
        self.frame, self.present, self.ticket_column = frame, present, ticket_column

    def __iter__(self) -> Iterator[Row]:
        return _rows(self.frame, self.present, self.ticket_column)


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


# -- the fast reading: whole columns, for frames it can prove valid ----------------------------

# ISO 8601 as datetime.fromisoformat reads it and pandas parses it to the same instant:
# date, T or a space, hours and minutes (seconds and up to 6 digits of fraction optional)
# and an offset. Anything else goes the way of a tickets file.
_INSTANT = (
    r"(?:19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]"
    r"(?::[0-5][0-9](?:\.[0-9]{1,6})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_LOW_US = to_us(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC), "low")
_HIGH_US = to_us(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC), "high")
_UNIT_US = {"s": (1_000_000, 1), "ms": (1000, 1), "us": (1, 1), "ns": (1, 1000)}


def _contract_book(
    contracts: Contract | Mapping[str, Contract] | Sequence[Contract],
) -> tuple[list[Contract], dict[str, int] | None]:
    """The contracts as a list, and their codes by id (``None`` for one contract)."""
    if isinstance(contracts, Contract):
        return [contracts], None
    if isinstance(contracts, Mapping):
        pairs: list[tuple[object, object]] = list(contracts.items())
    elif isinstance(contracts, Sequence) and not isinstance(contracts, str | bytes):
        pairs = [(getattr(contract, "id", None), contract) for contract in contracts]
    else:
        raise WrongTypeError(
            f"contracts must be a Contract, a mapping of ids to contracts or a list of "
            f"contracts, not {type(contracts).__name__}"
        )
    book: list[Contract] = []
    by_id: dict[str, int] = {}
    for name, contract in pairs:
        if not isinstance(contract, Contract):
            raise WrongTypeError(
                f"contract {name!r} must be a slakit Contract, not {type(contract).__name__}"
            )
        if not isinstance(name, str) or not name.strip():
            raise UsageError(
                "a contract of several needs an id: give Contract(id=...) or a mapping of "
                "ids to contracts"
            )
        if name.strip() in by_id:
            raise UsageError(f"two contracts have the id {name.strip()!r}; ids must differ")
        by_id[name.strip()] = len(book)
        book.append(contract)
    return book, by_id


def _fast_batch(
    frame: Any, by_id: dict[str, int] | None, at: datetime
) -> tuple[Batch, dict[str, int]] | None:
    """The frame as a :class:`~slakit.columnar.Batch` (and each id's row), if every row is
    provably valid by the rules of a tickets file; ``None`` at the first doubt."""
    np = _numpy()
    pandas = pandas_module()
    if not isinstance(frame, pandas.DataFrame):
        return None
    if any(name not in frame.columns for name in TICKET_COLUMNS):
        return None
    if by_id is not None and "contract" not in frame.columns:
        return None
    ids = _texts(frame["id"], pandas)
    if ids is None or "" in ids:
        return None
    position = dict(zip(ids, range(len(ids))))  # noqa: B905 - the same length
    if len(position) != len(ids):
        return None  # a duplicate id
    severity = _severities(frame["severity"], pandas, np)
    opened = _instants(frame["opened_at"], pandas, np)
    if severity is None or opened is None or (opened == NAT).any():
        return None
    n = len(frame)
    columns = []
    for name in ("first_response_at", "resolved_at"):
        values = _instants(frame[name], pandas, np) if name in frame.columns else None
        if values is None and name in frame.columns:
            return None
        columns.append(np.full(n, NAT, dtype=np.int64) if values is None else values)
    responded, resolved = columns
    now_us = to_us(at, "now")
    # The timeline rules of a ticket with those events: none before its opening, the
    # response not after the resolution; and no ticket opened after now.
    if n and (
        int(opened.max()) > now_us
        or ((responded != NAT) & (responded < opened)).any()
        or ((resolved != NAT) & (resolved < opened)).any()
        or ((responded != NAT) & (resolved != NAT) & (responded > resolved)).any()
    ):
        return None
    codes = np.zeros(n, dtype=np.intp)
    if "contract" in frame.columns:
        coded = _coded(frame["contract"], pandas, empty=True)
        if coded is None:
            return None
        inverse, names = coded
        if any(name and not _valid_id(name) for name in names):
            return None
        if by_id is not None:
            if any(name not in by_id for name in names):
                return None
            codes = np.asarray([by_id[name] for name in names], dtype=np.intp)[inverse]
    column = frame["id"]
    if pandas.api.types.is_integer_dtype(column.dtype):
        objects = np.array(ids, dtype=object)
    else:  # all text (as checked): the same str objects, not built again
        objects = column.to_numpy(dtype=object)
    return Batch(objects, severity, opened, responded, resolved, codes), position


def _valid_id(name: str) -> bool:
    try:
        check_id(name, "contract", ValueError)
    except ValueError:
        return False
    return True


# Characters str.strip() removes (besides those up to the space): a cell starting or ending
# with one goes the way of a tickets file.
_SPACES = (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_DIGIT, _ZERO = 10, ord("0")
_LONGEST_FAST = 40  # characters of an id, severity or instant read by the fast path
# A cell (between NULs, which join the cells) starting or ending with a blank or a control.
_EDGE = "[\x01-\x20" + "".join(chr(code) for code in _SPACES) + "]"
_BLANK_EDGE = re.compile(f"(?:^|\x00){_EDGE}|{_EDGE}(?:\x00|$)")


def _plain(series: Any, pandas: Any, empty: bool, edges: bool = True) -> _Cells | None:
    """The column's cells as text, missing cells as ``""`` (only with ``empty``); ``None``
    if a cell is not text, holds a NUL, is longer than the fast path reads, or (with
    ``edges``) starts or ends with a blank or a control character."""
    if pandas.api.types.is_string_dtype(series.dtype) and series.dtype.kind != "O":
        values = series.tolist()  # text, or the dtype's missing value (not text)
        if set(map(type, values)) - {str}:
            if not empty:
                return None
            values = [value if value.__class__ is str else "" for value in values]
    elif series.dtype.kind == "O":
        values = series.tolist()
        kinds = set(map(type, values))
        if kinds - {str}:
            if not empty or kinds - {str, type(None), float}:
                return None
            if any(value.__class__ is float and value == value for value in values):
                return None  # a number, not NaN
            values = [value if value.__class__ is str else "" for value in values]
    else:
        return None
    np = _numpy()
    if not values:
        return _Cells(values, np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.intp),
                      np.zeros(0, dtype=np.intp))  # fmt: skip
    # The cells' code points in one array (NULs between them), from one encoding in C.
    joined = "\x00".join(values).encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(joined, dtype=np.uint32)
    ends = np.flatnonzero(codes == 0)
    if len(ends) != len(values) - 1:
        return None  # a NUL inside a cell: read by the rules of a file
    ends = np.append(ends, len(codes))
    starts = np.empty(len(values), dtype=np.intp)
    starts[0], starts[1:] = 0, ends[:-1] + 1
    lengths = ends - starts
    if int(lengths.max()) > _LONGEST_FAST:
        return None
    if edges:
        filled = lengths > 0
        for edge in (codes[starts[filled]], codes[ends[filled] - 1]):
            if ((edge <= 0x20) | np.isin(edge, _SPACES)).any():
                return None
    return _Cells(values, codes, starts, lengths)


class _Cells(NamedTuple):
    """A column's cells as text, and as code points: all of them in ``codes``, each from
    ``starts[i]`` for ``lengths[i]``."""

    values: list[str]
    codes: Any
    starts: Any
    lengths: Any


def _texts(series: Any, pandas: Any, empty: bool = False) -> list[str] | None:
    """The column as a list of text if every cell is plain text (integers are read as their
    digits); with ``empty``, a missing cell is ``""``. ``None`` otherwise."""
    if pandas.api.types.is_integer_dtype(series.dtype) and series.dtype.kind in "iu":
        return series.astype(str).tolist()  # type: ignore[no-any-return]
    cells = _plain(series, pandas, empty)
    return None if cells is None else cells.values


def _coded(series: Any, pandas: Any, empty: bool = False) -> tuple[Any, list[str]] | None:
    """A column of few distinct values (severities, contracts, kinds) as codes into its
    distinct texts (hashed once each, not converted cell by cell), if every cell is plain
    text (integers are read as their digits); with ``empty``, a missing cell is ``""``.
    ``None`` otherwise."""
    np = _numpy()
    codes, uniques = pandas.factorize(series, use_na_sentinel=True)
    values = list(uniques)
    if pandas.api.types.is_integer_dtype(series.dtype):
        values = [str(value) for value in values]
    if any(value.__class__ is not str for value in values):
        return None
    if any(value != value.strip() or "\x00" in value for value in values):
        return None
    codes = np.asarray(codes, dtype=np.intp)
    if (codes < 0).any():
        if not empty:
            return None
        codes = np.where(codes < 0, len(values), codes)
        values.append("")
    return codes, values


def _severities(series: Any, pandas: Any, np: Any) -> Any:
    """Severity codes, each distinct spelling parsed once; ``None`` if one is not."""
    coded = _coded(series, pandas)
    if coded is None:
        return None
    codes, texts = coded
    try:
        parsed = [SEVERITIES.index(Severity.parse(text)) for text in texts]
    except SlakitError:
        return None
    return np.asarray(parsed, dtype=np.int8)[codes]


def _instants(series: Any, pandas: Any, np: Any) -> Any:
    """The column as int64 microseconds (:data:`~slakit.columnar.NAT` for an empty cell),
    if every cell is an aware instant within the years slakit computes; ``None`` otherwise."""
    dtype = series.dtype
    if isinstance(dtype, pandas.DatetimeTZDtype):
        multiply, divide = _UNIT_US[dtype.unit]
        missing = series.isna().to_numpy()
        values = np.where(missing, 0, series.array.asi8)
        values = values * multiply if multiply != 1 else values // divide
    elif pandas.api.types.is_string_dtype(dtype) or dtype.kind == "O":
        # No blank check: the form read leaves no room for one (nor a control character).
        cells = _plain(series, pandas, empty=True, edges=False)
        if cells is None:
            return None
        parsed = _iso_instants(cells, np)
        if parsed is None:
            return None
        values, missing = parsed
    elif series.isna().all():
        missing = np.ones(len(series), dtype=bool)
        values = np.zeros(len(series), dtype=np.int64)
    else:
        return None
    present = values[~missing]
    if len(present) and (int(present.min()) < _LOW_US or int(present.max()) >= _HIGH_US):
        return None
    return np.where(missing, NAT, values)


def _iso_instants(cells: _Cells, np: Any) -> tuple[Any, Any] | None:
    """ISO 8601 instants read from the cells, all in numpy: ``YYYY-MM-DD``, ``T`` or a
    space, ``HH:MM[:SS[.ffffff]]``, then ``Z`` or ``+HH:MM``/``-HH:MM`` (what
    ``datetime.fromisoformat`` reads the same way). Returns (microseconds, missing), or
    ``None`` if a cell has another form or names no real date or time."""
    n = len(cells.values)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    missing = cells.lengths == 0
    length = cells.lengths[~missing]
    # The code points, one row per cell, zeros after its end.
    widths = np.unique(length)
    if len(widths) == 1 and int(widths[0]) >= 16:
        # One length (as programs write them): one row per cell, a zero past its end.
        width = int(widths[0]) + 1
        c = np.zeros((len(length), width), dtype=np.uint32)
        # No cell holds a NUL: without the NULs between them, the cells end to end.
        c[:, : width - 1] = cells.codes[cells.codes != 0].reshape(len(length), width - 1)
    else:
        width = max(int(cells.lengths.max()), 17)
        step = np.arange(width)
        inside = step < length[:, None]
        where = np.where(inside, cells.starts[~missing][:, None] + step, 0)
        c = np.where(inside, cells.codes[where], 0) if len(cells.codes) else where
    if not len(c):
        return np.zeros(n, dtype=np.int64), missing
    rows = np.arange(len(c))

    def at_column(k: int) -> Any:
        # Unsigned codes, not copied: a non-digit minus "0" wraps around, but is only ever
        # used where a check or an np.where has ruled it out; sums are taken in int64.
        return c[:, k]

    def at_each(positions: Any) -> Any:
        return c[rows, np.minimum(positions, width - 1)].astype(np.int64)

    def is_digit(values: Any) -> Any:
        return (values >= _ZERO) & (values < _ZERO + _DIGIT)

    def number(first: int, count: int) -> Any:
        result = np.zeros(len(c), dtype=np.int64)
        for k in range(first, first + count):
            result = result * 10 + (at_column(k) - _ZERO)
        return result

    ok = np.ones(len(c), dtype=bool)
    for k in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15):
        ok &= is_digit(at_column(k))
    ok &= (c[:, 4] == ord("-")) & (c[:, 7] == ord("-")) & (c[:, 13] == ord(":"))
    ok &= (c[:, 10] == ord("T")) | (c[:, 10] == ord(" "))
    zulu = at_each(np.maximum(length - 1, 0)) == ord("Z")
    at = np.where(zulu, length - 1, length - 6)  # where the offset begins
    ok &= at >= 16
    if not ok.all():
        return None
    sign = at_each(at)
    ok &= zulu | (((sign == ord("+")) | (sign == ord("-"))) & (at_each(at + 3) == ord(":")))
    offset_digits = [at_each(at + k) for k in (1, 2, 4, 5)]
    for values in offset_digits:
        ok &= zulu | is_digit(values)
    # Seconds and their fraction: nothing, ":SS", or ":SS." and 1 to 6 digits.
    middle = at - 16
    seconds = middle >= 3
    ok &= (middle == 0) | (middle == 3) | ((middle >= 5) & (middle <= 10))
    if width > 18:
        ok &= ~seconds | (
            (c[:, 16] == ord(":")) & is_digit(at_column(17)) & is_digit(at_column(18))
        )
    else:
        ok &= ~seconds
    if not ok.all():
        return None
    fraction_digits = np.where(middle >= 5, middle - 4, 0)
    # The fraction to the microsecond: its digits, then zeros, six places in all.
    fraction = np.zeros(len(c), dtype=np.int64)
    if width > 19:
        ok &= (fraction_digits == 0) | (c[:, 19] == ord("."))
    for k in range(6):
        inside = fraction_digits > k
        if 20 + k < width:
            values = at_column(20 + k)
            ok &= ~inside | is_digit(values)
            fraction = fraction * 10 + np.where(inside, values - _ZERO, 0)
        else:
            ok &= ~inside
            fraction = fraction * 10
    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    hour, minute = number(11, 2), number(14, 2)
    second = np.where(seconds, number(17, 2), 0) if width > 18 else np.zeros(len(c), np.int64)
    tens_h, ones_h, tens_m, ones_m = (values - _ZERO for values in offset_digits)
    off_hour = np.where(zulu, 0, tens_h * 10 + ones_h)
    off_minute = np.where(zulu, 0, tens_m * 10 + ones_m)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    ok &= (month >= 1) & (month <= 12) & (day >= 1)
    ok &= day <= month_days[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59) & (off_hour <= 23) & (off_minute <= 59)
    ok &= (year >= FIRST_YEAR) & (year <= LAST_YEAR)
    if not ok.all():
        return None
    # Days since the epoch from the civil date (H. Hinnant's days_from_civil).
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    local = (((days * 24 + hour) * 60 + minute) * 60 + second) * 1_000_000
    local += fraction
    offset = (off_hour * 60 + off_minute) * 60_000_000
    offset = np.where(sign == ord("-"), -offset, offset)
    result = np.zeros(n, dtype=np.int64)
    result[~missing] = local - offset
    return result, missing


_CHANGED = EventKind.SEVERITY_CHANGED


def _with_events(batch: Batch, position: dict[str, int], events_frame: Any) -> Batch | None:
    """``batch`` with the events of the events frame, if every row is provably valid by the
    rules of an events file and every timeline by those of a ticket; ``None`` at the first
    doubt. The timelines become :class:`~slakit.columnar.EventColumns` (with the new
    severities of severity changes)."""
    np = _numpy()
    pandas = pandas_module()
    if any(name not in events_frame.columns for name in EVENT_COLUMNS):
        return None
    if "value" in events_frame.columns:
        legacy = _coded(events_frame["value"], pandas, empty=True)
        if legacy is None or any(legacy[1]):
            return None  # the old name of severity: read by the rules of a file
    named = _texts(events_frame["ticket_id"], pandas)
    if named is None:
        return None
    instants = _instants(events_frame["at"], pandas, np)
    kind_coded = _coded(events_frame["kind"], pandas)
    if instants is None or kind_coded is None or (instants == NAT).any():
        return None
    try:
        kinds = [KINDS.index(EventKind(text.lower())) for text in kind_coded[1]]
    except ValueError:
        return None
    kind = np.asarray(kinds, dtype=np.intp)[kind_coded[0]]
    changed = kind == KINDS.index(_CHANGED)
    new_severity = np.full(len(kind), -1, dtype=np.intp)
    if "severity" in events_frame.columns:
        severity_coded = _coded(events_frame["severity"], pandas, empty=True)
        if severity_coded is None:
            return None
        try:
            parsed = [
                SEVERITIES.index(Severity.parse(text)) if text else -1 for text in severity_coded[1]
            ]
        except SlakitError:
            return None
        new_severity = np.asarray(parsed, dtype=np.intp)[severity_coded[0]]
    if ((new_severity >= 0) != changed).any():
        return None  # a change without a severity, or a severity on another event
    # Each event's ticket (``position``: each id's row); "" is no ticket.
    owners = np.fromiter(map(position.get, named, repeat(-1)), dtype=np.intp, count=len(named))
    if (owners < 0).any():
        return None  # events for a ticket not in the frame (or none): the file's error
    # Each ticket's timeline as a tickets file makes it: the first response, its events in
    # table order, the resolution; sorted by time (equal instants keep that order).
    rows = np.unique(owners)
    responded = rows[batch.responded[rows] != NAT]
    resolved = rows[batch.resolved[rows] != NAT]
    owner = np.concatenate([responded, owners, resolved])
    at_all = np.concatenate([batch.responded[responded], instants, batch.resolved[resolved]])
    kind_all = np.concatenate([
        np.full(len(responded), KINDS.index(EventKind.RESPONDED)), kind,
        np.full(len(resolved), KINDS.index(EventKind.RESOLVED)),
    ])  # fmt: skip
    severity_all = np.concatenate([np.full(len(responded), -1), new_severity,
                                   np.full(len(resolved), -1)])  # fmt: skip
    order = np.lexsort((np.arange(len(owner)), at_all, owner))
    columns = EventColumns(owner[order], at_all[order], kind_all[order].astype(np.int8))
    if not timelines_valid(batch.opened, columns):
        return None  # the rules of a ticket, broken: the file's error names the event
    return batch._replace(events=columns._replace(severity=severity_all[order]))


# -- writing frames --------------------------------------------------------------------------

_STATE_NAMES = [state.value for state in STATES]
_SEVERITY_NAMES = [severity.value for severity in SEVERITIES]
_CLOCK_NAMES = ["24x7", "business"]


def _status_frame(
    batch: Batch, columns: StatusColumns, book: list[Contract], now: datetime, index: Any
) -> pd.DataFrame:
    np = _numpy()
    pandas = pandas_module()
    codes = np.asarray(batch.contract, dtype=np.intp)
    tz = now.tzinfo

    def instants(values: Any) -> Any:
        utc = pandas.DatetimeIndex(values.view("M8[us]")).tz_localize("UTC")
        return pandas.array(utc.tz_convert(tz))

    def durations(values: Any) -> Any:
        return pandas.array(values.view("m8[us]"))

    def category(values: Any, names: list[str], ordered: bool = False) -> Any:
        return pandas.Categorical.from_codes(values, categories=names, ordered=ordered)

    def per_contract(values: list[Any], dtype: Any) -> Any:
        return np.asarray(values, dtype=dtype)[codes] if len(codes) else np.asarray([], dtype)

    tiers: list[str] = []
    for contract in book:
        for name in contract.framework.tier_names:
            if name not in tiers:
                tiers.append(name)
    tier_codes = per_contract([tiers.index(contract.tier) for contract in book], np.intp)
    goals = [contract.tier_policy.compliance_goal for contract in book]
    data: dict[str, Any] = {
        "ticket_id": np.array(batch.ids, dtype=object),  # a copy: not the input frame's
        "framework": per_contract([c.framework.name for c in book], object),
        "tier": category(tier_codes, tiers, ordered=True),
        "compliance_goal": per_contract(
            [np.nan if goal is None else float(goal * 100) for goal in goals], np.float64
        ),
        "severity": category(columns.severity, _SEVERITY_NAMES, ordered=True),
        "opened_at": instants(np.asarray(batch.opened, dtype=np.int64)),
        "now": instants(np.full(len(codes), to_us(now, "now"), dtype=np.int64)),
        "contract": per_contract([c.id for c in book], object),
        "customer": per_contract([c.customer for c in book], object),
    }
    for metric, out in zip(METRICS, columns[1:], strict=True):
        prefix = metric.value
        pairs = codes * len(SEVERITIES) + out.severity
        unique, inverse = np.unique(pairs, return_inverse=True)
        targets = [
            book[int(pair) // len(SEVERITIES)].target(
                SEVERITIES[int(pair) % len(SEVERITIES)], metric
            )
            for pair in unique.tolist()
        ]
        texts = list(dict.fromkeys(str(target) for target in targets))
        target_codes = np.asarray([texts.index(str(t)) for t in targets], dtype=np.intp)
        clock_codes = np.asarray([_CLOCK_NAMES.index(t.clock) for t in targets], dtype=np.intp)
        met = pandas.arrays.BooleanArray(out.met == 1, out.met == -1)
        fields = {
            "severity": category(out.severity, _SEVERITY_NAMES, ordered=True),
            "state": category(out.state, _STATE_NAMES),
            "clock": category(clock_codes[inverse].reshape(-1), _CLOCK_NAMES),
            "target": category(target_codes[inverse].reshape(-1), texts),
            "target_length": durations(out.target_length),
            "due_at": instants(out.due_at),
            "elapsed": durations(out.elapsed),
            "remaining": durations(out.target_length - out.elapsed),
            "percent_used": out.percent_used,
            "met": met,
            "breached": out.breached,
            "breached_at": instants(out.breached_at),
            "stopped_at": instants(out.stopped_at),
            "wall_elapsed": durations(out.wall_elapsed),
            "wall_percent_used": out.wall_percent_used,
            "paused": durations(out.paused),
            "cycles": out.cycles,
        }
        for name, values in fields.items():
            data[f"{prefix}_{name}"] = values
    # Every array is new (the ids copied): the frame takes them without copying again.
    return pandas.DataFrame(data, columns=list(FRAME_COLUMNS), index=index, copy=False)


def _numpy() -> Any:
    pandas_module()
    import numpy

    return numpy


# -- without pandas ------------------------------------------------------------------------


def _skip_examples(text: str) -> str:
    """Mark every example of a docstring as skipped (they need pandas to run)."""
    return re.sub(r"^(\s*>>> .*)$", r"\1  # doctest: +SKIP", text, flags=re.MULTILINE)


if importlib.util.find_spec("pandas") is None:  # pragma: no cover - depends on the environment
    __doc__ = _skip_examples(__doc__ or "")
    for _function in (evaluate_frame, statement_frame, compliance_frame):
        _function.__doc__ = _skip_examples(_function.__doc__ or "")
