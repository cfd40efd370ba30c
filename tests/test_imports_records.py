"""Export records: fields read with errors naming file, record and field; vendor timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slakit.errors import DataFileError
from slakit.imports.records import Record, csv_records, json_records, read_json, vendor_instant

UTC_ZONE = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02T09:00:00Z", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        ("2026-03-02T09:00:00.000Z", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        ("2026-03-02T09:00:00.000+0100", datetime(2026, 3, 2, 8, tzinfo=UTC)),
        ("2026-03-02T09:00:00-05:00", datetime(2026, 3, 2, 14, tzinfo=UTC)),
        ("2026-03-02 09:00:00", datetime(2026, 3, 2, 9, tzinfo=UTC)),  # no offset: the zone
        ("2026-03-02 09:00:00 +0100", datetime(2026, 3, 2, 8, tzinfo=UTC)),
    ],
)
def test_vendor_timestamps(text: str, expected: datetime) -> None:
    assert vendor_instant(text, "f", UTC_ZONE) == expected


def test_a_timestamp_without_offset_is_in_the_mappings_zone() -> None:
    summer = vendor_instant("2026-07-01 09:00:00", "f", ZoneInfo("Europe/Dublin"))
    assert summer.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    "value", ["2026-03-02", "next tuesday", 1772442000, "", "2026-13-02 09:00"]
)
def test_not_a_timestamp(value: object) -> None:
    with pytest.raises(DataFileError, match=r"f: .* is not a timestamp"):
        vendor_instant(value, "f", UTC_ZONE)


def test_a_timestamp_out_of_range() -> None:
    with pytest.raises(DataFileError, match="outside the years slakit computes"):
        vendor_instant("3100-01-01T00:00:00Z", "f", UTC_ZONE)


def test_record_fields() -> None:
    record = Record("e.json", "tickets[3]", {
        "id": 42, "float_id": 7.0, "name": "  x ", "public": "false", "flag": True, "none": None,
        "when": "2026-03-02T09:00:00Z", "millis": 1772442000000, "obj": {"a": 1},
        "items": [{"b": 2}], "bad_items": [1], "list": [1],
    })  # fmt: skip
    assert record.place == "e.json, tickets[3]"
    assert (record.id("id"), record.id("float_id"), record.text("name")) == ("42", "7", "x")
    assert (record.flag("public"), record.flag("flag"), record.flag("none", True)) == (
        False, True, True,
    )  # fmt: skip
    assert record.instant("when", UTC_ZONE) == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert record.instant("none", UTC_ZONE) is None
    assert record.epoch_millis("millis") == datetime(2026, 3, 2, 9, tzinfo=UTC)
    child = record.child("obj")
    assert child is not None and child.where == "tickets[3].obj"
    [item] = record.records("items")
    assert item.place == "e.json, tickets[3].items[0]"
    assert record.records("none") == [] and record.child("none") is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: r.required("none"), "field none: is missing or empty"),
        (lambda r: r.text("list"), "field list: [1] is not text"),
        (lambda r: r.flag("name"), "field name: 'x' is not true or false"),
        (lambda r: r.required_instant("none", UTC_ZONE), "field none: is missing or empty"),
        (lambda r: r.epoch_millis("name"), "field name: 'x' is not a whole number"),
        (lambda r: r.child("list"), "field list: [1] is not an object"),
        (lambda r: r.records("name"), "tickets[3].name: 'x' is not a list"),
        (lambda r: r.records("list"), "tickets[3].list[0]: 1 is not an object"),
    ],
)
def test_record_errors_name_file_record_and_field(call: object, message: str) -> None:
    record = Record("e.json", "tickets[3]", {"name": "x", "list": [1], "none": None})
    with pytest.raises(DataFileError) as error:
        call(record)  # type: ignore[operator]
    assert str(error.value).startswith("e.json, tickets[3]")
    assert message in str(error.value)


def test_json_files(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text('[{"id": 1}, {"id": 2}]', encoding="utf-8")
    assert [record.where for record in json_records(path)] == ["[0]", "[1]"]
    with pytest.raises(DataFileError, match="expected an object with a 'tickets' list"):
        json_records(path, "tickets")
    path.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(DataFileError, match="expected a list of records at the top"):
        json_records(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 1, column 2: not valid JSON"):
        read_json(path)
    path.write_bytes(b'{"a": "\xe9"}')
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_json(path)


def test_csv_records(tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    path.write_text("number,opened_at,closed_at\nINC1,2026-03-02 09:00:00,\n", encoding="utf-8")
    [record] = csv_records(path)
    assert record.place == f"{path}, row 2"
    assert record.get("closed_at") is None  # an empty cell is an absent field
    assert record.required_instant("opened_at", UTC_ZONE) == datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_a_short_csv_row_is_an_error_not_empty_cells(tmp_path: Path) -> None:
    # A list export writes every column: a row that stops early was cut, and reading its
    # missing cells as empty would silently drop (say) a task_sla's end_time.
    path = tmp_path / "task_sla.csv"
    path.write_text("task,stage,end_time\nINC1,completed,2026-03-02 09:00:00\nINC2\n", "utf-8")
    with pytest.raises(DataFileError) as error:
        csv_records(path)
    assert str(error.value) == f"{path}, row 3: 1 values but the header names 3 columns"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # json.loads would keep the last "id" and lose the first without a word.
        ('{"tickets": [{"id": 1, "id": 2}]}', "not valid JSON (the key 'id' appears twice"),
        ('{"tickets": [{"id": NaN}]}', "not valid JSON (NaN is not a JSON value)"),
        ('{"tickets": [{"id": Infinity}]}', "not valid JSON (Infinity is not a JSON value)"),
    ],
)
def test_json_python_accepts_but_json_does_not(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_json(path)
    assert str(error.value).startswith(f"{path}: {message}")


@pytest.mark.parametrize(
    ("value", "expected"), [(35436, "35436"), (35436.0, "35436"), ("A-1", "A-1")]
)
def test_an_id_is_a_whole_number_or_text(value: object, expected: str) -> None:
    assert Record("e.json", "tickets[0]", {"id": value}).id("id") == expected


def test_a_fractional_id_is_an_error() -> None:
    # str(201.5) would be an id no audit refers to: the ticket would be skipped, not refused.
    with pytest.raises(DataFileError) as error:
        Record("e.json", "tickets[0]", {"id": 201.5}).id("id")
    assert str(error.value) == (
        "e.json, tickets[0], field id: 201.5 is not an id (a whole number or text)"
    )


def test_without_a_zone_a_timestamp_without_offset_is_refused() -> None:
    assert vendor_instant("2026-07-01T09:00:00Z", "f", None) == datetime(2026, 7, 1, 9, tzinfo=UTC)
    with pytest.raises(DataFileError, match=r"^f: '2026-07-01 09:00:00' has no UTC offset, and"):
        vendor_instant("2026-07-01 09:00:00", "f", None)
