"""Writing the whole wiki to one archive."""

import datetime
import io
import json
import os
import tarfile
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, transaction

from exchange.backups.archive import (
    DB,
    FORMAT,
    MANIFEST,
    MEDIA,
    Hashing,
    Summary,
    applied_migrations,
    backed_up_models,
    database,
    media_names,
    rows_of,
)


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, which
    would reorder what happened within one."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _add(archive, name, file, size, sums) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = Hashing(file)
    archive.addfile(info, reader)
    sums[name] = reader.sha256.hexdigest()


def _dump_model(archive, model, sums) -> int:
    rows, fields = rows_of(model)
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
    connection = database()
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
                "database": database().vendor,
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
