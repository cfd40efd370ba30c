"""The ``slakit`` command: deadlines, evaluations, statements and calendars from the shell.

Exit status: 0 on success, 2 on bad input or a usage error (one line on
stderr naming the file, row and field), 1 on an internal failure, 130 on
Ctrl-C, 141 when the reader of stdout goes away. Messages go only to stderr
(nothing when it is closed). Output is written only once it is complete;
``--output FILE`` is replaced atomically, never half-written (see
:mod:`slakit.output_file`).

>>> main(["regions", "--format", "csv"])  # doctest: +NORMALIZE_WHITESPACE
region,city,timezone,holidays,coverages
amsterdam,Amsterdam,Europe/Amsterdam,NL,24x7 16x5 12x5 8x5
austin,Austin,America/Chicago,US,24x7 16x5 12x5 8x5
dublin,Dublin,Europe/Dublin,IE,24x7 16x5 12x5 8x5
singapore,Singapore,Asia/Singapore,SG,24x7 16x5 12x5 8x5
0
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO, TypeVar
from zoneinfo import ZoneInfo

from slakit import __version__, catalog, example_data, regions
from slakit._text import listing
from slakit._text_files import FileRead, recording_reads
from slakit._time import FIRST_YEAR, LAST_YEAR, parse_instant
from slakit.availability import Month
from slakit.clock import (
    STATUS_COLUMNS,
    MetricStatus,
    TicketStatus,
    evaluate,
    status_record,
    status_schema,
)
from slakit.credits import CreditStatement, monthly_credit
from slakit.csv_text import csv_text
from slakit.data_files import (
    EVENT_COLUMNS,
    TICKET_COLUMNS,
    Table,
    iter_tickets,
    read_latency_histograms,
    read_latency_samples,
    read_maintenance,
    read_outages,
    read_security_breaches,
    read_security_incidents,
    read_table,
    read_tickets,
    read_utilization,
)
from slakit.errors import OutputFileError, PolicyError, SlakitError, UsageError
from slakit.imports import read_import, registry, write_import
from slakit.imports.files import (
    EVENTS_FILE,
    REPORT_FILE,
    REPORT_TEXT_FILE,
    TICKETS_FILE,
    VERDICTS_FILE,
)
from slakit.latency import LatencyHistogram, LatencySample
from slakit.month_end import SUMMARY_COLUMNS, MonthEnd, month_end
from slakit.objectives import ReportPeriod
from slakit.output_file import check_folder_target, check_target, write_folder, write_output
from slakit.policy import Contract
from slakit.policy_files import (
    contract_schema,
    framework_schema,
    load_contract,
    load_contract_folder,
)
from slakit.provenance import InputFile
from slakit.reconcile import reconcile
from slakit.reporting import ComplianceReport, compliance
from slakit.scorecard import SCORECARD_COLUMNS, scorecard
from slakit.severity import Severity
from slakit.sla import sla_event_schema
from slakit.tickets import Ticket

__all__ = ["main"]

PROGRESS_THRESHOLD = 10_000

#: The exit status when the reader of stdout goes away (``slakit ... | head``): 128 + SIGPIPE,
#: what a shell reports for a tool that SIGPIPE ended.
BROKEN_PIPE = 141


@dataclass
class Section:
    """One table of output: a title, columns, rows (text), and its JSON form."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    data: Any = None
    csv_text: str | None = None
    json_text: str | None = None
    table_text: str | None = None


@dataclass
class Output:
    """Everything a command prints, computed before anything is written; or, for a
    command over many tickets, ``stream``: the output in a form, as chunks of text
    computed while they are written (see :func:`_write_stream`)."""

    sections: list[Section] = field(default_factory=list)
    stream: Callable[[str], Iterable[str]] | None = None

    def render(self, form: str) -> str:
        if form == "json":
            if len(self.sections) == 1 and self.sections[0].json_text is not None:
                return self.sections[0].json_text
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
    if section.table_text is not None:
        return section.table_text
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


class _TerminalLine:
    """One line of progress on stderr, rewritten in place; only when stderr is a terminal."""

    def __init__(self, label: str, stream: TextIO | None) -> None:
        self.label = label
        # sys.stderr is None when the command runs with stderr closed (2>&-).
        self.stream = stream if stream is not None and _is_terminal(stream) else None
        self.shown = False

    def show(self, text: str) -> None:
        if self.stream is not None:
            self.shown = _say(self.stream, f"\r{self.label}: {text}".ljust(80))

    def done(self) -> None:
        if self.stream is not None and self.shown:
            _say(self.stream, "\r" + " " * 80 + "\r")
            self.shown = False


class _Progress(_TerminalLine):
    """A counter of rows (or tickets), only for large inputs."""

    def __init__(self, label: str, stream: TextIO | None, noun: str = "rows") -> None:
        super().__init__(label, stream)
        self.noun = noun

    def __call__(self, count: int, total: int = 0) -> None:
        if count >= PROGRESS_THRESHOLD and count % 1000 == 0:
            self.show(f"{count:,} of {total:,} {self.noun}" if total else f"{count:,} {self.noun}")


class _Stages(_TerminalLine):
    """Which customer a long run is on."""

    def __call__(self, name: str, done: int, total: int) -> None:
        if name:
            self.show(f"customer {done + 1:,} of {total:,} ({name[:40]})")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):  # a closed stream
        return False


def _say(stream: TextIO | None, text: str) -> bool:
    """Write to a diagnostic stream; False (and nothing else) when it is closed or broken."""
    if stream is None:
        return False
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        return False
    return True


