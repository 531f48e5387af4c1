"""Finalising a protocol freezes its bytes; corrections are addenda naming its digest; the other papers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.services.documents.pdftext import text
from tests.services.documents.scripted import DECISION, play_sitting
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.documents import papers as P
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.meeting.errors import MeetingError
from zhoob_desktop.services.okrug import save_okrug


def fixed_clock():
    return datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_finalise_freezes_the_bytes_against_later_changes(store):
    s = play_sitting(store)
    issued = issue.finalise_protocol(store, s.id, "kk", clock=fixed_clock, actor="Хатшы")
    assert issued.kind == "protocol" and issued.number == "7" and issued.signed_on == date(2026, 11, 23)
    assert issued.journal_hash == s.state.last_hash and issued.digest == issue.digest_of(issued.pdf)
    # A later correction attempt on the journal is refused by the engine (the sitting is closed) ...
    with pytest.raises(MeetingError):
        execute(store, s.id, cmd("undo", seq=5, reason="қате"))
    # ... and whatever changes elsewhere (the okrug's name), the protocol is the stored copy.
    save_okrug(store, "Жаңа атау ауылдық округі")
    again = issue.render_protocol(store, "7", "ru")
    assert again.frozen and again.pdf == issued.pdf and again.digest == issued.digest and again.lang == "kk"
    assert "Қарағайлы" in text(again.pdf) and "Жаңа атау" not in text(again.pdf)
    with pytest.raises(issue.AlreadyFinalised):
        issue.finalise_protocol(store, s.id, "kk")


def test_addenda_reference_the_digest_and_number_in_order(store):
    s = play_sitting(store)
    protocol = issue.finalise_protocol(store, s.id, "kk+ru", clock=fixed_clock)
    first = issue.add_addendum(store, "7", "Хатшының аты-жөні «Нұрғалиева» деп оқылсын.", clock=fixed_clock)
    second = issue.add_addendum(store, s.id, "Үзіліс 15 минутқа созылды.", lang="ru", clock=fixed_clock)
    assert (first.number, second.number) == ("7/1", "7/2")
    assert first.refers_to_id == protocol.id and first.refers_digest == protocol.digest
    body = text(first.pdf)
    assert protocol.digest in body.replace(" ", "")
    assert "Хатшының аты-жөні «Нұрғалиева» деп оқылсын." in body
    assert "7/1" in body and "толықтыру" in body and "Дополнение" in body
    assert "журнал хаттама бекітілген кездегідей күйінде" in body
    assert "Дополнение № 2 к протоколу № 7" in text(second.pdf)
    assert [a.number for a in issue.addenda(store, s.id)] == ["7/1", "7/2"]
    # The protocol itself did not change.
    assert issue.render_protocol(store, s.id).pdf == protocol.pdf


def test_finalise_refuses_an_open_sitting_and_addendum_needs_a_finalised_protocol(store):
    s = play_sitting(store, close=False)
    with pytest.raises(issue.ProtocolNotReady) as err:
        issue.finalise_protocol(store, s.id)
    assert "Model Regulation §12" in err.value.message()
    with pytest.raises(issue.NotFinalised):
        issue.add_addendum(store, s.id, "x")
    s("close")
    issue.finalise_protocol(store, s.id)
    with pytest.raises(issue.EmptyAddendum):
        issue.add_addendum(store, s.id, "   ")


def test_sitting_without_journal_has_no_protocol(store):
    info = create_sitting(store, kind="meeting", number=8, scheduled_on=date(2026, 12, 4), place="Клуб")
    with pytest.raises(issue.NoJournal):
        issue.render_protocol(store, info.id)


def test_extract_of_the_tie_item(store):
    s = play_sitting(store)
    body = text(issue.extract(store, "7", 2, "kk").pdf)
    assert "хаттамасынан үзінді" in body
    assert "Күн тәртібінің 2-мәселесі" in body
    assert "Жақтап: 5, қарсы: 5" in body and "шешуші дауысы (жақтап)" in body
    assert DECISION[:40] in body and "Үзінді хаттамаға сәйкес." in body
    assert s.state.last_hash in body.replace(" ", "")
    with pytest.raises(P.NoSuchItem):
        issue.extract(store, "7", 9, "kk")


def test_annex_lists_attendance_and_the_roll_call(store):
    s = play_sitting(store)
    body = text(issue.annex(store, s.id, "ru").pdf)
    assert "Приложение к протоколу: явка и голосования" in body
    assert body.count("присутствовал(а)") == 10 and body.count("отсутствовал(а)") == 2
    assert "Поимённые итоги голосования" in body
    # In the roll call every fifth member abstained: 2 of the 10 present.
    roll = body.split("Поимённые итоги голосования", 1)[1]
    assert roll.count("воздержались") >= 2
    assert "принято решающим голосом председателя" in body


def test_registration_sheet_and_notice_before_the_sitting(store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    info = create_sitting(
        store,
        kind="meeting",
        number=9,
        scheduled_on=date(2026, 12, 4),
        place="Қарағайлы ауылы, мектеп",
        agenda=[{"title": "Қоқыс шығару кестесі туралы", "kind": "other", "reporter": "Әкім аппараты"}],
    )
    members = [
        {"id": f"00000000-0000-4000-8000-00000000000{i}", "name": f"Сәрсенбаева{i} Гүлнар", "iin": None}
        for i in range(3)
    ]
    start_sitting(store, info.id, members=members, clock=fixed_clock)
    sheet = text(issue.registration_sheet(store, "9", "kk+ru").pdf)
    assert "Мүшелерді тіркеу парағы" in sheet and "Регистрационный лист членов" in sheet
    assert "Сәрсенбаева2 Гүлнар" in sheet and "Қолы / Подпись" in sheet
    notice = text(issue.notice(store, "9", "kk", akim_name="Жұмабеков Е.").pdf)
    assert "Жергілікті қоғамдастық жиналысын шақыру туралы хабарландыру" in notice
    assert "2026 ж. 4 желтоқсан" in notice and "Қарағайлы ауылы, мектеп" in notice
    assert "Қоқыс шығару кестесі туралы" in notice
    assert "соңғы мерзімі: 2026 ж. 24 қараша" in notice  # ten calendar days before (Reg §6)
    assert "күнтізбелік 5 күннен кешіктірілмей беріледі; соңғы мерзімі: 2026 ж. 29 қараша" in notice
    assert "Жұмабеков Е." in notice


def test_check_finds_a_tampered_paper(store):
    from sqlalchemy import update

    from zhoob_desktop.models.documents import IssuedDocument
    from zhoob_desktop.services.checks import run_checks

    s = play_sitting(store)
    protocol = issue.finalise_protocol(store, s.id, clock=fixed_clock)
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
    assert "Регистрационный лист членов" in sheet and "Членов в списке: 2." in sheet
    assert "Әлімжанов Ғани" in sheet and "Байқоңыров Һамит Өсерұлы" in sheet and "850101300001" in sheet
