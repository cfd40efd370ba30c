"""The ISO 4217 currency table: active alphabetic codes and their minor units.

Source: ISO 4217 "list one" (current currency and funds code list), published
by the ISO 4217 maintenance agency, SIX Financial Information AG, at
https://www.six-group.com/dam/download/financial-information/data-center/iso-currrency/lists/list-one.xml
— the edition with ``Pblshd="2026-01-01"`` (after Bulgaria's BGN, Cuba's CUC
and the Netherlands Antillean ANG left the list, and the Caribbean guilder XCG
and the Arab Accounting Dinar XAD joined it).

Why vendored: slakit's only runtime dependencies are pydantic, python-dateutil,
holidays and tzdata; babel and pycountry would add a large dependency for one
table of 178 codes. The table changes a few times a year, so it carries its
date (:data:`PUBLISHED`); to refresh it, download list one again, take each
``CcyNtry``'s ``Ccy`` and ``CcyMnrUnts`` (``N.A.`` becomes ``None``) and bump
the date.

>>> MINOR_UNITS["USD"], MINOR_UNITS["JPY"], MINOR_UNITS["KWD"], MINOR_UNITS["XAU"]
(2, 0, 3, None)
"""

from __future__ import annotations

__all__ = ["MINOR_UNITS", "PUBLISHED"]

#: The ``Pblshd`` date of the list-one edition this table copies.
PUBLISHED = "2026-01-01"


def _codes(text: str) -> list[str]:
    return text.split()


# Minor units per code, as list one gives them. ``None`` is list one's "N.A.":
# precious metals, bond-market units, the SDR and the testing / no-currency codes,
# which have no minor unit and are not money a contract is paid in. The fund codes
# (USN, BOV, CHE, CHW, COU, MXV, UYI, CLF, UYW) are list-one codes with a minor unit,
# so they are kept and accepted like any currency.
MINOR_UNITS: dict[str, int | None] = {
    **dict.fromkeys(
        _codes("""
            AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP
            BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB
            EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES
            KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
            MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD
            RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
            TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG
        """),
        2,
    ),
    **dict.fromkeys(
        _codes("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"), 0
    ),
    **dict.fromkeys(_codes("BHD IQD JOD KWD LYD OMR TND"), 3),
    **dict.fromkeys(_codes("CLF UYW"), 4),
    **dict.fromkeys(_codes("XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX"), None),
}
