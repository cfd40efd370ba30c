"""Writing output to a file: whole or not at all, and only where the user meant.

:func:`write_output` writes to a temporary file beside the target, flushes it
to disk and renames it over the target, so a reader sees the old file or the
new one, never half of one:

- a symlink is followed: the file it points to is replaced, the link stays a link;
- only regular files are written: a directory, FIFO, device or socket is refused;
- a target that is one of the ``inputs`` (the same file, through any symlink or
  hard link) is refused;
- a new file gets the mode ``open()`` would give it (``0o666`` less the umask);
  a replaced file keeps its permission bits (it is a new file, so its other
  hard links, owner and group are not carried over);
- the data is fsynced before the rename, and the folder after it;
- SIGTERM and SIGHUP during the write remove the temporary file, then take
  their usual course (by default the process ends with the signal's status);
- every error names the path the user gave, never the temporary file.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> write_output(["kind,amount\\n", "total,5000.00\\n"], folder / "credits.csv")
>>> (folder / "credits.csv").read_text()
'kind,amount\\ntotal,5000.00\\n'
>>> sorted(path.name for path in folder.iterdir())  # no temporary file left beside it
['credits.csv']
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from slakit.errors import OutputFileError

__all__ = ["check_folder_target", "check_target", "write_folder", "write_output"]

PathText = str | os.PathLike[str]

#: Signals that end a process by default and may arrive during a write (a service
#: manager stopping a job, a closed terminal). SIGINT already raises KeyboardInterrupt.
_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

#: Blocked while the temporary file is created or removed, so that no signal lands
#: between creating the file and remembering its name.
_BLOCKED = (*_STOPPING, signal.SIGINT)

_SEPARATORS = tuple(separator for separator in (os.sep, os.altsep) if separator)

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class _Stopped(BaseException):
    """Raised by the signal handler: unwinds the write so the temporary file is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def check_target(path: PathText, inputs: Iterable[PathText] = ()) -> os.stat_result | None:
    """Check that ``path`` may be replaced by output; the status of the file it names, if any.

    Symlinks are followed. Inputs that do not exist are skipped.

    >>> check_target("/dev/null")
    Traceback (most recent call last):
    ...
    slakit.errors.OutputFileError: cannot write /dev/null: it is a character device, not a \
regular file; output files are replaced whole, so only regular files are written \
(to send output to a device or a pipe, leave out the output file and redirect standard output)

    Args:
        path: the output file as the user named it.
        inputs: the files the output is computed from.

    Returns:
        ``os.stat`` of the existing file, or ``None`` when ``path`` does not exist yet.

    Raises:
        OutputFileError: ``path`` is empty, ends in a folder separator, is a directory, a
            FIFO, a device or a socket, one of ``inputs``, or cannot be examined (a symlink
            loop, no permission).
    """
    shown = os.fspath(path)
    if not shown:
        raise OutputFileError("the output file name is empty; give a file name")
    if shown.endswith(_SEPARATORS) and not os.path.isdir(shown):
        # open() refuses "new/" too; writing a file named "new" is not what was meant.
        raise OutputFileError(
            f"cannot write {shown}: a file name cannot end with {shown[-1]}; "
            "name a file (in an existing folder)"
        )
    try:
        existing = os.stat(shown)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.realpath(shown))
        if not os.path.isdir(folder):
            raise OutputFileError(
                f"cannot write {shown}: the folder {folder} does not exist"
            ) from None
        return None
    except OSError as error:
        raise OutputFileError(f"cannot write {shown}: {_reason(error)}") from error
    for test, kind in _KINDS:
        if test(existing.st_mode):
            if kind == "a directory":
                raise OutputFileError(f"cannot write {shown}: it is a directory, not a file")
            raise OutputFileError(
                f"cannot write {shown}: it is {kind}, not a regular file; output files are "
                "replaced whole, so only regular files are written (to send output to a "
                "device or a pipe, leave out the output file and redirect standard output)"
            )
    for source in inputs:
        try:
            read = os.stat(source)
        except OSError:
            continue  # an input that is not there cannot be overwritten
        if (read.st_dev, read.st_ino) == (existing.st_dev, existing.st_ino):
            raise OutputFileError(
                f"cannot write {shown}: it is the input file {os.fspath(source)}; "
                "write the output to another file"
            )
    return existing