# -- argument types --------------------------------------------------------------------------


def _aware(text: str) -> datetime:
    # The instant parser of files and frames; argparse names the option in its message.
    try:
        return parse_instant(text, "", UsageError)
    except SlakitError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _existing_file(text: str) -> Path:
    """An input file: anything readable that is not a folder (a pipe such as /dev/fd/63 too)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty file name; give the path of a file")
    try:
        mode = os.stat(text).st_mode
    except FileNotFoundError:
        raise argparse.ArgumentTypeError(f"{text}: no such file") from None
    except NotADirectoryError:
        raise argparse.ArgumentTypeError(f"{text}: no such file (a parent is a file)") from None
    except OSError as error:
        raise argparse.ArgumentTypeError(f"{text}: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise argparse.ArgumentTypeError(f"{text}: is a directory, not a file")
    if not os.access(text, os.R_OK):
        raise argparse.ArgumentTypeError(f"{text}: permission denied (the file is not readable)")
    return Path(text)


def _output_file(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty file name; give a file name, or leave out --output to write to stdout"
        )
    if text.endswith(tuple(separator for separator in (os.sep, os.altsep) if separator)):
        # Not a file name: open() would refuse it, and "new/" must not write a file "new".
        raise argparse.ArgumentTypeError(
            f"{text} ends with {text[-1]}, so it names a folder; give a file name"
        )
    return text


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year; give a year from {FIRST_YEAR} to {LAST_YEAR}"
        ) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{year} is not a year slakit's calendars cover; give a year from "
            f"{FIRST_YEAR} to {LAST_YEAR}"
        )
    return year


def _month(text: str) -> str:
    """``YYYY-MM`` exactly (``2026-1`` or `` 2026-10`` is a typo, not a month)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write YYYY-MM, e.g. 2026-10")
    try:
        Month.parse(text)
    except SlakitError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("invalid Month: ")) from None
    return text


