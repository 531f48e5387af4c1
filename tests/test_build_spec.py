"""build.spec, checked without building: the spec runs with stand-ins for PyInstaller's classes.

The real build (minutes) is scripts/build-release followed by scripts/smoke-release.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import sys
from pathlib import Path

import pytest

import zhoob_desktop
from zhoob_desktop import paths

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"


class _Recorder:
    """Stands in for one PyInstaller class; remembers how the spec called it."""

    calls: list

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        type(self).calls.append(self)


def run_spec(tmp_path: Path) -> dict:
    """Execute build.spec as PyInstaller would, without building anything."""

    class Analysis(_Recorder):
        calls = []

        def __init__(self, scripts, **kwargs):
            super().__init__(scripts, **kwargs)
            self.scripts, self.pure, self.binaries = scripts, [], []
            # PyInstaller's TOC: (destination file, source, type).
            self.datas = [(f"{dest}/{Path(src).name}", src, "DATA") for src, dest in kwargs["datas"]]

    class PYZ(_Recorder):
        calls = []

    class EXE(_Recorder):
        calls = []

    class COLLECT(_Recorder):
        calls = []

    namespace = {
        "SPECPATH": str(ROOT),
        "workpath": str(tmp_path / "work"),
        "DISTPATH": str(tmp_path / "dist"),
        "Analysis": Analysis,
        "PYZ": PYZ,
        "EXE": EXE,
        "COLLECT": COLLECT,
        "ZHOOB_SPEC_DRY_RUN": True,
        "__file__": str(SPEC),
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["_calls"] = {cls.__name__: cls.calls for cls in (Analysis, PYZ, EXE, COLLECT)}
    return namespace


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return run_spec(tmp_path_factory.mktemp("spec"))


def bundled(spec) -> dict[Path, Path]:
    """source file -> its path inside the bundle."""
    return {Path(src).resolve(): Path(dest) / Path(src).name for src, dest in spec["DATAS"]}


def test_fonts_and_their_licence_are_bundled(spec):
    files = bundled(spec)
    fonts = sorted((ROOT / "resources" / "fonts").glob("*.ttf"))
    assert fonts, "no bundled fonts in resources/fonts"
    licences = sorted((ROOT / "resources" / "fonts").glob("LICENSE*"))
    assert licences, "the fonts' licence is missing"
    for path in [*fonts, *licences]:
        assert files.get(path.resolve()) == Path("resources/fonts") / path.name, path
    # Everything under resources/ (icons, style sheet) travels too.
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            assert path.resolve() in files, path


def test_every_catalog_ships_compiled(spec):
    files = bundled(spec)
    pos = sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po"))
    assert {po.parent.parent.name for po in pos} >= {"kk", "ru", "en"}
    for po in pos:
        mo = po.with_suffix(".mo").resolve()
        assert files.get(mo) == po.with_suffix(".mo").relative_to(ROOT), po
    assert not [src for src in files if src.suffix == ".po"], "sources are not shipped, only .mo"


def test_every_migration_file_ships_where_paths_looks(spec, monkeypatch, tmp_path):
    files = bundled(spec)
    source = paths.PACKAGE_DIR / "models" / "migrations"
    migration_files = [p for p in source.rglob("*.py") if "__pycache__" not in p.parts]
    assert source / "env.py" in migration_files
    assert len(list((source / "versions").glob("*.py"))) >= 1
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    frozen = paths.migrations_dir()
    assert frozen.is_relative_to(tmp_path / "bundle")
    for path in migration_files:
        inside = files.get(path.resolve())
        assert inside is not None, f"migration not bundled: {path}"
        assert tmp_path / "bundle" / inside == frozen / path.relative_to(source)


def test_qt_catalogs_for_our_languages_ship_where_qt_i18n_looks(spec, monkeypatch, tmp_path):
    from zhoob_desktop.ui.qt_i18n import qt_translation_folders

    qm = {src: dest for src, dest in bundled(spec).items() if src.suffix == ".qm"}
    assert sorted(p.name for p in qm) == ["qtbase_en.qm", "qtbase_kk.qm", "qtbase_ru.qm"]
    for src, dest in qm.items():
        assert src.is_file() and src.stat().st_size > 0, src
        assert dest.parent == Path("qt_translations")
    assert paths.qt_translations_dir() is None  # from source Qt's own folder serves
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert qt_translation_folders()[0] == str(tmp_path / "bundle" / "qt_translations")


def test_frozen_paths_match_the_bundle_layout(spec, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert paths.fonts_dir() == tmp_path / "bundle" / "resources" / "fonts"
    assert paths.translations_dir() == tmp_path / "bundle" / "translations"


def test_every_data_source_exists_or_is_compiled_at_build(spec):
    for src, _dest in spec["DATAS"]:
        path = Path(src)
        if path.suffix == ".mo":
            assert path.with_suffix(".po").is_file(), path
        else:
            assert path.is_file(), path


def test_name_and_version_come_from_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(zhoob_desktop, "__version__", "9.8.7")
    monkeypatch.setattr(zhoob_desktop, "APP_NAME", "Renamed Desktop")
    spec = run_spec(tmp_path)
    assert spec["VERSION"] == "9.8.7"
    assert spec["APP_NAME"] == "Renamed Desktop"
    assert "9.8.7" not in SPEC.read_text(encoding="utf-8")
    assert zhoob_desktop.__version__ not in SPEC.read_text(encoding="utf-8").replace("__version__", "")


def test_two_programs_in_one_folder(spec):
    calls = spec["_calls"]
    exes = {exe.kwargs["name"]: exe.kwargs for exe in calls["EXE"]}
    assert set(exes) == {"zhoob-desktop", "zhoob"}
    assert exes["zhoob-desktop"]["console"] is False
    assert exes["zhoob"]["console"] is True
    assert all(kw["exclude_binaries"] for kw in exes.values()), "onedir: libraries go to the folder"
    assert len(calls["COLLECT"]) == 1
    collect = calls["COLLECT"][0]
    assert collect.kwargs["name"] == "zhoob-desktop"
    assert sum(isinstance(arg, _Recorder) for arg in collect.args) == 2
    # The launch scripts exist and call the package's entry functions.
    scripts = [Path(a.args[0][0]) for a in calls["Analysis"]]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in scripts}
    assert "zhoob_desktop.ui.app import main" in texts["zhoob-desktop"]
    assert "zhoob_desktop.cli import main" in texts["zhoob"]
    for path in scripts:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


@functools.cache
def _imports_of_the_program() -> frozenset[str]:
    """Every absolute module name imported anywhere in the package."""
    names = set()
    for path in paths.PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return frozenset(names)


def test_excluded_qt_modules_are_unused(spec):
    excluded = {name.split(".", 1)[1] for name in spec["QT_EXCLUDES"] if name.count(".") == 1}
    used = {n.split(".")[1] for n in _imports_of_the_program() if n.startswith("PySide6.")}
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & excluded, f"the program imports excluded Qt modules: {used & excluded}"
    assert not {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg"} & excluded
    assert {
        "QtQml",
        "QtQuick",
        "QtSql",
        "QtOpenGL",
        "QtDBus",
        "QtDesigner",
        "QtHelp",
        "QtUiTools",
    } <= excluded


def test_excluded_python_modules_are_unused(spec):
    excluded = set(spec["PY_EXCLUDES"])
    used = _imports_of_the_program()
    clashes = {n for n in used for e in excluded if n == e or n.startswith(e + ".")}
    assert not clashes, f"the program imports excluded modules: {clashes}"


def test_trimming_keeps_what_the_program_reads(spec):
    drop = spec["unwanted_data"]
    assert drop("PySide6/Qt/translations/qtbase_de.qm")
    assert drop("PySide6/translations/qtbase_kk.qm")  # Windows layout; ours is qt_translations/
    assert not drop("qt_translations/qtbase_kk.qm")
    for kept in ("root", "global", "kk", "kk_KZ", "ru", "ru_RU", "en", "en_001", "en_GB"):
        assert not drop(f"babel/locale-data/{kept}.dat"), kept
    assert drop("babel/locale-data/de.dat")
    assert drop("babel/locale-data/kkj.dat")
    binary = spec["unwanted_binary"]
    assert binary("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert not binary("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not binary("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert not binary("PySide6/plugins/platforms/qwindows.dll")
    assert binary("PySide6/Qt/lib/libQt6Network.so.6")
    assert binary("PySide6/opengl32sw.dll") and binary("PySide6/d3dcompiler_47.dll")
    assert not binary("PySide6/Qt6Gui.dll")
    assert not binary("PySide6/Qt/lib/libQt6Gui.so.6")


def test_trimming_drops_links_to_what_it_drops(spec):
    toc = [
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/venv/PySide6/Qt/lib/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/venv/PySide6/Qt/lib/libQt6Network.so.6", "BINARY"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("babel\\locale-data\\de.dat", "C:\\venv\\babel\\locale-data\\de.dat", "DATA"),
        ("babel\\locale-data\\kk.dat", "C:\\venv\\babel\\locale-data\\kk.dat", "DATA"),
    ]
    kept = [entry[0] for entry in spec["trimmed"](toc)]
    assert kept == ["PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6", "babel\\locale-data\\kk.dat"]


# Every date, time and number format the program uses, in each language.
_FORMAT_PROBE = """
import json, sys
from datetime import date, datetime
sys.path.insert(0, sys.argv[1])
import babel
from zhoob_desktop.services import i18n
out = {"babel": babel.__file__}
for lang in i18n.LANGUAGES:
    moment = datetime(2026, 11, 25, 10, 30)
    out[lang] = [
        *(i18n.format_date(date(2026, 3, 8), f, lang=lang) for f in ("short", "medium", "long", "full")),
        *(i18n.format_datetime(moment, f, lang=lang) for f in ("short", "medium", "long", "full")),
        *(i18n.format_time(moment, f, lang=lang) for f in ("short", "medium")),
        i18n.format_number(12345.5, lang=lang),
        i18n.format_number(-7, lang=lang),
        i18n.babel_locale(lang).display_name,
    ]
