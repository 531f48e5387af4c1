"""`zhoob meeting ...` and `zhoob journal verify`: sittings and their journals from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import _


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
