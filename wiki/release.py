"""
The release: what tells one deploy's code from another's.

Cache keys carry it, so that during a rolling deploy the workers of the old
release and of the new one never read or fill each other's entries. A
deploy may name it (RELEASE, a commit hash say); otherwise it is a digest of
the code, the templates, the static sources and the pinned dependencies, read
once when the process starts.
"""

from hashlib import sha256
from pathlib import Path

SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".json", ".toml"}
# Not the code: what runs beside it, or what it writes and serves.
SKIPPED = {".venv", ".git", "media", "staticfiles", "tests", "node_modules", "bench"}


def _files(root: Path):
    for path in sorted(root.iterdir()):
        if path.name in SKIPPED or path.name.startswith("."):
            continue
        if path.is_dir():
            yield from _files(path)
        elif path.suffix in SUFFIXES:
            yield path


def digest(root: Path) -> str:
    """A short digest of every source file under `root`, paths included."""
    hashed = sha256()
    for path in _files(root):
        hashed.update(str(path.relative_to(root)).encode() + b"\0")
        hashed.update(path.read_bytes())
    return hashed.hexdigest()[:12]
