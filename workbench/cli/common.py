"""What every subcommand module shares: exit codes, the one-line-error parser, output helpers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from workbench.domain import InputError

if TYPE_CHECKING:
    from workbench.app.workspace import Workspace

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class UsageError(InputError):
    """The command line itself is wrong (unknown option, missing argument)."""


class Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line (exit 2), never usage text plus a message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def open_workspace(store: str) -> Workspace:
    """The store a command names, opened for one command (a context manager)."""
    from workbench.app.workspace import Workspace

    return Workspace.open(Path(store))


def out(text: str = "") -> None:
    print(text)


def emit_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


#: The earliest date a command takes: the date arithmetic of the checks (six months back
#: from --today, …) needs room before it, and an earlier date is always a typing slip.
FIRST_DATE = dt.date(1900, 1, 1)


def parse_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None
    if day < FIRST_DATE:
        raise argparse.ArgumentTypeError(
            f"{text!r} is before {FIRST_DATE.isoformat()}; give a date like 2026-11-23"
        )
    return day


def finite_number(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return number


def add_force(p: argparse.ArgumentParser, what: str = "FILE") -> None:
    p.add_argument(
        "--force",
        action="store_true",
        help=f"replace an existing {what} (never a workbench store, nor the input)",
    )


def add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
