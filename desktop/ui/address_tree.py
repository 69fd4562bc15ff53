"""The left-hand tree: area → community → grid → standard addresses, loaded lazily on expand.

Each expand reads one bounded, indexed set of children through :class:`BrowseService` (the one
kind of synchronous read the style guide allows on the GUI thread).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.services.browse import AddressNode, AreaNode, BrowseService
from desktop.ui import labels

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
GRID_ROLE = Qt.ItemDataRole.UserRole + 3
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 4
LOADED_ROLE = Qt.ItemDataRole.UserRole + 5
LEAF_ROLE = Qt.ItemDataRole.UserRole + 6

AREA, ADDRESS, PLACEHOLDER = "area", "address", "placeholder"


class AddressTree(QTreeView):
    """Tree of areas and standard addresses.

    Signals:
        node_selected(str kind, str id): "area" or "address" and its id, when the selection changes.
    """

    node_selected = Signal(str, str)

    def __init__(self, browse: BrowseService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browse = browse
        self.tree_model = QStandardItemModel(self)
        self.tree_model.setHorizontalHeaderLabels([self.tr("Areas and addresses")])
        self.setModel(self.tree_model)
        self.setObjectName("addressTree")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.expanded.connect(self._on_expanded)
        self.selectionModel().currentChanged.connect(self._on_current)

    # -- loading ---------------------------------------------------------------------------------

    def load_roots(self) -> None:
        """(Re)load the top-level areas."""
        self.tree_model.removeRows(0, self.tree_model.rowCount())
        root = self.tree_model.invisibleRootItem()
        for node in self._browse.children_of_area(None):
            root.appendRow(self._area_item(node))

    def _area_item(self, node: AreaNode) -> QStandardItem:
        item = QStandardItem(node.name)
        item.setData(AREA, KIND_ROLE)
        item.setData(node.id, ID_ROLE)
        item.setData(node.id if node.level == "grid" else "", GRID_ROLE)
        item.setData(node.level, LEVEL_ROLE)
        item.setToolTip(labels.label(labels.AREA_LEVELS, node.level))
        self._set_expandable(item, node.has_children)
        return item

    def _address_item(self, node: AddressNode) -> QStandardItem:
        item = QStandardItem(node.name)
        item.setData(ADDRESS, KIND_ROLE)
        item.setData(node.id, ID_ROLE)
        item.setData(node.grid_id, GRID_ROLE)
        item.setData(node.level, LEVEL_ROLE)
        item.setData(node.is_leaf, LEAF_ROLE)
        item.setToolTip(f"{labels.label(labels.ADDRESS_LEVELS, node.level)}: {node.full_text}")
        if node.valid_to and node.valid_to <= date.today().isoformat():  # closed: kept, marked (issue 4)
            item.setText(self.tr("%1 (closed %2)").replace("%1", node.name).replace("%2", node.valid_to))
            item.setForeground(QBrush(QColor("#80868b")))
        self._set_expandable(item, node.has_children)
        return item

    @staticmethod
    def _set_expandable(item: QStandardItem, has_children: bool) -> None:
        item.setEditable(False)
        item.setData(not has_children, LOADED_ROLE)
        if has_children:
            placeholder = QStandardItem("…")
            placeholder.setData(PLACEHOLDER, KIND_ROLE)
            placeholder.setEditable(False)
            placeholder.setSelectable(False)
            item.appendRow(placeholder)

    def _on_expanded(self, index: QModelIndex) -> None:
        item = self.tree_model.itemFromIndex(index)
        if item is not None and not item.data(LOADED_ROLE):
            self._load_children(item)

    def _load_children(self, item: QStandardItem) -> None:
        item.removeRows(0, item.rowCount())
        kind, node_id, grid_id = item.data(KIND_ROLE), item.data(ID_ROLE), item.data(GRID_ROLE)
        if kind == AREA:
            for area in self._browse.children_of_area(node_id):
                item.appendRow(self._area_item(area))
            if item.data(LEVEL_ROLE) == "grid":
                for address in self._browse.children_of_address(node_id, None):
                    item.appendRow(self._address_item(address))
        elif kind == ADDRESS:
            for address in self._browse.children_of_address(grid_id, node_id):
                item.appendRow(self._address_item(address))
        item.setData(True, LOADED_ROLE)

    def reload_children(self, node_id: str) -> None:
        """Reload the children of the loaded node ``node_id`` and expand it."""
        index = self.index_of(node_id)
        item = self.tree_model.itemFromIndex(index) if index.isValid() else None
        if item is None:
            return
        self._load_children(item)
        self.expand(index)

    # -- finding and selecting -------------------------------------------------------------------

    def index_of(self, node_id: str) -> QModelIndex:
        """Return the index of a loaded node by id (invalid if not loaded)."""
        start = self.tree_model.index(0, 0)
        if not start.isValid():
            return QModelIndex()
        hits = self.tree_model.match(start, ID_ROLE, node_id, 1,
                                     Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return hits[0] if hits else QModelIndex()

    def select_node(self, node_id: str) -> bool:
        """Select a loaded node by id; return False when it is not loaded."""
        index = self.index_of(node_id)
        if not index.isValid():
            return False
        self.scrollTo(index)
        self.setCurrentIndex(index)
        return True

    def expand_path(self, names: list[str]) -> QModelIndex:
        """Expand the nodes named ``names`` from the top (loading each) and return the last index."""
        parent = QModelIndex()
        index = QModelIndex()
        for name in names:
            index = QModelIndex()
            for row in range(self.tree_model.rowCount(parent)):
                candidate = self.tree_model.index(row, 0, parent)
                if candidate.data() == name:
                    index = candidate
                    break
            if not index.isValid():
                return QModelIndex()
            self.expand(index)
            parent = index
        return index

    def current_node(self) -> tuple[str, str, str, str]:
        """Return (kind, id, grid id, level) of the current node, or empty strings."""
        index = self.currentIndex()
        if not index.isValid():
            return "", "", "", ""
        return (str(index.data(KIND_ROLE) or ""), str(index.data(ID_ROLE) or ""),
                str(index.data(GRID_ROLE) or ""), str(index.data(LEVEL_ROLE) or ""))

    def _on_current(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        kind = current.data(KIND_ROLE) if current.isValid() else None
        if kind in (AREA, ADDRESS):
            self.node_selected.emit(str(kind), str(current.data(ID_ROLE)))
        else:
            self.node_selected.emit("", "")
