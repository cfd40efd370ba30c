"""Records of a vendor export (JSON objects, CSV rows), read with errors that say where.

A :class:`Record` is one object of an export with its place (``export.json,
tickets[3].audits[1]``); every accessor that finds a field missing or of the
wrong shape raises a :class:`~slakit.errors.DataFileError` naming the file,
the record and the field. :func:`vendor_instant` reads the timestamp formats
ticketing tools write.

>>> record = Record("export.json", "tickets[0]", {"id": 35436, "created_at": "yesterday"})
>>> record.id("id")
'35436'
>>> record.instant("created_at", ZoneInfo("UTC"))
Traceback (most recent call last):
...
slakit.errors.DataFileError: export.json, tickets[0], field created_at: 'yesterday' is not \
a timestamp; write e.g. 2026-10-05T09:30:00Z
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slakit._text import shown
from slakit._text_files import read_text
from slakit._time import check_instant
from slakit.data_files import read_table
from slakit.errors import DataFileError

__all__ = [
    "LARGEST_EXPORT_FILE",
    "Record",
    "csv_records",
    "json_records",
    "read_json",
    "vendor_instant",
]

LARGEST_EXPORT_FILE = 1 << 30
"""The largest export file read, in bytes (1 GiB)."""

# "+0100" or "+01" offsets (Jira writes 2026-03-02T09:00:00.000+0000), made "+01:00".
_SHORT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})?$")
_EXAMPLE = "2026-10-05T09:30:00Z"


def vendor_instant(value: object, where: str, zone: ZoneInfo | None) -> datetime:
    """An aware instant from a vendor timestamp; ``zone`` for one written without an offset
    (``None``: such a timestamp is refused, never guessed to be UTC).

    Reads ISO 8601 with ``Z`` or an offset (``+01:00``, ``+0100``), with or
    without fractional seconds, a space or ``T`` between date and time, and
    ``YYYY-MM-DD HH:MM:SS`` without an offset, taken in ``zone`` (ServiceNow's
    Table API writes UTC so).

    >>> vendor_instant("2026-03-02T09:00:00.000+0100", "f", ZoneInfo("UTC")).isoformat()
    '2026-03-02T09:00:00+01:00'
    >>> vendor_instant("2026-03-02 09:00:00", "f", ZoneInfo("Europe/Dublin")).isoformat()
    '2026-03-02T09:00:00+00:00'

    Raises:
        DataFileError: not text, not a timestamp, or outside the years 1900 to 2999; names
            ``where``.
    """
    if not isinstance(value, str):
        raise DataFileError(f"{where}: {shown(value)} is not a timestamp; write e.g. {_EXAMPLE}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if len(text) > 10 and (match := _SHORT_OFFSET.search(text[10:])) is not None:
        hours, minutes = match.group(1), match.group(2) or "00"
        text = text[: 10 + match.start()] + f"{hours}:{minutes}"
    parsed = None
    if len(text) <= 64:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None or len(value.strip()) < 16:  # a date alone is not an instant
        raise DataFileError(f"{where}: {shown(value)} is not a timestamp; write e.g. {_EXAMPLE}")
    if parsed.tzinfo is None:
        if zone is None:
            raise DataFileError(
                f"{where}: {shown(value)} has no UTC offset, and the mapping names no timezone; "
                f"the tool writes one (e.g. {_EXAMPLE}): if this export is in local time, name "
                'its zone in a mapping file (timezone = "Europe/Dublin")'
            )
        parsed = parsed.replace(tzinfo=zone)
    return check_instant(parsed, where)


@dataclass(frozen=True, slots=True)
class Record:
    """One record of an export: ``file``, ``where`` in it, and its fields (``data``).

    >>> Record("e.json", "tickets[2]", {"status": None}).text("status")
    ''
    """

    file: str
    where: str
    data: Mapping[str, Any]

    @property
    def place(self) -> str:
        """``"export.json, tickets[3]"``."""
        return f"{self.file}, {self.where}" if self.where else self.file

    def error(self, field: str, message: str) -> DataFileError:
        """An error about one field, naming the file, the record and the field."""
        return DataFileError(f"{self.place}, field {field}: {message}")

    def get(self, field: str) -> Any:
        """The field's value, ``None`` when absent."""
        return self.data.get(field)

    def text(self, field: str) -> str:
        """The field as text (a number as its digits), blanks stripped; ``""`` when absent.

        Raises:
            DataFileError: the value is an object, a list or a boolean.
        """
        value = self.data.get(field)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(field, f"{shown(value)} is not text")
        return str(value).strip()

    def required(self, field: str) -> str:
        """The field as text; an error when it is absent or empty."""
        text = self.text(field)
        if not text:
            raise self.error(field, "is missing or empty")
        return text

    def id(self, field: str) -> str:
        """The field as an id (text or a whole number); an error when absent or empty."""
        value = self.data.get(field)
        if isinstance(value, float):
            # 201.5 is no tool's id; str() would make it one no other record refers to.
            if not value.is_integer():
                raise self.error(field, f"{shown(value)} is not an id (a whole number or text)")
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.required(field)

    def flag(self, field: str, default: bool | None = None) -> bool | None:
        """The field as a boolean (``true``/``false``, also as text); ``default`` when absent.

        Raises:
            DataFileError: any other value.
        """
        value = self.data.get(field)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise self.error(field, f"{shown(value)} is not true or false")

    def instant(self, field: str, zone: ZoneInfo | None) -> datetime | None:
        """The field as an aware instant (see :func:`vendor_instant`); ``None`` when absent."""
        value = self.data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return vendor_instant(value, f"{self.place}, field {field}", zone)

    def required_instant(self, field: str, zone: ZoneInfo | None) -> datetime:
        """The field as an aware instant; an error when absent or empty."""
        value = self.instant(field, zone)
        if value is None:
            raise self.error(field, "is missing or empty")
        return value

    def epoch_millis(self, field: str) -> datetime | None:
        """The field as milliseconds since the Unix epoch (Jira's ``epochMillis``), in UTC."""
        value = self.data.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"{shown(value)} is not a whole number of milliseconds")
        try:
            moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value)
        except OverflowError:
            raise self.error(field, f"{value} milliseconds is out of range") from None
        return check_instant(moment, f"{self.place}, field {field}")

    def child(self, field: str) -> Record | None:
        """The field as a nested record (an object); ``None`` when absent."""
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.error(field, f"{shown(value)} is not an object")
        return Record(self.file, f"{self.where}.{field}" if self.where else field, value)

    def records(self, field: str) -> list[Record]:
        """The field as a list of records (objects); empty when absent.

        Raises:
            DataFileError: the field is not a list, or an item is not an object (named by
                its index).
        """
        value = self.data.get(field)
        if value is None:
            return []
        base = f"{self.where}.{field}" if self.where else field
        return list(_items(self.file, base, value))


