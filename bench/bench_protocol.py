"""Protocol rendering figures: a sitting of 500 members, 10 items and 200 speeches.

    .venv/bin/python bench/bench_protocol.py [--members 500] [--items 10] [--speeches 200] [--runs 3]

The sitting is played through the meeting engine into a fresh store (not
timed). Then, for each language mode:

* ``service``: ``issue.render_protocol`` with the engine's state cache dropped
  first, i.e. reading and verifying the journal, folding it, gathering the
  okrug and calendar, building the flowables and laying out the PDF with the
  page header and "page N of M";
* ``warm``: the same call with the state cached (a second preview);
* ``raw``: ReportLab alone laying out the very same flowables (built
  beforehand, not timed) with a plain ``SimpleDocTemplate`` and canvas: the
  floor any ReportLab protocol of this size pays.

The target is a cold service render under 2 s and within 2x of the raw layout.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import SimpleDocTemplate  # noqa: E402

from bench._env import open_bench_store  # noqa: E402
from tests.services.documents.scripted import play_sitting  # noqa: E402
from zhoob_desktop.services.documents import issue  # noqa: E402
from zhoob_desktop.services.documents.layout import (  # noqa: E402
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PaperBuilder,
)
from zhoob_desktop.services.documents.protocol import story_protocol  # noqa: E402
from zhoob_desktop.services.meeting import engine  # noqa: E402


def raw_layout(story) -> tuple[float, int]:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
    )
    t = time.perf_counter()
    doc.build(story)
    return time.perf_counter() - t, len(out.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=500)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--speeches", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="zhoob-bench-protocol-"))
    store = open_bench_store(folder, lock=False)
    t = time.perf_counter()
    s = play_sitting(store, members=args.members, items=args.items, speeches=args.speeches)
    st = s.state
    held = sum(1 for sp in st.speeches if sp.status == "finished")
    print(
        f"sitting: {st.member_count} members ({st.present_count} present), {len(st.agenda)} items, "
        f"{held} speeches, {len(st.votes)} votes, {st.seq} journal events; played in {time.perf_counter() - t:.1f} s"
    )
    source = issue.protocol_source(store, issue.resolve_sitting(store, s.id))
    for mode in ("kk", "ru", "kk+ru"):
        cold, warm, raw = [], [], []
        pages = size = 0
        for _ in range(args.runs):
            engine.forget(store)
            t = time.perf_counter()
            paper = issue.render_protocol(store, s.id, mode)
            cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            issue.render_protocol(store, s.id, mode)
            warm.append(time.perf_counter() - t)
            b = PaperBuilder(mode, book=source.book)
            story_protocol(b, source)
            took, size = raw_layout(b.story)
            raw.append(took)
            pages = paper.pdf.count(b"/Type /Page\n") or paper.pdf.count(b"/Type /Page")
        c, w, r = statistics.median(cold), statistics.median(warm), statistics.median(raw)
        # The minimum is the figure least disturbed by other processes on a shared machine.
        cm, wm, rm = min(cold), min(warm), min(raw)
        print(
            f"{mode:6s} median: service cold {c:.3f} s, warm {w:.3f} s, raw ReportLab {r:.3f} s "
            f"(cold/raw {c / r:.2f}x, warm/raw {w / r:.2f}x); best: cold {cm:.3f} s, warm {wm:.3f} s, "
            f"raw {rm:.3f} s (cold/raw {cm / rm:.2f}x, warm/raw {wm / rm:.2f}x); "
            f"{len(paper.pdf) // 1024} KiB, ~{pages} pages ({'OK' if cm < 2.0 and cm / rm <= 2.0 else 'OVER TARGET'})"
        )
    store.close(backup=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
