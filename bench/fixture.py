"""A register of any size for the benches, built in seconds, and the typing that searches it.

The okrug, its villages, streets and houses and the social statuses go
through the program's own migrations; residents are written with sqlite3
``executemany`` with the keys computed by the register's own folding, so the
database is what the program would have written. Names follow the demo's
pools (Kazakh and Russian surnames, surnames made from men's names, given
names, patronymics from fathers' names), so a prefix meets as many people as
it would in a real okrug. About 4% have left, 0.5% are removed entries, some
are registered later than the day, one in five has a social status.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bench._env import open_bench_store, raw_connect
from zhoob_desktop.models.ids import new_id_hex
from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.demo import KAZAKH_MEN, KAZAKH_SURNAMES, KAZAKH_WOMEN, RUSSIAN_SURNAMES
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.search import address_key, fold, name_key, resident_keys

TODAY = date(2026, 11, 25)
SURNAMES = [*KAZAKH_SURNAMES, *RUSSIAN_SURNAMES, *((m + "ов", m + "ова") for m in KAZAKH_MEN)]
STREETS = ["Абай", "Төле би", "Бейбітшілік", "Орталық", "Мектеп", "Жамбыл", "Достық", "Жастар", "Әл-Фараби",
           "Тәуелсіздік", "Көктем", "Сейфуллин", "Құрманғазы", "Шоқан", "Желтоқсан"]  # fmt: skip
VILLAGES = ["Қарағайлы", "Жаңаталап", "Көктөбе", "Талдыбұлақ", "Ақсу", "Бірлік"]


@dataclass(frozen=True)
class Person:
    surname: str
    given: str
    patronymic: str
    iin: str


def build_register(folder: Path, size: int, *, seed: int = 7) -> list[Person]:
    """A store in ``folder`` with ``size`` residents; returns who they are (for typing searches)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = open_bench_store(folder, lock=False)
    okrug = save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    key = store.key
    store.close(backup=False)
    rng = random.Random(seed)
    now = datetime(2026, 11, 25, 9, 0).isoformat(sep=" ")
    con = raw_connect(folder / DB_NAME, key)
    con.execute("PRAGMA cache_size=-131072")  # the indexes are filled in random order: keep them in memory
    settlements, streets, houses = [], [], []
    for village in VILLAGES:
        sid = new_id_hex()
        settlements.append((sid, okrug.id.hex, village, name_key(village), now))
        for street in STREETS:
            stid, street_name = new_id_hex(), f"{street} көшесі"
            streets.append((stid, sid, street_name, name_key(street_name), now))
            for number in range(1, max(2, size // (len(VILLAGES) * len(STREETS) * 4)) + 1):
                houses.append(
                    (new_id_hex(), stid, str(number), sid, address_key(village, street_name, str(number)))
                )
    con.executemany(
        "INSERT INTO settlement (id, okrug_id, name, key, created_at) VALUES (?, ?, ?, ?, ?)", settlements
    )
    con.executemany(
        "INSERT INTO street (id, settlement_id, name, key, created_at) VALUES (?, ?, ?, ?, ?)", streets
    )
    con.executemany(
        "INSERT INTO house (id, street_id, number, key, apartment_building, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(hid, stid, number, number, 0, now) for hid, stid, number, _sid, _key in houses],
    )
    status_ids = [row[0] for row in con.execute("SELECT id FROM social_status")]
    people, rows, links, used = [], [], [], set()
    for n in range(size):
        sex = rng.choice("MF")
        surname = rng.choice(SURNAMES)[0 if sex == "M" else 1]
        given = rng.choice(KAZAKH_MEN if sex == "M" else KAZAKH_WOMEN)
        patronymic = rng.choice(KAZAKH_MEN) + ("ұлы" if sex == "M" else "қызы")
        born = TODAY - timedelta(days=rng.randrange(0, 90 * 365))
        serial = n % 10000
        iin = make_iin(born, sex, serial)
        while iin in used:  # unique in the register
            serial += 1
            iin = make_iin(born, sex, serial % 10000)
        used.add(iin)
        hid, stid, _number, sid, akey = houses[rng.randrange(len(houses))]
        search_key, given_key = resident_keys(surname, given, patronymic)
        chance = rng.random()
        left_on = (TODAY - timedelta(days=rng.randrange(1, 900))).isoformat() if chance < 0.04 else None
        deleted_at = now if 0.04 <= chance < 0.045 else None
        registered_on = (
            (TODAY + timedelta(days=rng.randrange(-3000, 60))).isoformat() if chance > 0.97 else None
        )
        rid = new_id_hex()
        rows.append(
            (rid, surname, given, patronymic, iin, born.isoformat(), sex, sid, stid, hid, "", "", registered_on,
             left_on, "moved" if left_on else None, deleted_at, search_key, given_key, akey, now, now)
        )  # fmt: skip
        if rng.random() < 0.2:
            links.append((rid, rng.choice(status_ids)))
        people.append(Person(surname, given, patronymic, iin))
    con.executemany(
        "INSERT INTO resident (id, surname, given_name, patronymic, iin, birth_date, sex, settlement_id, "
        "street_id, house_id, apartment, phone, registered_on, left_on, left_reason, deleted_at, search_key, "
        "given_key, address_key, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.executemany("INSERT OR IGNORE INTO resident_status (resident_id, status_id) VALUES (?, ?)", links)
    con.commit()
    con.close()
    return people


def typing(people: list[Person], count: int, rng: random.Random) -> list[str]:
    """What a clerk types: every keystroke of ``count`` searches, as the search box holds it after each key.

    A surname as written (45%), on a Russian keyboard without Kazakh letters (15%), a
    given name (10%), "given surname" (5%), an IIN digit by digit (25%).
    """
    out = []
    for _ in range(count):
        person = rng.choice(people)
        kind = rng.random()
        if kind < 0.45:
            whole = person.surname[: rng.randint(3, 7)]
        elif kind < 0.6:
            whole = fold(person.surname)[: rng.randint(3, 7)].capitalize()
        elif kind < 0.7:
            whole = person.given[: rng.randint(2, 5)]
        elif kind < 0.75:
            whole = f"{person.given} {person.surname[: rng.randint(1, 4)]}"
        else:
            whole = person.iin[: rng.randint(6, 12)]
        out += [whole[:n] for n in range(1, len(whole) + 1) if whole[:n].strip()]
    return out


def sql_of(conn, statement, params) -> tuple[str, tuple]:
    """The SQL text and values SQLAlchemy sends for a statement, for a bare sqlite3 baseline to run."""
    compiled = statement.compile(conn)
    bound = compiled.construct_params(params)
    values = []
    for name in compiled.positiontup:
        process = compiled.binds[name].type.bind_processor(conn.dialect)
        values.append(process(bound[name]) if process else bound[name])
    return str(compiled), tuple(values)
