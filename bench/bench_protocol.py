"""Protocol rendering figures: a sitting of 500 members, 10 items and 200 (or 800) speeches.

    .venv/bin/python bench/bench_protocol.py [--members 500] [--items 10] [--speeches 200,800] [--runs 3]
    .venv/bin/python bench/bench_protocol.py --quick     # 40 speeches, one run: a smoke run

The sitting is played through the meeting engine into a fresh store (not
timed). Then, for each language mode (kk, ru, kk+ru), CPU time of the process
beside wall time:

* ``cold``: ``issue.render_protocol`` with the engine's state cache dropped
  first: reading and verifying the journal, folding it, gathering the okrug,
  the calendar and the book of translations, writing the paper's texts in
  each language, building the flowables and laying out the PDF with the
  running header, "page N of M" and the draft mark;
* ``warm``: the same call with the state cached (a second preview);
* ``raw``: the same PDF written straight with ReportLab. Before timing, the
  program's flowables are recorded as the calls that made them (each
  paragraph's finished text and style, each table's cells, widths and style
  commands, what is kept together or with the next block); the raw run makes
  those very ReportLab objects again from the recorded texts and lays them out
  with the same page template, fonts and frame, drawing the same running
  header, footer and draft mark on every page (its texts and their fitted
  sizes worked out beforehand). It leaves out only the program's own work:
  the journal (reading, verifying, folding), the source gathering, putting
  the texts together and translating them (gettext, Babel numbers and dates,
  the book of typed texts), choosing styles and blocks, and fitting the
  header. Its PDF is compared with the program's byte for byte (both are
  written in ReportLab's invariant mode), so the two did the same layout.

Targets: a cold render of 200 speeches under 2 s in every mode, and of 800
speeches within 1.5x of the raw layout.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from bench._env import mode as store_mode  # noqa: E402
from bench._env import open_bench_store  # noqa: E402
from tests.services.documents.scripted import play_sitting  # noqa: E402
from zhoob_desktop.services.documents import issue, layout  # noqa: E402
from zhoob_desktop.services.documents.layout import (  # noqa: E402
    FRAME_WIDTH,
    LAYOUT_VERSION,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
)
from zhoob_desktop.services.meeting import engine  # noqa: E402
from zhoob_desktop.services.pdf_fonts import SANS  # noqa: E402

# -- recording the program's flowables -------------------------------------------------------

_RECORDED = (Paragraph, Table, KeepTogether, Spacer, CondPageBreak)
_KEPT_ATTRIBUTES = ("keepWithNext", "hAlign")


def _recording(base: type) -> type:
    """A subclass of a ReportLab flowable that remembers how it was made (args, setStyle calls)."""

    class Recorded(base):
        def __init__(self, *args, **kwargs):
            self._recipe_calls: list[tuple] = []
            self._recipe = (base, args, kwargs)
            super().__init__(*args, **kwargs)
            self._recipe_ready = True

        def setStyle(self, *args, **kwargs):  # noqa: N802 - ReportLab's name
            if getattr(self, "_recipe_ready", False):
                self._recipe_calls.append(("setStyle", args, kwargs))
            return super().setStyle(*args, **kwargs)

    Recorded.__name__ = f"Recorded{base.__name__}"
    return Recorded


def recorded_story(build: Callable[[], object]) -> object:
    """Run ``build`` with the paper layout's flowable classes recording their making."""
    saved = {cls.__name__: getattr(layout, cls.__name__) for cls in _RECORDED}
    for cls in _RECORDED:
        setattr(layout, cls.__name__, _recording(cls))
    try:
        return build()
    finally:
        for name, cls in saved.items():
            setattr(layout, name, cls)


