"""Properties of availability and monthly credit statements (DESIGN.md §7).

Availability stays in [0, 1], never rises when an outage is added, and agrees
with a slow reference that walks every elementary segment between interval
ends. A statement's total never exceeds the cap, its lines add up to the total,
it does not depend on the order of its inputs, and it survives JSON.
"""

from __future__ import annotations

import random as stdlib_random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache
from itertools import pairwise

from hypothesis import event, given
from hypothesis import strategies as st

from slakit import (
    Contract,
    CreditStatement,
    Event,
    MaintenanceWindow,
    Money,
    Month,
    Outage,
    SecurityBreach,
    Ticket,
    availability,
    monthly_credit,
)
from slakit.money import minor_unit

ZONES = ("UTC", "Europe/Amsterdam", "Europe/Dublin", "America/Chicago", "Asia/Singapore")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
DAY_MINUTES = 24 * 60


@cache
def month(number: int, zone: str) -> Month:
    return Month(2026, number, zone)


def months() -> st.SearchStrategy[Month]:
    # March and October hold the DST changes of the European and US zones.
    return st.builds(month, st.sampled_from((2, 3, 4, 10, 11, 12)), st.sampled_from(ZONES))


def us(instant: datetime) -> int:
    return (instant - EPOCH) // ONE_US


@st.composite
def spans(
    draw: st.DrawFn, period: Month, longest_minutes: int = 3 * DAY_MINUTES
) -> tuple[datetime, datetime]:
    """An interval from a day before the period to a day after it, with µs-sharp edges.

    Whole minutes make edges collide (touching and equal intervals); the jitter
    tests the microsecond either side of a collision.
    """
    # Arithmetic in UTC (real time), shown in the period's zone: adding a timedelta to a
    # local datetime would move its wall clock instead.
    origin = period.start.astimezone(UTC) - timedelta(days=1)
    reach = int(period.length / timedelta(minutes=1)) + 2 * DAY_MINUTES
    start = origin + timedelta(minutes=draw(st.integers(0, reach)))
    start += ONE_US * draw(st.sampled_from((0, 0, 1, -1)))
    length = timedelta(minutes=draw(st.integers(0, longest_minutes)))
    length += ONE_US * draw(st.sampled_from((0, 0, 1)))
    zone = period.start.tzinfo
    return start.astimezone(zone), (start + length).astimezone(zone)


@st.composite
def outage_lists(draw: st.DrawFn, period: Month, most: int = 6) -> list[Outage]:
    count = draw(st.integers(0, most))
    found = []
    for index in range(count):
        start, end = draw(spans(period))
        found.append(Outage(start=start, end=end, id=f"O-{index}"))
    return found


@st.composite
def window_lists(draw: st.DrawFn, period: Month) -> list[MaintenanceWindow]:
    count = draw(st.integers(0, 3))
    found = []
    for _ in range(count):
        start, end = draw(spans(period, longest_minutes=DAY_MINUTES))
        found.append(MaintenanceWindow(start=start, end=end))
    return found


def reference_downtime(
    outages: list[Outage], windows: list[MaintenanceWindow], period: Month, minimum: timedelta
) -> int:
    """Downtime in µs: every elementary segment inside an outage, outside maintenance."""
    start, end = us(period.start), us(period.end)
    # Lengths in real time (µs between instants): o.end - o.start would subtract wall
    # clocks, since both are shown in the period's zone, and be off by a DST change.
    shortest = minimum // ONE_US
    down = [(us(o.start), us(o.end)) for o in outages if us(o.end) - us(o.start) >= shortest]
    planned = [(us(w.start), us(w.end)) for w in windows]
    points = sorted({start, end, *(p for pair in down + planned for p in pair)})
    total = 0
    for left, right in pairwise(points):
        inside = start <= left and right <= end
        is_down = any(a <= left and right <= b for a, b in down)
        is_planned = any(a <= left and right <= b for a, b in planned)
        if inside and is_down and not is_planned:
            total += right - left
    return total


# --- availability --------------------------------------------------------------------------


