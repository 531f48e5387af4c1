"""A sealed box: data only the holder of one X25519 private key can open.

Layout: ``ZSB1`` | ephemeral X25519 public key (32) | nonce (12) | AES-256-GCM
ciphertext with tag. The AES key is HKDF-SHA256 over the ECDH secret with the
ephemeral and recipient public keys as context, so every box has its own key.

A box can be sealed and opened as a stream (``Sealer``, ``Opener``): the bytes
are those of ``seal`` (AES-GCM's ciphertext is as long as the plain data, the
16-byte tag follows it). An opened stream is plain data nobody has vouched for
until ``Opener.finish`` has checked the tag.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zhoob_desktop.services.sync.keys import raw_public

MAGIC = b"ZSB1"
HEADER = 4 + 32 + 12  # magic, ephemeral public key, nonce
TAG = 16
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


class Sealer:
    """Seal a stream: ``header``, then ``update`` for each piece, then ``finish`` (the tag)."""

    def __init__(self, recipient_public: bytes, *, aad: bytes = b""):
        recipient = X25519PublicKey.from_public_bytes(recipient_public)
        ephemeral = X25519PrivateKey.generate()
        eph_pub = raw_public(ephemeral.public_key())
        key = _key(ephemeral.exchange(recipient), eph_pub, recipient_public)
        nonce = os.urandom(12)
        self.header = MAGIC + eph_pub + nonce
        self._cipher = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        self._cipher.authenticate_additional_data(aad)

    def update(self, data: bytes) -> bytes:
        return self._cipher.update(data)

    def finish(self) -> bytes:
        """The last ciphertext bytes and the tag."""
        tail = self._cipher.finalize()
        return tail + self._cipher.tag


class Opener:
    """Open a sealed stream piece by piece; nothing it gives is trusted before ``finish``.

    ``feed`` takes the stored bytes as they come (header first) and returns
    the plain bytes so far, always holding the last 16 bytes back (the tag).
    ``finish`` checks the tag: ``SealError`` when the box is damaged, too
    short, or was sealed to another key.
    """

    def __init__(self, private: X25519PrivateKey, *, aad: bytes = b""):
        self._private, self._aad = private, aad
        self._head = b""
        self._held = b""
        self._cipher = None

    def _start(self) -> None:
        if self._head[:4] != MAGIC:
            raise SealError("not a sealed box")
        eph_pub, nonce = self._head[4:36], self._head[36:HEADER]
        recipient_pub = raw_public(self._private.public_key())
        try:
            secret = self._private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        except ValueError as exc:
            raise SealError("cannot open") from exc
        self._cipher = Cipher(
            algorithms.AES(_key(secret, eph_pub, recipient_pub)), modes.GCM(nonce)
        ).decryptor()
        self._cipher.authenticate_additional_data(self._aad)

    def feed(self, data: bytes) -> bytes:
        if self._cipher is None:
            need = HEADER - len(self._head)
            self._head += data[:need]
            data = data[need:]
            if len(self._head) < HEADER:
                return b""
            self._start()
        data = self._held + data
        if len(data) <= TAG:
            self._held = data
            return b""
        self._held = data[-TAG:]
        return self._cipher.update(data[:-TAG])

    def finish(self) -> bytes:
        """The last plain bytes, once the tag says the whole box is as it was sealed."""
        if self._cipher is None or len(self._held) < TAG:
            raise SealError("not a sealed box")
        try:
            return self._cipher.finalize_with_tag(self._held)
        except InvalidTag as exc:
            raise SealError("cannot open") from exc
