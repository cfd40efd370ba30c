"""Generate the example month (October 2026) that the demo and the examples run on.

One support organisation serves 24 customers: every tier of the KMP and
TrustStram frameworks in each of the four support centres. The script writes
their contracts, a ticket export taken at 2026-11-01T00:00:00Z, the tickets'
other events, the month's outages and the scheduled maintenance, and what the
scorecards need besides: escalations and satisfaction scores on the tickets, an
API latency histogram, a security incident and the support teams' utilization.

It is seeded (``random.Random(SEED)``), so running it twice writes identical
files; ``tests/test_examples.py`` checks that the checked-in files are exactly
what it writes. The scorecard data is drawn from a second stream
(``random.Random(SCORECARD_SEED)``) after the first one has drawn everything, so
adding it changed none of the tickets, outages or credits drawn before. Response
and resolution instants are placed on each ticket's own SLA clock with slakit's
calendars, so a change to a calendar or to the holidays of a region changes the
data, and the test says so.

Run (from the repository root, with slakit installed)::

    python examples/data/generate.py              # rewrites src/slakit/demo_data
    python examples/data/generate.py --out DIR    # writes to DIR instead

The files live in one place, the package's ``slakit/demo_data`` folder, so that
an installed slakit carries them for ``slakit demo``; the examples read them
from there (``slakit.example_data.data_dir()``).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slakit import Contract, Severity, regions
from slakit.calendar import Calendar, CombinedCalendar
from slakit.example_data import EXPORTED_AT, MONTH
from slakit.policy import Metric

SEED = 20261031
SCORECARD_SEED = SEED + 12  # issue 12: levels, satisfaction, latency, utilization
HERE = Path(__file__).resolve().parent
PACKAGE_DATA = HERE.parent.parent / "src" / "slakit" / "demo_data"

MONTH_START = datetime(*MONTH, 1, tzinfo=UTC)

REGIONS = ("austin", "dublin", "amsterdam", "singapore")
TIERS = {"kmp": ("premier", "standard", "basic"), "truststram": ("platinum", "gold", "silver")}

# Monthly fees. KMP's fall inside its tiers' annual price ranges divided by 12
# (checked below); TrustStram publishes no prices and bills in local currency.
FEES = {
    ("kmp", "premier"): {"austin": "USD 15,000", "dublin": "USD 12,500",
                         "amsterdam": "USD 9,000", "singapore": "USD 6,500"},
    ("kmp", "standard"): {"austin": "USD 5,500", "dublin": "USD 4,000",
                          "amsterdam": "USD 3,250", "singapore": "USD 2,500"},
    ("kmp", "basic"): {"austin": "USD 1,750", "dublin": "USD 1,250",
                       "amsterdam": "USD 1,000", "singapore": "USD 900"},
    ("truststram", "platinum"): {"austin": "USD 18,000", "dublin": "EUR 15,000",
                                 "amsterdam": "EUR 16,500", "singapore": "SGD 24,000"},
    ("truststram", "gold"): {"austin": "USD 8,000", "dublin": "EUR 7,000",
                             "amsterdam": "EUR 7,500", "singapore": "SGD 11,000"},
    ("truststram", "silver"): {"austin": "USD 3,000", "dublin": "EUR 2,500",
                               "amsterdam": "EUR 2,750", "singapore": "SGD 4,200"},
}  # fmt: skip

CUSTOMERS = {
    "kmp-premier-austin": "Lone Star Freight Inc.",
    "kmp-premier-dublin": "Liffey Payments Ltd",
    "kmp-premier-amsterdam": "Grachtenbank N.V.",
    "kmp-premier-singapore": "Merlion Logistics Pte Ltd",
    "kmp-standard-austin": "Hill Country Health",
    "kmp-standard-dublin": "Dublin Bay Insurance DAC",
    "kmp-standard-amsterdam": "Tulpveld Retail B.V.",
    "kmp-standard-singapore": "Straits Energy Pte Ltd",
    "kmp-basic-austin": "Pecan Street Analytics LLC",
    "kmp-basic-dublin": "Howth Software Ltd",
    "kmp-basic-amsterdam": "Fietsroute B.V.",
    "kmp-basic-singapore": "Orchard Design Pte Ltd",
    "truststram-platinum-austin": "Bluebonnet Telecom Inc.",
    "truststram-platinum-dublin": "Emerald Air Ltd",
    "truststram-platinum-amsterdam": "Noordzee Havens N.V.",
    "truststram-platinum-singapore": "Lion City Exchange Ltd",
    "truststram-gold-austin": "Colorado River Utilities",
    "truststram-gold-dublin": "Temple Bar Media Ltd",
    "truststram-gold-amsterdam": "Dijkstra Verzekeringen N.V.",
    "truststram-gold-singapore": "Sentosa Hospitality Pte Ltd",
    "truststram-silver-austin": "Barton Springs Labs",
    "truststram-silver-dublin": "Phoenix Park Games Ltd",
    "truststram-silver-amsterdam": "Zuidas Consulting B.V.",
    "truststram-silver-singapore": "Kampong Foods Pte Ltd",
}

# Tickets a month per contract: bigger tiers are bigger customers.
VOLUME = {"premier": 120, "platinum": 120, "standard": 85, "gold": 85, "basic": 45, "silver": 45}
SEVERITY_MIX = ((Severity.SEV1, 4), (Severity.SEV2, 14), (Severity.SEV3, 42), (Severity.SEV4, 40))
# Operational response goals for the severities KMP pays credits on: the team
# aims well inside the credit thresholds (1 h for Sev1, 4 h for Sev2).
KMP_CREDIT_THRESHOLDS = {Severity.SEV1: timedelta(hours=1), Severity.SEV2: timedelta(hours=4)}

OUTAGES = (
    ("O-2026-10-01", "2026-10-06T14:12:00+00:00", "2026-10-06T14:23:00+00:00",
     "API gateway returned 5xx after a faulty deploy; rolled back"),
    ("O-2026-10-02", "2026-10-14T03:05:00+00:00", "2026-10-14T03:14:00+00:00",
     "Primary database failover took longer than planned"),
    ("O-2026-10-03", "2026-10-18T01:20:00+00:00", "2026-10-18T02:15:00+00:00",
     "Storage migration overran the Sunday maintenance window"),
    ("O-2026-10-04", "2026-10-22T16:40:00+00:00", "2026-10-22T16:47:00+00:00",
     "Search cluster lost quorum; queries failed"),
    ("O-2026-10-05", "2026-10-31T23:30:00+00:00", "2026-11-01T00:45:00+00:00",
     "Network outage at the primary data centre (spans the month end)"),
)  # fmt: skip
MAINTENANCE_RULE = ("FREQ=WEEKLY;BYDAY=SU", "02:00", "2h", "Europe/Amsterdam",
                    "Weekly patching window, Sundays 02:00-04:00 Amsterdam time")  # fmt: skip
MAINTENANCE_WINDOW = ("2026-10-10T22:00:00+00:00", "2026-10-11T00:00:00+00:00",
                      "Database major-version upgrade (announced 2026-09-26)")  # fmt: skip


# A month-long histogram of the API's request latencies, as Prometheus exports it:
# bucket upper bounds in seconds (2 s is a bound, for KMP's "< 2 seconds for 95% of
# requests") and the share of requests within each, roughly.
LATENCY_WINDOW = ("2026-10-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00")
LATENCY_BUCKETS = (("0.05", 0.29), ("0.1", 0.57), ("0.25", 0.83), ("0.5", 0.925),
                   ("1", 0.962), ("2", 0.9812), ("5", 0.9951), ("10", 0.9992))  # fmt: skip
SECURITY_INCIDENT = (
    "SI-2026-10-01", "2026-10-14T09:12:00+00:00", "2026-10-14T15:47:00+00:00",
    "kmp-premier-dublin truststram-gold-dublin",
    "Credential-stuffing attack on the support portal; affected accounts locked and reset",
)  # fmt: skip
# Each support centre's team: staff on shift, and hours each works in October.
TEAMS = {"austin": (14, 176), "dublin": (12, 168), "amsterdam": (10, 168), "singapore": (9, 176)}
# Survey answers 1..5: most customers answer 4 or 5; a reopened ticket fares worse.
SATISFACTION_WEIGHTS = (0.8, 1.2, 3.0, 27.0, 68.0)
REOPENED_SATISFACTION_WEIGHTS = (5.0, 10.0, 20.0, 35.0, 30.0)


@dataclass
class Plan:
    """One ticket to write: where its clock's milestones fall, in elapsed SLA time."""

    contract: str
    severity: Severity
    opened: datetime
    response: timedelta  # elapsed on the SLA clock until the first response
    resolution: timedelta  # elapsed on the SLA clock until the final resolution
    upgrade: tuple[timedelta, Severity] | None = None  # at elapsed, to severity
    pauses: list[tuple[timedelta, timedelta]] = field(default_factory=list)  # at elapsed, wall gap
    reopen: tuple[timedelta, timedelta] | None = None  # resolved at elapsed, reopened after gap


