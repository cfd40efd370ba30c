"""The ``slakit`` command: deadlines, evaluations, statements and calendars from the shell.

Exit status: 0 on success, 2 on bad input (one line on stderr naming the
file, row and field), 1 on an internal failure. Output is written only once
it is complete; ``--output FILE`` is replaced atomically, never half-written.

>>> main(["regions", "--format", "csv"])  # doctest: +NORMALIZE_WHITESPACE
region,city,timezone,holidays,coverages
amsterdam,Amsterdam,Europe/Amsterdam,NL,24x7 16x5 12x5 8x5
austin,Austin,America/Chicago,US-TX,24x7 16x5 12x5 8x5
dublin,Dublin,Europe/Dublin,IE,24x7 16x5 12x5 8x5
singapore,Singapore,Asia/Singapore,SG,24x7 16x5 12x5 8x5
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from slakit import __version__, catalog, regions
from slakit.availability import Month
from slakit.clock import MetricStatus, TicketStatus, evaluate
from slakit.credits import CreditStatement, monthly_credit
from slakit.errors import SlakitError, UsageError
from slakit.io import (
    contract_schema,
    csv_text,
    framework_schema,
    load_contract,
    read_maintenance,
    read_outages,
    read_tickets,
)
from slakit.policy import Contract
from slakit.reporting import ComplianceReport, compliance
from slakit.severity import Severity
from slakit.tickets import Ticket

__all__ = ["main"]

PROGRESS_THRESHOLD = 10_000


@dataclass
class Section:
    """One table of output: a title, columns, rows (text), and its JSON form."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    data: Any = None
    csv_text: str | None = None


@dataclass
class Output:
    """Everything a command prints, computed before anything is written."""

    sections: list[Section] = field(default_factory=list)

    def render(self, form: str) -> str:
        if form == "json":
            data = [section.data for section in self.sections]
            return json.dumps(data[0] if len(data) == 1 else data, indent=2, default=str) + "\n"
        if form == "csv":
            return "\n".join(_csv(section) for section in self.sections)
        return "\n".join(_table(section) for section in self.sections)


def _csv(section: Section) -> str:
    if section.csv_text is not None:
        return section.csv_text
    return csv_text(section.columns, section.rows)


def _table(section: Section) -> str:
    widths = [len(column) for column in section.columns]
    for row in section.rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    out = [section.title] if section.title else []
    out.append(line(section.columns).rstrip())
    out.append("  ".join("-" * width for width in widths))
    out += [line(row).rstrip() for row in section.rows]
    return "\n".join(out) + "\n"