def _output_folder(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("an empty folder name; give a new or empty folder")
    return text


def _existing_folder(text: str) -> Path:
    if not os.path.isdir(text):
        problem = "not a folder" if os.path.exists(text) else "no such folder"
        raise argparse.ArgumentTypeError(f"{text}: {problem}")
    return Path(text)


# -- commands --------------------------------------------------------------------------------


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


def _read_tickets(
    args: argparse.Namespace,
    contracts: Collection[str] | None = None,
    only: str | None = None,
    left_out: Counter[str] | None = None,
) -> list[Ticket]:
    # evaluate needs every ticket opened by --now (a later one is named by file and row);
    # credits leaves tickets opened after --now out of the month, as monthly_credit does.
    opened_by = args.now if args.command == "evaluate" else None
    progress = _Progress("reading tickets", sys.stderr)
    try:
        return read_tickets(
            args.tickets, args.events, progress=progress, now=opened_by, contracts=contracts,
            only=only, left_out=left_out,
        )  # fmt: skip
    finally:
        progress.done()


def _own_tickets(args: argparse.Namespace, contract: Contract) -> tuple[list[Ticket], str]:
    """The tickets of the one ``contract`` a command is run for, and a note on the others.

    A tickets file with a ``contract`` column may hold other contracts' tickets: they
    are left out unread, with their events, never charged to this one (stderr and the
    note say how many). A file in which no ticket names this contract but others name
    other contracts is refused: the contract's id is most likely not what the file
    calls it (a renamed contract file), and a statement without its tickets would be
    silently wrong.
    """
    left_out: Counter[str] = Counter()
    tickets = _read_tickets(args, only=contract.id or "", left_out=left_out)
    return tickets, _left_out(args, contract, left_out, len(tickets))


def _left_out(
    args: argparse.Namespace, contract: Contract, left_out: Counter[str], counted: int
) -> str:
    """The note on the other contracts' tickets left out (said on stderr too), or ``""``;
    an error when none of the tickets is the contract's (see :func:`_own_tickets`)."""
    if not left_out:
        return ""
    names = sorted(left_out)
    count = sum(left_out.values())
    if not counted:
        raise UsageError(
            f"{args.tickets}: no ticket names the contract {contract.id!r}; the "
            f"{_counted(count, 'ticket')} name {listing(names)}. A contract's id is its file "
            f'name ({args.contract.name}) unless the file gives one (id = "...")'
        )
    note = (
        f"{args.tickets.name}: left out {_counted(count, 'ticket')} of "
        f"{_counted(len(names), 'other contract')} ({listing(names, 5)}); counted the "
        f"{_counted(counted, 'ticket')} of {contract.id}"
    )
    _complain(f"{args.tickets}: {note.split(': ', 1)[1]}")
    return note


def _ticket_tables(args: argparse.Namespace) -> tuple[Table, Table | None]:
    """The tickets and events files of a command, read whole and checked (their rows are
    read as they are iterated): the events file first, as :func:`read_tickets` reads it."""
    events = read_table(args.events, EVENT_COLUMNS) if args.events is not None else None
    return read_table(args.tickets, TICKET_COLUMNS), events


def _streamed_tickets(
    tables: tuple[Table, Table | None],
    progress: Callable[[int], None],
    *,
    now: datetime | None = None,
    contracts: Collection[str] | None = None,
    only: str | None = None,
    left_out: Counter[str] | None = None,
) -> Iterator[Ticket]:
    """The tickets of ``tables`` one at a time (:func:`iter_tickets`), with a terminal line
    for the events read and one for the tickets."""
    reading = _Progress("reading events", sys.stderr)
    try:
        stream = iter_tickets(
            tables[0], tables[1], now=now, progress=progress, contracts=contracts, only=only,
            left_out=left_out, events_progress=reading,
        )  # fmt: skip
        first = next(stream, None)  # the events are read whole before the first ticket
    finally:
        reading.done()
    if first is not None:
        yield first
        yield from stream


def _counted(count: int, noun: str) -> str:
    """``"1 ticket"``, ``"1,911 tickets"``."""
    return f"{count:,} {noun}{'s' * (count != 1)}"


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
    """One status per ticket, streamed: read, evaluated and written one ticket at a time
    (see :func:`_evaluated`)."""
    contract = load_contract(args.contract)
    tables = _ticket_tables(args)

    def statuses(progress: Callable[[int], None]) -> Iterator[TicketStatus]:
        left_out: Counter[str] = Counter()
        count = 0
        for ticket in _streamed_tickets(tables, progress, now=args.now, only=contract.id or "",
                                        left_out=left_out):  # fmt: skip
            yield evaluate(ticket, contract, args.now)
            count += 1
        _left_out(args, contract, left_out, count)

    return Output(stream=lambda form: _evaluated(form, statuses))


#: Statuses per chunk of streamed output: large enough that writing costs little per row.
_BLOCK = 200

_STATUS_TABLE_COLUMNS = (
    "ticket", "severity",
    "response", "response due", "response left", "response used", "response met",
    "resolution", "resolution due", "resolution left", "resolution used", "resolution met",
)  # fmt: skip


def _status_cells(status: TicketStatus) -> list[str]:
    """A status as the cells of a table row (:data:`_STATUS_TABLE_COLUMNS`)."""

    def metric(m: MetricStatus) -> list[str]:
        return [
            m.state.value,
            _instant(m.due_at),
            _duration(m.remaining),
            f"{m.percent_used}%",
            _yes_no(m.met),
        ]

    return [status.ticket_id, status.severity.value, *metric(status.response),
            *metric(status.resolution)]  # fmt: skip


def _evaluated(
    form: str, statuses: Callable[[Callable[[int], None]], Iterator[TicketStatus]]
) -> Iterator[str]:
    """The output of ``evaluate`` in ``form``, in chunks, one status at a time.

    No status is kept: each is turned into its row (CSV), its JSON element or its
    table cells and dropped. CSV and JSON chunks are written as they come. A table
    needs every row before its first (the columns are as wide as their widest
    cell), so its cells go to a temporary file first (in memory while small, then
    in the system's temporary folder) and are padded on a second pass.
    """
    progress = _Progress("evaluating", sys.stderr, "tickets")
    try:
        if form == "table":
            yield from _status_table(statuses(progress), progress)  # both passes
        elif form == "json":
            yield from _status_json(statuses(progress))
        else:
            yield from _status_csv(statuses(progress))
    finally:
        progress.done()


def _status_csv(statuses: Iterator[TicketStatus]) -> Iterator[str]:
    """What ``csv_text(STATUS_COLUMNS, records)`` gives, in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # csv_text's writer
    writer.writerow(STATUS_COLUMNS)
    for count, status in enumerate(statuses, 1):
        record = status_record(status)
        writer.writerow([record[name] for name in STATUS_COLUMNS])
        if count % _BLOCK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _status_json(statuses: Iterator[TicketStatus]) -> Iterator[str]:
    """What ``json.dumps([status.model_dump(mode="json"), ...], indent=2)`` gives, with a
    line break at the end, in chunks: each element is indented one level more than
    alone (a JSON string holds no raw line break, so every line break is the layout's)."""
    parts: list[str] = []
    count = 0
    for count, status in enumerate(statuses, 1):
        element = json.dumps(status.model_dump(mode="json"), indent=2, default=str)
        parts.append(("[\n  " if count == 1 else ",\n  ") + element.replace("\n", "\n  "))
        if count % _BLOCK == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts) + ("\n]\n" if count else "[]\n")


#: The most bytes of output (or of table cells) kept in memory before a temporary file.
_SPOOLED = 16 << 20


def _status_table(statuses: Iterator[TicketStatus], evaluating: _TerminalLine) -> Iterator[str]:
    """What :func:`_table` gives for the statuses' rows, in two passes over a temporary
    file of their cells (cells hold no NUL: input files never do)."""
    widths = [len(column) for column in _STATUS_TABLE_COLUMNS]
    with tempfile.SpooledTemporaryFile(
        max_size=_SPOOLED, mode="w+", encoding="utf-8", newline=""
    ) as cells:
        rows = 0
        for status in statuses:
            row = _status_cells(status)
            widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
            cells.write("\0".join(row) + "\n")
            rows += 1
        evaluating.done()
        cells.seek(0)
        writing = _Progress("writing", sys.stderr)

        def line(row: Sequence[str]) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

        try:
            lines = [line(_STATUS_TABLE_COLUMNS).rstrip(), "  ".join("-" * w for w in widths)]
            for count, text in enumerate(cells, 1):
                lines.append(line(text[:-1].split("\0")).rstrip())
                if count % _BLOCK == 0:
                    yield "\n".join(lines) + "\n"
                    lines.clear()
                    writing(count, rows)
            yield "\n".join(lines) + "\n" if lines else ""
        finally:
            writing.done()


def command_credits(args: argparse.Namespace) -> Output:
    with recording_reads() as reads:
        contract = load_contract(args.contract)
        month = Month.parse(args.month, contract.billing_timezone)
        tickets, note = _own_tickets(args, contract) if args.tickets else ([], "")
        outages = read_outages(args.outages) if args.outages else []
        maintenance = read_maintenance(args.maintenance) if args.maintenance else []
    statement = monthly_credit(
        contract, month, tickets=tickets, outages=outages, maintenance=maintenance,
        security_breaches=args.security_breach or (), now=args.now,
        inputs=_input_files(args, reads),
    )  # fmt: skip
    if note:
        statement = statement.model_copy(update={"notes": (*statement.notes, note)})
    if args.explain:
        return Output(
            [
                Section(
                    title="", columns=[], rows=[], table_text=_one_line_break(statement.explain())
                )
            ]
        )
    return Output([_statement_section(statement)])


#: The data files a command reads, by option, and the role each plays in provenance.
_DATA_FILES = (
    ("tickets", "tickets"),
    ("events", "events"),
    ("outages", "outages"),
    ("maintenance", "maintenance"),
    ("security_breaches", "security_breaches"),
)


def _input_files(args: argparse.Namespace, reads: Sequence[FileRead]) -> list[InputFile]:
    """The SHA-256 of every file the command read (one contract, the data files), for the
    statements' provenance: of the bytes read, so a pipe is recorded too."""
    digests = {read.path: read for read in reads}
    found = []
    for option, role in (("contract", "contract"), *_DATA_FILES):
        path = getattr(args, option, None)
        if isinstance(path, Path) and str(path) in digests:
            found.append(_recorded(role, path, digests))
    return found


def _contract_folder(folder: Path) -> tuple[dict[str, Contract], dict[str, Path]]:
    """Every contract file in ``folder``, by id, and its path; each must have a fee."""
    contracts: dict[str, Contract] = {}
    where: dict[str, Path] = {}
    for path, contract in load_contract_folder(folder):
        if contract.monthly_fee is None:
            raise PolicyError(
                f"{path}: the contract has no monthly_fee; month-end computes each customer's "
                'credits as shares of it (monthly_fee = "USD 10,000")'
            )
        contracts[contract.id] = contract
        where[contract.id] = path
    return contracts, where


def _one_line_break(text: str) -> str:
    """Text that ends with exactly one line break, as a text file (and a terminal) expects."""
    return text.rstrip("\n") + "\n"


def _recorded(role: str, path: Path, digests: Mapping[str, FileRead]) -> InputFile:
    """The provenance record of ``path`` from the digest of the bytes read from it."""
    read = digests[str(path)]
    return InputFile(role=role, name=path.name, sha256=read.sha256, bytes=read.bytes)


def _book_files(result: MonthEnd) -> dict[str, str]:
    """The files of ``month-end --out``: the book's summary, then five per customer."""
    files = {
        "_summary.txt": result.table(),
        "_summary.csv": result.summary_csv(),
        "_summary.json": result.summary_json(),
        "_totals.csv": result.totals_csv(),
    }
    for item in result.customers:
        statement = item.statement
        files[f"{item.contract}.json"] = item.model_dump_json(indent=2) + "\n"
        files[f"{item.contract}.statement.csv"] = statement.to_csv()
        files[f"{item.contract}.evidence.csv"] = statement.evidence_csv()
        files[f"{item.contract}.compliance.csv"] = item.compliance.to_csv()
        files[f"{item.contract}.explain.txt"] = _one_line_break(statement.explain())
    return files


def command_month_end(args: argparse.Namespace) -> Output:
    """Every customer's month, the tickets streamed into :func:`month_end` one at a time
    (never held as a list, nor evaluated into statuses that are kept)."""
    if args.out is not None:
        check_folder_target(args.out)  # refuse before the work, not after it
    later: list[SlakitError] = []  # a bad data file, reported after the tickets' rows
    with recording_reads() as reads:
        contracts, paths = _contract_folder(args.contracts)
        services = {name for contract in contracts.values() for name in contract.services}
        tables = _ticket_tables(args)
        outages = _after_tickets(later, lambda: read_outages(args.outages, contracts, services),
                                 args.outages)  # fmt: skip
        maintenance = _after_tickets(later, lambda: read_maintenance(args.maintenance),
                                     args.maintenance)  # fmt: skip
        breaches = _after_tickets(
            later, lambda: read_security_breaches(args.security_breaches, contracts),
            args.security_breaches,
        )  # fmt: skip
    digests = {read.path: read for read in reads}
    evaluating = _Progress("evaluating", sys.stderr, "tickets")
    progress = _Stages("month-end", sys.stderr)

    def tickets() -> Iterator[Ticket]:
        yield from _streamed_tickets(tables, evaluating, contracts=contracts)
        evaluating.done()
        if later:
            raise later[0]

    try:
        result = month_end(
            contracts, args.month, tickets=tickets(), outages=outages, maintenance=maintenance,
            security_breaches=breaches, now=args.now, inputs=_input_files(args, reads),
            contract_inputs={name: _recorded("contract", path, digests)
                             for name, path in paths.items()},
            progress=progress,
        )  # fmt: skip
    finally:
        evaluating.done()
        progress.done()
    if args.out is not None:
        # The folder is the output: nothing goes to stdout (the summary is in _summary.txt).
        files = _book_files(result)
        write_folder(files, args.out)
        customers = _counted(len(result.customers), "customer")
        _complain(f"wrote {len(files)} files for {customers} to {args.out}")
        return Output([])
    return Output([
        Section(title="", columns=list(SUMMARY_COLUMNS), rows=[], table_text=result.table(),
                csv_text=result.summary_csv(), json_text=result.to_json())
    ])  # fmt: skip


M = TypeVar("M")


def _after_tickets(
    later: list[SlakitError], read: Callable[[], list[M]], path: Path | None
) -> list[M]:
    """The items of a small data file, read now (its digest is recorded with the others);
    an error in it is kept in ``later`` and raised once the tickets' rows are read, so
    that a bad ticket row is reported first, as when every file was read in turn."""
    if path is None or later:
        return []
    try:
        return read()
    except SlakitError as error:
        later.append(error)
        return []


def command_scorecard(args: argparse.Namespace) -> Output:
    known: Collection[str] | None = None  # a book's contract ids: files must name known ones
    services: Collection[str] | None = None
    if args.contract is not None:
        contract = load_contract(args.contract)
        whose: Contract | dict[str, Contract] = contract
        tickets, note = _own_tickets(args, contract) if args.tickets else ([], "")
    else:
        book = {item.id: item for _, item in load_contract_folder(args.contracts)}
        whose, known = book, book
        services = {name for item in book.values() for name in item.services}
        tickets, note = (_read_tickets(args, contracts=book) if args.tickets else []), ""
    latency: list[LatencySample | LatencyHistogram] = []
    if args.latency:
        latency += read_latency_samples(args.latency, known)
    if args.latency_histograms:
        latency += read_latency_histograms(args.latency_histograms, known)
    card = scorecard(
        whose, args.period or args.month, tickets=tickets,
        # Without the file, availability and breaches are "no data", not a pass.
        outages=read_outages(args.outages, known, services) if args.outages else None,
        maintenance=read_maintenance(args.maintenance) if args.maintenance else [],
        security_breaches=(read_security_breaches(args.security_breaches, known)
                           if args.security_breaches else None),
        security_incidents=(read_security_incidents(args.security_incidents, known)
                            if args.security_incidents else []),
        latency=latency,
        utilization=read_utilization(args.utilization) if args.utilization else [],
        now=args.now,
    )  # fmt: skip
    if note:
        card = card.model_copy(update={"notes": (*card.notes, note)})
    return Output([
        Section(title="", columns=list(SCORECARD_COLUMNS), rows=[], table_text=card.table(),
                csv_text=card.to_csv(), json_text=card.to_json())
    ])  # fmt: skip


def _period(text: str) -> str:
    """A month ``2026-10``, a quarter ``2026-Q4`` or a year ``2026``."""
    try:
        ReportPeriod.parse(text)
    except SlakitError as error:
        raise argparse.ArgumentTypeError(
            str(error).removeprefix("invalid ReportPeriod: ")
        ) from None
    return text


def command_import(args: argparse.Namespace) -> Output:
    check_folder_target(args.out)  # refuse before the work, not after it
    source = registry.get(args.source)
    result = source.import_files(args.files, args.mapping)
    write_import(result, args.out)
    report = result.report
    _complain(
        f"{source.name}: imported {_counted(report.tickets, 'ticket')}, "
        f"{_counted(report.events, 'event')} and {_counted(report.verdicts, 'vendor verdict')} "
        f"to {args.out}"
    )
    for item in report.unknown:
        _complain(
            f"{source.name}: unknown {item.kind} {item.name!r} ({_counted(item.count, 'time')}); "
            "not mapped: add it to a --mapping file"
        )
    left_out = [
        f"{_counted(len(report.skipped), 'record')} skipped" if report.skipped else "",
        f"{_counted(len(report.dropped), 'event')} dropped" if report.dropped else "",
    ]
    if any(left_out):
        _complain(
            f"{source.name}: {', '.join(text for text in left_out if text)}; "
            f"why: {Path(args.out) / REPORT_TEXT_FILE}"
        )
    return Output([])


def command_reconcile(args: argparse.Namespace) -> Output:
    contract = load_contract(args.contract)
    imported = read_import(args.folder)
    result = reconcile(imported.tickets, imported.verdicts, contract, args.now)
    return Output([
        Section(title="", columns=[], rows=[], table_text=result.table(),
                csv_text=result.to_csv(), json_text=result.to_json())
    ])  # fmt: skip


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
        Section(title=f"Holidays {args.year} ({region.holidays.source})",
                columns=["date", "day", "holiday", "effect"], rows=holidays),
    ])  # fmt: skip