def contract_names() -> list[str]:
    return [f"{fw}-{tier}-{region}" for fw, tiers in TIERS.items()
            for tier in tiers for region in REGIONS]  # fmt: skip


def contract_text(name: str) -> str:
    framework, tier, region = name.split("-")
    zone = regions.get(region).timezone
    return (
        "# An example contract, written by examples/data/generate.py.\n"
        f'customer = "{CUSTOMERS[name]}"\n'
        f'framework = "{framework}"\n'
        f'tier = "{tier}"\n'
        f'region = "{region}"\n'
        f'monthly_fee = "{FEES[framework, tier][region]}"\n'
        f'billing_timezone = "{zone}"\n'
    )


def build_contracts() -> dict[str, Contract]:
    contracts = {}
    for name in contract_names():
        framework, tier, region = name.split("-")
        contract = Contract(
            framework=framework,
            tier=tier,
            region=region,
            monthly_fee=FEES[framework, tier][region],
            billing_timezone=regions.get(region).timezone,
            customer=CUSTOMERS[name],
        )
        price = contract.tier_policy.annual_price
        fee = contract.monthly_fee
        assert fee is not None
        if price is not None:  # KMP: the fee is inside the tier's published range
            assert price.low.amount <= fee.amount * 12 <= price.high.amount, name
            assert fee.currency == price.low.currency, name
        contracts[name] = contract
    return contracts


