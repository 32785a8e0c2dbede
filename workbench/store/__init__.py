"""SQLite store: the only code that speaks SQL."""

from workbench.store.records import Change, apply_changes
from workbench.store.sqlite_store import (
    AuditVerification,
    BlobInfo,
    CancelFn,
    Cancelled,
    ProgressFn,
    Store,
    inspect_file,
    is_store_file,
    recover,
)

__all__ = [
    "AuditVerification",
    "BlobInfo",
    "CancelFn",
    "Cancelled",
    "Change",
    "ProgressFn",
    "Store",
    "apply_changes",
    "inspect_file",
    "is_store_file",
    "recover",
]
