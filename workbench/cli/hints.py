"""How to give, on the command line, the input an error is about (WorkbenchError.about),
or which command lists the ids there are.

The app words its errors for people and names the input they concern; the CLI adds its
flags here, so the window never shows a flag and the command line always does.
"""

from __future__ import annotations

from workbench.domain import WorkbenchError

FLAG_HINTS: dict[str, str] = {
    "model": "give --model NAME",
    "name": "give --name",
    "replace": "pass --replace to overwrite it",
    "force": "give --force to replace it",
    "replace-or-id": "use --replace to replace it, or --id to import it under another id",
    "id": "give --id ID",
    "due": "give --due DATE",
    "from": "give --from VERSION",
    "to": "give --to VERSION",
    "versions": "give different --from and --to versions",
    "meaning": "give --meaning with --sign",
    "sign": "give --sign ID.p12 with --meaning",
    "tsa": "give --tsa URL",
    "size": "give another --size N",
    "reopen": "respond with --status open and the reason in --text",
    "with-children": "pass --with-children to delete them too",
    "context": "link it with --context",
    "element-edit": "give --text, --undeveloped or --developed",
    "param": "give each parameter as --param NAME=VALUE (see 'workbench pattern show NAME')",
    # Ids that name nothing: the command that lists the ids there are.
    "challenge": "see 'workbench review list'",
    "evidence": "see 'workbench evidence list'",
    "target": "see 'workbench evidence list' and the argument outline",
    "schedule": "see 'workbench schedule list'",
    "noncompliance": "see 'workbench noncompliance list'",
    "obligation": "see 'workbench catalog show FRAMEWORK'",
    "catalog-item": "try 'workbench catalog list'",
    "requirement": "see 'workbench catalog show FRAMEWORK'",
    "crosswalk": "give a mapping crosswalk file with --crosswalk FILE",
}


def cli_message(error: WorkbenchError) -> str:
    """The error's one line, with the flag that gives its input where it names one."""
    hint = FLAG_HINTS.get(error.about or "")
    return f"{error}; {hint}" if hint else str(error)
