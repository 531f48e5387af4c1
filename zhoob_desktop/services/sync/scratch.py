"""Scratch space of one import: kept in memory while small, beyond that in a temporary file that
only this process can read.

An import reads a bundle's members and the rows it plans to write as streams, so that its
memory does not grow with the bundle; what does not fit in memory goes to a temporary file.
Those bytes are opened members (names, IINs) and rows, so the file is encrypted (AES-256 in
counter mode) with a key made for it and held only in memory: the file has no name (it is
removed as it is made), and what reaches the disk means nothing once the import is over.
"""

from __future__ import annotations

import io
import os
import tempfile
from typing import IO

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class _Decrypting(io.RawIOBase):
    """The plain bytes of an encrypted scratch file, read from its start."""

    def __init__(self, raw: IO[bytes], decryptor):
        self._raw, self._decryptor = raw, decryptor

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        if not data:
            return 0
        plain = self._decryptor.update(data)
        buffer[: len(plain)] = plain
        return len(plain)


class Scratch:
    """Bytes written once, then read back from the start (``reader``), as often as needed.

    Up to ``memory`` bytes stay in memory; past that everything goes, encrypted, to an
    unnamed temporary file.
    """

    def __init__(self, memory: int):
        self._memory = memory
        self._buffer: io.BytesIO | None = io.BytesIO()
        self._file: IO[bytes] | None = None
        self._key = self._nonce = b""
        self._encryptor = None

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CTR(self._nonce))

    def write(self, data: bytes) -> int:
        if self._buffer is not None:
            if self._buffer.tell() + len(data) <= self._memory:
                return self._buffer.write(data)
            held, self._buffer = self._buffer.getvalue(), None
            self._key, self._nonce = os.urandom(32), os.urandom(16)
            self._encryptor = self._cipher().encryptor()
            self._file = tempfile.TemporaryFile()
            self._file.write(self._encryptor.update(held))
        self._file.write(self._encryptor.update(bytes(data)))
        return len(data)

    def reader(self) -> IO[bytes]:
        """A file reading the bytes written so far, from the first."""
        if self._buffer is not None:
            return io.BytesIO(self._buffer.getbuffer())
        self._file.flush()
        self._file.seek(0)
        return io.BufferedReader(_Decrypting(self._file, self._cipher().decryptor()), 256 * 1024)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._buffer = self._file = None

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
