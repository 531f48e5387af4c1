"""The okrug's settings for its papers: how the okrug is named in their headings, who signs them.

The heading of an official paper names the okrug in the genitive ("…
ауылдық округінің жергілікті қоғамдастық жиналысының ХАТТАМАСЫ", "ПРОТОКОЛ
собрания местного сообщества … сельского округа"). Those forms are kept as
settings, offered from the okrug's names by the rules of each language and
corrected by the apparatus where a name does not follow them. The signers
are the akim (the notice), the member of the apparatus who keeps the
registration (the registration sheet) and the person who certifies extracts.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass, fields, replace

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.okrug import OkrugInfo, get_okrug
from zhoob_desktop.services.store import Store

SETTING = "okrug.papers"
DECISION_WORDS = ("resolved", "decided")  # ҚАУЛЫ ЕТТІ / ПОСТАНОВИЛИ, or ШЕШТІ / РЕШИЛИ
LOGO_MAX_BYTES = 512 * 1024


class LogoNotAnImage(ZhoobError):
    template = N_("The logo must be a PNG or JPEG image of at most 512 KB.")


@dataclass(frozen=True)
class PaperSettings:
    """Headings and signers of the okrug's papers (every field may be empty: then derived or left out)."""

    heading_kk: str = ""  # "Алматы облысы Іле ауданы Қарағайлы ауылдық округінің"
    heading_ru: str = ""  # "Карагайлинского сельского округа Илийского района Алматинской области"
    akim_name: str = ""
    akim_position_kk: str = ""
    akim_position_ru: str = ""
    registrar_name: str = ""
    registrar_position_kk: str = ""
    registrar_position_ru: str = ""
    certifier_name: str = ""  # extracts: empty means the secretary of the sitting
    certifier_position_kk: str = ""
    certifier_position_ru: str = ""
    logo: str = ""  # base64 of a PNG or JPEG printed above the heading
    full_iin: bool = False  # print whole IINs on the registration sheet and the annex
    decision_word: str = "resolved"

    def heading(self, lang: str) -> str:
        return self.heading_ru if lang == "ru" else self.heading_kk

    def akim_position(self, lang: str) -> str:
        return self.akim_position_ru if lang == "ru" else self.akim_position_kk

    def registrar_position(self, lang: str) -> str:
        return self.registrar_position_ru if lang == "ru" else self.registrar_position_kk

    def certifier_position(self, lang: str) -> str:
        return self.certifier_position_ru if lang == "ru" else self.certifier_position_kk

    def logo_bytes(self) -> bytes | None:
        if not self.logo:
            return None
        try:
            return base64.b64decode(self.logo, validate=True)
        except (binascii.Error, ValueError):
            return None


def paper_settings(store: Store) -> PaperSettings:
    """The stored settings, with the headings and the akim's position offered from the okrug's names."""
    stored = store.get_setting(SETTING) or {}
    known = {f.name for f in fields(PaperSettings)}
    values = {k: v for k, v in stored.items() if k in known}
    settings = PaperSettings(**values)
    if settings.decision_word not in DECISION_WORDS:
        settings = replace(settings, decision_word="resolved")
    okrug = get_okrug(store)
    if okrug is None:
        return settings
    offered = offered_settings(okrug)
    return replace(
        settings,
        **{
            name: getattr(offered, name)
            for name in ("heading_kk", "heading_ru", "akim_position_kk", "akim_position_ru")
            if not getattr(settings, name).strip()
        },
    )


def save_paper_settings(store: Store, settings: PaperSettings) -> PaperSettings:
    """Keep the settings (texts trimmed); a logo is checked to be a PNG or JPEG image."""
    logo = settings.logo_bytes() if settings.logo else None
    if settings.logo and (
        logo is None
        or len(logo) > LOGO_MAX_BYTES
        or not (logo[:8] == b"\x89PNG\r\n\x1a\n" or logo[:2] == b"\xff\xd8")
    ):
        raise LogoNotAnImage()
    values = {k: v.strip() if isinstance(v, str) and k != "logo" else v for k, v in asdict(settings).items()}
    if values["decision_word"] not in DECISION_WORDS:
        values["decision_word"] = "resolved"
    store.set_setting(SETTING, values)
    return paper_settings(store)


