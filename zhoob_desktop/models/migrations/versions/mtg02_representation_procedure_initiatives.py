"""meeting: the procedure of separate gatherings, representatives' origin, members' initiatives

Revision ID: mtg02
Revises: mtg01
Create Date: 2026-12-07 08:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "mtg02"
down_revision = "mtg01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "representation_procedure",
        sa.Column("decision_number", sa.String(length=60), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("decision_body", sa.String(length=300), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("norm_per", sa.Integer(), nullable=True),
        sa.Column("norm_basis", sa.String(length=20), nullable=False),
        sa.Column("rounding", sa.String(length=20), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.Column("norm_table", sa.JSON(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("residence", sa.Text(), nullable=False),
        sa.Column("quorum", sa.String(length=20), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representation_procedure")),
    )
    op.create_table(
        "initiative",
        sa.Column("body", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("base_on", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decision_ref", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=300), nullable=False),
        sa.Column("sitting_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative")),
    )
    op.create_table(
        "initiative_signer",
        sa.Column("initiative_id", sa.Uuid(), nullable=False),
        sa.Column("resident_id", sa.Uuid(), nullable=True),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("iin", sa.String(length=12), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("refusal", sa.String(length=20), nullable=True),
        sa.Column("entered_as", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiative.id"], name=op.f("fk_initiative_signer_initiative_id_initiative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_signer")),
    )
    op.create_index(
        op.f("ix_initiative_signer_initiative_id"), "initiative_signer", ["initiative_id"], unique=False
    )
    # Plain ADD COLUMN: the roster keeps its rows as they are.
    op.add_column("roster_entry", sa.Column("source_vote", sa.String(length=20), nullable=True))
    op.add_column("roster_entry", sa.Column("unit_kind", sa.String(length=20), nullable=True))
    op.add_column("roster_entry", sa.Column("unit_id", sa.Uuid(), nullable=True))
    op.add_column(
        "roster_entry", sa.Column("unit_name", sa.String(length=300), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("roster_entry") as batch:
        batch.drop_column("unit_name")
        batch.drop_column("unit_id")
        batch.drop_column("unit_kind")
        batch.drop_column("source_vote")
    op.drop_index(op.f("ix_initiative_signer_initiative_id"), table_name="initiative_signer")
    op.drop_table("initiative_signer")
    op.drop_table("initiative")
    op.drop_table("representation_procedure")
