"""An import's scratch space: what goes past memory reaches the disk only encrypted."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from zhoob_desktop.services.sync.scratch import Scratch

IIN = "800203300123"


def _open_files_under(folder: Path) -> list[bytes]:
    """The bytes of every file this process holds open under ``folder`` (named or not)."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            out.append(Path(f"/proc/self/fd/{fd}").read_bytes())
    return out


def test_small_scratch_stays_in_memory_and_reads_back_twice(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with Scratch(1024) as scratch:
        scratch.write(b"one line\n")
        scratch.write(IIN.encode())
        assert scratch.reader().read() == b"one line\n" + IIN.encode()
        assert scratch.reader().readline() == b"one line\n"
        if sys.platform == "linux":
            assert _open_files_under(tmp_path) == []


@pytest.mark.skipif(sys.platform != "linux", reason="reads the open file through /proc")
def test_a_large_scratch_is_written_encrypted_and_reads_back(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    lines = [f'{{"iin":"{IIN}","n":{i},"surname":"Әбілқасымов"}}\n'.encode() for i in range(5000)]
    with Scratch(4096) as scratch:
        for line in lines:
            scratch.write(line)
        assert scratch.reader().read() == b"".join(lines)
        files = _open_files_under(tmp_path)  # all of it written by now: it was read back
        assert len(files) == 1
        assert len(files[0]) == sum(map(len, lines))
        assert IIN.encode() not in files[0] and "Әбілқасымов".encode() not in files[0]
        reader = scratch.reader()
        assert [reader.readline() for _ in lines] == lines
    assert _open_files_under(tmp_path) == []
