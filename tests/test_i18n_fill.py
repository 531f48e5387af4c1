"""tools/i18n.py fill: plural messages take a list of forms in the order of the catalog's Plural-Forms."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402

PLURAL = ("{days} calendar day before", "{days} calendar days before")
SINGLE = "Notice"


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    paths = {}
    for lang in ("kk", "ru", "en"):
        catalog = Catalog(locale=lang, domain="test", project="zhoob-desktop", charset="utf-8")
        catalog.add(PLURAL, string=("",) * catalog.num_plurals)
        catalog.add(SINGLE)
        paths[lang] = tmp_path / f"{lang}.po"
        with paths[lang].open("wb") as fh:
            write_po(fh, catalog)
    monkeypatch.setattr(i18n_tool, "po_path", lambda lang, domain: paths[lang])
    monkeypatch.setattr(i18n_tool, "ROOT", tmp_path)
    return paths


def read(path):
    with path.open("rb") as fh:
        return read_po(fh)


def fill(tmp_path, entries):
    source = tmp_path / "fill.json"
    source.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return i18n_tool.main(["fill", "test", str(source)])


def test_russian_header_has_three_forms(catalogs):
    assert read(catalogs["ru"]).num_plurals == 3 and read(catalogs["kk"]).num_plurals == 2
    with (ROOT / "translations/ru/LC_MESSAGES/documents.po").open("rb") as fh:
        assert read_po(fh).num_plurals == 3


def test_fill_sets_plural_forms_from_a_list(tmp_path, catalogs):
    ru = ["за {days} календарный день", "за {days} календарных дня", "за {days} календарных дней"]
    kk = ["күнтізбелік {days} күн бұрын", "күнтізбелік {days} күн бұрын"]
    assert (
        fill(tmp_path, {PLURAL[0]: {"kk": kk, "ru": ru}, SINGLE: {"kk": "Хабарландыру", "ru": "Извещение"}})
        == 0
    )
    assert read(catalogs["ru"]).get(PLURAL[0]).string == tuple(ru)
    assert read(catalogs["kk"]).get(PLURAL[0]).string == tuple(kk)
    assert read(catalogs["ru"]).get(SINGLE).string == "Извещение"


@pytest.mark.parametrize(
    "entry",
    [
        {
            PLURAL[0]: {"kk": ["a {days}", "b {days}"], "ru": "за {days} дней"}
        },  # a string for a plural message
        {
            PLURAL[0]: {"kk": ["a {days}", "b {days}"], "ru": ["один {days}", "много {days}"]}
        },  # two forms, not 3
        {SINGLE: {"kk": ["Хабарландыру"]}},  # a list for a singular message
    ],
)
def test_fill_refuses_a_wrong_shape_and_writes_nothing(tmp_path, catalogs, entry, capsys):
    before = {lang: path.read_bytes() for lang, path in catalogs.items()}
    assert fill(tmp_path, entry) == 1
    assert "nothing written" in capsys.readouterr().err
    assert {lang: path.read_bytes() for lang, path in catalogs.items()} == before
