"""`zhoob decisions ...`: the follow-up of decisions (Reg §12–§18), per decision and per protocol."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.i18n import _, format_date

if TYPE_CHECKING:
    from zhoob_desktop.services.decisions.views import Deadline

MARK = {"overdue": "!!", "soon": "!"}  # views.OVERDUE, views.SOON
DOC_LANGS = ("kk", "ru", "kk+ru")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date; write it as YYYY-MM-DD.").format(value=text)
        ) from None


def _yes_no(text: str) -> bool:
    if text in ("yes", "no"):
        return text == "yes"
    raise argparse.ArgumentTypeError(_("Write yes or no, not {value}.").format(value=text))


def register(sub) -> None:
    p = sub.add_parser("decisions", help=_("decisions of the meeting and their deadlines"))
    dsub = p.add_subparsers(dest="decisions_command", metavar="ACTION", required=True)
    ls = dsub.add_parser("list", help=_("the register of decisions"))
    ls.add_argument("--open", action="store_true", help=_("only decisions not yet closed"))
    ls.add_argument("--overdue", action="store_true", help=_("only decisions with a deadline passed"))
    ls.set_defaults(func=cmd_list)
    sh = dsub.add_parser("show", help=_("one decision with its history"))
    sh.add_argument("id")
    sh.set_defaults(func=cmd_show)
    dl = dsub.add_parser("deadlines", help=_("overdue and upcoming deadlines"))
    dl.add_argument("--days", type=int, default=30, help=_("how many days ahead (default 30)"))
    dl.set_defaults(func=cmd_deadlines)

    st = dsub.add_parser("set-status", help=_("record the next step of a decision"))
    st.add_argument("id")
    st.add_argument("status", choices=list(L.STEPS), metavar="STATUS", help=", ".join(L.STEPS))
    st.add_argument("--note", default="", help=_("reasons, report, finding, where it was published"))
    st.add_argument(
        "--on", type=_date, help=_("the day it happened (default today); not for a step at a sitting")
    )
    st.add_argument("--at", dest="at_sitting", metavar="SITTING",
                    help=_("the sitting of the meeting that heard it (id, first characters or protocol number)"))  # fmt: skip
    st.add_argument(
        "--item", dest="at_item", help=_("the agenda item of that sitting (default: the execution item)")
    )
    st.add_argument("--by", default="", help=_("who records the step"))
    st.add_argument("--responsible", help=_("body or person responsible for the execution"))
    st.add_argument("--due", type=_date, help=_("due date of the execution"))
    st.add_argument("--sent-to", choices=list(L.SENT_TO), help=_("where the chair sent the non-execution"))
    st.add_argument("--quality", choices=list(L.QUALITY), help=_("not executed, or executed poorly"))
    st.add_argument("--amended-by", help=_("the decision adopted in place of an amended one"))
    st.add_argument(
        "--execution", type=_yes_no, help=_("whether an approved decision needs execution (yes/no)")
    )
    st.set_defaults(func=cmd_set_status)

    pr = dsub.add_parser("protocols", help=_("protocols of the meeting and where their acts stand"))
    pr.set_defaults(func=cmd_protocols)
    for name, helptext, func in (
        ("hand-over", _("the signed protocol handed to the akim (Reg §12)"), cmd_hand_over),
        ("consider", _("the akim's consideration of a protocol's decisions (Reg §13)"), cmd_consider),
        ("inform", _("the members told the result of the consideration (Reg §14)"), cmd_inform),
    ):
        a = dsub.add_parser(name, help=helptext)
        a.add_argument("sitting", help=_("the sitting: id, first characters or protocol number"))
        a.add_argument("--on", type=_date, required=True, help=_("the day of the act"))
        a.add_argument("--by", default="", help=_("who records the act"))
        if name == "consider":
            a.add_argument("--disagree", nargs=2, action="append", default=[], metavar=("ID", "REASONS"),
                           help=_("a decision the akim disagrees with, and his reasons"))  # fmt: skip
            a.add_argument("--execution", nargs=2, action="append", default=[], metavar=("ID", "yes|no"),
                           help=_("whether an agreed decision needs execution (default: by its item)"))  # fmt: skip
        else:
            a.add_argument("--note", default="", help=_("how it was done"))
        a.set_defaults(func=func)

    ex = dsub.add_parser(
        "execution-item", help=_("what the execution item of a sitting covers (Reg §9, §17)")
    )
    ex.add_argument("date", type=_date, help=_("the day of the sitting"))
    ex.set_defaults(func=cmd_execution_item)
    le = dsub.add_parser("letter", help=_("the chair's letter on a non-execution (Reg §18)"))
    le.add_argument("id")
    le.add_argument("--lang", dest="doc_lang", choices=DOC_LANGS, default="kk")
    le.add_argument("--out", required=True)
    le.set_defaults(func=cmd_letter)
    no = dsub.add_parser("notice", help=_("the notice to the members of the akim's consideration (Reg §14)"))
    no.add_argument("sitting")
    no.add_argument("--lang", dest="doc_lang", choices=DOC_LANGS, default="kk")
    no.add_argument("--signer", default="", help=_("the head of the apparatus who signs it"))
    no.add_argument("--out", required=True)
    no.set_defaults(func=cmd_notice)


def _deadline(d: Deadline | None) -> str:
    if d is None:
        return "—"
    estimate = "≈" if d.estimated else ""
    return f"{estimate}{format_date(d.due, 'short')}{MARK.get(d.urgency, '')}"


def cmd_list(args) -> int:
    which = "overdue" if args.overdue else "open" if args.open else "all"
    with cli_store(args) as store:
        views = D.list_decisions(store, which=which)
    if not views:
        print(_("No decisions."))
        return 0
    for v in views:
        text = " ".join(v.text.split())
        print(
            f"{v.short_id}\t{format_date(v.held_on, 'short')}\t{v.item_title}\t{_(v.status_label)}\t"
            f"{_deadline(v.next_deadline)}\t{text}"
        )
    return 0


def _where(h: L.HistoryEntry, sittings: dict) -> str:
    if h.at_sitting_id is None:
        return ""
    info = sittings.get(h.at_sitting_id)
    if info is None:
        return ""
    return _("at the sitting of {date}, item {item}").format(
        date=format_date(info.scheduled_on, "short"), item=(h.at_item_id or "").lstrip("D")
    )


def _print_view(v, sittings: dict | None = None) -> None:
    print(_("Decision {id}").format(id=v.short_id))
    print(_("Sitting of {date}, item {number}: {title}").format(
        date=format_date(v.held_on, "long"), number=v.item_number, title=v.item_title))  # fmt: skip
    print(v.text)
    print(_("Votes for {votes_for}, against {against}, abstained {abstained}; {present} members present.").format(
        votes_for=v.votes_for, against=v.votes_against, abstained=v.abstained, present=v.present))  # fmt: skip
    print(_("Status: {status}").format(status=_(v.status_label)))
    for notice in v.notices:
        print(notice.text())
    for h in v.history:
        late = _("late, due {due}").format(due=format_date(h.due, "short")) if h.late and h.due else ""
        fields = [format_date(h.on, "short"), _(h.label), _where(h, sittings or {}), h.actor, h.note, late]
        if h.step == L.ASSIGNED:
            fields.insert(2, _("{responsible}, due {due}").format(
                responsible=h.data.get("responsible", ""),
                due=format_date(date.fromisoformat(h.data["due_on"]), "short")))  # fmt: skip
        if h.step == L.NOT_EXECUTED and h.data.get("sent_to") in L.SENT_TO:
            fields.append(_("Sent to {whom}").format(whom=_(L.SENT_TO[h.data["sent_to"]])))
        print("  " + "\t".join(f for f in fields if f))
    for d in v.deadlines:
        print(f"{_deadline(d)}\t{d.what_text()} ({_(d.citation)})")


def _sittings(store) -> dict:
    from zhoob_desktop.services.meeting.sittings import list_sittings

    return {s.id: s for s in list_sittings(store, kind="meeting")}


def cmd_show(args) -> int:
    with cli_store(args) as store:
        view = D.get_decision(store, args.id)
        sittings = _sittings(store)
    _print_view(view, sittings)
    return 0


def cmd_deadlines(args) -> int:
    if args.days < 0:
        raise SystemExit(_("--days cannot be negative."))
    with cli_store(args) as store:
        found = D.deadlines(store, days=args.days)
    if not found:
        print(_("Nothing is overdue or due in the next {days} days.").format(days=args.days))
        return 0
    for d in found:
        subject = d.subject_text()
        flag = f" — {d.day_off_text()}" if d.day_off else ""
        print(f"{_deadline(d)}\t{subject}\t{d.what_text()} ({_(d.citation)}){flag}")
    return 0


def _warn(notices) -> None:
    for notice in notices:
        print(_("Check: {warning}").format(warning=notice.text()), file=sys.stderr)


def cmd_set_status(args) -> int:
    data = {
        "responsible": args.responsible,
        "due_on": args.due,
        "sent_to": args.sent_to,
        "quality": args.quality,
        "amended_by": args.amended_by,
        "execution": args.execution,
    }
    with cli_store(args, backup_on_close=False) as store:
        if args.on is not None:
            _warn(D.step_warnings(store, args.id, args.status, args.on))
        view = D.record_step(
            store,
            args.id,
            args.status,
            on=args.on,
            at_sitting=args.at_sitting,
            at_item=args.at_item,
            actor=args.by,
            note=args.note,
            data={k: v for k, v in data.items() if v is not None},
        )
        sittings = _sittings(store)
    _print_view(view, sittings)
    return 0


def _print_protocol(p: D.ProtocolView) -> None:
    number = "—" if p.number is None else str(p.number)
    print(_("Protocol No. {number} of {date}").format(number=number, date=format_date(p.held_on, "long")))
    for label, done, due in (
        (_("handed to the akim"), p.handed_on, p.handover_due),
        (_("considered by the akim"), p.considered_on, p.review_due),
        (_("members told"), p.informed_on, p.inform_due),
    ):
        when = format_date(done, "short") if done else _("due {date}").format(date=format_date(due, "short"))
        print(f"  {label}: {when}")
    for d in p.decisions:
        print(f"  {d.short_id}\t{d.item_number}. {d.item_title}\t{_(d.status_label)}")


def cmd_protocols(args) -> int:
    with cli_store(args) as store:
        found = D.list_protocols(store)
    if not found:
        print(_("No protocol of the meeting has decisions to follow up."))
    for p in found:
        _print_protocol(p)
    return 0


def cmd_hand_over(args) -> int:
    with cli_store(args, backup_on_close=False) as store:
        _warn(D.act_warnings(store, args.sitting, "handed", args.on))
        view = D.hand_over(store, args.sitting, on=args.on, actor=args.by, note=args.note)
    _print_protocol(view)
    return 0


def cmd_consider(args) -> int:
    outcomes: dict[str, D.Outcome] = {}
    executions = {ref: _yes_no(value) for ref, value in args.execution}
    for ref, reasons in args.disagree:
        outcomes[ref] = D.Outcome(L.DISAGREED, reasons)
    for ref, needed in executions.items():
        outcomes[ref] = D.Outcome(L.AGREED, execution=needed)
    with cli_store(args, backup_on_close=False) as store:
        _warn(D.act_warnings(store, args.sitting, "considered", args.on))
        view = D.consider(store, args.sitting, on=args.on, outcomes=outcomes, actor=args.by)
    _print_protocol(view)
    return 0


def cmd_inform(args) -> int:
    with cli_store(args, backup_on_close=False) as store:
        _warn(D.act_warnings(store, args.sitting, "informed", args.on))
        view = D.inform_members(store, args.sitting, on=args.on, actor=args.by, note=args.note)
    _print_protocol(view)
    return 0


def cmd_execution_item(args) -> int:
    from zhoob_desktop.services.decisions.agenda import execution_agenda

    with cli_store(args) as store:
        lines = execution_agenda(store, args.date)
    if not lines:
        print(_("No decision of an earlier sitting is open: the execution item has nothing to cover."))
        return 0
    for line in lines:
        d = line.decision
        mark = "!!" if line.overdue else ""
        print(f"{d.short_id}\t{format_date(d.held_on, 'short')}\t{d.item_number}. {d.item_title}\t"
              f"{line.text()}{mark}")  # fmt: skip
    return 0


def cmd_letter(args) -> int:
    from zhoob_desktop.services.documents.followup_papers import nonexecution_letter
    from zhoob_desktop.services.files import atomic_write_bytes

    with cli_store(args) as store:
        paper = nonexecution_letter(store, args.id, args.doc_lang)
    path = atomic_write_bytes(args.out, paper.pdf)
    print(_("Written: {path}").format(path=path))
    return 0


def cmd_notice(args) -> int:
    from zhoob_desktop.services.documents.followup_papers import consideration_notice
    from zhoob_desktop.services.files import atomic_write_bytes

    with cli_store(args) as store:
        paper = consideration_notice(store, args.sitting, args.doc_lang, signer=args.signer)
    path = atomic_write_bytes(args.out, paper.pdf)
    print(_("Written: {path}").format(path=path))
    return 0
