"""Typed options kept in QSettings (window state, recent stores), never the user's in tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QSettings

from workbench.runtime.paths import app_names

MAX_RECENT = 8


class SettingsBackend(Protocol):
    """The part of QSettings the options use (an in-memory dict provides it as well)."""

    def value(self, key: str, defaultValue: Any = None) -> Any: ...
    def setValue(self, key: str, value: Any) -> None: ...
    def remove(self, key: str) -> None: ...
    def sync(self) -> None: ...


class MemorySettings:
    """Options held for this process only (WORKBENCH_NO_SETTINGS=1, e.g. in tests)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def value(self, key: str, defaultValue: Any = None) -> Any:
        return self.values.get(key, defaultValue)

    def setValue(self, key: str, value: Any) -> None:
        self.values[key] = value

    def remove(self, key: str) -> None:
        self.values.pop(key, None)

    def sync(self) -> None:
        """Nothing to write: memory options end with the process."""


class Settings:
    """The options the app keeps between runs, with their types and defaults."""

    def __init__(self, backend: SettingsBackend) -> None:
        self.backend = backend

    @classmethod
    def from_ini(cls, path: Path) -> Settings:
        """Options in an ini file of one's choosing (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def from_environment(cls) -> Settings:
        """An ini file at $WORKBENCH_SETTINGS_FILE, memory with WORKBENCH_NO_SETTINGS=1,
        else the platform's settings under the (overridable) organisation and app names."""
        file = os.environ.get("WORKBENCH_SETTINGS_FILE", "").strip()
        if file:
            return cls.from_ini(Path(file))
        if os.environ.get("WORKBENCH_NO_SETTINGS", "").strip() not in ("", "0"):
            return cls(MemorySettings())
        org, app = app_names()
        return cls(QSettings(org, app))

    # ------------------------------------------------------------ recent stores
    @property
    def recent_stores(self) -> list[Path]:
        """Stores opened before, most recent first (stored as JSON: QSettings mangles lists)."""
        raw = self.backend.value("stores/recent", "[]")
        try:
            items = json.loads(str(raw))
        except json.JSONDecodeError:
            return []
        return [Path(p) for p in items if isinstance(p, str) and p][:MAX_RECENT]

    def add_recent_store(self, path: Path) -> None:
        resolved = Path(path).resolve()
        items = [resolved, *(p for p in self.recent_stores if p != resolved)][:MAX_RECENT]
        self.backend.setValue("stores/recent", json.dumps([str(p) for p in items]))

    def clear_recent_stores(self) -> None:
        self.backend.setValue("stores/recent", "[]")

    @property
    def last_store(self) -> Path | None:
        recent = self.recent_stores
        return recent[0] if recent else None

    # ------------------------------------------------------------ window state
    def blob(self, key: str) -> QByteArray | None:
        """A saved Qt state (geometry, splitter sizes), or None when there is none."""
        value = self.backend.value(f"window/{key}")
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self.backend.setValue(f"window/{key}", value)

    def sync(self) -> None:
        self.backend.sync()
