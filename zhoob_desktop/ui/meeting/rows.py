"""From the sitting's state to what the screens show: rows, labels, the hall screen's text."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from zhoob_desktop.services import i18n
from zhoob_desktop.services.i18n import N_, _, ngettext
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.okrug_time import to_local
from zhoob_desktop.ui.meeting.countdown import SpeechTiming
from zhoob_desktop.ui.meeting.projector import ProjectorInfo, ProjectorVote, hall_safe
from zhoob_desktop.ui.meeting.tables import AgendaRow, AttendanceRow, RollRow, SpeechRow

ITEM_STATUS = {
    S.PROPOSED: N_("proposed, awaiting the inclusion vote"),
    S.INCLUDED: N_("included"),
    S.NOT_INCLUDED: N_("not included"),
    S.WITHDRAWN: N_("withdrawn"),
    S.IN_PROGRESS: N_("being considered"),
    S.CONSIDERED: N_("considered"),
}
SPEECH_STATUS = {
    S.QUEUED: N_("waiting"),
    S.SPEAKING: N_("speaking"),
    S.PAUSED: N_("paused"),
    S.FINISHED: N_("finished"),
    S.CANCELLED: N_("cancelled"),
}
PHASES = {
    S.REGISTRATION: N_("Registration"),
    S.OPEN: N_("Sitting open"),
    S.CLOSED: N_("Sitting closed"),
}
VOTE_SUBJECTS = {
    "chair": N_("Election of the chair"),
    "secretary": N_("Election of the secretary"),
    "agenda_item": N_("Inclusion of an agenda item"),
    "decision": N_("Decision"),
    "extension": N_("Extension of a speech"),
    "representative": N_("Election of representatives"),
}


def sitting_name(state: S.SittingState) -> str:
    """The title, or the kind of sitting with a capital letter (the catalogs keep it lower-case)."""
    if state.title:
        return state.title
    kind = _(R.SITTING_KINDS.get(state.kind, state.kind)) if state.kind else ""
    return kind[:1].upper() + kind[1:]


def local_time(value: datetime | None, zone: ZoneInfo) -> str:
    """A journal time as the okrug's wall clock showed it (``okrug_time``), not the laptop's zone."""
    if value is None:
        return ""
    return _local_time(value, zone, i18n.get_language())


@lru_cache(maxsize=4096)
def _local_time(value: datetime, zone: ZoneInfo, lang: str) -> str:
    # Babel formatting is slow enough to matter at a registration desk with hundreds of rows.
    return i18n.format_time(to_local(value, zone), "short", lang=lang)


def attendance_rows(state: S.SittingState, zone: ZoneInfo) -> list[AttendanceRow]:
    rows = []
    member = _("member")  # once per refresh, not once per row
    for att in state.attendance.values():
        kind = member if att.is_member else _(R.GUEST_ROLES.get(att.role, R.GUEST_ROLES["other"]))
        if not att.is_member and att.organisation:
            kind = f"{kind}, {att.organisation}"
        excuse = state.excused.get(att.person_id)
        if excuse is not None and not att.present:
            kind = _("absent for a valid reason: {reason}").format(reason=excuse.reason)
        rows.append(
            AttendanceRow(
                att.person_id,
                att.name,
                att.iin or "",
                kind,
                local_time(att.periods[-1][0], zone) if att.periods else "",
                local_time(att.departed_at, zone),
                att.present,
                att.is_member,
            )
        )
    # Members excused who never came are listed too, after those registered (Reg §12 p. 2).
    for pid, excuse in state.excused.items():
        if pid not in state.attendance:
            m = state.member_index.get(pid)
            rows.append(
                AttendanceRow(
                    pid,
                    excuse.name,
                    (m.iin if m else None) or "",
                    _("absent for a valid reason: {reason}").format(reason=excuse.reason),
                    "",
                    "",
                    False,
                    True,
                )
            )
    return rows


def agenda_rows(state: S.SittingState) -> list[AgendaRow]:
    return [
        AgendaRow(
            it.id,
            number,
            it.title,
            _(R.AGENDA_ITEM_KINDS.get(it.kind, R.AGENDA_ITEM_KINDS["other"])),
            it.reporter,
            _(ITEM_STATUS.get(it.status, it.status)),
            it.id == state.current_item,
            it.status == S.PROPOSED and state.phase != S.CLOSED,
        )
        for number, it in enumerate(state.agenda, start=1)
    ]


def debate_limit(state: S.SittingState) -> int:
    return int(state.rule_values.get("speech.max_debate", R.rule("speech.max_debate").default))


def speech_rows(state: S.SittingState, item_id: str | None, now: datetime) -> list[SpeechRow]:
    limit = debate_limit(state)
    counted = R.counted_kinds(state.readings)  # which speeches count toward the limit: the reading in force
    rows = []
    for sp in state.speeches_on(item_id):
        # the two-speeches limit is the meeting's (Reg §11): at a gathering no count is kept against it
        if sp.kind in counted and sp.is_member and item_id is not None and state.governs("speech.max_debate"):
            count = f"{state.speech_count(item_id, sp.person_id)} / {limit}"
        else:
            count = "—"
        rows.append(
            SpeechRow(
                sp.id,
                sp.name,
                _(R.SPEECH_KINDS.get(sp.kind, sp.kind)),
                _(SPEECH_STATUS.get(sp.status, sp.status)),
                sp.allowed_seconds,
                round(sp.elapsed(now), 3) if sp.status not in (S.SPEAKING,) else 0.0,
                count,
                sp.status in (S.SPEAKING, S.PAUSED),
            )
        )
    return rows


def roll_rows(state: S.SittingState) -> list[RollRow]:
    return [RollRow(pid, state.attendance[pid].name, None) for pid in state.present_member_ids]


def speech_timing(state: S.SittingState) -> SpeechTiming | None:
    """What the countdown follows: the active speech's start, allowed time and pauses."""
    sp = state.active_speech
    if sp is None or not sp.segments:
        return None
    started = sp.segments[0][0]
    paused = 0.0
    for (_start, end), (nxt, _e) in zip(sp.segments, sp.segments[1:], strict=False):
        if end is not None:
            paused += (nxt - end).total_seconds()
    last_end = sp.segments[-1][1]
    if sp.status == S.PAUSED and last_end is not None:
        return SpeechTiming(started, sp.allowed_seconds, paused, last_end)
    return SpeechTiming(started, sp.allowed_seconds, paused)


