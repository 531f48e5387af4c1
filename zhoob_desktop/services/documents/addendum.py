"""An addendum to a signed protocol: a correction that names the protocol's checksum.

The signed protocol is never re-rendered or edited. A correction is its own
paper with its own number ("3/1"): it names the protocol (number, date, the
day it was signed) and its SHA-256, gives the text of the correction, and is
signed by the chair and the secretary.
"""

from __future__ import annotations

from datetime import date

from zhoob_desktop.services.documents import conventions as C
from zhoob_desktop.services.documents.common import okrug_heading, okrug_name
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import IssuedPaper
from zhoob_desktop.services.documents.protocol import NUMBER, signers_of
from zhoob_desktop.services.documents.source import ProtocolSource
from zhoob_desktop.services.documents.text import DateOf, M
from zhoob_desktop.services.i18n import N_


def build_addendum(
    source: ProtocolSource,
    protocol: IssuedPaper,
    number: str,
    ordinal: int,
    text: str,
    signed_on: date,
    mode: str,
) -> bytes:
    """The addendum's PDF in a language mode (the correction is a typed text, printed in each language)."""
    st, sitting = source.state, source.sitting
    b = PaperBuilder(mode, book=source.book)
    heading = C.heading(
        C.ADDENDUM_HEADING,
        kind=sitting.kind,
        okrug=okrug_heading(source.okrug, source.settings),
        date=DateOf(sitting.held_on),
        number=protocol.number,
        ordinal=str(ordinal),
    )
    b.heading_block(heading, logo=source.settings.logo_bytes())
    b.place_line(signed_on, M(NUMBER, number=number), "")
    b.paragraph(
        M(
            N_(
                "The protocol was signed on {signed}; it is kept unchanged, and this addendum corrects it. "
                "Checksum of the signed protocol (SHA-256):"
            ),
            signed=protocol.signed_on,
        ),
        "left",
    )
    b.paragraph(protocol.digest, "mono")
    b.spacer(3)
    b.section(M(N_("CORRECTION:")))
    b.points(b.data(text))
    payload = f"ZHOOB:ADDENDUM:{sitting.id}:{number}:{st.seq}:{st.last_hash}:{protocol.digest}".upper()
    b.signatures(
        signers_of(source),
        mark=(payload, [M(N_("Checksum of the signed protocol (SHA-256):")), protocol.digest]),
    )
    frame = PageFrame(header=okrug_name(source.okrug), title=M(N_("Addendum No. {number}"), number=number))
    return build_pdf(b, frame, title=b.joined(heading).replace("\n", " "), subject=b.joined(heading))
