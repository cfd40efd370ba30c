"""What a contract promises: targets, tiers, frameworks and one customer's contract.

A :class:`Target` is a duration on a clock: the ``24x7`` wall clock, or
business time on the contract's calendar. :class:`BusinessDays` is sugar for
``n ×`` the calendar's business-day length. A :class:`Tier` holds the targets
per severity and metric; a :class:`Framework` is a vendor's set of tiers and
credit policy; a :class:`Contract` is what one customer bought.

>>> Target.parse("15m 24x7")
Target(duration=datetime.timedelta(seconds=900), business_days=None, clock='24x7')
>>> str(Target.parse("5 business days")), str(Target.parse("2 hours"))
('5 business days', '2h business')
>>> Target.parse("2 hourz")
Traceback (most recent call last):
...
slakit.errors.PolicyError: "2 hourz" is not a duration; write e.g. "2h", "30m", "5 business days"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from slakit import _frameworks, regions
from slakit._model import SlakitModel, keys_as_written, string_keys
from slakit._text import ID_PATTERN, check_id, id_list, shown
from slakit._time import check_timezone
from slakit.calendar import AnyCalendar, Calendar, CombinedCalendar, HolidaySpec
from slakit.credit_policy import CreditPolicy, IncidentCredit
from slakit.durations import DURATION_HELP, check_duration, format_duration, parse_duration
from slakit.errors import PolicyError
from slakit.money import Money, not_negative
from slakit.objectives import Objective
from slakit.percent import Percent
from slakit.severity import Severity

if TYPE_CHECKING:
    from slakit._index import CompiledIndex

__all__ = [
    "MAX_BUSINESS_DAYS",
    "MAX_TARGET_TEXT",
    "BusinessDays",
    "Clock",
    "Contract",
    "Framework",
    "Metric",
    "MetricTargets",
    "PriceRange",
    "Target",
    "TargetClock",
    "Targets",
    "Tier",
    "check_contract_id",
    "format_duration",
    "framework_names",
    "named_framework",
    "parse_duration",
    "register_framework",
]

Clock = Literal["24x7", "business"]
_CLOCK_WORDS = {
    "24x7": "24x7", "24/7": "24x7", "24x7x365": "24x7", "wall": "24x7", "calendar": "24x7",
    "business": "business", "business hours": "business", "bh": "business",
}  # fmt: skip
_BUSINESS_DAYS = re.compile(r"^(\d+)\s*business\s*days?$")
# Days in duration text ("1d", "2 days", ISO "P1D"/"P1W"): ambiguous on the business clock.
_DAY_UNIT = re.compile(r"\d\s*(?:d|days?)\b")
#: Longest target text read ("90 minutes on business hours" is 28); checked first.
MAX_TARGET_TEXT = 64
#: Most business days a target may count: 100 years of 24-hour business days.
MAX_BUSINESS_DAYS = 36_525


def _business_days(days: str | int, as_written: object) -> int:
    """``days`` as a count of business days within :data:`MAX_BUSINESS_DAYS`."""
    # Compare digit counts first: int() of a huge digit string is slow, then refused.
    if (isinstance(days, str) and len(days) > 6) or int(days) > MAX_BUSINESS_DAYS:
        quoted = f'"{as_written}"' if isinstance(as_written, str) else str(as_written)
        raise PolicyError(
            f"{quoted} is more than {MAX_BUSINESS_DAYS:,} business days (100 years), "
            "the longest target slakit accepts"
        )
    return int(days)


class Metric(StrEnum):
    """What is measured on a ticket."""

    # Hashed as the text it equals ("response"), in C, as Severity is: both key the
    # per-contract clock table that every evaluation reads.
    __hash__ = str.__hash__

    RESPONSE = "response"
    RESOLUTION = "resolution"

    @classmethod
    def parse(cls, value: Metric | str) -> Metric:
        """A metric from its name, in any case.

        >>> Metric.parse("Response")
        <Metric.RESPONSE: 'response'>
        >>> Metric.parse("latency")
        Traceback (most recent call last):
        ...
        slakit.errors.PolicyError: unknown metric 'latency'; the metrics are response, resolution

        Raises:
            PolicyError: ``value`` names no metric.
        """
        if isinstance(value, Metric):
            return value
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                pass
        known = ", ".join(metric.value for metric in cls)
        raise PolicyError(f"unknown metric {value!r}; the metrics are {known}")


class Target(SlakitModel):
    """A duration on a clock: ``24x7`` wall time or business time on the contract calendar.

    Exactly one of ``duration`` and ``business_days`` is given; business days
    are always on the business clock.
    """

    _error: ClassVar[type[PolicyError]] = PolicyError

    duration: timedelta | None = None
    business_days: int | None = Field(default=None, gt=0)
    clock: Clock = "business"

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return cls._parts(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_length(self) -> Target:
        if (self.duration is None) == (self.business_days is None):
            raise ValueError("give exactly one of duration and business_days")
        if self.duration is not None and self.duration <= timedelta(0):
            raise ValueError(f"a target must be longer than zero, got {self.duration}")
        if self.business_days is not None and self.clock != "business":
            raise ValueError("business days run on the business clock, not 24x7")
        if self.business_days is not None:
            _business_days(self.business_days, self.business_days)
        if self.duration is not None:
            check_duration(self.duration)
        return self

    @classmethod
    def parse(cls, value: Target | str | Mapping[str, Any]) -> Target:
        """``"15m 24x7"``, ``"2h business"``, ``"4 hours"`` (business), ``"5 business days"``."""
        if isinstance(value, Target):
            return value
        if isinstance(value, str):
            return cls(**cls._parts(value))
        return cls(**value)

    @staticmethod
    def _parts(text: str) -> dict[str, Any]:
        if len(text) > MAX_TARGET_TEXT:  # before any pattern runs
            raise PolicyError(
                f"{shown(text)} is too long to be a target (at most {MAX_TARGET_TEXT} "
                f"characters); {DURATION_HELP}"
            )
        compact = " ".join(text.strip().lower().replace(",", " ").split())
        days = _BUSINESS_DAYS.match(compact)
        if days:
            return {"business_days": _business_days(days[1], text), "clock": "business"}
        clock: str = "business"
        for word in sorted(_CLOCK_WORDS, key=len, reverse=True):
            for joiner in (" on ", " "):
                if compact.endswith(joiner + word):
                    compact, clock = compact[: -len(joiner + word)], _CLOCK_WORDS[word]
                    break
            else:
                continue
            break
        duration = parse_duration(compact, as_written=text)
        if clock == "business" and _counts_days(compact):
            raise PolicyError(_days_on_business_clock(text, duration))
        return {"duration": duration, "clock": clock}

    def __str__(self) -> str:
        # Never in days: "1d" would read as a business day on the business clock, and
        # policies write wall-clock targets in hours ("72h 24x7").
        if self.business_days is not None:
            return f"{self.business_days} business day{'s' * (self.business_days != 1)}"
        assert self.duration is not None
        return f"{format_duration(self.duration, days=False)} {self.clock}"

    def length(self, calendar: Calendar | CombinedCalendar) -> timedelta:
        """The target's length on ``calendar`` (business days × its business day).

        Raises:
            PolicyError: a business-days target on a calendar whose business day
                has no length (no weekly hours and no explicit ``business_day``).
        """
        if self.business_days is not None:
            if not calendar.business_day:
                raise PolicyError(
                    f"{self} on a calendar without weekly hours: a business day has no "
                    "length; give the calendar weekly hours or an explicit business_day"
                )
            return self.business_days * calendar.business_day
        assert self.duration is not None
        return self.duration


def _counts_days(compact: str) -> bool:
    """Whether duration text (lower case, clock word removed) counts days or weeks."""
    if compact.startswith("p"):  # ISO 8601: anything before "t" is days, weeks, ...
        return bool(compact[1:].partition("t")[0])
    return bool(_DAY_UNIT.search(compact))


def _days_on_business_clock(text: str, duration: timedelta) -> str:
    """The error for ``"1d business"``: a day of business time is ambiguous."""
    hours = format_duration(duration, days=False)
    days, rest = divmod(duration, timedelta(days=1))
    instead = f'"{days} business day{"s" * (days != 1)}" for business days, or ' if not rest else ""
    return (
        f"{shown(text)} counts days on the business clock, which is ambiguous (hours of "
        f'business time, or business days?); write {instead}"{hours} business" for '
        f'{hours} of business time, or "{format_duration(duration)} 24x7" for wall-clock time'
    )


def BusinessDays(days: int) -> Target:  # reads as a type in policies
    """``n`` business days: ``n ×`` the contract calendar's business-day length.

    >>> BusinessDays(5)
    Target(duration=None, business_days=5, clock='business')
    """
    return Target(business_days=days, clock="business")


def _target(value: Any) -> Any:
    return Target.parse(value) if isinstance(value, str) else value


TargetField = Annotated[Target, BeforeValidator(_target, json_schema_input_type=str | Target)]


class MetricTargets(SlakitModel):
    """The response and resolution targets of one severity."""

    _error: ClassVar[type[PolicyError]] = PolicyError

    response: TargetField
    resolution: TargetField


class Targets(SlakitModel):
    """Targets per severity. Keys accept any severity spelling (``P1``, ``sev1``, ...)."""

    _error: ClassVar[type[PolicyError]] = PolicyError
    # P1-style keys hold the same response/resolution table as sev1..sev4.
    model_config = ConfigDict(
        json_schema_extra=keys_as_written(
            {"type": "object", "required": ["response", "resolution"]}
        )
    )

    sev1: MetricTargets
    sev2: MetricTargets
    sev3: MetricTargets
    sev4: MetricTargets

    @model_validator(mode="before")
    @classmethod
    def _severity_keys(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        renamed: dict[str, Any] = {}
        for key, item in value.items():
            name = Severity.parse(key).value.lower()
            if name in renamed:
                raise ValueError(f"{key!r} repeats the targets of {name.upper()}")
            renamed[name] = item
        return renamed

    def get(self, severity: Severity, metric: Metric) -> Target:
        """The target for ``severity`` and ``metric``."""
        targets: MetricTargets = getattr(self, severity.value.lower())
        return targets.response if metric is Metric.RESPONSE else targets.resolution


class PriceRange(SlakitModel):
    """A published price range, e.g. USD 50,000–200,000 a year."""

    _error: ClassVar[type[PolicyError]] = PolicyError

    low: Annotated[Money, AfterValidator(not_negative)]
    high: Annotated[Money, AfterValidator(not_negative)]
    period: Literal["annual", "monthly"] = "annual"

    @model_validator(mode="before")
    @classmethod
    def _with_currency(cls, value: Any) -> Any:
        if isinstance(value, Mapping) and "currency" in value:
            rest = {k: v for k, v in value.items() if k != "currency"}
            for key in ("low", "high"):
                if key in rest and not isinstance(rest[key], Money | Mapping):
                    rest[key] = {"amount": str(rest[key]), "currency": value["currency"]}
            return rest
        return value

    @model_validator(mode="after")
    def _ordered(self) -> PriceRange:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        return self


class Tier(SlakitModel):
    """A support level: targets per severity and metric, coverage, goal, price."""

    _error: ClassVar[type[PolicyError]] = PolicyError

    name: str
    title: str = ""
    coverage: str = "12x5"
    targets: Targets
    compliance_goal: Percent | None = None
    annual_price: PriceRange | None = None
    notes: tuple[str, ...] = ()

    @field_validator("name")
    @classmethod
    def _lower(cls, name: str) -> str:
        return name.strip().lower()

    @field_validator("targets", mode="before")
    @classmethod
    def _target_keys(cls, value: Any) -> Any:
        return string_keys(value)  # {1: ...} reads as "1", a severity spelling

    @field_validator("coverage")
    @classmethod
    def _known_coverage(cls, coverage: str) -> str:
        hours = regions.coverage_hours(coverage)
        return next(name for name, known in regions.COVERAGES.items() if known == hours)

    def target(self, severity: Severity | str, metric: Metric | str) -> Target:
        """The target for a severity (any spelling) and metric.

        >>> from slakit import catalog
        >>> str(catalog.get("kmp").tier("basic").target("P1", "response"))
        '4h business'

        Raises:
            PolicyError: an unknown severity, or a metric other than response and resolution.
        """
        return self.targets.get(Severity.parse(severity), Metric.parse(metric))


def _tiers_from_mapping(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(
            {"name": name, **tier} if isinstance(tier, Mapping) else tier
            for name, tier in value.items()
        )
    return value


class Framework(SlakitModel):
    """A vendor's set of tiers and its credit policy.

    >>> from slakit import catalog
    >>> str(catalog.get("kmp").tier("Premier").target("sev1", "response"))
    '15m 24x7'
    """

    _error: ClassVar[type[PolicyError]] = PolicyError

    name: str
    title: str = ""
    source: str = ""
    # In files, tiers are a table keyed by tier name (the name goes into each tier).
    tiers: Annotated[
        tuple[Tier, ...],
        BeforeValidator(
            _tiers_from_mapping, json_schema_input_type=dict[str, dict[str, Any]] | tuple[Tier, ...]
        ),
    ]
    availability_target: Percent | None = None
    credit_policy: CreditPolicy | None = None
    objectives: tuple[Objective, ...] = ()
    notes: tuple[str, ...] = ()

    @field_validator("name")
    @classmethod
    def _lower(cls, name: str) -> str:
        return name.strip().lower()

    @model_validator(mode="after")
    def _unique_tiers(self) -> Framework:
        if not self.tiers:
            raise ValueError("a framework needs at least one tier")
        names = [tier.name for tier in self.tiers]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"tier names repeat: {', '.join(repeated)}")
        ids = [objective.id.lower() for objective in self.objectives]
        repeated = sorted({name for name in ids if ids.count(name) > 1})
        if repeated:
            raise ValueError(f"objective ids repeat: {', '.join(repeated)}")
        for objective in self.objectives:
            unknown = [tier for tier in objective.tiers if tier not in names]
            if unknown:
                raise ValueError(
                    f"objective {objective.id} covers the tier {unknown[0]!r}, which the "
                    f"framework does not have; its tiers: {', '.join(names)}"
                )
        return self

    def objectives_for(self, tier: str) -> tuple[Objective, ...]:
        """The objectives that cover ``tier``: those naming it, and those naming no tier.

        >>> from slakit import catalog
        >>> [o.id for o in catalog.get("truststram").objectives_for("gold")][-1]
        'gold-resolution-sla'
        """
        key = self.tier(tier).name
        return tuple(o for o in self.objectives if not o.tiers or key in o.tiers)

    @property
    def tier_names(self) -> list[str]:
        """The tier names, in the framework's order."""
        return [tier.name for tier in self.tiers]

    def tier(self, name: str) -> Tier:
        """The tier called ``name`` (case-insensitive)."""
        key = name.strip().lower()
        for tier in self.tiers:
            if tier.name == key:
                return tier
        raise PolicyError(
            f"{self.name} has no tier {name!r}; its tiers: {', '.join(self.tier_names)}"
        )


