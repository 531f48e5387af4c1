"""Typed errors of the resident register; messages are msgids translated when shown."""

from __future__ import annotations

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_


class RegisterError(ZhoobError):
    """A refused change to the register."""


class InvalidIIN(RegisterError):
    template = N_("The IIN {iin} is not valid.")
    not_12_digits = N_("The IIN {iin} is not valid: an IIN has exactly 12 digits.")
    no_check_digit = N_(
        "The IIN {iin} is not valid: no check digit exists for its first 11 digits, so it was mistyped."
    )
    wrong_check_digit = N_(
        "The IIN {iin} is not valid: its last digit does not match the check digit; "
        "check the digits for a typing mistake."
    )


class IinNeedsConfirmation(RegisterError):
    """A typed IIN that does not agree with the birth date must be confirmed by a second entry."""

    template = N_(
        "The IIN {iin} does not encode the birth date {birth_date}. The check digit does not catch "
        "every typing mistake, so enter the IIN a second time to confirm it."
    )
    without_birth_date = N_(
        "Enter the birth date or enter the IIN {iin} a second time to confirm it: the check digit "
        "does not catch every typing mistake."
    )


class DuplicateIIN(RegisterError):
    template = N_("The IIN {iin} already belongs to {name} in the register.")


class NameRequired(RegisterError):
    template = N_("A resident needs a surname and a given name.")


class BirthDateRequired(RegisterError):
    template = N_(
        "The birth date of {name} is needed: membership of the community depends on age, "
        "and the IIN does not encode it."
    )


class BirthDateInFuture(RegisterError):
    template = N_("The birth date {birth_date} is in the future.")


class InvalidSex(RegisterError):
    template = N_("Sex must be M (male) or F (female), not {value}.")


class AddressMismatch(RegisterError):
    template = N_("The street or house does not belong to the chosen settlement or street.")


class NotFound(RegisterError):
    template = N_("The record was not found; it may have been removed by someone else.")


class OkrugMissing(RegisterError):
    template = N_("Enter the okrug first: settlements belong to it.")


class NameTaken(RegisterError):
    template = N_("{name} already exists here.")


class NameEmpty(RegisterError):
    template = N_("The name cannot be empty.")


class InUse(RegisterError):
    template = N_("{name} cannot be deleted: {count} residents or records still refer to it.")


class UnknownStatus(RegisterError):
    template = N_("There is no social status with the code {code}.")


class InvalidLeaveReason(RegisterError):
    template = N_("The reason for leaving must be one of: moved, died, other.")


class LeftBeforeRegistered(RegisterError):
    template = N_("The date of leaving {left_on} is before the date of registration {registered_on}.")


class AlreadyLeft(RegisterError):
    template = N_("{name} has already left the register on {left_on}.")


class InvalidAdultAge(RegisterError):
    template = N_("The age of majority must be a whole number between 14 and 21, not {value}.")


class SettlementNotFound(RegisterError):
    template = N_("There is no settlement named {name} in the okrug.")
