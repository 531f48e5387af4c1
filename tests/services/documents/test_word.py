"""The editable Word draft of a protocol: the same sections as the PDF, marked as a draft."""

from __future__ import annotations

import io

import docx

from tests.services.documents.scripted import DECISION, RUSSIAN, play_sitting
from zhoob_desktop.services.documents import issue


def _texts(data: bytes) -> tuple[str, str]:
    document = docx.Document(io.BytesIO(data))
    body = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            body.extend(cell.text for cell in row.cells)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    return "\n".join(body), header


def test_word_draft_of_the_kazakh_protocol(store):
    s = play_sitting(store)
    draft = issue.protocol_docx(store, s.id, "kk")
    assert draft.filename == "protocol-7-kk.docx" and draft.missing == ()
    body, header = _texts(draft.data)
    assert "ХАТТАМАСЫ" in body and "КҮН ТӘРТІБІ:" in body and "ТЫҢДАЛДЫ:" in body and "ҚАУЛЫ ЕТТІ:" in body
    assert f"1. {DECISION}" in body
    assert "«жақтап» — 5, «қарсы» — 5" in body
    assert "Жиналыс төрағасы" in body and s.state.last_hash in body
    assert "ЖОБА" in header and "Қарағайлы ауылдық округі" in header
    document = docx.Document(io.BytesIO(draft.data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_word_draft_in_two_languages_runs_side_by_side(store):
    s = play_sitting(store)
    document = docx.Document(io.BytesIO(issue.protocol_docx(store, s.id, "kk+ru").data))
    rows = [
        (row.cells[0].text, row.cells[1].text)
        for table in document.tables
        for row in table.rows
        if len(row.cells) == 2
    ]
    assert ("ТЫҢДАЛДЫ:", "СЛУШАЛИ:") in rows
    assert any(DECISION in kk and RUSSIAN[DECISION] in ru for kk, ru in rows)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "ЖОБА / ПРОЕКТ" in header


def test_word_draft_names_the_texts_without_translation(store):
    s = play_sitting(store, russian=False)
    assert DECISION in issue.protocol_docx(store, s.id, "ru").missing
