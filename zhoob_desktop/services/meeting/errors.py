"""Typed refusals of the meeting engine, each citing the rule that refused."""

from __future__ import annotations

from collections.abc import Callable

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, ngettext
from zhoob_desktop.services.meeting import rules as R


class MeetingError(ZhoobError):
    """A command was refused; nothing was written to the journal.

    Parameters named in ``translated_params`` hold msgids themselves (a reason,
    a detail) and are translated with the message, in the reader's language.
    """

    translated_params: tuple[str, ...] = ()
    # A message with a count before a noun: ``template, plural = N_plural(...)`` and the
    # parameter whose value chooses the form (Russian: из 21 члена, из 5 членов).
    plural: str | None = None
    count_param: str = ""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: tr(v) if k in self.translated_params and v else v for k, v in self.params.items()}
        if self.plural is not None and gettext is None:
            template = ngettext(self.template, self.plural, int(self.params[self.count_param]))
        else:
            template = tr(self.template)
        text = template.format(**params)
        return f"{text} ({tr(self.citation)})" if self.citation else text


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - a marker like N_
    """Mark a message with plural forms for extraction (``tools/i18n.py`` KEYWORDS)."""
    return singular, plural


class InvalidCommand(MeetingError):
    template = N_("The command is not valid.")


class UnknownCommand(InvalidCommand):
    template = N_("There is no command named {name}.")


class MissingField(InvalidCommand):
    template = N_("The command {name} needs the field {field}.")


class InvalidField(InvalidCommand):
    template = N_("The field {field} of the command {name} has an invalid value: {value}.")


class TimeGoesBack(InvalidCommand):
    template = N_("The time {at} is earlier than the last event of the sitting ({last}).")


class DuplicateMember(InvalidCommand):
    template = N_("The person {person} appears twice on the list of members.")


class IdempotencyConflict(MeetingError):
    template = N_(
        "The key {key} was already used for a different command (event {seq}); "
        "a repeated click must repeat the same command."
    )


class IdempotencyConflictInScript(IdempotencyConflict):
    """In a script the first use of a key is named by its line (no event exists yet)."""

    template = N_(
        "The key {key} was already used for a different command on line {line} (event {seq}); "
        "a repeated line must repeat the same command."
    )


class WrongPhase(MeetingError):
    """The sitting is not in a state where this command makes sense (the template says why)."""

    template = N_("This is not possible at this stage of the sitting.")


class SittingNotFound(MeetingError):
    template = N_("There is no sitting {sitting}.")


class SittingNotStarted(MeetingError):
    template = N_("The sitting {sitting} has no journal yet; start it first.")


class QuorumNotReached(MeetingError):
    template, plural = N_plural(
        "The sitting cannot be opened: {present} of {members} member is present, at least {required} "
        "are needed.",
        "The sitting cannot be opened: {present} of {members} members are present, at least {required} "
        "are needed.",
    )
    count_param = "members"


class VotingWithoutQuorum(MeetingError):
    template, plural = N_plural(
        "Voting is not possible without a quorum: {present} of {members} member is present, at least "
        "{required} are needed.",
        "Voting is not possible without a quorum: {present} of {members} members are present, at least "
        "{required} are needed.",
    )
    count_param = "members"


class NotAMember(MeetingError):
    template = N_("{person} is not on the list of members of this sitting.")
    citation = R.REG_7


class NotRegistered(MeetingError):
    template = N_("{person} is not registered as present at this sitting.")
    citation = R.REG_7


class AlreadyRegistered(MeetingError):
    template = N_("{person} is already registered as present.")
    citation = R.REG_7


class GuestCannotBeExcused(MeetingError):
    template = N_("{person} is an invited person, not a member; only a member's absence can be excused.")
    citation = R.REG_10


class PresentCannotBeExcused(MeetingError):
    template = N_(
        "{person} is registered as present; only the absence of a member not present can be excused."
    )
    citation = R.REG_7


class GuestCannotVote(MeetingError):
    template = N_("{person} is an invited person, not a member, and cannot vote.")
    citation = R.REG_10


class GuestCannotBeOfficer(MeetingError):
    template = N_("{person} is an invited person, not a member, and cannot be elected chair or secretary.")
    citation = R.REG_10


