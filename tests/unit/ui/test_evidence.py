"""Evidence library: background import with progress and cancel, drops, details pane."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from workbench.app import Workspace
from workbench.app.evidence import EvidenceDetails, add_evidence_file
from workbench.domain import EvidenceKind
from workbench.ui.panels.evidence import COLUMNS
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def big_file(path: Path, mib: int) -> Path:
    with path.open("wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1024 * 1024))
    return path


def test_import_runs_in_background_with_progress(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    panel = window.evidence
    file = big_file(tmp_path / "eval-run.bin", 24)
    seen: list[int] = []
    panel.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(panel.importFinished, timeout=30_000) as blocker:
        assert panel.import_files([file])
        assert panel.progress.isVisibleTo(panel) and panel.cancel_button.isVisibleTo(panel)
        assert not panel.add_button.isEnabled()
    outcome = blocker.args[0]
    assert [e.filename for e in outcome.added] == ["eval-run.bin"]
    assert seen and max(seen) == file.stat().st_size // 1024
    assert not panel.progress.isVisibleTo(panel)
    assert panel.model.row_of(outcome.added[0].id) >= 0


def test_cancelled_import_stores_nothing(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    panel = window.evidence
    file = big_file(tmp_path / "huge.bin", 96)
    assert window.session is not None
    before = len(window.session.document.evidence)
    with qtbot.waitSignal(panel.importFinished, timeout=30_000) as blocker:
        panel.import_files([file])
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].cancelled
    assert len(window.session.document.evidence) == before
    assert "cancelled" in window.banner.label.text()


def test_kind_and_team_chosen_apply_to_imported_files(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    panel = window.evidence
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(EvidenceKind.red_team_report.value))
    panel.team_edit.setText("Frontier Red Team")
    file = tmp_path / "redteam.md"
    file.write_text("# Red team findings\n")
    with qtbot.waitSignal(panel.importFinished, timeout=20_000) as blocker:
        panel.import_files([file])
    evidence = blocker.args[0].added[0]
    assert evidence.kind == EvidenceKind.red_team_report
    assert evidence.team == "Frontier Red Team"


def test_dropped_files_are_imported(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    panel = window.evidence
    window.tabs.setCurrentWidget(panel)
    file = tmp_path / "dropped-audit.txt"
    file.write_text("audit results\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(file))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(panel.importFinished, timeout=20_000) as blocker:
        # QApplication drops drop events that no real drag started: call the handler.
        panel.dropEvent(event)
    assert event.isAccepted()
    assert [e.filename for e in blocker.args[0].added] == ["dropped-audit.txt"]


def test_importing_the_same_bytes_twice_reports_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.session is not None
    first = window.session.document.evidence[0]
    copy = tmp_path / "copy.md"
    with Workspace.open(window.session.path) as other:
        copy.write_bytes(b"".join(other.store.iter_blob(first.sha256)))
    with qtbot.waitSignal(window.evidence.importFinished, timeout=20_000) as blocker:
        window.evidence.import_files([copy])
    assert [e.id for e in blocker.args[0].already_stored] == [first.id]
    assert "already stored" in window.banner.label.text()


def test_table_shows_kind_team_dates_size_and_hash(window: MainWindow) -> None:
    model = window.evidence.model
    assert window.session is not None
    evidence = window.session.document.evidence[0]
    row = model.row_of(evidence.id)
    shown = {COLUMNS[c]: model.index(row, c).data() for c in range(len(COLUMNS))}
    assert shown["Kind"] == evidence.kind.value.replace("_", " ")
    assert shown["Team"] == evidence.team
    assert evidence.collected is not None
    assert shown["Collected"] == evidence.collected.isoformat()
    assert shown["SHA-256"] == evidence.sha256
    assert shown["Stored"] == "present"


def test_details_show_extracted_metadata_of_a_file_added_elsewhere(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    log = tmp_path / "inspect-log.json"
    log.write_text('{"eval": {"task": "wmdp-bio"}}')
    assert window.session is not None
    with Workspace.open(window.session.path, actor="other-process") as other:
        evidence, _ = add_evidence_file(
            other,
            log,
            EvidenceDetails(
                kind=EvidenceKind.eval_log, metadata={"task": "wmdp-bio", "model": "meridian-4"}
            ),
        )
    assert window.session.refresh()
    assert window.evidence.select_evidence(evidence.id)
    text = window.evidence.details.toPlainText()
    assert "Extracted metadata" in text and "wmdp-bio" in text and "meridian-4" in text
    assert evidence.sha256 in text


def test_evidence_under_challenge_is_marked_and_its_challenge_opens(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    doc = session.document
    challenge = next(c for c in doc.review.challenges if c.target_kind.value == "evidence")
    assert not challenge.status.resolved
    model = window.evidence.model
    column = COLUMNS.index("Challenges")
    row = model.row_of(challenge.target)
    assert model.index(row, column).data() == "1 unresolved"
    assert challenge.id in model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    others = [e.id for e in doc.evidence if e.id != challenge.target]
    assert all(model.index(model.row_of(e), column).data() == "" for e in others)
    assert window.evidence.select_evidence(challenge.target)
    assert f"challenge:{challenge.id}" in window.evidence.details.toHtml()
    window.evidence.details.anchorClicked.emit(QUrl(f"challenge:{challenge.id}"))
    assert window.tabs.currentWidget() is window.review
    assert window.review.current_challenge_id() == challenge.id


def test_damaged_inspect_log_is_refused_with_a_visible_message(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.session is not None
    before = len(window.session.document.evidence)
    cut = tmp_path / "run.eval"
    cut.write_bytes(b"PK\x03\x04" + bytes(200))  # a zip cut off before its directory
    with qtbot.waitSignal(window.evidence.importFinished, timeout=20_000) as blocker:
        window.evidence.import_files([cut])
    assert blocker.args[0].errors and not blocker.args[0].added
    assert "damaged Inspect log" in window.banner.label.text()
    assert len(window.session.document.evidence) == before


def test_kind_team_and_dates_are_edited_in_the_library_and_undone(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Issue 16: evidence metadata could not be changed after import."""
    session = window.session
    assert session is not None
    panel = window.evidence
    window.tabs.setCurrentWidget(panel)
    evidence = session.document.evidence[0]
    assert panel.select_evidence(evidence.id)
    form = panel.edit_box
    assert form.isEnabled() and form.evidence_id == evidence.id
    other = next(k for k in EvidenceKind if k != evidence.kind)
    form.kind_box.setCurrentIndex(form.kind_box.findData(other.value))
    form.team_edit.clear()
    qtbot.keyClicks(form.team_edit, "Alignment Science")
    form.collected_edit.setText("2026-10-02")
    form.expires_edit.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    changed = session.document.evidence_item(evidence.id)
    assert (changed.kind, changed.team) == (other, "Alignment Science")
    assert changed.collected == dt.date(2026, 10, 2) and changed.expires is None
    assert changed.sha256 == evidence.sha256
    assert session.undo_stack.undoText().startswith("Edit the kind, team")
    window.window_actions.act_undo.trigger()
    restored = session.document.evidence_item(evidence.id)
    assert (restored.kind, restored.team, restored.collected) == (
        evidence.kind,
        evidence.team,
        evidence.collected,
    )
    assert form.team_edit.text() == evidence.team  # the form follows the undo


def test_a_date_that_is_not_one_is_refused_with_a_message(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    panel = window.evidence
    evidence = session.document.evidence[0]
    assert panel.select_evidence(evidence.id)
    panel.edit_box.collected_edit.setText("last week")
    assert not panel.save_details()
    assert "not a date" in window.banner.text
    assert session.document.evidence_item(evidence.id) == evidence
