"""A whole sitting played through the meeting engine's public API, for the paper tests and the bench.

Kazakh names (one very long), guests, reports and debate with summaries, a
written question, a break, a roll-call vote, a tie decided by the chair's
casting vote, a rejected decision and short statements: every section of the
protocol has something to print.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.okrug import save_okrug

SURNAMES = [
    "Әбдіқадыров",
    "Нұрғалиева",
    "Сейітқалиев",
    "Өтепбергенова",
    "Құрманғазиев",
    "Үсенова",
    "Иванов",
    "Шәкенова",
]
GIVEN = ["Нұрсұлтан", "Әйгерім", "Ғалымжан", "Гүлнұр", "Қайрат", "Ұлжан", "Сергей", "Һабиба"]
PATRONYMIC = ["Жұмағалиұлы", "Серікқызы", "Бауыржанұлы", "Өмірзаққызы", "", "Петрович"]
LONG_NAME = "Жұмабайұлы-Сейітқалиев Нұрмұхаммед-Әбілқайыр Қожахметұлы-Ақтанұлы"
DECISION = (
    "Қарағайлы ауылдық округі әкімінің аппаратына 2027 жылға арналған бюджет жобасына "
    "Абай, Жамбыл және Төле би көшелерін жарықтандыру шығыстарын енгізу ұсынылсын; "
    "жұмыстың орындалу барысы келесі шақырылымда тыңдалсын."
)
SUMMARY = (
    "Сөйлеуші көшелердің жағдайы нашар екенін, қыста көлік жүре алмайтынын айтты және "
    "жөндеуге қаражат бөлуді ұсынды."
)
AKIM = "Жұмабеков Ерлан Әкімұлы"
PLACE = "Қарағайлы ауылы, мәдениет үйі"
REPORTER = "Серікбаев Асқар Мұратұлы, әкім аппаратының бас маманы"
# The Russian of every text the sitting types, as the okrug's apparatus would enter it.
RUSSIAN = {
    PLACE: "село Карагайлы, Дом культуры",
    REPORTER: "Серікбаев Асқар Мұратұлы, главный специалист аппарата акима",
    "2027 жылға арналған ауылдық округ бюджетінің жобасын келісу туралы": (
        "О согласовании проекта бюджета сельского округа на 2027 год"
    ),
    DECISION: (
        "Аппарату акима Карагайлинского сельского округа предложить включить в проект бюджета на 2027 год "
        "расходы на освещение улиц Абая, Жамбыла и Толе би; ход работы заслушать на следующем созыве."
    ),
    SUMMARY: (
        "Выступающий сообщил о плохом состоянии улиц, о том, что зимой не проходит транспорт, и предложил "
        "выделить средства на ремонт."
    ),
    SUMMARY + " Қосымша ұсыныстар айтылды.": (
        "Выступающий сообщил о плохом состоянии улиц, о том, что зимой не проходит транспорт, и предложил "
        "выделить средства на ремонт. Высказаны дополнительные предложения."
    ),
    SUMMARY + " Қосымша ұсыныстар айтылды." * 2: (
        "Выступающий сообщил о плохом состоянии улиц, о том, что зимой не проходит транспорт, и предложил "
        "выделить средства на ремонт. Высказаны дополнительные предложения. Высказаны дополнительные предложения."
    ),
    "Іле аудандық мәслихаты": "Илийский районный маслихат",
    "«Іле таңы» газеті": "Газета «Іле таңы»",
    "Жұмыс қашан басталады?": "Когда начнутся работы?",
    "Серікбаев А. М.": "Серікбаев А. М.",
    "Шай үзілісі": "Перерыв на чай",
    "Ауыл клубын жөндеу туралы хабарлады.": "Сообщено о ремонте сельского клуба.",
}


class Clock:
    """A fake clock: each reading is a few seconds after the previous one."""

    def __init__(self, start: datetime, step: float = 5.0):
        self.now, self.step = start, timedelta(seconds=step)

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


@dataclass
class Scripted:
    store: object
    id: uuid.UUID
    members: list[dict]
    state: SittingState
    clock: Clock

    def __call__(self, name: str, /, **fields) -> SittingState:
        self.state = execute(self.store, self.id, cmd(name, **fields), clock=self.clock)
        return self.state


def members_roster(n: int) -> list[dict]:
    out = []
    for i in range(n):
        name = (
            LONG_NAME
            if i == 5
            else " ".join(
                p
                for p in (SURNAMES[i % 8] + ("" if i < 8 else str(i)), GIVEN[(i // 8) % 8], PATRONYMIC[i % 6])
                if p
            )
        )
        out.append(
            {
                "id": str(uuid.UUID(int=i + 1)),
                "name": name,
                "iin": f"{900101300000 + i:012d}",
                "address": f"Қарағайлы ауылы, Абай көшесі, {i % 120 + 1}-үй",
            }
        )
    return out


def play_sitting(
    store,
    *,
    members: int = 12,
    items: int = 3,
    speeches: int = 9,
    number: int = 7,
    present: int | None = None,
    close: bool = True,
    kind: str = "meeting",
    excused: dict[int, str] | None = None,
    left_excused: dict[int, str] | None = None,
    russian: bool = True,
    hand_over: Callable[[str, Scripted], None] | None = None,
) -> Scripted:
    """A complete sitting of the meeting; returns the driver (``.state`` after the last command).

    ``excused`` maps absent members (by position) to the reason of their excused absence;
    ``left_excused`` makes present members leave before the closing, then excuses them;
    ``russian`` keeps the Russian of every typed text, as the apparatus enters it for the papers;
    ``hand_over(phase, driver)`` is called at "started", "registered", "opened" and "closing" and may give the
    driver another operator's store (``driver.store``) from there on.
    """
    from zhoob_desktop.services.okrug_papers import PaperSettings, save_paper_settings
    from zhoob_desktop.services.texts import Translation, remember

    save_okrug(
        store,
        "Қарағайлы ауылдық округі",
        "Карагайлинский сельский округ",
        "Іле ауданы",
        "Илийский район",
        "Алматы облысы",
        "Алматинская область",
    )
    save_paper_settings(store, PaperSettings(akim_name=AKIM))
    roster = members_roster(members)
    agenda = [
        {
            "title": f"Ауылдағы көшелерді жарықтандыру және жолдарды жөндеу туралы, {k + 1}-мәселе"
            if k
            else "2027 жылға арналған ауылдық округ бюджетінің жобасын келісу туралы",
            "kind": "budget_draft" if k == 0 else "other",
            "reporter": REPORTER,
        }
        for k in range(items)
    ]
    info = create_sitting(
        store,
        kind=kind,
        number=number,
        scheduled_on=date(2026, 11, 20),
        starts_at=time(10, 0),
        place=PLACE,
        agenda=agenda,
    )
    clock = Clock(datetime(2026, 11, 20, 4, 30, tzinfo=UTC))
    start_sitting(store, info.id, members=roster, clock=clock)
    s = Scripted(store, info.id, roster, None, clock)  # type: ignore[arg-type]
    if hand_over:
        hand_over("started", s)
    m = [x["id"] for x in roster]
    here = present if present is not None else members - max(1, members // 6)
    for pid in m[:here]:
        s("register", member=pid)
    for k, reason in (excused or {}).items():
        s("excuse_member", member=m[k], reason=reason)
    s("register_guest", name="Петров Пётр Петрович", role="deputy", organisation="Іле аудандық мәслихаты")
    s("register_guest", name="Ахметова Сәуле Ержанқызы", role="media", organisation="«Іле таңы» газеті")
    if hand_over:
        hand_over("registered", s)
    s("announce_registration")
    s("open", by=AKIM)
    s("elect", role="chair", person=m[0], **{"for": here, "against": 0, "abstain": 0})
    s("elect", role="secretary", person=m[1], **{"for": here - 1, "against": 0, "abstain": 1})
    for it in s.state.agenda:
        s("vote_item", item=it.id, **{"for": here - 2, "against": 1, "abstain": 1})
    s("approve_agenda")
    if hand_over:
        hand_over("opened", s)
    per_item = max(1, speeches // max(1, items))
    speaker = 2
    for k, it in enumerate(list(s.state.agenda)):
        s("start_item", item=it.id)
        for j in range(per_item):
            kind = "report" if j == 0 else "debate"
            pid = m[speaker % here]
            speaker += 1
            if kind == "debate" and s.state.debate_count(it.id, pid) >= 2:
                continue
            st = s("add_speaker", person=pid, kind=kind)
            sp = st.speeches[-1].id
            s("start_speech", speech=sp)
            s("stop_speech", speech=sp, reason="done")
            s("speech_summary", speech=sp, text=SUMMARY + (" Қосымша ұсыныстар айтылды." * (j % 3)))
        if k == 0:
            s(
                "written_question",
                author=m[3],
                to="Серікбаев А. М.",
                text="Жұмыс қашан басталады?",
                item=it.id,
            )
            s("announce_question", question=s.state.questions[-1].id)
            s("break", reason="Шай үзілісі")
            s("resume")
        s("decision_text", item=it.id, text=DECISION)
        if k == 0:
            roll = {pid: ("for" if n % 5 else "abstain") for n, pid in enumerate(m[:here])}
            s("vote", item=it.id, roll_call=roll)
        elif k == 1:  # an even split: the chair decides a tie at exactly half of those present (Reg §12)
            half = here // 2
            s("vote", item=it.id, **{"for": half, "against": half, "abstain": here - 2 * half})
            if s.state.pending_tie is not None:
                s("casting_vote", choice="for")
        elif k == 2:
            s("vote", item=it.id, **{"for": 1, "against": here - 1, "abstain": 0})
        else:
            s("vote", item=it.id, **{"for": here - 1, "against": 0, "abstain": 1})
        s("end_item")
    st = s("add_speaker", person=m[4], kind="statement")
    s("start_speech", speech=st.speeches[-1].id)
    s("stop_speech", speech=st.speeches[-1].id, reason="done")
    s("speech_summary", speech=st.speeches[-1].id, text="Ауыл клубын жөндеу туралы хабарлады.")
    for k, reason in (left_excused or {}).items():
        s("depart", person=m[k])
        s("excuse_member", member=m[k], reason=reason)
    if hand_over:
        hand_over("closing", s)
    if close:
        s("close")
    if russian:
        titles = {
            it.title: f"Об освещении улиц и ремонте дорог, вопрос {k + 1}"
            for k, it in enumerate(s.state.agenda)
            if k
        }
        reasons = {r: f"Причина: {r}" for r in [*(excused or {}).values(), *(left_excused or {}).values()]}
        remember(s.store, [Translation(k, "ru", v) for k, v in {**RUSSIAN, **titles, **reasons}.items()])
    return s
