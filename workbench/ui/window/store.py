"""Main window store controller: open, new, import, export, recent stores, close."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.app import Mode, Workspace
from workbench.app.catalogs import DEFAULT_FRAMEWORK, list_frameworks
from workbench.app.exchange import export_json, import_json
from workbench.app.stores import init_store
from workbench.domain import WorkbenchError
from workbench.ui.session.case import CaseSession

if TYPE_CHECKING:
    from workbench.ui.window.main import MainWindow

STORE_FILTER = "Workbench stores (*.db *.sqlite *.workbench);;All files (*)"
JSON_FILTER = "Case documents (*.json);;All files (*)"
#: The suffixes a store file may have; a new store named without one gets ``.db``.
STORE_SUFFIXES = (".db", ".sqlite", ".workbench")


def with_store_suffix(path: Path) -> Path:
    """``path``, with ``.db`` added when its name has none of the store suffixes (the file
    dialog returns the name as typed)."""
    if path.suffix.lower() in STORE_SUFFIXES:
        return path
    return path.with_name(path.name + ".db")


class StoreController:
    """Which store the window has open, and the File menu's ways of changing it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def open_store(self, path: Path, mode: Mode | str = Mode.author) -> bool:
        """Open a store in the window (replacing the one open); False, with a message, if not."""
        window = self.window
        try:
            workspace = Workspace.open(Path(path), mode=mode)
        except WorkbenchError as exc:
            window.show_error(str(exc))
            return False
        self.close_store()
        session = CaseSession(workspace, window)
        window.attach_session(session)
        if window.remember:
            window.settings.add_recent_store(session.path)
            window.settings.sync()
        if session.review_mode:
            window.show_notice(
                "Review mode: the argument, evidence, determinations and compliance records "
                "are read-only (challenges may be raised, not answered); findings and the "
                "requirements matrix stay live."
            )
        window.start_checking()
        return True

    def save_as(self) -> None:
        """Save the open store as a new file and carry on there: also the way out when the
        store was deleted, moved or made read-only, keeping every unsaved edit."""
        window = self.window
        session = window.session
        if session is None:
            return
        path = window.ask_save_path(window, "Save the store as", STORE_FILTER)
        if path is None:
            return
        path = with_store_suffix(path)
        if session.save_copy(path):
            window.editor.save_text()  # what was typed while the store could not be written
            if window.remember:
                window.settings.add_recent_store(session.path)
                window.settings.sync()
            window.show_notice(f"Saved as {path}; editing goes on there")

    def close_store(self) -> None:
        window = self.window
        session = window.session
        if session is None:
            return
        window.detach_session()
        session.close()
        session.deleteLater()

    def choose_store(self, mode: Mode = Mode.author) -> None:
        window = self.window
        title = "Open a store for review" if mode == Mode.reviewer else "Open a store"
        path = window.ask_open_path(window, title, STORE_FILTER)
        if path is not None:
            self.open_store(path, mode)

    def new_store(self) -> None:
        window = self.window
        path = window.ask_save_path(window, "New store", STORE_FILTER)
        if path is None:
            return
        path = with_store_suffix(path)
        name = window.ask_text(window, "New assessment", "Name of the model under review:")
        if name is None:
            return
        framework = DEFAULT_FRAMEWORK
        known = list_frameworks()
        if len(known) > 1:  # shipped and imported catalogues to choose from
            labels = {f"{f.id} — {f.title}": f.id for f in known}
            default = next(label for label, fid in labels.items() if fid == DEFAULT_FRAMEWORK)
            rest = [label for label in labels if label != default]
            chosen = window.ask_choice(
                window, "New assessment", "Framework to assess against:", [default, *rest]
            )
            if chosen is None:
                return
            framework = labels[chosen]
        try:
            init_store(path, name, framework).close()
        except WorkbenchError as exc:
            window.show_error(str(exc))
            return
        self.open_store(path)

    def import_case(self) -> None:
        window = self.window
        source = window.ask_open_path(window, "Import a case document", JSON_FILTER)
        if source is None:
            return
        target = window.ask_save_path(window, "Store to create from it", STORE_FILTER)
        if target is None:
            return
        target = with_store_suffix(target)
        try:
            import_json(source, target)
        except WorkbenchError as exc:
            window.show_error(str(exc))
            return
        if self.open_store(target):
            window.show_notice(f"Imported {source.name} into {target.name}")

    def export_case(self) -> None:
        window = self.window
        if window.session is None:
            return
        target = window.ask_save_path(window, "Export the case as JSON", JSON_FILTER)
        if target is None:
            return
        try:
            # The save dialog asked before replacing a file; a store or the input is refused.
            export_json(window.session.workspace, target, force=True)
        except WorkbenchError as exc:
            window.show_error(str(exc))
            return
        window.show_notice(f"Exported the case to {target}")

    def recent_stores(self) -> list[Path]:
        return list(self.window.settings.recent_stores)

    def clear_recent_stores(self) -> None:
        self.window.settings.clear_recent_stores()
