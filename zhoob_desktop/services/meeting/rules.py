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
* ``meeting.speech_count``: ``literal`` (default), ``without_procedural`` or ``debate_only``;
* ``meeting.rules``: ``{rule code: value}`` overriding a default (speech limits,
  quorum fractions of a separate gathering as approved by the district maslikhat);
  a rule marked ``fixed`` is the law itself and no setting changes it;
* ``meeting.sources``: acts added to the table of cited acts (``citations.py``).

A rule whose citation is an act that a later act may replace (the Model Rules
of separate gatherings) names the act's subject in ``source``; the act in force
on the sitting's date is frozen into its OPEN event and cited from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.meeting import citations as C

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
LAW_39_3 = N_("Law art. 39-3")
DECREE_1106 = N_("Decree No. 1106")
# A rule that no act states for a kind of sitting: the sitting's own procedure, cited by nothing.
OWN_PROCEDURE = ""

# Speech kinds (Reg §11). Questions, answers and clarifications are not speeches for the limit.
REPORT = "report"
CO_REPORT = "co_report"
DEBATE = "debate"
PROCEDURAL = "procedural"
QUESTION = "question"
CLARIFICATION = "clarification"
ANSWER = "answer"
STATEMENT = "statement"
SPEECH_KINDS: dict[str, str] = {
    REPORT: N_("report"),
    CO_REPORT: N_("co-report"),
    DEBATE: N_("speech in the debate"),
    PROCEDURAL: N_("procedural speech"),
    QUESTION: N_("question"),
    CLARIFICATION: N_("clarification"),
    ANSWER: N_("answer"),
    STATEMENT: N_("short statement"),
}
# The kinds of speech that count toward "no more than twice on one item", per reading of Reg §11
# (setting ``meeting.speech_count``); questions, clarifications and answers never count.
COUNTED_SPEECH_KINDS: dict[str, frozenset[str]] = {
    "literal": frozenset({REPORT, CO_REPORT, DEBATE, PROCEDURAL, STATEMENT}),
    "without_procedural": frozenset({REPORT, CO_REPORT, DEBATE, STATEMENT}),
    "debate_only": frozenset({DEBATE}),
}
LIMITED_SPEECH_KINDS = COUNTED_SPEECH_KINDS["literal"]

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
class AtKind:
    """How a rule reads at a gathering or a separate gathering when the meeting's text is not theirs.

    ``citation`` is the gathering's own source (``OWN_PROCEDURE`` where no
    act says it and the sitting settles it itself); ``source`` names the
    subject of an act cited through the one in force (the Model Rules of
    separate gatherings); ``description`` the sentence in that sitting's words;
    ``applied`` prints it among the rules applied at that kind only.
    """

    citation: str
    description: str | None = None
    source: str | None = None
    applied: int | None = None  # its place among the protocol's "rules applied" at that kind


# The two sources of a gathering (the Law) and of a separate gathering (the Model Rules in force).
def _at_gatherings(gathering: str | None, separate: str | None = None) -> dict[str, AtKind]:
    """The usual pair: the Law's article at a gathering, the Model Rules at a separate gathering."""
    return {
        GATHERING: AtKind(LAW_39_3, gathering),
        SEPARATE_GATHERING: AtKind(DECREE_1106, separate or gathering, source=C.SEPARATE_GATHERINGS),
    }


def _own_procedure(gathering: str | None, separate: str | None = None) -> dict[str, AtKind]:
    """A matter no text of the gathering settles: the sitting's own procedure, no act cited."""
    return {
        GATHERING: AtKind(OWN_PROCEDURE, gathering),
        SEPARATE_GATHERING: AtKind(OWN_PROCEDURE, separate or gathering),
    }