def logo_setting(image: bytes | None) -> str:
    """The stored form of a logo image (base64), or "" for none."""
    return base64.b64encode(image).decode("ascii") if image else ""


def offered_settings(okrug: OkrugInfo) -> PaperSettings:
    """Headings and the akim's position formed from the okrug's names (the genitive of each language)."""
    kk_parts = [p for p in (okrug.region_kk, okrug.district_kk) if p]
    okrug_kk = genitive_kk(okrug.name_kk) if okrug.name_kk else ""
    heading_kk = " ".join([*kk_parts, okrug_kk]).strip()
    ru_parts = [genitive_ru(p) for p in (okrug.name_ru, okrug.district_ru, okrug.region_ru) if p]
    heading_ru = " ".join(ru_parts).strip()
    return PaperSettings(
        heading_kk=heading_kk,
        heading_ru=heading_ru,
        akim_position_kk=f"{okrug_kk} әкімі" if okrug_kk else "",
        # A position as it follows a name ("…, аким … округа"); capitalised where it starts a line.
        akim_position_ru=f"аким {genitive_ru(okrug.name_ru)}" if okrug.name_ru else "",
    )


_KK_BACK = set("аоұыя")
_KK_FRONT = set("әеөүіиэю")
_KK_VOWELS = _KK_BACK | _KK_FRONT | set("у")


def genitive_kk(name: str) -> str:
    """The genitive (ілік септік) of a Kazakh name: its last word takes -ның/-нің, -дың/-дің or -тың/-тің."""
    words = name.strip().split()
    if not words:
        return name
    last = words[-1]
    if last.lower() == "округ":  # the Russian loanword takes the front suffix: "ауылдық округтің"
        return " ".join([*words[:-1], last + "тің"])
    letters = [ch for ch in last.lower() if ch.isalpha()]
    if not letters:
        return name
    vowels = [ch for ch in letters if ch in _KK_BACK or ch in _KK_FRONT]
    front = bool(vowels) and vowels[-1] in _KK_FRONT
    end = letters[-1]
    if end in _KK_VOWELS - {"у"}:
        suffix = "нің" if front else "ның"
    elif end in "лрйумнңжзу":
        suffix = "дің" if front else "дың"
    else:
        suffix = "тің" if front else "тың"
    return " ".join([*words[:-1], last + suffix])


# Russian words of administrative names and their genitive; adjectives by their endings.
_RU_NOUNS = {
    "округ": "округа",
    "район": "района",
    "область": "области",
    "город": "города",
    "село": "села",
    "посёлок": "посёлка",
    "поселок": "поселка",
    "аул": "аула",
    "сельский": "сельского",
}
_RU_ADJECTIVES = (
    ("ский", "ского"),
    ("цкий", "цкого"),
    ("ний", "него"),
    ("ый", "ого"),
    ("ой", "ого"),
    ("кий", "кого"),
    ("гий", "гого"),
    ("хий", "хого"),
    ("ская", "ской"),
    ("цкая", "цкой"),
    ("ная", "ной"),
    ("ая", "ой"),
    ("яя", "ей"),
)


def genitive_ru(name: str) -> str:
    """The genitive of a Russian administrative name ("Илийский район" -> "Илийского района").

    Only the words of administrative names and adjectives are changed; any
    other word (a proper name after "область") is kept as it is.
    """
    out = []
    for word in name.strip().split():
        lower = word.lower()
        if lower in _RU_NOUNS:
            new = _RU_NOUNS[lower]
            out.append(new[0].upper() + new[1:] if word[0].isupper() else new)
            continue
        # Only the ending changes, so the rest keeps its letters ("Северо-Казахстанская").
        ending = next(((a, b) for a, b in _RU_ADJECTIVES if lower.endswith(a)), None)
        out.append(word if ending is None else word[: -len(ending[0])] + ending[1])
    return " ".join(out)
