"""Interop operations on stores and catalogues: gsn2x import/export, OSCAL import/export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from workbench.app.catalogs import (
    DEFAULT_FRAMEWORK,
    builtin_framework,
    find_framework,
    framework_json,
)
from workbench.app.clock import utc_now
from workbench.app.exchange import import_document
from workbench.app.outputs import check_output, write_output
from workbench.app.stores import new_document
from workbench.app.workspace import Workspace
from workbench.domain import (
    CaseDocument,
    Challenge,
    Framework,
    InputError,
    Requirement,
    Review,
    ReviewSession,
    SafetyCase,
    StoreError,
)
from workbench.domain.ids import IdMarks
from workbench.interop import gsn2x, oscal
from workbench.runtime.fileio import atomic_write_bytes, write_failure
from workbench.runtime.inputs import loads_json, read_input_bytes

#: Model name of a store created from a gsn2x file (gsn2x does not say which model it argues for).
UNNAMED_MODEL = "unnamed model"


def _merged_review(
    review: Review,
    sessions: list[ReviewSession],
    challenges: list[Challenge],
    marks: IdMarks,
    case: SafetyCase,
) -> Review:
    """The store's review records plus the imported ones, renamed where an id is taken or
    was ever used in the store (``marks``): an imported challenge never takes the id of one
    deleted there.

    The store's challenges keep their link to counter elements of the new ``case`` only
    where no imported challenge states them (the replaced case's counter elements are gone).
    """
    claimed = {cid for c in challenges for cid in c.counter}
    by_id = case.by_id
    kept = [
        c.model_copy(
            update={
                "counter": [
                    i for i in c.counter if i not in claimed and i in by_id and by_id[i].is_counter
                ]
            }
        )
        if c.counter
        else c
        for c in review.challenges
    ]
    review = review.model_copy(update={"challenges": kept})
    session_ids = {s.id for s in review.sessions}
    challenge_ids = {c.id for c in review.challenges}
    renamed: dict[str, str] = {}
    new_sessions = []
    for s in sessions:
        renamed[s.id] = marks.unused("session", s.id, session_ids)
        new_sessions.append(s.model_copy(update={"id": renamed[s.id]}))
    new_challenges = [
        c.model_copy(
            update={
                "id": marks.unused("challenge", c.id, challenge_ids),
                "session": renamed[c.session],
            }
        )
        for c in challenges
    ]
    return Review(
        sessions=[*review.sessions, *new_sessions],
        challenges=[*review.challenges, *new_challenges],
    )


def import_gsn2x(
    paths: list[Path],
    store_path: Path,
    *,
    replace: bool = False,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> CaseDocument:
    """Import gsn2x files (and the modules they use) as the case of a new or existing store.

    Counter-arguments land as challenges in a new closed review session "Imported from gsn2x".
    An existing store keeps its assessment, evidence and review records; its argument is
    replaced only with ``replace`` (unless it has none yet). Nothing is written when the
    files are refused.
    """
    moment = now or utc_now()
    imported = gsn2x.parse_gsn2x_files([Path(p) for p in paths], now=moment)
    store_path = Path(store_path)
    action = "import gsn2x"
    if store_path.exists():
        with Workspace.open(store_path, actor=actor) as ws:
            current = ws.document
            if current.case.elements and not replace:
                raise StoreError(
                    f"{store_path} already holds an argument; replacing it keeps the "
                    "assessment, evidence and review records",
                    about="replace",
                )
            doc = current.model_copy(
                update={
                    "case": imported.case,
                    "review": _merged_review(
                        current.review,
                        imported.sessions,
                        imported.challenges,
                        current.id_marks,
                        imported.case,
                    ),
                }
            )
            doc = CaseDocument.model_validate(doc.model_dump())
            ws.store.replace_document(doc, actor=ws.actor, action=action)
            return ws.document
    framework = builtin_framework(DEFAULT_FRAMEWORK)
    doc = new_document(UNNAMED_MODEL, framework, now=moment).model_copy(
        update={
            "case": imported.case,
            "review": Review(sessions=imported.sessions, challenges=imported.challenges),
        }
    )
    return import_document(doc, store_path, replace=False, actor=actor, action=action)


def export_gsn2x(ws: Workspace, out: Path, *, force: bool = False) -> None:
    """Write the store's argument (challenges as counter elements) as one gsn2x YAML file."""
    text = gsn2x.export_gsn2x(ws.document)
    write_output(Path(out), text.encode(), force=force, inputs=[ws.path])


def export_gsn2x_files(ws: Workspace, folder: Path, *, force: bool = False) -> list[Path]:
    """Write the store's argument as gsn2x modules, one file per module, into ``folder``.

    Files are written whole (each atomically); nothing is written when the case cannot be
    exported.
    """
    folder = Path(folder)
    files = gsn2x.export_gsn2x_files(ws.document)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; give a folder to write the gsn2x modules into")
    for name in files:  # every file is checked before any is written
        check_output(folder / name, force=force, inputs=[ws.path])
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make the folder {folder}: {write_failure(exc)}") from None
    written = []
    for name, text in files.items():
        atomic_write_bytes(folder / name, text.encode())
        written.append(folder / name)
    return written


def read_oscal_catalog(path: Path, *, framework_id: str | None = None) -> Framework:
    """An OSCAL catalog JSON file as a framework catalogue (nothing is saved)."""
    path = Path(path)
    data = loads_json(read_input_bytes(path, "OSCAL catalog"), f"OSCAL catalog {path.name}")
    return oscal.framework_from_oscal(data, source=path.name, framework_id=framework_id)


def oscal_kept_summary(framework: Framework) -> str:
    """One line naming what an imported OSCAL catalog holds that is kept but not used."""
    return oscal.kept_summary(framework)


def parameter_lines(framework: Framework, requirement: Requirement) -> list[str]:
    """An imported requirement's OSCAL params with their constraints, one line each."""
    return oscal.parameter_lines(framework, requirement)


def save_framework(
    framework: Framework, out: Path, *, force: bool = False, source: Path | None = None
) -> None:
    """Write a framework as a workbench JSON catalogue (the format of resources/catalogs);
    ``source`` is the file it was read from (never overwritten)."""
    inputs = [source] if source is not None else []
    write_output(Path(out), framework_json(framework), force=force, inputs=inputs)


def export_oscal(framework_id: str, out: Path, *, force: bool = False) -> Framework:
    """Write a known framework (shipped or imported) as an OSCAL 1.1 catalog JSON file."""
    framework = find_framework(framework_id)
    document = oscal.framework_to_oscal(framework)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_output(Path(out), text.encode(), force=force)
    return framework
