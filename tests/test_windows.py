"""Windows readiness, simulated where it can be (docs/windows.md lists every check and its result)."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from zhoob_desktop.cli import KAZAKH_LETTERS, configure_streams
from zhoob_desktop.services.datadir import InstanceLock, WindowsLocking
from zhoob_desktop.services.errors import AlreadyRunning
from zhoob_desktop.services.register.export import csv_delimiter, export_residents
from zhoob_desktop.services.register.query import ResidentFilter
from zhoob_desktop.services.store import open_store

SAMPLE = f"Тіркелді: Қасымов Әлихан — {KAZAKH_LETTERS}"


@pytest.mark.parametrize("code_page", ["cp1251", "cp866"])
def test_output_redirected_on_windows_is_utf8(code_page):
    """`zhoob ... > out.txt` in cmd: the ANSI code page has no Kazakh letters; the stream turns to UTF-8."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=code_page)
    configure_streams([stream], platform="win32")
    stream.write(SAMPLE)
    stream.flush()
    assert raw.getvalue().decode("utf-8") == SAMPLE


def test_a_stream_that_cannot_encode_kazakh_escapes_instead_of_failing():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    configure_streams([stream], platform="linux")
    stream.write("Қасымов")
    stream.flush()
    assert raw.getvalue() == b"\\u049a\\u0430\\u0441\\u044b\\u043c\\u043e\\u0432"


def test_a_utf8_console_is_left_alone():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    configure_streams([stream], platform="win32")
    assert (stream.encoding, stream.errors) == ("utf-8", "strict")


class FakeMsvcrt:
    """``msvcrt.locking`` as Windows does it: a byte range of one file locked by one handle at a time."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self):
        self.held: dict[tuple[int, int], int] = {}  # (file id, offset) -> fd holding it

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        assert nbytes == 1
        info = os.fstat(fd)
        key = (info.st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        if mode == self.LK_NBLCK:
            if key in self.held and self.held[key] != fd:
                raise OSError(errno.EACCES, "Permission denied")
            self.held[key] = fd
        elif mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise OSError(errno.EACCES, "not locked by this handle")
            del self.held[key]


def test_instance_lock_with_windows_byte_range_locking(tmp_path):
    msvcrt = FakeMsvcrt()
    first = InstanceLock(tmp_path, WindowsLocking(msvcrt))
    first.acquire()
    second = InstanceLock(tmp_path, WindowsLocking(msvcrt))
    with pytest.raises(AlreadyRunning):
        second.acquire()
    first.release()
    second.acquire()  # free again
    assert not second.unclean  # the first ended cleanly
    second.release()
    (tmp_path / "zhoob.lock").write_text("4242@laptop")  # as a crash leaves it
    third = InstanceLock(tmp_path, WindowsLocking(msvcrt))
    third.acquire()
    assert third.unclean
    third.release()


def test_a_user_folder_with_kazakh_letters_and_odd_characters(tmp_path):
    """C:\\Users\\Әлия\\AppData\\Local\\zhoob-desktop, and folder names SQLite URLs would misread."""
    folder = tmp_path / "Users" / "Әлия Ғабитқызы" / "a%20b#c" / "zhoob-desktop"
    store = open_store(folder)
    store.set_setting("okrug", "Қарағайлы")
    taken = store.backup("manual")
    export_residents(store, folder / "тізім.csv", ResidentFilter(), reason="test")
    store.close()
    assert taken.path.parent.parent == folder and (folder / "тізім.csv").exists()
    reopened = open_store(folder)
    assert reopened.get_setting("okrug") == "Қарағайлы" and reopened.db_path.parent == folder
    reopened.close(backup=False)
    assert not (tmp_path / "Users" / "Әлия Ғабитқызы" / "a b#c").exists()


def test_csv_for_excel_has_a_bom_and_the_locale_s_separator(store, tmp_path):
    from zhoob_desktop.services.okrug import save_okrug

    save_okrug(store, "Қарағайлы ауылдық округі")
    path = tmp_path / "export.csv"
    export_residents(store, path, ResidentFilter(), lang="kk", reason="test")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 (Kazakh letters) only with the BOM
    header = data[3:].decode("utf-8").splitlines()[0]
    assert ";" in header and "ЖСН" in header
    assert csv_delimiter(lambda: ",") == ","  # Windows with English regional settings
    assert csv_delimiter(lambda: ";") == ";"
    assert csv_delimiter(lambda: None) == ";"  # not Windows, or the setting unreadable
    assert csv_delimiter(lambda: "ab") == ";"


def test_paths_the_program_writes_fit_windows_max_path(tmp_path):
    """Under a long profile folder (MAX_PATH is 260 without the long-path setting)."""
    profile = Path("C:/Users/") / ("Ә" * 40) / "AppData/Local/zhoob-desktop"
    folder = tmp_path / "d"
    store = open_store(folder)
    store.set_setting("k", 1)
    store.backup("pre-migration")
    store.close()
    longest = max(len(str(p.relative_to(folder))) for p in folder.rglob("*"))
    assert len(str(profile)) + 1 + longest < 200, longest
