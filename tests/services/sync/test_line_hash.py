"""A record's content hash taken from its line's own bytes is the hash of its data encoded again."""

from __future__ import annotations

import json
import uuid

import pytest

from zhoob_desktop.services.sync.records import content_hash, line_hash

DATA = {"apartment": "", "birth_date": "1980-02-03", "iin": "800203300123", "id": "x", "n": 12,
        "phone": None, "surname": "Әбілқасымов", "urban": True, "w": False}  # fmt: skip


def _line(
    data, *, rid: str | None = None, rev: int = 3, deleted: bool = False, **dumps
) -> tuple[bytes, dict]:
    record = {"data": data, "deleted": deleted, "id": rid or str(uuid.uuid4()), "rev": rev}
    options = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":"), **dumps}
    raw = json.dumps(record, **options).encode("utf-8")
    return raw, json.loads(raw)


def test_a_line_written_as_the_program_writes_it_hashes_its_own_bytes():
    raw, record = _line(DATA)
    assert line_hash(raw, record) == content_hash(DATA)
    assert line_hash(*_line(None, deleted=True)) == ""
    assert line_hash(*_line({})) == content_hash({})


@pytest.mark.parametrize(
    "raw",
    [
        # spaces, keys out of order, a key twice, escapes, another spelling of a number
        b'{"data":{"a": "1","b":2},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"b":2,"a":"1"},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1","a":"1","b":2},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"\\u0031","b":2},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"\\u04d9","b":2},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1","b":-0},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1","b":2.0},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1","b":2E0},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1","b":[1, 2]},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1","b":{"y":1,"x":2}},"deleted":false,"id":"%s","rev":1}',
        # a second "data" (the last one counts), other members, another order of the record
        b'{"data":{"a":"1"},"data":{"a":"2"},"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1"},"x":1,"deleted":false,"id":"%s","rev":1}',
        b'{"deleted":false,"data":{"a":"1"},"id":"%s","rev":1}',
        b'{"data":{"a":"1"} ,"deleted":false,"id":"%s","rev":1}',
        b'{"data":{"a":"1"},"deleted":false,"id":"%s","rev":1 }',
    ],
)
def test_any_other_spelling_gives_the_hash_of_the_data_encoded_again(raw):
    raw = raw.replace(b"%s", str(uuid.uuid4()).encode())
    record = json.loads(raw)
    assert line_hash(raw, record) == content_hash(record["data"])


def test_the_same_data_spelt_otherwise_has_the_same_hash():
    canonical = _line(DATA, rid="3f1c0a52-8a3e-4f7e-9d0f-2b1e7c9a4d10")
    spaced = _line(DATA, rid="3f1c0a52-8a3e-4f7e-9d0f-2b1e7c9a4d10", separators=(", ", ": "))
    escaped = _line(DATA, rid="3f1c0a52-8a3e-4f7e-9d0f-2b1e7c9a4d10", ensure_ascii=True)
    assert line_hash(*canonical) == line_hash(*spaced) == line_hash(*escaped) == content_hash(DATA)
