import pytest
from django.core.cache import cache
from django.core.management import BaseCommand, call_command
from django.core.signals import request_finished, request_started
from django.db import connection

from tests import snapshots
from tests.factories import make_large_series
from tests.invalidation_guard import Guard


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages never leak from one test to another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _invalidation_guard(monkeypatch):
    """Fail a test whose requests or commands write content without
    invalidating what shows it (tests/invalidation_guard.py)."""
    guard = Guard()

    def started(sender, environ=None, **kwargs):
        environ = environ or {}
        guard.start(f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}")

    def finished(sender, **kwargs):
        guard.finish()

    run = BaseCommand.execute

    def execute(self, *args, **options):
        outer = guard.window is None
        if outer:
            guard.start(f"manage.py {type(self).__module__.rsplit('.', 1)[-1]}")
        try:
            return run(self, *args, **options)
        finally:
            if outer:
                guard.finish()

    request_started.connect(started, weak=False, dispatch_uid="invalidation-guard")
    request_finished.connect(finished, weak=False, dispatch_uid="invalidation-guard")
    monkeypatch.setattr(BaseCommand, "execute", execute)
    try:
        with connection.execute_wrapper(guard):
            yield guard
    finally:
        request_started.disconnect(dispatch_uid="invalidation-guard")
        request_finished.disconnect(dispatch_uid="invalidation-guard")
    assert not guard.failures, "\n".join(guard.failures)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what a commit runs (tests' transactions never commit), such as
    starting a new content generation for the caches of rendered pages."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Rate limits count in fixed windows: a minute turning mid-test would
    reset the count, so the clock stands still."""
    monkeypatch.setattr("wiki.ratelimit.time.time", lambda: 1_800_000_000.0)


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker):
    """The rows the seed command writes, loaded once per test process."""
    with django_db_blocker.unblock():
        return snapshots.take(lambda: call_command("load_seed", verbosity=0))


@pytest.fixture
def seeded(db, seed_snapshot):
    """The Jessica Jones seed content, as the real command loads it. Ask for
    it before fixtures that write rows: its ids must still be free."""
    snapshots.restore(seed_snapshot)


@pytest.fixture
def large_series(db):
    """10 seasons × 20 episodes with credits on every episode."""
    return make_large_series()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "correct horse battery staple"
    )
    client.force_login(user)
    return client