def command_regions(args: argparse.Namespace) -> Output:
    rows = [
        [region.name, region.city, region.timezone, region.holidays.source,
         " ".join(regions.COVERAGES)]
        for region in regions.all_regions()
    ]  # fmt: skip
    columns = ["region", "city", "timezone", "holidays", "coverages"]
    return Output([
        Section(title="Support regions", columns=columns, rows=rows,
                data=[dict(zip(columns, row, strict=True)) for row in rows])
    ])  # fmt: skip


def command_schema(args: argparse.Namespace) -> Output:
    schemas = {
        "framework": framework_schema,
        "contract": contract_schema,
        "status": status_schema,
        "event": sla_event_schema,
    }
    schema = schemas[args.kind]()
    return Output([Section(title="", columns=[], rows=[], data=schema)])


def command_demo(args: argparse.Namespace) -> Output:
    folder = Path(args.data) if args.data else example_data.data_dir()
    contracts, tickets_by_contract, outages, maintenance = example_data.load_month(folder)
    month = example_data.month("UTC")
    now = min(month.end, example_data.EXPORTED_AT)

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

    # The whole book at month end, evaluated when the data was exported: nothing later is
    # known about the tickets (America/Chicago's October ends five hours after that).
    book = month_end(
        contracts, example_data.MONTH, outages=outages, maintenance=maintenance,
        tickets=[ticket for name in sorted(tickets_by_contract)
                 for ticket in tickets_by_contract[name]],
        now=example_data.EXPORTED_AT,
    )  # fmt: skip
    summary = Section(
        title="", columns=list(SUMMARY_COLUMNS), rows=[], table_text=book.table(),
        data=json.loads(book.summary_json()),
    )  # fmt: skip

    # The KMP Premier customer owed the most this month (the most instructive statement).
    statements = [
        item.statement
        for item in book.customers
        if item.statement.framework == "kmp" and item.statement.tier == "premier"
    ]
    if not statements:
        raise UsageError(f"{folder}: the example data has no KMP Premier contract")
    statement = max(statements, key=lambda item: (item.total.amount, len(item.lines)))

    # The same customer's scorecard: every objective of its framework over the month.
    service = example_data.load_service_data(folder)
    card = scorecard(
        contracts[statement.contract], f"{example_data.MONTH[0]}-{example_data.MONTH[1]:02d}",
        tickets=tickets_by_contract[statement.contract], outages=outages,
        maintenance=maintenance, security_incidents=service.security_incidents,
        security_breaches=[],  # the example month had none (its statements charge none)
        latency=service.latency, utilization=service.utilization, now=example_data.EXPORTED_AT,
    )  # fmt: skip
    scores = Section(title="", columns=list(SCORECARD_COLUMNS), rows=[],
                     table_text=card.table(), csv_text=card.to_csv(),
                     data=json.loads(card.to_json()))  # fmt: skip
    return Output([deadlines, table, summary, _statement_section(statement), scores])


