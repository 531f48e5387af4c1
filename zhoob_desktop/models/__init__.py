"""SQLAlchemy 2 typed models. No business rules, no Qt.

Every model module is imported here so that ``Base.metadata`` is complete for
Alembic and for ``create_all`` in tests.
"""

from zhoob_desktop.models import core  # noqa: F401
from zhoob_desktop.models.base import Base

__all__ = ["Base"]