print(json.dumps(out))
"""


def test_babel_locales_kept_cover_our_formatting(spec, tmp_path):
    """Babel with only the locale files the build keeps formats kk/ru/en exactly as the full Babel does.

    The trimmed Babel is a copy of the installed package whose locale-data folder holds
    only the files ``BABEL_KEEP`` lets through; the same formatting runs in a fresh
    interpreter against the full and the trimmed package and must print the same text.
    """
    import json
    import shutil
    import subprocess

    import babel

    source = Path(babel.__file__).parent
    keep = spec["BABEL_KEEP"]
    trimmed = tmp_path / "trimmed"
    shutil.copytree(
        source,
        trimmed / "babel",
        ignore=lambda folder, names: [
            n for n in names if Path(folder).name == "locale-data" and not keep.fullmatch(n)
        ],
    )
    kept = sorted(p.name for p in (trimmed / "babel" / "locale-data").iterdir())
    assert "kk.dat" in kept and "root.dat" in kept and len(kept) < 200

    def formatted(path: Path) -> dict:
        result = subprocess.run(
            [sys.executable, "-c", _FORMAT_PROBE, str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        return json.loads(result.stdout)

    full = formatted(tmp_path / "no-such-folder")
    trim = formatted(trimmed)
    assert Path(full.pop("babel")).parent == source
    assert Path(trim.pop("babel")).parent == trimmed / "babel"
    assert trim == full
    assert "қараша" in " ".join(full["kk"]) and "ноября" in " ".join(full["ru"])


def test_kazakhstan_holidays_module_exists(spec):
    for module in spec["HOLIDAY_IMPORTS"]:
        assert importlib.util.find_spec(module) is not None, module


def test_the_okrug_time_zone_ships_with_the_program(spec):
    """Windows has no tz database: the Asia/Almaty file the okrug's clock reads is in the bundle."""
    assert "tzdata.zoneinfo" in spec["TZDATA_IMPORTS"]
    shipped = {Path(dest) / Path(src).name for src, dest in spec["TZDATA_DATAS"]}
    assert Path("tzdata/zoneinfo/Asia/Almaty") in shipped


def test_windows_version_resource_carries_the_package_version(spec):
    """The file properties on Windows show the package's name and version (the resource is built on Windows)."""
    numbers, strings = spec["version_fields"]()
    expected = tuple(int(n) for n in zhoob_desktop.__version__.split(".")) + (0,)
    assert numbers == expected[:4] and len(numbers) == 4
    assert strings["ProductVersion"] == strings["FileVersion"] == zhoob_desktop.__version__
    assert strings["ProductName"] == zhoob_desktop.APP_NAME
    if sys.platform != "win32":
        assert spec["windows_version_info"]() is None  # nothing of PyInstaller's Windows tools is touched
