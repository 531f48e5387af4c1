"""Typed errors whose messages are translated when shown, not when raised."""

from __future__ import annotations

from collections.abc import Callable

from zhoob_desktop.services.i18n import N_, _


class ZhoobError(Exception):
    """Base of every error the program explains to a person.

    ``template`` is a gettext msgid with named placeholders; ``citation`` is
    the msgid of the rule that refused the action (e.g. "Model Regulation §7").
    """

    template: str = N_("The operation could not be completed.")
    citation: str | None = None

    def __init__(self, template: str | None = None, /, *, citation: str | None = None, **params):
        if template is not None:
            self.template = template
        if citation is not None:
            self.citation = citation
        self.params = params
        super().__init__(self.message())

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        """The message in the current language (or through the given gettext)."""
        tr = gettext or _
        text = tr(self.template).format(**self.params)
        if self.citation:
            text = f"{text} ({tr(self.citation)})"
        return text

    def __str__(self) -> str:
        return self.message()


class StoreError(ZhoobError):
    """The data folder or database cannot be used as it is."""


class DataDirNotWritable(StoreError):
    template = N_(
        "The data folder {path} cannot be written to: {reason}. Choose another folder with --data-dir."
    )


class AlreadyRunning(StoreError):
    template = N_(
        "Zhoob Desktop is already running with the data folder {path} (process {pid}). "
        "Switch to that window, or close it first."
    )


class DatabaseLocked(StoreError):
    template = N_("The database {path} is locked by another program. Close it and try again.")


class DatabaseCorrupt(StoreError):
    template = N_("The database {path} is damaged ({detail}). The newest good backup can be restored.")


class SchemaTooNew(StoreError):
    template = N_(
        "The database {path} was written by a newer version of Zhoob Desktop (revision {revision}). "
        "Install the newer version; nothing was changed."
    )


class OperationCancelled(ZhoobError):
    template = N_("Cancelled; nothing was written.")
