"""decisions: the sitting a step was taken at, and the per-protocol act it belongs to

Revision ID: dec02
Revises: dec01
Create Date: 2026-12-01 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "dec02"
down_revision = "dec01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the append-only triggers stay as they are.
    op.add_column("decision_step", sa.Column("at_sitting_id", sa.Uuid(), nullable=True))
    op.add_column("decision_step", sa.Column("at_item_id", sa.String(length=20), nullable=True))
    op.add_column("decision_step", sa.Column("act_id", sa.Uuid(), nullable=True))
    op.create_index("ix_decision_step_at_sitting", "decision_step", ["at_sitting_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_decision_step_at_sitting", table_name="decision_step")
    with op.batch_alter_table("decision_step") as batch:
        batch.drop_column("act_id")
        batch.drop_column("at_item_id")
        batch.drop_column("at_sitting_id")
    if op.get_bind().dialect.name == "sqlite":
        # The rebuilt table has lost its triggers: the history stays append-only.
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS decision_step_no_{verb.lower()}")
            op.execute(
                f"CREATE TRIGGER decision_step_no_{verb.lower()} BEFORE {verb} ON decision_step "
                "BEGIN SELECT RAISE(ABORT, 'decision_step is append-only'); END"
            )
