"""An mkdocs hook: draws the charts page's images from the example data on every build.

``mkdocs build`` (and ``serve``) calls :func:`on_files`, which draws the four
charts of ``slakit.plot`` on the shipped example month (October 2026) and adds
them to the site as ``charts/*.png``. Nothing is committed: the images are
always those of the code and the data being built, and a chart that fails to
draw fails the build. Needs the ``docs`` extra (matplotlib); never a display.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

WIDTH_DPI = 96


def charts() -> dict[str, Callable[[], Any]]:
    """Each image's name and how to draw it: the same steps as the charts page shows."""
    from slakit import compliance, evaluate, month_end
    from slakit.example_data import EXPORTED_AT, data_dir, load_month, month
    from slakit.plot import (
        availability_timeline,
        burn_down,
        compliance_heatmap,
        credit_waterfall,
    )
    from slakit.tickets import EventKind

    contracts, tickets, outages, maintenance = load_month(data_dir())
    october, now = month("UTC"), EXPORTED_AT
    every = [ticket for name in sorted(tickets) for ticket in tickets[name]]
    statuses = [evaluate(ticket, contracts[ticket.contract], now) for ticket in every]
    liffey = contracts["kmp-premier-dublin"]
    paused = next(
        ticket
        for ticket in tickets[liffey.id]
        if any(event.kind is EventKind.PAUSED for event in ticket.events)
        and evaluate(ticket, liffey, now).resolution.breached
    )

    def statement() -> Any:
        book = month_end(contracts, october.iso, tickets=every, outages=outages,
                         maintenance=maintenance, now=now)  # fmt: skip
        return credit_waterfall(book.customer(liffey.id).statement)

    hits = [outage for outage in outages if outage.hits(liffey.id, liffey.services)]
    return {
        "heatmap.png": lambda: compliance_heatmap(
            compliance(statuses, october, by=("framework", "tier", "severity", "metric"))
        ),
        "burn-down.png": lambda: burn_down(paused, liffey, now),
        "availability.png": lambda: availability_timeline(
            month(liffey.billing_timezone), hits, maintenance
        ),
        "waterfall.png": statement,
    }


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add ``charts/<name>.png`` for each chart, drawn now."""
    for name, draw in charts().items():
        buffer = io.BytesIO()
        draw().savefig(buffer, format="png", dpi=WIDTH_DPI)
        files.append(File.generated(config, f"charts/{name}", content=buffer.getvalue()))
    return files
