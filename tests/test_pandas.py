"""slakit.pandas: ticket frames in, status, statement and compliance frames out.

Expected values come from the contract text: KMP Premier is 12x5 (Mon–Fri
06:00–18:00 local) with Sev1 on the 24x7 clock (15 min response, 4 h
resolution) and Sev2 on business time (2 h response, 24 h resolution).
Monday 5 October 2026 is a working day in Dublin (IST, UTC+1).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import Contract, Event, Month, Outage, Ticket, compliance, evaluate, monthly_credit
from slakit.clock import status_record
from slakit.errors import DataFileError, NaiveDatetimeError, UsageError, WrongTypeError
from slakit.pandas import (
    FRAME_COLUMNS,
    STATUS_COLUMNS,
    compliance_frame,
    evaluate_frame,
    statement_frame,
)

pd = pytest.importorskip("pandas")

from test_columnar import batches, contract_list  # noqa: E402 - the same random tickets

DUBLIN_PREMIER = Contract(framework="kmp", tier="premier", region="dublin")
MONDAY_10_30_UTC = datetime(2026, 10, 5, 10, 30, tzinfo=UTC)


def tickets_frame(**overrides: list[object]) -> pd.DataFrame:
    columns: dict[str, list[object]] = {
        "id": ["T-1", "T-2"],
        "severity": ["sev1", "P2"],
        "opened_at": pd.to_datetime(["2026-10-05T09:00:00+01:00", "2026-10-05T10:00:00+01:00"]),
        "first_response_at": ["2026-10-05T09:10:00+01:00", None],
        "resolved_at": [pd.NaT, ""],
    }
    columns.update(overrides)
    return pd.DataFrame(columns, index=["a", "b"])


# -- evaluate_frame -----------------------------------------------------------------------------


def test_one_row_per_ticket_with_the_documented_columns() -> None:
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert list(frame.columns[: len(STATUS_COLUMNS)]) == list(STATUS_COLUMNS)
    assert list(frame.columns[len(STATUS_COLUMNS) :]) == [
        "contract", "customer", "response_cycles", "resolution_cycles"]  # fmt: skip
    assert list(frame.columns[:4]) == ["ticket_id", "framework", "tier", "compliance_goal"]
    assert {"response_breached_at", "resolution_due_at", "resolution_met"} <= set(frame.columns)
    assert list(frame.index) == ["a", "b"]  # the input's index, to join back
    assert frame["ticket_id"].tolist() == ["T-1", "T-2"]
    assert frame["severity"].tolist() == ["SEV1", "SEV2"]
    assert frame["framework"].tolist() == ["kmp", "kmp"]
    assert frame["tier"].tolist() == ["premier", "premier"]


def test_columns_are_the_fields_of_json_and_csv_with_their_types() -> None:
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    opened = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)
    ticket = Ticket("T-1", "sev1", opened, events=[Event.responded(opened + timedelta(minutes=10))])
    status = evaluate(ticket, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    data = status.model_dump(mode="json")
    flat = {name for name in data if name not in ("response", "resolution")}
    for metric in ("response", "resolution"):
        flat |= {f"{metric}_{name}" for name in data[metric] if name not in ("metric", "cycles")}
    extra = {"contract", "customer", "response_cycles", "resolution_cycles"}
    assert set(frame.columns) - extra == flat == set(status_record(status))
    first = frame.loc["a"]
    # Sev1 opened 08:00 UTC, answered at 08:10 against 15 minutes of wall time.
    assert first["response_elapsed"] == pd.Timedelta(minutes=10)
    assert first["response_wall_elapsed"] == pd.Timedelta(minutes=10)
    assert first["response_remaining"] == pd.Timedelta(minutes=5)
    assert first["response_percent_used"] == 66.67  # the nearest float to Decimal("66.67")
    assert first["response_target"] == "15m 24x7"
    assert first["compliance_goal"] == 99.0  # KMP: 99%, as a percent
    assert first["response_cycles"] == 1
    assert first["response_stopped_at"] == pd.Timestamp("2026-10-05T08:10:00Z")
    assert first["resolution_paused"] == pd.Timedelta(0)


def test_statuses_follow_the_contract() -> None:
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    first, second = frame.loc["a"], frame.loc["b"]
    # Sev1 opened 08:00 UTC, answered after 10 minutes: met, due 15 minutes after opening.
    assert first["response_state"] == "stopped"
    assert bool(first["response_met"]) is True
    assert first["response_elapsed"] == timedelta(minutes=10)
    assert first["response_due_at"] == datetime(2026, 10, 5, 8, 15, tzinfo=UTC)
    assert pd.isna(first["response_breached_at"])
    # Its 4-hour resolution (24x7) runs out at 12:00 UTC; at 10:30 it has run 2.5 h.
    assert first["resolution_state"] == "running"
    assert first["resolution_due_at"] == datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
    assert first["resolution_elapsed"] == timedelta(hours=2, minutes=30)
    # Sev2 opened 09:00 UTC, not answered: 1.5 of its 2 business hours used, undecided.
    assert second["response_state"] == "running"
    assert pd.isna(second["response_met"])
    assert not second["response_breached"]
    assert second["response_elapsed"] == timedelta(hours=1, minutes=30)
    assert second["response_due_at"] == datetime(2026, 10, 5, 11, 0, tzinfo=UTC)


def test_column_types() -> None:
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert str(frame["response_met"].dtype) == "boolean"  # nullable: <NA> while undecided
    assert frame["response_breached"].dtype == bool
    assert pd.api.types.is_timedelta64_dtype(frame["response_elapsed"])
    assert isinstance(frame["response_due_at"].dtype, pd.DatetimeTZDtype)


def test_instants_come_back_in_the_timezone_of_now() -> None:
    now = pd.Timestamp("2026-10-05T11:30:00", tz="Europe/Dublin")
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, now)
    assert str(frame["response_due_at"].dt.tz) == "Europe/Dublin"
    assert frame["response_due_at"].dt.strftime("%H:%M").tolist() == ["09:15", "12:00"]


def test_now_may_be_iso_text() -> None:
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, "2026-10-05T10:30:00Z")
    assert frame["response_elapsed"].tolist() == [timedelta(minutes=10), timedelta(minutes=90)]


def test_events_frame_pauses_the_resolution_clock() -> None:
    # Sev2 opened Monday 09:00 UTC, answered 09:30, waiting on the customer 10:00–12:00:
    # at 13:00 the resolution clock has run 09:00–10:00 and 12:00–13:00.
    tickets = pd.DataFrame({
        "id": ["T-7"], "severity": ["sev2"], "opened_at": ["2026-10-05T09:00:00Z"],
        "first_response_at": ["2026-10-05T09:30:00Z"],
    })  # fmt: skip
    events = pd.DataFrame({
        "ticket_id": ["T-7", "T-7"],
        "at": ["2026-10-05T10:00:00Z", "2026-10-05T12:00:00Z"],
        "kind": ["paused", "resumed"],
    })  # fmt: skip
    now = datetime(2026, 10, 5, 13, 0, tzinfo=UTC)
    frame = evaluate_frame(tickets, DUBLIN_PREMIER, now, events=events)
    assert frame.loc[0, "resolution_elapsed"] == timedelta(hours=2)
    assert frame.loc[0, "resolution_state"] == "running"


def test_events_frame_severity_change_and_unknown_ticket() -> None:
    tickets = pd.DataFrame({"id": ["T-8"], "severity": ["sev3"],
                            "opened_at": ["2026-10-05T09:00:00Z"]})  # fmt: skip
    events = pd.DataFrame({"ticket_id": ["T-8"], "at": ["2026-10-05T09:05:00Z"],
                           "kind": ["severity_changed"], "value": ["P1"]})  # fmt: skip
    frame = evaluate_frame(tickets, DUBLIN_PREMIER, MONDAY_10_30_UTC, events=events)
    assert frame.loc[0, "severity"] == "SEV1"
    stray = events.assign(ticket_id=["T-404"])
    with pytest.raises(DataFileError, match="events for tickets not in the tickets frame: T-404"):
        evaluate_frame(tickets, DUBLIN_PREMIER, MONDAY_10_30_UTC, events=stray)


def test_naive_timestamp_names_the_row_and_column() -> None:
    naive = pd.to_datetime(["2026-10-05T09:00:00", "2026-10-05T10:00:00"])
    with pytest.raises(NaiveDatetimeError, match=r"^row a \(ticket T-1\), column opened_at is a"):
        evaluate_frame(tickets_frame(opened_at=list(naive)), DUBLIN_PREMIER, MONDAY_10_30_UTC)


def test_naive_iso_text_names_the_row_and_column() -> None:
    frame = tickets_frame(first_response_at=[None, "2026-10-05T10:10:00"])
    with pytest.raises(NaiveDatetimeError) as caught:
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert caught.value.argument == "row b (ticket T-2), column first_response_at"


def test_naive_now() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"^now is a naive datetime"):
        evaluate_frame(tickets_frame(), DUBLIN_PREMIER, datetime(2026, 10, 5, 10, 30))  # noqa: DTZ001


def test_unreadable_cells_and_missing_columns() -> None:
    with pytest.raises(DataFileError, match=r"row b \(ticket T-2\), column opened_at: 'soon'"):
        evaluate_frame(tickets_frame(opened_at=["2026-10-05T08:00:00Z", "soon"]),
                       DUBLIN_PREMIER, MONDAY_10_30_UTC)  # fmt: skip
    with pytest.raises(
        DataFileError, match=r"^the tickets frame: missing column severity; it has id"
    ):
        evaluate_frame(tickets_frame().drop(columns="severity"), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    with pytest.raises(DataFileError, match="row a, column id: is empty"):
        evaluate_frame(tickets_frame(id=[None, "T-2"]), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    with pytest.raises(
        DataFileError,
        match=r"^row b \(ticket T-1\), column id: ticket T-1 appears twice, first in row a$",
    ):
        evaluate_frame(tickets_frame(id=["T-1", "T-1"]), DUBLIN_PREMIER, MONDAY_10_30_UTC)


@pytest.mark.parametrize(
    ("tickets", "events", "expected"),
    [
        ([{"id": "T-1"}], None, "tickets must be a pandas DataFrame, not list"),
        ({"id": ["T-1"]}, None, "tickets must be a pandas DataFrame, not dict"),
        (None, [1], "events must be a pandas DataFrame, not list"),
    ],
)
def test_what_is_not_a_frame_is_a_wrong_type_error(
    tickets: object, events: object, expected: str
) -> None:
    with pytest.raises(WrongTypeError) as raised:
        evaluate_frame(
            tickets_frame() if tickets is None else tickets,  # type: ignore[arg-type]
            DUBLIN_PREMIER,
            MONDAY_10_30_UTC,
            events,  # type: ignore[arg-type]
        )
    assert str(raised.value) == expected


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        (
            ["id", "id", "severity", "opened_at"],
            [["T-1", "T-1b", "P1", "2026-10-05T09:00:00Z"]],
            "the tickets frame, column id: the frame names this column twice (columns 1 and 2)",
        ),
        (
            ["id", "severity", "opened_at", "severity"],
            [["T-1", "P1", "2026-10-05T09:00:00Z", "P2"]] * 3,
            "the tickets frame, column severity: the frame names this column twice "
            "(columns 2 and 4)",
        ),
    ],
)
def test_a_column_named_twice_in_a_frame(
    columns: list[str], rows: list[list[str]], expected: str
) -> None:
    # Before, the first gave a bare ValueError from zip(), the second "'severity' is not
    # a severity": frame["severity"] is then a frame, and iterating it yields the labels.
    with pytest.raises(DataFileError) as raised:
        evaluate_frame(pd.DataFrame(rows, columns=columns), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert str(raised.value) == expected


def test_a_duplicated_events_column() -> None:
    events = pd.DataFrame(
        [["T-1", "2026-10-05T09:30:00Z", "paused", "x"]], columns=["ticket_id", "at", "kind", "at"]
    )
    with pytest.raises(DataFileError) as raised:
        evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC, events)
    assert str(raised.value) == (
        "the events frame, column at: the frame names this column twice (columns 2 and 4)"
    )


def test_a_broken_timeline_names_the_row() -> None:
    frame = tickets_frame(first_response_at=["2026-10-05T07:00:00+01:00", None])
    with pytest.raises(DataFileError, match=r"^row a: ticket T-1, event 0 \(responded"):
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)


def test_now_before_opening_names_the_row() -> None:
    with pytest.raises(DataFileError) as raised:
        evaluate_frame(tickets_frame(), DUBLIN_PREMIER, datetime(2026, 10, 1, tzinfo=UTC))
    assert str(raised.value) == (
        "row a (ticket T-1), column opened_at: now (2026-10-01T00:00:00+00:00) is before "
        "ticket T-1 was opened (2026-10-05T09:00:00+01:00); evaluate at an instant after every "
        "opening"
    )


def test_frames_and_csv_files_follow_the_same_rules(tmp_path: Path) -> None:
    # One reading path: the same error class and wording, only "where" differs.
    from slakit.data_files import read_tickets

    path = tmp_path / "tickets.csv"
    path.write_text("id,severity,opened_at\nT-1,P1,2026-10-05T09:00:00\n", encoding="utf-8")
    with pytest.raises(NaiveDatetimeError) as from_file:
        read_tickets(path)
    frame = pd.DataFrame({"id": ["T-1"], "severity": ["P1"], "opened_at": ["2026-10-05T09:00:00"]})
    with pytest.raises(NaiveDatetimeError) as from_frame:
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    detail = (
        "'2026-10-05T09:00:00' has no UTC offset; "
        "write e.g. 2026-10-05T09:00:00+00:00 or 2026-10-05T09:00:00Z"
    )
    assert str(from_file.value) == f"{path}, row 2, column opened_at: {detail}"
    assert str(from_frame.value) == f"row 0 (ticket T-1), column opened_at: {detail}"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3000-01-01T00:00:00Z", "3000-01-01T00:00:00+00:00 is in the year 3000, outside"),
        (5, "5 (int) is not an instant"),
    ],
)
def test_frame_cells_outside_the_rules(cell: object, expected: str) -> None:
    frame = pd.DataFrame({"id": ["T-1"], "severity": ["P1"], "opened_at": [cell]})
    with pytest.raises(DataFileError) as raised:
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert str(raised.value).startswith(f"row 0 (ticket T-1), column opened_at: {expected}")


def test_numpy_datetimes_are_naive() -> None:
    naive = pd.to_datetime(["2026-10-05T09:00:00"]).to_numpy()  # numpy.datetime64 values
    frame = pd.DataFrame({"id": ["T-1"], "severity": ["P1"], "opened_at": list(naive)})
    with pytest.raises(NaiveDatetimeError, match=r"^row 0 \(ticket T-1\), column opened_at is a"):
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)


def test_an_empty_frame_gives_an_empty_frame_with_the_columns() -> None:
    empty = tickets_frame().iloc[:0]
    frame = evaluate_frame(empty, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert frame.empty and list(frame.columns) == list(FRAME_COLUMNS)


def test_agrees_with_evaluate_on_the_example_month() -> None:
    from slakit.example_data import data_dir, load_month

    folder = data_dir()
    contracts, tickets, _, _ = load_month(folder)
    name = "truststram-platinum-amsterdam"  # crosses the end of summer time on 25 October
    frame = pd.read_csv(folder / "tickets.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["contract"] == name]
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events = events[events["ticket_id"].isin(frame["id"])]
    now = datetime(2026, 11, 1, tzinfo=UTC)
    result = evaluate_frame(frame, contracts[name], now, events=events)
    assert len(result) == len(tickets[name])
    for (_, row), ticket in zip(result.iterrows(), tickets[name], strict=True):
        status = evaluate(ticket, contracts[name], now)
        assert row["ticket_id"] == ticket.id
        for metric in status.metrics():
            prefix = metric.metric.value
            assert row[f"{prefix}_state"] == metric.state.value
            assert row[f"{prefix}_elapsed"] == metric.elapsed
            assert row[f"{prefix}_breached"] == metric.breached
            assert (None if pd.isna(row[f"{prefix}_met"]) else bool(row[f"{prefix}_met"])) == (
                metric.met
            )
            for column in ("due_at", "breached_at"):
                expected = getattr(metric, column)
                value = row[f"{prefix}_{column}"]
                assert (pd.isna(value) and expected is None) or value == expected


# -- statement_frame and compliance_frame ----------------------------------------------------


def test_statement_frame() -> None:
    # KMP: availability below 99.9% owes 10% of the monthly fee. One hour down in October
    # (744 hours, UTC) leaves 99.87%: USD 400 of USD 4,000.
    contract = Contract(framework="kmp", tier="standard", region="austin",
                        monthly_fee="USD 4,000", customer="Acme")  # fmt: skip
    outage = Outage(start=datetime(2026, 10, 6, 14, tzinfo=UTC),
                    end=datetime(2026, 10, 6, 15, tzinfo=UTC), id="O-1")  # fmt: skip
    statement = monthly_credit(contract, Month(2026, 10, "UTC"), outages=[outage])
    frame = statement_frame(statement)
    assert list(frame.columns) == list(statement.to_records()[0])
    assert frame["kind"].tolist() == ["availability", "subtotal", "total"]
    assert frame["amount"].dtype == "float64" and frame["monthly_fee"].dtype == "float64"
    assert frame["amount"].tolist() == [400.0] * 3
    assert frame["monthly_fee"].tolist() == [4000.0] * 3
    assert frame["currency"].tolist() == ["USD"] * 3
    assert frame["customer"].unique().tolist() == ["Acme"]
    assert str(frame["items"].dtype) == "Int64" and frame.loc[0, "items"] == 1
    assert pd.isna(frame.loc[2, "items"])
    # The exact amounts stay in the statement's own frame.
    assert statement.to_frame()["amount"].tolist() == [Decimal("400.00")] * 3
    with pytest.raises(WrongTypeError, match="statement must be a CreditStatement, not dict"):
        statement_frame({})  # type: ignore[arg-type]


def test_statement_frame_without_lines() -> None:
    contract = Contract(framework="truststram", tier="gold", region="dublin",
                        monthly_fee="EUR 7,000")  # fmt: skip
    frame = statement_frame(monthly_credit(contract, "2026-10"))
    assert frame["kind"].tolist() == ["subtotal", "total"]
    assert frame["currency"].tolist() == ["EUR", "EUR"]
    assert frame["amount"].tolist() == [0.0, 0.0]


def platinum_p1_report() -> tuple[object, list[Ticket], Contract]:
    # TrustStram Platinum: P1 response within 15 minutes, goal 99.9%.
    contract = Contract(framework="truststram", tier="platinum", region="austin",
                        id="acme", customer="Acme")  # fmt: skip
    opened = datetime(2026, 10, 5, 9, tzinfo=UTC)
    tickets = [
        Ticket(f"T-{minutes}", "P1", opened,
               events=[Event.responded(opened + timedelta(minutes=minutes))])
        for minutes in (5, 10, 20)
    ]  # fmt: skip
    end = datetime(2026, 11, 1, tzinfo=UTC)
    report = compliance([evaluate(t, contract, end) for t in tickets], Month(2026, 10, "UTC"))
    return report, tickets, contract


def test_compliance_frame_of_a_report() -> None:
    report, _, _ = platinum_p1_report()
    frame = compliance_frame(report)  # type: ignore[arg-type]
    assert list(frame.columns) == ["tier", "severity", "metric", "total", "met", "breached",
                                   "rate", "goal", "meets_goal"]  # fmt: skip
    assert frame["met"].dtype == "int64" and frame["breached"].dtype == "int64"
    assert frame["rate"].dtype == "float64" and frame["goal"].dtype == "float64"
    assert str(frame["meets_goal"].dtype) == "boolean"
    assert frame.values.tolist() == [
        ["platinum", "SEV1", "response", 3, 2, 1, 200 / 3, 99.9, False]
    ]


def test_compliance_frame_of_an_empty_report() -> None:
    frame = compliance_frame(compliance([], Month(2026, 10, "UTC")))
    assert frame.empty and "met" in frame.columns and "rate" in frame.columns


def status_frame_of(tickets: list[Ticket], contract: Contract) -> pd.DataFrame:
    rows = []
    for ticket in tickets:
        responded = [e.at for e in ticket.events if e.kind == "responded"]
        resolved = [e.at for e in ticket.events if e.kind == "resolved"]
        rows.append({"id": ticket.id, "severity": ticket.severity.value,
                     "opened_at": ticket.opened_at.isoformat(),
                     "first_response_at": responded[0].isoformat() if responded else "",
                     "resolved_at": resolved[0].isoformat() if resolved else "",
                     "contract": contract.id})  # fmt: skip
    return evaluate_frame(pd.DataFrame(rows), [contract], datetime(2026, 11, 1, tzinfo=UTC))


def test_compliance_frame_of_a_status_frame_equals_the_report() -> None:
    report, tickets, contract = platinum_p1_report()
    status = status_frame_of(tickets, contract)
    frame = compliance_frame(status, period=Month(2026, 10, "UTC"))
    assert frame.values.tolist() == compliance_frame(report).values.tolist()  # type: ignore[arg-type]
    by_customer = compliance_frame(status, by="customer")
    assert by_customer[["customer", "metric", "total", "met"]].values.tolist() == [
        ["Acme", "response", 3, 2]
    ]
    assert isinstance(frame["tier"].dtype, pd.CategoricalDtype) and frame["tier"].cat.ordered


def test_compliance_goal_is_decided_on_exact_counts() -> None:
    # 999 of 1000 is exactly 99.9%: it meets a 99.9% goal, whatever floats would say.
    frame = pd.DataFrame({
        "tier": ["platinum"] * 1000, "compliance_goal": [99.9] * 1000,
        "response_state": ["stopped"] * 1000, "resolution_state": ["running"] * 1000,
        "response_met": pd.array([True] * 999 + [False], dtype="boolean"),
        "resolution_met": pd.array([None] * 1000, dtype="boolean"),
        "response_severity": ["SEV1"] * 1000, "resolution_severity": ["SEV1"] * 1000,
    })  # fmt: skip
    result = compliance_frame(frame, by=["tier"])
    assert result[["total", "met", "breached"]].values.tolist() == [[1000, 999, 1]]
    assert bool(result.loc[0, "meets_goal"]) is True
    assert bool(compliance_frame(frame.iloc[1:], by="tier").loc[0, "meets_goal"]) is False


def test_compliance_frame_by_a_derived_column_and_a_bad_one() -> None:
    _, tickets, contract = platinum_p1_report()
    status = status_frame_of(tickets, contract)
    status["week"] = status["opened_at"].dt.strftime("%G-W%V")
    frame = compliance_frame(status, by=["week", "severity"])
    assert frame[["week", "severity", "metric", "total"]].values.tolist() == [
        ["2026-W41", "SEV1", "response", 3]
    ]
    with pytest.raises(UsageError, match="cannot group by month: the frame has no such column"):
        compliance_frame(status, by="month")
    with pytest.raises(UsageError, match="source is not a status frame from evaluate_frame"):
        compliance_frame(pd.DataFrame({"tier": ["gold"]}))
    with pytest.raises(WrongTypeError, match="source must be a ComplianceReport"):
        compliance_frame([1, 2])  # type: ignore[arg-type]


# -- several contracts, routed by the contract column ---------------------------------------


def test_rows_are_routed_by_their_contract() -> None:
    gold = Contract(framework="truststram", tier="gold", region="amsterdam", id="acme-gold",
                    customer="Acme")  # fmt: skip
    premier = Contract(framework="kmp", tier="premier", region="dublin", id="beta-premier",
                       customer="Beta")  # fmt: skip
    tickets = tickets_frame(contract=["beta-premier", "acme-gold"])
    frame = evaluate_frame(tickets, {"acme-gold": gold, "beta-premier": premier},
                           MONDAY_10_30_UTC)  # fmt: skip
    assert frame["contract"].tolist() == ["beta-premier", "acme-gold"]
    assert frame["customer"].tolist() == ["Beta", "Acme"]
    assert frame["framework"].tolist() == ["kmp", "truststram"]
    assert frame["tier"].tolist() == ["premier", "gold"]
    # Each framework's tiers in catalog order (best first), frameworks as the contracts come.
    assert list(frame["tier"].cat.categories) == ["platinum", "gold", "silver", "premier",
                                                  "standard", "basic"]  # fmt: skip
    for label, contract in (("a", premier), ("b", gold)):
        row = frame.loc[label]
        opened = row["opened_at"].to_pydatetime()
        ticket = Ticket(row["ticket_id"], row["severity"], opened)
        if label == "a":
            ticket = Ticket("T-1", "sev1", opened, events=[
                Event.responded(datetime(2026, 10, 5, 8, 10, tzinfo=UTC))])  # fmt: skip
        status = evaluate(ticket, contract, MONDAY_10_30_UTC)
        assert row["response_due_at"] == status.response.due_at
        assert row["resolution_due_at"] == status.resolution.due_at
        assert row["compliance_goal"] == float(contract.tier_policy.compliance_goal * 100)
    same = evaluate_frame(tickets, [gold, premier], MONDAY_10_30_UTC)
    assert same.equals(frame)


def test_routing_errors_are_those_of_a_tickets_file() -> None:
    gold = Contract(framework="truststram", tier="gold", region="amsterdam", id="acme-gold")
    with pytest.raises(DataFileError, match="missing column contract"):
        evaluate_frame(tickets_frame(), [gold], MONDAY_10_30_UTC)
    with pytest.raises(DataFileError, match=r"^row b \(ticket T-2\), column contract: 'nope' is "
                       "not a known contract; the contracts are: acme-gold"):  # fmt: skip
        evaluate_frame(tickets_frame(contract=["acme-gold", "nope"]), [gold], MONDAY_10_30_UTC)
    with pytest.raises(DataFileError, match=r"^row a \(ticket T-1\), column contract: is empty"):
        evaluate_frame(tickets_frame(contract=[None, "acme-gold"]), [gold], MONDAY_10_30_UTC)
    unnamed = Contract(framework="truststram", tier="gold", region="amsterdam")
    with pytest.raises(UsageError, match="a contract of several needs an id"):
        evaluate_frame(tickets_frame(), [unnamed], MONDAY_10_30_UTC)
    with pytest.raises(UsageError, match="two contracts have the id 'acme-gold'"):
        evaluate_frame(tickets_frame(), [gold, gold], MONDAY_10_30_UTC)
    with pytest.raises(WrongTypeError, match="contracts must be a Contract"):
        evaluate_frame(tickets_frame(), "acme-gold", MONDAY_10_30_UTC)  # type: ignore[arg-type]


def test_dtypes_of_every_column() -> None:
    frame = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    for metric in ("response", "resolution"):
        for name in ("due_at", "breached_at", "stopped_at"):
            assert str(frame[f"{metric}_{name}"].dtype) == "datetime64[us, UTC]"
        for name in ("target_length", "elapsed", "remaining", "wall_elapsed", "paused"):
            assert str(frame[f"{metric}_{name}"].dtype) == "timedelta64[us]"
        for name in ("percent_used", "wall_percent_used"):
            assert frame[f"{metric}_{name}"].dtype == "float64"
        assert frame[f"{metric}_cycles"].dtype == "int64"
        severity = frame[f"{metric}_severity"].dtype
        assert list(severity.categories) == ["SEV1", "SEV2", "SEV3", "SEV4"] and severity.ordered
        assert list(frame[f"{metric}_state"].cat.categories) == ["running", "paused", "stopped"]
    assert str(frame["opened_at"].dtype) == "datetime64[us, UTC]"
    assert frame["compliance_goal"].dtype == "float64"
    assert frame["severity"].dtype.ordered and frame["tier"].dtype.ordered
    assert (frame["severity"] < "SEV2").tolist() == [True, False]
    assert frame["response_remaining"].tolist() == [
        pd.Timedelta(minutes=5),
        pd.Timedelta(minutes=30),
    ]


def test_frames_of_text_and_of_timestamps_agree() -> None:
    text = tickets_frame(opened_at=["2026-10-05T09:00:00+01:00", "2026-10-05 10:00:00.5+01:00"])
    stamps = tickets_frame(opened_at=pd.to_datetime(["2026-10-05T08:00:00.000000Z",
                                                     "2026-10-05T09:00:00.5Z"]))  # fmt: skip
    left = evaluate_frame(text, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    right = evaluate_frame(stamps, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert left.equals(right)
    assert left.loc["b", "opened_at"] == pd.Timestamp("2026-10-05T09:00:00.5Z")


# -- without pandas -------------------------------------------------------------------------


def test_clear_error_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = tickets_frame()
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install 'slakit\[pandas\]'"):
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)


def test_module_imports_and_its_examples_skip_without_pandas() -> None:
    code = (
        "import sys, doctest\n"
        "sys.modules['pandas'] = None\n"
        "import slakit.pandas as module\n"
        "result = doctest.testmod(module)\n"
        "skipped = [f.__doc__.count('+SKIP') for f in (module, module.evaluate_frame)]\n"
        "print(result.failed, min(skipped))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False,
        cwd=Path(__file__).parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    failed, skipped = map(int, result.stdout.split())
    assert failed == 0 and skipped > 0


# -- the frame path against evaluate, on random tickets ---------------------------------------


def frame_rows(tickets: list[Ticket], names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tickets as a tickets frame and an events frame of text, as a file holds them."""
    rows, events = [], []
    for ticket, name in zip(tickets, names, strict=True):
        timeline = list(ticket.events)
        first = timeline.pop(0) if timeline and timeline[0].kind == "responded" else None
        last = timeline.pop() if timeline and timeline[-1].kind == "resolved" else None
        rows.append([ticket.id, ticket.severity.value, ticket.opened_at.isoformat(),
                     "" if first is None else first.at.isoformat(),
                     "" if last is None else last.at.isoformat(), name])  # fmt: skip
        events += [[ticket.id, event.at.isoformat(), event.kind.value,
                    "" if event.severity is None else event.severity.value]
                   for event in timeline]  # fmt: skip
    return (
        pd.DataFrame(
            rows,
            columns=["id", "severity", "opened_at", "first_response_at", "resolved_at", "contract"],
        ),
        pd.DataFrame(events, columns=["ticket_id", "at", "kind", "severity"]),
    )


