import pytest

from credits.models import Person
from tests.factories import make_crew_credit, make_episode, make_person

pytestmark = pytest.mark.django_db


def _every_page(client, url):
    """The text of an index and of each page after it."""
    texts, page = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={page}")
        texts.append(response.text)
        if f"page={page + 1}" not in response.text:
            return "".join(texts)
        page += 1


def test_the_people_index_lists_cast_and_crew(client, seeded):
    everyone = _every_page(client, "/people/")
    cast = _every_page(client, "/people/?show=cast")
    crew = _every_page(client, "/people/?show=crew")

    assert "Krysten Ritter" in everyone and "S. J. Clarkson" in everyone
    assert "Janet McTeer" in cast and "Anna Foerster" not in cast
    assert "Anna Foerster" in crew and "Janet McTeer" not in crew


def test_a_person_page_groups_credits_by_job_and_season(client, seeded):
    html = client.get("/people/krysten-ritter/").text

    assert "Main cast as" in html
    assert 'href="/characters/jessica-jones/"' in html
    assert "Director" in html
    assert 'href="/episodes/aka-youre-welcome/"' in html
    assert "Jessica Jones season 3" in html


def test_a_showrunner_page_lists_seasons_and_episodes(client, seeded):
    html = client.get("/people/melissa-rosenberg/").text

    assert "Showrunner" in html and "Writer" in html and "Executive producer" in html
    assert "AKA Ladies Night" in html and "A.K.A. Everything" in html
    assert "Whole season" in html and "Whole series" in html


@pytest.mark.parametrize(
    ("url", "budget"),
    # A person rendered afresh reads their row, then themselves in full for
    # the fragments (cached, one query: tests/wiki/test_fragments.py), and the
    # seasons its work chart spans.
    [("/people/", 4), ("/people/?show=crew", 4), ("{detail}", 9)],
)
def test_people_pages_stay_within_their_query_budget(
    client, large_series, django_assert_max_num_queries, url, budget
):
    person = Person.objects.get(title="Big Show director")
    url = url.format(detail=person.get_absolute_url())

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200
    assert person.title in response.text


def test_a_crew_only_person_shows_no_cast_count(client, db):
    person = make_person(title="Anna Foerster")
    make_crew_credit(person=person, episode=make_episode())

    html = client.get(person.get_absolute_url()).text

    assert "Cast credits" not in html
    assert "<dt>Director</dt><dd>1 credit</dd>" in html
