"""month_end: routing tickets, outages and breaches to contracts; the book summary and totals.

The example month's 24 totals are pinned, and those of the KMP contracts are
also derived here from the CSV files with small, independent code (merging
outage intervals and removing maintenance windows by hand, walking business
days with the holidays written out), never from slakit's output.
"""

from __future__ import annotations

import csv
import random
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit import Contract, Event, Ticket, compliance, evaluate, example_data, monthly_credit
from slakit.availability import Month, Outage
from slakit.errors import NaiveDatetimeError, PolicyError, UsageError, WrongTypeError
from slakit.month_end import SUMMARY_COLUMNS, MonthEnd, month_end
from slakit.provenance import InputFile
from slakit.security import SecurityBreach

H = timedelta(hours=1)
MIN = timedelta(minutes=1)
OCTOBER = "2026-10"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def kmp(
    id: str, tier: str = "premier", region: str = "dublin", fee: str = "USD 10,000", **more: Any
) -> Contract:
    zones = {"dublin": "Europe/Dublin", "austin": "America/Chicago",
             "singapore": "Asia/Singapore", "amsterdam": "Europe/Amsterdam"}  # fmt: skip
    more.setdefault("billing_timezone", zones[region])
    return Contract(id=id, framework="kmp", tier=tier, region=region, monthly_fee=fee,
                    customer=f"Customer {id}", **more)  # fmt: skip


def sev1(id: str, contract: str, opened: datetime, answered_after: timedelta) -> Ticket:
    return Ticket(id, "sev1", opened, contract=contract,
                  events=[Event.responded(opened + answered_after)])  # fmt: skip


# -- routing: tickets ----------------------------------------------------------------------------


def test_a_ticket_goes_to_the_contract_it_names_only() -> None:
    opened = utc(2026, 10, 6, 10)
    book = month_end(
        [kmp("a"), kmp("b")],
        OCTOBER,
        tickets=[sev1("T-1", "a", opened, 2 * H), sev1("T-2", "b", opened, 10 * MIN)],
    )
    assert [row.tickets for row in book.summary] == [1, 1]
    assert book.customer("a").statement.total.amount == Decimal(5000)
    assert book.customer("a").statement.lines[0].tickets == ("T-1",)
    assert book.customer("b").statement.total.amount == Decimal(0)
    assert book.customer("a").tickets_given == 1


@pytest.mark.parametrize(
    ("named", "says"), [("c", "names contract 'c'"), ("", "names no contract")]
)
def test_a_ticket_of_no_contract_in_the_book_is_refused_naming_it(named: str, says: str) -> None:
    with pytest.raises(UsageError, match="ticket T-9 ") as caught:
        month_end([kmp("a"), kmp("b")], OCTOBER,
                  tickets=[sev1("T-9", named, utc(2026, 10, 6), H)])  # fmt: skip
    assert says in str(caught.value)
    assert "a, b" in str(caught.value)  # the known ids


def test_the_known_ids_in_the_message_are_cut_short() -> None:
    contracts = [kmp(f"c-{n:03d}") for n in range(15)]
    with pytest.raises(UsageError) as caught:
        month_end(contracts, OCTOBER, tickets=[sev1("T-1", "zz", utc(2026, 10, 6), H)])
    assert "c-009 and 5 more" in str(caught.value)
    assert "c-010" not in str(caught.value)


def test_a_ticket_id_given_twice_is_refused() -> None:
    opened = utc(2026, 10, 6, 10)
    with pytest.raises(UsageError, match="ticket T-1 is given twice"):
        month_end([kmp("a"), kmp("b")], OCTOBER,
                  tickets=[sev1("T-1", "a", opened, H), sev1("T-1", "b", opened, H)])  # fmt: skip


# -- routing: contracts --------------------------------------------------------------------------


def test_a_contract_without_an_id_is_refused() -> None:
    nameless = Contract(framework="kmp", tier="basic", region="dublin", monthly_fee="USD 1",
                        customer="Nameless Ltd")  # fmt: skip
    with pytest.raises(UsageError, match=r"contracts\[1\] \(Nameless Ltd\) has no id"):
        month_end([kmp("a"), nameless], OCTOBER)


def test_two_contracts_with_one_id_are_refused() -> None:
    with pytest.raises(UsageError, match="two contracts have the id 'a'"):
        month_end([kmp("a"), kmp("a", tier="basic")], OCTOBER)


def test_a_dict_of_contracts_must_be_keyed_by_id() -> None:
    with pytest.raises(UsageError, match="the key 'b' holds the contract 'a'"):
        month_end({"b": kmp("a")}, OCTOBER)
    keyed = month_end({"a": kmp("a"), "b": kmp("b")}, OCTOBER)
    assert keyed.to_json() == month_end([kmp("b"), kmp("a")], OCTOBER).to_json()


def test_an_empty_book_is_refused() -> None:
    with pytest.raises(UsageError, match="none given"):
        month_end([], OCTOBER)


def test_a_contract_without_a_fee_is_refused() -> None:
    feeless = Contract(id="free", framework="kmp", tier="basic", region="dublin")
    with pytest.raises(PolicyError, match="monthly_fee"):
        month_end([feeless], OCTOBER)


# -- routing: outages and security breaches ----------------------------------------------------

# One hour down on a Tuesday in October: 1 - 1/745 in Dublin, below 99.9% → 10%.
OUTAGE_START = utc(2026, 10, 6, 12)


def outage(id: str, **names: tuple[str, ...]) -> Outage:
    return Outage(start=OUTAGE_START, end=OUTAGE_START + H, id=id, **names)


