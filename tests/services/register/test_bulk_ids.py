"""Record ids: UUIDs that begin with the moment they were made (version 7), unique and in order."""

from __future__ import annotations

import time
import uuid

from zhoob_desktop.models.ids import new_uuid
from zhoob_desktop.services.register.bulk import id_source, new_id_hex, new_ids_hex


def _is_v7_hex(text: str) -> bool:
    value = uuid.UUID(text)
    return value.hex == text and value.version == 7 and value.variant == uuid.RFC_4122


def _millis(text: str) -> int:
    return int(text[:12], 16)


def test_ids_drawn_in_a_batch_are_version_7_uuids_of_this_moment_in_order():
    before = time.time_ns() // 1_000_000
    ids = new_ids_hex(5000)
    after = time.time_ns() // 1_000_000
    assert len(ids) == len(set(ids)) == 5000
    assert ids == sorted(ids)
    assert all(_is_v7_hex(i) for i in ids)
    assert all(before <= _millis(i) <= after for i in ids)
    assert _is_v7_hex(new_id_hex()) and new_uuid().version == 7
    # Every bit after the moment, outside the version and variant, still varies across the batch.
    ored, anded = 0, (1 << 80) - 1
    for i in ids:
        ored |= int(i[12:], 16)
        anded &= int(i[12:], 16)
    fixed = uuid.UUID(int=(0xF000 << 64) | (0xC000 << 48)).int  # version nibble, variant bits
    assert ored | fixed == (1 << 80) - 1 and anded & ~fixed == 0


def test_ids_made_later_sort_later():
    first = new_id_hex()
    time.sleep(0.002)
    assert new_uuid().hex > first and new_ids_hex(3)[0] > first


def test_an_id_source_never_repeats_across_its_batches_and_hands_them_out_in_order():
    next_id = id_source(batch=7)
    drawn = []
    for _ in range(50):
        drawn.append(next_id())
        time.sleep(0.0002)
    assert len(set(drawn)) == 50 and all(_is_v7_hex(i) for i in drawn)
    assert drawn == sorted(drawn)
