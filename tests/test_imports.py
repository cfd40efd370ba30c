"""The slakit.imports package: the sources, and one call from export files to an import."""

from __future__ import annotations

from pathlib import Path

import pytest

import slakit
from slakit.errors import UsageError
from slakit.imports import import_export, read_import, sources, write_import

ZENDESK = Path(__file__).resolve().parent / "fixtures" / "zendesk"


def test_sources() -> None:
    assert sources() == ("jsm", "servicenow", "zendesk")
    assert slakit.imports.sources() == sources()


def test_import_export_by_name_with_a_mapping_file(tmp_path: Path) -> None:
    result = import_export(
        "Zendesk", [ZENDESK / "custom_priority.json"], ZENDESK / "mapping_custom.toml"
    )
    assert [ticket.id for ticket in result.tickets] == ["301"]
    write_import(result, tmp_path / "out")
    assert read_import(tmp_path / "out") == result


def test_an_unknown_source() -> None:
    with pytest.raises(UsageError, match="unknown source 'freshdesk'; slakit imports from jsm"):
        import_export("freshdesk", ["x.json"])


def test_the_api_reference_lists_the_imports_and_reconcile() -> None:
    """docs/api.md: the names from slakit in its table, a section per module of the package."""
    api = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    assert "| `reconcile`, `Reconciliation` | [`slakit.reconcile`](#slakit.reconcile) |" in api
    assert "[`slakit.imports`](#slakit.imports) |" in api
    package = Path(slakit.imports.__file__).parent
    modules = sorted(path.stem for path in package.glob("*.py") if path.stem != "__init__")
    sections = ["slakit.reconcile", "slakit.imports"] + [f"slakit.imports.{m}" for m in modules]
    for name in sections:
        assert f"\n::: {name}\n" in api, name
