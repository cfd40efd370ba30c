"""Contract tests for the support centres in ``slakit.regions``.

:class:`RegionContract` holds the tests every region must pass; each region's
class overrides only its fixtures (name, zone, holiday source and one known
holiday). Expected values are worked out by hand from DESIGN.md's tables and
the 2026 calendar:

* The week of Mon 2026-06-08 has no public holiday in any of the regions, and
  no clock change (all four zones are on summer or standard time all week).
* Known holidays, none on a DST change day: Thanksgiving (Thu 2026-11-26, the
  4th Thursday), St Patrick's Day (Tue 2026-03-17), King's Day (Mon 2026-04-27),
  Chinese New Year (Tue 2026-02-17).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slakit import Calendar, Contract, HolidaySpec, regions
from slakit.errors import CalendarError
from slakit.regions import Region

HOUR = timedelta(hours=1)
ONE_US = timedelta(microseconds=1)

# coverage: (opening hour, closing hour, open hours on a weekday, open on weekends)
COVERAGES = {
    "24x7": (0, 24, 24, True),
    "16x5": (6, 22, 16, False),
    "12x5": (6, 18, 12, False),
    "8x5": (9, 17, 8, False),
}


def at(zone: ZoneInfo, day: date, hour: int = 0) -> datetime:
    """Local wall-clock time on ``day`` (``hour`` 24 is the next midnight)."""
    return datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(hours=hour)


class RegionContract:
    """What every region must satisfy; subclasses override the fixtures below only."""

    @pytest.fixture
    def name(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def zone(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def holiday_source(self) -> str:
        """The region's default holiday source, in DESIGN.md's notation."""
        raise NotImplementedError

    @pytest.fixture
    def holiday(self) -> tuple[date, str]:
        """A public holiday on a weekday in 2026 and a fragment of its name."""
        raise NotImplementedError

    @pytest.fixture
    def foreign_holidays(self) -> str:
        """Another country's holidays, in which ``holiday`` is a working day."""
        raise NotImplementedError

    @pytest.fixture
    def ordinary_monday(self) -> date:
        return date(2026, 6, 8)

    # Derived ----------------------------------------------------------------------------

    @pytest.fixture
    def region(self, name: str) -> Region:
        return regions.get(name)

    @pytest.fixture
    def tz(self, zone: str) -> ZoneInfo:
        return ZoneInfo(zone)

    # Tests --------------------------------------------------------------------------------

    def test_name_and_zone(self, region: Region, name: str, zone: str) -> None:
        assert region.name == name
        assert region.timezone == zone
        for coverage in COVERAGES:
            assert region.calendar(coverage).timezone == zone
        assert region.calendar().zone == ZoneInfo(zone)

    def test_default_holidays(self, region: Region, holiday_source: str) -> None:
        assert region.holidays == HolidaySpec.parse(holiday_source)
        assert region.calendar("8x5").holidays == HolidaySpec.parse(holiday_source)

    def test_default_coverage_is_12x5(self, region: Region) -> None:
        # The KMP support centres' "6 AM - 6 PM".
        assert region.calendar() == region.calendar("12x5")

    @pytest.mark.parametrize("coverage", COVERAGES)
    def test_coverage_on_an_ordinary_weekday(
        self, region: Region, tz: ZoneInfo, ordinary_monday: date, coverage: str
    ) -> None:
        opens, closes, hours, _ = COVERAGES[coverage]
        calendar = region.calendar(coverage)
        monday = ordinary_monday
        assert calendar.elapsed(at(tz, monday), at(tz, monday, 24)) == hours * HOUR
        assert calendar.business_day == hours * HOUR
        assert calendar.is_open(at(tz, monday, opens))
        assert calendar.is_open(at(tz, monday, closes) - ONE_US)
        if coverage != "24x7":
            assert not calendar.is_open(at(tz, monday, opens) - ONE_US)
            assert not calendar.is_open(at(tz, monday, closes))
            # Closing time plus one business hour: one hour after the next opening.
            result = calendar.add(at(tz, monday, closes), HOUR)
            assert result == at(tz, monday + timedelta(days=1), opens + 1)

    @pytest.mark.parametrize("coverage", COVERAGES)
    def test_coverage_on_a_weekend(
        self, region: Region, tz: ZoneInfo, ordinary_monday: date, coverage: str
    ) -> None:
        *_, weekends = COVERAGES[coverage]
        saturday = ordinary_monday + timedelta(days=5)
        elapsed = region.calendar(coverage).elapsed(at(tz, saturday), at(tz, saturday, 48))
        assert elapsed == (48 * HOUR if weekends else timedelta(0))

    @pytest.mark.parametrize("coverage", ["16x5", "12x5", "8x5"])
    def test_known_holiday_closes_the_day(
        self, region: Region, tz: ZoneInfo, holiday: tuple[date, str], coverage: str
    ) -> None:
        day, _ = holiday
        assert day.weekday() < 5  # a weekday, so only the holiday can close it
        calendar = region.calendar(coverage)
        assert calendar.elapsed(at(tz, day), at(tz, day, 24)) == timedelta(0)
        assert not calendar.is_open(at(tz, day, 12))

    def test_24x7_ignores_holidays(
        self, region: Region, tz: ZoneInfo, holiday: tuple[date, str]
    ) -> None:
        day, _ = holiday
        calendar = region.calendar("24x7")
        assert calendar.holidays is None
        assert calendar.elapsed(at(tz, day), at(tz, day, 24)) == 24 * HOUR
        assert calendar.is_open(at(tz, day, 12))

    def test_holidays_in_lists_the_year(self, region: Region, holiday: tuple[date, str]) -> None:
        day, fragment = holiday
        listing = region.holidays_in(2026)
        assert [d for d, _ in listing] == sorted(d for d, _ in listing)
        assert all(d.year == 2026 and isinstance(n, str) and n for d, n in listing)
        assert fragment in dict(listing)[day]
        assert date(2026, 12, 25) in dict(listing)  # Christmas Day, in all four regions

    def test_holiday_source_can_be_replaced(
        self,
        region: Region,
        tz: ZoneInfo,
        holiday: tuple[date, str],
        foreign_holidays: str,
    ) -> None:
        day, _ = holiday
        calendar = region.calendar("8x5", holidays=foreign_holidays)
        assert calendar.holidays == HolidaySpec.parse(foreign_holidays)
        # An ordinary 09:00-17:00 working day there.
        assert calendar.elapsed(at(tz, day), at(tz, day, 24)) == 8 * HOUR

    def test_get_is_case_insensitive(self, region: Region, name: str) -> None:
        for spelling in (name, name.upper(), name.title(), f"  {name.title()} "):
            assert regions.get(spelling) is region
        assert regions.get(region) is region

    def test_unknown_coverage(self, region: Region) -> None:
        with pytest.raises(
            CalendarError, match="unknown coverage '9x5'; known coverages: 24x7, 16x5, 12x5, 8x5"
        ):
            region.calendar("9x5")

    def test_coverage_spellings(self, region: Region) -> None:
        assert region.calendar("24/7") == region.calendar("24x7")
        assert region.calendar(" 8X5 ") == region.calendar("8x5")


