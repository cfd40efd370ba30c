"""Security breaches (an instant the vendor is accountable for, and the contracts it hits) and
security incidents (detected, then responded to).

A breach that names contracts hits only those. One that names none hits the
contract it is given with (``monthly_credit`` for one customer); in a book
(``month_end``) every breach must name the contracts it hit, since a breach
owes a whole month's fee and is never charged to every customer by default.

>>> from datetime import UTC, datetime
>>> breach = SecurityBreach(at=datetime(2026, 10, 14, 9, tzinfo=UTC), id="SB-1",
...                         contracts=("acme-gold",))
>>> breach.hits("acme-gold"), breach.hits("globex-basic")
(True, False)
>>> SecurityBreach(at=datetime(2026, 10, 14, 9, tzinfo=UTC)).hits("globex-basic")
True
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from pydantic import AwareDatetime, model_validator

from slakit._model import ContractIds, SlakitModel
from slakit._time import ONE_US, to_us
from slakit.errors import SlakitError, UsageError

__all__ = ["SecurityBreach", "SecurityIncident"]


class SecurityBreach(SlakitModel):
    """A security breach the vendor is accountable for, at an instant.

    ``contracts`` are the ids of the contracts it hits; none (the default)
    means every contract. Each id is stripped; an empty id, or one holding a
    space or a comma (the separators of a ``contracts`` cell in a CSV file),
    is refused.

    >>> from datetime import UTC, datetime
    >>> SecurityBreach(at=datetime(2026, 10, 14, 9, tzinfo=UTC), contracts=("a b",))
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: invalid SecurityBreach: contracts: 'a b' is not a contract id: \
it holds a space or a comma; give each id as its own item
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    at: AwareDatetime
    id: str = ""
    description: str = ""
    contracts: ContractIds = ()

    def hits(self, contract_id: str) -> bool:
        """Whether this breach hits the contract ``contract_id``: it names it, or names none.

        >>> from datetime import UTC, datetime
        >>> SecurityBreach(at=datetime(2026, 10, 1, tzinfo=UTC), contracts=("a", "b")).hits("b")
        True
        """
        return not self.contracts or contract_id in self.contracts


class SecurityIncident(SlakitModel):
    """A security incident: when it was detected and when the vendor responded to it.

    ``responded_at`` is when the vendor's incident response started (the
    response team acted on the incident and told the customers it affects);
    ``None`` while nobody has responded. It is never before ``detected_at``.
    An incident is not a breach: it owes no credit by itself (a breach is a
    :class:`SecurityBreach`). ``contracts`` are the ids of the contracts it
    affects; none (the default) means every contract.

    >>> from datetime import UTC, datetime
    >>> incident = SecurityIncident(id="SI-1", detected_at=datetime(2026, 10, 14, 9, tzinfo=UTC),
    ...                             responded_at=datetime(2026, 10, 14, 15, tzinfo=UTC))
    >>> incident.response_time, incident.hits("acme-gold")
    (datetime.timedelta(seconds=21600), True)
    >>> SecurityIncident(detected_at=datetime(2026, 10, 14, 9, tzinfo=UTC),
    ...                  responded_at=datetime(2026, 10, 14, 8, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: invalid SecurityIncident: responded_at \
(2026-10-14T08:00:00+00:00) is before detected_at (2026-10-14T09:00:00+00:00); a response \
comes after the detection
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    detected_at: AwareDatetime
    responded_at: AwareDatetime | None = None
    id: str = ""
    description: str = ""
    contracts: ContractIds = ()

    @model_validator(mode="after")
    def _response_after_detection(self) -> SecurityIncident:
        # Instants, not datetimes: two in one zone compare by wall time, ignoring DST folds.
        responded = self.responded_at
        if responded is not None and to_us(responded, "responded_at") < self._detected_us:
            raise ValueError(
                f"responded_at ({responded.isoformat()}) is before detected_at "
                f"({self.detected_at.isoformat()}); a response comes after the detection"
            )
        return self

    @property
    def response_time(self) -> timedelta | None:
        """Wall-clock time from detection to response; ``None`` while not responded to."""
        if self.responded_at is None:
            return None
        return ONE_US * (to_us(self.responded_at, "responded_at") - self._detected_us)

    @property
    def _detected_us(self) -> int:
        return to_us(self.detected_at, "detected_at")

    def hits(self, contract_id: str) -> bool:
        """Whether this incident affects ``contract_id``: it names it, or names none.

        >>> from datetime import UTC, datetime
        >>> SecurityIncident(detected_at=datetime(2026, 10, 1, tzinfo=UTC),
        ...                  contracts=("a",)).hits("b")
        False
        """
        return not self.contracts or contract_id in self.contracts
