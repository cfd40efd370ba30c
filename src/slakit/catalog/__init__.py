"""The built-in frameworks, shipped as TOML files and read by the same loader as users' files.

Importing this module (``import slakit`` does) registers each built-in
framework (see :func:`slakit.policy.register_framework`), so a contract can
name it (``Contract(framework="kmp", ...)``); each file is read, and the
policy models imported, on first use, which keeps ``import slakit`` fast.

>>> from slakit import catalog
>>> catalog.names()
['kmp', 'truststram']
>>> str(catalog.get("TrustStram").tier("gold").target("P1", "response"))
'30m business'
>>> catalog.get("acme")
Traceback (most recent call last):
...
slakit.errors.PolicyError: unknown framework 'acme'; built-in frameworks: kmp, truststram
"""

from __future__ import annotations

from functools import cache, partial
from importlib.resources import files
from typing import TYPE_CHECKING

from slakit import _frameworks
from slakit._text import shown
from slakit.errors import PolicyError

if TYPE_CHECKING:
    from slakit.policy import Framework

__all__ = ["get", "names"]


def names() -> list[str]:
    """The built-in framework names.

    >>> names()
    ['kmp', 'truststram']
    """
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in files(__name__).iterdir()
        if entry.name.endswith(".toml")
    )


@cache
def _load(name: str) -> Framework:
    # Imported here, not at the top: the models cost more to import than the rest of
    # ``import slakit``, and a session that never names a framework does not need them.
    from slakit.policy import Framework
    from slakit.policy_files import parse_policy_text, validate_policy

    resource = files(__name__) / f"{name}.toml"
    return validate_policy(
        Framework, parse_policy_text(resource.read_text("utf-8"), str(resource)), str(resource)
    )


def get(name: str) -> Framework:
    """The built-in framework called ``name`` (case-insensitive).

    >>> get("kmp").tier_names
    ['premier', 'standard', 'basic']

    Raises:
        PolicyError: no built-in framework has that name; lists the names there are.
    """
    key = name.strip().lower()
    if key not in names():
        raise PolicyError(
            f"unknown framework {shown(name)}; built-in frameworks: {', '.join(names())}"
        )
    return _load(key)


def _register() -> None:
    # Straight into the registry slakit.policy reads (what register_framework does),
    # without importing slakit.policy.
    for name in names():
        _frameworks.LOADERS[name] = partial(_load, name)


_register()
