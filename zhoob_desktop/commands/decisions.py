"""`zhoob decisions list|show|deadlines|set-status`: the follow-up of decisions (Reg §12–§18)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.i18n import _, format_date

if TYPE_CHECKING:
    from zhoob_desktop.services.decisions.views import Deadline


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date; write it as YYYY-MM-DD.").format(value=text)
        ) from None


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
    st.add_argument("--note", default="", help=_("reasons, report, where it was published"))
    st.add_argument("--on", type=_date, help=_("the day it happened (default today)"))
    st.add_argument("--by", default="", help=_("who records the step"))
    st.add_argument("--responsible", help=_("body or person responsible for the execution"))
    st.add_argument("--due", type=_date, help=_("due date of the execution"))
    st.add_argument("--sent-to", choices=list(L.SENT_TO), help=_("where the chair sent the non-execution"))
    st.set_defaults(func=cmd_set_status)


def _deadline(d: Deadline | None) -> str:
    from zhoob_desktop.services.decisions.views import OVERDUE, SOON

    if d is None:
        return "—"
    return f"{format_date(d.due, 'short')}{ {OVERDUE: '!!', SOON: '!'}.get(d.urgency, '') }"


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


def _print_view(v) -> None:
    print(_("Decision {id}").format(id=v.short_id))
    print(_("Sitting of {date}, item {number}: {title}").format(
        date=format_date(v.held_on, "long"), number=v.item_number, title=v.item_title))  # fmt: skip
    print(v.text)
    print(_("Votes for {votes_for}, against {against}, abstained {abstained}; {present} members present.").format(
        votes_for=v.votes_for, against=v.votes_against, abstained=v.abstained, present=v.present))  # fmt: skip
    print(_("Status: {status}").format(status=_(v.status_label)))
    for h in v.history:
        late = _("late, due {due}").format(due=format_date(h.due, "short")) if h.late and h.due else ""
        fields = [format_date(h.on, "short"), _(h.label), h.actor, h.note, late]
        if h.step == L.ASSIGNED:
            fields.insert(2, _("{responsible}, due {due}").format(
                responsible=h.data.get("responsible", ""),
                due=format_date(date.fromisoformat(h.data["due_on"]), "short")))  # fmt: skip
        print("  " + "\t".join(f for f in fields if f))
    for d in v.deadlines:
        print(f"{_deadline(d)}\t{d.what_text()} ({_(d.citation)})")


def cmd_show(args) -> int:
    with cli_store(args) as store:
        view = D.get_decision(store, args.id)
    _print_view(view)
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
        print(f"{_deadline(d)}\t{subject}\t{d.what_text()} ({_(d.citation)})")
    return 0


def cmd_set_status(args) -> int:
    data = {"responsible": args.responsible, "due_on": args.due, "sent_to": args.sent_to}
    with cli_store(args, backup_on_close=False) as store:
        view = D.record_step(
            store,
            args.id,
            args.status,
            on=args.on,
            actor=args.by,
            note=args.note,
            data={k: v for k, v in data.items() if v is not None},
        )
    _print_view(view)
    return 0
