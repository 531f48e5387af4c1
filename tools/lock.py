"""Resolve every dependency set of pyproject.toml into a hashed lock file under requirements/.

    python tools/lock.py            # refresh every lock file (needs the network)
    python tools/lock.py --check    # exit 1 when a lock file no longer matches pyproject.toml

Each lock is resolved by uv (a pinned version, installed into the running
environment when missing) for every platform at once (``--universal``), so the
Windows build installs the same versions as Linux, with the hash of every file.
The first line records a digest of the pyproject.toml parts the set was
resolved from; ``--check`` (and tests/test_lock.py) compare it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK_DIR = ROOT / "requirements"
UV_VERSION = "0.13.9"
INDEX = "https://pypi.org/simple"
PYTHON = "3.11"

# Lock file -> the extras of pyproject.toml it installs besides the runtime dependencies.
SETS: dict[str, tuple[str, ...]] = {
    "runtime.txt": (),
    "postgres.txt": ("postgres",),
    "district.txt": ("district", "postgres"),
    "test.txt": ("test", "postgres", "district"),
    "build.txt": ("build", "postgres"),
}
DIGEST_PREFIX = "# pyproject-digest: "


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def set_inputs(extras: tuple[str, ...], project: dict | None = None) -> dict:
    """The parts of pyproject.toml a lock file is resolved from (what its digest covers)."""
    project = project or pyproject()
    optional = project["project"].get("optional-dependencies", {})
    return {
        "build-system": sorted(project["build-system"]["requires"]),
        "dependencies": sorted(project["project"]["dependencies"]),
        "extras": {name: sorted(optional[name]) for name in extras},
        "requires-python": project["project"]["requires-python"],
    }


def digest(extras: tuple[str, ...], project: dict | None = None) -> str:
    text = json.dumps(set_inputs(extras, project), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recorded_digest(path: Path) -> str | None:
    if not path.exists():
        return None
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    if first and first[0].startswith(DIGEST_PREFIX):
        return first[0][len(DIGEST_PREFIX) :].strip()
    return None


def stale() -> list[str]:
    """Lock files missing or resolved from other pyproject.toml inputs than today's."""
    project = pyproject()
    return [
        name for name, extras in SETS.items() if recorded_digest(LOCK_DIR / name) != digest(extras, project)
    ]


def uv() -> list[str]:
    """The pinned uv, installed into this interpreter's environment when it is not there."""
    command = [sys.executable, "-m", "uv"]
    probe = subprocess.run([*command, "--version"], capture_output=True, text=True)
    if probe.returncode != 0 or UV_VERSION not in probe.stdout:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"], check=True)
    return command


def compile_set(name: str, extras: tuple[str, ...]) -> None:
    project = pyproject()
    with tempfile.TemporaryDirectory() as tmp:
        # The build backend is locked too: the editable install of the package uses it without isolation.
        build_in = Path(tmp) / "build-system.in"
        build_in.write_text("\n".join(project["build-system"]["requires"]) + "\n", encoding="utf-8")
        out = Path(tmp) / name
        command = [
            *uv(),
            "pip",
            "compile",
            "pyproject.toml",
            str(build_in),
            *(arg for extra in extras for arg in ("--extra", extra)),
            "--universal",
            "--python-version",
            PYTHON,
            "--generate-hashes",
            "--index-url",
            INDEX,
            "--no-header",
            "--quiet",
            "--output-file",
            str(out),
        ]
        subprocess.run(command, check=True, cwd=ROOT)
        body = out.read_text(encoding="utf-8").replace(str(build_in), "build-system.requires")
    header = [
        DIGEST_PREFIX + digest(extras, project),
        f"# Locked set: runtime dependencies{''.join(' + ' + e for e in extras)}, and the build backend.",
        "# Refresh with `python tools/lock.py` after changing pyproject.toml; do not edit by hand.",
    ]
    LOCK_DIR.mkdir(exist_ok=True)
    (LOCK_DIR / name).write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    print(f"requirements/{name}: {sum(1 for line in body.splitlines() if line[:1].isalpha())} packages")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        names = stale()
        for name in names:
            print(f"requirements/{name} does not match pyproject.toml: run python tools/lock.py")
        return 1 if names else 0
    for name, extras in SETS.items():
        compile_set(name, extras)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
