"""Importing the lists akimats keep: headers, messy cells, duplicates, cancel, all-or-nothing."""

from __future__ import annotations

import gc
from datetime import date, datetime

import pytest

from zhoob_desktop.services.register import changelog, structure
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.importer import (
    HeaderNotFound,
    ImportCancelled,
    MappingIncomplete,
    apply_import,
    preview_import,
)
from zhoob_desktop.services.register.query import ResidentFilter, count_residents, query_residents
from zhoob_desktop.services.register.residents import get_resident

from .conftest import TODAY, add
from .files import csv_file, xlsx

IIN_ZERO = make_iin(date(2001, 2, 3), "F", 77)  # starts with 0
IIN_A = make_iin(date(1987, 4, 12), "M", 1)
IIN_B = make_iin(date(1990, 7, 30), "F", 2)


def residents(store):
    return {r.full_name: r for r in query_residents(store, limit=1000, today=TODAY)}


def test_russian_headers_below_a_title_row(okrug_store, tmp_path):
    path = xlsx(
        tmp_path / "ru.xlsx",
        [
            ["Список жителей Карагайлинского сельского округа"],
            ["по состоянию на 01.11.2026"],
            [],
            ["№ п/п", "ФИО", "ИИН", "Дата рождения", "Пол", "Адрес", "Телефон", "Льгота"],
            [1, " Қасымова  Айгүл Серікқызы ", int(IIN_ZERO), datetime(2001, 2, 3), "Ж",
             "с. Карагайлы, ул. Абая, д. 12, кв. 5", 87011234567, "многодетная семья"],
            [None, None, None, None, None, None, None, None],
            [2, "Петров Иван Иванович", f"{int(IIN_A):.11E}", "12.04.1987", "муж",
             "Қарағайлы, Абай көшесі, 3", "", "Пенсионер; ветеран"],
        ],
    )  # fmt: skip
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.header_row == 4 and preview.mapping_source == "detected"
    assert preview.mapping == {
        "full_name": 1, "iin": 2, "birth_date": 3, "sex": 4, "address": 5, "phone": 6, "statuses": 7,
    }  # fmt: skip
    assert [r.row for r in preview.rows] == [5, 7]
    assert preview.counts()["new"] == 2 and not preview.has_errors
    first = preview.rows[0]
    assert first.values.iin == IIN_ZERO and first.values.surname == "Қасымова"
    assert any(i.field == "iin" and "leading zero" in i.message and i.column == "ИИН" for i in first.issues)
    assert count_residents(okrug_store, today=TODAY) == 0  # the preview wrote nothing
    result = apply_import(okrug_store, preview)
    assert (result.created, result.skipped) == (2, 0) and result.backup is not None and result.backup.exists()
    got = residents(okrug_store)
    aigul = got["Қасымова Айгүл Серікқызы"]
    assert aigul.address == "Карагайлы, ул. Абая, 12, apt. 5" and aigul.statuses == ("large_family",)
    assert aigul.sex == "F" and aigul.birth_date == date(2001, 2, 3)
    ivan = got["Петров Иван Иванович"]
    assert ivan.iin == IIN_A and set(ivan.statuses) == {"pensioner", "veteran"}
    assert ivan.address == "Карагайлы, Абай көшесі, 3"  # Қарағайлы and Карагайлы are one village
    assert len(structure.list_settlements(okrug_store)) == 1
    assert get_resident(okrug_store, ivan.id).phone == ""
    assert get_resident(okrug_store, aigul.id).phone == "87011234567"


