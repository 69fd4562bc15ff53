"""The police assistant's verification view (issue 5 §2), offline.

Step 1 (blind): at a sampled address, record every person really living there (ID number typed or
scanned, or name + birth date) and whether each room is let — no registration is visible. Saving the
capture is final. Step 2: the registrations appear with the automatic matching (ID number first, then
name + birth date); for each matched registration every key field is marked correct or wrong (uncheck
it and type the true value); people found without a registration are omissions (漏登); registrations of
people not found are stale (未注销).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.verification import CHECK_FIELDS
from desktop.services.verification import Assignment, Captured, Revealed, Room, VerificationService
from desktop.ui.tasks import TaskRunner, TaskState

ASSIGNMENT_ROLE = Qt.ItemDataRole.UserRole


class VerifyView(QWidget):
    """Assignments on the left; the blind capture, then the matching, on the right.

    Signals: ``completed(str)`` with the assignment id when an address is finished.
    """

    completed = Signal(str)

    def __init__(self, runner: TaskRunner, service: VerificationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyView")
        self.runner, self.service = runner, service
        self.assignment: Assignment | None = None
        self.room_list: list[Room] = []
        self.revealed: Revealed | None = None

        self.assignments = QListWidget()
        self.assignments.setObjectName("assignmentList")
        self.assignments.currentItemChanged.connect(self._assignment_chosen)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.load_assignments)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("My sampled addresses")))
        lv.addWidget(self.assignments, 1)
        lv.addWidget(self.refresh_button)

        self.title = QLabel()
        self.title.setObjectName("verifyTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.steps = QStackedWidget()
        self.steps.addWidget(self._build_capture())
        self.steps.addWidget(self._build_match())
        self.steps.addWidget(QLabel(self.tr("Choose a sampled address.")))
        self.steps.setCurrentIndex(2)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.title)
        rv.addWidget(self.steps, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 1100])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- building ------------------------------------------------------------------------------------

    def _build_capture(self) -> QWidget:
        page = QWidget()
        hint = QLabel(self.tr("Step 1 of 2 — record who really lives here and which rooms are let. "
                              "The registrations are shown only after you save this."))
        hint.setWordWrap(True)
        hint.setObjectName("blindHint")
        self.rooms_table = QTableWidget(0, 2)
        self.rooms_table.setObjectName("roomsTable")
        self.rooms_table.setHorizontalHeaderLabels([self.tr("Room"), self.tr("Let (rented out)")])
        self.rooms_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.people_table = QTableWidget(0, 5)
        self.people_table.setObjectName("peopleTable")
        self.people_table.setHorizontalHeaderLabels([
            self.tr("Room"), self.tr("Name"), self.tr("ID number (typed or scanned)"), self.tr("Birth date"),
            self.tr("Exempt stay")])
        people_header = self.people_table.horizontalHeader()
        people_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        people_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes what is left
        # an 18-digit ID number must show whole even before anything is typed (issue 9)
        people_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.people_table.setColumnWidth(2, self.people_table.fontMetrics().horizontalAdvance("0" * 18) + 24)
        self.add_person_button = QPushButton(self.tr("Add a person found"))
        self.add_person_button.setObjectName("addPersonButton")
        self.add_person_button.clicked.connect(lambda: self.add_person())
        self.save_capture_button = QPushButton(self.tr("Save what I found and show the registrations"))
        self.save_capture_button.setObjectName("saveCaptureButton")
        self.save_capture_button.clicked.connect(self.save_capture)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_person_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_capture_button)
        v = QVBoxLayout(page)
        v.addWidget(hint)
        v.addWidget(QLabel(self.tr("Rooms")))
        v.addWidget(self.rooms_table, 1)
        v.addWidget(QLabel(self.tr("People living here")))
        v.addWidget(self.people_table, 2)
        v.addLayout(buttons)
        return page

    def _field_label(self, name: str) -> str:
        return {"name": self.tr("Name"), "id_number": self.tr("ID number"), "address": self.tr("Address (room)"),
                "phone": self.tr("Phone"), "employer": self.tr("Employer"),
                "living_here": self.tr("Living here")}[name]

    def _build_match(self) -> QWidget:
        page = QWidget()
        hint = QLabel(self.tr("Step 2 of 2 — each matched registration: untick a wrong field and type the true "
                              "value."))
        hint.setWordWrap(True)
        self.match_table = QTableWidget(0, 2 + len(CHECK_FIELDS))
        self.match_table.setObjectName("matchTable")
        self.match_table.setHorizontalHeaderLabels(
            [self.tr("Found"), self.tr("Matched by")] + [self._field_label(f) for f in CHECK_FIELDS])
        match_header = self.match_table.horizontalHeader()
        match_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the address takes the room that is left (and elides, with the full text as tooltip)
        match_header.setSectionResizeMode(2 + CHECK_FIELDS.index("address"), QHeaderView.ResizeMode.Stretch)
        self.match_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.omission_label = QLabel()
        self.omission_label.setObjectName("omissionLabel")
        self.omission_label.setWordWrap(True)
        self.stale_label = QLabel()
        self.stale_label.setObjectName("staleLabel")
        self.stale_label.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("Finish this address"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.clicked.connect(self.finish)
        v = QVBoxLayout(page)
        v.addWidget(hint)
        v.addWidget(self.match_table, 1)
        v.addWidget(self.omission_label)
        v.addWidget(self.stale_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.finish_button)
        v.addLayout(row)
        return page

    # -- assignments ---------------------------------------------------------------------------------

    def _status_text(self, status: str) -> str:
        return {"assigned": self.tr("to visit"), "captured": self.tr("found recorded"), "done": self.tr("done"),
                "unassigned": self.tr("unassigned")}.get(status, status)

    def load_assignments(self) -> None:
        """Load the signed-in verifier's sampled addresses (DB thread)."""
        service = self.service
        self.runner.run(lambda _s: service.my_assignments(), self._show_assignments, progress=False)

    def _show_assignments(self, rows: list[Assignment]) -> None:
        current = self.assignment.id if self.assignment else None
        self.assignments.blockSignals(True)
        self.assignments.clear()
        for a in rows:
            item = QListWidgetItem(f"{a.full_text}  [{self._status_text(a.status)}]")
            item.setToolTip(item.text())
            item.setData(ASSIGNMENT_ROLE, a)
            self.assignments.addItem(item)
            if a.id == current:
                self.assignment = a
                self.assignments.setCurrentItem(item)
        self.assignments.blockSignals(False)

    def _assignment_chosen(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        a: Assignment = item.data(ASSIGNMENT_ROLE)
        self.open_assignment(a)

    def open_assignment(self, a: Assignment) -> None:
        """Show step 1 (not yet captured) or step 2 (captured) for ``a``."""
        self.assignment = a
        self.title.setText(a.full_text)
        # nothing of another address's registrations stays in the view
        self.revealed = None
        self.match_table.setRowCount(0)
        self.omission_label.clear()
        self.stale_label.clear()
        self.steps.setCurrentIndex(2)
        service = self.service
        if a.status in ("assigned", "unassigned"):
            self.runner.run(lambda _s: service.rooms(a.address_id), self._show_rooms, progress=False)
        else:
            self.runner.run(lambda _s: service.reveal(a.id), self._show_match, progress=False)

    def _show_rooms(self, rooms: list[Room]) -> None:
        self.room_list = rooms
        self.rooms_table.setRowCount(0)
        self.people_table.setRowCount(0)
        for room in rooms:
            r = self.rooms_table.rowCount()
            self.rooms_table.insertRow(r)
            name = QTableWidgetItem(room.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.rooms_table.setItem(r, 0, name)
            let = QCheckBox()
            self.rooms_table.setCellWidget(r, 1, let)
        self.steps.setCurrentIndex(0)

    def add_person(self, room_index: int = 0, name: str = "", id_number: str = "", birth_date: str = "",
                   exempt: bool = False) -> int:
        """Add a row for a person found (values optional, for scanners and tests); return its row."""
        r = self.people_table.rowCount()
        self.people_table.insertRow(r)
        rooms = QComboBox()
        for room in self.room_list:
            rooms.addItem(room.name, room.id)
        if self.room_list:
            rooms.setCurrentIndex(max(0, min(room_index, len(self.room_list) - 1)))
        self.people_table.setCellWidget(r, 0, rooms)
        self.people_table.setItem(r, 1, QTableWidgetItem(name))
        self.people_table.setItem(r, 2, QTableWidgetItem(id_number))
        self.people_table.setItem(r, 3, QTableWidgetItem(birth_date))
        box = QCheckBox()
        box.setChecked(exempt)
        self.people_table.setCellWidget(r, 4, box)
        return r

    def set_let(self, room_index: int, let: bool) -> None:
        """Tick or untick a room's "let" box."""
        widget = self.rooms_table.cellWidget(room_index, 1)
        if isinstance(widget, QCheckBox):
            widget.setChecked(let)

    def captured(self) -> tuple[list[Captured], dict[str, bool]]:
        """What the capture tables hold now."""
        people = []
        for r in range(self.people_table.rowCount()):
            combo = self.people_table.cellWidget(r, 0)
            room_id = combo.currentData() if isinstance(combo, QComboBox) else ""
            text = [self.people_table.item(r, c).text().strip() if self.people_table.item(r, c) else ""
                    for c in (1, 2, 3)]
            box = self.people_table.cellWidget(r, 4)
            if not any(text):
                continue
            people.append(Captured(str(room_id or ""), text[0], text[1], text[2],
                                   isinstance(box, QCheckBox) and box.isChecked()))
        let = {}
        for r, room in enumerate(self.room_list):
            widget = self.rooms_table.cellWidget(r, 1)
            let[room.id] = isinstance(widget, QCheckBox) and widget.isChecked()
        return people, let

    def save_capture(self) -> None:
        """Save the blind capture (final), then load the registrations and the matching."""
        if self.assignment is None:
            return
        people, let = self.captured()
        service, assignment_id = self.service, self.assignment.id

        def work(_s: TaskState) -> Revealed:
            service.record_capture(assignment_id, people, let)
            return service.reveal(assignment_id)

        self.runner.run(work, self._captured, title=self.tr("Saving…"))

    def _captured(self, revealed: Revealed) -> None:
        self._show_match(revealed)
        self.load_assignments()

    def _show_match(self, revealed: Revealed) -> None:
        self.revealed = revealed
        found = {str(f["id"]): f for f in revealed.found}
        regs = {str(r["id"]): r for r in revealed.registrations}
        self.match_table.setRowCount(0)
        for fid, rid, how in revealed.match.pairs:
            r = self.match_table.rowCount()
            self.match_table.insertRow(r)
            f, g = found.get(fid, {}), regs[rid]
            who = QTableWidgetItem(f"{f.get('person_name') or ''} {f.get('person_id_number') or ''}".strip())
            who.setData(Qt.ItemDataRole.UserRole, (fid, rid, how))
            who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
            who.setToolTip(who.text())
            self.match_table.setItem(r, 0, who)
            method = QTableWidgetItem(self.tr("ID number") if how == "id_number" else self.tr("Name + birth date"))
            method.setFlags(method.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.match_table.setItem(r, 1, method)
            values = {"name": g.get("name"), "id_number": g.get("id_number"), "address": g.get("full_text"),
                      "phone": g.get("phone"), "employer": g.get("employer_name"),
                      "living_here": self.tr("living here")}
            for c, field_name in enumerate(CHECK_FIELDS, start=2):
                item = QTableWidgetItem(str(values[field_name] or ""))
                item.setData(Qt.ItemDataRole.UserRole, str(values[field_name] or ""))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
                item.setCheckState(Qt.CheckState.Checked)
                item.setToolTip(item.text())
                self.match_table.setItem(r, c, item)
        omitted = [found[k] for k in revealed.match.omissions if k in found and not found[k].get("exempt")]
        self.omission_label.setText(
            self.tr("Omissions (found, not registered): %1").replace("%1", str(len(omitted))) + "  "
            + "、".join(str(f.get("person_name") or f.get("person_id_number") or "?") for f in omitted))
        self.stale_label.setText(
            self.tr("Stale (registered, not living here): %1").replace("%1", str(len(revealed.match.stale)))
            + "  " + "、".join(str(regs[k]["name"]) for k in revealed.match.stale))
        done = self.assignment is not None and self.assignment.status == "done"
        self.finish_button.setEnabled(not done)
        self.steps.setCurrentIndex(1)

    def mark(self, row: int, field_name: str, ok: bool, true_value: str = "") -> None:
        """Mark one field of a matched registration (for keyboard-less use and tests)."""
        item = self.match_table.item(row, 2 + CHECK_FIELDS.index(field_name))
        item.setCheckState(Qt.CheckState.Checked if ok else Qt.CheckState.Unchecked)
        if true_value:
            item.setText(true_value)

    def checks(self) -> dict[str, dict[str, dict[str, Any]]]:
        """{registration id: {field: {"ok", "true"}}} from the match table."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for r in range(self.match_table.rowCount()):
            _fid, rid, _how = self.match_table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            marks: dict[str, dict[str, Any]] = {}
            for c, field_name in enumerate(CHECK_FIELDS, start=2):
                item = self.match_table.item(r, c)
                ok = item.checkState() == Qt.CheckState.Checked
                mark: dict[str, Any] = {"ok": ok}
                if not ok and item.text() != item.data(Qt.ItemDataRole.UserRole):
                    mark["true"] = item.text()
                marks[field_name] = mark
            out[str(rid)] = marks
        return out

    def finish(self) -> None:
        """Save the marks and close the address."""
        if self.assignment is None or self.revealed is None:
            return
        checks = self.checks()
        service, assignment_id = self.service, self.assignment.id
        self.finish_button.setEnabled(False)
        self.runner.run(lambda _s: service.complete(assignment_id, checks), lambda _r: self._finished(assignment_id),
                        title=self.tr("Saving…"))

    def _finished(self, assignment_id: str) -> None:
        self.load_assignments()
        self.completed.emit(assignment_id)
