"""Element editor: type, text, claimed requirements, cited evidence and context of one element."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.app.changes import update_element
from workbench.domain import (
    CONTEXTUAL,
    COUNTER,
    CaseDocument,
    Element,
    ElementType,
    NotApplicable,
)
from workbench.domain.case import ARGUING
from workbench.ui.panels.review import ElementChallengesBox
from workbench.ui.session.case import CaseSession
from workbench.ui.widgets.choices import (
    ChoiceListModel,
    chosen_value,
    clear_choice,
    combo_with_search,
    on_entered,
)
from workbench.ui.widgets.gsnshapes import SEVERITY_COLOUR, TYPE_NAMES, type_icon

log = logging.getLogger("workbench.ui.panels.editor")

#: Typing pauses longer than this (ms) save the text.
TEXT_SAVE_DELAY_MS = 700
#: Types an element can be switched to in the editor (away goals need a module, so not those).
SWITCHABLE = (
    ElementType.goal,
    ElementType.strategy,
    ElementType.solution,
    ElementType.context,
    ElementType.assumption,
    ElementType.justification,
)
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


class LinkList(QGroupBox):
    """A list of ids with a chooser to add one and a button to remove the selected one."""

    def __init__(
        self, title: str, add_label: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(110)
        self.list.setAccessibleName(title)
        self.chooser = combo_with_search(self, placeholder, chars=6)
        self.choices = ChoiceListModel(self.chooser)
        self.chooser.setModel(self.choices)
        self.add_button = QPushButton(add_label, self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.chooser, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(
            lambda r: self.remove_button.setEnabled(r >= 0 and self.isEnabled())
        )
        self.on_add: Callable[[str], None] | None = None
        self.on_remove: Callable[[str], None] | None = None
        self.add_button.clicked.connect(lambda: self._add(self.chosen()))
        on_entered(self.chooser, self._add)
        self.remove_button.clicked.connect(self._remove)

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """(value, label) pairs shown in the list."""
        self.list.clear()
        for value, label in items:
            item = QListWidgetItem(label)
            item.setData(VALUE_ROLE, value)
            item.setToolTip(label)
            self.list.addItem(item)
        self.remove_button.setEnabled(False)

    def set_choices(self, values: list[str], label: Callable[[str], str]) -> None:
        """What can be added: ids, with ``label`` making the text shown for one.

        A refill for the same element (an edit elsewhere) keeps what was typed or picked
        while it still names a choice (labels start with it); ``clear`` empties the chooser
        when the element shown changes, so that nothing chosen for one element is left
        waiting, unseen, to be added to another."""
        text = self.chooser.currentText()
        self.chooser.blockSignals(True)
        self.choices.set_values(values, label)
        self.chooser.setCurrentIndex(-1)
        keep = bool(text.strip()) and text.split(maxsplit=1)[0] in set(values)
        self.chooser.setEditText(text if keep else "")
        self.chooser.blockSignals(False)

    def clear(self) -> None:
        """Forget what was typed or picked in the chooser (another element is shown)."""
        clear_choice(self.chooser)

    def chosen(self) -> str | None:
        """The value picked: by list entry, else the typed text if it is a known value."""
        return chosen_value(self.chooser)

    def _add(self, value: str | None) -> None:
        if value is not None and self.on_add is not None:
            self.on_add(value)
            clear_choice(self.chooser)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.on_remove is not None:
            self.on_remove(str(item.data(VALUE_ROLE)))


class ElementEditor(QScrollArea):
    """Edits the selected element; every change is one undoable, saved action."""

    elementRequested = Signal(str)
    #: The user asked to raise a challenge on the element shown (its id).
    challengeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.element_id: str | None = None
        self.setWidgetResizable(True)
        body = QWidget(self)
        self.setWidget(body)
        self.header = QLabel("Select an element in the outline or the diagram.", body)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.type_box = QComboBox(body)
        for kind in SWITCHABLE:
            self.type_box.addItem(type_icon(kind), TYPE_NAMES[kind], kind.value)
        self.type_box.setAccessibleName("Element type")
        self.text_edit = QPlainTextEdit(body)
        self.text_edit.setAccessibleName("Element text")
        self.text_edit.setPlaceholderText("What this element states")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(70)
        self.text_edit.setMaximumHeight(140)
        self.conflict_box = ConflictBox(body)
        self.conflict_box.reload_button.clicked.connect(self.take_theirs)
        self.conflict_box.keep_button.clicked.connect(self.keep_mine)
        self.undeveloped_box = QCheckBox("Undeveloped (to be supported later)", body)
        self.module_label = QLabel(body)
        form = QFormLayout()
        form.addRow("Type", self.type_box)
        self._form = form
        form.addRow("Text", self.text_edit)
        form.addRow("", self.undeveloped_box)
        form.addRow("Module", self.module_label)
        self.claims = LinkList("Requirements it claims", "Claim", "Requirement id or title…", body)
        self.not_applicable = LinkList(
            "Requirements marked not applicable", "Mark N/A", "Requirement id or title…", body
        )
        self.na_reason = QLineEdit(body)
        self.na_reason.setPlaceholderText("Why it does not apply (required)")
        self.na_reason.setAccessibleName("Not applicable justification")
        na_layout = self.not_applicable.layout()
        assert isinstance(na_layout, QVBoxLayout)
        na_layout.insertWidget(1, self.na_reason)
        # Tab in the order shown: the list, why it does not apply, the chooser, Mark N/A.
        na = self.not_applicable
        for first, second in (
            (na.list, self.na_reason),
            (self.na_reason, na.chooser),
            (na.chooser, na.add_button),
            (na.add_button, na.remove_button),
        ):
            QWidget.setTabOrder(first, second)
        self.evidence = LinkList("Evidence it cites", "Cite", "Evidence id or title…", body)
        self.context = LinkList(
            "Context, assumptions, justifications", "Link", "Context element…", body
        )
        # Challenges with an Answer… form (authors, and reviewers in review mode).
        self.challenge_box = ElementChallengesBox(body)
        self.challenge_box.challengeRequested.connect(self.challengeRequested)
        self.challenges = self.challenge_box.list
        self.findings = QListWidget(body)
        self.findings.setMaximumHeight(110)
        self.findings.setAccessibleName("Findings on this element")
        self.findings_box = QGroupBox("Findings", body)
        QVBoxLayout(self.findings_box).addWidget(self.findings)
        layout = QVBoxLayout(body)
        layout.addWidget(self.header)
        layout.addWidget(self.conflict_box)
        layout.addLayout(form)
        for box in (
            self.claims,
            self.not_applicable,
            self.evidence,
            self.context,
            self.challenge_box,
            self.findings_box,
        ):
            layout.addWidget(box)
        layout.addStretch(1)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_SAVE_DELAY_MS)
        self._text_timer.timeout.connect(self.save_text)
        self.text_edit.textChanged.connect(self._text_changed)
        self.text_edit.installEventFilter(self)
        self.type_box.activated.connect(self._type_chosen)
        self.undeveloped_box.clicked.connect(self._undeveloped_clicked)
        self.claims.on_add = lambda rid: self._edit_list("addresses", add=rid)
        self.claims.on_remove = lambda rid: self._edit_list("addresses", remove=rid)
        self.evidence.on_add = lambda eid: self._edit_list("evidence", add=eid)
        self.evidence.on_remove = lambda eid: self._edit_list("evidence", remove=eid)
        self.context.on_add = lambda cid: self._edit_list("in_context_of", add=cid)
        self.context.on_remove = lambda cid: self._edit_list("in_context_of", remove=cid)
        self.not_applicable.on_add = self._mark_not_applicable
        self.not_applicable.on_remove = self._unmark_not_applicable
        self._loading = False
        #: (element id, text) typed and not saved: held while it is written, when the write
        #: was refused, or while the store cannot be written; a reload never replaces it.
        self._kept_text: tuple[str, str] | None = None
        #: The document the text box's text was loaded from: a text save is checked against
        #: it, so that what another window or process saved meanwhile is never overwritten.
        self._base: CaseDocument | None = None
        #: (element id, text) refused because the element changed elsewhere: shown with
        #: Reload and Keep mine until the user chooses.
        self._conflict: tuple[str, str] | None = None
        self.show_element(None)

    # ---------------------------------------------------------------- showing
    def focus_text(self, *, select_all: bool = False) -> None:
        """Keyboard focus to the text box (its text selected for a new element)."""
        self.text_edit.setFocus()
        if select_all:
            self.text_edit.selectAll()

    def set_session(self, session: CaseSession | None) -> None:
        self.save_text()
        self.session = session
        self.element_id = None
        self._base = None
        self._conflict = None
        self.challenge_box.set_session(session)
        self.show_element(None)

    @property
    def element(self) -> Element | None:
        if self.session is None or self.element_id is None:
            return None
        return self.session.document.case.by_id.get(self.element_id)

    def show_element(self, element_id: str | None) -> None:
        """Show an element (None: nothing selected); saves typed text of the previous one."""
        if element_id != self.element_id:
            self.save_text()
            if self._conflict is not None and self._conflict[0] == self.element_id:
                self._conflict = (self._conflict[0], self.text_edit.toPlainText())
            self._kept_text = None
            for box in (self.claims, self.not_applicable, self.evidence, self.context):
                box.clear()
            if self.session is not None:
                self.session.end_merging()
        self.element_id = element_id
        self.reload()

    def reload(self) -> None:
        """Fill the fields from the current document (after any edit, undo or outside change)."""
        element = self.element
        session = self.session
        editable = element is not None and session is not None and not session.read_only
        for widget in (
            self.type_box,
            self.text_edit,
            self.undeveloped_box,
            self.claims,
            self.not_applicable,
            self.evidence,
            self.context,
        ):
            widget.setEnabled(editable)
        self.text_edit.setReadOnly(not editable)
        self._show_conflict()
        if element is None or session is None:
            self.element_id = None
            self.header.setText("Select an element in the outline or the diagram.")
            self._set_text("")
            for box in (self.claims, self.not_applicable, self.evidence, self.context):
                box.set_items([])
                box.setVisible(False)
            self.challenge_box.show_element(None)
            self.findings.clear()
            self.type_box.setVisible(False)
            self.undeveloped_box.setVisible(False)
            return
        self._loading = True
        try:
            self._fill(element, session.document)
        finally:
            self._loading = False
        self.type_box.setEnabled(editable and element.type in SWITCHABLE)

    def _fill(self, element: Element, doc: CaseDocument) -> None:
        kind = element.type
        session = self.session
        mode = (
            " · read-only (review mode)"
            if session is not None and session.review_mode
            else " · read-only (the store cannot be written)"
            if session is not None and session.read_only
            else ""
        )
        self.header.setText(
            f"<b>{element.id}</b> · {TYPE_NAMES[kind]}"
            + (f" → module {element.away_module}" if element.away_module else "")
            + mode
        )
        # A counter element keeps its type: it cannot become part of the argument.
        self._form.setRowVisible(self.type_box, kind not in COUNTER)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(kind.value)))
        self.module_label.setText(element.module)
        if not self._typing(element.id):
            self._set_text(element.text)
            self._base = doc
        arguing = kind in ARGUING
        self.undeveloped_box.setVisible(arguing)
        self.undeveloped_box.setChecked(element.undeveloped)
        requirements = doc.framework.requirements_by_id
        standard_of = doc.framework.standard_of_requirement
        goal_like = kind in (ElementType.goal, ElementType.away_goal)
        self.claims.setVisible(goal_like)
        self.not_applicable.setVisible(goal_like)
        if goal_like:
            self.claims.set_items(
                [(r, _requirement_label(r, requirements.get(r))) for r in element.addresses]
            )

            def requirement(rid: str) -> str:
                return f"{rid} — {requirements[rid].title} ({standard_of[rid].title})"

            all_ids = [r.id for r in doc.framework.requirements]
            claimed = set(element.addresses)
            self.claims.set_choices([r for r in all_ids if r not in claimed], requirement)
            self.not_applicable.set_items(
                [
                    (n.requirement, f"{n.requirement} — {n.justification}")
                    for n in element.not_applicable
                ]
            )
            marked = {n.requirement for n in element.not_applicable}
            self.not_applicable.set_choices([r for r in all_ids if r not in marked], requirement)
        self.evidence.setVisible(kind == ElementType.solution)
        if kind == ElementType.solution:
            by_id = doc.evidence_by_id()
            self.evidence.set_items(
                [
                    (e, f"{e} — {by_id[e].title}" if e in by_id else f"{e} (not in the store)")
                    for e in element.evidence
                ]
            )
            cited = set(element.evidence)
            self.evidence.set_choices(
                [e.id for e in doc.evidence if e.id not in cited],
                lambda eid: f"{eid} — {by_id[eid].title} [{by_id[eid].kind.value}]",
            )
        self.context.setVisible(arguing or kind == ElementType.away_goal)
        by_element = doc.case.by_id
        self.context.set_items(
            [
                (c, f"{c} ({TYPE_NAMES[by_element[c].type].lower()}) — {by_element[c].text}")
                for c in element.in_context_of
                if c in by_element
            ]
        )
        linked = set(element.in_context_of)
        self.context.set_choices(
            [e.id for e in doc.case.elements if e.type in CONTEXTUAL and e.id not in linked],
            lambda cid: (
                f"{cid} ({TYPE_NAMES[by_element[cid].type].lower()}) — {by_element[cid].text}"
            ),
        )
        self.challenge_box.show_element(element.id)
        self._fill_findings(element)

    def refresh_text(self) -> None:
        """The element shown had only its text changed (typed here, or undone): show it."""
        element = self.element
        if element is None:
            self.reload()
        elif not self._typing(element.id):
            self._set_text(element.text)
            self._base = self.session.document if self.session is not None else None

    def _typing(self, element_id: str) -> bool:
        """True while the box holds text not yet saved: being typed, or refused by a conflict."""
        if self._kept_text is not None and self._kept_text[0] == element_id:
            return True
        return self.text_edit.hasFocus() and self._text_timer.isActive()

    def refresh_findings(self) -> None:
        """New check results: the findings of the element shown (nothing else is re-read)."""
        element = self.element
        if element is not None:
            self._fill_findings(element)

    def _fill_findings(self, element: Element) -> None:
        self.findings.clear()
        result = self.session.result if self.session else None
        if result is not None:
            for f in result.report.findings:
                if f.subject == element.id:
                    item = QListWidgetItem(f"{f.severity.value.upper()} {f.rule}: {f.message}")
                    item.setToolTip(f.hint)
                    item.setForeground(
                        SEVERITY_COLOUR.get(f.severity.value, SEVERITY_COLOUR["info"])
                    )
                    self.findings.addItem(item)
        self.findings_box.setVisible(self.findings.count() > 0)

    def _set_text(self, text: str) -> None:
        if self.text_edit.toPlainText() == text:
            return
        self._loading = True
        try:
            self.text_edit.setPlainText(text)
        finally:
            self._loading = False

    # ---------------------------------------------------------------- editing
    def _edit(self, *, merge_key: str | None = None, **fields: Any) -> bool:
        element_id = self.element_id
        if self.session is None or element_id is None:
            return False
        return self.session.edit(
            lambda doc: update_element(doc, element_id, **fields), merge_key=merge_key
        )

    def _text_changed(self) -> None:
        if not self._loading:
            self._text_timer.start()

    def save_text(self) -> None:
        """Write the typed text now, if it differs from the text it was typed over.

        The write is checked against the document the text was loaded from (not the one
        the window shows by now: the poll may have read another window's save meanwhile),
        so a stale autosave is refused instead of overwriting it. Refused, the text stays in
        the box and the conflict is shown with Reload and Keep mine; while the store cannot
        be written (read-only, deleted, moved), it stays in the box until it can be saved.
        """
        self._text_timer.stop()
        session, element_id = self.session, self.element_id
        if session is None or element_id is None:
            return
        base = self._base if self._base is not None else session.document
        seen = base.case.by_id.get(element_id)
        text = self.text_edit.toPlainText()
        if seen is None or text == seen.text:
            self._kept_text = None
            return
        if session.review_mode:
            return
        if session.read_only or self._conflict is not None:
            self._kept_text = (element_id, text)  # held: the store is lost, or a choice waits
            return
        self._kept_text = (element_id, text)  # a refusal re-reads the store: keep it meanwhile
        done = session.edit(
            lambda doc: update_element(doc, element_id, text=text),
            on=base,
            merge_key=f"text:{element_id}",
        )
        if done:
            self._kept_text = None
            self._base = session.document
            return
        current = session.document.case.by_id.get(element_id)
        if self.element_id == element_id:
            self._set_text(text)
        if current != seen:
            self._conflict = (element_id, text)
            self._show_conflict()

    def has_unsaved_text(self) -> bool:
        """True when the box (or a conflict waiting for a choice) holds text not saved."""
        if self._conflict is not None or self._kept_text is not None:
            return True
        session, element = self.session, self.element
        if session is None or element is None:
            return False
        base = self._base if self._base is not None else session.document
        seen = base.case.by_id.get(element.id)
        return seen is not None and self.text_edit.toPlainText() != seen.text

    def hold_text(self) -> None:
        """The store can no longer be written: keep what the box holds, unsaved, in it."""
        self._text_timer.stop()
        element_id = self.element_id
        if element_id is not None and self.has_unsaved_text() and self._kept_text is None:
            self._kept_text = (element_id, self.text_edit.toPlainText())

    def _conflict_text(self) -> str:
        """The text the user kept in a conflict (the box's, while that element is shown)."""
        assert self._conflict is not None
        element_id, text = self._conflict
        return self.text_edit.toPlainText() if element_id == self.element_id else text

    def _show_conflict(self) -> None:
        conflict, session = self._conflict, self.session
        if conflict is None or session is None:
            self.conflict_box.setVisible(False)
            return
        element_id = conflict[0]
        shown = element_id == self.element_id
        seen = self._base.case.by_id.get(element_id) if self._base is not None else None
        current = session.document.case.by_id.get(element_id)
        self.conflict_box.show_conflict(
            element_id, seen, current, None if shown else self._conflict_text()
        )

    def take_theirs(self) -> None:
        """Reload: drop the text kept in a conflict and show the element as it is stored."""
        conflict, session = self._conflict, self.session
        self._conflict = None
        if conflict is not None and conflict[0] == self.element_id and session is not None:
            self._kept_text = None
            self._base = session.document
            element = self.element
            self._set_text(element.text if element is not None else "")
        self.reload()

    def keep_mine(self) -> bool:
        """Keep mine: write the text kept in a conflict over the element as it is now, as a
        new edit (undo takes it back to what was saved elsewhere)."""
        conflict, session = self._conflict, self.session
        if conflict is None or session is None:
            return False
        element_id, text = conflict[0], self._conflict_text()
        session.end_merging()
        if element_id not in session.document.case.by_id:
            session.errorRaised.emit(f"{element_id} was deleted elsewhere; your text: {text}")
            return False
        self._conflict = None
        if not session.edit(lambda doc: update_element(doc, element_id, text=text)):
            self._conflict = (element_id, text)
            self._show_conflict()
            return False
        session.end_merging()
        if element_id == self.element_id:
            self._kept_text = None
            self._base = session.document
        self.reload()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """QObject.eventFilter: leaving the text box saves it and ends its undo step."""
        # QScrollArea filters events before __init__ has made the text box: look it up safely.
        text_edit = self.__dict__.get("text_edit")
        if text_edit is not None and watched is text_edit and event.type() == QEvent.Type.FocusOut:
            self.save_text()
            if self.session is not None:
                self.session.end_merging()
        return super().eventFilter(watched, event)

    def _type_chosen(self, index: int) -> None:
        element = self.element
        value = self.type_box.itemData(index)
        if element is None or value == element.type.value:
            return
        if not self._edit(type=value):
            self.reload()

    def _undeveloped_clicked(self, checked: bool) -> None:
        if not self._edit(undeveloped=checked):
            self.reload()

    def _edit_list(self, name: str, *, add: str | None = None, remove: str | None = None) -> None:
        element = self.element
        if element is None:
            return
        values = [v for v in getattr(element, name) if v != remove]
        if add is not None and add not in values:
            values.append(add)
        fields: dict[str, Any] = {name: values}
        self._edit(**fields)

    def _mark_not_applicable(self, requirement: str) -> None:
        element = self.element
        reason = self.na_reason.text().strip()
        if element is None or self.session is None:
            return
        if not reason:
            self.session.errorRaised.emit(
                f"say why {requirement} does not apply before marking it not applicable"
            )
            self.na_reason.setFocus()
            return
        items = [n for n in element.not_applicable if n.requirement != requirement]
        items.append(NotApplicable(requirement=requirement, justification=reason))
        if self._edit(not_applicable=[n.model_dump() for n in items]):
            self.na_reason.clear()

    def _unmark_not_applicable(self, requirement: str) -> None:
        element = self.element
        if element is None:
            return
        items = [n.model_dump() for n in element.not_applicable if n.requirement != requirement]
        self._edit(not_applicable=items)


class ConflictBox(QFrame):
    """What changed elsewhere while the user typed, with Reload and Keep mine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict")
        self.setStyleSheet(
            "QFrame#conflict { background:#fff4e5; border:1px solid #f0c27b; } "
            "QLabel { border: none; color:#5d3a00; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Changed elsewhere")
        self.reload_button = QPushButton("Reload", self)
        self.reload_button.setToolTip("Drop your text and show what was saved elsewhere")
        self.keep_button = QPushButton("Keep mine", self)
        self.keep_button.setToolTip("Save your text over it, as a new edit (undo brings it back)")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reload_button)
        row.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.setVisible(False)

    def show_conflict(
        self,
        element_id: str,
        seen: Element | None,
        current: Element | None,
        kept: str | None,
    ) -> None:
        """``kept``: the user's text, said here when that element is not the one shown."""
        if current is None:
            what = f"{element_id} was deleted elsewhere while you were typing; not saved."
        else:
            before = seen.model_dump(mode="json") if seen is not None else {}
            after = current.model_dump(mode="json")
            fields = sorted(
                k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            )
            what = f"{element_id} was changed elsewhere while you were typing"
            what += f" ({', '.join(fields)})." if fields else "."
            if "text" in fields:
                what += f"\nIts text there: “{current.text}”"
            what += "\nYour text is kept" + (" in the box" if kept is None else "") + ", not saved."
        if kept is not None:
            what += f"\nYour text: “{kept}”"
        self.label.setText(what)
        self.keep_button.setEnabled(current is not None)
        self.reload_button.setText("Reload" if current is not None else "Discard mine")
        self.setVisible(True)


def _requirement_label(requirement_id: str, requirement: Any) -> str:
    if requirement is None:
        return f"{requirement_id} (not in the catalogue)"
    return f"{requirement_id} — {requirement.title}"
