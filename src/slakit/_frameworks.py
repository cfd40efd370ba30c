"""The registry of framework names a contract may use, below every model.

:mod:`slakit.policy` looks names up here and :mod:`slakit.catalog` registers
the built-in frameworks here when ``import slakit`` runs. The registry sits
below both so that registering costs no import of the models: ``import
slakit`` stays cheap, and a contract still finds ``"kmp"`` however it was
imported (``from slakit.policy import Contract`` included).

>>> sorted(LOADERS)
['kmp', 'truststram']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["LOADERS"]

#: Lower-case name -> a loader returning the framework (a ``slakit.policy.Framework``);
#: loaders are called on every lookup and cache what they read.
LOADERS: dict[str, Callable[[], Any]] = {}
