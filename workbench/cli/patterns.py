"""Command line for argument patterns: ``workbench pattern {list | show | apply | save | import
| export | check}``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from workbench.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Parser,
    UsageError,
    add_format,
    emit_json,
    open_workspace,
    out,
)
from workbench.domain.patterns import Node, Pattern


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``--param k=v`` options as a mapping; a malformed or repeated one is a usage error."""
    result: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--param {item!r}: give it as NAME=VALUE")
        if name in result:
            raise UsageError(f"--param {name} is given twice")
        result[name] = value
    return result


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.app.patterns import library, problems_of

    known = library()
    if args.format == "json":
        emit_json(
            [
                {
                    "name": p.name,
                    "title": p.title,
                    "origin": "user" if p.name in known.user else "shipped",
                    "frameworks": p.frameworks,
                    "parameters": [q.name for q in p.parameters],
                }
                for p in known.all.values()
            ]
        )
        return EXIT_OK
    width = max((len(name) for name in known.all), default=0)
    for pattern in known.all.values():
        origin = ""
        if pattern.name in known.user:
            problems = problems_of(pattern)
            origin = f" [user; not well formed: {problems[0]}]" if problems else " [user]"
        out(f"{pattern.name.ljust(width)}  {pattern.title}{origin}")
    for problem in known.problems:
        out(f"# {problem}")
    return EXIT_OK


def _node_lines(node: Node, depth: int = 0) -> list[str]:
    marks = []
    if node.many is not None:
        of = f" of {{{node.many.of}}}" if node.many.of else ""
        marks.append(f"one per {node.many.over[:-1]}{of} as {{{node.many.each}}}")
    if node.optional is not None:
        marks.append(f"optional: when {{{node.optional}}} is given")
    if node.option is not None:
        marks.append(f"option {node.option}")
    if node.choice is not None:
        c = node.choice
        marks.append(f"choice of {c.min}..{c.max} by {{{c.parameter}}}")
    if node.claims:
        marks.append("claims " + ", ".join(node.claims))
    if node.undeveloped:
        marks.append("undeveloped")
    note = f"  [{'; '.join(marks)}]" if marks else ""
    lines = [f"{'  ' * depth}{node.role} {node.type.value}: {node.text}{note}"]
    for child in node.children:
        lines.extend(_node_lines(child, depth + 1))
    return lines


def show_lines(pattern: Pattern) -> list[str]:
    lines = [f"{pattern.name}: {pattern.title}"]
    if pattern.summary:
        lines.append(pattern.summary)
    lines.append("written for: " + (", ".join(pattern.frameworks) or "any framework"))
    for source in pattern.written_from:
        lines.append(f"from: {source}")
    lines.append("parameters:")
    for p in pattern.parameters:
        bits = [p.kind.value, "required" if p.required else "optional"]
        if p.default is not None:
            bits.append(f"default {p.default}")
        if p.options:
            bits.append("options " + ", ".join(p.options))
        lines.append(f"  {p.name} ({'; '.join(bits)}): {p.label}")
    lines.append("argument:")
    lines.extend("  " + line for line in _node_lines(pattern.root))
    return lines


def cmd_show(args: argparse.Namespace) -> int:
    from workbench.app.patterns import find_pattern, pattern_json

    pattern = find_pattern(args.name)
    if args.format == "json":
        out(pattern_json(pattern).decode().rstrip("\n"))
        return EXIT_OK
    for line in show_lines(pattern):
        out(line)
    return EXIT_OK


def cmd_apply(args: argparse.Namespace) -> int:
    from workbench.app.operations import Edit, run
    from workbench.app.patterns import apply_pattern, find_pattern, outline, plan

    pattern = find_pattern(args.name)
    params = parse_params(args.param)
    with open_workspace(args.store) as ws:
        instance = plan(ws.document, pattern, params, args.under)
        for line in outline(instance):
            out(line)
        if args.dry_run:
            out(f"dry run: nothing written ({len(instance.elements)} elements)")
            return EXIT_OK
        run(ws, Edit(lambda doc: apply_pattern(doc, pattern, params, args.under)))
        root = ws.document.case.elements[-len(instance.elements)].id
    where = f" under {args.under}" if args.under else ""
    out(f"inserted pattern {pattern.name}{where}: {len(instance.elements)} elements, root {root}")
    return EXIT_OK


