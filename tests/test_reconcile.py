"""reconcile: slakit's verdicts beside a vendor's, with deadlines, divergence and credits.

Expected values come from the contract text (KMP, catalog kmp.toml), worked out by hand:
Standard SEV1 response 1 h 24x7, SEV2 response 4 h business (12x5, 06:00-18:00 Dublin);
Premier SEV1 response 15 min 24x7; incident credits SEV1 response over 1 h USD 5,000,
SEV2 response over 4 h USD 2,500. Dublin is on UTC in March 2026 until the 29th.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slakit import Contract, Event, Ticket
from slakit.errors import DataFileError, NaiveDatetimeError, UsageError, WrongTypeError
from slakit.imports.result import VendorClockEvent, VendorVerdict
from slakit.reconcile import DISAGREEMENT_COLUMNS, reconcile
from slakit.sla import SlaEventKind

STANDARD = Contract(
    id="acme", framework="kmp", tier="standard", region="dublin", monthly_fee="USD 10,000"
)
PREMIER = Contract(framework="kmp", tier="premier", region="dublin", monthly_fee="USD 10,000")
NOW = "2026-03-31T00:00:00Z"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def verdict(ticket_id: str, metric: str, breached: bool | None, **fields: object) -> VendorVerdict:
    return VendorVerdict(
        ticket_id=ticket_id, metric=metric, vendor_metric=f"vendor {metric}", breached=breached,
        **fields,
    )  # fmt: skip


def clock(*events: tuple[str, datetime]) -> tuple[VendorClockEvent, ...]:
    return tuple(VendorClockEvent(kind=kind, at=when) for kind, when in events)


def test_agreement_is_counted_per_metric_and_not_listed() -> None:
    # SEV1 answered at 09:30: 30 min of a 1 h target, met; resolved at 12:00: 3 h of 8 h, met.
    ticket = Ticket("1", "sev1", at(18, 9), [Event.responded(at(18, 9, 30)),
                                             Event.resolved(at(18, 12))])  # fmt: skip
    result = reconcile(
        [ticket], [verdict("1", "response", False), verdict("1", "resolution", False)],
        STANDARD, NOW,
    )  # fmt: skip
    assert result.disagreements == ()
    assert result.compared == 2
    rows = [(row.metric.value, row.compared, row.agreed, str(row.rate)) for row in result.summary]
    assert rows == [("response", 1, 1, "100.00"), ("resolution", 1, 1, "100.00")]
    assert result.credits is not None and str(result.credits.difference) == "USD 0.00"


def test_a_metric_nobody_judged_has_no_rate() -> None:
    ticket = Ticket("1", "sev3", at(18, 9))
    result = reconcile([ticket], [verdict("1", "response", None)], STANDARD, NOW)
    # SEV3 response 12 business hours, unanswered by the 31st: slakit breached, vendor not.
    assert [d.ticket_id for d in result.disagreements] == ["1"]
    assert [row.rate for row in result.summary] == [0, None]


def test_a_reply_the_vendor_counted_and_slakit_did_not() -> None:
    # The vendor counted a private note at 09:50 as the reply; slakit's response is the public
    # reply at 10:20: 80 min of a 1 h target, breached when the hour ran out at 10:00.
    ticket = Ticket("2", "sev1", at(18, 9), [Event.responded(at(18, 10, 20))])
    vendor = verdict(
        "2", "response", False, due_at=at(18, 10), stopped_at=at(18, 9, 50),
        events=clock(("started", at(18, 9)), ("fulfilled", at(18, 9, 50))),
    )  # fmt: skip
    [item] = reconcile([ticket], [vendor], STANDARD, NOW).disagreements
    assert (item.slakit_breached, item.vendor_breached) == (True, False)
    assert (item.slakit_due_at, item.vendor_due_at) == (at(18, 10), at(18, 10))
    assert item.slakit_breached_at == at(18, 10) and item.vendor_breached_at is None
    assert item.divergence is not None
    assert item.divergence.at == at(18, 9, 50)
    assert item.divergence.vendor is not None and item.divergence.slakit is not None
    assert item.divergence.vendor.kind is SlaEventKind.FULFILLED
    # slakit's breach is compared at the instant the target was used up (10:00), not the
    # first instant evaluate reports it (10:00 and a microsecond).
    assert (item.divergence.slakit.kind, item.divergence.slakit.at) == (
        SlaEventKind.BREACHED, at(18, 10),
    )  # fmt: skip
    assert item.divergence.explanation.startswith(
        "the vendor's clock fulfilled at 2026-03-18 09:50:00+00:00; slakit's did not"
    )
    # SEV1 response over 1 h (= the target) owes USD 5,000 on slakit's clock, nothing on the
    # vendor's verdict: the vendor's verdict under-credits by 5,000.
    assert (str(item.slakit_credit), str(item.vendor_credit)) == ("USD 5,000.00", "USD 0.00")


def test_a_vendor_breach_after_now_has_not_happened() -> None:
    ticket = Ticket("3", "sev1", at(18, 9))
    vendor = verdict("3", "response", True, breached_at=at(18, 10), due_at=at(18, 10))
    # At 09:30 neither clock has breached (30 min of 1 h): they agree.
    result = reconcile([ticket], [vendor], STANDARD, "2026-03-18T09:30:00Z")
    assert result.disagreements == ()
    # At 10:30 slakit has breached too.
    assert reconcile([ticket], [vendor], STANDARD, "2026-03-18T10:30:00Z").disagreements == ()


def test_without_clock_events_the_breaches_are_compared() -> None:
    # SEV2, 4 business hours from Monday 16 March 16:00: Monday 2 h, Tuesday (St Patrick's
    # Day) closed, Wednesday 06:00-08:00 2 h: due Wednesday 08:00; answered 07:30, met.
    ticket = Ticket("4", "sev2", at(16, 16), [Event.responded(at(18, 7, 30))])
    vendor = verdict("4", "response", True, breached_at=at(17, 8), stopped_at=at(18, 7, 30))
    [item] = reconcile([ticket], [vendor], STANDARD, NOW).disagreements
    assert item.divergence is not None
    assert item.divergence.slakit is not None and item.divergence.vendor is not None
    assert (item.divergence.vendor.kind, item.divergence.vendor.at) == (
        SlaEventKind.BREACHED, at(17, 8),
    )  # fmt: skip
    assert (item.divergence.slakit.kind, item.divergence.slakit.at) == (
        SlaEventKind.FULFILLED, at(18, 7, 30),
    )  # fmt: skip
    assert "2026-03-17 (Saint Patrick's Day)" in item.divergence.explanation


def test_a_pause_the_vendor_did_not_count() -> None:
    ticket = Ticket("5", "sev1", at(18, 9), [
        Event.responded(at(18, 9, 40)), Event.paused(at(18, 10)), Event.resumed(at(18, 14)),
        Event.resolved(at(18, 18)),
    ])  # fmt: skip
    vendor = verdict(
        "5", "resolution", True, breached_at=at(18, 17), due_at=at(18, 17),
        events=clock(("started", at(18, 9)), ("breached", at(18, 17)),
                     ("fulfilled", at(18, 18))),
    )  # fmt: skip
    [item] = reconcile([ticket], [vendor], STANDARD, NOW).disagreements
    # 8 h 24x7: 1 h before the pause, 4 h after: 5 h, met; due 21:00.
    assert item.slakit_due_at == at(18, 21)
    assert item.divergence is not None and item.divergence.at == at(18, 10)
    assert "slakit's clock paused at 2026-03-18 10:00:00+00:00; the vendor's did not" in (
        item.divergence.explanation
    )
    assert item.slakit_credit is None and item.vendor_credit is None  # no rule on resolution


def test_a_rule_longer_than_the_target_leaves_the_vendors_credit_unknown() -> None:
    # Premier SEV1 response is 15 min; the credit rule is "over 1 h". slakit: answered at
    # 09:10, met. The vendor says breached, but not by how much: its credit is not known.
    ticket = Ticket("6", "sev1", at(18, 9), [Event.responded(at(18, 9, 10))])
    vendor = verdict("6", "response", True, breached_at=at(18, 9, 5))
    result = reconcile([ticket], [vendor], PREMIER, NOW)
    [item] = result.disagreements
    assert (str(item.slakit_credit), item.vendor_credit) == ("USD 0.00", None)
    assert result.credits is not None and result.credits.unknown == 1
    assert "not known" in result.table()


def test_outputs() -> None:
    ticket = Ticket("2", "sev1", at(18, 9), [Event.responded(at(18, 10, 20))])
    result = reconcile([ticket], [verdict("2", "response", False)], STANDARD, NOW)
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert list(rows[0]) == list(DISAGREEMENT_COLUMNS)
    assert (rows[0]["ticket_id"], rows[0]["slakit_breached"], rows[0]["slakit_credit"]) == (
        "2", "true", "USD 5000.00",
    )  # fmt: skip
    data = json.loads(result.to_json())
    assert data["disagreements"][0]["slakit_due_at"] == "2026-03-18T10:00:00Z"
    assert data["contract"] == "acme"
    table = result.table()
    assert "ticket 2, response (vendor response, SEV1): slakit breached, vendor not breached" in (
        table
    )
    assert type(result).model_validate_json(result.model_dump_json()) == result


def test_bad_arguments() -> None:
    ticket = Ticket("1", "sev1", at(18, 9))
    with pytest.raises(DataFileError, match=r"verdict 0 .*ticket 9 is not among the tickets"):
        reconcile([ticket], [verdict("9", "response", True)], STANDARD, NOW)
    with pytest.raises(DataFileError, match="ticket 1 is given twice"):
        reconcile([ticket, ticket], [], STANDARD, NOW)
    other = Ticket("7", "sev1", at(18, 9), contract="globex")
    with pytest.raises(DataFileError, match="ticket 7 belongs to contract globex, not acme"):
        reconcile([other], [], STANDARD, NOW)
    with pytest.raises(WrongTypeError, match="contract must be a Contract"):
        reconcile([ticket], [], "acme", NOW)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="tickets must be a list of Tickets"):
        reconcile(ticket, [], STANDARD, NOW)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="ticket 1 was opened at 2026-03-18T09:00:00"):
        reconcile([ticket], [verdict("1", "response", None)], STANDARD, "2026-03-01T00:00:00Z")
    with pytest.raises(NaiveDatetimeError):
        reconcile([ticket], [], STANDARD, datetime(2026, 3, 31))  # noqa: DTZ001


def test_the_docs_list_the_csv_columns_in_order() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "importing.md").read_text()
    listed = " ".join(text.split("is one row per disagreement, with the columns")[1].split())
    assert listed.startswith(", ".join(f"`{name}`" for name in DISAGREEMENT_COLUMNS))


def test_the_table_and_explanations_show_instants_in_utc() -> None:
    # The same case as above, with the vendor's instants in Chicago time (as a ServiceNow
    # display-value export is read): 05:00-05:00 is 10:00Z. Printed as given, the vendor's
    # deadline "05:00" beside slakit's "10:00" would look five hours apart when it is not.
    chicago = ZoneInfo("America/Chicago")
    ticket = Ticket("2", "sev1", at(18, 9), [Event.responded(at(18, 10, 20))])
    vendor = verdict(
        "2", "response", False, due_at=at(18, 10).astimezone(chicago),
        stopped_at=at(18, 9, 50).astimezone(chicago),
        events=clock(("started", at(18, 9).astimezone(chicago)),
                     ("fulfilled", at(18, 9, 50).astimezone(chicago))),
    )  # fmt: skip
    result = reconcile([ticket], [vendor], STANDARD, NOW)
    table = result.table()
    assert (
        "  deadlines: slakit 2026-03-18 10:00:00+00:00, vendor 2026-03-18 10:00:00+00:00\n"
    ) in table
    assert (
        "  first divergence: the vendor's clock fulfilled at 2026-03-18 09:50:00+00:00; "
        "slakit's did not (slakit's next event: breached at 2026-03-18 10:00:00+00:00)\n"
    ) in table