def write_output(
    text: str | Iterable[str], path: PathText, *, inputs: Iterable[PathText] = ()
) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8), whole or not at all.

    >>> import tempfile
    >>> from pathlib import Path
    >>> target = Path(tempfile.mkdtemp()) / "report.txt"
    >>> write_output("one line\\n", target)
    >>> target.read_text()
    'one line\\n'

    Args:
        text: the output, as one string or an iterable of chunks (written as they come;
            if the iterable raises, the target is left as it was).
        path: the output file as the user named it; a symlink is followed.
        inputs: the files the output is computed from; none of them is overwritten.

    Raises:
        OutputFileError: see :func:`check_target`; or the system refused the write
            (no such folder, no permission, disk full); the message names ``path``.
    """
    shown = os.fspath(path)
    inputs = list(inputs)  # checked twice: an iterator would be empty the second time
    existing = check_target(shown, inputs)
    target = Path(os.path.realpath(shown))
    chunks = (text,) if isinstance(text, str) else text
    with _removing_on_signals(shown):
        temporary: Path | None = None
        try:
            with _blocked():
                descriptor, temporary = _create_beside(target)
                stream = os.fdopen(descriptor, "wb")
            with stream:
                for chunk in chunks:
                    stream.write(chunk.encode("utf-8"))
                stream.flush()
                if existing is not None:
                    os.chmod(descriptor, stat.S_IMODE(existing.st_mode))
                os.fsync(descriptor)
            # Checked again just before the rename: the target may have changed meanwhile.
            check_target(shown, inputs)
            os.replace(temporary, target)
            temporary = None
            _sync_folder(target.parent)
        except OSError as error:
            if isinstance(error, OutputFileError):
                raise
            raise OutputFileError(f"cannot write {shown}: {_reason(error)}") from error
        finally:
            if temporary is not None:
                with _blocked():
                    temporary.unlink(missing_ok=True)


def check_folder_target(path: PathText) -> None:
    """Check that ``path`` may become a folder of output: it is new, or an empty folder.

    The files are written into a temporary folder beside ``path`` and renamed
    into place, so the folder that holds ``path`` must be writable too; an
    existing empty folder is replaced by the new one (its owner, mode and
    other attributes are those of a new folder). Everything is checked here,
    before any work, and again just before the rename.

    >>> check_folder_target("/")
    Traceback (most recent call last):
    ...
    slakit.errors.OutputFileError: cannot write into /: the folder is not empty; give a new \
