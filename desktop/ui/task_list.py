"""The 走访任务 tab: a grid's rooms with their visit status, outcome keys and coverage bars.

Keyboard first: ↑/↓ move, 1–5 (or Alt+1–5 from anywhere in the tab) record an outcome on the
current room and move to the next one, Enter opens the room's address page (its households),
Alt+A / Alt+U / Alt+R switch the filter, F5 reloads. The table is a lazy model: pages of 200
rows through ``SurveyTaskService.task_page`` (a bounded indexed read, allowed on the GUI thread);
visits and coverage run on the DB thread through the TaskRunner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import VisitOutcome
from desktop.domain.layout import TASK_STATUSES
from desktop.services.survey_tasks import (
    Coverage,
    CoverageReport,
    RecordedVisit,
    SurveyTaskService,
    TaskFilter,
    TaskPage,
    TaskRow,
)
from desktop.ui import labels
from desktop.ui.tasks import TaskRunner, TaskState

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
#: The outcome keys, in key order: 1 已登记, 2 无人在家, 3 空置, 4 拒访, 5 需复访.
OUTCOME_KEYS: tuple[str, ...] = tuple(o.value for o in VisitOutcome)
_STATUS_COLORS = {
    "not_visited": "#b3261e", "registered": "#1e7b34", "nobody_home": "#a15c00", "vacant": "#5f6368",
    "refused": "#7b1fa2", "revisit": "#a15c00",
}
_Index = QModelIndex | QPersistentModelIndex
Fetcher = Callable[[str, int, int, str, str | None], TaskPage]


def _int(value: Any) -> int:
    """An enum or int key code as int (PySide6 enums are Python enums)."""
    return int(value.value) if hasattr(value, "value") else int(value)


def local_time(utc_iso: str | None) -> str:
    """Show a UTC ISO timestamp as local ``MM-DD HH:MM`` ("" when none)."""
    if not utc_iso:
        return ""
    try:
        return datetime.fromisoformat(utc_iso).astimezone().strftime("%m-%d %H:%M")
    except ValueError:
        return utc_iso


class TaskModel(QAbstractTableModel):
    """Rooms of one grid matching a filter, fetched a page at a time as the view scrolls.

    Signals: ``loaded()`` after a new query's first page is in.
    """

    loaded = Signal()

    COLUMNS = ("full_text", "status", "last_visit", "revisit_due", "officer", "note")

    def __init__(self, fetcher: Fetcher, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._fetcher = fetcher
        self._page_size = page_size
        self._rows: list[TaskRow] = []
        self._has_more = False
        self.grid_id = ""
        self.show = TaskFilter.ALL.value
        self.status: str | None = None
        self.today = date.today()
        self._headers = [self.tr("Room"), self.tr("Status"), self.tr("Last visit"), self.tr("Revisit due"),
                         self.tr("Officer"), self.tr("Note")]

    def set_query(self, grid_id: str, show: str, status: str | None = None) -> None:
        """Load the first page of ``grid_id`` with a filter (``TaskFilter`` value)."""
        self.beginResetModel()
        self.grid_id, self.show, self.status = grid_id, show, status
        self.today = date.today()
        self._rows = []
        self._has_more = bool(grid_id)
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        self.loaded.emit()

    def refresh(self) -> None:
        """Reload from the first page (after an undo, a sync, a new building)."""
        self.set_query(self.grid_id, self.show, self.status)

    def replace_row(self, row: TaskRow) -> None:
        """Show a room's new state in place (a recorded visit keeps the row where it is)."""
        for i, old in enumerate(self._rows):
            if old.address_id == row.address_id:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return

    def row_at(self, row: int) -> TaskRow | None:
        """The room on ``row`` (None when out of range)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[TaskRow]:
        """The rows loaded so far (for tests)."""
        return list(self._rows)

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or not self._has_more:
            return
        page = self._fetcher(self.grid_id, len(self._rows), self._page_size, self.show, self.status)
        self._has_more = page.has_more
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "status":
                return labels.label(labels.VISIT_STATUSES, row.status)
            if column == "last_visit":
                return local_time(row.last_visit)
            if column == "revisit_due":
                if row.revisit_due and row.revisit_due <= self.today.isoformat():
                    return self.tr("%1 (due)").replace("%1", row.revisit_due)
                return row.revisit_due or ""
            return getattr(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "status":
                return QBrush(QColor(_STATUS_COLORS.get(row.status, "#000000")))
            if column == "revisit_due" and row.revisit_due and row.revisit_due <= self.today.isoformat():
                return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.ToolTipRole and column == "full_text":
            return row.full_text
        if role == ID_ROLE:
            return row.address_id
        if role == STATUS_ROLE:
            return row.status
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CoveragePanel(QGroupBox):
    """Progress bars: this grid, its community, the community's grids and officers (lowest first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Coverage (visited ÷ rooms)"), parent)
        self.setObjectName("coveragePanel")
        self.report: CoverageReport | None = None
        inner = QWidget()
        self._grid = QGridLayout(inner)
        self._grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(scroll)
        self.bars: dict[str, QProgressBar] = {}

    def show_report(self, report: CoverageReport) -> None:
        """Rebuild the bars from a report."""
        self.report = report
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.bars = {}
        row = 0
        sections: list[tuple[str, list[tuple[str, Coverage]]]] = [
            (self.tr("This grid"), [("grid", report.grid)]),
        ]
        if report.community is not None:
            sections.append((self.tr("Community"), [("community", report.community)]))
        if len(report.grids) > 1:
            sections.append((self.tr("Grids of the community, lowest first"),
                             [(f"grid:{c.key}", c) for c in report.grids]))
        if report.officers:
            sections.append((self.tr("Officers, lowest first"), [(f"officer:{c.key}", c) for c in report.officers]))
        for title, items in sections:
            heading = QLabel(f"<b>{title}</b>")
            self._grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for key, cov in items:
                percent = "—" if cov.ratio is None else f"{cov.ratio * 100:.0f}%"
                text = self.tr("%1 of %2 (%3)").replace("%1", str(cov.visited)).replace("%2", str(cov.rooms))
                text = text.replace("%3", percent)
                if cov.revisit_pending:
                    text += self.tr(" · %1 to revisit").replace("%1", str(cov.revisit_pending))
                name = QLabel(cov.name)
                name.setToolTip(cov.name)
                figures = QLabel(text)
                figures.setObjectName(f"coverageText_{key}")
                figures.setWordWrap(True)
                bar = QProgressBar()
                bar.setObjectName(f"coverage_{key}")
                bar.setRange(0, max(cov.rooms, 1))
                bar.setValue(cov.visited)
                bar.setTextVisible(False)
                bar.setFixedHeight(10)
                bar.setFormat(text)
                bar.setToolTip(f"{cov.name}: {text}")
                # name and figures on rows of their own: side by side, a long grid name clipped the
                # figures (".4 / 16" for "14 / 16") in the 300-px panel (issue 9)
                self._grid.addWidget(name, row, 0, 1, 2)
                self._grid.addWidget(figures, row + 1, 0, 1, 2)
                self._grid.addWidget(bar, row + 2, 0, 1, 2)
                self.bars[key] = bar
                row += 3
        self._grid.setRowStretch(row, 1)

    def bar_text(self, key: str) -> str:
        """The text shown on a bar ("grid", "community", "grid:<id>", "officer:<name>"); "" if absent."""
        bar = self.bars.get(key)
        return bar.format() if bar is not None else ""


