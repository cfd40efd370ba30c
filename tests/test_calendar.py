"""Pinned examples for ``slakit.calendar``.

Every expected value below is worked out by hand from a real calendar (2026),
the IANA rules of the zone and the region's public holidays; none comes from
calling the code under test. The comment next to each case shows the working.

2026 facts used throughout:

* weekdays: Jan 1 is a Thursday; Mon 2026-03-09, Mon 2026-06-08 and
  Mon 2026-06-15 start ordinary weeks with no holiday in any region.
* America/Chicago: CST is UTC-6, CDT is UTC-5. Spring forward on
  Sun 2026-03-08 at 02:00 CST (08:00 UTC); fall back on Sun 2026-11-01 at
  02:00 CDT (07:00 UTC).
* Europe/Dublin: GMT is UTC+0, IST is UTC+1; the clocks change at 01:00 UTC on
  Sun 2026-03-29 and Sun 2026-10-25.
* Europe/Amsterdam: CET is UTC+1, CEST is UTC+2; the clocks change at
  01:00 UTC on Sun 2026-03-29 and Sun 2026-10-25.
* Asia/Singapore: SGT is UTC+8, no daylight saving time.
"""

from __future__ import annotations

import pickle
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pydantic
import pytest

from slakit import (
    Calendar,
    CombinedCalendar,
    HolidaySpec,
    WeeklyHours,
    Window,
    load_contract,
    regions,
)
from slakit.errors import (
    CalendarError,
    NaiveDatetimeError,
    NeverOpenError,
    PolicyError,
    RangeError,
    SlakitError,
)
from timing import finishes_within

CHICAGO = ZoneInfo("America/Chicago")
DUBLIN = ZoneInfo("Europe/Dublin")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SINGAPORE = ZoneInfo("Asia/Singapore")

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
ONE_US = timedelta(microseconds=1)

NINE_TO_FIVE = {"mon-fri": "09:00-17:00"}


def utc(*fields: int) -> datetime:
    """An instant given as UTC wall-clock fields."""
    return datetime(*fields, tzinfo=UTC)  # type: ignore[misc]


def local(zone: ZoneInfo, *fields: int, fold: int = 0) -> datetime:
    """An instant given as wall-clock fields in ``zone``."""
    return datetime(*fields, tzinfo=zone, fold=fold)  # type: ignore[misc]


def assert_instant(result: datetime, expected_utc: datetime, zone: object) -> None:
    """``result`` is the instant ``expected_utc`` and is shown in ``zone``.

    Compared through UTC on purpose: Python never treats a datetime inside a
    DST fold as equal to one in another zone, and compares two datetimes of the
    same zone by wall clock alone (ignoring ``fold``).
    """
    assert result.tzinfo is zone
    assert result.astimezone(UTC) == expected_utc


@pytest.fixture
def utc_office() -> Calendar:
    """Mon–Fri 09:00–17:00 UTC, no holidays."""
    return Calendar(timezone="UTC", hours=NINE_TO_FIVE)


# -- daylight saving time -----------------------------------------------------------------


class TestDaylightSaving:
    @pytest.mark.parametrize(
        ("zone", "day", "hours"),
        [
            # Chicago's local day 2026-03-08 runs 06:00 UTC to 05:00 UTC next day: 23 h.
            ("America/Chicago", date(2026, 3, 8), 23),
            # 2026-11-01 runs 05:00 UTC (CDT midnight) to 06:00 UTC next day (CST): 25 h.
            ("America/Chicago", date(2026, 11, 1), 25),
            # Dublin 2026-03-29: 00:00 GMT = 00:00 UTC to 00:00 IST = 23:00 UTC: 23 h.
            ("Europe/Dublin", date(2026, 3, 29), 23),
            # Dublin 2026-10-25: 00:00 IST = 23:00 UTC (24th) to 00:00 GMT (26th): 25 h.
            ("Europe/Dublin", date(2026, 10, 25), 25),
            # Amsterdam 2026-03-29: 23:00 UTC (28th) to 22:00 UTC (29th): 23 h.
            ("Europe/Amsterdam", date(2026, 3, 29), 23),
            # Amsterdam 2026-10-25: 22:00 UTC (24th) to 23:00 UTC (25th): 25 h.
            ("Europe/Amsterdam", date(2026, 10, 25), 25),
            # Singapore has no DST: a day is a day.
            ("Asia/Singapore", date(2026, 3, 29), 24),
        ],
    )
    def test_a_24x7_local_day_is_real_elapsed_time(self, zone: str, day: date, hours: int) -> None:
        tz = ZoneInfo(zone)
        start = local(tz, day.year, day.month, day.day)
        following = day + timedelta(days=1)
        end = local(tz, following.year, following.month, following.day)
        for calendar in (Calendar.always(zone), Calendar.always("UTC")):
            assert calendar.elapsed(start, end) == timedelta(hours=hours)

    @pytest.mark.parametrize(
        ("zone", "sunday", "hours"),
        [
            ("America/Chicago", date(2026, 3, 8), 23),
            ("America/Chicago", date(2026, 11, 1), 25),
            ("Europe/Dublin", date(2026, 3, 29), 23),
            ("Europe/Dublin", date(2026, 10, 25), 25),
            ("Europe/Amsterdam", date(2026, 3, 29), 23),
            ("Europe/Amsterdam", date(2026, 10, 25), 25),
        ],
    )
    def test_a_weekly_00_to_24_day_has_one_hour_more_or_less(
        self, zone: str, sunday: date, hours: int
    ) -> None:
        # Open only on Sundays, all day: the whole weekend's business time is the
        # length of that Sunday (same working as the 24x7 case above).
        calendar = Calendar(timezone=zone, hours={"sun": "00:00-24:00"})
        tz = ZoneInfo(zone)
        saturday = sunday - timedelta(days=1)
        monday = sunday + timedelta(days=1)
        start = local(tz, saturday.year, saturday.month, saturday.day)
        end = local(tz, monday.year, monday.month, monday.day, 12)
        assert calendar.elapsed(start, end) == timedelta(hours=hours)

    def test_an_8_hour_day_on_the_change_day_stays_8_hours(self) -> None:
        # The change happens at 02:00/03:00 local, outside 09:00-17:00.
        calendar = Calendar(timezone="Europe/Amsterdam", hours={"daily": "09:00-17:00"})
        start = local(AMSTERDAM, 2026, 3, 29)
        assert calendar.elapsed(start, local(AMSTERDAM, 2026, 3, 30)) == 8 * HOUR
        start = local(AMSTERDAM, 2026, 10, 25)
        assert calendar.elapsed(start, local(AMSTERDAM, 2026, 10, 26)) == 8 * HOUR

    @pytest.mark.parametrize(
        ("zone", "start", "duration", "expected_utc"),
        [
            # Sat 22:00 CST = 04:00 UTC Sun; + 6 h = 10:00 UTC = 05:00 CDT (not 04:00).
            (CHICAGO, (2026, 3, 7, 22), 6 * HOUR, utc(2026, 3, 8, 10)),
            # Sat 22:00 CDT = 03:00 UTC Sun; + 6 h = 09:00 UTC = 03:00 CST (not 04:00).
            (CHICAGO, (2026, 10, 31, 22), 6 * HOUR, utc(2026, 11, 1, 9)),
            # Sat 23:00 GMT = 23:00 UTC; + 4 h = 03:00 UTC = 04:00 IST.
            (DUBLIN, (2026, 3, 28, 23), 4 * HOUR, utc(2026, 3, 29, 3)),
            # Sat 23:00 IST = 22:00 UTC; + 4 h = 02:00 UTC = 02:00 GMT.
            (DUBLIN, (2026, 10, 24, 23), 4 * HOUR, utc(2026, 10, 25, 2)),
            # Sat 23:00 CET = 22:00 UTC; + 4 h = 02:00 UTC = 04:00 CEST.
            (AMSTERDAM, (2026, 3, 28, 23), 4 * HOUR, utc(2026, 3, 29, 2)),
            # Sat 23:00 CEST = 21:00 UTC; + 4 h = 01:00 UTC = the second 02:00 (CET).
            (AMSTERDAM, (2026, 10, 24, 23), 4 * HOUR, utc(2026, 10, 25, 1)),
        ],
    )
    def test_add_across_the_night_of_the_change_on_24x7(
        self, zone: ZoneInfo, start: tuple[int, ...], duration: timedelta, expected_utc: datetime
    ) -> None:
        result = Calendar.always(zone.key).add(local(zone, *start), duration)
        assert_instant(result, expected_utc, zone)

    def test_second_occurrence_of_an_ambiguous_hour_has_winter_offset(self) -> None:
        # Same case as the last row above: the answer is 02:00 CET (UTC+1), fold=1.
        result = Calendar.always("Europe/Amsterdam").add(
            local(AMSTERDAM, 2026, 10, 24, 23), 4 * HOUR
        )
        assert (result.hour, result.fold, result.utcoffset()) == (2, 1, HOUR)

    def test_night_shift_across_spring_forward_is_7_hours(self) -> None:
        calendar = Calendar(
            timezone="America/Chicago", hours={"sat": "22:00-24:00", "sun": "00:00-06:00"}
        )
        # Sat 2026-03-07 22:00 CST = 04:00 UTC; Sun 06:00 CDT = 11:00 UTC: 7 h open.
        start = local(CHICAGO, 2026, 3, 7, 22)
        assert calendar.elapsed(start, local(CHICAGO, 2026, 3, 8, 12)) == 7 * HOUR
        # All 7 h used up exactly at the end of the shift: due at 06:00 CDT.
        assert_instant(calendar.add(start, 7 * HOUR), utc(2026, 3, 8, 11), CHICAGO)
        # One more hour runs into next Saturday's shift: Sat 2026-03-14 22:00 CDT + 1 h.
        assert calendar.add(start, 8 * HOUR) == local(CHICAGO, 2026, 3, 14, 23)

    def test_night_shift_across_fall_back_is_9_hours(self) -> None:
        calendar = Calendar(
            timezone="America/Chicago", hours={"sat": "22:00-24:00", "sun": "00:00-06:00"}
        )
        # Sat 2026-10-31 22:00 CDT = 03:00 UTC; Sun 06:00 CST = 12:00 UTC: 9 h open.
        start = local(CHICAGO, 2026, 10, 31, 22)
        assert calendar.elapsed(start, local(CHICAGO, 2026, 11, 1, 12)) == 9 * HOUR
        assert_instant(calendar.add(start, 9 * HOUR), utc(2026, 11, 1, 12), CHICAGO)

    @pytest.mark.parametrize(
        ("sunday", "hours"),
        [
            # 01:00 CET = 00:00 UTC; 05:00 CEST = 03:00 UTC: 3 h.
            (date(2026, 3, 29), 3),
            # 01:00 CEST = 23:00 UTC (24th); 05:00 CET = 04:00 UTC: 5 h.
            (date(2026, 10, 25), 5),
            # An ordinary Sunday: 4 h.
            (date(2026, 3, 22), 4),
        ],
    )
    def test_interval_spanning_the_change(self, sunday: date, hours: int) -> None:
        calendar = Calendar(timezone="Europe/Amsterdam", hours={"sun": "01:00-05:00"})
        start = local(AMSTERDAM, sunday.year, sunday.month, sunday.day)
        assert calendar.elapsed(start, start + timedelta(days=1)) == timedelta(hours=hours)

    def test_local_time_in_the_spring_gap_resolves_with_fold_0(self) -> None:
        calendar = Calendar(timezone="Europe/Amsterdam", hours={"sun": "02:30-04:00"})
        # 02:30 does not exist on 2026-03-29; fold=0 reads it with the offset in force
        # before the gap (CET, UTC+1): 01:30 UTC (03:30 CEST). 04:00 CEST = 02:00 UTC.
        start = local(AMSTERDAM, 2026, 3, 28, 12)
        opening = calendar.next_open(start)
        assert_instant(opening, utc(2026, 3, 29, 1, 30), AMSTERDAM)
        assert calendar.elapsed(start, local(AMSTERDAM, 2026, 3, 30)) == 30 * MINUTE

    def test_local_time_in_the_autumn_fold_resolves_with_fold_0(self) -> None:
        calendar = Calendar(timezone="Europe/Amsterdam", hours={"sun": "02:30-04:00"})
        # 02:30 happens twice on 2026-10-25; fold=0 is the first (CEST): 00:30 UTC.
        # 04:00 CET = 03:00 UTC: 2 h 30 min open.
        start = local(AMSTERDAM, 2026, 10, 24, 12)
        assert_instant(calendar.next_open(start), utc(2026, 10, 25, 0, 30), AMSTERDAM)
        assert calendar.elapsed(start, local(AMSTERDAM, 2026, 10, 26)) == 150 * MINUTE

    def test_an_interval_wholly_inside_the_gap(self) -> None:
        # 02:00 and 03:00 on 2026-03-08 in Chicago are both 08:00 UTC under fold=0
        # (02:00 CST and 03:00 CDT): the interval is empty that Sunday, 1 h the next.
        calendar = Calendar(timezone="America/Chicago", hours={"sun": "02:00-03:00"})
        sunday = local(CHICAGO, 2026, 3, 8)
        assert calendar.elapsed(sunday, local(CHICAGO, 2026, 3, 9)) == timedelta(0)
        assert calendar.elapsed(local(CHICAGO, 2026, 3, 15), local(CHICAGO, 2026, 3, 16)) == HOUR

    def test_8x5_deadline_over_the_spring_weekend_in_chicago(self) -> None:
        calendar = regions.get("austin").calendar("8x5")
        # Fri 2026-03-06 15:00 CST: 2 h on Friday, 2 h from Mon 09:00 CDT -> 11:00 CDT.
        result = calendar.add(local(CHICAGO, 2026, 3, 6, 15), 4 * HOUR)
        assert_instant(result, utc(2026, 3, 9, 16), CHICAGO)
        assert result.utcoffset() == -5 * HOUR
        # A whole business day from Fri 09:00 CST to Mon 09:00 CDT is only Friday: 8 h.
        start = local(CHICAGO, 2026, 3, 6, 9)
        assert calendar.elapsed(start, local(CHICAGO, 2026, 3, 9, 9)) == 8 * HOUR

    def test_8x5_deadline_over_the_autumn_weekend_in_chicago(self) -> None:
        calendar = regions.get("austin").calendar("8x5")
        # Fri 2026-10-30 16:00 CDT: 1 h on Friday, 1 h from Mon 09:00 CST -> 10:00 CST.
        result = calendar.add(local(CHICAGO, 2026, 10, 30, 16), 2 * HOUR)
        assert_instant(result, utc(2026, 11, 2, 16), CHICAGO)
        assert result.utcoffset() == -6 * HOUR

    def test_8x5_deadline_over_the_spring_weekend_in_dublin(self) -> None:
        calendar = regions.get("dublin").calendar("8x5")
        # Fri 2026-03-27 12:00 GMT: 5 h on Friday, 3 h from Mon 09:00 IST -> 12:00 IST,
        # which is 11:00 UTC: 71 h of wall time for 8 h of business time.
        start = local(DUBLIN, 2026, 3, 27, 12)
        result = calendar.add(start, 8 * HOUR)
        assert_instant(result, utc(2026, 3, 30, 11), DUBLIN)
        assert result.astimezone(UTC) - start.astimezone(UTC) == 71 * HOUR
        assert result.utcoffset() == HOUR

    def test_8x5_deadline_over_the_autumn_weekend_in_amsterdam(self) -> None:
        calendar = regions.get("amsterdam").calendar("8x5")
        # Fri 2026-10-23 16:00 CEST: 1 h on Friday, 1 h from Mon 09:00 CET -> 10:00 CET.
        result = calendar.add(local(AMSTERDAM, 2026, 10, 23, 16), 2 * HOUR)
        assert_instant(result, utc(2026, 10, 26, 9), AMSTERDAM)