def _local(instant: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if instant is None else instant.astimezone(zone)


# -- parser and entry point --------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        # argparse writes nothing when stderr is closed (sys.stderr is None), never to stdout.
        self.exit(2, _usage_line(self.prog, message))


def _usage_line(prog: str, message: str) -> str:
    return f"{prog}: {message} (see {prog} --help)\n"


#: Options that mean nothing without another: (command, option, needed, why).
_NEEDS = (
    ("credits", "events", "tickets", "events are read for the tickets they name"),
    ("credits", "now", "tickets", "it is the instant the tickets are evaluated at"),
    ("scorecard", "events", "tickets", "events are read for the tickets they name"),
)

#: Options that cannot be given together: (command, option, other, why).
_CONFLICTS = (
    ("credits", "explain", "format", "the explanation is text; leave out --format"),
    ("month-end", "out", "output", "--out writes a folder of files; give one of them"),
)


def _missing_option(args: argparse.Namespace) -> str | None:
    """The usage error of an option given without the option it depends on, if any."""
    for command, option, needed, why in _NEEDS:
        if args.command != command or getattr(args, option) is None:
            continue
        if getattr(args, needed) is None:
            return _usage_line(
                f"slakit {command}", f"argument --{option}: needs --{needed} ({why})"
            )
    for command, option, other, why in _CONFLICTS:
        if args.command != command or not getattr(args, option):
            continue
        if getattr(args, other) not in (None, "table"):
            return _usage_line(
                f"slakit {command}", f"argument --{option}: not with --{other} ({why})"
            )
    return None


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
            type=_output_file,
            metavar="FILE",
            help="write to FILE (a regular file, replaced whole, never half-written)",
        )
        return sub  # fmt: skip

    demo = command("demo", command_demo, "the built-in demo on the shipped example month")
    demo.add_argument("--data", type=_existing_folder, metavar="DIR",
                      help="example data folder (default: shipped)")  # fmt: skip

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
    credits.add_argument(
        "--month", required=True, type=_month, help="YYYY-MM, in the billing timezone"
    )
    credits.add_argument("--tickets", type=_existing_file, metavar="TICKETS.csv")
    credits.add_argument("--events", type=_existing_file, metavar="EVENTS.csv",
                         help="events of the tickets (needs --tickets)")  # fmt: skip
    credits.add_argument("--outages", type=_existing_file, metavar="OUTAGES.csv")
    credits.add_argument("--maintenance", type=_existing_file, metavar="MAINTENANCE.csv")
    credits.add_argument("--security-breach", type=_aware, action="append", metavar="INSTANT",
                         help="a security breach at INSTANT (repeatable)")  # fmt: skip
    credits.add_argument("--now", type=_aware, metavar="INSTANT",
                         help="evaluate tickets at INSTANT (needs --tickets)")  # fmt: skip
    credits.add_argument(
        "--explain",
        action="store_true",
        help="print the worked calculation instead of the statement table",
    )

    book = command(
        "month-end",
        command_month_end,
        "every customer's statement and compliance for a month, and the book summary",
    )
    book.add_argument(
        "--contracts",
        type=_existing_folder,
        required=True,
        metavar="DIR",
        help="a folder of contract files (*.toml, *.json); ids are file names",
    )
    book.add_argument(
        "--month", required=True, type=_month, help="YYYY-MM, in each contract's billing timezone"
    )
    book.add_argument(
        "--tickets",
        type=_existing_file,
        required=True,
        metavar="TICKETS.csv",
        help="every ticket, each naming its contract in a contract column",
    )
    book.add_argument("--events", type=_existing_file, metavar="EVENTS.csv")
    book.add_argument("--outages", type=_existing_file, metavar="OUTAGES.csv")
    book.add_argument("--maintenance", type=_existing_file, metavar="MAINTENANCE.csv")
    book.add_argument(
        "--security-breaches",
        type=_existing_file,
        metavar="BREACHES.csv",
        help="security breaches (at, id, contracts, description)",
    )
    book.add_argument(
        "--now",
        type=_aware,
        metavar="INSTANT",
        help="evaluate tickets at INSTANT (default: each contract's month end)",
    )
    book.add_argument(
        "--out",
        type=_output_folder,
        metavar="DIR",
        help="write one set of files per customer and the summary into DIR "
        "(new or empty), all or nothing",
    )

    card = command(
        "scorecard",
        command_scorecard,
        "every objective of the contract's framework measured over a month, quarter or year",
    )
    whose = card.add_mutually_exclusive_group(required=True)
    whose.add_argument("--contract", type=_existing_file, metavar="CONTRACT",
                       help="one customer's contract file")  # fmt: skip
    whose.add_argument("--contracts", type=_existing_folder, metavar="DIR",
                       help="a folder of contract files: the whole book")  # fmt: skip
    when = card.add_mutually_exclusive_group(required=True)
    when.add_argument("--period", type=_period, metavar="PERIOD",
                      help="2026-10 (a month), 2026-Q4 (a quarter) or 2026 (a year), in the "
                           "billing timezone")  # fmt: skip
    when.add_argument("--month", type=_month, help="YYYY-MM (the same as --period YYYY-MM)")
    card.add_argument("--tickets", type=_existing_file, metavar="TICKETS.csv")
    card.add_argument("--events", type=_existing_file, metavar="EVENTS.csv",
                      help="events of the tickets (needs --tickets)")  # fmt: skip
    card.add_argument("--outages", type=_existing_file, metavar="OUTAGES.csv")
    card.add_argument("--maintenance", type=_existing_file, metavar="MAINTENANCE.csv")
    card.add_argument("--security-breaches", type=_existing_file, metavar="BREACHES.csv")
    card.add_argument("--security-incidents", type=_existing_file, metavar="INCIDENTS.csv",
                      help="security incidents (detected_at, responded_at, ...)")  # fmt: skip
    card.add_argument("--latency", type=_existing_file, metavar="SAMPLES.csv",
                      help="request latency samples (at, seconds)")  # fmt: skip
    card.add_argument("--latency-histograms", type=_existing_file, metavar="HISTOGRAMS.csv",
                      help="latency histograms (start, end, le, count: cumulative)")  # fmt: skip
    card.add_argument("--utilization", type=_existing_file, metavar="UTILIZATION.csv",
                      help="team utilization (start, end, busy_hours, ...)")  # fmt: skip
    card.add_argument("--now", type=_aware, metavar="INSTANT",
                      help="evaluate tickets at INSTANT (default: the period's end)")  # fmt: skip

    importer = commands.add_parser(
        "import",
        help="turn a ticketing tool's export into slakit tickets, events and its verdicts",
        description="Turn a ticketing tool's export into slakit's tickets.csv and events.csv, "
        "the tool's own SLA verdicts (verdicts.json) and a report of what was left out "
        "(report.txt, report.json), written to a new or empty folder.",
    )
    importer.set_defaults(handler=command_import, output=None)
    importer.add_argument("source", choices=registry.names(), help="the ticketing tool")
    importer.add_argument("files", nargs="+", type=_existing_file, metavar="FILE",
                          help="the export's files")  # fmt: skip
    importer.add_argument("--mapping", type=_existing_file, metavar="TOML",
                          help="a mapping file whose tables add to the defaults")  # fmt: skip
    importer.add_argument("--out", required=True, type=_output_folder, metavar="DIR",
                          help="the folder to write (new or empty), all files or none")  # fmt: skip

    reconciler = command(
        "reconcile", command_reconcile,
        "compare slakit's verdicts with a ticketing tool's own, from a slakit import folder",
    )  # fmt: skip
    reconciler.add_argument("folder", type=_existing_folder, metavar="DIR",
                            help="the folder slakit import --out wrote")  # fmt: skip
    reconciler.add_argument("--contract", type=_existing_file, required=True, metavar="CONTRACT")
    reconciler.add_argument("--now", type=_aware, required=True,
                            help="the instant to evaluate at (the export's time), ISO 8601 "
                            "with offset")  # fmt: skip

    calendar = command("calendar", command_calendar, "a region's weekly hours and holidays")
    calendar.add_argument("region", help=f"one of {', '.join(regions.names())}")
    calendar.add_argument("--coverage", default="12x5", choices=tuple(regions.COVERAGES))
    calendar.add_argument("--year", type=_year, required=True,
                          help=f"{FIRST_YEAR} to {LAST_YEAR}, e.g. 2026")  # fmt: skip

    command("regions", command_regions, "the support regions")
    schema = command("schema", command_schema,
                     "JSON Schema of policy, contract, status and SLA event JSON",
                     formats=False)  # fmt: skip
    schema.add_argument("--kind", choices=("framework", "contract", "status", "event"),
                        default="framework",
                        help="policy files, contract files, evaluate's JSON, or one of "
                             "sla_events' events")  # fmt: skip
    return parser


