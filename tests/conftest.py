"""Shared fixtures: Qt offscreen, a template store built once and copied per test."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every store of the suite is encrypted and opened by a test operator, through the real code
# path: the passphrase comes from the environment as for a script, and the documented test
# profile lowers scrypt's cost (docs/security.md). Child processes (the CLI tests) inherit it.
TEST_OPERATOR = "tester"
TEST_PASSPHRASE = "test passphrase 1"
os.environ["ZHOOB_OPERATOR"] = TEST_OPERATOR
os.environ["ZHOOB_PASSPHRASE"] = TEST_PASSPHRASE
os.environ["ZHOOB_KDF_PROFILE"] = "test"

import pytest  # noqa: E402

from zhoob_desktop.services import i18n  # noqa: E402
from zhoob_desktop.services.datadir import DB_NAME  # noqa: E402
from zhoob_desktop.services.security.access import ACCESS_FILE  # noqa: E402
from zhoob_desktop.services.store import open_store  # noqa: E402

pytest_plugins = ["tests.register_fixtures"]


@pytest.fixture(scope="session")
def template_store_dir(tmp_path_factory):
    """An empty, fully migrated store, built once per test session."""
    folder = tmp_path_factory.mktemp("template-store")
    store = open_store(folder, lock=False)
    store.close(backup=False)
    from zhoob_desktop.services.security.access import mark_recovery_shown

    mark_recovery_shown(folder)  # a folder whose set-up ended: its recovery key was shown and confirmed
    return folder


def copy_store(source, folder):
    """A copy of a closed data folder's database and its key file (the test operator opens it)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / DB_NAME, folder / DB_NAME)
    shutil.copyfile(source / ACCESS_FILE, folder / ACCESS_FILE)
    return folder


@pytest.fixture
def data_dir(tmp_path, template_store_dir):
    return copy_store(template_store_dir, tmp_path / "data")


@pytest.fixture
def store(data_dir):
    opened = open_store(data_dir)
    yield opened
    opened.close(backup=False)


@pytest.fixture(autouse=True)
def _default_language():
    i18n.set_language("en")
    yield
    i18n.set_language("en")
