"""Undo and redo that keep the screen's history and the database in agreement.

A step can be refused by the core (the span was changed in another window since, or the disk is full).
``QUndoStack`` moves its index whatever the command did, so a refused step would leave the history saying
"undone" while the database still holds the change. Here a refused step puts the index back where it was,
without running the command again, and the reason is shown once, by the command's sink.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from annotator.ui.commands import Place, _SpanCommand


class UndoHistory(QObject):
    def __init__(
        self,
        stack: QUndoStack,
        report: Callable[[str], None],
        reveal: Callable[[Place], str] | None = None,
    ) -> None:
        super().__init__(stack)
        self.stack = stack
        self._report = report  # a short message for the status bar: what undo or redo just did
        # Shows the place a step changed (its article opened, the span selected); returns the title.
        self._reveal = reveal

    def bind(self, undo: QAction, redo: QAction) -> None:
        """Make ``undo`` and ``redo`` step through the history, enabled and named after the step they
        would take."""
        undo.triggered.connect(self.undo)
        redo.triggered.connect(self.redo)
        for action, can, text, prefix in (
            (undo, self.stack.canUndoChanged, self.stack.undoTextChanged, "Undo"),
            (redo, self.stack.canRedoChanged, self.stack.redoTextChanged, "Redo"),
        ):
            can.connect(action.setEnabled)
            text.connect(lambda step, action=action, prefix=prefix: action.setText(_label(prefix, step)))
        undo.setEnabled(self.stack.canUndo())
        redo.setEnabled(self.stack.canRedo())

    def undo(self) -> bool:
        """Undo one step; returns whether it was done (False when there was none or it was refused)."""
        index = self.stack.index()
        if index == 0:
            return False
        return self._step(self.stack.command(index - 1), self.stack.undo, index, "Undid")

    def redo(self) -> bool:
        index = self.stack.index()
        if index >= self.stack.count():
            return False
        return self._step(self.stack.command(index), self.stack.redo, index, "Redid")

    def _step(self, command: QUndoCommand, step: Callable[[], None], index: int, verb: str) -> bool:
        text = command.text()
        step()
        if getattr(command, "failed", False):
            # Back to where the history was; the command is not run again on the way.
            command.skip_next_step = True  # type: ignore[attr-defined]
            self.stack.setIndex(index)
            command.skip_next_step = False  # type: ignore[attr-defined]
            command.failed = False  # type: ignore[attr-defined]
            return False
        place = command.place() if isinstance(command, _SpanCommand) else None
        title = self._reveal(place) if place is not None and self._reveal is not None else ""
        self._report(f"{verb}: {text}" + (f" in “{title}”" if title else ""))
        return True


def _label(prefix: str, step: str) -> str:
    return f"&{prefix} {step}" if step else f"&{prefix}"