class TaskListWidget(QWidget):
    """The survey task list of one grid.

    Signals:
        open_address(str): show this room's address page (Enter, or after 已登记).
        visit_recorded(object): a :class:`RecordedVisit` was written (the window refreshes undo).
        coverage_loaded(object): a :class:`CoverageReport` arrived.
    """

    open_address = Signal(str)
    visit_recorded = Signal(object)
    coverage_loaded = Signal(object)

    def __init__(self, survey: SurveyTaskService, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskList")
        self.survey = survey
        self.runner = runner
        self.model = TaskModel(self._fetch)

        self.grid_picker = QComboBox()
        self.grid_picker.setObjectName("gridPicker")
        self.grid_picker.setMinimumContentsLength(26)
        grid_label = QLabel(self.tr("&Grid:"))
        grid_label.setBuddy(self.grid_picker)
        self.grid_picker.currentIndexChanged.connect(self._grid_changed)

        self.filter_buttons: dict[str, QPushButton] = {}
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        for key, text, tip in (
            (TaskFilter.ALL.value, self.tr("&All"), self.tr("Every open room (Alt+A)")),
            (TaskFilter.UNVISITED.value, self.tr("&Unvisited"), self.tr("Rooms nobody has visited yet (Alt+U)")),
            (TaskFilter.REVISIT_DUE.value, self.tr("&Revisits due"),
             self.tr("Nobody home / revisit needed, due today or overdue (Alt+R)")),
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setObjectName(f"filter_{key}")
            button.clicked.connect(lambda _checked=False, k=key: self.set_filter(k))
            self.filter_group.addButton(button)
            self.filter_buttons[key] = button
        self.filter_buttons[TaskFilter.ALL.value].setChecked(True)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("Any status"), "")
        for status in TASK_STATUSES:
            self.status_filter.addItem(labels.label(labels.VISIT_STATUSES, status), status)
        status_label = QLabel(self.tr("&Status:"))
        status_label.setBuddy(self.status_filter)
        self.status_filter.currentIndexChanged.connect(self._status_changed)

        top = QHBoxLayout()
        top.addWidget(grid_label)
        top.addWidget(self.grid_picker, 1)
        for button in self.filter_buttons.values():
            top.addWidget(button)
        top.addWidget(status_label)
        top.addWidget(self.status_filter)

        self.table = QTableView()
        self.table.setObjectName("taskTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in ((1, 72), (2, 92), (3, 132), (4, 104), (5, 90)):
            self.table.setColumnWidth(column, width)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.open_current())

        self.outcome_buttons: dict[str, QPushButton] = {}
        outcomes = QHBoxLayout()
        outcome_label = QLabel(self.tr("Record outcome:"))
        outcomes.addWidget(outcome_label)
        for number, outcome in enumerate(OUTCOME_KEYS, start=1):
            button = QPushButton(f"{number}  {labels.label(labels.VISIT_STATUSES, outcome)}")
            button.setObjectName(f"outcome_{outcome}")
            button.setToolTip(self.tr("Press %1 in the list, or Alt+%1 anywhere in this tab").replace(
                "%1", str(number)))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _checked=False, o=outcome: self.record(o))
            outcomes.addWidget(button)
            self.outcome_buttons[outcome] = button
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda o=outcome: self.record(o))
        self.note = QLineEdit()
        self.note.setObjectName("visitNote")
        self.note.setPlaceholderText(self.tr("Note for the next outcome (optional)"))
        note_label = QLabel(self.tr("&Note:"))
        note_label.setBuddy(self.note)
        outcomes.addWidget(note_label)
        outcomes.addWidget(self.note, 1)

        self.hint = QLabel(self.tr("Keys: ↑/↓ choose a room · 1–5 record the outcome and go to the next room · "
                                   "Enter open the room's households · F5 reload · Ctrl+Z undo"))
        self.hint.setObjectName("taskHint")
        self.hint.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("taskSummary")

        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.table, 1)
        left.addLayout(outcomes)
        left.addWidget(self.hint)
        self.coverage = CoveragePanel()
        self.coverage.setMinimumWidth(300)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.coverage, 1)
        layout.addLayout(right)

        # Alt+A / Alt+U / Alt+R are the filter buttons' mnemonics (全部(&A) …): no second shortcut,
        # which Qt would treat as ambiguous and fire neither
        reload = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        reload.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload.activated.connect(self.reload)
        self.model.loaded.connect(self._select_first)

    # -- loading ---------------------------------------------------------------------------------

    def _fetch(self, grid_id: str, offset: int, limit: int, show: str, status: str | None) -> TaskPage:
        return self.survey.task_page(grid_id, offset, limit, show=show, status=status)

    def load_grids(self, select: str | None = None) -> None:
        """Fill the grid picker (synchronous: a bounded read of the area table) and select a grid."""
        current = select or self.current_grid()
        self.grid_picker.blockSignals(True)
        self.grid_picker.clear()
        for grid in self.survey.grids():
            # community / grid in the box (the town and officer would cut it off at 1366 px); all in the tooltip
            text = " / ".join(p for p in (grid.community, grid.name) if p)
            full = " / ".join(p for p in (grid.town, grid.community, grid.name) if p)
            if grid.officer:
                full += f"  ({grid.officer})"
            self.grid_picker.addItem(text, grid.id)
            self.grid_picker.setItemData(self.grid_picker.count() - 1, full, Qt.ItemDataRole.ToolTipRole)
        self.grid_picker.blockSignals(False)
        index = self.grid_picker.findData(current) if current else -1
        self.grid_picker.setCurrentIndex(max(index, 0) if self.grid_picker.count() else -1)
        self._grid_changed()

    def current_grid(self) -> str:
        """The grid shown ("" when none)."""
        return str(self.grid_picker.currentData() or "")

    def set_grid(self, grid_id: str) -> None:
        """Show ``grid_id``'s task list (no-op when already shown)."""
        if grid_id == self.current_grid():
            return
        index = self.grid_picker.findData(grid_id)
        if index < 0:
            self.load_grids(grid_id)
        else:
            self.grid_picker.setCurrentIndex(index)

    def _grid_changed(self, _index: int = 0) -> None:
        self.model.set_query(self.current_grid(), self.model.show, self.model.status)
        self.refresh_coverage()

    def set_filter(self, show: str) -> None:
        """Switch the filter (``TaskFilter`` value) and reload the list."""
        button = self.filter_buttons.get(show)
        if button is not None:
            button.setChecked(True)
        if show != TaskFilter.STATUS.value:
            self.status_filter.blockSignals(True)
            self.status_filter.setCurrentIndex(0)
            self.status_filter.blockSignals(False)
        self.model.set_query(self.current_grid(), show, None)
        self.table.setFocus()

    def _status_changed(self, _index: int) -> None:
        status = str(self.status_filter.currentData() or "")
        if not status:
            self.set_filter(TaskFilter.ALL.value)
            return
        self.filter_group.setExclusive(False)
        for button in self.filter_buttons.values():
            button.setChecked(False)
        self.filter_group.setExclusive(True)
        self.model.set_query(self.current_grid(), TaskFilter.STATUS.value, status)

    def reload(self) -> None:
        """Reload the list (keeping the current row when it is still there) and the coverage."""
        row = self.table.currentIndex().row()
        self.model.refresh()
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.refresh_coverage()

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_summary()

    def _update_summary(self) -> None:
        self.summary.setText(self.tr("%1 rooms listed").replace("%1", str(self.model.rowCount())) +
                             ("+" if self.model.canFetchMore(QModelIndex()) else ""))

    def refresh_coverage(self) -> None:
        """Compute the coverage of the current grid on the DB thread and show it."""
        grid_id = self.current_grid()
        if not grid_id:
            return
        survey = self.survey

        def work(_state: TaskState) -> CoverageReport:
            return survey.coverage(grid_id)

        self.runner.run(work, self._show_coverage, progress=False)

    def _show_coverage(self, report: object) -> None:
        if isinstance(report, CoverageReport) and report.grid.key == self.current_grid():
            self.coverage.show_report(report)
            self.coverage_loaded.emit(report)

    # -- recording -------------------------------------------------------------------------------

    def current_row(self) -> TaskRow | None:
        """The selected room."""
        return self.model.row_at(self.table.currentIndex().row())

    def record(self, outcome: str) -> bool:
        """Record ``outcome`` on the selected room (DB thread) and move to the next room at once.

        Returns False when no room is selected.
        """
        row = self.current_row()
        if row is None:
            return False
        note = self.note.text().strip()
        self.note.clear()
        current = self.table.currentIndex().row()
        if current + 1 < self.model.rowCount() or self.model.canFetchMore(QModelIndex()):
            if current + 1 >= self.model.rowCount():
                self.model.fetchMore(QModelIndex())
            self.table.setCurrentIndex(self.model.index(current + 1, 0))
        survey, address_id = self.survey, row.address_id

        def work(_state: TaskState) -> RecordedVisit:
            return survey.record_visit(address_id, outcome, note)

        self.runner.run(work, lambda result: self._recorded(result, outcome), progress=False)
        return True

    def _recorded(self, result: object, outcome: str) -> None:
        if not isinstance(result, RecordedVisit):
            return
        self.model.replace_row(result.row)
        self.visit_recorded.emit(result)
        self.refresh_coverage()
        if outcome == VisitOutcome.REGISTERED.value:
            self.open_address.emit(result.row.address_id)

    def open_current(self) -> None:
        """Open the selected room's address page (its households)."""
        row = self.current_row()
        if row is not None:
            self.open_address.emit(row.address_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = _int(event.key())
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and _int(Qt.Key.Key_1) <= key <= _int(Qt.Key.Key_5):
                self.record(OUTCOME_KEYS[key - _int(Qt.Key.Key_1)])
                return True
            if plain and key in (_int(Qt.Key.Key_Return), _int(Qt.Key.Key_Enter)):
                self.open_current()
                return True
        return super().eventFilter(watched, event)
