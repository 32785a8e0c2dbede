"""The entry points ``workbench``, ``workbench-gui`` and ``python -m workbench``.

They are kept apart from :mod:`workbench.cli.main` so that start-up housekeeping (holding the
collector, see :mod:`workbench.runtime.startup`) begins before any of the program's modules load.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.runtime.startup import hold_collector


def main(argv: Sequence[str] | None = None) -> int:
    hold_collector()
    from workbench.cli.main import main as cli_main

    return cli_main(argv)


def gui_main() -> int:
    """The ``workbench-gui`` launcher (no console window on Windows)."""
    hold_collector()
    from workbench.cli.main import gui_main as cli_gui_main

    return cli_gui_main()
