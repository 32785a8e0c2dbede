"""Searchable choosers: an editable combo box over a list of ids whose labels are made lazily.

A big case has tens of thousands of elements and the choosers are refilled after every edit
or selection, while a person looks at a few entries: filling one is a single model reset,
and a label is made when Qt first asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QCompleter, QWidget

ModelIndex = QModelIndex | QPersistentModelIndex

#: A chooser's list is made as wide as the longest of this many entries (labels are made
#: lazily: a case of tens of thousands is not measured whole)…
MEASURED_ROWS = 400
#: …but no wider than this share of the screen.
POPUP_SCREEN_SHARE = 0.9


class ChoiceListModel(QAbstractListModel):
    """(label, value) rows for a combo box: shown text, and the value as UserRole data."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: list[str] = []
        self._label: Callable[[str], str] = str
        self._labels: dict[int, str] = {}
        self._rows: dict[str, int] | None = None

    def set_values(self, values: list[str], label: Callable[[str], str]) -> None:
        self.beginResetModel()
        self._values = values
        self._label = label
        self._labels = {}
        self._rows = None
        self.endResetModel()

    def row_of(self, value: str) -> int:
        """The row holding ``value``, or -1: a dictionary look-up (QComboBox.findData asks
        every row for its data, which a chooser of tens of thousands does per selection)."""
        if self._rows is None:
            self._rows = {v: row for row, v in enumerate(self._values)}
        return self._rows.get(value, -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """QAbstractItemModel.rowCount."""
        return 0 if parent.isValid() else len(self._values)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractItemModel.data: the label for display/edit, the value for UserRole."""
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._values):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            label = self._labels.get(row)
            if label is None:
                label = self._labels[row] = self._label(self._values[row])
            return label
        if role == Qt.ItemDataRole.UserRole:
            return self._values[row]
        return None


def popup_width(box: QComboBox, view: QAbstractItemView) -> int:
    """How wide a chooser's list must be to show its entries whole (id and title)."""
    model = view.model()
    metrics = view.fontMetrics()
    rows = min(model.rowCount(), MEASURED_ROWS) if model is not None else 0
    widest = max(
        (metrics.horizontalAdvance(str(model.index(r, 0).data() or "")) for r in range(rows)),
        default=0,
    )
    scroll = view.verticalScrollBar().sizeHint().width()
    wanted = widest + scroll + 4 * view.frameWidth() + 24
    screen = box.screen()
    limit = int(screen.availableGeometry().width() * POPUP_SCREEN_SHARE) if screen else wanted
    return max(box.width(), min(wanted, limit))


class _WidePopup(QObject):
    """Widens a completer's list to its entries each time it is shown."""

    def __init__(self, box: QComboBox, view: QAbstractItemView) -> None:
        super().__init__(box)
        self.box = box
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """QObject.eventFilter: on Show, the list's width follows its entries."""
        if watched is not self.view:
            return False
        view = self.view
        if event.type() == QEvent.Type.Show:
            view.setMinimumWidth(popup_width(self.box, view))
        if event.type() in (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize):
            # The completer places its list under the box at each key: kept on the screen.
            screen = self.box.screen()
            if screen is not None:
                right = screen.availableGeometry().right()
                geometry = view.geometry()
                if geometry.right() > right:
                    geometry.moveRight(right)
                    view.setGeometry(geometry)
        return False


class ChooserBox(QComboBox):
    """A combo box whose list opens as wide as its entries (the box itself may be narrow),
    and whose tooltip is the whole of the entry shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def showPopup(self) -> None:
        """QComboBox.showPopup: the list made wide enough for its entries first."""
        view = self.view()
        view.setMinimumWidth(popup_width(self, view))
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        super().showPopup()


def narrow(box: QComboBox, chars: int = 12) -> QComboBox:
    """A combo box whose width does not grow with its longest entry (about ``chars`` wide)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    return box


def combo_with_search(parent: QWidget | None, placeholder: str, chars: int = 12) -> QComboBox:
    """An editable, narrow combo box that completes on any part of an entry's label."""
    box = narrow(ChooserBox(parent), chars)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = box.lineEdit()
    assert line is not None  # an editable combo box always has one
    line.setPlaceholderText(placeholder)
    box.setAccessibleName(placeholder)
    completer = box.completer()
    assert completer is not None
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    popup = completer.popup()
    assert popup is not None  # made on first ask
    popup.setTextElideMode(Qt.TextElideMode.ElideNone)
    _WidePopup(box, popup)
    return box


def on_entered(box: QComboBox, act: Callable[[str | None], None]) -> None:
    """Call ``act`` with the value chosen when Enter is pressed in ``box``'s text, once the
    key has been handled.

    The line edit hears Enter before the completer does: with an entry of the completion list
    highlighted, the completer then completes from its index into the list as it was. Acting
    at once (a claim refills the list without the entry claimed) left the completer to set
    the box to whatever entry had moved into that row: a value nobody picked, claimed by the
    next press of the button. The value is taken when Enter is pressed and acted on after.
    """
    line = box.lineEdit()
    assert line is not None  # an editable combo box always has one

    def entered() -> None:
        value = chosen_value(box)
        QTimer.singleShot(0, box, lambda: act(value))

    line.returnPressed.connect(entered)


def clear_choice(box: QComboBox) -> None:
    """Nothing chosen and nothing typed: what a chooser shows after use or for a new subject."""
    box.blockSignals(True)
    box.setCurrentIndex(-1)
    box.setEditText("")
    box.blockSignals(False)


def chosen_value(box: QComboBox) -> str | None:
    """The value of the entry whose label (or value) was typed or picked."""
    text = box.currentText().strip()
    index = box.findText(text)
    if index < 0:
        index = box.findData(text)
    if index < 0:
        return None
    value = box.itemData(index)
    return value if isinstance(value, str) else None
