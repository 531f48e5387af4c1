"""sync: conflict life cycle, okrug key changes, moves between okrugs, the district's verdicts

Revision ID: syn02
Revises: syn01
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "syn02"
down_revision = "syn01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="open"))
        batch_op.add_column(sa.Column("seen_seq", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("resolved_by", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    op.create_table(
        "district_key_change",
        sa.Column("okrug_id", sa.Uuid(), nullable=False),
        sa.Column("old_fingerprint", sa.String(length=80), nullable=False),
        sa.Column("old_public_key", sa.String(length=100), nullable=False),
        sa.Column("new_fingerprint", sa.String(length=80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["okrug_id"], ["district_okrug.id"], name=op.f("fk_district_key_change_okrug_id_district_okrug")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_key_change")),
    )
    with op.batch_alter_table("district_key_change", schema=None) as batch_op:
        batch_op.create_index("ix_district_key_change_okrug", ["okrug_id", "changed_at"], unique=False)
    op.create_table(
        "district_move",
        sa.Column("iin", sa.String(length=12), nullable=False),
        sa.Column("from_okrug_id", sa.Uuid(), nullable=False),
        sa.Column("from_record_id", sa.Uuid(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("to_okrug_id", sa.Uuid(), nullable=False),
        sa.Column("to_record_id", sa.Uuid(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_okrug_id"],
            ["district_okrug.id"],
            name=op.f("fk_district_move_from_okrug_id_district_okrug"),
        ),
        sa.ForeignKeyConstraint(
            ["to_okrug_id"], ["district_okrug.id"], name=op.f("fk_district_move_to_okrug_id_district_okrug")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_move")),
    )
    with op.batch_alter_table("district_move", schema=None) as batch_op:
        batch_op.create_index("ix_district_move_iin", ["iin"], unique=False)
    op.create_table(
        "sync_verdict",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("bundle_seq", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("resolved_by", sa.String(length=200), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_verdict")),
    )


def downgrade() -> None:
    op.drop_table("sync_verdict")
    with op.batch_alter_table("district_move", schema=None) as batch_op:
        batch_op.drop_index("ix_district_move_iin")
    op.drop_table("district_move")
    with op.batch_alter_table("district_key_change", schema=None) as batch_op:
        batch_op.drop_index("ix_district_key_change_okrug")
    op.drop_table("district_key_change")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_column("payload")
        batch_op.drop_column("resolution")
        batch_op.drop_column("resolved_by")
        batch_op.drop_column("seen_seq")
        batch_op.drop_column("status")
