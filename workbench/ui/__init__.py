"""Desktop front end (PySide6): the only package that imports Qt; it talks to workbench.app.

Import order matters for start-up: once PySide6 is imported, its import hook reads the whole
source of every module imported after it (``shibokensupport.feature``, looking for uses of
``__feature__``). The rest of the program that the window needs is therefore imported here,
before any module of this package imports Qt. The start-up benchmark
(``benchmarks/bench_gui.py``) shows the difference.
"""

from importlib import import_module

#: What the window needs from the rest of the program (and the standard library), loaded
#: before Qt. The check engine is here too: the first check runs right after the first paint.
PRELOADED = (
    "html",
    "workbench.app",
    "workbench.app.catalogs",
    "workbench.app.checking",
    "workbench.app.clipboard",
    "workbench.app.crosswalks",
    "workbench.app.evidence",
    "workbench.app.exchange",
    "workbench.app.search",
    "workbench.app.stores",
    "workbench.app.compliance",
    "workbench.app.review",
    "workbench.checks",
    "workbench.checks.crosswalk",
    "workbench.diagram.layout",
    "workbench.diagram.palette",
)

for _name in PRELOADED:
    import_module(_name)
