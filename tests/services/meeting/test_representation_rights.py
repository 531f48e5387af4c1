"""Representation under the operators' roles: the procedure is the okrug's rule, the initiative is
prepared by the apparatus; a clerk reads the representatives without writing the roster."""

from __future__ import annotations

from datetime import date

import pytest

from tests.representation_fixtures import GATHERING_DAY, build_okrug, separate_gathering
from zhoob_desktop.services.meeting.initiatives import add_signer, create_initiative
from zhoob_desktop.services.meeting.representation import record_procedure
from zhoob_desktop.services.meeting.representatives import coverage
from zhoob_desktop.services.security import audit, operators, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.security.roles import PermissionDenied
from zhoob_desktop.services.store import open_store

PASS = "role passphrase"


def test_rights_over_procedure_initiatives_and_the_roster(store):
    okrug = build_okrug(store)
    kar = okrug.village("Қарағайлы")
    separate_gathering(okrug, kar)  # closed; its representatives are not on the roster yet
    iin = kar.residents[3].iin
    for role in (roles.AKIM, roles.CLERK, roles.SECRETARY):
        operators.add_operator(store, f"op-{role}", PASS, role, full_name=f"Operator {role}")
    folder = store.data_dir
    store.close(backup=False)

    clerk = open_store(folder, credentials=Credentials(f"op-{roles.CLERK}", PASS))
    try:
        seen = coverage(clerk, GATHERING_DAY)  # reads the roster as it stands, writes nothing
        assert seen.elected == 0
        with pytest.raises(PermissionDenied):
            create_initiative(clerk, body="gathering", base_on=date(2026, 10, 20), agenda=["Жол"])
        with pytest.raises(PermissionDenied):
            record_procedure(
                clerk, decision_number="2", decision_date=date(2026, 10, 1), decision_body="М", norm_per=5
            )
    finally:
        clerk.close(backup=False)

    secretary = open_store(folder, credentials=Credentials(f"op-{roles.SECRETARY}", PASS))
    try:
        assert coverage(secretary, GATHERING_DAY).elected == 5  # the roster is brought up to date
        ini = create_initiative(secretary, body="gathering", base_on=date(2026, 10, 20), agenda=["Жол"])
        assert add_signer(secretary, ini.id, iin).accepted
        with pytest.raises(PermissionDenied):  # the maslikhat's procedure is the akim's to record
            record_procedure(
                secretary, decision_number="2", decision_date=date(2026, 10, 1), decision_body="М", norm_per=5
            )
    finally:
        secretary.close(backup=False)

    akim = open_store(folder, credentials=Credentials(f"op-{roles.AKIM}", PASS))
    try:
        record_procedure(
            akim, decision_number="2", decision_date=date(2026, 10, 1), decision_body="М", norm_per=5
        )
        kinds = [(e.kind, e.operator) for e in audit.entries(akim)]
    finally:
        akim.close(backup=False)
    by = {(kind, who.split(" [")[0]) for kind, who in kinds}  # "Full Name [id]"
    assert ("initiative.changed", f"Operator {roles.SECRETARY}") in by
    assert ("initiative.signature", f"Operator {roles.SECRETARY}") in by
    assert ("procedure.recorded", f"Operator {roles.AKIM}") in by
