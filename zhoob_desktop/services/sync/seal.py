"""A sealed box: data only the holder of one X25519 private key can open.

Layout: ``ZSB1`` | ephemeral X25519 public key (32) | nonce (12) | AES-256-GCM
ciphertext with tag. The AES key is HKDF-SHA256 over the ECDH secret with the
ephemeral and recipient public keys as context, so every box has its own key.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zhoob_desktop.services.sync.keys import raw_public

MAGIC = b"ZSB1"
ALGORITHM = "X25519-HKDF-SHA256-AES-256-GCM"
_INFO = b"zhoob sealed box v1"


class SealError(Exception):
    """The box is malformed or was sealed to another key (the caller names the file)."""


def _key(secret: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=eph_pub + recipient_pub, info=_INFO).derive(secret)


def seal(data: bytes, recipient_public: bytes, *, aad: bytes = b"") -> bytes:
    """Encrypt ``data`` to the recipient's raw X25519 public key with a fresh ephemeral key."""
    recipient = X25519PublicKey.from_public_bytes(recipient_public)
    ephemeral = X25519PrivateKey.generate()
    eph_pub = raw_public(ephemeral.public_key())
    key = _key(ephemeral.exchange(recipient), eph_pub, recipient_public)
    nonce = os.urandom(12)
    return MAGIC + eph_pub + nonce + AESGCM(key).encrypt(nonce, data, aad)


def is_sealed(blob: bytes) -> bool:
    return blob[:4] == MAGIC


def open_box(blob: bytes, private: X25519PrivateKey, *, aad: bytes = b"") -> bytes:
    """Decrypt a sealed box; ``SealError`` when it is damaged or not meant for this key."""
    if len(blob) < 4 + 32 + 12 + 16 or not is_sealed(blob):
        raise SealError("not a sealed box")
    eph_pub, nonce, body = blob[4:36], blob[36:48], blob[48:]
    recipient_pub = raw_public(private.public_key())
    try:
        secret = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        return AESGCM(_key(secret, eph_pub, recipient_pub)).decrypt(nonce, body, aad)
    except (InvalidTag, ValueError) as exc:
        raise SealError("cannot open") from exc
