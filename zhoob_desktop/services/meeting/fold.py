"""The fold: the state of a sitting as a pure function of its journal.

``fold(events)`` needs nothing but the events (the roster, rule values and
readings are in the OPEN event), so the district re-folds a journal taken
from a bundle and gets the same state. ``apply`` advances a state by one
event; a CORRECTION (the compensating event) needs the whole journal, because
the corrected event is taken out and everything after it re-applied.

The fold trusts the engine's checks (they ran before the event was written);
it raises ``JournalInconsistent`` only when an event cannot apply at all,
which for a verified chain means a later event depended on a corrected one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.citations import SourceDataError, source_from_json
from zhoob_desktop.services.meeting.errors import JournalInconsistent
from zhoob_desktop.services.meeting.journal import Event
from zhoob_desktop.services.meeting.rules import majority_rule_code, quorum_rule_code

CORRECTION = "CORRECTION"
VOTE_EVENTS = frozenset(
    {"OFFICER_VOTE", "ITEM_VOTED", "DECISION_VOTED", "EXTENSION_VOTED", "REPRESENTATIVES_VOTED"}
)


_DERIVED = ("present_member_ids", "present_guests")


def replace(obj, /, **changes):  # noqa: A001 - a faster dataclasses.replace for the fold's hot path
    """``dataclasses.replace`` for frozen dataclasses without re-running ``__init__``.

    The fold replaces the state once or twice per event; the generic replace
    costs tens of microseconds on a state of forty fields. Values cached on the
    state (``cached_property``) that depend on attendance are dropped; the
    member index is dropped only when the roster changes.
    """
    new = object.__new__(type(obj))
    d = new.__dict__
    d.update(obj.__dict__)
    d.update(changes)
    if isinstance(obj, S.SittingState):
        for name in _DERIVED:
            d.pop(name, None)
        if "members" in changes:
            d.pop("member_index", None)
            d.pop("member_positions", None)
    return new


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _inconsistent(ev: Event, detail: str) -> JournalInconsistent:
    return JournalInconsistent(seq=ev.seq, type=ev.type, detail=detail)


def empty_state(sitting_id: str) -> S.SittingState:
    return S.SittingState(sitting_id=sitting_id)


def fold(events: Sequence[Event], sitting_id: str | None = None) -> S.SittingState:
    """The state after all events (corrected events skipped)."""
    sid = sitting_id or (events[0].sitting_id if events else "")
    undone = frozenset(int(ev.payload["target"]) for ev in events if ev.type == CORRECTION)
    types = {ev.seq: ev.type for ev in events} if undone else {}
    state = empty_state(sid)
    for ev in events:
        state = _step(state, ev, undone)
        if ev.type == CORRECTION and ev.seq not in undone:
            # the corrected event's type, read from the journal itself
            last = state.corrections[-1]
            fixed = replace(last, target_type=types.get(last.target_seq, ""))
            state = replace(state, corrections=state.corrections[:-1] + (fixed,))
    return state


def apply(state: S.SittingState, ev: Event, journal: Sequence[Event] | None = None) -> S.SittingState:
    """The state after one more event. A CORRECTION re-folds ``journal`` (which includes ``ev``)."""
    if ev.type == CORRECTION:
        if journal is None:
            raise ValueError("a CORRECTION needs the whole journal to re-fold")
        return fold(journal, state.sitting_id)
    return _step(state, ev, state.undone)


def _step(state: S.SittingState, ev: Event, undone: frozenset[int]) -> S.SittingState:
    if ev.seq in undone:
        new = state
    else:
        handler = _HANDLERS.get(ev.type)
        if handler is None:
            raise _inconsistent(ev, N_("unknown event type"))
        new = handler(state, ev, ev.payload)
    at = ev.payload.get("at")
    stamp = {
        "seq": ev.seq,
        "last_hash": ev.hash,
        "last_at": ts(at) if at else state.last_at,
        "undone": undone,
    }
    if new is state:
        return replace(state, **stamp)
    # ``new`` was made by the handler for this event and is not shared yet: stamp it in place
    # rather than copying forty fields once more.
    new.__dict__.update(stamp)
    return new


# -- handlers ------------------------------------------------------------------------


def _open(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    members = tuple(S.Member(m["id"], m["name"], m.get("iin"), m.get("address", "")) for m in p["members"])
    agenda = tuple(
        S.AgendaItem(
            id=a["id"],
            title=a["title"],
            kind=a.get("kind", "other"),
            reporter=a.get("reporter", ""),
            reporter_id=a.get("reporter_id"),
            co_reporters=tuple(a.get("co_reporters", ())),
            source=a.get("source", "draft"),
        )
        for a in p.get("agenda", ())
    )
    rules = dict(p.get("rules", {}))
    limits = dict(rules.get("speech.limits", {}))
    sources = dict(p.get("sources") or {})
    for act in sources.values():
        try:
            source_from_json(act)  # an act that came with its texts: they translate its citation
        except SourceDataError:
            raise _inconsistent(ev, N_("an act cited by the sitting cannot be read")) from None
    open_decisions = tuple(
        S.OpenDecision(
            str(d.get("sitting", "")),
            str(d.get("held_on", "")),
            str(d.get("item", "")),
            str(d.get("vote", "")),
        )  # fmt: skip
        for d in p.get("open_decisions") or ()
    )
    return replace(
        state,
        kind=p["kind"],
        title=p.get("title", ""),
        place=p.get("place", ""),
        scheduled_on=p.get("scheduled_on", ""),
        with_representatives=bool(p.get("with_representatives", False)),
        territory=p.get("territory", ""),
        phase=S.REGISTRATION,
        journal_opened_at=ts(p["at"]),
        members=members,
        agenda=agenda,
        rule_values=MappingProxyType(rules),
        readings=MappingProxyType(dict(p.get("readings", {}))),
        sources=MappingProxyType(sources),
        open_decisions=open_decisions,
        time_limits=MappingProxyType(limits),
        quorum_rule=quorum_rule_code(p["kind"], bool(p.get("with_representatives", False))),
        majority_rule=majority_rule_code(p["kind"]),
        representation=MappingProxyType(dict(p.get("representation") or {})),
    )


def _with_attendance(state: S.SittingState, person_id: str, att: S.Attendance) -> S.SittingState:
    attendance = dict(state.attendance)
    attendance[person_id] = att
    return replace(state, attendance=MappingProxyType(attendance))


def _register(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    at = ts(p["at"])
    pid = p["person"]
    old = state.attendance.get(pid)
    if old is not None:
        if old.present:
            raise _inconsistent(ev, N_("the person is already present"))
        return _with_attendance(state, pid, replace(old, periods=old.periods + ((at, None),)))
    is_member = ev.type == "MEMBER_REGISTERED"
    att = S.Attendance(
        person_id=pid,
        name=p["name"],
        iin=p.get("iin"),
        is_member=is_member,
        role="" if is_member else p.get("role", "other"),
        organisation=p.get("organisation", ""),
        periods=((at, None),),
    )
    return _with_attendance(state, pid, att)


def _without_excuse(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    """A member who registers after being excused is simply present."""
    state = _register(state, ev, p)
    if p["person"] in state.excused:
        excused = dict(state.excused)
        del excused[p["person"]]
        state = replace(state, excused=MappingProxyType(excused))
    return state


def _excused(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    att = state.attendance.get(p["person"])
    if att is not None and att.present:
        raise _inconsistent(ev, N_("the person is present"))
    excused = dict(state.excused)
    excused[p["person"]] = S.Excuse(p["person"], p["name"], p["reason"], ts(p["at"]), ev.seq)
    return replace(state, excused=MappingProxyType(excused))


def _depart(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    old = state.attendance.get(p["person"])
    if old is None or not old.present:
        raise _inconsistent(ev, N_("the person is not present"))
    periods = old.periods[:-1] + ((old.periods[-1][0], ts(p["at"])),)
    return _with_attendance(state, old.person_id, replace(old, periods=periods))


def _announce(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    ann = S.Announcement(
        ev.seq,
        ts(p["at"]),
        p["present"],
        p["members"],
        p["required"],
        p["quorum_met"],
        by=p.get("by", ""),
        capacity=p.get("capacity", ""),
        authorisation=p.get("authorisation", ""),
    )
    return replace(state, announcements=state.announcements + (ann,))


def _opened(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return replace(
        state,
        phase=S.OPEN,
        opened_at=ts(p["at"]),
        opened_by=p.get("by", ""),
        opened_as=p.get("capacity", ""),
        opened_authorisation=p.get("authorisation", ""),
    )


def _replace_item(state: S.SittingState, ev: Event, item_id: str, **changes) -> S.SittingState:
    agenda = list(state.agenda)
    for i, it in enumerate(agenda):
        if it.id == item_id:
            agenda[i] = replace(it, **changes)
            return replace(state, agenda=tuple(agenda))
    raise _inconsistent(ev, N_("the agenda item does not exist"))


def _replace_speech(state: S.SittingState, ev: Event, speech_id: str, **changes) -> S.SittingState:
    i = state.speech_position(speech_id)
    if i is None:
        raise _inconsistent(ev, N_("the speech does not exist"))
    speeches = list(state.speeches)
    speeches[i] = replace(speeches[i], **changes)
    return replace(state, speeches=tuple(speeches))


def _replace_vote(state: S.SittingState, ev: Event, vote_id: str, **changes) -> S.SittingState:
    votes = list(state.votes)
    for i in range(len(votes) - 1, -1, -1):
        if votes[i].id == vote_id:
            votes[i] = replace(votes[i], **changes)
            return replace(state, votes=tuple(votes))
    raise _inconsistent(ev, N_("the vote does not exist"))


def _proposed(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    if state.item(p["item"]) is not None:
        raise _inconsistent(ev, N_("the agenda item already exists"))
    item = S.AgendaItem(
        id=p["item"],
        title=p["title"],
        kind=p.get("kind", "other"),
        reporter=p.get("reporter", ""),
        reporter_id=p.get("reporter_id"),
        co_reporters=tuple(p.get("co_reporters", ())),
        source=p.get("source", "floor"),
    )
    agenda = list(state.agenda)
    position = p.get("position")
    if position is None or not (1 <= position <= len(agenda)):
        agenda.append(item)
    else:
        agenda.insert(position - 1, item)
    return replace(state, agenda=tuple(agenda))


def _amended(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    changes = {k: p[k] for k in ("title", "kind", "reporter", "reporter_id") if k in p}
    if "co_reporters" in p:
        changes["co_reporters"] = tuple(p["co_reporters"])
    state = _replace_item(state, ev, p["item"], **changes)
    if p.get("position"):
        agenda = [it for it in state.agenda if it.id != p["item"]]
        agenda.insert(p["position"] - 1, state.item(p["item"]))
        state = replace(state, agenda=tuple(agenda))
    return state


def _withdrawn(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return _replace_item(state, ev, p["item"], status=S.WITHDRAWN)


def _agenda_approved(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return replace(state, agenda_approved_at=ts(p["at"]))


def _item_started(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    state = _replace_item(state, ev, p["item"], status=S.IN_PROGRESS, started_at=ts(p["at"]), left_reason="")
    return replace(state, current_item=p["item"])


def _item_ended(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    state = _replace_item(state, ev, p["item"], status=S.CONSIDERED, ended_at=ts(p["at"]))
    return replace(state, current_item=None)


def _time_limit(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    limits = dict(state.time_limits)
    limits[p["kind"]] = int(p["seconds"])
    return replace(state, time_limits=MappingProxyType(limits))


def _speaker_added(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    # Every speech of this fold is in the position index, so a new id is looked up there only
    # (the engine's own check before writing also scans the tuple).
    pos = state.speech_positions.get(p["speech"])
    if pos is not None and pos < len(state.speeches) and state.speeches[pos].id == p["speech"]:
        raise _inconsistent(ev, N_("the speech already exists"))
    sp = S.Speech(
        id=p["speech"],
        seq=ev.seq,
        item_id=p.get("item"),
        person_id=p["person"],
        name=p["name"],
        is_member=bool(p["is_member"]),
        kind=p["kind"],
        status=S.QUEUED,
        limit_seconds=int(p["limit"]),
    )
    state.speech_positions[sp.id] = len(state.speeches)
    return replace(state, speeches=state.speeches + (sp,))


def _speech_started(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    sp = state.speech(p["speech"])
    if sp is None or sp.status not in (S.QUEUED, S.PAUSED):
        raise _inconsistent(ev, N_("the speech cannot start"))
    return _replace_speech(state, ev, sp.id, status=S.SPEAKING, segments=sp.segments + ((ts(p["at"]), None),))


def _close_segment(sp: S.Speech, at: datetime) -> tuple[tuple[datetime, datetime | None], ...]:
    if sp.segments and sp.segments[-1][1] is None:
        return sp.segments[:-1] + ((sp.segments[-1][0], at),)
    return sp.segments


def _speech_paused(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    sp = state.speech(p["speech"])
    if sp is None or sp.status != S.SPEAKING:
        raise _inconsistent(ev, N_("the speech is not running"))
    return _replace_speech(state, ev, sp.id, status=S.PAUSED, segments=_close_segment(sp, ts(p["at"])))


def _speech_stopped(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    sp = state.speech(p["speech"])
    if sp is None or sp.status in (S.FINISHED, S.CANCELLED):
        raise _inconsistent(ev, N_("the speech is already over"))
    status = S.CANCELLED if sp.status == S.QUEUED else S.FINISHED
    reason = "cancelled" if status == S.CANCELLED else p.get("reason", "done")
    return _replace_speech(
        state, ev, sp.id, status=status, stop_reason=reason, segments=_close_segment(sp, ts(p["at"]))
    )


def _speech_summary(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return _replace_speech(state, ev, p["speech"], summary=p["text"])


def _break_started(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return replace(state, breaks=state.breaks + (S.Break(ts(p["at"]), None, p.get("reason", "")),))


def _break_ended(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    if not state.on_break:
        raise _inconsistent(ev, N_("there is no break to end"))
    last = state.breaks[-1]
    return replace(state, breaks=state.breaks[:-1] + (replace(last, ended_at=ts(p["at"])),))


def _written_question(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    q = S.WrittenQuestion(
        id=p["question"],
        seq=ev.seq,
        item_id=p.get("item"),
        author_id=p.get("author"),
        author_name=p.get("author_name", ""),
        addressee=p.get("addressee", ""),
        text=p["text"],
        at=ts(p["at"]),
    )
    return replace(state, questions=state.questions + (q,))


def _question_announced(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    questions = list(state.questions)
    for i, q in enumerate(questions):
        if q.id == p["question"]:
            questions[i] = replace(q, announced_at=ts(p["at"]), left_reason="")
            return replace(state, questions=tuple(questions))
    raise _inconsistent(ev, N_("the written question does not exist"))


def _question_not_announced(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    questions = list(state.questions)
    for i, q in enumerate(questions):
        if q.id == p["question"]:
            questions[i] = replace(q, left_reason=p["reason"])
            return replace(state, questions=tuple(questions))
    raise _inconsistent(ev, N_("the written question does not exist"))


def _item_not_considered(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return _replace_item(state, ev, p["item"], left_reason=p["reason"])


def _decision_text(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return _replace_item(state, ev, p["item"], decision_text=p["text"])


def _vote(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    vote = S.Vote(
        id=p["vote"],
        seq=ev.seq,
        at=ts(p["at"]),
        subject=p["subject"],
        item_id=p.get("item"),
        speech_id=p.get("speech"),
        candidate_id=p.get("candidate"),
        candidate_name=p.get("candidate_name", ""),
        text=p.get("text", ""),
        method=p["method"],
        votes_for=p["for"],
        votes_against=p["against"],
        abstained=p["abstain"],
        roll_call=MappingProxyType(dict(p.get("roll_call") or {})),
        present_members=_present_ids(state, p["present"]),
        eligible=p["eligible"],
        rule=p["rule"],
        citation=p["citation"],
        base=p["base"],
        base_count=p["base_count"],
        required=p["required"],
        outcome=p["outcome"],
        reached_by=p.get("reached_by"),
        extension_seconds=int(p.get("seconds", 0)),
        tie_rule=p.get("tie_rule"),
        replaces=p.get("replaces", ""),
        reason=p.get("reason", ""),
        candidates=tuple(p.get("candidates") or ()),
    )
    state = replace(state, votes=state.votes + (vote,))
    if vote.subject == "decision":
        it = state.item(vote.item_id or "")
        if it is None:
            raise _inconsistent(ev, N_("the agenda item does not exist"))
        state = _replace_item(state, ev, it.id, decision_votes=it.decision_votes + (vote.id,))
    elif vote.subject == "agenda_item":
        state = _replace_item(state, ev, vote.item_id or "", inclusion_vote=vote.id)
    if vote.outcome != S.TIE:
        state = _vote_effect(state, ev, vote)
    return state


def _present_ids(state: S.SittingState, present: list) -> tuple[str, ...]:
    """Votes record the members present by their position on the OPEN roster (ids also accepted)."""
    if present and isinstance(present[0], int):
        members = state.members
        return tuple(members[i].id for i in present)
    return tuple(present)


def _vote_effect(state: S.SittingState, ev: Event, vote: S.Vote) -> S.SittingState:
    """What an adopted or rejected vote changes besides its own record."""
    adopted = vote.outcome == S.ADOPTED
    at = vote.at
    if vote.subject in ("chair", "secretary", "acting_chair") and adopted:
        officer = S.Officer(
            vote.candidate_id or "",
            vote.candidate_name,
            vote.id,
            at,
            role=vote.subject,
            replaces=vote.replaces,
            reason=vote.reason,
        )
        return replace(state, **{vote.subject: officer, "officers": state.officers + (officer,)})
    if vote.subject == "agenda_item":
        return _replace_item(state, ev, vote.item_id or "", status=S.INCLUDED if adopted else S.NOT_INCLUDED)
    if vote.subject == "representative":
        chosen = set(vote.candidates)
        if not chosen <= {c.person_id for c in state.candidates}:
            raise _inconsistent(ev, N_("the candidate was not proposed"))
        candidates = tuple(
            replace(c, vote_id=vote.id, elected=adopted) if c.person_id in chosen else c
            for c in state.candidates
        )
        return replace(state, candidates=candidates)
    if vote.subject == "extension":
        sp = state.speech(vote.speech_id or "")
        if sp is None:
            raise _inconsistent(ev, N_("the speech does not exist"))
        if adopted:
            return _replace_speech(state, ev, sp.id, extensions=sp.extensions + (vote.extension_seconds,))
        if sp.status in (S.SPEAKING, S.PAUSED):
            return _replace_speech(
                state,
                ev,
                sp.id,
                status=S.FINISHED,
                stop_reason="extension_refused",
                segments=_close_segment(sp, at),
            )
    return state


def _casting(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    vote = state.vote(p["vote"])
    if vote is None or vote.outcome != S.TIE:
        raise _inconsistent(ev, N_("the vote is not a tie"))
    if p.get("acting") and (state.acting_chair is None or state.acting_chair.person_id != p.get("chair")):
        # an undone election of the member who chaired in the chair's absence
        raise _inconsistent(ev, N_("the member who cast the deciding vote was not elected to chair"))
    outcome = S.ADOPTED if p["choice"] == "for" else S.REJECTED
    state = _replace_vote(
        state,
        ev,
        vote.id,
        outcome=outcome,
        reached_by="casting_vote",
        casting_vote=p["choice"],
        casting_seq=ev.seq,
        casting_by=p.get("chair_name", ""),
        casting_acting=bool(p.get("acting", False)),
    )
    # The effect (officer elected, item included, speech stopped...) dates from the casting vote.
    return _vote_effect(state, ev, replace(vote, outcome=outcome, at=ts(p["at"])))


def _candidate(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    cand = S.Candidate(
        person_id=p["person"],
        name=p.get("name", ""),
        address=p.get("address", ""),
        item_id=p.get("item") or "",
        seq=ev.seq,
        proposed_by=p.get("proposed_by", ""),
    )
    return replace(state, candidates=state.candidates + (cand,))


def _correction(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    c = S.Correction(ev.seq, int(p["target"]), "", p.get("reason", ""), ts(p["at"]))
    return replace(state, corrections=state.corrections + (c,))


def _close(state: S.SittingState, ev: Event, p: Mapping[str, Any]) -> S.SittingState:
    return replace(state, phase=S.CLOSED, closed_at=ts(p["at"]))


_HANDLERS = {
    "OPEN": _open,
    "MEMBER_REGISTERED": _without_excuse,
    "MEMBER_EXCUSED": _excused,
    "GUEST_REGISTERED": _register,
    "DEPARTED": _depart,
    "REGISTRATION_ANNOUNCED": _announce,
    "SITTING_OPENED": _opened,
    "OFFICER_VOTE": _vote,
    "ITEM_PROPOSED": _proposed,
    "ITEM_AMENDED": _amended,
    "ITEM_WITHDRAWN": _withdrawn,
    "ITEM_VOTED": _vote,
    "AGENDA_APPROVED": _agenda_approved,
    "ITEM_STARTED": _item_started,
    "ITEM_ENDED": _item_ended,
    "TIME_LIMIT_SET": _time_limit,
    "SPEAKER_ADDED": _speaker_added,
    "SPEECH_STARTED": _speech_started,
    "SPEECH_PAUSED": _speech_paused,
    "SPEECH_RESUMED": _speech_started,
    "SPEECH_STOPPED": _speech_stopped,
    "SPEECH_SUMMARY": _speech_summary,
    "EXTENSION_VOTED": _vote,
    "BREAK_STARTED": _break_started,
    "BREAK_ENDED": _break_ended,
    "WRITTEN_QUESTION": _written_question,
    "QUESTION_ANNOUNCED": _question_announced,
    "DECISION_TEXT": _decision_text,
    "DECISION_VOTED": _vote,
    "CASTING_VOTE": _casting,
    "CANDIDATE_PROPOSED": _candidate,
    "REPRESENTATIVES_VOTED": _vote,
    "ITEM_NOT_CONSIDERED": _item_not_considered,
    "QUESTION_NOT_ANNOUNCED": _question_not_announced,
    CORRECTION: _correction,
    "CLOSE": _close,
}

EVENT_TYPES = frozenset(_HANDLERS)
