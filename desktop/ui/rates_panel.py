"""The rates panel: the three rates with estimate, 95% interval, n and a coloured status (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.rates import RateEstimate, RateStatus
from desktop.domain.survey import RATE_NAMES
from desktop.ui import labels

STATUS_COLORS = {
    RateStatus.GREEN: "#2e7d32",
    RateStatus.AMBER: "#b26a00",
    RateStatus.RED: "#c62828",
    RateStatus.NO_DATA: "#757575",
}


def percent(value: float) -> str:
    """Format a proportion as a percentage with one decimal ("96.2%")."""
    return f"{value * 100:.1f}%"


class RateCard(QFrame):
    """One rate: title, estimate, interval and n, and a status chip."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"rate_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(labels.label(labels.RATES, name))
        self.title.setObjectName("rateTitle")
        self.value = QLabel()
        self.value.setObjectName("rateValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setObjectName("rateDetail")
        self.status = QLabel()
        self.status.setObjectName("rateStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.show_estimate(None)

    def _status_text(self, status: RateStatus) -> str:
        return {
            RateStatus.GREEN: self.tr("On target"),
            RateStatus.AMBER: self.tr("Near target"),
            RateStatus.RED: self.tr("Below target"),
            RateStatus.NO_DATA: self.tr("No data"),
        }[status]

    def show_estimate(self, rate: RateEstimate | None) -> None:
        """Show ``rate``; None or a rate without a sample shows "no data" (never 0% or 100%)."""
        status = RateStatus.NO_DATA if rate is None or rate.estimate is None else rate.status
        color = STATUS_COLORS[status]
        self.status.setText(self._status_text(status))
        self.status.setProperty("status", status.value)
        self.status.setStyleSheet(f"color: white; background: {color}; border-radius: 3px; padding: 1px 6px;")
        if rate is None or rate.estimate is None or rate.ci_low is None or rate.ci_high is None:
            self.value.setText(self.tr("No data"))
            self.value.setStyleSheet(f"color: {color};")
            self.detail.setText(self.tr("No verification sample yet"))
            return
        self.value.setText(percent(rate.estimate))
        self.value.setStyleSheet(f"color: {color};")
        self.detail.setText(self.tr("95% CI %1–%2 · n = %3 · target %4")
                            .replace("%1", percent(rate.ci_low)).replace("%2", percent(rate.ci_high))
                            .replace("%3", str(rate.n)).replace("%4", percent(rate.target)))


class RatesPanel(QWidget):
    """The three rate cards side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratesPanel")
        self.cards = {name: RateCard(name) for name in RATE_NAMES}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for card in self.cards.values():
            layout.addWidget(card, 1)

    def show_rates(self, rates: Mapping[str, RateEstimate]) -> None:
        """Show the rates by name; a missing rate shows "no data"."""
        for name, card in self.cards.items():
            card.show_estimate(rates.get(name))
