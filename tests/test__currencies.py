"""slakit._currencies: the vendored ISO 4217 table, checked against facts of the standard.

Facts from ISO 4217 (list one, current currency and funds codes): the number
of digits after the decimal point each currency uses, and codes that left the
list when their currency was replaced (the kuna and the lev by the euro, the
convertible peso when Cuba unified its currency, old codes after a
redenomination).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from slakit._currencies import MINOR_UNITS, PUBLISHED


@pytest.mark.parametrize(
    ("code", "places"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("GBP", 2),
        ("CHF", 2),
        ("SGD", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("ISK", 0),
        ("VND", 0),
        ("XOF", 0),  # CFA franc BCEAO
        ("XAF", 0),  # CFA franc BEAC
        ("KWD", 3),
        ("BHD", 3),
        ("OMR", 3),
        ("JOD", 3),
        ("TND", 3),
        ("IQD", 3),
        ("LYD", 3),
        ("CLF", 4),  # Unidad de Fomento
        ("UYW", 4),  # Unidad Previsional
        ("XCG", 2),  # Caribbean guilder, replacing the Netherlands Antillean guilder
        ("ZWG", 2),  # Zimbabwe Gold
        ("SLE", 2),  # the redenominated leone
    ],
)
def test_minor_units_are_those_of_iso_4217(code: str, places: int) -> None:
    assert MINOR_UNITS[code] == places


@pytest.mark.parametrize("code", ["XAU", "XAG", "XPT", "XPD", "XDR", "XTS", "XXX"])
def test_metals_the_sdr_and_the_testing_codes_have_no_minor_unit(code: str) -> None:
    assert MINOR_UNITS[code] is None


@pytest.mark.parametrize(
    "code",
    [
        "BGN",  # Bulgarian lev: Bulgaria joined the euro on 1 January 2026
        "HRK",  # Croatian kuna: the euro in 2023
        "LTL",  # Lithuanian litas: the euro in 2015
        "EEK",  # Estonian kroon: the euro in 2011
        "DEM",  # Deutsche Mark
        "CUC",  # Cuban convertible peso
        "ANG",  # Netherlands Antillean guilder: the Caribbean guilder (XCG)
        "MRO",  # ouguiya before 2018: MRU
        "STD",  # dobra before 2018: STN
        "VEF",  # bolívar fuerte: VES
        "BYR",  # Belarusian ruble before 2016: BYN
    ],
)
def test_withdrawn_codes_are_not_in_the_table(code: str) -> None:
    assert code not in MINOR_UNITS


def test_the_table_is_the_size_of_list_one() -> None:
    # List one names about 180 distinct alphabetic codes (currencies, funds, metals,
    # the SDR and the testing codes); a table far off that is a bad copy.
    assert 170 <= len(MINOR_UNITS) <= 190
    # Every currency a contract can be paid in has a minor unit of 0, 2, 3 or 4 digits.
    assert set(MINOR_UNITS.values()) == {None, 0, 2, 3, 4}
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in MINOR_UNITS)


def test_the_table_carries_its_edition() -> None:
    assert date.fromisoformat(PUBLISHED) >= date(2026, 1, 1)  # after BGN left
