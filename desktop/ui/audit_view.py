"""The supervisor's audit log view (issue 7 item 5): this device's events, newest first, filtered by
action, user and date. Read on the DB thread; the view itself cannot change an event (nor can the
store: ``desktop.store.tables.AUDIT_DDL``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import audit
from desktop.ui.tasks import TaskRunner

#: Names of the audit actions (Chinese through Qt Linguist, context AuditView).
ACTION_TEXTS: dict[str, str] = {
    "view": QT_TRANSLATE_NOOP("AuditView", "Viewed"),
    "reveal": QT_TRANSLATE_NOOP("AuditView", "Revealed full numbers"),
    "create": QT_TRANSLATE_NOOP("AuditView", "Created"),
    "update": QT_TRANSLATE_NOOP("AuditView", "Changed"),
    "delete": QT_TRANSLATE_NOOP("AuditView", "Deleted"),
    "export": QT_TRANSLATE_NOOP("AuditView", "Exported"),
    "import": QT_TRANSLATE_NOOP("AuditView", "Imported"),
    "resolve": QT_TRANSLATE_NOOP("AuditView", "Resolved a conflict"),
    "sign_in": QT_TRANSLATE_NOOP("AuditView", "Signed in"),
    "sign_out": QT_TRANSLATE_NOOP("AuditView", "Signed out"),
    "unlock_failed": QT_TRANSLATE_NOOP("AuditView", "Wrong passphrase"),
    "lock": QT_TRANSLATE_NOOP("AuditView", "Locked"),
    "archive": QT_TRANSLATE_NOOP("AuditView", "Archived"),
    "assign": QT_TRANSLATE_NOOP("AuditView", "Assigned"),
}


#: What an event is about (the ``entity`` column), by its code.
ENTITY_TEXTS: dict[str, str] = {
    "resident": QT_TRANSLATE_NOOP("AuditView", "resident"),
    "household": QT_TRANSLATE_NOOP("AuditView", "household"),
    "rental_unit": QT_TRANSLATE_NOOP("AuditView", "rental unit"),
    "standard_address": QT_TRANSLATE_NOOP("AuditView", "address"),
    "residence_registration": QT_TRANSLATE_NOOP("AuditView", "registration"),
    "residence_permit": QT_TRANSLATE_NOOP("AuditView", "residence permit"),
    "area": QT_TRANSLATE_NOOP("AuditView", "area"),
    "store": QT_TRANSLATE_NOOP("AuditView", "local data"),
    "ledger": QT_TRANSLATE_NOOP("AuditView", "ledger"),
    "reminders": QT_TRANSLATE_NOOP("AuditView", "reminders"),
    "rates": QT_TRANSLATE_NOOP("AuditView", "rates report"),
}

#: Words and phrases the services write into an event's ``detail`` (English, never personal data),
#: shown translated; anything else (area codes, dates, numbers, file kinds) is shown as written.
DETAIL_TEXTS: dict[str, str] = {
    "set up an encrypted store": QT_TRANSLATE_NOOP("AuditView", "set up an encrypted store"),
    "encrypted an existing store": QT_TRANSLATE_NOOP("AuditView", "encrypted an existing store"),
    "wrong passphrases before this unlock": QT_TRANSLATE_NOOP("AuditView", "wrong passphrases before this unlock"),
    "passphrase changed": QT_TRANSLATE_NOOP("AuditView", "passphrase changed"),
    "deleted the record": QT_TRANSLATE_NOOP("AuditView", "deleted the record"),
    "moved out before": QT_TRANSLATE_NOOP("AuditView", "moved out before"),
    "rates report": QT_TRANSLATE_NOOP("AuditView", "rates report"),
    "ledger import": QT_TRANSLATE_NOOP("AuditView", "ledger import"),
    "import-ledger": QT_TRANSLATE_NOOP("AuditView", "ledger import (command line)"),
    "by hand": QT_TRANSLATE_NOOP("AuditView", "by hand"),
    "idle": QT_TRANSLATE_NOOP("AuditView", "after idle time"),
    "fields": QT_TRANSLATE_NOOP("AuditView", "fields"),
    "rows": QT_TRANSLATE_NOOP("AuditView", "rows"),
    "area": QT_TRANSLATE_NOOP("AuditView", "area"),
    "reminders": QT_TRANSLATE_NOOP("AuditView", "reminders"),
    "ledger": QT_TRANSLATE_NOOP("AuditView", "ledger"),
    "id_number": QT_TRANSLATE_NOOP("AuditView", "ID number"),
    "phone": QT_TRANSLATE_NOOP("AuditView", "phone"),
    "name": QT_TRANSLATE_NOOP("AuditView", "name"),
}
_DETAIL_PATTERN = re.compile(
    "|".join(rf"(?<![\w-]){re.escape(k)}(?![\w-])" for k in sorted(DETAIL_TEXTS, key=len, reverse=True)))


def entity_text(entity: str) -> str:
    """The translated name of what an event is about (the code itself when unknown)."""
    source = ENTITY_TEXTS.get(entity)
    return QCoreApplication.translate("AuditView", source) if source else entity


def detail_text(detail: str) -> str:
    """An event's detail with the known words and phrases translated (the rest kept as written)."""
    return _DETAIL_PATTERN.sub(
        lambda m: QCoreApplication.translate("AuditView", DETAIL_TEXTS[m.group(0)]), detail)


