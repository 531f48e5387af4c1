"""The preview dialog: pages shown as images, language switch, save, print, system viewer fallback."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter

from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import Paper, digest_of
from zhoob_desktop.services.documents.text import M
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.ui.documents.preview import PaperPreviewDialog


def _render_factory(calls: list[str], pages: int = 2):
    def render(lang: str) -> Paper:
        calls.append(lang)
        b = PaperBuilder(lang)
        for n in range(pages):
            b.paragraph(M(N_("Protocol")))
            if n + 1 < pages:
                from reportlab.platypus import PageBreak

                b.add(PageBreak())
        pdf = build_pdf(b, PageFrame("Қарағайлы", "T"), title="t")
        return Paper("protocol", "3", lang, pdf, digest_of(pdf), False, f"protocol-3-{lang}.pdf")

    return render


def test_pages_shown_and_language_switch_rerenders(qtbot):
    calls: list[str] = []
    dialog = PaperPreviewDialog(_render_factory(calls), title="P", lang="kk")
    qtbot.addWidget(dialog)
    assert calls == ["kk"]
    assert len(dialog.pages) == 2
    assert not dialog.pages[0].pixmap().isNull()
    dialog.lang.setCurrentIndex(dialog.lang.findData("kk+ru"))
    assert calls == ["kk", "kk+ru"]
    assert dialog.paper.lang == "kk+ru"
    # the copy's digest is there for whoever asks (the tooltip), not a raw line under the pages
    assert dialog.paper.digest in dialog.status.toolTip() and "SHA" not in dialog.status.text()


def test_print_to_pdf_printer(qtbot, tmp_path):
    dialog = PaperPreviewDialog(_render_factory([]), lang="ru")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert dialog.print_to(printer)
    from pypdf import PdfReader

    assert len(PdfReader(str(out)).pages) == 2


def test_pages_need_no_external_program(qtbot, monkeypatch):
    # Nothing is looked up on the PATH: the pages come from the PDFium library.
    import shutil

    monkeypatch.setattr(shutil, "which", lambda _name, *a, **k: None)
    monkeypatch.setenv("PATH", "")
    dialog = PaperPreviewDialog(_render_factory([], pages=3), lang="kk")
    qtbot.addWidget(dialog)
    assert len(dialog.pages) == 3 and dialog.print_button.isEnabled()
    assert dialog.pages[0].pixmap().width() > 600  # A4 at 80 dpi is 661 pixels wide


def test_system_viewer_gets_the_pdf(qtbot, tmp_path):
    opened = []
    dialog = PaperPreviewDialog(
        _render_factory([]),
        lang="kk",
        open_url=lambda url: opened.append(url.toLocalFile()) or True,
    )
    qtbot.addWidget(dialog)
    path = dialog.open_external()
    assert opened == [str(path)]
    assert path.read_bytes().startswith(b"%PDF")


def test_refused_render_is_shown_not_swallowed(qtbot):
    class Refused(ZhoobError):
        template = N_("There is no sitting {sitting}.")

    def render(_lang):
        raise Refused(sitting="42")

    dialog = PaperPreviewDialog(render)
    qtbot.addWidget(dialog)
    assert dialog.paper is None
    assert "42" in dialog.status.text()
    assert not dialog.save_button.isEnabled()
