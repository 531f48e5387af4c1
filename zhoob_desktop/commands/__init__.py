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


def ask_secret(prompt: str, *, twice: bool = False) -> str:
    """A passphrase typed at the terminal (not echoed), or "" when there is no terminal."""
    import getpass
    import sys

    from zhoob_desktop.services.i18n import _

    if not sys.stdin.isatty():
        return ""
    first = getpass.getpass(prompt)
    if twice and getpass.getpass(_("The same again: ")) != first:
        print(_("The two entries differ."), file=sys.stderr)
        return ""
    return first


def cli_credentials(data_dir, *, new: bool = False):
    """The operator and passphrase: ``ZHOOB_OPERATOR``/``ZHOOB_PASSPHRASE``, else asked at the terminal.

    Never from an argument: a command line is seen by other programs and kept in shell history.
    """
    import os
    import sys

    from zhoob_desktop.services.i18n import _
    from zhoob_desktop.services.security.access import ENV_OPERATOR, ENV_PASSPHRASE, Credentials

    found = Credentials.from_env()
    if found is not None or not sys.stdin.isatty():
        return found
    login = os.environ.get(ENV_OPERATOR) or input(_("Operator: ")).strip()
    passphrase = os.environ.get(ENV_PASSPHRASE) or ask_secret(
        _("New passphrase (at least 8 characters): ") if new else _("Passphrase: "), twice=new
    )
    return Credentials(login, passphrase) if login and passphrase else None


def print_recovery_key(recovery_key: str) -> None:
    """Show a new recovery key once, with what to do with it (on stderr: not into a redirected file)."""
    import sys

    from zhoob_desktop.services.i18n import _

    print(
        _(
            "The data of this folder are encrypted. Its recovery key: write it down now and keep the paper "
            "in the akim's safe (zhoob recovery-key --out FILE.pdf makes a new one on a printable sheet):"
        ),
        file=sys.stderr,
    )
    print(f"    {recovery_key}", file=sys.stderr)


def key_notes(store) -> list[str]:
    """What the log-in did to the private key files (sealed, or could not), to tell the person once."""
    from zhoob_desktop.services.i18n import _
    from zhoob_desktop.services.sync.keys import SEAL_CAVEAT

    notes = []
    if store.keys_sealed:
        names = ", ".join(str(p.relative_to(store.data_dir)) for p in store.keys_sealed)
        notes.append(
            _(
                "The private key files {names} are now sealed with the data key; the plain files were "
                "overwritten and removed (a copy is kept inside the encrypted data)."
            ).format(names=names)
        )
        notes.append(_(SEAL_CAVEAT))
    notes += store.key_problems
    return notes


def remind_recovery_key(store) -> None:
    """The akim's recovery key was never shown (the window stopped after set-up): say how to get one."""
    import sys

    from zhoob_desktop.services.i18n import _
    from zhoob_desktop.services.security import operators

    if operators.recovery_pending(store):
        print(
            _(
                "The recovery key of this data folder was never confirmed as printed or written down. Make a "
                "new one and keep it in the safe: zhoob recovery-key (the window also shows it at its next start)."
            ),
            file=sys.stderr,
        )


def print_key_notes(store) -> None:
    import sys

    for note in key_notes(store):
        print(note, file=sys.stderr)


@contextmanager
def cli_store(args, *, backup_on_close: bool = False, remind_recovery: bool = True) -> Iterator[Store]:
    """Open the store named by --data-dir, logged in; apply its language unless --lang was given."""
    from zhoob_desktop.services.datadir import DB_NAME
    from zhoob_desktop.services.security.access import is_encrypted
    from zhoob_desktop.services.store import open_store

    data_dir = resolve_data_dir(args.data_dir)
    new = not is_encrypted(data_dir) and not (data_dir / DB_NAME).exists()
    store = open_store(data_dir, credentials=cli_credentials(data_dir, new=new))
    try:
        if store.recovery_key:
            from zhoob_desktop.services.security import operators

            print_recovery_key(store.recovery_key)
            operators.confirm_recovery_key(store)  # shown at the terminal: the person has it
        elif store.operator is not None and remind_recovery:
            remind_recovery_key(store)
        if store.operator is not None:
            from zhoob_desktop.services.sync.keys import seal_at_log_in

            seal_at_log_in(store)  # plain key files of an earlier version
            print_key_notes(store)
        if not getattr(args, "lang_explicit", False):
            lang = store.get_setting("language")
            if lang in LANGUAGES:
                set_language(lang)
        yield store
    finally:
        store.close(backup=backup_on_close)
