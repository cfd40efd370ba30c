"""Provenance: what a statement records so that a finance reviewer can reproduce it.

Expected digests are computed here with ``hashlib`` on the bytes written, and
versions with ``importlib.metadata``: independent of slakit's own reading.
"""

from __future__ import annotations

import hashlib
import pickle
import zoneinfo
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import slakit
from slakit.errors import DataFileError, NaiveDatetimeError, UsageError, WrongTypeError
from slakit.provenance import (
    TZDATA_PACKAGE,
    UNKNOWN_VERSION,
    InputFile,
    Provenance,
    installed_versions,
    tz_source,
    tz_version,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_an_input_file_records_its_base_name_size_and_sha256(tmp_path: Path) -> None:
    data = b"id,severity,opened_at\nT-1,SEV1,2026-10-05T09:00:00Z\n"
    path = tmp_path / "in" / "tickets.csv"
    path.parent.mkdir()
    path.write_bytes(data)
    record = InputFile.of("tickets", path)
    assert record == InputFile(
        role="tickets", name="tickets.csv", sha256=hashlib.sha256(data).hexdigest(), bytes=len(data)
    )
    assert InputFile.of("tickets", str(path)) == record  # text paths too


def test_a_large_file_is_hashed_whole(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40_000  # 10 MB: more than one read
    path = tmp_path / "events.csv"
    path.write_bytes(data)
    record = InputFile.of("events", path)
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.bytes == 10_240_000


def test_an_empty_file_has_the_empty_digest(tmp_path: Path) -> None:
    path = tmp_path / "outages.csv"
    path.write_bytes(b"")
    assert InputFile.of("outages", path).sha256 == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_a_pipe_is_hashed_as_it_is_read(pipe: Callable[[bytes], str]) -> None:
    data = b"id,start,end\n" * 100_000
    record = InputFile.of("outages", pipe(data))
    assert (record.sha256, record.bytes) == (hashlib.sha256(data).hexdigest(), len(data))


def test_bytes_already_read_are_recorded_as_a_file_would_be(tmp_path: Path) -> None:
    data = b"rule,at,duration\n"
    path = tmp_path / "maintenance.csv"
    path.write_bytes(data)
    assert InputFile.of_bytes("maintenance", "maintenance.csv", data) == InputFile.of(
        "maintenance", path
    )
    with pytest.raises(WrongTypeError, match="data must be bytes, not str"):
        InputFile.of_bytes("maintenance", "m.csv", "text")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="invalid InputFile: name"):
        InputFile.of_bytes("maintenance", "", data)


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nope\.csv: cannot read the tickets file"):
        InputFile.of("tickets", tmp_path / "nope.csv")
    with pytest.raises(DataFileError, match="cannot read the events file"):
        InputFile.of("events", tmp_path)  # a folder
    with pytest.raises(WrongTypeError, match="path must be text or a Path, not int"):
        InputFile.of("tickets", 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"role": ""}, "role"),
        ({"name": ""}, "name"),
        ({"sha256": "ABC"}, "sha256"),
        ({"sha256": "0" * 63}, "sha256"),
        ({"bytes": -1}, "bytes"),
    ],
)
def test_an_input_file_checks_its_fields(fields: dict[str, object], says: str) -> None:
    good: dict[str, object] = {"role": "tickets", "name": "t.csv", "sha256": "0" * 64, "bytes": 0}
    with pytest.raises(UsageError, match=f"invalid InputFile: {says}"):
        InputFile(**{**good, **fields})


def test_current_records_this_installation_and_the_given_instant() -> None:
    files = [InputFile(role="tickets", name="t.csv", sha256="0" * 64, bytes=0)]
    record = Provenance.current(NOW, "Europe/Dublin", files)
    assert record.slakit == metadata.version("slakit") == slakit.__version__
    assert record.holidays == metadata.version("holidays")
    assert record.tzdata == metadata.version("tzdata")
    assert record.now == NOW and record.billing_timezone == "Europe/Dublin"
    assert record.inputs == tuple(files)
    assert record.tz_source in (*zoneinfo.TZPATH, TZDATA_PACKAGE)
    # Nothing reads the wall clock: the same arguments give the same record.
    assert Provenance.current(NOW, "Europe/Dublin", iter(files)) == record


