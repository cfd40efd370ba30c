"""The four charts draw slakit's own numbers, headless (Agg), and say what they need.

Expected values come from the contracts' text and hand-worked calendars, not from
calling the code under test: KMP Premier Dublin runs 06:00–18:00 Dublin time on
weekdays (05:00–17:00 UTC in October, before the clocks go back on the 25th).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("matplotlib")

import matplotlib

matplotlib.use("Agg")  # whatever the machine has: these tests never need a display

from matplotlib.collections import PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from slakit import (
    Contract,
    Event,
    MaintenanceWindow,
    Month,
    Outage,
    Ticket,
    availability,
    compliance,
    evaluate,
    monthly_credit,
)
from slakit._time import ONE_US, from_us, to_us
from slakit.clock import clock_runs
from slakit.errors import UsageError, WrongTypeError
from slakit.plot import (
    MATPLOTLIB_MISSING,
    _clock_curve,
    _wall_curve,
    availability_timeline,
    burn_down,
    compliance_heatmap,
    credit_waterfall,
)

H = timedelta(hours=1)
OCTOBER = Month(2026, 10)
END = datetime(2026, 11, 1, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def day_number(value: datetime) -> float:
    return float(date2num(value))


def lines_by_label(figure: Figure) -> dict[str, Any]:
    return {line.get_label(): line for line in figure.axes[0].get_lines()}


# -- compliance heatmap ---------------------------------------------------------------------------

GOLD = Contract(framework="truststram", tier="gold", region="amsterdam")
SILVER = Contract(framework="truststram", tier="silver", region="amsterdam")
MONDAY = utc(2026, 10, 5, 9)  # 11:00 in Amsterdam: inside Gold's and Silver's hours


def responded(contract: Contract, severity: str, minutes: int, number: int) -> Any:
    ticket = Ticket(f"T-{number}", severity, MONDAY,
                    events=[Event.responded(MONDAY + timedelta(minutes=minutes))])  # fmt: skip
    return evaluate(ticket, contract, END)


def cell_texts(axes: Any) -> dict[tuple[int, int], str]:
    """Each heatmap cell's text by (row, column)."""
    return {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
            for t in axes.texts}  # fmt: skip


def heatmap_statuses() -> list[Any]:
    # Gold P2 responds within 30m: 20 and 30 met, 45 late. Gold P1 (30m): 10 met.
    # Silver P3 responds within 2h on 09:00-17:00 Amsterdam: 60 met.
    return [
        responded(GOLD, "P2", 20, 1),
        responded(GOLD, "P2", 30, 2),
        responded(GOLD, "P2", 45, 3),
        responded(GOLD, "P1", 10, 4),
        responded(SILVER, "P3", 60, 5),
    ]


def test_heatmap_cells_show_exact_rates_counts_and_goals() -> None:
    report = compliance(heatmap_statuses(), OCTOBER, by=("framework", "tier", "severity", "metric"))
    figure = compliance_heatmap(report, metric="response")
    [axes, _colorbar] = figure.axes
    assert [label.get_text() for label in axes.get_yticklabels()] == ["gold", "silver"]
    assert [label.get_text() for label in axes.get_xticklabels()] == ["SEV1", "SEV2", "SEV3"]
    # 2 of 3 met is 66.666...%, shown rounded down.
    assert cell_texts(axes) == {
        (0, 0): "100.00%\n1/1",
        (0, 1): "66.66%\n2/3",
        (1, 2): "100.00%\n1/1",
    }
    [image] = axes.get_images()
    data = image.get_array()
    assert data[0][1] == pytest.approx(200 / 3)
    assert data[1][0] is __import__("numpy").ma.masked  # silver SEV1: nothing stopped, grey
    # Gold's goal is 99.5%: only the SEV2 cell is below it, outlined red.
    outlined = [patch for patch in axes.patches if isinstance(patch, Rectangle)]
    assert [(patch.get_x(), patch.get_y()) for patch in outlined] == [(0.5, -0.5)]
    assert axes.get_title() == "Compliance by tier and severity (response), October 2026"


def test_heatmap_sums_both_metrics_unless_one_is_picked() -> None:
    report = compliance(heatmap_statuses(), OCTOBER)  # by tier, severity, metric
    both = compliance_heatmap(report)
    picked = compliance_heatmap(report, metric="resolution")
    # Nothing was resolved: with both metrics, the response counts alone show.
    assert "66.66%\n2/3" in [text.get_text() for text in both.axes[0].texts]
    assert [text.get_text() for text in picked.axes[0].texts] == ["no stopped resolution"]
    assert picked.axes[0].get_images() == []