class TestAustin(RegionContract):
    @pytest.fixture
    def name(self) -> str:
        return "austin"

    @pytest.fixture
    def zone(self) -> str:
        return "America/Chicago"

    @pytest.fixture
    def holiday_source(self) -> str:
        return "US"  # federal holidays: Texas state days are working days

    @pytest.fixture
    def holiday(self) -> tuple[date, str]:
        return date(2026, 11, 26), "Thanksgiving"

    @pytest.fixture
    def foreign_holidays(self) -> str:
        return "IE"


class TestDublin(RegionContract):
    @pytest.fixture
    def name(self) -> str:
        return "dublin"

    @pytest.fixture
    def zone(self) -> str:
        return "Europe/Dublin"

    @pytest.fixture
    def holiday_source(self) -> str:
        return "IE"

    @pytest.fixture
    def holiday(self) -> tuple[date, str]:
        return date(2026, 3, 17), "Patrick"

    @pytest.fixture
    def foreign_holidays(self) -> str:
        return "NL"


class TestAmsterdam(RegionContract):
    @pytest.fixture
    def name(self) -> str:
        return "amsterdam"

    @pytest.fixture
    def zone(self) -> str:
        return "Europe/Amsterdam"

    @pytest.fixture
    def holiday_source(self) -> str:
        return "NL"

    @pytest.fixture
    def holiday(self) -> tuple[date, str]:
        return date(2026, 4, 27), "King"

    @pytest.fixture
    def foreign_holidays(self) -> str:
        return "IE"


