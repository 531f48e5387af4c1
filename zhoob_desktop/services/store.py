"""Opening the local store safely: lock, integrity check, backup, migrations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from zhoob_desktop import cipher
from zhoob_desktop.models import migrate
from zhoob_desktop.models.core import Setting
from zhoob_desktop.models.db import make_engine, make_session_factory, sqlite_url
from zhoob_desktop.services.backups import BackupManager, IntegrityRecord, can_write, quick_check
from zhoob_desktop.services.datadir import DB_NAME, InstanceLock, ensure_writable
from zhoob_desktop.services.errors import DatabaseCorrupt, DatabaseLocked, SchemaTooNew, StoreError
from zhoob_desktop.services.files import private_file
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import access as access_mod
from zhoob_desktop.services.security.roles import OperatorInfo


class NotEncrypted(StoreError):
    template = N_(
        "The data in {path} are not encrypted yet. Encrypt them first: in the window at start, "
        "or with the command zhoob encrypt (a backup is taken, the plain copies are removed)."
    )


class SetupFailed(StoreError):
    template = N_(
        "The data folder {path} could not be set up: {detail}. Nothing of the set-up was kept; "
        "set it up again once the cause is removed."
    )


class OperatorRemoved(StoreError):
    template = N_("The operator {login} was removed from this data folder and cannot log in.")


class Database:
    """An engine with its unit of work and settings: the okrug's store and the district's share it."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_session_factory(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.session() as s:
            row = s.get(Setting, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self.session() as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value

    def all_settings(self) -> dict[str, Any]:
        with self.session() as s:
            return {row.key: row.value for row in s.scalars(select(Setting))}


class Store(Database):
    """One open data folder: the database engine, its sessions, lock and backups.

    Services take a ``Store`` and own their unit of work through ``session()``.
    """

    def __init__(
        self,
        data_dir: Path,
        engine: Engine,
        lock: InstanceLock | None,
        *,
        key: bytes | None = None,
        operator: OperatorInfo | None = None,
    ):
        super().__init__(engine)
        self.data_dir = data_dir
        self.db_path = data_dir / DB_NAME
        self.lock = lock
        #: The data key of an encrypted store (None: plain SQLite, only for benches and conversion).
        self.key = key
        #: Who is logged in; their role decides what the services allow (None: a store without operators).
        self.operator = operator
        #: Set once, when a new data folder was set up: the recovery key to print for the akim's safe.
        self.recovery_key: str | None = None
        #: The private key files sealed at this log-in (plain ones of an earlier version), to tell the person.
        self.keys_sealed: list[Path] = []
        #: Why a plain private key file could not be sealed at this log-in (it is left as it was).
        self.key_problems: list[str] = []
        self.backups = BackupManager(self.db_path, key=key)
        #: A full integrity check is due and was left to the caller (``check_integrity``).
        self.integrity_due = False

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def backup(self, reason: str, **progress):
        """Take a backup now (before imports, manual) and thin the old ones.

        ``progress``: ``progress(done, total)`` and ``cancelled()`` as ``BackupManager.create`` takes.
        """
        taken = self.backups.create(reason, **progress)
        self.backups.thin()
        return taken

    def backup_needed(self) -> bool:
        """Whether closing now would take a backup: something was written since the last one."""
        return self.backups.changed_since_last()

    def check_integrity(self, now: datetime | None = None) -> str:
        """Run SQLite's full ``quick_check`` now (safe beside the program's own work); ``ok`` or the damage."""
        verdict = quick_check(self.db_path, self.key)
        if verdict == "ok":
            IntegrityRecord.record(self.data_dir, now or datetime.now())
            self.integrity_due = False
        return verdict

    def close(self, *, backup: bool = True, **progress) -> None:
        """Close; with ``backup``, take one first if anything was written since the last backup."""
        backed_up = False
        try:
            if backup and self.backup_needed():
                self.backup("close", **progress)
                backed_up = True
        finally:
            self.engine.dispose()
            if self.lock is not None:
                self.lock.release()
        if backup and (backed_up or not self.backups.changed_since_last()):
            # after the engine let go of the files (its last connection folds the log into the file)
            self.backups.remember_state()


IntegrityMode = Literal["due", "defer"]


def open_store(
    data_dir: Path,
    *,
    credentials: access_mod.Credentials | access_mod.Unlocked | access_mod.NewAccess | None = None,
    encryption: bool = True,
    lock: bool | InstanceLock = True,
    backup_on_migrate: bool = True,
    integrity: IntegrityMode = "due",
    now: Callable[[], datetime] = datetime.now,
) -> Store:
    """Open (creating if needed) the store in a data folder.

    Raises a ``StoreError`` subclass with a translated explanation when the
    folder is not writable, another instance holds it, the database is
    damaged or locked, or it was written by a newer program. Nothing is
    modified in any of those cases.

    The full integrity check runs when it is due (after an unclean end of the
    program, or a week after the last one): here with ``integrity="due"``; with
    ``"defer"`` the store opens at once with ``integrity_due`` set, and the
    caller runs ``check_integrity`` in the background (the window does).

    The data are encrypted (SQLCipher): the operator logs in with ``credentials``
    (by default ``ZHOOB_OPERATOR``/``ZHOOB_PASSPHRASE`` from the environment);
    without them ``PassphraseNeeded`` is raised, a wrong passphrase is
    ``WrongPassphrase``. A new data folder is set up with that operator as its
    first one (the akim) and ``store.recovery_key`` set for printing. A plain
    folder of an earlier version is ``NotEncrypted`` (``security.convert``).
    ``encryption=False`` opens or creates a plain store without operators
    (benches, the conversion itself).

    The window derives the key while its modules still load (``ui/startup.py``): it passes the
    ``Unlocked`` key (for a new folder, the ``NewAccess`` it made) as ``credentials`` and the
    ``InstanceLock`` it acquired before deriving it as ``lock``, which the store then holds (and
    releases if opening fails).
    """
    data_dir = ensure_writable(Path(data_dir))
    if isinstance(lock, InstanceLock):
        instance_lock = lock
    else:
        instance_lock = InstanceLock(data_dir) if lock else None
        if instance_lock is not None:
            instance_lock.acquire()
    try:
        keyed = _unlock(data_dir, credentials, encryption)
        if isinstance(keyed, access_mod.NewAccess):
            return _set_up(data_dir, instance_lock, backup_on_migrate, integrity, now(), keyed)
        store = _open_locked(data_dir, instance_lock, backup_on_migrate, integrity, now(), keyed)
        if keyed is not None:
            try:
                _log_in(store, keyed)
            except BaseException:
                store.engine.dispose()
                raise
        return store
    except BaseException:
        if instance_lock is not None:
            instance_lock.release()
        raise


def prepare() -> None:
    """Do ahead what the first opened store would: resolve the models' mappers (relationships,
    ~0.1 s at the first query) and load the SQLCipher binding. The window calls it on its import
    thread while the passphrase is typed (``ui/startup.py``); nothing here touches a database."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    cipher.dbapi(b"")


#: Written before a new data folder's database is made, removed once its key file is written: found
#: on a later start, it says that set-up stopped half-way (the program or the computer stopped).
SETUP_MARKER = "setup-incomplete"
_DB_FILES = ("", "-wal", "-shm", "-journal")


def _set_up(
    data_dir: Path,
    instance_lock: InstanceLock | None,
    backup_on_migrate: bool,
    integrity: IntegrityMode,
    now: datetime,
    keyed: access_mod.NewAccess,
) -> Store:
    """A new data folder, all or nothing: the database made and its first operator entered, then the
    key file written last. A failure on the way removes what was made, so the set-up can be run again;
    the marker covers a stop that leaves no chance to clean up (the next start removes the remains)."""
    from zhoob_desktop.services.files import atomic_write_bytes

    marker = data_dir / SETUP_MARKER
    atomic_write_bytes(marker, b"")
    store = None
    try:
        store = _open_locked(data_dir, instance_lock, backup_on_migrate, integrity, now, keyed)
        _log_in(store, keyed)
        keyed.access.save()
    except BaseException as exc:
        if store is not None:
            store.engine.dispose()
        _remove_unfinished(data_dir, key_file=True)
        if isinstance(exc, Exception):
            raise SetupFailed(path=str(data_dir), detail=_cause(exc)) from exc
        raise
    marker.unlink(missing_ok=True)
    return store


def _remove_unfinished(data_dir: Path, *, key_file: bool = False) -> None:
    """Remove what a set-up that did not finish made: a database nobody has the key of, and the marker.

    With ``key_file`` (the set-up failed in this process, so the key file is its own) the key file and
    its copy go too; otherwise a key file means the set-up got to its end. A plain SQLite database is
    never removed.
    """
    db_path = data_dir / DB_NAME
    if _is_plain_sqlite(db_path):
        return
    if key_file:
        for path in (data_dir / access_mod.ACCESS_FILE, data_dir / "backups" / access_mod.ACCESS_FILE):
            _unlink_file(path)
    if not access_mod.is_encrypted(data_dir):
        for suffix in _DB_FILES:
            _unlink_file(Path(f"{db_path}{suffix}"))
        _unlink_file(data_dir / "backups" / access_mod.ACCESS_FILE)
    _unlink_file(data_dir / SETUP_MARKER)


def _cause(exc: BaseException) -> str:
    """What went wrong at the bottom: the file system's or SQLite's own words rather than our reading."""
    while isinstance(exc, StoreError) and exc.__cause__ is not None:
        exc = exc.__cause__
    exc = getattr(exc, "orig", None) or exc
    return str(exc) or type(exc).__name__


def _unlink_file(path: Path) -> None:
    try:
        if path.is_file():
            path.unlink()
    except OSError:
        pass


def _is_plain_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _unlock(
    data_dir: Path,
    credentials: access_mod.Credentials | access_mod.Unlocked | access_mod.NewAccess | None,
    encryption: bool,
) -> access_mod.Unlocked | access_mod.NewAccess | None:
    """The data key: from the key file with the operator's passphrase, or a new one for a new folder."""
    db_path = data_dir / DB_NAME
    if (data_dir / SETUP_MARKER).exists():
        _remove_unfinished(data_dir)  # an earlier set-up stopped half-way
    existed = db_path.exists() and db_path.stat().st_size > 0
    if isinstance(credentials, access_mod.Unlocked | access_mod.NewAccess):
        return credentials  # opened, or a new folder's keys made, by the caller (the window's log-in)
    if access_mod.is_encrypted(data_dir):
        creds = credentials or access_mod.Credentials.from_env()
        if creds is None:
            raise access_mod.PassphraseNeeded(path=str(data_dir))
        return access_mod.unlock(data_dir, creds)
    if existed:
        if encryption:
            raise NotEncrypted(path=str(data_dir))
        return None
    if not encryption:
        return None
    creds = credentials or access_mod.Credentials.from_env()
    if creds is None:
        raise access_mod.SetupNeeded(path=str(data_dir))
    return access_mod.set_up(data_dir, creds.login, creds.passphrase)


def _log_in(store: Store, keyed: access_mod.Unlocked | access_mod.NewAccess) -> None:
    """Find the operator whose wrap opened the key; a new folder gets its first operator, the akim."""
    from zhoob_desktop.services.security import audit, operators

    info = operators.find(store, keyed.operator_id)
    if info is None and not operators.any_operator(store):
        info = operators.create_first(store, keyed.operator_id, keyed.login)
    if info is None or not info.active:
        raise OperatorRemoved(login=keyed.login)
    store.operator = info.info
    audit.install_guard(store)
    # A log-in is entered in the audit by the window (``security.session``); a command's writes are
    # audited with its operator, and a command that writes nothing leaves the files as they were.
    if isinstance(keyed, access_mod.NewAccess):
        store.recovery_key = keyed.recovery_key
        audit.record(store, "store.encrypted", detail={"operator": info.login})


def _open_locked(
    data_dir: Path,
    instance_lock: InstanceLock | None,
    backup_on_migrate: bool,
    integrity: IntegrityMode,
    now: datetime,
    keyed: access_mod.Unlocked | access_mod.NewAccess | None = None,
) -> Store:
    key = keyed.data_key if keyed is not None else None
    db_path = data_dir / DB_NAME
    existed = db_path.exists() and db_path.stat().st_size > 0
    private_file(db_path)  # before SQLite opens it: the database, its log and backups are the user's only
    unclean = instance_lock is not None and instance_lock.unclean
    due = existed and IntegrityRecord.read(data_dir).due(now, unclean=unclean)
    if existed:
        if due and integrity == "due":
            verdict = quick_check(db_path, key)
            if verdict != "ok":
                if "locked" in verdict:
                    raise DatabaseLocked(path=str(db_path))
                raise DatabaseCorrupt(path=str(db_path), detail=verdict)
            IntegrityRecord.record(data_dir, now)
            due = False
        if not can_write(db_path, key=key):
            raise DatabaseLocked(path=str(db_path))
    engine = make_engine(sqlite_url(db_path), key=key)
    try:
        # The version table against the migration files' heads; Alembic only when they differ.
        if not (existed and migrate.is_current(engine)):
            unknown, missing = migrate.pending(engine)
            if unknown:
                raise SchemaTooNew(path=str(db_path), revision=", ".join(sorted(unknown)))
            if missing:
                store = Store(data_dir, engine, instance_lock, key=key)
                if existed and backup_on_migrate and inspect(engine).get_table_names():
                    store.backups.create("pre-migration")
                migrate.upgrade(engine)
        store = Store(data_dir, engine, instance_lock, key=key)
        store.integrity_due = due
        return store
    except DatabaseError as exc:
        engine.dispose()
        if "locked" in str(exc.orig):
            raise DatabaseLocked(path=str(db_path)) from exc
        raise DatabaseCorrupt(path=str(db_path), detail=str(exc.orig)) from exc
    except cipher.database_errors(key) as exc:
        engine.dispose()
        raise DatabaseCorrupt(path=str(db_path), detail=str(exc)) from exc
    except BaseException:
        engine.dispose()
        raise
