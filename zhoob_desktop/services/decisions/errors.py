"""Typed refusals of the decisions register, each citing the rule that refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting.held_errors import (  # noqa: F401 (the refusals of a step at a sitting)
    ItemNotConsidered,
    ItemRequired,
    NotAMeetingSitting,
    ProtocolAlreadySigned,
    SittingNotHeld,
)


class Label(str):
    """A parameter that is itself a msgid: translated when the message is shown."""


class DecisionError(ZhoobError):
    """A follow-up step was refused; nothing was recorded. Date parameters show in the user's locale."""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _

        def show(value):
            if isinstance(value, date):
                return format_date(value, "long")
            return tr(value) if isinstance(value, Label) else value

        params = {k: show(v) for k, v in self.params.items()}
        text = tr(self.template).format(**params)
        return f"{text} ({tr(self.citation)})" if self.citation else text


class DecisionNotFound(DecisionError):
    template = N_("There is no decision {ref}.")


class AmbiguousDecision(DecisionError):
    template = N_("{ref} matches {count} decisions; give more characters of the id.")


class UnknownStep(DecisionError):
    template = N_("There is no step {step}; the steps are: {steps}.")


class StepOutOfOrder(DecisionError):
    """The step does not fit the decision's history (the template says why, the citation which rule)."""

    template = N_("This step is not possible at this stage of the decision.")


class DecisionClosed(DecisionError):
    """``status`` is the msgid of the status (a ``Label``)."""

    template = N_("The decision is closed ({status}); nothing more can be recorded.")


class MissingStepField(DecisionError):
    """A field the step needs is empty (the template names it)."""

    template = N_("This step needs a note: the reasons, the report or the finding.")


class InvalidDueDate(DecisionError):
    template = N_("The due date {value} is not a date; write it as YYYY-MM-DD.")


class StepDateInvalid(DecisionError):
    """The day given for a step cannot be right."""


class StepBeforeSitting(StepDateInvalid):
    template = N_("The date {on} is before the sitting of {held} that adopted the decision.")


class StepInFuture(StepDateInvalid):
    template = N_("The date {on} is in the future; a step is recorded once it has happened.")


class StepBeforePrevious(StepDateInvalid):
    template = N_("The date {on} is before {previous}, the date of the step it follows.")


class DueBeforeStep(StepDateInvalid):
    template = N_("The due date {due} is before the date of the assignment ({on}).")


# -- steps taken at a sitting of the meeting ---------------------------------------------------


class SittingRequired(DecisionError):
    template = N_(
        "This step happens at a sitting of the meeting: choose the sitting where it was heard; "
        "its date is the sitting's."
    )


class SittingNotAllowed(DecisionError):
    template = N_("This step is not taken at a sitting: it is dated by its own act or document.")


class SameSitting(DecisionError):
    template = N_(
        "The sitting of {date} adopted the decision itself; its follow-up is heard at a later sitting."
    )


class DateIsTheSittings(StepDateInvalid):
    template = N_("A step taken at a sitting has the sitting's date, {date}, not {on}.")


class AmendedByInvalid(DecisionError):
    template = N_(
        "The amended decision must be one adopted at the sitting of {date} where the decision was "
        "re-discussed."
    )


# -- per-protocol acts -------------------------------------------------------------------------


class StepOfTheProtocol(DecisionError):
    template = N_(
        "The protocol of the sitting of {date} carries {count} decisions: this step is recorded for the "
        "whole protocol in one act."
    )


class ProtocolHasNoDecisions(DecisionError):
    template = N_("The sitting of {date} adopted no decision to follow up.")


class OutcomeMissing(DecisionError):
    template = N_(
        "The akim's consideration gives an outcome for every decision of the protocol; item {item} has none."
    )


class OutcomeForUnknownDecision(DecisionError):
    template = N_("Decision {ref} is not one of the decisions of the sitting of {date}.")


class ProtocolSignedLater(StepDateInvalid):
    template = N_(
        "The protocol was signed on {signed}; it cannot have reached the akim on {on}, before that."
    )
