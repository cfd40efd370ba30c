"""Severity and its spellings (SEV1..SEV4, P1..P4, critical..low)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from slakit import Severity, Ticket
from slakit.errors import PolicyError, SlakitError
from slakit.severity import SeverityField
from timing import finishes_within


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("SEV1", Severity.SEV1),
        ("sev1", Severity.SEV1),
        ("Sev 1", Severity.SEV1),
        ("sev-2", Severity.SEV2),
        ("SEV_3", Severity.SEV3),
        ("severity 4", Severity.SEV4),
        ("Severity 1", Severity.SEV1),
        ("P1", Severity.SEV1),
        ("p2", Severity.SEV2),
        ("P 3", Severity.SEV3),
        ("priority 4", Severity.SEV4),
        ("1", Severity.SEV1),
        ("4", Severity.SEV4),
        (1, Severity.SEV1),
        (2, Severity.SEV2),
        (3, Severity.SEV3),
        (4, Severity.SEV4),
        ("critical", Severity.SEV1),
        ("High", Severity.SEV2),
        ("MEDIUM", Severity.SEV3),
        ("low", Severity.SEV4),
        ("  P1  ", Severity.SEV1),
        (Severity.SEV3, Severity.SEV3),
    ],
)
def test_parse_accepts_every_documented_spelling(spelling: object, expected: Severity) -> None:
    assert Severity.parse(spelling) is expected


@pytest.mark.parametrize(
    "bad",
    ["urgent", "P5", "sev0", "SEV10", "", "  ", "P", "1.0", 0, 5, -1, True, None, 1.0, "P1P2"],
)
def test_parse_rejects_anything_else_with_the_accepted_spellings(bad: object) -> None:
    with pytest.raises(PolicyError) as raised:
        Severity.parse(bad)
    message = str(raised.value)
    assert repr(bad) in message
    assert "is not a severity" in message
    for accepted in ("SEV1..SEV4", "P1..P4", "critical / high / medium / low"):
        assert accepted in message


def test_policy_error_is_a_slakit_error_and_a_value_error() -> None:
    with pytest.raises(SlakitError):
        Severity.parse("urgent")
    with pytest.raises(ValueError):
        Severity.parse("urgent")


@pytest.mark.parametrize(
    ("severity", "level", "label"),
    [
        (Severity.SEV1, 1, "Critical"),
        (Severity.SEV2, 2, "High"),
        (Severity.SEV3, 3, "Medium"),
        (Severity.SEV4, 4, "Low"),
    ],
)
def test_level_and_label(severity: Severity, level: int, label: str) -> None:
    assert severity.level == level
    assert severity.label == label
    assert Severity.parse(label) is severity
    assert Severity.parse(f"P{level}") is severity


def test_values_are_the_canonical_strings() -> None:
    assert [severity.value for severity in Severity] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert Severity.SEV1 == "SEV1"
    assert str(Severity.SEV2) == "SEV2"


class _Holder(BaseModel):
    severity: SeverityField


@pytest.mark.parametrize("spelling", ["P2", "high", "sev 2", 2, "SEV2"])
def test_severity_field_accepts_every_spelling(spelling: object) -> None:
    holder = _Holder(severity=spelling)
    assert holder.severity is Severity.SEV2
    assert holder.model_dump_json() == '{"severity":"SEV2"}'
    assert _Holder.model_validate_json(holder.model_dump_json()) == holder


def test_severity_field_rejects_unknown_spelling_with_the_reason() -> None:
    with pytest.raises(ValueError, match="'urgent' is not a severity"):
        _Holder(severity="urgent")


def test_severity_field_reports_the_clean_message_under_the_field() -> None:
    # No adapter re-raising ValueError: pydantic wraps the PolicyError itself, and
    # slakit's models strip pydantic's "Value error, " prefix.
    with pytest.raises(SlakitError) as raised:
        Ticket(id="T-1", severity="urgent", opened_at="2026-03-02T09:00:00+00:00")
    assert (
        "severity: 'urgent' is not a severity; write SEV1..SEV4, sev1, Sev 1, P1..P4, 1..4, "
        "or critical / high / medium / low"
    ) in str(raised.value)
    assert "Value error" not in str(raised.value)


@pytest.mark.parametrize(
    "hostile",
    ["p" + " " * 40_000 + "x", "sev" + " " * 40_000 + "-x", "p" + "\t" * 40_000, "1" * 40_000],
)
def test_long_cells_are_refused_at_once(hostile: str) -> None:
    # "p" + 40,000 spaces + "x" took 23 s before the fix (the pattern backtracked).
    with pytest.raises(PolicyError) as raised:
        finishes_within(2, lambda: Severity.parse(hostile))
    message = str(raised.value)
    assert message.endswith(
        "characters) is not a severity; write SEV1..SEV4, sev1, Sev 1, P1..P4, 1..4, "
        "or critical / high / medium / low"
    )
    assert len(message) < 200


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [("p  -  1", Severity.SEV1), ("severity _ 4", Severity.SEV4), ("P\t2", Severity.SEV2)],
)
def test_spaces_around_the_separator_are_still_accepted(spelling: str, expected: Severity) -> None:
    assert Severity.parse(spelling) is expected


@pytest.mark.parametrize("bad", ["p--1", "p -_ 1", "p 1 1"])
def test_one_separator_at_most(bad: str) -> None:
    with pytest.raises(PolicyError, match="is not a severity"):
        Severity.parse(bad)


@pytest.mark.parametrize(
    ("cell", "quoted"),
    [
        ("x" * 33, repr("x" * 33)),  # past the 32 a severity may have, still quoted whole
        ("x" * 40, repr("x" * 40)),
        ("x" * 41, repr("x" * 20) + "... (41 characters)"),
    ],
)
def test_how_a_long_severity_cell_is_quoted(cell: str, quoted: str) -> None:
    # docs/policies.md: up to 40 characters whole, longer by the first 20 and the length.
    with pytest.raises(PolicyError) as raised:
        Severity.parse(cell)
    assert str(raised.value) == (
        f"{quoted} is not a severity; write SEV1..SEV4, sev1, Sev 1, P1..P4, 1..4, "
        "or critical / high / medium / low"
    )
