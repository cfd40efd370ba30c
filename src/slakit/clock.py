"""Ticket clocks: ``evaluate`` folds a ticket's timeline into one status per metric.

``response`` runs from opening to the first response (or the resolution, if
nobody responded first); it is never paused. ``resolution`` runs from opening
to resolution, less the time between ``paused`` and ``resumed``; a reopen lets
it run on. Each runs on its target's clock: wall time for ``24x7`` targets,
business time on the contract's calendar otherwise. Met means elapsed ≤
target. A breach is final: once a clock has run more than its target, a later
severity change no longer moves that metric's target. Events after ``now``
are ignored; nothing reads the wall clock.

Pure and thread-safe: every function here depends only on its arguments and
changes none of them (tickets, contracts and statuses are frozen), so they may
run in many threads at once. Calendars compile the years they are asked about
under a lock, swapping in an immutable snapshot; a status computes its
datetimes, timedeltas, percentages and cycles on first read, and two threads
reading the same field at once at worst both compute the same value.

Statuses write JSON other languages read right (``to_json``,
``model_dump(mode="json")``): instants in RFC 3339 with their offset, durations
as ``{"ms": ..., "text": "3h 12m"}``, the target as text (``"24h business"``),
decimals as exact strings; :func:`status_schema` is its JSON Schema.

>>> from datetime import datetime, timezone
>>> from slakit import Contract, Event, Ticket
>>> contract = Contract(framework="kmp", tier="premier", region="dublin")
>>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)          # a Monday
>>> ticket = Ticket("T-1", "sev2", opened, events=[Event.responded(opened.replace(hour=10))])
>>> status = evaluate(ticket, contract, now=opened.replace(hour=12))
>>> status.response.state, status.response.met, status.response.elapsed
(<ClockState.STOPPED: 'stopped'>, True, datetime.timedelta(seconds=3600))
>>> status.resolution.due_at  # 24 business hours (12x5): 9 h Monday, 12 h Tuesday, 3 h Wednesday
datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import FrozenInstanceError
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import ceil, isfinite
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NamedTuple, Self

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import core_schema
from pydantic_core.core_schema import SerializationInfo

from slakit import _html, _time
from slakit._model import SlakitModel, trusted
from slakit._text import shown
from slakit._time import (
    FIRST_YEAR,
    INSTANT_EXAMPLE,
    LAST_YEAR,
    ONE_US,
    US_PER_HOUR,
    US_PER_MINUTE,
    US_PER_SECOND,
    check_instant,
    from_us,
    to_us,
    us_text,
)
from slakit.errors import (
    NaiveDatetimeError,
    SlakitError,
    TimelineError,
    UsageError,
    WrongTypeError,
)
from slakit.policy import Clock, Contract, Metric, Target, TargetClock
from slakit.severity import Severity
from slakit.tickets import EventKind, Ticket

if TYPE_CHECKING:
    from slakit._index import CompiledIndex

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "METRIC_COLUMNS",
    "STATUS_COLUMNS",
    "ClockRun",
    "ClockState",
    "Cycle",
    "Escalation",
    "InstantKeyed",
    "MetricStatus",
    "TicketStatus",
    "clock_runs",
    "duration_json",
    "duration_text",
    "escalation_schedule",
    "evaluate",
    "instant",
    "instant_key",
    "status_record",
    "status_schema",
    "threshold_fraction",
]


class ClockState(StrEnum):
    """Whether a metric's clock is running, paused (waiting on the customer) or stopped."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


# -- instants: one parser for arguments, one way to compare ---------------------------------

_AWARE: TypeAdapter[datetime] = TypeAdapter(AwareDatetime)


def instant(value: object, argument: str = "now") -> datetime:
    """An instant argument (``now``, ``start``, ``end``) as an aware datetime.

    The one parser of instant arguments: it accepts exactly what
    ``Ticket(opened_at=...)`` accepts (an aware datetime; RFC 3339 / ISO 8601
    text with a UTC offset, ``Z`` or ``z``, ``T`` or a space; the same as
    bytes; Unix seconds as a number), within the years slakit computes (1900
    to 2999). The datetime is returned as given, keeping its timezone.

    >>> instant("2026-03-02T10:00:00z")
    datetime.datetime(2026, 3, 2, 10, 0, tzinfo=TzInfo(0))
    >>> instant("2026-03-02T10:00:00", "end")
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: end: '2026-03-02T10:00:00' has no UTC offset; write \
e.g. 2026-03-02T10:00:00+00:00 or 2026-03-02T10:00:00Z
    >>> instant("next Tuesday", "start")
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: start: 'next Tuesday' is not an instant (invalid character in \
year); write e.g. 2026-10-05T09:30:00+01:00

    Args:
        value: the instant as given.
        argument: its name, for errors (``"now"``, ``"end"``).

    Raises:
        WrongTypeError: neither a datetime, text, bytes nor a number (e.g. ``None``, a list).
        NaiveDatetimeError: a datetime (or a date) without a timezone, or text without a
            UTC offset.
        UsageError: text or a number that is not an instant, or outside the years 1900 to
            2999.
    """
    if value.__class__ is datetime:
        return check_instant(value, argument, UsageError)
    try:
        parsed = _AWARE.validate_python(value)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        if problem["type"] == "timezone_aware":
            fix = None
            if isinstance(value, str | bytes):
                text = value.decode(errors="replace") if isinstance(value, bytes) else value
                fixed = datetime.fromisoformat(text.replace("z", "Z")) if len(text) < 40 else None
                written = fixed.isoformat() if fixed is not None else INSTANT_EXAMPLE[:19]
                fix = f"{written}+00:00 or {written}Z"
                raise NaiveDatetimeError(argument, text, fix) from None
            raise NaiveDatetimeError(argument, value) from None
        if problem["type"] == "datetime_type":
            kind = "a date" if isinstance(value, date) else type(value).__name__
            raise WrongTypeError(
                f"{argument} must be an aware datetime, ISO 8601 text with a UTC offset or "
                f"Unix seconds, not {kind} ({shown(value)})"
            ) from None
        # "Input should be a valid datetime[ or date], <why>": keep the why.
        reason = problem["msg"].partition(", ")[2]
        raise UsageError(
            f"{argument}: {shown(value)} is not an instant ({reason or 'unreadable'}); "
            f"write e.g. {INSTANT_EXAMPLE}"
        ) from None
    return check_instant(parsed, argument, UsageError)


def instant_key(value: object) -> object:
    """What statuses and events compare an instant by: ``(UTC microseconds, UTC offset)``.

    An aware datetime in a repeated autumn hour never equals the same instant
    in another zone (PEP 495), so a status at a ``ZoneInfo`` ``now`` would not
    equal itself read back from JSON (a fixed offset). Compared by instant and
    offset, the two are equal and hash equal; the same instant shown at another
    offset is not. Anything else is returned as it is.

    >>> from datetime import timezone
    >>> from zoneinfo import ZoneInfo
    >>> dublin = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=ZoneInfo("Europe/Dublin"))
    >>> fixed = dublin.astimezone(timezone(timedelta(0)))
    >>> dublin == fixed, instant_key(dublin) == instant_key(fixed)
    (False, True)
    """
    if value.__class__ is datetime:
        offset = value.utcoffset()
        if offset is not None:
            return (to_us(value, "instant"), offset)
    return value


