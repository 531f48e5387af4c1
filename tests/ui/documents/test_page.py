"""The papers page: sittings listed, papers previewed, protocol finalised and corrected."""

from __future__ import annotations

from datetime import date

from tests.services.documents.scripted import DECISION, play_sitting
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.meeting import create_sitting
from zhoob_desktop.services.okrug_papers import paper_settings
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.documents.dialogs import PaperSettingsDialog, Signing, SigningDialog, TextsDialog
from zhoob_desktop.ui.documents.page import PapersPage


def _page(qtbot, store, **kw):
    shown = []
    page = PapersPage(store, Bus(), show_dialog=shown.append, **kw)
    qtbot.addWidget(page)
    return page, shown


def test_sitting_not_held_offers_only_the_papers_before_it(qtbot, store):
    create_sitting(store, kind="meeting", number=4, scheduled_on=date(2026, 12, 4), place="Клуб")
    page, shown = _page(qtbot, store)
    assert page.sittings.count() == 1
    assert page.sheet_button.isEnabled() and page.notice_button.isEnabled()
    assert not page.protocol_button.isEnabled() and not page.finalise_button.isEnabled()
    dialog = page.preview("notice")
    assert shown == [dialog] and dialog.paper is not None and dialog.paper.kind == "notice"


def test_finalise_then_addendum(qtbot, store):
    s = play_sitting(store)
    asked = []

    def sign(_parent, _store, sitting, lang):
        asked.append((sitting, lang))
        return Signing(date(2026, 11, 23), s.state.chair.name, s.state.secretary.name)

    page, shown = _page(
        qtbot,
        store,
        ask_signing=sign,
        ask_addendum=lambda *_a: ("Үзіліс 15 минутқа созылды.", "Перерыв длился 15 минут."),
    )
    assert page.protocol_button.isEnabled() and page.finalise_button.isEnabled()
    assert not page.addendum_button.isEnabled()
    assert page.item.maximum() == 3
    assert "DRAFT" in page.state_label.text() or "ЖОБА" in page.state_label.text()
    page.lang.setCurrentIndex(page.lang.findData("ru"))
    with qtbot.waitSignal(page.bus.changed):
        issued = page.finalise()
    assert issued is not None and issued.lang == "ru" and asked == [(s.id, "ru")]
    assert issued.signed_on == date(2026, 11, 23)
    assert issued.digest in page.state_label.text() and s.state.chair.name in page.state_label.text()
    assert not page.finalise_button.isEnabled() and page.addendum_button.isEnabled()
    with qtbot.waitSignal(page.bus.changed):
        addendum = page.addendum()
    assert addendum.number == "7/1" and "7/1" in page.state_label.text()
    assert shown[-1].paper.digest == addendum.digest
    # The protocol preview now shows the signed copy, whatever language is chosen.
    page.lang.setCurrentIndex(page.lang.findData("kk"))
    dialog = page.preview("protocol")
    assert dialog.paper.frozen and dialog.paper.pdf == issue.finalised_protocol(store, s.id).pdf


def test_signing_dialog_warns_past_the_handover_deadline(qtbot, store):
    s = play_sitting(store)
    dialog = SigningDialog(store, s.id, "kk", date(2026, 11, 30))
    qtbot.addWidget(dialog)
    assert dialog.chair.text() == s.state.chair.name and dialog.secretary.text() == s.state.secretary.name
    assert dialog.date.minimumDate().toPython() == date(2026, 11, 20)
    assert dialog.date.maximumDate().toPython() == date(2026, 11, 30)
    assert dialog.check() and "24" in dialog.warning.text()  # 30 November is past Tuesday 24 November
    dialog.date.setDate(dialog.date.minimumDate().addDays(1))
    assert dialog.check() == [] and dialog.warning.text() == ""
    assert dialog.value().signed_on == date(2026, 11, 21)


def test_texts_dialog_enters_the_missing_translations(qtbot, store):
    s = play_sitting(store, russian=False)
    page, shown = _page(qtbot, store)
    preview = page.preview("protocol")
    preview.lang.setCurrentIndex(preview.lang.findData("ru"))
    assert preview.missing_box.isVisibleTo(preview) and DECISION in preview.paper.missing
    assert preview.paper.missing[0][:30] in preview.missing_label.text()
    dialog = TextsDialog(store, s.id)
    qtbot.addWidget(dialog)
    assert dialog.missing_count() > 0
    dialog.only_missing.setChecked(True)
    for row in range(dialog.table.rowCount()):
        if not dialog.table.item(row, 2).text():
            dialog.set_version(row, f"Перевод {row}")
    dialog.save()
    assert issue.render_protocol(store, s.id, "ru").missing == ()
    preview.refresh()
    assert not preview.missing_box.isVisibleTo(preview)


def test_paper_settings_dialog_keeps_headings_and_signers(qtbot, store):
    play_sitting(store)
    dialog = PaperSettingsDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.edits["heading_kk"].text() == "Алматы облысы Іле ауданы Қарағайлы ауылдық округінің"
    dialog.edits["okrug_name_ru"].setText("Карагайлинский сельский округ")
    dialog.edits["heading_ru"].clear()
    dialog.offer_headings()
    assert dialog.edits["heading_ru"].text().startswith("Карагайлинского сельского округа")
    dialog.edits["registrar_name"].setText("Тоқтарова Гүлнар Серікқызы")
    dialog.decision_word.setCurrentIndex(dialog.decision_word.findData("decided"))
    dialog.save()
    settings = paper_settings(store)
    assert settings.registrar_name == "Тоқтарова Гүлнар Серікқызы" and settings.decision_word == "decided"


def test_refused_finalise_is_shown(qtbot, store, monkeypatch):
    play_sitting(store, close=False)
    page, _shown = _page(qtbot, store, ask_signing=lambda *_a: Signing(date(2026, 11, 23), "А", "Б"))
    assert not page.finalise_button.isEnabled()
    warnings = []
    monkeypatch.setattr(
        "zhoob_desktop.ui.documents.page.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )
    assert page.finalise() is None
    assert warnings and "closed" in warnings[0]


def test_hidden_page_refreshes_when_shown(qtbot, store):
    page, _shown = _page(qtbot, store)
    assert page.sittings.count() == 0
    create_sitting(store, kind="meeting", number=5, scheduled_on=date(2026, 12, 11), place="Клуб")
    page.bus.emit_changed("sittings")
    assert page.sittings.count() == 0  # hidden: nothing re-read during a live sitting
    page.show()
    qtbot.waitExposed(page)
    assert page.sittings.count() == 1
    create_sitting(store, kind="meeting", number=6, scheduled_on=date(2026, 12, 18), place="Клуб")
    page.bus.emit_changed("sittings")
    assert page.sittings.count() == 2