class TestSingapore(RegionContract):
    @pytest.fixture
    def name(self) -> str:
        return "singapore"

    @pytest.fixture
    def zone(self) -> str:
        return "Asia/Singapore"

    @pytest.fixture
    def holiday_source(self) -> str:
        return "SG"

    @pytest.fixture
    def holiday(self) -> tuple[date, str]:
        return date(2026, 2, 17), "Chinese New Year"

    @pytest.fixture
    def foreign_holidays(self) -> str:
        return "NL"


# -- Austin: federal holidays by default, Texas state days by name -----------------------

CHICAGO = ZoneInfo("America/Chicago")

# Texas state holidays on 2026 weekdays that are not federal holidays (worked by
# hand: 2026-03-31 is a Tuesday, 2026-04-21 a Tuesday, 2026-08-27 a Thursday,
# 2026-03-02 a Monday). Confederate Heroes Day (Mon 2026-01-19) is left out: it
# falls on Martin Luther King Jr. Day, a federal holiday, that year.
TEXAS_ONLY_DAYS = [
    (date(2026, 3, 2), "Texas Independence Day"),
    (date(2026, 3, 31), "Cesar Chavez Day"),
    (date(2026, 4, 21), "San Jacinto Day"),
    (date(2026, 8, 27), "Lyndon Baines Johnson Day"),
]


@pytest.mark.parametrize(("day", "name"), TEXAS_ONLY_DAYS)
def test_austin_is_open_on_texas_state_holidays_by_default(day: date, name: str) -> None:
    austin = regions.get("austin")
    default, texas = austin.calendar("12x5"), austin.calendar("12x5", holidays="US-TX")
    assert austin.holidays == HolidaySpec(country="US")
    assert default.elapsed(at(CHICAGO, day), at(CHICAGO, day, 24)) == 12 * HOUR
    assert default.is_open(at(CHICAGO, day, 12))
    assert day not in dict(austin.holidays_in(2026))
    # Named as US-TX (a contract's holidays = "US-TX"), the state day closes Austin.
    assert (day, name) in HolidaySpec.parse("US-TX").named(2026).items()
    assert texas.elapsed(at(CHICAGO, day), at(CHICAGO, day, 24)) == timedelta(0)
    assert not texas.is_open(at(CHICAGO, day, 12))


@pytest.mark.parametrize(("day", "name"), TEXAS_ONLY_DAYS)
def test_a_contract_can_name_texas_holidays_for_austin(day: date, name: str) -> None:
    default = Contract(framework="kmp", tier="premier", region="austin")
    texas = Contract(framework="kmp", tier="premier", region="austin", holidays="US-TX")
    noon = at(CHICAGO, day, 12)
    assert default.business_calendar.is_open(noon)
    assert not texas.business_calendar.is_open(noon)


def test_federal_holidays_close_austin() -> None:
    calendar = regions.get("austin").calendar("12x5")
    # Thanksgiving (Thu 2026-11-26), MLK Day (Mon 2026-01-19) and Columbus Day
    # (Mon 2026-10-12) are federal: closed. The Friday after Thanksgiving is a
    # Texas state holiday only: open.
    for day in (date(2026, 11, 26), date(2026, 1, 19), date(2026, 10, 12)):
        assert calendar.elapsed(at(CHICAGO, day), at(CHICAGO, day, 24)) == timedelta(0), day
    friday = date(2026, 11, 27)
    assert calendar.elapsed(at(CHICAGO, friday), at(CHICAGO, friday, 24)) == 12 * HOUR