def quorum_text(state: S.SittingState) -> str:
    """The quorum rule in force, with its citation."""
    if not state.quorum_rule or state.quorum_rule not in R.RULES:
        return ""
    rule = R.rule(state.quorum_rule)
    # the act in force on the sitting's date (a separate gathering of 2026 cites Order No. 122)
    return _("{rule} ({citation})").format(rule=_(rule.description), citation=_(state.citation(rule.code)))


def vote_result_text(vote: S.Vote) -> str:
    """One line: what was voted, the counts, the outcome and the rule applied."""
    subject = _(VOTE_SUBJECTS.get(vote.subject, vote.subject))
    if vote.candidate_name:
        subject = f"{subject}: {vote.candidate_name}"
    counts = _("for {for_}, against {against}, abstained {abstain}, did not vote {not_voted}").format(
        for_=vote.votes_for, against=vote.votes_against, abstain=vote.abstained, not_voted=vote.not_voted
    )
    if vote.outcome == S.TIE:
        outcome = _("a tie: the chair's casting vote decides")
    elif vote.adopted and vote.reached_by == "casting_vote":
        outcome = _("adopted by the chair's casting vote")
    elif vote.adopted:
        outcome = _("adopted")
    elif vote.reached_by == "casting_vote":
        outcome = _("rejected by the chair's casting vote")
    else:
        outcome = _("rejected")
    return _("{subject} — {counts} — {outcome}").format(subject=subject, counts=counts, outcome=outcome)


def vote_rule_text(vote: S.Vote) -> str:
    rule = R.RULES.get(vote.rule)
    description = _(rule.description) if rule else vote.rule
    text = ngettext(
        "{rule} Votes for needed: at least {required}, more than half of {base} {base_kind}. ({citation})",
        "{rule} Votes for needed: at least {required}, more than half of {base} {base_kind}. ({citation})",
        vote.required,
    ).format(
        rule=description,
        required=vote.required,
        base=vote.base_count,
        base_kind=_(BASES.get(vote.base, vote.base)),
        citation=_(vote.citation),
    )
    if vote.reached_by == "casting_vote":
        # The majority was not reached by the counts: say what decided, beside what was needed.
        text += " " + _(
            "The votes for and against were equal, {for_} to {against}; the chair's casting vote {choice} "
            "decided (Model Regulation §12)."
        ).format(
            for_=vote.votes_for,
            against=vote.votes_against,
            choice=_(CASTING_CHOICES.get(vote.casting_vote or "", vote.casting_vote or "")),
        )
    return text


CASTING_CHOICES = {"for": N_("for"), "against": N_("against")}


BASES = {
    "present": N_("members present"),
    "voted": N_("votes cast"),
    "members": N_("all members"),
}


