"""Reading what nobody has vouched for yet: every read capped, every JSON text bounded.

A bundle reaches the district on a USB stick from anyone. Before its
signature is checked nothing in it is trusted, and even after, a signed file
must not be able to exhaust the district's memory. So the zip directory is
measured from its end record before the zip is opened, every member is read
as a stream that stops one byte past its limit (nothing is inflated to find
out how big it is), and every JSON text is measured for nesting and the
number of its containers before it is parsed.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

MiB = 1024 * 1024

# A bundle has two members per sitting and one per protocol: 10,000 is a whole
# okrug's history many times over, and its directory and manifest stay small.
MAX_MEMBERS = 10_000
MAX_DIRECTORY = 2 * MiB  # the zip's central directory, in bytes
MANIFEST_MAX = 2 * MiB
MANIFEST_MAX_CONTAINERS = 8 * MAX_MEMBERS + 100  # objects and arrays in the manifest
SIGNATURE_SIZE = 64  # an Ed25519 signature
MEMBER_MAX = 256 * MiB  # one member's plain size, as its manifest gives it
MAX_DEPTH = 32  # nesting of objects and arrays in any JSON text of a bundle
MAX_NAME = 200  # characters in a member name
READ_CHUNK = MiB
INFLATE_CHUNK = 64 * 1024  # output per inflate call: small, so no second copy builds up

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ESCAPE = re.compile(rb"\\.", re.S)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKETS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


class TooLarge(Exception):
    """More bytes than the limit allows (the caller names the file and the limit)."""


class TooDeep(ValueError):
    """A JSON text nested deeper, or with more containers, than allowed."""


class LineError(ValueError):
    """A line that is not JSON; ``line`` is its number (1-based)."""

    def __init__(self, line: int, detail: str):
        super().__init__(f"{line}: {detail}")
        self.line = line


class Unstorable(ValueError):
    """A JSON text holding a NUL character or a lone surrogate, which no database column stores."""


# \u0000, or half of a surrogate pair without its other half.
_UNSTORABLE = re.compile(
    rb"\\u0000"
    rb"|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _check_storable(data: bytes) -> None:
    # Every match starts with "\u0000" or "\ud"/"\uD": look for those first (the pattern is slow).
    if b"\\u" not in data:
        return
    if (b"\\u0000" in data or b"\\ud" in data or b"\\uD" in data) and _UNSTORABLE.search(data):
        raise Unstorable("unstorable character")


def zip_directory(path: Path) -> tuple[int, int]:
    """(entries, size in bytes) of a zip's central directory, from its end record.

    Read from the last 64 KiB of the file, before ``zipfile`` builds an object
    per entry; ``ValueError`` when there is no end record.
    """
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        tail_size = min(size, _EOCD_SIZE + 0xFFFF)
        fh.seek(size - tail_size)
        tail = fh.read(tail_size)
    # As zipfile looks for it: at the very end, else the last one before a comment.
    at = len(tail) - _EOCD_SIZE if tail[-_EOCD_SIZE:][:4] == _EOCD else tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise ValueError("no end of central directory")
    _sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at : at + _EOCD_SIZE]
    )
    return entries, cd_size


def stream_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    """The member's bytes in chunks; ``TooLarge`` once more than ``cap`` bytes came."""
    seen = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(min(READ_CHUNK, cap + 1 - seen) or 1)
            if not chunk:
                return
            seen += len(chunk)
            if seen > cap:
                raise TooLarge(cap)
            yield chunk


