"""How one ticketing tool's words map to slakit's: statuses, priorities, metrics, replies.

Every installation names its statuses and priorities its own way, so each
source ships defaults (:data:`slakit.imports.zendesk.DEFAULT_MAPPING`, ...)
and a small TOML file adds to them or overrides them. Names compare without
regard to case or surrounding blanks. A name that is in no table is never
guessed: the import counts and reports it.

>>> mapping = SourceMapping("demo", statuses={"Open": "running", "Pending": "paused"},
...                         priorities={"Urgent": "sev1"}, metrics={"reply_time": "response"})
>>> mapping.status(" open "), mapping.severity("URGENT"), mapping.status("on-hold")
('running', <Severity.SEV1: 'SEV1'>, None)
>>> mapping.updated({"statuses": {"on-hold": "paused"}}, "acme.toml").status("On-Hold")
'paused'
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

from slakit._text import check_id, shown
from slakit._text_files import read_text
from slakit._time import check_timezone
from slakit.errors import DataFileError, SlakitError
from slakit.policy import Metric
from slakit.severity import Severity

__all__ = [
    "STATUS_EFFECTS",
    "ResponseRule",
    "SourceMapping",
    "StatusEffect",
    "load_mapping",
    "mapping_toml",
]

StatusEffect = Literal["running", "paused", "resolved"]
"""What a status does to a ticket's clocks: ``running`` (being worked on), ``paused``
(waiting on the customer: the resolution clock stops), ``resolved`` (the clocks stop;
a later ``running`` or ``paused`` status reopens the ticket)."""

STATUS_EFFECTS: tuple[str, ...] = get_args(StatusEffect)

#: The largest mapping file read (a few dozen lines in practice).
LARGEST_MAPPING_FILE = 1 << 20

_KEYS = (
    "contract",
    "timezone",
    "priority_field",
    "statuses",
    "priorities",
    "metrics",
    "response",
)


def _key(name: str) -> str:
    """A name as the tables compare it: blanks stripped, case folded."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class ResponseRule:
    """Which reply counts as the response: ``public_only`` (a private note does not),
    ``requester_counts`` (the requester's own comment does; by default it does not).

    >>> rule = ResponseRule()
    >>> rule.counts(public=False, by_requester=False), rule.counts(public=True, by_requester=False)
    (False, True)
    """

    public_only: bool = True
    requester_counts: bool = False

    def counts(self, public: bool, by_requester: bool) -> bool:
        """Whether a reply with these properties is a response."""
        return (public or not self.public_only) and (not by_requester or self.requester_counts)


