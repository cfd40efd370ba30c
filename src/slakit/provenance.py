"""How a statement was computed: versions, the evaluation instant and the input files.

A :class:`Provenance` records what a finance reviewer needs to reproduce a
statement byte for byte: the slakit, ``holidays`` and ``tzdata`` versions,
where the timezone rules came from and the version of those rules, the
instant the tickets were evaluated at, the billing timezone, and the SHA-256
of each input file. Nothing here reads the wall clock: ``now`` is always given.

>>> from datetime import datetime, timezone
>>> record = Provenance.current(datetime(2026, 11, 1, tzinfo=timezone.utc), "Europe/Dublin")
>>> record.now.isoformat(), record.billing_timezone, record.inputs
('2026-11-01T00:00:00+00:00', 'Europe/Dublin', ())
>>> record.slakit == metadata.version("slakit")
True
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import re
import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, field_validator

from slakit._model import FixedInstant, SlakitModel
from slakit._time import check_instant, check_timezone
from slakit.errors import CalendarError, DataFileError, SlakitError, UsageError, WrongTypeError

__all__ = [
    "NOT_INSTALLED",
    "TZDATA_PACKAGE",
    "UNKNOWN_VERSION",
    "InputFile",
    "Provenance",
    "installed_versions",
    "tz_source",
    "tz_version",
]

NOT_INSTALLED = "not installed"
"""The version recorded for a package that is not installed (``tzdata`` on some systems)."""

TZDATA_PACKAGE = "tzdata package"
"""The ``tz_source`` when the timezone rules come from the ``tzdata`` package, not a folder."""

UNKNOWN_VERSION = "unknown"
"""The ``tz_version`` of a ``TZPATH`` folder without a readable ``tzdata.zi`` version line."""

_TZ_VERSION_LINE = re.compile(r"^# version (\S{1,32})\s*$")


_CHUNK = 1 << 20  # bytes read at a time: a large tickets file is never held whole


class InputFile(SlakitModel):
    """One input file of a calculation: its role, base name, SHA-256 and size in bytes.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "tickets.csv")
    ...     _ = path.write_bytes(b"id\\n")
    ...     InputFile.of("tickets", path)  # doctest: +NORMALIZE_WHITESPACE
    InputFile(role='tickets', name='tickets.csv',
              sha256='984a644ec3b56d32b0404777e1eb73390c4b0742a6a0e183f07861056b6746de', bytes=3)
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    role: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    bytes: Annotated[int, Field(ge=0)]

    @classmethod
    def of(cls, role: str, path: str | Path) -> InputFile:
        """The record of the file at ``path`` in the given ``role`` (``"tickets"``, ...).

        The file is read once, in chunks; ``name`` is its base name (the
        folder is where it happened to be, not what it holds). A pipe
        (``/dev/fd/N``) can be read only once: hash the bytes read from it
        with :meth:`of_bytes` instead.

        Raises:
            DataFileError: the file cannot be read (missing, a folder, no permission).
            UsageError: ``role`` is empty.
            WrongTypeError: ``path`` is not text or a path.
        """
        if not isinstance(path, str | Path):
            raise WrongTypeError(f"path must be text or a Path, not {type(path).__name__}")
        file = Path(path)
        digest, size = hashlib.sha256(), 0
        try:
            with file.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError as error:
            raise DataFileError(
                f"{file}: cannot read the {role} file to record its SHA-256 "
                f"({error.strerror or error})"
            ) from None
        return cls(role=role, name=file.name, sha256=digest.hexdigest(), bytes=size)

    @classmethod
    def of_bytes(cls, role: str, name: str, data: builtins.bytes) -> InputFile:
        """The record of a file whose bytes were already read (a pipe, an upload).

        >>> InputFile.of_bytes("tickets", "tickets.csv", b"id\\n").bytes
        3

        Raises:
            UsageError: ``role`` or ``name`` is empty.
            WrongTypeError: ``data`` is not bytes.
        """
        if not isinstance(data, bytes | bytearray | memoryview):
            raise WrongTypeError(f"data must be bytes, not {type(data).__name__}")
        return cls(role=role, name=name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))


