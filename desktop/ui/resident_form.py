"""The resident registration dialog: validates as the officer types, saves through the TaskRunner.

Validation is the pure :func:`desktop.domain.resident.validate_resident`, run 150 ms after the
last keystroke on the GUI thread (no storage involved). Each problem shows in Chinese under its
field (red: error, amber: warning). Save stays disabled while any error remains; a rejected save
shows the problems and keeps everything typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import IdType, ResidenceReason, load_code_tables
from desktop.domain.idnumber import check_id_number
from desktop.domain.problems import Problem, Severity, error, has_errors
from desktop.domain.resident import ResidentInput, validate_resident
from desktop.errors import Invalid, NotFound
from desktop.services.registry import RegistryService, SavedResident
from desktop.services.residency import MoveResult, ResidencyService
from desktop.services.search import CentralStatus, Match, MatchQuery, MatchResult, SearchService, merge_central
from desktop.ui import labels
from desktop.ui.errors import problem_text, show_error
from desktop.ui.match_panel import MatchPanel
from desktop.ui.tasks import TaskRunner

DEBOUNCE_MS = 150
SEARCH_DEBOUNCE_MS = 300
_SEARCH_FIELDS = ("id_number", "name", "phone", "birth_date")
ERROR_COLOR = "#c62828"
WARNING_COLOR = "#b26a00"
_RE_DATE = re.compile(r"(\d{4})\D?(\d{1,2})\D?(\d{1,2})")
#: Problems about fields the form does not show go next to the field that caused them.
_FIELD_ALIASES = {"hukou_code": "id_number", "marital_status": "", "political_status": "", "occupation": ""}


def parse_date(text: str) -> date | None:
    """Parse ``YYYY-MM-DD`` (also ``YYYYMMDD``, ``YYYY/M/D``, ``YYYY.M.D``); "" → None.

    Raises:
        ValueError: anything else, or a date that does not exist.
    """
    text = text.strip()
    if not text:
        return None
    match = _RE_DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return date(int(match[1]), int(match[2]), int(match[3]))


class ResidentDialog(QDialog):
    """Register one person as living at a room-level address.

    Signals:
        resident_saved(SavedResident): after a successful save (the dialog then accepts).
        validated(): after each validation pass (tests wait on it).
    """

    resident_saved = Signal(object)
    validated = Signal()
    matches_shown = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        registry: RegistryService,
        address_id: str,
        address_text: str,
        households: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
        today: date | None = None,
        *,
        search: SearchService | None = None,
        residency: ResidencyService | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._residency = residency
        self._runner = runner
        self._registry = registry
        self._address_id = address_id
        self._address_text = address_text
        self._today = today
        self._tables = load_code_tables()
        self._touched: set[str] = set()
        self._show_all = False
        self._saving = False
        self._autofilling = False
        self._auto: dict[str, str] = {}
        self.problems: tuple[Problem, ...] = ()
        self.problem_labels: dict[str, QLabel] = {}
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.validate_now)

        self.setWindowTitle(self.tr("Register resident"))
        self.setObjectName("residentDialog")
        header = QLabel(self.tr("Address: %1").replace("%1", address_text))
        header.setObjectName("addressHeader")
        header.setWordWrap(True)
        self.general_problems = QLabel()
        self.general_problems.setWordWrap(True)
        self.general_problems.setVisible(False)
        self._build_fields(households)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        columns = QHBoxLayout()
        columns.addLayout(self._left, 1)
        columns.addSpacing(16)
        columns.addLayout(self._right, 1)
        layout.addLayout(columns)
        layout.addWidget(self.general_problems)
        self.match_panel: MatchPanel | None = None
        self._search_seq = 0  # issue 4: the local and central halves of one search are merged
        self._local_result: MatchResult | None = None
        self._central_answer: tuple[CentralStatus, tuple[Any, ...]] | None = None
        if search is not None:
            self.match_panel = MatchPanel(address_id)
            self.match_panel.move_requested.connect(self.move_here)
            layout.addWidget(self.match_panel)
            self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
            self._search_timer.timeout.connect(self.search_now)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(880, 470 if search is None else 620)
        self.validate_now()

    # -- building -----------------------------------------------------------------------------

    def _build_fields(self, households: Sequence[tuple[str, str]]) -> None:
        self._left, self._right = QGridLayout(), QGridLayout()
        self.id_type = self._combo([(t.value, labels.label(labels.ID_TYPES, t.value)) for t in IdType])
        self.id_number = self._line("id_number", self.tr("18 digits, last may be X"))
        self.name = self._line("name")
        sexes = [(c, labels.label(labels.SEXES, c)) for c in ("1", "2", "0", "9")]
        self.sex = self._combo([("", ""), *sexes])
        self.birth_date = self._line("birth_date", self.tr("YYYY-MM-DD"))
        self.ethnicity = self._combo([("", "")] + list(self._tables.ethnicity.entries.items()))
        self.ethnicity.setCurrentIndex(self.ethnicity.findData("01"))
        self.phone = self._line("phone", self.tr("Mobile or landline"))
        self.hukou_address = self._line("hukou_address")
        self.education = self._combo([("", "")] + list(self._tables.education.entries.items()))
        self.employer_name = self._line("employer_name")
        self.employer_uscc = self._line("employer_uscc", self.tr("18-character code, optional"))
        self.arrival_date = self._line("arrival_date", self.tr("YYYY-MM-DD"))
        self.reason = self._combo([("", "")] + [(r.value, labels.label(labels.REASONS, r.value))
                                                for r in ResidenceReason])
        self.household = self._combo([("", self.tr("New household (this person is the head)"))]
                                     + list(households))
        self.relationship = self._combo([("", "")] + [(c, f"{c} {n}") for c, n in
                                                      self._tables.relationship.entries.items()])
        self.relationship.setCurrentIndex(self.relationship.findData("02"))
        self.household.currentIndexChanged.connect(self._household_changed)
        rows: list[tuple[QGridLayout, str, str, QWidget]] = [
            (self._left, "id_type", self.tr("ID type"), self.id_type),
            (self._left, "id_number", self.tr("ID number"), self.id_number),
            (self._left, "name", self.tr("Name"), self.name),
            (self._left, "sex", self.tr("Sex"), self.sex),
            (self._left, "birth_date", self.tr("Birth date"), self.birth_date),
            (self._left, "ethnicity", self.tr("Ethnicity"), self.ethnicity),
            (self._left, "phone", self.tr("Phone"), self.phone),
            (self._right, "hukou_address", self.tr("Hukou address"), self.hukou_address),
            (self._right, "education", self.tr("Education"), self.education),
            (self._right, "employer_name", self.tr("Employer"), self.employer_name),
            (self._right, "employer_uscc", self.tr("Employer credit code"), self.employer_uscc),
            (self._right, "arrival_date", self.tr("Arrival date"), self.arrival_date),
            (self._right, "reason", self.tr("Reason for residence"), self.reason),
            (self._right, "household", self.tr("Household"), self.household),
            (self._right, "relationship", self.tr("Relationship to head"), self.relationship),
        ]
        for grid, field_name, text, widget in rows:
            widget.setObjectName(field_name)
            row = grid.rowCount()
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(widget, row, 1)
            note = QLabel()
            note.setObjectName(field_name + "_problem")
            note.setWordWrap(True)
            note.setVisible(False)
            grid.addWidget(note, row + 1, 1)
            self.problem_labels[field_name] = note
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i, f=field_name: self._changed(f))
        for grid in (self._left, self._right):
            grid.setColumnStretch(1, 1)
            grid.setVerticalSpacing(2)

    def _line(self, field_name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _t, f=field_name: self._changed(f))
        return edit

    @staticmethod
    def _combo(items: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for code, text in items:
            combo.addItem(text, code)
        return combo

    # -- reading the form -----------------------------------------------------------------------

    def _changed(self, field_name: str) -> None:
        if not self._autofilling:
            self._touched.add(field_name)
        self._timer.start()
        if self._search is not None and field_name in _SEARCH_FIELDS:
            self._search_timer.start()

    def _household_changed(self, _index: int) -> None:
        if self.household.currentData() and self.relationship.currentData() == "02":
            self.relationship.setCurrentIndex(0)
        elif not self.household.currentData() and not self.relationship.currentData():
            self.relationship.setCurrentIndex(self.relationship.findData("02"))

    def _read(self) -> tuple[ResidentInput, list[Problem]]:
        ui_problems: list[Problem] = []
        dates: dict[str, date | None] = {}
        for field_name in ("birth_date", "arrival_date"):
            text = getattr(self, field_name).text()
            try:
                dates[field_name] = parse_date(text)
            except ValueError:
                dates[field_name] = None
                ui_problems.append(error(field_name, "ui.date_invalid", value=text.strip()))
        reason = self.reason.currentData()
        inp = ResidentInput(
            id_type=IdType(self.id_type.currentData()),
            id_number=self.id_number.text(),
            name=self.name.text(),
            sex=self.sex.currentData() or "",
            birth_date=dates["birth_date"],
            ethnicity=self.ethnicity.currentData() or "",
            hukou_address=self.hukou_address.text(),
            phone=self.phone.text(),
            education=self.education.currentData() or "",
            employer_name=self.employer_name.text(),
            employer_uscc=self.employer_uscc.text(),
            arrival_date=dates["arrival_date"],
            reason=ResidenceReason(reason) if reason else None,
        )
        return inp, ui_problems

    def _autofill_from_id(self) -> None:
        """Fill sex and birth date from a valid resident ID unless the officer typed their own."""
        if self.id_type.currentData() != IdType.RESIDENT_ID.value:
            return
        check = check_id_number(self.id_number.text(), today=self._today)
        if not check.ok or check.sex is None or check.birth_date is None:
            return
        self._autofilling = True
        try:
            current_sex = self.sex.currentData() or ""
            if not current_sex or current_sex == self._auto.get("sex"):
                self.sex.setCurrentIndex(self.sex.findData(check.sex.value))
                self._auto["sex"] = check.sex.value
            current_birth = self.birth_date.text().strip()
            if not current_birth or current_birth == self._auto.get("birth_date"):
                self.birth_date.setText(check.birth_date.isoformat())
                self._auto["birth_date"] = check.birth_date.isoformat()
        finally:
            self._autofilling = False

    # -- validation ------------------------------------------------------------------------------

    def validate_now(self) -> tuple[Problem, ...]:
        """Validate the form now (the debounce timer calls this); show and return the problems."""
        self._timer.stop()
        self._autofill_from_id()
        inp, ui_problems = self._read()
        checked = validate_resident(inp, today=self._today, tables=self._tables)
        self.problems = tuple(ui_problems) + tuple(
            p for p in checked.problems if not (p.field in ("birth_date", "arrival_date")
                                                 and any(u.field == p.field for u in ui_problems)))
        self._show_problems()
        self.validated.emit()
        return self.problems

    def _show_problems(self) -> None:
        by_field: dict[str, list[Problem]] = {}
        for problem in self.problems:
            target = _FIELD_ALIASES.get(problem.field, problem.field)
            if target not in self.problem_labels:
                target = ""
            by_field.setdefault(target, []).append(problem)
        for field_name, note in self.problem_labels.items():
            visible = self._show_all or field_name in self._touched
            self._fill_note(note, by_field.get(field_name, []) if visible else [])
        general = by_field.get("", []) if self._show_all or self._touched else []
        self._fill_note(self.general_problems, general)
        self.save_button.setEnabled(not self._saving and not has_errors(self.problems)
                                    and not (self.match_panel is not None and self.match_panel.blocks_create()))

    @staticmethod
    def _fill_note(note: QLabel, problems: Sequence[Problem]) -> None:
        if not problems:
            note.clear()
            note.setVisible(False)
            return
        worst = Severity.ERROR if has_errors(problems) else Severity.WARNING
        color = ERROR_COLOR if worst is Severity.ERROR else WARNING_COLOR
        note.setStyleSheet(f"color: {color};")
        note.setProperty("severity", worst.value)
        note.setText("\n".join(problem_text(p) for p in problems))
        note.setVisible(True)

    def problem_text_of(self, field_name: str) -> str:
        """Return the problem text shown next to ``field_name`` ("" when none is shown)."""
        note = self.problem_labels.get(field_name)
        return note.text() if note is not None and note.isVisible() else ""

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        """Validate and, without errors, register the person on the DB thread."""
        self._show_all = True
        if has_errors(self.validate_now()) or self._saving:
            return
        inp, _ = self._read()
        household_id = self.household.currentData() or None
        relationship = self.relationship.currentData() or ""
        registry, address_id, today = self._registry, self._address_id, self._today

        search = self._search

        def work(_state: Any) -> SavedResident | MatchResult:
            if search is not None and inp.id_number.strip():
                found = search.find_matches(MatchQuery(id_number=inp.id_number))
                if found.same_person is not None:  # never a second record of one person
                    return found
            return registry.register_person(inp, address_id, household_id=household_id,
                                            relationship=relationship, today=today)

        if self.match_panel is not None and self.match_panel.same_person is not None \
                and not self.match_panel.same_person.local:
            return  # central knows this person: move, never a second record
        self._saving = True
        self.save_button.setEnabled(False)
        self._runner.run(work, self._saved, self._save_failed, title=self.tr("Saving…"))

    def _saved(self, saved: SavedResident | MatchResult) -> None:
        self._saving = False
        if isinstance(saved, MatchResult):
            self._show_matches(saved)
            return
        self.resident_saved.emit(saved)
        self.accept()

    # -- search before create (issue 4) ---------------------------------------------------------

    def search_now(self) -> None:
        """Search the store for the person being typed (on the DB thread); the panel shows the matches."""
        if self._search is None:
            return
        self._search_timer.stop()
        try:
            birth = parse_date(self.birth_date.text())
        except ValueError:
            birth = None
        query = MatchQuery(id_number=self.id_number.text(), name=self.name.text(), phone=self.phone.text(),
                           birth_date=birth)
        search = self._search
        self._search_seq += 1
        seq = self._search_seq
        self._local_result, self._central_answer = None, None
        self._runner.run(lambda _s: search.find_matches(query), lambda r: self._local_done(seq, r),
                         progress=False)
        central = search.central
        if central is None or query.is_empty():
            return
        if self.match_panel is not None:
            self.match_panel.set_central_pending(True)
        offline: tuple[CentralStatus, tuple[Any, ...]] = (CentralStatus.OFFLINE, ())
        # the network pool, a short timeout: the form never waits for central
        self._runner.run(lambda _s: central.find(query), lambda a: self._central_done(seq, a),
                         lambda _exc: self._central_done(seq, offline), progress=False, network=True)

    def done(self, result: int) -> None:
        """Close the dialog; a search still running (central's half) is then ignored when it answers."""
        self._search_seq += 1
        super().done(result)

    def _local_done(self, seq: int, result: MatchResult) -> None:
        if seq == self._search_seq:
            self._local_result = result
            self._show_merged()

    def _central_done(self, seq: int, answer: tuple[CentralStatus, tuple[Any, ...]]) -> None:
        if seq == self._search_seq:
            self._central_answer = answer
            self._show_merged()

    def _show_merged(self) -> None:
        local = self._local_result
        if local is None:
            return  # central answered first: shown with the local half
        if self._central_answer is None:
            self._show_matches(local)
        else:
            self._show_matches(merge_central(local, *self._central_answer))

    def _show_matches(self, result: MatchResult) -> None:
        if self.match_panel is None:
            return
        self.match_panel.show_result(result)
        self._show_problems()
        self.matches_shown.emit(result)

    def move_here(self, match: Match) -> None:
        """Move the matched person to this address instead of creating a second record."""
        if self._residency is None or self._saving:
            return
        residency, address_id, today = self._residency, self._address_id, self._today
        household_id = self.household.currentData() or None
        relationship = self.relationship.currentData() or ""
        reason = self.tr("Moved to %1").replace("%1", self._address_text)
        central = self._search.central if self._search is not None else None

        def work(_state: Any) -> MoveResult:
            if not match.local:  # known to central only: a sync brings the person in first
                if central is None:
                    raise NotFound(match.resident_id)
                central.make_local(match.resident_id)
            return residency.move_resident(match.resident_id, address_id, household_id=household_id,
                                           relationship=relationship, moved_date=today, reason=reason)

        self._saving = True
        self.save_button.setEnabled(False)
        self._runner.run(work, self._moved, self._save_failed, title=self.tr("Saving…"))

    def _moved(self, moved: MoveResult) -> None:
        self._saving = False
        self.resident_saved.emit(moved)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, Invalid) and isinstance(exc.problems, tuple):
            self.problems = tuple(p for p in exc.problems if isinstance(p, Problem))
            self._show_all = True
            self._show_problems()
        else:
            self._show_problems()
            show_error(self, exc)
