"""Every notebook in examples/ runs, headless, cell by cell, as an analyst would run it.

No Jupyter kernel: each code cell runs in order in one namespace, with
matplotlib's Agg backend. A cell's last expression is shown as Jupyter would
show it: its ``_repr_html_`` (slakit objects, data frames) is built, a figure is
drawn to PNG. Any exception fails the test, naming the notebook and the cell.
"""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))


def code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def show(value: Any) -> None:
    """Do what Jupyter does with a cell's value: render its HTML, or draw the figure."""
    from matplotlib.figure import Figure

    if isinstance(value, Figure):
        buffer = io.BytesIO()
        value.savefig(buffer, format="png")
        assert buffer.getvalue().startswith(b"\x89PNG")
    elif hasattr(value, "_repr_html_"):
        page = value._repr_html_()
        assert isinstance(page, str) and page.startswith(("<table", "<div"))


def run_cell(source: str, namespace: dict[str, Any]) -> None:
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        expression = ast.Expression(last.value)
        show(eval(compile(expression, "<cell>", "eval"), namespace))


def test_there_is_a_notebook() -> None:
    assert [path.name for path in NOTEBOOKS] == ["month_review.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    for cell in notebook["cells"]:
        assert "".join(cell["source"]).strip(), "no empty cells"
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_month_review_walks_through_the_month() -> None:
    code = "\n".join(code_cells(ROOT / "examples" / "month_review.ipynb"))
    for step in (
        "evaluate_frame(tickets, contracts",  # every contract at once
        'compliance_frame(status, by=["customer"]',
        'compliance_frame(status, by=["week"]',
        "compliance_heatmap(",
        "burn_down(",
        "availability_timeline(",
        "credit_waterfall(",
    ):
        assert step in code, f"the notebook no longer does {step}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_headless(path: Path) -> None:
    pytest.importorskip("pandas")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for number, source in enumerate(code_cells(path), 1):
        try:
            run_cell(source, namespace)
        except Exception as error:
            pytest.fail(
                f"{path.name}, code cell {number} failed: {type(error).__name__}: {error}\n{source}"
            )
