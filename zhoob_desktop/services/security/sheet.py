"""The recovery sheet: the recovery key on one printed page for the akim's safe."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import N_, Translator, get_language

TITLE = N_("Recovery key of the Zhoob Desktop data")
LINES = (
    N_("Data folder: {folder}"),
    N_("Issued on: {date}"),
)
ADVICE = (
    N_("Keep this sheet in the akim's safe. Do not keep it with the laptop and do not photograph it."),
    N_(
        "If an operator forgets the passphrase: zhoob recover --operator NAME (or the log-in window: "
        '"Forgot the passphrase"), type this key and set a new passphrase.'
    ),
    N_(
        "Whoever holds this key and a copy of the data folder can read the register. A new key voids this sheet."
    ),
)


def render_recovery_sheet(folder: str, recovery_key: str, lang: str, on: date | None = None) -> bytes:
    """One A4 page in ``lang``: title, folder, date, the key in large monospaced letters, advice."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from zhoob_desktop.services.pdf_fonts import MONO, SANS, SANS_BOLD, register_fonts

    register_fonts()
    t = Translator(lang)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(t._(TITLE))
    width, height = A4
    y = height - 30 * mm
    pdf.setFont(SANS_BOLD, 16)
    pdf.drawString(25 * mm, y, t._(TITLE))
    pdf.setFont(SANS, 11)
    for line in LINES:
        y -= 9 * mm
        pdf.drawString(
            25 * mm, y, t._(line).format(folder=folder, date=(on or date.today()).strftime("%d.%m.%Y"))
        )
    y -= 22 * mm
    pdf.setFont(MONO, 22)
    groups = recovery_key.split("-")
    for row in (groups[:4], groups[4:]):
        pdf.drawString(25 * mm, y, "  ".join(row))
        y -= 12 * mm
    pdf.setFont(SANS, 10)
    y -= 8 * mm
    from reportlab.lib.utils import simpleSplit

    for advice in ADVICE:
        for line in simpleSplit(t._(advice), SANS, 10, width - 50 * mm):
            pdf.drawString(25 * mm, y, line)
            y -= 5.5 * mm
        y -= 3 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write_recovery_sheet(store, recovery_key: str, path: str | Path, lang: str | None = None) -> Path:
    data = render_recovery_sheet(str(store.data_dir), recovery_key, lang or get_language())
    return atomic_write_bytes(path, data)
