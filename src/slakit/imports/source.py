"""A source: one ticketing tool's importer, its default mapping, and the pages it follows.

A source module (:mod:`slakit.imports.zendesk`, ...) defines one
:class:`Source` named ``SOURCE``; :mod:`slakit.imports.registry` finds it by
name, and ``slakit import NAME`` runs it.

>>> from pathlib import Path
>>> from slakit.imports.export import Export
>>> from slakit.imports.mapping import SourceMapping
>>> demo = Source("demo", "Demo", SourceMapping("demo"), lambda paths, mapping: Export(()))
>>> demo.import_files([Path("nothing.json")])
Traceback (most recent call last):
...
slakit.errors.DataFileError: nothing.json: the export holds no ticket to import; are the \
Demo export's tickets among the files?
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from slakit.errors import DataFileError, UsageError
from slakit.imports.build import build_result
from slakit.imports.export import Export
from slakit.imports.mapping import SourceMapping, load_mapping
from slakit.imports.result import ImportResult

__all__ = ["Reader", "Source"]

Reader = Callable[[Sequence[Path], SourceMapping], Export]
"""An importer: the export's files and the mapping (for its timezone) to an :class:`Export`."""


@dataclass(frozen=True)
class Source:
    """One ticketing tool: its ``name`` (``zendesk``), ``title``, default mapping, reader, and
    the vendor documentation pages (``references``) its export shapes come from."""

    name: str
    title: str
    defaults: SourceMapping
    read: Reader
    references: tuple[str, ...] = ()

    def mapping(self, path: str | Path | None = None) -> SourceMapping:
        """The defaults, with the mapping file at ``path`` added if given."""
        return load_mapping(self.defaults, path)

    def import_files(
        self,
        paths: Sequence[str | Path],
        mapping: SourceMapping | str | Path | None = None,
    ) -> ImportResult:
        """Read the export's files and import them under ``mapping``.

        Args:
            paths: the export's files (at least one).
            mapping: a mapping, the path of a mapping file to add to the defaults, or
                ``None`` for the defaults.

        Raises:
            UsageError: no files given.
            DataFileError: a file, record or field is wrong (names them), the mapping
                file is, or the files hold no ticket at all.
        """
        files = [Path(path) for path in paths]
        if not files:
            raise UsageError(f"give the {self.title} export's files to import")
        tables = mapping if isinstance(mapping, SourceMapping) else self.mapping(mapping)
        export = self.read(files, tables)
        if not export.drafts:
            # An import of nothing is nearly always the wrong files (the tickets left out),
            # not an empty month: say so rather than write an empty folder.
            names = ", ".join(str(path) for path in files)
            why = (
                f"the export holds no ticket to import; are the {self.title} export's "
                "tickets among the files?"
            )
            if export.skipped:
                first = export.skipped[0]
                why = (
                    f"no ticket to import: {len(export.skipped)} record(s) skipped, the first "
                    f"{first.where}: {first.reason}"
                )
            raise DataFileError(f"{names}: {why}")
        return build_result(self.name, export, tables, [str(path) for path in files])