class Provenance(SlakitModel):
    """How a statement was computed; :meth:`current` fills in this installation's versions.

    ``tz_source`` is the ``zoneinfo.TZPATH`` folder the billing timezone's
    rules were read from, or ``"tzdata package"`` when none has it;
    ``tz_version`` is the IANA version of the rules actually used (see
    :func:`tz_version`): the ``tzdata`` package version alone does not say it
    when a system folder has the zone. ``inputs`` are in the order given.

    >>> from datetime import datetime, timezone
    >>> Provenance(slakit="0.1.0", holidays="0.60", tzdata="2025.2", tz_source="tzdata package",
    ...            tz_version="2025b",
    ...            now=datetime(2026, 11, 1, tzinfo=timezone.utc),
    ...            billing_timezone="Mars/Olympus")
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: invalid Provenance: billing_timezone: unknown timezone ...
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    slakit: str
    holidays: str
    tzdata: str
    tz_source: str
    tz_version: str = UNKNOWN_VERSION
    now: FixedInstant
    billing_timezone: str
    inputs: tuple[InputFile, ...] = ()

    @field_validator("billing_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_timezone(value)

    @classmethod
    def current(
        cls, now: datetime, billing_timezone: str, inputs: Iterable[InputFile] = ()
    ) -> Provenance:
        """The provenance of a calculation at ``now``, with this installation's versions.

        Raises:
            NaiveDatetimeError: ``now`` has no timezone.
            UsageError: ``now`` is outside the years slakit computes, or
                ``billing_timezone`` is not an IANA timezone.
            WrongTypeError: ``now`` is not a datetime, or an input is not an InputFile.
        """
        if not isinstance(now, datetime):
            raise WrongTypeError(f"now must be an aware datetime, not {type(now).__name__}")
        check_instant(now, "now", UsageError)
        if not isinstance(billing_timezone, str):
            raise WrongTypeError(
                f"billing_timezone must be a timezone name, not {type(billing_timezone).__name__}"
            )
        files = tuple(inputs)
        for position, item in enumerate(files):
            if not isinstance(item, InputFile):
                raise WrongTypeError(
                    f"inputs[{position}] must be an InputFile, not {type(item).__name__}"
                )
        slakit, holidays, tzdata = installed_versions()
        source = tz_source(_zone_name(billing_timezone))
        return cls(
            slakit=slakit,
            holidays=holidays,
            tzdata=tzdata,
            tz_source=source,
            tz_version=tz_version(source),
            now=now,
            billing_timezone=billing_timezone,
            inputs=files,
        )


def tz_source(zone: str) -> str:
    """Where ``zoneinfo`` reads ``zone``'s rules from: a ``TZPATH`` folder or the tzdata package.

    ``zoneinfo`` looks in each ``TZPATH`` folder in turn and falls back on the
    ``tzdata`` package, so the first folder holding the zone is the source.

    >>> tz_source("Europe/Dublin") in (*zoneinfo.TZPATH, TZDATA_PACKAGE)
    True
    """
    for folder in zoneinfo.TZPATH:
        if Path(folder, zone).is_file():
            return folder
    return TZDATA_PACKAGE


def tz_version(source: str) -> str:
    """The IANA version of the timezone rules in ``source`` (a :func:`tz_source` answer).

    For a ``TZPATH`` folder, the version its ``tzdata.zi`` names on its
    first line (``# version 2025b``), or ``"unknown"`` when it has none; for
    the ``tzdata`` package, its ``IANA_VERSION`` (or, for a package without
    one, its installed version; ``"not installed"`` when it is missing).
    Read once per source per process.

    >>> import tzdata
    >>> tz_version(TZDATA_PACKAGE) == tzdata.IANA_VERSION
    True
    """
    return _tz_version(source)


@functools.cache
def _tz_version(source: str) -> str:
    if source != TZDATA_PACKAGE:
        try:
            with Path(source, "tzdata.zi").open(encoding="utf-8", errors="replace") as handle:
                first = handle.readline(256)
        except OSError:
            return UNKNOWN_VERSION
        found = _TZ_VERSION_LINE.match(first)
        return found.group(1) if found else UNKNOWN_VERSION
    try:
        import tzdata  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return NOT_INSTALLED
    version = getattr(tzdata, "IANA_VERSION", None)
    return version if isinstance(version, str) and version else _version("tzdata")


def _zone_name(value: str) -> str:
    try:
        return check_timezone(value)
    except CalendarError as error:
        raise UsageError(f"billing_timezone: {error}") from None


@functools.cache
def installed_versions() -> tuple[str, str, str]:
    """The installed slakit, ``holidays`` and ``tzdata`` versions, read once per process.

    Reading package metadata costs about 2 ms; a month-end run makes a
    statement per customer. ``installed_versions.cache_clear()`` reads them again.

    >>> installed_versions()[0] == metadata.version("slakit")
    True
    """
    return _version("slakit"), _version("holidays"), _version("tzdata")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return NOT_INSTALLED
