"""SQLite store: the only code that speaks SQL."""

from workbench.store.sqlite_store import (
    AuditVerification,
    BlobInfo,
    Cancelled,
    Change,
    Store,
    inspect_file,
)

__all__ = ["AuditVerification", "BlobInfo", "Cancelled", "Change", "Store", "inspect_file"]
