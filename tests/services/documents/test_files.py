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


def _pages(n: int) -> bytes:
    from reportlab.platypus import PageBreak

    b = PaperBuilder("kk")
    for k in range(n):
        b.paragraph(f"Бет {k + 1}")
        if k + 1 < n:
            b.add(PageBreak())
    return build_pdf(b, PageFrame("H", "T"), title="t")


def test_page_images_are_pngs_in_order_without_any_program():
    pdf = _pages(3)
    assert files.page_count(pdf) == 3
    images = files.page_images(pdf, dpi=30)
    assert len(images) == 3 and all(i.startswith(b"\x89PNG") for i in images)
    # A4 at 30 dpi: about 248 x 351 pixels.
    (page,) = files.page_bitmaps(pdf, dpi=30, first=2, last=2)
    assert (
        abs(page.width - 248) <= 1
        and abs(page.height - 351) <= 1
        and len(page.rgb) == page.stride * page.height
    )


def test_pages_are_drawn_not_blank():
    (page,) = files.page_bitmaps(_pdf(), dpi=40)
    assert page.rgb.count(b"\xff") < len(page.rgb)  # some pixels are not white: the text was drawn


def test_not_a_pdf_is_a_clear_error():
    with pytest.raises(files.PageImagesFailed):
        files.page_images(b"%PDF-1.4 broken")
