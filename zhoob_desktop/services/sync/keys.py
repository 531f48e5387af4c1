"""Signing and sealing keys: the okrug's Ed25519 pair, the district's Ed25519 + X25519 pairs.

Private keys are PEM files readable by their owner only (mode 0600), written
atomically. Public keys travel as small JSON "key files" carrying the key
bytes (base64) and a fingerprint (SHA-256 of the raw public key, hex), which
a person can compare over the telephone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.errors import KeyFileInvalid, KeyFileUnsafe

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


def _write_private(path: Path, key: Ed25519PrivateKey | X25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_atomic(path, pem, mode=0o600)


def _read_private(path: Path, kind: type):
    if sys.platform != "win32":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileUnsafe(path=str(path), mode=oct(mode))
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileInvalid(path=str(path), detail=_("not a private key in PEM format")) from exc
    if not isinstance(key, kind):
        raise KeyFileInvalid(path=str(path), detail=_("the key is of the wrong kind"))
    return key


def _load_or_create(path: Path, kind: type, make):
    if path.exists():
        return _read_private(path, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(path.parent, 0o700)
    key = make()
    _write_private(path, key)
    return key


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

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / KEYS_DIR / OKRUG_KEY
        self._key: Ed25519PrivateKey | None = None

    def ensure(self) -> OkrugKeys:
        """Load the key pair, creating it when the data folder has none yet."""
        if self._key is None:
            self._key = _load_or_create(self.path, Ed25519PrivateKey, Ed25519PrivateKey.generate)
        return self

    @property
    def exists(self) -> bool:
        return self.path.exists()

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

    def __init__(self, folder: Path, name: str = ""):
        self.folder = Path(folder)
        self.name = name
        self._sign: Ed25519PrivateKey | None = None
        self._seal: X25519PrivateKey | None = None

    def ensure(self) -> DistrictKeys:
        if self._sign is None:
            self._sign = _load_or_create(
                self.folder / DISTRICT_SIGN_KEY, Ed25519PrivateKey, Ed25519PrivateKey.generate
            )
            self._seal = _load_or_create(
                self.folder / DISTRICT_SEAL_KEY, X25519PrivateKey, X25519PrivateKey.generate
            )
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