def test_heatmap_from_a_compliance_frame() -> None:
    pytest.importorskip("pandas")
    report = compliance(heatmap_statuses(), OCTOBER, by=("tier", "severity", "metric"))
    figure = compliance_heatmap(report.to_frame())
    assert "66.66%\n2/3" in [text.get_text() for text in figure.axes[0].texts]
    # The frame's goal text ("99.5%") is read exactly: the failing cell is outlined.
    assert len([p for p in figure.axes[0].patches if isinstance(p, Rectangle)]) == 1


def test_heatmap_of_a_status_frame_is_that_of_the_report() -> None:
    pandas = pytest.importorskip("pandas")
    from slakit.pandas import evaluate_frame

    gold = GOLD.model_copy(update={"id": "gold"})
    silver = SILVER.model_copy(update={"id": "silver"})
    rows = [("gold", "P2", 20), ("gold", "P2", 30), ("gold", "P2", 45), ("gold", "P1", 10),
            ("silver", "P3", 60)]  # fmt: skip
    tickets = pandas.DataFrame({
        "id": [f"T-{n}" for n in range(1, len(rows) + 1)],
        "contract": [contract for contract, _, _ in rows],
        "severity": [severity for _, severity, _ in rows],
        "opened_at": [MONDAY.isoformat()] * len(rows),
        "first_response_at": [(MONDAY + timedelta(minutes=m)).isoformat() for *_, m in rows],
    })  # fmt: skip
    frame = evaluate_frame(tickets, [gold, silver], END)
    from_frame = compliance_heatmap(frame, metric="response").axes[0]
    report = compliance(heatmap_statuses(), OCTOBER, by=("framework", "tier", "severity", "metric"))
    from_report = compliance_heatmap(report, metric="response").axes[0]
    assert cell_texts(from_frame) == cell_texts(from_report)
    assert len(cell_texts(from_frame)) == 3
    assert len([p for p in from_frame.patches if isinstance(p, Rectangle)]) == 1  # gold SEV2


def test_heatmap_refuses_what_it_cannot_draw() -> None:
    by_tier = compliance(heatmap_statuses(), OCTOBER, by=("tier",))
    with pytest.raises(
        UsageError, match="grouped by tier and severity; this one is grouped by tier"
    ):
        compliance_heatmap(by_tier)
    with pytest.raises(UsageError, match="metric='response' needs a report grouped by metric"):
        compliance_heatmap(
            compliance(heatmap_statuses(), OCTOBER, by=("tier", "severity")), metric="response"
        )
    with pytest.raises(WrongTypeError, match="not list"):
        compliance_heatmap([1, 2])
    with pytest.raises(UsageError, match="metric must be"):
        compliance_heatmap(compliance(heatmap_statuses(), OCTOBER), metric="cycles")  # type: ignore[arg-type]
    pandas = pytest.importorskip("pandas")
    with pytest.raises(UsageError, match="has no severity, met, breached"):
        compliance_heatmap(pandas.DataFrame({"tier": ["gold"]}))


# -- SLA clock burn-down ------------------------------------------------------------------------

PREMIER = Contract(framework="kmp", tier="premier", region="dublin")
OPENED = utc(2026, 10, 5, 16)  # Monday 17:00 in Dublin: one business hour left that day


def paused_ticket() -> Ticket:
    return Ticket("T-7", "sev2", OPENED, events=[
        Event.responded(utc(2026, 10, 5, 16, 30)),
        Event.paused(utc(2026, 10, 6, 10)),
        Event.resumed(utc(2026, 10, 6, 12)),
    ])  # fmt: skip


