"""Writing papers to disk atomically and turning them into page images."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import N_


class PaperNotWritten(ZhoobError):
    template = N_("The file {path} could not be written: {reason}. Nothing was changed there.")


class PageImagesUnavailable(ZhoobError):
    template = N_(
        "Page images need the program pdftoppm (package poppler-utils), which is not installed. "
        "Open the PDF in the system viewer instead."
    )


class PageImagesFailed(ZhoobError):
    template = N_("The pages of the PDF could not be turned into images: {reason}.")


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write a paper so the file is either the old one or the complete new one (temp, fsync, replace)."""
    target = Path(path).expanduser().resolve()
    try:
        return atomic_write_bytes(target, data)
    except OSError as exc:
        raise PaperNotWritten(path=str(target), reason=exc.strerror or str(exc)) from exc


def page_images_available() -> bool:
    """Whether pdftoppm is installed, so pages can be previewed as images."""
    return shutil.which("pdftoppm") is not None


def page_images(
    pdf: bytes, *, dpi: int = 100, first: int | None = None, last: int | None = None
) -> list[bytes]:
    """The pages of a PDF as PNG images (through pdftoppm), in order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PageImagesUnavailable()
    with tempfile.TemporaryDirectory(prefix="zhoob-pages-") as folder:
        source = Path(folder) / "paper.pdf"
        source.write_bytes(pdf)
        cmd = [exe, "-png", "-r", str(dpi)]
        if first is not None:
            cmd += ["-f", str(first)]
        if last is not None:
            cmd += ["-l", str(last)]
        cmd += [str(source), str(Path(folder) / "page")]
        try:
            result = subprocess.run(cmd, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PageImagesFailed(reason=str(exc)) from exc
        if result.returncode != 0:
            raise PageImagesFailed(
                reason=result.stderr.decode("utf-8", "replace").strip() or result.returncode
            )
        # pdftoppm pads page numbers to the width of the last one: sort numerically.
        pngs = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pngs]
