"""Store schema: the migrations that create and evolve a workbench SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is imported only when a migration has to run
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

#: ``PRAGMA application_id`` of every workbench store ("SCWB"): tells our files from others.
APPLICATION_ID = int.from_bytes(b"SCWB", "big")

MIGRATION_SET = "workbench"
#: Names of every migration this version knows, in order; a store with others is newer.
MIGRATION_NAMES: list[str] = []
_STEPS: dict[str, Callable[[Database], None]] = {}


def _migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(step: Callable[[Database], None]) -> Callable[[Database], None]:
        MIGRATION_NAMES.append(name)
        _STEPS[name] = step
        return step

    return register


@cache
def migrations() -> Migrations:
    """sqlite-utils' migration set for the store (built on first use: it is slow to import)."""
    from sqlite_utils.migrations import Migrations

    result = Migrations(MIGRATION_SET)
    for name in MIGRATION_NAMES:
        result(name=name)(_STEPS[name])
    return result


def apply_migrations(conn: object) -> None:
    from sqlite_utils import Database

    migrations().apply(Database(conn))  # type: ignore[arg-type]


#: Record kinds held in the ``records`` table (workbench.store.records says where each goes).
KINDS = (
    "framework",
    "assessment",
    "module",
    "element",
    "evidence",
    "session",
    "challenge",
    "schedule",
    "methodology",
    "noncompliance",
    "signoff",
)


@_migration("0001_initial")
def _initial(db: Database) -> None:
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        f"""CREATE TABLE records (
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            id TEXT NOT NULL,
            ord INTEGER NOT NULL,
            body TEXT NOT NULL CHECK (json_valid(body)),
            PRIMARY KEY (kind, id)
        )"""
    )
    db.execute("CREATE INDEX records_order ON records (kind, ord)")
    db.execute(
        """CREATE TABLE blobs (
            id INTEGER PRIMARY KEY,
            sha256 TEXT UNIQUE,
            size INTEGER NOT NULL DEFAULT 0,
            stored_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE chunks (
            blob_id INTEGER NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            data BLOB NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX chunks_order ON chunks (blob_id, seq)")
    db.execute(
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            payload_hash TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX audit_subject ON audit (subject, seq)")
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, id UNINDEXED, text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


@_migration("0002_search_keys")
def _search_keys(db: Database) -> None:
    """Index the search rows by record: (kind, id) -> rowid of the record's row in ``search``.

    An FTS5 table answers only MATCH and rowid look-ups quickly; finding a record's row by its
    UNINDEXED kind and id scanned the whole table on every edit.
    """
    db.execute(
        "CREATE TABLE search_keys (row INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "id TEXT NOT NULL, UNIQUE (kind, id))"
    )
    db.execute("INSERT INTO search_keys (row, kind, id) SELECT rowid, kind, id FROM search")


@_migration("0003_id_marks")
def _id_marks(db: Database) -> None:
    """The highest id number ever used, by record kind and id prefix (``IdMarks``): ids are
    minted once, so a deleted record's id is never handed out again.

    An existing store's marks come from its records and from every record its audit log
    names, so ids deleted before this migration stay retired too.
    """
    from workbench.domain.ids import IdMarks

    db.execute(
        "CREATE TABLE id_marks (kind TEXT NOT NULL, prefix TEXT NOT NULL, "
        "high INTEGER NOT NULL, PRIMARY KEY (kind, prefix))"
    )
    known = set(KINDS)
    seen = [(str(k), str(i)) for k, i in db.execute("SELECT kind, id FROM records").fetchall()]
    for (subject,) in db.execute("SELECT DISTINCT subject FROM audit").fetchall():
        kind, _, record_id = str(subject).partition(":")
        if kind in known and record_id:
            seen.append((kind, record_id))
    marks = IdMarks.of(seen)
    db.conn.executemany(
        "INSERT INTO id_marks (kind, prefix, high) VALUES (?, ?, ?)",
        [(kind, prefix, high) for (kind, prefix), high in marks.highest.items()],
    )


@_migration("0004_audit_revision")
def _audit_revision(db: Database) -> None:
    """Each audit event records the store revision its transaction wrote (NULL for events
    written before): the chain's last event and ``meta.revision`` must then agree, so a
    chain cut back with plain SQL while the revision counter stayed is found."""
    db.execute("ALTER TABLE audit ADD COLUMN revision INTEGER")
