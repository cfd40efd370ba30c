"""Reading a text file the one way every slakit file reader does: UTF-8, clear errors.

Policy files and data files share this, so a missing file, a directory, an
unreadable file, a file over its size limit, a byte that is not UTF-8 or a NUL
byte gets the same clear message (naming the file, and the line where it can)
whatever is read.

>>> import tempfile, pathlib
>>> from slakit.errors import PolicyError
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> read_text(folder, PolicyError, limit=1000)
Traceback (most recent call last):
...
slakit.errors.PolicyError: ...: is a directory, not a file
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple

from slakit.errors import SlakitError

__all__ = ["FileRead", "read_text", "recording_reads", "size_text"]


class FileRead(NamedTuple):
    """A file as it was read: the path given, the SHA-256 and the size of the bytes read."""

    path: str
    sha256: str
    bytes: int


# The reads of the current context (a thread, a task) while recording_reads() is active.
_READS: ContextVar[list[FileRead] | None] = ContextVar("slakit_file_reads", default=None)


@contextmanager
def recording_reads() -> Iterator[list[FileRead]]:
    """Record every file :func:`read_text` reads in this context, with its SHA-256.

    The digest is of exactly the bytes read, so a pipe (``/dev/fd/63``), which can
    be read only once, is recorded too.

    >>> import tempfile, pathlib
    >>> from slakit.errors import DataFileError
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> path.write_bytes(b"id\\n") and None
    >>> with recording_reads() as reads:
    ...     _ = read_text(path, DataFileError, limit=100)
    >>> reads[0].sha256[:12], reads[0].bytes
    ('984a644ec3b5', 3)
    """
    reads: list[FileRead] = []
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


BYTE_ORDER_MARK = "\ufeff"

_CHUNK = 1 << 20  # bytes read at a time, so a file without end stops at its limit


def size_text(limit: int) -> str:
    """A byte count as people say it: ``"16 MiB (16,777,216 bytes)"``.

    >>> size_text(1 << 30), size_text(1000)
    ('1 GiB (1,073,741,824 bytes)', '1,000 bytes')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= size and limit % size == 0:
            return f"{limit // size:,} {unit} ({limit:,} bytes)"
    return f"{limit:,} bytes"


def read_text(
    path: str | Path, error: type[SlakitError], line_word: str = "line", *, limit: int
) -> str:
    """The text of a UTF-8 file of at most ``limit`` bytes, without a leading byte-order mark.

    Reads anything that can be opened for reading (a pipe such as
    ``/dev/fd/3`` too). A regular file larger than ``limit`` is refused
    before it is read; anything else is read in chunks and refused as soon
    as it goes past ``limit`` (so ``/dev/zero`` or an endless pipe stops).
    This is the one place the byte-order mark is removed.

    >>> import tempfile, pathlib
    >>> from slakit.errors import PolicyError
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bom.toml"
    >>> path.write_bytes(b'\\xef\\xbb\\xbfname = "acme"\\n') and None
    >>> read_text(path, PolicyError, limit=1000)
    'name = "acme"\\n'
    >>> read_text(path, PolicyError, limit=10)
    Traceback (most recent call last):
    ...
    slakit.errors.PolicyError: .../bom.toml: the file is larger than 10 bytes, the limit for \
this kind of file

    Args:
        path: the file.
        error: the class of the error to raise (``PolicyError``, ``DataFileError``).
        line_word: how messages call a line (``"row"`` in CSV files, where rows are lines).
        limit: the most bytes to read; a larger file is refused.

    Returns:
        The decoded text.

    Raises:
        SlakitError: (of class ``error``) no such file, a directory, unreadable, larger
            than ``limit``, not UTF-8, or a NUL byte; names the file, and the line where
            the byte is.
    """
    path = Path(path)
    too_large = error(
        f"{path}: the file is larger than {size_text(limit)}, the limit for this kind of file"
    )
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISREG(status.st_mode) and status.st_size > limit:
                raise too_large
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                chunk = stream.read(min(_CHUNK, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:
                raise too_large
            data = b"".join(chunks)
    except MemoryError:
        raise error(f"{path}: the file is too large to read with the memory available") from None
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise error(f"{path}: cannot be read: permission denied") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read: {problem.strerror or problem}") from None
    recording = _READS.get()
    if recording is not None:
        recording.append(FileRead(str(path), hashlib.sha256(data).hexdigest(), len(data)))
    try:
        text = data.decode("utf-8")
    except MemoryError:
        raise error(f"{path}: the file is too large to read with the memory available") from None
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