def cmd_save(args: argparse.Namespace) -> int:
    from workbench.app.patterns import branch_to_pattern, store_pattern

    with open_workspace(args.store) as ws:
        pattern = branch_to_pattern(
            ws.document, args.root, args.name, parse_params(args.param), title=args.title
        )
    path = store_pattern(pattern, replace=args.replace)
    nodes = sum(1 for _ in pattern.nodes())
    count = len(pattern.parameters)
    out(f"{nodes} nodes, {count} parameter{'' if count == 1 else 's'}, kept in {path}")
    out(f"saved pattern {pattern.name}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.app.patterns import import_pattern

    pattern = import_pattern(Path(args.file), replace=args.replace)
    out(f"imported pattern {pattern.name}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.app.patterns import export_pattern

    pattern = export_pattern(args.name, Path(args.file))
    out(f"exported pattern {pattern.name} to {args.file}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from workbench.app.catalogs import catalogues
    from workbench.app.patterns import find_pattern, load_pattern_file
    from workbench.checks.patterns import check_pattern

    target = args.pattern
    is_file = target.endswith(".json") or Path(target).is_file()
    pattern = load_pattern_file(Path(target)) if is_file else find_pattern(target)
    findings = check_pattern(pattern, catalogues().all)
    for f in findings:
        out(f"{f.severity.value:<7} {f.rule}  {f.message}")
    out(f"pattern {pattern.name}: {len(findings)} problem{'s' if len(findings) != 1 else ''}")
    return EXIT_FAILED if findings else EXIT_OK


def register(sub: Any) -> None:
    """Add ``workbench pattern …`` to the top-level subcommands."""
    p = sub.add_parser("pattern", help="argument patterns: list, show, apply, save, share")
    psub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = psub.add_parser("list", help="the shipped patterns and your own, one per line")
    add_format(q)
    q.set_defaults(func=cmd_list)
    q = psub.add_parser("show", help="a pattern's parameters and argument")
    q.add_argument("name", metavar="NAME")
    add_format(q)
    q.set_defaults(func=cmd_show)
    q = psub.add_parser("apply", help="insert an instance of a pattern (one undoable change)")
    q.add_argument("store", metavar="STORE")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="a parameter value")
    q.add_argument("--under", metavar="ID", help="the goal or strategy to put it under")
    q.add_argument("--dry-run", action="store_true", help="show what would be added")
    q.set_defaults(func=cmd_apply)
    q = psub.add_parser("save", help="turn the branch under ROOT-ID into a pattern of your own")
    q.add_argument("store", metavar="STORE")
    q.add_argument("root", metavar="ROOT-ID")
    q.add_argument("name", metavar="NAME")
    q.add_argument(
        "--param",
        action="append",
        metavar="NAME=TEXT",
        help="text (or a catalogue id) of the branch that becomes the parameter {NAME}",
    )
    q.add_argument("--title", help="the pattern's title")
    q.add_argument("--replace", action="store_true", help="overwrite a pattern of yours")
    q.set_defaults(func=cmd_save)
    q = psub.add_parser("import", help="keep a pattern file among your patterns")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--replace", action="store_true", help="overwrite a pattern of yours")
    q.set_defaults(func=cmd_import)
    q = psub.add_parser("export", help="write a pattern to FILE")
    q.add_argument("name", metavar="NAME")
    q.add_argument("file", metavar="FILE")
    q.set_defaults(func=cmd_export)
    q = psub.add_parser("check", help="is a pattern (NAME or FILE) well formed; exit 1 if not")
    q.add_argument("pattern", metavar="NAME-OR-FILE")
    q.set_defaults(func=cmd_check)