def percent(down: Decimal, length: Decimal) -> Decimal:
    """Availability in percent, rounded down to 4 places as slakit states it."""
    return ((1 - down / length) * 100).quantize(Decimal("0.0001"), rounding=ROUND_FLOOR)


def availability_credits(book: MonthEnd) -> dict[str, Decimal]:
    return {row.contract: row.availability_credit for row in book.summary}


def test_an_outage_naming_an_unknown_contract_is_refused() -> None:
    with pytest.raises(UsageError, match="outage O-1 names contract 'c', which is not in"):
        month_end([kmp("a"), kmp("b")], OCTOBER, outages=[outage("O-1", contracts=("a", "c"))])


def test_an_outage_naming_one_contract_hits_only_it() -> None:
    book = month_end([kmp("a"), kmp("b")], OCTOBER, outages=[outage("O-1", contracts=("a",))])
    assert availability_credits(book) == {"a": Decimal(1000), "b": Decimal(0)}
    assert book.customer("b").statement.availability == Decimal(100)
    assert book.customer("a").statement.lines[0].outages == ("O-1",)


def test_an_outage_naming_a_service_hits_the_contracts_with_that_service() -> None:
    contracts = [kmp("a", services=("api", "web")), kmp("b", services=("web",)), kmp("c")]
    book = month_end(contracts, OCTOBER, outages=[outage("O-1", services=("api",))])
    assert availability_credits(book) == {"a": Decimal(1000), "b": Decimal(0), "c": Decimal(0)}


def test_an_outage_naming_a_contract_or_a_service_hits_both() -> None:
    contracts = [kmp("a"), kmp("b", services=("api",)), kmp("c")]
    book = month_end(contracts, OCTOBER,
                     outages=[outage("O-1", contracts=("a",), services=("api",))])  # fmt: skip
    assert availability_credits(book) == {"a": Decimal(1000), "b": Decimal(1000), "c": Decimal(0)}


def test_an_outage_naming_none_hits_every_contract() -> None:
    contracts = [kmp("a"), kmp("b", services=("api",)), kmp("c", fee="USD 3,000")]
    book = month_end(contracts, OCTOBER, outages=[outage("O-1")])
    assert availability_credits(book) == {"a": Decimal(1000), "b": Decimal(1000), "c": Decimal(300)}


def test_outages_hitting_different_contracts_are_measured_apart() -> None:
    # a: O-1 and O-2 (2 h down: 1 - 2/745 = 99.73%); b: O-2 only (99.87%); both 10%.
    # c is hit by none: the shared measure must not leak between them.
    second = Outage(start=utc(2026, 10, 20, 12), end=utc(2026, 10, 20, 13), id="O-2",
                    contracts=("a", "b"))  # fmt: skip
    book = month_end([kmp("a"), kmp("b"), kmp("c")], OCTOBER,
                     outages=[outage("O-1", contracts=("a",)), second])  # fmt: skip
    detail = {row.contract: row.availability for row in book.summary}
    assert detail["a"] == percent(Decimal(2), Decimal(745)) == Decimal("99.7315")
    assert detail["b"] == percent(Decimal(1), Decimal(745)) == Decimal("99.8657")
    assert detail["c"] == Decimal(100)
    assert book.customer("a").statement.lines[0].outages == ("O-1", "O-2")
    assert book.customer("b").statement.lines[0].outages == ("O-2",)


def test_a_security_breach_naming_a_contract_hits_only_it() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", contracts=("b",))
    book = month_end([kmp("a"), kmp("b")], OCTOBER, security_breaches=[breach])
    credits = {row.contract: row.security_breach_credit for row in book.summary}
    assert credits == {"a": Decimal(0), "b": Decimal(10000)}


def test_a_security_breach_naming_no_contract_is_refused() -> None:
    # It would owe every customer a whole month's fee: never by default.
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1")
    with pytest.raises(UsageError, match="security breach SB-1 names no contract"):
        month_end([kmp("a"), kmp("b")], OCTOBER, security_breaches=[breach])


def test_a_security_breach_naming_every_contract_hits_each() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", contracts=("a", "b"))
    book = month_end([kmp("a"), kmp("b", fee="USD 2,000")], OCTOBER, security_breaches=[breach])
    assert [row.total for row in book.summary] == [Decimal(10000), Decimal(2000)]


def test_a_security_breach_given_twice_is_refused() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", contracts=("a",))
    with pytest.raises(UsageError, match="security breach SB-1 is given twice"):
        month_end([kmp("a")], OCTOBER, security_breaches=[breach, breach])


def test_an_outage_naming_an_unknown_service_is_refused() -> None:
    outage = Outage(start=utc(2026, 10, 6, 14), end=utc(2026, 10, 6, 15), id="O-9",
                    services=("apii",))  # fmt: skip
    with pytest.raises(UsageError, match="outage O-9 names service 'apii', which no contract"):
        month_end([kmp("a")], OCTOBER, outages=[outage])


def test_contract_ids_differing_only_in_case_are_refused() -> None:
    with pytest.raises(UsageError, match="differ only in case"):
        month_end([kmp("acme"), kmp("ACME")], OCTOBER)


def test_contract_inputs_must_name_contracts_of_the_book() -> None:
    record = InputFile(role="contract", name="zz.toml", sha256="0" * 64, bytes=1)
    with pytest.raises(UsageError, match="contract_inputs names 'zz'"):
        month_end([kmp("a")], OCTOBER, contract_inputs={"zz": record})


