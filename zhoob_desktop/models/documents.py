"""Issued papers of a sitting (the signed protocol and its addenda, frozen as PDF bytes), and the
okrug's translations of the texts people type.

A protocol marked as signed is never rendered again: its bytes and their
SHA-256 are kept here and returned as they are. A later correction is an
addendum, its own document with its own number, that names the digest of the
protocol it corrects.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class IssuedDocument(UUIDPrimaryKey, Base):
    """A frozen paper of a sitting (``kind`` "protocol" or "addendum") with its PDF and digest."""

    __tablename__ = "issued_document"
    __table_args__ = (UniqueConstraint("sitting_id", "kind", "ordinal", name="uq_issued_document_ordinal"),)

    # The sitting is referenced by id without a foreign key (as journals reference residents):
    # an issued paper is an archive record that keeps its own copy of everything it prints.
    sitting_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # 0 for the protocol, 1, 2, ... for its addenda in order.
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(10))
    refers_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_document.id"), default=None)
    refers_digest: Mapped[str] = mapped_column(String(64), default="")
    # The journal as it stood when the paper was issued.
    journal_seq: Mapped[int] = mapped_column(Integer)
    journal_hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date]
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who signed the paper by hand, as printed under it: [{"role": "chair", "name": "..."}, ...].
    signers: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")


class TextTranslation(UUIDPrimaryKey, Base):
    """A text typed in the okrug's typing language (a decision, a place...) and its version in ``lang``.

    ``source_key`` is the SHA-256 of the normalised typed text: every paper
    printing that text in ``lang`` finds this version.
    """

    __tablename__ = "text_translation"
    __table_args__ = (UniqueConstraint("source_key", "lang", name="uq_text_translation_source_lang"),)

    source_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["IssuedDocument", "TextTranslation"]
