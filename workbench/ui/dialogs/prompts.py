"""Questions put to the user in standard dialogs (a path, a text, a choice); tests replace them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QInputDialog, QMessageBox, QWidget

#: Asks for a file to open or to write (title, file filter); None when cancelled.
PathAsker = Callable[[QWidget, str, str], Path | None]
#: Asks for a line of text (title, label); None when cancelled.
TextAsker = Callable[[QWidget, str, str], str | None]
#: Asks to pick one of ``items`` (the first is the default); None when cancelled.
ChoiceAsker = Callable[[QWidget, str, str, list[str]], str | None]
#: Asks which of some answers (key, button text) to take, the first the default (title,
#: question); None when cancelled.
AnswerAsker = Callable[[QWidget, str, str, list[tuple[str, str]]], str | None]


def ask_open_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return Path(name) if name else None


def ask_save_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, "", file_filter)
    return Path(name) if name else None


def ask_text(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_choice(parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
    item, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return item if ok else None


def ask_answer(
    parent: QWidget, title: str, text: str, answers: list[tuple[str, str]]
) -> str | None:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = QMessageBox.ButtonRole.AcceptRole
    made = [(box.addButton(label, accept), key) for key, label in answers]
    buttons: dict[QAbstractButton, str] = dict(made)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    if made:
        box.setDefaultButton(made[0][0])
    box.setEscapeButton(cancel)
    box.exec()
    return buttons.get(box.clickedButton())