def test_a_security_breach_naming_an_unknown_contract_is_refused() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", contracts=("zz",))
    with pytest.raises(UsageError, match="security breach SB-1 names contract 'zz'"):
        month_end([kmp("a")], OCTOBER, security_breaches=[breach])


def test_an_unnamed_security_breach_is_named_by_its_position() -> None:
    breaches = [SecurityBreach(at=utc(2026, 10, 14, 9), contracts=("a",)),
                SecurityBreach(at=utc(2026, 10, 15, 9), contracts=("zz",))]  # fmt: skip
    with pytest.raises(
        UsageError,
        match=r"security breach number 2 \(at 2026-10-15T09:00:00\+00:00\) names contract 'zz'",
    ):
        month_end([kmp("a")], OCTOBER, security_breaches=breaches)


# -- each contract's month in its own billing timezone -------------------------------------------


def test_each_contract_is_billed_in_its_own_timezone() -> None:
    # Down from 2026-10-31 23:30 UTC to 2026-11-01 00:45 UTC. October ends at
    # 00:00 UTC in Dublin (30 min counted, of 745 h), at 05:00 UTC in Chicago (75 min, of
    # 744 h), and at 16:00 UTC on the 31st in Singapore (nothing).
    late = Outage(start=utc(2026, 10, 31, 23, 30), end=utc(2026, 11, 1, 0, 45), id="O-9")
    contracts = [kmp("dub"), kmp("aus", region="austin"), kmp("sgp", region="singapore")]
    book = month_end(contracts, OCTOBER, outages=[late])
    months = {item.contract: item.statement.month for item in book.customers}
    assert months["dub"] == Month(2026, 10, "Europe/Dublin")
    assert months["aus"] == Month(2026, 10, "America/Chicago")
    assert months["sgp"] == Month(2026, 10, "Asia/Singapore")
    share = {row.contract: row.availability for row in book.summary}
    assert share["dub"] == percent(Decimal(30), Decimal(745 * 60)) == Decimal("99.9328")
    assert share["aus"] == percent(Decimal(75), Decimal(744 * 60)) == Decimal("99.8319")
    assert share["sgp"] == Decimal(100)


def test_an_incident_belongs_to_the_month_of_its_own_billing_timezone() -> None:
    # Opened 2026-10-31 17:00 UTC and answered two hours later: the 1-hour threshold is
    # passed at 18:00 UTC, which is still October in Dublin and Chicago but already
    # 2026-11-01 02:00 in Singapore.
    opened = utc(2026, 10, 31, 17)
    contracts = [kmp("dub"), kmp("aus", region="austin"), kmp("sgp", region="singapore")]
    tickets = [sev1(f"T-{name}", name, opened, 2 * H) for name in ("dub", "aus", "sgp")]
    book = month_end(contracts, OCTOBER, tickets=tickets)
    totals = {row.contract: row.incident_credit for row in book.summary}
    assert totals == {"aus": Decimal(5000), "dub": Decimal(5000), "sgp": Decimal(0)}
    november = month_end(contracts, "2026-11", tickets=tickets)
    assert {row.contract: row.incident_credit for row in november.summary}["sgp"] == 5000


def test_the_month_may_be_given_as_a_pair_or_a_month() -> None:
    contracts = [kmp("a"), kmp("b", region="austin")]
    text = month_end(contracts, "2026-10", outages=[outage("O-1")]).to_json()
    assert month_end(contracts, (2026, 10), outages=[outage("O-1")]).to_json() == text
    # A Month's timezone is not used: each contract is billed in its own.
    assert month_end(contracts, Month(2026, 10, "Asia/Tokyo"),
                     outages=[outage("O-1")]).to_json() == text  # fmt: skip


# -- summary, cap and totals ---------------------------------------------------------------------


def test_the_summary_sums_each_kind_of_line_and_says_when_the_cap_applied() -> None:
    # a: 10% availability (1,000) + two late SEV1 (10,000) + a breach (10,000) = 21,000,
    # capped to the fee 10,000 (adjustment -11,000). b: availability only.
    opened = utc(2026, 10, 8, 9)
    tickets = [sev1("T-1", "a", opened, 2 * H), sev1("T-2", "a", opened + H, 3 * H)]
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", contracts=("a",))
    book = month_end([kmp("a"), kmp("b")], OCTOBER, tickets=tickets, outages=[outage("O-1")],
                     security_breaches=[breach])  # fmt: skip
    a, b = book.summary
    assert (a.availability_credit, a.incident_credit, a.security_breach_credit) == (
        Decimal(1000), Decimal(10000), Decimal(10000))  # fmt: skip
    assert (a.adjustment, a.total, a.capped) == (Decimal(-11000), Decimal(10000), True)
    assert (b.availability_credit, b.incident_credit, b.security_breach_credit) == (
        Decimal(1000), Decimal(0), Decimal(0))  # fmt: skip
    assert (b.adjustment, b.total, b.capped) == (Decimal(0), Decimal(1000), False)
    assert a.tickets == 2 and b.tickets == 0
    assert a.monthly_fee == Decimal(10000) and a.currency == "USD"
    assert (a.framework, a.tier, a.month, a.customer) == ("kmp", "premier", OCTOBER, "Customer a")
    assert a.to_record()["capped"] == "yes" and b.to_record()["capped"] == "no"
    assert a.to_record()["adjustment"] == "-11000.00"


