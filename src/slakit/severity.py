"""Ticket severity: SEV1 (critical) to SEV4 (low), with the spellings contracts use.

>>> Severity.parse("P1"), Severity.parse("Sev 2"), Severity.parse("medium"), Severity.parse(4)
(<Severity.SEV1: 'SEV1'>, <Severity.SEV2: 'SEV2'>, <Severity.SEV3: 'SEV3'>, <Severity.SEV4: 'SEV4'>)
>>> Severity.parse("urgent")
Traceback (most recent call last):
...
slakit.errors.PolicyError: 'urgent' is not a severity; write SEV1..SEV4, sev1, Sev 1, P1..P4, \
1..4, or critical / high / medium / low
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator

from slakit._text import shown
from slakit.errors import PolicyError

__all__ = ["MAX_SEVERITY_TEXT", "Severity", "SeverityField"]

# Possessive quantifiers (``*+``): runs of spaces are read once, never backtracked over.
_SPELLING = re.compile(r"^(?:sev(?:erity)?|p|priority)?\s*+[-_]?\s*+([1-4])$")
# The longest spelling is "severity - 1" with a few extra spaces; longer text is
# refused before the pattern runs.
MAX_SEVERITY_TEXT = 32
_WORDS = {"critical": 1, "high": 2, "medium": 3, "low": 4}
ACCEPTED = "SEV1..SEV4, sev1, Sev 1, P1..P4, 1..4, or critical / high / medium / low"


class Severity(StrEnum):
    """SEV1 is the most severe. Aliases: P1..P4, critical/high/medium/low."""

    # Hashed as the text it equals, in C: Enum's own __hash__ is a Python call, and
    # evaluation looks severities up in dicts for every ticket.
    __hash__ = str.__hash__

    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @property
    def level(self) -> int:
        """1 for SEV1 (most severe) to 4."""
        return int(self.value[-1])

    @property
    def label(self) -> str:
        """The word contracts use: Critical, High, Medium, Low."""
        return ("Critical", "High", "Medium", "Low")[self.level - 1]

    @classmethod
    def parse(cls, value: Any) -> Severity:
        """Read any accepted spelling; anything else raises ``PolicyError``."""
        if isinstance(value, Severity):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            return cls(f"SEV{value}")
        if isinstance(value, str) and len(value) <= MAX_SEVERITY_TEXT:
            text = value.strip().lower()
            if text in _WORDS:
                return cls(f"SEV{_WORDS[text]}")
            match = _SPELLING.match(text)
            if match:
                return cls(f"SEV{match[1]}")
        raise PolicyError(f"{shown(value)} is not a severity; write {ACCEPTED}")


# PolicyError is a ValueError: pydantic reports it under the field's name.
SeverityField = Annotated[
    Severity, BeforeValidator(Severity.parse, json_schema_input_type=str | int)
]
"""A model field that accepts every spelling :meth:`Severity.parse` accepts."""