ROLE_TEXTS: dict[str, str] = {
    "grid_officer": QT_TRANSLATE_NOOP("AuditView", "Grid officer"),
    "police_assistant": QT_TRANSLATE_NOOP("AuditView", "Police assistant"),
    "supervisor": QT_TRANSLATE_NOOP("AuditView", "Supervisor"),
}


def role_text(role: str) -> str:
    """The translated name of a role (the code itself when unknown, '' when none)."""
    source = ROLE_TEXTS.get(role)
    return QCoreApplication.translate("AuditView", source) if source else role


def action_text(action: str) -> str:
    """The translated name of an audit action (the code itself when unknown)."""
    source = ACTION_TEXTS.get(action)
    return QCoreApplication.translate("AuditView", source) if source else action


def local_time(at: str) -> str:
    """``2026-12-01T02:03:04.000+00:00`` → local ``2026-12-01 10:03:04``."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


class AuditDialog(QDialog):
    """The audit log of this device (events sync to central, where a supervisor sees every device's)."""

    def __init__(self, runner: TaskRunner, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self.setObjectName("auditDialog")
        self.setWindowTitle(self.tr("Audit log"))
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(self.tr("All actions"), "")
        for code in audit.ACTIONS:
            self.action.addItem(action_text(code), code)
        self.user = QComboBox()
        self.user.setObjectName("auditUser")
        self.user.addItem(self.tr("All users"), "")
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.since.setObjectName("auditSince")
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.until = QDateEdit(today)
        self.until.setObjectName("auditUntil")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        refresh = QPushButton(self.tr("Show"))
        refresh.setObjectName("auditRefresh")
        refresh.clicked.connect(self.load)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("Action"), self.action), (self.tr("User"), self.user),
                              (self.tr("From"), self.since), (self.tr("To"), self.until)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(refresh)
        filters.addStretch(1)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("User"), self.tr("Role"), self.tr("Action"), self.tr("Record"),
            self.tr("Details"), self.tr("Count"), self.tr("Sent to central")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((150, 100, 90, 110, 120, 200, 50, 90)):
            self.table.setColumnWidth(column, width)
        self.summary = QLabel()
        self.summary.setObjectName("auditSummary")
        note = QLabel(self.tr("Events cannot be changed or deleted. Opening lists is not logged; revealing "
                              "full numbers, exports, imports, conflict resolutions, sign-in and sign-out, "
                              "wrong passphrases, locks and archiving are."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(note)
        self.resize(1000, 560)
        self.events: list[audit.AuditEvent] = []

    def load(self) -> None:
        """Read the events matching the filters on the DB thread, then show them."""
        store = self.store
        action = str(self.action.currentData() or "")
        user = str(self.user.currentData() or "")
        since_day = self.since.date().toPython()
        until_day = self.until.date().toPython() + timedelta(days=1)
        since = datetime.combine(since_day, datetime.min.time()).astimezone().astimezone(UTC).isoformat()
        until = datetime.combine(until_day, datetime.min.time()).astimezone().astimezone(UTC).isoformat()

        def work(_state: Any) -> tuple[list[audit.AuditEvent], list[str]]:
            return (audit.list_events(store, action=action, user=user, since=since, until=until),
                    audit.users(store))

        self.runner.run(work, self._show, progress=False)

    def _show(self, result: object) -> None:
        events, users = result  # type: ignore[misc]
        self.events = list(events)
        chosen = self.user.currentData()
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem(self.tr("All users"), "")
        for name in users:
            self.user.addItem(name or self.tr("(not signed in)"), name)
        self.user.setCurrentIndex(max(0, self.user.findData(chosen)))
        self.user.blockSignals(False)
        self.table.setRowCount(len(self.events))
        for row, event in enumerate(self.events):
            values = [local_time(event.at), event.user, role_text(event.role), action_text(event.action),
                      f"{entity_text(event.entity)} {event.record_id[:8]}".strip(), detail_text(event.detail),
                      str(event.count) if event.count else "", self.tr("yes") if event.synced else self.tr("not yet")]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.summary.setText(self.tr("%n event(s)", "", len(self.events)))