def test_a_subtotal_exactly_at_the_cap_is_not_capped() -> None:
    breach = SecurityBreach(at=utc(2026, 10, 14, 9), id="SB-1", contracts=("a",))
    (row,) = month_end([kmp("a")], OCTOBER, security_breaches=[breach]).summary
    assert (row.total, row.adjustment, row.capped) == (Decimal(10000), Decimal(0), False)


def test_totals_are_per_currency_and_never_mix_currencies() -> None:
    contracts = [
        kmp("usd-1", fee="USD 10,000"),
        kmp("usd-2", fee="USD 2,000"),
        # KMP, billed in euros, with the contract's own incident amount in EUR.
        Contract(id="eur-1", framework="kmp", tier="premier", region="amsterdam",
                 monthly_fee="EUR 8,000", billing_timezone="Europe/Dublin",
                 incident_credits=[{"severity": "sev1", "metric": "response", "over": "1h",
                                    "amount": "EUR 4,000"}]),
        Contract(id="sgd-1", framework="truststram", tier="gold", region="singapore",
                 monthly_fee="SGD 11,000"),
    ]  # fmt: skip
    opened = utc(2026, 10, 8, 9)
    tickets = [sev1("T-1", "usd-1", opened, 2 * H), sev1("T-2", "eur-1", opened, 2 * H),
               sev1("T-3", "sgd-1", opened, 2 * H)]  # fmt: skip
    book = month_end(contracts, OCTOBER, tickets=tickets, outages=[outage("O-1")])
    rows = {row.contract: (row.currency, row.total) for row in book.summary}
    assert rows == {
        "eur-1": ("EUR", Decimal(4800)),  # 10% of 8,000 + EUR 4,000
        "sgd-1": ("SGD", Decimal(0)),  # TrustStram has no credits
        "usd-1": ("USD", Decimal(6000)),  # 10% of 10,000 + USD 5,000
        "usd-2": ("USD", Decimal(200)),
    }
    assert [(t.currency, t.customers, t.monthly_fees, t.credits) for t in book.totals] == [
        ("EUR", 1, Decimal(8000), Decimal(4800)),
        ("SGD", 1, Decimal(11000), Decimal(0)),
        ("USD", 2, Decimal(12000), Decimal(6200)),
    ]
    assert book.totals_csv().splitlines() == [
        "month,currency,customers,monthly_fees,credits",
        "2026-10,EUR,1,8000.00,4800.00",
        "2026-10,SGD,1,11000.00,0.00",
        "2026-10,USD,2,12000.00,6200.00",
    ]
    assert "Total EUR: 1 customer," in book.table()


def test_a_euro_contract_on_the_usd_kmp_policy_is_refused_when_made() -> None:
    with pytest.raises(PolicyError, match="slakit does not convert money"):
        kmp("eur", fee="EUR 10,000")


def test_the_summary_csv_has_its_columns_and_plain_decimals() -> None:
    book = month_end([kmp("a", fee="USD 1,234.50")], OCTOBER, outages=[outage("O-1")])
    reader = csv.DictReader(book.summary_csv().splitlines())
    assert tuple(reader.fieldnames or ()) == SUMMARY_COLUMNS
    (row,) = list(reader)
    assert row["monthly_fee"] == "1234.50"
    assert row["availability_credit"] == row["total"] == "123.45"  # 123.45, half up
    assert row["capped"] == "no" and row["tickets"] == "0"


def test_compliance_counts_each_contracts_own_tickets() -> None:
    opened = utc(2026, 10, 8, 9)
    tickets = [sev1("T-1", "a", opened, 2 * H), sev1("T-2", "a", opened, 5 * MIN),
               sev1("T-3", "b", opened, 5 * MIN)]  # fmt: skip
    book = month_end([kmp("a"), kmp("b")], OCTOBER, tickets=tickets)
    a = {
        (row.severity, row.metric): (row.met, row.breached)
        for row in book.customer("a").compliance.rows
    }
    b = {
        (row.severity, row.metric): (row.met, row.breached)
        for row in book.customer("b").compliance.rows
    }
    assert a[("SEV1", "response")] == (1, 1)
    assert b[("SEV1", "response")] == (1, 0)


def test_progress_is_reported_for_each_customer() -> None:
    calls: list[tuple[str, int, int]] = []
    month_end([kmp("b"), kmp("a")], OCTOBER, progress=lambda *call: calls.append(call))
    assert calls == [("a", 0, 2), ("b", 1, 2), ("", 2, 2)]


def test_a_customer_not_in_the_book_is_a_usage_error() -> None:
    book = month_end([kmp("a")], OCTOBER)
    with pytest.raises(UsageError, match="no contract 'zz' in this month-end; known: a"):
        book.customer("zz")


def test_input_files_are_recorded_in_each_statement() -> None:
    tickets = InputFile.of("tickets", DATA / "tickets.csv")
    own = InputFile.of("contract", DATA / "contracts" / "kmp-premier-dublin.toml")
    book = month_end([kmp("a"), kmp("b")], OCTOBER, inputs=[tickets], contract_inputs={"a": own})
    assert book.inputs == (tickets,)
    assert book.customer("a").statement.provenance.inputs == (tickets, own)
    assert book.customer("b").statement.provenance.inputs == (tickets,)
    assert book.customer("b").statement.provenance.billing_timezone == "Europe/Dublin"


# -- the same inputs give the same bytes ---------------------------------------------------------


