"""The community commission formed at a sitting, its report signed by its members, and the steps of
Order 405 recorded as done with their dates: in order, overdue when late, flagged on a day off."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.decisions.helpers import held_sitting, members
from zhoob_desktop.services.meeting import held as H
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.monitoring.signing import sign_report

ROSTER = members(7)
IDS = [m["id"] for m in ROSTER]


def _forming(store, day=date(2026, 2, 3), number=1):
    return held_sitting(store, day, ["Form the commission of three"], titles=["Commission"],
                        kinds=["commission_forming"], number=number, roster=ROSTER)  # fmt: skip


def _signed_half(store, on=date(2026, 7, 3)):
    r = svc.open_report(store, 2026, "half", "Apparatus")
    svc.set_line(store, r.id, "021", plan_revised="100", plan_half="50", actual="50")
    return sign_report(store, r.id, "Akim", "Finance", on, today=on)


def test_commission_formed_from_the_participants(store):
    sitting = _forming(store)
    with pytest.raises(C.NoMembersChosen):
        C.form_commission(store, sitting.id, [])
    with pytest.raises(C.NotAParticipant):
        C.form_commission(store, sitting.id, [IDS[0], "someone-else"])
    with pytest.raises(C.ChairNotAMember):
        C.form_commission(store, sitting.id, IDS[:3], chair=IDS[4])
    view = C.form_commission(store, sitting.id, IDS[:3], chair=IDS[1])
    assert [(m.name, m.role) for m in view.members] == [
        ("Member 01", "member"), ("Member 02", "chair"), ("Member 03", "member")
    ]  # fmt: skip
    assert (view.formed_on, view.formed_item_id, view.chair.name) == (date(2026, 2, 3), "D1", "Member 02")
    with pytest.raises(C.AlreadyFormedThere):
        C.form_commission(store, sitting.id, IDS[3:5])
    assert C.commission_on(store, date(2026, 2, 2)) is None
    assert C.commission_on(store, date(2026, 3, 1)).sitting_number == 1
    other = held_sitting(store, date(2026, 2, 10), ["Something else"], number=2, roster=ROSTER)
    with pytest.raises(H.ItemRequired) as err:
        C.form_commission(store, other.id, IDS[:3])
    assert "forming the community commission" in err.value.message()


def test_half_year_round_steps_in_order_with_dates(store):
    sitting = _forming(store)
    C.form_commission(store, sitting.id, IDS[:3], chair=IDS[0])
    rid = RD.ensure_round(store, 2026, "half")
    today = date(2026, 7, 12)
    r = RD.get_round(store, 2026, "half", today=today)
    assert [(s.step, s.state) for s in r.steps] == [(1, "overdue"), (2, "overdue"), (3, "waiting"),
                                                    (4, "waiting"), (5, "waiting")]  # fmt: skip
    # 5 July 2026 is a Sunday: flagged, not moved.
    assert r.step(1).due == date(2026, 7, 5) and r.step(1).day_off == ("Sunday", {})
    with pytest.raises(RD.StepBySigning):
        RD.record_step(store, rid, 1, on=date(2026, 7, 3), today=today)
    with pytest.raises(RD.StepBeforePrevious):
        RD.record_step(store, rid, 2, on=date(2026, 7, 8), today=today)
    _signed_half(store, date(2026, 7, 6))
    r = RD.get_round(store, 2026, "half", today=today)
    assert (r.step(1).done_on, r.step(1).state, r.step(1).late) == (date(2026, 7, 6), "done", True)
    with pytest.raises(RD.DateBeforePrevious):
        RD.record_step(store, rid, 2, on=date(2026, 7, 5), today=today)
    with pytest.raises(RD.DateInFuture):
        RD.record_step(store, rid, 2, on=date(2026, 7, 13), today=today)
    r = RD.record_step(store, rid, 2, on=date(2026, 7, 9), actor="Apparatus", today=today)
    assert r.step(2).done_on == date(2026, 7, 9) and r.step(3).state == "due"

    report = C.open_commission_report(store, rid)
    with pytest.raises(C.FindingsMissing):
        RD.sign_commission_report(store, report.id, IDS[:2], date(2026, 7, 12), today=today)
    C.save_commission_report(store, report.id, findings="Receipts from the lease are half the plan.",
                             recommendations=["Collect the lease debt", "  "])  # fmt: skip
    with pytest.raises(C.TooFewSigners):
        RD.sign_commission_report(store, report.id, IDS[:1], date(2026, 7, 12), today=today)
    with pytest.raises(C.SignersNotMembers):
        RD.sign_commission_report(store, report.id, [IDS[0], IDS[5]], date(2026, 7, 12), today=today)
    with pytest.raises(RD.DateBeforePrevious):
        RD.sign_commission_report(store, report.id, IDS[:2], date(2026, 7, 8), today=today)
    signed = RD.sign_commission_report(store, report.id, IDS[:2], date(2026, 7, 12), today=today)
    assert signed.recommendations == ("Collect the lease debt",) and [s.name for s in signed.signers] == [
        "Member 01", "Member 02"
    ]  # fmt: skip
    with pytest.raises(C.CommissionReportSigned):
        C.save_commission_report(store, report.id, findings="changed")

    with pytest.raises(RD.SittingRequired):
        RD.record_step(store, rid, 4, on=date(2026, 7, 14), today=date(2026, 7, 20))
    discussion = held_sitting(store, date(2026, 7, 17), [None], titles=["Monitoring report"],
                              kinds=["monitoring_report"], number=3, roster=ROSTER)  # fmt: skip
    with pytest.raises(RD.SittingDate):
        RD.record_step(store, rid, 4, at_sitting=discussion.id, on=date(2026, 7, 18), today=date(2026, 7, 20))
    r = RD.record_step(store, rid, 4, at_sitting="3", today=date(2026, 7, 20))
    assert (r.step(4).done_on, r.step(4).sitting_id, r.step(4).item_id) == (
        date(2026, 7, 17),
        discussion.id,
        "D1",
    )
    with pytest.raises(RD.ConclusionMissing):
        RD.record_step(store, rid, 5, on=date(2026, 7, 24), today=date(2026, 7, 30))
    r = RD.record_step(store, rid, 5, on=date(2026, 7, 24), note="The lease debt to be collected by October",
                       today=date(2026, 7, 30))  # fmt: skip
    assert all(s.state == "done" for s in r.steps) and not r.step(5).late
    ((heard_round, heard_report, item),) = RD.discussed_at(store, discussion.id)
    assert (heard_round.id, heard_report.id, item) == (rid, report.id, "D1")
    assert RD.pending_steps(store, date(2026, 7, 30), date(2026, 8, 30)) == []

    fixed = C.correct_commission_report(store, report.id, "A recommendation added")
    assert (fixed.version, fixed.signed, fixed.findings) == (
        2,
        False,
        "Receipts from the lease are half the plan.",
    )
    assert C.latest_commission_report(store, rid).id == fixed.id
    assert C.first_commission_signed_on(store, rid) == date(2026, 7, 12)


def test_no_commission_no_signed_report(store):
    rid = RD.ensure_round(store, 2026, "half")
    _signed_half(store, date(2026, 7, 3))
    RD.record_step(store, rid, 2, on=date(2026, 7, 6), today=date(2026, 7, 6))
    report = C.save_commission_report(
        store, C.open_commission_report(store, rid).id, findings="F", recommendations=["R"]
    )
    with pytest.raises(C.NoCommission):
        RD.sign_commission_report(store, report.id, IDS[:2], date(2026, 7, 10), today=date(2026, 7, 10))


def test_extraordinary_monitoring_ordered_by_the_meeting(store):
    sitting = _forming(store)
    C.form_commission(store, sitting.id, IDS[:3])
    ordering = held_sitting(store, date(2026, 9, 1), ["Monitor the school repair money"], titles=["School"],
                            number=4, roster=ROSTER)  # fmt: skip
    with pytest.raises(RD.SubjectMissing):
        RD.order_extraordinary(store, ordering.id, " ", date(2026, 10, 1))
    with pytest.raises(RD.DueBeforeSitting):
        RD.order_extraordinary(store, ordering.id, "School repair", date(2026, 9, 1))
    r = RD.order_extraordinary(store, "4", "School repair", date(2026, 10, 1), today=date(2026, 9, 2))
    assert (r.period, r.number, r.subject, [s.step for s in r.steps]) == (
        "extra",
        1,
        "School repair",
        [3, 4, 5],
    )
    assert r.title() == "Extraordinary monitoring No. 1 of 2026"
    assert r.step(3).due == date(2026, 10, 1) and r.step(3).state == "due"
    pending = RD.pending_steps(store, date(2026, 10, 2), date(2026, 10, 9))
    assert [(p.step.step, p.step.due) for p in pending if p.round.period == "extra"] == [
        (3, date(2026, 10, 1))
    ]
    # The half year's steps were never recorded here: overdue as well.
    assert [p.step.step for p in pending if p.round.period == "half"] == [1, 2, 3, 4, 5]
    report = C.save_commission_report(store, C.open_commission_report(store, r.id).id, findings="Spent as planned",
                                      recommendations=["Keep the receipts"])  # fmt: skip
    signed = RD.sign_commission_report(store, report.id, IDS[:2], date(2026, 9, 30), today=date(2026, 10, 2))
    assert signed.signed and RD.round_by_id(store, r.id, today=date(2026, 10, 2)).step(3).done_on == date(
        2026, 9, 30
    )
