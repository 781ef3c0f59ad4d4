"""Each chart costs one query, whatever the size of the data: the pages that
draw them are measured on the story, then on two generated wikis, a small one
and one forty times its size, with ties around the character measured."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import Size, generate
from characters.models import Character, Relation
from credits.models import CastCredit
from episodes.models import Season, Series
from tests.charts import reading

pytestmark = pytest.mark.django_db

SMALL = Size(
    series=1, seasons=2, episodes=4, characters=10, people=20,
    credits=60, articles=1, revisions=1,
)  # fmt: skip
LARGER = Size(
    series=1, seasons=4, episodes=13, characters=150, people=300,
    credits=2_400, articles=1, revisions=1,
)  # fmt: skip
KINDS = ["mother", "father", "sister", "brother", "partner", "son", "daughter"]


def test_the_story_pages_stay_within_their_budgets(
    client, story, django_assert_max_num_queries
):
    for page, budget, chart in [
        (story.seasons[0], 10, "grid"),
        (story.jessica, 9, "family"),
        (story.kilgrave, 9, "strip"),
        (story.krysten, 9, "work"),
    ]:
        with django_assert_max_num_queries(budget):
            html = client.get(page.get_absolute_url()).text
        assert reading.has_chart(html, chart), page


def _wiki(size, prefix, ties):
    """A generated wiki, and the pages to measure in it: its second season, the
    first character, with `ties` relations around it (and between
    those it is tied to), and the person who plays it."""
    generate(size, prefix=prefix)
    series = Series.objects.get(slug__startswith=prefix)
    season = Season.objects.get(series=series, number=2)
    characters = list(Character.objects.filter(series=series).order_by("pk"))
    character = characters[0]
    others = characters[1 : ties + 1]
    for index, other in enumerate(others):
        Relation.objects.create(
            subject=other, kind=KINDS[index % len(KINDS)], other=character
        )
    for one, two in zip(others, others[1:], strict=False):
        Relation.objects.create(subject=one, kind="sibling", other=two)
    person = CastCredit.objects.filter(character=character).first().person
    return [season, character, person]


def _counts(client, pages):
    counts = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("progress", ["everything", "S2E3"])
def test_the_charts_queries_do_not_grow_with_the_data(client, progress):
    client.cookies["progress"] = progress
    small = _wiki(SMALL, "small", ties=2)
    small_counts = _counts(client, small)
    larger = _wiki(LARGER, "larger", ties=30)

    html = [client.get(page.get_absolute_url()).text for page in larger]
    assert reading.has_chart(html[0], "grid")
    assert reading.has_chart(html[1], "strip")
    assert reading.has_chart(html[1], "family")
    assert reading.has_chart(html[2], "work")
    assert _counts(client, larger) == small_counts
    assert max(small_counts) <= 12