# -- holidays -------------------------------------------------------------------------------


class TestHolidays:
    def test_kings_day_closes_amsterdam(self) -> None:
        calendar = regions.get("amsterdam").calendar("8x5")
        # King's Day, Mon 2026-04-27, is closed all day.
        assert calendar.elapsed(local(AMSTERDAM, 2026, 4, 27), local(AMSTERDAM, 2026, 4, 28)) == (
            timedelta(0)
        )
        assert not calendar.is_open(local(AMSTERDAM, 2026, 4, 27, 12))
        # Fri 2026-04-24 16:00: 1 h on Friday, Monday is King's Day, 1 h on Tuesday.
        result = calendar.add(local(AMSTERDAM, 2026, 4, 24, 16), 2 * HOUR)
        assert result == local(AMSTERDAM, 2026, 4, 28, 10)

    def test_st_patricks_day_closes_dublin(self) -> None:
        calendar = regions.get("dublin").calendar("8x5")
        assert not calendar.is_open(local(DUBLIN, 2026, 3, 17, 12))
        # Mon 2026-03-16 16:00: 1 h on Monday, Tuesday 17th closed, 1 h on Wednesday.
        assert calendar.add(local(DUBLIN, 2026, 3, 16, 16), 2 * HOUR) == local(
            DUBLIN, 2026, 3, 18, 10
        )

    def test_chinese_new_year_closes_singapore_for_two_days(self) -> None:
        calendar = regions.get("singapore").calendar("8x5")
        # Chinese New Year is Tue 2026-02-17 and Wed 2026-02-18 in Singapore.
        start = local(SINGAPORE, 2026, 2, 17)
        assert calendar.elapsed(start, local(SINGAPORE, 2026, 2, 19)) == timedelta(0)
        # Mon 2026-02-16 16:00 SGT: 1 h on Monday, 1 h on Thursday 19th -> 10:00.
        result = calendar.add(local(SINGAPORE, 2026, 2, 16, 16), 2 * HOUR)
        assert result == local(SINGAPORE, 2026, 2, 19, 10)

    def test_thanksgiving_closes_austin_thursday_and_texas_friday(self) -> None:
        calendar = regions.get("austin").calendar("8x5")
        # Thanksgiving is the 4th Thursday of November: Nov 2026 starts on a Sunday,
        # so Thursdays are 5, 12, 19, 26. Austin observes federal holidays, so the
        # Friday after is a working day.
        # Wed 2026-11-25 16:00 CST: 1 h Wednesday, Thursday closed, 1 h Friday.
        result = calendar.add(local(CHICAGO, 2026, 11, 25, 16), 2 * HOUR)
        assert result == local(CHICAGO, 2026, 11, 27, 10)
        # With Texas state holidays (US-TX), the Friday after Thanksgiving closes too:
        # 1 h Wednesday, Thu and Fri closed, weekend, 1 h Monday.
        texas = regions.get("austin").calendar("8x5", holidays="US-TX")
        assert texas.add(local(CHICAGO, 2026, 11, 25, 16), 2 * HOUR) == local(
            CHICAGO, 2026, 11, 30, 10
        )

    def test_holidays_are_local_dates(self) -> None:
        # Christmas Day closes Singapore from 00:00 SGT (Dec 24 16:00 UTC) to 24:00
        # SGT (Dec 25 16:00 UTC); the UTC hours around it are open.
        calendar = Calendar(
            timezone="Asia/Singapore", hours={"daily": "00:00-24:00"}, holidays="SG"
        )
        assert calendar.elapsed(utc(2026, 12, 24, 12), utc(2026, 12, 25, 20)) == 8 * HOUR
        assert calendar.is_open(utc(2026, 12, 24, 15, 59))
        assert not calendar.is_open(utc(2026, 12, 24, 16))
        assert calendar.is_open(utc(2026, 12, 25, 16))

    def test_holiday_spec_forms_are_equivalent(self) -> None:
        as_text = Calendar(timezone="America/Chicago", hours=NINE_TO_FIVE, holidays="US-TX")
        as_mapping = Calendar(
            timezone="America/Chicago",
            hours=NINE_TO_FIVE,
            holidays={"country": "US", "subdivision": "TX"},
        )
        as_model = Calendar(
            timezone="America/Chicago",
            hours=NINE_TO_FIVE,
            holidays=HolidaySpec(country="US", subdivision="TX"),
        )
        assert as_text == as_mapping == as_model
        assert as_text.holidays == HolidaySpec(country="US", subdivision="TX")

    def test_holiday_spec_named(self) -> None:
        named = HolidaySpec.parse("IE").named(2026)
        assert "Patrick" in named[date(2026, 3, 17)]
        assert date(2026, 4, 27) in HolidaySpec.parse("NL").dates(2026)