def test_kazakh_headers_split_names_and_address(okrug_store, tmp_path):
    path = xlsx(
        tmp_path / "kk.xlsx",
        [
            [
                "Тегі",
                "Аты",
                "Әкесінің аты",
                "ЖСН",
                "Туған күні",
                "Жынысы",
                "Елді мекен",
                "Көше",
                "Үй",
                "Пәтер",
            ],
            [
                "Өспанов ",
                "Ерлан",
                "Болатұлы",
                IIN_A,
                "1987-04-12",
                "ер",
                "Көктөбе ауылы",
                "Мектеп көшесі ",
                "4",
                "",
            ],
            ["Сейітова", "Дана", "", IIN_B, "30/07/90", "әйел", "көктөбе", "мектеп  көшесі", "4", "2"],
        ],
    )
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.header_row == 1 and preview.counts()["new"] == 2, preview.issues
    apply_import(okrug_store, preview)
    got = residents(okrug_store)
    assert got["Өспанов Ерлан Болатұлы"].address == "Көктөбе, Мектеп көшесі, 4"
    assert got["Сейітова Дана"].address == "Көктөбе, Мектеп көшесі, 4, apt. 2"
    assert got["Сейітова Дана"].birth_date == date(1990, 7, 30)
    (village,) = structure.list_settlements(okrug_store)
    assert [s.name for s in structure.list_streets(okrug_store, village.id)] == ["Мектеп көшесі"]


def test_row_errors_are_reported_and_only_valid_rows_imported(okrug_store, tmp_path):
    path = xlsx(
        tmp_path / "bad.xlsx",
        [
            ["ФИО", "ИИН", "Дата рождения"],
            ["Бекова", "123", "31.02.1990"],
            ["Ахметов Нұрлан", IIN_A[:11] + str((int(IIN_A[11]) + 1) % 10), "12.04.1987"],
            ["Ли Анна", "", ""],
            ["Жақсы Адам", IIN_B, ""],
        ],
    )
    preview = preview_import(okrug_store, path, today=TODAY)
    assert [r.action for r in preview.rows] == ["error", "error", "error", "new"]
    bad = {(i.row, i.field) for i in preview.issues if i.severity == "error"}
    assert bad == {(2, "full_name"), (2, "iin"), (2, "birth_date"), (3, "iin"), (4, "birth_date")}
    assert any("check digit" in i.message for i in preview.rows[1].issues)
    assert any(i.field == "birth_date" and i.severity == "warning" for i in preview.rows[3].issues)
    result = apply_import(okrug_store, preview)
    assert (result.created, result.skipped) == (1, 3)
    assert residents(okrug_store)["Жақсы Адам"].birth_date == date(1990, 7, 30)  # taken from the IIN


def test_messages_in_the_users_language(okrug_store, tmp_path):
    from zhoob_desktop.services import i18n

    path = xlsx(tmp_path / "bad.xlsx", [["ФИО", "ИИН", "Дата рождения"], ["Бекова Ая", "123", "1.1.1990"]])
    i18n.set_language("kk")
    preview = preview_import(okrug_store, path, today=TODAY)
    assert "ЖСН" in preview.issues[0].message
    i18n.set_language("ru")
    assert "ИИН" in preview_import(okrug_store, path, today=TODAY).issues[0].message


def test_duplicates_within_the_file_and_against_the_register(okrug_store, tmp_path, place):
    existing = add(okrug_store, "Қасымов", "Асхат", date(1980, 5, 1), serial=9, phone="111")
    iin_c = make_iin(date(1975, 1, 1), "M", 3)
    path = csv_file(
        tmp_path / "dups.csv",
        [
            ["ФИО", "ИИН", "Дата рождения", "Телефон", "Социальный статус"],
            ["Қасымов Асхат", "", "01.05.1980", "222", "пенсионер"],  # the register's Асхат: merged
            ["Нұров Бақыт", iin_c, "01.01.1975", "", ""],
            ["Нуров Бакыт", iin_c, "01.01.1975", "333", "ветеран"],  # same IIN in the file: combined
            ["Нұров Бақыт", "", "01.01.1975", "", ""],  # same name and birth date: combined too
        ],
    )
    preview = preview_import(okrug_store, path, today=TODAY)
    assert [r.action for r in preview.rows] == ["update", "new", "combined", "combined"]
    assert preview.rows[0].match_id == existing.id and set(preview.rows[0].changes) == {"phone", "statuses"}
    assert preview.rows[2].same_as_row == 3
    apply_import(okrug_store, preview)
    assert count_residents(okrug_store, today=TODAY) == 2
    askhat = get_resident(okrug_store, existing.id)
    assert askhat.phone == "222" and askhat.statuses == ("pensioner",) and askhat.iin == existing.iin
    nurov = residents(okrug_store)["Нұров Бақыт"]
    assert get_resident(okrug_store, nurov.id).phone == "333" and nurov.statuses == ("veteran",)
    log = changelog.history(okrug_store, existing.id)
    assert log[-1].action == "merge" and log[-1].changes["phone"] == ["111", "222"]
    # importing the same file again changes nothing and doubles no one
    again = preview_import(okrug_store, path, today=TODAY)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged", "combined", "combined"]
    before = changelog.last_seq(okrug_store)
    apply_import(okrug_store, again)
    assert changelog.last_seq(okrug_store) == before and count_residents(okrug_store, today=TODAY) == 2


