"""The ledger import/export use cases as the import wizard calls them (on the DB thread, never Qt).

One object per profile: it knows the store, the signed-in user and the profile folder (where the
column mapping is kept, :mod:`desktop.services.ledger_mapping`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from desktop.services.ledger_export import export_ledger, write_result_workbook
from desktop.services.ledger_import import ImportReport, import_ledger
from desktop.services.ledger_mapping import load_mapping, save_mapping
from desktop.services.ledger_parse import LedgerTable, normalize_header, read_ledger
from desktop.store.db import Store

#: Rows shown in the wizard's preview.
PREVIEW_ROWS = 20


class LedgerService:
    """Read, preview, dry-run, import and export ledgers for one profile."""

    def __init__(self, store: Store, user: str, profile_dir: Path | None = None,
                 today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.user = user
        self.profile_dir = profile_dir if profile_dir is not None else Path(store.path).parent
        self.today = today

    def saved_mapping(self) -> dict[str, str]:
        """The profile's saved column mapping (normalised header → field, "" = not imported)."""
        return load_mapping(self.profile_dir)

    def save_mapping(self, mapping: Mapping[str, str]) -> dict[str, str]:
        """Keep ``mapping`` (header → field) for the next imports; return what is saved now."""
        return save_mapping(self.profile_dir, mapping)

    def read(self, path: Path, mapping: Mapping[str, str] | None = None) -> LedgerTable:
        """Read the ledger with the saved mapping plus ``mapping`` (finds the header, maps columns).

        A missing required column is not an error here: the wizard lets the user map it.

        Raises:
            LedgerFormatError: not a ledger (see its ``key``).
        """
        return read_ledger(path, self._merged(mapping), strict=False)

    def preview(self, path: Path, mapping: Mapping[str, str] | None = None) -> ImportReport:
        """Dry-run the first :data:`PREVIEW_ROWS` rows, keeping each row's values as they will be stored."""
        return import_ledger(self.store, path, user=self.user, dry_run=True, limit=PREVIEW_ROWS,
                             keep_values=True, mapping=self._merged(mapping), today=self.today())

    def run(self, path: Path, mapping: Mapping[str, str] | None = None, *, dry_run: bool,
            progress: Callable[[int, int], None] | None = None,
            should_cancel: Callable[[], bool] | None = None) -> ImportReport:
        """Import (or dry-run) the whole ledger: one transaction with its ``import`` audit event,
        rolled back on cancel."""
        return import_ledger(self.store, path, user=self.user, dry_run=dry_run, mapping=self._merged(mapping),
                             progress=progress, should_cancel=should_cancel, today=self.today())

    def write_result(self, source: Path, report: ImportReport, out: Path,
                     mapping: Mapping[str, str] | None = None) -> int:
        """Write the result workbook of ``report`` to ``out``; return the rows written."""
        return write_result_workbook(source, report, out, self._merged(mapping))

    def export(self, area: str, out: Path, *, as_csv: bool = False, bom: bool = False) -> int:
        """Export the register of ``area`` as a ledger; return the people written.

        The ``export`` audit event (this service's user) is committed before the file is in place.
        """
        return export_ledger(self.store, area, out, as_csv=as_csv, bom=bom, user=self.user)

    def _merged(self, mapping: Mapping[str, str] | None) -> dict[str, str]:
        merged = self.saved_mapping()
        merged.update({normalize_header(k): v for k, v in (mapping or {}).items()})
        return merged