def book_inputs() -> tuple[list[Contract], list[Ticket], list[Outage]]:
    contracts = [kmp("a"), kmp("b", region="austin", services=("api",)),
                 kmp("c", tier="standard", region="singapore"),
                 Contract(id="d", framework="truststram", tier="gold", region="amsterdam",
                          monthly_fee="EUR 7,500")]  # fmt: skip
    opened = utc(2026, 10, 8, 9)
    tickets = [sev1(f"T-{n}", "abcd"[n % 4], opened + n * H, (n % 5) * 20 * MIN)
               for n in range(40)]  # fmt: skip
    outages = [outage("O-1"), Outage(start=utc(2026, 10, 20), end=utc(2026, 10, 20, 2),
                                     id="O-2", services=("api",))]  # fmt: skip
    return contracts, tickets, outages


def outputs(book: MonthEnd) -> tuple[str, ...]:
    return (book.to_json(), book.summary_csv(), book.totals_csv(), book.summary_json(),
            book.table(), *(item.statement.to_json() for item in book.customers))  # fmt: skip


def test_the_same_inputs_give_the_same_bytes() -> None:
    contracts, tickets, outages = book_inputs()
    now = utc(2026, 11, 1)
    first = outputs(month_end(contracts, OCTOBER, tickets=tickets, outages=outages, now=now))
    again = outputs(month_end(contracts, OCTOBER, tickets=tickets, outages=outages, now=now))
    assert first == again
    shuffled = outputs(month_end(
        {c.id: c for c in reversed(contracts)}, OCTOBER, tickets=list(reversed(tickets)),
        outages=list(reversed(outages)), now=now,
    ))  # fmt: skip
    assert first == shuffled


def test_the_json_reads_back() -> None:
    contracts, tickets, outages = book_inputs()
    book = month_end(contracts, OCTOBER, tickets=tickets, outages=outages)
    assert MonthEnd.model_validate_json(book.to_json()) == book


def test_the_summary_as_a_frame_keeps_decimals() -> None:
    pytest.importorskip("pandas")
    contracts, tickets, outages = book_inputs()
    frame = month_end(contracts, OCTOBER, tickets=tickets, outages=outages).to_frame()
    assert list(frame.columns) == list(SUMMARY_COLUMNS)
    assert frame["total"].map(type).eq(Decimal).all()
    assert frame["capped"].dtype == bool


# -- wrong types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"contracts": "kmp-premier-dublin"}, "contracts must be a list of Contracts"),
        ({"contracts": 5}, "contracts must be a list of Contracts"),
        ({"contracts": [object()]}, r"contracts\[0\] must be a slakit Contract, not object"),
        ({"contracts": {"a": "kmp"}}, r"contracts\[0\] must be a slakit Contract, not str"),
        ({"month": 202610}, "month must be 'YYYY-MM' text"),
        ({"tickets": "T-1"}, "tickets must be a list of Tickets, not str"),
        ({"tickets": {"a": []}}, "tickets must be a list of Tickets, not dict"),
        ({"tickets": [None]}, r"tickets\[0\] must be a slakit Ticket, not NoneType"),
        ({"outages": "O-1"}, "outages must be a list of Outages, not str"),
        ({"outages": [utc(2026, 10, 1)]}, r"outages\[0\] must be one of Outages, not datetime"),
        ({"security_breaches": 3}, "security_breaches must be a list of SecurityBreaches"),
        ({"security_breaches": [utc(2026, 10, 1)]},
         r"security_breaches\[0\] must be one of SecurityBreaches, not datetime"),
    ],
)  # fmt: skip
def test_wrong_types_are_refused(arguments: dict[str, Any], says: str) -> None:
    call: dict[str, Any] = {"contracts": [kmp("a")], "month": OCTOBER, **arguments}
    with pytest.raises(WrongTypeError, match=says):
        month_end(call.pop("contracts"), call.pop("month"), **call)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        month_end([kmp("a")], OCTOBER, now=datetime(2026, 11, 1))  # noqa: DTZ001


# Wrong arguments get a WrongTypeError or UsageError, never a raw TypeError or
# AttributeError, nor an error class that speaks of a data file.


@pytest.mark.parametrize("arguments", [{"maintenance": 5}, {"inputs": 5}])
def test_more_wrong_types_are_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(WrongTypeError, match="must be a list"):
        month_end([kmp("a")], OCTOBER, **arguments)


def test_a_now_that_is_not_an_instant_is_refused() -> None:
    with pytest.raises(WrongTypeError, match="now"):
        month_end([kmp("a")], OCTOBER, now=[2026, 11, 1])  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError):
        month_end([kmp("a")], OCTOBER, now="2026-11-01T00:00:00")


def test_now_may_be_iso_text_as_for_evaluate() -> None:
    text = month_end([kmp("a")], OCTOBER, now="2026-11-01T00:00:00Z")
    assert text == month_end([kmp("a")], OCTOBER, now=utc(2026, 11, 1))


def test_a_now_out_of_range_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"now: .* year 3100"):
        month_end([kmp("a")], OCTOBER, now=utc(3100, 1, 1))


# -- the shipped example month -------------------------------------------------------------------

DATA = example_data.data_dir()
NOWS = {"exported": example_data.EXPORTED_AT, "month end": None}


@cache
def example_book(now_name: str) -> MonthEnd:
    month = example_data.load_month(DATA)
    tickets = [ticket for own in month.tickets.values() for ticket in own]
    return month_end(month.contracts, OCTOBER, tickets=tickets, outages=month.outages,
                     maintenance=month.maintenance, now=NOWS[now_name])  # fmt: skip


