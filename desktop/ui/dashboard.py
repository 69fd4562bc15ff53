"""The dashboard (issue 5 §6, §8): the three rates against 95% with their intervals, the trend by month,
coverage, per-officer accuracy and the statistics as charts (QtCharts); click a bar or a point to open the
records behind it (supervisors). Labelled 中心数据 (central's district figures) or 本机数据 (this device's).
Exports the defending report to Excel (service) and PDF (``QTextDocument`` → ``QPdfWriter``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.rates import RateStatus
from desktop.domain.survey import RATE_NAMES
from desktop.services.dashboard_data import CENTRAL, DashboardData
from desktop.ui import labels
from desktop.ui.rates_panel import STATUS_COLORS

RATE_COLORS = ("#1565c0", "#6a1b9a", "#00838f")


def export_pdf(html: str, path: Path) -> Path:
    """Print ``html`` (the report) to an A4 PDF at ``path``."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(150)
    writer.setPageMargins(QMarginsF(12, 12, 12, 12))
    doc = QTextDocument()
    doc.setHtml(html)
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    doc.print_(writer)
    return path


class RecordsDialog(QDialog):
    """A plain table of the records behind a figure."""

    def __init__(self, title: str, rows: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordsDialog")
        self.setWindowTitle(title)
        headers = list(rows[0]) if rows else []
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            for c, key in enumerate(headers):
                self.table.setItem(r, c, QTableWidgetItem("" if row[key] is None else str(row[key])))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("%n record(s)", "", len(rows))))
        layout.addWidget(self.table)
        self.resize(900, 500)


def _two_lines(text: str) -> str:
    """Break a long category label in two (rich text) so a narrow chart shows it whole, not elided."""
    if len(text) <= 6:
        return text
    if " " in text:
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
        return f"{text[:cut]}<br>{text[cut + 1:]}"
    half = (len(text) + 1) // 2
    return f"{text[:half]}<br>{text[half:]}"


def _band_start(band: str) -> int:
    return int(band.split("-")[0].rstrip("+"))


def _ten_year_bands(counts: dict[str, int]) -> dict[str, int]:
    """Fold the statistics' 5-year age bands ("20-24", "80+") into 10-year ones ("20-29", "80+"):
    17 bands do not fit a dashboard chart's height and their labels were elided to "…"."""
    out: dict[str, int] = {}
    for band, n in counts.items():
        if band.endswith("+"):
            key = band
        else:
            start = _band_start(band) // 10 * 10
            key = f"{start}-{start + 9}"
        out[key] = out.get(key, 0) + n
    return out


