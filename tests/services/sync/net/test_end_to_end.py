"""An okrug laptop and the district service on one machine, through a proxy that drops and stalls.

The service runs as ``zhoob district serve`` with two worker processes over
the suite's PostgreSQL. A scripted okrug changes its register, holds
sittings, disagrees with a decision and refers it; a refused resident comes
back and is sent again corrected; the district akim's decision comes back
into the decision's history. Every bundle is imported exactly once, and the
district's store equals a second store that took the same bundles as files.
"""

from __future__ import annotations

import shutil
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.services.decisions.helpers import held_sitting
from tests.services.sync.helpers import dump, make_pair
from tests.services.sync.net.faultproxy import FaultProxy, Faults
from tests.services.sync.net.service import ProcessService, db_text
from tests.services.sync.okrug_data import add_residents, make_okrug
from zhoob_desktop.models.netsync import DistrictUpload
from zhoob_desktop.models.sync import DistrictBundle
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, get_resident, update_resident
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import conflicts, many
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync.district import list_conflicts, register_okrug
from zhoob_desktop.services.sync.district_db import open_district
from zhoob_desktop.services.sync.net import queue as q
from zhoob_desktop.services.sync.net import rulings
from zhoob_desktop.services.sync.net.tls import CERT_FILE, TLS_DIR

pytestmark = pytest.mark.postgres

# The service's own bookkeeping, and the district's own input, which a store of files does not have;
# the audit of the district store names who imported, and when (the service's operator, here).
NETWORK_TABLES = {
    "audit_event",
    "district_contact",
    "district_nonce",
    "district_upload",
    "district_ruling",
    "district_revocation",
}
EXECUTION = "execution_of_decisions"


def _round(store, client, *, force=False):
    result = q.run_round(store, client=client, force=force, tries=40, sleep=lambda s: time.sleep(min(s, 0.3)))
    assert not result.error, result
    return result


