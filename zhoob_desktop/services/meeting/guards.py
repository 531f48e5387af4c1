"""The checks commands share: fields, phases, people present, quorum, and counting a vote.

Every refusal is a typed error citing its rule (``errors.py``); nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.command import Command

CHOICES = ("for", "against", "abstain")


# -- field helpers --------------------------------------------------------------------


def required_field(c: Command, name: str) -> Any:
    value = c.fields.get(name)
    if value is None or value == "":
        raise E.MissingField(name=c.name, field=name)
    return value


def str_field(c: Command, name: str, default: str | None = None) -> str:
    value = c.fields.get(name, default)
    if value is None:
        raise E.MissingField(name=c.name, field=name)
    if not isinstance(value, str):
        raise E.InvalidField(name=c.name, field=name, value=repr(value))
    return value.strip()


def text_field(c: Command, name: str) -> str:
    value = str_field(c, name)
    if not value:
        raise E.MissingField(name=c.name, field=name)
    return value


def int_field(c: Command, name: str, default: int | None = None, minimum: int = 0) -> int:
    value = c.fields.get(name, default)
    if value is None:
        raise E.MissingField(name=c.name, field=name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise E.InvalidField(name=c.name, field=name, value=repr(value))
    return value


def choice_field(c: Command, name: str, options, default: str | None = None) -> str:
    value = c.fields.get(name, default)
    if value is None:
        raise E.MissingField(name=c.name, field=name)
    if value not in options:
        raise E.InvalidField(name=c.name, field=name, value=repr(value))
    return value


# -- phase guards ----------------------------------------------------------------------


def not_closed(state: S.SittingState) -> None:
    if state.phase == S.CLOSED:
        raise E.WrongPhase(N_("The sitting is closed; its journal takes no more events."))


def must_be_open(state: S.SittingState) -> None:
    not_closed(state)
    if state.phase != S.OPEN:
        raise E.WrongPhase(N_("The sitting has not been opened yet."), citation=state.citation("opening.by"))


def must_have_chair(state: S.SittingState) -> None:
    must_be_open(state)
    if state.chair is None or state.secretary is None:
        raise E.WrongPhase(
            N_("The chair and the secretary must be elected first."),
            citation=state.citation("officers.election"),
        )


def no_break(state: S.SittingState) -> None:
    if state.on_break:
        raise E.WrongPhase(
            N_("The sitting is on a break; resume it first."), citation=state.citation("sitting.breaks")
        )


def no_pending_tie(state: S.SittingState) -> None:
    tie = state.pending_tie
    if tie is not None:
        raise E.CastingVotePending(vote=tie.id)


def item_of(state: S.SittingState, c: Command, name: str = "item") -> S.AgendaItem:
    ref = c.fields.get(name) or (state.current_item if name == "item" else None)
    if ref is None:
        raise E.MissingField(name=c.name, field=name)
    it = state.item(str(ref))
    if it is None:
        raise E.UnknownItem(ref=ref)
    return it


def speech_of(state: S.SittingState, c: Command) -> S.Speech:
    ref = str(required_field(c, "speech"))
    sp = state.speech(ref)
    if sp is None:
        raise E.UnknownSpeech(ref=ref)
    return sp


def present_person(state: S.SittingState, person_id: str) -> S.Attendance:
    att = state.attendance.get(person_id)
    if att is None or not att.present:
        member = state.member_index.get(person_id)
        if member is None and att is None:
            raise E.UnknownPerson(ref=person_id)
        raise E.NotRegistered(
            person=(att.name if att else member.name), citation=state.citation("opening.registration")
        )
    return att


def present_member(state: S.SittingState, person_id: str) -> S.Attendance:
    att = present_person(state, person_id)
    if not att.is_member:
        raise E.GuestCannotVote(person=att.name, citation=state.citation("vote.guests"))
    return att


def check_quorum(state: S.SittingState) -> None:
    if not state.quorum_met:
        raise E.VotingWithoutQuorum(
            present=state.present_count,
            members=state.member_count,
            required=state.quorum_required,
            citation=state.citation(state.quorum_rule),
        )


# -- votes -------------------------------------------------------------------------------


def tally(votes_for: int, votes_against: int, base_count: int, casting_possible: bool) -> tuple[str, int]:
    """(outcome, votes for required): adopted when for exceeds half of the base (Reg §12).

    A tie waits for the chair's deciding vote only where that vote can make
    the majority the base requires: for and against each exactly half of the
    base (with the base "present", every member present voted and they split
    evenly). Any other tie is not adopted at once (``vote.casting_tie``).
    """
    required = R.more_than_half(base_count)
    if votes_for >= required:
        return S.ADOPTED, required
    if casting_possible and votes_for == votes_against and votes_for > 0 and 2 * votes_for == base_count:
        return S.TIE, required
    return S.REJECTED, required


def tie_rule(state: S.SittingState, subject: str, votes_for: int, votes_against: int, base_count: int) -> str:
    """The rule that settles an equal split of this vote (for the record and the protocol).

    ``vote.casting`` when the chair's deciding vote settles it (cast by the
    chair in the hall or the member chairing in his absence); otherwise the
    rule that says why no deciding vote is asked for.
    """
    if state.kind != R.MEETING:
        return R.casting_vote_rule(state.kind)
    if subject != "decision":
        return "vote.casting_scope"
    if 2 * votes_for != base_count:
        return "vote.casting_tie"
    return "vote.casting"


def vote_payload(
    state: S.SittingState,
    c: Command,
    subject: str,
    *,
    rule_code: str,
    base: str,
    while_tie_waits: bool = False,
) -> dict[str, Any]:
    """Count a vote (counts or roll call), check it, and describe it completely.

    ``while_tie_waits``: the vote may be taken while a tie waits for the
    chair's deciding vote (electing a member to chair while the chair is out).
    """
    no_break(state)
    if not while_tie_waits:
        no_pending_tie(state)
    check_quorum(state)
    present = state.present_member_ids
    roll = c.fields.get("roll_call")
    if roll is not None:
        if not isinstance(roll, Mapping) or not roll:
            raise E.InvalidField(name=c.name, field="roll_call", value=repr(roll))
        counts = dict.fromkeys(CHOICES, 0)
        for person_id, choice in roll.items():
            present_member(state, str(person_id))
            if choice not in CHOICES:
                raise E.InvalidField(name=c.name, field="roll_call", value=repr(choice))
            counts[choice] += 1
        method = "roll_call"
        roll_call = {str(k): v for k, v in roll.items()}
    else:
        counts = {
            "for": int_field(c, "for"),
            "against": int_field(c, "against", 0),
            "abstain": int_field(c, "abstain", 0),
        }
        method = "counts"
        roll_call = None
    total = sum(counts.values())
    if total > len(present):
        raise E.VoteCountsExceedPresent(
            total=total, present=len(present), citation=state.citation("vote.counts")
        )
    if base == "present":
        base_count = len(present)
    elif base == "voted":
        base_count = total
    else:
        base_count = state.member_count
    split = counts["for"] == counts["against"] and counts["for"] > 0
    settled_by = tie_rule(state, subject, counts["for"], counts["against"], base_count) if split else None
    # A tie that the deciding vote can settle waits for it, even while the chair is out of the hall:
    # he comes back, or a member is elected to chair in his place, and casts it (Reg §8, §12).
    casting_possible = settled_by == "vote.casting" and state.chair is not None
    outcome, required = tally(counts["for"], counts["against"], base_count, casting_possible)
    return {
        "vote": f"V{state.seq + 1}",
        "subject": subject,
        "method": method,
        "for": counts["for"],
        "against": counts["against"],
        "abstain": counts["abstain"],
        "roll_call": roll_call,
        # by position on the roster of the OPEN event: compact, and as exact as the ids
        "present": [state.member_positions[pid] for pid in present],
        "eligible": state.member_count,
        "rule": rule_code,
        "citation": state.citation(rule_code),
        "tie_rule": settled_by if outcome != S.ADOPTED else None,
        "base": base,
        "base_count": base_count,
        "required": required,
        "outcome": outcome,
        "reached_by": None if outcome == S.TIE else "rule",
    }
