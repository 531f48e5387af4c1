"""network sync: the district service's contacts, nonces, uploads, revocations, rulings; the okrug's outbox

Revision ID: net01
Revises: core01
Create Date: 2026-12-10 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "net01"
down_revision = "core01"
branch_labels = ("net",)
depends_on = "syn01"  # district_okrug


def _okrug_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["okrug_id"], ["district_okrug.id"], name=op.f(f"fk_{table}_okrug_id_district_okrug")
    )


def upgrade() -> None:
    op.create_table(
        "district_contact",
        sa.Column("okrug_id", sa.Uuid(), nullable=False),
        sa.Column("last_contact_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("agent", sa.String(length=100), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        _okrug_fk("district_contact"),
        sa.PrimaryKeyConstraint("okrug_id", name=op.f("pk_district_contact")),
    )
    op.create_table(
        "district_nonce",
        sa.Column("okrug_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("okrug_id", "nonce", name=op.f("pk_district_nonce")),
    )
    op.create_index("ix_district_nonce_seen_at", "district_nonce", ["seen_at"], unique=False)
    op.create_table(
        "district_upload",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("okrug_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imports", sa.Integer(), nullable=False),
        sa.Column("error", sa.JSON(), nullable=True),
        _okrug_fk("district_upload"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_upload")),
    )
    op.create_index("ix_district_upload_okrug", "district_upload", ["okrug_id", "state"], unique=False)
    op.create_table(
        "district_revocation",
        sa.Column("okrug_id", sa.Uuid(), nullable=False),
        sa.Column("fingerprint", sa.String(length=80), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _okrug_fk("district_revocation"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_revocation")),
    )
    op.create_index(
        "ix_district_revocation_okrug", "district_revocation", ["okrug_id", "fingerprint"], unique=False
    )
    op.create_table(
        "district_ruling",
        sa.Column("okrug_id", sa.Uuid(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("sitting_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("document", sa.String(length=300), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _okrug_fk("district_ruling"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_ruling")),
        sa.UniqueConstraint("decision_id", name="uq_district_ruling_decision_id"),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=300), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("seq", name=op.f("uq_sync_outbox_seq")),
    )
    op.create_table(
        "sync_ruling",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("document", sa.String(length=300), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("problem", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_ruling")),
    )


def downgrade() -> None:
    for table in ("sync_ruling", "sync_outbox", "district_ruling"):
        op.drop_table(table)
    op.drop_index("ix_district_revocation_okrug", table_name="district_revocation")
    op.drop_table("district_revocation")
    op.drop_index("ix_district_upload_okrug", table_name="district_upload")
    op.drop_table("district_upload")
    op.drop_index("ix_district_nonce_seen_at", table_name="district_nonce")
    op.drop_table("district_nonce")
    op.drop_table("district_contact")
