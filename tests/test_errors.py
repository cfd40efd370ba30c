"""The exception hierarchy: one root, and every error also a ``ValueError``."""

from __future__ import annotations

import pickle
from datetime import datetime

import pytest

from slakit import Calendar, errors
from slakit.errors import CalendarError, NaiveDatetimeError, SlakitError

ERRORS = [getattr(errors, name) for name in errors.__all__ if name != "SlakitError"]


def test_the_known_errors_are_exported() -> None:
    names = set(errors.__all__)
    assert {
        "SlakitError",
        "NaiveDatetimeError",
        "CalendarError",
        "NeverOpenError",
        "RangeError",
        "PolicyError",
        "TimelineError",
    } <= names


def test_the_root() -> None:
    assert issubclass(SlakitError, Exception)


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: error.__name__)
def test_every_error_is_a_slakit_error_and_a_value_error(error: type[Exception]) -> None:
    assert issubclass(error, SlakitError)
    assert issubclass(error, ValueError)


@pytest.mark.parametrize(
    "error", [e for e in ERRORS if e is not NaiveDatetimeError], ids=lambda error: error.__name__
)
def test_errors_carry_their_message(error: type[Exception]) -> None:
    with pytest.raises(ValueError, match="what went wrong"):
        raise error("what went wrong")


def test_naive_datetime_error_names_the_argument() -> None:
    naive = datetime(2026, 3, 2, 9)  # noqa: DTZ001
    error = NaiveDatetimeError("opened_at", naive)
    assert error.argument == "opened_at"
    message = str(error)
    assert message.startswith("opened_at is a naive datetime (2026-03-02 09:00:00); ")
    assert "give it a timezone" in message
    assert "2026-03-02T09:00:00+00:00" in message  # shows what an aware value looks like
    assert str(NaiveDatetimeError("start")).startswith("start is a naive datetime; ")


def test_a_calendar_error_is_caught_as_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown timezone"):
        Calendar(timezone="Nowhere/Special", hours={"mon-fri": "09:00-17:00"})
    with pytest.raises(SlakitError):
        Calendar(timezone="Nowhere/Special", hours={"mon-fri": "09:00-17:00"})
    with pytest.raises(CalendarError):
        Calendar(timezone="Nowhere/Special", hours={"mon-fri": "09:00-17:00"})


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: error.__name__)
def test_errors_survive_pickling(error: type[Exception]) -> None:
    # Errors cross process boundaries (multiprocessing, concurrent.futures) by pickle.
    raised = error("start") if error is NaiveDatetimeError else error("what went wrong")
    again = pickle.loads(pickle.dumps(raised))
    assert type(again) is error
    assert str(again) == str(raised)


def test_naive_datetime_error_survives_pickling_with_its_value() -> None:
    raised = NaiveDatetimeError("start", datetime(2026, 3, 2, 9))  # noqa: DTZ001
    again = pickle.loads(pickle.dumps(raised))
    assert str(again) == str(raised)
    assert again.argument == "start"