def _items(file: str, base: str, value: object) -> Iterator[Record]:
    if not isinstance(value, list):
        raise DataFileError(f"{file}, {base}: {shown(value)} is not a list")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise DataFileError(f"{file}, {base}[{index}]: {shown(item)} is not an object")
        yield Record(file, f"{base}[{index}]", item)


def read_json(path: str | Path) -> Any:
    """The JSON value in the file at ``path`` (UTF-8, at most :data:`LARGEST_EXPORT_FILE`).

    Raises:
        DataFileError: the file cannot be read, or is not JSON (names the line and column).
    """
    text = read_text(Path(path), DataFileError, limit=LARGEST_EXPORT_FILE)
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise DataFileError(
            f"{path}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except _NotJson as error:
        raise DataFileError(f"{path}: not valid JSON ({error})") from None
    except RecursionError:
        raise DataFileError(f"{path}: the JSON is nested too deeply to read") from None


class _NotJson(ValueError):
    """What Python's json module accepts but JSON does not (a repeated key, NaN)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A key given twice keeps only its last value in json.loads: the first is lost silently.
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _NotJson(f"the key {shown(key)} appears twice in one object")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON value")


def json_records(path: str | Path, key: str | None = None) -> list[Record]:
    """The objects of a JSON file: its top-level list, or the list under ``key``.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "e.json"
    >>> path.write_text('{"tickets": [{"id": 1}, 7]}') and None
    >>> json_records(path, "tickets")
    Traceback (most recent call last):
    ...
    slakit.errors.DataFileError: .../e.json, tickets[1]: 7 is not an object

    Raises:
        DataFileError: as :func:`read_json`; no list where expected; an item not an object.
    """
    value = read_json(path)
    if key is None:
        return list(_items(str(path), "", value)) if isinstance(value, list) else _not_list(path)
    if not isinstance(value, Mapping) or key not in value:
        raise DataFileError(f"{path}: expected an object with a {shown(key)} list")
    return list(_items(str(path), key, value[key]))


def _not_list(path: str | Path) -> list[Record]:
    raise DataFileError(f"{path}: expected a list of records at the top")


def csv_records(path: str | Path) -> list[Record]:
    """The rows of a CSV export as records (``where`` is ``row N``, the line number).

    Read strictly, as slakit's own CSV files are (see :func:`slakit.data_files.read_table`);
    empty cells are absent fields.

    Raises:
        DataFileError: the file or a row is broken; names the row.
    """
    table = read_table(path)
    records = []
    for row in table.rows:
        # A list export writes every column; a short row is a cut line, not empty cells.
        if len(row.cells) < len(table.columns):
            raise DataFileError(
                f"{path}, {row.row}: {len(row.cells)} values but the header names "
                f"{len(table.columns)} columns"
            )
        records.append(
            Record(str(path), row.row, {key: value for key, value in row.cells.items() if value})
        )
    return records