@dataclass(frozen=True)
class Rule:
    """A threshold or limit of the regulation: a code, what it says, where it comes from, its default."""

    code: str
    description: str  # the sentence the protocol prints (a msgid)
    citation: str
    default: Any
    source: str | None = None  # cited through the act in force of this subject (``citations``)
    fixed: bool = False  # the law itself: the setting ``meeting.rules`` does not change it
    # Its scope: the kinds of sitting it governs, and its place among the "rules applied" a
    # protocol prints (None: not printed there). ``readings_in_force`` reads both.
    kinds: frozenset[str] = frozenset({MEETING, GATHERING, SEPARATE_GATHERING})
    applied: int | None = None
    # How it reads at the other kinds of sitting (their own source and words); the rule's own
    # citation and description are the meeting's (or those of the one kind it governs).
    at: Mapping[str, AtKind] = field(default_factory=dict)

    def at_kind(self, kind: str | None) -> AtKind:
        """The citation, subject and sentence of this rule at a kind of sitting.

        A rule outside its scope (``kinds``) with no reading for that kind cites
        nothing there: the meeting's Regulation is never cited at a gathering.
        """
        own = self.at.get(kind or "")
        if own is not None:
            return AtKind(own.citation, own.description or self.description, own.source, own.applied)
        if kind and kind not in self.kinds:
            return AtKind(OWN_PROCEDURE, self.description)
        return AtKind(self.citation, self.description, self.source, self.applied)

    def governs(self, kind: str) -> bool:
        """Whether the rule is enforced at this kind of sitting (its scope, or a reading for that kind)."""
        return kind in self.kinds or kind in self.at

    def applied_at(self, kind: str) -> int | None:
        """Its place among the rules a protocol of this kind prints (None: not printed)."""
        own = self.at.get(kind)
        if own is not None and own.applied is not None:
            return own.applied
        return self.applied if kind in self.kinds else None


