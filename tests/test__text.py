"""slakit._text: user input shown in one readable line, however long it is."""

from __future__ import annotations

import pytest

from slakit._text import shown


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P1", "'P1'"),
        ("it's", '"it\'s"'),  # repr's own quoting
        (12, "12"),
        (None, "None"),
        # 40 characters are quoted whole; 41 are cut to the first 20 and the length.
        ("x" * 40, "'" + "x" * 40 + "'"),
        ("x" * 41, "'xxxxxxxxxxxxxxxxxxxx'... (41 characters)"),
        ("p" + " " * 40_000 + "x", "'p                   '... (40,002 characters)"),
    ],
)
def test_shown(value: object, expected: str) -> None:
    assert shown(value) == expected


def test_a_long_repr_of_another_value_is_cut_to_40_characters() -> None:
    # repr(list(range(30))): 10 one-digit and 20 two-digit numbers (50 digits), 29 ", "
    # (58) and two brackets: 110 characters.
    assert shown(list(range(30))) == (
        "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1... (110 characters)"
    )
    # b'...' around 39 bytes is 42 characters: the longest repr shown whole.
    assert shown(b"x" * 39) == "b'" + "x" * 39 + "'"
    assert shown(b"x" * 40) == "b'" + "x" * 38 + "... (43 characters)"
