"""slakit.utilization: a support team's busy hours over its available hours."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from slakit import TeamUtilization
from slakit.errors import NaiveDatetimeError, UsageError, WrongTypeError
from slakit.utilization import utilization

START, END = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)


def record(busy: float, available: float, team: str = "") -> TeamUtilization:
    return TeamUtilization(
        start=START,
        end=END,
        busy=timedelta(hours=busy),
        available=timedelta(hours=available),
        team=team,
    )


def test_the_share_is_busy_over_available() -> None:
    assert record(78, 100).share == Fraction(39, 50)
    assert record(0, 8).share == 0 and record(8, 8).share == 1


def test_utilization_over_records_is_a_ratio_of_sums() -> None:
    # 10 of 100 hours and 45 of 50: the mean of the ratios would be 55%, the sums say 55/150.
    assert utilization([record(10, 100), record(45, 50)]) == Fraction(55, 150)
    assert utilization(iter([record(78, 100)])) == Fraction(39, 50)


@pytest.mark.parametrize(
    ("busy", "available", "problem"),
    [
        (90, 80, "busy (90h) is more than available (80h); overtime is available time too, "
         "so count it in both"),
        (0, 0, "available is 0 hours; a team with no available time has no utilization"),
        (-1, 80, "busy is negative (-1h); give 0 hours or more"),
        (1, 2_000_000, "available is longer than 100 years"),
    ],
)  # fmt: skip
def test_a_bad_record_says_what_is_wrong(busy: float, available: float, problem: str) -> None:
    with pytest.raises(UsageError) as raised:
        record(busy, available)
    assert str(raised.value) == f"invalid TeamUtilization: {problem}"


def test_a_period_runs_forward_and_is_aware() -> None:
    with pytest.raises(UsageError, match=r"end \(2026-10-01T00:00:00\+00:00\) is not after start"):
        TeamUtilization(start=START, end=START, busy=timedelta(0), available=timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError):
        TeamUtilization(start=datetime(2026, 10, 1), end=END, busy=timedelta(0),  # noqa: DTZ001
                        available=timedelta(hours=1))  # fmt: skip


def test_utilization_of_nothing_or_of_something_else_is_refused() -> None:
    with pytest.raises(UsageError, match="no utilization records"):
        utilization([])
    with pytest.raises(WrongTypeError, match="record 1 is a float, not a TeamUtilization"):
        utilization([record(1, 2), 0.5])  # type: ignore[list-item]


def test_a_record_round_trips() -> None:
    item = record(1700.5, 2016, team="dublin")
    assert TeamUtilization.model_validate_json(item.model_dump_json()) == item
    assert pickle.loads(pickle.dumps(item)) == item
