"""slakit._model: the frozen base model, and pydantic's errors turned into slakit errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest
from pydantic import AwareDatetime, field_validator

from slakit._model import (
    MISSING,
    SlakitModel,
    describe_problems,
    given,
    keys_as_written,
    trusted,
)
from slakit.errors import NaiveDatetimeError, PolicyError, SlakitError, TimelineError

NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"


class Shift(SlakitModel):
    _error = PolicyError
    hours: int
    name: str


class Rota(SlakitModel):
    _error = PolicyError
    shift: Shift


class Stamped(SlakitModel):
    at: AwareDatetime


class Checked(SlakitModel):
    value: int

    @field_validator("value")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise TimelineError("ticket T-1, event 2: value must be positive")
        return value


def test_a_bad_field_is_the_model_s_error_naming_the_field() -> None:
    with pytest.raises(PolicyError) as raised:
        Shift(hours="many", name="night")  # type: ignore[arg-type]
    assert str(raised.value) == f"invalid Shift: hours: {NOT_AN_INTEGER}"
    assert isinstance(raised.value, ValueError)
    assert raised.value.problems == [("hours", NOT_AN_INTEGER)]
    assert isinstance(raised.value.__cause__, pydantic.ValidationError)


def test_every_problem_is_reported_in_one_message() -> None:
    with pytest.raises(PolicyError) as raised:
        Shift(hours="many", colour="red")  # type: ignore[call-arg, arg-type]
    assert str(raised.value) == (
        f"invalid Shift: hours: {NOT_AN_INTEGER}; name: Field required; "
        "colour: Extra inputs are not permitted"
    )


def test_a_nested_problem_has_its_whole_path() -> None:
    with pytest.raises(PolicyError) as raised:
        Rota(shift={"hours": "many", "name": "night"})  # type: ignore[arg-type]
    assert str(raised.value) == f"invalid Rota: shift.hours: {NOT_AN_INTEGER}"


def test_the_model_error_defaults_to_slakit_error() -> None:
    with pytest.raises(SlakitError) as raised:
        Checked(value="x")  # type: ignore[arg-type]
    assert type(raised.value) is SlakitError


@pytest.mark.parametrize(
    "build",
    [
        lambda: Shift.model_validate({"hours": "many", "name": "night"}),
        lambda: Shift.model_validate_json('{"hours": "many", "name": "night"}'),
    ],
)
def test_the_validating_constructors_raise_the_same_error(build: Any) -> None:
    with pytest.raises(PolicyError) as raised:
        build()
    assert str(raised.value) == f"invalid Shift: hours: {NOT_AN_INTEGER}"


def test_a_naive_datetime_is_a_naive_datetime_error_naming_the_field() -> None:
    with pytest.raises(NaiveDatetimeError) as raised:
        Stamped(at=datetime(2026, 10, 5, 9))  # noqa: DTZ001
    assert raised.value.argument == "Stamped.at"
    assert raised.value.problems == [
        ("at", "is a naive datetime; give it a timezone or a UTC offset")
    ]
    assert Stamped(at=datetime(2026, 10, 5, 9, tzinfo=UTC)).at.tzinfo is UTC


def test_a_timeline_error_from_a_validator_comes_out_as_it_was_raised() -> None:
    # It already names the ticket, the event and the rule: nothing is added.
    with pytest.raises(TimelineError) as raised:
        Checked(value=-1)
    assert str(raised.value) == "ticket T-1, event 2: value must be positive"


def test_models_are_frozen_hashable_and_equal_by_value() -> None:
    shift = Shift(hours=8, name="night")
    with pytest.raises(pydantic.ValidationError, match="Instance is frozen"):
        shift.hours = 9  # type: ignore[misc]
    assert shift == Shift(hours=8, name="night")
    assert hash(shift) == hash(Shift(hours=8, name="night"))


def test_describe_problems() -> None:
    assert describe_problems([("a.b", "bad"), ("", "whole model bad")]) == (
        "a.b: bad; whole model bad"
    )
    assert describe_problems([]) == ""


def test_given_drops_what_was_not_given() -> None:
    assert given(hours=8, name=MISSING, note=None) == {"hours": 8, "note": None}


def test_keys_as_written_widens_the_schema() -> None:
    schema: dict[str, Any] = {"type": "object", "properties": {}, "required": ["mon-fri"]}
    keys_as_written({"type": "string"})(schema)
    assert schema == {
        "type": "object",
        "properties": {},
        "additionalProperties": {"type": "string"},
    }


def test_trusted_builds_a_model_without_validating() -> None:
    shift = trusted(Shift, {"hours": 8, "name": "night"})
    assert shift == Shift(hours=8, name="night")
    assert shift.model_fields_set == {"hours", "name"}
    assert shift.model_dump() == {"hours": 8, "name": "night"}
    # Only for values slakit computed itself: nothing is checked.
    assert trusted(Shift, {"hours": "many", "name": "night"}).hours == "many"
