"""The shapes an importer returns: aware instants only."""

from __future__ import annotations

from datetime import datetime

import pytest

from slakit.errors import NaiveDatetimeError
from slakit.imports.export import Change, Draft


def test_naive_instants_are_refused_naming_the_record() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"e.json, tickets\[0\] opened_at"):
        Draft("1", datetime(2026, 3, 2, 9), "high", where="e.json, tickets[0]")  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError, match=r"e.json, audits\[2\] at"):
        Change(datetime(2026, 3, 2, 9), "reply", where="e.json, audits[2]")  # noqa: DTZ001
