"""Record ids: UUIDs that begin with the moment they were made.

The layout is UUID version 7 (RFC 9562): the first 48 bits are the Unix time in
milliseconds, then the version, 12 random bits, the variant and 62 random bits,
so ids are unique without coordination (74 random bits within a millisecond)
and sort by the time they were made.

Why not random (version 4) ids: the district keeps the records of every okrug in
one store, and a table's id index is a B-tree. With random ids, the residents
of one bundle land on nearly every page of that index, and a bundle's cost grows
with the district (each page read, written, encrypted, checkpointed). Ids made
together sort together: an okrug's register, made by one import, and each later
bundle's new records, made recently, land on a few neighbouring pages, so an
import touches what the bundle holds, not what the district holds. Records of
earlier versions keep their random ids; both kinds are UUIDs and mix freely.

Used for the register's records (residents, places, statuses, change-log
entries), the bulk of what the district holds. Sittings, decisions, conflicts
and acts keep random ids: people read and type them by their first eight
digits, which ids made within a minute of each other would share.

The moment is no secret (every record carries its ``created_at``), and the ids
are not used as secrets anywhere.
"""

from __future__ import annotations

import os
import time
import uuid

_VERSION_7 = bytes((b & 0x0F) | 0x70 for b in range(256))  # the version nibble set on a byte
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))  # the RFC 4122/9562 variant bits


def _ids(n: int) -> bytearray:
    """``n`` ids as 16 bytes each: one millisecond, random bits, version and variant set."""
    stamp = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    raw = bytearray(os.urandom(16 * n))
    for at in range(6):  # the same moment at the head of each id
        raw[at::16] = stamp[at : at + 1] * n
    raw[6::16] = raw[6::16].translate(_VERSION_7)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    return raw


def new_uuid() -> uuid.UUID:
    """A new record id (see the module's docstring)."""
    return uuid.UUID(bytes=bytes(_ids(1)))


def new_id_hex() -> str:
    """``new_uuid()`` as the 32 hex digits SQLite stores, without building a UUID object."""
    return _ids(1).hex()


def new_ids_hex(n: int) -> list[str]:
    """``n`` new ids as 32 hex digits, in ascending order, from one read of the system's randomness.

    Made in the same millisecond, they differ in their random bits only, sorted so that
    rows written one after another in that order go to neighbouring places of an index.
    """
    text = _ids(n).hex()
    return sorted(text[i : i + 32] for i in range(0, 32 * n, 32))
