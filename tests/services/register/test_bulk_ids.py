"""Ids for bulk inserts: random version-4 UUIDs as the 32 hex digits SQLite stores."""

from __future__ import annotations

import uuid

from zhoob_desktop.services.register.bulk import id_source, new_id_hex, new_ids_hex


def _is_v4_hex(text: str) -> bool:
    value = uuid.UUID(text)
    return value.hex == text and value.version == 4 and value.variant == uuid.RFC_4122


def test_ids_drawn_in_a_batch_are_random_version_4_uuids():
    ids = new_ids_hex(5000)
    assert len(ids) == len(set(ids)) == 5000
    assert all(_is_v4_hex(i) for i in ids)
    assert _is_v4_hex(new_id_hex())
    # Every bit outside the version and variant still varies across the batch.
    ored, anded = 0, (1 << 128) - 1
    for i in ids:
        ored |= int(i, 16)
        anded &= int(i, 16)
    fixed = uuid.UUID(int=(0xF000 << 64) | (0xC000 << 48)).int  # version nibble, variant bits
    assert ored | fixed == (1 << 128) - 1 and anded & ~fixed == 0


def test_an_id_source_never_repeats_across_its_batches():
    next_id = id_source(batch=7)
    drawn = [next_id() for _ in range(50)]
    assert len(set(drawn)) == 50 and all(_is_v4_hex(i) for i in drawn)
