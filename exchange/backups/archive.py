"""What an archive holds and how its members are read and written."""

import hashlib
import io
import posixpath
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DB, MEDIA = "db/", "media/"
CHUNK = 1000
# Not the wiki's content: sessions are personal and short-lived (restored,
# one ended after the dump would be valid again); the task queue would send
# its mail twice (a lost digest is queued again); the content generation is
# moved on by the restore itself.
LEFT_OUT = {
    "sessions.session",
    "django_tasks_db.dbtaskresult",
    "wiki.contentgeneration",
}
# What `migrate` writes into an empty database. A restore replaces these rows
# with the archive's, ids and all, so that every reference to them holds.
MIGRATION_MADE = {"contenttypes.contenttype", "auth.permission", "auth.group"}
# Columns derived from others in the row: rebuilt after a restore, so that an
# archive moves between SQLite and PostgreSQL.
DERIVED = {"wiki.searchentry": {"vector"}}
SHAPE = {"members": dict, "counts": dict, "migrations": list}


class BackupError(Exception):
    """An archive that cannot be restored, or a site it cannot go into."""


@dataclass
class Summary:
    rows: int = 0
    models: int = 0
    files: int = 0
    bytes: int = 0
    manifest: dict = field(default_factory=dict)


class Hashing(io.RawIOBase):
    """A file read through, hashing what passes."""

    def __init__(self, file):
        self.file, self.sha256 = file, hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.file.read(len(buffer))
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)


def database():
    return connections[DEFAULT_DB_ALIAS]


def backed_up_models() -> list:
    """Every model with rows of its own in this database, but those left out."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in LEFT_OUT
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(database())
    return sorted([app, name] for app, name in recorder.applied_migrations())


def media_names(storage=default_storage, path=""):
    """Every file of the storage, through its API (local disk or object store)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a local storage's folder not made yet
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for directory in sorted(directories):
        yield from media_names(storage, posixpath.join(path, directory))


def rows_of(model):
    """A model's rows by primary key, streamed (many-to-many prefetched), and
    the fields to write (None: all)."""
    fields = None
    if derived := DERIVED.get(model._meta.label_lower):
        fields = [f.name for f in model._meta.local_fields if f.name not in derived]
    m2m = [
        f.name
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created
    ]
    rows = model._base_manager.using(DEFAULT_DB_ALIAS).order_by("pk")
    return rows.prefetch_related(*m2m).iterator(chunk_size=CHUNK), fields


def members(path: Path):
    """(member, its file) in archive order, each file read once, in turn."""
    with open(path, "rb") as raw, tarfile.open(fileobj=raw, mode="r|gz") as tar:
        for member in tar:
            if not member.isfile():
                raise BackupError(f"{member.name} in the archive is not a file.")
            yield member, tar.extractfile(member)


def digest(file) -> str:
    sha256 = hashlib.sha256()
    while data := file.read(2**20):
        sha256.update(data)
    return sha256.hexdigest()