@dataclass(frozen=True)
class SourceMapping:
    """The tables that turn one source's statuses, priorities and metric names into slakit's.

    ``statuses`` maps a status name to a :data:`StatusEffect`; ``priorities``
    a priority name to a severity (any spelling :meth:`Severity.parse
    <slakit.severity.Severity.parse>` reads); ``metrics`` a vendor SLA metric
    name to ``response`` or ``resolution``; ``response`` says which replies
    count; ``contract`` is the contract id written on every imported ticket
    (none when empty); ``timezone`` is the zone of vendor timestamps written
    without a UTC offset (``""``, the default: not given, and such timestamps
    are read in UTC; an importer whose export's zone cannot be known without it,
    such as ServiceNow's display values, refuses them until it is given);
    ``priority_field`` names the field that holds the
    priority when it is not the tool's own (a Zendesk custom field's id; empty:
    the tool's priority field). ``origin`` names where the tables come from in
    messages. Keys are stored as compared (case folded, blanks collapsed).

    >>> SourceMapping("x", priorities={"P1": "critical"}).severity("p1")
    <Severity.SEV1: 'SEV1'>
    >>> SourceMapping("x", statuses={"open": "working"})
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: x defaults, statuses, 'open': 'working' is not a status \
effect; use running, paused or resolved

    Raises:
        DataFileError: a value is not allowed; names the table and the key.
    """

    source: str
    statuses: Mapping[str, StatusEffect] = field(default_factory=dict)
    priorities: Mapping[str, Severity | str] = field(default_factory=dict)
    metrics: Mapping[str, Metric | str] = field(default_factory=dict)
    response: ResponseRule = ResponseRule()
    contract: str = ""
    timezone: str = ""
    priority_field: str = ""
    origin: str = ""

    def __post_init__(self) -> None:
        origin = self.origin or f"{self.source} defaults"
        set_ = object.__setattr__
        set_(self, "origin", origin)
        set_(self, "statuses", _table(origin, "statuses", self.statuses, _effect))
        set_(self, "priorities", _table(origin, "priorities", self.priorities, _severity))
        set_(self, "metrics", _table(origin, "metrics", self.metrics, _metric))
        if not isinstance(self.response, ResponseRule):
            raise DataFileError(f"{origin}, response: must be a ResponseRule")
        contract = str(self.contract).strip()
        if contract:
            try:
                contract = check_id(contract, "contract", DataFileError)
            except SlakitError as error:
                raise DataFileError(f"{origin}, contract: {error}") from None
        set_(self, "contract", contract)
        if not isinstance(self.timezone, str):
            raise DataFileError(f"{origin}, timezone: must be text, not {shown(self.timezone)}")
        set_(self, "timezone", self.timezone.strip())
        if self.timezone:
            try:
                check_timezone(self.timezone)
            except SlakitError as error:
                raise DataFileError(f"{origin}, timezone: {error}") from None

    def status(self, name: str) -> StatusEffect | None:
        """The effect of status ``name``, or ``None`` when the table does not name it."""
        return self.statuses.get(_key(name))

    def severity(self, name: str) -> Severity | None:
        """The severity of priority ``name``, or ``None`` when the table does not name it."""
        value = self.priorities.get(_key(name))
        return value if isinstance(value, Severity) else None

    def metric(self, name: str) -> Metric | None:
        """The slakit metric of vendor metric ``name``, or ``None`` when not named."""
        value = self.metrics.get(_key(name))
        return value if isinstance(value, Metric) else None

    @cached_property
    def zone(self) -> ZoneInfo:
        """``timezone`` as a ``ZoneInfo`` (UTC when not given): the zone of timestamps written
        without an offset.

        >>> SourceMapping("x").zone.key, SourceMapping("x", timezone="Europe/Dublin").zone.key
        ('UTC', 'Europe/Dublin')
        """
        return ZoneInfo(self.timezone or "UTC")

    @property
    def given_zone(self) -> ZoneInfo | None:
        """:attr:`zone` when ``timezone`` is given, else ``None``: a timestamp without an
        offset is then refused (Zendesk and Jira write one), never taken as UTC.

        >>> SourceMapping("x").given_zone is None, SourceMapping("x", timezone="UTC").given_zone
        (True, zoneinfo.ZoneInfo(key='UTC'))
        """
        return self.zone if self.timezone else None

    def updated(self, table: Mapping[str, Any], origin: str) -> SourceMapping:
        """These tables with ``table``'s entries added (a name given again is overridden).

        ``table`` is what a mapping file holds (see :func:`load_mapping`);
        ``origin`` (the file) names it in messages.

        Raises:
            DataFileError: an unknown key, a value of the wrong type or not allowed.
        """
        unknown = [key for key in table if key not in _KEYS]
        if unknown:
            raise DataFileError(
                f"{origin}: unknown key {shown(unknown[0])}; a mapping file has {', '.join(_KEYS)}"
            )
        changes: dict[str, Any] = {"origin": origin}
        for name in ("statuses", "priorities", "metrics"):
            if name in table:
                given = table[name]
                if not isinstance(given, Mapping):
                    raise DataFileError(
                        f"{origin}, {name}: must be a table of names, e.g. "
                        f'[{name}] then "name" = "value"'
                    )
                changes[name] = {**getattr(self, name), **_given(origin, name, given)}
        for name in ("contract", "timezone", "priority_field"):
            if name in table:
                if not isinstance(table[name], str):
                    raise DataFileError(f"{origin}, {name}: must be text, not {shown(table[name])}")
                changes[name] = table[name]
        if "response" in table:
            changes["response"] = _response(origin, table["response"], self.response)
        return replace(self, **changes)


def _given(origin: str, name: str, values: Mapping[Any, Any]) -> dict[Any, Any]:
    """A file's table with its names compared as the tables compare them: "Open" overrides
    the default "open"; "Open" and "open " both in one file are refused, not one dropped."""
    found: dict[Any, Any] = {}
    first: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(key, str) and key.strip():
            same = _key(key)
            if same in first:
                raise DataFileError(
                    f"{origin}, {name}: {shown(first[same])} and {shown(key)} are one name "
                    "(names compare ignoring case and extra blanks); give it once"
                )
            first[same] = key
            key = same
        found[key] = value
    return found