def _inputs(args: argparse.Namespace) -> list[Path]:
    """Every file the command reads: the output file may replace none of them."""
    found = [value for value in vars(args).values() if isinstance(value, Path)]
    if args.command == "reconcile":
        names = (TICKETS_FILE, EVENTS_FILE, VERDICTS_FILE, REPORT_FILE, REPORT_TEXT_FILE)
        found += [args.folder / name for name in names]
    if args.command == "demo":
        folder = args.data or example_data.data_dir()
        found += [*folder.glob("*.csv"), *folder.glob("contracts/*.toml")]
    if args.command in ("month-end", "scorecard") and args.contracts is not None:
        found += [*args.contracts.glob("*.toml"), *args.contracts.glob("*.json")]
    return found


def _write(text: str, target: str | None, inputs: Sequence[Path]) -> None:
    if target is not None:
        write_output(text, target, inputs=inputs)
        return
    if sys.stdout is None:  # started with stdout closed (>&-)
        raise _stdout_closed()
    try:
        sys.stdout.write(text)  # encoded whole before any byte is written
    except UnicodeEncodeError as error:
        raise _cannot_show(error) from None
    sys.stdout.flush()


def _stdout_closed() -> OutputFileError:
    return OutputFileError("standard output is closed; give --output FILE to write a file")


