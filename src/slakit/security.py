"""Security breaches: an instant the vendor is accountable for, and the contracts it hits.

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

from typing import ClassVar

from pydantic import AwareDatetime, field_validator

from slakit._model import SlakitModel
from slakit._text import id_list
from slakit.errors import SlakitError, UsageError

__all__ = ["SecurityBreach"]


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
    contracts: tuple[str, ...] = ()

    @field_validator("contracts")
    @classmethod
    def _ids(cls, ids: tuple[str, ...]) -> tuple[str, ...]:
        return id_list(ids, "contract", ValueError)

    def hits(self, contract_id: str) -> bool:
        """Whether this breach hits the contract ``contract_id``: it names it, or names none.

        >>> from datetime import UTC, datetime
        >>> SecurityBreach(at=datetime(2026, 10, 1, tzinfo=UTC), contracts=("a", "b")).hits("b")
        True
        """
        return not self.contracts or contract_id in self.contracts
