"""A demo okrug to try the program with: three villages, their streets and houses, ~3,000 residents.

Families live in houses: parents share a surname (feminine form for women),
children carry the father's name as patronymic (-ұлы/-қызы, or -ович/-овна),
grandparents live with some families. Every IIN is valid and encodes the
birth date and sex. The same seed and date give the same okrug.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from zhoob_desktop.models.ids import new_uuid
from zhoob_desktop.models.register import House, Resident, Settlement, SocialStatus, Street, resident_status
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.okrug import OkrugInfo, get_okrug, save_okrug
from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.search import address_key, name_key, resident_keys
from zhoob_desktop.services.store import Store

DEMO_OKRUG = {
    "name_kk": "Қарағайлы ауылдық округі",
    "name_ru": "Карагайлинский сельский округ",
    "district_kk": "Іле ауданы",
    "district_ru": "Илийский район",
    "region_kk": "Алматы облысы",
    "region_ru": "Алматинская область",
}
# village -> (streets, houses per street)
VILLAGES = {
    "Қарағайлы": (
        [
            "Абай көшесі",
            "Төле би көшесі",
            "Бейбітшілік көшесі",
            "Орталық көшесі",
            "Мектеп көшесі",
            "Жамбыл көшесі",
        ],
        60,
    ),
    "Жаңаталап": (
        ["Орталық көшесі", "Мектеп көшесі", "Достық көшесі", "Жастар көшесі", "Әл-Фараби көшесі"],
        54,
    ),
    "Көктөбе": (["Бейбітшілік көшесі", "Абай көшесі", "Тәуелсіздік көшесі", "Көктем көшесі"], 50),
}
APARTMENT_BUILDINGS = {("Қарағайлы", "Абай көшесі"): ("1", "3")}

KAZAKH_SURNAMES = [
    ("Қасымов", "Қасымова"), ("Ахметов", "Ахметова"), ("Сейітов", "Сейітова"), ("Нұрланов", "Нұрланова"),
    ("Жақыпов", "Жақыпова"), ("Омаров", "Омарова"), ("Тоқтаров", "Тоқтарова"), ("Бекенов", "Бекенова"),
    ("Әбілов", "Әбілова"), ("Серіков", "Серікова"), ("Есенов", "Есенова"), ("Мұқанов", "Мұқанова"),
    ("Байжанов", "Байжанова"), ("Құдайбергенов", "Құдайбергенова"), ("Оспанов", "Оспанова"),
    ("Өмірбеков", "Өмірбекова"), ("Сәрсенбаев", "Сәрсенбаева"), ("Дәулетов", "Дәулетова"),
    ("Жұмабаев", "Жұмабаева"), ("Ысқақов", "Ысқақова"), ("Тұрсынов", "Тұрсынова"), ("Қожахметов", "Қожахметова"),
    ("Әлиев", "Әлиева"), ("Ибраев", "Ибраева"), ("Ғабдуллин", "Ғабдуллина"), ("Смағұлов", "Смағұлова"),
    ("Бейсенов", "Бейсенова"), ("Үсенов", "Үсенова"), ("Мамыров", "Мамырова"), ("Шәріпов", "Шәріпова"),
    ("Нұрғалиев", "Нұрғалиева"), ("Төлеуов", "Төлеуова"), ("Жанұзақов", "Жанұзақова"), ("Рахымов", "Рахымова"),
    ("Оспанұлы", "Оспанқызы"), ("Серікұлы", "Серікқызы"), ("Әбдіхалықов", "Әбдіхалықова"),
]  # fmt: skip
RUSSIAN_SURNAMES = [
    ("Иванов", "Иванова"), ("Петров", "Петрова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"), ("Васильев", "Васильева"), ("Соколов", "Соколова"), ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"), ("Фёдоров", "Фёдорова"), ("Ким", "Ким"), ("Шевченко", "Шевченко"),
]  # fmt: skip
KAZAKH_MEN = [
    "Асхат", "Ерлан", "Нұрлан", "Бауыржан", "Дәурен", "Серік", "Болат", "Марат", "Жандос", "Ерболат", "Айдос",
    "Мұхтар", "Тимур", "Арман", "Ержан", "Қайрат", "Ғалым", "Әділет", "Нұрсұлтан", "Алихан", "Ернар", "Санжар",
    "Бақыт", "Талғат", "Ерік", "Мақсат", "Жасұлан", "Нұрбол", "Әлібек", "Өмірзақ",
]  # fmt: skip
KAZAKH_WOMEN = [
    "Айгүл", "Гүлнар", "Әйгерім", "Дана", "Жанар", "Сәуле", "Меруерт", "Ақмарал", "Гүлмира", "Динара", "Айым",
    "Аружан", "Томирис", "Жансая", "Балжан", "Күлпаш", "Ұлжан", "Назерке", "Ботагөз", "Райхан", "Мөлдір", "Іңкәр",
]  # fmt: skip
RUSSIAN_MEN = {
    "Иван": ("Иванович", "Ивановна"), "Сергей": ("Сергеевич", "Сергеевна"), "Николай": ("Николаевич", "Николаевна"),
    "Александр": ("Александрович", "Александровна"), "Виктор": ("Викторович", "Викторовна"),
    "Владимир": ("Владимирович", "Владимировна"), "Андрей": ("Андреевич", "Андреевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
}  # fmt: skip
RUSSIAN_WOMEN = ["Мария", "Ольга", "Наталья", "Елена", "Татьяна", "Светлана", "Анна", "Екатерина", "Ирина"]


class DemoNeedsEmptyStore(ZhoobError):
    template = N_(
        "The demo okrug can only be created in an empty data folder: this one already holds the okrug {name}. "
        "Choose another folder with --data-dir."
    )


class _People:
    """Generates the residents of the demo okrug (deterministic for a seed)."""

    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.rows: list[dict[str, Any]] = []
        self.statuses: list[tuple[uuid.UUID, str]] = []
        self.iins: set[str] = set()
        self.serial = rng.randrange(10000)

    def born(self, age_low: int, age_high: int) -> date:
        days = self.rng.randint(age_low * 365, age_high * 365 + 364)
        return self.today - timedelta(days=days)

    def iin(self, born: date, sex: str) -> str:
        while True:
            self.serial = (self.serial + 1) % 10000
            value = make_iin(born, sex, self.serial)
            if value not in self.iins:
                self.iins.add(value)
                return value

    def patronymic(self, father: str, sex: str, russian: bool, born: date) -> str:
        if father in RUSSIAN_MEN:
            return RUSSIAN_MEN[father][0 if sex == "M" else 1]
        if not russian and born.year < 1985 and self.rng.random() < 0.6 and father[-1] not in "аеиоуыэюяй":
            return father + ("ович" if sex == "M" else "овна")  # Soviet-era style of older Kazakhs
        return father + ("ұлы" if sex == "M" else "қызы")

    def person(
        self, surname: tuple[str, str], given: str, sex: str, patronymic: str, born: date, place: dict
    ) -> uuid.UUID:
        rid = new_uuid()
        sur = surname[0] if sex == "M" else surname[1]
        search_key, given_key = resident_keys(sur, given, patronymic)
        age = (self.today - born).days // 365
        registered = (
            born if born.year >= 1995 else date(1995, 1, 1) + timedelta(days=self.rng.randrange(5000))
        )
        if self.rng.random() < 0.04:
            registered = self.today - timedelta(days=self.rng.randrange(30, 900))  # moved in lately
        row = {
            "id": rid,
            "surname": sur,
            "given_name": given,
            "patronymic": patronymic,
            "iin": self.iin(born, sex),
            "birth_date": born,
            "sex": sex,
            "apartment": "",
            "phone": "",
            "registered_on": min(max(registered, born), self.today),
            "left_on": None,
            "left_reason": None,
            "search_key": search_key,
            "given_key": given_key,
            "address_key": "",  # set once the apartment is known
            **place,
        }
        if age >= 18 and self.rng.random() < 0.7:
            row["phone"] = (
                f"+7 70{self.rng.choice('1257')} {self.rng.randrange(100, 999)} {self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)}"
            )
        if (sex == "M" and age >= 63) or (sex == "F" and age >= 61):
            self.statuses.append((rid, "pensioner"))
            if sex == "M" and age >= 80 and self.rng.random() < 0.3:
                self.statuses.append((rid, "veteran"))
        if self.rng.random() < 0.035:
            self.statuses.append((rid, "disability"))
        if age >= 18 and self.rng.random() < 0.02:
            self.statuses.append((rid, "unemployed"))
        self.rows.append(row)
        return rid

    def family(self, place: dict) -> None:
        rng = self.rng
        russian = rng.random() < 0.15
        surname = rng.choice(RUSSIAN_SURNAMES if russian else KAZAKH_SURNAMES)
        men = list(RUSSIAN_MEN) if russian else KAZAKH_MEN
        women = RUSSIAN_WOMEN if russian else KAZAKH_WOMEN
        grandfather = rng.choice(men)
        # a fifth of the houses are kept by an elderly couple whose children live apart
        father_age = rng.randint(62, 88) if rng.random() < 0.2 else rng.randint(23, 64)
        father = rng.choice(men)
        father_born = self.born(father_age, father_age)
        father_id = self.person(
            surname, father, "M", self.patronymic(grandfather, "M", russian, father_born), father_born, place
        )
        family = [father_id]
        if rng.random() < 0.88:
            mother_age = max(19, father_age - rng.randint(0, 6))
            born = self.born(mother_age, mother_age)
            family.append(
                self.person(
                    surname,
                    rng.choice(women),
                    "F",
                    self.patronymic(rng.choice(men), "F", russian, born),
                    born,
                    place,
                )
            )
        children = rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5)) if father_age < 55 else rng.choice((0, 0, 1))
        for _ in range(children):
            age = min(24, max(0, father_age - rng.randint(20, 42)))  # born when the father was 20 to 42
            sex = rng.choice("MF")
            born = self.born(age, age)
            given = rng.choice(men if sex == "M" else women)
            family.append(
                self.person(surname, given, sex, self.patronymic(father, sex, russian, born), born, place)
            )
        if children >= 4:
            self.statuses += [(pid, "large_family") for pid in family[:2]]
        elif rng.random() < 0.06:
            self.statuses += [(pid, "low_income") for pid in family[:2]]
        if father_age < 48 and rng.random() < 0.35:
            age = rng.randint(father_age + 22, min(father_age + 35, 92))
            born = self.born(age, age)
            self.person(
                surname,
                rng.choice(women),
                "F",
                self.patronymic(rng.choice(men), "F", russian, born),
                born,
                place,
            )

    def leavers(self) -> None:
        """A few moved away, a few elderly died."""
        for row in self.rows:
            age = (self.today - row["birth_date"]).days // 365
            roll = self.rng.random()
            if age >= 70 and roll < 0.04:
                row["left_on"], row["left_reason"] = (
                    self.today - timedelta(days=self.rng.randrange(10, 700)),
                    "died",
                )
            elif 18 <= age <= 40 and roll < 0.025:
                row["left_on"], row["left_reason"] = (
                    self.today - timedelta(days=self.rng.randrange(10, 700)),
                    "moved",
                )
            if row["left_on"] is not None and row["registered_on"] and row["left_on"] < row["registered_on"]:
                row["left_on"] = row["registered_on"]


def create_demo(store: Store, *, seed: int = 2026, today: date | None = None) -> OkrugInfo:
    """Fill an empty store with the demo okrug (refused when the store already has an okrug)."""
    existing = get_okrug(store)
    if existing is not None:
        raise DemoNeedsEmptyStore(name=existing.name_kk)
    today = today or date.today()
    rng = random.Random(seed)
    okrug = save_okrug(store, **DEMO_OKRUG)
    now = datetime.now(UTC)
    actor = changelog.actor_of(store)
    people = _People(rng, today)
    log: list[dict[str, Any]] = []
    settlements: list[dict[str, Any]] = []
    streets_rows: list[dict[str, Any]] = []
    houses_rows: list[dict[str, Any]] = []
    for village, (streets, houses) in VILLAGES.items():
        settlement_id = new_uuid()
        settlements.append(
            {"id": settlement_id, "okrug_id": okrug.id, "name": village, "key": name_key(village)}
        )
        log.append(_log("settlement", settlement_id, {"name": [None, village]}, actor, now))
        for street_name in streets:
            street_id = new_uuid()
            streets_rows.append(
                {
                    "id": street_id,
                    "settlement_id": settlement_id,
                    "name": street_name,
                    "key": name_key(street_name),
                }
            )
            log.append(_log("street", street_id, {"name": [None, street_name]}, actor, now))
            blocks = APARTMENT_BUILDINGS.get((village, street_name), ())
            for number in range(1, rng.randint(houses - 6, houses) + 1):
                house_id, block = new_uuid(), str(number) in blocks
                houses_rows.append(
                    {"id": house_id, "street_id": street_id, "number": str(number), "key": str(number),
                     "apartment_building": block}
                )  # fmt: skip
                log.append(_log("house", house_id, {"number": [None, str(number)]}, actor, now))
                place = {"settlement_id": settlement_id, "street_id": street_id, "house_id": house_id}
                for apartment in range(1, 25) if block else (0,):
                    first = len(people.rows)
                    people.family(place)
                    for row in people.rows[first:]:
                        row["apartment"] = str(apartment) if apartment else ""
                        row["address_key"] = address_key(village, street_name, str(number), row["apartment"])
    with store.session() as s:
        for rows, model in ((settlements, Settlement), (streets_rows, Street), (houses_rows, House)):
            for row in rows:
                row["created_at"] = now
            s.execute(insert(model), rows)
        people.leavers()
        for row in people.rows:
            row["created_at"] = row["updated_at"] = now
        s.execute(insert(Resident), people.rows)
        status_ids = {code: sid for code, sid in s.execute(select(SocialStatus.code, SocialStatus.id))}
        links = {(rid, status_ids[code]) for rid, code in people.statuses}
        s.execute(insert(resident_status), [{"resident_id": r, "status_id": c} for r, c in sorted(links)])
        codes: dict[uuid.UUID, list[str]] = {}
        for rid, code in people.statuses:
            codes.setdefault(rid, []).append(code)
        for row in people.rows:
            values = {k: row[k] for k in ("surname", "given_name", "patronymic", "iin", "birth_date", "sex",
                                          "settlement_id", "street_id", "house_id", "apartment", "phone",
                                          "registered_on", "left_on", "left_reason")}  # fmt: skip
            values["statuses"] = tuple(sorted(set(codes.get(row["id"], ()))))
            log.append(_log("resident", row["id"], changelog.created(values), actor, now))
        changelog.record_many(s, log)

    # --- meeting area: the demo's past sitting -------------------------------------------------
    from zhoob_desktop.services.meeting.demo import create_demo_sittings

    create_demo_sittings(store, seed=seed, today=today)
    return okrug


def _log(entity: str, entity_id: uuid.UUID, changes: dict, actor: str, at: datetime) -> dict[str, Any]:
    return {
        "entity": entity,
        "entity_id": entity_id,
        "action": "create",
        "changes": changes,
        "actor": actor,
        "at": at,
    }
