"""Sub-commands of `zhoob`, one module per area of the program."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from zhoob_desktop.services.datadir import resolve_data_dir
from zhoob_desktop.services.i18n import LANGUAGES, set_language

if TYPE_CHECKING:
    from zhoob_desktop.services.store import Store

# Every command module imports the services it runs inside its handlers, not at the
# top: `zhoob --help` and `zhoob --version` then start without SQLAlchemy, Alembic or
# ReportLab (tests/test_startup.py checks it).


class lazy_module:
    """A module imported on first use of one of its names (``dist = lazy_module("...sync.district")``)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        import importlib

        return getattr(importlib.import_module(self._name), attr)


@contextmanager
def cli_store(args, *, backup_on_close: bool = False) -> Iterator[Store]:
    """Open the store named by --data-dir; apply its language unless --lang was given."""
    from zhoob_desktop.services.store import open_store

    store = open_store(resolve_data_dir(args.data_dir))
    try:
        if not getattr(args, "lang_explicit", False):
            lang = store.get_setting("language")
            if lang in LANGUAGES:
                set_language(lang)
        yield store
    finally:
        store.close(backup=backup_on_close)
