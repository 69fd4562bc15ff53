"""The Residents tab: a lazy table model (pages of 200 via fetchMore) and a search box.

Memory stays flat while scrolling a million rows (issue 8): the model keeps at most
:data:`CACHED_PAGES` pages of rows plus one keyset cursor per page, and re-reads an evicted page
through its cursor (an indexed range read, the same cost anywhere in the list) when the view shows it
again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from desktop.domain.masking import mask_id_number, mask_phone
from desktop.services.browse import ResidentListRow, ResidentPage
from desktop.ui import labels

# 100 rows fill three screens; a first page costs one cold read of each row, its registration and address
# (issue 8: the first search of a session on the 1M encrypted store, 108 ms with 200 rows)
PAGE_SIZE = 100
CACHED_PAGES = 24  # the same 2,400 rows in memory as before
SEARCH_DEBOUNCE_MS = 250
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Columns shown masked unless the record was revealed (issue 7; docs/security.md).
MASKED: dict[str, Callable[[str | None], str]] = {"id_number": mask_id_number, "phone": mask_phone}

Fetcher = Callable[..., ResidentPage]  # (offset, limit, query[, after=cursor]) -> ResidentPage
_Index = QModelIndex | QPersistentModelIndex


class ResidentsModel(QAbstractTableModel):
    """Residents matching a query, fetched a page at a time as the view scrolls.

    ``fetcher(offset, limit, query)`` is a bounded indexed read (``BrowseService.resident_page``),
    the one synchronous read allowed on the GUI thread.
    """

    COLUMNS = ("name", "id_number", "sex", "phone", "address")

    def __init__(self, fetcher: Fetcher, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._fetcher = fetcher
        self._page_size = page_size
        self._pages: list[list[ResidentListRow] | None] = []
        self._cursors: list[tuple[Any, ...] | None] = []  # keyset cursor *before* each page
        self._next: tuple[Any, ...] | None = None
        self._cached: OrderedDict[int, None] = OrderedDict()
        self._count = 0
        self._has_more = True
        self._query = ""
        self._revealed: set[str] = set()
        self._headers = [self.tr("Name"), self.tr("ID number"), self.tr("Sex"), self.tr("Phone"),
                         self.tr("Address")]

    @property
    def query(self) -> str:
        """The current search text."""
        return self._query

    def set_query(self, query: str) -> None:
        """Start a new search: reset and load the first page."""
        self.beginResetModel()
        self._query = query.strip()
        self._revealed = set()
        self._pages, self._cursors, self._next = [], [], None
        self._cached.clear()
        self._count = 0
        self._has_more = True
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Reload from the first page with the same query (after an edit)."""
        self.set_query(self._query)

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or not self._has_more:
            return
        page = self._fetch(self._count, self._next)
        self._has_more = page.has_more
        if page.rows:
            first = self._count
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._cursors.append(self._next)
            self._pages.append(list(page.rows))
            self._count += len(page.rows)
            self._next = page.next_after
            self._touch(len(self._pages) - 1)
            self.endInsertRows()

    def _fetch(self, offset: int, after: tuple[Any, ...] | None) -> ResidentPage:
        if after is None:
            return self._fetcher(offset, self._page_size, self._query)
        return self._fetcher(offset, self._page_size, self._query, after=after)

    def _touch(self, number: int) -> None:
        self._cached[number] = None
        self._cached.move_to_end(number)
        while len(self._cached) > CACHED_PAGES:
            old, _ = self._cached.popitem(last=False)
            self._pages[old] = None

    def _row(self, row: int) -> ResidentListRow | None:
        number, within = divmod(row, self._page_size)
        if number >= len(self._pages):
            return None
        rows = self._pages[number]
        if rows is None:  # evicted: read it again through its cursor (bounded, indexed)
            rows = list(self._fetch(number * self._page_size, self._cursors[number]).rows)
            self._pages[number] = rows
        self._touch(number)
        return rows[within] if within < len(rows) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count or index.column() >= len(self.COLUMNS):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, ID_ROLE):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.COLUMNS[index.column()]
            if column == "sex":
                return labels.sex_label(row.sex)
            if column in MASKED and row.id not in self._revealed:  # issue 7: lists show masks
                return MASKED[column](getattr(row, column))
            return getattr(row, column)
        return row.id

    def reveal(self, record_id: str) -> None:
        """Show the full ID number and phone of one record (after the audited reveal)."""
        self._revealed.add(record_id)
        self._changed_rows(record_id)

    def hide_revealed(self) -> None:
        """Mask every revealed record again (on lock, on a new search)."""
        revealed, self._revealed = self._revealed, set()
        for record_id in revealed:
            self._changed_rows(record_id)

    def _changed_rows(self, record_id: str) -> None:
        for number, page in enumerate(self._pages):
            for within, row in enumerate(page or ()):
                if row.id == record_id:
                    at = number * self._page_size + within
                    self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))

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

    def names(self) -> list[str]:
        """Return the names loaded so far (for tests)."""
        return [r.name for page in self._pages if page is not None for r in page]

    def cached_pages(self) -> int:
        """How many pages of rows are held in memory now (for the scrolling benchmark and tests)."""
        return len(self._cached)


class ResidentsWidget(QWidget):
    """Search box over a table of residents (ID numbers and phones masked).

    Signals: ``reveal_requested(str)`` with a resident id, when the user asks to see one record's full
    numbers (the window runs the audited reveal, then calls ``model.reveal``).
    """

    reveal_requested = Signal(str)

    def __init__(self, fetcher: Fetcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("residentsTab")
        self.search = QLineEdit()
        self.search.setObjectName("residentSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search: ID number, name, pinyin initials or the last digits of a phone"))
        self.model = ResidentsModel(fetcher)
        self.view = QTableView()
        self.view.setObjectName("residentsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.reveal_action = QAction(self.tr("Show full ID number and phone (logged)"), self.view)
        self.reveal_action.setObjectName("revealAction")
        self.reveal_action.triggered.connect(self._reveal_current)
        self.view.addAction(self.reveal_action)
        for column, width in enumerate((110, 180, 50, 130)):
            self.view.setColumnWidth(column, width)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.model.set_query(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._timer.start())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self._loaded = False

    def _reveal_current(self) -> None:
        record_id = self.view.currentIndex().data(ID_ROLE)
        if record_id:
            self.reveal_requested.emit(str(record_id))

    def ensure_loaded(self) -> None:
        """Load the first page the first time the tab is shown."""
        if not self._loaded:
            self._loaded = True
            self.model.refresh()

    def refresh(self) -> None:
        """Reload after an edit (only if already shown once)."""
        if self._loaded:
            self.model.refresh()
