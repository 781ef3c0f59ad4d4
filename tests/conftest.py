import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests import snapshots
from tests.factories import make_large_series


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages never leak from one test to another."""
    cache.clear()
    yield
    cache.clear()


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
