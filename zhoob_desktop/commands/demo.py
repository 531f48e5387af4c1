"""`zhoob demo`: create the demo okrug in an empty data folder."""

from __future__ import annotations

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import _


def register(sub) -> None:
    p = sub.add_parser("demo", help=_("create the demo okrug (villages, streets, about 3,000 residents)"))
    p.add_argument("--seed", type=int, default=2026, help=_("seed of the generated residents"))
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    from zhoob_desktop.services.demo import create_demo
    from zhoob_desktop.services.register.query import ResidentFilter, count_residents

    with cli_store(args) as store:
        okrug = create_demo(store, seed=args.seed)
        count = count_residents(store, ResidentFilter())
    print(_("Demo okrug created: {name}, {count} residents.").format(name=okrug.name_kk, count=count))
    return 0
