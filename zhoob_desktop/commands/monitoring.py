"""`zhoob monitoring schedule|pdf`: the commission's budget monitoring (Order 405)."""

from __future__ import annotations

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import LANGUAGES, _, format_date
from zhoob_desktop.services.monitoring.schedule import PERIODS, schedule


def register(sub) -> None:
    p = sub.add_parser("monitoring", help=_("budget monitoring by the community commission"))
    msub = p.add_subparsers(dest="monitoring_command", metavar="ACTION", required=True)
    s = msub.add_parser("schedule", help=_("deadlines after a reporting period"))
    s.add_argument("year", type=int)
    s.add_argument("--period", choices=PERIODS, default="half")
    s.set_defaults(func=cmd_schedule)
    r = msub.add_parser("pdf", help=_("print the report form of a period"))
    r.add_argument("year", type=int)
    r.add_argument("--period", choices=PERIODS, default="half")
    r.add_argument("--lang", dest="doc_lang", choices=LANGUAGES, default="kk")
    r.add_argument("--out", required=True)
    r.set_defaults(func=cmd_pdf)


def cmd_schedule(args) -> int:
    for deadline in schedule(args.year, args.period):
        print(f"{format_date(deadline.due, 'short')}\t{_(deadline.description)}")
    return 0


def cmd_pdf(args) -> int:
    from zhoob_desktop.services.monitoring.pdf import write_report_pdf
    from zhoob_desktop.services.monitoring.report import open_report

    with cli_store(args) as store:
        report = open_report(store, args.year, args.period)
    path = write_report_pdf(report, args.out, args.doc_lang)
    print(_("Written: {path}").format(path=path))
    return 0
