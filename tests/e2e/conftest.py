"""End-to-end tests drive the whole window as a user would: they share the GUI tests' fixtures
(a Qt application in test mode, settings of their own, the demo store)."""

from tests.unit.ui.conftest import *  # noqa: F403 (fixtures are found by name)