# -- add ------------------------------------------------------------------------------------


class TestAdd:
    # The week of Mon 2026-03-09 on a Mon–Fri 09:00–17:00 UTC calendar.

    @pytest.mark.parametrize(
        ("start", "duration", "expected"),
        [
            # Before opening: the clock starts at 09:00.
            (utc(2026, 3, 9, 7), HOUR, utc(2026, 3, 9, 10)),
            # After closing: the clock starts at Tuesday 09:00.
            (utc(2026, 3, 9, 18), HOUR, utc(2026, 3, 10, 10)),
            # On a weekend: the clock starts on Monday 09:00.
            (utc(2026, 3, 7, 12), HOUR, utc(2026, 3, 9, 10)),
            # Work ending exactly at closing is due at closing, not next opening.
            (utc(2026, 3, 9, 16), HOUR, utc(2026, 3, 9, 17)),
            (utc(2026, 3, 9, 9), 8 * HOUR, utc(2026, 3, 9, 17)),
            # Friday evening: nothing until Monday 09:00, then 2 h.
            (utc(2026, 3, 13, 19), 2 * HOUR, utc(2026, 3, 16, 11)),
            # Friday 16:00: 1 h on Friday, 1 h on Monday.
            (utc(2026, 3, 13, 16), 2 * HOUR, utc(2026, 3, 16, 10)),
            # A full week of business time from Monday 09:00 ends Friday 17:00.
            (utc(2026, 3, 9, 9), 40 * HOUR, utc(2026, 3, 13, 17)),
            # One microsecond more spills into the next Monday.
            (utc(2026, 3, 9, 9), 40 * HOUR + ONE_US, utc(2026, 3, 16, 9, 0, 0, 1)),
            # Minutes and seconds are exact.
            (utc(2026, 3, 9, 16, 59, 30), timedelta(seconds=45), utc(2026, 3, 10, 9, 0, 15)),
        ],
    )
    def test_deadline(
        self, utc_office: Calendar, start: datetime, duration: timedelta, expected: datetime
    ) -> None:
        assert utc_office.add(start, duration) == expected

    @pytest.mark.parametrize(
        "start",
        [utc(2026, 3, 9, 12), utc(2026, 3, 9, 17), utc(2026, 3, 7, 12), utc(2026, 3, 9, 8)],
    )
    def test_adding_zero_returns_start(self, utc_office: Calendar, start: datetime) -> None:
        # Also when the calendar is closed at `start`: the earliest t >= start is start.
        assert utc_office.add(start, timedelta(0)) == start
        dublin_start = start.astimezone(DUBLIN)
        assert_instant(utc_office.add(dublin_start, timedelta(0)), start, DUBLIN)

    @pytest.mark.parametrize(
        ("start", "duration", "expected"),
        [
            # Tue 10:00 back 2 h: 1 h to Tue 09:00, 1 h back from Mon 17:00 -> Mon 16:00.
            (utc(2026, 3, 10, 10), -2 * HOUR, utc(2026, 3, 9, 16)),
            # Back exactly to the opening: the latest such instant is Tue 09:00.
            (utc(2026, 3, 10, 10), -HOUR, utc(2026, 3, 10, 9)),
            # From Saturday noon back 1 h: Friday 16:00.
            (utc(2026, 3, 14, 12), -HOUR, utc(2026, 3, 13, 16)),
            # From Monday 09:00 back a full week of 40 h: Monday 2026-03-02 09:00.
            (utc(2026, 3, 9, 9), -40 * HOUR, utc(2026, 3, 2, 9)),
        ],
    )
    def test_negative_durations_count_back(
        self, utc_office: Calendar, start: datetime, duration: timedelta, expected: datetime
    ) -> None:
        assert utc_office.add(start, duration) == expected

    def test_elapsed_is_antisymmetric(self, utc_office: Calendar) -> None:
        # Fri 16:00 to Mon 10:00: 1 h on Friday, 1 h on Monday.
        friday, monday = utc(2026, 3, 13, 16), utc(2026, 3, 16, 10)
        assert utc_office.elapsed(friday, monday) == 2 * HOUR
        assert utc_office.elapsed(monday, friday) == -2 * HOUR
        assert utc_office.elapsed(friday, friday) == timedelta(0)

    def test_elapsed_over_a_month(self, utc_office: Calendar) -> None:
        # March 2026 has 22 weekdays (Mar 1 is a Sunday; 31 days = 4 weeks + Sun, Mon,
        # Tue: 20 + 2): 176 h.
        assert utc_office.elapsed(utc(2026, 3, 1), utc(2026, 4, 1)) == 176 * HOUR

    def test_elapsed_across_new_year(self, utc_office: Calendar) -> None:
        # Thu 2026-12-31 and Fri 2027-01-01 are both weekdays (no holidays here).
        assert utc_office.elapsed(utc(2026, 12, 31, 16), utc(2027, 1, 1, 10)) == 2 * HOUR
        assert utc_office.add(utc(2026, 12, 31, 16), 2 * HOUR) == utc(2027, 1, 1, 10)

    def test_always_is_wall_time(self) -> None:
        always = Calendar.always()
        start = utc(2026, 3, 28, 23, 17, 5, 42)
        for duration in (timedelta(0), ONE_US, 90 * MINUTE, timedelta(days=90, hours=3)):
            assert always.add(start, duration) == start + duration
            assert always.elapsed(start, start + duration) == duration
        assert always.add(start, -timedelta(days=400)) == start - timedelta(days=400)
        # Across New Year and a whole year: 2026 has 365 days.
        assert always.elapsed(utc(2026, 1, 1), utc(2027, 1, 1)) == timedelta(days=365)
        assert always.timezone == "UTC"
        assert always == Calendar(timezone="UTC", hours={"daily": "00:00-24:00"})
        assert always.business_day == timedelta(hours=24)

    def test_duration_must_be_a_timedelta(self, utc_office: Calendar) -> None:
        with pytest.raises(TypeError, match="duration must be a timedelta, not int"):
            utc_office.add(utc(2026, 3, 9, 9), 3600)  # type: ignore[arg-type]


# -- follow-the-sun union and intersection --------------------------------------------------


@pytest.fixture
def follow_the_sun() -> CombinedCalendar:
    austin, dublin, singapore = (
        regions.get(name).calendar("12x5") for name in ("austin", "dublin", "singapore")
    )
    return austin | dublin | singapore


class TestFollowTheSun:
    # June 2026: Austin is on CDT (UTC-5), Dublin on IST (UTC+1), Singapore on SGT (UTC+8).
    # 12x5 is 06:00–18:00 local, Mon–Fri, so in UTC on a weekday:
    #   Singapore 22:00 (previous day) – 10:00, Dublin 05:00 – 17:00, Austin 11:00 – 23:00.
    # The union is open without a break from Singapore's Monday opening (Sun 22:00 UTC)
    # to Austin's Friday closing (Fri 23:00 UTC). No region has a holiday Jun 8–15.

    def test_closes_friday_23_utc_and_reopens_sunday_22_utc(
        self, follow_the_sun: CombinedCalendar
    ) -> None:
        assert follow_the_sun.is_open(utc(2026, 6, 12, 22, 59, 59, 999999))
        assert not follow_the_sun.is_open(utc(2026, 6, 12, 23))
        assert follow_the_sun.next_open(utc(2026, 6, 13, 12)) == utc(2026, 6, 14, 22)
        assert follow_the_sun.elapsed(utc(2026, 6, 12, 23), utc(2026, 6, 14, 22)) == timedelta(0)
        assert follow_the_sun.is_open(utc(2026, 6, 14, 22))

    def test_deadline_across_the_weekend(self, follow_the_sun: CombinedCalendar) -> None:
        # Fri 22:00 UTC: 1 h until Austin closes, 1 h from Singapore's Monday opening.
        assert follow_the_sun.add(utc(2026, 6, 12, 22), 2 * HOUR) == utc(2026, 6, 14, 23)
        # Shown in the zone of the argument: Fri 23:00 IST is 22:00 UTC.
        result = follow_the_sun.add(local(DUBLIN, 2026, 6, 12, 23), 2 * HOUR)
        assert_instant(result, utc(2026, 6, 14, 23), DUBLIN)

    def test_a_week_of_follow_the_sun(self, follow_the_sun: CombinedCalendar) -> None:
        # Mon 00:00 UTC to Fri 23:00 UTC = 4 days 23 h = 119 h, plus Sun 22:00–24:00 = 2 h.
        assert follow_the_sun.elapsed(utc(2026, 6, 8), utc(2026, 6, 15)) == 121 * HOUR

    def test_open_intervals_over_the_weekend(self, follow_the_sun: CombinedCalendar) -> None:
        intervals = list(follow_the_sun.open_intervals(utc(2026, 6, 12), utc(2026, 6, 16)))
        assert intervals == [
            (utc(2026, 6, 12), utc(2026, 6, 12, 23)),
            (utc(2026, 6, 14, 22), utc(2026, 6, 16)),
        ]

    def test_business_day_of_a_union_is_the_longest_part(
        self, follow_the_sun: CombinedCalendar
    ) -> None:
        assert follow_the_sun.business_day == 12 * HOUR
        eight = Calendar(timezone="UTC", hours=NINE_TO_FIVE)
        assert (follow_the_sun | eight).business_day == 12 * HOUR


