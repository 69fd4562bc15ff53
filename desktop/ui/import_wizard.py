"""The ledger import wizard (导入台账): file → columns → preview → dry run → import → result.

Every step that reads the file or the store runs on the TaskRunner's DB worker through
:class:`desktop.services.ledger_service.LedgerService`; the pages only show what comes back.
Nothing is written before the last page: the dry run (the default) reports every row's verdict
first; the import is one transaction that Cancel rolls back whole. After a rollback the import page says
so (progress bar included), saves no result workbook and offers to run the import again.

Privacy: the preview and the verdict lists mask ID numbers and phones, in the columns and in the
reasons quoting them (:func:`desktop.services.ledger_cli.masked_problem`), as every list of the app
does; the result workbook the user saves keeps full values (docs/security.md: an export for the office).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.domain.codes import load_code_tables
from desktop.domain.masking import mask_any
from desktop.services.ledger_cli import masked_problem
from desktop.services.ledger_import import ImportReport
from desktop.services.ledger_parse import (
    COLUMN_SYNONYMS,
    FIELD_LABELS,
    NOT_IMPORTED_FIELDS,
    REQUIRED_FIELDS,
    LedgerFormatError,
    LedgerTable,
    cell_text,
    normalize_header,
)
from desktop.services.ledger_service import LedgerService
from desktop.services.messages_zh import SKIP_REASON_ZH, message_zh
from desktop.ui.errors import error_text
from desktop.ui.tasks import TaskRunner, TaskState

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")


def _status_text(status: str) -> str:
    texts = {
        "created": QCoreApplication.translate("ImportWizard", "Created"),
        "created_with_warnings": QCoreApplication.translate("ImportWizard", "Created, with notes"),
        "updated": QCoreApplication.translate("ImportWizard", "Updated"),
        "unchanged": QCoreApplication.translate("ImportWizard", "Unchanged"),
        "duplicate": QCoreApplication.translate("ImportWizard", "Duplicate (not stored)"),
        "rejected": QCoreApplication.translate("ImportWizard", "Rejected"),
        "not_imported": QCoreApplication.translate("ImportWizard", "Not imported (rolled back)"),
        "skipped": QCoreApplication.translate("ImportWizard", "Skipped (not a person)"),
    }
    return texts.get(status, status)


# The verdict filter of the run pages: (key, statuses shown; "warnings" = any row with a note).
VERDICT_FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("all", frozenset()),
    ("created", frozenset({"created", "created_with_warnings"})),
    ("updated", frozenset({"updated", "unchanged"})),
    ("warnings", frozenset()),
    ("duplicate", frozenset({"duplicate"})),
    ("rejected", frozenset({"rejected", "not_imported"})),
    ("skipped", frozenset({"skipped"})),
)
# Most rows put in the verdict table at once (the result workbook has every row).
MAX_LISTED = 5000


def _filter_text(key: str) -> str:
    texts = {
        "all": QCoreApplication.translate("ImportWizard", "All rows"),
        "created": QCoreApplication.translate("ImportWizard", "Created"),
        "updated": QCoreApplication.translate("ImportWizard", "Updated or unchanged"),
        "warnings": QCoreApplication.translate("ImportWizard", "With notes"),
        "duplicate": QCoreApplication.translate("ImportWizard", "Duplicates"),
        "rejected": QCoreApplication.translate("ImportWizard", "Rejected"),
        "skipped": QCoreApplication.translate("ImportWizard", "Skipped"),
    }
    return texts.get(key, key)


def verdict_lines(report: ImportReport, key: str) -> list[tuple[int, str, str, str]]:
    """(row, status, columns, reasons) of every data row and skipped line that ``key`` selects, in row order."""
    statuses = dict(VERDICT_FILTERS).get(key, frozenset())
    out: list[tuple[int, str, str, str]] = []
    for v in report.rows:
        if key == "warnings":
            if not any(p.severity.value == "warning" for p in v.problems):
                continue
        elif statuses and v.status not in statuses:
            continue
        out.append((v.row, v.status, "、".join(dict.fromkeys(p.column for p in v.problems if p.column)),
                    _reasons(p.message_zh or p.message for p in map(masked_problem, v.problems))))
    if key in ("all", "skipped"):
        out += [(n, "skipped", "", SKIP_REASON_ZH.get(r, r)) for n, r in report.skipped]
        out.sort(key=lambda line: line[0])
    return out


def _reasons(texts: Iterable[str]) -> str:
    """Join reasons with "；" (a reason's own final "。" left out before it, so no "。；")."""
    parts = [t for t in texts if t]
    return "；".join([t.removesuffix("。") for t in parts[:-1]] + parts[-1:])


def _failure_text(exc: BaseException) -> str:
    if isinstance(exc, LedgerFormatError):
        return message_zh(exc.key, exc.params, str(exc))
    return error_text(exc)


def _table(headers: list[str], object_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _item(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(item.text())
    return item


class _TaskPage(QWizardPage):
    """A page that runs one task and is complete when it has its result."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.done = False
        self.state: TaskState | None = None
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)

    def isComplete(self) -> bool:
        return self.done

    def start(self, fn: Callable[[TaskState], Any], on_done: Callable[[Any], None], busy_text: str) -> None:
        self.done = False
        self.completeChanged.emit()
        self.status.setText(busy_text)

        def ok(result: Any) -> None:
            self.state = None
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.state = None
            self.status.setText(_failure_text(exc))

        self.state = self.w.runner.run(fn, ok, failed, progress=False)


class FilePage(QWizardPage):
    """Choose the ledger file (.xlsx or CSV in UTF-8, GBK or GB18030)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose the ledger"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx) or a CSV file (UTF-8, GBK or GB18030) as the office "
                                 "keeps it: title rows above the header are fine."))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setPlaceholderText(self.tr("Path of the ledger file"))
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(self.tr("Browse…"))
        browse.setObjectName("browseButton")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        note = QLabel(self.tr("Nothing is written until the last step: first every row is checked (dry run) "
                              "and you see what would happen."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addStretch(1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the ledger"), "",
                                              self.tr("Ledgers (*.xlsx *.xlsm *.csv *.txt)"))
        if path:
            self.path_edit.setText(path)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def isComplete(self) -> bool:
        p = self.path()
        return bool(self.path_edit.text().strip()) and p.suffix.lower() in SUFFIXES and p.is_file()

    def validatePage(self) -> bool:
        self.w.path = self.path()
        return True


class MappingPage(_TaskPage):
    """The header row found and one combo per column: which field it is (fixable, savable)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(self.tr("Check which field each column holds. Change a column's field if it is wrong; "
                                 "name, ID number and residence address are required."))
        self.table = _table([self.tr("Column in the file"), self.tr("Imported as"), self.tr("First row")],
                            "mappingTable")
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(1, 200)
        self.save_box = QCheckBox(self.tr("Keep this mapping for the next imports"))
        self.save_box.setObjectName("saveMappingBox")
        self.combos: list[QComboBox] = []
        self.ledger: LedgerTable | None = None
        self.found_text = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.save_box)

    def initializePage(self) -> None:
        service, path, mapping = self.w.service, self.w.path, dict(self.w.mapping)
        self.table.setRowCount(0)
        self.combos = []
        self.ledger = None
        assert path is not None
        self.start(lambda _s: service.read(path, mapping), self._show, self.tr("Reading the file…"))

    def _show(self, ledger: object) -> None:
        assert isinstance(ledger, LedgerTable)
        self.ledger = ledger
        first = ledger.rows[0].cells if ledger.rows else ()
        self.table.setRowCount(len(ledger.columns))
        for r, col in enumerate(ledger.columns):
            self.table.setItem(r, 0, _item(col.header or self.tr("(no header)")))
            combo = QComboBox()
            combo.setObjectName(f"fieldCombo{r}")
            combo.addItem(self.tr("(not imported)"), "")
            for f in COLUMN_SYNONYMS:
                if f in NOT_IMPORTED_FIELDS:
                    continue
                combo.addItem(FIELD_LABELS[f], f)
            current = col.field if col.field not in NOT_IMPORTED_FIELDS else None
            combo.setCurrentIndex(max(combo.findData(current or ""), 0))
            combo.currentIndexChanged.connect(lambda _i, header=col.header, c=combo: self._changed(header, c))
            self.table.setCellWidget(r, 1, combo)
            self.combos.append(combo)
            self.table.setItem(r, 2, _item(cell_text(first[r]) if r < len(first) else ""))
        where = self.tr("Header found on row %1").replace("%1", str(ledger.header_row))
        if ledger.sheet:
            where += self.tr(" of sheet %1").replace("%1", ledger.sheet)
        rows = self.tr("%1 data rows").replace("%1", str(len(ledger.rows)))
        self.found_text = self.tr("%1; %2.").replace("%1", where).replace("%2", rows)
        self.status.setText(self.found_text)
        self.done = True
        self._check()

    def _changed(self, header: str, combo: QComboBox) -> None:
        self.w.mapping[normalize_header(header)] = str(combo.currentData())
        self._check()

    def chosen(self) -> list[str]:
        return [str(c.currentData()) for c in self.combos]

    def problem(self) -> str:
        fields = [f for f in self.chosen() if f]
        missing = [FIELD_LABELS[f] for f in REQUIRED_FIELDS if f not in fields]
        if missing:
            return self.tr("Required columns not mapped: %1").replace("%1", "、".join(missing))
        twice = sorted({FIELD_LABELS[f] for f in fields if fields.count(f) > 1})
        if twice:
            return self.tr("Mapped to more than one column: %1").replace("%1", "、".join(twice))
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.status.setText(problem or self.found_text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done and not self.problem()

    def validatePage(self) -> bool:
        if self.save_box.isChecked() and self.w.mapping:
            service, mapping = self.w.service, dict(self.w.mapping)
            self.w.runner.run(lambda _s: service.save_mapping(mapping), progress=False)
        return True


PREVIEW_COLUMNS = ("name", "id_number", "sex", "birth_date", "ethnicity", "phone", "education", "address",
                   "town", "landlord_name")
#: Preview columns shown masked (desktop.domain.masking), as every list of the app.
MASKED_PREVIEW = {"id_number": "id_number", "phone": "phone"}
#: Width of the preview's problems column: its text wraps within it (and is whole in the tooltip).
PROBLEMS_WIDTH = 360


class PreviewPage(_TaskPage):
    """The first rows as they will be stored, with each row's verdict and problems in Chinese."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The first rows as they will be stored: codes mapped, dates and phones "
                                 "normalised. Nothing has been written."))
        labels = {"name": self.tr("Name"), "id_number": self.tr("ID number"), "sex": self.tr("Sex"),
                  "birth_date": self.tr("Birth date"), "ethnicity": self.tr("Ethnicity"),
                  "phone": self.tr("Phone"), "education": self.tr("Education"),
                  "address": self.tr("Residence address"), "town": self.tr("Town"),
                  "landlord_name": self.tr("Landlord")}
        self.table = _table([self.tr("Row"), self.tr("Result"), self.tr("Problems")]
                            + [labels[c] for c in PREVIEW_COLUMNS], "previewTable")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setWordWrap(True)
        self.report: ImportReport | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        service, path, mapping = self.w.service, self.w.path, dict(self.w.mapping)
        assert path is not None
        self.table.setRowCount(0)
        self.start(lambda _s: service.preview(path, mapping), self._show, self.tr("Checking the first rows…"))

    def _show(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.report = report
        codes = load_code_tables()
        names = {"sex": codes.sex, "ethnicity": codes.ethnicity, "education": codes.education}
        self.table.setRowCount(len(report.rows))
        for r, v in enumerate(report.rows):
            values = v.values or {}
            self.table.setItem(r, 0, _item(v.row))
            self.table.setItem(r, 1, _item(_status_text(v.status)))
            self.table.setItem(r, 2, _item(_reasons(f"{p.column}：{p.message_zh}" if p.column else p.message_zh
                                                    for p in map(masked_problem, v.problems))))
            for c, key in enumerate(PREVIEW_COLUMNS, start=3):
                value = values.get(key)
                if key in names and value:
                    value = names[key].name_of(str(value)) or value
                elif key == "id_number" and value:
                    value = mask_any(str(value), "id_number")
                elif key == "phone" and value:
                    value = mask_any(str(value), "phone")
                self.table.setItem(r, c, _item(value))
            if v.status in ("rejected", "duplicate"):
                for c in range(self.table.columnCount()):
                    item = self.table.item(r, c)
                    if item is not None:
                        item.setForeground(Qt.GlobalColor.darkRed)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, PROBLEMS_WIDTH)
        self.table.resizeRowsToContents()  # the problems wrap: each row as high as its text
        self.status.setText(self.tr("First %1 rows of %2.").replace("%1", str(len(report.rows)))
                            .replace("%2", str(self.w.data_rows())))
        self.done = True
        self.completeChanged.emit()


class _RunPage(_TaskPage):
    """Runs the whole ledger (dry or for real) with a progress bar, Cancel and a summary."""

    dry_run = True

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.progress = QProgressBar()
        self.progress.setObjectName("progressBar")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel()
        self.summary.setObjectName("summaryLabel")
        self.summary.setWordWrap(True)
        self.problems = _table([self.tr("Row"), self.tr("Result"), self.tr("Column"), self.tr("Reason")],
                               "problemTable")
        self.problems.setWordWrap(True)  # a long reason wraps in the stretched last column (and is the tooltip)
        header = self.problems.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.filter = QComboBox()
        self.filter.setObjectName("verdictFilter")
        for key, _statuses in VERDICT_FILTERS:
            self.filter.addItem(_filter_text(key), key)
        self.filter.currentIndexChanged.connect(self._fill)
        self.listed_note = QLabel()
        self.listed_note.setObjectName("listedNote")
        self.report: ImportReport | None = None
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.extra = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show:")))
        filter_row.addWidget(self.filter)
        filter_row.addWidget(self.listed_note, 1)
        layout.addLayout(filter_row)
        layout.addWidget(self.problems, 1)
        layout.addLayout(self.extra)
        wizard.runner.progressed.connect(self._progressed)

    def _progressed(self, task_id: int, done: int, total: int) -> None:
        if self.state is not None and task_id == self.state.task_id:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def initializePage(self) -> None:
        service, path, mapping, dry = self.w.service, self.w.path, dict(self.w.mapping), self.dry_run
        assert path is not None
        self.report = None
        self.progress.setFormat("%p%")
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.problems.setRowCount(0)
        self.summary.clear()

        def work(state: TaskState) -> ImportReport:
            return service.run(path, mapping, dry_run=dry, progress=state.set_progress,
                               should_cancel=state.is_cancelled)

        self.start(work, self._show, self.busy_text())

    def busy_text(self) -> str:
        return self.tr("Checking every row…")

    def cancel(self) -> None:
        if self.state is not None:
            self.state.cancel()
            self.cancel_button.setEnabled(False)

    def _show(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.report = report
        self.cancel_button.setEnabled(False)
        self.progress.setMaximum(max(report.data_rows, 1))
        if report.cancelled or report.rolled_back:  # not a percentage: the run did not finish
            self.progress.setValue(0)
            self.progress.setFormat(self.stopped_text(report))
        else:
            self.progress.setValue(self.progress.maximum())
        totals = report.totals
        parts = [f"{_status_text(s)} {n}" for s, n in totals.items() if n]
        self.summary.setText(self.headline(report) + "\n" + "，".join(parts)
                             + self.tr(" (%1 s)").replace("%1", f"{report.seconds:.1f}"))
        self._fill()
        self.status.setText(self.done_text(report))
        self.done = True
        self.completeChanged.emit()
        self.finished(report)

    def _fill(self) -> None:
        """List every row's verdict that the filter selects (at most :data:`MAX_LISTED`)."""
        self.problems.setRowCount(0)
        self.listed_note.clear()
        if self.report is None:
            return
        lines = verdict_lines(self.report, str(self.filter.currentData() or "all"))
        shown = lines[:MAX_LISTED]
        self.problems.setRowCount(len(shown))
        for r, (row, status, columns, reasons) in enumerate(shown):
            for c, text in enumerate((row, _status_text(status), columns, reasons)):
                self.problems.setItem(r, c, _item(text))
        self.problems.resizeRowsToContents()
        if len(lines) > len(shown):
            self.listed_note.setText(self.tr("First %1 of %2 rows shown; the result workbook lists all.")
                                     .replace("%1", str(len(shown))).replace("%2", str(len(lines))))

    def headline(self, report: ImportReport) -> str:
        return self.tr("%1 data rows checked.").replace("%1", str(len(report.rows)))

    def stopped_text(self, report: ImportReport) -> str:
        """The progress bar's text after a cancel or a rollback."""
        return self.tr("Cancelled")

    def done_text(self, report: ImportReport) -> str:
        if report.cancelled:
            return self.tr("The check was cancelled; go back and start it again.")
        return self.tr("Dry run finished: nothing was written. Press Import to store the accepted rows.")

    def finished(self, report: ImportReport) -> None:
        """Hook for subclasses."""


class DryRunPage(_RunPage):
    """The dry run: every row's verdict, nothing written."""

    dry_run = True

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Dry run"))
        self.setSubTitle(self.tr("Every row is checked against the store as it is now; nothing is written."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))

    def isComplete(self) -> bool:
        return self.done and self.report is not None and not self.report.cancelled

    def finished(self, report: ImportReport) -> None:
        self.w.dry_report = report


class ImportPage(_RunPage):
    """The import: one transaction, progress, Cancel (rolls back whole), result workbook."""

    dry_run = False

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("The rows are stored in one transaction: Cancel leaves the store as it was."))
        self.save_button = QPushButton(self.tr("Save the result workbook…"))
        self.save_button.setObjectName("saveResultButton")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._ask_save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setWordWrap(True)
        self.again_button = QPushButton(self.tr("Run the import again"))
        self.again_button.setObjectName("againButton")
        self.again_button.setToolTip(self.tr("Nothing was stored: run the whole import again from the start of "
                                             "the file."))
        self.again_button.clicked.connect(self.initializePage)
        self.again_button.setVisible(False)
        self.extra.addWidget(self.again_button)
        self.extra.addWidget(self.save_button)
        self.extra.addWidget(self.saved_label, 1)

    def initializePage(self) -> None:
        self.again_button.setVisible(False)
        self.save_button.setEnabled(False)
        self.save_button.setToolTip("")
        self.saved_label.clear()
        super().initializePage()

    def stopped_text(self, report: ImportReport) -> str:
        if report.cancelled:
            return self.tr("Cancelled: rolled back, nothing stored")
        return self.tr("Stopped: rolled back, nothing stored")

    def busy_text(self) -> str:
        return self.tr("Importing…")

    def headline(self, report: ImportReport) -> str:
        if report.rolled_back:
            return self.tr("Nothing was imported: the import was rolled back as a whole.")
        return self.tr("%1 data rows imported.").replace("%1", str(len(report.rows)))

    def done_text(self, report: ImportReport) -> str:
        if report.cancelled:
            return self.tr("Import cancelled: the store is as it was before.")
        if report.aborted:
            return self.tr("The import stopped on a storage error and was rolled back: %1").replace(
                "%1", report.aborted)
        return self.tr("Import finished. Save the result workbook to fix the rejected rows and import it again.")

    def finished(self, report: ImportReport) -> None:
        self.w.report = report
        # after a rollback there is nothing to report row by row in a workbook: run the import again instead
        self.save_button.setEnabled(not report.rolled_back)
        if report.rolled_back:
            self.save_button.setToolTip(self.tr("Nothing was stored, so there is no result workbook to save."))
        self.again_button.setVisible(report.rolled_back)
        self.w.imported.emit(report)

    def _ask_save(self) -> None:
        assert self.w.path is not None
        suggested = str(self.w.path.with_name(self.w.path.stem + "-导入结果.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the result workbook"), suggested,
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.save_result(Path(path))

    def save_result(self, out: Path) -> None:
        """Write the result workbook to ``out`` on the DB worker and say where it went."""
        service, source, report, mapping = self.w.service, self.w.path, self.w.report, dict(self.w.mapping)
        assert source is not None and report is not None
        self.saved_label.setText(self.tr("Saving…"))

        def done(_n: object) -> None:
            self.saved_label.setText(self.tr("Saved to %1").replace("%1", str(out)))
            self.w.result_saved.emit(str(out))

        def failed(exc: BaseException) -> None:
            self.saved_label.setText(_failure_text(exc))

        self.w.runner.run(lambda _s: service.write_result(source, report, out, mapping), done, failed,
                          progress=False)


class ImportWizard(QWizard):
    """The import wizard. Signals: ``imported(report)`` after the import, ``result_saved(path)``."""

    imported = Signal(object)
    result_saved = Signal(str)

    def __init__(self, runner: TaskRunner, service: LedgerService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.service = service
        self.path: Path | None = None
        self.mapping: dict[str, str] = {}
        self.dry_report: ImportReport | None = None
        self.report: ImportReport | None = None
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import ledger"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.dry_page = DryRunPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.dry_page, self.import_page):
            self.addPage(page)
        self.resize(1100, 640)

    def data_rows(self) -> int:
        ledger = self.mapping_page.ledger
        return len(ledger.rows) if ledger is not None else 0

    def running(self) -> _TaskPage | None:
        for page in (self.mapping_page, self.preview_page, self.dry_page, self.import_page):
            if page.state is not None:
                return page
        return None

    def reject(self) -> None:
        page = self.running()
        if page is not None and page.state is not None:
            page.state.cancel()  # the import rolls back; the wizard closes when asked again
            if isinstance(page, _RunPage):
                return
        super().reject()
