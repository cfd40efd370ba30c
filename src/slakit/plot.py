"""Charts of a month: compliance heatmap, SLA clock burn-down, availability timeline, credits.

An optional extra: ``pip install "slakit[plot]"`` (matplotlib). Each function
returns a :class:`matplotlib.figure.Figure`, built directly (never through
``pyplot``), so nothing needs a display or picks an interactive backend: the
charts draw the same in a notebook, a script, CI or a docs build. Pass
``ax=`` to draw into an axes of your own figure instead; that axes' figure
is returned. matplotlib is imported when a function is called, so
``import slakit.plot`` works without it and a call says how to install it.

The numbers drawn are slakit's own: the burn-down's curve is computed from
the contract calendar's open intervals (exact at every breakpoint), the
heatmap's rates from exact counts, the timeline's downtime from
:func:`slakit.availability`, the waterfall's bars from a statement's lines.

>>> from datetime import datetime, timezone
>>> from slakit import Contract, Event, Ticket
>>> contract = Contract(framework="kmp", tier="premier", region="dublin")
>>> opened = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
>>> ticket = Ticket("T-1", "sev2", opened, events=[Event.responded(opened.replace(hour=12))])
>>> figure = burn_down(ticket, contract, "2026-10-05T13:00:00Z", metric="response")
>>> [line.get_label() for line in figure.axes[0].get_lines()][:3]
['business time elapsed', 'wall time elapsed (clock running)', 'target 2h business']
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from math import isnan
from typing import TYPE_CHECKING, Any, Literal

from slakit import catalog
from slakit._time import US_PER_HOUR, duration_text, from_us, to_us
from slakit.availability import (
    Availability,
    Maintenance,
    MaintenanceRule,
    MaintenanceWindow,
    Outage,
    Period,
    availability,
)
from slakit.clock import ClockRun, MetricStatus, clock_runs, evaluate, instant
from slakit.credits import CreditStatement
from slakit.errors import UsageError, WrongTypeError
from slakit.policy import Contract
from slakit.reporting import ComplianceReport
from slakit.severity import Severity
from slakit.tickets import EventKind, Ticket

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MATPLOTLIB_MISSING",
    "availability_timeline",
    "burn_down",
    "compliance_heatmap",
    "credit_waterfall",
]

MATPLOTLIB_MISSING = "this needs matplotlib; install it with: pip install 'slakit[plot]'"

# Colours that read in print and for the colour-blind (matplotlib's tab palette).
_RUNNING, _WALL, _TARGET, _BREACH = "tab:blue", "tab:orange", "tab:grey", "tab:red"
_OUTAGE, _DOWNTIME, _MAINTENANCE = "tab:orange", "tab:red", "tab:blue"
_CREDIT, _REDUCTION, _TOTAL = "tab:blue", "tab:red", "dimgrey"


def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A new figure with one axes, or ``ax``'s own figure (matplotlib imported here)."""
    try:
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(MATPLOTLIB_MISSING) from None
    if ax is None:
        figure = Figure(figsize=size, layout="constrained")
        return figure, figure.add_subplot()
    if not isinstance(ax, Axes):
        raise WrongTypeError(f"ax must be a matplotlib Axes or None, not {type(ax).__name__}")
    owner = ax.figure
    root = getattr(owner, "figure", owner)  # a subfigure's figure is the whole figure
    if not isinstance(root, Figure):
        raise UsageError("ax belongs to no figure; pass an axes made by a figure's add_subplot")
    return root, ax


def _dates() -> Any:
    """``matplotlib.dates`` (untyped, so typed as Any here)."""
    return importlib.import_module("matplotlib.dates")


def _num(us: int) -> float:
    """An instant (µs since the epoch) as a matplotlib date number (days, a float: for
    drawing only; the values drawn are computed exactly before this)."""
    return float(_dates().date2num(from_us(us, UTC)))


def _date_axis(ax: Axes, tz: tzinfo | None) -> None:
    """Dates on the x axis, shown in ``tz`` (not the machine's zone, not UTC by default)."""
    dates = _dates()
    locator = dates.AutoDateLocator(tz=tz)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator, tz=tz))


