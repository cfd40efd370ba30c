"""Output files: written whole or not at all, and only where the user meant.

Each promise of ``slakit.output_file`` on real files in a temporary folder:
symlinks, FIFOs, devices, folders, inputs, modes, fsync order, signals and
error messages.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

import slakit.output_file
from slakit.errors import OutputFileError, SlakitError, UsageError
from slakit.output_file import check_folder_target, check_target, write_folder, write_output


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in ``folder`` (their names start with a dot and end in .tmp)."""
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# -- what is written ---------------------------------------------------------------------------


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "credits.csv"
    write_output("kind,amount\ntotal,5000.00\n", target)
    assert target.read_bytes() == b"kind,amount\ntotal,5000.00\n"
    assert leftovers(tmp_path) == []


def test_chunks_are_written_in_order_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_output(iter(["Koningsdag €\r\n", "", "Saint Patrick's Day\n"]), str(target))
    assert target.read_bytes() == "Koningsdag €\r\nSaint Patrick's Day\n".encode()


def test_an_existing_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("an old and much longer content\n")
    write_output("new\n", target)
    assert target.read_text() == "new\n"
    assert leftovers(tmp_path) == []


def test_a_failing_producer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")

    def chunks() -> Iterator[str]:
        yield "half of the new "
        raise UsageError("bad row 7")

    with pytest.raises(UsageError, match="bad row 7"):
        write_output(chunks(), target)
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


# -- symlinks ----------------------------------------------------------------------------------


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "credits.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(Path("reports") / "credits.csv")  # relative, as `ln -s` makes them
    write_output("new\n", link)
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("reports", "credits.csv")
    assert real.read_text() == "new\n"
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_a_dangling_symlink_creates_the_file_it_points_to(tmp_path: Path) -> None:
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "new.csv")
    write_output("new\n", link)
    assert link.is_symlink()
    assert (tmp_path / "new.csv").read_text() == "new\n"


