"""Draw the program's icon (resources/icons/zhoob.png and zhoob.ico): a yurt's shanyrak over a ballot mark.

python tools/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAVY, GOLD, WHITE = QColor("#1f3a4d"), QColor("#f0b429"), QColor("#ffffff")


def draw(size: int = 256) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setBrush(QBrush(NAVY))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    # the shanyrak: a circle with its crossed laths
    p.setPen(QPen(GOLD, 12 * s))
    p.setBrush(Qt.BrushStyle.NoBrush)
    centre = QPointF(128 * s, 104 * s)
    p.drawEllipse(centre, 62 * s, 62 * s)
    clip = QPainterPath()
    clip.addEllipse(centre, 62 * s, 62 * s)
    p.save()
    p.setClipPath(clip)
    p.setPen(QPen(GOLD, 9 * s))
    for d in (-24, 24):
        p.drawLine(QPointF((128 + d) * s, 40 * s), QPointF((128 + d) * s, 168 * s))
        p.drawLine(QPointF(64 * s, (104 + d) * s), QPointF(192 * s, (104 + d) * s))
    p.restore()
    # a check mark: the decision taken
    path = QPainterPath(QPointF(76 * s, 200 * s))
    path.lineTo(QPointF(112 * s, 228 * s))
    path.lineTo(QPointF(182 * s, 178 * s))
    p.setPen(QPen(WHITE, 18 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.drawPath(path)
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    folder = ROOT / "resources" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(folder / "zhoob.png"))
    from PIL import Image

    Image.open(folder / "zhoob.png").save(
        folder / "zhoob.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
