"""Policy and contract files (TOML or JSON) and the JSON Schema of their format.

Errors name the file and the field path as it is written in the file:

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "bad.toml").write_text('''
... name = "acme"
... [tiers.gold.targets]
... P1 = { response = "15m", resolution = "4h" }
... P2 = { response = "2 hourz", resolution = "8h" }
... P3 = { response = "2h", resolution = "24h" }
... P4 = { response = "4h", resolution = "72h" }
... ''') and None
>>> load_framework(folder / "bad.toml")
Traceback (most recent call last):
...
slakit.errors.PolicyError: .../bad.toml: tiers.gold.targets.P2.response: "2 hourz" is not a \
duration; write e.g. "2h", "30m", "5 business days"
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from slakit._model import SlakitModel, validation_problems
from slakit.errors import PolicyError, SlakitError
from slakit.policy import Contract, Framework
from slakit.severity import Severity

__all__ = [
    "contract_schema",
    "framework_schema",
    "load_contract",
    "load_framework",
    "parse_policy_text",
    "write_schema",
]

M = TypeVar("M", bound=SlakitModel)


def read_policy_file(path: str | Path) -> dict[str, Any]:
    """The data of a TOML (``.toml``) or JSON (``.json``) file, or a clear ``PolicyError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(f"{path}: cannot be read ({error})") from None
    return parse_policy_text(text, str(path), json_format=path.suffix.lower() == ".json")


def parse_policy_text(text: str, source: str, *, json_format: bool = False) -> dict[str, Any]:
    """Parse TOML (or JSON) text into a mapping; ``source`` names it in errors."""
    if not text.strip():
        raise PolicyError(f"{source}: the file is empty")
    try:
        data = json.loads(text) if json_format else tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{source}: not valid TOML: {error}") from None
    except json.JSONDecodeError as error:
        raise PolicyError(f"{source}: not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: the top level must be a table (an object)")
    return data


def validate_policy(model: type[M], data: Mapping[str, Any], source: str) -> M:
    """Validate ``data`` as ``model``; errors name ``source`` and the path in the file."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        problems = [
            f"{file_path(data, path)}: {message}" if path else message
            for path, message in validation_problems(error)
        ]
        raise PolicyError(f"{source}: " + "; ".join(problems)) from None
    except SlakitError as error:
        raise PolicyError(f"{source}: {error}") from None


def file_path(data: Any, path: str) -> str:
    """Translate a model field path back into the keys used in the file.

    Tables that the model stores as lists (tiers) are indexed by position in
    the model and by name in the file; severity keys may be spelled ``P2``.
    """
    shown: list[str] = []
    node = data
    for part in path.split("."):
        key: Any = part
        if isinstance(node, Mapping):
            if part.isdigit() and part not in node:
                names = list(node)
                key = names[int(part)] if int(part) < len(names) else part
            elif part not in node:
                key = next((k for k in node if _same_severity(k, part)), part)
            node = node.get(key)
        elif isinstance(node, Sequence) and not isinstance(node, str) and part.isdigit():
            node = node[int(part)] if int(part) < len(node) else None
        else:
            node = None
        shown.append(str(key))
    return ".".join(shown)


def _same_severity(key: Any, field: str) -> bool:
    try:
        return Severity.parse(key).value.lower() == field
    except SlakitError:
        return False


def load_framework(path: str | Path) -> Framework:
    """Read a framework (tiers, targets, credit policy) from a TOML or JSON file."""
    return validate_policy(Framework, read_policy_file(path), str(path))


def load_contract(path: str | Path) -> Contract:
    """Read a contract from a TOML or JSON file.

    ``framework`` names a built-in catalog (``"kmp"``), or is an inline framework table.
    """
    return validate_policy(Contract, read_policy_file(path), str(path))


def framework_schema() -> dict[str, Any]:
    """The JSON Schema of framework (policy) files."""
    return Framework.model_json_schema()


def contract_schema() -> dict[str, Any]:
    """The JSON Schema of contract files."""
    return Contract.model_json_schema()


def write_schema(path: str | Path, kind: str = "framework") -> None:
    """Write the JSON Schema of ``framework`` or ``contract`` files to ``path``."""
    schemas = {"framework": framework_schema, "contract": contract_schema}
    if kind not in schemas:
        raise PolicyError(f"unknown schema {kind!r}; known: {', '.join(schemas)}")
    Path(path).write_text(json.dumps(schemas[kind](), indent=2) + "\n", encoding="utf-8")
