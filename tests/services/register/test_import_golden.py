"""An import does what it did: the stored lists of golden/import/ give the stored dump, field by field.

The dump (golden/import_golden.py) holds each preview in kk, ru and en, each import's result,
the change-log and audit entries it wrote and the register after it. A change of what an
import does, however small (a message, a date rule, an entry of the change log), fails here;
when the change is intended, write the golden file again with
``python -m tests.services.register.golden.make_import_golden`` and read its diff.
"""

from __future__ import annotations

import difflib
import json

import pytest

from .golden import import_golden

MAX_DIFF_LINES = 200
MAX_PLACES = 12


def differences(expected, got, where="") -> list[str]:
    """Where the dumps differ, as paths ("steps[1](update).preview.rows[3].changes"), first ones first."""
    if isinstance(expected, dict) and isinstance(got, dict):
        out = []
        for key in [*expected, *(k for k in got if k not in expected)]:
            if key not in got or key not in expected:
                out.append(f"{where}.{key}: {'missing now' if key not in got else 'new now'}")
            else:
                out += differences(expected[key], got[key], f"{where}.{key}")
        return out
    if isinstance(expected, list) and isinstance(got, list):
        out = []
        for i, (a, b) in enumerate(zip(expected, got, strict=False)):
            step = f"({a['step']})" if isinstance(a, dict) and "step" in a else ""
            out += differences(a, b, f"{where}[{i}]{step}")
        if len(expected) != len(got):
            out.append(f"{where}: {len(expected)} items in the golden file, {len(got)} now")
        return out
    return [] if expected == got else [f"{where}: {expected!r} -> {got!r}"]


def test_import_gives_the_golden_dump(data_dir):
    expected = json.loads(import_golden.GOLDEN.read_text(encoding="utf-8"))
    got = json.loads(import_golden.dumps(import_golden.run(data_dir)))  # as stored: tuples as lists
    if got != expected:
        diff = list(
            difflib.unified_diff(
                import_golden.dumps(expected).splitlines(),
                import_golden.dumps(got).splitlines(),
                "golden (import_golden.json)",
                "now",
                n=6,
                lineterm="",
            )
        )
        places = differences(expected, got)
        listed = "\n".join(places[:MAX_PLACES]) + (
            f"\n... {len(places) - MAX_PLACES} more" if len(places) > MAX_PLACES else ""
        )
        shown = listed + "\n\n" + "\n".join(diff[:MAX_DIFF_LINES])
        more = f"\n... {len(diff) - MAX_DIFF_LINES} more lines" if len(diff) > MAX_DIFF_LINES else ""
        pytest.fail(f"the import no longer does what it did:\n{shown}{more}", pytrace=False)
