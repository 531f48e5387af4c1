"""The rules of sittings as data: each with its code, description, citation and default.

The engine reads its thresholds from here (through the values frozen into a
sitting's OPEN event), screens show the descriptions in tooltips, and the
protocol prints the citation of every rule it applied. Where the text of the
regulation can be read two ways, the choice is a *reading*: a setting with a
careful default, each option with a translatable description the protocol
prints.

Settings (``Store.set_setting``):

* ``meeting.majority_base``: ``present`` (default), ``voted`` or ``members``;
* ``meeting.agenda_base``: ``members`` (default) or ``present``;
* ``meeting.rules``: ``{rule code: value}`` overriding a default (speech limits,
  quorum fractions of a separate gathering as approved by the district maslikhat).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from zhoob_desktop.services.i18n import N_

MEETING = "meeting"
GATHERING = "gathering"
SEPARATE_GATHERING = "separate_gathering"

SITTING_KINDS: dict[str, str] = {
    MEETING: N_("meeting of the local community"),
    GATHERING: N_("gathering of the local community"),
    SEPARATE_GATHERING: N_("separate gathering of the local community"),
}

# Citations, spelled out so the extractor sees every msgid.
REG_4 = N_("Model Regulation §4")
REG_5 = N_("Model Regulation §5")
REG_6 = N_("Model Regulation §6")
REG_7 = N_("Model Regulation §7")
REG_8 = N_("Model Regulation §8")
REG_9 = N_("Model Regulation §9")
REG_10 = N_("Model Regulation §10")
REG_11 = N_("Model Regulation §11")
REG_12 = N_("Model Regulation §12")
REG_13 = N_("Model Regulation §13")
REG_14 = N_("Model Regulation §14")
LAW_39_2 = N_("Law art. 39-2")
DECREE_1106 = N_("Decree No. 1106")

# Speech kinds (Reg §11). Questions, answers and clarifications are not speeches for the limit.
REPORT = "report"
CO_REPORT = "co_report"
DEBATE = "debate"
PROCEDURAL = "procedural"
QUESTION = "question"
ANSWER = "answer"
STATEMENT = "statement"
SPEECH_KINDS: dict[str, str] = {
    REPORT: N_("report"),
    CO_REPORT: N_("co-report"),
    DEBATE: N_("speech in the debate"),
    PROCEDURAL: N_("procedural speech"),
    QUESTION: N_("question"),
    ANSWER: N_("answer"),
    STATEMENT: N_("short statement"),
}
LIMITED_SPEECH_KINDS = frozenset({DEBATE})

# Agenda item kinds: the subjects of Reg §4, plus the execution of earlier decisions (Reg §9).
AGENDA_ITEM_KINDS: dict[str, str] = {
    "development_program": N_("development programs of the okrug"),
    "budget_draft": N_("agreeing the draft budget of the okrug"),
    "budget_report": N_("agreeing the report on the execution of the okrug budget"),
    "communal_property": N_("agreeing decisions on managing communal property"),
    "commission_forming": N_("forming the community commission for budget monitoring"),
    "monitoring_report": N_("hearing the commission's budget monitoring report"),
    "property_alienation": N_("agreeing the alienation of communal property"),
    "normative_act": N_("discussing draft normative acts affecting the rights of residents"),
    "akim_candidates": N_("agreeing candidates for the akim of the okrug"),
    "akim_dismissal": N_("initiating the dismissal of the akim of the okrug"),
    "institution_heads": N_("proposals on appointing heads of local institutions"),
    "execution_of_decisions": N_("execution of decisions of earlier sittings"),
    "representatives_election": N_("electing representatives to the gathering"),
    "other": N_("other current matters of the local community"),
}

GUEST_ROLES: dict[str, str] = {
    "deputy": N_("deputy of the district maslikhat"),
    "official": N_("official of a state body"),
    "institution": N_("representative of an institution or enterprise"),
    "media": N_("representative of the mass media"),
    "association": N_("representative of a public association"),
    "resident": N_("invited resident"),
    "other": N_("other invited person"),
}


@dataclass(frozen=True)
class Rule:
    """A threshold or limit of the regulation: a code, what it says, where it comes from, its default."""

    code: str
    description: str
    citation: str
    default: Any


_RULES = (
    Rule(
        "quorum.meeting",
        N_("A sitting of the meeting is held if at least half of its members attend."),
        REG_7,
        "1/2",
    ),
    Rule(
        "quorum.gathering",
        N_("A gathering is held if at least ten percent of the community members attend."),
        LAW_39_2,
        "1/10",
    ),
    Rule(
        "quorum.gathering_representatives",
        N_(
            "A gathering held with representatives is held if at least half of all elected "
            "representatives attend."
        ),
        LAW_39_2,
        "1/2",
    ),
    Rule(
        "quorum.separate_gathering",
        N_(
            "A separate gathering is held if at least ten percent of the community members of the "
            "village, street or apartment building attend, as for the gathering."
        ),
        DECREE_1106,
        "1/10",
    ),
    Rule(
        "majority.meeting",
        N_("A decision of the meeting is taken by the majority of votes of the members present."),
        REG_12,
        None,
    ),
    Rule(
        "majority.gathering",
        N_("A decision of the gathering is adopted if more than half of the participants vote for it."),
        LAW_39_2,
        None,
    ),
    Rule(
        "majority.separate_gathering",
        N_("A decision of the separate gathering is adopted by the majority of the participants."),
        DECREE_1106,
        None,
    ),
    Rule(
        "vote.casting",
        N_("When the votes for and against are equal, the chair's vote decides."),
        REG_12,
        True,
    ),
    Rule(
        "vote.counts",
        N_("The votes counted cannot exceed the number of members present."),
        REG_12,
        None,
    ),
    Rule(
        "vote.quorum",
        N_("Every vote needs the quorum at the moment of voting."),
        REG_7,
        None,
    ),
    Rule(
        "vote.guests",
        N_("Invited persons are not members and do not vote."),
        REG_10,
        None,
    ),
    Rule(
        "officers.election",
        N_("The chair and the secretary are elected by open vote."),
        REG_8,
        None,
    ),
    Rule(
        "opening.registration",
        N_("The result of the registration is announced before the opening."),
        REG_7,
        None,
    ),
    Rule(
        "agenda.inclusion",
        N_("Each agenda item is voted on separately and included if a majority of members vote for it."),
        REG_9,
        None,
    ),
    Rule(
        "agenda.execution",
        N_("The agenda always includes the execution of decisions of earlier sittings."),
        REG_9,
        None,
    ),
    Rule(
        "speech.max_debate",
        N_(
            "A member may speak no more than twice on one item; questions, clarifications and answers "
            "are not speeches."
        ),
        REG_11,
        2,
    ),
    Rule(
        "speech.limits",
        N_("The chair sets the time for reports, co-reports, debate and procedural speeches."),
        REG_11,
        {
            REPORT: 900,
            CO_REPORT: 600,
            DEBATE: 300,
            PROCEDURAL: 120,
            QUESTION: 60,
            ANSWER: 180,
            STATEMENT: 180,
        },
    ),
    Rule(
        "speech.extension",
        N_(
            "A speaker over the time is stopped, or the time is extended with the consent of the majority "
            "of the members present."
        ),
        REG_11,
        None,
    ),
    Rule(
        "initiative.share",
        N_("A sitting may be convened on the initiative of at least ten percent of the members."),
        REG_5,
        "1/10",
    ),
    Rule(
        "initiative.answer_working_days",
        N_("The akim considers the members' written initiative within three working days."),
        REG_5,
        3,
    ),
    Rule(
        "meeting.per_quarter",
        N_("The meeting is convened at least once a quarter."),
        REG_5,
        1,
    ),
    Rule(
        "notice.calendar_days",
        N_("Members are notified of the time, place and agenda no later than ten calendar days before."),
        REG_6,
        10,
    ),
    Rule(
        "materials.calendar_days",
        N_("The materials reach the members and the akim no later than five calendar days before."),
        REG_6,
        5,
    ),
    Rule(
        "protocol.handover_working_days",
        N_("The protocol, signed by the chair and the secretary, reaches the akim within two working days."),
        REG_12,
        2,
    ),
    Rule(
        "decision.review_working_days",
        N_("The akim considers the decisions within five working days."),
        REG_13,
        5,
    ),
    Rule(
        "decision.inform_working_days",
        N_("The members learn the result of the akim's consideration within five working days."),
        REG_14,
        5,
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def rule(code: str) -> Rule:
    """The rule with this code (KeyError for an unknown code: a programming error)."""
    return RULES[code]


@dataclass(frozen=True)
class Reading:
    """A place where the regulation can be read two ways: the options, the default and why."""

    code: str
    setting: str
    citation: str
    options: dict[str, str]
    default: str
    rationale: str

    def describe(self, value: str) -> str:
        """The msgid describing one option (the protocol prints it)."""
        return self.options[value]


MAJORITY_BASE = Reading(
    code="majority_base",
    setting="meeting.majority_base",
    citation=REG_12,
    options={
        "present": N_(
            "A decision is adopted when the votes for exceed half of the members present; abstentions "
            "and members who do not vote count as not for."
        ),
        "voted": N_(
            "A decision is adopted when the votes for exceed half of the votes cast, abstentions included."
        ),
        "members": N_("A decision is adopted when the votes for exceed half of all members."),
    },
    default="present",
    rationale=N_(
        "Model Regulation §12 speaks of the majority of votes of the members present at the sitting, "
        "so the members present are the base."
    ),
)

AGENDA_BASE = Reading(
    code="agenda_base",
    setting="meeting.agenda_base",
    citation=REG_9,
    options={
        "members": N_("An agenda item is included when the votes for exceed half of all members."),
        "present": N_("An agenda item is included when the votes for exceed half of the members present."),
    },
    default="members",
    rationale=N_(
        "Model Regulation §9 says a majority of members, while §12 says members present; the stricter "
        "reading of all members is kept so that no item enters the agenda on the votes of a minority."
    ),
)

READINGS: dict[str, Reading] = {r.code: r for r in (MAJORITY_BASE, AGENDA_BASE)}


def quorum_rule_code(kind: str, with_representatives: bool) -> str:
    """The quorum rule of a kind of sitting."""
    if kind == GATHERING and with_representatives:
        return "quorum.gathering_representatives"
    return f"quorum.{kind}"


def majority_rule_code(kind: str) -> str:
    return f"majority.{kind}"


def fraction(value: Any) -> Fraction:
    """A rule value such as ``"1/2"`` or ``0.1`` as an exact fraction."""
    return Fraction(str(value)) if not isinstance(value, Fraction) else value


def at_least(share: Any, total: int) -> int:
    """The smallest head count that is at least ``share`` of ``total`` (never below one)."""
    f = fraction(share)
    need = -((-f.numerator * total) // f.denominator)
    return max(1, need)


def more_than_half(base: int) -> int:
    """The smallest number of votes for that exceeds half of ``base``."""
    return base // 2 + 1


def resolve_values(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every rule's value: the default unless the settings override it."""
    values = {code: r.default for code, r in RULES.items() if r.default is not None}
    for code, value in (overrides or {}).items():
        if code in RULES:
            if isinstance(values.get(code), dict) and isinstance(value, dict):
                values[code] = {**values[code], **value}
            else:
                values[code] = value
    return values


def resolve_readings(settings: dict[str, Any] | None = None) -> dict[str, str]:
    """The chosen option of every reading (the default unless a valid setting says otherwise)."""
    settings = settings or {}
    chosen = {}
    for code, reading in READINGS.items():
        value = settings.get(reading.setting)
        chosen[code] = value if value in reading.options else reading.default
    return chosen
