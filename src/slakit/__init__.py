"""slakit: turn enterprise support contracts into numbers.

>>> import slakit
>>> from datetime import datetime, timedelta, timezone
>>> cal = slakit.Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
>>> cal.add(datetime(2026, 3, 6, 16, tzinfo=timezone.utc), timedelta(hours=2))
datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.timezone.utc)
"""

from slakit import errors, regions
from slakit.calendar import Calendar, CombinedCalendar, HolidaySpec, WeeklyHours, Window

__all__ = [
    "Calendar",
    "CombinedCalendar",
    "HolidaySpec",
    "WeeklyHours",
    "Window",
    "errors",
    "regions",
]
__version__ = "0.1.0"
