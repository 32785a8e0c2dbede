"""The single-file SQLite store: records, evidence bytes, audit chain, search; the only SQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from pydantic import ValidationError

from workbench.domain import (
    GENESIS,
    AuditEvent,
    BlobStatus,
    CaseDocument,
    ConflictError,
    ReadOnlyStore,
    StoreError,
    canonical_json,
    sha256_hex,
)
from workbench.domain.errors import WorkbenchError, describe_validation_error
from workbench.domain.ids import IdMarks
from workbench.runtime.fileio import remove_stale_temporaries, temporary_path, write_failure
from workbench.store.records import SINGLETONS, Change, records_of
from workbench.store.schema import (
    APPLICATION_ID,
    KINDS,
    MIGRATION_NAMES,
    MIGRATION_SET,
    apply_migrations,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
CHUNK_SIZE = 4 * 1024 * 1024
#: How long one attempt waits for a lock another connection holds (SQLite's busy timeout).
BUSY_TIMEOUT_MS = 1000
#: How long, in all, a command waits for another process's write to finish before it gives
#: up: $WORKBENCH_BUSY_WAIT seconds, else 30.
DEFAULT_BUSY_WAIT = 30.0
DELETED = sha256_hex(b"null")
#: Record kinds full-text search finds (by id and text, or by id, title and file name).
SEARCHED_KINDS = ("element", "evidence")
_AUDIT_COLUMNS = "seq, actor, at, action, subject, payload_hash, prev_hash, hash"
#: Where a sign-off record keeps the audit head it saw (``SignOff.audit_head``).
_SIGNOFF_HEAD = (
    "SELECT id, json_extract(body, '$.audit_head.seq'), json_extract(body, '$.audit_head.hash') "
    "FROM records WHERE kind = 'signoff'"
)

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

#: Notes for the user (a store recovered, a wait for another process): one line each on
#: stderr when nobody configured logging (Python's last-resort handler prints the message).
log = logging.getLogger("workbench.store")

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_FULL = 5, 6, 8, 13

T = TypeVar("T")


class Cancelled(WorkbenchError):
    """The user cancelled a long operation; nothing was written."""


@dataclass(frozen=True)
class BlobInfo:
    sha256: str
    size: int
    created: bool  # False when identical bytes were already stored (de-duplicated)


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    events: int
    head: str
    broken_seq: int | None
    message: str


def _body_text(body: dict[str, Any]) -> str:
    """Stored JSON keeps the document's own key order (lossless); hashes use canonical JSON."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _body_hash(body: Any) -> str:
    return sha256_hex(canonical_json(body))


def _search_text(kind: str, record_id: str, body: dict[str, Any]) -> str:
    """What full-text search matches a record of one of the SEARCHED_KINDS by."""
    if kind == "element":
        return f"{record_id} {body.get('text', '')}"
    return f"{record_id} {body.get('title', '')} {body.get('filename', '')}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _describe(path: Path) -> str:
    return str(path)


def busy_wait() -> float:
    """Seconds a command waits, in all, for a store another process is writing."""
    try:
        return max(0.0, float(os.environ.get("WORKBENCH_BUSY_WAIT", DEFAULT_BUSY_WAIT)))
    except ValueError:
        return DEFAULT_BUSY_WAIT


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _is_busy(exc: sqlite3.Error) -> bool:
    return _code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc)


def _patiently(path: Path, attempt: Callable[[], T]) -> tuple[T, bool]:
    """Run ``attempt`` until no other process holds the lock it needs, up to ``busy_wait()``
    seconds; says once that it waits. Returns the result and whether it had to wait."""
    deadline = time.monotonic() + busy_wait()
    waited = False
    while True:
        try:
            return attempt(), waited
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
            if not waited:
                log.warning(
                    "workbench: %s is in use by another process (retrying…)", _describe(path)
                )
                waited = True
            time.sleep(0.1)


def _failure(path: Path, exc: sqlite3.Error, doing: str = "open") -> StoreError:
    """The StoreError for an SQLite failure, naming what really happened: another process
    holds the store, the disk is full, the file system is read-only; only what is none of
    those is called damaged."""
    code = _code(exc)
    if _is_busy(exc):
        return StoreError(
            f"{_describe(path)} is in use by another process (waited {busy_wait():.0f} s); "
            "try again when it has finished"
        )
    if code == _SQLITE_FULL:
        return StoreError(f"cannot {doing} {_describe(path)}: the disk is full")
    if code == _SQLITE_READONLY or "readonly" in str(exc):
        reason = read_only_reason(path) or "the file system is read-only"
        return ReadOnlyStore(f"cannot {doing} {_describe(path)}: {reason}")
    if doing != "open":
        return StoreError(f"could not {doing} {_describe(path)}: {exc}")
    return StoreError(f"{_describe(path)} is damaged or not a workbench store ({exc})")


