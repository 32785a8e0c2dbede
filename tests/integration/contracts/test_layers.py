"""Layer contracts (import-linter, configured in pyproject.toml): domain imports nothing of
ours, only ui imports Qt, only store speaks SQL, and every module sits in a layer."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Any

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "workbench"


def contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return found


def layered_modules() -> set[str]:
    layers = next(c for c in contracts() if c["type"] == "layers")["layers"]
    return {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}


def test_the_import_contracts_hold(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert f"Contracts: {len(contracts())} kept, 0 broken." in report


def test_every_module_sits_in_a_layer() -> None:
    layered = layered_modules()
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(("workbench", *path.relative_to(PACKAGE).with_suffix("").parts))
        if dotted == "workbench.__init__":
            continue
        is_package = dotted.endswith(".__init__")
        dotted = dotted.removesuffix(".__init__")
        prefixes = {".".join(dotted.split(".")[:n]) for n in range(2, dotted.count(".") + 2)}
        if is_package and not prefixes & layered:
            # A package split across layers (runtime) is covered when its __init__ imports
            # nothing: each of its modules is then in a layer of its own.
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
            assert not imports, f"{dotted}/__init__.py imports, but the package is in no layer"
            continue
        assert prefixes & layered, f"{dotted} is in no layer of the import contracts"


def test_only_ui_is_free_to_import_qt() -> None:
    qt = next(c for c in contracts() if c["id"] == "qt-only-in-ui")
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} | {"__main__"}
    assert {m.removeprefix("workbench.") for m in qt["source_modules"]} == packages - {"ui"}


def test_only_store_is_free_to_speak_sql() -> None:
    sql = next(c for c in contracts() if c["id"] == "sql-only-in-store")
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} | {"__main__"}
    assert {m.removeprefix("workbench.") for m in sql["source_modules"]} == packages - {"store"}
