"""The built-in frameworks, shipped as TOML files and read by the same loader as users' files.

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

from functools import cache
from importlib.resources import files

from slakit.errors import PolicyError
from slakit.io import parse_policy_text, validate_policy
from slakit.policy import Framework

__all__ = ["get", "names"]


def names() -> list[str]:
    """The built-in framework names."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in files(__name__).iterdir()
        if entry.name.endswith(".toml")
    )


@cache
def _load(name: str) -> Framework:
    resource = files(__name__) / f"{name}.toml"
    return validate_policy(
        Framework, parse_policy_text(resource.read_text("utf-8"), str(resource)), str(resource)
    )


def get(name: str) -> Framework:
    """The built-in framework called ``name`` (case-insensitive)."""
    key = name.strip().lower()
    if key not in names():
        raise PolicyError(f"unknown framework {name!r}; built-in frameworks: {', '.join(names())}")
    return _load(key)