def _instant(value: datetime | None) -> str:
    return "" if value is None else value.isoformat(sep=" ", timespec="seconds")


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def _duration(value: Any) -> str:
    seconds = int(value.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{sign}{hours}:{rest // 60:02d}"


class _Progress:
    """A row counter on stderr, only for large inputs and only on a terminal."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label, self.stream = label, stream
        self.enabled = stream.isatty()
        self.shown = False

    def __call__(self, count: int) -> None:
        if self.enabled and count >= PROGRESS_THRESHOLD and count % 1000 == 0:
            self.stream.write(f"\r{self.label}: {count:,} rows")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()


# -- argument types --------------------------------------------------------------------------


def _aware(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 instant; write e.g. 2026-03-27T16:30:00+00:00"
        ) from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset; write e.g. {text}+00:00 or {text}Z"
        )
    return value


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return path


# -- commands --------------------------------------------------------------------------------


def _status_rows(statuses: Sequence[TicketStatus]) -> Section:
    def metric(m: MetricStatus) -> list[str]:
        return [
            m.state.value,
            _instant(m.due_at),
            _duration(m.remaining),
            f"{m.percent_used}%",
            _yes_no(m.met),
        ]

    return Section(
        title="",
        columns=[
            "ticket",
            "severity",
            "response",
            "response due",
            "response left",
            "response used",
            "response met",
            "resolution",
            "resolution due",
            "resolution left",
            "resolution used",
            "resolution met",
        ],
        rows=[
            [s.ticket_id, s.severity.value, *metric(s.response), *metric(s.resolution)]
            for s in statuses
        ],
        data=[s.model_dump(mode="json") for s in statuses],
    )


def _statement_section(statement: CreditStatement) -> Section:
    rows = [[line.kind, line.reason, str(line.amount), " ".join(line.tickets + line.outages)]
            for line in statement.lines]  # fmt: skip
    rows.append(["total", "", str(statement.total), ""])
    who = statement.customer or f"{statement.framework} {statement.tier}"
    return Section(
        title=f"Service credits for {statement.month.label}: {who}",
        columns=["kind", "reason", "amount", "behind it"],
        rows=rows,
        data=statement.model_dump(mode="json"),
        csv_text=statement.to_csv(),
    )


def _compliance_section(report: ComplianceReport, title: str) -> Section:
    records = report.to_records()
    columns = [*report.by, "met", "breached", "rate", "goal", "result"]
    return Section(
        title=title,
        columns=columns,
        rows=[[record[name] for name in columns] for record in records],
        data=report.model_dump(mode="json"),
    )


def _read_tickets(args: argparse.Namespace) -> list[Ticket]:
    progress = _Progress("reading tickets", sys.stderr)
    try:
        return read_tickets(args.tickets, args.events, progress=progress)
    finally:
        progress.done()


def command_deadline(args: argparse.Namespace) -> Output:
    contract = Contract(framework=args.framework, tier=args.tier, region=args.region)
    severity = Severity.parse(args.severity)
    status = evaluate(Ticket("deadline", severity, args.opened), contract, now=args.opened)
    local = ZoneInfo(regions.get(args.region).timezone)
    rows = [
        [metric.metric.value, str(metric.target), _instant(metric.due_at),
         _instant(metric.due_at.astimezone(local) if metric.due_at else None)]
        for metric in status.metrics()
    ]  # fmt: skip
    return Output([
        Section(
            title=(f"{contract.framework.name} {contract.tier}, {severity.value} "
                   f"({severity.label}), {args.region}, opened {_instant(args.opened)}"),
            columns=["metric", "target", "due", f"due ({local.key})"],
            rows=rows,
            data=[m.model_dump(mode="json") for m in status.metrics()],
        )
    ])  # fmt: skip


def command_evaluate(args: argparse.Namespace) -> Output:
    contract = load_contract(args.contract)
    tickets = _read_tickets(args)
    progress = _Progress("evaluating", sys.stderr)
    statuses = []
    for count, ticket in enumerate(tickets, 1):
        statuses.append(evaluate(ticket, contract, args.now))
        progress(count)
    progress.done()
    return Output([_status_rows(statuses)])


def command_credits(args: argparse.Namespace) -> Output:
    contract = load_contract(args.contract)
    month = Month.parse(args.month, contract.billing_timezone)
    tickets = _read_tickets(args) if args.tickets else []
    outages = read_outages(args.outages) if args.outages else []
    maintenance = read_maintenance(args.maintenance) if args.maintenance else []
    statement = monthly_credit(
        contract, month, tickets=tickets, outages=outages, maintenance=maintenance,
        security_breaches=args.security_breach or (), now=args.now,
    )  # fmt: skip
    return Output([_statement_section(statement)])


def command_calendar(args: argparse.Namespace) -> Output:
    region = regions.get(args.region)
    calendar = region.calendar(args.coverage)
    hours = calendar.hours
    weekly = [[day, ", ".join(getattr(hours, day)) or "closed"]
              for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]  # fmt: skip
    closes = calendar.holidays is not None
    holidays = [[day.isoformat(), f"{day:%a}", name, "closed" if closes else "open (24x7)"]
                for day, name in region.holidays_in(args.year)]  # fmt: skip
    return Output([
        Section(
            title=f"{region.city} ({region.timezone}), {args.coverage}: weekly hours",
            columns=["day", "hours"], rows=weekly,
            data={"region": region.name, "coverage": args.coverage, "timezone": region.timezone,
                  "hours": hours.model_dump(),
                  "holidays": [{"date": d, "weekday": w, "name": n, "effect": e}
                               for d, w, n, e in holidays]},
        ),
        Section(title=f"Holidays {args.year} ({_holiday_source(region)})",
                columns=["date", "day", "holiday", "effect"], rows=holidays),
    ])  # fmt: skip


def _holiday_source(region: regions.Region) -> str:
    spec = region.holidays
    return spec.country + (f"-{spec.subdivision}" if spec.subdivision else "")


def command_regions(args: argparse.Namespace) -> Output:
    rows = [
        [region.name, region.city, region.timezone, _holiday_source(region),
         " ".join(regions.COVERAGES)]
        for region in regions.all_regions()
    ]  # fmt: skip
    columns = ["region", "city", "timezone", "holidays", "coverages"]
    return Output([
        Section(title="Support regions", columns=columns, rows=rows,
                data=[dict(zip(columns, row, strict=True)) for row in rows])
    ])  # fmt: skip


def command_schema(args: argparse.Namespace) -> Output:
    schema = framework_schema() if args.kind == "framework" else contract_schema()
    return Output([Section(title="", columns=[], rows=[], data=schema)])


def command_demo(args: argparse.Namespace) -> Output:
    from slakit import _example_data

    folder = Path(args.data) if args.data else _example_data.data_dir()
    contracts, tickets_by_contract, outages, maintenance = _example_data.load_month(folder)
    month = Month(2026, 10, "UTC")
    now = month.end

    # A few deadlines in each region: the first ticket of one contract per framework.
    rows = []
    for region in regions.names():
        shown: set[str] = set()
        for name, contract in sorted(contracts.items()):
            if contract.region != region or contract.framework.name in shown:
                continue
            shown.add(contract.framework.name)
            for ticket in tickets_by_contract.get(name, [])[:1]:
                status = evaluate(ticket, contract, now=ticket.opened_at)
                local = ZoneInfo(regions.get(region).timezone)
                rows.append([
                    region, ticket.id, f"{contract.framework.name} {contract.tier}",
                    ticket.severity.value, _instant(ticket.opened_at),
                    _instant(_local(status.response.due_at, local)),
                    _instant(_local(status.resolution.due_at, local)),
                ])  # fmt: skip
    deadlines = Section(
        title="Deadlines for a few tickets in each region (local time of the region)",
        columns=["region", "ticket", "contract", "severity", "opened", "response due",
                 "resolution due"],
        rows=rows,
        data=[dict(zip(["region", "ticket", "contract", "severity", "opened", "response_due",
                        "resolution_due"], row, strict=True)) for row in rows],
    )  # fmt: skip

    statuses = [
        evaluate(ticket, contracts[name], now)
        for name, tickets in sorted(tickets_by_contract.items())
        for ticket in tickets
    ]
    report = compliance(statuses, month, by=("tier", "severity"))
    table = _compliance_section(
        report, f"Compliance in {month.label}, per tier and severity ({len(statuses):,} tickets)"
    )

    # The KMP Premier customer owed the most this month (the most instructive statement).
    statements = [
        monthly_credit(
            contract, Month(2026, 10, contract.billing_timezone),
            tickets=tickets_by_contract.get(name, []), outages=outages, maintenance=maintenance,
        )
        for name, contract in sorted(contracts.items())
        if contract.framework.name == "kmp" and contract.tier == "premier"
    ]  # fmt: skip
    if not statements:
        raise UsageError(f"{folder}: the example data has no KMP Premier contract")
    statement = max(statements, key=lambda item: (item.total.amount, len(item.lines)))
    return Output([deadlines, table, _statement_section(statement)])


def _local(instant: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if instant is None else instant.astimezone(zone)


# -- parser and entry point --------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``slakit`` command."""
    parser = _Parser(
        prog="slakit",
        description="Turn support contracts into numbers: SLA deadlines, breaches, credits.",
    )
    parser.add_argument("--version", action="version", version=f"slakit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], Output], text: str, formats: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        if formats:
            sub.add_argument(
                "--format",
                choices=("table", "json", "csv"),
                default="table",
                help="output format (default: table)",
            )
        sub.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="write to FILE (replaced whole, never half-written)",
        )
        return sub  # fmt: skip

    demo = command("demo", command_demo, "the built-in demo on the shipped example month")
    demo.add_argument("--data", metavar="DIR", help="example data folder (default: shipped)")

    deadline = command("deadline", command_deadline, "response and resolution due instants")
    deadline.add_argument("--framework", required=True, help=f"one of {', '.join(catalog.names())}")
    deadline.add_argument("--tier", required=True, help="e.g. premier, gold")
    deadline.add_argument("--severity", required=True, help="e.g. sev2, P1, critical")
    deadline.add_argument("--region", required=True, help=f"one of {', '.join(regions.names())}")
    deadline.add_argument("--opened", required=True, type=_aware, help="ISO 8601 with offset")

    evaluate_ = command("evaluate", command_evaluate, "one status row per ticket")
    evaluate_.add_argument("tickets", type=_existing_file, metavar="TICKETS.csv")
    evaluate_.add_argument("--events", type=_existing_file, metavar="EVENTS.csv")
    evaluate_.add_argument("--contract", type=_existing_file, required=True, metavar="CONTRACT")
    evaluate_.add_argument("--now", type=_aware, required=True, help="ISO 8601 with offset")

    credits = command("credits", command_credits, "a month's service-credit statement")
    credits.add_argument("--contract", type=_existing_file, required=True, metavar="CONTRACT")
    credits.add_argument("--month", required=True, help="YYYY-MM, in the billing timezone")
    credits.add_argument("--tickets", type=_existing_file, metavar="TICKETS.csv")
    credits.add_argument("--events", type=_existing_file, metavar="EVENTS.csv")
    credits.add_argument("--outages", type=_existing_file, metavar="OUTAGES.csv")
    credits.add_argument("--maintenance", type=_existing_file, metavar="MAINTENANCE.csv")
    credits.add_argument("--security-breach", type=_aware, action="append", metavar="INSTANT",
                         help="a security breach at INSTANT (repeatable)")  # fmt: skip
    credits.add_argument("--now", type=_aware, help="evaluate tickets at (default: month end)")

    calendar = command("calendar", command_calendar, "a region's weekly hours and holidays")
    calendar.add_argument("region", help=f"one of {', '.join(regions.names())}")
    calendar.add_argument("--coverage", default="12x5", choices=tuple(regions.COVERAGES))
    calendar.add_argument("--year", type=int, required=True, help="e.g. 2026")

    command("regions", command_regions, "the support regions")
    schema = command("schema", command_schema, "JSON Schema of policy and contract files",
                     formats=False)  # fmt: skip
    schema.add_argument("--kind", choices=("framework", "contract"), default="framework")
    return parser


def _write(text: str, target: str | None) -> None:
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``slakit`` command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        output = args.handler(args)
        _write(output.render(getattr(args, "format", "json")), args.output)
    except SlakitError as error:
        print(f"slakit: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"slakit: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        print(
            f"slakit: internal error ({type(error).__name__}: {error}); please report it",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