class TestIntersection:
    # Mon 2026-06-15: Austin 12x5 is 11:00–23:00 UTC, Dublin 12x5 is 05:00–17:00 UTC,
    # so both are open 11:00–17:00 UTC (6 h) and either is open 05:00–23:00 (18 h).

    @pytest.fixture
    def austin_and_dublin(self) -> tuple[Calendar, Calendar]:
        return regions.get("austin").calendar("12x5"), regions.get("dublin").calendar("12x5")

    def test_intersection(self, austin_and_dublin: tuple[Calendar, Calendar]) -> None:
        austin, dublin = austin_and_dublin
        both = austin & dublin
        monday, tuesday = utc(2026, 6, 15), utc(2026, 6, 16)
        assert both.elapsed(monday, tuesday) == 6 * HOUR
        assert not both.is_open(utc(2026, 6, 15, 10, 59))
        assert both.is_open(utc(2026, 6, 15, 11))
        assert not both.is_open(utc(2026, 6, 15, 17))
        # Mon 16:00 UTC: 1 h on Monday, then Tuesday from 11:00 UTC: 12:00 UTC.
        assert both.add(utc(2026, 6, 15, 16), 2 * HOUR) == utc(2026, 6, 16, 12)
        assert both.business_day == 12 * HOUR

    def test_union_plus_intersection_is_the_sum(
        self, austin_and_dublin: tuple[Calendar, Calendar]
    ) -> None:
        austin, dublin = austin_and_dublin
        monday, tuesday = utc(2026, 6, 15), utc(2026, 6, 16)
        assert (austin | dublin).elapsed(monday, tuesday) == 18 * HOUR
        assert austin.elapsed(monday, tuesday) == 12 * HOUR
        assert dublin.elapsed(monday, tuesday) == 12 * HOUR

    def test_business_day_of_an_intersection_is_the_shortest_part(self) -> None:
        long_day = Calendar(timezone="UTC", hours={"mon-fri": "06:00-22:00"})
        assert (long_day & Calendar(timezone="UTC", hours=NINE_TO_FIVE)).business_day == 8 * HOUR

    def test_combining_with_something_else_is_a_type_error(self, utc_office: Calendar) -> None:
        with pytest.raises(TypeError):
            utc_office | 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            utc_office & "UTC"  # type: ignore[operator]


# -- weekly hours ---------------------------------------------------------------------------


class TestWeeklyHours:
    def test_several_intervals_a_day(self) -> None:
        calendar = Calendar(timezone="UTC", hours={"sat": ["13:00-15:00", "10:00-12:00"]})
        assert calendar.hours.sat == ("10:00-12:00", "13:00-15:00")
        # Sat 2026-03-07: 2 h + 2 h.
        assert calendar.elapsed(utc(2026, 3, 7), utc(2026, 3, 8)) == 4 * HOUR
        # 11:00 + 1 h ends at the lunch closing; + 2 h resumes at 13:00 and ends 14:00.
        assert calendar.add(utc(2026, 3, 7, 11), HOUR) == utc(2026, 3, 7, 12)
        assert calendar.add(utc(2026, 3, 7, 11), 2 * HOUR) == utc(2026, 3, 7, 14)
        assert calendar.add(utc(2026, 3, 7, 12, 30), HOUR) == utc(2026, 3, 7, 14)
        # 14:00 + 2 h: 1 h to 15:00, then next Saturday (2026-03-14) 10:00–11:00.
        assert calendar.add(utc(2026, 3, 7, 14), 2 * HOUR) == utc(2026, 3, 14, 11)
        assert not calendar.is_open(utc(2026, 3, 7, 12))
        assert calendar.is_open(utc(2026, 3, 7, 13))
        assert calendar.business_day == 4 * HOUR

    def test_24_00_ends_the_day_and_joins_the_next(self) -> None:
        calendar = Calendar(timezone="UTC", hours={"fri": "22:00-24:00", "sat": "00:00-02:00"})
        # Fri 2026-03-06 23:00 + 2 h: 1 h to midnight, 1 h after: Sat 01:00.
        assert calendar.add(utc(2026, 3, 6, 23), 2 * HOUR) == utc(2026, 3, 7, 1)
        assert calendar.is_open(utc(2026, 3, 7))
        # The two intervals touch at midnight and come out as one.
        assert list(calendar.open_intervals(utc(2026, 3, 6), utc(2026, 3, 8))) == [
            (utc(2026, 3, 6, 22), utc(2026, 3, 7, 2))
        ]

    def test_day_names_ranges_and_groups(self) -> None:
        hours = WeeklyHours.parse({"fri-mon": "9:00-10:00", "wed": "08:00-09:00"})
        # A range wraps round the week end: fri, sat, sun, mon. Times are normalised.
        assert (hours.fri, hours.sat, hours.sun, hours.mon) == (("09:00-10:00",),) * 4
        assert (hours.tue, hours.thu) == ((), ())
        assert WeeklyHours.parse({"weekends": "10:00-11:00"}).sun == ("10:00-11:00",)
        assert WeeklyHours.parse({"Monday,Thursday": "10:00-11:00"}).thu == ("10:00-11:00",)

    def test_keys_add_up_per_day(self) -> None:
        hours = WeeklyHours.parse({"mon-fri": "09:00-12:00", "mon": "13:00-17:00"})
        assert hours.mon == ("09:00-12:00", "13:00-17:00")
        assert hours.tue == ("09:00-12:00",)


# -- extra closed and opened dates and windows ----------------------------------------------


class TestClosed:
    def test_closed_date(self) -> None:
        calendar = Calendar(timezone="UTC", hours=NINE_TO_FIVE, closed=[date(2026, 3, 10)])
        # Mon 16:00: 1 h on Monday, Tuesday closed, 1 h on Wednesday.
        assert calendar.add(utc(2026, 3, 9, 16), 2 * HOUR) == utc(2026, 3, 11, 10)

    def test_closed_date_is_a_local_date(self) -> None:
        calendar = Calendar(
            timezone="Asia/Singapore", hours={"daily": "00:00-24:00"}, closed=[date(2026, 3, 11)]
        )
        # Wed 2026-03-11 in Singapore is 2026-03-10 16:00 to 2026-03-11 16:00 UTC.
        assert calendar.elapsed(utc(2026, 3, 10, 16), utc(2026, 3, 11, 16)) == timedelta(0)
        assert calendar.elapsed(utc(2026, 3, 10, 12), utc(2026, 3, 11, 20)) == 8 * HOUR

    def test_closed_window(self) -> None:
        window = (utc(2026, 3, 11, 12), utc(2026, 3, 11, 14))
        calendar = Calendar(timezone="UTC", hours=NINE_TO_FIVE, closed=[window])
        # Wednesday 09:00–17:00 less 12:00–14:00: 6 h.
        assert calendar.elapsed(utc(2026, 3, 11), utc(2026, 3, 12)) == 6 * HOUR
        # 11:00 + 2 h: 1 h to 12:00, paused to 14:00, 1 h more: 15:00.
        assert calendar.add(utc(2026, 3, 11, 11), 2 * HOUR) == utc(2026, 3, 11, 15)
        assert not calendar.is_open(utc(2026, 3, 11, 12))
        assert calendar.is_open(utc(2026, 3, 11, 14))

    def test_window_forms_are_equivalent(self) -> None:
        start, end = utc(2026, 3, 11, 12), utc(2026, 3, 11, 14)
        forms: list[object] = [(start, end), [start, end], {"start": start, "end": end}]
        forms.append(Window(start=start, end=end))
        calendars = {
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, closed=[form])  # type: ignore[list-item]
            for form in forms
        }
        assert len(calendars) == 1

    def test_closed_window_across_new_year(self) -> None:
        window = (utc(2026, 12, 31, 22), utc(2027, 1, 1, 2))
        calendar = Calendar(timezone="UTC", hours={"daily": "00:00-24:00"}, closed=[window])
        # 20:00–22:00 open, 22:00–02:00 closed, 02:00–04:00 open: 4 h.
        assert calendar.elapsed(utc(2026, 12, 31, 20), utc(2027, 1, 1, 4)) == 4 * HOUR
        assert calendar.add(utc(2026, 12, 31, 21), 2 * HOUR) == utc(2027, 1, 1, 3)


