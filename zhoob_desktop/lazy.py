"""Packages whose public names are imported on first use (PEP 562).

Importing one small module of a package (the meeting rules, the decision
lifecycle) then does not load the whole package with SQLAlchemy, Alembic and
ReportLab behind it; `zhoob --help` and the first window start faster.
"""

from __future__ import annotations

import importlib
import sys
import types


class _LazyPackage(types.ModuleType):
    """A package module that imports ``name -> submodule`` on first access and keeps it."""

    _lazy_names: dict[str, str]

    def __getattr__(self, name: str) -> object:
        try:
            module = self._lazy_names[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{self.__name__}.{module}"), name)
        types.ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value: object) -> None:
        # The import system binds every submodule on its package. Where the package
        # exports a name of its own from the submodule of the same name (meeting.fold.fold),
        # the exported object keeps the name, as it did when the package imported it eagerly.
        if (
            isinstance(value, types.ModuleType)
            and self._lazy_names.get(name) == name
            and value.__name__ == f"{self.__name__}.{name}"
        ):
            return
        types.ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._lazy_names))


def lazy_package(package: str, names: dict[str, str]) -> None:
    """Make ``package`` (call with ``__name__``) export ``names`` (name -> submodule) lazily."""
    module = sys.modules[package]
    module.__class__ = _LazyPackage
    types.ModuleType.__setattr__(module, "_lazy_names", dict(names))