def clock(contract: Contract, severity: Severity) -> Calendar | CombinedCalendar:
    """The calendar both of a severity's clocks run on (the same for both in both catalogs)."""
    response = contract.clock_calendar(contract.target(severity, Metric.RESPONSE))
    resolution = contract.clock_calendar(contract.target(severity, Metric.RESOLUTION))
    assert response is resolution
    return response


def length(contract: Contract, severity: Severity, metric: Metric) -> timedelta:
    target = contract.target(severity, metric)
    return target.length(contract.clock_calendar(target))


def seconds(value: float) -> timedelta:
    return timedelta(seconds=max(1, round(value)))


# -- random tickets ------------------------------------------------------------------------


def opening_weight(local: datetime, severity: Severity) -> float:
    """How likely a ticket is opened at this local time: office hours on weekdays mostly."""
    weekday, hour = local.weekday() < 5, local.hour
    if 8 <= hour < 18:
        weight = 1.0 if weekday else 0.12
    elif 6 <= hour < 22:
        weight = 0.35 if weekday else 0.08
    else:
        weight = 0.06 if weekday else 0.04
    return max(weight, 0.4) if severity is Severity.SEV1 else weight


def random_opening(rng: random.Random, zone: ZoneInfo, severity: Severity) -> datetime:
    span = int((EXPORTED_AT - MONTH_START).total_seconds()) - 600
    while True:
        instant = MONTH_START + timedelta(seconds=rng.randrange(span))
        local = instant.astimezone(zone)
        if local.month == 10 and rng.random() < opening_weight(local, severity):
            return local


