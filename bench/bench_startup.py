"""Start-up figures: `zhoob --version/--help`, the window shown, a paper from the command line.

    .venv/bin/python bench/bench_startup.py [--runs 5] [--sizes demo,50000,200000] [--quick]

Every figure is a whole new process, as a user starts the program, measured
against baselines started the same way in the same run:

* bare Python: ``python -c pass`` (the interpreter's own start);
* bare Qt window: Python + PySide6, a QApplication and a QMainWindow with a
  label, until its first paint: what any Qt program pays before its own work.

The window figures end at the first paint of the main window (the program
writes the moment to ``ZHOOB_STARTUP_PROBE`` and quits), on a data folder with
the demo okrug and with 50,000 and 200,000 residents. Wall time is from the
process's launch; CPU time is the process's own (user + system) up to that
moment, which load from other programs on a shared machine does not inflate.

Bytecode is cached as on a user's install: ``PYTHONDONTWRITEBYTECODE`` is
removed from the children's environment and every command runs once before it
is measured. Targets: ``--version``/``--help`` under 0.3 s CPU over bare
Python; the window under 1 s on the demo okrug and under 1.5 s at 200,000.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The children log in as a script does (ZHOOB_OPERATOR/ZHOOB_PASSPHRASE): the
# window's figure includes deriving the key from the passphrase, as a user's
# start does once the passphrase is typed.
from bench._env import mode, open_bench_store  # noqa: E402

PY = sys.executable

BARE_QT = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Қарағайлы ауылдық округі"))
window.resize(1200, 700)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, record)
        return False
def record():
    moment = {"wall": time.time(), "cpu": time.process_time()}
    open(sys.argv[1], "w").write(json.dumps(moment))
    app.quit()
probe = FirstPaint(window)
window.installEventFilter(probe)
window.show()
app.exec()
"""


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install caches bytecode
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["ZHOOB_LANG"] = "kk"
    return env


def run_process(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=child_env(), cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_probe(args: list[str], probe: Path, *, via_env: bool) -> tuple[float, float]:
    """(wall, CPU) seconds from launch to the first paint the process reports in ``probe``."""
    probe.unlink(missing_ok=True)
    env = child_env()
    if via_env:
        env["ZHOOB_STARTUP_PROBE"] = str(probe)
    launched = time.time()
    subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True)
    moment = json.loads(probe.read_text(encoding="utf-8"))
    return moment["wall"] - launched, moment["cpu"]


def measure(label: str, runs: int, once) -> dict:
    once()  # warm: bytecode written, files in the page cache
    walls, cpus = zip(*(once() for _ in range(runs)), strict=True)
    figure = {"label": label, "wall": statistics.median(walls), "cpu": statistics.median(cpus)}
    figure |= {"wall_min": min(walls), "cpu_min": min(cpus)}
    print(
        f"  {label:<40} wall {figure['wall']:6.3f} s (min {figure['wall_min']:.3f})"
        f"   CPU {figure['cpu']:6.3f} s (min {figure['cpu_min']:.3f})",
        flush=True,
    )
    return figure


def make_folder(size: str, parent: Path) -> Path:
    folder = parent / f"data-{size}"
    if size == "demo":
        from zhoob_desktop.services.demo import create_demo

        store = open_bench_store(folder, lock=False)
        create_demo(store)
        store.close(backup=False)
        return folder
    from bench.bench_register_view import build

    build(folder, int(size))
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="demo,50000,200000")
    parser.add_argument("--quick", action="store_true", help="two runs, the demo okrug only (a smoke run)")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    sizes = ["demo"] if args.quick else [s.strip() for s in args.sizes.split(",") if s.strip()]
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"start-up, {runs} runs each (medians); {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    print(f"load average at the start: {load} (wall times grow with it; CPU times much less)")
    print(f"stores: {mode()}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        probe = tmp_path / "probe.json"
        bare = measure("bare Python (python -c pass)", runs, lambda: run_process([PY, "-c", "pass"]))
        qt = measure(
            "bare Qt window (first paint)",
            runs,
            lambda: run_probe([PY, "-c", BARE_QT, str(probe)], probe, via_env=False),
        )
        zhoob = [PY, "-m", "zhoob_desktop.cli"]
        version = measure("zhoob --version", runs, lambda: run_process([*zhoob, "--version"]))
        helped = measure("zhoob --help", runs, lambda: run_process([*zhoob, "--help"]))
        windows = []
        for size in sizes:
            t0 = time.perf_counter()
            folder = make_folder(size, tmp_path)
            print(f"  (data folder {size}: built in {time.perf_counter() - t0:.1f} s)", flush=True)
            app = [PY, "-m", "zhoob_desktop.ui.app", "--data-dir", str(folder)]
            windows.append(
                (
                    size,
                    measure(
                        f"window shown, {size}", runs, lambda app=app: run_probe(app, probe, via_env=True)
                    ),
                )
            )
            if size == "demo":
                out = tmp_path / "sheet.pdf"
                paper = [
                    *zhoob,
                    "--data-dir",
                    str(folder),
                    "paper",
                    "registration-sheet",
                    "1",
                    "--out",
                    str(out),
                ]
                measure("zhoob paper registration-sheet, demo", runs, lambda paper=paper: run_process(paper))

    print()
    print(f"load average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("against the baselines (target):")
    for figure in (version, helped):
        over = figure["cpu"] - bare["cpu"]
        verdict = "ok" if over < 0.3 else "OVER"
        print(f"  {figure['label']:<28} CPU over bare Python {over:+.3f} s (< 0.300)  {verdict}")
    for size, figure in windows:
        target = 1.0 if size == "demo" else 1.5
        ratio = figure["cpu"] / qt["cpu"]
        verdict = "ok" if figure["wall"] < target else "over (wall; see CPU on a loaded machine)"
        print(
            f"  window, {size:<8} wall {figure['wall']:.3f} s (< {target})  CPU {figure['cpu']:.3f} s = "
            f"{ratio:.2f}x the bare Qt window's {qt['cpu']:.3f} s; over it {figure['cpu'] - qt['cpu']:+.3f} s  {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
