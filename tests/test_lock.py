"""The lock files under requirements/ match pyproject.toml, and this environment was installed from one."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("lock_tool", ROOT / "tools" / "lock.py")
lock_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock_tool)

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)")


def pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match[1])] = match[2]
    return found


def test_every_lock_file_matches_pyproject():
    assert lock_tool.stale() == [], "run: python tools/lock.py"


@pytest.mark.parametrize("name", sorted(lock_tool.SETS))
def test_each_lock_pins_every_requirement_of_its_set_with_hashes(name):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    for extra in lock_tool.SETS[name]:
        wanted += project["project"]["optional-dependencies"][extra]
    pinned = pins(name)
    for line in wanted:
        requirement = Requirement(line)
        version = pinned.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not locked in {name}"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}: {requirement} vs {version}"
        )
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z])", text.split("\n", 3)[3])
    assert all("--hash=sha256:" in block for block in blocks if PIN.match(block))


def test_a_changed_requirement_makes_its_lock_stale():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    before = lock_tool.digest(("test",), project)
    project["project"]["dependencies"].append("example-package>=1")
    assert lock_tool.digest(("test",), project) != before
    assert lock_tool.digest((), project) != lock_tool.digest((), None)


def test_this_environment_has_the_locked_versions():
    """The suite runs on what requirements/test.txt pins (scripts/test installs from it)."""
    wrong = {}
    for package, version in pins("test.txt").items():
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue  # a package for another platform (colorama on Windows, ...)
        if installed != version:
            wrong[package] = (installed, version)
    assert wrong == {}
