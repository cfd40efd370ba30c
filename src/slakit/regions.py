"""The support centres of the seed contracts and their coverage presets.

=========  ================  ============================
region     IANA zone         holidays (``holidays`` pkg)
=========  ================  ============================
austin     America/Chicago   US (federal holidays)
dublin     Europe/Dublin     IE
amsterdam  Europe/Amsterdam  NL
singapore  Asia/Singapore    SG
=========  ================  ============================

Austin observes US federal holidays only: ``US-TX`` adds Texas state-employee
days (Confederate Heroes Day, Cesar Chavez Day, San Jacinto Day, LBJ Day) that
private support centres stay open on. A contract that wants them names them:
``holidays = "US-TX"``.

Coverage presets are local weekly shapes: ``24x7`` (always open, no
holidays), ``16x5`` (Mon–Fri 06:00–22:00), ``12x5`` (Mon–Fri 06:00–18:00)
and ``8x5`` (Mon–Fri 09:00–17:00).

>>> from slakit import regions
>>> dublin = regions.get("Dublin")
>>> dublin.timezone
'Europe/Dublin'
>>> dublin.calendar("8x5").hours.mon
('09:00-17:00',)
>>> regions.get("Paris")
Traceback (most recent call last):
...
slakit.errors.CalendarError: unknown region 'Paris'; known regions: amsterdam, austin, ...
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import ClassVar

from slakit._model import SlakitModel
from slakit.calendar import Calendar, HolidaySpec
from slakit.errors import CalendarError

__all__ = ["COVERAGES", "Region", "all_regions", "coverage_hours", "get", "names"]

COVERAGES: dict[str, dict[str, str]] = {
    "24x7": {"daily": "00:00-24:00"},
    "16x5": {"mon-fri": "06:00-22:00"},
    "12x5": {"mon-fri": "06:00-18:00"},
    "8x5": {"mon-fri": "09:00-17:00"},
}


def coverage_hours(coverage: str) -> dict[str, str]:
    """The weekly hours of a coverage preset.

    >>> coverage_hours("16x5")
    {'mon-fri': '06:00-22:00'}
    """
    key = coverage.strip().lower().replace("/", "x").replace(" ", "")
    if key not in COVERAGES:
        raise CalendarError(
            f"unknown coverage {coverage!r}; known coverages: {', '.join(COVERAGES)}"
        )
    return dict(COVERAGES[key])


class Region(SlakitModel):
    """A support centre: a timezone and the public holidays it observes."""

    _error: ClassVar[type[CalendarError]] = CalendarError

    name: str
    city: str
    timezone: str
    holidays: HolidaySpec

    def calendar(
        self, coverage: str = "12x5", holidays: HolidaySpec | str | None = None
    ) -> Calendar:
        """This centre's calendar for a coverage preset.

        ``24x7`` is open around the clock, holidays included. ``holidays``
        replaces the region's default holiday source, e.g. ``"US-TX"`` for
        Texas state holidays in Austin as well as federal ones.

        >>> get("austin").calendar("12x5", holidays="US-TX").holidays.subdivision
        'TX'
        """
        hours = coverage_hours(coverage)
        if coverage_hours("24x7") == hours:
            return Calendar(timezone=self.timezone, hours=hours)
        return Calendar(
            timezone=self.timezone,
            hours=hours,
            holidays=self.holidays if holidays is None else holidays,
        )

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        """The centre's holidays in ``year``, in date order, with their names.

        >>> get("amsterdam").holidays_in(2026)[4]
        (datetime.date(2026, 4, 27), "King's Day")

        Raises:
            CalendarError: the ``holidays`` package has no data for ``year``
                (e.g. before 1966 or after 2100 for NL).
        """
        return list(self.holidays.named(year).items())


@cache
def _regions() -> dict[str, Region]:
    # Built on first use, not at import: a region's holidays are validated against the
    # holidays package, which ``import slakit`` does not import.
    return {
        region.name: region
        for region in (
            Region(name="austin", city="Austin", timezone="America/Chicago",
                   holidays=HolidaySpec(country="US")),
            Region(name="dublin", city="Dublin", timezone="Europe/Dublin",
                   holidays=HolidaySpec(country="IE")),
            Region(name="amsterdam", city="Amsterdam", timezone="Europe/Amsterdam",
                   holidays=HolidaySpec(country="NL")),
            Region(name="singapore", city="Singapore", timezone="Asia/Singapore",
                   holidays=HolidaySpec(country="SG")),
        )
    }  # fmt: skip


def names() -> list[str]:
    """The known region names, sorted."""
    return sorted(_regions())


def all_regions() -> list[Region]:
    """Every known region, sorted by name."""
    return [_regions()[name] for name in names()]


def get(name: str | Region) -> Region:
    """The region called ``name`` (case-insensitive)."""
    if isinstance(name, Region):
        return name
    key = str(name).strip().lower()
    regions = _regions()
    if key not in regions:
        raise CalendarError(f"unknown region {name!r}; known regions: {', '.join(names())}")
    return regions[key]
