"""Sub-commands of `zhoob`, one module per area of the program."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from zhoob_desktop.services.datadir import resolve_data_dir
from zhoob_desktop.services.i18n import LANGUAGES, set_language
from zhoob_desktop.services.store import Store, open_store


@contextmanager
def cli_store(args, *, backup_on_close: bool = False) -> Iterator[Store]:
    """Open the store named by --data-dir; apply its language unless --lang was given."""
    store = open_store(resolve_data_dir(args.data_dir))
    try:
        if not getattr(args, "lang_explicit", False):
            lang = store.get_setting("language")
            if lang in LANGUAGES:
                set_language(lang)
        yield store
    finally:
        store.close(backup=backup_on_close)