@given(st.one_of(batches(), batches(changing=True)))
def test_the_frame_path_gives_evaluate_s_answers(
    case: tuple[list[Ticket], list[int], datetime],
) -> None:
    found, codes, now = case
    book = [
        contract.model_copy(update={"id": f"c-{number}", "customer": f"Customer {number}"})
        for number, contract in enumerate(contract_list())
    ]
    tickets, events = frame_rows(found, [book[code].id for code in codes])
    late = [ticket for ticket in found if ticket.opened_at > now]
    if late:
        with pytest.raises(DataFileError, match=f"before ticket {late[0].id} was opened"):
            evaluate_frame(tickets, book, now, events=events)
        return
    frame = evaluate_frame(tickets, book, now, events=events)
    for row, (ticket, code) in enumerate(zip(found, codes, strict=True)):
        status = evaluate(ticket, book[code], now)
        got = frame.iloc[row]
        assert got["severity"] == status.severity.value
        assert got["contract"] == book[code].id and got["customer"] == book[code].customer
        for metric in status.metrics():
            prefix = metric.metric.value
            for name in ("due_at", "breached_at", "stopped_at"):
                value = getattr(metric, name)
                cell = got[f"{prefix}_{name}"]
                assert (pd.isna(cell) and value is None) or cell == value, (ticket.id, name)
            for name in ("elapsed", "remaining", "wall_elapsed", "paused", "target_length"):
                assert got[f"{prefix}_{name}"] == getattr(metric, name), (ticket.id, name)
            assert got[f"{prefix}_percent_used"] == float(metric.percent_used)
            assert got[f"{prefix}_state"] == metric.state.value
            assert got[f"{prefix}_severity"] == metric.severity.value
            assert got[f"{prefix}_target"] == str(metric.target)
            assert (None if pd.isna(got[f"{prefix}_met"]) else bool(got[f"{prefix}_met"])) == (
                metric.met
            )
            assert got[f"{prefix}_cycles"] == len(metric.cycles)


