"""slakit.columnar: deadlines, elapsed time and whole statuses over arrays.

The oracle is the scalar path: ``Calendar``'s compiled index (``add``,
``elapsed``) for the array queries, and ``slakit.evaluate`` for a batch of
tickets, compared field by field on random tickets, contracts and ``now``:
DST weeks, holidays, 24x7 and business clocks, TrustStram Platinum's wall
clock, breached, met, running, paused and stopped clocks, and tickets opened
after ``now``, and timelines heavy in severity changes (several per ticket, before
and after a breach, while paused, after a reopen; restart and retarget contracts).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import Calendar, Contract, Event, Ticket, evaluate
from slakit._time import from_us
from slakit.errors import RangeError, TimelineError, UsageError
from slakit.tickets import EventKind

np = pytest.importorskip("numpy")
pytest.importorskip("pandas")

from slakit.columnar import (  # noqa: E402 - after the skip: numpy comes with the extra
    KINDS,
    NAT,
    SEVERITIES,
    STATES,
    Batch,
    EventColumns,
    StatusColumns,
    add,
    batch_of_tickets,
    elapsed,
    evaluate_batch,
    positions,
)

US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR = 3_600_000_000
# DST changes (US 8 March and 1 November, EU 29 March and 25 October 2026), public holidays
# (Christmas, Easter Monday 6 April 2026, Thanksgiving 26 November) and a year's end.
NEAR = [
    datetime(2026, 3, 8, 8, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 11, 1, 7, tzinfo=UTC),
    datetime(2026, 12, 24, 12, tzinfo=UTC),
    datetime(2026, 4, 3, 12, tzinfo=UTC),
    datetime(2026, 11, 26, 12, tzinfo=UTC),
    datetime(2026, 12, 31, 20, tzinfo=UTC),
]


def us(instant: datetime) -> int:
    return (instant - EPOCH) // US


@cache
def contract_list() -> list[Contract]:
    plain = [
        ("kmp", "premier", "dublin"),
        ("kmp", "standard", "austin"),
        ("kmp", "basic", "amsterdam"),
        ("truststram", "platinum", "amsterdam"),  # the wall clock: every target 24x7
        ("truststram", "gold", "dublin"),
        ("truststram", "silver", "austin"),
    ]
    contracts = [
        Contract(framework=framework, tier=tier, region=region, severity_change=mode)
        for framework, tier, region in plain
        for mode in ("retarget", "restart")
    ]
    split = Calendar(
        timezone="America/Chicago",
        hours={"mon-fri": ["08:00-12:00", "13:00-17:30"], "sat": "10:00-11:00"},
    )
    contracts.append(Contract(framework="kmp", tier="standard", calendar=split))
    contracts.append(Contract(framework="kmp", tier="premier", calendar=Calendar.always("UTC")))
    return contracts


def calendars() -> list[Calendar]:
    return [contract.business_calendar for contract in contract_list()]  # type: ignore[misc]


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    near = draw(st.sampled_from([None, *NEAR]))
    if near is None:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(
            seconds=draw(st.integers(0, 360 * 86_400))
        )
    return near + timedelta(minutes=draw(st.integers(-4 * 24 * 60, 2 * 24 * 60)))


def gaps() -> st.SearchStrategy[timedelta]:
    """Zero, a microsecond, whole minutes up to four days, or any microsecond count."""
    return st.one_of(
        st.just(timedelta(0)),
        st.just(US),
        st.integers(1, 4 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes)),
        st.integers(0, 4 * 86_400 * 10**6).map(lambda n: n * US),
    )


@st.composite
def tickets(draw: st.DrawFn, number: int) -> Ticket:
    """A simple timeline (responded and resolved only) or any valid one."""
    opened = draw(instants())
    severity = draw(st.sampled_from(SEVERITIES))
    at, events = opened, list[Event]()
    if draw(st.booleans()):
        if draw(st.booleans()):
            at += draw(gaps())
            events.append(Event.responded(at))
        if draw(st.booleans()):
            at += draw(gaps())
            events.append(Event.resolved(at))
        return Ticket(f"T-{number}", severity, opened, events=events)
    paused = resolved = False
    for _ in range(draw(st.integers(0, 6))):
        at += draw(gaps())
        if resolved:
            kinds = ["reopened"]
        else:
            kinds = ["responded", "severity_changed", "resolved", "resumed" if paused else "paused"]
        kind = draw(st.sampled_from(kinds))
        if kind == "severity_changed":
            events.append(Event.severity_changed(at, draw(st.sampled_from(SEVERITIES))))
        else:
            events.append(Event(kind=kind, at=at))
        paused = kind == "paused" or (paused and kind not in ("resumed", "resolved"))
        resolved = kind == "resolved" or (resolved and kind != "reopened")
    return Ticket(f"T-{number}", severity, opened, events=events)


@st.composite
def changing_tickets(draw: st.DrawFn, number: int) -> Ticket:
    """A timeline heavy in severity changes: several per ticket, before and after the
    response, before and after a breach (gaps of hours and days), while paused, after a
    resolution and a reopen, to the same severity again."""
    opened = draw(instants())
    severity = draw(st.sampled_from(SEVERITIES))
    at, events = opened, list[Event]()
    paused = resolved = False
    long_gaps = st.one_of(gaps(), st.integers(1, 6 * 24 * 60).map(lambda m: timedelta(minutes=m)))
    for _ in range(draw(st.integers(1, 10))):
        at += draw(long_gaps)
        if resolved:
            kinds = ["reopened"]
        else:
            kinds = ["severity_changed"] * 3 + [
                "responded", "resolved", "resumed" if paused else "paused"
            ]  # fmt: skip
        kind = draw(st.sampled_from(kinds))
        if kind == "severity_changed":
            events.append(Event.severity_changed(at, draw(st.sampled_from(SEVERITIES))))
        else:
            events.append(Event(kind=kind, at=at))
        paused = kind == "paused" or (paused and kind not in ("resumed", "resolved"))
        resolved = kind == "resolved" or (resolved and kind != "reopened")
    return Ticket(f"T-{number}", severity, opened, events=events)


@st.composite
def batches(draw: st.DrawFn, changing: bool = False) -> tuple[list[Ticket], list[int], datetime]:
    count = draw(st.integers(1, 12))
    make = changing_tickets if changing else tickets
    found = [draw(make(number)) for number in range(count)]
    codes = [draw(st.integers(0, len(contract_list()) - 1)) for _ in found]
    latest = max(ticket.opened_at for ticket in found)
    now = draw(
        st.one_of(
            st.just(latest),
            st.builds(lambda gap: latest + gap, gaps()),
            st.builds(lambda days: latest + timedelta(days=days), st.integers(1, 60)),
            st.builds(lambda gap: latest - gap, gaps()),  # often: one opened after now
        )
    )
    return found, codes, now


def check_row(columns: StatusColumns, row: int, ticket: Ticket, contract: Contract,
              now: datetime) -> None:  # fmt: skip
    """Row ``row`` of ``columns`` against ``evaluate``, field by field."""
    status = evaluate(ticket, contract, now)
    assert SEVERITIES[columns.severity[row]] is status.severity
    for out, metric in zip(columns[1:], status.metrics(), strict=True):
        where = f"{ticket.id} {metric.metric.value}"
        assert SEVERITIES[out.severity[row]] is metric.severity, where
        assert STATES[out.state[row]] is metric.state, where
        assert out.target_length[row] == metric.target_length // US, where
        for name in ("due_at", "breached_at", "stopped_at"):
            value = getattr(metric, name)
            assert out[out._fields.index(name)][row] == (NAT if value is None else us(value)), (
                where,
                name,
            )
        assert out.elapsed[row] == metric.elapsed // US, where
        assert out.percent_used[row] == float(metric.percent_used), where
        assert out.met[row] == (-1 if metric.met is None else int(metric.met)), where
        assert bool(out.breached[row]) is metric.breached, where
        assert out.wall_elapsed[row] == metric.wall_elapsed // US, where
        assert out.wall_percent_used[row] == float(metric.wall_percent_used), where
        assert out.paused[row] == metric.paused // US, where
        assert out.cycles[row] == len(metric.cycles), where


# -- evaluate_batch against evaluate -----------------------------------------------------------


@given(batches())
def test_a_batch_gives_evaluate_s_answers_field_by_field(
    case: tuple[list[Ticket], list[int], datetime],
) -> None:
    found, codes, now = case
    contracts = contract_list()
    batch = batch_of_tickets(found, np.array(codes))
    late = [ticket for ticket in found if ticket.opened_at > now]
    if late:
        with pytest.raises(TimelineError) as raised:
            evaluate_batch(batch, contracts, now)
        with pytest.raises(TimelineError) as scalar:
            evaluate(late[0], contracts[codes[found.index(late[0])]], now)
        assert str(raised.value) == str(scalar.value)
        return
    columns = evaluate_batch(batch, contracts, now)
    for row, ticket in enumerate(found):
        check_row(columns, row, ticket, contracts[codes[row]], now)


@given(batches(changing=True), st.booleans())
def test_severity_changes_give_evaluate_s_answers_field_by_field(
    case: tuple[list[Ticket], list[int], datetime], whole: bool
) -> None:
    """Many changes per ticket, restart and retarget contracts; with ``whole``, the tickets
    with a change are given as ``Batch.tickets`` (read into the event columns)."""
    found, codes, now = case
    if any(ticket.opened_at > now for ticket in found):
        now = max(ticket.opened_at for ticket in found)
    contracts = contract_list()
    batch = batch_of_tickets(found, np.array(codes))
    if whole and batch.events is not None:  # (None: only responses and resolutions)
        changed = {
            row: ticket
            for row, ticket in enumerate(found)
            if any(event.kind == "severity_changed" for event in ticket.events)
        }
        assert batch.events.severity is not None
        keep = ~np.isin(batch.events.row, list(changed))
        rest = batch.events._replace(
            row=batch.events.row[keep], at=batch.events.at[keep], kind=batch.events.kind[keep],
            severity=None if not (batch.events.severity[keep] >= 0).any() else
            batch.events.severity[keep],
        )  # fmt: skip
        batch = batch._replace(tickets=changed, events=rest if keep.any() else None)
    columns = evaluate_batch(batch, contracts, now)
    for row, ticket in enumerate(found):
        check_row(columns, row, ticket, contracts[codes[row]], now)


def test_severity_changes_are_evaluated_with_the_rest() -> None:
    opened = datetime(2026, 10, 5, 9, tzinfo=UTC)
    found = [
        Ticket("T-1", "P1", opened),
        Ticket("T-2", "P2", opened, events=[Event.responded(opened), Event.resolved(opened)]),
        Ticket("T-3", "P2", opened, events=[Event.paused(opened), Event.resumed(opened)]),
        Ticket("T-4", "P3", opened, events=[Event.responded(opened), Event.responded(opened)]),
        Ticket("T-5", "P3", opened, events=[Event.severity_changed(opened, "P1")]),
        Ticket("T-6", "P4", opened, events=[Event.resolved(opened), Event.reopened(opened)]),
    ]
    batch = batch_of_tickets(found, 0)
    assert sorted(set(batch.events.row.tolist())) == [2, 3, 4, 5] and not batch.tickets
    contract = contract_list()[0]
    now = opened + timedelta(days=3)
    columns = evaluate_batch(batch, [contract], now)
    for row, ticket in enumerate(found):
        check_row(columns, row, ticket, contract, now)


def test_events_after_now_are_ignored() -> None:
    opened = datetime(2026, 10, 5, 9, tzinfo=UTC)
    events = [Event.responded(opened + timedelta(hours=3)),
              Event.resolved(opened + timedelta(hours=5))]  # fmt: skip
    ticket = Ticket("T-1", "P2", opened, events=events)
    contract = contract_list()[0]
    for hours in (0, 2, 3, 4, 5, 6):
        now = opened + timedelta(hours=hours)
        check_row(evaluate_batch(batch_of_tickets([ticket], 0), [contract], now), 0, ticket,
                  contract, now)  # fmt: skip


def test_an_empty_batch() -> None:
    columns = evaluate_batch(batch_of_tickets([], 0), contract_list()[:1], NEAR[0])
    assert len(columns.severity) == 0 and len(columns.response.elapsed) == 0


def test_a_batch_of_columns_without_ticket_objects() -> None:
    opened = us(datetime(2026, 10, 5, 9, tzinfo=UTC))
    batch = Batch(
        ids=np.array(["A", "B"], dtype=object),
        severity=np.array([0, 1], dtype=np.int8),
        opened=np.array([opened, opened]),
        responded=np.array([opened + 20 * 60 * 10**6, NAT]),
        resolved=np.array([NAT, NAT]),
        contract=np.array([0, 0]),
    )
    now = datetime(2026, 10, 5, 10, tzinfo=UTC)
    columns = evaluate_batch(batch, contract_list()[:1], now)
    assert columns.response.met.tolist() == [0, -1]  # SEV1: 15 min, answered after 20
    assert columns.response.percent_used.tolist() == [133.33, 50.0]  # SEV2: 1 h of 2


def test_severity_changes_need_their_new_severity() -> None:
    opened = us(datetime(2026, 10, 5, 9, tzinfo=UTC))
    changed = KINDS.index(EventKind.SEVERITY_CHANGED)
    events = EventColumns(np.array([0]), np.array([opened + HOUR]), np.array([changed]))
    batch = Batch(
        ids=np.array(["A", "B"], dtype=object),
        severity=np.array([0, 1], dtype=np.int8),
        opened=np.array([opened, opened]),
        responded=np.array([NAT, NAT]),
        resolved=np.array([NAT, NAT]),
        contract=np.array([0, 0]),
        events=events,
    )
    now = datetime(2026, 10, 5, 12, tzinfo=UTC)
    whole = {1: Ticket("B", "P2", from_us(opened, UTC))}
    for case in (batch, batch._replace(tickets=whole)):
        with pytest.raises(UsageError, match="severity changes but no severity column"):
            evaluate_batch(case, contract_list()[:1], now)
    given = batch._replace(events=events._replace(severity=np.array([2])), tickets=whole)
    columns = evaluate_batch(given, contract_list()[:1], now)
    change = Event.severity_changed(from_us(opened + HOUR, UTC), "P3")
    expected = Ticket("A", "P1", from_us(opened, UTC), events=[change])
    check_row(columns, 0, expected, contract_list()[0], now)
    check_row(columns, 1, whole[1], contract_list()[0], now)


# -- add and elapsed against the scalar index --------------------------------------------------


@given(
    st.sampled_from(range(len(contract_list()))),
    st.lists(st.tuples(instants(), st.integers(0, 60 * 24 * 3600 * 10**6)), min_size=1,
             max_size=20),
)  # fmt: skip
def test_add_and_elapsed_equal_the_scalar_index(
    which: int, queries: list[tuple[datetime, int]]
) -> None:
    index = calendars()[which].compiled
    starts = np.array([us(start) for start, _ in queries], dtype=np.int64)
    amounts = np.array([amount for _, amount in queries], dtype=np.int64)
    deadlines = add(index, starts, amounts)
    pairs = list(zip(starts.tolist(), amounts.tolist(), strict=True))
    assert deadlines.tolist() == [index.add(s, d) for s, d in pairs]
    ends = starts + amounts
    assert elapsed(index, starts, ends).tolist() == [
        index.elapsed(s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    assert elapsed(index, ends, starts).tolist() == [
        index.elapsed(e, s) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    back = add(index, ends, -amounts)
    assert back.tolist() == [
        index.add(e, -d) for e, d in zip(ends.tolist(), amounts.tolist(), strict=True)
    ]
    p = positions(index, np.array([starts[0], ends[0]]))
    assert int(p[1] - p[0]) == index.elapsed(int(starts[0]), int(ends[0]))


def test_a_deadline_past_the_compiled_years_is_searched_on() -> None:
    index = Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"}).compiled
    start = us(datetime(2026, 12, 31, 16, tzinfo=UTC))
    far = 8 * HOUR * 600  # about 2.3 years of business days
    assert add(index, np.array([start]), np.array([far])).tolist() == [index.add(start, far)]


def test_instants_outside_the_years_slakit_computes() -> None:
    index = Calendar.always("UTC").compiled
    with pytest.raises(RangeError, match="outside the years slakit computes"):
        elapsed(index, np.array([0]), np.array([us(datetime(2999, 12, 31, tzinfo=UTC)) * 2]))


def test_a_year_added_to_a_24x7_calendar_is_seen() -> None:
    # Found by the property test: appending a year to an always-open calendar lengthens its
    # last interval without adding one; arrays converted before must not be reused.
    index = Calendar.always("Pacific/Auckland").compiled
    start = us(datetime(2026, 6, 1, tzinfo=UTC))
    assert elapsed(index, np.array([start]), np.array([start + HOUR])).tolist() == [HOUR]
    later = us(datetime(2027, 6, 1, tzinfo=UTC))
    assert elapsed(index, np.array([start]), np.array([later])).tolist() == [later - start]
    assert add(index, np.array([start]), np.array([later - start])).tolist() == [later]
