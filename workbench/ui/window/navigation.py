"""Main window navigation: one selection across the outline, diagram, editor and tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from workbench.ui.window.main import MainWindow


class Navigator:
    """Selects an element everywhere at once and jumps to what a finding or link names."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def select_element(self, element_id: str, origin: str = "") -> None:
        """Select an element everywhere: outline, diagram and editor stay in step."""
        window = self.window
        session = window.session
        if session is None or element_id not in session.document.case.by_id:
            return
        window.current_id = element_id
        if origin != "outline":
            window.outline.select_element(element_id)
        window.diagram.select_element(element_id)
        window.editor.show_element(element_id)
        if window.review_built:
            window.review.set_current_target(element_id)
        window.window_actions.update()

    def clear_selection(self) -> None:
        """Nothing selected, in every view alike (the element shown was deleted)."""
        window = self.window
        window.current_id = None
        window.outline.clear_selection()
        window.diagram.select_element(None)
        window.editor.show_element(None)
        window.window_actions.update()

    def edit_element(self, element_id: str) -> None:
        """Select an element and put the keyboard in its text."""
        self.select_element(element_id)
        self.window.editor.focus_text()

    def edit_new(self, element_id: str) -> None:
        """Select an element just added, its placeholder text selected for typing over."""
        self.select_element(element_id)
        self.window.editor.focus_text(select_all=True)

    def go_to_subject(self, subject: str) -> None:
        """Show what a finding concerns: an element, requirement, evidence file or challenge."""
        window = self.window
        session = window.session
        if session is None:
            return
        doc = session.document
        if subject in doc.case.by_id:
            self.select_element(subject, origin="findings")
            return
        if subject in doc.framework.requirements_by_id:
            window.tabs.setCurrentWidget(window.matrix)
            window.matrix.select_requirement(subject)
            return
        if subject in doc.evidence_by_id():
            window.tabs.setCurrentWidget(window.evidence)
            window.evidence.select_evidence(subject)
            return
        challenge = doc.challenges_by_id.get(subject)
        if challenge is not None:  # the challenge in the Review tab, its element selected
            if challenge.target in doc.case.by_id:
                self.select_element(challenge.target, origin="findings")
            window.tabs.setCurrentWidget(window.review)
            window.review.select_challenge(challenge.id)
            return
        if subject in doc.sessions_by_id and window.review.select_session(subject):
            window.tabs.setCurrentWidget(window.review)
            return
        if window.compliance.show_record(subject):
            window.tabs.setCurrentWidget(window.compliance)
            return
        window.show_notice(f"{subject} is not shown in this window; see the finding's message")

    def challenge_element(self, element_id: str) -> None:
        """The Review tab, ready to raise a challenge on the element."""
        window = self.window
        window.tabs.setCurrentWidget(window.review)
        window.review.raise_on(element_id)

    def show_tab(self, panel: QWidget, focus: Callable[[], None]) -> None:
        """A tab brought to the front with the keyboard in it (Alt+4 …)."""
        self.window.tabs.setCurrentWidget(panel)
        focus()

    def focus_search(self) -> None:
        self.window.outline.focus_search()
