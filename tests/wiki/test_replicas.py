"""
Reads from a replica, writes to the primary, and whoever wrote reads the
primary for a while (wiki/replicas.py). The replica is a test mirror of the
default database: tests commit, so that what one connection writes the other
reads, and count each connection's queries.
"""

import json
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from tests.factories import make_revised_page, make_user
from wiki import replicas, services
from wiki.models import ContentGeneration, Page
from wiki.models.generation import ContentGenerationQuerySet

# What one connection commits, the other reads; flushing after costs a second
# or two on PostgreSQL, so only the tests that read through both commit.
committing = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def _replica(settings):
    settings.WIKI_READ_REPLICAS = ["replica1"]
    settings.DATABASE_ROUTERS = ["wiki.replicas.ReplicaRouter"]


@pytest.fixture
def contributor(client):
    # Roles come from a data migration, which a committing test's flush undoes.
    user = make_user(username="contributor", role=None)
    user.user_permissions.add(Permission.objects.get(codename="edit_pages"))
    client.force_login(user)
    return user


@contextmanager
def _queries():
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        yield primary, replica


def _sql(captured):
    return [query["sql"] for query in captured.captured_queries]


def _in_request(check, **cookies):
    """What `check()` answers inside a request through the middleware."""
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies)
    answers = []

    def view(request):
        answers.append(check())
        return HttpResponse()

    replicas.ReplicaMiddleware(view)(request)
    return answers[0]


def _edit(client, page, body):
    page.refresh_from_db()
    data = services.snapshot(services.typed(page)) | {"body": body}
    data = {key: "" if value is None else value for key, value in data.items()}
    data |= {"base_revision": page.current_revision_id, "summary": "Replicas"}
    return client.post(f"/wiki/{page.slug}/edit/", data)


@committing
def test_an_anonymous_reader_reads_from_the_replica(client):
    page = make_revised_page(
        title="Alias Investigations", body="The firm of Jessica Jones."
    )

    with _queries() as (primary, replica):
        response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    assert "The firm of Jessica Jones." in response.text
    assert _sql(primary) == []
    assert replica.captured_queries
    assert "pin" not in response.cookies


@committing
def test_an_editor_reads_the_primary_until_the_pin_runs_out(
    client, contributor, monkeypatch
):
    page = make_revised_page(title="Alias Investigations", body="First text.")

    with _queries() as (primary, replica):
        saved = _edit(client, page, "Second text.")

    assert saved.status_code == 302
    assert any(sql.startswith(WRITES) for sql in _sql(primary))
    assert not any(sql.startswith(WRITES) for sql in _sql(replica))
    pin = saved.cookies["pin"]
    assert pin["max-age"] == 10
    assert pin["httponly"] and pin["samesite"] == "Lax"
    with _queries() as (primary, replica):
        shown = client.get(page.get_absolute_url())
    assert "Second text." in shown.text
    assert _sql(replica) == []
    assert primary.captured_queries
    until = int(pin.value)
    # The test client keeps cookies past their max-age: the server decides.
    monkeypatch.setattr(replicas.time, "time", lambda: until + 0.5)

    with _queries() as (primary, replica):
        shown = client.get(page.get_absolute_url())

    assert "Second text." in shown.text
    assert "pin" not in shown.cookies  # reading pins no one
    assert replica.captured_queries
    # The session, which is always read from the primary.
    assert all("django_session" in sql for sql in _sql(primary))


@pytest.mark.django_db
def test_a_request_that_fails_to_write_sets_no_pin(client, contributor):
    page = make_revised_page(title="Alias Investigations", body="First text.")
    page.refresh_from_db()

    refused = client.post(
        f"/wiki/{page.slug}/edit/", {"base_revision": page.current_revision_id}
    )

    assert refused.status_code == 400
    assert "pin" not in refused.cookies


def test_a_pin_that_is_no_time_is_no_pin():
    assert _in_request(lambda: router.db_for_read(Page), pin="x") == "replica1"


def test_writes_go_to_the_primary_and_the_rest_of_the_request_reads_it():
    def write_then_read():
        before = router.db_for_read(Page)
        return before, router.db_for_write(Page), router.db_for_read(Page)

    assert _in_request(write_then_read) == ("replica1", "default", "default")
    assert router.db_for_write(Page) == "default"


@committing
def test_reads_in_a_transaction_read_the_primary():
    def read_in_and_out():
        with transaction.atomic():
            inside = router.db_for_read(Page)
        return inside, router.db_for_read(Page)

    assert _in_request(read_in_and_out) == ("default", "replica1")


@pytest.mark.parametrize("model", [Session, DBTaskResult, ContentGeneration])
def test_records_that_decide_correctness_are_read_from_the_primary(model):
    assert _in_request(lambda: router.db_for_read(model)) == "default"


