"""A rendered paper as the screens and the command line receive it."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Paper:
    """A rendered paper: its PDF bytes and SHA-256, and whether it is the frozen signed copy."""

    kind: str  # protocol, addendum, registration_sheet, notice, extract, annex
    number: str
    lang: str
    pdf: bytes
    digest: str
    frozen: bool
    filename: str
    # Typed texts the paper printed without their translation into one of its languages.
    missing: tuple[str, ...] = ()
    # Marked ЖОБА / ПРОЕКТ on every page: the protocol (or a paper from it) is not signed yet.
    draft: bool = False


@dataclass(frozen=True)
class IssuedPaper:
    """A finalised protocol or an addendum as stored (frozen)."""

    id: uuid.UUID
    sitting_id: uuid.UUID
    kind: str
    ordinal: int
    number: str
    lang: str
    refers_to_id: uuid.UUID | None
    refers_digest: str
    journal_seq: int
    journal_hash: str
    body: str
    signed_on: date
    digest: str
    issued_at: datetime
    pdf: bytes
    # Who signed by hand, as printed under the paper: ((role, name), ...).
    signers: tuple[tuple[str, str], ...] = ()

    def paper(self) -> Paper:
        return Paper(
            self.kind,
            self.number,
            self.lang,
            self.pdf,
            self.digest,
            True,
            paper_filename(self.kind, self.number, self.lang),
        )


def digest_of(pdf: bytes) -> str:
    """The SHA-256 of a paper's bytes, as printed and stored."""
    return hashlib.sha256(pdf).hexdigest()


def paper_filename(kind: str, number: str, lang: str, suffix: str = "pdf") -> str:
    """A file name such as ``protocol-3-kk-ru.pdf``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in number) or "draft"
    return f"{kind}-{safe}-{lang.replace('+', '-')}.{suffix}"
