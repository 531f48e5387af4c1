"""The papers' catalog never changes another area's words: a message shared with a domain chained after
it (whose screens would show the papers' translation) is translated the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from zhoob_desktop.services.i18n import DOMAINS

ROOT = Path(__file__).resolve().parents[3]


def _catalog(lang: str, domain: str) -> dict:
    path = ROOT / "translations" / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as fh:
        return {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(fh) if m.id
        }


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_shared_messages_keep_the_later_domains_words(lang):
    papers = _catalog(lang, "documents")
    later = DOMAINS[DOMAINS.index("documents") + 1 :]
    differing = [
        (domain, key, papers[key], theirs[key])
        for domain in later
        if (ROOT / "translations" / lang / "LC_MESSAGES" / f"{domain}.po").exists()
        for theirs in [_catalog(lang, domain)]
        for key in papers.keys() & theirs.keys()
        if papers[key] != theirs[key]
    ]
    assert differing == []
