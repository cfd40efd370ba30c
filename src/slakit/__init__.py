"""slakit: turn enterprise support contracts into numbers.

>>> import slakit
>>> from datetime import datetime, timedelta, timezone
>>> cal = slakit.Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
>>> cal.add(datetime(2026, 3, 6, 16, tzinfo=timezone.utc), timedelta(hours=2))
datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.timezone.utc)
"""

from slakit import catalog, errors, regions
from slakit.calendar import Calendar, CombinedCalendar, HolidaySpec, WeeklyHours, Window
from slakit.clock import (
    ClockState,
    Escalation,
    MetricStatus,
    TicketStatus,
    escalation_schedule,
    evaluate,
)
from slakit.credit_policy import AvailabilityBand, CreditPolicy, IncidentCredit
from slakit.io import load_contract, load_framework, write_schema
from slakit.money import Money
from slakit.policy import (
    BusinessDays,
    Contract,
    Framework,
    Metric,
    MetricTargets,
    PriceRange,
    Target,
    Targets,
    Tier,
)
from slakit.severity import Severity
from slakit.tickets import Event, EventKind, Ticket

__all__ = [
    "AvailabilityBand",
    "BusinessDays",
    "Calendar",
    "ClockState",
    "CombinedCalendar",
    "Contract",
    "CreditPolicy",
    "Escalation",
    "Event",
    "EventKind",
    "Framework",
    "HolidaySpec",
    "IncidentCredit",
    "Metric",
    "MetricStatus",
    "MetricTargets",
    "Money",
    "PriceRange",
    "Severity",
    "Target",
    "Targets",
    "Ticket",
    "TicketStatus",
    "Tier",
    "WeeklyHours",
    "Window",
    "catalog",
    "errors",
    "escalation_schedule",
    "evaluate",
    "load_contract",
    "load_framework",
    "regions",
    "write_schema",
]
__version__ = "0.1.0"
