"""`zhoob monitoring ...`: the budget monitoring of the community commission (Law art. 39-3, Order 405).

The apparatus's report form (amounts, signing, corrected versions, PDF and
Excel), the commission formed at a sitting, the monitoring rounds with their
steps, and the commission's own report.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import LANGUAGES, _, format_date

PERIODS = ("half", "year")  # schedule.PERIODS, named here so that building the parser stays light
ROUND_PERIODS = ("half", "year", "extra")
DOC_LANGS = ("kk", "ru", "kk+ru")
COLUMN_OPTIONS = {
    "approved": "plan_approved",
    "revised": "plan_revised",
    "half": "plan_half",
    "actual": "actual",
}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date; write it as YYYY-MM-DD.").format(value=text)
        ) from None


def _period(p, *, rounds: bool = False) -> None:
    p.add_argument("year", type=int)
    p.add_argument("--period", choices=ROUND_PERIODS if rounds else PERIODS, default="half")
    if rounds:
        p.add_argument("--number", type=int, default=0, help=_("the number of an extraordinary monitoring"))


def register(sub) -> None:
    p = sub.add_parser("monitoring", help=_("budget monitoring by the community commission"))
    msub = p.add_subparsers(dest="monitoring_command", metavar="ACTION", required=True)
    s = msub.add_parser("schedule", help=_("the steps after a reporting period: due, done, overdue"))
    _period(s, rounds=True)
    s.set_defaults(func=cmd_schedule)

    r = msub.add_parser("pdf", help=_("print the report form of a period"))
    _period(r)
    r.add_argument("--lang", dest="doc_lang", choices=LANGUAGES, default="kk")
    r.add_argument("--version", type=int, help=_("a version of the report (default the latest)"))
    r.add_argument("--out", required=True)
    r.set_defaults(func=cmd_pdf)
    x = msub.add_parser("xlsx", help=_("the report form of a period as an Excel workbook"))
    _period(x)
    x.add_argument("--lang", dest="doc_lang", choices=LANGUAGES, default="kk")
    x.add_argument("--out", required=True)
    x.set_defaults(func=cmd_xlsx)
    line = msub.add_parser("set", help=_("type the amounts (thousand tenge) or the reason of a line"))
    _period(line)
    line.add_argument("code", help=_("the line's code: 010, 021-025, 051..."))
    for option in COLUMN_OPTIONS:
        line.add_argument(f"--{option}", help=_("thousand tenge, one decimal (blank clears)"))
    line.add_argument("--reason", help=_("column 11: why the plan was not met"))
    line.set_defaults(func=cmd_set)
    d = msub.add_parser("direction", help=_("add an expenditure direction (line 051, 052, ...)"))
    _period(d)
    d.add_argument("name")
    d.set_defaults(func=cmd_direction)
    sg = msub.add_parser("sign", help=_("the report signed by the akim and the head of the finance service"))
    _period(sg)
    sg.add_argument("--akim", required=True)
    sg.add_argument("--finance", required=True)
    sg.add_argument("--on", type=_date, required=True, help=_("the date written on the signed paper"))
    sg.add_argument("--institution", default="")
    sg.set_defaults(func=cmd_sign)
    co = msub.add_parser("correct", help=_("a new version of the signed report, with its reason"))
    _period(co)
    co.add_argument("--reason", required=True)
    co.set_defaults(func=cmd_correct)

    cm = msub.add_parser("commission", help=_("the community commission: show, or form it at a sitting"))
    cm.add_argument("sitting", nargs="?", help=_("the sitting that formed it (to form it)"))
    cm.add_argument("--members", nargs="+", default=[], help=_("ids of participants of the sitting"))
    cm.add_argument("--chair", help=_("the id of the member who chairs it"))
    cm.add_argument("--item", help=_("the agenda item it was formed under"))
    cm.set_defaults(func=cmd_commission)
    st = msub.add_parser("step", help=_("record a step of a monitoring as done (2, 4 or 5)"))
    _period(st, rounds=True)
    st.add_argument("step", type=int, choices=(2, 4, 5))
    st.add_argument("--on", type=_date, help=_("the day it was done (not for step 4)"))
    st.add_argument("--at", dest="at_sitting", help=_("step 4: the sitting of the meeting that discussed it"))
    st.add_argument(
        "--item", dest="at_item", help=_("step 4: the agenda item (default: the monitoring report)")
    )
    st.add_argument("--note", default="", help=_("step 5: the akim's conclusion"))
    st.add_argument("--by", default="")
    st.set_defaults(func=cmd_step)
    ex = msub.add_parser("extraordinary", help=_("an extraordinary monitoring ordered by the meeting"))
    ex.add_argument("sitting")
    ex.add_argument("--subject", required=True)
    ex.add_argument("--due", type=_date, required=True, help=_("when the commission's report is due"))
    ex.add_argument("--item", help=_("the agenda item whose decision ordered it"))
    ex.set_defaults(func=cmd_extraordinary)
    cr = msub.add_parser(
        "report", help=_("the commission's report: findings, recommendations, signing, paper")
    )
    _period(cr, rounds=True)
    cr.add_argument("--findings")
    cr.add_argument("--recommend", nargs="+", help=_("the recommendations, each one argument"))
    cr.add_argument("--signers", nargs="+", help=_("ids of the members who signed"))
    cr.add_argument("--on", type=_date, help=_("the date written on the signed report"))
    cr.add_argument(
        "--correct", metavar="REASON", help=_("a new version of the signed report, with its reason")
    )
    cr.add_argument("--out", help=_("write the report as a PDF"))
    cr.add_argument("--lang", dest="doc_lang", choices=DOC_LANGS, default="kk")
    cr.set_defaults(func=cmd_report)


def _round(store, args):
    from zhoob_desktop.services.monitoring import rounds as RD

    if args.period == "extra":
        return RD.get_round(store, args.year, "extra", args.number)
    RD.ensure_round(store, args.year, args.period)
    return RD.get_round(store, args.year, args.period)


def _print_round(r) -> None:
    print(r.title())
    for st in r.steps:
        due = format_date(st.due, "short") if st.due else "—"
        done = format_date(st.done_on, "short") if st.done_on else ""
        flag = ""
        if st.day_off is not None:
            msgid, params = st.day_off
            flag = _("due on a day off: {reason}").format(
                reason=_(msgid).format(**{k: _(v) for k, v in params.items()})
            )
        state = {"done": _("done {date}").format(date=done), "overdue": _("overdue"), "due": _("to do"),
                 "waiting": _("after the step before")}[st.state]  # fmt: skip
        fields = [f"{st.step}.", due, state, _(st.description)]
        if st.late:
            fields.append(_("late"))
        if flag:
            fields.append(flag)
        if st.note:
            fields.append(st.note)
        print("\t".join(fields))


def cmd_schedule(args) -> int:
    with cli_store(args) as store:
        r = _round(store, args)
    _print_round(r)
    return 0


def _report(store, args):
    from zhoob_desktop.services.monitoring import report as svc

    version = getattr(args, "version", None)
    if version is None:
        return svc.open_report(store, args.year, args.period)
    found = [e for e in svc.list_reports(store, args.year, args.period) if e.version == version]
    if not found:
        raise svc.ReportNotFound()
    return svc.get_report(store, found[0].id)


def cmd_pdf(args) -> int:
    from zhoob_desktop.services.monitoring.pdf import write_report_pdf

    with cli_store(args) as store:
        report = _report(store, args)
    path = write_report_pdf(report, args.out, args.doc_lang)
    print(_("Written: {path}").format(path=path))
    return 0


def cmd_xlsx(args) -> int:
    from zhoob_desktop.services.monitoring.xlsx import write_report_xlsx

    with cli_store(args) as store:
        report = _report(store, args)
    path = write_report_xlsx(report, args.out, args.doc_lang)
    print(_("Written: {path}").format(path=path))
    return 0


def _print_report(report) -> None:
    from zhoob_desktop.services.monitoring.report import format_amount

    for line in report.lines:
        amounts = [format_amount(getattr(line, c)) or "—" for c in COLUMN_OPTIONS.values()]
        print("\t".join([line.code, line.label(_), *amounts, line.reason]))


def cmd_set(args) -> int:
    from zhoob_desktop.services.monitoring import report as svc

    fields = {
        col: getattr(args, option)
        for option, col in COLUMN_OPTIONS.items()
        if getattr(args, option) is not None
    }
    if args.reason is not None:
        fields["reason"] = args.reason
    with cli_store(args, backup_on_close=False) as store:
        report = svc.open_report(store, args.year, args.period)
        report = svc.set_line(store, report.id, args.code, **fields)
    _print_report(report)
    return 0


def cmd_direction(args) -> int:
    from zhoob_desktop.services.monitoring import report as svc

    with cli_store(args, backup_on_close=False) as store:
        report = svc.open_report(store, args.year, args.period)
        report = svc.add_direction(store, report.id, args.name)
    _print_report(report)
    return 0


def cmd_sign(args) -> int:
    from zhoob_desktop.services.monitoring import report as svc
    from zhoob_desktop.services.monitoring.signing import sign_report

    with cli_store(args, backup_on_close=False) as store:
        report = svc.open_report(store, args.year, args.period)
        signed = sign_report(store, report.id, args.akim, args.finance, args.on, args.institution)
    print(_("Signed on {date} by {akim} and {finance}.").format(
        date=format_date(signed.signed_on), akim=signed.akim_name, finance=signed.finance_head_name))  # fmt: skip
    return 0


def cmd_correct(args) -> int:
    from zhoob_desktop.services.monitoring import report as svc
    from zhoob_desktop.services.monitoring.signing import correct_report

    with cli_store(args, backup_on_close=False) as store:
        report = svc.open_report(store, args.year, args.period)
        draft = correct_report(store, report.id, args.reason)
    print(_("Version {version} of the report is a draft to correct.").format(version=draft.version))
    return 0


def cmd_commission(args) -> int:
    from zhoob_desktop.services.monitoring import commission as C

    with cli_store(args, backup_on_close=False) as store:
        if args.sitting:
            view = C.form_commission(store, args.sitting, args.members, chair=args.chair, item=args.item)
        else:
            view = C.commission_on(store)
    if view is None:
        print(_("No community commission has been formed yet."))
        return 0
    number = "—" if view.sitting_number is None else view.sitting_number
    print(
        _("Formed at the sitting No. {number} of {date}.").format(
            number=number, date=format_date(view.formed_on)
        )
    )
    for m in view.members:
        role = _("chair") if m.role == C.CHAIR else _("member")
        print(f"{m.person_id}\t{m.name}\t{role}")
    return 0


def cmd_step(args) -> int:
    from zhoob_desktop.services.monitoring import rounds as RD

    with cli_store(args, backup_on_close=False) as store:
        r = _round(store, args)
        r = RD.record_step(store, r.id, args.step, on=args.on, at_sitting=args.at_sitting, at_item=args.at_item,
                           actor=args.by, note=args.note)  # fmt: skip
    _print_round(r)
    return 0


def cmd_extraordinary(args) -> int:
    from zhoob_desktop.services.monitoring import rounds as RD

    with cli_store(args, backup_on_close=False) as store:
        r = RD.order_extraordinary(store, args.sitting, args.subject, args.due, item=args.item)
    _print_round(r)
    return 0


def cmd_report(args) -> int:
    from zhoob_desktop.services.monitoring import commission as C
    from zhoob_desktop.services.monitoring import rounds as RD

    with cli_store(args, backup_on_close=False) as store:
        r = _round(store, args)
        report = C.open_commission_report(store, r.id)
        if args.correct:
            report = C.correct_commission_report(store, report.id, args.correct)
        if args.findings is not None or args.recommend is not None:
            report = C.save_commission_report(store, report.id, findings=args.findings,
                                              recommendations=args.recommend)  # fmt: skip
        if args.signers:
            if args.on is None:
                print(_("Give the date written on the signed report with --on."), file=sys.stderr)
                return 2
            report = RD.sign_commission_report(store, report.id, args.signers, args.on)
        if args.out:
            from zhoob_desktop.services.documents.commission_papers import commission_report_paper
            from zhoob_desktop.services.files import atomic_write_bytes

            paper = commission_report_paper(store, r.id, args.doc_lang)
            print(_("Written: {path}").format(path=atomic_write_bytes(args.out, paper.pdf)))
    print(_("Version {version}: {state}.").format(
        version=report.version,
        state=_("signed on {date}").format(date=format_date(report.signed_on)) if report.signed else _("draft")))  # fmt: skip
    return 0
