"""Policy and contract files (TOML or JSON) and the JSON Schema of their format.

Errors name the file and the field path as it is written in the file:

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "bad.toml").write_text('''
... name = "acme"
... [tiers.gold.targets]
... P1 = { response = "15m", resolution = "4h" }
... P2 = { response = "2 hourz", resolution = "8h" }
... P3 = { response = "2h", resolution = "24h" }
... P4 = { response = "4h", resolution = "72h" }
... ''') and None
>>> load_framework(folder / "bad.toml")
Traceback (most recent call last):
...
slakit.errors.PolicyError: .../bad.toml: tiers.gold.targets.P2.response: "2 hourz" is not a \
duration; write e.g. "2h", "30m", "5 business days"
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from slakit._model import SlakitModel
from slakit.availability import MaintenanceRule, MaintenanceWindow, Outage
from slakit.errors import DataFileError, PolicyError, SlakitError
from slakit.policy import Contract, Framework
from slakit.severity import Severity
from slakit.tickets import Event, EventKind, Ticket

__all__ = [
    "contract_schema",
    "framework_schema",
    "load_contract",
    "load_framework",
    "parse_policy_text",
    "read_events",
    "read_maintenance",
    "read_outages",
    "read_tickets",
    "write_schema",
]

M = TypeVar("M", bound=SlakitModel)


def read_policy_file(path: str | Path) -> dict[str, Any]:
    """The data of a TOML (``.toml``) or JSON (``.json``) file, or a clear ``PolicyError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(f"{path}: cannot be read ({error})") from None
    return parse_policy_text(text, str(path), json_format=path.suffix.lower() == ".json")


def parse_policy_text(text: str, source: str, *, json_format: bool = False) -> dict[str, Any]:
    """Parse TOML (or JSON) text into a mapping; ``source`` names it in errors."""
    if not text.strip():
        raise PolicyError(f"{source}: the file is empty")
    try:
        data = json.loads(text) if json_format else tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{source}: not valid TOML: {error}") from None
    except json.JSONDecodeError as error:
        raise PolicyError(f"{source}: not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: the top level must be a table (an object)")
    return data


def validate_policy(model: type[M], data: Mapping[str, Any], source: str) -> M:
    """Validate ``data`` as ``model``; errors name ``source`` and the path in the file."""
    try:
        return model.model_validate(data)
    except SlakitError as error:
        found = error.problems
        if not found:
            raise PolicyError(f"{source}: {error}") from None
        problems = [
            f"{file_path(data, path)}: {message}" if path else message for path, message in found
        ]
        raise PolicyError(f"{source}: " + "; ".join(problems)) from None


def file_path(data: Any, path: str) -> str:
    """Translate a model field path back into the keys used in the file.

    Tables that the model stores as lists (tiers) are indexed by position in
    the model and by name in the file; severity keys may be spelled ``P2``.
    """
    shown: list[str] = []
    node = data
    for part in path.split("."):
        key: Any = part
        if isinstance(node, Mapping):
            if part.isdigit() and part not in node:
                names = list(node)
                key = names[int(part)] if int(part) < len(names) else part
            elif part not in node:
                key = next((k for k in node if _same_severity(k, part)), part)
            node = node.get(key)
        elif isinstance(node, Sequence) and not isinstance(node, str) and part.isdigit():
            node = node[int(part)] if int(part) < len(node) else None
        else:
            node = None
        shown.append(str(key))
    return ".".join(shown)


def _same_severity(key: Any, field: str) -> bool:
    try:
        return Severity.parse(key).value.lower() == field
    except SlakitError:
        return False


def load_framework(path: str | Path) -> Framework:
    """Read a framework (tiers, targets, credit policy) from a TOML or JSON file."""
    return validate_policy(Framework, read_policy_file(path), str(path))


def load_contract(path: str | Path) -> Contract:
    """Read a contract from a TOML or JSON file.

    ``framework`` names a built-in catalog (``"kmp"``), or is an inline framework table.
    """
    return validate_policy(Contract, read_policy_file(path), str(path))


def framework_schema() -> dict[str, Any]:
    """The JSON Schema of framework (policy) files."""
    return Framework.model_json_schema()