def share(rng: random.Random, breach_rate: float) -> float:
    """A fraction of a target: mostly well inside it, sometimes over."""
    if rng.random() < breach_rate:
        return 1.02 + rng.random() * (3.5 if rng.random() < 0.15 else 0.9)
    return 0.03 + rng.betavariate(2.0, 5.0) * 0.95


def random_plan(rng: random.Random, name: str, contract: Contract) -> Plan:
    severity = rng.choices([s for s, _ in SEVERITY_MIX], [w for _, w in SEVERITY_MIX])[0]
    zone = ZoneInfo(regions.get(contract.region or "").timezone)
    opened = random_opening(rng, zone, severity)

    # A few tickets are upgraded after the first response, staying on the same clock.
    final = severity
    if severity is not Severity.SEV1 and rng.random() < 0.05:
        higher = Severity(f"SEV{severity.level - 1}")
        if clock(contract, higher) is clock(contract, severity):
            final = higher

    response_goal = length(contract, severity, Metric.RESPONSE)
    if contract.framework.name == "kmp" and severity in KMP_CREDIT_THRESHOLDS:
        response_goal = min(response_goal, KMP_CREDIT_THRESHOLDS[severity])
    response = seconds(share(rng, 0.006) * response_goal.total_seconds())

    resolution_goal = length(contract, final, Metric.RESOLUTION)
    resolution = seconds(share(rng, 0.012) * resolution_goal.total_seconds())
    resolution = max(resolution, response + seconds(300 + rng.random() * 1800))
    work = resolution - response  # elapsed SLA time after the first response

    plan = Plan(name, severity, opened, response, resolution)
    if final is not severity:
        plan.upgrade = (response + work * (0.05 + rng.random() * 0.3), final)
    pause_rate = {Severity.SEV1: 0.05, Severity.SEV2: 0.15}.get(final, 0.3)
    if rng.random() < pause_rate:
        count = 2 if rng.random() < 0.2 else 1
        points = sorted(0.4 + rng.random() * 0.5 for _ in range(count))
        short = final is Severity.SEV1
        for point in points:  # waiting on the customer: an hour to a few days of wall time
            gap = (10 + rng.random() * 80) * 60 if short else 3600 + rng.random() * 3 * 86400
            plan.pauses.append((response + work * point, seconds(gap)))
    if rng.random() < 0.04:  # the fix did not hold: resolved, reopened by the customer
        plan.reopen = (response + work * 0.93, seconds(2 * 3600 + rng.random() * 3 * 86400))
    return plan


def outage_plans(rng: random.Random, contracts: dict[str, Contract]) -> list[Plan]:
    """Sev1 tickets that customers opened during the customer-visible outages."""
    plans = []
    eligible = [name for name in contract_names()
                if name.split("-")[1] in ("premier", "standard", "platinum", "gold")]  # fmt: skip
    for _, start_text, end_text, _ in (OUTAGES[0], OUTAGES[3], OUTAGES[4]):
        start, end = datetime.fromisoformat(start_text), datetime.fromisoformat(end_text)
        for name in sorted(rng.sample(eligible, 4)):
            contract = contracts[name]
            zone = ZoneInfo(regions.get(contract.region or "").timezone)
            opened = (start + seconds(120 + rng.random() * 480)).astimezone(zone)
            if opened.month != 10:
                continue  # already November where the customer is
            calendar = clock(contract, Severity.SEV1)
            target = length(contract, Severity.SEV1, Metric.RESPONSE)
            response = seconds((0.2 + rng.random() * 0.6) * target.total_seconds())
            fixed = end + seconds(600 + rng.random() * 2400)
            resolution = max(calendar.elapsed(opened, fixed), response + seconds(600))
            plans.append(Plan(name, Severity.SEV1, opened, response, resolution))
    return plans


