import io
import json
import tarfile

import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from exchange.backups import archive as backup_archive
from exchange.backups import restoring
from tests.factories import make_revised_page, make_user
from tests.multimedia.images import make_image
from wiki import services
from wiki.models import ContentGeneration, Page

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase"  # noqa: S105


def _rows():
    """Every backed-up row, as Django's serialiser sees it."""
    rows = {}
    for model in backup_archive.backed_up_models():
        queryset, fields = backup_archive.rows_of(model)
        rows[model._meta.label_lower] = serializers.serialize(
            "python", queryset, fields=fields
        )
    return rows


def _files():
    return {
        name: default_storage.open(name).read()
        for name in backup_archive.media_names(default_storage)
    }


def _empty_site():
    """Make the site what `migrate` leaves: no content, no files."""
    keep = backup_archive.MIGRATION_MADE | {"wiki.contentgeneration"}
    models = [
        m
        for m in backup_archive.backed_up_models() + [Group.user_set.through]
        if m._meta.label_lower not in keep
    ]
    tables = {m._meta.db_table for m in models}
    tables |= {
        f.remote_field.through._meta.db_table
        for m in models
        for f in m._meta.many_to_many
        if f.remote_field.through._meta.auto_created
    }
    with connection.cursor() as cursor:
        for table in tables:  # foreign keys are checked at the end
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM wiki_search_fts")
    for name in list(backup_archive.media_names(default_storage)):
        default_storage.delete(name)
    assert restoring.content_counts() == {}


def test_a_migrated_database_counts_as_empty():
    restoring.check_empty()


def test_the_seed_with_edits_and_uploads_comes_back_whole(seeded, client, tmp_path):
    trish = make_user(username="trish", password=PASSWORD)
    reviewers = Group.objects.create(name="Reviewers")
    trish.groups.add(reviewers)
    page = services.typed(Page.objects.get(slug="kilgrave"))
    services.revise_page(
        page=page,
        author=trish,
        changes=services.snapshot(page)
        | {"body": page.body + "\n\nSeen on a rooftop in Midtown."},
        base_revision=page.current_revision,
        summary="A sighting",
    )
    image = make_image(title="Trish on air", author=trish)
    before, files = _rows(), _files()
    generation = ContentGeneration.objects.value()
    archive = tmp_path / "wiki.tar.gz"

    call_command("dump_wiki", archive, stdout=io.StringIO())
    _empty_site()
    out = io.StringIO()
    call_command("restore_wiki", archive, stdout=out)

    assert archive.stat().st_mode & 0o077 == 0  # password hashes: owner only
    assert "Restored" in out.getvalue()
    after = _rows()
    assert after.keys() == before.keys()
    for label, rows in before.items():
        assert after[label] == rows, label
    assert _files() == files and any(n.startswith("images/") for n in files)
    assert ContentGeneration.objects.value() > generation
    assert client.login(username="trish", password=PASSWORD)
    assert client.get(page.get_absolute_url()).status_code == 200
    assert "Seen on a rooftop in Midtown" in client.get(page.get_absolute_url()).text
    assert client.get(image.get_absolute_url()).status_code == 200
    assert "Kilgrave" in client.get("/search/", {"q": "rooftop midtown"}).text
    make_user(username="after")  # new rows take ids past the restored ones
    make_revised_page(title="After the restore")


@pytest.fixture
def archive(tmp_path):
    """A small wiki dumped, then emptied: what a restore starts from."""
    make_revised_page(title="Alias Investigations")
    make_image(author=make_user(username="trish"))
    path = tmp_path / "small.tar.gz"
    call_command("dump_wiki", path, stdout=io.StringIO())
    _empty_site()
    return path


def _repack(path, change):
    """Rewrite the archive with `change(name, data)` applied to each member."""
    with tarfile.open(path) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def _damage_a_row(path):
    def change(name, data):
        return (
            data.replace(b"Alias", b"Alibi") if name == "db/wiki.page.jsonl" else data
        )

    _repack(path, change)


def _other_migrations(path):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append(["wiki", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    _repack(path, change)


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _drop_the_manifest(path):
    with tarfile.open(path) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members[:-1]:
            tar.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_damage_a_row, "checksum of db/wiki.page.jsonl does not match"),
        (_other_migrations, "other migrations than this release's"),
        (_truncate, "not a whole backup archive"),
        (_drop_the_manifest, "holds no manifest"),
    ],
)
def test_a_bad_archive_is_refused_and_nothing_is_written(archive, damage, message):
    damage(archive)

    with pytest.raises(CommandError, match=message):
        call_command("restore_wiki", archive)

    assert restoring.content_counts() == {}
    assert _files() == {}


def test_a_database_with_content_is_refused(archive):
    page = make_revised_page(title="Written meanwhile")

    with pytest.raises(CommandError, match="database holds content"):
        call_command("restore_wiki", archive)

    assert list(Page.objects.values_list("pk", flat=True)) == [page.pk]
    assert _files() == {}


def test_a_media_storage_with_files_is_refused(archive):
    default_storage.save("images/stray.png", ContentFile(b"stray"))

    with pytest.raises(CommandError, match=r"media storage holds files \(images/"):
        call_command("restore_wiki", archive)

    assert restoring.content_counts() == {}
    assert list(_files()) == ["images/stray.png"]


def test_check_reads_the_archive_without_restoring(archive):
    out = io.StringIO()
    call_command("restore_wiki", archive, "--check", stdout=out)

    assert "is whole" in out.getvalue()
    assert restoring.content_counts() == {}