# -- compliance heatmap ------------------------------------------------------------------------


def _goal(value: object) -> Decimal | None:
    """A goal as an exact fraction of 1 (``0.999``) from a report or a frame cell."""
    if value is None or (isinstance(value, float) and isnan(value)):
        return None
    if isinstance(value, Decimal):
        return value  # a report's goal: already a fraction of 1
    if isinstance(value, str):
        text = value.strip()
        if not text.endswith("%"):
            return None  # "-": no goal
        value = text[:-1]
    try:
        return Decimal(str(value)) / 100  # a frame's goal: percent
    except InvalidOperation:
        return None


class _Cell:
    """One tier and severity's counts, summed over metrics."""

    __slots__ = ("breached", "goals", "met")

    def __init__(self) -> None:
        self.met = self.breached = 0
        self.goals: set[Decimal | None] = set()

    def passed(self) -> bool | None:
        """Exact: met / (met + breached) >= goal, or None without a (single) goal."""
        total = self.met + self.breached
        if not total or len(self.goals) != 1:
            return None
        goal = next(iter(self.goals))
        return None if goal is None else self.met >= goal * total


def _report_cells(
    report: ComplianceReport, metric: str | None
) -> list[tuple[str | None, str, str, int, int, Decimal | None]]:
    missing = [key for key in ("tier", "severity") if key not in report.by]
    if missing:
        raise UsageError(
            f"a compliance heatmap needs a report grouped by tier and severity; this one is "
            f"grouped by {', '.join(report.by)} (make it with by=('framework', 'tier', "
            "'severity', 'metric'))"
        )
    if metric is not None and "metric" not in report.by:
        raise UsageError(
            f"metric={metric!r} needs a report grouped by metric too; this one is grouped by "
            f"{', '.join(report.by)}"
        )
    return [
        (row.framework, str(row.tier), str(row.severity), row.met, row.breached, row.goal)
        for row in report.rows
        if metric is None or row.metric == metric
    ]


def _frame_cells(
    frame: Any, metric: str | None
) -> list[tuple[str | None, str, str, int, int, Decimal | None]]:
    columns = {str(name) for name in frame.columns}
    if "ticket_id" in columns and "response_state" in columns:  # a status frame
        from slakit.pandas import compliance_frame

        by = ["framework", "tier", "severity"] if "framework" in columns else ["tier", "severity"]
        frame = compliance_frame(frame, by=by)
        columns = {str(name) for name in frame.columns}
    missing = [name for name in ("tier", "severity", "met", "breached") if name not in columns]
    if missing:
        raise UsageError(
            f"a compliance heatmap needs a compliance frame with the columns tier, severity, "
            f"met and breached (compliance_frame(..., by=['tier', 'severity'])); this frame "
            f"has no {', '.join(missing)}"
        )
    if metric is not None:
        if "metric" not in columns:
            raise UsageError(f"metric={metric!r} needs a frame with a metric column")
        frame = frame[frame["metric"].astype(str) == metric]
    get = {name: frame[name].tolist() if name in columns else [None] * len(frame)
           for name in ("framework", "tier", "severity", "met", "breached", "goal")}  # fmt: skip
    return [
        (None if framework is None else str(framework), str(tier), str(severity), int(met),
         int(breached), _goal(goal))
        for framework, tier, severity, met, breached, goal in zip(
            get["framework"], get["tier"], get["severity"], get["met"], get["breached"],
            get["goal"], strict=True,
        )
    ]  # fmt: skip


def _tier_order(label: tuple[str | None, str]) -> tuple[int, int, str]:
    """Frameworks as the catalog lists them, each's tiers best first; unknown ones last."""
    framework, tier = label
    names = catalog.names()
    for position, name in enumerate(names):
        if framework in (None, name):
            tiers = [item.name for item in catalog.get(name).tiers]
            if tier in tiers:
                return position, tiers.index(tier), tier
    return len(names), 0, tier


def _severity_order(text: str) -> tuple[int, str]:
    """SEV1 to SEV4 in order (their values sort so), anything else after."""
    try:
        return 0, Severity.parse(text).value
    except ValueError:
        return 1, text


