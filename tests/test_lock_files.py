"""The lock files (requirements/) say what pyproject.toml pins: `make lock`
was run after the last change of a pin."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PINNED = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;]+)")
LOCKED = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", re.M)


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(groups: dict, group: str) -> dict[str, str]:
    pins = {}
    for item in groups[group]:
        if isinstance(item, dict):
            pins |= _pins(groups, item["include-group"])
        elif match := PINNED.match(item):
            pins[_name(match[1])] = match[2]
    return pins


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text()
    return {_name(package): version for package, version in LOCKED.findall(text)}


@pytest.mark.parametrize(
    ("lock", "groups"),
    [
        ("dev.txt", ["dev"]),
        ("run.txt", ["run"]),
        ("run-optional.txt", ["run", "sentry", "s3"]),
    ],
)
def test_every_pin_is_locked_at_its_version(lock, groups):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    pins = {}
    for group in groups:
        pins |= _pins(declared, group)
    locked = _locked(lock)

    assert {name: locked.get(name) for name in pins} == pins


def test_every_locked_package_has_hashes():
    for lock in (ROOT / "requirements").glob("*.txt"):
        entries = re.split(r"\n(?=\S)", lock.read_text().strip())
        packages = [entry for entry in entries if not entry.startswith("#")]
        assert packages, lock
        assert all("--hash=sha256:" in entry for entry in packages), lock
