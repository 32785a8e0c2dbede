"""Test set-up shared by every area: Qt offscreen, a fixed clock-free environment."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_NO_SETTINGS", "1")