class TestOpened:
    def test_saturday_make_up_day_uses_the_longest_weekday(self) -> None:
        # Friday (08:00–18:00, 10 h) is the longest day; Saturday 2026-03-14 is worked.
        calendar = Calendar(
            timezone="UTC",
            hours={"mon-thu": "09:00-17:00", "fri": "08:00-18:00"},
            opened=[date(2026, 3, 14)],
        )
        assert calendar.elapsed(utc(2026, 3, 14), utc(2026, 3, 15)) == 10 * HOUR
        assert not calendar.is_open(utc(2026, 3, 14, 7, 59))
        assert calendar.is_open(utc(2026, 3, 14, 8))
        assert not calendar.is_open(utc(2026, 3, 14, 18))
        # The next Saturday is not worked.
        assert calendar.elapsed(utc(2026, 3, 21), utc(2026, 3, 22)) == timedelta(0)
        # Fri 17:00 + 2 h: 1 h Friday, then Saturday 08:00–09:00.
        assert calendar.add(utc(2026, 3, 13, 17), 2 * HOUR) == utc(2026, 3, 14, 9)

    def test_opened_date_overrides_a_holiday(self) -> None:
        calendar = Calendar(
            timezone="Europe/Dublin", hours=NINE_TO_FIVE, holidays="IE", opened=[date(2026, 3, 17)]
        )
        # St Patrick's Day worked on Tuesday's usual 09:00–17:00 GMT.
        start = local(DUBLIN, 2026, 3, 17)
        assert calendar.elapsed(start, local(DUBLIN, 2026, 3, 18)) == 8 * HOUR

    def test_opened_window(self) -> None:
        window = (utc(2026, 3, 8, 10), utc(2026, 3, 8, 12))
        calendar = Calendar(timezone="UTC", hours=NINE_TO_FIVE, opened=[window])
        # Sunday 10:00–12:00 open.
        assert calendar.elapsed(utc(2026, 3, 8), utc(2026, 3, 9)) == 2 * HOUR
        # Fri 16:00 + 2 h: 1 h on Friday, Sunday 10:00 + 1 h.
        assert calendar.add(utc(2026, 3, 6, 16), 2 * HOUR) == utc(2026, 3, 8, 11)

    def test_opened_window_overlapping_hours_counts_once(self) -> None:
        window = (utc(2026, 3, 9, 16), utc(2026, 3, 9, 19))
        calendar = Calendar(timezone="UTC", hours=NINE_TO_FIVE, opened=[window])
        # Monday open 09:00–19:00: 10 h.
        assert calendar.elapsed(utc(2026, 3, 9), utc(2026, 3, 10)) == 10 * HOUR

    def test_closed_windows_win_over_opened_windows(self) -> None:
        calendar = Calendar(
            timezone="UTC",
            hours=NINE_TO_FIVE,
            opened=[(utc(2026, 3, 8, 10), utc(2026, 3, 8, 12))],
            closed=[(utc(2026, 3, 8, 11), utc(2026, 3, 8, 13))],
        )
        # Sunday: opened 10:00–12:00 less closed 11:00–13:00: 1 h.
        assert calendar.elapsed(utc(2026, 3, 8), utc(2026, 3, 9)) == HOUR


# -- business days --------------------------------------------------------------------------


class TestBusinessDays:
    @pytest.mark.parametrize(
        ("hours", "expected"),
        [
            (NINE_TO_FIVE, 8 * HOUR),
            ({"mon-fri": "06:00-18:00"}, 12 * HOUR),
            ({"mon-thu": "09:00-17:00", "fri": "08:00-18:00"}, 10 * HOUR),
            ({"sat": ["10:00-12:00", "13:00-15:00"]}, 4 * HOUR),
            ({"daily": "00:00-24:00"}, 24 * HOUR),
        ],
    )
    def test_default_is_the_longest_daily_opening(
        self, hours: dict[str, object], expected: timedelta
    ) -> None:
        assert Calendar(timezone="UTC", hours=hours).business_day == expected

    def test_explicit_business_day_is_kept(self) -> None:
        calendar = Calendar(timezone="UTC", hours=NINE_TO_FIVE, business_day=7.5 * HOUR)
        assert calendar.business_day == 7.5 * HOUR
        # 2 days = 15 h from Mon 09:00: 8 h Monday, 7 h Tuesday -> Tue 16:00.
        assert calendar.add_business_days(utc(2026, 3, 9, 9), 2) == utc(2026, 3, 10, 16)

    @pytest.mark.parametrize(
        ("given", "shown"),
        [(-HOUR, "-1h"), (timedelta(0), "0h"), (0, "0h"), ("0h", "0h"), ("PT0S", "0h"),
         (-3600, "-1h")],
    )  # fmt: skip
    def test_a_zero_or_negative_business_day_is_refused(self, given: object, shown: str) -> None:
        # Before: an explicit zero was silently replaced by the default (8 h here).
        with pytest.raises(CalendarError) as raised:
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, business_day=given)  # type: ignore[arg-type]
        assert str(raised.value) == (
            f"invalid Calendar: business_day: must be longer than zero, got {shown}"
        )

    @pytest.mark.parametrize("given", [1e-300, 28800.0, True])
    def test_a_float_or_bool_business_day_is_refused(self, given: object) -> None:
        # Before: 1e-300 became the default 8 h and 28800.0 was accepted.
        with pytest.raises(CalendarError) as raised:
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, business_day=given)  # type: ignore[arg-type]
        assert str(raised.value) == (
            f"invalid Calendar: business_day: {given!r} is not a length of time; give a "
            'timedelta, ISO 8601 text ("PT8H"), duration text ("8h") or whole seconds as an int'
        )

    @pytest.mark.parametrize("given", [7 * HOUR, "PT7H", "7h", 25200])
    def test_a_business_day_may_be_a_timedelta_text_or_whole_seconds(self, given: object) -> None:
        calendar = Calendar(timezone="UTC", hours=NINE_TO_FIVE, business_day=given)  # type: ignore[arg-type]
        assert calendar.business_day == 7 * HOUR

    def test_a_zero_business_day_in_a_mapping_is_refused_and_null_is_not_given(self) -> None:
        data = {"timezone": "UTC", "hours": NINE_TO_FIVE}
        with pytest.raises(CalendarError, match="business_day: must be longer than zero"):
            Calendar.model_validate({**data, "business_day": 0})
        assert Calendar.model_validate({**data, "business_day": None}).business_day == 8 * HOUR
        with pytest.raises(CalendarError, match="business_day: must be longer than zero"):
            CombinedCalendar(operation="union", calendars=[data], business_day="0h")

    def test_a_dumped_calendar_states_its_business_day_and_round_trips(self) -> None:
        office = Calendar(timezone="UTC", hours=NINE_TO_FIVE)
        assert office.model_dump(mode="json")["business_day"] == "PT8H"
        assert Calendar.model_validate_json(office.model_dump_json()) == office
        union = office | Calendar(timezone="UTC", hours={"mon-fri": "06:00-18:00"})
        assert union.model_dump(mode="json")["business_day"] == "PT12H"
        assert CombinedCalendar.model_validate_json(union.model_dump_json()) == union

    @pytest.mark.parametrize(
        ("value", "message"),
        [("0", "must be longer than zero, got 0h"),
         ("1e-300", '1e-300 is not a length of time; give a timedelta, ISO 8601 text ("PT8H"), '
                    'duration text ("8h") or whole seconds as an int')],
    )  # fmt: skip
    def test_a_contract_file_with_a_zero_or_float_business_day_is_refused(
        self, tmp_path: Path, value: str, message: str
    ) -> None:
        # Before: both loaded as the default business day, 8 h.
        path = tmp_path / "c.toml"
        path.write_text(
            'framework = "kmp"\ntier = "standard"\nmonthly_fee = "USD 1,000"\n'
            f'[calendar]\ntimezone = "UTC"\nhours = {{ mon-fri = "09:00-17:00" }}\n'
            f"business_day = {value}\n",
            encoding="utf-8",
        )
        with pytest.raises(PolicyError) as raised:
            load_contract(path)
        assert str(raised.value) == f"{path}: calendar.business_day: {message}"

    def test_a_calendar_without_hours_round_trips_with_business_day_not_given(self) -> None:
        never = Calendar(timezone="UTC", hours={})
        assert never.model_dump(mode="json")["business_day"] is None
        assert Calendar.model_validate_json(never.model_dump_json()) == never

    def test_five_business_days_from_tuesday_is_next_tuesday(self, utc_office: Calendar) -> None:
        # 40 h from Tue 10:00: Tue 7 + Wed 8 + Thu 8 + Fri 8 + Mon 8 = 39, 1 h Tuesday.
        assert utc_office.add_business_days(utc(2026, 3, 10, 10), 5) == utc(2026, 3, 17, 10)

    def test_five_business_days_from_saturday_is_friday_closing(self, utc_office: Calendar) -> None:
        # The clock starts Monday 09:00; 40 h is exactly Mon–Fri: due Fri 17:00.
        assert utc_office.add_business_days(utc(2026, 3, 7, 12), 5) == utc(2026, 3, 13, 17)

    def test_zero_and_negative_business_days(self, utc_office: Calendar) -> None:
        start = utc(2026, 3, 10, 10)
        assert utc_office.add_business_days(start, 0) == start
        # Back 8 h from Tue 10:00: 1 h Tuesday, 7 h Monday -> Mon 10:00.
        assert utc_office.add_business_days(start, -1) == utc(2026, 3, 9, 10)

    def test_holiday_pushes_business_days_out(self) -> None:
        dublin = regions.get("dublin").calendar("8x5")
        # Tue 2026-03-10 10:00 + 5 days would be Tue 17th 10:00, but that is
        # St Patrick's Day, so one more day: Wed 18th 10:00.
        result = dublin.add_business_days(local(DUBLIN, 2026, 3, 10, 10), 5)
        assert result == local(DUBLIN, 2026, 3, 18, 10)


# -- is_open, next_open, open_intervals ------------------------------------------------------


