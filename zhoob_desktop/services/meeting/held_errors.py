"""The refusals of a step recorded at a held sitting of the meeting (see ``held``), light to import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date


class HeldSittingError(ZhoobError):
    """A sitting cannot take a step; dates show in the user's locale."""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: format_date(v, "long") if isinstance(v, date) else v for k, v in self.params.items()}
        if "kind" in params:  # an agenda item kind's msgid
            params["kind"] = tr(params["kind"])
        text = tr(self.template).format(**params)
        return f"{text} ({tr(self.citation)})" if self.citation else text


class NotAMeetingSitting(HeldSittingError):
    template = N_("The sitting of {date} is not a sitting of the meeting of the local community.")


class SittingNotHeld(HeldSittingError):
    template = N_("The sitting of {date} has not been held and closed; a step is recorded once it was heard.")


class ItemNotConsidered(HeldSittingError):
    template = N_("The sitting of {date} has no considered agenda item {item}.")


class ItemRequired(HeldSittingError):
    template = N_(
        "Choose the agenda item of the sitting of {date} under which it was heard: the sitting has no item "
        "on {kind}."
    )


class ProtocolAlreadySigned(HeldSittingError):
    template = N_(
        "The protocol of the sitting of {date} was signed on {signed}; what was heard at that sitting is "
        "entered before the protocol is signed. A correction of a signed protocol is an addendum."
    )
