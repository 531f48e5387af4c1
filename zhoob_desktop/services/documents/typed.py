"""The texts people typed for a sitting that its papers print, each with where it stands.

The papers print them in Kazakh and in Russian from the okrug's book of
translations (``services.texts``); this list is what the papers screen shows
for entering the missing ones, and what a paper preloads from the book.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhoob_desktop.services.documents.source import SittingFacts
from zhoob_desktop.services.documents.text import M, Msg
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import state as S


@dataclass(frozen=True)
class TypedText:
    """One typed text and where the papers print it."""

    where: Msg
    text: str


def _add(out: list[TypedText], seen: set[str], where: Msg, text: str | None) -> None:
    if text and text.strip() and text not in seen:
        seen.add(text)
        out.append(TypedText(where, text))


def sitting_texts(sitting: SittingFacts, state: S.SittingState | None) -> list[TypedText]:
    """Every typed text of a sitting in the order of its papers (each text once)."""
    out: list[TypedText] = []
    seen: set[str] = set()
    _add(out, seen, M(N_("Place")), sitting.place)
    _add(out, seen, M(N_("Title of the sitting")), sitting.title)
    _add(out, seen, M(N_("Territory")), sitting.territory)
    if state is None or not state.seq:
        for n, item in enumerate(sitting.agenda, start=1):
            _add(out, seen, M(N_("Agenda item {n}"), n=str(n)), item.title)
            for reporter in (item.reporter, *item.co_reporters):
                _add(out, seen, M(N_("Reporter, item {n}"), n=str(n)), reporter)
        return out
    _add(out, seen, M(N_("Place")), state.place)
    for att in state.attendance.values():
        if not att.is_member:
            _add(out, seen, M(N_("Organisation of {name}"), name=att.name), att.organisation)
    if "," in state.opened_by:  # "Name, position"; a name alone is not translated
        _add(out, seen, M(N_("Who opened the sitting")), state.opened_by)
    _add(out, seen, M(N_("The akim's authorisation to open the sitting")), state.opened_authorisation)
    for a in state.announcements:
        if "," in a.by:
            _add(out, seen, M(N_("Who announced the registration")), a.by)
        _add(out, seen, M(N_("The akim's authorisation to announce the registration")), a.authorisation)
    for officer in state.officers:
        _add(out, seen, M(N_("Reason for replacing the secretary")), officer.reason)
    for n, it in enumerate(state.agenda, start=1):
        _add(out, seen, M(N_("Agenda item {n}"), n=str(n)), it.title)
        for reporter in (it.reporter, *it.co_reporters):
            _add(out, seen, M(N_("Reporter, item {n}"), n=str(n)), reporter)
        _add(out, seen, M(N_("Why item {n} was not considered"), n=str(n)), it.left_reason)
        for sp in state.speeches_on(it.id):
            if sp.status != S.CANCELLED:
                _add(out, seen, M(N_("Speech of {name}, item {n}"), name=sp.name, n=str(n)), sp.summary)
        for q in state.questions:
            if q.item_id == it.id:
                _add(out, seen, M(N_("Written question of {name}"), name=q.author_name), q.text)
                _add(out, seen, M(N_("Addressee of a written question")), q.addressee)
        for v in state.votes:
            if v.item_id == it.id and v.subject == "decision":
                _add(out, seen, M(N_("Decision, item {n}"), n=str(n)), v.text)
        _add(out, seen, M(N_("Decision, item {n}"), n=str(n)), it.decision_text)
    for sp in state.speeches_on(None):
        if sp.status != S.CANCELLED:
            _add(out, seen, M(N_("Statement of {name}"), name=sp.name), sp.summary)
    for q in state.questions:
        if q.item_id is None or state.item(q.item_id) is None:
            _add(out, seen, M(N_("Written question of {name}"), name=q.author_name), q.text)
            _add(out, seen, M(N_("Addressee of a written question")), q.addressee)
    for q in state.questions:
        _add(out, seen, M(N_("Why a written question was not announced")), q.left_reason)
    for br in state.breaks:
        _add(out, seen, M(N_("Reason for a break")), br.reason)
    for excuse in state.excused.values():
        _add(out, seen, M(N_("Reason for the absence of {name}"), name=excuse.name), excuse.reason)
    return out