class TestQueries:
    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            (utc(2026, 3, 9, 9), True),  # the opening instant is open
            (utc(2026, 3, 9, 17), False),  # the closing instant is closed
            (utc(2026, 3, 9, 16, 59, 59, 999999), True),
            (utc(2026, 3, 9, 8, 59, 59, 999999), False),
            (utc(2026, 3, 7, 12), False),  # Saturday
        ],
    )
    def test_is_open(self, utc_office: Calendar, instant: datetime, expected: bool) -> None:
        assert utc_office.is_open(instant) is expected

    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            (utc(2026, 3, 9, 12), utc(2026, 3, 9, 12)),  # open: itself
            (utc(2026, 3, 9, 9), utc(2026, 3, 9, 9)),
            (utc(2026, 3, 9, 8), utc(2026, 3, 9, 9)),  # before opening
            (utc(2026, 3, 9, 17), utc(2026, 3, 10, 9)),  # at closing
            (utc(2026, 3, 13, 17), utc(2026, 3, 16, 9)),  # Friday closing
            (utc(2026, 3, 7, 12), utc(2026, 3, 9, 9)),  # Saturday
        ],
    )
    def test_next_open(self, utc_office: Calendar, instant: datetime, expected: datetime) -> None:
        assert utc_office.next_open(instant) == expected

    def test_next_open_across_the_dublin_spring_weekend(self) -> None:
        calendar = regions.get("dublin").calendar("8x5")
        # Fri 2026-03-27 18:00 GMT -> Mon 2026-03-30 09:00 IST (08:00 UTC).
        result = calendar.next_open(local(DUBLIN, 2026, 3, 27, 18))
        assert_instant(result, utc(2026, 3, 30, 8), DUBLIN)
        assert result == local(DUBLIN, 2026, 3, 30, 9)

    def test_open_intervals_are_clipped(self, utc_office: Calendar) -> None:
        assert list(utc_office.open_intervals(utc(2026, 3, 9, 12), utc(2026, 3, 11, 10))) == [
            (utc(2026, 3, 9, 12), utc(2026, 3, 9, 17)),
            (utc(2026, 3, 10, 9), utc(2026, 3, 10, 17)),
            (utc(2026, 3, 11, 9), utc(2026, 3, 11, 10)),
        ]
        inside = list(utc_office.open_intervals(utc(2026, 3, 9, 10), utc(2026, 3, 9, 11)))
        assert inside == [(utc(2026, 3, 9, 10), utc(2026, 3, 9, 11))]
        assert list(utc_office.open_intervals(utc(2026, 3, 9, 17), utc(2026, 3, 10, 9))) == []
        assert list(utc_office.open_intervals(utc(2026, 3, 10), utc(2026, 3, 9))) == []

    def test_open_intervals_in_the_zone_of_start(self, utc_office: Calendar) -> None:
        # Mon 2026-03-09 09:00–17:00 UTC is 17:00–01:00 SGT.
        intervals = list(
            utc_office.open_intervals(local(SINGAPORE, 2026, 3, 9), local(SINGAPORE, 2026, 3, 10))
        )
        assert intervals == [(local(SINGAPORE, 2026, 3, 9, 17), local(SINGAPORE, 2026, 3, 10))]
        assert all(a.tzinfo is SINGAPORE and b.tzinfo is SINGAPORE for a, b in intervals)


class TestResultTimezone:
    def test_utc_in_utc_out(self) -> None:
        dublin = regions.get("dublin").calendar("8x5")
        # Mon 2026-03-30 08:00 UTC is 09:00 IST, the opening: + 1 h = 09:00 UTC.
        result = dublin.add(utc(2026, 3, 30, 8), HOUR)
        assert result == utc(2026, 3, 30, 9)
        assert result.tzinfo is UTC
        assert dublin.next_open(utc(2026, 3, 28)).tzinfo is UTC

    def test_dublin_in_dublin_out(self, utc_office: Calendar) -> None:
        # Mon 2026-03-09 08:00 GMT is 08:00 UTC, before opening: 09:00–10:00 UTC.
        result = utc_office.add(local(DUBLIN, 2026, 3, 9, 8), HOUR)
        assert result.tzinfo is DUBLIN
        assert result == local(DUBLIN, 2026, 3, 9, 10)

    def test_fixed_offset_in_fixed_offset_out(self, utc_office: Calendar) -> None:
        new_york_winter = timezone(timedelta(hours=-5))
        # 04:00-05:00 is 09:00 UTC, the opening: + 1 h = 10:00 UTC = 05:00-05:00.
        result = utc_office.add(datetime(2026, 3, 9, 4, tzinfo=new_york_winter), HOUR)
        assert result.tzinfo is new_york_winter
        assert (result.hour, result.utcoffset()) == (5, -5 * HOUR)


# -- serialisation --------------------------------------------------------------------------


@pytest.fixture
def detailed() -> Calendar:
    return Calendar(
        timezone="Europe/Dublin",
        hours={"mon-fri": "09:00-17:00", "sat": ["10:00-12:00", "13:00-15:00"]},
        holidays="IE",
        closed=[date(2026, 3, 10), (utc(2026, 3, 11, 12), utc(2026, 3, 11, 14))],
        opened=[
            date(2026, 3, 17),
            (local(DUBLIN, 2026, 3, 15, 10), local(DUBLIN, 2026, 3, 15, 12)),
        ],
        business_day=7 * HOUR,
    )


class TestSerialisation:
    def test_json_round_trip(self, detailed: Calendar) -> None:
        again = Calendar.model_validate_json(detailed.model_dump_json())
        assert again == detailed
        assert hash(again) == hash(detailed)

    def test_json_round_trip_of_a_union(self, detailed: Calendar) -> None:
        union = detailed | Calendar.always("Asia/Singapore")
        again = CombinedCalendar.model_validate_json(union.model_dump_json())
        assert again == union
        assert hash(again) == hash(union)

    def test_json_round_trip_of_nested_combined_calendars(
        self, follow_the_sun: CombinedCalendar, detailed: Calendar
    ) -> None:
        # austin | dublin | singapore is (austin | dublin) | singapore: a combined
        # calendar inside a combined calendar.
        for combined in (follow_the_sun, follow_the_sun & detailed):
            again = CombinedCalendar.model_validate_json(combined.model_dump_json())
            assert again == combined
            assert hash(again) == hash(combined)

    def test_equal_and_hashable_after_queries(self, detailed: Calendar) -> None:
        fresh = Calendar.model_validate_json(detailed.model_dump_json())
        detailed.add(utc(2026, 3, 9, 9), 10 * HOUR)  # compiles and caches its index
        assert detailed == fresh
        assert hash(detailed) == hash(fresh)
        assert len({detailed, fresh}) == 1

    def test_pickle_round_trip(self, detailed: Calendar) -> None:
        start = local(DUBLIN, 2026, 3, 9, 9)
        # Mon 8 h; Tue 10th closed; Wed 8 h less 12:00-14:00 closed = 6 h -> 14 h by
        # Wed 17:00; 2 h more on Thursday: Thu 2026-03-12 11:00.
        expected = local(DUBLIN, 2026, 3, 12, 11)
        before = pickle.loads(pickle.dumps(detailed))
        assert before == detailed
        assert before.add(start, 16 * HOUR) == expected
        assert detailed.add(start, 16 * HOUR) == expected
        after = pickle.loads(pickle.dumps(detailed))  # with its compiled index
        assert after == detailed
        assert after.add(start, 16 * HOUR) == expected

    def test_pickle_round_trip_of_combined_calendars(
        self, follow_the_sun: CombinedCalendar
    ) -> None:
        # Fri 2026-06-12 22:00 UTC + 2 h: see TestFollowTheSun.
        assert follow_the_sun.add(utc(2026, 6, 12, 22), 2 * HOUR) == utc(2026, 6, 14, 23)
        again = pickle.loads(pickle.dumps(follow_the_sun))
        assert again == follow_the_sun
        assert again.add(utc(2026, 6, 12, 22), 2 * HOUR) == utc(2026, 6, 14, 23)

    def test_json_schema(self) -> None:
        schema = Calendar.model_json_schema()
        assert {"timezone", "hours"} <= set(schema["required"])

    def test_frozen(self, utc_office: Calendar) -> None:
        with pytest.raises(pydantic.ValidationError):
            utc_office.timezone = "Europe/Dublin"


# -- validation -----------------------------------------------------------------------------


