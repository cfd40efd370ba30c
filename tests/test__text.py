"""slakit._text: user input shown in one readable line, however long it is."""

from __future__ import annotations

import pytest

from slakit._text import ID_HELP, check_id, id_list, listing, shown


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


# -- the one id rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["kmp-premier-dublin", "A", "7", "acme_gold.2026", "x" * 128])
def test_valid_ids(text: str) -> None:
    assert check_id(text, "contract", ValueError) == text


@pytest.mark.parametrize(
    ("text", "shown_as"),
    [
        ("acme gold", "'acme gold'"),
        ("-acme", "'-acme'"),
        (".acme", "'.acme'"),
        ("acme/gold", "'acme/gold'"),
        ("café", "'café'"),
        ("", "''"),
        (" acme", "' acme'"),  # checked as given: callers strip
        ("x" * 129, "'xxxxxxxxxxxxxxxxxxxx'... (129 characters)"),
        (5, "5"),
    ],
)
def test_invalid_ids_raise_the_given_error_saying_what_is_allowed(
    text: object, shown_as: str
) -> None:
    class Refused(Exception):
        pass

    with pytest.raises(Refused) as raised:
        check_id(text, "service", Refused)
    assert str(raised.value) == f"{shown_as} is not a service id; {ID_HELP}, e.g. payments-api"


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("", ()),
        ("   ", ()),
        ("acme", ("acme",)),
        ("acme globex", ("acme", "globex")),
        (" acme,globex , initech\t", ("acme", "globex", "initech")),
        ((), ()),
        ([" acme ", "globex"], ("acme", "globex")),
        (iter(["acme"]), ("acme",)),
    ],
)
def test_id_lists(value: object, ids: tuple[str, ...]) -> None:
    assert id_list(value, "contract", ValueError) == ids  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [",", " , ", ",,", "\t,"])
def test_a_list_of_separators_only_names_nothing_by_mistake(value: str) -> None:
    # Not "every contract": a cell holding only a comma is a mistake.
    with pytest.raises(ValueError) as raised:
        id_list(value, "contract", ValueError)
    assert str(raised.value) == (
        f"{shown(value)} names no contract: it holds only separators; leave it empty or name "
        "contract ids separated by spaces or commas"
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (("",), "a service id must not be empty"),
        (("api", " "), "a service id must not be empty"),
        (("api web",), "'api web' is not a service id: it holds a space or a comma; give each "
                       "id as its own item"),
        (("api,web",), "'api,web' is not a service id: it holds a space or a comma; give each "
                       "id as its own item"),
        ((5,), "a service id must be text, not int"),
        ("api api/v2", f"'api/v2' is not a service id; {ID_HELP}, e.g. payments-api"),
    ],
)  # fmt: skip
def test_a_bad_id_in_a_list_is_refused(value: object, reason: str) -> None:
    with pytest.raises(LookupError) as raised:
        id_list(value, "service", LookupError)  # type: ignore[arg-type]
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("names", "limit", "text"),
    [
        ([], 10, "none"),
        (["a"], 10, "a"),
        (["a", "b", "c"], 3, "a, b, c"),
        (["a", "b", "c", "d"], 3, "a, b, c and 1 more"),
        (
            [f"c{n}" for n in range(1_010)],
            10,
            "c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 1,000 more",
        ),
    ],
)
def test_listing(names: list[str], limit: int, text: str) -> None:
    assert listing(names, limit) == text
    assert listing(iter(names), limit=limit) == text
