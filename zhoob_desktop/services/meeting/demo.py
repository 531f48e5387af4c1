"""The demo okrug's past sitting: a meeting roster from the register and one complete meeting.

The sitting is recorded the way a meeting kept on paper is typed in: a script
of commands with the times from the paper, run through the rules by
``replay``. The same seed and date give the same sitting.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta

from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.replay import ReplayResult, replay
from zhoob_desktop.services.meeting.roster import add_many_to_roster, list_roster
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


def demo_script(members: list[dict], day: date) -> list[dict]:
    """The commands of the demo meeting, with the times of a paper record."""
    start = datetime.combine(day, time(10, 0), tzinfo=UTC) - ALMATY
    minute = [0]

    def at(step: int = 1) -> str:
        minute[0] += step
        return (start + timedelta(minutes=minute[0])).isoformat()

    ids = [m["id"] for m in members]
    present = ids[: len(ids) - 4]  # four members absent
    chair, secretary = present[0], present[1]
    header = {
        "cmd": "sitting",
        "kind": "meeting",
        "number": 1,
        "title": "Жергілікті қоғамдастық жиналысының кезекті шақырылымы",
        "date": day.isoformat(),
        "time": "10:00",
        "place": "Қарағайлы ауылы, мәдениет үйі",
        "at": start.isoformat(),
        "notice_on": (day - timedelta(days=12)).isoformat(),
        "materials_on": (day - timedelta(days=6)).isoformat(),
        "members": members,
        "agenda": [
            {"title": "2027 жылға арналған ауылдық округ бюджетінің жобасын келісу туралы", "kind": "budget_draft",
             "reporter": "Әкім аппаратының бас маманы"},
            {"title": "Абай көшесіндегі көше жарығын жөндеу туралы", "kind": "communal_property",
             "reporter": "Ауылдық округ әкімі"},
            {"title": "Бюджет мониторингі жөніндегі комиссияны құру туралы", "kind": "commission_forming",
             "reporter": "Ауылдық округ әкімі"},
            {"title": "Бұрынғы шақырылымдарда қабылданған шешімдердің орындалуы туралы",
             "kind": "execution_of_decisions", "source": "execution", "reporter": "Ауылдық округ әкімі"},
        ],
        "invited": [
            {"name": "Серікбаев Нұрлан Асқарұлы", "role": "deputy", "organisation": "Іле аудандық мәслихаты"},
            {"name": "Жұмабекова Айгүл Маратқызы", "role": "official", "organisation": "Іле ауданының қаржы бөлімі"},
        ],
    }  # fmt: skip
    out: list[dict] = [header]
    for n, pid in enumerate(present):
        out.append({"cmd": "register", "member": pid, "key": f"reg-{n}", "at": at(0) if n else at(1)})
    out += [
        {"cmd": "register_guest", "guest": "deputy", "name": "Серікбаев Нұрлан Асқарұлы", "role": "deputy",
         "organisation": "Іле аудандық мәслихаты", "at": at()},
        {"cmd": "register_guest", "guest": "finance", "name": "Жұмабекова Айгүл Маратқызы", "role": "official",
         "organisation": "Іле ауданының қаржы бөлімі", "at": at()},
        {"cmd": "announce_registration", "by": "Ауылдық округ әкімі", "capacity": "akim", "at": at(5)},
        {"cmd": "open", "by": "Ауылдық округ әкімі", "capacity": "akim", "at": at()},
        {"cmd": "elect", "role": "chair", "person": chair, "for": len(present) - 1, "abstain": 1, "at": at(2)},
        {"cmd": "elect", "role": "secretary", "person": secretary, "for": len(present), "at": at(2)},
        {"cmd": "set_time_limit", "kind": "report", "seconds": 900, "at": at()},
        {"cmd": "set_time_limit", "kind": "debate", "seconds": 300, "at": at(0)},
    ]  # fmt: skip
    for item in ("D1", "D2", "D3", "D4"):
        out.append({"cmd": "vote_item", "item": item, "for": len(present), "at": at()})
    out.append({"cmd": "approve_agenda", "at": at()})

    def speech(sid: str, person: str, kind: str, minutes: int, summary: str, item: str) -> None:
        out.append(
            {"cmd": "add_speaker", "speech": sid, "person": person, "kind": kind, "item": item, "at": at()}
        )
        out.append({"cmd": "start_speech", "speech": sid, "at": at(0)})
        out.append({"cmd": "stop_speech", "speech": sid, "at": at(minutes)})
        out.append({"cmd": "speech_summary", "speech": sid, "text": summary, "at": at(0)})

    # 1. The draft budget: a report, questions, debate, an extension voted down, adopted.
    out.append({"cmd": "start_item", "item": "D1", "at": at()})
    speech(
        "s1", "finance", "report", 14, "2027 жылғы бюджет жобасының кірістері мен шығыстары баяндалды.", "D1"
    )
    speech("s2", present[5], "question", 1, "Жол жөндеуге қанша қаражат көзделген?", "D1")
    speech("s3", "finance", "answer", 2, "Жол жөндеуге 12 млн теңге көзделген.", "D1")
    out += [
        {"cmd": "add_speaker", "speech": "s4", "person": present[6], "kind": "debate", "at": at()},
        {"cmd": "start_speech", "speech": "s4", "at": at(0)},
        {"cmd": "extend_speech", "speech": "s4", "seconds": 120, "for": 6, "against": 12, "abstain": 3,
         "at": at(6)},
        {"cmd": "speech_summary", "speech": "s4", "text": "Балалар алаңына қаражат көбейтуді ұсынды.", "at": at(0)},
        {"cmd": "written_question", "question": "wq1", "author": present[7], "to": "Іле ауданының қаржы бөлімі",
         "text": "Ерікті жарналар бюджетке қалай есепке алынады?", "at": at()},
        {"cmd": "announce_question", "question": "wq1", "at": at()},
    ]  # fmt: skip
    speech("s5", present[8], "debate", 4, "Бюджет жобасын қолдайтынын айтты.", "D1")
    out += [
        {"cmd": "decision_text", "item": "D1",
         "text": "2027 жылға арналған ауылдық округ бюджетінің жобасы келісілсін.", "at": at(2)},
        {"cmd": "vote", "item": "D1", "for": 15, "against": 3, "abstain": 3, "at": at(1)},
        {"cmd": "end_item", "at": at()},
    ]  # fmt: skip
    # 2. Street lighting: a member leaves; an even split of the twenty present, decided by the chair.
    out.append({"cmd": "start_item", "item": "D2", "at": at()})
    out.append({"cmd": "depart", "person": present[12], "at": at()})
    speech("s6", "deputy", "co_report", 7, "Көше жарығын жөндеу құны мен мерзімі айтылды.", "D2")
    speech("s7", present[9], "debate", 3, "Жөндеуді келесі жылға қалдыруды ұсынды.", "D2")
    speech("s8", present[10], "debate", 3, "Жөндеуді биыл бастауды қолдады.", "D2")
    out += [
        {"cmd": "decision_text", "item": "D2",
         "text": "Абай көшесіндегі көше жарығын жөндеу 2026 жылдың IV тоқсанында басталсын.", "at": at(2)},
        {"cmd": "vote", "item": "D2", "for": 10, "against": 10, "at": at(1)},
        {"cmd": "casting_vote", "choice": "for", "at": at()},
        {"cmd": "end_item", "at": at()},
        {"cmd": "break", "reason": "Үзіліс", "at": at()},
        {"cmd": "resume", "at": at(15)},
    ]  # fmt: skip
    # 3. The commission, by roll call.
    out.append({"cmd": "start_item", "item": "D3", "at": at()})
    speech("s9", "deputy", "report", 5, "Комиссия құрамына үш мүше ұсынылды.", "D3")
    staying = [pid for pid in present if pid != present[12]]
    roll = {pid: ("for" if n % 7 else "abstain") for n, pid in enumerate(staying)}
    out += [
        {"cmd": "decision_text", "item": "D3",
         "text": "Бюджет мониторингі жөніндегі комиссия үш мүшеден құрамында құрылсын.", "at": at(2)},
        {"cmd": "vote", "item": "D3", "roll_call": roll, "at": at(3)},
        {"cmd": "end_item", "at": at()},
    ]  # fmt: skip
    # 4. Earlier decisions: heard, nothing to decide.
    out.append({"cmd": "start_item", "item": "D4", "at": at()})
    speech("s10", present[0], "report", 4, "Бұрынғы шешімдердің орындалу барысы айтылды.", "D4")
    out.append({"cmd": "decision_text", "item": "D4", "text": "Ақпарат назарға алынсын.", "at": at()})
    out.append({"cmd": "vote", "item": "D4", "for": len(staying), "at": at()})
    out.append({"cmd": "end_item", "at": at()})
    speech("s11", present[11], "statement", 2, "Қыстың алдында көмір жеткізуді еске салды.", None)
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
    lines = [json.dumps(line, ensure_ascii=False) for line in demo_script(members, day)]
    return replay(store, lines, actor="demo")