def test_a_pinned_request_reads_the_primary_throughout():
    until = str(int(replicas.time.time()) + 5)

    assert _in_request(lambda: router.db_for_read(Page), pin=until) == "default"


def test_outside_requests_everything_reads_the_primary():
    assert router.db_for_read(Page) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "wiki")
    assert not router.allow_migrate("replica1", "wiki")


def test_rows_read_from_a_replica_relate_to_rows_of_the_primary():
    primary, replica, elsewhere = Page(), Page(), Page()
    primary._state.db, replica._state.db, elsewhere._state.db = (
        "default",
        "replica1",
        "archive",
    )

    assert router.allow_relation(primary, replica)
    assert not router.allow_relation(replica, elsewhere)


@committing
def test_no_reader_is_given_a_page_from_before_an_edit_while_the_replica_lags(
    client, settings, monkeypatch
):
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    page = make_revised_page(title="Alias Investigations", body="First text.")
    assert "First text." in client.get(page.get_absolute_url()).text
    services.revise_page(
        page=page,
        author=make_user(role=None),
        changes=services.snapshot(page) | {"body": "Second text."},
        base_revision=page.current_revision,
    )
    # The replica has not yet replayed the edit, nor the tick that stamped it.
    state = ContentGenerationQuerySet.state
    value, tick = ContentGeneration.objects.using("default").state()
    monkeypatch.setattr(
        ContentGenerationQuerySet,
        "state",
        lambda self: (value, tick - 1) if self.db == "replica1" else state(self),
    )

    with _queries() as (primary, replica):
        shown = client.get(page.get_absolute_url())

    assert "Second text." in shown.text
    assert shown["X-Page-Cache"] == "miss"
    assert _sql(replica) == []  # nothing rendered from the lagging replica
    assert primary.captured_queries
    again = client.get(page.get_absolute_url())
    assert again["X-Page-Cache"] == "hit" and "Second text." in again.text


@committing
def test_a_replica_that_caught_up_renders_pages_for_the_cache(client, settings):
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    page = make_revised_page()

    with _queries() as (primary, replica):
        shown = client.get(page.get_absolute_url())

    assert shown["X-Page-Cache"] == "miss"
    assert len(replica.captured_queries) > 1
    assert all("wiki_contentgeneration" in sql for sql in _sql(primary))


PRINT_DATABASES = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'databases': settings.DATABASES, "
    "'routers': settings.DATABASE_ROUTERS, "
    "'replicas': settings.WIKI_READ_REPLICAS}, default=str))"
)


def _settings(**env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environ |= {"DJANGO_SETTINGS_MODULE": "wiki.settings"} | env
    return subprocess.run(
        [sys.executable, "-c", PRINT_DATABASES],
        env=environ, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_each_replica_url_is_an_alias_set_up_as_the_primary():
    ran = _settings(
        DATABASE_URL="postgres://wiki@db.example:5432/wiki",
        DATABASE_PREPARE_THRESHOLD="3",
        CONN_MAX_AGE="30",
        DATABASE_REPLICA_URLS="postgres://wiki@r1.example:5432/wiki,"
        "postgres://wiki@r2.example:5433/wiki?sslmode=require",
    )
    found = json.loads(ran.stdout)

    assert found["replicas"] == ["replica1", "replica2"]
    assert found["routers"] == ["wiki.replicas.ReplicaRouter"]
    first, second = found["databases"]["replica1"], found["databases"]["replica2"]
    assert (first["HOST"], second["HOST"], second["PORT"]) == (
        "r1.example",
        "r2.example",
        5433,
    )
    for replica in (first, second):
        assert replica["ENGINE"] == "django.db.backends.postgresql"
        assert replica["CONN_MAX_AGE"] == 30 and replica["CONN_HEALTH_CHECKS"]
        assert replica["OPTIONS"]["prepare_threshold"] == 3
        assert replica["OPTIONS"]["server_side_binding"] is True
    assert second["OPTIONS"]["sslmode"] == "require"
    assert "sslmode" not in found["databases"]["default"]["OPTIONS"]


def test_without_replicas_there_is_no_router():
    from wiki import settings as site  # as read, before the fixture above

    assert site.WIKI_READ_REPLICAS == []
    assert not hasattr(site, "DATABASE_ROUTERS")


def test_a_replica_of_another_kind_of_database_is_refused():
    ran = _settings(
        DATABASE_URL="postgres://wiki@db.example:5432/wiki",
        DATABASE_REPLICA_URLS="mysql://wiki@r1.example/wiki",
    )

    assert ran.returncode != 0
    assert "Replica 1 is not a copy of the primary" in ran.stderr
