"""The exceptions slakit raises, all under one root.

Every error names what was wrong, where it was (argument, ticket, event, file,
field) and what is allowed. Each also inherits the built-in exception it
resembles, so ``except ValueError`` keeps working.

>>> from slakit.errors import NaiveDatetimeError, SlakitError
>>> issubclass(NaiveDatetimeError, SlakitError) and issubclass(NaiveDatetimeError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "AvailabilityError",
    "CalendarError",
    "CurrencyMismatchError",
    "DataFileError",
    "NaiveDatetimeError",
    "NeverOpenError",
    "OutputFileError",
    "PolicyError",
    "RangeError",
    "SlakitError",
    "TimelineError",
    "UsageError",
    "WrongTypeError",
]


class SlakitError(Exception):
    """The root of every error slakit raises on purpose."""

    #: For invalid models: each problem as (field path, message), for tools that
    #: re-render paths (policy files name the keys as written in the file).
    problems: list[tuple[str, str]] = []  # noqa: RUF012 - replaced per instance, never mutated


class NaiveDatetimeError(SlakitError, ValueError):
    """A datetime without a timezone was given where an instant is needed.

    >>> from datetime import datetime
    >>> raise NaiveDatetimeError("start", datetime(2026, 3, 2, 9))
    Traceback (most recent call last):
    ...
    slakit.errors.NaiveDatetimeError: start is a naive datetime (2026-03-02 09:00:00); \
give it a timezone, e.g. datetime(..., tzinfo=ZoneInfo("Europe/Dublin")) or an ISO 8601 \
string with an offset such as 2026-03-02T09:00:00+00:00
    """

    def __init__(self, argument: str, value: object = None, fix: str | None = None) -> None:
        self.argument = argument
        self.value = value
        self.fix = fix
        if fix is not None:
            # Text without an offset (a file cell, a command-line instant): show the fix.
            where = f"{argument}: " if argument else ""
            super().__init__(f"{where}{value!r} has no UTC offset; write e.g. {fix}")
            return
        shown = f" ({value})" if value is not None else ""
        super().__init__(
            f"{argument} is a naive datetime{shown}; give it a timezone, e.g. "
            'datetime(..., tzinfo=ZoneInfo("Europe/Dublin")) or an ISO 8601 string '
            "with an offset such as 2026-03-02T09:00:00+00:00"
        )

    def __reduce__(self) -> tuple[type[NaiveDatetimeError], tuple[str, object, str | None]]:
        return type(self), (self.argument, self.value, self.fix)


class CalendarError(SlakitError, ValueError):
    """A calendar definition is invalid (hours, timezone, holidays, closures)."""


class NeverOpenError(SlakitError, ValueError):
    """A calendar has no open time in the range slakit searches."""


class RangeError(SlakitError, ValueError):
    """An instant or duration lies outside the range slakit can compute."""


class PolicyError(SlakitError, ValueError):
    """A policy, contract or policy file is invalid."""


class TimelineError(SlakitError, ValueError):
    """A ticket's events break a timeline rule."""


class CurrencyMismatchError(SlakitError, ValueError):
    """Money of two different currencies was combined."""


class AvailabilityError(SlakitError, ValueError):
    """An outage, maintenance window or period is invalid."""


class WrongTypeError(SlakitError, TypeError, ValueError):
    """An argument is of the wrong type (a string where a Contract is needed, a number
    where an instant is needed); the message names the argument and what it takes.

    A ``TypeError`` as Python's own type errors are, and a ``ValueError`` like every
    other slakit error, so that ``except ValueError`` still catches all bad input.
    """


class UsageError(SlakitError, ValueError):
    """An argument is not one of the allowed values (a report grouping, a command option)."""


class OutputFileError(SlakitError, OSError, ValueError):
    """An output file cannot be written safely: the target is a directory, a FIFO or a
    device, one of the inputs, or the system refused the write. The message names the
    path as the user gave it, never the temporary file.

    An ``OSError`` as Python's own file errors are, and a ``ValueError`` like every
    other slakit error.
    """


class DataFileError(SlakitError, ValueError):
    """A data file (tickets, events, outages, maintenance) is invalid.

    The message names the file, the row (as a line number) and the column.
    """
