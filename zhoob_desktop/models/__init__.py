"""SQLAlchemy 2 typed models. No business rules, no Qt.

Every model module of this package is imported here so that ``Base.metadata``
is complete for Alembic and for the migration check, without a list to keep.
"""

import importlib
import pkgutil

from zhoob_desktop.models.base import Base

_NOT_MODELS = {"base", "db", "migrate", "migrations"}

for _info in pkgutil.iter_modules(__path__):
    if _info.name not in _NOT_MODELS:
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["Base"]
