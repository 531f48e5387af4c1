"""`zhoob setup`, `zhoob encrypt`, `zhoob operator ...`, `zhoob recover`, `zhoob recovery-key`, `zhoob keys`,
`zhoob audit`."""

from __future__ import annotations

import json
import os
import sys

from zhoob_desktop.commands import ask_secret, cli_credentials, cli_store, print_recovery_key
from zhoob_desktop.services.datadir import resolve_data_dir
from zhoob_desktop.services.i18n import _

#: For scripts: the passphrase of a new operator, or the new one after recovery (never an argument).
ENV_NEW_PASSPHRASE = "ZHOOB_NEW_PASSPHRASE"
ENV_RECOVERY_KEY = "ZHOOB_RECOVERY_KEY"
#: For scripts: the new PIN of ``zhoob operator pin set`` (never an argument).
ENV_NEW_PIN = "ZHOOB_NEW_PIN"
ROLES = ("akim", "secretary", "clerk", "district")


def register(sub) -> None:
    p = sub.add_parser("setup", help=_("set up a new data folder: the first operator (the akim), encrypted"))
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser(
        "encrypt", help=_("encrypt a data folder of an earlier version (a backup is taken first)")
    )
    p.set_defaults(func=cmd_encrypt)

    p = sub.add_parser("operator", help=_("operators of this data folder and their roles"))
    osub = p.add_subparsers(dest="operator_command", metavar="ACTION", required=True)
    o = osub.add_parser("list", help=_("list the operators"))
    o.add_argument("--all", action="store_true", help=_("removed operators too"))
    o.set_defaults(func=cmd_operator_list)
    o = osub.add_parser("add", help=_("add an operator (passphrase asked, or ZHOOB_NEW_PASSPHRASE)"))
    o.add_argument("login")
    o.add_argument("--role", choices=ROLES, required=True)
    o.add_argument("--full-name", default="")
    o.set_defaults(func=cmd_operator_add)
    o = osub.add_parser("remove", help=_("remove an operator: they can no longer log in"))
    o.add_argument("login")
    o.set_defaults(func=cmd_operator_remove)
    o = osub.add_parser("role", help=_("give an operator another role"))
    o.add_argument("login")
    o.add_argument("role", choices=ROLES)
    o.set_defaults(func=cmd_operator_role)
    o = osub.add_parser("passphrase", help=_("change your own passphrase"))
    o.set_defaults(func=cmd_operator_passphrase)
    o = osub.add_parser(
        "pin", help=_("your PIN to unlock the window of a running session (asked, or ZHOOB_NEW_PIN)")
    )
    o.add_argument("pin_action", choices=("set", "clear"), metavar="set|clear")
    o.add_argument("login", nargs="?", help=_("clear: another operator's PIN (the akim)"))
    o.add_argument(
        "--at-start",
        action="store_true",
        help=_("set: the PIN opens the program too, on this computer and user account only"),
    )
    o.set_defaults(func=cmd_operator_pin)

    p = sub.add_parser("recover", help=_("a lost passphrase: log in with the recovery key and set a new one"))
    p.add_argument("--operator", required=True, help=_("whose passphrase to set"))
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("recovery-key", help=_("make a new recovery key (the old paper stops working)"))
    p.add_argument("--out", help=_("write the recovery sheet as PDF"))
    p.set_defaults(func=cmd_recovery_key)

    p = sub.add_parser(
        "keys",
        help=_("the private key files: check them, or restore a damaged one from its copy in the data"),
    )
    p.add_argument("keys_action", choices=("check", "restore"), metavar="check|restore")
    p.add_argument("--keys", help=_("a folder of the district's keys outside the data folder"))
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("audit", help=_("who did what: list, summary or verify the audit"))
    p.add_argument("action", nargs="?", choices=("list", "summary", "verify"), default="list")
    p.add_argument("--operator", help=_("an operator's name or id (its first characters)"))
    p.add_argument("--kind", help=_("kind of entry, e.g. journal.event, register.change"))
    p.add_argument("--since", help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", help=_("before this date (YYYY-MM-DD)"))
    p.add_argument(
        "--target",
        help=_("what the entries concern: a sitting's, resident's or bundle's id (its first characters)"),
    )
    p.add_argument("--json", action="store_true", help=_("as JSON lines"))
    p.set_defaults(func=cmd_audit)


def _new_secret(prompt: str) -> str:
    return os.environ.get(ENV_NEW_PASSPHRASE) or ask_secret(prompt, twice=True)


def cmd_setup(args) -> int:
    from zhoob_desktop.services.security import access

    data_dir = resolve_data_dir(args.data_dir)
    if access.is_encrypted(data_dir):
        print(_("The data in {path} are already encrypted.").format(path=data_dir), file=sys.stderr)
        return 1
    with cli_store(args):
        pass
    return 0


def cmd_encrypt(args) -> int:
    from zhoob_desktop.services.security import access, convert
    from zhoob_desktop.services.security.access import PassphraseNeeded

    data_dir = resolve_data_dir(args.data_dir)
    creds = cli_credentials(data_dir, new=True)
    if creds is None:
        raise PassphraseNeeded(path=str(data_dir))

    def progress(done: int, total: int) -> None:
        print(f"\r{_('Encrypting')}: {100 * done // max(total, 1)}%", end="", file=sys.stderr, flush=True)

    report = convert.encrypt_folder(data_dir, creds.login, creds.passphrase, progress=progress)
    print(file=sys.stderr)
    for path in report.encrypted:
        print(_("Encrypted: {path}").format(path=path))
    for path in report.left_plain:
        print(_("Still plain (remove or move it yourself): {path}").format(path=path))
    for caveat in report.caveats:
        print(_(caveat))
    print_recovery_key(report.recovery_key)
    access.mark_recovery_shown(data_dir)
    return 0


def cmd_operator_list(args) -> int:
    from zhoob_desktop.services.security import operators, roles

    with cli_store(args) as store:
        rows = operators.list_operators(store, include_removed=args.all)
    for op in rows:
        state = "" if op.active else _("removed")
        print(f"{op.id[:8]}\t{op.login}\t{_(roles.ROLE_NAMES[op.role])}\t{op.full_name}\t{state}".rstrip())
    return 0


def cmd_operator_add(args) -> int:
    from zhoob_desktop.services.security import operators

    with cli_store(args) as store:
        secret = _new_secret(_("Passphrase of {login}: ").format(login=args.login))
        record = operators.add_operator(store, args.login, secret, args.role, args.full_name)
    print(_("Operator {login} added ({id}).").format(login=record.login, id=record.id[:8]))
    return 0


def cmd_operator_remove(args) -> int:
    from zhoob_desktop.services.security import operators

    with cli_store(args) as store:
        operators.remove_operator(store, args.login)
    print(_("Operator {login} removed.").format(login=args.login))
    return 0


def cmd_operator_role(args) -> int:
    from zhoob_desktop.services.security import operators

    with cli_store(args) as store:
        operators.set_role(store, args.login, args.role)
    return 0


def cmd_operator_passphrase(args) -> int:
    from zhoob_desktop.services.security import operators

    with cli_store(args) as store:
        operators.change_passphrase(store, _new_secret(_("New passphrase: ")))
    print(_("Passphrase changed."))
    return 0


def cmd_operator_pin(args) -> int:
    from zhoob_desktop.services.security import pin

    with cli_store(args) as store:
        if args.pin_action == "clear":
            login = args.login or store.operator.login
            had = pin.clear_pin(store, args.login)
            print((_("PIN removed for {login}.") if had else _("{login} has no PIN.")).format(login=login))
            return 0
        if args.login:
            print(_("A PIN is set by its own operator only."), file=sys.stderr)
            return 2
        typed = os.environ.get(ENV_NEW_PIN) or ask_secret(_("New PIN: "), twice=True)
        if not typed:
            print(_("No PIN was given: type it at the terminal or set ZHOOB_NEW_PIN."), file=sys.stderr)
            return 1
        pin.set_pin(store, typed, at_start=args.at_start)
    if args.at_start:
        print(
            _("PIN set for {login}: it unlocks the window and opens the program on this computer.").format(
                login=store.operator.login
            )
        )
        return 0
    print(
        _("PIN set for {login}: it unlocks the window of a running session.").format(
            login=store.operator.login
        )
    )
    return 0


def cmd_recover(args) -> int:
    from zhoob_desktop.services.security import access

    data_dir = resolve_data_dir(args.data_dir)
    recovery = os.environ.get(ENV_RECOVERY_KEY) or ask_secret(_("Recovery key: "))
    secret = _new_secret(_("New passphrase of {login}: ").format(login=args.operator))
    access.recover(data_dir, recovery, args.operator, secret)
    from zhoob_desktop.services.security import audit
    from zhoob_desktop.services.security.access import Credentials
    from zhoob_desktop.services.store import open_store

    store = open_store(data_dir, credentials=Credentials(args.operator, secret))
    try:
        audit.record(
            store,
            "login.recovery",
            store.operator.id if store.operator else "",
            {"with": audit.UNLOCK_RECOVERY},
        )
    finally:
        store.close(backup=False)
    print(_("A new passphrase is set for {login}.").format(login=args.operator))
    return 0


def cmd_recovery_key(args) -> int:
    from zhoob_desktop.services.security import operators

    with cli_store(args, remind_recovery=False) as store:
        recovery = operators.renew_recovery_key(store)
        if args.out:
            from zhoob_desktop.services.security.sheet import write_recovery_sheet

            write_recovery_sheet(store, recovery, args.out)
            print(_("Recovery sheet written: {path}").format(path=args.out))
        print_recovery_key(recovery)
        operators.confirm_recovery_key(store)  # printed at the terminal (and on the sheet)
    return 0


def cmd_keys(args) -> int:
    from pathlib import Path

    from zhoob_desktop.services.sync import keys as keystore

    extra = Path(args.keys) if args.keys else None
    with cli_store(args) as store:
        if args.keys_action == "check":
            states = keystore.key_file_states(store, extra)
            for found in states:
                if found.state == "sound":
                    copy = _("a copy is kept in the data") if found.has_copy else _("no copy in the data yet")
                    print(_("{path}: opens ({copy}).").format(path=found.path, copy=copy))
                else:
                    print(found.problem)
            if not states:
                print(_("No sealed private key file in this data folder."))
            return 1 if any(f.state != "sound" for f in states) else 0
        outcomes = keystore.restore_key_files(store, extra)
    for outcome in outcomes:
        if outcome.restored:
            print(_("Restored from its copy in the data: {path}").format(path=outcome.path))
            if outcome.kept is not None:
                print(_("The damaged file is kept as {path}.").format(path=outcome.kept))
        else:
            print(outcome.message, file=sys.stderr)
    if not outcomes:
        print(_("Every private key file opens: nothing to restore."))
    return 1 if any(not o.restored for o in outcomes) else 0


def cmd_audit(args) -> int:
    from zhoob_desktop.services.i18n import format_datetime
    from zhoob_desktop.services.security import audit

    with cli_store(args) as store:
        if args.action == "verify":
            count = audit.verify(store)
            print(_("The audit is intact: {count} entries.").format(count=count))
            return 0
        items = audit.entries(
            store,
            operator=args.operator,
            kind=args.kind,
            since=args.since,
            until=args.until,
            target=args.target,
        )
    if args.action == "summary":
        for who, kinds in audit.summary_by_operator(items).items():
            print(who)
            for kind, count in sorted(kinds.items()):
                print(f"    {_(audit.KIND_NAMES.get(kind, kind))}: {count}")
        return 0
    for item in items:
        if args.json:
            print(json.dumps(item.to_json(), ensure_ascii=False))
            continue
        from datetime import datetime

        when = format_datetime(datetime.fromisoformat(item.at))
        target = f" {item.target[:8]}" if item.target else ""
        detail = audit.describe(item.kind, item.detail)
        print(
            f"{item.seq}\t{when}\t{item.operator or '-'}\t{_(audit.KIND_NAMES.get(item.kind, item.kind))}{target}\t{detail}"
        )
    return 0