def _rate_text(met: int, total: int) -> str:
    """The rate rounded down to 2 places, as compliance reports show it (never overstated)."""
    value = (Decimal(met * 100) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    return f"{value}%"


def compliance_heatmap(
    source: ComplianceReport | Any,
    *,
    metric: Literal["response", "resolution"] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Compliance per tier (rows) and severity (columns), coloured by rate, labelled exactly.

    Each cell is ``met / (met + breached)`` over the metrics that stopped,
    summed over both metrics unless ``metric`` picks one, shown as the rate
    rounded down to 2 places and the counts (``98.50%`` / ``197/200``); a
    cell below its tier's goal (decided on the exact counts) gets a red
    border; a tier and severity with nothing stopped is grey.

    >>> from datetime import datetime, timedelta, timezone
    >>> from slakit import Contract, Event, Month, Ticket, compliance, evaluate
    >>> contract = Contract(framework="truststram", tier="gold", region="amsterdam")
    >>> opened = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
    >>> tickets = [Ticket(f"T-{n}", "P2", opened, events=[
    ...     Event.responded(opened + timedelta(minutes=n))]) for n in (30, 90, 300)]
    >>> end = datetime(2026, 11, 1, tzinfo=timezone.utc)
    >>> report = compliance([evaluate(t, contract, end) for t in tickets], Month(2026, 10))
    >>> figure = compliance_heatmap(report)  # Gold P2: respond within 30m; 90m and 300m are late
    >>> [text.get_text() for text in figure.axes[0].texts]
    ['33.33%\\n1/3']

    Args:
        source: a :class:`~slakit.ComplianceReport` grouped by (at least) tier and
            severity; a compliance frame from :func:`slakit.pandas.compliance_frame`
            (columns ``tier``, ``severity``, ``met``, ``breached``, optionally
            ``framework``, ``metric`` and ``goal``); or a status frame from
            :func:`slakit.pandas.evaluate_frame`, whose compliance is computed first.
        metric: only ``"response"`` or ``"resolution"``; both when ``None``.
        ax: the axes to draw into; a new figure when ``None``.

    Raises:
        ImportError: matplotlib (or, for a frame, pandas) is not installed.
        UsageError: a report or frame without tier and severity, or an unknown metric.
        WrongTypeError: ``source`` is neither a report nor a data frame, or ``ax`` is
            not a matplotlib ``Axes``.
    """
    if metric not in (None, "response", "resolution"):
        raise UsageError(f"metric must be 'response', 'resolution' or None, not {metric!r}")
    if isinstance(source, ComplianceReport):
        rows = _report_cells(source, metric)
        period: str | None = source.period.label
    elif hasattr(source, "columns") and hasattr(source, "itertuples"):  # a DataFrame
        rows = _frame_cells(source, metric)
        period = None
    else:
        raise WrongTypeError(
            "source must be a ComplianceReport, a compliance frame or a status frame, not "
            f"{type(source).__name__}"
        )
    figure, axes = _figure(ax, (7.5, 4.5))
    cells: dict[tuple[tuple[str | None, str], str], _Cell] = {}
    frameworks = {framework for framework, *_ in rows}
    for framework, tier, severity, met, breached, goal in rows:
        cell = cells.setdefault(((framework, tier), severity), _Cell())
        cell.met += met
        cell.breached += breached
        cell.goals.add(goal)
    if not any(cell.met + cell.breached for cell in cells.values()):
        axes.text(0.5, 0.5, f"no stopped {metric or 'metric'}", ha="center", va="center",
                  transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        return figure
    tiers = sorted({key[0] for key in cells}, key=_tier_order)
    severities = sorted({key[1] for key in cells}, key=_severity_order)
    values = [[float("nan")] * len(severities) for _ in tiers]
    import matplotlib as mpl
    from matplotlib.patches import Rectangle

    failing_labelled = False
    for (label, severity), cell in cells.items():
        row, column = tiers.index(label), severities.index(severity)
        total = cell.met + cell.breached
        if not total:
            continue
        values[row][column] = cell.met * 100 / total
        axes.text(column, row, f"{_rate_text(cell.met, total)}\n{cell.met}/{total}",
                  ha="center", va="center", fontsize=8)  # fmt: skip
        if cell.passed() is False:
            axes.add_patch(Rectangle((column - 0.5, row - 0.5), 1, 1, fill=False,
                                     edgecolor=_BREACH, linewidth=2.5,
                                     label="" if failing_labelled else "below goal"))  # fmt: skip
            failing_labelled = True
    shown = [value for line in values for value in line if not isnan(value)]
    low = min([*shown, 90.0]) if shown else 90.0
    colours = mpl.colormaps["RdYlGn"].with_extremes(bad="lightgrey")  # no data: grey
    image = axes.imshow(values, cmap=colours, vmin=low, vmax=100, aspect="auto")
    figure.colorbar(image, ax=axes, label="met within target (%)")
    show_framework = len(frameworks - {None}) > 1
    axes.set_xticks(range(len(severities)), severities)
    axes.set_yticks(
        range(len(tiers)),
        [f"{framework} {tier}" if show_framework and framework else tier
         for framework, tier in tiers],
    )  # fmt: skip
    axes.set_xlabel("severity")
    axes.set_ylabel("tier")
    title = "Compliance by tier and severity"
    if metric is not None:
        title += f" ({metric})"
    if period is not None:
        title += f", {period}"
    axes.set_title(title)
    if failing_labelled:
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, fontsize=8)
    return figure


# -- SLA clock burn-down -------------------------------------------------------------------------


def _clock_curve(run: ClockRun, opened: int, end: int) -> tuple[list[int], list[int]]:
    """The clock's elapsed time at each breakpoint (µs): exact, from its open intervals."""
    xs, ys, used = [opened], [0], 0
    for start, stop in run.segments:
        for open_us, close_us in run.compiled.intervals(start, stop):
            xs += [open_us, close_us]
            ys += [used, used + close_us - open_us]
            used += close_us - open_us
    xs.append(end)
    ys.append(used)
    return xs, ys


def _wall_curve(run: ClockRun, opened: int, end: int) -> tuple[list[int], list[int]]:
    """Real time the clock ran (pauses excluded) at each segment's start and end (µs)."""
    xs, ys, used = [opened], [0], 0
    for start, stop in run.segments:
        xs += [start, stop]
        ys += [used, used + stop - start]
        used += stop - start
    xs.append(end)
    ys.append(used)
    return xs, ys


def _stops(run: ClockRun, ticket: Ticket, end: int) -> list[tuple[int, int, str]]:
    """When the clock did not run between its stretches: paused, or resolved until a reopen."""
    paused_at = {event.at_us for event in ticket.events if event.kind is EventKind.PAUSED}
    gaps = [(run.segments[n][1], run.segments[n + 1][0]) for n in range(len(run.segments) - 1)]
    if run.segments and run.stopped_at is None and run.segments[-1][1] < end:
        gaps.append((run.segments[-1][1], end))  # paused at now
    return [(begin, finish, "paused" if begin in paused_at else "resolved")
            for begin, finish in gaps if finish > begin]  # fmt: skip


def burn_down(
    ticket: Ticket,
    contract: Contract,
    now: datetime | str,
    *,
    metric: Literal["response", "resolution"] = "resolution",
    ax: Axes | None = None,
) -> Figure:
    """One ticket's SLA clock over its life: time used against the target, pauses shaded.

    Two curves of hours against the instant (shown in the timezone of
    ``now``): the time elapsed on the target's clock (business time on the
    contract's calendar, or wall time on a ``24x7`` target), computed from the
    calendar's open intervals so each breakpoint is exact and the last point
    is :attr:`MetricStatus.elapsed`; and the wall time the clock ran (pauses
    excluded), ending at :attr:`MetricStatus.wall_elapsed`. A horizontal line
    is the target in force at ``now`` (its length on its clock); a dashed
    vertical line the due instant; a red ``x`` the breach. Pauses (and
    stretches between a resolution and a reopen) are shaded. The curves end
    where the clock stopped, or at ``now``.

    Args:
        ticket: the ticket, with its events.
        contract: its contract.
        now: the instant to evaluate at (as :func:`slakit.evaluate` takes it).
        metric: ``"resolution"`` (default) or ``"response"``.
        ax: the axes to draw into; a new figure when ``None``.

    Raises:
        ImportError: matplotlib is not installed.
        UsageError: an unknown metric, or ``now`` not an instant.
        NaiveDatetimeError: ``now`` has no timezone.
        TimelineError: ``now`` is before the ticket was opened.
        WrongTypeError: ``ticket``, ``contract`` or ``ax`` is of the wrong type.

    >>> from slakit import Contract, Event, Ticket
    >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
    >>> ticket = Ticket("T-2", "sev1", "2026-10-05T09:00:00Z", events=[
    ...     Event.paused("2026-10-05T10:00:00Z"), Event.resumed("2026-10-05T11:00:00Z")])
    >>> figure = burn_down(ticket, contract, "2026-10-05T12:00:00Z")
    >>> [patch.get_label() for patch in figure.axes[0].patches]
    ['paused']
    >>> float(figure.axes[0].get_lines()[0].get_ydata()[-1])  # 24x7: 3 h less 1 h paused
    2.0
    """
    if metric not in ("response", "resolution"):
        raise UsageError(f"metric must be 'response' or 'resolution', not {metric!r}")
    at = instant(now, "now")
    status = evaluate(ticket, contract, at)
    metric_status: MetricStatus = getattr(status, metric)
    run = clock_runs(ticket, contract, to_us(at, "now"))[0 if metric == "response" else 1]
    figure, axes = _figure(ax, (8, 4.2))
    tz = at.tzinfo
    opened = ticket.opened_us
    end = run.stopped_at if run.stopped_at is not None else to_us(at, "now")

    def instants(values: Iterable[int]) -> list[float]:
        return [_num(value) for value in values]

    def hours(values: Iterable[int]) -> list[float]:
        return [value / US_PER_HOUR for value in values]

    business = metric_status.clock != "24x7"
    xs, ys = _clock_curve(run, opened, end)
    clock_label = "business time elapsed" if business else "24x7 time elapsed"
    axes.plot(instants(xs), hours(ys), color=_RUNNING, linewidth=2, label=clock_label)
    xs, ys = _wall_curve(run, opened, end)
    axes.plot(instants(xs), hours(ys), color=_WALL, linestyle="--",
              label="wall time elapsed (clock running)")  # fmt: skip
    axes.axhline(run.length / US_PER_HOUR, color=_TARGET, linestyle=":",
                 label=f"target {metric_status.target}")  # fmt: skip
    due = metric_status.due_at
    if due is None:
        reached = run.reached_at(run.length)
        due = None if reached is None else from_us(reached, tz)
    if due is not None:
        axes.axvline(_num(to_us(due, "due_at")), color=_TARGET, linestyle="--", linewidth=1,
                     label=f"due {due.astimezone(tz).isoformat()}")  # fmt: skip
    breached = metric_status.breached_at
    if breached is not None:
        axes.plot([_num(to_us(breached, "breached_at"))], [run.length / US_PER_HOUR], marker="x",
                  markersize=10, markeredgewidth=2.5, color=_BREACH, linestyle="none",
                  label=f"breached {breached.astimezone(tz).isoformat()}")  # fmt: skip
    labelled: set[str] = set()
    for begin, finish, kind in _stops(run, ticket, end):
        axes.axvspan(_num(begin), _num(finish), color=_TARGET, alpha=0.25,
                     label="" if kind in labelled else kind)  # fmt: skip
        labelled.add(kind)
    _date_axis(axes, tz)
    axes.set_ylabel("hours")
    axes.set_ylim(bottom=0)
    verdict = {True: "met", False: "breached", None: metric_status.state.value}[metric_status.met]
    axes.set_title(
        f"{ticket.id} {metric} ({metric_status.severity.value}, target "
        f"{metric_status.target}): {duration_text(metric_status.elapsed)} used, {verdict}"
    )
    axes.legend(loc="upper left", fontsize=8)
    return figure


# -- availability timeline ------------------------------------------------------------------------


def availability_timeline(
    source: Availability | Period,
    outages: Iterable[Outage] = (),
    maintenance: Iterable[Maintenance] = (),
    *,
    ax: Axes | None = None,
) -> Figure:
    """A period's outages, scheduled maintenance and counted downtime on one time line.

    Three lanes over the period (a :class:`~slakit.Month` in its timezone):
    the outages as given (clipped to the period, each labelled by its id),
    the maintenance windows that fall in the period, and the downtime
    :func:`slakit.availability` counted (outages merged, maintenance taken
    out). The title gives the availability (rounded down, never overstated)
    and the downtime.

    >>> from datetime import datetime, timezone
    >>> from slakit import Month, Outage
    >>> outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 10, 6, 16, tzinfo=timezone.utc), id="O-1")
    >>> figure = availability_timeline(Month(2026, 10), [outage])
    >>> figure.axes[0].get_title()
    'Availability October 2026: 99.7311%, downtime 2h'

    Args:
        source: a period (then ``availability(outages, period, maintenance)`` is
            computed) or an :class:`~slakit.Availability` already computed (its
            counted downtime is drawn; ``outages`` and ``maintenance``, if given,
            fill their lanes).
        outages: the outages.
        maintenance: maintenance windows and rules.
        ax: the axes to draw into; a new figure when ``None``.

    Raises:
        ImportError: matplotlib is not installed.
        WrongTypeError: ``source`` is neither, an outage or maintenance item is of the
            wrong type, or ``ax`` is not a matplotlib ``Axes``.
    """
    outages, maintenance = list(outages), list(maintenance)
    if isinstance(source, Availability):
        result = source
    elif isinstance(source, Period):
        result = availability(outages, source, maintenance)
    else:
        raise WrongTypeError(
            f"source must be an Availability or a Period (a Month), not {type(source).__name__}"
        )
    period = result.period
    for position, outage in enumerate(outages):
        if not isinstance(outage, Outage):
            raise WrongTypeError(f"outage {position} is a {type(outage).__name__}, not an Outage")
    for position, item in enumerate(maintenance):
        if not isinstance(item, MaintenanceWindow | MaintenanceRule):
            raise WrongTypeError(
                f"maintenance {position} is a {type(item).__name__}, not a MaintenanceWindow "
                "or MaintenanceRule"
            )
    figure, axes = _figure(ax, (9, 3.2))
    tz = period.start.tzinfo
    start, end = period.bounds_us

    def spans(pairs: Iterable[tuple[int, int]]) -> list[tuple[float, float]]:
        """``(start, width)`` in date numbers of each pair clipped to the period."""
        clipped = ((max(b, start), min(f, end)) for b, f in pairs)
        return [(_num(b), _num(f) - _num(b)) for b, f in clipped if f > b]

    given = [(outage, (to_us(outage.start, "start"), to_us(outage.end, "end")))
             for outage in outages]  # fmt: skip
    windows = sorted({pair for item in maintenance for pair in item.windows(period)})
    counted = [(to_us(b, "start"), to_us(f, "end")) for b, f in result.outages]
    lanes = [
        ("downtime counted", spans(counted), _DOWNTIME),
        ("maintenance", spans(windows), _MAINTENANCE),
        ("outages", spans(pair for _, pair in given), _OUTAGE),
    ]
    for row, (name, bars, colour) in enumerate(lanes):
        # An edge as wide as a line keeps a minutes-long outage visible on a month's axis.
        axes.broken_barh(bars, (row - 0.35, 0.7), facecolors=colour, edgecolors=colour,
                         linewidth=1.5, label=name)  # fmt: skip
    counted_by_id = {item.id: item.downtime for item in result.outage_downtime}
    for outage, pair in given:
        for begin, width in spans([pair]):
            if not outage.id:
                continue
            label = outage.id
            if outage.id in counted_by_id:
                label += f"\n{duration_text(counted_by_id[outage.id])} down"
            axes.annotate(label, (begin + width / 2, 2.4), ha="center", va="bottom",
                          fontsize=7, annotation_clip=False)  # fmt: skip
    axes.set_yticks(range(len(lanes)), [name for name, _, _ in lanes])
    axes.set_ylim(-0.6, len(lanes) - 0.2)
    axes.set_xlim(_num(start), _num(end))
    _date_axis(axes, tz)
    axes.set_title(
        f"Availability {period.label}: {result.percent}%, downtime {duration_text(result.downtime)}"
    )
    return figure


# -- credit waterfall ------------------------------------------------------------------------------


def _money(amount: Decimal) -> str:
    return f"{amount:,f}"


def credit_waterfall(statement: CreditStatement, *, ax: Axes | None = None) -> Figure:
    """A statement as a waterfall: each line rising (or, the cap, falling) to the total.

    One bar per line of the statement, in its order (availability band,
    incidents, security breaches, then the cap or minimum adjustment as a
    falling red bar), each from the running sum, then the total from zero;
    each bar is labelled with its exact amount. The y axis is in the
    statement's currency.

    >>> from datetime import datetime, timezone
    >>> from slakit import Contract, Outage, monthly_credit
    >>> contract = Contract(framework="kmp", tier="standard", region="austin",
    ...                     monthly_fee="USD 4,000", customer="Acme")
    >>> outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 10, 6, 16, tzinfo=timezone.utc))
    >>> figure = credit_waterfall(monthly_credit(contract, "2026-10", outages=[outage]))
    >>> [label.get_text() for label in figure.axes[0].get_xticklabels()]
    ['availability', 'total']

    Args:
        statement: a :class:`~slakit.CreditStatement` (``monthly_credit`` or a month-end
            customer's ``statement``).
        ax: the axes to draw into; a new figure when ``None``.

    Raises:
        ImportError: matplotlib is not installed.
        WrongTypeError: ``statement`` is not a CreditStatement, or ``ax`` is not a
            matplotlib ``Axes``.
    """
    if not isinstance(statement, CreditStatement):
        raise WrongTypeError(f"statement must be a CreditStatement, not {type(statement).__name__}")
    figure, axes = _figure(ax, (7, 4))
    kinds = [line.kind for line in statement.lines]
    labels, bottoms, heights, colours, amounts = [], [], [], [], []
    running = Decimal(0)
    for position, line in enumerate(statement.lines):
        amount = line.amount.amount
        repeated = kinds.count(line.kind) > 1
        labels.append(f"{line.kind} {kinds[: position + 1].count(line.kind)}" if repeated
                      else str(line.kind))  # fmt: skip
        bottoms.append(float(min(running, running + amount)))
        heights.append(float(abs(amount)))
        colours.append(_CREDIT if amount >= 0 else _REDUCTION)
        amounts.append(amount)
        running += amount
    total = statement.total.amount
    labels.append("total")
    bottoms.append(0.0)
    heights.append(float(total))
    colours.append(_TOTAL)
    amounts.append(total)
    bars = axes.bar(range(len(labels)), heights, bottom=bottoms, color=colours, width=0.6)
    for bar, amount in zip(bars, amounts, strict=True):
        axes.annotate(_money(amount), (bar.get_x() + bar.get_width() / 2,
                                       bar.get_y() + bar.get_height()),
                      ha="center", va="bottom", fontsize=8, xytext=(0, 2),
                      textcoords="offset points")  # fmt: skip
    axes.set_xticks(range(len(labels)), labels)
    axes.set_ylabel(f"credit ({statement.currency})")
    axes.set_ylim(
        bottom=0,
        top=max([*heights, *(b + h for b, h in zip(bottoms, heights, strict=True)), 1.0]) * 1.15,
    )
    name = statement.customer or statement.contract or f"{statement.framework} {statement.tier}"
    axes.set_title(f"{name}: credits for {statement.month.label}, total {statement.total}")
    return figure


# -- without matplotlib --------------------------------------------------------------------


def _skip_examples(text: str) -> str:
    """Mark every example of a docstring as skipped (they need matplotlib to run)."""
    return re.sub(r"^(\s*>>> .*)$", r"\1  # doctest: +SKIP", text, flags=re.MULTILINE)


if importlib.util.find_spec("matplotlib") is None:  # pragma: no cover - depends on the environment
    __doc__ = _skip_examples(__doc__ or "")
    for _function in (compliance_heatmap, burn_down, availability_timeline, credit_waterfall):
        _function.__doc__ = _skip_examples(_function.__doc__ or "")
