"""`zhoob protocol ...` and `zhoob paper ...`: the protocol and the papers of a sitting as PDF files."""

from __future__ import annotations

import sys
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.documents.files import write_atomic
from zhoob_desktop.services.documents.text import LANG_MODES
from zhoob_desktop.services.i18n import _


def _lang(p) -> None:
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANG_MODES,
        default="kk",
        help=_("language of the paper: kk, ru or kk+ru"),
    )


def _out(p) -> None:
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))


def register(sub) -> None:
    p = sub.add_parser("protocol", help=_("render, finalise or correct the protocol of a sitting"))
    psub = p.add_subparsers(dest="protocol_command", metavar="ACTION", required=True)

    r = psub.add_parser("render", help=_("write the protocol as a PDF (the signed copy once finalised)"))
    r.add_argument("sitting", help=_("the sitting's id or protocol number"))
    _lang(r)
    _out(r)
    r.set_defaults(func=cmd_protocol_render)

    f = psub.add_parser("finalise", help=_("mark the protocol as signed: its PDF is frozen from now on"))
    f.add_argument("sitting", help=_("the sitting's id or protocol number"))
    _lang(f)
    f.add_argument("--out", metavar="FILE.pdf", help=_("also write the frozen PDF to this file"))
    f.add_argument("--actor", default="", help=_("who finalises (printed in the record)"))
    f.set_defaults(func=cmd_protocol_finalise)

    a = psub.add_parser("addendum", help=_("issue an addendum correcting a finalised protocol"))
    a.add_argument("sitting", help=_("the sitting's id or protocol number"))
    a.add_argument("--text", required=True, help=_("the text of the correction"))
    a.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANG_MODES,
        default=None,
        help=_("language (default: the protocol's)"),
    )
    a.add_argument("--out", metavar="FILE.pdf", help=_("also write the addendum to this file"))
    a.set_defaults(func=cmd_protocol_addendum)

    p = sub.add_parser("paper", help=_("write another paper of a sitting as a PDF"))
    psub = p.add_subparsers(dest="paper_command", metavar="PAPER", required=True)
    for name, helptext in (
        ("registration-sheet", _("the list of members with a column to sign, before the sitting")),
        ("notice", _("the notice of time, place and agenda for the notice board")),
        ("annex", _("the attendance and vote annex with the roll-call tables")),
        ("extract", _("the extract of one item's decision")),
    ):
        q = psub.add_parser(name, help=helptext)
        q.add_argument("sitting", help=_("the sitting's id or protocol number"))
        if name == "extract":
            q.add_argument("--item", type=int, required=True, help=_("the item's number in the protocol"))
        if name == "notice":
            q.add_argument("--akim", default="", help=_("the akim's name printed under the notice"))
        _lang(q)
        _out(q)
        q.set_defaults(func=cmd_paper, paper=name)


def _written(paper, out: str) -> None:
    path = write_atomic(Path(out), paper.pdf)
    print(
        _("Written: {path} ({size} bytes, SHA-256 {digest}).").format(
            path=path, size=len(paper.pdf), digest=paper.digest
        )
    )


def cmd_protocol_render(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args) as store:
        paper = issue.render_protocol(store, args.sitting, args.doc_lang)
    if paper.frozen and paper.lang != args.doc_lang:
        print(
            _("The protocol was finalised in {lang}; the signed copy is written unchanged.").format(
                lang=paper.lang
            ),
            file=sys.stderr,
        )
    _written(paper, args.out)
    if not paper.frozen:
        print(_("This is a draft: the protocol has not been finalised."))
    return 0


def cmd_protocol_finalise(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args, backup_on_close=True) as store:
        issued = issue.finalise_protocol(store, args.sitting, args.doc_lang, actor=args.actor)
    print(
        _("Protocol No. {number} finalised; SHA-256 of the signed copy: {digest}.").format(
            number=issued.number, digest=issued.digest
        )
    )
    if args.out:
        _written(issued.paper(), args.out)
    return 0


def cmd_protocol_addendum(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args, backup_on_close=True) as store:
        issued = issue.add_addendum(store, args.sitting, args.text, lang=args.doc_lang)
    print(
        _("Addendum No. {number} issued; it refers to the protocol {digest}.").format(
            number=issued.number, digest=issued.refers_digest
        )
    )
    if args.out:
        _written(issued.paper(), args.out)
    return 0


def cmd_paper(args) -> int:
    from zhoob_desktop.services.documents import issue

    with cli_store(args) as store:
        if args.paper == "registration-sheet":
            paper = issue.registration_sheet(store, args.sitting, args.doc_lang)
        elif args.paper == "notice":
            paper = issue.notice(store, args.sitting, args.doc_lang, akim_name=args.akim)
        elif args.paper == "extract":
            paper = issue.extract(store, args.sitting, args.item, args.doc_lang)
        else:
            paper = issue.annex(store, args.sitting, args.doc_lang)
    _written(paper, args.out)
    return 0
