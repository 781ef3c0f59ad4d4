"""Loading an archive into an empty site, after checking both."""

import io
import json
import tarfile
import zlib
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.migrations.executor import MigrationExecutor

from exchange.backups.archive import (
    CHUNK,
    DB,
    FORMAT,
    MANIFEST,
    MEDIA,
    MIGRATION_MADE,
    SHAPE,
    BackupError,
    Hashing,
    Summary,
    applied_migrations,
    database,
    digest,
    media_names,
    members,
)
from wiki import invalidation
from wiki.models import SearchEntry
from wiki.search import backends


def check_archive(path: Path) -> dict:
    """The archive's manifest, once every member is found whole and the
    format known; a BackupError says what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    manifest, sums = None, {}
    try:
        for member, file in members(path):
            if member.name == MANIFEST:
                manifest = json.load(file)
            else:
                sums[member.name] = digest(file)
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
    tables = {f"{DB}{label}.jsonl" for label in manifest["counts"]}
    if tables != {n for n in sums if n.startswith(DB)}:
        raise BackupError("The archive's tables are not those its manifest counts.")
    return manifest


def check_migrations(manifest: dict) -> None:
    """The database must be migrated, by the same migrations as the archive's."""
    connection = database()
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
            f"The database holds content ({held}{' …' if len(counts) > 5 else ''}): "
            "a backup is only restored "
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
    connection = database()
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
    for member, file in members(path):
        reader = Hashing(file)
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
        digest(reader)  # whatever the reader left
        if reader.sha256.hexdigest() != sums[member.name]:
            raise BackupError(f"{member.name} changed while it was restored.")
    summary.models = len(loaded)
    connection = database()
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
            invalidation.everything_changed()
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    finally:
        ContentType.objects.clear_cache()
    return summary