class VoteCountsExceedPresent(MeetingError):
    template = N_("The votes counted ({total}) exceed the members present ({present}).")
    citation = R.REG_12


class SpeechLimitReached(MeetingError):
    template, plural = N_plural(
        "{person} has already spoken {count} time on this item; a member may speak no more than {limit} "
        "times on one item.",
        "{person} has already spoken {count} times on this item; a member may speak no more than {limit} "
        "times on one item.",
    )
    count_param = "count"
    citation = R.REG_11


class SpeechLimitWithWaiting(SpeechLimitReached):
    """The limit is reached with speeches still waiting on the list: said as they are, held and waiting."""

    template, plural = N_plural(
        "{person} already has {count} speech on this item ({spoken} held, {waiting} waiting on the list of "
        "speakers); a member may speak no more than {limit} times on one item.",
        "{person} already has {count} speeches on this item ({spoken} held, {waiting} waiting on the list of "
        "speakers); a member may speak no more than {limit} times on one item.",
    )


class SecretaryBeforeChair(MeetingError):
    template = N_(
        "The chair is elected first; the chair then puts the election of the secretary to the vote."
    )
    citation = R.REG_8


class ChairNotPresent(MeetingError):
    """The deciding vote was asked of a chair who is not in the hall (nor anyone chairing for him)."""

    template = N_(
        "{person}, the chair, is not in the hall: only the chair presiding in the hall casts the deciding "
        "vote. Elect a member to chair while the chair is out, or register the chair's return."
    )
    citation = R.REG_12


class NoCastingVoteHere(MeetingError):
    """A gathering or a separate gathering decides by more than half of its participants: no deciding vote."""

    template = N_(
        "A gathering has no casting vote: a decision needs more than half of the participants, and a tie "
        "is simply not adopted."
    )


class ChairIsPresent(MeetingError):
    template = N_("{person}, the chair, is in the hall and chairs the sitting; no acting chair is elected.")
    citation = R.REG_8


class ActingChairPresent(MeetingError):
    template = N_("{person} already chairs the sitting while the chair is out of the hall.")
    citation = R.REG_8


class ExecutionItemMissing(MeetingError):
    """Reg §9: while decisions of earlier sittings are open, the agenda must carry their execution."""

    template, plural = N_plural(
        "{count} decision of earlier sittings is not yet closed: the agenda cannot be approved without the "
        "item on the execution of decisions of earlier sittings. Propose that item and include it.",
        "{count} decisions of earlier sittings are not yet closed: the agenda cannot be approved without the "
        "item on the execution of decisions of earlier sittings. Propose that item and include it.",
    )
    count_param = "count"
    citation = R.REG_9


class AgendaNotFinished(MeetingError):
    """``params["refs"]``: the ids of the items (a screen asks a reason for each, ``acknowledge``)."""

    template = N_(
        "The sitting cannot be closed: items of the approved agenda were not considered ({items}). Consider "
        "them, or record for the protocol why each was not taken up."
    )
    citation = R.REG_9


class QuestionsNotAnnounced(MeetingError):
    """``params["refs"]``: the ids of the written questions (``acknowledge`` takes one each)."""

    template = N_(
        "The sitting cannot be closed: written questions were not announced ({questions}). Announce them, "
        "or record for the protocol why each was not."
    )
    citation = R.REG_11


class CastingVotePending(MeetingError):
    template = N_("The votes for and against are equal: the chair's casting vote on vote {vote} comes first.")
    citation = R.REG_12


class NoTie(MeetingError):
    template = N_("Vote {vote} is not a tie awaiting the chair's casting vote.")
    citation = R.REG_12


class UnknownItem(MeetingError):
    template = N_("There is no agenda item {ref} at this sitting.")


class UnknownSpeech(MeetingError):
    template = N_("There is no speech {ref} at this sitting.")


class UnknownVote(MeetingError):
    template = N_("There is no vote {ref} at this sitting.")


class UnknownQuestion(MeetingError):
    template = N_("There is no written question {ref} at this sitting.")


class UnknownPerson(MeetingError):
    template = N_("Nobody with the id {ref} is registered or on the list of members of this sitting.")


class UndoRefused(MeetingError):
    template = N_("Event {seq} cannot be undone: {reason}")
    translated_params = ("reason",)


class JournalInconsistent(MeetingError):
    template = N_("Event {seq} ({type}) does not fit the state of the sitting: {detail}")
    translated_params = ("detail",)