def _plan(value):
    """A recorded flowable (or a list or tuple of them) as a plain recipe: no program objects left."""
    if isinstance(value, list):
        return [_plan(v) for v in value]
    if isinstance(value, tuple):
        return ("tuple", [_plan(v) for v in value])
    recipe = getattr(value, "_recipe", None)
    if recipe is None:
        return ("as is", value)  # a text cell, a style, a drawing: used as it is
    base, args, kwargs = recipe
    attributes = {a: value.__dict__[a] for a in _KEPT_ATTRIBUTES if a in value.__dict__}
    return (
        "make",
        base,
        _plan(list(args)),
        {k: _plan(v) for k, v in kwargs.items()},
        value._recipe_calls,
        attributes,
    )


def make(plan):
    """ReportLab objects from a recipe, straight: the raw baseline's share of building the story."""
    if isinstance(plan, list):
        return [make(p) for p in plan]
    if plan[0] == "as is":
        return plan[1]
    if plan[0] == "tuple":
        return tuple(make(p) for p in plan[1])
    _tag, base, args, kwargs, calls, attributes = plan
    obj = base(*make(args), **{k: make(v) for k, v in kwargs.items()})
    for name, cargs, ckwargs in calls:
        getattr(obj, name)(*cargs, **ckwargs)
    for name, value in attributes.items():
        setattr(obj, name, value)
    return obj


# -- the raw page -----------------------------------------------------------------------------