def test_burn_down_is_exact_at_every_breakpoint() -> None:
    now = utc(2026, 10, 7, 12)
    figure = burn_down(paused_ticket(), PREMIER, now)
    lines = lines_by_label(figure)
    business = lines["business time elapsed"]
    # Sev2 resolution: 24h business. Mon 16-17 (1h), Tue 05-10 (5h), paused 10-12,
    # Tue 12-17 (5h), Wed 05-12 (7h): 18h used at now.
    expected = [
        (OPENED, 0), (OPENED, 0), (utc(2026, 10, 5, 17), 1),
        (utc(2026, 10, 6, 5), 1), (utc(2026, 10, 6, 10), 6),
        (utc(2026, 10, 6, 12), 6), (utc(2026, 10, 6, 17), 11),
        (utc(2026, 10, 7, 5), 11), (utc(2026, 10, 7, 12), 18),
        (now, 18),
    ]  # fmt: skip
    assert list(business.get_xdata()) == pytest.approx([day_number(at) for at, _ in expected])
    assert list(business.get_ydata()) == [hours for _, hours in expected]
    wall = lines["wall time elapsed (clock running)"]
    # Ran Mon 16:00 to Tue 10:00 (18h) and Tue 12:00 to Wed 12:00 (24h): 42h.
    assert list(wall.get_ydata()) == [0, 0, 18, 18, 42, 42]
    assert list(lines["target 24h business"].get_ydata()) == [24, 24]
    # 6h left at Wed 12:00: Wed 12-17 (5h), then Thu 05:00-06:00.
    due = lines["due 2026-10-08T06:00:00+00:00"]
    assert list(due.get_xdata()) == pytest.approx([day_number(utc(2026, 10, 8, 6))] * 2)
    [pause] = [p for p in figure.axes[0].patches if p.get_label() == "paused"]
    assert isinstance(pause, Rectangle)
    assert pause.get_x() == pytest.approx(day_number(utc(2026, 10, 6, 10)))
    assert pause.get_x() + pause.get_width() == pytest.approx(day_number(utc(2026, 10, 6, 12)))
    assert not any(label.startswith("breached") for label in lines)
    assert figure.axes[0].get_title() == (
        "T-7 resolution (SEV2, target 24h business): 18h used, running"
    )


@given(
    framework_tier=st.sampled_from(
        [("kmp", "premier"), ("kmp", "basic"), ("truststram", "gold"), ("truststram", "silver")]
    ),
    region=st.sampled_from(["dublin", "austin", "amsterdam", "singapore"]),
    severity=st.sampled_from(["sev1", "sev2", "sev3", "sev4"]),
    opened_minute=st.integers(0, 40 * 24 * 60),  # October and November: DST ends in between
    gaps=st.lists(st.integers(1, 3 * 24 * 60), max_size=6),
    resolved=st.booleans(),
)
def test_burn_down_is_the_clock_at_every_breakpoint(
    framework_tier: tuple[str, str],
    region: str,
    severity: str,
    opened_minute: int,
    gaps: list[int],
    resolved: bool,
) -> None:
    # Independent of how the curve is drawn: at each breakpoint, the curve's value is
    # what evaluate() says the clock had used at that instant.
    framework, tier = framework_tier
    contract = Contract(framework=framework, tier=tier, region=region)
    opened = utc(2026, 10, 1) + timedelta(minutes=opened_minute)
    at = opened + timedelta(minutes=1)
    events = [Event.responded(at)]
    for number, gap in enumerate(gaps):
        at += timedelta(minutes=gap)
        events.append(Event.paused(at) if number % 2 == 0 else Event.resumed(at))
    if resolved:
        at += timedelta(hours=1)
        events.append(Event.resolved(at))
    ticket = Ticket("T-1", severity, opened, events=events)
    now = at + timedelta(days=1)
    run = clock_runs(ticket, contract, to_us(now, "now"))[1]
    end = run.stopped_at if run.stopped_at is not None else to_us(now, "now")
    xs, ys = _clock_curve(run, ticket.opened_us, end)
    assert ys == sorted(ys) and xs == sorted(xs)
    for x, y in zip(xs, ys, strict=True):
        assert evaluate(ticket, contract, from_us(x, UTC)).resolution.elapsed == y * ONE_US
    status = evaluate(ticket, contract, now).resolution
    assert ys[-1] * ONE_US == status.elapsed
    _, wall = _wall_curve(run, ticket.opened_us, end)
    assert wall[-1] * ONE_US == status.wall_elapsed and wall == sorted(wall)


def test_burn_down_marks_the_breach_on_a_wall_clock_target() -> None:
    # Premier Sev1 response: 15m on the 24x7 clock; answered after 40 minutes.
    opened = utc(2026, 10, 5, 9)
    ticket = Ticket(
        "T-8", "sev1", opened, events=[Event.responded(opened + 40 * timedelta(minutes=1))]
    )
    status = evaluate(ticket, PREMIER, END).response
    figure = burn_down(ticket, PREMIER, END, metric="response")
    lines = lines_by_label(figure)
    clock = lines["24x7 time elapsed"]
    assert list(clock.get_ydata())[-1] == pytest.approx(40 / 60)
    assert list(clock.get_xdata())[-1] == pytest.approx(
        day_number(opened + 40 * timedelta(minutes=1))
    )
    [breach] = [line for label, line in lines.items() if label.startswith("breached")]
    assert status.breached_at is not None
    assert list(breach.get_xdata()) == pytest.approx([day_number(status.breached_at)])
    assert list(breach.get_ydata()) == [0.25]
    assert "due 2026-10-05T09:15:00+00:00" in lines
    assert figure.axes[0].get_title().endswith("40m used, breached")


