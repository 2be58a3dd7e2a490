"""The room for a chart on the dashboard, the first page shown at start-up: it holds the chart's place, and
the chart view (QtCharts) is made when the first chart arrives, after the window is shown and the figures
have loaded off the interface thread. Until then the room stays empty, as an empty chart looked."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


class ChartSlot(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None  # ui.reporting.report_charts.ChartView, once a chart is given
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)

    def replace(self, chart) -> None:
        """Show `chart` (a QChart); the one shown before is deleted."""
        if self.view is None:
            from ui.reporting.report_charts import ChartView

            self.view = ChartView(chart)
            self._column.addWidget(self.view)
        else:
            self.view.replace(chart)

    def chart(self):
        return self.view.chart() if self.view is not None else None
