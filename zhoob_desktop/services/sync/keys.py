"""Signing and sealing keys: the okrug's Ed25519 pair, the district's Ed25519 + X25519 pairs.

Private keys are files readable by their owner only (mode 0600), written
atomically. In an encrypted data folder they are **sealed** (``KeySeal``):
AES-256-GCM under a key derived from the data key, so a copied folder does not
yield them; a plain PEM file of an earlier version is sealed at the first
log-in (``seal_key_files``), a copy of it kept inside the encrypted database,
and its bytes overwritten before it is removed. Without a data key (a plain
store of the benches, a test) they stay PEM files. Public keys travel as small
JSON "key files" carrying the key bytes (base64) and a fingerprint (SHA-256 of
the raw public key, hex), which a person can compare over the telephone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import stat
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.errors import (
    KeyFileInvalid,
    KeyFileSealed,
    KeyFileSealedElsewhere,
    KeyFileUnsafe,
    SyncError,
)

KEYS_DIR = "keys"
OKRUG_KEY = "okrug-ed25519.pem"
DISTRICT_SIGN_KEY = "district-ed25519.pem"
DISTRICT_SEAL_KEY = "district-x25519.pem"
OKRUG_KEY_FORMAT = "zhoob-okrug-key"
OKRUG_NAME_MAX = 200
DISTRICT_KEY_FORMAT = "zhoob-district-key"


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    """SHA-256 of the raw public key, hex, grouped by four for reading aloud."""
    digest = hashlib.sha256(public_raw).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


SEALED_FORMAT = "zhoob-sealed-key"
SEALED_SUFFIX = ".sealed"
#: The settings (inside the encrypted database) that keep a copy of each plain key file sealed at log-in.
KEY_BACKUP_SETTING = "security.key_backup."
_FILE_KEY_INFO = b"zhoob-desktop private key files v1"


@dataclass(frozen=True)
class KeySeal:
    """What seals private key files: a key derived from the data key (HKDF-SHA256), never the data key
    itself (the district service's workers are given this one without the database's), and where a key
    file's copy goes (``backup(name, pem)``: a setting in the encrypted database; ``copy_of(name)`` reads
    it back), ``base`` the data folder the copies' names are relative to."""

    key: bytes
    backup: Callable[[str, bytes], None] | None = None
    copy_of: Callable[[str], bytes | None] | None = None
    base: Path | None = None

    @classmethod
    def from_data_key(cls, data_key: bytes, backup: Callable[[str, bytes], None] | None = None) -> KeySeal:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_FILE_KEY_INFO).derive(data_key)
        return cls(derived, backup)

    def copy_name(self, path: Path) -> str:
        """The name of the copy of the key file ``path`` (its PEM name): relative to the data folder
        (``keys/okrug-ed25519.pem``), or the whole path for a key folder elsewhere (``--keys``)."""
        path = Path(path).with_suffix(".pem")
        folder = path.parent.resolve()
        if self.base is not None:
            try:
                return (folder / path.name).relative_to(Path(self.base).resolve()).as_posix()
            except ValueError:
                pass
        return str(folder) + "/" + path.name


def store_seal(store: Any) -> KeySeal | None:
    """The seal of a logged-in store's key files (None for a plain store: its key files stay PEM)."""
    data_key = getattr(store, "key", None)
    if data_key is None:
        return None

    def backup(name: str, pem: bytes) -> None:
        store.set_setting(KEY_BACKUP_SETTING + name, pem.decode("ascii"))

    def copy_of(name: str) -> bytes | None:
        found = store.get_setting(KEY_BACKUP_SETTING + name)
        return found.encode("ascii") if isinstance(found, str) else None

    seal = KeySeal.from_data_key(data_key, backup)
    return KeySeal(seal.key, backup, copy_of, Path(store.data_dir))


