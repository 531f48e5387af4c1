"""register: covering name indexes for searches that stop at the page size

Revision ID: reg02
Revises: reg01
Create Date: 2026-12-07 09:00:00.000000
"""

from alembic import op

revision = "reg02"
down_revision = "reg01"
branch_labels = None
depends_on = None

NAME = ["search_key", "id", "given_key", "iin", "deleted_at", "left_on", "registered_on", "birth_date"]
GIVEN = ["given_key", "search_key", "id", "deleted_at", "left_on", "registered_on", "birth_date"]


def upgrade() -> None:
    op.drop_index("ix_resident_search_key", table_name="resident")
    op.drop_index("ix_resident_given_key", table_name="resident")
    op.create_index("ix_resident_name", "resident", NAME, unique=False)
    op.create_index("ix_resident_given", "resident", GIVEN, unique=False)


def downgrade() -> None:
    op.drop_index("ix_resident_given", table_name="resident")
    op.drop_index("ix_resident_name", table_name="resident")
    op.create_index("ix_resident_given_key", "resident", ["given_key"], unique=False)
    op.create_index("ix_resident_search_key", "resident", ["search_key"], unique=False)
