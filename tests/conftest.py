"""Shared fixtures: Qt offscreen, a template store built once and copied per test."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from zhoob_desktop.services import i18n  # noqa: E402
from zhoob_desktop.services.datadir import DB_NAME  # noqa: E402
from zhoob_desktop.services.store import open_store  # noqa: E402

pytest_plugins = ["tests.register_fixtures"]


@pytest.fixture(scope="session")
def template_store_dir(tmp_path_factory):
    """An empty, fully migrated store, built once per test session."""
    folder = tmp_path_factory.mktemp("template-store")
    store = open_store(folder, lock=False)
    store.close(backup=False)
    return folder


@pytest.fixture
def data_dir(tmp_path, template_store_dir):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(template_store_dir / DB_NAME, folder / DB_NAME)
    return folder


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