def _cannot_show(error: UnicodeEncodeError) -> OutputFileError:
    return OutputFileError(
        f"standard output cannot show {error.object[error.start : error.end]!r} (its "
        f"encoding is {error.encoding}); give --output FILE (always UTF-8) or set "
        "PYTHONIOENCODING=utf-8"
    )


def _write_stream(chunks: Iterable[str], target: str | None, inputs: Sequence[Path]) -> None:
    """Write output computed while it is written, keeping :func:`_write`'s promises.

    To ``--output FILE``: into the temporary file beside it, renamed over it only
    once the last chunk is written (an error before that leaves it as it was).
    To standard output: into a temporary file first (in memory up to a few MiB),
    encoded as standard output encodes, and copied there only once complete, so
    an error never leaves half an output there either.
    """
    if target is not None:
        write_output(chunks, target, inputs=inputs)
        return
    stdout = sys.stdout
    encoding = getattr(stdout, "encoding", None) or "utf-8"
    errors = getattr(stdout, "errors", None) or "strict"
    with tempfile.SpooledTemporaryFile(max_size=_SPOOLED, mode="w+b") as spool:
        try:
            for chunk in chunks:
                spool.write(chunk.encode(encoding, errors))
        except UnicodeEncodeError as error:
            raise _cannot_show(error) from None
        if stdout is None:  # started with stdout closed (>&-)
            raise _stdout_closed()
        size = spool.tell()
        spool.seek(0)
        writing = _TerminalLine("writing", sys.stderr)
        shown = size >= _SPOOLED  # a copy of a few MiB is too quick to show

        def copied(done: int) -> None:
            if shown:
                writing.show(f"{done >> 20:,} of {size >> 20:,} MiB")

        try:
            _copy(spool, stdout, encoding, errors, copied)
        finally:
            writing.done()


