"""Fixtures of the network tests: an okrug and a district wired together, the service on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.services.sync.helpers import make_pair
from tests.services.sync.net.service import ThreadService
from zhoob_desktop.services.sync.net import queue as q


@pytest.fixture
def pair(store, district_pg, tmp_path):
    """An okrug with residents and held sittings, registered at a district store on PostgreSQL."""
    return make_pair(store, district_pg, tmp_path)


@pytest.fixture
def service(pair, tmp_path):
    running = ThreadService(pair.district, tmp_path / "service", pair.keys).start()
    yield running
    running.stop()


@pytest.fixture
def linked(pair, service):
    """The okrug set up with the service's address and its certificate's fingerprint."""
    q.set_up(pair.store, service.url, fingerprint=service.fingerprint)
    return pair


def client(pair, **kw):
    return q.make_client(pair.store, q.link(pair.store), **kw)
