"""decisions: follow-up history of adopted decisions

Revision ID: dec01
Revises: core01
Create Date: 2026-11-25 15:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "dec01"
down_revision = "core01"
branch_labels = ("decisions",)
depends_on = None

_VERBS = ("UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "decision_step",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("sitting_id", sa.Uuid(), nullable=False),
        sa.Column("vote_id", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_step")),
        sa.UniqueConstraint("decision_id", "seq", name="uq_decision_step_seq"),
    )
    op.create_index("ix_decision_step_sitting", "decision_step", ["sitting_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        # The history is evidence: refuse any change or deletion of a recorded step.
        for verb in _VERBS:
            op.execute(
                f"CREATE TRIGGER decision_step_no_{verb.lower()} BEFORE {verb} ON decision_step "
                "BEGIN SELECT RAISE(ABORT, 'decision_step is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in _VERBS:
            op.execute(f"DROP TRIGGER IF EXISTS decision_step_no_{verb.lower()}")
    op.drop_index("ix_decision_step_sitting", table_name="decision_step")
    op.drop_table("decision_step")