def contract_schema() -> dict[str, Any]:
    """The JSON Schema of contract files."""
    return Contract.model_json_schema()


def write_schema(path: str | Path, kind: str = "framework") -> None:
    """Write the JSON Schema of ``framework`` or ``contract`` files to ``path``."""
    schemas = {"framework": framework_schema, "contract": contract_schema}
    if kind not in schemas:
        raise PolicyError(f"unknown schema {kind!r}; known: {', '.join(schemas)}")
    Path(path).write_text(json.dumps(schemas[kind](), indent=2) + "\n", encoding="utf-8")


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV with a header row, ``\n`` line ends (what every export here writes).

    >>> print(csv_text(["kind", "amount"], [["incident", "5000.00"]]), end="")
    kind,amount
    incident,5000.00
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


# -- CSV data files: tickets, events, outages, maintenance ---------------------------------

TICKET_COLUMNS = ("id", "severity", "opened_at")
OPTIONAL_TICKET_COLUMNS = ("first_response_at", "resolved_at")
EVENT_COLUMNS = ("ticket_id", "at", "kind")
OUTAGE_COLUMNS = ("start", "end")


class _Rows:
    """Rows of a CSV file with their line numbers, and errors that name file, row and column."""

    def __init__(self, path: str | Path, required: Sequence[str]) -> None:
        self.path = Path(path)
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise DataFileError(f"{self.path}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise DataFileError(f"{self.path}: cannot be read ({error})") from None
        if not text.strip():
            raise DataFileError(
                f"{self.path}: the file is empty; the first line names the columns: "
                + ", ".join(required)
            )
        self.reader = csv.DictReader(io.StringIO(text))
        columns = [name.strip() for name in self.reader.fieldnames or ()]
        self.reader.fieldnames = columns
        missing = [name for name in required if name not in columns]
        if missing:
            raise DataFileError(
                f"{self.path}: missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; "
                f"the file has {', '.join(columns) or 'no columns'}"
            )
        self.columns = columns

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for row in self.reader:
            if None in row:
                raise DataFileError(
                    f"{self.path}, row {self.reader.line_num}: more values than columns"
                )
            yield self.reader.line_num, {k: (v or "").strip() for k, v in row.items()}

    def error(self, line: int, column: str, message: str) -> DataFileError:
        return DataFileError(f"{self.path}, row {line}, column {column}: {message}")

    def instant(self, line: int, row: dict[str, str], column: str) -> datetime | None:
        """An ISO 8601 instant with an offset, or None for an empty cell."""
        text = row.get(column, "")
        if not text:
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise self.error(
                line,
                column,
                f"{text!r} is not an ISO 8601 instant; write e.g. 2026-10-05T09:30:00+01:00",
            ) from None
        if value.tzinfo is None:
            raise self.error(
                line, column, f"{text!r} has no UTC offset; write e.g. {text}+00:00 or {text}Z"
            )
        return value

    def required(self, line: int, row: dict[str, str], column: str) -> str:
        text = row.get(column, "")
        if not text:
            raise self.error(line, column, "is empty")
        return text


def read_events(path: str | Path) -> dict[str, list[Event]]:
    """Events per ticket id from an events CSV (``ticket_id, at, kind, value``), in file order."""
    rows = _Rows(path, EVENT_COLUMNS)
    kinds = ", ".join(kind.value for kind in EventKind)
    events: dict[str, list[Event]] = {}
    for line, row in rows:
        ticket_id = rows.required(line, row, "ticket_id")
        at = rows.instant(line, row, "at")
        if at is None:
            raise rows.error(line, "at", "is empty")
        kind_text = rows.required(line, row, "kind").lower()
        try:
            kind = EventKind(kind_text)
        except ValueError:
            raise rows.error(line, "kind", f"{kind_text!r} is not an event; use {kinds}") from None
        value = row.get("value", "")
        try:
            if kind is EventKind.SEVERITY_CHANGED:
                event = Event.severity_changed(at, Severity.parse(value))
            else:
                event = Event(kind=kind, at=at)
        except SlakitError as error:
            raise rows.error(line, "value", str(error)) from None
        events.setdefault(ticket_id, []).append(event)
    return events


def read_tickets(
    path: str | Path,
    events: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Ticket]:
    """Tickets from a tickets CSV, with the other events from an events CSV if given.

    Columns: ``id, severity, opened_at`` and optionally ``first_response_at,
    resolved_at`` (the columns real ticketing exports have). A ticket's
    events are its first response, the events file's rows for it, then its
    final resolution, put in time order.
    """
    rows = _Rows(path, TICKET_COLUMNS)
    extra = read_events(events) if events is not None else {}
    tickets: list[Ticket] = []
    seen: set[str] = set()
    for line, row in rows:
        ticket_id = rows.required(line, row, "id")
        if ticket_id in seen:
            raise rows.error(line, "id", f"ticket {ticket_id} appears twice")
        seen.add(ticket_id)
        opened = rows.instant(line, row, "opened_at")
        if opened is None:
            raise rows.error(line, "opened_at", "is empty")
        try:
            severity = Severity.parse(rows.required(line, row, "severity"))
        except SlakitError as error:
            raise rows.error(line, "severity", str(error)) from None
        timeline: list[Event] = []
        first_response = rows.instant(line, row, "first_response_at")
        if first_response is not None:
            timeline.append(Event.responded(first_response))
        timeline.extend(extra.pop(ticket_id, ()))
        resolved = rows.instant(line, row, "resolved_at")
        if resolved is not None:
            timeline.append(Event.resolved(resolved))
        timeline.sort(key=lambda event: event.at_us)  # stable: equal instants keep this order
        try:
            tickets.append(Ticket(ticket_id, severity, opened, events=timeline))
        except SlakitError as error:
            raise DataFileError(f"{rows.path}, row {line}: {error}") from None
        if progress is not None:
            progress(len(tickets))
    if extra:
        unknown = ", ".join(sorted(extra)[:5])
        raise DataFileError(f"{events}: events for tickets not in {rows.path}: {unknown}")
    return tickets


def read_outages(path: str | Path) -> list[Outage]:
    """Outages from a CSV: ``start, end`` and optionally ``id, description``."""
    rows = _Rows(path, OUTAGE_COLUMNS)
    outages = []
    for line, row in rows:
        start, end = rows.instant(line, row, "start"), rows.instant(line, row, "end")
        if start is None or end is None:
            raise rows.error(line, "start" if start is None else "end", "is empty")
        try:
            outages.append(
                Outage(start=start, end=end, id=row.get("id", ""),
                       description=row.get("description", ""))
            )  # fmt: skip
        except SlakitError as error:
            raise DataFileError(f"{rows.path}, row {line}: {error}") from None
    return outages


def read_maintenance(path: str | Path) -> list[MaintenanceWindow | MaintenanceRule]:
    """Maintenance from a CSV: windows (``start, end``) or rules (``rule, at, duration, timezone``).

    A row with a ``rule`` is a recurring RFC 5545 rule; otherwise ``start``
    and ``end`` give one window.
    """
    rows = _Rows(path, ())
    if not {"start", "end"} <= set(rows.columns) and "rule" not in rows.columns:
        raise DataFileError(
            f"{rows.path}: needs columns start, end (windows) or rule, at, duration, timezone "
            f"(recurring); the file has {', '.join(rows.columns)}"
        )
    found: list[MaintenanceWindow | MaintenanceRule] = []
    for line, row in rows:
        try:
            if row.get("rule"):
                found.append(
                    MaintenanceRule(
                        rule=row["rule"],
                        at=row.get("at") or "00:00",
                        duration=rows.required(line, row, "duration"),
                        timezone=row.get("timezone") or "UTC",
                        description=row.get("description", ""),
                    )
                )
            else:
                start, end = rows.instant(line, row, "start"), rows.instant(line, row, "end")
                if start is None or end is None:
                    raise rows.error(line, "start" if start is None else "end", "is empty")
                found.append(
                    MaintenanceWindow(start=start, end=end, description=row.get("description", ""))
                )
        except DataFileError:
            raise
        except SlakitError as error:
            raise DataFileError(f"{rows.path}, row {line}: {error}") from None
    return found
