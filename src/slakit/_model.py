"""The frozen pydantic base every slakit value inherits, and its error reporting.

Construction errors come out as slakit errors (a ``SlakitError`` and a
``ValueError``) whose message lists every problem with its field path, instead
of pydantic's multi-line report; the pydantic error stays attached as
``__cause__`` for tools that want it.

>>> from slakit.errors import PolicyError
>>> class Example(SlakitModel):
...     _error = PolicyError
...     hours: int
>>> Example(hours="many")
Traceback (most recent call last):
...
slakit.errors.PolicyError: invalid Example: hours: Input should be a valid integer, ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Annotated, Any, ClassVar, Self, TypeVar

import pydantic
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict

from slakit._text import id_list
from slakit.errors import NaiveDatetimeError, SlakitError, TimelineError, WrongTypeError

M = TypeVar("M", bound=BaseModel)


def fixed_offset(value: datetime) -> datetime:
    """The same instant with its UTC offset as a fixed zone (``+01:00``, not ``Europe/Dublin``).

    A zone-aware time in a repeated autumn hour compares unequal to the same
    instant in any other zone (PEP 495), so a value holding one would not equal
    itself read back from JSON. A fixed offset shows the same local time and is
    never ambiguous.

    >>> from zoneinfo import ZoneInfo
    >>> fixed_offset(datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/Chicago"))).isoformat()
    '2026-11-01T01:30:00-05:00'
    """
    offset = value.utcoffset()
    return value if offset is None else value.astimezone(timezone(offset))


def list_of(
    name: str, value: object, noun: str, kind: type | tuple[type, ...] | None = None
) -> list[Any]:
    """``value`` (a list or other iterable) as a list, each item a ``kind`` if given; else a
    :class:`~slakit.errors.WrongTypeError` naming the argument ``name`` (and the item).

    Text, a mapping and a single model iterate too, but are never a list of ``noun``.

    >>> list_of("outages", "O-1", "Outages")
    Traceback (most recent call last):
    ...
    slakit.errors.WrongTypeError: outages must be a list of Outages, not str
    >>> list_of("inputs", [1, "x"], "numbers", int)
    Traceback (most recent call last):
    ...
    slakit.errors.WrongTypeError: inputs[1] must be one of numbers, not str
    """
    if isinstance(value, str | bytes | Mapping | BaseModel) or not isinstance(value, Iterable):
        raise WrongTypeError(f"{name} must be a list of {noun}, not {type(value).__name__}")
    items = list(value)
    if kind is not None:
        for position, item in enumerate(items):
            if not isinstance(item, kind):
                raise WrongTypeError(
                    f"{name}[{position}] must be one of {noun}, not {type(item).__name__}"
                )
    return items


#: An aware instant kept at a fixed UTC offset, for evidence that must read back equal from JSON.
FixedInstant = Annotated[AwareDatetime, AfterValidator(fixed_offset)]


def contract_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
    """Each item checked as a contract id (:func:`slakit._text.id_list`); a ``ValueError``
    for a model to name the field.

    >>> contract_ids(("acme-gold", " globex "))
    ('acme-gold', 'globex')
    """
    return id_list(ids, "contract", ValueError)


#: The contracts an input names (none: every contract), each a checked contract id.
ContractIds = Annotated[tuple[str, ...], AfterValidator(contract_ids)]

# Tags of discriminated unions: part of pydantic's error location, not of the user's data.
UNION_TAGS = frozenset({"weekly", "combined"})
NAIVE_MESSAGE = "is a naive datetime; give it a timezone or a UTC offset"


def validation_problems(error: pydantic.ValidationError) -> list[tuple[str, str]]:
    """Each problem as ``(field path, message)``, nested slakit models flattened.

    A nested model with its own ``__init__`` reports through a slakit error
    that carries its own problems; those are re-rooted at the field's path.
    """
    problems: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"] if part not in UNION_TAGS)
        nested = item.get("ctx", {}).get("error")
        inner = getattr(nested, "problems", None)
        if inner:
            problems.extend((".".join(p for p in (path, sub) if p), msg) for sub, msg in inner)
        elif item["type"] == "timezone_aware":
            problems.append((path, NAIVE_MESSAGE))
        else:
            problems.append((path, item["msg"].removeprefix("Value error, ")))
    return problems


def describe_problems(problems: list[tuple[str, str]]) -> str:
    """One part per problem, ``field.path: message``, joined by ``; ``."""
    return "; ".join(f"{path}: {message}" if path else message for path, message in problems)


def original_error(error: pydantic.ValidationError) -> Exception | None:
    """The slakit exception a validator raised, if there was exactly one."""
    items = error.errors(include_url=False)
    if len(items) == 1:
        cause = items[0].get("ctx", {}).get("error")
        if isinstance(cause, SlakitError):
            return cause
    return None


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were given (not :data:`MISSING`).

    Constructors with positional parameters default them to ``MISSING`` so
    that pydantic, not Python, reports a missing field ("field required"),
    and so that a union of models can try each member in turn.
    """
    return {key: value for key, value in values.items() if value is not MISSING}


MISSING: Any = object()


def keys_as_written(values: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A ``json_schema_extra`` for models whose keys files may spell freely.

    ``WeeklyHours`` takes ``"mon-fri"`` and ``Targets`` takes ``"P1"``: the
    schema then allows any key with a value of ``values``' shape, and no key
    is required by name (the loader checks the real rules and names the field).
    """

    def widen(schema: dict[str, Any]) -> None:
        schema["additionalProperties"] = values
        schema.pop("required", None)

    return widen


def string_keys(value: Any) -> Any:
    """A mapping with its keys as text (other values as they are).

    Nested slakit models are built by calling the model with the mapping as
    keywords, which Python refuses for keys that are not strings (``{5: ...}``)
    with a bare ``TypeError``; as text, the key gets the model's own clear error.

    >>> string_keys({5: "09:00-10:00"}), string_keys("mon")
    ({'5': '09:00-10:00'}, 'mon')
    """
    if isinstance(value, Mapping) and not all(isinstance(key, str) for key in value):
        return {str(key): item for key, item in value.items()}
    return value


class SlakitModel(BaseModel):
    """Frozen, strict-keyed, hashable base model."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=False)
    _error: ClassVar[type[SlakitError]] = SlakitError

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as error:
            raise self._convert(error) from error

    # The validating constructors raise slakit errors too, so that `except SlakitError`
    # catches every bad input whichever way a model is built.

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        try:
            return super().model_validate(obj, **options)
        except pydantic.ValidationError as error:
            raise cls._convert(error) from error

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        try:
            return super().model_validate_json(json_data, **options)
        except pydantic.ValidationError as error:
            raise cls._convert(error) from error

    @classmethod
    def _convert(cls, error: pydantic.ValidationError) -> SlakitError:
        problems = validation_problems(error)
        converted: SlakitError
        naive = [path for path, message in problems if message == NAIVE_MESSAGE]
        if naive and len(naive) == len(problems):
            converted = NaiveDatetimeError(
                f"{cls.__name__}.{naive[0]}" if naive[0] else cls.__name__
            )
        elif isinstance(original := original_error(error), TimelineError | NaiveDatetimeError):
            return original  # already names the ticket, the event and the rule
        else:
            converted = cls._error(f"invalid {cls.__name__}: {describe_problems(problems)}")
        converted.problems = problems
        return converted


_FIELDS_SET: dict[type[BaseModel], set[str]] = {}
# The slot setters pydantic itself uses; calling them directly skips attribute lookup.
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(model: type[M], values: dict[str, Any], fields_set: set[str] | None = None) -> M:
    """Build a model from values slakit computed itself, skipping validation.

    Only for results of calculations on the hot path (statuses), and for
    values already checked by every rule the model's validators hold (rows of
    data files): every field must be given, in the model's field order,
    already of the type validation would give (then, if wanted, the value a
    ``cached_property`` would keep). ``fields_set`` is what
    ``model_fields_set`` reports (default: every field), for a value that
    must equal one the validating constructor builds from fewer arguments.
    ``model_construct`` does the same but also walks defaults and aliases,
    which costs more than the calculation itself.
    """
    instance = object.__new__(model)
    if fields_set is None:
        fields_set = _FIELDS_SET.get(model)
    if fields_set is None:
        fields_set = _FIELDS_SET[model] = set(model.model_fields)
    object.__setattr__(instance, "__dict__", values)
    _set_fields_set(instance, fields_set)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
