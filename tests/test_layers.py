"""The layers of src/slakit (DESIGN.md §6, §7's last bullet), checked on the source with ``ast``.

A module imports only from layers below its own, at the top of the file and
inside functions alike (an import inside a function still runs, and still
ties the lower module to the upper one); imports under ``if TYPE_CHECKING:``
never run and are exempt. No module imports another slakit module's private
name (``from slakit.x import _y``) or reads one (``x._y``): private modules
(``slakit._time``, ``slakit._index``, ...) are in-package interfaces and may
be imported by name, their public names used.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "slakit"

# Lowest first. A module may import from any layer strictly below its own, never
# from its own layer or above. The order is DESIGN.md §6's, as the code follows it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # The error hierarchy and leaf helpers that import nothing from slakit.
    # The framework registry (``_frameworks``) holds names and loaders only.
    (
        "slakit.errors",
        "slakit._text",
        "slakit._currencies",
        "slakit._frames",
        "slakit.csv_text",
        "slakit._frameworks",
    ),
    # Checked primitives: aware instants, the frozen model base, reading a text file,
    # writing an output file.
    ("slakit._time", "slakit._model", "slakit._text_files", "slakit.output_file"),
    # What a computation is computed from: versions and input-file digests.
    ("slakit.provenance",),
    # Exact units and their text forms (HTML tables for notebooks too); the compiled interval
    # index.
    (
        "slakit.durations",
        "slakit.percent",
        "slakit.money",
        "slakit.severity",
        "slakit._index",
        "slakit._html",
    ),
    # Models built on the units: tickets, recurrence rules, calendars, credit policies,
    # request latencies, team utilization.
    (
        "slakit.tickets",
        "slakit.recurrence",
        "slakit.calendar",
        "slakit.credit_policy",
        "slakit.latency",
        "slakit.utilization",
    ),
    # A ticket built from a live stream of events.
    ("slakit.timeline",),
    # Support regions (preset calendars); outages, maintenance and availability.
    ("slakit.regions", "slakit.availability", "slakit.security"),
    # Objectives as data (what a framework promises beyond ticket targets) and report periods.
    ("slakit.objectives",),
    # Targets, tiers, frameworks and contracts.
    ("slakit.policy",),
    # The clock, and reading policy and data files.
    ("slakit.clock", "slakit.policy_files", "slakit.data_files"),
    # The built-in frameworks, credits and reporting.
    ("slakit.catalog", "slakit.credits", "slakit.reporting", "slakit.sla"),
    # Month-end for a book of contracts: statements, compliance and the summary; scorecards.
    ("slakit.month_end", "slakit.scorecard"),
    # The columnar engine (numpy): deadlines, elapsed time and statuses over arrays.
    ("slakit.columnar",),
    # DataFrames in and out; the shipped example month; month-end over Dask partitions.
    ("slakit.pandas", "slakit.example_data", "slakit.dask"),
    # Charts (matplotlib), drawn from statuses, statements and frames.
    ("slakit.plot",),
    # Importing ticketing tools' exports: the mapping tables, export records, the result;
    # what an importer reads; applying the mapping and writing the import folder; a source;
    # the sources; the registry of sources; the package.
    ("slakit.imports.mapping", "slakit.imports.records", "slakit.imports.result"),
    ("slakit.imports.export",),
    ("slakit.imports.build", "slakit.imports.files"),
    ("slakit.imports.source",),
    ("slakit.imports.zendesk", "slakit.imports.jsm", "slakit.imports.servicenow"),
    ("slakit.imports.registry",),
    ("slakit.imports",),
    # Slakit's verdicts beside a ticketing tool's own.
    ("slakit.reconcile",),
    # The public names.
    ("slakit",),
    # The command and its ``python -m slakit`` entry point.
    ("slakit.cli",),
    ("slakit.__main__",),
)
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}


def module_name(path: Path) -> str:
    """The dotted name: ``slakit.cli``, or ``slakit.catalog`` for its ``__init__.py``."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> list[Path]:
    return [
        *sorted(PACKAGE.glob("*.py")),
        PACKAGE / "catalog" / "__init__.py",
        *sorted((PACKAGE / "imports").glob("*.py")),
    ]