_RULES = (
    Rule(
        "quorum.meeting",
        N_("A sitting of the meeting is held if at least half of its members attend."),
        REG_7,
        "1/2",
        kinds=frozenset({MEETING}),
    ),
    Rule(
        "quorum.gathering",
        N_("A gathering is held if at least ten percent of the community members attend."),
        LAW_39_3,
        "1/10",
        kinds=frozenset({GATHERING}),
    ),
    Rule(
        "quorum.gathering_representatives",
        N_(
            "A gathering held with representatives is held if at least half of all elected "
            "representatives attend."
        ),
        LAW_39_3,
        "1/2",
        kinds=frozenset({GATHERING}),
    ),
    Rule(
        "quorum.separate_gathering",
        N_(
            "A separate gathering is held if at least ten percent of the community members of the "
            "village, street or apartment building attend, as for the gathering."
        ),
        DECREE_1106,
        "1/10",
        source=C.SEPARATE_GATHERINGS,
        kinds=frozenset({SEPARATE_GATHERING}),
    ),
    Rule(
        "majority.meeting",
        N_("A decision of the meeting is taken by the majority of votes of the members present."),
        REG_12,
        None,
        kinds=frozenset({MEETING}),
        applied=1,
    ),
    Rule(
        "majority.gathering",
        N_("A decision of the gathering is adopted if more than half of the participants vote for it."),
        LAW_39_3,
        None,
        kinds=frozenset({GATHERING}),
        applied=1,
    ),
    Rule(
        "majority.separate_gathering",
        N_("A decision of the separate gathering is adopted by the majority of the participants."),
        DECREE_1106,
        None,
        source=C.SEPARATE_GATHERINGS,
        kinds=frozenset({SEPARATE_GATHERING}),
        applied=1,
    ),
    Rule(
        "vote.casting",
        N_(
            "When the votes for and against a decision of the meeting are equal, the vote of the chair "
            "presiding in the hall decides; a chair who has left the hall does not cast it."
        ),
        REG_12,
        True,
        fixed=True,
        kinds=frozenset({MEETING}),
        applied=2,
    ),
    Rule(
        "vote.casting_tie",
        N_(
            "The chair's vote decides only a tie that it can turn into the majority the base requires (with "
            "the base of the members present, a tie at exactly half of them); any other tie is not adopted "
            "at once and the sitting goes on."
        ),
        REG_12,
        "exact_half",
        fixed=True,
        kinds=frozenset({MEETING}),
        applied=5,
    ),
    Rule(
        "vote.casting_scope",
        N_(
            "The chair's deciding vote belongs to the decisions of the meeting; votes on the agenda, on "
            "electing officers and on extending a speech are not decided by it."
        ),
        REG_12,
        "decisions",
        fixed=True,
        kinds=frozenset({MEETING}),
        applied=6,
    ),
    Rule(
        "vote.tie_gathering",
        N_(
            "A decision of the gathering needs more than half of the participants; a tie is not adopted and "
            "no casting vote is asked for."
        ),
        LAW_39_3,
        "not_adopted",
        fixed=True,
        kinds=frozenset({GATHERING}),
        applied=2,
    ),
    Rule(
        "vote.tie_separate_gathering",
        N_(
            "A decision of the separate gathering needs the majority of the participants; a tie is not "
            "adopted and no casting vote is asked for."
        ),
        DECREE_1106,
        "not_adopted",
        source=C.SEPARATE_GATHERINGS,
        fixed=True,
        kinds=frozenset({SEPARATE_GATHERING}),
        applied=2,
    ),
    Rule(
        "vote.counts",
        N_("The votes counted cannot exceed the number of members present."),
        REG_12,
        None,
        at=_at_gatherings(N_("The votes counted cannot exceed the number of participants present.")),
    ),
    Rule(
        "vote.quorum",
        N_("Every vote needs the quorum at the moment of voting."),
        REG_7,
        None,
        at=_at_gatherings(None),
    ),
    Rule(
        "vote.guests",
        N_("Invited persons are not members and do not vote."),
        REG_10,
        None,
        at=_at_gatherings(
            N_(
                "Members of the local community take part in the gathering and vote; invited persons do "
                "not vote."
            ),
            N_(
                "Residents of the village, street or apartment building take part in the separate gathering "
                "and vote; invited persons do not vote."
            ),
        ),
    ),
    Rule(
        "officers.election",
        N_("The chair and the secretary are elected by open vote."),
        REG_8,
        None,
        at=_at_gatherings(None),
    ),
    Rule(
        "officers.acting_chair",
        N_(
            "While the chair is out of the hall, a member elected by open vote chairs the sitting and "
            "casts the chair's deciding vote."
        ),
        REG_8,
        "elected",
        fixed=True,
        kinds=frozenset({MEETING}),
        applied=8,
    ),
    Rule(
        # A gathering has no deciding vote (a tie is not adopted), so its acting chair casts none.
        "officers.acting_chair_gathering",
        N_("While the chair is out of the hall, a participant elected by open vote chairs the gathering."),
        LAW_39_3,
        "elected",
        fixed=True,
        kinds=frozenset({GATHERING, SEPARATE_GATHERING}),
        applied=8,
        at={
            SEPARATE_GATHERING: AtKind(
                DECREE_1106,
                N_(
                    "While the chair is out of the hall, a participant elected by open vote chairs the "
                    "separate gathering."
                ),
                source=C.SEPARATE_GATHERINGS,
            )
        },
    ),
    Rule(
        "officers.secretary_replaced",
        N_(
            "A secretary who cannot go on is replaced by a member elected by open vote; the reason is "
            "entered in the protocol."
        ),
        REG_8,
        "elected",
        fixed=True,
        applied=9,
        at=_at_gatherings(
            N_(
                "A secretary who cannot go on is replaced by a participant elected by open vote; the reason "
                "is entered in the protocol."
            )
        ),
    ),
    Rule(
        "opening.registration",
        N_(
            "The result of the registration is announced before the opening by the akim or a person he "
            "authorised, and entered in the protocol."
        ),
        REG_7,
        None,
        applied=11,
        at=_at_gatherings(
            N_(
                "The participants are registered before the opening; the result, on which it depends whether "
                "the gathering is held, is announced by the akim or a person he authorised and entered in "
                "the protocol."
            ),
            N_(
                "The participants are registered before the opening; the result, on which it depends whether "
                "the separate gathering is held, is announced by the akim or a person he authorised and "
                "entered in the protocol."
            ),
        ),
    ),
    Rule(
        "opening.by",
        N_(
            "The sitting is opened by the akim or a person he authorised; the protocol names the authorisation."
        ),
        REG_8,
        None,
        applied=12,
        at=_at_gatherings(
            N_(
                "The gathering is opened by the akim or a person he authorised; the protocol names the "
                "authorisation."
            ),
            N_(
                "The separate gathering is opened by the akim or a person he authorised; the protocol names "
                "the authorisation."
            ),
        ),
    ),
    Rule(
        "agenda.inclusion",
        N_("Each agenda item is voted on separately and included if a majority of members vote for it."),
        REG_9,
        None,
        at={
            GATHERING: AtKind(
                LAW_39_3,
                N_(
                    "The gathering approves its agenda: each item is voted on and included if more than half "
                    "of the participants present vote for it."
                ),
                applied=3,
            ),
            SEPARATE_GATHERING: AtKind(
                DECREE_1106,
                N_(
                    "The separate gathering approves its agenda: each item is voted on and included by the "
                    "majority of the participants present."
                ),
                source=C.SEPARATE_GATHERINGS,
                applied=5,
            ),
        },
    ),
    Rule(
        "agenda.execution",
        N_(
            "The agenda always includes the execution of decisions of earlier sittings: while any of them "
            "is still open, an agenda without that item is not approved."
        ),
        REG_9,
        "required_while_open",
        fixed=True,
        kinds=frozenset({MEETING}),
        applied=7,
    ),
    Rule(
        "speech.max_debate",
        N_(
            "A member may speak no more than twice on one item; questions, clarifications and answers "
            "are not speeches."
        ),
        REG_11,
        2,
        kinds=frozenset({MEETING}),
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
            CLARIFICATION: 120,
            ANSWER: 180,
            STATEMENT: 180,
        },
        at=_own_procedure(
            N_(
                "The time for speeches is not set by the Law; the gathering sets it at the sitting as its own "
                "procedure."
            )
        ),
    ),
    Rule(
        "speech.extension",
        N_(
            "A speaker over the time is stopped, or the time is extended with the consent of the majority "
            "of the members present; on a tie there is no majority and the speaker is stopped."
        ),
        REG_11,
        None,
        applied=10,
        at=_own_procedure(
            N_(
                "The time for speeches is the gathering's own procedure, set at the sitting: a speaker over "
                "the time is stopped, or given more time when more than half of the participants present "
                "agree; on a tie the speaker is stopped."
            ),
            N_(
                "The time for speeches is the separate gathering's own procedure, set at the sitting: a "
                "speaker over the time is stopped, or given more time when more than half of the participants "
                "present agree; on a tie the speaker is stopped."
            ),
        ),
    ),
    Rule(
        "speech.order",
        N_("The chair gives the floor on the item being considered, to one speaker at a time."),
        REG_11,
        None,
        at=_own_procedure(
            N_("The chair gives the floor on the item being considered, to one speaker at a time.")
        ),
    ),
    Rule(
        "sitting.breaks",
        N_("The chair may declare breaks."),
        REG_11,
        None,
        at=_own_procedure(N_("Breaks are declared as the gathering decides.")),
    ),
    Rule(
        "closing.questions",
        N_(
            "Written questions are announced at the sitting; it is closed only when each has been "
            "announced or the reason it was not is recorded for the protocol."
        ),
        REG_11,
        "announced_or_reason",
        fixed=True,
        kinds=frozenset({MEETING}),
        applied=14,
    ),
    Rule(
        "closing.agenda",
        N_(
            "The sitting is closed only when every item of the approved agenda has been considered or the "
            "reason it was not is recorded for the protocol."
        ),
        REG_9,
        "considered_or_reason",
        fixed=True,
        applied=13,
        at=_at_gatherings(
            N_(
                "The gathering is closed only when every item of the agenda it approved has been considered "
                "or the reason it was not is recorded for the protocol."
            ),
            N_(
                "The separate gathering is closed only when every item of the agenda it approved has been "
                "considered or the reason it was not is recorded for the protocol."
            ),
        ),
    ),
    Rule(
        "representatives.quota",
        N_(
            "The number of representatives of a village, street or apartment building is fixed on the "
            "principle of equal representation by the procedure the district maslikhat approved."
        ),
        LAW_39_3,
        None,
        kinds=frozenset({SEPARATE_GATHERING}),
        applied=3,
    ),
    Rule(
        "representatives.election",
        N_(
            "Candidates for representative are proposed by the participants of the separate gathering and "
            "elected by open vote, one by one or as a list, by the majority of the participants, up to the "
            "number of representatives the procedure gives the unit."
        ),
        DECREE_1106,
        None,
        source=C.SEPARATE_GATHERINGS,
        kinds=frozenset({SEPARATE_GATHERING}),
        applied=4,
    ),
    Rule(
        "initiative.share",
        N_("A sitting may be convened on the initiative of at least ten percent of the members."),
        REG_5,
        "1/10",
        kinds=frozenset({MEETING, GATHERING}),
        at={
            GATHERING: AtKind(
                LAW_39_3,
                N_(
                    "A gathering may be convened on the initiative of at least ten percent of the community "
                    "members, after the district akim's positive decision on their petition."
                ),
            )
        },
    ),
    Rule(
        "initiative.answer_working_days",
        N_("The akim considers the members' written initiative within three working days."),
        REG_5,
        3,
        kinds=frozenset({MEETING}),
    ),
    Rule(
        "meeting.per_quarter",
        N_("The meeting is convened at least once a quarter."),
        REG_5,
        1,
        kinds=frozenset({MEETING}),
    ),
    Rule(
        "notice.calendar_days",
        N_("Members are notified of the time, place and agenda no later than ten calendar days before."),
        REG_6,
        10,
        at={
            GATHERING: AtKind(
                LAW_39_3,
                N_(
                    "The community is notified of the time, place and questions of the gathering no later "
                    "than ten calendar days before."
                ),
            ),
            SEPARATE_GATHERING: AtKind(
                LAW_39_3,
                N_(
                    "The residents are notified of the time, place and questions of the separate gathering no "
                    "later than ten calendar days before."
                ),
            ),
        },
    ),
    Rule(
        "materials.calendar_days",
        N_("The materials reach the members and the akim no later than five calendar days before."),
        REG_6,
        5,
        kinds=frozenset({MEETING}),
    ),
    Rule(
        "protocol.handover_working_days",
        N_("The protocol, signed by the chair and the secretary, reaches the akim within two working days."),
        REG_12,
        2,
        kinds=frozenset({MEETING}),
    ),
    Rule(
        "protocol.signed",
        N_("A protocol is kept; the chair and the secretary sign it and it is handed to the akim."),
        REG_12,
        None,
        at={
            GATHERING: AtKind(
                LAW_39_3,
                N_(
                    "A protocol of the gathering is kept; the chair and the secretary of the gathering sign it "
                    "and it is handed to the akim."
                ),
                applied=15,
            ),
            SEPARATE_GATHERING: AtKind(
                DECREE_1106,
                N_(
                    "A protocol of the separate gathering is kept; its chair and secretary sign it and it is "
                    "handed to the akim."
                ),
                source=C.SEPARATE_GATHERINGS,
                applied=15,
            ),
        },
    ),
    Rule(
        "decision.review_working_days",
        N_("The akim considers the decisions within five working days."),
        REG_13,
        5,
        kinds=frozenset({MEETING}),
    ),
    Rule(
        "decision.inform_working_days",
        N_("The members learn the result of the akim's consideration within five working days."),
        REG_14,
        5,
        kinds=frozenset({MEETING}),
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
    kinds: frozenset[str] = frozenset({MEETING})  # the kinds of sitting whose protocol prints it

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

SPEECH_COUNT = Reading(
    code="speech_count",
    setting="meeting.speech_count",
    citation=REG_11,
    options={
        "literal": N_(
            "Toward the limit of two speeches on one item count every speech of a member, reports, "
            "co-reports, debate and procedural speeches alike; questions, clarifications and answers do not."
        ),
        "without_procedural": N_(
            "Toward the limit of two speeches on one item count a member's reports, co-reports and debate "
            "speeches; procedural speeches, questions, clarifications and answers do not."
        ),
        "debate_only": N_(
            "Toward the limit of two speeches on one item count only a member's speeches in the debate."
        ),
    },
    default="literal",
    rationale=N_(
        "Model Regulation §11 says a member may speak no more than twice on one item and excepts only "
        "questions, clarifications and answers, so every other speech counts."
    ),
)

READINGS: dict[str, Reading] = {r.code: r for r in (MAJORITY_BASE, AGENDA_BASE, SPEECH_COUNT)}


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
    """Every rule's value: the default unless the settings override it (a fixed rule keeps its own)."""
    values = {code: r.default for code, r in RULES.items() if r.default is not None}
    for code, value in (overrides or {}).items():
        if code in RULES and not RULES[code].fixed:
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


def casting_vote_rule(kind: str) -> str:
    """The rule that says whether a tie at this kind of sitting waits for the chair's vote."""
    if kind == MEETING:
        return "vote.casting"
    return f"vote.tie_{kind}"


def counted_kinds(readings: Mapping[str, str] | None) -> frozenset[str]:
    """The kinds of speech counted toward the two-speeches limit under the reading in force."""
    chosen = (readings or {}).get(SPEECH_COUNT.code, SPEECH_COUNT.default)
    return COUNTED_SPEECH_KINDS.get(chosen, COUNTED_SPEECH_KINDS[SPEECH_COUNT.default])


def citation_of(code: str, sources: Mapping[str, Any] | None = None, kind: str | None = None) -> str:
    """The citation of a rule at a kind of sitting: its section, or the act in force frozen in the sitting.

    ``sources`` maps a subject to the act's JSON (``Source.as_json``) or to its short citation.
    Without ``kind``, the rule's own (the meeting's, or the one kind it governs). An empty
    citation (``OWN_PROCEDURE``): no act states it for that kind; the sitting settles it itself.
    """
    r = RULES[code].at_kind(kind)
    if r.source and sources and r.source in sources:
        return C.short_of(sources[r.source])
    return r.citation


def rule_text(code: str, kind: str | None = None, sources: Mapping[str, Any] | None = None) -> str:
    """A rule's sentence at a kind of sitting, translated, with its citation in brackets.

    A rule that is the sitting's own procedure at that kind is given without a citation.
    """
    r = RULES[code]
    text = _(r.at_kind(kind).description or r.description)
    citation = citation_of(code, sources, kind)
    return _("{rule} ({citation})").format(rule=text, citation=_(citation)) if citation else text


def resolve_sources(settings: Mapping[str, Any] | None, on) -> dict[str, dict[str, Any]]:
    """The act in force of every subject on a day, as JSON (frozen into a sitting's OPEN event)."""
    acts = C.table((settings or {}).get(C.SETTING))
    return {subject: src.as_json() for subject, src in sorted(C.in_force_all(acts, on).items())}


@dataclass(frozen=True)
class InForce:
    """One line of the protocol's "rule readings in force": the sentence and its citation (msgids)."""

    code: str
    text: str
    citation: str
    setting: str | None = None  # the setting that chose it, for a reading


def readings_in_force(
    kind: str, readings: Mapping[str, str] | None, sources: Mapping[str, Any] | None = None
) -> list[InForce]:
    """What the protocol prints under "rule readings in force" for a sitting of this kind.

    The readings chosen by the settings (of the Model Regulation: a
    meeting's only), then the rules printed at this kind (``Rule.applied_at``)
    in their place, each in that kind's words and with its own source
    (``Rule.at_kind``): the majority and ties, the casting vote (a meeting's),
    the agenda, the representatives of a separate gathering, acting officers,
    the time for speeches, opening and closing, the protocol. A gathering
    cites the Law, a separate gathering the Model Rules of separate gatherings
    in force; what neither says is printed as the sitting's own procedure,
    with no act cited.
    """
    readings = readings or {}
    out: list[InForce] = []
    for code, reading in READINGS.items():
        chosen = readings.get(code, reading.default)
        if chosen not in reading.options or kind not in reading.kinds:
            continue
        out.append(InForce(code, reading.describe(chosen), reading.citation, reading.setting))
    # The rules of the table printed at this kind of sitting, in their order, in its words and sources.
    placed = [(r.applied_at(kind), r) for r in RULES.values()]
    for _place, rule in sorted(((p, r) for p, r in placed if p is not None), key=lambda pr: pr[0]):
        text = rule.at_kind(kind).description or rule.description
        out.append(InForce(rule.code, text, citation_of(rule.code, sources, kind)))
    return out
