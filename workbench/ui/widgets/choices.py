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
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

ModelIndex = QModelIndex | QPersistentModelIndex


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


def narrow(box: QComboBox, chars: int = 12) -> QComboBox:
    """A combo box whose width does not grow with its longest entry (about ``chars`` wide)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    return box


def combo_with_search(parent: QWidget | None, placeholder: str, chars: int = 12) -> QComboBox:
    """An editable, narrow combo box that completes on any part of an entry's label."""
    box = narrow(QComboBox(parent), chars)
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
