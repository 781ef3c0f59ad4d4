"""
The whole wiki in one archive, and back into an empty site.

An archive is a gzipped tar holding, in this order: the rows of each model as
JSON Lines (`db/<app>.<model>.jsonl`, Django's serialiser, primary keys
kept), every file of the media storage (`media/<name>`), and last
`manifest.json`: the format, the release, the applied migrations, the rows
per model and the SHA-256 of every other member. The manifest comes last so
that nothing has to be held back: each checksum is known once its member is
written. A restore reads the archive twice: once to check it whole, then to
load it.
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from wiki import generations
from wiki.models import SearchEntry
from wiki.search import backends

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


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, which
    would reorder what happened within one."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Hashing(io.RawIOBase):
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


def _connection():
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
    recorder = MigrationRecorder(_connection())
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


# Dump


def _rows(model):
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


def _add(archive, name, file, size, sums) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = _Hashing(file)
    archive.addfile(info, reader)
    sums[name] = reader.sha256.hexdigest()


def _dump_model(archive, model, sums) -> int:
    rows, fields = _rows(model)
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    with tempfile.SpooledTemporaryFile(max_size=8 * 2**20) as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
        serializers.serialize(
            "jsonl", counted(), stream=text, fields=fields, cls=_Exact
        )
        text.flush()
        size = spool.tell()
        spool.seek(0)
        _add(archive, f"{DB}{model._meta.label_lower}.jsonl", spool, size, sums)
        text.detach()
    return count


@contextmanager
def _snapshot():
    """One transaction for every read: on PostgreSQL a repeatable-read one,
    so that every table is read as it stood at the first query (inside a
    caller's transaction, that transaction's view). On SQLite the transaction
    takes the write lock, so edits wait for the dump."""
    connection = _connection()
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


def dump(path: Path, storage=default_storage) -> Summary:
    """Write the whole wiki to `path`, replacing it only once all is written;
    the archive holds password hashes, so only its owner may read it."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    summary, sums, counts = Summary(), {}, {}
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(fd, "wb") as out,
            tarfile.open(fileobj=out, mode="w|gz", compresslevel=6) as archive,
        ):
            with _snapshot():
                for model in backed_up_models():
                    counts[model._meta.label_lower] = _dump_model(archive, model, sums)
                migrations = applied_migrations()
                for name in media_names(storage):
                    size = storage.size(name)
                    with storage.open(name, "rb") as file:
                        _add(archive, MEDIA + name, file, size, sums)
                    summary.files += 1
                    summary.bytes += size
            summary.manifest = {
                "format": FORMAT,
                "release": settings.WIKI_RELEASE,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "database": _connection().vendor,
                "migrations": migrations,
                "counts": counts,
                "members": sums,
            }
            data = json.dumps(summary.manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    summary.rows, summary.models = sum(counts.values()), len(counts)
    return summary


# Restore


def _members(path: Path):
    """(member, its file) in archive order, each file read once, in turn."""
    with open(path, "rb") as raw, tarfile.open(fileobj=raw, mode="r|gz") as tar:
        for member in tar:
            if not member.isfile():
                raise BackupError(f"{member.name} in the archive is not a file.")
            yield member, tar.extractfile(member)


def _digest(file) -> str:
    sha256 = hashlib.sha256()
    while data := file.read(2**20):
        sha256.update(data)
    return sha256.hexdigest()


def check_archive(path: Path) -> dict:
    """The archive's manifest, once every member is found whole and the
    format known; a BackupError says what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    manifest, sums = None, {}
    try:
        for member, file in _members(path):
            if member.name == MANIFEST:
                manifest = json.load(file)
            else:
                sums[member.name] = _digest(file)
    except ValueError as error:
        raise BackupError(f"The manifest cannot be read ({error}).") from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{path} is not a whole backup archive: it may be truncated ({error})."
        ) from None
    if not isinstance(manifest, dict):
        raise BackupError(f"{path} holds no manifest: it is not a wiki backup.")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"The archive is in format {manifest.get('format')!r}; this release "
            f"reads format {FORMAT}."
        )
    if not all(isinstance(manifest.get(k), t) for k, t in SHAPE.items()):
        raise BackupError("The manifest lacks the members, counts or migrations.")
    listed = manifest["members"]
    if bad := sorted(
        n for n in listed.keys() | sums.keys() if listed.get(n) != sums.get(n)
    ):
        raise BackupError(
            "The archive is damaged: the checksum of "
            f"{', '.join(bad[:5])}{' …' if len(bad) > 5 else ''} does not match "
            "its manifest (or the member is missing)."
        )
    if unknown := [n for n in manifest["counts"] if f"{DB}{n}.jsonl" not in sums]:
        raise BackupError(f"The archive lacks the rows of {', '.join(unknown)}.")
    return manifest


def check_migrations(manifest: dict) -> None:
    """The database must be migrated, by the same migrations as the archive's."""
    connection = _connection()
    executor = MigrationExecutor(connection)
    if plan := executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            f"The database lacks {len(plan)} of this release's migrations: run "
            "`manage.py migrate` first."
        )
    archived = {tuple(m) for m in manifest["migrations"]}
    here = {tuple(m) for m in applied_migrations()}
    if archived != here:
        only_there = ", ".join(".".join(m) for m in sorted(archived - here)[:5])
        only_here = ", ".join(".".join(m) for m in sorted(here - archived)[:5])
        raise BackupError(
            "The archive was made with other migrations than this release's "
            f"(only in the archive: {only_there or 'none'}; only here: "
            f"{only_here or 'none'}). Restore it with the release that made it "
            f"({manifest.get('release', 'unknown')}), then upgrade."
        )