def _other_okrug(tmp_path, keys, iin):
    """A neighbouring okrug whose resident holds ``iin``: its bundle, its key file."""
    other = open_store(tmp_path / "other", lock=False)
    make_okrug(other, "Бірлік ауылдық округі")
    (resident,) = add_residents(other, 1, "Бірлік")
    update_resident(other, resident.id, ResidentInput(
        surname=resident.surname, given_name=resident.given_name, iin=iin, birth_date=date(1971, 3, 4), sex="M",
        settlement_id=resident.settlement_id, street_id=resident.street_id, registered_on=date(2020, 1, 1),
    ), iin_confirmed=True)  # fmt: skip
    (tmp_path / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(other, tmp_path / "district.key")
    ex.export_public_key(other, tmp_path / "other.key")
    bundle = ex.export_bundle(other, tmp_path / "other-1.zip").path
    other.close(backup=False)
    return bundle, tmp_path / "other.key"


def test_an_okrug_syncs_over_a_flaky_network_and_the_district_equals_the_file_road(
    store, district_pg, pg_server, pg_template, tmp_path
):
    pair = make_pair(store, district_pg, tmp_path, residents=12, sittings=2)
    service = ProcessService(
        db_text(district_pg), tmp_path / "district-data", pair.keys.folder, workers=2
    ).start()
    proxy = FaultProxy(service.port, Faults(drop=0.25, stall=0.1, drop_after=(100, 8_000),
                                            stall_seconds=(0.3, 5.0), seed=7)).start()  # fmt: skip
    try:
        # set-up: the certificate file from the district, and its fingerprint read over the telephone
        certificate = tmp_path / "district-data" / TLS_DIR / CERT_FILE
        q.set_up(
            store, f"https://127.0.0.1:{proxy.port}", certificate=certificate, fingerprint=service.fingerprint
        )
        client = q.make_client(store, q.link(store), timeout=4.0)

        # 1. the first, full bundle
        first = _round(store, client)
        assert first.exported == [1] and first.delivered == [(1, "imported")] and first.acknowledged == [1]

        # 2. the register changes, a protocol goes to the akim, he disagrees; the meeting insists;
        #    the okrug refers the decision to the district akim (Reg §13)
        add_residents(store, 3, "Жаңаталап")
        info = held_sitting(store, date(2026, 10, 12), ["Sell the old school building"], titles=["Property"],
                            number=11)  # fmt: skip
        D.hand_over(store, info.id, on=date(2026, 10, 13), today=date(2026, 10, 13))
        (decision,) = D.protocol_view(store, info.id, today=date(2026, 10, 13)).decisions
        D.consider(store, info.id, on=date(2026, 10, 15), today=date(2026, 10, 15),
                   outcomes={decision.id: D.Outcome("disagreed", "Communal property is needed")})  # fmt: skip
        again = held_sitting(store, date(2026, 11, 2), [None], titles=["Execution of decisions"],
                             kinds=[EXECUTION], number=12)  # fmt: skip
        D.record_step(store, decision.id, "unresolved", at_sitting=again.id, note="The meeting insists",
                      today=date(2026, 11, 3))  # fmt: skip
        D.record_step(store, decision.id, "referred", on=date(2026, 11, 4), note="Letter No. 45",
                      today=date(2026, 11, 4))  # fmt: skip
        second = _round(store, client)
        assert second.exported == [2] and second.delivered == [(2, "imported")]

        # 3. a neighbouring okrug's bundle came by USB stick; this okrug registers someone with the same IIN
        iin = make_iin(date(1971, 3, 4), "M", 4321)
        other_bundle, other_key = _other_okrug(tmp_path, pair.keys, iin)
        register_okrug(district_pg, other_key)
        assert many.import_many(district_pg, [other_bundle], pair.keys)[0].result is not None
        newcomer = pair.residents[0]
        held = get_resident(store, newcomer.id)
        update_resident(store, newcomer.id, ResidentInput(
            surname=held.surname, given_name=held.given_name, patronymic=held.patronymic, iin=iin,
            birth_date=date(1971, 3, 4), sex="M", settlement_id=held.settlement_id, street_id=held.street_id,
            registered_on=held.registered_on,
        ), iin_confirmed=True)  # fmt: skip
        third = _round(store, client)
        assert third.delivered == [(3, "imported")]
        (verdict,) = [v for v in ex.list_verdicts(store) if v.kind == "unique"]
        assert verdict.status == "open" and verdict.resent

        # 4. the district rejects it and its akim upholds the referred decision; both come back
        (conflict,) = [c for c in list_conflicts(district_pg) if c.kind == "unique"]
        conflicts.resolve(
            district_pg, str(conflict.id), "reject", by="Ахметова Г.", reason="The IIN is Бірлік's"
        )
        (waiting,) = rulings.referred(district_pg)
        assert waiting.decision_id == decision.id and waiting.reasons == "Communal property is needed"
        rulings.rule(
            district_pg,
            decision.short_id,
            "upheld",
            on=date(2026, 11, 20),
            document="Іле ауданы әкімінің 2026 жылғы 20 қарашадағы № 112 шешімі",
            by="Іле ауданының әкімі",
        )
        fourth = _round(store, client)
        assert fourth.rulings == 1 and fourth.exported == []
        (verdict,) = [v for v in ex.list_verdicts(store) if v.kind == "unique"]
        assert (verdict.status, verdict.resolved_by) == ("rejected", "Ахметова Г.")
        view = D.get_decision(store, decision.id)
        last = view.history[-1]
        assert (last.step, last.on, view.status) == ("district_upheld", date(2026, 11, 20), "approved")
        assert "№ 112" in last.note and last.data["from_district"]

        # 5. the okrug corrects the IIN; the step and the correction go; the conflict closes
        update_resident(store, newcomer.id, ResidentInput(
            surname=held.surname, given_name=held.given_name, patronymic=held.patronymic, iin=None,
            birth_date=held.birth_date, sex=held.sex, settlement_id=held.settlement_id, street_id=held.street_id,
            registered_on=held.registered_on,
        ))  # fmt: skip
        fifth = _round(store, client)
        assert fifth.exported == [4] and fifth.delivered == [(4, "imported")]
        assert [v.status for v in ex.list_verdicts(store) if v.kind == "unique"] == ["closed"]
        assert rulings.referred(district_pg, include_decided=True)[0].state == "approved"
        client.close()
    finally:
        proxy.stop()
        service.stop()

    # the network was unkind, and still every bundle was imported exactly once
    assert proxy.stats.dropped > 0 and proxy.stats.stalled > 0, proxy.stats
    with district_pg.session() as s:
        uploads = list(s.scalars(select(DistrictUpload).where(DistrictUpload.okrug_id != _id(other_key))))
        assert sorted((u.seq, u.state, u.imports) for u in uploads) == [
            (n, "imported", 1) for n in (1, 2, 3, 4)
        ]
        assert s.scalar(select(func.count()).select_from(DistrictBundle)) == 5

    # the same bundles as files, one by one, into a fresh store: the same district
    files = open_district(pg_server.url(pg_server.create_database(pg_template)))
    try:
        register_okrug(files, other_key)
        register_okrug(files, tmp_path / "okrug.key")
        outbox = sorted(q.outbox_dir(store).glob("*.zip"))
        assert len(outbox) == 4
        copies = []
        for path in outbox:
            copies.append(tmp_path / "usb" / path.name)
            copies[-1].parent.mkdir(exist_ok=True)
            shutil.copyfile(path, copies[-1])
        outcomes = many.import_many(files, [other_bundle, *copies], pair.keys)
        assert all(o.result is not None for o in outcomes), [o.message for o in outcomes]
        net_side = {k: v for k, v in dump(district_pg, data_only=True).items() if k not in NETWORK_TABLES}
        file_side = {k: v for k, v in dump(files, data_only=True).items() if k not in NETWORK_TABLES}
        assert net_side == file_side
    finally:
        files.close()


def _id(key_path):
    from zhoob_desktop.services.sync.keys import OkrugKeyFile

    return OkrugKeyFile.read(key_path).okrug_id
