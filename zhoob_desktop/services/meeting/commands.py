"""Commands: what a person asks for, checked against the rules, turned into one event.

``decide(state, command, now)`` is pure: it refuses with a typed error that
cites the rule, or returns the event (type and payload) to append. The
engine (``engine.py``) persists that event and folds it into the state.

A command is ``{"cmd": name, ...fields}`` (the same shape as a line of a
replay script, see docs/journal.md), with optional ``key`` (idempotency),
``actor`` and ``at`` (ISO time; default: the clock).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.command import Command, _aware, cmd, iso, new_key
from zhoob_desktop.services.meeting.elections import HANDLERS as ELECTION_HANDLERS
from zhoob_desktop.services.meeting.guards import (
    CHOICES,  # noqa: F401 (re-exported)
    choice_field,
    int_field,
    item_of,
    must_be_open,
    must_have_chair,
    no_break,
    no_pending_tie,
    not_closed,
    present_person,
    required_field,
    speech_of,
    str_field,
    text_field,
    vote_payload,
)

__all__ = ["CHOICES", "COMMAND_NAMES", "HANDLERS", "Command", "cmd", "decide", "iso", "new_key"]


# -- the commands ------------------------------------------------------------------------


def _register(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    person = str(required_field(c, "member"))
    member = state.member_index.get(person)
    if member is None:
        raise E.NotAMember(person=person, citation=state.citation("opening.registration"))
    att = state.attendance.get(person)
    if att is not None and att.present:
        raise E.AlreadyRegistered(person=member.name, citation=state.citation("opening.registration"))
    return "MEMBER_REGISTERED", {"person": person, "name": member.name, "iin": member.iin}


def _excuse_member(state: S.SittingState, c: Command) -> tuple[str, dict]:
    """An absent member's excuse and its reason, before or during the sitting (Reg §12 p. 2, Reg §7)."""
    not_closed(state)
    person = str(required_field(c, "member"))
    member = state.member_index.get(person)
    att = state.attendance.get(person)
    if member is None:
        if att is not None and not att.is_member:
            raise E.GuestCannotBeExcused(person=att.name, citation=state.citation("vote.guests"))
        raise E.NotAMember(person=person, citation=state.citation("opening.registration"))
    if att is not None and att.present:
        raise E.PresentCannotBeExcused(person=member.name, citation=state.citation("opening.registration"))
    return "MEMBER_EXCUSED", {"person": person, "name": member.name, "reason": text_field(c, "reason")}


