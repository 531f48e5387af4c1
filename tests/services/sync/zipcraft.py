"""Zip files built byte by byte, to make every kind of damaged or hostile bundle a test needs."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

STORED, DEFLATED = 0, 8
FLAG_UTF8 = 0x800


@dataclass
class Entry:
    name: bytes
    data: bytes  # the bytes as stored in the zip (already deflated for DEFLATED)
    method: int = STORED
    flags: int = 0
    crc: int | None = None  # of the inflated bytes; computed for STORED
    size: int | None = None  # inflated size as the headers claim; len(data) for STORED
    extra: bytes = field(default=b"")


def deflated(chunks, *, level: int = 9) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of the concatenated chunks, never holding them all."""
    z = zlib.compressobj(level, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(z.compress(chunk))
    out.append(z.flush())
    return b"".join(out), crc, size


def zeros(total: int, chunk: int = 1 << 20):
    block = b"\0" * chunk
    for _ in range(total // chunk):
        yield block


def entry_from(name: str, plain: bytes, *, method: int = STORED, flags: int = 0) -> Entry:
    if method == DEFLATED:
        data, crc, size = deflated([plain])
        return Entry(name.encode(), data, DEFLATED, flags, crc, size)
    return Entry(name.encode(), plain, method, flags, zlib.crc32(plain), len(plain))


def build(entries: list[Entry], *, count: int | None = None) -> bytes:
    """A zip of these entries (``count``: what the end record claims, when it should lie)."""
    body, central = bytearray(), bytearray()
    for e in entries:
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        size = len(e.data) if e.size is None else e.size
        offset = len(body)
        head = struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            e.flags,
            e.method,
            0,
            0x21,
            crc,
            len(e.data),
            size,
            len(e.name),
            len(e.extra),
        )
        body += head + e.name + e.extra + e.data
        central += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                e.flags,
                e.method,
                0,
                0x21,
                crc,
                len(e.data),
                size,
                len(e.name),
                len(e.extra),
                0,
                0,
                0,
                0,
                offset,
            )
            + e.name
            + e.extra
        )
    n = len(entries) if count is None else count
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), len(body), 0)
    return bytes(body + central + end)
