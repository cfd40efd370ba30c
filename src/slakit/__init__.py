"""slakit: turn enterprise support contracts into numbers.

>>> import slakit
>>> from datetime import datetime, timedelta, timezone
>>> cal = slakit.Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
>>> cal.add(datetime(2026, 3, 6, 16, tzinfo=timezone.utc), timedelta(hours=2))
datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.timezone.utc)
"""

from importlib import metadata as _metadata

from slakit import catalog, errors, imports, regions
from slakit.availability import (
    Availability,
    MaintenanceRule,
    MaintenanceWindow,
    Month,
    Outage,
    OutageDowntime,
    Period,
    allowed_downtime,
    availability,
    burn_rate,
    error_budget_remaining,
)
from slakit.calendar import Calendar, CombinedCalendar, HolidaySpec, WeeklyHours, Window
from slakit.clock import (
    ClockState,
    Cycle,
    Escalation,
    MetricStatus,
    TicketStatus,
    escalation_schedule,
    evaluate,
    status_schema,
)
from slakit.credit_policy import AvailabilityBand, CreditPolicy, IncidentCredit
from slakit.credits import CreditLine, CreditStatement, monthly_credit
from slakit.money import Money
from slakit.month_end import CurrencyTotal, CustomerMonth, MonthEnd, SummaryRow, month_end
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
from slakit.policy_files import load_contract, load_framework, write_schema
from slakit.reconcile import Reconciliation, reconcile
from slakit.reporting import ComplianceReport, ComplianceRow, Kpis, compliance, kpis
from slakit.security import SecurityBreach
from slakit.severity import Severity
from slakit.sla import SlaEvent, SlaEventKind, next_wakeup, sla_event_schema, sla_events
from slakit.tickets import Dropped, Event, EventKind, Ingested, Ticket
from slakit.timeline import Timeline

__all__ = [
    "Availability",
    "AvailabilityBand",
    "BusinessDays",
    "Calendar",
    "ClockState",
    "CombinedCalendar",
    "ComplianceReport",
    "ComplianceRow",
    "Contract",
    "CreditLine",
    "CreditPolicy",
    "CreditStatement",
    "CurrencyTotal",
    "CustomerMonth",
    "Cycle",
    "Dropped",
    "Escalation",
    "Event",
    "EventKind",
    "Framework",
    "HolidaySpec",
    "IncidentCredit",
    "Ingested",
    "Kpis",
    "MaintenanceRule",
    "MaintenanceWindow",
    "Metric",
    "MetricStatus",
    "MetricTargets",
    "Money",
    "Month",
    "MonthEnd",
    "Outage",
    "OutageDowntime",
    "Period",
    "PriceRange",
    "Reconciliation",
    "SecurityBreach",
    "Severity",
    "SlaEvent",
    "SlaEventKind",
    "SummaryRow",
    "Target",
    "Targets",
    "Ticket",
    "TicketStatus",
    "Tier",
    "Timeline",
    "WeeklyHours",
    "Window",
    "allowed_downtime",
    "availability",
    "burn_rate",
    "catalog",
    "compliance",
    "error_budget_remaining",
    "errors",
    "escalation_schedule",
    "evaluate",
    "imports",
    "kpis",
    "load_contract",
    "load_framework",
    "month_end",
    "monthly_credit",
    "next_wakeup",
    "reconcile",
    "regions",
    "sla_event_schema",
    "sla_events",
    "status_schema",
    "write_schema",
]

try:
    # One place for the version: the package metadata (pyproject.toml) it was installed with.
    __version__ = _metadata.version("slakit")
except _metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
    __version__ = "0+unknown"