or empty folder, so no file of an earlier run is mixed with this one's

    Raises:
        OutputFileError: ``path`` is empty, a symbolic link (dangling or not), a file, a
            folder with anything in it, a folder that cannot be written, or its parent
            folder does not exist or cannot be written. The message names ``path``
            as given.
    """
    shown = os.fspath(path)
    if not shown:
        raise OutputFileError("the output folder name is empty; give a folder name")
    bare = shown.rstrip("".join(_SEPARATORS)) or shown  # "out/" names the folder "out"
    if os.path.islink(bare):
        if not os.path.exists(bare):
            raise OutputFileError(
                f"cannot write into {shown}: it is a symbolic link to "
                f"{os.readlink(bare)}, which does not exist; give a new folder or an "
                "empty one, not a link"
            )
        raise OutputFileError(
            f"cannot write into {shown}: it is a symbolic link; the output folder is "
            "renamed into place, which would replace the link, so give the folder itself "
            f"({os.path.realpath(bare)}) or a new one"
        )
    parent = os.path.dirname(os.path.abspath(bare))
    if os.path.isdir(bare):
        try:
            empty = not os.listdir(bare)
        except OSError as error:
            raise OutputFileError(f"cannot write into {shown}: {_reason(error)}") from error
        if not empty:
            raise OutputFileError(
                f"cannot write into {shown}: the folder is not empty; give a new or empty "
                "folder, so no file of an earlier run is mixed with this one's"
            )
        if not os.access(bare, os.W_OK | os.X_OK):
            raise OutputFileError(
                f"cannot write into {shown}: the folder is not writable (permission denied)"
            )
    elif os.path.lexists(bare):
        raise OutputFileError(f"cannot write into {shown}: it exists and is not a folder")
    elif not os.path.isdir(parent):
        raise OutputFileError(f"cannot write into {shown}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputFileError(
            f"cannot write into {shown}: the folder {parent} that holds it is not writable "
            "(permission denied); the output is written beside it and renamed into place"
        )


def write_folder(files: Mapping[str, str], path: PathText) -> None:
    """Write ``files`` (name → text, UTF-8) as the folder ``path``: all of them or none.

    The files are written into a temporary folder beside ``path``, flushed to
    disk, and the folder is renamed into place, so a reader never sees part of
    a run. ``path`` must not exist, or be an empty folder: the rename replaces
    it in one step (POSIX), so after a failure it is still there, empty.

    >>> import tempfile
    >>> from pathlib import Path
    >>> target = Path(tempfile.mkdtemp()) / "october"
    >>> write_folder({"summary.csv": "customer,total\\n", "a.json": "{}\\n"}, target)
    >>> sorted(item.name for item in target.iterdir())
    ['a.json', 'summary.csv']

    Raises:
        OutputFileError: see :func:`check_folder_target`; a file name that is not a plain
            name (a separator, ``..``, empty); two names that differ only in case (one
            file on macOS and Windows); or the system refused the write.
    """
    shown = os.fspath(path)
    folded: dict[str, str] = {}
    for name in files:
        if not name or name in (".", "..") or any(sep in name for sep in _SEPARATORS):
            raise OutputFileError(f"cannot write {name!r} into {shown}: not a plain file name")
        other = folded.setdefault(name.casefold(), name)
        if other != name:
            raise OutputFileError(
                f"cannot write into {shown}: the file names {other!r} and {name!r} differ "
                "only in case, so they would be one file on macOS and Windows"
            )
    check_folder_target(shown)
    target = Path(os.path.abspath(shown.rstrip("".join(_SEPARATORS)) or shown))
    with _removing_on_signals(shown, "the folder was left as it was"):
        temporary: Path | None = None
        try:
            with _blocked():
                temporary = target.with_name(f".{target.name[:200]}.{secrets.token_hex(8)}.tmp")
                os.mkdir(temporary)
            for name, text in files.items():
                descriptor = os.open(temporary / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(text.encode("utf-8"))
                    stream.flush()
                    os.fsync(stream.fileno())
            _sync_folder(temporary)
            with _blocked():  # no signal between the last check and forgetting the temporary
                check_folder_target(shown)  # again: it may have changed meanwhile
                if os.name == "nt" and target.is_dir():
                    target.rmdir()  # Windows cannot rename onto a folder; empty, as checked
                os.rename(temporary, target)  # POSIX: replaces the empty folder atomically
                temporary = None
            _sync_folder(target.parent)
        except OSError as error:
            if isinstance(error, OutputFileError):
                raise
            raise OutputFileError(f"cannot write into {shown}: {_reason(error)}") from error
        finally:
            if temporary is not None:
                with _blocked():
                    shutil.rmtree(temporary, ignore_errors=True)


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new, empty temporary file in the target's folder (same file system: rename is atomic)."""
    while True:
        temporary = target.with_name(f".{target.name[:200]}.{secrets.token_hex(8)}.tmp")
        try:
            # Mode 0o666 lets the umask (and default ACLs) decide, as a plain open() does.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: fsync the folder that holds the new name."""
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows: folders cannot be opened; NTFS journals the rename
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        # Some file systems cannot fsync a folder; the data itself is already on disk.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextmanager
def _blocked() -> Iterator[None]:
    """Hold back the stopping signals (and SIGINT) for a few system calls."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _removing_on_signals(shown: str, left: str = "the file was left as it was") -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception for the duration of a write.

    The exception unwinds the write (which removes the temporary file); then the
    caller's own handlers are restored and the signal is raised again, so it takes
    its usual course: by default the process ends with the signal's exit status.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the write still cleans up on errors
        return
    caught: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        if not caught:  # a second signal while unwinding must not interrupt the cleanup
            caught.append(signum)
            raise _Stopped(signum)

    previous: dict[int, Callable[[int, FrameType | None], Any] | int] = {}
    for signum in _STOPPING:
        handler = signal.getsignal(signum)
        # An ignored signal (nohup) stays ignored; a handler set outside Python stays put.
        if handler is not None and handler != signal.SIG_IGN:
            previous[signum] = handler
            signal.signal(signum, stop)
    try:
        yield
    except _Stopped as stopped:
        _restore(previous)
        signal.raise_signal(stopped.signum)
        # Only reached when the caller's own handler for the signal returned normally.
        raise OutputFileError(
            f"writing {shown} was stopped by {signal.Signals(stopped.signum).name}; {left}"
        ) from None
    finally:
        _restore(previous)


def _restore(previous: dict[int, Callable[[int, FrameType | None], Any] | int]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
