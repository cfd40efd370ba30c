"""HTML tables for notebooks: the one place slakit objects' ``_repr_html_`` build their tables.

Every cell is escaped (ticket ids, customer names and reasons come from
files and webhooks, so ``<script>`` must show as text, never run), and
values are shown as slakit writes them elsewhere: durations as exact text
(``-25m``, ``3h 12m``; never ``-1 day, 23:35:00``), instants in ISO 8601 with
their offset, enums by value, ``None`` as ``-``.

>>> from datetime import timedelta
>>> print(table(["ticket", "remaining"], [["<T-1>", timedelta(minutes=-25)]], right={"remaining"}))
<table><thead><tr><th>ticket</th><th style="text-align:right">remaining</th></tr></thead>\
<tbody><tr><td>&lt;T-1&gt;</td><td style="text-align:right">-25m</td></tr></tbody></table>
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from enum import Enum

from slakit._time import duration_text

__all__ = ["fields", "table", "text"]

_RIGHT = ' style="text-align:right"'


def text(value: object) -> str:
    """A value as a table shows it (not yet escaped).

    >>> from datetime import datetime, timezone
    >>> text(timedelta(hours=-1)), text(None), text(True)
    ('-1h', '-', 'yes')
    >>> text(datetime(2026, 10, 5, tzinfo=timezone.utc))
    '2026-10-05T00:00:00+00:00'
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_text(value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _cells(tag: str, values: Sequence[object], right: Collection[int]) -> str:
    return "".join(
        f"<{tag}{_RIGHT if index in right else ''}>{html.escape(text(value))}</{tag}>"
        for index, value in enumerate(values)
    )


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    right: Collection[str] = (),
    foot: Sequence[object] | None = None,
) -> str:
    """An HTML table: a header of ``columns``, one row per item of ``rows``, an optional foot.

    Cells are shown with :func:`text` and escaped; the columns named in
    ``right`` (numbers, money, durations) are right-aligned.

    >>> print(table(["a"], [["x & y"]], caption="<b>"))
    <table><caption>&lt;b&gt;</caption><thead><tr><th>a</th></tr></thead><tbody>\
<tr><td>x &amp; y</td></tr></tbody></table>
    """
    aligned = {index for index, name in enumerate(columns) if name in right}
    parts = ["<table>"]
    if caption is not None:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append(f"<thead><tr>{_cells('th', columns, aligned)}</tr></thead><tbody>")
    parts.extend(f"<tr>{_cells('td', row, aligned)}</tr>" for row in rows)
    parts.append("</tbody>")
    if foot is not None:
        parts.append(f"<tfoot><tr>{_cells('th', foot, aligned)}</tr></tfoot>")
    parts.append("</table>")
    return "".join(parts)


def fields(pairs: Iterable[tuple[str, object]], *, caption: str | None = None) -> str:
    """A two-column table of one object's fields: name, then value.

    >>> print(fields([("downtime", timedelta(hours=3, minutes=12))]))
    <table><thead><tr><th>field</th><th>value</th></tr></thead><tbody>\
<tr><td>downtime</td><td>3h 12m</td></tr></tbody></table>
    """
    return table(["field", "value"], pairs, caption=caption)
