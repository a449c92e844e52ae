"""The window's actions, built from ``action_table``: menus, toolbar, and keys the user may change.

User keys are kept in the settings under ``shortcuts/<id>`` (an empty value removes every key). A key
can belong to one command only: assigning a key that another command holds is refused, so no key is
ever ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QToolBar

from annotator.domain.errors import AnnotatorError
from annotator.ui.action_table import (
    ACTIONS,
    REVIEW_ACTIONS,
    SPAN_EDGE_ACTIONS,
    SPAN_EDGE_STEPS,
    TOOLBAR,
    ActionSpec,
)
from annotator.ui.icons import themed_icon

ShortcutRow = tuple[str, str, str]  # group, what it does, keys
_TEXT = QKeySequence.SequenceFormat.PortableText


def _sequences(text: str) -> list[QKeySequence]:
    return [QKeySequence(part.strip()) for part in text.split(";") if part.strip()]


class Actions:
    def __init__(
        self, window: QMainWindow, settings: QSettings, slots: Mapping[str, Callable[[], object]]
    ) -> None:
        self.window = window
        self.settings = settings
        self.specs: dict[str, ActionSpec] = {
            spec.id: spec for spec in (*ACTIONS, *REVIEW_ACTIONS, *SPAN_EDGE_ACTIONS)
        }
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.edge_keys_changed: list[Callable[[dict[str, tuple[int, int]]], None]] = []
        for spec in (*ACTIONS, *REVIEW_ACTIONS):
            self._build(spec, slots.get(spec.id))
        self.set_review_keys(False)
        self.toolbar = self._toolbar()

    def _build(self, spec: ActionSpec, slot: Callable[[], object] | None) -> None:
        action = QAction(spec.text, self.window)
        action.setObjectName(spec.id)
        action.setCheckable(spec.checkable)
        action.setShortcuts(self.keys(spec.id))
        if spec.tip:
            action.setToolTip(spec.tip)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        if spec in ACTIONS:
            if spec.menu not in self.menus:
                self.menus[spec.menu] = self.window.menuBar().addMenu(spec.menu)
            if spec.separator:
                self.menus[spec.menu].addSeparator()
            self.menus[spec.menu].addAction(action)
        self.window.addAction(action)  # keys work even when the menu bar is hidden
        self.actions[spec.id] = action

    def _toolbar(self) -> QToolBar:
        bar = QToolBar("Toolbar", self.window)
        bar.setObjectName("main-toolbar")
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for action_id in TOOLBAR:
            if not action_id:
                bar.addSeparator()
                continue
            action = self.actions[action_id]
            bar.addAction(action)
            keys = self.key_text(action_id)
            tip = self.specs[action_id].name + (f" ({keys})" if keys else "")
            action.setToolTip(tip)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.apply_icons()
        return bar

    def apply_icons(self) -> None:
        """Icons drawn in the palette's text colour: called again when the theme changes."""
        for action_id in TOOLBAR:
            if action_id:
                icon = themed_icon(self.specs[action_id].icon, QApplication.palette())
                self.actions[action_id].setIcon(icon)

    def connect(self, slots: Mapping[str, Callable[[], object]]) -> None:
        """What commands built without a slot do (a room made after the actions supplies them)."""
        for action_id, slot in slots.items():
            self.actions[action_id].triggered.connect(lambda _checked=False, slot=slot: slot())

    def __getitem__(self, action_id: str) -> QAction:
        return self.actions[action_id]

    # -- keys -----------------------------------------------------------------------------------------

    def keys(self, action_id: str) -> list[QKeySequence]:
        saved = self.settings.value(f"shortcuts/{action_id}")
        if isinstance(saved, str):
            return _sequences(saved)
        return [QKeySequence(key) for key in self.specs[action_id].keys]

    def key_text(self, action_id: str) -> str:
        native = QKeySequence.SequenceFormat.NativeText
        return " or ".join(key.toString(native) for key in self.keys(action_id))

    def owner_of(self, key: QKeySequence, *, besides: str = "") -> str | None:
        """The command that holds ``key`` (other than ``besides``), if any."""
        wanted = key.toString(_TEXT)
        for action_id in self.specs:
            if action_id != besides and any(k.toString(_TEXT) == wanted for k in self.keys(action_id)):
                return action_id
        return None

    def set_keys(self, action_id: str, keys: Iterable[QKeySequence]) -> None:
        """Give ``action_id`` these keys (saved); refused when another command already holds one."""
        chosen = [key for key in keys if not key.isEmpty()]
        for key in chosen:
            owner = self.owner_of(key, besides=action_id)
            if owner is not None:
                raise AnnotatorError(
                    f"{key.toString(QKeySequence.SequenceFormat.NativeText)} already belongs to "
                    f"“{self.specs[owner].name}”; give that command another key first"
                )
        default = [QKeySequence(key).toString(_TEXT) for key in self.specs[action_id].keys]
        if [key.toString(_TEXT) for key in chosen] == default:
            self.settings.remove(f"shortcuts/{action_id}")
        else:
            self.settings.setValue(f"shortcuts/{action_id}", "; ".join(k.toString(_TEXT) for k in chosen))
        if action_id in self.actions:
            self.actions[action_id].setShortcuts(chosen)
        else:
            self._edge_keys_changed()

    def conflicts(self) -> list[tuple[str, str, str]]:
        """(key, first command, second command) for every key two commands share: empty when sound."""
        seen: dict[str, str] = {}
        found = []
        for action_id in self.specs:
            for key in self.keys(action_id):
                text = key.toString(_TEXT)
                if text in seen:
                    found.append((text, seen[text], action_id))
                seen[text] = action_id
        return found

    def edge_keys(self) -> dict[str, tuple[int, int]]:
        """Keys that move a selected span's edges, as portable text: (start step, end step)."""
        return {
            key.toString(_TEXT): SPAN_EDGE_STEPS[spec.id]
            for spec in SPAN_EDGE_ACTIONS
            for key in self.keys(spec.id)
        }

    def _edge_keys_changed(self) -> None:
        for listener in self.edge_keys_changed:
            listener(self.edge_keys())

    def set_review_keys(self, on: bool) -> None:
        for spec in REVIEW_ACTIONS:
            self.actions[spec.id].setEnabled(on)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(id, group, what it does, keys) for every command with keys, as Help > Keyboard shortcuts
        lists them."""
        return [(spec.id, spec.group, spec.name, self.key_text(spec.id)) for spec in self.specs.values()]
