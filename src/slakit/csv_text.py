"""The one CSV writer every export uses (statements, reports, the command line).

>>> print(csv_text(["kind", "amount"], [["incident", "5000.00"]]), end="")
kind,amount
incident,5000.00
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["csv_text"]


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV with a header row and ``\\n`` line ends; values are quoted only when needed.

    >>> print(csv_text(["id", "description"], [["O-1", 'core "db", failover']]), end="")
    id,description
    O-1,"core ""db"", failover"

    Args:
        columns: the header.
        rows: the rows, one text value per column.

    Returns:
        The whole CSV text (what slakit's readers read back unchanged).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()
