"""slakit._frames: DataFrames from plain records, pandas imported only when asked."""

from __future__ import annotations

import sys

import pytest

from slakit._frames import PANDAS_MISSING, pandas_module, records_frame


def test_records_frame_keeps_the_columns_in_order_and_the_text_exact() -> None:
    frame = records_frame(
        [{"amount": "12.50", "kind": "total"}, {"kind": "incident", "amount": "0.10"}],
        ["kind", "amount"],
    )
    assert list(frame.columns) == ["kind", "amount"]
    assert frame.values.tolist() == [["total", "12.50"], ["incident", "0.10"]]


def test_records_frame_of_no_records_still_has_the_columns() -> None:
    frame = records_frame([], ["kind", "amount"])
    assert list(frame.columns) == ["kind", "amount"]
    assert len(frame) == 0


def test_pandas_module_is_pandas() -> None:
    import pandas

    assert pandas_module() is pandas


def test_without_pandas_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError) as raised:
        records_frame([{"kind": "total"}], ["kind"])
    assert str(raised.value) == "this needs pandas; install it with: pip install 'slakit[pandas]'"
    assert str(raised.value) == PANDAS_MISSING
    assert raised.value.__cause__ is None
