"""`zhoob district serve` and the rest of sync over the network, on both sides.

Okrug: ``bundle connect`` (the service's address and pinned certificate),
``bundle send`` (a round now), ``bundle queue`` (what waits, what was refused
and why), ``bundle auto on|off``. District: ``district serve``,
``district certificate``, ``district revoke-okrug``, ``district okrugs`` (the
operator's view), ``district referred`` and ``district rule`` (the district
akim's decisions on disagreements). The sub-commands hang under ``bundle``
and ``district`` (``commands/sync.py`` calls ``add_bundle`` and ``add_district``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from zhoob_desktop.commands import cli_store, lazy_module
from zhoob_desktop.services.datadir import ensure_writable, resolve_data_dir
from zhoob_desktop.services.i18n import _, format_date, format_datetime, format_number

queue = lazy_module("zhoob_desktop.services.sync.net.queue")
tls = lazy_module("zhoob_desktop.services.sync.net.tls")
serve = lazy_module("zhoob_desktop.services.sync.net.serve")
access = lazy_module("zhoob_desktop.services.sync.net.access")
rulings = lazy_module("zhoob_desktop.services.sync.net.rulings")
operator = lazy_module("zhoob_desktop.services.sync.net.operator")
district_db = lazy_module("zhoob_desktop.services.sync.district_db")
keystore = lazy_module("zhoob_desktop.services.sync.keys")

SPOOL_DIR = "district-spool"
DISTRICT_KEYS_DIR = "district-keys"


def register(sub) -> None:
    """Nothing of its own at the top: see ``add_bundle`` and ``add_district``."""


def add_bundle(bsub) -> None:
    b = bsub.add_parser("connect", help=_("set up the district service: its address and pinned certificate"))
    b.add_argument("url", metavar="URL", help=_("the service's address, https://name-or-address:port"))
    b.add_argument(
        "--fingerprint",
        metavar="TEXT",
        help=_("the certificate's fingerprint as the district reads it over the telephone"),
    )
    b.add_argument(
        "--certificate",
        metavar="FILE",
        help=_("the district's certificate file (otherwise taken from the service)"),
    )
    b.set_defaults(func=cmd_connect)
    b = bsub.add_parser("send", help=_("send the waiting bundles now and take the district's answers"))
    b.add_argument("--during-sitting", action="store_true", help=_("send even while a sitting is being held"))
    b.set_defaults(func=cmd_send)
    b = bsub.add_parser("queue", help=_("the send queue: last sent, waiting, refused and why"))
    b.set_defaults(func=cmd_queue)
    b = bsub.add_parser("auto", help=_("send by itself when the district can be reached, or only when asked"))
    b.add_argument("state", choices=("on", "off"), metavar="on|off")
    b.set_defaults(func=cmd_auto)


def add_district(dsub, common) -> None:
    d = dsub.add_parser("serve", help=_("run the district service for the okrugs (HTTPS)"))
    common(d)
    d.add_argument("--host", default="0.0.0.0", help=_("address to listen on (default: every address)"))
    d.add_argument("--port", type=int, default=8443, help=_("port to listen on (default 8443)"))
    d.add_argument("--workers", type=int, help=_("worker processes (default: by the database)"))
    d.add_argument("--spool", metavar="DIR", help=_("folder for bundles while they come in"))
    d.add_argument(
        "--tls-dir", metavar="DIR", help=_("folder of the service's certificate (made on first use)")
    )
    d.add_argument("--tls-cert", metavar="FILE", help=_("a certificate of your own (PEM), with --tls-key"))
    d.add_argument("--tls-key", metavar="FILE", help=_("the private key of that certificate (PEM)"))
    d.add_argument(
        "--host-name", action="append", default=[], metavar="NAME",
        help=_("a name or address the okrugs use, written into a new certificate (repeatable)"),
    )  # fmt: skip
    d.add_argument("--name", default="", help=_("name of the district shown to the okrugs"))
    d.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    d.set_defaults(func=cmd_serve)
    d = dsub.add_parser(
        "certificate", help=_("write the service's certificate for the okrugs; its fingerprint")
    )
    d.add_argument("--out", metavar="FILE", help=_("certificate file to write"))
    d.add_argument(
        "--tls-dir", metavar="DIR", help=_("folder of the service's certificate (made on first use)")
    )
    d.add_argument("--host-name", action="append", default=[], metavar="NAME")
    d.add_argument("--name", default="", help=_("name of the district shown to the okrugs"))
    d.set_defaults(func=cmd_certificate)
    d = dsub.add_parser("revoke-okrug", help=_("stop accepting an okrug's key (a lost laptop), or --lift"))
    d.add_argument("okrug", metavar="OKRUG", help=_("okrug id or name"))
    d.add_argument("--by", required=True, metavar="NAME", help=_("who decides"))
    d.add_argument("--reason", default="", metavar="TEXT", help=_("why"))
    d.add_argument("--lift", action="store_true", help=_("accept the key again"))
    common(d)
    d.set_defaults(func=cmd_revoke)
    d = dsub.add_parser(
        "okrugs", help=_("per okrug: contact, bundles waiting, conflicts, sittings, decisions")
    )
    d.add_argument("--on", type=_date, metavar="DATE", help=_("the day to count from (default today)"))
    common(d)
    d.set_defaults(func=cmd_okrugs)
    d = dsub.add_parser("referred", help=_("decisions referred to the district akim (Reg §13)"))
    d.add_argument("--all", action="store_true", help=_("also the ones he decided"))
    common(d)
    d.set_defaults(func=cmd_referred)
    d = dsub.add_parser("rule", help=_("record the district akim's decision on a referred decision"))
    d.add_argument("decision", metavar="DECISION", help=_("decision id or its first characters"))
    d.add_argument("outcome", choices=("upheld", "overruled"), metavar="upheld|overruled")
    d.add_argument(
        "--on", required=True, type=_date, metavar="DATE", help=_("the date of the district akim's decision")
    )
    d.add_argument("--document", required=True, metavar="TEXT", help=_("the document: its number and date"))
    d.add_argument("--by", required=True, metavar="NAME", help=_("who records it"))
    d.add_argument("--note", default="", metavar="TEXT")
    common(d)
    d.set_defaults(func=cmd_rule)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date; write it as YYYY-MM-DD.").format(value=text)
        ) from None


# -- okrug side ---------------------------------------------------------------------------------


def cmd_connect(args) -> int:
    with cli_store(args) as store:
        lk = queue.set_up(
            store,
            args.url,
            fingerprint=args.fingerprint,
            certificate=Path(args.certificate) if args.certificate else None,
        )
    print(
        _("District service set up: {url}, certificate {fingerprint}.").format(
            url=lk.url, fingerprint=lk.fingerprint
        )
    )
    if not lk.confirmed:
        print(
            _(
                "Compare this fingerprint with the district by telephone, or set it up again with --fingerprint."
            )
        )
    return 0


def print_round(result) -> None:
    if result.paused_for:
        print(
            _(
                'Nothing was sent: the sitting "{sitting}" is being held. Send with --during-sitting '
                "to send anyway."
            ).format(sitting=result.paused_for)
        )
    for seq in result.exported:
        print(_("Bundle number {seq} written to the outbox.").format(seq=seq))
    for seq, state in result.delivered:
        text = (
            _("Bundle number {seq} imported by the district.")
            if state == "imported"
            else _("Bundle number {seq}: the district holds it already.")
        )
        print(text.format(seq=seq))
    for seq, why in result.refused:
        print(
            _("Bundle number {seq} REFUSED by the district: {reason}").format(seq=seq, reason=why),
            file=sys.stderr,
        )
    if result.acknowledged:
        print(
            _("The district acknowledged bundles {numbers}.").format(
                numbers=", ".join(map(str, sorted(result.acknowledged)))
            )
        )
    if result.rulings:
        print(
            _("The district akim's decisions recorded in the decisions' history: {count}.").format(
                count=result.rulings
            )
        )
    if result.error:
        print(result.error, file=sys.stderr)


def cmd_send(args) -> int:
    with cli_store(args) as store:
        result = queue.run_round(store, force=args.during_sitting)
    print_round(result)
    if result.error:
        return 3
    return 4 if result.refused else 0


def cmd_queue(args) -> int:
    with cli_store(args) as store:
        status = queue.queue_status(store)
    for line in queue_lines(status):
        print(line)
    return 0


def queue_lines(st) -> list[str]:
    """The send queue in words (``bundle queue``, ``bundle status``)."""
    if not st.configured:
        return [_("No district service is set up; bundles travel as files.")]
    never = _("never")
    out = [
        _("District service: {url}, certificate {fingerprint}").format(
            url=st.url, fingerprint=st.fingerprint
        ),
        _("Sends by itself: {state}").format(state=_("yes") if st.auto else _("no, only when asked")),
        _("Last contact: {when}").format(
            when=format_datetime(st.last_contact_at) if st.last_contact_at else never
        ),
        _("Last sent: {when}").format(
            when=(
                _("bundle number {seq}, {when}").format(
                    seq=st.last_sent_seq, when=format_datetime(st.last_sent_at)
                )
                if st.last_sent_at
                else never
            )
        ),
        _("Waiting to be sent: {count}").format(count=len(st.waiting)),
    ]
    for item in st.waiting:
        out.append(
            "  "
            + _("bundle number {seq}, {size} bytes, tried {attempts} times").format(
                seq=item.seq, size=format_number(item.size), attempts=item.attempts
            )
        )
    if st.refused:
        out.append(_("Refused by the district: {count}").format(count=len(st.refused)))
    for item in st.refused:
        out.append("  " + _("bundle number {seq}: {reason}").format(seq=item.seq, reason=item.reason))
    if st.live_sitting:
        out.append(_("A sitting is being held ({sitting}): nothing is sent until it closes, unless asked.").format(
            sitting=st.live_sitting))  # fmt: skip
    if st.last_error:
        out.append(_("Last problem: {error}").format(error=st.last_error))
    if st.next_at and st.auto:
        out.append(_("Next try: {when}").format(when=format_datetime(st.next_at)))
    return out


def cmd_auto(args) -> int:
    with cli_store(args) as store:
        queue.set_auto(store, args.state == "on")
    print(
        _("Sends by itself: {state}").format(
            state=_("yes") if args.state == "on" else _("no, only when asked")
        )
    )
    return 0


# -- district side ------------------------------------------------------------------------------


def _data_dir(args) -> Path:
    return ensure_writable(resolve_data_dir(args.data_dir))


def _db(args):
    """The district store, opened for the operator logged in (rights, data key) as `zhoob district` does."""
    from zhoob_desktop.commands.sync import _db as logged_in

    return logged_in(args)


def _tls_dir(args) -> Path:
    return Path(args.tls_dir) if args.tls_dir else _data_dir(args) / tls.TLS_DIR


def cmd_certificate(args) -> int:
    cert = tls.server_certificate(_tls_dir(args), args.name, args.host_name)
    if args.out:
        from zhoob_desktop.services.sync.atomic import write_atomic

        write_atomic(Path(args.out), cert.pem.encode("ascii"))
        print(_("Certificate of the district service written to {path}.").format(path=args.out))
    print(_("Certificate fingerprint: {fingerprint}").format(fingerprint=cert.fingerprint))
    return 0


def cmd_serve(args) -> int:
    from zhoob_desktop.commands.sync import _login

    login = _login(args, "district.write")  # before any key or store is made
    keys_dir = Path(args.keys) if args.keys else _data_dir(args) / DISTRICT_KEYS_DIR
    keys = keystore.DistrictKeys(keys_dir, args.name, seal=login.seal()).ensure()
    db = args.db or (_data_dir(args) / district_db.DEFAULT_DB_NAME)
    spool = Path(args.spool) if args.spool else _data_dir(args) / SPOOL_DIR
    config, dialect = serve.prepare(db, keys, spool, args.name, store=login)
    if args.tls_cert or args.tls_key:
        cert = tls.given_certificate(Path(args.tls_cert or ""), Path(args.tls_key or ""))
    else:
        cert = tls.server_certificate(_tls_dir(args), args.name, args.host_name)
    workers = args.workers or serve.default_workers(dialect)
    print(_("District key fingerprint: {fingerprint}").format(fingerprint=keys.public().fingerprint))
    print(_("Certificate fingerprint: {fingerprint}").format(fingerprint=cert.fingerprint))
    print(
        _(
            "The district service listens on https://{host}:{port} with {workers} worker processes ({db})."
        ).format(host=args.host, port=args.port, workers=workers, db=dialect),
        flush=True,
    )
    serve.run(config, cert, host=args.host, port=args.port, workers=workers, log_level=args.log_level)
    return 0


def cmd_revoke(args) -> int:
    dstore = _db(args)
    try:
        if args.lift:
            rev = access.lift(dstore, args.okrug, by=args.by)
            print(_("The key of okrug {okrug} is accepted again.").format(okrug=rev.okrug_name))
        else:
            rev = access.revoke(dstore, args.okrug, by=args.by, reason=args.reason)
            print(
                _(
                    "The key of okrug {okrug} (fingerprint {fingerprint}) is revoked: the service answers it nothing."
                ).format(okrug=rev.okrug_name, fingerprint=rev.fingerprint)
            )
    finally:
        dstore.close()
    return 0


def cmd_okrugs(args) -> int:
    dstore = _db(args)
    try:
        rows = operator.okrug_rows(dstore, today=args.on)
    finally:
        dstore.close()
    if not rows:
        print(_("No okrug is registered yet."))
    for r in rows:
        for line in operator.row_lines(r):
            print(line)
    return 0


def cmd_referred(args) -> int:
    dstore = _db(args)
    try:
        rows = rulings.referred(dstore, include_decided=args.all)
    finally:
        dstore.close()
    if not rows:
        print(_("No decision waits for the district akim."))
    for r in rows:
        held = format_date(r.held_on, "short") if r.held_on else "—"
        print(f"{r.short_id}\t{r.okrug_name}\t{held}\t{r.item}. {r.title}")
        print("\t" + r.text)
        if r.reasons:
            print("\t" + _("The okrug akim's reasons: {reasons}").format(reasons=r.reasons))
        if r.referred_on:
            print("\t" + _("Referred on {date}").format(date=format_date(r.referred_on, "short")))
        if r.ruling is not None:
            print(
                "\t"
                + _("The district akim: {outcome}, {date}, {document}").format(
                    outcome=rulings.outcome_label(r.ruling.outcome),
                    date=format_date(r.ruling.on_date, "short"),
                    document=r.ruling.document,
                )
            )
    return 0


def cmd_rule(args) -> int:
    dstore = _db(args)
    try:
        r = rulings.rule(
            dstore,
            args.decision,
            args.outcome,
            on=args.on,
            document=args.document,
            by=args.by,
            note=args.note,
        )
    finally:
        dstore.close()
    print(
        _(
            "The district akim's decision on {id} ({outcome}, {date}) is recorded; it goes to {okrug} with the next receipt."
        ).format(
            id=r.short_id,
            outcome=rulings.outcome_label(args.outcome),
            date=format_date(r.ruling.on_date, "short"),
            okrug=r.okrug_name,
        )
    )
    return 0


__all__ = ["add_bundle", "add_district", "queue_lines", "register"]
