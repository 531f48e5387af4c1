"""Signing a protocol freezes its bytes; corrections are addenda naming its checksum; the other papers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.services.documents.pdftext import pages_text, text
from tests.services.documents.scripted import DECISION, RUSSIAN, play_sitting
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.documents import papers as P
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.meeting.errors import MeetingError
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.okrug_papers import PaperSettings, paper_settings, save_paper_settings

SIGNED = date(2026, 11, 23)  # the sitting is on Friday 20 November 2026


def fixed_clock():
    return datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def test_signing_freezes_the_copy_without_the_draft_mark(store):
    s = play_sitting(store)
    draft = issue.render_protocol(store, s.id, "kk")
    issued = issue.finalise_protocol(store, s.id, "kk", signed_on=SIGNED, clock=fixed_clock, actor="Хатшы")
    assert issued.kind == "protocol" and issued.number == "7" and issued.signed_on == SIGNED
    assert issued.signers == (("chair", s.state.chair.name), ("secretary", s.state.secretary.name))
    assert issued.journal_hash == s.state.last_hash and issued.digest == issue.digest_of(issued.pdf)
    # The draft is marked on every page; the signed copy nowhere, so their bytes differ.
    assert issued.pdf != draft.pdf
    assert all("ЖОБА" in page for page in pages_text(draft.pdf))
    assert not any("ЖОБА" in page for page in pages_text(issued.pdf))
    # A later correction attempt on the journal is refused by the engine (the sitting is closed) ...
    with pytest.raises(MeetingError):
        execute(store, s.id, cmd("undo", seq=5, reason="қате"))
    # ... and whatever changes elsewhere (the okrug's name), the protocol is the stored copy.
    save_okrug(store, "Жаңа атау ауылдық округі")
    again = issue.render_protocol(store, "7", "ru")
    assert again.frozen and again.pdf == issued.pdf and again.lang == "kk" and not again.draft
    assert "Қарағайлы" in text(again.pdf) and "Жаңа атау" not in text(again.pdf)
    with pytest.raises(issue.AlreadyFinalised):
        issue.finalise_protocol(store, s.id, "kk", signed_on=SIGNED)


def test_signing_date_is_entered_and_checked_against_the_deadline(store):
    s = play_sitting(store)
    with pytest.raises(issue.SigningDateMissing):
        issue.finalise_protocol(store, s.id, "kk", clock=fixed_clock)
    with pytest.raises(issue.SignedBeforeSitting):
        issue.finalise_protocol(store, s.id, "kk", signed_on=date(2026, 11, 19), clock=fixed_clock)
    with pytest.raises(issue.SignedInFuture):
        issue.finalise_protocol(store, s.id, "kk", signed_on=date(2026, 11, 26), clock=fixed_clock)
    # Friday + 2 working days = Tuesday 24 November (Reg §12); Wednesday is late, and recorded as entered.
    assert issue.signing_check(store, s.id, date(2026, 11, 24)).late is False
    check = issue.signing_check(store, s.id, date(2026, 11, 25))
    assert check.late and check.handover_due == date(2026, 11, 24)
    issued = issue.finalise_protocol(store, s.id, "kk", signed_on=date(2026, 11, 25), clock=fixed_clock)
    assert issued.signed_on == date(2026, 11, 25)
    assert issue.handover_late(store, s.id, issued.signed_on) == date(2026, 11, 24)


def test_the_names_of_who_signed_go_under_the_signatures(store):
    s = play_sitting(store)
    with pytest.raises(issue.SignerMissing):
        issue.finalise_protocol(store, s.id, "kk", signed_on=SIGNED, chair="  ", clock=fixed_clock)
    issued = issue.finalise_protocol(
        store, s.id, "ru", signed_on=SIGNED, chair="Ахметова Сәуле Ержанқызы", clock=fixed_clock
    )
    last = pages_text(issued.pdf)[-1]
    assert "Председатель собрания" in last and "С. Ахметова" in last
    assert issued.signers[0] == ("chair", "Ахметова Сәуле Ержанқызы")


def test_signing_a_paper_with_untranslated_texts_is_refused_until_entered(store):
    s = play_sitting(store, russian=False)
    issue.finalise_protocol  # noqa: B018 - the Kazakh paper needs nothing more
    with pytest.raises(issue.TextsUntranslated) as err:
        issue.finalise_protocol(store, s.id, "kk+ru", signed_on=SIGNED, clock=fixed_clock)
    assert "«" in err.value.message()
    check = issue.signing_check(store, s.id, SIGNED, "kk+ru")
    assert DECISION in check.missing
    issued = issue.finalise_protocol(
        store, s.id, "kk+ru", signed_on=SIGNED, allow_untranslated=True, clock=fixed_clock
    )
    assert issued.lang == "kk+ru"


def test_addenda_reference_the_checksum_and_number_in_order(store):
    s = play_sitting(store)
    protocol = issue.finalise_protocol(store, s.id, "kk+ru", signed_on=SIGNED, clock=fixed_clock)
    first = issue.add_addendum(
        store,
        "7",
        "Хатшының аты-жөні «Нұрғалиева» деп оқылсын.",
        translation="Фамилию секретаря читать как «Нұрғалиева».",
        clock=fixed_clock,
    )
    second = issue.add_addendum(store, s.id, "Үзіліс 15 минутқа созылды.", lang="ru", clock=fixed_clock)
    assert (first.number, second.number) == ("7/1", "7/2")
    assert first.refers_to_id == protocol.id and first.refers_digest == protocol.digest
    body = text(first.pdf)
    assert protocol.digest in body.replace(" ", "")
    assert "Хатшының аты-жөні «Нұрғалиева» деп оқылсын." in body
    assert "Фамилию секретаря читать как «Нұрғалиева»." in body
    assert "№ 1 ТОЛЫҚТЫРУ" in body and "ДОПОЛНЕНИЕ № 1" in body and "№ 7/1" in body
    assert "ТҮЗЕТУ:" in body and "ИСПРАВЛЕНИЕ:" in body
    assert "ДОПОЛНЕНИЕ № 2 к протоколу собрания местного сообщества" in text(second.pdf)
    assert [a.number for a in issue.addenda(store, s.id)] == ["7/1", "7/2"]
    # The protocol itself did not change.
    assert issue.render_protocol(store, s.id).pdf == protocol.pdf


def test_refusals_before_the_sitting_is_closed(store):
    s = play_sitting(store, close=False)
    with pytest.raises(issue.ProtocolNotReady) as err:
        issue.finalise_protocol(store, s.id, signed_on=SIGNED, clock=fixed_clock)
    assert "Model Regulation §12" in err.value.message()
    with pytest.raises(issue.NotFinalised):
        issue.add_addendum(store, s.id, "x")
    s("close")
    issue.finalise_protocol(store, s.id, signed_on=SIGNED, clock=fixed_clock)
    with pytest.raises(issue.EmptyAddendum):
        issue.add_addendum(store, s.id, "   ")


def test_sitting_without_journal_has_no_protocol(store):
    info = create_sitting(store, kind="meeting", number=8, scheduled_on=date(2026, 12, 4), place="Клуб")
    with pytest.raises(issue.NoJournal):
        issue.render_protocol(store, info.id)


def test_extract_repeats_the_item_and_is_certified(store):
    s = play_sitting(store)
    paper = issue.extract(store, "7", 2, "kk", made_on=date(2026, 11, 27))
    assert paper.draft  # the protocol is not signed yet
    body = text(paper.pdf)
    assert "2026 жылғы 20 қарашадағы № 7 хаттамасынан ҮЗІНДІ" in body
    assert "КҮН ТӘРТІБІ: 2." in body and "ТЫҢДАЛДЫ:" in body and "ҚАУЛЫ ЕТТІ:" in body
    assert "«жақтап» — 5, «қарсы» — 5" in body and "төрағаның шешуші дауысымен қабылданды" in body
    assert DECISION[:40] in body
    assert body.index("Үзінді дұрыс") > body.index("Жиналыс хатшысы")
    assert "2026 жылғы 27 қараша" in body.split("Үзінді дұрыс", 1)[1]
    ru = text(issue.extract(store, "7", 2, "ru").pdf)
    assert "ВЫПИСКА из протокола собрания местного сообщества" in ru and "Выписка верна" in ru
    assert RUSSIAN[DECISION][:40] in ru
    with pytest.raises(P.NoSuchItem):
        issue.extract(store, "7", 9, "kk")
    # Once the protocol is signed, the extract carries no draft mark and the names of who signed.
    issue.finalise_protocol(store, s.id, "kk", signed_on=SIGNED, clock=fixed_clock)
    assert not issue.extract(store, "7", 2, "kk").draft


def test_extract_certifier_from_the_settings(store):
    play_sitting(store)
    save_paper_settings(
        store,
        PaperSettings(
            **{
                **paper_settings(store).__dict__,
                "certifier_name": "Тоқтарова Гүлнар Серікқызы",
                "certifier_position_kk": "Әкім аппаратының бас маманы",
            }
        ),
    )
    body = text(issue.extract(store, "7", 1, "kk").pdf)
    tail = body.split("Үзінді дұрыс", 1)[1]
    assert "Әкім аппаратының бас маманы" in tail and "Г. Тоқтарова" in tail


def test_annex_lists_attendance_invited_persons_and_the_roll_call(store):
    s = play_sitting(store)
    body = text(issue.annex(store, s.id, "ru").pdf)
    assert "ПРИЛОЖЕНИЕ к протоколу собрания местного сообщества" in body
    assert "от 20 ноября 2026 года № 7" in body
    assert body.count("присутствует") == 10 and body.count("отсутствует") == 2
    assert "Всего — 12; присутствовали — 10; отсутствовали — 2" in body
    assert "Петров Пётр Петрович" in body and "Илийский районный маслихат" in body
    roll = body.split("3. Поимённые голосования", 1)[1]
    assert roll.count("воздержание") == 2
    assert "(а)" not in body
    # IINs masked: the last four digits only.
    assert "900101300000" not in body and "••••••••0000" in body


def test_registration_sheet_masks_iins_and_has_totals_and_the_registrar(store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    save_paper_settings(
        store,
        PaperSettings(
            **{
                **paper_settings(store).__dict__,
                "registrar_name": "Тоқтарова Гүлнар Серікқызы",
                "registrar_position_kk": "Әкім аппаратының бас маманы",
                "registrar_position_ru": "главный специалист аппарата акима",
            }
        ),
    )
    info = create_sitting(store, kind="meeting", number=9, scheduled_on=date(2026, 12, 4), place="Мектеп")
    members = [
        {
            "id": f"00000000-0000-4000-8000-00000000000{i}",
            "name": f"Сәрсенбаева{i} Гүлнар",
            "iin": f"85010140000{i}",
        }
        for i in range(3)
    ]
    start_sitting(store, info.id, members=members, clock=fixed_clock)
    sheet = text(issue.registration_sheet(store, "9", "kk+ru").pdf)
    assert "ТІРКЕУ ПАРАҒЫ" in sheet and "ЛИСТ РЕГИСТРАЦИИ" in sheet
    assert "Сәрсенбаева2 Гүлнар" in sheet and "Қолы / Подпись" in sheet
    assert "850101400002" not in sheet and "••••••••0002" in sheet
    assert "Тізім бойынша — 3." in sheet and "По списку — 3." in sheet
    assert "Тіркелгені — ________." in sheet
    assert "Әкім аппаратының бас маманы" in sheet and "Г. Тоқтарова" in sheet
    assert "Главный специалист аппарата акима" in sheet  # capitalised where it starts the line
    # A setting asks for whole IINs.
    save_paper_settings(store, PaperSettings(**{**paper_settings(store).__dict__, "full_iin": True}))
    assert "850101400002" in text(issue.registration_sheet(store, "9", "kk").pdf)


def test_notice_is_dated_the_day_it_is_given_and_lists_the_agenda(store):
    save_okrug(
        store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ", "Іле ауданы", "Илийский район"
    )
    info = create_sitting(
        store,
        kind="meeting",
        number=9,
        scheduled_on=date(2026, 12, 4),
        place="Қарағайлы ауылы, мектеп",
        notice_on=date(2026, 11, 20),
        agenda=[{"title": "Қоқыс шығару кестесі туралы", "kind": "other", "reporter": "Әкім аппараты"}],
    )
    notice = text(issue.notice(store, info.id, "kk", akim_name="Жұмабеков Ерлан").pdf)
    assert "ХАБАРЛАНДЫРУ" in notice
    assert "Іле ауданы Қарағайлы ауылдық округінің жергілікті қоғамдастық жиналысы шақырылады." in notice
    assert "Күні: 2026 жылғы 4 желтоқсан" in notice and "Қарағайлы ауылы, мектеп" in notice
    assert "1. Қоқыс шығару кестесі туралы" in notice and "Баяндамашы — Әкім аппараты." in notice
    assert "Е. Жұмабеков" in notice
    # Dated the day it was given, not the day of the sitting.
    assert notice.rstrip().split("Е. Жұмабеков", 1)[1].strip().startswith("2026 жылғы 20 қараша")
    ru = text(issue.notice(store, info.id, "ru").pdf)
    assert (
        "ОБЪЯВЛЕНИЕ" in ru
        and "Созывается собрание местного сообщества Карагайлинского сельского округа" in ru
    )


def test_check_finds_a_tampered_paper(store):
    from sqlalchemy import update

    from zhoob_desktop.models.documents import IssuedDocument
    from zhoob_desktop.services.checks import run_checks

    s = play_sitting(store)
    protocol = issue.finalise_protocol(store, s.id, signed_on=SIGNED, clock=fixed_clock)
    issue.add_addendum(store, s.id, "Түзету.", clock=fixed_clock)
    assert run_checks(store)["issued papers"] == []
    with store.session() as session:
        session.execute(
            update(IssuedDocument).where(IssuedDocument.id == protocol.id).values(pdf=protocol.pdf + b"%")
        )
    problems = run_checks(store)["issued papers"]
    assert len(problems) == 1 and protocol.digest in problems[0]


def test_registration_sheet_of_a_sitting_not_started_lists_the_meeting_roster(store):
    import uuid

    from zhoob_desktop.services.meeting.roster import add_to_roster

    for n, name in enumerate(("Әлімжанов Ғани", "Байқоңыров Һамит Өсерұлы")):
        add_to_roster(
            store,
            "meeting",
            resident_id=uuid.UUID(int=100 + n),
            full_name=name,
            since=date(2026, 1, 1),
            iin=f"85010130000{n}",
            address="Қарағайлы ауылы",
        )
    create_sitting(store, kind="meeting", number=11, scheduled_on=date(2026, 12, 18), place="Мектеп")
    sheet = text(issue.registration_sheet(store, "11", "ru").pdf)
    assert "ЛИСТ РЕГИСТРАЦИИ членов собрания местного сообщества" in sheet and "По списку — 2." in sheet
    assert "Әлімжанов Ғани" in sheet and "Байқоңыров Һамит Өсерұлы" in sheet and "••••••••0001" in sheet
    assert "Қарағайлы ауылы" not in sheet  # no home address


def test_a_protocol_without_a_number_leaves_it_to_be_written_in(store):
    s = play_sitting(store, number=None)
    for paper in (
        issue.render_protocol(store, s.id, "kk"),
        issue.extract(store, s.id, 1, "kk"),
        issue.annex(store, s.id, "kk"),
        issue.render_protocol(store, s.id, "ru"),
    ):
        body = text(paper.pdf)
        assert "№ ______" in body and "№ —" not in body
