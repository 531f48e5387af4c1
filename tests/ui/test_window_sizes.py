"""Every window and dialog fits the commonest laptop screens at 100% and 125%, and nothing in it is cut.

In Kazakh and in Russian at both scales (the longest texts are in one or the other).
The console and every dialog never scroll sideways; the pages of the main window neither scroll
sideways nor down at 100% (the buttons at a page's foot are on the screen), and may at 125% (a page
then scrolls, nothing is cut).

The screens are 1366x768 and 1280x720 less a 40-pixel taskbar; at 125% Qt
lays windows out in a logical 1093x574 and 1024x536. Each scale runs in a
process of its own (``window_fit_run``), as Qt fixes screens and scale when
it starts. The hall screen is laid out at 1024x768, 1280x720 and 1920x1080.
``ZHOOB_FIT_SHOTS=DIR`` keeps a PNG of every window on every screen to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAPTOPS = ((1366, 768), (1280, 720))
TASKBAR = 40  # logical pixels


def screens_config(path: Path, scale: float) -> Path:
    """Qt's offscreen screens (physical pixels): the laptops side by side, each less its taskbar."""
    screens, x = [], 0
    for w, h in LAPTOPS:
        height = h - round(TASKBAR * scale)
        screens.append(
            {"name": f"laptop-{w}x{h}", "x": x, "y": 0, "width": w, "height": height, "logicalDpi": 96}
        )
        x += w
    path.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("scale", "langs"), [(1.0, ("kk", "ru")), (1.25, ("kk", "ru"))])
def test_every_window_fits_and_nothing_is_cut(tmp_path, scale, langs):
    config = screens_config(tmp_path / "screens.json", scale)
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=f"{scale:g}")
    command = [sys.executable, "-m", "tests.ui.window_fit_run", "--lang", *langs]
    shots = os.environ.get("ZHOOB_FIT_SHOTS")
    if shots:
        command += ["--shots", str(Path(shots) / f"scale-{scale:g}")]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    windows = {r["window"] for r in results}
    # every window of the program was opened, on both laptop screens (the hall at three projector sizes)
    assert {
        "console-registration",
        "console-voting",
        "prepare-new",
        "import-preview",
        "main-residents",
        "procedure-table",
        "initiative-decision",
    } <= windows
    assert len({r["screen"] for r in results if r["window"] != "hall"}) == 2
    assert {r["lang"] for r in results} == set(langs)
    assert {r["screen"] for r in results if r["window"] == "hall"} == {"1024x768", "1280x720", "1920x1080"}
    failures = [f"{r['window']} on {r['screen']} ({r['lang']}): {p}" for r in results for p in r["problems"]]
    assert failures == []
