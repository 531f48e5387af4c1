"""A sitting's protocol carries what it heard on earlier decisions: reports, non-execution, re-discussions."""

from __future__ import annotations

from datetime import date

from tests.services.decisions.helpers import held_sitting
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.documents.issue import render_protocol

from .pdftext import text

EXECUTION = "execution_of_decisions"


def test_findings_printed_under_the_item_they_were_heard_under(store):
    day = date(2026, 2, 2)
    first = held_sitting(store, day, ["Repair the bridge", "Light the street", "Sell the school"],
                         titles=["Bridge", "Street lights", "School"], number=1)  # fmt: skip
    D.hand_over(store, first.id, on=day, today=day)
    bridge, light, school = D.protocol_view(store, first.id, today=day).decisions
    D.consider(
        store,
        first.id,
        on=day,
        today=day,
        outcomes={school.id: D.Outcome("disagreed", "Needed for a clinic")},
    )
    for v in (bridge, light):
        D.record_step(store, v.id, "assigned", on=day, today=day,
                      data={"responsible": "Roads office", "due_on": "2026-03-01"})  # fmt: skip
    hearing = held_sitting(store, date(2026, 3, 3), [None, "Build a playground"],
                           titles=["Execution of decisions", "Playground"], kinds=[EXECUTION, "other"], number=2)  # fmt: skip
    today = date(2026, 3, 4)
    D.record_step(store, bridge.id, "reported", at_sitting=hearing.id, note="The bridge is half repaired",
                  today=today)  # fmt: skip
    D.record_step(store, light.id, "not_executed", at_sitting=hearing.id, note="No lamp was bought",
                  data={"sent_to": "district_akim"}, today=today)  # fmt: skip
    D.record_step(store, school.id, "unresolved", at_sitting=hearing.id, today=today)
    body = text(render_protocol(store, hearing.id, "ru").pdf)
    assert "Заслушано по решениям прошлых заседаний:" in body
    assert "1) Информация об исполнении решения." in body
    assert "Решение: заседание 2 февраля 2026 года, протокол № 1, вопрос 1 «Bridge»." in body
    assert "Ответственный за исполнение: Roads office." in body and "The bridge is half repaired" in body
    assert "2) Неисполнение решения." in body and "Установлено: не исполнено." in body
    assert "Сведения о неисполнении председатель направляет акиму района (Типовой регламент, п. 18)." in body
    assert "No lamp was bought" in body
    assert "Возражения акима: Needed for a clinic" in body and "Собрание настояло на своём решении" in body
    # Printed under the execution item, before the next item's decision.
    assert body.index("No lamp was bought") < body.index("Build a playground")
    kk = text(render_protocol(store, hearing.id, "kk").pdf)
    assert "Бұрынғы шақырылымдардың шешімдері бойынша тыңдалды:" in kk and "Анықталды: орындалмады." in kk