def is_module(name: str) -> bool:
    """Whether ``name`` (``slakit.x``) is a module or package of slakit."""
    path = SRC / Path(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private(name: str) -> bool:
    """A leading underscore, but not a dunder such as ``__version__``."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def type_checking_nodes(tree: ast.AST) -> set[int]:
    """The ids of every node under an ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for child in node.body:
                skipped |= {id(inner) for inner in ast.walk(child)}
    return skipped


def imported(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str | None]]:
    """``(slakit module, name taken from it or None)`` for each slakit import in ``node``.

    ``from slakit import regions`` imports the module ``slakit.regions``;
    ``from slakit import __version__`` takes a name from the package itself.
    """
    found: list[tuple[str, str | None]] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name == "slakit" or alias.name.startswith("slakit."):
                found.append((alias.name, None))
    elif node.level == 0 and node.module is not None:
        if node.module == "slakit":
            for alias in node.names:
                submodule = f"slakit.{alias.name}"
                found.append((submodule, None) if is_module(submodule) else ("slakit", alias.name))
        elif node.module.startswith("slakit."):
            found.extend((node.module, alias.name) for alias in node.names)
    return found


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` as text when the expression is only names and attributes."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def problems(source: str, module: str) -> list[str]:
    """Every layering and privacy problem of ``module``'s ``source``, one line each.

    >>> problems("from slakit.cli import main", "slakit.errors")
    ['line 1: slakit.errors imports slakit.cli, which is not in a lower layer']
    """
    tree = ast.parse(source)
    exempt = type_checking_nodes(tree)
    found: list[str] = []
    modules_by_local_name: dict[str, str] = {}  # names bound to slakit modules here
    for node in ast.walk(tree):
        if id(node) in exempt or not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for target, name in imported(node):
            if target != module and RANK.get(target, -1) >= RANK[module]:
                found.append(
                    f"line {node.lineno}: {module} imports {target}, which is not in a lower layer"
                )
            if name is not None and private(name):
                found.append(
                    f"line {node.lineno}: {module} imports the private name {target}.{name}"
                )
        for alias in node.names:
            if isinstance(node, ast.Import) and alias.name.startswith("slakit"):
                local = alias.asname or alias.name.split(".")[0]
                modules_by_local_name[local] = alias.name if alias.asname else "slakit"
            elif (
                isinstance(node, ast.ImportFrom)
                and node.module == "slakit"
                and is_module(f"slakit.{alias.name}")
            ):
                modules_by_local_name[alias.asname or alias.name] = f"slakit.{alias.name}"
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not private(node.attr):
            continue
        text = dotted(node.value)
        if text is None:
            continue
        head, _, rest = text.partition(".")
        if head not in modules_by_local_name:
            continue
        owner = ".".join(part for part in (modules_by_local_name[head], rest) if part)
        if is_module(owner) and owner != module:
            found.append(f"line {node.lineno}: {module} reads the private name {owner}.{node.attr}")
    return found


# -- the checker catches what it should ---------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "slakit.calendar",
            "def f():\n    from slakit.policy import Contract\n",
            ["line 2: slakit.calendar imports slakit.policy, which is not in a lower layer"],
        ),
        (
            "slakit.money",
            "import slakit.clock\n",
            ["line 1: slakit.money imports slakit.clock, which is not in a lower layer"],
        ),
        (
            "slakit.policy",
            "from slakit import catalog\n",
            ["line 1: slakit.policy imports slakit.catalog, which is not in a lower layer"],
        ),
        (
            # The same layer is not lower: regions and availability must not import each other.
            "slakit.regions",
            "from slakit.availability import Outage\n",
            ["line 1: slakit.regions imports slakit.availability, which is not in a lower layer"],
        ),
        (
            "slakit.reporting",
            "from slakit.clock import _fold\n",
            ["line 1: slakit.reporting imports the private name slakit.clock._fold"],
        ),
        (
            "slakit.credits",
            "from slakit import clock\nclock._fold(1)\n",
            ["line 2: slakit.credits reads the private name slakit.clock._fold"],
        ),
        (
            "slakit.cli",
            "import slakit.calendar as cal\nx = cal._index\n",
            ["line 2: slakit.cli reads the private name slakit.calendar._index"],
        ),
        (
            "slakit.cli",
            "import slakit\nx = slakit.policy._frameworks\n",
            ["line 2: slakit.cli reads the private name slakit.policy._frameworks"],
        ),
    ],
)
def test_the_checker_catches_a_bad_import(module: str, source: str, expected: list[str]) -> None:
    assert problems(source, module) == expected


@pytest.mark.parametrize(
    ("module", "source"),
    [
        # Downward, a private module by name, its public names, a dunder of the package.
        ("slakit.calendar", "from slakit._index import CompiledIndex, combine\n"),
        ("slakit.availability", "from slakit import _time\nx = _time.to_us\n"),
        ("slakit.cli", "from slakit import __version__, catalog\n"),
        # Upward only for the type checker: never runs.
        (
            "slakit._index",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from slakit.calendar import Calendar\n",
        ),
        # A private attribute of what is not a slakit module is not this test's business.
        ("slakit.clock", "import html\nx = html._replace_charref\nself._cache = 1\n"),
    ],
)
def test_the_checker_lets_allowed_imports_pass(module: str, source: str) -> None:
    assert problems(source, module) == []


# -- the real source ------------------------------------------------------------------------------


def test_every_module_has_a_layer() -> None:
    modules = {module_name(path) for path in source_files()}
    assert modules == set(RANK), "place a new module in LAYERS (lowest first)"


@pytest.mark.parametrize("path", source_files(), ids=module_name)
def test_no_module_imports_upward_or_crosses_a_private_name(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8"), module_name(path)) == []