def test_rows_whose_name_keys_share_a_hash_are_told_apart(okrug_store, tmp_path, monkeypatch):
    """The plan finds a row's namesakes by the hash of its name key, then compares the keys."""
    rows = [
        ["ФИО", "ИИН", "Дата рождения"],
        ["Нұров Бақыт", "", "01.01.1975"],
        ["Ким Ольга", "", "02.02.1992"],
        ["Нуров Бакыт", "", "01.01.1975"],  # the first row's person: combined
        ["Ким Ольга", make_iin(date(1992, 2, 2), "F", 500), "02.02.1992"],  # combined with row 3
        ["Ким Ольга", "", "03.03.1993"],  # another person
        ["Нұров Бақыт", "", "01.01.1976"],  # another person
        ["КИМ ОЛЬГА", "", "03.03.1993"],  # row 6's person
    ]
    path = csv_file(tmp_path / "names.csv", rows)
    expected = preview_import(okrug_store, path, today=TODAY).rows
    assert [r.action for r in expected] == ["new", "new", "combined", "combined", "new", "new", "combined"]
    assert [r.same_as_row for r in expected] == [None, None, 2, 3, None, None, 6]
    from zhoob_desktop.services.register import importer_plan

    # Every key collides with half the others.
    monkeypatch.setattr(importer_plan, "hash", lambda key: len(key[0]) % 2, raising=False)
    assert preview_import(okrug_store, path, today=TODAY).rows == expected


def test_flag_instead_of_merge(okrug_store, tmp_path):
    add(okrug_store, "Қасымов", "Асхат", date(1980, 5, 1), serial=9)
    path = csv_file(
        tmp_path / "d.csv",
        [
            ["ФИО", "Дата рождения"],
            ["Қасымов Асхат", "01.05.1980"],
            ["Ким Ольга", "02.02.1992"],
            ["КИМ ОЛЬГА", "02.02.1992"],
        ],
    )
    preview = preview_import(okrug_store, path, merge=False, today=TODAY)
    assert [r.action for r in preview.rows] == ["duplicate", "new", "duplicate"]
    result = apply_import(okrug_store, preview)
    assert (result.created, result.skipped) == (1, 2)


def test_same_name_and_birth_date_with_another_iin_is_another_person(okrug_store, tmp_path):
    first = add(okrug_store, "Ким", "Ольга", date(1992, 2, 2), "F", serial=1)
    other = make_iin(date(1992, 2, 2), "F", 500)
    path = csv_file(tmp_path / "k.csv", [["ФИО", "ИИН", "Дата рождения"], ["Ким Ольга", other, "02.02.1992"]])
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.rows[0].action == "new"
    assert any("different IIN" in i.message for i in preview.rows[0].issues)
    apply_import(okrug_store, preview)
    assert count_residents(okrug_store, ResidentFilter(text="ким"), today=TODAY) == 2
    assert get_resident(okrug_store, first.id).iin != other


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp1251", ";"), ("utf-8-sig", ","), ("utf-8", "\t")])
def test_csv_encodings_and_delimiters(okrug_store, tmp_path, encoding, delimiter):
    path = csv_file(
        tmp_path / "l.csv",
        [["Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Пол"],
         ["Иванова", "Мария", "Петровна", f"{IIN_B[:6]} {IIN_B[6:]}", "30.07.1990", "ж"]],
        encoding=encoding, delimiter=delimiter,
    )  # fmt: skip
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.counts()["new"] == 1, preview.issues
    assert preview.rows[0].values.iin == IIN_B and preview.rows[0].values.patronymic == "Петровна"


