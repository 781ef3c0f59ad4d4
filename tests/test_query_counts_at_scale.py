"""Every page costs the same number of queries whatever the size of the wiki:
measured on a synthetic wiki of about a hundred rows a table, then on one of
about ten thousand, and never above 12."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.synthetic import Size, generate
from characters.models import Character
from credits.models import Person
from episodes.models import Episode, Season, Series
from wiki.models import Article

CEILING = 12
SMALL = Size(
    series=1, seasons=2, episodes=5, characters=20, people=40,
    credits=100, articles=30, revisions=100,
)  # fmt: skip
LARGE = Size(
    series=2, seasons=5, episodes=20, characters=500, people=1000,
    credits=10_000, articles=2_000, revisions=10_000,
)  # fmt: skip


def _addresses(prefix):
    """One page of each kind (and each index) from one generated wiki."""
    series = Series.objects.filter(slug__startswith=prefix).order_by("pk").last()
    season = Season.objects.filter(series=series).order_by("number").last()
    episode = Episode.objects.filter(season=season).order_by("number").last()
    character = Character.objects.filter(series=series).order_by("pk").last()
    person = Person.objects.filter(slug__startswith=prefix).order_by("pk").first()
    article = Article.objects.filter(slug__startswith=prefix).order_by("pk").last()
    return {
        "home": "/",
        "series": series.get_absolute_url(),
        "guide": f"/series/{series.slug}/episodes/",
        "season": season.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "character": character.get_absolute_url(),
        "person": person.get_absolute_url(),
        "article": article.get_absolute_url(),
        "history": f"/wiki/{article.slug}/history/",
        "links": f"/wiki/{character.slug}/links/",
        "characters": "/characters/",
        "people": "/people/",
        "all pages": "/wiki/",
        "category": "/categories/characters/",
        "search": "/search/?q=amber+harbour",
        "suggest": "/search/suggest/?q=amber",
        "recent changes": "/changes/",
        "changes feed": "/changes/feed/",
        "new pages feed": "/feeds/new/",
        "api episodes": f"/api/episodes?series={series.slug}",
        "api character": f"/api/characters/{character.slug}",
    }


# Generated once (see small_counts), on one process; run once, on SQLite: the
# same budgets hold on PostgreSQL, where tests/wiki tests them page by page.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.at_scale,
    pytest.mark.xdist_group("at_scale"),
]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def small_counts(django_db_setup, django_db_blocker):
    """Both wikis, generated once for the module and rolled back after it:
    the small one first, its pages counted before the large one exists."""
    with django_db_blocker.unblock(), transaction.atomic():
        generate(SMALL, prefix="small")
        client = Client()
        counts = {
            name: _count(client, url) for name, url in _addresses("small").items()
        }
        generate(LARGE, prefix="large", seed=2)
        yield counts
        transaction.set_rollback(True)


# One test, not two: a module's fixture is made again whenever the process
# runs another module's test in between, and generating the wikis is most
# of this file's time.
def test_query_counts_do_not_grow_with_the_wiki_with_or_without_progress(
    client, small_counts
):
    large = {name: _count(client, url) for name, url in _addresses("large").items()}

    assert large == small_counts
    assert max(large.values()) <= CEILING, large

    series = Series.objects.filter(slug__startswith="large").order_by("pk").last()
    client.cookies["progress"] = f"{series.pk}:S2E3"
    staged = {name: _count(client, url) for name, url in _addresses("large").items()}

    assert max(staged.values()) <= CEILING, staged
