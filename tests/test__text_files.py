"""slakit._text_files: the one way every slakit file reader reads text.

Policy files and data files share it; their tests keep one check each that
it is wired with their error class and their word for a line.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import slakit._text_files
from slakit._text_files import BYTE_ORDER_MARK, read_text
from slakit.errors import DataFileError, PolicyError, SlakitError
from timing import finishes_within

CONTRACT_TOML = 'framework = "kmp"\ntier = "premier"\nregion = "dublin"\n'
LIMIT = 1 << 20


def refused(path: Path, error: type[SlakitError] = PolicyError, line_word: str = "line") -> str:
    """The message of the ``error`` that reading ``path`` raises."""
    with pytest.raises(error) as raised:
        read_text(path, error, line_word, limit=LIMIT)
    return str(raised.value)


def test_utf8_text_is_read_whole_with_its_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes('customer = "Caf\u00e9 \u6771\u4eac"\r\n\n'.encode())
    assert read_text(path, PolicyError, limit=LIMIT) == 'customer = "Caf\u00e9 \u6771\u4eac"\r\n\n'


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    # Windows editors save "UTF-8 with BOM"; the mark is not part of the data. A mark
    # inside the text is data, and stays.
    assert BYTE_ORDER_MARK == "\ufeff"
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbf" + "a = 1\n# caf\u00e9 \ufeff\n".encode())
    assert read_text(path, PolicyError, limit=LIMIT) == "a = 1\n# caf\u00e9 \ufeff\n"


def test_a_string_path_is_read(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(CONTRACT_TOML, encoding="utf-8")
    assert read_text(str(tmp_path / "c.toml"), PolicyError, limit=LIMIT) == CONTRACT_TOML


def test_a_pipe_is_read(pipe: Callable[[bytes], str]) -> None:
    # As in `slakit credits --contract <(generate-contract)`: the shell passes /dev/fd/N.
    assert read_text(pipe(CONTRACT_TOML.encode()), PolicyError, limit=LIMIT) == CONTRACT_TOML


def test_a_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.csv", DataFileError) == f"{tmp_path / 'nope.csv'}: no such file"


def test_a_directory_is_not_no_such_file(tmp_path: Path) -> None:
    folder = tmp_path / "contract.toml"
    folder.mkdir()
    assert refused(folder) == f"{folder}: is a directory, not a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(CONTRACT_TOML, encoding="utf-8")
    path.chmod(0)
    assert refused(path) == f"{path}: cannot be read: permission denied"


def test_an_undecodable_byte_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'framework = "kmp"\ncustomer = "Caf\xe9"\n')
    assert refused(path) == f"{path}, line 2: byte 0xe9 is not UTF-8 text; save the file as UTF-8"


def test_a_nul_byte_names_the_row_in_the_callers_words(tmp_path: Path) -> None:
    path = tmp_path / "outages.csv"
    path.write_bytes(b"id,start,end,description\nO-2,x,y,net\0work\n")
    assert refused(path, DataFileError, line_word="row") == (
        f"{path}, row 2: a NUL byte (0x00); this is not a text file, or it is saved as UTF-16: "
        "save it as UTF-8"
    )


def test_a_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(CONTRACT_TOML.encode("utf-16-le"))
    assert refused(path) == (
        f"{path}, line 1: a NUL byte (0x00); this is not a text file, or it is saved as "
        "UTF-16: save it as UTF-8"
    )


# -- the size limit ------------------------------------------------------------------------------


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"#" * 99 + b"\n")
    assert read_text(path, PolicyError, limit=100) == "#" * 99 + "\n"


def test_a_regular_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"#" * 100 + b"\n")
    with pytest.raises(PolicyError) as raised:
        read_text(path, PolicyError, limit=100)
    assert str(raised.value) == (
        f"{path}: the file is larger than 100 bytes, the limit for this kind of file"
    )


def test_a_pipe_over_the_limit_is_refused_once_it_is_past() -> None:
    # A pipe has no size to look at: it is read in chunks, and refused past the limit.
    read_end, write_end = os.pipe()

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), os.fdopen(write_end, "wb") as stream:
            stream.write(b"x" * (3 << 20))

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    path = f"/dev/fd/{read_end}"
    try:
        with pytest.raises(DataFileError) as raised:
            finishes_within(20, lambda: read_text(path, DataFileError, "row", limit=2 << 20))
    finally:
        os.close(read_end)  # the writer's last megabyte now fails, and it stops
        feeder.join(20)
    assert str(raised.value) == (
        f"{path}: the file is larger than 2 MiB (2,097,152 bytes), the limit for this kind of file"
    )


def test_running_out_of_memory_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tickets.csv"
    path.write_bytes(b"id\n")

    def no_memory(descriptor: int) -> os.stat_result:
        raise MemoryError

    caught: list[DataFileError] = []
    with monkeypatch.context() as patch:
        # Only around the call: pytest itself looks at files with os.fstat.
        patch.setattr(slakit._text_files.os, "fstat", no_memory)
        try:
            read_text(path, DataFileError, "row", limit=LIMIT)
        except DataFileError as error:
            caught.append(error)
    assert [str(error) for error in caught] == [
        f"{path}: the file is too large to read with the memory available"
    ]
