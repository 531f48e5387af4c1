"""The data key and its wraps: scrypt turns a passphrase into a key that seals the data key.

The database is encrypted with one random 256-bit data key. Each operator's
passphrase (and the recovery key printed at set-up) derives a key-encryption
key with scrypt; AES-256-GCM seals the data key under it, with the wrap's
owner as associated data, so a wrap moved to another operator does not open.
Adding or removing an operator adds or removes a wrap; the database is never
re-encrypted for it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

#: The documented setting that lowers the KDF cost for the test suite (never for real data):
#: ``ZHOOB_KDF_PROFILE=test``. A wrap records its own parameters, and one made with lower
#: parameters than the standard profile is re-made with the standard ones at the next unlock.
ENV_KDF_PROFILE = "ZHOOB_KDF_PROFILE"

#: scrypt parameters: N=2^17, r=8, p=1 (128 MiB of memory, about a second on a laptop).
STANDARD = {"n": 2**17, "r": 8, "p": 1}
TEST = {"n": 2**4, "r": 8, "p": 1}

DATA_KEY_BYTES = 32
RECOVERY_BYTES = 20  # 160 bits: 32 characters of base32 on paper
_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class WrongSecret(Exception):
    """The passphrase or recovery key does not open this wrap."""


def kdf_profile() -> dict[str, int]:
    """The scrypt parameters for new wraps: the standard ones unless ``ZHOOB_KDF_PROFILE=test``."""
    return dict(TEST if os.environ.get(ENV_KDF_PROFILE, "").strip().lower() == "test" else STANDARD)


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """scrypt of the passphrase (NFC-normalised UTF-8) into a 256-bit key-encryption key."""
    import unicodedata

    material = unicodedata.normalize("NFC", secret).encode("utf-8")
    return hashlib.scrypt(material, salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class Wrap:
    """The data key sealed under one secret: scrypt parameters, salt, nonce and ciphertext."""

    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    sealed: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": "scrypt",
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "sealed": _b64(self.sealed),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wrap:
        if data.get("kdf") != "scrypt":
            raise ValueError(f"unknown key derivation {data.get('kdf')!r}")
        n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
        if n < 2 or n & (n - 1) or not (1 <= r <= 64) or not (1 <= p <= 16) or n > 2**22:
            raise ValueError("scrypt parameters out of range")
        return cls(n, r, p, _unb64(data["salt"]), _unb64(data["nonce"]), _unb64(data["sealed"]))

    def weaker_than(self, params: dict[str, int]) -> bool:
        return self.n * self.r * self.p < params["n"] * params["r"] * params["p"]


def wrap(data_key: bytes, secret: str, owner: str, params: dict[str, int] | None = None) -> Wrap:
    """Seal ``data_key`` under ``secret`` for ``owner`` (an operator id or ``recovery``)."""
    params = params or kdf_profile()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = derive(secret, salt, **params)
    sealed = AESGCM(kek).encrypt(nonce, data_key, _aad(owner))
    return Wrap(params["n"], params["r"], params["p"], salt, nonce, sealed)


def unwrap(w: Wrap, secret: str, owner: str) -> bytes:
    """The data key, or ``WrongSecret``."""
    kek = derive(secret, w.salt, w.n, w.r, w.p)
    try:
        key = AESGCM(kek).decrypt(w.nonce, w.sealed, _aad(owner))
    except InvalidTag as exc:
        raise WrongSecret() from exc
    if len(key) != DATA_KEY_BYTES:
        raise WrongSecret()
    return key


def _aad(owner: str) -> bytes:
    return b"zhoob-data-key:" + owner.encode("utf-8")


def key_check(data_key: bytes) -> str:
    """A value that tells whether a key is this store's without revealing it (kept in access.json)."""
    return hmac.new(data_key, b"zhoob-key-check", hashlib.sha256).hexdigest()[:32]


def new_recovery_key() -> str:
    """A recovery key for paper: 32 base32 letters and digits in groups of four."""
    raw = secrets.token_bytes(RECOVERY_BYTES)
    text = base64.b32encode(raw).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(typed: str) -> str:
    """The recovery key as typed (any case, spaces or dashes, O/0 and I/1 confusions) in canonical form."""
    text = "".join(ch for ch in typed.upper() if ch.isalnum())
    text = text.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_key_valid(key: str) -> bool:
    text = key.replace("-", "")
    return len(text) == 32 and all(ch in _RECOVERY_ALPHABET for ch in text)
