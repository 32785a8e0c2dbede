"""Inline message banner: errors and notices shown above the views, never a blocking dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

#: A button shown in the banner: its text and what it does.
BannerAction = tuple[str, Callable[[], None]]

#: Notices (not errors) hide themselves after this long (ms).
NOTICE_MS = 8000

STYLES = {
    "error": "background:#fdecea; border:1px solid #f5c2bd; color:#611a15;",
    "notice": "background:#e8f1fd; border:1px solid #bcd4f6; color:#0b3a75;",
}


class Banner(QFrame):
    """One message at a time, with a close button; errors stay until dismissed or replaced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Message")
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss (Esc)")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.dismiss)
        self.close_button = close
        self.buttons: list[QPushButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._layout = layout
        self.level = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self._anchor: QWidget | None = None
        self.setVisible(False)

    def float_over(self, anchor: QWidget) -> None:
        """Show over the top edge of ``anchor`` (a sibling) instead of taking a place in the
        layout: a message coming or going no longer moves the views under it."""
        self._anchor = anchor
        self.setParent(anchor.parentWidget())
        self.setAutoFillBackground(True)
        anchor.installEventFilter(self)
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """QObject.eventFilter: follow the anchor's size and place."""
        if watched is self._anchor and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
        return False

    def _place(self) -> None:
        anchor = self._anchor
        if anchor is None:
            return
        width = anchor.width()
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else -1
        if height <= 0:
            height = self.sizeHint().height()
        self.setGeometry(QRect(anchor.x(), anchor.y(), width, height))
        self.raise_()

    @property
    def text(self) -> str:
        return self.label.text() if self.level else ""

    def show_error(self, text: str, actions: Sequence[BannerAction] = ()) -> None:
        """An error, with buttons for what can be done about it (``actions``)."""
        self._show("error", text)
        self._timer.stop()
        for label, act in actions:
            button = QPushButton(label, self)
            button.clicked.connect(act)
            self._layout.insertWidget(self._layout.count() - 1, button)
            self.buttons.append(button)

    def show_notice(self, text: str) -> None:
        self._show("notice", text)
        self._timer.start(NOTICE_MS)

    def _clear_buttons(self) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []

    def _show(self, level: str, text: str) -> None:
        self._clear_buttons()
        self.level = level
        self.setStyleSheet(f"QFrame#banner {{{STYLES[level]}}} QLabel {{ border: none; }}")
        self.label.setText(text)
        self.setVisible(True)
        self._place()

    def dismiss(self) -> None:
        self._clear_buttons()
        self._timer.stop()
        self.level = ""
        self.setVisible(False)