# -- frameworks a contract may name -------------------------------------------------------
#
# A contract names its framework ("kmp"); the framework itself lives in a TOML
# file of slakit.catalog. This module does no file I/O and does not import the
# catalog (the catalog's loader imports this module): the catalog registers its
# frameworks instead, when slakit is imported, and reads each file on first use. The
# registry lives in slakit._frameworks, below this module, so that registering does not
# import the models (``import slakit`` stays fast).

_FRAMEWORK_LOADERS: dict[str, Callable[[], Framework]] = _frameworks.LOADERS


def register_framework(name: str, loader: Callable[[], Framework]) -> None:
    """Let contracts name a framework: ``Contract(framework=name, ...)`` uses ``loader()``.

    :mod:`slakit.catalog` registers the built-in frameworks this way when
    slakit is imported; ``loader`` is called on each lookup, so it should
    cache what it reads. Names are case-insensitive; registering a name
    again replaces its loader.

    >>> framework_names()
    ['kmp', 'truststram']

    Args:
        name: the name contracts use (``"kmp"``).
        loader: returns the framework; called when a contract names it.
    """
    _FRAMEWORK_LOADERS[name.strip().lower()] = loader


def framework_names() -> list[str]:
    """The framework names contracts may use, sorted.

    >>> framework_names()
    ['kmp', 'truststram']
    """
    return sorted(_FRAMEWORK_LOADERS)