# Each total, worked by hand. KMP: availability 99.8389% in Dublin (72 min of 745 h),
# 99.7379% in Chicago (117 min of 744 h), 99.9060% in Amsterdam and 99.9059% in Singapore
# (42 min of 745 h and 744 h: no band) → 10% of the fee in Dublin and Austin; plus
# Liffey's SEV1 T-11432 answered after 72 minutes (USD 5,000) and Hill Country's SEV2
# T-10951 answered after 4 h 40 min of business time (USD 2,500). TrustStram defines no
# credits: 0 in the fee's currency.
EXPECTED_TOTALS = {
    "kmp-basic-amsterdam": "USD 0.00",
    "kmp-basic-austin": "USD 175.00",
    "kmp-basic-dublin": "USD 125.00",
    "kmp-basic-singapore": "USD 0.00",
    "kmp-premier-amsterdam": "USD 0.00",
    "kmp-premier-austin": "USD 1500.00",
    "kmp-premier-dublin": "USD 6250.00",
    "kmp-premier-singapore": "USD 0.00",
    "kmp-standard-amsterdam": "USD 0.00",
    "kmp-standard-austin": "USD 3050.00",
    "kmp-standard-dublin": "USD 400.00",
    "kmp-standard-singapore": "USD 0.00",
    "truststram-gold-amsterdam": "EUR 0.00",
    "truststram-gold-austin": "USD 0.00",
    "truststram-gold-dublin": "EUR 0.00",
    "truststram-gold-singapore": "SGD 0.00",
    "truststram-platinum-amsterdam": "EUR 0.00",
    "truststram-platinum-austin": "USD 0.00",
    "truststram-platinum-dublin": "EUR 0.00",
    "truststram-platinum-singapore": "SGD 0.00",
    "truststram-silver-amsterdam": "EUR 0.00",
    "truststram-silver-austin": "USD 0.00",
    "truststram-silver-dublin": "EUR 0.00",
    "truststram-silver-singapore": "SGD 0.00",
}


@pytest.mark.parametrize("now_name", sorted(NOWS))
@pytest.mark.parametrize("contract", sorted(EXPECTED_TOTALS))
def test_the_example_month_gives_each_pinned_total(contract: str, now_name: str) -> None:
    row = next(row for row in example_book(now_name).summary if row.contract == contract)
    assert f"{row.currency} {row.total:f}" == EXPECTED_TOTALS[contract]


def test_the_example_month_has_every_customer_and_ticket() -> None:
    book = example_book("exported")
    assert [row.contract for row in book.summary] == sorted(EXPECTED_TOTALS)
    with open(DATA / "tickets.csv", newline="", encoding="utf-8") as handle:
        assert sum(row.tickets for row in book.summary) == sum(1 for _ in csv.DictReader(handle))
    assert [(t.currency, t.customers, t.credits) for t in book.totals] == [
        ("EUR", 6, Decimal(0)),
        ("SGD", 3, Decimal(0)),
        ("USD", 15, Decimal(175 + 125 + 1500 + 6250 + 3050 + 400)),
    ]


def test_the_example_month_sanity() -> None:
    book = example_book("exported")
    rows = {row.contract: row for row in book.summary}
    # TrustStram defines no credits, so no availability either.
    for name, row in rows.items():
        if name.startswith("truststram-"):
            assert row.total == 0 and row.availability is None and not row.capped
    # KMP: same billing timezone, same outages → same availability and the same share.
    for region in ("amsterdam", "austin", "dublin", "singapore"):
        same = [rows[f"kmp-{tier}-{region}"] for tier in ("basic", "premier", "standard")]
        assert len({row.availability for row in same}) == 1
        assert len({row.availability_credit / row.monthly_fee for row in same}) == 1
    assert not any(row.capped for row in rows.values())


def test_a_shared_availability_gives_the_statements_of_one_contract_at_a_time() -> None:
    month = example_data.load_month(DATA)
    for now_name, now in NOWS.items():
        book = example_book(now_name)
        for name, contract in month.contracts.items():
            alone = monthly_credit(
                contract, example_data.month(contract.billing_timezone),
                tickets=month.tickets[name], outages=month.outages,
                maintenance=month.maintenance, now=now,
            )  # fmt: skip
            assert book.customer(name).statement.to_json() == alone.to_json(), name


# -- the example month worked from the CSV files, without slakit ---------------------------------
#
# The KMP seed, written out by hand: response targets per tier and severity (and the clock
# they run on), the per-incident thresholds and amounts, the availability bands (the most
# severe one that applies) and the cap. An incident credit is owed when the response took
# longer than both the threshold and the tier's own target, on the target's clock, and
# belongs to the billing month in which that happened.

KMP_RESPONSE = {
    "premier": {"SEV1": (15 * MIN, "24x7"), "SEV2": (2 * H, "business")},
    "standard": {"SEV1": (H, "24x7"), "SEV2": (4 * H, "business")},
    "basic": {"SEV1": (4 * H, "business"), "SEV2": (12 * H, "business")},
}
KMP_INCIDENT = {"SEV1": (H, Decimal(5000)), "SEV2": (4 * H, Decimal(2500))}
KMP_BANDS = [(Fraction(99, 100), Decimal("0.50")), (Fraction(995, 1000), Decimal("0.25")),
             (Fraction(999, 1000), Decimal("0.10"))]  # fmt: skip
# 12x5 business hours (06:00-18:00 Monday to Friday) in each centre's zone, less its
# public holidays on weekdays in October 2026: Columbus Day (US federal) and Ireland's
# October Bank Holiday; none in the Netherlands or Singapore.
ZONES = {"dublin": "Europe/Dublin", "austin": "America/Chicago",
         "amsterdam": "Europe/Amsterdam", "singapore": "Asia/Singapore"}  # fmt: skip
