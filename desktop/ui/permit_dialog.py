"""The residence-permit dialog (居住证): number, issue date, endorsements, standing and eligibility."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.permit import PermitInput, PermitState, permit_standing, validate_permit
from desktop.domain.problems import Problem, error, has_errors
from desktop.services.permits import PermitOverview, PermitService
from desktop.ui.errors import problem_text, show_error
from desktop.ui.resident_form import ERROR_COLOR, WARNING_COLOR, parse_date
from desktop.ui.tasks import TaskRunner


class PermitDialog(QDialog):
    """Record or update one person's residence permit. Signals: ``loaded()``, ``saved(str)`` (permit id)."""

    loaded = Signal()
    saved = Signal(str)

    def __init__(self, runner: TaskRunner, permits: PermitService, resident_id: str,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("permitDialog")
        self.setWindowTitle(self.tr("Residence permit"))
        self._runner, self._permits, self._resident_id = runner, permits, resident_id
        self._today = today or date.today()
        self._permit_id: str | None = None
        self.overview: PermitOverview | None = None
        self.header = QLabel()
        self.number = QLineEdit()
        self.number.setObjectName("permitNumber")
        self.issue_date = QLineEdit()
        self.issue_date.setObjectName("issueDate")
        self.issue_date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.endorsements = QLineEdit()
        self.endorsements.setObjectName("endorsements")
        self.endorsements.setPlaceholderText(self.tr("Endorsement dates, separated by commas"))
        self.endorse_button = QPushButton(self.tr("Endorsed today"))
        self.endorse_button.clicked.connect(self._endorse_today)
        self.state = QLabel()
        self.state.setObjectName("permitState")
        self.state.setWordWrap(True)
        self.eligibility = QLabel()
        self.eligibility.setObjectName("permitEligibility")
        self.eligibility.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Permit number"), self.number)
        form.addRow(self.tr("Issue date"), self.issue_date)
        form.addRow(self.tr("Endorsements"), self.endorsements)
        form.addRow("", self.endorse_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(self.eligibility)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        for edit in (self.number, self.issue_date, self.endorsements):
            edit.textChanged.connect(lambda _t: self.validate_now())
        self.resize(560, 360)
        self.save_button.setEnabled(False)
        today_ = self._today
        runner.run(lambda _s: permits.overview(resident_id, today_), self._loaded, title=self.tr("Loading…"))

    def _loaded(self, overview: PermitOverview) -> None:
        self.overview = overview
        self.header.setText(self.tr("Residence permit of %1").replace("%1", overview.name))
        if overview.permits:
            latest = overview.permits[0]
            self._permit_id = latest.id
            self.number.setText(latest.number)
            self.issue_date.setText(latest.issue_date.isoformat())
            self.endorsements.setText(", ".join(d.isoformat() for d in latest.endorsements))
        elig = overview.eligibility
        conditions = {"work": self.tr("work"), "housing": self.tr("housing"), "study": self.tr("study")}
        met = "、".join(conditions[c] for c in elig.conditions) or self.tr("none")
        if elig.eligible_from is None:
            text = self.tr("Eligibility: no residence declaration yet")
        elif elig.eligible:
            text = self.tr("Eligible for a permit (six months since %1; conditions met: %2)") \
                .replace("%1", elig.eligible_from.isoformat()).replace("%2", met)
        else:
            text = self.tr("Not yet eligible: six months reached on %1; conditions met: %2") \
                .replace("%1", elig.eligible_from.isoformat()).replace("%2", met)
        self.eligibility.setText(text)
        self.validate_now()
        self.loaded.emit()

    def _read(self) -> tuple[PermitInput, list[Problem]]:
        ui: list[Problem] = []
        try:
            issue = parse_date(self.issue_date.text())
        except ValueError:
            issue = None
            ui.append(error("issue_date", "ui.date_invalid", value=self.issue_date.text().strip()))
        dates = []
        for part in self.endorsements.text().replace("，", ",").split(","):
            try:
                day = parse_date(part)
            except ValueError:
                ui.append(error("endorsements", "ui.date_invalid", value=part.strip()))
                continue
            if day is not None:
                dates.append(day)
        return PermitInput(self.number.text(), issue, dates), ui

    def validate_now(self) -> tuple[Problem, ...]:
        """Check the form and show the permit's standing (upcoming / in window / suspended)."""
        inp, ui = self._read()
        _, problems = validate_permit(inp, today=self._today)
        all_problems = tuple(ui) + problems
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOR if has_errors(all_problems) else WARNING_COLOR};")
        self.problem_label.setText("\n".join(problem_text(p) for p in all_problems))
        if inp.issue_date is not None and not has_errors(all_problems):
            standing = permit_standing(inp.issue_date, inp.endorsements, self._today)
            texts = {
                PermitState.UPCOMING: self.tr("Next endorsement window opens %1 (due %2)"),
                PermitState.IN_WINDOW: self.tr("Endorsement window open now: endorse before %2 (opened %1)"),
                PermitState.SUSPENDED: self.tr("Suspended: not endorsed by %2 (window opened %1)"),
                PermitState.TERMINATED: self.tr("Terminated"),
            }
            self.state.setText(texts[standing.state].replace("%1", standing.window_opens.isoformat())
                               .replace("%2", standing.due.isoformat()))
            self.state.setProperty("state", standing.state.value)
        else:
            self.state.clear()
        self.save_button.setEnabled(self.overview is not None and not has_errors(all_problems))
        return all_problems

    def _endorse_today(self) -> None:
        text = self.endorsements.text().strip()
        self.endorsements.setText((text + ", " if text else "") + self._today.isoformat())

    def save(self) -> None:
        """Save on the DB thread."""
        if self.overview is None or has_errors(self.validate_now()):
            return
        inp, _ = self._read()
        permits, resident_id, permit_id, today = self._permits, self._resident_id, self._permit_id, self._today
        self.save_button.setEnabled(False)
        self._runner.run(lambda _s: permits.save(resident_id, inp, permit_id, today=today)[0], self._saved,
                         self._failed, title=self.tr("Saving…"))

    def _saved(self, permit_id: str) -> None:
        self.saved.emit(permit_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.validate_now()
        show_error(self, exc)
