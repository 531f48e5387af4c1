"""monitoring: amounts to one decimal of thousand tenge, report versions, the commission, its rounds and report

Revision ID: mon02
Revises: mon01
Create Date: 2026-12-07 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "mon02"
down_revision = "mon01"
branch_labels = None
depends_on = None

AMOUNTS = ("plan_approved", "plan_revised", "plan_half", "actual")


def _keep_lines():
    """SQLite rebuilds the report table for the new unique key, and dropping the old table deletes its
    lines by the foreign key's cascade: keep them aside and put them back (other databases alter in place)."""
    if op.get_bind().dialect.name != "sqlite":
        return None
    op.execute("CREATE TABLE _monitoring_line_kept AS SELECT * FROM monitoring_line")
    return True


def _restore_lines(kept) -> None:
    if kept:
        op.execute("DELETE FROM monitoring_line")
        op.execute("INSERT INTO monitoring_line SELECT * FROM _monitoring_line_kept")
        op.execute("DROP TABLE _monitoring_line_kept")


def upgrade() -> None:
    kept = _keep_lines()
    with op.batch_alter_table("monitoring_report") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(sa.Column("supersedes_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("correction_reason", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint("uq_monitoring_report_year", type_="unique")
        batch.create_unique_constraint("uq_monitoring_report_year", ["year", "period", "version"])
    _restore_lines(kept)
    # Amounts were kept in tenge; the form prints thousand tenge to one decimal, so they are kept in
    # hundreds of tenge now, rounded once (half up) as the printed form showed them.
    for column in AMOUNTS:
        op.execute(
            f"UPDATE monitoring_line SET {column} = CAST(ROUND({column} / 100.0) AS BIGINT) "
            f"WHERE {column} IS NOT NULL"
        )
    op.create_table(
        "commission",
        sa.Column("formed_sitting_id", sa.Uuid(), nullable=False),
        sa.Column("formed_item_id", sa.String(length=20), nullable=False),
        sa.Column("formed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission")),
    )
    op.create_table(
        "commission_member",
        sa.Column("commission_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["commission.id"],
            name=op.f("fk_commission_member_commission_id_commission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_member")),
        sa.UniqueConstraint("commission_id", "person_id", name=op.f("uq_commission_member_commission_id")),
    )
    op.create_table(
        "monitoring_round",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("ordered_sitting_id", sa.Uuid(), nullable=True),
        sa.Column("ordered_item_id", sa.String(length=20), nullable=True),
        sa.Column("report_due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_round")),
        sa.UniqueConstraint("year", "period", "number", name=op.f("uq_monitoring_round_year")),
    )
    op.create_table(
        "monitoring_step",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sitting_id", sa.Uuid(), nullable=True),
        sa.Column("item_id", sa.String(length=20), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["monitoring_round.id"],
            name=op.f("fk_monitoring_step_round_id_monitoring_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_step")),
    )
    op.create_index(op.f("ix_monitoring_step_round_id"), "monitoring_step", ["round_id"], unique=False)
    op.create_table(
        "commission_report",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.JSON(), nullable=False),
        sa.Column("signers", sa.JSON(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["monitoring_round.id"],
            name=op.f("fk_commission_report_round_id_monitoring_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_report")),
        sa.UniqueConstraint("round_id", "version", name=op.f("uq_commission_report_round_id")),
    )


def downgrade() -> None:
    op.drop_table("commission_report")
    op.drop_index(op.f("ix_monitoring_step_round_id"), table_name="monitoring_step")
    op.drop_table("monitoring_step")
    op.drop_table("monitoring_round")
    op.drop_table("commission_member")
    op.drop_table("commission")
    for column in AMOUNTS:
        op.execute(f"UPDATE monitoring_line SET {column} = {column} * 100 WHERE {column} IS NOT NULL")
    op.execute("DELETE FROM monitoring_report WHERE version > 1")
    kept = _keep_lines()
    with op.batch_alter_table("monitoring_report") as batch:
        batch.drop_constraint("uq_monitoring_report_year", type_="unique")
        batch.create_unique_constraint("uq_monitoring_report_year", ["year", "period"])
        batch.drop_column("signed_at")
        batch.drop_column("correction_reason")
        batch.drop_column("supersedes_id")
        batch.drop_column("version")
    _restore_lines(kept)
