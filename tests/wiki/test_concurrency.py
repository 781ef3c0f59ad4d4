"""
Concurrent saves of one page, from threads with their own database
connections. PostgreSQL runs these in CI; SQLite's in-memory test database
cannot be shared between connections, so they are skipped there, saying so.
"""

import threading

import pytest
from django.db import connection, connections

from tests.factories import make_revised_page, make_user
from wiki import services
from wiki.models import Revision

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database that several connections share (CI: PostgreSQL)",
    ),
]


def _race(page, base, authors, bodies):
    results, barrier = [None] * len(authors), threading.Barrier(len(authors))

    def save(index):
        try:
            barrier.wait()
            results[index] = services.revise_page(
                page=page,
                author=authors[index],
                changes=services.snapshot(page) | {"body": bodies[index]},
                base_revision=base,
            )
        except services.EditConflict as conflict:
            results[index] = conflict
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(authors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_saves_from_one_base_make_one_revision_and_one_conflict():
    page = make_revised_page(body="Start.")
    base = page.current_revision
    authors = [make_user(username=f"racer{n}", role=None) for n in range(6)]

    results = _race(page, base, authors, [f"Body {n}" for n in range(6)])

    saved = [r for r in results if isinstance(r, Revision)]
    conflicts = [r for r in results if isinstance(r, services.EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 5
    page.refresh_from_db()
    assert page.current_revision_id == saved[0].pk
    assert page.body == saved[0].data["body"]
    assert Revision.objects.filter(parent=base).count() == 1
    assert page.revisions.count() == 2


def test_concurrent_saves_of_different_fields_all_merge():
    page = make_revised_page(body="Start.")
    base = page.current_revision
    changes = [
        {"body": "New body."},
        {"sources": "https://example.org/source"},
        {"published_on": "2018-03-08"},
        {"article_type": "organisation"},
    ]
    authors = [make_user(username=f"writer{n}", role=None) for n in range(len(changes))]

    def save(index):
        try:
            services.revise_page(
                page=page,
                author=authors[index],
                changes=base.data | changes[index],
                base_revision=base,
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(changes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    page.refresh_from_db()
    assert page.body == "New body."
    assert page.sources == "https://example.org/source"
    assert str(page.published_on) == "2018-03-08"
    assert page.article_type == "organisation"
    numbers = list(page.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5]
    assert page.current_revision.number == 5
    assert page.revisions.values("parent").distinct().count() == 5
