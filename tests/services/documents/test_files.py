"""Atomic writing of papers and page images."""

from __future__ import annotations

import pytest

from zhoob_desktop.services.documents import files
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf


def _pdf() -> bytes:
    b = PaperBuilder("kk")
    b.paragraph("Қарағайлы")
    return build_pdf(b, PageFrame("H", "T"), title="t")


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "sub" / "p.pdf"
    files.write_atomic(target, b"old")
    files.write_atomic(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"
    assert [p.name for p in target.parent.iterdir()] == ["p.pdf"]


def test_write_atomic_failure_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(files.PaperNotWritten) as err:
        files.write_atomic(blocker / "p.pdf", b"x")
    assert str(blocker) in err.value.message()


@pytest.mark.skipif(not files.page_images_available(), reason="pdftoppm not installed")
def test_page_images_are_pngs_in_order():
    images = files.page_images(_pdf(), dpi=30)
    assert len(images) == 1 and images[0].startswith(b"\x89PNG")


def test_page_images_without_pdftoppm(monkeypatch):
    monkeypatch.setattr(files.shutil, "which", lambda _name: None)
    assert not files.page_images_available()
    with pytest.raises(files.PageImagesUnavailable):
        files.page_images(b"%PDF")
