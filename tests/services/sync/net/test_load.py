"""The load bench in a bounded size: several okrugs uploading at once through a proxy that cuts and stalls.

``bench/bench_sync_net.py`` measures 30 okrugs of 10,000 residents; here the
same code runs three small okrugs so that the suite checks what the figures
rest on: every bundle imported exactly once, every okrug acknowledged, and
the district's store equal to the file importer's, table by table.
"""

from __future__ import annotations

import pytest

from tests.services.sync.net.faultproxy import Faults

pytestmark = pytest.mark.postgres


def test_okrugs_uploading_at_once_through_faults_are_imported_once_and_equal_the_file_road(
    pg_server, tmp_path, monkeypatch
):
    # the bench logs in to its encrypted stores as a script does; the variables end with this test
    monkeypatch.setenv("ZHOOB_OPERATOR", "bench")
    monkeypatch.setenv("ZHOOB_PASSPHRASE", "bench passphrase")
    from bench.bench_sync_net import measure

    faults = Faults(drop=0.25, stall=0.2, drop_after=(300, 8_000), stall_seconds=(0.2, 4.0), seed=11)
    report = measure(
        tmp_path,
        lambda: pg_server.url(pg_server.create_database()),
        okrugs=3,
        residents=60,
        workers=2,
        faults=faults,
        timeout=2.0,
        sleep_cap=0.3,
    )
    assert report.failed == [], report.lines()
    assert report.bundles == report.uploads == report.imported == 3
    assert report.once and report.same, report.lines()
    assert report.stats.dropped > 0 and report.stats.stalled > 0, report.stats