def _pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class KeyFileMissing(SyncError):
    template = N_(
        "The private key file {path} is missing, and a copy of it is kept inside the encrypted data. No new "
        "key was made (the district knows this one): restore the file from its copy (the command zhoob keys "
        "restore, or the window at log-in)."
    )


def _sealed_path(path: Path) -> Path:
    return path.with_suffix(SEALED_SUFFIX)


def _kind(key) -> type:
    return Ed25519PrivateKey if isinstance(key, Ed25519PrivateKey) else X25519PrivateKey


def _algorithm(kind: type) -> str:
    return "Ed25519" if issubclass(kind, Ed25519PrivateKey) else "X25519"


def _aad(kind: type, path: Path) -> bytes:
    # The key's kind and file name: a sealed file renamed to stand for another key does not open.
    return f"zhoob-private-key:{_algorithm(kind)}:{path.name}".encode("ascii")


def _raw_private(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _write_private(
    path: Path, key: Ed25519PrivateKey | X25519PrivateKey, seal: KeySeal | None = None
) -> None:
    if seal is None:
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        write_atomic(path, pem, mode=0o600)
        return
    sealed_path = _sealed_path(path)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(seal.key).encrypt(nonce, _raw_private(key), _aad(_kind(key), sealed_path))
    data = {
        "format": SEALED_FORMAT,
        "algorithm": _algorithm(_kind(key)),
        "public_key": b64(raw_public(key.public_key())),
        "nonce": b64(nonce),
        "sealed": b64(sealed),
    }
    write_atomic(sealed_path, json.dumps(data, indent=1).encode("ascii"), mode=0o600)


def _check_mode(path: Path) -> None:
    if sys.platform != "win32":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileUnsafe(path=str(path), mode=oct(mode))


def _read_private(path: Path, kind: type):
    _check_mode(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileInvalid(path=str(path), detail=_("not a private key in PEM format")) from exc
    if not isinstance(key, kind):
        raise KeyFileInvalid(path=str(path), detail=_("the key is of the wrong kind"))
    return key


def _read_sealed(sealed_path: Path, kind: type, seal: KeySeal | None):
    """A sealed key file opened; a damaged one or one sealed elsewhere is refused, nothing changed."""
    _check_mode(sealed_path)
    if seal is None:
        raise KeyFileSealed(path=str(sealed_path))
    damaged = KeyFileInvalid(path=str(sealed_path), detail=_("the sealed key file is damaged"))
    try:
        if sealed_path.stat().st_size > KEY_FILE_MAX:
            raise ValueError("too large")
        data = json.loads(sealed_path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != SEALED_FORMAT:
            raise ValueError("format")
        if data.get("algorithm") != _algorithm(kind):
            raise KeyFileInvalid(path=str(sealed_path), detail=_("the key is of the wrong kind"))
        nonce, sealed = unb64(data["nonce"]), unb64(data["sealed"])
        if len(nonce) != 12:
            raise ValueError("nonce")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged from exc
    try:
        raw = AESGCM(seal.key).decrypt(nonce, sealed, _aad(kind, sealed_path))
    except InvalidTag as exc:
        raise KeyFileSealedElsewhere(path=str(sealed_path)) from exc
    try:
        return kind.from_private_bytes(raw)
    except ValueError as exc:
        raise damaged from exc


def _wipe(path: Path) -> None:
    """Overwrite a plain key file with zeros through its own handle, then remove it."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        path.unlink()


def _seal_plain(path: Path, kind: type, seal: KeySeal, name: str | None = None):
    """Seal the plain PEM file ``path`` (an earlier version's): its copy kept in the encrypted store, the
    sealed file written and read back, then the plain bytes overwritten and the file removed."""
    key = _read_private(path, kind)  # a damaged or unsafe plain file stops everything here
    pem = path.read_bytes()
    if seal.backup is not None:
        seal.backup(name or path.name, pem)
    _write_private(path, key, seal)
    if _raw_private(_read_sealed(_sealed_path(path), kind, seal)) != _raw_private(key):
        raise KeyFileInvalid(path=str(_sealed_path(path)), detail=_("the sealed key file is damaged"))
    _wipe(path)
    return key


def _load_or_create(path: Path, kind: type, make, seal: KeySeal | None = None):
    sealed_path = _sealed_path(path)
    if sealed_path.exists():
        return _read_sealed(sealed_path, kind, seal)
    if path.exists():
        return _read_private(path, kind) if seal is None else _seal_plain(path, kind, seal)
    if seal is not None and seal.copy_of is not None and seal.copy_of(seal.copy_name(path)) is not None:
        # The file was here (its copy says so) and is gone: a new key would need a new registration.
        raise KeyFileMissing(path=str(sealed_path))
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(path.parent, 0o700)
    key = make()
    if seal is not None and seal.backup is not None:
        seal.backup(seal.copy_name(path), _pem(key))  # the copy first: a key never exists without it
    _write_private(path, key, seal)
    return key


#: What ``seal_key_files`` sealed and what it cannot promise about the plain bytes it overwrote.
SEAL_CAVEAT = N_(
    "A solid-state disk, a copy-on-write file system or a backup of the whole disk may still keep "
    "old blocks of the plain files; encrypt the whole disk (BitLocker) to cover them."
)


def seal_plain_files(folder: Path, seal: KeySeal | None, *, prefix: str = "") -> tuple[list[Path], list[str]]:
    """Seal the plain private key files an earlier version left in ``folder``.

    Only files that exist are touched (no key is made here); the backup of each is named ``prefix`` and
    the file name. Returns the sealed files and, for each file that could not be sealed (damaged,
    readable by others), why: it is left as it was.
    """
    done: list[Path] = []
    problems: list[str] = []
    if seal is None:
        return done, problems
    for name, kind in (
        (OKRUG_KEY, Ed25519PrivateKey),
        (DISTRICT_SIGN_KEY, Ed25519PrivateKey),
        (DISTRICT_SEAL_KEY, X25519PrivateKey),
    ):
        path = Path(folder) / name
        if path.exists() and not _sealed_path(path).exists():
            try:
                _seal_plain(path, kind, seal, prefix + name)
            except (SyncError, OSError) as exc:
                problems.append(exc.message() if isinstance(exc, SyncError) else f"{path}: {exc}")
                continue
            done.append(_sealed_path(path))
    return done, problems


#: The private key files a folder may hold: the okrug's signing key, the district's two.
PRIVATE_KEYS = (
    (OKRUG_KEY, Ed25519PrivateKey),
    (DISTRICT_SIGN_KEY, Ed25519PrivateKey),
    (DISTRICT_SEAL_KEY, X25519PrivateKey),
)
DISTRICT_KEYS_DIR = "district-keys"


class KeyCopyMissing(SyncError):
    template = N_(
        "The private key file {path} is damaged and no copy of it is kept inside the encrypted data (it was "
        "made before copies were kept, or in another data folder). Nothing was changed; put back the file "
        "from a copy of the data folder."
    )


class KeyCopyMismatch(SyncError):
    template = N_(
        "The copy kept inside the encrypted data is not the key of {path} (the file holds another public "
        "key: it was sealed for another key, or put here from another data folder). Nothing was changed."
    )


@dataclass(frozen=True)
class KeyFileState:
    """One private key file of the data folder: ``sound``, ``damaged``, ``missing`` (a copy says it was
    there) or ``unsafe`` (readable by others); ``problem`` why it does not open; ``has_copy`` a copy is
    kept inside the encrypted data."""

    path: Path
    kind: type
    state: str
    problem: str
    has_copy: bool


def _key_folders(store: Any, extra: Path | None = None) -> list[Path]:
    folders = [Path(store.data_dir) / KEYS_DIR, Path(store.data_dir) / DISTRICT_KEYS_DIR]
    return folders + ([Path(extra)] if extra is not None else [])


def key_file_states(store: Any, extra: Path | None = None) -> list[KeyFileState]:
    """The sealed key files of the data folder (and of ``extra``, a ``--keys`` folder): whether each opens.

    A plain file of an earlier version and a key never made are not listed."""
    seal = store_seal(store)
    if seal is None:
        return []
    out = []
    for folder in _key_folders(store, extra):
        for name, kind in PRIVATE_KEYS:
            pem_path = folder / name
            sealed = _sealed_path(pem_path)
            has_copy = seal.copy_of(seal.copy_name(pem_path)) is not None
            if sealed.exists():
                try:
                    _read_sealed(sealed, kind, seal)
                except KeyFileUnsafe as exc:  # readable by others: the file is sound, its mode is not
                    out.append(KeyFileState(sealed, kind, "unsafe", exc.message(), has_copy))
                    continue
                except SyncError as exc:
                    out.append(KeyFileState(sealed, kind, "damaged", exc.message(), has_copy))
                    continue
                except OSError as exc:
                    out.append(KeyFileState(sealed, kind, "damaged", f"{sealed}: {exc}", has_copy))
                    continue
                out.append(KeyFileState(sealed, kind, "sound", "", has_copy))
            elif not pem_path.exists() and has_copy:
                out.append(
                    KeyFileState(sealed, kind, "missing", KeyFileMissing(path=str(sealed)).message(), True)
                )
    return out


def keep_copies(store: Any, extra: Path | None = None) -> list[Path]:
    """A copy inside the encrypted data of each sound sealed key file that has none yet (a key made by a
    district command, or before copies were kept); returns the files copied."""
    seal = store_seal(store)
    done = []
    for found in key_file_states(store, extra):
        if found.state == "sound" and not found.has_copy:
            key = _read_sealed(found.path, found.kind, seal)
            seal.backup(seal.copy_name(found.path), _pem(key))
            done.append(found.path)
    return done


def right_for(path: Path) -> str:
    return "sync.export" if path.name.startswith(OKRUG_KEY.split(".")[0]) else "district.write"


def _sealed_public(path: Path) -> bytes | None:
    """The public key a sealed file states (readable even when its sealed part is damaged), or None."""
    try:
        return unb64(json.loads(path.read_bytes())["public_key"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass(frozen=True)
class KeyRestore:
    """What ``restore_key_files`` did with one file: ``restored`` (the damaged one kept as ``kept``), or
    ``refused`` with the reason."""

    path: Path
    restored: bool
    message: str
    kept: Path | None = None


def restore_key_files(store: Any, extra: Path | None = None) -> list[KeyRestore]:
    """Put back each damaged or missing sealed key file from its copy inside the encrypted data.

    Refused, file by file, when there is no copy or when the copy is not the file's key (the public key
    the file states differs); nothing is changed then. A damaged file is kept beside as ``….damaged``;
    the new one is sealed, read back and compared. The audit records ``keys.restored``."""
    from zhoob_desktop.services.security import audit, roles

    seal = store_seal(store)
    out: list[KeyRestore] = []
    for found in key_file_states(store, extra):
        if found.state not in ("damaged", "missing"):
            continue  # sound, or only readable by others (its mode is put right, not the key)
        roles.require(store, right_for(found.path))
        pem = seal.copy_of(seal.copy_name(found.path)) if found.has_copy else None
        if pem is None:
            out.append(KeyRestore(found.path, False, KeyCopyMissing(path=str(found.path)).message()))
            continue
        try:
            key = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError):
            key = None
        if not isinstance(key, found.kind):
            out.append(KeyRestore(found.path, False, KeyCopyMismatch(path=str(found.path)).message()))
            continue
        stated = _sealed_public(found.path) if found.path.exists() else None
        if stated is not None and stated != raw_public(key.public_key()):
            out.append(KeyRestore(found.path, False, KeyCopyMismatch(path=str(found.path)).message()))
            continue
        kept = None
        if found.path.exists():
            kept = found.path.with_name(found.path.name + ".damaged")
            n = 1
            while kept.exists():
                n += 1
                kept = found.path.with_name(f"{found.path.name}.damaged-{n}")
            os.replace(found.path, kept)
        found.path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(found.path.with_suffix(".pem"), key, seal)
        if _raw_private(_read_sealed(found.path, found.kind, seal)) != _raw_private(key):
            raise KeyFileInvalid(path=str(found.path), detail=_("the sealed key file is damaged"))
        out.append(KeyRestore(found.path, True, "", kept))
    restored = [r for r in out if r.restored]
    if restored:
        names = [_shown(store, r.path) for r in restored]
        audit.record(store, "keys.restored", detail={"count": len(names), "files": names})
    return out


def _shown(store: Any, path: Path) -> str:
    try:
        return path.resolve().relative_to(Path(store.data_dir).resolve()).as_posix()
    except ValueError:
        return str(path)


def seal_key_files(store: Any, district_keys_dir: str = "district-keys") -> tuple[list[Path], list[str]]:
    """At log-in: seal the plain key files of the data folder (``keys/``, ``district-keys/``).

    The window and every command call it once the operator is logged in (``seal_at_log_in``); a file
    that cannot be sealed (damaged, readable by others) is left as it was and its problem returned:
    the command that needs the key says why, and the log-in goes on.
    """
    seal = store_seal(store)
    done, problems = seal_plain_files(Path(store.data_dir) / KEYS_DIR, seal, prefix=KEYS_DIR + "/")
    more, trouble = seal_plain_files(
        Path(store.data_dir) / district_keys_dir, seal, prefix=district_keys_dir + "/"
    )
    return done + more, problems + trouble


def seal_at_log_in(store: Any) -> None:
    """The first log-in after an update seals the plain private key files an earlier version left;
    ``store.keys_sealed`` and ``store.key_problems`` tell the person, the audit records it."""
    from zhoob_desktop.services.security import audit

    store.keys_sealed, store.key_problems = seal_key_files(store)
    keep_copies(store)
    if store.keys_sealed:
        names = [str(p.relative_to(store.data_dir)) for p in store.keys_sealed]
        audit.record(store, "keys.sealed", detail={"count": len(names), "files": names})


def verify(public_raw: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is the Ed25519 signature of ``data`` by that public key."""
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class OkrugKeyFile:
    """What the district registers: which okrug, its public signing key and fingerprint."""

    okrug_id: uuid.UUID
    okrug_name: str
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def to_json(self) -> bytes:
        data = {
            "format": OKRUG_KEY_FORMAT,
            "okrug_id": str(self.okrug_id),
            "okrug_name": self.okrug_name,
            "algorithm": "Ed25519",
            "public_key": b64(self.public_key),
            "fingerprint": self.fingerprint,
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

    @classmethod
    def read(cls, path: Path) -> OkrugKeyFile:
        data = _read_json(path, OKRUG_KEY_FORMAT)
        try:
            key = unb64(data["public_key"])
            Ed25519PublicKey.from_public_bytes(key)
            name = data.get("okrug_name", "")
            if type(name) is not str or len(name) > OKRUG_NAME_MAX:  # as the district's column holds it
                raise ValueError("okrug_name")
            return cls(uuid.UUID(data["okrug_id"]), name, key)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise KeyFileInvalid(path=str(path), detail=_("the public key or okrug id is malformed")) from exc


@dataclass(frozen=True)
class DistrictKeyFile:
    """What an okrug imports: the district's key to verify receipts and its key to seal data."""

    name: str
    sign_key: bytes  # Ed25519, verifies receipts
    seal_key: bytes  # X25519, personal data is sealed to it

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key + self.seal_key)

    def to_dict(self) -> dict:
        return {
            "format": DISTRICT_KEY_FORMAT,
            "name": self.name,
            "sign_key": b64(self.sign_key),
            "seal_key": b64(self.seal_key),
            "fingerprint": self.fingerprint,
        }

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")

    @classmethod
    def from_dict(cls, data: dict, path: str = "") -> DistrictKeyFile:
        try:
            if len(str(data.get("name", ""))) > OKRUG_NAME_MAX:
                raise ValueError("name")
            sign, seal = unb64(data["sign_key"]), unb64(data["seal_key"])
            Ed25519PublicKey.from_public_bytes(sign)
            X25519PublicKey.from_public_bytes(seal)
            return cls(str(data.get("name", "")), sign, seal)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise KeyFileInvalid(path=path, detail=_("the district's public keys are malformed")) from exc

    @classmethod
    def read(cls, path: Path) -> DistrictKeyFile:
        return cls.from_dict(_read_json(path, DISTRICT_KEY_FORMAT), str(path))


KEY_FILE_MAX = 64 * 1024  # a key file is a few hundred bytes


def _read_json(path: Path, expected: str) -> dict:
    try:
        if Path(path).stat().st_size > KEY_FILE_MAX:
            raise ValueError("too large")
        data = bounded.loads(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise KeyFileInvalid(path=str(path), detail=_("not a key file of Zhoob Desktop")) from exc
    if not isinstance(data, dict) or data.get("format") != expected:
        raise KeyFileInvalid(path=str(path), detail=_("not a key file of the expected kind"))
    return data


class OkrugKeys:
    """The okrug's signing key in ``<data>/keys``, made on first use."""

    def __init__(self, data_dir: Path, *, seal: KeySeal | None = None):
        #: The PEM file of an earlier version (or of a plain store); sealed, the key is in ``path``.
        self.plain_path = Path(data_dir) / KEYS_DIR / OKRUG_KEY
        self.path = _sealed_path(self.plain_path) if seal is not None else self.plain_path
        self.seal = seal
        self._key: Ed25519PrivateKey | None = None

    def ensure(self) -> OkrugKeys:
        """Load the key pair, creating it when the data folder has none yet (sealed, given a seal)."""
        if self._key is None:
            self._key = _load_or_create(
                self.plain_path, Ed25519PrivateKey, Ed25519PrivateKey.generate, self.seal
            )
        return self

    @property
    def exists(self) -> bool:
        return self.plain_path.exists() or _sealed_path(self.plain_path).exists()

    @property
    def public_key(self) -> bytes:
        self.ensure()
        return raw_public(self._key.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, data: bytes) -> bytes:
        self.ensure()
        return self._key.sign(data)


class DistrictKeys:
    """The district's signing (receipts) and sealing (personal data) keys in a folder."""

    def __init__(self, folder: Path, name: str = "", *, seal: KeySeal | None = None):
        self.folder = Path(folder)
        self.name = name
        self.seal = seal
        self._sign: Ed25519PrivateKey | None = None
        self._seal: X25519PrivateKey | None = None

    def ensure(self) -> DistrictKeys:
        if self._sign is None:
            sign = _load_or_create(
                self.folder / DISTRICT_SIGN_KEY, Ed25519PrivateKey, Ed25519PrivateKey.generate, self.seal
            )
            self._seal = _load_or_create(
                self.folder / DISTRICT_SEAL_KEY, X25519PrivateKey, X25519PrivateKey.generate, self.seal
            )
            self._sign = sign
        return self

    @property
    def seal_private(self) -> X25519PrivateKey:
        self.ensure()
        return self._seal

    def sign(self, data: bytes) -> bytes:
        self.ensure()
        return self._sign.sign(data)

    def public(self) -> DistrictKeyFile:
        self.ensure()
        return DistrictKeyFile(
            self.name, raw_public(self._sign.public_key()), raw_public(self._seal.public_key())
        )
