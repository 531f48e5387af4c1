"""Encryption at rest: a stolen copy of the data folder shows no IIN or name; log-in, recovery, faults."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import TEST_OPERATOR, TEST_PASSPHRASE
from tests.register_fixtures import add
from zhoob_desktop import cipher
from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.security import access, convert, keys, operators
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import NotEncrypted, open_store
from zhoob_desktop.services.sync.district import import_bundle, register_okrug
from zhoob_desktop.services.sync.district_db import DEFAULT_DB_NAME, open_district

SURNAME = "Әбдірахманова"
GIVEN = "Гүлнұр"


def _needles(iin: str) -> list[bytes]:
    return [iin.encode(), SURNAME.encode("utf-8"), GIVEN.encode("utf-8"), SURNAME.encode("utf-16-le")]


def _files(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def _leaks(folder, needles) -> list[str]:
    found = []
    for path in _files(folder):
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


def _fill(store, count: int = 40):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    village = structure.create_settlement(store, "Қарағайлы")
    people = [add(store, SURNAME, GIVEN, date(1985, 3, 14), "F", serial=1, settlement_id=village.id)]
    for n in range(2, count):
        add(store, f"{SURNAME}{n}", GIVEN, date(1960 + n % 30, 1 + n % 12, 1 + n % 27), "F", serial=n)
    return people[0]


def test_a_stolen_copy_of_the_data_folder_shows_no_iin_or_name(store, tmp_path):
    from zhoob_desktop.services.sync import export as ex
    from zhoob_desktop.services.sync.keys import DistrictKeys

    person = _fill(store)
    district = DistrictKeys(tmp_path / "district-keys", "Іле ауданы").ensure()
    (tmp_path / "district.key").write_bytes(district.public().to_json())
    ex.import_district_key(store, tmp_path / "district.key")
    ex.export_bundle(store, store.data_dir / "exports" / "bundle.zip")  # sealed: the district's key is known
    # the same folder serves as a district's: the bundle imported into its district store
    ex.export_public_key(store, tmp_path / "okrug.key")
    dstore = open_district(store.data_dir / DEFAULT_DB_NAME, store=store)
    register_okrug(dstore, tmp_path / "okrug.key")
    import_bundle(dstore, store.data_dir / "exports" / "bundle.zip", district)
    dstore.backup("manual")
    with dstore.session() as s:  # the district store does hold the resident
        assert (
            s.execute(text("SELECT count(*) FROM resident WHERE iin = :i"), {"i": person.iin}).scalar() == 1
        )
    assert (store.data_dir / f"{DB_NAME}-wal").stat().st_size > 0  # the log holds the last writes
    stolen_open = tmp_path / "stolen-while-open"
    shutil.copytree(store.data_dir, stolen_open, ignore=shutil.ignore_patterns("zhoob.lock"))
    store.backup("manual")
    store.close()  # a backup on close as well
    stolen = tmp_path / "stolen"
    shutil.copytree(store.data_dir, stolen)
    needles = _needles(person.iin)
    assert _leaks(stolen_open, needles) == []
    assert _leaks(stolen, needles) == []
    assert len(list((stolen / "backups").glob("*.sqlite"))) == 2
    assert len(list((stolen / "backups" / "district").glob("*.sqlite"))) == 1  # the district's own
    assert (stolen / DEFAULT_DB_NAME).stat().st_size > 0
    dstore.close()
    assert (stolen / "exports" / "bundle.zip").stat().st_size > 0
    # the same bytes opened with the key do hold them: the test would see a leak
    conn = cipher.connect(
        stolen / DB_NAME, access.unlock(stolen, Credentials(TEST_OPERATOR, TEST_PASSPHRASE)).data_key
    )
    assert conn.execute("SELECT count(*) FROM resident WHERE iin = ?", (person.iin,)).fetchone()[0] == 1
    conn.close()
    # and plain SQLite cannot read any of them
    for path in [stolen / DB_NAME, stolen / DEFAULT_DB_NAME, *(stolen / "backups").rglob("*.sqlite")]:
        assert not cipher.is_plain_sqlite(path)


def test_without_the_passphrase_nothing_opens(data_dir, monkeypatch):
    monkeypatch.delenv("ZHOOB_PASSPHRASE")
    with pytest.raises(access.PassphraseNeeded):
        open_store(data_dir)


def test_a_new_folder_is_encrypted_by_default(tmp_path, monkeypatch):
    store = open_store(tmp_path / "new")
    assert store.encrypted and store.recovery_key and keys.recovery_key_valid(store.recovery_key)
    assert store.operator.login == TEST_OPERATOR and store.operator.role == "akim"
    store.close(backup=False)
    monkeypatch.delenv("ZHOOB_OPERATOR")
    with pytest.raises(access.SetupNeeded):
        open_store(tmp_path / "other")
    assert not (tmp_path / "other" / DB_NAME).exists()


def test_wrong_passphrase_waits_longer_each_time_and_changes_nothing(data_dir):
    db_before = (data_dir / DB_NAME).read_bytes()
    clock = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
    waits: list[float] = []
    bad = Credentials(TEST_OPERATOR, "not the passphrase")
    messages = []
    for _ in range(4):
        with pytest.raises(access.WrongPassphrase) as err:
            access.unlock(data_dir, bad, now=lambda: clock[0], sleep=waits.append)
        messages.append(err.value.message())
    assert waits == [1.0, 2.0, 4.0]  # the first attempt waits for nothing; each failure doubles the wait
    assert "4" in messages[-1]
    with pytest.raises(access.WrongPassphrase):  # an unknown name is refused the same way
        access.unlock(
            data_dir, Credentials("nobody", TEST_PASSPHRASE), now=lambda: clock[0], sleep=waits.append
        )
    clock[0] += timedelta(seconds=60)  # the wait has passed: no sleep, and the right passphrase opens
    waits.clear()
    opened = access.unlock(
        data_dir, Credentials(TEST_OPERATOR, TEST_PASSPHRASE), now=lambda: clock[0], sleep=waits.append
    )
    assert waits == [] and len(opened.data_key) == 32
    assert access.AccessFile.read(data_dir).failures() == (0, None)
    assert (data_dir / DB_NAME).read_bytes() == db_before


def test_recovery_key_restores_access_with_a_new_passphrase(tmp_path):
    folder = tmp_path / "d"
    store = open_store(folder)
    recovery = store.recovery_key
    store.close(backup=False)
    with pytest.raises(access.WrongRecoveryKey):
        access.recover(
            folder, keys.new_recovery_key(), TEST_OPERATOR, "a new passphrase", sleep=lambda s: None
        )
    typed = recovery.lower().replace("-", " ")  # as typed from paper
    access.recover(folder, typed, TEST_OPERATOR, "a new passphrase", sleep=lambda s: None)
    with pytest.raises(access.WrongPassphrase):
        open_store(folder, credentials=Credentials(TEST_OPERATOR, TEST_PASSPHRASE))
    store = open_store(folder, credentials=Credentials(TEST_OPERATOR, "a new passphrase"))
    assert store.operator.role == "akim"
    store.close(backup=False)


def test_a_damaged_key_file_is_replaced_by_its_copy_or_refused(data_dir, tmp_path):
    store = open_store(data_dir)  # writes nothing; the copy in backups/ is made when the file is saved
    store.close(backup=False)
    af = access.AccessFile.read(data_dir)
    af.save()
    (data_dir / access.ACCESS_FILE).write_text("{ damaged", encoding="utf-8")
    store = open_store(data_dir)
    assert json.loads((data_dir / access.ACCESS_FILE).read_text(encoding="utf-8"))["format"] == 1
    store.close(backup=False)
    (data_dir / access.ACCESS_FILE).write_text("{ damaged", encoding="utf-8")
    (data_dir / "backups" / access.ACCESS_FILE).write_text("", encoding="utf-8")
    with pytest.raises(access.AccessFileDamaged) as err:
        open_store(data_dir)
    assert "access.json" in err.value.message()


def test_a_wrap_moved_to_another_operator_does_not_open(data_dir):
    af = access.AccessFile.read(data_dir)
    ((op_id, entry),) = af.data["operators"].items()
    af.data["operators"] = {"00000000-0000-0000-0000-000000000000": entry}
    af.save()
    with pytest.raises(access.WrongPassphrase):
        access.unlock(data_dir, Credentials(TEST_OPERATOR, TEST_PASSPHRASE), sleep=lambda s: None)


def test_weak_test_wraps_are_strengthened_at_the_next_log_in(data_dir, monkeypatch):
    before = access.AccessFile.read(data_dir).data["operators"]
    assert all(e["wrap"]["n"] == keys.TEST["n"] for e in before.values())
    monkeypatch.setattr(keys, "STANDARD", {"n": 2**8, "r": 8, "p": 1})  # our own constant, cheaper than 2^17
    monkeypatch.delenv("ZHOOB_KDF_PROFILE")
    access.unlock(data_dir, Credentials(TEST_OPERATOR, TEST_PASSPHRASE))
    after = access.AccessFile.read(data_dir).data["operators"]
    assert all(e["wrap"]["n"] == 2**8 for e in after.values())
    access.unlock(data_dir, Credentials(TEST_OPERATOR, TEST_PASSPHRASE))


def test_kdf_standard_parameters_are_documented():
    assert keys.STANDARD == {"n": 2**17, "r": 8, "p": 1}


def test_a_plain_folder_is_converted_with_a_backup_and_progress(tmp_path):
    folder = tmp_path / "old"
    plain = open_store(folder, encryption=False)
    assert not plain.encrypted and plain.operator is None
    person = _fill(plain, 300)
    plain.close()  # leaves a plain backup too
    # the folder also serves a district: its plain district store, a copy kept among the okrug's backups
    district = open_district(folder / DEFAULT_DB_NAME)
    with district.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO district_okrug (id, name, public_key, fingerprint, registered_at) VALUES (:i, :n, '', '', '')"
            ),
            {"i": "0" * 32, "n": SURNAME},
        )
    legacy = district.backup("manual").path
    district.close()
    legacy = Path(shutil.move(legacy, folder / "backups" / legacy.name))
    assert cipher.is_plain_sqlite(folder / DB_NAME)
    assert _leaks(folder, _needles(person.iin))
    with pytest.raises(NotEncrypted):
        open_store(folder)
    seen = []
    report = convert.encrypt_folder(
        folder, "akim", "long passphrase", progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1]
    assert folder / DB_NAME in report.encrypted and folder / DEFAULT_DB_NAME in report.encrypted
    assert folder / "backups" / "district" / legacy.name in report.encrypted and not legacy.exists()
    reasons = sorted(p.name.split("-")[-1] for p in report.encrypted if p.parent.name == "backups")
    assert reasons == ["close.sqlite", "encryption.sqlite"]  # ...-close, ...-pre-encryption
    assert report.left_plain == [] and report.caveats
    assert _leaks(folder, _needles(person.iin)) == []
    store = open_store(folder, credentials=Credentials("akim", "long passphrase"))
    assert store.operator.role == "akim"
    from zhoob_desktop.services.register.residents import get_resident

    assert get_resident(store, person.id).iin == person.iin
    assert store.backups.newest_good() is not None  # the encrypted backups open with the same key
    store.close(backup=False)
    with pytest.raises(convert.AlreadyEncrypted):
        convert.encrypt_folder(folder, "akim", "long passphrase")


def test_conversion_cancelled_leaves_the_plain_folder_as_it_was(tmp_path):
    folder = tmp_path / "old"
    plain = open_store(folder, encryption=False)
    _fill(plain, 200)
    plain.close(backup=False)
    from zhoob_desktop.services.errors import OperationCancelled

    with pytest.raises(OperationCancelled):
        convert.encrypt_folder(folder, "akim", "long passphrase", cancelled=lambda: True)
    assert not access.is_encrypted(folder)
    assert not list(folder.glob("*.encrypting"))
    again = open_store(folder, encryption=False)
    again.close(backup=False)


def test_a_plain_district_store_is_encrypted_at_its_first_opening_by_an_operator(store, tmp_path):
    """A district store of an earlier version (plain, its backups among the okrug's): encrypted in place."""
    from zhoob_desktop.services.security import roles
    from zhoob_desktop.services.sync import export as ex

    person = _fill(store, 5)
    ex.export_public_key(store, tmp_path / "okrug.key")
    plain = open_district(store.data_dir / DEFAULT_DB_NAME)  # as an earlier version opened it: no operator
    register_okrug(plain, tmp_path / "okrug.key")
    with plain.engine.begin() as conn:  # a resident's name in it, as an import leaves them
        conn.execute(text("UPDATE district_okrug SET name = :n"), {"n": SURNAME})
    legacy = plain.backup("manual").path
    plain.close()
    legacy = Path(
        shutil.move(legacy, store.data_dir / "backups" / legacy.name)
    )  # where earlier versions kept it
    assert cipher.is_plain_sqlite(store.data_dir / DEFAULT_DB_NAME) and cipher.is_plain_sqlite(legacy)
    dstore = open_district(store.data_dir / DEFAULT_DB_NAME, store=store)
    try:
        with dstore.session() as s:
            assert s.execute(text("SELECT name FROM district_okrug")).scalar() == SURNAME
    finally:
        dstore.close()
    assert not legacy.exists()
    moved = store.data_dir / "backups" / "district" / legacy.name
    assert not cipher.is_plain_sqlite(moved) and not cipher.is_plain_sqlite(store.data_dir / DEFAULT_DB_NAME)
    files = [store.data_dir / DEFAULT_DB_NAME, moved]
    assert not [
        p for p in files if SURNAME.encode() in p.read_bytes() or person.iin.encode() in p.read_bytes()
    ]
    # an operator without the right to read it does not open it
    operators.add_operator(store, "clerk", "clerk passphrase", roles.CLERK)
    folder = store.data_dir
    store.close(backup=False)
    clerk = open_store(folder, credentials=Credentials("clerk", "clerk passphrase"))
    try:
        with pytest.raises(roles.PermissionDenied):
            open_district(folder / DEFAULT_DB_NAME, store=clerk)
    finally:
        clerk.close(backup=False)
    store.__dict__["engine"] = clerk.engine  # the fixture closes it again: harmless


def test_the_network_service_opens_the_encrypted_district_store_with_the_folders_key(store, tmp_path):
    """`zhoob district serve` on the folder's district store: its workers are given the data key."""
    from zhoob_desktop.services.sync.keys import DistrictKeys
    from zhoob_desktop.services.sync.net import serve
    from zhoob_desktop.services.sync.net.server import ServiceConfig, State

    keys = DistrictKeys(tmp_path / "district-keys", "Іле ауданы")
    config, dialect = serve.prepare(store.data_dir / DEFAULT_DB_NAME, keys, tmp_path / "spool", store=store)
    assert dialect == "sqlite" and bytes.fromhex(config.key) == store.key
    assert not cipher.is_plain_sqlite(store.data_dir / DEFAULT_DB_NAME)
    worker = State(ServiceConfig(**json.loads(config.to_env())))  # as a worker process reads it
    try:
        with worker.dstore.session() as s:
            assert s.execute(text("SELECT count(*) FROM district_okrug")).scalar() == 0
    finally:
        worker.close()


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("1234567", access.WeakPassphrase),
        ("15031985", access.PassphraseDigits),
        ("8 701 555 12 34", access.PassphraseDigits),
        ("aaaa1111", access.PassphrasePlain),
        ("qwertyuiop", access.PassphrasePlain),
        ("ЙЦУКЕНГШ", access.PassphrasePlain),
        ("abcdefgh", access.PassphrasePlain),
        ("Password1!", access.PassphraseCommon),
        ("пароль2024", access.PassphraseCommon),
        ("Akimat2025", access.PassphraseCommon),
        ("Berik1987", access.PassphraseLogin),
    ],
)
def test_a_guessable_passphrase_is_refused_with_its_reason(typed, refusal):
    with pytest.raises(refusal):
        access.check_passphrase(typed, "berik")


@pytest.mark.parametrize(
    "typed", ["test passphrase 1", "көктем сай жолы", "Berik's old apple tree", "akim passphrase"]
)
def test_ordinary_passphrases_are_taken(typed):
    access.check_passphrase(typed, "berik")


def test_a_guessable_passphrase_is_refused_by_every_way_of_setting_one(store, tmp_path):
    from zhoob_desktop.services.security import operators

    with pytest.raises(access.PassphraseCommon):
        operators.add_operator(store, "clerk", "password123", "clerk")
    with pytest.raises(access.PassphraseLogin):
        operators.add_operator(store, "aidana", "Aidana2024", "clerk")
    with pytest.raises(access.PassphraseDigits):
        operators.change_passphrase(store, "0123456789012")
    with pytest.raises(access.PassphrasePlain):
        access.set_up(tmp_path / "new", "akim", "aaaaaaaa")
    assert not (tmp_path / "new" / access.ACCESS_FILE).exists()
