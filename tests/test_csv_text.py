"""slakit.csv_text: the CSV writer every export uses, read back by slakit's own reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from slakit.csv_text import csv_text
from slakit.data_files import read_table
from slakit.errors import DataFileError


def test_header_then_rows_with_newline_line_ends() -> None:
    assert csv_text(["kind", "amount"], [["incident", "5000.00"], ["total", "5000.00"]]) == (
        "kind,amount\nincident,5000.00\ntotal,5000.00\n"
    )


def test_only_values_that_need_it_are_quoted() -> None:
    text = csv_text(["id", "description"], [["O-1", 'core "db", failover'], ["O-2", "dns"]])
    assert text == 'id,description\nO-1,"core ""db"", failover"\nO-2,dns\n'


def test_no_rows_is_the_header_alone() -> None:
    assert csv_text(["a", "b"], []) == "a,b\n"


def test_what_it_writes_reads_back_unchanged(tmp_path: Path) -> None:
    values = [["O-1", 'core "db", failover'], ["O-2", '"'], ["O-3", " a, b "]]
    path = tmp_path / "out.csv"
    path.write_text(csv_text(["id", "description"], values), encoding="utf-8")
    rows = list(read_table(path).rows)
    assert [[row.cells["id"], row.cells["description"]] for row in rows] == values


def test_a_value_with_a_line_break_is_refused_when_read_back_never_misread(
    tmp_path: Path,
) -> None:
    # Standard CSV quotes it; slakit's readers hold one record per line, so they
    # refuse it with a clear error rather than read a shorter or merged file.
    path = tmp_path / "out.csv"
    text = csv_text(["id", "description"], [["O-1", "core db\nfailover"], ["O-2", "dns"]])
    assert text == 'id,description\nO-1,"core db\nfailover"\nO-2,dns\n'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 2, column description: a quoted value"):
        list(read_table(path).rows)
