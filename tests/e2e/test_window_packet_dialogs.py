"""Packet dialogs: export and sign in the background with a page preview; verify signatures."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.app import Workspace
from workbench.app.compliance import add_schedule_item
from workbench.app.demo import write_demo
from workbench.app.operations import Changes
from workbench.app.packets import write_packet
from workbench.domain import InputError, Meaning, SignerRole
from workbench.signing import create_ca, create_identity, export_certificate
from workbench.ui.dialogs.packet import ExportPacketDialog, VerifyPacketDialog
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PASSPHRASE = "tests only: correct horse"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
#: Long enough for a packet to be written, signed and rendered on a busy machine.
EXPORT_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Signers:
    folder: Path

    def p12(self, who: str) -> Path:
        return self.folder / f"{who}.p12"

    @property
    def ca_pem(self) -> Path:
        return self.folder / "ca.pem"


@pytest.fixture(scope="session")
def signers(tmp_path_factory: pytest.TempPathFactory) -> Signers:
    """An organisation CA with an author and an approver, made once for the session."""
    folder = tmp_path_factory.mktemp("ui-identities")
    ca = create_ca(folder / "ca.p12", "Example Lab", PASSPHRASE)
    create_identity(folder / "author.p12", "Ann Author", SignerRole.author, PASSPHRASE, ca=ca)
    create_identity(folder / "approver.p12", "Dana Okafor", SignerRole.approver, PASSPHRASE, ca=ca)
    export_certificate(ca, folder / "ca.pem")
    return Signers(folder)


@pytest.fixture(scope="session")
def signed_packet(tmp_path_factory: pytest.TempPathFactory, signers: Signers) -> Path:
    """A demo packet signed by the author (written through the service, as the CLI does)."""
    folder = tmp_path_factory.mktemp("ui-signed-packet")
    store = write_demo(folder / "demo.db", now=NOW, actor="tester")
    with Workspace.open(store, actor="tester") as ws:
        write_packet(
            ws,
            folder / "packet.pdf",
            sign_with=signers.p12("author"),
            passphrase=PASSPHRASE,
            meaning=Meaning.authored,
        )
    return folder / "packet.pdf"


def flipped_copy(packet: Path, out: Path, offset: int = 2000) -> Path:
    data = bytearray(packet.read_bytes())
    data[offset] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def open_export(window: MainWindow, out: Path, identity: Path | None) -> ExportPacketDialog:
    """File → Export packet…, with the file dialogs answered by the test."""
    window.ask_save_path = lambda _parent, _title, _filter: out
    window.ask_open_path = lambda _parent, _title, _filter: identity
    window.window_actions.act_export_packet.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog.out_button.click()
    if identity is not None:
        dialog.sign_box.setChecked(True)  # the identity fields are enabled once ticked
        dialog.identity_button.click()
        dialog.passphrase_edit.setText(PASSPHRASE)
    return dialog


def dark_share(image: QImage) -> float:
    """The share of dark pixels (text, rules): zero for a blank or unrendered page."""
    samples = [
        image.pixelColor(x, y).lightness() < 110
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    ]
    return sum(samples) / max(1, len(samples))


def test_export_signs_in_the_background_and_previews_the_first_pages(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, signers: Signers
) -> None:
    out = tmp_path / "packet.pdf"
    dialog = open_export(window, out, signers.p12("author"))
    assert dialog.out_edit.text() == str(out)
    assert dialog.sign_box.isChecked()
    assert dialog.passphrase_edit.echoMode() == dialog.passphrase_edit.EchoMode.Password
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.busy and dialog.progress.isVisibleTo(dialog)
        assert not dialog.export_button.isEnabled()
    result = exported.args[0]
    assert out.read_bytes().startswith(b"%PDF-")
    assert result.signature.meaning == Meaning.authored
    assert result.signature.identity.name == "Ann Author"
    assert not dialog.progress.isVisibleTo(dialog)
    assert "signed by <b>Ann Author</b> (authored)" in dialog.message.text()


def test_the_written_packet_is_previewed_from_its_first_page(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_export(window, tmp_path / "packet.pdf", None)
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
        dialog.export()
    document, view = dialog.pdf_document, dialog.pdf_view
    assert document is not None and view is not None
    assert document.status() == document.Status.Ready and document.pageCount() > 3
    assert view.isVisibleTo(dialog) and view.pageNavigator().currentPage() == 0
    assert dark_share(document.render(0, QSize(298, 421))) > 0.01
    qtbot.waitUntil(lambda: dark_share(view.viewport().grab().toImage()) > 0.005)
    assert f"{document.pageCount()} pages" in dialog.preview_title.text()


def test_without_qtpdf_the_packet_is_written_and_the_dialog_says_why_there_is_no_preview(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtPdf", None)  # import fails as if not installed
    out = tmp_path / "packet.pdf"
    dialog = open_export(window, out, None)
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
        dialog.export()
    assert out.read_bytes().startswith(b"%PDF-")
    assert dialog.pdf_view is None
    assert "PySide6-Addons" in dialog.preview_title.text()


def test_signing_records_a_sign_off_in_the_open_store(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, signers: Signers
) -> None:
    dialog = open_export(window, tmp_path / "packet.pdf", signers.p12("author"))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
        dialog.export()
    assert window.session is not None
    [signoff] = window.session.document.signoffs
    assert (signoff.signer, signoff.meaning) == ("Ann Author", Meaning.authored)


def test_meaning_follows_from_the_identity_role(
    window: MainWindow, tmp_path: Path, signers: Signers
) -> None:
    dialog = open_export(window, tmp_path / "packet.pdf", signers.p12("approver"))
    assert dialog.inspect_identity()
    assert dialog.meaning == Meaning.approved
    assert "Dana Okafor" in dialog.signer_label.text()


def test_public_unsigned_packet(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_export(window, tmp_path / "public.pdf", None)
    dialog.public_radio.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS) as exported:
        dialog.export()
    result = exported.args[0]
    assert result.manifest.public and result.signature is None
    assert "Wrote public packet" in dialog.message.text()


def test_approval_blocked_lists_the_blockers_in_the_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, signers: Signers
) -> None:
    out = tmp_path / "approved.pdf"
    dialog = open_export(window, out, signers.p12("approver"))
    with qtbot.waitSignal(dialog.failed, timeout=EXPORT_TIMEOUT_MS):
        dialog.export()
    assert dialog.blockers_box.isVisibleTo(dialog)
    lines = [dialog.blockers_list.item(i).text() for i in range(dialog.blockers_list.count())]
    assert lines and len(lines) == len(dialog.blockers)
    assert any(line.startswith("REV-OPEN-BLOCKING · CH1") for line in lines)
    assert "approval refused" in dialog.message.text()
    assert not out.exists()


def test_a_wrong_passphrase_is_shown_in_the_dialog(
    window: MainWindow, tmp_path: Path, signers: Signers
) -> None:
    dialog = open_export(window, tmp_path / "packet.pdf", signers.p12("author"))
    dialog.passphrase_edit.setText("not the passphrase")
    assert not dialog.export()
    assert "wrong passphrase" in dialog.message.text()
    assert not dialog.busy


def shown_text(label: QLabel) -> str:
    """What a label shows (rich text rendered), not its source."""
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def test_an_empty_passphrase_is_named_as_the_reason(
    window: MainWindow, tmp_path: Path, signers: Signers
) -> None:
    dialog = open_export(window, tmp_path / "packet.pdf", signers.p12("author"))
    dialog.passphrase_edit.setText("")
    assert not dialog.export()
    assert shown_text(dialog.message) == (
        "cannot sign: type the passphrase of the identity: it was left empty"
    )
    assert not (tmp_path / "packet.pdf").exists()


def test_a_refusal_with_a_quote_shows_the_quote_not_its_escape(
    window: MainWindow, tmp_path: Path, signers: Signers
) -> None:
    dialog = open_export(window, tmp_path / "packet.pdf", signers.p12("ca"))
    assert not dialog.export()
    shown = shown_text(dialog.message)
    assert shown == "cannot sign: Example Lab is a CA; choose a signer's identity"
    # An error from the worker with a quote and no markup (as the worker reports one).
    dialog._failed(InputError("cannot write 'it's.pdf'"))
    assert shown_text(dialog.message) == "cannot write 'it's.pdf'"


def open_verify(window: MainWindow, packet: Path) -> VerifyPacketDialog:
    window.ask_open_path = lambda _parent, _title, _filter: packet
    window.window_actions.act_verify_packet.trigger()
    dialog = window.verify_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog.pdf_button.click()
    return dialog


def run_verify(dialog: VerifyPacketDialog, qtbot: QtBot) -> None:
    with qtbot.waitSignal(dialog.verified, timeout=EXPORT_TIMEOUT_MS):
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)


def test_signed_packet_verifies_as_valid(
    window: MainWindow, qtbot: QtBot, signed_packet: Path, signers: Signers
) -> None:
    dialog = open_verify(window, signed_packet)
    dialog.add_trust(signers.ca_pem)
    run_verify(dialog, qtbot)
    assert "VALID" in dialog.verdict.text() and "INVALID" not in dialog.verdict.text()
    model = dialog.signature_model
    assert [model.index(0, c).data() for c in (0, 1, 2, 4, 5, 6)] == [
        "Ann Author",
        "author",
        "authored",
        "yes",
        "yes",
        "whole document",
    ]
    assert "not checked against a store" in dialog.manifest_label.text()
    assert [model.index(0, c).data() for c in (7, 8)] == [
        "Sig-author-authored",
        "yes (certification)",
    ]
    revisions = dialog.revisions_label.text()
    assert "Revision 3 (signature): signature Sig-author-authored filled" in revisions
    assert "not allowed" not in revisions


def test_a_page_added_after_signing_is_shown_as_not_allowed(
    window: MainWindow, qtbot: QtBot, signed_packet: Path, signers: Signers, tmp_path: Path
) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.writer import PageObject

    tampered = tmp_path / "tampered.pdf"
    with signed_packet.open("rb") as source:
        writer = IncrementalPdfFileWriter(source)
        contents = writer.add_object(generic.StreamObject(stream_data=b"BT ET"))
        writer.insert_page(PageObject(contents=contents, media_box=(0, 0, 595, 842)))
        with tampered.open("wb") as out:
            writer.write(out)
    dialog = open_verify(window, tampered)
    dialog.add_trust(signers.ca_pem)
    run_verify(dialog, qtbot)
    assert "INVALID" in dialog.verdict.text()
    assert "revision 4 is not a signature: 1 page added" in dialog.verdict.text()
    assert "Revision 4 (other): 1 page added; the XMP metadata updated — not allowed" in (
        dialog.revisions_label.text()
    )


def test_byte_flipped_copy_verifies_as_invalid(
    window: MainWindow, qtbot: QtBot, signed_packet: Path, signers: Signers, tmp_path: Path
) -> None:
    damaged = flipped_copy(signed_packet, tmp_path / "damaged.pdf")
    dialog = open_verify(window, damaged)
    dialog.add_trust(signers.ca_pem)
    run_verify(dialog, qtbot)
    assert "INVALID" in dialog.verdict.text()
    assert "does not match the signed bytes" in dialog.verdict.text()
    assert dialog.signature_model.index(0, 4).data() == "NO"


def test_without_the_ca_the_signature_is_not_trusted(
    window: MainWindow, qtbot: QtBot, signed_packet: Path
) -> None:
    dialog = open_verify(window, signed_packet)
    run_verify(dialog, qtbot)
    assert "INVALID" in dialog.verdict.text() and "not trusted" in dialog.verdict.text()
    assert dialog.signature_model.index(0, 5).data() == "NO"


def test_a_crl_chosen_in_the_dialog_shows_the_revoked_signer_untrusted(
    window: MainWindow, qtbot: QtBot, signed_packet: Path, signers: Signers, tmp_path: Path
) -> None:
    import shutil

    from workbench.app.packets import revoke_identity, write_crl

    ca = tmp_path / "ca.p12"
    shutil.copy(signers.p12("ca"), ca)
    author = signers.p12("author")
    revoke_identity(ca, PASSPHRASE, author, target_passphrase=PASSPHRASE)
    crl = tmp_path / "org.crl"
    write_crl(ca, PASSPHRASE, crl)
    dialog = open_verify(window, signed_packet)
    dialog.add_trust(signers.ca_pem)
    run_verify(dialog, qtbot)
    model = dialog.signature_model
    revoked, pades = (model.columns.index(c) for c in ("Revoked", "PAdES"))
    assert model.index(0, revoked).data() == "not checked"
    assert model.index(0, pades).data() == "B-B"
    dialog.ask_open_path = lambda _parent, _title, _filter: crl
    dialog.add_crl_button.click()
    assert dialog.crl_paths_text() == [str(crl)]
    run_verify(dialog, qtbot)
    assert "INVALID" in dialog.verdict.text() and "was revoked on" in dialog.verdict.text()
    assert model.index(0, revoked).data().endswith("signing time unproven")
    assert model.index(0, 5).data() == "NO"


def test_verify_against_the_open_store(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, signers: Signers
) -> None:
    export = open_export(window, tmp_path / "packet.pdf", signers.p12("author"))
    with qtbot.waitSignal(export.exported, timeout=EXPORT_TIMEOUT_MS):
        export.export()
    dialog = open_verify(window, tmp_path / "packet.pdf")
    dialog.add_trust(signers.ca_pem)
    dialog.store_box.setChecked(True)
    run_verify(dialog, qtbot)
    assert "matches this store" in dialog.verdict.text()
    assert "matches the store" in dialog.manifest_label.text()


def test_a_store_changed_after_export_no_longer_matches(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, signers: Signers
) -> None:
    export = open_export(window, tmp_path / "packet.pdf", signers.p12("author"))
    with qtbot.waitSignal(export.exported, timeout=EXPORT_TIMEOUT_MS):
        export.export()
    assert window.session is not None
    add_schedule_item(window.session.workspace, what="Re-approval", due=dt.date(2027, 3, 1))
    dialog = open_verify(window, tmp_path / "packet.pdf")
    dialog.add_trust(signers.ca_pem)
    dialog.store_box.setChecked(True)
    run_verify(dialog, qtbot)
    assert "INVALID" in dialog.verdict.text()
    assert "does not match the store" in dialog.verdict.text()


def test_a_file_that_is_not_a_pdf_is_not_verified(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    bogus = tmp_path / "notes.pdf"
    bogus.write_text("not a packet")
    dialog = open_verify(window, bogus)
    with qtbot.waitSignal(dialog.failed, timeout=EXPORT_TIMEOUT_MS):
        dialog.verify()
    assert "NOT VERIFIED" in dialog.verdict.text() and "not a PDF" in dialog.verdict.text()


def test_signature_model_is_valid(
    window: MainWindow,
    qtbot: QtBot,
    signed_packet: Path,
    signers: Signers,
    qtmodeltester: ModelTester,
) -> None:
    dialog = open_verify(window, signed_packet)
    dialog.add_trust(signers.ca_pem)
    run_verify(dialog, qtbot)
    qtmodeltester.check(dialog.signature_model, force_py=True)


def test_a_sign_off_is_shown_at_once_with_a_notice_and_not_undoable(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, signers: Signers
) -> None:
    session = window.session
    assert session is not None
    seen: list[Changes] = []
    session.changed.connect(seen.append)
    steps = session.undo_stack.count()
    dialog = open_export(window, tmp_path / "packet.pdf", signers.p12("author"))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS) as exported:
        dialog.export()
    signoff = exported.args[0].signature.signoff
    # Named by the time the dialog reports it (the 1.5 s poll would only say "re-read").
    [named] = [n for n in seen if signoff.id in n.ids("signoff")]
    assert named.added == {"signoff": frozenset({signoff.id})}
    assert session.undo_stack.count() == steps  # a signature cannot be taken back