def test_holiday_spec_model_as_override() -> None:
    spec = HolidaySpec(country="US", subdivision="TX", categories=("public",))
    calendar = regions.get("austin").calendar("8x5", holidays=spec)
    assert calendar == regions.get("austin").calendar("8x5", holidays="US-TX")
    assert calendar != regions.get("austin").calendar("8x5")


# -- years without holiday data ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "year", "country", "first", "last"),
    [
        ("amsterdam", 1950, "NL", 1966, 2100),
        ("amsterdam", 2101, "NL", 1966, 2100),
        ("singapore", 1900, "SG", 1901, 2100),
        ("austin", 2101, "US", 1777, 2100),
        ("dublin", 2500, "IE", 1872, 2100),
    ],
)
def test_holidays_in_a_year_without_data_is_an_error(
    name: str, year: int, country: str, first: int, last: int
) -> None:
    message = (
        f"the holidays package has no {country} holidays for {year}; it has them for "
        f"{first} to {last}, so a calendar with these holidays cannot answer for {year}"
    )
    with pytest.raises(CalendarError) as raised:
        regions.get(name).holidays_in(year)
    assert str(raised.value) == message
    with pytest.raises(CalendarError) as raised:
        regions.get(name).holidays.named(year)
    assert str(raised.value) == message


def test_holidays_at_the_edges_of_the_data() -> None:
    # The first and last years the holidays package has for NL are answered.
    assert (date(1966, 12, 25), "Christmas Day") in regions.get("amsterdam").holidays_in(1966)
    assert (date(2100, 12, 25), "Christmas Day") in regions.get("amsterdam").holidays_in(2100)
    assert HolidaySpec.parse("NL").years == range(1966, 2101)
    assert HolidaySpec.parse("US-TX").years == range(1777, 2101)


def test_a_region_calendar_refuses_a_year_without_holiday_data() -> None:
    # Tue 2101-03-15 is an ordinary working day in Amsterdam, but whether it is a
    # holiday is unknown: an error, not an open day.
    calendar = regions.get("amsterdam").calendar("8x5")
    noon = at(ZoneInfo("Europe/Amsterdam"), date(2101, 3, 15), 12)
    with pytest.raises(CalendarError, match="no NL holidays for 2101; it has them for 1966 to"):
        calendar.is_open(noon)
    # The 24x7 preset has no holidays, so it answers for any year slakit computes.
    assert regions.get("amsterdam").calendar("24x7").is_open(noon)


# -- the registry ---------------------------------------------------------------------------


def test_names_and_all_regions() -> None:
    assert regions.names() == ["amsterdam", "austin", "dublin", "singapore"]
    assert [region.name for region in regions.all_regions()] == regions.names()


def test_unknown_region_lists_the_known_names() -> None:
    with pytest.raises(
        CalendarError,
        match="unknown region 'Paris'; known regions: amsterdam, austin, dublin, singapore",
    ):
        regions.get("Paris")


def test_coverage_hours() -> None:
    assert regions.coverage_hours("24x7") == {"daily": "00:00-24:00"}
    assert regions.coverage_hours("16x5") == {"mon-fri": "06:00-22:00"}
    assert regions.coverage_hours("12x5") == {"mon-fri": "06:00-18:00"}
    assert regions.coverage_hours("8x5") == {"mon-fri": "09:00-17:00"}
    # A copy: changing it leaves the preset alone.
    regions.coverage_hours("8x5")["mon-fri"] = "00:00-01:00"
    assert regions.coverage_hours("8x5") == {"mon-fri": "09:00-17:00"}


def test_24x7_is_the_wall_clock() -> None:
    for region in regions.all_regions():
        assert region.calendar("24x7") == Calendar.always(region.timezone)


def test_region_is_a_frozen_round_tripping_value() -> None:
    dublin = regions.get("dublin")
    assert Region.model_validate_json(dublin.model_dump_json()) == dublin
    assert hash(Region.model_validate_json(dublin.model_dump_json())) == hash(dublin)