def test_mapping_given_then_remembered(okrug_store, tmp_path):
    rows = [["Колонка 1", "Колонка 2", "ИИН"], ["Ким", "Ольга", IIN_B]]
    path = xlsx(tmp_path / "odd.xlsx", rows)
    with pytest.raises(MappingIncomplete) as err:
        preview_import(okrug_store, path, today=TODAY)
    assert err.value.headers == ("Колонка 1", "Колонка 2", "ИИН") and err.value.mapping == {"iin": 2}
    chosen = {"surname": 0, "given_name": 1, "iin": 2}
    preview = preview_import(okrug_store, path, mapping=chosen, today=TODAY)
    assert preview.mapping_source == "given"
    apply_import(okrug_store, preview)
    second = xlsx(tmp_path / "odd2.xlsx", [rows[0], ["Ли", "Анна", IIN_ZERO]])
    again = preview_import(okrug_store, second, today=TODAY)
    assert again.mapping_source == "remembered" and again.mapping == chosen


def test_no_header_found(okrug_store, tmp_path):
    path = xlsx(tmp_path / "none.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(HeaderNotFound):
        preview_import(okrug_store, path, today=TODAY)


def _big_file(tmp_path, n):
    rows = [["ФИО", "ИИН", "Дата рождения", "Адрес"]]
    for i in range(n):
        born = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        rows.append(
            [f"Жанов{i} Арман", make_iin(born, "M", i), born, f"Жаңаталап, Бейбітшілік көшесі, {i % 90 + 1}"]
        )
    return xlsx(tmp_path / "big.xlsx", rows)


def test_cancel_midway_leaves_the_database_unchanged(okrug_store, tmp_path):
    preview = preview_import(okrug_store, _big_file(tmp_path, 2500), today=TODAY)
    seen = []

    def cancel():
        return len(seen) >= 2  # after two chunks were written

    seq = changelog.last_seq(okrug_store)
    with pytest.raises(ImportCancelled):
        apply_import(okrug_store, preview, progress=lambda d, t: seen.append(d), cancel=cancel)
    assert seen[:2] == [0, 1000]
    assert gc.isenabled()  # paused for the bulk work only, also when it stops early
    assert count_residents(okrug_store, today=TODAY) == 0
    assert structure.list_settlements(okrug_store) == []
    assert changelog.last_seq(okrug_store) == seq
    result = apply_import(okrug_store, preview)
    assert result.created == 2500 and count_residents(okrug_store, today=TODAY) == 2500


def test_cancel_during_preview(okrug_store, tmp_path):
    path = _big_file(tmp_path, 1200)
    with pytest.raises(ImportCancelled):
        preview_import(okrug_store, path, cancel=lambda: True, today=TODAY)
    assert gc.isenabled()


def test_iin_of_a_child_of_2000_stored_as_a_number(okrug_store, tmp_path):
    iin = make_iin(date(2000, 3, 7), "M", 5)  # "000307..." loses three zeros as a number
    path = xlsx(tmp_path / "z.xlsx", [["ФИО", "ИИН"], ["Нұров Алихан", int(iin)]])
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.rows[0].values.iin == iin and preview.rows[0].values.birth_date == date(2000, 3, 7)
    # typed as text, a short IIN is a mistake, not a lost zero
    path = xlsx(tmp_path / "t.xlsx", [["ФИО", "ИИН"], ["Нұров Алихан", iin.lstrip("0")]])
    assert preview_import(okrug_store, path, today=TODAY).rows[0].action == "error"


def test_imported_rows_in_the_change_log_and_a_removed_entry_brought_back(okrug_store, tmp_path):
    from zhoob_desktop.services.register.residents import delete_resident

    removed = add(okrug_store, "Ким", "Ольга", date(1992, 2, 2), "F", serial=1)
    delete_resident(okrug_store, removed.id)
    seq = changelog.last_seq(okrug_store)
    path = csv_file(
        tmp_path / "c.csv",
        [
            ["ФИО", "ИИН", "Адрес"],
            ["Ким Ольга", removed.iin, "Көктөбе, Абай көшесі, 4"],
            ["Ли Анна", IIN_B, ""],
        ],
    )
    preview = preview_import(okrug_store, path, today=TODAY)
    assert [r.action for r in preview.rows] == ["update", "new"]
    assert any("brings the entry back" in i.message for i in preview.rows[0].issues)
    apply_import(okrug_store, preview)
    assert not get_resident(okrug_store, removed.id).deleted
    changes = changelog.changes_since(okrug_store, seq)
    by_entity = {}
    for c in changes:
        by_entity.setdefault(c.entity, []).append(c)
    assert [c.action for c in by_entity["settlement"]] == ["create"]
    assert [c.action for c in by_entity["street"]] == ["create"] and [
        c.action for c in by_entity["house"]
    ] == ["create"]
    merge = next(c for c in by_entity["resident"] if c.action == "merge")
    assert merge.entity_id == removed.id and merge.changes["deleted"] == [True, False]
    assert merge.changes["house_id"] == [None, str(by_entity["house"][0].entity_id)]
    new = next(c for c in by_entity["resident"] if c.action == "import")
    assert get_resident(okrug_store, new.entity_id).iin == IIN_B == new.changes["iin"][1]
    assert new.changes["birth_date"] == [None, "1990-07-30"] and new.at.tzinfo is not None
    assert [c.seq for c in changes] == sorted(c.seq for c in changes)


def test_register_changed_after_the_preview_is_matched_again(okrug_store, tmp_path):
    path = csv_file(tmp_path / "p.csv", [["ФИО", "ИИН", "Телефон"], ["Ли Анна", IIN_B, "555"]])
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.rows[0].action == "new"
    anna = add(okrug_store, "Ли", "Анна", date(1990, 7, 30), "F", serial=2)  # typed in meanwhile, same IIN
    assert anna.iin == IIN_B
    result = apply_import(okrug_store, preview)
    assert (result.created, result.updated) == (0, 1)
    assert (
        count_residents(okrug_store, today=TODAY) == 1 and get_resident(okrug_store, anna.id).phone == "555"
    )


def test_new_residents_are_stored_and_logged_as_the_resident_form_would(okrug_store, tmp_path):
    """The import writes prepared rows for speed: the stored values, keys and log entries stay the usual ones."""
    from sqlalchemy import select, text

    from zhoob_desktop.models.db import json_text
    from zhoob_desktop.models.register import (
        House,
        Resident,
        Settlement,
        SocialStatus,
        Street,
        resident_status,
    )
    from zhoob_desktop.services.register.residents import logged_values
    from zhoob_desktop.services.register.search import address_key, resident_keys

    path = csv_file(
        tmp_path / "full.csv",
        [
            ["Тегі", "Аты", "Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Ауыл", "Көше", "Үй", "Пәтер",
             "Телефон", "Әлеуметтік мәртебе", "Тіркелген күні"],
            ["Қасымов", "Ерлан", "Серікұлы", IIN_A, "12.04.1987", "ер", "Көктөбе", "Абай көшесі", "12",
             "5", "87011234567", "зейнеткер", "01.02.2010"],
            ["Ли", "Анна", "", IIN_B, "", "", "Көктөбе", "Абай көшесі", "", "", "", "", ""],
            ["Нұрова", "Әсем", "", "", "03.02.2001", "әйел", "Ақсу", "", "", "", "", "", ""],
            ["Ким", "Ольга", "", "", "02.02.1992", "", "", "", "", "7", "", "", ""],
            ["О'Нил", "Мэри \"Энн\"", "", "", "05.05.1995", "", "Ақсу", "", "", "", "8 701 \\ 2", "", ""],
        ],
    )  # fmt: skip
    seq = changelog.last_seq(okrug_store)
    preview = preview_import(okrug_store, path, today=TODAY)
    assert [r.action for r in preview.rows] == ["new"] * 5
    apply_import(okrug_store, preview, now=lambda: datetime(2026, 11, 25, 9, 30, 15, 123456))
    logged = {c.entity_id: c for c in changelog.changes_since(okrug_store, seq) if c.entity == "resident"}
    with okrug_store.session() as s:
        people = s.scalars(select(Resident).order_by(Resident.birth_date)).all()
        assert [p.surname for p in people] == ["Қасымов", "Ли", "Ким", "О'Нил", "Нұрова"]
        for person in people:
            codes = tuple(
                s.scalars(
                    select(SocialStatus.code)
                    .join(resident_status, resident_status.c.status_id == SocialStatus.id)
                    .where(resident_status.c.resident_id == person.id)
                )
            )
            entry = logged[person.id]
            assert entry.action == "import"
            assert entry.changes == changelog.created(logged_values(person, codes))
            stored = s.execute(
                text("SELECT changes FROM register_change WHERE action = 'import' AND entity_id = :id"),
                {"id": person.id.hex},
            ).scalar_one()
            assert stored == json_text(entry.changes)  # the text the ORM would have written
            assert (person.search_key, person.given_key) == resident_keys(
                person.surname, person.given_name, person.patronymic
            )
            settlement, street, house = (
                s.get(model, pid) if pid else None
                for model, pid in ((Settlement, person.settlement_id), (Street, person.street_id),
                                   (House, person.house_id))
            )  # fmt: skip
            assert person.address_key == (
                address_key(settlement.name, street and street.name, house and house.number, person.apartment)
                if settlement
                else ""
            )
            assert person.created_at == person.updated_at == datetime(2026, 11, 25, 9, 30, 15, 123456)
        kasymov = people[0]
        assert kasymov.birth_date == date(1987, 4, 12) and kasymov.registered_on == date(2010, 2, 1)
        assert kasymov.apartment == "5" and kasymov.phone == "87011234567" and kasymov.house_id is not None
        assert people[2].apartment == "7" and logged[people[2].id].changes["apartment"] == [None, "7"]


def test_repeated_cells_are_judged_again_on_every_row(okrug_store, tmp_path):
    """Dates and sexes are read once per distinct text; each row still gets its own issues."""
    path = csv_file(
        tmp_path / "rep.csv",
        [
            ["ФИО", "Дата рождения", "Пол", "Адрес"],
            ["Ли Анна", "31.02.1990", "х", ""],
            ["Ким Ольга", "31.02.1990", "х", ""],
            ["Пак Инна", "02.02.1992", "x?", "Көктөбе, Абай көшесі, 4"],
            ["Цой Вера", "02.02.1992", "x?", "Көктөбе, Абай көшесі, 4"],
        ],
    )
    rows = preview_import(okrug_store, path, today=TODAY).rows
    assert [r.action for r in rows] == ["error", "error", "new", "new"]
    for r in rows:
        assert [(i.row, i.field, i.severity) for i in r.issues if i.field == "sex"] == [
            (r.row, "sex", "warning")
        ]
    assert all(
        any(i.field == "birth_date" and "does not exist" in i.message for i in r.issues) for r in rows[:2]
    )
    assert rows[2].values.birth_date == rows[3].values.birth_date == date(1992, 2, 2)
    assert rows[2].values.street == rows[3].values.street == "Абай көшесі" and rows[3].values.house == "4"


def test_totals_lines_are_left_out_not_refused(okrug_store, tmp_path):
    born = date(1980, 5, 6)
    path = xlsx(
        tmp_path / "totals.xlsx",
        [
            ["№", "ФИО", "ИИН", "Дата рождения", "Адрес"],
            [1, "Петров Иван Иванович", make_iin(born, "M", 41), "06.05.1980", "Қарағайлы, Абай көшесі, 3"],
            ["", "Итого по улице Абая: 1 человек"],
            [2, "Итова Сауле", make_iin(born, "F", 42), "06.05.1980", "Қарағайлы, Абай көшесі, 5"],
            ["", "Барлығы: 2"],
        ],
    )  # fmt: skip
    preview = preview_import(okrug_store, path, today=TODAY)
    assert preview.totals_lines == (3, 5)
    assert [r.row for r in preview.rows] == [2, 4]  # "Итова" is a surname, not a totals word
    assert not preview.has_errors and preview.counts()["new"] == 2


def test_a_status_not_in_the_list_is_a_warning(okrug_store, tmp_path):
    path = csv_file(
        tmp_path / "s.csv", [["ФИО", "ИИН", "Льгота"], ["Ахметов Нұрлан", IIN_A, "космонавт, пенсионер"]]
    )
    (row,) = preview_import(okrug_store, path, today=TODAY).rows
    assert row.action == "new" and row.values.statuses == ("pensioner",)
    assert [(i.field, i.severity) for i in row.issues if "космонавт" in i.message] == [
        ("statuses", "warning")
    ]


def _schema(store):
    """Tables and indexes as SQLite keeps them; a table's clauses as a set, since a table rebuilt by a
    migration (Alembic's batch mode on SQLite) may list the same constraints in another order."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").all()
    return [
        (
            kind,
            name,
            frozenset(part.strip(" ,\n\t") for part in (sql or "").split("\n")) if kind == "table" else sql,
        )
        for kind, name, sql in rows
    ]


def _register(store):
    from sqlalchemy import text

    with store.engine.connect() as conn:
        residents = conn.execute(text(
            "SELECT surname, given_name, patronymic, iin, birth_date, sex, apartment, search_key, given_key, "
            "address_key FROM resident ORDER BY iin")).all()  # fmt: skip
        log = conn.execute(
            text("SELECT seq, entity, action, changes FROM register_change ORDER BY seq")
        ).all()
    return residents, [(seq, entity, action, changes) for seq, entity, action, changes in log]


def test_a_large_import_builds_its_indexes_after_and_writes_the_same(okrug_store, tmp_path, monkeypatch):
    """An import that doubles the register builds the indexes once at the end: same rows, same indexes."""
    from zhoob_desktop.services.register import importer_write
    from zhoob_desktop.services.register.finder import NAME_INDEX

    path = _big_file(tmp_path, 1500)
    schema = _schema(okrug_store)
    result = apply_import(okrug_store, preview_import(okrug_store, path, today=TODAY))  # row by row
    assert result.created == 1500 and _schema(okrug_store) == schema

    from zhoob_desktop.services.okrug import save_okrug
    from zhoob_desktop.services.store import open_store

    bulk = open_store(tmp_path / "other", lock=False)
    save_okrug(bulk, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    bulk.set_setting("user.name", "tester")
    monkeypatch.setattr(importer_write, "BULK_ROWS", 1000)
    seen = []
    with pytest.raises(ImportCancelled):  # cancelled after the indexes were dropped: they come back
        apply_import(bulk, preview_import(bulk, path, today=TODAY), progress=lambda d, t: seen.append(d),
                     cancel=lambda: len(seen) >= 2)  # fmt: skip
    assert _schema(bulk) == schema and count_residents(bulk, today=TODAY) == 0
    result = apply_import(bulk, preview_import(bulk, path, today=TODAY))
    assert result.created == 1500 and _schema(bulk) == schema
    mine, theirs = _register(bulk), _register(okrug_store)
    assert mine[0] == theirs[0]
    assert [(e, a) for _s, e, a, _c in mine[1]] == [(e, a) for _s, e, a, _c in theirs[1]]
    found = query_residents(bulk, ResidentFilter(text="жанов1"), limit=30, today=TODAY)
    assert [r.full_name for r in found] == [r.full_name for r in query_residents(
        okrug_store, ResidentFilter(text="жанов1"), limit=30, today=TODAY)]  # fmt: skip
    with bulk.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert NAME_INDEX in {
            r[0] for r in conn.exec_driver_sql("SELECT name FROM pragma_index_list('resident')")
        }
    bulk.close(backup=False)
