"""The demo okrug's past sitting: a meeting roster from the register and one complete meeting.

The sitting is recorded the way a meeting kept on paper is typed in: a script
of commands with the times from the paper, run through the rules by
``replay``. The same seed and date give the same sitting.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.replay import ReplayResult, replay
from zhoob_desktop.services.meeting.roster import add_many_to_roster, list_roster
from zhoob_desktop.services.okrug_papers import paper_settings, save_paper_settings
from zhoob_desktop.services.store import Store

ALMATY = timedelta(hours=5)  # the okrug's local time (UTC+5), as written on paper
ROSTER_SIZE = 25


def _meeting_day(today: date, calendar: WorkCalendar) -> date:
    """A working day about five weeks before today."""
    day = today - timedelta(days=35)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _roster(store: Store, rng: random.Random, since: date) -> list[dict]:
    """The meeting's members delegated by the gathering: taken from the register, kept on the roster."""
    existing = list_roster(store, "meeting", since)
    if not existing:
        from zhoob_desktop.services.register.membership import list_members  # the register's API

        people = list_members(store, since)
        chosen = sorted(rng.sample(people, min(ROSTER_SIZE, len(people))), key=lambda m: m.full_name)
        add_many_to_roster(
            store,
            "meeting",
            [
                {"resident_id": m.id, "full_name": m.full_name, "iin": m.iin, "address": m.address}
                for m in chosen
            ],
            since,
            note="Жергілікті қоғамдастық жиынында өкілеттік берілді",
        )
        existing = list_roster(store, "meeting", since)
    return [
        {"id": str(r.resident_id), "name": r.full_name, "iin": r.iin, "address": r.address} for r in existing
    ]


# The akim and the apparatus of the demo okrug (their positions go on the papers from the settings).
AKIM = "Жұмабеков Ерлан Асқарұлы"
REGISTRAR = "Тоқтарова Гүлнар Серікқызы"
DEPUTY = "Серікбаев Нұрлан Асқарұлы"
FINANCE = "Жұмабекова Айгүл Маратқызы"


