"""The docs build's griffe extension (docs/hooks/doctest_blocks.py) fences ``>>>`` examples."""

from __future__ import annotations

import importlib.util
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "docs" / "hooks" / "doctest_blocks.py"


def _load() -> ModuleType:
    # docs/hooks is not a package: load the script by path, as mkdocstrings does.
    spec = importlib.util.spec_from_file_location("doctest_blocks", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fence_doctests: Callable[[str], str] = _load().fence_doctests


def _doc(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def test_list_output_becomes_a_pycon_block() -> None:
    before = _doc("""
        Outages from a CSV.

        >>> [(o.id, o.contracts) for o in read_outages(path)]
        [('O-1', ('acme', 'globex'))]

        Raises:
            DataFileError: the file or a row is wrong.
    """)
    assert fence_doctests(before) == _doc("""
        Outages from a CSV.

        ```pycon
        >>> [(o.id, o.contracts) for o in read_outages(path)]
        [('O-1', ('acme', 'globex'))]
        ```

        Raises:
            DataFileError: the file or a row is wrong.
    """)


def test_continuations_and_several_prompts_make_one_block() -> None:
    before = _doc("""
        >>> total = sum(
        ...     [1, 2])
        >>> total
        3
        >>> [total]
        [3]

        After.
    """)
    assert fence_doctests(before) == "```pycon\n" + before.replace("\n\nAfter.", "\n```\n\nAfter.")


def test_blank_lines_set_the_block_off_from_text() -> None:
    assert fence_doctests("Like so:\n>>> [1]\n[1]") == "Like so:\n\n```pycon\n>>> [1]\n[1]\n```"


def test_example_inside_a_section_keeps_its_indentation() -> None:
    before = _doc("""
        Summary.

        Returns:
            The rows, e.g.

                >>> rows()
                [('a', 1)]
            in file order.
    """)
    assert fence_doctests(before) == _doc("""
        Summary.

        Returns:
            The rows, e.g.

                ```pycon
                >>> rows()
                [('a', 1)]
                ```

            in file order.
    """)


def test_examples_section_is_left_to_griffe() -> None:
    text = _doc("""
        Summary.

        Examples:
            >>> [1, 2]
            [1, 2]

        Text after.
    """)
    assert fence_doctests(text) == text


def test_after_the_examples_section_examples_are_fenced_again() -> None:
    text = _doc("""
        Examples:
            >>> [1]
            [1]

        >>> [2]
        [2]
    """)
    assert fence_doctests(text) == text.replace(">>> [2]\n[2]", "```pycon\n>>> [2]\n[2]\n```")


@pytest.mark.parametrize("marker", ["```", "````", "~~~"])
def test_fenced_blocks_are_left_alone(marker: str) -> None:
    text = f"Text.\n\n{marker}python\n>>> [1]\n[1]\n```not a close\n{marker}\n\n>>> [2]\n[2]"
    expected = text.replace(">>> [2]\n[2]", "```pycon\n>>> [2]\n[2]\n```")
    assert fence_doctests(text) == expected


def test_prompts_not_starting_a_line_are_left_alone() -> None:
    text = "Type ``>>> [x]`` at the prompt.\n`>>> [1]`\n[1]\n\na >>> b\n>>>x"
    assert fence_doctests(text) == text


def test_an_indented_code_block_stays_as_it_is() -> None:
    text = "Example:\n\n    >>> [1]\n    [1]\n\nText."
    assert fence_doctests(text) == text


def test_doctest_directives_and_blankline_markers_are_trimmed() -> None:
    before = ">>> print('a\\n')  # doctest: +NORMALIZE_WHITESPACE\na\n<BLANKLINE>"
    assert fence_doctests(before) == "```pycon\n>>> print('a\\n')\na\n\n```"


def test_rewriting_twice_changes_nothing_more() -> None:
    text = _doc("""
        Summary.
        >>> [1]
        [1]

        Args:
            x: the value.

                >>> [x]
                [2]
    """)
    once = fence_doctests(text)
    assert once != text
    assert fence_doctests(once) == once


def test_mkdocs_loads_the_extension() -> None:
    assert "- docs/hooks/doctest_blocks.py" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_griffe_reads_fenced_examples(tmp_path: Path) -> None:
    griffe = pytest.importorskip("griffe")
    (tmp_path / "sample.py").write_text(
        textwrap.dedent('''
            def pairs():
                """Pairs.

                >>> [pair for pair in pairs()]
                [('a', 1)]

                Returns:
                    The pairs.
                """
        '''),
        encoding="utf-8",
    )
    module = griffe.load(
        "sample", search_paths=[str(tmp_path)], extensions=griffe.load_extensions(str(HOOK))
    )
    docstring = module["pairs"].docstring
    text, returns = docstring.parse("google")
    assert text.value == "Pairs.\n\n```pycon\n>>> [pair for pair in pairs()]\n[('a', 1)]\n```"
    assert returns.kind.value == "returns"
