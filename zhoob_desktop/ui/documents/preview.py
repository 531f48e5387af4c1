"""Preview a paper inside the program and print it through the system's print dialog.

PySide6-Essentials has no QtPdf, so the pages are rendered by PDFium
(``services.documents.files.page_bitmaps``, the same on Windows and Linux) and
shown as images; printing paints the pages, rendered at the printer's
resolution up to 300 dpi, onto a ``QPrinter`` chosen in ``QPrintDialog``. The
system's PDF viewer (``QDesktopServices.openUrl``) remains one click away.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.documents.files import PageBitmap, page_bitmaps, page_count, write_atomic
from zhoob_desktop.services.documents.issue import WordDraft
from zhoob_desktop.services.documents.paper import Paper
from zhoob_desktop.services.documents.text import LANG_MODES
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.ui.screen_fit import fit_to_screen

LANG_LABELS = {"kk": N_("Kazakh"), "ru": N_("Russian"), "kk+ru": N_("Kazakh and Russian side by side")}
PREVIEW_DPI = 80
PRINT_DPI_MAX = 300


class PaperPreviewDialog(QDialog):
    """Shows a paper's pages; saves, prints or opens it in the system viewer.

    ``render(lang)`` returns the ``Paper`` in a language mode (a service call);
    a frozen (finalised) paper is shown as stored, whatever language is chosen.
    """

    def __init__(
        self,
        render: Callable[[str], Paper],
        *,
        title: str = "",
        lang: str = "kk",
        parent: QWidget | None = None,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
        word: Callable[[str], WordDraft] | None = None,
        edit_texts: Callable[[QWidget], bool] | None = None,
    ):
        super().__init__(parent)
        self._render, self._open_url = render, open_url
        self._word, self._edit_texts = word, edit_texts
        self._title = title
        self.paper: Paper | None = None
        self.pages: list[QLabel] = []
        # Qt frees the dialog (and its page images) when it closes; a preview is never reused.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.lang_label = QLabel()
        self.lang = QComboBox()
        for mode in LANG_MODES:
            self.lang.addItem("", mode)
        self.lang.setCurrentIndex(LANG_MODES.index(lang) if lang in LANG_MODES else 0)
        self.lang.currentIndexChanged.connect(lambda _i: self.refresh())
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_paper)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_external)
        self.word_button = QPushButton()
        self.word_button.clicked.connect(self.save_word)
        self.word_button.setVisible(word is not None)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)

        # Two rows: long Russian and Kazakh button texts must never be cut off.
        lang_row = QHBoxLayout()
        lang_row.addWidget(self.lang_label)
        lang_row.addWidget(self.lang, 1)
        bar = QHBoxLayout()
        for button in (self.save_button, self.word_button, self.print_button, self.open_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Typed texts without their translation into the paper's language, named before printing.
        self.missing_box = QFrame()
        self.missing_box.setObjectName("missingTexts")
        self.missing_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #8e4b00;")
        self.texts_button = QPushButton()
        self.texts_button.clicked.connect(self.enter_texts)
        self.texts_button.setVisible(edit_texts is not None)
        missing_row = QHBoxLayout(self.missing_box)
        missing_row.addWidget(self.missing_label, 1)
        missing_row.addWidget(self.texts_button, 0, Qt.AlignmentFlag.AlignTop)
        self.missing_box.setVisible(False)

        self.page_box = QWidget()
        self.page_layout = QVBoxLayout(self.page_box)
        self.page_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.page_box)
        self.scroll.setObjectName("paperPages")

        layout = QVBoxLayout(self)
        layout.addLayout(lang_row)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.missing_box)
        layout.addWidget(self.scroll, 1)
        self.retranslate()
        self.refresh()
        # An A4 page at the preview's resolution and the buttons, within the screen it opens on.
        fit_to_screen(self, QSize(800, 1000), parent)

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self._title or _("Preview"))
        self.lang_label.setText(_("Language of the paper:"))
        for i, mode in enumerate(LANG_MODES):
            self.lang.setItemText(i, _(LANG_LABELS[mode]))
        self.save_button.setText(_("Save as PDF…"))
        self.print_button.setText(_("Print…"))
        self.open_button.setText(_("Open in the system viewer"))
        self.word_button.setText(_("Save the draft as Word (.docx)…"))
        self.texts_button.setText(_("Enter the translations…"))
        self.close_button.setText(_("Close"))
        self._describe()

    def _describe(self) -> None:
        paper = self.paper
        if paper is None:
            return
        # In words for the clerk; the digest that identifies the copy only in the tooltip.
        if paper.frozen:
            text = _("The signed copy, as stored when the protocol was marked as signed.")
        elif paper.draft:
            text = _(
                "A draft, marked DRAFT on every page until the protocol is signed; laid out now from the journal."
            )
        else:
            text = _("Laid out now from the journal of the sitting.")
        self.status.setText(text)
        if paper.missing:
            shown = [f"«{_short(t)}»" for t in paper.missing[:8]]
            if len(paper.missing) > 8:
                shown.append(_("and {n} more").format(n=len(paper.missing) - 8))
            self.missing_label.setText(
                _("These typed texts have no translation into the language of the paper and print as typed:")
                + "\n"
                + "\n".join(shown)
            )
        self.missing_box.setVisible(bool(paper.missing))
        self.status.setToolTip(f"SHA-256 {paper.digest}")

    # -- actions ----------------------------------------------------------------------------
    def current_lang(self) -> str:
        return self.lang.currentData()

    def refresh(self) -> None:
        """Render the paper in the chosen language and show its pages."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.paper = self._render(self.current_lang())
            self._show_pages()
        except ZhoobError as exc:
            self.paper = None
            self._clear_pages()
            self.status.setText(exc.message())
        finally:
            QApplication.restoreOverrideCursor()
        enabled = self.paper is not None
        self.save_button.setEnabled(enabled)
        self.open_button.setEnabled(enabled)
        self.print_button.setEnabled(enabled)
        self._describe()

    def _clear_pages(self) -> None:
        for label in self.pages:
            self.page_layout.removeWidget(label)
            label.deleteLater()
        self.pages = []

    def _show_pages(self) -> None:
        self._clear_pages()
        if self.paper is None:
            return
        for page in page_bitmaps(self.paper.pdf, dpi=PREVIEW_DPI):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(_qimage(page)))
            label.setObjectName("paperPage")
            # A frame rather than a per-widget style sheet: a style sheet on each page label is
            # a shared object that Qt warns about when the dialog is destroyed from Python.
            label.setFrameShape(QFrame.Shape.Box)
            self.page_layout.addWidget(label)
            self.pages.append(label)

    def enter_texts(self) -> None:
        """Open the texts in two languages, then render the paper again with what was entered."""
        if self._edit_texts is not None and self._edit_texts(self):
            self.refresh()

    def save_word(self) -> Path | None:
        """Save the draft as an editable Word file (the signed PDF stays the record)."""
        if self._word is None:
            return None
        try:
            draft = self._word(self.current_lang())
        except ZhoobError as exc:
            QMessageBox.warning(self, self.word_button.text(), exc.message())
            return None
        name, _filter = QFileDialog.getSaveFileName(
            self, self.word_button.text(), draft.filename, "Word (*.docx)"
        )
        if not name:
            return None
        try:
            return write_atomic(Path(name), draft.data)
        except ZhoobError as exc:
            QMessageBox.warning(self, self.word_button.text(), exc.message())
            return None

    def save_as(self) -> Path | None:
        if self.paper is None:
            return None
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF…"), self.paper.filename, "PDF (*.pdf)"
        )
        if not name:
            return None
        return self._save(Path(name))

    def _save(self, path: Path) -> Path | None:
        assert self.paper is not None
        try:
            return write_atomic(path, self.paper.pdf)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Save as PDF…"), exc.message())
            return None

    def open_external(self) -> Path | None:
        """Write the PDF to a temporary folder and hand it to the system's viewer."""
        if self.paper is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="zhoob-paper-"))
        path = self._save(folder / self.paper.filename)
        if path is not None and not self._open_url(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                self, _("Open in the system viewer"), _("The PDF was saved as {path}.").format(path=path)
            )
        return path

    def print_paper(self) -> bool:
        """Choose a printer in the system dialog and print every page."""
        if self.paper is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Paint the pages onto a printer (one sheet per page, scaled to the printable area)."""
        if self.paper is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dpi = max(72, min(PRINT_DPI_MAX, printer.resolution()))
            painter = QPainter()
            if not painter.begin(printer):
                raise OSError(_("The printer could not be started."))
            try:
                # One page rendered at a time: a 300 dpi A4 page is 26 MB of pixels.
                for n in range(page_count(self.paper.pdf)):
                    if n:
                        printer.newPage()
                    (page,) = page_bitmaps(self.paper.pdf, dpi=dpi, first=n + 1, last=n + 1)
                    image = _qimage(page)
                    area = printer.pageLayout().paintRectPixels(printer.resolution())
                    target = QRectF(0, 0, area.width(), area.height())
                    scaled = image.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.drawImage(QRectF(0, 0, scaled.width(), scaled.height()), image)
            finally:
                painter.end()
            return True
        except (ZhoobError, OSError) as exc:
            message = exc.message() if isinstance(exc, ZhoobError) else str(exc)
            QMessageBox.warning(self, _("Print…"), message)
            return False
        finally:
            QApplication.restoreOverrideCursor()


def _qimage(page: PageBitmap) -> QImage:
    """A page's RGB pixels as a QImage that owns its memory."""
    return QImage(page.rgb, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