def notable_plans() -> list[Plan]:
    """A handful of tickets the demo's statements and reviews point at."""

    def at(text: str, region: str) -> datetime:
        return datetime.fromisoformat(text).astimezone(ZoneInfo(regions.get(region).timezone))

    def minutes(count: int) -> timedelta:
        return timedelta(minutes=count)

    def hours(count: int) -> timedelta:
        return timedelta(hours=count)

    return [
        # The on-call engineer was paged late: 72 min to respond to a Sev1 (credit: > 1 h).
        Plan("kmp-premier-dublin", Severity.SEV1, at("2026-10-22T16:44:10+00:00", "dublin"),
             minutes(72), hours(3)),
        # A Sev1 missed its 15-minute target but stayed under the 1-hour credit threshold.
        Plan("kmp-premier-amsterdam", Severity.SEV1, at("2026-10-09T07:51:30+00:00", "amsterdam"),
             minutes(23), hours(2) + minutes(40)),
        # A Sev2 answered after 4 h 40 min of business time (credit: > 4 h).
        Plan("kmp-standard-austin", Severity.SEV2, at("2026-10-15T19:05:00+00:00", "austin"),
             hours(4) + minutes(40), hours(30)),
        # Inside Basic's 4-hour Sev1 target, but over the 1-hour credit threshold: the
        # USD 5,000 credit is more than the monthly fee, so the statement is capped.
        Plan("kmp-basic-dublin", Severity.SEV1, at("2026-10-20T09:12:00+00:00", "dublin"),
             hours(1) + minutes(35), hours(9)),
        # Friday evening Sev2 on a Basic contract; the weekend does not count.
        Plan("kmp-basic-singapore", Severity.SEV2, at("2026-10-16T10:58:00+00:00", "singapore"),
             hours(2) + minutes(10), hours(20)),
        # Opened just before the clocks went back in Europe (25 October).
        Plan("truststram-platinum-amsterdam", Severity.SEV2,
             at("2026-10-25T00:40:00+00:00", "amsterdam"), minutes(12), hours(6),
             pauses=[(hours(2), hours(1))]),
        # Upgraded to P1 after the first response; the P1 resolution target then applies.
        Plan("truststram-gold-singapore", Severity.SEV2,
             at("2026-10-27T02:15:00+00:00", "singapore"), minutes(20), hours(5),
             upgrade=(hours(1), Severity.SEV1)),
    ]  # fmt: skip


# -- what the scorecards need besides ------------------------------------------------------

Step = tuple[datetime, str, str, str]  # instant, kind, severity, level


def escalations(rng: random.Random, plan: Plan, events: list[Step]) -> list[Step]:
    """The ticket's escalations: every Sev1 (a critical incident) engages L3, about 3% of
    the others go to L2 (a tenth of those on to L3). Each lies before the first resolution
    (or the export); an L2 escalation after the first response."""
    # In UTC: instants in one zone compare by wall time, which misorders a DST fold.
    resolutions = [at.astimezone(UTC) for at, kind, _, _ in events if kind == "resolved"]
    end = min(resolutions, default=EXPORTED_AT)
    if plan.severity is Severity.SEV1:
        # L3 is paged at opening and engages within minutes, now and then late.
        minutes = 4 + rng.random() * 10 if rng.random() < 0.94 else 16 + rng.random() * 14
        engaged = plan.opened.astimezone(UTC) + seconds(minutes * 60)
        return [(engaged, "escalated", "", "L3")] if engaged < end else []
    if not events or events[0][1] != "responded" or rng.random() >= 0.03:
        return []  # nobody has answered yet, or L1 keeps the ticket
    responded = events[0][0].astimezone(UTC)
    span = (end - responded).total_seconds()
    second = responded + seconds(span * (0.1 + rng.random() * 0.4))
    steps = [(second, "escalated", "", "L2")] if second < end else []
    if steps and rng.random() < 0.1:
        third = second + seconds((end - second).total_seconds() * (0.3 + rng.random() * 0.3))
        if third < end:
            steps.append((third, "escalated", "", "L3"))
    return steps


