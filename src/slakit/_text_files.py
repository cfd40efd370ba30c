"""Reading a text file the one way every slakit file reader does: UTF-8, clear errors.

Policy files and data files share this, so a missing file, a directory, an
unreadable file, a byte that is not UTF-8 or a NUL byte gets the same clear
message (naming the file, and the line where it can) whatever is read.

>>> import tempfile, pathlib
>>> from slakit.errors import PolicyError
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> read_text(folder, PolicyError)
Traceback (most recent call last):
...
slakit.errors.PolicyError: ...: is a directory, not a file
"""

from __future__ import annotations

from pathlib import Path

from slakit.errors import SlakitError

__all__ = ["read_text"]

BYTE_ORDER_MARK = "\ufeff"


def read_text(path: str | Path, error: type[SlakitError], line_word: str = "line") -> str:
    """The text of a UTF-8 file, without a leading byte-order mark.

    Reads anything that can be opened for reading (a pipe such as
    ``/dev/fd/3`` too), in one go.

    >>> import tempfile, pathlib
    >>> from slakit.errors import PolicyError
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bom.toml"
    >>> path.write_bytes(b'\\xef\\xbb\\xbfname = "acme"\\n') and None
    >>> read_text(path, PolicyError)
    'name = "acme"\\n'

    Args:
        path: the file.
        error: the class of the error to raise (``PolicyError``, ``DataFileError``).
        line_word: how messages call a line (``"row"`` in CSV files, where rows are lines).

    Returns:
        The decoded text.

    Raises:
        SlakitError: (of class ``error``) no such file, a directory, unreadable, not UTF-8,
            or a NUL byte; names the file, and the line where the byte is.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise error(f"{path}: cannot be read: permission denied") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read: {problem.strerror or problem}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise error(
            f"{path}, {line_word} {line}: byte 0x{data[problem.start]:02x} is not UTF-8 text; "
            "save the file as UTF-8"
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise error(
            f"{path}, {line_word} {line}: a NUL byte (0x00); this is not a text file, "
            "or it is saved as UTF-16: save it as UTF-8"
        )
    return text.removeprefix(BYTE_ORDER_MARK)
