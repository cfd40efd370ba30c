"""pandas DataFrames from slakit's plain records, with pandas imported only when asked.

pandas is an optional extra (``pip install "slakit[pandas]"``): statements and
reports build their frames here, so that ``import slakit`` never needs it and
a missing pandas is reported once, the same way, wherever a frame is asked for.

>>> frame = records_frame([{"kind": "total", "amount": "12.50"}], ["kind", "amount"])
>>> frame.values.tolist()
[['total', '12.50']]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["PANDAS_MISSING", "pandas_module", "records_frame"]

PANDAS_MISSING = "this needs pandas; install it with: pip install 'slakit[pandas]'"


def pandas_module() -> Any:
    """The ``pandas`` module, imported now.

    Raises:
        ImportError: pandas is not installed; the message says how to install it.
    """
    try:
        import pandas
    except ImportError:
        raise ImportError(PANDAS_MISSING) from None
    return pandas


def records_frame(records: Sequence[dict[str, str]], columns: Sequence[str]) -> Any:
    """A DataFrame with one row per record and the given columns, in that order.

    Raises:
        ImportError: pandas is not installed.
    """
    return pandas_module().DataFrame.from_records(list(records), columns=list(columns))