def _register_guest(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    name = text_field(c, "name")
    person = str(c.fields.get("guest") or f"G{state.seq + 1}")
    if person in state.member_index:
        raise E.InvalidField(name=c.name, field="guest", value=person)
    att = state.attendance.get(person)
    if att is not None and att.present:
        raise E.AlreadyRegistered(person=att.name, citation=state.citation("opening.registration"))
    role = choice_field(c, "role", R.GUEST_ROLES, "other")
    return "GUEST_REGISTERED", {
        "person": person,
        "name": name,
        "role": role,
        "organisation": str_field(c, "organisation", ""),
    }


def _depart(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    person = str(required_field(c, "person"))
    present_person(state, person)
    sp = state.active_speech
    if sp is not None and sp.person_id == person:
        raise E.WrongPhase(
            N_("The person is speaking; stop the speech first."), citation=state.citation("speech.order")
        )
    return "DEPARTED", {"person": person}


CAPACITIES = ("akim", "authorised")


def _authority(c: Command, citation: str) -> dict[str, str]:
    """Who acts for the akim (Reg §7, §8): ``by`` (a name), ``capacity`` and the ``authorisation``.

    ``capacity`` is ``akim`` or ``authorised``; an authorised person needs the
    akim's act that authorised him (``authorisation``, e.g. an order's number
    and date). Given an authorisation alone, the capacity is ``authorised``.
    Without any of them the record stays silent, as in papers typed in from
    before these fields existed.
    """
    by = str_field(c, "by", "")
    authorisation = str_field(c, "authorisation", "")
    capacity = c.fields.get("capacity")
    if capacity is None and authorisation:
        capacity = "authorised"
    if capacity is None:
        return {"by": by}
    if capacity not in CAPACITIES:
        raise E.InvalidField(name=c.name, field="capacity", value=repr(capacity))
    if not by:
        raise E.MissingField(name=c.name, field="by", citation=citation)
    if capacity == "authorised" and not authorisation:
        raise E.MissingField(name=c.name, field="authorisation", citation=citation)
    out = {"by": by, "capacity": capacity}
    if capacity == "authorised":
        out["authorisation"] = authorisation
    return out


def _announce(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    if state.phase != S.REGISTRATION:
        raise E.WrongPhase(
            N_("The registration result is announced before the opening."),
            citation=state.citation("opening.registration"),
        )
    return "REGISTRATION_ANNOUNCED", {
        "present": state.present_count,
        "members": state.member_count,
        "required": state.quorum_required,
        "quorum_met": state.quorum_met,
        "rule": state.quorum_rule,
        **_authority(c, state.citation("opening.registration")),
    }


def _open(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    if state.phase != S.REGISTRATION:
        raise E.WrongPhase(N_("The sitting is already open."), citation=state.citation("opening.by"))
    if not state.announcements:
        raise E.WrongPhase(
            N_("The registration result must be announced before the opening."),
            citation=state.citation("opening.registration"),
        )
    if not state.quorum_met:
        raise E.QuorumNotReached(
            present=state.present_count,
            members=state.member_count,
            required=state.quorum_required,
            citation=state.citation(state.quorum_rule),
        )
    return "SITTING_OPENED", {
        **_authority(c, state.citation("opening.by")),
        "present": state.present_count,
        "required": state.quorum_required,
    }


OFFICER_ROLES = ("chair", "secretary", "acting_chair")


def _elect(state: S.SittingState, c: Command) -> tuple[str, dict]:
    """Elect the chair or the secretary (Reg §8); a member to chair while the chair is out; a new secretary.

    ``acting_chair``: only while the elected chair is out of the hall and
    nobody chairs in his place; it may be voted while a tie waits for the
    deciding vote, which the member so elected then casts. ``secretary`` once a
    secretary is elected replaces him, with the ``reason`` for the protocol.
    """
    must_be_open(state)
    role = choice_field(c, "role", OFFICER_ROLES)
    extra: dict[str, Any] = {}
    rule_code = "officers.election"
    election = state.citation(rule_code)  # the meeting's Reg §8; the Law or the Model Rules at a gathering
    if role == "acting_chair":
        chair = state.chair
        if chair is None:
            raise E.WrongPhase(N_("The chair must be elected first."), citation=election)
        rule_code = "officers.acting_chair" if state.kind == R.MEETING else "officers.acting_chair_gathering"
        if state.present(chair.person_id):
            raise E.ChairIsPresent(person=chair.name, citation=state.citation(rule_code))
        acting = state.acting_chair
        if acting is not None and state.present(acting.person_id):
            raise E.ActingChairPresent(person=acting.name, citation=state.citation(rule_code))
    elif role == "secretary" and state.secretary is not None:
        rule_code = "officers.secretary_replaced"
        extra = {"replaces": state.secretary.name, "reason": text_field(c, "reason")}
    elif getattr(state, role) is not None:
        raise E.WrongPhase(N_("This officer has already been elected."), citation=election)
    elif role == "secretary" and state.chair is None:
        raise E.SecretaryBeforeChair(citation=election)
    person = str(required_field(c, "person"))
    att = present_person(state, person)
    if not att.is_member:
        raise E.GuestCannotBeOfficer(person=att.name, citation=state.citation("vote.guests"))
    if role == "secretary" and state.secretary is not None and state.secretary.person_id == person:
        raise E.WrongPhase(
            N_("This member is already the secretary."),
            citation=state.citation("officers.secretary_replaced"),
        )
    payload = vote_payload(
        state, c, role, rule_code=rule_code, base="present", while_tie_waits=role == "acting_chair"
    )
    payload.update({"candidate": person, "candidate_name": att.name, **extra})
    return "OFFICER_VOTE", payload


def _propose_item(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    item = str(c.fields.get("item") or f"I{state.seq + 1}")
    if state.item(item) is not None:
        raise E.InvalidField(name=c.name, field="item", value=item)
    position = c.fields.get("position")
    if position is not None:
        position = int_field(c, "position", minimum=1)
    return "ITEM_PROPOSED", {
        "item": item,
        "title": text_field(c, "title"),
        "kind": choice_field(c, "kind", R.AGENDA_ITEM_KINDS, "other"),
        "reporter": str_field(c, "reporter", ""),
        "reporter_id": c.fields.get("reporter_id"),
        "co_reporters": list(c.fields.get("co_reporters") or []),
        "source": "floor",
        "position": position,
    }


def _amend_item(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    it = item_of(state, c)
    if it.status not in (S.PROPOSED, S.INCLUDED):
        raise E.WrongPhase(N_("Only an item not yet considered can be amended."), citation=_agenda(state))
    payload: dict[str, Any] = {"item": it.id}
    if "title" in c.fields:
        payload["title"] = text_field(c, "title")
    if "kind" in c.fields:
        payload["kind"] = choice_field(c, "kind", R.AGENDA_ITEM_KINDS)
    if "reporter" in c.fields:
        payload["reporter"] = str_field(c, "reporter")
    if "co_reporters" in c.fields:
        payload["co_reporters"] = list(c.fields["co_reporters"] or [])
    if "position" in c.fields:
        payload["position"] = int_field(c, "position", minimum=1)
    if len(payload) == 1:
        raise E.MissingField(name=c.name, field="title")
    return "ITEM_AMENDED", payload


def _withdraw_item(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    it = item_of(state, c)
    if it.status not in (S.PROPOSED, S.INCLUDED):
        raise E.WrongPhase(N_("Only an item not yet considered can be withdrawn."), citation=_agenda(state))
    return "ITEM_WITHDRAWN", {"item": it.id}


def _vote_item(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_have_chair(state)
    it = item_of(state, c)
    if it.status != S.PROPOSED:
        raise E.WrongPhase(N_("This agenda item has already been voted on."), citation=_agenda(state))
    if state.kind == R.MEETING:
        base, rule_code = state.readings.get("agenda_base", R.AGENDA_BASE.default), "agenda.inclusion"
    else:  # a gathering approves its agenda by the majority of its participants
        base, rule_code = "present", state.majority_rule
    payload = vote_payload(state, c, "agenda_item", rule_code=rule_code, base=base)
    payload["item"] = it.id
    return "ITEM_VOTED", payload


def _approve_agenda(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_have_chair(state)
    no_pending_tie(state)
    if state.agenda_approved:
        raise E.WrongPhase(N_("The agenda has already been approved."), citation=_agenda(state))
    waiting = [it.id for it in state.agenda if it.status == S.PROPOSED]
    if waiting:
        raise E.WrongPhase(N_("Every proposed agenda item must be voted on first."), citation=_agenda(state))
    included = [it.id for it in state.agenda if it.status == S.INCLUDED]
    if not included:
        raise E.WrongPhase(N_("The agenda has no item included."), citation=_agenda(state))
    if state.kind == R.MEETING and state.open_decisions:
        # Reg §9: the agenda always includes the execution of earlier decisions, whatever its source.
        if not any(it.kind == "execution_of_decisions" and it.status == S.INCLUDED for it in state.agenda):
            raise E.ExecutionItemMissing(count=len(state.open_decisions))
    return "AGENDA_APPROVED", {"items": included}


def _agenda(state: S.SittingState) -> str:
    """The agenda's source at this sitting: Reg §9 at a meeting, the gathering's own source elsewhere."""
    return state.citation("agenda.inclusion")


def _start_item(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_have_chair(state)
    no_break(state)
    if not state.agenda_approved:
        raise E.WrongPhase(N_("The agenda must be approved first."), citation=_agenda(state))
    if state.current_item is not None:
        raise E.WrongPhase(N_("Finish the current agenda item first."))
    it = item_of(state, c)
    if it.status != S.INCLUDED:
        raise E.WrongPhase(N_("This item is not on the approved agenda or was already considered."))
    return "ITEM_STARTED", {"item": it.id}


def _end_item(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    no_pending_tie(state)
    if state.current_item is None:
        raise E.WrongPhase(N_("No agenda item is being considered."))
    if state.active_speech is not None:
        raise E.WrongPhase(
            N_("A speech is still going on; stop it first."), citation=state.citation("speech.order")
        )
    return "ITEM_ENDED", {"item": state.current_item}


def _set_time_limit(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    return "TIME_LIMIT_SET", {
        "kind": choice_field(c, "kind", R.SPEECH_KINDS),
        "seconds": int_field(c, "seconds", minimum=10),
    }


def _add_speaker(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_have_chair(state)
    kind = choice_field(c, "kind", R.SPEECH_KINDS)
    if kind == R.STATEMENT:
        item_id = c.fields.get("item")
        if item_id is not None:
            item_id = item_of(state, c).id
    else:
        it = item_of(state, c)
        if it.id != state.current_item:
            raise E.WrongPhase(
                N_("Speakers are heard on the agenda item being considered."),
                citation=state.citation("speech.order"),
            )
        item_id = it.id
    person = str(required_field(c, "person"))
    att = present_person(state, person)
    limited = state.governs(
        "speech.max_debate"
    )  # a meeting's rule (Reg §11); no text sets it for a gathering
    if limited and att.is_member and item_id is not None and kind in R.counted_kinds(state.readings):
        # Reg §11: no more than twice on one item; which speeches count is the reading in force.
        limit = int(state.rule_values.get("speech.max_debate", 2))
        count = state.speech_count(item_id, person)
        if count >= limit:
            waiting = sum(
                1
                for sp in state.speeches_on(item_id)
                if sp.person_id == person
                and sp.status == S.QUEUED
                and sp.kind in R.counted_kinds(state.readings)
            )
            if waiting:  # said as it is: spoken so far, and still on the list
                raise E.SpeechLimitWithWaiting(
                    person=att.name, count=count, spoken=count - waiting, waiting=waiting, limit=limit
                )
            raise E.SpeechLimitReached(person=att.name, count=count, limit=limit)
    speech = str(c.fields.get("speech") or f"S{state.seq + 1}")
    if state.speech(speech) is not None:
        raise E.InvalidField(name=c.name, field="speech", value=speech)
    seconds = c.fields.get("seconds")
    limit_seconds = (
        int_field(c, "seconds", minimum=10) if seconds is not None else int(state.time_limits.get(kind, 300))
    )
    return "SPEAKER_ADDED", {
        "speech": speech,
        "item": item_id,
        "person": person,
        "name": att.name,
        "is_member": att.is_member,
        "kind": kind,
        "limit": limit_seconds,
    }


def _start_speech(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    no_break(state)
    sp = speech_of(state, c)
    if sp.status != S.QUEUED:
        raise E.WrongPhase(N_("This speech is not waiting to start."))
    active = state.active_speech
    if active is not None:
        raise E.WrongPhase(
            N_("Another speech is going on; stop it first."), citation=state.citation("speech.order")
        )
    present_person(state, sp.person_id)
    return "SPEECH_STARTED", {"speech": sp.id}


def _pause_speech(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    sp = speech_of(state, c)
    if sp.status != S.SPEAKING:
        raise E.WrongPhase(N_("This speech is not going on."))
    return "SPEECH_PAUSED", {"speech": sp.id}


def _resume_speech(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    no_break(state)
    no_pending_tie(state)
    sp = speech_of(state, c)
    if sp.status != S.PAUSED:
        raise E.WrongPhase(N_("This speech is not paused."))
    return "SPEECH_RESUMED", {"speech": sp.id}


def _stop_speech(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    sp = speech_of(state, c)
    if sp.status in (S.FINISHED, S.CANCELLED):
        raise E.WrongPhase(N_("This speech is already over."))
    reason = choice_field(c, "reason", ("done", "overrun"), "done")
    return "SPEECH_STOPPED", {"speech": sp.id, "reason": reason}


def _extend_speech(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_have_chair(state)
    sp = speech_of(state, c)
    if sp.status not in (S.SPEAKING, S.PAUSED):
        raise E.WrongPhase(
            N_("Only a speech going on can be extended."), citation=state.citation("speech.extension")
        )
    seconds = int_field(c, "seconds", minimum=10)
    payload = vote_payload(state, c, "extension", rule_code="speech.extension", base="present")
    payload.update({"speech": sp.id, "item": sp.item_id, "seconds": seconds})
    return "EXTENSION_VOTED", payload


def _speech_summary(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    sp = speech_of(state, c)
    return "SPEECH_SUMMARY", {"speech": sp.id, "text": str_field(c, "text")}


def _break(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    no_break(state)
    sp = state.active_speech
    if sp is not None and sp.status == S.SPEAKING:
        raise E.WrongPhase(
            N_("A speech is going on; pause or stop it first."), citation=state.citation("speech.order")
        )
    return "BREAK_STARTED", {"reason": str_field(c, "reason", "")}


def _resume(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    if not state.on_break:
        raise E.WrongPhase(N_("The sitting is not on a break."))
    return "BREAK_ENDED", {}


def _written_question(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    author = c.fields.get("author")
    author_name = str_field(c, "author_name", "")
    if author is not None:
        author_name = present_person(state, str(author)).name
    elif not author_name:
        raise E.MissingField(name=c.name, field="author")
    question = str(c.fields.get("question") or f"Q{state.seq + 1}")
    if state.question(question) is not None:
        raise E.InvalidField(name=c.name, field="question", value=question)
    return "WRITTEN_QUESTION", {
        "question": question,
        "item": c.fields.get("item") or state.current_item,
        "author": None if author is None else str(author),
        "author_name": author_name,
        "addressee": str_field(c, "to", ""),
        "text": text_field(c, "text"),
    }


def _announce_question(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    ref = str(required_field(c, "question"))
    q = state.question(ref)
    if q is None:
        raise E.UnknownQuestion(ref=ref)
    if q.announced_at is not None:
        raise E.WrongPhase(N_("This written question has already been announced."))
    return "QUESTION_ANNOUNCED", {"question": q.id}


def _decision_text(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    it = item_of(state, c)
    if it.status != S.IN_PROGRESS:
        raise E.WrongPhase(N_("A decision is drafted on the agenda item being considered."))
    return "DECISION_TEXT", {"item": it.id, "text": text_field(c, "text")}


def _vote_decision(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_have_chair(state)
    it = item_of(state, c)
    if it.id != state.current_item:
        raise E.WrongPhase(
            N_("A decision is voted on the agenda item being considered."),
            citation=state.citation(state.majority_rule),
        )
    text = str_field(c, "text", "") or it.decision_text
    if not text:
        raise E.MissingField(name=c.name, field="text")
    # The reading is of Reg §12 (the meeting); the Law counts a gathering's participants present.
    base = (
        state.readings.get("majority_base", R.MAJORITY_BASE.default) if state.kind == R.MEETING else "present"
    )
    payload = vote_payload(state, c, "decision", rule_code=state.majority_rule, base=base)
    payload.update({"item": it.id, "text": text})
    return "DECISION_VOTED", payload


def _casting_vote(state: S.SittingState, c: Command) -> tuple[str, dict]:
    must_be_open(state)
    if state.kind != R.MEETING:  # Law art. 39-3: more than half of the participants, no casting vote
        raise E.NoCastingVoteHere(citation=state.citation(R.casting_vote_rule(state.kind)))
    tie = state.pending_tie
    ref = str(c.fields.get("vote") or (tie.id if tie else ""))
    vote = state.vote(ref) if ref else None
    if vote is None:
        if ref:
            raise E.UnknownVote(ref=ref)
        raise E.NoTie(vote="-")
    if vote.outcome != S.TIE:
        raise E.NoTie(vote=vote.id)
    if state.chair is None:
        raise E.WrongPhase(N_("The chair must be elected first."), citation=R.REG_8)
    presiding = state.presiding
    if presiding is None:  # only a chair in the hall casts it (Reg §12)
        raise E.ChairNotPresent(person=state.chair.name)
    return "CASTING_VOTE", {
        "vote": vote.id,
        "choice": choice_field(c, "choice", ("for", "against")),
        "chair": presiding.person_id,
        "chair_name": presiding.name,
        "acting": presiding is not state.chair,
    }


def _acknowledge(state: S.SittingState, c: Command) -> tuple[str, dict]:
    """Record for the protocol why an approved item was not taken up or a written question not announced.

    ``item`` (an item of the approved agenda not yet taken up, Reg §9) or
    ``question`` (a written question not announced, Reg §11), and ``reason``.
    Taking the item up or announcing the question afterwards drops the record.
    """
    must_be_open(state)
    if c.fields.get("question") is not None:
        ref = str(c.fields["question"])
        q = state.question(ref)
        if q is None:
            raise E.UnknownQuestion(ref=ref)
        if q.announced_at is not None:
            raise E.WrongPhase(
                N_("This written question has already been announced."),
                citation=state.citation("closing.questions"),
            )
        return "QUESTION_NOT_ANNOUNCED", {"question": q.id, "reason": text_field(c, "reason")}
    if c.fields.get("item") is None:
        raise E.MissingField(name=c.name, field="item")
    it = item_of(state, c)
    if not state.agenda_approved:
        raise E.WrongPhase(N_("The agenda must be approved first."), citation=_agenda(state))
    if it.status != S.INCLUDED:
        raise E.WrongPhase(
            N_("Only an item of the approved agenda not yet taken up can be recorded as not considered."),
            citation=state.citation("closing.agenda"),
        )
    return "ITEM_NOT_CONSIDERED", {"item": it.id, "title": it.title, "reason": text_field(c, "reason")}


def _undo(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    target = int_field(c, "seq", minimum=1)
    reason = text_field(c, "reason")
    if target == 1:
        raise E.UndoRefused(seq=target, reason=N_("the OPEN event starts the journal."))
    if target > state.seq:
        raise E.UndoRefused(seq=target, reason=N_("there is no such event."))
    if target in state.undone:
        raise E.UndoRefused(seq=target, reason=N_("it has already been undone."))
    if any(c.seq == target for c in state.corrections):
        raise E.UndoRefused(seq=target, reason=N_("journal markers and corrections stay as they are."))
    return "CORRECTION", {"target": target, "reason": reason}


def _close(state: S.SittingState, c: Command) -> tuple[str, dict]:
    not_closed(state)
    no_pending_tie(state)
    if state.active_speech is not None:
        raise E.WrongPhase(
            N_("A speech is still going on; stop it first."), citation=state.citation("speech.order")
        )
    if state.current_item is not None:
        raise E.WrongPhase(N_("Finish the current agenda item first."))
    held = state.phase == S.OPEN
    if held:
        _nothing_left_silently(state)
    return "CLOSE", {
        "held": held,
        "present": state.present_count,
        "members": state.member_count,
        "decisions": len(state.decisions()),
    }


def _nothing_left_silently(state: S.SittingState) -> None:
    """Closing: every approved item considered and every written question announced, or a reason recorded."""
    if state.agenda_approved:
        waiting = [it for it in state.agenda if it.status == S.INCLUDED and not it.left_reason]
        if waiting:
            raise E.AgendaNotFinished(
                items="; ".join(f"«{it.title}» ({it.id})" for it in waiting),
                refs=tuple(it.id for it in waiting),
                citation=state.citation("closing.agenda"),
            )
    # Reg §11 (the meeting's): written questions announced. No text of a gathering says so; its protocol
    # prints a question not announced as it stands.
    silent = [q for q in state.questions if q.announced_at is None and not q.left_reason]
    if silent and state.governs("closing.questions"):
        raise E.QuestionsNotAnnounced(
            questions="; ".join(f"{q.id} ({q.author_name})" if q.author_name else q.id for q in silent),
            refs=tuple(q.id for q in silent),
        )


HANDLERS = {
    "register": _register,
    "register_guest": _register_guest,
    "excuse_member": _excuse_member,
    "depart": _depart,
    "announce_registration": _announce,
    "open": _open,
    "elect": _elect,
    "propose_item": _propose_item,
    "amend_item": _amend_item,
    "withdraw_item": _withdraw_item,
    "vote_item": _vote_item,
    "approve_agenda": _approve_agenda,
    "start_item": _start_item,
    "end_item": _end_item,
    "set_time_limit": _set_time_limit,
    "add_speaker": _add_speaker,
    "start_speech": _start_speech,
    "pause_speech": _pause_speech,
    "resume_speech": _resume_speech,
    "stop_speech": _stop_speech,
    "extend_speech": _extend_speech,
    "speech_summary": _speech_summary,
    "break": _break,
    "resume": _resume,
    "written_question": _written_question,
    "announce_question": _announce_question,
    "decision_text": _decision_text,
    "vote": _vote_decision,
    "casting_vote": _casting_vote,
    "acknowledge": _acknowledge,
    "undo": _undo,
    "close": _close,
    **ELECTION_HANDLERS,  # separate gatherings: candidates for representative and their votes
}

COMMAND_NAMES = tuple(HANDLERS)


def decide(state: S.SittingState, command: Command, now: datetime) -> tuple[str, dict[str, Any]]:
    """The event a command produces in this state, or a typed refusal citing the rule."""
    if state.seq == 0:
        raise E.SittingNotStarted(sitting=state.sitting_id)
    handler = HANDLERS.get(command.name)
    if handler is None:
        raise E.UnknownCommand(name=command.name)
    try:
        type_, payload = handler(state, command)
    except E.MeetingError as err:
        if state.kind != R.MEETING:  # a gathering's refusal speaks of the gathering, not of a sitting
            E.in_gathering_words(err)
        raise
    at = command.at or now
    if state.last_at is not None and _aware(at) < state.last_at:
        raise E.TimeGoesBack(at=iso(at), last=state.last_at.isoformat())
    payload["at"] = iso(at)
    return type_, payload