@pytest.mark.parametrize(
    "change",
    [
        {"id": [" T-1", "T-2 "]},  # blanks around a cell: read row by row, stripped
        {"opened_at": ["2026-10-05T08:00:00.0000000Z", "2026-10-05T09:00Z"]},  # 7 digits
        {"severity": [1, "P2"]},  # not text: read as its text, "1" (SEV1)
    ],
)
def test_cells_the_fast_reading_leaves_to_the_rules_of_a_file(
    change: dict[str, list[object]],
) -> None:
    expected = evaluate_frame(tickets_frame(), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    got = evaluate_frame(tickets_frame(**change), DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert got.equals(expected)


def test_a_lowercase_z_is_refused_as_a_file_refuses_it() -> None:
    frame = tickets_frame(opened_at=["2026-10-05T08:00:00z", "2026-10-05T09:00:00+00:00"])
    with pytest.raises(DataFileError) as raised:
        evaluate_frame(frame, DUBLIN_PREMIER, MONDAY_10_30_UTC)
    assert str(raised.value) == (
        "row a (ticket T-1), column opened_at: '2026-10-05T08:00:00z' is not an ISO 8601 "
        "instant; write e.g. 2026-10-05T09:30:00+01:00"
    )


@st.composite
def iso_texts(draw: st.DrawFn) -> str:
    """ISO 8601 instants in the forms the fast reading takes (and some it leaves to the
    rules of a file): seconds or not, 0-7 fraction digits, T or a space, Z or an offset."""
    moment = draw(st.datetimes(datetime(1901, 1, 2), datetime(2998, 12, 30)))  # noqa: DTZ001
    minutes = draw(st.integers(-23 * 60 - 59, 23 * 60 + 59))
    sign, offset = ("-" if minutes < 0 else "+"), abs(minutes)
    zone = draw(st.sampled_from(["Z", f"{sign}{offset // 60:02d}:{offset % 60:02d}"]))
    text = moment.strftime("%Y-%m-%d") + draw(st.sampled_from(["T", " "]))
    text += moment.strftime("%H:%M")
    digits = draw(st.integers(-1, 7))
    if digits >= 0:
        text += moment.strftime(":%S")
        if digits:
            text += "." + f"{moment.microsecond:06d}{draw(st.integers(0, 9))}"[:digits]
    return text + zone


@given(st.lists(iso_texts(), min_size=1, max_size=8))
def test_instants_read_whole_equal_those_read_one_by_one(texts: list[str]) -> None:
    from slakit._time import parse_instant

    frame = pd.DataFrame({"id": [f"T-{n}" for n in range(len(texts))],
                          "severity": ["P1"] * len(texts), "opened_at": texts})  # fmt: skip
    result = evaluate_frame(frame, DUBLIN_PREMIER, "2999-12-31T00:00:00Z")
    expected = [parse_instant(text, "test") for text in texts]
    assert result["opened_at"].tolist() == [pd.Timestamp(value) for value in expected]


@given(st.lists(iso_texts(), min_size=1, max_size=8), st.lists(st.booleans(), min_size=8,
                                                                max_size=8))  # fmt: skip
def test_instants_of_one_length_with_empty_cells_equal_those_read_one_by_one(
    texts: list[str], empty: list[bool]
) -> None:
    """Cells of one length are read as one block of code points; empty cells between them."""
    from slakit._time import parse_instant

    same = [text for text in texts if len(text) == len(texts[0])]
    cells = [("" if gap else text) for text, gap in zip(same, empty, strict=False)]
    frame = pd.DataFrame({"id": [f"T-{n}" for n in range(len(cells))],
                          "severity": ["P1"] * len(cells), "opened_at": same,
                          "first_response_at": cells})  # fmt: skip
    result = evaluate_frame(frame, DUBLIN_PREMIER, "2999-12-31T00:00:00Z")
    assert result["opened_at"].tolist() == [pd.Timestamp(parse_instant(t, "t")) for t in same]
    responded = [None if not cell else parse_instant(cell, "t") for cell in cells]
    stopped = result["response_stopped_at"].tolist()
    assert [None if pd.isna(value) else value for value in stopped] == responded
