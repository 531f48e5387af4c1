"""Write the golden answers of ``test_import_golden`` from the code as it is now.

    .venv/bin/python -m tests.services.register.golden.make_import_golden            # the golden JSON
    .venv/bin/python -m tests.services.register.golden.make_import_golden --inputs   # the lists too

Run it only when a change of what an import does is intended, and read the diff of the JSON.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import tests.conftest  # noqa: F401  (the test operator and the test key profile, as in the suite)
from tests.services.register.golden import import_golden
from tests.services.register.golden.import_inputs import write_inputs


def main(argv: list[str]) -> int:
    if "--inputs" in argv:
        write_inputs(import_golden.INPUTS)
    with tempfile.TemporaryDirectory() as folder:
        dump = import_golden.run(Path(folder) / "data")
    import_golden.GOLDEN.write_text(import_golden.dumps(dump), encoding="utf-8")
    print(f"wrote {import_golden.GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