def satisfaction(rng: random.Random, plan: Plan, resolved: bool) -> str:
    """A survey answer (1..5) for about a third of the resolved tickets; empty otherwise."""
    if not resolved or rng.random() >= 0.35:
        return ""
    weights = REOPENED_SATISFACTION_WEIGHTS if plan.reopen else SATISFACTION_WEIGHTS
    return str(rng.choices(range(1, 6), weights)[0])


def latency_rows(rng: random.Random) -> list[list[str]]:
    """The month's API latency histogram: cumulative counts per bucket, then +Inf."""
    start, end = LATENCY_WINDOW
    total = rng.randrange(9_000_000, 11_000_000)
    rows, previous = [], 0
    for bound, share in LATENCY_BUCKETS:
        count = max(previous, round(total * share * (1 + (rng.random() - 0.5) * 0.002)))
        count = min(count, total)
        rows.append([start, end, "api", bound, str(count)])
        previous = count
    rows.append([start, end, "api", "+Inf", str(total)])
    return rows


def utilization_rows(rng: random.Random) -> list[list[str]]:
    """Each support centre's October: available hours (staff on shift) and busy hours."""
    start, end = LATENCY_WINDOW
    rows = []
    for team, (staff, hours) in TEAMS.items():
        available = staff * hours
        busy = round(available * (0.71 + rng.random() * 0.16) * 2) / 2  # to the half hour
        rows.append([team, start, end, f"{busy:g}", str(available)])
    return rows


# -- from plans to rows --------------------------------------------------------------------


def timeline(plan: Plan, contract: Contract) -> list[tuple[datetime, str, str]]:
    """The ticket's events in time order: (instant, kind, severity or "")."""
    calendar = clock(contract, plan.severity)
    steps: list[tuple[timedelta, str, object]] = [(plan.response, "responded", None)]
    if plan.upgrade is not None:
        steps.append((plan.upgrade[0], "severity_changed", plan.upgrade[1]))
    steps += [(at, "paused", gap) for at, gap in plan.pauses]
    if plan.reopen is not None:
        steps.append((plan.reopen[0], "reopened", plan.reopen[1]))
    steps.append((plan.resolution, "resolved", None))
    steps.sort(key=lambda step: step[0])

    events: list[tuple[datetime, str, str]] = []
    now, used = plan.opened, timedelta(0)
    for elapsed, kind, extra in steps:
        # Strictly after the previous event: one second of SLA time at least.
        now = calendar.add(now, max(elapsed - used, timedelta(seconds=1)))
        used = max(elapsed, used + timedelta(seconds=1))
        if kind == "severity_changed":
            assert isinstance(extra, Severity)
            events.append((now, kind, extra.value))
        elif kind in ("paused", "reopened"):
            assert isinstance(extra, timedelta)
            first, then = ("paused", "resumed") if kind == "paused" else ("resolved", "reopened")
            events.append((now, first, ""))
            now += extra
            events.append((now, then, ""))
        else:
            events.append((now, kind, ""))
    return [event for event in events if event[0] < EXPORTED_AT]


def spelling(contract: str) -> Callable[[Severity], str]:
    """Each framework's own spelling: KMP writes SEV1..SEV4, TrustStram P1..P4."""
    if contract.startswith("kmp"):
        return lambda severity: severity.value
    return lambda severity: f"P{severity.level}"


