"""`zhoob meeting ...` and `zhoob journal verify`: sittings and their journals from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import _, format_date


def register(sub) -> None:
    p = sub.add_parser("meeting", help=_("sittings of the meeting and gatherings"))
    msub = p.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    m = msub.add_parser("replay", help=_("run a script of commands (JSON lines) into a new sitting"))
    m.add_argument("file", help=_("the script; - reads standard input"))
    m.set_defaults(func=cmd_replay)
    m = msub.add_parser("list", help=_("list the sittings, newest first"))
    m.set_defaults(func=cmd_list)
    m = msub.add_parser("show", help=_("print the state of a sitting as JSON"))
    m.add_argument("sitting", help=_("the id of the sitting"))
    m.set_defaults(func=cmd_show)
    m = msub.add_parser("export", help=_("print the journal of a sitting as JSON lines"))
    m.add_argument("sitting", help=_("the id of the sitting"))
    m.set_defaults(func=cmd_export)
    m = msub.add_parser(
        "rules", help=_("the rules table: readings chosen, rules and the acts cited in force")
    )
    m.add_argument(
        "--on", type=date.fromisoformat, help=_("the day whose acts in force are shown (default: today)")
    )
    m.set_defaults(func=cmd_rules)
    m = msub.add_parser(
        "reading", help=_("choose a reading of the regulation for sittings started from now on")
    )
    m.add_argument("code", help=_("the reading, e.g. speech_count"))
    m.add_argument("option", help=_("its option, e.g. literal"))
    m.set_defaults(func=cmd_reading)
    m = msub.add_parser(
        "add-sources", help=_("add acts cited by the rules, from a JSON file (a list of acts)")
    )
    m.add_argument("file", help=_("the JSON file"))
    m.set_defaults(func=cmd_add_sources)

    p = sub.add_parser("journal", help=_("the hash-chained journals of sittings"))
    jsub = p.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    j = jsub.add_parser("verify", help=_("verify the chain of one sitting's journal, or of all"))
    j.add_argument("sitting", nargs="?", help=_("the id of the sitting (default: every sitting)"))
    j.set_defaults(func=cmd_verify)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def cmd_replay(args) -> int:
    from zhoob_desktop.services.meeting.replay import outcome, replay

    try:
        if args.file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = Path(args.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(
            _("The script {path} cannot be read: {reason}").format(path=args.file, reason=exc),
            file=sys.stderr,
        )
        return 1
    with cli_store(args) as store:
        result = replay(store, lines)
        _print_json(outcome(result.state))
    return 0


def cmd_list(args) -> int:
    from zhoob_desktop.services.meeting import list_sittings

    with cli_store(args) as store:
        for s in list_sittings(store):
            print(f"{s.id}\t{s.scheduled_on.isoformat()}\t{s.kind}\t{s.status}\t{s.title}")
    return 0


def cmd_show(args) -> int:
    from zhoob_desktop.services.meeting import load_state
    from zhoob_desktop.services.meeting.replay import outcome

    with cli_store(args) as store:
        _print_json(outcome(load_state(store, args.sitting)))
    return 0


def cmd_export(args) -> int:
    from zhoob_desktop.services.meeting import journal_events

    with cli_store(args) as store:
        for ev in journal_events(store, args.sitting):
            print(json.dumps(ev.as_json(), ensure_ascii=False, sort_keys=True))
    return 0


def cmd_verify(args) -> int:
    from zhoob_desktop.services.meeting import list_sittings, verify_chain

    with cli_store(args) as store:
        ids = (
            [args.sitting] if args.sitting else [s.id for s in list_sittings(store) if s.status != "prepared"]
        )
        damaged = False
        for sid in ids:
            report = verify_chain(store, sid)
            print(report.message())
            damaged = damaged or not report.ok
    return 1 if damaged else 0


def cmd_rules(args) -> int:
    from zhoob_desktop.services.meeting import rules as R
    from zhoob_desktop.services.meeting.rule_settings import rules_table

    with cli_store(args) as store:
        table = rules_table(store, args.on or date.today())
    print(_("Readings (settings; a sitting keeps those in force when its journal started):"))
    for r in table.readings:
        mark = "" if r.chosen == r.default else " *"
        print(f"  {r.setting} = {r.chosen}{mark}  ({_(r.citation)})")
        for option, text in r.options.items():
            print(f"    {'>' if option == r.chosen else ' '} {option}: {_(text)}")
    print()
    print(_("Rules:"))
    for rule in table.rules:
        value = table.values.get(rule.code)
        shown = "" if value is None else f" = {json.dumps(value, ensure_ascii=False)}"
        print(f"  {rule.code}{shown}  ({_(table.citations[rule.code])})")
        print(f"      {_(rule.description)}")
        # how it reads at each kind of sitting: its own source there, its own procedure, or not applied
        for kind, reading in table.by_kind.get(rule.code, {}).items():
            label = _(R.SITTING_KINDS[kind])
            if kind == R.MEETING and reading is not None:
                continue  # the lines above are the meeting's
            if reading is None:
                print("      " + _("{kind}: not applied").format(kind=label))
            elif reading[1]:
                print(
                    "      "
                    + _("{kind}: {rule} ({citation})").format(
                        kind=label, rule=_(reading[0]), citation=_(reading[1])
                    )
                )
            else:
                print(
                    "      "
                    + _("{kind}: {rule} (its own procedure; no act cited)").format(
                        kind=label, rule=_(reading[0])
                    )
                )
    print()
    print(_("Acts cited (> in force on {day}):").format(day=format_date(table.on)))
    for row in table.sources:
        src = row.source
        print(
            f"  {'>' if row.in_force else ' '} {src.subject}: {_(src.short)}, {format_date(src.effective)} [{src.code}]"
        )
        print(f"      {_(src.title)}")
    return 0


def cmd_reading(args) -> int:
    from zhoob_desktop.services.meeting.rule_settings import set_reading

    with cli_store(args) as store:
        set_reading(store, args.code, args.option)
    print(
        _("Sittings started from now on follow {code} = {option}.").format(code=args.code, option=args.option)
    )
    return 0


def cmd_add_sources(args) -> int:
    from zhoob_desktop.services.meeting.rule_settings import add_sources

    try:
        entries = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(
            _("The file {path} cannot be read: {reason}").format(path=args.file, reason=exc), file=sys.stderr
        )
        return 1
    if isinstance(entries, dict):
        entries = [entries]
    with cli_store(args) as store:
        acts = add_sources(store, entries if isinstance(entries, list) else [entries])
    print(_("The table has {n} acts.").format(n=len(acts)))
    return 0