HOLIDAYS = {"dublin": {date(2026, 10, 26)}, "austin": {date(2026, 10, 12)}, "amsterdam": set(),
            "singapore": set()}  # fmt: skip


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def october(zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    return (datetime(2026, 10, 1, tzinfo=tz).astimezone(UTC),
            datetime(2026, 11, 1, tzinfo=tz).astimezone(UTC))  # fmt: skip


def merged(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def maintenance_windows() -> list[tuple[datetime, datetime]]:
    windows = []
    for row in read_rows("maintenance.csv"):
        if row["rule"]:  # the only rule: Sundays at 02:00 local for 2 hours
            assert (row["rule"], row["duration"]) == ("FREQ=WEEKLY;BYDAY=SU", "2h")
            hour, minute = map(int, row["at"].split(":"))
            day = date(2026, 9, 20)  # a Sunday
            while day < date(2026, 11, 15):
                start = datetime.combine(day, time(hour, minute), ZoneInfo(row["timezone"]))
                windows.append((start.astimezone(UTC), start.astimezone(UTC) + 2 * H))
                day += timedelta(days=7)
        else:
            windows.append((instant(row["start"]), instant(row["end"])))
    return merged(windows)


def downtime(zone: str) -> tuple[timedelta, timedelta]:
    """Downtime counted in October in ``zone``, and the month's length."""
    start, end = october(zone)
    down = merged([(max(instant(row["start"]), start), min(instant(row["end"]), end))
                   for row in read_rows("outages.csv")
                   if instant(row["start"]) < end and instant(row["end"]) > start])  # fmt: skip
    total = timedelta(0)
    for a, b in down:
        total += b - a
        for m, n in maintenance_windows():
            if m < b and n > a:
                total -= min(b, n) - max(a, m)
    return total, end - start


def business_hours(
    region: str, first: datetime, last: datetime
) -> Iterator[tuple[datetime, datetime]]:
    tz = ZoneInfo(ZONES[region])
    day = first.astimezone(tz).date() - timedelta(days=1)
    while day <= last.astimezone(tz).date():
        if day.weekday() < 5 and day not in HOLIDAYS[region]:
            yield (datetime.combine(day, time(6), tz).astimezone(UTC),
                   datetime.combine(day, time(18), tz).astimezone(UTC))  # fmt: skip
        day += timedelta(days=1)


def passed(
    region: str, clock: str, opened: datetime, stop: datetime, limit: timedelta
) -> datetime | None:
    """When the clock started at ``opened`` reached ``limit``, if it ran past it by ``stop``."""
    if clock == "24x7":
        return opened + limit if stop - opened > limit else None
    used = timedelta(0)
    for a, b in business_hours(region, opened, stop):
        a, b = max(a, opened), min(b, stop)
        if a < b and used + (b - a) > limit:
            return a + (limit - used)
        used += max(b - a, timedelta(0))
    return None


def kmp_by_hand(name: str, now: datetime | None) -> tuple[Decimal, list[str]]:
    """The contract's October total and the tickets it owes for, from the files alone."""
    contract = tomllib.loads((DATA / "contracts" / f"{name}.toml").read_text(encoding="utf-8"))
    assert contract["framework"] == "kmp"
    currency, amount = contract["monthly_fee"].split()
    assert currency == "USD"
    fee = Decimal(amount.replace(",", ""))
    region, (start, end) = contract["region"], october(contract["billing_timezone"])
    at = end if now is None else now

    lost, length = downtime(contract["billing_timezone"])
    ratio = 1 - Fraction(lost // timedelta(microseconds=1), length // timedelta(microseconds=1))
    total = next((fee * share for below, share in KMP_BANDS if ratio < below), Decimal(0))

    changes: dict[str, list[tuple[datetime, str]]] = {}
    for event in read_rows("events.csv"):
        if event["kind"] == "severity_changed":
            changes.setdefault(event["ticket_id"], []).append(
                (instant(event["at"]), event["severity"])
            )
    owed = []
    for ticket in read_rows("tickets.csv"):
        opened = instant(ticket["opened_at"])
        if ticket["contract"] != name or opened > at:
            continue
        answered = instant(ticket["first_response_at"]) if ticket["first_response_at"] else at
        stop = min(answered, at)
        severity, changed = ticket["severity"], None
        for when, value in sorted(changes.get(ticket["id"], [])):
            if when <= stop:  # a change after the response leaves its verdict alone
                # Only upgrades in the data: the new target applies from opening.
                assert value < severity, f"{ticket['id']}: a downgrade; work it by hand"
                severity, changed = value, when
        if severity not in KMP_INCIDENT:
            continue
        over, amount_owed = KMP_INCIDENT[severity]
        target, clock = KMP_RESPONSE[contract["tier"]][severity]
        breach = passed(region, clock, opened, stop, max(over, target))
        if breach is not None and changed is not None:
            breach = max(breach, changed)
        if breach is not None and start <= breach < end:
            owed.append(ticket["id"])
            total += amount_owed
    return min(total, fee), owed  # capped at 100% of the fee


def test_liffey_worked_by_hand() -> None:
    # Dublin's October: 745 h (the clocks go back on the 25th). Outages 11 + 9 + 55 + 7
    # minutes and 30 of the 75 that cross the month end; 40 of O-2026-10-03's 55 minutes
    # fall in the Sunday 02:00-04:00 Amsterdam window (00:00-02:00 UTC in summer time).
    lost, length = downtime("Europe/Dublin")
    assert (lost, length) == (72 * MIN, 745 * H)
    assert round(100 * (1 - lost / length), 4) == 99.8389
    total, owed = kmp_by_hand("kmp-premier-dublin", None)
    assert owed == ["T-11432"]  # SEV1 answered after 72 minutes
    assert total == Decimal("1250.0") + 5000 == Decimal(6250)


# At least three contracts worked from the files: every KMP contract whose total is not 0
# (and the zero ones, which still check the bands and the incident rules).
@pytest.mark.parametrize("now_name", sorted(NOWS))
@pytest.mark.parametrize(
    "contract", sorted(name for name in EXPECTED_TOTALS if name.startswith("kmp-"))
)
def test_kmp_totals_worked_from_the_files(contract: str, now_name: str) -> None:
    total, _ = kmp_by_hand(contract, NOWS[now_name])
    row = next(row for row in example_book(now_name).summary if row.contract == contract)
    assert row.total == total
    assert EXPECTED_TOTALS[contract] == f"USD {total:.2f}"


def test_the_worked_figures_owe_what_the_statements_list() -> None:
    book = example_book("exported")
    for name in ("kmp-premier-dublin", "kmp-standard-austin", "kmp-premier-austin"):
        _, owed = kmp_by_hand(name, example_data.EXPORTED_AT)
        listed = [ticket for line in book.customer(name).statement.lines for ticket in line.tickets]
        assert listed == owed, name
    assert kmp_by_hand("kmp-standard-austin", None)[1] == ["T-10951"]


def test_truststram_defines_no_credits() -> None:
    text = files("slakit.catalog").joinpath("truststram.toml").read_text(encoding="utf-8")
    assert "credit_policy" not in tomllib.loads(text)


# -- streaming: tickets taken once, each folded once ---------------------------------------------


def random_tickets(rng: random.Random, count: int, contracts: list[str]) -> list[Ticket]:
    """Tickets opened around October (some in September and November), with valid timelines
    of responses, pauses, severity changes, resolutions and reopens."""
    made = []
    for number in range(count):
        opened = utc(2026, 9, 28) + timedelta(minutes=rng.randrange(40 * 24 * 60))
        at, events, state = opened, [], "new"
        for _ in range(rng.randrange(6)):
            at += timedelta(minutes=rng.randrange(1, 3000))
            if state == "new":
                events.append(Event.responded(at))
                state = "open"
            elif state == "paused":
                events.append(Event.resumed(at))
                state = "open"
            elif state == "resolved":
                events.append(Event.reopened(at))
                state = "open"
            elif rng.random() < 0.3:
                events.append(Event.paused(at))
                state = "paused"
            elif rng.random() < 0.5:
                events.append(Event.severity_changed(at, rng.choice(("sev1", "sev2", "sev3"))))
            else:
                events.append(Event.resolved(at))
                state = "resolved"
        made.append(Ticket(f"T-{number}", rng.choice(("sev1", "sev2", "sev3", "sev4")), opened,
                           events=events, contract=rng.choice(contracts)))  # fmt: skip
    return made


BOOK = [kmp("dub"), kmp("aus", tier="basic", region="austin"),
        Contract(id="sgp", framework="truststram", tier="gold", region="singapore",
                 monthly_fee="USD 4,000", billing_timezone="Asia/Singapore")]  # fmt: skip


@settings(max_examples=15)
@given(st.integers(0, 2**32), st.sampled_from([None, utc(2026, 10, 20), utc(2026, 11, 3)]))
def test_compliance_counted_while_streaming_is_compliance_of_the_statuses(
    seed: int, now: datetime | None
) -> None:
    tickets = random_tickets(random.Random(seed), 40, [c.id for c in BOOK])
    book = month_end(BOOK, OCTOBER, tickets=iter(tickets), now=now)
    for contract in BOOK:
        period = Month.parse(OCTOBER, contract.billing_timezone)
        at = period.end if now is None else now
        own = [t for t in tickets if t.contract == contract.id and t.opened_at <= at]
        # The reference: every status kept, then compliance() over them.
        statuses = [evaluate(ticket, contract, at) for ticket in own]
        expected = compliance(statuses, period, by=("severity", "metric"))
        assert book.customer(contract.id).compliance == expected
        statement = monthly_credit(contract, period, tickets=[t for t in tickets
                                                              if t.contract == contract.id],
                                   now=now)  # fmt: skip
        assert book.customer(contract.id).statement.lines == statement.lines
        assert book.customer(contract.id).statement.tickets_counted == statement.tickets_counted


def test_tickets_are_read_once_and_may_be_a_generator() -> None:
    tickets = random_tickets(random.Random(5), 60, [c.id for c in BOOK])
    taken: list[str] = []

    def one_at_a_time() -> Iterator[Ticket]:
        for ticket in tickets:
            taken.append(ticket.id)
            yield ticket

    streamed = month_end(BOOK, OCTOBER, tickets=one_at_a_time())
    assert taken == [ticket.id for ticket in tickets]  # each once, in order
    assert streamed.to_json() == month_end(BOOK, OCTOBER, tickets=tickets).to_json()


def test_a_bad_ticket_late_in_a_generator_is_still_refused() -> None:
    tickets = random_tickets(random.Random(6), 30, [c.id for c in BOOK])
    tickets.append(tickets[3])
    with pytest.raises(UsageError, match="ticket T-3 is given twice"):
        month_end(BOOK, OCTOBER, tickets=(ticket for ticket in tickets))