# What a vote's outcome means for its subject, as the secretary and the hall read it.
OUTCOME_WORDS = {
    ("chair", S.ADOPTED): N_("the chair is elected"),
    ("chair", S.REJECTED): N_("the chair is not elected"),
    ("secretary", S.ADOPTED): N_("the secretary is elected"),
    ("secretary", S.REJECTED): N_("the secretary is not elected"),
    ("acting_chair", S.ADOPTED): N_("the member is elected to chair"),
    ("acting_chair", S.REJECTED): N_("the member is not elected to chair"),
    ("agenda_item", S.ADOPTED): N_("the item is included in the agenda"),
    ("agenda_item", S.REJECTED): N_("the item is not included in the agenda"),
    ("decision", S.ADOPTED): N_("the decision is adopted"),
    ("decision", S.REJECTED): N_("the decision is not adopted"),
    ("extension", S.ADOPTED): N_("the speaking time is extended"),
    ("extension", S.REJECTED): N_("the speaking time is not extended"),
}


def outcome_words(subject: str, outcome: str) -> str:
    """``the decision is adopted``, ``the chair is not elected``, ... in the user's language."""
    words = OUTCOME_WORDS.get((subject, outcome))
    if words is None:
        words = N_("adopted") if outcome == S.ADOPTED else N_("not adopted")
    return _(words)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def vote_shown_in_hall(state: S.SittingState) -> S.Vote | None:
    """The vote whose result the hall still sees: the last one, until a speech, an item or a break follows.

    A tie waiting for the chair's casting vote stays until it is cast.
    """
    if not state.votes:
        return None
    vote = state.votes[-1]
    if vote.outcome == S.TIE:
        return vote
    if state.active_speech is not None:
        return None
    later = [sp.segments[-1][0] for sp in state.speeches if sp.segments]
    later += [it.started_at for it in state.agenda if it.started_at is not None]
    later += [b.started_at for b in state.breaks]
    # An event at the same instant as the vote came after it (the journal keeps their order).
    if any(at >= vote.at for at in later):
        return None
    return vote


def hall_vote(state: S.SittingState, vote: S.Vote) -> ProjectorVote:
    """The vote as the hall reads it: what, the verdict, the counts, what was needed."""
    subject = _(VOTE_SUBJECTS.get(vote.subject, vote.subject))
    if vote.candidate_name:
        subject = f"{subject}: {vote.candidate_name}"
    elif vote.item_id and state.item(vote.item_id) is not None:
        number = [it.id for it in state.agenda].index(vote.item_id) + 1
        subject = _("{subject} — item {number}").format(subject=subject, number=number)
    counts = _("For {for_} · Against {against} · Abstained {abstain}").format(
        for_=vote.votes_for, against=vote.votes_against, abstain=vote.abstained
    )
    if vote.outcome == S.TIE:
        return ProjectorVote(
            subject,
            S.TIE,
            _("The votes are equal"),
            counts,
            _("The chair's casting vote decides (Model Regulation §12)."),
        )
    verdict = capitalised(outcome_words(vote.subject, vote.outcome))
    if vote.reached_by == "casting_vote":
        needed = _("The votes were equal; the chair's casting vote decided (Model Regulation §12).")
    else:
        needed = _("Needed: at least {required} for, more than half of {base} {base_kind}.").format(
            required=vote.required, base=vote.base_count, base_kind=_(BASES.get(vote.base, vote.base))
        )
    return ProjectorVote(subject, vote.outcome, verdict, counts, needed)


def projector_info(state: S.SittingState, okrug: str) -> ProjectorInfo:
    """What the hall screen shows now."""
    item = state.item(state.current_item) if state.current_item else None
    if item is not None:
        number = [it.id for it in state.agenda].index(item.id) + 1
        item_text = _("Item {number}: {title}").format(number=number, title=item.title)
    elif state.phase == S.REGISTRATION:
        item_text = _("Registration of the participants")
    elif state.phase == S.CLOSED:
        item_text = _("The sitting is closed")
    elif state.on_break:
        item_text = _("Break")
    else:
        item_text = ""
    sp = state.active_speech
    speaker = ""
    if sp is not None:
        speaker = _("{name} — {kind}").format(name=sp.name, kind=_(R.SPEECH_KINDS.get(sp.kind, sp.kind)))
    shown = vote_shown_in_hall(state)
    info = ProjectorInfo(
        okrug=okrug,
        sitting=sitting_name(state),
        item=item_text,
        speaker=speaker,
        present=state.present_count,
        members=state.member_count,
        required=state.quorum_required if state.member_count else 0,
        registration=state.phase == S.REGISTRATION,
        vote=hall_vote(state, shown) if shown is not None else None,
    )
    # the members' addresses and IINs, and the candidates' addresses, never reach the hall
    private = [m.address for m in state.members] + [m.iin for m in state.members]
    private += [c.address for c in getattr(state, "candidates", ())]
    return hall_safe(info, private)