def read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, refused (``TooLarge``) as soon as there are more than ``cap``."""
    if info.file_size > cap:
        raise TooLarge(cap)
    return b"".join(stream_capped(zf, info, cap))


class SizeMismatch(Exception):
    """zlib data that does not inflate to exactly the size announced for it."""


def hash_capped(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, *, inflates_to: int | None = None
) -> str:
    """SHA-256 of a member read as a stream (never held whole), refused past ``cap`` bytes.

    ``inflates_to``: the member is zlib data that must inflate to exactly that
    many bytes; it is inflated on the way in small pieces that are thrown
    away (``SizeMismatch`` as soon as it is longer, or when it ends short).
    """
    if info.file_size > cap:
        raise TooLarge(cap)
    digest = hashlib.sha256()
    inflater = zlib.decompressobj() if inflates_to is not None else None
    produced = 0
    for chunk in stream_capped(zf, info, cap):
        digest.update(chunk)
        if inflater is not None:
            for piece in inflate_pieces(inflater, chunk, inflates_to - produced):
                produced += len(piece)
    if inflater is not None:
        for piece in inflate_pieces(inflater, b"", inflates_to - produced):
            produced += len(piece)
        if not inflater.eof or produced != inflates_to:
            raise SizeMismatch()
    return digest.hexdigest()


def inflate_pieces(inflater, data, limit: int) -> Iterator[bytes]:
    """Inflated pieces of ``data`` (fed 64 KiB at a time, each piece at most 64 KiB);
    ``SizeMismatch`` once they pass ``limit`` bytes or the stream goes on after its end."""
    produced = 0
    view = memoryview(data)
    try:
        for start in range(0, len(view), INFLATE_CHUNK):
            src = view[start : start + INFLATE_CHUNK]
            while src:
                piece = inflater.decompress(src, INFLATE_CHUNK)
                produced += len(piece)
                if produced > limit or (inflater.eof and inflater.unused_data):
                    raise SizeMismatch()
                yield piece
                src = inflater.unconsumed_tail
        while not inflater.eof:  # output still held back by the size of each piece
            piece = inflater.decompress(b"", INFLATE_CHUNK)
            if not piece:
                break
            produced += len(piece)
            if produced > limit:
                raise SizeMismatch()
            yield piece
    except zlib.error as exc:
        raise SizeMismatch() from exc
    finally:
        view.release()


def inflate_exact(data: bytes, size: int) -> bytearray:
    """zlib data inflated into one buffer of exactly ``size`` bytes (``SizeMismatch`` otherwise).

    The buffer is allocated once at the announced size and filled piece by
    piece, so inflating holds the compressed data and the plain bytes, never
    a second copy of them.
    """
    out = bytearray(size)
    pos = 0
    inflater = zlib.decompressobj()
    with memoryview(out) as view:
        for piece in inflate_pieces(inflater, data, size):
            view[pos : pos + len(piece)] = piece
            pos += len(piece)
    if not inflater.eof or pos != size:
        raise SizeMismatch()
    return out


def measure(data: bytes) -> tuple[int, int]:
    """(deepest nesting, number of objects and arrays) of a JSON text, without parsing it."""
    bare = _STRING.sub(b"", _ESCAPE.sub(b"", data))
    brackets = bare.translate(_BRACKETS, _NOT_BRACKET)
    if not brackets:
        return 0, 0
    depth = max(accumulate(memoryview(brackets).cast("b")))
    return depth, brackets.count(1)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(data: bytes, *, max_depth: int = MAX_DEPTH, max_containers: int | None = None) -> Any:
    """Parse one JSON text after checking its nesting (and its containers); NaN is refused.

    ``TooDeep`` when it is nested too deep or has too many containers,
    ``Unstorable`` for a NUL character or a lone surrogate, ``ValueError``
    when it is not JSON (or not UTF-8).
    """
    depth, containers = measure(data)
    if depth > max_depth or (max_containers is not None and containers > max_containers):
        raise TooDeep(depth)
    _check_storable(data)
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError as exc:  # unbalanced text that the measure could not see through
        raise TooDeep(depth) from exc


def parse_line(number: int, line: bytes) -> Any:
    """One JSON line, bounded as ``loads`` (``LineError`` names it when it is not JSON)."""
    # A line with fewer brackets than the limit cannot be nested deeper: measure only the others.
    if line.count(b"{") + line.count(b"[") > MAX_DEPTH:
        depth, _containers = measure(line)
        if depth > MAX_DEPTH:
            raise TooDeep(depth)
    _check_storable(line)
    try:
        return json.loads(line.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError as exc:
        raise TooDeep(MAX_DEPTH + 1) from exc
    except ValueError as exc:
        raise LineError(number, str(exc)) from exc


def iter_lines(data: bytes) -> Iterator[tuple[int, Any]]:
    """(line number, value) of JSON lines, one line at a time, each bounded as ``loads``.

    Each line is cut out, measured, decoded and parsed on its own, so no
    second copy of the text (as text, or as a list of lines) is ever held.
    ``LineError`` (a ``ValueError``) names the first bad line (1-based).
    """
    start, number, end_of_data = 0, 0, len(data)
    while start < end_of_data:
        end = data.find(b"\n", start)
        if end < 0:
            end = end_of_data
        number += 1
        line = bytes(data[start:end])
        start = end + 1
        if line.strip():
            yield number, parse_line(number, line)


def iter_stream(fh: IO[bytes]) -> Iterator[tuple[int, bytes, Any]]:
    """(line number, the line's bytes, value) of JSON lines read from a file, as ``iter_lines``.

    Reads ``READ_CHUNK`` bytes at a time: what is held is that block and the
    line being read (a line longer than a block grows in place, never copied
    again for each block).
    """
    number = 0
    buffer = bytearray()
    while True:
        block = fh.read(READ_CHUNK)
        if not block:
            break
        scan = len(buffer)
        buffer += block
        start = 0
        while True:
            end = buffer.find(b"\n", scan)
            if end < 0:
                break
            number += 1
            line = bytes(buffer[start:end])
            start = scan = end + 1
            if line.strip():
                yield number, line, parse_line(number, line)
        del buffer[:start]
    if buffer:
        number += 1
        line = bytes(buffer)
        if line.strip():
            yield number, line, parse_line(number, line)


def loads_lines(data: bytes) -> list[Any]:
    """JSON lines as a list (see ``iter_lines``)."""
    return [value for _number, value in iter_lines(data)]
