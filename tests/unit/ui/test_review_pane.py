"""Review pane and editor answers: sessions, challenges, filters, answers and REV findings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.app.changes import update_element
from workbench.domain import ChallengeStatus, parse_participant_lines
from workbench.ui.panels.review import ReviewPane
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def show_form(pane: ReviewPane, form: QWidget) -> None:
    """Bring the Review tab and one of its forms to the front (clicks need visible buttons)."""
    window = pane.window()
    assert isinstance(window, MainWindow)
    window.tabs.setCurrentWidget(pane)
    pane.forms.setCurrentWidget(form)


def start_session(pane: ReviewPane, qtbot: QtBot) -> str:
    form = pane.start_form
    show_form(pane, form)
    form.title_edit.setText("Stress-test of the ASL-3 deployment claims")
    form.participants_edit.setPlainText("ui-tester:Alignment Science:reviewer\nDana:RSP:approver")
    with qtbot.waitSignal(form.started) as started:
        qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    return str(started.args[0])


def raise_on(pane: ReviewPane, qtbot: QtBot, target: str, text: str) -> str:
    form = pane.raise_form
    show_form(pane, form)
    form.set_target(target)
    form.kind_box.setCurrentIndex(form.kind_box.findData("rebutting"))
    form.severity_box.setCurrentIndex(form.severity_box.findData("blocker"))
    form.text_edit.setPlainText(text)
    with qtbot.waitSignal(form.raised) as raised:
        qtbot.mouseClick(form.raise_button, Qt.MouseButton.LeftButton)
    return str(raised.args[0])


def rules_on(win: MainWindow, subject: str) -> set[str]:
    assert win.session is not None and win.session.result is not None
    return {f.rule for f in win.session.result.report.findings if f.subject == subject}


def test_without_an_open_session_the_reviewer_is_offered_to_start_one(
    review_window: MainWindow,
) -> None:
    pane = review_window.review
    assert pane.forms.currentWidget() is pane.start_form
    assert not pane.raise_form.raise_button.isEnabled()
    assert "No review session is open" in pane.raise_form.note.text()


def test_starting_a_session_records_title_and_participants(
    review_window: MainWindow, qtbot: QtBot
) -> None:
    session_id = start_session(review_window.review, qtbot)
    assert review_window.session is not None
    record = next(s for s in review_window.session.document.review.sessions if s.id == session_id)
    assert record.title == "Stress-test of the ASL-3 deployment claims"
    assert [(p.name, p.team, p.role.value) for p in record.participants] == [
        ("ui-tester", "Alignment Science", "reviewer"),
        ("Dana", "RSP", "approver"),
    ]
    assert review_window.review.raise_form.raise_button.isEnabled()


def test_reviewer_raises_a_challenge_that_marks_the_element(
    review_window: MainWindow, qtbot: QtBot
) -> None:
    pane = review_window.review
    session_id = start_session(pane, qtbot)
    challenge_id = raise_on(pane, qtbot, "G3", "ASL-3 robustness rests on a two-week bounty.")
    session = review_window.session
    assert session is not None
    challenge = next(c for c in session.document.review.challenges if c.id == challenge_id)
    assert (challenge.session, challenge.target, challenge.raised_by) == (
        session_id,
        "G3",
        "ui-tester",
    )
    assert (challenge.kind.value, challenge.severity.value) == ("rebutting", "blocker")
    assert session.badges_of("G3").open_challenges == 1
    assert pane.current_challenge_id() == challenge_id


def test_reviewer_cannot_edit_the_challenged_element(
    review_window: MainWindow, qtbot: QtBot
) -> None:
    pane = review_window.review
    start_session(pane, qtbot)
    raise_on(pane, qtbot, "G3", "The claim overstates what the evaluations show.")
    review_window.select_element("G3")
    assert not review_window.editor.text_edit.isEnabled()
    session = review_window.session
    assert session is not None
    before = session.document.case.by_id["G3"].text
    assert not session.edit(lambda doc: update_element(doc, "G3", text="rewritten by reviewer"))
    assert session.document.case.by_id["G3"].text == before
    assert "review mode cannot change the argument" in review_window.banner.text


def test_challenge_button_in_the_editor_opens_the_raise_form_on_the_element(
    review_window: MainWindow, qtbot: QtBot
) -> None:
    pane = review_window.review
    start_session(pane, qtbot)
    review_window.select_element("G3.2")
    box = review_window.editor.challenge_box
    assert box.challenge_button.isVisibleTo(review_window.editor)
    qtbot.mouseClick(box.challenge_button, Qt.MouseButton.LeftButton)
    assert review_window.tabs.currentWidget() is pane
    assert pane.forms.currentWidget() is pane.raise_form
    assert pane.raise_form.target() == "G3.2"


def test_raising_a_challenge_can_be_undone_in_review_mode(
    review_window: MainWindow, qtbot: QtBot
) -> None:
    pane = review_window.review
    start_session(pane, qtbot)
    challenge_id = raise_on(pane, qtbot, "G3", "Undo me.")
    assert review_window.window_actions.act_undo.isEnabled()
    review_window.window_actions.act_undo.trigger()
    session = review_window.session
    assert session is not None
    assert challenge_id not in {c.id for c in session.document.review.challenges}


def test_author_answers_from_the_editor_and_the_rev_finding_changes(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert "REV-OPEN-BLOCKING" in rules_on(window, "CH1")
    window.select_element("G3.3")
    box = window.editor.challenge_box
    assert box.selected_challenge_id() == "CH1"
    qtbot.mouseClick(box.answer_button, Qt.MouseButton.LeftButton)
    form = box.answer_form
    assert form.isVisibleTo(window.editor)
    form.status_box.setCurrentIndex(form.status_box.findData("answered"))
    form.text_edit.setPlainText("The bounty now covers French, Hindi and Mandarin prompts.")
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "REV-ANSWERED-UNRESOLVED" in rules_on(window, "CH1"))
    assert "REV-OPEN-BLOCKING" not in rules_on(window, "CH1")
    assert window.session is not None
    challenge = next(c for c in window.session.document.review.challenges if c.id == "CH1")
    assert challenge.status == ChallengeStatus.answered
    assert (challenge.responses[-1].by, challenge.responses[-1].text) == (
        "ui-tester",
        "The bounty now covers French, Hindi and Mandarin prompts.",
    )


def test_answer_may_cite_evidence(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None
    evidence = window.session.document.evidence[0]
    window.select_element("G3.3")
    box = window.editor.challenge_box
    box.open_answer()
    form = box.answer_form
    form.evidence_box.setEditText(
        form.evidence_box.itemText(form.evidence_box.findData(evidence.id))
    )
    form.text_edit.setPlainText("See the multilingual red-team report.")
    with qtbot.waitSignal(form.answered):
        assert form.submit()
    challenge = next(c for c in window.session.document.review.challenges if c.id == "CH1")
    assert challenge.responses[-1].evidence == [evidence.id]


def test_review_mode_answers_no_challenge(review_window: MainWindow) -> None:
    """Reviewers raise challenges; answering (refuting an answered one too) is the authors'."""
    session = review_window.session
    assert session is not None
    errors: list[str] = []
    session.errorRaised.connect(errors.append)
    pane = review_window.review
    assert pane.select_challenge("CH3")
    form = pane.answer_form
    assert not form.submit_button.isEnabled()
    form.status_box.addItem("refuted", "refuted")  # as if the disabled form were filled in
    form.status_box.setCurrentIndex(form.status_box.findData("refuted"))
    form.text_edit.setPlainText("Fieldwork dates confirmed with the auditor.")
    assert not form.submit()  # refused below the widgets, by the session's write path
    assert errors and "review mode cannot answer challenges" in errors[-1]
    assert pane.model.rows[pane.model.row_of("CH3")].status == ChallengeStatus.answered
    assert "REV-ANSWERED-UNRESOLVED" in rules_on(review_window, "CH3")