def _copy(
    spool: Any, stdout: TextIO, encoding: str, errors: str, progress: Callable[[int], None]
) -> None:
    """The spooled bytes onto standard output: as bytes where it has a binary layer and
    writes line breaks as they are, as text otherwise (a Windows console, a StringIO)."""
    binary = getattr(stdout, "buffer", None)
    stdout.flush()
    if binary is not None and os.linesep == "\n":
        done = 0
        while chunk := spool.read(1 << 20):
            binary.write(chunk)
            done += len(chunk)
            progress(done)
        binary.flush()
    else:
        text = io.TextIOWrapper(spool, encoding=encoding, errors=errors, newline="")
        while chunk := text.read(1 << 20):
            stdout.write(chunk)
        text.detach()
    stdout.flush()


def _complain(message: str) -> None:
    """One line on stderr; nothing at all when stderr is closed (never onto stdout)."""
    _say(sys.stderr, f"slakit: {message}\n")


def _reserve_standard_descriptors() -> None:
    """Put /dev/null on a closed descriptor 0, 1 or 2 (``2>&-``), so that no file slakit
    opens takes that number and receives whatever is later written to it."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)


def _silence_stdout() -> None:
    """After the reader of stdout went away (``| head``), keep the final flush at exit quiet."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError):
        pass  # not a real descriptor (captured in tests): nothing is flushed to a pipe then


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``slakit`` command; returns the exit status.

    0 on success, 2 on bad input or a usage error (one line on stderr), 1 on an
    internal failure, 130 on Ctrl-C, 141 when the reader of stdout went away.
    Messages go to stderr only; with stderr closed they are dropped, never
    written to stdout.
    """
    _reserve_standard_descriptors()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 0  # --help, --version: 0
    problem = _missing_option(args)
    if problem is not None:
        _say(sys.stderr, problem)
        return 2
    try:
        inputs = _inputs(args)
        if args.output is not None:
            check_target(args.output, inputs)  # refuse before the work, not after it
        output = args.handler(args)
        form = getattr(args, "format", "json")
        if output.stream is not None:
            _write_stream(output.stream(form), args.output, inputs)
        elif output.sections:  # month-end --out writes a folder and nothing else
            _write(output.render(form), args.output, inputs)
    except SlakitError as error:
        _complain(" ".join(str(error).split()))
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except OSError as error:
        _complain(" ".join(str(error).split()))
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        _complain(f"internal error ({type(error).__name__}: {error}); please report it")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