def test_the_instant_keeps_its_offset() -> None:
    dublin = datetime(2026, 10, 20, 9, tzinfo=timezone(timedelta(hours=1)))
    assert Provenance.current(dublin, "UTC").now.isoformat() == "2026-10-20T09:00:00+01:00"


def test_the_zone_rules_come_from_the_first_tzpath_folder_that_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty, full = tmp_path / "empty", tmp_path / "full"
    (full / "Europe").mkdir(parents=True)
    (full / "Europe" / "Dublin").write_bytes(b"TZif")
    empty.mkdir()
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(empty), str(full)))
    assert tz_source("Europe/Dublin") == str(full)
    assert tz_source("Asia/Singapore") == TZDATA_PACKAGE
    monkeypatch.setattr(zoneinfo, "TZPATH", ())
    assert Provenance.current(NOW, "Europe/Dublin").tz_source == TZDATA_PACKAGE


def test_the_version_of_the_rules_used_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A system folder's rules are not the tzdata package's: the folder's tzdata.zi says
    # which version it holds.
    system, bare = tmp_path / "system", tmp_path / "bare"
    for folder in (system, bare):
        (folder / "Europe").mkdir(parents=True)
        (folder / "Europe" / "Dublin").write_bytes(b"TZif")
    (system / "tzdata.zi").write_text("# version 2019c\n# ddeps backzone zone.tab\nR d 1916 o\n")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(system),))
    record = Provenance.current(NOW, "Europe/Dublin")
    assert (record.tz_source, record.tz_version) == (str(system), "2019c")
    assert tz_version(str(bare)) == UNKNOWN_VERSION  # no tzdata.zi
    monkeypatch.setattr(zoneinfo, "TZPATH", ())
    import tzdata

    record = Provenance.current(NOW, "Europe/Dublin")
    assert (record.tz_source, record.tz_version) == (TZDATA_PACKAGE, tzdata.IANA_VERSION)
    assert '"tz_version":' in record.model_dump_json()


def test_a_package_that_is_not_installed_is_recorded_as_such(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = metadata.version

    def version(name: str) -> str:
        if name == "tzdata":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", version)  # what slakit.provenance calls
    installed_versions.cache_clear()
    try:
        record = Provenance.current(NOW, "UTC")
    finally:
        installed_versions.cache_clear()  # read the real versions again afterwards
    assert record.tzdata == "not installed"
    assert record.holidays == real("holidays")


def test_current_refuses_bad_arguments() -> None:
    with pytest.raises(NaiveDatetimeError):
        Provenance.current(datetime(2026, 11, 1), "UTC")  # noqa: DTZ001 - the point of the test
    with pytest.raises(WrongTypeError, match="now must be an aware datetime, not str"):
        Provenance.current("2026-11-01", "UTC")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=r"now: .* outside the years slakit computes"):
        Provenance.current(datetime(3100, 1, 1, tzinfo=UTC), "UTC")
    with pytest.raises(UsageError, match="billing_timezone: unknown timezone 'Mars/Olympus'"):
        Provenance.current(NOW, "Mars/Olympus")
    with pytest.raises(WrongTypeError, match="billing_timezone must be a timezone name, not int"):
        Provenance.current(NOW, 5)  # type: ignore[arg-type]
    files: list[Any] = [InputFile(role="tickets", name="t.csv", sha256="0" * 64, bytes=0), "x"]
    with pytest.raises(WrongTypeError, match=r"inputs\[1\] must be an InputFile, not str"):
        Provenance.current(NOW, "UTC", files)


def test_a_provenance_is_a_frozen_value_that_survives_json_and_pickle() -> None:
    record = Provenance.current(
        NOW, "UTC", [InputFile(role="tickets", name="t.csv", sha256="a" * 64, bytes=12)]
    )
    assert Provenance.model_validate_json(record.model_dump_json()) == record
    assert pickle.loads(pickle.dumps(record)) == record
    assert hash(record) == hash(Provenance.current(NOW, "UTC", record.inputs))
    with pytest.raises(Exception, match="frozen"):
        record.now = NOW  # type: ignore[misc]