class InstantKeyed(SlakitModel):
    """A frozen model whose instants compare and hash by :func:`instant_key`."""

    def _key(self) -> tuple[object, ...]:
        return tuple(instant_key(value) for value in self.__dict__.values())

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, InstantKeyed):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


# -- JSON: durations as {"ms", "text"}, targets as text --------------------------------------

_DURATION_TEXT = re.compile(r"(-)?(?:(\d+)h)?(?: ?(\d+)m)?(?: ?(\d+)(?:\.(\d{1,6}))?s)?")
_DURATION_EXAMPLE = '{"ms": 11520000, "text": "3h 12m"}'


def duration_text(value: timedelta) -> str:
    """A duration as exact, readable text in hours, minutes and seconds, as JSON writes it.

    Never in days: a business clock's "24h" is three 8-hour business days on one
    calendar and one on another, so a day would mislead.

    >>> duration_text(timedelta(hours=27, minutes=5)), duration_text(-timedelta(seconds=90.5))
    ('27h 5m', '-1m 30.5s')
    >>> duration_text(timedelta(0)), duration_text(timedelta(microseconds=1))
    ('0s', '0.000001s')

    Raises:
        WrongTypeError: ``value`` is not a duration (``None``, a number, pandas' ``NaT``:
            map over a column with ``na_action="ignore"`` to leave empty cells empty).
    """
    try:
        return _time.duration_text(value)  # one implementation, shared with HTML tables
    except (TypeError, ValueError):
        raise WrongTypeError(
            f"duration_text takes a timedelta, not {type(value).__name__} ({value!r})"
        ) from None


def duration_json(value: timedelta) -> dict[str, int | str]:
    """A duration as JSON: whole milliseconds (truncated toward zero) and the exact text.

    >>> duration_json(timedelta(hours=3, minutes=12))
    {'ms': 11520000, 'text': '3h 12m'}
    >>> duration_json(-timedelta(microseconds=1500))  # toward zero: -1 ms, the text is exact
    {'ms': -1, 'text': '-0.0015s'}
    """
    us = value // ONE_US
    return {"ms": -(-us // 1000) if us < 0 else us // 1000, "text": duration_text(value)}


def _read_duration(value: Any) -> Any:
    """A duration from its JSON object (the text is exact; ``ms`` alone is read as given)."""
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, Mapping) or not value or not set(value) <= {"ms", "text"}:
        raise ValueError(
            f"{shown(value)} is not a duration; write an object such as {_DURATION_EXAMPLE}"
        )
    ms, text = value.get("ms"), value.get("text")
    if ms is not None and (isinstance(ms, bool) or not isinstance(ms, int)):
        raise ValueError(f"ms {shown(ms)} is not a whole number of milliseconds")
    if text is None:
        if ms is None:
            raise ValueError(f"a duration needs ms or text, e.g. {_DURATION_EXAMPLE}")
        return timedelta(milliseconds=ms)
    matched = _DURATION_TEXT.fullmatch(text) if isinstance(text, str) and len(text) < 40 else None
    if matched is None or not any(matched.groups()[1:]):
        raise ValueError(
            f"text {shown(text)} is not a duration in hours, minutes and seconds "
            'such as "3h 12m", "-45m" or "1.5s"'
        )
    sign, hours, minutes, seconds, fraction = matched.groups()
    us = (
        int(hours or 0) * US_PER_HOUR
        + int(minutes or 0) * US_PER_MINUTE
        + int(seconds or 0) * US_PER_SECOND
        + int((fraction or "").ljust(6, "0"))
    ) * (-1 if sign else 1)
    duration = ONE_US * us
    if ms is not None and duration_json(duration)["ms"] != ms:
        raise ValueError(
            f"ms {ms} and text {shown(text)} disagree; ms is the text's whole milliseconds, "
            "truncated toward zero"
        )
    return duration


def _read_target(value: Any) -> Any:
    """A target from its text (``"24h business"``), or as the model reads it otherwise."""
    return Target.parse(value) if isinstance(value, str) else value


_DURATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "A duration. ms: whole milliseconds, truncated toward zero (exact unless the duration "
        "has a fraction of a millisecond); text: the exact duration in hours, minutes and "
        "seconds, never days (a business day has no fixed length)."
    ),
    "properties": {
        "ms": {"type": "integer"},
        "text": {
            "type": "string",
            "pattern": r"^-?(\d+h)?( ?\d+m)?( ?\d+(\.\d{1,6})?s)?$",
            "examples": ["3h 12m", "-45m", "0s", "1.5s"],
        },
    },
    "required": ["ms", "text"],
    "additionalProperties": False,
}
_DECIMAL_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^-?\d+(\.\d+)?(E[-+]?\d+)?$",
    "description": "An exact decimal number, as text (read it with a decimal type, not a float).",
}

JsonDuration = Annotated[
    timedelta,
    BeforeValidator(_read_duration),
    PlainSerializer(duration_json, when_used="json"),
    WithJsonSchema(_DURATION_SCHEMA),
]
JsonTarget = Annotated[
    Target,
    BeforeValidator(_read_target),
    PlainSerializer(str, when_used="json"),
    WithJsonSchema({
        "type": "string",
        "description": "The target as text: a duration and its clock, or business days.",
        "examples": ["24h business", "15m 24x7", "5 business days"],
    }),
]  # fmt: skip
JsonDecimal = Annotated[Decimal, WithJsonSchema(_DECIMAL_SCHEMA)]


