"""A year of an okrug's meeting, October 2025 to July 2026, scripted through the services.

Four sittings of the meeting; the decisions of each protocol handed over and
considered in one act, one disagreement re-discussed, insisted on, referred
to the district akim and upheld there; execution reports heard, one
non-execution entered in a protocol and sent to the district akim; the
community commission formed at the first sitting; two half-year monitorings
(the year 2025 and the first half of 2026) with the apparatus's form signed,
handed to the commission, the commission's report signed by its members,
discussed at a sitting and reviewed by the akim.

Used by ``tests/test_scripted_year.py`` and by ``tools/year_screens.py``
(the same year in the window, for screenshots at 1366×768).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions.agenda import with_execution_item
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.monitoring.signing import sign_report
from zhoob_desktop.services.okrug import save_okrug

NAMES = (
    "Әбдірахманов Серік Болатұлы",
    "Жақсыбекова Гүлнар Маратқызы",
    "Исабеков Нұрлан Асқарұлы",
    "Қасымова Айгүл Ерланқызы",
    "Төлеуов Бауыржан Қайратұлы",
    "Оспанова Динара Серікқызы",
    "Нұрғалиев Ерлан Мұратұлы",
    "Сейітова Гүлжан Әмірқызы",
    "Ілиясов Арман Бекұлы",
)
ROSTER = [{"id": str(uuid.UUID(int=100 + n)), "name": name} for n, name in enumerate(NAMES)]
IDS = [m["id"] for m in ROSTER]
EXECUTION = "execution_of_decisions"
LIGHTS_OFFICE = "Ахметов Б. (тұрғын үй-коммуналдық шаруашылық бөлімі)"
PARK_OFFICE = "Сейітова Г. (ауылдық округ әкімінің аппараты)"


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=30)
        return self.now


@dataclass
class Year:
    """What the script made: the sittings by number, the decisions by a short name, the rounds."""

    sittings: dict[int, uuid.UUID] = field(default_factory=dict)
    decisions: dict[str, uuid.UUID] = field(default_factory=dict)
    rounds: dict[str, uuid.UUID] = field(default_factory=dict)


def hold(store, number: int, day: date, items: list[tuple[str, str, str | None]], absent: int = 1):
    """Hold a sitting: ``items`` are (title, kind, decision text or None); the last member(s) absent."""
    agenda = with_execution_item(store, "meeting", day, [{"title": t, "kind": k} for t, k, _d in items])
    info = create_sitting(store, kind="meeting", number=number, scheduled_on=day, starts_at=time(10, 0),
                          place="Қарағайлы ауылы, мәдениет үйі", title="Жергілікті қоғамдастық жиналысы",
                          agenda=agenda)  # fmt: skip
    clock = Clock(datetime.combine(day, time(5, 0), tzinfo=UTC))  # 10:00 in the okrug
    state = start_sitting(store, info.id, members=ROSTER, clock=clock)
    present = IDS[: len(IDS) - absent]

    def run(name, **fields):
        return execute(store, info.id, cmd(name, **fields), clock=clock)

    def votes(name, yes, **fields):
        return run(name, **{"for": yes, "against": 0, "abstain": len(present) - yes}, **fields)

    for person in present:
        run("register", member=person)
    run("announce_registration")
    run("open", by="Ауылдық округ әкімі")
    votes("elect", len(present), role="chair", person=IDS[0])
    votes("elect", len(present), role="secretary", person=IDS[1])
    for it in state.agenda:
        votes("vote_item", len(present), item=it.id)
    run("approve_agenda")
    texts = {f"D{n}": text for n, (_t, _k, text) in enumerate(items, start=1)}
    for it in state.agenda:
        run("start_item", item=it.id)
        text = texts.get(it.id)
        if text:
            run("decision_text", item=it.id, text=text)
            votes("vote", len(present) - 1, item=it.id)
        run("end_item")
    run("close")
    return info


def _decision(store, sitting_id, item_number: int) -> uuid.UUID:
    return next(d.id for d in D.protocol_view(store, sitting_id).decisions if d.item_number == item_number)


def build_year(store) -> Year:
    """The whole year; returns what was made. Every step is dated as it happened (``today`` = its day)."""
    save_okrug(
        store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ", "Іле ауданы", "Илийский район"
    )
    y = Year()

    # -- 1. 16 October 2025: the commission formed; lights, the old school, the park ---------------
    s1 = hold(store, 1, date(2025, 10, 16), [
        ("Бюджет мониторингі жөніндегі жергілікті қоғамдастық комиссиясын құру туралы", "commission_forming",
         "Комиссия үш мүшеден құрылсын."),
        ("Абай көшесінің жарығы туралы", "other",
         "Абай көшесіндегі 40 шам 2026 жылғы 30 наурызға дейін ауыстырылсын."),
        ("Ескі мектеп ғимаратын иеліктен шығаруды келісу туралы", "property_alienation",
         "Ескі мектеп ғимаратын сату келісілсін."),
        ("Орталық саябақты абаттандыру туралы", "other",
         "Орталық саябақ 2026 жылғы 29 мамырға дейін абаттандырылсын."),
    ])  # fmt: skip
    y.sittings[1] = s1.id
    C.form_commission(store, s1.id, IDS[2:5], chair=IDS[2])
    day = date(2025, 10, 17)
    D.hand_over(store, s1.id, on=day, actor="Жақсыбекова Г.", today=day)
    y.decisions.update(commission=_decision(store, s1.id, 1), lights=_decision(store, s1.id, 2),
                       school=_decision(store, s1.id, 3), park=_decision(store, s1.id, 4))  # fmt: skip
    day = date(2025, 10, 22)
    D.consider(store, s1.id, on=day, actor="Ауылдық округ әкімі", today=day, outcomes={
        y.decisions["school"]: D.Outcome("disagreed", "Ғимарат мектепке дейінгі шағын орталыққа қажет"),
    })  # fmt: skip
    day = date(2025, 10, 24)
    D.inform_members(store, s1.id, on=day, note="Хабарландыру тақтасы, WhatsApp тобы", today=day)
    for key, who, due in (("lights", LIGHTS_OFFICE, "2026-03-30"), ("park", PARK_OFFICE, "2026-05-29")):
        D.record_step(
            store, y.decisions[key], "assigned", on=day, today=day, data={"responsible": who, "due_on": due}
        )
        D.record_step(store, y.decisions[key], "published", on=day, note="«Іле таңы» газеті", today=day)

    # -- the year 2025: the apparatus's report, to the commission, the commission's report --------
    year = svc.open_report(store, 2025, "year", "Қарағайлы ауылдық округі әкімінің аппараты")
    for code, fields in (
        ("010", {"plan_approved": "850,0", "plan_revised": "850,0", "plan_half": "850,0", "actual": "850,0"}),
        ("021", {"plan_approved": "2400", "plan_revised": "2600", "plan_half": "2600", "actual": "2480,4",
                 "reason": "Бір жалға алушы желтоқсандағы төлемді кешіктірді"}),
        ("022", {"plan_approved": "300", "plan_revised": "300", "plan_half": "300", "actual": "312,5"}),
        ("024", {"plan_approved": "500", "plan_revised": "650", "plan_half": "650", "actual": "655"}),
    ):  # fmt: skip
        svc.set_line(store, year.id, code, **fields)
    svc.add_direction(store, year.id, "Көшелерді жарықтандыру")
    svc.add_direction(store, year.id, "Абаттандыру және көгалдандыру")
    for code, plans, actual, reason in (
        ("051", ("2200", "2400"), "2395,2", "Конкурс бойынша үнемделген қаражат"),
        ("052", ("1400", "1500"), "1480", "Көшеттер бағасы төмендеді"),
    ):
        svc.set_line(store, year.id, code, plan_approved=plans[0], plan_revised=plans[1], plan_half=plans[1],
                     actual=actual, reason=reason)  # fmt: skip
    sign_report(store, year.id, "Серікбаев Н.А.", "Жұмабекова А.М.", date(2026, 1, 5), today=date(2026, 1, 5))
    y.rounds["2025"] = RD.ensure_round(store, 2025, "year")
    RD.record_step(
        store, y.rounds["2025"], 2, on=date(2026, 1, 8), actor="Жақсыбекова Г.", today=date(2026, 1, 8)
    )
    report = C.open_commission_report(store, y.rounds["2025"])
    C.save_commission_report(store, report.id, findings=(
        "Түсімдер жоспарға сай: жалға беруден 95,4 %, жарнамадан 104,2 %. Жарықтандыруға бөлінген қаражат "
        "толық игерілген; 40 шамның 20-сы ғана ауыстырылғаны анықталды."), recommendations=[
        "Жалға алушылармен шарттарда төлем мерзімін нақтылау.",
        "Шамдарды ауыстыру жұмыстарын 2026 жылдың бірінші тоқсанында аяқтау.",
    ])  # fmt: skip
    RD.sign_commission_report(store, report.id, IDS[2:5], date(2026, 1, 13), today=date(2026, 1, 13))

    # -- 2. 15 January 2026: the re-discussion, a report heard, the year's monitoring discussed ---
    s2 = hold(store, 2, date(2026, 1, 15), [
        ("2025 жылғы бюджет мониторингінің нәтижелері туралы комиссия есебі", "monitoring_report",
         "Комиссияның ұсынымдары ескерілсін."),
    ])  # fmt: skip
    y.sittings[2] = s2.id
    today = date(2026, 1, 16)
    D.record_step(store, y.decisions["school"], "unresolved", at_sitting=s2.id, today=today,
                  note="Жиналыс бұрынғы шешімінде қалды: ғимаратты ұстауға қаражат жоқ.")  # fmt: skip
    D.record_step(store, y.decisions["lights"], "reported", at_sitting=s2.id, today=today,
                  note="40 шамның 20-сы ауыстырылды; қалғаны наурызда.")  # fmt: skip
    RD.record_step(store, y.rounds["2025"], 4, at_sitting=s2.id, today=today)
    D.hand_over(store, s2.id, on=today, today=today)
    D.record_step(
        store, y.decisions["school"], "referred", on=today, note="Аудан әкіміне хат № 17", today=today
    )
    day = date(2026, 1, 21)
    D.consider(store, s2.id, on=day, today=day)
    RD.record_step(store, y.rounds["2025"], 5, on=date(2026, 1, 23), today=date(2026, 1, 23),
                   note="Ұсынымдар 2026 жылғы бюджетті нақтылау кезінде ескеріледі.")  # fmt: skip
    D.inform_members(store, s2.id, on=date(2026, 1, 23), today=date(2026, 1, 23))
    day = date(2026, 2, 20)
    D.record_step(store, y.decisions["school"], "district_upheld", on=day, today=day,
                  note="Аудан әкімінің 2026 жылғы 20 ақпандағы № 45 шешімі")  # fmt: skip

    # -- 3. 16 April 2026: the lights not executed, the park heard, the club's roof ---------------
    s3 = hold(store, 3, date(2026, 4, 16), [
        ("Мәдениет үйінің шатырын жөндеу туралы", "other",
         "Мәдениет үйінің шатыры 2026 жылғы 31 тамызға дейін жөнделсін."),
    ])  # fmt: skip
    y.sittings[3] = s3.id
    y.decisions["roof"] = _decision(store, s3.id, 1)
    today = date(2026, 4, 17)
    D.record_step(store, y.decisions["lights"], "not_executed", at_sitting=s3.id, today=today,
                  note="Мерзімі 30 наурызда өтті; 40 шамның 20-сы ғана ауыстырылған, қалғаны сатып алынбаған.",
                  data={"sent_to": "district_akim"})  # fmt: skip
    D.record_step(store, y.decisions["park"], "reported", at_sitting=s3.id, today=today,
                  note="Көгалдандыру басталды, орындықтар сатып алынды.")  # fmt: skip
    D.hand_over(store, s3.id, on=today, today=today)
    day = date(2026, 4, 22)
    D.consider(store, s3.id, on=day, today=day)
    D.inform_members(store, s3.id, on=date(2026, 4, 24), today=date(2026, 4, 24))
    D.record_step(store, y.decisions["roof"], "assigned", on=date(2026, 4, 24), today=date(2026, 4, 24),
                  data={"responsible": LIGHTS_OFFICE, "due_on": "2026-08-31"})  # fmt: skip
    D.record_step(store, y.decisions["lights"], "executed", on=date(2026, 6, 15), today=date(2026, 6, 15),
                  note="Аудан әкімдігінің қаржысымен 20 шам ауыстырылды; акт 2026 жылғы 15 маусым")  # fmt: skip

    # -- the first half of 2026 ---------------------------------------------------------------
    half = svc.open_report(store, 2026, "half")
    svc.set_line(store, half.id, "021", plan_approved="2700", plan_revised="2700", plan_half="1350", actual="1290",
                 reason="Екі жалға алушының төлемі шілдеге ауысты")  # fmt: skip
    svc.set_line(
        store, half.id, "022", plan_approved="320", plan_revised="320", plan_half="160", actual="171,3"
    )
    svc.set_line(
        store, half.id, "024", plan_approved="700", plan_revised="700", plan_half="350", actual="362"
    )
    svc.set_line(store, half.id, "051", plan_approved="2500", plan_revised="2500", plan_half="1250", actual="1240",
                 reason="Шамдардың бір партиясы шілдеде жеткізіледі")  # fmt: skip
    svc.set_line(
        store, half.id, "052", plan_approved="1600", plan_revised="1600", plan_half="800", actual="812"
    )
    sign_report(store, half.id, "Серікбаев Н.А.", "Жұмабекова А.М.", date(2026, 7, 3), today=date(2026, 7, 3))
    y.rounds["2026-half"] = RD.ensure_round(store, 2026, "half")
    RD.record_step(store, y.rounds["2026-half"], 2, on=date(2026, 7, 8), today=date(2026, 7, 8))
    report = C.open_commission_report(store, y.rounds["2026-half"])
    C.save_commission_report(store, report.id, findings=(
        "Жарты жылдық түсімдер жоспардың 101,1 %-ы; саябақты абаттандыруға бөлінген қаражат 101,5 % игерілген. "
        "Жалға беруден түсім 95,6 %: екі төлем шілдеге ауысқан."), recommendations=[
        "Жалға алушылардан шілдедегі төлемдерді уақытылы алу.",
        "Саябақ жұмыстарының есебін тұрғындарға жариялау.",
    ])  # fmt: skip
    RD.sign_commission_report(store, report.id, IDS[2:5], date(2026, 7, 14), today=date(2026, 7, 14))

    # -- 4. 16 July 2026: the park executed, the half year's monitoring discussed ----------------
    s4 = hold(store, 4, date(2026, 7, 16), [
        ("2026 жылдың бірінші жартыжылдығындағы бюджет мониторингі туралы комиссия есебі", "monitoring_report",
         "Комиссияның есебі назарға алынсын, ұсынымдары орындалсын."),
    ])  # fmt: skip
    y.sittings[4] = s4.id
    today = date(2026, 7, 17)
    D.record_step(store, y.decisions["park"], "executed", at_sitting=s4.id, today=today,
                  note="Саябақ 28 мамырда абаттандырылды; қабылдау актісі бар.")  # fmt: skip
    RD.record_step(store, y.rounds["2026-half"], 4, at_sitting=s4.id, today=today)
    D.hand_over(store, s4.id, on=today, today=today)
    D.consider(store, s4.id, on=date(2026, 7, 22), today=date(2026, 7, 22))
    RD.record_step(store, y.rounds["2026-half"], 5, on=date(2026, 7, 24), today=date(2026, 7, 24),
                   note="Ұсынымдар қабылданды; жалға алу төлемдері тамызда тексеріледі.")  # fmt: skip
    return y
