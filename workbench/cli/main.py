"""Command line: argparse front end over the service layer; one-line errors, exit 0/1/2."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The workbench uses no pydantic plugins; skipping their discovery (an entry-point scan of
# every installed package) saves a noticeable part of start-up. Set before pydantic loads.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from workbench import __version__
from workbench.cli import (
    audit,
    compliance,
    crosswalks,
    element,
    framework,
    gui,
    oscal,
    packets,
    patterns,
    review,
)
from workbench.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    Handler,
    Parser,
    UsageError,
    add_force,
    add_format,
    emit_json,
    finite_number,
    open_workspace,
    out,
    parse_date,
)
from workbench.cli.hints import cli_message
from workbench.domain import BlobStatus, EvidenceKind, InputError, WorkbenchError
from workbench.domain.wording import plural
from workbench.runtime.paths import crash_log_path
from workbench.runtime.startup import release_collector

if TYPE_CHECKING:
    pass


# ------------------------------------------------------------------------ commands
def cmd_demo(args: argparse.Namespace) -> int:
    path = Path(args.store)
    if args.size is not None and args.framework is not None:
        raise UsageError("--size writes a synthetic RSP-2.2 assessment; leave out --framework")
    if args.size is not None:
        from workbench.app.synthetic_store import write_synthetic

        write_synthetic(path, args.size, seed=args.seed)
        out(f"wrote a synthetic assessment of about {args.size} elements to {path}")
    else:
        from workbench.app.catalogs import DEFAULT_FRAMEWORK
        from workbench.app.demo import write_demo

        framework = args.framework or DEFAULT_FRAMEWORK
        write_demo(path, framework_id=framework)
        out(f"wrote the {framework} demo assessment to {path}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from workbench.app.stores import init_store

    with init_store(Path(args.store), args.model, args.framework) as store:
        doc = store.load()
    out(f"created {args.store} for {doc.assessment.model.name} under {doc.framework.id}")
    out(f"assessment {doc.assessment.id}")
    return EXIT_OK


def cmd_model_set(args: argparse.Namespace) -> int:
    from workbench.app.assessment import set_model_facts
    from workbench.app.operations import call

    names = (
        "effective_compute_ratio",
        "last_comprehensive",
        "last_preliminary",
        "post_training_months",
        "snapshot",
    )
    facts = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    if not facts:
        raise UsageError("nothing to set; give at least one of the options (see --help)")
    with open_workspace(args.store) as ws:
        call(ws, lambda w: set_model_facts(w, **facts))
        model = ws.document.assessment.model
    shown = ", ".join(f"{k}={getattr(model, k)}" for k in facts)
    out(f"model {model.name}: {shown}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from workbench.app.checking import blob_status, check_document_and_matrix, other_coverage
    from workbench.cli.text import format_check_report

    if args.crosswalk and not args.also:
        raise UsageError("--crosswalk goes with --also ID")
    with open_workspace(args.store) as ws:
        doc = ws.document
        report, matrix = check_document_and_matrix(
            doc, blob_status(ws, deep=args.deep), on=args.today
        )
    also = other_coverage(doc, matrix, args.also, args.crosswalk) if args.also else []
    if args.format == "json":
        data = report.to_json(doc.framework)
        if args.also:
            data["also"] = [coverage.to_json() for coverage in also]
        emit_json(data)
    else:
        out(format_check_report(doc, report))
        for coverage in also:
            out()
            out(crosswalks.format_coverage(coverage))
    return EXIT_FAILED if report.blocking else EXIT_OK


def _kind(text: str) -> EvidenceKind:
    try:
        return EvidenceKind(text.replace("-", "_"))
    except ValueError:
        kinds = ", ".join(k.value for k in EvidenceKind)
        raise argparse.ArgumentTypeError(f"unknown kind {text!r} (one of: {kinds})") from None


def cmd_evidence_add(args: argparse.Namespace) -> int:
    from workbench.app.evidence import EvidenceDetails, add_evidence_file
    from workbench.app.operations import call

    details = EvidenceDetails(
        title=args.title,
        kind=args.kind,
        team=args.team or "",
        collected=args.collected,
        expires=args.expires,
        evaluation=args.evaluation,
        methodology_version=args.methodology_version,
    )
    with open_workspace(args.store) as ws:
        evidence, added = call(ws, lambda w: add_evidence_file(w, Path(args.file), details))
    status = "added" if added else "already stored as"
    flag = ""
    if evidence.metadata.get("status") not in (None, "success"):
        flag = f" (eval run status: {evidence.metadata['status']})"
    out(f"{evidence.title} [{evidence.kind.value}] {evidence.size} bytes{flag}")
    out(f"sha256 {evidence.sha256}")
    out(f"{status} {evidence.id}")
    return EXIT_OK


def _no_date(text: str) -> dt.date | None:
    """A date, or ``none`` to clear it."""
    if text.strip().lower() == "none":
        return None
    try:
        return parse_date(text)
    except argparse.ArgumentTypeError as exc:
        raise InputError(str(exc)) from None


def cmd_evidence_edit(args: argparse.Namespace) -> int:
    from workbench.app.changes import update_evidence
    from workbench.app.operations import Edit, apply

    fields: dict[str, object] = {}
    for name in ("title", "kind", "team", "evaluation", "methodology_version"):
        value = getattr(args, name)
        if value is not None:
            fields[name] = value
    for name in ("collected", "expires"):
        raw = getattr(args, name)
        if raw is not None:
            fields[name] = _no_date(raw)
    if not fields:
        raise UsageError("nothing to change; give at least one of the options (see --help)")
    with open_workspace(args.store) as ws:
        outcome = apply(ws, Edit(lambda doc: update_evidence(doc, args.evidence, **fields)))
    out(f"{outcome.change_set.label}: {args.evidence}")
    return EXIT_OK


def cmd_evidence_list(args: argparse.Namespace) -> int:
    from workbench.app.checking import blob_status

    with open_workspace(args.store) as ws:
        evidence = ws.document.evidence
        status = blob_status(ws)
    if args.format == "json":
        emit_json(
            [
                {**e.model_dump(mode="json"), "stored": status.get(e.id, BlobStatus.missing).value}
                for e in evidence
            ]
        )
        return EXIT_OK
    if not evidence:
        out("no evidence yet; add some with 'workbench evidence add STORE FILE'")
        return EXIT_OK
    out(f"{'id':<16} {'kind':<18} {'collected':<10} {'size':>9}  title")
    for e in evidence:
        collected = e.collected.isoformat() if e.collected else "-"
        stored = status.get(e.id, BlobStatus.missing)
        mark = "" if stored == BlobStatus.present else f"  [{stored.value}]"
        out(f"{e.id:<16} {e.kind.value:<18} {collected:<10} {e.size:>9}  {e.title}{mark}")
    out(plural(len(evidence), "evidence file"))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    if args.format == "json":
        from workbench.app.exchange import import_json

        if len(args.file_list) != 1:
            raise UsageError("import json takes exactly one FILE")
        doc = import_json(Path(args.file_list[0]), Path(args.store), replace=args.replace)
    else:
        from workbench.app.interop import import_gsn2x

        doc = import_gsn2x(
            [Path(f) for f in args.file_list], Path(args.store), replace=args.replace
        )
    out(f"imported {plural(len(doc.case.elements), 'element')} into {args.store}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    if args.format in DIAGRAM_FORMATS:
        return cmd_export_diagram(args)
    if args.module is not None or args.root is not None:
        raise UsageError("--module and --root choose what a diagram (svg, png, pdf) shows")
    with open_workspace(args.store) as ws:
        if args.format == "json":
            from workbench.app.exchange import export_json

            export_json(ws, Path(args.file), force=args.force)
        elif args.file.endswith(("/", os.sep)) or Path(args.file).is_dir():
            from workbench.app.interop import export_gsn2x_files

            written = export_gsn2x_files(ws, Path(args.file), force=args.force)
            count = len(ws.document.case.elements)
            out(f"exported {count} elements to {len(written)} gsn2x file(s) in {args.file}")
            return EXIT_OK
        else:
            from workbench.app.interop import export_gsn2x

            export_gsn2x(ws, Path(args.file), force=args.force)
        count = len(ws.document.case.elements)
    out(f"exported {count} elements to {args.file}")
    return EXIT_OK


DIAGRAM_FORMATS = ("svg", "png", "pdf")


def cmd_export_diagram(args: argparse.Namespace) -> int:
    """The GSN diagram as the window draws it (workbench.ui renders it, without a display)."""
    from workbench.app.outputs import check_output

    check_output(Path(args.file), force=args.force, inputs=[Path(args.store)])
    with open_workspace(args.store) as ws:
        doc = ws.document
    from workbench.ui.diagram_file import write_diagram

    title = f"{doc.assessment.model.name} — GSN diagram"
    written = write_diagram(
        doc.case, Path(args.file), args.format, module=args.module, root=args.root, title=title
    )
    out(
        f"exported the diagram of {plural(written.elements, 'element')} to {written.path} "
        f"({written.format.upper()}, {written.width}×{written.height})"
    )
    return EXIT_OK


def cmd_catalog_list(args: argparse.Namespace) -> int:
    from workbench.app.catalogs import catalogues

    known = catalogues()
    for problem in known.problems:  # a broken file in the folder does not hide the others
        print(f"workbench: warning: {problem}", file=sys.stderr)
    frameworks = [(f, "shipped") for f in known.shipped.values()]
    frameworks += [(f, "imported") for f in known.imported.values()]
    if args.format == "json":
        emit_json(
            [
                {
                    "id": f.id,
                    "title": f.title,
                    "version": f.version,
                    "origin": origin,
                    "thresholds": len(f.thresholds),
                    "requirements": len(f.requirements),
                }
                for f, origin in frameworks
            ]
        )
        return EXIT_OK
    for f, origin in frameworks:
        out(
            f"{f.id:<24} {f.title} ({len(f.thresholds)} thresholds, "
            f"{len(f.standards)} standards, {len(f.requirements)} requirements)"
            + (" [imported]" if origin == "imported" else "")
        )
    return EXIT_OK


def cmd_catalog_show(args: argparse.Namespace) -> int:
    from workbench.app.catalogs import find_catalog_item

    framework, item = find_catalog_item(args.id)
    if args.format == "json":
        emit_json((item or framework).model_dump(mode="json", exclude_defaults=True))
        return EXIT_OK
    from workbench.cli.text import format_catalog_item

    out(format_catalog_item(framework, item))
    return EXIT_OK


def cmd_catalog_audit(args: argparse.Namespace) -> int:
    from workbench.app.catalogs import find_framework, load_framework_file
    from workbench.domain.quotes import audit_quotes, excerpt
    from workbench.runtime.inputs import read_input_bytes

    candidate = Path(args.id)
    if candidate.suffix == ".json" and candidate.is_file():  # a catalogue being written
        framework = load_framework_file(candidate)
    else:
        framework = find_framework(args.id)
    raw = read_input_bytes(Path(args.source), "policy text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{args.source} is not UTF-8 text (byte {exc.start}); give a plain-text copy"
        ) from None
    report = audit_quotes(framework, text)
    for part in report.missing:
        out(f'{part.item} ({part.section}): "{excerpt(part.text)}"')
    for item_id in report.unquoted:
        out(f"{item_id}: no quote")
    summary = f"{len(report.checked)} quotes checked, {len(report.missing)} not found"
    if report.unquoted:
        summary += f", {len(report.unquoted)} items without a quote"
    out(summary)
    return EXIT_OK if report.passed else EXIT_FAILED


# -------------------------------------------------------------------------- parser
def build_parser() -> Parser:
    parser = Parser(
        prog="workbench",
        description="Safety Case Workbench: build GSN safety cases, check them against ASL "
        "requirements, stress-test them and export signed packets. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("demo", help="write the demo assessment (or a synthetic one) to STORE")
    p.add_argument("store", metavar="STORE")
    p.add_argument("--size", type=int, help="synthetic assessment of about N argument elements")
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument(
        "--framework",
        metavar="ID",
        help="the framework the demo assessment is judged against: RSP-2.2 (default) or RSP-3.4",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("init", help="start an empty assessment in a new STORE")
    p.add_argument("store", metavar="STORE")
    p.add_argument("--model", required=True, help="name of the model under review")
    p.add_argument("--framework", default="RSP-2.2", help="framework id (default RSP-2.2)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("model", help="facts about the model under review")
    msub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = msub.add_parser("set", help="set effective compute and assessment dates")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--effective-compute-ratio", type=finite_number, metavar="X")
    q.add_argument("--last-comprehensive", type=parse_date, metavar="DATE")
    q.add_argument("--last-preliminary", type=parse_date, metavar="DATE")
    q.add_argument("--post-training-months", type=finite_number, metavar="N")
    q.add_argument("--snapshot", metavar="TEXT")
    q.set_defaults(func=cmd_model_set)

    p = sub.add_parser("check", help="check the case against the framework; exit 1 on blockers")
    p.add_argument("store", metavar="STORE")
    add_format(p)
    p.add_argument("--deep", action="store_true", help="re-hash every stored evidence byte")
    p.add_argument("--today", type=parse_date, metavar="DATE", help="judge as of this date")
    crosswalks.add_also_options(p, "also report")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("evidence", help="add and list evidence files")
    esub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = esub.add_parser("add", help="import a file as evidence (streamed, de-duplicated)")
    q.add_argument("store", metavar="STORE")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--title")
    q.add_argument("--kind", type=_kind, help="capability_report, eval_log, audit, …")
    q.add_argument("--team")
    q.add_argument("--collected", type=parse_date, metavar="DATE")
    q.add_argument("--expires", type=parse_date, metavar="DATE")
    q.add_argument("--evaluation", metavar="NAME")
    q.add_argument("--methodology-version", metavar="V")
    q.set_defaults(func=cmd_evidence_add)
    q = esub.add_parser(
        "edit", help="change an evidence record's title, kind, team or dates (not its file)"
    )
    q.add_argument("store", metavar="STORE")
    q.add_argument("evidence", metavar="ID")
    q.add_argument("--title")
    q.add_argument("--kind", type=_kind, help="capability_report, eval_log, audit, …")
    q.add_argument("--team")
    q.add_argument("--collected", metavar="DATE", help="a date, or none to clear it")
    q.add_argument("--expires", metavar="DATE", help="a date, or none to clear it")
    q.add_argument("--evaluation", metavar="NAME")
    q.add_argument("--methodology-version", metavar="V")
    q.set_defaults(func=cmd_evidence_edit)
    q = esub.add_parser("list", help="list the evidence in STORE")
    q.add_argument("store", metavar="STORE")
    add_format(q)
    q.set_defaults(func=cmd_evidence_list)

    p = sub.add_parser("import", help="import a case document (json) or gsn2x YAML into STORE")
    p.add_argument("format", choices=("json", "gsn2x"))
    p.add_argument("file_list", metavar="FILE", nargs="+")
    p.add_argument("store", metavar="STORE")
    p.add_argument("--replace", action="store_true", help="overwrite the case of an existing STORE")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="export STORE as a case document (json), gsn2x YAML or a diagram (svg, png, pdf)",
    )
    p.add_argument("format", choices=("json", "gsn2x", *DIAGRAM_FORMATS))
    p.add_argument("store", metavar="STORE")
    p.add_argument(
        "file", metavar="FILE", help="the file; for gsn2x a folder (DIR/) gets one file per module"
    )
    add_force(p)
    p.add_argument("--module", metavar="M", help="diagram only: draw only this module")
    p.add_argument(
        "--root", metavar="ID", help="diagram only: draw only this element and what it reaches"
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("catalog", help="framework catalogues")
    csub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = csub.add_parser("list", help="list the shipped and imported frameworks")
    add_format(q)
    q.set_defaults(func=cmd_catalog_list)
    q = csub.add_parser(
        "show", help="show a framework, threshold, standard, requirement or obligation"
    )
    q.add_argument("id", metavar="ID")
    add_format(q)
    q.set_defaults(func=cmd_catalog_show)
    q = csub.add_parser(
        "audit", help="check every quote of a catalogue against a plain-text copy of its policy"
    )
    q.add_argument("id", metavar="ID", help="framework id, or a catalogue file (.json)")
    q.add_argument("source", metavar="SOURCE.txt", help="plain-text copy of the policy")
    q.set_defaults(func=cmd_catalog_audit)
    crosswalks.register_catalog(csub)

    for area in (
        audit,
        element,
        oscal,
        packets,
        review,
        compliance,
        gui,
        framework,
        patterns,
    ):  # the subcommands of each area
        area.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, desktop: bool = False) -> int:
    """Run one command; ``desktop``: started from the desktop entry, where a start-up error
    is also shown in a dialog (no terminal shows the line on stderr)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if not args_list:  # the desktop app: no parser to build, start the window at once
            from workbench.cli.gui import run_gui

            return run_gui(None)
        args = build_parser().parse_args(args_list)
        if getattr(args, "func", None) is None:
            raise UsageError("no command given (see 'workbench --help')")
        if not getattr(args, "opens_window", False):
            release_collector()  # the window lets it go after its first paint
        handler: Handler = args.func
        return handler(args)
    except WorkbenchError as exc:
        print(f"workbench: error: {cli_message(exc)}", file=sys.stderr)
        if desktop:
            gui.tell_in_dialog(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log = crash_log_path()
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as f:
                f.write(f"--- {dt.datetime.now(dt.UTC).isoformat()} workbench {args_list}\n")
                f.write(traceback.format_exc())
            where = f" (details in {log})"
        except OSError:
            where = ""
        print(f"workbench: internal error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        if desktop:
            gui.tell_in_dialog(f"Internal error: {type(exc).__name__}: {exc}{where}")
        return 3


def gui_main() -> int:
    """Entry point of the ``workbench-gui`` launcher (no console): ``workbench`` with no
    arguments, so a problem is one line and an exit code, as on the command line, and a
    dialog when no terminal shows that line (as from the desktop entry)."""
    return main([], desktop=not gui.on_a_terminal())