class Cycle(InstantKeyed):
    """One cycle of a metric's clock: from opening (or a reopen) to the resolution that ended it.

    ``stop`` is ``None`` for the ongoing cycle; ``elapsed`` is the clock's
    elapsed time within the cycle (on the target's clock; the cycles' elapsed
    add up to the metric's); ``met`` is whether the clock's elapsed time up to
    the cycle's stop was within the target (``None`` while ongoing). The
    response clock has one cycle.

    >>> from datetime import datetime, timezone
    >>> Cycle(number=1, start=datetime(2026, 3, 2, 9, tzinfo=timezone.utc), stop=None,
    ...       elapsed=timedelta(hours=2), met=None).model_dump(mode="json")["elapsed"]
    {'ms': 7200000, 'text': '2h'}
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    number: int = Field(ge=1, description="1 for the first cycle, one more after each reopen")
    start: AwareDatetime = Field(
        description="the opening, the reopen that began the cycle, or (under restart) the "
        "severity change that started the clock again"
    )
    stop: AwareDatetime | None = Field(description="the resolution that ended it, null if ongoing")
    elapsed: JsonDuration = Field(description="the clock's elapsed time within the cycle")
    met: bool | None = Field(description="elapsed up to stop within the target; null if ongoing")


# -- the status objects ------------------------------------------------------------------------


class _Status:
    """The machinery shared by :class:`MetricStatus` and :class:`TicketStatus`.

    Plain frozen objects with one slot per field. :func:`evaluate` fills only
    ``_lazy`` (what it folded, with instants as integers); each field is
    computed on first access and kept, so a status costs what is read of it.
    Built any other way (the constructor, ``model_validate``, unpickling),
    every field is filled and validated at once. Either way the object reads,
    compares, hashes, pickles and dumps the same.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _model: ClassVar[type[SlakitModel]]
    _compute: ClassVar[dict[str, Callable[[Any], dict[str, Any]]]]
    _setters: ClassVar[dict[str, Callable[[object, object], None]]]

    def __init__(self, **data: Any) -> None:
        self._fill(self._model.model_validate(data))

    def _fill(self, model: SlakitModel) -> None:
        values = model.__dict__
        for name, set_field in self._setters.items():
            set_field(self, values.get(name) if name != "_lazy" else None)

    @classmethod
    def _slot_setters(cls) -> dict[str, Callable[[object, object], None]]:
        return {name: cls.__dict__[name].__set__ for name in (*cls._fields, "_lazy")}

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            # Only reached for a field not computed yet (its slot is empty).
            compute = type(self)._compute.get(name)
            if compute is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            values = compute(self._lazy)  # this field, or the group it is computed with
            setters = self._setters
            for field, value in values.items():
                setters[field](self, value)
            return values[name]

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot set {name}: a {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete {name}: a {type(self).__name__} is frozen")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def _key(self) -> tuple[Any, ...]:
        # Instants by (UTC instant, offset): see instant_key.
        return tuple(instant_key(getattr(self, name)) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, _Status):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown_fields})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuilt, (type(self), self._values())

    def _as_model(self) -> SlakitModel:
        return trusted(self._model, dict(zip(self._fields, self._values(), strict=True)))

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The fields as a dict, as pydantic's ``model_dump`` gives them (``mode="json"``:
        what :meth:`to_json` writes, ready for ``json.dumps``)."""
        return self._as_model().model_dump(**options)

    def model_dump_json(self, **options: Any) -> str:
        """The fields as JSON text, as pydantic's ``model_dump_json`` gives them."""
        return self._as_model().model_dump_json(**options)

    def to_json(self, indent: int | None = 2) -> str:
        """As JSON (``model_validate_json`` reads it back): instants in RFC 3339 with their
        offset, durations as ``{"ms": ..., "text": ...}``, the target as text, decimals as
        text. See the JSON section of docs/concepts.md and :func:`status_schema`."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def _from_model(cls, model: SlakitModel) -> Self:
        status = object.__new__(cls)
        status._fill(model)
        return status

    @classmethod
    def model_validate(cls, obj: Any) -> Self:
        """A status from a dict (or JSON's data) with every field, validated.

        Raises:
            SlakitError: a field is missing, unknown, or not of its type; names the field.
        """
        if isinstance(obj, cls):
            return obj
        return cls._from_model(cls._model.model_validate(obj))

    @classmethod
    def model_validate_json(cls, text: str | bytes | bytearray) -> Self:
        """A status from its JSON text (:meth:`to_json`), validated.

        Raises:
            SlakitError: not JSON, or a field is missing, unknown, or not of its type.
        """
        return cls._from_model(cls._model.model_validate_json(text))

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of this status's JSON."""
        return cls._model.model_json_schema()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        # As a field of a pydantic model (or in a TypeAdapter): validated, dumped and
        # described as the status's own JSON model.
        def dump(value: _Status, info: SerializationInfo) -> Any:
            return value.model_dump(mode=info.mode)

        return core_schema.no_info_plain_validator_function(
            cls.model_validate,
            serialization=core_schema.plain_serializer_function_ser_schema(dump, info_arg=True),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        return handler(cls._model.__pydantic_core_schema__)


def _rebuilt(cls: type[_Status], values: tuple[Any, ...]) -> _Status:
    """A status from its field values in order (unpickling: they were valid when pickled)."""
    status = object.__new__(cls)
    for name, value in zip(cls._fields, values, strict=True):
        cls._setters[name](status, value)
    cls._setters["_lazy"](status, None)
    return status


_METRIC_FIELDS = (
    "metric", "severity", "state", "clock", "target", "target_length", "due_at", "elapsed",
    "remaining", "percent_used", "met", "breached", "breached_at", "stopped_at",
    "wall_elapsed", "wall_percent_used", "paused", "cycles",
)  # fmt: skip
_TICKET_FIELDS = (
    "ticket_id", "framework", "tier", "compliance_goal", "severity", "opened_at", "now",
    "response", "resolution",
)  # fmt: skip


class MetricStatus(_Status):
    """One metric of one ticket at an instant.

    ``severity`` is the severity whose target the clock runs under: the
    ticket's, except that a metric that had already run more than its target
    when the severity changed keeps the severity it breached (a breach is
    final), and ``target``, ``due_at``, ``remaining`` and ``percent_used`` all
    describe that target. ``due_at`` is the instant the target is used up
    (``None`` while paused); ``remaining`` is negative once breached; ``met``
    is ``None`` until the clock stops undecided; ``breached_at`` is the instant
    the elapsed time passed the target, or the retargeting change that made it so.

    Beside the target's clock: ``wall_elapsed`` is the real time the clock ran
    (pauses excluded), ``wall_percent_used`` that as a percentage of the
    target's length (ServiceNow's percentage beside its business percentage;
    equal to ``percent_used`` on a ``24x7`` target), ``paused`` the real time
    the ticket spent paused up to ``now`` (always zero for the response, which
    is never paused), and ``cycles`` one :class:`Cycle` per stretch from
    opening or a reopen to the resolution that ended it.

    A frozen value, computed lazily (see :class:`_Status`): read, compare,
    hash, pickle, ``model_dump``/``to_json`` and ``model_validate`` as a
    pydantic model.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Event, Ticket, evaluate
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 6, 16, 0, tzinfo=timezone.utc)           # a Friday
    >>> ticket = Ticket("T-1", "sev2", opened)
    >>> status = evaluate(ticket, contract, "2026-03-09T07:00:00+00:00").resolution
    >>> status.elapsed, status.wall_elapsed, status.percent_used, status.wall_percent_used
    (datetime.timedelta(seconds=10800), datetime.timedelta(days=2, seconds=54000), \
Decimal('12.5'), Decimal('262.5'))
    """

    __slots__ = (*_METRIC_FIELDS, "_lazy")
    _fields = _METRIC_FIELDS

    metric: Metric
    severity: Severity
    state: ClockState
    clock: Clock
    target: Target
    target_length: timedelta
    due_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    percent_used: Decimal
    met: bool | None
    breached: bool
    breached_at: datetime | None
    stopped_at: datetime | None
    wall_elapsed: timedelta
    wall_percent_used: Decimal
    paused: timedelta
    cycles: tuple[Cycle, ...]
    _lazy: _MetricFold | None

    def _repr_html_(self) -> str:
        """A table in notebooks: one row per field, durations as text (``-25m``)."""
        pairs = [(name, getattr(self, name)) for name in METRIC_COLUMNS]
        pairs.append(("cycles", len(self.cycles)))
        return _html.fields(pairs, caption=f"{self.metric.value} ({self.severity.value})")


class TicketStatus(_Status):
    """The evaluation of a ticket at ``now``: one :class:`MetricStatus` per metric.

    ``severity`` is the ticket's severity at ``now`` (after every change up to
    then); a metric that breached before a downgrade shows its own, breached
    severity in :attr:`MetricStatus.severity`.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket, evaluate
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> ticket = Ticket("T-1", "sev1", datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    >>> status = evaluate(ticket, contract, "2026-03-02T09:10:00Z")
    >>> [metric.percent_used for metric in status.metrics()]
    [Decimal('66.67'), Decimal('4.17')]
    >>> TicketStatus.model_validate_json(status.to_json()) == status
    True
    """

    __slots__ = (*_TICKET_FIELDS, "_lazy")
    _fields = _TICKET_FIELDS

    ticket_id: str
    framework: str
    tier: str
    compliance_goal: Decimal | None
    severity: Severity
    opened_at: datetime
    now: datetime
    response: MetricStatus
    resolution: MetricStatus
    _lazy: tuple[Ticket, Contract, ClockRun, tzinfo | None] | None

    def metrics(self) -> tuple[MetricStatus, MetricStatus]:
        """Both metric statuses, response first."""
        return self.response, self.resolution

    def _fill(self, model: SlakitModel) -> None:
        values = model.__dict__
        for name, set_field in self._setters.items():
            value = values.get(name)
            if name in ("response", "resolution") and isinstance(value, SlakitModel):
                value = MetricStatus._from_model(value)
            set_field(self, value)

    def _as_model(self) -> SlakitModel:
        values = dict(zip(self._fields, self._values(), strict=True))
        values["response"] = self.response._as_model()
        values["resolution"] = self.resolution._as_model()
        return trusted(self._model, values)

    def _repr_html_(self) -> str:
        """A table in notebooks: one row per metric, durations as text (``-25m``)."""
        columns = ("metric", *_HTML_METRIC_CELLS)
        caption = (
            f"{self.ticket_id} ({self.severity.value}, {self.framework} {self.tier}) "
            f"at {self.now.isoformat()}"
        )
        rows = ([getattr(metric, name) for name in columns] for metric in self.metrics())
        return _html.table(columns, rows, caption=caption, right=_HTML_RIGHT)


#: The fields a status shows in notebooks, per metric; the numbers right-aligned.
_HTML_METRIC_CELLS = ("severity", "state", "target", "due_at", "elapsed", "remaining",
                      "percent_used", "met", "breached_at")  # fmt: skip
_HTML_RIGHT = frozenset({"elapsed", "remaining", "percent_used"})


#: The fields of a metric in flat records (CSV and DataFrames): all but ``metric``, which
#: prefixes the column, and ``cycles``, a list (in Python and JSON only).
METRIC_COLUMNS: tuple[str, ...] = tuple(
    name for name in _METRIC_FIELDS if name not in ("metric", "cycles")
)
#: The columns of a status as a flat record: the ticket's fields in the order of Python and
#: JSON (``ticket_id, framework, tier, compliance_goal, severity, opened_at, now``), then
#: ``response_<field>`` and ``resolution_<field>`` for each of :data:`METRIC_COLUMNS`.
STATUS_COLUMNS: tuple[str, ...] = (
    *_TICKET_FIELDS[:7],
    *(f"{metric}_{name}" for metric in ("response", "resolution") for name in METRIC_COLUMNS),
)


def _cell(value: object) -> str:
    """A field as CSV text, as JSON writes it (a duration as its exact text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_text(value)
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


def status_record(status: TicketStatus) -> dict[str, str]:
    """A status as one flat record of text, keyed by :data:`STATUS_COLUMNS` (a CSV row).

    Instants in ISO 8601 with their offset, durations as exact text (``"3h 12m"``),
    decimals as written, booleans ``true``/``false``, nothing as an empty cell.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> ticket = Ticket("T-1", "sev1", datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    >>> record = status_record(evaluate(ticket, contract, "2026-03-02T09:20:00Z"))
    >>> [record[name] for name in ("response_due_at", "response_remaining", "response_met")]
    ['2026-03-02T09:15:00+00:00', '-5m', 'false']
    """
    lazy = status._lazy if type(status) is TicketStatus else None
    if lazy is not None:  # the fields not computed yet: computed here, not kept
        fields = _ticket_fields(lazy)
        fields["now"] = status.now
        record = {name: _cell(fields[name]) for name in STATUS_COLUMNS[:7]}
    else:
        record = {name: _cell(getattr(status, name)) for name in STATUS_COLUMNS[:7]}
    for metric in status.metrics():
        fold = metric._lazy if type(metric) is MetricStatus else None
        if fold is not None:
            # Straight from what evaluate folded: the text each field would give, without
            # building the status's timedeltas or keeping its fields.
            columns = _COLUMNS_OF[fold.run.metric]
            record.update(zip(columns, _fold_cells(fold), strict=True))
            continue
        prefix = metric.metric.value
        for name in METRIC_COLUMNS:
            record[f"{prefix}_{name}"] = _cell(getattr(metric, name))
    return record


_COLUMNS_OF = {
    metric: tuple(f"{metric.value}_{name}" for name in METRIC_COLUMNS) for metric in Metric
}


_TRUE_FALSE = ("false", "true")
#: The clock, target and target length cells of the targets seen, by target and length (a
#: contract has a few): formatting a target costs more than the rest of a metric's cells.
#: Cleared when full, so it never grows without bound.
_TARGET_CELLS: dict[tuple[Target, int], tuple[str, str, str]] = {}
_TARGET_CELLS_KEPT = 1024


def _instant_cell(us: int | None, tz: tzinfo | None) -> str:
    """``_cell`` of the instant ``us`` shown in ``tz`` (empty for None)."""
    return "" if us is None else from_us(us, tz).isoformat()


def _fold_cells(fold: _MetricFold) -> list[str]:
    """The :data:`METRIC_COLUMNS` cells of a lazy metric status, in order: what ``_cell``
    gives for each field as :func:`_metric_fields` and the other computers make it."""
    run, tz = fold.run, fold.tz
    _, severity, _, state, _, _, elapsed, stopped_at, _, target, length, _, _ = run
    breached = elapsed > length
    stopped = state is _STOPPED
    key = (target, length)
    target_cells = _TARGET_CELLS.get(key)
    if target_cells is None:
        if len(_TARGET_CELLS) >= _TARGET_CELLS_KEPT:
            _TARGET_CELLS.clear()
        target_cells = _TARGET_CELLS[key] = (_cell(target.clock), _cell(target), us_text(length))
    wall = _wall_elapsed(run)
    return [
        severity.value,
        state.value,
        *target_cells,
        _instant_cell(fold.due_at, tz),
        us_text(elapsed),
        us_text(length - elapsed),
        str(Decimal((20000 * elapsed + length) // (2 * length)) / 100),
        _TRUE_FALSE[not breached] if stopped else ("false" if breached else ""),
        _TRUE_FALSE[breached],
        _instant_cell(fold.breached_at, tz),
        _instant_cell(stopped_at if stopped else None, tz),
        us_text(wall),
        str(_percent(wall, length)),
        us_text(_paused_us(fold)),
    ]


def _metric_model(value: Any) -> Any:
    return value._as_model() if isinstance(value, MetricStatus) else value


def _json_models() -> tuple[type[SlakitModel], type[SlakitModel]]:
    """The pydantic models of the statuses' JSON: validation, serialization and JSON Schema.

    Named as the public classes, so that the schema's definitions are too.
    """

    class MetricStatus(SlakitModel):
        """One metric of one ticket at an instant (see slakit.MetricStatus)."""

        _error: ClassVar[type[SlakitError]] = UsageError  # a ValueError: nested, it names its path

        metric: Metric = Field(description="response or resolution")
        severity: Severity = Field(description="the severity whose target the clock runs under")
        state: ClockState = Field(description="running, paused or stopped")
        clock: Clock = Field(description="24x7 (wall time) or business (the contract calendar)")
        target: JsonTarget = Field(description="the target, as text")
        target_length: JsonDuration = Field(description="the target's length on its clock")
        due_at: AwareDatetime | None = Field(description="when the target is used up")
        elapsed: JsonDuration = Field(description="time the clock ran, on the target's clock")
        remaining: JsonDuration = Field(description="target_length - elapsed; negative if late")
        percent_used: JsonDecimal = Field(description="elapsed / target_length x 100, 2 places")
        met: bool | None = Field(description="stopped within the target; null while undecided")
        breached: bool = Field(description="the clock has run more than its target")
        breached_at: AwareDatetime | None = Field(description="when the target was passed")
        stopped_at: AwareDatetime | None = Field(description="when a stopped clock stopped")
        wall_elapsed: JsonDuration = Field(description="real time the clock ran, less pauses")
        wall_percent_used: JsonDecimal = Field(
            description="wall_elapsed / target_length x 100, 2 places"
        )
        paused: JsonDuration = Field(description="real time the ticket was paused up to now")
        cycles: tuple[Cycle, ...] = Field(description="from opening and each reopen, in order")

    class TicketStatus(SlakitModel):
        """The evaluation of a ticket at now (see slakit.TicketStatus)."""

        _error: ClassVar[type[SlakitError]] = UsageError

        ticket_id: str
        framework: str
        tier: str
        compliance_goal: JsonDecimal | None = Field(description="the tier's goal, as a fraction")
        severity: Severity = Field(description="the ticket's severity at now")
        opened_at: AwareDatetime
        now: AwareDatetime = Field(description="the instant evaluated at")
        response: Annotated[MetricStatus, BeforeValidator(_metric_model)]
        resolution: Annotated[MetricStatus, BeforeValidator(_metric_model)]

    return MetricStatus, TicketStatus


MetricStatus._model, TicketStatus._model = _json_models()
MetricStatus._setters, TicketStatus._setters = (
    MetricStatus._slot_setters(), TicketStatus._slot_setters()
)  # fmt: skip


def status_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a :class:`TicketStatus` as JSON (``to_json``).

    >>> schema = status_schema()
    >>> schema["$schema"], schema["title"]
    ('https://json-schema.org/draft/2020-12/schema', 'TicketStatus')
    >>> sorted(schema["$defs"])
    ['ClockState', 'Cycle', 'Metric', 'MetricStatus', 'Severity']
    >>> schema["$defs"]["MetricStatus"]["properties"]["elapsed"]["required"]
    ['ms', 'text']
    """
    return {"$schema": JSON_SCHEMA_DIALECT, **TicketStatus.model_json_schema()}


#: The dialect of slakit's JSON Schemas (the ``"$schema"`` key).
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class Escalation(InstantKeyed):
    """The instant a running clock will cross ``threshold`` of its target."""

    ticket_id: str
    metric: Metric
    threshold: Decimal
    at: AwareDatetime


# Module-level aliases: reading an enum member off its class costs 0.2 µs in
# Python 3.11, and the folds below compare against them for every event.
_RUNNING, _PAUSED, _STOPPED = ClockState.RUNNING, ClockState.PAUSED, ClockState.STOPPED
_RESPONDED, _PAUSE, _RESUMED = EventKind.RESPONDED, EventKind.PAUSED, EventKind.RESUMED
_RESOLVED, _REOPENED = EventKind.RESOLVED, EventKind.REOPENED
_RESPONSE, _RESOLUTION = Metric.RESPONSE, Metric.RESOLUTION


class ClockRun(NamedTuple):
    """One metric's clock on one ticket after its timeline is folded, in integer microseconds.

    The in-package interface to a ticket clock: :func:`evaluate`,
    :func:`escalation_schedule` and the per-incident credits all read clocks
    through it, so the edge that decides verdicts and money is written once
    (:meth:`exceeds`: met means elapsed ≤ target, breached means elapsed >
    target). Instants are microseconds since the epoch; ``segments`` are the
    ``[start, end)`` stretches the clock ran, ``spans`` the open time of each
    on the target's clock, ``elapsed`` their sum.

    ``restarted_at`` is, under ``severity_change="restart"``, the last severity
    change that started the clock again from zero (``None`` otherwise).

    ``severity`` is the severity whose ``target`` (of ``length`` µs) the clock
    runs under; ``ticket_severity`` is the ticket's severity when the clock
    last ran (at ``now``, or at ``stopped_at`` once stopped). The two differ
    only when a breach is final: a severity change that found the clock had
    already run more than its target left ``severity`` as it was, and so does
    every later change.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> late = Ticket("T-1", "sev1", opened, events=[Event.responded(opened.replace(hour=10))])
    >>> minute = 60 * 10**6
    >>> two_hours_on = int(opened.timestamp()) * 10**6 + 120 * minute
    >>> response, resolution = clock_runs(late, contract, two_hours_on)
    >>> response.elapsed // minute, response.length // minute, response.breached
    (60, 15, True)
    >>> (response.reached_at(15 * minute) - response.segments[0][0]) // minute
    15
    >>> response.passed_at(60 * minute) is None  # exactly 60 minutes is not more than 60
    True
    """

    metric: Metric
    severity: Severity
    ticket_severity: Severity
    state: ClockState
    segments: list[tuple[int, int]]
    spans: list[int]
    elapsed: int
    stopped_at: int | None
    retargeted_at: int | None
    target: Target
    length: int
    compiled: CompiledIndex
    restarted_at: int | None = None

    def exceeds(self, amount: int) -> bool:
        """Whether the clock has run more than ``amount`` (µs): exactly ``amount`` is within it."""
        return self.elapsed > amount

    @property
    def breached(self) -> bool:
        """Whether the clock has run more than its target."""
        return self.exceeds(self.length)

    def reached_at(self, amount: int) -> int | None:
        """The instant elapsed time reached ``amount`` (µs), or ``None`` if it has not.

        For the target's length this is the deadline (``due_at``); a clock that
        stopped or paused exactly there reached it without passing it.
        """
        if self.elapsed < amount:
            return None
        used = 0
        for (start, _), span in zip(self.segments, self.spans, strict=True):
            if used + span >= amount:
                return self.compiled.add(start, amount - used)
            used += span
        return None

    def passed_at(self, amount: int) -> int | None:
        """The instant from which elapsed time is more than ``amount`` (µs), or ``None``.

        The instant it reached ``amount`` if the clock ran on from there; if it
        reached it at a closing time or a pause, the moment the clock next ran.
        So a statement evaluated at a month's end owes the incident exactly
        when this instant falls before that end.
        """
        if not self.exceeds(amount):
            return None
        used = 0
        for (start, _), span in zip(self.segments, self.spans, strict=True):
            if used + span > amount:
                return self.compiled.next_open(self.compiled.add(start, amount - used))
            used += span
        return None  # unreachable: the spans add up to more than amount

    def no_earlier_than_retarget(self, instant: int) -> int:
        """``instant``, or the retargeting severity change if later: a change that
        finds the new target already used up breaches it at the change."""
        retargeted = self.retargeted_at
        return instant if retargeted is None or retargeted < instant else retargeted


def _run(
    metric: Metric,
    severity: Severity,
    ticket_severity: Severity,
    state: ClockState,
    segments: list[tuple[int, int]],
    stopped_at: int | None,
    retargeted_at: int | None,
    contract: Contract,
    restarted_at: int | None = None,
) -> ClockRun:
    """A clock's stretches measured on the clock of its target under ``contract``."""
    target, length, compiled = contract.clock_for(severity, metric)
    if len(segments) == 1:  # most clocks: no pause, no reopen
        elapsed = compiled.elapsed(*segments[0])
        spans = [elapsed]
    else:
        spans = [compiled.elapsed(start, end) for start, end in segments]
        elapsed = sum(spans)
    # tuple.__new__ skips the NamedTuple's Python-level __new__: two runs per ticket.
    return tuple.__new__(ClockRun, (
        metric, severity, ticket_severity, state, segments, spans, elapsed,
        stopped_at, retargeted_at, target, length, compiled, restarted_at,
    ))  # fmt: skip


def _response_run(ticket: Ticket, contract: Contract, now: int) -> ClockRun:
    """From opening to the first response, or to the resolution if nobody responded first.

    Never paused. A severity change while it runs retargets it (or, under
    ``restart``, starts it again at the change), unless the clock had already
    run more than its target: that breach is final, and the clock runs on
    under the breached target whatever the later changes (an upgrade too: a
    breach already owed in one month must not be owed again in the next). Once
    stopped it keeps its verdict.
    """
    severity = current = ticket.severity
    start, retargeted_at, restarted_at, final = ticket.opened_us, None, None, False
    for event in ticket.events:
        at = event.at_us
        if at > now:
            break
        kind = event.kind
        if kind is _RESPONDED or kind is _RESOLVED:  # resolving answers the customer too
            return _run(
                _RESPONSE,
                severity,
                current,
                _STOPPED,
                [(start, at)],
                at,
                retargeted_at,
                contract,
                restarted_at,
            )
        changed = event.severity  # only severity_changed events carry one
        if changed is not None and changed is not current:
            current = changed
            if final or _has_run_over(contract.clock_for(severity, _RESPONSE), [], start, at, {}):
                final = True  # a breach is final: this metric keeps the target it breached
            else:
                severity = changed
                if contract.severity_change == "restart":
                    start = restarted_at = at
                else:
                    retargeted_at = at
    return _run(
        _RESPONSE,
        severity,
        current,
        _RUNNING,
        [(start, now)],
        None,
        retargeted_at,
        contract,
        restarted_at,
    )


def _resolution_run(ticket: Ticket, contract: Contract, now: int) -> ClockRun:
    """From opening to resolution, less the time paused; a reopen lets it run on.

    A severity change retargets it (or, under ``restart``, drops what ran
    before), unless the clock had already run more than its target: that
    breach is final, and the clock runs on under the breached target whatever
    the later changes.
    """
    severity = current = ticket.severity
    retargeted_at, restarted_at, final = None, None, False
    segments: list[tuple[int, int]] = []
    running_since: int | None = ticket.opened_us
    state, stopped_at = _RUNNING, None
    measured: dict[CompiledIndex, tuple[int, int]] | None = None  # made at the first change
    for event in ticket.events:
        at = event.at_us
        if at > now:
            break
        kind = event.kind
        if kind is _PAUSE or kind is _RESOLVED:
            if running_since is not None:
                segments.append((running_since, at))
            running_since = None
            state, stopped_at = (_PAUSED, stopped_at) if kind is _PAUSE else (_STOPPED, at)
        elif kind is _RESUMED or kind is _REOPENED:
            running_since, state, stopped_at = at, _RUNNING, None
        elif (changed := event.severity) is not None and changed is not current:
            current = changed
            if measured is None:
                measured = {}
            if final or _has_run_over(
                contract.clock_for(severity, _RESOLUTION), segments, running_since, at, measured
            ):
                final = True  # a breach is final: this metric keeps the target it breached
            else:
                severity = changed
                if contract.severity_change == "restart":
                    segments, measured, restarted_at = [], {}, at
                    running_since = None if running_since is None else at
                else:
                    retargeted_at = at
    if running_since is not None:
        segments.append((running_since, now))
    return _run(
        _RESOLUTION,
        severity,
        current,
        state,
        segments,
        stopped_at,
        retargeted_at,
        contract,
        restarted_at,
    )


def _has_run_over(
    clock: TargetClock,
    segments: list[tuple[int, int]],
    running_since: int | None,
    at: int,
    measured: dict[CompiledIndex, tuple[int, int]],
) -> bool:
    """Whether a clock's closed ``segments``, plus the stretch running since
    ``running_since`` (if any) up to ``at``, add up to more than ``clock``'s target.

    Asked only at severity changes. ``measured`` keeps, per calendar, how many of
    ``segments`` are already summed and their total, so a long timeline with many
    changes measures each segment once per calendar rather than once per change.
    """
    _, length, compiled = clock
    counted, total = measured.get(compiled, (0, 0))
    for start, end in segments[counted:]:
        total += compiled.elapsed(start, end)
    measured[compiled] = (len(segments), total)
    if running_since is not None:
        total += compiled.elapsed(running_since, at)
    return total > length  # the edge of ClockRun.exceeds: exactly the target is met


def clock_runs(ticket: Ticket, contract: Contract, now: int) -> tuple[ClockRun, ClockRun]:
    """Both clocks of ``ticket`` under ``contract`` at ``now`` (µs since the epoch), response
    first. Events after ``now`` are ignored.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> hour = 3600 * 10**6
    >>> [run.elapsed // hour for run in clock_runs(Ticket("T-1", "sev2", opened), contract,
    ...                                              int(opened.timestamp()) * 10**6 + 3 * hour)]
    [3, 3]

    Raises:
        WrongTypeError: ``ticket`` is not a :class:`~slakit.Ticket` or ``contract`` not a
            :class:`~slakit.Contract`.
        TimelineError: ``now`` is before the ticket was opened.
    """
    if not isinstance(ticket, Ticket) or not isinstance(contract, Contract):
        raise _wrong_type(ticket, contract)
    if now < ticket.opened_us:
        raise TimelineError(
            f"ticket {ticket.id}: now is before the ticket was opened "
            f"({ticket.opened_at.isoformat()})"
        )
    return _response_run(ticket, contract, now), _resolution_run(ticket, contract, now)


def _wrong_type(ticket: object, contract: object) -> WrongTypeError:
    """The error for a ticket that is not a Ticket or a contract that is not a Contract."""
    if not isinstance(ticket, Ticket):
        return WrongTypeError(
            f"ticket must be a slakit Ticket, not {type(ticket).__name__} ({shown(ticket)})"
        )
    hint = (
        f"; build one with Contract(framework={contract!r}, tier=..., region=...)"
        if isinstance(contract, str)
        else ""
    )
    return WrongTypeError(
        f"contract must be a slakit Contract, not {type(contract).__name__} "
        f"({shown(contract)}){hint}"
    )


class _MetricFold(NamedTuple):
    """What :func:`evaluate` folded for one metric, instants as integer microseconds.

    Everything a :class:`MetricStatus` shows is computed from it on first read.
    """

    run: ClockRun
    due_at: int | None
    breached_at: int | None
    now: int
    tz: tzinfo | None
    ticket: Ticket


def _fold(run: ClockRun, now: int, tz: tzinfo | None, ticket: Ticket) -> MetricStatus:
    """A lazy status of one clock: the deadline and the breach instant are found now (they
    may raise, as every calendar query may), everything else is computed when read."""
    _, _, _, state, segments, _, elapsed, stopped_at, _, _, length, compiled, _ = run
    # Most clocks have not reached their target: skip the walk over the segments.
    if elapsed < length:
        reached_at = None
    elif len(segments) == 1:  # ClockRun.reached_at, without the walk
        reached_at = compiled.add(segments[0][0], length)
    else:
        reached_at = run.reached_at(length)
    if state is _PAUSED:
        due_at = None
    elif reached_at is not None:
        due_at = reached_at
    else:
        due_at = compiled.add(now if stopped_at is None else stopped_at, length - elapsed)
    breached_at = None
    if elapsed > length and reached_at is not None:
        breached_at = run.no_earlier_than_retarget(reached_at)
    status = _new(MetricStatus)
    _set_metric_fold(
        status, tuple.__new__(_MetricFold, (run, due_at, breached_at, now, tz, ticket))
    )
    return status


def _percent(part: int, whole: int) -> Decimal:
    """``part / whole × 100``, rounded half up to 2 places."""
    return Decimal((20000 * part + whole) // (2 * whole)) / 100


def _instant(us: int | None, tz: tzinfo | None) -> datetime | None:
    return None if us is None else from_us(us, tz)


def _paused(fold: _MetricFold) -> timedelta:
    """Real time the ticket spent paused up to ``now`` (the response is never paused)."""
    return ONE_US * _paused_us(fold)


def _paused_us(fold: _MetricFold) -> int:
    """:func:`_paused` in microseconds."""
    if fold.run.metric is _RESPONSE:
        return 0
    total, since = 0, None
    for event in fold.ticket.events:
        at = event.at_us
        if at > fold.now:
            break
        kind = event.kind
        if kind is _PAUSE:
            since = at
        elif since is not None and (kind is _RESUMED or kind is _RESOLVED):
            total, since = total + at - since, None
    if since is not None:
        total += fold.now - since
    return total


def _cycles(fold: _MetricFold) -> tuple[Cycle, ...]:
    """One cycle from opening and one from each reopen, each to the resolution that ended it.

    Under ``severity_change="restart"`` the cycle in which the clock last started
    again begins at that change (its elapsed time counts from there); earlier
    cycles show what is left of their time after the restart dropped it: none.
    """
    run, now, tz, ticket = fold.run, fold.now, fold.tz, fold.ticket
    bounds: list[tuple[int, int | None]] = []
    if run.metric is _RESPONSE:
        bounds.append((ticket.opened_us, run.stopped_at))
    else:
        start: int | None = ticket.opened_us
        for event in ticket.events:
            at = event.at_us
            if at > now:
                break
            if event.kind is _RESOLVED and start is not None:
                bounds.append((start, at))
                start = None
            elif event.kind is _REOPENED:
                start = at
        if start is not None:
            bounds.append((start, None))
    restarted = run.restarted_at
    if restarted is not None:
        # The cycle a restart began counts from the restart, not from its opening or reopen.
        bounds = [
            (restarted if start <= restarted and (stop is None or restarted < stop) else start,
             stop)
            for start, stop in bounds
        ]  # fmt: skip
    cycles, used = [], 0
    for number, (start, stop) in enumerate(bounds, 1):
        end = now if stop is None else stop
        elapsed = sum(
            run.compiled.elapsed(max(first, start), min(last, end))
            for first, last in run.segments
            if first < end and last > start
        )
        used += elapsed
        values = {
            "number": number,
            "start": from_us(start, tz),
            "stop": _instant(stop, tz),
            "elapsed": ONE_US * elapsed,
            "met": None if stop is None else used <= run.length,
        }
        cycles.append(trusted(Cycle, values))
    return tuple(cycles)


def _wall_elapsed(run: ClockRun) -> int:
    return sum(end - start for start, end in run.segments)


def _metric_fields(fold: _MetricFold) -> dict[str, Any]:
    """Every field a status had before cycles: computed together on the first read of one
    (one miss per status, rather than one per field)."""
    run, tz = fold.run, fold.tz
    metric, severity, _, state, _, _, elapsed, stopped_at, _, target, length, _, _ = run
    breached = elapsed > length
    stopped = state is _STOPPED
    due_at, breached_at = fold.due_at, fold.breached_at
    return {
        "metric": metric,
        "severity": severity,
        "state": state,
        "clock": target.clock,
        "target": target,
        # ONE_US * n is timedelta_of(n) without a call.
        "target_length": ONE_US * length,
        "due_at": None if due_at is None else from_us(due_at, tz),
        "elapsed": ONE_US * elapsed,
        "remaining": ONE_US * (length - elapsed),
        "percent_used": Decimal((20000 * elapsed + length) // (2 * length)) / 100,
        "met": (not breached) if stopped else (False if breached else None),
        "breached": breached,
        "breached_at": None if breached_at is None else from_us(breached_at, tz),
        "stopped_at": from_us(stopped_at, tz) if stopped and stopped_at is not None else None,
    }


def _ticket_fields(lazy: tuple[Ticket, Contract, ClockRun, tzinfo | None]) -> dict[str, Any]:
    ticket, contract, resolution, tz = lazy
    return {
        "ticket_id": ticket.id,
        "framework": contract.framework.name,
        "tier": contract.tier,
        "compliance_goal": contract.tier_policy.compliance_goal,
        "severity": resolution.ticket_severity,  # the ticket's, at now
        "opened_at": from_us(ticket.opened_us, tz),  # in the timezone of now, as the rest
    }


MetricStatus._compute = {
    **dict.fromkeys(_METRIC_FIELDS[:14], _metric_fields),
    "wall_elapsed": lambda fold: {"wall_elapsed": ONE_US * _wall_elapsed(fold.run)},
    "wall_percent_used": lambda fold: {
        "wall_percent_used": _percent(_wall_elapsed(fold.run), fold.run.length)
    },
    "paused": lambda fold: {"paused": _paused(fold)},
    "cycles": lambda fold: {"cycles": _cycles(fold)},
}
TicketStatus._compute = dict.fromkeys(_TICKET_FIELDS[:6], _ticket_fields)
_new = object.__new__
_set_metric_fold = MetricStatus._setters["_lazy"]
_set_now, _set_response, _set_resolution, _set_ticket_lazy = (
    TicketStatus._setters[name] for name in ("now", "response", "resolution", "_lazy")
)


def evaluate(ticket: Ticket, contract: Contract, now: datetime | str) -> TicketStatus:
    """The ticket's response and resolution status at ``now``, in the timezone of ``now``.

    ``now`` is anything ``opened_at`` accepts (see :func:`instant`): an aware
    datetime, or ISO 8601 text with a UTC offset. Every instant of the status
    (``opened_at`` too) is shown in the timezone of ``now``. Pure: the answer
    depends only on the arguments, and the arguments are never changed, so
    ``evaluate`` may run in many threads at once. The status is computed
    lazily (see :class:`MetricStatus`): what is never read is never computed.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> ticket = Ticket("T-1", "sev1", "2026-03-02T09:00:00+00:00")
    >>> evaluate(ticket, contract, "2026-03-02T10:00:00+01:00").response.remaining
    datetime.timedelta(seconds=900)
    >>> evaluate(ticket, "kmp", datetime(2026, 3, 2, 10, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    slakit.errors.WrongTypeError: contract must be a slakit Contract, not str ('kmp'); build \
one with Contract(framework='kmp', tier=..., region=...)

    Raises:
        WrongTypeError: ``ticket`` is not a Ticket, ``contract`` not a Contract, or ``now``
            not an instant's type (see :func:`instant`).
        NaiveDatetimeError: ``now`` has no timezone (or its text no UTC offset).
        UsageError: ``now`` is text that is not an instant, or outside the years
            1900 to 2999.
        TimelineError: ``now`` is before the ticket was opened.
    """
    if now.__class__ is not datetime or not FIRST_YEAR < now.year < LAST_YEAR:
        now = instant(now, "now")  # text, a number, a subclass, or near the ends of the range
    now_us = to_us(now, "now")
    response, resolution = clock_runs(ticket, contract, now_us)
    tz = now.tzinfo
    status = _new(TicketStatus)
    _set_now(status, now)
    _set_response(status, _fold(response, now_us, tz, ticket))
    _set_resolution(status, _fold(resolution, now_us, tz, ticket))
    _set_ticket_lazy(status, (ticket, contract, resolution, tz))
    return status


def threshold_fraction(
    threshold: object, allowed: str, *, breach: bool, name: str = "threshold"
) -> Fraction:
    """A threshold as an exact fraction of the target: above zero, below 1, and exactly 1
    only if ``breach`` (the caller takes the breach as a threshold).

    A threshold above 1 is refused as a likely percentage (``50`` for ``0.5``);
    ``allowed`` says what the caller takes, ``name`` what errors call it.

    >>> threshold_fraction(0.9, "give 0.5", breach=False)
    Fraction(9, 10)
    >>> threshold_fraction(50, "give fractions such as 0.5", breach=True)
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: threshold 50 is more than 1 (the whole target); thresholds are \
fractions of the target, not percentages: give 0.5 for 50%; give fractions such as 0.5
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | Decimal | Fraction):
        raise UsageError(
            f"{name} {shown(threshold)} is not a number ({type(threshold).__name__}); {allowed}"
        )
    if isinstance(threshold, Decimal):
        finite = threshold.is_finite()
    else:  # an int or a Fraction is always finite (and may be too big for a float)
        finite = not isinstance(threshold, float) or isfinite(threshold)
    if not finite:
        raise UsageError(f"{name} {threshold} is not a finite number; {allowed}")
    # str() first, so that 0.9 means nine tenths rather than its binary neighbour.
    value = Fraction(str(threshold)) if isinstance(threshold, float) else Fraction(threshold)
    if value <= 0:
        raise UsageError(f"{name} {threshold} is not above zero; {allowed}")
    if value > 1:
        raise UsageError(
            f"{name} {threshold} is more than 1 (the whole target); thresholds are "
            f"fractions of the target, not percentages: give {_as_fraction(value)} for "
            f"{threshold}%; {allowed}"
        )
    if value == 1 and not breach:
        raise UsageError(
            f"{name} {threshold} is the breach itself, which is reported on its own (a "
            f"breached event); {allowed}"
        )
    return value


def _as_fraction(percent: Fraction) -> str:
    """``percent`` / 100 as decimal text (``50`` → ``"0.5"``)."""
    value = Decimal(percent.numerator) / Decimal(percent.denominator) / 100
    return format(value.normalize(), "f")


_ESCALATION_ALLOWED = (
    "give fractions of the target above zero and at most 1, such as 0.5, 0.75, 0.9, 1.0 "
    "(1.0 is the breach)"
)


def _fractions(thresholds: Iterable[float | Decimal | Fraction]) -> list[Fraction]:
    """The distinct thresholds, smallest first."""
    if isinstance(thresholds, str | bytes) or not isinstance(thresholds, Iterable):
        raise WrongTypeError(
            f"thresholds must be a list of numbers such as [0.5, 0.75, 0.9, 1.0], "
            f"not {type(thresholds).__name__} ({shown(thresholds)})"
        )
    return sorted(
        {
            threshold_fraction(
                threshold, _ESCALATION_ALLOWED, breach=True, name="escalation threshold"
            )
            for threshold in thresholds
        }
    )


def _escalations(
    run: ClockRun, fractions: list[Fraction], ticket_id: str, now: int, tz: tzinfo | None
) -> Iterator[Escalation]:
    """When a running clock crosses each threshold not already behind it at ``now``.

    Below 1 a threshold is crossed when elapsed reaches its share of the target;
    at 1 when elapsed passes it (met means elapsed <= target), so 1.0 is
    the first instant ``evaluate`` reports ``breached=True``: one microsecond after
    ``due_at``, or the next opening plus one if the target ran out at a closing.
    (``slakit.sla`` applies the same rule.)
    """
    for fraction in fractions:
        scaled = fraction * run.length
        needed = ceil(scaled) if fraction < 1 else scaled // 1 + 1
        if needed > run.elapsed:  # crossed exactly at now: already behind it
            yield Escalation(
                ticket_id=ticket_id,
                metric=run.metric,
                threshold=Decimal(fraction.numerator) / Decimal(fraction.denominator),
                at=from_us(run.compiled.add(now, needed - run.elapsed), tz),
            )


def escalation_schedule(
    ticket: Ticket,
    contract: Contract,
    now: datetime | str,
    thresholds: Iterable[float | Decimal | Fraction] = (0.5, 0.75, 0.9, 1.0),
) -> list[Escalation]:
    """When each running clock will cross each threshold of its target, if nothing else happens.

    ``now`` is anything ``opened_at`` accepts (see :func:`instant`); instants
    are shown in its timezone. Thresholds already crossed at ``now`` (also
    those crossed exactly at ``now``, which :func:`evaluate` at ``now``
    already shows) are left out; paused and stopped clocks have none. The
    list is in time order. Thresholds are fractions of the target above zero
    and at most 1 (more is refused as a likely percentage). A threshold below
    1 is crossed at the first instant elapsed reaches that share of the
    target (exactly, in microseconds); 1 at the first instant elapsed passes
    it, so 1.0 is the first instant :func:`evaluate` reports
    ``breached=True``: one microsecond after ``due_at`` (the instant elapsed
    equals the target, which is still met), or the next opening plus one
    microsecond if the target ran out at a closing time.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> opened = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> [(e.metric.value, str(e.threshold), e.at.strftime("%H:%M"))
    ...  for e in escalation_schedule(Ticket("T-1", "sev1", opened), contract, opened)][:3]
    [('response', '0.5', '09:07'), ('response', '0.75', '09:11'), ('response', '0.9', '09:13')]
    >>> [e.at.time() for e in escalation_schedule(Ticket("T-1", "sev1", opened), contract, opened)
    ...  if e.threshold == 1]  # 15 min and 4 h on 24x7: breached from a microsecond after
    [datetime.time(9, 15, 0, 1), datetime.time(13, 0, 0, 1)]

    Raises:
        WrongTypeError: ``ticket``, ``contract`` or ``now`` is of the wrong type, or
            ``thresholds`` is not a list.
        UsageError: a threshold is not a finite number above zero and at most 1; ``now`` is
            text that is not an instant, or outside the years 1900 to 2999.
        NaiveDatetimeError: ``now`` has no timezone.
        TimelineError: ``now`` is before the ticket was opened.
    """
    now = instant(now, "now")
    now_us = to_us(now, "now")
    fractions = _fractions(thresholds)
    escalations = [
        escalation
        for run in clock_runs(ticket, contract, now_us)
        if run.state is _RUNNING
        for escalation in _escalations(run, fractions, ticket.id, now_us, now.tzinfo)
    ]
    escalations.sort(key=lambda escalation: (escalation.at, escalation.metric.value))
    return escalations
