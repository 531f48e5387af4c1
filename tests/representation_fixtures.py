"""A scripted okrug of three villages: the register, the approved norm, separate gatherings.

Used by the service, command-line, paper and screen tests of representation
and initiatives (imported, not a fixture plugin).

* Қарағайлы: 23 residents of 18 and over, 2 children; one resident died;
* Көктөбе: 14 residents of 18 and over;
* Ақжар: 6 residents of 18 and over, one moved away.

Norm: one representative per 5 residents entitled to take part, rounded up:
5, 3 and 2 representatives, 10 in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.meeting.representation import record_procedure
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident, mark_left

TODAY = date(2026, 11, 25)
NORM_DAY = date(2026, 9, 1)
SEPARATE_DAY = date(2026, 10, 3)
GATHERING_DAY = date(2026, 11, 14)

SURNAMES = [
    "Әбенов",
    "Бекова",
    "Ғалымов",
    "Дәулетова",
    "Есенов",
    "Жұмабаева",
    "Зейнолла",
    "Ибраева",
    "Қасымов",
    "Ләззатова",
    "Мұхамеджанов",
    "Нұрғалиева",
    "Оспанов",
    "Өтебаева",
    "Пірімов",
    "Рахымова",
    "Сәрсенов",
    "Тұрсынова",
    "Үсенов",
    "Файзуллина",
    "Хасенов",
    "Шәріпова",
    "Ыбыраев",
    "Іскакова",
    "Һадиев",
]
GIVEN = ["Қайрат", "Гүлнар", "Ерлан", "Айгүл", "Нұрлан", "Сәуле", "Бауыржан", "Мәдина", "Серік", "Әсел"]


@dataclass
class Village:
    name: str
    id: object
    residents: list = field(default_factory=list)  # ResidentDetail of residents of 18 and over


@dataclass
class Okrug:
    store: object
    villages: list
    procedure: object = None

    def village(self, name: str) -> Village:
        return next(v for v in self.villages if v.name == name)


def build_okrug(store, *, norm: bool = True) -> Okrug:
    """The register of three villages (and the approved norm unless ``norm=False``)."""
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    store.set_setting("user.name", "tester")
    serial = 10
    villages = []
    for name, adults in (("Қарағайлы", 24), ("Көктөбе", 14), ("Ақжар", 7)):
        v = structure.create_settlement(store, name)
        street = structure.create_street(store, v.id, "Абай көшесі")
        village = Village(name, v.id)
        for i in range(adults):
            born = date(1960 + (i * 3) % 40, 1 + i % 12, 1 + i % 27)
            sex = "M" if i % 2 == 0 else "F"
            serial += 10
            r = create_resident(
                store,
                ResidentInput(
                    SURNAMES[(i + len(villages) * 7) % len(SURNAMES)],
                    GIVEN[(i + len(villages)) % len(GIVEN)],
                    iin=make_iin(born, sex, serial),
                    birth_date=born,
                    sex=sex,
                    settlement_id=v.id,
                    street_id=street.id,
                    house_id=structure.create_house(store, street.id, str(i + 1)).id,
                    registered_on=date(2010, 1, 1),
                ),
                today=TODAY,
            )
            village.residents.append(r)
        villages.append(village)
    # Қарағайлы: two children, and one resident died (23 entitled); Ақжар: one moved away (6 entitled).
    kar, akz = villages[0], villages[2]
    for k in range(2):
        born = date(2015 + k, 5, 5)
        serial += 10
        create_resident(
            store,
            ResidentInput(
                "Балаев",
                "Бала",
                iin=make_iin(born, "M", serial),
                birth_date=born,
                sex="M",
                settlement_id=kar.id,
                registered_on=date(2015, 6, 1),
            ),
            today=TODAY,
        )
    died = kar.residents.pop()
    mark_left(store, died.id, "died", date(2026, 6, 1))
    moved = akz.residents.pop()
    mark_left(store, moved.id, "moved", date(2026, 7, 1))
    okrug = Okrug(store, villages)
    okrug.died, okrug.moved = died, moved
    if norm:
        okrug.procedure = approve_norm(store)
    return okrug


def approve_norm(store):
    return record_procedure(
        store,
        decision_number="12/3",
        decision_date=NORM_DAY,
        decision_body="Аудандық мәслихат",
        unit="settlement",
        norm_per=5,
        norm_basis="members",
        rounding="up",
        age=18,
        residence="тиісті ауылда тұрақты тұратын",
        quorum="1/10",
        term_years=2,
    )


class Sitter:
    """Runs commands on one sitting with a clock that moves a minute per command."""

    def __init__(self, store, sitting_id, start: datetime):
        self.store, self.id, self.now = store, sitting_id, start
        self.state = None

    def clock(self):
        self.now += timedelta(minutes=1)
        return self.now

    def __call__(self, name, /, **fields):
        self.state = execute(self.store, self.id, cmd(name, **fields), clock=self.clock)
        return self.state

    def counts(self, name, /, f, a=0, ab=0, **fields):
        return self(name, **{"for": f, "against": a, "abstain": ab}, **fields)


def separate_gathering(okrug: Okrug, village: Village, *, day=SEPARATE_DAY, present=None, elect=None):
    """Hold the separate gathering of a village: ``present`` register, the chair and secretary are
    elected, candidates proposed, the first voted alone and the rest as a list; closed."""
    store = okrug.store
    info = create_sitting(
        store,
        kind="separate_gathering",
        scheduled_on=day,
        place=f"{village.name} ауылдық клубы",
        territory_kind="settlement",
        territory_id=village.id,
        territory_name=village.name,
        agenda=[
            {"title": "Жергілікті қоғамдастық жиынына өкілдер сайлау", "kind": "representatives_election"}
        ],
    )
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    s = Sitter(store, info.id, start)
    s.state = start_sitting(store, info.id, clock=s.clock)
    people = [str(r.id) for r in village.residents]
    n = len(people) if present is None else present
    for pid in people[:n]:
        s("register", member=pid)
    s("announce_registration", by="Әкім Қ. Б. Сейітов", capacity="akim")
    s("open", by="Әкім Қ. Б. Сейітов", capacity="akim")
    s.counts("elect", n, role="chair", person=people[0])
    s.counts("elect", n, role="secretary", person=people[1])
    s.counts("vote_item", n, item="D1")
    s("approve_agenda")
    s("start_item", item="D1")
    quota = s.state.quota if elect is None else elect
    chosen = people[2 : 2 + quota]
    for pid in chosen:
        s("propose_candidate", person=pid, proposed_by="Қатысушылар")
    if chosen:
        s.counts("vote_representatives", n, candidate=chosen[0])
    if len(chosen) > 1:
        s.counts("vote_representatives", n, candidates=chosen[1:])
    s("end_item")
    s("close")
    return info, s.state
