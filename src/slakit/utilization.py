"""Support team utilization: busy hours over available hours, per period.

A record says, for one period (a week, a month) and optionally one team,
how many hours the team was available (staffed, on shift) and how many of
those it was busy (working tickets). Utilization over several records is the
ratio of the sums, ``sum(busy) / sum(available)``, not a mean of the
records' ratios: a short week weighs less than a long month.

>>> from datetime import UTC, datetime, timedelta
>>> october = TeamUtilization(start=datetime(2026, 10, 1, tzinfo=UTC),
...                           end=datetime(2026, 11, 1, tzinfo=UTC),
...                           busy=timedelta(hours=624), available=timedelta(hours=800))
>>> october.share
Fraction(39, 50)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from fractions import Fraction
from typing import Any, ClassVar

from pydantic import AwareDatetime, model_validator

from slakit._model import SlakitModel
from slakit._time import to_us
from slakit.durations import MAX_DURATION
from slakit.errors import SlakitError, UsageError, WrongTypeError

__all__ = ["TeamUtilization", "utilization"]


class TeamUtilization(SlakitModel):
    """A team's busy and available time over the period ``[start, end)``.

    ``0 <= busy <= available`` and ``available > 0``: overtime is available
    time too, so a team is never busy for more than it was available.
    ``team`` is free text (``"dublin"``, ``"L2"``), empty for the whole
    support organisation.

    >>> from datetime import UTC, datetime, timedelta
    >>> TeamUtilization(start=datetime(2026, 10, 1, tzinfo=UTC),
    ...                 end=datetime(2026, 11, 1, tzinfo=UTC),
    ...                 busy=timedelta(hours=90), available=timedelta(hours=80))
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: invalid TeamUtilization: busy (90h) is more than available \
(80h); overtime is available time too, so count it in both
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    start: AwareDatetime
    end: AwareDatetime
    busy: timedelta
    available: timedelta
    team: str = ""

    @model_validator(mode="after")
    def _hours(self) -> TeamUtilization:
        if to_us(self.end, "end") <= to_us(self.start, "start"):
            raise ValueError(
                f"end ({self.end.isoformat()}) is not after start ({self.start.isoformat()})"
            )
        for name, value in (("busy", self.busy), ("available", self.available)):
            if value < timedelta(0):
                raise ValueError(f"{name} is negative ({_hours(value)}); give 0 hours or more")
            if value > MAX_DURATION:
                raise ValueError(f"{name} is longer than 100 years")
        if not self.available:
            raise ValueError("available is 0 hours; a team with no available time has no "
                             "utilization")  # fmt: skip
        if self.busy > self.available:
            raise ValueError(
                f"busy ({_hours(self.busy)}) is more than available ({_hours(self.available)}); "
                "overtime is available time too, so count it in both"
            )
        return self

    @property
    def share(self) -> Fraction:
        """Busy over available, exact."""
        return Fraction(self.busy // _ONE_US, self.available // _ONE_US)


_ONE_US = timedelta(microseconds=1)


def _hours(value: timedelta) -> str:
    hours = Fraction(value // _ONE_US, 3_600_000_000)
    return f"{hours.numerator}h" if hours.denominator == 1 else f"{float(hours):g}h"


def utilization(records: Iterable[TeamUtilization]) -> Fraction:
    """The utilization of ``records`` together: the sum of busy over the sum of available.

    >>> from datetime import UTC, datetime, timedelta
    >>> def week(day, busy, available):
    ...     return TeamUtilization(start=datetime(2026, 10, day, tzinfo=UTC),
    ...                            end=datetime(2026, 10, day + 7, tzinfo=UTC),
    ...                            busy=timedelta(hours=busy), available=timedelta(hours=available))
    >>> utilization([week(5, 30, 40), week(12, 90, 100)])
    Fraction(6, 7)

    Raises:
        UsageError: no records.
        WrongTypeError: an item is not a :class:`TeamUtilization`.
    """
    items: list[Any] = list(records)
    if not items:
        raise UsageError("no utilization records: the utilization of no time is undefined")
    for index, item in enumerate(items):
        if not isinstance(item, TeamUtilization):
            raise WrongTypeError(
                f"record {index} is a {type(item).__name__}, not a TeamUtilization"
            )
    busy = sum(item.busy // _ONE_US for item in items)
    available = sum(item.available // _ONE_US for item in items)
    return Fraction(busy, available)
