"""Layer contracts: domain imports nothing of ours, only ui imports Qt, only store speaks SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workbench"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def area(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


ALLOWED_OWN = {
    "domain": {"workbench.domain"},
    "checks": {"workbench.domain", "workbench.checks"},
    "store": {"workbench.domain", "workbench.store"},
    # workbench.runtime.fileio: reading a file the user named, one-line errors (stdlib + domain).
    "interop": {"workbench.domain", "workbench.interop", "workbench.runtime.fileio"},
    "signing": {"workbench.domain", "workbench.signing"},
    "report": {
        "workbench.domain",
        "workbench.checks",
        "workbench.report",
        "workbench.diagram.layout",
        "workbench.runtime.resources",
    },
}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_respects_its_layer(path: Path) -> None:
    names = imports_of(path)
    own = {n for n in names if n == "workbench" or n.startswith("workbench.")}
    where = area(path)
    if where in ALLOWED_OWN:
        allowed = ALLOWED_OWN[where]
        bad = sorted(n for n in own if not any(n == a or n.startswith(a + ".") for a in allowed))
        assert not bad, f"{where} may not import {bad}"
    if where != "ui":
        qt = sorted(n for n in names if n.split(".")[0] in {"PySide6", "shiboken6"})
        assert not qt, f"only workbench/ui imports Qt, {path.name} imports {qt}"
    if where == "ui":
        bad = sorted(n for n in own if n.startswith("workbench.store"))
        assert not bad, "the GUI goes through workbench.app, never the store"
    if where != "store":
        sql = sorted(n for n in names if n.split(".")[0] in {"sqlite3", "sqlite_utils"})
        assert not sql, f"only workbench/store speaks SQL, {path.name} imports {sql}"
