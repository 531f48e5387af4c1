"""An addendum to a finalised protocol: a correction that names the protocol's digest.

The signed protocol is never re-rendered or edited. A correction is its own
paper with its own number ("3/1"), the digest of the protocol it corrects,
the text of the correction, and the journal events recorded after the
protocol was frozen, so the paper trail and the journal agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from zhoob_desktop.services.documents.common import Header, local_time, number_and_date
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import IssuedPaper
from zhoob_desktop.services.documents.source import ProtocolSource
from zhoob_desktop.services.documents.text import M, Text
from zhoob_desktop.services.i18n import N_

if TYPE_CHECKING:
    from zhoob_desktop.services.meeting.journal import Event

ADDENDUM_TITLE = N_("Addendum No. {ordinal} to protocol No. {number} of {date}")


def build_addendum(
    source: ProtocolSource,
    protocol: IssuedPaper,
    number: str,
    ordinal: int,
    text: str,
    later_events: Sequence[Event],
    signed_on: date,
    mode: str,
) -> bytes:
    """The addendum's PDF in a language mode."""
    st, tz = source.state, source.tz
    b = PaperBuilder(mode)
    b.paragraph(Header(source.okrug).full(), "subtitle")
    b.spacer(2)
    title = M(ADDENDUM_TITLE, ordinal=str(ordinal), number=protocol.number, date=source.sitting.held_on)
    b.title(title, number_and_date(number, signed_on))
    b.paragraph(
        M(
            N_(
                "This addendum corrects the protocol No. {number} of {date}, finalised on {signed}. The protocol "
                "itself is kept unchanged; its digest is:"
            ),
            number=protocol.number,
            date=source.sitting.held_on,
            signed=protocol.signed_on,
        )
    )
    b.data_text(protocol.digest, "mono")
    b.heading(M(N_("Correction")))
    b.data_text(text)
    b.heading(M(N_("Journal events recorded after the protocol was finalised")))
    if later_events:
        rows: list[list[Text]] = []
        for ev in later_events:
            at = datetime.fromisoformat(ev.recorded_at)
            reason = ev.payload.get("reason") if isinstance(ev.payload, dict) else None
            rows.append([str(ev.seq), local_time(at, tz) or "", ev.type, str(reason or "")])
        b.table(
            [M(N_("Event")), M(N_("Time")), M(N_("Type")), M(N_("Reason"))],
            rows,
            [0.1, 0.12, 0.3, 0.48],
            align_right=[0],
        )
    else:
        b.paragraph(M(N_("None: the journal is as it was when the protocol was finalised.")))
    b.signatures(
        [
            (M(N_("Chair")), st.chair.name if st.chair else ""),
            (M(N_("Secretary")), st.secretary.name if st.secretary else ""),
        ]
    )
    payload = f"ZHOOB:ADDENDUM:{source.sitting.id}:{number}:{st.seq}:{st.last_hash}:{protocol.digest}".upper()
    b.qr_block(
        payload,
        [
            M(N_("Digest of the protocol corrected (SHA-256):")),
            protocol.digest,
            M(N_("Final hash of the journal (SHA-256, event {seq}):"), seq=str(st.seq)),
            st.last_hash,
        ],
    )
    frame = PageFrame(
        header=Header(source.okrug).full(),
        title=M(N_("Addendum No. {number}"), number=number),
        footer=M(N_("Corrects the protocol {digest}"), digest=protocol.digest[:16]),
    )
    return build_pdf(b, frame, title=b.joined(title), subject=b.joined(title))
