"""`zhoob representation ...` and `zhoob initiative ...`: the approved procedure, quotas,
representatives elected at separate gatherings, and the members' initiatives."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import _, format_date


def _lang(p) -> None:
    p.add_argument(
        "--lang",
        dest="doc_lang",
        default="kk",
        choices=["kk", "ru", "kk+ru"],
        help=_("language of the paper"),
    )


def register(sub) -> None:
    p = sub.add_parser(
        "representation", help=_("the procedure of separate gatherings, quotas, representatives")
    )
    rsub = p.add_subparsers(dest="representation_command", metavar="ACTION", required=True)
    r = rsub.add_parser("procedure", help=_("record the procedure approved by the district maslikhat"))
    r.add_argument("--number", required=True, help=_("number of the maslikhat's decision"))
    r.add_argument("--date", required=True, type=date.fromisoformat, help=_("date of the decision"))
    r.add_argument("--body", required=True, help=_("the body that approved it"))
    r.add_argument(
        "--effective", type=date.fromisoformat, help=_("the day it takes effect (default: its date)")
    )
    r.add_argument("--unit", default="settlement", choices=["settlement", "street", "house"])
    r.add_argument("--per", type=int, help=_("one representative per this many persons"))
    r.add_argument("--basis", default="members", choices=["members", "residents"])
    r.add_argument("--rounding", default="up", choices=["up", "down", "half_up"])
    r.add_argument("--minimum", type=int, default=1)
    r.add_argument("--table", help=_("a JSON file of numbers per unit: {unit id or name: number}"))
    r.add_argument("--age", type=int, default=18)
    r.add_argument("--residence", default="", help=_("the residence condition the procedure states"))
    r.add_argument("--quorum", default="1/10")
    r.add_argument("--term-years", type=int, dest="term_years")
    r.set_defaults(func=cmd_procedure)
    r = rsub.add_parser("procedures", help=_("list the procedures recorded"))
    r.set_defaults(func=cmd_procedures)
    r = rsub.add_parser("quotas", help=_("the representatives due to every unit on a day"))
    r.add_argument("--on", type=date.fromisoformat, help=_("the day (default: today)"))
    r.add_argument("--out", metavar="FILE.pdf", help=_("also write the printable table"))
    r.add_argument("--akim", default="", help=_("the akim's name under the table"))
    _lang(r)
    r.set_defaults(func=cmd_quotas)
    r = rsub.add_parser("list", help=_("the representatives on a day, unit by unit, and units without any"))
    r.add_argument("--on", type=date.fromisoformat, help=_("the day (default: today)"))
    r.set_defaults(func=cmd_representatives)

    p = sub.add_parser("initiative", help=_("members' initiatives to convene a gathering or a meeting"))
    isub = p.add_subparsers(dest="initiative_command", metavar="ACTION", required=True)
    i = isub.add_parser("new", help=_("start an initiative"))
    i.add_argument("--body", required=True, choices=["gathering", "meeting"])
    i.add_argument("--on", required=True, type=date.fromisoformat, help=_("the day the share is counted on"))
    i.add_argument("--title", default="")
    i.add_argument("--item", action="append", required=True, help=_("a question of the agenda (repeat)"))
    i.set_defaults(func=cmd_initiative_new)
    i = isub.add_parser("list", help=_("list the initiatives"))
    i.set_defaults(func=cmd_initiative_list)
    i = isub.add_parser("show", help=_("an initiative with its signers as JSON"))
    i.add_argument("initiative")
    i.set_defaults(func=cmd_initiative_show)
    i = isub.add_parser("sign", help=_("enter signers from the sheet by IIN or full name"))
    i.add_argument("initiative")
    i.add_argument("signer", nargs="+", help=_("IIN or full name"))
    i.set_defaults(func=cmd_initiative_sign)
    i = isub.add_parser("file", help=_("the petition is handed over"))
    i.add_argument("initiative")
    i.add_argument("--on", required=True, type=date.fromisoformat)
    i.set_defaults(func=cmd_initiative_file)
    i = isub.add_parser(
        "decide", help=_("record the decision of the district akim (gathering) or akim (meeting)")
    )
    i.add_argument("initiative")
    i.add_argument("decision", choices=["approved", "refused"])
    i.add_argument("--on", required=True, type=date.fromisoformat)
    i.add_argument("--ref", default="", help=_("number of the decision"))
    i.add_argument("--by", default="", help=_("who decided"))
    i.set_defaults(func=cmd_initiative_decide)
    i = isub.add_parser("prepare", help=_("prepare the sitting the approved initiative asks for"))
    i.add_argument("initiative")
    i.add_argument("--date", required=True, type=date.fromisoformat)
    i.add_argument("--place", default="")
    i.add_argument("--with-representatives", action="store_true", dest="with_representatives")
    i.add_argument("--notice-on", type=date.fromisoformat, dest="notice_on")
    i.set_defaults(func=cmd_initiative_prepare)
    i = isub.add_parser("paper", help=_("write the signature sheet or the petition as a PDF"))
    i.add_argument("initiative")
    i.add_argument("which", choices=["sheet", "petition"])
    i.add_argument("--out", required=True, metavar="FILE.pdf")
    i.add_argument("--village", help=_("the sheet: only the members of this village"))
    i.add_argument("--to", default="", help=_("the petition: the district akim's name"))
    _lang(i)
    i.set_defaults(func=cmd_initiative_paper)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _write(out: str, pdf: bytes) -> None:
    from zhoob_desktop.services.documents.files import write_atomic

    path = write_atomic(Path(out), pdf)
    print(_("Written: {path}").format(path=path))


def cmd_procedure(args) -> int:
    from zhoob_desktop.services.meeting.representation import record_procedure

    table = {}
    with cli_store(args) as store:
        if args.table:
            raw = json.loads(Path(args.table).read_text(encoding="utf-8"))
            table = _unit_ids(store, args.unit, raw)
        p = record_procedure(
            store,
            decision_number=args.number,
            decision_date=args.date,
            decision_body=args.body,
            effective_from=args.effective,
            unit=args.unit,
            norm_per=args.per,
            norm_basis=args.basis,
            rounding=args.rounding,
            minimum=args.minimum,
            norm_table=table,
            age=args.age,
            residence=args.residence,
            quorum=args.quorum,
            term_years=args.term_years,
        )
        print(
            _("Recorded: decision No. {number} of {date}, in force from {effective}.").format(
                number=p.decision_number,
                date=format_date(p.decision_date),
                effective=format_date(p.effective_from),
            )
        )
        print(_("Model Rules cited: {act}").format(act=_(p.model_rules(store).title)))
    return 0


def _unit_ids(store, kind: str, raw: dict) -> dict[str, int]:
    """A table keyed by unit ids or names (``Қарағайлы``), as unit ids."""
    from zhoob_desktop.services.register.units import unit_counts

    units = unit_counts(store, date.today(), kind, 18).units
    out = {}
    for key, value in raw.items():
        try:
            out[str(uuid.UUID(str(key)))] = value
            continue
        except ValueError:
            pass
        found = [u for u in units if u.name.casefold() == str(key).casefold()]
        if len(found) != 1:
            from zhoob_desktop.services.errors import ZhoobError
            from zhoob_desktop.services.i18n import N_

            raise ZhoobError(N_("No single unit is named {name}."), name=key)
        out[str(found[0].id)] = value
    return out


def cmd_procedures(args) -> int:
    from zhoob_desktop.services.meeting.representation import list_procedures

    with cli_store(args) as store:
        for p in list_procedures(store):
            norm = f"1/{p.norm_per}" if p.norm_per else "table"
            print(
                f"{p.effective_from.isoformat()}\t{p.decision_number}\t{p.decision_date.isoformat()}\t"
                f"{p.unit}\t{norm}\t{p.rounding}\t{p.decision_body}"
            )
    return 0


def cmd_quotas(args) -> int:
    from zhoob_desktop.services.documents.representation import quota_paper
    from zhoob_desktop.services.meeting.representation import format_exact, quota_table

    on = args.on or date.today()
    with cli_store(args) as store:
        table = quota_table(store, on)
        p = table.procedure
        print(
            _("Procedure: decision No. {number} of {date}, {body}").format(
                number=p.decision_number, date=format_date(p.decision_date), body=p.decision_body
            )
        )
        print("\t".join([_("Unit"), _("Residents"), _("Entitled"), _("Calculation"), _("Representatives")]))
        for u in table.units:
            calc = f"{u.base}/{p.norm_per}={format_exact(u.exact)}" if u.exact is not None else "-"
            print(f"{u.name}\t{u.residents}\t{u.entitled}\t{calc}\t{u.representatives}")
        print(f"{_('Total')}\t{table.residents}\t{table.entitled}\t\t{table.representatives}")
        if args.out:
            _write(args.out, quota_paper(store, on, args.doc_lang, akim_name=args.akim))
    return 0


def cmd_representatives(args) -> int:
    from zhoob_desktop.services.meeting.representatives import coverage

    on = args.on or date.today()
    with cli_store(args) as store:
        cov = coverage(store, on)
        for u in cov.units:
            print(f"{u.name}\t{u.count}/{u.due}")
            for r in u.elected:
                until = r.until.isoformat() if r.until else "-"
                print(f"    {r.full_name}\t{r.since.isoformat()}..{until}\t{r.sitting_id}\t{r.vote_id}")
        for r in cov.others:
            print(f"  {r.unit_name or '-'}\t{r.full_name}")
        print(
            _("Elected representatives: {elected}; the gathering is held if at least {half} attend.").format(
                elected=cov.elected, half=cov.elected // 2 + cov.elected % 2
            )
        )
        if cov.missing:
            print(
                _("Units without elected representatives: {units}").format(
                    units=", ".join(u.name for u in cov.missing)
                )
            )
            return 1
    return 0


def _initiative_json(info) -> dict:
    from zhoob_desktop.services.meeting.initiatives import REFUSALS

    return {
        "initiative": str(info.id),
        "body": info.body,
        "title": info.title,
        "agenda": list(info.agenda),
        "status": info.status,
        "base_on": info.base_on,
        "base": info.base,
        "share": info.share,
        "required": info.required,
        "signatures": info.count,
        "enough": info.enough,
        "filed_on": info.filed_on,
        "answer_due": info.answer_due,
        "decision": info.decision,
        "decided_on": info.decided_on,
        "decision_ref": info.decision_ref,
        "decided_by": info.decided_by,
        "sitting": str(info.sitting_id) if info.sitting_id else None,
        "signers": [
            {
                "name": s.full_name,
                "iin": s.iin,
                "address": s.address,
                "counts": s.accepted,
                "refusal": _(REFUSALS[s.refusal]) if s.refusal else None,
            }
            for s in info.signers
        ],
    }


def cmd_initiative_new(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import create_initiative

    with cli_store(args) as store:
        info = create_initiative(store, body=args.body, base_on=args.on, title=args.title, agenda=args.item)
    print(info.id)
    return 0


def cmd_initiative_list(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import list_initiatives

    with cli_store(args) as store:
        for info in list_initiatives(store):
            print(f"{info.id}\t{info.body}\t{info.status}\t{info.count}/{info.required}\t{info.title}")
    return 0


def cmd_initiative_show(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import get_initiative

    with cli_store(args) as store:
        _print_json(_initiative_json(get_initiative(store, args.initiative)))
    return 0


def cmd_initiative_sign(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import REFUSALS, add_signer, get_initiative

    with cli_store(args) as store:
        for text in args.signer:
            s = add_signer(store, args.initiative, text)
            mark = _("counts") if s.accepted else _(REFUSALS[s.refusal or "unknown"])
            print(f"{s.full_name}\t{s.address or '-'}\t{mark}")
        info = get_initiative(store, args.initiative)
    print(
        _("Signatures that count: {count} of {required} required ({base} members on {date}).").format(
            count=info.count, required=info.required, base=info.base, date=format_date(info.base_on)
        )
    )
    return 0


def cmd_initiative_file(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import file_initiative

    with cli_store(args) as store:
        _print_json(_initiative_json(file_initiative(store, args.initiative, args.on)))
    return 0


def cmd_initiative_decide(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import record_decision

    with cli_store(args) as store:
        info = record_decision(
            store,
            args.initiative,
            decision=args.decision,
            decided_on=args.on,
            decision_ref=args.ref,
            decided_by=args.by,
        )
        _print_json(_initiative_json(info))
    return 0


def cmd_initiative_prepare(args) -> int:
    from zhoob_desktop.services.meeting.initiatives import prepare_sitting

    with cli_store(args) as store:
        sitting = prepare_sitting(
            store,
            args.initiative,
            scheduled_on=args.date,
            place=args.place,
            with_representatives=args.with_representatives,
            notice_on=args.notice_on,
        )
    print(sitting.id)
    return 0


def cmd_initiative_paper(args) -> int:
    from zhoob_desktop.services.documents.representation import petition_paper, signature_sheet_paper

    with cli_store(args) as store:
        if args.which == "sheet":
            unit_id = None
            if args.village:
                unit_id = next(iter(_unit_ids(store, "settlement", {args.village: 0})))
            pdf = signature_sheet_paper(
                store,
                args.initiative,
                args.doc_lang,
                unit_kind="settlement" if unit_id else None,
                unit_id=unit_id,
            )
        else:
            pdf = petition_paper(store, args.initiative, args.doc_lang, addressee=args.to)
        _write(args.out, pdf)
    return 0
