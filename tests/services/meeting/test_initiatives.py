"""The members' initiative: signers checked against the register, the 10% threshold on its base,
the decision with its date, and the sitting prepared from it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.representation_fixtures import build_okrug
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting.initiatives import (
    add_signer,
    create_initiative,
    file_initiative,
    get_initiative,
    prepare_sitting,
    record_decision,
    remove_signer,
)
from zhoob_desktop.services.meeting.preparation import preparation_warnings
from zhoob_desktop.services.meeting.roster import add_many_to_roster

BASE_ON = date(2026, 10, 20)


@pytest.fixture
def okrug(store):
    return build_okrug(store)


def test_signers_checked_and_threshold_met(okrug):
    store = okrug.store
    ini = create_initiative(
        store, body="gathering", base_on=BASE_ON, title="Жайылым", agenda=["Жайылымды пайдалану"]
    )
    assert ini.base == 43 and ini.required == 5  # 10% of 43 community members, rounded up
    kar = okrug.village("Қарағайлы").residents
    first = add_signer(store, ini.id, kar[0].iin)
    assert first.accepted and first.address.startswith("Қарағайлы")
    assert add_signer(store, ini.id, f"{kar[1].surname} {kar[1].given_name}").accepted  # by name
    assert add_signer(store, ini.id, kar[0].iin).refusal == "duplicate"
    assert add_signer(store, ini.id, okrug.died.iin).refusal == "died"
    assert add_signer(store, ini.id, okrug.moved.iin).refusal == "moved"
    assert add_signer(store, ini.id, "Жоқов Жоқ").refusal == "unknown"
    for r in kar[2:4]:
        add_signer(store, ini.id, r.iin)
    info = get_initiative(store, ini.id)
    assert info.count == 4 and not info.enough
    with pytest.raises(E.InitiativeError):
        file_initiative(store, ini.id, date(2026, 10, 19))  # before the day the share is counted on
    add_signer(store, ini.id, kar[4].iin)
    info = file_initiative(store, ini.id, date(2026, 10, 21))
    assert info.enough and info.count == 5 and len(info.signers) == 9
    with pytest.raises(E.InitiativeError):
        add_signer(store, ini.id, kar[5].iin)  # filed: the signatures no longer change
    with pytest.raises(E.InitiativeError):
        record_decision(store, ini.id, decision="approved", decided_on=date(2026, 10, 20))
    info = record_decision(
        store,
        ini.id,
        decision="approved",
        decided_on=date(2026, 10, 26),
        decision_ref="№ 45",
        decided_by="Аудан әкімі",
    )
    sitting = prepare_sitting(
        store, ini.id, scheduled_on=date(2026, 11, 14), place="Клуб", notice_on=date(2026, 11, 1)
    )
    assert sitting.initiator == "members" and len(sitting.initiators) == 5
    assert [a.title for a in sitting.agenda_draft] == ["Жайылымды пайдалану"]
    assert sitting.initiative_decided_on == date(2026, 10, 26)
    assert get_initiative(store, ini.id).status == "convened"
    assert preparation_warnings(store, sitting.id, today=date(2026, 11, 2)) == []
    with pytest.raises(E.InitiativeError):
        prepare_sitting(store, ini.id, scheduled_on=date(2026, 11, 20))


def test_threshold_not_met_cannot_be_approved(okrug):
    store = okrug.store
    ini = create_initiative(store, body="gathering", base_on=BASE_ON, agenda=["Су құбыры"])
    for r in okrug.village("Көктөбе").residents[:3]:
        add_signer(store, ini.id, r.iin)
    wrong = add_signer(store, ini.id, okrug.village("Көктөбе").residents[3].iin)
    remove_signer(store, wrong.id)
    info = file_initiative(store, ini.id, BASE_ON)
    assert (info.count, info.required, info.base, info.enough) == (3, 5, 43, False)
    with pytest.raises(E.InitiativeError) as err:
        record_decision(store, ini.id, decision="approved", decided_on=date(2026, 10, 22))
    assert "ten percent" in str(err.value) and "Law art. 39-3" in str(err.value)
    info = record_decision(store, ini.id, decision="refused", decided_on=date(2026, 10, 22))
    assert info.status == "refused"
    with pytest.raises(E.InitiativeError):
        prepare_sitting(store, ini.id, scheduled_on=date(2026, 11, 14))


def test_meeting_initiative_counts_members_of_the_meeting(okrug):
    store = okrug.store
    kar = okrug.village("Қарағайлы").residents
    add_many_to_roster(
        store,
        "meeting",
        [{"resident_id": r.id, "full_name": f"{r.surname} {r.given_name}", "iin": r.iin} for r in kar[:12]],
        since=date(2026, 1, 1),
    )
    ini = create_initiative(store, body="meeting", base_on=BASE_ON, agenda=["Мектеп жөндеуі"])
    assert (ini.base, ini.required) == (12, 2)
    assert add_signer(store, ini.id, kar[15].iin).refusal == "not_member"  # not a member of the meeting
    add_signer(store, ini.id, kar[0].iin)
    add_signer(store, ini.id, kar[1].iin)
    info = file_initiative(store, ini.id, date(2026, 10, 23))  # Friday
    # three working days: Republic Day (Sunday 25 October) moves the day off to Monday 26th
    assert info.answer_due == date(2026, 10, 29)
    record_decision(store, ini.id, decision="approved", decided_on=date(2026, 10, 30))
    sitting = prepare_sitting(store, ini.id, scheduled_on=date(2026, 11, 16), notice_on=date(2026, 11, 2))
    codes = [w.code for w in preparation_warnings(store, sitting.id, today=date(2026, 11, 2))]
    assert "initiative.answer" in codes  # decided after the three working days


def test_signer_by_name_with_or_without_the_patronymic(okrug):
    """The sheet gives the patronymic if any: a surname and name find one who has one; a namesake
    who died before the day does not make the name ambiguous; a surname alone is not enough."""
    from zhoob_desktop.services.register.iin import make_iin
    from zhoob_desktop.services.register.residents import ResidentInput, create_resident, mark_left

    store = okrug.store
    village = okrug.village("Көктөбе")

    def resident(surname, given, patronymic, serial):
        born = date(1980, 3, 3)
        return create_resident(
            store,
            ResidentInput(
                surname,
                given,
                patronymic,
                iin=make_iin(born, "M", serial),
                birth_date=born,
                sex="M",
                settlement_id=village.id,
                registered_on=date(2010, 1, 1),
            ),
            today=date(2026, 11, 25),
        )

    with_patronymic = resident("Тілеуов", "Дархан", "Бекұлы", 9010)
    ini = create_initiative(store, body="gathering", base_on=BASE_ON, agenda=["Жол"])
    signer = add_signer(store, ini.id, "тілеуов  дархан")
    assert signer.accepted and signer.resident_id == with_patronymic.id
    assert add_signer(store, ini.id, "Тілеуов").refusal == "unknown"
    resident("Сапаров", "Әлібек", "Нұрұлы", 9020)
    gone = resident("Сапаров", "Әлібек", "Қайратұлы", 9030)
    mark_left(store, gone.id, "died", date(2025, 1, 1))
    assert add_signer(store, ini.id, "Сапаров Әлібек").accepted
    resident("Сапаров", "Әлібек", "Серікұлы", 9040)
    assert add_signer(store, ini.id, "Сапаров Әлібек").refusal == "ambiguous"
