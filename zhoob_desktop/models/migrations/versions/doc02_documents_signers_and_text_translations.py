"""documents: who signed an issued paper; translations of typed texts

Revision ID: doc02
Revises: doc01
Create Date: 2026-12-07 06:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "doc02"
down_revision = "doc01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite has it): recreating the table in batch mode would write its
    # constraints in an arbitrary order, and two databases would differ in their schema text.
    op.add_column("issued_document", sa.Column("signers", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "text_translation",
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_translation")),
        sa.UniqueConstraint("source_key", "lang", name="uq_text_translation_source_lang"),
    )


def downgrade() -> None:
    op.drop_table("text_translation")
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_column("signers")