class ChainBroken(MeetingError):
    template = N_("The journal of sitting {sitting} is damaged at event {seq}: {problem}")
    translated_params = ("problem",)


# -- representation at the gathering (Law art. 39-3, the Model Rules of separate gatherings) ----------


class ProcedureInvalid(MeetingError):
    """A field of the procedure approved by the maslikhat that cannot be taken as given."""

    translated_params = ("problem",)
    template = N_("The procedure of separate gatherings cannot be recorded: {problem}")


class NoProcedure(MeetingError):
    template = N_(
        "No procedure of separate gatherings approved by the district maslikhat is in force on {date}; "
        "record the maslikhat's decision first."
    )


class NotOfThisUnit(MeetingError):
    """Someone typed at the desk of a separate gathering who lives elsewhere."""

    template = N_(
        "{person} lives at {address}, not in {unit}: the separate gathering registers only the residents "
        "of its village, street or building."
    )


class NotACandidate(MeetingError):
    template = N_("{person} has not been proposed as a candidate for representative.")


class AlreadyCandidate(MeetingError):
    template = N_("{person} has already been proposed as a candidate.")


class QuotaFilled(MeetingError):
    template, plural = N_plural(
        "The unit elects {quota} representative and has elected {elected}; no more can be elected.",
        "The unit elects {quota} representatives and has elected {elected}; no more can be elected.",
    )
    count_param = "quota"


class QuotaExceeded(MeetingError):
    template, plural = N_plural(
        "The list has {count} candidates, but only {left} of the unit's {quota} seat is still open.",
        "The list has {count} candidates, but only {left} of the unit's {quota} seats are still open.",
    )
    count_param = "quota"


class NotAnElectionItem(MeetingError):
    template = N_("Representatives are proposed and elected on the agenda item on electing representatives.")


class InitiativeError(MeetingError):
    translated_params = ("problem",)
    template = N_("The initiative cannot be changed: {problem}")


# -- the same refusals in the words of a gathering --------------------------------------------------
# A gathering (and a separate gathering, the gathering of its unit) is not a sitting of the meeting:
# its refusals name the gathering and its participants. Keys are the meeting's templates (or their
# singular, for a message with plural forms).
_OF_GATHERING: dict[str, str | tuple[str, str]] = {
    N_("The sitting has not been opened yet."): N_("The gathering has not been opened yet."),
    N_("The sitting is already open."): N_("The gathering is already open."),
    N_("The sitting is closed; its journal takes no more events."): N_(
        "The gathering is closed; its journal takes no more events."
    ),
    N_("The sitting is on a break; resume it first."): N_("The gathering is on a break; resume it first."),
    NotAMember.template: N_("{person} is not on the list of those taking part in this gathering."),
    NotRegistered.template: N_("{person} is not registered as present at this gathering."),
    GuestCannotVote.template: N_("{person} is an invited person, not a participant, and cannot vote."),
    VoteCountsExceedPresent.template: N_("The votes counted ({total}) exceed the participants present ({present})."),
    ChairIsPresent.template: N_(
        "{person}, the chair, is in the hall and chairs the gathering; no acting chair is elected."
    ),
    AgendaNotFinished.template: N_(
        "The gathering cannot be closed: items of the agenda it approved were not considered ({items}). "
        "Consider them, or record for the protocol why each was not taken up."
    ),
    QuorumNotReached.template: N_plural(
        "The gathering cannot be opened: {present} of {members} member is present, at least {required} "
        "are needed.",
        "The gathering cannot be opened: {present} of {members} members are present, at least {required} "
        "are needed.",
    ),
    VotingWithoutQuorum.template: N_plural(
        "Voting is not possible without the quorum of the gathering: {present} of {members} member is "
        "present, at least {required} are needed.",
        "Voting is not possible without the quorum of the gathering: {present} of {members} members are "
        "present, at least {required} are needed.",
    ),
}  # fmt: skip


def in_gathering_words(err: MeetingError) -> MeetingError:
    """The refusal said of a gathering rather than of a sitting of the meeting (its citation unchanged)."""
    words = _OF_GATHERING.get(err.template)
    if isinstance(words, tuple):
        err.template, err.plural = words
    elif words is not None:
        err.template = words
    return err
