"""`zhoob calendar show|add|remove`: the working-day calendar and its corrections by decree."""

from __future__ import annotations

import argparse
from datetime import date

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import _, format_date

# The kinds of correction (meeting.calendar.DAY_OFF, WORKING_DAY, CONFIRMED), named here so that
# building the parser loads no calendar library.
DAY_OFF, WORKING_DAY, CONFIRMED = "day_off", "working_day", "confirmed"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date; write it as YYYY-MM-DD.").format(value=text)
        ) from None


def register(sub) -> None:
    p = sub.add_parser("calendar", help=_("working days: holidays, moved days off and their decrees"))
    csub = p.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    sh = csub.add_parser("show", help=_("a year's days off and worked weekend days"))
    sh.add_argument("year", type=int, nargs="?", help=_("the year (default this year)"))
    sh.set_defaults(func=cmd_show)
    ad = csub.add_parser("add", help=_("correct a day of the calendar by a decree"))
    ad.add_argument("date", type=_date)
    kind = ad.add_mutually_exclusive_group(required=True)
    kind.add_argument("--day-off", dest="kind", action="store_const", const=DAY_OFF,
                      help=_("the day is a day off (a moved day off or an extra holiday)"))  # fmt: skip
    kind.add_argument("--working-day", dest="kind", action="store_const", const=WORKING_DAY,
                      help=_("the weekend day or holiday is worked"))  # fmt: skip
    kind.add_argument("--confirm", dest="kind", action="store_const", const=CONFIRMED,
                      help=_("the holiday the calendar only estimates falls on this day"))  # fmt: skip
    ad.add_argument("--decree", required=True, help=_("the number of the decree"))
    ad.add_argument("--decree-date", type=_date, required=True, help=_("the date of the decree"))
    ad.add_argument("--note", default="", help=_("a note, e.g. where the day off was moved from"))
    ad.set_defaults(func=cmd_add)
    rm = csub.add_parser("remove", help=_("take a correction back"))
    rm.add_argument("date", type=_date)
    rm.set_defaults(func=cmd_remove)


def cmd_show(args) -> int:
    from zhoob_desktop.services.meeting.calendar_corrections import KIND_LABELS, list_corrections, year_days

    year = args.year or date.today().year
    with cli_store(args) as store:
        days = year_days(store, year)
        corrections = [c for c in list_corrections(store) if c.day.year != year]
    for day in days:
        name = _(day.name).format(**{k: _(v) for k, v in day.params.items()})
        status = _("working day") if day.working else _("day off")
        fields = [format_date(day.day, "short"), status, name]
        if day.estimated:
            fields.append(_("estimated: confirm when the decree is published"))
        if day.correction is not None:
            c = day.correction
            decree = (
                _("decree No. {number} of {date}").format(
                    number=c.decree_number, date=format_date(c.decree_date, "short")
                )
                if c.decree_date
                else _("no decree given")
            )
            fields.append(f"{_(KIND_LABELS[c.kind])}: {decree}")
            if c.note:
                fields.append(c.note)
        print("\t".join(fields))
    if corrections:
        print(_("Corrections of other years: {count}.").format(count=len(corrections)))
    return 0


def cmd_add(args) -> int:
    from zhoob_desktop.services.meeting.calendar_corrections import KIND_LABELS, add_correction

    with cli_store(args, backup_on_close=False) as store:
        c = add_correction(store, args.date, args.kind, args.decree, args.decree_date, args.note)
    print(
        _("{date}: {kind}, decree No. {number} of {decree_date}.").format(
            date=format_date(c.day, "long"),
            kind=_(KIND_LABELS[c.kind]),
            number=c.decree_number,
            decree_date=format_date(c.decree_date, "long"),
        )
    )
    return 0


def cmd_remove(args) -> int:
    from zhoob_desktop.services.meeting.calendar_corrections import remove_correction

    with cli_store(args, backup_on_close=False) as store:
        remove_correction(store, args.date)
    print(_("The correction of {date} was removed.").format(date=format_date(args.date, "long")))
    return 0
