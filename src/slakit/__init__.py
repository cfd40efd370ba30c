"""slakit: turn enterprise support contracts into numbers.

>>> import slakit
>>> from datetime import datetime, timedelta, timezone
>>> cal = slakit.Calendar(timezone="UTC", hours={"mon-fri": "09:00-17:00"})
>>> cal.add(datetime(2026, 3, 6, 16, tzinfo=timezone.utc), timedelta(hours=2))
datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.timezone.utc)
"""

import sys
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import TYPE_CHECKING, Any

# The framework catalog registers kmp and truststram (cheap: no models are imported);
# everything else is imported on first use (PEP 562 ``__getattr__`` below), so that
# ``import slakit`` does not pay for building every pydantic model or for the holidays
# package. ``from slakit import Contract`` and ``slakit.Contract`` work as before.
from slakit import catalog, errors

if TYPE_CHECKING:
    from slakit import imports, regions
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
    from slakit.latency import LatencyHistogram, LatencySample
    from slakit.money import Money
    from slakit.month_end import CurrencyTotal, CustomerMonth, MonthEnd, SummaryRow, month_end
    from slakit.objectives import Objective, ReportPeriod
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
    from slakit.scorecard import BudgetMonth, DowntimeBudget, Scorecard, ScorecardRow, scorecard
    from slakit.security import SecurityBreach, SecurityIncident
    from slakit.severity import Severity
    from slakit.sla import SlaEvent, SlaEventKind, next_wakeup, sla_event_schema, sla_events
    from slakit.tickets import Dropped, Event, EventKind, Ingested, SupportLevel, Ticket
    from slakit.timeline import Timeline
    from slakit.utilization import TeamUtilization

#: Where each public name lives: imported from there when first asked for.
_WHERE: dict[str, str] = {
    "Availability": "slakit.availability",
    "AvailabilityBand": "slakit.credit_policy",
    "BudgetMonth": "slakit.scorecard",
    "BusinessDays": "slakit.policy",
    "Calendar": "slakit.calendar",
    "ClockState": "slakit.clock",
    "CombinedCalendar": "slakit.calendar",
    "ComplianceReport": "slakit.reporting",
    "ComplianceRow": "slakit.reporting",
    "Contract": "slakit.policy",
    "CreditLine": "slakit.credits",
    "CreditPolicy": "slakit.credit_policy",
    "CreditStatement": "slakit.credits",
    "CurrencyTotal": "slakit.month_end",
    "CustomerMonth": "slakit.month_end",
    "Cycle": "slakit.clock",
    "DowntimeBudget": "slakit.scorecard",
    "Dropped": "slakit.tickets",
    "Escalation": "slakit.clock",
    "Event": "slakit.tickets",
    "EventKind": "slakit.tickets",
    "Framework": "slakit.policy",
    "HolidaySpec": "slakit.calendar",
    "IncidentCredit": "slakit.credit_policy",
    "Ingested": "slakit.tickets",
    "Kpis": "slakit.reporting",
    "LatencyHistogram": "slakit.latency",
    "LatencySample": "slakit.latency",
    "MaintenanceRule": "slakit.availability",
    "MaintenanceWindow": "slakit.availability",
    "Metric": "slakit.policy",
    "MetricStatus": "slakit.clock",
    "MetricTargets": "slakit.policy",
    "Money": "slakit.money",
    "Month": "slakit.availability",
    "MonthEnd": "slakit.month_end",
    "Objective": "slakit.objectives",
    "Outage": "slakit.availability",
    "OutageDowntime": "slakit.availability",
    "Period": "slakit.availability",
    "PriceRange": "slakit.policy",
    "Reconciliation": "slakit.reconcile",
    "ReportPeriod": "slakit.objectives",
    "Scorecard": "slakit.scorecard",
    "ScorecardRow": "slakit.scorecard",
    "SecurityBreach": "slakit.security",
    "SecurityIncident": "slakit.security",
    "Severity": "slakit.severity",
    "SlaEvent": "slakit.sla",
    "SlaEventKind": "slakit.sla",
    "SummaryRow": "slakit.month_end",
    "SupportLevel": "slakit.tickets",
    "Target": "slakit.policy",
    "Targets": "slakit.policy",
    "TeamUtilization": "slakit.utilization",
    "Ticket": "slakit.tickets",
    "TicketStatus": "slakit.clock",
    "Tier": "slakit.policy",
    "Timeline": "slakit.timeline",
    "WeeklyHours": "slakit.calendar",
    "Window": "slakit.calendar",
    "allowed_downtime": "slakit.availability",
    "availability": "slakit.availability",
    "burn_rate": "slakit.availability",
    "compliance": "slakit.reporting",
    "error_budget_remaining": "slakit.availability",
    "escalation_schedule": "slakit.clock",
    "evaluate": "slakit.clock",
    "kpis": "slakit.reporting",
    "load_contract": "slakit.policy_files",
    "load_framework": "slakit.policy_files",
    "month_end": "slakit.month_end",
    "monthly_credit": "slakit.credits",
    "next_wakeup": "slakit.sla",
    "reconcile": "slakit.reconcile",
    "scorecard": "slakit.scorecard",
    "sla_event_schema": "slakit.sla",
    "sla_events": "slakit.sla",
    "status_schema": "slakit.clock",
    "write_schema": "slakit.policy_files",
}
_MODULES = {"imports": "slakit.imports", "regions": "slakit.regions"}

