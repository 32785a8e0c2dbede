"""Framework migration: a non-modal confirmation listing what becomes of every claim."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.app.migrate import MigrationPlan


class MigrateDialog(QDialog):
    """Lists the fates (kept, renamed, split, dropped, new) of a planned migration; accepting
    it applies the migration as one undoable change."""

    def __init__(self, parent: QWidget | None, plan: MigrationPlan) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Migrate to {plan.target.id}")
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            f"Move this assessment from {plan.source.title} to {plan.target.title} "
            f"through the crosswalk {plan.crosswalk.id}. Claims left on dropped requirements "
            "stay as they are and show as COV-UNMAPPED findings. One step on the undo stack."
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.counts = QLabel(plan.summary())
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.fates = QListWidget(self)
        self.fates.addItems(plan.lines())
        for row in range(self.fates.count()):  # the rationale is often wider than the list
            item = self.fates.item(row)
            item.setToolTip(item.text())
        self.fates.setAccessibleName("Fates of the claims and determinations")
        layout.addWidget(self.fates, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"&Migrate to {plan.target.id}")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 520)