def named_framework(name: str) -> Framework:
    """The framework registered as ``name`` (case-insensitive).

    >>> named_framework("KMP").tier_names
    ['premier', 'standard', 'basic']
    >>> named_framework("acme")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: unknown framework 'acme'; built-in frameworks: kmp, truststram

    Raises:
        PolicyError: no framework has that name; lists the names there are.
    """
    loader = _FRAMEWORK_LOADERS.get(name.strip().lower())
    if loader is None:
        known = ", ".join(framework_names()) or "none registered"
        raise PolicyError(f"unknown framework {shown(name)}; built-in frameworks: {known}")
    return loader()


def _framework(value: Any) -> Any:
    return named_framework(value) if isinstance(value, str) else value


CONTRACT_ID = ID_PATTERN
"""What a contract id may be (:data:`slakit._text.ID_PATTERN`, the one rule for ids): a
letter or digit, then up to 127 letters, digits, ``.``, ``_`` or ``-`` (safe as a file
name, a CSV cell and a command-line word)."""


def check_contract_id(text: str) -> str:
    """``text`` if it is a valid contract id, else a ``PolicyError`` saying what is allowed.

    The check of contract ids: :attr:`Contract.id`, and the file stem
    :func:`~slakit.policy_files.load_contract` uses when a file gives no ``id``
    (the same rule as every other id: :func:`slakit._text.check_id`).

    >>> check_contract_id("kmp-premier-dublin")
    'kmp-premier-dublin'
    >>> check_contract_id("acme gold")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: 'acme gold' is not a contract id; an id is 1 to 128 letters, \
digits, '.', '_' or '-', starting with a letter or digit, e.g. kmp-premier-dublin

    Raises:
        PolicyError: ``text`` is not text, or not of the form above.
    """
    return check_id(text, "contract", PolicyError)