__all__ = [
    "Availability",
    "AvailabilityBand",
    "BudgetMonth",
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
    "DowntimeBudget",
    "Dropped",
    "Escalation",
    "Event",
    "EventKind",
    "Framework",
    "HolidaySpec",
    "IncidentCredit",
    "Ingested",
    "Kpis",
    "LatencyHistogram",
    "LatencySample",
    "MaintenanceRule",
    "MaintenanceWindow",
    "Metric",
    "MetricStatus",
    "MetricTargets",
    "Money",
    "Month",
    "MonthEnd",
    "Objective",
    "Outage",
    "OutageDowntime",
    "Period",
    "PriceRange",
    "Reconciliation",
    "ReportPeriod",
    "Scorecard",
    "ScorecardRow",
    "SecurityBreach",
    "SecurityIncident",
    "Severity",
    "SlaEvent",
    "SlaEventKind",
    "SummaryRow",
    "SupportLevel",
    "Target",
    "Targets",
    "TeamUtilization",
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
    "scorecard",
    "sla_event_schema",
    "sla_events",
    "status_schema",
    "write_schema",
]

__version__: str  # from the package metadata, read on first use (importlib.metadata is slow)


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it (PEP 562)."""
    value: Any
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
    elif name in _MODULES:
        value = import_module(_MODULES[name])
    elif name == "__version__":
        value = _version()
    elif not name.startswith("_") and getattr(find_spec(f"slakit.{name}"), "origin", None):
        # A submodule, as ``slakit.clock`` was when every module was imported at once:
        # ``import slakit`` then ``slakit.policy_files.framework_schema()`` still works.
        # (A data folder, a namespace package without origin, is not a module of slakit.)
        value = import_module(f"slakit.{name}")
    else:
        raise AttributeError(f"module 'slakit' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | {"__version__"})


def _version() -> str:
    from importlib import metadata

    try:
        # One place for the version: the package metadata (pyproject.toml) it was installed with.
        return metadata.version("slakit")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "0+unknown"


class _Package(ModuleType):
    """The package, keeping ``slakit.availability`` and ``slakit.month_end`` the functions.

    Importing a submodule binds it on its package: once ``slakit.availability`` (the
    module) is imported by anyone, the import system would set ``slakit.availability``
    to the module, shadowing the function of that name. Eager imports used to rebind
    the function afterwards; lazily, this does.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _WHERE.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
