"""Errors a user can cause: each carries a one-line message a person can act on."""


class WorkbenchError(Exception):
    """Base for every error the user can cause; the CLI prints it as one line, exit 2.

    The message is worded for people, with no front end's vocabulary in it; ``about`` names
    the input it concerns ("model", "replace", …), so the CLI can add how to give that input
    on the command line ("; give --model NAME") and the window can point at its own field.
    """

    def __init__(self, *args: object, about: str | None = None) -> None:
        super().__init__(*args)
        self.about = about

    def __str__(self) -> str:
        text = super().__str__()
        # One line only: a message is shown in a status bar or on stderr.
        return " ".join(text.split())


class InputError(WorkbenchError):
    """A file, argument or document that cannot be used as given."""


class StoreError(WorkbenchError):
    """A store that cannot be opened or written (not a store, newer schema, damaged)."""


class ReadOnlyStore(StoreError):
    """A store that cannot be written here: a read-only file or folder, or a file deleted,
    moved or replaced while it was open. Nothing was written."""


class ConflictError(StoreError):
    """Another process changed the store since this one read it; the write was refused."""


class NotFoundError(WorkbenchError):
    """An id that names nothing in the store or catalogue."""


class PermissionDenied(WorkbenchError):
    """The action is not allowed in this mode or for this role (e.g. reviewer mode)."""


def describe_validation_error(exc: Exception, what: str) -> str:
    """One line for a pydantic ValidationError: what was invalid, where (JSON path) and why."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return f"invalid {what}: {exc}"
    first = errors()[0] if errors() else {}
    loc = first.get("loc", ())
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    message = str(first.get("msg", exc)).removeprefix("Value error, ")
    more = len(errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    return f"invalid {what} at {path}: {message}{suffix}"
