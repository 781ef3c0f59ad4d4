"""Health checks: /healthz asks nothing but the process, /readyz the
database, the cache and the migrations; neither is ever cached."""

import pytest
from django.db import OperationalError

from wiki.views import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unmigrated(monkeypatch):
    """Each test learns the migrations' state afresh."""
    monkeypatch.setattr(health, "_migrated", False)


def test_healthz_answers_without_asking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200 and response.text == "ok\n"
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_readyz_says_ready_when_everything_answers(
    client, django_assert_max_num_queries
):
    first = client.get("/readyz")
    # Then the migrations are known applied: one query, the database's.
    with django_assert_max_num_queries(1):
        second = client.get("/readyz")

    for response in (first, second):
        assert response.status_code == 200
        assert response.json() == {
            "ready": True,
            "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
        }
        assert "no-store" in response["Cache-Control"]
        assert "X-Page-Cache" not in response


def test_readyz_is_not_ready_with_migrations_to_apply(client, monkeypatch):
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: ["one"]
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


def test_readyz_is_not_ready_when_the_cache_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(health.caches["default"], "set", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "unreachable",
        "migrations": "ok",
    }


def test_readyz_is_not_ready_when_the_database_fails(client, monkeypatch):
    class Broken:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connections", {"default": Broken()})

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "unreachable",
        "cache": "ok",
        "migrations": "unknown",
    }
