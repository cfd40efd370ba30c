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

Files are UTF-8 (a byte-order mark is allowed) of at most
:data:`LARGEST_POLICY_FILE` bytes. A JSON object that repeats a key is
refused, as TOML refuses a repeated key; so is nesting deeper than
:data:`DEEPEST_NESTING` levels, and a TOML key or table header of more
dotted parts than that (refused before the TOML parser sees it: a long
dotted key costs it memory that grows with the square of its length).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from slakit._model import SlakitModel
from slakit._text_files import read_text
from slakit.errors import PolicyError, SlakitError
from slakit.output_file import write_output
from slakit.policy import Contract, Framework, check_contract_id
from slakit.severity import Severity

__all__ = [
    "DEEPEST_NESTING",
    "LARGEST_POLICY_FILE",
    "contract_schema",
    "file_path",
    "framework_schema",
    "load_contract",
    "load_contract_folder",
    "load_framework",
    "parse_policy_text",
    "read_policy_file",
    "validate_policy",
    "write_schema",
]

M = TypeVar("M", bound=SlakitModel)

DEEPEST_NESTING = 32
"""How deeply tables and lists may nest in a policy file (real ones use 6 levels or so)."""

LARGEST_POLICY_FILE = 16 << 20
"""The largest policy or contract file read, in bytes (16 MiB; real ones are a few KiB)."""

