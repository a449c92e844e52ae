"""Annotation sessions in the window: a small bar chart per annotator (spans per session, newest right).

PySide6-Essentials has no QtCharts; a few painted rectangles do. Hovering a bar tells its session.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.sessions import Session, SessionTotals
from annotator.services.project import Project
from annotator.services.sessions import session_report
from annotator.ui.plain_text import plain_label

MAX_BARS = 30  # the newest sessions; older ones are in ``annotator stats --sessions``
WEEKS = 8  # the window shows the last weeks' work (a weekly report); the command line shows any span
BAR, GAP, CHART_HEIGHT = 40, 8, 130
DAY_FORMS = ("%a %d %b", "%a %d", "%d")  # the day under its sessions, longest first


def local(at: str) -> datetime:
    return datetime.fromisoformat(at).astimezone()


def describe(session: Session) -> str:
    start, end = local(session.start), local(session.end)
    return (
        f"{start:%a %d %b %Y, %H:%M}–{end:%H:%M} ({session.minutes:.0f} min)\n"
        f"{session.spans_added} spans added, {session.spans_removed} removed, in {session.articles} "
        f"article(s)\n{session.spans_per_minute:.2f} spans per minute, {session.edits} edits"
    )


def headline(total: SessionTotals) -> str:
    hours, minutes = divmod(round(total.minutes), 60)
    length = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    plural = "" if total.sessions == 1 else "s"
    return (
        f"{total.annotator}: {total.sessions} session{plural} · {length} · {total.articles} "
        f"article{'' if total.articles == 1 else 's'} · "
        f"{total.spans_added} spans · {total.spans_per_minute:.2f} spans/min"
    )


class SessionsChart(QWidget):
    """One annotator's sessions as bars: height is spans added, the label under a bar its day."""

    def __init__(self, sessions: list[Session], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions[-MAX_BARS:]
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(CHART_HEIGHT)
        self._bars: list[tuple[QRectF, Session]] = []

    def sizeHint(self) -> QSize:
        return QSize(60 + len(self.sessions) * (BAR + GAP), CHART_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        metrics = painter.fontMetrics()
        line = metrics.height()
        top, bottom, left = line + 4.0, self.height() - line - 6.0, 40.0
        highest = max((s.spans_added for s in self.sessions), default=0) or 1
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, top - line / 2, left - 6, line), right, str(highest))
        painter.drawText(QRectF(0, bottom - line / 2, left - 6, line), right, "0")
        painter.drawLine(int(left), int(bottom), self.width() - 4, int(bottom))
        self._bars = []
        days: list[tuple[date, float, float]] = []  # day, first x, last x
        for n, session in enumerate(self.sessions):
            x = left + GAP + n * (BAR + GAP)
            height = (bottom - top) * session.spans_added / highest
            rect = QRectF(x, bottom - height, BAR, height)
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            self._bars.append((QRectF(x, top, BAR, bottom - top), session))
            above = QRectF(x - GAP, rect.top() - line - 1, BAR + 2 * GAP, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(session.spans_added))
            day = local(session.start).date()
            if days and days[-1][0] == day:
                days[-1] = (day, days[-1][1], x + BAR)
            else:
                days.append((day, x, x + BAR))
        # Each day's sessions are named under them, all days in the longest form that fits every day's room.
        rooms = [
            (day, QRectF(first - GAP / 2, bottom + 3, last - first + GAP, line)) for day, first, last in days
        ]
        form = next(
            (
                f
                for f in DAY_FORMS
                if all(metrics.horizontalAdvance(f"{d:{f}}") <= r.width() for d, r in rooms)
            ),
            DAY_FORMS[-1],
        )
        for day, room in rooms:
            painter.drawLine(int(room.left()), int(bottom), int(room.left()), int(bottom + 4))
            painter.drawText(room, Qt.AlignmentFlag.AlignHCenter, f"{day:{form}}")
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for rect, session in self._bars:
                if rect.contains(QPointF(event.pos())):
                    QToolTip.showText(event.globalPos(), describe(session), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)


class SessionsDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation sessions")
        self.setObjectName("sessions-dialog")
        report = session_report(project, days=WEEKS * 7)
        self.charts: dict[str, SessionsChart] = {}
        content = QWidget()
        column = QVBoxLayout(content)
        explain = plain_label(
            f"The last {WEEKS} weeks. A session runs from an annotator's first edit to their last; "
            f"{report.idle_minutes:g} minutes without an edit ends it, and that idle time is not counted. "
            f"Bars: spans added per session (up to the newest {MAX_BARS}, oldest left); hover a bar for its "
            "times and figures."
        )
        explain.setWordWrap(True)
        column.addWidget(explain)
        for total in report.totals:
            title = plain_label(headline(total))
            title.setStyleSheet("font-weight: bold; margin-top: 10px;")
            chart = SessionsChart([s for s in report.sessions if s.annotator == total.annotator])
            self.charts[total.annotator] = chart
            column.addWidget(title)
            column.addWidget(chart)
        if not report.totals:
            column.addWidget(plain_label(f"No edits recorded in the last {WEEKS} weeks."))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(820, 560)


def show_sessions(project: Project, parent: QWidget) -> SessionsDialog:
    dialog = SessionsDialog(project, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
