"""Electing representatives at a separate gathering: candidates proposed, voted one by one or as a list.

A separate gathering of a village, street or apartment building elects its
representatives to the gathering (Law art. 39-3; the Model Rules of separate
gatherings in force). Candidates are residents of the unit (on the sitting's
roster) proposed by the participants on the agenda item on electing
representatives; each vote (one candidate, or a list) is adopted by the
majority of the participants present, and no more are elected than the
unit's quota under the procedure the district maslikhat approved (frozen in
the OPEN event).
"""

from __future__ import annotations

from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.command import Command
from zhoob_desktop.services.meeting.guards import must_have_chair, required_field, str_field, vote_payload

ELECTION_KIND = "representatives_election"


def _election_item(state: S.SittingState) -> S.AgendaItem:
    if state.kind != R.SEPARATE_GATHERING:
        raise E.WrongPhase(
            N_("Representatives to the gathering are elected at separate gatherings."), citation=R.LAW_39_3
        )
    it = state.item(state.current_item or "")
    if it is None or it.kind != ELECTION_KIND:
        raise E.NotAnElectionItem(citation=state.citation("representatives.election"))
    return it


def _propose_candidate(state: S.SittingState, c: Command) -> tuple[str, dict[str, Any]]:
    """A resident of the unit proposed as a candidate for representative."""
    must_have_chair(state)
    it = _election_item(state)
    person = str(required_field(c, "person"))
    member = state.member_index.get(person)
    if member is None:
        raise E.NotAMember(person=person, citation=state.citation("representatives.election"))
    if state.candidate(person) is not None:
        raise E.AlreadyCandidate(person=member.name, citation=state.citation("representatives.election"))
    return "CANDIDATE_PROPOSED", {
        "person": person,
        "name": member.name,
        "address": member.address,
        "item": it.id,
        "proposed_by": str_field(c, "proposed_by", ""),
    }


def _vote_representatives(state: S.SittingState, c: Command) -> tuple[str, dict[str, Any]]:
    """One vote on a candidate (``candidate``) or on a list (``candidates``), within the unit's quota."""
    must_have_chair(state)
    it = _election_item(state)
    citation = state.citation("representatives.election")
    quota = state.quota
    if quota is None:
        raise E.NoProcedure(date=state.scheduled_on, citation=R.LAW_39_3)
    raw = c.fields.get("candidates")
    if raw is None:
        raw = [required_field(c, "candidate")]
    if not isinstance(raw, list) or not raw:
        raise E.InvalidField(name=c.name, field="candidates", value=repr(raw))
    ids = [str(x) for x in raw]
    if len(set(ids)) != len(ids):
        raise E.InvalidField(name=c.name, field="candidates", value=repr(raw))
    for pid in ids:
        cand = state.candidate(pid)
        if cand is None:
            name = state.member_index[pid].name if pid in state.member_index else pid
            raise E.NotACandidate(person=name, citation=citation)
        if cand.vote_id is not None:
            raise E.WrongPhase(
                N_("The participants have already voted on this candidate ({person})."),
                citation=citation,
                person=cand.name,
            )
    elected = len(state.elected)
    left = quota - elected
    if left <= 0:
        raise E.QuotaFilled(quota=quota, elected=elected, citation=state.citation("representatives.quota"))
    if len(ids) > left:
        raise E.QuotaExceeded(
            count=len(ids), left=left, quota=quota, citation=state.citation("representatives.quota")
        )
    payload = vote_payload(state, c, "representative", rule_code="representatives.election", base="present")
    names = [state.member_index[pid].name for pid in ids]
    payload.update({"item": it.id, "candidates": ids, "candidate_name": ", ".join(names)})
    if len(ids) == 1:
        payload["candidate"] = ids[0]
    return "REPRESENTATIVES_VOTED", payload


HANDLERS = {
    "propose_candidate": _propose_candidate,
    "vote_representatives": _vote_representatives,
}
