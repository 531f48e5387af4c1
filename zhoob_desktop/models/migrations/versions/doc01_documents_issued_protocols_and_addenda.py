"""documents: issued protocols and addenda

Revision ID: doc01
Revises: core01
Create Date: 2026-11-25 14:41:11.239405
"""

import sqlalchemy as sa
from alembic import op

revision = "doc01"
down_revision = "core01"
branch_labels = ("documents",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_document",
        sa.Column("sitting_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("refers_to_id", sa.Uuid(), nullable=True),
        sa.Column("refers_digest", sa.String(length=64), nullable=False),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.Column("journal_hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["refers_to_id"],
            ["issued_document.id"],
            name=op.f("fk_issued_document_refers_to_id_issued_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
        sa.UniqueConstraint("digest", name=op.f("uq_issued_document_digest")),
        sa.UniqueConstraint("sitting_id", "kind", "ordinal", name="uq_issued_document_ordinal"),
    )
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_document_sitting_id"), ["sitting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_document_sitting_id"))
    op.drop_table("issued_document")
