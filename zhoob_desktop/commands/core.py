"""`zhoob check`, `zhoob backup ...`: the store itself."""

from __future__ import annotations

import sys
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.backups import BackupManager
from zhoob_desktop.services.datadir import DB_NAME, InstanceLock, ensure_writable, resolve_data_dir
from zhoob_desktop.services.errors import DatabaseCorrupt
from zhoob_desktop.services.i18n import _, format_datetime


def register(sub) -> None:
    p = sub.add_parser("check", help=_("check the database and every journal chain"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help=_("create, list or restore backups"))
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    b = bsub.add_parser("create", help=_("take a backup now"))
    b.set_defaults(func=cmd_backup_create)
    b = bsub.add_parser("list", help=_("list backups, newest first"))
    b.set_defaults(func=cmd_backup_list)
    b = bsub.add_parser("restore", help=_("restore a backup (the newest good one by default)"))
    b.add_argument("file", nargs="?", help=_("backup file to restore"))
    b.set_defaults(func=cmd_backup_restore)


def cmd_check(args) -> int:
    from zhoob_desktop.services.checks import run_checks

    try:
        with cli_store(args) as store:
            results = run_checks(store)
    except DatabaseCorrupt as exc:
        print(exc.message(), file=sys.stderr)
        print(_("Restore the newest good backup with: zhoob backup restore"), file=sys.stderr)
        return 3
    damaged = False
    for name, problems in results.items():
        if problems:
            damaged = True
            for problem in problems:
                print(_("{check}: DAMAGED: {problem}").format(check=_(name), problem=problem))
        else:
            print(_("{check}: ok").format(check=_(name)))
    return 1 if damaged else 0


def cmd_backup_create(args) -> int:
    with cli_store(args) as store:
        taken = store.backup("manual")
    print(_("Backup written: {path}").format(path=taken.path))
    return 0


def _manager(args) -> BackupManager:
    data_dir = ensure_writable(resolve_data_dir(args.data_dir))
    return BackupManager(data_dir / DB_NAME)


def _unlocked(data_dir: Path):
    """The log-in of an encrypted folder with the key file alone (the database may be damaged)."""
    from zhoob_desktop.commands import cli_credentials
    from zhoob_desktop.services.security import access

    if not access.is_encrypted(data_dir):
        return None
    creds = cli_credentials(data_dir)
    if creds is None:
        raise access.PassphraseNeeded(path=str(data_dir))
    return access.unlock(data_dir, creds)


def cmd_backup_list(args) -> int:
    for backup in _manager(args).list():
        print(f"{format_datetime(backup.taken_at)}\t{backup.reason}\t{backup.path}")
    return 0


def cmd_backup_restore(args) -> int:
    data_dir = ensure_writable(resolve_data_dir(args.data_dir))
    lock = InstanceLock(data_dir)
    lock.acquire()
    try:
        unlocked = _unlocked(data_dir)
        manager = BackupManager(data_dir / DB_NAME, key=unlocked.data_key if unlocked else None)
        if args.file:
            chosen = next((b for b in manager.list() if b.path == Path(args.file).resolve()), None)
            if chosen is None:
                from zhoob_desktop.services.backups import Backup

                chosen = Backup(Path(args.file).resolve(), None, "external")  # type: ignore[arg-type]
        else:
            chosen = manager.newest_good()
        if chosen is None:
            print(_("No good backup was found."), file=sys.stderr)
            return 1
        if unlocked is None:
            kept = manager.restore(chosen)
        else:  # only a role with the right; the restored database's audit names who and which copy
            from zhoob_desktop.services.security.restore import restore_backup

            kept = restore_backup(data_dir, unlocked, chosen)
    finally:
        lock.release()
    print(_("Restored {backup}.").format(backup=chosen.path))
    if kept:
        print(_("The previous database was kept as {path}.").format(path=kept))
    return 0
