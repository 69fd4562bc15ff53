"""Search before create: the matches panel under the resident dialog (issue 4, item 4).

Shows the existing residents that match what the officer typed (ID number, name, initials, phone,
birth date), where each lives now, and flags likely duplicates. When the ID number belongs to a
person registered at another address it offers the move ("此人已在 X 登记，办理迁入？") instead of
a second record.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.search import CentralStatus, DuplicateFlag, Match, MatchReason, MatchResult

OFFER_COLOR = "#0b57d0"
WARNING_COLOR = "#b26a00"


def _mask(id_number: str) -> str:
    """Show an ID number as 3302**********123X (DESIGN §4: masked in lists)."""
    return id_number[:4] + "*" * max(0, len(id_number) - 8) + id_number[-4:] if len(id_number) > 8 else id_number


class MatchPanel(QFrame):
    """Matches for the person being entered; ``move_requested(Match)`` when the officer accepts the move."""

    move_requested = Signal(object)

    def __init__(self, address_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._address_id = address_id
        self.result: MatchResult | None = None
        self.same_person: Match | None = None
        self.title = QLabel(self.tr("Existing records: type an ID number, name, phone or birth date"))
        self.title.setObjectName("matchTitle")
        self.list = QListWidget()
        self.list.setObjectName("matchList")
        self.list.setMaximumHeight(110)
        self.offer = QLabel()
        self.offer.setObjectName("moveOffer")
        self.offer.setWordWrap(True)
        self.offer.setStyleSheet(f"color: {OFFER_COLOR}; font-weight: bold;")
        self.move_button = QPushButton(self.tr("Move in here"))
        self.move_button.setObjectName("moveButton")
        self.move_button.clicked.connect(self._move_clicked)
        self.central_note = QLabel()  # issue 4: whether central was searched too
        self.central_note.setObjectName("centralNote")
        self.central_note.setStyleSheet(f"color: {WARNING_COLOR};")
        self.central_note.setVisible(False)
        self._central_pending = False
        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer, 1)
        offer_row.addWidget(self.move_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.central_note)
        layout.addWidget(self.list)
        layout.addLayout(offer_row)
        self.show_result(None)

    def show_result(self, result: MatchResult | None) -> None:
        """Show a search result (None: nothing searched yet)."""
        self.result = result
        self.list.clear()
        matches = result.matches if result is not None else ()
        for match in matches:
            item = QListWidgetItem(self._line(match))
            if match.flags:
                item.setForeground(self.palette().link() if match.is_same_person else _amber())
            self.list.addItem(item)
        if result is not None and not matches:
            self.title.setText(self.tr("No existing record matches: a new record will be created"))
        elif matches:
            self.title.setText(self.tr("Possible existing records (%1)").replace("%1", str(len(matches))))
        same = result.same_person if result is not None else None
        self.same_person = same
        self.offer.clear()
        self.move_button.setVisible(False)
        if same is not None:
            if same.lives_at(self._address_id):
                self.offer.setText(self.tr("%1 is already registered as living at this address.")
                                   .replace("%1", same.name))
            elif same.living_at:
                where = "；".join(r.address_text for r in same.living_at)
                self.offer.setText(self.tr("This person is already registered at %1. Move them in here?")
                                   .replace("%1", where))
                self.move_button.setVisible(True)
            else:
                self.offer.setText(self.tr("This person is already on record (no current address). "
                                           "Register them here?"))
                self.move_button.setVisible(True)
        self.offer.setVisible(bool(self.offer.text()))
        self._show_central(result.central if result is not None else CentralStatus.NOT_ASKED)

    def set_central_pending(self, pending: bool) -> None:
        """Say that central is being asked (its answer is merged in when it comes)."""
        self._central_pending = pending
        self._show_central(self.result.central if self.result is not None else CentralStatus.NOT_ASKED)

    def _show_central(self, status: CentralStatus) -> None:
        if status is not CentralStatus.NOT_ASKED:
            self._central_pending = False
        texts = {CentralStatus.ONLINE: self.tr("Searched this device and central"),
                 CentralStatus.OFFLINE: self.tr("Offline: local data only"),
                 CentralStatus.SIGNED_OUT: self.tr("Not signed in: local data only")}
        text = texts.get(status, self.tr("Searching central…") if self._central_pending else "")
        self.central_note.setText(text)
        self.central_note.setStyleSheet("" if status is CentralStatus.ONLINE or self._central_pending
                                        else f"color: {WARNING_COLOR};")
        self.central_note.setVisible(bool(text))

    def central_note_text(self) -> str:
        """The note on central shown ("" when none)."""
        return self.central_note.text() if self.central_note.isVisible() else ""

    def blocks_create(self) -> bool:
        """True when saving would create a second record of an existing person."""
        return self.same_person is not None

    def offer_text(self) -> str:
        """The move offer shown ("" when none)."""
        return self.offer.text() if self.offer.isVisible() else ""

    def _move_clicked(self) -> None:
        if self.same_person is not None:
            self.move_requested.emit(self.same_person)

    def _line(self, match: Match) -> str:
        where = "；".join(r.address_text for r in match.living_at) or self.tr("no current address")
        parts = [match.name, _mask(match.id_number), match.birth_date or "", where]
        if not match.local:  # known to central only (issue 4): pulled by a sync before a move
            parts.insert(0, "[" + self.tr("Central") + "]")
        flags = []
        if DuplicateFlag.SAME_ID in match.flags:
            flags.append(self.tr("same ID number"))
        if DuplicateFlag.SAME_NAME_BIRTH in match.flags:
            flags.append(self.tr("likely duplicate: same name and birth date"))
        if DuplicateFlag.SAME_PHONE in match.flags:
            flags.append(self.tr("likely duplicate: same phone"))
        if not flags:
            reasons = {MatchReason.NAME: self.tr("same name"),
                       MatchReason.NAME_PREFIX: self.tr("name begins so"),
                       MatchReason.INITIALS: self.tr("pinyin initials"),
                       MatchReason.PHONE_TAIL: self.tr("phone ending"),
                       MatchReason.BIRTH_DATE: self.tr("same birth date"),
                       MatchReason.PHONE: self.tr("same phone"),
                       MatchReason.ID_NUMBER: self.tr("same ID number")}
            flags = [reasons[r] for r in sorted(match.reasons, key=lambda r: r.value)]
        return "  ".join(p for p in parts if p) + "  [" + "，".join(flags) + "]"


def _amber() -> QBrush:
    return QBrush(QColor(WARNING_COLOR))