class TestValidation:
    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            ({"mon": "09:00-25:00"}, r"hours\.mon: '25:00' is not a time of day"),
            ({"mon": "25:00-26:00"}, r"'25:00' is not a time of day"),
            ({"mon": "09:60-17:00"}, r"'09:60' is not a time of day"),
            ({"mon": "9am-5pm"}, r"'9am' is not a time of day; write HH:MM"),
            ({"mon": "09:00"}, r"'09:00' is not an interval; write START-END"),
            ({"mon": "17:00-09:00"}, r"'17:00-09:00' ends before it starts"),
            ({"mon": "09:00-09:00"}, r"'09:00-09:00' is an empty interval: it ends when"),
            ({"mon": "24:00-24:00"}, r"'24:00' can only end an interval"),
            (
                {"mon": ["09:00-12:00", "11:00-13:00"]},
                r"09:00-12:00 and 11:00-13:00 overlap; intervals on one day must not overlap",
            ),
            ({"mon-fri": "09:00-17:00", "wed": "12:00-13:00"}, r"hours\.wed: .* overlap"),
            ({"funday": "09:00-17:00"}, r"'funday' is not a weekday; use mon, tue"),
            ({"mon-funday": "09:00-17:00"}, r"'mon-funday' is not a weekday"),
        ],
    )
    def test_bad_hours(self, hours: dict[str, object], message: str) -> None:
        with pytest.raises(CalendarError, match=message):
            Calendar(timezone="UTC", hours=hours)

    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            (
                {"mon": 9},
                "invalid Calendar: hours.mon: 9 is not an interval; write text such as "
                "'09:00-17:00', a list of such intervals, or [] for a day without hours",
            ),
            (
                {"mon": None},
                "invalid Calendar: hours.mon: null is not an interval; write text such as "
                "'09:00-17:00', a list of such intervals, or [] for a day without hours",
            ),
            (
                {"mon-fri": ["09:00-12:00", 13]},
                "invalid Calendar: hours.mon-fri: 13 is not an interval; write text such as "
                "'09:00-17:00', a list of such intervals, or [] for a day without hours",
            ),
            (
                None,
                "invalid Calendar: hours: weekly hours must be a mapping such as "
                "{'mon-fri': '09:00-17:00'}, not None",
            ),
            (
                # Said once for the key as written, not once per weekday it covers.
                {"mon-fri": "09:00-09:00"},
                "invalid Calendar: hours.mon-fri: '09:00-09:00' is an empty interval: it ends "
                "when it starts; write e.g. 09:00-17:00",
            ),
            (
                # Every bad key at once.
                {"mon": "09:00-09:00", "sat": 9},
                "invalid Calendar: hours.mon: '09:00-09:00' is an empty interval: it ends "
                "when it starts; write e.g. 09:00-17:00; hours.sat: 9 is not an interval; "
                "write text such as '09:00-17:00', a list of such intervals, or [] for a day "
                "without hours",
            ),
        ],
        ids=["number", "null", "number-in-list", "no-mapping", "empty-once", "all-at-once"],
    )
    def test_bad_hours_name_the_key(self, hours: object, message: str) -> None:
        with pytest.raises(CalendarError) as raised:
            Calendar(timezone="UTC", hours=hours)  # type: ignore[arg-type]
        assert str(raised.value) == message
        assert str(raised.value).count("empty interval") <= 1

    def test_bad_weekly_hours_on_their_own_name_the_day(self) -> None:
        with pytest.raises(CalendarError) as raised:
            WeeklyHours.parse({"tue": "10:00-10:00"})
        assert str(raised.value) == (
            "invalid WeeklyHours: tue: '10:00-10:00' is an empty interval: it ends when it "
            "starts; write e.g. 09:00-17:00"
        )

    def test_long_clock_text_is_refused_before_matching(self) -> None:
        hostile = "0" * 30_000 + ":00-17:00"
        with pytest.raises(CalendarError) as raised:
            finishes_within(2, lambda: Calendar(timezone="UTC", hours={"mon": hostile}))
        assert str(raised.value) == (
            "invalid Calendar: hours.mon: '00000000000000000000'... (30,009 characters) is "
            "not an interval; write START-END as text, e.g. 09:00-17:00"
        )

    def test_bad_hours_is_a_value_error_with_its_cause(self) -> None:
        with pytest.raises(ValueError, match="invalid Calendar") as caught:
            Calendar(timezone="UTC", hours={"mon": "09:00-25:00"})
        assert isinstance(caught.value, SlakitError)
        assert isinstance(caught.value.__cause__, pydantic.ValidationError)

    def test_unknown_timezone(self) -> None:
        with pytest.raises(CalendarError, match="unknown timezone 'Mars/Olympus'; use an IANA"):
            Calendar(timezone="Mars/Olympus", hours=NINE_TO_FIVE)

    def test_unknown_country(self) -> None:
        with pytest.raises(CalendarError, match="unknown holiday country 'XX'"):
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, holidays="XX")

    @pytest.mark.parametrize("country", ["xx", "nl", "", "U S", "Netherland"])
    def test_unknown_country_checked_without_the_country_modules(self, country: str) -> None:
        # The common case (no subdivision, public holidays) reads the package's registry.
        with pytest.raises(CalendarError, match=f"unknown holiday country {country!r}"):
            HolidaySpec(country=country)

    @pytest.mark.parametrize("country", ["NL", "NLD", "GB", "UK", "Netherlands"])
    def test_every_name_the_holidays_package_resolves_is_accepted(self, country: str) -> None:
        # Codes, aliases and class names alike, as holidays.country_holidays reads them.
        import holidays

        spec = HolidaySpec(country=country)
        expected = holidays.country_holidays(country, years=2026)
        assert spec.dates(2026) == frozenset(expected)

    def test_unknown_category(self) -> None:
        with pytest.raises(CalendarError, match=r"holiday categories .*'bank'.*not supported"):
            HolidaySpec(country="SG", categories=("public", "bank"))

    def test_unknown_subdivision(self) -> None:
        with pytest.raises(CalendarError, match=r"US has no subdivision 'ZZ'; known: AK, .*TX"):
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, holidays="US-ZZ")

    def test_window_ending_before_it_starts(self) -> None:
        window = (utc(2026, 3, 11, 14), utc(2026, 3, 11, 12))
        with pytest.raises(CalendarError, match=r"closed: item 0: window ends .* before it starts"):
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, closed=[window])
        with pytest.raises(CalendarError, match=r"window ends .* before it starts"):
            Window(start=window[0], end=window[1])

    def test_date_both_closed_and_opened(self) -> None:
        with pytest.raises(CalendarError, match="dates both closed and opened: 2026-03-10"):
            Calendar(
                timezone="UTC",
                hours=NINE_TO_FIVE,
                closed=[date(2026, 3, 10)],
                opened=[date(2026, 3, 10)],
            )

    @pytest.mark.parametrize("field", ["closed", "opened"])
    def test_naive_window(self, field: str) -> None:
        naive = (datetime(2026, 3, 11, 12), datetime(2026, 3, 11, 14))  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError, match=rf"{field}\[0\] is a naive datetime"):
            Calendar(timezone="UTC", hours=NINE_TO_FIVE, **{field: [naive]})  # type: ignore[arg-type]

    def test_naive_arguments_are_named(self, utc_office: Calendar) -> None:
        naive = datetime(2026, 3, 9, 9)  # noqa: DTZ001
        aware = utc(2026, 3, 9, 9)
        cases = [
            ("start", lambda: utc_office.add(naive, HOUR)),
            ("start", lambda: utc_office.add_business_days(naive, 1)),
            ("start", lambda: utc_office.elapsed(naive, aware)),
            ("end", lambda: utc_office.elapsed(aware, naive)),
            ("instant", lambda: utc_office.is_open(naive)),
            ("instant", lambda: utc_office.next_open(naive)),
            ("start", lambda: list(utc_office.open_intervals(naive, aware))),
            ("end", lambda: list(utc_office.open_intervals(aware, naive))),
        ]
        for argument, call in cases:
            with pytest.raises(NaiveDatetimeError, match=rf"^{argument} is a naive datetime") as e:
                call()
            assert e.value.argument == argument
            assert isinstance(e.value, ValueError)

    def test_a_date_is_not_an_instant(self, utc_office: Calendar) -> None:
        day = date(2026, 3, 9)
        with pytest.raises(TypeError, match="start must be an aware datetime, not a date"):
            utc_office.add(day, HOUR)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="instant must be an aware datetime, not a date"):
            utc_office.is_open(day)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="end must be an aware datetime, not a date"):
            utc_office.elapsed(utc(2026, 3, 9), day)  # type: ignore[arg-type]


# -- never open, out of range ----------------------------------------------------------------


class TestNeverOpenAndRange:
    @pytest.mark.parametrize(
        "calendar",
        [
            Calendar(timezone="UTC", hours={}),
            # Mornings and afternoons never meet.
            Calendar(timezone="UTC", hours={"mon-fri": "09:00-12:00"})
            & Calendar(timezone="UTC", hours={"mon-fri": "13:00-17:00"}),
        ],
        ids=["no-hours", "disjoint-intersection"],
    )
    def test_never_open_raises_quickly(self, calendar: Calendar | CombinedCalendar) -> None:
        start = utc(2026, 3, 9, 9)
        began = time.perf_counter()
        with pytest.raises(NeverOpenError, match="never open"):
            calendar.add(start, HOUR)
        with pytest.raises(NeverOpenError, match="never open"):
            calendar.next_open(start)
        with pytest.raises(NeverOpenError, match="never open"):
            calendar.add(start, -HOUR)
        assert time.perf_counter() - began < 10
        assert not calendar.is_open(start)
        assert calendar.elapsed(start, utc(2027, 3, 9)) == timedelta(0)

    @pytest.mark.parametrize("days", [10**20, -(10**20), 109_576])
    def test_huge_business_day_counts_are_a_range_error(self, days: int) -> None:
        # 100 years is 36,525 days: 109,575 eight-hour business days, and no more.
        office = Calendar(timezone="UTC", hours=NINE_TO_FIVE)
        with pytest.raises(RangeError) as raised:
            office.add_business_days(utc(2026, 3, 9, 9), days)  # OverflowError before
        assert str(raised.value) == (
            f"{days} business days is more than 100 years of business time, the longest "
            "duration slakit accepts"
        )

    def test_business_days_on_a_never_open_calendar_are_not_instant(self) -> None:
        # Five business days can never pass on a calendar that is never open; answering
        # `start` (5 x a zero-length business day) would report the work due at once.
        with pytest.raises(SlakitError, match=r"never open|business_day"):
            Calendar(timezone="UTC", hours={}).add_business_days(utc(2026, 3, 9, 9), 5)

    @pytest.mark.parametrize(
        "instant",
        [utc(3000, 1, 1), utc(1899, 12, 31, 23, 59), datetime.max.replace(tzinfo=UTC)],
    )
    def test_instants_outside_the_supported_years(
        self, utc_office: Calendar, instant: datetime
    ) -> None:
        with pytest.raises(RangeError, match=r"outside the years slakit computes \(1900 to 2999\)"):
            utc_office.is_open(instant)
        with pytest.raises(RangeError):
            utc_office.elapsed(utc(2026, 1, 1), instant)
        with pytest.raises(RangeError):
            utc_office.add(instant, HOUR)

    def test_deadline_past_the_last_supported_year(self) -> None:
        with pytest.raises(RangeError):
            Calendar.always().add(utc(2999, 12, 31), timedelta(days=2))
        with pytest.raises(RangeError):
            Calendar.always().add(utc(1900, 1, 1, 1), -2 * HOUR)

    def test_supported_years_edges(self) -> None:
        # Separate calendars: one index compiles a contiguous range of years.
        late, early = Calendar.always(), Calendar.always()
        assert late.add(utc(2999, 12, 31), timedelta(hours=23)) == utc(2999, 12, 31, 23)
        assert early.add(utc(1900, 1, 1, 2), -2 * HOUR) == utc(1900, 1, 1)


# -- holiday data range ------------------------------------------------------------------------


