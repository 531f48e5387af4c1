"""Refusals that count members or speeches pick the Russian plural form by the number."""

from __future__ import annotations

from zhoob_desktop.services.i18n import set_language
from zhoob_desktop.services.meeting import errors as E


def test_quorum_refusals_in_russian():
    set_language("ru")
    text = lambda cls, n: cls(present=1, members=n, required=n // 2, citation=E.R.REG_7).message()  # noqa: E731
    assert "присутствуют 1 из 21 члена, нужно не менее 10." in text(E.QuorumNotReached, 21)
    assert "присутствуют 1 из 3 членов" in text(E.QuorumNotReached, 3)
    assert "присутствуют 1 из 25 членов" in text(E.VotingWithoutQuorum, 25)
    assert text(E.VotingWithoutQuorum, 21).endswith("(Типовой регламент, п. 7)")


def test_speech_limit_in_russian_and_english():
    set_language("ru")
    assert (
        "уже 2 выступления по этому вопросу;" in E.SpeechLimitReached(person="А", count=2, limit=2).message()
    )
    assert (
        "уже 5 выступлений по этому вопросу;" in E.SpeechLimitReached(person="А", count=5, limit=2).message()
    )
    set_language("en")
    assert (
        "has already spoken 1 time on this item"
        in E.SpeechLimitReached(person="A", count=1, limit=1).message()
    )
    assert "4 of 10 members are present" in str(E.QuorumNotReached(present=4, members=10, required=5))
