"""Fixtures of the register tests come from tests/register_fixtures.py (shared with the screens)."""

from tests.register_fixtures import TODAY, Place, add  # noqa: F401 (re-exported for the tests)