class TestHolidayDataRange:
    """The holidays package has data for a range of years per country (NL 1966-2100,
    SG 1901-2100, IE 1872-2100, US 1777-2100 in holidays 0.109). Outside it a calendar
    with those holidays raises CalendarError, never silently counting no holidays."""

    def test_a_year_after_the_data_is_an_error(self) -> None:
        office = Calendar(timezone="Europe/Dublin", hours=NINE_TO_FIVE, holidays="IE")
        # Thu 2101-03-17 would be St Patrick's Day: whether it is closed is unknown.
        with pytest.raises(CalendarError) as raised:
            office.is_open(local(DUBLIN, 2101, 3, 17, 12))
        assert str(raised.value) == (
            "the holidays package has no IE holidays for 2101; it has them for 1872 to 2100, "
            "so a calendar with these holidays cannot answer for 2101"
        )

    def test_a_year_before_the_data_is_an_error(self) -> None:
        office = Calendar(timezone="Europe/Amsterdam", hours=NINE_TO_FIVE, holidays="NL")
        with pytest.raises(CalendarError, match="no NL holidays for 1950; it has them for 1966"):
            office.elapsed(local(AMSTERDAM, 1950, 6, 5), local(AMSTERDAM, 1950, 6, 6))
        sg = Calendar(timezone="Asia/Singapore", hours=NINE_TO_FIVE, holidays="SG")
        with pytest.raises(CalendarError, match="no SG holidays for 1900; it has them for 1901"):
            sg.is_open(local(SINGAPORE, 1900, 6, 5, 12))

    def test_the_last_year_of_data_is_answered(self) -> None:
        office = Calendar(timezone="Europe/Amsterdam", hours=NINE_TO_FIVE, holidays="NL")
        # Christmas (Sat 2100-12-25) and Second Day of Christmas (Sun) fall on a
        # weekend; Fri 2100-12-31 is a working day, closing at 17:00 CET (16:00 UTC).
        assert office.is_open(local(AMSTERDAM, 2100, 12, 31, 16, 59))
        assert office.is_open(local(AMSTERDAM, 2100, 12, 24, 12))  # Christmas Eve: open
        # The last day's hours end within UTC 2100: Jan 1 2101 (a Saturday) needs no data.
        assert office.add(local(AMSTERDAM, 2100, 12, 31, 16), HOUR) == local(
            AMSTERDAM, 2100, 12, 31, 17
        )

    def test_a_deadline_past_the_data_is_an_error_and_one_before_it_is_not(self) -> None:
        office = Calendar(timezone="Asia/Singapore", hours=NINE_TO_FIVE, holidays="SG")
        start = local(SINGAPORE, 2100, 12, 30, 9)  # Thursday
        # 16 h: Thursday and Friday, all within 2100, although compiling ahead overshoots.
        assert office.add(start, 16 * HOUR) == local(SINGAPORE, 2100, 12, 31, 17)
        with pytest.raises(CalendarError, match="no SG holidays for 2101"):
            office.add(start, 17 * HOUR)

    def test_a_far_deadline_within_the_data_is_found(self) -> None:
        # Seventy years of open time from 2030 lands in 2100: the index compiles ahead
        # in doubling steps, one of which runs past 2100, and steps back to find it.
        office = Calendar(timezone="UTC", hours=NINE_TO_FIVE, holidays="NL")
        start = utc(2030, 1, 1)
        open_time = Calendar(timezone="UTC", hours=NINE_TO_FIVE, holidays="NL").elapsed(
            start, utc(2100, 12, 31, 12)
        )
        assert office.add(start, open_time) == utc(2100, 12, 31, 12)

    def test_calendars_without_holidays_or_hours_are_not_limited(self) -> None:
        assert Calendar(timezone="UTC", hours=NINE_TO_FIVE).is_open(utc(2500, 6, 1, 12))
        # No weekly hours: holidays close nothing, so no holiday data is needed and
        # the search ends in NeverOpenError as before.
        never = Calendar(timezone="UTC", hours={}, holidays="NL")
        with pytest.raises(NeverOpenError, match="never open between 2026 and 2226"):
            never.add(utc(2026, 3, 9), HOUR)


def test_a_window_across_the_autumn_dst_overlap_is_ordered_by_instant() -> None:
    # 01:30 IST (fold=0, 00:30 UTC) to 01:10 GMT (fold=1, 01:10 UTC): 40 real minutes,
    # although the end's wall time reads earlier than the start's.
    dublin = ZoneInfo("Europe/Dublin")
    start = datetime(2025, 10, 26, 1, 30, tzinfo=dublin)
    end = datetime(2025, 10, 26, 1, 10, fold=1, tzinfo=dublin)
    calendar = Calendar(timezone="Europe/Dublin", hours={}, opened=[(start, end)])
    assert calendar.elapsed(start, end) == timedelta(minutes=40)


def test_a_weekday_key_that_is_not_text_gets_a_calendar_error() -> None:
    # From Python a mapping may have any keys; {5: ...} used to escape as a bare
    # TypeError ("keywords must be strings") from deep inside pydantic.
    with pytest.raises(CalendarError, match=r"^invalid Calendar: hours\.5: '5' is not a weekday"):
        Calendar(timezone="UTC", hours={5: "09:00-10:00"})  # type: ignore[dict-item]


# -- one compiled index for equal calendars -------------------------------------------------


class TestSharedIndex:
    def test_equal_calendars_share_one_compiled_index(self) -> None:
        first = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"}, holidays="IE")
        second = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"}, holidays="IE")
        assert first is not second
        assert first.compiled is second.compiled

    def test_different_calendars_do_not(self) -> None:
        twelve = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"})
        eight = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "09:00-17:00"})
        closed = Calendar(
            timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"}, closed=[date(2026, 3, 10)]
        )
        assert len({id(twelve.compiled), id(eight.compiled), id(closed.compiled)}) == 3

    def test_equal_combined_calendars_share_one_compiled_index(self) -> None:
        def follow_the_sun() -> CombinedCalendar:
            return regions.get("austin").calendar("12x5") | regions.get("dublin").calendar("12x5")

        assert follow_the_sun().compiled is follow_the_sun().compiled

    def test_a_year_is_compiled_once_for_all_equal_calendars(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import slakit.calendar as module

        calls: list[int] = []
        compile_year = module.compile_weekly_year

        def counted(calendar: Calendar, year: int) -> list[tuple[int, int]]:
            calls.append(year)
            return compile_year(calendar, year)

        monkeypatch.setattr(module, "compile_weekly_year", counted)
        # Hours no other test uses, so that no earlier test has compiled this calendar.
        hours = {"mon-fri": "07:13-15:29"}
        calendars = [Calendar(timezone="Asia/Singapore", hours=hours) for _ in range(50)]
        monday = utc(2026, 3, 2)
        # 07:13–15:29 SGT is 8 h 16 min of open time on Monday 2 March.
        assert {c.elapsed(monday, monday + 24 * HOUR) for c in calendars} == {
            8 * HOUR + 16 * MINUTE
        }
        assert calls == [2026]

    def test_a_pickled_calendar_still_answers(self) -> None:
        dublin = Calendar(timezone="Europe/Dublin", hours={"mon-fri": "06:00-18:00"}, holidays="IE")
        # Tue 17 Mar 2026 is St Patrick's Day: Mon 16th 16:00 + 4 h = 2 h Monday,
        # 2 h from 06:00 on Wed 18th (GMT, UTC+0 in March) = Wed 08:00.
        start = local(DUBLIN, 2026, 3, 16, 16)
        assert dublin.add(start, 4 * HOUR) == local(DUBLIN, 2026, 3, 18, 8)
        again = pickle.loads(pickle.dumps(dublin))
        assert again == dublin
        assert again.add(start, 4 * HOUR) == local(DUBLIN, 2026, 3, 18, 8)
        fresh = pickle.loads(pickle.dumps(Calendar(timezone="UTC", hours={"sat": "10:00-11:00"})))
        # Sat 7 Mar 2026 10:00 + 1 h = 11:00 the same day.
        assert fresh.add(utc(2026, 3, 7, 10), HOUR) == utc(2026, 3, 7, 11)

    def test_calendars_equal_but_for_fold_do_not_share_an_index(self) -> None:
        # Europe/Dublin falls back on Sun 25 Oct 2026: 01:00-02:00 local happens twice,
        # first as IST (00:00 UTC), then as GMT (01:00 UTC). The two windows below
        # compare equal (same zone: wall clock only) but close different instants.
        always = {"mon-sun": "00:00-24:00"}
        ends = local(DUBLIN, 2026, 10, 25, 1, 59, fold=1)  # 01:59 UTC
        first_time = Window(start=local(DUBLIN, 2026, 10, 25, 1), end=ends)  # from 00:00 UTC
        second_time = Window(start=local(DUBLIN, 2026, 10, 25, 1, fold=1), end=ends)  # 01:00 UTC
        long_closure = Calendar(timezone="Europe/Dublin", hours=always, closed=[first_time])
        short_closure = Calendar(timezone="Europe/Dublin", hours=always, closed=[second_time])
        assert long_closure == short_closure  # why == cannot be the key
        start, end = utc(2026, 10, 24, 23), utc(2026, 10, 25, 3)
        # 4 h less 1 h 59 min closed, and 4 h less 59 min closed.
        assert short_closure.elapsed(start, end) == 3 * HOUR + MINUTE
        assert long_closure.elapsed(start, end) == 2 * HOUR + MINUTE
        assert long_closure.compiled is not short_closure.compiled

    def test_the_cache_keeps_the_most_recent_calendars_only(self) -> None:
        import slakit.calendar as module

        kept = Calendar(timezone="UTC", hours={"mon": "01:01-02:02"})
        index = kept.compiled
        for minute in range(module.SHARED_INDEXES + 6):
            _ = Calendar(
                timezone="UTC", hours={"tue": f"03:{minute % 60:02d}-0{4 + minute // 60}:00"}
            ).compiled
        assert len(module._shared) == module.SHARED_INDEXES
        assert kept.compiled is index  # a calendar keeps the index it has
        again = Calendar(timezone="UTC", hours={"mon": "01:01-02:02"})
        assert again.compiled is not index  # forgotten by the cache: compiled afresh
        # Mon 2 Mar 2026 01:01-02:02 is 61 minutes open.
        assert again.elapsed(utc(2026, 3, 2), utc(2026, 3, 3)) == 61 * MINUTE
        module.clear_shared_indexes()
        assert not module._shared
