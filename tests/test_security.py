"""slakit.security: security breaches and the contracts they hit (DESIGN.md §3 "Many customers")."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

import slakit
from slakit import credits
from slakit.errors import NaiveDatetimeError, UsageError
from slakit.security import SecurityBreach

AT = datetime(2026, 10, 14, 9, tzinfo=UTC)


def test_a_breach_that_names_no_contracts_hits_every_contract() -> None:
    breach = SecurityBreach(at=AT)
    assert breach.contracts == ()
    assert breach.hits("acme-gold")
    assert breach.hits("")


def test_a_breach_that_names_contracts_hits_only_those() -> None:
    breach = SecurityBreach(at=AT, id="SB-1", contracts=("acme-gold", "globex-basic"))
    assert breach.hits("acme-gold")
    assert breach.hits("globex-basic")
    assert not breach.hits("initech-premier")
    assert not breach.hits("")  # a contract without an id is not one it names


def test_contract_ids_are_stripped() -> None:
    assert SecurityBreach(at=AT, contracts=(" acme-gold ",)).contracts == ("acme-gold",)


@pytest.mark.parametrize(
    ("ids", "reason"),
    [
        (("",), "contracts: a contract id must not be empty"),
        (("  ",), "contracts: a contract id must not be empty"),
        (("acme gold",), "contracts: 'acme gold' is not a contract id: it holds a space or a "
                         "comma; give each id as its own item"),
        (("acme,gold",), "contracts: 'acme,gold' is not a contract id: it holds a space or a "
                         "comma; give each id as its own item"),
        (("acme/gold",), "contracts: 'acme/gold' is not a contract id; an id is 1 to 128 "
                         "letters, digits, '.', '_' or '-', starting with a letter or digit, "
                         "e.g. kmp-premier-dublin"),
    ],
)  # fmt: skip
def test_a_bad_contract_id_is_refused(ids: tuple[str, ...], reason: str) -> None:
    with pytest.raises(UsageError) as raised:
        SecurityBreach(at=AT, contracts=ids)
    assert str(raised.value) == f"invalid SecurityBreach: {reason}"


def test_a_bare_string_is_not_a_list_of_contracts() -> None:
    # A string would otherwise read as its letters: ("a", "c", "m", "e").
    with pytest.raises(UsageError, match="contracts: Input should be a valid tuple"):
        SecurityBreach(at=AT, contracts="acme")  # type: ignore[arg-type]


def test_the_instant_must_be_aware() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"SecurityBreach\.at"):
        SecurityBreach(at=datetime(2026, 10, 14, 9))  # noqa: DTZ001 - the point of the test


def test_a_breach_round_trips_through_json_and_pickle() -> None:
    breach = SecurityBreach(at=AT, id="SB-1", description="leaked keys", contracts=("acme",))
    assert SecurityBreach.model_validate_json(breach.model_dump_json()) == breach
    assert pickle.loads(pickle.dumps(breach)) == breach
    assert hash(pickle.loads(pickle.dumps(breach))) == hash(breach)


def test_it_is_the_one_class_credits_and_slakit_export() -> None:
    assert credits.SecurityBreach is SecurityBreach
    assert slakit.SecurityBreach is SecurityBreach


# -- security incidents (issue 12: "security: 24-hour incident response") ---------------------


def test_an_incident_has_a_response_time_on_the_wall_clock() -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    incident = slakit.SecurityIncident(
        id="SI-1", detected_at=AT, responded_at=datetime(2026, 10, 15, 8, 59, tzinfo=UTC)
    )
    assert incident.response_time == timedelta(hours=23, minutes=59)
    assert slakit.SecurityIncident(detected_at=AT).response_time is None
    # Across the autumn DST change in Dublin: real elapsed time, 25 hours of wall clock.
    dublin = ZoneInfo("Europe/Dublin")
    detected = datetime(2026, 10, 24, 12, tzinfo=dublin)
    responded = datetime(2026, 10, 25, 12, tzinfo=dublin)
    across = slakit.SecurityIncident(detected_at=detected, responded_at=responded)
    assert across.response_time == timedelta(hours=25)


def test_an_incident_names_the_contracts_it_affects() -> None:
    incident = slakit.SecurityIncident(detected_at=AT, contracts=("acme-gold",))
    assert incident.hits("acme-gold") and not incident.hits("globex")
    assert slakit.SecurityIncident(detected_at=AT).hits("globex")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"responded_at": datetime(2026, 10, 14, 8, tzinfo=UTC)},
         "responded_at (2026-10-14T08:00:00+00:00) is before detected_at "
         "(2026-10-14T09:00:00+00:00); a response comes after the detection"),
        ({"contracts": ("a b",)}, "contracts: 'a b' is not a contract id"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_a_bad_incident_says_what_is_wrong(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(UsageError) as raised:
        slakit.SecurityIncident(detected_at=AT, **fields)  # type: ignore[arg-type]
    assert str(raised.value).startswith("invalid SecurityIncident: ")
    assert problem in str(raised.value)
    with pytest.raises(NaiveDatetimeError):
        slakit.SecurityIncident(detected_at=datetime(2026, 10, 14, 9))  # noqa: DTZ001


def test_an_incident_round_trips() -> None:
    incident = slakit.SecurityIncident(
        id="SI-1", detected_at=AT, responded_at=AT, description="phishing", contracts=("acme",)
    )
    assert slakit.SecurityIncident.model_validate_json(incident.model_dump_json()) == incident
    assert pickle.loads(pickle.dumps(incident)) == incident
