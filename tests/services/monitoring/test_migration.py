"""The monitoring tables of an older database: amounts kept in tenge become thousand tenge to one decimal."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import create_engine, text

from zhoob_desktop.models.migrate import alembic_config


def test_amounts_rounded_once_to_what_the_form_printed(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "mon01")
    engine = create_engine(url)
    report, line = uuid.uuid4().hex, uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO monitoring_report (id, year, period, institution, akim_name, finance_head_name, "
                "created_at, updated_at) VALUES (:id, 2026, 'half', '', '', '', '2026-07-01', '2026-07-01')"
            ),
            {"id": report},
        )
        conn.execute(
            text(
                "INSERT INTO monitoring_line (id, report_id, code, position, label, plan_half, actual, reason) "
                "VALUES (:id, :report, '021', 20, '', 1450049, 1449950, '')"
            ),
            {"id": line, "report": report},
        )
    command.upgrade(cfg, "heads")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT plan_half, actual, plan_revised FROM monitoring_line")).one()
        version = conn.execute(text("SELECT version FROM monitoring_report")).scalar()
    assert tuple(row) == (14500, 14500, None) and version == 1  # 1 450,0 thousand tenge, as printed
    command.downgrade(cfg, "mon01")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT plan_half, actual FROM monitoring_line")).one()
    assert tuple(row) == (1450000, 1450000)  # the lines are kept when the table is rebuilt
