"""The one way a user action changes data: run the service, push its undo command, report a failure.

Every operation of the window (tag, relabel, resize, delete, notes, statuses, review decisions) goes
through ``Operations.run``: the service runs first (one transaction), and only a change that succeeded
lands on the undo stack; a refused or failed one is shown once and the screen is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoCommand

from annotator.ui.context import WindowContext
from annotator.ui.pane_controller import PaneController

T = TypeVar("T")


class Operations:
    def __init__(self, context: WindowContext, panes: PaneController) -> None:
        self.context = context
        self.panes = panes

    def run(
        self,
        action: str,
        call: Callable[[], T],
        command: Callable[[T], QUndoCommand | None],
    ) -> T | None:
        """Run ``call``; on success push ``command(result)`` (None: nothing to undo) and return the
        result; on failure tell the user what could not be done ("could not <action>") and return None."""
        try:
            result = call()
        except Exception as error:  # every failure reaches the user in one place
            self.panes.command_failed(error, action)
            return None
        step = command(result)
        if step is not None:
            self.context.undo_stack.push(step)
        return result