def _amounts(credits: Mapping[str, Any]) -> list[Money]:
    """The money in ``incident_credits`` and ``minimum_credit`` values (either may be absent)."""
    amounts = [rule.amount for rule in credits.get("incident_credits") or ()]
    minimum = credits.get("minimum_credit")
    return [*amounts, minimum] if minimum is not None else amounts


class Contract(SlakitModel):
    """What one customer bought: a framework tier, where it is served, and the fee.

    Give ``region`` (its calendar follows the tier's coverage) or an explicit
    ``calendar``. ``severity_change`` is ``"retarget"`` (default: the new
    severity's target applies from opening) or ``"restart"`` (a new clock
    starts at the change); either way a metric already past its target keeps
    it (a breach is final).

    ``id`` names the contract (tickets, outages and security breaches name it;
    see :func:`check_contract_id`); ``""`` when not named. ``services`` are
    the services it covers: an outage naming one of them hits it.

    ``incident_credits`` and ``minimum_credit``, when given, replace the
    framework's (in the fee's currency: a EUR-billed contract on a framework
    whose amounts are in USD gives its own); :attr:`credit_policy` is the
    policy in force. An empty ``incident_credits`` owes no incident credits;
    a ``minimum_credit`` of zero pays every credit.

    >>> contract = Contract(framework="kmp", tier="premier", region="dublin",
    ...                     monthly_fee="USD 10,000", billing_timezone="Europe/Dublin")
    >>> contract.business_calendar.hours.mon, contract.monthly_fee
    (('06:00-18:00',), Money(amount=Decimal('10000'), currency='USD'))
    """

    _error: ClassVar[type[PolicyError]] = PolicyError

    framework: Annotated[
        Framework, BeforeValidator(_framework, json_schema_input_type=str | Framework)
    ]
    tier: str
    region: str | None = None
    calendar: AnyCalendar | None = None
    holidays: HolidaySpec | None = None
    monthly_fee: Annotated[Money | None, AfterValidator(not_negative)] = None
    billing_timezone: Annotated[str, BeforeValidator(check_timezone)] = "UTC"
    severity_change: Literal["retarget", "restart"] = "retarget"
    customer: str = ""
    id: str = Field(default="", json_schema_extra={"pattern": f"^(|{CONTRACT_ID.pattern})$"})
    services: tuple[
        Annotated[str, Field(json_schema_extra={"pattern": f"^{CONTRACT_ID.pattern}$"})], ...
    ] = ()
    incident_credits: tuple[IncidentCredit, ...] | None = None
    minimum_credit: Annotated[Money | None, AfterValidator(not_negative)] = None

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            return check_id(value.strip(), "contract", ValueError)
        return value.strip() if isinstance(value, str) else value

    @field_validator("services", mode="after")
    @classmethod
    def _services(cls, services: tuple[str, ...]) -> tuple[str, ...]:
        return id_list(services, "service", ValueError)

    @field_validator(
        "monthly_fee", "minimum_credit", mode="before", json_schema_input_type=str | Money | None
    )
    @classmethod
    def _money(cls, value: Any) -> Any:
        return Money.parse(value) if isinstance(value, str) else value

    @field_validator("holidays", mode="before", json_schema_input_type=str | HolidaySpec | None)
    @classmethod
    def _holidays(cls, value: Any) -> Any:
        return HolidaySpec.parse(value) if isinstance(value, str) else value

    @field_validator("region")
    @classmethod
    def _known_region(cls, name: str | None) -> str | None:
        if name is None:
            return None
        return regions.get(name).name

    @model_validator(mode="after")
    def _consistent(self) -> Contract:
        self.framework.tier(self.tier)
        object.__setattr__(self, "tier", self.tier.strip().lower())
        if (self.region is None) == (self.calendar is None):
            raise ValueError("give exactly one of region and calendar")
        if self.holidays is not None and self.region is None:
            raise ValueError("holidays replace a region's holidays; give them in the calendar")
        self._fee_currency_matches_credits(self._credits_in_force())
        self._business_days_have_length()
        return self

    def _business_days_have_length(self) -> None:
        # Refused when the contract is made: a business-days target on a calendar
        # without weekly hours would be zero long, and every percentage of it a
        # division by zero.
        if self.calendar is None or self.calendar.business_day:
            return
        tier = self.framework.tier(self.tier)
        counted = [
            f"{severity.value} {metric.value}"
            for severity in Severity
            for metric in Metric
            if tier.targets.get(severity, metric).business_days is not None
        ]
        if counted:
            raise PolicyError(
                f"calendar: it has no weekly hours, so a business day has no length, but the "
                f"{tier.name} tier counts {', '.join(counted)} in business days; give the "
                "calendar weekly hours or an explicit business_day"
            )

    def _credits_in_force(self) -> CreditPolicy | None:
        """The framework's credit policy with this contract's own amounts, if it gives any."""
        base = self.framework.credit_policy
        changes: dict[str, Any] = {}
        if self.incident_credits is not None:
            changes["incident_credits"] = self.incident_credits
        if self.minimum_credit is not None:
            changes["minimum_credit"] = self.minimum_credit
        if not changes:
            return base
        own = {money.currency for money in _amounts(changes)}
        if len(own) > 1:
            raise ValueError(
                f"the contract's incident_credits and minimum_credit mix currencies: "
                f"{', '.join(sorted(own))}; slakit does not convert money: give them in one"
            )
        fields = (
            {} if base is None else {name: getattr(base, name) for name in base.model_fields_set}
        )
        kept = {name: fields.get(name) for name in ("incident_credits", "minimum_credit")}
        kept = {name: value for name, value in kept.items() if name not in changes}
        others = sorted({money.currency for money in _amounts(kept)} - own)
        if own and others:
            missing = " and ".join(name for name, value in kept.items() if value)
            given = " and ".join(changes)
            currency = ", ".join(own)
            raise ValueError(
                f"the contract's {given} {'are' if given == 'incident_credits' else 'is'} in "
                f"{currency} "
                f"but the {self.framework.name} credit policy has its {missing} in "
                f"{', '.join(others)}; slakit does not convert money: give the contract its "
                f"own {missing} in {currency} too"
            )
        return CreditPolicy(**{**fields, **changes})

    def _fee_currency_matches_credits(self, policy: CreditPolicy | None) -> None:
        # Refused when the contract is made, not in the first month an incident is
        # owed: slakit never converts money, so such a contract could never pay out.
        if self.monthly_fee is None or policy is None:
            return
        amounts = [credit.amount for credit in policy.incident_credits]
        if policy.minimum_credit is not None:
            amounts.append(policy.minimum_credit)
        others = sorted({money.currency for money in amounts} - {self.monthly_fee.currency})
        if others:
            whose = (
                "the contract's"
                if self.incident_credits is not None or self.minimum_credit is not None
                else f"the {self.framework.name} credit policy's"
            )
            raise PolicyError(
                f"monthly_fee is in {self.monthly_fee.currency} but {whose} amounts are in "
                f"{', '.join(others)}; slakit does not convert money: give a monthly_fee in "
                f"{others[0]}, or give the contract its own incident_credits (and "
                f"minimum_credit) in {self.monthly_fee.currency}"
            )

    @cached_property
    def credit_policy(self) -> CreditPolicy | None:
        """The credit policy in force: the framework's, with this contract's own
        ``incident_credits`` and ``minimum_credit`` in place of the framework's when given.

        >>> kmp = dict(framework="kmp", tier="premier", region="dublin")
        >>> usd = Contract(**kmp, monthly_fee="USD 10,000")
        >>> [str(rule.amount) for rule in usd.credit_policy.incident_credits][:1]
        ['USD 5,000.00']
        >>> eur = Contract(**kmp, monthly_fee="EUR 9,000", incident_credits=[
        ...     {"severity": "SEV1", "metric": "response", "over": "1h", "amount": "EUR 4,500"}])
        >>> [str(rule.amount) for rule in eur.credit_policy.incident_credits]
        ['EUR 4,500.00']
        >>> eur.credit_policy.cap == usd.credit_policy.cap  # the rest is the framework's
        True
        """
        return self._credits_in_force()

    @cached_property
    def tier_policy(self) -> Tier:
        """The framework tier this contract bought."""
        return self.framework.tier(self.tier)

    @cached_property
    def business_calendar(self) -> Calendar | CombinedCalendar:
        """The calendar business-clock targets run on."""
        if self.calendar is not None:
            return self.calendar
        assert self.region is not None
        return regions.get(self.region).calendar(self.tier_policy.coverage, self.holidays)

    @cached_property
    def wall_calendar(self) -> Calendar:
        """The ``24x7`` clock: always open."""
        return Calendar.always(self.billing_timezone)

    def clock_calendar(self, target: Target) -> Calendar | CombinedCalendar:
        """The calendar a target's clock runs on."""
        return self.wall_calendar if target.clock == "24x7" else self.business_calendar

    def target(self, severity: Severity | str, metric: Metric | str) -> Target:
        """The target for a severity (any spelling) and metric under this contract.

        >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
        >>> str(contract.target("sev2", "resolution"))
        '24h business'

        Raises:
            PolicyError: an unknown severity, or a metric other than response and resolution.
        """
        return self.tier_policy.target(severity, metric)

    def clock_for(self, severity: Severity | str, metric: Metric | str) -> TargetClock:
        """The target of a severity and metric with the clock it runs on, ready for arithmetic.

        Ticket clocks look their targets up here thousands of times per
        ticket file, so the answers are computed once per contract.

        >>> contract = Contract(framework="kmp", tier="premier", region="dublin")
        >>> clock = contract.clock_for("sev2", "response")
        >>> str(clock.target), clock.length // 3_600_000_000  # 2 business hours, in µs
        ('2h business', 2)
        >>> clock.compiled is contract.business_calendar.compiled
        True

        Raises:
            PolicyError: an unknown severity, or a metric other than response and resolution.
        """
        try:
            return self._clock_table[severity, metric]  # type: ignore[index]
        except (KeyError, TypeError):  # another spelling (or no severity at all)
            return self._clock_table[Severity.parse(severity), Metric.parse(metric)]

    @cached_property
    def _clock_table(self) -> dict[tuple[Severity, Metric], TargetClock]:
        table = {}
        for severity in Severity:
            for metric in Metric:
                target = self.target(severity, metric)
                calendar = self.clock_calendar(target)
                length = target.length(calendar) // timedelta(microseconds=1)
                table[severity, metric] = TargetClock(target, length, calendar.compiled)
        return table


class TargetClock(NamedTuple):
    """A contract's target for one severity and metric, and the clock it runs on.

    ``length`` is the target's length in microseconds on that clock (business
    days already multiplied out); ``compiled`` is the interval index of the
    calendar it runs on (the wall clock for ``24x7`` targets, the contract's
    business calendar otherwise). See :meth:`Contract.clock_for`.
    """

    target: Target
    length: int
    compiled: CompiledIndex