# TOML strings, so that the dots inside them are not counted as key parts. Each
# alternative always matches once it starts (an unclosed string runs to the end of
# its line, or of the text), so the scan never retries and stays linear.
_TOML_STRING = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*+(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*+(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*+"?'
    r"|'[^'\n]*+'?"
)
_TOML_COMMENT = re.compile(r"#[^\n]*+")
# A dotted key or table header (bare parts, or strings already replaced by ""),
# taken whole. Starting only at the beginning of a word, and going on after each
# whole run, keeps the search linear.
_DOTTED = re.compile(r'(?<![\w"-])(?:[\w-]++|"")(?:[ \t]*+\.[ \t]*+(?:[\w-]++|""))++')


def read_policy_file(path: str | Path) -> dict[str, Any]:
    """The data of a TOML (``.toml``) or JSON (``.json``) file, or a clear ``PolicyError``.

    >>> read_policy_file("missing.toml")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: missing.toml: no such file

    Args:
        path: the file; a ``.json`` suffix (any case) means JSON, anything else TOML.

    Returns:
        The top-level table.

    Raises:
        PolicyError: the file cannot be read or parsed; names the file (and line).
    """
    path = Path(path)
    text = read_text(path, PolicyError, limit=LARGEST_POLICY_FILE)
    return parse_policy_text(text, str(path), json_format=path.suffix.lower() == ".json")


def parse_policy_text(text: str, source: str, *, json_format: bool = False) -> dict[str, Any]:
    """Parse TOML (or JSON) text into a mapping; ``source`` names it in errors.

    >>> parse_policy_text('{"tier": "gold", "tier": "silver"}', "c.json", json_format=True)
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: c.json: not valid JSON: the key 'tier' appears twice in one object

    Args:
        text: the file's text (as :func:`read_policy_file` reads it: without a
            byte-order mark).
        source: what to call the text in errors (usually the file's path).
        json_format: JSON rather than TOML.

    Returns:
        The top-level table.

    Raises:
        PolicyError: empty, not valid TOML/JSON, a repeated JSON key, nesting deeper
            than :data:`DEEPEST_NESTING` (or a TOML key of more dotted parts), or a top
            level that is not a table.
    """
    if not text.strip():
        raise PolicyError(f"{source}: the file is empty")
    if not json_format and _too_many_key_parts(text):
        _too_deep(source)
    language = "JSON" if json_format else "TOML"
    try:
        if json_format:
            data = json.loads(
                text,
                object_pairs_hook=_unique_keys,
                parse_constant=_no_constant,
            )
        else:
            data = tomllib.loads(text)
    except RecursionError:
        _too_deep(source)
    except _RepeatedKeyError as error:
        raise PolicyError(f"{source}: not valid JSON: {error}") from None
    except ValueError as error:
        # TOMLDecodeError and JSONDecodeError are ValueErrors; so are Python's own
        # refusals inside the parsers, such as an integer of more than 4,300 digits.
        raise PolicyError(f"{source}: not valid {language}: {error}") from None
    if _depth(data) > DEEPEST_NESTING:
        _too_deep(source)
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: the top level must be a table (an object)")
    return data


def _too_many_key_parts(text: str) -> bool:
    """Whether a TOML key or table header has more than DEEPEST_NESTING dotted parts."""
    bare = _TOML_COMMENT.sub("", _TOML_STRING.sub('""', text))
    return any(run.group().count(".") >= DEEPEST_NESTING for run in _DOTTED.finditer(bare))


class _RepeatedKeyError(ValueError):
    """A JSON object names one key twice (the hook cannot know the file's name)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise _RepeatedKeyError(f"the key {key!r} appears twice in one object")
        table[key] = value
    return table


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number slakit accepts; write the value as text")


def _too_deep(source: str) -> NoReturn:
    raise PolicyError(
        f"{source}: tables and lists nest more than {DEEPEST_NESTING} levels deep; "
        "a policy file needs only a few"
    ) from None


def _depth(data: Any) -> int:
    """How deeply lists and tables nest in ``data`` (walked without recursion)."""
    deepest = 0
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > DEEPEST_NESTING:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def validate_policy(model: type[M], data: Mapping[str, Any], source: str) -> M:
    """Validate ``data`` as ``model``; errors name ``source`` and the path in the file.

    >>> validate_policy(Contract, {"framework": "kmp", "tier": "gold", "region": "dublin"},
    ...                 "c.toml")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: c.toml: kmp has no tier 'gold'; its tiers: premier, standard, basic

    Args:
        model: the model class (``Framework``, ``Contract``).
        data: the parsed file.
        source: what to call the data in errors.

    Returns:
        The validated model.

    Raises:
        PolicyError: every problem, each with its path as written in the file.
    """
    try:
        return model.model_validate(data)
    except SlakitError as error:
        found = error.problems
        if not found:
            raise PolicyError(f"{source}: {error}") from None
        problems = [
            f"{file_path(data, path)}: {message}" if path else message for path, message in found
        ]
        raise PolicyError(f"{source}: " + "; ".join(problems)) from None


def file_path(data: Any, path: str) -> str:
    """Translate a model field path back into the keys used in the file.

    Tables that the model stores as lists (tiers) are indexed by position in
    the model and by name in the file; severity keys may be spelled ``P2``.

    >>> file_path({"tiers": {"gold": {"targets": {"P2": {}}}}}, "tiers.0.targets.sev2")
    'tiers.gold.targets.P2'
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
    """Read a framework (tiers, targets, credit policy) from a TOML or JSON file.

    >>> import tempfile, pathlib
    >>> from slakit import catalog
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kmp.json"
    >>> path.write_text(catalog.get("kmp").model_dump_json()) and None
    >>> load_framework(path) == catalog.get("kmp")
    True

    Raises:
        PolicyError: the file cannot be read, parsed or validated; names file and field.
    """
    return validate_policy(Framework, read_policy_file(path), str(path))


def load_contract(path: str | Path) -> Contract:
    """Read a contract from a TOML or JSON file.

    ``framework`` names a built-in catalog (``"kmp"``), or is an inline framework table.
    The contract's ``id`` is the file's ``id`` field, or the file's stem
    (``acme.toml`` is ``acme``) when it has none.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acme.toml"
    >>> path.write_text('framework = "kmp"\\ntier = "Premier"\\nregion = "dublin"\\n') and None
    >>> contract = load_contract(path)
    >>> contract.id, contract.framework.name, contract.tier, contract.business_calendar.timezone
    ('acme', 'kmp', 'premier', 'Europe/Dublin')

    Raises:
        PolicyError: the file cannot be read, parsed or validated; names file and field.
            A file without an ``id`` whose stem is not a valid contract id (see
            :func:`slakit.policy.check_contract_id`) is refused too.
    """
    path = Path(path)
    data = read_policy_file(path)
    if "id" not in data:
        try:
            stem = check_contract_id(path.stem)
        except PolicyError as error:
            raise PolicyError(
                f"{path}: the file gives no id, and its name cannot be one: {error}; "
                'give the contract an id field (id = "...") or rename the file'
            ) from None
        data = {"id": stem, **data}
    return validate_policy(Contract, data, str(path))


CONTRACT_FILE_SUFFIXES = (".toml", ".json")
"""The extensions of the files :func:`load_contract_folder` reads, in any case (``.TOML``)."""


def load_contract_folder(folder: str | Path) -> list[tuple[Path, Contract]]:
    """Every contract file in ``folder`` with its path, sorted by contract id.

    Every ``*.toml`` and ``*.json`` file directly in ``folder`` is read (the
    extension in any case: ``globex.TOML`` too), each with
    :func:`load_contract`; subfolders and hidden files (``.name``) are not.
    Two contracts whose ids are equal or differ only in case are refused:
    their output files would be one file on macOS and Windows.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> kmp = 'framework = "kmp"\\ntier = "premier"\\nregion = "dublin"\\n'
    >>> _ = (folder / "globex.TOML").write_text(kmp)
    >>> _ = (folder / "acme.toml").write_text(kmp)
    >>> [(path.name, contract.id) for path, contract in load_contract_folder(folder)]
    [('acme.toml', 'acme'), ('globex.TOML', 'globex')]

    Raises:
        PolicyError: ``folder`` is not a folder, has no contract files, a file is wrong
            (names the file and field), or two files give ids that are equal or differ
            only in case (names both files).
    """
    folder = Path(folder)
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        raise PolicyError(f"{folder}: no such folder of contract files") from None
    except NotADirectoryError:
        raise PolicyError(f"{folder}: not a folder; give the folder of contract files") from None
    except OSError as error:
        raise PolicyError(f"{folder}: cannot read the folder ({error.strerror or error})") from None
    paths = [
        path
        for path in entries
        if path.suffix.lower() in CONTRACT_FILE_SUFFIXES
        and not path.name.startswith(".")
        and path.is_file()
    ]
    if not paths:
        raise PolicyError(
            f"{folder}: no contract files (*.toml or *.json, the extension in any case)"
        )
    found: dict[str, tuple[Path, Contract]] = {}
    for path in paths:
        contract = load_contract(path)
        key = contract.id.casefold()
        if key in found:
            first, other = found[key]
            if other.id == contract.id:
                raise PolicyError(
                    f"{path}: contract id {contract.id!r} is already the id of {first}; "
                    "give each contract its own id"
                )
            raise PolicyError(
                f"{path}: contract id {contract.id!r} differs only in case from "
                f"{other.id!r}, the id of {first}; such ids would name one output file on "
                "macOS and Windows, so give each contract its own id"
            )
        found[key] = (path, contract)
    return sorted(found.values(), key=lambda item: item[1].id)


def framework_schema() -> dict[str, Any]:
    """The JSON Schema of framework (policy) files.

    >>> sorted(framework_schema()["required"])
    ['name', 'tiers']
    """
    return Framework.model_json_schema()


def contract_schema() -> dict[str, Any]:
    """The JSON Schema of contract files.

    >>> sorted(contract_schema()["required"])
    ['framework', 'tier']
    """
    return Contract.model_json_schema()


def write_schema(path: str | Path, kind: str = "framework") -> None:
    """Write the JSON Schema of ``framework`` or ``contract`` files to ``path``.

    >>> write_schema("x.json", "ticket")
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: unknown schema 'ticket'; known: framework, contract

    The file is written as every slakit output file is
    (:func:`slakit.output_file.write_output`): whole or not at all, and only a
    regular file.

    Raises:
        PolicyError: ``kind`` is neither ``framework`` nor ``contract``.
        OutputFileError: ``path`` is a directory, a FIFO or a device, its folder does not
            exist, or the system refused the write; names ``path``.
    """
    schemas = {"framework": framework_schema, "contract": contract_schema}
    if kind not in schemas:
        raise PolicyError(f"unknown schema {kind!r}; known: {', '.join(schemas)}")
    write_output(json.dumps(schemas[kind](), indent=2) + "\n", path)
