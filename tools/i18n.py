"""Extract, update and compile the gettext catalogs.

    python tools/i18n.py update [DOMAIN...]   # extract msgids, merge into kk/ru/en .po
    python tools/i18n.py compile              # write .mo next to every .po
    python tools/i18n.py missing [LANG]       # list msgids without a translation
    python tools/i18n.py fill DOMAIN FILE.json # set translations: {"msgid": {"kk": "...", "ru": "..."}}
                                               # plural msgid: {"kk": ["..", ".."], "ru": ["..", "..", ".."]}

Each domain covers a part of the source tree (``DOMAIN_SOURCES``); a file
belongs to the first domain whose pattern matches it, everything else to
``zhoob``. Translations already in a .po are kept on update.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhoob_desktop.services.i18n import DOMAINS, LANGUAGES, compile_po  # noqa: E402

KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "MN": (1, 2),  # services/documents/text.py: a paper's sentence with plural forms
    "N_plural": (1, 2),  # services/meeting/errors.py: a refusal's template with plural forms
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}

DOMAIN_SOURCES: dict[str, tuple[str, ...]] = {
    "register": (
        "zhoob_desktop/services/register/*",
        "zhoob_desktop/ui/register/*",
        "zhoob_desktop/commands/residents.py",
        "zhoob_desktop/commands/demo.py",
        "zhoob_desktop/services/demo.py",
    ),
    "meeting": ("zhoob_desktop/services/meeting/*", "zhoob_desktop/commands/meeting.py"),
    "documents": (
        "zhoob_desktop/services/documents/*",
        "zhoob_desktop/ui/documents/*",
        "zhoob_desktop/commands/documents.py",
    ),
    "sync": ("zhoob_desktop/services/sync/*", "zhoob_desktop/ui/sync/*", "zhoob_desktop/commands/sync*.py"),
    "live": ("zhoob_desktop/ui/meeting/*",),
    "monitoring": (
        "zhoob_desktop/services/monitoring/*",
        "zhoob_desktop/ui/monitoring/*",
        "zhoob_desktop/commands/monitoring.py",
    ),
    "decisions": (
        "zhoob_desktop/services/decisions/*",
        "zhoob_desktop/ui/decisions/*",
        "zhoob_desktop/commands/decisions.py",
    ),
    "security": (
        "zhoob_desktop/services/security/*",
        "zhoob_desktop/ui/security/*",
        "zhoob_desktop/commands/security.py",
    ),
}


def domain_of(rel_path: str) -> str:
    for domain, patterns in DOMAIN_SOURCES.items():
        if any(fnmatch.fnmatch(rel_path, p) for p in patterns):
            return domain
    return "zhoob"


def source_files() -> list[Path]:
    return sorted(p for p in (ROOT / "zhoob_desktop").rglob("*.py") if "__pycache__" not in p.parts)


def extract(domain: str | None = None) -> Catalog:
    """All messages of one domain (or of every domain) found in the source."""
    catalog = Catalog(project="zhoob-desktop", charset="utf-8")
    for path in source_files():
        rel = path.relative_to(ROOT).as_posix()
        if domain is not None and domain_of(rel) != domain:
            continue
        for lineno, message, comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            catalog.add(message, locations=[(rel, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str, domain: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / f"{domain}.po"


def update(domains: list[str]) -> None:
    for domain in domains:
        template = extract(domain)
        for lang in LANGUAGES:
            path = po_path(lang, domain)
            if path.exists():
                with path.open("rb") as fh:
                    catalog = read_po(fh, locale=lang, domain=domain)
                catalog.update(template, no_fuzzy_matching=True)
                catalog.obsolete.clear()
            else:
                if not template:
                    continue
                catalog = Catalog(locale=lang, domain=domain, project="zhoob-desktop", charset="utf-8")
                catalog.update(template, no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                write_po(fh, catalog, width=100, sort_output=False, omit_header=False)
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def compile_all() -> None:
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")):
        po.with_suffix(".mo").write_bytes(compile_po(po))


def missing(langs: list[str]) -> int:
    count = 0
    for lang in langs:
        for domain in DOMAINS:
            path = po_path(lang, domain)
            if not path.exists():
                continue
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            for msg in catalog:
                if msg.id and (not msg.string or (isinstance(msg.string, tuple) and not all(msg.string))):
                    count += 1
                    print(f"{lang}/{domain}: {msg.id!r}")
    return count


class FillError(ValueError):
    """A translation in the JSON file does not fit its message (plural forms, type)."""


def _checked(text, msgid, num_plurals: int, lang: str):
    """The msgstr for a message: a string, or for a plural message exactly ``num_plurals`` strings.

    Plural messages take a list (or tuple) of forms in the order of the
    catalog's Plural-Forms header (Russian: one, few, many); a plain string
    for a plural message, or a list for a singular one, is refused rather
    than split into letters.
    """
    key = msgid if isinstance(msgid, str) else msgid[0]
    if isinstance(msgid, tuple):
        if not isinstance(text, list | tuple) or not all(isinstance(t, str) for t in text):
            raise FillError(f"{lang}: {key!r} has plural forms: give a list of {num_plurals} strings")
        if len(text) != num_plurals:
            raise FillError(f"{lang}: {key!r} needs {num_plurals} plural forms, got {len(text)}")
        return tuple(text)
    if not isinstance(text, str):
        raise FillError(f"{lang}: {key!r} is not a plural message: give one string")
    return text


def fill(domain: str, json_path: str) -> None:
    """Merge translations from a JSON file ({msgid: {lang: text}}) into a domain's catalogs.

    Every language is checked before any file is written, so a wrong entry changes nothing.
    """
    import json

    entries = json.loads(Path(json_path).read_text(encoding="utf-8"))
    updated = []
    for lang in LANGUAGES:
        path = po_path(lang, domain)
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=domain)
        changed = 0
        for msg in catalog:
            key = msg.id if isinstance(msg.id, str) else msg.id[0]
            text = entries.get(key, {}).get(lang)
            if not msg.id or text is None:
                continue
            msg.string = _checked(text, msg.id, catalog.num_plurals, lang)
            msg.flags.discard("fuzzy")
            changed += 1
        updated.append((path, catalog, changed))
    for path, catalog, changed in updated:
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=False)
        print(f"{path.relative_to(ROOT)}: {changed} translations set")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "update":
        update(rest or list(DOMAINS))
    elif cmd == "compile":
        compile_all()
    elif cmd == "fill" and len(rest) == 2:
        try:
            fill(rest[0], rest[1])
        except FillError as exc:
            print(f"nothing written: {exc}", file=sys.stderr)
            return 1
    elif cmd == "missing":
        return 1 if missing(rest or ["kk", "ru"]) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
