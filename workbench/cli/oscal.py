"""Command line for OSCAL catalogues: ``catalog import-oscal`` and ``catalog export-oscal``."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import EXIT_OK, add_force, out


def cmd_import_oscal(args: argparse.Namespace) -> int:
    from workbench.app.catalogs import import_framework
    from workbench.app.interop import oscal_kept_summary, read_oscal_catalog, save_framework

    framework = read_oscal_catalog(Path(args.file), framework_id=args.id)
    if args.out is not None:
        save_framework(framework, Path(args.out), force=args.force, source=Path(args.file))
        where = f"saved as {args.out}"
    else:
        path = import_framework(framework, replace=args.replace)
        where = (
            f"imported into {path}; use it with: workbench init STORE --model NAME "
            f"--framework {framework.id}"
        )
    nested = sum(s.parent is not None for s in framework.standards)
    withdrawn = sum(r.withdrawn for r in framework.requirements)
    out(
        f"{framework.title} {framework.version}: {len(framework.standards)} standards"
        + (f" ({nested} nested)" if nested else "")
        + f", {len(framework.requirements) - withdrawn} requirements"
        + (f" and {withdrawn} withdrawn (kept, never demanded)" if withdrawn else "")
    )
    kept = oscal_kept_summary(framework)
    if kept:
        out(kept)
    out(where)
    out(f"framework {framework.id}")
    return EXIT_OK


def cmd_export_oscal(args: argparse.Namespace) -> int:
    from workbench.app.interop import export_oscal

    framework = export_oscal(args.id, Path(args.file), force=args.force)
    out(f"wrote {framework.id} as an OSCAL catalog to {args.file}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add import-oscal and export-oscal under the ``catalog`` command workbench.cli.main made."""
    catalog = sub.choices["catalog"]
    actions = next(a for a in catalog._actions if isinstance(a, argparse._SubParsersAction))

    p = actions.add_parser("import-oscal", help="read an OSCAL catalog (JSON) as a framework")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--id", help="framework id to give it (default: from the catalog title)")
    p.add_argument(
        "--out",
        metavar="CATALOG.json",
        help="only write it as a workbench JSON catalogue file (default: import it into the "
        "user's catalogue folder, where init, catalog list and show find it)",
    )
    p.add_argument(
        "--replace", action="store_true", help="replace an imported framework with the same id"
    )
    add_force(p, "--out CATALOG.json")
    p.set_defaults(func=cmd_import_oscal)

    p = actions.add_parser("export-oscal", help="write a framework as an OSCAL 1.1 catalog (JSON)")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE.json")
    add_force(p, "FILE.json")
    p.set_defaults(func=cmd_export_oscal)
