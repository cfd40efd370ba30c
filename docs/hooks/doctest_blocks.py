"""A griffe extension: the API page shows the docstrings' ``>>>`` examples as code.

The docstrings carry bare doctest examples (they run in the test suite), and
mkdocstrings renders a docstring as Markdown, where an example's output such as
``[('O-1', ...)]`` under a ``[... for ...]`` line is a reference-style link: the
page showed mangled text and ``mkdocs build --strict`` failed on "Could not find
cross-reference target". mkdocstrings-python loads this file (``extensions:`` in
mkdocs.yml), and :class:`DoctestBlocks` passes every docstring through
:func:`fence_doctests` before griffe parses it. The sources are not changed.
"""

from __future__ import annotations

import re
from typing import Any

try:
    from griffe import Extension
except ImportError:  # Without the docs extra the rewrite still loads (tests/test_docs_hooks.py).
    Extension = object  # type: ignore[assignment,misc]

# Fences open with 3+ backticks or tildes; a fence closes with the same character, at least as many.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Google-style section and admonition titles, as griffe reads them: at the start of the line.
_TITLE = re.compile(r"^(?P<kind>\w[\s\w-]*):(\s+\S.*)?\s*$")
# The doctest directives and markers griffe trims from its own Examples sections.
_FLAGS = re.compile(r"\s*#\s*doctest:.+$")
_BLANKLINE = re.compile(r"^\s*<BLANKLINE>\s*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_prompt(line: str) -> bool:
    stripped = line.lstrip(" ")
    return stripped == ">>>" or stripped.startswith(">>> ")


def _section_title(lines: list[str], index: int) -> str | None:
    """The kind of a Google-style section (``"examples"``) or admonition opening at ``index``.

    Griffe takes a title line only at the start of a line, after a blank line
    (or first), with indented contents right below it.
    """
    match = _TITLE.match(lines[index])
    if match is None or (index > 0 and lines[index - 1].strip()):
        return None
    below = lines[index + 1] if index + 1 < len(lines) else ""
    if not below.strip() or _indent(below) == 0:
        return None
    return match["kind"].strip().lower()


def fence_doctests(text: str) -> str:
    """``text`` with each run of doctest lines wrapped in a fenced ``pycon`` code block.

    A run is a ``>>>`` line with the lines after it (``...`` continuations,
    outputs, further ``>>>`` lines) up to a blank line or a line indented less
    than the prompt. The fences take the prompt's indentation, so a run inside
    a Google-style section (``Args:``, ``Returns:``, ``Raises:``) stays in it,
    and the block is set off by blank lines. Doctest directives and
    ``<BLANKLINE>`` markers are trimmed, as griffe does in ``Examples:``.

    Left as they are: lines inside fenced blocks, an ``Examples:`` section
    (griffe already shows its ``>>>`` lines as code), a run that already is an
    indented Markdown code block (4+ spaces after a blank line, outside any
    section), and a ``>>>`` that does not begin its line.
    """
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None  # the opening fence's marker while inside a fenced block
    section: str | None = None  # the kind of the section or admonition the line is in
    index = 0
    while index < len(lines):
        line = lines[index]
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            index += 1
            continue
        if line.strip() and _indent(line) == 0:
            section = _section_title(lines, index)
        if fence_match := _FENCE.match(line):
            fence = fence_match.group(1)
        elif _is_prompt(line) and section != "examples":
            indent = _indent(line)
            after_blank = not out or not out[-1].strip()
            end = _run_end(lines, index, indent)
            if section is None and indent >= 4 and after_blank:
                # Markdown shows an indented block as code already: fences would show as text.
                out.extend(lines[index:end])
                index = end
                continue
            pad = " " * indent
            if not after_blank:
                out.append("")
            out.append(f"{pad}```pycon")
            out.extend(_trimmed(run_line) for run_line in lines[index:end])
            out.append(f"{pad}```")
            if end < len(lines) and lines[end].strip():
                out.append("")
            index = end
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def _run_end(lines: list[str], start: int, indent: int) -> int:
    """The index just past the run of doctest lines whose prompt is at ``start``."""
    end = start + 1
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) >= indent:
        end += 1
    return end


def _trimmed(line: str) -> str:
    if _BLANKLINE.match(line):
        return ""
    return _FLAGS.sub("", line)


class DoctestBlocks(Extension):
    """Fences the ``>>>`` examples of every docstring griffe reads (see :func:`fence_doctests`)."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        # Runs as each object is made, before anything parses its docstring.
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