def content_counts() -> dict[str, int]:
    """Rows in the database that `migrate` does not write."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in MIGRATION_MADE or label == "wiki.contentgeneration":
            continue
        if model._meta.managed and not model._meta.proxy:
            if count := model._base_manager.using(DEFAULT_DB_ALIAS).count():
                counts[label] = count
    return counts


def check_empty(storage=default_storage) -> None:
    if counts := content_counts():
        held = ", ".join(f"{n} {label}" for label, n in sorted(counts.items())[:5])
        raise BackupError(
            f"The database holds content ({held}…): a backup is only restored "
            "into a new, migrated database."
        )
    if name := next(media_names(storage), None):
        raise BackupError(
            f"The media storage holds files ({name}…): a backup is only restored "
            "into an empty one."
        )


def _clear_migration_made() -> None:
    models = [apps.get_model(label) for label in MIGRATION_MADE]
    tables = {m._meta.db_table for m in models}
    tables |= {
        f.remote_field.through._meta.db_table
        for m in models
        for f in m._meta.many_to_many
    }
    connection = _connection()
    # DELETE, not TRUNCATE: PostgreSQL refuses to truncate in a transaction
    # that has written rows pointing at the table. Foreign keys are deferred,
    # so the order does not matter; tables that point at these are empty.
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def _load_rows(model, file, expected: int) -> int:
    count = 0
    links = {}  # many-to-many rows, by table, written in batches
    text = io.TextIOWrapper(file, encoding="utf-8")
    for item in serializers.deserialize("jsonl", text, using=DEFAULT_DB_ALIAS):
        if type(item.object) is not model:
            raise BackupError(f"A row of {model._meta.label} holds another model.")
        item.object.save_base(raw=True, force_insert=True, using=DEFAULT_DB_ALIAS)
        for name, pks in item.m2m_data.items():
            related = model._meta.get_field(name)
            through = related.remote_field.through
            own, other = related.m2m_field_name(), related.m2m_reverse_field_name()
            links.setdefault(through, []).extend(
                through(**{f"{own}_id": item.object.pk, f"{other}_id": pk})
                for pk in pks
            )
        count += 1
    text.detach()  # the caller reads on
    for through, rows in links.items():
        through._base_manager.using(DEFAULT_DB_ALIAS).bulk_create(
            rows, batch_size=CHUNK
        )
    if count != expected:
        raise BackupError(
            f"The archive holds {count} rows of {model._meta.label}, its manifest "
            f"{expected}."
        )
    return count


def _reindex_search() -> None:
    """Full-text indexes are derived from the entries' rows: PostgreSQL's
    vector column, SQLite's FTS5 table."""
    chunk = []
    for entry in (
        SearchEntry.objects.using(DEFAULT_DB_ALIAS)
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    ):
        chunk.append(entry)
        if len(chunk) == CHUNK:
            backends.index_many(chunk)
            chunk = []
    backends.index_many(chunk)


def _load(path: Path, manifest: dict, storage, written: list) -> Summary:
    summary = Summary(manifest=manifest)
    counts, sums = manifest["counts"], manifest["members"]
    loaded = []
    for member, file in _members(path):
        reader = _Hashing(file)
        if member.name.startswith(DB):
            model = apps.get_model(member.name[len(DB) : -len(".jsonl")])
            label = model._meta.label_lower
            summary.rows += _load_rows(model, reader, counts[label])
            loaded.append(model)
        elif member.name.startswith(MEDIA):
            name = member.name[len(MEDIA) :]
            content = File(reader, name=name)
            content.size = member.size
            stored = storage.save(name, content)
            written.append(stored)
            if stored != name:
                raise BackupError(f"The media storage renamed {name} to {stored}.")
            summary.files += 1
            summary.bytes += member.size
        else:
            continue
        _digest(reader)  # whatever the reader left
        if reader.sha256.hexdigest() != sums[member.name]:
            raise BackupError(f"{member.name} changed while it was restored.")
    summary.models = len(loaded)
    connection = _connection()
    connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(statement)
    return summary


def restore(path: Path, storage=default_storage) -> Summary:
    """Load an archive into an empty, migrated database and an empty media
    storage, all or nothing: the archive, the migrations and the emptiness
    are checked first, and a failure leaves the database and the storage as
    they were."""
    manifest = check_archive(path)
    check_migrations(manifest)
    check_empty(storage)
    written = []
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            _clear_migration_made()
            summary = _load(Path(path), manifest, storage, written)
            _reindex_search()
            generations.content_changed()
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    finally:
        ContentType.objects.clear_cache()
    return summary
