"""Errors that escape every ``try`` (a slot that raises, a worker thread that dies) reach the user.

Qt calls Python slots from its event loop, where an exception would otherwise only be printed to a
terminal the analyst never sees. The hook writes it, with its traceback, to the log file and shows it in a
dialog whose details can be copied into a bug report.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.ui.errors import error_box

logger = logging.getLogger("annotator")
# A dialog without a parent window is deleted with its last Python reference: kept here while it shows.
_showing: set[QMessageBox] = set()


def install_crash_reporting(log_file: Path) -> logging.Handler:
    """Log warnings and errors to ``log_file``, and report any unhandled exception in a dialog.

    Returns the log's handler (closed with the app).
    """
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()  # no log folder: the terminal is all there is
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, logging.WARNING))

    def report(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        logger.error("unexpected error", exc_info=(kind, error, trace))
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: not a bug to report
            sys.__excepthook__(kind, error, trace)
            return
        show_unexpected_error(error, log_file)

    def report_thread(hook: threading.ExceptHookArgs) -> None:
        if hook.exc_value is not None:
            logger.error(
                "unexpected error in thread %s",
                hook.thread.name if hook.thread else "?",
                exc_info=(hook.exc_type, hook.exc_value, hook.exc_traceback),
            )

    sys.excepthook = report
    threading.excepthook = report_thread
    return handler


def show_unexpected_error(error: Exception, log_file: Path) -> QMessageBox | None:
    """The dialog for a bug: what happened, that saved work is safe, the traceback to copy, the log."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    box = error_box(app.activeWindow(), error)
    box.setInformativeText(f"The details are also written to {log_file}.")
    _showing.add(box)
    box.finished.connect(lambda _result: _showing.discard(box))
    return box