def stamp(instant: datetime) -> str:
    return instant.isoformat(timespec="seconds")


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def generate() -> dict[str, str]:
    """Every file, by its path relative to the data folder."""
    rng = random.Random(SEED)
    contracts = build_contracts()
    plans = []
    for name in contract_names():
        count = round(VOLUME[name.split("-")[1]] * (0.85 + rng.random() * 0.3))
        plans += [random_plan(rng, name, contracts[name]) for _ in range(count)]
    plans += outage_plans(rng, contracts)
    plans += notable_plans()
    plans.sort(key=lambda plan: (plan.opened.astimezone(UTC), plan.contract))

    # Everything above drew from rng; the scorecard data draws from its own stream.
    extra = random.Random(SCORECARD_SEED)
    ticket_rows, event_rows = [], []
    for number, plan in enumerate(plans, start=10001):
        ticket_id = f"T-{number}"
        local = ZoneInfo(regions.get(contracts[plan.contract].region or "").timezone)
        events: list[Step] = [(*step, "") for step in timeline(plan, contracts[plan.contract])]
        escalated = escalations(extra, plan, events)
        # The export's columns: first response and final resolution; the rest go to events.csv.
        first = events.pop(0) if events and events[0][1] == "responded" else None
        final = events.pop() if events and events[-1][1] == "resolved" else None
        for step in escalated:
            # After every event at or before its instant; the others keep their order.
            later = (n for n, event in enumerate(events) if event[0].astimezone(UTC) > step[0])
            events.insert(next(later, len(events)), step)
        spell = spelling(plan.contract)
        ticket_rows.append([
            ticket_id, plan.contract, spell(plan.severity), stamp(plan.opened.astimezone(local)),
            stamp(first[0].astimezone(local)) if first else "",
            stamp(final[0].astimezone(local)) if final else "",
            satisfaction(extra, plan, final is not None),
        ])  # fmt: skip
        event_rows += [[ticket_id, stamp(at.astimezone(local)), kind,
                        spell(Severity(severity)) if severity else "", level]
                       for at, kind, severity, level in events]  # fmt: skip

    files = {f"contracts/{name}.toml": contract_text(name) for name in contract_names()}
    files["tickets.csv"] = csv_text(
        ["id", "contract", "severity", "opened_at", "first_response_at", "resolved_at",
         "satisfaction"],
        ticket_rows,
    )  # fmt: skip
    files["events.csv"] = csv_text(["ticket_id", "at", "kind", "severity", "level"], event_rows)
    files["outages.csv"] = csv_text(["id", "start", "end", "description"],
                                    [list(outage) for outage in OUTAGES])  # fmt: skip
    rule, start_time, duration, zone, description = MAINTENANCE_RULE
    start, end, window_description = MAINTENANCE_WINDOW
    files["maintenance.csv"] = csv_text(
        ["rule", "at", "duration", "timezone", "start", "end", "description"],
        [[rule, start_time, duration, zone, "", "", description],
         ["", "", "", "", start, end, window_description]],
    )  # fmt: skip
    files["latency.csv"] = csv_text(["start", "end", "service", "le", "count"], latency_rows(extra))
    incident_id, detected, responded, affected, incident = SECURITY_INCIDENT
    files["security_incidents.csv"] = csv_text(
        ["id", "detected_at", "responded_at", "contracts", "description"],
        [[incident_id, detected, responded, affected, incident]],
    )
    files["utilization.csv"] = csv_text(
        ["team", "start", "end", "busy_hours", "available_hours"], utilization_rows(extra)
    )
    return files


def write(files: dict[str, str], folder: Path) -> None:
    (folder / "contracts").mkdir(parents=True, exist_ok=True)
    for stale in (folder / "contracts").glob("*.toml"):
        if f"contracts/{stale.name}" not in files:
            stale.unlink()
    for relative, text in files.items():
        (folder / relative).write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=PACKAGE_DATA, help="write to this folder instead"
    )
    args = parser.parse_args(argv)
    files = generate()
    write(files, args.out)
    tickets = files["tickets.csv"].count("\n") - 1
    events = files["events.csv"].count("\n") - 1
    size = sum(len(text.encode()) for text in files.values())
    print(
        f"wrote {len(files)} files ({tickets} tickets, {events} events, {size:,} bytes) "
        f"to {args.out}"
    )


if __name__ == "__main__":
    main()
