"""A source: the defaults, a mapping file, an importer, and the import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from slakit.errors import UsageError
from slakit.imports.export import Draft, Export
from slakit.imports.mapping import SourceMapping
from slakit.imports.source import Source


def read(paths: Sequence[Path], mapping: SourceMapping) -> Export:
    # The importer sees the mapping it is given (its timezone reads the timestamps).
    return Export((Draft(mapping.zone.key, datetime(2026, 3, 2, 9, tzinfo=UTC), "high"),))


DEMO = Source("demo", "Demo", SourceMapping("demo", priorities={"high": "sev2"}), read)


def test_import_with_defaults_a_file_or_a_mapping(tmp_path: Path) -> None:
    assert DEMO.import_files(["x.json"]).tickets[0].id == "UTC"
    path = tmp_path / "m.toml"
    path.write_text('timezone = "Europe/Dublin"\n')
    result = DEMO.import_files([Path("x.json")], path)
    assert result.tickets[0].id == "Europe/Dublin"
    assert result.report.files == ("x.json",)
    mapping = SourceMapping("demo", priorities={"high": "sev1"}, timezone="Asia/Singapore")
    assert DEMO.import_files(["x.json"], mapping).tickets[0].severity.value == "SEV1"


def test_no_files() -> None:
    with pytest.raises(UsageError, match="give the Demo export's files to import"):
        DEMO.import_files([])