def demo_script(members: list[dict], day: date) -> list[dict]:
    """The commands of the demo meeting, with the times of a paper record, every typed text in both languages.

    A text is given as typed (Kazakh) with its Russian version in ``FIELD_ru``
    (``replay`` keeps the versions for the papers).
    """
    start = datetime.combine(day, time(10, 0), tzinfo=UTC) - ALMATY
    minute = [0]

    def at(step: int = 1) -> str:
        minute[0] += step
        return (start + timedelta(minutes=minute[0])).isoformat()

    ids = [m["id"] for m in members]
    names = {m["id"]: m["name"] for m in members}
    present = ids[: len(ids) - 4]  # four members absent, one of them excused
    chair, secretary = present[0], present[1]
    commission = [names[pid] for pid in present[13:16]]
    akim_kk = f"{AKIM}, Қарағайлы ауылдық округінің әкімі"
    akim_ru = f"{AKIM}, аким Карагайлинского сельского округа"
    header = {
        "cmd": "sitting",
        "kind": "meeting",
        "number": 1,
        "title": "Кезекті шақырылым",
        "title_ru": "Очередной созыв",
        "date": day.isoformat(),
        "time": "10:00",
        "place": "Қарағайлы ауылы, мәдениет үйі",
        "place_ru": "село Карагайлы, Дом культуры",
        "at": start.isoformat(),
        "notice_on": (day - timedelta(days=12)).isoformat(),
        "materials_on": (day - timedelta(days=6)).isoformat(),
        "members": members,
        "agenda": [
            {"title": "2027 жылға арналған ауылдық округ бюджетінің жобасын келісу туралы",
             "title_ru": "О согласовании проекта бюджета сельского округа на 2027 год",
             "kind": "budget_draft",
             "reporter": f"{FINANCE}, Іле ауданы қаржы бөлімінің бас маманы",
             "reporter_ru": f"{FINANCE}, главный специалист отдела финансов Илийского района"},
            {"title": "Абай көшесіндегі көше жарығын жөндеу туралы",
             "title_ru": "О ремонте уличного освещения на улице Абая",
             "kind": "communal_property", "reporter": akim_kk, "reporter_ru": akim_ru,
             "co_reporters": [f"{DEPUTY}, Іле аудандық мәслихатының депутаты"],
             "co_reporters_ru": [f"{DEPUTY}, депутат Илийского районного маслихата"]},
            {"title": "Жергілікті қоғамдастықтың бюджет мониторингі жөніндегі комиссиясын құру туралы",
             "title_ru": "Об образовании комиссии местного сообщества по бюджетному мониторингу",
             "kind": "commission_forming", "reporter": akim_kk, "reporter_ru": akim_ru},
            {"title": "Бұрынғы шақырылымдарда қабылданған шешімдердің орындалуы туралы",
             "title_ru": "Об исполнении решений, принятых на предыдущих созывах",
             "kind": "execution_of_decisions", "source": "execution", "reporter": akim_kk, "reporter_ru": akim_ru},
        ],
        "invited": [
            {"name": DEPUTY, "role": "deputy", "organisation": "Іле аудандық мәслихаты",
             "organisation_ru": "Илийский районный маслихат"},
            {"name": FINANCE, "role": "official", "organisation": "Іле ауданының қаржы бөлімі",
             "organisation_ru": "Отдел финансов Илийского района"},
        ],
    }  # fmt: skip
    out: list[dict] = [header]
    for n, pid in enumerate(present):
        out.append({"cmd": "register", "member": pid, "key": f"reg-{n}", "at": at(0) if n else at(1)})
    out += [
        {"cmd": "excuse_member", "member": ids[-1], "reason": "Іссапарда", "reason_ru": "В командировке",
         "at": at(0)},
        {"cmd": "register_guest", "guest": "akim", "name": AKIM, "role": "official",
         "organisation": "Қарағайлы ауылдық округі әкімінің аппараты",
         "organisation_ru": "Аппарат акима Карагайлинского сельского округа", "at": at()},
        {"cmd": "register_guest", "guest": "deputy", "name": DEPUTY, "role": "deputy",
         "organisation": "Іле аудандық мәслихаты", "organisation_ru": "Илийский районный маслихат", "at": at()},
        {"cmd": "register_guest", "guest": "finance", "name": FINANCE, "role": "official",
         "organisation": "Іле ауданының қаржы бөлімі", "organisation_ru": "Отдел финансов Илийского района",
         "at": at()},
        {"cmd": "announce_registration", "by": AKIM, "capacity": "akim", "at": at(5)},
        {"cmd": "open", "by": AKIM, "capacity": "akim", "at": at()},
        {"cmd": "elect", "role": "chair", "person": chair, "for": len(present) - 1, "abstain": 1, "at": at(2)},
        {"cmd": "elect", "role": "secretary", "person": secretary, "for": len(present), "at": at(2)},
        {"cmd": "set_time_limit", "kind": "report", "seconds": 900, "at": at()},
        {"cmd": "set_time_limit", "kind": "debate", "seconds": 300, "at": at(0)},
    ]  # fmt: skip
    for item in ("D1", "D2", "D3", "D4"):
        out.append({"cmd": "vote_item", "item": item, "for": len(present), "at": at()})
    out.append({"cmd": "approve_agenda", "at": at()})

    def speech(
        sid: str, person: str, kind: str, minutes: int, summary: tuple[str, str], item: str | None
    ) -> None:
        out.append(
            {"cmd": "add_speaker", "speech": sid, "person": person, "kind": kind, "item": item, "at": at()}
        )
        out.append({"cmd": "start_speech", "speech": sid, "at": at(0)})
        out.append({"cmd": "stop_speech", "speech": sid, "at": at(minutes)})
        out.append(
            {"cmd": "speech_summary", "speech": sid, "text": summary[0], "text_ru": summary[1], "at": at(0)}
        )

    # 1. The draft budget: a report, questions, debate, an extension voted down, adopted.
    out.append({"cmd": "start_item", "item": "D1", "at": at()})
    speech("s1", "finance", "report", 14, (
        "2027 жылға арналған бюджет жобасының кірістері мен шығыстары баяндалды.",
        "Доложены доходы и расходы проекта бюджета на 2027 год.",
    ), "D1")  # fmt: skip
    speech("s2", present[5], "question", 1, (
        "Жол жөндеуге қанша қаражат көзделген?", "Сколько средств предусмотрено на ремонт дорог?"
    ), "D1")  # fmt: skip
    speech("s3", "finance", "answer", 2, (
        "Жол жөндеуге 12 млн теңге көзделген.", "На ремонт дорог предусмотрено 12 млн тенге."
    ), "D1")  # fmt: skip
    out += [
        {"cmd": "add_speaker", "speech": "s4", "person": present[6], "kind": "debate", "at": at()},
        {"cmd": "start_speech", "speech": "s4", "at": at(0)},
        {"cmd": "extend_speech", "speech": "s4", "seconds": 120, "for": 6, "against": 12, "abstain": 3,
         "at": at(6)},
        {"cmd": "speech_summary", "speech": "s4",
         "text": "Балалар алаңына бөлінетін қаражатты көбейту ұсынылды.",
         "text_ru": "Предложено увеличить средства на детскую площадку.", "at": at(0)},
        {"cmd": "written_question", "question": "wq1", "author": present[7], "to": "Іле ауданының қаржы бөлімі",
         "to_ru": "Отдел финансов Илийского района",
         "text": "Ерікті жарналар бюджетте қалай есепке алынады?",
         "text_ru": "Как учитываются в бюджете добровольные взносы?", "at": at()},
        {"cmd": "announce_question", "question": "wq1", "at": at()},
    ]  # fmt: skip
    speech("s5", present[8], "debate", 4, (
        "Бюджет жобасын қолдайтыны айтылды.", "Выражена поддержка проекта бюджета."
    ), "D1")  # fmt: skip
    out += [
        {"cmd": "decision_text", "item": "D1",
         "text": "2027 жылға арналған ауылдық округ бюджетінің жобасы келісілсін.\n"
                 "Әкім аппараты жиналыс мүшелерінің ұсыныстарын бюджет жобасын пысықтау кезінде ескерсін.",
         "text_ru": "Согласовать проект бюджета сельского округа на 2027 год.\n"
                    "Аппарату акима учесть предложения членов собрания при доработке проекта бюджета.",
         "at": at(2)},
        {"cmd": "vote", "item": "D1", "for": 15, "against": 3, "abstain": 3, "at": at(1)},
        {"cmd": "end_item", "at": at()},
    ]  # fmt: skip
    # 2. Street lighting: a report and a co-report; a member leaves; an even split of the twenty present,
    # decided by the chair's casting vote.
    out.append({"cmd": "start_item", "item": "D2", "at": at()})
    out.append({"cmd": "depart", "person": present[12], "at": at()})  # leaves: twenty stay in the hall
    speech("s6", "akim", "report", 8, (
        "Көше жарығын жөндеудің құны мен мерзімі баяндалды.",
        "Доложены стоимость и сроки ремонта уличного освещения.",
    ), "D2")  # fmt: skip
    speech("s6b", "deputy", "co_report", 5, (
        "Аудандық бюджеттен қосымша қаржы бөлу мүмкіндігі айтылды.",
        "Сообщено о возможности дополнительного финансирования из районного бюджета.",
    ), "D2")  # fmt: skip
    speech("s7", present[9], "debate", 3, (
        "Жөндеуді келесі жылға қалдыру ұсынылды.", "Предложено перенести ремонт на следующий год."
    ), "D2")  # fmt: skip
    speech("s8", present[10], "debate", 3, (
        "Жөндеуді биыл бастау қолдау тапты.", "Поддержано начало ремонта в текущем году."
    ), "D2")  # fmt: skip
    out += [
        {"cmd": "decision_text", "item": "D2",
         "text": "Абай көшесіндегі көше жарығын жөндеу 2026 жылдың IV тоқсанында басталсын.",
         "text_ru": "Начать ремонт уличного освещения на улице Абая в IV квартале 2026 года.", "at": at(2)},
        {"cmd": "vote", "item": "D2", "for": 10, "against": 10, "at": at(1)},
        {"cmd": "casting_vote", "choice": "for", "at": at()},
        {"cmd": "end_item", "at": at()},
        {"cmd": "break", "reason": "Жиналыс мүшелерінің өтініші бойынша",
         "reason_ru": "По просьбе членов собрания", "at": at()},
        {"cmd": "resume", "at": at(15)},
    ]  # fmt: skip
    # 3. The commission, its members named, by roll call.
    out.append({"cmd": "start_item", "item": "D3", "at": at()})
    speech("s9", "akim", "report", 5, (
        "Комиссия құрамына үш мүше ұсынылды: " + ", ".join(commission) + ".",
        "В состав комиссии предложены три члена: " + ", ".join(commission) + ".",
    ), "D3")  # fmt: skip
    staying = [pid for pid in present if pid != present[12]]
    roll = {pid: ("for" if n % 7 else "abstain") for n, pid in enumerate(staying)}
    points = "\n".join(f"{n}) {name};" if n < 3 else f"{n}) {name}." for n, name in enumerate(commission, 1))
    out += [
        {"cmd": "decision_text", "item": "D3",
         "text": "Жергілікті қоғамдастықтың бюджет мониторингі жөніндегі комиссиясы мынадай құрамда құрылсын:\n"
                 + points,
         "text_ru": "Образовать комиссию местного сообщества по бюджетному мониторингу в следующем составе:\n"
                    + points,
         "at": at(2)},
        {"cmd": "vote", "item": "D3", "roll_call": roll, "at": at(3)},
        {"cmd": "end_item", "at": at()},
    ]  # fmt: skip
    # 4. Earlier decisions: heard, taken note of.
    out.append({"cmd": "start_item", "item": "D4", "at": at()})
    speech("s10", "akim", "report", 4, (
        "Бұрын қабылданған шешімдердің орындалу барысы баяндалды.",
        "Доложен ход исполнения ранее принятых решений.",
    ), "D4")  # fmt: skip
    out.append({"cmd": "decision_text", "item": "D4", "text": "Ақпарат назарға алынсын.",
                "text_ru": "Информацию принять к сведению.", "at": at()})  # fmt: skip
    out.append({"cmd": "vote", "item": "D4", "for": len(staying), "at": at()})
    out.append({"cmd": "end_item", "at": at()})
    speech("s11", present[11], "statement", 2, (
        "Қыс алдында көмір жеткізу мерзімі еске салынды.", "Напомнено о сроках доставки угля перед зимой."
    ), None)  # fmt: skip
    out.append({"cmd": "close", "at": at(2)})
    for line in out:
        if "item" in line and line["item"] is None:
            del line["item"]
    return out


def create_demo_sittings(store: Store, *, seed: int = 2026, today: date | None = None) -> ReplayResult:
    """Record one complete past meeting of the demo okrug (after the register is filled)."""
    today = today or date.today()
    rng = random.Random(seed)
    calendar = WorkCalendar.from_store(store)
    day = _meeting_day(today, calendar)
    members = _roster(store, rng, day - timedelta(days=60))
    save_paper_settings(
        store,
        replace(
            paper_settings(store),
            akim_name=AKIM,
            registrar_name=REGISTRAR,
            registrar_position_kk="Әкім аппаратының бас маманы",
            registrar_position_ru="Главный специалист аппарата акима",
        ),
    )
    lines = [json.dumps(line, ensure_ascii=False) for line in demo_script(members, day)]
    return replay(store, lines, actor="demo")
