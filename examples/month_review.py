"""An analyst's month review: October 2026 compliance and KPIs over every contract.

Every ticket of the example month is evaluated at the end of October (UTC),
the instant the tickets were exported. Compliance counts the metrics that
stopped in October, per tier, severity and metric, against the tier's goal
(KMP 99%; TrustStram 99.9% / 99.5% / 99%). KPIs are medians and 90th
percentiles on the SLA clock (business time where the target is in business
hours) and on the wall clock, per framework.

Run: python examples/month_review.py
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from slakit import ComplianceReport, Kpis, TicketStatus, compliance, evaluate, kpis
from slakit.example_data import EXPORTED_AT, data_dir, load_month, month


def main() -> None:
    contracts, tickets, _, _ = load_month(data_dir())
    october = month("UTC")
    now = min(october.end, EXPORTED_AT)
    statuses = [
        evaluate(ticket, contracts[name], now)
        for name in sorted(tickets)
        for ticket in tickets[name]
    ]
    print(f"Month review, {october.label} (UTC): {len(statuses):,} tickets, "
          f"{len(contracts)} contracts, evaluated at {now.isoformat()}")  # fmt: skip

    report = compliance(statuses, october, by=("framework", "tier", "severity", "metric"))
    print_compliance(report)

    by_framework: dict[str, list[TicketStatus]] = defaultdict(list)
    for status in statuses:
        by_framework[status.framework].append(status)
    print("\nKPIs (SLA clock / wall clock; metrics that stopped in October)")
    rows = [kpi_row("all", kpis(statuses, october))]
    rows += [kpi_row(name, kpis(group, october)) for name, group in sorted(by_framework.items())]
    print_table(
        ["framework", "tickets", "response median", "response p90", "resolution median",
         "resolution p90", "breaches (resp/res)", "open at end"],
        rows,
    )  # fmt: skip

    print("\nBreached in October")
    breached = sorted(
        (metric.breached_at, status.ticket_id, status.framework, status.tier, metric)
        for status in statuses
        for metric in status.metrics()
        if metric.breached_at is not None and october.contains(metric.breached_at)
    )
    worst = sorted(breached, key=lambda item: item[4].percent_used, reverse=True)[:5]
    print(f"{len(breached)} metrics breached; the five furthest over target:")
    print_table(
        ["ticket", "contract", "severity", "metric", "target", "elapsed", "used"],
        [[ticket, f"{framework} {tier}", metric.severity.value, metric.metric.value,
          str(metric.target), hours_minutes(metric.elapsed), f"{metric.percent_used}%"]
         for _, ticket, framework, tier, metric in worst],
    )  # fmt: skip


def print_compliance(report: ComplianceReport) -> None:
    failing = [row for row in report.rows if row.passed is False]
    print(f"\nCompliance per tier, severity and metric: {len(report.rows)} groups, "
          f"{len(failing)} below goal")  # fmt: skip
    print_table(
        [*report.by, "met", "breached", "rate", "goal", "result"],
        [list(record.values()) for record in report.to_records()],
    )


def kpi_row(name: str, result: Kpis) -> list[str]:
    def pair(sla: timedelta | None, wall: timedelta | None) -> str:
        return f"{hours_minutes(sla)} / {hours_minutes(wall)}"

    return [
        name,
        f"{result.tickets:,}",
        pair(result.first_response_median, result.first_response_wall_median),
        pair(result.first_response_p90, result.first_response_wall_p90),
        pair(result.resolution_median, result.resolution_wall_median),
        pair(result.resolution_p90, result.resolution_wall_p90),
        f"{result.response_breaches} / {result.resolution_breaches}",
        str(result.open_at_end),
    ]


def hours_minutes(value: timedelta | None) -> str:
    if value is None:
        return "-"
    minutes = round(value / timedelta(minutes=1))
    return f"{minutes // 60}h{minutes % 60:02d}"


def print_table(columns: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(columns, *rows, strict=True)]
    for row in [columns, ["-" * width for width in widths], *rows]:
        cells = (f"{cell!s:<{width}}" for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


if __name__ == "__main__":
    main()