def test_burn_down_shades_a_resolution_before_a_reopen() -> None:
    opened = utc(2026, 10, 5, 9)
    ticket = Ticket("T-9", "sev1", opened, events=[
        Event.responded(utc(2026, 10, 5, 9, 5)),
        Event.resolved(utc(2026, 10, 5, 10)),
        Event.reopened(utc(2026, 10, 5, 12)),
    ])  # fmt: skip
    figure = burn_down(ticket, PREMIER, utc(2026, 10, 5, 13))
    assert [p.get_label() for p in figure.axes[0].patches] == ["resolved"]
    # Sev1 resolution is 4h 24x7: 1h before the resolution and 1h after the reopen.
    assert list(lines_by_label(figure)["24x7 time elapsed"].get_ydata())[-1] == 2


def test_burn_down_draws_into_a_given_axes_and_refuses_bad_arguments() -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert burn_down(paused_ticket(), PREMIER, utc(2026, 10, 7, 12), ax=right) is figure
    assert right.get_lines() and not left.get_lines()
    with pytest.raises(UsageError, match="metric must be 'response' or 'resolution'"):
        burn_down(paused_ticket(), PREMIER, END, metric="both")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="now"):
        burn_down(paused_ticket(), PREMIER, "tomorrow")
    with pytest.raises(WrongTypeError, match="ax must be a matplotlib Axes or None, not Figure"):
        burn_down(paused_ticket(), PREMIER, END, ax=figure)  # type: ignore[arg-type]


# -- availability timeline -------------------------------------------------------------------------


def test_timeline_draws_outages_maintenance_and_counted_downtime() -> None:
    first = Outage(start=utc(2026, 10, 6, 14), end=utc(2026, 10, 6, 16), id="O-1")
    second = Outage(start=utc(2026, 10, 6, 15), end=utc(2026, 10, 6, 17), id="O-2")
    window = MaintenanceWindow(start=utc(2026, 10, 6, 16, 30), end=utc(2026, 10, 6, 18))
    figure = availability_timeline(OCTOBER, [second, first], [window])
    axes = figure.axes[0]
    # Merged 14:00-17:00, less maintenance from 16:30: 2h 30m of 744h is down,
    # 741.5/744 = 99.66397...%, rounded down.
    assert axes.get_title() == "Availability October 2026: 99.6639%, downtime 2h 30m"
    lanes = {c.get_label(): c for c in axes.collections if isinstance(c, PolyCollection)}
    assert set(lanes) == {"outages", "maintenance", "downtime counted"}

    def spans(name: str) -> list[tuple[float, float]]:
        return sorted((min(p.vertices[:, 0]), max(p.vertices[:, 0]))
                      for p in lanes[name].get_paths())  # fmt: skip

    def expected(*pairs: tuple[datetime, datetime]) -> list[Any]:
        return [pytest.approx((day_number(a), day_number(b))) for a, b in pairs]

    assert spans("downtime counted") == expected((utc(2026, 10, 6, 14), utc(2026, 10, 6, 16, 30)))
    assert spans("maintenance") == expected((utc(2026, 10, 6, 16, 30), utc(2026, 10, 6, 18)))
    assert spans("outages") == expected(
        (utc(2026, 10, 6, 14), utc(2026, 10, 6, 16)), (utc(2026, 10, 6, 15), utc(2026, 10, 6, 17))
    )
    # The outage that started first is credited with the overlap.
    assert sorted(text.get_text() for text in axes.texts) == ["O-1\n2h down", "O-2\n30m down"]
    assert axes.get_xlim() == pytest.approx((day_number(OCTOBER.start), day_number(OCTOBER.end)))


def test_timeline_clips_to_the_month_and_takes_a_computed_result() -> None:
    spanning = Outage(start=utc(2026, 10, 31, 23), end=utc(2026, 11, 1, 2), id="O-9")
    result = availability([spanning], OCTOBER)
    figure = availability_timeline(result, [spanning])
    axes = figure.axes[0]
    assert axes.get_title() == f"Availability October 2026: {result.percent}%, downtime 1h"
    [outage_lane] = [c for c in axes.collections if c.get_label() == "outages"]
    [path] = outage_lane.get_paths()
    assert max(path.vertices[:, 0]) == pytest.approx(day_number(OCTOBER.end))
    with pytest.raises(WrongTypeError, match="an Availability or a Period"):
        availability_timeline("2026-10")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="outage 0 is a str"):
        availability_timeline(OCTOBER, ["O-1"])  # type: ignore[list-item]