def _table(
    origin: str, name: str, values: Mapping[str, Any], check: Any
) -> MappingProxyType[str, Any]:
    if not isinstance(values, Mapping):
        raise DataFileError(f"{origin}, {name}: must be a table of names")
    found: dict[str, Any] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key.strip():
            raise DataFileError(f"{origin}, {name}: {shown(key)} is not a name")
        try:
            found[_key(key)] = check(value)
        except (SlakitError, ValueError) as error:
            raise DataFileError(f"{origin}, {name}, {shown(key)}: {error}") from None
    return MappingProxyType(found)


def _effect(value: object) -> StatusEffect:
    if value in STATUS_EFFECTS:
        return value  # type: ignore[return-value]
    raise ValueError(f"{shown(value)} is not a status effect; use running, paused or resolved")


def _severity(value: object) -> Severity:
    return Severity.parse(value)


def _metric(value: object) -> Metric:
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not a metric; use response or resolution")
    return Metric.parse(value)


def _response(origin: str, value: object, current: ResponseRule) -> ResponseRule:
    if not isinstance(value, Mapping):
        raise DataFileError(f"{origin}, response: must be a table (public_only, requester_counts)")
    flags: dict[str, bool] = {}
    for key, flag in value.items():
        if key not in ("public_only", "requester_counts"):
            raise DataFileError(
                f"{origin}, response: unknown key {shown(key)}; use public_only, requester_counts"
            )
        if not isinstance(flag, bool):
            raise DataFileError(f"{origin}, response, {key}: must be true or false")
        flags[key] = flag
    return replace(current, **flags)


def load_mapping(defaults: SourceMapping, path: str | Path | None = None) -> SourceMapping:
    """``defaults`` with the tables of the TOML file at ``path`` added (``defaults`` if none).

    The file may hold ``contract``, ``timezone`` and the tables ``[statuses]``,
    ``[priorities]``, ``[metrics]`` and ``[response]``; each entry adds to the
    defaults or overrides the default of the same name.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acme.toml"
    >>> text = 'contract = "acme"\\n[statuses]\\n"waiting on vendor" = "paused"\\n'
    >>> path.write_text(text) and None
    >>> mapping = load_mapping(SourceMapping("demo", statuses={"open": "running"}), path)
    >>> mapping.contract, mapping.status("Waiting on Vendor"), mapping.status("open")
    ('acme', 'paused', 'running')

    Raises:
        DataFileError: the file cannot be read, is not TOML, or holds a value that is not
            allowed; names the file and the key.
    """
    if path is None:
        return defaults
    text = read_text(Path(path), DataFileError, limit=LARGEST_MAPPING_FILE)
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{path}: not a valid TOML file ({error})") from None
    return defaults.updated(table, str(path))


def mapping_toml(mapping: SourceMapping) -> str:
    """The mapping as a TOML file (what :func:`load_mapping` reads back to the same tables).

    >>> print(mapping_toml(SourceMapping("demo", statuses={"Open": "running"})), end="")
    [statuses]
    "open" = "running"
    <BLANKLINE>
    [priorities]
    <BLANKLINE>
    [metrics]
    <BLANKLINE>
    [response]
    public_only = true
    requester_counts = false
    """

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"contract = {quoted(mapping.contract)}"] if mapping.contract else []
    if mapping.timezone:
        lines.append(f"timezone = {quoted(mapping.timezone)}")
    if mapping.priority_field:
        lines.append(f"priority_field = {quoted(mapping.priority_field)}")
    for name in ("statuses", "priorities", "metrics"):
        lines += ["", f"[{name}]"] if lines else [f"[{name}]"]
        for key, value in getattr(mapping, name).items():
            shown_value = value.value.lower() if isinstance(value, Severity) else str(value)
            lines.append(f"{quoted(key)} = {quoted(shown_value)}")
    rule = mapping.response
    lines += [
        "",
        "[response]",
        f"public_only = {str(rule.public_only).lower()}",
        f"requester_counts = {str(rule.requester_counts).lower()}",
    ]
    return "\n".join(lines) + "\n"