def is_store_file(path: Path) -> bool:
    """True when ``path`` is (by its header) a workbench store; never raises."""
    try:
        with Path(path).open("rb") as f:
            header = f.read(100)
    except OSError:
        return False
    return (
        len(header) == 100
        and header.startswith(SQLITE_MAGIC)
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def recover(path: Path) -> bool:
    """Roll back the unfinished write a killed process left in ``path`` (a hot rollback
    journal beside it), which needs a connection that may write; True if it did. A read-only
    open cannot do it and fails, so every open runs this first. A journal of a process still
    writing is left to it (the write lock is waited for)."""
    path = Path(path)
    journal = Path(str(path) + "-journal")
    try:
        if journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    if not is_store_file(path):
        return False  # not ours: touch nothing, the open refuses it
    reason = read_only_reason(path)
    if reason is not None:
        raise ReadOnlyStore(
            f"{_describe(path)} holds an unfinished write of a process that was stopped, "
            f"which can only be rolled back where the store can be written, but {reason}; "
            "copy the store and its -journal file to a writable folder and open the copy"
        )

    def attempt() -> None:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # takes the locks: SQLite plays the journal back
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    try:
        _, waited = _patiently(path, attempt)
    except sqlite3.Error as exc:
        raise _failure(path, exc) from None
    if waited or journal.exists():
        return False  # the journal was a running writer's, which has finished meanwhile
    log.warning(
        "workbench: %s: rolled back the unfinished write of a process that was stopped; "
        "the store is as of its last completed change",
        _describe(path),
    )
    return True


def inspect_file(path: Path) -> None:
    """Refuse, without writing anything, a path that is not an intact workbench store."""
    if not path.exists():
        raise StoreError(f"no such store: {_describe(path)}")
    if path.is_dir():
        raise StoreError(f"{_describe(path)} is a directory, not a workbench store")
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise StoreError(f"cannot read {_describe(path)}: {exc.strerror}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{_describe(path)} is not a workbench store (not an SQLite database)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise StoreError(f"{_describe(path)} is an SQLite database but not a workbench store")
    size = path.stat().st_size
    if valid_for == change_counter and size < page_size * page_count:
        raise StoreError(
            f"{_describe(path)} is truncated ({size} of {page_size * page_count} bytes); "
            "restore it from a copy"
        )


def _writable(path: Path) -> bool:
    """True when this process may write ``path``. A file or folder whose write bits are all
    off counts as read-only even for root (who could write it anyway), as editors treat it:
    someone made it read-only on purpose."""
    if not os.access(path, os.W_OK):
        return False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            return bool(path.stat().st_mode & 0o222)
        except OSError:
            return False
    return True


def read_only_reason(path: Path) -> str | None:
    """Why the store at ``path`` cannot be written here (None: it can). SQLite writes beside
    the file (its -wal and -shm files), so a read-only folder makes the store read-only too."""
    path = Path(path)
    if not _writable(path):
        return (
            "the file system is read-only" if _on_read_only_mount(path) else "the file is read-only"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not _writable(folder):
        if _on_read_only_mount(folder):
            return "the file system is read-only"
        return f"its folder {_describe(folder)} is read-only"
    return None


def _on_read_only_mount(path: Path) -> bool:
    """True when ``path`` is on a file system mounted read-only."""
    try:
        return bool(os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 1))
    except (OSError, AttributeError):
        return False


def _read_only_connection(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that never writes. In a folder it cannot write to, with no -wal and
    -shm files left beside it, SQLite can only read the store as immutable."""
    # The path is escaped: "#", "?" and "%" mean something in a URI.
    uri = "file:" + urllib.parse.quote(path.resolve().as_posix(), safe="/") + "?mode=ro"
    folder = path.parent if str(path.parent) else Path(".")
    shm = Path(str(path) + "-shm")
    if not _writable(folder) and not shm.exists():
        uri += "&immutable=1"
    return sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread
    )


def _rename_new(tmp: Path, path: Path) -> None:
    """Move the finished ``tmp`` to ``path``, refusing a file that appeared there meanwhile."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise StoreError(f"{_describe(path)} already exists; choose a new file name") from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise StoreError(f"{_describe(path)} already exists; choose a new file name") from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names (device, inode), or None when nothing is there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


F = TypeVar("F", bound=Callable[..., Any])


def _one_snapshot(method: F) -> F:
    """Run a method of Store that reads in several statements in one read transaction, so
    that it sees one state of the store while another process writes (the audit chain and
    the head recorded beside it, say)."""

    @functools.wraps(method)
    def run(self: Store, *args: Any, **kwargs: Any) -> Any:
        conn = self.db.conn
        if conn.in_transaction:
            return method(self, *args, **kwargs)
        conn.execute("BEGIN")
        try:
            return method(self, *args, **kwargs)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")

    return cast(F, run)


class Database:
    """The store's one SQLite connection (autocommit; transactions are explicit)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()


def _check_schema_version(path: Path) -> list[str]:
    """Refuse a store written by a newer workbench, reading it only."""

    def attempt() -> list[str]:
        conn = _read_only_connection(path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
                    [MIGRATION_SET],
                )
            ]
        finally:
            conn.close()

    try:
        names, _ = _patiently(path, attempt)
    except sqlite3.DatabaseError as exc:
        if _is_busy(exc) or _code(exc) == _SQLITE_FULL:
            raise _failure(path, exc) from None
        reason = read_only_reason(path)
        if reason is not None:
            raise ReadOnlyStore(f"cannot read {_describe(path)}: {reason} ({exc})") from None
        raise _failure(path, exc) from None
    unknown = [n for n in names if n not in MIGRATION_NAMES]
    if unknown:
        raise StoreError(
            f"{_describe(path)} was written by a newer version of the workbench "
            f"(schema {unknown[-1]}); upgrade the workbench to open it"
        )
    if not names:
        raise StoreError(f"{_describe(path)} is not a workbench store (no schema recorded)")
    return names


class Store:
    """One assessment in one SQLite file. Every write is one transaction with audit events."""

    def __init__(self, path: Path, db: Database, *, read_only: str | None = None) -> None:
        self.path = path
        self.db = db
        self._depth = 0
        #: Why the store cannot be written here (opened read-only), or None.
        self.read_only = read_only
        self._identity = _identity(path)

    # ----------------------------------------------------------------- opening
    @staticmethod
    def check(path: Path) -> None:
        """Refuse what ``open`` would refuse, connecting for writing only to roll back the
        unfinished write of a killed process (``recover``)."""
        if Path(path).is_file():
            recover(Path(path))
        inspect_file(Path(path))
        _check_schema_version(Path(path))

    @staticmethod
    def _connect(path: Path) -> Database:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return Database(conn)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing store; refuse foreign, truncated or newer files, touching nothing.

        A store this process cannot write (a read-only file or folder) is opened read-only:
        it can be read, and every write is refused with the reason (``read_only``)."""
        path = Path(path)
        if path.is_file():
            recover(path)
        inspect_file(path)
        applied = _check_schema_version(path)
        reason = read_only_reason(path)
        if reason is not None:
            if applied != MIGRATION_NAMES:
                raise ReadOnlyStore(
                    f"{_describe(path)} must be upgraded to this version of the workbench "
                    f"before it can be opened, but {reason}; open a writable copy"
                )
            conn = _read_only_connection(path, check_same_thread=False)
            conn.isolation_level = None
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return cls(path, Database(conn), read_only=reason)
        remove_stale_temporaries(path)  # what a build killed after its rename left
        db = cls._connect(path)
        try:
            _patiently(path, lambda: db.execute("PRAGMA journal_mode = WAL"))
            db.execute("PRAGMA synchronous = NORMAL")
            if applied != MIGRATION_NAMES:
                _patiently(path, lambda: apply_migrations(db.conn))
        except sqlite3.DatabaseError as exc:
            db.close()
            if _is_busy(exc) or _code(exc) in (_SQLITE_FULL, _SQLITE_READONLY):
                raise _failure(path, exc) from None
            raise StoreError(f"cannot open {_describe(path)}: {exc}") from None
        return cls(path, db)

    @classmethod
    def create(cls, path: Path, document: CaseDocument, *, actor: str) -> Store:
        """Write a new store holding ``document``; the file appears whole or not at all."""
        with cls.building(path, document, actor=actor):
            pass
        return cls.open(path)

    @classmethod
    @contextlib.contextmanager
    def building(cls, path: Path, document: CaseDocument, *, actor: str) -> Iterator[Store]:
        """A new store for ``path`` holding ``document``, built in a temporary file beside
        it: what the block adds (the demo's evidence) is written there too, and the file is
        renamed to ``path`` only when the block ends without an error. A process killed
        meanwhile leaves no store at ``path``, only a temporary file the next build removes."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise StoreError(f"{_describe(path)} already exists; choose a new file name")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"folder {_describe(parent)} does not exist")
        if not _writable(parent):
            raise ReadOnlyStore(
                f"cannot create {_describe(path)}: its folder {_describe(parent)} is read-only"
            )
        remove_stale_temporaries(path)
        tmp = temporary_path(path)
        store: Store | None = None
        try:
            db = cls._connect(tmp)
            store = cls(tmp, db)
            db.execute("PRAGMA page_size = 65536")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("PRAGMA journal_mode = DELETE")
            apply_migrations(db.conn)
            with store.transaction():
                store._set_meta("format", "safety-case-workbench-store/1")
                store._set_meta("created", _now().isoformat())
                store._set_meta("revision", "0")
                store._write_document(document, actor=actor, action="create", revision=0)
            yield store
            db.close()
            try:
                _rename_new(tmp, path)
            except OSError as exc:
                raise StoreError(f"cannot write {_describe(path)}: {write_failure(exc)}") from None
        except sqlite3.Error as exc:
            raise _failure(path, exc, "write") from None
        finally:
            if store is not None:
                store.db.close()
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(tmp) + suffix).unlink()

    def close(self) -> None:
        self.db.close()

    def lost(self) -> str | None:
        """What happened to the store's file since it was opened, if anything: deleted or
        moved, replaced by another file, or made read-only (one ``stat``, cheap enough to
        ask every second). Writes are refused once it is lost: they would reach a file
        nobody can open again (SQLite keeps writing to the deleted file it holds open)."""
        now = _identity(self.path)
        if now is None:
            return "was deleted or moved"
        if now != self._identity:
            return "was replaced by another file"
        if self.read_only is None:
            reason = read_only_reason(self.path)
            if reason is not None:
                return f"became read-only ({reason})"
        return None

    def copy_to(self, path: Path) -> None:
        """Write everything this connection reads (records, evidence bytes, audit log) to a
        new store file at ``path``, which appears whole or not at all. Works while the
        original is deleted, moved or read-only: what this connection holds is copied."""
        path = Path(path)
        if path.exists():
            raise StoreError(f"{_describe(path)} already exists; choose a new file name")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"folder {_describe(parent)} does not exist")
        if not _writable(parent):
            raise ReadOnlyStore(f"cannot write in {_describe(parent)}: the folder is read-only")
        remove_stale_temporaries(path)
        tmp = temporary_path(path)
        try:
            target = sqlite3.connect(str(tmp))
            try:
                self.db.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            os.replace(tmp, path)
        except sqlite3.Error as exc:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise StoreError(f"could not write {_describe(path)}: {exc}") from None
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise

    def _refuse_write(self) -> None:
        """Raise ReadOnlyStore when a write cannot reach the store's file."""
        if self.read_only is not None:
            raise ReadOnlyStore(
                f"{_describe(self.path)} is read-only ({self.read_only}); nothing was changed"
            )
        lost = self.lost()
        if lost is not None:
            raise ReadOnlyStore(
                f"{_describe(self.path)} {lost} while it was open; nothing was saved to it"
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action: BEGIN IMMEDIATE ... COMMIT, rolled back on any error. Re-entrant."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._refuse_write()
        conn = self.db.conn
        try:
            _patiently(self.path, lambda: conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.OperationalError as exc:
            raise _failure(self.path, exc, "write to") from None
        self._depth = 1
        try:
            yield
        except sqlite3.Error as exc:  # disk full, I/O error, read-only file ...
            self._depth = 0
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            why = "the disk is full" if _code(exc) == _SQLITE_FULL else str(exc)
            raise StoreError(
                f"could not write to {_describe(self.path)}: {why}; nothing was changed"
            ) from None
        except BaseException:
            self._depth = 0
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("ROLLBACK")
            raise StoreError(f"could not save to {_describe(self.path)}: {exc}") from None

    # -------------------------------------------------------------------- meta
    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    @property
    def revision(self) -> int:
        """Counts committed user actions; a reader compares it to see whether to reload."""
        return int(self.meta("revision") or 0)

    @property
    def in_transaction(self) -> bool:
        """True inside ``transaction()``: what is written there may still be rolled back."""
        return self._depth > 0

    # ----------------------------------------------------------------- records
    def get(self, kind: str, record_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT body FROM records WHERE kind = ? AND id = ?", [kind, record_id]
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def load(self) -> CaseDocument:
        """The whole assessment as one validated document."""
        bodies: dict[str, list[str]] = {k: [] for k in KINDS}
        for kind, body in self.db.execute("SELECT kind, body FROM records ORDER BY kind, ord"):
            bodies[kind].append(body)
        for kind in SINGLETONS:
            if len(bodies[kind]) != 1:
                raise StoreError(f"{_describe(self.path)} is damaged: it holds no {kind} record")

        def arr(kind: str) -> str:
            return "[" + ",".join(bodies[kind]) + "]"

        modules = arr("module") if bodies["module"] else '[{"id":"main","title":"Main"}]'
        text = (
            '{"format":"safety-case-workbench/1",'
            f'"framework":{bodies["framework"][0]},'
            f'"assessment":{bodies["assessment"][0]},'
            f'"case":{{"modules":{modules},"elements":{arr("element")}}},'
            f'"evidence":{arr("evidence")},'
            f'"review":{{"sessions":{arr("session")},"challenges":{arr("challenge")}}},'
            f'"compliance":{{"schedule":{arr("schedule")},'
            f'"methodology_changes":{arr("methodology")},'
            f'"noncompliance":{arr("noncompliance")}}},'
            f'"signoffs":{arr("signoff")}}}'
        )
        try:
            document = CaseDocument.model_validate_json(text)
        except ValidationError as exc:
            raise StoreError(describe_validation_error(exc, f"store {self.path.name}")) from None
        return document.carrying(self.id_marks())

    def id_marks(self) -> IdMarks:
        """The highest id number this store ever handed out, by record kind and prefix."""
        rows = self.db.execute("SELECT kind, prefix, high FROM id_marks")
        return IdMarks({(str(k), str(p)): int(h) for k, p, h in rows})

    def _mark(self, records: Iterable[tuple[str, str]]) -> None:
        """Raise the id marks to cover newly written (kind, id) pairs; they never go down."""
        self.db.conn.executemany(
            "INSERT INTO id_marks (kind, prefix, high) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, prefix) DO UPDATE SET high = max(high, excluded.high)",
            [(kind, prefix, high) for (kind, prefix), high in IdMarks.of(records).highest.items()],
        )

    def apply(self, changes: Sequence[Change], *, actor: str, action: str) -> int:
        """Write one user action atomically; refuse it whole if any record changed meanwhile.

        Returns the new store revision.
        """
        if not changes:  # nothing to write: no transaction, no event, no new revision
            return self.revision
        with self.transaction():
            events = [self._apply_one(change) for change in changes]
            revision = self.revision + 1
            self._append_events(actor, action, events, revision=revision)
            self._set_meta("revision", str(revision))
        return revision

    def _apply_one(self, change: Change) -> tuple[str, str]:
        """Write one record; returns its audit event's (subject, payload hash)."""
        if change.kind not in KINDS:
            raise StoreError(f"unknown record kind {change.kind!r}")
        current = self.get(change.kind, change.id)
        before = change.before
        if (current is None) != (before is None) or (
            current is not None and canonical_json(current) != canonical_json(before)
        ):
            raise ConflictError(
                f"{change.kind} {change.id} was changed elsewhere since it was read; "
                "reload the store and try again"
            )
        if change.after is None:
            self.db.execute(
                "DELETE FROM records WHERE kind = ? AND id = ?", [change.kind, change.id]
            )
        else:
            body = _body_text(change.after)
            if current is None:
                self.db.execute(
                    "INSERT INTO records (kind, id, ord, body) VALUES (?, ?, "
                    "(SELECT coalesce(max(ord), 0) + 1 FROM records WHERE kind = ?), ?)",
                    [change.kind, change.id, change.kind, body],
                )
                self._mark([(change.kind, change.id)])
            else:
                self.db.execute(
                    "UPDATE records SET body = ? WHERE kind = ? AND id = ?",
                    [body, change.kind, change.id],
                )
        if change.kind in SEARCHED_KINDS:
            self._index(change.kind, change.id, change.after)
        return f"{change.kind}:{change.id}", _body_hash(change.after)

    def _index(self, kind: str, record_id: str, body: dict[str, Any] | None) -> None:
        """Keep a record's search row in step with its body (None: the record is gone).

        The row is found through ``search_keys``: a look-up by kind and id in the full-text
        table itself would scan all of it on every edit.
        """
        row = self.db.execute(
            "SELECT row FROM search_keys WHERE kind = ? AND id = ?", [kind, record_id]
        ).fetchone()
        if body is None:
            if row is not None:
                self.db.execute("DELETE FROM search WHERE rowid = ?", [row[0]])
                self.db.execute("DELETE FROM search_keys WHERE row = ?", [row[0]])
            return
        text = _search_text(kind, record_id, body)
        if row is not None:
            self.db.execute("UPDATE search SET text = ? WHERE rowid = ?", [text, row[0]])
            return
        key = self.db.execute(
            "INSERT INTO search_keys (kind, id) VALUES (?, ?)", [kind, record_id]
        ).lastrowid
        self.db.execute(
            "INSERT INTO search (rowid, kind, id, text) VALUES (?, ?, ?, ?)",
            [key, kind, record_id, text],
        )

    def _write_document(
        self, document: CaseDocument, *, actor: str, action: str, revision: int
    ) -> None:
        """Write every record of ``document`` into an empty store (creation and import)."""
        records = records_of(document.model_dump(mode="json"))
        rows = [
            (kind, rid, ordinal, _body_text(body))
            for ordinal, (kind, rid, body) in enumerate(records, start=1)
        ]
        # The search tables are empty here, so the rows can be numbered from 1.
        searched = [
            (row, kind, rid, _search_text(kind, rid, body))
            for row, (kind, rid, body) in enumerate(
                (r for r in records if r[0] in SEARCHED_KINDS), start=1
            )
        ]
        conn = self.db.conn
        conn.executemany("INSERT INTO records (kind, id, ord, body) VALUES (?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO search_keys (row, kind, id) VALUES (?, ?, ?)", [r[:3] for r in searched]
        )
        conn.executemany("INSERT INTO search (rowid, kind, id, text) VALUES (?, ?, ?, ?)", searched)
        self._mark((kind, rid) for kind, rid, _body in records)
        # One audit event per record, so that any record can later be checked against it.
        self._append_events(
            actor,
            action,
            [(f"{kind}:{rid}", _body_hash(body)) for kind, rid, body in records],
            revision=revision,
        )

    def replace_document(self, document: CaseDocument, *, actor: str, action: str) -> None:
        """Replace every record with those of ``document`` (import); evidence bytes are kept,
        and so are the id marks: an id the store handed out stays retired."""
        with self.transaction():
            revision = self.revision + 1
            gone = [
                (f"{k}:{i}", DELETED) for k, i in self.db.execute("SELECT kind, id FROM records")
            ]
            self._append_events(actor, action, gone, revision=revision)
            self.db.execute("DELETE FROM records")
            self.db.execute("DELETE FROM search")
            self.db.execute("DELETE FROM search_keys")
            self._write_document(document, actor=actor, action=action, revision=revision)
            self._set_meta("revision", str(revision))

    def search(self, text: str, limit: int = 200) -> list[tuple[str, str]]:
        """Full-text search over element text and evidence titles: (kind, id) pairs, best first."""
        tokens = re.findall(r"\w+", text)
        if not tokens:
            return []
        query = " ".join(f'"{t}"*' for t in tokens)
        rows = self.db.execute(
            "SELECT kind, id FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?",
            [query, limit],
        )
        return [(str(k), str(i)) for k, i in rows]

    # -------------------------------------------------------------------- audit
    def _append_events(
        self, actor: str, action: str, items: list[tuple[str, str]], *, revision: int
    ) -> None:
        """One event per (subject, payload hash), chained after the current head; each records
        the store ``revision`` its transaction writes."""
        seq, prev = self.audit_head()
        at = _now()
        stamp = at.isoformat()
        events = []
        for subject, payload_hash in items:
            seq += 1
            digest = AuditEvent.compute_hash(seq, actor, at, action, subject, payload_hash, prev)
            events.append(
                (seq, actor, stamp, action, subject, payload_hash, prev, digest, revision)
            )
            prev = digest
        self.db.conn.executemany(
            f"INSERT INTO audit ({_AUDIT_COLUMNS}, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        self._set_meta("audit_head", f"{seq}:{prev}")

    def log(self, *, actor: str, action: str, subject: str, payload: Any = None) -> None:
        """Record an event that changes no record (opening in review mode, export, signing)."""
        with self.transaction():
            self._append_events(
                actor, action, [(subject, _body_hash(payload))], revision=self.revision
            )

    def audit_events(self) -> list[AuditEvent]:
        rows = self.db.execute(f"SELECT {_AUDIT_COLUMNS} FROM audit ORDER BY seq")
        return [
            AuditEvent(
                seq=r[0],
                actor=r[1],
                at=dt.datetime.fromisoformat(r[2]),
                action=r[3],
                subject=r[4],
                payload_hash=r[5],
                prev_hash=r[6],
                hash=r[7],
            )
            for r in rows
        ]

    def audit_head(self) -> tuple[int, str]:
        row = self.db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    def audit_hashes(self, seqs: Iterable[int]) -> dict[int, str]:
        """The hash of each of the events ``seqs`` names that the chain holds, by seq."""
        wanted = sorted({int(s) for s in seqs})
        result: dict[int, str] = {}
        for offset in range(0, len(wanted), 500):
            part = wanted[offset : offset + 500]
            marks = ", ".join("?" * len(part))
            rows = self.db.execute(f"SELECT seq, hash FROM audit WHERE seq IN ({marks})", part)
            result.update((int(seq), str(digest)) for seq, digest in rows)
        return result

    @_one_snapshot
    def verify_audit(self) -> AuditVerification:
        """Walk the chain; check that every record is what its last event says it is; then
        that nothing else the store holds contradicts the chain (``_witnesses``)."""
        rows = self.db.execute(
            f"SELECT {_AUDIT_COLUMNS}, revision FROM audit ORDER BY seq"
        ).fetchall()
        prev = GENESIS
        expected_seq = 1
        latest: dict[str, str] = {}
        for r in rows:
            seq, actor, at, action, subject, payload_hash, prev_hash, stored, _revision = r
            if seq != expected_seq:
                return self._broken(len(rows), prev, expected_seq, "is missing")
            try:
                when = dt.datetime.fromisoformat(at)
            except (TypeError, ValueError):
                return self._broken(len(rows), prev, seq, "has an unreadable time")
            recomputed = AuditEvent.compute_hash(
                seq, actor, when, action, subject, payload_hash, prev_hash
            )
            if prev_hash != prev:
                return self._broken(len(rows), prev, seq, "does not follow the event before it")
            if recomputed != stored:
                return self._broken(len(rows), prev, seq, "was altered")
            prev = stored
            expected_seq += 1
            latest[subject] = payload_hash
        head = self.meta("audit_head")
        if rows and head != f"{rows[-1][0]}:{prev}":
            return self._broken(len(rows), prev, expected_seq, "is missing (the chain was cut)")
        problem = self._records_match(latest) or self._witnesses(rows)
        if problem:
            return AuditVerification(False, len(rows), prev, None, problem)
        return AuditVerification(
            True, len(rows), prev, None, f"audit chain intact: {len(rows)} events"
        )

    def _witnesses(self, rows: Sequence[Sequence[Any]]) -> str | None:
        """What the store holds beside the chain that a chain cut back or erased with plain
        SQL contradicts: the revision counter, the id marks, the heads sign-offs recorded.

        ``rows`` is the walked chain (seqs 1, 2, … in order) with each event's revision. These
        are witnesses, not proof: someone who rewrites them too goes unseen here, which is
        what an anchor outside the store (a packet, a seal) is for.
        """
        if not rows:
            return (
                "the audit chain is empty, yet a store's chain begins when the store is "
                "created: its events were removed"
            )
        revision = self.revision
        last = rows[-1][8]
        if last is not None and last != revision:
            if revision > last:
                return (
                    f"the store is at revision {revision} but its last audit event is of "
                    f"revision {last}: the events of later revisions were removed"
                )
            return (
                f"the store's revision counter ({revision}) is behind its audit chain "
                f"(revision {last}): it was set back outside the workbench"
            )
        earlier = None
        for r in rows:
            if r[8] is None:
                continue
            if earlier is not None and r[8] < earlier:
                return f"audit event {r[0]} is of revision {r[8]}, after one of revision {earlier}"
            earlier = r[8]
        named = IdMarks.of(
            (kind, rid)
            for kind, _, rid in (str(r[4]).partition(":") for r in rows)
            if kind in KINDS and rid
        )
        for (kind, prefix), high in sorted(self.id_marks().highest.items()):
            if named.high(kind, prefix) < high:
                handed = f"{prefix}{high}" if high else prefix
                return (
                    f"the store has handed out {kind} id {handed}, but no audit event names "
                    "it: events were removed"
                )
        return self._signoff_heads(rows)

    def _signoff_heads(self, rows: Sequence[Sequence[Any]]) -> str | None:
        """Every sign-off's recorded audit head is an event of the chain before its own."""
        recorded: dict[str, int] = {}
        for r in rows:
            if str(r[4]).startswith("signoff:"):
                recorded.setdefault(str(r[4]).partition(":")[2], int(r[0]))
        for signoff_id, seq, digest in self.db.execute(_SIGNOFF_HEAD):
            if seq is None and digest is None:
                continue  # recorded before sign-offs kept the head
            own = recorded.get(str(signoff_id), 0)
            if isinstance(seq, int) and 0 <= seq < own:
                held = GENESIS if seq == 0 else str(rows[seq - 1][7])
                if held == digest:
                    continue
            return (
                f"sign-off {signoff_id} recorded audit event {seq} as {str(digest)[:16]}…, "
                "which the chain does not hold before the sign-off: the chain was rewritten"
            )
        return None

    def _broken(self, count: int, head: str, seq: int, what: str) -> AuditVerification:
        return AuditVerification(False, count, head, seq, f"audit event {seq} {what}")

    def _records_match(self, latest: dict[str, str]) -> str | None:
        """A record whose body is not the one its latest audit event recorded was edited outside."""
        seen: set[str] = set()
        for kind, rid, body in self.db.execute("SELECT kind, id, body FROM records"):
            subject = f"{kind}:{rid}"
            seen.add(subject)
            recorded = latest.get(subject)
            if recorded is None or recorded == DELETED:
                return f"record {subject} was added outside the workbench"
            if _body_hash(json.loads(body)) != recorded:
                return f"record {subject} was changed outside the workbench"
        for subject, payload in latest.items():
            kind = subject.partition(":")[0]
            if kind in KINDS and payload != DELETED and subject not in seen:
                return f"record {subject} was removed outside the workbench"
        return None

    # -------------------------------------------------------------------- blobs
    @contextlib.contextmanager
    def bulk_write(self) -> Iterator[bool]:
        """For one large import: write the bytes once instead of twice when we can.

        In WAL mode every page is written to the WAL and again by the checkpoint. When this
        is the only connection to the store, the import runs under a rollback journal instead,
        which does not journal pages appended to the file, so a multi-GB evidence file is
        written once; the store returns to WAL afterwards. With other connections open (the
        desktop app importing in the background) the switch is refused by SQLite and the
        import simply runs in WAL mode. Yields whether the fast path is in use.
        """
        if self._depth:
            yield False
            return
        try:
            mode = self.db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            mode = "wal"
        try:
            yield mode == "delete"
        finally:
            if mode == "delete":
                self.db.execute("PRAGMA journal_mode = WAL")

    def write_blob(
        self,
        source: IO[bytes],
        *,
        total: int = 0,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
    ) -> BlobInfo:
        """Stream bytes into the store in chunks, hashing as they pass; de-duplicate by SHA-256.

        Memory use stays at about one chunk whatever the size. Runs inside the caller's
        transaction when there is one; a cancel or error leaves nothing behind.
        """
        digest = hashlib.sha256()
        done = 0
        with self.transaction():
            cur = self.db.conn.cursor()
            cur.execute(
                "INSERT INTO blobs (sha256, size, stored_at) VALUES (NULL, 0, ?)",
                [_now().isoformat()],
            )
            blob_id = cur.lastrowid
            seq = 0
            while True:
                chunk = source.read(CHUNK_SIZE)
                if not chunk:
                    break
                digest.update(chunk)
                cur.execute(
                    "INSERT INTO chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                    [blob_id, seq, chunk],
                )
                seq += 1
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
                if cancelled is not None and cancelled():
                    raise Cancelled("import cancelled; nothing was stored")
            sha = digest.hexdigest()
            existing = cur.execute("SELECT id FROM blobs WHERE sha256 = ?", [sha]).fetchone()
            if existing is not None:
                cur.execute("DELETE FROM chunks WHERE blob_id = ?", [blob_id])
                cur.execute("DELETE FROM blobs WHERE id = ?", [blob_id])
                return BlobInfo(sha, done, created=False)
            cur.execute("UPDATE blobs SET sha256 = ?, size = ? WHERE id = ?", [sha, done, blob_id])
        return BlobInfo(sha, done, created=True)

    def has_blob(self, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
        return row is not None

    def iter_blob(self, sha256: str) -> Iterator[bytes]:
        """The stored bytes of one evidence file, chunk by chunk."""
        row = self.db.execute("SELECT id FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise StoreError(f"no stored bytes with SHA-256 {sha256}")
        cur = self.db.conn.execute(
            "SELECT data FROM chunks WHERE blob_id = ? ORDER BY seq", [row[0]]
        )
        for (data,) in cur:
            yield bytes(data)

    def blob_status(
        self, evidence: Iterable[tuple[str, str]], *, deep: bool = False
    ) -> dict[str, BlobStatus]:
        """For (evidence id, sha256) pairs: present, missing, or corrupt.

        The default trusts the hash recorded at import and checks the stored size; ``deep``
        re-hashes every stored byte.
        """
        sizes = {
            str(sha): (int(size), int(stored or 0))
            for sha, size, stored in self.db.execute(
                "SELECT b.sha256, b.size, (SELECT sum(length(data)) FROM chunks c "
                "WHERE c.blob_id = b.id) FROM blobs b WHERE b.sha256 IS NOT NULL"
            )
        }
        result: dict[str, BlobStatus] = {}
        for evidence_id, sha in evidence:
            if sha not in sizes:
                result[evidence_id] = BlobStatus.missing
            elif sizes[sha][0] != sizes[sha][1]:
                result[evidence_id] = BlobStatus.corrupt
            elif deep:
                h = hashlib.sha256()
                for chunk in self.iter_blob(sha):
                    h.update(chunk)
                ok = h.hexdigest() == sha
                result[evidence_id] = BlobStatus.present if ok else BlobStatus.corrupt
            else:
                result[evidence_id] = BlobStatus.present
        return result
