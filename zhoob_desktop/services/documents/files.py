"""Writing papers to disk atomically and turning their pages into images.

Page images are rendered by PDFium (``pypdfium2``, wheels for Windows, Linux
and macOS), so the preview and printing need no program installed beside
ours.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import N_


class PaperNotWritten(ZhoobError):
    template = N_("The file {path} could not be written: {reason}. Nothing was changed there.")


class PageImagesFailed(ZhoobError):
    template = N_("The pages of the PDF could not be turned into images: {reason}.")


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write a paper so the file is either the old one or the complete new one (temp, fsync, replace)."""
    target = Path(path).expanduser().resolve()
    try:
        return atomic_write_bytes(target, data)
    except OSError as exc:
        raise PaperNotWritten(path=str(target), reason=exc.strerror or str(exc)) from exc


@dataclass(frozen=True)
class PageBitmap:
    """One page as 8-bit RGB pixels, rows ``stride`` bytes apart (what a screen or a printer paints)."""

    width: int
    height: int
    stride: int
    rgb: bytes


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PageImagesFailed(reason=str(exc)) from exc
    try:
        return len(doc)
    finally:
        doc.close()


def page_bitmaps(
    pdf: bytes, *, dpi: int = 100, first: int | None = None, last: int | None = None
) -> list[PageBitmap]:
    """The pages of a PDF (``first``..``last``, counted from 1) as RGB bitmaps at ``dpi``."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PageImagesFailed(reason=str(exc)) from exc
    try:
        count = len(doc)
        start = max(1, first or 1)
        stop = min(count, last or count)
        out = []
        for number in range(start, stop + 1):
            page = doc[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
                out.append(PageBitmap(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)))
                bitmap.close()
            finally:
                page.close()
        return out
    except pdfium.PdfiumError as exc:
        raise PageImagesFailed(reason=str(exc)) from exc
    finally:
        doc.close()


def page_images(
    pdf: bytes, *, dpi: int = 100, first: int | None = None, last: int | None = None
) -> list[bytes]:
    """The pages of a PDF as PNG images, in order."""
    from PIL import Image

    out = []
    for page in page_bitmaps(pdf, dpi=dpi, first=first, last=last):
        image = Image.frombuffer("RGB", (page.width, page.height), page.rgb, "raw", "RGB", page.stride, 1)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        out.append(buffer.getvalue())
    return out
