"""The registry: every source by name, each module defining a SOURCE of that name."""

from __future__ import annotations

import pytest

from slakit.errors import UsageError
from slakit.imports import registry


@pytest.mark.parametrize("name", registry.names())
def test_every_source_is_found_by_its_name(name: str) -> None:
    source = registry.get(name)
    assert source.name == name
    assert source.defaults.source == name
    assert source.references, "cite the vendor pages the shapes come from"


def test_names_in_any_case_and_unknown_names() -> None:
    assert registry.get(" Zendesk ").name == "zendesk"
    assert registry.names() == ("jsm", "servicenow", "zendesk")
    with pytest.raises(UsageError, match="unknown source 'freshdesk'; slakit imports from jsm"):
        registry.get("freshdesk")


def test_a_name_that_is_not_text() -> None:
    with pytest.raises(UsageError, match=r"unknown source \[1\]"):
        registry.get([1])  # type: ignore[arg-type]
