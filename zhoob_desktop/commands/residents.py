"""`zhoob residents import|export|passport`: the register from the command line."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from zhoob_desktop.commands import cli_store
from zhoob_desktop.services.i18n import LANGUAGES, _, format_date, get_language, ngettext


def register(sub) -> None:
    p = sub.add_parser("residents", help=_("import, export and print the register of residents"))
    rsub = p.add_subparsers(dest="residents_command", metavar="ACTION", required=True)

    r = rsub.add_parser("import", help=_("import a list of residents from an .xlsx or .csv file"))
    r.add_argument("file", help=_("the .xlsx or .csv file"))
    r.add_argument("--dry-run", action="store_true", help=_("only print the row report; write nothing"))
    r.add_argument(
        "--only-valid", action="store_true", help=_("import the valid rows even if some are refused")
    )
    r.add_argument(
        "--flag-duplicates",
        action="store_true",
        help=_("leave out residents already in the register instead of merging"),
    )
    r.add_argument("--sheet", help=_("the sheet of the workbook (the first one by default)"))
    r.set_defaults(func=cmd_import)

    r = rsub.add_parser("export", help=_("export the register to an .xlsx or .csv file"))
    r.add_argument("file", help=_("the .xlsx or .csv file to write"))
    r.add_argument("--settlement", help=_("only the residents of this settlement"))
    r.add_argument("--include-left", action="store_true", help=_("also residents who left"))
    r.add_argument("--reason", default="", help=_("why the register is exported (kept in the audit)"))
    r.set_defaults(func=cmd_export)

    r = rsub.add_parser("passport", help=_("print the passport of the okrug or of a settlement as a PDF"))
    r.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    r.add_argument("--settlement", help=_("the settlement (the whole okrug by default)"))
    r.add_argument("--lang", dest="doc_lang", choices=LANGUAGES, help=_("language of the document"))
    r.add_argument("--date", dest="on", type=date.fromisoformat, help=_("count on this date (YYYY-MM-DD)"))
    r.set_defaults(func=cmd_passport)


def _report(preview) -> None:
    from zhoob_desktop.services.register.importer import FIELDS

    print(
        _("Header row {row}: {columns}").format(row=preview.header_row, columns=" | ".join(preview.headers))
    )
    mapped = ", ".join(
        f"{_(FIELDS[name][0])} = {preview.headers[index] if index < len(preview.headers) else index + 1}"
        for name, index in preview.mapping.items()
    )
    print(_("Columns: {mapping}").format(mapping=mapped))
    for row in preview.rows:
        for issue in row.issues:
            severity = _("error") if issue.severity == "error" else _("warning")
            where = (
                _("row {row}, {column}").format(row=issue.row, column=issue.column)
                if issue.column
                else _("row {row}").format(row=issue.row)
            )
            print(f"{where}: {severity}: {issue.message}")
    for number in preview.totals_lines:
        print(_("row {row}: left out as the list's totals line").format(row=number))
    c = preview.counts()
    print(
        _(
            "Rows: {new} new, {update} to update, {unchanged} unchanged, {combined} combined with an earlier row, "
            "{duplicate} left out as duplicates, {error} refused."
        ).format(**c)
    )


def cmd_import(args) -> int:
    from zhoob_desktop.services.register.importer import apply_import, preview_import

    with cli_store(args) as store:
        preview = preview_import(store, Path(args.file), sheet=args.sheet, merge=not args.flag_duplicates)
        _report(preview)
        refused = len(preview.error_rows)
        if args.dry_run:
            print(_("Dry run: nothing was written."))
            return 1 if refused else 0
        if refused and not args.only_valid:
            message = ngettext(
                "{count} row was refused, so nothing was imported. Correct it, or use --only-valid.",
                "{count} rows were refused, so nothing was imported. Correct them, or use --only-valid.",
                refused,
            )
            print(message.format(count=refused), file=sys.stderr)
            return 1
        result = apply_import(store, preview, progress=None)
    print(
        _("Imported: {created} new, {updated} updated. Backup taken before the import: {backup}").format(
            created=result.created, updated=result.updated, backup=result.backup
        )
    )
    return 1 if refused else 0


def _settlement(store, name: str | None):
    from zhoob_desktop.services.register.errors import SettlementNotFound
    from zhoob_desktop.services.register.passport import find_settlement_id

    if not name:
        return None
    found = find_settlement_id(store, name)
    if found is None:
        raise SettlementNotFound(name=name)
    return found


def cmd_export(args) -> int:
    from zhoob_desktop.services.register.export import export_residents
    from zhoob_desktop.services.register.query import ResidentFilter

    with cli_store(args) as store:
        flt = ResidentFilter(
            settlement_id=_settlement(store, args.settlement), include_left=args.include_left
        )
        reason = args.reason
        if not reason.strip() and sys.stdin.isatty():
            reason = input(_("Why is the register exported (for whom, for what)? "))
        count = export_residents(store, Path(args.file), flt, reason=reason)
    written = ngettext("{count} resident written to {path}.", "{count} residents written to {path}.", count)
    print(written.format(count=count, path=args.file))
    return 0


def cmd_passport(args) -> int:
    from zhoob_desktop.services.register.passport_pdf import write_passport_pdf

    with cli_store(args) as store:
        lang = args.doc_lang or get_language()
        data = write_passport_pdf(
            store, Path(args.out), on=args.on, settlement_id=_settlement(store, args.settlement), lang=lang
        )
    print(
        _("Passport written to {path}: {residents} residents, {members} community members on {date}.").format(
            path=args.out, residents=data.residents, members=data.members, date=format_date(data.on, "short")
        )
    )
    return 0