def _symmetric_count_axis(top: int) -> QCategoryAxis:
    """A value axis from −top to +top whose labels are counts without a sign (the pyramid's male side)."""
    raw = top * 1.1 / 3
    magnitude = 10 ** max(0, len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks = 1
    while ticks * step < top:
        ticks += 1
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(-ticks * step, ticks * step)
    axis.setStartValue(-ticks * step)
    for i in range(-ticks, ticks + 1):
        value = i * step
        text = f"{abs(value):,.0f}"
        # category labels must be unique: the left side's carry an invisible zero-width space
        axis.append(text + ("\u200b" if i < 0 else ""), value)
    return axis


def _view(chart: QChart, name: str) -> QChartView:
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(360, 330)
    for axis in chart.axes():
        if isinstance(axis, QBarCategoryAxis):
            font = axis.labelsFont()
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            axis.setLabelsFont(font)
    return view


class Dashboard(QWidget):
    """Charts of one :class:`DashboardData`. Signals: ``drill_requested(str, str)`` (kind, key),
    ``refresh_requested()``, ``export_requested(str)`` ("xlsx" / "pdf")."""

    drill_requested = Signal(str, str)
    refresh_requested = Signal()
    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.data: DashboardData | None = None
        self.source_label = QLabel()
        self.source_label.setObjectName("sourceLabel")
        font = self.source_label.font()
        font.setBold(True)
        self.source_label.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh_requested.emit)
        self.excel_button = QPushButton(self.tr("Export report (Excel)…"))
        self.excel_button.setObjectName("exportExcel")
        self.excel_button.clicked.connect(lambda: self.export_requested.emit("xlsx"))
        self.pdf_button = QPushButton(self.tr("Export report (PDF)…"))
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self.export_requested.emit("pdf"))
        top = QHBoxLayout()
        top.addWidget(self.source_label)
        top.addStretch(1)
        for b in (self.refresh_button, self.excel_button, self.pdf_button):
            top.addWidget(b)
        self.grid = QGridLayout()
        self.views: dict[str, QChartView] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        charts = QWidget()
        charts.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(charts)
        layout.addWidget(scroll, 1)

    # -- data ----------------------------------------------------------------------------------------

    def show_data(self, data: DashboardData) -> None:
        """Rebuild every chart from ``data``."""
        self.data = data
        if data.source == CENTRAL:
            self.source_label.setText(self.tr("Central data — district figures from the central server"))
        else:
            self.source_label.setText(self.tr("This device's data — central is not reachable, figures from local data"))
        self.source_label.setProperty("source", data.source)
        f = data.report.figures
        c = f.chapman
        parts = []
        if c.estimate is not None and c.ci_low is not None and c.ci_high is not None:
            parts.append(self.tr("Estimated true floating population %1 (95% CI %2–%3; registered %4)")
                         .replace("%1", f"{c.estimate:,.0f}").replace("%2", f"{c.ci_low:,.0f}")
                         .replace("%3", f"{c.ci_high:,.0f}").replace("%4", f"{c.register:,}"))
        if f.stale.estimate is not None:
            parts.append(self.tr("stale records %1").replace("%1", f"{f.stale.estimate * 100:.1f}%"))
        # No survey coverage here: the rates engine counts addresses with a visit row, the task list
        # (SurveyTaskService.coverage) also counts rooms with a living registration; until they share one
        # definition the dashboard shows none rather than a figure that contradicts the task list (issue 9).
        inverted = data.stats.get("_inverted") or []
        if inverted:
            where = "、".join(data.names.get(a, a) for a in inverted)
            parts.append(self.tr("Floating population above the local population: %1").replace("%1", where))
        clusters = data.stats.get("_clusters") or []
        if clusters:
            parts.append(self.tr("Same-origin same-trade clusters: %1").replace("%1", str(len(clusters))))
        self.summary.setText(" · ".join(parts) if parts else self.tr("No verification sample yet"))
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.views = {}
        charts = [
            ("ratesChart", self._rates_chart()), ("trendChart", self._trend_chart()),
            ("officerChart", self._officer_chart()), ("coverageChart", self._coverage_chart()),
            ("provinceChart", self._province_chart()), ("pyramidChart", self._pyramid_chart()),
            ("housingChart", self._housing_chart()), ("fieldChart", self._field_chart()),
        ]
        for i, (name, chart) in enumerate(charts):
            view = _view(chart, name)
            self.views[name] = view
            self.grid.addWidget(view, i // 3, i % 3)

    def _rate_label(self, name: str) -> str:
        return labels.label(labels.RATES, name)

    def _rates_chart(self) -> QChart:
        assert self.data is not None
        f = self.data.report.figures
        chart = QChart()
        chart.setTitle(self.tr("The three rates against 95% (95% intervals)"))
        axis_x = QBarCategoryAxis()
        axis_x.append([_two_lines(self._rate_label(n)) for n in RATE_NAMES])
        axis_y = QValueAxis()
        lows = [f.rates[n].ci_low for n in RATE_NAMES if f.rates[n].ci_low is not None]
        axis_y.setRange(max(0.0, min([*(x * 100 for x in lows), 90.0]) - 2), 100.0)
        axis_y.setLabelFormat("%.0f%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        target = QLineSeries()
        target.setName(self.tr("Target 95%"))
        target.append(-0.5, 95.0)
        target.append(2.5, 95.0)
        pen = QPen(QColor("#c62828"))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidth(2)
        target.setPen(pen)
        chart.addSeries(target)
        target.attachAxis(axis_x)
        target.attachAxis(axis_y)
        points = QScatterSeries()
        points.setName(self.tr("Estimate"))
        points.setMarkerSize(12)
        for i, n in enumerate(RATE_NAMES):
            r = f.rates[n]
            if r.estimate is None or r.ci_low is None or r.ci_high is None:
                continue
            bar = QLineSeries()
            bar.append(i, r.ci_low * 100)
            bar.append(i, r.ci_high * 100)
            bpen = QPen(QColor(STATUS_COLORS[r.status]))
            bpen.setWidth(4)
            bar.setPen(bpen)
            chart.addSeries(bar)
            bar.attachAxis(axis_x)
            bar.attachAxis(axis_y)
            chart.legend().markers(bar)[0].setVisible(False)
            points.append(i, r.estimate * 100)
        chart.addSeries(points)
        points.attachAxis(axis_x)
        points.attachAxis(axis_y)
        points.clicked.connect(lambda p: self._drill("rate", RATE_NAMES[max(0, min(2, round(p.x())))]))
        return chart

    def _trend_chart(self) -> QChart:
        assert self.data is not None
        months = self.data.report.by_month
        chart = QChart()
        chart.setTitle(self.tr("Trend by month"))
        axis_x = QBarCategoryAxis()
        axis_x.append(list(months) or ["—"])
        axis_y = QValueAxis()
        axis_y.setRange(80.0, 100.0)
        axis_y.setLabelFormat("%.0f%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for color, n in zip(RATE_COLORS, RATE_NAMES, strict=True):
            s = QLineSeries() if len(months) > 1 else QScatterSeries()
            s.setName(self._rate_label(n))
            s.setColor(QColor(color))
            for i, rates in enumerate(months.values()):
                if rates[n].estimate is not None:
                    s.append(i, rates[n].estimate * 100)
            chart.addSeries(s)
            s.attachAxis(axis_x)
            s.attachAxis(axis_y)
        return chart

    def _officer_chart(self) -> QChart:
        assert self.data is not None
        officers = {k: v for k, v in self.data.report.by_officer.items() if v.estimate is not None}
        chart = QChart()
        chart.setTitle(self.tr("Accuracy by registering officer"))
        series = QHorizontalBarSeries()
        bars = QBarSet(self._rate_label("accuracy_rate"))
        bars.setColor(QColor(RATE_COLORS[1]))
        for v in officers.values():
            bars.append((v.estimate or 0.0) * 100)
        series.append(bars)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([k or "—" for k in officers] or ["—"])
        axis_x = QValueAxis()
        axis_x.setRange(80.0, 100.0)
        axis_x.setLabelFormat("%.0f%%")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        keys = list(officers)
        series.clicked.connect(lambda index, _set: self._drill("officer", keys[index]) if index < len(keys) else None)
        return chart

    def _coverage_chart(self) -> QChart:
        assert self.data is not None
        areas = self.data.report.areas
        communities = {k: a for k, a in areas.items() if a.level == "community"}
        if not communities:
            communities = {k: a for k, a in areas.items() if a.level == "town"}
        shown = sorted(communities.items(), key=lambda kv: kv[1].rates["registration_rate"].n, reverse=True)[:8]
        chart = QChart()
        # survey coverage left out: see show_data (the engine's coverage is not the task list's)
        chart.setTitle(self.tr("Registration rate by community"))
        series = QHorizontalBarSeries()
        reg = QBarSet(self._rate_label("registration_rate"))
        reg.setColor(QColor(RATE_COLORS[0]))
        for _k, a in shown:
            reg.append((a.rates["registration_rate"].estimate or 0.0) * 100)
        series.append(reg)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([self.data.names.get(k, k[:6]) for k, _a in shown] or ["—"])
        axis_y = QValueAxis()
        axis_y.setRange(0.0, 100.0)
        axis_y.setLabelFormat("%.0f%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        return chart

    def _area_stats(self) -> dict[str, Any]:
        assert self.data is not None
        return dict(self.data.stats.get(self.data.area) or {"total": 0, "dims": {}})

    def _province_chart(self) -> QChart:
        dims = self._area_stats().get("dims", {})
        top = sorted(dims.get("province", {}).items(), key=lambda kv: kv[1])[-10:]
        chart = QChart()
        chart.setTitle(self.tr("Origin province (top 10)"))
        series = QHorizontalBarSeries()
        bars = QBarSet(self.tr("People"))
        bars.setColor(QColor("#ef6c00"))
        for _k, v in top:
            bars.append(v)
        series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([k for k, _v in top] or ["—"])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        axis_y.setRange(0, max([v for _k, v in top] or [1]) * 1.1)
        keys = [k for k, _v in top]
        series.clicked.connect(lambda index, _set: self._drill("province", keys[index]) if index < len(keys) else None)
        chart.legend().hide()
        return chart

    def _pyramid_chart(self) -> QChart:
        dims = self._area_stats().get("dims", {})
        male, female = _ten_year_bands(dims.get("age_male", {})), _ten_year_bands(dims.get("age_female", {}))
        bands = sorted(set(male) | set(female), key=_band_start)
        chart = QChart()
        chart.setTitle(self.tr("Age pyramid by sex"))
        series = QHorizontalStackedBarSeries()
        m, w = QBarSet(self.tr("Male")), QBarSet(self.tr("Female"))
        m.setColor(QColor("#1976d2"))
        w.setColor(QColor("#d81b60"))
        for b in bands:
            m.append(-male.get(b, 0))  # drawn to the left; the axis labels show the count
            w.append(female.get(b, 0))
        series.append(m)
        series.append(w)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(bands or ["—"])
        axis_x = _symmetric_count_axis(max([*male.values(), *female.values(), 1]))
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        return chart

    def _housing_chart(self) -> QChart:
        dims = self._area_stats().get("dims", {})
        names = {"rental": self.tr("Rental"), "group_rental": self.tr("Group rental"),
                 "ordinary": self.tr("Ordinary"), "dormitory": self.tr("Dormitory")}
        chart = QChart()
        chart.setTitle(self.tr("Housing type"))
        pie = QPieSeries()
        pie.setPieSize(0.55)
        total = sum(dims.get("housing", {}).values()) or 1
        for k, v in sorted(dims.get("housing", {}).items(), key=lambda kv: -kv[1]):
            s = pie.append(f"{names.get(k, k)} {v / total * 100:.0f}%", v)
            s.setLabelVisible(True)
        chart.addSeries(pie)
        chart.legend().hide()
        return chart

    def _field_chart(self) -> QChart:
        assert self.data is not None
        fields = self.data.report.figures.field_accuracy
        names = {"name": self.tr("Name"), "id_number": self.tr("ID number"), "address": self.tr("Address (room)"),
                 "phone": self.tr("Phone"), "employer": self.tr("Employer"), "living_here": self.tr("Living here")}
        chart = QChart()
        chart.setTitle(self.tr("Accuracy by key field"))
        series = QHorizontalBarSeries()
        bars = QBarSet(self.tr("Correct"))
        bars.setColor(QColor(RATE_COLORS[1]))
        shown = [k for k, v in fields.items() if v.estimate is not None]
        for k in shown:
            bars.append((fields[k].estimate or 0.0) * 100)
        series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([names.get(k, k) for k in shown] or ["—"])
        axis_y = QValueAxis()
        axis_y.setRange(80.0, 100.0)
        axis_y.setLabelFormat("%.0f%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().hide()
        return chart

    def _drill(self, kind: str, key: str) -> None:
        self.drill_requested.emit(kind, key)


def status_color(status: RateStatus) -> str:
    """The colour of a rate status (for legends elsewhere)."""
    return STATUS_COLORS[status]


def ask_path(parent: QWidget, kind: str, suggested: str) -> Path | None:
    """Ask where to save the report (``kind`` "xlsx" / "pdf"); None when cancelled."""
    flt = "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)"
    title = QCoreApplication.translate("Dashboard", "Export report")
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, flt)
    return Path(name) if name else None


Loader = Callable[[], DashboardData]