def raw_canvas(frame_texts: dict):
    """The standard "page N of M" canvas of ReportLab's examples, drawing the paper's page furniture
    from texts and font sizes fixed beforehand (``page_texts``)."""
    headers, titles = frame_texts["headers"], frame_texts["titles"]
    footer, page_of, draft = frame_texts["footer"], frame_texts["page_of"], frame_texts["draft"]
    decorate = frame_texts["decorate"]

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                decorate(self, headers, titles, footer, page_of(number, total), draft)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_texts(builder, frame) -> dict:
    """The page furniture's texts in the paper's languages and their fitted sizes, worked out once."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from zhoob_desktop.services.documents.layout import BILINGUAL_SEPARATOR, DRAFT_MARK, PAGE_OF
    from zhoob_desktop.services.documents.text import Msg, render

    trs = builder.translators
    size = 7.5

    def fitted(text: str, width: float) -> tuple[str, float]:
        font = size
        while font > 6 and stringWidth(text, SANS, font) > width:
            font -= 0.25
        while text and stringWidth(text, SANS, font) > width:
            text = text[:-2] + "…"
        return text, font

    headers = list(dict.fromkeys(render(frame.header, tr) for tr in trs))
    titles = list(dict.fromkeys(render(frame.title, tr) for tr in trs))
    needed = max((stringWidth(t, SANS, size) for t in headers), default=0)
    left_w = min(FRAME_WIDTH * 0.5, needed)
    right_w = FRAME_WIDTH - left_w - 6 * layout.mm
    footer = layout.BILINGUAL_SEPARATOR.join(
        dict.fromkeys(render(frame.footer, tr) for tr in trs if frame.footer)
    )
    templates = [tr._(PAGE_OF) for tr in trs]
    mark = BILINGUAL_SEPARATOR.join(dict.fromkeys(tr._(DRAFT_MARK) for tr in trs))
    cache: dict[int, list[str]] = {}

    def page_of(number: int, total: int) -> str:
        # Page numbers in each language as the program prints them (small integers: cached by value).
        for n in (number, total):
            if n not in cache:
                cache[n] = [tr.number(n) for tr in trs]
        return BILINGUAL_SEPARATOR.join(
            dict.fromkeys(
                t.format(page=cache[number][i], pages=cache[total][i]) for i, t in enumerate(templates)
            )
        )

    assert page_of(2, 3) == BILINGUAL_SEPARATOR.join(
        dict.fromkeys(render(Msg(PAGE_OF, {"page": 2, "pages": 3}), tr) for tr in trs)
    )
    texts = {
        "headers": [(*fitted(t, left_w), "left") for t in headers],
        "titles": [(*fitted(t, right_w), "right") for t in titles],
        "footer": fitted(footer, FRAME_WIDTH * 0.55) if footer else None,
        "page_of": page_of,
        "draft": mark if frame.draft else None,
        "decorate": _decorate,
    }
    return texts


def _decorate(c, headers, titles, footer, page_text, draft) -> None:
    """The running header, the footer, "page N of M" and the draft mark, as the paper draws them."""
    from reportlab.lib import colors

    from zhoob_desktop.services.pdf_fonts import SANS_BOLD

    mm = layout.mm
    page_width = layout.PAGE_WIDTH
    c.saveState()
    c.setFillColor(colors.HexColor("#444444"))
    top = PAGE_HEIGHT - 11 * mm
    line_gap = 3.4 * mm
    for i, (text, font, _a) in enumerate(headers):
        c.setFont(SANS, font)
        c.drawString(MARGIN_LEFT, top - i * line_gap, text)
    for i, (text, font, _a) in enumerate(titles):
        c.setFont(SANS, font)
        c.drawRightString(page_width - MARGIN_RIGHT, top - i * line_gap, text)
    rule = top - (max(len(headers), len(titles)) - 1) * line_gap - 2 * mm
    c.setStrokeColor(colors.grey)
    c.setLineWidth(0.4)
    c.line(MARGIN_LEFT, rule, page_width - MARGIN_RIGHT, rule)
    bottom = 10 * mm
    c.line(MARGIN_LEFT, bottom + 4 * mm, page_width - MARGIN_RIGHT, bottom + 4 * mm)
    if footer:
        c.setFont(SANS, footer[1])
        c.drawString(MARGIN_LEFT, bottom, footer[0])
    c.setFont(SANS, 7.5)
    c.drawRightString(page_width - MARGIN_RIGHT, bottom, page_text)
    if draft:
        c.setFillColor(colors.HexColor("#b00000"))
        c.setStrokeColor(colors.HexColor("#b00000"))
        c.setFont(SANS_BOLD, 9)
        w = c.stringWidth(draft, SANS_BOLD, 9) + 4 * mm
        x, y = page_width - MARGIN_RIGHT - w, rule - 6 * mm
        c.setLineWidth(0.8)
        c.rect(x, y, w, 5 * mm)
        c.drawCentredString(x + w / 2, y + 1.5 * mm, draft)
        c.setFillColor(colors.HexColor("#b00000"), alpha=0.10)
        c.translate(page_width / 2, PAGE_HEIGHT / 2)
        c.rotate(50)
        font = 96 if len(draft) < 8 else 60
        c.setFont(SANS_BOLD, font)
        while font > 30 and c.stringWidth(draft, SANS_BOLD, font) > PAGE_HEIGHT * 0.8:
            font -= 4
            c.setFont(SANS_BOLD, font)
        c.drawCentredString(0, -font / 3, draft)
    c.restoreState()


def raw_pdf(plan, texts: dict, title: str, subject: str) -> bytes:
    """The timed raw run: make the flowables from the recipe and lay them out on the same pages."""
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        subject=subject,
        author="Zhoob Desktop",
        creator=f"Zhoob Desktop paper layout {LAYOUT_VERSION}",
        invariant=1,
        initialFontName=SANS,
    )
    body = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[body])])
    doc.build(make(plan), canvasmaker=raw_canvas(texts))
    return out.getvalue()


def raw_inputs(store, sitting_id, mode: str):
    """(recipe, page texts, title, subject, the program's PDF made from the same recording)."""
    captured: dict = {}
    real_build_pdf = layout.build_pdf

    def capture(builder, frame, *, title, subject=""):
        # Recorded before the layout: ReportLab's build resets keepWithNext on the flowables it groups.
        captured.update(
            plan=_plan(list(builder.story)), builder=builder, frame=frame, title=title, subject=subject
        )
        return real_build_pdf(builder, frame, title=title, subject=subject)

    from zhoob_desktop.services.documents import protocol

    protocol.build_pdf = capture
    try:
        paper = recorded_story(lambda: issue.render_protocol(store, sitting_id, mode))
    finally:
        protocol.build_pdf = real_build_pdf
    texts = page_texts(captured["builder"], captured["frame"])
    return captured["plan"], texts, captured["title"], captured["subject"], paper.pdf


def timed(fn) -> tuple[float, float, object]:
    """(wall s, CPU s of this process, result)."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def bench(store, sitting_id, mode: str, runs: int) -> dict:
    plan, texts, title, subject, recorded_pdf = raw_inputs(store, sitting_id, mode)
    figures: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "raw": []}
    same = True
    pdf = b""
    for _ in range(runs):
        engine.forget(store)
        w, c, paper = timed(lambda: issue.render_protocol(store, sitting_id, mode))
        figures["cold"].append((w, c))
        w, c, _p = timed(lambda: issue.render_protocol(store, sitting_id, mode))
        figures["warm"].append((w, c))
        w, c, raw = timed(lambda: raw_pdf(plan, texts, title, subject))
        figures["raw"].append((w, c))
        pdf = paper.pdf
        same = same and raw == pdf == recorded_pdf
    return {"figures": figures, "same": same, "pages": pdf.count(b"/Type /Page\n"), "kib": len(pdf) // 1024}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=500)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--speeches", default="200,800", help="sizes, comma-separated")
    ap.add_argument("--modes", default="kk,ru,kk+ru")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="40 speeches, one run (a smoke run)")
    args = ap.parse_args()
    sizes = [40] if args.quick else [int(n) for n in args.speeches.split(",")]
    runs = 1 if args.quick else args.runs
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {runs} runs; store {store_mode()}"
    )
    ok = True
    for speeches in sizes:
        folder = Path(tempfile.mkdtemp(prefix="zhoob-bench-protocol-"))
        store = open_bench_store(folder, lock=False)
        t = time.perf_counter()
        s = play_sitting(store, members=args.members, items=args.items, speeches=speeches)
        st = s.state
        held = sum(1 for sp in st.speeches if sp.status == "finished")
        print(
            f"sitting: {st.member_count} members ({st.present_count} present), {len(st.agenda)} items, "
            f"{held} speeches, {len(st.votes)} votes, {st.seq} journal events; played in {time.perf_counter() - t:.1f} s"
        )
        for mode in args.modes.split(","):
            got = bench(store, s.id, mode, runs)
            med = {
                k: (statistics.median(w for w, _c in v), statistics.median(c for _w, c in v))
                for k, v in got["figures"].items()
            }
            ratio = med["cold"][1] / med["raw"][1]
            checks = []
            if speeches <= 200:
                checks.append(
                    f"< 2 s: {'met' if med['cold'][1] < 2.0 else 'NOT met'} CPU, {'met' if med['cold'][0] < 2.0 else 'NOT met'} wall"
                )
            if speeches >= 800:
                checks.append(f"<= 1.5x raw: {'met' if ratio <= 1.5 else 'NOT met'}")
            ok = ok and got["same"]
            print(
                f"  {mode:6s} cold {med['cold'][1]:.3f} s CPU ({med['cold'][0]:.3f} wall), warm {med['warm'][1]:.3f} s CPU "
                f"({med['warm'][0]:.3f} wall), raw {med['raw'][1]:.3f} s CPU ({med['raw'][0]:.3f} wall); "
                f"cold/raw x{ratio:.2f} CPU, warm/raw x{med['warm'][1] / med['raw'][1]:.2f} CPU; "
                f"{got['pages']} pages, {got['kib']} KiB, raw PDF {'identical' if got['same'] else 'DIFFERENT'}"
                + (f"  [{'; '.join(checks)}]" if checks else "")
            )
        store.close(backup=False)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
