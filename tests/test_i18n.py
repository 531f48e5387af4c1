"""Every message is translated into Kazakh and Russian and keeps its placeholders."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from zhoob_desktop.services import i18n
from zhoob_desktop.services.i18n import DOMAINS, placeholders

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402


def _catalogs(lang: str) -> dict[tuple[str | None, str], object]:
    merged = {}
    for domain in DOMAINS:
        path = ROOT / "translations" / lang / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            with path.open("rb") as fh:
                for msg in read_po(fh, locale=lang):
                    if msg.id:
                        key = msg.id if isinstance(msg.id, str) else msg.id[0]
                        merged[(msg.context, key)] = msg
    return merged


@pytest.fixture(scope="module")
def source_messages():
    return list(i18n_tool.extract())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_translated(lang, source_messages):
    catalog = _catalogs(lang)
    missing = []
    for msg in source_messages:
        if not msg.id:
            continue  # the catalog header
        key = msg.id if isinstance(msg.id, str) else msg.id[0]
        found = catalog.get((msg.context, key))
        strings = (
            () if found is None else (found.string if isinstance(found.string, tuple) else (found.string,))
        )
        if found is None or not all(strings) or found.fuzzy:
            missing.append(key)
    assert not missing, f"{len(missing)} messages lack a {lang} translation, e.g. {missing[:10]}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_translations_keep_placeholders(lang):
    broken = []
    for (_ctx, key), msg in _catalogs(lang).items():
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        for s in strings:
            if s and placeholders(s) != placeholders(ids[-1]) and placeholders(s) != placeholders(ids[0]):
                broken.append((key, s))
    assert not broken


def test_safe_fallback_when_placeholder_dropped():
    import gettext

    class Broken(gettext.NullTranslations):
        def gettext(self, message):
            return "сынған аударма"

    safe = i18n._SafeTranslations(Broken())
    assert safe.gettext("Hello {name}") == "Hello {name}"
    assert safe.gettext("Hello") == "сынған аударма"


def test_language_switch_changes_messages_and_dates():
    i18n.set_language("kk")
    kk = i18n._("Settings")
    i18n.set_language("ru")
    ru = i18n._("Settings")
    assert kk != ru and kk != "Settings" and ru != "Settings"
    assert "қараша" in i18n.format_date(date(2026, 11, 25), lang="kk")
    assert "ноября" in i18n.format_date(date(2026, 11, 25), lang="ru")


def test_translator_independent_of_ui_language():
    i18n.set_language("en")
    assert i18n.Translator("kk")._("Settings") != "Settings"
    assert i18n._("Settings") == "Settings"


def test_short_dates_have_four_digit_years():
    day = date(2026, 3, 5)
    assert i18n.format_date(day, "short", lang="kk") == "05.03.2026"
    assert i18n.format_date(day, "short", lang="ru") == "05.03.2026"
    i18n.set_language("kk")
    assert i18n.format_date(day, "short") == "05.03.2026"