@st.composite
def availability_cases(
    draw: st.DrawFn,
) -> tuple[Month, list[Outage], list[MaintenanceWindow], timedelta]:
    period = draw(months())
    minimum = timedelta(minutes=draw(st.sampled_from((0, 0, 5, 60))))
    return period, draw(outage_lists(period)), draw(window_lists(period)), minimum


@given(availability_cases())
def test_availability_is_in_0_1_and_matches_the_reference(
    case: tuple[Month, list[Outage], list[MaintenanceWindow], timedelta],
) -> None:
    period, outages, windows, minimum = case
    result = availability(outages, period, windows, minimum_outage=minimum)
    length = us(period.end) - us(period.start)
    expected = reference_downtime(outages, windows, period, minimum)
    assert result.downtime == timedelta(microseconds=expected)
    assert result.ratio == Fraction(length - expected, length)
    assert 0 <= result.ratio <= 1
    # The display percent is never above the exact value, and less than 0.0001 below it.
    shown = Fraction(result.percent) / 100
    assert shown <= result.ratio < shown + Fraction(1, 1_000_000)
    # The counted intervals lie in the period and add up to the downtime (in real time:
    # two datetimes sharing a zone subtract and compare as wall clocks).
    assert sum(us(b) - us(a) for a, b in result.outages) == expected
    assert all(us(period.start) <= us(a) < us(b) <= us(period.end) for a, b in result.outages)


@given(availability_cases(), st.data())
def test_an_added_outage_never_raises_availability(
    case: tuple[Month, list[Outage], list[MaintenanceWindow], timedelta], data: st.DataObject
) -> None:
    period, outages, windows, minimum = case
    start, end = data.draw(spans(period))
    extra = Outage(start=start, end=end, id="extra")
    granularity = data.draw(st.sampled_from(("microsecond", "minute")))
    before = availability(outages, period, windows, granularity=granularity, minimum_outage=minimum)
    after = availability(
        [*outages, extra], period, windows, granularity=granularity, minimum_outage=minimum
    )
    assert after.ratio <= before.ratio
    assert after.downtime >= before.downtime
    assert 0 <= after.ratio <= 1


@given(availability_cases(), st.randoms(use_true_random=False))
def test_availability_does_not_depend_on_outage_order(
    case: tuple[Month, list[Outage], list[MaintenanceWindow], timedelta],
    random: stdlib_random.Random,
) -> None:
    period, outages, windows, minimum = case
    shuffled = list(outages)
    random.shuffle(shuffled)
    assert availability(shuffled, period, windows[::-1], minimum_outage=minimum) == availability(
        outages, period, windows, minimum_outage=minimum
    )


# --- statements ----------------------------------------------------------------------------

FEES = ("USD 20,000", "USD 1,234.565", "USD 999.99", "USD 5,000", "USD 0.01")


@cache
def premier(billing_timezone: str, fee: str) -> Contract:
    # One object per combination, so calendars compile once for the whole run.
    return Contract(
        framework="kmp",
        tier="premier",
        region="dublin",
        monthly_fee=fee,
        billing_timezone=billing_timezone,
    )


@st.composite
def tickets_in(draw: st.DrawFn, period: Month) -> list[Ticket]:
    """Tickets opened from two days before the period to its end, some answered late."""
    count = draw(st.integers(0, 8))
    found = []
    reach = int(period.length / timedelta(minutes=1)) + 2 * DAY_MINUTES
    for index in range(count):
        opened = period.end.astimezone(UTC) - timedelta(minutes=draw(st.integers(1, reach)))
        severity = draw(st.sampled_from(("sev1", "sev1", "sev2", "sev2", "sev3")))
        # Up to three days to answer: across nights, weekends and the month's end.
        delay = timedelta(minutes=draw(st.integers(0, 3 * DAY_MINUTES)))
        delay += ONE_US * draw(st.sampled_from((0, 0, 1)))
        # One in four is never answered: its clock runs to the month's end.
        answered = draw(st.integers(0, 3)) > 0
        events = [Event.responded(opened + delay)] if answered else []
        found.append(Ticket(f"T-{index}", severity, opened, events=events))
    return found


