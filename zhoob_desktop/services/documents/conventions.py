"""The wording of official papers, shared by every paper of the okrug.

* headings: the okrug in the genitive, the body that sits, the kind of paper
  in capitals ("… жергілікті қоғамдастық жиналысының ХАТТАМАСЫ" / "ПРОТОКОЛ
  собрания местного сообщества …");
* section words of a protocol: ТЫҢДАЛДЫ / СӨЙЛЕДІ / ҚАУЛЫ ЕТТІ (or ШЕШТІ),
  СЛУШАЛИ / ВЫСТУПИЛИ / ПОСТАНОВИЛИ (or РЕШИЛИ);
* the vote formula «жақтап» — 15, «қарсы» — жоқ, «қалыс қалғандар» — 3 /
  «за» — 15, «против» — нет, «воздержались» — 3;
* names under signatures as "А. Байжанова", IINs masked on papers that go on
  a wall or to the district.

No sentence here slots a name into a place where one of the languages would
have to decline it: names stand after a dash or a colon, or in a list.
"""

from __future__ import annotations

import re

from zhoob_desktop.services.documents.text import MN, Localized, M, Msg, Text
from zhoob_desktop.services.i18n import N_

# The body that sits, in the genitive the headings need.
BODY_OF = {
    "meeting": N_("of the meeting of the local community"),
    "gathering": N_("of the gathering of the local community"),
    "separate_gathering": N_("of the separate gathering of the local community"),
}
# Headings: the okrug and the body around the name of the paper, as each language orders them.
PROTOCOL_HEADING = N_("PROTOCOL\n{body}\n{okrug}")
EXTRACT_HEADING = N_("EXTRACT\nfrom the protocol {body}\n{okrug}\nof {date} No. {number}")
ANNEX_HEADING = N_("ANNEX\nto the protocol {body}\n{okrug}\nof {date} No. {number}")
ADDENDUM_HEADING = N_("ADDENDUM No. {ordinal}\nto the protocol {body}\n{okrug}\nof {date} No. {number}")
REGISTRATION_HEADING = {
    "meeting": N_("REGISTRATION SHEET\nof the members of the meeting of the local community\n{okrug}"),
    "gathering": N_(
        "REGISTRATION SHEET\nof the participants of the gathering of the local community\n{okrug}"
    ),
    "separate_gathering": N_(
        "REGISTRATION SHEET\nof the participants of the separate gathering of the local community\n{okrug}"
    ),
}
NOTICE_HEADING = N_("NOTICE")

# Section words of a protocol (the decision word is a setting: resolved or decided).
HEARD = N_("HEARD:")
SPOKE = N_("SPOKE:")
DECISION_WORDS = {"resolved": N_("RESOLVED:"), "decided": N_("DECIDED:")}
AGENDA_WORD = N_("AGENDA:")
STATEMENTS_WORD = N_("SHORT STATEMENTS:")

# Roles under the signatures and in the lines naming the officers.
CHAIR_OF = {
    "meeting": N_("Chair of the meeting"),
    "gathering": N_("Chair of the gathering"),
    "separate_gathering": N_("Chair of the gathering"),
}
SECRETARY_OF = {
    "meeting": N_("Secretary of the meeting"),
    "gathering": N_("Secretary of the gathering"),
    "separate_gathering": N_("Secretary of the gathering"),
}
MEMBER_OF = {
    "meeting": N_("member of the meeting"),
    "gathering": N_("participant of the gathering"),
    "separate_gathering": N_("participant of the gathering"),
}


def none_word(tr) -> str:
    # TRANSLATORS: a count of zero in the vote formula: «қарсы» — жоқ, «против» — нет.
    return tr.pgettext("vote count", "none")


def count(n: int) -> Localized:
    """A count of the vote formula: the number, or the word for none."""
    return Localized(lambda tr: none_word(tr) if n == 0 else tr.number(n))


def vote_formula(votes_for: int, against: int, abstained: int, not_voted: int = 0) -> Msg:
    """«жақтап» — 15, «қарсы» — жоқ, «қалыс қалғандар» — 3 (and those who did not vote, when any)."""
    if not_voted > 0:
        return M(
            N_(
                "«for» — {for_}, «against» — {against}, «abstained» — {abstained}, did not vote — {not_voted}"
            ),
            for_=count(votes_for),
            against=count(against),
            abstained=count(abstained),
            not_voted=not_voted,
        )
    return M(
        N_("«for» — {for_}, «against» — {against}, «abstained» — {abstained}"),
        for_=count(votes_for),
        against=count(against),
        abstained=count(abstained),
    )


def heading(msgid: str, *, kind: str, okrug: Text, **params) -> Msg:
    """A paper's heading (lines separated by line breaks) for a kind of sitting."""
    return M(msgid, body=M(BODY_OF.get(kind, BODY_OF["meeting"])), okrug=okrug, **params)


def short_name(full: str) -> str:
    """A name as printed under a signature: "Байжанова Айым Қайратқызы" gives "А. Байжанова"."""
    parts = full.replace(",", " ").split()
    if len(parts) < 2:
        return full.strip()
    initials = "-".join(f"{p[0]}." for p in parts[1].split("-") if p)
    return f"{initials} {parts[0]}"


def mask_iin(iin: str | None, full: bool = False) -> str:
    """An IIN as printed on a paper that is seen by others: the last four digits only (unless ``full``)."""
    if not iin:
        return "—"
    return iin if full else "•" * (len(iin) - 4) + iin[-4:]


_NUMBERED = re.compile(r"^\s*(\d+[.)]|[-–—•])\s+")


def numbered_lines(text: str) -> list[tuple[str, int]]:
    """The points of a decision as (line, level): each line a point numbered 1., 2., ...

    Numbers already typed are kept; an introduction followed by a typed list
    ("... құрамда құрылсын:" then "1) ...", "2) ...") is point 1 with the list
    one level in.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    if all(_NUMBERED.match(line) for line in lines):
        return [(line, 0) for line in lines]
    if len(lines) > 1 and not _NUMBERED.match(lines[0]) and all(_NUMBERED.match(line) for line in lines[1:]):
        return [(f"1. {lines[0]}", 0), *((line, 1) for line in lines[1:])]
    return [(f"{n}. {_NUMBERED.sub('', line)}", 0) for n, line in enumerate(lines, start=1)]


def decision_word(setting: str) -> str:
    return DECISION_WORDS.get(setting, DECISION_WORDS["resolved"])


def minutes(seconds: int) -> Msg:
    """A speaking time: "15 минутқа дейін", "до 15 минут"."""
    if seconds % 60 == 0:
        n = seconds // 60
        return MN("up to {n} minute", "up to {n} minutes", n, n=n)
    return MN("up to {n} second", "up to {n} seconds", seconds, n=seconds)


# A protocol without a number yet: the number is left to be written in by hand ("№ ______"), never a dash.
NUMBER_BLANK = "______"
