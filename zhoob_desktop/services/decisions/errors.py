"""Typed refusals of the decisions register, each citing the rule that refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date


class DecisionError(ZhoobError):
    """A follow-up step was refused; nothing was recorded. Date parameters show in the user's locale."""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: format_date(v, "long") if isinstance(v, date) else v for k, v in self.params.items()}
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
    template = N_(
        "The decision is closed: executed, or overruled by the district akim; nothing more can be recorded."
    )


class MissingStepField(DecisionError):
    """A field the step needs is empty (the template names it)."""

    template = N_("This step needs a note: the reasons, the report or where it was published.")


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