@st.composite
def statement_inputs(draw: st.DrawFn) -> dict[str, object]:
    zone = draw(st.sampled_from(ZONES))
    period = month(draw(st.sampled_from((3, 10, 11))), zone)
    breaches = [
        SecurityBreach(at=draw(spans(period))[0], id=f"SB-{n}")
        for n in range(draw(st.sampled_from((0, 0, 0, 1, 2))))
    ]
    return {
        # The contract by name (billing zone, fee): a failing example stays readable.
        "contract": (zone, draw(st.sampled_from(FEES))),
        "month": period,
        "tickets": draw(tickets_in(period)),
        "outages": draw(outage_lists(period, most=4)),
        "security_breaches": breaches,
    }


def statement(inputs: dict[str, object], **changes: object) -> CreditStatement:
    arguments = {**inputs, **changes}
    zone, fee = arguments["contract"]  # type: ignore[misc]
    return monthly_credit(
        premier(zone, fee),
        arguments["month"],  # type: ignore[arg-type]
        tickets=arguments["tickets"],  # type: ignore[arg-type]
        outages=arguments["outages"],  # type: ignore[arg-type]
        security_breaches=arguments["security_breaches"],  # type: ignore[arg-type]
    )


@given(statement_inputs())
def test_the_total_never_exceeds_the_cap_and_the_lines_add_up(inputs: dict[str, object]) -> None:
    result = statement(inputs)
    fee = result.monthly_fee
    places = Decimal(1).scaleb(-minor_unit(fee.currency))
    # The KMP cap is 100% of the fee, rounded down to whole minor units, so that the total
    # never exceeds the fee itself.
    cap = fee.amount.quantize(places, rounding="ROUND_FLOOR")
    assert Decimal(0) <= result.total.amount <= cap <= fee.amount
    assert sum((line.amount.amount for line in result.lines), Decimal(0)) == result.total.amount
    # Every line is already in whole minor units.
    for line in result.lines:
        assert line.amount.currency == fee.currency
        assert line.amount.amount == line.amount.amount.quantize(places)
    # A cap line appears exactly when the other lines exceed the cap, and only last.
    kinds = [line.kind for line in result.lines]
    credited = [line.amount.amount for line in result.lines if line.kind != "cap"]
    assert result.subtotal.amount == sum(credited, Decimal(0))
    assert ("cap" in kinds) == (result.subtotal.amount > cap)
    if "cap" in kinds:
        assert kinds.index("cap") == len(kinds) - 1
        assert result.total == Money(amount=cap, currency=fee.currency)
    # The most severe band only: at most one availability line.
    assert kinds.count("availability") <= 1
    event(f"line kinds: {' '.join(sorted(set(kinds))) or 'none'}")


@given(statement_inputs(), st.randoms(use_true_random=False))
def test_the_statement_does_not_depend_on_ticket_order(
    inputs: dict[str, object], random: stdlib_random.Random
) -> None:
    tickets = list(inputs["tickets"])  # type: ignore[call-overload]
    random.shuffle(tickets)
    assert statement(inputs, tickets=tickets) == statement(inputs)


@given(statement_inputs(), st.randoms(use_true_random=False))
def test_the_statement_does_not_depend_on_outage_order(
    inputs: dict[str, object], random: stdlib_random.Random
) -> None:
    outages = list(inputs["outages"])  # type: ignore[call-overload]
    random.shuffle(outages)
    assert statement(inputs, outages=outages) == statement(inputs)


@given(statement_inputs(), st.randoms(use_true_random=False))
def test_the_statement_does_not_depend_on_security_breach_order(
    inputs: dict[str, object], random: stdlib_random.Random
) -> None:
    breaches = list(inputs["security_breaches"])  # type: ignore[call-overload]
    random.shuffle(breaches)
    assert statement(inputs, security_breaches=breaches) == statement(inputs)


@given(statement_inputs())
def test_statements_survive_a_json_round_trip(inputs: dict[str, object]) -> None:
    result = statement(inputs)
    again = CreditStatement.model_validate_json(result.to_json())
    assert again == result
    assert again.to_json() == result.to_json()