def test_a_symlink_loop_is_refused_naming_the_users_path(tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", loop)
    assert str(caught.value) == f"cannot write {loop}: Too many levels of symbolic links"
    assert loop.is_symlink()


# -- targets that are not regular files --------------------------------------------------------


def test_a_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", folder)
    assert str(caught.value) == f"cannot write {folder}: it is a directory, not a file"
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert leftovers(tmp_path) == []


def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", fifo)  # must not block waiting for a reader either
    assert str(caught.value) == (
        f"cannot write {fifo}: it is a FIFO (named pipe), not a regular file; output files "
        "are replaced whole, so only regular files are written (to send output to a device "
        "or a pipe, leave out the output file and redirect standard output)"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_device_is_refused_and_stays_a_device() -> None:
    with pytest.raises(OutputFileError, match=r"^cannot write /dev/null: it is a character device"):
        write_output("x\n", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "pipe")
    with pytest.raises(OutputFileError, match=f"^cannot write {link}: it is a FIFO"):
        write_output("x\n", link)
    assert link.is_symlink()


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", "")
    assert str(caught.value) == "the output file name is empty; give a file name"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.csv"
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", target)
    assert str(caught.value) == (
        f"cannot write {target}: the folder {tmp_path / 'nowhere'} does not exist"
    )


# -- inputs ------------------------------------------------------------------------------------


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("id\nT-1\n")
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", tickets, inputs=[tmp_path / "contract.toml", tickets])
    assert str(caught.value) == (
        f"cannot write {tickets}: it is the input file {tickets}; write the output to another file"
    )
    assert tickets.read_text() == "id\nT-1\n"


@pytest.mark.parametrize("spelling", ["symlink", "hard link", "dot-dot", "relative"])
def test_an_input_is_recognised_however_it_is_spelled(
    tmp_path: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tickets = tmp_path / "data" / "tickets.csv"
    tickets.parent.mkdir()
    tickets.write_text("id\nT-1\n")
    if spelling == "symlink":
        target = tmp_path / "out.csv"
        target.symlink_to(tickets)
    elif spelling == "hard link":
        target = tmp_path / "out.csv"
        os.link(tickets, target)
    elif spelling == "dot-dot":
        target = tmp_path / "data" / ".." / "data" / "tickets.csv"
    else:
        monkeypatch.chdir(tmp_path / "data")
        target = Path("tickets.csv")
    with pytest.raises(OutputFileError, match="it is the input file"):
        write_output("x\n", target, inputs=[tickets])
    assert tickets.read_text() == "id\nT-1\n"


def test_inputs_given_as_an_iterator_are_checked_both_times(tmp_path: Path) -> None:
    # The second check, just before the rename, used to see an exhausted iterator.
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("id\nT-1\n")
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def chunks() -> Iterator[str]:
        target.unlink()
        os.link(tickets, target)  # meanwhile, the target becomes the input
        yield "x\n"

    with pytest.raises(OutputFileError) as caught:
        write_output(chunks(), target, inputs=iter([tickets]))
    assert str(caught.value) == (
        f"cannot write {target}: it is the input file {tickets}; write the output to another file"
    )
    assert tickets.read_text() == "id\nT-1\n"


def test_a_name_ending_in_a_separator_is_not_a_file_name(tmp_path: Path) -> None:
    # open("new/", "w") refuses it; the rename used to write a file called "new".
    target = f"{tmp_path}{os.sep}new{os.sep}"
    with pytest.raises(OutputFileError) as caught:
        write_output("x\n", target)
    assert str(caught.value) == (
        f"cannot write {target}: a file name cannot end with {os.sep}; "
        "name a file (in an existing folder)"
    )
    assert list(tmp_path.iterdir()) == []


def test_check_target_of_a_new_file(tmp_path: Path) -> None:
    assert check_target(tmp_path / "new.csv", inputs=[tmp_path / "missing.csv"]) is None


# -- modes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_mode(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        write_output("x\n", tmp_path / "new.csv")
    finally:
        os.umask(previous)
    # 0o666 less the umask, as open() gives; mkstemp would have made it 0o600 every time.
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == mode


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(mode)
    write_output("new\n", target)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text() == "new\n"


# -- durability and errors ---------------------------------------------------------------------


def test_the_data_is_fsynced_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            calls.append("fsync folder")
        else:
            calls.append(f"fsync a file of {status.st_size} bytes")
        real_fsync(descriptor)

    def replace(source: str, target: str) -> None:
        calls.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(slakit.output_file.os, "fsync", fsync)
    monkeypatch.setattr(slakit.output_file.os, "replace", replace)
    write_output(["a\n", "b\n"], tmp_path / "out.csv")
    assert calls == ["fsync a file of 4 bytes", "rename", "fsync folder"]


def test_a_failed_rename_names_the_users_path_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def replace(source: str, destination: str) -> None:
        raise PermissionError(13, "Permission denied", source, None, destination)

    monkeypatch.setattr(slakit.output_file.os, "replace", replace)
    with pytest.raises(OutputFileError) as caught:
        write_output("new\n", target)
    assert str(caught.value) == f"cannot write {target}: Permission denied"
    assert ".tmp" not in str(caught.value)
    assert isinstance(caught.value, SlakitError) and isinstance(caught.value, OSError)
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


def test_a_failed_fsync_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def fsync(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(slakit.output_file.os, "fsync", fsync)
    with pytest.raises(OutputFileError) as caught:
        write_output("new\n", target)
    assert str(caught.value) == f"cannot write {target}: Input/output error"
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


# -- signals -----------------------------------------------------------------------------------

SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from slakit.output_file import write_output

    def chunks():
        yield "first half\\n"
        print("writing", flush=True)  # the temporary file exists and holds the first chunk
        time.sleep(60)
        yield "second half\\n"

    write_output(chunks(), sys.argv[1])
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_a_signal_in_the_middle_of_a_write_leaves_no_temporary(
    tmp_path: Path, signum: signal.Signals, existing: bool
) -> None:
    target = tmp_path / "out.csv"
    if existing:
        target.write_text("old\n")
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as child:  # fmt: skip
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "writing\n"
            assert len(leftovers(tmp_path)) == 1  # the write is under way
            child.send_signal(signum)
            child.wait(timeout=20)
        finally:
            child.kill()
    assert child.returncode == -signum  # ended by the signal, as without slakit's handler
    assert leftovers(tmp_path) == []
    if existing:
        assert target.read_text() == "old\n"
    else:
        assert not target.exists()


def test_a_callers_own_handler_runs_after_the_cleanup(tmp_path: Path) -> None:
    received: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        assert leftovers(tmp_path) == []  # the temporary file is gone before it runs

    def chunks() -> Iterator[str]:
        yield "first half\n"
        signal.raise_signal(signal.SIGTERM)
        yield "second half\n"

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        with pytest.raises(OutputFileError) as caught:
            write_output(chunks(), tmp_path / "out.csv")
        assert signal.getsignal(signal.SIGTERM) is handler  # restored
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert received == [signal.SIGTERM]
    assert str(caught.value) == (
        f"writing {tmp_path / 'out.csv'} was stopped by SIGTERM; the file was left as it was"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_ignored_signal_stays_ignored(tmp_path: Path) -> None:
    def chunks() -> Iterator[str]:
        yield "first half\n"
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN  # as under nohup
        signal.raise_signal(signal.SIGHUP)
        yield "second half\n"

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        write_output(chunks(), tmp_path / "out.csv")
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert (tmp_path / "out.csv").read_text() == "first half\nsecond half\n"


def test_handlers_are_restored_after_a_write(tmp_path: Path) -> None:
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    seen: dict[int, object] = {}

    def chunks() -> Iterator[str]:
        seen.update({signum: signal.getsignal(signum) for signum in before})
        yield "x\n"

    write_output(chunks(), tmp_path / "out.csv")
    assert all(seen[signum] != before[signum] for signum in before)  # installed while writing
    assert {signum: signal.getsignal(signum) for signum in before} == before


def test_ctrl_c_in_the_middle_of_a_write_leaves_no_temporary(tmp_path: Path) -> None:
    def chunks() -> Iterator[str]:
        yield "first half\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_output(chunks(), tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []


# -- folders of output -------------------------------------------------------------------------

FILES = {"summary.csv": "customer,total\n", "acme.json": "{}\n"}


def test_a_new_folder_is_written_whole(tmp_path: Path) -> None:
    write_folder(FILES, tmp_path / "october")
    assert {p.name: p.read_text() for p in (tmp_path / "october").iterdir()} == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["october"]


def test_an_empty_folder_is_replaced_by_one_rename_without_rmdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "october"
    target.mkdir()
    blocked_at_rename: list[bool] = []
    rename = os.rename

    def no_rmdir(*args: object, **kwargs: object) -> None:
        raise AssertionError("rmdir opens a window where the user's folder is gone")

    def watched_rename(source: Path, destination: Path) -> None:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        blocked_at_rename.append({signal.SIGTERM, signal.SIGHUP, signal.SIGINT} <= blocked)
        rename(source, destination)

    monkeypatch.setattr(os, "rmdir", no_rmdir)
    monkeypatch.setattr(Path, "rmdir", no_rmdir)
    monkeypatch.setattr(os, "rename", watched_rename)
    write_folder(FILES, target)
    assert blocked_at_rename == [True]  # the last check, rename and forget: no signal between
    assert {p.name for p in target.iterdir()} == set(FILES)
    assert leftovers(tmp_path) == []


def test_a_folder_given_with_a_trailing_separator(tmp_path: Path) -> None:
    (tmp_path / "october").mkdir()
    write_folder(FILES, f"{tmp_path / 'october'}{os.sep}")
    assert {p.name for p in (tmp_path / "october").iterdir()} == set(FILES)


def test_a_symlink_to_an_empty_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    for given in (tmp_path / "link", f"{tmp_path / 'link'}{os.sep}"):
        with pytest.raises(OutputFileError) as caught:
            check_folder_target(given)
        assert str(caught.value) == (
            f"cannot write into {given}: it is a symbolic link; the output folder is renamed "
            "into place, which would replace the link, so give the folder itself "
            f"({tmp_path / 'real'}) or a new one"
        )
    with pytest.raises(OutputFileError, match="it is a symbolic link"):
        write_folder(FILES, tmp_path / "link")
    assert (tmp_path / "link").is_symlink() and list((tmp_path / "real").iterdir()) == []
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_has_its_own_message(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    with pytest.raises(OutputFileError) as caught:
        check_folder_target(tmp_path / "link")
    assert str(caught.value) == (
        f"cannot write into {tmp_path / 'link'}: it is a symbolic link to {tmp_path / 'gone'}, "
        "which does not exist; give a new folder or an empty one, not a link"
    )


def test_a_file_or_a_full_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.csv").write_text("x")
    with pytest.raises(OutputFileError) as caught:
        check_folder_target(tmp_path / "file")
    assert (
        str(caught.value) == f"cannot write into {tmp_path / 'file'}: it exists and is not a folder"
    )
    with pytest.raises(OutputFileError) as caught:
        check_folder_target(tmp_path / "full")
    assert str(caught.value) == (
        f"cannot write into {tmp_path / 'full'}: the folder is not empty; give a new or empty "
        "folder, so no file of an earlier run is mixed with this one's"
    )
    check_folder_target(tmp_path / "new")  # accepted


def test_a_missing_parent_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputFileError) as caught:
        write_folder(FILES, tmp_path / "nowhere" / "october")
    assert str(caught.value) == (
        f"cannot write into {tmp_path / 'nowhere' / 'october'}: the folder "
        f"{tmp_path / 'nowhere'} does not exist"
    )


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "empty folder"])
def test_a_parent_that_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    # The tests may run as root, who may write anywhere: ask os.access what the user may.
    target = tmp_path / "october"
    if existing:
        target.mkdir()
    access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: os.fspath(path) != str(tmp_path) and access(path, mode)
    )
    with pytest.raises(OutputFileError) as caught:
        write_folder(FILES, target)
    assert str(caught.value) == (
        f"cannot write into {target}: the folder {tmp_path} that holds it is not writable "
        "(permission denied); the output is written beside it and renamed into place"
    )
    assert leftovers(tmp_path) == []


def test_an_empty_folder_that_cannot_be_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "october"
    target.mkdir()
    access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: os.fspath(path) != str(target) and access(path, mode)
    )
    with pytest.raises(OutputFileError) as caught:
        check_folder_target(target)
    assert str(caught.value) == (
        f"cannot write into {target}: the folder is not writable (permission denied)"
    )


def test_names_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputFileError) as caught:
        write_folder({"acme.json": "{}\n", "ACME.json": "{}\n"}, tmp_path / "october")
    assert str(caught.value) == (
        f"cannot write into {tmp_path / 'october'}: the file names 'acme.json' and "
        "'ACME.json' differ only in case, so they would be one file on macOS and Windows"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["", ".", "..", "a/b"])
def test_a_name_that_is_not_a_plain_file_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputFileError) as caught:
        write_folder({name: "x"}, tmp_path / "october")
    assert str(caught.value) == (
        f"cannot write {name!r} into {tmp_path / 'october'}: not a plain file name"
    )


def test_a_folder_filled_meanwhile_is_refused_and_the_temporary_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "october"
    target.mkdir()
    sync = slakit.output_file._sync_folder

    def fill_then_sync(folder: Path) -> None:
        (target / "other.csv").write_text("someone else's\n")
        sync(folder)

    monkeypatch.setattr(slakit.output_file, "_sync_folder", fill_then_sync)
    with pytest.raises(OutputFileError, match="the folder is not empty"):
        write_folder(FILES, target)
    assert [p.name for p in target.iterdir()] == ["other.csv"]
    assert leftovers(tmp_path) == []
