"""Edit > Insert Pattern: choose a pattern, fill in its parameters, see what will be added,
insert it as one undoable change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.domain import CaseDocument, ElementType, WorkbenchError
from workbench.domain.evidence import EvidenceKind
from workbench.domain.patterns import Parameter, ParamKind, Pattern

if TYPE_CHECKING:
    from workbench.domain.pattern_instances import Instance
    from workbench.ui.window.main import MainWindow

#: The "Under" choice for a new top-level goal.
TOP_LEVEL = ""


class InsertPatternDialog(QDialog):
    """A non-modal form: the pattern, a field per parameter, where it goes, and a preview of
    the elements it adds (ids as they will be minted, claims included)."""

    def __init__(self, window: MainWindow, doc: CaseDocument, under: str | None) -> None:
        from workbench.app.patterns import library

        super().__init__(window)
        self.window_ = window
        self.doc = doc
        self.patterns: dict[str, Pattern] = library().all
        self.fields: dict[str, QWidget] = {}
        self.instance: Instance | None = None
        self.setWindowTitle("Insert Pattern")
        self.setModal(False)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Pattern")
        for pattern in self.patterns.values():
            self.chooser.addItem(f"{pattern.name} — {pattern.title}", pattern.name)
        top.addRow("&Pattern:", self.chooser)
        self.under = QComboBox(self)
        self.under.setAccessibleName("Insert under")
        self.under.addItem("(a new top-level goal)", TOP_LEVEL)
        for element in doc.case.elements:
            if element.type in (ElementType.goal, ElementType.strategy):
                self.under.addItem(f"{element.id}: {element.text[:70]}", element.id)
        if under is not None and (index := self.under.findData(under)) >= 0:
            self.under.setCurrentIndex(index)
        top.addRow("&Under:", self.under)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        layout.addWidget(self.form_host)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        self.preview = QTreeWidget(self)
        self.preview.setHeaderLabels(["Id", "Type", "Text", "Claims"])
        self.preview.setAccessibleName("Preview of the elements to be added")
        self.preview.setColumnWidth(2, 520)
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.insert_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.insert_button.setText("&Insert")
        self.buttons.accepted.connect(self.insert)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.chooser.currentIndexChanged.connect(self._pattern_changed)
        self.under.currentIndexChanged.connect(self.refresh)
        self._pattern_changed()
        self.resize(1000, 720)

    # ------------------------------------------------------------------ form
    @property
    def pattern(self) -> Pattern:
        return self.patterns[str(self.chooser.currentData())]

    def choose(self, name: str) -> None:
        """Select the pattern called ``name`` (keyboard users and tests)."""
        self.chooser.setCurrentIndex(self.chooser.findData(name))

    def _pattern_changed(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        pattern = self.pattern
        self.summary.setText(pattern.summary)
        for parameter in pattern.parameters:
            field = self._field(parameter)
            field.setAccessibleName(parameter.label)
            field.setToolTip(parameter.description)
            self.fields[parameter.name] = field
            self.form.addRow(f"{parameter.label}:", field)
        self.refresh()

    def _field(self, parameter: Parameter) -> QWidget:
        framework = self.doc.framework
        items: list[tuple[str, str]] = []
        if parameter.kind == ParamKind.threshold:
            items = [(t.id, f"{t.id} — {t.title}") for t in framework.thresholds]
        elif parameter.kind == ParamKind.standard:
            items = [(s.id, f"{s.id} — {s.title}") for s in framework.standards]
        elif parameter.kind == ParamKind.requirement:
            items = [(r.id, f"{r.id} — {r.title}") for r in framework.requirements]
        elif parameter.kind == ParamKind.evidence_kind:
            items = [(k.value, k.value.replace("_", " ")) for k in EvidenceKind]
        if parameter.kind == ParamKind.choice:
            options = QListWidget(self)
            picked = set((parameter.default or "").split(","))
            for option in parameter.options:
                item = QListWidgetItem(option, options)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if option in picked else Qt.CheckState.Unchecked
                )
            options.setMaximumHeight(22 * len(parameter.options) + 8)
            options.itemChanged.connect(self.refresh)
            return options
        if items:
            combo = QComboBox(self)
            combo.addItem("(choose one)" if parameter.required else "(none)", "")
            for value, text in items:
                combo.addItem(text, value)
            if parameter.default and (index := combo.findData(parameter.default)) >= 0:
                combo.setCurrentIndex(index)
            combo.currentIndexChanged.connect(self.refresh)
            return combo
        line = QLineEdit(parameter.default or "", self)
        line.setPlaceholderText(parameter.description or parameter.label)
        line.textChanged.connect(self.refresh)
        return line

    def values(self) -> dict[str, str]:
        """The parameter values the form holds (empty fields left out)."""
        result: dict[str, str] = {}
        for name, field in self.fields.items():
            if isinstance(field, QComboBox):
                value = str(field.currentData() or "")
            elif isinstance(field, QListWidget):
                value = ",".join(
                    field.item(i).text()
                    for i in range(field.count())
                    if field.item(i).checkState() == Qt.CheckState.Checked
                )
            else:
                assert isinstance(field, QLineEdit)
                value = field.text()
            if value.strip() or isinstance(field, QListWidget):
                result[name] = value
        return result

    def set_value(self, name: str, value: str) -> None:
        """Put ``value`` in the field of parameter ``name`` (a catalogue id, or text)."""
        field = self.fields[name]
        if isinstance(field, QComboBox):
            field.setCurrentIndex(field.findData(value))
        elif isinstance(field, QLineEdit):
            field.setText(value)
        elif isinstance(field, QListWidget):
            picked = set(value.split(","))
            for i in range(field.count()):
                item = field.item(i)
                checked = (
                    Qt.CheckState.Checked if item.text() in picked else Qt.CheckState.Unchecked
                )
                item.setCheckState(checked)

    @property
    def under_id(self) -> str | None:
        return str(self.under.currentData() or "") or None

    # ------------------------------------------------------------------ preview
    def refresh(self) -> None:
        """Plan the instance from the form as it stands and show it (or why it cannot be)."""
        from workbench.app.patterns import plan

        self.preview.clear()
        try:
            self.instance = plan(self.doc, self.pattern, self.values(), self.under_id)
        except WorkbenchError as exc:
            self.instance = None
            self.problem.setText(str(exc))
            self.insert_button.setEnabled(False)
            return
        self.problem.setText("")
        self.insert_button.setEnabled(True)
        instance = self.instance
        by_id = {e.id: e for e in instance.elements}

        def add(element_id: str, parent: QTreeWidget | QTreeWidgetItem) -> None:
            element = by_id[element_id]
            row = QTreeWidgetItem(
                parent,
                [element.id, element.type.value, element.text, ", ".join(element.addresses)],
            )
            row.setToolTip(2, element.text)
            for child in element.links:
                if child in by_id:
                    add(child, row)

        add(instance.root.id, self.preview)
        self.preview.expandAll()
        for column in (0, 1):  # ids sit deep in the tree: room for the deepest
            self.preview.resizeColumnToContents(column)
        self.summary.setText(
            f"{self.pattern.summary}\n\nAdds {len(instance.elements)} elements, as one step "
            "on the undo stack."
        )

    def insert(self) -> None:
        """Write the instance through the session (one undoable change) and select its root."""
        from workbench.app.patterns import apply_pattern

        session = self.window_.session
        if session is None or self.instance is None:
            return
        pattern, params, under = self.pattern, self.values(), self.under_id
        root = self.instance.root.id
        if session.edit(lambda doc: apply_pattern(doc, pattern, params, under)):
            self.window_.select_element(root)
            self.window_.show_notice(
                f"Inserted pattern {pattern.name}: {len(self.instance.elements)} elements"
            )
            self.accept()


def insert_pattern(window: MainWindow) -> InsertPatternDialog | None:
    """Show the Insert Pattern form for the open store (under the selected element when it
    can take a goal)."""
    session = window.session
    if session is None or session.read_only:
        return None
    for old in window.findChildren(InsertPatternDialog):
        old.close()
        old.deleteLater()
    doc = session.document
    current = window.current_id
    element = doc.case.by_id.get(current) if current else None
    under = element.id if element is not None and element.type == ElementType.goal else None
    try:
        dialog = InsertPatternDialog(window, doc, under)
    except WorkbenchError as exc:
        window.show_error(str(exc))
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
