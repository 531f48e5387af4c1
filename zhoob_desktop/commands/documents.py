"""`zhoob protocol ...` and `zhoob paper ...`: the protocol and the papers of a sitting as files."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.documents.files import write_atomic
from zhoob_desktop.services.documents.text import LANG_MODES
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date

# The services are imported in the handlers: `zhoob --help` loads no heavy library.


class BadDate(ZhoobError):
    template = N_("{value} is not a date; write it as YYYY-MM-DD.")


class BadSetting(ZhoobError):
    template = N_("{value} is not a setting of the papers; write FIELD=VALUE with one of: {fields}.")


class BadTextsFile(ZhoobError):
    template = N_("Line {line} of {path} is not a text with its versions: {detail}")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadDate(value=value) from None


def _lang(p) -> None:
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANG_MODES,
        default="kk",
        help=_("language of the paper: kk, ru or kk+ru"),
    )


def _out(p, help_text: str | None = None) -> None:
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=help_text or _("where to write the PDF"))


def _sitting(p) -> None:
    p.add_argument("sitting", help=_("the sitting's id or protocol number"))


def register(sub) -> None:
    p = sub.add_parser("protocol", help=_("render, sign or correct the protocol of a sitting"))
    psub = p.add_subparsers(dest="protocol_command", metavar="ACTION", required=True)

    r = psub.add_parser(
        "render", help=_("write the protocol as a PDF (the signed copy once signed) or the draft as a .docx")
    )
    _sitting(r)
    _lang(r)
    _out(r, _("where to write it: FILE.pdf, or FILE.docx for the editable draft"))
    r.set_defaults(func=cmd_protocol_render)

    f = psub.add_parser(
        "finalise", help=_("record that the protocol was signed: its PDF is frozen from now on")
    )
    _sitting(f)
    _lang(f)
    f.add_argument("--signed-on", required=True, metavar="YYYY-MM-DD", help=_("the date of the signatures"))
    f.add_argument("--chair", default=None, help=_("who signed as chair (default: the elected chair)"))
    f.add_argument(
        "--secretary", default=None, help=_("who signed as secretary (default: the elected secretary)")
    )
    f.add_argument(
        "--allow-untranslated",
        action="store_true",
        help=_("sign even though typed texts have no translation into the paper's language"),
    )
    f.add_argument("--out", metavar="FILE.pdf", help=_("also write the signed copy to this file"))
    f.add_argument("--actor", default="", help=_("who records the signing (kept with the paper)"))
    f.set_defaults(func=cmd_protocol_finalise)

    a = psub.add_parser("addendum", help=_("issue an addendum correcting a signed protocol"))
    _sitting(a)
    a.add_argument("--text", required=True, help=_("the text of the correction"))
    a.add_argument("--translation", default="", help=_("the correction in the other language"))
    a.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANG_MODES,
        default=None,
        help=_("language (default: the protocol's)"),
    )
    a.add_argument("--signed-on", metavar="YYYY-MM-DD", help=_("the date of the signatures (default: today)"))
    a.add_argument("--out", metavar="FILE.pdf", help=_("also write the addendum to this file"))
    a.set_defaults(func=cmd_protocol_addendum)

    t = psub.add_parser("texts", help=_("the typed texts of a sitting in Kazakh and Russian (JSON lines)"))
    _sitting(t)
    t.add_argument(
        "--missing", action="store_true", help=_("only the texts without a Russian or Kazakh version")
    )
    t.add_argument(
        "--set",
        dest="set_file",
        metavar="FILE.jsonl",
        help=_('keep the versions in FILE: {"text", "kk", "ru"} per line'),
    )
    t.set_defaults(func=cmd_protocol_texts)

    p = sub.add_parser("paper", help=_("write another paper of a sitting as a PDF"))
    psub = p.add_subparsers(dest="paper_command", metavar="PAPER", required=True)
    for name, helptext in (
        ("registration-sheet", _("the list of members with a column to sign, before the sitting")),
        ("notice", _("the notice of day, time, place and agenda for the notice board")),
        ("annex", _("the annex: members present and absent, invited persons, roll-call votes")),
        ("extract", _("the extract of one item, certified")),
    ):
        q = psub.add_parser(name, help=helptext)
        _sitting(q)
        if name == "extract":
            q.add_argument("--item", type=int, required=True, help=_("the item's number in the protocol"))
            q.add_argument("--on", metavar="YYYY-MM-DD", help=_("the date of the extract (default: today)"))
        if name == "notice":
            q.add_argument(
                "--akim", default="", help=_("the akim's name under the notice (default: the setting)")
            )
            q.add_argument("--on", metavar="YYYY-MM-DD", help=_("the date the notice is given"))
        _lang(q)
        _out(q)
        q.set_defaults(func=cmd_paper, paper=name)

    s = psub.add_parser("settings", help=_("the okrug's headings and signers of its papers"))
    s.add_argument(
        "--set", dest="values", nargs="*", default=[], metavar="FIELD=VALUE", help=_("change settings")
    )
    s.add_argument(
        "--logo", metavar="FILE.png", help=_("a PNG or JPEG printed above the headings ('' removes it)")
    )
    s.set_defaults(func=cmd_paper_settings)


def _written(data: bytes, digest: str | None, out: str) -> None:
    path = write_atomic(Path(out), data)
    if digest:
        print(
            _("Written: {path} ({size} bytes, SHA-256 {digest}).").format(
                path=path, size=len(data), digest=digest
            )
        )
    else:
        print(_("Written: {path} ({size} bytes).").format(path=path, size=len(data)))


def _warn_missing(missing: tuple[str, ...]) -> None:
    if not missing:
        return
    print(_("These typed texts have no translation into the language of the paper:"), file=sys.stderr)
    for text in missing:
        print(f"  «{text}»", file=sys.stderr)


def cmd_protocol_render(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args) as store:
        if args.out.lower().endswith(".docx"):
            draft = issue.protocol_docx(store, args.sitting, args.doc_lang)
            _warn_missing(draft.missing)
            _written(draft.data, None, args.out)
            print(_("This is the editable draft; the signed PDF stays the record."))
            return 0
        paper = issue.render_protocol(store, args.sitting, args.doc_lang)
    if paper.frozen and paper.lang != args.doc_lang:
        print(
            _("The protocol was signed in {lang}; the signed copy is written unchanged.").format(
                lang=paper.lang
            ),
            file=sys.stderr,
        )
    _warn_missing(paper.missing)
    _written(paper.pdf, paper.digest, args.out)
    if not paper.frozen:
        print(_("This is a draft: the protocol has not been signed."))
    return 0


def cmd_protocol_finalise(args) -> int:
    from zhoob_desktop.services.documents import issue

    signed_on = _date(args.signed_on)
    with cli_store(args, backup_on_close=True) as store:
        issued = issue.finalise_protocol(
            store,
            args.sitting,
            args.doc_lang,
            signed_on=signed_on,
            chair=args.chair,
            secretary=args.secretary,
            actor=args.actor,
            allow_untranslated=args.allow_untranslated,
        )
        late = issue.handover_late(store, args.sitting, signed_on)
    print(
        _("Protocol No. {number} signed on {date}; SHA-256 of the signed copy: {digest}.").format(
            number=issued.number, date=format_date(issued.signed_on), digest=issued.digest
        )
    )
    if late is not None:
        print(
            _(
                "Note: the protocol is signed after {due}, the last day to hand it to the akim (Model Regulation "
                "§12)."
            ).format(due=format_date(late)),
            file=sys.stderr,
        )
    if args.out:
        _written(issued.pdf, issued.digest, args.out)
    return 0


def cmd_protocol_addendum(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args, backup_on_close=True) as store:
        issued = issue.add_addendum(
            store,
            args.sitting,
            args.text,
            translation=args.translation,
            lang=args.doc_lang,
            signed_on=_date(args.signed_on) if args.signed_on else None,
        )
    print(
        _("Addendum No. {number} issued; it refers to the protocol {digest}.").format(
            number=issued.number, digest=issued.refers_digest
        )
    )
    if args.out:
        _written(issued.pdf, issued.digest, args.out)
    return 0


def cmd_protocol_texts(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args, backup_on_close=bool(args.set_file)) as store:
        if args.set_file:
            entries = []
            path = Path(args.set_file)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    text = obj["text"]
                    for lang in ("kk", "ru"):
                        if isinstance(obj.get(lang), str):
                            entries.append((text, lang, obj[lang]))
                except (ValueError, KeyError, TypeError) as exc:
                    raise BadTextsFile(line=number, path=str(path), detail=str(exc)) from None
            count = issue.save_text_versions(store, entries)
            print(_("{n} versions kept.").format(n=count))
            return 0
        for entry in issue.sitting_text_entries(store, args.sitting):
            if args.missing and all(entry.versions.values()):
                continue
            print(
                json.dumps({"where": entry.where, "text": entry.text, **entry.versions}, ensure_ascii=False)
            )
    return 0


def cmd_paper(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args) as store:
        if args.paper == "registration-sheet":
            paper = issue.registration_sheet(store, args.sitting, args.doc_lang)
        elif args.paper == "notice":
            on = _date(args.on) if args.on else None
            paper = issue.notice(store, args.sitting, args.doc_lang, akim_name=args.akim, given_on=on)
        elif args.paper == "extract":
            on = _date(args.on) if args.on else None
            paper = issue.extract(store, args.sitting, args.item, args.doc_lang, made_on=on)
        else:
            paper = issue.annex(store, args.sitting, args.doc_lang)
    _warn_missing(paper.missing)
    _written(paper.pdf, paper.digest, args.out)
    return 0


def cmd_paper_settings(args) -> int:
    from zhoob_desktop.services.okrug_papers import (
        PaperSettings,
        logo_setting,
        paper_settings,
        save_paper_settings,
    )

    names = [f.name for f in fields(PaperSettings) if f.name != "logo"]
    with cli_store(args, backup_on_close=bool(args.values or args.logo is not None)) as store:
        current = paper_settings(store)
        values = asdict(current)
        for item in args.values:
            key, sep, value = item.partition("=")
            if not sep or key not in names:
                raise BadSetting(value=item, fields=", ".join(names))
            values[key] = value.strip().lower() in ("1", "true", "yes") if key == "full_iin" else value
        if args.logo is not None:
            values["logo"] = logo_setting(Path(args.logo).read_bytes()) if args.logo else ""
        if args.values or args.logo is not None:
            current = save_paper_settings(store, PaperSettings(**values))
    shown = {k: v for k, v in asdict(current).items() if k != "logo"}
    shown["logo"] = bool(current.logo)
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    return 0
