"""Services: one function per user operation, used by the CLI and the GUI alike."""

from workbench.app.changes import ChangeSet
from workbench.app.workspace import Mode, Workspace, default_actor
from workbench.store import Cancelled, Change

__all__ = ["Cancelled", "Change", "ChangeSet", "Mode", "Workspace", "default_actor"]