def test_a_resolved_challenge_can_only_be_reopened(window: MainWindow) -> None:
    pane = window.review
    assert pane.select_challenge("CH2")  # refuted in the demo
    box = pane.answer_form.status_box
    assert [box.itemData(i) for i in range(box.count())] == ["open"]


def test_risk_acceptance_by_a_non_approver_is_refused_with_a_message(window: MainWindow) -> None:
    pane = window.review
    assert pane.select_challenge("CH1")
    form = pane.answer_form
    form.status_box.setCurrentIndex(form.status_box.findData("risk_accepted"))
    form.text_edit.setPlainText("We accept it.")
    assert not form.submit()
    assert "only an approver" in window.banner.text
    assert form.text_edit.toPlainText() == "We accept it."


def test_filters_narrow_the_challenges(window: MainWindow) -> None:
    pane = window.review

    def shown() -> list[str]:
        return [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]

    assert shown() == ["CH1", "CH2", "CH3"]
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("unresolved"))
    assert shown() == ["CH1", "CH3"]
    pane.severity_filter.setCurrentIndex(pane.severity_filter.findData("major"))
    assert shown() == ["CH1"]
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("refuted"))
    assert shown() == []


def test_double_click_selects_the_challenged_element(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.review
    window.tabs.setCurrentWidget(pane)
    pane.select_challenge("CH1")
    index = pane.table.currentIndex()
    rect = pane.table.visualRect(index)
    # A real double-click starts with a click (QTest's double-click alone has no press).
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_id == "G3.3"
    assert window.editor.element_id == "G3.3"


def test_activating_an_evidence_challenge_shows_the_evidence(window: MainWindow) -> None:
    pane = window.review
    pane.select_challenge("CH3")
    pane.table.activated.emit(pane.table.currentIndex())
    assert window.tabs.currentWidget() is window.evidence
    assert window.session is not None
    challenge = next(c for c in window.session.document.review.challenges if c.id == "CH3")
    assert window.evidence.current_evidence_id() == challenge.target


def test_closing_a_session_with_minutes_clears_its_finding(
    review_window: MainWindow, qtbot: QtBot
) -> None:
    pane = review_window.review
    session_id = start_session(pane, qtbot)
    qtbot.waitUntil(lambda: "REV-SESSION-OPEN" in rules_on(review_window, session_id))
    assert pane.current_session_id() == session_id
    form = pane.close_form
    show_form(pane, form)
    form.minutes_edit.setPlainText("One blocker raised on G3; authors to answer by Friday.")
    with qtbot.waitSignal(form.closed):
        qtbot.mouseClick(form.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not rules_on(review_window, session_id))
    assert review_window.session is not None
    record = next(s for s in review_window.session.document.review.sessions if s.id == session_id)
    assert record.minutes == "One blocker raised on G3; authors to answer by Friday."
    assert not form.close_button.isEnabled()


def test_a_bad_participant_line_is_a_one_line_error(review_window: MainWindow) -> None:
    form = review_window.review.start_form
    form.title_edit.setText("Session")
    form.participants_edit.setPlainText("Ann:Alignment:boss")
    assert not form.submit()
    assert "unknown role 'boss'" in review_window.banner.text
    assert "\n" not in review_window.banner.text


def test_participant_lines_take_team_and_role_as_optional() -> None:
    people = parse_participant_lines("Ann\n\nBo:Security\nCy:RSP:approver\n")
    assert [(p.name, p.team, p.role.value) for p in people] == [
        ("Ann", "", "reviewer"),
        ("Bo", "Security", "reviewer"),
        ("Cy", "RSP", "approver"),
    ]


def test_review_tab_counts_unresolved_challenges(window: MainWindow) -> None:
    index = window.tabs.indexOf(window.review)
    assert window.tabs.tabText(index) == "Review (2 unresolved)"


def test_challenge_model_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.review.model, force_py=True)


def test_challenge_filter_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    window.review.status_filter.setCurrentIndex(1)
    qtmodeltester.check(window.review.proxy, force_py=True)


def test_session_model_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.review.session_model, force_py=True)


def test_a_finding_on_a_session_opens_it_in_the_review_tab(window: MainWindow) -> None:
    window.go_to_subject("R1")
    assert window.tabs.currentWidget() is window.review
    assert window.review.current_session_id() == "R1"


def test_target_choice_model_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    targets = window.review.raise_form.targets
    assert window.session is not None
    assert targets.rowCount() == len(window.session.document.case.elements) + len(
        window.session.document.evidence
    )
    qtmodeltester.check(targets, force_py=True)


def test_a_finding_on_a_challenge_shows_it_in_the_review_tab_with_its_element(
    window: MainWindow,
) -> None:
    session = window.session
    assert session is not None
    challenge = next(
        c for c in session.document.review.challenges if c.target_kind.value == "element"
    )
    window.go_to_subject(challenge.id)
    assert window.tabs.currentWidget() is window.review
    assert window.review.current_challenge_id() == challenge.id
    assert window.current_id == challenge.target