# -- credit waterfall ---------------------------------------------------------------------------


def capped_statement() -> Any:
    # KMP Standard: a 10h outage in a 744h month is 98.66% < 99.0%: 50% of 4,000 = 2,000;
    # a Sev1 answered after 2h (more than 1h, and than Standard's 1h target): 5,000.
    # 7,000 is capped at 100% of the fee: -3,000, total 4,000.
    contract = Contract(framework="kmp", tier="standard", region="austin",
                        monthly_fee="USD 4,000", customer="Acme <script>")  # fmt: skip
    outage = Outage(start=utc(2026, 10, 6, 0), end=utc(2026, 10, 6, 10), id="O-1")
    opened = utc(2026, 10, 8, 15)
    late = Ticket("T-1", "sev1", opened, events=[Event.responded(opened + 2 * H)])
    return monthly_credit(contract, "2026-10", tickets=[late], outages=[outage])


def test_waterfall_rises_line_by_line_and_falls_by_the_cap() -> None:
    statement = capped_statement()
    figure = credit_waterfall(statement)
    axes = figure.axes[0]
    assert [label.get_text() for label in axes.get_xticklabels()] == [
        "availability", "incident", "cap", "total"
    ]  # fmt: skip
    bars = [(bar.get_y(), bar.get_height()) for bar in axes.patches]
    assert bars == [(0, 2000), (2000, 5000), (4000, 3000), (0, 4000)]
    assert [text.get_text() for text in axes.texts] == [
        "2,000.00", "5,000.00", "-3,000.00", "4,000.00"
    ]  # fmt: skip
    assert axes.patches[2].get_facecolor() != axes.patches[1].get_facecolor()  # the cap is red
    assert axes.get_ylabel() == "credit (USD)"
    assert axes.get_title() == "Acme <script>: credits for October 2026, total USD 4,000.00"
    assert statement.total.amount == Decimal("4000.00")


def test_waterfall_numbers_repeated_kinds_and_refuses_other_things() -> None:
    contract = Contract(framework="kmp", tier="premier", region="dublin", monthly_fee="USD 20,000")
    opened = utc(2026, 10, 5, 9)
    tickets = [
        Ticket("T-1", "sev1", opened, events=[Event.responded(opened + 2 * H)]),
        Ticket("T-2", "sev2", opened, events=[Event.responded(opened + 6 * H)]),
    ]
    figure = credit_waterfall(monthly_credit(contract, "2026-10", tickets=tickets))
    labels = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert labels == ["incident 1", "incident 2", "total"]
    with pytest.raises(WrongTypeError, match="must be a CreditStatement, not dict"):
        credit_waterfall({})  # type: ignore[arg-type]


# -- without matplotlib, and never a display ------------------------------------------------------


def test_a_missing_matplotlib_is_reported_when_a_chart_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # as if not installed
    with pytest.raises(ImportError) as error:
        credit_waterfall(capped_statement())
    assert str(error.value) == MATPLOTLIB_MISSING
    assert "pip install 'slakit[plot]'" in MATPLOTLIB_MISSING


def test_slakit_plot_imports_without_matplotlib() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None  # as if not installed\n"
        "import slakit.plot as plot\n"
        "from slakit import Month\n"
        "try:\n"
        "    plot.availability_timeline(Month(2026, 10))\n"
        "except ImportError as error:\n"
        "    print(error)\n"
        "print('doctest: +SKIP' in plot.compliance_heatmap.__doc__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{MATPLOTLIB_MISSING}\nTrue\n"


def test_importing_and_drawing_never_needs_pyplot_or_a_display() -> None:
    code = (
        "import sys, os; os.environ.pop('DISPLAY', None); sys.modules['matplotlib.pyplot'] = None\n"
        "from slakit import Month, Outage\n"
        "from datetime import datetime, timezone\n"
        "import slakit.plot as plot\n"
        "o = Outage(start=datetime(2026, 10, 6, tzinfo=timezone.utc), "
        "end=datetime(2026, 10, 6, 1, tzinfo=timezone.utc))\n"
        "import io; buffer = io.BytesIO()\n"
        "plot.availability_timeline(Month(2026, 10), [o]).savefig(buffer, format='png')\n"
        "print(buffer.getvalue()[:4] == b'\\x89PNG')"
    )
    env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "True\n"
